import DockerSimCore
import DockerSimShell

/// `docker diff`: what changed in a container's writable layer.
enum DiffCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker diff", use: "CONTAINER", summary: "Inspect changes to files or directories on a container's filesystem",
        args: .exact(1), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        context.engine.settle()
        let container = try context.engine.findContainer(args.operands[0])
        context.out(container.fs.changes().map { "\($0.kind.rawValue) \($0.path)\n" }.joined())
        return 0
    }
}
