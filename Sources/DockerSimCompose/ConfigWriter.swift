// Sources: docker/compose v2.40.0 cmd/compose/config.go (the project marshalled as YAML with a
// 2-space indent), compose-spec/compose-go v2.9.0 types/types.go (field order and `omitempty`),
// go.yaml.in/yaml/v3 encode.go (which strings are quoted: those that would read back as another
// type, old YAML 1.1 booleans included).

import Yams

/// `docker compose config`: the normalized project in compose's canonical YAML.
public enum ConfigWriter {
    /// The whole project.
    public static func yaml(_ project: ComposeProject) -> String {
        var out = "name: \(scalar(project.name))\nservices:\n"
        for service in project.services.sorted(by: { $0.name < $1.name }) {
            out += "  \(key(service.name)):\n" + serviceYAML(service, indent: 4)
        }
        if !project.networks.isEmpty {
            out += "networks:\n"
            for network in project.networks.sorted(by: { $0.key < $1.key }) {
                out += "  \(key(network.key)):\n"
                out += "    name: \(scalar(network.name))\n"
                if let driver = network.driver { out += "    driver: \(scalar(driver))\n" }
                if !network.ipam.isEmpty {
                    out += "    ipam:\n      config:\n"
                    for pool in network.ipam {
                        var first = true
                        for (name, value) in [("subnet", pool.subnet), ("gateway", pool.gateway)] {
                            guard let value else { continue }
                            out += (first ? "        - " : "          ") + "\(name): \(scalar(value))\n"
                            first = false
                        }
                    }
                }
                if network.external { out += "    external: true\n" }
                out += labels(network.labels, indent: 4)
            }
        }
        if !project.volumes.isEmpty {
            out += "volumes:\n"
            for volume in project.volumes.sorted(by: { $0.key < $1.key }) {
                out += "  \(key(volume.key)):\n"
                out += "    name: \(scalar(volume.name))\n"
                if let driver = volume.driver { out += "    driver: \(scalar(driver))\n" }
                if volume.external { out += "    external: true\n" }
                out += labels(volume.labels, indent: 4)
            }
        }
        return out
    }

