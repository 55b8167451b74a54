import DockerSimCore
import DockerSimShell

/// `docker top`: the container's processes as the daemon's `ps -ef` shows them. Sources:
/// docker/cli cli/command/container/top.go (a tabwriter with minwidth 20, padding 3), moby
/// daemon/top_unix.go. PIDs are host PIDs, invented but stable (derived from the container ID);
/// times are shown in UTC.
enum TopCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker top", use: "CONTAINER [ps OPTIONS]", summary: "Display the running processes of a container",
        args: .min(1), flags: [], interspersed: false)

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        if args.operands.count > 1 {
            throw .notSimulated("docker top CONTAINER " + args.operands.dropFirst().joined(separator: " "))
        }
        context.engine.settle()
        let container = try context.engine.findContainer(args.operands[0])
        guard container.isRunning else {
            throw .daemon("container \(container.id) is not running", kind: .conflict)
        }
        if container.status == .restarting {
            throw .daemon(
                "Container \(container.id) is restarting, wait until the container is running", kind: .conflict)
        }
        var rows = [["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]]
        for process in processes(of: container, engine: context.engine) {
            rows.append([
                process.user, String(process.pid), String(process.ppid), "0",
                stime(container.startedAt, now: context.engine.now),
                process.tty, "00:00:00", process.command,
            ])
        }
        context.out(render(rows))
        return 0
    }

    struct Process {
        var user: String
        var pid: Int
        var ppid: Int
        var tty: String
        var command: String
    }

    /// The processes a container runs: its main process and what it starts (as the Hub catalog
    /// describes the program: how it shows itself and its children), then exec'd shells.
    static func processes(of container: Container, engine: Engine) -> [Process] {
        let base = 2000 + (Int(container.id.prefix(5), radix: 16) ?? 0) % 60000
        let shim = base - 23
        let tty = container.config.tty ? "pts/0" : "?"
        let argv = container.config.entrypoint + container.config.cmd
        let command = argv.joined(separator: " ")
        var result = [Process(user: "root", pid: base, ppid: shim, tty: tty, command: command)]
        var next = base + 1
        if let main = ContainerRuntime.mainProgram(of: container.id, engine: engine) {
            let context = ProgramSpec.Context(
                ip: container.ipAddress ?? "", hostname: container.config.hostname, env: container.config.env,
                args: main.argv.dropFirst().joined(separator: " "), command: main.argv.joined(separator: " "))
            let title = main.spec.title.map { ProgramSpec.fill($0, context) } ?? main.argv.joined(separator: " ")
            // The PIDs of the program (index 0) and of the processes it starts.
            var pids = [base]
            if main.viaShell {
                result.append(Process(user: "root", pid: next, ppid: base, tty: tty, command: title))
                pids = [next]
                next += 1
            } else {
                result[0].command = title
            }
            for process in main.spec.processes {
                result.append(
                    Process(
                        user: process.user, pid: next, ppid: pids[process.parent], tty: tty,
                        command: ProgramSpec.fill(process.command, context)))
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
        return result
    }

    /// The argument of the first `sleep` in a shell script (`while …; sleep 1; done`).
    static func sleepArgument(_ script: String) -> String? {
        let words = script.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\n" }).map(String.init)
        guard let index = words.firstIndex(of: "sleep"), index + 1 < words.count else { return nil }
        return words[index + 1]
    }

    /// `ps`'s STIME: `HH:MM` for a process started in the last 24 hours, `MonDD` (`Jan22`) in the
    /// same year, the year otherwise.
    static func stime(_ time: Timestamp, now: Timestamp) -> String {
        let parts = Timestamp.civilParts(time.seconds)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if now.seconds - time.seconds < 86_400 { return "\(two(parts.hour)):\(two(parts.minute))" }
        if Timestamp.civilParts(now.seconds).year == parts.year {
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            return months[Int(parts.month - 1) % 12] + two(parts.day)
        }
        return String(parts.year)
    }

    /// `tabwriter.NewWriter(out, 20, 1, 3, ' ', 0)`: cells padded to max(20, widest + 3), the
    /// last one not padded.
    static func render(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 20, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() where index < row.count - 1 {
                widths[index] = max(widths[index], cell.count + 3)
            }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index < row.count - 1 ? cell + String(repeating: " ", count: widths[index] - cell.count) : cell
            }.joined() + "\n"
        }.joined()
    }
}
