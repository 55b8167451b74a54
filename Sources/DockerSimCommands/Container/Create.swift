import DockerSimCore

/// `docker create`: makes a container without starting it and prints its ID.
enum CreateCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker create", use: "[OPTIONS] IMAGE [COMMAND] [ARG...]", summary: "Create a new container", args: .min(1),
        flags: ContainerOptions.flags, interspersed: false)

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NetworkOptions.validateValues(args, spec: spec.at(context.invokedAs))
        do {
            let id = try ContainerOptions.create(args, &context, command: "docker create")
            context.out(id + "\n")
            return 0
        } catch  where error.status == 125 && error.origin == .cli {
            throw .cli(
                "docker: \(error.message)\n\nRun '\(context.invokedAs) --help' for more information", status: 125)
        }
    }
}
