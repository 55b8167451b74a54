import DockerSimCore

/// `docker pause`: freezes the processes of running containers.
enum PauseCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker pause", use: "CONTAINER [CONTAINER...]", summary: "Pause all processes within one or more containers",
        args: .min(1), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try eachContainer(args.operands, &context) { (id, context) throws(DockerError) in try context.engine.pause(id) }
    }
}
