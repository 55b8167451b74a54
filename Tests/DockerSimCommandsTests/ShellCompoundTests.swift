import DockerSimTestSupport
import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// Compound commands made whole: subshells, compound commands in pipelines and with
/// redirections, `read`, `[[ … ]]`; each expected text is bash 5.2's (dash's, BusyBox ash's)
/// for the same line.
@Suite struct ShellCompoundTests {
    /// The lines run in an interactive ubuntu container (bash; stderr on the terminal's one stream).
    func inUbuntu(_ lines: [String]) -> String {
        let session = newSession()
        run(session, ["pull ubuntu", "run -it --name caja -h caja ubuntu"])
        return run(session, lines).text
    }

    /// The lines run in an interactive alpine container (BusyBox ash).
    func inAlpine(_ lines: [String]) -> String {
        let session = newSession()
        run(session, ["pull alpine", "run -it --name caja alpine"])
        return run(session, lines).text
    }

    // MARK: - Subshells

    @Test func subshellChangesDoNotLeak() {
        #expect(inUbuntu(["(cd /tmp; x=1; alias ll=ls); pwd; echo \"[$x]\"; alias"]) == "/\n[]\n")
        #expect(inUbuntu(["(cd /tmp && pwd); pwd"]) == "/tmp\n/\n")
        // Its output and status are the list's.
        #expect(inUbuntu(["( echo a; false ); echo $?"]) == "a\n1\n")
    }

    @Test func exitEndsOnlyTheSubshell() {
        // No "exit" on the terminal: only the interactive shell itself says it.
        #expect(inUbuntu(["( echo a; exit 4; echo b ); echo $?"]) == "a\n4\n")
        #expect(inUbuntu(["( ( exit 3 ); echo in $? ); echo out $?"]) == "in 3\nout 0\n")
        #expect(inUbuntu(["true | ( exit 5 ); echo $?"]) == "5\n")
    }

    @Test func subshellSyntaxErrorsAreBashs() {
        #expect(inUbuntu(["( )"]) == "bash: syntax error near unexpected token `)'\n")
        #expect(inUbuntu(["( echo a ) b"]) == "bash: syntax error near unexpected token `b'\n")
        #expect(inUbuntu(["echo a (b)"]) == "bash: syntax error near unexpected token `('\n")
        #expect(ShellParser.needsMore("( echo a"))
        #expect(!ShellParser.needsMore("( echo a )"))
    }

    // MARK: - Pipelines

    @Test func compoundCommandsArePipelineElements() {
        #expect(inUbuntu(["echo a | while read x; do echo \"<$x>\"; done"]) == "<a>\n")
        #expect(inUbuntu(["for i in 1 2 3; do echo $i; done | wc -l"]) == "3\n")
        #expect(inUbuntu(["( echo a; echo b ) | wc -l"]) == "2\n")
        #expect(inUbuntu(["printf 'a b\\nc d\\n' | while read x y; do echo \"$y-$x\"; done | cat"]) == "b-a\nd-c\n")
        #expect(inUbuntu(["if true; then echo y; fi | { read v; echo \"v=$v\"; }"]) == "v=y\n")
    }

    @Test func pipelineElementsRunInSubshells() {
        #expect(inUbuntu(["echo a | read x; echo \"[$x]\""]) == "[]\n")
        #expect(inUbuntu(["x=1 | cat; echo \"[$x]\""]) == "[]\n")
        #expect(inUbuntu(["cd /tmp | cat; pwd"]) == "/\n")
        #expect(inUbuntu(["echo a | { read x; echo \"in [$x]\"; }; echo \"out [$x]\""]) == "in [a]\nout []\n")
    }

    @Test func pipelineStatusIsTheLastElements() {
        #expect(inUbuntu(["( exit 5 ) | true; echo $?"]) == "0\n")
        #expect(inUbuntu(["true | { false; }; echo $?"]) == "1\n")
        #expect(inUbuntu(["! { false; } | true; echo $?"]) == "1\n")
        #expect(inUbuntu(["! true | ( exit 2 ); echo $?"]) == "0\n")
    }

