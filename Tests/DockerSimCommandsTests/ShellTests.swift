import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// The container shell: parsing, loops, `$( )`, `date`, and scripts run by the clock.
@Suite struct ShellTests {
    func inUbuntu(_ lines: [String]) -> CommandOutput {
        let session = newSession()
        run(session, ["pull ubuntu", "run -it --name caja -h caja ubuntu"])
        return run(session, lines)
    }

    @Test func listsAndConditions() {
        #expect(inUbuntu(["true && echo si || echo no"]).stdout == "si\n")
        #expect(inUbuntu(["false && echo si || echo no"]).stdout == "no\n")
        #expect(inUbuntu(["cat /nope; echo $?"]).stdout == "cat: /nope: No such file or directory\n1\n")
        #expect(inUbuntu(["if [ 1 ]; then echo a; fi"]).stdout == "a\n")
        #expect(inUbuntu(["if true; then echo a; else echo b; fi"]).stdout == "a\n")
        #expect(inUbuntu(["if false; then echo a; elif true; then echo c; else echo b; fi"]).stdout == "c\n")
    }

    @Test func loopsAndSubstitution() {
        #expect(inUbuntu(["for x in uno dos tres; do echo $x; done"]).stdout == "uno\ndos\ntres\n")
        #expect(inUbuntu(["echo \"host: $(hostname)\""]).stdout == "host: caja\n")
        #expect(inUbuntu(["echo `whoami`"]).stdout == "root\n")
        #expect(inUbuntu(["X=5; echo $X"]).stdout == "5\n")
        #expect(inUbuntu(["while false; do echo nunca; done; echo fin"]).stdout == "fin\n")
    }

