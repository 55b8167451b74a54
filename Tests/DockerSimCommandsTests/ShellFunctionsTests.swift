import DockerSimTestSupport
import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// `case`, functions, positional parameters, `break`/`continue`/`return`, `local`, `shift`,
/// `unset`, `set --`: each expected text is what bash 5.2 (or dash 0.5.12, BusyBox ash) prints
/// for the same line on this Debian 12 machine.
@Suite struct ShellFunctionsTests {

    // MARK: - case

    @Test func caseRunsTheFirstMatchingItem() {
        #expect(host(["x=b; case $x in a) echo A;; b|c) echo B;; esac"]) == "B\n")
        #expect(host(["case x in (x) echo X ;; esac"]) == "X\n")
        #expect(host(["case ab in a*) echo glob;;& *b) echo also;; esac"]) == "glob\nalso\n")
        #expect(host(["case x in x) echo one;& y) echo two;; z) echo three;; esac"]) == "one\ntwo\n")
        // The last item's `;;` may be left out; an empty list is status 0.
        #expect(host(["case x in x) echo a; esac"]) == "a\n")
        #expect(host(["case x in x) false;; esac; echo $?"]) == "1\n")
        #expect(host(["false; case x in y) ;; esac; echo $?"]) == "0\n")
        #expect(host(["case x in esac; echo $?"]) == "0\n")
    }

    @Test func quotedPatternCharactersMatchThemselves() {
        #expect(host(["p=\"*\"; case x in \"$p\") echo lit;; $p) echo pat;; esac"]) == "pat\n")
        #expect(host(["case '*' in \"*\") echo star;; esac"]) == "star\n")
        #expect(host(["case \"a b\" in \"a b\") echo q;; esac"]) == "q\n")
    }

    @Test func caseSyntaxErrorsAreBashs() {
        #expect(host(["case"]) == "bash: syntax error near unexpected token `newline'\n")
        #expect(host(["case x in a) echo;; esac foo"]) == "bash: syntax error near unexpected token `foo'\n")
        #expect(host([";;"]) == "bash: syntax error near unexpected token `;;'\n")
        #expect(ShellParser.needsMore("case x in"))
        #expect(ShellParser.needsMore("case x in a) echo a;;"))
        #expect(!ShellParser.needsMore("case x in a) echo a;; esac"))
    }

    // MARK: - Functions

    @Test func functionsTakeTheirArguments() {
        #expect(host(["f() { echo hi $1 $#; }", "f yo there"]) == "hi yo 2\n")
        #expect(host(["g() { for a in \"$@\"; do echo \"<$a>\"; done; }; g \"x y\" z \"\""]) == "<x y>\n<z>\n<>\n")
        #expect(host(["f() { echo \"pre$@post\"; }; f 1 2"]) == "pre1 2post\n")
        #expect(host(["f() { echo $1; }; f \"a  b\""]) == "a b\n")
        // The caller's parameters come back after the call.
        #expect(host(["set a b; f() { echo $1; }; f z; echo $1"]) == "z\na\n")
        #expect(host(["function k { echo K; }; k; function h() { echo H; }; h"]) == "K\nH\n")
        #expect(host(["f() ( echo sub $1 )", "f q"]) == "sub q\n")
    }

