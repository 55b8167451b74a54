// Source: moby/buildkit v0.25.1 frontend/dockerfile/dockerfile2llb/convert.go (dispatchRun,
// dispatchCopy, dispatchWorkdir, dispatchEnv, dispatchArg, dispatchCmd, commitToHistory…),
// convert_expose.go; solver/llbsolver/ops/exec.go (the failing process's message).

extension Engine {
    /// Runs one instruction of a stage: a step that makes a layer (RUN, COPY, ADD, WORKDIR),
    /// or a change of the image's config with its history row.
    mutating func dispatch(
        _ instruction: DockerfileInstruction, state: inout StageState, stageIndex: Int, build: inout BuildRun,
        runner: any BuildStepRunner
    ) throws(BuildRun.Stop) {
        let lex = DockerfileLex(escapeToken: build.escape)
        let line = instruction.line
        func expand(_ word: String) throws(BuildRun.Stop) -> String {
            do {
                return try lex.process(word, env: state.env).0
            } catch {
                throw BuildRun.Stop(
                    failure: BuildFailure(message: "failed to solve: \(error.message)", source: build.excerpt(line)))
            }
        }
        /// The step's name as the display shows it: the instruction as written, with the known
        /// variables expanded and the keyword in capitals.
        func stepLabel(skipUnset: Bool) -> String {
            var named = DockerfileLex(escapeToken: build.escape)
            named.rawQuotes = true
            named.skipUnsetEnv = skipUnset
            let text = named.expand(line.code, env: state.env)
            let keyword = text.prefix { $0 != " " }
            return keyword.uppercased() + text.dropFirst(keyword.count)
        }
        switch instruction.kind {
        case .run(let command, _, _):
            let label = state.stepName(stepLabel(skipUnset: true))
            var argv = command.words
            if !line.heredocs.isEmpty, let doc = line.heredocs.first {
                argv = [doc.chomp ? doc.content.replacingLeadingTabs : doc.content]
            }
            if command.prependShell {
                argv = (state.config.config.shell ?? ["/bin/sh", "-c"]) + [argv.joined(separator: " ")]
            }
            try runStep(argv, label: label, line: line, state: &state, build: &build, runner: runner)
        case .copy(let transfer), .add(let transfer):
            let isAdd: Bool = if case .add = instruction.kind { true } else { false }
            var expanded = transfer
            expanded.sources = try transfer.sources.map { (source) throws(BuildRun.Stop) -> String in try expand(source)
            }
            expanded.destination = try expand(transfer.destination)
            if let chown = transfer.chown { expanded.chown = try expand(chown) }
            if let from = transfer.from { expanded.from = try expand(from) }
            let label = state.stepName(stepLabel(skipUnset: false))
            try copyStep(
                expanded, isAdd: isAdd, label: label, line: line, state: &state, stageIndex: stageIndex, build: &build)
        case .workdir(let path):
            let expanded = try expand(path)
            if !state.workdirSet && !expanded.hasPrefix("/") {
                build.report.checks.append(
                    BuildCheck(
                        rule: "WorkdirRelativePath",
                        message:
                            "Relative workdir \"\(expanded)\" can have unexpected results if the base image changes",
                        line: line.startLine))
            }
            state.workdirSet = true
            let workdir = Self.normalizeWorkdir(current: state.config.config.workingDir, expanded)
            state.config.config.workingDir = workdir
            if workdir == "/" {
                state.addHistory("WORKDIR /", layer: false, created: nil)
            } else {
                let label = state.stepName(stepLabel(skipUnset: false))
                let made = try workdirStep(workdir, label: label, state: &state, build: &build)
                state.addHistory("WORKDIR " + workdir, layer: true, created: made)
            }
        case .env(let pairs):
            var message = "ENV"
            for pair in pairs {
                if pair.noDelim {
                    build.report.checks.append(
                        BuildCheck(
                            rule: "LegacyKeyValueFormat",
                            message: "\"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                            line: line.startLine))
                }
                let key = try expand(pair.key)
                let value = try expand(pair.value)
                message += " " + key + "=" + value
                var env = state.config.config.env ?? []
                if let at = env.firstIndex(where: {
                    $0.split(separator: "=", maxSplits: 1).first.map(String.init) == key
                }) {
                    env[at] = key + "=" + value
                } else {
                    env.append(key + "=" + value)
                }
                state.config.config.env = env
            }
            state.addHistory(message, layer: false, created: nil)
        case .label(let pairs):
            var message = "LABEL"
            var labels = state.config.config.labels ?? [:]
            for pair in pairs {
                if pair.noDelim {
                    build.report.checks.append(
                        BuildCheck(
                            rule: "LegacyKeyValueFormat",
                            message: "\"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format",
                            line: line.startLine))
                }
                let key = try expand(pair.key)
                let value = try expand(pair.value)
                labels[key] = value
                message += " " + key + "=" + value
            }
            state.config.config.labels = labels
            state.addHistory(message, layer: false, created: nil)
        case .arg(let definitions):
            var shown: [String] = []
            for definition in definitions {
                var value: String?
                if let given = build.buildArgs[definition.key] {
                    value = given
                } else if let defaultValue = definition.value {
                    value = try expand(defaultValue)
                } else if let global = build.globalArgs[definition.key] {
                    value = global
                } else if let predefined = Self.predefinedArgs[definition.key] {
                    value = predefined
                }
                state.args.removeAll { $0.key == definition.key }
                state.args.append((definition.key, value))
                shown.append(definition.key + (value.map { "=" + $0 } ?? ""))
            }
            state.addHistory("ARG " + shown.joined(separator: " "), layer: false, created: nil)
        case .cmd(let command), .entrypoint(let command):
            let isCmd: Bool = if case .cmd = instruction.kind { true } else { false }
            let name = isCmd ? "CMD" : "ENTRYPOINT"
            if isCmd ? state.cmdSet : false {
                build.report.checks.append(
                    BuildCheck(
                        rule: "MultipleInstructionsDisallowed",
                        message:
                            "Multiple \(name) instructions should not be used in the same stage because only the last one will be used",
                        line: line.startLine))
            }
            var args = command.words
            if command.prependShell {
                if state.config.config.shell == nil {
                    build.report.checks.append(
                        BuildCheck(
                            rule: "JSONArgsRecommended",
                            message:
                                "JSON arguments recommended for \(name) to prevent unintended behavior related to OS signals",
                            line: line.startLine))
                }
                args = (state.config.config.shell ?? ["/bin/sh", "-c"]) + [args.joined(separator: " ")]
            }
            if isCmd {
                state.config.config.cmd = args
                state.cmdSet = true
            } else {
                state.config.config.entrypoint = args.isEmpty ? nil : args
                if !state.cmdSet { state.config.config.cmd = nil }
            }
            state.config.config.argsEscaped = true
            state.addHistory("\(name) " + Self.goQuotedList(args), layer: false, created: nil)
        case .expose(let ports):
            var specs: [String] = []
            for port in ports {
                let expanded = try expand(port)
                for word in expanded.split(separator: " ") {
                    let parts = word.split(separator: "/", maxSplits: 1)
                    let number = String(parts[0].split(separator: ":").last ?? "")
                    guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "-" }) else {
                        throw BuildRun.Stop(
                            failure: BuildFailure(
                                message: "failed to solve: invalid containerPort: \(number)",
                                source: build.excerpt(line)))
                    }
                    let proto = parts.count > 1 ? parts[1].lowercased() : "tcp"
                    specs.append(number + "/" + proto)
                }
            }
            var exposed = Set(state.config.config.exposedPorts ?? [])
            for spec in specs { exposed.insert(spec) }
            state.config.config.exposedPorts = exposed.sorted()
            state.addHistory("EXPOSE [" + specs.joined(separator: " ") + "]", layer: false, created: nil)
        case .volume(let volumes):
            let expanded = try volumes.map { (volume) throws(BuildRun.Stop) -> String in try expand(volume) }
            var all = Set(state.config.config.volumes ?? [])
            for volume in expanded { all.insert(volume) }
            state.config.config.volumes = all.sorted()
            state.addHistory("VOLUME [" + expanded.joined(separator: " ") + "]", layer: false, created: nil)
        case .user(let user):
            let expanded = try expand(user)
            state.config.config.user = expanded
            state.addHistory("USER " + expanded, layer: false, created: nil)
        case .stopSignal(let signal):
            let expanded = try expand(signal)
            state.config.config.stopSignal = expanded
            state.addHistory("STOPSIGNAL " + expanded, layer: false, created: nil)
        case .maintainer(let maintainer):
            state.config.author = maintainer
            state.addHistory("MAINTAINER " + maintainer, layer: false, created: nil)
        case .shell(let shell):
            state.config.config.shell = shell
            state.addHistory("SHELL [" + shell.joined(separator: " ") + "]", layer: false, created: nil)
        case .onbuild(let expression):
            state.config.config.onBuild = (state.config.config.onBuild ?? []) + [expression]
        case .healthcheck(let check):
            var health = RunConfig.Healthcheck(test: check.test)
            health.interval = Self.nanoseconds(check.interval)
            health.timeout = Self.nanoseconds(check.timeout)
            health.startPeriod = Self.nanoseconds(check.startPeriod)
            health.startInterval = Self.nanoseconds(check.startInterval)
            health.retries = check.retries
            state.config.config.healthcheck = health
            state.addHistory(
                "HEALTHCHECK &{" + Self.goQuotedList(check.test)
                    + " \"\(Self.goDuration(health.interval))\" \"\(Self.goDuration(health.timeout))\" \"\(Self.goDuration(health.startPeriod))\" \"\(Self.goDuration(health.startInterval))\" \"\(health.retries)\"}",
                layer: false, created: nil)
        }
    }

