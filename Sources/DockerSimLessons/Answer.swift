import DockerSimCommands
import DockerSimCore
import Foundation

/// What the checker says about an answer.
public struct Verdict: Sendable, Equatable {
    public var correct: Bool
    /// The lesson's feedback for a known wrong answer, or a remark of the checker (how far off).
    public var feedback: Localized?
    /// The answer could not be read (`"abc"` for a size): not a try.
    public var unreadable: Bool = false
    /// What the question asks about cannot be computed on this state yet (no such image): nothing
    /// was judged, not a try.
    public var notYet: Bool = false
    /// Said with a right answer (`178 MiB`: docker's MB are not MiB).
    public var note: Localized?
    /// The feedback is the lesson's own text for a known wrong answer.
    public var known: Bool = false

    public init(
        correct: Bool, feedback: Localized? = nil, unreadable: Bool = false, notYet: Bool = false,
        note: Localized? = nil, known: Bool = false
    ) {
        self.correct = correct
        self.feedback = feedback
        self.unreadable = unreadable
        self.notYet = notYet
        self.note = note
        self.known = known
    }
}

extension Question {
    /// Judges `given` on the state `engine` holds.
    public func judge(_ given: String, engine: Engine, defaultTolerance: Tolerance) -> Verdict {
        let answer = given.lessonTrimmed
        let tolerance = self.tolerance ?? defaultTolerance
        if kind == .size || kind == .number { return judgeQuantity(answer, engine: engine, tolerance: tolerance) }
        let verdict: Verdict
        do {
            verdict = Verdict(correct: try matches(answer, expect, engine: engine, tolerance: tolerance))
        } catch let error as AnswerError {
            return Verdict(correct: false, feedback: error.message, unreadable: error.unreadable)
        } catch {
            return Verdict(correct: false, feedback: nil)
        }
        if verdict.correct { return verdict }
        for wrong in wrongs {
            if (try? matches(answer, wrong.answer, engine: engine, tolerance: tolerance)) == true {
                return Verdict(correct: false, feedback: wrong.feedback, known: true)
            }
        }
        return verdict
    }

    /// Sizes and numbers: within the tolerance; a known wrong answer when the answer is nearer to
    /// it than to the right value; else how far off, and which way, when it is close.
    func judgeQuantity(_ answer: String, engine: Engine, tolerance: Tolerance) -> Verdict {
        let value: Double
        let literals: [Expression.Literal]
        do {
            let (expression, read) = try Expression.parseAnswer(Self.stripNoise(answer))
            value = try expression.evaluate(engine)
            literals = read
        } catch {
            let example = kind == .size ? "12 kB, 3,5 MB" : "3"
            return Verdict(
                correct: false,
                feedback: Localized(
                    es:
                        "No entiendo «\(answer)» como \(kind == .size ? "un tamaño" : "un número") (por ejemplo: \(example)).",
                    en:
                        "I can't read \"\(answer)\" as a \(kind == .size ? "size" : "number") (for example: \(example))."
                ),
                unreadable: true)
        }
        let expected: Double
        do {
            expected = try Expression.parse(expect).evaluate(engine)
        } catch let error as EvaluationError {
            return Verdict(correct: false, feedback: error.message, notYet: true)
        } catch {
            return Verdict(correct: false, feedback: nil, notYet: true)
        }
        let distance = abs(value - expected)
        let allowance = tolerance.allowance(for: expected) + 1e-9
        if distance <= allowance { return Verdict(correct: true) }
        // A size converted to binary units (178 MiB), with docker's precision (three digits or
        // more): right if the rounding of its last digit covers the value.
        if kind == .size, literals.count == 1, let literal = literals.first, literal.isBinary,
            literal.significant >= 3, distance <= literal.roundingHalf + allowance
        {
            return Verdict(correct: true, note: Self.binaryNote(literal))
        }
        // Known wrong answers, recognised a little more loosely (within 1%, or the question's
        // own tolerance when larger), but only when the answer is nearer to them than to the
        // right value: 186,7 MB is a near miss, not "187MB".
        let loose = WrongTolerance(base: tolerance).tolerance
        for wrong in wrongs {
            guard let wrongValue = try? Expression.parse(wrong.answer).evaluate(engine) else { continue }
            let off = abs(value - wrongValue)
            if off <= loose.allowance(for: wrongValue) + 1e-9 && off < distance {
                return Verdict(correct: false, feedback: wrong.feedback, known: true)
            }
        }
        var remarks: [Localized] = []
        if expected != 0, distance / abs(expected) <= 0.1 {
            remarks.append(Self.nearMiss(value - expected, of: expected, size: kind == .size))
        }
        if kind == .size, literals.contains(where: { $0.unit == nil }), value < 1e6 {
            remarks.append(
                Localized(
                    es: "Sin unidad, el número se lee en bytes: escribe la unidad (B, kB, MB, GB).",
                    en: "Without a unit the number is read as bytes: write the unit (B, kB, MB, GB)."))
        }
        guard !remarks.isEmpty else { return Verdict(correct: false) }
        return Verdict(
            correct: false,
            feedback: Localized(
                es: remarks.map { $0.text(.es) }.joined(separator: " "),
                en: remarks.map { $0.text(.en) }.joined(separator: " ")))
    }

    /// "Almost: 100kB short (0.05%)."
    static func nearMiss(_ difference: Double, of expected: Double, size: Bool) -> Localized {
        let amount = abs(difference)
        let percent = amount / abs(expected) * 100
        let percentText =
            percent >= 10
            ? String(format: "%.0f", percent)
            : percent >= 1 ? String(format: "%.1f", percent) : String(format: "%.2g", percent)
        let amountText = size ? Units.humanSize(Int64(amount.rounded())) : Self.plain(amount)
        let es = Self.spanishNumber(amountText)
        if difference > 0 {
            return Localized(
                es: "Casi: te pasas por \(es) (un \(Self.spanishNumber(percentText)) %).",
                en: "Almost: \(amountText) too much (\(percentText)%).")
        }
        return Localized(
            es: "Casi: te quedas corto por \(es) (un \(Self.spanishNumber(percentText)) %).",
            en: "Almost: \(amountText) short (\(percentText)%).")
    }

