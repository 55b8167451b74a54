import DockerSimCore

// Source: docker/cli v28.5.1 cli/command/container/opts.go (parse, parseNetworkOpts,
// applyContainerOptions, parseNetworkAttachmentOpt, convertToStandardNotation), opts/network.go
// (the `--network name=…,alias=…` syntax), opts/hosts.go (ValidateExtraHost), opts/opts.go
// (ValidateIPAddress).

/// The networking options of `docker run`/`docker create`: `--network`, `--ip`,
/// `--network-alias`, `-p`, `-P`, `--expose`, `--dns*`, `--add-host`, as the CLI turns them
/// into the container's config, host config and endpoint requests.
enum NetworkOptions {
    static let flags: [FlagSpec] = [
        FlagSpec("add-host", nil, .list, "Add a custom host-to-IP mapping (host:ip)"),
        FlagSpec("dns", nil, .list, "Set custom DNS servers"),
        FlagSpec("dns-opt", nil, .list, "Set DNS options", hidden: true),
        FlagSpec("dns-option", nil, .list, "Set DNS options"),
        FlagSpec("dns-search", nil, .list, "Set custom DNS search domains"),
        FlagSpec("ip", nil, .string, "IPv4 address (e.g., 172.30.100.104)"),
        FlagSpec("link", nil, .list, "Add link to another container"),
        FlagSpec("net", nil, .list, "Connect a container to a network", hidden: true),
        FlagSpec("net-alias", nil, .list, "Add network-scoped alias for the container", hidden: true),
        FlagSpec("network-alias", nil, .list, "Add network-scoped alias for the container"),
        FlagSpec("publish-all", "P", .bool, "Publish all exposed ports to random ports"),
    ]

    /// What the options ask for.
    struct Parsed {
        var exposedPorts: [String] = []
        var hostConfig = HostConfig()
        var endpoints: [String: EndpointRequest] = [:]
    }

    /// pflag's error for a value a flag's validator refuses (checked before anything else).
    /// (`spec`, for the error's text only, is made only for an error: a command's spec under
    /// its path is a copy of the spec.)
    static func validateValues(_ args: ParsedArguments, spec: @autoclosure () -> CommandSpec) throws(DockerError) {
        func refuse(_ value: String, _ flag: String, _ message: String) -> DockerError {
            let spec = spec()
            return .cli(
                "invalid argument \"\(value)\" for \"--\(flag)\" flag: \(message)\n\nUsage:  \(spec.usageLine)\n\nRun '\(spec.path) --help' for more information",
                status: 125)
        }
        for value in args.list("add-host") {
            do {
                _ = try extraHost(value)
            } catch {
                throw refuse(value, "add-host", error.message)
            }
        }
        for value in args.list("dns")
        where IPv4Address(value.trimmed(" ")) == nil && !PortSpec.isIPv6(value.trimmed(" ")) {
            throw refuse(value, "dns", "IP address is not correctly formatted: \(value)")
        }
    }

    /// opts `ValidateExtraHost`: `name:ip` or `name=ip` (brackets allowed around the address),
    /// returned as `name:ip`.
    static func extraHost(_ value: String) throws(DockerError) -> String {
        var parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count < 2 {
            parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        }
        guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains(":") else {
            throw .cli("bad format for add-host: \"\(value)\"")
        }
        var address = parts[1]
        if address != "host-gateway" {
            if address.count > 2, address.hasPrefix("["), address.hasSuffix("]") {
                address = String(address.dropFirst().dropLast())
            }
            guard PortSpec.isIPAddress(address.trimmed(" ")) else {
                throw .cli("invalid IP address in add-host: \"\(address)\"")
            }
        }
        return parts[0] + ":" + address
    }

    /// The CLI's `parse` for the networking options (errors are printed after `docker: `).
    static func parse(_ args: ParsedArguments) throws(DockerError) -> Parsed {
        var parsed = Parsed()
        if args.has("link") {
            throw .notSimulated("--link")
        }
        // -p: the long syntax first (published=…,target=…), then nat.ParsePortSpecs.
        var exposed: [String] = []
        var bindings: [String: [PortBinding]] = [:]
        for raw in args.list("publish") {
            var spec = raw
            if raw.contains("=") {
                var params = ["protocol": "tcp"]
                for param in raw.split(separator: ",", omittingEmptySubsequences: false) {
                    let pair = param.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    guard pair.count == 2, !pair[0].isEmpty else {
                        throw .cli("invalid publish opts format (should be name=value but got '\(param)')", status: 125)
                    }
                    params[String(pair[0])] = String(pair[1])
                }
                spec = "\(params["published"] ?? ""):\(params["target"] ?? "")/\(params["protocol"] ?? "")"
            }
            let mappings: [PortMapping]
            do {
                mappings = try PortSpec.parse(spec)
            } catch {
                throw .cli(error.message, status: 125)
            }
            for mapping in mappings {
                let key = mapping.port.description
                if !exposed.contains(key) { exposed.append(key) }
                bindings[key, default: []].append(mapping.binding)
            }
        }
        for raw in args.list("expose") {
            let ports: [ContainerPort]
            do {
                ports = try PortSpec.expose(raw)
            } catch {
                throw .cli(error.message, status: 125)
            }
            for port in ports where !exposed.contains(port.description) { exposed.append(port.description) }
        }
        parsed.exposedPorts = exposed
        parsed.hostConfig.portBindings = bindings
        parsed.hostConfig.publishAllPorts = args.flag("publish-all")
        parsed.hostConfig.dns = args.list("dns").map { $0.trimmed(" ") }
        parsed.hostConfig.dnsOptions = args.list("dns-option") + args.list("dns-opt")
        parsed.hostConfig.dnsSearch = args.list("dns-search")
        let hosts = args.list("add-host")
        if !hosts.isEmpty {
            var converted: [String] = []
            for host in hosts { converted.append(try extraHost(host)) }
            parsed.hostConfig.extraHosts = converted
        }
        try parseNetworks(args, into: &parsed)
        return parsed
    }

