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
    public struct Event: Sendable, Equatable {
        public var place: Place
        public var line: String
        /// What it printed (informative only).
        public var output: String?
        /// The simulated time when it was typed (the real time on a terminal); grading lets the
        /// clock reach it before replaying the line.
        public var time: Timestamp?
        /// Line in the submission file (0 when built in memory).
        public var sourceLine: Int

        public init(place: Place, line: String, output: String? = nil, time: Timestamp? = nil, sourceLine: Int = 0) {
            self.place = place
            self.line = line
            self.output = output
            self.time = time
            self.sourceLine = sourceLine
        }

        /// The same line typed at the same time (outputs and file lines aside).
        func sameWork(_ other: Event) -> Bool { place == other.place && line == other.line && time == other.time }
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
        var lastTime = startTime
        for event in events {
            if let time = event.time, time != lastTime {
                text += "@ \(time.rfc3339Nano)\n"
                lastTime = time
            }
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
        /// The problem in Spanish and English.
        public var text: Localized
        /// The student's name, when the header holding it was read before the problem.
        public var student: String?
        /// The lesson's id, when the header holding it was read before the problem.
        public var lessonID: String?
        /// The problem in English.
        public var message: String { text.text(.en) }
        public var description: String { description(.en) }
        /// `file:line: message` in `language`.
        public func description(_ language: Language) -> String { "\(file):\(line): \(text.text(language))" }
    }

    /// Reads a submission file. Errors never quote the file (it may be any file a user names).
    public static func parse(_ text: String, file: String) throws(ParseError) -> Submission {
        var header: [String: (value: String, line: Int)] = [:]
        var events: [Event] = []
        var outputLines: [String] = []
        var pendingTime: Timestamp?
        func fail(_ number: Int, _ es: String, _ en: String) -> ParseError {
            ParseError(
                file: file, line: number, text: Localized(es: es, en: en),
                student: header["student"].map { cleanName($0.value) }.flatMap { $0.isEmpty ? nil : $0 },
                lessonID: header["lesson"].map { cleanText(String($0.value.prefix(40))) }.flatMap {
                    $0.isEmpty ? nil : $0
                })
        }
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
                    throw fail(number, "línea de salida antes de ninguna orden", "output line before any command")
                }
                outputLines.append(line == ">" ? "" : String(line.dropFirst(2)))
                continue
            }
            if line.hasPrefix("@ ") {
                guard let time = Timestamp(rfc3339: String(line.dropFirst(2)).lessonTrimmed) else {
                    throw fail(
                        number, "la hora de una línea `@ HORA` no es una hora RFC 3339",
                        "the time of an `@ TIME` line is not an RFC 3339 time")
                }
                flushOutput()
                pendingTime = time
                continue
            }
            if let place = Place(rawValue: String(line.prefix(1))), line.count == 1 || line.dropFirst().first == " " {
                flushOutput()
                events.append(
                    Event(place: place, line: String(line.dropFirst(2)), time: pendingTime, sourceLine: number))
                continue
            }
            guard events.isEmpty, pendingTime == nil, let colon = line.firstIndex(of: ":") else {
                throw fail(
                    number,
                    events.isEmpty && pendingTime == nil
                        ? "se esperaba una cabecera (`lesson:`, `student:`, `clock:`, `seed:`) o `$ orden`"
                        : "se esperaba `$ orden`, `| línea del contenedor`, `? respuesta`, `@ hora` o `> salida`",
                    events.isEmpty && pendingTime == nil
                        ? "expected a header (`lesson:`, `student:`, `clock:`, `seed:`) or `$ command`"
                        : "expected `$ command`, `| container line`, `? answer`, `@ time` or `> output`")
            }
            let key = String(line[..<colon])
            guard ["lesson", "student", "clock", "seed"].contains(key) else {
                throw fail(
                    number, "cabecera desconocida (se esperaba lesson, student, clock, seed)",
                    "unknown header (expected lesson, student, clock, seed)")
            }
            header[key] = (line[line.index(after: colon)...].lessonTrimmed, number)
        }
        flushOutput()
        guard let lesson = header["lesson"], !lesson.value.isEmpty else {
            throw fail(1, "falta la cabecera `lesson:`", "missing `lesson:` header")
        }
        var start: Timestamp?
        if let clock = header["clock"] {
            guard let time = Timestamp(rfc3339: clock.value) else {
                throw fail(clock.line, "el reloj no es una hora RFC 3339", "the clock is not an RFC 3339 time")
            }
            start = time
            // The lines before the first `@ TIME` were typed at the start (``render()`` writes a
            // time only when it differs from the last one, and the first from the start's).
            for index in events.indices where events[index].time == nil { events[index].time = time }
        }
        var seed: UInt64 = 1
        if let given = header["seed"] {
            guard let value = UInt64(given.value) else {
                throw fail(given.line, "la semilla no es un número entero", "the seed is not a whole number")
            }
            seed = value
        }
        let fallbackName = cleanName(file.split(separator: "/").last.map(String.init) ?? file)
        let named = header["student"].map { cleanName($0.value) } ?? ""
        return Submission(
            lessonID: lesson.value, student: named.isEmpty ? fallbackName : named,
            startTime: start, seed: seed, events: events)
    }

    /// The longest name kept.
    static let nameLimit = 60

    /// A student's name safe to print on a terminal and in a table: no control or formatting
    /// characters (escape sequences, bidirectional overrides, zero-width), spaces collapsed, at
    /// most ``nameLimit`` characters.
    public static func cleanName(_ text: String) -> String {
        var result = ""
        var space = false
        for scalar in withoutEscapes(text).unicodeScalars {
            if scalar.properties.isWhitespace {
                space = !result.isEmpty
                continue
            }
            if Self.isHidden(scalar) { continue }
            if space { result.unicodeScalars.append(" ") }
            space = false
            result.unicodeScalars.append(scalar)
        }
        return String(result.prefix(nameLimit))
    }

    /// The text without terminal escape sequences: CSI (`ESC [ … m`), OSC (`ESC ] … BEL`) and
    /// two-character ones (`ESC c`).
    static func withoutEscapes(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "\u{1B}" || scalar == "\u{9B}" else {
                result.append(scalar)
                index += 1
                continue
            }
            let csi = scalar == "\u{9B}" || (index + 1 < scalars.count && scalars[index + 1] == "[")
            let osc = scalar == "\u{1B}" && index + 1 < scalars.count && scalars[index + 1] == "]"
            index += scalar == "\u{9B}" ? 1 : 2
            if csi {
                // Parameters and intermediates, up to the final byte (@ to ~).
                while index < scalars.count, !(0x40...0x7E).contains(scalars[index].value) { index += 1 }
                index += 1
            } else if osc {
                while index < scalars.count, scalars[index] != "\u{7}", scalars[index] != "\u{1B}" { index += 1 }
                index += index < scalars.count && scalars[index] == "\u{1B}" ? 2 : 1
            }
        }
        return String(result)
    }

    /// Any text from a file, safe to print on a terminal: control and formatting characters
    /// become `?` (tabs a space), so an escape sequence shows instead of acting.
    public static func cleanText(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar == "\t" {
                result.unicodeScalars.append(" ")
            } else if scalar == "\n" {
                result.unicodeScalars.append(scalar)
            } else if Self.isHidden(scalar) {
                result.unicodeScalars.append("?")
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Control characters (C0, DEL, C1) and invisible formatting ones (bidirectional overrides,
    /// zero-width, the byte-order mark).
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate: true
        default: false
        }
    }
}
