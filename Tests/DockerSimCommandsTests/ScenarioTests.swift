import DockerSimTestSupport
import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

func newSession(seed: UInt64 = 1) -> Session {
    makeSession(seed: seed)
}

/// The lines typed at a new session's host prompt (bash): stdout and stderr in the order
/// written, the engine's invariants checked after each.
func host(_ lines: [String]) -> String {
    let session = newSession()
    var text = ""
    for line in lines {
        text += session.handle(line).text
        #expect(session.engine.invariantViolations().isEmpty, "after \(line)")
    }
    return text
}

/// Runs lines, checking the engine's invariants after each; returns the last output.
@discardableResult
func run(_ session: Session, _ lines: [String]) -> CommandOutput {
    var last = CommandOutput()
    for line in lines {
        last = session.handle(line)
        let problems = session.engine.invariantViolations()
        #expect(problems.isEmpty, "after \(line): \(problems)")
    }
    return last
}

/// Nothing is written down in advance: other orders and other names give what docker would.
@Suite struct ScenarioTests {
    @Test func pullingV2FirstSharesTheSameLayers() {
        let session = newSession()
        let v2 = run(session, ["pull josedom24/servidorweb:v2"])
        #expect(
            v2.stdout.contains(
                "9532dfcb62dd: Pull complete \n209210f58112: Pull complete \n274f48ad3e93: Pull complete \n"))
        let v1 = run(session, ["pull josedom24/servidorweb:v1"])
        #expect(
            v1.stdout.contains(
                "9532dfcb62dd: Already exists \n209210f58112: Already exists \n4f6c4ab344d9: Pull complete \n"))
        let df = run(session, ["system df -v"])
        #expect(
            df.stdout.contains(
                "josedom24/servidorweb   v2        f558b3613d2c   3 days ago   187MB     186.8MB       25B           0\n"
            ))
        #expect(
            df.stdout.contains(
                "josedom24/servidorweb   v1        d0d75af6b8ec   3 days ago   187MB     186.8MB       22B           0\n"
            ))
    }

    @Test func debianSharesItsLayerWithServidorweb() {
        let session = newSession()
        run(session, ["pull debian:stable-slim"])
        let pull = run(session, ["pull josedom24/servidorweb:v1"])
        #expect(pull.stdout.contains("9532dfcb62dd: Already exists \n209210f58112: Pull complete \n"))
        let summary = run(session, ["system df"])
        #expect(
            summary.stdout == """
                TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
                Images          2         0         186.8MB   186.8MB (100%)
                Containers      0         0         0B        0B
                Local Volumes   0         0         0B        0B
                Build Cache     0         0         0B        0B

                """)
    }

    @Test func anotherContainerNameAndOtherCommands() {
        let session = newSession()
        run(session, ["pull ubuntu", "run -it --name otro ubuntu", "echo hola > /tmp/x", "cat /tmp/x"])
        #expect(session.handle("cat /tmp/x").stdout == "hola\n")
        run(session, ["exit"])
        // History: "echo hola > /tmp/x", "cat /tmp/x" twice is folded (ignoredups), "exit": 19 + 11 + 5 bytes; /tmp/x 5 bytes.
        let ps = run(session, ["ps -a -s --no-trunc"])
        #expect(ps.stdout.contains("40B (virtual 77.9MB)"))
        let diff = run(session, ["diff otro"])
        #expect(diff.stdout == "C /root\nA /root/.bash_history\nC /tmp\nA /tmp/x\n")
    }

    @Test func ctrlDWritesNoExitLine() {
        let session = newSession()
        run(session, ["pull ubuntu", "run -it --name cc ubuntu"])
        _ = session.endOfInput()
        #expect(!session.inContainer)
        #expect(run(session, ["ps -a -s"]).stdout.contains("0B (virtual 77.9MB)"))
    }

    @Test func runWithoutTerminalExitsAtOnce() {
        let session = newSession()
        let output = run(session, ["run ubuntu", "ps -a"])
        #expect(output.stdout.contains("\"/bin/bash\"   Less than a second ago   Exited (0) Less than a second ago"))
    }

    @Test func oneShotCommandsPrintAndExit() {
        let session = newSession()
        #expect(run(session, ["run ubuntu echo hola mundo"]).stdout.hasSuffix("hola mundo\n"))
        #expect(run(session, ["run --rm ubuntu cat /etc/os-release"]).stdout.contains("VERSION_CODENAME=jammy"))
        #expect(run(session, ["run -h myhost ubuntu hostname"]).stdout == "myhost\n")
        let hello = run(session, ["run hello-world"])
        #expect(hello.stdout.contains("Hello from Docker!"))
        #expect(
            hello.stderr.hasPrefix(
                "Unable to find image 'hello-world:latest' locally\nlatest: Pulling from library/hello-world\n"))
    }

    @Test func sleepingContainersExitWithTheClock() {
        let session = newSession()
        run(session, ["pull ubuntu", "run -d --name dormilon ubuntu sleep 30", "sleep 10"])
        #expect(run(session, ["ps"]).stdout.contains("Up 10 seconds"))
        run(session, ["sleep 25"])
        #expect(run(session, ["ps -a"]).stdout.contains("Exited (0) 5 seconds ago"))
    }

    /// GNU sleep waits forever for `infinity` (strtod's `inf`): the course's way to keep a
    /// container up. At a prompt the wait stops as Ctrl-C would, after the foreground limit.
    @Test func sleepInfinityKeepsTheContainerRunning() {
        let session = newSession()
        run(session, ["pull ubuntu", "run -d --name siempre ubuntu sleep infinity", "sleep 100"])
        #expect(run(session, ["ps"]).stdout.contains("Up About a minute"))
        let attached = run(session, ["run --name atado ubuntu sleep INF"])
        #expect(attached.status == 0)
        #expect(run(session, ["ps --format '{{.Names}} {{.Status}}'"]).stdout.contains("atado Up About an hour"))
        let prompt = run(session, ["sleep infinity"])
        #expect(prompt.status == 130)
        #expect(prompt.stderr.hasPrefix("^C\n"))
        #expect(prompt.stderr.contains("3600"))
        let nan = run(session, ["sleep nan"])
        #expect(nan.stderr == "sleep: invalid time interval 'nan'\nTry 'sleep --help' for more information.\n")
        #expect(nan.status == 1)
    }

    /// A service that handles the stop signal as process 1 (the catalog's `stop` line) shuts down
    /// at once with its own status; one a shell started, and `sleep`, wait for the SIGKILL.
    @Test func servicesHandleTheStopSignal() {
        let session = newSession()
        run(
            session,
            [
                "run -d --name apache httpd:2.4", "run -d --name java tomcat:9.0",
                "run -d --name viejo josedom24/servidorweb:v1",
            ])
        let before = session.engine.now
        #expect(run(session, ["stop apache java"]).stdout == "apache\njava\n")
        #expect(session.engine.now == before)
        run(session, ["stop viejo"])
        #expect(session.engine.now.interval(since: before) == 10)
        let listed = run(session, ["ps -a --format '{{.Names}} {{.Status}}'"]).stdout
        #expect(listed.contains("apache Exited (0) 10 seconds ago"))
        #expect(listed.contains("java Exited (143) 10 seconds ago"))
        #expect(listed.contains("viejo Exited (137) Less than a second ago"))
    }

    @Test func execShellKeepsTheContainerRunning() {
        let session = newSession()
        run(session, ["run -d --name web josedom24/servidorweb:v1", "exec -it web bash"])
        #expect(session.prompt.hasSuffix(":/var/www/html# "))
        #expect(run(session, ["cat index.html"]).stdout == "<h1>Cyrso Docker</h1>\n")
        run(session, ["exit"])
        #expect(run(session, ["ps"]).stdout.contains("Up "))
        #expect(run(session, ["ps"]).stdout.contains("\"/bin/sh -c 'apache2…\"   "))
    }

    @Test func rmiRemovesLayersTopDown() {
        let session = newSession()
        run(session, ["pull josedom24/servidorweb:v1", "pull josedom24/servidorweb:v2"])
        let output = run(session, ["rmi josedom24/servidorweb:v2"])
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "Untagged: josedom24/servidorweb:v2")
        #expect(
            lines[1]
                == "Untagged: josedom24/servidorweb@sha256:9acd8efeb1f0be80c466a7ebb3772e045ffcb6b12cfbfadaa8b7c4b110bd83ea"
        )
        #expect(lines[2].hasPrefix("Deleted: sha256:f558b3613d2c"))
        #expect(lines[3].hasPrefix("Deleted: sha256:"))
    }

    @Test func imagesQuietAndDigests() {
        let session = newSession()
        run(session, ["pull ubuntu", "tag ubuntu mio:1"])
        #expect(run(session, ["images -q"]).stdout == "e34e831650c1\ne34e831650c1\n")
        let digests = run(session, ["images --digests"]).stdout
        #expect(
            digests.contains(
                "ubuntu       latest    sha256:e6173d4dc55e76b87c4af8db8821b1feae4146dd47341e4d431118c7dd060a74   e34e831650c1"
            ))
        #expect(digests.contains("mio          1         <none>"))
    }

    @Test func historyShowsMissingBelowThePulledImage() {
        let session = newSession()
        run(session, ["pull debian:stable-slim"])
        let history = run(session, ["history debian:stable-slim"]).stdout
        let lines = history.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[0] == "IMAGE          CREATED       CREATED BY                                      SIZE      COMMENT"
        )
        #expect(
            lines[1].hasPrefix(
                "b5f1d42e3f36   2 weeks ago   /bin/sh -c #(nop)  CMD [\"bash\"]                 0B        "))
        #expect(
            lines[2].hasPrefix(
                "<missing>      2 weeks ago   /bin/sh -c #(nop) ADD file:17e64d3a682fd256f…   74.8MB    "))
    }

    @Test func stopTakesTheTimeoutForAShell() {
        let session = newSession()
        run(session, ["run -dit --name shell ubuntu", "stop shell"])
        #expect(run(session, ["ps -a"]).stdout.contains("Exited (137) Less than a second ago"))
    }
}

