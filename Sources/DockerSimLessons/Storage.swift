import DockerSimCore
import DockerSimLessonsData
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a user's lesson progress lives: `$XDG_STATE_HOME/dockersim/` (else
/// `~/.local/state/dockersim/`). `progress.json` holds every lesson's progress; `<id>.submission`
/// holds the work done in each lesson, replayed to resume it. Files are written atomically.
public struct ProgressStore: Sendable {
    public let directory: String
    /// The language of the notes about a corrupt file set aside.
    public var language: Language

    public init(directory: String, language: Language = .en) {
        self.directory = directory
        self.language = language
    }

    /// The store for the current user, from the environment.
    public static func forUser(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressStore {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return ProgressStore(directory: state + "/dockersim")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return ProgressStore(directory: home + "/.local/state/dockersim")
    }

    var progressPath: String { directory + "/progress.json" }

    /// The saved work of a lesson.
    /// The file name stays inside ``directory`` whatever the id holds (`../`, `/`).
    public func submissionPath(_ lessonID: String) -> String {
        let name = String(
            lessonID.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
        return directory + "/\(name.isEmpty ? "_" : name).submission"
    }

    /// Every lesson's saved progress (empty when there is none). A file that cannot be read as
    /// progress is reported, set aside as `progress.json.corrupt`, and treated as empty.
    public func loadProgress() -> [String: LessonProgress] {
        let bytes: [UInt8]
        switch SafeFile.load(progressPath) {
        case .missing: return [:]
        case .refused(let problem):
            SafeFile.setAside(progressPath, problem: problem.what, language: language)
            return [:]
        case .bytes(let read): bytes = read
        }
        do {
            return try JSONDecoder().decode([String: LessonProgress].self, from: Data(bytes))
        } catch {
            let why = Self.describe(error)
            SafeFile.setAside(
                progressPath,
                problem: Message(
                    en: "not valid progress JSON (\(why))", es: "no es un progreso válido (\(why))"),
                language: language)
            return [:]
        }
    }

    /// A decoding error in a few words.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): context.debugDescription
        case DecodingError.keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            context.debugDescription
        default: "\(error)"
        }
    }

    /// Saves one lesson's progress next to the others, merged with what is on disk: another
    /// dockersim on the same lesson may have saved since this one loaded, and a step either of
    /// them finished stays finished (``LessonProgress/merged(with:)``). The read, merge and write
    /// happen under the store's lock, so two sessions never erase each other's work.
    public func save(_ progress: LessonProgress) throws {
        try withLock { () throws in
            var all = loadProgress()
            all[progress.lessonID] = all[progress.lessonID].map { $0.merged(with: progress) } ?? progress
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try Self.writeAtomically(try encoder.encode(all), to: progressPath)
        }
    }

    /// Saves the work done in a lesson (under the store's lock; the last save wins).
    public func save(_ submission: Submission) throws {
        try withLock { () throws in
            try Self.writeAtomically(Data(submission.render().utf8), to: submissionPath(submission.lessonID))
        }
    }

