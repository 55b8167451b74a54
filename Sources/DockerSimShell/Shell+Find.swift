import DockerSimCore

/// GNU findutils 4.9 `find` (and BusyBox's, with its own error texts), coreutils 9.1 `du` and
/// debianutils 5.7 `which`, over the machine's file system. A folder's entries are walked in the
/// order of their names' bytes (a real file system gives them in its own order, which differs
/// from one disk to another).
extension Shell {
    /// A `find` expression.
    indirect enum FindExpression {
        case name(String, caseless: Bool)
        case path(String, caseless: Bool)
        case type(Set<Character>)
        case empty
        case size(comparison: Int, count: Int64, unit: Int64)
        case newer(Int64)
        case user(Int)
        case group(Int)
        case constant(Bool)
        case print
        case exec([String], batch: Bool)
        case delete
        case not(FindExpression)
        case and(FindExpression, FindExpression)
        case or(FindExpression, FindExpression)

        /// Whether it prints or runs something (else `-print` is added).
        var acts: Bool {
            switch self {
            case .print, .exec, .delete: true
            case .not(let inner): inner.acts
            case .and(let a, let b), .or(let a, let b): a.acts || b.acts
            default: false
            }
        }

        var deletes: Bool {
            switch self {
            case .delete: true
            case .not(let inner): inner.deletes
            case .and(let a, let b), .or(let a, let b): a.deletes || b.deletes
            default: false
            }
        }
    }

    /// What `find` knows of an entry it meets.
    struct FoundEntry {
        var shown: String
        var path: [String]
        var node: FileNode
        var depth: Int
    }

    /// How `find` quotes a file name in its messages: `‘x’` in the host's UTF-8 locale, `'x'` in
    /// a container's C locale, bare in BusyBox's.
    struct FindQuoting {
        var busyBox: Bool
        var utf8Locale: Bool

        func quote(_ text: String) -> String {
            busyBox ? text : utf8Locale ? "\u{2018}\(text)\u{2019}" : "'\(text)'"
        }
    }

    struct FindFailure: Error {
        var message: String
    }

