/// How a lesson scores its steps, as its file sets it (`Lessons/README.md`, "Puntuación · Scoring").
///
/// A step is worth ``points`` (or its own `points:`), shared equally by its items: the tasks (all
/// its `check:` lines, one item) and each question. A question answered right is worth its share
/// less ``wrongPenalty`` of it per wrong try; a question whose tries ran out (``cap(for:)``) is
/// worth nothing. The step then loses ``hintPenalty`` of its value per hint shown, and
/// ``solutionPenalty`` of it when the solution was applied. Nothing goes below 0.
public struct Scoring: Sendable, Equatable {
    /// What a step is worth unless it says otherwise (`points:`).
    public var points: Double = 1
    /// Share of the step lost per hint shown (`hint-penalty: 10%`).
    public var hintPenalty: Double = 0.1
    /// Share of a question lost per wrong try (`wrong-penalty: 25%`).
    public var wrongPenalty: Double = 0.25
    /// Share of the step lost when the solution is applied (`solution-penalty: 100%`).
    public var solutionPenalty: Double = 1
    /// Tries allowed for `choice`, `choices` and `yesno` questions (`attempts: N`; 0: no cap);
    /// nil: one for `yesno` (and a two-option choice), two for other choices.
    public var attempts: Int?

    public init() {}

    /// How many tries a question allows (nil: as many as the student wants).
    public func cap(for question: Question) -> Int? {
        if let own = question.attempts { return own > 0 ? own : nil }
        switch question.kind {
        case .yesno:
            return attempts.map { $0 > 0 ? $0 : nil } ?? 1
        case .choice, .choices:
            if let attempts { return attempts > 0 ? attempts : nil }
            return max(1, min(2, question.options.count - 1))
        default:
            return nil
        }
    }

    /// The points of one step from the student's progress in it.
    public func score(_ step: Step, _ progress: StepProgress) -> StepScore {
        let value = max(0, step.points ?? points)
        let total = step.itemCount
        let item = total == 0 ? 0 : value / Double(total)
        var earned = 0.0
        var done = 0
        if !step.checks.isEmpty && progress.tasksDone {
            earned += item
            done += 1
        }
        var wrong = 0
        var failed = 0
        for question in step.questions {
            let tries = progress.wrongAnswers[question.id] ?? 0
            wrong += tries
            if progress.failed[question.id] == true {
                failed += 1
            } else if progress.correct[question.id] == true {
                done += 1
                earned += item * max(0, 1 - wrongPenalty * Double(tries))
            }
        }
        earned *= max(0, 1 - hintPenalty * Double(progress.hintsShown))
        if progress.usedSolution { earned *= max(0, 1 - solutionPenalty) }
        return StepScore(
            done: done, total: total, usedSolution: progress.usedSolution, points: (earned * 1000).rounded() / 1000,
            maxPoints: value, hints: progress.hintsShown, wrongTries: wrong, failedQuestions: failed)
    }
}

/// What one step earned.
public struct StepScore: Sendable, Codable, Equatable {
    /// Items done: the tasks (one item) and the questions answered right.
    public var done: Int
    public var total: Int
    public var usedSolution: Bool
    /// Points earned, after penalties.
    public var points: Double
    /// What the step is worth.
    public var maxPoints: Double
    public var hints: Int
    public var wrongTries: Int
    /// Questions whose tries ran out.
    public var failedQuestions: Int

    public init(
        done: Int, total: Int, usedSolution: Bool, points: Double, maxPoints: Double, hints: Int = 0,
        wrongTries: Int = 0, failedQuestions: Int = 0
    ) {
        self.done = done
        self.total = total
        self.usedSolution = usedSolution
        self.points = points
        self.maxPoints = maxPoints
        self.hints = hints
        self.wrongTries = wrongTries
        self.failedQuestions = failedQuestions
    }

    /// 0…1: the share of the step's points earned.
    public var fraction: Double { maxPoints <= 0 ? 0 : points / maxPoints }
    /// Every item done (with or without help).
    public var complete: Bool { done == total && total > 0 }
}