    /// The arguments BuildKit defines for every build (`TARGETARCH`…), used when declared.
    static let predefinedArgs: [String: String] = [
        "TARGETPLATFORM": "linux/amd64", "TARGETOS": "linux", "TARGETARCH": "amd64", "TARGETVARIANT": "",
        "BUILDPLATFORM": "linux/amd64", "BUILDOS": "linux", "BUILDARCH": "amd64", "BUILDVARIANT": "",
    ]

    /// Go's `%q` of a `[]string`: `["/bin/sh" "-c" "apache2ctl -D FOREGROUND"]`.
    static func goQuotedList(_ words: [String]) -> String {
        "[" + words.map(goQuote).joined(separator: " ") + "]"
    }

    static func nanoseconds(_ text: String?) -> Int64 {
        guard let text, !text.isEmpty else { return 0 }
        var total = 0.0
        var number = ""
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if c.isNumber || c == "." {
                number.append(c)
                continue
            }
            var unit = String(c)
            if c == "m", chars.first == "s" {
                unit = "ms"
                chars.removeFirst()
            }
            let scale: Double = ["h": 3600e9, "m": 60e9, "s": 1e9, "ms": 1e6][unit] ?? 1
            total += (Double(number) ?? 0) * scale
            number = ""
        }
        return Int64(total)
    }

    /// Go's `time.Duration.String` for whole and fractional seconds (`30s`, `1m30s`, `0s`).
    static func goDuration(_ ns: Int64) -> String {
        if ns == 0 { return "0s" }
        var seconds = ns / 1_000_000_000
        var text = ""
        if seconds >= 3600 {
            text += "\(seconds / 3600)h"
            seconds %= 3600
        }
        if seconds >= 60 || !text.isEmpty {
            text += "\(seconds / 60)m"
            seconds %= 60
        }
        return text + "\(seconds)s"
    }

    /// BuildKit's `NormalizeWorkdir`: a relative path is joined to the current one and cleaned;
    /// an absolute one is kept as written (a trailing slash stays).
    static func normalizeWorkdir(current: String, _ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = current.isEmpty ? "/" : current
        return FilePath.string(FilePath.normalize(path, cwd: FilePath.normalize(base)))
    }

    // MARK: - RUN

    /// Runs a RUN step in a build container over the stage's file system; its changes become a
    /// layer. A step whose parent and command are in the cache is not run again.
    fileprivate mutating func runStep(
        _ argv: [String], label: String, line: Dockerfile.Line, state: inout StageState, build: inout BuildRun,
        runner: any BuildStepRunner
    ) throws(BuildRun.Stop) {
        let environment = state.runEnvironment
        let workdir = state.config.config.workingDir.isEmpty ? "/" : state.config.config.workingDir
        let key = Digest.sha256(
            of: [
                state.key.description, "run", argv.joined(separator: "\u{0}"), environment.joined(separator: "\u{0}"),
                workdir, state.config.config.user,
            ].joined(separator: "\n"))
        let history = "RUN " + runCommandString(argv, state: state)
        if let (record, layer) = cachedLayer(key, on: state.top, build: build) {
            build.vertex(label, duration: 0, cached: true)
            touchRecord(key)
            adopt(layer, state: &state)
            state.key = key
            state.addHistory(history + " # buildkit", layer: true, created: record.createdAt)
            return
        }
        let index = build.vertex(label, duration: 0)
        let startTime = now
        advance(by: BuildTiming.runStart)
        let lower = layers.chain(from: state.top).map(\.tree)
        var fs = ContainerFS(upper: FileTree(rootMeta: FileMetadata(mode: 0o755, mtime: now.seconds)), lower: lower)
        fs = ContainerFS(upper: fs.upper, lower: lower, mounts: Self.sandboxMounts)
        build.sandboxCounter += 1
        let id = Digest.sha256(of: "buildkit-sandbox:\(seed):\(build.start):\(build.sandboxCounter)").hex
        var config = ContainerConfig(image: "", hostname: "buildkitsandbox", env: environment, cmd: argv)
        config.workingDir = workdir
        let sandbox = Container(
            id: id, name: "buildkit-sandbox-" + id.prefix(12), created: now, sequence: 0,
            imageID: Digest.sha256(of: "buildkit-sandbox"), imageTopLayer: nil, config: config,
            hostConfig: HostConfig(), status: .running, process: .service, fs: fs)
        insertContainer(sandbox)
        containerNames[sandbox.name] = id
        let outcome = runner.run(argv, containerID: id, engine: &self)
        let upper = containers[id]?.fs.upper ?? FileTree()
        removeContainerRecord(id)
        let seconds = now.interval(since: startTime)
        build.report.vertices[index].duration = seconds
        build.report.vertices[index].logs = Self.logLines(outcome.output, duration: seconds)
        build.elapsed += seconds
        guard outcome.status == 0 else {
            let process =
                "process " + goQuote(argv.joined(separator: " "))
                + " did not complete successfully: exit code: \(outcome.status)"
            throw BuildRun.Stop(
                failure: BuildFailure(message: "failed to solve: " + process, source: build.excerpt(line)),
                vertex: index, vertexError: process)
        }
        let chainID = layers.register(tree: upper, diffID: upper.diffID, parent: state.top)
        build.newLayerBytes += upper.size
        storeRecord(
            key: key, layer: chainID, description: "mount / from exec " + argv.joined(separator: " "),
            state: state, build: build)
        adopt(chainID, state: &state, owned: true)
        state.key = key
        state.addHistory(history + " # buildkit", layer: true, created: now)
    }

    /// The mounts a build container has (written there, never part of a layer).
    static let sandboxMounts: [String: FileContent] = [
        "/etc/hostname": FileContent(text: "buildkitsandbox\n"),
        "/etc/hosts": FileContent(
            text: "127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n"),
        "/etc/resolv.conf": FileContent(text: "nameserver 8.8.8.8\nnameserver 8.8.4.4\n"),
    ]

    /// BuildKit's `runCommandString`: the declared ARGs (`|2 A=1 B=2`) before the command.
    fileprivate func runCommandString(_ argv: [String], state: StageState) -> String {
        var pairs: [String] = []
        for (key, value) in state.args {
            let shown = state.env[key] ?? value ?? ""
            pairs.append(key + "=" + shown)
        }
        if pairs.isEmpty { return argv.joined(separator: " ") }
        return (["|\(pairs.count)"] + pairs + argv).joined(separator: " ")
    }

    /// Splits a step's output into log lines spread over its duration.
    static func logLines(_ output: String, duration: Double) -> [BuildLogLine] {
        var lines = output.newlineSeparated
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { return [] }
        let step = max(duration - 0.1, 0.05) / Double(lines.count)
        return lines.enumerated().map { index, text in
            BuildLogLine(offset: 0.1 + step * Double(index), text: text)
        }
    }

    /// Makes `chainID` the stage's top layer. A layer registered by this step (`owned`) is held by
    /// its cache record already; one found in the cache needs no reference of its own either.
    fileprivate func adopt(_ chainID: Digest, state: inout StageState, owned: Bool = false) {
        state.top = chainID
        if let layer = layers[chainID] {
            state.config.diffIDs.append(layer.diffID)
        }
    }

    /// Keeps a finished step in the build cache (the record holds the layer's reference).
    fileprivate mutating func storeRecord(
        key: Digest, layer: Digest, description: String, state: StageState, build: BuildRun
    ) {
        if let old = buildCache.record(for: key), let oldLayer = old.layer {
            _ = buildCache.remove(old.id)
            layers.release(oldLayer)
        }
        let parent = state.top.flatMap { top in
            buildCache.records.values.first { $0.layer == top }?.id
        }
        buildCache.insert(
            BuildCacheRecord(
                id: BuildCache.recordID("\(key):\(seed):\(now)"), key: key, type: .regular, description: description,
                layer: layer, size: layers[layer]?.diffSize ?? 0, createdAt: now, lastUsedAt: now, usageCount: 1,
                parent: parent))
    }

    // MARK: - WORKDIR

    /// - Returns: when its layer was made (now, or when the cached one was).
    fileprivate mutating func workdirStep(
        _ workdir: String, label: String, state: inout StageState, build: inout BuildRun
    ) throws(BuildRun.Stop) -> Timestamp {
        let key = Digest.sha256(
            of: [state.key.description, "mkdir", workdir, state.config.config.user].joined(separator: "\n"))
        if let (record, layer) = cachedLayer(key, on: state.top, build: build) {
            build.vertex(label, duration: 0, cached: true)
            touchRecord(key)
            adopt(layer, state: &state)
            state.key = key
            return record.createdAt
        }
        build.vertex(label, duration: 0.01)
        pass(0.01, &build)
        var fs = BuildFS(lower: layers.chain(from: state.top).map(\.tree))
        fs.makeDirectories(FilePath.normalize(workdir), mtime: now.seconds)
        let chainID = layers.register(tree: fs.upper, diffID: fs.upper.diffID, parent: state.top)
        storeRecord(key: key, layer: chainID, description: "mkfile/mkdir \(workdir)", state: state, build: build)
        adopt(chainID, state: &state, owned: true)
        state.key = key
        build.newLayerBytes += fs.upper.size
        return now
    }

    // MARK: - COPY and ADD

    fileprivate mutating func copyStep(
        _ transfer: DockerfileInstruction.Transfer, isAdd: Bool, label: String, line: Dockerfile.Line,
        state: inout StageState, stageIndex current: Int, build: inout BuildRun
    ) throws(BuildRun.Stop) {
        let name = isAdd ? "ADD" : "COPY"
        // Where the files come from: another stage, an image, or the build context.
        var source: ContainerFS
        var fromContext = true
        if let from = transfer.from {
            fromContext = false
            if let index = stageIndex(named: from, build: build, before: current)
                ?? Int(from).flatMap({
                    build.stages.indices.contains($0) && $0 < current ? $0 : nil
                }), let other = build.stageStates[index]
            {
                source = ContainerFS(upper: FileTree(), lower: layers.chain(from: other.top).map(\.tree))
            } else {
                let ref = (try? ImageReference.parse(from).withDefaultTag)
                guard let ref, let id = references[ref], let image = images[id] else {
                    throw BuildRun.Stop(
                        failure: BuildFailure(
                            message:
                                "failed to solve: \(from): failed to resolve source metadata for \(ref?.description ?? from): pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed",
                            source: build.excerpt(line)))
                }
                source = ContainerFS(upper: FileTree(), lower: layers.chain(from: image.topLayer).map(\.tree))
            }
        } else {
            source = ContainerFS(upper: contextTree(&build), lower: [])
        }
        // What each source names, read now (the content is part of the cache key).
        var items: [(name: String, item: CopyItem, isDirectory: Bool)] = []
        let remote = transfer.sources.filter { isAdd && Self.isRemote($0) }
        for raw in transfer.sources where !remote.contains(raw) {
            let cleaned = FilePath.normalize(raw)
            let matches: [[String]]
            if let last = cleaned.last, Glob.hasMeta(last) {
                let dir = Array(cleaned.dropLast())
                matches = source.list(dir).keys.sorted().filter { Glob.matches(last, $0, slashes: false) }.map {
                    dir + [$0]
                }
            } else {
                matches = source.view.lookup(cleaned) != nil || cleaned.isEmpty ? [cleaned] : []
            }
            guard !matches.isEmpty else {
                let ref = BuildCache.recordID("ref:\(FilePath.string(build.contextPath)):\(seed)")
                let shown = "/" + cleaned.joined(separator: "/")
                let message =
                    fromContext
                    ? "failed to compute cache key: failed to calculate checksum of ref \(Self.uuidLike(ref))::\(ref.prefix(25)): \"\(shown)\": not found"
                    : "failed to compute cache key: failed to calculate checksum of ref \(Self.uuidLike(ref))::\(ref.prefix(25)): \"\(shown)\": not found"
                let index = build.vertex(label, duration: 0.01)
                throw BuildRun.Stop(
                    failure: BuildFailure(message: "failed to solve: " + message, source: build.excerpt(line)),
                    vertex: index, vertexError: message)
            }
            for path in matches {
                guard let node = source.view.lookup(path) else { continue }
                let item = Self.readItem(source, path, node)
                items.append((path.last ?? "", item, node.isDirectory))
            }
        }
        for doc in transfer.inline {
            var lex = DockerfileLex(escapeToken: build.escape)
            lex.skipUnsetEnv = false
            let content = doc.expand ? lex.expand(doc.content, env: state.env) : doc.content
            items.append(
                (doc.name, .file(FileContent(text: content), FileMetadata(mode: 0o644, mtime: now.seconds)), false))
        }
        for url in remote {
            guard let fetched = RemoteSources.fetch(url) else {
                let message = "failed to load cache key: invalid response status 404"
                let index = build.vertex(label, duration: 0.3)
                throw BuildRun.Stop(
                    failure: BuildFailure(message: "failed to solve: " + message, source: build.excerpt(line)),
                    vertex: index, vertexError: message)
            }
            items.append(fetched)
        }
        var owner: (uid: Int, gid: Int) = (0, 0)
        if let chown = transfer.chown {
            let parts = chown.split(separator: ":", maxSplits: 1).map(String.init)
            owner = (Int(parts[0]) ?? 0, parts.count > 1 ? Int(parts[1]) ?? Int(parts[0]) ?? 0 : Int(parts[0]) ?? 0)
        }
        var contentHasher: [String] = []
        for (name, item, _) in items { contentHasher.append(name + ":" + Self.itemDigest(item)) }
        let workdir = state.config.config.workingDir.isEmpty ? "/" : state.config.config.workingDir
        let destination = Self.copyDestination(transfer.destination, workdir: workdir)
        let key = Digest.sha256(
            of: [
                state.key.description, name.lowercased(), destination, transfer.chown ?? "", transfer.chmod ?? "",
                contentHasher.joined(separator: "\u{0}"),
            ].joined(separator: "\n"))
        var history = name
        if let chown = transfer.chown { history += " --chown=" + chown }
        if let chmod = transfer.chmod { history += " --chmod=" + chmod }
        for source in transfer.sources { history += " " + source }
        for doc in transfer.inline { history += " <<" + doc.name }
        history += " " + transfer.destination + " # buildkit"
        if let (record, layer) = cachedLayer(key, on: state.top, build: build) {
            build.vertex(label, duration: 0, cached: true)
            touchRecord(key)
            adopt(layer, state: &state)
            state.key = key
            state.addHistory(history, layer: true, created: record.createdAt)
            return
        }
        let bytes = items.reduce(Int64(0)) { $0 + Self.itemSize($1.item) }
        let seconds = max(0.02, Double(bytes) / BuildTiming.copyRate)
        let index = build.vertex(label, duration: seconds)
        pass(seconds, &build)
        var fs = BuildFS(lower: layers.chain(from: state.top).map(\.tree))
        let mode = transfer.chmod.flatMap { UInt32($0, radix: 8) }
        let isDirectoryTarget =
            transfer.destination.hasSuffix("/") || items.count > 1
            || items.contains { $0.isDirectory }
            || fs.view.lookup(FilePath.normalize(destination))?.isDirectory == true
        do throws(DockerError) {
            let target = FilePath.normalize(destination)
            if isDirectoryTarget {
                fs.makeDirectories(target, mtime: now.seconds)
                for (name, item, isDirectory) in items {
                    let owned = Self.chmod(item.owned(by: owner), mode)
                    if isDirectory, case .directory(_, let children) = owned {
                        for child in children { try fs.put(child.item, at: target + [child.name]) }
                    } else {
                        try fs.put(owned, at: target + [name])
                    }
                }
            } else if let (_, item, _) = items.first {
                fs.makeDirectories(Array(target.dropLast()), mtime: now.seconds)
                try fs.put(Self.chmod(item.owned(by: owner), mode), at: target)
            }
        } catch {
            throw BuildRun.Stop(
                failure: BuildFailure(message: "failed to solve: " + error.message, source: build.excerpt(line)),
                vertex: index, vertexError: error.message)
        }
        let chainID = layers.register(tree: fs.upper, diffID: fs.upper.diffID, parent: state.top)
        build.newLayerBytes += fs.upper.size
        storeRecord(
            key: key, layer: chainID, description: "\(name.lowercased()) \(transfer.sources.joined(separator: " "))",
            state: state, build: build)
        adopt(chainID, state: &state, owned: true)
        state.key = key
        state.addHistory(history, layer: true, created: now)
    }

    /// BuildKit's `pathRelativeToWorkingDir` (a trailing slash, or `.`, means a folder).
    static func copyDestination(_ destination: String, workdir: String) -> String {
        if destination.hasPrefix("/") { return destination }
        var path = destination
        if path == "." || path.isEmpty { path = "./" }
        var joined = FilePath.string(FilePath.normalize(path, cwd: FilePath.normalize(workdir)))
        if path.hasSuffix("/") && !joined.hasSuffix("/") { joined += "/" }
        return joined
    }

    static func readItem(_ fs: ContainerFS, _ path: [String], _ node: FileNode) -> CopyItem {
        switch node {
        case .file(let content, let meta): return .file(content, meta)
        case .symlink(let target, let meta): return .symlink(target, meta)
        case .directory(let dir):
            let entries = fs.list(path)
            var children: [(name: String, item: CopyItem)] = []
            for name in entries.keys.sorted() {
                guard let child = entries[name], !child.isWhiteout else { continue }
                children.append((name, readItem(fs, path + [name], child)))
            }
            return .directory(dir.meta, children)
        case .whiteout: return .directory(FileMetadata(mode: 0o755, mtime: 0), [])
        }
    }

    static func chmod(_ item: CopyItem, _ mode: UInt32?) -> CopyItem {
        guard let mode else { return item }
        switch item {
        case .file(let content, var meta):
            meta.mode = mode
            return .file(content, meta)
        case .symlink: return item
        case .directory(var meta, let children):
            meta.mode = mode
            return .directory(meta, children.map { ($0.name, chmod($0.item, mode)) })
        }
    }

    static func itemDigest(_ item: CopyItem) -> String {
        switch item {
        case .file(let content, let meta): return "f\(meta.mode):\(contentDigest(content).short)"
        case .symlink(let target, _): return "l:\(target)"
        case .directory(let meta, let children):
            return "d\(meta.mode)(" + children.map { $0.name + "=" + itemDigest($0.item) }.joined(separator: ",") + ")"
        }
    }

    static func itemSize(_ item: CopyItem) -> Int64 {
        switch item {
        case .file(let content, _): return content.size
        case .symlink(let target, _): return Int64(target.utf8.count)
        case .directory(_, let children): return children.reduce(0) { $0 + itemSize($1.item) }
        }
    }

    /// A UUID-shaped text from a record ID (BuildKit's ref IDs in checksum errors).
    static func uuidLike(_ seed: String) -> String {
        let hex = Digest.sha256(of: seed).hex
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }
}

