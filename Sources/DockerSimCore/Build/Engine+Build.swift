// Sources: moby/buildkit v0.25.1 frontend/dockerfile/dockerfile2llb/convert.go (dispatch, the
// history rows, step names), exporter/containerimage/writer.go (history times),
// docker/buildx v0.29.1 build/ (context loading), moby v28.5.1 builder/builder-next (the
// image exporter: `writing image`, `naming to`).

/// How long the simulated steps take (seconds), so that the progress display and the clock agree.
enum BuildTiming {
    static let resolveMetadata = 1.1
    static let resolveLocalMetadata = 0.0
    static let frontendResolve = 0.9
    static let runStart = 0.3
    /// Registry download speed, bytes per second.
    static let downloadRate = 25_000_000.0
    /// Extraction speed, bytes per second.
    static let extractRate = 120_000_000.0
    /// Layer export speed, bytes per second.
    static let exportRate = 110_000_000.0
    /// Local copy speed (COPY), bytes per second.
    static let copyRate = 400_000_000.0
}

extension Engine {
    /// `docker build` with BuildKit: reads the context and the Dockerfile from the simulated
    /// host, runs each step (RUN in the simulated shell on the stage's file system, COPY from
    /// the context), reuses the cache for steps whose inputs did not change, registers each new
    /// layer, makes the image and points the tags at it.
    ///
    /// It never throws: what went wrong is in the report (``BuildReport/failure``), and the
    /// state keeps what BuildKit keeps after a failure (the cache of the steps that finished),
    /// without any image or tag.
    public mutating func build(_ request: BuildRequest, runner: any BuildStepRunner) -> BuildReport {
        settle()
        var build = BuildRun(request: request, start: now)
        build.report.tags = request.tags
        guard let context = resolveContext(request.context) else {
            build.report.failure = BuildFailure(
                message: "unable to prepare context: path \"\(request.context)\" not found")
            return build.report
        }
        build.contextPath = context
        do throws(BuildRun.Stop) {
            try runBuild(&build, runner: runner)
        } catch {
            build.report.failure = error.failure
            if let index = error.vertex, build.report.vertices.indices.contains(index) {
                build.report.vertices[index].error = error.vertexError
            }
        }
        return build.report
    }

    /// The context folder on the simulated host (physical path), nil when it is not a directory.
    func resolveContext(_ typed: String) -> [String]? {
        guard let found = try? host.stat(expandHome(typed), cwd: hostCwd), found.node.isDirectory else { return nil }
        return found.path
    }

    func expandHome(_ path: String) -> String {
        if path == "~" { return "/home/usuario" }
        if path.hasPrefix("~/") { return "/home/usuario" + path.dropFirst() }
        return path
    }
}

/// What one build works with while it runs.
struct BuildRun {
    var request: BuildRequest
    var report = BuildReport()
    /// The clock when the build started.
    let start: Timestamp
    /// Seconds since the start of the build that the timeline has reached.
    var elapsed: Double = 0
    var contextPath: [String] = []
    var dockerfileName = "Dockerfile"
    var dockerfileText = ""
    var escape: Character = "\\"
    /// The context as sent (after `.dockerignore`), read lazily.
    var contextTree: FileTree?
    var contextVertexShown = false
    var ignorePatterns: [IgnorePattern] = []
    /// Build arguments given with `--build-arg`.
    var buildArgs: [String: String] = [:]
    /// The stages, their states once built.
    var stages: [DockerfileStage] = []
    var stageStates: [Int: StageState] = [:]
    var stageNames: [String] = []
    var globalArgs: [String: String] = [:]
    var globalArgOrder: [String] = []
    /// Resolved bases: typed name → where it comes from.
    var bases: [String: BaseImage] = [:]
    var sandboxCounter = 0
    /// Bytes of the layers this build made (what exporting writes).
    var newLayerBytes: Int64 = 0

    init(request: BuildRequest, start: Timestamp) {
        self.request = request
        self.start = start
    }

    /// Ends the build with an error.
    struct Stop: Error {
        var failure: BuildFailure
        /// The vertex to mark `ERROR`, with its error text.
        var vertex: Int?
        var vertexError: String?
    }