    @Test func functionsShareTheShellButNotTheirLocals() {
        #expect(host(["f() { x=5; }; f; echo $x"]) == "5\n")
        #expect(host(["h() { local x=1; echo in $x; return 4; echo no; }; x=0; h; echo $? $x"]) == "in 1\n4 0\n")
        // Locals are dynamic: a function called from one sees its locals.
        #expect(
            host(["x=1; f() { local x; echo \"[$x]\"; x=2; g; }; g() { echo \"g$x\"; }; f; echo $x"]) == "[]\ng2\n1\n")
        #expect(host(["local a=1; echo $?"]) == "bash: local: can only be used in a function\n1\n")
    }

    @Test func functionsReadAndWriteWhereTheCallIsWired() {
        #expect(host(["f() { echo a; } > /tmp/fo.txt; f; cat /tmp/fo.txt"]) == "a\n")
        #expect(host(["f() { echo x >&2; echo y; }; f 2>/dev/null"]) == "y\n")
        #expect(host(["f() { read a; echo \"f:$a\"; }; printf 'x\\ny\\n' | { f; f; }"]) == "f:x\nf:y\n")
        #expect(host(["f() { echo a; echo b; }; f | wc -l"]) == "2\n")
    }

    @Test func exitInAFunctionEndsTheShell() {
        let session = newSession()
        session.handle("docker pull ubuntu")
        session.handle("docker run -it --name caja ubuntu")
        #expect(session.handle("f() { exit 3; echo no; }; f; echo yes").text == "exit\n")
        #expect(session.handle("docker ps -a --format '{{.Status}}'").stdout.hasPrefix("Exited (3)"))
    }

    @Test func aMainProcessSleepsInsideAFunction() {
        let session = newSession()
        session.handle("docker pull alpine")
        session.handle(
            "docker run -d --name ww alpine sh -c 'f() { local n=0; while true; do n=$((n+1)); echo \"tick $1 $n\"; "
                + "sleep 1; [ $n -ge 3 ] && return 7; done; }; f A; echo ret $?'")
        // Only the first round has run: the script sleeps inside the function, on the clock.
        #expect(session.handle("docker logs ww").stdout == "tick A 1\n")
        session.handle("sleep 5")
        #expect(session.handle("docker logs ww").stdout == "tick A 1\ntick A 2\ntick A 3\nret 7\n")
        #expect(session.handle("docker ps -a --format '{{.Status}}'").stdout.hasPrefix("Exited (0)"))
    }

    @Test func runawayRecursionStopsTheLine() {
        #expect(
            host(["r() { r; }; r", "echo after $?"])
                == "dockersim: more than 32 nested function calls; the line is stopped\nafter 2\n")
    }

    @Test func functionsAreNotExportedToNewShells() {
        #expect(host(["f() { echo hi; }; bash -c f 2>/dev/null; echo $?"]) == "127\n")
        #expect(host(["bash -c 'echo $# $1 $2' n a b"]) == "2 a b\n")
    }

    // MARK: - Loops

    @Test func breakAndContinueLeaveLoops() {
        #expect(host(["for i in 1 2 3; do if [ $i = 2 ]; then break; fi; echo $i; done"]) == "1\n")
        #expect(host(["for i in 1 2 3; do if [ $i = 2 ]; then continue; fi; echo $i; done"]) == "1\n3\n")
        #expect(host(["for i in 1 2; do for j in a b; do echo $i$j; continue 2; done; done"]) == "1a\n2a\n")
        #expect(host(["for i in 1 2; do for j in a b; do break 5; done; echo $i; done; echo s=$?"]) == "s=0\n")
        #expect(
            host(["i=0; while true; do i=$((i+1)); if [ $i -gt 3 ]; then break; fi; done; echo $i"]) == "4\n")
        #expect(host(["for i in 1 2 3; do echo $i; done > /tmp/o.txt; cat /tmp/o.txt"]) == "1\n2\n3\n")
        #expect(
            host(["printf '1\\n2\\n3\\n' | while read l; do case $l in 2) break;; esac; echo got $l; done"])
                == "got 1\n")
    }

    @Test func breakOutsideALoopIsOnlyMeaningfulInOne() {
        let message = "bash: break: only meaningful in a `for', `while', or `until' loop\n"
        #expect(host(["break", "echo $?"]) == message + "0\n")
        // A function and `( … )` have no loop around them; a pipeline's element and `$( )` do.
        #expect(
            host(["f() { break; echo in-f; }; for i in 1 2; do f; echo $i; done"]) == message + "in-f\n1\n" + message
                + "in-f\n2\n")
        #expect(host(["for i in 1; do (break; echo in); done"]) == message + "in\n")
        #expect(host(["for i in 1 2; do echo $i | break; echo after; done"]) == "after\nafter\n")
        #expect(host(["for i in 1 2; do x=$(break; echo in); echo \"[$x]\"; done"]) == "[]\n[]\n")
    }

    @Test func badLoopCountsAreBashsErrors() {
        #expect(
            host(["for i in 1 2; do break x; echo $i; done; echo s=$?", "echo next=$?"])
                == "bash: break: x: numeric argument required\nnext=128\n")
        #expect(
            host(["for i in 1 2; do echo a; break 0; echo $i; done; echo s=$?"])
                == "a\nbash: break: 0: loop count out of range\ns=1\n")
        #expect(
            host(["for i in 1; do break 1 2; echo here; done; echo $?", "echo next=$?"])
                == "bash: break: too many arguments\nnext=1\n")
    }

    @Test func returnOutsideAFunction() {
        #expect(
            host(["return", "echo $?"]) == "bash: return: can only `return' from a function or sourced script\n2\n")
        #expect(host(["f() { return x; }; f; echo $?"]) == "bash: return: x: numeric argument required\n2\n")
        #expect(host(["f() { for i in 1 2; do return 4; done; echo no; }; f; echo $?"]) == "4\n")
        #expect(host(["f() { (return 3); echo in $?; }; f"]) == "in 3\n")
    }

    // MARK: - Parameters

    @Test func shiftSetAndUnset() {
        #expect(host(["set -- a b c; echo $# $2; shift 2; echo $1 $#"]) == "3 b\nc 1\n")
        #expect(host(["shift; echo $?"]) == "1\n")
        #expect(host(["f() { shift 3; echo $? $#; }; f a b"]) == "1 2\n")
        #expect(host(["f() { shift x; echo $?; }; f a"]) == "bash: shift: x: numeric argument required\n1\n")
        #expect(host(["x=1; unset x; echo \"[$x]\" $?"]) == "[] 0\n")
        #expect(host(["unset -v 1x; echo $?"]) == "bash: unset: `1x': not a valid identifier\n1\n")
        #expect(host(["f() { echo hi; }; unset -f f; f"]) == "bash: f: command not found\n")
        #expect(host(["set -- 1 2 3 4 5 6 7 8 9 10; echo ${10} $10 $#"]) == "10 10 10\n")
    }

    // MARK: - dash and ash

    @Test func dashAndAshWordTheirErrors() {
        let session = newSession()
        session.handle("docker pull alpine")
        session.handle("docker pull debian")
        let ash = session.handle(
            "docker run --rm alpine sh -c 'f() { echo \"f $# $1\"; return 3; }; f a b; echo $?; break; echo s=$?'")
        #expect(ash.stdout == "f 2 a\n3\ns=0\n")
        #expect(
            session.handle("docker run --rm alpine sh -c 'for i in 1 2; do break x; echo $i; done; echo s=$?'").stderr
                == "sh: break: line 1: Illegal number: x\n")
        let dash = session.handle("docker run --rm debian sh -c 'for i in 1 2; do break 0; echo $i; done; echo s=$?'")
        #expect(dash.stdout == "" && dash.stderr == "sh: 1: break: Illegal number: 0\n")
        #expect(
            session.handle("docker run --rm debian sh -c 'local x=1'").stderr == "sh: 1: local: not in a function\n")
        // dash keeps a `local` without a value as it was; `return` outside a function ends the script.
        #expect(
            session.handle("docker run --rm debian sh -c 'f() { local x; echo \"[$x]\"; }; x=5; f'").stdout == "[5]\n")
        session.handle("docker run --name ret debian sh -c 'return 3; echo no'")
        #expect(session.handle("docker ps -a --format '{{.Status}}'").stdout.hasPrefix("Exited (3)"))
    }
}

