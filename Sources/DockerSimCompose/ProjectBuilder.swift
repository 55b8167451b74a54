// Sources: compose-spec/compose-go v2.9.0 loader/normalize.go (default network, resource names,
// build context), format/volume.go (`SRC:DST[:MODE]`), transform/ports.go with
// docker/go-connections nat.ParsePortSpec (`[IP:]HOST:CONTAINER[/PROTO]`), types/command.go
// (a string command is split as a shell would), loader/environment.go and transform/envfile.go.

import DockerSimCore

/// Turns a validated compose model into a ``ComposeProject``.
enum ProjectBuilder {
    static func build(_ model: YAMLValue, into project: inout ComposeProject, files: ComposeFiles) throws(ComposeError)
    {
        var usesDefault = false
        for pair in model["services"]?.pairs ?? [] {
            var service = try buildService(pair.key, pair.value, project: project, files: files)
            if service.networks.isEmpty && service.networkMode == nil {
                service.networks = [ComposeServiceNetwork(key: "default")]
            }
            if service.networks.contains(where: { $0.key == "default" }) { usesDefault = true }
            project.services.append(service)
        }
        for pair in model["networks"]?.pairs ?? [] {
            project.networks.append(network(pair.key, pair.value, project: project.name))
        }
        if usesDefault && project.network("default") == nil {
            project.networks.insert(ComposeNetwork(key: "default", name: "\(project.name)_default"), at: 0)
        }
        for pair in model["volumes"]?.pairs ?? [] {
            let value = pair.value
            let external = isExternal(value["external"])
            let explicit = value["name"]?.string ?? value["external"]?["name"]?.string
            let name = explicit ?? (external ? pair.key : "\(project.name)_\(pair.key)")
            project.volumes.append(
                ComposeVolume(
                    key: pair.key, name: name, external: external, driver: value["driver"]?.string,
                    labels: keyValues(value["labels"])))
        }
    }

    static func network(_ key: String, _ value: YAMLValue, project: String) -> ComposeNetwork {
        let external = isExternal(value["external"])
        let explicit = value["name"]?.string ?? value["external"]?["name"]?.string
        let name = explicit ?? (external ? key : "\(project)_\(key)")
        let pools = (value["ipam"]?["config"]?.items ?? []).map { pool in
            (subnet: pool["subnet"]?.string, gateway: pool["gateway"]?.string)
        }
        return ComposeNetwork(
            key: key, name: name, external: external, driver: value["driver"]?.string, ipam: pools,
            labels: keyValues(value["labels"]))
    }

    static func isExternal(_ value: YAMLValue?) -> Bool {
        switch value {
        case .bool(let flag)?: flag
        case .string(let text)?: text == "true"
        case .mapping?: true
        default: false
        }
    }

    static func flag(_ value: YAMLValue?) -> Bool {
        switch value {
        case .bool(let flag)?: flag
        case .string(let text)?: ["true", "1", "yes", "y", "on"].contains(text.lowercased())
        default: false
        }
    }

