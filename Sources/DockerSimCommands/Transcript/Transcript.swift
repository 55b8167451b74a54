import DockerSimCore
import DockerSimShell

/// A golden transcript: Markdown with a course's command/output blocks, replayed against a
/// fresh simulator (see `Transcripts/README.md` for the format).
///
/// - Front matter (`---` … `---`) sets `clock:` (RFC 3339), `seed:` and `lang:` (`es` or `en`:
///   the language of dockersim's own texts, English when absent).
/// - In a fenced block, `$ ` starts a host command, a bash prompt (`root@<host>:<dir># `) starts
///   a line typed in a container's shell (the MariaDB monitor's `MariaDB [(none)]> ` a line typed
///   in it; after `Enter password: ` comes the password typed, which a terminal does not show), `? N` says the command exits with status N, and every
///   other line is expected output (stdout and stderr as a terminal shows them).
/// - `[..]` matches any text within a line, `...` alone on a line any number of lines, and a
///   name in capitals such as `[CID]` binds on first use and must match the same text after
///   (also inside later commands: `$ docker rm [CID]`).
/// - `<!-- sleep N -->` lets N simulated seconds pass, unseen; `<!-- $ cmd -->` runs a command
///   unseen (its output is not checked); `<!-- deviation: why -->` marks the next block as one
///   where the course itself is inconsistent: its differences are reported, not failed.
public struct Transcript: Sendable {
    public var path: String
    public var clock: Timestamp?
    public var seed: UInt64?
    /// The language of dockersim's own texts in the replay (`lang:`).
    public var language: Language = .en
    public var steps: [Step]
    /// The file's lines (for `--bless`), without their line ends.
    public var lines: [String]
    /// The file's line end: `\r\n` for a file written with Windows line ends (each line's `\r`
    /// is then not part of the line, as Markdown reads it), else `\n`. `--bless` keeps it.
    public var lineEnd = "\n"

    public enum Step: Sendable {
        case command(Command)
        case sleep(Double, line: Int)
        /// A command run without checking its output.
        case hidden(prompt: String?, text: String, line: Int)
        /// The end of a fenced block (a question still open gets no answer).
        case blockEnd(line: Int)
    }

    public struct Command: Sendable {
        /// Nil for `$ ` lines; for container lines, the prompt as written.
        public var prompt: String?
        public var text: String
        /// 1-based line of the command in the file.
        public var line: Int
        /// Expected output lines with their file lines.
        public var expected: [(text: String, line: Int)]
        public var status: Int32?
        /// The 1-based line of the `? N` mark, if any.
        public var statusLine: Int?
        /// Why the course's block is known to differ, when it is marked as a deviation.
        public var deviation: String?
        /// The `> ` lines after the command line that belong to the command (a here-document).
        public var continuationLines = 0

        /// The lines after the command that hold its output and status (for rewriting).
        public var outputLines: Range<Int> {
            let first = line + continuationLines
            let last = max(expected.last?.line ?? first, statusLine ?? first)
            return (first + 1)..<(last + 1)
        }
    }

    /// The bash prompt a container line starts with: `root@host:/dir# `; or ash's (alpine):
    /// `/ # `, `/usr/local # `, `~ # `.
    static func splitPrompt(_ line: String) -> (prompt: String, command: String)? {
        // Every prompt starts with `M`, `/`, `~` or `r`: a line starting with another ASCII byte
        // (a Character that can equal none of them) is output, read without the tests below.
        if let first = line.utf8.first, first < 0x80, first != 0x4D, first != 0x2F, first != 0x7E, first != 0x72 {
            return nil
        }
        // The MariaDB monitor's prompt: `MariaDB [(none)]> `, `MariaDB [prueba]> `.
        if line.hasPrefix("MariaDB ["), let end = line.range(of: "]>") {
            let rest = line[end.upperBound...]
            if rest.isEmpty { return (line + " ", "") }
            if rest.hasPrefix(" ") { return (String(line[..<end.upperBound]) + " ", String(rest.dropFirst())) }
        }
        if line.hasPrefix("/") || line.hasPrefix("~") {
            let directory = line.prefix { $0 != " " }
            let rest = line.dropFirst(directory.count)
            if rest == " #" { return (line + " ", "") }
            if rest.hasPrefix(" # ") { return (directory + " # ", String(rest.dropFirst(3))) }
            return nil
        }
        guard line.hasPrefix("root@"), let hash = line.range(of: "# ") else {
            if line.hasPrefix("root@"), line.hasSuffix("#"), line.contains(":") { return (line + " ", "") }
            return nil
        }
        let prompt = String(line[..<hash.upperBound])
        guard prompt.contains(":") else { return nil }
        return (prompt, String(line[hash.upperBound...]))
    }

