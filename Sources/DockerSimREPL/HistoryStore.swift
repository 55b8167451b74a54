import DockerSimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines typed at the host prompt, kept across runs in a plain text file (one line each,
/// oldest first), with duplicates folded: typing a line again moves it to the end.
///
/// ```swift
/// var history = HistoryStore.load(from: path)
/// history.add("pull ubuntu")
/// try history.save(to: path)   // temp file + rename: never half written
/// ```
public struct HistoryStore: Sendable, Equatable {
    /// Oldest first.
    public private(set) var entries: [String]
    /// How many lines are kept (the oldest go first).
    public let limit: Int

    public init(entries: [String] = [], limit: Int = 1000) {
        self.limit = limit
        self.entries = []
        for entry in entries { add(entry) }
    }

    /// Records a line; blank lines are not kept, and an earlier copy of the line is dropped.
    /// Returns whether the history changed.
    @discardableResult
    public mutating func add(_ line: String) -> Bool {
        guard line.contains(where: { $0 != " " && $0 != "\t" }), !line.contains("\n") else { return false }
        if entries.last == line { return false }
        entries.removeAll { $0 == line }
        entries.append(line)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }

    /// Where the host history lives: `$DOCKERSIM_HISTORY` (a file), else
    /// `$XDG_STATE_HOME/dockersim/history`, else `~/.local/state/dockersim/history`.
    /// Nil when none of these can be told (no `HOME`).
    public static func defaultPath(environment: [String: String]) -> String? {
        if let path = environment["DOCKERSIM_HISTORY"], !path.isEmpty { return path }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/dockersim/history" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/state/dockersim/history" }
        return nil
    }

    /// Reads a history file; a missing file gives an empty history. A corrupt one (not UTF-8
    /// text, NUL bytes) is reported with its path, set aside as `history.corrupt`, and the
    /// history starts empty (``SafeFile/setAside(_:problem:language:printing:)``).
    public static func load(from path: String, limit: Int = 1000, language: Language = .en) -> HistoryStore {
        switch SafeFile.readText(path) {
        case nil:
            return HistoryStore(limit: limit)
        case .failure(let problem)?:
            SafeFile.setAside(path, problem: problem.what, language: language)
            return HistoryStore(limit: limit)
        case .success(let text)?:
            return HistoryStore(entries: text.split(separator: "\n").map(String.init), limit: limit)
        }
    }

    /// Writes the history atomically: to a temporary file in the same directory, then renamed
    /// over the old one. Creates missing directories.
    public func save(to path: String) throws(HistoryError) {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try Self.makeDirectories(String(path[..<slash]))
        }
        let bytes = Array(entries.map { $0 + "\n" }.joined().utf8)
        do {
            try SafeFile.write(bytes, to: path)
        } catch {
            throw HistoryError(path: error.path, errno: error.errno)
        }
    }

    static func makeDirectories(_ path: String) throws(HistoryError) {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o700) != 0 && errno != EEXIST { throw HistoryError(path: current, errno: errno) }
        }
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            result.append(contentsOf: buffer[0..<count])
        }
        return result
    }
}

/// A history file could not be written.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var errno: Int32

    public var description: String {
        "dockersim: cannot save history to \(path): \(String(cString: strerror(errno)))"
    }
}
