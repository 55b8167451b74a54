// A static web server answering from a container's own file system: the document root read
// through the union of its image layers, its writable layer and its mounts, so what a student
// changed in the container is what the page shows. Status lines, headers and error pages are
// nginx 1.24's (src/http/ngx_http_special_response.c) and Apache 2.4's (modules/http/http_protocol.c).

/// What a web server serves and how it shows itself.
public struct WebServer: Sendable, Equatable {
    /// The document root.
    public var root: String
    /// The files that serve a folder, first found first.
    public var index: [String]
    /// The `Server` header (`nginx/1.24.0`, `Apache/2.4.58 (Unix)`).
    public var server: String
    /// Apache's `ServerSignature On`: error pages end with the server's address line.
    public var signature: Bool
    /// The access log line (placeholders `{client}`, `{time}`, `{request}`, `{status}`,
    /// `{bytes}`, `{referer}`, `{agent}`) and the stream it goes to; nil when it logs nothing
    /// docker sees.
    public var accessLog: AccessLog?

    public struct AccessLog: Sendable, Equatable {
        public var stream: LogEntry.Stream
        public var format: String

        public init(stream: LogEntry.Stream, format: String) {
            self.stream = stream
            self.format = format
        }
    }

    public init(root: String, index: [String], server: String, signature: Bool = false, accessLog: AccessLog? = nil) {
        self.root = root
        self.index = index
        self.server = server
        self.signature = signature
        self.accessLog = accessLog
    }

    /// nginx or Apache, by the `Server` header.
    public var isNginx: Bool { server.hasPrefix("nginx") }

    /// Combined log format (nginx's `main` adds `"-"` for `X-Forwarded-For`).
    public static let combined =
        "{client} - - [{time}] \"{request}\" {status} {bytes} \"{referer}\" \"{agent}\""
    /// Common log format (httpd's default `CustomLog … common`).
    public static let common = "{client} - - [{time}] \"{request}\" {status} {bytes}"
}

/// An HTTP request as a client sends it.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The request target (`/`, `/index.html?x=1`).
    public var target: String
    /// The `Host` header (`localhost:8080`).
    public var host: String
    public var userAgent: String

    public init(method: String = "GET", target: String, host: String, userAgent: String) {
        self.method = method
        self.target = target
        self.host = host
        self.userAgent = userAgent
    }
}

