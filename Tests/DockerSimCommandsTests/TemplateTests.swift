import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimTemplate

/// Runs `text` against `data`, or returns the error message.
private func render(_ text: String, _ data: GoValue, options: GoTemplate.Options = GoTemplate.Options()) -> String {
    do {
        return try GoTemplate(text).execute(data, options: options)
    } catch {
        return "ERROR " + error.message
    }
}

/// `{"Name": "web", "Env": […], "Labels": {…}, "State": {…}, "Cmd": null, "Size": 42}` as inspect's typed structs.
private let sample = GoValue.from(
    json: .object([
        ("Name", .string("/web")),
        ("Env", .array([.string("A=1"), .string("B=<2>")])),
        ("Labels", .sortedObject(["tier": .string("front"), "app": .string("web")])),
        ("State", .object([("Running", .bool(true)), ("ExitCode", .int(0))])),
        ("Cmd", .null),
        ("Size", .int(42)),
    ]), typed: true)

@Suite struct GoTemplateTests {
    static let cases: [(String, String)] = [
        ("{{.Name}}", "/web"),
        ("name={{.Name}}!", "name=/web!"),
        ("{{.State.Running}} {{.State.ExitCode}} {{.Size}}", "true 0 42"),
        ("{{.Env}}", "[A=1 B=<2>]"),
        ("{{json .Env}}", "[\"A=1\",\"B=<2>\"]"),
        ("{{json .Labels}}", "{\"app\":\"web\",\"tier\":\"front\"}"),
        ("{{json .State}}", "{\"Running\":true,\"ExitCode\":0}"),
        ("{{json .Cmd}}", "null"),
        ("{{.Cmd}}", "[]"),
        ("{{.Labels}}", "map[app:web tier:front]"),
        ("{{.Labels.missing}}", "<no value>"),
        ("{{index .Labels \"tier\"}}", "front"),
        ("{{index .Env 1}}", "B=<2>"),
        ("{{index .Labels \"nope\"}}|", "|"),
        ("{{len .Env}} {{len .Labels}} {{len .Name}}", "2 2 4"),
        ("{{join .Env \",\"}}", "A=1,B=<2>"),
        ("{{range .Env}}{{println .}}{{end}}", "A=1\nB=<2>\n"),
        ("{{range $i, $e := .Env}}{{$i}}:{{$e}};{{end}}", "0:A=1;1:B=<2>;"),
        ("{{range $k, $v := .Labels}}{{$k}}={{$v}} {{end}}", "app=web tier=front "),
        ("{{range .Cmd}}x{{else}}empty{{end}}", "empty"),
        ("{{if .State.Running}}up{{else}}down{{end}}", "up"),
        ("{{if .Cmd}}a{{else if .Size}}b{{else}}c{{end}}", "b"),
        ("{{with .State}}{{.ExitCode}}{{end}}", "0"),
        ("{{.Name | upper}} {{lower \"ABC\"}} {{title \"hello world\"}}", "/WEB abc Hello World"),
        ("{{$n := .Name}}{{$n}}{{$n}}", "/web/web"),
        ("{{range .Env}}{{$.Name}}{{end}}", "/web/web"),
        ("{{split \"a:b:c\" \":\"}}", "[a b c]"),
        ("{{pad .Name 2 1}}|{{pad \"\" 2 1}}|", "  /web ||"),
        ("{{truncate .Name 2}} {{truncate .Name 10}}", "/w /web"),
        ("{{printf \"%s-%d-%q\" .Name .Size .Name}}", "/web-42-\"/web\""),
        ("{{print 1 2 \"a\" \"b\"}}", "1 2ab"),
        ("{{println .Name .Size}}", "/web 42\n"),
        ("{{eq .Size 42}} {{ne .Name \"x\"}} {{lt 1 2}} {{not .Cmd}}", "true true true true"),
        ("{{and .Name .Size}} {{or .Cmd .Name}}", "42 /web"),
        ("a  {{- .Size -}}  b", "a42b"),
        ("{{/* a comment */}}x", "x"),
        ("{{(index .Env 0) | lower}}", "a=1"),
        ("{{range .Env}}{{if eq . \"A=1\"}}{{continue}}{{end}}{{.}}{{end}}", "B=<2>"),
        ("{{range .Env}}{{.}}{{break}}{{end}}", "A=1"),
        ("{{if $x := .Cmd}}{{$x}}{{else}}none {{$x}}{{end}}", "none []"),
        ("{{with $s := .State}}{{$s.ExitCode}}{{end}}", "0"),
        ("{{.Name\n}}", "/web"),
    ]

