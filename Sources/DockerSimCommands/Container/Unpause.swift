import DockerSimCore

/// `docker unpause`.
enum UnpauseCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker unpause", use: "CONTAINER [CONTAINER...]",
        summary: "Unpause all processes within one or more containers",
        args: .min(1), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try eachContainer(args.operands, &context) { (id, context) throws(DockerError) in try context.engine.unpause(id)
        }
    }
}