    static func buildService(
        _ name: String, _ value: YAMLValue, project: ComposeProject, files: ComposeFiles
    ) throws(ComposeError) -> ComposeService {
        var service = ComposeService(name: name)
        let dir = project.workingDir
        service.image = value["image"]?.string
        service.containerName = value["container_name"]?.string
        service.hostname = value["hostname"]?.string
        service.restart = value["restart"]?.string
        service.user = value["user"]?.string
        service.workingDir = value["working_dir"]?.string
        service.networkMode = value["network_mode"]?.string
        service.pullPolicy = value["pull_policy"]?.string
        service.tty = flag(value["tty"])
        service.stdinOpen = flag(value["stdin_open"])
        service.command = commandWords(value["command"])
        service.entrypoint = commandWords(value["entrypoint"])
        service.labels = keyValues(value["labels"])

        switch value["build"] {
        case .string(let context)?:
            service.build = ComposeBuild(context: ProjectLoader.absolute(context, cwd: dir))
        case .mapping?:
            let build = value["build"]
            service.build = ComposeBuild(
                context: ProjectLoader.absolute(build?["context"]?.string ?? ".", cwd: dir),
                dockerfile: build?["dockerfile"]?.string ?? "Dockerfile",
                args: optionalKeyValues(build?["args"]))
        default: break
        }

        // env_file first, `environment:` over it; a variable without a value comes from the
        // project's environment (or is left out when unset there).
        var environment: [(String, String?)] = []
        func setVariable(_ key: String, _ value: String?) {
            if let index = environment.firstIndex(where: { $0.0 == key }) {
                environment[index].1 = value
            } else {
                environment.append((key, value))
            }
        }
        let envFiles: [(path: String, required: Bool)] =
            switch value["env_file"] {
            case .string(let path)?: [(path, true)]
            case .sequence(let items)?:
                items.compactMap { item in
                    if let path = item.string { return (path, true) }
                    if let path = item["path"]?.string {
                        return (path, item["required"].map { flag($0) } ?? true)
                    }
                    return nil
                }
            default: []
            }
        for (typed, required) in envFiles {
            let path = ProjectLoader.absolute(typed, cwd: dir)
            service.envFiles.append(path)
            guard let text = files.read(path) else {
                if !required { continue }
                throw ComposeError("env file \(path) not found: stat \(path): no such file or directory")
            }
            do {
                for (key, value) in try DotEnv.parse(text, lookup: { project.environment[$0] }) {
                    setVariable(key, value)
                }
            } catch {
                throw ComposeError("failed to read \(path): \(error.message)")
            }
        }
        for (key, variable) in optionalKeyValues(value["environment"]) {
            setVariable(key, variable ?? project.environment[key])
        }
        service.environment = environment.filter { $0.1 != nil }

        for item in value["ports"]?.items ?? [] {
            service.ports += try ports(item)
        }
        service.expose = (value["expose"]?.items ?? []).compactMap(\.scalarText)
        for item in value["volumes"]?.items ?? [] {
            service.volumes.append(try mount(item, dir: dir))
        }
        switch value["networks"] {
        case .sequence(let items)?:
            service.networks = items.compactMap(\.string).map { ComposeServiceNetwork(key: $0) }
        case .mapping(let pairs)?:
            service.networks = pairs.map { pair in
                ComposeServiceNetwork(
                    key: pair.key, aliases: (pair.value["aliases"]?.items ?? []).compactMap(\.string),
                    ipv4Address: pair.value["ipv4_address"]?.string)
            }
        default: break
        }
        switch value["depends_on"] {
        case .sequence(let items)?:
            service.dependsOn = items.compactMap(\.string).map { ComposeDependency(service: $0) }
        case .mapping(let pairs)?:
            service.dependsOn = pairs.map { pair in
                ComposeDependency(
                    service: pair.key, condition: pair.value["condition"]?.string ?? "service_started",
                    required: pair.value["required"].map { flag($0) } ?? true,
                    restart: flag(pair.value["restart"]))
            }
        default: break
        }
        return service
    }

    /// A string command is split as a shell would; a list is taken as it is.
    static func commandWords(_ value: YAMLValue?) -> [String]? {
        switch value {
        case .string(let text)?: GoShellwords.words(text)
        case .sequence(let items)?: items.map { $0.scalarText ?? "" }
        default: nil
        }
    }

    /// A list-or-dict of strings (`labels:`), `KEY=VALUE` items or a mapping.
    static func keyValues(_ value: YAMLValue?) -> [(String, String)] {
        optionalKeyValues(value).map { ($0.0, $0.1 ?? "") }
    }

    /// A list-or-dict where a value may be missing (`environment:`, `args:`).
    static func optionalKeyValues(_ value: YAMLValue?) -> [(String, String?)] {
        switch value {
        case .mapping(let pairs)?:
            return pairs.map { ($0.key, $0.value.scalarText) }
        case .sequence(let items)?:
            return items.compactMap(\.string).map { item in
                guard let equals = item.firstIndex(of: "=") else { return (item, nil) }
                return (String(item[..<equals]), String(item[item.index(after: equals)...]))
            }
        default:
            return []
        }
    }

