import DockerSimCore

/// `docker save`: images to a tar archive on the simulated host. Source: docker/cli v28.5.1
/// cli/command/image/save.go.
enum SaveCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker save", use: "[OPTIONS] IMAGE [IMAGE...]",
        summary: "Save one or more images to a tar archive (streamed to STDOUT by default)", args: .min(1),
        flags: [
            FlagSpec("output", "o", .string, "Write to a file, instead of STDOUT"),
            FlagSpec("platform", nil, .list, "Save only the given platform(s). Formatted as `os[/arch[/variant]]` (e.g., `linux/amd64`)"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["platform"], command: "docker save")
        guard let output = args.string("output") else {
            throw .cli("cowardly refusing to save to a terminal. Use the -o flag or redirect")
        }
        let (archive, size) = try context.engine.save(args.operands)
        let content = context.engine.archiveFile(archive, size: size)
        let now = context.engine.now.seconds
        do {
            try context.engine.withHost { (fs: inout ContainerFS, cwd: inout [String]) throws(FSError) in
                try fs.write(output, cwd: cwd, bytes: [], append: false, mtime: now)
                try fs.replaceContent(output, cwd: cwd, with: content)
            }
        } catch {
            throw .cli("failed to save image: invalid output path: \(error.text)")
        }
        return 0
    }
}

/// `docker load`: images from a tar archive on the simulated host. Sources: docker/cli v28.5.1
/// cli/command/image/load.go, moby image/tarexport/load.go.
enum LoadCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker load", use: "[OPTIONS]", summary: "Load an image from a tar archive or STDIN", args: .none,
        flags: [
            FlagSpec("input", "i", .string, "Read from tar archive file, instead of STDIN"),
            FlagSpec("platform", nil, .list, "Load only the given platform(s). Formatted as a comma-separated list of `os[/arch[/variant]]` (e.g., `linux/amd64,linux/arm64/v8`)."),
            FlagSpec("quiet", "q", .bool, "Suppress the load output"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["platform"], command: "docker load")
        guard let input = args.string("input") else {
            throw .cli("requested load from stdin, but stdin is empty")
        }
        let content: FileContent
        do {
            content = try context.engine.host.read(input, cwd: context.engine.hostCwd)
        } catch {
            throw .cli("open \(input): \(error.text.lowercasedFirst)")
        }
        guard let archive = context.engine.archive(in: content) else {
            throw .daemon("unexpected EOF")
        }
        let (layers, loaded) = try context.engine.load(archive)
        if !args.flag("quiet") {
            for (diffID, size) in layers {
                let shown = Units.humanSize(size + 1024, precision: 4)
                context.out("\(diffID.short): Loading layer [==================================================>]  \(shown)/\(shown)\n")
            }
        }
        context.out(loaded.map { $0 + "\n" }.joined())
        return 0
    }
}

extension String {
    /// The text with its first letter in lower case (Go's error texts).
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
