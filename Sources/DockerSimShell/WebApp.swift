import DockerSimCore

// What a web application answers: the steps of the catalog route that matches the request
// (`route` lines, Hub/README.md "Applications"), run from the application's container. Every
// connection it opens (Redis, SQL, HTTP) goes through the simulated network: the names its
// container resolves, the routes between networks, what listens on the other side.

extension ContainerRuntime {
    /// A step that failed: Python raised (a refused connection, an unknown name, a missing
    /// variable or form field, a reply that is not JSON).
    struct StepFailure: Error {
        var reason: String
    }

    /// The answer of the application's routes to `request`; nil when no route's path matches.
    static func appAnswer(
        _ web: ProgramSpec.Web, request: Request, engine: inout Engine
    ) -> HTTPResponse? {
        var allowedElsewhere = false
        for route in web.routes {
            guard let parameters = route.match(request.path) else { continue }
            let method = request.method == "HEAD" ? "GET" : request.method
            guard route.methods.contains(method) else {
                allowedElsewhere = true
                continue
            }
            var run = AppRun(web: web, request: request, parameters: parameters)
            return run.execute(route.steps, engine: &engine)
        }
        if allowedElsewhere {
            return AppRun.page(405, web: web, request: request, engine: engine)
        }
        return nil
    }

    /// One request's run of a route's steps.
    struct AppRun {
        var web: ProgramSpec.Web
        var request: Request
        var parameters: [String: String]
        var variables: [String: JSONValue] = [:]
        var sql: SQLSession?

        init(web: ProgramSpec.Web, request: Request, parameters: [String: String]) {
            self.web = web
            self.request = request
            self.parameters = parameters
        }

        var origin: TrafficOrigin { .container(request.containerID) }

        /// The answer of the steps; nil when they `pass` the request to the server's files.
        mutating func execute(_ steps: [AppStep], engine: inout Engine) -> HTTPResponse? {
            var index = 0
            // The `try` blocks entered: where each one's `except` is.
            var handlers: [Int] = []
            while index < steps.count {
                let step = steps[index]
                do throws(StepFailure) {
                    switch step.verb {
                    case .try:
                        handlers.append(Self.partner(steps, from: index))
                        index += 1
                        continue
                    case .except:
                        // The `try` block ended without a failure: skip the handler.
                        handlers.removeLast()
                        index = Self.partner(steps, from: index) + 1
                        continue
                    case .if:
                        if try condition(step.words, engine: engine) {
                            index += 1
                        } else {
                            let other = Self.partner(steps, from: index)
                            index = other + 1
                        }
                        continue
                    case .else:
                        index = Self.partner(steps, from: index) + 1
                        continue
                    case .end:
                        index += 1
                        continue
                    case .pass:
                        return nil
                    default:
                        if let response = try perform(step, engine: &engine) { return response }
                        index += 1
                    }
                } catch {
                    guard let handler = handlers.popLast() else {
                        return Self.page(500, web: web, request: request, engine: engine)
                    }
                    index = handler + 1
                }
            }
            // A view that returns nothing: Flask raises, the server answers 500.
            return Self.page(500, web: web, request: request, engine: engine)
        }

        /// The index of the `except`/`else`/`end` that goes with the block opened (or continued)
        /// at `index`.
        static func partner(_ steps: [AppStep], from index: Int) -> Int {
            var depth = 0
            var position = index + 1
            while position < steps.count {
                switch steps[position].verb {
                case .try, .if: depth += 1
                case .end:
                    if depth == 0 { return position }
                    depth -= 1
                case .except, .else:
                    if depth == 0 && (steps[index].verb == .try || steps[index].verb == .if) { return position }
                default: break
                }
                position += 1
            }
            return steps.count
        }

        // MARK: - Values

        /// A word's value: `{…}` placeholders filled; a word that is one placeholder keeps its
        /// value (a list, None); in a longer text a missing value fails, as Python's `+` does.
        func value(_ word: String, engine: Engine, item: JSONValue? = nil) throws(StepFailure) -> JSONValue {
            if word.hasPrefix("{"), word.hasSuffix("}"), word.dropFirst().firstIndex(of: "{") == nil,
                word.firstIndex(of: "}") == word.index(before: word.endIndex)
            {
                return lookup(String(word.dropFirst().dropLast()), engine: engine, item: item)
            }
            var out = ""
            var rest = Substring(word)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                out += rest[..<open]
                let found = lookup(String(rest[rest.index(after: open)..<close]), engine: engine, item: item)
                if found == .null { throw StepFailure(reason: "TypeError") }
                out += Jinja.pythonString(found)
                rest = rest[rest.index(after: close)...]
            }
            return .string(out + rest)
        }

