import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `docker build`: layers from what RUN and COPY did, history rows, the cache, BuildKit's
/// screens and errors, and the state a failed build leaves.
@Suite struct BuildTests {
    /// A session whose host has `files` (path relative to /home/usuario → text).
    func session(_ files: [String: String]) -> Session {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 3)
        write(session, files)
        return session
    }

    func write(_ session: Session, _ files: [String: String]) {
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            let time = session.engine.now.seconds
            _ = try? session.engine.withHost { (fs: inout ContainerFS, _: inout [String]) throws(FSError) in
                let parts = FilePath.components(path)
                if parts.count > 1 {
                    try fs.makeDirectory(
                        "/home/usuario/" + parts.dropLast().joined(separator: "/"), cwd: [], parents: true, mtime: time)
                }
                try fs.write("/home/usuario/" + path, cwd: [], bytes: Array(text.utf8), append: false, mtime: time)
            }
        }
    }

    static let simple = [
        "app/Dockerfile":
            "FROM debian:stable-slim\nRUN echo hola > /hola.txt\nWORKDIR /var/www/html\nCOPY index.html .\nCMD [\"cat\", \"index.html\"]\n",
        "app/index.html": "<h1>Cyrso Docker</h1>\n",
    ]

    @Test func layersAreWhatRunAndCopyDid() throws {
        let session = session(Self.simple)
        let built = session.run("docker build -t web:v1 app")
        #expect(built.status == 0)
        #expect(built.stdout == "")
        let history = session.run("docker history web:v1").stdout
        let lines = history.split(separator: "\n").map(String.init)
        #expect(lines.count == 7)
        #expect(lines[1].contains("CMD [\"cat\" \"index.html\"]"))
        #expect(lines[2].contains("COPY index.html . # buildkit") && lines[2].contains("22B"))
        #expect(lines[3].contains("WORKDIR /var/www/html") && lines[3].contains(" 0B "))
        #expect(lines[4].contains("RUN /bin/sh -c echo hola > /hola.txt # build…") && lines[4].contains(" 5B "))
        #expect(lines[6].contains("74.8MB"))
        #expect(session.run("docker run --rm web:v1").stdout == "<h1>Cyrso Docker</h1>\n")
        #expect(session.run("docker run --rm web:v1 cat /hola.txt").stdout == "hola\n")
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func theCacheReusesStepsUntilOneChanges() throws {
        let session = session(Self.simple)
        session.run("docker build -t web:v1 app")
        let first = try session.engine.findImage("web:v1").id
        let again = session.run("docker build -t web:v1 app").stderr
        #expect(again.contains("=> CACHED [2/4] RUN echo hola > /hola.txt"))
        #expect(again.contains("=> CACHED [4/4] COPY index.html ."))
        #expect(try session.engine.findImage("web:v1").id == first)
        write(session, ["app/index.html": "<h1>Cyrso Docker v2</h1>\n"])
        let edited = session.run("docker build -t web:v1 app").stderr
        #expect(edited.contains("=> CACHED [3/4] WORKDIR /var/www/html"))
        #expect(edited.contains("=> [4/4] COPY index.html ."))
        #expect(!edited.contains("CACHED [4/4]"))
        // The old image lost its tag: dangling.
        let images = session.run("docker images").stdout
        #expect(images.contains("<none>       <none>"))
        let none = session.run("docker build --no-cache -t web:v1 app").stderr
        #expect(!none.contains("CACHED"))
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func aFailingRunShowsBuildKitsScreenAndLeavesNoImage() throws {
        let session = session([
            "bad/Dockerfile": "FROM debian:stable-slim\nRUN echo uno > /uno\nRUN noexiste\nRUN echo tres\n"
        ])
        let output = session.run("docker build -t bad bad")
        #expect(output.status == 1)
        #expect(output.stderr.contains(" => ERROR [3/4] RUN noexiste"))
        #expect(output.stderr.contains("------\n > [3/4] RUN noexiste:\n"))
        #expect(output.stderr.contains("/bin/sh: 1: noexiste: not found\n------\n"))
        #expect(
            output.stderr.hasSuffix(
                """
                Dockerfile:3
                --------------------
                   1 |     FROM debian:stable-slim
                   2 |     RUN echo uno > /uno
                   3 | >>> RUN noexiste
                   4 |     RUN echo tres
                   5 |     
                --------------------
                ERROR: failed to build: failed to solve: process "/bin/sh -c noexiste" did not complete successfully: exit code: 127

                """))
        #expect(session.engine.images.isEmpty)
        #expect(session.engine.references.isEmpty)
        // The step that finished is in the cache.
        let again = session.run("docker build -t bad bad").stderr
        #expect(again.contains("CACHED [2/4] RUN echo uno > /uno"))
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func parseErrorsAndMissingFiles() {
        let session = session([
            "p/Dockerfile": "FROM debian:stable-slim\nFORM x\n",
            "q/Dockerfile": "FROM debian:stable-slim\nCOPY nada .\n",
        ])
        let parse = session.run("docker build p")
        #expect(parse.status == 1)
        #expect(
            parse.stderr.hasSuffix(
                "Dockerfile:2\n--------------------\n   1 |     FROM debian:stable-slim\n   2 | >>> FORM x\n   3 |     \n--------------------\nERROR: failed to build: failed to solve: dockerfile parse error on line 2: unknown instruction: FORM (did you mean FROM?)\n"
            ))
        let missing = session.run("docker build nada")
        #expect(
            missing.stderr
                == "[+] Building 0.0s (0/0)                                          docker:default\nERROR: failed to build: unable to prepare context: path \"nada\" not found\n"
        )
        let noFile = session.run("docker build q")
        #expect(noFile.stderr.contains("\"/nada\": not found"))
        let noDockerfile = session.run("docker build -f Otro q")
        #expect(
            noDockerfile.stderr.hasSuffix(
                "ERROR: failed to build: failed to solve: failed to read dockerfile: open Otro: no such file or directory\n"
            ))
        #expect(
            session.run("docker build").stderr.hasPrefix("ERROR: docker: 'docker buildx build' requires 1 argument"))
        #expect(session.engine.images.isEmpty)
    }

    /// Issue 14's bad input: a RUN that never ends stops at the shell's limits and fails the
    /// build; a huge --build-arg is refused or carried without harm; a failed build moves no tag
    /// (the old image keeps it) and leaves no partial image.
    @Test func endlessRunHugeArgAndTagsStayPut() throws {
        var files = Self.simple
        files["loop/Dockerfile"] = "FROM debian:stable-slim\nRUN while true; do :; done\n"
        files["arg/Dockerfile"] = "FROM debian:stable-slim\nARG X\nRUN echo ${#X} > /len\n"
        files["app2/Dockerfile"] = "FROM debian:stable-slim\nRUN echo hola > /hola.txt\nRUN exit 3\n"
        let session = session(files)
        session.engine.limits.commandsWithoutPause = 2_000  // the endless loop stops sooner
        #expect(session.run("docker build -t web app").status == 0)
        let before = try session.engine.findImage("web").id
        let images = session.engine.images.count
        // A RUN that loops for ever is stopped by the limits: BuildKit's error, no image, no tag moved.
        let loop = session.run("docker build -t web loop")
        #expect(loop.status != 0)  // 130: the line was stopped, as by Ctrl-C
        #expect(
            loop.stderr.contains(
                "ERROR: failed to build: failed to solve: process \"/bin/sh -c while true; do :; done\""))
        #expect(try session.engine.findImage("web").id == before)
        #expect(session.engine.images.count == images)
        // A failing RUN: the tag stays on the old image.
        let failing = session.run("docker build -t web app2")
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("did not complete successfully: exit code: 3"))
        #expect(try session.engine.findImage("web").id == before)
        #expect(session.engine.images.count == images)
        // A huge build argument (past the line's length) is refused whole, as any too-long line.
        let huge = session.run("docker build --build-arg X=" + String(repeating: "x", count: 20_000) + " -t big arg")
        #expect(huge.status != 0)
        #expect(throws: (any Error).self) { try session.engine.findImage("big") }
        // One that fits is carried into the RUN.
        #expect(
            session.run("docker build --build-arg X=" + String(repeating: "y", count: 1000) + " -t big arg").status == 0
        )
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func quietPrintsTheID() throws {
        let session = session(Self.simple)
        let output = session.run("docker build -q -t web app")
        let id = try session.engine.findImage("web").id
        #expect(output.stdout == id.description + "\n")
        #expect(output.stderr == "")
    }

    @Test func argsEnvAndMultiStage() throws {
        let session = session([
            "m/Dockerfile": """
            ARG BASE=debian:stable-slim
            FROM ${BASE} AS builder
            ARG NAME=mundo
            RUN echo "hola $NAME" > /saludo
            FROM debian:stable-slim
            ENV GREETING=/saludo
            COPY --from=builder /saludo /saludo
            CMD cat $GREETING

            """
        ])
        let output = session.run("docker build --build-arg NAME=curso -t multi m")
        #expect(output.status == 0)
        #expect(output.stderr.contains("[builder 2/2] RUN echo \"hola curso\" > /saludo"))
        #expect(output.stderr.contains("[stage-1 2/2] COPY --from=builder /saludo /saludo"))
        #expect(session.run("docker run --rm multi").stdout == "hola curso\n")
        let history = session.run("docker history --no-trunc multi").stdout
        #expect(history.contains("ENV GREETING=/saludo"))
        #expect(session.engine.invariantViolations() == [])
    }
}
