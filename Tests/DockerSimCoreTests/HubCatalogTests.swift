import Testing

@testable import DockerSimCore

#if canImport(Glibc)
import Glibc
#endif

/// The package's `Hub/` folder, found from this file's path.
private let hubFolder: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/DockerSimCoreTests/HubCatalogTests.swift
    return parts.joined(separator: "/") + "/Hub"
}()

private func file(_ path: String, _ text: String) -> CatalogFile {
    CatalogFile(path: path, displayName: "t/" + path, bytes: Array(text.utf8))
}

/// A one-layer image and its layer, sound unless a test breaks them.
private let goodLayer = """
    blob    sha256:0123456789ab*
    diffid  sha256:58bc5c29c6fcbf4e4a4f8a3cf4bd6bdbb0f1dd3b1cd9c3ab2c2bb7e46c2a6b26
    size    6

    program /srv/hola exit 3
      stdout hola {env:NAME}
    drwxr-xr-x 0/0 0 2024-01-11 12:00 srv/
    -rwxr-xr-x 0/0 6 2024-01-11 12:00 srv/hola
    | hola!

    """

private let goodImage = """
    # a teacher's image
    tag      v1 latest
    from     debian:stable-slim
    manifest sha256:aaaaaaaaaaaa*
    id       sha256:bbbbbbbbbbbb*
    created  2024-01-20T10:00:00Z
    cmd      ["/srv/hola"]
    env      NAME=mundo
    comment  buildkit.dockerfile.v0
    history  2024-01-20T10:00:00Z profe/hola COPY hola /srv/ # buildkit

    """

@Suite struct HubCatalogTests {
    /// The layer above with its real diffID filled in.
    static func soundLayer() throws -> String {
        let problems = HubCatalog.lint([file("layers/profe/hola.layer", goodLayer)])
        let message = try #require(problems.first?.message)
        let computed = try #require(message.split(separator: " ").last)
        return goodLayer.replacingOccurrences(
            of: "sha256:58bc5c29c6fcbf4e4a4f8a3cf4bd6bdbb0f1dd3b1cd9c3ab2c2bb7e46c2a6b26", with: String(computed))
    }

    @Test func everyBuiltInFileIsSoundAndEveryDiffIDAndSizeIsRecomputed() {
        let problems = HubCatalog.lint(HubCatalog.builtInFiles)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        #expect(HubCatalog.builtInFiles.count >= 10)
    }

    @Test func theEmbeddedFilesAreTheFolderByteForByte() throws {
        let onDisk = try HubCatalog.files(in: hubFolder).get()
        let embedded = HubCatalog.builtInFiles
        #expect(onDisk.map(\.path) == embedded.map(\.path))
        for (disk, built) in zip(onDisk, embedded) {
            let a = try disk.withBytes { Digest.sha256(of: Array($0)) }
            let b = try built.withBytes { Digest.sha256(of: Array($0)) }
            #expect(a == b, "\(disk.path) differs from what is embedded")
        }
    }

    @Test func digestsWithAStarAreCompletedWithInventedDigits() {
        let digest = CatalogFile.digest("sha256:e34e831650c1*")
        #expect(digest?.hex.hasPrefix("e34e831650c1") == true)
        #expect(digest == CatalogFile.digest("sha256:e34e831650c1*"))
        #expect(CatalogFile.digest("sha256:e34e*") == nil)
        #expect(CatalogFile.digest("e34e831650c1*") == nil)
    }

    @Test func aPullReadsHeadersOnlyAndARunBuildsTheTree() throws {
        let registry = Registry(catalog: CatalogStore(files: HubCatalog.builtInFiles))
        var engine = Engine(clock: .manual(at: Timestamp(seconds: 1_706_461_200)), seed: 1, registry: registry)
        let report = try engine.pull(ImageReference.parse("ubuntu"))
        let image = try #require(engine.images[report.imageID])
        let top = try #require(image.topLayer)
        let layer = try #require(engine.layers[top])
        #expect(!layer.content.isBuilt)
        #expect(layer.diffSize == 77_860_000)
        _ = try engine.createContainer(ContainerConfig(image: "ubuntu"), name: "c1")
        #expect(layer.content.isBuilt)
    }

