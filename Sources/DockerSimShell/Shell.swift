import DockerSimCore

/// What a line run in a container's shell printed, and whether the shell ended.
public struct ShellResult: Equatable, Sendable {
    public var stdout: String = ""
    public var stderr: String = ""
    /// Both streams in the order they were written, as a terminal shows them.
    public var combined: String = ""
    public var status: Int32 = 0
    /// Set when the line ended the shell (`exit`): its exit status.
    public var exited: Int32?

    public init() {}

    /// Appends to stdout (nothing more once ``Limits/outputBytes`` have been printed).
    public mutating func out(_ text: String) {
        guard fits(text) else { return }
        stdout += text
        combined += text
    }

    /// Appends to stderr (nothing more once ``Limits/outputBytes`` have been printed).
    public mutating func err(_ text: String) {
        guard fits(text) else { return }
        stderr += text
        combined += text
    }

    /// True once output was dropped at the cap.
    public private(set) var outputCut = false

    /// Whether `text` still fits under the output cap; the first time it does not, notes the cut.
    private mutating func fits(_ text: String) -> Bool {
        let limits = Limits.standard
        guard !outputCut else { return false }
        guard combined.utf8.count + text.utf8.count > limits.outputBytes else { return true }
        outputCut = true
        stderr += limits.outputCut
        combined += limits.outputCut
        return false
    }
}

/// A bash process inside a container: its working directory, variables, history and last status.
///
/// It reads and writes the container's copy-on-write file system through the engine, so
/// everything it does shows in `docker diff` and `docker ps -s`.
public struct Shell: Sendable {
    public let containerID: String
    public internal(set) var cwd: [String]
    public internal(set) var env: [String: String]
    public internal(set) var lastStatus: Int32 = 0
    /// The lines typed in this session (bash appends them to `~/.bash_history` on exit).
    public internal(set) var sessionHistory: [String] = []
    /// The history bash loaded at start (`~/.bash_history`).
    public internal(set) var loadedHistory: [String] = []
    /// Whether this is an interactive shell with history (bash on a terminal).
    public let interactive: Bool
    /// Whether the shell's output goes to a terminal (`ls` prints columns).
    public let terminal: Bool
    /// While it runs as a program on the clock, `sleep` suspends it instead of moving the clock.
    var suspendsOnSleep = false
    /// How many `$( )` this shell runs inside (0 for the shell itself): past
    /// ``Limits/substitutionDepth`` the line stops.
    var substitutionDepth = 0
    /// Set when the shell is dash run as `/bin/sh -c` (a Dockerfile's RUN): its errors read
    /// `/bin/sh: 1: foo: not found` instead of bash's.
    public var scriptName: String?

    /// Starts a shell in a container: working directory from the container, history loaded
    /// from `/root/.bash_history` when interactive.
    public init(containerID: String, engine: Engine, interactive: Bool, terminal: Bool) {
        self.containerID = containerID
        self.interactive = interactive
        self.terminal = terminal
        let container = engine.containers[containerID]
        let config = container?.config
        cwd = FilePath.normalize(config?.workingDir ?? "/")
        var env: [String: String] = ["HOME": "/root", "HOSTNAME": config?.hostname ?? "", "PWD": FilePath.string(cwd)]
        for pair in config?.env ?? [] {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { env[String(parts[0])] = String(parts[1]) }
        }
        if terminal { env["TERM"] = "xterm" }
        self.env = env
        if interactive, let text = try? container?.fs.read("/root/.bash_history", cwd: []).text {
            loadedHistory = text.split(separator: "\n").map(String.init)
        }
    }

    /// The prompt bash shows (`PS1='\u@\h:\w\$ '`): `root@0f9e8d7c6b5a:/# `, `~` for /root;
    /// in an image whose shell is BusyBox's ash and has no bash (alpine), ash's `\w # `: `/ # `.
    public func prompt(engine: Engine) -> String {
        if Self.isAshOnly(containerID, engine: engine) { return "\(displayCwd) # " }
        let host = engine.containers[containerID]?.config.hostname ?? "localhost"
        return "root@\(host):\(displayCwd)# "
    }

    /// Whether the container's shell is ash (the catalog says so of `/bin/sh`) and it has no bash.
    static func isAshOnly(_ containerID: String, engine: Engine) -> Bool {
        guard engine.program("/bin/sh", in: containerID)?.spec.shellName == "ash",
            let fs = engine.containers[containerID]?.fs
        else { return false }
        return (try? fs.stat("/bin/bash", cwd: [])) == nil && (try? fs.stat("/usr/bin/bash", cwd: [])) == nil
    }

