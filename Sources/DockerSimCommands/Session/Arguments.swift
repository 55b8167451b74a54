import DockerSimCore

/// A flag a docker command accepts (pflag semantics).
public struct FlagSpec: Sendable {
    public enum Kind: Sendable { case bool, string, int, list }

    public let long: String
    public let short: Character?
    public let kind: Kind
    /// The flag's usage text in help.
    public let help: String
    /// pflag's name for the value's type in help when it is not the kind's usual one
    /// (`strings` for a `StringSlice`, `uint16`); nil for `string`, `int`, `list`.
    public let typeName: String?
    public let defaultText: String?
    public let hidden: Bool
    /// False for a flag docker has that dockersim does not simulate yet: the grammar accepts it
    /// (help lists it as docker does), and a line that sets it is refused with dockersim's "not
    /// simulated yet" (exit 1) once the whole line has parsed.
    public private(set) var simulated = true
    /// The check pflag runs on each value as it is set (an option type's `Set`): the reason it is
    /// refused, or nil. A refused value is `invalid argument "V" for "--flag" flag: REASON`.
    public let validate: (@Sendable (String) -> String?)?

    public init(
        _ long: String, _ short: Character? = nil, _ kind: Kind = .bool, _ help: String,
        default defaultText: String? = nil, hidden: Bool = false, typeName: String? = nil,
        validate: (@Sendable (String) -> String?)? = nil
    ) {
        self.long = long
        self.typeName = typeName
        self.short = short
        self.kind = kind
        self.help = help
        self.defaultText = defaultText
        self.hidden = hidden
        self.validate = validate
    }

    /// The same flag, marked as not simulated yet (``simulated``).
    public func notSimulated() -> FlagSpec {
        var flag = self
        flag.simulated = false
        return flag
    }
}

extension [FlagSpec] {
    /// These flags with the ones named marked as not simulated yet (``FlagSpec/simulated``).
    public func notSimulated(_ names: Set<String>) -> [FlagSpec] {
        map { names.contains($0.long) ? $0.notSimulated() : $0 }
    }
}

/// How many positional arguments a command takes (cobra's `Args`), with docker's messages.
public enum ArgRule: Sendable {
    case none
    case exact(Int)
    case min(Int)
    case max(Int)
    case range(Int, Int)
}

/// A docker command's grammar: its path, usage line, description, arguments and flags.
public struct CommandSpec: Sendable {
    /// `docker run`, `docker container ls`.
    public private(set) var path: String
    /// Everything after the path in the usage line: `[OPTIONS] IMAGE [COMMAND] [ARG...]`.
    public private(set) var use: String
    public let summary: String
    public let args: ArgRule
    public let flags: [FlagSpec]
    /// False for commands whose flags end at the first operand (`run`, `create`, `exec`).
    public let interspersed: Bool
    public let aliases: [String]
    /// A command docker hands to a CLI plugin (`docker build` is buildx's): its grammar errors
    /// are the plugin's (`ERROR: unknown flag: --x`, status 1).
    public let plugin: Bool
    /// What its own `--help` says when it differs from the summary docker lists it with
    /// (`docker build` is listed as "Build an image from a Dockerfile", buildx says "Start a build").
    public let helpSummary: String?
    /// For each ASCII byte, the index in ``flags`` of the first flag with that shorthand, or −1:
    /// `-it` is two look-ups instead of two scans of `run`'s hundred flags.
    let shortIndex: [Int16]

    public init(
        _ path: String, use: String, summary: String, args: ArgRule, flags: [FlagSpec],
        interspersed: Bool = true, aliases: [String] = [], plugin: Bool = false, helpSummary: String? = nil
    ) {
        self.path = path
        self.use = use
        self.summary = summary
        self.args = args
        self.flags = flags
        self.interspersed = interspersed
        self.aliases = aliases
        self.plugin = plugin
        self.helpSummary = helpSummary
        var shortIndex = [Int16](repeating: -1, count: 128)
        for (index, flag) in flags.enumerated().reversed() {
            if let short = flag.short, let ascii = Self.asciiByte(short) { shortIndex[Int(ascii)] = Int16(index) }
        }
        self.shortIndex = shortIndex
    }

