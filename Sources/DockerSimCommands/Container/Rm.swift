import DockerSimCore

/// `docker rm`: removes containers.
enum RmCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker rm", use: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Remove one or more containers", args: .min(1),
        flags: [
            FlagSpec("force", "f", .bool, "Force the removal of a running container (uses SIGKILL)"),
            FlagSpec("link", "l", .bool, "Remove the specified link"),
            FlagSpec("volumes", "v", .bool, "Remove anonymous volumes associated with the container"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let force = args.flag("force")
        var errors: [String] = []
        for name in args.operands {
            do throws(DockerError) {
                if name.isEmpty { throw DockerError.cli("container name cannot be empty") }
                let id = try context.withEngine { (engine: inout Engine) throws(DockerError) in
                    try engine.findContainer(name).id
                }
                try context.engine.removeContainer(id, force: force, typed: name, volumes: args.flag("volumes"))
                context.out(name + "\n")
            } catch {
                if force && error.kind == .notFound {
                    context.err(error.description + "\n")
                    continue
                }
                errors.append(error.description)
            }
        }
        if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
        return 0
    }
}
