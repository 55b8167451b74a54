import Testing

@testable import DockerSimCore

/// The daemon's mount parser (`ParseMountRaw`, `validateMountConfigImpl`, `ParseVolumesFrom`).
@Suite struct MountParserTests {
    @Test func bindsAndNamedVolumesFromDashV() throws {
        let bind = try MountParser.parseRaw("/home/usuario/web:/usr/local/apache2/htdocs")
        #expect(bind.type == .bind)
        #expect(bind.source == "/home/usuario/web")
        #expect(bind.propagation == "rprivate")
        #expect(bind.rw && bind.mode == "")
        let volume = try MountParser.parseRaw("miweb:/data/:ro")
        #expect(volume.type == .volume && volume.name == "miweb")
        #expect(volume.destination == "/data")
        #expect(!volume.rw && volume.mode == "ro")
        #expect(try MountParser.parseRaw("v:/d:nocopy").copyData == false)
        #expect(try MountParser.parseRaw("/a:/b:shared").propagation == "shared")
    }

    @Test func dashVErrorsAreTheDaemons() {
        func message(_ raw: String) -> String {
            do {
                _ = try MountParser.parseRaw(raw)
                return ""
            } catch {
                return error.message
            }
        }
        #expect(message("/data:rw") == "invalid volume specification: '/data:rw'")
        #expect(message("/a:/b:rw,ro") == "invalid mode: rw,ro")
        #expect(message("/a:/b:z,Z") == "invalid mode: z,Z")
        #expect(
            message("/src:data")
                == "invalid volume specification: '/src:data': invalid mount config for type \"bind\": invalid mount path: 'data' mount path must be absolute"
        )
        #expect(message("/src:/").hasSuffix("invalid specification: destination can't be '/'"))
        #expect(message("a:b:c:d:e") == "invalid volume specification: 'a:b:c:d:e'")
    }

    @Test func mountsAreValidatedAsTheDaemonDoes() {
        func message(_ spec: MountSpec, exists: Bool = true) -> String {
            do {
                _ = try MountParser.parseSpec(spec) { _ in exists }
                return ""
            } catch {
                return error.message
            }
        }
        var bind = MountSpec(type: "bind")
        bind.source = "/nada"
        bind.target = "/x"
        #expect(
            message(bind, exists: false)
                == "invalid mount config for type \"bind\": bind source path does not exist: /nada")
        #expect(message(bind) == "")
        var anonymous = MountSpec(type: "volume")
        anonymous.target = "/x"
        anonymous.readOnly = true
        #expect(message(anonymous).hasSuffix("must not set ReadOnly mode when using anonymous volumes"))
        var tmpfs = MountSpec(type: "tmpfs")
        tmpfs.target = "/"
        #expect(
            message(tmpfs) == "invalid mount config for type \"tmpfs\": invalid specification: destination can't be '/'"
        )
        #expect(
            message(MountSpec(type: "other"))
                == "invalid mount config for type \"other\": field Target must not be empty")
    }

    @Test func volumesFromModes() throws {
        #expect(try MountParser.parseVolumesFrom("datos") == ("datos", "rw"))
        #expect(try MountParser.parseVolumesFrom("datos:ro") == ("datos", "ro"))
        #expect(throws: DockerError.self) { try MountParser.parseVolumesFrom("datos:shared") }
        #expect(throws: DockerError.self) { try MountParser.parseVolumesFrom("datos:nocopy") }
        #expect(throws: DockerError.self) { try MountParser.parseVolumesFrom("") }
    }

    @Test func cleanIsGosPathClean() {
        #expect(MountParser.clean("/a/b/../c/") == "/a/c")
        #expect(MountParser.clean("a/../../b") == "../b")
        #expect(MountParser.clean("") == ".")
    }
}

/// A container file system with directories mounted over it.
@Suite struct MountedFileSystemTests {
    func mounted(readOnly: Bool = false) -> ContainerFS {
        var fs = ContainerFS(lower: sampleLower())
        let tree = FileTree.build(
            [("/old.txt", .file(FileContent(text: "old\n"), FileMetadata(mode: 0o644, mtime: 1)))],
            dirMeta: FileMetadata(mode: 0o755, mtime: 1))
        fs.attach(ContainerFS.Mount(path: ["etc"], content: .directory(tree), readOnly: readOnly, origin: .volume("v")))
        return fs
    }

    @Test func aMountHidesTheImagesDirectoryAndTakesTheWrites() throws {
        var fs = mounted()
        #expect(throws: FSError.noSuchFile) { try fs.read("/etc/passwd", cwd: []) }
        #expect(try fs.read("/etc/old.txt", cwd: []).text == "old\n")
        try fs.write("/etc/new.txt", cwd: [], bytes: Array("new\n".utf8), append: false, mtime: 2)
        try fs.makeDirectory("/etc/sub/dir", cwd: [], parents: true, mtime: 2)
        try fs.remove("/etc/old.txt", cwd: [], recursive: false)
        #expect(fs.upper.isEmpty)
        #expect(fs.changes().isEmpty)
        #expect(fs.mount(at: ["etc"])?.tree?.size == 4)
        #expect(Set(fs.list(["etc"]).keys) == ["new.txt", "sub"])
        #expect(fs.list([]).keys.contains("etc"))
    }

    @Test func readOnlyMountsRefuseEveryChange() {
        var fs = mounted(readOnly: true)
        #expect(throws: FSError.readOnly) { try fs.write("/etc/x", cwd: [], bytes: [1], append: false, mtime: 2) }
        #expect(throws: FSError.readOnly) { try fs.touch("/etc/old.txt", cwd: [], mtime: 2) }
        #expect(throws: FSError.readOnly) { try fs.makeDirectory("/etc/d", cwd: [], parents: false, mtime: 2) }
        #expect(throws: FSError.readOnly) { try fs.remove("/etc/old.txt", cwd: [], recursive: false) }
        #expect(FSError.readOnly.text == "Read-only file system")
        #expect(fs.readOnlyHolder(of: ["etc", "x"]) == .mount)
        #expect(fs.readOnlyHolder(of: ["root"]) == nil)
    }

    @Test func aMountPointCannotBeRemoved() throws {
        var fs = mounted()
        #expect(throws: FSError.busy) { try fs.remove("/etc", cwd: [], recursive: true) }
        #expect(fs.mount(at: ["etc"])?.tree?.isEmpty == true)  // `rm -r` emptied it first
    }

    @Test func copiesCrossTheMountBoundary() throws {
        var fs = mounted()
        try fs.copyTree(from: ["usr", "bin"], to: ["etc", "bin"], mtime: 3)
        #expect(fs.lookup(["etc", "bin", "ls"]) != nil)
        #expect(fs.upper.isEmpty)
        try fs.copyTree(from: ["etc", "old.txt"], to: ["root", "old.txt"], mtime: 3)
        #expect(fs.size == 4)
    }

    @Test func aReadOnlyRootStillWritesItsMounts() throws {
        var fs = mounted()
        fs.readOnlyRoot = true
        #expect(throws: FSError.readOnly) { try fs.touch("/f", cwd: [], mtime: 1) }
        try fs.touch("/etc/f", cwd: [], mtime: 1)
    }

    @Test func mountPointsMissingFromTheLayersAreAddedToTheWritableLayer() {
        var fs = ContainerFS(lower: sampleLower())
        fs.createMountPoint(["srv", "data"], directory: true, mtime: 5)
        fs.createMountPoint(["etc"], directory: true, mtime: 5)
        #expect(fs.changes() == [Change(.added, "/srv"), Change(.added, "/srv/data")])
        #expect(fs.size == 0)
    }
}
