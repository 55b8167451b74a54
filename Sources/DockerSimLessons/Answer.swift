import DockerSimCore

/// What the checker says about an answer.
public struct Verdict: Sendable, Equatable {
    public var correct: Bool
    /// The lesson's feedback for a known wrong answer, or a generic remark.
    public var feedback: Localized?
    /// The answer could not be read (`"abc"` for a size).
    public var unreadable: Bool = false
}

extension Question {
    /// Judges `given` on the current state.
    public func judge(_ given: String, engine: Engine, defaultTolerance: Tolerance) -> Verdict {
        let answer = given.lessonTrimmed
        let verdict: Verdict
        do {
            verdict = Verdict(
                correct: try matches(answer, expect, engine: engine, tolerance: tolerance ?? defaultTolerance))
        } catch let error as AnswerError {
            return Verdict(correct: false, feedback: error.message, unreadable: error.unreadable)
        } catch {
            return Verdict(correct: false, feedback: nil)
        }
        if verdict.correct { return verdict }
        // Known wrong answers are recognised a little more loosely: within 1% (or the question's
        // own tolerance when larger), so that 374MB finds the feedback written for 373.6MB.
        let loose = WrongTolerance(base: tolerance ?? defaultTolerance)
        for wrong in wrongs {
            if (try? matches(answer, wrong.answer, engine: engine, tolerance: loose.tolerance)) == true {
                return Verdict(correct: false, feedback: wrong.feedback)
            }
        }
        return verdict
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

    /// Whether `answer` (a student's) matches `reference` (an expected or known wrong answer of the lesson).
    func matches(_ answer: String, _ reference: String, engine: Engine, tolerance: Tolerance) throws -> Bool {
        switch kind {
        case .size, .number:
            let value: Double
            do {
                value = try Expression.parse(Self.stripNoise(answer), allowValues: false).evaluate(engine)
            } catch {
                let example = kind == .size ? "186,8 MB" : "3"
                throw AnswerError(
                    message: Localized(
                        es:
                            "No entiendo «\(answer)» como \(kind == .size ? "un tamaño" : "un número") (por ejemplo: \(example)).",
                        en:
                            "I can't read \"\(answer)\" as a \(kind == .size ? "size" : "number") (for example: \(example))."
                    ),
                    unreadable: true)
            }
            let expected: Double
            do {
                expected = try Expression.parse(reference).evaluate(engine)
            } catch let error as EvaluationError {
                throw AnswerError(message: error.message, unreadable: false)
            }
            return abs(value - expected) <= tolerance.allowance(for: expected) + 1e-9
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
            if let a = try? engine.findImage(answer), let b = try? engine.findImage(reference) { return a.id == b.id }
            return Self.normalizedImage(answer) == Self.normalizedImage(reference)
        case .container:
            if let a = try? engine.findContainer(answer), let b = try? engine.findContainer(reference) {
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