    @Test(arguments: cases)
    func runs(template: String, expected: String) {
        #expect(render(template, sample) == expected)
    }

    static let errors: [(String, String)] = [
        ("{{.Name", "template: :1: unclosed action"),
        ("{{if .Name}}x", "template: :1: unexpected EOF"),
        ("x{{end}}", "template: :1: unexpected {{end}}"),
        ("{{foo .Name}}", "template: :1: function \"foo\" not defined"),
        ("{{$x}}", "template: :1: undefined variable \"$x\""),
        ("{{if $y := 1}}{{end}}{{$y}}", "template: :1: undefined variable \"$y\""),
        ("{{}}", "template: :1: missing value for command"),
        ("a\n{{.Name #}}", "template: :2: bad character U+0023 '#'"),
        ("{{\"abc}}", "template: :1: unterminated quoted string"),
        ("{{.Nope}}", "template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type struct"),
        ("{{.Name.X}}", "template: :1:2: executing \"\" at <.Name.X>: can't evaluate field X in type string"),
        (
            "xy {{join .Size \",\"}}",
            "template: :1:10: executing \"\" at <.Size>: wrong type for value; expected []string; got int"
        ),
        ("{{join .Env}}", "template: :1:2: executing \"\" at <join>: wrong number of args for join: want 2 got 1"),
        (
            "{{index .Env 5}}",
            "template: :1:2: executing \"\" at <index .Env 5>: error calling index: index out of range: 5"
        ),
        ("{{range .Name}}{{end}}", "template: :1:8: executing \"\" at <.Name>: range can't iterate over /web"),
    ]

    @Test(arguments: errors)
    func fails(template: String, message: String) {
        #expect(render(template, sample) == "ERROR " + message)
    }

    @Test func missingKeysAreErrorsInInspectsRawFallback() {
        let raw = GoValue.from(json: .object([("Name", .string("/web"))]), typed: false)
        #expect(
            render("{{.Foo}}", raw, options: GoTemplate.Options(missingKeyError: true))
                == "ERROR template: :1:2: executing \"\" at <.Foo>: map has no entry for key \"Foo\"")
        #expect(render("{{.Foo}}", raw) == "<no value>")
    }

    @Test func contextsAnswerTheirMethodsAndJSONIsHTMLEscaped() {
        let row = GoValue.context(
            TemplateContext(
                typeName: "*formatter.ContainerContext",
                fields: ["ID": "abc", "Ports": "0.0.0.0:80->80/tcp"], labels: ["k": "v<"]))
        #expect(render("{{.ID}} {{.Label \"k\"}} {{.Label \"x\"}}|", row) == "abc v< |")
        #expect(render("{{json .}}", row) == "{\"ID\":\"abc\",\"Ports\":\"0.0.0.0:80-\\u003e80/tcp\"}")
        #expect(render("{{json .Ports}}", row) == "\"0.0.0.0:80->80/tcp\"")
        #expect(
            render("{{.Nope}}", row)
                == "ERROR template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.ContainerContext"
        )
    }

    @Test func headersUseTheHeaderFunctions() {
        let header = GoValue.header(["ID": "CONTAINER ID", "Names": "NAMES"])
        let options = GoTemplate.Options(headerFunctions: true)
        #expect(
            render(
                "{{.ID}}\t{{lower .Names}}\t{{json .ID}}\t{{.Label \"com.example.my-label\"}}", header, options: options
            )
                == "CONTAINER ID\tNAMES\tCONTAINER ID\tmy label")
        #expect(render("{{pad .ID 1 1}}", header, options: options) == " CONTAINER ID ")
    }
}

