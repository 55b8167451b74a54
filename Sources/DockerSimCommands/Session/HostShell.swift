import DockerSimCore
import DockerSimShell

/// The few commands of the student's own shell that a course types on the host around
/// `docker cp`: `echo` (with `>`/`>>`), `cat`, `ls`, `pwd`, `cd`, `mkdir`, `touch`, and `rm -r`.
///
/// They work on the engine's simulated host folder (``Engine/host``), never on the real disk,
/// with bash's and coreutils' messages.
enum HostShell {
    /// The commands it takes; any other line goes on to docker. `rm` is not among them: typed
    /// without `docker`, `rm` is docker's (dockersim takes docker commands without the word).
    static let commands: Set<String> = [
        "echo", "cat", "ls", "pwd", "cd", "mkdir", "touch", "curl", "wget", "ping", "ip", "getent",
    ]

    /// `rm` with `-r` (which docker's `rm` does not have) is the host's.
    static func isHostRemove(_ words: [String]) -> Bool {
        words.first == "rm"
            && words.dropFirst().contains {
                $0.hasPrefix("-") && !$0.hasPrefix("--") && ($0.contains("r") || $0.contains("R"))
            }
    }

    /// Runs `line` when its first word is one of ``commands``; nil otherwise (or when the line
    /// uses what this shell does not have: pipes, lists, `<`).
    static func run(_ line: String, engine: inout Engine) -> CommandOutput? {
        guard let parsed = parse(line), let name = parsed.words.first,
            commands.contains(name) || isHostRemove(parsed.words)
        else {
            return nil
        }
        var output = CommandOutput()
        var stdout = ""
        var stderr = ""
        let now = engine.now.seconds
        // bash opens the redirection target before running the command.
        if let redirect = parsed.redirect {
            do throws(FSError) {
                try engine.withHost { (fs: inout ContainerFS, cwd: inout [String]) throws(FSError) in
                    let path = expandHome(redirect.path)
                    if !redirect.append || (try? fs.stat(path, cwd: cwd)) == nil {
                        try fs.write(path, cwd: cwd, bytes: [], append: redirect.append, mtime: now)
                    }
                }
            } catch {
                output.write("bash: \(redirect.path): \(error.text)\n", to: .stderr)
                output.status = 1
                return output
            }
        }
        let status: Int32
        if NetworkTools.names.contains(name) {
            status = networkTool(
                parsed.words, engine: &engine, terminal: parsed.redirect == nil, stdout: &stdout, stderr: &stderr)
        } else {
            status = execute(parsed.words, engine: &engine, stdout: &stdout, stderr: &stderr, now: now)
        }
        if let redirect = parsed.redirect {
            _ = try? engine.withHost { (fs: inout ContainerFS, cwd: inout [String]) throws(FSError) in
                try fs.write(expandHome(redirect.path), cwd: cwd, bytes: Array(stdout.utf8), append: true, mtime: now)
            }
            stdout = ""
        }
        output.write(stdout, to: .stdout)
        output.write(stderr, to: .stderr)
        output.status = status
        return output
    }

    // MARK: - Commands

    /// `curl`, `wget`, `ping`, `ip`, `getent` on the host (Debian's programs), through the
    /// engine's network model; the clock moves by the time they take.
    private static func networkTool(
        _ words: [String], engine: inout Engine, terminal: Bool, stdout: inout String, stderr: inout String
    ) -> Int32 {
        let context = NetworkTools.Context(
            origin: .host, flavor: .gnu, stdoutIsTerminal: terminal,
            save: { engine, path, bytes in
                let time = engine.now.seconds
                do throws(FSError) {
                    try engine.withHost { (fs: inout ContainerFS, cwd: inout [String]) throws(FSError) in
                        try fs.write(expandHome(path), cwd: cwd, bytes: bytes, append: false, mtime: time)
                    }
                    return nil
                } catch {
                    return error.text
                }
            })
        let result = NetworkTools.run(words[0], Array(words.dropFirst()), context: context, engine: &engine)
        stdout += result.stdout
        stderr += result.stderr
        if result.seconds > 0 { engine.advance(by: result.seconds) }
        return result.status
    }

