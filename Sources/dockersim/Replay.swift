import ArgumentParser
import DockerSimCommands
import DockerSimCore
import DockerSimLessons
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `dockersim replay PATH...`: replays golden transcripts and reports every difference.
struct Replay: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: CLIText.text(CLIText.replayAbstract))
    }

    @Argument(help: ArgumentHelp(CLIText.text(CLIText.replayPaths)))
    var paths: [String]

    @Flag(
        help: ArgumentHelp(CLIText.text(CLIText.bless)))
    var bless = false

    @Flag(name: .customLong("no-color"), help: ArgumentHelp(CLIText.text(CLIText.replayNoColor)))
    var noColor = false

    func run() throws { try Self.run(paths: paths, bless: bless, noColor: noColor) }

    /// Replays `paths` (files, or folders searched for `.md` files) and prints what it found;
    /// `dockersim replay` parsed by ArgumentParser or by ``QuickCommand`` (`Main.swift`) comes here.
    static func run(paths: [String], bless: Bool, noColor: Bool) throws {
        let files = try collect(paths)
        guard !files.isEmpty else {
            throw ValidationError(
                CLIText.text(
                    en: "no transcript (.md) found in \(paths.joined(separator: " "))",
                    es: "no hay ninguna transcripción (.md) en \(paths.joined(separator: " "))"))
        }
        let colour = !noColor && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        // Each transcript replays in a simulator of its own: they run on every core, and what
        // they found is printed in the files' order, as if one ran after the other.
        // The longest (by size) start first: a long one started last would leave the other
        // cores idle at the end.
        let outcomes = Parallel.map(files, costs: files.map(Self.size)) { Self.replay($0) }
        var passed = 0
        var failed = 0
        for (file, outcome) in zip(files, outcomes) {
            let result: ReplayResult
            switch outcome {
            case .unreadable(let what):
                print("FAIL \(file) (cannot read: \(what))")
                failed += 1
                continue
            case .unparsable(let description):
                print("FAIL \(file)\n\(description)")
                failed += 1
                continue
            case .replayed(let replayed):
                result = replayed
            }
            var note = "\(result.commands) commands"
            if !result.deviations.isEmpty { note += ", \(result.deviations.count) known deviations of the course" }
            if result.passed {
                passed += 1
                print("ok   \(file) (\(note))")
                continue
            }
            failed += 1
            print("FAIL \(file) (\(result.mismatches.count) mismatches; \(note))")
            for mismatch in result.mismatches {
                print(render(mismatch, colour: colour), terminator: "")
            }
            if bless {
                let blessed = result.blessed.joined(separator: result.lineEnd) + result.lineEnd
                try Data(blessed.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
                print("blessed \(file)")
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 && !bless { throw ExitCode(1) }
    }

    /// What replaying one file gave.
    enum Outcome: Sendable {
        /// The file could not be read (why).
        case unreadable(String)
        /// The file is not a transcript (the error, with its place).
        case unparsable(String)
        case replayed(ReplayResult)
    }

    /// A file's size in bytes (0 when it cannot be read): how long its replay is guessed to take.
    static func size(_ file: String) -> Int {
        var info = stat()
        return stat(file, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Reads, parses and replays one transcript file.
    static func replay(_ file: String) -> Outcome {
        let text: String
        switch SafeFile.readText(file, limit: Limits.standard.transcriptFileBytes) {
        case .success(let read)?: text = read
        case .failure(let problem)?: return .unreadable(problem.what.en)
        case nil: return .unreadable("No such file or directory")
        }
        do {
            // The tests check the engine's invariants after every command of every transcript
            // in `Transcripts/`; a teacher's replay checks that each one ends sound.
            return .replayed(Replayer.run(try Transcript.parse(text, path: file), invariants: .atTheEnd))
        } catch {
            return .unparsable(error.description)
        }
    }

    static func collect(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError(
                    CLIText.text(en: "no such file or folder: \(path)", es: "no existe el fichero o carpeta: \(path)"))
            }
            if isDirectory.boolValue {
                let walker = FileManager.default.enumerator(atPath: path)
                while let item = walker?.nextObject() as? String {
                    if item.hasSuffix(".md") && !item.hasSuffix("README.md") {
                        files.append((path as NSString).appendingPathComponent(item))
                    }
                }
            } else {
                files.append(path)
            }
        }
        return files.sorted()
    }

    static func render(_ mismatch: Mismatch, colour: Bool) -> String {
        guard colour else { return mismatch.description }
        return mismatch.description.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("- ") { return "\u{1B}[31m\(line)\u{1B}[0m" }
            if line.hasPrefix("+ ") { return "\u{1B}[32m\(line)\u{1B}[0m" }
            return String(line)
        }.joined(separator: "\n")
    }
}