/// Scripts run as files (`sh FILE`, `./script`, a main process, an entrypoint's `exec "$@"`):
/// each expected text is bash 5.2's, dash 0.5.12's or BusyBox 1.36.1 ash's (`shell/ash.c`
/// setinputfile: "can't open '%s'", status 127).
@Suite struct ShellScriptFileTests {
    func inUbuntu(_ session: Session) {
        session.handle("docker pull ubuntu")
        session.handle("docker run -it --name caja ubuntu")
    }

    @Test func aScriptFileTakesItsArguments() {
        let session = newSession()
        inUbuntu(session)
        session.handle("echo 'echo hi $0 $# $1' > s.sh")
        #expect(session.handle("sh s.sh a").text == "hi s.sh 1 a\n")
        #expect(session.handle("bash s.sh b c").text == "hi s.sh 2 b\n")
        // No `#!`: the shell runs it itself; a file without the execute bit is refused.
        #expect(session.handle("./s.sh c").text == "bash: ./s.sh: Permission denied\n")
        session.handle("chmod +x s.sh")
        #expect(session.handle("./s.sh c").text == "hi ./s.sh 1 c\n")
        session.handle("printf '#!/usr/bin/env bash\\necho envbash $1\\n' > e.sh; chmod +x e.sh")
        #expect(session.handle("./e.sh z").text == "envbash z\n")
        #expect(session.handle("echo 'echo piped $#' | sh").text == "piped 0\n")
    }

