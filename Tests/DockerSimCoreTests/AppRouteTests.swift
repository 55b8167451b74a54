import Testing

@testable import DockerSimCore

/// A layer whose program is a small web application (`route` lines), sound unless a test
/// breaks it.
private let appLayer = """
    blob    sha256:0123456789ab*
    diffid  sha256:58bc5c29c6fcbf4e4a4f8a3cf4bd6bdbb0f1dd3b1cd9c3ab2c2bb7e46c2a6b26
    size    6

    program /srv/hola service
      web 5000 /srv/static
      files-at /static
      route GET POST /
        set visto false
        try
          redis {env:REDIS_SERVER} 6379 LRANGE lista 0 -1 -> lista
        except
          set visto true
        end
        render /srv/inicio.html
      route GET /n/<nombre>
        json {"nombre": "x"} indent 4
    drwxr-xr-x 0/0 0 2024-01-11 12:00 srv/
    -rwxr-xr-x 0/0 6 2024-01-11 12:00 srv/hola
    | hola!

    """

@Suite struct AppRouteTests {
    static func problems(_ text: String) -> [String] {
        let file = CatalogFile(path: "layers/x.layer", displayName: "t/x.layer", bytes: Array(text.utf8))
        return HubCatalog.lint([file]).map(\.description).filter { !$0.contains("diffid") }
    }

    @Test func aSoundApplicationParses() throws {
        #expect(Self.problems(appLayer).isEmpty)
        let file = CatalogFile(path: "layers/x.layer", displayName: "t/x.layer", bytes: Array(appLayer.utf8))
        let record = try LayerRecord.header(of: file)
        let web = try #require(record.programs["/srv/hola"]?.web)
        #expect(web.filesAt == "/static")
        #expect(web.routes.count == 2)
        #expect(web.routes[0].methods == ["GET", "POST"])
        #expect(web.routes[0].steps.map(\.verb) == [.set, .try, .redis, .except, .set, .end, .render])
        #expect(web.routes[0].steps[2].target == "lista")
        #expect(web.routes[1].steps[0].rest == #"{"nombre": "x"} indent 4"#)
    }

    static let broken: [(String, String, String)] = [
        ("    end\n    render", "    render", "t/x.layer:10: `try` without its `end`"),
        ("    except\n      set visto true\n", "", "t/x.layer:12: `try` without `except`"),
        ("set visto false", "sett visto false", "t/x.layer:9: unknown step 'sett'"),
        ("-> lista", "-> lista otra", "t/x.layer:11: `->` wants one variable NAME at the end of the step"),
        ("render /srv/inicio.html", "render inicio.html", "t/x.layer:15: `render` wants /TEMPLATE"),
        ("route GET /n/<nombre>", "route FETCH /n", "t/x.layer:16: `route` wants METHOD… /PATH"),
        ("  files-at /static", "  files-at static", "t/x.layer:7: `files-at` wants the URL path"),
        ("  web 5000 /srv/static\n", "", "t/x.layer:6: `files-at` follows a `web` line"),
        (
            "    json {\"nombre\": \"x\"} indent 4\n", "",
            "t/x.layer:16: a route wants its steps below it, indented deeper"
        ),
    ]

    @Test(arguments: broken)
    func lintNamesTheLineOfABrokenStep(old: String, new: String, message: String) {
        let changed = appLayer.replacing(old, with: new)
        #expect(changed != appLayer)
        let problems = Self.problems(changed)
        #expect(problems.contains { $0.hasPrefix(message) }, "\(problems)")
    }

    @Test func routesMatchAsWerkzeugRulesDo() throws {
        let route = try #require(AppRoute.parse(["GET", "/municipios/<string:cadena>"], line: 1))
        #expect(route.match("/municipios/dos%20hermanas") == ["cadena": "dos hermanas"])
        #expect(route.match("/municipios/") == nil)
        #expect(route.match("/municipios/a/b") == nil)
        let root = try #require(AppRoute.parse(["GET", "/"], line: 1))
        #expect(root.match("/") == [:])
        #expect(root.match("/add") == nil)
        let rest = try #require(AppRoute.parse(["GET", "/wp/<path:resto>"], line: 1))
        #expect(rest.match("/wp/a/b.php") == ["resto": "a/b.php"])
    }

