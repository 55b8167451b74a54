import DockerSimCore

/// A problem found in a lesson file, printed as `file:line:col: message`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation
    public var message: String

    public init(file: String, location: SourceLocation, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String { "\(file):\(location.line):\(location.column): \(message)" }
}

/// Reads the lesson format described in `Lessons/README.md`: `key: value` lines, indented
/// continuation lines for long values, `## step ID` sections, `#` comments.
public enum LessonParser {
    /// Parses a lesson. Returns the lesson (nil if it could not be built) and every problem found.
    public static func parse(_ text: String, file: String) -> (lesson: Lesson?, diagnostics: [Diagnostic]) {
        let size = text.utf8.count
        guard size <= Limits.standard.lessonFileBytes else {
            let message = Limits.fileTooLarge(file, size: size, limit: Limits.standard.lessonFileBytes)
            return (nil, [Diagnostic(file: file, location: SourceLocation(line: 1, column: 1), message: message)])
        }
        var state = ParserState(file: file)
        state.run(lines(text))
        state.validate()
        let sorted = state.diagnostics.sorted { $0.location < $1.location }
        return (sorted.isEmpty || state.lesson.id.isEmpty == false ? state.lesson : nil, sorted)
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
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
    var seenLocations: [String: SourceLocation] = [:]

    init(file: String) {
        self.file = file
        lesson = Lesson(
            id: "", title: Localized(), text: Localized(), clock: nil, seed: 1, tolerance: .relative(0.1),
            setup: [], steps: [], file: file, location: SourceLocation(line: 1, column: 1))
    }

    mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(file: file, location: location, message: message))
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
                    "unexpected indented line (a block value follows a `key:` with nothing after the colon)",
                    at: SourceLocation(line: number, column: 1))
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                error("expected `key: value`", at: SourceLocation(line: number, column: 1))
                continue
            }
            let key = String(line[..<colon])
            let afterColon = line[line.index(after: colon)...]
            let value = afterColon.lessonTrimmed
            let valueColumn =
                line.distance(from: line.startIndex, to: colon) + 2
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
            error("unknown section (write `## step ID`)", at: SourceLocation(line: number, column: 4))
            return
        }
        guard words.count >= 2 else {
            error("a step needs an id: `## step ID`", at: SourceLocation(line: number, column: 4))
            return
        }
        let id = words[1].text
        let location = SourceLocation(line: number, column: 4 + words[1].offset)
        if let previous = seenLocations["step " + id] {
            error("duplicate step id '\(id)' (first at line \(previous.line))", at: location)
        }
        seenLocations["step " + id] = location
        lesson.steps.append(
            Step(
                id: id, text: Localized(), demo: [], checks: [], questions: [], hints: [], solution: [],
                attempts: [], location: SourceLocation(line: number, column: 1)))
        scope = .step
    }

    static func split(_ key: String) -> (base: String, language: Language?)? {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 1 { return (key, nil) }
        if parts.count == 2, let language = Language(rawValue: String(parts[1])) { return (String(parts[0]), language) }
        return nil
    }

    /// Commands of an entry: the single-line value, or each non-blank line of its block.
    static func commands(_ entry: Entry) -> [SourceLine] {
        if entry.lines.isEmpty { return [SourceLine(entry.value, at: entry.valueLocation)] }
        return entry.lines.filter { !$0.text.lessonTrimmed.isEmpty }
    }

    mutating func apply(_ entry: Entry) {
        guard let (base, language) = Self.split(entry.key) else {
            error("unknown key '\(entry.key)'", at: entry.location)
            return
        }
        let localized: Set<String> = ["title", "text", "hint", "ask", "feedback"]
        if language != nil && !localized.contains(base) {
            error("'\(base)' is not translated; write `\(base):`", at: entry.location)
            return
        }
        let lang = language ?? .es
        if entry.value.isEmpty && !["setup", "demo", "solution", "run"].contains(base) {
            error("'\(entry.key)' has no value", at: entry.location)
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
                    "id may hold only letters, digits, '-' and '_' (it names files) / el id solo puede tener letras, cifras, '-' y '_'",
                    at: entry.valueLocation)
                return
            }
            lesson.id = entry.value
            lesson.location = entry.valueLocation
        case ("title", .header): lesson.title[lang] = entry.value
        case ("text", .header): lesson.text[lang] = entry.value
        case ("clock", .header):
            guard let time = Timestamp(rfc3339: entry.value) else {
                error("clock wants an RFC 3339 time such as 2024-01-28T18:00:00+01:00", at: entry.valueLocation)
                return
            }
            lesson.clock = time
        case ("seed", .header):
            guard let seed = UInt64(entry.value) else {
                error("seed wants a whole number", at: entry.valueLocation)
                return
            }
            lesson.seed = seed
        case ("tolerance", .header):
            if let tolerance = tolerance(entry) { lesson.tolerance = tolerance }
        case ("setup", .header): lesson.setup += Self.commands(entry)
        // A step.
        case ("text", _) where stepIndex >= 0: lesson.steps[stepIndex].text[lang] = entry.value
        case ("demo", _) where stepIndex >= 0: lesson.steps[stepIndex].demo += Self.commands(entry)
        case ("check", _) where stepIndex >= 0:
            do {
                let condition = try Condition.parse(entry.value)
                lesson.steps[stepIndex].checks.append(
                    Check(source: entry.value, condition: condition, location: entry.valueLocation))
            } catch {
                self.error(
                    error.message,
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
                error("duplicate question id '\(id)' (first at line \(previous.line))", at: entry.valueLocation)
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
                error(
                    "unknown question kind '\(entry.value)' (known: \(QuestionKind.allCases.map(\.rawValue).joined(separator: ", ")))",
                    at: entry.valueLocation)
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
                error("option wants `LETTER | texto en español | English text`", at: entry.valueLocation)
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
                error("feedback must follow a `wrong:` answer", at: entry.location)
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
                error("reply wants `QUESTION-ID answer`", at: entry.valueLocation)
                return
            }
            let text = String(Array(entry.value)[words[1].offset...])
            let location = entry.valueLocation
            lastAttempt { $0.replies.append((words[0].text, text, location)) }
        default:
            let allowed: String =
                switch scope {
                case .header: "id, title, text, clock, seed, tolerance, setup, or a `## step ID` section"
                case .step: "text, demo, check, hint, solution, question, attempt"
                case .question: "ask, kind, expect, tolerance, option, wrong, feedback, answer (or a step key)"
                case .attempt: "run, reply (or a step key)"
                }
            error("unknown key '\(entry.key)' here (expected \(allowed))", at: entry.location)
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

    mutating func tolerance(_ entry: Entry) -> Tolerance? {
        let text = entry.value
        if text.hasSuffix("%") {
            if let percent = ExpressionParser.number(String(text.dropLast()).lessonTrimmed) {
                return .relative(percent)
            }
        } else if let expression = try? Expression.parse(text, allowValues: false),
            let amount = try? expression.evaluate(Engine(clock: .manual(at: .zero), seed: 0))
        {
            return .absolute(amount)
        }
        error("tolerance wants a percentage (0.1%) or an amount (50kB, 2)", at: entry.valueLocation)
        return nil
    }

    /// Checks what the file as a whole must have.
    mutating func validate() {
        let top = SourceLocation(line: 1, column: 1)
        if lesson.id.isEmpty { error("the lesson has no `id:`", at: top) }
        if lesson.title.isEmpty { error("the lesson has no `title.es:` or `title.en:`", at: top) }
        if lesson.steps.isEmpty { error("the lesson has no steps (`## step ID`)", at: top) }
        for step in lesson.steps {
            if step.checks.isEmpty && step.questions.isEmpty {
                error("step '\(step.id)' has no check and no question", at: step.location)
            }
            if step.text.isEmpty { error("step '\(step.id)' has no text", at: step.location) }
            for question in step.questions { validate(question) }
            let ids = Set(step.questions.map(\.id))
            for attempt in step.attempts {
                if attempt.commands.isEmpty && attempt.replies.isEmpty {
                    error("attempt '\(attempt.name)' has no `run:` or `reply:`", at: attempt.location)
                }
                for reply in attempt.replies where !ids.contains(reply.question) {
                    error(
                        "attempt '\(attempt.name)' replies to '\(reply.question)', which is not a question of step '\(step.id)'",
                        at: reply.location)
                }
            }
        }
    }

    mutating func validate(_ question: Question) {
        if question.ask.isEmpty {
            error("question '\(question.id)' has no `ask.es:` or `ask.en:`", at: question.location)
        }
        if question.expect.isEmpty {
            error("question '\(question.id)' has no `expect:`", at: question.location)
            return
        }
        if question.answer == nil {
            error("question '\(question.id)' has no reference `answer:`", at: question.location)
        }
        switch question.kind {
        case .size, .number:
            do {
                _ = try Expression.parse(question.expect)
            } catch {
                self.error(
                    error.message,
                    at: SourceLocation(
                        line: question.expectLocation.line, column: question.expectLocation.column + error.offset))
            }
            for wrong in question.wrongs {
                do {
                    _ = try Expression.parse(wrong.answer)
                } catch {
                    self.error(
                        error.message,
                        at: SourceLocation(line: wrong.location.line, column: wrong.location.column + error.offset))
                }
            }
        case .choice, .choices:
            if question.options.isEmpty {
                error("question '\(question.id)' has no `option:` lines", at: question.location)
            }
            let keys = Set(question.options.map { $0.key.lowercased() })
            for letter in Question.letters(question.expect) where !keys.contains(letter) {
                error("'\(letter)' is not one of the options", at: question.expectLocation)
            }
        case .yesno:
            if Question.yesNo(question.expect) == nil {
                error("a yesno question expects `yes` or `no`", at: question.expectLocation)
            }
        case .image, .container, .text:
            break
        }
        for wrong in question.wrongs where wrong.feedback.isEmpty {
            error("wrong answer '\(wrong.answer)' has no `feedback.es:` or `feedback.en:`", at: wrong.location)
        }
    }
}