    /// `find [PATH…] [EXPRESSION]`.
    mutating func find(_ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        guard let fs = fileSystem(engine) else { return 1 }
        let style = FindQuoting(busyBox: isBusyBox, utf8Locale: machine == .host && !isBusyBox)
        func quoted(_ text: String) -> String { style.quote(text) }
        var index = 0
        var starts: [String] = []
        while index < args.count, !args[index].hasPrefix("-") || args[index] == "-", args[index] != "!",
            args[index] != "("
        {
            starts.append(args[index])
            index += 1
        }
        if starts.isEmpty { starts = ["."] }
        var maxDepth = Int.max
        var minDepth = 0
        var parser = FindParser(words: Array(args[index...]), fs: fs, cwd: cwd, quoting: style)
        let parsed: FindExpression?
        do {
            parsed = try parser.parseAll(maxDepth: &maxDepth, minDepth: &minDepth)
        } catch {
            io.stderr += "find: " + error.message + "\n"
            return 1
        }
        var expression = parsed ?? .constant(true)
        if !expression.acts { expression = .and(expression, .print) }
        let depthFirst = expression.deletes
        var status: Int32 = 0
        var batch: [String: [String]] = [:]
        var batchOrder: [[String]] = []

        func evaluate(_ expression: FindExpression, _ entry: FoundEntry, engine: inout Engine) -> Bool {
            switch expression {
            case .name(let pattern, let caseless):
                let base = entry.depth == 0 ? Self.findBaseName(entry.shown) : entry.path.last ?? "/"
                return caseless
                    ? Glob.matches(pattern.lowercased(), base.lowercased(), slashes: true)
                    : Glob.matches(pattern, base, slashes: true)
            case .path(let pattern, let caseless):
                return caseless
                    ? Glob.matches(pattern.lowercased(), entry.shown.lowercased(), slashes: true)
                    : Glob.matches(pattern, entry.shown, slashes: true)
            case .type(let kinds):
                switch entry.node {
                case .directory: return kinds.contains("d")
                case .file: return kinds.contains("f")
                case .symlink: return kinds.contains("l")
                case .whiteout: return false
                }
            case .empty:
                switch entry.node {
                case .file(let content, _): return content.size == 0
                case .directory:
                    return fs.list(entry.path).values.allSatisfy { if case .whiteout = $0 { true } else { false } }
                default: return false
                }
            case .size(let comparison, let count, let unit):
                let bytes = Self.findSize(entry.node)
                let units = (bytes + unit - 1) / unit
                return comparison > 0 ? units > count : comparison < 0 ? units < count : units == count
            case .newer(let time):
                return (entry.node.metadata?.mtime ?? 0) > time
            case .user(let uid):
                return entry.node.metadata?.uid == uid
            case .group(let gid):
                return entry.node.metadata?.gid == gid
            case .constant(let value):
                return value
            case .print:
                io.stdout += entry.shown + "\n"
                return true
            case .exec(let words, let batched):
                if batched {
                    if batch[words.joined(separator: "\u{0}")] == nil { batchOrder.append(words) }
                    batch[words.joined(separator: "\u{0}"), default: []].append(entry.shown)
                    return true
                }
                let command = words.map { $0.replacingOccurrences(of: "{}", with: entry.shown) }
                return run(command, io: &io, engine: &engine) == 0
            case .delete:
                do {
                    try withFileSystem(&engine) { (fs: inout ContainerFS) throws(FSError) in
                        try fs.remove(entry.shown, cwd: cwd, recursive: false)
                    }
                } catch {
                    io.stderr += "find: cannot delete \(quoted(entry.shown)): \(error.text)\n"
                    status = 1
                    return false
                }
                return true
            case .not(let inner):
                return !evaluate(inner, entry, engine: &engine)
            case .and(let a, let b):
                return evaluate(a, entry, engine: &engine) && evaluate(b, entry, engine: &engine)
            case .or(let a, let b):
                return evaluate(a, entry, engine: &engine) || evaluate(b, entry, engine: &engine)
            }
        }

        func visit(_ entry: FoundEntry, engine: inout Engine) {
            let visible = entry.depth >= minDepth
            if visible && !depthFirst { _ = evaluate(expression, entry, engine: &engine) }
            if case .directory = entry.node, entry.depth < maxDepth {
                if fs.isSealed(entry.path) {
                    io.stderr += "find: \(quoted(entry.shown)): \(FSError.permissionDenied.text)\n"
                    status = 1
                } else {
                    let children = fs.list(entry.path).filter { if case .whiteout = $0.value { false } else { true } }
                    for name in children.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                        guard let node = children[name] else { continue }
                        let shown = entry.shown.hasSuffix("/") ? entry.shown + name : entry.shown + "/" + name
                        visit(
                            FoundEntry(shown: shown, path: entry.path + [name], node: node, depth: entry.depth + 1),
                            engine: &engine)
                    }
                }
            }
            if visible && depthFirst { _ = evaluate(expression, entry, engine: &engine) }
        }