    @Test func jinjaKeepsTheTemplatesWhitespaceAndEscapes() throws {
        let template =
            "<ul>\n  {% if vacio %}\n  <li>nada</li>\n  {% endif %}\n  {% for x in lista %}\n  <li>{{x}}</li>\n  {% endfor %}\n</ul>\n"
        let page = try Jinja.render(
            template, variables: ["vacio": .bool(false), "lista": .array([.string("a<b"), .string("c")])])
        #expect(page == "<ul>\n  \n  \n  <li>a&lt;b</li>\n  \n  <li>c</li>\n  \n</ul>")
        let value = try Jinja.render(
            "{{ d.NOMBRE }} {{ url_for('static', filename='e.css') }} {{ n|length }}",
            variables: ["d": .object([("NOMBRE", .string("Écija"))]), "n": .array([.int(1), .int(2)])])
        #expect(value == "Écija /static/e.css 2")
        #expect(throws: Jinja.Failure.self) { try Jinja.render("{% for x in y %}", variables: [:]) }
    }

    @Test func mustacheSectionsKeepTheirLinesAsLightnCandyDoes() throws {
        let template = Jinja.fromMustache("<h1>{{v}}</h1>\n{{#ok}}\n<p>sí</p>\n{{/ok}}\n{{^ok}}\n<p>no</p>\n{{/ok}}\n")
        let page = try Jinja.render(
            template, variables: ["v": .string("1.41 <'\">"), "ok": .bool(false)], escaping: .php)
        #expect(page == "<h1>1.41 &lt;&#039;&quot;&gt;</h1>\n\n\n<p>no</p>\n\n")
    }

    @Test func aRouteLineWithSeveralPathsSharesItsSteps() throws {
        let layer = appLayer.replacing("route GET POST /\n", with: "route GET POST / /index.php\n")
        #expect(Self.problems(layer).isEmpty)
        let file = CatalogFile(path: "layers/x.layer", displayName: "t/x.layer", bytes: Array(layer.utf8))
        let routes = try #require(try LayerRecord.header(of: file).programs["/srv/hola"]?.web?.routes)
        #expect(routes.count == 3)
        #expect(routes[0].steps == routes[1].steps)
        #expect(routes[1].match("/index.php") == [:])
    }

    @Test func redisListsAndTheirAppendOnlyFile() {
        var data = RedisDataset()
        #expect(data.execute(["LPUSH", "lista", "uno"]).reply == .integer(1))
        #expect(data.execute(["lpush", "lista", "dos"]) == (.integer(2), true))
        #expect(data.execute(["LRANGE", "lista", "0", "-1"]).reply == .array([.bulk("dos"), .bulk("uno")]))
        #expect(data.execute(["GET", "lista"]).reply.isWrongType)
        let aof =
            RedisReply.encode(["SELECT", "0"]) + RedisReply.encode(["LPUSH", "lista", "uno"])
            + RedisReply.encode(["LPUSH", "lista", "dos"])
        #expect(RedisDataset.replay(aof) == data)
        #expect(
            String(decoding: RedisReply.encode(["LPUSH", "k", "v"]), as: UTF8.self)
                == "*3\r\n$5\r\nLPUSH\r\n$1\r\nk\r\n$1\r\nv\r\n")
        #expect(
            RedisPersistence.of(arguments: ["--appendonly", "yes"], dataFolder: "/data")
                == .init(appendOnly: true, dir: "/data"))
    }

    @Test func jsonAsPythonWritesIt() throws {
        let value = try #require(
            PythonJSON.parse(#"[{"CODIGO": "41038", "NOMBRE": "Dos Hermanas", "X": "Alegr\u00eda"}]"#))
        #expect(
            PythonJSON.dumps(value, indent: 4)
                == "[\n    {\n        \"CODIGO\": \"41038\",\n        \"NOMBRE\": \"Dos Hermanas\",\n        \"X\": \"Alegr\\u00eda\"\n    }\n]"
        )
        #expect(PythonJSON.dumps(.object([("a", .array([])), ("b", .int(1))])) == #"{"a": [], "b": 1}"#)
        #expect(PythonJSON.parse("{") == nil)
        #expect(Jinja.pythonTitle("dos hermanas") == "Dos Hermanas")
    }
}

extension RedisReply {
    fileprivate var isWrongType: Bool {
        if case .error(let text) = self { return text.hasPrefix("WRONGTYPE") }
        return false
    }
}
