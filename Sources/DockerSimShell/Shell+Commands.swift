import DockerSimCore

extension Shell {
    /// Commands bash runs itself.
    static let builtins: Set<String> = [
        "echo", "cd", "pwd", "exit", "history", "true", "false", ":", "export", "type", "alias", "unalias", "command",
        "printf", "test", "[", "read", "[[", "exec",
    ]

    /// Programs the simulator knows how to run (when the image has them).
    static let programs: Set<String> = Set([
        "cat", "ls", "touch", "mkdir", "rm", "cp", "mv", "chmod", "hostname", "whoami", "sleep", "echo", "pwd", "true",
        "false", "bash", "sh", "dash", "date", "env", "printenv", "wc", "head", "tail", "grep", "uname", "clear",
        "apt-get", "apt", "apk", "pip", "pip3", "pip3.10", "pip3.11", "pip3.12", "nproc", "bc", "ps", "find", "du",
        "which", "tee",
    ]).union(NetworkTools.names).union(SQLClient.names).union(PHPExtensionScripts.names)

    /// The programs of the student's own computer (the simulated host has no image: they are all
    /// there, in `/usr/bin`, besides what a ``ShellCommandProvider`` adds).
    public static let hostPrograms: Set<String> = Set([
        "cat", "ls", "touch", "mkdir", "rm", "cp", "mv", "chmod", "whoami", "sleep", "echo", "pwd", "true", "false",
        "bash", "sh", "date", "env", "printenv", "wc", "head", "tail", "grep", "uname", "nproc", "bc", "sudo",
        "iptables", "ss", "find", "du", "which", "tee",
    ]).union(NetworkTools.names).union(SQLClient.names)

    /// Programs every Docker host has that the simulated host does not run yet: they say so
    /// (status 1) instead of bash's "command not found" (the host's services for `systemctl`).
    static let hostProgramsNotSimulated: Set<String> = [
        "netstat", "lsof", "systemctl", "journalctl", "service", "free", "df",
    ]