/// An HTTP response: status, headers in the order the server sends them, body.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var reason: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, reason: String, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.reason == rhs.reason && lhs.body == rhs.body
            && lhs.headers.map(\.0) == rhs.headers.map(\.0) && lhs.headers.map(\.1) == rhs.headers.map(\.1)
    }

    /// The status line and headers as sent (`\r\n` line ends, blank line at the end).
    public var head: String {
        "HTTP/1.1 \(status) \(reason)\r\n" + headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

extension Engine {
    /// A web server in a container answers a request from its file system, and writes its
    /// access log line (to the container's log when it logs to stdout/stderr).
    public mutating func serve(
        _ request: HTTPRequest, in containerID: String, by web: WebServer, client: IPv4Address
    ) -> HTTPResponse {
        guard let container = containers[containerID] else {
            return HTTPResponse(status: 500, reason: "Internal Server Error", headers: [], body: [])
        }
        let time = now
        var response = Self.respond(request, fs: container.fs, web: web, time: time)
        if request.method == "HEAD" { response.body = [] }
        if let log = web.accessLog {
            let bytes = request.method == "HEAD" ? 0 : response.body.count
            let line = Self.accessLine(
                log.format,
                values: [
                    "client": client.description, "time": Self.logTime(time),
                    "request": "\(request.method) \(request.target) HTTP/1.1", "status": String(response.status),
                    "bytes": web.isNginx || bytes > 0 ? String(bytes) : "-", "referer": "-",
                    "agent": request.userAgent,
                ])
            appendLog(containerID, stream: log.stream, text: line + "\n")
        }
        return response
    }

    /// The response of a static server to a request, read from `fs`.
    static func respond(_ request: HTTPRequest, fs: ContainerFS, web: WebServer, time: Timestamp) -> HTTPResponse {
        let date = httpDate(time.seconds)
        guard request.method == "GET" || request.method == "HEAD" else {
            return errorPage(405, web: web, request: request, date: date)
        }
        let rawPath = String(request.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let decoded = percentDecoded(rawPath)
        var parts: [String] = []
        for component in decoded.split(separator: "/") {
            switch component {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return errorPage(400, web: web, request: request, date: date) }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        let root = FilePath.normalize(web.root)
        guard let (_, node) = try? fs.stat(FilePath.string(root + parts), cwd: []) else {
            return errorPage(404, web: web, request: request, date: date)
        }
        var served: (FileContent, FileMetadata)?
        switch node {
        case .directory:
            if !decoded.hasSuffix("/") {
                var response = errorPage(301, web: web, request: request, date: date)
                let location = "http://\(request.host)\(rawPath)/"
                let index = web.isNginx ? response.headers.count - 1 : 2
                response.headers.insert(("Location", location), at: min(index, response.headers.count))
                return response
            }
            for name in web.index {
                if let (_, found) = try? fs.stat(FilePath.string(root + parts + [name]), cwd: []),
                    case .file(let content, let meta) = found
                {
                    served = (content, meta)
                    break
                }
            }
            guard served != nil else { return errorPage(403, web: web, request: request, date: date) }
        case .file(let content, let meta):
            served = (content, meta)
        default:
            return errorPage(404, web: web, request: request, date: date)
        }
        guard let (content, meta) = served else { return errorPage(404, web: web, request: request, date: date) }
        let body = content.bytes ?? Array(repeating: 0, count: Int(min(content.size, 1 << 20)))
        let size = Int64(body.count)
        let modified = httpDate(meta.mtime)
        let type = contentType(decoded.hasSuffix("/") ? (web.index.first ?? "") : decoded)
        let headers: [(String, String)]
        if web.isNginx {
            headers = [
                ("Server", web.server), ("Date", date), ("Content-Type", type), ("Content-Length", String(size)),
                ("Last-Modified", modified), ("Connection", "keep-alive"),
                ("ETag", "\"\(String(meta.mtime, radix: 16))-\(String(size, radix: 16))\""),
                ("Accept-Ranges", "bytes"),
            ]
        } else {
            headers = [
                ("Date", date), ("Server", web.server), ("Last-Modified", modified),
                ("ETag", "\"\(String(size, radix: 16))-\(String(meta.mtime * 1_000_000, radix: 16))\""),
                ("Accept-Ranges", "bytes"), ("Content-Length", String(size)), ("Content-Type", type),
            ]
        }
        return HTTPResponse(status: 200, reason: "OK", headers: headers, body: body)
    }

    static let reasons = [
        301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Not Allowed",
        500: "Internal Server Error", 502: "Bad Gateway",
    ]

    /// nginx's or Apache's error page for a status.
    static func errorPage(_ status: Int, web: WebServer, request: HTTPRequest, date: String) -> HTTPResponse {
        if web.isNginx {
            let reason = reasons[status] ?? "Error"
            let title = "\(status) \(reason)"
            let body =
                "<html>\r\n<head><title>\(title)</title></head>\r\n<body>\r\n<center><h1>\(title)</h1></center>\r\n<hr><center>\(web.server)</center>\r\n</body>\r\n</html>\r\n"
            return HTTPResponse(
                status: status, reason: reason,
                headers: [
                    ("Server", web.server), ("Date", date), ("Content-Type", "text/html"),
                    ("Content-Length", String(body.utf8.count)), ("Connection", "keep-alive"),
                ], body: Array(body.utf8))
        }
        let reason = status == 405 ? "Method Not Allowed" : reasons[status] ?? "Error"
        let path = String(request.target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let message: String
        switch status {
        case 301: message = "<p>The document has moved <a href=\"http://\(request.host)\(path)/\">here</a>.</p>"
        case 403: message = "<p>You don't have permission to access this resource.</p>"
        case 404: message = "<p>The requested URL was not found on this server.</p>"
        case 405: message = "<p>The requested method \(request.method) is not allowed for this URL.</p>"
        default: message = "<p>Your browser sent a request that this server could not understand.<br />\n</p>"
        }
        var body =
            "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>\(status) \(reason)</title>\n</head><body>\n<h1>\(status == 301 ? "Moved Permanently" : reason)</h1>\n\(message)\n"
        if web.signature {
            let hostParts = request.host.split(separator: ":", maxSplits: 1).map(String.init)
            let port = hostParts.count > 1 ? hostParts[1] : "80"
            body += "<hr>\n<address>\(web.server) Server at \(hostParts.first ?? "localhost") Port \(port)</address>\n"
        }
        body += "</body></html>\n"
        return HTTPResponse(
            status: status, reason: reason,
            headers: [
                ("Date", date), ("Server", web.server), ("Content-Length", String(body.utf8.count)),
                ("Content-Type", "text/html; charset=iso-8859-1"),
            ], body: Array(body.utf8))
    }

    static func contentType(_ path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
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

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var chars = Array(text.utf8)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == 0x25, chars.count >= 2,
                let value = UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                chars = chars.dropFirst(2)
            } else {
                bytes.append(c)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `Sun, 28 Jan 2024 17:00:00 GMT`.
    public static func httpDate(_ seconds: Int64) -> String {
        let p = Timestamp.civilParts(seconds)
        return
            "\(weekdays[Int(p.weekday)]), \(two(p.day)) \(months[Int(p.month) - 1]) \(p.year) \(two(p.hour)):\(two(p.minute)):\(two(p.second)) GMT"
    }

    /// `28/Jan/2024:17:00:00 +0000` (containers run in UTC).
    public static func logTime(_ time: Timestamp) -> String {
        let p = Timestamp.civilParts(time.seconds)
        return
            "\(two(p.day))/\(months[Int(p.month) - 1])/\(p.year):\(two(p.hour)):\(two(p.minute)):\(two(p.second)) +0000"
    }

    /// Fills an access-log format's `{name}` placeholders.
    static func accessLine(_ format: String, values: [String: String]) -> String {
        var out = ""
        var rest = Substring(format)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            let key = name.hasPrefix("time") ? "time" : name
            out += values[key] ?? String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