        func text(_ word: String, engine: Engine, item: JSONValue? = nil) throws(StepFailure) -> String {
            let found = try value(word, engine: engine, item: item)
            if found == .null { throw StepFailure(reason: "TypeError") }
            return Jinja.pythonString(found)
        }

        /// The words' texts, joined by spaces.
        func texts(_ words: [String], engine: Engine) throws(StepFailure) -> String {
            var parts: [String] = []
            for word in words { parts.append(try text(word, engine: engine)) }
            return parts.joined(separator: " ")
        }

        func lookup(_ expression: String, engine: Engine, item: JSONValue?) -> JSONValue {
            var parts = expression.split(separator: "|").map(String.init)
            let name = parts.isEmpty ? "" : parts.removeFirst()
            var found: JSONValue
            let container = engine.containers[request.containerID]
            if name.hasPrefix("env:") {
                var key = String(name.dropFirst(4))
                var fallback: String?
                if let range = key.range(of: ":-") {
                    fallback = String(key[range.upperBound...])
                    key = String(key[..<range.lowerBound])
                }
                let env = container?.config.env ?? []
                let set = env.last { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
                if let fallback, (set ?? "").isEmpty {
                    found = .string(fallback)
                } else {
                    found = set.map(JSONValue.string) ?? .null
                }
            } else if name.hasPrefix("form:") {
                found = Self.field(request.body, String(name.dropFirst(5))).map(JSONValue.string) ?? .null
            } else if name.hasPrefix("query:") {
                found = Self.field(request.query, String(name.dropFirst(6))).map(JSONValue.string) ?? .null
            } else if name.hasPrefix("path:") {
                found = parameters[String(name.dropFirst(5))].map(JSONValue.string) ?? .null
            } else if name.hasPrefix("item:") {
                let key = String(name.dropFirst(5))
                if case .object(let pairs)? = item {
                    found = pairs.last { $0.0 == key }?.1 ?? .null
                } else {
                    found = .null
                }
            } else if name == "hostname" {
                found = .string(container?.config.hostname ?? "")
            } else if name == "host" {
                found = .string(request.port == 80 ? request.host : "\(request.host):\(request.port)")
            } else {
                let path = name.split(separator: ".").map(String.init)
                found = path.first.flatMap { variables[$0] } ?? .null
                for key in path.dropFirst() {
                    if case .object(let pairs) = found {
                        found = pairs.last { $0.0 == key }?.1 ?? .null
                    } else {
                        found = .null
                    }
                }
            }
            for filter in parts {
                guard case .string(let text) = found else { continue }
                switch filter {
                case "title": found = .string(Jinja.pythonTitle(text))
                case "lower": found = .string(text.lowercased())
                case "upper": found = .string(text.uppercased())
                default: break
                }
            }
            return found
        }

        /// A field of a form body or a query string (`a=1&b=2`, `+` and `%XX` decoded); the first
        /// one of that name, as Werkzeug's `.get` gives.
        static func field(_ encoded: String, _ name: String) -> String? {
            for pair in encoded.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if AppRoute.percentDecoded(String(parts[0]), plusIsSpace: true) == name {
                    return parts.count == 2 ? AppRoute.percentDecoded(String(parts[1]), plusIsSpace: true) : ""
                }
            }
            return nil
        }

        func condition(_ words: [String], engine: Engine) throws(StepFailure) -> Bool {
            if words[0] == "empty" { return !Jinja.truthy(try value(words[1], engine: engine)) }
            if words[0] == "exists" {
                let path = try text(words[1], engine: engine)
                return (try? engine.containers[request.containerID]?.fs.stat(path, cwd: [])) != nil
            }
            if words[0] == "not" { return Jinja.truthy(try value(words[2], engine: engine)) }
            let left = try value(words[0], engine: engine)
            let right = try value(words[2], engine: engine)
            return words[1] == "==" ? left == right : left != right
        }

        // MARK: - Steps

