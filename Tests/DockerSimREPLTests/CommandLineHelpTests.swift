import DockerSimTestSupport
import Foundation
import Testing

/// `dockersim --help` and its sub-commands' help speak one language, the one `--lang` or `LANG`
/// chose (the same rule as the simulator's), in paragraphs ArgumentParser wraps to 80 columns.
@Suite("dockersim's command-line help")
struct CommandLineHelpTests {
    static func dockersim(_ arguments: [String], lang: String) throws -> (status: Int32, stdout: String, stderr: String)
    {
        var environment = ProcessInfo.processInfo.environment
        for name in ["LC_ALL", "LC_MESSAGES"] { environment[name] = nil }
        environment["LANG"] = lang
        return try runProcess(
            URL(fileURLWithPath: HubExecutableTests.binary), arguments, environment: environment)
    }

    @Test(arguments: [
        (["--help"], "Type docker commands", "Escribe órdenes docker"),
        (["help", "grade"], "Each submission is replayed", "Cada entrega se repite"),
        (["lesson", "--help"], "Start, list, lint and verify lessons", "Empezar, listar, revisar y verificar"),
        (["start", "--help"], "Seed container IDs", "Semilla de los IDs"),
    ])
    func helpInTheChosenLanguageOnly(arguments: [String], english: String, spanish: String) throws {
        let en = try Self.dockersim(arguments, lang: "en_US.UTF-8")
        #expect(en.status == 0)
        #expect(en.stdout.contains(english))
        #expect(!en.stdout.contains(spanish))
        let es = try Self.dockersim(arguments, lang: "es_ES.UTF-8")
        #expect(es.status == 0)
        #expect(es.stdout.contains(spanish))
        #expect(!es.stdout.contains(english))
        for line in (en.stdout + es.stdout).split(separator: "\n") where !line.hasPrefix("USAGE:") {
            #expect(line.count <= 80, "\(line)")
        }
    }

    @Test func langFlagOverridesTheEnvironment() throws {
        let result = try Self.dockersim(["grade", "--lang", "es", "--help"], lang: "en_US.UTF-8")
        #expect(result.stdout.contains("Cada entrega se repite"))
        let error = try Self.dockersim(["start", "--clock", "ayer"], lang: "es_ES.UTF-8")
        #expect(error.status == 64)
        #expect(error.stderr.contains("--clock admite una hora RFC 3339"))
    }
}
