// Source: compose-spec/compose-go v2.9.0 schema/compose-spec.json (the shapes) and
// schema/schema.go (how santhosh-tekuri/jsonschema v6's errors become compose's text: the most
// specific error wins, "must be a mapping", "additional properties 'x' not allowed").

/// The compose file's JSON schema, for the parts compose users meet: every key compose knows is
/// accepted (unknown keys are refused as compose refuses them), and the keys dockersim acts on
/// are checked for their types.
enum ComposeSchema {
    indirect enum Rule: Sendable {
        /// Anything (a key compose knows that dockersim does not check further).
        case any
        /// One or more JSON types (`string`, `boolean`, `number`, `integer`, `null`, `array`, `object`).
        case types([String])
        case array(Rule)
        /// An object with known properties; `others` checks any other key (nil: refused);
        /// `x-` keys are always allowed when `extensions` is set.
        case object([String: Rule], others: Rule?, extensions: Bool)
        /// The first alternative that fits; none: the most specific of their errors.
        case oneOf([Rule])
    }

    /// A schema error: where (the path's parts) and compose's words.
    struct Failure {
        var path: [String]
        var message: String
        var specificity: Int

        var text: String { path.joined(separator: ".") + " " + message }
    }

    static let string = Rule.types(["string"])
    static let boolOrString = Rule.types(["boolean", "string"])
    static let listOfStrings = Rule.array(.types(["string"]))
    static let listOrDict = Rule.oneOf([
        .object([:], others: .types(["boolean", "null", "number", "string"]), extensions: false),
        .array(.types(["string"])),
    ])
    static let command = Rule.oneOf([.types(["null"]), string, .array(string)])
    static let stringOrList = Rule.oneOf([string, listOfStrings])

    static let serviceKeys: Set<String> = [
        "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command",
        "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period",
        "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop",
        "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file",
        "environment", "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck",
        "hostname", "image", "init", "ipc", "isolation", "label_file", "labels", "links", "logging", "mac_address",
        "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode", "networks",
        "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop",
        "privileged", "profiles", "provider", "pull_policy", "pull_refresh_after", "read_only", "restart", "runtime",
        "scale", "secrets", "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal",
        "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "use_api_socket", "user", "userns_mode", "uts",
        "volumes", "volumes_from", "working_dir",
    ]

    static let service: Rule = {
        var properties: [String: Rule] = [:]
        for key in serviceKeys { properties[key] = .any }
        properties["image"] = string
        properties["container_name"] = string
        properties["hostname"] = string
        properties["restart"] = string
        properties["user"] = string
        properties["working_dir"] = string
        properties["network_mode"] = string
        properties["pull_policy"] = string
        properties["tty"] = boolOrString
        properties["stdin_open"] = boolOrString
        properties["command"] = command
        properties["entrypoint"] = command
        properties["environment"] = listOrDict
        properties["labels"] = listOrDict
        properties["env_file"] = .oneOf([
            string,
            .array(
                .oneOf([
                    string,
                    .object(
                        ["path": string, "required": boolOrString, "format": string], others: nil, extensions: false),
                ])),
        ])
        properties["expose"] = .array(.types(["number", "string"]))
        properties["ports"] = .array(
            .oneOf([
                .types(["number"]), string,
                .object(
                    [
                        "name": string, "mode": string, "host_ip": string, "target": .types(["integer", "string"]),
                        "published": .types(["integer", "string"]), "protocol": string, "app_protocol": string,
                    ], others: nil, extensions: true),
            ]))
        properties["volumes"] = .array(
            .oneOf([
                string,
                .object(
                    [
                        "type": string, "source": string, "target": string, "read_only": boolOrString,
                        "consistency": string, "bind": .any, "volume": .any, "tmpfs": .any, "image": .any,
                    ], others: nil, extensions: true),
            ]))
        properties["depends_on"] = .oneOf([
            listOfStrings,
            .object(
                [:],
                others: .object(
                    ["condition": string, "restart": boolOrString, "required": .types(["boolean"])], others: nil,
                    extensions: true),
                extensions: false),
        ])
        properties["networks"] = .oneOf([
            listOfStrings,
            .object(
                [:],
                others: .oneOf([
                    .object(
                        [
                            "aliases": listOfStrings, "interface_name": string, "ipv4_address": string,
                            "ipv6_address": string, "link_local_ips": listOfStrings, "mac_address": string,
                            "driver_opts": .any, "priority": .types(["number"]), "gw_priority": .types(["number"]),
                        ], others: nil, extensions: true),
                    .types(["null"]),
                ]),
                extensions: false),
        ])
        properties["build"] = .oneOf([
            string,
            .object(
                [
                    "context": string, "dockerfile": string, "dockerfile_inline": string, "args": listOrDict,
                    "entitlements": .any, "provenance": .any, "sbom": .any, "ssh": .any, "labels": listOrDict,
                    "cache_from": .any, "cache_to": .any, "no_cache": .any, "additional_contexts": .any,
                    "pull": .any, "extra_hosts": .any, "isolation": .any, "network": .any, "target": string,
                    "secrets": .any, "shm_size": .any, "tags": .any, "ulimits": .any, "platforms": .any,
                    "privileged": .any,
                ], others: nil, extensions: true),
        ])
        return .object(properties, others: nil, extensions: true)
    }()

