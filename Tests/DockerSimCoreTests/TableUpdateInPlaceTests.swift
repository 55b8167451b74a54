import Testing

@testable import DockerSimCore

/// Issue 18, eighteenth step: ``ContainerTable/update(_:_:)`` changes a container where the
/// table holds it, and the history's copy-up makes an empty writable root anew; both agree with
/// the general paths they stand for.
@Suite struct TableUpdateInPlaceTests {
    func engineWithContainer() throws -> (Engine, String) {
        var engine = miniEngine()
        _ = try engine.pull(ref("base"))
        let id = try engine.createContainer(ContainerConfig(image: "base"), name: "c1")
        return (engine, id)
    }

    /// A missing ID: `nil`, the body not called, nothing inserted, the sums as they were.
    @Test func missingIDChangesNothing() throws {
        let (made, id) = try engineWithContainer()
        var engine = made
        let before = engine.containers
        var called = false
        let result: Int? = engine.containers.update(String(repeating: "f", count: 64)) { _ in
            called = true
            return 1
        }
        #expect(result == nil && !called)
        #expect(engine.containers.count == before.count)
        #expect(engine.containers.writableBytes == before.writableBytes)
        #expect(engine.containers[id] != nil)
        #expect(engine.invariantViolations() == [])
    }

    /// A change made in place reaches the table (result, due index, sums), and a copy of the
    /// table taken before (the session's snapshot) keeps the container as it was.
    @Test func changeInPlaceLeavesTheSnapshot() throws {
        let (made, id) = try engineWithContainer()
        var engine = made
        let snapshot = engine.containers
        let oldName = try #require(snapshot[id]).name
        let size = engine.containers.update(id) { container -> Int64 in
            container.name = "renamed"
            try? container.fs.write("/grown", cwd: [], bytes: Array(repeating: 7, count: 100), append: false, mtime: 1)
            container.status = .running
            container.process = .timed(until: Timestamp(seconds: 2_000_000), exitCode: 0)
            return container.fs.size
        }
        #expect(size == 100)
        #expect(engine.containers[id]?.name == "renamed")
        #expect(engine.containers.writableBytes == snapshot.writableBytes + 100)
        #expect(engine.containers.due[id] == Timestamp(seconds: 2_000_000))
        #expect(snapshot[id]?.name == oldName)
        #expect(snapshot[id]?.fs.size == 0)
        #expect(snapshot.due[id] == nil)
        #expect(engine.containers.indexViolations() == [])
        #expect(snapshot.indexViolations() == [])
        // The same change through the subscript gives the same table.
        var other = snapshot
        other[id]?.name = "renamed"
        try other[id]?.fs.write("/grown", cwd: [], bytes: Array(repeating: 7, count: 100), append: false, mtime: 1)
        other[id]?.status = .running
        other[id]?.process = .timed(until: Timestamp(seconds: 2_000_000), exitCode: 0)
        #expect(other.writableBytes == engine.containers.writableBytes)
        #expect(other.due[id] == engine.containers.due[id])
        #expect(other[id]?.fs.changes() == engine.containers[id]?.fs.changes())
    }

