import DockerSimCore

/// `read`, the shell builtin: one line of the command's stdin split at `$IFS` into variables.
///
/// bash 5.2's `read [-ers] [-d DELIM] [-n N] [-N N] [-p PROMPT] [-t TIMEOUT] [-u FD] [NAME…]`
/// (`-a ARRAY` is not simulated: the shell has no arrays), dash's `read [-p PROMPT] [-r] NAME…`
/// and BusyBox ash's `read [-rs] [-d DELIM] [-n N] [-p PROMPT] [-t SECONDS] [-u FD] [NAME…]`,
/// with each one's error texts. It reads what the command's stdin holds (a pipe, a file, a
/// here-document) and takes only what it read from it (``CommandIO/consumed``), so `while read`
/// goes through the lines; a terminal's stdin is the end of input at once (status 1): the
/// prompt does not wait for a line.
extension Shell {
    static let readUsage =
        "read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n"

    /// The options of `read` in this shell's flavour: letters without and with an argument.
    private var readOptions: (flags: String, valued: String) {
        switch flavor {
        case .bash: ("ers", "adinNptu")
        case .dash: ("r", "p")
        case .ash: ("rs", "pdtnu")
        }
    }

    mutating func read(_ args: [String], io: inout CommandIO) -> Int32 {
        var raw = false
        var delimiter: Character? = "\n"
        var count: Int?
        var exact = false
        var prompt: String?
        var names: [String] = []
        var index = 0
        let (flags, valued) = readOptions
        // getopt: `-rp PROMPT`, `-pPROMPT`, `--` ends the options.
        options: while index < args.count {
            let word = args[index]
            guard word.hasPrefix("-"), word.count > 1 else { break }
            index += 1
            if word == "--" { break }
            var letters = Substring(word.dropFirst())
            while let letter = letters.first {
                letters = letters.dropFirst()
                if flags.contains(letter) {
                    if letter == "r" { raw = true }
                    continue
                }
                guard valued.contains(letter) else { return readError(.invalidOption(letter), io: &io) }
                guard let value = Self.optionValue(&letters, args, &index) else {
                    return readError(.missingArgument(letter), io: &io)
                }
                switch letter {
                case "p": prompt = value
                case "d": delimiter = value.first
                case "n", "N":
                    guard let number = Int(value), number >= 0 else { return readError(.count(value), io: &io) }
                    count = number
                    exact = letter == "N"
                case "t":
                    guard let seconds = Double(value), seconds >= 0,
                        value.first?.isNumber ?? false || value.first == "."
                    else { return readError(.timeout(value), io: &io) }
                case "u":
                    guard value == "0" else { return readError(.descriptor(value), io: &io) }
                case "a":
                    io.stderr += io.notSimulated("read -a")
                    return 1
                default: break
                }
            }
            continue options
        }
        names = Array(args[index...])
        for name in names where !Self.isIdentifier(name) { return readError(.identifier(name), io: &io) }
        if names.isEmpty, case .dash = flavor { return readError(.argumentCount, io: &io) }
        if let prompt, io.stdinIsTerminal { io.stderr += prompt }
        // What the line holds: each character with whether a backslash quoted it.
        var line: [(character: Character, quoted: Bool)] = []
        var consumed = 0
        var ended = false
        let input = io.stdinIsTerminal ? "" : io.stdin
        var characters = input.makeIterator()
        var escaped = false
        while count.map({ line.count < $0 }) ?? true {
            guard let character = characters.next() else {
                ended = true
                break
            }
            consumed += character.utf8.count
            if escaped {
                escaped = false
                if character != "\n" { line.append((character, true)) }
                continue
            }
            if !raw && character == "\\" {
                escaped = true
                continue
            }
            if !exact && character == (delimiter ?? "\0") { break }
            line.append((character, false))
        }
        if count == 0 { ended = false }
        io.consumed = consumed
        let ifs = env["IFS"] ?? " \t\n"
        if names.isEmpty {
            env["REPLY"] = String(line.map(\.character))
            return ended ? 1 : 0
        }
        assign(Self.splitFields(line, ifs: ifs, into: names.count), to: names)
        return ended ? 1 : 0
    }

    private mutating func assign(_ values: [String], to names: [String]) {
        for (position, name) in names.enumerated() { env[name] = position < values.count ? values[position] : "" }
    }

