import DockerSimTestSupport
import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `layers`: the picture of the storage, computed from the engine.
@Suite struct LayersTests {
    /// The seed's commands up to the first `exit` of `contenedor1` (its writable layer at 5B).
    static let seedLines = [
        "pull josedom24/servidorweb:v1", "pull josedom24/servidorweb:v2", "pull ubuntu",
        "run -it --name contenedor1 ubuntu", "exit",
    ]

    static func seedSession() -> Session {
        let session = newSession()
        run(session, seedLines)
        return session
    }

    /// The second session of the seed: the file is written, the writable layer grows to 62B.
    static func writeTheFile(_ session: Session) {
        run(session, ["start contenedor1", "attach contenedor1", "echo \"00000000000000000\">file.txt", "exit"])
    }

    @Test func theSeedsImagesShareTheirTwoLowerLayers() throws {
        let session = Self.seedSession()
        let map = try StorageMap(engine: session.engine)
        #expect(map.columns.map(\.title) == ["josedom24/servidorweb:v1", "josedom24/servidorweb:v2", "ubuntu:latest"])
        let v1 = map.columns[0]
        let v2 = map.columns[1]
        #expect(v1.layers.count == 3 && v2.layers.count == 3)
        #expect(Array(v1.layers.prefix(2)) == Array(v2.layers.prefix(2)))
        #expect(v1.layers[2] != v2.layers[2])
        for chainID in v1.layers.prefix(2) {
            #expect(map.layers[chainID]?.columns == 0...1)
            #expect(map.layers[chainID]?.isShared == true)
        }
        #expect(map.layers[v1.layers[2]]?.columns == 0...0)
        #expect(map.layers[v2.layers[2]]?.columns == 1...1)
        // The numbers of `system df -v`.
        #expect(Units.humanSize(v1.sharedSize) == "186.8MB" && Units.humanSize(v2.sharedSize) == "186.8MB")
        #expect(Units.humanSize(v1.uniqueSize) == "22B" && Units.humanSize(v2.uniqueSize) == "25B")
        #expect(map.layers[v1.layers[2]]?.size == 22 && map.layers[v2.layers[2]]?.size == 25)
        #expect(map.columns[2].containers.map(\.name) == ["contenedor1"])
        #expect(map.columns[2].containers.first?.size == 5)
        #expect(map.columns[0].tree == map.columns[1].tree && map.columns[1].tree != map.columns[2].tree)
        #expect(map.layers[v1.layers[1]]?.createdBy.hasPrefix("RUN /bin/sh -c apt-get update") == true)
    }

    @Test func theStackFitsEightyColumnsAndShowsTheNumbers() {
        let session = Self.seedSession()
        let first = session.handle("layers")
        #expect(first.status == 0)
        #expect(first.stderr.isEmpty)
        let lines = first.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(first.stdout)")
        // v1 and v2 side by side on one shared box (the border under their own layers joins).
        #expect(first.stdout.contains("├──────────────────────────┴──────────────────────────┤"))
        #expect(first.stdout.contains("187MB = 186.8MB + 22B"))
        #expect(first.stdout.contains("187MB = 186.8MB + 25B"))
        #expect(first.stdout.contains("│ fb0af4237ed1  22B"))
        #expect(first.stdout.contains("│ 644caed4a4bb  25B"))
        #expect(first.stdout.contains("╎ contenedor1  5B "))
        #expect(first.stdout.contains("Containers      1         0         5B        5B (100%)"))
        Self.writeTheFile(session)
        let second = session.handle("layers")
        #expect(second.stdout.contains("╎ contenedor1  62B "))
        #expect(second.stdout.contains("Containers      1         0         62B       62B (100%)"))
        // Nothing but the layer changed: the same picture but for the container's line and the totals.
        let unchanged = { (text: String) in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter {
                !$0.contains("contenedor1") && !$0.hasPrefix("Containers ") && !$0.hasPrefix("  Containers ")
            }
        }
        #expect(unchanged(first.stdout) == unchanged(second.stdout))
    }