    @Test func pipesAndTextTools() {
        #expect(inUbuntu(["cat /etc/passwd | grep root"]).stdout == "root:x:0:0:root:/root:/bin/bash\n")
        #expect(inUbuntu(["echo a > f; echo b >> f; wc -l f"]).stdout == "2 f\n")
        #expect(
            inUbuntu(["ls /nope 2>&1 | head -n 1"]).stdout == "ls: cannot access '/nope': No such file or directory\n")
    }

    /// Linux's `NAME_MAX`: a name of 256 bytes is refused wherever a path is looked up.
    @Test func namesPast255BytesAreTooLong() {
        let name = String(repeating: "a", count: 255)
        #expect(inUbuntu(["touch \(name); ls | grep -c aaa"]).stdout == "1\n")
        // An interactive container's terminal: stderr comes on the one stream.
        #expect(
            inUbuntu(["touch \(name)b; echo $?; ls \(name)b"]).stdout
                == "touch: cannot touch '\(name)b': File name too long\n1\n"
                + "ls: cannot access '\(name)b': File name too long\n")
    }

    /// Patterns expand to the sorted matches, however many names the folder has.
    @Test func globsSortTheirMatches() {
        let output = inUbuntu([
            "mkdir g; cd g; for i in 3 1 2; do for j in b a; do touch $j$i x$i; done; done",
            "echo [ab]2 a* ?1 x[0-9]",
        ])
        #expect(output.stdout == "a2 b2 a1 a2 a3 a1 b1 x1 x1 x2 x3\n")
    }

    /// Field splitting of unquoted expansions, with and without blanks to split at (the
    /// expected fields are bash 5.2's for the same lines).
    @Test func unquotedExpansionsSplitAsBash() {
        let cases: [(String, String)] = [
            ("''", "[]|[a]|[]"), ("a", "[a]|[aaa]|[aa]"), ("'ab c'", "[ab][c]|[aab][cab][c]|[ab cab][c]"),
            ("' a'", "[a]|[a][a][a]|[ a][a]"), ("'a '", "[a]|[aa][a]|[a a]"), ("é", "[é]|[aéé]|[éé]"),
            ("$(printf 'x\\ty')", "[x][y]|[ax][yx][y]|[x\tyx][y]"),
            ("$(printf 'a\\nb')", "[a][b]|[aa][ba][b]|[a\nba][b]"), ("'  '", "[]|[a]|[  ]"),
            ("$(printf 'a\\r\\nb')", "[a\r][b]|[aa\r][ba\r][b]|[a\r\nba\r][b]"),
        ]
        for (value, expected) in cases {
            let line =
                "x=\(value); printf '[%s]' $x; echo -n '|'; printf '[%s]' a$x$x; echo -n '|'; printf '[%s]' \"$x\"$x"
            #expect(inUbuntu([line]).stdout == expected, "\(value)")
        }
    }

    @Test func dateUsesTheSimulatedClock() {
        // 2024-01-28T18:00:00+01:00 is 17:00 UTC, a Sunday.
        #expect(inUbuntu(["date"]).stdout == "Sun Jan 28 17:00:00 UTC 2024\n")
        #expect(inUbuntu(["date +%T", "sleep 61", "date +\"%F %T\""]).stdout == "2024-01-28 17:01:01\n")
    }

    @Test func syntaxErrorsAreBashs() {
        #expect(inUbuntu(["; ls"]).stdout == "bash: syntax error near unexpected token `;'\n")
        #expect(inUbuntu(["echo a )"]).stdout == "bash: syntax error near unexpected token `)'\n")
        // An open command waits for more lines behind bash's `> ` prompt; the end of input
        // gives bash's error.
        for (line, error) in [
            ("while true; do echo x", "bash: syntax error: unexpected end of file\n"),
            ("echo 'unclosed", "bash: unexpected EOF while looking for matching `''\n"),
        ] {
            let session = newSession()
            run(session, ["pull ubuntu", "run -it --name caja -h caja ubuntu"])
            #expect(session.handle(line).text == "")
            #expect(session.prompt == "> ")
            #expect(session.endOfInput().text == error)
            #expect(session.prompt == "root@caja:/# ")
        }
    }

    @Test func linesThatGoOn() {
        #expect(inUbuntu(["echo 'a", "b'"]).stdout == "a\nb\n")
        #expect(inUbuntu(["for x in 1 2", "do echo $x", "done"]).stdout == "1\n2\n")
        #expect(inUbuntu(["echo uno \\", "dos"]).stdout == "uno dos\n")
        #expect(inUbuntu(["cat <<EOF", "hola $HOSTNAME", "EOF"]).stdout == "hola caja\n")
        #expect(inUbuntu(["cat <<'EOF'", "hola $HOSTNAME", "EOF"]).stdout == "hola $HOSTNAME\n")
        #expect(inUbuntu(["cat <<-EOF", "\tcon tab", "\tEOF"]).stdout == "con tab\n")
        #expect(inUbuntu(["echo $((2 * (3 + 4))) $((7 / 2)) $((1 < 2))"]).stdout == "14 3 1\n")
        #expect(inUbuntu(["echo \"a\\tb\"", "echo -e \"a\\tb\""]).stdout == "a\tb\n")
        #expect(inUbuntu(["echo \"a\\tb\""]).stdout == "a\\tb\n")
    }

    @Test func aLoopThatNeverEndsIsStopped() {
        let output = inUbuntu(["while true; do true; done"])
        #expect(output.stdout.contains("a loop that never ended was stopped"))
    }

    /// The course's loop (modulo2/gestion): it runs by the clock, its file grows, the writable
    /// layer grows with it, and `logs` shows what it printed.
    @Test func loopsRunByTheClock() throws {
        let session = newSession()
        run(
            session,
            [
                "pull ubuntu",
                "run -d --name hora ubuntu bash -c 'while true; do date +\"%T\" >> hora.txt; echo tic; sleep 1; done'",
            ])
        #expect(run(session, ["exec hora cat hora.txt"]).stdout == "17:00:00\n")
        run(session, ["sleep 9"])
        let file = run(session, ["exec hora cat hora.txt"]).stdout
        #expect(file.split(separator: "\n").count == 10)
        #expect(file.hasSuffix("17:00:09\n"))
        #expect(run(session, ["ps -s"]).stdout.contains("90B (virtual 77.9MB)"))
        #expect(run(session, ["logs hora"]).stdout == String(repeating: "tic\n", count: 10))
        #expect(run(session, ["diff hora"]).stdout == "A /hora.txt\n")
        // docker stop: bash ignores SIGTERM, so the loop goes on for 10 seconds, then 137.
        run(session, ["stop hora"])
        #expect(try session.engine.findContainer("hora").exitCode == 137)
        #expect(run(session, ["exec hora ls"]).status == 1)
        #expect(run(session, ["exec hora ls"]).stderr.hasSuffix("is not running\n"))
    }

    @Test func attachedScriptsRunToTheirEnd() {
        let session = newSession()
        let output = run(
            session, ["pull ubuntu", "run ubuntu bash -c 'for i in 1 2 3; do echo $i; sleep 2; done; exit 3'"])
        #expect(output.stdout == "1\n2\n3\n")
        #expect(output.status == 3)
        #expect(run(session, ["ps -a"]).stdout.contains("Exited (3) Less than a second ago"))
    }
}

