import DockerSimCore

/// A golden transcript: Markdown with the course's command/output blocks, replayed against a
/// fresh simulator.
///
/// - Front matter (`---` … `---`) sets `clock:` (RFC 3339) and `seed:`.
/// - In a fenced block, `$ ` starts a host command, a bash prompt (`root@<host>:<dir># `) starts
///   a line typed in a container's shell, `? N` says the command exits with status N, and every
///   other line is expected output (stdout and stderr as a terminal shows them).
/// - `[..]` matches any text within a line, `...` alone on a line any number of lines, and a
///   name in capitals such as `[CID]` binds on first use and must match the same text after.
/// - `<!-- sleep N -->` between blocks lets N simulated seconds pass, unseen.
public struct Transcript: Sendable {
    public var path: String
    public var clock: Timestamp?
    public var seed: UInt64?
    public var steps: [Step]

    public enum Step: Sendable {
        case command(Command)
        case sleep(Double, line: Int)
    }

    public struct Command: Sendable {
        /// `host` for `$ ` lines; for container lines, the prompt as written.
        public var prompt: String?
        public var text: String
        /// 1-based line of the command in the file.
        public var line: Int
        /// Expected output lines with their file lines.
        public var expected: [(text: String, line: Int)]
        public var status: Int32?
    }

    /// The bash prompt a container line starts with: `root@host:/dir# `.
    static func splitPrompt(_ line: String) -> (prompt: String, command: String)? {
        guard line.hasPrefix("root@"), let hash = line.range(of: "# ") else { return nil }
        let prompt = String(line[..<hash.upperBound])
        guard prompt.contains(":") else { return nil }
        return (prompt, String(line[hash.upperBound...]))
    }

    /// Parses a transcript file's text.
    public static func parse(_ text: String, path: String) throws(TranscriptError) -> Transcript {
        var transcript = Transcript(path: path, clock: nil, seed: nil, steps: [])
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var index = 0
        if lines.first == "---" {
            index = 1
            while index < lines.count, lines[index] != "---" {
                let parts = lines[index].split(separator: ":", maxSplits: 1).map { String($0).trimmed(" ") }
                if parts.count == 2 {
                    switch parts[0] {
                    case "clock":
                        guard let time = Timestamp(rfc3339: parts[1]) else {
                            throw TranscriptError(path: path, line: index + 1, message: "bad clock '\(parts[1])'")
                        }
                        transcript.clock = time
                    case "seed":
                        guard let seed = UInt64(parts[1]) else {
                            throw TranscriptError(path: path, line: index + 1, message: "bad seed '\(parts[1])'")
                        }
                        transcript.seed = seed
                    default: break
                    }
                }
                index += 1
            }
            index += 1
        }
        var inBlock = false
        var fence = ""
        var current: Command?
        func flush() {
            if let command = current { transcript.steps.append(.command(command)) }
            current = nil
        }
        while index < lines.count {
            let line = lines[index]
            let number = index + 1
            index += 1
            if !inBlock {
                let trimmed = line.trimmed(" ")
                if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                    inBlock = true
                    fence = String(trimmed.prefix(3))
                    continue
                }
                if trimmed.hasPrefix("<!--"), trimmed.hasSuffix("-->") {
                    let body = String(trimmed.dropFirst(4).dropLast(3)).trimmed(" ")
                    let words = body.split(separator: " ")
                    if words.first == "sleep" {
                        guard words.count == 2, let seconds = Double(words[1]), seconds >= 0 else {
                            throw TranscriptError(path: path, line: number, message: "sleep wants a number of seconds")
                        }
                        transcript.steps.append(.sleep(seconds, line: number))
                    }
                }
                continue
            }
            if line.trimmed(" ").hasPrefix(fence) {
                flush()
                inBlock = false
                continue
            }
            if line.hasPrefix("$ ") || line == "$" {
                flush()
                current = Command(prompt: nil, text: String(line.dropFirst(2)), line: number, expected: [], status: nil)
            } else if let (prompt, command) = splitPrompt(line) {
                flush()
                current = Command(prompt: prompt, text: command, line: number, expected: [], status: nil)
            } else if line.hasPrefix("? "), let status = Int32(line.dropFirst(2)) {
                guard current != nil else { throw TranscriptError(path: path, line: number, message: "exit status without a command") }
                current?.status = status
            } else {
                guard current != nil else {
                    throw TranscriptError(path: path, line: number, message: "output before any command")
                }
                current?.expected.append((line, number))
            }
        }
        if inBlock { throw TranscriptError(path: path, line: lines.count, message: "unclosed code block") }
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