    /// 178 MiB: right, and what MiB are.
    static func binaryNote(_ literal: Expression.Literal) -> Localized {
        let decimal = Units.humanSize(Int64(literal.value.rounded()))
        let unit = literal.unit ?? "MiB"
        return Localized(
            es:
                "Ojo: \(unit) no es lo que escribe docker. Tu respuesta son \(Self.spanishNumber(decimal)); docker usa unidades decimales (1 MB = 1.000.000 bytes), y 1 MiB son 1.048.576 bytes.",
            en:
                "Note: docker does not write \(unit). Your answer is \(decimal); docker uses decimal units (1 MB = 1,000,000 bytes), while 1 MiB is 1,048,576 bytes."
        )
    }

    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
    }

    /// `186.6MB` → `186,6 MB`: the decimal comma and a space before the unit.
    static func spanishNumber(_ text: String) -> String {
        var result = text.replacingOccurrences(of: ".", with: ",")
        if let unit = result.firstIndex(where: { $0.isLetter }), unit != result.startIndex {
            result.insert(" ", at: unit)
        }
        return result
    }

    struct WrongTolerance {
        var base: Tolerance
        var tolerance: Tolerance {
            switch base {
            case .relative(let percent): .relative(max(percent, 1))
            case .absolute: base
            }
        }
    }

    struct AnswerError: Error {
        var message: Localized
        var unreadable: Bool
    }

    /// Whether `answer` (a student's) matches `reference` (an expected or known wrong answer of
    /// the lesson), for the kinds other than sizes and numbers.
    func matches(_ answer: String, _ reference: String, engine: Engine, tolerance: Tolerance) throws -> Bool {
        switch kind {
        case .size, .number:
            return judgeQuantity(answer, engine: engine, tolerance: tolerance).correct
        case .yesno:
            guard let value = Self.yesNo(answer) else {
                throw AnswerError(
                    message: Localized(es: "Responde sí o no.", en: "Answer yes or no."), unreadable: true)
            }
            return value == Self.yesNo(reference)
        case .choice, .choices:
            let letters = Self.letters(answer)
            guard !letters.isEmpty, letters.allSatisfy({ letter in options.contains { $0.key.lowercased() == letter } })
            else {
                let keys = options.map(\.key).joined(separator: ", ")
                throw AnswerError(
                    message: Localized(
                        es: "Responde con \(kind == .choice ? "una de las letras" : "las letras") \(keys).",
                        en: "Answer with \(kind == .choice ? "one of the letters" : "the letters") \(keys)."),
                    unreadable: true)
            }
            if kind == .choice && letters.count != 1 {
                throw AnswerError(
                    message: Localized(es: "Elige una sola opción.", en: "Choose one option only."), unreadable: true)
            }
            return Set(letters) == Set(Self.letters(reference))
        case .image:
            // An ID prefix counts from 4 characters: `answer a`, `answer b`… cannot hit an ID by luck.
            if !Self.shortHex(answer), let a = try? engine.findImage(answer), let b = try? engine.findImage(reference) {
                return a.id == b.id
            }
            return Self.normalizedImage(answer) == Self.normalizedImage(reference)
        case .container:
            let named = engine.containerNames[answer.hasPrefix("/") ? String(answer.dropFirst()) : answer] != nil
            if named || !Self.shortHex(answer), let a = try? engine.findContainer(answer),
                let b = try? engine.findContainer(reference)
            {
                return a.id == b.id
            }
            return answer.lowercased() == reference.lowercased()
        case .text:
            return answer.lowercased().lessonTrimmed == reference.lowercased().lessonTrimmed
        }
    }

    /// Drops what people put around a number: `~`, `≈`, `unos`, `about`, a trailing period.
    static func stripNoise(_ text: String) -> String {
        var words = text.split(separator: " ").map(String.init)
        let noise: Set<String> = [
            "~", "≈", "unos", "unas", "aprox", "aprox.", "aproximadamente", "about", "approx", "approx.", "around", "=",
        ]
        words.removeAll { noise.contains($0.lowercased()) }
        var joined = words.joined(separator: " ")
        for prefix in ["~", "≈"] where joined.hasPrefix(prefix) { joined.removeFirst() }
        if joined.hasSuffix(".") { joined.removeLast() }
        return joined
    }

    /// Fewer than 4 hexadecimal digits: too short to be taken as an ID prefix in an answer.
    static func shortHex(_ text: String) -> Bool {
        text.count < 4 && text.allSatisfy(\.isHexDigit)
    }

    static func yesNo(_ text: String) -> Bool? {
        let word = text.lowercased().lessonTrimmed.filter { $0 != "." && $0 != "!" }
        switch word {
        case "sí", "si", "s", "yes", "y", "true", "verdadero", "cierto": return true
        case "no", "n", "false", "falso": return false
        default: return nil
        }
    }

    static func letters(_ text: String) -> [String] {
        text.lowercased()
            .split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" })
            .map { $0.filter { $0 != ")" && $0 != "." } }
            .filter { !$0.isEmpty && $0 != "y" && $0 != "e" && $0 != "and" }
    }

    static func normalizedImage(_ text: String) -> String {
        guard let reference = try? ImageReference.parse(text.lowercased()) else { return text.lowercased() }
        return reference.description
    }
}