    /// A history saved into a writable layer that holds nothing yet, one that already holds an
    /// entry, and one whose root another copy shares: each as ``ContainerFS/put(_:at:)`` after a
    /// copy-up, and the sharing copy unchanged.
    @Test(arguments: [0, 1, 2])
    func historyIntoUpperRootsOfEveryKind(kind: Int) throws {
        let lower = FileTree.build(
            [
                ("/root/.bashrc", .file(FileContent(bytes: Array("x\n".utf8)), FileMetadata(mode: 0o644, mtime: 5))),
                ("/tmp/keep", .file(FileContent(bytes: []), FileMetadata(mode: 0o644, mtime: 5))),
            ], dirMeta: FileMetadata(mode: 0o700, uid: 3, gid: 4, mtime: 9))
        var fs = ContainerFS(
            upper: FileTree(rootMeta: FileMetadata(mode: 0o711, uid: 1, gid: 2, mtime: 3)), lower: [lower])
        fs.creator = (12, 34)
        if kind == 1 { try fs.write("/tmp/x", cwd: [], bytes: [1, 2, 3], append: false, mtime: 4) }
        let shared = fs  // shares the writable root (kind 2: a root with nothing, shared)
        if kind == 2 { #expect(shared.upper.root === fs.upper.root) }
        var general = fs
        let bytes = Array("ls\nexit\n".utf8)
        try fs.write("/root/.bash_history", cwd: [], bytes: bytes, append: true, mtime: 77)
        try general.put(
            .file(FileContent(bytes: bytes), FileMetadata(mode: 0o644, uid: 12, gid: 34, mtime: 77)),
            at: ["root", ".bash_history"])
        #expect(fs.changes() == general.changes())
        #expect(fs.size == general.size && fs.upper.count == general.upper.count)
        #expect(fs.upper.countedSize == fs.upper.size)
        #expect(fs.upper.root.meta == general.upper.root.meta)
        #expect(fs.upper.root.opaque == general.upper.root.opaque)
        #expect(fs.upper.root.sortedNames == general.upper.root.sortedNames)
        #expect(fs.upper.node(at: ["root"])?.metadata == general.upper.node(at: ["root"])?.metadata)
        #expect(try fs.read("/root/.bash_history", cwd: []).bytes == bytes)
        #expect(try fs.read("/root/.bashrc", cwd: []).bytes == Array("x\n".utf8))
        // The copy that shared the root is as it was.
        #expect(shared.upper.node(at: ["root"]) == nil)
        #expect(shared.size == (kind == 1 ? 3 : 0))
    }

    /// An opaque writable root (nothing below shows through) is not made anew: the write takes
    /// the general path and `/root` is missing from its folder, so the file cannot be made.
    @Test func opaqueRootIsLeftToTheGeneralPath() throws {
        let lower = FileTree.build(
            [("/root/.bashrc", .file(FileContent(bytes: []), FileMetadata(mode: 0o644, mtime: 5)))],
            dirMeta: FileMetadata(mode: 0o700, mtime: 9))
        var upper = FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: 1))
        upper.setDirectoryMeta([]) { _, opaque in opaque = true }
        var fs = ContainerFS(upper: upper, lower: [lower])
        #expect(throws: FSError.noSuchFile) {
            try fs.write("/root/.bash_history", cwd: [], bytes: [1], append: true, mtime: 2)
        }
        #expect(fs.upper.root.opaque && fs.upper.root.entries.isEmpty)
    }

    /// A container event keeps `image` and `name` beside the action's own pairs: its pairs,
    /// attributes and equality are those of the event made with all of them in one array.
    @Test(arguments: ["ubuntu", ""])
    func containerEventsKeepImageAndNameApart(image: String) {
        let time = Timestamp(seconds: 5)
        let labels = ["name": "label's", "x": "1", "image": "label's image"]
        for extra in [[], [EngineEvent.Attribute(key: "exitCode", value: "0")]] {
            let kept = EngineEvent(
                time: time, container: "abc", action: "die", labels: labels, extra: extra, image: image, name: "web")
            var pairs = extra
            if !image.isEmpty { pairs.append(EngineEvent.Attribute(key: "image", value: image)) }
            pairs.append(EngineEvent.Attribute(key: "name", value: "web"))
            let whole = EngineEvent(
                time: time, type: .container, action: "die", actorID: "abc", labels: labels, pairs: pairs)
            #expect(kept.pairs == pairs)
            #expect(kept.attributes == whole.attributes)
            #expect(kept.attributes["name"] == "web")
            #expect(kept.attributes["image"] == (image.isEmpty ? "label's image" : image))
            #expect(kept == whole && whole == kept)
            let other = EngineEvent(
                time: time, container: "abc", action: "die", labels: labels, extra: extra, image: image, name: "db")
            #expect(other != whole)
        }
    }
}
