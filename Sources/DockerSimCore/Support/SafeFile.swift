#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files dockersim keeps between runs (history, lesson progress, submissions, recorded
/// sessions): written so that a crash or a kill at any moment leaves either the old file or the
/// new one, never half of one; read so that a corrupt file is reported with its path and what is
/// wrong, set aside as `<name>.corrupt`, and dockersim goes on.
///
/// ```swift
/// try SafeFile.write(Array(text.utf8), to: path)          // temp file, fsync, rename, fsync folder
/// if let bytes = SafeFile.read(path) { … }
/// let note = SafeFile.setAside(path, problem: "not valid JSON")  // path → path.corrupt
/// ```
public enum SafeFile {
    /// A file could not be written (the old one, if any, is untouched).
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        public var description: String { "\(path): \(String(cString: strerror(errno)))" }
    }

    /// Where a write stops early, to test what a crash leaves behind.
    public enum Interruption: Sendable {
        /// Killed half-way through writing the temporary file.
        case midWrite
        /// Killed after the temporary file was written, before the rename.
        case beforeRename
    }

    /// The temporary file a write of `path` goes through (same folder: the rename is atomic).
    public static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return folder + "." + name + ".\(getpid()).tmp"
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed to disk,
    /// then renamed over `path` (and the folder flushed). Creates missing folders (mode 0700).
    public static func write(
        _ bytes: [UInt8], to path: String, mode: mode_t = 0o600,
        interruption: Interruption? = nil
    ) throws(WriteError) {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw WriteError(path: temporary, errno: errno) }
        let length = interruption == .midWrite ? bytes.count / 2 : bytes.count
        var offset = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while offset < length {
                let written = Glibc.write(fd, base + offset, length - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 {
                    failure = written < 0 ? errno : EIO
                    return
                }
                offset += written
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        if interruption != nil { return }  // the process "died" here: no rename, no cleanup
        guard failure == 0 else {
            unlink(temporary)
            throw WriteError(path: temporary, errno: failure)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw WriteError(path: path, errno: code)
        }
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let dir = open(folder.isEmpty ? "/" : folder, O_RDONLY)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
    }

    /// The bytes of the file at `path`, or nil when it does not exist or cannot be read.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<count])
        }
        return result
    }

    /// The text of the file at `path` when it is valid UTF-8 without NUL bytes; otherwise what
    /// is wrong with it.
    public static func readText(_ path: String) -> Result<String, Problem>? {
        guard let bytes = read(path) else { return nil }
        if bytes.contains(0) { return .failure(Problem(path: path, what: "holds NUL bytes (not a text file)")) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return .failure(Problem(path: path, what: "is not valid UTF-8"))
        }
        return .success(text)
    }

    /// What is wrong with a file.
    public struct Problem: Error, Sendable, Equatable {
        public var path: String
        public var what: String
        public init(path: String, what: String) {
            self.path = path
            self.what = what
        }
    }

    /// Moves a corrupt file out of the way (`<path>.corrupt`, or `.corrupt.2`… when taken), so that
    /// the next save does not destroy it, and returns the note for the user (also written to
    /// standard error when `printing`).
    @discardableResult
    public static func setAside(_ path: String, problem: String, printing: Bool = true) -> String {
        var target = path + ".corrupt"
        var n = 2
        while access(target, F_OK) == 0 && n < 1000 {
            target = path + ".corrupt.\(n)"
            n += 1
        }
        let moved = rename(path, target) == 0
        let note: String
        if moved {
            note =
                "dockersim: \(path): \(problem); se ha apartado como \(target) y se sigue sin él / set aside as \(target); going on without it\n"
        } else {
            note =
                "dockersim: \(path): \(problem); no se pudo apartar (\(String(cString: strerror(errno)))), se ignora / could not be set aside, ignored\n"
        }
        if printing {
            var bytes = Array(note.utf8)
            _ = Glibc.write(2, &bytes, bytes.count)
        }
        return note
    }

    static func makeDirectories(_ path: String) throws(WriteError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o700) != 0 && errno != EEXIST { throw WriteError(path: current, errno: errno) }
        }
    }
}