    func excerpt(_ line: Dockerfile.Line) -> SourceExcerpt {
        SourceExcerpt(filename: dockerfileName, text: dockerfileText, startLine: line.startLine, endLine: line.endLine)
    }

    func excerpt(start: Int, end: Int) -> SourceExcerpt {
        SourceExcerpt(filename: dockerfileName, text: dockerfileText, startLine: start, endLine: end)
    }

    /// Adds a vertex that starts now and lasts `duration`; returns its index.
    @discardableResult
    mutating func vertex(_ name: String, duration: Double, cached: Bool = false) -> Int {
        var vertex = BuildVertex(name: name, start: elapsed, duration: duration)
        vertex.cached = cached
        report.vertices.append(vertex)
        return report.vertices.count - 1
    }

    /// Adds a progress line to a vertex, starting at the vertex's start plus `offset`.
    mutating func status(
        _ index: Int, _ id: String, offset: Double = 0, duration: Double = 0, current: Int64 = 0, total: Int64 = 0
    ) {
        let start = report.vertices[index].start + offset
        report.vertices[index].statuses.append(
            BuildStatus(id: id, start: start, duration: duration, current: current, total: total))
    }
}

/// A base image as the build resolved it.
struct BaseImage {
    /// `docker.io/library/debian:stable-slim`.
    var canonical: String
    var digest: Digest
    var config: ImageConfig
    /// The layers: from a local image, or the registry's (pulled when first used).
    var local: Image?
    var hub: HubImage?
    var imageID: Digest
}

/// One stage while it is built: its file system top, its image config in the making, its
/// cache key, the variables its steps see.
struct StageState {
    var top: Digest?
    var config: ImageConfig
    /// History rows added by this build (their times are filled in at the end).
    var newHistory: [(entry: HistoryEntry, created: Timestamp?)] = []
    var key: Digest
    /// ARG values declared in the stage (for RUN's environment and history).
    var args: [(key: String, value: String?)] = []
    var workdirSet = false
    var cmdSet = false
    var index = 0
    var total = 0
    /// `stage-0 `, `builder ` or empty: the prefix of step names.
    var prefix = ""

