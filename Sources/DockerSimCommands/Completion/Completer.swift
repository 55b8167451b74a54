import DockerSimCore
import DockerSimShell

/// One thing Tab may put in place of the word being typed.
public struct CompletionCandidate: Sendable, Equatable {
    /// The whole word once completed (`josedom24/servidorweb:v1`, `/etc/passwd`).
    public var text: String
    /// What a listing shows (`v1`, `passwd`), as bash shows only the part after `:` or `/`.
    public var display: String
    /// Whether a unique completion ends the word (a space follows); false for directories and
    /// for a repository that still needs its `:tag`.
    public var isFinal: Bool

    public init(_ text: String, display: String? = nil, isFinal: Bool = true) {
        self.text = text
        self.display = display ?? text
        self.isFinal = isFinal
    }
}

/// What Tab can do with the word under the cursor.
public struct Completion: Sendable, Equatable {
    /// The word being completed: the text from the last unquoted space to the cursor.
    public var word: String
    /// The candidates that start with ``word``, sorted, without duplicates.
    public var candidates: [CompletionCandidate]

    public init(word: String, candidates: [CompletionCandidate]) {
        self.word = word
        var seen: Set<String> = []
        self.candidates =
            candidates
            .filter { $0.text.hasPrefix(word) && seen.insert($0.text).inserted }
            .sorted { $0.text < $1.text }
    }

