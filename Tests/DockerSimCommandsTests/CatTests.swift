import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// `cat`'s options, as coreutils 9.1 (`cat.c`) prints them; BusyBox's `-nbvteA`. The expected
/// texts are GNU cat's on Debian 12.
@Suite struct CatTests {
    static func host(_ lines: [String]) -> Session {
        let session = newSession()
        _ = run(session, lines)
        return session
    }

    @Test func numbersEndsTabsAndNonprinting() {
        let session = Self.host(["printf 'a\\tb\\n\\n\\n\\001c\\r\\n' > f", "printf 'x\\n' > g", "printf 'é\\n' > e"])
        #expect(session.handle("cat -A f").stdout == "a^Ib$\n$\n$\n^Ac^M$\n")
        #expect(session.handle("cat -n f").stdout == "     1\ta\tb\n     2\t\n     3\t\n     4\t\u{1}c\r\n")
        #expect(session.handle("cat -b f").stdout == "     1\ta\tb\n\n\n     2\t\u{1}c\r\n")
        #expect(session.handle("cat -s f").stdout == "a\tb\n\n\u{1}c\r\n")
        #expect(session.handle("cat -sn f").stdout == "     1\ta\tb\n     2\t\n     3\t\u{1}c\r\n")
        #expect(session.handle("cat -T f").stdout == "a^Ib\n\n\n\u{1}c\r\n")
        #expect(session.handle("cat -E g").stdout == "x$\n")
        #expect(session.handle("cat -e f").stdout == "a\tb$\n$\n$\n^Ac^M$\n")
        #expect(session.handle("cat -t f").stdout == "a^Ib\n\n\n^Ac^M\n")
        #expect(session.handle("cat -v e").stdout == "M-CM-)\n")
        // The numbers go on from one file to the next, and `-` is stdin (read once).
        #expect(session.handle("cat -n g - g - < g").stdout == "     1\tx\n     2\tx\n     3\tx\n")
        #expect(session.handle("cat g -n").stdout == "     1\tx\n", "options after a file count (getopt permutes)")
        #expect(session.handle("cat -- -n").stderr == "cat: -n: No such file or directory\n")
        #expect(session.handle("printf 'a\\nb' | cat -n").stdout == "     1\ta\n     2\tb")
        #expect(session.handle("cat --number --show-ends g").stdout == "     1\tx$\n")
        #expect(session.handle("cat --show-a g").stdout == "x$\n", "a prefix that names one option is it")
    }

    @Test func unknownOptionsAreRefusedAsGetoptDoes() {
        let session = Self.host(["printf 'x\\n' > g"])
        let invalid = session.handle("cat -x g")
        #expect(invalid.status == 1)
        #expect(invalid.stdout == "")
        #expect(invalid.stderr == "cat: invalid option -- 'x'\nTry 'cat --help' for more information.\n")
        let ambiguous = session.handle("cat --num g")
        #expect(ambiguous.status == 1)
        #expect(
            ambiguous.stderr
                == "cat: option '--num' is ambiguous; possibilities: '--number-nonblank' '--number'\nTry 'cat --help' for more information.\n"
        )
        #expect(
            session.handle("cat --nosuch g").stderr
                == "cat: unrecognized option '--nosuch'\nTry 'cat --help' for more information.\n")
        #expect(
            session.handle("cat --number=2 g").stderr
                == "cat: option '--number' doesn't allow an argument\nTry 'cat --help' for more information.\n")
        #expect(session.handle("cat g").stdout == "x\n")
    }

    @Test func formatWorksOnBytes() {
        var state = CatFormat.State()
        let bytes: [UInt8] = Array("a\tb\n\n\r\n\u{7f}é".utf8)
        #expect(CatFormat().isPlain)
        var all = CatFormat()
        all.showNonprinting = true
        #expect(all.apply([0x7F, 0xFF, 0x80, 0x9F, 0x0A], state: &state) == Array("^?M-^?M-^@M-^_\n".utf8))
        var numbered = CatFormat()
        numbered.number = true
        var fresh = CatFormat.State()
        let expected = "     1\ta\tb\n     2\t\n     3\t\r\n     4\t\u{7f}é"
        #expect(numbered.apply(bytes, state: &fresh) == Array(expected.utf8))
    }

    @Test func busyBoxKnowsItsOwnLetters() throws {
        let session = newSession()
        _ = run(session, ["pull alpine"])
        let numbered = session.handle("docker run --rm alpine sh -c \"printf 'a\\n\\tb\\n' | cat -nA\"")
        #expect(numbered.stdout == "     1\ta$\n     2\t^Ib$\n")
    }
}
