import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// The shortcuts of a typed host line (issue 18: `run -it` + `exit`) agree with the general
/// readers they stand for.
@Suite struct SessionFastPathTests {
    /// ``Session/hasNewline(_:)`` is `text.utf8.contains(0x0A)`.
    @Test func newlineByteIsTheUTF8ViewsContains() {
        let texts = [
            "", "exit", "\n", "a\n", "\na", "docker run -it --name contenedor1 ubuntu", "a\r\nb", "a\rb", "é\n",
            "naïve text without one", String(repeating: "x", count: 300) + "\n", String(repeating: "y", count: 300),
            "🐳\n🐳", "\u{0085}", "\u{2028}",
        ]
        for text in texts {
            #expect(Session.hasNewline(text) == text.utf8.contains(0x0A), "\(text.debugDescription)")
            let substring = text.dropFirst()
            let bridged = String(substring)
            #expect(Session.hasNewline(bridged) == bridged.utf8.contains(0x0A), "\(bridged.debugDescription)")
        }
    }

    /// A flag is found by ``ParsedArguments/values(_:)`` exactly when a scan of the flags given
    /// finds it, whatever the lengths of their names (the length bits wrap at 64).
    @Test func lengthBitsRuleOutOnlyFlagsNotGiven() {
        let given = [
            "a", "tty", "env", "name", "rm", String(repeating: "l", count: 64), String(repeating: "m", count: 65),
            "publish", "é", "e\u{301}",
        ]
        var queried = given
        queried += [
            "b", "ttx", "nam", "names", String(repeating: "l", count: 63), String(repeating: "m", count: 1),
            String(repeating: "n", count: 65), "", "publisH", "\u{E9}", "volume", "detach",
        ]
        for count in 0...given.count {
            var args = ParsedArguments()
            for (index, name) in given.prefix(count).enumerated() { args.append("v\(index)", to: name) }
            if count > 1 { args.append("again", to: given[1]) }
            for name in queried {
                let scanned =
                    args.entries.first { $0.name.utf8.count == name.utf8.count && $0.name == name }?.values
                #expect(args.values(name) == scanned, "\(count) \(name)")
            }
        }
    }

    /// The host shell taken out for a line and put back (with a stand-in kept for the next
    /// line) is the student's own on every line: its variables and `$?` survive docker lines,
    /// and a line that waited for a container's shell goes on with that shell's status.
    @Test func theHostShellSurvivesItsLines() {
        let session = newSession()
        run(session, ["X=kept", "docker pull ubuntu", "ps -a"])
        #expect(run(session, ["echo $X"]).stdout == "kept\n")
        run(session, ["docker run -it --name c1 ubuntu; echo after $? $X"])
        #expect(session.inContainer)
        let exited = run(session, ["exit 3"])
        #expect(exited.stdout.contains("after 3 kept\n"))
        #expect(!session.inContainer)
        #expect(run(session, ["echo $? $X"]).stdout == "0 kept\n")
        #expect(run(session, ["false"]).status == 1)
        #expect(run(session, ["echo $?"]).stdout == "1\n")
        #expect(session.hostShell.lastStatus == 0)
    }

    /// A long flag's name and inline value read as bytes (``FlagParser/longFlagBytes(_:)``)
    /// are the pieces of the characters' split at the first `=` (or nothing, when the bytes
    /// cannot tell).
    @Test func longFlagBytesAreTheCharactersSplit() {
        let words = [
            "--name", "--name=uno", "--name=", "--=", "--=x", "--", "--env=A=1", "--env==", "--na=\u{301}me", "--né=x",
            "--e\u{301}=x", "--x=\u{301}", "--\u{0600}=x", "--x\u{0600}=y", "--a\r=b", "--a=\r\nb", "--🐳=🐳",
            "--label=é=1", "--a=b=c", "--ünïcode", "--x=\u{200D}y",
        ]
        for word in words {
            let body = word.dropFirst(2)
            let pieces = body.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let reference = (String(pieces[0]), pieces.count > 1 ? String(pieces[1]) : nil)
            let split = FlagParser.longFlag(word)
            #expect(split.name == reference.0 && split.inline == reference.1, "\(word.debugDescription)")
            if let bytes = FlagParser.longFlagBytes(word) {
                #expect(bytes.name == reference.0 && bytes.inline == reference.1, "\(word.debugDescription)")
            }
        }
        #expect(FlagParser.longFlagBytes("--na=\u{301}me") == nil)
        #expect(FlagParser.longFlagBytes("--name=uno") != nil)
    }
}