    /// `\w`: the working directory with `$HOME` shown as `~`.
    public var displayCwd: String {
        let path = FilePath.string(cwd)
        let home = env["HOME"] ?? "/root"
        if path == home { return "~" }
        if home != "/" && path.hasPrefix(home + "/") { return "~" + path.dropFirst(home.count) }
        return path
    }

    /// Runs one line typed at the prompt (recorded in history as bash does).
    public mutating func run(line: String, engine: inout Engine) -> ShellResult {
        if interactive { record(line) }
        return execute(line, engine: &engine)
    }

    /// Runs a command line without recording it (`bash -c`, one-shot commands), to the end:
    /// `sleep` moves the clock. The line runs under its budget (``Engine/meter``, shared with the
    /// line that runs it, if any): a loop that would run for ever, too much data, `$( )` too deep
    /// or Ctrl-C stops it, with `^C` and dockersim's note, once, and status 130 (2 for nesting).
    public mutating func execute(_ line: String, engine: inout Engine) -> ShellResult {
        let ownsLine = engine.meter.beginLine()
        defer { if ownsLine { engine.meter.endLine() } }
        var result = ShellResult()
        let node: ShellNode
        do {
            node = try ShellParser.parse(line, maxNesting: engine.limits.shellNesting)
        } catch {
            result.err(error.message + "\n")
            result.status = 2
            lastStatus = 2
            return result
        }
        var executor = Executor(node)
        let outcome = executor.run(&self, engine: &engine, mode: .foreground, into: &result)
        switch outcome {
        case .exited(let code): result.exited = code
        case .stopped:
            // A `$( )` leaves the telling to the line it is part of; the note comes once.
            if substitutionDepth == 0 && !engine.meter.reported {
                engine.meter.reported = true
                engine.meter.charge(limits: engine.limits)  // a Ctrl-C becomes the reason
                result.err((engine.meter.stop == .nesting ? "" : "^C\n") + engine.meter.note(engine.limits))
            }
            lastStatus = engine.meter.status
        default: break
        }
        result.status = lastStatus
        return result
    }

    /// bash's history rules with Ubuntu's `HISTCONTROL=ignoredups:ignorespace`.
    mutating func record(_ line: String) {
        guard !line.trimmed(" \t").isEmpty, !line.hasPrefix(" ") else { return }
        if let last = sessionHistory.last ?? loadedHistory.last, last == line { return }
        sessionHistory.append(line)
    }

