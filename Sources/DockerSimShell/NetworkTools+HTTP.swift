import DockerSimCore

// curl 7.88.1 (src/tool_*.c, lib/cf-socket.c, lib/progress.c) and wget (BusyBox 1.36
// networking/wget.c, GNU Wget 1.21.3), over the engine's model.

extension NetworkTools {
    /// A parsed `http://host:port/path`.
    struct URL {
        var scheme: String
        var host: String
        var port: Int
        var target: String

        /// The `Host` header: the port only when it is not the scheme's.
        var hostHeader: String {
            (scheme == "https" && port == 443) || (scheme == "http" && port == 80) ? host : "\(host):\(port)"
        }

        /// The last path segment, for a saved file's name (`index.html` when there is none).
        var fileName: String {
            let path = String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
            let last = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            return last.isEmpty ? "index.html" : last
        }

        static func parse(_ text: String) -> URL? {
            var rest = Substring(text)
            var scheme = "http"
            if let range = rest.range(of: "://") {
                scheme = rest[..<range.lowerBound].lowercased()
                rest = rest[range.upperBound...]
            }
            let split = rest.firstIndex(where: { $0 == "/" || $0 == "?" })
            var authority = split.map { rest[..<$0] } ?? rest
            var target = split.map { String(rest[$0...]) } ?? "/"
            if target.hasPrefix("?") { target = "/" + target }
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            var host = String(authority)
            var port = scheme == "https" ? 443 : 80
            if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
                let after = host[host.index(after: close)...]
                let inside = String(host[host.index(after: host.startIndex)..<close])
                if after.hasPrefix(":") {
                    guard let value = Int(after.dropFirst()), (0...65535).contains(value) else { return nil }
                    port = value
                }
                host = inside
            } else if let colon = host.lastIndex(of: ":") {
                let text = host[host.index(after: colon)...]
                host = String(host[..<colon])
                if !text.isEmpty {
                    guard text.allSatisfy(\.isNumber), let value = Int(text), (0...65535).contains(value) else {
                        return nil
                    }
                    port = value
                }
            }
            guard !host.isEmpty else { return nil }
            return URL(scheme: scheme, host: host, port: port, target: target)
        }
    }

    /// The end of a fetch: a response, or how the connection failed.
    enum Fetch {
        case response(HTTPResponse)
        case unresolved
        case failed(Connection, millis: Int)
        case notHTTP(String)
        case internet
        case tlsMismatch
    }

    /// What listens in a container: its main program's web server (catalog data).
    static func listeners(_ engine: Engine) -> Engine.Listeners {
        ContainerRuntime.listeners(engine)
    }

    /// Resolves, connects and asks; a web server answers from its container.
    static func fetch(
        _ url: URL, method: String, agent: String, body: String = "", context: Context, engine: inout Engine
    ) -> (Fetch, address: IPv4Address?, seconds: Double) {
        let name = url.host == "::1" ? "127.0.0.1" : url.host
        guard case .found(let addresses, _) = engine.resolve(name, from: context.origin), let address = addresses.first
        else {
            return (.unresolved, nil, 0)
        }
        let connection = engine.connect(
            from: context.origin, to: address, port: url.port, listeners: listeners(engine))
        switch connection {
        case .open(let id, let listener, let client):
            guard case .web = listener.service else { return (.notHTTP(listenerName(listener)), address, 0) }
            if url.scheme == "https" { return (.tlsMismatch, address, 0) }
            guard
                var response = ContainerRuntime.httpGet(
                    url.target, port: listener.port.port, host: url.host, client: client.description, agent: agent,
                    method: method, hostPort: url.port, body: body, containerID: id, engine: &engine)
            else { return (.failed(.refused, millis: 0), address, 0) }
            if method == "HEAD" { response.body = [] }
            return (.response(response), address, 0)
        case .internet: return (.internet, address, 0)
        case .silent:
            let millis = 130_000 + Int(fraction("\(url.host)@\(engine.now.seconds)") * 2000)
            return (.failed(connection, millis: millis), address, Double(millis) / 1000)
        case .noHost:
            let millis = 3_050 + Int(fraction("\(url.host)@\(engine.now.seconds)") * 60)
            return (.failed(connection, millis: millis), address, Double(millis) / 1000)
        default:
            return (.failed(connection, millis: 0), address, 0)
        }
    }

    static func listenerName(_ listener: Listener) -> String {
        if case .other(let name) = listener.service { return name }
        return ""
    }

    /// What a browser on the host shows at `http://localhost:PORT/` (the body, whatever the
    /// status), nil when nothing answers. It looks on a copy of the engine: nothing is logged,
    /// no time passes (lesson checks use it).
    public static func page(atHostPort port: Int, path: String = "/", engine: Engine) -> String? {
        var copy = engine
        let context = Context(origin: .host, flavor: .gnu, stdoutIsTerminal: true, save: { _, _, _ in nil })
        let url = URL(scheme: "http", host: "localhost", port: port, target: path)
        guard case .response(let response) = fetch(url, method: "GET", agent: "", context: context, engine: &copy).0
        else { return nil }
        return String(decoding: response.body ?? [], as: UTF8.self)
    }

    // MARK: - curl

    static let curlVersion = "7.88.1"

    /// dockersim's answer to a page of the real internet (curl exit 7, wget exit 1).
    static let internetNotSimulated = Message(
        en: "dockersim: internet web pages are not simulated",
        es: "dockersim: las páginas de internet no se simulan")

    static func curl(_ args: [String], _ context: Context, _ engine: inout Engine) -> ToolResult {
        var result = ToolResult()
        var silent = false
        var showError = false
        var include = false
        var head = false
        var follow = false
        var fail = false
        var output: String?
        var remoteName = false
        var method: String?
        var agent = "curl/\(curlVersion)"
        // `-d`: a form sent with POST (several are joined with `&`).
        var data: String?
        var urls: [String] = []
        let withValue: Set<String> = [
            "o", "X", "H", "A", "m", "d", "u", "e", "w", "T", "b", "c", "x", "r", "C", "E", "K", "Y", "y", "z",
        ]
        let longWithValue: Set<String> = [
            "output", "request", "header", "user-agent", "max-time", "connect-timeout", "data", "user", "referer",
            "write-out", "cookie", "proxy", "retry",
        ]
        var index = 0
        func usageError(_ text: String) -> ToolResult {
            var failed = ToolResult()
            failed.stderr = text + "curl: try 'curl --help' or 'curl --manual' for more information\n"
            failed.status = 2
            return failed
        }
        while index < args.count {
            let arg = args[index]
            index += 1
            if arg.hasPrefix("--") {
                let name = String(arg.dropFirst(2))
                var value: String?
                if longWithValue.contains(name) {
                    guard index < args.count else {
                        return usageError("curl: option \(arg): requires parameter\n")
                    }
                    value = args[index]
                    index += 1
                }
                switch name {
                case "silent": silent = true
                case "show-error": showError = true
                case "include": include = true
                case "head": head = true
                case "location": follow = true
                case "fail": fail = true
                case "remote-name": remoteName = true
                case "output": output = value
                case "request": method = value
                case "user-agent": agent = value ?? agent
                case "verbose", "insecure", "compressed", "http1.1", "no-progress-meter":
                    if name == "no-progress-meter" { silent = silent || false }
                case "header", "max-time", "connect-timeout", "referer", "retry": break
                case "data": data = (data.map { $0 + "&" } ?? "") + (value ?? "")
                case "user", "write-out", "cookie", "proxy":
                    result.stderr = Message.notSimulated("curl --\(name)").text(context.language) + "\n"
                    result.status = 1
                    return result
                case "version":
                    result.stdout =
                        "curl \(curlVersion) (x86_64-pc-linux-gnu) libcurl/\(curlVersion) OpenSSL/3.0.11 zlib/1.2.13\n"
                    return result
                default:
                    return usageError("curl: option \(arg): is unknown\n")
                }
                continue
            }
            if arg.hasPrefix("-") && arg.count > 1 {
                var letters = Array(arg.dropFirst())
                while let letter = letters.first {
                    letters.removeFirst()
                    let key = String(letter)
                    if withValue.contains(key) {
                        var value = String(letters)
                        letters = []
                        if value.isEmpty {
                            guard index < args.count else {
                                return usageError("curl: option -\(key): requires parameter\n")
                            }
                            value = args[index]
                            index += 1
                        }
                        switch key {
                        case "o": output = value
                        case "X": method = value
                        case "A": agent = value
                        case "d": data = (data.map { $0 + "&" } ?? "") + value
                        case "H", "m", "e": break
                        default:
                            result.stderr = Message.notSimulated("curl -\(key)").text(context.language) + "\n"
                            result.status = 1
                            return result
                        }
                        continue
                    }
                    switch letter {
                    case "s": silent = true
                    case "S": showError = true
                    case "i": include = true
                    case "I": head = true
                    case "L": follow = true
                    case "f": fail = true
                    case "O": remoteName = true
                    case "v", "k", "4", "#": break
                    default: return usageError("curl: option -\(letter): is unknown\n")
                    }
                }
                continue
            }
            urls.append(arg)
        }
        guard !urls.isEmpty else { return usageError("") }
        let quietErrors = silent && !showError
        for text in urls {
            guard var url = URL.parse(text) else {
                if !quietErrors {
                    result.stderr +=
                        "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n"
                }
                result.status = 3
                return result
            }
            guard url.scheme == "http" || url.scheme == "https" else {
                if !quietErrors {
                    result.stderr += "curl: (1) Protocol \"\(url.scheme)\" not supported or disabled in libcurl\n"
                }
                result.status = 1
                return result
            }
            var redirects = 0
            while true {
                let verb = method ?? (head ? "HEAD" : data != nil ? "POST" : "GET")
                let (outcome, _, seconds) = fetch(
                    url, method: verb, agent: agent, body: data ?? "", context: context, engine: &engine)
                result.seconds += seconds
                switch outcome {
                case .unresolved:
                    if !quietErrors { result.stderr += "curl: (6) Could not resolve host: \(url.host)\n" }
                    result.status = 6
                    return result
                case .failed(let connection, let millis):
                    if connection == .reset {
                        if !quietErrors { result.stderr += "curl: (56) Recv failure: Connection reset by peer\n" }
                        result.status = 56
                    } else if connection == .silent {
                        if !quietErrors {
                            result.stderr +=
                                "curl: (28) Failed to connect to \(url.host) port \(url.port) after \(millis) ms: Couldn't connect to server\n"
                        }
                        result.status = 28
                    } else {
                        if !quietErrors {
                            result.stderr +=
                                "curl: (7) Failed to connect to \(url.host) port \(url.port) after \(millis) ms: Couldn't connect to server\n"
                        }
                        result.status = 7
                    }
                    return result
                case .notHTTP(let name):
                    if name == "mysql" {
                        if !quietErrors { result.stderr += "curl: (1) Received HTTP/0.9 when not allowed\n" }
                        result.status = 1
                    } else {
                        if !quietErrors { result.stderr += "curl: (52) Empty reply from server\n" }
                        result.status = 52
                    }
                    return result
                case .tlsMismatch:
                    if !quietErrors {
                        result.stderr +=
                            "curl: (35) OpenSSL/3.0.11: error:0A00010B:SSL routines::wrong version number\n"
                    }
                    result.status = 35
                    return result
                case .internet:
                    result.stderr += Self.internetNotSimulated.text(context.language) + "\n"
                    result.status = 7
                    return result
                case .response(let response):
                    if fail && response.status >= 400 {
                        if !quietErrors {
                            result.stderr += "curl: (22) The requested URL returned error: \(response.status)\n"
                        }
                        result.status = 22
                        return result
                    }
                    var shown = ""
                    if include || head { shown += response.head }
                    if !head { shown += String(decoding: response.body ?? [], as: UTF8.self) }
                    if follow, (300...399).contains(response.status), let location = response.header("Location"),
                        let next = URL.parse(location), redirects < 50
                    {
                        redirects += 1
                        if include || head { emit(shown, to: &result, output: output, context, &engine) }
                        // curl turns a POST into a GET after a 301, 302 or 303 (unless -X said so).
                        if method == nil, [301, 302, 303].contains(response.status) { data = nil }
                        url = next
                        continue
                    }
                    let saved = remoteName ? url.fileName : output
                    if let saved, saved != "-" {
                        if let error = context.save(&engine, saved, Array(shown.utf8)) {
                            if !quietErrors {
                                result.stderr += "curl: (23) Failure writing output to destination\n"
                            }
                            _ = error
                            result.status = 23
                            return result
                        }
                        if !silent { result.stderr += progressMeter(shown.utf8.count) }
                    } else {
                        if !silent && !context.stdoutIsTerminal { result.stderr += progressMeter(shown.utf8.count) }
                        result.stdout += shown
                    }
                }
                break
            }
        }
        return result
    }

    static func emit(
        _ text: String, to result: inout ToolResult, output: String?, _ context: Context, _ engine: inout Engine
    ) {
        result.stdout += text
    }

    /// curl's progress meter after a transfer (shown when the body does not go to a terminal).
    static func progressMeter(_ bytes: Int) -> String {
        let size = max5(Int64(bytes))
        let speed = max5(Int64(bytes) * 1000)
        return
            "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n"
            + "100 \(size)  100 \(size)    0     0  \(speed)      0 --:--:-- --:--:-- --:--:-- \(speed)\n"
    }

    /// curl's `max5data`: a size in at most five characters.
    static func max5(_ bytes: Int64) -> String {
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, 5 - text.count)) + text }
        if bytes < 100_000 { return pad(String(bytes)) }
        if bytes < 10_000 * 1024 { return pad("\(bytes / 1024)k") }
        if bytes < 100 * 1024 * 1024 {
            let tenths = bytes * 10 / (1024 * 1024)
            return pad("\(tenths / 10).\(tenths % 10)M")
        }
        if bytes < 10_000 * 1024 * 1024 { return pad("\(bytes / (1024 * 1024))M") }
        return pad("\(bytes / (1024 * 1024 * 1024))G")
    }

    // MARK: - wget

    static func wget(_ args: [String], _ context: Context, _ engine: inout Engine) -> ToolResult {
        var result = ToolResult()
        var quiet = false
        var output: String?
        var urls: [String] = []
        var index = 0
        while index < args.count {
            let arg = args[index]
            index += 1
            if arg == "-O" || arg == "--output-document" {
                guard index < args.count else {
                    result.stderr =
                        context.flavor == .busybox
                        ? "wget: option requires an argument -- 'O'\n" : "wget: option requires an argument -- 'O'\n"
                    result.status = 1
                    return result
                }
                output = args[index]
                index += 1
            } else if arg.hasPrefix("-O") {
                output = String(arg.dropFirst(2))
            } else if arg == "-q" || arg == "--quiet" {
                quiet = true
            } else if arg == "-qO-" || arg == "-qO" {
                quiet = true
                if arg == "-qO-" {
                    output = "-"
                } else if index < args.count {
                    output = args[index]
                    index += 1
                }
            } else if arg.hasPrefix("-") {
                continue
            } else {
                urls.append(arg)
            }
        }
        guard let text = urls.first, let url = URL.parse(text) else {
            result.stderr =
                context.flavor == .busybox
                ? "BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n"
                : "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n"
            result.status = 1
            return result
        }
        let agent = context.flavor == .busybox ? "Wget" : "Wget/1.21.3"
        let file = output ?? url.fileName
        let (outcome, address, seconds) = fetch(url, method: "GET", agent: agent, context: context, engine: &engine)
        result.seconds = seconds
        if context.flavor == .gnu {
            return gnuWget(url, file: file, quiet: quiet, outcome: outcome, address: address, context, &engine, result)
        }
        if case .unresolved = outcome {
            result.stderr = "wget: bad address '\(url.host)'\n"
            result.status = 1
            return result
        }
        if !quiet, let address { result.stderr += "Connecting to \(url.hostHeader) (\(address):\(url.port))\n" }
        switch outcome {
        case .response(let response):
            guard response.status < 400 else {
                result.stderr += "wget: server returned error: HTTP/1.1 \(response.status) \(response.reason)\n"
                result.status = 1
                return result
            }
            let body = response.body ?? []
            if file == "-" {
                if !quiet { result.stderr += "writing to stdout\n" }
                result.stdout += String(decoding: body, as: UTF8.self)
                if !quiet { result.stderr += busyboxBar("-", body.count) + "written to stdout\n" }
                return result
            }
            if !quiet { result.stderr += "saving to '\(file)'\n" }
            if context.save(&engine, file, body) != nil {
                result.stderr += "wget: can't open '\(file)': File exists\n"
                result.status = 1
                return result
            }
            if !quiet { result.stderr += busyboxBar(file, body.count) + "'\(file)' saved\n" }
        case .failed(let connection, _):
            let reason =
                connection == .silent
                ? "Connection timed out" : connection == .noHost ? "Host is unreachable" : "Connection refused"
            if connection == .reset {
                result.stderr += "wget: error getting response: Connection reset by peer\n"
            } else {
                result.stderr += "wget: can't connect to remote host (\(address?.description ?? "")): \(reason)\n"
            }
            result.status = 1
        case .notHTTP:
            result.stderr += "wget: error getting response: Connection reset by peer\n"
            result.status = 1
        case .tlsMismatch:
            result.stderr += "wget: error getting response: Connection reset by peer\n"
            result.status = 1
        case .internet:
            result.stderr += Self.internetNotSimulated.text(context.language) + "\n"
            result.status = 1
        case .unresolved: break
        }
        return result
    }

    /// BusyBox's progress bar at the end of a transfer (80 columns: a 32-star bar).
    static func busyboxBar(_ file: String, _ bytes: Int) -> String {
        let name = file.count >= 20 ? String(file.prefix(20)) : file + String(repeating: " ", count: 20 - file.count)
        let size = String(bytes)
        let padded = String(repeating: " ", count: max(0, 5 - size.count)) + size
        return name + " 100% |" + String(repeating: "*", count: 32) + "| " + padded + "  0:00:00 ETA\n"
    }

    /// GNU Wget's report.
    static func gnuWget(
        _ url: URL, file: String, quiet: Bool, outcome: Fetch, address: IPv4Address?, _ context: Context,
        _ engine: inout Engine, _ start: ToolResult
    ) -> ToolResult {
        var result = start
        let stamp = DateText.local(engine.now)
        var log = "--\(stamp)--  \(url.scheme)://\(url.hostHeader)\(url.target)\n"
        if case .unresolved = outcome {
            log += "Resolving \(url.host) (\(url.host))... failed: Name or service not known.\n"
            log += "wget: unable to resolve host address ‘\(url.host)’\n"
            if !quiet { result.stderr = log } else { result.stderr = "" }
            result.status = 4
            return result
        }
        let shownAddress = address?.description ?? ""
        if IPv4Address(url.host) == nil {
            log += "Resolving \(url.host) (\(url.host))... \(shownAddress)\n"
            log += "Connecting to \(url.host) (\(url.host))|\(shownAddress)|:\(url.port)... "
        } else {
            log += "Connecting to \(url.host):\(url.port)... "
        }
        switch outcome {
        case .response(let response):
            log += "connected.\nHTTP request sent, awaiting response... \(response.status) \(response.reason)\n"
            guard response.status < 400 else {
                log += "\(stamp) ERROR \(response.status): \(response.reason).\n\n"
                if !quiet { result.stderr = log }
                result.status = 8
                return result
            }
            let type = response.header("Content-Type") ?? "text/html"
            let body = response.body ?? []
            log += "Length: \(body.count) [\(type)]\n"
            let shownFile = file == "-" ? "STDOUT" : "‘\(file)’"
            log += "Saving to: \(shownFile)\n\n"
            if file == "-" {
                result.stdout += String(decoding: body, as: UTF8.self)
            } else if context.save(&engine, file, body) != nil {
                log += "\(file): Permission denied\n"
                if !quiet { result.stderr = log }
                result.status = 3
                return result
            }
            let name = file == "-" ? "-" : file
            let column =
                name.count >= 18 ? String(name.prefix(18)) : name + String(repeating: " ", count: 18 - name.count)
            let size = String(body.count)
            log +=
                "\(column)  100%[===================>]  \(String(repeating: " ", count: max(0, 6 - size.count)))\(size)  --.-KB/s    in 0s      \n\n"
            log +=
                "\(stamp) (\(gnuSpeed(body.count))) - \(file == "-" ? "written to stdout" : "‘\(file)’ saved") [\(size)/\(size)]\n\n"
        case .failed(let connection, _):
            let reason =
                connection == .silent
                ? "Connection timed out" : connection == .noHost ? "No route to host" : "Connection refused"
            log += "failed: \(reason).\n"
            if connection == .reset {
                log = log.replacingOccurrences(
                    "failed: Connection refused.\n",
                    with:
                        "connected.\nHTTP request sent, awaiting response... Read error (Connection reset by peer) in headers.\nRetrying.\n\n"
                )
            }
            result.status = 4
        default:
            log += "failed: Connection refused.\n"
            result.status = 4
        }
        if !quiet { result.stderr = log }
        return result
    }

    static func gnuSpeed(_ bytes: Int) -> String {
        let perSecond = Double(bytes) * 1000
        if perSecond < 1024 * 1024 { return format(perSecond / 1024, decimals: 2) + " KB/s" }
        return format(perSecond / (1024 * 1024), decimals: 2) + " MB/s"
    }
}

/// Local date and time text (the containers and the host run in UTC).
enum DateText {
    /// `2024-01-28 17:00:00`.
    static func local(_ time: Timestamp) -> String {
        let p = Timestamp.civilParts(time.seconds)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(p.year)-\(two(p.month))-\(two(p.day)) \(two(p.hour)):\(two(p.minute)):\(two(p.second))"
    }
}

extension String {
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        split(separator: Substring(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
