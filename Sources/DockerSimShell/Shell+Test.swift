import DockerSimCore

/// `test EXPR` and `[ EXPR ]`, the shell builtin (bash's `test.c`: POSIX's rules by number of
/// arguments up to four, then the `-o`/`-a`/`!`/`( )` grammar), on the simulated disk. Errors
/// have status 2 and each shell's wording: bash's test.c, dash's (`/bin/sh: 1: [: Illegal
/// number: a`), BusyBox's (`sh: a: bad number`).
extension Shell {
    mutating func test(_ name: String, _ arguments: [String], io: inout CommandIO, engine: Engine) -> Int32 {
        var words = arguments
        if name == "[" || name == "[[" {
            guard words.last == (name == "[" ? "]" : "]]") else {
                if name == "[[", case .ash(let shellName, _) = flavor {
                    io.stderr += shellName + ": missing ]]\n"
                    return 2
                }
                return testError(name, .missingBracket, io: &io)
            }
            words.removeLast()
        }
        var test = TestExpression(words: words, shell: self, engine: engine, root: !(machine == .host && !io.asRoot))
        test.terminals = [io.stdinIsTerminal, io.stdoutIsTerminal, terminal]
        do throws(TestExpression.Failure) {
            return try test.evaluate() ? 0 : 1
        } catch {
            return testError(name, error, io: &io)
        }
    }

    /// The error text of each shell for a failed expression; status 2.
    private func testError(_ name: String, _ failure: TestExpression.Failure, io: inout CommandIO) -> Int32 {
        let text: String
        switch (failure, flavor) {
        case (.missingBracket, .bash): text = "missing `]'"
        case (.missingBracket, _): text = "missing ]"
        case (.integerExpected(let word), .bash): text = "\(word): integer expression expected"
        case (.integerExpected(let word), .dash): text = "Illegal number: \(word)"
        case (.integerExpected(let word), .ash): text = "\(word): bad number"
        case (.unaryExpected(let word), .bash): text = "\(word): unary operator expected"
        case (.binaryExpected(let word), .bash): text = "\(word): binary operator expected"
        case (.unaryExpected(let word), .ash), (.binaryExpected(let word), .ash): text = "\(word): unknown operand"
        case (.unaryExpected(let word), _), (.binaryExpected(let word), _): text = "\(word): unexpected operator"
        case (.argumentExpected, _): text = "argument expected"
        case (.closingParen(nil), .bash): text = "`)' expected"
        case (.closingParen(let word?), .bash): text = "`)' expected, found \(word)"
        case (.closingParen, _): text = "closing paren expected"
        case (.unexpected(let word), .bash): text = "syntax error: `\(word)' unexpected"
        case (.unexpected(let word), _): text = "\(word): unexpected operator"
        case (.tooMany, .bash): text = "too many arguments"
        case (.tooMany, _): text = "unexpected operator"
        }
        // BusyBox's test reports as the shell (`sh: a: bad number`), without the builtin's name.
        if case .ash(let shellName, _) = flavor {
            io.stderr += shellName + ": " + text + "\n"
        } else {
            io.stderr += builtinErrorPrefix(name) + text + "\n"
        }
        return 2
    }
}

/// One evaluation of a `test` expression (bash's `posixtest` and `expr`).
struct TestExpression {
    enum Failure: Error {
        case missingBracket
        case integerExpected(String)
        case unaryExpected(String)
        case binaryExpected(String)
        case argumentExpected
        case closingParen(String?)
        case unexpected(String)
        case tooMany
    }

    let words: [String]
    let shell: Shell
    let engine: Engine
    /// Whether the shell runs as root (file permissions do not limit reading and writing).
    let root: Bool
    /// Whether descriptors 0, 1 and 2 are the terminal (`-t FD`): stdin and stdout as the
    /// command is wired, stderr when the shell has a terminal.
    var terminals = [false, false, false]
    var position = 0

    init(words: [String], shell: Shell, engine: Engine, root: Bool) {
        self.words = words
        self.shell = shell
        self.engine = engine
        self.root = root
    }

    /// True or false, or the syntax error bash reports.
    mutating func evaluate() throws(Failure) -> Bool {
        guard !words.isEmpty else { return false }
        let value: Bool
        switch words.count {
        case 1:
            value = !words[0].isEmpty
            position = words.count
        case 2:
            value = try twoArguments()
            position = words.count
        case 3:
            value = try threeArguments()
        case 4 where words[0] == "!":
            position = 1
            value = try !threeArguments()
        case 4 where words[0] == "(" && words[3] == ")":
            position = 1
            value = try twoArguments()
            position = words.count
        default:
            value = try or()
        }
        if position != words.count {
            if words[position].hasPrefix("-") { throw .unexpected(words[position]) }
            throw .tooMany
        }
        return value
    }

    private static let unaryOperators: Set<String> = [
        "-a", "-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-n", "-o", "-p", "-r", "-s", "-t", "-u", "-v", "-w",
        "-x", "-z", "-G", "-L", "-O", "-S", "-N", "-R",
    ]

    private static let binaryOperators: Set<String> = [
        "=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef",
    ]

    private mutating func twoArguments() throws(Failure) -> Bool {
        let first = words[position]
        if first == "!" { return words[position + 1].isEmpty }
        guard Self.unaryOperators.contains(first) else { throw .unaryExpected(first) }
        return unary(first, words[position + 1])
    }

