import DockerSimCore
import DockerSimShell

/// `docker logs`: what a container's main process printed.
enum LogsCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker logs", use: "[OPTIONS] CONTAINER", summary: "Fetch the logs of a container", args: .exact(1),
        flags: [
            FlagSpec("details", nil, .bool, "Show extra details provided to logs"),
            FlagSpec("follow", "f", .bool, "Follow log output"),
            FlagSpec(
                "since", nil, .string,
                "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
            FlagSpec("tail", "n", .string, "Number of lines to show from the end of the logs", default: "\"all\""),
            FlagSpec("timestamps", "t", .bool, "Show timestamps"),
            FlagSpec(
                "until", nil, .string,
                "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"
            ),
        ].notSimulated(["since", "until", "details"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        context.engine.settle()
        let container = try context.engine.findContainer(args.operands[0])
        var lines: [(LogEntry.Stream, String, Timestamp)] = []
        for entry in container.logs {
            var text = Substring(entry.text)
            while !text.isEmpty {
                let end = text.firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex
                lines.append((entry.stream, String(text[..<end]), entry.time))
                text = text[end...]
            }
        }
        if let tail = args.string("tail"), tail != "all" {
            guard let count = Int(tail) else { throw .cli("invalid value for \"tail\": \(tail)") }
            if count >= 0 { lines = Array(lines.suffix(count)) }
        }
        for (stream, text, time) in lines {
            let line = args.flag("timestamps") ? time.rfc3339NanoFixed + " " + text : text
            stream == .stdout ? context.out(line) : context.err(line)
        }
        if args.flag("follow") && container.isRunning {
            context.err(Message.followGivesBack.text(context.language) + "\n")
        }
        return 0
    }
}
