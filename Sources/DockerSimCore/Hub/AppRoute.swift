/// A route of a web application the catalog describes (`route` and the step lines below it, in a
/// `program` block after its `web` line; the language is in `Hub/README.md`, "Applications"):
/// what the application does when a request's method and path match, as steps a teacher can
/// read — ask a Redis or SQL server, an HTTP service, read a JSON file of the image, render a
/// template of the image, answer JSON, redirect. Dockersim runs the steps
/// (`Sources/DockerSimShell/WebApp.swift`); nothing of an application is Swift.
public struct AppRoute: Sendable, Equatable {
    /// The methods it answers (`GET`, `POST`…).
    public var methods: [String]
    /// The path pattern's segments.
    public var segments: [Segment]
    public var steps: [AppStep]
    /// Where it is in the catalog (for messages).
    public var line: Int

    public enum Segment: Sendable, Equatable {
        case literal(String)
        /// `<name>`: one segment, its text available as `{path:name}`.
        case parameter(String)
        /// `<path:name>`: the rest of the path.
        case rest(String)
    }

    public init(methods: [String], segments: [Segment], steps: [AppStep] = [], line: Int = 0) {
        self.methods = methods
        self.segments = segments
        self.steps = steps
        self.line = line
    }

    /// The path parameters when `path` matches (Werkzeug's rules: a trailing `/` in the pattern
    /// is part of it), else nil.
    public func match(_ path: String) -> [String: String]? {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        if parts == [""] { parts = [] }
        var values: [String: String] = [:]
        var index = 0
        for (position, segment) in segments.enumerated() {
            switch segment {
            case .rest(let name):
                guard index < parts.count else { return nil }
                values[name] = parts[index...].joined(separator: "/")
                return position == segments.count - 1 ? values : nil
            case .literal(let text):
                guard index < parts.count, parts[index] == text else { return nil }
            case .parameter(let name):
                guard index < parts.count, !parts[index].isEmpty else { return nil }
                values[name] = AppRoute.percentDecoded(parts[index])
            }
            index += 1
        }
        return index == parts.count ? values : nil
    }

