import Testing

@testable import DockerSimCore

/// A tiny Hub: `base` (one layer), `app:1` and `app:2` (base + one layer each), `other` (a
/// layer with the same content as app:1's top but on another base).
func miniRegistry() -> Registry {
    func layer(_ name: String, _ size: Int64) -> HubLayer {
        HubLayer(
            blob: Digest.sha256(of: "blob " + name),
            tree: FileTree.build(
                [("/data/" + name, .file(FileContent(opaqueSize: size), FileMetadata(mode: 0o644, mtime: 0)))],
                dirMeta: FileMetadata(mode: 0o755, mtime: 0)))
    }
    let base = layer("base", 1_000_000)
    let one = layer("one", 22)
    let two = layer("two", 25)
    let otherBase = layer("otherbase", 500)
    func image(_ name: String, _ layers: [HubLayer], created: Int64) -> HubImage {
        HubImage(
            id: Digest.sha256(of: "image " + name), manifestDigest: Digest.sha256(of: "manifest " + name),
            config: ImageConfig(
                config: RunConfig(cmd: ["/bin/sh"]), created: Timestamp(seconds: created),
                history: layers.map { _ in HistoryEntry(created: Timestamp(seconds: created), createdBy: "ADD") },
                diffIDs: layers.map(\.diffID)),
            layers: layers)
    }
    var hub = Registry()
    hub.publish(image("base", [base], created: 10), path: "library/base", tags: ["latest"])
    hub.publish(image("app1", [base, one], created: 20), path: "test/app", tags: ["1"])
    hub.publish(image("app2", [base, two], created: 30), path: "test/app", tags: ["2"])
    hub.publish(image("other", [otherBase, one], created: 40), path: "test/other", tags: ["latest"])
    return hub
}

func miniEngine() -> Engine {
    Engine(clock: .manual(at: Timestamp(seconds: 1_000_000)), seed: 7, registry: miniRegistry())
}

func ref(_ text: String) throws -> ImageReference { try ImageReference.parse(text) }

@Suite struct PullTests {
    @Test func secondPullSaysAlreadyExistsForSharedLayers() throws {
        var engine = miniEngine()
        let first = try engine.pull(ref("test/app:1"))
        #expect(first.layers.map(\.status) == [.pullComplete, .pullComplete])
        let second = try engine.pull(ref("test/app:2"))
        #expect(second.layers.map(\.status) == [.alreadyExists, .pullComplete])
        #expect(engine.invariantViolations().isEmpty)
    }

    @Test func sameContentOnAnotherBaseIsDownloadedAgain() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("test/app:1"))
        let other = try engine.pull(ref("test/other"))
        #expect(other.layers.map(\.status) == [.pullComplete, .pullComplete])
        #expect(engine.layers.layers.count == 4)
    }

    @Test func pullingAPresentImageIsUpToDate() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("test/app:1"))
        let again = try engine.pull(ref("test/app:1"))
        #expect(again.layers.isEmpty)
        #expect(again.outcome == .upToDate)
    }

    @Test func errorsNameTheReference() throws {
        var engine = miniEngine()
        #expect(
            throws: DockerError.daemon(
                "manifest for test/app:3 not found: manifest unknown: manifest unknown", kind: .notFound)
        ) {
            _ = try engine.pull(ref("test/app:3"))
        }
        #expect(
            throws: DockerError.daemon(
                "pull access denied for nobody/here, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
                kind: .notFound)
        ) {
            _ = try engine.pull(ref("nobody/here"))
        }
        #expect(engine.images.isEmpty)
    }
}

@Suite struct DiskUsageTests {
    @Test func sharedLayersCountOnce() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("test/app:1"))
        _ = try engine.pull(ref("test/app:2"))
        let usage = engine.diskUsage()
        #expect(usage.layersSize == 1_000_000 + 22 + 25)
        #expect(usage.images.map(\.sharedSize) == [1_000_000, 1_000_000])
        #expect(usage.images.map { $0.size - $0.sharedSize } == [25, 22])
    }

    @Test func aLoneImageSharesNothing() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("test/app:1"))
        #expect(engine.diskUsage().images.map(\.sharedSize) == [0])
    }
}

