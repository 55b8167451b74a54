import DockerSimCore

/// What starting a container's main process leads to.
public enum Launch: Equatable, Sendable {
    /// An interactive shell that waits for its terminal (`bash` with `-i`).
    case interactiveShell(terminal: Bool)
    /// A service that runs until stopped (Apache in the foreground): what it printed, in order.
    case service(output: [ProgramSpec.Output])
    /// A process that exits by itself after `seconds` (`sleep 30`).
    case timed(seconds: Double)
    /// A command that ran to completion at once: what it printed and its status.
    case completed(stdout: String, stderr: String, exitCode: Int32)
    /// The executable does not exist: the runtime's error text and the CLI's exit status.
    case failed(message: String, exitCode: Int32)
    /// A script that goes on by the clock (a loop with `sleep`): what it printed before its first
    /// pause, and the program to hand to the engine. (Boxed: the program's shell inline made
    /// every launch 670 bytes, moved whole at each return and `switch`.)
    indirect case program(ShellProgram, stdout: String, stderr: String, sleep: Double)

    public static func == (lhs: Launch, rhs: Launch) -> Bool {
        switch (lhs, rhs) {
        case (.interactiveShell(let a), .interactiveShell(let b)): a == b
        case (.service(let a), .service(let b)): a == b
        case (.timed(let a), .timed(let b)): a == b
        case (.completed(let a, let b, let c), .completed(let d, let e, let f)): a == d && b == e && c == f
        case (.failed(let a, let b), .failed(let c, let d)): a == c && b == d
        case (.program(_, let a, let b, let c), .program(_, let d, let e, let f)): a == d && b == e && c == f
        default: false
        }
    }
}

/// Decides what a container's main process does, and runs one-shot commands in it with the
/// container shell: the part of runc and of the image's programs that dockersim simulates. What
/// an image's programs do (a shell, a web server, a message and an exit) is data of the Hub
/// catalog (``ProgramSpec``, found with ``Engine/program(_:in:cwd:)``), not code here.
public enum ContainerRuntime {
    /// Starts the main process of a container (already marked running or about to be).
    /// - Parameter attachedStdin: `-i` was given (or `start -i`).
    public static func launch(_ containerID: String, engine: inout Engine) -> Launch {
        guard let container = engine.containers[containerID] else {
            return .failed(message: "No such container", exitCode: 125)
        }
        let argv = container.config.entrypoint + container.config.cmd
        let cwd = workingDirectory(container.config.workingDir)
        let (openStdin, tty) = (container.config.openStdin, container.config.tty)
        _ = consume container
        return launch(
            argv: argv, containerID: containerID, engine: &engine, openStdin: openStdin, tty: tty, mainProcess: true,
            cwd: cwd)
    }

    /// `FilePath.normalize(workingDir)`, the usual `""` and `/` (the root) answered at once.
    static func workingDirectory(_ workingDir: String) -> [String] {
        workingDir.isEmpty || workingDir == "/" ? [] : FilePath.normalize(workingDir)
    }

    /// Starts `argv` in a container (the main process or an exec).
    /// - Parameter mainProcess: false for `docker exec` (its scripts run to their end at once).
    public static func launch(
        argv: [String], containerID: String, engine: inout Engine, openStdin: Bool, tty: Bool,
        mainProcess: Bool = false
    ) -> Launch {
        // The shell's working directory, as ``Shell`` sets it from the container's.
        let cwd = workingDirectory(engine.containers[containerID]?.config.workingDir ?? "/")
        return launch(
            argv: argv, containerID: containerID, engine: &engine, openStdin: openStdin, tty: tty,
            mainProcess: mainProcess, cwd: cwd)
    }