    /// The variables seen by expansion: the image's environment, then the stage's ARGs.
    var env: [String: String] {
        var env: [String: String] = [:]
        for (key, value) in args { if let value { env[key] = value } }
        for pair in config.config.env ?? [] {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            env[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return env
    }

    /// The environment of a RUN step: the image's, with the ARGs in front.
    var runEnvironment: [String] {
        var pairs = config.config.env ?? []
        for (key, value) in args.reversed() {
            guard let value, !pairs.contains(where: { $0.hasPrefix(key + "=") }) else { continue }
            pairs.insert(key + "=" + value, at: 0)
        }
        return pairs
    }

    /// `[2/4] ` (with the stage's name when there are several).
    mutating func stepName(_ text: String) -> String {
        index += 1
        let width = total > 0 ? String(total).count : 1
        let number = String(index)
        return "[" + prefix + String(repeating: " ", count: max(0, width - number.count)) + number + "/\(total)] "
            + text
    }

    mutating func addHistory(_ createdBy: String, layer: Bool, created: Timestamp?) {
        newHistory.append(
            (
                HistoryEntry(
                    created: .zero, createdBy: createdBy, comment: "buildkit.dockerfile.v0", emptyLayer: !layer),
                created
            ))
    }
}

// MARK: - The build

extension Engine {
    fileprivate mutating func runBuild(_ build: inout BuildRun, runner: any BuildStepRunner) throws(BuildRun.Stop) {
        let request = build.request
        // The Dockerfile: -f is relative to the working directory, else CONTEXT/Dockerfile.
        let dockerfilePath: [String]
        if let typed = request.dockerfile {
            dockerfilePath = FilePath.normalize(expandHome(typed), cwd: hostCwd)
        } else {
            dockerfilePath = build.contextPath + ["Dockerfile"]
        }
        build.dockerfileName = dockerfilePath.last ?? "Dockerfile"
        let definition = build.vertex("[internal] load build definition from \(build.dockerfileName)", duration: 0.02)
        let content = try? host.read(FilePath.string(dockerfilePath), cwd: [])
        guard let content, let text = content.text else {
            build.status(definition, "transferring dockerfile: 2B")
            pass(0.02, &build)
            throw BuildRun.Stop(
                failure: BuildFailure(
                    message:
                        "failed to solve: failed to read dockerfile: open \(build.dockerfileName): no such file or directory"
                ))
        }
        build.dockerfileText = text
        build.status(
            definition,
            "transferring dockerfile: "
                + Self.transferSize([(build.dockerfileName, content, 0o644)], mtime: fileMtime(dockerfilePath)))
        pass(0.02, &build)

        let file: Dockerfile
        do {
            file = try Dockerfile(text)
        } catch {
            throw BuildRun.Stop(
                failure: BuildFailure(
                    message: "failed to solve: \(error.message)",
                    source: error.endLine > 0 ? build.excerpt(start: error.startLine, end: error.endLine) : nil))
        }
        build.escape = file.escapeToken
        if let syntax = file.syntax { frontend(syntax, build: &build) }
        let plan: DockerfilePlan
        do {
            plan = try DockerfilePlan(file)
        } catch {
            throw BuildRun.Stop(
                failure: BuildFailure(
                    message: "failed to solve: \(error.message)",
                    source: error.startLine > 0 ? build.excerpt(start: error.startLine, end: error.endLine) : nil))
        }
        build.report.checks = plan.checks
        build.stages = plan.stages
        for (key, value) in request.buildArgs { build.buildArgs[key] = value ?? "" }

        // Global ARGs (before the first FROM) and the bases they name.
        let lex = DockerfileLex(escapeToken: file.escapeToken)
        for (_, args) in plan.metaArgs {
            for arg in args {
                var value = arg.value.map { lex.expand($0, env: build.globalArgs) }
                if let given = build.buildArgs[arg.key] { value = given }
                if let value {
                    build.globalArgs[arg.key] = value
                    build.globalArgOrder.append(arg.key)
                }
            }
        }
        build.stageNames = plan.stages.map(\.name)
        var expandedBases: [String] = []
        for stage in plan.stages {
            let base: String
            do {
                base = try lex.process(stage.baseName, env: build.globalArgs).0
            } catch {
                throw BuildRun.Stop(
                    failure: BuildFailure(
                        message: "failed to solve: \(error.message)", source: build.excerpt(stage.line)))
            }
            if base.isEmpty {
                throw BuildRun.Stop(
                    failure: BuildFailure(
                        message: "failed to solve: base name (\(stage.baseName)) should not be blank",
                        source: build.excerpt(stage.line)))
            }
            expandedBases.append(base)
        }
        for index in build.stages.indices { build.stages[index].baseName = expandedBases[index] }

        // The target and the stages it needs.
        var target = build.stages.count - 1
        if let wanted = request.target {
            guard let found = build.stages.firstIndex(where: { $0.name == wanted.lowercased() }) else {
                var message = "failed to solve: target stage \"\(wanted)\" could not be found"
                if let match = DockerfilePlan.suggestion(wanted, build.stageNames.filter { !$0.isEmpty }) {
                    message += " (did you mean \(match)?)"
                }
                throw BuildRun.Stop(failure: BuildFailure(message: message))
            }
            target = found
        }
        let order = try buildOrder(target: target, build: &build)

        // Metadata of the image bases, in the order the stages name them.
        var resolved: Set<String> = []
        for index in order {
            let base = build.stages[index].baseName
            guard stageIndex(named: base, build: build, before: index) == nil, base.lowercased() != "scratch",
                !resolved.contains(base)
            else { continue }
            resolved.insert(base)
            try resolveBase(base, line: build.stages[index].line, build: &build)
        }

        let ignore = build.vertex("[internal] load .dockerignore", duration: 0.02)
        let ignorePath = build.contextPath + [".dockerignore"]
        if let ignoreFile = try? host.read(FilePath.string(ignorePath), cwd: []) {
            build.ignorePatterns = IgnorePattern.parse(ignoreFile.text ?? "")
            build.status(
                ignore,
                "transferring context: "
                    + Self.transferSize([(".dockerignore", ignoreFile, 0o644)], mtime: fileMtime(ignorePath)))
        } else {
            build.status(ignore, "transferring context: 2B")
        }
        pass(0.02, &build)

        for index in order {
            try buildStage(index, build: &build, runner: runner)
        }
        try export(target: target, build: &build)
    }

    /// The `# syntax=` frontend image: resolved, and pulled the first time.
    fileprivate mutating func frontend(_ syntax: String, build: inout BuildRun) {
        var name = syntax
        if !name.contains("/") {
            name = "docker.io/library/" + name
        } else if !name.contains(".") {
            name = "docker.io/" + name
        }
        if !name.contains(":") && !name.contains("@") { name += ":latest" }
        build.vertex("resolve image config for docker-image://\(name)", duration: BuildTiming.frontendResolve)
        pass(BuildTiming.frontendResolve, &build)
        let digest = Digest.sha256(of: "dockersim-frontend:" + name)
        let key = Digest.sha256(of: "frontend:" + name)
        let pinned = "docker-image://\(name)@\(digest)"
        if buildCache.record(for: key) != nil {
            build.vertex(pinned, duration: 0, cached: true)
            touchRecord(key)
            return
        }
        let size: Int64 = 12_264_718
        let download = Double(size) / BuildTiming.downloadRate
        let extract = Double(size) / BuildTiming.extractRate
        let index = build.vertex(pinned, duration: download + extract + 0.05)
        build.status(index, "resolve docker.io/\(name.dropFirst("docker.io/".count))@\(digest)", duration: 0.01)
        let blob = Digest.sha256(of: "dockersim-frontend-blob:" + name)
        build.status(index, blob.description, offset: 0.02, duration: download, current: size, total: size)
        build.status(index, "extracting \(blob)", offset: 0.03 + download, duration: extract)
        pass(download + extract + 0.05, &build)
        let record = BuildCacheRecord(
            id: BuildCache.recordID("frontend:\(name):\(seed)"), key: key, type: .frontend,
            description: "pulled from \(name)@\(digest)", layer: nil, size: 34_635_776,
            createdAt: build.start.adding(seconds: build.elapsed),
            lastUsedAt: build.start.adding(seconds: build.elapsed),
            usageCount: 1, parent: nil)
        buildCache.insert(record)
    }

    /// The stages to build, dependencies first, ending with the target.
    fileprivate func buildOrder(target: Int, build: inout BuildRun) throws(BuildRun.Stop) -> [Int] {
        var order: [Int] = []
        var visiting: Set<Int> = []
        func visit(_ index: Int) throws(BuildRun.Stop) {
            if order.contains(index) { return }
            guard !visiting.contains(index) else {
                throw BuildRun.Stop(
                    failure: BuildFailure(
                        message: "failed to solve: circular dependency detected on stage: \(build.stages[index].name)"))
            }
            visiting.insert(index)
            let stage = build.stages[index]
            if let base = stageIndex(named: stage.baseName, build: build, before: index) { try visit(base) }
            for instruction in stage.instructions {
                if case .copy(let transfer) = instruction.kind, let from = transfer.from {
                    let expanded = DockerfileLex(escapeToken: build.escape).expand(from, env: build.globalArgs)
                    if let source = stageIndex(named: expanded, build: build, before: index) {
                        try visit(source)
                    } else if let number = Int(expanded), build.stages.indices.contains(number) {
                        guard number < index else {
                            throw BuildRun.Stop(
                                failure: BuildFailure(
                                    message:
                                        "failed to solve: cannot copy from stage \"\(number)\", it needs to be defined before current stage \"\(build.stages[index].name.isEmpty ? "stage-\(index)" : build.stages[index].name)\""
                                ))
                        }
                        try visit(number)
                    }
                }
            }
            visiting.remove(index)
            order.append(index)
        }
        try visit(target)
        return order
    }

    /// A stage named `name` defined before `index` (a stage can only use earlier ones).
    func stageIndex(named name: String, build: BuildRun, before index: Int) -> Int? {
        let lowered = name.lowercased()
        guard !lowered.isEmpty else { return nil }
        return build.stages.indices.first { $0 < index && build.stages[$0].name == lowered }
    }

    // MARK: - Bases

    /// `[internal] load metadata for …`: the base from the local store or the registry.
    fileprivate mutating func resolveBase(
        _ name: String, line: Dockerfile.Line, build: inout BuildRun
    ) throws(BuildRun.Stop) {
        let ref: ImageReference
        do {
            ref = try ImageReference.parse(name).withDefaultTag
        } catch {
            throw BuildRun.Stop(
                failure: BuildFailure(
                    message: "failed to solve: failed to parse stage name \"\(name)\": \(error.description)",
                    source: build.excerpt(line)))
        }
        let canonical = ref.description
        var local: Image?
        if !build.request.pull, let id = references[ref], let image = images[id] { local = image }
        if let local {
            let digest =
                references(of: local.id).first { $0.digest != nil && $0.path == ref.path }?.digest
                ?? ref.digest ?? local.id
            build.vertex("[internal] load metadata for \(canonical)", duration: BuildTiming.resolveLocalMetadata)
            build.bases[name] = BaseImage(
                canonical: canonical, digest: digest, config: local.config, local: local, hub: nil, imageID: local.id)
            return
        }
        let index = build.vertex("[internal] load metadata for \(canonical)", duration: BuildTiming.resolveMetadata)
        pass(BuildTiming.resolveMetadata, &build)
        if ref.domain == "docker.io", registry.hasRepository(ref.path) {
            let found: HubImage?
            do {
                if let digest = ref.digest {
                    found = try registry.image(path: ref.path, digest: digest)
                } else {
                    found = try registry.image(path: ref.path, tag: ref.tag ?? "latest")
                }
            } catch {
                throw BuildRun.Stop(
                    failure: BuildFailure(message: "failed to solve: dockersim: the Hub catalog is broken: \(error)"))
            }
            guard let hubImage = found else {
                throw BuildRun.Stop(
                    failure: BuildFailure(
                        message:
                            "failed to solve: \(name): failed to resolve source metadata for \(canonical): \(canonical): not found",
                        source: build.excerpt(line)), vertex: index,
                    vertexError: "\(canonical): not found")
            }
            build.bases[name] = BaseImage(
                canonical: canonical, digest: hubImage.manifestDigest, config: hubImage.config, local: nil,
                hub: hubImage, imageID: hubImage.id)
            return
        }
        let denied =
            "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
        throw BuildRun.Stop(
            failure: BuildFailure(
                message: "failed to solve: \(name): failed to resolve source metadata for \(canonical): \(denied)",
                source: build.excerpt(line)), vertex: index, vertexError: denied)
    }

    // MARK: - Stages

    fileprivate mutating func buildStage(
        _ stageIndex: Int, build: inout BuildRun, runner: any BuildStepRunner
    ) throws(BuildRun.Stop) {
        let stage = build.stages[stageIndex]
        var state: StageState
        let isScratch = stage.baseName.lowercased() == "scratch"
        let baseStage = self.stageIndex(named: stage.baseName, build: build, before: stageIndex)
        if let baseStage, let from = build.stageStates[baseStage] {
            state = from
            state.newHistory = from.newHistory
            state.args = []
            state.workdirSet = false
            state.cmdSet = false
        } else if isScratch {
            state = StageState(
                top: nil,
                config: ImageConfig(
                    config: RunConfig(env: [Self.defaultPath]), created: build.start, history: [], diffIDs: []),
                key: Digest.sha256(of: "scratch"))
        } else {
            guard let base = build.bases[stage.baseName] else { return }
            var config = base.config
            config.author = nil
            config.comment = nil
            config.dockerVersion = nil
            state = StageState(top: nil, config: config, key: Digest.sha256(of: "from:" + base.imageID.description))
        }
        state.index = 0
        state.total = (baseStage == nil && !isScratch ? 1 : 0) + stage.instructions.filter(\.isStep).count
        if build.stages.count > 1 {
            state.prefix = (stage.name.isEmpty ? "stage-\(stageIndex)" : stage.name) + " "
        } else {
            state.prefix = ""
        }
        if baseStage == nil && !isScratch, let base = build.bases[stage.baseName] {
            state.top = try fromStep(base, state: &state, build: &build)
        }
        // Build arguments declared before FROM are seen only when declared again in the stage.
        if needsContext(stage, build: build) && !build.contextVertexShown {
            try loadContext(&build)
        }
        for instruction in stage.instructions {
            try dispatch(instruction, state: &state, stageIndex: stageIndex, build: &build, runner: runner)
        }
        build.stageStates[stageIndex] = state
    }

    fileprivate func needsContext(_ stage: DockerfileStage, build: BuildRun) -> Bool {
        stage.instructions.contains { instruction in
            switch instruction.kind {
            case .copy(let transfer): return transfer.from == nil && !transfer.sources.isEmpty
            case .add(let transfer):
                return transfer.sources.contains { !Self.isRemote($0) }
            default: return false
            }
        }
    }

    static func isRemote(_ source: String) -> Bool {
        source.hasPrefix("http://") || source.hasPrefix("https://") || source.hasPrefix("git@")
            || source.hasSuffix(".git")
    }

    /// `[1/4] FROM …@sha256:…`: the base's layers, from the store or downloaded now.
    fileprivate mutating func fromStep(
        _ base: BaseImage, state: inout StageState, build: inout BuildRun
    ) throws(BuildRun.Stop) -> Digest? {
        let pinned = base.canonical.split(separator: "@").first.map(String.init) ?? base.canonical
        let label = state.stepName("FROM \(pinned)@\(base.digest)")
        if let local = base.local {
            let index = build.vertex(label, duration: 0, cached: !build.request.noCache)
            build.status(index, "resolve \(pinned)@\(base.digest)", duration: 0.0)
            return local.topLayer
        }
        guard let hub = base.hub else { return nil }
        // Layers already here (another image has the same chain) are not downloaded again.
        var parent: Digest?
        var missing: [HubLayer] = []
        var chain: [(layer: HubLayer, chainID: Digest)] = []
        for layer in hub.layers {
            let chainID = Digest.chainID(parent: parent, diffID: layer.diffID)
            if layers[chainID] == nil || !missing.isEmpty { missing.append(layer) }
            chain.append((layer, chainID))
            parent = chainID
        }
        let cached = missing.isEmpty && !build.request.noCache
        let index = build.vertex(label, duration: 0, cached: cached)
        build.status(index, "resolve \(pinned)@\(base.digest)", duration: 0.01)
        var offset = 0.02
        var downloads: [(HubLayer, Double)] = []
        for layer in missing {
            let size = Self.compressedSize(layer)
            let seconds = Double(size) / BuildTiming.downloadRate
            build.status(index, layer.blob.description, offset: offset, duration: seconds, current: size, total: size)
            downloads.append((layer, seconds))
            offset += 0.01
        }
        var extractAt = offset + (downloads.map(\.1).max() ?? 0)
        for (layer, _) in downloads {
            let seconds = Double(layer.size) / BuildTiming.extractRate
            build.status(index, "extracting \(layer.blob)", offset: extractAt, duration: seconds)
            extractAt += seconds
        }
        let duration = missing.isEmpty ? 0 : extractAt
        build.report.vertices[index].duration = duration
        pass(duration, &build)
        // The layers BuildKit pulled: in the layer store, held by cache records.
        var below: Digest?
        var belowRecord: String?
        for (layer, chainID) in chain {
            let key = Digest.sha256(of: "pulled:" + chainID.description)
            if let record = buildCache.record(for: key), layers[chainID] != nil {
                belowRecord = record.id
                below = chainID
                continue
            }
            _ = layers.register(content: layer.content, diffID: layer.diffID, size: layer.size, parent: below)
            layers.recordBlob(
                layer.blob, diffID: layer.diffID, repository: (try? ImageReference.parse(pinned))?.path)
            let id = BuildCache.recordID("pulled:\(chainID):\(seed)")
            buildCache.insert(
                BuildCacheRecord(
                    id: id, key: key, type: .regular, description: "pulled from \(pinned)@\(base.digest)",
                    layer: chainID, size: layer.size, createdAt: now, lastUsedAt: now, usageCount: 1,
                    parent: belowRecord))
            belowRecord = id
            below = chainID
        }
        return below
    }

    /// The compressed size a registry blob is shown with (a third of the content, as gzip gives
    /// for a Debian root file system).
    static func compressedSize(_ layer: HubLayer) -> Int64 {
        layer.compressedSize > 0 ? layer.compressedSize : max(32, layer.size * 38 / 100)
    }

    /// `[internal] load build context`: what the context sends, after `.dockerignore`.
    fileprivate mutating func loadContext(_ build: inout BuildRun) throws(BuildRun.Stop) {
        build.contextVertexShown = true
        let tree = contextTree(&build)
        let key = FilePath.string(build.contextPath)
        var sent: [(String, FileContent, UInt32)] = []
        var digests: [String: Digest] = [:]
        var stats: [(String, UInt32, Int64)] = []
        let previous = buildCache.localSources[key] ?? [:]
        tree.walk { path, node in
            let name = path.joined(separator: "/")
            switch node {
            case .file(let content, let meta):
                let digest = Self.contentDigest(content)
                digests[name] = digest
                stats.append((name, meta.mode, content.size))
                if previous[name] != digest { sent.append((name, content, meta.mode)) }
            case .directory(let dir):
                stats.append((name, dir.meta.mode | 0o040000, 0))
            case .symlink(let target, _):
                stats.append((name, 0o120777, Int64(target.utf8.count)))
            case .whiteout:
                break
            }
            return true
        }
        buildCache.localSources[key] = digests
        let bytes = Self.transferBytes(stats: stats, sent: sent)
        let seconds = max(0.02, Double(bytes) / BuildTiming.copyRate)
        let index = build.vertex("[internal] load build context", duration: seconds)
        build.status(index, "transferring context: " + Self.bytesText(bytes), duration: seconds)
        pass(seconds, &build)
        recordLocalSource(key, description: "local source for context", size: tree.size, build: build)
    }

    fileprivate mutating func recordLocalSource(_ path: String, description: String, size: Int64, build: BuildRun) {
        let key = Digest.sha256(of: "local:" + path + ":" + description)
        if var record = buildCache.record(for: key) {
            record.size = size
            record.lastUsedAt = now
            record.usageCount += 1
            buildCache.insert(record)
            return
        }
        buildCache.insert(
            BuildCacheRecord(
                id: BuildCache.recordID("local:\(path):\(description):\(seed)"), key: key, type: .sourceLocal,
                description: description, layer: nil, size: size, createdAt: now, lastUsedAt: now, usageCount: 1,
                parent: nil))
    }

    /// The context folder as a tree rooted at `/`, without what `.dockerignore` excludes.
    func contextTree(_ build: inout BuildRun) -> FileTree {
        if let tree = build.contextTree { return tree }
        var tree = FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: 0))
        let entries = host.list(build.contextPath)
        for name in entries.keys.sorted() {
            guard let node = entries[name], !node.isWhiteout else { continue }
            tree.modify([name]) { $0 = node }
        }
        if !build.ignorePatterns.isEmpty {
            var removals: [[String]] = []
            tree.walk { path, _ in
                let relative = path.joined(separator: "/")
                if IgnorePattern.excludes(build.ignorePatterns, relative) {
                    removals.append(path)
                    return false
                }
                return true
            }
            for path in removals.reversed() { tree.modify(path) { $0 = nil } }
        }
        build.contextTree = tree
        return tree
    }