/// The executable itself, in scripted mode.
@Suite struct ExecutableTests {
    static var binary: URL {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [
            products, products.deletingLastPathComponent(),
            products.deletingLastPathComponent().deletingLastPathComponent(),
        ] {
            let url = candidate.appendingPathComponent("dockersim")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent(".build/debug/dockersim")
    }

    static func dockersim(
        _ arguments: [String], input: String
    ) throws -> (stdout: String, stderr: String, status: Int32) {
        let result = try runProcess(binary, arguments, input: input)
        return (result.stdout, result.stderr, result.status)
    }

    /// The issue's own check: the seed's first lines, exactly.
    @Test func seedPullAndImages() throws {
        let result = try Self.dockersim(
            ["--clock", "2024-01-28T18:00:00+01:00"], input: "pull josedom24/servidorweb:v1\nimages\n")
        #expect(
            result.stdout == """
                v1: Pulling from josedom24/servidorweb
                9532dfcb62dd: Pull complete 
                209210f58112: Pull complete 
                4f6c4ab344d9: Pull complete 
                Digest: sha256:5707a7005d440bf32619e27e37800419b2c52644205da3c6a9edb9d55b8c51de
                Status: Downloaded newer image for josedom24/servidorweb:v1
                docker.io/josedom24/servidorweb:v1
                REPOSITORY              TAG       IMAGE ID       CREATED      SIZE
                josedom24/servidorweb   v1        d0d75af6b8ec   3 days ago   187MB

                """)
        #expect(result.stderr == "")
        #expect(result.status == 0)
    }

