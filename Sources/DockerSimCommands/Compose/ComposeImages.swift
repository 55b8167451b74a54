// Source: docker/compose v2.40.0 cmd/compose/images.go (CONTAINER REPOSITORY TAG PLATFORM
// IMAGE ID SIZE CREATED, sorted by container name; `-q` the image IDs, once each).

import DockerSimCompose
import DockerSimCore

/// `docker compose images`: the images the project's containers use.
enum ComposeImagesCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "images", use: "[OPTIONS] [SERVICE...]", summary: "List images used by the created containers",
        flags: [
            FlagSpec("format", nil, .string, "Format the output. Values: [table | json]", default: "\"table\""),
            FlagSpec("quiet", "q", .bool, "Only display IDs"),
        ])

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        let (project, name) = try compose.projectOrName()
        try ComposeRun.checkServices(args.operands, in: project)
        let engine = compose.context.engine
        let containers = compose.containers(project: name, services: args.operands).sorted { $0.name < $1.name }
        if args.flag("quiet") {
            var seen: [String] = []
            for container in containers {
                let id = Present.truncateID(container.imageID.description)
                if !seen.contains(id) { seen.append(id) }
            }
            for id in seen { compose.context.out(id + "\n") }
            return 0
        }
        let format = args.string("format") ?? "table"
        guard format == "table" || format == "json" else {
            throw ComposeError("format value \"\(format)\" could not be parsed: unsupported format")
        }
        var table = Table(header: ["CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE ID", "SIZE", "CREATED"])
        for container in containers {
            guard let image = engine.images[container.imageID] else { continue }
            var repository = "<none>"
            var tag = "<none>"
            if let ref = try? ImageReference.parse(container.config.image) {
                repository = ImageReference(domain: ref.domain, path: ref.path).familiarString
                tag = ref.tag ?? "latest"
            }
            let platform = "\(image.config.os)/\(image.config.architecture)"
            table.append([
                container.name, repository, tag, platform, Present.truncateID(image.id.description),
                Units.humanSize(image.size, precision: 3), Present.ago(image.created, now: engine.now),
            ])
        }
        compose.context.out(table.render())
        return 0
    }
}