    /// Whether `line.trimmed(" ")` may start with a text whose first byte is one of `leads`:
    /// false only when it surely does not — the line is blank, or its first byte after its
    /// spaces is ASCII and none of them (that byte then starts its Character, which can equal no
    /// Character starting with another ASCII byte, nor one that a lead starts alone). A lead
    /// that is not ASCII, or a first byte that is not, answers true (the Characters decide).
    static func mayStart(_ line: String, with leads: [UInt8]) -> Bool {
        guard leads.allSatisfy({ $0 < 0x80 }) else { return true }
        for byte in line.utf8 where byte != 0x20 {
            return byte >= 0x80 || leads.contains(byte)
        }
        return false
    }

    /// Parses a transcript file's text.
    public static func parse(_ text: String, path: String) throws(TranscriptError) -> Transcript {
        let size = text.utf8.count
        guard size <= Limits.standard.transcriptFileBytes else {
            throw TranscriptError(
                path: path, line: 1,
                message: Limits.fileTooLarge(path, size: size, limit: Limits.standard.transcriptFileBytes).en)
        }
        var lines = text.newlineSeparated
        if lines.last == "" { lines.removeLast() }
        let windows = lines.first?.utf8.last == 0x0D
        for index in lines.indices where lines[index].utf8.last == 0x0D { lines[index].removeLast() }
        var transcript = Transcript(path: path, clock: nil, seed: nil, steps: [], lines: lines)
        if windows { transcript.lineEnd = "\r\n" }
        var index = 0
        if lines.first == "---" {
            index = 1
            while index < lines.count, lines[index] != "---" {
                let parts = lines[index].split(separator: ":", maxSplits: 1).map { String($0).trimmed(" ") }
                if parts.count == 2 {
                    switch parts[0] {
                    case "clock":
                        guard let time = Timestamp(rfc3339: parts[1]) else {
                            throw TranscriptError(
                                path: path, line: index + 1,
                                message: "bad clock '\(parts[1])': it must be an RFC 3339 time")
                        }
                        transcript.clock = time
                    case "seed":
                        guard let seed = UInt64(parts[1]) else {
                            throw TranscriptError(
                                path: path, line: index + 1,
                                message: "bad seed '\(parts[1])': it must be a whole number")
                        }
                        transcript.seed = seed
                    case "lang":
                        guard let language = Language(rawValue: parts[1]) else {
                            throw TranscriptError(
                                path: path, line: index + 1, message: "bad lang '\(parts[1])': it must be es or en")
                        }
                        transcript.language = language
                    default: break
                    }
                }
                index += 1
            }
            guard index < lines.count else {
                throw TranscriptError(path: path, line: 1, message: "front matter is not closed by ---")
            }
            index += 1
        }
        var inBlock = false
        var fence = ""
        var current: Command?
        var deviation: String?
        var blockDeviation: String?
        // What the command being read waits for (its line, its `> ` lines then, what it waits for).
        var wait: (command: Int, lines: Int, continuation: ShellParser.Continuation)?
        func flush() {
            if var command = current {
                while let last = command.expected.last, last.text.trimmed(" ").isEmpty { command.expected.removeLast() }
                transcript.steps.append(.command(command))
            }
            current = nil
        }
        while index < lines.count {
            let line = lines[index]
            let number = index + 1
            index += 1
            if !inBlock {
                // Outside a block only fences and comments count: a line whose first byte after
                // its spaces is ASCII other than ` ~ < (or that is blank) is neither, whatever
                // the Characters after it (most of a transcript's prose, read without trimming).
                if !Self.mayStart(line, with: [0x60, 0x7E, 0x3C]) { continue }
                let trimmed = line.trimmed(" ")
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    inBlock = true
                    fence = String(trimmed.prefix(3))
                    blockDeviation = deviation
                    deviation = nil
                    continue
                }
                if trimmed.hasPrefix("<!--"), trimmed.hasSuffix("-->") {
                    let body = String(trimmed.dropFirst(4).dropLast(3)).trimmed(" ")
                    if body.hasPrefix("sleep ") {
                        guard let seconds = Double(body.dropFirst(6).trimmed(" ")), seconds >= 0, seconds.isFinite
                        else {
                            throw TranscriptError(path: path, line: number, message: "sleep wants a number of seconds")
                        }
                        transcript.steps.append(.sleep(seconds, line: number))
                    } else if body.hasPrefix("$ ") {
                        transcript.steps.append(.hidden(prompt: nil, text: String(body.dropFirst(2)), line: number))
                    } else if let (prompt, command) = splitPrompt(body) {
                        transcript.steps.append(.hidden(prompt: prompt, text: command, line: number))
                    } else if body.hasPrefix("deviation:") {
                        deviation = String(body.dropFirst(10)).trimmed(" ")
                    }
                }
                continue
            }
            if fence.utf8.first.map({ Self.mayStart(line, with: [$0]) }) ?? true, line.trimmed(" ").hasPrefix(fence) {
                flush()
                transcript.steps.append(.blockEnd(line: number))
                inBlock = false
                continue
            }
            // bash's `> ` lines go on a command that is not whole yet (a here-document, a quote).
            if var command = current, command.expected.isEmpty, command.status == nil,
                line.hasPrefix("> ") || line == ">"
            {
                // Known without reading the text again while the lines are a here-document's body.
                let continuation: ShellParser.Continuation
                if let known = wait, known.command == command.line, known.lines == command.continuationLines {
                    continuation = known.continuation
                } else {
                    continuation = ShellParser.continuation(command.text)
                }
                if continuation.needsMore {
                    let added = String(line.dropFirst(2))
                    wait = nil
                    if command.text.utf8.last != 0x0D, continuation.stillWaits(after: added) {
                        wait = (command.line, command.continuationLines + 1, continuation)
                    }
                    command.text += "\n" + added
                    command.continuationLines += 1
                    current = command
                    continue
                }
            }
            if line.hasPrefix("$ ") || line == "$" {
                flush()
                current = Command(
                    prompt: nil, text: String(line.dropFirst(2)), line: number, expected: [], deviation: blockDeviation)
            } else if let (prompt, command) = splitPrompt(line) {
                flush()
                current = Command(prompt: prompt, text: command, line: number, expected: [], deviation: blockDeviation)
            } else if line.hasPrefix("? "), let status = Int32(line.dropFirst(2).trimmed(" ")) {
                guard current != nil else {
                    throw TranscriptError(path: path, line: number, message: "exit status without a command")
                }
                current?.status = status
                current?.statusLine = number
            } else {
                guard current != nil else {
                    if line.trimmed(" ").isEmpty { continue }
                    throw TranscriptError(
                        path: path, line: number, message: "output before any command (start commands with \"$ \")")
                }
                current?.expected.append((line, number))
            }
        }
        if inBlock { throw TranscriptError(path: path, line: lines.count, message: "code block is not closed") }
        return transcript
    }
}

/// A transcript that cannot be read, with its place.
public struct TranscriptError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String
    public var description: String { "\(path):\(line): \(message)" }
}
