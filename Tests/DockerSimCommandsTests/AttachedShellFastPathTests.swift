import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// The host line's and the attached shell's shortcuts of `run -it` + `exit` (issue 18) agree
/// with the general paths they stand for.
@Suite struct AttachedShellFastPathTests {
    /// What a container's shell is made of, to compare.
    private func summary(_ shell: Shell) -> [String] {
        [
            String(describing: shell.cwd), String(describing: shell.env.sorted { $0.key < $1.key }),
            String(describing: shell.loadedHistory), String(describing: shell.flavor), "\(shell.interactive)",
            "\(shell.terminal)", shell.containerID,
        ]
    }

    /// The shell made with the engine borrowed through `inout` is the one made with it passed
    /// by value: a new container, one with a history and a working directory, bash found or not.
    @Test func theShellMadeInOutIsTheShellMadeByValue() throws {
        let session = Session(engine: Engine(clock: .manual(at: Timestamp(seconds: 1_700_000_000)), seed: 1))
        #expect(session.handle("docker pull ubuntu").status == 0)
        #expect(session.handle("docker run -it --name uno -w /tmp -e A=1 -e B=x=y ubuntu").status == 0)
        #expect(session.handle("echo hola").status == 0)
        #expect(session.handle("exit").status == 0)
        #expect(session.handle("docker start uno").status == 0)
        #expect(session.handle("docker create --name dos ubuntu").status == 0)
        var engine = session.engine
        for name in ["uno", "dos"] {
            let id = try #require(engine.containers.values.first { $0.name == name }?.id)
            for (interactive, terminal, foundBash) in [(true, true, true), (true, true, false), (false, false, false)] {
                let byValue = Shell(
                    containerID: id, engine: engine, interactive: interactive, terminal: terminal, foundBash: foundBash)
                let inOut = Shell(
                    containerID: id, in: &engine, interactive: interactive, terminal: terminal, foundBash: foundBash)
                #expect(summary(inOut) == summary(byValue), "\(name) \(interactive) \(foundBash)")
            }
        }
        let uno = try #require(engine.containers.values.first { $0.name == "uno" }?.id)
        let shell = Shell(containerID: uno, in: &engine, interactive: true, terminal: true, foundBash: true)
        #expect(shell.loadedHistory == ["echo hola", "exit"])
        #expect(shell.cwd == ["tmp"])
        #expect(shell.env["B"] == "x=y")
    }

    /// The bit test of a plain word's bytes is the list of them: ASCII letters, digits and
    /// `-_./:=,@+%`, for every byte.
    @Test func wordByteBitsAreTheListedBytes() {
        let listed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@+%".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(PlainWords.isWordByte(byte) == listed.contains(byte), "\(byte)")
        }
    }

    /// The plain-word reader's first pass (checks and counts the words) leaves its answer the
    /// lexer's: tokens for a plain text, nil for any other.
    @Test func plainWordsCountedFirstAreTheLexersTokens() throws {
        let plain = ["\t", "a", " a", "a ", "\ta\t\tb\t", "a b c d e f g h i j k l m n o p q", "-it", "=", "%+@,"]
        for line in plain {
            var lexer = ShellLexer(line, final: true)
            let tokens = try lexer.tokenize()
            let words = try #require(ShellLexer.plainWords(line), "\(line.debugDescription)")
            #expect(words == tokens, "\(line.debugDescription)")
            #expect(words.capacity >= words.count)
        }
        for line in ["a b;", ";a", "a b c\u{7F}", "a\u{0}", "a b c é", "a \"b\"", "a\u{0B}b", "a b\n"] {
            #expect(ShellLexer.plainWords(line) == nil, "\(line.debugDescription)")
        }
    }
}