    @Test func aTeachersImageBuildsOnTheBuiltInOne() throws {
        let layer = try Self.soundLayer()
        #expect(HubCatalog.lint([file("layers/profe/hola.layer", layer)]).isEmpty)
        let files = [file("profe/hola.image", goodImage), file("layers/profe/hola.layer", layer)]
        #expect(HubCatalog.lint(files, over: HubCatalog.builtInFiles).isEmpty)
        let registry = Registry(catalog: CatalogStore(files: files + HubCatalog.builtInFiles))
        let image = try #require(try registry.image(path: "profe/hola", tag: "latest"))
        #expect(image.layers.count == 2)
        #expect(image.layers[0].blob.short == "9532dfcb62dd")
        #expect(
            image.config.config.env == [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NAME=mundo",
            ])
        #expect(image.config.config.cmd == ["/srv/hola"])
        #expect(image.config.history.count == 3)
        #expect(image.config.history[2].comment == "buildkit.dockerfile.v0")
        #expect(image.layers[1].content.programs["/srv/hola"]?.kind == .exit(3))
        if case .file(let content, _)? = image.layers[1].tree.node(at: ["srv", "hola"]) {
            #expect(content.text == "hola!\n")
        } else {
            Issue.record("no /srv/hola")
        }
        #expect(registry.tags(path: "profe/hola") == ["latest", "v1"])
    }

    static let broken: [(String, String, String)] = [
        (
            "layers/x.layer", goodLayer.replacing("size    6", with: "size    7"),
            "t/layers/x.layer:3: size 7 but the files add up to 6"
        ),
        (
            "layers/x.layer", goodLayer.replacing("| hola!", with: "| hola"),
            "t/layers/x.layer:8: the size is 6 but the text below has 5 bytes"
        ),
        (
            "layers/x.layer", goodLayer.replacing("0/0 6", with: "root/root 6"),
            "t/layers/x.layer:8: the owner is UID/GID in numbers, such as 0/0 (tar --numeric-owner)"
        ),
        (
            "layers/x.layer", goodLayer.replacing("program /srv/hola", with: "program /srv/adios"),
            "t/layers/x.layer:5: program /srv/adios is not a file of this layer"
        ),
        (
            "layers/x.layer", goodLayer.replacing("exit 3", with: "fly"),
            "t/layers/x.layer:5: unknown program kind 'fly' (shell [NAME [VERSION]], exit N, service, entrypoint WORD…)"
        ),
        (
            "layers/x.layer", goodLayer.replacing("exit 3", with: "shell bash 5"),
            "t/layers/x.layer:5: a shell's version is MAJOR.MINOR (`shell bash 5.1`), not '5'"
        ),
        (
            "layers/x.layer", goodLayer.replacing("  stdout hola", with: "  stop SIGTERM\n  stdout hola"),
            "t/layers/x.layer:6: `stop` wants STATUS [SECONDS] (`stop 0`, `stop 143 0.5`)"
        ),
        (
            "layers/x.layer", goodLayer.replacing("  stdout hola", with: "  shutdown stderr adiós\n  stdout hola"),
            "t/layers/x.layer:6: `shutdown` wants a `stop` line before it (`stop 0`)"
        ),
        (
            "layers/x.layer", goodLayer.replacing("  stdout hola", with: "  stop 0\n  shutdown exit 3\n  stdout hola"),
            "t/layers/x.layer:7: `when`, `first` and `shutdown` go before stdout or stderr"
        ),
        (
            "layers/x.layer", goodLayer.replacing("  stdout hola", with: "  resources 6 82\n  stdout hola"),
            "t/layers/x.layer:6: `resources` wants MEMORY THREADS, the memory with a unit (`resources 6MiB 82`, `resources 400KiB 1`)"
        ),
        (
            "layers/x.layer", goodLayer.replacing("blob    sha256:0123456789ab*", with: "blob 12"),
            "t/layers/x.layer:1: `blob` wants sha256:<64 hex> or sha256:<prefix>*"
        ),
        (
            "layers/x.layer", goodLayer.replacing("2024-01-11 12:00 srv/hola", with: "2024-13-11 12:00 srv/hola"),
            "t/layers/x.layer:8: the date is YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS (UTC)"
        ),
        (
            "p/x.image", goodImage.replacing("profe/hola COPY", with: "profe/nada COPY"),
            "t/p/x.image:10: no layer 'profe/nada' (a file layers/profe/nada.layer)"
        ),
        (
            "p/x.image", goodImage.replacing("debian:stable-slim", with: "debian:sid"),
            "t/p/x.image:3: no image debian:sid in the catalog"
        ),
        (
            "p/x.image", goodImage.replacing("manifest", with: "manifiesto"),
            "t/p/x.image:4: unknown setting 'manifiesto'"
        ),
        (
            "p/x.image", goodImage.replacing(#"["/srv/hola"]"#, with: "/srv/hola"),
            "t/p/x.image:7: `cmd` wants a JSON list such as [\"nginx\", \"-g\", \"daemon off;\"] (or - for none)"
        ),
        (
            "p/x.image", goodImage.replacing("tag      v1 latest", with: "tag      v1 v1"),
            "t/p/x.image:2: tag 'v1' is given twice in this file"
        ),
        (
            "x.image", goodImage,
            "t/x.image: 'x' is not a repository name (lowercase NAMESPACE/NAME; library/NAME for NAME)"
        ),
        ("p/x.image", "# nothing yet\n", "t/p/x.image: no image in the file: an image starts with a `tag` line"),
        ("p/x.image", goodImage + "\u{1B}[31m rojo\n", "t/p/x.image:11: unknown setting '\\x1b[31m'"),
        (
            "notes.txt", "hola",
            "t/notes.txt: not a catalog file: a repository is NAMESPACE/NAME.image, a layer layers/…/NAME.layer, a remote remotes/HOST/PATH.remote"
        ),
    ]

    @Test(arguments: broken)
    func lintNamesTheFileAndLine(path: String, text: String, message: String) throws {
        let layer = try Self.soundLayer()
        var files = [file(path, text)]
        if path != "layers/x.layer" { files.append(file("layers/profe/hola.layer", layer)) }
        let problems = HubCatalog.lint(files, over: HubCatalog.builtInFiles)
        #expect(problems.map(\.description).contains(message), "\(problems)")
    }

    @Test func aBrokenTeachersFolderLoadsNothing() throws {
        let folder = "/tmp/dockersim-hub-test-\(getpid())"
        mkdir(folder, 0o755)
        mkdir(folder + "/profe", 0o755)
        defer {
            unlink(folder + "/profe/hola.image")
            rmdir(folder + "/profe")
            rmdir(folder)
        }
        try SafeFile.write(Array(goodImage.utf8), to: folder + "/profe/hola.image")
        guard case .failure(let failure) = HubCatalog.registry(adding: [folder]) else {
            Issue.record("a catalog whose layer is missing loaded")
            return
        }
        #expect(
            failure.problems.map(\.description) == [
                "\(folder)/profe/hola.image:10: no layer 'profe/hola' (a file layers/profe/hola.layer)"
            ])
    }
}

