import DockerSimCore

/// What `set` turns on: `-e` (errexit), `-u` (nounset), `-x` (xtrace), `-o pipefail` (bash).
struct ShellOptions: Sendable, Equatable {
    var errexit = false
    var nounset = false
    var xtrace = false
    var pipefail = false
}

extension Shell {
    /// bash's `set` letters that dockersim does not simulate yet (they say so).
    static let unsimulatedSetLetters: Set<Character> = [
        "a", "b", "f", "h", "k", "m", "n", "p", "t", "v", "B", "C", "E", "H", "P", "T",
    ]
    /// bash's `set -o` names that dockersim does not simulate yet.
    static let unsimulatedSetNames: Set<String> = [
        "allexport", "braceexpand", "emacs", "errtrace", "functrace", "hashall", "histexpand", "history",
        "ignoreeof", "interactive-comments", "keyword", "monitor", "noclobber", "noexec", "noglob", "nolog",
        "notify", "onecmd", "physical", "posix", "privileged", "verbose", "vi",
    ]

    /// `set [-eux] [+eux] [-o NAME] [+o NAME] [--] [ARGUMENT…]` (bash's `set.def`; dash's and
    /// ash's `setcmd`): options, then the positional parameters when there are arguments or
    /// `--`. `set` alone prints the variables.
    mutating func set(_ args: [String], io: inout CommandIO) -> Int32 {
        guard !args.isEmpty else {
            for name in env.keys.sorted() {
                io.stdout += name + "=" + ShellQuote.quote(env[name] ?? "") + "\n"
            }
            return 0
        }
        var rest = args[...]
        var options = self.options
        while let word = rest.first, word.count > 1, let sign = word.first, sign == "-" || sign == "+" {
            rest = rest.dropFirst()
            if word == "--" {
                positional = Array(rest)
                self.options = options
                return 0
            }
            let on = sign == "-"
            for letter in word.dropFirst() {
                switch letter {
                case "e": options.errexit = on
                case "u": options.nounset = on
                case "x": options.xtrace = on
                case "o":
                    guard let name = rest.first else {
                        // `set -o` alone lists the options: not simulated yet.
                        io.stderr += io.notSimulated("set -o")
                        return 1
                    }
                    rest = rest.dropFirst()
                    switch name {
                    case "errexit": options.errexit = on
                    case "nounset": options.nounset = on
                    case "xtrace": options.xtrace = on
                    case "pipefail" where flavor == .bash: options.pipefail = on
                    case _ where flavor == .bash && Self.unsimulatedSetNames.contains(name):
                        io.stderr += io.notSimulated("set -o " + name)
                        return 1
                    default:
                        if flavor == .bash {
                            io.stderr += "\(bashErrorStart)set: \(name): invalid option name\n"
                            return 2
                        }
                        return specialBuiltinError("set", "Illegal option -o \(name)", io: &io)
                    }
                case _ where Self.unsimulatedSetLetters.contains(letter):
                    io.stderr += io.notSimulated("set \(sign)\(letter)")
                    return 1
                default:
                    return invalidOption(
                        "set", "\(sign)\(letter)",
                        usage: "set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]", io: &io)
                }
            }
        }
        self.options = options
        if !rest.isEmpty { positional = Array(rest) }
        return 0
    }

    /// Whether `$name` is unset (for `set -u`): `$@`, `$*`, `$#`, `$?`, `$$` and `$0` never are.
    func isUnset(_ name: String) -> Bool {
        switch name {
        case "?", "$", "#", "0", "@", "*", "-", "!": return false
        case "LINENO": if case .dash = flavor { return env[name] == nil } else { return false }
        default:
            if let first = name.utf8.first, first >= 0x30, first <= 0x39, let number = Int(name) {
                return number < 1 || number > positional.count
            }
            return env[name] == nil
        }
    }