    func fileMtime(_ path: [String]) -> Int64 {
        host.view.lookup(path)?.metadata?.mtime ?? 0
    }

    static func contentDigest(_ content: FileContent) -> Digest {
        if let bytes = content.bytes { return Digest.sha256(of: bytes) }
        return Digest.sha256(of: "opaque:\(content.size)")
    }

    /// What fsutil sends for files (its progress counts the protobuf packets: a stat for each
    /// entry, the data of each file sent).
    static func transferSize(_ files: [(String, FileContent, UInt32)], mtime: Int64) -> String {
        let stats = files.map { ($0.0, $0.2, $0.1.size) }
        return bytesText(transferBytes(stats: stats, sent: files, mtime: mtime))
    }

    static func transferBytes(
        stats: [(String, UInt32, Int64)], sent: [(String, FileContent, UInt32)], mtime: Int64 = 1_706_000_000
    ) -> Int64 {
        func varint(_ value: UInt64) -> Int64 {
            var value = value
            var count: Int64 = 1
            while value >= 0x80 {
                value >>= 7
                count += 1
            }
            return count
        }
        var total: Int64 = 0
        for (path, mode, size) in stats {
            var stat: Int64 = 0
            let pathBytes = Int64(path.utf8.count)
            stat += 1 + varint(UInt64(pathBytes)) + pathBytes
            stat += 1 + varint(UInt64(mode))
            stat += 2 * (1 + varint(1000))
            if size > 0 { stat += 1 + varint(UInt64(size)) }
            stat += 1 + varint(UInt64(mtime) &* 1_000_000_000)
            total += 1 + varint(UInt64(stat)) + stat
        }
        for (_, content, _) in sent where content.size > 0 {
            var left = content.size
            var id: Int64 = 0
            while left > 0 {
                let chunk = min(left, 32 * 1024)
                total += 2 + (id > 0 ? 2 : 0) + 1 + varint(UInt64(chunk)) + chunk
                left -= chunk
                id += 1
            }
        }
        return max(total, 2)
    }

