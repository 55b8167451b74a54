import DockerSimCore

/// What starting a container's main process leads to.
public enum Launch: Equatable, Sendable {
    /// An interactive shell that waits for its terminal (`bash` with `-i`).
    case interactiveShell(terminal: Bool)
    /// A service that runs until stopped (Apache in the foreground).
    case service(output: String)
    /// A process that exits by itself after `seconds` (`sleep 30`).
    case timed(seconds: Double)
    /// A command that ran to completion at once: what it printed and its status.
    case completed(stdout: String, stderr: String, exitCode: Int32)
    /// The executable does not exist: the runtime's error text and the CLI's exit status.
    case failed(message: String, exitCode: Int32)
    /// A script that goes on by the clock (a loop with `sleep`): what it printed before its first
    /// pause, and the program to hand to the engine.
    case program(ShellProgram, stdout: String, stderr: String, sleep: Double)

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
        return launch(
            argv: argv, containerID: containerID, engine: &engine, openStdin: container.config.openStdin,
            tty: container.config.tty, mainProcess: true)
    }

    /// Starts `argv` in a container (the main process or an exec).
    /// - Parameter mainProcess: false for `docker exec` (its scripts run to their end at once).
    public static func launch(
        argv: [String], containerID: String, engine: inout Engine, openStdin: Bool, tty: Bool,
        mainProcess: Bool = false
    ) -> Launch {
        guard let program = argv.first else {
            return .failed(message: "no command specified", exitCode: 125)
        }
        var shell = Shell(containerID: containerID, engine: engine, interactive: false, terminal: tty)
        guard let path = shell.which(program, engine: engine) else {
            if program.contains("/") {
                return .failed(
                    message: "exec: \"\(program)\": stat \(program): no such file or directory", exitCode: 127)
            }
            return .failed(message: "exec: \"\(program)\": executable file not found in $PATH", exitCode: 127)
        }
        let args = Array(argv.dropFirst())
        if let (_, spec) = engine.program(path, in: containerID, cwd: shell.cwd) {
            switch spec.kind {
            case .shell:
                if let index = args.firstIndex(of: "-c"), index + 1 < args.count {
                    return runScript(
                        args[index + 1], shell: &shell, engine: &engine, mainProcess: mainProcess, tty: tty)
                }
                if openStdin { return .interactiveShell(terminal: tty) }
                return .completed(stdout: "", stderr: "", exitCode: 0)  // a shell with no input ends at once
            case .exit(let status):
                let output = rendered(spec, containerID: containerID, engine: engine)
                return tty
                    ? .completed(stdout: output.stdout + output.stderr, stderr: "", exitCode: status)
                    : .completed(stdout: output.stdout, stderr: output.stderr, exitCode: status)
            case .service:
                let output = rendered(spec, containerID: containerID, engine: engine)
                return .service(output: output.stdout + output.stderr)
            }
        }
        if program.split(separator: "/").last == "sleep", let first = args.first, let seconds = Shell.duration(first) {
            return .timed(seconds: seconds)
        }
        let line = argv.map(quote).joined(separator: " ")
        let result = shell.execute(line, engine: &engine)
        return completed(result, tty: tty, status: result.exited ?? result.status)
    }

    /// What a program of the catalog prints when it starts, by stream.
    static func rendered(
        _ spec: ProgramSpec, containerID: String, engine: Engine
    ) -> (stdout: String, stderr: String) {
        guard let container = engine.containers[containerID] else { return ("", "") }
        let context = ProgramSpec.Context(
            ip: container.ipAddress ?? "", hostname: container.config.hostname, env: container.config.env)
        var stdout = ""
        var stderr = ""
        for chunk in spec.rendered(context) {
            if chunk.stream == .stdout { stdout += chunk.text } else { stderr += chunk.text }
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
        // `sh -c "apache2ctl -D FOREGROUND"`: a service the catalog knows, started by the shell.
        if let first = words.first, let path = shell.which(first, engine: engine),
            let (_, spec) = engine.program(path, in: shell.containerID, cwd: shell.cwd), spec.kind == .service
        {
            let output = rendered(spec, containerID: shell.containerID, engine: engine)
            return .service(output: output.stdout + output.stderr)
        }
        if words.first == "sleep", words.count == 2, let seconds = Shell.duration(words[1]) {
            return .timed(seconds: seconds)
        }
        guard mainProcess else {
            let result = shell.execute(script, engine: &engine)
            return completed(result, tty: tty, status: result.exited ?? result.status)
        }
        let started = ShellProgram.start(script, containerID: shell.containerID, engine: &engine, tty: tty)
        if let program = started.program {
            return tty
                ? .program(program, stdout: started.result.combined, stderr: "", sleep: started.sleep)
                : .program(program, stdout: started.result.stdout, stderr: started.result.stderr, sleep: started.sleep)
        }
        return completed(started.result, tty: tty, status: started.result.status)
    }

    static func quote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+%@".contains($0) }) { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
