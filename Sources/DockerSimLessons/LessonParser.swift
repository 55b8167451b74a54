import DockerSimCore
import Foundation

/// A problem found in a lesson file, printed as `file:line:col: message`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation
    /// The problem in Spanish and English.
    public var text: Localized

    public init(file: String, location: SourceLocation, message: String) {
        self.file = file
        self.location = location
        self.text = Localized(en: message)
    }

    public init(file: String, location: SourceLocation, _ es: String, _ en: String) {
        self.file = file
        self.location = location
        self.text = Localized(es: es, en: en)
    }

    public init(file: String, location: SourceLocation, text: Localized) {
        self.file = file
        self.location = location
        self.text = text
    }

    /// The problem in English.
    public var message: String { text.text(.en) }

    /// `file:line:col: message` in `language`.
    public func description(_ language: Language) -> String {
        "\(file):\(location.line):\(location.column): \(text.text(language))"
    }

    public var description: String { description(.en) }
}

/// Reads the lesson format described in `Lessons/README.md`: `key: value` lines, indented
/// continuation lines for long values, `## step ID` sections, `#` comments.
public enum LessonParser {
    /// Parses a lesson. Returns the lesson (nil if it could not be built) and every problem found.
    public static func parse(_ text: String, file: String) -> (lesson: Lesson?, diagnostics: [Diagnostic]) {
        let size = text.utf8.count
        guard size <= Limits.standard.lessonFileBytes else {
            let message = Limits.fileTooLarge(file, size: size, limit: Limits.standard.lessonFileBytes)
            return (nil, [Diagnostic(file: file, location: SourceLocation(line: 1, column: 1), message.es, message.en)])
        }
        var state = ParserState(file: file)
        state.run(lines(text))
        state.validate()
        let sorted = state.diagnostics.sorted { $0.location < $1.location }
        return (sorted.isEmpty || state.lesson.id.isEmpty == false ? state.lesson : nil, sorted)
    }

    /// The lines of a lesson file: split at each `\n`, a `\r` before it dropped (a file saved
    /// with Windows line ends reads as the same lesson).
    static func lines(_ text: String) -> [String] {
        // `\n` and `\r` are ASCII: the lines are found among the bytes (`memchr`), each made
        // into a string once.
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return [""] }
            var lines: [String] = []
            func add(_ start: Int, _ end: Int) {
                let stop = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self))
            }
            var start = 0
            while let found = memchr(base + start, 0x0A, bytes.count - start) {
                let end = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                add(start, end)
                start = end + 1
            }
            add(start, bytes.count)
            return lines
        }
    }
}

private enum Scope { case header, step, question, attempt }

private struct Entry {
    var key: String
    var value: String
    /// Lines of a block value, each with its location.
    var lines: [SourceLine]
    var location: SourceLocation
    var valueLocation: SourceLocation
}

private struct ParserState {
    let file: String
    var lesson: Lesson
    var diagnostics: [Diagnostic] = []
    var scope = Scope.header
    /// The last key applied was a `check:` (or its `says`): a `says` may follow.
    var afterCheck = false
    var seenLocations: [String: SourceLocation] = [:]

    init(file: String) {
        self.file = file
        lesson = Lesson(
            id: "", title: Localized(), text: Localized(), clock: nil, seed: 1, tolerance: .relative(0.1),
            setup: [], steps: [], file: file, location: SourceLocation(line: 1, column: 1))
    }

