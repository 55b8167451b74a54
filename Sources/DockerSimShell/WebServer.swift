import DockerSimCore

/// What a container's web server answers to a request.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// `OK`, `Not Found`…
    public var reason: String
    /// In the order the server sends them.
    public var headers: [Header]
    /// The body; nil when its bytes are not simulated (a binary file, a PHP page), see ``length``.
    public var body: [UInt8]?
    /// `Content-Length`.
    public var length: Int64
    /// The HTTP version of the status line (`1.0` for Werkzeug's development server).
    public var version = "1.1"

    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// The status line and the headers as sent (`\r\n` line ends, a blank line at the end).
    public var head: String {
        "HTTP/\(version) \(status) \(reason)\r\n" + headers.map { "\($0.name): \($0.value)\r\n" }.joined() + "\r\n"
    }

    /// The value of a header, by name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

extension ContainerRuntime {
    /// What listens in running containers (their main program's web server and its other
    /// services, catalog data): what ``Engine/connect(from:to:port:proto:listeners:)`` needs.
    public static func listeners(_ engine: Engine) -> Engine.Listeners {
        { id in
            guard engine.containers[id]?.isRunning == true, let spec = mainProgram(of: id, engine: engine)?.spec
            else { return [] }
            var found: [Listener] = []
            if let web = spec.web { found.append(Listener(port: ContainerPort(web.port, "tcp"), service: .web(web))) }
            for listen in spec.listens {
                found.append(Listener(port: ContainerPort(listen.port, "tcp"), service: .other(listen.service)))
            }
            return found
        }
    }

    /// The SQL server a running container's main process is (its catalog `sql` line), if any.
    public static func sqlServer(of containerID: String, engine: Engine) -> SQLServerSpec? {
        guard engine.containers[containerID]?.isRunning == true else { return nil }
        return mainProgram(of: containerID, engine: engine)?.spec.sqlServer
    }

    /// The web server a running container runs (its main program's `web` block in the catalog).
    public static func webServer(of containerID: String, engine: Engine) -> ProgramSpec.Web? {
        guard engine.containers[containerID]?.isRunning == true else { return nil }
        return mainProgram(of: containerID, engine: engine)?.spec.web
    }

