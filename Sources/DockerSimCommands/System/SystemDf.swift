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
            if format.isEmpty || format == "table" {
                context.out(verbose(usage, cache: cache, engine: context.engine))
            } else {
                context.out(try verboseTemplate(format, usage, cache: cache, engine: context.engine))
            }
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

    /// `verboseWrite` with a format other than `table`: the template runs once over
    /// `diskUsageContext` (`Images`, `Containers`, `Volumes`, `BuildCache`; rows truncated only
    /// for a `table …` format, which gets no tabwriter here), and
    /// nothing is added after it; `raw` is the four raw formats in turn.
    static func verboseTemplate(
        _ format: String, _ usage: DiskUsage, cache: BuildCacheUsage, engine: Engine
    ) throws(DockerError) -> String {
        var source = format
        if format == "raw" {
            source =
                "{{range .Images}}type: Image\nrepository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\n"
                + "image_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n\n{{end -}}\n"
                + "{{range .Containers}}type: Container\ncontainer_id: {{.ID}}\nimage: {{.Image}}\n"
                + "command: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\n"
                + "status: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\n"
                + "ports: {{- pad .Ports 1 0}}\nsize: {{.Size}}\n\n{{end -}}\n"
                + "{{range .Volumes}}type: Volume\nname: {{.Name}}\ndriver: {{.Driver}}\n\n{{end -}}\n"
                + "{{range .BuildCache}}type: Build Cache\nbuild_cache_id: {{.ID}}\nparent_id: {{.Parent}}\n"
                + "build_cache_type: {{.CacheType}}\ndescription: {{.Description}}\ncreated_at: {{.CreatedAt}}\n"
                + "created_since: {{.CreatedSince}}\nlast_used_at: {{.LastUsedAt}}\n"
                + "last_used_since: {{.LastUsedSince}}\nusage_count: {{.UsageCount}}\nin_use: {{.InUse}}\n"
                + "shared: {{.Shared}}\n\n{{end -}}"
        }
        var final = source
        let trunc = final.hasPrefix("table")
        if trunc {
            final = String(final.dropFirst(5))
        } else if final == "json" {
            final = "{{json .}}"
        }
        final = DockerFormatter.expandEscapes(DockerFormatter.trimSpaces(final))
        let template: GoTemplate
        do {
            template = try GoTemplate(final)
        } catch {
            throw .cli("template parsing error: " + error.message)
        }
        let now = engine.now
        let images: [GoValue] = usage.images.map { summary in
            var repo = "<none>"
            var tag = "<none>"
            if let first = summary.repoTags.first, let ref = try? ImageReference.parse(first), let refTag = ref.tag {
                repo = ref.familiarName
                tag = refTag
            }
            var row = FormatContexts.image(summary, repo: repo, tag: tag, digest: "", trunc: trunc, now: now)
            row.fields["Containers"] = String(summary.containers)
            row.fields["SharedSize"] = Units.humanSize(summary.sharedSize)
            row.fields["UniqueSize"] = Units.humanSize(summary.size - summary.sharedSize)
            return .context(row)
        }
        let containers: [GoValue] = usage.containers.map { container in
            // verboseWrite: "Don't display the virtual size".
            var row = FormatContexts.container(container, engine: engine, trunc: trunc, size: true)
            row.fields["Size"] = Units.humanSize(container.sizeRw, precision: 3)
            return .context(row)
        }
        let volumes: [GoValue] = usage.volumes.map { volume in
            .context(VolumeLsCommand.row(volume, usage: (volume.referenceCount, volume.size)))
        }
        let records: [GoValue] = cache.items.map { item in
            let record = item.record
            return .context(
                TemplateContext(
                    typeName: "*formatter.buildCacheContext",
                    fields: [
                        "ID": (trunc ? String(record.id.prefix(12)) : record.id) + (item.inUse ? "*" : ""),
                        "Parent": trunc ? String((record.parent ?? "").prefix(12)) : record.parent ?? "",
                        "CacheType": record.type.rawValue, "Description": record.description,
                        "Size": Units.humanSize(record.size, precision: 3),
                        "CreatedAt": DockerFormatter.goTime(record.createdAt),
                        "CreatedSince": Present.ago(record.createdAt, now: now),
                        "LastUsedAt": record.lastUsedAt.map(DockerFormatter.goTime) ?? "",
                        "LastUsedSince": record.lastUsedAt.map { Present.ago($0, now: now) } ?? "",
                        "UsageCount": String(record.usageCount), "InUse": String(item.inUse),
                        "Shared": String(item.shared),
                    ]))
        }
        let data = GoValue.dict(
            [
                ("Images", .list(images)), ("Containers", .list(containers)), ("Volumes", .list(volumes)),
                ("BuildCache", .list(records)),
            ], isMap: false)
        do {
            return try template.execute(data)
        } catch {
            throw .cli(error.message)
        }
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
        // Counted in place: copying every image summary and container into filtered arrays cost
        // more than the sums.
        var activeCount = 0
        var used: Int64 = 0
        for index in usage.images.indices where usage.images[index].containers > 0 {
            activeCount += 1
            used += usage.images[index].size - usage.images[index].sharedSize
        }
        var runningCount = 0
        var rwTotal: Int64 = 0
        var rwIdle: Int64 = 0
        for index in usage.containers.indices {
            let size = usage.containers[index].sizeRw
            rwTotal += size
            if usage.containers[index].isRunning { runningCount += 1 } else { rwIdle += size }
        }
        let activeVolumes = usage.volumes.filter { $0.referenceCount > 0 }
        let volumesSize = usage.volumes.reduce(Int64(0)) { $0 + $1.size }
        let volumesIdle = usage.volumes.filter { $0.referenceCount == 0 }.reduce(Int64(0)) { $0 + $1.size }
        return [
            (
                "*formatter.diskUsageImagesContext",
                [
                    "Images", String(usage.images.count), String(activeCount), Units.humanSize(usage.layersSize),
                    percent(usage.layersSize - used, of: usage.layersSize),
                ]
            ),
            (
                "*formatter.diskUsageContainersContext",
                [
                    "Containers", String(usage.containers.count), String(runningCount), Units.humanSize(rwTotal),
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
        // Rows come newest first, and neighbours mostly show the same age: the last age text
        // is kept. Each row's cells go straight into the table (no array per row).
        let now = engine.now
        var ago = Present.AgoTexts(now: now)
        images.reserveCapacity(rows: usage.images.count, columns: 8, bytesPerRow: 64)
        for index in usage.images.indices {
            // Read in place (a copy of the summary retains its image and reference arrays).
            if let first = usage.images[index].tagReferences.first, let refTag = first.tag {
                images.add(Present.familiarName(first))
                images.add(refTag)
            } else {
                images.add("<none>")
                images.add("<none>")
            }
            let size = usage.images[index].size
            let sharedSize = usage.images[index].sharedSize
            images.add(shortID: usage.images[index].image.id)
            images.add(ago.text(usage.images[index].image.created))
            images.add(humanSize: size, precision: 3)
            images.add(humanSize: sharedSize)
            images.add(humanSize: size - sharedSize)
            images.add(usage.images[index].containers)
            images.endRow()
        }
        var containers = Table(header: [
            "CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES",
        ])
        var imageMemo: [Present.ImageColumnKey: String] = [:]
        var commands = Present.CommandTexts()
        var statuses = Present.StatusTexts(now: now)
        containers.reserveCapacity(rows: usage.containers.count, columns: 8, bytesPerRow: 96)
        for container in usage.containers {
            containers.add(shortIDOf: container.id)
            if Present.isFullID(container.config.image, of: container.imageID) {
                // Created from the full ID: the column is the short ID (``Present/image``'s
                // first case), copied from the digest's text.
                containers.add(shortID: container.imageID)
            } else {
                containers.add(Present.image(container, engine: engine, truncate: true, memo: &imageMemo))
            }
            containers.add(commands.text(container.config, width: 20))
            containers.add(Present.localVolumes(container))
            containers.add(humanSize: container.sizeRw, precision: 3)
            containers.add(ago.text(container.created))
            containers.add(statuses.text(container))
            containers.add(container.name)
            containers.endRow()
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
        // The four tables written into one string, made once.
        return Table.render([
            .text("Images space usage:\n\n"), .table(images), .text("\nContainers space usage:\n\n"),
            .table(containers), .text("\nLocal Volumes space usage:\n\n"), .table(volumes),
            .text("\nBuild cache usage: \(Units.humanSize(cache.size))\n\n"), .table(records),
        ])
    }
}
