import DockerSimCore

/// The processes a running container has, as the host sees them (`docker top`, `docker stats`'
/// PIDS, `docker inspect`'s `State.Pid`, what `ss -p` names): its main process and what it starts
/// (as the Hub catalog describes the program: how it shows itself and its children), then exec'd
/// shells. PIDs are host PIDs, invented but stable: derived from the container's ID.
public enum ContainerProcesses {
    /// One process of a container.
    public struct Process: Sendable, Equatable {
        /// Who it runs as, named as the container's `/etc/passwd` names it (what `ps` inside shows).
        public var user: String
        /// Its UID (the same number on the host, where the host's `/etc/passwd` names it); -1
        /// when the container's accounts have no such user (then ``user`` is all there is).
        public var uid = 0
        public var pid: Int
        public var ppid: Int
        public var tty: String
        /// Its command line, as `ps -ef` shows it (a program may retitle itself: `nginx: master process …`).
        public var command: String
        /// Whether it holds the program's listening sockets: the program and the processes it
        /// starts (a shell that started the program, `sleep`, exec'd shells hold none).
        public var holdsSockets = false

        /// Its name in the kernel (`comm`, what `ss -p` prints): its command's first word
        /// without folders or a trailing `:`, at most 15 bytes.
        public var name: String { ContainerProcesses.name(of: command) }
    }

    /// The kernel's name (`comm`) of a process run as `command`: its first word without folders
    /// or a trailing `:`, at most 15 bytes.
    public static func name(of command: String) -> String {
        let first = command.split(separator: " ").first.map(String.init) ?? command
        var base = String(first.split(separator: "/").last ?? Substring(first))
        if base.hasSuffix(":") { base.removeLast() }
        return String(decoding: base.utf8.prefix(15), as: UTF8.self)
    }

    /// The host PID of a container's main process (process 1 inside it).
    public static func mainPID(of containerID: String) -> Int {
        2000 + (Int(containerID.prefix(5), radix: 16) ?? 0) % 60000
    }

    /// The processes of `container`, the main process first.
    public static func list(of container: Container, engine: Engine) -> [Process] {
        let base = mainPID(of: container.id)
        let shim = base - 23
        let tty = container.config.tty ? "pts/0" : "?"
        let argv = container.config.entrypoint + container.config.cmd
        let command = argv.joined(separator: " ")
        // The image's `USER`, or root.
        let imageUser = engine.images[container.imageID]?.config.config.user ?? ""
        var result = [
            Process(
                user: imageUser.isEmpty ? "root" : imageUser, pid: base, ppid: shim, tty: tty, command: command)
        ]
        var next = base + 1
        if let main = ContainerRuntime.mainProgram(of: container.id, engine: engine) {
            if let user = main.spec.user { result[0].user = user }
            let context = ProgramSpec.Context(
                ip: container.ipAddress ?? "", hostname: container.config.hostname, env: container.config.env,
                args: main.argv.dropFirst().joined(separator: " "), command: main.argv.joined(separator: " "))
            let title = main.spec.title.map { ProgramSpec.fill($0, context) } ?? main.argv.joined(separator: " ")
            // The PIDs of the program (index 0) and of the processes it starts.
            var pids = [base]
            if main.viaShell {
                result.append(
                    Process(user: result[0].user, pid: next, ppid: base, tty: tty, command: title, holdsSockets: true))
                pids = [next]
                next += 1
            } else {
                result[0].command = title
                result[0].holdsSockets = true
            }
            for process in main.spec.processes {
                result.append(
                    Process(
                        user: process.user, pid: next, ppid: pids[process.parent], tty: tty,
                        command: ProgramSpec.fill(process.command, context), holdsSockets: true))
                pids.append(next)
                next += 1
            }
        } else if case .program? = container.process, let seconds = sleepArgument(command) {
            result.append(Process(user: "root", pid: next + 3, ppid: base, tty: tty, command: "sleep " + seconds))
            next += 4
        }
        for _ in 0..<container.execSessions {
            result.append(Process(user: "root", pid: next + 17, ppid: shim, tty: "pts/1", command: "bash"))
            next += 18
        }
        // Each user named by the container's accounts: its UID, and the name they give it.
        let names = Shell.accountNames(container.fs).users
        for index in result.indices {
            let account = Shell.account(result[index].user, in: container.fs)
            result[index].uid = account?.uid ?? -1
            if let name = account.flatMap({ names[$0.uid] }) { result[index].user = name }
        }
        return result
    }

    /// How `ps -ef` on the host names a UID (`docker top`): the host's `/etc/passwd` name, its
    /// first 7 characters and `+` when longer than 8, the number when no line has it.
    public static func hostUser(of process: Process, engine: Engine) -> String {
        let uid = process.uid
        guard uid >= 0 else { return process.user }
        guard let name = Shell.accountNames(engine.host).users[uid] else { return String(uid) }
        return name.count > 8 ? String(name.prefix(7)) + "+" : name
    }

    /// The argument of the first `sleep` in a shell script (`while …; sleep 1; done`).
    static func sleepArgument(_ script: String) -> String? {
        let words = script.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\n" }).map(String.init)
        guard let index = words.firstIndex(of: "sleep"), index + 1 < words.count else { return nil }
        return words[index + 1]
    }
}
