import ArgumentParser
import DockerSimCore

#if canImport(Glibc)
import Glibc
#endif

/// The entry point. `dockersim [start]` with the simulator's own options (the way a student
/// starts it, and every scripted run) is read here by hand and starts at once; anything else
/// (`--help`, `--version`, a sub-command, a mistake) goes to ArgumentParser, which prints the
/// help and the errors. Starting up is then only what the session needs (BENCHMARKS.md).
@main
enum Main {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let command = QuickCommand.parse(arguments) {
            do {
                try command.run()
                exit(0)
            } catch let error as ExitCode {
                exit(error.rawValue)
            } catch {
                DockerSim.exit(withError: error)
            }
        }
        if let simulator = QuickStart.parse(arguments) {
            do {
                exit(try simulator.run(session: simulator.makeSession()))
            } catch let error as ExitCode {
                exit(error.rawValue)
            } catch {
                DockerSim.exit(withError: error)
            }
        }
        DockerSim.main()
    }
}

/// The options of `dockersim [start]`, read without ArgumentParser.
enum QuickStart {
    /// The simulator the arguments ask for; nil when ArgumentParser should read them (help,
    /// version, a sub-command, an unknown option, a value that does not parse).
    static func parse(_ arguments: [String]) -> Simulator? {
        var simulator = Simulator()
        var rest = arguments[...]
        if rest.first == "start" { rest = rest.dropFirst() }
        while let argument = rest.popFirst() {
            var name = argument
            var inline: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            func value() -> String? { inline ?? rest.popFirst() }
            switch name {
            case "--echo" where inline == nil: simulator.echo = true
            case "--no-color" where inline == nil: simulator.noColor = true
            case "--clock":
                guard let text = value(), Timestamp(rfc3339: text) != nil else { return nil }
                simulator.clock = text
            case "--seed":
                guard let text = value(), let seed = UInt64(text) else { return nil }
                simulator.seed = seed
            case "--lang":
                guard let text = value(), text == "es" || text == "en" else { return nil }
                simulator.lang = text
            case "--record":
                guard let text = value() else { return nil }
                simulator.record = text
            case "--student":
                guard let text = value() else { return nil }
                simulator.student = text
            case "--lessons":
                guard let text = value() else { return nil }
                simulator.lessons = text
            case "--context-from":
                guard let text = value() else { return nil }
                simulator.contextFrom.append(text)
            case "--hub":
                guard let text = value() else { return nil }
                simulator.hub.append(text)
            default: return nil
            }
        }
        return simulator
    }
}

/// `dockersim replay` and `dockersim lesson verify` in their plain forms (what a teacher, CI and
/// the benchmarks type), read without ArgumentParser, whose reflection of every sub-command's
/// options costs more than the rest of a start (≈ 18 M instructions). Anything else — help, an
/// option repeated or unknown, `--`, no path — is left to ArgumentParser, which prints the help
/// and the errors; an error these commands throw is printed by it as well (`DockerSim.exit`).
enum QuickCommand: Equatable {
    case replay(paths: [String], bless: Bool, noColor: Bool)
    case lessonVerify(lessons: String?, lang: String?, ids: [String])

    /// The command the arguments ask for; nil when ArgumentParser should read them.
    static func parse(_ arguments: [String]) -> QuickCommand? {
        switch arguments.first {
        case "replay":
            var paths: [String] = []
            var bless = false
            var noColor = false
            for argument in arguments.dropFirst() {
                switch argument {
                case "--bless" where !bless: bless = true
                case "--no-color" where !noColor: noColor = true
                default:
                    guard !argument.isEmpty, !argument.hasPrefix("-") else { return nil }
                    paths.append(argument)
                }
            }
            return paths.isEmpty ? nil : .replay(paths: paths, bless: bless, noColor: noColor)
        case "lesson":
            guard arguments.count >= 2, arguments[1] == "verify" else { return nil }
            var lessons: String?
            var lang: String?
            var ids: [String] = []
            var rest = arguments.dropFirst(2)
            while let argument = rest.popFirst() {
                guard argument.hasPrefix("-") else {
                    guard !argument.isEmpty else { return nil }
                    ids.append(argument)
                    continue
                }
                var name = argument
                var value: String?
                if let equals = argument.firstIndex(of: "=") {
                    name = String(argument[..<equals])
                    value = String(argument[argument.index(after: equals)...])
                } else {
                    // ArgumentParser takes a value that starts with `-` only when written `--x=-y`.
                    guard let next = rest.first, !next.hasPrefix("-") else { return nil }
                    value = rest.popFirst()
                }
                switch name {
                case "--lessons" where lessons == nil: lessons = value
                case "--lang" where lang == nil: lang = value
                default: return nil
                }
            }
            return .lessonVerify(lessons: lessons, lang: lang, ids: ids)
        default:
            return nil
        }
    }

    func run() throws {
        switch self {
        case .replay(let paths, let bless, let noColor): try Replay.run(paths: paths, bless: bless, noColor: noColor)
        case .lessonVerify(let lessons, let lang, let ids): try LessonVerify.run(lessons: lessons, lang: lang, ids: ids)
        }
    }
}
