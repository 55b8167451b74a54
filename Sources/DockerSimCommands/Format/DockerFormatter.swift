import DockerSimCore
import DockerSimTemplate

/// docker's `formatter.Context.Write`: a `--format` run over rows, as a `table …` through the
/// tabwriter (with its header) or one template result per line; `json` is `{{json .}}`.
enum DockerFormatter {
    /// The output for `format` (already chosen by the command: `table {{.ID}}…`, `json`, a
    /// custom template). Errors are the CLI's: `template parsing error: template: …`.
    static func write(format: String, rows: [GoValue], header: [String: String]) throws(DockerError) -> String {
        let isTable = format.hasPrefix("table")
        var final = format
        if isTable {
            final = String(final.dropFirst(5))
        } else if format == "json" {
            final = "{{json .}}"
        }
        final = trimSpaces(final)
        final = expandEscapes(final)
        let template: GoTemplate
        do {
            template = try GoTemplate(final)
        } catch {
            throw .cli("template parsing error: " + error.message)
        }
        var buffer = ""
        for row in rows {
            do {
                buffer += try template.execute(row)
            } catch {
                throw .cli("template parsing error: " + error.message)
            }
            buffer += "\n"
        }
        guard isTable else { return buffer }
        let head = template.executeCollecting(.header(header), options: GoTemplate.Options(headerFunctions: true))
            .output
        return TabWriter.format(head + "\n" + buffer)
    }

    /// `strings.Trim(s, " ")`.
    static func trimSpaces(_ s: String) -> String {
        var text = Substring(s)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }

    /// The two-character `\t` and `\n` become a tab and a newline (`strings.NewReplacer`).
    static func expandEscapes(_ s: String) -> String {
        var out = ""
        var chars = Array(s)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\\", let next = chars.first, next == "t" || next == "n" {
                out.append(next == "t" ? "\t" : "\n")
                chars = chars.dropFirst()
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// Go's `time.Time.String()` for a Unix time in UTC: `2024-01-22 20:00:00 +0000 UTC`.
    static func goTime(_ time: Timestamp) -> String {
        let text = Timestamp(seconds: time.seconds).rfc3339
        return String(text.dropLast().map { $0 == "T" ? " " : $0 }) + " +0000 UTC"
    }
}

/// Go's `text/tabwriter` as docker configures it (minwidth 10, tabwidth 1, padding 3, spaces):
/// cells end at tabs; a column block is a run of lines that have a cell in that column; each
/// block is as wide as its widest cell plus 3 (at least 10); text after the last tab is not padded.
enum TabWriter {
    static func format(_ text: String, minWidth: Int = 10, padding: Int = 3) -> String {
        let lines: [[String]] = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        var widths: [Int] = []
        var out = ""

        func writeLines(_ line0: Int, _ line1: Int) {
            guard line0 < line1 else { return }
            for i in line0..<line1 {
                let line = lines[i]
                for (j, cell) in line.enumerated() {
                    out += cell
                    if j < widths.count {
                        out += String(repeating: " ", count: max(0, widths[j] - Table.width(cell)))
                    }
                }
                if i + 1 < lines.count { out += "\n" }
            }
        }

        func format(_ start: Int, _ line1: Int) {
            var line0 = start
            let column = widths.count
            var this = line0
            while this < line1 {
                if column >= lines[this].count - 1 {
                    this += 1
                    continue
                }
                writeLines(line0, this)
                line0 = this
                var width = minWidth
                while this < line1 {
                    let line = lines[this]
                    if column >= line.count - 1 { break }
                    width = max(width, Table.width(line[column]) + padding)
                    this += 1
                }
                widths.append(width)
                format(line0, this)
                widths.removeLast()
                line0 = this
                this += 1
            }
            writeLines(line0, line1)
        }

        format(0, lines.count)
        return out
    }
}

// MARK: - Contexts

/// The formatter rows docker's commands build, with the headers of their columns.
enum FormatContexts {
    static let containerHeader: [String: String] = [
        "ID": "CONTAINER ID", "Names": "NAMES", "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT",
        "RunningFor": "CREATED", "Ports": "PORTS", "State": "STATE", "Status": "STATUS", "Size": "SIZE",
        "Labels": "LABELS", "Mounts": "MOUNTS", "LocalVolumes": "LOCAL VOLUMES", "Networks": "NETWORKS",
        "Platform": "PLATFORM",
    ]

