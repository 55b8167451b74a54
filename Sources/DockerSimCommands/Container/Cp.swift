import DockerSimCore

/// `docker cp`: copies between a container and the simulated host folder (never the real disk).
/// Source: docker/cli cli/command/container/cp.go (28.x): the summary line goes to stderr, with
/// the size of the tar stream in go-units' 3-digit form.
enum CpCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker cp",
        use: "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
        summary: "Copy files/folders between a container and the local filesystem", args: .exact(2),
        flags: [
            FlagSpec("archive", "a", .bool, "Archive mode (copy all uid/gid information)"),
            FlagSpec("follow-link", "L", .bool, "Always follow symbol link in SRC_PATH"),
            FlagSpec(
                "quiet", "q", .bool,
                "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached"
            ),
        ],
        helpSummary: """
            Copy files/folders between a container and the local filesystem

            Use '-' as the source to read a tar archive from stdin
            and extract it to a directory destination in a container.
            Use '-' as the destination to stream a tar archive of a
            container source to stdout.
            """)

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let source = args.operands[0]
        let destination = args.operands[1]
        if source.isEmpty { throw .cli("source can not be empty") }
        if destination.isEmpty { throw .cli("destination can not be empty") }
        let (srcContainer, srcPath) = split(source)
        let (dstContainer, dstPath) = split(destination)
        let quiet = args.has("quiet") ? args.flag("quiet") : !context.hasTerminal
        let outcome: CopyOutcome
        switch (srcContainer, dstContainer) {
        case (nil, nil):
            throw .cli("must specify at least one container source")
        case (_?, _?):
            throw .cli("copying between containers is not supported")
        case (let container?, nil):
            if dstPath == "-" { throw .notSimulated("docker cp CONTAINER:SRC_PATH -") }
            outcome = try context.engine.copyFromContainer(
                container: container, source: srcPath, destination: dstPath,
                followLink: args.flag("follow-link"))
        case (nil, let container?):
            if srcPath == "-" { throw .notSimulated("docker cp - CONTAINER:DEST_PATH") }
            outcome = try context.engine.copyToContainer(
                source: srcPath, container: container, destination: dstPath,
                followLink: args.flag("follow-link"), archive: args.flag("archive"))
        }
        if !quiet {
            context.err(
                "Successfully copied \(Units.humanSize(outcome.streamSize, precision: 3)) to \(outcome.shownDestination)\n"
            )
        }
        if let late = outcome.lateError { throw late }
        return 0
    }

    /// `splitCpArg`: `CONTAINER:PATH`, unless the argument is an absolute path or starts with `.`.
    static func split(_ arg: String) -> (container: String?, path: String) {
        if arg.hasPrefix("/") { return (nil, arg) }
        guard let colon = arg.firstIndex(of: ":") else { return (nil, arg) }
        let container = String(arg[..<colon])
        if container.hasPrefix(".") { return (nil, arg) }
        let path = String(arg[arg.index(after: colon)...])
        return (container.isEmpty ? nil : container, path)
    }
}
