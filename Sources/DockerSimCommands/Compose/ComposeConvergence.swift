// Sources: docker/compose v2.40.0 pkg/compose/create.go (networks, volumes, labels, the
// container's config), convergence.go (create, recreate, "Running", start in dependency order,
// `PROJECT-SERVICE-N` names, error events), pull.go (pulling what is missing, in a progress
// display of its own), stop.go, remove.go, down.go.

import DockerSimCompose
import DockerSimCore
import DockerSimShell
import Synchronization

extension ComposeRun {
    // MARK: - What dockersim simulates

    /// Refuses, before anything is done, what the engine does not simulate yet: compose itself
    /// never builds networks, volumes, ports or images of its own — it asks the engine.
    func checkSimulated(_ project: ComposeProject, services: Set<String>) throws(ComposeError) {
        func refuse(_ what: String) -> ComposeError {
            .notSimulatedInFile(what)
        }
        for service in project.services where services.contains(service.name) {
            let path = "services.\(service.name)"
            if service.user != nil { throw refuse("\(path).user") }
            if let mode = service.networkMode, mode.hasPrefix("service:") || mode.hasPrefix("container:") {
                throw refuse("\(path).network_mode: \(mode)")
            }
        }
    }

    // MARK: - Images

    /// Builds the selected services that have `build:` and no image yet (all of them with
    /// `force`, as `--build` does) through the engine's build, BuildKit's display on stderr with
    /// each step named after its service (`[web 2/4] RUN …`), as compose's bake build shows it.
    /// - Returns: the images built, for the `Built` lines of the next progress display.
    mutating func buildImages(
        _ project: ComposeProject, services: [String], force: Bool
    ) throws(ComposeError) -> [String] {
        var built: [String] = []
        for service in project.services where services.contains(service.name) {
            guard let build = service.build else { continue }
            let image = service.imageName(project: project.name)
            if !force && (try? context.engine.findImage(image)) != nil { continue }
            let tag: ImageReference
            do {
                tag = try ImageReference.parse(image).withDefaultTag
            } catch {
                throw ComposeError(error.description)
            }
            var labels: [String: String] = [:]
            labels[Label.project] = project.name
            labels[Label.service] = service.name
            labels[Label.version] = Self.composeVersion
            let request = BuildRequest(
                context: build.context, dockerfile: ProjectLoader.absolutePath(build.dockerfile, in: build.context),
                tags: [tag], buildArgs: build.args.map { (key: $0.0, value: $0.1) }, labels: labels)
            var report = context.engine.build(request, runner: ShellBuildRunner())
            for index in report.vertices.indices where report.vertices[index].name.hasPrefix("[") {
                report.vertices[index].name = "[\(service.name) " + report.vertices[index].name.dropFirst()
            }
            if !quietProgress {
                context.err(
                    ttyProgress
                        ? BuildProgress.tty(report, width: context.terminalWidth) : BuildProgress.plain(report))
            }
            if let failure = report.failure {
                if let source = failure.source { context.err(BuildProgress.excerpt(source)) }
                throw ComposeError(failure.message)
            }
            built.append(image)
        }
        return built
    }

    /// Pulls the images the selected services need and do not have (compose's
    /// `pullRequiredImages`), in a progress display of its own.
    mutating func pullMissingImages(
        _ project: ComposeProject, services: [String], always: Bool = false, quiet: Bool = false
    ) throws(ComposeError) {
        var needed: [ComposeService] = []
        for name in services {
            guard let service = project.service(name), let image = service.image else { continue }
            let present = (try? context.engine.findImage(image)) != nil
            if always || service.pullPolicy == "always" || !present {
                if service.pullPolicy == "never" && !present {
                    throw ComposeError("Error response from daemon: No such image: \(image)")
                }
                needed.append(service)
            }
        }
        guard !needed.isEmpty else { return }
        beginProgress()
        defer { flushProgress() }
        try pull(needed, quiet: quiet)
    }