    /// One `ports:` item: a number, `[IP:][HOST:]CONTAINER[/PROTO]` (ranges included), or the long form.
    static func ports(_ item: YAMLValue) throws(ComposeError) -> [ComposePort] {
        switch item {
        case .int(let target):
            return [ComposePort(target: target)]
        case .mapping:
            guard let target = item["target"]?.scalarText.flatMap({ Int($0) }) else { return [] }
            return [
                ComposePort(
                    target: target, published: item["published"]?.scalarText ?? "",
                    hostIP: item["host_ip"]?.string ?? "", protocol: item["protocol"]?.string ?? "tcp")
            ]
        case .string(let spec):
            return try parsePortSpec(spec)
        default:
            return []
        }
    }

    /// nat.ParsePortSpec.
    static func parsePortSpec(_ spec: String) throws(ComposeError) -> [ComposePort] {
        var rest = spec
        var proto = "tcp"
        if let slash = rest.lastIndex(of: "/") {
            proto = String(rest[rest.index(after: slash)...])
            rest = String(rest[..<slash])
        }
        var hostIP = ""
        var hostPort = ""
        var containerPort = rest
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            hostIP = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = String(rest[rest.index(after: close)...].dropFirst())
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            hostPort = parts.count > 1 ? parts[0] : ""
            containerPort = parts.last ?? ""
        } else {
            let parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            switch parts.count {
            case 1: containerPort = parts[0]
            case 2:
                hostPort = parts[0]
                containerPort = parts[1]
            case 3:
                hostIP = parts[0]
                hostPort = parts[1]
                containerPort = parts[2]
            default:
                throw ComposeError("invalid port spec \"\(spec)\"")
            }
        }
        guard !containerPort.isEmpty else { throw ComposeError("no port specified: \(spec)<empty>") }
        guard ["tcp", "udp", "sctp"].contains(proto.lowercased()) else {
            throw ComposeError("invalid proto: \(proto)")
        }
        let (startTarget, endTarget) = try range(containerPort, what: "containerPort")
        var (startHost, endHost) = (0, 0)
        if !hostPort.isEmpty { (startHost, endHost) = try range(hostPort, what: "hostPort") }
        if !hostPort.isEmpty && endHost - startHost != endTarget - startTarget && endHost != startHost {
            throw ComposeError(
                "invalid ranges specified for container and host Ports: \(containerPort) and \(hostPort)")
        }
        var result: [ComposePort] = []
        for offset in 0...(endTarget - startTarget) {
            var published = ""
            if !hostPort.isEmpty {
                published =
                    endHost == startHost
                    ? (endTarget == startTarget ? String(startHost) : hostPort)
                    : String(startHost + offset)
            }
            result.append(
                ComposePort(target: startTarget + offset, published: published, hostIP: hostIP, protocol: proto))
        }
        return result
    }

    private static func range(_ text: String, what: String) throws(ComposeError) -> (Int, Int) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2, let start = Int(parts[0]), let end = Int(parts.last ?? ""),
            (0...65535).contains(start), (0...65535).contains(end), start <= end
        else {
            throw ComposeError("invalid \(what): \(text)")
        }
        return (start, end)
    }

    /// One `volumes:` item of a service.
    static func mount(_ item: YAMLValue, dir: String) throws(ComposeError) -> ComposeMount {
        if case .mapping = item {
            let type = ComposeMount.Kind(rawValue: item["type"]?.string ?? "volume") ?? .volume
            var source = item["source"]?.string ?? ""
            if type == .bind { source = ProjectLoader.absolute(source, cwd: dir) }
            return ComposeMount(
                type: type, source: source, target: item["target"]?.string ?? "",
                readOnly: flag(item["read_only"]))
        }
        let spec = item.string ?? ""
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard !spec.isEmpty, parts.count <= 3, !parts.contains(where: \.isEmpty) else {
            throw ComposeError("invalid spec: \(spec): empty section between colons")
        }
        if parts.count == 1 { return ComposeMount(type: .volume, source: "", target: parts[0]) }
        let source = parts[0]
        let readOnly = parts.count == 3 && parts[2].split(separator: ",").contains("ro")
        if source.hasPrefix(".") || source.hasPrefix("/") || source.hasPrefix("~") {
            return ComposeMount(
                type: .bind, source: ProjectLoader.absolute(source, cwd: dir), target: parts[1], readOnly: readOnly)
        }
        return ComposeMount(type: .volume, source: source, target: parts[1], readOnly: readOnly)
    }
}
