import ArgumentParser
import DockerSimCommands
import DockerSimCore
import DockerSimLessons
import Foundation

/// `dockersim lesson list|lint|verify`: the lessons, and the checks a teacher runs on them.
struct LessonCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "lesson", abstract: CLIText.text(CLIText.lessonAbstract),
            subcommands: [LessonStart.self, LessonList.self, LessonLint.self, LessonVerify.self],
            defaultSubcommand: LessonList.self)
    }
}

/// Options shared by the lesson sub-commands.
struct LessonFolderOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(CLIText.text(CLIText.lessons)))
    var lessons: String?

    func catalog() throws -> LessonCatalog { try Self.catalog(lessons) }

    /// dockersim's lessons with those of the folder `lessons` (checked to be a folder) added.
    static func catalog(_ lessons: String?) throws -> LessonCatalog {
        if let lessons {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: lessons, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError(
                    CLIText.text(
                        en: "--lessons: '\(lessons)' is not a folder", es: "--lessons: '\(lessons)' no es una carpeta"))
            }
        }
        return LessonSupport.catalog(adding: lessons)
    }
}

/// `dockersim lesson start ID`: the simulator, already in that lesson.
struct LessonStart: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "start", abstract: CLIText.text(CLIText.lessonStartAbstract))
    }

    @Argument(help: ArgumentHelp(CLIText.text(CLIText.lessonID)))
    var id: String

    @OptionGroup var simulator: Start

    func run() throws {
        let session = try simulator.makeSession()
        guard let plugin = session.plugins.compactMap({ $0 as? LessonPlugin }).first,
            plugin.catalog.lesson(id) != nil
        else {
            throw ValidationError(CLIText.noLesson(id))
        }
        Terminal.print(session.handle("lesson start \(id)"))
        try simulator.run(session: session)
    }
}

struct LessonList: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "list", abstract: CLIText.text(CLIText.lessonListAbstract))
    }

    @OptionGroup var options: LessonFolderOptions

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.langMessages)))
    var lang: String?

    func run() throws {
        let catalog = try options.catalog()
        let language = LessonSupport.language(lang)
        let plugin = LessonPlugin(catalog: catalog, language: language, store: ProgressStore.forUser())
        Terminal.write(plugin.list(), to: .stdout)
        for diagnostic in catalog.diagnostics { Terminal.write(diagnostic.description(language) + "\n", to: .stderr) }
        if !catalog.diagnostics.isEmpty { throw ExitCode(1) }
    }
}

struct LessonLint: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "lint", abstract: CLIText.text(CLIText.lessonLintAbstract))
    }

    @OptionGroup var options: LessonFolderOptions

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.langMessages)))
    var lang: String?

    @Argument(help: ArgumentHelp(CLIText.text(CLIText.lessonLintFiles)))
    var files: [String] = []

    func run() throws {
        let language = LessonSupport.language(lang)
        func t(_ es: String, _ en: String) -> String { language == .es ? es : en }
        var paths: [String] = []
        for file in files {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
                // `dockersim lesson lint Lessons`: every lesson file of the folder, as --lessons does.
                paths += LessonCatalog.lessonFiles(in: file)
            } else if (file as NSString).lastPathComponent.lowercased() == "readme.md" {
                // A folder's README.md describes the lessons; it is not one.
                Terminal.write(
                    t("omitido  \(file) (no es una lección)\n", "skipped  \(file) (not a lesson)\n"), to: .stdout)
            } else {
                paths.append(file)
            }
        }
        var texts: [String: String] = [:]
        if files.isEmpty {
            if let folder = options.lessons {
                paths = LessonCatalog.lessonFiles(in: folder)
            } else {
                for source in LessonCatalog.builtInSources {
                    paths.append(source.name)
                    texts[source.name] = source.text
                }
            }
        }
        let known = texts
        let results = Parallel.map(paths) { path -> [Diagnostic] in
            if let text = known[path] { return LessonVerifier.lint(text, file: path) }
            switch SafeFileText.read(path) {
            case .success(let text): return LessonVerifier.lint(text, file: path)
            case .failure(let problem):
                return [Diagnostic(file: path, location: .init(line: 1, column: 1), text: problem.text)]
            }
        }
        var failed = 0
        for (path, diagnostics) in zip(paths, results) {
            for diagnostic in diagnostics { Terminal.write(diagnostic.description(language) + "\n", to: .stderr) }
            if diagnostics.isEmpty { Terminal.write("ok       \(path)\n", to: .stdout) } else { failed += 1 }
        }
        Terminal.write(
            t(
                "\(paths.count - failed) de \(paths.count) ficheros de lección pasan\n",
                "\(paths.count - failed) of \(paths.count) lesson files pass\n"), to: .stdout)
        if failed > 0 { throw ExitCode(1) }
    }
}

