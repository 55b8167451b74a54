// A project loaded once is remembered, with every read of the host it made and what each read
// answered: the next `docker compose` command with the same options gets it back when every one
// of those reads still answers the same (a changed, added or removed file is loaded again).

import Synchronization

extension ProjectLoader {
    /// ``load(_:files:warnings:)``, remembered in `memo`: the same options and every file the
    /// load read (the compose files, `.env`, `--env-file`, a service's `env_file`, the default
    /// names looked for) with the same text, and every folder check with the same answer, give
    /// the same project (or error) and the same warnings without reading the YAML again. The
    /// loader is a pure function of its options and of what `files` answers, so checking those
    /// answers is checking all it was computed from.
    /// - Parameter files: must answer the same for the same path while one load runs (a
    ///   snapshot of a host, as `docker compose` reads it).
    public static func loadRemembered(
        _ options: ComposeOptions, files: ComposeFiles, warnings: inout [String], in memo: ProjectMemo = .shared
    ) throws(ComposeError) -> ComposeProject {
        if let known = memo.answer(options, files: files) {
            warnings += known.warnings
            return try known.result.get()
        }
        let log = ReadLog()
        let logging = ComposeFiles(
            read: { path in
                let text = files.read(path)
                if log.texts[path] == nil { log.texts.updateValue(text, forKey: path) }
                return text
            },
            isDirectory: { path in
                let answer = files.isDirectory(path)
                log.folders[path] = answer
                return answer
            })
        var logged: [String] = []
        let result = Result { () throws(ComposeError) -> ComposeProject in
            try load(options, files: logging, warnings: &logged)
        }
        memo.remember(
            ProjectMemo.Entry(
                options: options, texts: log.texts, folders: log.folders, result: result, warnings: logged))
        warnings += logged
        return try result.get()
    }
}

/// What one load read from the host: each path's text (nil: no such file) and folder answers.
private final class ReadLog {
    var texts: [String: String?] = [:]
    var folders: [String: Bool] = [:]
}

/// Projects loaded by ``ProjectLoader/loadRemembered(_:files:warnings:in:)``, for this process
/// (never written anywhere): the last few loads, with what each was computed from.
public final class ProjectMemo: Sendable {
    /// The memo of every `docker compose` command of the process.
    public static let shared = ProjectMemo()

    /// One load: what it was computed from and what it gave.
    struct Entry: Sendable {
        var options: ComposeOptions
        /// Every file read, with its text (nil when there was none).
        var texts: [String: String?]
        /// Every folder check, with its answer.
        var folders: [String: Bool]
        var result: Result<ComposeProject, ComposeError>
        var warnings: [String]

        /// Whether `files` still answers every read of this load as it did.
        func holds(for files: ComposeFiles) -> Bool {
            for (path, text) in texts where files.read(path) != text { return false }
            for (path, answer) in folders where files.isDirectory(path) != answer { return false }
            return true
        }
    }

    /// The loads remembered, oldest first.
    private let entries = Mutex<[Entry]>([])
    /// How many loads are kept (the oldest is dropped first).
    let kept: Int

    /// A memo of the last `kept` loads (a few projects a session, a few sessions side by side).
    public init(keeping kept: Int = 16) { self.kept = max(kept, 1) }

    /// The latest remembered load made with `options` whose reads `files` still answers the same.
    func answer(_ options: ComposeOptions, files: ComposeFiles) -> Entry? {
        let candidates = entries.withLock { $0.filter { $0.options == options } }
        return candidates.last { $0.holds(for: files) }
    }

    func remember(_ entry: Entry) {
        entries.withLock { entries in
            if entries.count >= kept { entries.removeFirst() }
            entries.append(entry)
        }
    }

    /// How many loads are remembered.
    var count: Int { entries.withLock { $0.count } }
}