    private static func execute(
        _ words: [String], engine: inout Engine, stdout: inout String, stderr: inout String, now: Int64
    ) -> Int32 {
        let args = Array(words.dropFirst())
        switch words[0] {
        case "echo":
            var rest = args[...]
            var newline = true
            while let first = rest.first, first == "-n" || first == "-e" || first == "-E" {
                if first == "-n" { newline = false }
                rest = rest.dropFirst()
            }
            stdout += rest.joined(separator: " ") + (newline ? "\n" : "")
            return 0
        case "pwd":
            stdout += FilePath.string(engine.hostCwd) + "\n"
            return 0
        case "cd":
            let target = args.first ?? "~"
            let path = expandHome(target)
            do throws(FSError) {
                try engine.withHost { (fs: inout ContainerFS, cwd: inout [String]) throws(FSError) in
                    let found = try fs.stat(path, cwd: cwd)
                    guard found.node.isDirectory else { throw .notADirectory }
                    cwd = found.path
                }
                return 0
            } catch {
                stderr += "bash: cd: \(target): \(error.text)\n"
                return 1
            }
        case "cat":
            var status: Int32 = 0
            for name in args {
                do throws(FSError) {
                    let content = try engine.host.read(expandHome(name), cwd: engine.hostCwd)
                    stdout += content.text ?? ""
                } catch {
                    stderr += "cat: \(name): \(error.text)\n"
                    status = 1
                }
            }
            return status
        case "ls":
            return list(args, engine: engine, stdout: &stdout, stderr: &stderr)
        case "mkdir":
            let parents = args.contains("-p")
            var status: Int32 = 0
            for name in args where !name.hasPrefix("-") {
                do throws(FSError) {
                    try engine.withHost { (fs: inout ContainerFS, cwd: inout [String]) throws(FSError) in
                        try fs.makeDirectory(expandHome(name), cwd: cwd, parents: parents, mtime: now)
                    }
                } catch {
                    stderr += "mkdir: cannot create directory \u{2018}\(name)\u{2019}: \(error.text)\n"
                    status = 1
                }
            }
            return status
        case "rm":
            let options = args.filter { $0.hasPrefix("-") && $0 != "-" }.joined()
            let recursive = options.contains("r") || options.contains("R")
            let force = options.contains("f")
            var status: Int32 = 0
            for name in args where !(name.hasPrefix("-") && name != "-") {
                do throws(FSError) {
                    try engine.withHost { (fs: inout ContainerFS, cwd: inout [String]) throws(FSError) in
                        try fs.remove(expandHome(name), cwd: cwd, recursive: recursive)
                    }
                } catch {
                    if force && error == .noSuchFile { continue }
                    stderr += "rm: cannot remove '\(name)': \(error.text)\n"
                    status = 1
                }
            }
            return status
        case "touch":
            var status: Int32 = 0
            for name in args where !name.hasPrefix("-") {
                do throws(FSError) {
                    try engine.withHost { (fs: inout ContainerFS, cwd: inout [String]) throws(FSError) in
                        try fs.touch(expandHome(name), cwd: cwd, mtime: now)
                    }
                } catch {
                    stderr += "touch: cannot touch '\(name)': \(error.text)\n"
                    status = 1
                }
            }
            return status
        default:
            return 127
        }
    }

    /// `ls [-a] [-1] [PATH...]`: names sorted, in columns as on a terminal (`-1`: one a line).
    private static func list(_ args: [String], engine: Engine, stdout: inout String, stderr: inout String) -> Int32 {
        var all = false
        var onePerLine = false
        var paths: [String] = []
        for arg in args {
            if arg.hasPrefix("-") && arg.count > 1 {
                for option in arg.dropFirst() {
                    switch option {
                    case "a": all = true
                    case "1": onePerLine = true
                    default:
                        stderr += "ls: invalid option -- '\(option)'\nTry 'ls --help' for more information.\n"
                        return 2
                    }
                }
            } else {
                paths.append(arg)
            }
        }
        if paths.isEmpty { paths = ["."] }
        var status: Int32 = 0
        var files: [String] = []
        var directories: [(String, [String])] = []
        for path in paths {
            guard let found = try? engine.host.stat(expandHome(path), cwd: engine.hostCwd) else {
                stderr += "ls: cannot access '\(path)': No such file or directory\n"
                status = 2
                continue
            }
            if found.node.isDirectory {
                var names = engine.host.list(found.path).filter { !$0.value.isWhiteout }.map(\.key)
                if all { names += [".", ".."] }
                names = names.filter { all || !$0.hasPrefix(".") }
                directories.append((path, sortedForLs(names)))
            } else {
                files.append(path)
            }
        }
        var blocks: [String] = []
        let layout: ([String]) -> String = { names in onePerLine ? names.map { $0 + "\n" }.joined() : columns(names) }
        if !files.isEmpty { blocks.append(layout(sortedForLs(files))) }
        let titled = paths.count > 1
        for (path, names) in directories {
            var block = titled ? "\(path):\n" : ""
            block += layout(names)
            blocks.append(block)
        }
        stdout += blocks.joined(separator: "\n")
        return status
    }

