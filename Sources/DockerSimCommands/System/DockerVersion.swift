import DockerSimCore
import DockerSimTemplate

// Source: docker/cli v28.5.1 cli/command/system/version.go (the default template, the tabwriter
// with minwidth 20 and padding 1, exit status 64 for a template that does not parse), moby v28.5.1
// api/types/types.go (`Version`, `ComponentVersion`) and daemon/info.go (`SystemVersion`).

/// `docker version`: the client's and the daemon's versions, as the docker-ce 28.5.1 packages on
/// linux/amd64 print them (``DockerRelease``), or a Go template over them (`--format`).
enum VersionCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker version", use: "[OPTIONS]", summary: "Show the Docker version information", args: .none,
        flags: [
            FlagSpec("format", "f", .string, Help.inspectFormatHelp)
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let format = args.string("format") ?? ""
        guard !format.isEmpty else {
            context.out(TabWriter.format(defaultText, minWidth: 20, padding: 1) + "\n")
            return 0
        }
        let isJSON = format == "json"
        let template: GoTemplate
        do {
            template = try GoTemplate(isJSON ? "{{json .}}" : format)
        } catch {
            throw .cli("template parsing error: " + named(error.message), status: 64)
        }
        let result = template.executeCollecting(isJSON ? jsonValue : templateValue)
        context.out(TabWriter.format(result.output + "\n", minWidth: 20, padding: 1))
        if let error = result.error { throw .cli(named(error.message)) }
        return 0
    }

    /// The template is named `version`: Go's messages say so (`template: version:1: …`).
    static func named(_ message: String) -> String {
        message.replacing("template: :", with: "template: version:").replacing(
            "executing \"\"", with: "executing \"version\"")
    }

    /// What the default template writes, cells separated by tabs for the tabwriter.
    static var defaultText: String {
        var text = """
            Client: \(DockerRelease.platformName)
             Version:\t\(DockerRelease.client.version)
             API version:\t\(DockerRelease.apiVersion)
             Go version:\t\(DockerRelease.goVersion)
             Git commit:\t\(DockerRelease.client.commit)
             Built:\t\(DockerRelease.buildTimeANSIC)
             OS/Arch:\t\(DockerRelease.os)/\(DockerRelease.arch)
             Context:\tdefault

            Server: \(DockerRelease.platformName)
             Engine:
              Version:\t\(DockerRelease.engine.version)
              API version:\t\(DockerRelease.apiVersion) (minimum version \(DockerRelease.minAPIVersion))
              Go version:\t\(DockerRelease.goVersion)
              Git commit:\t\(DockerRelease.engine.commit)
              Built:\t\(DockerRelease.buildTimeANSIC)
              OS/Arch:\t\(DockerRelease.os)/\(DockerRelease.arch)
              Experimental:\tfalse
            """
        for component in DockerRelease.components {
            text += "\n \(component.name):\n  Version:\t\(component.version)"
            // getDetailsOrder: the details' keys, sorted.
            for (key, value) in component.details.sorted(by: { $0.0 < $1.0 }) {
                text += "\n  \(key):\t\(value)"
            }
        }
        return text
    }

    /// The engine's details, as the daemon sends them (the CLI shows `BuildTime` as `time.ANSIC`).
    static var engineDetails: [(String, GoValue)] {
        [
            ("ApiVersion", .string(DockerRelease.apiVersion)), ("Arch", .string(DockerRelease.arch)),
            ("BuildTime", .string(DockerRelease.buildTimeANSIC)), ("Experimental", .string("false")),
            ("GitCommit", .string(DockerRelease.engine.commit)), ("GoVersion", .string(DockerRelease.goVersion)),
            ("KernelVersion", .string(SimulatedHost.kernelRelease)),
            ("MinAPIVersion", .string(DockerRelease.minAPIVersion)), ("Os", .string(DockerRelease.os)),
        ]
    }

    static var components: GoValue {
        var list: [GoValue] = [
            .dict(
                [
                    ("Name", .string("Engine")), ("Version", .string(DockerRelease.engine.version)),
                    ("Details", .dict(engineDetails, isMap: true)),
                ], isMap: false)
        ]
        for component in DockerRelease.components {
            list.append(
                .dict(
                    [
                        ("Name", .string(component.name)), ("Version", .string(component.version)),
                        ("Details", .dict(component.details.map { ($0.0, GoValue.string($0.1)) }, isMap: true)),
                    ], isMap: false))
        }
        return .list(list)
    }

    /// `versionInfo` as a template sees it: Go's field names.
    static var templateValue: GoValue {
        let platform = GoValue.dict([("Name", .string(DockerRelease.platformName))], isMap: false)
        let client = GoValue.dict(
            [
                ("Platform", platform), ("Version", .string(DockerRelease.client.version)),
                ("APIVersion", .string(DockerRelease.apiVersion)),
                ("DefaultAPIVersion", .string(DockerRelease.apiVersion)),
                ("GitCommit", .string(DockerRelease.client.commit)), ("GoVersion", .string(DockerRelease.goVersion)),
                ("Os", .string(DockerRelease.os)), ("Arch", .string(DockerRelease.arch)),
                ("BuildTime", .string(DockerRelease.buildTimeANSIC)), ("Context", .string("default")),
            ], isMap: false)
        let server = GoValue.dict(
            [
                ("Platform", platform), ("Components", components),
                ("Version", .string(DockerRelease.engine.version)), ("APIVersion", .string(DockerRelease.apiVersion)),
                ("MinAPIVersion", .string(DockerRelease.minAPIVersion)),
                ("GitCommit", .string(DockerRelease.engine.commit)), ("GoVersion", .string(DockerRelease.goVersion)),
                ("Os", .string(DockerRelease.os)), ("Arch", .string(DockerRelease.arch)),
                ("KernelVersion", .string(SimulatedHost.kernelRelease)), ("Experimental", .bool(false)),
                ("BuildTime", .string(DockerRelease.buildTime)),
            ], isMap: false)
        return .dict([("Client", client), ("Server", server)], isMap: false)
    }

    /// `versionInfo` as `json.Marshal` writes it: the JSON names, `omitempty` fields left out.
    static var jsonValue: GoValue {
        guard case .dict(let top, _) = templateValue else { return templateValue }
        func renamed(_ value: GoValue) -> GoValue {
            guard case .dict(let fields, let isMap) = value, !isMap else { return value }
            return .dict(
                fields.compactMap { key, value in
                    if case .bool(false) = value { return nil }  // `Experimental`, omitempty
                    return (key == "APIVersion" ? "ApiVersion" : key, value)
                }, isMap: false)
        }
        return .dict(top.map { ($0.0, renamed($0.1)) }, isMap: false)
    }
}
