import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// Issue 18's `run -it` + `exit`, fourth step: the name checks that a switch or a byte filter
/// answers instead of a hashed set (the session's own commands, bash's reserved words, docker's
/// predefined networks) give what the sets give, for their members and for words near them.
@Suite struct RunSeedNameSwitchTests {
    /// Words to ask about: each set's members, and words that share a length, a first byte or
    /// a prefix with them, canonically equal spellings, non-ASCII words, the empty word.
    static let words: [String] = {
        var words = [
            "", "docker", "dockerd", "Docker", "help", "ayuda", "clear", "record", "layers", "explain", "exit", "echo",
            "run", "rm", "ps", "do", "done", "dot", "don", "d", "while", "whilst", "until", "untill", "for", "fort",
            "in", "if", "iff", "then", "elif", "else", "fi", "f", "{", "}", "!", "!!", "{}", "[[", "]]", "case", "esac",
            "bridge", "host", "none", "hosts", "default", "bridg", "nonE", "e\u{301}lif", "d\u{F6}ne", "\u{212A}",
            "if\u{301}", "fi\u{300}", "\u{FB01}", "wh\u{0130}le", "\u{1D41F}o", "sh", "bash", "ubuntu", "contenedor1",
            "-it", "--name", "e", "w", "u", "t", "i", "ee", "whil", "whiles", "untilx",
        ]
        words += ShellParser.reservedWords.map { $0 + "\u{301}" }
        words += ShellParser.reservedWords.map { $0.uppercased() }
        return words
    }()

    @Test func theSessionsOwnCommandsAreTheSet() {
        for word in Self.words + Array(Session.providedCommands) {
            #expect(Session.isProvided(word) == Session.providedCommands.contains(word), "\(word)")
        }
    }

    @Test func reservedWordsAreTheSet() {
        for word in Self.words + Array(ShellParser.reservedWords) {
            #expect(ShellParser.isReservedWord(word) == ShellParser.reservedWords.contains(word), "\(word)")
        }
        // The lexer's tokens say the same.
        for word in Self.words where !word.isEmpty {
            let token = ShellLexer.Token.word([.literal(word)])
            #expect((token.reserved != nil) == ShellParser.reservedWords.contains(word), "\(word)")
        }
    }

    @Test func predefinedNetworksAreTheSet() {
        for word in Self.words + Array(Network.predefinedNames) {
            #expect(Network.isPredefinedName(word) == Network.predefinedNames.contains(word), "\(word)")
        }
    }
}