    /// One `--network` value: a name, or `name=…,alias=…,ip=…`.
    struct Attachment {
        var target = ""
        var aliases: [String] = []
        var ipv4 = ""
    }

    static func attachment(_ value: String) throws(DockerError) -> Attachment {
        var result = Attachment()
        let long = value.contains("=") && value.split(separator: ",").allSatisfy { $0.contains("=") }
        guard long else {
            result.target = value
            return result
        }
        for field in value.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = field.lowercased().split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[0].isEmpty else { throw .cli("invalid field \(field)", status: 125) }
            let key = String(pair[0]).trimmed(" ")
            let text = String(pair[1]).trimmed(" ")
            switch key {
            case "name": result.target = text
            case "alias": result.aliases.append(text)
            case "ip": result.ipv4 = text
            case "ip6", "mac-address", "link-local-ip", "driver-opt", "gw-priority":
                throw .notSimulated("--network \(key)=")
            default: throw .cli("invalid field key \(key)", status: 125)
            }
        }
        if result.target.isEmpty { throw .cli("network name/id is not specified", status: 125) }
        return result
    }

    /// `IsUserDefined`: not the default, bridge, host or none, nor `container:`.
    static func isUserDefined(_ name: String) -> Bool {
        !["default", "bridge", "host", "none"].contains(name) && !name.hasPrefix("container:") && name != "container"
    }

    /// `parseNetworkOpts`: the network mode and one endpoint request per network.
    static func parseNetworks(_ args: ParsedArguments, into parsed: inout Parsed) throws(DockerError) {
        // No network flag at all (the usual `run`): the default network, `bridge`, with an empty
        // request — what ``parseNetworks(_:into:general:)`` makes of it, without its look-ups.
        if !args.has("network") && !args.has("net") && !args.has("network-alias") && !args.has("net-alias")
            && !args.has("ip")
        {
            parsed.hostConfig.networkMode = "bridge"
            parsed.endpoints = ["bridge": EndpointRequest()]
            return
        }
        try parseNetworks(args, into: &parsed, general: true)
    }

    /// ``parseNetworks(_:into:)`` for any flags (`general` only tells it apart: the test
    /// `networkOptionsWithoutFlagsAreTheGeneralParse` compares the two).
    static func parseNetworks(_ args: ParsedArguments, into parsed: inout Parsed, general: Bool) throws(DockerError) {
        var attachments: [Attachment] = []
        for value in args.list("network") + args.list("net") { attachments.append(try attachment(value)) }
        let aliases = args.list("network-alias") + args.list("net-alias")
        let ip = args.string("ip") ?? ""
        func apply(_ attachment: inout Attachment) throws(DockerError) {
            if !attachment.aliases.isEmpty && !aliases.isEmpty {
                throw .cli(
                    "conflicting options: cannot specify both --network-alias and per-network alias", status: 125)
            }
            if !attachment.ipv4.isEmpty && !ip.isEmpty {
                throw .cli("conflicting options: cannot specify both --ip and per-network IPv4 address", status: 125)
            }
            if !aliases.isEmpty { attachment.aliases = aliases }
            if !ip.isEmpty { attachment.ipv4 = ip }
        }
        func request(_ attachment: Attachment) throws(DockerError) -> EndpointRequest {
            if attachment.target.trimmed(" ").isEmpty { throw .cli("no name set for network", status: 125) }
            if !isUserDefined(attachment.target) && !attachment.aliases.isEmpty {
                throw .cli("network-scoped aliases are only supported for user-defined networks", status: 125)
            }
            return EndpointRequest(
                ipv4Address: attachment.ipv4, aliases: attachment.aliases.isEmpty ? nil : attachment.aliases)
        }
        var endpoints: [String: EndpointRequest] = [:]
        if attachments.isEmpty {
            var implicit = Attachment(target: "default")
            try apply(&implicit)
            endpoints["default"] = try request(implicit)
        }
        var userDefined = false
        var other = false
        for index in attachments.indices {
            var attachment = attachments[index]
            if isUserDefined(attachment.target) { userDefined = true } else { other = true }
            if index == 0 { try apply(&attachment) }
            let wanted = try request(attachment)
            if endpoints[attachment.target] != nil {
                throw .cli("network \"\(attachment.target)\" is specified multiple times", status: 125)
            }
            if index == 0 && attachments.count == 1 && wanted.isEmpty { continue }
            endpoints[attachment.target] = wanted
        }
        if userDefined && other {
            throw .cli(
                "conflicting options: cannot attach both user-defined and non-user-defined network-modes", status: 125)
        }
        // The daemon's API turns "default" into the platform's default network, `bridge`.
        var mode = attachments.first?.target ?? "default"
        if mode == "default" {
            mode = "bridge"
            if let implicit = endpoints.removeValue(forKey: "default") { endpoints["bridge"] = implicit }
        }
        parsed.hostConfig.networkMode = mode
        parsed.endpoints = endpoints
    }
}