    /// The byte of a one-scalar ASCII character (not of `\r\n`, whose `asciiValue` is 10).
    static func asciiByte(_ character: Character) -> UInt8? {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first, scalar.isASCII else { return nil }
        return UInt8(scalar.value)
    }

    /// The first flag whose long name is `long`.
    func flag(long: String) -> FlagSpec? { flagIndex(long: long).map { flags[$0] } }

    /// The first flag whose shorthand is `short`.
    func flag(short: Character) -> FlagSpec? { flagIndex(short: short).map { flags[$0] } }

    /// The index in ``flags`` of the first flag whose long name is `long`. (An index, not the
    /// flag: a copy of a ``FlagSpec`` retains each of its strings and its check.)
    func flagIndex(long: String) -> Int? {
        let length = long.utf8.count
        for index in flags.indices where flags[index].long.utf8.count == length && flags[index].long == long {
            return index
        }
        return nil
    }

    /// The index in ``flags`` of the first flag whose shorthand is `short` (``shortIndex`` for
    /// an ASCII one).
    func flagIndex(short: Character) -> Int? {
        if let ascii = Self.asciiByte(short) {
            let index = shortIndex[Int(ascii)]
            return index < 0 ? nil : Int(index)
        }
        return flags.firstIndex { $0.short == short }
    }

    /// The same command under another path (`docker container run` for `docker run`).
    /// (A copy with its path and usage changed: the flags and their index stay shared.)
    public func at(_ path: String, use: String? = nil) -> CommandSpec {
        var spec = self
        spec.path = path
        if let use { spec.use = use }
        return spec
    }

    public var usageLine: String { use.isEmpty ? path : path + " " + use }
}

/// The flags and operands of one command line.
public struct ParsedArguments: Sendable {
    /// The flags given, each once (by its long name) with its values in order, in the order
    /// they first appeared. A line sets a few flags and a command asks for dozens that are not
    /// set: a scan of these few, comparing lengths first, costs less than hashing each name.
    private(set) var entries: [(name: String, values: [String])] = []
    /// One bit for each length (modulo 64) of the names in ``entries``: a command asks for
    /// dozens of flags a line did not set, and most are ruled out by their length alone.
    private var nameLengths: UInt64 = 0
    public var operands: [String] = []
    /// `--help` (or `-h` where it is not another flag) was given: print the command's help.
    public var helpRequested = false

    /// The values of flag `long`, nil when it was not given.
    func values(_ long: String) -> [String]? {
        let length = long.utf8.count
        guard nameLengths & Self.lengthBit(length) != 0 else { return nil }
        for entry in entries where entry.name.utf8.count == length && entry.name == long { return entry.values }
        return nil
    }

    /// The bit of ``nameLengths`` for a name of `length` bytes.
    static func lengthBit(_ length: Int) -> UInt64 { 1 << UInt64(length & 63) }

    /// Adds `value` to flag `long`'s values.
    mutating func append(_ value: String, to long: String) {
        let length = long.utf8.count
        for index in entries.indices where entries[index].name.utf8.count == length && entries[index].name == long {
            entries[index].values.append(value)
            return
        }
        entries.append((long, [value]))
        nameLengths |= Self.lengthBit(length)
    }

    /// Whether a bool flag is set (`-a`, `--all`, `--all=true`).
    public func flag(_ long: String) -> Bool {
        guard let last = values(long)?.last else { return false }
        return last != "false"
    }

    /// Whether the flag appeared at all.
    public func has(_ long: String) -> Bool { values(long) != nil }

    /// The last value of a string flag.
    public func string(_ long: String) -> String? { values(long)?.last }

    /// Every value of a repeatable flag.
    public func list(_ long: String) -> [String] { values(long) ?? [] }
}

