import DockerSimCore

// Source: docker/cli cli/command/volume/inspect.go, cli/command/inspect/inspector.go.

/// `docker volume inspect VOLUME...`: each volume's JSON, or a template over it.
enum VolumeInspectCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker volume inspect", use: "[OPTIONS] VOLUME [VOLUME...]",
        summary: "Display detailed information on one or more volumes", args: .min(1),
        flags: [FlagSpec("format", "f", .string, "Format output using a custom template")])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let engine = context.engine
        let found = args.operands.map { typed -> Result<JSONValue, DockerError> in
            let name = VolumeRmCommand.trimmed(typed)
            if name.isEmpty { return .failure(.cli("invalid volume name or ID: value is empty")) }
            guard let volume = engine.volumes[name] else {
                return .failure(DockerError.daemon("get \(name): no such volume"))
            }
            return .success(volume.json)
        }
        return try InspectCommand.write(found, format: args.string("format") ?? "", context: &context)
    }
}
