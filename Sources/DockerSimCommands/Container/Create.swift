import DockerSimCore

/// `docker create`: makes a container without starting it and prints its ID.
enum CreateCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker create", use: "[OPTIONS] IMAGE [COMMAND] [ARG...]", summary: "Create a new container", args: .min(1),
        flags: ContainerOptions.flags + [
            FlagSpec("help", nil, .bool, "Print usage"),
            // docker's own text, with its stray `|`.
            FlagSpec(
                "pull", nil, .string, "Pull image before creating (\"always\", \"|missing\", \"never\")",
                default: "\"missing\""),
        ], interspersed: false)

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NetworkOptions.validateValues(args, spec: spec.at(context.invokedAs))
        try ContainerOptions.checkBeforeRun(args, path: context.invokedAs)
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