        /// Runs a step: the response when it answers the request.
        mutating func perform(_ step: AppStep, engine: inout Engine) throws(StepFailure) -> HTTPResponse? {
            let words = step.words
            func store(_ result: JSONValue) {
                if let target = step.target { variables[target] = result }
            }
            switch step.verb {
            case .set:
                let rest = String(step.rest.dropFirst(words[0].count)).trimmingSpacesAndTabs
                if let literal = PythonJSON.parse(rest) {
                    variables[words[0]] = literal
                } else {
                    variables[words[0]] = try value(rest, engine: engine)
                }
            case .redis:
                store(try redis(words, engine: &engine))
            case .http:
                let answer = try http(try text(words[1], engine: engine), engine: &engine)
                if step.target != nil {
                    guard let json = PythonJSON.parse(answer) else { throw StepFailure(reason: "JSONDecodeError") }
                    store(json)
                }
            case .sqlConnect:
                try sqlConnect(words, engine: &engine)
            case .sql:
                guard var session = sql else { throw StepFailure(reason: "not connected") }
                let statement = try texts(words, engine: engine)
                do throws(SQLError) {
                    let result = try engine.sqlExecute(statement, session: &session)
                    sql = session
                    guard case .rows(let columns, let rows) = result else {
                        store(.array([]))
                        return nil
                    }
                    store(.array(rows.map { row in Self.row(columns.map(\.name), row) }))
                } catch {
                    sql = session
                    throw StepFailure(reason: error.text)
                }
            case .readJSON, .readText:
                let content = try read(try text(words[0], engine: engine), engine: engine)
                if step.verb == .readText {
                    store(.string(content))
                } else {
                    guard let parsed = PythonJSON.parse(content) else { throw StepFailure(reason: "JSONDecodeError") }
                    store(parsed)
                }
            case .between:
                let content = try read(try text(words[0], engine: engine), engine: engine)
                let start = try text(words[1], engine: engine)
                let end = try text(words[2], engine: engine)
                // On one line that is not a comment (`#`, a configuration file's).
                var found: Substring?
                for line in content.split(separator: "\n") where !line.trimmingAny(" \t").hasPrefix("#") {
                    guard let open = line.range(of: start), let close = line[open.upperBound...].range(of: end)
                    else { continue }
                    found = line[open.upperBound..<close.lowerBound]
                    break
                }
                guard let inner = found else { throw StepFailure(reason: "not found") }
                store(.string(String(inner.trimmingAny(" \t'\""))))
            case .filter:
                guard case .array(let items) = try value("{\(words[0])}", engine: engine) else {
                    throw StepFailure(reason: "not a list")
                }
                let wanted = try text(words[3], engine: engine)
                store(
                    .array(
                        items.filter { item in
                            guard case .object(let pairs) = item,
                                case .string(let field)? = pairs.last(where: { $0.0 == words[1] })?.1
                            else { return false }
                            return words[2] == "equals" ? field == wanted : field.hasPrefix(wanted)
                        }))
            case .map:
                guard case .array(let items) = try value("{\(words[0])}", engine: engine) else {
                    throw StepFailure(reason: "not a list")
                }
                var mapped: [JSONValue] = []
                for item in items {
                    var pairs: [(String, JSONValue)] = []
                    for assignment in words.dropFirst() {
                        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                        pairs.append(
                            (parts[0], try value(parts.count == 2 ? parts[1] : "", engine: engine, item: item)))
                    }
                    mapped.append(.object(pairs))
                }
                store(.array(mapped))
            case .render:
                let template = try read(try text(words[0], engine: engine), engine: engine)
                let prefix = web.filesAt ?? "/static"
                do throws(Jinja.Failure) {
                    let source = words[0].hasSuffix(".mustache") ? Jinja.fromMustache(template) : template
                    let page = try Jinja.render(
                        source, variables: variables, escaping: words[0].hasSuffix(".mustache") ? .php : .markupSafe,
                        staticURL: { prefix + "/" + $0 })
                    return response(200, body: page, type: "text/html; charset=utf-8", engine: engine)
                } catch {
                    throw StepFailure(reason: error.message)
                }
            case .json:
                var source = step.rest
                var indent: Int?
                if words.count >= 3, words[words.count - 2] == "indent", let given = Int(words[words.count - 1]) {
                    indent = given
                    source =
                        String(source.dropLast(words[words.count - 1].count).trimmingSpacesAndTabs.dropLast(6))
                        .trimmingSpacesAndTabs
                }
                let data: JSONValue
                if let literal = PythonJSON.parse(source) {
                    data = literal
                } else {
                    data = try value(source, engine: engine)
                }
                let body = PythonJSON.dumps(data, indent: indent) + "\n"
                return response(200, body: body, type: "application/json", engine: engine)
            case .text:
                let status = Int(words[0]) ?? 200
                let body = try texts(Array(words.dropFirst()), engine: engine)
                return response(status, body: body, type: "text/html; charset=utf-8", engine: engine)
            case .redirect:
                var location = try text(words[0], engine: engine)
                if location.hasPrefix("/") {
                    let host = request.port == 80 ? request.host : "\(request.host):\(request.port)"
                    location = "http://\(host)\(location)"
                }
                let status = words.count == 2 ? Int(words[1]) ?? 302 : 302
                let given = try text(words[0], engine: engine)
                var answer = Self.page(
                    status, web: web, request: request, engine: engine, location: Jinja.escape(given))
                answer.headers.append(.init(name: "Location", value: location))
                return answer
            case .abort:
                return Self.page(Int(words[0]) ?? 500, web: web, request: request, engine: engine)
            case .file:
                let path = try text(words[0], engine: engine)
                guard let container = engine.containers[request.containerID],
                    case .file? = try? container.fs.stat(path, cwd: []).node
                else { return Self.page(404, web: web, request: request, engine: engine) }
                return ContainerRuntime.serve(path, web, fs: container.fs, request: request, engine: &engine)
            case .proxy:
                return try proxy(try text(words[0], engine: engine), engine: &engine)
            case .unpack:
                try unpack(
                    try text(words[0], engine: engine), into: try text(words[1], engine: engine), engine: &engine)
            case .try, .except, .if, .else, .end, .pass:
                break
            }
            return nil
        }