    @Test func missingScriptsAreEachShellsError() {
        let session = newSession()
        inUbuntu(session)
        #expect(session.handle("sh nope.sh; echo $?").text == "sh: 0: cannot open nope.sh: No such file\n2\n")
        #expect(session.handle("bash nope.sh; echo $?").text == "bash: nope.sh: No such file or directory\n127\n")
        #expect(session.handle("bash /tmp; echo $?").text == "/tmp: /tmp: Is a directory\n126\n")
        #expect(session.handle("sh /tmp; echo $?").text == "0\n")
        session.handle("exit")
        session.handle("docker pull alpine")
        let ash = session.handle("docker run --rm alpine sh nope.sh")
        #expect(ash.stderr == "sh: can't open 'nope.sh': No such file or directory\n")
        #expect(session.handle("echo $?").stdout == "127\n")
    }

    @Test func theHostRunsTheUsersScripts() {
        let session = newSession()
        session.handle("printf 'echo \"copia de $1\"\\ndocker ps -q | wc -l\\n' > backup.sh")
        #expect(session.handle("./backup.sh web").text == "bash: ./backup.sh: Permission denied\n")
        session.handle("chmod +x backup.sh")
        #expect(session.handle("./backup.sh web").text == "copia de web\n0\n")
        #expect(session.handle("bash backup.sh db").text == "copia de db\n0\n")
        #expect(session.handle("./nada.sh").text == "bash: ./nada.sh: No such file or directory\n")
        session.handle("mkdir dir")
        #expect(session.handle("./dir").text == "bash: ./dir: Is a directory\n")
    }

    @Test func anEntrypointScriptExecsItsCommand() {
        let session = newSession()
        session.handle("docker pull alpine")
        session.handle("mkdir ep && cd ep")
        session.handle(
            "printf '#!/bin/sh\\necho \"Iniciando: $# $1\"\\ncase \"$1\" in\\n  echo) echo \"es echo\";;\\n  *) echo otro;;\\nesac\\nexec \"$@\"\\n' > entrypoint.sh"
        )
        session.handle(
            "printf 'FROM alpine\\nCOPY entrypoint.sh /entrypoint.sh\\nRUN chmod +x /entrypoint.sh\\nENTRYPOINT [\"/entrypoint.sh\"]\\nCMD [\"echo\", \"hola\"]\\n' > Dockerfile"
        )
        #expect(session.handle("docker build -q -t ep .").status == 0)
        #expect(session.handle("docker run --rm ep").stdout == "Iniciando: 2 echo\nes echo\nhola\n")
        #expect(
            session.handle("docker run --rm ep ls /etc/hostname").stdout == "Iniciando: 2 ls\notro\n/etc/hostname\n")
        session.handle("docker pull ubuntu")
        // `sh -c TEXT NAME ARG…` as the main process: NAME is `$0`.
        #expect(session.handle("docker run --rm ubuntu sh -c 'echo $0 $# $1' nm a").stdout == "nm 1 a\n")
    }
}

