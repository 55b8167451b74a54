import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// `${…}` with its operators (`:-` `:=` `:?` `:+`, `#` `%` `/` `:N:M` `^` `,` `!`), `$LINENO`, and
/// what bash does when one fails: `bad substitution` drops the rest of the command (the script
/// goes on with its next line), `${x:?}` ends a script. Every expected text is what bash 5.2 and
/// dash 0.5.12 print for the same text on this Debian 12 machine (`bash -c TEXT 2>&1; echo rc=$?`).
@Suite struct ParameterExpansionTests {

    /// Each line run by bash 5.2 as `bash -c 'LINE' 2>&1; echo "rc=$?"`, and what it printed.
    static let bashCases: [(String, String)] = [
        ("x=hello.tar.gz; echo ${x%.*} ${x%%.*} ${x#*.} ${x##*.} ${#x}", "hello.tar hello tar.gz gz 12\nrc=0\n"),
        ("echo ${nope:-def} ${nope-d2} \"${nope:+alt}\" ${x:+alt} ${x:-no}", "def d2  no\nrc=0\n"),
        ("e=; echo [${e:-empty}] [${e-empty}] [${e:+alt}] [${e+alt}]", "[empty] [] [] [alt]\nrc=0\n"),
        ("echo ${y:=set}; echo $y", "set\nset\nrc=0\n"),
        ("p=/usr/local/bin/docker; echo ${p##*/} ${p%/*}", "docker /usr/local/bin\nrc=0\n"),
        (
            "x=hello.tar.gz; echo ${x/l/L} ${x//l/L} ${x/#h/H} ${x/%gz/GZ} ${x//[aeiou]/_} ${x/l} ${x//}",
            "heLlo.tar.gz heLLo.tar.gz Hello.tar.gz hello.tar.GZ h_ll_.t_r.gz helo.tar.gz hello.tar.gz\nrc=0\n"
        ),
        (
            "x=hello.tar.gz; echo ${x:1:3} ${x: -2} ${x:2} ${x:1:-3} [${x:40}] ${x: -40}",
            "ell gz llo.tar.gz ello.tar []\nrc=0\n"
        ),
        ("x=hello; echo ${x^} ${x^^} ${x,,} ${x^^[lo]}", "Hello HELLO hello heLLO\nrc=0\n"),
        ("n=x; x=1; echo ${!n}", "1\nrc=0\n"),
        ("echo ${a b}; echo same-line", "bash: line 1: ${a b}: bad substitution\nrc=1\n"),
        ("echo ${z:?falta z}; echo after", "bash: line 1: z: falta z\nrc=127\n"),
        ("echo ${z?}", "bash: line 1: z: parameter not set\nrc=127\n"),
        ("echo ${z:?}", "bash: line 1: z: parameter null or not set\nrc=127\n"),
        ("e=; echo ${e?} ok", "ok\nrc=0\n"),
        ("x=abc; echo ${x:1:-9}", "bash: line 1: -9: substring expression < 0\nrc=1\n"),
        ("echo $LINENO", "1\nrc=0\n"),
        ("echo ${HOME:+h} ${v:-${x}} ${v:-$(echo sub)} ${#v}", "h sub 0\nrc=0\n"),
        ("set -- a b c; echo ${#} ${#@} ${@:2} ${1:=q}", "3 3 b c a\nrc=0\n"),
        ("set -u; echo ${u:-ok} ${u+set}; echo ${#u}", "ok\nbash: line 1: u: unbound variable\nrc=127\n"),
        ("x=hello; echo ${x:${#x}-2} ${x:$((1)):2} ${x:1+1:1}", "lo el l\nrc=0\n"),
        (
            "x=hello; s=lo; echo ${x%\"$s\"} ${x//\"l\"/L} ${x//l/\"L L\"} ${x/#/>} ${x/%/<}",
            "hel heLLo heL LL Lo >hello hello<\nrc=0\n"
        ),
        ("x=\"a*b\"; echo \"${x/\\*/s}\" \"${x/\"*\"/t}\" ${#x}", "asb atb 3\nrc=0\n"),
        ("echo ${q:-${r:-deep}} ${q:-$((2+3))} \"${q:-`echo bq`}\"", "deep 5 bq\nrc=0\n"),
        ("x=abc; echo ${x: -1} ${x:(-2)} ${x:5} [${x:3}] ${x:0:0}.", "c bc [] .\nrc=0\n"),
        ("x=abc; echo ${x:-1} ${x:1:1} ${x::2}", "abc b ab\nrc=0\n"),
        ("f=file.tar.gz; echo ${f%%.*}-${f#*.}-${f%.gz}", "file-tar.gz-file.tar\nrc=0\n"),
        ("x=héllo; echo ${#x} ${x^^} ${x:1:1}", "5 HÉLLO é\nrc=0\n"),
    ]