    /// `%XX` escapes decoded as UTF-8 (`+` is kept: it is a path).
    public static func percentDecoded(_ text: String, plusIsSpace: Bool = false) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == 0x25, utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else if byte == 0x2B && plusIsSpace {
                bytes.append(0x20)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `route METHOD… /PATTERN` (the words after `route`).
    static func parse(_ words: [String], line: Int) -> AppRoute? {
        guard let pattern = words.last, pattern.hasPrefix("/"), words.count >= 2 else { return nil }
        let methods = words.dropLast().map { $0.uppercased() }
        guard
            methods.allSatisfy({ ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"].contains($0) })
        else { return nil }
        var segments: [Segment] = []
        for part in pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if part.hasPrefix("<path:") && part.hasSuffix(">") {
                segments.append(.rest(String(part.dropFirst(6).dropLast())))
            } else if part.hasPrefix("<") && part.hasSuffix(">") {
                let inner = part.dropFirst().dropLast()
                let name = inner.split(separator: ":").last.map(String.init) ?? ""
                guard !name.isEmpty else { return nil }
                segments.append(.parameter(name))
            } else if !(part.isEmpty && segments.isEmpty && pattern == "/") {
                segments.append(.literal(String(part)))
            }
        }
        return AppRoute(methods: methods, segments: segments, line: line)
    }
}

/// One step of a route (see ``AppRoute``).
public struct AppStep: Sendable, Equatable {
    public var verb: Verb
    /// The words after the verb (before `->`).
    public var words: [String]
    /// The text after the verb as written (without `-> NAME`): `set` and `json` read a JSON
    /// literal from it.
    public var rest: String = ""
    /// The variable a result goes to (`-> NAME`).
    public var target: String?
    public var line: Int

    public enum Verb: String, Sendable, Equatable, CaseIterable {
        case set, `try`, except, `if`, `else`, end
        case redis, http
        case sqlConnect = "sql-connect"
        case sql
        case readJSON = "read-json"
        case readText = "read-text"
        case between, filter, map
        case render, json, text, redirect, abort, file, proxy, pass, unpack
    }

    /// The verbs that answer the request (the route ends there).
    public var answers: Bool {
        [.render, .json, .text, .redirect, .abort, .file, .proxy, .pass].contains(verb)
    }

    /// What each verb wants, for lint messages.
    static func usage(_ verb: Verb) -> String {
        switch verb {
        case .set: return "NAME VALUE"
        case .try, .except, .else, .end: return "nothing after it"
        case .if: return "VALUE == VALUE, VALUE != VALUE, empty VALUE, not empty VALUE or exists /PATH"
        case .redis: return "HOST PORT COMMAND [ARG…] [-> NAME]"
        case .http: return "GET URL [-> NAME]"
        case .sqlConnect: return "HOST[:PORT] USER PASSWORD DATABASE"
        case .sql: return "STATEMENT… [-> NAME]"
        case .readJSON, .readText: return "/PATH -> NAME"
        case .between: return "/PATH START END -> NAME"
        case .filter: return "LIST FIELD starts-with|equals VALUE -> NAME"
        case .map: return "LIST KEY=VALUE… -> NAME"
        case .render: return "/TEMPLATE"
        case .json: return "VALUE [indent N] (a {NAME} or a JSON literal)"
        case .text: return "STATUS TEXT…"
        case .redirect: return "URL [STATUS]"
        case .abort: return "STATUS"
        case .file: return "/PATH"
        case .proxy: return "URL (the request goes on to it: a reverse proxy)"
        case .pass: return "nothing after it"
        case .unpack: return "/ARCHIVE /FOLDER"
        }
    }

    /// Parses a step line (`verb words… [-> NAME]`); nil with the problem's text when it is wrong.
    static func parse(_ text: String, line: Int) -> Result<AppStep, StepError> {
        var words = AppStep.split(text)
        guard let first = words.first else { return .failure(StepError(text: "an empty step")) }
        guard let verb = Verb(rawValue: first) else {
            return .failure(
                StepError(
                    text:
                        "unknown step '\(first)' (\(Verb.allCases.map(\.rawValue).joined(separator: ", ")))"))
        }
        words.removeFirst()
        var target: String?
        if let arrow = words.firstIndex(of: "->") {
            guard arrow == words.count - 2, let name = words.last, Self.isName(name) else {
                return .failure(StepError(text: "`->` wants one variable NAME at the end of the step"))
            }
            target = name
            words.removeLast(2)
        }
        var rest = Substring(text).drop { $0 != " " && $0 != "\t" }.drop { $0 == " " || $0 == "\t" }
        if let target, let arrow = rest.range(of: "->", options: .backwards) {
            rest = rest[..<arrow.lowerBound]
            _ = target
        }
        let step = AppStep(
            verb: verb, words: words, rest: String(rest).trimmingSpaces, target: target, line: line)
        func bad() -> Result<AppStep, StepError> {
            .failure(StepError(text: "`\(verb.rawValue)` wants \(usage(verb))"))
        }
        let count = words.count
        switch verb {
        case .set: if count < 2 || !isName(words[0]) || target != nil { return bad() }
        case .try, .except, .else, .end, .pass: if count != 0 || target != nil { return bad() }
        case .proxy: if count != 1 || target != nil { return bad() }
        case .unpack: if count != 2 || target != nil { return bad() }
        case .if:
            let ok =
                (count == 3 && (words[1] == "==" || words[1] == "!=")) || (count == 2 && words[0] == "empty")
                || (count == 3 && words[0] == "not" && words[1] == "empty") || (count == 2 && words[0] == "exists")
            if !ok || target != nil { return bad() }
        case .redis: if count < 3 { return bad() }
        case .http: if count != 2 || words[0].uppercased() != "GET" { return bad() }
        case .sqlConnect: if count != 4 || target != nil { return bad() }
        case .sql: if count == 0 { return bad() }
        case .readJSON, .readText: if count != 1 || !words[0].hasPrefix("/") || target == nil { return bad() }
        case .between: if count != 3 || !words[0].hasPrefix("/") || target == nil { return bad() }
        case .filter:
            if count != 4 || target == nil || !["starts-with", "equals"].contains(words[2]) { return bad() }
        case .map: if count < 2 || target == nil || !words.dropFirst().allSatisfy({ $0.contains("=") }) { return bad() }
        case .render, .file: if count != 1 || !words[0].hasPrefix("/") || target != nil { return bad() }
        case .json: if count == 0 || target != nil { return bad() }
        case .text: if count < 1 || Int(words[0]) == nil || target != nil { return bad() }
        case .redirect:
            if count < 1 || count > 2 || (count == 2 && Int(words[1]) == nil) || target != nil { return bad() }
        case .abort: if count != 1 || Int(words[0]) == nil || target != nil { return bad() }
        }
        return .success(step)
    }

    struct StepError: Error {
        var text: String
    }

    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// Splits a step's words at spaces; `"…"` or `'…'` keeps spaces in a word (the quotes are
    /// dropped).
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var started = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                started = true
            } else if character == " " || character == "\t" {
                if started || !current.isEmpty { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(character)
            }
        }
        if started || !current.isEmpty { words.append(current) }
        return words
    }

    /// Checks that `try`/`except`/`if`/`else`/`end` nest (the first problem's line and text).
    static func checkNesting(_ steps: [AppStep]) -> (line: Int, text: String)? {
        var open: [(verb: Verb, line: Int, sawMiddle: Bool)] = []
        for step in steps {
            switch step.verb {
            case .try, .if: open.append((step.verb, step.line, false))
            case .except, .else:
                let wanted: Verb = step.verb == .except ? .try : .if
                guard let last = open.last, last.verb == wanted, !last.sawMiddle else {
                    return (step.line, "`\(step.verb.rawValue)` without its `\(wanted.rawValue)`")
                }
                open[open.count - 1].sawMiddle = true
            case .end:
                guard let last = open.popLast() else { return (step.line, "`end` without `try` or `if`") }
                if last.verb == .try && !last.sawMiddle { return (step.line, "`try` without `except`") }
            default: break
            }
        }
        if let last = open.last { return (last.line, "`\(last.verb.rawValue)` without its `end`") }
        return nil
    }
}