/// `dockersim replay`'s tools: bless and record.
@Suite struct ReplayToolTests {
    @Test func blessRestoresAChangedLineAndNothingElse() throws {
        let path = transcriptsFolder.appendingPathComponent("curso/modulo3/almacenamiento.md").path
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let broken = original.replacingOccurrences(of: "62B (virtual 77.9MB)", with: "63B (virtual 77.9MB)")
        let result = Replayer.run(try Transcript.parse(broken, path: "copy.md"))
        #expect(!result.passed)
        #expect(result.blessed.joined(separator: "\n") + "\n" == original)
    }

    @Test func aRecordedSessionReplaysGreen() throws {
        let session = newSession(seed: 11)
        session.startRecording(to: "/dev/null")
        run(
            session,
            [
                "pull ubuntu", "run -it --name grabado ubuntu", "echo hola > saludo.txt", "cat saludo.txt", "exit",
                "sleep 12", "ps -a -s", "rmi ubuntu", "diff grabado",
            ])
        let text = session.transcriptText(showingFrom: 0)
        #expect(text.contains("$ sleep 12\n"))
        #expect(text.contains("? 1"))
        let transcript = try Transcript.parse(text, path: "recorded.md")
        let result = Replayer.run(transcript)
        #expect(result.passed, "\(result.mismatches.map(\.description))")
        #expect(result.commands == 9)
    }

    @Test func recordingFromTheMiddleHidesWhatCameBefore() throws {
        let session = newSession(seed: 12)
        run(session, ["pull ubuntu", "run -d --name fondo ubuntu sleep 100"])
        session.startRecording(to: "/dev/null")
        run(session, ["sleep 5", "ps"])
        let text = session.transcriptText(showingFrom: 2)
        #expect(text.contains("<!-- $ pull ubuntu -->"))
        #expect(Replayer.run(try Transcript.parse(text, path: "middle.md")).passed)
    }

    @Test func deviationsAreReportedNotFailed() throws {
        let text = """
            ---
            clock: 2024-01-28T18:00:00Z
            ---
            <!-- deviation: the course printed something else -->
            ```console
            $ docker images
            REPOSITORY   TAG
            ```
            """
        let result = Replayer.run(try Transcript.parse(text, path: "dev.md"))
        #expect(result.deviations.count == 1)
        #expect(result.passed)
    }

    @Test func aDeviationThatNoLongerDiffersFails() throws {
        let text = """
            <!-- deviation: stale -->
            ```console
            $ docker images
            REPOSITORY   TAG       IMAGE ID   CREATED   SIZE
            ```
            """
        #expect(!Replayer.run(try Transcript.parse(text, path: "stale.md")).passed)
    }

    @Test func malformedTranscriptsNameTheirLine() {
        #expect(throws: (any Error).self) { try Transcript.parse("```console\noutput first\n```\n", path: "bad.md") }
        do {
            _ = try Transcript.parse("---\nclock: ayer\n---\n", path: "bad.md")
        } catch {
            #expect(error.description == "bad.md:2: bad clock 'ayer': it must be an RFC 3339 time")
        }
    }
}
