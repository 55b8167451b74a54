import DockerSimCore

/// `docker stop`: SIGTERM, then SIGKILL after the timeout.
enum StopCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker stop", use: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Stop one or more running containers", args: .min(1),
        flags: [
            FlagSpec("signal", "s", .string, "Signal to send to the container"),
            FlagSpec("timeout", "t", .int, "Seconds to wait before killing the container"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["signal"], command: "docker stop")
        let timeout = max(0, Double(args.string("timeout") ?? "10") ?? 10)
        var errors: [String] = []
        var found: [(name: String, id: String)] = []
        for name in args.operands {
            do {
                found.append((name, try context.engine.findContainer(name).id))
            } catch {
                errors.append(error.description)
            }
        }
        context.engine.stop(found.map(\.id), timeout: timeout)
        for (name, _) in found { context.out(name + "\n") }
        if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
        return 0
    }
}

/// `docker kill`: SIGKILL.
enum KillCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker kill", use: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Kill one or more running containers", args: .min(1),
        flags: [FlagSpec("signal", "s", .string, "Signal to send to the container")])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["signal"], command: "docker kill")
        var errors: [String] = []
        for name in args.operands {
            do throws(DockerError) {
                let container = try context.engine.findContainer(name)
                do throws(DockerError) {
                    try context.engine.kill(container.id)
                } catch {
                    var typed = error
                    typed.message = "cannot kill container: \(name): container \(container.id) is not running"
                    throw typed
                }
                context.out(name + "\n")
            } catch {
                errors.append(error.description)
            }
        }
        if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
        return 0
    }
}

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
                let container = try context.engine.findContainer(name)
                try context.engine.removeContainer(container.id, force: force, typed: name)
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

