import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `test` and `[`, the shell builtin (bash's test.c rules), on a container's disk and the host's.
@Suite struct TestBuiltinTests {
    /// The output (both streams, as the terminal shows them) of `lines` in an attached ubuntu shell.
    func inUbuntu(_ lines: [String]) -> String {
        let session = newSession()
        run(session, ["pull ubuntu", "run -it --name caja -h caja ubuntu"])
        return lines.map { line in
            let output = run(session, [line])
            return output.stdout + output.stderr
        }.joined()
    }

    @Test func filesStringsAndNumbers() {
        let cases: [(String, String)] = [
            ("[ -f /etc/hostname ] && echo f", "f\n"),
            ("[ -d /etc/hostname ] || echo no", "no\n"),
            ("[ -d /etc ] && echo d", "d\n"),
            ("[ -e /nope ] || echo missing", "missing\n"),
            ("test ! -e /nope && echo negated", "negated\n"),
            ("[ -L /bin ] && echo link", "link\n"),
            ("[ -x /usr/bin/ls ] && echo runs", "runs\n"),
            ("[ -s /etc/hostname ] && echo size", "size\n"),
            ("[ -z '' ] && [ -n x ] && echo strings", "strings\n"),
            ("[ abc ] && [ ! '' ] && echo one", "one\n"),
            ("[ ] || echo empty", "empty\n"),
            ("[ 3 -gt 2 ] && [ -5 -lt ' 4' ] && [ 2 -ge 2 ] && echo numbers", "numbers\n"),
            ("[ a = a ] && [ a != b ] && [ a '<' b ] && echo compare", "compare\n"),
            ("[ -f /etc/hostname -a -d /etc ] && echo both", "both\n"),
            ("[ '(' 1 -eq 2 ')' -o 2 -eq 2 ] && echo grouped", "grouped\n"),
            ("[ ! a = b ] && echo four", "four\n"),
            ("x=5; if [ \"$x\" -eq 5 ]; then echo five; fi", "five\n"),
        ]
        for (line, expected) in cases {
            #expect(inUbuntu([line]) == expected, "\(line)")
        }
    }

    @Test func bashErrors() {
        let cases: [(String, String)] = [
            ("[ 1 -eq a ]; echo $?", "bash: [: a: integer expression expected\n2\n"),
            ("[ 1 = 1; echo $?", "bash: [: missing `]'\n2\n"),
            ("[ a b ]; echo $?", "bash: [: a: unary operator expected\n2\n"),
            ("test a b c; echo $?", "bash: test: b: binary operator expected\n2\n"),
            ("[ a = b c ]; echo $?", "bash: [: too many arguments\n2\n"),
            ("[ a = a -z ]; echo $?", "bash: [: syntax error: `-z' unexpected\n2\n"),
            ("[ '(' a ]; echo $?", "bash: [: (: unary operator expected\n2\n"),
            ("[ '(' a = a ]; echo $?", "bash: [: `)' expected\n2\n"),
        ]
        for (line, expected) in cases {
            #expect(inUbuntu([line]) == expected, "\(line)")
        }
    }

    @Test func dashAndBusyBoxWordTheirOwnErrors() {
        #expect(inUbuntu(["sh -c '[ 1 -eq a ]'; echo $?"]) == "sh: 1: [: Illegal number: a\n2\n")
        let session = newSession()
        run(session, ["docker pull alpine"])
        let output = run(session, ["docker run --rm alpine sh -c '[ -d /etc ] && echo yes; [ 1 = 1; [ 1 -eq a ]'"])
        #expect(output.stdout == "yes\n")
        #expect(output.stderr == "sh: missing ]\nsh: a: bad number\n")
    }

    @Test func onTheHostAsTheUser() {
        let session = newSession()
        let output = run(session, ["[ -w /etc/hostname ] || echo ro; [ -w ~ ] && [ -d ~ ] && echo home"])
        #expect(output.stdout == "ro\nhome\n")
        #expect(run(session, ["type ["]).stdout == "[ is a shell builtin\n")
    }
}