    /// `formatter.ContainerContext` for one container (`size`: the sizes were requested).
    /// `Platform` is nil: the overlay2 store gives no image descriptor (CLI 28.2+ has the field).
    static func container(_ container: Container, engine: Engine, trunc: Bool, size: Bool) -> TemplateContext {
        let command = Present.command(container.config)
        let labels = container.config.labels
        return TemplateContext(
            typeName: "*formatter.ContainerContext",
            fields: [
                "ID": trunc ? container.shortID : container.id,
                "Names": container.name,
                "Image": Present.image(container, engine: engine, truncate: trunc),
                "Command": goQuote(trunc ? ellipsis(command, 20) : command),
                "CreatedAt": DockerFormatter.goTime(container.created),
                "RunningFor": Present.ago(container.created, now: engine.now),
                "Ports": Present.ports(container),
                "State": container.status.rawValue,
                "Status": Present.status(container, now: engine.now),
                "Size": size ? Present.containerSize(container, engine: engine) : "0B",
                "Labels": labels.keys.sorted().map { $0 + "=" + (labels[$0] ?? "") }.joined(separator: ","),
                "Mounts": Present.mounts(container, trunc: trunc),
                "LocalVolumes": String(Present.localVolumes(container)),
                "Networks": container.endpoints.map(\.network).sorted().joined(separator: ","),
            ], labels: labels, nils: ["Platform"])
    }

    /// `formatter.NewContainerContext()`: the empty row `docker ps` checks a template against.
    static let emptyContainer = TemplateContext(
        typeName: "*formatter.ContainerContext",
        fields: [
            "ID": "", "Names": "", "Image": "<no image>", "Command": "\"\"",
            "CreatedAt": "1970-01-01 00:00:00 +0000 UTC",
            "RunningFor": "", "Ports": "", "State": "", "Status": "", "Size": "0B", "Labels": "", "Mounts": "",
            "LocalVolumes": "0", "Networks": "",
        ], labels: [:], nils: ["Platform"])

    static let imageHeader: [String: String] = [
        "ID": "IMAGE ID", "Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST", "CreatedSince": "CREATED",
        "CreatedAt": "CREATED AT", "Size": "SIZE", "Containers": "CONTAINERS", "VirtualSize": "SIZE",
        "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE",
    ]

    /// `imageFormatTaggedAndDigest`: the rows of one image (`digestFlag`: `--digests`;
    /// `needDigest`: that or a format that uses `{{.Digest}}`).
    static func imageRows(
        _ summary: ImageSummary, digestFlag: Bool, needDigest: Bool
    ) -> [(repo: String, tag: String, digest: String)] {
        if summary.tagReferences.isEmpty && summary.digestReferences.isEmpty {
            return [("<none>", "<none>", "<none>")]
        }
        var tags: [String: [String]] = [:]
        var digests: [String: [String]] = [:]
        for ref in summary.tagReferences {
            if let tag = ref.tag { tags[ref.familiarName, default: []].append(tag) }
        }
        for ref in summary.digestReferences {
            if let digest = ref.digest { digests[ref.familiarName, default: []].append(digest.description) }
        }
        var rows: [(repo: String, tag: String, digest: String)] = []
        for repo in tags.keys.sorted() {
            let shown = needDigest ? digests[repo] ?? [] : []
            digests[repo] = nil
            for tag in tags[repo] ?? [] {
                if shown.isEmpty {
                    rows.append((repo, tag, "<none>"))
                } else {
                    for digest in shown { rows.append((repo, tag, digest)) }
                }
            }
        }
        for repo in digests.keys.sorted() {
            if digestFlag {
                for digest in digests[repo] ?? [] { rows.append((repo, "<none>", digest)) }
            } else {
                rows.append((repo, "<none>", ""))
            }
        }
        return rows
    }

    /// `formatter.imageContext` for one row of `docker images` (the list API gives no
    /// container counts or shared sizes, hence `N/A`).
    static func image(
        _ summary: ImageSummary, repo: String, tag: String, digest: String, trunc: Bool, now: Timestamp
    ) -> TemplateContext {
        TemplateContext(
            typeName: "*formatter.imageContext",
            fields: [
                "ID": trunc ? summary.image.id.short : summary.image.id.description,
                "Repository": repo,
                "Tag": tag,
                "Digest": digest,
                "CreatedSince": Present.ago(summary.image.created, now: now),
                "CreatedAt": DockerFormatter.goTime(summary.image.created),
                "Size": Units.humanSize(summary.size, precision: 3),
                "Containers": "N/A",
                "VirtualSize": Units.humanSize(summary.size),
                "SharedSize": "N/A",
                "UniqueSize": "N/A",
            ])
    }

    static let historyHeader: [String: String] = [
        "ID": "IMAGE", "CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "CreatedBy": "CREATED BY",
        "Size": "SIZE", "Comment": "COMMENT",
    ]

    static let diskUsageHeader: [String: String] = [
        "Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE", "Reclaimable": "RECLAIMABLE",
    ]
}
