import DockerSimCore
import DockerSimShell

/// `docker run`: create, start and (unless `-d`) attach to a container.
enum RunCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker run", use: "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        summary: "Create and run a new container from an image",
        args: .min(1),
        flags: ContainerOptions.flags
            + [
                FlagSpec("detach", "d", .bool, "Run container in background and print container ID"),
                FlagSpec("help", nil, .bool, "Print usage"),
                FlagSpec("detach-keys", nil, .string, "Override the key sequence for detaching a container")
                    .notSimulated(),
                FlagSpec(
                    "pull", nil, .string, "Pull image before running (\"always\", \"missing\", \"never\")",
                    default: "\"missing\""),
                FlagSpec("sig-proxy", nil, .bool, "Proxy received signals to the process", default: "true"),
            ].sorted { $0.long < $1.long },
        interspersed: false)

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NetworkOptions.validateValues(args, spec: spec.at(context.invokedAs))
        try ContainerOptions.checkBeforeRun(args, path: context.invokedAs)
        let path = context.invokedAs
        func decorated(_ error: DockerError, status: Int32 = 125) -> DockerError {
            // dockersim's own "not simulated yet" is not docker's error: it goes out as it is.
            if error.localized != nil { return error }
            return .cli("docker: \(error.description)\n\nRun '\(path) --help' for more information", status: status)
        }
        if args.flag("detach") && args.has("attach") {
            throw .cli("Conflicting options: -a and -d", status: 125)
        }
        let id: String
        do {
            id = try ContainerOptions.create(args, &context, command: "docker run")
        } catch {
            throw decorated(error)
        }
        let detach = args.flag("detach")
        if detach { context.out(id + "\n") }
        return try StartCommand.startAndAttach(
            id, attach: !detach, interactive: args.flag("interactive"), context: &context,
            failure: { decorated($0, status: $1) })
    }
}