    /// BuildKit's byte counts (`units.Bytes` with `%.2f`, or whole bytes below 1 kB).
    static func bytesText(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        if unit == 0 { return "\(bytes)B" }
        return formatFixed(value, 2) + units[unit]
    }

    static func formatFixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        } else {
            text += "." + String(repeating: "0", count: digits)
        }
        return text
    }

    static let defaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    // MARK: - Export

    fileprivate mutating func export(target: Int, build: inout BuildRun) throws(BuildRun.Stop) {
        guard var state = build.stageStates[target] else { return }
        // History times: a layer's row is when its layer was made; a metadata row takes the time
        // of the layer before it, or of the first new layer when it comes first.
        var created: Timestamp? = nil
        var gap = false
        for item in state.newHistory {
            if let time = item.created {
                created = time
                if gap { break }
            } else {
                gap = true
            }
        }
        let fallback = created ?? state.config.history.last?.created ?? build.start
        var current = fallback
        var seenGap = false
        var rows = state.config.history
        for item in state.newHistory {
            var entry = item.entry
            if let time = item.created {
                if seenGap { current = time }
                entry.created = time
            } else {
                seenGap = true
                entry.created = current
            }
            rows.append(entry)
        }
        state.config.history = rows
        state.config.created = rows.last?.created ?? build.start
        for (key, value) in build.request.labels {
            var labels = state.config.config.labels ?? [:]
            labels[key] = value
            state.config.config.labels = labels
        }
        let seconds = Double(build.newLayerBytes) / BuildTiming.exportRate
        let index = build.vertex("exporting to image", duration: seconds + 0.02)
        build.status(index, "exporting layers", duration: seconds)
        let id = state.config.computedID
        build.status(index, "writing image \(id)", offset: seconds, duration: 0.01)
        for tag in build.request.tags {
            build.status(index, "naming to \(tag.withDefaultTag.description)", offset: seconds + 0.01, duration: 0)
        }
        pass(seconds + 0.02, &build)
        if images[id] == nil {
            if let top = state.top { layers.retain(top) }
            insertImage(
                Image(id: id, config: state.config, parent: nil, topLayer: state.top, size: layers.size(of: state.top)))
        }
        for tag in build.request.tags { setReference(tag.withDefaultTag, to: id) }
        build.report.imageID = id
    }

    /// Lets `seconds` of the build pass: on its timeline and on the clock.
    mutating func pass(_ seconds: Double, _ build: inout BuildRun) {
        build.elapsed += seconds
        advance(by: seconds)
    }

    /// The cached result of `key` when it still stands on the stage's current top layer.
    func cachedLayer(_ key: Digest, on top: Digest?, build: BuildRun) -> (BuildCacheRecord, Digest)? {
        guard !build.request.noCache, let record = buildCache.record(for: key), let layer = record.layer,
            let found = layers[layer], found.parent == top
        else { return nil }
        return (record, layer)
    }

    /// Marks a record used now.
    mutating func touchRecord(_ key: Digest) {
        guard var record = buildCache.record(for: key) else { return }
        record.lastUsedAt = now
        record.usageCount += 1
        buildCache.insert(record)
    }
}