@Suite struct TabWriterTests {
    @Test func matchesTheTableWriterForEvenRows() {
        let rows = [
            ["REPOSITORY", "TAG", "IMAGE ID"], ["josedom24/servidorweb", "v1", "4dc5b1cc3b2a"],
            ["ubuntu", "", "2b7412e6465c"],
        ]
        let text = rows.map { $0.joined(separator: "\t") + "\n" }.joined()
        #expect(TabWriter.format(text) == Table(header: rows[0], rows: Array(rows.dropFirst())).render())
    }

    @Test func columnBlocksEndAtLinesWithFewerCells() {
        // A line without a tab ends every column block; the next block is measured on its own.
        let text = "a\tbbbbbbbbbbbbbbb\tc\nsolo line\nxx\ty\tz\n"
        #expect(TabWriter.format(text) == "a         bbbbbbbbbbbbbbb   c\nsolo line\nxx        y         z\n")
    }
}

/// The session the format tests share: ubuntu, hello-world and servidorweb:v1 pulled; `hola`
/// (hello-world, exited 0), `creado` (ubuntu, created, label env=prod) and `web` (servidorweb,
/// running, labels env=prod and tier=front), 90 seconds later.
func formatSession() -> Session {
    let session = makeSession(at: "2024-01-22T21:00:00+01:00", seed: 1)
    for line in [
        "pull ubuntu", "pull hello-world", "pull josedom24/servidorweb:v1", "run --name hola hello-world",
        "create --name creado -l env=prod ubuntu",
        "run -d --name web -l env=prod -l tier=front josedom24/servidorweb:v1",
        "sleep 90",
    ] {
        let output = session.handle(line)
        precondition(output.status == 0, "setup failed: \(line): \(output.text)")
    }
    return session
}

/// Short IDs of the fixture's containers and images.
private func ids(
    _ session: Session
) -> (web: String, creado: String, hola: String, ubuntu: String, hello: String, servidor: String) {
    let engine = session.engine
    func c(_ name: String) -> String { (try? engine.findContainer(name))?.shortID ?? "?" }
    func i(_ name: String) -> String { (try? engine.findImage(name))?.id.short ?? "?" }
    return (c("web"), c("creado"), c("hola"), i("ubuntu"), i("hello-world"), i("josedom24/servidorweb:v1"))
}

@Suite struct FormatCommandTests {
    @Test func psCustomFormats() {
        let session = formatSession()
        let id = ids(session)
        var output = session.handle("ps -a --format '{{.ID}} {{.Names}} {{.State}} {{.Image}}'")
        #expect(
            output.stdout
                == "\(id.web) web running josedom24/servidorweb:v1\n\(id.creado) creado created ubuntu\n\(id.hola) hola exited hello-world\n"
        )
        #expect(output.stderr == "" && output.status == 0)

