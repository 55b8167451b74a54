import DockerSimHubData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The catalog of the simulated Docker Hub (a January 2024 snapshot): data files, not code.
///
/// The built-in catalog is the package's `Hub/` folder, embedded in the executable at build time
/// (Plugins/EmbedFolders); a teacher's folder given with `--hub DIR` goes in front of it. The
/// format, and which values are exact and which invented, are in `Hub/README.md`. Nothing is read
/// until a command needs it: the list of repositories is the list of file names; a repository's
/// file is read when its tags are asked for; a pull builds the image's config and layer records
/// from the layer files' headers; a layer's file list becomes a tree when something first reads
/// its files.
public enum HubCatalog {
    /// The files of the built-in catalog, read in place from the executable.
    public static let builtInFiles: [CatalogFile] = HubData.files.map {
        CatalogFile(path: $0.path, displayName: "Hub/" + $0.path, text: $0.text)
    }

    /// The Hub every simulator starts with.
    public static let standard = Registry(catalog: CatalogStore(files: builtInFiles))

    /// The built-in Hub with the catalogs of `folders` in front of it (a repository or a layer
    /// of a folder hides the built-in one of the same name). Each folder is checked in full
    /// first: with any problem nothing is loaded and the problems are returned.
    public static func registry(adding folders: [String]) -> Result<Registry, CatalogProblems> {
        var added: [CatalogFile] = []
        var problems: [CatalogError] = []
        for folder in folders {
            switch files(in: folder) {
            case .success(let files):
                problems += lint(files, over: added + builtInFiles)
                added += files
            case .failure(let error): problems.append(error)
            }
        }
        guard problems.isEmpty else { return .failure(CatalogProblems(problems: problems)) }
        return .success(Registry(catalog: CatalogStore(files: added + builtInFiles)))
    }

    /// The catalog files below `folder` (names starting with `.` skipped), read from disk.
    public static func files(in folder: String) -> Result<[CatalogFile], CatalogError> {
        var found: [CatalogFile] = []
        let root = folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder
        func walk(_ relative: String, depth: Int) -> CatalogError? {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard depth < 16 else { return CatalogError(file: path, line: 0, message: "folders nested too deep") }
            guard let dir = opendir(path) else {
                return CatalogError(file: path, line: 0, message: "cannot read the folder")
            }
            defer { closedir(dir) }
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if !name.hasPrefix(".") { names.append(name) }
            }
            for name in names.sorted() {
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard stat(root + "/" + child, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    if let problem = walk(child, depth: depth + 1) { return problem }
                } else if (info.st_mode & S_IFMT) == S_IFREG,
                    name.hasSuffix(".image") || name.hasSuffix(".layer") || name.hasSuffix(".remote")
                {
                    guard info.st_size <= 64 << 20, let bytes = SafeFile.read(root + "/" + child) else {
                        return CatalogError(file: root + "/" + child, line: 0, message: "cannot read the file")
                    }
                    found.append(CatalogFile(path: child, displayName: root + "/" + child, bytes: bytes))
                }
            }
            return nil
        }
        if let problem = walk("", depth: 0) { return .failure(problem) }
        return .success(found)
    }
}

extension HubCatalog {
    /// The tree of a file list in the layer format without its header (`tar -tv` lines, each
    /// small file's text on `|` lines): what a remote of the catalog holds, and dockersim's
    /// stand-in for an archive's content (a `.war`).
    public static func fileList(_ text: String, name: String) throws(CatalogError) -> FileTree {
        let file = CatalogFile(path: name, displayName: name, bytes: Array(text.utf8))
        return try LayerEntry.tree(of: file, from: 0, line: 0)
    }
}