        for start in starts {
            do {
                let (path, node) = try fs.stat(start, cwd: cwd, follow: false)
                visit(FoundEntry(shown: start, path: path, node: node, depth: 0), engine: &engine)
            } catch {
                io.stderr +=
                    isBusyBox ? "find: \(start): \(error.text)\n" : "find: \(quoted(start)): \(error.text)\n"
                status = 1
            }
        }
        for words in batchOrder {
            let found = batch[words.joined(separator: "\u{0}")] ?? []
            var command: [String] = []
            for word in words {
                if word == "{}" { command += found } else { command.append(word) }
            }
            if run(command, io: &io, engine: &engine) != 0 { status = 1 }
        }
        return status
    }

    /// Runs a command `find -exec` or `xargs` starts, with the caller's output.
    private mutating func run(_ words: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        guard !words.isEmpty else { return 0 }
        var inner = io
        inner.stdout = ""
        inner.stderr = ""
        inner.stdin = ""
        inner.stdinIsTerminal = false
        let status = dispatch(words, io: &inner, engine: &engine)
        io.stdout += inner.stdout
        io.stderr += inner.stderr
        return status
    }

    /// The name `-name` tests for a starting point: its last component (`a/` → `a`).
    static func findBaseName(_ shown: String) -> String {
        let parts = shown.split(separator: "/")
        return parts.last.map(String.init) ?? (shown.hasPrefix("/") ? "/" : shown)
    }

    /// `st_size` as `find -size` and `du --apparent-size` read it: a file's bytes, a folder's
    /// 4096, a link's target's length.
    static func findSize(_ node: FileNode) -> Int64 {
        switch node {
        case .file(let content, _): content.size
        case .directory: 4096
        case .symlink(let target, _): Int64(target.utf8.count)
        case .whiteout: 0
        }
    }

    /// Reads a `find` expression (GNU findutils' grammar: `!`, `-a`, `-o`, `( )`).
    struct FindParser {
        var words: [String]
        var position = 0
        let fs: ContainerFS
        let cwd: [String]
        let quoting: FindQuoting

        init(words: [String], fs: ContainerFS, cwd: [String], quoting: FindQuoting) {
            self.words = words
            self.fs = fs
            self.cwd = cwd
            self.quoting = quoting
        }

        func quote(_ text: String) -> String { quoting.quote(text) }

        mutating func parseAll(maxDepth: inout Int, minDepth: inout Int) throws(FindFailure) -> FindExpression? {
            // The global options first, wherever they are.
            var kept: [String] = []
            var index = 0
            while index < words.count {
                let word = words[index]
                if word == "-maxdepth" || word == "-mindepth" {
                    guard index + 1 < words.count else { throw FindFailure(message: "missing argument to `\(word)'") }
                    guard let value = Int(words[index + 1]), value >= 0 else {
                        throw FindFailure(
                            message:
                                "Expected a positive decimal integer argument to \(word), but got ‘\(words[index + 1])’"
                        )
                    }
                    if word == "-maxdepth" { maxDepth = value } else { minDepth = value }
                    index += 2
                    continue
                }
                kept.append(word)
                index += 1
            }
            words = kept
            guard !words.isEmpty else { return nil }
            let expression = try parseOr()
            if position < words.count {
                if words[position] == ")" { throw FindFailure(message: "invalid expression; you have too many ')'") }
                throw pathAfterExpression(words[position])
            }
            return expression
        }

        /// "paths must precede expression", with findutils' hint when the word follows a pattern
        /// (`find -name *.txt .` after the shell expanded the pattern).
        func pathAfterExpression(_ word: String) -> FindFailure {
            var message = "paths must precede expression: `\(word)'"
            let patterns: Set<String> = ["-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename"]
            if let at = words.firstIndex(of: word), at >= 2, patterns.contains(words[at - 2]) {
                message += "\nfind: possible unquoted pattern after predicate `\(words[at - 2])'?"
            }
            return FindFailure(message: message)
        }

        mutating func parseOr() throws(FindFailure) -> FindExpression {
            var left = try parseAnd()
            while position < words.count, words[position] == "-o" || words[position] == "-or" {
                position += 1
                guard position < words.count, words[position] != ")" else {
                    throw FindFailure(
                        message: "invalid expression; you have used a binary operator '-o' with nothing after it.")
                }
                left = .or(left, try parseAnd())
            }
            return left
        }

        mutating func parseAnd() throws(FindFailure) -> FindExpression {
            var left = try parseNot()
            while position < words.count {
                let word = words[position]
                if word == "-o" || word == "-or" || word == ")" { break }
                if word == "-a" || word == "-and" { position += 1 }
                left = .and(left, try parseNot())
            }
            return left
        }

        mutating func parseNot() throws(FindFailure) -> FindExpression {
            if position < words.count, words[position] == "!" || words[position] == "-not" {
                position += 1
                return .not(try parseNot())
            }
            return try parsePrimary()
        }

        mutating func parsePrimary() throws(FindFailure) -> FindExpression {
            guard position < words.count else { throw FindFailure(message: "invalid expression") }
            let word = words[position]
            position += 1
            func argument() throws(FindFailure) -> String {
                guard position < words.count else { throw FindFailure(message: "missing argument to `\(word)'") }
                position += 1
                return words[position - 1]
            }
            switch word {
            case "(":
                let inner = try parseOr()
                guard position < words.count, words[position] == ")" else {
                    throw FindFailure(
                        message: "invalid expression; I was expecting to find a ')' somewhere but did not see one.")
                }
                position += 1
                return inner
            case "-name", "-iname":
                return .name(try argument(), caseless: word == "-iname")
            case "-path", "-ipath", "-wholename", "-iwholename":
                return .path(try argument(), caseless: word.hasPrefix("-i"))
            case "-type":
                let value = try argument()
                var kinds: Set<Character> = []
                for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                    guard part.count == 1, let kind = part.first, "bcdpflsD".contains(kind) else {
                        throw FindFailure(message: "Unknown argument to -type: \(part)")
                    }
                    kinds.insert(kind)
                }
                return .type(kinds)
            case "-empty":
                return .empty
            case "-size":
                let value = try argument()
                var text = Substring(value)
                var comparison = 0
                if text.hasPrefix("+") {
                    comparison = 1
                    text = text.dropFirst()
                } else if text.hasPrefix("-") {
                    comparison = -1
                    text = text.dropFirst()
                }
                var unit: Int64 = 512
                if let last = text.last, !last.isNumber {
                    switch last {
                    case "c": unit = 1
                    case "w": unit = 2
                    case "b": unit = 512
                    case "k": unit = 1024
                    case "M": unit = 1_048_576
                    case "G": unit = 1_073_741_824
                    default: throw FindFailure(message: "invalid -size type `\(last)'")
                    }
                    text = text.dropLast()
                }
                guard let count = Int64(text) else {
                    throw FindFailure(message: "invalid argument `\(value)' to `-size'")
                }
                return .size(comparison: comparison, count: count, unit: unit)
            case "-newer":
                let file = try argument()
                guard let found = try? fs.stat(file, cwd: cwd, follow: true) else {
                    throw FindFailure(message: "\(quote(file)): No such file or directory")
                }
                return .newer(found.node.metadata?.mtime ?? 0)
            case "-user", "-group":
                let value = try argument()
                let names = Shell.accountNames(fs)
                let table = word == "-user" ? names.users : names.groups
                if let number = Int(value) { return word == "-user" ? .user(number) : .group(number) }
                guard let id = table.first(where: { $0.value == value })?.key else {
                    throw FindFailure(
                        message: "\(quote(value)) is not the name of a known \(word == "-user" ? "user" : "group")")
                }
                return word == "-user" ? .user(id) : .group(id)
            case "-true":
                return .constant(true)
            case "-false":
                return .constant(false)
            case "-print":
                return .print
            case "-delete":
                return .delete
            case "-exec":
                var command: [String] = []
                while position < words.count {
                    let part = words[position]
                    position += 1
                    if part == ";" { return .exec(command, batch: false) }
                    if part == "+", command.last == "{}" { return .exec(command, batch: true) }
                    command.append(part)
                }
                throw FindFailure(message: "missing argument to `-exec'")
            default:
                if word.hasPrefix("-") && word.count > 1 {
                    throw FindFailure(message: "unknown predicate `\(word)'")
                }
                throw pathAfterExpression(word)
            }
        }
    }

    /// `du [-a|-s] [-c] [-h|-k|-m|-b] [--apparent-size] [-d N] [FILE…]`: the disk each folder
    /// (with `-a` each file too) takes, in 1 KiB blocks: a folder 4 KiB, a file its size rounded
    /// up to 4 KiB blocks, a link nothing.
    mutating func du(_ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        guard let fs = fileSystem(engine) else { return 1 }
        var all = false
        var summarize = false
        var total = false
        var human = false
        var apparent = false
        var blockSize: Int64 = 1024
        var maxDepth = Int.max
        var operands: [String] = []
        var index = 0
        func usage(_ text: String) -> Int32 {
            io.stderr += "du: \(text)\nTry 'du --help' for more information.\n"
            return 1
        }
        func depth(_ value: String) -> Int? {
            guard let number = Int(value), number >= 0 else { return nil }
            return number
        }
        var onlyOperands = false
        while index < args.count {
            let arg = args[index]
            index += 1
            if onlyOperands || !arg.hasPrefix("-") || arg == "-" {
                operands.append(arg)
                continue
            }
            if arg == "--" {
                onlyOperands = true
                continue
            }
            if arg.hasPrefix("--") {
                let (name, value) =
                    arg.firstIndex(of: "=").map { (String(arg[..<$0]), String(arg[arg.index(after: $0)...])) }
                    ?? (arg, nil)
                switch name {
                case "--all": all = true
                case "--summarize": summarize = true
                case "--total": total = true
                case "--human-readable": human = true
                case "--apparent-size": apparent = true
                case "--bytes":
                    apparent = true
                    blockSize = 1
                case "--max-depth":
                    guard let value else { return usage("option '--max-depth' requires an argument") }
                    guard let number = depth(value) else { return usage("invalid maximum depth '\(value)'") }
                    maxDepth = number
                default:
                    return usage("unrecognized option '\(arg)'")
                }
                continue
            }
            var letters = Substring(arg.dropFirst())
            while let letter = letters.first {
                letters = letters.dropFirst()
                switch letter {
                case "a": all = true
                case "s": summarize = true
                case "c": total = true
                case "h": human = true
                case "k": blockSize = 1024
                case "m": blockSize = 1_048_576
                case "x", "S", "D", "H", "P", "l": break
                case "b":
                    apparent = true
                    blockSize = 1
                case "d":
                    guard let value = Self.optionValue(&letters, args, &index) else {
                        return usage("option requires an argument -- 'd'")
                    }
                    guard let number = depth(value) else { return usage("invalid maximum depth '\(value)'") }
                    maxDepth = number
                default:
                    return usage("invalid option -- '\(letter)'")
                }
            }
        }
        if summarize && all { return usage("cannot both summarize and show all entries") }
        if summarize {
            if maxDepth != Int.max && maxDepth != 0 {
                io.stderr += "du: warning: summarizing conflicts with --max-depth=\(maxDepth)\n"
                io.stderr += "Try 'du --help' for more information.\n"
                return 1
            }
            maxDepth = 0
        }
        if operands.isEmpty { operands = ["."] }
        var status: Int32 = 0
        var grand: Int64 = 0
        func shown(_ bytes: Int64) -> String {
            if human { return Self.humanSize(bytes) }
            return String((bytes + blockSize - 1) / blockSize)
        }
        /// The bytes an entry takes (on disk, or apparent), printing what it should.
        func walk(_ node: FileNode, path: [String], label: String, depth: Int) -> Int64 {
            switch node {
            case .directory:
                var bytes: Int64 = 4096
                if fs.isSealed(path) {
                    io.stderr += "du: cannot read directory '\(label)': \(FSError.permissionDenied.text)\n"
                    status = 1
                } else {
                    let children = fs.list(path)
                    for name in children.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                        guard let child = children[name] else { continue }
                        if case .whiteout = child { continue }
                        let childLabel = label.hasSuffix("/") ? label + name : label + "/" + name
                        bytes += walk(child, path: path + [name], label: childLabel, depth: depth + 1)
                    }
                }
                if depth <= maxDepth { io.stdout += shown(bytes) + "\t" + label + "\n" }
                return bytes
            case .file(let content, _):
                let bytes = apparent ? content.size : (content.size + 4095) / 4096 * 4096
                if (all || depth == 0) && depth <= maxDepth { io.stdout += shown(bytes) + "\t" + label + "\n" }
                return bytes
            case .symlink(let target, _):
                let bytes = apparent ? Int64(target.utf8.count) : 0
                if (all || depth == 0) && depth <= maxDepth { io.stdout += shown(bytes) + "\t" + label + "\n" }
                return bytes
            case .whiteout:
                return 0
            }
        }
        for operand in operands {
            do {
                let (path, node) = try fs.stat(operand, cwd: cwd, follow: false)
                grand += walk(node, path: path, label: operand, depth: 0)
            } catch {
                io.stderr += "du: cannot access '\(operand)': \(error.text)\n"
                status = 1
            }
        }
        if total { io.stdout += shown(grand) + "\ttotal\n" }
        return status
    }

    /// The value of a short option that takes one, as getopt reads it: the rest of its word
    /// (`-d1`, leaving `letters` empty), else the next word (`-d 1`, moving `index` past it); nil
    /// when there is none.
    static func optionValue(_ letters: inout Substring, _ args: [String], _ index: inout Int) -> String? {
        if !letters.isEmpty {
            defer { letters = "" }
            return String(letters)
        }
        guard index < args.count else { return nil }
        index += 1
        return args[index - 1]
    }

    /// debianutils' `which [-a] NAME…` (BusyBox's in an ash image): the path of each program
    /// found along `$PATH`, nothing for one that is not; status 1 when one is missing.
    mutating func whichCommand(_ args: [String], io: inout CommandIO, engine: Engine) -> Int32 {
        var all = false
        var names: [String] = []
        var options = true
        for arg in args {
            if options, arg == "--" {
                options = false
                continue
            }
            if options, arg.hasPrefix("-"), arg.count > 1 {
                for letter in arg.dropFirst() {
                    guard letter == "a" else {
                        if isBusyBox {
                            io.stderr += "which: unrecognized option: \(letter)\n"
                            io.stderr += "BusyBox v1.36.1 (2023-11-07 18:53:09 UTC) multi-call binary.\n\n"
                            io.stderr += "Usage: which [-a] COMMAND...\n\nLocate COMMAND\n\n\t-a\tShow all matches\n"
                            return 1
                        }
                        io.stderr += "Illegal option -\(letter)\n"
                        io.stdout += "Usage: /usr/bin/which [-a] args\n"
                        return 2
                    }
                    all = true
                }
                continue
            }
            options = false
            names.append(arg)
        }
        var status: Int32 = names.isEmpty ? 1 : 0
        let folders = Self.pathFolders(env["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        for name in names {
            var found = false
            if name.contains("/") {
                if which(name, engine: engine, provider: io.provider) != nil {
                    io.stdout += name + "\n"
                    found = true
                }
            } else {
                for folder in folders {
                    let candidate = folder + "/" + name
                    if isExecutable(candidate, name: name, engine: engine, provider: io.provider) {
                        io.stdout += candidate + "\n"
                        found = true
                        if !all { break }
                    }
                }
            }
            if !found { status = 1 }
        }
        return status
    }

    /// Whether `path` (in a folder of `$PATH`) is an executable file: on the host, the host's
    /// programs and the provider's are in `/usr/bin` (and `/bin`, its merged-`/usr` link).
    private func isExecutable(
        _ path: String, name: String, engine: Engine, provider: (any ShellCommandProvider)?
    ) -> Bool {
        if machine == .host {
            let folder = String(path.dropLast(name.utf8.count + 1))
            return ["/usr/bin", "/bin"].contains(folder)
                && (Self.hostPrograms.contains(name) || provider?.provides(name) == true)
        }
        guard let fs = fileSystem(engine), case .file(_, let meta)? = try? fs.stat(path, cwd: cwd).node else {
            return false
        }
        return meta.mode & 0o111 != 0
    }
}