        /// A reverse proxy's request (nginx's `proxy_pass`): the same method, form and agent to
        /// `url` from this container; the upstream's answer with the proxy's own `Server`, `Date`
        /// and `Connection`, or its `page 502` when the upstream cannot be reached.
        mutating func proxy(_ url: String, engine: inout Engine) throws(StepFailure) -> HTTPResponse {
            var target = url
            if !request.query.isEmpty { target += "?" + request.query }
            guard let parsed = NetworkTools.URL.parse(target), parsed.scheme == "http" else {
                return Self.page(502, web: web, request: request, engine: engine)
            }
            let upstream: HTTPResponse?
            do throws(StepFailure) {
                let (id, listener, client) = try open(parsed.host, parsed.port, engine: engine)
                guard case .web = listener.service else { throw StepFailure(reason: "not HTTP") }
                upstream = ContainerRuntime.httpGet(
                    parsed.target, port: listener.port.port, host: parsed.hostHeader, client: client.description,
                    agent: request.agent, method: request.method, hostPort: parsed.port, body: request.body,
                    containerID: id, engine: &engine)
            } catch {
                upstream = nil
            }
            guard let upstream else { return Self.page(502, web: web, request: request, engine: engine) }
            var headers: [HTTPResponse.Header] = [
                .init(name: "Server", value: web.server),
                .init(name: "Date", value: ContainerRuntime.httpDate(engine.now)),
            ]
            for name in ["Content-Type", "Content-Length"] {
                if let value = upstream.header(name) { headers.append(.init(name: name, value: value)) }
            }
            headers.append(.init(name: "Connection", value: "keep-alive"))
            let skipped: Set<String> = ["server", "date", "content-type", "content-length", "connection"]
            headers += upstream.headers.filter { !skipped.contains($0.name.lowercased()) }
            var answer = upstream
            answer.headers = headers
            answer.version = "1.1"
            return answer
        }

        /// Unpacks an archive of the container (a `.war`; dockersim's stand-in for its zip is its
        /// file list in the layer format, `tar -tv` lines with `|` text) into a folder, once: a
        /// folder already there is kept, as Tomcat keeps an application it has deployed.
        mutating func unpack(_ archive: String, into folder: String, engine: inout Engine) throws(StepFailure) {
            guard let container = engine.containers[request.containerID] else { return }
            if (try? container.fs.stat(folder, cwd: [])) != nil { return }
            let listing = try read(archive, engine: engine)
            guard let tree = try? HubCatalog.fileList(listing, name: archive) else {
                throw StepFailure(reason: "not an archive")
            }
            let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
            let time = engine.now.seconds
            _ = try? engine.withFileSystem(request.containerID) { (fs: inout ContainerFS) throws(FSError) in
                try fs.makeDirectory(base, cwd: [], parents: true, mtime: time)
                var failure: FSError?
                tree.walk { path, node in
                    let target = base + "/" + path.joined(separator: "/")
                    do throws(FSError) {
                        switch node {
                        case .directory: try fs.makeDirectory(target, cwd: [], parents: true, mtime: time)
                        case .file(let content, _):
                            try fs.write(target, cwd: [], bytes: content.bytes ?? [], append: false, mtime: time)
                        default: break
                        }
                    } catch {
                        failure = error
                    }
                    return failure == nil
                }
                if let failure { throw failure }
            }
        }