/// Parses docker command lines the way cobra and pflag do, with their error texts.
public enum FlagParser {
    /// Parses `words` (after the command path) against `spec`.
    public static func parse(_ words: [String], spec: CommandSpec) throws(DockerError) -> ParsedArguments {
        var result = ParsedArguments()
        var index = 0
        var unsimulated: String?
        var flagsDone = false
        func fail(_ message: String) -> DockerError {
            if spec.plugin { return DockerError.cli("ERROR: " + message) }
            return DockerError.cli(
                "\(message)\n\nUsage:  \(spec.usageLine)\n\nRun '\(spec.path) --help' for more information", status: 125
            )
        }
        // The flags are handled by their index in `flags`, their fields read where they are
        // (a copy of a ``FlagSpec`` retains and releases each of its strings and its check).
        // The nested functions read the array, not `spec`: one that reads `spec` has it copied
        // (a retain and a release of each of its strings and arrays).
        let flags = spec.flags
        func find(long: String) -> Int? { spec.flagIndex(long: long) }
        func find(short: Character) -> Int? { spec.flagIndex(short: short) }
        // `shown` is only for an error's text: not made for a flag that is fine.
        func store(_ flag: Int, _ value: String, shown: @autoclosure () -> String) throws(DockerError) {
            let kind = flags[flag].kind
            if kind == .bool && value == "true" {
                result.append(value, to: flags[flag].long)
                if !flags[flag].simulated && unsimulated == nil { unsimulated = flags[flag].long }
                return
            }
            let shown = shown()
            switch kind {
            case .int:
                guard Int(value) != nil else {
                    throw fail(
                        "invalid argument \"\(value)\" for \"\(shown)\" flag: strconv.ParseInt: parsing \"\(value)\": invalid syntax"
                    )
                }
            case .bool:
                guard ["true", "false", "1", "0", "t", "f", "TRUE", "FALSE", "True", "False", "T", "F"].contains(value)
                else {
                    throw fail(
                        "invalid argument \"\(value)\" for \"\(shown)\" flag: strconv.ParseBool: parsing \"\(value)\": invalid syntax"
                    )
                }
            default:
                if let reason = flags[flag].validate?(value) {
                    throw fail("invalid argument \"\(value)\" for \"\(shown)\" flag: \(reason)")
                }
            }
            let normalized =
                kind == .bool
                ? (["true", "1", "t", "TRUE", "True", "T"].contains(value) ? "true" : "false") : value
            result.append(normalized, to: flags[flag].long)
            if !flags[flag].simulated && unsimulated == nil { unsimulated = flags[flag].long }
        }
        func shownName(_ flag: Int) -> String {
            let long = flags[flag].long
            return flags[flag].short.map { "-\($0), --\(long)" } ?? "--\(long)"
        }
        while index < words.count {
            let word = words[index]
            index += 1
            if flagsDone || word == "-" || !word.hasPrefix("-") {
                result.operands.append(word)
                if !spec.interspersed { flagsDone = true }
                continue
            }
            if word == "--" {
                flagsDone = true
                continue
            }
            if word.hasPrefix("--") {
                let (name, inline) = longFlag(word)
                // `run` and `create` declare `--help` themselves (to list it); it still asks for help.
                if name == "help" {
                    result.helpRequested = true
                    return result
                }
                guard let flag = find(long: name) else {
                    throw fail("unknown flag: --\(name)")
                }
                if flags[flag].kind == .bool {
                    try store(flag, inline ?? "true", shown: shownName(flag))
                } else if let inline {
                    try store(flag, inline, shown: shownName(flag))
                } else if index < words.count {
                    try store(flag, words[index], shown: shownName(flag))
                    index += 1
                } else {
                    throw fail("flag needs an argument: --\(name)")
                }
                continue
            }
            // Short flags: -a, -it, -n5, -n 5, -n=5.
            let chars = Array(word.dropFirst())
            var position = 0
            while position < chars.count {
                let c = chars[position]
                guard let flag = find(short: c) else {
                    if c == "h" {
                        result.helpRequested = true
                        return result
                    }
                    throw fail("unknown shorthand flag: '\(c)' in \(word)")
                }
                if flags[flag].kind == .bool {
                    if position + 1 < chars.count, chars[position + 1] == "=" {
                        try store(flag, String(chars[(position + 2)...]), shown: shownName(flag))
                        position = chars.count
                    } else {
                        try store(flag, "true", shown: shownName(flag))
                        position += 1
                    }
                    continue
                }
                var rest = String(chars[(position + 1)...])
                if rest.hasPrefix("=") { rest.removeFirst() }
                if !rest.isEmpty || position + 1 < chars.count {
                    try store(flag, rest, shown: shownName(flag))
                } else if index < words.count {
                    try store(flag, words[index], shown: shownName(flag))
                    index += 1
                } else {
                    throw fail("flag needs an argument: '\(c)' in -\(c)")
                }
                position = chars.count
            }
        }
        try checkCount(result.operands.count, spec: spec)
        if let unsimulated { throw .notSimulated("\(spec.path) --\(unsimulated)") }
        return result
    }

