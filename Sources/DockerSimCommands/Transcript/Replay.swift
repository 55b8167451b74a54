import DockerSimCore

/// One difference between a transcript and what the simulator printed.
public struct Mismatch: Sendable, CustomStringConvertible {
    public var path: String
    /// The line of the expected text that did not match (or of the command).
    public var line: Int
    public var command: String
    public var expected: [String]
    public var actual: [String]

    public var description: String {
        var text = "\(path):\(line): output of `\(command)` differs\n"
        text += LineDiff.render(expected: expected, actual: actual)
        return text
    }
}

/// What replaying one transcript found.
public struct ReplayResult: Sendable {
    public var path: String
    /// Commands replayed (hidden ones included).
    public var commands = 0
    /// Differences that make the transcript fail.
    public var mismatches: [Mismatch] = []
    /// Differences inside blocks marked as known deviations of the course (reported, not failed).
    public var deviations: [Mismatch] = []
    /// The transcript's lines with every failing block's expected output replaced by what the
    /// simulator printed (placeholders that still match are kept): what `--bless` writes.
    public var blessed: [String] = []
    /// The line end `--bless` writes ``blessed`` with: the transcript file's own.
    public var lineEnd = "\n"

    public var passed: Bool { mismatches.isEmpty }
}

/// Replays a transcript in a fresh simulator and compares every output.
public enum Replayer {
    /// The clock a transcript without `clock:` starts at.
    public static let defaultClock = Timestamp(rfc3339: "2024-01-28T18:00:00+01:00") ?? .zero

    /// Replays `transcript`; `checkInvariants` runs the engine's invariant check after every
    /// command and reports what breaks.
    public static func replay(_ transcript: Transcript, checkInvariants: Bool = true) -> [Mismatch] {
        run(transcript, checkInvariants: checkInvariants).mismatches
    }

    /// When a replay runs the engine's invariant check (``Engine/invariantViolations()``).
    public enum InvariantChecks: Sendable {
        /// After every checked command (the tests: a broken invariant names its command).
        case afterEveryCommand
        /// Once, after the last checked command (`dockersim replay`: a teacher's check that the
        /// simulator ends sound, without the cost of a full check per command).
        case atTheEnd
        case never
    }

    /// Replays `transcript` and returns everything found, including the blessed text.
    /// - Parameter checkInvariants: true checks the engine's invariants after every command.
    /// - Parameter observe: called after every checked command with the engine before and
    ///   after it and its exit status (the atomicity test walks the error paths with it).
    /// - Parameter limits: the caps of the replay's simulator (the fuzzer's are tighter).
    public static func run(
        _ transcript: Transcript, checkInvariants: Bool = true, limits: Limits = .standard,
        observe: ((_ command: Transcript.Command, _ before: Engine, _ after: Engine, _ status: Int32) -> Void)? = nil
    ) -> ReplayResult {
        run(transcript, invariants: checkInvariants ? .afterEveryCommand : .never, limits: limits, observe: observe)
    }

