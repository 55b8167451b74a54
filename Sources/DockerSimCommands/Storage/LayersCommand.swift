import DockerSimCore

#if canImport(Glibc)
import Glibc
#endif

/// `layers`: dockersim's own command (not docker's) that draws the storage. See ``StorageMap``
/// for what is drawn and `layers --help` for the options.
struct LayersRequest: Equatable {
    var names: [String] = []
    var tree = false
    var svg: String?
    var realDisk = false
    var help = false

    /// Reads `layers`'s words; the error is the message to print.
    static func parse(_ words: [String], texts: StorageTexts) -> Result<LayersRequest, LayersFailure> {
        var request = LayersRequest()
        var index = 0
        var optionsDone = false
        while index < words.count {
            let word = words[index]
            index += 1
            if optionsDone || !word.hasPrefix("-") || word == "-" {
                request.names.append(word)
                continue
            }
            switch word {
            case "--":
                optionsDone = true
            case "-h", "--help":
                request.help = true
            case "--tree":
                request.tree = true
            case "--real-disk":
                request.realDisk = true
            case "--svg":
                guard index < words.count, !words[index].isEmpty else {
                    return .failure(LayersFailure(texts.svgNeedsFile))
                }
                request.svg = words[index]
                index += 1
            default:
                if word.hasPrefix("--svg=") {
                    let path = String(word.dropFirst(6))
                    guard !path.isEmpty else { return .failure(LayersFailure(texts.svgNeedsFile)) }
                    request.svg = path
                } else {
                    return .failure(LayersFailure(texts.unknownOption(word)))
                }
            }
        }
        if request.realDisk && request.svg == nil { return .failure(LayersFailure(texts.realDiskNeedsSVG)) }
        return .success(request)
    }
}

/// Why `layers` did nothing (printed on stderr, status 1; nothing written).
struct LayersFailure: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

extension Session {
    /// `layers [IMAGE|CONTAINER…] [--tree] [--svg FILE [--real-disk]]`.
    func layersCommand(_ words: [String], engine: inout Engine, output: inout CommandOutput) -> Int32 {
        let texts = StorageTexts(language: language)
        let request: LayersRequest
        switch LayersRequest.parse(words, texts: texts) {
        case .failure(let failure):
            output.write(failure.message + "\n", to: .stderr)
            return 2
        case .success(let parsed):
            request = parsed
        }
        if request.help {
            output.write(texts.usage, to: .stdout)
            return 0
        }
        engine.settle()
        if request.svg == nil && request.names.isEmpty {
            // The whole storage on a terminal: counted first (what the map would hold), so that a
            // state too large to draw costs a count, not a map.
            let census = StorageMap.census(engine: engine)
            let items = census.layers + census.images + census.containers
            guard items <= LayersText.maxLines else {
                output.write(
                    texts.tooLarge(
                        images: census.images, layers: census.layers, containers: census.containers, lines: items)
                        + "\n", to: .stderr)
                return 1
            }
        }
        let map: StorageMap
        do {
            map = try StorageMap(engine: engine, limitedTo: request.names)
        } catch {
            output.write(texts.unknownName(error.name) + "\n", to: .stderr)
            return 1
        }
        guard let path = request.svg else {
            let items = LayersText.lineCount(map)
            guard items <= LayersText.maxLines else {
                // Too large for a terminal: nothing drawn, and how to see it.
                let containers = map.columns.reduce(0) { $0 + $1.containerCount }
                output.write(
                    texts.tooLarge(
                        images: map.columns.count, layers: map.layerBoxes.count, containers: containers, lines: items)
                        + "\n", to: .stderr)
                return 1
            }
            let picture = LayersText.render(map, texts: texts, columns: columns, tree: request.tree)
            output.emit(.coloured(picture.ansi), text: picture.plain)
            return 0
        }
        if request.realDisk && !allowsHostFiles {
            output.write(texts.realDiskRefused + "\n", to: .stderr)
            return 1
        }
        let bytes = LayersSVG.render(map, texts: texts)
        do {
            let shown =
                try request.realDisk ? writeReal(bytes, to: path) : writeSimulated(bytes, to: path, engine: &engine)
            output.write(texts.svgWritten(shown, real: request.realDisk) + "\n", to: .stderr)
            return 0
        } catch {
            output.write(texts.svgNotWritten(path, reason: error.message) + "\n", to: .stderr)
            return 1
        }
    }

    /// Writes into the simulated host folder (relative to the host shell's folder), whole or not
    /// at all; returns the absolute path written.
    private func writeSimulated(_ bytes: [UInt8], to path: String, engine: inout Engine) throws(LayersFailure) -> String
    {
        var expanded = path
        if path == "~" || path.hasPrefix("~/") { expanded = "/home/usuario" + path.dropFirst() }
        var used = engine.host.size + engine.containers.writableBytes
        if let existing = try? engine.host.read(expanded, cwd: engine.hostCwd) { used -= existing.size }
        if used + Int64(bytes.count) > engine.limits.simulatedBytes {
            throw LayersFailure(FSError.noSpace.text)
        }
        let time = engine.now.seconds
        do throws(FSError) {
            return try engine.withHost { (fs: inout ContainerFS, cwd: inout [String]) throws(FSError) -> String in
                try fs.write(expanded, cwd: cwd, bytes: bytes, append: false, mtime: time)
                return FilePath.string(FilePath.normalize(expanded, cwd: cwd))
            }
        } catch {
            throw LayersFailure(error.text)
        }
    }

    /// Writes onto the real disk, atomically (``SafeFile``), only in dockersim's own session.
    private func writeReal(_ bytes: [UInt8], to path: String) throws(LayersFailure) -> String {
        do {
            try SafeFile.write(bytes, to: path, mode: 0o644)
        } catch {
            throw LayersFailure(String(cString: strerror(error.errno)))
        }
        return path
    }
}
