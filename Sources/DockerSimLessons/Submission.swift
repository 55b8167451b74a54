import DockerSimCore

/// A student's work on one lesson: the lines they typed and the answers they gave, in order.
/// Recorded outputs are kept for people to read; grading never looks at them.
///
/// ```
/// # dockersim submission
/// lesson: capas
/// student: ana
/// clock: 2024-01-28T18:00:00+01:00
/// seed: 1
///
/// $ pull josedom24/servidorweb:v1
/// > v1: Pulling from josedom24/servidorweb
/// $ run -it --name contenedor1 ubuntu
/// | echo hola > fichero.txt
/// | exit
/// $ answer 186,8 MB
/// ```
public struct Submission: Sendable {
    /// Where a line was typed.
    public enum Place: String, Sendable {
        /// At the host prompt (`$ `): docker commands and lesson commands.
        case host = "$"
        /// In a container's shell (`| `).
        case container = "|"
        /// The answer to a `[y/N]` question (`? `).
        case confirmation = "?"
    }

    /// One line typed.
    public struct Event: Sendable {
        public var place: Place
        public var line: String
        /// What it printed (informative only).
        public var output: String?
        /// Line in the submission file (0 when built in memory).
        public var sourceLine: Int

        public init(place: Place, line: String, output: String? = nil, sourceLine: Int = 0) {
            self.place = place
            self.line = line
            self.output = output
            self.sourceLine = sourceLine
        }
    }

    public var lessonID: String
    public var student: String
    /// When the lesson's simulator started (nil: the lesson's own clock).
    public var startTime: Timestamp?
    public var seed: UInt64
    public var events: [Event]

    public init(lessonID: String, student: String, startTime: Timestamp?, seed: UInt64, events: [Event]) {
        self.lessonID = lessonID
        self.student = student
        self.startTime = startTime
        self.seed = seed
        self.events = events
    }

    /// The file's text.
    public func render() -> String {
        var text = "# dockersim submission / entrega\n"
        text += "lesson: \(lessonID)\nstudent: \(student)\n"
        if let startTime { text += "clock: \(startTime.rfc3339Nano)\n" }
        text += "seed: \(seed)\n\n"
        for event in events {
            text += "\(event.place.rawValue) \(event.line)\n"
            if let output = event.output, !output.isEmpty {
                var body = Substring(output)
                if body.hasSuffix("\n") { body = body.dropLast() }
                for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                    text += line.isEmpty ? ">\n" : "> \(line)\n"
                }
            }
        }
        return text
    }

    /// A submission that could not be read: where, and why.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Reads a submission file.
    public static func parse(_ text: String, file: String) throws(ParseError) -> Submission {
        var header: [String: (value: String, line: Int)] = [:]
        var events: [Event] = []
        var outputLines: [String] = []
        func flushOutput() {
            if !outputLines.isEmpty, !events.isEmpty {
                events[events.count - 1].output = outputLines.joined(separator: "\n") + "\n"
            }
            outputLines = []
        }
        for (index, raw) in LessonParser.lines(text).enumerated() {
            let number = index + 1
            let line = raw
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line == ">" || line.hasPrefix("> ") {
                guard !events.isEmpty else {
                    throw ParseError(file: file, line: number, message: "output line before any command")
                }
                outputLines.append(line == ">" ? "" : String(line.dropFirst(2)))
                continue
            }
            if let place = Place(rawValue: String(line.prefix(1))), line.count == 1 || line.dropFirst().first == " " {
                flushOutput()
                events.append(Event(place: place, line: String(line.dropFirst(2)), sourceLine: number))
                continue
            }
            guard events.isEmpty, let colon = line.firstIndex(of: ":") else {
                throw ParseError(
                    file: file, line: number,
                    message:
                        "expected `$ command`, `| container line`, `? answer` or `> output`, found '\(line.prefix(40))'"
                )
            }
            let key = String(line[..<colon])
            guard ["lesson", "student", "clock", "seed"].contains(key) else {
                throw ParseError(
                    file: file, line: number, message: "unknown header '\(key)' (expected lesson, student, clock, seed)"
                )
            }
            header[key] = (line[line.index(after: colon)...].lessonTrimmed, number)
        }
        flushOutput()
        guard let lesson = header["lesson"], !lesson.value.isEmpty else {
            throw ParseError(file: file, line: 1, message: "missing `lesson:` header")
        }
        var start: Timestamp?
        if let clock = header["clock"] {
            guard let time = Timestamp(rfc3339: clock.value) else {
                throw ParseError(
                    file: file, line: clock.line, message: "clock '\(clock.value)' is not an RFC 3339 time")
            }
            start = time
        }
        var seed: UInt64 = 1
        if let given = header["seed"] {
            guard let value = UInt64(given.value) else {
                throw ParseError(file: file, line: given.line, message: "seed '\(given.value)' is not a whole number")
            }
            seed = value
        }
        let fallbackName = file.split(separator: "/").last.map(String.init) ?? file
        return Submission(
            lessonID: lesson.value, student: header["student"]?.value ?? fallbackName,
            startTime: start, seed: seed, events: events)
    }
}