    /// An expansion in the command's words failed (``ExpansionError``): the command does not
    /// run. `set -u`'s unset variable and `${x:?…}`: an interactive bash drops the rest of the
    /// line ($? 1), a script ends (bash 5.2: 127 for a `-c` text, 1 for a file or stdin; dash
    /// and ash 2). `bad substitution` drops the command ($? 1).
    mutating func expansionFailed(io: inout CommandIO) -> CommandIO {
        let error = expansionError ?? .unbound("")
        expansionError = nil
        let message: String
        var fatal = true
        switch error {
        case .unbound(let name):
            let shown = name.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } == true ? "$" + name : name
            message = flavor == .bash ? "\(shown): unbound variable" : "\(name): parameter not set"
        case .discard(let text):
            message = text
            fatal = false
        case .fatal(let text):
            message = text
        }
        switch flavor {
        case .bash:
            io.stderr += bashErrorStart + message + "\n"
            if interactive || !fatal {
                io.control = fatal ? .abortLine : .discardCommand
                io.status = 1
            } else {
                // bash 5.2 leaves a `-c` text with 127 and a script (a file, stdin) with 1.
                let status: Int32 = sourceName == "environment" ? 127 : 1
                io.exit = status
                io.status = status
            }
        case .dash(let shellName):
            io.stderr += dashErrorStart(shellName) + message + "\n"
            io.exit = 2
            io.status = 2
        case .ash(let shellName, _):
            io.stderr += "\(shellName): \(message)\n"
            io.exit = 2
            io.status = 2
        }
        lastStatus = io.status
        return io
    }

    /// `set -x`'s line for a command's words (bash quotes what the shell would read otherwise;
    /// dash and ash print them as they are), `+` once more for each `$( )` level.
    func traceLine(_ words: [String], assignment: Bool) -> String {
        let prefix = String(repeating: "+", count: substitutionDepth + 1) + " "
        guard flavor == .bash else { return prefix + words.joined(separator: " ") + "\n" }
        let quoted = words.map { word -> String in
            if assignment, let equals = word.firstIndex(of: "=") {
                return String(word[...equals]) + Self.traceQuote(String(word[word.index(after: equals)...]))
            }
            return Self.traceQuote(word)
        }
        return prefix + quoted.joined(separator: " ") + "\n"
    }

    /// A word as bash's xtrace writes it: in single quotes when it is empty, holds a character
    /// the shell treats specially, or starts with `#` or `~` (`'a'\''b'` for a quote inside).
    static func traceQuote(_ word: String) -> String {
        let special =
            word.isEmpty || word.first == "#" || word.first == "~"
            || word.contains { " \t\n'\"\\|&;()<>!{}*[?]^$`".contains($0) }
        guard special else { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// Puts the trace line before what the command wrote (it goes to the shell's stderr before
    /// the command's redirections).
    func traced(_ trace: String, io: inout CommandIO) {
        var output = CommandOutput()
        output.write(trace, to: .stderr)
        if let chunks = io.chunks {
            output.append(chunks)
            output.status = chunks.status
            output.stdoutFile = chunks.stdoutFile
        } else {
            // A builtin's streams: its stdout, then its stderr, after the trace.
            output.write(io.stdout, to: .stdout)
            output.write(io.stderr, to: .stderr)
            output.status = io.status
            output.stdoutFile = io.stdoutFile
        }
        io.chunks = output
        io.stderr = trace + io.stderr
    }

    /// `NAME=VALUE…` alone: the variables set (their `$( )` run), traced with `set -x`.
    /// Apart from ``runSimple(_:wiring:engine:)``, whose stack frame each `$( )` level pays.
    @inline(never)
    mutating func assign(_ assignments: [(String, [ShellScript.WordPart])], io: inout CommandIO, engine: inout Engine) {
        // `x=$(docker inspect …)`: the substitution runs docker's commands too.
        for (name, value) in assignments {
            let text = expand(value, engine: &engine, provider: io.provider)
            io.stderr += substitutionErrors
            substitutionErrors = ""
            if expansionError != nil { break }
            env[name] = text
            if options.xtrace { io.stderr += traceLine([name + "=" + text], assignment: true) }
        }
        if expansionError != nil {
            _ = expansionFailed(io: &io)
            return
        }
        lastStatus = 0
        io.status = 0
    }

    /// What comes before a command's own output: what its `$( )` wrote to stderr, then its
    /// `set -x` line; or, with `set -u` and an unset variable in its words, the error (the
    /// command is not run: `io.exit` or `io.control` is set).
    @inline(never)
    mutating func prologue(_ words: [String], io: inout CommandIO) -> String? {
        var before = substitutionErrors
        substitutionErrors = ""
        if expansionError != nil {
            io.stderr = before + io.stderr
            _ = expansionFailed(io: &io)
            if io.exit == nil && io.control == nil { io.control = .abortLine }
            return nil
        }
        if options.xtrace { before += traceLine(words, assignment: false) }
        return before.isEmpty ? nil : before
    }

    /// Notes `$name` if it is unset (for `set -u`), the first of the words.
    @inline(never)
    mutating func noteUnset(_ name: String) {
        if expansionError == nil, isUnset(name) { expansionError = .unbound(name) }
    }

    /// The line number of a `$( )`'s first line in a command on `line`, which bash gives as the
    /// line the command ended on: `x=$(⏎nosuch)` on line 2 runs `nosuch` on 3.
    @inline(never)
    static func substitutionFirstLine(_ text: String, _ line: Int) -> Int {
        max(1, line - text.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 })
    }

    /// `$(LINE)`: run in a copy of the shell, its output without the newlines at its end; what
    /// it writes to stderr reaches the terminal before the command's own output.
    @inline(never)
    mutating func substitute(
        _ line: String, engine: inout Engine, provider: (any ShellCommandProvider)?
    ) -> String {
        guard substitutionDepth < engine.limits.substitutionDepth else {
            engine.meter.halt(.nesting)
            return ""
        }
        var subshell = self
        subshell.substitutionDepth += 1
        // bash (not in POSIX mode) clears `-e` in a command substitution.
        if flavor == .bash { subshell.options.errexit = false }
        let result = subshell.execute(
            line, engine: &engine, provider: provider, firstLine: Self.substitutionFirstLine(line, lineNumber))
        substitutionErrors += result.stderr
        var text = result.stdout
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
