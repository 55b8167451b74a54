import ArgumentParser
import DockerSimCommands
import DockerSimCore
import DockerSimLessons
import Foundation

/// `dockersim lesson list|lint|verify`: the lessons, and the checks a teacher runs on them.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "List, lint and verify lessons (Lessons/README.md). Lecciones: listar, revisar y verificar.",
        subcommands: [LessonList.self, LessonLint.self, LessonVerify.self],
        defaultSubcommand: LessonList.self)
}

/// Options shared by the lesson sub-commands.
struct LessonFolderOptions: ParsableArguments {
    @Option(name: .long, help: "The lessons folder (default: $DOCKERSIM_LESSONS, else a Lessons folder here or above).")
    var lessons: String?

    func folder() throws -> String {
        if let lessons { return lessons }
        guard let found = LessonCatalog.defaultDirectory() else {
            throw ValidationError(
                "no Lessons folder found: pass --lessons DIR or set DOCKERSIM_LESSONS / no se encuentra la carpeta Lessons"
            )
        }
        return found
    }

    func catalog() throws -> LessonCatalog { LessonCatalog.load(directory: try folder()) }
}

struct LessonList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The lessons: id and title. Las lecciones.")

    @OptionGroup var options: LessonFolderOptions

    func run() throws {
        let catalog = try options.catalog()
        let plugin = LessonPlugin(
            catalog: catalog, language: LessonSupport.language(nil), store: ProgressStore.forUser())
        Terminal.write(plugin.list(), to: .stdout)
        for diagnostic in catalog.diagnostics { Terminal.write("\(diagnostic)\n", to: .stderr) }
        if !catalog.diagnostics.isEmpty { throw ExitCode(1) }
    }
}

struct LessonLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Parse and check lesson files, replaying their solutions; errors as file:line:col: message.")

    @OptionGroup var options: LessonFolderOptions

    @Argument(help: "Lesson files (default: every lesson of the lessons folder).")
    var files: [String] = []

    func run() throws {
        var paths = files
        if paths.isEmpty {
            let folder = try options.folder()
            paths = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" }.sorted().map { folder + "/" + $0 }
        }
        let results = LessonSupport.parallelMap(paths) { path -> [Diagnostic] in
            switch SafeFile.readText(path, limit: Limits.standard.lessonFileBytes) {
            case .success(let text)?: return LessonVerifier.lint(text, file: path)
            case .failure(let problem)?:
                return [Diagnostic(file: path, location: .init(line: 1, column: 1), message: problem.what)]
            case nil:
                return [Diagnostic(file: path, location: .init(line: 1, column: 1), message: "cannot read the file")]
            }
        }
        var failed = 0
        for (path, diagnostics) in zip(paths, results) {
            for diagnostic in diagnostics { Terminal.write("\(diagnostic)\n", to: .stderr) }
            if diagnostics.isEmpty { Terminal.write("ok    \(path)\n", to: .stdout) } else { failed += 1 }
        }
        Terminal.write("\(paths.count - failed) of \(paths.count) lesson files pass\n", to: .stdout)
        if failed > 0 { throw ExitCode(1) }
    }
}

struct LessonVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Replay each lesson's reference solution in a fresh simulator: every check passes, every wrong attempt fails."
    )

    @OptionGroup var options: LessonFolderOptions

    @Argument(help: "Lesson ids (default: all).")
    var ids: [String] = []

    func run() throws {
        let catalog = try options.catalog()
        for diagnostic in catalog.diagnostics { Terminal.write("\(diagnostic)\n", to: .stderr) }
        var chosen = catalog.lessons
        if !ids.isEmpty {
            chosen = []
            for id in ids {
                guard let lesson = catalog.lesson(id) else {
                    throw ValidationError("no lesson '\(id)' / no existe la lección '\(id)'")
                }
                chosen.append(lesson)
            }
        }
        let results = LessonSupport.parallelMap(chosen) { LessonVerifier.verify($0) }
        var failed = catalog.diagnostics.isEmpty ? 0 : 1
        for (lesson, problems) in zip(chosen, results) {
            for problem in problems { Terminal.write("\(problem)\n", to: .stderr) }
            let attempts = lesson.steps.reduce(0) { $0 + $1.attempts.count }
            let wrongs = lesson.steps.reduce(0) { $0 + $1.questions.reduce(0) { $0 + $1.wrongs.count } }
            Terminal.write(
                "\(problems.isEmpty ? "ok  " : "FAIL") \(lesson.id): \(lesson.steps.count) steps, \(attempts) wrong attempts, \(wrongs) wrong answers\n",
                to: .stdout)
            if !problems.isEmpty { failed += 1 }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Glue between the executable and the lessons library.
enum LessonSupport {
    /// The language of lessons: `--lang`, else `es` when LANG starts with es, else `en`.
    static func language(_ option: String?) -> Language {
        if let option, let chosen = Language(rawValue: option) { return chosen }
        return Language.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    /// The REPL's lesson commands (`lesson list`, `hint`, `check`…), with the user's progress store.
    static func plugin(language option: String?) -> any SessionPlugin {
        let environment = ProcessInfo.processInfo.environment
        let folder = LessonCatalog.defaultDirectory()
        let catalog = folder.map { LessonCatalog.load(directory: $0) } ?? LessonCatalog(lessons: [])
        let student = environment["DOCKERSIM_STUDENT"] ?? environment["USER"] ?? "student"
        return LessonPlugin(
            catalog: catalog, language: language(option), store: ProgressStore.forUser(environment), student: student)
    }

    /// Maps over the elements on every core, keeping their order.
    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) -> R) -> [R] {
        let box = ResultBox<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in box.set(index, body(items[index])) }
        return box.values
    }

    final class ResultBox<R>: @unchecked Sendable {
        private var storage: [R?]
        private let lock = NSLock()
        init(count: Int) { storage = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: R) {
            lock.lock()
            storage[index] = value
            lock.unlock()
        }
        var values: [R] {
            lock.lock()
            defer { lock.unlock() }
            return storage.compactMap { $0 }
        }
    }
}