    @Test func operatorsAsBashExpandsThem() {
        for (line, expected) in Self.bashCases {
            #expect(host(["bash -c '" + line + "' 2>&1; echo \"rc=$?\""]) == expected, "\(line)")
        }
    }

    @Test func aBadSubstitutionDropsItsCommandAndTheScriptGoesOn() {
        // bash /tmp/s.sh: the error inside `f` drops `f; echo after-f`, line 8's whole command.
        let script =
            "echo ${a b}; echo same\necho next\nf() {\n echo ${a b}\n echo in-f\n}\nf; echo after-f\necho end $?"
        #expect(
            host(["bash -c '" + script + "'; echo rc=$?"])
                == "bash: line 1: ${a b}: bad substitution\nnext\nenvironment: line 4: ${a b}: bad substitution\nend 1\nrc=0\n"
        )
    }

    @Test func aScriptDropsTheWholeLineOfTheCommandThatFailed() {
        // The `if` is one command up to `fi; echo after-fi`'s newline: all of it goes.
        let script =
            "echo ${a b} && echo and\nx=a; if true; then\necho ${x b}; echo same\necho same2\nfi; echo after-fi\necho last $?"
        #expect(
            host(["bash -c '" + script + "' 2>&1; echo rc=$?"])
                == "bash: line 1: ${a b}: bad substitution\nbash: line 3: ${x b}: bad substitution\nlast 1\nrc=0\n")
        // `break 1 2` and `return 1 2` are other jumps: the script ends there.
        #expect(
            host(["bash -c 'for i in 1; do break 1 2; echo in; done; echo same\necho next' 2>&1; echo rc=$?"])
                == "bash: line 1: break: too many arguments\nrc=1\n")
        #expect(
            host(["bash -c 'f() { return 1 2; echo in-f; }; f; echo same\necho next' 2>&1; echo rc=$?"])
                == "environment: line 1: return: too many arguments\nrc=1\n")
    }

    @Test func aScriptEndsWithOneACommandTextWith127() {
        // bash 5.2: `${x:?}` and `set -u` leave `bash -c` with 127, a file or stdin with 1.
        #expect(
            host([
                "printf 'echo ${1:?m}\\necho x\\n' > e.sh", "bash e.sh 2>&1; echo \"file $?\"",
                "printf 'set -u\\necho $u\\necho x\\n' | bash 2>&1; echo \"stdin $?\"",
                "bash -c 'echo ${1:?m}' 2>&1; echo \"text $?\"",
            ])
                == "e.sh: line 1: 1: m\nfile 1\nbash: line 2: u: unbound variable\nstdin 1\nbash: line 1: 1: m\ntext 127\n"
        )
    }

    @Test func aForListOrACaseWordFailsAsACommandDoes() {
        #expect(
            host(["bash -c 'for f in a ${x:?sin ficheros} b; do echo $f; done; echo same\necho next' 2>&1; echo rc=$?"])
                == "bash: line 1: x: sin ficheros\nrc=127\n")
        let script =
            "case ${a b} in *) echo in;; esac; echo same\necho next2 $?\nset -u; for i in $nada; do echo $i; done\necho never"
        #expect(
            host(["bash -c '" + script + "' 2>&1; echo rc=$?"])
                == "bash: line 1: ${a b}: bad substitution\nnext2 1\nbash: line 3: nada: unbound variable\nrc=127\n")
        #expect(
            host(["for f in ${q b}; do echo $f; done; echo same", "echo rc=$?"])
                == "bash: ${q b}: bad substitution\nrc=1\n")
    }

    @Test func quotedParameterSlicesAreAWordEach() {
        // bash 5.2: `"${@:2}"` a word per parameter kept; `"$@"` with none makes no word.
        let script =
            "set -- a \"b c\" d; for w in \"${@:2}\"; do echo \"[$w]\"; done; echo \"${@:0:1}\" ${#@}; "
            + "for w in \"${@:9}\"; do echo no; done; printf \"<%s>\" \"${@:1:2}\" ${@:2}; echo; echo \"x${@:3}y\""
        #expect(
            host(["bash -c '" + script + "' myname"]) == "[b c]\n[d]\nmyname 3\n<a><b c><b><c><d>\nxdy\n")
        #expect(
            host(["set --; for w in \"$@\"; do echo no; done; for w in \"$@\" \"\"; do echo \"<$w>\"; done"])
                == "<>\n")
    }

    @Test func interactiveErrorsDropTheLine() {
        #expect(
            host(["echo ${z:?x}; echo same", "echo rc=$?", "echo ${a b}; echo same", "echo rc=$?"])
                == "bash: z: x\nrc=1\nbash: ${a b}: bad substitution\nrc=1\n")
        // `$LINENO` at the prompt: the lines read since the shell started.
        #expect(host(["echo $LINENO", "true", "echo ${LINENO}"]) == "1\n3\n")
    }

    @Test func dashKnowsOnlyPosixOperators() {
        let text = host([
            "docker pull -q debian",
            "docker run --rm debian sh -c 'echo ${x:-d} ${x#a}; echo ${x/a/b}; echo after'; echo rc=$?",
            "docker run --rm debian sh -c 'echo ${1:=a}'; echo rc=$?",
            "docker run --rm debian sh -c 'echo ${x:?}'; echo rc=$?",
            "docker run --rm debian sh -c 'echo [$LINENO]'",
        ])
        #expect(
            text.hasSuffix(
                "d\nsh: 1: Bad substitution\nrc=2\nsh: 1: 1: bad variable name\nrc=2\n"
                    + "sh: 1: x: parameter not set or null\nrc=2\n[]\n"))
    }

    @Test func patternsFindTheirPrefixesInOnePass() {
        let star = ShellPattern("a*b")
        let text = Array("aabab")
        #expect(star.prefixLength(of: text[...], longest: false) == 3)
        #expect(star.prefixLength(of: text[...], longest: true) == 5)
        #expect(star.prefixLength(of: Array("ba")[...], longest: true) == nil)
        #expect(ShellPattern("").prefixLength(of: text[...], longest: true) == 0)
        // Suffixes: the reversed pattern on the reversed text (`${x%%b*}`: "aabab" → "aa").
        #expect(ShellPattern("b*").reversed().prefixLength(of: Array(text.reversed())[...], longest: true) == 3)
        #expect(ShellPattern("[!a]").prefixLength(of: Array("b")[...], longest: true) == 1)
        #expect(ShellPattern("[a-c]?").prefixLength(of: Array("cz")[...], longest: true) == 2)
        #expect(ShellPattern("\\*").prefixLength(of: Array("*x")[...], longest: true) == 1)
        #expect(ShellPattern("\\*").prefixLength(of: Array("x")[...], longest: true) == nil)
        #expect(ShellPattern("ab").matchStarts(text) == [false, true, false, true, false, false])
    }

    @Test func aLongValueIsReadInLinearPasses() {
        // 10,000 characters with no `b`: every start was once tried to the end (10⁸ steps).
        let build = "x=aaaaaaaaaa; x=$x$x$x$x$x$x$x$x$x$x; x=$x$x$x$x$x$x$x$x$x$x; x=$x$x$x$x$x$x$x$x$x$x"
        #expect(
            host([build, "y=${x//a*b/c}; echo ${#y} ${#x}", "y=${x/*b/c}; echo ${#y}", "y=${x%%*b}; echo ${#y}"])
                == "10000 10000\n10000\n10000\n")
    }

    @Test func theWordIsReadWithItsQuotesAndExpansions() {
        #expect(
            host(["echo \"${nope:-a  b}\" ${nope:-$HOME} ${nope:-'$x'} ${nope:-\\*}"]) == "a  b /home/usuario $x *\n")
        // A `}` inside quotes or a nested `${ }` does not end the expansion.
        #expect(host(["echo ${nope:-\"}\"} ${nope:-${HOME}/x}"]) == "} /home/usuario/x\n")
    }
}
