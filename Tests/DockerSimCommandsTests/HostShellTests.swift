import DockerSimTestSupport
import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// The host prompt is bash (DockerSimShell over the simulated host folder) with `docker` as one
/// of its commands and every docker verb an alias of `docker VERB` (issue 11).
@Suite struct HostShellTests {
    /// A line the session takes as complete without lexing it (``Session/isPlainLine(_:)``)
    /// must be one bash would not continue; quotes, operators and reserved words are left to
    /// the parser.
    @Test func plainLinesAreThoseTheParserWouldNotContinue() {
        let plain = [
            "docker run -it --name contenedor1 ubuntu", "exit", "docker images", "ls -la /tmp", "x=1",
            "docker run -d -p 8080:80 --name web josedom24/servidorweb:v1", "echo done-ish fi2 iffy",
        ]
        for line in plain {
            #expect(Session.isPlainLine(line), "\(line)")
            #expect(!ShellParser.continuation(line).needsMore, "\(line)")
        }
        let left = [
            "", "echo 'a", "echo \"a", "echo a \\", "ls |", "true &&", "if true", "for x in a b", "while true",
            "cat <<EOF", "echo $(date", "f() {", "echo a\tb", "case x in", "echo é", "do", "echo a #b", "ls;",
        ]
        for line in left { #expect(!Session.isPlainLine(line), "\(line)") }
    }

    /// The byte-level shortcuts of a typed line agree with the general readers: a reserved word
    /// found by its bytes (``Session/isReservedWord(_:)``) is one of ``Session/reservedWords``;
    /// a literal word taken as its own field (``Shell/isPlainLiteral(_:)``) expands to itself
    /// and is no pattern; an assignment is only looked for in a word with an `=` byte; a short
    /// flag found in the spec's index is the first flag of that shorthand.
    @Test func typedLineShortcutsAgreeWithTheGeneralReaders() {
        var words = Array(Session.reservedWords)
        for word in Session.reservedWords {
            words += [word.uppercased(), String(word.dropLast()), word + "s", "x" + word, String(word.reversed())]
        }
        words += ["", "e", "iff", "donee", "ré", "dô", "função", "in1", "wh"]
        for word in words {
            let found = Array(word.utf8).withUnsafeBufferPointer { Session.isReservedWord($0) }
            #expect(found == Session.reservedWords.contains(word), "\(word)")
        }
        var shell = Shell(hostOf: Engine(clock: .manual(at: .zero), seed: 1))
        var engine = Engine(clock: .manual(at: .zero), seed: 1)
        for text in ["-it", "ubuntu", "contenedor1", "a~b", "", "é", "--name=x", "x=1", "/tmp/a.txt", "a.b-c_d:e@f"] {
            #expect(Shell.isPlainLiteral(text), "\(text)")
            #expect(shell.expandFields([.literal(text)], engine: &engine) == [text], "\(text)")
            #expect(!Shell.hasPattern([.literal(text)]), "\(text)")
        }
        for text in ["~", "~/x", "~usuario", "*", "a*", "b?", "[ab]", "x[", "é*"] {
            #expect(!Shell.isPlainLiteral(text), "\(text)")
        }
        for text in ["a=b", "=", "x", "", "é=ñ", "e\u{301}=1", "a==", "abc"] {
            #expect(ShellParser.hasEqualsByte(text) == text.unicodeScalars.contains("="), "\(text)")
        }
        for spec in [RunCommand.spec, StartCommand.spec, RmCommand.spec, ExecCommand.spec, PsCommand.spec] {
            for value in UInt8(0)..<128 {
                let short = Character(Unicode.Scalar(value))
                #expect(spec.flag(short: short)?.long == spec.flags.first { $0.short == short }?.long, "\(value)")
            }
            for flag in spec.flags { #expect(spec.flag(long: flag.long)?.long == flag.long) }
            #expect(spec.flag(long: "no-such-flag") == nil)
            #expect(spec.flag(short: "\u{212A}")?.long == spec.flags.first { $0.short == "\u{212A}" }?.long)
        }
        for text in ["", "a", "a\n", "a\nb\n\nc", "a\r\nb", "é\nñ\n"] {
            var lines = 0
            for scalar in text.unicodeScalars where scalar == "\n" { lines += 1 }
            #expect(LogEntry.jsonFileBytes(text) == text.utf8.count + 70 * max(lines, 1), "\(text)")
        }
    }

    /// The shortcuts of a plain line's run give what the general readers give: its tokens
    /// (``ShellLexer/plainWords(_:)``), its line count (``Shell/lineCount(_:)``) and a path's
    /// components (``FilePath/components(_:)``).
    @Test func plainLineShortcutsAgreeWithTheGeneralReaders() throws {
        let plain = [
            "docker run -it --name contenedor1 ubuntu", "exit", "", "   ", "x=1 y=a,b", "a\tb  c", " lead trail ",
            "docker run -d -p 8080:80 --name web josedom24/servidorweb:v1", "user@host:1+2%3",
        ]
        for line in plain + ["if", "x=1", "a=b c", "time ls", "1a=b c", "ls -la /tmp", "done", "echo done fi"] {
            var lexer = ShellLexer(line, final: true)
            let tokens = try lexer.tokenize()
            #expect(ShellLexer.plainWords(line) == tokens, "\(line)")
            // The parse of plain words without the parser: the parser's node.
            var parser = ShellParser.Parser(tokens: tokens)
            let general = try? parser.list(until: [])
            let shortcut = try? ShellParser.parse(line, final: true).node
            #expect(String(describing: shortcut) == String(describing: general), "\(line)")
        }
        for line in ["echo 'a b'", "ls | wc", "echo $HOME", "a\nb", "echo é", "# c", "ls *.txt", "x\r"] {
            #expect(ShellLexer.plainWords(line) == nil, "\(line)")
        }
        for text in ["", "a", "a\n", "a\nb\n\nc", "a\r\nb", "\r\n\n", "é\nñ"] {
            #expect(Shell.lineCount(text) == text.split(separator: "\n", omittingEmptySubsequences: false).count)
        }
        let paths = ["/", "", "/bin/bash", "a/./b//c/", "/./.", "../x/..", "/é/ñ.txt", "/.hidden/..x/.", "./"]
        let expected: [[String]] = [
            [], [], ["bin", "bash"], ["a", "b", "c"], [], ["..", "x", ".."], ["é", "ñ.txt"], [".hidden", "..x"], [],
        ]
        for (path, parts) in zip(paths, expected) { #expect(FilePath.components(path) == parts, "\(path)") }
    }

    /// An ASCII text is read by byte where the lexer makes strings or looks for a closing
    /// quote; the tokens are those of the same text read by Character (a first line holding
    /// only a comment with a non-ASCII letter makes the lexer read by Character, and adds only
    /// the newline's token).
    @Test func asciiTextIsTokenizedAsByCharacter() {
        let scripts = [
            "echo 'a b' \"c $d\" `date` $(ls -l) ${HOME} $x_1 \\$y", "cat <<EOF\nline $v\n`pwd`\nEOF\n",
            "cat <<-'END'\n\tkeep $v\n\tEND\necho done", "bash -c 'apt-get update && apt-get install -y x' ; echo ok",
            "echo $((1 + 2)) $(( 3 )) 'unterminated", "a=1 b='two words' c\\ d", "echo `echo 'x'` \"y\"z",
            "for i in 1 2; do echo \"$i\"; done", "echo ${", "cat <<EOF\nno end", "echo $(", "echo `", "",
        ]
        func tokens(_ text: String, final: Bool, lenient: Bool) -> String {
            var lexer = ShellLexer(text, final: final)
            lexer.lenient = lenient
            do {
                var made = try lexer.tokenize()
                if text.hasPrefix("#é\n"), made.first == .op("\n") { made.removeFirst() }
                return String(describing: made) + String(describing: lexer.openQuote)
            } catch {
                return String(describing: error)
            }
        }
        for script in scripts {
            #expect(ShellLexer(script, final: true).ascii != nil)
            #expect(ShellLexer("#é\n" + script, final: true).ascii == nil)
            for final in [true, false] {
                for lenient in [false, true] {
                    #expect(
                        tokens(script, final: final, lenient: lenient)
                            == tokens("#é\n" + script, final: final, lenient: lenient), "\(script)")
                }
            }
        }
    }

    func withContainers() -> Session {
        let session = newSession()
        run(session, ["pull ubuntu", "run -d --name web ubuntu sleep 1000", "run --name c1 ubuntu true"])
        return session
    }

    @Test func doubleQuotesKeepTheBackslashAsBashDoes() {
        let session = withContainers()
        #expect(
            session.handle("ps -a --format \"table {{.ID}}\\t{{.Names}}\"").stdout.hasPrefix("CONTAINER ID   NAMES\n"))
        #expect(session.handle("echo \"a\\tb\"").stdout == "a\\tb\n")
        #expect(session.handle("echo 'a\\tb'").stdout == "a\\tb\n")
        #expect(session.handle("echo -e \"a\\tb\"").stdout == "a\tb\n")
        #expect(session.handle("echo a\\ b \"\\$HOME\" \"$HOME\"").stdout == "a b $HOME /home/usuario\n")
    }

    /// grep's basic and extended expressions, -o, -c, -i, -n; head on CRLF lines (an HTTP head).
    @Test func grepAndHeadAsGNUHasThem() {
        let session = newSession()
        #expect(
            session.handle("printf 'HTTP/1.1 200 OK\\r\\nDate: x\\r\\n\\r\\n' | head -1").stdout
                == "HTTP/1.1 200 OK\r\n")
        #expect(
            session.handle("echo '<title>Hola</title> x' | grep -o '<title>.*</title>'").stdout
                == "<title>Hola</title>\n")
        #expect(session.handle("echo abc | grep 'a\\|z'").stdout == "abc\n")
        #expect(session.handle("printf 'a\\nb\\na\\n' | grep -c a").stdout == "2\n")
        #expect(session.handle("printf 'a\\nb\\nc\\n' | grep -nE '^(a|c)$'").stdout == "1:a\n3:c\n")
        #expect(session.handle("echo HOLA | grep -i hola").stdout == "HOLA\n")
        #expect(session.handle("echo 'a+' | grep 'a+'").stdout == "a+\n")
        let plus = session.handle("echo aa | grep 'a+'")
        #expect(plus.stdout.isEmpty && plus.status == 1)
        #expect(session.handle("echo 'x[1]' | grep -F '[1]'").stdout == "x[1]\n")
        #expect(session.handle("echo 'Hola HOLA' | grep -oiF hola").stdout == "Hola\nHOLA\n")
        #expect(session.handle("echo 'a]b' | grep '[]]'").stdout == "a]b\n")
        let bad = session.handle("echo a | grep '['")
        #expect(bad.stderr == "grep: Unmatched [, [^, [:, [., or [=\n" && bad.status == 2)
        #expect(session.handle("printf 'a b\\r\\nc\\r\\n' | wc -l").stdout == "2\n")
    }

    @Test func dockerInsideTheShell() throws {
        let session = withContainers()
        #expect(session.handle("docker rm -f $(docker ps -aq)").stdout.split(separator: "\n").count == 2)
        #expect(session.engine.containers.isEmpty)
        run(session, ["run -d --name web ubuntu sleep 1000"])
        #expect(session.handle("docker inspect web | grep IPAddress").stdout.contains("\"IPAddress\": \"172.17.0.2\""))
        #expect(session.handle("ps -q | wc -l").stdout == "1\n")
        #expect(session.handle("images --format '{{.Repository}}' | head -n 1").stdout == "ubuntu\n")
        #expect(session.handle("docker ps > lista.txt; cat lista.txt | grep -c web").status == 0)
        #expect(session.handle("false || echo $?").stdout == "1\n")
        #expect(session.handle("stop nada && echo no").stdout == "")
        #expect(session.handle("echo $(pwd)").stdout == "/home/usuario\n")
    }

    @Test func theHostFolder() {
        let session = newSession()
        run(session, ["mkdir -p web/html", "cd web", "echo hola > html/index.html", "touch b A"])
        #expect(session.handle("ls").stdout == "A  b  html\n")
        #expect(
            session.handle("ls -l").stdout == """
                total 4
                -rw-r--r-- 1 usuario usuario    0 Jan 28 17:00 A
                -rw-r--r-- 1 usuario usuario    0 Jan 28 17:00 b
                drwxr-xr-x 2 usuario usuario 4096 Jan 28 17:00 html

                """)
        #expect(session.handle("ls html .").stdout == ".:\nA  b  html\n\nhtml:\nindex.html\n")
        #expect(session.handle("pwd").stdout == "/home/usuario/web\n")
        #expect(session.engine.hostCwd == ["home", "usuario", "web"])
        // `cd` in `$( )` stays there.
        #expect(session.handle("echo $(cd /tmp; pwd) $(pwd)").stdout == "/tmp /home/usuario/web\n")
        // The host is simulated: the real disk's paths are not there; its accounts are Debian's
        // and the user's.
        #expect(session.handle("cat /etc/machine-id").stderr == "cat: /etc/machine-id: No such file or directory\n")
        #expect(
            session.handle("grep usuario /etc/passwd").stdout
                == "usuario:x:1000:1000:usuario,,,:/home/usuario:/bin/bash\n")
        #expect(session.handle("ls /").stdout == "etc  home  opt  tmp  usr  var\n")
    }

    /// `2>&1` joins a docker command's streams in the order it wrote them: httpd's start-up
    /// messages (stderr) come before the access log line (stdout) a later request made.
    @Test func joinedStreamsKeepTheirOrder() {
        let session = makeSession()
        session.run("docker run -d --name web -p 8080:80 httpd:2.4", "curl -s localhost:8080")
        let last = session.handle("docker logs web 2>&1 | tail -n 1").stdout
        #expect(last.hasPrefix("172.17.0.1 - - ["))
        #expect(session.handle("docker logs web 2>&1 | head -n 1").stdout.hasPrefix("AH00558: "))
        session.run("docker logs web > registro 2>&1")
        #expect(session.handle("tail -n 1 registro").stdout == last)
    }

    @Test func hereDocumentsOverSeveralLines() {
        let session = newSession()
        #expect(session.handle("cat > Dockerfile <<'EOF'").text == "")
        #expect(session.prompt == "> ")
        session.handle("FROM ubuntu")
        session.handle("RUN echo $HOME")
        #expect(session.prompt == "> ")
        session.handle("EOF")
        #expect(session.prompt == "$ ")
        #expect(session.handle("cat Dockerfile").stdout == "FROM ubuntu\nRUN echo $HOME\n")
        // Unquoted: `$` expands; `<<-` drops leading tabs.
        session.handle("cat <<-FIN > b.txt\n\tcasa: $HOME\n\tFIN")
        #expect(session.handle("cat b.txt").stdout == "casa: /home/usuario\n")
        // An open quote goes on too; the log keeps each line with its prompt.
        session.handle("echo \"uno")
        #expect(session.handle("dos\"").stdout == "uno\ndos\n")
        #expect(session.log.suffix(2).map(\.prompt) == ["$ ", "> "])
        // At the end of input bash warns and runs what there is.
        session.handle("cat <<EOF")
        session.handle("hola")
        let end = session.endOfInput()
        #expect(end.text == "bash: warning: here-document at line 12 delimited by end-of-file (wanted `EOF')\nhola\n")
    }

    /// A here-document's body is added line by line without reading the whole text again: what
    /// the session waits for after each line is what bash decides from all the lines so far.
    @Test(arguments: [
        ["cat <<EOF", "a", "EOF x", " EOF", "EOF"],
        ["cat <<-FIN", "\tuno", "FIN2", "\t\tFIN"],
        ["cat <<A <<B", "a", "B", "A", "b", "A", "B"],
        ["cat <<''", "x", "", "y"],
        ["cat <<E; echo 'x", "E", "y'"],
        ["cat <<E", "uno\r", "E"],
        ["cat <<E", "E\r", "E"],
        ["cat <<E", "\"", "$(", "E", "echo fin"],
        ["if true; then cat <<E", "fi", "E", "fi"],
    ])
    func hereDocumentLinesWaitAsBashDecides(_ lines: [String]) {
        let session = newSession()
        var typed: [String] = []
        for line in lines {
            typed.append(line)
            session.handle(line)
            let waits = ShellParser.needsMore(typed.joined(separator: "\n"))
            #expect(session.pendingLines.isEmpty == !waits, "after \(typed)")
            if !waits { typed = [] }
        }
    }

    @Test func aLineWaitsForTheContainerItAttaches() {
        let session = newSession()
        run(session, ["pull ubuntu"])
        #expect(session.handle("run -it --name tt ubuntu; echo \"salió con $?\"").text == "")
        #expect(session.inContainer)
        let exit = session.handle("exit 3")
        #expect(exit.text == "exit\nsalió con 3\n")
        #expect(!session.inContainer)
        #expect(session.lastStatus == 0)
    }

    @Test func questionsWaitForTheirAnswerOrReadAPipe() {
        let session = newSession()
        run(session, ["pull ubuntu", "run --name c1 ubuntu true"])
        let asked = session.handle("container prune; echo fin")
        #expect(asked.text.hasSuffix("Are you sure you want to continue? [y/N] "))
        #expect(session.prompt == "")
        let answered = session.handle("y")
        #expect(answered.text.hasPrefix("Deleted Containers:\n"))
        #expect(answered.text.hasSuffix("fin\n"))
        run(session, ["run --name c2 ubuntu true"])
        let piped = session.handle("echo y | docker container prune")
        #expect(piped.text.contains("Deleted Containers:\n"))
        #expect(session.engine.containers.isEmpty)
    }

    @Test func bareDockerVerbsAreAliases() {
        let session = newSession()
        run(session, ["touch nota.txt"])
        #expect(
            session.handle("type rm ls cd").stdout
                == "rm is aliased to `docker rm'\nls is /usr/bin/ls\ncd is a shell builtin\n")
        #expect(session.handle("alias ps").stdout == "alias ps='docker ps'\n")
        let docker = session.handle("rm nota.txt")
        #expect(docker.status == 1)
        #expect(docker.stderr.hasSuffix("for your computer's rm type `\\rm …` (or `command rm …`)\n"))
        session.language = .es
        #expect(session.handle("rm nota.txt").stderr.contains("para el rm de tu ordenador escribe `\\rm …`"))
        #expect(session.handle("\\rm nota.txt").status == 0)
        #expect(session.handle("ls").stdout == "")
        // No hint when the host reading is not what was meant.
        #expect(!session.handle("rm nada").stderr.contains("dockersim"))
    }

    @Test func exitEndsTheSession() {
        let session = newSession()
        let step = session.step(.line("exit 3"))
        #expect(step.ended == 3)
        let other = newSession()
        other.handle("false")
        #expect(other.step(.endOfInput).ended == 1)
        #expect(newSession().step(.line("quit")).ended == 0)
    }

    @Test func helpIsTheSameEverywhere() {
        let session = newSession()
        #expect(session.handle("help").stdout == Help.dockersim(.en))
        session.language = .es
        #expect(session.handle("ayuda").stdout == Help.dockersim(.es))
        #expect(session.handle("clear").chunks.first?.event == .clearScreen)
    }

    @Test func aTranscriptTakesContinuationLines() throws {
        let text = """
            ```console
            $ cat > Dockerfile <<'EOF'
            > FROM ubuntu
            > EOF
            $ cat Dockerfile
            FROM ubuntu
            ```
            """
        let transcript = try Transcript.parse(text, path: "heredoc.md")
        #expect(Replayer.replay(transcript).isEmpty)
        // A recorded session writes the same lines back.
        let session = newSession()
        // Into a file of its own (as root, "/nonexistent" was created at the file system's root).
        let file = NSTemporaryDirectory() + "dockersim-recording-\(UUID().uuidString).md"
        defer { try? FileManager.default.removeItem(atPath: file) }
        session.startRecording(to: file)
        run(session, ["cat > Dockerfile <<'EOF'", "FROM ubuntu", "EOF", "cat Dockerfile"])
        let recorded = session.transcriptText(showingFrom: 0)
        #expect(recorded.contains("$ cat > Dockerfile <<'EOF'\n> FROM ubuntu\n> EOF\n$ cat Dockerfile\nFROM ubuntu\n"))
        #expect(Replayer.replay(try Transcript.parse(recorded, path: "recorded.md")).isEmpty)
    }

    /// A container shell's environment splits each `NAME=value` of the container's at its first
    /// `=` as bash gets it (the byte-level split agrees with the split by characters), and the
    /// prompt's `\w` of `/` follows `$HOME` as ``Shell/displayCwd`` always did.
    @Test func containerShellEnvironmentAndRootPrompt() {
        let session = newSession()
        session.handle("docker pull ubuntu")
        let pairs = ["A=b=c", "E=", "Ñ=é", "X=\u{301}y", "NOEQUALS", "K\u{301}=v", "P=/usr/bin:/bin"]
        let flags = pairs.map { "-e '\($0)'" }.joined(separator: " ")
        session.handle("docker run -it --name c1 \(flags) ubuntu")
        guard let shell = session.attached?.shell else {
            Issue.record("no shell attached")
            return
        }
        var expected: [String: String] = ["HOME": "/root", "PWD": "/", "TERM": "xterm"]
        expected["HOSTNAME"] = shell.env["HOSTNAME"]
        let configured = session.engine.containers[shell.containerID]?.config.env ?? []
        #expect(configured.contains("K\u{301}=v") && configured.contains("A=b=c"))
        for pair in configured {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { expected[String(parts[0])] = String(parts[1]) }
        }
        #expect(shell.env == expected)
        var probe = shell
        for (home, shown) in [("/", "~"), ("", "~/"), ("/root", "/"), ("/tmp", "/")] {
            probe.env["HOME"] = home
            probe.cwd = []
            #expect(probe.displayCwd == shown, "HOME=\(home)")
            probe.cwd = ["tmp"]
            #expect(probe.displayCwd == (home == "/tmp" ? "~" : home == "" ? "~/tmp" : "/tmp"), "HOME=\(home)")
        }
    }

    /// The switch that tells how a failing command leaves the engine agrees with the three sets
    /// that document it, for every command the table knows and every name in the sets.
    @Test func failurePolicyAgreesWithTheSets() {
        var names = Set(CommandTable.topLevel.values.map(\.name))
        for group in CommandTable.groups.values { names.formUnion(group.commands.values.map(\.name)) }
        names.formUnion(Session.keepsPartialWork)
        names.formUnion(Session.argumentByArgument)
        names.formUnion(Session.changesOnlyAfterChecks)
        #expect(names.count > 40)
        for name in names {
            let policy = Session.failurePolicy(name)
            #expect(policy.keepsPartialWork == Session.keepsPartialWork.contains(name), "\(name)")
            #expect(policy.argumentByArgument == Session.argumentByArgument.contains(name), "\(name)")
            #expect(policy.changesOnlyAfterChecks == Session.changesOnlyAfterChecks.contains(name), "\(name)")
        }
    }

    /// `run`/`create` without any network flag take the default network's shortcut: the same
    /// network mode and endpoint requests as the general parse, for every flag-less form.
    @Test func networkOptionsWithoutFlagsAreTheGeneralParse() throws {
        for words in [
            ["ubuntu"], ["-it", "--name", "c1", "ubuntu"], ["-d", "-p", "8080:80", "nginx"], ["-e", "A=1", "alpine"],
        ] {
            let args = try FlagParser.parse(words, spec: RunCommand.spec)
            var fast = NetworkOptions.Parsed()
            try NetworkOptions.parseNetworks(args, into: &fast)
            var general = NetworkOptions.Parsed()
            try NetworkOptions.parseNetworks(args, into: &general, general: true)
            #expect(fast.hostConfig.networkMode == general.hostConfig.networkMode, "\(words)")
            #expect(fast.endpoints == general.endpoints, "\(words)")
            #expect(fast.hostConfig.networkMode == "bridge")
        }
        // With a flag the general parse runs (and a request is kept as given).
        let args = try FlagParser.parse(["--network", "red", "--ip", "10.0.0.9", "ubuntu"], spec: RunCommand.spec)
        var parsed = NetworkOptions.Parsed()
        try NetworkOptions.parseNetworks(args, into: &parsed)
        #expect(parsed.hostConfig.networkMode == "red")
        #expect(parsed.endpoints["red"]?.ipv4Address == "10.0.0.9")
    }
}
