import DockerSimCore

/// `docker push`: an image to the simulated Docker Hub, as the user `docker login` stored.
/// Sources: docker/cli v28.5.1 cli/command/image/push.go; moby v28.5.1 distribution/push.go,
/// push_v2.go (the layer lines, "Mounted from", "Layer already exists", the digest line) and
/// xfer/upload.go (`Preparing`, `Waiting`).
enum PushCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker push", use: "[OPTIONS] NAME[:TAG]", summary: "Upload an image to a registry", args: .exact(1),
        flags: [
            FlagSpec("all-tags", "a", .bool, "Push all tags of an image to the repository"),
            FlagSpec("disable-content-trust", nil, .bool, "Skip image signing", default: "true"),
            FlagSpec(
                "platform", nil, .string,
                "Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"
            ),
            FlagSpec("quiet", "q", .bool, "Suppress verbose output"),
        ].notSimulated(["all-tags", "platform"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let reference: ImageReference
        do {
            reference = try ImageReference.parse(args.operands[0])
        } catch {
            throw .cli(error.description)
        }
        if reference.digest != nil && reference.tag == nil {
            throw .cli("cannot push a digest reference")
        }
        let quiet = args.flag("quiet")
        if reference.tag == nil && !quiet { context.out("Using default tag: latest\n") }
        let ref = reference.withDefaultTag
        let repository = ImageReference(domain: ref.domain, path: ref.path)
        if !quiet { context.out("The push refers to repository [\(repository.description)]\n") }
        let report: PushReport
        do {
            report = try context.engine.push(ref, user: DockerConfigFile.user(context.engine))
        } catch {
            // The Hub refuses the first upload: every layer was listed as preparing.
            if !quiet && error.message.hasPrefix("denied:") {
                for line in context.engine.pushPreparing(ref) { context.out("\(line.id): \(line.status) \n") }
            }
            throw error
        }
        if quiet {
            context.out(ref.description + "\n")
            return 0
        }
        for layer in report.layers {
            switch layer.status {
            case .pushed: context.out("\(layer.id): Pushed \n")
            case .alreadyExists: context.out("\(layer.id): Layer already exists \n")
            case .mounted(let source): context.out("\(layer.id): Mounted from \(source) \n")
            }
        }
        context.out("\(report.tag): digest: \(report.digest) size: \(report.manifestSize)\n")
        return 0
    }
}