@Suite struct RemoveImageTests {
    @Test func removingOneTagKeepsSharedLayers() throws {
        var engine = miniEngine()
        let one = try engine.pull(ref("test/app:1"))
        let two = try engine.pull(ref("test/app:2"))
        let records = try engine.removeImage("test/app:2", force: false)
        let topOfTwo = Digest.chainID(
            parent: engine.layers.layers.values.first { $0.parent == nil }?.chainID,
            diffID: try engine.registry.image(path: "test/app", tag: "2")!.layers[1].diffID)
        #expect(
            records == [
                .untagged("test/app:2"),
                .untagged("test/app@" + two.digest.description),
                .deleted(two.imageID),
                .deleted(topOfTwo),
            ])
        #expect(engine.images[one.imageID] != nil)
        #expect(engine.invariantViolations().isEmpty)
    }

    @Test func removingTheLastImageDeletesEveryLayerTopDown() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("test/app:1"))
        let records = try engine.removeImage("test/app:1", force: false)
        #expect(records.count == 5)  // 2 untagged, image, 2 layers
        #expect(engine.layers.layers.isEmpty)
    }

    @Test func anotherTagOnlyUntags() throws {
        var engine = miniEngine()
        let pulled = try engine.pull(ref("test/app:1"))
        try engine.tag(source: "test/app:1", target: ref("mine:v1"))
        #expect(try engine.removeImage("mine:v1", force: false) == [.untagged("mine:v1")])
        #expect(engine.images[pulled.imageID] != nil)
    }

    @Test func containerBlocksRemovalByName() throws {
        var engine = miniEngine()
        let pulled = try engine.pull(ref("test/app:1"))
        let id = try engine.createContainer(ContainerConfig(image: "test/app:1"), name: "c1")
        #expect(
            throws: DockerError.daemon(
                "conflict: unable to remove repository reference \"test/app:1\" (must force) - container \(id.prefix(12)) is using its referenced image \(pulled.imageID.short)",
                kind: .conflict)
        ) {
            _ = try engine.removeImage("test/app:1", force: false)
        }
        // -f with a stopped container: untag and delete the image, keep the layers for the container.
        let forced = try engine.removeImage("test/app:1", force: true)
        #expect(forced.last == .deleted(pulled.imageID))
        #expect(engine.layers.layers.count == 2)
        #expect(engine.invariantViolations().isEmpty)
        try engine.removeContainer(id, force: false, typed: "c1")
        #expect(engine.layers.layers.isEmpty)
    }

    @Test func byIDWithSeveralRepositoriesMustBeForced() throws {
        var engine = miniEngine()
        let pulled = try engine.pull(ref("test/app:1"))
        try engine.tag(source: "test/app:1", target: ref("mine:v1"))
        #expect(
            throws: DockerError.daemon(
                "conflict: unable to delete \(pulled.imageID.short) (must be forced) - image is referenced in multiple repositories",
                kind: .conflict)
        ) {
            _ = try engine.removeImage(pulled.imageID.short, force: false)
        }
    }

    @Test func runningContainerCannotBeForced() throws {
        var engine = miniEngine()
        let pulled = try engine.pull(ref("test/app:1"))
        let id = try engine.createContainer(ContainerConfig(image: "test/app:1"), name: "c1")
        try engine.start(id, process: .service)
        #expect(
            throws: DockerError.daemon(
                "conflict: unable to delete \(pulled.imageID.short) (cannot be forced) - image is being used by running container \(id.prefix(12))",
                kind: .conflict)
        ) {
            _ = try engine.removeImage(pulled.imageID.short, force: true)
        }
    }

    @Test func missingImage() {
        var engine = miniEngine()
        #expect(throws: DockerError.daemon("No such image: nothing:latest", kind: .notFound)) {
            _ = try engine.removeImage("nothing", force: false)
        }
    }
}

@Suite struct ContainerLifecycleTests {
    /// A mounted network file docker wrote is unedited when its bytes are the text's (compared
    /// eight at a time, then one by one): a change of any one byte, at any length, is seen.
    @Test func networkFileEditsAreSeenAtEveryByte() {
        for length in 0..<20 {
            let text = String(repeating: "0123456789", count: 2).prefix(length)
            let written = String(text)
            #expect(Engine.isUnedited(FileContent(text: written), written: written))
            for position in 0..<length {
                var bytes = Array(written.utf8)
                bytes[position] = UInt8(ascii: "x")
                #expect(!Engine.isUnedited(FileContent(text: String(decoding: bytes, as: UTF8.self)), written: written))
            }
            #expect(!Engine.isUnedited(FileContent(text: written + "\n"), written: written))
        }
        #expect(Engine.isUnedited(FileContent(text: "caf\u{E9}"), written: "cafe\u{301}"))
    }

