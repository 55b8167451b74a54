/// One image of an `.image` file: the block that starts at a `tag` line (see `Hub/README.md`).
/// Reading a file makes these records only; an image is built from its record when it is pulled.
struct ImageRecord: Sendable {
    let file: CatalogFile
    /// The line of `tag`.
    let line: Int
    var tags: [String] = []
    var from: (reference: String, line: Int)?
    var manifest: Digest?
    var id: Digest?
    var created: Timestamp?
    /// The other lines, applied in order over what `from` gives.
    var settings: [Setting] = []

    struct Setting: Sendable {
        var key: String
        var value: String
        var line: Int
    }
}

extension ImageRecord {
    /// The keys an image block understands besides `tag`, `from`, `manifest`, `id` and `created`.
    static let keys: Set<String> = [
        "env", "cmd", "entrypoint", "workdir", "user", "expose", "volume", "label", "stopsignal", "author",
        "comment", "history",
    ]

    /// Reads the image blocks of an `.image` file.
    static func records(of file: CatalogFile) throws(CatalogError) -> [ImageRecord] {
        try file.withBytes { bytes throws(CatalogError) in
            var records: [ImageRecord] = []
            var seenTags: Set<String> = []
            for line in CatalogLines(bytes) where !line.isBlankOrComment {
                guard !line.isIndented else { throw file.error(line.number, "image lines are not indented") }
                let (wordSlice, restSlice) = line.text.splitWord
                let word = wordSlice.string
                // A history row's text runs to the end of the line, trailing spaces included
                // (docker's `ADD file:… in / ` ends with one); other values are trimmed.
                let value = word == "history" ? restSlice.string : restSlice.trimmedEnd.string
                if word == "tag" {
                    let tags = restSlice.words.map(\.string)
                    guard !tags.isEmpty else { throw file.error(line.number, "`tag` names one or more tags") }
                    for tag in tags {
                        guard ImageReference.isTag(tag) else {
                            throw file.error(line.number, "'\(tag)' is not a valid tag")
                        }
                        guard seenTags.insert(tag).inserted else {
                            throw file.error(line.number, "tag '\(tag)' is given twice in this file")
                        }
                    }
                    var record = ImageRecord(file: file, line: line.number)
                    record.tags = tags
                    records.append(record)
                    continue
                }
                if records.isEmpty, RepositoryInfo.keys.contains(word) { continue }  // read by `RepositoryInfo`
                guard !records.isEmpty else { throw file.error(line.number, "an image starts with a `tag` line") }
                guard !value.isEmpty else { throw file.error(line.number, "`\(word)` needs a value") }
                switch word {
                case "from":
                    guard records[records.count - 1].from == nil, records[records.count - 1].settings.isEmpty else {
                        throw file.error(line.number, "`from` comes once, before the image's other settings")
                    }
                    records[records.count - 1].from = (value, line.number)
                case "manifest", "id":
                    guard let digest = CatalogFile.digest(value) else {
                        throw file.error(line.number, "`\(word)` wants sha256:<64 hex> or sha256:<prefix>*")
                    }
                    if word == "manifest" {
                        records[records.count - 1].manifest = digest
                    } else {
                        records[records.count - 1].id = digest
                    }
                case "created":
                    guard let time = Timestamp(rfc3339: value) else {
                        throw file.error(line.number, "`created` wants an RFC 3339 time such as 2024-01-11T12:00:00Z")
                    }
                    records[records.count - 1].created = time
                default:
                    guard keys.contains(word) else { throw file.error(line.number, "unknown setting '\(word)'") }
                    records[records.count - 1].settings.append(Setting(key: word, value: value, line: line.number))
                }
            }
            for record in records {
                guard record.manifest != nil, record.id != nil, record.created != nil else {
                    throw file.error(record.line, "the image needs `manifest`, `id` and `created`")
                }
            }
            return records
        }
    }

