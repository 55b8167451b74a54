import DockerSimCore

// Source: docker/cli cli/command/volume/remove.go; moby client/utils.go (trimID).

/// `docker volume rm VOLUME...`: removes each volume no container uses, printing its name.
enum VolumeRmCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker volume rm", use: "[OPTIONS] VOLUME [VOLUME...]", summary: "Remove one or more volumes",
        args: .min(1),
        flags: [FlagSpec("force", "f", .bool, "Force the removal of one or more volumes")],
        aliases: ["docker volume rm, docker volume remove"],
        helpSummary: "Remove one or more volumes. You cannot remove a volume that is in use by a container.")

    /// The client's `trimID`: surrounding blanks dropped.
    static func trimmed(_ name: String) -> String {
        var text = Substring(name)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        var errors: [String] = []
        for typed in args.operands {
            let name = trimmed(typed)
            do throws(DockerError) {
                if name.isEmpty { throw DockerError.cli("invalid volume name or ID: value is empty") }
                try context.engine.removeVolume(name, force: args.flag("force"))
                context.out(typed + "\n")
            } catch {
                errors.append(error.description)
            }
        }
        if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
        return 0
    }
}