    /// ``launch(argv:containerID:engine:openStdin:tty:mainProcess:)`` in the working directory
    /// `cwd` (the container's, which the main process's caller has read already).
    static func launch(
        argv: [String], containerID: String, engine: inout Engine, openStdin: Bool, tty: Bool,
        mainProcess: Bool, cwd: [String]
    ) -> Launch {
        var argv = argv
        // What wrappers (entrypoint scripts) printed before they ran their arguments.
        var printed: [ProgramSpec.Output] = []
        for _ in 0..<4 {
            guard let program = argv.first else {
                return .failed(message: "no command specified", exitCode: 125)
            }
            // Its flavour (ash or not) is decided where a script or command runs in it, below.
            // Made only where it is used: its environment costs more than the look-ups of a
            // program given by path (`/bin/bash`), which `which` answers from the file itself.
            func makeShell(_ engine: Engine) -> Shell {
                Shell(containerID: containerID, engine: engine, interactive: false, terminal: tty, decidesFlavor: false)
            }
            var made: Shell?
            let found: String?
            // The path's entry, links not followed, when it is a file: `Engine.program`'s first
            // look-up, done here once.
            var entry: (path: [String], node: FileNode)?
            if program.utf8.contains(UInt8(ascii: "/")) {
                // `Shell.which` for a path: the path when it is a file of the container. A file
                // reached without following a link is the same entry followed or not.
                // (The file system read where the container's box holds it: no copy of it made.)
                let unfollowed = try? engine.containers[containerID]?.withFS { fs throws(FSError) in
                    try fs.stat(program, cwd: cwd, follow: false)
                }
                if case .file? = unfollowed?.node {
                    found = program
                    entry = unfollowed
                } else {
                    let node = try? engine.containers[containerID]?.fs.stat(program, cwd: cwd).node
                    if case .file? = node { found = program } else { found = nil }
                }
            } else {
                let shell = makeShell(engine)
                found = shell.which(program, engine: engine)
                made = shell
            }
            guard let path = found else {
                if program.contains("/") {
                    return .failed(
                        message: "exec: \"\(program)\": stat \(program): no such file or directory", exitCode: 127)
                }
                return .failed(message: "exec: \"\(program)\": executable file not found in $PATH", exitCode: 127)
            }
            let args = Array(argv.dropFirst())
            guard let (_, spec) = engine.program(path, in: containerID, cwd: cwd, arguments: args, entry: entry) else {
                var shell = made ?? makeShell(engine)
                // A shell script (`#!/bin/bash`): its interpreter runs it as the process.
                let node = try? engine.containers[containerID]?.fs.stat(path, cwd: shell.cwd).node
                // (Without `#!` no shell is there to run it: the kernel's exec refuses it.)
                if case .file(let content, let meta)? = node, let (interpreter, text) = Shell.shellScript(content),
                    !interpreter.isEmpty
                {
                    guard meta.mode & 0o111 != 0 else {
                        return .failed(message: "exec: \"\(program)\": permission denied", exitCode: 126)
                    }
                    shell.decideFlavor(engine: engine)
                    shell.flavor =
                        interpreter.hasSuffix("bash") ? .bash : shell.isBusyBox ? .ash(path, script: true) : .dash(path)
                    shell.positional = args  // `exec "$@"` in an entrypoint script: the CMD
                    shell.commandName = program
                    shell.sourceName = program
                    return runScript(text, shell: &shell, engine: &engine, mainProcess: mainProcess, tty: tty)
                }
                shell.decideFlavor(engine: engine)
                return generic(argv, shell: &shell, engine: &engine, tty: tty, printed: printed)
            }
            if case .shell = spec.kind {
                if let index = args.firstIndex(of: "-c"), index + 1 < args.count {
                    // The script's errors start with the name it was started as: `sh: foo: not
                    // found` (ash), `sh: 1: foo: not found` (dash), bash's own.
                    var shell = made ?? makeShell(engine)
                    shell.decideFlavor(engine: engine)
                    shell.flavor = shell.startedFlavor(argv.first ?? "sh")
                    // `sh -c TEXT NAME ARG…`: NAME is `$0`, the rest `$1`…
                    shell.commandName = index + 2 < args.count ? args[index + 2] : argv.first
                    shell.commandStringFirstLine = spec.commandStringFirstLine
                    shell.positional = Array(args.dropFirst(index + 3))
                    return runScript(
                        args[index + 1], shell: &shell, engine: &engine, mainProcess: mainProcess, tty: tty)
                }
                if let file = args.first, !file.hasPrefix("-") {
                    // `sh FILE ARG…`: the shell reads the file and runs it.
                    let name = argv.first ?? "sh"
                    var shell = made ?? makeShell(engine)
                    shell.decideFlavor(engine: engine)
                    shell.flavor = shell.startedFlavor(name)
                    var io = CommandIO()
                    guard let text = shell.scriptText(file, shell: name, io: &io, engine: engine) else {
                        return tty
                            ? .completed(stdout: io.stderr, stderr: "", exitCode: io.status)
                            : .completed(stdout: "", stderr: io.stderr, exitCode: io.status)
                    }
                    if case .ash = shell.flavor { shell.flavor = .ash(file, script: true) }
                    if case .dash = shell.flavor { shell.flavor = .dash(file) }
                    shell.commandName = file
                    shell.sourceName = file
                    shell.positional = Array(args.dropFirst())
                    return runScript(text, shell: &shell, engine: &engine, mainProcess: mainProcess, tty: tty)
                }
                if openStdin { return .interactiveShell(terminal: tty) }
                return finished(printed, status: 0, tty: tty)  // a shell with no input ends at once
            }
            let context = self.context(containerID, argv: argv, engine: engine)
            let firstRun = isFirstRun(spec, containerID: containerID, engine: engine)
            let missing = printed + ProgramSpec.render(spec.missing, context, firstRun: firstRun)
            // What a program requires is checked on its first run (a database whose files exist
            // starts without its password variable), or always when it has no first-run marker.
            let requirementsMet = (spec.firstRunMarker != nil && !firstRun) || spec.requirementsMet(context)
            switch spec.kind {
            case .entrypoint(let triggers):
                var next = args
                if let first = next.first, first.hasPrefix("-"), let trigger = triggers.first {
                    next.insert(trigger, at: 0)
                }
                if let first = next.first, triggers.contains(first) {
                    guard requirementsMet else { return finished(missing, status: spec.missingStatus, tty: tty) }
                    printed += spec.rendered(context, firstRun: firstRun)
                    if firstRun {
                        makeFiles(spec, containerID: containerID, engine: &engine)
                        if let datadir = spec.sqlInit {
                            engine.sqlInitialize(containerID, datadir: datadir, env: context.env)
                        }
                    }
                    next = spec.runs + next
                }
                if next.isEmpty { return finished(printed, status: 0, tty: tty) }
                argv = next
            case .shell:
                return finished(printed, status: 0, tty: tty)  // handled above
            case .exit(let status):
                guard requirementsMet else { return finished(missing, status: spec.missingStatus, tty: tty) }
                return finished(printed + spec.rendered(context, firstRun: firstRun), status: status, tty: tty)
            case .service:
                guard requirementsMet else { return finished(missing, status: spec.missingStatus, tty: tty) }
                let output = printed + spec.rendered(context, firstRun: firstRun)
                if firstRun { makeFiles(spec, containerID: containerID, engine: &engine) }
                return .service(output: output)
            }
        }
        return .failed(message: "exec: too many wrapper scripts", exitCode: 126)
    }

