import DockerSimCore

/// Runs the RUN steps of `docker build` in the simulated shell: `/bin/sh -c …` (shell form) or
/// the program itself (exec form), in the build's container, whose file system is the stage.
public struct ShellBuildRunner: BuildStepRunner {
    public init() {}

    public func run(_ argv: [String], containerID: String, engine: inout Engine) -> (status: Int32, output: String) {
        guard let program = argv.first else { return (1, "") }
        var shell = Shell(containerID: containerID, engine: engine, interactive: false, terminal: false)
        let base = String(program.split(separator: "/").last ?? "")
        if ["sh", "bash", "dash"].contains(base), argv.count >= 3, argv[1] == "-c" {
            if base == "bash" {
                shell.flavor = .bash
            } else if shell.isBusyBox {
                shell.flavor = .ash(program, script: true)
            } else {
                shell.flavor = .dash(program)
            }
            let result = shell.execute(argv[2], engine: &engine)
            return (result.exited ?? result.status, result.combined)
        }
        guard shell.which(program, engine: engine) != nil else {
            return (
                127, ""
            )
        }
        let line = argv.map(ShellQuote.quote).joined(separator: " ")
        let result = shell.execute(line, engine: &engine)
        return (result.exited ?? result.status, result.combined)
    }
}
