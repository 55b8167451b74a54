import DockerSimTestSupport
import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// A non-interactive shell's errors name where they happened: bash's `NAME: line N: ` (its
/// `error.c`), dash's `NAME: N: `, and a script that does not parse runs up to the failing
/// command, as both read a script one command at a time. Each expected text is what bash 5.2 or
/// dash 0.5.12 prints for the same text on this Debian 12 machine; bash before 5.1 (the images'
/// `shell bash 4.4`) counts `bash -c`'s lines from 0, as its `shell.c` did.
@Suite struct ShellErrorLineTests {
    /// The lines typed at the host's prompt, stdout and stderr in the order written, and the
    /// last status.
    func host(_ lines: [String]) -> (text: String, status: Int32) {
        let session = newSession()
        var text = ""
        var status: Int32 = 0
        for line in lines {
            let output = session.handle(line)
            text += output.text
            status = output.status
            #expect(session.engine.invariantViolations().isEmpty, "after \(line)")
        }
        return (text, status)
    }

    @Test func commandStringErrorsNameTheirLine() {
        #expect(host(["bash -c 'nosuch'"]).text == "bash: line 1: nosuch: command not found\n")
        #expect(host(["bash -c 'echo a; nosuch'"]).text == "a\nbash: line 1: nosuch: command not found\n")
        #expect(host(["bash -c 'echo a\n\nnosuch'"]).text == "a\nbash: line 3: nosuch: command not found\n")
        #expect(host(["bash -c 'cd /nada'"]).text == "bash: line 1: cd: /nada: No such file or directory\n")
        #expect(host(["bash -c 'exit foo'"]).text == "bash: line 1: exit: foo: numeric argument required\n")
        #expect(host(["bash -c 'echo > /nada/x'"]).text == "bash: line 1: /nada/x: No such file or directory\n")
        // `sh -c TEXT NAME`: NAME is `$0`, which starts the errors.
        #expect(host(["bash -c 'nosuch' myname"]).text == "myname: line 1: nosuch: command not found\n")
        #expect(host(["bash -c 'echo $0'"]).text == "bash\n")
    }