/// A layer being made over a stage's layers: its own tree (the diff) and the view through it.
struct BuildFS {
    var upper = FileTree()
    let lower: [FileTree]

    init(lower: [FileTree]) { self.lower = lower }

    var view: UnionView { UnionView(layers: [upper] + lower) }

    /// `mkdir -p`: missing folders are created (0755, root); existing ones are left alone.
    mutating func makeDirectories(_ path: [String], mtime: Int64) {
        for depth in 0..<path.count {
            let prefix = Array(path[0...depth])
            switch view.lookup(prefix) {
            case .directory?: continue
            case nil:
                copyUp(Array(prefix.dropLast()))
                let opaque = UnionView(layers: lower).lookup(prefix) != nil
                upper.modify(prefix) {
                    $0 = .directory(Directory(meta: FileMetadata(mode: 0o755, mtime: mtime), opaque: opaque))
                }
            default:
                return
            }
        }
    }

    /// Creates in the upper tree the folders on the way (copied up, 0 bytes).
    mutating func copyUp(_ dir: [String]) {
        guard !dir.isEmpty else { return }
        for depth in 1...dir.count {
            let prefix = Array(dir[0..<depth])
            if case .directory? = upper.node(at: prefix) { continue }
            guard case .directory(let merged)? = view.lookup(prefix) else { return }
            upper.modify(prefix) { $0 = .directory(Directory(meta: merged.meta)) }
        }
    }

    /// Puts an entry at `path` (a folder merges with one already there).
    mutating func put(_ item: CopyItem, at path: [String]) throws(DockerError) {
        copyUp(Array(path.dropLast()))
        try Engine.insert(item, at: path, upper: &upper, view: view, lower: UnionView(layers: lower))
    }
}

extension String {
    /// Each line without its leading tabs (`<<-` heredocs).
    var replacingLeadingTabs: String {
        split(separator: "\n", omittingEmptySubsequences: false).map { String($0.drop { $0 == "\t" }) }.joined(
            separator: "\n")
    }
}