    /// Pulls each service's image, one progress line per service with its layers under it
    /// (`quiet`: without the layers, as `--quiet-pull` does).
    mutating func pull(_ services: [ComposeService], quiet: Bool = false) throws(ComposeError) {
        var pulled: [String: String] = [:]
        for service in services {
            guard let image = service.image else { continue }
            if let first = pulled[image] {
                event(service.name, .done, text: "Skipped - Image is already being pulled by \(first)")
                continue
            }
            pulled[image] = service.name
            event(service.name, .working, text: "Pulling")
            let reference: ImageReference
            do {
                reference = try ImageReference.parse(image)
            } catch {
                event(service.name, .error, error.description, text: "Error")
                throw ComposeError(error.description)
            }
            do {
                let report = try context.engine.pull(reference)
                for layer in report.layers where !quiet {
                    event(layer.blob, .working, text: "Pulling fs layer", parent: service.name)
                }
                for layer in report.layers where !quiet {
                    event(layer.blob, .done, text: layer.status.rawValue, parent: service.name)
                }
                event(service.name, .done, text: "Pulled")
            } catch {
                let message = error.message
                event(service.name, .error, message, text: "Error")
                throw ComposeError("Error response from daemon: \(message)")
            }
        }
    }

    // MARK: - Networks

    /// The project's networks the selected services use, created when missing (compose's
    /// `ensureNetworks`): `Network NAME  Creating` → `Created`, labelled as compose labels them.
    /// An external network must exist already.
    mutating func ensureNetworks(_ project: ComposeProject, services: [String]) throws(ComposeError) {
        let used = Set(project.services.filter { services.contains($0.name) }.flatMap { $0.networks.map(\.key) })
        // compose walks a map; the course's screens show the ones declared last first.
        for network in project.networks.reversed() where used.contains(network.key) {
            if network.external {
                guard (try? context.engine.findNetwork(network.name)) != nil else {
                    throw ComposeError("network \(network.name) declared as external, but could not be found")
                }
                continue
            }
            if (try? context.engine.findNetwork(network.name)) != nil { continue }
            let eventName = "Network \(network.name)"
            event(eventName, .working, "Creating")
            var request = NetworkCreateRequest(name: network.name)
            request.driver = network.driver ?? "bridge"
            for (key, value) in network.labels { request.labels[key] = value }
            request.labels[Label.network] = network.key
            request.labels[Label.project] = project.name
            request.labels[Label.version] = Self.composeVersion
            request.pools = network.ipam.compactMap { pool in
                pool.subnet.map { IPAMPoolRequest(subnet: $0, gateway: pool.gateway ?? "") }
            }
            do {
                _ = try context.engine.createNetwork(request)
            } catch {
                event(eventName, .error, "Error")
                throw ComposeError(error)
            }
            event(eventName, .done, "Created")
        }
    }

    // MARK: - Volumes

    /// The project's volumes the selected services use, created when missing (compose's
    /// `ensureProjectVolumes`, in the file's order): `Volume NAME  Creating` → `Created`, with
    /// compose's labels. An external volume must exist already; one that exists without
    /// compose's labels is used with a warning.
    mutating func ensureVolumes(_ project: ComposeProject, services: [String]) throws(ComposeError) {
        let used = Set(
            project.services.filter { services.contains($0.name) }.flatMap {
                $0.volumes.filter { $0.type == .volume }.map(\.source)
            })
        for volume in project.volumes where used.contains(volume.key) {
            if let existing = try? context.engine.findVolume(volume.name) {
                if volume.external { continue }
                let owner = existing.labels?[Label.project]
                if owner == nil {
                    warn(
                        "volume \"\(volume.name)\" already exists but was not created by Docker Compose. Use `external: true` to use an existing volume"
                    )
                } else if let owner, owner != project.name {
                    warn(
                        "volume \"\(volume.name)\" already exists but was created for project \"\(owner)\" (expected \"\(project.name)\"). Use `external: true` to use an existing volume"
                    )
                }
                continue
            }
            if volume.external { throw ComposeError("external volume \"\(volume.name)\" not found") }
            let eventName = "Volume \(volume.name)"
            event(eventName, .working, "Creating")
            var labels: [String: String] = [:]
            for (key, value) in volume.labels { labels[key] = value }
            labels[Label.volume] = volume.key
            labels[Label.project] = project.name
            labels[Label.version] = Self.composeVersion
            // The volume as reflection writes it (`"\(volume)"`), written directly.
            labels[Label.configHash] = Digest.sha256(of: volume.reflectedText).hex
            do {
                try context.engine.createVolume(named: volume.name, driver: volume.driver ?? "local", labels: labels)
            } catch {
                event(eventName, .error, "Error")
                throw ComposeError(error)
            }
            event(eventName, .done, "Created")
        }
    }

