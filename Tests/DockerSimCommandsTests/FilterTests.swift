import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `docker ps --filter` and `docker images --filter` on the format tests' session: `web`
/// (running, env=prod, tier=front), `creado` (created, env=prod), `hola` (exited 0), newest first.
@Suite struct FilterTests {
    static let psCases: [(String, String)] = [
        ("ps -a --filter status=created", "creado"),
        ("ps --filter status=exited", "hola"),
        ("ps --filter status=running --filter status=exited", "web hola"),
        ("ps -a --filter name=o", "creado hola"),
        ("ps -a --filter name=^w", "web"),
        ("ps -a --filter name=^/hola$", "hola"),
        ("ps -a -f name=web -f name=hola", "web hola"),
        ("ps -a --filter label=env", "web creado"),
        ("ps -a --filter label=env=prod --filter label=tier", "web"),
        ("ps -a --filter label=env=dev", ""),
        ("ps -a --filter ancestor=ubuntu", "creado"),
        ("ps -a --filter ancestor=ubuntu:latest --filter ancestor=hello-world", "creado hola"),
        ("ps -a --filter ancestor=nosuch", ""),
        ("ps -a --filter exited=0", "hola"),
        ("ps -a --filter exited=1", ""),
        ("ps -a --filter before=web", "creado hola"),
        ("ps -a --filter since=hola", "web creado"),
        ("ps --filter since=hola", "web"),
        ("ps -a --filter before=web --filter status=created", "creado"),
        ("ps -a -n 1 --filter label=env", "web"),
        ("ps -f 'STATUS = running'", "web"),
        ("ps -a --filter id=", "web creado hola"),
        ("ps -a --filter network=bridge", "web creado hola"),
        ("ps -a --filter network=host", ""),
        ("ps -a --filter expose=80", "web"),
        ("ps -a --filter expose=79-81/tcp", "web"),
        ("ps -a --filter expose=80/udp", ""),
        ("ps -a --filter publish=80", ""),
        ("ps -a --filter health=none", "web creado hola"),
        ("ps -a --filter health=healthy", ""),
        ("ps -a --filter volume=/data", ""),
        ("ps -a --filter is-task=false", "web creado hola"),
        ("ps -a --filter is-task=true", ""),
    ]

    @Test(arguments: psCases)
    func psFilters(line: String, names: String) {
        let session = formatSession()
        let output = session.handle(line + " --format '{{.Names}}'")
        #expect(output.stdout.split(separator: "\n").joined(separator: " ") == names)
        #expect(output.stderr == "")
        #expect(output.status == 0)
    }

    @Test func psFilterByIDPrefix() {
        let session = formatSession()
        let id = (try? session.engine.findContainer("creado"))?.id ?? "?"
        #expect(session.handle("ps -a -q --filter id=\(id.prefix(6))").stdout == String(id.prefix(12)) + "\n")
    }

