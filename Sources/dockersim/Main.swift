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
        if let simulator = QuickStart.parse(Array(CommandLine.arguments.dropFirst())) {
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
