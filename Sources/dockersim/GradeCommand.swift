import ArgumentParser
import DockerSimCore
import DockerSimLessons
import Foundation

/// `dockersim grade [--lesson ID] FILE...`: replays each submission in a fresh simulator and
/// grades every task and question by the lesson's scoring rules; prints a table per lesson,
/// writes CSV (per student, per step) and JSON.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade students' submissions by replaying them. Corrige las entregas repitiéndolas.",
        discussion: """
            Each submission is replayed in a fresh simulator: the outputs written in it are never read, every
            task and question is evaluated on the replayed state, and hints, wrong tries and solutions count as
            the lesson's scoring rules say (Lessons/README.md). The lesson is the one the submission names,
            unless --lesson is given. A file that cannot be graded scores 0 with the reason, and the others are
            still graded; the exit status is 1 when any could not be graded. The same student in two files, and
            the same work under two names, are flagged. With submissions of several lessons (a whole class
            through the course), a class table follows: a row per student, a score per lesson, the lessons
            handed in and the average (a lesson not handed in counts 0); --csv-class writes it as CSV.

            Cada entrega se repite en un simulador nuevo; las salidas escritas en ella no se leen. La lección es
            la que nombra la entrega, salvo con --lesson. Una entrega que no se puede corregir saca 0 y se dice
            por qué; las demás se corrigen igual. Con entregas de varias lecciones, al final sale la tabla de la
            clase: una fila por alumno, la nota de cada lección y la media (--csv-class la escribe en CSV).
            """)

    @Option(name: .long, help: "The lesson id (default: the one each submission names).")
    var lesson: String?

    @Option(name: .long, help: "Also write one row per student as CSV to this file.")
    var csv: String?

    @Option(name: .customLong("csv-steps"), help: "Also write one row per student and step as CSV to this file.")
    var csvSteps: String?

    @Option(
        name: .customLong("csv-class"),
        help: "Also write the class summary (one row per student, a score per lesson, the average) as CSV.")
    var csvClass: String?

    @Option(name: .long, help: "Also write the results as JSON to this file.")
    var json: String?

    @Option(name: .long, help: "Language of the headers and notes: es or en (default: after LANG).")
    var lang: String?

    @OptionGroup var options: LessonFolderOptions

    @Argument(help: "Submission files.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one submission file / indica al menos una entrega") }
        if let lang, Language(rawValue: lang) == nil {
            throw ValidationError("--lang wants es or en / --lang: es o en")
        }
    }

    func run() throws {
        let language = LessonSupport.language(lang)
        let catalog = try options.catalog()
        var lessonID: String?
        if let lesson {
            guard let chosen = catalog.lesson(lesson) else {
                throw ValidationError("no lesson '\(lesson)' / no existe la lección '\(lesson)'")
            }
            lessonID = chosen.id
        }
        let results = Grader.grade(files: files, catalog: catalog, lessonID: lessonID)
        var shown = Set<Int>()
        for lesson in catalog.lessons {
            let indices = results.indices.filter { results[$0].lesson == lesson.id }
            guard !indices.isEmpty else { continue }
            if lessonID == nil {
                Terminal.write("── \(lesson.title.text(language)) (\(lesson.id))\n", to: .stdout)
            }
            Terminal.write(Grader.table(indices.map { results[$0] }, lesson: lesson, language: language), to: .stdout)
            shown.formUnion(indices)
        }
        let summary = ClassSummary(results, catalog: catalog)
        if summary.lessons.count > 1 {
            Terminal.write(language == .es ? "── Clase\n" : "── Class\n", to: .stdout)
            Terminal.write(summary.table(language: language), to: .stdout)
        }
        let ungraded = results.indices.filter { !shown.contains($0) }
        if !ungraded.isEmpty {
            Terminal.write(language == .es ? "Sin corregir:\n" : "Not graded:\n", to: .stdout)
            for index in ungraded {
                let result = results[index]
                Terminal.write(
                    "  \(Submission.cleanName(result.student)): 0/10 — "
                        + Grader.notes(result, language).joined(separator: "; ") + "\n", to: .stdout)
            }
        }
        for result in results {
            if let error = result.errorText(language) {
                Terminal.write("dockersim grade: \(Submission.cleanText(error))\n", to: .stderr)
            }
        }
        let single =
            lessonID.flatMap { catalog.lesson($0) }
            ?? {
                let ids = Set(results.map(\.lesson))
                return ids.count == 1 ? catalog.lessons.first { ids.contains($0.id) } : nil
            }()
        if let csv {
            try ProgressStore.writeAtomically(
                Data(Grader.csv(results, lesson: single, language: language).utf8), to: csv)
        }
        if let csvSteps {
            try ProgressStore.writeAtomically(
                Data(Grader.stepsCSV(results, catalog: catalog, language: language).utf8), to: csvSteps)
        }
        if let csvClass {
            try ProgressStore.writeAtomically(Data(summary.csv(language: language).utf8), to: csvClass)
        }
        if let json {
            try ProgressStore.writeAtomically(
                Data(try Grader.json(results, catalog: catalog, language: language).utf8), to: json)
        }
        if results.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }
}
