import DockerSimCore

/// `docker rename`.
enum RenameCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker rename", use: "CONTAINER NEW_NAME", summary: "Rename a container", args: .exact(2), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let old = args.operands[0]
        let new = args.operands[1]
        if new.trimmed(" ").isEmpty {
            throw .cli("Error: neither old nor new names may be empty")
        }
        let container = try context.engine.findContainer(old)
        try context.engine.renameContainer(container.id, to: new)
        return 0
    }
}