        static func row(_ names: [String], _ values: [SQLValue]) -> JSONValue {
            .object(
                zip(names, values).map { name, value in
                    switch value {
                    case .null: return (name, .null)
                    case .int(let n): return (name, .int(n))
                    case .text(let s): return (name, .string(s))
                    }
                })
        }

        func read(_ path: String, engine: Engine) throws(StepFailure) -> String {
            guard let content = try? engine.containers[request.containerID]?.fs.read(path, cwd: []) else {
                throw StepFailure(reason: "FileNotFoundError")
            }
            return content.text ?? ""
        }

        /// Opens a TCP connection from the application's container to HOST:PORT: the
        /// container and listener that accepted it.
        func open(_ host: String, _ port: Int, engine: Engine) throws(StepFailure) -> (String, Listener, IPv4Address) {
            guard case .found(let addresses, _) = engine.resolve(host, from: origin), let address = addresses.first
            else {
                throw StepFailure(reason: "Name or service not known")
            }
            let connection = engine.connect(
                from: origin, to: address, port: port, listeners: ContainerRuntime.listeners(engine))
            guard case .open(let id, let listener, let client) = connection else {
                throw StepFailure(reason: "Connection refused")
            }
            return (id, listener, client)
        }

        mutating func redis(_ words: [String], engine: inout Engine) throws(StepFailure) -> JSONValue {
            let host = try text(words[0], engine: engine)
            guard let port = Int(try text(words[1], engine: engine)) else { throw StepFailure(reason: "port") }
            var command: [String] = []
            for word in words.dropFirst(2) { command.append(try text(word, engine: engine)) }
            let (id, listener, _) = try open(host, port, engine: engine)
            guard case .other("redis") = listener.service,
                let program = ContainerRuntime.mainProgram(of: id, engine: engine), let folder = program.spec.redisData
            else { throw StepFailure(reason: "Connection reset by peer") }
            let persistence = RedisPersistence.of(arguments: Array(program.argv.dropFirst()), dataFolder: folder)
            func json(_ reply: RedisReply) throws(StepFailure) -> JSONValue {
                switch reply {
                case .status(let text): return .string(text)
                case .error(let text): throw StepFailure(reason: text)
                case .integer(let number): return .int(Int64(number))
                case .bulk(let text): return text.map(JSONValue.string) ?? .null
                case .array(let items):
                    var values: [JSONValue] = []
                    for item in items { values.append(try json(item)) }
                    return .array(values)
                }
            }
            return try json(engine.redisExecute(id, arguments: command, persistence: persistence))
        }

        /// `requests.get(URL)`: the JSON of the answer (a text that is not JSON fails, as
        /// `r.json()` does).
        mutating func http(_ url: String, engine: inout Engine) throws(StepFailure) -> String {
            guard let parsed = NetworkTools.URL.parse(Self.requote(url)), parsed.scheme == "http" else {
                throw StepFailure(reason: "InvalidURL")
            }
            let (id, listener, client) = try open(parsed.host, parsed.port, engine: engine)
            guard case .web = listener.service,
                let answer = ContainerRuntime.httpGet(
                    parsed.target, port: listener.port.port, host: parsed.host, client: client.description,
                    agent: "python-requests/2.25.1", hostPort: parsed.port, containerID: id, engine: &engine)
            else { throw StepFailure(reason: "ConnectionError") }
            return String(decoding: answer.body ?? [], as: UTF8.self)
        }

