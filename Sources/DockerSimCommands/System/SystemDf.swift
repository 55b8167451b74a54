import DockerSimCore
import DockerSimTemplate

/// `docker system df`: disk usage by images, containers, volumes and build cache.
enum SystemDfCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker system df", use: "[OPTIONS]", summary: "Show docker disk usage", args: .none,
        flags: [
            FlagSpec("format", nil, .string, "Format output using a custom template"),
            FlagSpec("verbose", "v", .bool, "Show detailed information on space usage"),
        ])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        context.engine.settle()
        let usage = context.engine.diskUsage()
        let cache = context.engine.buildCacheUsage()
        let format = args.string("format") ?? ""
        if args.flag("verbose") {
            // NewDiskUsageFormat: with --verbose, a custom format other than raw is not used.
            context.out(verbose(usage, cache: cache, engine: context.engine))
        } else if format.isEmpty || format == "table" {
            context.out(summary(usage, cache: cache))
        } else {
            let chosen =
                format == "raw"
                ? "type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n"
                : format
            let rows = summaryRows(usage, cache: cache).map { row in
                GoValue.context(
                    TemplateContext(
                        typeName: row.type,
                        fields: [
                            "Type": row.cells[0], "TotalCount": row.cells[1], "Active": row.cells[2],
                            "Size": row.cells[3],
                            "Reclaimable": row.cells[4],
                        ]))
            }
            context.out(try DockerFormatter.write(format: chosen, rows: rows, header: FormatContexts.diskUsageHeader))
        }
        return 0
    }

    static func percent(_ part: Int64, of total: Int64) -> String {
        total > 0 ? "\(Units.humanSize(part)) (\(part * 100 / total)%)" : Units.humanSize(part)
    }

    static func summary(_ usage: DiskUsage, cache: BuildCacheUsage) -> String {
        var table = Table(header: ["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"])
        for row in summaryRows(usage, cache: cache) { table.append(row.cells) }
        return table.render()
    }

    /// The four summary rows (images, containers, volumes, build cache) and their formatter types.
    static func summaryRows(_ usage: DiskUsage, cache: BuildCacheUsage) -> [(type: String, cells: [String])] {
        let active = usage.images.filter { $0.containers > 0 }
        let used = active.reduce(Int64(0)) { $0 + ($1.size - $1.sharedSize) }
        let running = usage.containers.filter(\.isRunning)
        let rwTotal = usage.containers.reduce(Int64(0)) { $0 + $1.sizeRw }
        let rwIdle = usage.containers.filter { !$0.isRunning }.reduce(Int64(0)) { $0 + $1.sizeRw }
        let activeVolumes = usage.volumes.filter { $0.referenceCount > 0 }
        let volumesSize = usage.volumes.reduce(Int64(0)) { $0 + $1.size }
        let volumesIdle = usage.volumes.filter { $0.referenceCount == 0 }.reduce(Int64(0)) { $0 + $1.size }
        return [
            (
                "*formatter.diskUsageImagesContext",
                [
                    "Images", String(usage.images.count), String(active.count), Units.humanSize(usage.layersSize),
                    percent(usage.layersSize - used, of: usage.layersSize),
                ]
            ),
            (
                "*formatter.diskUsageContainersContext",
                [
                    "Containers", String(usage.containers.count), String(running.count), Units.humanSize(rwTotal),
                    percent(rwIdle, of: rwTotal),
                ]
            ),
            (
                "*formatter.diskUsageVolumesContext",
                [
                    "Local Volumes", String(usage.volumes.count), String(activeVolumes.count),
                    Units.humanSize(volumesSize), percent(volumesIdle, of: volumesSize),
                ]
            ),
            (
                "*formatter.diskUsageBuilderContext",
                [
                    "Build Cache", String(cache.items.count), String(cache.items.filter(\.inUse).count),
                    Units.humanSize(cache.size), Units.humanSize(cache.reclaimable),
                ]
            ),
        ]
    }

    static func verbose(_ usage: DiskUsage, cache: BuildCacheUsage, engine: Engine) -> String {
        var images = Table(header: [
            "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS",
        ])
        for summary in usage.images {
            var repository = "<none>"
            var tag = "<none>"
            if let first = summary.repoTags.first, let ref = try? ImageReference.parse(first), let refTag = ref.tag {
                repository = ref.familiarName
                tag = refTag
            }
            images.append([
                repository, tag, summary.image.id.short, Present.ago(summary.image.created, now: engine.now),
                Units.humanSize(summary.size, precision: 3), Units.humanSize(summary.sharedSize),
                Units.humanSize(summary.size - summary.sharedSize), String(summary.containers),
            ])
        }
        var containers = Table(header: [
            "CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES",
        ])
        for container in usage.containers {
            containers.append([
                container.shortID, Present.image(container, engine: engine, truncate: true),
                goQuote(ellipsis(Present.command(container.config), 20)), String(Present.localVolumes(container)),
                Units.humanSize(container.sizeRw, precision: 3), Present.ago(container.created, now: engine.now),
                Present.status(container, now: engine.now), container.name,
            ])
        }
        var volumes = Table(header: ["VOLUME NAME", "LINKS", "SIZE"])
        for volume in usage.volumes {
            volumes.append([volume.name, String(volume.referenceCount), Units.humanSize(volume.size)])
        }
        var records = Table(header: ["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED"])
        for item in cache.items {
            let record = item.record
            records.append([
                String(record.id.prefix(12)) + (item.inUse ? "*" : ""), record.type.rawValue,
                Units.humanSize(record.size, precision: 3), Present.ago(record.createdAt, now: engine.now),
                record.lastUsedAt.map { Present.ago($0, now: engine.now) } ?? "", String(record.usageCount),
                String(item.shared),
            ])
        }
        return "Images space usage:\n\n" + images.render()
            + "\nContainers space usage:\n\n" + containers.render()
            + "\nLocal Volumes space usage:\n\n" + volumes.render()
            + "\nBuild cache usage: \(Units.humanSize(cache.size))\n\n" + records.render()
    }
}