    /// `down -v`'s volumes: the project's own (never external ones), `Removing` → `Removed`, or a
    /// warning while a container still uses one; one already gone is passed over.
    mutating func removeVolumes(_ names: [String]) {
        for name in names where (try? context.engine.findVolume(name)) != nil {
            let eventName = "Volume \(name)"
            event(eventName, .working, "Removing")
            do {
                try context.engine.removeVolume(name, force: true)
                event(eventName, .done, "Removed")
            } catch {
                event(eventName, .warning, "Resource is still in use")
            }
        }
    }

    /// `down`'s networks: the project's own (never external ones), `Removing` → `Removed`, or a
    /// warning when another container still uses one.
    mutating func removeNetworks(_ networks: [(key: String, name: String)], project: String) {
        for network in networks {
            guard let found = try? context.engine.findNetwork(network.name),
                found.labels[Label.project] == project
            else { continue }
            let eventName = "Network \(network.name)"
            event(eventName, .working, "Removing")
            do {
                try context.engine.removeNetwork(found.id)
                event(eventName, .done, "Removed")
            } catch {
                event(eventName, .warning, "Resource is still in use")
            }
        }
    }

    // MARK: - Create

    /// Compose's hash of a service's configuration (`com.docker.compose.config-hash`): changes
    /// when the service's definition does, so `up` knows to recreate its containers.
    static func configHash(_ service: ComposeService, project: ComposeProject) -> String {
        if let known = ConfigHashes.known(service, project.name) { return known }
        // The service as reflection writes it (`"\(service)"`), written directly.
        var text = service.reflectedText
        text += project.name
        let hash = Digest.sha256(of: text).hex
        ConfigHashes.keep(service, project.name, hash)
        return hash
    }

    /// The config hashes made last: every `up` and `ps` of a project hashes its services again,
    /// and the text hashed (the service written out by reflection) costs far more than comparing
    /// two services.
    enum ConfigHashes {
        private static let made = Mutex<[(service: ComposeService, project: String, hash: String)]>([])
        /// How many are kept (the oldest is forgotten first).
        static let limit = 64

        static func known(_ service: ComposeService, _ project: String) -> String? {
            made.withLock { $0.last { $0.project == project && $0.service == service }?.hash }
        }

        static func keep(_ service: ComposeService, _ project: String, _ hash: String) {
            made.withLock {
                if $0.count >= limit { $0.removeFirst() }
                $0.append((service, project, hash))
            }
        }
    }

    /// The containers of one service, by container number.
    func serviceContainers(_ project: String, _ service: String) -> [Container] {
        containers(project: project, services: [service]).sorted {
            (Int($0.config.labels[Label.containerNumber] ?? "") ?? 0)
                < (Int($1.config.labels[Label.containerNumber] ?? "") ?? 0)
        }
    }

    /// Creates (or keeps, or recreates) the selected services' containers in dependency order.
    /// `up` and `create` share it; events go to the current progress display.
    mutating func convergeContainers(
        _ project: ComposeProject, services: [String], forceRecreate: Bool, noRecreate: Bool
    ) throws(ComposeError) {
        let graph = DependencyGraph(project)
        for name in graph.dependencyOrder(Set(services)) {
            guard let service = project.service(name) else { continue }
            let hash = Self.configHash(service, project: project)
            let existing = serviceContainers(project.name, name)
            if existing.isEmpty {
                try createContainer(project, service, number: 1, hash: hash)
                continue
            }
            for container in existing {
                let diverged = container.config.labels[Label.configHash] != hash
                if !noRecreate && (forceRecreate || diverged) {
                    try recreate(container, project: project, service: service, hash: hash)
                } else if container.status == .running {
                    event(Self.progressName(container), .done, "Running")
                }
            }
        }
    }

