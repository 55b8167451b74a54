// Source: moby/buildkit v0.25.1 frontend/dockerfile/instructions (parse.go, commands.go,
// bflag.go), util/suggest: the typed instructions of a Dockerfile and BuildKit's parse errors.

/// One instruction of a build stage, typed.
public struct DockerfileInstruction: Sendable {
    /// A `KEY=value` pair of ENV or LABEL; `noDelim` for the legacy `ENV KEY value` form.
    public struct KeyValue: Sendable, Equatable {
        public var key: String
        public var value: String
        public var noDelim: Bool
    }

    /// An ARG definition (a value is optional).
    public struct ArgDefinition: Sendable, Equatable {
        public var key: String
        public var value: String?
    }

    /// A shell-or-exec command line (RUN, CMD, ENTRYPOINT).
    public struct CommandLine: Sendable, Equatable {
        /// The words of the exec form, or the one text of the shell form.
        public var words: [String]
        /// Shell form: the image's shell (`/bin/sh -c`) goes in front.
        public var prependShell: Bool
    }

    /// Sources and destination of COPY and ADD.
    public struct Transfer: Sendable, Equatable {
        public var sources: [String]
        /// Inline files (`COPY <<EOF /dest`): name and content.
        public var inline: [Dockerfile.Heredoc]
        public var destination: String
        public var from: String?
        public var chown: String?
        public var chmod: String?
        public var link: Bool
        public var keepGitDir: Bool?
        public var checksum: String?
        public var excludes: [String]
    }

    /// HEALTHCHECK's settings.
    public struct Healthcheck: Sendable, Equatable {
        public var test: [String]
        public var interval: String?
        public var timeout: String?
        public var startPeriod: String?
        public var startInterval: String?
        public var retries: Int
    }

    public enum Kind: Sendable {
        case run(CommandLine, mounts: [String], network: String?)
        case copy(Transfer)
        case add(Transfer)
        case workdir(String)
        case env([KeyValue])
        case arg([ArgDefinition])
        case cmd(CommandLine)
        case entrypoint(CommandLine)
        case expose([String])
        case volume([String])
        case user(String)
        case label([KeyValue])
        case healthcheck(Healthcheck)
        case shell([String])
        case onbuild(String)
        case stopSignal(String)
        case maintainer(String)
    }

    public var kind: Kind
    /// The instruction as written.
    public var line: Dockerfile.Line

    /// The instruction's name in capitals (`RUN`).
    public var name: String { line.keyword.uppercased() }

    /// Whether the instruction makes a numbered step (`[2/5]`) of its stage.
    public var isStep: Bool {
        switch kind {
        case .run, .copy, .add, .workdir: true
        default: false
        }
    }
}

/// A stage of a Dockerfile: its `FROM` and its instructions.
public struct DockerfileStage: Sendable {
    /// The base as written (`debian:stable-slim`, `${BASE}`, `scratch`, a stage name).
    public var baseName: String
    /// `AS name`, lowercased; empty when unnamed.
    public var name: String
    public var platform: String?
    public var line: Dockerfile.Line
    public var instructions: [DockerfileInstruction]
}

/// A Dockerfile read into its global ARGs and its stages.
public struct DockerfilePlan: Sendable {
    public var file: Dockerfile
    /// ARGs before the first FROM.
    public var metaArgs: [(line: Dockerfile.Line, args: [DockerfileInstruction.ArgDefinition])]
    public var stages: [DockerfileStage]
    /// Instructions in the wrong case, ONBUILD chains… that BuildKit reports as build checks,
    /// with the lines they point at.
    public var checks: [BuildCheck]

