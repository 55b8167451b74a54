import DockerSimCommands
import DockerSimCore
import Foundation

/// A class graded across several lessons: one row per student with the score of each lesson,
/// how many lessons they handed in, and their average (a lesson not handed in counts 0).
public struct ClassSummary: Sendable, Equatable {
    /// One student of the class.
    public struct Row: Sendable, Equatable {
        /// The name as first written in a submission.
        public var student: String
        /// Score out of 10 per lesson id; absent when the student handed nothing in for it. A file
        /// that could not be graded scores 0; of two files of one lesson, the better one counts
        /// (both are flagged in that lesson's notes).
        public var scores: [String: Double]
        /// Lessons handed in.
        public var handedIn: Int
        /// The mean over every lesson of the summary, a missing one as 0, to one decimal.
        public var average: Double
    }

    /// The lessons graded, in the catalog's order.
    public var lessons: [String]
    public var rows: [Row]

    /// Groups results by student (names compared ignoring case and accents) and lesson.
    public init(_ results: [Grader.Result], catalog: LessonCatalog) {
        let graded = Set(results.map(\.lesson))
        let lessons = catalog.lessons.map(\.id).filter { graded.contains($0) }
        self.lessons = lessons
        var order: [String] = []
        var names: [String: String] = [:]
        var scores: [String: [String: Double]] = [:]
        for result in results where lessons.contains(result.lesson) {
            let key = Self.key(result.student)
            if names[key] == nil {
                names[key] = result.student
                order.append(key)
            }
            let score = result.error == nil ? result.score : 0
            scores[key, default: [:]][result.lesson] = max(scores[key]?[result.lesson] ?? 0, score)
        }
        let count = Double(max(lessons.count, 1))
        var rows = order.map { key in
            let own = scores[key] ?? [:]
            let total = lessons.reduce(0.0) { $0 + (own[$1] ?? 0) }
            return Row(
                student: names[key] ?? key, scores: own, handedIn: own.count,
                average: (total / count * 10).rounded() / 10)
        }
        rows.sort { Self.key($0.student) < Self.key($1.student) }
        self.rows = rows
    }

    /// A student's name as grading compares it: lower case, no accents.
    static func key(_ name: String) -> String {
        name.lowercased().folding(options: [.diacriticInsensitive], locale: nil)
    }

    static func label(_ key: String, _ language: Language) -> String {
        let es = ["student": "ALUMNO", "handed": "ENTREGADAS", "average": "MEDIA"]
        let en = ["student": "STUDENT", "handed": "HANDED IN", "average": "AVERAGE"]
        return (language == .es ? es : en)[key] ?? key.uppercased()
    }

    /// The table: student, each lesson's score, lessons handed in, average; then what it means.
    public func table(language: Language = .en) -> String {
        var table = Table(
            header: [Self.label("student", language)] + lessons
                + [Self.label("handed", language), Self.label("average", language)])
        for row in rows {
            table.append(
                [Submission.cleanName(row.student)]
                    + lessons.map { row.scores[$0].map { Grader.number($0, language) } ?? "-" }
                    + ["\(row.handedIn)/\(lessons.count)", Grader.number(row.average, language) + "/10"])
        }
        return table.render()
            + (language == .es
                ? "Notas sobre 10 · - sin entregar (cuenta 0 en la media) · de dos entregas de una lección, la mejor (ver sus avisos)\n"
                : "Scores out of 10 · - not handed in (counts 0 in the average) · of two files of one lesson, the better one (see its notes)\n")
    }

    /// CSV: one row per student, the same columns as the table.
    public func csv(language: Language = .en) -> String {
        var text = Grader.csvLine(
            [Self.label("student", language).lowercased()] + lessons
                + [Self.label("handed", language), Self.label("average", language)].map {
                    $0.lowercased().replacingOccurrences(of: " ", with: "_")
                })
        for row in rows {
            text += Grader.csvLine(
                [row.student] + lessons.map { row.scores[$0].map { String(format: "%.1f", $0) } ?? "" }
                    + [String(row.handedIn), String(format: "%.1f", row.average)])
        }
        return text
    }
}