    /// What the web server of a container answers to `GET path` on `port` (nil when nothing
    /// listens there), as its catalog entry says: a file of its document root (an index file
    /// for a folder), a redirect to add the `/` of a folder, its own 403 and 404 pages. The
    /// access-log line goes to the container's logs, as the server writes it.
    /// - Parameters:
    ///   - host: the `Host` the client asked for (`localhost`, an IP address), for the server's pages.
    ///   - client: the client's address, for the access log.
    ///   - method: `GET` or `HEAD` (the same answer; the client drops a HEAD's body).
    ///   - hostPort: the port the client connected to (a published port), for the server's
    ///     redirects and pages; `port` when nil.
    public static func httpGet(
        _ target: String, port: Int, host: String, client: String, agent: String = "curl/7.88.1",
        method: String = "GET", hostPort: Int? = nil, body: String = "", containerID: String, engine: inout Engine
    ) -> HTTPResponse? {
        guard var web = webServer(of: containerID, engine: engine), web.port == port,
            let container = engine.containers[containerID]
        else { return nil }
        web = withSite(web, containerID: containerID, engine: engine)
        let port = hostPort ?? port
        let path = String(target.prefix { $0 != "?" && $0 != "#" })
        var fs = container.fs
        let query = target.firstIndex(of: "?").map { String(target[target.index(after: $0)...].prefix { $0 != "#" }) }
        let request = Request(
            containerID: containerID, method: method, target: target, path: path, query: query ?? "", host: host,
            port: port, client: client, agent: agent, body: body)
        var response: HTTPResponse
        // An application's files are served below `files-at`; its routes answer the rest.
        var filePath: String? = path
        if let prefix = web.filesAt {
            filePath = path.hasPrefix(prefix + "/") ? String(path.dropFirst(prefix.count)) : nil
        }
        let file = web.root + "/" + FilePath.components(filePath ?? "").joined(separator: "/")
        let folder = file.hasSuffix("/") ? file : file + "/"
        var node = filePath == nil ? nil : try? fs.stat(file, cwd: []).node
        // Routes first (an application's own paths), but not below `files-at`.
        let routed =
            !web.routes.isEmpty && (web.filesAt == nil || filePath == nil)
            ? appAnswer(web, request: request, engine: &engine) : nil
        if routed == nil, !web.routes.isEmpty, let now = engine.containers[containerID]?.fs {
            // A route that passed the request on may have made files (Tomcat unpacking a WAR).
            fs = now
            node = filePath == nil ? nil : try? fs.stat(file, cwd: []).node
        }
        let isFile: Bool = if case .file? = node { true } else { false }
        if let routed {
            response = routed
        } else if web.filesAt != nil, !isFile {
            // An application answers what it has no route or file for with its 404 page.
            response = AppRun.page(404, web: web, request: request, engine: engine)
        } else {
            switch node {
            case .directory?:
                if !path.hasSuffix("/") {
                    let location = "http://\(host)\(port == 80 ? "" : ":\(port)")\(path)/"
                    response = page(301, "Moved Permanently", web, host: host, port: port, path: path, engine: engine)
                    // nginx sends Location after Content-Length, Apache after Server.
                    let at = isNginx(web) ? 4 : min(2, response.headers.count)
                    response.headers.insert(
                        .init(name: "Location", value: location), at: min(at, response.headers.count))
                } else if let index = web.index.first(where: { (try? fs.read(folder + $0, cwd: [])) != nil }) {
                    response = serve(folder + index, web, fs: fs, request: request, engine: &engine)
                } else {
                    response = page(403, "Forbidden", web, host: host, port: port, path: path, engine: engine)
                }
            case .file?:
                response = serve(file, web, fs: fs, request: request, engine: &engine)
            default:
                response = page(404, "Not Found", web, host: host, port: port, path: path, engine: engine)
            }
        }
        // A HEAD is answered without the body: nginx logs 0 bytes sent, Apache `-`.
        let sent = method == "HEAD" ? 0 : response.length
        if let log = web.accessLog {
            let context = ProgramSpec.Context(
                ip: container.ipAddress ?? "", hostname: container.config.hostname, env: container.config.env,
                time: engine.now,
                request: [
                    "client": client, "request": "\(method) \(target) HTTP/1.1", "status": String(response.status),
                    "bytes": sent == 0 && !isNginx(web) ? "-" : String(sent), "referer": "-", "agent": agent,
                ])
            engine.appendLog(
                containerID, stream: container.config.tty ? .stdout : log.stream,
                text: ProgramSpec.fill(log.text, context))
        }
        return response
    }

    /// The server with the routes of the application an image put in its folder
    /// (``Engine/application(servedAt:port:in:)``): its routes come first, its pages replace
    /// the server's. The server's own block keeps its routes when it has some.
    static func withSite(_ web: ProgramSpec.Web, containerID: String, engine: Engine) -> ProgramSpec.Web {
        guard web.routes.isEmpty, let site = engine.application(servedAt: web.root, port: web.port, in: containerID)
        else { return web }
        var merged = web
        merged.routes = site.routes
        merged.pages.merge(site.pages) { _, new in new }
        merged.views.merge(site.views) { _, new in new }
        return merged
    }

    /// Whether the server is nginx (its headers' order and its CRLF error pages differ from
    /// Apache's: nginx src/http/ngx_http_header_filter_module.c, ngx_http_special_response.c).
    static func isNginx(_ web: ProgramSpec.Web) -> Bool { web.server.hasPrefix("nginx") }

