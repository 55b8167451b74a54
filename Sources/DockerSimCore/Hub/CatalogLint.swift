extension HubCatalog {
    /// Checks catalog files in full, as `dockersim hub lint` does: every file parses; each
    /// layer's file list adds up to its `size` and hashes to its `diffid`; each program names a
    /// file of its layer; each image's `from` and layers exist; one image ID means one image.
    /// References may point into `over` (the catalogs behind these files), which is not checked.
    /// - Returns: the problems, each with its file and line (empty when the files are sound).
    public static func lint(_ files: [CatalogFile], over: [CatalogFile] = []) -> [CatalogError] {
        var problems: [CatalogError] = []
        let store = CatalogStore(files: files + over)
        var images: [Digest: (diffIDs: [Digest], where: String)] = [:]
        for file in files {
            switch CatalogStore.role(of: file.path) {
            case nil where file.path.hasSuffix(".md"): continue  // notes beside the catalog
            case nil where file.path.hasPrefix("remotes/") && file.path.hasSuffix(".remote"):
                // What `ADD URL` fetches: a file list in the layer format.
                do {
                    _ = try LayerEntry.parseTree(of: file, from: 0, line: 0)
                } catch {
                    problems.append(error)
                }
            case nil:
                problems.append(
                    file.error(
                        0,
                        "not a catalog file: a repository is NAMESPACE/NAME.image, a layer layers/…/NAME.layer, a remote remotes/HOST/PATH.remote"
                    ))
            case .layer:
                problems += lintLayer(file)
            case .repository(let path):
                let components = path.split(separator: "/", omittingEmptySubsequences: false)
                guard components.count >= 2, components.allSatisfy({ ImageReference.isPathComponent($0) }) else {
                    problems.append(
                        file.error(
                            0, "'\(path)' is not a repository name (lowercase NAMESPACE/NAME; library/NAME for NAME)"))
                    continue
                }
                let records: [ImageRecord]
                do {
                    _ = try RepositoryInfo.read(file)
                    records = try ImageRecord.records(of: file)
                } catch {
                    problems.append(error)
                    continue
                }
                if records.isEmpty {
                    problems.append(file.error(0, "no image in the file: an image starts with a `tag` line"))
                }
                for record in records {
                    do {
                        guard let image = try store.image(path: path, tag: record.tags[0]) else { continue }
                        let place = "\(file.displayName):\(record.line)"
                        if let other = images[image.id], other.diffIDs != image.config.diffIDs {
                            problems.append(
                                file.error(
                                    record.line, "image ID \(image.id.short) is also \(other.where), with other layers")
                            )
                        }
                        images[image.id] = (image.config.diffIDs, place)
                    } catch {
                        problems.append(error)
                    }
                }
            }
        }
        var seen: Set<String> = []
        return problems.filter { seen.insert($0.description).inserted }
    }

    /// Parses a layer file in full and recomputes its size and diffID from the file list.
    static func lintLayer(_ file: CatalogFile) -> [CatalogError] {
        do {
            let record = try LayerRecord.header(of: file)
            let tree = try record.parsedTree()
            var problems: [CatalogError] = []
            if tree.size != record.size {
                problems.append(
                    file.error(record.sizeLine, "size \(record.size) but the files add up to \(tree.size)"))
            }
            let diffID = tree.diffID
            if diffID != record.diffID {
                problems.append(
                    file.error(
                        record.diffIDLine, "diffid \(record.diffID) does not match the file list: it is \(diffID)"))
            }
            for path in record.programs.keys.sorted() {
                switch tree.node(at: FilePath.components(path)) {
                case .file?, .symlink?: break
                default:
                    problems.append(
                        file.error(record.programLines[path] ?? 0, "program \(path) is not a file of this layer"))
                }
            }
            return problems
        } catch {
            return [error]
        }
    }
}

extension HubCatalog {
    /// A layer file's text with its `size` and `diffid` lines set to what its file list gives
    /// (`dockersim hub lint --fix`); nil when the file does not parse or needs no change.
    public static func fixed(_ file: CatalogFile) -> [UInt8]? {
        guard let record = try? LayerRecord.header(of: file), let tree = try? record.tree() else { return nil }
        let diffID = tree.diffID
        guard tree.size != record.size || diffID != record.diffID, record.sizeLine > 0, record.diffIDLine > 0 else {
            return nil
        }
        guard let bytes = try? file.withBytes({ Array($0) }) else { return nil }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        func replace(_ number: Int, _ key: String, _ value: String) {
            let old = lines[number - 1]
            let padding = old.dropFirst(key.utf8.count).prefix { $0 == 0x20 || $0 == 0x09 }
            lines[number - 1] = Array(key.utf8) + Array(padding.isEmpty ? [0x20] : padding) + Array(value.utf8)
        }
        replace(record.sizeLine, "size", String(tree.size))
        replace(record.diffIDLine, "diffid", diffID.description)
        return Array(lines.joined(separator: [0x0A]))
    }
}

extension HubCatalog {
    /// The file tree a layer file describes, built now (what a layer's first read does).
    public static func layerTree(_ file: CatalogFile) throws(CatalogError) -> FileTree {
        try LayerRecord.header(of: file).parsedTree()
    }
}
