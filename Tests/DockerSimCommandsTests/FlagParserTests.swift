import Testing

@testable import DockerSimCommands

/// The flags of a parsed line, kept as a short list of the flags given (not a dictionary):
/// each flag answers `flag`, `has`, `string` and `list` as pflag's values do.
struct FlagParserTests {
    @Test func parsedFlagsAnswerAsTheirValues() throws {
        let args = try FlagParser.parse(
            [
                "-it", "--name", "uno", "-e", "A=1", "--env=B=2", "--name=dos", "-p", "80:80", "--rm=false",
                "--detach=true", "-e", "C=3", "ubuntu", "bash",
            ], spec: RunCommand.spec)
        #expect(args.flag("interactive") && args.flag("tty") && args.flag("detach"))
        #expect(!args.flag("rm") && args.has("rm"))
        #expect(!args.flag("privileged") && !args.has("privileged"))
        #expect(args.string("name") == "dos")
        #expect(args.list("name") == ["uno", "dos"])
        #expect(args.list("env") == ["A=1", "B=2", "C=3"])
        #expect(args.list("publish") == ["80:80"])
        #expect(args.string("hostname") == nil && args.list("volume").isEmpty)
        #expect(args.operands == ["ubuntu", "bash"])
        // Names of the same length are told apart (`env`, `tty`; `name`, `rm=`…).
        #expect(args.entries.map(\.name) == ["interactive", "tty", "name", "env", "publish", "rm", "detach"])
    }
}
