import Testing

@testable import DockerSimCommands

/// `Replayer.terminalText` (a `\r\n` line end is a line end; a lone `\r` stays) works on bytes:
/// it gives what the scalar-by-scalar version gave.
@Suite struct TerminalTextTests {
    /// The scalar-by-scalar version it replaced.
    static func byScalars(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var scalars = String.UnicodeScalarView()
        var pending = false
        for scalar in text.unicodeScalars {
            if pending && scalar != "\n" { scalars.append("\r") }
            pending = scalar == "\r"
            if !pending { scalars.append(scalar) }
        }
        if pending { scalars.append("\r") }
        return String(scalars)
    }

    @Test func bytesGiveWhatScalarsGave() {
        let pieces = ["\r\n", "\r", "\n", "\r\r\n", "\n\r", "a", "ñ", "😀", "e\u{301}", "\u{1B}[0m", " ", ""]
        var texts = [
            "", "no carriage return\n", "HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n<html>", "lone\rreturn",
            "ends with\r", "\r", "\r\n", "\r\r\r\n\n", "ñandú\r\ncafé\r😀\r\n",
        ]
        for first in pieces {
            for second in pieces {
                for third in pieces { texts.append(first + "x" + second + third + "y" + first) }
            }
        }
        for text in texts {
            #expect(Replayer.terminalText(text) == Self.byScalars(text), "\(Array(text.utf8))")
            #expect(Array(Replayer.terminalText(text).utf8) == Array(Self.byScalars(text).utf8))
        }
        #expect(Replayer.terminalText("a\r\nb\rc\r") == "a\nb\rc\r")
    }
}