    /// Parses the instructions of `file`.
    /// - Throws: `dockerfile parse error on line N: …` (and the lines it points at).
    public init(_ file: Dockerfile) throws(Dockerfile.ParseError) {
        self.file = file
        metaArgs = []
        stages = []
        checks = []
        for line in file.emptyContinuations {
            checks.append(
                BuildCheck(
                    rule: "NoEmptyContinuation",
                    message: "Empty continuation lines will become errors in a future release",
                    line: line))
        }
        for line in file.lines {
            let parsed: Parsed
            do {
                parsed = try Self.parse(line, escape: file.escapeToken)
            } catch {
                throw Dockerfile.ParseError(
                    "dockerfile parse error on line \(line.startLine): \(error.message)", startLine: line.startLine,
                    endLine: line.endLine)
            }
            switch parsed {
            case .stage(let stage):
                stages.append(stage)
            case .instruction(let instruction):
                if stages.isEmpty {
                    if case .arg(let args) = instruction.kind {
                        metaArgs.append((line, args))
                        continue
                    }
                    throw Dockerfile.ParseError(
                        "no build stage in current context", startLine: line.startLine, endLine: line.endLine)
                }
                stages[stages.count - 1].instructions.append(instruction)
            }
        }
        if stages.isEmpty {
            throw Dockerfile.ParseError("dockerfile contains no stages to build", startLine: 0, endLine: 0)
        }
        for stage in stages {
            for instruction in stage.instructions {
                if case .maintainer = instruction.kind {
                    checks.append(
                        BuildCheck(
                            rule: "MaintainerDeprecated",
                            message: "Maintainer instruction is deprecated in favor of using label",
                            line: instruction.line.startLine))
                }
            }
        }
        checks += Self.casingChecks(stages)
    }

    enum Parsed {
        case stage(DockerfileStage)
        case instruction(DockerfileInstruction)
    }

    struct Failure: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    static let instructionNames = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label", "maintainer",
        "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]

