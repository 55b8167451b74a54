extension ProgramSpec {
    /// The words a program block's lines start with (after `when …`, `first`, `missing` or
    /// `shutdown`).
    static let verbs =
        "stdout, stderr, exit, requires, first-run, creates, copies, web, server, index, access-log, php, page, files-at, http, route, process, title, args, runs, listen, sql, sql-init, redis, stop, user"

    /// Parses the block that starts with `header` (`program PATH KIND`) and its indented lines.
    /// - Returns: the path, the spec, and the first line after the block (nil at the end).
    static func parse(
        header: CatalogLines.Line, lines: inout CatalogLines, file: CatalogFile
    ) throws(CatalogError) -> (path: String, spec: ProgramSpec, next: CatalogLines.Line?) {
        let words = header.text.words.map(\.string)
        guard words.count >= 3, words[1].hasPrefix("/") else {
            throw file.error(
                header.number,
                "a program is `program /PATH KIND` (KIND: shell [NAME [VERSION]], exit N, service, entrypoint WORD…)")
        }
        var spec: ProgramSpec
        switch words[2] {
        case "shell" where words.count <= 5:
            spec = ProgramSpec(kind: .shell)
            spec.shellName = words.count >= 4 ? words[3] : nil
            if words.count == 5 {
                let parts = words[4].split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else {
                    throw file.error(
                        header.number, "a shell's version is MAJOR.MINOR (`shell bash 5.1`), not '\(words[4])'")
                }
                spec.shellVersion = (major, minor)
            }
        case "service" where words.count == 3: spec = ProgramSpec(kind: .service)
        case "entrypoint" where words.count > 3: spec = ProgramSpec(kind: .entrypoint(triggers: Array(words[3...])))
        case "exit" where words.count == 4:
            guard let status = Int32(words[3]), (0...255).contains(status) else {
                throw file.error(header.number, "`exit` wants a status from 0 to 255")
            }
            spec = ProgramSpec(kind: .exit(status))
        default:
            throw file.error(
                header.number,
                "unknown program kind '\(words[2...].joined(separator: " "))' (shell [NAME [VERSION]], exit N, service, entrypoint WORD…)"
            )
        }
        // The output line (or web page, `page N`) whose `|` block is open, and where it goes.
        var block: (line: Output, target: OutputTarget, page: Int?)?
        // The name of the application page (`page NAME`) whose `|` block is open.
        var view: String?
        func flush() {
            guard let open = block else { return }
            if let name = view {
                spec.web?.views[name] = open.line.text
                view = nil
            } else if let status = open.page {
                spec.web?.pages[status] = open.line.text
            } else {
                append(open.line, to: open.target, &spec)
            }
            block = nil
        }
        // The route whose steps are being read, and how deep its `route` line is indented.
        // (A `route` line with several paths makes several routes with the same steps.)
        var route: (index: Int, indent: Int)?
        func closeRoute() throws(CatalogError) {
            guard let open = route else { return }
            route = nil
            guard let routes = spec.web?.routes, open.index < routes.count else { return }
            if let problem = AppStep.checkNesting(routes[open.index].steps) {
                throw file.error(problem.line, problem.text)
            }
            if routes[open.index].steps.isEmpty {
                throw file.error(routes[open.index].line, "a route wants its steps below it, indented deeper")
            }
        }
        while let line = lines.next() {
            if line.text.isEmpty || !line.isIndented {
                if !line.text.isEmpty && line.isBlankOrComment { continue }
                flush()
                try closeRoute()
                try checkViews(spec, file: file)
                return (words[1], spec, line)
            }
            let indent = line.text.count - line.body.count
            if let open = route, block == nil, !line.isBlankOrComment {
                if indent > open.indent {
                    switch AppStep.parse(line.body.trimmedEnd.string, line: line.number) {
                    case .success(let step):
                        for index in open.index..<(spec.web?.routes.count ?? 0) {
                            spec.web?.routes[index].steps.append(step)
                        }
                    case .failure(let problem): throw file.error(line.number, problem.text)
                    }
                    continue
                }
                try closeRoute()
            }
            let body = line.body.trimmedEnd
            if body.first == 0x7C {  // `|`
                guard block != nil else {
                    throw file.error(line.number, "a `|` line needs `stdout`, `stderr` or `page N` alone above it")
                }
                guard body.count == 1 || body[body.startIndex + 1] == 0x20 else {
                    throw file.error(line.number, "a text line is `| TEXT` (or `|` alone for an empty line)")
                }
                // Keep the text's own trailing spaces: take it from the untrimmed line.
                let text = line.body.count > 2 ? line.body.dropFirst(2).string : ""
                block?.line.text += text + "\n"
                continue
            }
            if body.string == "\\ No newline at end of file", block?.line.text.hasSuffix("\n") == true {
                block?.line.text.removeLast()
                continue
            }
            if body.first == 0x23 { continue }
            flush()
            // Only a line whose first word is `page` is split into words (Characters, one by
            // one): its bytes after the spaces in front start with `page`.
            let pageWords = Self.mayStartWithPage(body) ? body.string.split(separator: " ") : []
            if pageWords.count == 2, pageWords[0] == "page", Int(pageWords[1]) == nil {
                // `page NAME`: an application's page (see ``ProgramSpec/Web/views``).
                guard spec.web != nil, AppStep.isName(String(pageWords[1])) else {
                    throw file.error(line.number, "`page NAME` follows a `web` line; NAME is letters, digits, `_`")
                }
                view = String(pageWords[1])
                block = (Output(stream: .stdout, text: ""), .output, nil)
                continue
            }
            try parseLine(body.string, number: line.number, into: &spec, block: &block, file: file)
            if body.string.hasPrefix("route "), let count = spec.web?.routes.count {
                let paths = body.string.split(separator: " ").filter { $0.hasPrefix("/") }.count
                route = (count - max(1, paths), indent)
            }
        }
        flush()
        try closeRoute()
        try checkViews(spec, file: file)
        return (words[1], spec, nil)
    }

    /// False when the first word of `text` (split at spaces, as Characters) cannot be `page`:
    /// its bytes after the spaces in front do not start with `page` (a space is one byte, and a
    /// Character `page` is these four bytes).
    static func mayStartWithPage(_ text: LayerEntry.Bytes) -> Bool {
        var index = text.startIndex
        while index < text.endIndex, text[index] == 0x20 { index += 1 }
        return text[index...].starts(with: "page".utf8)
    }

    /// Every `render page:NAME` names a `page NAME` of its block.
    /// Where an output line (or `|` block) goes: what the program prints when it starts, when
    /// its requirement fails (`missing`), or when it shuts down (`shutdown`).
    enum OutputTarget { case output, missing, shutdown }

    private static func append(_ line: Output, to target: OutputTarget, _ spec: inout ProgramSpec) {
        switch target {
        case .output: spec.output.append(line)
        case .missing: spec.missing.append(line)
        case .shutdown: spec.stop?.output.append(line)
        }
    }

    /// A size of the `resources` line: a number and `B`, `KiB`, `MiB` or `GiB` (`6MiB`, `1.5MiB`).
    static func size(_ text: Substring) -> Int64? {
        let units: [(String, Double)] = [("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("B", 1)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            guard let number = Double(text.dropLast(unit.count)), number >= 0, number < 1024 * 1024 else { return nil }
            return Int64(number * factor)
        }
        return nil
    }

    private static func checkViews(_ spec: ProgramSpec, file: CatalogFile) throws(CatalogError) {
        for route in spec.web?.routes ?? [] {
            for step in route.steps where step.verb == .render && step.words[0].hasPrefix("page:") {
                let name = String(step.words[0].dropFirst(5))
                if spec.web?.views[name] == nil {
                    throw file.error(step.line, "`render page:\(name)` wants a `page \(name)` in its block")
                }
            }
        }
    }

    private static func parseLine(
        _ text: String, number: Int, into spec: inout ProgramSpec,
        block: inout (line: Output, target: OutputTarget, page: Int?)?, file: CatalogFile
    ) throws(CatalogError) {
        var rest = Substring(text)
        // What follows the last word read, after exactly one space (an output line's own
        // leading spaces are its text: ` * Serving Flask app`).
        var raw = Substring(text)
        func word() -> String {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            let first = String(rest[..<end])
            raw = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
            rest = rest[end...].drop { $0 == " " }
            return first
        }
        var verb = word()
        var when: [String] = []
        var first = false
        var missing = false
        if verb == "when" {
            when = word().split(separator: "|").map(String.init)
            guard !when.isEmpty else { throw file.error(number, "`when` wants VARIABLE or VAR|VAR…") }
            verb = word()
        }
        var shutdown = false
        if verb == "first" || verb == "missing" || verb == "shutdown" {
            first = verb == "first"
            missing = verb == "missing"
            shutdown = verb == "shutdown"
            verb = word()
        }
        let value = String(rest)
        func need(_ ok: Bool, _ usage: String) throws(CatalogError) {
            if !ok { throw file.error(number, "`\(verb)` wants \(usage)") }
        }
        if verb != "stdout" && verb != "stderr" && (!when.isEmpty || first || shutdown) {
            throw file.error(number, "`when`, `first` and `shutdown` go before stdout or stderr")
        }
        switch verb {
        case "stdout", "stderr":
            var output = Output(stream: verb == "stdout" ? .stdout : .stderr, text: "", when: when, firstRunOnly: first)
            let value = String(raw)
            let target: OutputTarget = missing ? .missing : shutdown ? .shutdown : .output
            if shutdown && spec.stop == nil {
                throw file.error(number, "`shutdown` wants a `stop` line before it (`stop 0`)")
            }
            if value.isEmpty {
                block = (output, target, nil)
            } else {
                output.text = value + "\n"
                append(output, to: target, &spec)
            }
        case "exit":
            try need(missing, "to follow `missing` (`missing exit N`)")
            guard let status = Int32(value), (0...255).contains(status) else {
                throw file.error(number, "`exit` wants a status from 0 to 255")
            }
            spec.missingStatus = status
        case "requires":
            try need(!value.isEmpty, "one or more variable names")
            spec.requires = value.split(separator: " ").map(String.init)
        case "first-run":
            try need(value.hasPrefix("/"), "an absolute path")
            spec.firstRunMarker = value
        case "creates":
            let parts = value.split(separator: " ")
            try need(parts.first?.hasPrefix("/") == true && parts.count <= 2, "/PATH SIZE or /FOLDER/")
            if parts.count == 2 {
                guard let size = Int64(parts[1]), size >= 0 else {
                    throw file.error(number, "`creates` wants a size in bytes")
                }
                spec.creates.append(Created(path: String(parts[0]), size: size))
            } else {
                try need(parts[0].hasSuffix("/"), "/PATH SIZE or /FOLDER/")
                spec.creates.append(Created(path: String(parts[0]), size: nil))
            }
        case "copies":
            let parts = value.split(separator: " ")
            try need(parts.count == 2 && parts.allSatisfy { $0.hasPrefix("/") }, "/FROM /TO")
            spec.copies.append((String(parts[0]), String(parts[1])))
        case "web":
            let parts = value.split(separator: " ")
            guard parts.count == 2, let port = Int(parts[0]), (1...65535).contains(port), parts[1].hasPrefix("/") else {
                throw file.error(number, "`web` wants PORT /DOCUMENT-ROOT")
            }
            spec.web = Web(port: port, root: String(parts[1]))
        case "page":
            guard spec.web != nil else { throw file.error(number, "`page` follows a `web` line") }
            guard let status = Int(value), (100...599).contains(status) else {
                throw file.error(number, "`page` wants an HTTP status, with the page's `|` lines below")
            }
            block = (Output(stream: .stdout, text: ""), .output, status)
        case "server", "index", "access-log", "php":
            guard spec.web != nil else { throw file.error(number, "`\(verb)` follows a `web` line") }
            try need(!value.isEmpty, "a value")
            switch verb {
            case "server": spec.web?.server = value
            case "index": spec.web?.index = value.split(separator: " ").map(String.init)
            case "php":
                let parts = value.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                if parts.count == 3, parts[1] == "when", parts[2].hasPrefix("/") {
                    spec.web?.php = parts[0]
                    spec.web?.phpWhen = parts[2]
                } else {
                    try need(parts.count == 1, "PHP/VERSION [when /PATH]")
                    spec.web?.php = value
                }
            default:
                let stream = word()
                try need(stream == "stdout" || stream == "stderr", "stdout|stderr FORMAT")
                spec.web?.accessLog = Output(stream: stream == "stdout" ? .stdout : .stderr, text: String(rest) + "\n")
            }
        case "files-at":
            guard spec.web != nil else { throw file.error(number, "`files-at` follows a `web` line") }
            try need(
                value.hasPrefix("/") && !value.contains(" "),
                "the URL path the files are served at (`files-at /static`)")
            spec.web?.filesAt = value
        case "http":
            guard spec.web != nil else { throw file.error(number, "`http` follows a `web` line") }
            try need(value == "1.0" || value == "1.1", "1.0 or 1.1 (the status line's HTTP version)")
            spec.web?.httpVersion = value
        case "route":
            guard spec.web != nil else { throw file.error(number, "`route` follows a `web` line") }
            let parts = value.split(separator: " ").map(String.init)
            let methods = parts.filter { !$0.hasPrefix("/") }
            let paths = parts.filter { $0.hasPrefix("/") }
            let routes = paths.compactMap { AppRoute.parse(methods + [$0], line: number) }
            guard !paths.isEmpty, routes.count == paths.count, parts.last?.hasPrefix("/") == true else {
                throw file.error(
                    number, "`route` wants METHOD… /PATH… (`route GET POST /add`, `route GET /municipios/<name>`)")
            }
            spec.web?.routes += routes
        case "redis":
            try need(value.hasPrefix("/") && !value.contains(" "), "the server's /DATADIR (`redis /data`)")
            spec.redisData = value
        case "process":
            let user = word()
            let parent = Int(word()) ?? -1
            guard !user.isEmpty, parent >= 0, parent <= spec.processes.count, !rest.isEmpty else {
                throw file.error(
                    number, "`process` wants USER PARENT COMMAND (PARENT: 0 for the program, n for the n-th process)")
            }
            spec.processes.append(Process(user: user, parent: parent, command: String(rest)))
        case "user":
            try need(!value.isEmpty && !value.contains(" "), "a user of the image (`user mysql`)")
            spec.user = value
        case "title":
            try need(!value.isEmpty, "a text")
            spec.title = value
        case "stop":
            let parts = value.split(separator: " ")
            guard (1...2).contains(parts.count), let status = Int32(parts[0]), (0...255).contains(status),
                let seconds = parts.count == 2 ? Double(parts[1]) : 0, seconds >= 0, seconds <= 3600
            else {
                throw file.error(number, "`stop` wants STATUS [SECONDS] (`stop 0`, `stop 143 0.5`)")
            }
            spec.stop = Stop(status: status, seconds: seconds)
        case "resources":
            let parts = value.split(separator: " ")
            guard parts.count == 2, let memory = Self.size(parts[0]), memory > 0, let threads = Int(parts[1]),
                (1...100_000).contains(threads)
            else {
                throw file.error(
                    number,
                    "`resources` wants MEMORY THREADS, the memory with a unit (`resources 6MiB 82`, `resources 400KiB 1`)"
                )
            }
            spec.resources = Resources(memory: memory, threads: threads)
        case "args":
            try need(!value.isEmpty, "the words the arguments start with")
            spec.argumentsPrefix = value.split(separator: " ").map(String.init)
        case "runs":
            guard case .entrypoint = spec.kind else { throw file.error(number, "`runs` belongs to an entrypoint") }
            try need(!value.isEmpty, "a command")
            spec.runs = value.split(separator: " ").map(String.init)
        case "listen":
            let parts = value.split(separator: " ")
            guard parts.count == 2, let port = Int(parts[0]), (1...65535).contains(port) else {
                throw file.error(number, "`listen` wants PORT NAME (`listen 3306 mysql`)")
            }
            spec.listens.append(Listen(port: port, service: String(parts[1])))
        case "sql":
            let parts = value.split(separator: " ")
            try need(
                parts.count == 2 && parts[1].hasPrefix("/"), "VERSION /DATADIR (`sql 10.5.23-MariaDB /var/lib/mysql`)")
            spec.sqlServer = SQLServerSpec(version: String(parts[0]), datadir: String(parts[1]))
        case "sql-init":
            guard case .entrypoint = spec.kind else { throw file.error(number, "`sql-init` belongs to an entrypoint") }
            try need(value.hasPrefix("/") && !value.contains(" "), "the server's /DATADIR")
            spec.sqlInit = value
        default:
            throw file.error(number, "unknown line '\(verb)' in a program (\(verbs))")
        }
    }
}