    /// A line split at `$IFS` into `count` values, as `read` splits it: IFS whitespace around
    /// fields is dropped, each other IFS character ends one field, the last value takes the rest
    /// (less trailing IFS whitespace, and one trailing delimiter when it alone is left).
    static func splitFields(_ line: [(character: Character, quoted: Bool)], ifs: String, into count: Int) -> [String] {
        func isIFS(_ item: (character: Character, quoted: Bool)) -> Bool {
            !item.quoted && ifs.contains(item.character)
        }
        func isBlank(_ item: (character: Character, quoted: Bool)) -> Bool {
            isIFS(item) && (item.character == " " || item.character == "\t" || item.character == "\n")
        }
        var values: [String] = []
        var position = 0
        while position < line.count, isBlank(line[position]) { position += 1 }
        while values.count < count - 1, position < line.count {
            var field = ""
            while position < line.count, !isIFS(line[position]) {
                field.append(line[position].character)
                position += 1
            }
            values.append(field)
            // The delimiter: blanks, at most one other IFS character, blanks.
            while position < line.count, isBlank(line[position]) { position += 1 }
            if position < line.count, isIFS(line[position]), !isBlank(line[position]) {
                position += 1
                while position < line.count, isBlank(line[position]) { position += 1 }
            }
        }
        var rest = Array(line[min(position, line.count)...])
        while let last = rest.last, isBlank(last) { rest.removeLast() }
        if let last = rest.last, isIFS(last) {
            var shorter = rest.dropLast()
            while let end = shorter.last, isBlank(end) { shorter.removeLast() }
            if !shorter.contains(where: isIFS) { rest = Array(shorter) }
        }
        if values.count < count { values.append(String(rest.map(\.character))) }
        return values
    }

    private enum ReadFailure {
        case invalidOption(Character)
        case missingArgument(Character)
        case count(String)
        case timeout(String)
        case descriptor(String)
        case identifier(String)
        case argumentCount
    }

    /// Each shell's words for a failed `read`, and its status.
    private func readError(_ failure: ReadFailure, io: inout CommandIO) -> Int32 {
        let prefix = builtinErrorPrefix("read")
        switch (flavor, failure) {
        case (.bash, .invalidOption(let letter)):
            io.stderr += prefix + "-\(letter): invalid option\n" + Self.readUsage
            return 2
        case (.bash, .missingArgument(let letter)):
            io.stderr += prefix + "-\(letter): option requires an argument\n" + Self.readUsage
            return 2
        case (.bash, .count(let value)):
            io.stderr += prefix + "\(value): invalid number\n"
        case (.bash, .timeout(let value)):
            io.stderr += prefix + "\(value): invalid timeout specification\n"
        case (.bash, .descriptor(let value)):
            io.stderr += prefix + "\(value): invalid file descriptor: Bad file descriptor\n"
        case (.bash, .identifier(let name)):
            io.stderr += prefix + "`\(name)': not a valid identifier\n"
        case (.dash, .invalidOption(let letter)):
            io.stderr += prefix + "Illegal option -\(letter)\n"
            return 2
        case (.dash, .missingArgument(let letter)):
            io.stderr += prefix + "No arg for -\(letter) option\n"
            return 2
        case (.dash, .identifier(let name)):
            io.stderr += prefix + "\(name): bad variable name\n"
            return 2
        case (.dash, _):
            io.stderr += prefix + "arg count\n"
            return 2
        case (.ash(let shellName, _), .identifier(let name)):
            // BusyBox's shell_builtin_read: "Mimic bash message", through bb_error_msg.
            io.stderr += "\(shellName): read: '\(name)': not a valid identifier\n"
        case (.ash, .invalidOption(let letter)):
            io.stderr += prefix + "illegal option -\(letter)\n"
            return 2
        case (.ash, .missingArgument(let letter)):
            io.stderr += prefix + "no arg for -\(letter) option\n"
            return 2
        case (.ash, .count):
            io.stderr += prefix + "invalid count\n"
            return 2
        case (.ash, .timeout):
            io.stderr += prefix + "invalid timeout\n"
            return 2
        case (.ash, .descriptor):
            io.stderr += prefix + "invalid file descriptor\n"
            return 2
        case (_, .argumentCount):
            break
        }
        return 1
    }
}

extension Shell {
    /// Programs that read their stdin when no file is named (`cat`, `wc`, `grep PATTERN`…).
    static let stdinReaders: Set<String> = Set([
        "cat", "wc", "head", "tail", "grep", "egrep", "fgrep", "bc", "sort", "uniq", "tr", "sed", "awk", "tee", "cut",
        "xargs", "base64", "md5sum", "sha256sum",
    ]).union(SQLClient.names)

    /// Whether a command (its expanded words) takes all of a stdin it shares with the commands
    /// after it, as a program that reads it to its end does (`cat` in a `while read` loop);
    /// commands that do not read it (`echo`, `docker rm`) leave it to the next `read`.
    static func readsStdin(_ words: [String]) -> Bool {
        guard let first = words.first else { return false }
        let name = lastComponent(first)
        let operands = words.dropFirst().filter { !$0.hasPrefix("-") || $0 == "-" }
        switch name {
        case "docker":
            // `docker exec -i`, `run -i`, `load`, `login --password-stdin` read it.
            return words.contains { ["-i", "-it", "-ti", "--interactive", "load", "--password-stdin"].contains($0) }
        case "sh", "bash", "dash", "ash":
            return !words.contains("-c") && operands.isEmpty
        default:
            guard stdinReaders.contains(name) else { return false }
            if operands.contains("-") { return true }
            switch name {
            case "grep", "egrep", "fgrep": return operands.count < 2
            case "xargs", "tr", "bc", "tee": return true
            default: return operands.isEmpty
            }
        }
    }
}
