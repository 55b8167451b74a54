import DockerSimCore
import DockerSimShell

/// `docker build` (docker 28 hands it to buildx: `docker buildx build`). Sources: docker/buildx
/// v0.29.1 commands/build.go (flags, `runBuild`, `printWarnings`), cmd/buildx/main.go
/// (`ERROR: …`, the Dockerfile excerpt), BuildKit's progress display (Format/BuildProgress.swift).
enum BuildCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker buildx build", use: "[OPTIONS] PATH | URL | -", summary: "Build an image from a Dockerfile",
        args: .exact(1),
        flags: [
            FlagSpec("add-host", nil, .list, "Add a custom host-to-IP mapping (format: \"host:ip\")"),
            FlagSpec(
                "allow", nil, .list,
                "Allow extra privileged entitlement (e.g., \"network.host\", \"security.insecure\", \"device\")"),
            FlagSpec("annotation", nil, .list, "Add annotation to the image"),
            FlagSpec("attest", nil, .list, "Attestation parameters (format: \"type=sbom,generator=image\")"),
            FlagSpec("build-arg", nil, .list, "Set build-time variables"),
            FlagSpec("build-context", nil, .list, "Additional build contexts (e.g., name=path)"),
            FlagSpec("builder", nil, .string, "Override the configured builder instance"),
            FlagSpec(
                "cache-from", nil, .list,
                "External cache sources (e.g., \"user/app:cache\", \"type=local,src=path/to/dir\")"),
            FlagSpec(
                "cache-to", nil, .list,
                "Cache export destinations (e.g., \"user/app:cache\", \"type=local,dest=path/to/dir\")"),
            FlagSpec(
                "call", nil, .string, "Set method for evaluating build (\"check\", \"outline\", \"targets\")",
                default: "\"build\""),
            FlagSpec("cgroup-parent", nil, .string, "Set the parent cgroup for the \"RUN\" instructions during build"),
            FlagSpec("check", nil, .bool, "Shorthand for \"--call=check\""),
            FlagSpec("debug", "D", .bool, "Enable debug logging"),
            FlagSpec("file", "f", .string, "Name of the Dockerfile (default: \"PATH/Dockerfile\")"),
            FlagSpec("iidfile", nil, .string, "Write the image ID to a file"),
            FlagSpec("label", nil, .list, "Set metadata for an image"),
            FlagSpec("load", nil, .bool, "Shorthand for \"--output=type=docker\""),
            FlagSpec("metadata-file", nil, .string, "Write build result metadata to a file"),
            FlagSpec(
                "network", nil, .string, "Set the networking mode for the \"RUN\" instructions during build",
                default: "\"default\""),
            FlagSpec("no-cache", nil, .bool, "Do not use cache when building the image"),
            FlagSpec("no-cache-filter", nil, .list, "Do not cache specified stages"),
            FlagSpec("output", "o", .list, "Output destination (format: \"type=local,dest=path\")"),
            FlagSpec("platform", nil, .list, "Set target platform for build"),
            FlagSpec(
                "progress", nil, .string,
                "Set type of progress output (\"auto\", \"none\",  \"plain\", \"quiet\", \"rawjson\", \"tty\"). Use plain to show container output",
                default: "\"auto\""),
            FlagSpec("provenance", nil, .string, "Shorthand for \"--attest=type=provenance\""),
            FlagSpec("pull", nil, .bool, "Always attempt to pull all referenced images"),
            FlagSpec("push", nil, .bool, "Shorthand for \"--output=type=registry\""),
            FlagSpec("quiet", "q", .bool, "Suppress the build output and print image ID on success"),
            FlagSpec("sbom", nil, .string, "Shorthand for \"--attest=type=sbom\""),
            FlagSpec(
                "secret", nil, .list, "Secret to expose to the build (format: \"id=mysecret[,src=/local/secret]\")"),
            FlagSpec("shm-size", nil, .string, "Shared memory size for build containers"),
            FlagSpec(
                "ssh", nil, .list,
                "SSH agent socket or keys to expose to the build (format: \"default|<id>[=<socket>|<key>[,<key>]]\")"),
            FlagSpec("tag", "t", .list, "Name and optionally a tag (format: \"name:tag\")"),
            FlagSpec("target", nil, .string, "Set the target build stage to build"),
            FlagSpec("ulimit", nil, .string, "Ulimit options", default: "[]"),
            FlagSpec("rm", nil, .bool, "Remove intermediate containers after a successful build", hidden: true),
            FlagSpec("force-rm", nil, .bool, "Always remove intermediate containers", hidden: true),
        ].notSimulated(notSimulated),
        aliases: ["docker build", "docker builder build", "docker image build", "docker buildx b"], plugin: true,
        helpSummary: "Start a build")

    /// Flags docker has that the simulated build does not honour: refused plainly.
    static let notSimulated: Set<String> = [
        "add-host", "allow", "annotation", "attest", "build-context", "builder", "cache-from", "cache-to", "call",
        "cgroup-parent", "check", "iidfile", "metadata-file", "no-cache-filter", "output", "platform", "provenance",
        "push", "sbom", "secret", "shm-size", "ssh", "ulimit",
    ]

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let progress = args.string("progress") ?? "auto"
        guard ["auto", "tty", "plain", "quiet", "none", "rawjson"].contains(progress) else {
            throw .cli("ERROR: failed to build: invalid progress mode \(progress)")
        }
        if progress == "rawjson" { throw .notSimulated("docker build --progress=rawjson") }
        var tags: [ImageReference] = []
        for text in args.list("tag") {
            do {
                tags.append(try ImageReference.parse(text).withDefaultTag)
            } catch {
                throw .cli("ERROR: failed to build: invalid tag \"\(text)\": \(error.description)")
            }
        }
        var buildArgs: [(key: String, value: String?)] = []
        for arg in args.list("build-arg") {
            let parts = arg.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard !key.isEmpty else {
                throw .cli("ERROR: failed to build: invalid key-value pair \"\(arg)\": empty key")
            }
            buildArgs.append((key, parts.count > 1 ? String(parts[1]) : nil))
        }
        var labels: [String: String] = [:]
        for label in args.list("label") {
            let parts = label.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            labels[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let request = BuildRequest(
            context: args.operands[0], dockerfile: args.string("file"), tags: tags, buildArgs: buildArgs,
            target: args.string("target"), noCache: args.flag("no-cache"), pull: args.flag("pull"), labels: labels)
        let report = context.engine.build(request, runner: ShellBuildRunner())
        let quiet = args.flag("quiet") || progress == "quiet"
        switch progress {
        case _ where quiet: break
        case "none": break
        case "plain": context.err(BuildProgress.plain(report))
        default: context.err(BuildProgress.tty(report, width: context.terminalWidth))
        }
        if let failure = report.failure {
            if let source = failure.source { context.err(BuildProgress.excerpt(source)) }
            context.err("ERROR: failed to build: \(failure.message)\n")
            return 1
        }
        if quiet, let id = report.imageID {
            context.out(id.description + "\n")
            return 0
        }
        if !quiet && progress != "none" { context.err(BuildProgress.warnings(report.checks)) }
        return 0
    }
}