    @Test func aNarrowTerminalGetsTheTreeAndHowToSeeTheStack() {
        let session = Self.seedSession()
        session.columns = 60
        let output = session.handle("layers")
        #expect(output.stdout.hasPrefix("The stacked picture is 80 columns wide and the terminal has\n"))
        #expect(output.stdout.contains("layers --svg FILE"))
        #expect(
            output.stdout.contains(
                """
                ├─ layer fb0af4237ed1  22B  COPY index.html /var/www/html/
                │  image josedom24/servidorweb:v1  d0d75af6b8ec  187MB = 18…
                └─ layer 644caed4a4bb  25B  COPY index.html /var/www/html/
                """))
        #expect(output.stdout.contains("  container contenedor1  5B  "))
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(output.stdout)")
    }

    @Test func namesLimitThePicture() throws {
        let session = Self.seedSession()
        let byContainer = try StorageMap(engine: session.engine, limitedTo: ["contenedor1"])
        #expect(byContainer.columns.map(\.title) == ["ubuntu:latest"])
        #expect(byContainer.isPartial)
        let byImage = try StorageMap(engine: session.engine, limitedTo: ["josedom24/servidorweb:v2"])
        #expect(byImage.columns.map(\.title) == ["josedom24/servidorweb:v2"])
        #expect(byImage.layers.count == 3)
        // Still shared: another image holds it, even if it is not drawn.
        #expect(byImage.layers.values.filter(\.isShared).count == 2)
        let output = session.handle("layers ubuntu")
        #expect(output.stdout.contains("(Only the images and containers named; `layers` alone draws everything.)"))
        #expect(!output.stdout.contains("servidorweb"))
    }

    @Test func badInputSaysSoAndChangesNothing() {
        let session = Self.seedSession()
        let before = session.engine.host
        let cases: [(String, String, Int32)] = [
            ("layers nada", "dockersim: layers: no image or container is called 'nada'\n", 1),
            ("layers --svg", "dockersim: layers: --svg needs a file name\n", 2),
            ("layers --real-disk", "dockersim: layers: --real-disk goes with --svg FILE\n", 2),
            ("layers --nope", "dockersim: layers: unknown option '--nope' (layers --help)\n", 2),
            (
                "layers --svg /no/such/dir/seed.svg",
                "dockersim: layers: could not write /no/such/dir/seed.svg: No such file or directory; nothing was written\n",
                1
            ),
            ("layers --svg /tmp", "dockersim: layers: could not write /tmp: Is a directory; nothing was written\n", 1),
            (
                "layers --svg /tmp/x.svg --real-disk",
                "dockersim: layers --real-disk writes to your computer: only from dockersim's own session, not from a lesson, a transcript or a submission\n",
                1
            ),
        ]
        for (line, message, status) in cases {
            let output = session.handle(line)
            #expect(output.stderr == message, "\(line)")
            #expect(output.stdout.isEmpty, "\(line)")
            #expect(output.status == status, "\(line)")
        }
        #expect(session.engine.host.upper.size == before.upper.size)
        #expect(session.engine.host.upper.count == before.upper.count)
    }

    @Test func aStateTooLargeForTheTerminalSaysHowToSeeIt() throws {
        let session = newSession()
        try session.engine.addSyntheticWorld(chains: 10, chainLength: 5, images: 1_200, containers: 0)
        let before = session.engine.stateFingerprint()
        let output = session.handle("layers")
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(
            output.stderr
                == "dockersim: layers: the storage is too large to draw on a terminal (1200 images, 1250 layers, 0 containers: about 2450 lines, at most 2000); `layers IMAGE|CONTAINER…` draws part of it, `layers --svg FILE` draws all of it, `system df` sums it up\n"
        )
        #expect(session.handle("layers --tree").status == 1)
        #expect(session.engine.stateFingerprint() == before)
        // Part of it, or all of it in a file.
        let part = session.handle("layers bench/app7 bench/app17")
        #expect(part.status == 0 && part.stdout.contains("bench/app7:latest"))
        let svg = session.handle("layers --svg todo.svg")
        #expect(svg.status == 0, "\(svg.stderr)")
        let file = try session.engine.host.read("/home/usuario/todo.svg", cwd: [])
        #expect(file.text?.contains(">bench/app1199:latest</text>") == true)
    }

    @Test func anUnwritableRealPathWritesNothing() throws {
        let session = Self.seedSession()
        session.allowsHostFiles = true
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "layers-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notAFolder = folder.appendingPathComponent("fichero").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: notAFolder))
        let listing = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for target in [notAFolder + "/seed.svg", folder.path] {
            let output = session.handle("layers --svg \(target) --real-disk")
            #expect(output.status == 1, "\(target)")
            #expect(output.stderr.hasPrefix("dockersim: layers: could not write \(target): "), "\(target)")
            #expect(output.stderr.hasSuffix("; nothing was written\n"), "\(target)")
        }
        // No partial or temporary file left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == listing)
        let written = session.handle("layers --svg \(folder.path)/seed.svg --real-disk")
        #expect(written.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/seed.svg"))
    }

    @Test func theSVGGoesToTheSimulatedHostFolder() throws {
        let session = Self.seedSession()
        Self.writeTheFile(session)
        let output = session.handle("layers --svg capas.svg")
        #expect(output.status == 0)
        #expect(output.stderr == "dockersim: picture written to /home/usuario/capas.svg (the simulated host folder)\n")
        let file = try session.engine.host.read("/home/usuario/capas.svg", cwd: [])
        let svg = try #require(file.text)
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains(">josedom24/servidorweb:v1</text>"))
        #expect(svg.contains(">187MB = 186.8MB + 22B</text>"))
        #expect(svg.contains(">187MB = 186.8MB + 25B</text>"))
        #expect(svg.contains(">contenedor1  62B</text>"))
        // Standalone: no link, image, style sheet or script.
        for word in ["href", "<image", "@import", "<script", "url("] { #expect(!svg.contains(word), "\(word)") }
        #if canImport(FoundationXML)
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #endif
    }

    /// The picture the README shows is what dockersim draws for the seed's final state, byte for
    /// byte (a faster drawing must not change a byte of it).
    @Test func theSeedsSVGIsTheOneInTheDocs() throws {
        let session = Self.seedSession()
        Self.writeTheFile(session)
        #expect(session.handle("layers --svg capas.svg").status == 0)
        let drawn = try session.engine.host.read("/home/usuario/capas.svg", cwd: [])
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Docs/layers-seed.svg")
        let expected = try [UInt8](Data(contentsOf: docs))
        #expect(drawn.bytes == expected)
    }

    @Test func theSVGEscapesWhatXMLCannotHold() throws {
        #expect(LayersSVG.escape("a<b>&\"c\"\u{1}\td") == "a&lt;b&gt;&amp;&quot;c&quot; d")
        #expect(LayersSVG.number(25.200000000000003) == "25.2")
        #expect(LayersSVG.number(8.4 * 3.5) == "29.4")
        #expect(LayersSVG.number(16) == "16")
        #expect(LayersSVG.number(0.05) == "0.05")
        #expect(LayersSVG.number(1234.5) == "1234.5")
        #expect(LayersSVG.number(100) == "100")
        #expect(LayersSVG.number(0) == "0")
        #expect(LayersSVG.number(0.4) == "0.4")
    }

    /// The step under a layer's size: what the builder wrote, without its markers.
    @Test func theStepDropsTheBuildersMarkers() {
        #expect(StackLayout.step("/bin/sh -c #(nop)  CMD [\"bash\"]") == "CMD [\"bash\"]")
        #expect(StackLayout.step("/bin/sh -c #(nop) ADD file:abc in / ") == "ADD file:abc in /")
        #expect(StackLayout.step("RUN /bin/sh -c apt-get\tupdate # buildkit") == "RUN /bin/sh -c apt-get update")
        #expect(StackLayout.step("  COPY index.html . # buildkit") == "COPY index.html .")
        #expect(StackLayout.step("") == "")
        #expect(StackLayout.step("echo ñandú #(nop)") == "echo ñandú #(nop)")
        #expect(ellipsis("ñandú", 5) == "ñandú" && ellipsis("ñandúes", 5) == "ñand…")
    }

    @Test func emptyStorageSaysWhatToDo() {
        let session = newSession()
        #expect(
            session.handle("layers").stdout.hasPrefix(
                "No images, containers or volumes yet: pull an image (pull ubuntu) and look again.\n"))
        session.language = .es
        #expect(session.handle("layers").stdout.hasPrefix("Todavía no hay imágenes, contenedores ni volúmenes"))
    }

    /// Whatever was pulled, run and removed, every layer spans exactly the columns of the images
    /// whose chain holds it (the walk keeps them together), and each layer is drawn once.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func everyLayerSpansTheImagesThatHoldIt(seed: UInt64) throws {
        let session = newSession(seed: seed)
        var generator = SeededGenerator(seed: seed)
        let references = [
            "debian:stable-slim", "josedom24/servidorweb:v1", "josedom24/servidorweb:v2", "ubuntu", "ubuntu:20.04",
            "httpd:2.4", "php:8.2-apache", "php:7.4-apache", "nginx", "nginx:stable", "python:3.12.1-bookworm",
            "mariadb", "wordpress", "hello-world", "alpine", "redis:alpine",
        ]
        for reference in references where Int.random(in: 0..<3, using: &generator) > 0 {
            run(session, ["pull \(reference)"])
            if Bool.random(using: &generator) { run(session, ["create \(reference)"]) }
        }
        if Bool.random(using: &generator) { run(session, ["rmi -f debian:stable-slim"]) }
        let map = try StorageMap(engine: session.engine)
        #expect(
            map.columns.count == session.engine.listImages().count + Set(map.columns.filter(\.deleted).map(\.id)).count)
        for (chainID, layer) in map.layers {
            let holding = map.columns.indices.filter { map.columns[$0].layers.contains(chainID) }
            #expect(holding == Array(layer.columns), "\(chainID.short)")
            #expect(layer.holders == session.engine.imageHolderCount(of: chainID), "\(chainID.short)")
        }
        #expect(map.layerOrder.count == map.layers.count)
        let output = session.handle("layers")
        #expect(output.status == 0)
        #expect(output.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    /// The SVG writes layer boxes' lines from the map straight when they fit as they are; the
    /// bytes are those of the lines as ``StackLayout`` makes them (long steps cut with `…`,
    /// characters XML cannot hold, names and steps that are not ASCII).
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func theSVGsLayerLinesAreTheLayoutsLines(seed: UInt64) throws {
        let session = newSession(seed: seed)
        var generator = SeededGenerator(seed: seed)
        for reference in ["josedom24/servidorweb:v1", "ubuntu", "httpd:2.4", "nginx", "php:8.2-apache", "alpine"]
        where Int.random(in: 0..<3, using: &generator) > 0 {
            run(session, ["pull \(reference)"])
            if Bool.random(using: &generator) { run(session, ["create \(reference)"]) }
        }
        run(
            session,
            [
                "run --name año -v datos:/datos -v /home/usuario:/web:ro ubuntu bash -c 'echo ñandú > /datos/a.txt'",
                "commit año pequena",
                "run --name b ubuntu bash -c 'echo \"<&>\" > x.txt'",
                "commit b marcas",
            ])
        let map = try StorageMap(engine: session.engine)
        for language in [Language.es, .en] {
            let texts = StorageTexts(language: language)
            #expect(LayersSVG.render(map, texts: texts) == LayersSVG.render(map, texts: texts, direct: false))
        }
    }

    /// States for the checks below: pulls, containers (running, with volumes and binds), a
    /// commit, an image removed under its container, and the synthetic world of the benchmark.
    static func variedSessions() throws -> [Session] {
        var sessions: [Session] = []
        for seed in [1, 2, 3] as [UInt64] {
            let session = newSession(seed: seed)
            var generator = SeededGenerator(seed: seed)
            for reference in ["debian:stable-slim", "josedom24/servidorweb:v1", "ubuntu", "httpd:2.4", "nginx"]
            where Int.random(in: 0..<3, using: &generator) > 0 {
                run(session, ["pull \(reference)"])
                if Bool.random(using: &generator) { run(session, ["create \(reference)"]) }
            }
            run(
                session,
                [
                    "run --name año -v datos:/datos -v /home/usuario:/web:ro ubuntu bash -c 'echo ñandú > /datos/a.txt'",
                    "commit año pequena", "run -d --name web nginx", "volume create suelto",
                ])
            if Bool.random(using: &generator) { run(session, ["rmi -f debian:stable-slim"]) }
            sessions.append(session)
        }
        let world = newSession()
        try world.engine.addSyntheticWorld(chains: 4, chainLength: 3, images: 40, containers: 25)
        // (`handle`, not `run`: the synthetic world leaves its containers' names out of the
        // index the invariants check.)
        for line in [
            "tag bench/app1 a-very-long-repository-name/that-needs-cutting:with-a-long-tag",
            "tag bench/app2 uno", "tag bench/app2 dos", "tag bench/app2 tres", "tag bench/app2 cuatro",
            "create --name a-container-whose-name-is-far-too-long-for-a-column bench/app3",
            "create --name with-a-volume -v datos:/datos bench/app4",
        ] {
            #expect(world.handle(line).status == 0, "\(line)")
        }
        sessions.append(world)
        return sessions
    }

    /// The picture's totals are `system df`'s, though the map counts them itself.
    @Test func theTotalsAreSystemDfs() throws {
        for session in try Self.variedSessions() {
            let engine = session.engine
            let expected = SystemDfCommand.summaryRows(engine.diskUsage(), cache: engine.buildCacheUsage()).map(\.cells)
            #expect(try StorageMap(engine: engine).totals == expected)
            let someImage = try #require(engine.listImages().last?.image.id.hex)
            #expect(try StorageMap(engine: engine, limitedTo: [someImage]).totals == expected)
        }
    }

    /// Each layer's holders, counted from the forest, are the engine's count.
    @Test func theHoldersAreTheEnginesCount() throws {
        for session in try Self.variedSessions() {
            let map = try StorageMap(engine: session.engine)
            for layer in map.layerBoxes {
                #expect(layer.holders == session.engine.imageHolderCount(of: layer.chainID), "\(layer.chainID.short)")
            }
        }
    }

    /// What the terminal counts before drawing is what the map holds.
    @Test func theCensusCountsWhatTheMapHolds() throws {
        for session in try Self.variedSessions() {
            let map = try StorageMap(engine: session.engine)
            let census = StorageMap.census(engine: session.engine)
            #expect(census.images == map.columns.count)
            #expect(census.layers == map.layerBoxes.count)
            #expect(census.containers == map.columns.reduce(0) { $0 + $1.containers.count })
            #expect(census.containers == session.engine.containers.count)
        }
    }

    /// Each column's containers (kept in one array for the map) are its image's, newest first,
    /// and read in place they are the same.
    @Test func eachColumnsContainersAreItsImagesNewestFirst() throws {
        for session in try Self.variedSessions() {
            let map = try StorageMap(engine: session.engine)
            var all: [(id: String, created: Timestamp, sequence: Int, image: Digest)] = []
            for (_, container) in session.engine.containers {
                all.append((container.id, container.created, container.sequence, container.imageID))
            }
            all.sort { $0.created != $1.created ? $0.created > $1.created : $0.sequence > $1.sequence }
            var seen = 0
            for column in map.columns {
                let expected = all.filter { $0.image == column.id }.map(\.id)
                #expect(column.containers.map(\.id) == expected, "\(column.title)")
                #expect(column.containerCount == expected.count)
                #expect(column.withContainers { Array($0).map(\.id) } == expected)
                seen += column.containerCount
            }
            #expect(seen == session.engine.containers.count)
        }
    }

    /// A tag on Docker Hub read in two parts (path without `library/`, tag) is its familiar
    /// name; any other reference is left to ``StorageMap/familiar(_:)``'s whole string.
    @Test func aTagsFamiliarPartsAreItsFamiliarName() {
        let digest = Digest(hex: String(repeating: "a", count: 64))
        let references: [(ImageReference, split: Bool)] = [
            (ImageReference(path: "library/ubuntu", tag: "latest"), true),
            (ImageReference(path: "bench/app7", tag: "latest"), true),
            (ImageReference(path: "josedom24/servidorweb", tag: "v1"), true),
            (ImageReference(path: "library/a/b", tag: "1"), false),
            (ImageReference(path: "library/", tag: "1"), false),
            (ImageReference(domain: "registry.example.com:5000", path: "team/web", tag: "v2"), false),
            (ImageReference(path: "library/ubuntu", digest: digest), false),
            (ImageReference(path: "library/ubuntu", tag: "latest", digest: digest), false),
            (ImageReference(path: "library/ubuntu"), false),
        ]
        for (reference, split) in references {
            #expect(StorageMap.familiar(reference) == reference.familiarString, "\(reference)")
            let joined = StorageMap.withFamiliarParts(reference) { path, tag in
                String(decoding: path, as: UTF8.self) + ":" + String(decoding: tag, as: UTF8.self)
            }
            #expect(joined == (split ? reference.familiarString : nil), "\(reference)")
        }
    }

    /// Each column's one tag, made by the map once (the bytes of its sort key), is what its
    /// reference's familiar parts are; a column with another name or none has no tag. Each layer
    /// box's digests are the engine's layer's.
    @Test func eachColumnsTagIsItsReferencesFamiliarParts() throws {
        for session in try Self.variedSessions() {
            let map = try StorageMap(engine: session.engine)
            for column in map.columns {
                let expected =
                    column.references.count == 1
                    ? StorageMap.withFamiliarParts(column.references[0]) { path, tag in
                        String(decoding: path, as: UTF8.self) + ":" + String(decoding: tag, as: UTF8.self)
                    } : nil
                let parts = column.withOnlyTag { path, tag in
                    String(decoding: path, as: UTF8.self) + ":" + String(decoding: tag, as: UTF8.self)
                }
                #expect(parts == expected, "\(column.title)")
                #expect(column.withOnlyTagName { String(decoding: $0, as: UTF8.self) } == expected, "\(column.title)")
                if let expected { #expect(column.names == [expected]) }
            }
            for box in map.layerBoxes {
                let layer = try #require(session.engine.layers[box.chainID])
                #expect(box.diffID == layer.diffID && box.parent == layer.parent && box.size == layer.diffSize)
            }
        }
    }

    /// The key sort by bytes (radix) puts keys in the order a comparison sort does: prefixes
    /// that differ in any byte (or share some), ties decided by the rest, sizes small and large.
    @Test func theRadixKeySortIsTheComparisonSort() {
        var generator = SeededGenerator(seed: 17)
        for count in [0, 1, 2, 63, 64, 65, 500, 3_000] {
            for spread in [1, 3, 256] {
                var keyed: [(prefix: UInt64, entry: Int)] = []
                var rest: [Int] = []
                for entry in 0..<count {
                    var prefix: UInt64 = 0x3062_656E_6368_0000
                    for byte in 0..<8 where Int.random(in: 0..<4, using: &generator) == 0 {
                        prefix ^= UInt64(Int.random(in: 0..<spread, using: &generator)) << (8 * UInt64(byte))
                    }
                    keyed.append((prefix, entry))
                    rest.append(Int.random(in: 0..<1_000_000, using: &generator) * 4_096 + entry)
                }
                var byRadix = keyed
                var byComparison = keyed
                StorageMap.sortKeys(&byRadix, radixFrom: 0) { rest[$0] < rest[$1] }
                StorageMap.sortKeys(&byComparison, radixFrom: .max) { rest[$0] < rest[$1] }
                #expect(byRadix.map(\.entry) == byComparison.map(\.entry), "\(count) keys, spread \(spread)")
                #expect(zip(byRadix.dropFirst(), byRadix).allSatisfy { $0.prefix >= $1.prefix })
            }
        }
    }

    /// The SVG written from the map straight (headers, containers, cut lines) is the one the
    /// layout's lines make, byte for byte.
    @Test func theDirectSVGIsTheLayoutsSVG() throws {
        for session in try Self.variedSessions() {
            let map = try StorageMap(engine: session.engine)
            for language in [Language.es, .en] {
                let texts = StorageTexts(language: language)
                let direct = LayersSVG.render(map, texts: texts)
                #expect(direct == LayersSVG.render(map, texts: texts, direct: false))
                #expect(direct == LayersSVG.render(map, texts: texts, direct: false, keepNumbers: false))
            }
        }
    }

    /// `textKind` (one pass without branches) agrees with a byte-by-byte test, for every kind
    /// of byte at every place of texts of every length up to three words.
    @Test func textKindsAreFoundEightBytesAtATime() {
        func expected(_ bytes: [UInt8]) -> (plain: Bool, ascii: Bool) {
            let special = bytes.contains { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }
            guard bytes.contains(where: { $0 >= 0x7F }) else { return (!special, !special) }
            return (!special && !bytes.contains(0xEF), false)
        }
        let odd: [UInt8] = [
            0x00, 0x1F, 0x20, 0x21, 0x22, 0x25, 0x26, 0x27, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x7E, 0x7F, 0x80, 0xC3, 0xEE,
            0xEF, 0xF0, 0xFF,
        ]
        for length in 0..<25 {
            for place in 0..<max(length, 1) {
                for byte in odd {
                    var text = [UInt8](repeating: 0x61, count: length)
                    if length > 0 { text[place] = byte }
                    let kind = text.withUnsafeBufferPointer { StackLayout.textKind($0) }
                    let want = expected(text)
                    #expect(kind.plain == want.plain && kind.ascii == want.ascii, "\(length) \(byte) at \(place)")
                }
            }
        }
        // Two odd bytes: one must not hide or make the other.
        for first in odd {
            for second in odd {
                let text: [UInt8] = [0x61, first, second, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, first]
                let kind = text.withUnsafeBufferPointer { StackLayout.textKind($0) }
                let want = expected(text)
                #expect(kind.plain == want.plain && kind.ascii == want.ascii, "\(first) \(second)")
            }
        }
    }

    /// `isPlainASCII` (eight bytes at a time, short texts padded, the last word read where the
    /// text ends) is `textKind`'s `ascii`, for every byte value at every place of texts of
    /// every length up to three words, and for a byte just past the text (which it must not read).
    @Test func plainASCIIIsFoundEightBytesAtATime() {
        for length in 0..<25 {
            for place in 0..<max(length, 1) {
                for value in 0...255 {
                    // One more byte than the text, odd, after it: the test reads `length` bytes only.
                    var text = [UInt8](repeating: 0x61, count: length + 1)
                    text[length] = 0x00
                    if length > 0 { text[place] = UInt8(value) }
                    text.withUnsafeBufferPointer { all in
                        let bytes = UnsafeBufferPointer(rebasing: all[..<length])
                        #expect(
                            StackLayout.isPlainASCII(bytes) == StackLayout.textKind(bytes).ascii,
                            "\(length) \(value) at \(place)")
                    }
                }
            }
        }
        #expect(StackLayout.isPlainASCII("bench/app7:latest") && !StackLayout.isPlainASCII("año"))
        #expect(StackLayout.isPlainIDPrefix("0123456789abcdef") && !StackLayout.isPlainIDPrefix("0123456789a\u{0301}b"))
    }

    /// The short-ID test (two words) agrees with a byte-by-byte test for every byte value at
    /// every place of the twelve, in IDs of 12 bytes and longer.
    @Test func aShortHexIsFoundTwoWordsAtATime() {
        for length in [12, 13, 64] {
            for place in 0..<12 {
                for value in 0...255 {
                    var hex = Array(
                        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".utf8.prefix(length))
                    hex[place] = UInt8(value)
                    let expected = hex.prefix(12).allSatisfy {
                        (0x30...0x39).contains($0) || (0x61...0x66).contains($0)
                    }
                    #expect(
                        hex.withUnsafeBufferPointer { LayersSVG.Writer.isShortHex($0) } == expected,
                        "\(length) \(value) at \(place)")
                }
            }
        }
    }

    /// `quickStep` (one pass for the usual step) keeps what `stepInPlace` keeps and finds the
    /// `textKind` of it, or leaves the step to them (a tab or a `/` after the leading marker).
    @Test func theQuickStepIsTheStepInPlaceAndItsKind() {
        let texts = [
            "", " ", "/bin/sh -c #(nop) ", "/bin/sh -c #(nop)  CMD [\"bash\"]",
            "/bin/sh -c #(nop) ADD synthetic 0123456789ab",
            "/bin/sh -c #(nop) ADD file:abc in / ", "RUN /bin/sh -c apt-get\tupdate # buildkit",
            "  COPY index.html . # buildkit",
            "echo ñandú #(nop)", "/bin/sh -c #(nop) /bin/sh -c #(nop) ENV A=1", "ENV A=<&>", "x # buildkit",
            " # buildkit",
            "/bin/sh -c #(nop)  # buildkit  ", "RUN echo \u{FFFE}", "RUN echo \u{1}", "tab\tinside",
            "/bin/sh -c #(nop)",
            "/bin/sh -c #(nop) ñ", "   spaces   ", "/bin/sh -c #(nop) a\"b", "RUN a/b",
        ]
        var quick = 0
        for original in texts {
            var text = original
            text.withUTF8 { bytes in
                guard let found = StackLayout.quickStep(bytes) else {
                    #expect(bytes.contains(0x09) || bytes.contains(0x2F), "\(original)")
                    return
                }
                quick += 1
                let kept = StackLayout.stepInPlace(bytes)
                #expect(kept == found.range, "\(original)")
                let kind = StackLayout.textKind(UnsafeBufferPointer(rebasing: bytes[found.range]))
                #expect(kind.plain == found.kind.plain && kind.ascii == found.kind.ascii, "\(original)")
                #expect(
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[found.range]), as: UTF8.self)
                        == StackLayout.step(original), "\(original)")
            }
        }
        #expect(quick >= 15)
    }

    /// `quickStep` (eight bytes at a time) agrees with `stepInPlace` and `textKind` for every
    /// byte at every place of steps of every length up to 19 bytes, with and without the
    /// classic builder's marker, and gives up exactly on a tab or a slash after that marker.
    @Test func theQuickStepFindsEveryByteAtEveryPlace() {
        let marker = Array("/bin/sh -c #(nop) ".utf8)
        var checked = 0
        for prefix in [[], marker] as [[UInt8]] {
            for length in 1...19 {
                for place in 0..<length {
                    for value in 0...255 {
                        var bytes = prefix + [UInt8](repeating: 0x61, count: length)
                        bytes[prefix.count + place] = UInt8(value)
                        bytes.withUnsafeBufferPointer { bytes in
                            let rest = bytes[prefix.count...]
                            guard let found = StackLayout.quickStep(bytes) else {
                                #expect(rest.contains(0x09) || rest.contains(0x2F), "\(value) at \(place) of \(length)")
                                return
                            }
                            #expect(!rest.contains(0x09) && !rest.contains(0x2F))
                            #expect(StackLayout.stepInPlace(bytes) == found.range, "\(value) at \(place) of \(length)")
                            let kind = StackLayout.textKind(UnsafeBufferPointer(rebasing: bytes[found.range]))
                            #expect(
                                kind.plain == found.kind.plain && kind.ascii == found.kind.ascii,
                                "\(value) at \(place) of \(length)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 40_000)
    }

    /// The sizes' texts kept inline are `Units.humanSize`'s, for every size a picture shows.
    @Test func theShortSizeTextsAreHumanSizes() {
        var sizes: [Int64] = Array(0...2_100) + [-5, -1_000_000, 16_383, 16_384, 999_499, 999_500, 999_999, Int64.max]
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<3_000 { sizes.append(Int64.random(in: 0...Int64(1) << 50, using: &generator)) }
        for _ in 0..<2_000 { sizes.append(Int64.random(in: 0..<40_000, using: &generator)) }
        var kept = SizeTexts()
        kept.reserve(8)
        for round in 0..<2 {
            for size in sizes {
                for precision in [3, 4] {
                    let text = Units.humanSize(size, precision: precision)
                    let made = kept.short(size, precision: precision)
                    guard let made else {
                        #expect(text.utf8.count > 16, "\(size) \(precision) \(round)")
                        continue
                    }
                    let bytes = withUnsafeBytes(of: made.bytes) { Array($0.prefix(made.count)) }
                    #expect(bytes == Array(text.utf8), "\(size) \(precision) \(round)")
                }
            }
        }
    }

    /// An ID's short form is its first 12 bytes when `isPlainIDPrefix` says so (the rule the
    /// direct SVG uses instead of checking the whole ID).
    @Test func aPlainIDPrefixIsTheShortID() {
        let ids = [
            String(repeating: "a1", count: 32), "abc", "0123456789ab", "0123456789abe\u{301}", "0123456789ae\u{301}x",
            "01234567\u{1}9abcdef", "0123456789ab<tail>", "0123456789abñ", "ñ123456789abc", "0123456789a\r\n",
        ]
        for id in ids {
            let box = StorageMap.ContainerBox(id: id, name: "n", size: 0, status: .created, exitCode: 0, mounts: [])
            if StackLayout.isPlainIDPrefix(id) {
                #expect(StackLayout.isPlainASCII(box.shortID), "\(id)")
                #expect(Array(box.shortID.utf8) == Array(id.utf8.prefix(12)), "\(id)")
            }
        }
        #expect(StackLayout.isPlainIDPrefix(String(repeating: "a1", count: 32)))
        #expect(!StackLayout.isPlainIDPrefix("01234567\u{1}9abcdef"))
        #expect(!StackLayout.isPlainIDPrefix("0123456789ae\u{301}x"))
    }

    @Test func completionOffersImagesContainersAndOptions() {
        let session = Self.seedSession()
        let names = Completer(session: session).complete("layers ").candidates.map(\.text)
        #expect(names.contains("ubuntu:latest") && names.contains("contenedor1"))
        let options = Completer(session: session).complete("layers --s").candidates.map(\.text)
        #expect(options == ["--svg"])
        #expect(Completer(session: session).complete("lay").candidates.map(\.text) == ["layers"])
    }
}
