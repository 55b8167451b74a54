import DockerSimCore

/// A text in Spanish and English. A missing language falls back to the other one.
public struct Localized: Sendable, Equatable {
    public var es: String?
    public var en: String?

    public init(es: String? = nil, en: String? = nil) {
        self.es = es
        self.en = en
    }

    /// The text in `language`, or in the other language when it is missing, or "".
    public func text(_ language: Language) -> String {
        switch language {
        case .es: es ?? en ?? ""
        case .en: en ?? es ?? ""
        }
    }

    /// True when neither language is given.
    public var isEmpty: Bool { es == nil && en == nil }

    subscript(language: Language) -> String? {
        get { language == .es ? es : en }
        set { if language == .es { es = newValue } else { en = newValue } }
    }
}

/// Where something was written in a lesson file (1-based line and column).
public struct SourceLocation: Sendable, Equatable, Hashable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A lesson: read a step, do it in the simulator, have it checked.
public struct Lesson: Sendable {
    /// Short id used on the command line (`lesson start capas`).
    public var id: String
    public var title: Localized
    /// The introduction shown when the lesson starts.
    public var text: Localized
    /// Where the simulated clock starts (nil: the time the lesson starts).
    public var clock: Timestamp?
    /// Seeds container IDs and names.
    public var seed: UInt64
    /// Default tolerance of size and number questions.
    public var tolerance: Tolerance
    /// Commands run (output hidden) before the first step.
    public var setup: [SourceLine]
    /// Points, penalties and caps on attempts (`points`, `hint-penalty`, `wrong-penalty`,
    /// `solution-penalty`, `attempts`).
    public var scoring = Scoring()
    public var steps: [Step]
    /// The file it was read from.
    public var file: String
    public var location: SourceLocation

    /// The question with this id, with the index of its step.
    public func question(_ id: String) -> (step: Int, question: Question)? {
        for (index, step) in steps.enumerated() {
            if let question = step.questions.first(where: { $0.id == id }) { return (index, question) }
        }
        return nil
    }

    /// A guess of how long playing the lesson takes, to start the longest first when lessons
    /// are verified side by side: the command lines it types (set-up, demonstrations,
    /// solutions, wrong attempts), a build counting as ``buildCost`` lines — builds (a base
    /// image's packages, every layer's files) are what takes longest.
    public var estimatedCost: Int {
        var lines = setup
        for step in steps {
            lines += step.demo
            lines += step.solution
            for attempt in step.attempts { lines += attempt.commands }
        }
        return lines.reduce(0) { $0 + ($1.text.contains("build") ? Self.buildCost : 1) }
    }

    /// What a line that builds counts in ``estimatedCost``.
    public static let buildCost = 25
}

/// A line of a lesson file that holds a command.
public struct SourceLine: Sendable, Equatable {
    public var text: String
    public var location: SourceLocation

    public init(_ text: String, at location: SourceLocation) {
        self.text = text
        self.location = location
    }
}

/// One step of a lesson.
public struct Step: Sendable {
    public var id: String
    public var text: Localized
    /// Commands shown and run when the step starts.
    public var demo: [SourceLine]
    /// Tasks checked on the simulator's state; all must hold.
    public var checks: [Check]
    public var questions: [Question]
    /// Hints, shown one more each time `hint` is typed.
    public var hints: [Localized]
    /// The reference solution: commands (host and container lines) run in order.
    public var solution: [SourceLine]
    /// Documented wrong attempts: each must leave the step unsolved.
    public var attempts: [Attempt]
    /// What the step is worth (nil: the lesson's `points`).
    public var points: Double?
    public var location: SourceLocation

    /// What the step asks for, counted for grading: the tasks (one item) and each question.
    public var itemCount: Int { (checks.isEmpty ? 0 : 1) + questions.count }
}

/// A documented wrong attempt at a step.
public struct Attempt: Sendable {
    public var name: String
    public var commands: [SourceLine]
    /// Answers given: question id and text.
    public var replies: [(question: String, text: String, location: SourceLocation)]
    public var location: SourceLocation
}

/// How an answer is read.
public enum QuestionKind: String, Sendable, CaseIterable {
    /// A size (`186,8 MB`, `186.8MB + 25B + 22B`, `178 MiB`, `186800047`).
    case size
    /// A plain number.
    case number
    /// Yes or no (`sí`, `si`, `yes`, `no`…).
    case yesno
    /// One option letter.
    case choice
    /// Several option letters (`a, c`).
    case choices
    /// An image: any name or ID prefix of the expected image.
    case image
    /// A container: its name or an ID prefix.
    case container
    /// Free text compared without case and surrounding spaces.
    case text
}

/// A question of a step.
public struct Question: Sendable {
    public var id: String
    public var ask: Localized
    public var kind: QuestionKind
    /// The expected answer, as written (an expression for sizes and numbers).
    public var expect: String
    public var expectLocation: SourceLocation
    /// How close is close enough, for sizes and numbers.
    public var tolerance: Tolerance?
    /// Options of a choice question: letter and text.
    public var options: [(key: String, text: Localized)]
    /// Known wrong answers and what to tell the student.
    public var wrongs: [WrongAnswer]
    /// The answer the reference solution gives.
    public var answer: String?
    /// How many tries the student has (nil: the lesson's rule for the kind; 0: no cap).
    public var attempts: Int?
    public var location: SourceLocation
}

/// A known wrong answer and its feedback.
public struct WrongAnswer: Sendable {
    public var answer: String
    public var feedback: Localized
    public var location: SourceLocation
}

/// How close an answer must be: an absolute amount or a percentage of the expected value.
public enum Tolerance: Sendable, Equatable {
    case absolute(Double)
    case relative(Double)

    /// The allowed difference for an expected value.
    public func allowance(for expected: Double) -> Double {
        switch self {
        case .absolute(let amount): amount
        case .relative(let percent): abs(expected) * percent / 100
        }
    }
}
