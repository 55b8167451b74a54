import DockerSimCore

/// `docker pull`: downloads an image from the simulated Hub.
enum PullCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker pull", use: "[OPTIONS] NAME[:TAG|@DIGEST]", summary: "Download an image from a registry",
        args: .exact(1),
        flags: [
            FlagSpec("all-tags", "a", .bool, "Download all tagged images in the repository"),
            FlagSpec("disable-content-trust", nil, .bool, "Skip image verification", default: "true"),
            FlagSpec("platform", nil, .string, "Set platform if server is multi-platform capable"),
            FlagSpec("quiet", "q", .bool, "Suppress verbose output"),
        ].notSimulated(["all-tags", "platform"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let text = args.operands[0]
        let reference: ImageReference
        do {
            reference = try ImageReference.parse(text)
        } catch {
            throw .cli(error.description)
        }
        let quiet = args.flag("quiet")
        if reference.tag == nil && reference.digest == nil && !quiet {
            context.out("Using default tag: latest\n")
        }
        let report = try context.engine.pull(reference)
        if quiet {
            context.out(report.canonical + "\n")
        } else {
            show(report, to: .stdout, &context)
            context.out(report.canonical + "\n")
        }
        return 0
    }

    /// The final screen of a pull on a terminal: one line per layer with its last status
    /// (docker writes `<id>: <status> ` with a trailing space), then `Digest:` and `Status:`.
    /// The header and layer lines travel as a pull event, so that a terminal can draw docker's
    /// live progress from the engine's report before them.
    static func show(_ report: PullReport, to stream: OutputChannel, _ context: inout CommandContext) {
        var screen = "\(report.tagOrDigest): Pulling from \(report.repositoryPath)\n"
        for layer in report.layers {
            screen += "\(layer.blob): \(layer.status.rawValue) \n"
        }
        context.output.emit(.pull(report), text: screen, to: stream)
        var text = "Digest: \(report.digest)\n"
        switch report.outcome {
        case .downloadedNewer: text += "Status: Downloaded newer image for \(report.familiar)\n"
        case .upToDate: text += "Status: Image is up to date for \(report.familiar)\n"
        }
        context.output.write(text, to: stream)
    }
}