    // MARK: - Redirections

    @Test func redirectionsApplyToTheWholeCompoundCommand() {
        #expect(inUbuntu(["{ echo a; echo b; } > /tmp/f; cat /tmp/f"]) == "a\nb\n")
        #expect(
            inUbuntu(["if true; then echo y; fi > /tmp/g; for i in 1 2; do echo $i; done >> /tmp/g; cat /tmp/g"])
                == "y\n1\n2\n")
        #expect(inUbuntu(["( echo s ) > /tmp/s; cat /tmp/s"]) == "s\n")
        // A redirection inside still wins.
        #expect(inUbuntu(["{ echo in; echo inner > /tmp/i; } > /tmp/o; cat /tmp/o /tmp/i"]) == "in\ninner\n")
        // A group is not a subshell: `cd` stays.
        #expect(inUbuntu(["{ cd /tmp; } > /dev/null; pwd"]) == "/tmp\n")
    }

    @Test func compoundRedirectionsOfStderrInOrder() {
        #expect(
            inUbuntu(["{ echo out; ls /nope; } > /tmp/h 2>&1; cat /tmp/h"])
                == "out\nls: cannot access '/nope': No such file or directory\n")
        #expect(inUbuntu(["{ echo out; ls /nope; } 2>/dev/null"]) == "out\n")
        #expect(inUbuntu(["{ echo out; ls /nope; } &> /tmp/b; wc -l < /tmp/b"]) == "2\n")
        // `2>&1 > f`: stderr where stdout was (the terminal), stdout to the file.
        #expect(
            inUbuntu(["{ echo out; ls /nope; } 2>&1 > /tmp/c; cat /tmp/c"])
                == "ls: cannot access '/nope': No such file or directory\nout\n")
    }

    @Test func bothStreamsToAFileOnASimpleCommand() {
        #expect(inUbuntu(["ls / /nope &> /tmp/both; grep -c nope /tmp/both"]) == "1\n")
    }

    /// A container's main process whose loop writes to a file goes on sleeping between writes.
    @Test func aRedirectedLoopAsAMainProcessSleeps() {
        let session = newSession()
        run(
            session,
            [
                "pull ubuntu",
                "run -d --name tictac ubuntu bash -c 'while true; do echo tic; sleep 1; done > /tmp/log'",
                "sleep 3",
            ])
        #expect(run(session, ["exec tictac cat /tmp/log"]).stdout == "tic\ntic\ntic\ntic\n")
        #expect(run(session, ["logs tictac"]).text == "")
    }

    @Test func aFailedRedirectionSkipsTheCommand() {
        #expect(inUbuntu(["{ echo a; } > /nope/f; echo $?"]) == "bash: /nope/f: No such file or directory\n1\n")
        #expect(
            inUbuntu(["while read l; do echo $l; done < /nope; echo $?"])
                == "bash: /nope: No such file or directory\n1\n")
    }

    @Test func compoundCommandsShareTheirStdin() {
        let lines = "printf 'x\\ny\\n' > /tmp/l"
        #expect(inUbuntu([lines, "while read l; do echo \"[$l]\"; done < /tmp/l"]) == "[x]\n[y]\n")
        // `cat` takes what `read` left.
        #expect(inUbuntu([lines, "{ read a; cat; } < /tmp/l; echo \"a=$a\""]) == "y\na=x\n")
        // `echo` takes nothing: each `read` gets its line.
        #expect(inUbuntu([lines, "{ read a; echo -; read b; echo \"$a$b\"; } < /tmp/l"]) == "-\nxy\n")
        #expect(inUbuntu(["while read a; do echo \"-$a\"; done <<< 'uno'"]) == "-uno\n")
    }

    // MARK: - read

    @Test func readSplitsAtIFS() {
        #expect(inUbuntu(["read a b <<< '  x   y  z  '; echo \"[$a][$b]\""]) == "[x][y  z]\n")
        #expect(inUbuntu(["read <<< '  q  '; echo \"[$REPLY]\""]) == "[  q  ]\n")
        #expect(inUbuntu(["read a b <<< 'one'; echo \"[$a][$b]\""]) == "[one][]\n")
        #expect(inUbuntu(["IFS=: read a b <<< '1:2:3'; echo \"[$a][$b]\""]) == "[1][2:3]\n")
        #expect(inUbuntu(["IFS=: read a b <<< '1:2:'; echo \"[$a][$b]\""]) == "[1][2]\n")
        #expect(inUbuntu(["IFS=: read a b c <<< '1::3'; echo \"[$a][$b][$c]\""]) == "[1][][3]\n")
        #expect(inUbuntu(["IFS= read a <<< '  sp  '; echo \"[$a]\""]) == "[  sp  ]\n")
    }

    @Test func readBackslashes() {
        #expect(inUbuntu(["read x <<< 'a\\tb'; echo \"$x\""]) == "atb\n")
        #expect(inUbuntu(["read -r x <<< 'a\\tb'; echo \"$x\""]) == "a\\tb\n")
        #expect(inUbuntu(["read a b <<< 'x\\ y z'; echo \"[$a][$b]\""]) == "[x y][z]\n")
        // A backslash-newline goes on to the next line.
        #expect(inUbuntu(["printf 'a\\\\\\nb c\\n' | { read x y; echo \"[$x][$y]\"; }"]) == "[ab][c]\n")
    }

    @Test func readStatusAndOptions() {
        // The end of input before a newline: status 1, the names set to what was read.
        #expect(inUbuntu(["printf abc | { read x; echo \"$? [$x]\"; }"]) == "1 [abc]\n")
        #expect(inUbuntu(["read -n 2 a <<< hello; echo $a"]) == "he\n")
        #expect(inUbuntu(["read -d , a <<< 'x,y'; echo $a"]) == "x\n")
        // The prompt goes to a terminal only.
        #expect(inUbuntu(["read -p 'P> ' a <<< zz; echo $a"]) == "zz\n")
        // A terminal's stdin: the prompt cannot wait for a line, it is the end of input.
        #expect(inUbuntu(["read x; echo \"$? [$x]\""]) == "1 []\n")
    }

    @Test func readErrorsAreBashs() {
        #expect(inUbuntu(["read 1x; echo $?"]) == "bash: read: `1x': not a valid identifier\n1\n")
        #expect(inUbuntu(["read -q; echo $?"]) == "bash: read: -q: invalid option\n" + Shell.readUsage + "2\n")
        #expect(
            inUbuntu(["read -n; echo $?"]) == "bash: read: -n: option requires an argument\n" + Shell.readUsage + "2\n")
        #expect(inUbuntu(["read -n x a; echo $?"]) == "bash: read: x: invalid number\n1\n")
        #expect(inUbuntu(["read -t x a; echo $?"]) == "bash: read: x: invalid timeout specification\n1\n")
    }

    @Test func dashAndAshReadDiffer() {
        #expect(inUbuntu(["sh -c 'read 1x'; echo $?"]) == "sh: 1: read: 1x: bad variable name\n2\n")
        #expect(inUbuntu(["sh -c 'read -n 1 x'; echo $?"]) == "sh: 1: read: Illegal option -n\n2\n")
        #expect(inUbuntu(["sh -c 'read'; echo $?"]) == "sh: 1: read: arg count\n2\n")
        #expect(inAlpine(["read 1x; echo $?"]) == "/bin/sh: read: '1x': not a valid identifier\n1\n")
        #expect(inAlpine(["read -q; echo $?"]) == "/bin/sh: read: illegal option -q\n2\n")
        #expect(inAlpine(["read -n 2 a <<< hello; echo $a"]) == "he\n")
        #expect(inAlpine(["echo a b | { read x y; echo \"$y$x\"; }"]) == "ba\n")
    }

    // MARK: - [[ ]]

    @Test func conditionalPatterns() {
        #expect(inUbuntu(["[[ abc == a* ]]; echo $?"]) == "0\n")
        #expect(inUbuntu(["[[ abc == \"a*\" ]]; echo $?"]) == "1\n")
        #expect(inUbuntu(["[[ abc != a?c ]]; echo $?"]) == "1\n")
        #expect(inUbuntu(["p='a*'; [[ abc == $p ]]; echo $?; [[ abc == \"$p\" ]]; echo $?"]) == "0\n1\n")
        #expect(inUbuntu(["[[ a\\ b == \"a b\" ]]; echo $?"]) == "0\n")
    }

    @Test func conditionalDoesNotSplitOrGlob() {
        #expect(inUbuntu(["x='a b'; [[ -n $x ]]; echo $?; [[ $x == 'a b' ]]; echo $?"]) == "0\n0\n")
        #expect(inUbuntu(["[[ * == '*' ]]; echo $?"]) == "0\n")
    }

    @Test func conditionalOperators() {
        #expect(inUbuntu(["[[ a < b ]]; echo $?; [[ b < a ]]; echo $?"]) == "0\n1\n")
        #expect(inUbuntu(["[[ ( -n a || -z a ) && ! a == b ]]; echo $?"]) == "0\n")
        #expect(inUbuntu(["[[ -d /tmp && -f /etc/passwd ]]; echo $?"]) == "0\n")
        #expect(inUbuntu(["n=3; [[ n -eq 3 && 2+1 -gt 2 ]]; echo $?"]) == "0\n")
        #expect(inUbuntu(["[[ ab =~ ^a.?$ ]]; echo $?; [[ abc =~ ^(x|a)b ]]; echo $?"]) == "0\n0\n")
        #expect(inUbuntu(["[[ abc =~ \".\" ]]; echo $?"]) == "1\n")
        #expect(inUbuntu(["[[ -z a ]] || echo no"]) == "no\n")
    }

    @Test func conditionalSyntaxErrorsAreBashs() {
        // bash says it and leaves `$?` as it was.
        #expect(inUbuntu(["false", "[[ a ]"]) == "bash: conditional binary operator expected\n")
        #expect(inUbuntu(["false", "[[ a ]", "echo $?"]) == "1\n")
        #expect(inUbuntu(["[[ -n ]]"]) == "bash: unexpected argument `]]' to conditional unary operator\n")
        #expect(inUbuntu(["[[ a == ]]"]) == "bash: unexpected argument `]]' to conditional binary operator\n")
        #expect(inUbuntu(["[[ ( a ]]"]) == "bash: unexpected token `]]', expected `)'\n")
        #expect(inUbuntu(["[[ -n a b ]]"]) == "bash: syntax error in conditional expression\n")
        #expect(inUbuntu(["[[ a ) ]]"]) == "bash: syntax error in conditional expression: unexpected token `)'\n")
        #expect(inUbuntu(["[[ ]]; echo x"]) == "")
        #expect(inUbuntu(["\"[[\" a ]]; echo $?"]) == "bash: [[: command not found\n127\n")
        #expect(ShellParser.needsMore("[[ a = a"))
    }

    @Test func conditionalInDashAndAsh() {
        #expect(inUbuntu(["sh -c '[[ a ]]'; echo $?"]) == "sh: 1: [[: not found\n127\n")
        // BusyBox ash's `[[` is its test: no patterns, `]]` required.
        #expect(inAlpine(["[[ a == a ]] && echo y; [[ abc == a* ]]; echo $?"]) == "y\n1\n")
        #expect(inAlpine(["[[ a; echo $?"]) == "/bin/sh: missing ]]\n2\n")
    }

    // MARK: - The host

    @Test func aLoopOverDockersOutput() {
        let session = newSession()
        run(session, ["pull alpine", "run -d --name uno alpine sleep 100", "run -d --name dos alpine sleep 100"])
        let output = run(
            session,
            ["docker ps -q | while read id; do docker stop $id > /dev/null && echo \"$id stopped\"; done | wc -l"])
        #expect(output.stdout == "2\n")
        #expect(run(session, ["docker ps -q | wc -l"]).stdout == "0\n")
    }
}