    /// The name and inline value of a long flag word (`--name=value`, `--name`): the word after
    /// `--` split at its first `=` character.
    static func longFlag(_ word: String) -> (name: String, inline: String?) {
        if let split = longFlagBytes(word) { return split }
        let body = word.dropFirst(2)
        let pieces = body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(pieces[0]), pieces.count > 1 ? String(pieces[1]) : nil)
    }

    /// ``longFlag(_:)`` read as bytes, when the bytes answer as the characters do: the first `=`
    /// byte (if any) has ASCII bytes (or nothing) on both sides, so it is a character of its
    /// own, and no earlier character is `=`. Nil when the characters must decide.
    static func longFlagBytes(_ word: String) -> (name: String, inline: String?)? {
        let split = word.utf8.withContiguousStorageIfAvailable { bytes -> (name: String, inline: String?)? in
            guard bytes.count >= 2 else { return nil }
            var equals = 2
            while equals < bytes.count && bytes[equals] != UInt8(ascii: "=") { equals += 1 }
            func text(_ range: Range<Int>) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            // No `=`: the name is the rest, whatever its characters (from a boundary: `--`).
            if equals == bytes.count { return (text(2..<bytes.count), nil) }
            guard equals == 2 || bytes[equals - 1] < 0x80, equals + 1 == bytes.count || bytes[equals + 1] < 0x80
            else { return nil }
            return (text(2..<equals), text((equals + 1)..<bytes.count))
        }
        return split ?? nil
    }

    static func plural(_ n: Int) -> String { n == 1 ? "argument" : "arguments" }

    /// cobra's positional-argument checks with CLI 28's wording (including its "SRun" typo).
    static func checkCount(_ count: Int, spec: CommandSpec) throws(DockerError) {
        do {
            try checkCountText(count, spec: spec)
        } catch {
            if spec.plugin { throw .cli("ERROR: " + error.message) }
            throw error
        }
    }

    static func checkCountText(_ count: Int, spec: CommandSpec) throws(DockerError) {
        let path = spec.path
        // Made only for an error (the usage line is put together from the spec).
        var usage: String { "\n\nUsage:  \(spec.usageLine)\n\n" }
        switch spec.args {
        case .none where count > 0:
            throw .cli("docker: '\(path)' accepts no arguments\(usage)Run '\(path) --help' for more information")
        case .exact(let n) where count != n:
            throw .cli("docker: '\(path)' requires \(n) \(plural(n))\(usage)Run '\(path) --help' for more information")
        case .min(let n) where count < n:
            throw .cli(
                "docker: '\(path)' requires at least \(n) \(plural(n))\(usage)See '\(path) --help' for more information"
            )
        case .max(let n) where count > n:
            throw .cli(
                "docker: '\(path)' requires at most \(n) \(plural(n))\(usage)SRun '\(path) --help' for more information"
            )
        case .range(let lo, let hi) where count < lo || count > hi:
            throw .cli(
                "docker: '\(path)' requires at least \(lo) and at most \(hi) \(plural(hi))\(usage)Run '\(path) --help' for more information"
            )
        default:
            return
        }
    }
}