    @Test func theLineIsWhereTheCommandEnded() {
        // A quoted newline counts; a backslash-newline counts for the commands after it only.
        #expect(host(["bash -c 'nosuch \"a\nb\"'"]).text == "bash: line 2: nosuch: command not found\n")
        #expect(
            host(["bash -c 'nosuch a \\\nb \\\nc; nosuch2'"]).text
                == "bash: line 1: nosuch: command not found\nbash: line 3: nosuch2: command not found\n")
        // A here-document's body is read after its command.
        #expect(host(["bash -c 'cat <<EOF\na\nEOF\nnosuch'"]).text == "a\nbash: line 4: nosuch: command not found\n")
        #expect(host(["bash -c 'for i in 1 2; do\n  nosuch$i\ndone'"]).text.hasPrefix("bash: line 2: nosuch1"))
        // A `$( )`'s commands are counted from its command's line.
        #expect(host(["bash -c 'echo\nx=$(\nnosuch)'"]).text == "\nbash: line 3: nosuch: command not found\n")
    }

    @Test func functionsNameWhereTheyWereDefined() {
        #expect(host(["bash -c 'f() { nosuch; }; f'"]).text == "environment: line 1: nosuch: command not found\n")
        #expect(host(["echo 'f() { nosuch; }; f' | bash"]).text == "main: line 1: nosuch: command not found\n")
        #expect(
            host(["printf 'f() {\\n  echo\\n  cd /nada\\n}\\nf\\n' > t.sh", "bash t.sh"]).text
                == "\nt.sh: line 3: cd: /nada: No such file or directory\n")
    }

    @Test func scriptsAndStdinNameTheirLines() {
        #expect(
            host(["printf 'echo a\\n\\n\\nnosuch\\n' > t.sh", "bash t.sh"]).text
                == "a\nt.sh: line 4: nosuch: command not found\n")
        #expect(host(["echo nosuch | bash"]).text == "bash: line 1: nosuch: command not found\n")
    }

    @Test func theInteractiveShellNamesNoLine() {
        #expect(host(["nosuch"]).text == "bash: nosuch: command not found\n")
        #expect(host(["f() { nosuch; }", "f"]).text == "bash: nosuch: command not found\n")
        #expect(host(["echo )"]).text == "bash: syntax error near unexpected token `)'\n")
    }

    @Test func aScriptRunsUpToItsSyntaxError() {
        let token = host(["printf 'echo a\\nfoo )\\necho b\\n' > t.sh", "bash t.sh"])
        #expect(token.text == "a\nt.sh: line 2: syntax error near unexpected token `)'\nt.sh: line 2: `foo )'\n")
        #expect(token.status == 2)
        #expect(
            host(["bash -c 'echo )'"]).text
                == "bash: -c: line 1: syntax error near unexpected token `)'\nbash: -c: line 1: `echo )'\n")
        #expect(
            host(["bash -c 'echo )' myname"]).text
                == "myname: -c: line 1: syntax error near unexpected token `)'\nmyname: -c: line 1: `echo )'\n")
        // A whole line fails: nothing of it runs.
        #expect(
            host(["bash -c 'echo a; fi'"]).text
                == "bash: -c: line 1: syntax error near unexpected token `fi'\nbash: -c: line 1: `echo a; fi'\n")
        // The end of the text is the line after the last; an open quote's line is where it opened.
        #expect(host(["bash -c 'echo a; ('"]).text == "bash: -c: line 2: syntax error: unexpected end of file\n")
        #expect(
            host(["printf 'echo a\\nif true\\n' > t.sh", "bash t.sh"]).text
                == "a\nt.sh: line 3: syntax error: unexpected end of file\n")
        #expect(
            host(["bash -c 'echo \"x\n\n'"]).text
                == "bash: -c: line 1: unexpected EOF while looking for matching `\"'\n")
        #expect(
            host(["echo 'echo )' | bash"]).text
                == "bash: line 1: syntax error near unexpected token `)'\nbash: line 1: `echo )'\n")
        // `exit` before the error ends the script there.
        #expect(host(["bash -c 'exit 3\nfi'; echo $?"]).text == "3\n")
    }

    @Test func aLongOpenCommandIsNotReadLineByLineForEver() {
        // 20,000 lines inside an `if` never closed: read once a line, that would be 2 × 10⁸
        // lines parsed; past the limit the error is told as for the whole text.
        let body = String(repeating: "echo x\n", count: 20_000)
        #expect(ShellParser.scriptError("if true; then\n" + body) == nil)
        #expect(ShellParser.scriptError("echo a\nif true; then\necho b\n")?.line == 4)
    }

    @Test func aHereDocumentAtTheEndWarnsWithItsLine() {
        #expect(
            host(["bash -c 'cat <<EOF\na'"]).text
                == "bash: line 2: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\na\n")
    }

    @Test func dashNamesTheLineToo() {
        #expect(
            host(["docker run --rm debian sh -c 'echo a\nnosuch'"]).text.hasSuffix("a\nsh: 2: nosuch: not found\n"))
        #expect(
            host(["docker run --rm debian sh -c 'echo\ncd /nada'"]).text.hasSuffix("\nsh: 2: cd: can't cd to /nada\n"))
        #expect(
            host(["docker run --rm debian sh -c 'echo a\necho )'"]).text.hasSuffix(
                "a\nsh: 2: Syntax error: \")\" unexpected\n"))
        #expect(
            host(["docker run --rm debian sh -c 'if true'"]).text.hasSuffix(
                "sh: 1: Syntax error: end of file unexpected\n"))
        #expect(
            host(["docker run --rm debian sh -c 'echo \"a'"]).text.hasSuffix(
                "sh: 1: Syntax error: Unterminated quoted string\n"))
    }

    @Test func bashBeforeFiveOneCountsFromZero() {
        // php:5.6-apache is Debian 9's (`shell bash 4.4`): line 0 is not named, line 1 is.
        let old = host(["docker run --rm php:5.6-apache bash -c 'echo > /nada/x; echo\nnosuch'"]).text
        #expect(old.contains("\nbash: /nada/x: No such file or directory\n"))
        #expect(old.hasSuffix("\nbash: line 1: nosuch: command not found\n"))
        #expect(
            host(["docker run --rm php:5.6-apache bash -c 'echo )'"]).text.hasSuffix(
                "bash: -c: line 0: syntax error near unexpected token `)'\nbash: -c: line 0: `echo )'\n"))
        // php:7.4-apache is Debian 11's (bash 5.1).
        #expect(
            host(["docker run --rm php:7.4-apache bash -c 'nosuch'"]).text.hasSuffix(
                "bash: line 1: nosuch: command not found\n"))
    }

    @Test func theShellsVersionDecidesTheFirstLine() {
        var spec = ProgramSpec(kind: .shell)
        spec.shellName = "bash"
        #expect(spec.commandStringFirstLine == 1)
        spec.shellVersion = (5, 0)
        #expect(spec.commandStringFirstLine == 0)
        spec.shellVersion = (5, 1)
        #expect(spec.commandStringFirstLine == 1)
        spec.shellVersion = (4, 4)
        #expect(spec.commandStringFirstLine == 0)
        spec.shellName = "dash"
        #expect(spec.commandStringFirstLine == 1)
    }
}