    /// The catalog program a container's main process comes to, through entrypoint scripts
    /// (which exec their arguments) and `sh -c COMMAND`: its command line, whether a shell
    /// started it, and its description. Nil when the main process is a shell or unknown.
    public static func mainProgram(
        of containerID: String, engine: Engine
    ) -> (argv: [String], viaShell: Bool, spec: ProgramSpec)? {
        guard let config = engine.containers[containerID]?.config else { return nil }
        var argv = config.entrypoint + config.cmd
        var viaShell = false
        for _ in 0..<4 {
            let shell = Shell(
                containerID: containerID, engine: engine, interactive: false, terminal: false, decidesFlavor: false)
            let args = Array(argv.dropFirst())
            guard let program = argv.first, let path = shell.which(program, engine: engine) else { return nil }
            guard let (_, spec) = engine.program(path, in: containerID, cwd: shell.cwd, arguments: args) else {
                // A script that has handed over to a service (its last line): that service.
                guard engine.containers[containerID]?.process == .service,
                    let last = handedOver(path, containerID: containerID, engine: engine)
                else { return nil }
                argv = last
                viaShell = true
                continue
            }
            switch spec.kind {
            case .entrypoint(let triggers):
                argv = args
                if let first = argv.first, first.hasPrefix("-"), let trigger = triggers.first {
                    argv.insert(trigger, at: 0)
                }
                if let first = argv.first, triggers.contains(first) { argv = spec.runs + argv }
            case .shell:
                guard !viaShell, let index = args.firstIndex(of: "-c"), index + 1 < args.count else { return nil }
                argv = args[index + 1].split(separator: " ").map(String.init)
                viaShell = true
            case .exit, .service:
                return (argv, viaShell, spec)
            }
        }
        return nil
    }

