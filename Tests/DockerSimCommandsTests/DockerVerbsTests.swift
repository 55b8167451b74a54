import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// Every command docker 28.5 has gets docker's answer: a simulation, or dockersim's "not
/// simulated yet" (translated, exit 1, nothing changed); never docker's "unknown command".
struct DockerVerbsTests {
    /// The verbs `docker --help` lists (28.5, buildx and compose installed): one per line after
    /// two spaces, in the command sections.
    static func listedVerbs() -> [String] {
        let help = makeSession().handle("docker --help").stdout
        var verbs: [String] = []
        var inCommands = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix("Commands:") {
                inCommands = true
                continue
            }
            if line.isEmpty || !line.hasPrefix("  ") {
                inCommands = false
                continue
            }
            guard inCommands, let word = line.split(separator: " ").first else { continue }
            verbs.append(word.hasSuffix("*") ? String(word.dropLast()) : String(word))
        }
        return verbs
    }

    /// Checked against the docker 28.2 client (the help templates are the same in 28.5.1's
    /// cli/cobra.go): help starts with `Usage:` (no blank line first); `--help` writes to stdout,
    /// `docker` alone and `docker GROUP` without a sub-command to stderr, all with status 0.
    @Test func helpStreamsAndFirstLine() {
        let session = makeSession()
        for line in ["docker --help", "docker ps --help", "docker image --help", "docker network ls --help"] {
            let output = session.handle(line)
            #expect(output.status == 0, "\(line)")
            #expect(output.stderr.isEmpty, "\(line)")
            #expect(output.stdout.hasPrefix("Usage:  docker "), "\(line)")
        }
        for line in ["docker", "docker image", "docker volume"] {
            let output = session.handle(line)
            #expect(output.status == 0, "\(line)")
            #expect(output.stdout.isEmpty, "\(line)")
            #expect(output.stderr.hasPrefix("Usage:  docker "), "\(line)")
        }
    }

    @Test func dockerHelpListsDockersCommands() {
        let verbs = Self.listedVerbs()
        #expect(verbs.count == 54)
        for verb in [
            "run", "bake", "login", "search", "version", "info", "buildx", "manifest", "swarm", "stats", "wait",
        ] {
            #expect(verbs.contains(verb), "\(verb)")
        }
        // Hidden on a daemon that is not experimental and a node that is not a swarm manager.
        #expect(!verbs.contains("checkpoint") && !verbs.contains("service"))
    }

    @Test(arguments: listedVerbs() + DockerVerbs.swarm + ["checkpoint"])
    func everyVerbHasAnAnswer(_ verb: String) {
        for line in ["docker \(verb)", verb] {
            let session = makeSession()
            let before = session.engine.stateFingerprint()
            let output = session.handle(line)
            #expect(!output.text.contains("unknown command"), "\(line): \(output.text)")
            #expect(!output.text.contains("command not found"), "\(line): \(output.text)")
            if output.stderr.contains("not simulated yet") {
                #expect(output.stderr == "dockersim: 'docker \(verb)' is not simulated yet\n")
                #expect(output.status == 1)
                #expect(output.stdout.isEmpty)
                #expect(session.engine.stateFingerprint() == before)
            }
        }
    }

    @Test func subCommandsDockerHasAreNotSimulatedYet() {
        let session = makeSession()
        let before = session.engine.stateFingerprint()
        for (line, what) in [
            ("docker container wait web", "docker container wait"),
            ("docker image import x.tar", "docker image import"),
            ("docker context ls", "docker context ls"),
            ("docker swarm init", "docker swarm init"),
            ("docker buildx ls", "docker buildx ls"),
            ("docker manifest inspect ubuntu", "docker manifest inspect"),
            ("docker plugin", "docker plugin"),
            ("docker volume update v", "docker volume update"),
        ] {
            let output = session.handle(line)
            #expect(output.stderr == "dockersim: '\(what)' is not simulated yet\n", "\(line)")
            #expect(output.status == 1)
        }
        #expect(session.engine.stateFingerprint() == before)
        // What docker does not have keeps docker's own text.
        #expect(
            session.handle("docker container foo").stderr
                == "docker: unknown command: docker container foo\n\nUsage:  docker container COMMAND\n\nRun 'docker container --help' for more information\n"
        )
        #expect(
            session.handle("docker foo").stderr
                == "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n")
    }

    @Test func notSimulatedYetIsTranslated() {
        let session = makeSession()
        session.language = .es
        let output = session.handle("docker wait web")
        #expect(output.stderr == "dockersim: 'docker wait' aún no se simula\n")
        #expect(output.status == 1)
        let flag = session.handle("docker history --platform linux/amd64 ubuntu")
        #expect(flag.stderr == "dockersim: 'docker history --platform' aún no se simula\n")
    }

    /// Every "not simulated yet" of dockersim's own — docker's flags, compose's commands and
    /// file keys, the shell's programs — comes from the one message catalog, in the session's
    /// language; docker's texts stay English.
    @Test func ownRefusalsSpeakTheSessionsLanguage() {
        let session = makeSession()
        session.language = .es
        let before = session.engine.stateFingerprint()
        let expected: [(String, String)] = [
            ("docker ps --filter isolation=default", "dockersim: 'docker ps --filter isolation=…' aún no se simula\n"),
            ("docker build --progress=rawjson .", "dockersim: 'docker build --progress=rawjson' aún no se simula\n"),
            (
                "docker network create --subnet fd00::/64 v6",
                "dockersim: 'docker network create --subnet IPv6' aún no se simula\n"
            ),
            ("docker compose --dry-run up", "dockersim: 'docker compose --dry-run' aún no se simula\n"),
            ("docker compose watch", "dockersim: 'docker compose watch' aún no se simula\n"),
            ("getent passwd", "dockersim: 'getent passwd' aún no se simula\n"),
            ("ip neigh", "dockersim: 'ip neigh' aún no se simula\n"),
            ("curl -u a:b http://localhost", "dockersim: 'curl -u' aún no se simula\n"),
        ]
        for (line, text) in expected {
            let output = session.handle(line)
            #expect(output.stderr == text, "\(line)")
            #expect(output.status != 0, "\(line)")
        }
        #expect(session.engine.stateFingerprint() == before)
        session.language = .en
        #expect(session.handle("ip neigh").stderr == "dockersim: 'ip neigh' is not simulated yet\n")
        #expect(
            session.handle("curl -s http://www.google.com").stderr
                == "dockersim: internet web pages are not simulated\n")
    }

    /// A program the image has but dockersim does not run says so, in the session's language,
    /// in a container's main process and in its attached shell alike.
    @Test func containerProgramsNotSimulatedSpeakTheSessionsLanguage() {
        let session = makeSession()
        session.language = .es
        _ = session.handle("docker pull alpine")
        let main = session.handle("docker run --rm alpine top")
        #expect(main.stderr == "dockersim: 'top' aún no se simula\n")
        #expect(main.status == 1)
        _ = session.handle("docker run -it --name caja alpine")
        let free = session.handle("free")
        #expect(free.stdout + free.stderr == "dockersim: 'free' aún no se simula\n")
        #expect(session.handle("nada").stdout.contains("/bin/sh: nada: not found"))
        _ = session.handle("exit")
        session.language = .en
        #expect(session.handle("docker run --rm alpine top").stderr == "dockersim: 'top' is not simulated yet\n")
        #expect(
            session.handle("docker run --rm alpine ps -ef").stdout
                == "PID   USER     TIME  COMMAND\n    1 root      0:00 ps -ef\n")
    }

    /// `logs -f` gives the terminal back with a note (docker would follow until Ctrl-C), only for a
    /// running container, in the session's language, after the log on stdout.
    @Test func logsFollowSaysItGivesTheTerminalBack() {
        let session = makeSession()
        session.language = .es
        #expect(session.handle("docker run -d --name reloj alpine sh -c 'echo hola; sleep 100'").status == 0)
        let following = session.handle("docker logs -f reloj")
        #expect(following.stdout == "hola\n")
        #expect(following.stderr == "dockersim: -f seguiría esperando; se devuelve el terminal\n")
        #expect(following.status == 0)
        #expect(session.handle("docker logs reloj").stderr == "")
        _ = session.handle("docker kill reloj")
        #expect(session.handle("docker logs -f reloj").stderr == "")
    }

    /// Attached commands that docker would keep waiting on (a container that outlives the
    /// terminal's patience, `compose up` without `-d`, `ping` without `-c`) give the terminal back
    /// with one note in the session's language.
    @Test func attachedWaitsGiveTheTerminalBackInTheSessionsLanguage() {
        for language in Language.allCases {
            let session = makeSession()
            session.language = language
            _ = session.handle("docker pull alpine")
            let run = session.handle("docker run --name reloj alpine sh -c 'echo hola; while true; do sleep 1; done'")
            #expect(run.stdout == "hola\n")
            #expect(run.stderr == Message.containerKeepsRunning.text(language) + "\n")
            #expect(run.status == 0)
            let ping = session.handle("docker exec reloj ping 127.0.0.1")
            let packets =
                language == .es ? "dockersim: ping sin -c se detiene tras" : "dockersim: ping without -c stops after"
            #expect(ping.stderr.hasPrefix(packets), "\(ping.stderr)")
            #expect(ping.stderr.components(separatedBy: "\n").count == 2, "\(ping.stderr)")
            _ = session.handle("mkdir app && cd app")
            _ = session.handle(
                "printf 'services:\\n  web:\\n    image: alpine\\n    command: sleep infinity\\n' > compose.yaml")
            let up = session.handle("docker compose up")
            #expect(up.stdout.hasPrefix("Attaching to "), "\(up.stdout)")
            #expect(up.stderr.hasSuffix("\n" + Message.servicesKeepRunning.text(language) + "\n"), "\(up.stderr)")
            #expect(up.status == 0)
        }
        #expect(Message.containerKeepsRunning.es.contains("el contenedor sigue en marcha"))
    }

    /// An image dockersim has no package catalog for says so in apt's and apk's error form, in
    /// the session's language.
    @Test func noPackageCatalogIsSaidInTheSessionsLanguage() {
        for language in Language.allCases {
            let session = makeSession()
            session.language = language
            _ = session.handle("docker pull ubuntu")
            _ = session.handle("docker pull alpine")
            let apt = session.handle("docker run --rm ubuntu apt-get update")
            #expect(apt.stderr.hasSuffix("E: " + Apt.noCatalog.text(language) + "\n"), "\(apt.stderr)")
            #expect(apt.status == 100)
            let apk = session.handle("docker run --rm alpine sh -c 'rm /etc/os-release; apk add curl'")
            #expect(apk.stderr.hasSuffix("ERROR: " + Apt.noCatalog.text(language) + "\n"), "\(apk.stderr)")
            #expect(apk.status == 1)
        }
        #expect(Apt.noCatalog.es == "dockersim: no hay catálogo de paquetes para esta imagen")
    }

    @Test func versionFlag() {
        let session = makeSession()
        for line in ["docker --version", "docker -v", "--version"] {
            let output = session.handle(line)
            #expect(output.stdout == "Docker version 28.5.1, build e180ab8\n", "\(line)")
            #expect(output.status == 0)
        }
        #expect(session.handle("docker buildx build").stderr.contains("'docker buildx build' requires 1 argument"))
    }

    @Test func runFlagsDockerHasAreNotSimulatedYet() {
        let session = makeSession()
        let before = session.engine.stateFingerprint()
        for (line, what) in [
            ("run -d --pids-limit 10 --name s ubuntu", "docker run --pids-limit"),
            ("run -d --memory-swappiness 10 ubuntu", "docker run --memory-swappiness"),
            ("docker container run --cpuset-cpus=0 ubuntu", "docker container run --cpuset-cpus"),
            ("create --gpus all ubuntu", "docker create --gpus"),
            ("create --ulimit nofile=10 ubuntu", "docker create --ulimit"),
        ] {
            let output = session.handle(line)
            #expect(output.stderr == "dockersim: '\(what)' is not simulated yet\n", "\(line)")
            #expect(output.status == 1)
        }
        #expect(session.engine.stateFingerprint() == before)
        // Windows-only flags: the CLI's own check, before anything runs.
        let windows = session.handle("run --cpu-count 2 ubuntu")
        #expect(
            windows.stderr
                == "\"--cpu-count\" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n"
        )
        #expect(windows.status == 1)
        let trust = session.handle("create --disable-content-trust=false ubuntu")
        #expect(trust.stderr == "dockersim: 'docker create --disable-content-trust=false' is not simulated yet\n")
        #expect(session.engine.stateFingerprint() == before)
        // Flags docker does not have keep pflag's texts.
        #expect(session.handle("run --nosuch ubuntu").stderr.hasPrefix("unknown flag: --nosuch\n"))
        #expect(session.handle("create -d ubuntu").stderr.hasPrefix("unknown shorthand flag: 'd' in -d\n"))
    }

    /// `run --help` and `create --help` list every flag docker 28.5 shows for a Linux daemon, with
    /// docker's texts, whether dockersim simulates it or not.
    @Test func runAndCreateHelpListDockersWholeGrammar() {
        let session = makeSession()
        let run = session.handle("docker run --help").stdout
        let create = session.handle("docker create --help").stdout
        for text in [run, create] {
            #expect(text.contains("\n      --use-api-socket                   Bind mount Docker API socket and\n"))
            #expect(text.contains("\n      --help                             Print usage\n"))
            #expect(text.contains("\n  -a, --attach list                      Attach to STDIN, STDOUT or STDERR\n"))
            #expect(text.contains("\n      --sysctl map                       Sysctl options (default map[])\n"))
            #expect(!text.contains("Windows only"))
        }
        #expect(run.contains("\n      --pull string                      Pull image before running\n"))
        #expect(create.contains("\n                                         (\"always\", \"|missing\", \"never\")\n"))
        #expect(!create.contains("--detach"))
        #expect(run.split(separator: "\n").filter { $0.hasPrefix("  -") || $0.hasPrefix("      --") }.count == 100)
    }

    @Test func groupHelpListsDockersSubCommands() {
        let text = makeSession().handle("docker container").stderr
        #expect(text.contains("\n  export      Export a container's filesystem as a tar archive\n  inspect     "))
        #expect(text.contains("\n  unpause     Unpause all processes within one or more containers\n  update      "))
        #expect(!text.contains("  list ") && !text.contains("  remove "))
        let system = makeSession().handle("docker system --help").stdout
        #expect(
            system.contains(
                "Commands:\n  df          Show docker disk usage\n  events      Get real time events from the server\n  info        Display system-wide information\n  prune       "
            ))
        #expect(!system.contains("dial-stdio"))
    }
}