struct LessonVerify: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "verify", abstract: CLIText.text(CLIText.lessonVerifyAbstract))
    }

    @OptionGroup var options: LessonFolderOptions

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.langMessages)))
    var lang: String?

    @Argument(help: ArgumentHelp(CLIText.text(CLIText.lessonIDs)))
    var ids: [String] = []

    func run() throws { try Self.run(lessons: options.lessons, lang: lang, ids: ids) }

    /// Verifies the lessons with these ids (all when none), built in and from `lessons`;
    /// `dockersim lesson verify` parsed by ArgumentParser or by ``QuickCommand`` (`Main.swift`)
    /// comes here.
    static func run(lessons folder: String?, lang: String?, ids: [String]) throws {
        let language = LessonSupport.language(lang)
        let catalog = try LessonFolderOptions.catalog(folder)
        for diagnostic in catalog.diagnostics { Terminal.write(diagnostic.description(language) + "\n", to: .stderr) }
        var chosen = catalog.lessons
        if !ids.isEmpty {
            chosen = []
            for id in ids {
                guard let lesson = catalog.lesson(id) else {
                    throw ValidationError(CLIText.noLesson(id))
                }
                chosen.append(lesson)
            }
        }
        // A lesson is played three times (its steps; the reference solution typed into the
        // lesson commands; that submission graded), and the plays build the same layers at the
        // same moments: with the memos of file-system work on, a build played once is not
        // worked out again. So the reference submissions come first (side by side on every
        // core, the lessons guessed longest, with builds, first: ``Lesson/estimatedCost``), then
        // the steps and the grading of each submission, which find the builds done. The full run
        // counts only when the steps pass.
        TreeIdentity.memos = true
        let lessons = chosen
        let references = Parallel.map(Array(lessons.indices), costs: lessons.map(\.estimatedCost)) { index in
            LessonVerifier.referenceSubmission(lessons[index])
        }
        let pieces = lessons.indices.flatMap { [($0, false), ($0, true)] }
        let done = Parallel.map(pieces, costs: pieces.map { lessons[$0.0].estimatedCost }) { piece in
            piece.1
                ? LessonVerifier.fullRun(lessons[piece.0], submission: references[piece.0])
                : LessonVerifier.verifySteps(lessons[piece.0])
        }
        var steps: [[Diagnostic]] = Array(repeating: [], count: chosen.count)
        var fullRuns: [[Diagnostic]] = Array(repeating: [], count: chosen.count)
        for ((index, full), problems) in zip(pieces, done) {
            if full { fullRuns[index] = problems } else { steps[index] = problems }
        }
        let results = zip(steps, fullRuns).map { steps, full in steps.isEmpty ? full : steps }
        var failed = catalog.diagnostics.isEmpty ? 0 : 1
        for (lesson, problems) in zip(chosen, results) {
            for problem in problems { Terminal.write(problem.description(language) + "\n", to: .stderr) }
            let attempts = lesson.steps.reduce(0) { $0 + $1.attempts.count }
            let wrongs = lesson.steps.reduce(0) { $0 + $1.questions.reduce(0) { $0 + $1.wrongs.count } }
            Terminal.write(
                language == .es
                    ? "\(problems.isEmpty ? "ok   " : "FALLA") \(lesson.id): \(lesson.steps.count) pasos, \(attempts) intentos erróneos, \(wrongs) respuestas erróneas\n"
                    : "\(problems.isEmpty ? "ok  " : "FAIL") \(lesson.id): \(lesson.steps.count) steps, \(attempts) wrong attempts, \(wrongs) wrong answers\n",
                to: .stdout)
            if !problems.isEmpty { failed += 1 }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}

/// Glue between the executable and the lessons library.
enum LessonSupport {
    /// The language of lessons — the session's own (``Language/from(flag:environment:)``):
    /// `--lang`, else `es` when LC_ALL, LC_MESSAGES or LANG starts with es, else `en`.
    static func language(_ option: String?) -> Language {
        Language.from(flag: option, environment: ProcessInfo.processInfo.environment)
    }

    /// The REPL's lesson commands (`lesson list`, `hint`, `check`…), with the user's progress store.
    /// The student's name: `--student`, else `$DOCKERSIM_STUDENT`, else the one kept in the store,
    /// else asked at the first `lesson start` (never `$USER`: lab accounts are shared).
    static func plugin(language option: String?, student: String?, lessons: String?) -> any SessionPlugin {
        let environment = ProcessInfo.processInfo.environment
        let name = student ?? environment["DOCKERSIM_STUDENT"]
        return LessonPlugin(
            loadingCatalog: { catalog(adding: lessons) }, language: language(option),
            store: ProgressStore.forUser(environment), student: name)
    }

    /// dockersim's lessons, with `$DOCKERSIM_LESSONS` and then `folder` added over them.
    static func catalog(adding folder: String?) -> LessonCatalog {
        var catalog = LessonCatalog.builtIn
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["DOCKERSIM_LESSONS"], !given.isEmpty {
            catalog.add(LessonCatalog.load(directory: given))
        }
        if let folder { catalog.add(LessonCatalog.load(directory: folder)) }
        return catalog
    }
}

/// A lesson file's text, or why it cannot be read (es/en).
enum SafeFileText {
    struct Problem: Error {
        var text: Localized
    }

    static func read(_ path: String) -> Result<String, Problem> {
        switch SafeFile.readText(path) {
        case nil:
            return .failure(Problem(text: Localized(es: "no se puede leer el fichero", en: "cannot read the file")))
        case .failure(let problem)?:
            return .failure(
                Problem(text: Localized(es: "el fichero \(problem.what.es)", en: "the file \(problem.what.en)")))
        case .success(let text)?:
            return .success(text)
        }
    }
}