    /// The words of the last command of a shell script file (`apache2ctl -D FOREGROUND`, with
    /// its `exec` dropped): what a main script that became a service runs.
    static func handedOver(_ path: String, containerID: String, engine: Engine) -> [String]? {
        guard case .file(let content, _)? = try? engine.containers[containerID]?.fs.stat(path, cwd: []).node,
            let (_, text) = Shell.shellScript(content)
        else { return nil }
        let lines = text.split(separator: "\n").map { $0.drop { $0 == " " || $0 == "\t" } }
        guard let last = lines.last(where: { !$0.isEmpty && !$0.hasPrefix("#") }) else { return nil }
        var words = last.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        if words.first == "exec" { words.removeFirst() }
        return words.isEmpty ? nil : words
    }

    /// A program the catalog says nothing about: `sleep` waits, anything else runs in the
    /// container's shell (which knows the common commands).
    static func generic(
        _ argv: [String], shell: inout Shell, engine: inout Engine, tty: Bool, printed: [ProgramSpec.Output]
    ) -> Launch {
        let args = Array(argv.dropFirst())
        if argv.first?.split(separator: "/").last == "sleep", let first = args.first,
            let seconds = Shell.duration(first)
        {
            return .timed(seconds: seconds)
        }
        let result = shell.execute(argv.map(ShellQuote.quote).joined(separator: " "), engine: &engine)
        let before = joined(printed, tty: tty)
        let status = result.exited ?? result.status
        return tty
            ? .completed(stdout: before.stdout + result.combined, stderr: "", exitCode: status)
            : .completed(stdout: before.stdout + result.stdout, stderr: before.stderr + result.stderr, exitCode: status)
    }

    /// The values a program's placeholders take in this container, now.
    static func context(_ containerID: String, argv: [String], engine: Engine) -> ProgramSpec.Context {
        let container = engine.containers[containerID]
        return ProgramSpec.Context(
            ip: container?.ipAddress ?? "", hostname: container?.config.hostname ?? "",
            env: container?.config.env ?? [], time: engine.now, args: argv.dropFirst().joined(separator: " "),
            command: argv.joined(separator: " "))
    }

    /// True while the program's first-run marker does not exist in the container.
    static func isFirstRun(_ spec: ProgramSpec, containerID: String, engine: Engine) -> Bool {
        guard let marker = spec.firstRunMarker, let fs = engine.containers[containerID]?.fs else { return true }
        return (try? fs.stat(marker, cwd: [])) == nil
    }

