import DockerSimCore

// Source: docker/cli cli/command/volume/create.go (28.x), opts/opts.go (ValidateLabel,
// ConvertKVStringsToMap).

/// `docker volume create [VOLUME]`: creates a volume (or finds the one of that name) and prints
/// its name.
enum VolumeCreateCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker volume create", use: "[OPTIONS] [VOLUME]", summary: "Create a volume", args: .max(1),
        flags: ([
            FlagSpec("driver", "d", .string, "Specify volume driver name", default: "\"local\""),
            FlagSpec("label", nil, .list, "Set metadata for a volume", validate: VolumeCreateCommand.validateLabel),
            FlagSpec("name", nil, .string, "Specify volume name", hidden: true),
            FlagSpec("opt", "o", .list, "Set driver specific options", default: "map[]"),
        ] + clusterFlags).notSimulated(Set(["opt"] + clusterFlags.map(\.long))))

    /// The flags of swarm cluster volumes (hidden without a swarm manager).
    static let clusterFlags: [FlagSpec] = [
        FlagSpec("availability", nil, .string, "Cluster Volume availability", hidden: true),
        FlagSpec("group", nil, .string, "Cluster Volume group (cluster volumes)", hidden: true),
        FlagSpec("limit-bytes", nil, .string, "Minimum size of the Cluster Volume in bytes", hidden: true),
        FlagSpec("required-bytes", nil, .string, "Maximum size of the Cluster Volume in bytes", hidden: true),
        FlagSpec("scope", nil, .string, "Cluster Volume access scope", hidden: true),
        FlagSpec("secret", nil, .list, "Cluster Volume secrets", hidden: true),
        FlagSpec("sharing", nil, .string, "Cluster Volume access sharing", hidden: true),
        FlagSpec(
            "topology-preferred", nil, .list, "A topology that the Cluster Volume would be preferred in", hidden: true),
        FlagSpec(
            "topology-required", nil, .list, "A topology that the Cluster Volume must be accessible from", hidden: true),
        FlagSpec("type", nil, .string, "Cluster Volume access type", hidden: true),
    ]

    /// `opts.ValidateLabel`: a name before `=`, without blanks.
    static func validateLabel(_ value: String) -> String? {
        let key = String(value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0])
        let trimmed = key.drop { " \t\n\u{0B}\u{0C}\r".contains($0) }
        if trimmed.isEmpty { return "invalid label '\(value)': empty name" }
        if trimmed.contains(where: { " \t\n\u{0B}\u{0C}\r".contains($0) }) {
            return "label '\(trimmed)' contains whitespaces"
        }
        return nil
    }

    /// `ConvertKVStringsToMap`: `k=v` → `k: v`, `k` → `k: ""` (a later value wins).
    static func labelMap(_ values: [String]) -> [String: String] {
        var map: [String: String] = [:]
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            map[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return map
    }

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        var name = args.string("name")
        if let operand = args.operands.first {
            if let name, !name.isEmpty {
                throw .cli(
                    "conflicting options: cannot specify a volume-name through both --name and as a positional arg")
            }
            name = operand
        }
        let volume = try context.engine.createVolume(
            named: name, driver: args.string("driver") ?? "local", labels: labelMap(args.list("label")), options: [:])
        context.out(volume.name + "\n")
        return 0
    }
}
