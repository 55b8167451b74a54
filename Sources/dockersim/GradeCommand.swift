import ArgumentParser
import DockerSimLessons
import Foundation

/// `dockersim grade --lesson ID FILE...`: replays each submission in a fresh simulator and
/// grades every task and question; prints a table, writes CSV and JSON.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade students' submissions of a lesson by replaying them. Corrige las entregas de una lección.",
        discussion: """
            Each submission is replayed in a fresh simulator: the outputs written in it are never read.
            A malformed submission is reported with its file and line, and the others are still graded;
            the exit status is 1 when any was malformed.

            Cada entrega se repite en un simulador nuevo; las salidas escritas en ella no se leen.
            """)

    @Option(name: .long, help: "The lesson id.")
    var lesson: String

    @Option(name: .long, help: "Also write the results as CSV to this file.")
    var csv: String?

    @Option(name: .long, help: "Also write the results as JSON to this file.")
    var json: String?

    @OptionGroup var options: LessonFolderOptions

    @Argument(help: "Submission files.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one submission file / indica al menos una entrega") }
    }

    func run() throws {
        let catalog = try options.catalog()
        guard let chosen = catalog.lesson(lesson) else {
            throw ValidationError("no lesson '\(lesson)' / no existe la lección '\(lesson)'")
        }
        let results = Grader.grade(files: files, lesson: chosen)
        Terminal.write(Grader.table(results, lesson: chosen), to: .stdout)
        for result in results {
            if let error = result.error { Terminal.write("dockersim grade: \(error)\n", to: .stderr) }
        }
        if let csv {
            try ProgressStore.writeAtomically(Data(Grader.csv(results, lesson: chosen).utf8), to: csv)
        }
        if let json {
            try ProgressStore.writeAtomically(Data(try Grader.json(results, lesson: chosen).utf8), to: json)
        }
        if results.contains(where: { $0.error != nil }) { throw ExitCode(1) }
    }
}