    /// One line to a stage or an instruction.
    static func parse(_ line: Dockerfile.Line, escape: Character) throws(Failure) -> Parsed {
        let keyword = line.keyword.lowercased()
        var flags = InstructionFlags(line.flags)
        func make(_ kind: DockerfileInstruction.Kind) -> Parsed {
            .instruction(DockerfileInstruction(kind: kind, line: line))
        }
        switch keyword {
        case "from":
            let args = line.fields
            let platform = flags.string("platform")
            try flags.parse()
            var name = ""
            if args.count == 3 && args[1].lowercased() == "as" {
                name = args[2].lowercased()
                guard let first = name.first, first.isASCII, first.isLowercase,
                    name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "-_.".contains($0)) })
                else {
                    throw Failure(
                        "invalid name for build stage: \"\(args[2])\", name can't start with a number or contain symbols"
                    )
                }
            } else if args.count != 1 {
                throw Failure("FROM requires either one or three arguments")
            }
            return .stage(
                DockerfileStage(baseName: args[0], name: name, platform: platform, line: line, instructions: []))
        case "run":
            let mounts = flags.strings("mount")
            let network = flags.string("network")
            _ = flags.string("security")
            try flags.parse()
            return make(.run(try commandLine(line, emptyAsNil: false), mounts: mounts, network: network))
        case "cmd":
            try flags.parse()
            return make(.cmd(try commandLine(line, emptyAsNil: false)))
        case "entrypoint":
            try flags.parse()
            return make(.entrypoint(try commandLine(line, emptyAsNil: true)))
        case "copy", "add":
            let isAdd = keyword == "add"
            let chown = flags.string("chown")
            let chmod = flags.string("chmod")
            let link = flags.bool("link")
            let excludes = flags.strings("exclude")
            let from = isAdd ? nil : flags.string("from")
            let keepGit = isAdd ? flags.bool("keep-git-dir") : nil
            let checksum = isAdd ? flags.string("checksum") : nil
            let unpack = isAdd ? flags.bool("unpack") : nil
            try flags.parse()
            _ = unpack
            var args = try jsonOrWords(line)
            guard args.count >= 2 else {
                throw Failure(
                    "\(keyword.uppercased()) requires at least two arguments, but only one was provided. Destination could not be determined"
                )
            }
            let destination = args.removeLast()
            if Dockerfile.heredoc(destination) != nil {
                throw Failure("\(keyword.uppercased()) cannot accept a heredoc as a destination")
            }
            var sources: [String] = []
            var inline: [Dockerfile.Heredoc] = []
            for source in args {
                if let doc = Dockerfile.heredoc(source) {
                    var content = line.heredocs.first { $0.name == doc.name }?.content ?? ""
                    if doc.chomp {
                        content = content.split(separator: "\n", omittingEmptySubsequences: false).map {
                            String($0.drop { $0 == "\t" })
                        }.joined(separator: "\n")
                    }
                    inline.append(
                        Dockerfile.Heredoc(name: doc.name, content: content, chomp: doc.chomp, expand: doc.expand))
                } else {
                    sources.append(source)
                }
            }
            let transfer = DockerfileInstruction.Transfer(
                sources: sources, inline: inline, destination: destination, from: from, chown: chown, chmod: chmod,
                link: link ?? false, keepGitDir: keepGit ?? nil, checksum: checksum, excludes: excludes)
            return make(isAdd ? .add(transfer) : .copy(transfer))
        case "workdir":
            let args = line.words(escape: escape)
            guard args.count == 1 else { throw Failure("WORKDIR requires exactly one argument") }
            try flags.parse()
            return make(.workdir(line.rest))
        case "env", "label":
            try flags.parse()
            let name = keyword.uppercased()
            let pairs = try keyValues(line, name: name, escape: escape)
            return make(keyword == "env" ? .env(pairs) : .label(pairs))
        case "arg":
            let words = line.words(escape: escape)
            guard !words.isEmpty else { throw Failure("ARG requires at least one argument") }
            var defs: [DockerfileInstruction.ArgDefinition] = []
            for word in words {
                if let equals = word.firstIndex(of: "=") {
                    let key = String(word[..<equals])
                    guard !key.isEmpty else { throw Failure("ARG names can not be blank") }
                    defs.append(.init(key: key, value: String(word[word.index(after: equals)...])))
                } else {
                    defs.append(.init(key: word, value: nil))
                }
            }
            return make(.arg(defs))
        case "expose":
            let ports = line.fields
            guard !ports.isEmpty else { throw Failure("EXPOSE requires at least one argument") }
            try flags.parse()
            return make(.expose(ports.sorted()))
        case "volume":
            let volumes = try jsonOrWords(line)
            guard !volumes.isEmpty else { throw Failure("VOLUME requires at least one argument") }
            try flags.parse()
            for volume in volumes where volume.trimmingBlanks.isEmpty {
                throw Failure("VOLUME specified can not be an empty string")
            }
            return make(.volume(volumes.map(\.trimmingBlanks)))
        case "user", "stopsignal", "maintainer":
            guard !line.rest.isEmpty else { throw Failure("\(keyword.uppercased()) requires exactly one argument") }
            try flags.parse()
            switch keyword {
            case "user": return make(.user(line.rest))
            case "stopsignal": return make(.stopSignal(line.rest))
            default: return make(.maintainer(line.rest))
            }
        case "shell":
            try flags.parse()
            let parsedJSON: [String]?
            do {
                parsedJSON = try line.jsonArray()
            } catch {
                throw Failure(error.message)
            }
            guard let json = parsedJSON else {
                if line.rest.isEmpty { throw Failure("SHELL requires at least one argument") }
                throw Failure("SHELL requires the arguments to be in JSON form")
            }
            guard !json.isEmpty else { throw Failure("SHELL requires at least one argument") }
            return make(.shell(json))
        case "onbuild":
            guard !line.rest.isEmpty else { throw Failure("ONBUILD requires at least one argument") }
            try flags.parse()
            let trigger = String(line.rest.prefix { !$0.isWhitespace }).uppercased()
            switch trigger {
            case "ONBUILD": throw Failure("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")
            case "MAINTAINER", "FROM": throw Failure("\(trigger) isn't allowed as an ONBUILD trigger")
            default: break
            }
            return make(.onbuild(line.rest))
        case "healthcheck":
            return make(.healthcheck(try healthcheck(line, flags: &flags)))
        default:
            var message = "unknown instruction: \(line.keyword)"
            if let match = suggestion(line.keyword, instructionNames) { message += " (did you mean \(match)?)" }
            throw Failure(message)
        }
    }

    static func commandLine(
        _ line: Dockerfile.Line, emptyAsNil: Bool
    ) throws(Failure) -> DockerfileInstruction.CommandLine {
        do {
            if let json = try line.jsonArray() {
                return .init(words: json, prependShell: false)
            }
        } catch {
            throw Failure(error.message)
        }
        if line.rest.isEmpty && !line.heredocs.isEmpty {
            return .init(words: [], prependShell: true)
        }
        return .init(words: line.rest.isEmpty ? [] : [line.rest], prependShell: true)
    }

    /// The JSON array or the whitespace-separated words (COPY, ADD, VOLUME).
    static func jsonOrWords(_ line: Dockerfile.Line) throws(Failure) -> [String] {
        do {
            if let json = try line.jsonArray() { return json }
        } catch {
            throw Failure(error.message)
        }
        return line.fields
    }

    /// `parseNameVal`: `KEY=value …` or the legacy `KEY value`.
    static func keyValues(
        _ line: Dockerfile.Line, name: String, escape: Character
    ) throws(Failure) -> [DockerfileInstruction.KeyValue] {
        let words = line.words(escape: escape)
        guard let first = words.first else { throw Failure("\(name) requires at least one argument") }
        let lex = DockerfileLex(escapeToken: escape)
        func unquote(_ text: String) -> String {
            var plain = lex
            plain.skipUnsetEnv = true
            return plain.expand(text, env: [:])
        }
        if !first.contains("=") {
            let parts = line.rest.split(maxSplits: 1, whereSeparator: { $0.isWhitespace })
            guard parts.count == 2 else { throw Failure("\(name) must have two arguments") }
            let key = String(parts[0])
            guard !key.isEmpty else { throw Failure("\(name) names can not be blank") }
            return [.init(key: key, value: String(parts[1]).trimmingBlanks, noDelim: true)]
        }
        var pairs: [DockerfileInstruction.KeyValue] = []
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                throw Failure("Syntax error - can't find = in \"\(word)\". Must be of the form: name=value")
            }
            let key = String(word[..<equals])
            guard !key.isEmpty else { throw Failure("\(name) names can not be blank") }
            pairs.append(.init(key: key, value: String(word[word.index(after: equals)...]), noDelim: false))
        }
        return pairs
    }

    static func healthcheck(
        _ line: Dockerfile.Line, flags: inout InstructionFlags
    ) throws(Failure) -> DockerfileInstruction.Healthcheck {
        let kind = String(line.rest.prefix { !$0.isWhitespace })
        guard !kind.isEmpty else { throw Failure("HEALTHCHECK requires at least one argument") }
        let rest = String(line.rest.dropFirst(kind.count).drop { $0.isWhitespace })
        if kind.uppercased() == "NONE" {
            guard rest.isEmpty else { throw Failure("HEALTHCHECK NONE takes no arguments") }
            return .init(test: ["NONE"], retries: 0)
        }
        let interval = flags.string("interval")
        let timeout = flags.string("timeout")
        let startPeriod = flags.string("start-period")
        let startInterval = flags.string("start-interval")
        let retries = flags.string("retries")
        try flags.parse()
        guard kind.uppercased() == "CMD" else {
            throw Failure("Unknown type \"\(kind.uppercased())\" in HEALTHCHECK (try CMD)")
        }
        var sub = line
        sub.rest = rest
        var test: [String]
        do {
            if let json = try sub.jsonArray() {
                test = ["CMD"] + json
            } else {
                test = rest.isEmpty ? [] : ["CMD-SHELL", rest]
            }
        } catch {
            throw Failure(error.message)
        }
        if test.count <= 1 { throw Failure("Missing command after HEALTHCHECK CMD") }
        var count = 0
        if let retries {
            guard let value = Int(retries) else {
                throw Failure("strconv.ParseInt: parsing \"\(retries)\": invalid syntax")
            }
            guard value >= 0 else { throw Failure("--retries cannot be negative (\(value))") }
            count = value
        }
        return .init(
            test: test, interval: interval, timeout: timeout, startPeriod: startPeriod, startInterval: startInterval,
            retries: count)
    }

    /// `ConsistentInstructionCasing`: instructions should all be upper or all lower case.
    static func casingChecks(_ stages: [DockerfileStage]) -> [BuildCheck] {
        var lines: [Dockerfile.Line] = []
        for stage in stages {
            lines.append(stage.line)
            lines += stage.instructions.map(\.line)
        }
        var lower = 0
        var upper = 0
        for line in lines {
            if line.keyword == line.keyword.lowercased() {
                lower += 1
            } else if line.keyword == line.keyword.uppercased() {
                upper += 1
            }
        }
        let majorityLower = lower > upper
        var checks: [BuildCheck] = []
        for line in lines {
            let keyword = line.keyword
            var correct = ""
            if majorityLower && keyword.lowercased() != keyword {
                correct = "lowercase"
            } else if !majorityLower && keyword.uppercased() != keyword {
                correct = "uppercase"
            }
            guard !correct.isEmpty else { continue }
            checks.append(
                BuildCheck(
                    rule: "ConsistentInstructionCasing",
                    message: "Command '\(keyword)' should match the case of the command majority (\(correct))",
                    line: line.startLine))
        }
        return checks
    }

    /// BuildKit's `suggest.Search`: the closest option within edit distance 2.
    static func suggestion(_ value: String, _ options: [String]) -> String? {
        let lowered = value.lowercased()
        var best: String?
        var minimum = 3
        for option in options {
            if lowered == option { return nil }
            let distance = levenshtein(Array(lowered), Array(option))
            if distance < minimum {
                minimum = distance
                best = option
            }
        }
        guard let best else { return nil }
        if value == value.lowercased() { return best }
        if value == value.uppercased() { return best.uppercased() }
        return best
    }

    static func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A build check BuildKit reports after the build (`JSONArgsRecommended`, …).
