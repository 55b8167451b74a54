import ArgumentParser
import DockerSimCore
import DockerSimLessons
import Foundation

/// `dockersim grade [--lesson ID] FILE...`: replays each submission in a fresh simulator and
/// grades every task and question by the lesson's scoring rules; prints a table per lesson,
/// writes CSV (per student, per step) and JSON.
struct GradeCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "grade", abstract: CLIText.text(CLIText.gradeAbstract),
            discussion: CLIText.text(CLIText.gradeDiscussion))
    }

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.gradeLesson)))
    var lesson: String?

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.gradeCSV)))
    var csv: String?

    @Option(name: .customLong("csv-steps"), help: ArgumentHelp(CLIText.text(CLIText.gradeCSVSteps)))
    var csvSteps: String?

    @Option(
        name: .customLong("csv-class"),
        help: ArgumentHelp(CLIText.text(CLIText.gradeCSVClass)))
    var csvClass: String?

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.gradeJSON)))
    var json: String?

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.gradeLang)))
    var lang: String?

    @OptionGroup var options: LessonFolderOptions

    @Argument(help: ArgumentHelp(CLIText.text(CLIText.gradeFiles)))
    var files: [String]

    func validate() throws {
        if files.isEmpty {
            throw ValidationError(
                CLIText.text(en: "give at least one submission file", es: "indica al menos una entrega"))
        }
        if let lang, Language(rawValue: lang) == nil {
            throw ValidationError(CLIText.badLang(lang))
        }
    }

    func run() throws {
        let language = LessonSupport.language(lang)
        let catalog = try options.catalog()
        var lessonID: String?
        if let lesson {
            guard let chosen = catalog.lesson(lesson) else {
                throw ValidationError(CLIText.noLesson(lesson))
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