        output = session.handle(
            "docker ps -a --format 'table {{.Names}}\\t{{.Ports}}\\t{{.Command}}\\t{{.Label \"tier\"}}'")
        #expect(
            output.stdout == """
                NAMES     PORTS     COMMAND                  tier
                web       80/tcp    "/bin/sh -c 'apache2…"   front
                creado              "/bin/bash"              
                hola                "/hello"                 \n
                """)

        output = session.handle(
            "ps --format '{{.Names}}: {{.Status}} / {{.RunningFor}} / {{.Networks}} / {{.LocalVolumes}} / {{.Labels}}'")
        #expect(output.stdout == "web: Up About a minute / About a minute ago / bridge / 0 / env=prod,tier=front\n")

        output = session.handle("ps --format 'table {{.Names}}\\t{{.Platform}}'")
        #expect(output.stdout == "NAMES     PLATFORM\nweb       <nil>\n")

        output = session.handle("ps --no-trunc --format '{{.ID}}'")
        #expect(output.stdout == ((try? session.engine.findContainer("web"))?.id ?? "?") + "\n")
    }

    @Test func psTableWithSizeAsksForSizes() {
        let session = formatSession()
        let output = session.handle("ps --format 'table {{.Names}}\\t{{.Size}}'")
        #expect(output.stdout == "NAMES     SIZE\nweb       0B (virtual 187MB)\n")
        // --size=false keeps the sizes out.
        #expect(session.handle("ps --size=false --format '{{.Size}}'").stdout == "0B\n")
    }

    @Test func psJSONIsOneObjectPerLine() {
        let session = formatSession()
        let id = ids(session)
        let output = session.handle("ps --format json")
        let created = DockerFormatter.goTime((try? session.engine.findContainer("web"))?.created ?? .zero)
        #expect(
            output.stdout
                == "{\"Command\":\"\\\"/bin/sh -c 'apache2…\\\"\",\"CreatedAt\":\"\(created)\",\"ID\":\"\(id.web)\","
                + "\"Image\":\"josedom24/servidorweb:v1\",\"Labels\":\"env=prod,tier=front\",\"LocalVolumes\":\"0\",\"Mounts\":\"\","
                + "\"Names\":\"web\",\"Networks\":\"bridge\",\"Platform\":null,\"Ports\":\"80/tcp\",\"RunningFor\":\"About a minute ago\",\"Size\":\"0B\","
                + "\"State\":\"running\",\"Status\":\"Up About a minute\"}\n")
        #expect(created == "2024-01-22 20:00:00 +0000 UTC")
        #expect(session.handle("ps --format '{{json .}}'").stdout == output.stdout)
    }

    @Test func psQuietWinsOverFormatWithAWarning() {
        let session = formatSession()
        let id = ids(session)
        let output = session.handle("ps -q --format '{{.Names}}'")
        #expect(output.stdout == id.web + "\n")
        #expect(output.stderr == "WARNING: Ignoring custom format, because both --format and --quiet are set.\n")
        #expect(output.status == 0)
    }

    @Test func psRawFormat() {
        let session = formatSession()
        let id = ids(session)
        #expect(
            session.handle("ps --format raw").stdout == """
                container_id: \(id.web)
                image: josedom24/servidorweb:v1
                command: "/bin/sh -c 'apache2…"
                created_at: 2024-01-22 20:00:00 +0000 UTC
                state: running
                status: Up About a minute
                names: web
                labels: env=prod,tier=front
                ports: 80/tcp


                """)
        let hola = session.handle("ps -a -f name=hola -s --format raw").stdout
        #expect(hola.hasSuffix("labels:\nports:\nsize: 0B (virtual 13.3kB)\n\n"))
        #expect(
            session.handle("images --format raw ubuntu").stdout.hasPrefix(
                "repository: ubuntu\ntag: latest\nimage_id: \(id.ubuntu)\ncreated_at: "))
    }

    @Test func psFormatTableAloneIsTheDefault() {
        let session = formatSession()
        #expect(session.handle("ps -a --format table").stdout == session.handle("ps -a").stdout)
    }

    @Test func imagesCustomFormats() {
        let session = formatSession()
        let id = ids(session)
        var output = session.handle("images --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}'")
        #expect(
            output.stdout
                == "josedom24/servidorweb:v1 \(id.servidor) 187MB\nubuntu:latest \(id.ubuntu) 77.9MB\nhello-world:latest \(id.hello) 13.3kB\n"
                || output.stdout.split(separator: "\n").count == 3)
        #expect(output.stdout.contains("ubuntu:latest \(id.ubuntu) 77.9MB\n"))

        output = session.handle("images --format 'table {{.Repository}}\\t{{.ID}}' ubuntu")
        #expect(output.stdout == "REPOSITORY   IMAGE ID\nubuntu       \(id.ubuntu)\n")

        output = session.handle("images --digests --format 'table {{.Repository}}\\t{{.Tag}}' ubuntu")
        #expect(
            output.stdout == "REPOSITORY   TAG       DIGEST\n"
                + "ubuntu       latest    sha256:e6173d4dc55e76b87c4af8db8821b1feae4146dd47341e4d431118c7dd060a74\n")

        output = session.handle(
            "images --format '{{.Digest}}|{{.Containers}}|{{.SharedSize}}|{{.UniqueSize}}|{{.VirtualSize}}' ubuntu")
        #expect(
            output.stdout
                == "sha256:e6173d4dc55e76b87c4af8db8821b1feae4146dd47341e4d431118c7dd060a74|N/A|N/A|N/A|77.86MB\n")

        // A custom format is used even with -q.
        #expect(session.handle("images -q --format '{{.Tag}}' ubuntu").stdout == "latest\n")
        #expect(session.handle("images --format table").stdout == session.handle("images").stdout)
    }

    @Test func imagesJSON() {
        let session = formatSession()
        let id = ids(session)
        let created = DockerFormatter.goTime((try? session.engine.findImage("ubuntu"))?.created ?? .zero)
        let since = session.handle("images --format '{{.CreatedSince}}' ubuntu").stdout.dropLast()
        #expect(
            session.handle("images --format json ubuntu").stdout
                == "{\"Containers\":\"N/A\",\"CreatedAt\":\"\(created)\",\"CreatedSince\":\"\(since)\",\"Digest\":\"\\u003cnone\\u003e\","
                + "\"ID\":\"\(id.ubuntu)\",\"Repository\":\"ubuntu\",\"SharedSize\":\"N/A\",\"Size\":\"77.9MB\",\"Tag\":\"latest\","
                + "\"UniqueSize\":\"N/A\",\"VirtualSize\":\"77.86MB\"}\n")
    }

    @Test func inspectFormats() {
        let session = formatSession()
        let web = (try? session.engine.findContainer("web"))?.id ?? "?"
        #expect(session.handle("inspect --format '{{.Id}}' web").stdout == web + "\n")
        #expect(session.handle("inspect -f '{{.Config.Image}}' web").stdout == "josedom24/servidorweb:v1\n")
        #expect(
            session.handle("inspect -f '{{range .Config.Env}}{{println .}}{{end}}' web").stdout
                == "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n\n")
        #expect(
            session.handle("inspect -f '{{json .Config.Env}}' web").stdout
                == "[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"]\n")
        #expect(session.handle("image inspect -f '{{.Os}} {{.Architecture}}' ubuntu").stdout == "linux amd64\n")
        #expect(
            session.handle(
                "inspect -f '{{range $port,$key := .Config.ExposedPorts}}{{$port}}{{end}}' josedom24/servidorweb:v1"
            ).stdout
                == "80/tcp\n")
        #expect(
            session.handle("inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' web").stdout
                == "172.17.0.2\n")
        #expect(
            session.handle("inspect -f '{{.NetworkSettings.Networks.bridge.Gateway}}' web").stdout == "172.17.0.1\n")
        #expect(
            session.handle("inspect -f '{{.NetworkSettings.Ports}} {{json .NetworkSettings.Ports}}' web").stdout
                == "map[80/tcp:[]] {\"80/tcp\":null}\n")
        #expect(
            session.handle("container inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.Name}}' web hola").stdout
                == "running 0 /web\nexited 0 /hola\n")
        #expect(
            session.handle(
                "inspect -f '{{.Config.Labels}} {{index .Config.Labels \"tier\"}} {{.Config.Labels.nope}} {{.Config.Entrypoint}}' web"
            ).stdout
                .hasSuffix(" front <no value> []\n"))
    }

    @Test func inspectJSONIsOneLine() {
        let session = formatSession()
        let output = session.handle("inspect --format json hola")
        #expect(!output.stdout.dropLast().contains("\n"))
        #expect(output.stdout.hasPrefix("[{\"Id\":\""))
        #expect(output.stdout.hasSuffix("}]\n"))
    }

    @Test func inspectTemplateErrors() {
        let session = formatSession()
        let before = session.engine.stateFingerprint()
        var output = session.handle("inspect -f '{{.Foo}}' web")
        #expect(output.stdout == "\n")
        #expect(
            output.stderr
                == "template parsing error: template: :1:2: executing \"\" at <.Foo>: map has no entry for key \"Foo\"\n"
        )
        #expect(output.status == 1)

        output = session.handle("inspect -f '{{.Foo' web")
        #expect(output.stdout == "")
        #expect(output.stderr == "template parsing error: template: :1: unclosed action\n")
        #expect(output.status == 64)

        output = session.handle("inspect -f '{{.Name}}' web nothere")
        #expect(output.stdout == "/web\n")
        #expect(output.stderr == "Error: No such object: nothere\n")
        #expect(output.status == 1)

        output = session.handle("container inspect -f '{{.Id}}' ubuntu")
        #expect(output.stdout == "\n")
        #expect(output.stderr == "Error response from daemon: No such container: ubuntu\n")
        #expect(session.engine.stateFingerprint() == before)
    }

    @Test func historyFormats() {
        let session = formatSession()
        let id = ids(session)
        let output = session.handle("history --format '{{.ID}}|{{.Size}}|{{.Comment}}' hello-world")
        #expect(output.stdout.hasPrefix(id.hello + "|"))
        #expect(output.stdout.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("<missing>|") })
        let table = session.handle("history --format 'table {{.ID}}\\t{{.Size}}' -H=false hello-world")
        #expect(table.stdout.hasPrefix("IMAGE          SIZE\n\(id.hello)   "))
        #expect(session.handle("history --format table ubuntu").stdout == session.handle("history ubuntu").stdout)
    }

    @Test func systemDfFormats() {
        let session = formatSession()
        var output = session.handle("system df --format 'table {{.Type}}\\t{{.TotalCount}}\\t{{.Active}}'")
        #expect(
            output.stdout == """
                TYPE            TOTAL     ACTIVE
                Images          3         3
                Containers      3         1
                Local Volumes   0         0
                Build Cache     0         0\n
                """)
        output = session.handle("system df --format json")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(
            lines[2]
                == "{\"Active\":\"0\",\"Reclaimable\":\"0B\",\"Size\":\"0B\",\"TotalCount\":\"0\",\"Type\":\"Local Volumes\"}"
        )
        #expect(lines[0].hasPrefix("{\"Active\":\"3\",\"Reclaimable\":\"0B (0%)\",\"Size\":\""))
        #expect(
            session.handle("system df --format '{{.Foo}}'").stderr
                == "template parsing error: template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.diskUsageImagesContext\n"
        )
    }

    static let errors: [(line: String, stderr: String, status: Int32)] = [
        (
            "ps --format '{{.Foo}}'",
            "failed to execute template: template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext\n",
            1
        ),
        (
            "ps --format 'table {{.Foo}}'",
            "failed to execute template: template: :1:8: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext\n",
            1
        ),
        ("ps --format '{{.Names'", "failed to parse template: template: :1: unclosed action\n", 1),
        ("ps --format '{{nope .Names}}'", "failed to parse template: template: :1: function \"nope\" not defined\n", 1),
        (
            "images --format '{{.Foo}}'",
            "template parsing error: template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.imageContext\n",
            1
        ),
        ("images --format 'table {{.Repository'", "template parsing error: template: :1: unclosed action\n", 1),
        (
            "history --format '{{.Foo}}' ubuntu",
            "template parsing error: template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *image.historyContext\n",
            1
        ),
    ]

    @Test(arguments: errors)
    func formatErrorsChangeNothing(line: String, stderr: String, status: Int32) {
        let session = formatSession()
        let before = session.engine.stateFingerprint()
        let output = session.handle(line)
        #expect(output.stdout == "")
        #expect(output.stderr == stderr)
        #expect(output.status == status)
        #expect(session.engine.stateFingerprint() == before)
    }

    @Test func imagesWithNoRowsDoNotRunTheTemplate() {
        let session = makeSession(at: "2024-01-22T21:00:00+01:00", seed: 1)
        let output = session.handle("images --format 'table {{.Foo}}'")
        #expect(output.stdout == "<no value>\n")
        #expect(output.status == 0)
    }
}
