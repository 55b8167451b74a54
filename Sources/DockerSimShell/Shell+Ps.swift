import DockerSimCore

// Sources: BusyBox 1.36.1 procps/ps.c (the DESKTOP build Alpine ships: default columns
// "pid,user,time,args", `%5u` PIDs, fields padded to their width plus one space, the last one not
// padded, lines cut to the terminal's width; `-aAdefl` accepted and ignored, `-T`, `-o`; words
// without `-` ignored, so `ps aux` is `ps`), musl's getopt ("unrecognized option").

extension Shell {
    /// BusyBox's `ps` in a container: the container's processes as its PID namespace numbers
    /// them (``ContainerProcesses``, process 1 its main process), then `ps` itself. Another
    /// `ps` (procps, in Debian's images that have it) is not simulated yet.
    mutating func ps(_ args: [String], io: inout CommandIO, engine: Engine) -> Int32 {
        guard isBusyBox, let container = engine.containers[containerID] else {
            io.stderr += io.notSimulated("ps")
            return 1
        }
        var index = 0
        while index < args.count {
            let arg = args[index]
            index += 1
            if arg == "--" { break }
            guard arg.hasPrefix("-"), arg.count > 1 else { continue }
            for letter in arg.dropFirst() {
                switch letter {
                case "a", "A", "d", "e", "f", "l", "T": continue
                case "o", "Z":
                    io.stderr += io.notSimulated("ps -" + String(letter))
                    return 1
                default:
                    io.stderr +=
                        "ps: unrecognized option: \(letter)\n"
                        + "BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\n"
                        + "Usage: ps [-o COL1,COL2=HEADER] [-T]\n"
                    return 1
                }
            }
        }
        let argv = container.config.entrypoint + container.config.cmd
        var rows: [(pid: Int, user: String, command: String)] = []
        if argv.first.map(ContainerProcesses.name(of:)) == "ps" {
            // `docker run alpine ps`: ps is process 1, alone.
            rows = [(1, "root", argv.joined(separator: " "))]
        } else {
            let base = ContainerProcesses.mainPID(of: container.id)
            rows = ContainerProcesses.list(of: container, engine: engine).map {
                (pid: $0.pid - base + 1, user: $0.user, command: $0.command)
            }
            // The shell's own processes have come and gone before this one: ps is a few PIDs on.
            let last = rows.map(\.pid).max() ?? 1
            rows.append((last + 6, "root", (["ps"] + args).joined(separator: " ")))
        }
        // Padded fields: PID to 5 (right), USER to 8 (cut), TIME to 5 (right).
        func padded(_ text: String, _ width: Int, right: Bool) -> String {
            let cut = String(text.prefix(width))
            let spaces = String(repeating: " ", count: max(0, width - cut.count))
            return right ? spaces + cut : cut + spaces
        }
        var out = "PID   USER     TIME  COMMAND\n"
        for row in rows.sorted(by: { $0.pid < $1.pid }) {
            var line =
                padded(String(row.pid), 5, right: true) + " " + padded(row.user, 8, right: false) + " "
                + padded("0:00", 5, right: true) + " " + row.command
            if io.stdoutIsTerminal {
                let columns = io.provider?.columns ?? 80
                if line.count > columns { line = String(line.prefix(columns)) }
            }
            out += line + "\n"
        }
        io.stdout += out
        return 0
    }
}