        /// The URL as `requests` sends it (`requote_uri`): what may not be in a URL is
        /// percent-encoded (a space as `%20`), the rest kept.
        static func requote(_ url: String) -> String {
            let kept = Set(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!#$%&'()*+,/:;=?@[]".utf8)
            var out = ""
            for byte in url.utf8 {
                if kept.contains(byte) {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    let hex = String(byte, radix: 16, uppercase: true)
                    out += "%" + (hex.count == 1 ? "0" : "") + hex
                }
            }
            return out
        }

        mutating func sqlConnect(_ words: [String], engine: inout Engine) throws(StepFailure) {
            var host = try text(words[0], engine: engine)
            var port = 3306
            if let colon = host.lastIndex(of: ":"), let given = Int(host[host.index(after: colon)...]) {
                port = given
                host = String(host[..<colon])
            }
            let user = try text(words[1], engine: engine)
            let password = try text(words[2], engine: engine)
            let database = try text(words[3], engine: engine)
            switch SQLConnection.open(
                host: host, port: port, user: user, password: password, database: database, from: origin,
                engine: &engine)
            {
            case .success(let session): sql = session
            case .failure(let failure): throw StepFailure(reason: "\(failure)")
            }
        }

        // MARK: - Responses

        func response(_ status: Int, body: String, type: String, engine: Engine) -> HTTPResponse {
            let bytes = Array(body.utf8)
            var headers: [HTTPResponse.Header] = []
            if let php = web.php {
                // Apache running PHP (mod_php): its own headers first, then PHP's.
                headers.append(.init(name: "Date", value: ContainerRuntime.httpDate(engine.now)))
                if !web.server.isEmpty { headers.append(.init(name: "Server", value: web.server)) }
                headers.append(.init(name: "X-Powered-By", value: php))
                headers.append(.init(name: "Content-Length", value: String(bytes.count)))
                headers.append(.init(name: "Content-Type", value: type))
                return HTTPResponse(
                    status: status, reason: HTTPResponse.reason(status), headers: headers, body: bytes,
                    length: Int64(bytes.count), version: web.httpVersion)
            }
            if !web.server.isEmpty { headers.append(.init(name: "Server", value: web.server)) }
            headers.append(.init(name: "Date", value: ContainerRuntime.httpDate(engine.now)))
            headers.append(.init(name: "Content-Type", value: type))
            headers.append(.init(name: "Content-Length", value: String(bytes.count)))
            return HTTPResponse(
                status: status, reason: HTTPResponse.reason(status), headers: headers, body: bytes,
                length: Int64(bytes.count), version: web.httpVersion)
        }

        /// The server's own page for `status` (its catalog `page` text; `{location}` in a redirect's).
        static func page(
            _ status: Int, web: ProgramSpec.Web, request: Request, engine: Engine, location: String = ""
        ) -> HTTPResponse {
            // nginx and Apache write their own pages their own way.
            if ContainerRuntime.isNginx(web) || web.php != nil {
                return ContainerRuntime.page(
                    status, HTTPResponse.reason(status), web, host: request.host, port: request.port,
                    path: request.path, engine: engine)
            }
            let context = ProgramSpec.Context(
                ip: "", hostname: "", env: [], time: engine.now,
                request: [
                    "host": request.host, "port": String(request.port), "path": request.path, "location": location,
                ])
            let bytes = Array(ProgramSpec.fill(web.pages[status] ?? "", context).utf8)
            var headers: [HTTPResponse.Header] = []
            if !web.server.isEmpty { headers.append(.init(name: "Server", value: web.server)) }
            headers.append(.init(name: "Date", value: ContainerRuntime.httpDate(engine.now)))
            headers.append(.init(name: "Content-Type", value: "text/html; charset=utf-8"))
            headers.append(.init(name: "Content-Length", value: String(bytes.count)))
            return HTTPResponse(
                status: status, reason: HTTPResponse.reason(status), headers: headers, body: bytes,
                length: Int64(bytes.count), version: web.httpVersion)
        }
    }
}

extension HTTPResponse {
    /// The reason phrase of a status (RFC 9110).
    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 303: return "See Other"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Unknown"
        }
    }
}

extension StringProtocol {
    var trimmingSpacesAndTabs: String { String(trimmingAny(" \t")) }

    /// The text without these characters at either end.
    func trimmingAny(_ set: String) -> Substring {
        let trimmed = self[...].drop { set.contains($0) }
        var end = trimmed.endIndex
        while end > trimmed.startIndex, set.contains(trimmed[trimmed.index(before: end)]) {
            end = trimmed.index(before: end)
        }
        return Substring(trimmed[trimmed.startIndex..<end])
    }
}
