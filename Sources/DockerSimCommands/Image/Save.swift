import DockerSimCore

/// `docker save`: images to a tar archive on the simulated host (`-o FILE`, or stdout
/// redirected to a file), as big as the layers, config and index files it holds. Sources:
/// docker/cli v28.5.1 cli/command/image/save.go, vendor/github.com/moby/sys/atomicwriter.
enum SaveCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker save", use: "[OPTIONS] IMAGE [IMAGE...]",
        summary: "Save one or more images to a tar archive (streamed to STDOUT by default)", args: .min(1),
        flags: [
            FlagSpec("output", "o", .string, "Write to a file, instead of STDOUT"),
            FlagSpec(
                "platform", nil, .string,
                "Save only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
        ].notSimulated(["platform"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let output = args.string("output") ?? ""
        if output.isEmpty && context.stdoutIsTerminal {
            throw .cli("cowardly refusing to save to a terminal. Use the -o flag or redirect")
        }
        if !output.isEmpty { try checkDestination(output, context.engine) }
        let (archive, size) = try context.engine.save(args.operands)
        let content = context.engine.archiveFile(archive, size: size)
        guard !output.isEmpty else {
            // Redirected: the shell writes the archive where stdout goes.
            context.out(content.text ?? "")
            context.stdoutFile = content
            return 0
        }
        let now = context.engine.now.seconds
        do {
            try context.engine.withHost { (fs: inout ContainerFS, cwd: inout [String]) throws(FSError) in
                try fs.write(output, cwd: cwd, bytes: [], append: false, mtime: now)
                try fs.replaceContent(output, cwd: cwd, with: content, mode: 0o600)
            }
        } catch {
            throw .cli("failed to save image: invalid output path: \(error.text)")
        }
        return 0
    }

    /// atomicwriter's `validateDestination`: the folder must exist, the file be a regular one.
    static func checkDestination(_ path: String, _ engine: Engine) throws(DockerError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 1 {
            var dir = parts.dropLast().joined(separator: "/")
            if dir.isEmpty { dir = "/" }
            guard let info = try? engine.host.stat(dir, cwd: engine.hostCwd) else {
                throw .cli("failed to save image: invalid output path: stat \(dir): no such file or directory")
            }
            guard case .directory = info.node else {
                throw .cli("failed to save image: invalid output path: stat \(dir): not a directory")
            }
        }
        guard let info = try? engine.host.stat(path, cwd: engine.hostCwd, follow: false) else { return }
        switch info.node {
        case .directory: throw .cli("failed to save image: cannot write to a directory")
        case .symlink: throw .cli("failed to save image: cannot write to a symbolic link directly")
        default: return
        }
    }
}

/// `docker load`: images from a tar archive `docker save` wrote on the simulated host (`-i
/// FILE`, or stdin redirected from a file). Sources: docker/cli v28.5.1
/// cli/command/image/load.go; moby v28.5.1 image/tarexport/load.go.
enum LoadCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker load", use: "[OPTIONS]", summary: "Load an image from a tar archive or STDIN", args: .none,
        flags: [
            FlagSpec("input", "i", .string, "Read from tar archive file, instead of STDIN"),
            FlagSpec(
                "platform", nil, .string,
                "Load only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
            FlagSpec("quiet", "q", .bool, "Suppress the load output"),
        ].notSimulated(["platform"]))

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let input = args.string("input") ?? ""
        let text: String
        if input.isEmpty {
            guard let stdin = context.stdin else { throw .cli("requested load from stdin, but stdin is empty") }
            text = stdin
        } else {
            let content: FileContent
            do {
                content = try context.engine.host.read(input, cwd: context.engine.hostCwd)
            } catch {
                if error == .isADirectory { throw .daemon("read \(input): is a directory") }
                throw .cli("open \(input): \(error.text.lowercasedFirst)")
            }
            text = content.text ?? ""
        }
        guard let archive = context.engine.archive(in: text) else {
            // What the daemon's tar reader says of a file that is not an archive.
            throw .daemon(text.utf8.count < 512 ? "unexpected EOF" : "archive/tar: invalid tar header")
        }
        let (layers, loaded) = try context.engine.load(archive)
        if !args.flag("quiet") && context.stdoutIsTerminal {
            for (diffID, size) in layers {
                let shown = Units.humanSize(size, precision: 4)
                context.out(
                    "\(diffID.short): Loading layer [==================================================>]  \(shown)/\(shown)\n"
                )
            }
        }
        context.out(loaded.map { $0 + "\n" }.joined())
        return 0
    }
}

extension String {
    /// The text with its first letter in lower case (Go's error texts).
    var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
