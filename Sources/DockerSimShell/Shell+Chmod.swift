import DockerSimCore

// Sources: coreutils 9.1 src/chmod.c and lib/modechange.c (GNU), BusyBox coreutils/chmod.c.

extension Shell {
    /// `chmod [-R] MODE FILE…`: octal (`755`) or symbolic (`+x`, `u+rwx,go-w`, `a=r`) modes. A
    /// file of a lower layer changed so is copied up, as overlayfs does.
    mutating func chmod(_ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        var recursive = false
        var words: [String] = []
        var done = false
        for arg in args {
            // `-x`, `-w`: a mode that starts with `-`, not an option (GNU chmod reads it so).
            if !done, arg == "-R" || arg == "--recursive" {
                recursive = true
            } else if !done, arg == "--" {
                done = true
            } else {
                words.append(arg)
            }
        }
        let name = "chmod"
        guard let modeText = words.first else {
            io.stderr += "\(name): missing operand\nTry 'chmod --help' for more information.\n"
            return 1
        }
        guard let change = Self.modeChange(modeText) else {
            io.stderr += "\(name): invalid mode: '\(modeText)'\nTry 'chmod --help' for more information.\n"
            return 1
        }
        let files = Array(words.dropFirst())
        guard !files.isEmpty else {
            io.stderr += "\(name): missing operand after '\(modeText)'\nTry 'chmod --help' for more information.\n"
            return 1
        }
        let cwd = self.cwd
        var status: Int32 = 0
        for file in files {
            do {
                try withFileSystem(&engine) { (fs: inout ContainerFS) throws(FSError) in
                    let (path, node) = try fs.stat(file, cwd: cwd)
                    try Self.apply(change, to: path, node, fs: &fs, recursive: recursive, depth: 0)
                }
            } catch {
                io.stderr +=
                    isBusyBox
                    ? "chmod: \(file): \(error.text)\n" : "chmod: cannot access '\(file)': \(error.text)\n"
                status = 1
            }
        }
        return status
    }

    /// What a mode argument does to a mode: nil when it is not a mode.
    static func modeChange(_ text: String) -> ((UInt32, Bool) -> UInt32)? {
        if !text.isEmpty, text.allSatisfy({ $0 >= "0" && $0 <= "7" }), text.count <= 4 {
            let value = UInt32(text, radix: 8) ?? 0
            return { _, _ in value }
        }
        var clauses: [(who: UInt32, op: Character, bits: String)] = []
        for clause in text.split(separator: ",", omittingEmptySubsequences: false) {
            var rest = Substring(clause)
            var who: UInt32 = 0
            while let c = rest.first, "ugoa".contains(c) {
                switch c {
                case "u": who |= 0o4700
                case "g": who |= 0o2070
                case "o": who |= 0o1007
                default: who |= 0o7777
                }
                rest = rest.dropFirst()
            }
            guard let op = rest.first, "+-=".contains(op) else { return nil }
            rest = rest.dropFirst()
            guard rest.allSatisfy({ "rwxXst".contains($0) }) else { return nil }
            clauses.append((who, op, String(rest)))
        }
        guard !clauses.isEmpty else { return nil }
        return { mode, isDirectory in
            var mode = mode
            for clause in clauses {
                // No `ugoa`: all, less what the umask (022) hides for `+` and `=`.
                let mask = clause.who == 0 ? (clause.op == "-" ? 0o7777 : 0o7755) : clause.who
                var bits: UInt32 = 0
                for c in clause.bits {
                    switch c {
                    case "r": bits |= 0o444
                    case "w": bits |= 0o222
                    case "x": bits |= 0o111
                    case "X": if isDirectory || mode & 0o111 != 0 { bits |= 0o111 }
                    case "s": bits |= 0o6000
                    default: bits |= 0o1000
                    }
                }
                bits &= mask
                switch clause.op {
                case "+": mode |= bits
                case "-": mode &= ~bits
                default: mode = (mode & ~(mask & 0o7777)) | bits
                }
            }
            return mode
        }
    }

    static func apply(
        _ change: (UInt32, Bool) -> UInt32, to path: [String], _ node: FileNode, fs: inout ContainerFS,
        recursive: Bool, depth: Int
    ) throws(FSError) {
        switch node {
        case .file(let content, var meta):
            meta.mode = change(meta.mode, false)
            try fs.put(.file(content, meta), at: path)
        case .directory:
            guard case .directory? = fs.lookup(path), var meta = node.metadata else { return }
            meta.mode = change(meta.mode, true)
            try fs.setDirectory(path, meta: meta)
            guard recursive, depth < 64 else { return }
            for (name, child) in fs.list(path) {
                if case .symlink = child { continue }
                if case .whiteout = child { continue }
                try apply(change, to: path + [name], child, fs: &fs, recursive: true, depth: depth + 1)
            }
        default:
            break
        }
    }
}