@Suite struct ProgramOutputTests {
    /// Placeholders are found by byte in ASCII text and by Character otherwise: the text filled
    /// is the one the search by Character gives (``reference``, the fill as it was), quirks
    /// included (an unclosed brace repeats the text before it), and a brace with a combining
    /// mark on it is not a brace.
    @Test func placeholdersAreFilledInAnyText() {
        let context = ProgramSpec.Context(
            ip: "172.17.0.2", hostname: "web", env: ["A=1", "B=two"], args: "-x", command: "run -x")
        func reference(_ text: String) -> String {
            guard text.utf8.contains(0x7B) else { return text }
            var result = ""
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{") {
                result += rest[..<open]
                guard let close = rest[open...].firstIndex(of: "}") else { break }
                let name = String(rest[rest.index(after: open)..<close])
                switch name {
                case "ip": result += context.ip
                case "hostname": result += context.hostname
                case "args": result += context.args
                case "command": result += context.command
                default:
                    if name.hasPrefix("env:") {
                        result += context.value(String(name.dropFirst(4))) ?? ""
                    } else if name.hasPrefix("env-names:") {
                        let prefix = name.dropFirst(10)
                        result +=
                            Set(context.env.compactMap { $0.split(separator: "=", maxSplits: 1).first })
                            .filter { $0.hasPrefix(prefix) }.map(String.init).sorted().joined(separator: " ")
                    } else if name.hasPrefix("time:") {
                        result += ProgramSpec.format(context.time, String(name.dropFirst(5)))
                    } else {
                        result += rest[open...close]
                    }
                }
                rest = rest[rest.index(after: close)...]
            }
            return result + rest
        }
        #expect(ProgramSpec.fill("{ip} {hostname}:{env:B}", context) == "172.17.0.2 web:two")
        #expect(ProgramSpec.fill("é {ip} ñ {hostname}", context) == "é 172.17.0.2 ñ web")
        #expect(ProgramSpec.fill("a{\u{301}ip}b", context) == "a{\u{301}ip}b")
        let texts = [
            "no braces", "{ip} {hostname}:{env:B}", "{unknown} {args} {", "}{command}{", "{env-names:}", "{time:%Y}",
            "é {ip} ñ {hostname}", "a{\u{301}ip}b", "a {ip}\u{301} b", "\r\n{ip}\r\n", "{{ip}}", "{", "}", "x{y",
            "{ip", "日本 {args}", "{env:A}{env:C}{env:B}",
        ]
        for text in texts { #expect(ProgramSpec.fill(text, context) == reference(text), "\(text.debugDescription)") }
    }
}