    /// GNU `ls -C` on an 80-column terminal: as many columns as fit, filled top to bottom, each
    /// as wide as its longest name plus two spaces (the last one unpadded).
    static func columns(_ names: [String], width: Int = 80) -> String {
        guard !names.isEmpty else { return "" }
        var best: (rows: Int, widths: [Int]) = (names.count, [names.map(\.count).max() ?? 0])
        for count in stride(from: names.count, through: 1, by: -1) {
            let rows = (names.count + count - 1) / count
            let used = (names.count + rows - 1) / rows
            var widths: [Int] = []
            for column in 0..<used {
                let slice = names[(column * rows)..<min(names.count, (column + 1) * rows)]
                widths.append((slice.map(\.count).max() ?? 0) + (column == used - 1 ? 0 : 2))
            }
            if widths.reduce(0, +) < width || count == 1 {
                best = (rows, widths)
                break
            }
        }
        var text = ""
        for row in 0..<best.rows {
            var line = ""
            for column in best.widths.indices {
                let index = column * best.rows + row
                guard index < names.count else { break }
                let name = names[index]
                let isLast = column == best.widths.count - 1 || index + best.rows >= names.count
                line += isLast ? name : name + String(repeating: " ", count: best.widths[column] - name.count)
            }
            text += line + "\n"
        }
        return text
    }

    /// GNU ls in a UTF-8 locale: case and leading dots ignored, `.` and `..` first.
    private static func sortedForLs(_ names: [String]) -> [String] {
        names.sorted { lhs, rhs in
            func key(_ name: String) -> String {
                if name == "." || name == ".." { return name }
                return String(name.drop { $0 == "." }).lowercased()
            }
            let (a, b) = (key(lhs), key(rhs))
            return a == b ? lhs < rhs : a < b
        }
    }

    private static func expandHome(_ path: String) -> String {
        if path == "~" { return "/home/usuario" }
        if path.hasPrefix("~/") { return "/home/usuario" + path.dropFirst() }
        return path
    }

    // MARK: - Parsing

    struct Redirect {
        var path: String
        var append: Bool
    }

    /// Words (quotes removed) and one `>`/`>>` redirection; nil for a line with `|`, `;`, `&`, `<`,
    /// `$`, backquotes or parentheses outside single quotes (where bash takes them literally:
    /// `echo '- ${PUERTO}:80' >> compose.yaml`), or unbalanced quotes.
    static func parse(_ line: String) -> (words: [String], redirect: Redirect?)? {
        var single = false
        var double = false
        let special = line.contains { char in
            if char == "'" && !double { single.toggle() }
            if char == "\"" && !single { double.toggle() }
            return !single && "$`()".contains(char)
        }
        guard !special, let tokens = try? ShellWords.tokenize(line) else {
            return nil
        }
        var words: [String] = []
        var redirect: Redirect?
        var pendingRedirect: Bool?  // append?
        for token in tokens {
            switch token {
            case .word(let word):
                if let append = pendingRedirect {
                    redirect = Redirect(path: word, append: append)
                    pendingRedirect = nil
                } else {
                    words.append(word)
                }
            case .op(let op):
                guard op == ">" || op == ">>", pendingRedirect == nil, redirect == nil else { return nil }
                pendingRedirect = op == ">>"
            }
        }
        if pendingRedirect != nil { return nil }
        return (words, redirect)
    }
}