    @Test func psFilterKeepsTheDefaultTable() {
        let session = formatSession()
        let hola = (try? session.engine.findContainer("hola"))?.shortID ?? "?"
        let output = session.handle("ps -f status=exited")
        #expect(
            output.stdout == """
                CONTAINER ID   IMAGE         COMMAND    CREATED              STATUS                          PORTS     NAMES
                \(hola)   hello-world   "/hello"   About a minute ago   Exited (0) About a minute ago             hola\n
                """)
    }

    static let imageCases: [(String, String)] = [
        ("images -f dangling=false", "josedom24/servidorweb ubuntu hello-world"),
        ("images -f dangling=true", ""),
        ("images -f reference=ubuntu", "ubuntu"),
        ("images -f reference='ubuntu:*'", "ubuntu"),
        ("images -f reference='josedom24/*'", "josedom24/servidorweb"),
        ("images -f reference='*'", "ubuntu hello-world"),
        ("images -f reference=ubuntu -f reference=hello-world", "ubuntu hello-world"),
        ("images -f label=org.opencontainers.image.ref.name=ubuntu", "ubuntu"),
        ("images -f label=nosuch", ""),
        ("images -f before=ubuntu", "hello-world"),
        ("images -f since=hello-world", "josedom24/servidorweb ubuntu"),
        ("images -f until=1h", "ubuntu hello-world"),  // servidorweb:v1 was built after the session's clock
        ("images -f until=2000-01-01", ""),
        ("images -f until=2024-01-01T00:00:00Z", "hello-world"),
        ("images -f until=1704067200", "hello-world"),
    ]

    @Test(arguments: imageCases)
    func imageFilters(line: String, repositories: String) {
        let session = formatSession()
        let output = session.handle(line + " --format '{{.Repository}}'")
        #expect(output.stdout.split(separator: "\n").joined(separator: " ") == repositories)
        #expect(output.stderr == "")
        #expect(output.status == 0)
    }

    @Test func imagesFilterKeepsTheDefaultTable() {
        let session = formatSession()
        let ubuntu = (try? session.engine.findImage("ubuntu"))?.id.short ?? "?"
        let output = session.handle("images -f reference=ubuntu")
        let since = session.handle("images --format '{{.CreatedSince}}' ubuntu").stdout.dropLast()
        #expect(
            output.stdout
                == Table(
                    header: ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"],
                    rows: [["ubuntu", "latest", ubuntu, String(since), "77.9MB"]]
                ).render())
    }

    static let usage = "\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n"
    static let errors: [(line: String, stderr: String, status: Int32)] = [
        (
            "ps -f foo",
            "invalid argument \"foo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)" + usage,
            125
        ),
        (
            "docker container ls --filter foo",
            "invalid argument \"foo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n\nUsage:  docker container ls [OPTIONS]\n\nRun 'docker container ls --help' for more information\n",
            125
        ),
        ("ps -f foo=bar", "Error response from daemon: invalid filter 'foo'\n", 1),
        ("ps -f status=bogus", "Error response from daemon: invalid filter 'status=bogus'\n", 1),
        (
            "ps -f exited=x",
            "Error response from daemon: invalid filter 'exited=x': strconv.Atoi: parsing \"x\": invalid syntax\n", 1
        ),
        ("ps -f before=nope", "Error response from daemon: No such container: nope\n", 1),
        ("ps -f health=sick", "Error response from daemon: Unrecognised filter value for health: sick\n", 1),
        ("ps -f is-task=maybe", "Error response from daemon: invalid filter 'is-task=maybe'\n", 1),
        ("ps -f expose=80:80", "Error response from daemon: filter for 'expose' should not contain ':': 80:80\n", 1),
        (
            "ps -f publish=http",
            "Error response from daemon: error while looking up for publish http: strconv.ParseUint: parsing \"http\": invalid syntax\n",
            1
        ),
        (
            "images -f foo",
            "invalid argument \"foo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nRun 'docker images --help' for more information\n",
            125
        ),
        ("images -f foo=bar", "Error response from daemon: invalid filter 'foo'\n", 1),
        ("images -f dangling=maybe", "Error response from daemon: invalid filter 'dangling=maybe'\n", 1),
        ("images -f before=nada", "Error response from daemon: No such image: nada:latest\n", 1),
        (
            "images -f until=yesterday",
            "Error response from daemon: failed to parse value as time or duration: \"yesterday\"\n", 1
        ),
    ]

    @Test(arguments: errors)
    func filterErrorsChangeNothing(line: String, stderr: String, status: Int32) {
        let session = formatSession()
        let before = session.engine.stateFingerprint()
        let output = session.handle(line)
        #expect(output.stdout == "")
        #expect(output.stderr == stderr)
        #expect(output.status == status)
        #expect(session.engine.stateFingerprint() == before)
    }

    @Test func filterArgsMatchLikeMoby() {
        let args = try? FilterArgs.parse(
            ["label=a", "label=b=2", "name=we", "name=we"], command: "docker ps", use: "[OPTIONS]")
        #expect(args?.values("name") == ["we"])
        #expect(args?.matchKVList("label", ["a": "x", "b": "2"]) == true)
        #expect(args?.matchKVList("label", ["a": "x", "b": "3"]) == false)
        #expect(args?.matchKVList("label", [:]) == false)
        #expect(args?.match("name", "/web") == true)
        #expect(args?.match("id", "anything") == true)
    }
}

@Suite struct FilterTimeTests {
    @Test func goDurations() {
        #expect(FilterTime.duration("10m") == 600)
        #expect(FilterTime.duration("1h30m") == 5400)
        #expect(FilterTime.duration("1.5s") == 1.5)
        #expect(FilterTime.duration("10") == nil)
        #expect(FilterTime.duration("x") == nil)
    }

    /// moby's `GetTimestamp` takes `0` for the Unix time 0, not for a duration of none (its
    /// `value != "0"` test): `events --since 0` lists every event kept.
    @Test func zeroIsTheUnixEpoch() throws {
        let now = Timestamp(seconds: 1_705_955_410)
        #expect(try FilterTime.timestamp("0", now: now) == Timestamp(seconds: 0))
        #expect(try FilterTime.timestamp("0s", now: now) == now)
        #expect(try FilterTime.timestamp("10s", now: now) == Timestamp(seconds: 1_705_955_400))
        let session = newSession()
        _ = run(session, ["pull ubuntu", "run -d --name c4 ubuntu sleep 1000", "stop c4"])
        let since = session.handle("events --since 0 --until 0s --format '{{.Action}}'").stdout
        #expect(since.hasPrefix("pull\ncreate\nconnect\nstart\nkill\n"), "the events before stop's 10 seconds")
    }
}
