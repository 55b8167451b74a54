import DockerSimCore

extension Shell {
    /// The shell a program named `name` (`sh`, `bash`, `/bin/sh`) is in this container: BusyBox's
    /// ash when that is the image's only shell, else bash or dash by its name; its errors start
    /// with `name`. On the host, this shell's own (bash).
    func startedFlavor(_ name: String) -> Flavor {
        if machine == .host { return flavor }
        if isBusyBox { return .ash(name, script: true) }
        return name.hasSuffix("bash") ? .bash : .dash(name)
    }

    /// A new, non-interactive shell started from this one (`bash -c`, `sh FILE`, `./script`):
    /// the same machine, working directory and environment; no aliases, functions, parameters
    /// or loops of this one.
    func newShell() -> Shell {
        var child = self
        child.interactive = false
        child.suspendsOnSleep = false
        child.aliases = [:]  // aliases are not expanded in non-interactive shells
        child.positional = []
        child.commandName = nil
        child.sourceName = "environment"
        child.commandStringFirstLine = 1
        child.loopLevel = 0
        child.localScopes = []
        child.functions = [:]  // the caller's functions are not exported to it
        return child
    }

    /// `bash`, `sh` or `dash` run as a program: `-c TEXT [NAME ARG…]`, `FILE [ARG…]` (the file
    /// read and run), or, with no operand and a stdin that is not the terminal, the script
    /// piped in (`echo 'echo hi' | sh`). In a container `sh` is its image's: BusyBox's ash, or
    /// dash on Debian. Other options are not simulated yet (an interactive shell started at
    /// the prompt is the session's, not this).
    mutating func shellProgram(_ name: String, _ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        var sub = newShell()
        sub.flavor = startedFlavor(name)
        let text: String
        if args.first == "-c", args.count >= 2 {
            // `sh -c TEXT NAME ARG…`: NAME is `$0`, the rest `$1`…
            text = args[1]
            sub.commandName = args.count > 2 ? args[2] : name
            sub.commandStringFirstLine = commandStringFirstLine(of: name, engine: engine)
            sub.positional = Array(args.dropFirst(3))
        } else if let file = args.first, !file.hasPrefix("-") {
            guard let content = sub.scriptText(file, shell: name, io: &io, engine: engine) else { return io.status }
            text = content
            sub.commandName = file
            sub.sourceName = file
            sub.positional = Array(args.dropFirst())
            if case .ash = sub.flavor { sub.flavor = .ash(file, script: true) }
            if case .dash = sub.flavor { sub.flavor = .dash(file) }
        } else if args.isEmpty, !io.stdinIsTerminal {
            text = io.stdin
            io.consumed = io.stdin.utf8.count
            sub.commandName = name
            sub.sourceName = "main"
        } else {
            return 0
        }
        let result = sub.execute(text, engine: &engine, provider: io.provider)
        io.stdout += result.stdout
        io.stderr += result.stderr
        io.chunks = result.output  // both streams in the order the script wrote them
        return result.exited ?? result.status
    }

    /// The line number of the first line of `-c`'s text for the shell program `name` here
    /// (``ProgramSpec/commandStringFirstLine``: the image's bash says which); 1 on the host.
    func commandStringFirstLine(of name: String, engine: Engine) -> Int {
        guard machine != .host, let path = which(name, engine: engine),
            let (_, spec) = engine.program(path, in: containerID, cwd: cwd, arguments: [])
        else { return 1 }
        return spec.commandStringFirstLine
    }

    /// The text of the script `file` that `shell FILE` runs (this shell being the one started),
    /// or nil with its own error in `io` (its status in `io.status`): bash 5.2's, dash 0.5.12's,
    /// BusyBox 1.36's ash.
    func scriptText(_ file: String, shell: String, io: inout CommandIO, engine: Engine) -> String? {
        let failure: FSError
        do throws(FSError) {
            guard let fs = fileSystem(engine) else { throw .noSuchFile }
            let (path, _) = try fs.stat(file, cwd: cwd)
            if fs.isSealed(path) { throw .permissionDenied }
            return try fs.read(file, cwd: cwd).text
        } catch {
            failure = error
        }
        switch flavor {
        case .ash:
            if failure == .isADirectory { return "" }
            // setinputfile: "can't open '%s'" and strerror, status 127.
            io.stderr += "\(shell): can't open '\(file)': \(failure.text)\n"
            io.status = 127
        case .dash:
            if failure == .isADirectory { return "" }
            io.stderr += "\(shell): 0: cannot open \(file): \(failure == .noSuchFile ? "No such file" : failure.text)\n"
            io.status = 2
        case .bash:
            if failure == .isADirectory {
                // bash names itself after the script before it reads it.
                io.stderr += "\(file): \(file): Is a directory\n"
                io.status = 126
            } else {
                io.stderr += "\(shell): \(file): \(failure.text)\n"
                io.status = failure == .noSuchFile ? 127 : 126
            }
        }
        return nil
    }

    /// A path typed as a command on the host that names a file of the user's (`./backup.sh`):
    /// run as a script, or bash's error for a folder, a file without the execute bit or a
    /// binary. Nil when nothing is there (bash's "No such file or directory" comes after).
    mutating func runHostFile(_ name: String, _ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32? {
        guard let fs = fileSystem(engine), let (path, node) = try? fs.stat(name, cwd: cwd) else { return nil }
        if fs.isSealed(path) {
            io.stderr += "\(bashErrorStart)\(name): Permission denied\n"
            return 126
        }
        guard case .file(let content, let meta) = node else {
            io.stderr += "\(bashErrorStart)\(name): Is a directory\n"
            return 126
        }
        if let status = runScriptFile(name, path: FilePath.string(path), args, io: &io, engine: &engine) {
            return status
        }
        if meta.mode & 0o111 == 0 {
            io.stderr += "\(bashErrorStart)\(name): Permission denied\n"
            return 126
        }
        _ = content
        io.stderr += "\(bashErrorStart)\(name): cannot execute binary file: Exec format error\n"
        return 126
    }

    /// `exec COMMAND ARG…`: the shell becomes the command (an entrypoint script's last
    /// `exec "$@"`): a service of the catalog takes over the container's process; anything else
    /// runs, and the shell ends with its status (not the host's: it is the simulator's prompt).
    /// `exec` alone (only redirections) changes nothing here; `exec bash` at the prompt is the
    /// same shell again.
    mutating func exec(_ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        var words = args[...]
        if words.first == "--" { words = words.dropFirst() }
        guard let first = words.first else { return 0 }
        if interactive, words.count == 1, ["bash", "sh"].contains(Self.lastComponent(first)) { return 0 }
        let status = dispatch(Array(words), io: &io, engine: &engine)
        // (The host's shell is the simulator's own prompt: it stays.)
        if io.execs == nil, io.exit == nil, !io.waits, machine != .host { io.exit = status }
        return status
    }
}
