import DockerSimCore

/// `docker rmi` / `docker image rm`: untag, then delete what nothing references any more.
enum RmiCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker rmi", use: "[OPTIONS] IMAGE [IMAGE...]", summary: "Remove one or more images", args: .min(1),
        flags: [
            FlagSpec("force", "f", .bool, "Force removal of the image"),
            FlagSpec("no-prune", nil, .bool, "Do not delete untagged parents"),
            FlagSpec(
                "platform", nil, .list,
                #"Remove only the given platform variant. Formatted as "os[/arch[/variant]]" (e.g., "linux/amd64")"#,
                typeName: "strings"),
        ].notSimulated(["platform"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let force = args.flag("force")
        var errors: [String] = []
        var fatal = false
        for name in args.operands {
            do {
                let records = try context.engine.removeImage(name, force: force, prune: !args.flag("no-prune"))
                for record in records {
                    switch record {
                    case .untagged(let ref): context.out("Untagged: \(ref)\n")
                    case .deleted(let digest): context.out("Deleted: \(digest)\n")
                    }
                }
            } catch {
                if error.kind != .notFound { fatal = true }
                errors.append(error.description)
            }
        }
        if !errors.isEmpty {
            let message = errors.joined(separator: "\n")
            if !force || fatal { throw .cli(message) }
            context.err(message + "\n")
        }
        return 0
    }
}
