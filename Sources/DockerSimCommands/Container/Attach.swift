import DockerSimCore
import DockerSimShell

/// `docker attach`: connects the terminal to a running container.
enum AttachCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker attach", use: "[OPTIONS] CONTAINER",
        summary: "Attach local standard input, output, and error streams to a running container", args: .exact(1),
        flags: [
            FlagSpec("detach-keys", nil, .string, "Override the key sequence for detaching a container"),
            FlagSpec("no-stdin", nil, .bool, "Do not attach STDIN"),
            FlagSpec("sig-proxy", nil, .bool, "Proxy all received signals to the process", default: "true"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        context.engine.settle()
        let container = try context.engine.findContainer(args.operands[0])
        return try attach(container.id, context: &context)
    }

    static func attach(_ id: String, context: inout CommandContext) throws(DockerError) -> Int32 {
        guard let container = context.engine.containers[id] else { throw .daemon("No such container: \(id)") }
        switch container.status {
        case .paused: throw .cli("You cannot attach to a paused container, unpause it first")
        case .restarting: throw .cli("You cannot attach to a restarting container, wait until it is running")
        case .running: break
        default: throw .cli("You cannot attach to a stopped container, start it first")
        }
        context.engine.noteAttached(id)
        switch container.process {
        case .interactiveShell?:
            context.attach = .mainShell(containerID: id)
            return 0
        case .timed(let until, let code)?:
            context.engine.advance(by: until.interval(since: context.engine.now))
            return code
        default:
            return 0
        }
    }
}