    /// `start` and the exit of the main process change the stored container in place: its box
    /// of fields stays the same object (a copy of the container held across a change made the
    /// change copy the box, and free the old one).
    @Test func startAndFinishChangeTheStoredContainerInPlace() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        let id = try engine.createContainer(ContainerConfig(image: "base"), name: "c1")
        let created = engine.containers[id].map { ObjectIdentifier($0.storage) }
        try engine.start(id, process: .interactiveShell)
        #expect(engine.containers[id]?.status == .running)
        #expect(engine.containers[id]?.hasSandbox == true)
        #expect(engine.containers[id].map { ObjectIdentifier($0.storage) } == created)
        engine.finish(id, exitCode: 3)
        #expect(engine.containers[id]?.status == .exited)
        #expect(engine.containers[id]?.exitCode == 3)
        #expect(engine.containers[id].map { ObjectIdentifier($0.storage) } == created)
        let die = engine.events.events().last
        #expect(die?.action == "die")
        #expect(die?.attributes["name"] == "c1" && die?.attributes["exitCode"] == "3")
        #expect(die?.attributes["image"] == "base")
    }

    @Test func timedProcessesExitWhenTheirTimeComes() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        let id = try engine.createContainer(ContainerConfig(image: "base"), name: nil)
        try engine.start(id, process: .timed(until: engine.now.adding(seconds: 30), exitCode: 0))
        engine.advance(by: 29)
        #expect(engine.containers[id]?.status == .running)
        engine.advance(by: 5)
        #expect(engine.containers[id]?.status == .exited)
        #expect(engine.containers[id]?.finishedAt == Timestamp(seconds: 1_000_030))
    }

    /// `ps`'s order is by creation time, newest first, then by sequence: the numbers alone give
    /// it while the clock only moves on, not once it was set back.
    @Test func containersNewestFirstFollowCreationTimes() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        var names: [String] = []
        for index in 0..<5 {
            names.append("c\(index)")
            _ = try engine.createContainer(ContainerConfig(image: "base"), name: "c\(index)")
            if index % 2 == 1 { engine.advance(by: 3) }
        }
        #expect(engine.containersNewestFirst.map(\.name) == ["c4", "c3", "c2", "c1", "c0"])
        engine.clock = .manual(at: Timestamp(seconds: 1_000_001))
        _ = try engine.createContainer(ContainerConfig(image: "base"), name: "early")
        #expect(engine.containersNewestFirst.map(\.name) == ["c4", "c3", "c2", "early", "c1", "c0"])
    }

    @Test func namesAreUniqueAndValid() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        let id = try engine.createContainer(ContainerConfig(image: "base"), name: "web")
        #expect(
            throws: DockerError.daemon(
                "Conflict. The container name \"/web\" is already in use by container \"\(id)\". You have to remove (or rename) that container to be able to reuse that name.",
                kind: .conflict)
        ) {
            _ = try engine.createContainer(ContainerConfig(image: "base"), name: "web")
        }
        #expect(
            throws: DockerError.daemon(
                "Invalid container name (-x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", kind: .invalidParameter)
        ) {
            _ = try engine.createContainer(ContainerConfig(image: "base"), name: "-x")
        }
        #expect(engine.containers.count == 1)
    }

    @Test func generatedNamesLookLikeDockers() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        for _ in 0..<50 {
            let id = try engine.createContainer(ContainerConfig(image: "base"), name: nil)
            let name = engine.containers[id]?.name ?? ""
            #expect(name.split(separator: "_").count == 2)
            #expect(name != "boring_wozniak")
            #expect(!id.prefix(12).allSatisfy { $0.isNumber })
        }
        #expect(engine.invariantViolations().isEmpty)
    }

    @Test func seedMakesIDsRepeatable() throws {
        var a = miniEngine()
        var b = miniEngine()
        _ = try a.pull(ref("base"))
        _ = try b.pull(ref("base"))
        #expect(
            try a.createContainer(ContainerConfig(image: "base"), name: nil)
                == (try b.createContainer(ContainerConfig(image: "base"), name: nil)))
    }

    @Test func containerLookupByPrefixAndName() throws {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        let id = try engine.createContainer(ContainerConfig(image: "base"), name: "web")
        #expect(try engine.findContainer("web").id == id)
        #expect(try engine.findContainer(String(id.prefix(5))).id == id)
        #expect(throws: DockerError.daemon("No such container: nope", kind: .notFound)) {
            _ = try engine.findContainer("nope")
        }
    }
}