/// `set -e`, `-u`, `-x`, `-o pipefail`: each expected text is bash 5.2's (dash 0.5.12's) for the
/// same line on this Debian 12 machine.
@Suite struct ShellOptionsTests {
    func host(_ line: String) -> String { newSession().handle(line).text }

    @Test func errexitEndsTheShellWhereAFailureCounts() {
        #expect(host("bash -c 'set -e; false; echo no'; echo rc=$?") == "rc=1\n")
        #expect(
            host(
                "bash -c 'set -e; false || true; echo yes1; if false; then :; fi; echo yes2; ! true; echo yes3; "
                    + "while false; do :; done; echo yes4'") == "yes1\nyes2\nyes3\nyes4\n")
        // A function called before `&&` ignores it inside; called alone, its failure counts.
        #expect(
            host("bash -c 'set -e; f() { false; echo inf; }; f && echo yes5; f; echo no'; echo rc=$?")
                == "inf\nyes5\nrc=1\n")
        #expect(host("bash -c 'set -e; (false; echo no); echo no2'; echo rc=$?") == "rc=1\n")
        #expect(host("bash -c 'set -e; true && false; echo no'; echo rc=$?") == "rc=1\n")
        // bash clears -e in `$( )`; a pipeline's status is its last command's.
        #expect(host("bash -c 'set -e; x=$(false; echo sub); echo \"got $x\"'") == "got sub\n")
        #expect(host("bash -c 'set -e; false | true; echo yes6'") == "yes6\n")
    }

    @Test func pipefailTakesTheLastFailure() {
        #expect(
            host("bash -c 'set -o pipefail; false | true; echo $?; set +o pipefail; false | true; echo $?'") == "1\n0\n"
        )
        #expect(host("set -o pipefail; (exit 3) | (exit 4) | true; echo $?") == "4\n")
    }

    @Test func xtraceQuotesAsBash() {
        #expect(
            host(
                "bash -c 'set -x; echo a=b \"a b\" \"*\" \"a#b\" ^ \"\" ~x; y=1; z=\"a b\"; echo $(echo hi) >/dev/null'"
            )
                == "+ echo a=b 'a b' '*' a#b '^' '' '~x'\na=b a b * a#b ^  ~x\n+ y=1\n+ z='a b'\n++ echo hi\n+ echo hi\n"
        )
    }

    @Test func nounsetStopsTheCommand() {
        let session = newSession()
        #expect(session.handle("set -u").text == "")
        #expect(session.handle("echo $nada; echo after").text == "bash: nada: unbound variable\n")
        #expect(session.handle("echo st=$?").text == "st=1\n")
        #expect(session.handle("f() { echo $1; }; f").text == "bash: $1: unbound variable\n")
        session.handle("set +u")
        #expect(session.handle("echo \"[$nada]\"").text == "[]\n")
        #expect(session.handle("bash -c 'set -u; echo $nada; echo after'; echo rc=$?").text.hasSuffix("rc=127\n"))
    }

    @Test func badOptionsAreBashsAndDashsErrors() {
        #expect(host("set -o nada; echo $?") == "bash: set: nada: invalid option name\n2\n")
        #expect(
            host("set -q; echo $?")
                == "bash: set: -q: invalid option\nset: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n2\n"
        )
        #expect(host("set -v; echo $?").contains("not simulated yet"))
        let session = newSession()
        session.handle("docker pull debian")
        let dash = session.handle("docker run --rm debian sh -c 'set -o pipefail; echo no'")
        #expect(dash.stdout == "" && dash.stderr == "sh: 1: set: Illegal option -o pipefail\n")
        #expect(
            session.handle("docker run --rm debian sh -c 'set -u; echo $nada'").stderr
                == "sh: 1: nada: parameter not set\n")
        #expect(session.handle("docker run --rm debian sh -c 'set -x; echo \"a b\" x'").stderr == "+ echo a b x\n")
    }

    @Test func substitutionErrorsReachTheTerminal() {
        #expect(host("echo $(ls /nada)") == "ls: cannot access '/nada': No such file or directory\n\n")
    }
}
