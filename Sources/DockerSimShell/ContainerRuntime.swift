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
/// container shell: the part of runc and of the image's programs that dockersim simulates.
public enum ContainerRuntime {
    /// Programs that run in the foreground until stopped.
    static let services: Set<String> = [
        "apache2ctl", "apachectl", "httpd", "httpd-foreground", "apache2", "nginx", "mysqld", "mariadbd", "php-fpm",
        "docker-entrypoint.sh",
    ]

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
        guard shell.which(program, engine: engine) != nil else {
            if program.contains("/") {
                return .failed(
                    message: "exec: \"\(program)\": stat \(program): no such file or directory", exitCode: 127)
            }
            return .failed(message: "exec: \"\(program)\": executable file not found in $PATH", exitCode: 127)
        }
        let base = String(program.split(separator: "/").last ?? "")
        let args = Array(argv.dropFirst())
        switch base {
        case "bash", "sh", "dash":
            if let index = args.firstIndex(of: "-c"), index + 1 < args.count {
                return runScript(args[index + 1], shell: &shell, engine: &engine, mainProcess: mainProcess, tty: tty)
            }
            if openStdin { return .interactiveShell(terminal: tty) }
            return .completed(stdout: "", stderr: "", exitCode: 0)  // bash with no input ends at once
        case "sleep":
            if let first = args.first, let seconds = Shell.duration(first) { return .timed(seconds: seconds) }
        case "hello":
            return .completed(stdout: helloMessage, stderr: "", exitCode: 0)
        default:
            if services.contains(base) { return .service(output: serviceOutput(base)) }
        }
        let line = argv.map(ShellQuote.quote).joined(separator: " ")
        let result = shell.execute(line, engine: &engine)
        return completed(result, tty: tty, status: result.exited ?? result.status)
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
        if let first = words.first, services.contains(String(first.split(separator: "/").last ?? "")) {
            return .service(output: serviceOutput(first))
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


    static func serviceOutput(_ program: String) -> String {
        if program.contains("apache") || program.contains("httpd") {
            return
                "AH00558: apache2: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message\n"
        }
        return ""
    }

    /// What `/hello` in the hello-world image prints.
    public static let helloMessage = """

        Hello from Docker!
        This message shows that your installation appears to be working correctly.

        To generate this message, Docker took the following steps:
         1. The Docker client contacted the Docker daemon.
         2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
            (amd64)
         3. The Docker daemon created a new container from that image which runs the
            executable that produces the output you are currently reading.
         4. The Docker daemon streamed that output to the Docker client, which sent it
            to your terminal.

        To try something more ambitious, you can run an Ubuntu container with:
         $ docker run -it ubuntu bash

        Share images, automate workflows, and more with a free Docker ID:
         https://hub.docker.com/

        For more examples and ideas, visit:
         https://docs.docker.com/get-started/


        """
}