    /// The longest prefix every candidate shares (at least ``word`` when there are candidates).
    public var commonPrefix: String {
        guard var prefix = candidates.first?.text else { return word }
        for candidate in candidates.dropFirst() {
            while !candidate.text.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// What to insert after ``word``: the rest of a unique candidate (and a space when it is
    /// final), else the rest of the common prefix (possibly nothing).
    public var insertion: String {
        if candidates.count == 1, let only = candidates.first {
            return String(only.text.dropFirst(word.count)) + (only.isFinal ? " " : "")
        }
        return String(commonPrefix.dropFirst(word.count))
    }
}

/// A session plugin whose commands Tab should offer at the host prompt (a lesson's `hint`, `check`…).
public protocol CompletionWordsProvider {
    /// The first words of the commands the plugin handles.
    var completionWords: [String] { get }
    /// The words that may follow the start of a line, by that start (`"lesson"` → `list`,
    /// `start`…; `"lesson start"` → the lesson ids).
    var completionFollowers: [String: [String]] { get }
}

extension CompletionWordsProvider {
    /// No words after the first by default.
    public var completionFollowers: [String: [String]] { [:] }
}

/// Tab completion that knows the simulator's state: docker's commands, sub-commands and flags
/// (from the command table and each command's spec), local images, the simulated Hub's
/// repositories and tags, containers, and paths inside the container whose shell has the terminal.
///
/// A pure value: give it the line up to the cursor and it says what could complete the last word.
///
/// ```swift
/// let completion = Completer(session: session).complete("pull josedom24/servidorweb:")
/// completion.candidates.map(\.display)   // ["v1", "v2"]
/// ```
public struct Completer: Sendable {
    /// The engine whose images, containers and Hub are offered.
    public var engine: Engine
    /// The container whose shell has the terminal, and its working directory (nil on the host).
    public var shell: (containerID: String, cwd: [String])?

    /// Words the student's own shell understands on the host besides docker's verbs: bash's
    /// builtins, the host's programs and dockersim's own commands.
    public static let hostWords: [String] =
        [
            "cd", "exit", "export", "help", "quit", "type", "alias", "unalias", "command", "history", "clear", "record",
            "layers", "explain",
        ]
        + Shell.hostPrograms.sorted() + ["docker"]

    /// More first words for the host prompt (from plugins that provide them).
    public var extraHostWords: [String] = []

    /// Words that follow the start of a plugin's line (see ``CompletionWordsProvider``).
    public var extraFollowers: [String: [String]] = [:]

    /// The builtins of the container's bash that are not files in `$PATH`.
    static let shellBuiltins = ["cd", "echo", "exit", "export", "false", "history", "pwd", "true", "type"]

    public init(engine: Engine, shell: (containerID: String, cwd: [String])? = nil) {
        self.engine = engine
        self.shell = shell
    }

    /// Completion for what `session` has now: host commands, or the attached container's shell.
    public init(session: Session) {
        self.engine = session.engine
        if let attached = session.attached {
            self.shell = (attached.shell.containerID, attached.shell.cwd)
        }
        let providers = session.plugins.compactMap { $0 as? any CompletionWordsProvider }
        self.extraHostWords = providers.flatMap(\.completionWords)
        for provider in providers { extraFollowers.merge(provider.completionFollowers) { first, _ in first } }
    }

    /// The candidates for the last word of `line` (the text before the cursor).
    public func complete(_ line: String) -> Completion {
        // The shell's own tokenizer: quotes, `|`, `;`, `&&` and `$(` read as bash reads them.
        let (previous, word) = ShellParser.completionWords(line)
        if let shell, engine.containers[shell.containerID] != nil {
            return Completion(word: word, candidates: shellCandidates(previous: previous, word: word, shell: shell))
        }
        return Completion(word: word, candidates: hostCandidates(previous: previous, word: word))
    }

    // MARK: - Host

    private func hostCandidates(previous: [String], word: String) -> [CompletionCandidate] {
        var words = previous
        let withDocker = words.first == "docker"
        if withDocker { words.removeFirst() }
        if !withDocker, previous.first == "explain" {
            return previous.count == 1 ? ["off", "on"].map { CompletionCandidate($0) } : []
        }
        if !withDocker, previous.first == "layers" {
            // dockersim's `layers`: its options, then images and containers (no file after --svg).
            if word.hasPrefix("-") {
                return ["--help", "--real-disk", "--svg", "--tree"].map { CompletionCandidate($0) }
            }
            if previous.last == "--svg" { return pathCandidates(word, fs: engine.host, cwd: engine.hostCwd) }
            return imageCandidates(word) + containerCandidates(word, running: nil)
        }
        // The host's own programs (and `command rm`) complete the host folder's paths.
        if let first = previous.first, !withDocker, !extraHostWords.contains(first),
            Session.hostAliases[first] == nil || first == "command"
        {
            return pathCandidates(word, fs: engine.host, cwd: engine.hostCwd)
        }
        guard let first = words.first else {
            var names = Array(CommandTable.topLevel.keys) + Array(CommandTable.groups.keys)
            if !withDocker { names += Self.hostWords + extraHostWords }
            return names.map { CompletionCandidate($0) }
        }
        if !withDocker, extraHostWords.contains(first) {
            return (extraFollowers[words.joined(separator: " ")] ?? []).map { CompletionCandidate($0) }
        }
        if let group = CommandTable.groups[first], words.count == 1 {
            return group.commands.keys.map { CompletionCandidate($0) }
        }
        guard case .success(let (entry, rest)) = CommandTable.resolve(words) else { return [] }
        let spec = entry.spec
        if word.hasPrefix("-") { return flagCandidates(spec) }
        if let last = rest.last, takesValue(last, spec: spec) { return [] }
        let position = operandCount(rest, spec: spec)
        return operandCandidates(entry, position: position, word: word)
    }

    private func flagCandidates(_ spec: CommandSpec) -> [CompletionCandidate] {
        var names: [String] = ["--help"]
        for flag in spec.flags where !flag.hidden {
            names.append("--" + flag.long)
            if let short = flag.short { names.append("-" + String(short)) }
        }
        return names.map { CompletionCandidate($0) }
    }

    /// Whether `word` is a flag that wants the next word as its value (`--name`, `-e`, `-it…n`).
    private func takesValue(_ word: String, spec: CommandSpec) -> Bool {
        guard word.hasPrefix("-"), word != "-", word != "--", !word.contains("=") else { return false }
        if word.hasPrefix("--") {
            return spec.flags.first { $0.long == word.dropFirst(2) }.map { $0.kind != .bool } ?? false
        }
        guard let last = word.last else { return false }
        return spec.flags.first { $0.short == last }.map { $0.kind != .bool } ?? false
    }

    /// How many operands the finished words hold (flag values are not operands).
    private func operandCount(_ words: [String], spec: CommandSpec) -> Int {
        var count = 0
        var index = 0
        var flagsDone = false
        while index < words.count {
            let word = words[index]
            index += 1
            if flagsDone || !word.hasPrefix("-") || word == "-" {
                count += 1
                if !spec.interspersed { flagsDone = true }
            } else if word == "--" {
                flagsDone = true
            } else if takesValue(word, spec: spec) {
                index += 1
            }
        }
        return count
    }

    /// What an operand can be.
    enum OperandKind: Equatable {
        case hubReference, localImage
        case container(running: Bool?)
        case containerPath, imageOrContainer, nothing
    }

    /// Commands whose containers must be running (or must not be), as docker's bash completion
    /// offers them; every other command that takes a container offers all of them.
    static let needsRunning: Set<String> = ["attach", "exec", "kill", "pause", "stop", "top"]
    static let needsStopped: Set<String> = ["start"]

    /// The operand at `position`, read from the command's usage line (`[OPTIONS] CONTAINER
    /// [CONTAINER...]`, `SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`, `NAME[:TAG|@DIGEST]`…), so that
    /// every command in the table completes without a list of its own.
    static func operandKind(_ spec: CommandSpec, position: Int) -> OperandKind {
        let firstLine = spec.use.split(separator: "\n").first.map(String.init) ?? ""
        let placeholders = firstLine.split(separator: " ").map(String.init).filter { $0 != "[OPTIONS]" }
        let placeholder: String
        if position < placeholders.count {
            placeholder = placeholders[position]
        } else if let last = placeholders.last, last.contains("...") {
            placeholder = last
        } else {
            return .nothing
        }
        var name = Substring(placeholder)
        while name.first == "[" { name.removeFirst() }
        if name.hasPrefix("CONTAINER:") { return .containerPath }
        if name.hasPrefix("CONTAINER") {
            let command = String(spec.path.split(separator: " ").last ?? "")
            if needsRunning.contains(command) { return .container(running: true) }
            if needsStopped.contains(command) { return .container(running: false) }
            return .container(running: nil)
        }
        if name.hasPrefix("NAME|ID") { return .imageOrContainer }
        if name.hasPrefix("NAME[:TAG|@DIGEST]") { return .hubReference }
        for image in ["IMAGE", "SOURCE_IMAGE", "TARGET_IMAGE", "REPOSITORY"] where name.hasPrefix(image) {
            return .localImage
        }
        return .nothing
    }

    private func operandCandidates(_ entry: CommandTable.Entry, position: Int, word: String) -> [CompletionCandidate] {
        switch Self.operandKind(entry.spec, position: position) {
        case .hubReference: return hubCandidates(word)
        case .localImage: return imageCandidates(word)
        case .container(let running): return containerCandidates(word, running: running)
        case .containerPath:
            // `web:/etc/pa` → paths inside `web`; before the colon, container names and a colon.
            if let colon = word.firstIndex(of: ":") {
                let name = String(word[..<colon])
                guard
                    let container = engine.containers.values.first(where: { $0.name == name || $0.id.hasPrefix(name) })
                else { return [] }
                return pathCandidates(String(word[word.index(after: colon)...]), fs: container.fs, cwd: []).map {
                    CompletionCandidate(name + ":" + $0.text, display: $0.display, isFinal: $0.isFinal)
                }
            }
            return containerCandidates(word, running: nil).map {
                CompletionCandidate($0.text + ":", display: $0.display, isFinal: false)
            }
        case .imageOrContainer: return imageCandidates(word) + containerCandidates(word, running: nil)
        case .nothing: return []
        }
    }

    /// `repo` and `repo:tag` for every local image (as docker's bash completion offers them).
    private func imageCandidates(_ word: String) -> [CompletionCandidate] {
        var result: [CompletionCandidate] = []
        for summary in engine.listImages() {
            for tag in summary.repoTags {
                guard let colon = tag.lastIndex(of: ":") else { continue }
                let repository = String(tag[..<colon])
                result.append(
                    CompletionCandidate(
                        tag, display: word.contains(":") ? String(tag[tag.index(after: colon)...]) : tag))
                if !word.contains(":") { result.append(CompletionCandidate(repository)) }
            }
        }
        return result
    }

    /// The simulated Hub: repositories by their familiar name, then `repo:tag` once a `:` is typed.
    private func hubCandidates(_ word: String) -> [CompletionCandidate] {
        if let colon = word.lastIndex(of: ":") {
            let repository = String(word[..<colon])
            let path = repository.contains("/") ? repository : "library/" + repository
            return engine.registry.tags(path: path).map { CompletionCandidate(repository + ":" + $0, display: $0) }
        }
        return engine.registry.repositoryPaths.map { path in
            let familiar = path.hasPrefix("library/") ? String(path.dropFirst("library/".count)) : path
            // A repository without `latest` cannot be pulled by its name alone: leave room for `:tag`.
            return engine.registry.tags(path: path).contains("latest")
                ? CompletionCandidate(familiar) : CompletionCandidate(familiar + ":", display: familiar, isFinal: false)
        }
    }

    /// Container names (and short IDs when the word looks like one), optionally only running or stopped ones.
    private func containerCandidates(_ word: String, running: Bool?) -> [CompletionCandidate] {
        let isHex = !word.isEmpty && word.allSatisfy { $0.isHexDigit && !$0.isUppercase }
        return engine.containers.values
            .filter { running == nil || $0.isRunning == running }
            .flatMap { container -> [CompletionCandidate] in
                var names = [CompletionCandidate(container.name)]
                if isHex { names.append(CompletionCandidate(String(container.id.prefix(12)))) }
                return names
            }
    }

    // MARK: - Container shell

    private func shellCandidates(
        previous: [String], word: String, shell: (containerID: String, cwd: [String])
    ) -> [CompletionCandidate] {
        guard let container = engine.containers[shell.containerID] else { return [] }
        if previous.isEmpty && !word.contains("/") {
            var names = Self.shellBuiltins
            for directory in ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"] {
                guard let physical = try? container.fs.resolve(directory, cwd: []) else { continue }
                for (name, node) in container.fs.list(physical) {
                    if case .file = node { names.append(name) } else if case .symlink = node { names.append(name) }
                }
            }
            return names.map { CompletionCandidate($0) }
        }
        return pathCandidates(word, fs: container.fs, cwd: shell.cwd)
    }

    /// Entries of the directory the word names, as bash completes file names: directories end in
    /// `/`, dot files only when the word's last part starts with a dot.
    private func pathCandidates(_ word: String, fs: ContainerFS, cwd: [String]) -> [CompletionCandidate] {
        let directoryPart: String
        let namePart: String
        if let slash = word.lastIndex(of: "/") {
            directoryPart = String(word[...slash])
            namePart = String(word[word.index(after: slash)...])
        } else {
            directoryPart = ""
            namePart = word
        }
        let lookup = directoryPart.isEmpty ? "." : directoryPart
        guard let physical = try? fs.resolve(lookup, cwd: cwd) else { return [] }
        var result: [CompletionCandidate] = []
        for (name, node) in fs.list(physical) {
            if case .whiteout = node { continue }
            if name.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
            var isDirectory = node.isDirectory
            if case .symlink = node, let target = try? fs.stat(directoryPart + name, cwd: cwd) {
                isDirectory = target.node.isDirectory
            }
            let text = directoryPart + name + (isDirectory ? "/" : "")
            result.append(CompletionCandidate(text, display: name + (isDirectory ? "/" : ""), isFinal: !isDirectory))
        }
        return result
    }
}
