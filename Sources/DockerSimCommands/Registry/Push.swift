import DockerSimCore

/// `docker push`: an image to the simulated Docker Hub. Sources: docker/cli v28.5.1
/// cli/command/image/push.go, moby distribution/push_v2.go (the layer lines and the digest line).
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
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        try NotSimulated.check(args, ["all-tags", "platform"], command: "docker push")
        let text = args.operands[0]
        let reference: ImageReference
        do {
            reference = try ImageReference.parse(text)
        } catch {
            throw .cli("invalid reference format")
        }
        if reference.tag == nil && reference.digest == nil { context.out("Using default tag: latest\n") }
        let user = LoginCommand.loggedInUser(context.engine)
        let ref = reference.withDefaultTag
        guard context.engine.references[ref] != nil else {
            throw .cli("An image does not exist locally with the tag: \(reference.familiarName)")
        }
        if !args.flag("quiet") { context.out("The push refers to repository [docker.io/\(ref.path)]\n") }
        do {
            let report = try context.engine.push(reference, user: user)
            if args.flag("quiet") {
                context.out(ref.description + "\n")
                return 0
            }
            for layer in report.layers {
                switch layer.status {
                case .pushed: context.out("\(layer.blob): Pushed \n")
                case .alreadyExists: context.out("\(layer.blob): Layer already exists \n")
                case .mounted(let source): context.out("\(layer.blob): Mounted from \(source) \n")
                }
            }
            context.out("\(report.tag): digest: \(report.digest) size: \(report.manifestSize)\n")
            return 0
        } catch {
            // Docker Hub refuses the upload after the layers are listed as preparing.
            if let image = try? context.engine.findImage(text) {
                for layer in context.engine.layers(of: image).reversed() {
                    context.out("\(context.engine.blob(for: layer.diffID).short): Preparing \n")
                }
            }
            throw error
        }
    }
}
