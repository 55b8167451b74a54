import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// The main process's and the attached shell's working directory, read once (issue 18).
@Suite struct LaunchWorkingDirectoryTests {
    /// ``ContainerRuntime/workingDirectory(_:)`` is `FilePath.normalize` of the container's
    /// folder, its shortcut for `""` and `/` included.
    @Test func theWorkingDirectoryIsTheNormalizedPath() {
        for path in ["", "/", "//", "/tmp", "/tmp/", "tmp", "/a/../b", "/..", "/usr/local/./bin", "/é/ü", "."] {
            #expect(ContainerRuntime.workingDirectory(path) == FilePath.normalize(path), "\(path)")
        }
    }

    /// A shell started in a container has the `PWD` of its folder: `/` at the root.
    @Test func theShellsPWDIsItsFolder() throws {
        let session = Session(engine: Engine(clock: .manual(at: Timestamp(seconds: 1_700_000_000)), seed: 1))
        #expect(session.handle("docker pull ubuntu").status == 0)
        #expect(session.handle("docker create --name raiz ubuntu").status == 0)
        #expect(session.handle("docker create --name tmp -w /tmp/x/.. ubuntu").status == 0)
        let engine = session.engine
        for (name, pwd) in [("raiz", "/"), ("tmp", "/tmp")] {
            let id = try #require(engine.containers.values.first { $0.name == name }?.id)
            let shell = Shell(containerID: id, engine: engine, interactive: true, terminal: true)
            #expect(shell.env["PWD"] == pwd)
            #expect(FilePath.string(shell.cwd) == pwd)
        }
    }
}