    @Test func exitStatusIsTheLastCommands() throws {
        let result = try Self.dockersim(["--clock", "2024-01-28T18:00:00Z"], input: "images\nrmi nothing\n")
        #expect(result.status == 1)
        #expect(result.stderr == "Error response from daemon: No such image: nothing:latest\n")
    }

    @Test func echoShowsPromptsAndLines() throws {
        let result = try Self.dockersim(
            ["--clock", "2024-01-28T18:00:00Z", "--seed", "5", "--echo"],
            input: "docker run -it -h caja ubuntu\npwd\nexit\n")
        #expect(result.stdout == "$ docker run -it -h caja ubuntu\nroot@caja:/# pwd\n/\nroot@caja:/# exit\nexit\n")
    }

    /// `dockersim replay`: green on the repository's transcripts; a changed line fails with its
    /// file and line and exit status 1; `--bless` puts it right.
    @Test func replayCommand() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Transcripts")
        let green = try Self.dockersim(["replay", folder.path], input: "")
        #expect(green.status == 0)
        #expect(green.stdout.hasSuffix(" passed, 0 failed\n"))
        let original = try String(
            contentsOf: folder.appendingPathComponent("curso/modulo3/almacenamiento.md"), encoding: .utf8)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dockersim-replay-\(UUID().uuidString).md")
        defer { try? FileManager.default.removeItem(at: copy) }
        try original.replacingOccurrences(of: "Digest: sha256:9acd", with: "Digest: sha256:0acd").write(
            to: copy, atomically: true, encoding: .utf8)
        let red = try Self.dockersim(["replay", "--no-color", copy.path], input: "")
        #expect(red.status == 1)
        let line =
            original.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.hasPrefix("Digest: sha256:9acd")
            }.map { $0 + 1 } ?? 0
        #expect(red.stdout.contains("\(copy.path):\(line): output of `docker pull josedom24/servidorweb:v2` differs"))
        #expect(red.stdout.contains("- Digest: sha256:0acd"))
        #expect(red.stdout.contains("+ Digest: sha256:9acd"))
        _ = try Self.dockersim(["replay", "--bless", copy.path], input: "")
        #expect(try String(contentsOf: copy, encoding: .utf8) == original)
    }

    @Test func badClockIsRefused() throws {
        let result = try Self.dockersim(["--clock", "yesterday"], input: "")
        #expect(result.status != 0)
        #expect(result.stderr.contains("--clock"))
    }
}
