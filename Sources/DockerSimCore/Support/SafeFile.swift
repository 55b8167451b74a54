#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real files dockersim touches (history, lesson progress, submissions, recorded sessions,
/// `lesson save`, `grade --csv/--json`, and the lesson, transcript and submission files it reads):
///
/// - **written** only as regular files: a target that is a device, a FIFO, a socket or a folder is
///   refused with a clear message (never replaced: `--record /dev/full` leaves `/dev/full` a
///   device); a symbolic link is written through only when it leads to a regular file. The new
///   content goes to a temporary file with an unpredictable name, created with `O_EXCL` and
///   `O_NOFOLLOW` in the target's folder, flushed, then renamed over the target (and the folder
///   flushed), so that a crash or a kill at any moment leaves the old file or the new one;
///   temporary files that a killed dockersim left behind are removed.
/// - **read** only when they are regular files no larger than a cap (a history that is
///   `/dev/zero` is refused, not read for ever); a file named in a list given to dockersim
///   (submissions) is read through a symbolic link only when the link and the file have the
///   same owner, or the link is the user's own; a corrupt file is reported with its path and what is
///   wrong (never its content), set aside as `<name>.corrupt`, and dockersim goes on.
///
/// ```swift
/// try SafeFile.write(Array(text.utf8), to: path)          // refuses devices; temp file, fsync, rename
/// if case .bytes(let bytes) = SafeFile.load(path) { … }   // regular files only, capped
/// let note = SafeFile.setAside(path, problem: why, language: .es)  // path → path.corrupt
/// ```
public enum SafeFile {
    /// Reads up to `buffer.count` bytes from `fd` into `buffer`, again when a signal cut the
    /// read short (`EINTR`). Returns the count read, 0 at the end, or -1 on an error.
    public static func read(_ fd: Int32, into buffer: inout [UInt8]) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                #if canImport(Glibc)
                Glibc.read(fd, raw.baseAddress, raw.count)
                #else
                Darwin.read(fd, raw.baseAddress, raw.count)
                #endif
            }
            if count < 0 && errno == EINTR { continue }
            return count
        }
    }

    /// A file could not be written (the old one, if any, is untouched).
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        /// Why dockersim refused to write (a device, a FIFO…), when it was dockersim's decision.
        public var refusal: Message?

        public init(path: String, errno: Int32, refusal: Message? = nil) {
            self.path = path
            self.errno = errno
            self.refusal = refusal
        }

        /// `path: why`, dockersim's refusal in `language`, or else the system's text for `errno`
        /// (as the C library writes it, in English).
        public func text(_ language: Language) -> String {
            if let refusal { return "\(path): \(refusal.text(language))" }
            return "\(path): \(String(cString: strerror(errno)))"
        }

        /// ``text(_:)`` in English.
        public var description: String { text(.en) }
    }

    /// Where a write stops early, to test what a crash leaves behind.
    public enum Interruption: Sendable {
        /// Killed half-way through writing the temporary file.
        case midWrite
        /// Killed after the temporary file was written, before the rename.
        case beforeRename
    }

    /// What a path names, as `lstat` tells (without following a last symbolic link).
    public enum Kind: Sendable, Equatable {
        case missing, regular, directory, symlink, characterDevice, blockDevice, fifo, socket, other

        /// The kind of the entry at `path`.
        public init(_ path: String) {
            var info = stat()
            guard lstat(path, &info) == 0 else {
                self = .missing
                return
            }
            self.init(mode: info.st_mode)
        }

        init(mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFREG: self = .regular
            case S_IFDIR: self = .directory
            case S_IFLNK: self = .symlink
            case S_IFCHR: self = .characterDevice
            case S_IFBLK: self = .blockDevice
            case S_IFIFO: self = .fifo
            case S_IFSOCK: self = .socket
            default: self = .other
            }
        }

        /// "un dispositivo" / "a device"…, for a refusal.
        var described: (es: String, en: String) {
            switch self {
            case .missing: ("algo que no existe", "nothing")
            case .regular: ("un fichero normal", "a regular file")
            case .directory: ("una carpeta", "a directory")
            case .symlink: ("un enlace simbólico", "a symbolic link")
            case .characterDevice, .blockDevice: ("un dispositivo", "a device")
            case .fifo: ("una FIFO", "a FIFO")
            case .socket: ("un socket", "a socket")
            case .other: ("algo que no es un fichero", "not a file")
            }
        }
    }

    // MARK: - Writing

    /// The prefix of every temporary file a write of `path` goes through (same folder, hidden):
    /// `.<name>.dockersim-`, then the process id, a random part and `.tmp`.
    public static func temporaryPrefix(for path: String) -> String {
        let (folder, name) = split(path)
        return folder + "." + name + ".dockersim-"
    }

    /// A fresh temporary name for a write of `path`: unpredictable (64 random bits), so that no
    /// one can plant a link or a file under it in advance.
    static func temporaryPath(for path: String) -> String {
        var random = SystemRandomNumberGenerator()
        let token = String(random.next() as UInt64, radix: 16)
        return temporaryPrefix(for: path) + "\(getpid())-\(token).tmp"
    }

    /// The path a write of `path` replaces: `path` itself when it is missing or a regular file,
    /// the file a symbolic link leads to when that is a regular file; anything else is refused.
    public static func writableTarget(_ path: String) throws(WriteError) -> String {
        let kind = Kind(path)
        switch kind {
        case .missing, .regular:
            return path
        case .symlink:
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw WriteError(
                    path: path, errno: errno,
                    refusal: Message(
                        en: "is a symbolic link to nothing, not written",
                        es: "es un enlace simbólico a algo que no existe, no se escribe"))
            }
            let target = Kind(mode: info.st_mode)
            guard target == .regular else {
                throw WriteError(
                    path: path, errno: EINVAL,
                    refusal: Message(
                        en: "is a link to \(target.described.en), not written",
                        es: "es un enlace a \(target.described.es), no se escribe"))
            }
            guard let resolved = realpath(path, nil) else { throw WriteError(path: path, errno: errno) }
            defer { free(resolved) }
            return String(cString: resolved)
        default:
            throw WriteError(
                path: path, errno: kind == .directory ? EISDIR : EINVAL,
                refusal: Message(
                    en: "is \(kind.described.en): dockersim writes only regular files",
                    es: "es \(kind.described.es): dockersim solo escribe ficheros normales"))
        }
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder (unpredictable
    /// name, `O_EXCL | O_NOFOLLOW`), flushed to disk, then renamed over `path` (and the folder
    /// flushed). Creates missing folders (mode 0700). Refuses a target that is not a regular file
    /// (see ``writableTarget(_:)``).
    public static func write(
        _ bytes: [UInt8], to path: String, mode: mode_t = 0o600,
        interruption: Interruption? = nil
    ) throws(WriteError) {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        let target = try writableTarget(path)
        removeStaleTemporaries(for: target)
        var temporary = temporaryPath(for: target)
        var fd: Int32 = -1
        for _ in 0..<16 {
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            if fd >= 0 || errno != EEXIST { break }
            temporary = temporaryPath(for: target)
        }
        guard fd >= 0 else { throw WriteError(path: temporary, errno: errno) }
        let length = interruption == .midWrite ? bytes.count / 2 : bytes.count
        var failure = writeAll(fd, bytes, count: length)
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        if interruption != nil { return }  // the process "died" here: no rename, no cleanup
        guard failure == 0 else {
            unlink(temporary)
            throw WriteError(path: temporary, errno: failure)
        }
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw WriteError(path: target, errno: code)
        }
        syncFolder(of: target)
    }

    /// Writes `count` bytes of `bytes` to `fd`; 0 or the errno that stopped it.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], count: Int) -> Int32 {
        var offset = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while offset < count {
                #if canImport(Glibc)
                let written = Glibc.write(fd, base + offset, count - offset)
                #else
                let written = Darwin.write(fd, base + offset, count - offset)
                #endif
                if written < 0 && errno == EINTR { continue }
                if written <= 0 {
                    failure = written < 0 ? errno : EIO
                    return
                }
                offset += written
            }
        }
        return failure
    }

    /// Opens `path` to be written in place as it grows (a recording), emptied: only a regular
    /// file (created when missing, mode 0644) or a link to one; a device, a FIFO (opened without
    /// blocking), a socket or a folder is refused and left as it is. Returns the descriptor.
    public static func openTruncated(_ path: String) throws(WriteError) -> Int32 {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        let target = try writableTarget(path)
        let fd = open(target, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0, Kind(mode: info.st_mode) == .regular else {
            close(fd)
            _ = try writableTarget(path)  // it changed under us: say what it is now
            throw WriteError(
                path: path, errno: EINVAL, refusal: Message(en: "not a regular file", es: "no es un fichero normal"))
        }
        guard ftruncate(fd, 0) == 0 else {
            let code = errno
            close(fd)
            throw WriteError(path: path, errno: code)
        }
        return fd
    }

    static func syncFolder(of path: String) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let dir = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
    }

    /// Removes the temporary files of earlier writes of `path` that never reached their rename
    /// (a dockersim killed mid-save): ours from this process (no write of the same file is under
    /// way when a new one starts) and those of processes that no longer run. Only regular files
    /// and links owned by this user are removed (removing a link never touches what it leads to).
    public static func removeStaleTemporaries(for path: String) {
        let (folder, name) = split(path)
        let ours = "." + name + ".dockersim-"
        let legacy = "." + name + "."  // `.<name>.<pid>.tmp`, the names of dockersim before issue 19
        guard let dir = opendir(folder.isEmpty ? "." : folder) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard entryName.hasSuffix(".tmp"), entryName.hasPrefix(legacy) else { continue }
            let middle = entryName.dropFirst(entryName.hasPrefix(ours) ? ours.count : legacy.count).dropLast(4)
            guard let pid = Int32(middle.split(separator: "-").first ?? "") else { continue }
            guard pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH) else { continue }
            let full = folder + entryName
            var info = stat()
            guard lstat(full, &info) == 0, info.st_uid == geteuid() else { continue }
            let kind = Kind(mode: info.st_mode)
            guard kind == .regular || kind == .symlink else { continue }
            unlink(full)
        }
    }

    // MARK: - Reading

    /// The default cap on a file dockersim reads (history, progress): 16 MiB.
    public static let defaultReadLimit = 16 << 20

    /// How a read treats a symbolic link at the path itself.
    public enum LinkPolicy: Sendable {
        /// Follow it (the user named the file: `DOCKERSIM_HISTORY`, a state file).
        case follow
        /// Follow it only when the link and the file it leads to have the same owner, or the link
        /// is the user's own: a student's `alice.submission -> /home/teacher/secret` is refused,
        /// a link the teacher made is read. Used for files named in a list (submissions).
        case sameOwner
    }

    /// What a read found.
    public enum Loaded: Sendable, Equatable {
        /// Nothing at the path (or it cannot be opened).
        case missing
        /// The file's bytes.
        case bytes([UInt8])
        /// A file dockersim does not read (not a regular file, too large, a foreign link).
        case refused(Problem)
    }

    /// Reads the file at `path` when it is a regular file of at most `limit` bytes. A device, a
    /// FIFO (opened without blocking), a folder or a larger file is refused with what it is, and
    /// read not at all or only up to the cap.
    public static func load(
        _ path: String, limit: Int = defaultReadLimit, links: LinkPolicy = .follow
    ) -> Loaded {
        var linkInfo = stat()
        guard lstat(path, &linkInfo) == 0 else { return .missing }
        if links == .sameOwner, Kind(mode: linkInfo.st_mode) == .symlink {
            var targetInfo = stat()
            guard stat(path, &targetInfo) == 0 else { return .missing }
            guard linkInfo.st_uid == targetInfo.st_uid || linkInfo.st_uid == geteuid() else {
                return .refused(
                    Problem(
                        path: path,
                        what: Message(
                            en: "is a symbolic link to another user's file, not read",
                            es: "es un enlace simbólico a un fichero de otro usuario, no se lee")))
            }
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return .missing }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .missing }
        let kind = Kind(mode: info.st_mode)
        guard kind == .regular else {
            return .refused(
                Problem(
                    path: path,
                    what: Message(
                        en: "not a regular file (it is \(kind.described.en)), not read",
                        es: "no es un fichero normal (es \(kind.described.es)), no se lee")))
        }
        if Int(info.st_size) > limit {
            return .refused(tooLarge(path, size: Int(info.st_size), limit: limit))
        }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = Self.read(fd, into: &buffer)
            if count < 0 { return .missing }
            if count == 0 { break }
            result.append(contentsOf: buffer[0..<count])
            // A file that grows while it is read stops at the cap too.
            if result.count > limit { return .refused(tooLarge(path, size: result.count, limit: limit)) }
        }
        return .bytes(result)
    }

    static func tooLarge(_ path: String, size: Int, limit: Int) -> Problem {
        Problem(
            path: path,
            what: Message(
                en: "is too large (\(size) bytes; the limit is \(limit)), not read",
                es: "es demasiado grande (\(size) bytes; el límite es \(limit)), no se lee"))
    }

    /// The bytes of the file at `path`, or nil when it does not exist, cannot be read, or is
    /// refused (see ``load(_:limit:links:)``).
    public static func read(_ path: String, limit: Int = defaultReadLimit) -> [UInt8]? {
        if case .bytes(let bytes) = load(path, limit: limit) { return bytes }
        return nil
    }

    /// The text of the file at `path` when it is valid UTF-8 without NUL bytes; otherwise what
    /// is wrong with it (never what it holds). Nil when there is no file.
    public static func readText(
        _ path: String, limit: Int = defaultReadLimit, links: LinkPolicy = .follow
    ) -> Result<String, Problem>? {
        switch load(path, limit: limit, links: links) {
        case .missing: return nil
        case .refused(let problem): return .failure(problem)
        case .bytes(let bytes):
            if bytes.contains(0) { return .failure(Problem(path: path, what: Self.notText)) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failure(Problem(path: path, what: Self.notUTF8))
            }
            return .success(text)
        }
    }

    static let notText = Message(en: "holds NUL bytes (not a text file)", es: "contiene bytes NUL (no es texto)")
    static let notUTF8 = Message(en: "is not valid UTF-8", es: "no es UTF-8 válido")

    /// What is wrong with a file, in dockersim's languages.
    public struct Problem: Error, Sendable, Equatable {
        public var path: String
        public var what: Message
        public init(path: String, what: Message) {
            self.path = path
            self.what = what
        }
    }

    /// Moves a corrupt file out of the way (`<path>.corrupt`, or `.corrupt.2`… when taken), so that
    /// the next save does not destroy it, and returns the note for the user (also written to
    /// standard error when `printing`), in `language`. Only a regular file is moved: anything else
    /// at the path (a device, a link to one) is left where it is and ignored.
    @discardableResult
    public static func setAside(
        _ path: String, problem: Message, language: Language, printing: Bool = true
    ) -> String {
        var target = path + ".corrupt"
        var n = 2
        while access(target, F_OK) == 0 && n < 1000 {
            target = path + ".corrupt.\(n)"
            n += 1
        }
        let kind = Kind(path)
        let moved = kind == .regular && rename(path, target) == 0
        let what = problem.text(language)
        let outcome: Message
        if moved {
            outcome = Message(
                en: "set aside as \(target); going on without it", es: "se ha apartado como \(target) y se sigue sin él"
            )
        } else if kind != .regular && kind != .missing {
            outcome = Message(en: "ignored", es: "se ignora")
        } else {
            let reason = String(cString: strerror(errno))
            outcome = Message(
                en: "could not be set aside (\(reason)), ignored", es: "no se pudo apartar (\(reason)), se ignora")
        }
        let note = "dockersim: \(path): \(what); \(outcome.text(language))\n"
        if printing { _ = writeAll(2, Array(note.utf8), count: note.utf8.count) }
        return note
    }

    static func makeDirectories(_ path: String) throws(WriteError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o700) != 0 && errno != EEXIST { throw WriteError(path: current, errno: errno) }
        }
    }

    /// `("dir/", "name")` for `dir/name`, `("", "name")` for a bare name.
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[...slash]), String(path[path.index(after: slash)...]))
    }
}