    /// What a program makes on its first run: the folders it copies, then its files and folders.
    /// Each file is written on its own, so that one the simulated disk has no room for is left out
    /// and the rest is still there (an application copied into a volume, which the disk limit of
    /// writable layers should not count).
    static func makeFiles(_ spec: ProgramSpec, containerID: String, engine: inout Engine) {
        let time = engine.now.seconds
        func copy(_ from: [String], _ to: [String], depth: Int) {
            guard depth < 64, let entries = engine.containers[containerID]?.fs.list(from) else { return }
            _ = try? engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                try fs.makeDirectory(FilePath.string(to), cwd: [], parents: true, mtime: time)
            }
            for name in entries.keys.sorted() {
                if case .directory? = entries[name] {
                    copy(from + [name], to + [name], depth: depth + 1)
                } else {
                    _ = try? engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                        try fs.copyTree(from: from + [name], to: to + [name], mtime: time)
                    }
                }
            }
        }
        for pair in spec.copies { copy(FilePath.normalize(pair.from), FilePath.normalize(pair.to), depth: 0) }
        // What the program makes is its user's (`user mysql`: MariaDB's data files).
        let owner = spec.user.flatMap { user in
            engine.containers[containerID].flatMap { Shell.account(user, in: $0.fs) }
        }
        for created in spec.creates {
            _ = try? engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                let creator = fs.creator
                if let owner { fs.creator = owner }
                defer { fs.creator = creator }
                if let size = created.size {
                    let parent = FilePath.string(Array(FilePath.normalize(created.path).dropLast()))
                    try fs.makeDirectory(parent, cwd: [], parents: true, mtime: time)
                    try fs.writeOpaque(created.path, cwd: [], size: size, mode: 0o660, mtime: time)
                } else {
                    try fs.makeDirectory(created.path, cwd: [], parents: true, mtime: time)
                }
            }
        }
    }

    /// A program that has ended, with what it printed (on a terminal both streams are one).
    static func finished(_ output: [ProgramSpec.Output], status: Int32, tty: Bool) -> Launch {
        let text = joined(output, tty: tty)
        return .completed(stdout: text.stdout, stderr: text.stderr, exitCode: status)
    }

    static func joined(_ output: [ProgramSpec.Output], tty: Bool) -> (stdout: String, stderr: String) {
        var stdout = ""
        var stderr = ""
        for chunk in output {
            if chunk.stream == .stdout || tty { stdout += chunk.text } else { stderr += chunk.text }
        }
        return (stdout, stderr)
    }

    /// A finished command's output: on a terminal both streams arrive in order, as one.
    static func completed(_ result: ShellResult, tty: Bool, status: Int32) -> Launch {
        tty
            ? .completed(stdout: result.combined, stderr: "", exitCode: status)
            : .completed(stdout: result.stdout, stderr: result.stderr, exitCode: status)
    }

    static func runScript(
        _ script: String, shell: inout Shell, engine: inout Engine, mainProcess: Bool, tty: Bool
    ) -> Launch {
        let words = script.split(separator: " ").map(String.init)
        // `sh -c /usr/local/bin/script.sh` (a shell-form CMD): the shell runs the script file.
        if let first = words.first, !script.contains(where: { "\n;|&<>$`'\"()*?".contains($0) }),
            let path = shell.which(first, engine: engine),
            engine.program(path, in: shell.containerID, cwd: shell.cwd) == nil,
            case .file(let content, _)? = try? engine.containers[shell.containerID]?.fs.stat(path, cwd: shell.cwd).node,
            Shell.shellScript(content) != nil
        {
            return launch(
                argv: words, containerID: shell.containerID, engine: &engine, openStdin: false, tty: tty,
                mainProcess: mainProcess)
        }
        // `sh -c "apache2ctl -D FOREGROUND"`: a program the catalog knows, started by the shell.
        if let first = words.first, let path = shell.which(first, engine: engine),
            let (_, spec) = engine.program(
                path, in: shell.containerID, cwd: shell.cwd, arguments: Array(words.dropFirst())),
            spec.kind != .shell
        {
            return launch(argv: words, containerID: shell.containerID, engine: &engine, openStdin: false, tty: tty)
        }
        if words.first == "sleep", words.count == 2, let seconds = Shell.duration(words[1]) {
            return .timed(seconds: seconds)
        }
        guard mainProcess else {
            let result = shell.execute(script, engine: &engine)
            return completed(result, tty: tty, status: result.exited ?? result.status)
        }
        let started = ShellProgram.start(
            script, containerID: shell.containerID, engine: &engine, tty: tty, flavor: shell.flavor,
            arguments: (shell.commandName, shell.positional), source: shell.sourceName,
            firstLine: shell.commandStringFirstLine)
        if let argv = started.exec {
            // The script handed over to a service: what it printed, then the service's start.
            let before: [ProgramSpec.Output] =
                tty
                ? [.init(stream: .stdout, text: started.result.combined)]
                : [
                    .init(stream: .stdout, text: started.result.stdout),
                    .init(stream: .stderr, text: started.result.stderr),
                ]
            let launched = launch(
                argv: argv, containerID: shell.containerID, engine: &engine, openStdin: false, tty: tty)
            if case .service(let output) = launched {
                return .service(output: before.filter { !$0.text.isEmpty } + output)
            }
            return launched
        }
        if let program = started.program {
            return tty
                ? .program(program, stdout: started.result.combined, stderr: "", sleep: started.sleep)
                : .program(program, stdout: started.result.stdout, stderr: started.result.stderr, sleep: started.sleep)
        }
        return completed(started.result, tty: tty, status: started.result.status)
    }

}