    /// Runs `body` holding the store's lock (`flock` on `.lock` in the state folder), so that
    /// dockersims sharing the folder read and write it one at a time. When the lock cannot be
    /// had (a read-only folder), `body` runs anyway: saving matters more than the lock.
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        try? FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(directory + "/.lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return try body() }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }

    /// The saved work of a lesson, if any.
    /// A saved file that cannot be read back is reported, set aside as `<id>.submission.corrupt`,
    /// and the lesson starts afresh.
    public func loadSubmission(_ lessonID: String) -> Submission? {
        let path = submissionPath(lessonID)
        switch SafeFile.readText(path) {
        case nil:
            return nil
        case .failure(let problem)?:
            SafeFile.setAside(path, problem: problem.what, language: language)
            return nil
        case .success(let text)?:
            do {
                return try Submission.parse(text, file: path)
            } catch {
                SafeFile.setAside(
                    path,
                    problem: Message(
                        en: "line \(error.line): \(error.message)", es: "línea \(error.line): \(error.text.text(.es))"),
                    language: language)
                return nil
            }
        }
    }

    var studentPath: String { directory + "/student" }

    /// The student's name kept by an earlier `lesson start` (nil: none yet).
    public func loadStudent() -> String? {
        guard case .success(let text)? = SafeFile.readText(studentPath) else { return nil }
        let name = Submission.cleanName(text)
        return name.isEmpty ? nil : name
    }

    /// Keeps the student's name for the next sessions.
    public func saveStudent(_ name: String) throws {
        try Self.writeAtomically(Data((Submission.cleanName(name) + "\n").utf8), to: studentPath)
    }

    /// Forgets a lesson (`lesson restart`).
    public func forget(_ lessonID: String) throws {
        try withLock { () throws in
            var all = loadProgress()
            all[lessonID] = nil
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try Self.writeAtomically(try encoder.encode(all), to: progressPath)
            try? FileManager.default.removeItem(atPath: submissionPath(lessonID))
        }
    }

    /// Writes to a temporary file in the same folder, flushed, then renames it over the target
    /// (``SafeFile/write(_:to:mode:interruption:)``): a crash leaves the old file or the new one.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        try SafeFile.write(Array(data), to: path, mode: 0o644)
    }
}

extension LessonProgress {
    /// This progress and `other` (of the same lesson) together: what either finished stays
    /// finished (tasks held, questions answered right, a solution shown, hints and wrong answers
    /// counted by the larger count); the current step is `other`'s (the session saving now).
    public func merged(with other: LessonProgress) -> LessonProgress {
        var result = other
        guard lessonID == other.lessonID else { return other }
        let mine = stepIDs.flatMap { ids in other.stepIDs.map { (ids, $0) } }
        for index in result.steps.indices {
            // The same step here: by id when both know their ids, else by position.
            let source: Int?
            if let (ids, otherIDs) = mine {
                source = otherIDs.indices.contains(index) ? ids.firstIndex(of: otherIDs[index]) : nil
            } else {
                source = steps.indices.contains(index) ? index : nil
            }
            guard let source, steps.indices.contains(source) else { continue }
            let old = steps[source]
            result.steps[index].tasksDone = result.steps[index].tasksDone || old.tasksDone
            result.steps[index].correct.merge(old.correct) { $0 || $1 }
            result.steps[index].wrongAnswers.merge(old.wrongAnswers) { max($0, $1) }
            result.steps[index].usedSolution = result.steps[index].usedSolution || old.usedSolution
            result.steps[index].hintsShown = max(result.steps[index].hintsShown, old.hintsShown)
            result.steps[index].entered = result.steps[index].entered || old.entered
        }
        result.finished = result.finished || (finished && steps.count == result.steps.count)
        return result
    }

    /// This progress fitted to `lesson` as it is now: a teacher may have added, removed or
    /// reordered steps since it was saved. Steps are matched by id when the ids were saved (else
    /// by position); progress of steps that no longer exist is dropped, new steps start empty,
    /// and the current step stays within the lesson. Never fails.
    public func reconciled(with lesson: Lesson) -> LessonProgress {
        let ids = lesson.steps.map(\.id)
        if stepIDs == ids && steps.count == ids.count && (ids.isEmpty || (0..<ids.count).contains(current)) {
            return self
        }
        var result = LessonProgress(lesson: lesson)
        result.lessonID = lessonID
        for (index, id) in ids.enumerated() {
            let source = stepIDs.map { $0.firstIndex(of: id) } ?? (steps.indices.contains(index) ? index : nil)
            if let source, steps.indices.contains(source) { result.steps[index] = steps[source] }
        }
        let currentID = stepIDs.flatMap { $0.indices.contains(current) ? $0[current] : nil }
        result.current = currentID.flatMap { ids.firstIndex(of: $0) } ?? min(max(current, 0), max(ids.count - 1, 0))
        result.finished = finished && result.steps.count == steps.count
        return result
    }
}

