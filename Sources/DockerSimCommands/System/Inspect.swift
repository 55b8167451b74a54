import DockerSimCore
import DockerSimShell
import DockerSimTemplate

/// `docker inspect`, `docker image inspect`, `docker container inspect`: the daemon's JSON.
enum InspectCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker inspect", use: "[OPTIONS] NAME|ID [NAME|ID...]",
        summary: "Return low-level information on Docker objects",
        args: .min(1),
        flags: [
            FlagSpec("format", "f", .string, "Format output using a custom template"),
            FlagSpec("size", "s", .bool, "Display total file sizes if the type is container"),
            FlagSpec("type", nil, .string, "Only inspect objects of the given type"),
        ])

    static let imageSpec = CommandSpec(
        "docker image inspect", use: "[OPTIONS] IMAGE [IMAGE...]",
        summary: "Display detailed information on one or more images",
        args: .min(1),
        flags: [
            FlagSpec("format", "f", .string, "Format output using a custom template"),
            FlagSpec(
                "platform", nil, .string,
                "Inspect a specific platform of the multi-platform image.\nIf the image or the server is not multi-platform capable, the command will error out if the platform does not match.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"
            ),
        ].notSimulated(["platform"]))

    static let containerSpec = CommandSpec(
        "docker container inspect", use: "[OPTIONS] CONTAINER [CONTAINER...]",
        summary: "Display detailed information on one or more containers", args: .min(1),
        flags: [
            FlagSpec("format", "f", .string, "Format output using a custom template"),
            FlagSpec("size", "s", .bool, "Display total file sizes"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        context.engine.settle()
        let engine = context.engine
        var kind = args.string("type") ?? ""
        if context.invokedAs == "docker image inspect" { kind = "image" }
        if context.invokedAs == "docker container inspect" { kind = "container" }
        guard ["", "image", "container", "network", "volume"].contains(kind) else {
            throw .cli("\"\(kind)\" is not a valid value for --type")
        }
        var found: [Result<JSONValue, DockerError>] = []
        for name in args.operands {
            if kind == "" || kind == "container", let container = try? engine.findContainer(name) {
                found.append(.success(containerJSON(container, engine: engine, size: args.flag("size"))))
            } else if kind == "" || kind == "image", let image = try? engine.findImage(name) {
                found.append(.success(imageJSON(image, engine: engine)))
            } else if kind == "" || kind == "network", let network = try? engine.findNetwork(name) {
                found.append(.success(NetworkInspectCommand.json(network, engine: engine)))
            } else if kind == "" || kind == "volume", let volume = engine.volumes[name] {
                found.append(.success(volume.json))
            } else {
                switch kind {
                case "image":
                    do {
                        _ = try engine.findImage(name)
                    } catch {
                        found.append(.failure(error))
                    }
                case "container":
                    found.append(.failure(DockerError.daemon("No such container: \(name)")))
                case "network":
                    found.append(.failure(DockerError.daemon("network \(name) not found")))
                case "volume":
                    found.append(.failure(DockerError.daemon("get \(name): no such volume")))
                default:
                    found.append(.failure(.cli("Error: No such object: \(name)")))
                }
            }
        }
        return try write(found, format: args.string("format") ?? "", context: &context)
    }

    /// `inspect.Inspect`: the objects found as an indented JSON array, compact JSON (`json`) or
    /// one template result a line; then the errors, one a line (status 1). A template that does
    /// not parse is status 64, before anything is looked at.
    static func write(
        _ found: [Result<JSONValue, DockerError>], format: String, context: inout CommandContext
    ) throws(DockerError) -> Int32 {
        var template: GoTemplate?
        if !format.isEmpty && format != "json" {
            do {
                template = try GoTemplate(format)
            } catch {
                throw .cli("template parsing error: " + error.message, status: 64)
            }
        }
        var objects: [JSONValue] = []
        var errors: [String] = []
        var formatted = ""
        for result in found {
            let object: JSONValue
            switch result {
            case .success(let value): object = value
            case .failure(let error):
                errors.append(error.description)
                continue
            }
            objects.append(object)
            if let template {
                // The CLI runs the template on its typed structs, then on the raw JSON map.
                if let text = try? template.execute(GoValue.from(json: object, typed: true)) {
                    formatted += text + "\n"
                } else {
                    do {
                        formatted +=
                            try template.execute(
                                GoValue.from(json: object, typed: false),
                                options: GoTemplate.Options(missingKeyError: true)) + "\n"
                    } catch {
                        errors.append("template parsing error: " + error.message)
                    }
                }
            }
        }
        if template != nil {
            context.out(formatted.isEmpty ? "\n" : formatted)
        } else if format == "json" {
            context.out(JSONValue.array(objects).compact + "\n")
        } else {
            context.out(JSONValue.array(objects).indented() + "\n")
        }
        if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
        return 0
    }

    /// The overlay2 directory docker keeps a layer in (``DataRoot/layerFolder(_:)``).
    static func cacheDir(_ layer: Digest) -> String {
        DataRoot.text + "/overlay2/" + DataRoot.layerFolder(layer)
    }

    /// `GraphDriver`: the layer's own directories, and the layers below as `LowerDir`.
    static func graphDriver(root: String, lower: [String]) -> JSONValue {
        var data: [String: JSONValue] = [
            "MergedDir": .string(root + "/merged"), "UpperDir": .string(root + "/diff"),
            "WorkDir": .string(root + "/work"),
        ]
        if !lower.isEmpty { data["LowerDir"] = .string(lower.joined(separator: ":")) }
        return .object([("Data", .sortedObject(data)), ("Name", .string("overlay2"))])
    }

    static func imageJSON(_ image: Image, engine: Engine) -> JSONValue {
        let config = image.config
        let chain = engine.layers.chain(from: image.topLayer)
        let root = chain.first.map { cacheDir($0.chainID) } ?? cacheDir(image.id)
        let lower = chain.dropFirst().map { cacheDir($0.chainID) + "/diff" }
        return .object([
            ("Id", .string(image.id.description)),
            ("RepoTags", .array(engine.repoTags(of: image.id).map(JSONValue.string))),
            ("RepoDigests", .array(engine.repoDigests(of: image.id).map(JSONValue.string))),
            ("Parent", .string(image.parent?.description ?? "")),
            ("Comment", .string(config.comment ?? "")),
            ("Created", .string(config.created.rfc3339Nano)),
            ("DockerVersion", .string(config.dockerVersion ?? "")),
            ("Author", .string(config.author ?? "")),
            ("Config", config.config.json),
            ("Architecture", .string(config.architecture)),
            ("Os", .string(config.os)),
            ("Size", .int(image.size)),
            ("GraphDriver", graphDriver(root: root, lower: Array(lower))),
            (
                "RootFS",
                .object([
                    ("Type", .string("layers")), ("Layers", .array(config.diffIDs.map { .string($0.description) })),
                ])
            ),
            ("Metadata", .object([("LastTagTime", .string((image.lastTagTime ?? .zero).rfc3339Nano))])),
        ])
    }

    static func containerJSON(_ container: Container, engine: Engine, size: Bool) -> JSONValue {
        let config = container.config
        let root = "/var/lib/docker/containers/" + container.id
        var pairs: [(String, JSONValue)] = [
            ("Id", .string(container.id)),
            ("Created", .string(container.created.rfc3339Nano)),
            ("Path", .string(config.path)),
            ("Args", .array(config.args.map(JSONValue.string))),
            (
                "State",
                .object([
                    ("Status", .string(container.status.rawValue)),
                    ("Running", .bool(container.isRunning)),
                    ("Paused", .bool(container.status == .paused)),
                    ("Restarting", .bool(container.status == .restarting)),
                    ("OOMKilled", .bool(false)),
                    ("Dead", .bool(container.status == .dead)),
                    (
                        "Pid",
                        .int(
                            container.status == .running || container.status == .paused
                                ? Int64(ContainerProcesses.mainPID(of: container.id)) : 0)
                    ),
                    ("ExitCode", .int(Int64(container.exitCode))),
                    ("Error", .string("")),
                    ("StartedAt", .string(container.startedAt.rfc3339Nano)),
                    ("FinishedAt", .string(container.finishedAt.rfc3339Nano)),
                ])
            ),
            ("Image", .string(container.imageID.description)),
            ("ResolvConfPath", .string(root + "/resolv.conf")),
            ("HostnamePath", .string(root + "/hostname")),
            ("HostsPath", .string(root + "/hosts")),
            ("LogPath", .string(root + "/" + container.id + "-json.log")),
            ("Name", .string("/" + container.name)),
            ("RestartCount", .int(Int64(container.restartCount))),
            ("Driver", .string("overlay2")),
            ("Platform", .string("linux")),
            ("MountLabel", .string("")),
            ("ProcessLabel", .string("")),
            ("AppArmorProfile", .string("")),
            ("ExecIDs", .null),
            ("HostConfig", container.hostConfig.json),
            (
                "GraphDriver",
                graphDriver(
                    root: DataRoot.text + "/overlay2/" + DataRoot.containerFolder(container.id),
                    lower: [DataRoot.text + "/overlay2/" + DataRoot.containerFolder(container.id) + "-init/diff"]
                        + engine.layers.chain(from: container.imageTopLayer).map { cacheDir($0.chainID) + "/diff" })
            ),
        ]
        if size {
            pairs.append(("SizeRw", .int(container.sizeRw)))
            pairs.append(("SizeRootFs", .int(engine.layers.size(of: container.imageTopLayer) + container.sizeRw)))
        }
        pairs += [
            ("Mounts", .array(container.mountPoints.map(\.json))),
            ("Config", configJSON(config)),
            ("NetworkSettings", networkSettings(container)),
        ]
        return .object(pairs)
    }

    /// A container's `Config` (moby api/types/container/config.go; `ExposedPorts` only when
    /// there are some).
    static func configJSON(_ config: ContainerConfig) -> JSONValue {
        func strings(_ list: [String]) -> JSONValue { list.isEmpty ? .null : .array(list.map(JSONValue.string)) }
        var pairs: [(String, JSONValue)] = [
            ("Hostname", .string(config.hostname)),
            ("Domainname", .string("")),
            ("User", .string("")),
            ("AttachStdin", .bool(config.openStdin)),
            ("AttachStdout", .bool(true)),
            ("AttachStderr", .bool(true)),
        ]
        if !config.exposedPorts.isEmpty {
            let ports = Dictionary(config.exposedPorts.map { ($0, JSONValue.object([])) }) { first, _ in first }
            pairs.append(("ExposedPorts", .sortedObject(ports)))
        }
        pairs += [
            ("Tty", .bool(config.tty)),
            ("OpenStdin", .bool(config.openStdin)),
            ("StdinOnce", .bool(config.openStdin)),
            ("Env", .array(config.env.map(JSONValue.string))),
            ("Cmd", strings(config.cmd)),
            ("Image", .string(config.image)),
            (
                "Volumes",
                config.volumes.isEmpty
                    ? .null : .sortedObject(Dictionary(uniqueKeysWithValues: config.volumes.map { ($0, .object([])) }))
            ),
            ("WorkingDir", .string(config.workingDir)),
            ("Entrypoint", strings(config.entrypoint)),
            ("OnBuild", .null),
            ("Labels", .sortedObject(config.labels.mapValues(JSONValue.string))),
        ]
        if let signal = config.stopSignal { pairs.append(("StopSignal", .string(signal))) }
        return .object(pairs)
    }

    /// `NetworkSettings`: the sandbox, the ports, the deprecated top-level copy of the default
    /// bridge endpoint, and every network's endpoint (moby daemon/inspect.go).
    static func networkSettings(_ container: Container) -> JSONValue {
        let sandbox = container.sandboxID
        var key = ""
        if !sandbox.isEmpty {
            key =
                "/var/run/docker/netns/" + (container.hostConfig.networkMode == "host" ? "default" : sandbox.prefix(12))
        }
        let bridge = container.endpoint(on: "bridge")
        return .object([
            ("Bridge", .string("")),
            ("SandboxID", .string(sandbox)),
            ("SandboxKey", .string(key)),
            ("Ports", portMap(container.ports)),
            ("HairpinMode", .bool(false)),
            ("LinkLocalIPv6Address", .string("")),
            ("LinkLocalIPv6PrefixLen", .int(0)),
            ("SecondaryIPAddresses", .null),
            ("SecondaryIPv6Addresses", .null),
            ("EndpointID", .string(bridge?.endpointID ?? "")),
            ("Gateway", .string(bridge?.gateway?.description ?? "")),
            ("GlobalIPv6Address", .string("")),
            ("GlobalIPv6PrefixLen", .int(0)),
            ("IPAddress", .string(bridge?.address?.description ?? "")),
            ("IPPrefixLen", .int(Int64(bridge?.prefixLength ?? 0))),
            ("IPv6Gateway", .string("")),
            ("MacAddress", .string(bridge?.macAddress ?? "")),
            (
                "Networks",
                .sortedObject(
                    Dictionary(container.endpoints.map { ($0.network, endpointJSON($0)) }) { first, _ in first })
            ),
        ])
    }

    /// `NetworkSettings.Ports`: every exposed port, `null` or its host bindings.
    static func portMap(_ ports: [PublishedPort]) -> JSONValue {
        var map: [String: JSONValue] = [:]
        for published in ports {
            map[published.port.description] =
                published.bindings.isEmpty
                ? .null
                : .array(
                    published.bindings.map {
                        .object([("HostIp", .string($0.hostIP)), ("HostPort", .string($0.hostPort))])
                    })
        }
        return .sortedObject(map)
    }

    /// One `NetworkSettings.Networks` entry (moby api/types/network/endpoint.go).
    static func endpointJSON(_ endpoint: NetworkEndpoint) -> JSONValue {
        func strings(_ list: [String]?) -> JSONValue { list.map { .array($0.map(JSONValue.string)) } ?? .null }
        let ipam: JSONValue =
            endpoint.request.ipv4Address.isEmpty
            ? .null : .object([("IPv4Address", .string(endpoint.request.ipv4Address))])
        return .object([
            ("IPAMConfig", ipam),
            ("Links", strings(endpoint.request.links)),
            ("Aliases", strings(endpoint.request.aliases)),
            ("MacAddress", .string(endpoint.macAddress)),
            ("DriverOpts", .null),
            ("GwPriority", .int(0)),
            ("NetworkID", .string(endpoint.networkID)),
            ("EndpointID", .string(endpoint.endpointID)),
            ("Gateway", .string(endpoint.gateway?.description ?? "")),
            ("IPAddress", .string(endpoint.address?.description ?? "")),
            ("IPPrefixLen", .int(Int64(endpoint.prefixLength))),
            ("IPv6Gateway", .string("")),
            ("GlobalIPv6Address", .string("")),
            ("GlobalIPv6PrefixLen", .int(0)),
            ("DNSNames", strings(endpoint.dnsNames)),
        ])
    }
}