    /// What a request asked, for the programs that answer it (PHP's `$_SERVER`, `$_GET`).
    struct Request {
        var containerID: String
        var method: String
        var target: String
        var path: String
        var query: String
        var host: String
        var port: Int
        var client: String
        var agent: String
        /// A POST's form (`application/x-www-form-urlencoded`).
        var body = ""
    }

    static func serve(
        _ path: String, _ web: ProgramSpec.Web, fs: ContainerFS, request: Request, engine: inout Engine
    ) -> HTTPResponse {
        let content = (try? fs.read(path, cwd: [])) ?? FileContent(bytes: [])
        var headers = [HTTPResponse.Header(name: "Date", value: httpDate(engine.now))]
        if !web.server.isEmpty { headers.append(.init(name: "Server", value: web.server)) }
        if path.hasSuffix(".php"), let php = web.php, web.phpWhen.map({ (try? fs.stat($0, cwd: [])) != nil }) ?? true {
            headers.append(.init(name: "X-Powered-By", value: php))
            // A HEAD request's page is not sent (PHP sends no output when only headers are asked).
            guard let result = runPHP(path, version: php, web, fs: fs, request: request, engine: &engine),
                request.method != "HEAD"
            else {
                headers.append(.init(name: "Content-Type", value: "text/html; charset=UTF-8"))
                return HTTPResponse(status: 200, reason: "OK", headers: headers, body: nil, length: 0)
            }
            headers.append(.init(name: "Content-Length", value: String(result.count)))
            headers.append(.init(name: "Content-Type", value: "text/html; charset=UTF-8"))
            return HTTPResponse(status: 200, reason: "OK", headers: headers, body: result, length: Int64(result.count))
        }
        var mtime: Int64 = 0
        if case .file(_, let meta)? = try? fs.stat(path, cwd: []).node { mtime = meta.mtime }
        let modified = httpDate(Timestamp(seconds: mtime))
        let length = String(content.size)
        if isNginx(web) {
            headers = [
                .init(name: "Server", value: web.server), .init(name: "Date", value: httpDate(engine.now)),
                .init(name: "Content-Type", value: contentType(path)), .init(name: "Content-Length", value: length),
                .init(name: "Last-Modified", value: modified), .init(name: "Connection", value: "keep-alive"),
                .init(name: "ETag", value: "\"\(String(mtime, radix: 16))-\(String(content.size, radix: 16))\""),
                .init(name: "Accept-Ranges", value: "bytes"),
            ]
        } else {
            headers += [
                .init(name: "Last-Modified", value: modified),
                .init(
                    name: "ETag",
                    value: "\"\(String(content.size, radix: 16))-\(String(mtime * 1_000_000, radix: 16))\""),
                .init(name: "Accept-Ranges", value: "bytes"), .init(name: "Content-Length", value: length),
                .init(name: "Content-Type", value: contentType(path)),
            ]
        }
        return HTTPResponse(status: 200, reason: "OK", headers: headers, body: content.bytes, length: content.size)
    }