    static let network = Rule.oneOf([
        .types(["null"]),
        .object(
            [
                "name": string, "driver": string, "driver_opts": .any,
                "ipam": .object(
                    [
                        "driver": string,
                        "config": .array(
                            .object(
                                ["subnet": string, "ip_range": string, "gateway": string, "aux_addresses": .any],
                                others: nil, extensions: true)),
                        "options": .any,
                    ], others: nil, extensions: true),
                "external": .oneOf([
                    .types(["boolean", "string"]), .object(["name": string], others: nil, extensions: true),
                ]),
                "internal": boolOrString, "enable_ipv4": boolOrString, "enable_ipv6": boolOrString,
                "attachable": boolOrString, "labels": listOrDict,
            ], others: nil, extensions: true),
    ])

    static let volume = Rule.oneOf([
        .types(["null"]),
        .object(
            [
                "name": string, "driver": string, "driver_opts": .any,
                "external": .oneOf([
                    .types(["boolean", "string"]), .object(["name": string], others: nil, extensions: true),
                ]),
                "labels": listOrDict,
            ], others: nil, extensions: true),
    ])

    static let root = Rule.object(
        [
            "version": string, "name": string, "include": .any,
            "services": .object([:], others: service, extensions: true),
            "networks": .object([:], others: network, extensions: true),
            "volumes": .object([:], others: volume, extensions: true),
            "secrets": .any, "configs": .any, "models": .any,
        ], others: nil, extensions: true)

    /// The compose file's first schema error, as compose words it (nil: valid).
    static func validate(_ value: YAMLValue) -> String? {
        check(value, root, path: [])?.text
    }

    static func check(_ value: YAMLValue, _ rule: Rule, path: [String]) -> Failure? {
        switch rule {
        case .any:
            return nil
        case .types(let allowed):
            if allowed.contains(value.schemaType) || (value.schemaType == "integer" && allowed.contains("number")) {
                return nil
            }
            return Failure(path: path, message: "must be a \(humanReadable(allowed))", specificity: path.count)
        case .array(let item):
            guard let items = value.items else {
                return Failure(path: path, message: "must be a array", specificity: path.count)
            }
            var best: Failure?
            for (index, element) in items.enumerated() {
                if let failure = check(element, item, path: path + [String(index)]) {
                    best = moreSpecific(best, failure)
                }
            }
            return best
        case .object(let properties, let others, let extensions):
            guard let pairs = value.pairs else {
                return Failure(path: path, message: "must be a mapping", specificity: path.count)
            }
            var best: Failure?
            var unknown: [String] = []
            for pair in pairs {
                if let rule = properties[pair.key] {
                    if let failure = check(pair.value, rule, path: path + [pair.key]) {
                        best = moreSpecific(best, failure)
                    }
                } else if extensions && pair.key.hasPrefix("x-") {
                    continue
                } else if let others {
                    if let failure = check(pair.value, others, path: path + [pair.key]) {
                        best = moreSpecific(best, failure)
                    }
                } else {
                    unknown.append(pair.key)
                }
            }
            if !unknown.isEmpty {
                let names = unknown.map { "'\($0)'" }.joined(separator: ", ")
                let failure = Failure(
                    path: path, message: "additional properties \(names) not allowed", specificity: path.count + 1)
                best = moreSpecific(best, failure)
            }
            return best
        case .oneOf(let alternatives):
            var best: Failure?
            for alternative in alternatives {
                guard let failure = check(value, alternative, path: path) else { return nil }
                best = moreSpecific(best, failure)
            }
            return best
        }
    }

    private static func moreSpecific(_ current: Failure?, _ candidate: Failure) -> Failure {
        guard let current else { return candidate }
        return candidate.specificity > current.specificity ? candidate : current
    }

    /// schema.go's `humanReadableType`: `object` is a mapping; several are sorted and joined.
    static func humanReadable(_ types: [String]) -> String {
        let names = types.map { $0 == "object" ? "mapping" : $0 }
        guard names.count > 1 else { return names.first ?? "" }
        let sorted = names.sorted()
        return sorted.dropLast().joined(separator: ", ") + " or " + (sorted.last ?? "")
    }
}