    /// What bash does on exit: appends the session's lines to `~/.bash_history` (creating it,
    /// and copying up `/root` into the writable layer). Nothing is written when nothing was typed.
    public func saveHistory(engine: inout Engine) {
        guard interactive, !sessionHistory.isEmpty else { return }
        let text = sessionHistory.map { $0 + "\n" }.joined()
        let time = engine.now.seconds
        _ = try? engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
            try fs.write("/root/.bash_history", cwd: [], bytes: Array(text.utf8), append: true, mtime: time)
        }
    }

    // MARK: - Simple commands

    /// Runs one simple command with `stdin`; applies its redirections. `exit` sets `io.exit`.
    mutating func runSimple(
        _ command: ShellScript.SimpleCommand, stdin: String, engine: inout Engine,
        piped: Bool = false
    ) -> CommandIO {
        var io = CommandIO()
        io.stdin = stdin
        io.stdoutIsTerminal =
            terminal && !piped
            && !command.redirections.contains { $0.kind == .write || $0.kind == .append }
        var words: [String] = []
        var expanded = 0
        for word in command.words {
            let text = expand(word, engine: &engine)
            expanded += text.utf8.count
            if expanded > engine.limits.expansionBytes {
                io.stderr +=
                    "bash: \(words.first ?? "bash"): Argument list too long\n" + engine.limits.expansionTooLarge
                io.status = 126
                lastStatus = 126
                return io
            }
            if Self.hasPattern(word), let matches = glob(text, engine: engine) {
                words += matches
            } else {
                words.append(text)
            }
        }
        // A `$( )` in the words was stopped (too deep, a loop, Ctrl-C): the command does not run.
        if engine.meter.isStopped {
            io.status = engine.meter.status
            lastStatus = io.status
            return io
        }
        if words.isEmpty {
            for (name, value) in command.assignments { env[name] = expand(value, engine: &engine) }
            lastStatus = 0
            io.status = 0
            return io
        }
        for redirection in command.redirections where redirection.kind == .read {
            let path = expand(redirection.target, engine: &engine)
            do {
                let content = try engine.containers[containerID]?.fs.read(path, cwd: cwd)
                io.stdin = content?.text ?? ""
                io.moved += io.stdin.utf8.count
            } catch {
                io.stderr += "bash: \(path): \(error.text)\n"
                io.status = 1
                lastStatus = 1
                return io
            }
        }
        var saved: [String: String?] = [:]
        for (name, value) in command.assignments {
            saved[name] = env[name]
            env[name] = expand(value, engine: &engine)
        }
        io.status = dispatch(words, io: &io, engine: &engine)
        for (name, value) in saved { env[name] = value }
        if io.exit != nil { return io }
        lastStatus = io.status
        var stdoutTarget: (String, Bool)?
        var stderrTarget: (String, Bool)?
        var errorToOutput = false
        for redirection in command.redirections {
            let path = expand(redirection.target, engine: &engine)
            switch redirection.kind {
            case .write: stdoutTarget = (path, false)
            case .append: stdoutTarget = (path, true)
            case .writeError: stderrTarget = (path, false)
            case .appendError: stderrTarget = (path, true)
            case .errorToOutput: errorToOutput = true
            case .read: break
            }
            if redirection.kind != .read && redirection.kind != .errorToOutput && path.isEmpty {
                io.stderr += "bash: : No such file or directory\n"
                io.status = 1
                lastStatus = 1
                return io
            }
        }
        if errorToOutput {
            io.stdout += io.stderr
            io.stderr = ""
        }
        var printedOut = ""
        var printedErr = ""
        for (target, text, isError) in [(stdoutTarget, io.stdout, false), (stderrTarget, io.stderr, true)] {
            guard let (path, append) = target else {
                if isError { printedErr += text } else { printedOut += text }
                continue
            }
            // What the command made counts for the line's budget wherever it goes (a file,
            // /dev/null, a file too large to take it).
            io.moved += text.utf8.count
            if path == "/dev/null" { continue }
            let time = engine.now.seconds
            let cwd = self.cwd
            do {
                // Past the file or disk caps nothing is written; an append grows the file in place.
                try engine.writeFile(
                    containerID, path: path, cwd: cwd, bytes: Array(text.utf8), append: append, mtime: time)
            } catch {
                printedErr += "bash: \(path): \(error.text)\n"
                io.status = 1
                lastStatus = 1
            }
        }
        io.stdout = printedOut
        io.stderr = printedErr
        return io
    }

    /// Expands a word: variables, `$(…)` (run in a subshell), `~`.
    mutating func expand(_ parts: [ShellScript.WordPart], engine: inout Engine) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text):
                if text == "~" || text.hasPrefix("~/"), out.isEmpty {
                    out += (env["HOME"] ?? "/root") + text.dropFirst()
                } else {
                    out += text
                }
            case .quoted(let text): out += text
            case .variable(let name):
                switch name {
                case "?": out += String(lastStatus)
                case "$": out += "1"
                case "#": out += "0"
                case "0": out += "bash"
                default: out += env[name] ?? ""
                }
            case .command(let line):
                guard substitutionDepth < engine.limits.substitutionDepth else {
                    engine.meter.halt(.nesting)
                    return out
                }
                var subshell = self
                subshell.substitutionDepth += 1
                let result = subshell.execute(line, engine: &engine)
                var text = result.stdout
                while text.hasSuffix("\n") { text.removeLast() }
                out += text
            }
            // `x=$x$x` in a loop doubles: a word stops growing at the cap (the command then fails).
            if out.utf8.count > engine.limits.expansionBytes { break }
        }
        return out
    }
}

/// The streams of one command.
struct CommandIO {
    var stdin = ""
    var stdout = ""
    var stderr = ""
    var status: Int32 = 0
    /// Whether what the command prints goes to the terminal (not a pipe or a file).
    var stdoutIsTerminal = false
    /// Set by `exit`.
    var exit: Int32?
    /// Set by `sleep` when the shell runs as a program on the clock: suspend for this long.
    var suspend: Double?
    /// Bytes the command moved besides its streams (written to files, read with `<`), for the
    /// line's budget (``WorkMeter``).
    var moved = 0
}

extension String {
    func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