extension ContainerRuntime {
    /// Hands a main process just launched to the engine, as a detached start leaves it: what it
    /// printed goes to the container's log, and it runs by the clock, waits, or ends.
    /// `.failed` is left to the caller (a start by hand reports it; a restart gives up).
    public static func record(_ launch: Launch, containerID id: String, engine: inout Engine) {
        // An interactive shell (`run -it`) logs nothing: the container is not looked up for it.
        if case .interactiveShell = launch {
            engine.setProcess(id, .interactiveShell)
            return
        }
        let tty = engine.containers[id]?.config.tty ?? false
        switch launch {
        case .failed:
            break
        case .interactiveShell:
            engine.setProcess(id, .interactiveShell)
        case .service(let output):
            for chunk in output { engine.appendLog(id, stream: tty ? .stdout : chunk.stream, text: chunk.text) }
        case .timed(let seconds):
            engine.setProcess(id, .timed(until: engine.now.adding(seconds: seconds), exitCode: 0))
        case .program(let program, let stdout, let stderr, let sleep):
            engine.appendLog(id, stream: .stdout, text: stdout)
            engine.appendLog(id, stream: tty ? .stdout : .stderr, text: stderr)
            engine.runProgram(id, program, sleeping: sleep)
        case .completed(let stdout, let stderr, let code):
            engine.appendLog(id, stream: .stdout, text: stdout)
            engine.appendLog(id, stream: tty ? .stdout : .stderr, text: stderr)
            engine.finish(id, exitCode: code)
        }
    }
}

/// The runtime as the engine's ``MainProcessLauncher``: a container its restart policy brings
/// back runs its main process again, detached, as `docker start` runs it.
public struct RuntimeLauncher: MainProcessLauncher {
    public init() {}

    public func launch(_ containerID: String, engine: inout Engine) {
        let launch = ContainerRuntime.launch(containerID, engine: &engine)
        if case .failed(_, let code) = launch {
            engine.finish(containerID, exitCode: code, mayRestart: false)
            return
        }
        ContainerRuntime.record(launch, containerID: containerID, engine: &engine)
    }

    /// The catalog's `stop` line of the service that is the container's process 1. A service a
    /// shell started (`/bin/sh -c "apache2ctl -D FOREGROUND"`) is not process 1: the shell is,
    /// and it ignores the signal.
    public func stopping(_ containerID: String, engine: Engine) -> ProgramSpec.Stop? {
        guard let main = ContainerRuntime.mainProgram(of: containerID, engine: engine), !main.viaShell else {
            return nil
        }
        return main.spec.stop
    }
}