/// The lessons of a folder (every `.md` file but `README.md`).
public struct LessonCatalog: Sendable {
    public var lessons: [Lesson]
    public var diagnostics: [Diagnostic]

    public init(lessons: [Lesson], diagnostics: [Diagnostic] = []) {
        self.lessons = lessons
        self.diagnostics = diagnostics
    }

    /// Reads every lesson file of `directory`, sorted by file name.
    public static func load(directory: String) -> LessonCatalog {
        load(files: lessonFiles(in: directory))
    }

    /// The lesson files of a folder: every `.md` file but `README.md`, sorted by name.
    public static func lessonFiles(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" }
            .sorted()
            .map { directory + "/" + $0 }
    }

    /// Reads lessons from texts already in memory (the lessons built into dockersim), each with
    /// the name its diagnostics use.
    public static func load(sources: [(name: String, text: String)]) -> LessonCatalog {
        // Each file is parsed on its own: side by side, then gathered in order.
        var catalog = LessonCatalog(lessons: [])
        for (lesson, diagnostics) in Parallel.map(sources, { LessonParser.parse($0.text, file: $0.name) }) {
            catalog.diagnostics += diagnostics
            if let lesson, diagnostics.isEmpty { catalog.lessons.append(lesson) }
        }
        return catalog
    }

    /// Adds another catalog's lessons (a teacher's folder): one with the id of a lesson already
    /// here replaces it, the others come after.
    public mutating func add(_ other: LessonCatalog) {
        for lesson in other.lessons {
            if let index = lessons.firstIndex(where: { $0.id == lesson.id }) {
                lessons[index] = lesson
            } else {
                lessons.append(lesson)
            }
        }
        diagnostics += other.diagnostics
    }

    /// Reads the given lesson files.
    public static func load(files: [String]) -> LessonCatalog {
        var catalog = LessonCatalog(lessons: [])
        for file in files {
            let text: String
            switch SafeFile.readText(file, limit: Limits.standard.lessonFileBytes) {
            case .success(let read)?: text = read
            case .failure(let problem)?:
                catalog.diagnostics.append(
                    Diagnostic(
                        file: file, location: SourceLocation(line: 1, column: 1), problem.what.es, problem.what.en))
                continue
            case nil:
                catalog.diagnostics.append(
                    Diagnostic(
                        file: file, location: SourceLocation(line: 1, column: 1), "no se puede leer el fichero",
                        "cannot read the file"))
                continue
            }
            let (lesson, diagnostics) = LessonParser.parse(text, file: file)
            catalog.diagnostics += diagnostics
            if let lesson, diagnostics.isEmpty { catalog.lessons.append(lesson) }
        }
        var seen: [String: String] = [:]
        for lesson in catalog.lessons {
            if let other = seen[lesson.id] {
                catalog.diagnostics.append(
                    Diagnostic(
                        file: lesson.file, location: lesson.location,
                        "id de lección repetido '\(lesson.id)' (también en \(other))",
                        "duplicate lesson id '\(lesson.id)' (also in \(other))"))
            }
            seen[lesson.id] = lesson.file
        }
        return catalog
    }

    /// The lesson with this id (or whose id starts with it, when only one does; or its number in the list).
    public func lesson(_ id: String) -> Lesson? {
        if let exact = lessons.first(where: { $0.id == id }) { return exact }
        if let number = Int(id), lessons.indices.contains(number - 1) { return lessons[number - 1] }
        let prefixed = lessons.filter { $0.id.hasPrefix(id) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// dockersim's own lessons, built into the executable (`Lessons/` at build time), parsed on
    /// first use.
    public static let builtIn: LessonCatalog = load(sources: builtInSources)

    /// The names and texts of the built-in lesson files (`Lessons/01-capas.md`).
    public static var builtInSources: [(name: String, text: String)] {
        LessonsData.files.map { file in
            ("Lessons/" + file.path, file.text.withUTF8Buffer { String(decoding: $0, as: UTF8.self) })
        }
    }
}
