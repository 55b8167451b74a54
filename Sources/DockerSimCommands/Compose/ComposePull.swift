// Source: docker/compose v2.40.0 cmd/compose/pull.go, pkg/compose/pull.go (`[+] Pulling N/N`,
// one line per service — `Pulled`, or `Skipped - No image to be pulled` for built ones — with
// its layers under it).

import DockerSimCompose
import DockerSimCore

/// `docker compose pull`: pulls the services' images.
enum ComposePullCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "pull", use: "[OPTIONS] [SERVICE...]", summary: "Pull service images",
        flags: [
            FlagSpec("ignore-buildable", nil, .bool, "Ignore images that can be built"),
            FlagSpec("ignore-pull-failures", nil, .bool, "Pull what it can and ignores images with pull failures"),
            FlagSpec("include-deps", nil, .bool, "Also pull services declared as dependencies"),
            FlagSpec("policy", nil, .string, "Apply pull policy (\"missing\"|\"always\")"),
            FlagSpec("quiet", "q", .bool, "Pull without printing progress information"),
        ])

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let project = try compose.loadProject()
        try ComposeRun.checkServices(args.operands, in: project)
        let selected =
            args.flag("include-deps")
            ? DependencyGraph(project).withDependencies(args.operands)
            : Set(args.operands.isEmpty ? project.serviceNames : args.operands)
        compose.beginProgress("Pulling")
        var toPull: [ComposeService] = []
        for service in project.services where selected.contains(service.name) {
            guard let image = service.image else {
                compose.event(service.name, .done, text: "Skipped - No image to be pulled")
                continue
            }
            if args.string("policy") == "missing", (try? compose.context.engine.findImage(image)) != nil {
                compose.event(service.name, .done, text: "Skipped - Image is already present locally")
                continue
            }
            toPull.append(service)
        }
        if args.flag("quiet") { compose.progress = nil }
        do {
            try compose.pull(toPull)
        } catch {
            if !args.flag("ignore-pull-failures") { throw error }
        }
        compose.flushProgress()
        return 0
    }
}
