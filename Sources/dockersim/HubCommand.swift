import ArgumentParser
import DockerSimCommands
import DockerSimCore

/// `dockersim hub lint [DIR]`: checks a Hub catalog (Hub/README.md) the way `--hub DIR` loads it.
struct HubCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "hub", abstract: CLIText.text(CLIText.hubAbstract), subcommands: [HubLint.self])
    }
}

struct HubLint: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "lint", abstract: CLIText.text(CLIText.hubLintAbstract))
    }

    @Argument(help: ArgumentHelp(CLIText.text(CLIText.hubFolder)))
    var folder: String?

    @Flag(name: .long, help: ArgumentHelp(CLIText.text(CLIText.hubFix)))
    var fix = false

    @Option(name: .long, help: ArgumentHelp(CLIText.text(CLIText.langMessages)))
    var lang: String?

    func run() throws {
        let language = Language.from(
            flag: lang, environment: Environment.values(["LANG", "LC_ALL", "LC_MESSAGES"]))
        let spanish = language == .es
        var files = HubCatalog.builtInFiles
        var over: [CatalogFile] = []
        if let folder {
            switch HubCatalog.files(in: folder) {
            case .success(let found): files = found
            case .failure(let error):
                Terminal.write("\(error)\n", to: .stderr)
                throw ExitCode(1)
            }
            over = HubCatalog.builtInFiles
        }
        if fix {
            guard folder != nil else {
                Terminal.write(
                    spanish
                        ? "dockersim: --fix escribe en una carpeta: indica cuál\n"
                        : "dockersim: --fix writes into a folder: name it\n", to: .stderr)
                throw ExitCode(1)
            }
            for file in files {
                guard let text = HubCatalog.fixed(file) else { continue }
                do {
                    try SafeFile.write(text, to: file.displayName)
                } catch {
                    Terminal.write(CLIText.fixNotWritten(error) + "\n", to: .stderr)
                    throw ExitCode(1)
                }
                Terminal.write((spanish ? "corregido " : "fixed ") + file.displayName + "\n", to: .stdout)
                files = (try? HubCatalog.files(in: folder ?? "").get()) ?? files
            }
        }
        let problems = HubCatalog.lint(files, over: over)
        for problem in problems { Terminal.write("\(problem)\n", to: .stderr) }
        let images = files.filter { $0.path.hasSuffix(".image") }.count
        let layers = files.filter { $0.path.hasSuffix(".layer") }.count
        if problems.isEmpty {
            Terminal.write(
                spanish
                    ? "ok: \(images) ficheros de imagen y \(layers) de capa sin errores\n"
                    : "ok: \(images) image files and \(layers) layer files, no errors\n", to: .stdout)
        } else {
            Terminal.write(
                spanish
                    ? "\(problems.count) errores en \(images) ficheros de imagen y \(layers) de capa\n"
                    : "\(problems.count) errors in \(images) image files and \(layers) layer files\n", to: .stderr)
            throw ExitCode(1)
        }
    }
}
