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

/// Replays a transcript in a fresh simulator and compares every output.
public enum Replayer {
    /// Replays `transcript`; `checkInvariants` runs the engine's invariant check after every
    /// command and reports what breaks.
    public static func replay(_ transcript: Transcript, checkInvariants: Bool = true) -> [Mismatch] {
        let clock: SimClock = transcript.clock.map(SimClock.manual(at:)) ?? .manual(at: Timestamp(rfc3339: "2024-01-28T17:00:00Z") ?? .zero)
        let session = Session(engine: Engine(clock: clock, seed: transcript.seed ?? 1))
        var captures: [String: String] = [:]
        var mismatches: [Mismatch] = []
        for step in transcript.steps {
            switch step {
            case .sleep(let seconds, _):
                session.advance(by: seconds)
            case .command(let command):
                let prompt = session.prompt
                let shownCommand = (command.prompt ?? "$ ") + command.text
                if let expectedPrompt = command.prompt {
                    if !session.inContainer || !Pattern.matchLine(expectedPrompt, prompt, captures: &captures) {
                        mismatches.append(Mismatch(path: transcript.path, line: command.line, command: command.text,
                                                   expected: [shownCommand], actual: [session.inContainer ? prompt + command.text : "$ " + command.text]))
                        continue
                    }
                } else if session.inContainer {
                    mismatches.append(Mismatch(path: transcript.path, line: command.line, command: command.text,
                                               expected: [shownCommand], actual: [prompt + command.text]))
                    continue
                }
                let output = session.handle(command.text)
                var actual = output.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if actual.last == "" { actual.removeLast() }
                let expected = command.expected.map(\.text)
                if !Pattern.matchLines(expected, actual, captures: &captures) {
                    let line = firstDifference(command, actual) ?? command.line
                    mismatches.append(Mismatch(path: transcript.path, line: line, command: command.text, expected: expected, actual: actual))
                } else if let status = command.status, status != output.status {
                    mismatches.append(Mismatch(path: transcript.path, line: command.line, command: command.text,
                                               expected: ["? \(status)"], actual: ["? \(output.status)"]))
                } else if command.status == nil, output.status != 0 {
                    mismatches.append(Mismatch(path: transcript.path, line: command.line, command: command.text,
                                               expected: ["? 0"], actual: ["? \(output.status)"]))
                }
                if checkInvariants {
                    let problems = session.engine.invariantViolations()
                    if !problems.isEmpty {
                        mismatches.append(Mismatch(path: transcript.path, line: command.line, command: command.text,
                                                   expected: ["(engine invariants hold)"], actual: problems))
                    }
                }
            }
        }
        return mismatches
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
        func match(_ i: Int, _ j: Int, _ captures: inout [String: String]) -> Bool {
            if i == expected.count { return j == actual.count }
            if expected[i] == "..." {
                for k in j...actual.count {
                    var trial = captures
                    if match(i + 1, k, &trial) {
                        captures = trial
                        return true
                    }
                }
                return false
            }
            guard j < actual.count else { return false }
            var trial = captures
            guard matchLine(expected[i], actual[j], captures: &trial) else { return false }
            if match(i + 1, j + 1, &trial) {
                captures = trial
                return true
            }
            return false
        }
        return match(0, 0, &captures)
    }

    enum Piece {
        case text(String)
        case any
        case capture(String)
    }

    static func pieces(_ pattern: String) -> [Piece] {
        var result: [Piece] = []
        var literal = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "[") {
            literal += rest[..<open]
            let after = rest[open...]
            if after.hasPrefix("[..]") {
                if !literal.isEmpty { result.append(.text(literal)); literal = "" }
                result.append(.any)
                rest = after.dropFirst(4)
            } else if let close = after.firstIndex(of: "]"),
                      case let name = after[after.index(after: open)..<close],
                      !name.isEmpty, name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }), name.first?.isLetter == true {
                if !literal.isEmpty { result.append(.text(literal)); literal = "" }
                result.append(.capture(String(name)))
                rest = after[after.index(after: close)...]
            } else {
                literal.append("[")
                rest = after.dropFirst()
            }
        }
        literal += rest
        if !literal.isEmpty { result.append(.text(literal)) }
        return result
    }

    /// Matches one line; captures bind to runs of letters, digits, `_`, `.` and `-`.
    public static func matchLine(_ pattern: String, _ line: String, captures: inout [String: String]) -> Bool {
        let parts = pieces(pattern.trimmingTrailingSpaces())
        let text = Array(line.trimmingTrailingSpaces())
        func match(_ p: Int, _ t: Int, _ captures: inout [String: String]) -> Bool {
            if p == parts.count { return t == text.count }
            switch parts[p] {
            case .text(let literal):
                let chars = Array(literal)
                guard t + chars.count <= text.count, Array(text[t..<(t + chars.count)]) == chars else { return false }
                return match(p + 1, t + chars.count, &captures)
            case .any:
                for end in stride(from: text.count, through: t, by: -1) {
                    var trial = captures
                    if match(p + 1, end, &trial) {
                        captures = trial
                        return true
                    }
                }
                return false
            case .capture(let name):
                if let bound = captures[name] {
                    let chars = Array(bound)
                    guard t + chars.count <= text.count, Array(text[t..<(t + chars.count)]) == chars else { return false }
                    return match(p + 1, t + chars.count, &captures)
                }
                var end = t
                while end < text.count, text[end].isLetter || text[end].isNumber || "_.-".contains(text[end]) { end += 1 }
                while end > t {
                    var trial = captures
                    trial[name] = String(text[t..<end])
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
                table[i][j] = expected[i].trimmingTrailingSpaces() == actual[j].trimmingTrailingSpaces()
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
            } else if j < m, i == n || table[i][j + 1] >= table[i + 1][j] {
                out += "+ " + actual[j] + "\n"
                j += 1
            } else {
                out += "- " + expected[i] + "\n"
                i += 1
            }
        }
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