public struct BuildCheck: Sendable, Equatable {
    public var rule: String
    public var message: String
    public var line: Int

    public init(rule: String, message: String, line: Int) {
        self.rule = rule
        self.message = message
        self.line = line
    }

    /// `JSONArgsRecommended: JSON arguments recommended for CMD … (line 6)`.
    public var short: String { line > 0 ? "\(rule): \(message) (line \(line))" : "\(rule): \(message)" }
}

/// An instruction's `--flags` as BuildKit's `BFlags` reads them.
struct InstructionFlags {
    private var args: [String]
    private var kinds: [String: FlagKind] = [:]
    private var values: [String: [String]] = [:]
    private var booleans: [String: Bool] = [:]
    private var parsed = false

    enum FlagKind { case string, strings, bool }

    init(_ args: [String]) {
        self.args = args
        // The values are read when declared: parse once the flags are known.
        _ = self.args
    }

    mutating func string(_ name: String) -> String? {
        kinds[name] = .string
        return lookup(name).last
    }

    mutating func strings(_ name: String) -> [String] {
        kinds[name] = .strings
        return lookup(name)
    }

    mutating func bool(_ name: String) -> Bool? {
        kinds[name] = .bool
        for arg in args where arg.hasPrefix("--") {
            let (flag, value) = Self.cut(arg)
            guard flag == name else { continue }
            switch value?.lowercased() {
            case nil, "true": return true
            case "false": return false
            default: return nil
            }
        }
        return nil
    }