    mutating func error(_ es: String, _ en: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(file: file, location: location, es, en))
    }

    mutating func error(_ text: Localized, at location: SourceLocation) {
        diagnostics.append(Diagnostic(file: file, location: location, text: text))
    }

    mutating func run(_ lines: [String]) {
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let number = index + 1
            index += 1
            let trimmed = line.lessonTrimmed
            if trimmed.isEmpty || trimmed.hasPrefix("<!--") { continue }
            if line.hasPrefix("## ") {
                section(line, number)
                continue
            }
            if line.hasPrefix("#") { continue }
            if line.first == " " || line.first == "\t" {
                error(
                    "línea sangrada inesperada (un valor en bloque va tras un `clave:` sin nada después de los dos puntos)",
                    "unexpected indented line (a block value follows a `key:` with nothing after the colon)",
                    at: SourceLocation(line: number, column: 1))
                continue
            }
            // In an ASCII line each byte is a character: the colon and the columns are found
            // among the bytes.
            let isASCII = line.utf8.allSatisfy { $0 < 0x80 }
            guard let colon = isASCII ? line.utf8.firstIndex(of: 0x3A) : line.firstIndex(of: ":") else {
                error(
                    "se esperaba `clave: valor`", "expected `key: value`", at: SourceLocation(line: number, column: 1))
                continue
            }
            let key = String(line[..<colon])
            let afterColon = line[line.index(after: colon)...]
            let value = afterColon.lessonTrimmed
            let valueColumn =
                isASCII
                ? line.utf8.distance(from: line.startIndex, to: colon) + 2 + afterColon.utf8.prefix { $0 == 0x20 }.count
                : line.distance(from: line.startIndex, to: colon) + 2
                    + (afterColon.count - afterColon.drop(while: { $0 == " " }).count)
            var entry = Entry(
                key: key, value: value, lines: [], location: SourceLocation(line: number, column: 1),
                valueLocation: SourceLocation(line: number, column: valueColumn))
            if value.isEmpty {
                // A block: the following indented (or blank) lines.
                var block: [SourceLine] = []
                while index < lines.count {
                    let next = lines[index]
                    if next.lessonTrimmed.isEmpty {
                        block.append(SourceLine("", at: SourceLocation(line: index + 1, column: 1)))
                        index += 1
                        continue
                    }
                    guard next.hasPrefix("  ") || next.hasPrefix("\t") else { break }
                    let indent = next.prefix { $0 == " " || $0 == "\t" }.count
                    let body = String(next.dropFirst(min(indent, 2)))
                    block.append(SourceLine(body, at: SourceLocation(line: index + 1, column: min(indent, 2) + 1)))
                    index += 1
                }
                while block.last?.text.isEmpty == true { block.removeLast() }
                entry.lines = block
                entry.value = Self.dedent(block.map(\.text)).joined(separator: "\n")
                if let first = block.first { entry.valueLocation = first.location }
            }
            apply(entry)
        }
    }

    static func dedent(_ lines: [String]) -> [String] {
        let indents = lines.filter { !$0.lessonTrimmed.isEmpty }.map { $0.prefix { $0 == " " }.count }
        let common = indents.min() ?? 0
        return lines.map { $0.count >= common ? String($0.dropFirst(common)) : $0.lessonTrimmed }
    }

    mutating func section(_ line: String, _ number: Int) {
        let words = Words.split(String(line.dropFirst(3)))
        guard let kind = words.first, ["step", "paso"].contains(kind.text.lowercased()) else {
            error(
                "sección desconocida (escribe `## step ID`)", "unknown section (write `## step ID`)",
                at: SourceLocation(line: number, column: 4))
            return
        }
        guard words.count >= 2 else {
            error(
                "un paso necesita un id: `## step ID`", "a step needs an id: `## step ID`",
                at: SourceLocation(line: number, column: 4))
            return
        }
        let id = words[1].text
        let location = SourceLocation(line: number, column: 4 + words[1].offset)
        if let previous = seenLocations["step " + id] {
            error(
                "id de paso repetido '\(id)' (el primero en la línea \(previous.line))",
                "duplicate step id '\(id)' (first at line \(previous.line))", at: location)
        }
        seenLocations["step " + id] = location
        lesson.steps.append(
            Step(
                id: id, text: Localized(), demo: [], checks: [], questions: [], hints: [], solution: [],
                attempts: [], location: SourceLocation(line: number, column: 1)))
        scope = .step
    }

    static func split(_ key: String) -> (base: String, language: Language?)? {
        // In an ASCII key each byte is a character: the `.` is found among the bytes.
        guard key.utf8.allSatisfy({ $0 < 0x80 }) else {
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 1 { return (key, nil) }
            if parts.count == 2, let language = Language(rawValue: String(parts[1])) {
                return (String(parts[0]), language)
            }
            return nil
        }
        guard let dot = key.utf8.firstIndex(of: 0x2E) else { return (key, nil) }
        let suffix = key.utf8[key.utf8.index(after: dot)...]
        guard !suffix.contains(0x2E), let language = Language(rawValue: String(Substring(suffix))) else { return nil }
        return (String(key[..<dot]), language)
    }

    /// The keys that take a language (`title.en:`).
    static let localizedKeys: Set<String> = ["title", "text", "hint", "ask", "feedback", "says"]

    /// Commands of an entry: the single-line value, or each non-blank line of its block.
    static func commands(_ entry: Entry) -> [SourceLine] {
        if entry.lines.isEmpty { return [SourceLine(entry.value, at: entry.valueLocation)] }
        return entry.lines.filter { !$0.text.lessonTrimmed.isEmpty }
    }

    mutating func apply(_ entry: Entry) {
        let wasAfterCheck = afterCheck
        afterCheck = false
        guard let (base, language) = Self.split(entry.key) else {
            error("clave desconocida '\(entry.key)'", "unknown key '\(entry.key)'", at: entry.location)
            return
        }
        if language != nil && !Self.localizedKeys.contains(base) {
            error(
                "'\(base)' no se traduce; escribe `\(base):`", "'\(base)' is not translated; write `\(base):`",
                at: entry.location)
            return
        }
        let lang = language ?? .es
        if entry.value.isEmpty && base != "setup" && base != "demo" && base != "solution" && base != "run" {
            error("'\(entry.key)' no tiene valor", "'\(entry.key)' has no value", at: entry.location)
            return
        }
        let stepIndex = lesson.steps.count - 1
        switch (base, scope) {
        // Lesson header.
        case ("id", .header):
            // The id names files (`<id>.submission`): no `/`, `..` or other path syntax.
            guard entry.value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            else {
                error(
                    "el id solo puede tener letras, cifras, '-' y '_' (da nombre a ficheros)",
                    "id may hold only letters, digits, '-' and '_' (it names files)", at: entry.valueLocation)
                return
            }
            lesson.id = entry.value
            lesson.location = entry.valueLocation
        case ("title", .header): lesson.title[lang] = entry.value
        case ("text", .header): lesson.text[lang] = entry.value
        case ("clock", .header):
            guard let time = Timestamp(rfc3339: entry.value) else {
                error(
                    "clock quiere una hora RFC 3339 como 2024-01-28T18:00:00+01:00",
                    "clock wants an RFC 3339 time such as 2024-01-28T18:00:00+01:00", at: entry.valueLocation)
                return
            }
            lesson.clock = time
        case ("seed", .header):
            guard let seed = UInt64(entry.value) else {
                error("seed quiere un número entero", "seed wants a whole number", at: entry.valueLocation)
                return
            }
            lesson.seed = seed
        case ("tolerance", .header):
            if let tolerance = tolerance(entry) { lesson.tolerance = tolerance }
        case ("setup", .header): lesson.setup += Self.commands(entry)
        case ("points", .header):
            if let points = amount(entry) { lesson.scoring.points = points }
        case ("hint-penalty", .header):
            if let share = share(entry) { lesson.scoring.hintPenalty = share }
        case ("wrong-penalty", .header):
            if let share = share(entry) { lesson.scoring.wrongPenalty = share }
        case ("solution-penalty", .header):
            if let share = share(entry) { lesson.scoring.solutionPenalty = share }
        case ("attempts", .header):
            if let count = tries(entry) { lesson.scoring.attempts = count }
        case ("attempts", .question):
            if let count = tries(entry) { lastQuestion { $0.attempts = count } }
        case ("points", _) where stepIndex >= 0:
            if let points = amount(entry) { lesson.steps[stepIndex].points = points }
        case ("says", _) where stepIndex >= 0:
            guard wasAfterCheck, let last = lesson.steps[stepIndex].checks.indices.last else {
                error(
                    "says tiene que ir justo tras un `check:`", "says must come right after a `check:`",
                    at: entry.location)
                return
            }
            lesson.steps[stepIndex].checks[last].says[lang] = entry.value
            afterCheck = true
        // A step.
        case ("text", _) where stepIndex >= 0: lesson.steps[stepIndex].text[lang] = entry.value
        case ("demo", _) where stepIndex >= 0: lesson.steps[stepIndex].demo += Self.commands(entry)
        case ("check", _) where stepIndex >= 0:
            do {
                let condition = try Condition.parse(entry.value)
                lesson.steps[stepIndex].checks.append(
                    Check(source: entry.value, condition: condition, location: entry.valueLocation))
                afterCheck = true
            } catch {
                self.error(
                    error.text,
                    at: SourceLocation(
                        line: entry.valueLocation.line, column: entry.valueLocation.column + error.offset))
            }
        case ("hint", _) where stepIndex >= 0:
            if let last = lesson.steps[stepIndex].hints.indices.last, lesson.steps[stepIndex].hints[last][lang] == nil {
                lesson.steps[stepIndex].hints[last][lang] = entry.value
            } else {
                var hint = Localized()
                hint[lang] = entry.value
                lesson.steps[stepIndex].hints.append(hint)
            }
        case ("solution", _) where stepIndex >= 0: lesson.steps[stepIndex].solution += Self.commands(entry)
        case ("question", _) where stepIndex >= 0:
            let id = entry.value
            if let previous = seenLocations["question " + id] {
                error(
                    "id de pregunta repetido '\(id)' (la primera en la línea \(previous.line))",
                    "duplicate question id '\(id)' (first at line \(previous.line))", at: entry.valueLocation)
            }
            seenLocations["question " + id] = entry.valueLocation
            lesson.steps[stepIndex].questions.append(
                Question(
                    id: id, ask: Localized(), kind: .size, expect: "", expectLocation: entry.valueLocation,
                    tolerance: nil,
                    options: [], wrongs: [], answer: nil, location: entry.location))
            scope = .question
        case ("attempt", _) where stepIndex >= 0:
            lesson.steps[stepIndex].attempts.append(
                Attempt(name: entry.value, commands: [], replies: [], location: entry.location))
            scope = .attempt
        // A question.
        case ("ask", .question): lastQuestion { $0.ask[lang] = entry.value }
        case ("kind", .question):
            guard let kind = QuestionKind(rawValue: entry.value) else {
                let known = QuestionKind.allCases.map(\.rawValue).joined(separator: ", ")
                error(
                    "tipo de pregunta desconocido '\(entry.value)' (se conocen: \(known))",
                    "unknown question kind '\(entry.value)' (known: \(known))", at: entry.valueLocation)
                return
            }
            lastQuestion { $0.kind = kind }
        case ("expect", .question):
            lastQuestion {
                $0.expect = entry.value
                $0.expectLocation = entry.valueLocation
            }
        case ("tolerance", .question):
            if let tolerance = tolerance(entry) { lastQuestion { $0.tolerance = tolerance } }
        case ("option", .question):
            let parts = entry.value.split(separator: "|", omittingEmptySubsequences: false).map {
                String($0).lessonTrimmed
            }
            guard parts.count >= 2, !parts[0].isEmpty else {
                error(
                    "option quiere `LETRA | texto en español | English text`",
                    "option wants `LETTER | texto en español | English text`", at: entry.valueLocation)
                return
            }
            lastQuestion {
                $0.options.append((parts[0], Localized(es: parts[1], en: parts.count > 2 ? parts[2] : nil)))
            }
        case ("wrong", .question):
            lastQuestion {
                $0.wrongs.append(WrongAnswer(answer: entry.value, feedback: Localized(), location: entry.valueLocation))
            }
        case ("feedback", .question):
            guard lesson.steps[stepIndex].questions.last?.wrongs.isEmpty == false else {
                error(
                    "feedback tiene que ir tras una respuesta `wrong:`", "feedback must follow a `wrong:` answer",
                    at: entry.location)
                return
            }
            lastQuestion { question in
                let last = question.wrongs.count - 1
                question.wrongs[last].feedback[lang] = entry.value
            }
        case ("answer", .question): lastQuestion { $0.answer = entry.value }
        // A wrong attempt.
        case ("run", .attempt):
            lastAttempt { $0.commands += Self.commands(entry) }
        case ("reply", .attempt):
            let words = Words.split(entry.value)
            guard words.count >= 2 else {
                error(
                    "reply quiere `ID-PREGUNTA respuesta`", "reply wants `QUESTION-ID answer`", at: entry.valueLocation)
                return
            }
            let text = String(Array(entry.value)[words[1].offset...])
            let location = entry.valueLocation
            lastAttempt { $0.replies.append((words[0].text, text, location)) }
        default:
            let allowed: String =
                switch scope {
                case .header:
                    "id, title, text, clock, seed, tolerance, setup, points, hint-penalty, wrong-penalty, solution-penalty, attempts, `## step ID`"
                case .step: "text, demo, check, says, hint, solution, points, question, attempt"
                case .question:
                    "ask, kind, expect, tolerance, option, wrong, feedback, answer, attempts (+ step keys)"
                case .attempt: "run, reply (+ step keys)"
                }
            error(
                "clave desconocida '\(entry.key)' aquí (se esperaba: \(allowed))",
                "unknown key '\(entry.key)' here (expected \(allowed))", at: entry.location)
        }
    }

    mutating func lastQuestion(_ body: (inout Question) -> Void) {
        let step = lesson.steps.count - 1
        guard step >= 0, let last = lesson.steps[step].questions.indices.last else { return }
        body(&lesson.steps[step].questions[last])
    }

    mutating func lastAttempt(_ body: (inout Attempt) -> Void) {
        let step = lesson.steps.count - 1
        guard step >= 0, let last = lesson.steps[step].attempts.indices.last else { return }
        body(&lesson.steps[step].attempts[last])
    }

    /// What an amount without values (`50kB`) is evaluated on: nothing of it is read.
    static let emptyEngine = Engine(clock: .manual(at: .zero), seed: 0)

    mutating func tolerance(_ entry: Entry) -> Tolerance? {
        let text = entry.value
        if text.hasSuffix("%") {
            if let percent = ExpressionParser.number(String(text.dropLast()).lessonTrimmed) {
                return .relative(percent)
            }
        } else if let expression = try? Expression.parse(text, allowValues: false),
            let amount = try? expression.evaluate(Self.emptyEngine)
        {
            return .absolute(amount)
        }
        error(
            "tolerance quiere un porcentaje (0.1%) o una cantidad (50kB, 2)",
            "tolerance wants a percentage (0.1%) or an amount (50kB, 2)", at: entry.valueLocation)
        return nil
    }

    /// Points: a number of 0 or more.
    mutating func amount(_ entry: Entry) -> Double? {
        if let value = ExpressionParser.number(entry.value), value >= 0, value <= 1_000_000 { return value }
        error(
            "\(entry.key) quiere un número de 0 o más (1, 2, 0.5)",
            "\(entry.key) wants a number of 0 or more (1, 2, 0.5)",
            at: entry.valueLocation)
        return nil
    }

    /// A penalty: a percentage of 0 to 100 (`10%`), or `0`.
    mutating func share(_ entry: Entry) -> Double? {
        let text = entry.value
        let body = text.hasSuffix("%") ? String(text.dropLast()).lessonTrimmed : text
        if let value = ExpressionParser.number(body), value >= 0, value <= 100, text.hasSuffix("%") || value == 0 {
            return value / 100
        }
        error(
            "\(entry.key) quiere un porcentaje de 0% a 100% (10%)",
            "\(entry.key) wants a percentage from 0% to 100% (10%)",
            at: entry.valueLocation)
        return nil
    }

    /// Tries: a whole number (0: no cap).
    mutating func tries(_ entry: Entry) -> Int? {
        if let value = Int(entry.value), value >= 0, value <= 1000 { return value }
        error(
            "attempts quiere un número entero de intentos (0: sin límite)",
            "attempts wants a whole number of tries (0: no cap)", at: entry.valueLocation)
        return nil
    }

    /// Checks what the file as a whole must have.
    mutating func validate() {
        let top = SourceLocation(line: 1, column: 1)
        if lesson.id.isEmpty { error("la lección no tiene `id:`", "the lesson has no `id:`", at: top) }
        if lesson.title.isEmpty {
            error(
                "la lección no tiene `title.es:` ni `title.en:`", "the lesson has no `title.es:` or `title.en:`",
                at: top)
        }
        if lesson.steps.isEmpty {
            error("la lección no tiene pasos (`## step ID`)", "the lesson has no steps (`## step ID`)", at: top)
        }
        for step in lesson.steps {
            if step.checks.isEmpty && step.questions.isEmpty {
                error(
                    "el paso '\(step.id)' no tiene ni check ni pregunta",
                    "step '\(step.id)' has no check and no question",
                    at: step.location)
            }
            if step.text.isEmpty {
                error("el paso '\(step.id)' no tiene texto", "step '\(step.id)' has no text", at: step.location)
            }
            for question in step.questions { validate(question) }
            let ids = Set(step.questions.map(\.id))
            for attempt in step.attempts {
                if attempt.commands.isEmpty && attempt.replies.isEmpty {
                    error(
                        "el intento '\(attempt.name)' no tiene `run:` ni `reply:`",
                        "attempt '\(attempt.name)' has no `run:` or `reply:`", at: attempt.location)
                }
                for reply in attempt.replies where !ids.contains(reply.question) {
                    error(
                        "el intento '\(attempt.name)' responde a '\(reply.question)', que no es una pregunta del paso '\(step.id)'",
                        "attempt '\(attempt.name)' replies to '\(reply.question)', which is not a question of step '\(step.id)'",
                        at: reply.location)
                }
            }
        }
    }

    mutating func validate(_ question: Question) {
        if question.ask.isEmpty {
            error(
                "la pregunta '\(question.id)' no tiene `ask.es:` ni `ask.en:`",
                "question '\(question.id)' has no `ask.es:` or `ask.en:`", at: question.location)
        }
        if question.expect.isEmpty {
            error(
                "la pregunta '\(question.id)' no tiene `expect:`", "question '\(question.id)' has no `expect:`",
                at: question.location)
            return
        }
        if question.answer == nil {
            error(
                "la pregunta '\(question.id)' no tiene la respuesta de referencia `answer:`",
                "question '\(question.id)' has no reference `answer:`", at: question.location)
        }
        switch question.kind {
        case .size, .number:
            do {
                _ = try Expression.parse(question.expect)
            } catch {
                self.error(
                    error.text,
                    at: SourceLocation(
                        line: question.expectLocation.line, column: question.expectLocation.column + error.offset))
            }
            for wrong in question.wrongs {
                do {
                    _ = try Expression.parse(wrong.answer)
                } catch {
                    self.error(
                        error.text,
                        at: SourceLocation(line: wrong.location.line, column: wrong.location.column + error.offset))
                }
            }
        case .choice, .choices:
            if question.options.isEmpty {
                error(
                    "la pregunta '\(question.id)' no tiene líneas `option:`",
                    "question '\(question.id)' has no `option:` lines", at: question.location)
            }
            let keys = Set(question.options.map { $0.key.lowercased() })
            for letter in Question.letters(question.expect) where !keys.contains(letter) {
                error(
                    "'\(letter)' no es una de las opciones", "'\(letter)' is not one of the options",
                    at: question.expectLocation)
            }
        case .yesno:
            if Question.yesNo(question.expect) == nil {
                error(
                    "una pregunta yesno espera `yes` o `no`", "a yesno question expects `yes` or `no`",
                    at: question.expectLocation)
            }
        case .image, .container, .text:
            break
        }
        for wrong in question.wrongs where wrong.feedback.isEmpty {
            error(
                "la respuesta errónea '\(wrong.answer)' no tiene `feedback.es:` ni `feedback.en:`",
                "wrong answer '\(wrong.answer)' has no `feedback.es:` or `feedback.en:`", at: wrong.location)
        }
    }
}
