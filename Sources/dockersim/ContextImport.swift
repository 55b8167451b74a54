import DockerSimCommands
import DockerSimCore

#if canImport(Glibc)
import Glibc
#endif

/// `dockersim --context-from DIR`: a copy of a real folder (a student's own project, with its
/// Dockerfile) put in the simulated host at `/home/usuario/<name of DIR>`, so that
/// `docker build <name>` builds it. The real folder is only read; the copy lives in memory and
/// changes to it never reach the disk.
enum ContextImport {
    /// What the copy may take: more files or bytes are refused with a clear message.
    static let maxFiles = 2_000
    static let maxBytes = 16 << 20

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Copies the folder at `path` into the session's simulated host.
    /// - Returns: the folder's path in the simulated host.
    @discardableResult
    static func load(_ path: String, into session: Session) throws -> String {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw Failure(
                description: CLIText.text(
                    en: "dockersim: --context-from: \(path) is not a folder",
                    es: "dockersim: --context-from: \(path) no es una carpeta"))
        }
        var entries: [(path: String, node: FileNode)] = []
        var files = 0
        var bytes = 0
        try walk(path, relative: "", entries: &entries, files: &files, bytes: &bytes)
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        var name = String(trimmed.split(separator: "/").last ?? "contexto")
        if name == "." || name == ".." || name.isEmpty { name = "contexto" }
        let target = "/home/usuario/" + name
        let user = Engine.hostUser
        let dirMeta = FileMetadata(mode: 0o755, uid: user.uid, gid: user.gid, mtime: Int64(st.st_mtim.tv_sec))
        let tree = FileTree.build(entries, dirMeta: dirMeta)
        do {
            try session.engine.withHost { (fs: inout ContainerFS, _: inout [String]) throws(FSError) in
                try fs.place(tree: tree, at: FilePath.components(target))
            }
        } catch {
            throw Failure(description: "dockersim: --context-from: \(target): \(error.text)")
        }
        return target
    }

    private static func walk(
        _ path: String, relative: String, entries: inout [(path: String, node: FileNode)], files: inout Int,
        bytes: inout Int
    ) throws {
        guard let dir = opendir(path) else { return }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        for name in names.sorted() {
            let full = path + "/" + name
            let inner = relative + "/" + name
            var st = stat()
            guard lstat(full, &st) == 0 else { continue }
            files += 1
            if files > maxFiles {
                throw Failure(
                    description: CLIText.text(
                        en: "dockersim: --context-from: more than \(maxFiles) files",
                        es: "dockersim: --context-from: más de \(maxFiles) ficheros"))
            }
            let user = Engine.hostUser
            let meta = FileMetadata(
                mode: UInt32(st.st_mode & 0o7777), uid: user.uid, gid: user.gid, mtime: Int64(st.st_mtim.tv_sec))
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                entries.append((inner, .directory(Directory(meta: meta))))
                try walk(full, relative: inner, entries: &entries, files: &files, bytes: &bytes)
            case S_IFREG:
                bytes += Int(st.st_size)
                if bytes > maxBytes {
                    throw Failure(
                        description: CLIText.text(
                            en: "dockersim: --context-from: more than \(maxBytes >> 20) MiB",
                            es: "dockersim: --context-from: más de \(maxBytes >> 20) MiB"))
                }
                let content =
                    SafeFile.read(full).map(FileContent.init(bytes:)) ?? FileContent(opaqueSize: Int64(st.st_size))
                entries.append((inner, .file(content, meta)))
            case S_IFLNK:
                var buffer = [CChar](repeating: 0, count: 4096)
                let count = readlink(full, &buffer, buffer.count - 1)
                let target = count > 0 ? String(cString: Array(buffer[0..<count]) + [0]) : ""
                entries.append((inner, .symlink(target: target, meta)))
            default:
                continue
            }
        }
    }
}