    /// The engine's container config for a service's container.
    func containerSpec(
        _ project: ComposeProject, _ service: ComposeService, number: Int?, hash: String, oneOff: Bool = false,
        containerName: String
    ) -> (ContainerConfig, HostConfig, [String: EndpointRequest]) {
        var labels: [String: String] = [:]
        for (key, value) in service.labels { labels[key] = value }
        labels[Label.project] = project.name
        labels[Label.service] = service.name
        labels[Label.version] = Self.composeVersion
        labels[Label.workingDir] = project.workingDir
        labels[Label.configFiles] = project.composeFiles.joined(separator: ",")
        labels[Label.oneoff] = oneOff ? "True" : "False"
        labels[Label.configHash] = hash
        if let number { labels[Label.containerNumber] = String(number) }
        labels[Label.dependsOn] = service.dependsOn.map { "\($0.service):\($0.condition):\($0.restart)" }
            .joined(separator: ",")
        let envFiles = list("env-file")
        if !envFiles.isEmpty { labels[Label.environmentFile] = envFiles.joined(separator: ",") }
        let image = service.imageName(project: project.name)
        if let found = try? context.engine.findImage(image) { labels[Label.image] = found.id.description }
        var config = ContainerConfig(
            image: image, hostname: service.hostname ?? "", tty: service.tty, openStdin: service.stdinOpen,
            env: service.environment.map { "\($0.0)=\($0.1 ?? "")" }, cmd: service.command ?? [],
            entrypoint: service.entrypoint ?? [], workingDir: service.workingDir ?? "", labels: labels,
            exposedPorts: service.expose.map { $0.contains("/") ? $0 : $0 + "/tcp" })
        if service.entrypoint != nil && service.command == nil { config.cmd = [] }
        var host = HostConfig()
        // getRestartPolicy: `NAME[:ATTEMPTS]`, deploy's names mapped to the engine's; none given
        // is "" (the daemon makes it "no").
        host.restartPolicy = RestartPolicy(name: "")
        if let restart = service.restart, !restart.isEmpty {
            let parts = restart.split(separator: ":", omittingEmptySubsequences: false)
            let names = ["none": "no", "any": "always"]
            host.restartPolicy = RestartPolicy(
                name: names[String(parts[0])] ?? String(parts[0]),
                maximumRetryCount: parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
        }
        if config.tty { host.consoleSize = [0, 0] }
        // Volumes (buildContainerVolumes): named volumes and binds as `-v` strings with their
        // access (`NAME:/path:rw`), anonymous volumes and tmpfs through the mount API.
        for mount in service.volumes {
            let access = mount.readOnly ? "ro" : "rw"
            switch mount.type {
            case .volume where !mount.source.isEmpty:
                let name = project.volume(mount.source)?.name ?? mount.source
                host.binds = (host.binds ?? []) + ["\(name):\(mount.target):\(access)"]
            case .bind:
                host.binds = (host.binds ?? []) + ["\(mount.source):\(mount.target):\(access)"]
            case .volume, .tmpfs:
                var spec = MountSpec(type: mount.type.rawValue)
                spec.target = mount.target
                spec.readOnly = mount.readOnly
                host.mounts = (host.mounts ?? []) + [spec]
            }
        }
        // Ports: each target exposed, its host bindings published.
        for port in service.ports {
            let key = "\(port.target)/\(port.protocol)"
            if !config.exposedPorts.contains(key) { config.exposedPorts.append(key) }
            host.portBindings[key, default: []].append(PortBinding(hostIP: port.hostIP, hostPort: port.published))
        }
        // Networks: the first one is the network mode; on each, the container's name is an alias,
        // and for a service's own containers the service's name and its aliases (getAliases).
        var endpoints: [String: EndpointRequest] = [:]
        if let mode = service.networkMode {
            host.networkMode = mode
        } else {
            for (index, attachment) in service.networks.enumerated() {
                guard let network = project.network(attachment.key) else { continue }
                if index == 0 { host.networkMode = network.name }
                let aliases = oneOff ? [containerName] : [containerName, service.name] + attachment.aliases
                endpoints[network.name] = EndpointRequest(ipv4Address: attachment.ipv4Address ?? "", aliases: aliases)
            }
        }
        return (config, host, endpoints)
    }

    /// `Container NAME  Creating` → `Created`.
    mutating func createContainer(
        _ project: ComposeProject, _ service: ComposeService, number: Int, hash: String
    ) throws(ComposeError) {
        let name = service.containerName ?? "\(project.name)-\(service.name)-\(number)"
        let eventName = "Container \(name)"
        event(eventName, .working, "Creating")
        let (config, host, endpoints) = containerSpec(
            project, service, number: number, hash: hash, containerName: name)
        do {
            _ = try context.engine.createContainer(config, hostConfig: host, name: name, endpoints: endpoints)
        } catch {
            event(eventName, .error, error.description)
            throw ComposeError(error)
        }
        event(eventName, .done, "Created")
    }

    /// `Recreate` → `Recreated`: the old container is stopped and replaced by a new one with
    /// the same name.
    mutating func recreate(
        _ old: Container, project: ComposeProject, service: ComposeService, hash: String
    ) throws(ComposeError) {
        let eventName = Self.progressName(old)
        event(eventName, .working, "Recreate")
        let number = Int(old.config.labels[Label.containerNumber] ?? "") ?? 1
        let name = old.name
        context.engine.stop(old.id)
        do {
            try context.engine.removeContainer(old.id, force: true, typed: old.id)
            let (config, host, endpoints) = containerSpec(
                project, service, number: number, hash: hash, containerName: name)
            _ = try context.engine.createContainer(config, hostConfig: host, name: name, endpoints: endpoints)
        } catch {
            event(eventName, .error, error.description)
            throw ComposeError(error)
        }
        event(eventName, .done, "Recreated")
    }

    // MARK: - Start

    /// Starts the selected services' containers that are not running, in dependency order.
    mutating func startContainers(_ project: ComposeProject, services: [String]) throws(ComposeError) {
        let graph = DependencyGraph(project)
        for name in graph.dependencyOrder(Set(services)) {
            for container in serviceContainers(project.name, name) where !container.isRunning {
                try start(container)
            }
        }
    }

    /// `Starting` → `Started`, the main process as `docker start` launches it.
    mutating func start(_ container: Container) throws(ComposeError) {
        let eventName = Self.progressName(container)
        event(eventName, .working, "Starting")
        do {
            _ = try StartCommand.startAndAttach(
                container.id, attach: false, interactive: false, context: &context, failure: { error, _ in error })
        } catch {
            throw ComposeError(error)
        }
        event(eventName, .done, "Started")
    }

    // MARK: - Stop and remove

    /// Stops containers as compose does: dependents first, the containers of one service
    /// together (the clock moves by the longest wait of each group).
    mutating func stop(_ containers: [Container], project: ComposeProject?, timeout: Double?) {
        for group in reverseGroups(containers, project: project) {
            let running = group.filter(\.isRunning)
            for container in running { event(Self.progressName(container), .working, "Stopping") }
            context.engine.stop(running.map(\.id), timeout: timeout ?? 10)
            for container in running { event(Self.progressName(container), .done, "Stopped") }
        }
    }

    /// Removes containers (stopping running ones first, as `down` does), dependents first.
    /// - Parameter volumes: `down -v`: their anonymous volumes go with them.
    mutating func remove(
        _ containers: [Container], project: ComposeProject?, timeout: Double?, volumes: Bool = false
    ) throws(ComposeError) {
        for group in reverseGroups(containers, project: project) {
            let running = group.filter(\.isRunning)
            for container in running { event(Self.progressName(container), .working, "Stopping") }
            context.engine.stop(running.map(\.id), timeout: timeout ?? 10)
            for container in running { event(Self.progressName(container), .done, "Stopped") }
            for container in group {
                event(Self.progressName(container), .working, "Removing")
                do {
                    try context.engine.removeContainer(
                        container.id, force: true, typed: container.name, volumes: volumes)
                } catch {
                    event(Self.progressName(container), .error, "Error while Removing")
                    throw ComposeError(error)
                }
                event(Self.progressName(container), .done, "Removed")
            }
        }
    }

    /// Containers grouped by service, in reverse dependency order (services the project does not
    /// know — orphans, or no project at all — come first, newest first).
    func reverseGroups(_ containers: [Container], project: ComposeProject?) -> [[Container]] {
        var groups: [[Container]] = []
        var left = containers
        if let project {
            let known = Set(project.serviceNames)
            let orphans = left.filter { !known.contains(Self.service(of: $0)) }
            if !orphans.isEmpty { groups.append(orphans.reversed()) }
            for name in DependencyGraph(project).reverseDependencyOrder() {
                let members = left.filter { Self.service(of: $0) == name }
                if !members.isEmpty { groups.append(members) }
            }
            left = []
        }
        // Without a compose file: the services as the containers' labels name them, those
        // created last first.
        var seen: [String] = []
        for container in left.reversed() where !seen.contains(Self.service(of: container)) {
            seen.append(Self.service(of: container))
        }
        for name in seen { groups.append(left.filter { Self.service(of: $0) == name }) }
        return groups
    }

    /// The services to act on: the ones named, else all of the project's (or those the
    /// containers' labels name when there is no compose file).
    func selectedServices(_ project: ComposeProject?, _ names: [String]) -> [String] {
        if !names.isEmpty { return names }
        return project?.serviceNames ?? []
    }
}
