// The text Swift's reflection writes for a service (`"\(service)"`, what compose's config hash
// of dockersim hashes), written field by field: the same bytes, without the reflection.

extension ComposeService {
    /// `String(describing: self)`, written directly (reflection walks every field through
    /// `Mirror`, ≈ 0.9 M instructions a service). ``ComposeServiceTextTests`` checks both agree.
    public var reflectedText: String {
        var out = ReflectedText()
        out.raw("ComposeService(")
        out.field("name", first: true)
        out.string(name)
        out.field("image")
        out.optional(image) { $0.string($1) }
        out.field("build")
        out.optional(build) { $0.build($1) }
        out.field("containerName")
        out.optional(containerName) { $0.string($1) }
        out.field("command")
        out.optional(command) { $0.strings($1) }
        out.field("entrypoint")
        out.optional(entrypoint) { $0.strings($1) }
        out.field("environment")
        out.pairs(environment)
        out.field("envFiles")
        out.strings(envFiles)
        out.field("ports")
        out.list(ports) { out, port in
            out.raw("DockerSimCompose.ComposePort(target: \(port.target), published: ")
            out.string(port.published)
            out.raw(", hostIP: ")
            out.string(port.hostIP)
            out.raw(", protocol: ")
            out.string(port.protocol)
            out.raw(")")
        }
        out.field("expose")
        out.strings(expose)
        out.field("volumes")
        out.list(volumes) { out, mount in
            out.raw("DockerSimCompose.ComposeMount(type: DockerSimCompose.ComposeMount.Kind.")
            out.raw(Self.caseName(mount.type))
            out.raw(", source: ")
            out.string(mount.source)
            out.raw(", target: ")
            out.string(mount.target)
            out.raw(", readOnly: \(mount.readOnly))")
        }
        out.field("networks")
        out.list(networks) { out, network in
            out.raw("DockerSimCompose.ComposeServiceNetwork(key: ")
            out.string(network.key)
            out.raw(", aliases: ")
            out.strings(network.aliases)
            out.raw(", ipv4Address: ")
            out.optional(network.ipv4Address) { $0.string($1) }
            out.raw(")")
        }
        out.field("networkMode")
        out.optional(networkMode) { $0.string($1) }
        out.field("dependsOn")
        out.list(dependsOn) { out, dependency in
            out.raw("DockerSimCompose.ComposeDependency(service: ")
            out.string(dependency.service)
            out.raw(", condition: ")
            out.string(dependency.condition)
            out.raw(", required: \(dependency.required), restart: \(dependency.restart))")
        }
        out.field("restart")
        out.optional(restart) { $0.string($1) }
        out.field("hostname")
        out.optional(hostname) { $0.string($1) }
        out.field("labels")
        out.list(labels) { out, label in
            out.raw("(")
            out.string(label.0)
            out.raw(", ")
            out.string(label.1)
            out.raw(")")
        }
        out.field("tty")
        out.raw(tty ? "true" : "false")
        out.field("stdinOpen")
        out.raw(stdinOpen ? "true" : "false")
        out.field("workingDir")
        out.optional(workingDir) { $0.string($1) }
        out.field("user")
        out.optional(user) { $0.string($1) }
        out.field("pullPolicy")
        out.optional(pullPolicy) { $0.string($1) }
        out.raw(")")
        return out.text
    }

    /// A mount kind's case name, as reflection writes it.
    static func caseName(_ kind: ComposeMount.Kind) -> String {
        switch kind {
        case .volume: "volume"
        case .bind: "bind"
        case .tmpfs: "tmpfs"
        }
    }
}

extension ComposeVolume {
    /// `String(describing: self)`, written directly (hashed into the volume's config-hash label).
    /// ``ServiceTextTests`` checks both agree.
    public var reflectedText: String {
        var out = ReflectedText()
        out.raw("ComposeVolume(")
        out.field("key", first: true)
        out.string(key)
        out.field("name")
        out.string(name)
        out.field("external")
        out.raw(external ? "true" : "false")
        out.field("driver")
        out.optional(driver) { $0.string($1) }
        out.field("labels")
        out.list(labels) { out, label in
            out.raw("(")
            out.string(label.0)
            out.raw(", ")
            out.string(label.1)
            out.raw(")")
        }
        out.raw(")")
        return out.text
    }
}

/// The pieces of a reflected text: fields `name: value`, strings quoted as `debugDescription`
/// quotes them, optionals `Optional(…)` or `nil`, arrays `[a, b]`.
private struct ReflectedText {
    var text = ""

    mutating func raw(_ piece: String) { text += piece }

    mutating func field(_ name: String, first: Bool = false) {
        if !first { text += ", " }
        text += name
        text += ": "
    }

    mutating func string(_ value: String) { text += value.debugDescription }

    mutating func optional<T>(_ value: T?, _ write: (inout ReflectedText, T) -> Void) {
        guard let value else {
            text += "nil"
            return
        }
        text += "Optional("
        write(&self, value)
        text += ")"
    }

    mutating func list<T>(_ values: [T], _ write: (inout ReflectedText, T) -> Void) {
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += ", " }
            write(&self, value)
        }
        text += "]"
    }

    mutating func strings(_ values: [String]) { list(values) { $0.string($1) } }

    mutating func pairs(_ values: [(String, String?)]) {
        list(values) { out, pair in
            out.raw("(")
            out.string(pair.0)
            out.raw(", ")
            out.optional(pair.1) { $0.string($1) }
            out.raw(")")
        }
    }

    mutating func build(_ build: ComposeBuild) {
        text += "DockerSimCompose.ComposeBuild(context: "
        string(build.context)
        text += ", dockerfile: "
        string(build.dockerfile)
        text += ", args: "
        pairs(build.args)
        text += ")"
    }
}