    /// ``run(_:checkInvariants:limits:observe:)`` with the invariant checks chosen.
    public static func run(
        _ transcript: Transcript, invariants: InvariantChecks, limits: Limits = .standard,
        observe: ((_ command: Transcript.Command, _ before: Engine, _ after: Engine, _ status: Int32) -> Void)? = nil
    ) -> ReplayResult {
        let lastCommand = transcript.steps.lastIndex { step in
            if case .command = step { return true }
            return false
        }
        var engine = Engine(clock: .manual(at: transcript.clock ?? defaultClock), seed: transcript.seed ?? 1)
        engine.limits = limits
        let session = Session(engine: engine)
        session.language = transcript.language
        // A transcript is someone else's file: all its lines together get a bounded amount of work.
        session.limitWork(to: limits.stepsPerReplay)
        var captures: [String: String] = [:]
        var result = ReplayResult(path: transcript.path)
        var replacements: [(range: Range<Int>, lines: [String])] = []
        var deviationSeen: [Int: Bool] = [:]  // first line of a deviation block → differed
        for (index, step) in transcript.steps.enumerated() {
            switch step {
            case .sleep(let seconds, _):
                session.advance(by: seconds)
            case .blockEnd:
                session.cancelPendingConfirmation()
            case .hidden(_, let text, _):
                result.commands += 1
                _ = session.handle(substitute(text, captures))
            case .command(let command):
                result.commands += 1
                var problems: [Mismatch] = []
                let shownCommand = (command.prompt ?? "$ ") + command.text
                let prompt = session.prompt
                if let expectedPrompt = command.prompt {
                    if !session.inContainer || !Pattern.matchLine(expectedPrompt, prompt, captures: &captures) {
                        problems.append(
                            Mismatch(
                                path: transcript.path, line: command.line, command: command.text,
                                expected: [shownCommand], actual: [(session.inContainer ? prompt : "$ ") + command.text]
                            ))
                    }
                } else if session.inContainer {
                    problems.append(
                        Mismatch(
                            path: transcript.path, line: command.line, command: command.text,
                            expected: [shownCommand], actual: [prompt + command.text]))
                }
                let before = session.engine
                var output = session.handle(substitute(command.text, captures))
                var actual = lines(of: output.text)
                // A question (`[y/N]`, `Username: `) answered in the expected text: feed the
                // answer; a password prompt (nothing echoed) gets one the simulated Hub takes.
                var asked = 0
                while let pending = session.pendingConfirmation, let question = actual.last, asked < 8 {
                    asked += 1
                    let answer: String
                    if pending.isSecret {
                        answer = Self.typedPassword
                    } else {
                        let answerLine = command.expected.first {
                            $0.text.hasPrefix(question.trimmingTrailingSpaces()) && $0.text.count > question.count
                        }
                        guard let answerLine else { break }
                        answer = String(answerLine.text.dropFirst(question.count)).trimmed(" ")
                    }
                    let reply = session.handle(answer)
                    let shown = actual.dropLast().map { $0 + "\n" }.joined() + question
                    actual = lines(of: shown + (pending.isSecret ? "" : answer + "\n") + reply.text)
                    output.status = reply.status
                }
                // The MariaDB client's `Enter password: `: the expected line says what is typed.
                if session.awaitsPassword, actual.count < command.expected.count {
                    let prompt = session.prompt
                    let expectedLine = command.expected[actual.count].text
                    if expectedLine.hasPrefix(prompt.trimmingTrailingSpaces()) {
                        let answer = String(expectedLine.dropFirst(min(prompt.count, expectedLine.count)))
                        let reply = session.handle(answer)
                        actual.append(prompt + answer)
                        actual += lines(of: reply.text)
                        output.status = reply.status
                    }
                }
                observe?(command, before, session.engine, output.status)
                let expected = command.expected.map(\.text)
                var trial = captures
                if Pattern.matchLines(expected, actual, captures: &trial) {
                    captures = trial
                } else {
                    let line = firstDifference(command, actual) ?? command.line
                    problems.append(
                        Mismatch(
                            path: transcript.path, line: line, command: command.text, expected: expected, actual: actual
                        ))
                }
                let wantStatus = command.status ?? 0
                if wantStatus != output.status {
                    problems.append(
                        Mismatch(
                            path: transcript.path, line: command.statusLine ?? command.line, command: command.text,
                            expected: ["? \(wantStatus)"], actual: ["? \(output.status)"]))
                }
                let checkInvariants: Bool
                switch invariants {
                case .afterEveryCommand: checkInvariants = true
                case .atTheEnd: checkInvariants = index == lastCommand
                case .never: checkInvariants = false
                }
                if checkInvariants {
                    let broken = session.engine.invariantViolations()
                    if !broken.isEmpty {
                        result.mismatches.append(
                            Mismatch(
                                path: transcript.path, line: command.line, command: command.text,
                                expected: ["(engine invariants hold)"], actual: broken))
                    }
                }
                if let reason = command.deviation {
                    let key = command.line
                    _ = reason
                    deviationSeen[key] = !problems.isEmpty
                    result.deviations += problems
                } else if !problems.isEmpty {
                    result.mismatches += problems
                    var blessedLines = bless(expected: expected, actual: actual, captures: captures)
                    if output.status != 0 { blessedLines.append("? \(output.status)") }
                    replacements.append((command.outputLines, blessedLines))
                }
            }
        }
        // A deviation block that no longer differs is reported: its mark should go.
        let deviationBlocks = transcript.steps.compactMap { step -> Transcript.Command? in
            if case .command(let command) = step, command.deviation != nil { return command }
            return nil
        }
        if !deviationBlocks.isEmpty, deviationBlocks.allSatisfy({ deviationSeen[$0.line] == false }) {
            let first = deviationBlocks[0]
            result.mismatches.append(
                Mismatch(
                    path: transcript.path, line: first.line, command: first.text,
                    expected: ["(a known deviation: \(first.deviation ?? ""))"],
                    actual: ["(replays exactly: remove the deviation mark)"]))
        }
        var text = transcript.lines
        for replacement in replacements.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            let lower = replacement.range.lowerBound - 1
            let upper = min(text.count, replacement.range.upperBound - 1)
            text.replaceSubrange(lower..<max(lower, upper), with: replacement.lines)
        }
        result.blessed = text
        result.lineEnd = transcript.lineEnd
        return result
    }

    /// What a transcript types at a password prompt (its line shows nothing typed).
    static let typedPassword = "dockersim"

    /// The lines a terminal shows, without the blank lines at the end (a course's block never
    /// shows them).
    static func lines(of text: String) -> [String] {
        var lines = terminalText(text).newlineSeparated
        while let last = lines.last, last.trimmingTrailingSpaces().isEmpty { lines.removeLast() }
        return lines
    }

    /// What a terminal shows: a `\r\n` line end (HTTP headers, nginx's error pages) is a line end.
    /// Works on bytes: `\r` and `\n` are ASCII, never inside another character's UTF-8 bytes,
    /// so dropping each `\r` byte followed by a `\n` byte is dropping each such scalar.
    static func terminalText(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pending = false
        for byte in text.utf8 {
            if pending && byte != 0x0A { bytes.append(0x0D) }
            pending = byte == 0x0D
            if !pending { bytes.append(byte) }
        }
        if pending { bytes.append(0x0D) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Puts bound captures into a command line (`docker rm [CID]`).
    static func substitute(_ text: String, _ captures: [String: String]) -> String {
        var out = text
        for (name, value) in captures { out = out.replacing("[" + name + "]", with: value) }
        return out
    }

    /// New expected lines for a failing block: each actual line, or the old pattern line that
    /// still matches it.
    static func bless(expected: [String], actual: [String], captures: [String: String]) -> [String] {
        let n = expected.count
        let m = actual.count
        func matches(_ i: Int, _ j: Int) -> Bool {
            var trial = captures
            return expected[i] != "..." && Pattern.matchLine(expected[i], actual[j], captures: &trial)
        }
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = matches(i, j) ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0
        var j = 0
        while j < m {
            if i < n, matches(i, j), table[i][j] == table[i + 1][j + 1] + 1 {
                out.append(expected[i])
                i += 1
                j += 1
            } else if i < n, table[i + 1][j] >= table[i][j + 1] {
                i += 1
            } else {
                out.append(actual[j])
                j += 1
            }
        }
        // Captures the old lines used stay placeholders in the new ones.
        let used = captures.filter { name, value in
            value.count >= 4 && expected.contains { $0.contains("[" + name + "]") }
        }
        out = out.map { line in
            var line = line
            for (name, value) in used.sorted(by: { $0.value.count > $1.value.count })
            where !line.contains("[" + name + "]") {
                line = line.replacing(value, with: "[" + name + "]")
            }
            return line
        }
        var trial = captures
        return Pattern.matchLines(out, actual, captures: &trial) ? out : actual
    }

    /// The file line of the first expected line that differs (for the report).
    static func firstDifference(_ command: Transcript.Command, _ actual: [String]) -> Int? {
        var captures: [String: String] = [:]
        for (offset, expected) in command.expected.enumerated() {
            if expected.text == "..." { return nil }
            guard offset < actual.count, Pattern.matchLine(expected.text, actual[offset], captures: &captures) else {
                return expected.line
            }
        }
        return command.expected.last.map { $0.line + 1 } ?? command.line
    }
}

/// Line patterns: literal text, `[..]` for any text, `[NAME]` captures, `...` for any lines.
/// Trailing spaces are not significant.
public enum Pattern {
    /// Matches expected lines (with `...` lines) against actual lines.
    public static func matchLines(_ expected: [String], _ actual: [String], captures: inout [String: String]) -> Bool {
        // Without `...` each expected line takes one actual line: other counts never match, and
        // lines without `[` are literal (equal text without trailing spaces, binding nothing),
        // compared in place without the search's tables.
        if !expected.contains("...") {
            guard expected.count == actual.count else { return false }
            if !expected.contains(where: { $0.utf8.contains(UInt8(ascii: "[")) }) {
                return zip(expected, actual).allSatisfy {
                    $0.trimmingTrailingSpaces() == $1.trimmingTrailingSpaces()
                }
            }
        }
        let matcher = LinesMatcher(expected, actual)
        return matcher.match(0, 0, &captures)
    }

    /// ``matchLines(_:_:captures:)``'s search, with what it reads again and again made once: each
    /// expected line's kind and pieces, each actual line without its trailing spaces (a `...`
    /// tries the next expected line at every actual line after it).
    private final class LinesMatcher {
        let expected: [String]
        let actual: [String]
        /// Each expected line: `...` (any lines), literal text (no `[`: equal text without
        /// trailing spaces), or a pattern whose pieces are made when first needed.
        enum Kind {
            case anyLines
            case literal(String)
            case pattern
        }
        let kinds: [Kind]
        var pieces: [[Piece<Character>]?]
        var trimmed: [String?]
        var characters: [[Character]?]
        /// ASCII lines are matched by byte (each byte is then a Character): the pieces of an
        /// ASCII pattern line, and the bytes of an ASCII actual line (nil inside: not ASCII).
        var bytePieces: [[Piece<UInt8>]??]
        var bytes: [[UInt8]??]

        init(_ expected: [String], _ actual: [String]) {
            self.expected = expected
            self.actual = actual
            kinds = expected.map { line in
                if line == "..." { return .anyLines }
                if !line.utf8.contains(UInt8(ascii: "[")) { return .literal(line.trimmingTrailingSpaces()) }
                return .pattern
            }
            pieces = Array(repeating: nil, count: expected.count)
            trimmed = Array(repeating: nil, count: actual.count)
            characters = Array(repeating: nil, count: actual.count)
            bytePieces = Array(repeating: nil, count: expected.count)
            bytes = Array(repeating: nil, count: actual.count)
        }

        func trimmedLine(_ j: Int) -> String {
            if let known = trimmed[j] { return known }
            let line = actual[j].trimmingTrailingSpaces()
            trimmed[j] = line
            return line
        }

        /// Whether expected line `i` (not `...`) matches actual line `j`, binding captures.
        func lineMatches(_ i: Int, _ j: Int, _ captures: inout [String: String]) -> Bool {
            switch kinds[i] {
            case .anyLines: return false
            case .literal(let text): return text == trimmedLine(j)
            case .pattern:
                let patternBytes: [Piece<UInt8>]?
                if let known = bytePieces[i] {
                    patternBytes = known
                } else {
                    patternBytes = Pattern.asciiBytes(expected[i].trimmingTrailingSpaces()).map(Pattern.pieces)
                    bytePieces[i] = .some(patternBytes)
                }
                if let patternBytes {
                    let lineBytes: [UInt8]?
                    if let known = bytes[j] {
                        lineBytes = known
                    } else {
                        lineBytes = Pattern.asciiBytes(trimmedLine(j))
                        bytes[j] = .some(lineBytes)
                    }
                    if let lineBytes { return Pattern.match(patternBytes, lineBytes, captures: &captures) }
                }
                let parts: [Piece<Character>]
                if let known = pieces[i] {
                    parts = known
                } else {
                    parts = Pattern.pieces(expected[i].trimmingTrailingSpaces())
                    pieces[i] = parts
                }
                let text: [Character]
                if let known = characters[j] {
                    text = known
                } else {
                    text = Array(trimmedLine(j))
                    characters[j] = text
                }
                return Pattern.match(parts, text, captures: &captures)
            }
        }

        /// Expected lines from `i` against actual lines from `j`; the captures of the first
        /// way that matches (a `...` taking as few lines as it can).
        func match(_ start: Int, _ from: Int, _ captures: inout [String: String]) -> Bool {
            var i = start
            var j = from
            var trial = captures
            while i < expected.count {
                if case .anyLines = kinds[i] {
                    // `...` at the end takes every line left.
                    if i + 1 == expected.count {
                        captures = trial
                        return true
                    }
                    var literal: String?
                    if case .literal(let text) = kinds[i + 1] { literal = text }
                    for k in j...actual.count {
                        // A literal line after `...` matches no line of another text.
                        if let literal, k == actual.count || literal != trimmedLine(k) { continue }
                        var attempt = trial
                        if match(i + 1, k, &attempt) {
                            captures = attempt
                            return true
                        }
                    }
                    return false
                }
                guard j < actual.count, lineMatches(i, j, &trial) else { return false }
                i += 1
                j += 1
            }
            guard j == actual.count else { return false }
            captures = trial
            return true
        }
    }

    /// A piece of a line pattern, its text already split into the units it is compared by:
    /// Characters, or bytes for an ASCII line (where each byte is a Character).
    enum Piece<Unit> {
        case text([Unit])
        case any
        /// A capture's name and its own text as units (`[NAME]`, which matches itself first).
        case capture(String, literal: [Unit])
    }

    /// What the matching needs to know of a unit (a Character, or an ASCII byte).
    protocol Unit: Equatable {
        init(patternASCII: UInt8)
        /// A letter, digit, `_`, `.` or `-`: what a capture binds to.
        var isWordUnit: Bool { get }
        /// An upper-case letter, a digit or `_`: what a capture's name is made of.
        var isNameUnit: Bool { get }
        var isLetterUnit: Bool { get }
        /// The units of a text.
        static func units(_ text: String) -> [Self]
        /// The text of some units.
        static func text(_ units: ArraySlice<Self>) -> String
    }

    /// The bytes of `text` when it is ASCII without a carriage return (each byte is then one
    /// Character, and matching bytes matches Characters); nil otherwise.
    static func asciiBytes(_ text: String) -> [UInt8]? {
        let bytes = Array(text.utf8)
        return bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? bytes : nil
    }

    static func pieces(_ pattern: String) -> [Piece<Character>] { pieces(Array(pattern)) }

    static func pieces<U: Unit>(_ pattern: [U]) -> [Piece<U>] {
        let open = U(patternASCII: UInt8(ascii: "["))
        let close = U(patternASCII: UInt8(ascii: "]"))
        let dot = U(patternASCII: UInt8(ascii: "."))
        var result: [Piece<U>] = []
        var literal: [U] = []
        var index = 0
        while index < pattern.count {
            guard pattern[index] == open else {
                literal.append(pattern[index])
                index += 1
                continue
            }
            if index + 4 <= pattern.count, pattern[index + 1] == dot, pattern[index + 2] == dot,
                pattern[index + 3] == close
            {
                if !literal.isEmpty {
                    result.append(.text(literal))
                    literal = []
                }
                result.append(.any)
                index += 4
            } else if let end = pattern[(index + 1)...].firstIndex(of: close),
                case let name = pattern[(index + 1)..<end],
                !name.isEmpty, name.allSatisfy(\.isNameUnit), name.first?.isLetterUnit == true
            {
                if !literal.isEmpty {
                    result.append(.text(literal))
                    literal = []
                }
                result.append(.capture(U.text(name), literal: Array(pattern[index...end])))
                index = end + 1
            } else {
                literal.append(open)
                index += 1
            }
        }
        if !literal.isEmpty { result.append(.text(literal)) }
        return result
    }

    /// Matches one line; captures bind to runs of letters, digits, `_`, `.` and `-` (a capture's
    /// own text, such as `[OPTIONS]` in a usage line, matches itself first).
    public static func matchLine(_ pattern: String, _ line: String, captures: inout [String: String]) -> Bool {
        // A line without `[` is one literal piece: equal text (what the pieces below would find,
        // without making arrays of Characters; a `...` block tries many lines).
        if !pattern.utf8.contains(UInt8(ascii: "[")) {
            return pattern.trimmingTrailingSpaces() == line.trimmingTrailingSpaces()
        }
        let parts = pieces(pattern.trimmingTrailingSpaces())
        return match(parts, Array(line.trimmingTrailingSpaces()), captures: &captures)
    }

    /// A line's pieces against its units (both without trailing spaces).
    static func match<U: Unit>(_ parts: [Piece<U>], _ text: [U], captures: inout [String: String]) -> Bool {
        /// Whether `text` holds `characters` at `t` (compared in place, nothing copied).
        func holds<C: Collection<U>>(_ characters: C, at t: Int) -> Bool {
            var k = t
            for character in characters {
                guard k < text.count, text[k] == character else { return false }
                k += 1
            }
            return true
        }
        func match(_ p: Int, _ t: Int, _ captures: inout [String: String]) -> Bool {
            if p == parts.count { return t == text.count }
            switch parts[p] {
            case .text(let chars):
                guard t + chars.count <= text.count, holds(chars, at: t) else { return false }
                return match(p + 1, t + chars.count, &captures)
            case .any:
                // The next piece, when it is text, must start where the `[..]` ends: the ends
                // where it does not are skipped (the try would fail at once, binding nothing).
                var next: [U]?
                if p + 1 < parts.count, case .text(let chars) = parts[p + 1] { next = chars }
                for end in stride(from: text.count, through: t, by: -1) {
                    if let next, end + next.count > text.count || !holds(next, at: end) { continue }
                    var trial = captures
                    if match(p + 1, end, &trial) {
                        captures = trial
                        return true
                    }
                }
                return false
            case .capture(let name, let literal):
                // Literal text such as `[OPTIONS]` in a usage line is itself first.
                if t + literal.count <= text.count, holds(literal, at: t) {
                    var trial = captures
                    if match(p + 1, t + literal.count, &trial) {
                        captures = trial
                        return true
                    }
                }
                if let bound = captures[name] {
                    let units = U.units(bound)
                    let count = units.count
                    guard t + count <= text.count, holds(units, at: t) else {
                        return false
                    }
                    return match(p + 1, t + count, &captures)
                }
                var end = t
                while end < text.count, text[end].isWordUnit {
                    end += 1
                }
                while end > t {
                    var trial = captures
                    trial[name] = U.text(text[t..<end])
                    if match(p + 1, end, &trial) {
                        captures = trial
                        return true
                    }
                    end -= 1
                }
                return false
            }
        }
        return match(0, 0, &captures)
    }
}

/// A plain line diff (`-` expected, `+` actual) for mismatch reports.
public enum LineDiff {
    public static func render(expected: [String], actual: [String]) -> String {
        // Longest common subsequence, small inputs.
        let n = expected.count
        let m = actual.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] =
                    expected[i].trimmingTrailingSpaces() == actual[j].trimmingTrailingSpaces()
                    ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out = ""
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, expected[i].trimmingTrailingSpaces() == actual[j].trimmingTrailingSpaces() {
                out += "  " + expected[i] + "\n"
                i += 1
                j += 1
            } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                out += "- " + expected[i] + "\n"
                i += 1
            } else {
                out += "+ " + actual[j] + "\n"
                j += 1
            }
        }
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        // By byte: the spaces and tabs at the end, each its own Character when the byte before
        // them is ASCII (a space after a non-ASCII prepended mark would be part of its
        // Character: that case is left to the Characters).
        let utf8 = self.utf8
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let before = utf8.index(before: end)
            guard utf8[before] == 0x20 || utf8[before] == 0x09 else { break }
            end = before
        }
        if end == utf8.endIndex { return self }
        if end == utf8.startIndex || utf8[utf8.index(before: end)] < 0x80 { return String(self[..<end]) }
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

extension Character: Pattern.Unit {
    init(patternASCII byte: UInt8) { self = Character(Unicode.Scalar(byte)) }
    var isWordUnit: Bool { isLetter || isNumber || self == "_" || self == "." || self == "-" }
    var isNameUnit: Bool { isUppercase || isNumber || self == "_" }
    var isLetterUnit: Bool { isLetter }
    static func units(_ text: String) -> [Character] { Array(text) }
    static func text(_ units: ArraySlice<Character>) -> String { String(units) }
}

extension UInt8: Pattern.Unit {
    init(patternASCII byte: UInt8) { self = byte }
    /// For ASCII bytes, what ``Character``'s `isLetter`, `isNumber` and `isUppercase` say.
    var isWordUnit: Bool {
        isLetterUnit || (0x30...0x39).contains(self) || self == 0x5F || self == 0x2E || self == 0x2D
    }
    var isNameUnit: Bool { (0x41...0x5A).contains(self) || (0x30...0x39).contains(self) || self == 0x5F }
    var isLetterUnit: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
    static func units(_ text: String) -> [UInt8] { Array(text.utf8) }
    static func text(_ units: ArraySlice<UInt8>) -> String { String(decoding: units, as: UTF8.self) }
}
