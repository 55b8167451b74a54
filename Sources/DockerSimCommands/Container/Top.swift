import DockerSimCore
import DockerSimShell

/// `docker top`: the container's processes as the daemon's `ps -ef` shows them. Sources:
/// docker/cli cli/command/container/top.go (a tabwriter with minwidth 20, padding 3), moby
/// daemon/top_unix.go. The processes are ``ContainerProcesses``' (host PIDs, invented but stable);
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
        for process in ContainerProcesses.list(of: container, engine: context.engine) {
            rows.append([
                ContainerProcesses.hostUser(of: process, engine: context.engine), String(process.pid),
                String(process.ppid), "0",
                stime(container.startedAt, now: context.engine.now),
                process.tty, "00:00:00", process.command,
            ])
        }
        context.out(render(rows))
        return 0
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