    /// Builds the image: what `from` gives, then each setting in order.
    /// - Parameters:
    ///   - base: the image `from` names, already built.
    ///   - layer: finds a layer by its name.
    func image(
        base: HubImage?, layer: (String) throws(CatalogError) -> HubLayer?
    ) throws(CatalogError) -> HubImage {
        var run = base?.config.config ?? RunConfig()
        var history = base?.config.history ?? []
        var layers = base?.layers ?? []
        var comment: String?
        var author: String?
        for setting in settings {
            let value = setting.value
            switch setting.key {
            case "env":
                guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                    throw file.error(setting.line, "`env` wants NAME=VALUE")
                }
                let prefix = value[...equals]
                var env = run.env ?? []
                if let index = env.firstIndex(where: { $0.hasPrefix(prefix) }) {
                    env[index] = value
                } else {
                    env.append(value)
                }
                run.env = env
            case "cmd", "entrypoint":
                let words: [String]?
                if value == "-" {
                    words = nil
                } else {
                    guard let parsed = Self.jsonStrings(value) else {
                        throw file.error(
                            setting.line,
                            "`\(setting.key)` wants a JSON list such as [\"nginx\", \"-g\", \"daemon off;\"] (or - for none)"
                        )
                    }
                    words = parsed
                }
                if setting.key == "cmd" { run.cmd = words } else { run.entrypoint = words }
            case "workdir": run.workingDir = value
            case "user": run.user = value
            case "stopsignal": run.stopSignal = value
            case "expose":
                guard Self.isPort(value) else { throw file.error(setting.line, "`expose` wants PORT/tcp or PORT/udp") }
                if !(run.exposedPorts ?? []).contains(value) { run.exposedPorts = (run.exposedPorts ?? []) + [value] }
            case "volume":
                guard value.hasPrefix("/") else { throw file.error(setting.line, "`volume` wants an absolute path") }
                if !(run.volumes ?? []).contains(value) { run.volumes = (run.volumes ?? []) + [value] }
            case "label":
                guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                    throw file.error(setting.line, "`label` wants KEY=VALUE")
                }
                var labels = run.labels ?? [:]
                labels[String(value[..<equals])] = String(value[value.index(after: equals)...])
                run.labels = labels
            case "author": author = value
            case "comment": comment = value == "-" ? nil : value
            case "history":
                let parts = value.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
                guard parts.count == 3, let time = Timestamp(rfc3339: String(parts[0])) else {
                    throw file.error(
                        setting.line, "`history` wants TIME LAYER CREATED_BY (LAYER is - for an empty layer)")
                }
                let name = String(parts[1])
                if name != "-" {
                    guard let found = try layer(name) else {
                        throw file.error(setting.line, "no layer '\(name)' (a file layers/\(name).layer)")
                    }
                    layers.append(found)
                }
                history.append(
                    HistoryEntry(created: time, createdBy: String(parts[2]), comment: comment, emptyLayer: name == "-"))
            default: break
            }
        }
        guard let id, let manifest, let created else {
            throw file.error(line, "the image needs `manifest`, `id` and `created`")
        }
        var config = ImageConfig(
            config: run, created: created, history: history, diffIDs: layers.map(\.diffID), author: author)
        config.architecture = base?.config.architecture ?? "amd64"
        return HubImage(id: id, manifestDigest: manifest, config: config, layers: layers)
    }

    static func isPort(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1] == "tcp" || parts[1] == "udp" || parts[1] == "sctp",
            let port = Int(parts[0]), (1...65535).contains(port)
        else { return false }
        return true
    }

    /// A JSON list of strings: `["a", "b \"c\""]`; nil when it is anything else.
    static func jsonStrings(_ text: String) -> [String]? {
        var scalars = Array(text.unicodeScalars)[...]
        func skipBlanks() { while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() } }
        skipBlanks()
        guard scalars.popFirst() == "[" else { return nil }
        var result: [String] = []
        skipBlanks()
        if scalars.first == "]" {
            scalars.removeFirst()
            skipBlanks()
            return scalars.isEmpty ? [] : nil
        }
        while true {
            skipBlanks()
            guard scalars.popFirst() == "\"" else { return nil }
            var word = String.UnicodeScalarView()
            while true {
                guard let scalar = scalars.popFirst() else { return nil }
                if scalar == "\"" { break }
                if scalar == "\\" {
                    guard let escaped = scalars.popFirst() else { return nil }
                    switch escaped {
                    case "\"", "\\", "/": word.append(escaped)
                    case "n": word.append("\n")
                    case "t": word.append("\t")
                    case "r": word.append("\r")
                    case "u":
                        guard scalars.count >= 4,
                            let value = UInt32(String(String.UnicodeScalarView(scalars.prefix(4))), radix: 16),
                            let decoded = Unicode.Scalar(value)
                        else { return nil }
                        scalars.removeFirst(4)
                        word.append(decoded)
                    default: return nil
                    }
                } else {
                    word.append(scalar)
                }
            }
            result.append(String(word))
            skipBlanks()
            switch scalars.popFirst() {
            case ",": continue
            case "]":
                skipBlanks()
                return scalars.isEmpty ? result : nil
            default: return nil
            }
        }
    }
}

/// What Docker Hub says of a repository as a whole (`docker search`): the lines of its `.image`
/// file before the first `tag` (see `Hub/README.md`).
public struct RepositoryInfo: Sendable, Equatable {
    /// The repository's short description ("" when it has none).
    public var description = ""
    public var stars = 0

    /// The settings a repository takes before its first image.
    static let keys: Set<String> = ["description", "stars"]

    /// Reads the repository's settings (its first lines, up to the first `tag`).
    static func read(_ file: CatalogFile) throws(CatalogError) -> RepositoryInfo {
        try file.withBytes { bytes throws(CatalogError) in
            var info = RepositoryInfo()
            for line in CatalogLines(bytes) where !line.isBlankOrComment {
                let (wordSlice, restSlice) = line.text.splitWord
                let value = restSlice.trimmedEnd.string
                switch wordSlice.string {
                case "tag": return info
                case "description": info.description = value
                case "stars":
                    guard let stars = Int(value), stars >= 0 else {
                        throw file.error(line.number, "`stars` wants a whole number")
                    }
                    info.stars = stars
                default: continue
                }
            }
            return info
        }
    }
}
