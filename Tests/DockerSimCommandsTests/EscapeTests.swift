import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// The backslash escapes of `printf` and `echo -e` (bash 5.2 reads both with one function,
/// `ansicstr`): octal and `\x` escapes are bytes, so a UTF-8 character spelled as bytes is that
/// character. The expected texts are bash's and BusyBox 1.36's.
@Suite struct EscapeTests {
    @Test func octalAndHexEscapesAreBytes() {
        let session = newSession()
        #expect(session.handle("printf '\\303\\251\\n'").stdout == "é\n")
        #expect(session.handle("printf '\\xc3\\xa9!\\n'").stdout == "é!\n")
        #expect(session.handle("printf '%b\\n' '\\0303\\0251'").stdout == "é\n")
        #expect(session.handle("echo -e '\\0303\\0251'").stdout == "é\n")
        #expect(session.handle("echo -e 'a\\x41\\x4a\\x4Bz'").stdout == "aAJKz\n")
        #expect(session.handle("printf '\\101\\x42\\n'").stdout == "AB\n")
        // A byte alone that is not UTF-8 cannot be kept in dockersim's text: U+FFFD.
        #expect(session.handle("printf '\\377' | wc -c").stdout == "3\n")
        // Bytes across a conversion are apart: the `%s` between them ends the first.
        #expect(session.handle("printf '\\303%s\\251' x").stdout == "\u{FFFD}x\u{FFFD}")
        #expect(session.handle("printf 'é' | wc -c").stdout == "2\n")
    }

    @Test func unicodeEscapesAreBashs() {
        let session = newSession()
        #expect(session.handle("printf '\\u00e9\\U0001F433\\n'").stdout == "é🐳\n")
        #expect(session.handle("echo -e '\\u00e9'").stdout == "é\n")
        #expect(session.handle("printf '\\x\\n'").stdout == "\\x\n", "no digit: the escape stays")
        #expect(session.handle("printf '\\q\\n'").stdout == "\\q\n")
        #expect(session.handle("echo -e 'a\\cb'; echo c").stdout == "ac\n")
        #expect(session.handle("echo -e '\\101'").stdout == "\\101\n", "echo's octal needs \\0")
        #expect(session.handle("printf '%b|%s\\n' 'x\\ty' 'x\\ty'").stdout == "x\ty|x\\ty\n")
    }

    @Test func busyBoxLeavesUnicodeEscapes() {
        let session = newSession()
        _ = run(session, ["pull alpine", "run -it --name alp alpine"])
        #expect(session.handle("printf '\\u00e9|\\303\\251\\n'").stdout == "\\u00e9|é\n")
        #expect(session.handle("echo -e '\\x41\\u00e9'").stdout == "A\\u00e9\n")
    }
}