    /// Runs a `.php` file in the PHP of the image (`PHP/7.4.33`): the page it prints, or nil when
    /// the file's content is not simulated.
    static func runPHP(
        _ path: String, version: String, _ web: ProgramSpec.Web, fs: ContainerFS, request: Request,
        engine: inout Engine
    ) -> [UInt8]? {
        guard let dialect = PHPDialect(version), let container = engine.containers[request.containerID] else {
            return nil
        }
        let scriptName = path.hasPrefix(web.root) ? String(path.dropFirst(web.root.count)) : request.path
        let server: [(String, String)] = [
            ("HTTP_HOST", request.port == 80 ? request.host : "\(request.host):\(request.port)"),
            ("HTTP_USER_AGENT", request.agent), ("SERVER_SOFTWARE", web.server), ("SERVER_NAME", request.host),
            ("SERVER_ADDR", container.ipAddress ?? ""), ("SERVER_PORT", String(web.port)),
            ("REMOTE_ADDR", request.client), ("DOCUMENT_ROOT", web.root), ("REQUEST_SCHEME", "http"),
            ("SCRIPT_FILENAME", path), ("GATEWAY_INTERFACE", "CGI/1.1"), ("SERVER_PROTOCOL", "HTTP/1.1"),
            ("REQUEST_METHOD", request.method), ("QUERY_STRING", request.query), ("REQUEST_URI", request.target),
            ("SCRIPT_NAME", scriptName), ("PHP_SELF", scriptName),
            ("REQUEST_TIME", String(engine.now.seconds)),
        ]
        var environment = PHP.Environment(
            dialect: dialect, script: path,
            file: { file in
                guard case .file(let content, _)? = try? fs.stat(file, cwd: []).node else { return .missing }
                return content.bytes.map(PHP.File.text) ?? .opaque
            },
            variables: container.config.env, now: engine.now, hostname: container.config.hostname, server: server,
            query: request.query,
            hasExtension: { name in
                if (try? fs.stat("/usr/local/etc/php/conf.d/docker-php-ext-\(name).ini", cwd: [])) != nil {
                    return true
                }
                let debian = "/etc/php/\(dialect.major).\(dialect.minor)/apache2/conf.d"
                guard let resolved = try? fs.resolve(debian, cwd: []) else { return false }
                return fs.list(resolved).keys.contains { $0.hasSuffix("-\(name).ini") }
            },
            mysql: EngineMySQLConnector(
                engine: engine, origin: .container(request.containerID), phpMajor: dialect.major))
        environment.language = engine.language
        guard let result = PHP.run(environment) else { return nil }
        // The statements the page ran changed the databases: keep what its connector did.
        if let connector = result.mysql as? EngineMySQLConnector { engine = connector.engine }
        return result.output
    }

    static func page(
        _ status: Int, _ reason: String, _ web: ProgramSpec.Web, host: String, port: Int, path: String,
        engine: Engine
    ) -> HTTPResponse {
        let context = ProgramSpec.Context(
            ip: "", hostname: "", env: [], time: engine.now,
            request: ["host": host, "port": String(port), "path": path])
        let text = ProgramSpec.fill(web.pages[status] ?? "", context)
        if isNginx(web) {
            // nginx's own pages end their lines with CRLF.
            let body = Array(
                text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n").utf8)
            let headers: [HTTPResponse.Header] = [
                .init(name: "Server", value: web.server), .init(name: "Date", value: httpDate(engine.now)),
                .init(name: "Content-Type", value: "text/html"),
                .init(name: "Content-Length", value: String(body.count)),
                .init(name: "Connection", value: "keep-alive"),
            ]
            return HTTPResponse(status: status, reason: reason, headers: headers, body: body, length: Int64(body.count))
        }
        let body = Array(text.utf8)
        var headers = [HTTPResponse.Header(name: "Date", value: httpDate(engine.now))]
        if !web.server.isEmpty { headers.append(.init(name: "Server", value: web.server)) }
        headers.append(.init(name: "Content-Length", value: String(body.count)))
        headers.append(.init(name: "Content-Type", value: "text/html; charset=iso-8859-1"))
        return HTTPResponse(status: status, reason: reason, headers: headers, body: body, length: Int64(body.count))
    }

    /// `Mon, 22 Jan 2024 20:03:32 GMT` (RFC 7231's IMF-fixdate).
    static func httpDate(_ time: Timestamp) -> String {
        ProgramSpec.format(time, "%a, %d %b %Y %H:%M:%S GMT")
    }

    static func contentType(_ path: String) -> String {
        let ext = path.split(separator: "/").last?.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html"
        case "css": return "text/css"
        case "js": return "application/javascript"
        case "json": return "application/json"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "svg": return "image/svg+xml"
        case "txt": return "text/plain"
        default: return "application/octet-stream"
        }
    }
}