    static func serviceYAML(_ service: ComposeService, indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var out = ""
        if let build = service.build {
            out +=
                "\(pad)build:\n\(pad)  context: \(scalar(build.context))\n\(pad)  dockerfile: \(scalar(build.dockerfile))\n"
            if !build.args.isEmpty {
                out += "\(pad)  args:\n"
                for (name, value) in build.args.sorted(by: { $0.0 < $1.0 }) {
                    out += "\(pad)    \(key(name)): \(value.map(scalar) ?? "null")\n"
                }
            }
        }
        if let command = service.command { out += list("command", command, pad: pad) }
        if let name = service.containerName { out += "\(pad)container_name: \(scalar(name))\n" }
        if !service.dependsOn.isEmpty {
            out += "\(pad)depends_on:\n"
            for dependency in service.dependsOn.sorted(by: { $0.service < $1.service }) {
                out += "\(pad)  \(key(dependency.service)):\n\(pad)    condition: \(dependency.condition)\n"
                if dependency.restart { out += "\(pad)    restart: true\n" }
                out += "\(pad)    required: \(dependency.required)\n"
            }
        }
        if let entrypoint = service.entrypoint { out += list("entrypoint", entrypoint, pad: pad) }
        if !service.environment.isEmpty {
            out += "\(pad)environment:\n"
            for (name, value) in service.environment.sorted(by: { $0.0 < $1.0 }) {
                out += "\(pad)  \(key(name)): \(value.map(scalar) ?? "null")\n"
            }
        }
        if !service.expose.isEmpty { out += list("expose", service.expose, pad: pad) }
        if let hostname = service.hostname { out += "\(pad)hostname: \(scalar(hostname))\n" }
        if let image = service.image { out += "\(pad)image: \(scalar(image))\n" }
        out += labels(service.labels, indent: indent)
        if let mode = service.networkMode { out += "\(pad)network_mode: \(scalar(mode))\n" }
        if !service.networks.isEmpty {
            out += "\(pad)networks:\n"
            for network in service.networks.sorted(by: { $0.key < $1.key }) {
                if network.aliases.isEmpty && network.ipv4Address == nil {
                    out += "\(pad)  \(key(network.key)): null\n"
                    continue
                }
                out += "\(pad)  \(key(network.key)):\n"
                if !network.aliases.isEmpty { out += list("aliases", network.aliases, pad: pad + "    ") }
                if let address = network.ipv4Address { out += "\(pad)    ipv4_address: \(scalar(address))\n" }
            }
        }
        if !service.ports.isEmpty {
            out += "\(pad)ports:\n"
            for port in service.ports {
                out += "\(pad)  - mode: ingress\n"
                if !port.hostIP.isEmpty { out += "\(pad)    host_ip: \(scalar(port.hostIP))\n" }
                out += "\(pad)    target: \(port.target)\n"
                if !port.published.isEmpty { out += "\(pad)    published: \"\(port.published)\"\n" }
                out += "\(pad)    protocol: \(scalar(port.protocol))\n"
            }
        }
        if let policy = service.pullPolicy { out += "\(pad)pull_policy: \(scalar(policy))\n" }
        if let restart = service.restart { out += "\(pad)restart: \(scalar(restart))\n" }
        if service.stdinOpen { out += "\(pad)stdin_open: true\n" }
        if service.tty { out += "\(pad)tty: true\n" }
        if let user = service.user { out += "\(pad)user: \(scalar(user))\n" }
        if !service.volumes.isEmpty {
            out += "\(pad)volumes:\n"
            for mount in service.volumes {
                out += "\(pad)  - type: \(mount.type.rawValue)\n"
                if !mount.source.isEmpty { out += "\(pad)    source: \(scalar(mount.source))\n" }
                out += "\(pad)    target: \(scalar(mount.target))\n"
                if mount.readOnly { out += "\(pad)    read_only: true\n" }
                switch mount.type {
                case .bind: out += "\(pad)    bind:\n\(pad)      create_host_path: true\n"
                case .volume: out += "\(pad)    volume: {}\n"
                case .tmpfs: out += "\(pad)    tmpfs: {}\n"
                }
            }
        }
        if let dir = service.workingDir { out += "\(pad)working_dir: \(scalar(dir))\n" }
        return out
    }

    private static func list(_ name: String, _ items: [String], pad: String) -> String {
        "\(pad)\(name):\n" + items.map { "\(pad)  - \(scalar($0))\n" }.joined()
    }

    private static func labels(_ labels: [(String, String)], indent: Int) -> String {
        guard !labels.isEmpty else { return "" }
        let pad = String(repeating: " ", count: indent)
        return "\(pad)labels:\n"
            + labels.sorted { $0.0 < $1.0 }.map { "\(pad)  \(key($0.0)): \(scalar($0.1))\n" }.joined()
    }

    static func key(_ text: String) -> String { scalar(text) }

    /// A string as go-yaml v3 writes it: plain when it reads back as the same string, else
    /// double-quoted.
    public static func scalar(_ text: String) -> String {
        if needsQuotes(text) {
            var out = "\""
            for char in text {
                switch char {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default: out.append(char)
                }
            }
            return out + "\""
        }
        return text
    }

    static func needsQuotes(_ text: String) -> Bool {
        if text.isEmpty { return true }
        let oldBooleans: Set<String> = [
            "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
        ]
        if oldBooleans.contains(text) { return true }
        switch YAMLReader.resolve(.init(text)) {
        case .string: break
        default: return true
        }
        guard let first = text.first, let last = text.last else { return true }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) && !(first == "-" && text.count > 1 && text.dropFirst().first != " ")
            && first != "/"
        {
            if first == "-" && text.count > 1 { return false }
            return true
        }
        if first == " " || last == " " { return true }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return true }
        if text.contains("\n") || text.contains("\t") { return true }
        return false
    }
}
