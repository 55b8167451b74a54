import DockerSimCore

/// What a line run in a container's shell printed, and whether the shell ended.
public struct ShellResult: Equatable, Sendable {
    public var stdout: String = ""
    public var stderr: String = ""
    public var status: Int32 = 0
    /// Set when the line ended the shell (`exit`): its exit status.
    public var exited: Int32?

    public init() {}
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

    /// The prompt bash shows (`PS1='\u@\h:\w\$ '`): `root@0f9e8d7c6b5a:/# `, `~` for /root.
    public func prompt(engine: Engine) -> String {
        let host = engine.containers[containerID]?.config.hostname ?? "localhost"
        return "root@\(host):\(displayCwd)# "
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

    /// Runs a command line without recording it (`bash -c`, one-shot commands).
    public mutating func execute(_ line: String, engine: inout Engine) -> ShellResult {
        var result = ShellResult()
        let script: ShellScript
        do {
            script = try ShellParser.parse(line)
        } catch {
            result.stderr = error.message + "\n"
            result.status = 2
            lastStatus = 2
            return result
        }
        for (connector, command) in script.commands {
            if connector == .and && lastStatus != 0 { continue }
            if connector == .or && lastStatus == 0 { continue }
            runSimple(command, engine: &engine, into: &result)
            result.status = lastStatus
            if result.exited != nil { break }
        }
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

    mutating func runSimple(_ command: ShellScript.SimpleCommand, engine: inout Engine, into result: inout ShellResult) {
        let words = command.words.map { expand($0) }
        if words.isEmpty {
            for (name, value) in command.assignments { env[name] = expand(value) }
            lastStatus = 0
            return
        }
        var io = CommandIO()
        // Input redirection.
        for redirection in command.redirections where redirection.kind == .read {
            let path = expand(redirection.target)
            do {
                let content = try engine.containers[containerID]?.fs.read(path, cwd: cwd)
                io.stdin = content?.text ?? ""
            } catch {
                result.stderr += "bash: \(path): \(error.text)\n"
                lastStatus = 1
                return
            }
        }
        let status = dispatch(words, io: &io, engine: &engine)
        if let exit = io.exit {
            result.stdout += io.stdout
            result.stderr += io.stderr
            result.exited = exit
            lastStatus = exit
            return
        }
        lastStatus = status
        // Output redirections (the last of each stream wins, as in bash).
        var stdoutTarget: (String, Bool)?
        var stderrTarget: (String, Bool)?
        for redirection in command.redirections {
            let path = expand(redirection.target)
            switch redirection.kind {
            case .write: stdoutTarget = (path, false)
            case .append: stdoutTarget = (path, true)
            case .writeError: stderrTarget = (path, false)
            case .appendError: stderrTarget = (path, true)
            case .read: break
            }
            if redirection.kind != .read, path.isEmpty {
                result.stderr += "bash: : No such file or directory\n"
                lastStatus = 1
                return
            }
        }
        for (target, text, isError) in [(stdoutTarget, io.stdout, false), (stderrTarget, io.stderr, true)] {
            if let (path, append) = target {
                if path == "/dev/null" { continue }
                let time = engine.now.seconds
                let cwd = self.cwd
                do {
                    try engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                        try fs.write(path, cwd: cwd, bytes: Array(text.utf8), append: append, mtime: time)
                    }
                } catch {
                    result.stderr += "bash: \(path): \(error.text)\n"
                    lastStatus = 1
                }
            } else if isError {
                result.stderr += text
            } else {
                result.stdout += text
            }
        }
    }

    func expand(_ parts: [ShellScript.WordPart]) -> String {
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
                case "#", "0": out += name == "0" ? "bash" : "0"
                default: out += env[name] ?? ""
                }
            }
        }
        return out
    }
}

/// The streams of one command.
struct CommandIO {
    var stdin = ""
    var stdout = ""
    var stderr = ""
    /// Set by `exit`.
    var exit: Int32?
}

extension String {
    func trimmed(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