    private func lookup(_ name: String) -> [String] {
        args.compactMap { arg in
            let (flag, value) = Self.cut(arg)
            return flag == name ? value : nil
        }
    }

    static func cut(_ arg: String) -> (String, String?) {
        let body = arg.hasPrefix("--") ? String(arg.dropFirst(2)) : arg
        guard let equals = body.firstIndex(of: "=") else { return (body, nil) }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }

    /// Checks every flag given against those declared (BuildKit's errors).
    mutating func parse() throws(DockerfilePlan.Failure) {
        var used: Set<String> = []
        for arg in args {
            if arg == "--" { return }
            guard arg.hasPrefix("--") else { throw .init("arg should start with -- : \(arg)") }
            let (name, value) = Self.cut(arg)
            guard let kind = kinds[name] else {
                var message = "unknown flag: --\(name)"
                if let match = DockerfilePlan.suggestion(name, kinds.keys.sorted()) {
                    message += " (did you mean \(match)?)"
                }
                throw .init(message)
            }
            if used.contains(name) && kind != .strings { throw .init("duplicate flag specified: --\(name)") }
            used.insert(name)
            switch kind {
            case .bool:
                if let value {
                    if value.isEmpty { throw .init("missing a value on flag: --\(name)") }
                    guard ["true", "false"].contains(value.lowercased()) else {
                        throw .init("expecting boolean value for flag --\(name), not: \(value)")
                    }
                }
            case .string, .strings:
                if value == nil { throw .init("missing a value on flag: --\(name)") }
            }
        }
        parsed = true
    }
}
