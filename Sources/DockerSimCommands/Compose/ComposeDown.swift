// Source: docker/compose v2.40.0 cmd/compose/down.go, pkg/compose/down.go: containers removed in
// reverse dependency order (stopped first), then the project's networks, then — with `-v` only
// — its named volumes; external ones are never touched; "Warning: No resource found to remove".

import DockerSimCompose
import DockerSimCore

/// `docker compose down`: stops and removes the project's containers and networks (and its
/// volumes with `-v`, its images with `--rmi`).
enum ComposeDownCommand: ComposeSubcommand {
    static let spec = composeSpec(
        "down", use: "[OPTIONS] [SERVICES]", summary: "Stop and remove containers, networks",
        flags: [
            FlagSpec("remove-orphans", nil, .bool, "Remove containers for services not defined in the Compose file"),
            FlagSpec(
                "rmi", nil, .string,
                "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")"
            ),
            FlagSpec("timeout", "t", .int, "Specify a shutdown timeout in seconds"),
            FlagSpec(
                "volumes", "v", .bool,
                "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers"
            ),
        ])

    static func run(_ args: ParsedArguments, _ compose: inout ComposeRun) throws(ComposeError) -> Int32 {
        if let rmi = args.string("rmi"), rmi != "local" && rmi != "all" {
            throw ComposeError("invalid value for --rmi: \(rmi)")
        }
        let (project, name) = try compose.projectOrName()
        var services = args.operands
        if let project {
            try ComposeRun.checkServices(services, in: project)
        }
        let all = compose.containers(project: name, oneOff: args.flag("remove-orphans"))
        var containers = all
        if let project, !args.flag("remove-orphans") {
            containers = containers.filter { project.service(ComposeRun.service(of: $0)) != nil }
        }
        if !services.isEmpty {
            services = Array(
                DependencyGraph(project ?? ComposeProject(name: name, workingDir: "", composeFiles: []))
                    .withDependencies(services))
            containers = containers.filter { services.contains(ComposeRun.service(of: $0)) }
        }
        let timeout = args.string("timeout").flatMap(Double.init)
        compose.beginProgress()
        try compose.remove(containers, project: project, timeout: timeout, volumes: args.flag("volumes"))
        // The project's networks: from the file, or from the containers' networks' labels.
        var networks: [(key: String, name: String)] = []
        if let project {
            networks = project.networks.filter { !$0.external }.map { ($0.key, $0.name) }
        } else {
            for network in compose.context.engine.networks.values.sorted(by: { $0.name < $1.name })
            where network.labels[ComposeRun.Label.project] == name {
                networks.append((network.labels[ComposeRun.Label.network] ?? network.name, network.name))
            }
        }
        if !services.isEmpty { networks = [] }
        let eventsBefore = compose.progress?.order.count ?? 0
        // `-v`: the project's named volumes, from the file or from the volumes' labels.
        var volumes: [String] = []
        if args.flag("volumes") {
            if let project {
                volumes = project.volumes.filter { !$0.external }.map(\.name)
            } else {
                volumes = compose.context.engine.volumesByName.filter {
                    $0.labels?[ComposeRun.Label.project] == name
                }.map(\.name)
            }
        }
        compose.removeVolumes(volumes)
        compose.removeNetworks(networks, project: name)
        let removedNetworks = (compose.progress?.order.count ?? 0) > eventsBefore
        var images: [String] = []
        if let rmi = args.string("rmi") {
            images = imagesToRemove(project, containers: all, mode: rmi, compose: compose)
            for image in images {
                compose.event("Image \(image)", .working, "Removing")
                do {
                    _ = try compose.context.engine.removeImage(image, force: false, prune: true)
                    compose.event("Image \(image)", .done, "Removed")
                } catch {
                    compose.event("Image \(image)", .warning, "Resource is still in use")
                }
            }
        }
        if containers.isEmpty && images.isEmpty && volumes.isEmpty && !removedNetworks {
            compose.progress = nil
            compose.warn("Warning: No resource found to remove for project \"\(name)\".")
            compose.flushWarnings()
            return 0
        }
        compose.flushProgress()
        return 0
    }

    /// `--rmi local`: the images built for services without an `image:`; `--rmi all`: every
    /// service's image.
    static func imagesToRemove(
        _ project: ComposeProject?, containers: [Container], mode: String, compose: ComposeRun
    ) -> [String] {
        var names: [String] = []
        if let project {
            for service in project.services where mode == "all" || service.image == nil {
                let image = service.imageName(project: project.name)
                if (try? compose.context.engine.findImage(image)) != nil && !names.contains(image) {
                    names.append(image)
                }
            }
        } else {
            for container in containers where !names.contains(container.config.image) {
                names.append(container.config.image)
            }
        }
        return names
    }
}
