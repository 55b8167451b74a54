import DockerSimCore
import DockerSimTemplate

// Sources: docker/cli cli/command/volume/list.go, cli/command/formatter/volume.go; moby
// volume/service/service.go (List, acceptedListFilters), volume/service/convert.go (filtersToBy),
// volume/service/by.go (byLabelFilter).

/// `docker volume ls`: the volumes, sorted by name (natural order), as `DRIVER  VOLUME NAME`.
enum VolumeLsCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker volume ls", use: "[OPTIONS]", summary: "List volumes", args: .none,
        flags: [
            FlagSpec("cluster", nil, .bool, "Display only cluster volumes, and use cluster volume list formatting"),
            FlagSpec("filter", "f", .list, "Provide filter values (e.g. \"dangling=true\")"),
            FlagSpec("format", nil, .string, "Format output using a custom template"),
            FlagSpec("quiet", "q", .bool, "Only display volume names"),
        ].notSimulated(["cluster"]),
        aliases: ["docker volume ls, docker volume list"])

    static let header: [String: String] = [
        "ID": "ID", "Name": "VOLUME NAME", "Group": "GROUP", "Driver": "DRIVER", "Scope": "SCOPE",
        "Availability": "AVAILABILITY", "Mountpoint": "MOUNTPOINT", "Labels": "LABELS", "Links": "LINKS",
        "Size": "SIZE", "Status": "STATUS",
    ]

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let filters = try FilterArgs.parse(
            args.list("filter"), command: context.invokedAs.isEmpty ? spec.path : context.invokedAs, use: spec.use)
        let volumes = try list(context.engine, filters: filters)
        let quiet = args.flag("quiet")
        var format = args.string("format") ?? ""
        if format.isEmpty || format == "table" {
            format = quiet ? "{{.Name}}" : "table {{.Driver}}\t{{.Name}}"
        } else if format == "raw" {
            format = quiet ? "name: {{.Name}}" : "name: {{.Name}}\\ndriver: {{.Driver}}\\n"
        }
        let rows = volumes.map { GoValue.context(row($0, usage: nil)) }
        context.out(try DockerFormatter.write(format: format, rows: rows, header: header))
        return 0
    }

    /// The daemon's `List` with `--filter` (`dangling`, `name`, `driver`, `label`), in the CLI's
    /// order (`sortorder.NaturalLess` by name).
    static func list(_ engine: Engine, filters: FilterArgs) throws(DockerError) -> [Volume] {
        try filters.validate(["dangling", "name", "driver", "label"])
        let dangling = try filters.bool("dangling")
        return engine.volumes.values.filter { volume in
            if filters.contains("driver") && !filters.values("driver").contains(volume.driver) { return false }
            if !filters.match("name", volume.name) { return false }
            if !filters.matchKVList("label", volume.labels ?? [:]) { return false }
            if let dangling, volume.references.isEmpty != dangling { return false }
            return true
        }.sorted { naturalLess($0.name, $1.name) }
    }

    /// `formatter.volumeContext`: what a volume row's template methods return (`usage`: links and
    /// size, which only `system df -v` has; `N/A` otherwise).
    static func row(_ volume: Volume, usage: (links: Int, size: Int64)?) -> TemplateContext {
        let labels = volume.labels ?? [:]
        return TemplateContext(
            typeName: "*formatter.volumeContext",
            fields: [
                "Name": volume.name, "Driver": volume.driver, "Scope": "local", "Mountpoint": volume.mountpoint,
                "Labels": labels.keys.sorted().map { $0 + "=" + (labels[$0] ?? "") }.joined(separator: ","),
                "Links": usage.map { String($0.links) } ?? "N/A",
                "Size": usage.map { Units.humanSize($0.size) } ?? "N/A",
                "Group": "N/A", "Availability": "N/A", "Status": "N/A",
            ], labels: labels)
    }

    /// `fvbommel/sortorder.NaturalLess`: runs of digits compare as numbers (fewer leading zeros
    /// first), other bytes as bytes, digits before other characters.
    static func naturalLess(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            let (digitA, digitB) = (isDigit(a[i]), isDigit(b[j]))
            if digitA != digitB { return digitA }
            if !digitA {
                if a[i] != b[j] { return a[i] < b[j] }
                i += 1
                j += 1
                continue
            }
            while i < a.count && a[i] == 48 { i += 1 }
            while j < b.count && b[j] == 48 { j += 1 }
            let (startA, startB) = (i, j)
            while i < a.count && isDigit(a[i]) { i += 1 }
            while j < b.count && isDigit(b[j]) { j += 1 }
            if i - startA != j - startB { return i - startA < j - startB }
            if a[startA..<i] != b[startB..<j] { return a[startA..<i].lexicographicallyPrecedes(b[startB..<j]) }
            if startA != startB { return startA < startB }
        }
        return a.count < b.count
    }
}