    private mutating func threeArguments() throws(Failure) -> Bool {
        let middle = words[position + 1]
        let value: Bool
        if Self.binaryOperators.contains(middle) {
            value = try binary(middle, words[position], words[position + 2])
        } else if middle == "-a" || middle == "-o" {
            let left = !words[position].isEmpty
            let right = !words[position + 2].isEmpty
            value = middle == "-a" ? left && right : left || right
        } else if words[position] == "!" {
            position += 1
            value = try !twoArguments()
        } else if words[position] == "(" && words[position + 2] == ")" {
            value = !words[position + 1].isEmpty
        } else {
            throw .binaryExpected(middle)
        }
        position = words.count
        return value
    }

    private mutating func or() throws(Failure) -> Bool {
        let value = try and()
        if position < words.count && words[position] == "-o" {
            position += 1
            let right = try or()
            return value || right
        }
        return value
    }

    private mutating func and() throws(Failure) -> Bool {
        let value = try term()
        if position < words.count && words[position] == "-a" {
            position += 1
            let right = try and()
            return value && right
        }
        return value
    }

    private mutating func advance() throws(Failure) {
        position += 1
        if position >= words.count { throw .argumentExpected }
    }

    private mutating func term() throws(Failure) -> Bool {
        guard position < words.count else { throw .argumentExpected }
        if words[position] == "!" {
            var negate = false
            while position < words.count && words[position] == "!" {
                try advance()
                negate.toggle()
            }
            let value = try term()
            return negate ? !value : value
        }
        if words[position] == "(" {
            try advance()
            let value = try or()
            guard position < words.count else { throw .closingParen(nil) }
            guard words[position] == ")" else { throw .closingParen(words[position]) }
            position += 1
            return value
        }
        if position + 3 <= words.count && Self.binaryOperators.contains(words[position + 1]) {
            let value = try binary(words[position + 1], words[position], words[position + 2])
            position += 3
            return value
        }
        if position + 2 <= words.count && Self.unaryOperators.contains(words[position]) {
            let value = unary(words[position], words[position + 1])
            position += 2
            return value
        }
        position += 1
        return !words[position - 1].isEmpty
    }

    private func binary(_ op: String, _ left: String, _ right: String) throws(Failure) -> Bool {
        switch op {
        case "=", "==": return left == right
        case "!=": return left != right
        case "<": return Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8))
        case ">": return Array(right.utf8).lexicographicallyPrecedes(Array(left.utf8))
        case "-nt", "-ot", "-ef": return files(op, left, right)
        default:
            guard let l = Self.integer(left) else { throw .integerExpected(left) }
            guard let r = Self.integer(right) else { throw .integerExpected(right) }
            switch op {
            case "-eq": return l == r
            case "-ne": return l != r
            case "-lt": return l < r
            case "-le": return l <= r
            case "-gt": return l > r
            default: return l >= r
            }
        }
    }

    /// bash's `legal_number`: blanks around an optional sign and decimal digits.
    static func integer(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: [" ", "\t", "\n"])
        guard !trimmed.isEmpty else { return nil }
        return Int64(trimmed)
    }

    private func node(_ path: String, follow: Bool = true) -> FileNode? {
        guard !path.isEmpty, let fs = shell.fileSystem(engine) else { return nil }
        return try? fs.stat(path, cwd: shell.cwd, follow: follow).node
    }

    private func files(_ op: String, _ left: String, _ right: String) -> Bool {
        let a = node(left)?.metadata
        let b = node(right)?.metadata
        switch op {
        case "-nt": return a != nil && (b == nil || a!.mtime > b!.mtime)
        case "-ot": return b != nil && (a == nil || a!.mtime < b!.mtime)
        default:
            guard let fs = shell.fileSystem(engine), a != nil, b != nil,
                let one = try? fs.stat(left, cwd: shell.cwd).path, let two = try? fs.stat(right, cwd: shell.cwd).path
            else { return false }
            return one == two
        }
    }

    private func unary(_ op: String, _ argument: String) -> Bool {
        switch op {
        case "-n": return !argument.isEmpty
        case "-z": return argument.isEmpty
        case "-h", "-L":
            if case .symlink? = node(argument, follow: false) { return true }
            return false
        case "-v": return shell.env[argument] != nil
        case "-t":
            // bash: a legal number that is an open descriptor on a terminal.
            guard let fd = Self.integer(argument), fd >= 0, fd < terminals.count else { return false }
            return terminals[Int(fd)]
        case "-o", "-R", "-b", "-c", "-p", "-S", "-N": return false
        default: break
        }
        guard let found = node(argument), let meta = found.metadata else { return false }
        switch op {
        case "-e", "-a": return true
        case "-f": if case .file = found { return true } else { return false }
        case "-d": return found.isDirectory
        case "-s": if case .file(let content, _) = found { return content.size > 0 } else { return true }
        case "-u": return meta.mode & 0o4000 != 0
        case "-g": return meta.mode & 0o2000 != 0
        case "-k": return meta.mode & 0o1000 != 0
        case "-O": return meta.uid == (root ? 0 : 1000)
        case "-G": return meta.gid == (root ? 0 : 1000)
        case "-r", "-w", "-x":
            let bit: UInt32 = op == "-r" ? 4 : op == "-w" ? 2 : 1
            if root { return bit != 1 || meta.mode & 0o111 != 0 || found.isDirectory }
            let shift: UInt32 = meta.uid == 1000 ? 6 : meta.gid == 1000 ? 3 : 0
            return (meta.mode >> shift) & bit != 0
        default: return false
        }
    }
}