    /// Finds an executable the way `execvp` does: names with a `/` as paths, others along
    /// `$PATH`. Returns the path found. On the host, the host's programs and the provider's
    /// commands are in `/usr/bin`.
    public func which(_ name: String, engine: Engine, provider: (any ShellCommandProvider)? = nil) -> String? {
        if machine == .host {
            let hasSlash = name.utf8.contains(0x2F)
            let base = hasSlash ? Self.lastComponent(name) : name
            let known = Self.hostPrograms.contains(base) || provider?.provides(base) == true
            if hasSlash {
                let directory = FilePath.string(FilePath.normalize(name, cwd: cwd).dropLast())
                return known && ["/bin", "/usr/bin"].contains(directory) ? name : nil
            }
            return known ? "/usr/bin/" + name : nil
        }
        guard let fs = fileSystem(engine) else { return nil }
        if name.utf8.contains(UInt8(ascii: "/")) {
            if case .file? = try? fs.stat(name, cwd: cwd).node { return name }
            return nil
        }
        for dir in Self.pathFolders(env["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") {
            let candidate = dir + "/" + name
            if case .file? = try? fs.stat(candidate, cwd: cwd).node { return candidate }
        }
        return nil
    }

    /// The folders of a `$PATH`, as `split(separator: ":")` gives them (empty parts dropped); an
    /// ASCII one (each byte a character) split by bytes.
    static func pathFolders(_ path: String) -> [Substring] {
        guard path.utf8.allSatisfy({ $0 < 0x80 }) else { return path.split(separator: ":") }
        // Each byte is a Character: the parts between colons, found by byte, cut from the text
        // at those places (a Substring made from each piece of the UTF-8 view cost more).
        var folders: [Substring] = []
        let bytes = path.utf8
        var start = bytes.startIndex
        var index = start
        while index != bytes.endIndex {
            if bytes[index] == 0x3A {
                if start != index { folders.append(path[start..<index]) }
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        if start != bytes.endIndex { folders.append(path[start..<bytes.endIndex]) }
        return folders
    }

    /// What `name.split(separator: "/").last` gives (the name itself when it has no `/` part
    /// left, as `/`), as a String.
    static func lastComponent(_ name: String) -> String {
        String(name.split(separator: "/").last ?? Substring(name))
    }

    mutating func dispatch(_ words: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        // Root on the host looking into docker's data root sees it, computed for this command.
        if machine == .host, io.asRoot, DataRoot.touched(by: words, cwd: cwd),
            engine.host.mount(at: DataRoot.path) == nil
        {
            return engine.withDataRoot(named: words) { (engine: inout Engine) in
                dispatch(words, io: &io, engine: &engine)
            }
        }
        let name = words[0]
        let args = Array(words.dropFirst())
        if Self.builtins.contains(name) {
            return builtin(name, args, io: &io, engine: &engine)
        }
        if Self.scriptBuiltins.contains(name) {
            return scriptBuiltin(name, args, io: &io)
        }
        let hasSlash = name.utf8.contains(0x2F)
        let base = hasSlash ? Self.lastComponent(name) : name
        // On the host, ``which(_:engine:provider:)`` finds a name without `/` that the provider
        // provides (in `/usr/bin`): not asked again.
        if let provider = io.provider, provider.provides(base),
            (machine == .host && !hasSlash) || which(name, engine: engine, provider: provider) != nil
        {
            let call = ExternalCall(
                words: hasSlash ? [base] + args : words, stdin: io.stdin, stdinIsTerminal: io.stdinIsTerminal,
                stdoutIsTerminal: io.stdoutIsTerminal, canWait: io.canWait, cwd: cwd, alias: io.alias)
            let result = provider.run(call, engine: &engine)
            io.stdout += result.output.stdout
            io.stderr += result.output.stderr
            io.chunks = result.output
            io.stdoutFile = result.output.stdoutFile
            io.waits = result.waits
            return result.output.status
        }
        // A file of the user's own on the host (`./backup.sh`): the host has no other files there.
        if machine == .host, hasSlash, let status = runHostFile(name, args, io: &io, engine: &engine) {
            return status
        }
        let known = machine == .host ? Self.hostPrograms : Self.programs
        if machine != .host, !known.contains(base), let path = which(name, engine: engine) {
            // A container's main script hands over to a long-running program of the catalog
            // (`apache2ctl -D FOREGROUND` as its last line): the process becomes that program.
            if suspendsOnSleep, let (_, spec) = engine.program(path, in: containerID, cwd: cwd, arguments: args),
                spec.kind == .service
            {
                io.execs = words
                return 0
            }
            if let status = runScriptFile(name, path: path, args, io: &io, engine: &engine) { return status }
        }
        let found = which(name, engine: engine)
        guard found != nil, known.contains(base) else {
            if machine == .host, Self.hostProgramsNotSimulated.contains(name) {
                io.stderr += io.notSimulated(name)
                return 1
            }
            if machine != .host, found != nil {
                // The image has the program (`ps` in alpine, `df` in ubuntu) but dockersim does
                // not run it yet: saying "not found" would teach something false.
                io.stderr += io.notSimulated(base)
                return 1
            }
            if case .ash(let shellName, _) = flavor {
                io.stderr += "\(shellName): \(name): not found\n"
            } else if let scriptName {
                io.stderr += dashErrorStart(scriptName) + "\(name): not found\n"
            } else if name.contains("/") {
                io.stderr += "\(bashErrorStart)\(name): No such file or directory\n"
            } else {
                io.stderr += "\(bashErrorStart)\(name): command not found\n"
            }
            return 127
        }
        return program(base, args, io: &io, engine: &engine)
    }

    mutating func builtin(_ name: String, _ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        switch name {
        case "echo":
            var words = args[...]
            var newline = true
            var escapes = false
            // bash's echo takes only options made of n, e and E (`-ne`); anything else is printed.
            while let first = words.first, first.count > 1, first.hasPrefix("-"),
                first.dropFirst().allSatisfy({ "neE".contains($0) })
            {
                for option in first.dropFirst() {
                    switch option {
                    case "n": newline = false
                    case "e": escapes = true
                    default: escapes = false
                    }
                }
                words = words.dropFirst()
            }
            var text = words.joined(separator: " ")
            if escapes {
                let (expanded, stop) = PrintfFormatter.argumentEscapes(text, unicode: !isBusyBox)
                text = expanded
                if stop { newline = false }
            }
            io.stdout += text + (newline ? "\n" : "")
            return 0
        case "pwd":
            io.stdout += FilePath.string(cwd) + "\n"
            return 0
        case "printf":
            return printf(args, io: &io)
        case "test", "[":
            return test(name, args, io: &io, engine: engine)
        case "read":
            return read(args, io: &io)
        case "[[":
            // Only BusyBox's ash has a `[[` command (its test); bash parses `[[ … ]]` itself.
            guard isBusyBox else {
                io.stderr +=
                    scriptName.map { dashErrorStart($0) + "[[: not found\n" }
                    ?? "\(bashErrorStart)[[: command not found\n"
                return 127
            }
            return test(name, args, io: &io, engine: engine)
        case "alias":
            return alias(args, io: &io)
        case "unalias":
            var status: Int32 = 0
            for name in args {
                if name == "-a" {
                    aliases = [:]
                } else if aliases.removeValue(forKey: name) == nil {
                    io.stderr += "\(bashErrorStart)unalias: \(name): not found\n"
                    status = 1
                }
            }
            return status
        case "exec":
            return exec(args, io: &io, engine: &engine)
        case "command":
            // `command NAME …`: NAME run as a builtin or a program, never as an alias.
            var rest = args[...]
            if rest.first == "--" { rest = rest.dropFirst() }
            guard !rest.isEmpty else { return 0 }
            return dispatch(Array(rest), io: &io, engine: &engine)
        case "cd":
            let target = args.first ?? env["HOME"] ?? "/root"
            if args.count > 1 && flavor == .bash {
                io.stderr += "\(bashErrorStart)cd: too many arguments\n"
                return 1
            }
            guard let fs = fileSystem(engine) else { return 1 }
            // dash: `/bin/sh: 1: cd: can't cd to X`; ash: `…: can't cd to X: No such file or directory`; both 2.
            func failed(_ text: String) -> Int32 {
                switch flavor {
                case .bash:
                    io.stderr += "\(bashErrorStart)cd: \(target): \(text)\n"
                    return 1
                case .dash:
                    io.stderr += builtinErrorPrefix("cd") + "can't cd to \(target)\n"
                    return 2
                case .ash:
                    io.stderr += builtinErrorPrefix("cd") + "can't cd to \(target): \(text)\n"
                    return 2
                }
            }
            do {
                let (path, node) = try fs.stat(target, cwd: cwd)
                guard node.isDirectory else { return failed("Not a directory") }
                if fs.isSealed(path) { return failed(FSError.permissionDenied.text) }
                cwd = path
                env["PWD"] = FilePath.string(path)
                return 0
            } catch {
                return failed(error.text)
            }
        case "exit":
            var code = lastStatus
            if let first = args.first {
                if let value = Int(first) {
                    code = Int32(truncatingIfNeeded: value & 0xFF)
                } else if flavor == .bash {
                    io.stderr += "\(bashErrorStart)exit: \(first): numeric argument required\n"
                    code = 2
                } else {
                    // dash and ash refuse it and stay (a script stops with 2).
                    io.stderr += builtinErrorPrefix("exit") + "Illegal number: \(first)\n"
                    return 2
                }
            }
            if interactive && machine != .host && subshellDepth == 0 { io.stderr += "exit\n" }
            io.exit = code
            return code
        case "history":
            let all = loadedHistory + sessionHistory
            for (index, line) in all.enumerated() {
                let number = String(index + 1)
                io.stdout += String(repeating: " ", count: max(0, 5 - number.count)) + number + "  " + line + "\n"
            }
            return 0
        case "true", ":":
            return 0
        case "false":
            return 1
        case "export":
            for arg in args {
                let parts = arg.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2 { env[String(parts[0])] = String(parts[1]) }
            }
            return 0
        case "type":
            var status: Int32 = 0
            for arg in args {
                if let words = aliases[arg] {
                    io.stdout += "\(arg) is aliased to `\(words.joined(separator: " "))'\n"
                } else if let body = functions[arg]?.body {
                    // bash prints the function as its printer writes it; dash only names it.
                    switch flavor {
                    case .bash: io.stdout += "\(arg) is a function\n" + body.functionText(name: arg) + "\n"
                    case .dash: io.stdout += "\(arg) is a shell function\n"
                    case .ash: io.stdout += "\(arg) is a function\n"
                    }
                } else if Self.builtins.contains(arg) || Self.scriptBuiltins.contains(arg) {
                    io.stdout += "\(arg) is a shell builtin\n"
                } else if let path = which(arg, engine: engine, provider: io.provider) {
                    io.stdout += "\(arg) is \(path)\n"
                } else {
                    io.stderr += "\(bashErrorStart)type: \(arg): not found\n"
                    status = 1
                }
            }
            return status
        default:
            return 127
        }
    }

    /// Splits `-abc` style options from operands (stops at `--`).
    static func options(_ args: [String]) -> (flags: Set<Character>, operands: [String], long: [String]) {
        var flags: Set<Character> = []
        var operands: [String] = []
        var long: [String] = []
        var done = false
        for arg in args {
            if done || arg == "-" || !arg.hasPrefix("-") {
                operands.append(arg)
            } else if arg == "--" {
                done = true
            } else if arg.hasPrefix("--") {
                long.append(String(arg.dropFirst(2)))
            } else {
                flags.formUnion(arg.dropFirst())
            }
        }
        return (flags, operands, long)
    }

    mutating func program(_ name: String, _ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        let now = engine.now.seconds
        let cwd = self.cwd
        switch name {
        case "echo", "pwd", "true", "false":
            return builtin(name, args, io: &io, engine: &engine)
        case "hostname":
            io.stdout += (engine.containers[containerID]?.config.hostname ?? "") + "\n"
            return 0
        case "whoami":
            io.stdout += (machine == .host && !io.asRoot ? Self.hostUser : "root") + "\n"
            return 0
        case _ where NetworkTools.names.contains(name):
            return networkTool(name, args, io: &io, engine: &engine)
        case _ where SQLClient.names.contains(name):
            return sqlClient(args, io: &io, engine: &engine)
        case "sleep":
            guard let first = args.first else {
                io.stderr += "sleep: missing operand\nTry 'sleep --help' for more information.\n"
                return 1
            }
            guard let seconds = Self.duration(first) else {
                io.stderr += "sleep: invalid time interval '\(first)'\nTry 'sleep --help' for more information.\n"
                return 1
            }
            if suspendsOnSleep {
                io.suspend = seconds
            } else if seconds.isInfinite {
                // `sleep infinity` at a prompt: the terminal waits until the user gives up.
                engine.advance(by: engine.limits.foregroundSeconds)
                engine.meter.halt(.endless)
                return 130
            } else {
                engine.advance(by: seconds)
            }
            return 0
        case "bash", "sh", "dash":
            return shellProgram(name, args, io: &io, engine: &engine)
        case "find":
            return find(args, io: &io, engine: &engine)
        case "du":
            return du(args, io: &io, engine: &engine)
        case "which":
            return whichCommand(args, io: &io, engine: engine)
        case "tee":
            return tee(args, io: &io, engine: &engine)
        case "cat":
            return cat(args, io: &io, engine: &engine)
        case "ls":
            return list(args, io: &io, engine: engine)
        case "touch":
            let (_, operands, _) = Self.options(args)
            if operands.isEmpty {
                io.stderr += "touch: missing file operand\nTry 'touch --help' for more information.\n"
                return 1
            }
            var status: Int32 = 0
            for operand in operands {
                do {
                    try withFileSystem(&engine) { (fs: inout ContainerFS) throws(FSError) in
                        try fs.touch(operand, cwd: cwd, mtime: now)
                    }
                } catch {
                    io.stderr += "touch: cannot touch '\(operand)': \(error.text)\n"
                    status = 1
                }
            }
            return status
        case "mkdir":
            let (flags, operands, long) = Self.options(args)
            if operands.isEmpty {
                io.stderr += "mkdir: missing operand\nTry 'mkdir --help' for more information.\n"
                return 1
            }
            let parents = flags.contains("p") || long.contains("parents")
            var status: Int32 = 0
            for operand in operands {
                do {
                    try withFileSystem(&engine) { (fs: inout ContainerFS) throws(FSError) in
                        try fs.makeDirectory(operand, cwd: cwd, parents: parents, mtime: now)
                    }
                } catch {
                    // coreutils quotes with ‘ ’ in the host's UTF-8 locale, with ' ' in a container's C locale.
                    let quoted = machine == .host ? "\u{2018}\(operand)\u{2019}" : "'\(operand)'"
                    io.stderr +=
                        isBusyBox
                        ? "mkdir: can't create directory '\(operand)': \(error.text)\n"
                        : "mkdir: cannot create directory \(quoted): \(error.text)\n"
                    status = 1
                }
            }
            return status
        case "rm":
            let (flags, operands, long) = Self.options(args)
            let recursive = flags.contains("r") || flags.contains("R") || long.contains("recursive")
            let force = flags.contains("f") || long.contains("force")
            if operands.isEmpty {
                if force { return 0 }
                io.stderr += "rm: missing operand\nTry 'rm --help' for more information.\n"
                return 1
            }
            var status: Int32 = 0
            for operand in operands {
                let parts = FilePath.normalize(operand, cwd: cwd)
                if parts.isEmpty && recursive {
                    io.stderr +=
                        "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n"
                    status = 1
                    continue
                }
                let base = operand.split(separator: "/").last.map(String.init) ?? operand
                if base == "." || base == ".." {
                    io.stderr += "rm: refusing to remove '.' or '..' directory: skipping '\(operand)'\n"
                    status = 1
                    continue
                }
                do {
                    try withFileSystem(&engine) { (fs: inout ContainerFS) throws(FSError) in
                        try fs.remove(operand, cwd: cwd, recursive: recursive)
                    }
                } catch {
                    if error == .noSuchFile && force { continue }
                    if isBusyBox {
                        io.stderr +=
                            error == .isADirectory
                            ? "rm: '\(operand)' is a directory\n" : "rm: can't remove '\(operand)': \(error.text)\n"
                    } else if error == .isADirectory {
                        io.stderr += "rm: cannot remove '\(operand)': Is a directory\n"
                    } else {
                        io.stderr += "rm: cannot remove '\(operand)': \(error.text)\n"
                    }
                    status = 1
                }
            }
            return status
        case "cp", "mv":
            return copyOrMove(name, args, io: &io, engine: &engine)
        case "chmod":
            return chmod(args, io: &io, engine: &engine)
        case "pip", "pip3", "pip3.10", "pip3.11", "pip3.12":
            var pip = Pip(containerID: containerID, cwd: cwd)
            pip.language = io.language
            let status = pip.run(args, engine: &engine)
            io.stdout += pip.out
            io.stderr += pip.err
            return status
        case "apk":
            var apk = Apk(containerID: containerID)
            apk.language = io.language
            let status = apk.run(args, engine: &engine)
            io.stdout += apk.out
            io.stderr += apk.err
            return status
        case _ where PHPExtensionScripts.names.contains(name):
            var scripts = PHPExtensionScripts(containerID: containerID, env: env)
            let status = scripts.run(name, args, engine: &engine)
            io.stdout += scripts.out
            io.stderr += scripts.err
            return status
        case "apt-get", "apt":
            var apt = Apt(tool: name, containerID: containerID, terminal: io.stdoutIsTerminal)
            let status = apt.run(args, engine: &engine)
            io.stdout += apt.out
            io.stderr += apt.err
            return status
        case "date":
            return date(args, io: &io, engine: engine)
        case "env", "printenv":
            if name == "printenv", let variable = args.first {
                guard let value = env[variable] else { return 1 }
                io.stdout += value + "\n"
                return 0
            }
            io.stdout += env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined()
            return 0
        case "uname":
            io.stdout +=
                (args.contains("-a")
                    ? "Linux \(engine.containers[containerID]?.config.hostname ?? "") \(SimulatedHost.kernelRelease) \(SimulatedHost.kernelBuild) \(SimulatedHost.machine) \(SimulatedHost.machine) \(SimulatedHost.machine) GNU/Linux"
                    : "Linux") + "\n"
            return 0
        case "clear":
            io.stdout += "\u{1B}[H\u{1B}[2J\u{1B}[3J"
            return 0
        case "nproc":
            return nproc(args, io: &io)
        case "ps":
            return ps(args, io: &io, engine: engine)
        case "sudo":
            return sudo(args, io: &io, engine: &engine)
        case "iptables":
            let language = io.provider?.language ?? .en
            let result = Iptables.run(args, root: io.asRoot, engine: engine, language: language)
            io.stdout += result.stdout
            io.stderr += result.stderr
            return result.status
        case "ss":
            let language = io.provider?.language ?? .en
            let result = SocketStats.run(
                args, root: io.asRoot, columns: io.stdoutIsTerminal ? io.provider?.columns ?? 80 : nil, engine: engine,
                language: language)
            io.stdout += result.0
            io.stderr += result.1
            return result.2
        case "bc":
            return bc(args, io: &io, engine: engine)
        case "wc", "head", "tail", "grep":
            return textTool(name, args, io: &io, engine: engine)
        default:
            io.stderr += "\(bashErrorStart)\(name): command not found\n"
            return 127
        }
    }

    /// `alias` (all, as `alias name='words'`), `alias name` and `alias name=words`.
    mutating func alias(_ args: [String], io: inout CommandIO) -> Int32 {
        func show(_ name: String, _ words: [String]) -> String {
            "alias \(name)='" + words.joined(separator: " ").replacing("'", with: "'\\''") + "'\n"
        }
        if args.isEmpty || args == ["-p"] {
            for name in aliases.keys.sorted() { io.stdout += show(name, aliases[name] ?? []) }
            return 0
        }
        var status: Int32 = 0
        for arg in args where arg != "-p" {
            if let equals = arg.firstIndex(of: "=") {
                let value = String(arg[arg.index(after: equals)...])
                aliases[String(arg[..<equals])] = value.split(separator: " ").map(String.init)
            } else if let words = aliases[arg] {
                io.stdout += show(arg, words)
            } else {
                io.stderr += "\(bashErrorStart)alias: \(arg): not found\n"
                status = 1
            }
        }
        return status
    }

    static func duration(_ text: String) -> Double? {
        var number = text
        var factor = 1.0
        if let last = text.last, "smhd".contains(last) {
            number = String(text.dropLast())
            factor = ["s": 1, "m": 60, "h": 3600, "d": 86400][String(last)] ?? 1
        }
        // GNU sleep reads its operand with strtod: `inf` and `infinity` wait forever, NaN is refused.
        guard let value = Double(number), value >= 0 else { return nil }
        return value * factor
    }

    mutating func copyOrMove(_ name: String, _ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        let (flags, operands, long) = Self.options(args)
        let recursive =
            name == "mv" || flags.contains("r") || flags.contains("R") || flags.contains("a")
            || long.contains("recursive")
        guard operands.count >= 2 else {
            if operands.isEmpty {
                io.stderr += "\(name): missing file operand\nTry '\(name) --help' for more information.\n"
            } else {
                io.stderr +=
                    "\(name): missing destination file operand after '\(operands[0])'\nTry '\(name) --help' for more information.\n"
            }
            return 1
        }
        guard let fs = fileSystem(engine) else { return 1 }
        let destinationText = operands[operands.count - 1]
        let sources = operands.dropLast()
        let destinationIsDir: Bool = {
            if case .directory? = try? fs.stat(destinationText, cwd: cwd).node { return true }
            return false
        }()
        if sources.count > 1 && !destinationIsDir {
            io.stderr += "\(name): target '\(destinationText)' is not a directory\n"
            return 1
        }
        var status: Int32 = 0
        let now = engine.now.seconds
        for source in sources {
            do {
                let current = fileSystem(engine) ?? fs
                let (sourcePath, node) = try current.stat(source, cwd: cwd, follow: name == "cp")
                if node.isDirectory && !recursive {
                    io.stderr += "cp: -r not specified; omitting directory '\(source)'\n"
                    status = 1
                    continue
                }
                var destination = try current.resolve(destinationText, cwd: cwd, followLast: true)
                if destinationIsDir, let base = sourcePath.last { destination.append(base) }
                if destination == sourcePath {
                    io.stderr += "\(name): '\(source)' and '\(destinationText)' are the same file\n"
                    status = 1
                    continue
                }
                try withFileSystem(&engine) { (fs: inout ContainerFS) throws(FSError) in
                    try fs.copyTree(from: sourcePath, to: destination, mtime: now)
                    if name == "mv" {
                        try fs.remove(FilePath.string(sourcePath), cwd: [], recursive: true)
                    }
                }
            } catch {
                if name == "mv" {
                    io.stderr += "mv: cannot stat '\(source)': \(error.text)\n"
                } else {
                    io.stderr += "cp: cannot stat '\(source)': \(error.text)\n"
                }
                status = 1
            }
        }
        return status
    }
}

extension Shell {
    /// GNU `date`, in UTC (containers have no time zone set): `date`, `date +FORMAT`.
    func date(_ args: [String], io: inout CommandIO, engine: Engine) -> Int32 {
        let now = engine.now
        var format = "%a %b %e %H:%M:%S %Z %Y"
        for arg in args {
            if arg.hasPrefix("+") {
                format = String(arg.dropFirst())
            } else if arg != "-u" && arg != "--utc" {
                io.stderr += "date: invalid date '\(arg)'\n"
                return 1
            }
        }
        io.stdout += Self.strftime(format, now) + "\n"
        return 0
    }

    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    static func strftime(_ format: String, _ time: Timestamp) -> String {
        let p = Timestamp.civilParts(time.seconds)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var out = ""
        var chars = format.makeIterator()
        while let c = chars.next() {
            guard c == "%" else {
                out.append(c)
                continue
            }
            guard let code = chars.next() else {
                out.append("%")
                break
            }
            switch code {
            case "T": out += "\(two(p.hour)):\(two(p.minute)):\(two(p.second))"
            case "H": out += two(p.hour)
            case "M": out += two(p.minute)
            case "S": out += two(p.second)
            case "Y": out += String(p.year)
            case "y": out += two(p.year % 100)
            case "m": out += two(p.month)
            case "d": out += two(p.day)
            case "e": out += p.day < 10 ? " \(p.day)" : "\(p.day)"
            case "F": out += "\(p.year)-\(two(p.month))-\(two(p.day))"
            case "D": out += "\(two(p.month))/\(two(p.day))/\(two(p.year % 100))"
            case "R": out += "\(two(p.hour)):\(two(p.minute))"
            case "s": out += String(time.seconds)
            case "N":
                let digits = String(time.nanoseconds)
                out += String(repeating: "0", count: max(0, 9 - digits.count)) + digits
            case "a": out += weekdays[Int(p.weekday)]
            case "b", "h": out += months[Int(p.month - 1)]
            case "Z": out += "UTC"
            case "z": out += "+0000"
            case "n": out += "\n"
            case "t": out += "\t"
            case "%": out += "%"
            default: out += "%" + String(code)
            }
        }
        return out
    }

    /// `wc [-l|-w|-c]`, `head`/`tail [-n N]`, `grep [-vocqniEF] PATTERN` (GNU's basic regular
    /// expressions, `-E` extended, `-F` fixed strings) on files or stdin.
    func textTool(_ name: String, _ args: [String], io: inout CommandIO, engine: Engine) -> Int32 {
        var count = 10
        var operands: [String] = []
        var flags: Set<Character> = []
        // grep's context: lines after (-A) and before (-B) each match (-C: both).
        var after = 0
        var before = 0
        var index = 0
        while index < args.count {
            let arg = args[index]
            // Short options together (`-nA3`): a context option takes the rest, or the next word.
            if name == "grep", arg.count >= 2, arg.hasPrefix("-"), !arg.hasPrefix("--"),
                let position = arg.firstIndex(where: { "ABC".contains($0) })
            {
                flags.formUnion(arg[arg.index(after: arg.startIndex)..<position])
                let kind = arg[position]
                var number = String(arg[arg.index(after: position)...])
                if number.isEmpty, index + 1 < args.count {
                    number = args[index + 1]
                    index += 1
                }
                guard let lines = Int(number), lines >= 0 else {
                    io.stderr += "grep: \(number): invalid context length argument\n"
                    return 2
                }
                if kind != "B" { after = lines }
                if kind != "A" { before = lines }
                index += 1
                continue
            }
            if name == "head" || name == "tail", arg == "-n", index + 1 < args.count, let n = Int(args[index + 1]) {
                count = n
                index += 2
                continue
            }
            if name == "head" || name == "tail", arg.hasPrefix("-"), let n = Int(arg.dropFirst()) {
                count = n
            } else if arg.hasPrefix("-") && arg.count > 1 {
                flags.formUnion(arg.dropFirst())
            } else {
                operands.append(arg)
            }
            index += 1
        }
        var pattern: String?
        if name == "grep" {
            guard !operands.isEmpty else {
                io.stderr += "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
                return 2
            }
            pattern = operands.removeFirst()
        }
        var inputs: [(String?, String)] = []
        if operands.isEmpty {
            inputs.append((nil, io.stdin))
        } else {
            guard let fs = fileSystem(engine) else { return 1 }
            for operand in operands {
                do {
                    inputs.append((operand, try fs.read(operand, cwd: cwd).text ?? ""))
                } catch {
                    io.stderr += "\(name): \(operand): \(error.text)\n"
                    return name == "grep" ? 2 : 1
                }
            }
        }
        var matcher: GrepMatcher?
        if name == "grep", let pattern {
            do {
                matcher = try GrepMatcher(pattern, flags: flags)
            } catch {
                io.stderr += "grep: \(error.message)\n"
                return 2
            }
        }
        var found = false
        var contextShown = false  // a group was printed: the next one after a gap gets `--`
        for (label, text) in inputs {
            // Lines end at a newline byte: "\r\n" is one Character in Swift, so splitting the
            // Characters would keep CRLF lines (an HTTP head) together.
            var lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false).map {
                String(decoding: $0, as: UTF8.self)
            }
            if lines.last == "" { lines.removeLast() }
            switch name {
            case "wc":
                let words = text.utf8.split(whereSeparator: { $0 == 32 || ($0 >= 9 && $0 <= 13) }).count
                let newlines = text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
                let bytes = text.utf8.count
                var parts: [String] = []
                if flags.isEmpty || flags.contains("l") { parts.append(String(newlines)) }
                if flags.isEmpty || flags.contains("w") { parts.append(String(words)) }
                if flags.isEmpty || flags.contains("c") { parts.append(String(bytes)) }
                if parts.count == 1 {
                    io.stdout += parts[0] + (label.map { " " + $0 } ?? "") + "\n"
                } else {
                    io.stdout +=
                        parts.map { String(repeating: " ", count: max(0, 7 - $0.count)) + $0 }.joined(separator: " ")
                        + (label.map { " " + $0 } ?? "") + "\n"
                }
            case "head":
                io.stdout += lines.prefix(max(0, count)).map { $0 + "\n" }.joined()
            case "tail":
                io.stdout += lines.suffix(max(0, count)).map { $0 + "\n" }.joined()
            default:
                guard let matcher else { break }
                let name = inputs.count > 1 ? (label ?? "(standard input)") : nil
                let prefix = name.map { $0 + ":" } ?? ""
                let context = (after > 0 || before > 0) && !flags.contains("o")
                var selected = 0
                var lastShown = -1
                var trailing = 0
                for (number, line) in lines.enumerated() {
                    guard matcher.matches(line) != flags.contains("v") else {
                        // A context line after a match: `N-` where a match has `N:`.
                        if context && trailing > 0 && !flags.contains("q") && !flags.contains("c") {
                            io.stdout +=
                                (name.map { $0 + "-" } ?? "") + (flags.contains("n") ? "\(number + 1)-" : "") + line
                                + "\n"
                            lastShown = number
                            trailing -= 1
                        }
                        continue
                    }
                    found = true
                    selected += 1
                    if flags.contains("q") || flags.contains("c") { continue }
                    if context {
                        let first = max(lastShown + 1, number - before)
                        if contextShown && first > lastShown + 1 { io.stdout += "--\n" }
                        for earlier in first..<number {
                            io.stdout +=
                                (name.map { $0 + "-" } ?? "") + (flags.contains("n") ? "\(earlier + 1)-" : "")
                                + lines[earlier] + "\n"
                        }
                        lastShown = number
                        trailing = after
                        contextShown = true
                    }
                    let numbered = prefix + (flags.contains("n") ? "\(number + 1):" : "")
                    if flags.contains("o") && !flags.contains("v") {
                        for part in matcher.parts(of: line) { io.stdout += numbered + part + "\n" }
                    } else if !flags.contains("o") {
                        io.stdout += numbered + line + "\n"
                    }
                }
                if flags.contains("c") && !flags.contains("q") { io.stdout += prefix + String(selected) + "\n" }
            }
        }
        return name == "grep" ? (found ? 0 : 1) : 0
    }
}

extension Shell {
    /// `ping`, `curl`, `nslookup`… run from this container, through the engine's network model;
    /// BusyBox's applets where the program is a link to `busybox`.
    mutating func networkTool(_ name: String, _ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        var flavor = NetworkTools.Flavor.gnu
        if machine != .host, let path = which(name, engine: engine), let fs = fileSystem(engine),
            case .symlink(let target, _)? = try? fs.stat(path, cwd: cwd, follow: false).node,
            target.hasSuffix("busybox")
        {
            flavor = .busybox
        }
        let shell = self
        let cwd = self.cwd
        // On the host: Debian's programs, from the host (its gateways and published ports).
        let origin: TrafficOrigin = machine == .host ? .host : .container(containerID)
        let context = NetworkTools.Context(
            origin: origin, flavor: flavor, stdoutIsTerminal: io.stdoutIsTerminal, language: io.language,
            save: { engine, path, bytes in
                let time = engine.now.seconds
                do throws(FSError) {
                    try shell.withFileSystem(&engine) { (fs: inout ContainerFS) throws(FSError) in
                        try fs.write(path, cwd: cwd, bytes: bytes, append: false, mtime: time)
                    }
                    return nil
                } catch {
                    return error.text
                }
            })
        let result = NetworkTools.run(name, args, context: context, engine: &engine)
        io.stdout += result.stdout
        io.stderr += result.stderr
        if result.seconds > 0 {
            if suspendsOnSleep {
                io.suspend = result.seconds
            } else {
                engine.advance(by: result.seconds)
            }
        }
        return result.status
    }
}

extension Shell {
    /// The MariaDB client: batch mode at once; on a terminal, the monitor (or its password
    /// prompt) takes the terminal: the session reads ``startedClient`` and feeds it the lines
    /// typed, and on the host the rest of the line waits for it.
    mutating func sqlClient(_ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        let origin: TrafficOrigin = machine == .host ? .host : .container(containerID)
        let terminal = io.stdinIsTerminal && self.terminal && interactive
        switch SQLClient.start(
            args, origin: origin, terminal: terminal, stdin: io.stdin, language: io.language, engine: &engine)
        {
        case .finished(let stdout, let stderr, let status):
            io.stdout += stdout
            io.stderr += stderr
            return status
        case .interactive(let client, let banner):
            io.stdout += banner
            startedClient = client
            io.waits = io.canWait
            return 0
        }
    }
}

extension Shell {
    /// The interpreter a script file names on its `#!` line, when it is a shell (`/bin/bash`,
    /// `/bin/sh`), and the script's text; nil for anything else.
    static func shellScript(_ content: FileContent) -> (interpreter: String, text: String)? {
        guard let bytes = content.bytes else { return nil }
        guard bytes.starts(with: Array("#!".utf8)) else {
            // No `#!`: the kernel refuses it (ENOEXEC) and the shell runs it itself, unless a
            // NUL byte in its first line says it is a binary (bash's check_binary_file).
            let firstLine = bytes.prefix(80).prefix { $0 != 0x0A }
            guard !bytes.isEmpty, !firstLine.contains(0) else { return nil }
            return ("", String(decoding: bytes, as: UTF8.self))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let first = text.prefix { $0 != "\n" }.dropFirst(2).drop { $0 == " " }
        let words = first.split(whereSeparator: { $0 == " " || $0 == "\r" || $0 == "\t" })
        guard var interpreter = words.first.map(String.init) else { return nil }
        var base = interpreter.split(separator: "/").last.map(String.init) ?? ""
        // `#!/usr/bin/env bash`: env finds the shell along the PATH.
        if base == "env", words.count > 1 {
            base = String(words[1])
            interpreter = "/bin/" + base
        }
        guard ["sh", "bash", "dash", "ash"].contains(base) else { return nil }
        return (interpreter, text)
    }

    /// Runs an executable shell script of the container (`./script.sh`, `/usr/local/bin/x.sh`)
    /// in a child shell of its `#!` interpreter. Nil when the file is not a shell script.
    mutating func runScriptFile(
        _ name: String, path: String, _ args: [String], io: inout CommandIO, engine: inout Engine
    ) -> Int32? {
        guard let fs = fileSystem(engine), case .file(let content, let meta)? = try? fs.stat(path, cwd: cwd).node,
            let (interpreter, text) = Self.shellScript(content)
        else { return nil }
        func failed(_ message: String) -> Int32 {
            switch flavor {
            case .ash(let shellName, _): io.stderr += "\(shellName): \(name): \(message)\n"
            case .dash(let shellName): io.stderr += dashErrorStart(shellName) + "\(name): \(message)\n"
            case .bash: io.stderr += "\(bashErrorStart)\(name): \(message)\n"
            }
            return 126
        }
        if meta.mode & 0o111 == 0 { return failed("Permission denied") }
        guard interpreter.isEmpty || which(interpreter, engine: engine) != nil else {
            return failed("\(interpreter): bad interpreter: No such file or directory")
        }
        var child = newShell()
        child.positional = args
        child.commandName = name
        child.sourceName = name
        if interpreter.isEmpty {
            // Without `#!` the shell runs it in a copy of itself: the same kind of shell.
            if case .ash = flavor { child.flavor = .ash(path, script: true) }
            if case .dash = flavor { child.flavor = .dash(path) }
        } else if interpreter.hasSuffix("bash") {
            child.flavor = .bash
        } else if isBusyBox {
            child.flavor = .ash(path, script: true)
        } else {
            child.flavor = .dash(path)
        }
        let result = child.execute(text, engine: &engine, provider: io.provider)
        io.stdout += result.stdout
        io.stderr += result.stderr
        io.chunks = result.output
        return result.exited ?? result.status
    }
}

/// grep's pattern: GNU's basic regular expression (`\\|`, `\\(…\\)`, `\\{n,m\\}`, `\\+`,
/// `\\?`), `-E`'s extended one, or `-F`'s fixed string; `-i` ignores case.
struct GrepMatcher {
    struct Failure: Error {
        var message: String
    }

    private let regex: Regex<AnyRegexOutput>

    init(_ pattern: String, flags: Set<Character>) throws(Failure) {
        let compiled: Regex<AnyRegexOutput>
        if flags.contains("F") {
            compiled = Regex(verbatim: pattern)
        } else {
            do {
                compiled = try Regex(Self.source(pattern, extended: flags.contains("E")))
            } catch {
                throw Failure(
                    message: pattern.contains("[") ? "Unmatched [, [^, [:, [., or [=" : "Invalid regular expression")
            }
        }
        regex = flags.contains("i") ? compiled.ignoresCase() : compiled
    }

    func matches(_ line: String) -> Bool { line.contains(regex) }

    /// What `-o` prints of a line: each non-empty match, as the line has it.
    func parts(of line: String) -> [String] {
        line.matches(of: regex).compactMap { $0.range.isEmpty ? nil : String(line[$0.range]) }
    }

    /// The pattern in Swift's regex syntax: in a basic expression `|(){}+?` are literal and
    /// their backslashed forms special; in a bracket expression a backslash is literal.
    static func source(_ pattern: String, extended: Bool) -> String {
        let characters = Array(pattern)
        var out = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "[" {
                // A bracket expression, copied with its first `]` and backslashes made literal.
                var end = index + 1
                if end < characters.count, characters[end] == "^" { end += 1 }
                if end < characters.count, characters[end] == "]" { end += 1 }
                while end < characters.count, characters[end] != "]" {
                    if characters[end] == "[", end + 1 < characters.count, ":.=".contains(characters[end + 1]) {
                        let close = characters[end + 1]
                        var inner = end + 2
                        while inner + 1 < characters.count,
                            !(characters[inner] == close && characters[inner + 1] == "]")
                        {
                            inner += 1
                        }
                        end = inner + 1
                    }
                    end += 1
                }
                guard end < characters.count else { return pattern + "[" }  // unmatched: an error
                var body = ""
                for inner in characters[(index + 1)..<end] {
                    switch inner {
                    case "\\": body += "\\\\"
                    case "]" where body.isEmpty || body == "^": body += "\\]"
                    default: body.append(inner)
                    }
                }
                out += "[" + body + "]"
                index = end + 1
                continue
            }
            if character == "\\", index + 1 < characters.count {
                let next = characters[index + 1]
                if !extended && "|(){}+?".contains(next) {
                    out.append(next)
                } else {
                    out += "\\" + String(next)
                }
                index += 2
                continue
            }
            if !extended && "|(){}+?".contains(character) {
                out += "\\" + String(character)
            } else {
                out.append(character)
            }
            index += 1
        }
        return out
    }
}

extension Shell {
    /// `sudo COMMAND…` on the host: runs the command as root (the student's password is taken
    /// as given: no prompt). Its options are not simulated.
    mutating func sudo(_ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        guard let first = args.first, !first.hasPrefix("-") else {
            let what = args.first.map { "sudo " + $0 } ?? "sudo"
            io.stderr += io.notSimulated(what)
            return 1
        }
        if machine == .host, Self.hostProgramsNotSimulated.contains(first) {
            io.stderr += io.notSimulated(first)
            return 1
        }
        guard Self.builtins.contains(first) || which(first, engine: engine, provider: io.provider) != nil else {
            io.stderr += "sudo: \(first): command not found\n"
            return 1
        }
        let wasRoot = io.asRoot
        io.asRoot = true
        defer { io.asRoot = wasRoot }
        return dispatch(args, io: &io, engine: &engine)
    }
}
