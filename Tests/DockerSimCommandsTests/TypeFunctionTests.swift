import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// `type NAME` of a function: `NAME is a function` and the function as bash 5.2's printer
/// (`print_cmd.c`) writes it. Each expected text is what `bash -c 'DEFINITION
/// type f'` printed on this Debian 12 machine (bash 5.2.15).
@Suite struct TypeFunctionTests {
    /// What `type f` prints at the host's prompt after `definition` (stdout and stderr).
    func type(_ definition: String) -> String {
        let session = newSession()
        _ = session.handle(definition)
        let text = session.handle("type f").text
        #expect(session.engine.invariantViolations().isEmpty)
        return text
    }

    @Test func simpleCommandsAndLists() {
        #expect(type("f() { echo hola; }") == "f is a function\nf () \n{ \n    echo hola\n}\n")
        #expect(type("f() { echo a; echo b; }") == "f is a function\nf () \n{ \n    echo a;\n    echo b\n}\n")
        #expect(type("f() { echo a\necho b\n}") == "f is a function\nf () \n{ \n    echo a;\n    echo b\n}\n")
        #expect(
            type("f() { echo a && echo b || echo c; }")
                == "f is a function\nf () \n{ \n    echo a && echo b || echo c\n}\n")
        #expect(
            type("f() { x=1; y=2 env; local z=3; }")
                == "f is a function\nf () \n{ \n    x=1;\n    y=2 env;\n    local z=3\n}\n")
        #expect(type("f() { return 3; }") == "f is a function\nf () \n{ \n    return 3\n}\n")
        #expect(type("f() { echo hola # comment\n}") == "f is a function\nf () \n{ \n    echo hola\n}\n")
        #expect(type("function f { echo kw; }") == "f is a function\nf () \n{ \n    echo kw\n}\n")
        #expect(type("function f() { echo kw; }") == "f is a function\nf () \n{ \n    echo kw\n}\n")
        #expect(type("f()\n{\n  echo next line\n}") == "f is a function\nf () \n{ \n    echo next line\n}\n")
    }

    @Test func pipelinesAndNegation() {
        #expect(type("f() { ls | grep x | wc -l; }") == "f is a function\nf () \n{ \n    ls | grep x | wc -l\n}\n")
        #expect(
            type("f() { docker ps -aq | xargs docker rm -f; }")
                == "f is a function\nf () \n{ \n    docker ps -aq | xargs docker rm -f\n}\n")
        #expect(
            type("f() { test -f x && echo si || echo no; }")
                == "f is a function\nf () \n{ \n    test -f x && echo si || echo no\n}\n")
        #expect(type("f() { ! true; }") == "f is a function\nf () \n{ \n    ! true\n}\n")
        #expect(type("f() { ! ls | grep x; }") == "f is a function\nf () \n{ \n    ! ls | grep x\n}\n")
        #expect(type("f() { ! ! true; }") == "f is a function\nf () \n{ \n    true\n}\n")
        #expect(type("f() { (echo a) | cat; }") == "f is a function\nf () \n{ \n    ( echo a ) | cat\n}\n")
        #expect(
            type("f() { echo a | while read x; do echo $x; done; }")
                == "f is a function\nf () \n{ \n    echo a | while read x; do\n        echo $x;\n    done\n}\n")
    }

    @Test func ifCommands() {
        #expect(
            type("f() { if [ -f x ]; then echo si; fi; }")
                == "f is a function\nf () \n{ \n    if [ -f x ]; then\n        echo si;\n    fi\n}\n")
        #expect(
            type("f() { if true; then echo a; elif false; then echo b; else echo c; fi; }")
                == "f is a function\nf () \n{ \n    if true; then\n        echo a;\n    else\n        if false; then\n            echo b;\n        else\n            echo c;\n        fi;\n    fi\n}\n"
        )
        #expect(
            type("f() { if true; then echo a; else if false; then echo b; fi; fi; }")
                == "f is a function\nf () \n{ \n    if true; then\n        echo a;\n    else\n        if false; then\n            echo b;\n        fi;\n    fi\n}\n"
        )
        #expect(
            type("f() { if ! true; then :; fi; }")
                == "f is a function\nf () \n{ \n    if ! true; then\n        :;\n    fi\n}\n")
        #expect(
            type("f() { if true; then :; fi > out; }")
                == "f is a function\nf () \n{ \n    if true; then\n        :;\n    fi > out\n}\n")
        #expect(
            type("f() if true; then :; fi") == "f is a function\nf () \n{ \n    if true; then\n        :;\n    fi\n}\n")
        #expect(
            type("f() { if a; b; then c; d; fi; }")
                == "f is a function\nf () \n{ \n    if a;\n    b; then\n        c;\n        d;\n    fi\n}\n")
        #expect(
            type(
                "f() { if [ $# -eq 0 ]; then echo \"Uso: $0 nombre\" >&2; return 1; fi; docker run -d --name \"$1\" nginx; }"
            )
                == "f is a function\nf () \n{ \n    if [ $# -eq 0 ]; then\n        echo \"Uso: $0 nombre\" 1>&2;\n        return 1;\n    fi;\n    docker run -d --name \"$1\" nginx\n}\n"
        )
    }

    @Test func loops() {
        #expect(
            type("f() { for x in a b; do echo $x; done; }")
                == "f is a function\nf () \n{ \n    for x in a b;\n    do\n        echo $x;\n    done\n}\n")
        #expect(
            type("f() { for x; do echo \"$x\"; done; }")
                == "f is a function\nf () \n{ \n    for x in \"$@\";\n    do\n        echo \"$x\";\n    done\n}\n")
        #expect(
            type("f() { while true; do sleep 1; done; }")
                == "f is a function\nf () \n{ \n    while true; do\n        sleep 1;\n    done\n}\n")
        #expect(
            type("f() { until false; do break; done; }")
                == "f is a function\nf () \n{ \n    until false; do\n        break;\n    done\n}\n")
        #expect(
            type("f() while true; do :; done")
                == "f is a function\nf () \n{ \n    while true; do\n        :;\n    done\n}\n")
        #expect(
            type("f() { while read l; do echo $l; done < file; }")
                == "f is a function\nf () \n{ \n    while read l; do\n        echo $l;\n    done < file\n}\n")
        #expect(
            type("f() { for i in 1 2; do if true; then case $i in 1) echo one;; esac; fi; done; }")
                == "f is a function\nf () \n{ \n    for i in 1 2;\n    do\n        if true; then\n            case $i in \n                1)\n                    echo one\n                ;;\n            esac;\n        fi;\n    done\n}\n"
        )
        #expect(
            type("f() { while true; do for i in a; do continue 2; done; done; }")
                == "f is a function\nf () \n{ \n    while true; do\n        for i in a;\n        do\n            continue 2;\n        done;\n    done\n}\n"
        )
    }

    @Test func caseCommands() {
        #expect(
            type("f() { case $1 in a) echo A;; b|c) echo BC;; *) echo other;; esac; }")
                == "f is a function\nf () \n{ \n    case $1 in \n        a)\n            echo A\n        ;;\n        b | c)\n            echo BC\n        ;;\n        *)\n            echo other\n        ;;\n    esac\n}\n"
        )
        #expect(
            type("f() { case $1 in a) ;; esac; }")
                == "f is a function\nf () \n{ \n    case $1 in \n        a)\n\n        ;;\n    esac\n}\n")
        #expect(
            type("f() { case $1 in a) echo A;& b) echo B;;& c) echo C; esac; }")
                == "f is a function\nf () \n{ \n    case $1 in \n        a)\n            echo A\n        ;&\n        b)\n            echo B\n        ;;&\n        c)\n            echo C\n        ;;\n    esac\n}\n"
        )
        #expect(
            type("f() { case \"$1\" in\n  start|stop) echo ok ;;\n  (restart) echo r ;;\nesac\n}")
                == "f is a function\nf () \n{ \n    case \"$1\" in \n        start | stop)\n            echo ok\n        ;;\n        restart)\n            echo r\n        ;;\n    esac\n}\n"
        )
        #expect(
            type("f() { case x in x) echo a; echo b;; esac; }")
                == "f is a function\nf () \n{ \n    case x in \n        x)\n            echo a;\n            echo b\n        ;;\n    esac\n}\n"
        )
    }

    @Test func groupsAndSubshells() {
        #expect(type("f() ( echo sub )") == "f is a function\nf () \n{ \n    ( echo sub )\n}\n")
        #expect(type("f() { ( cd /tmp; ls ); }") == "f is a function\nf () \n{ \n    ( cd /tmp;\n    ls )\n}\n")
        #expect(
            type("f() { a || { echo b; exit 1; }; }")
                == "f is a function\nf () \n{ \n    a || { \n        echo b;\n        exit 1\n    }\n}\n")
        #expect(type("f() { echo a; } > out") == "f is a function\nf () \n{ \n    echo a\n} > out\n")
        #expect(
            type("f() { echo a; echo b; } 2> err >> out")
                == "f is a function\nf () \n{ \n    echo a;\n    echo b\n} 2> err >> out\n")
    }

    @Test func redirections() {
        #expect(
            type(
                "f() { echo a > out; echo b >> out; cat < in; echo c 2> err; echo d 2>&1; echo e >&2; echo f &> all; echo g 2>> e2; }"
            )
                == "f is a function\nf () \n{ \n    echo a > out;\n    echo b >> out;\n    cat < in;\n    echo c 2> err;\n    echo d 2>&1;\n    echo e 1>&2;\n    echo f &> all;\n    echo g 2>> e2\n}\n"
        )
        #expect(
            type("f() { echo a 2>/dev/null 1>&2 >out 2>&1; }")
                == "f is a function\nf () \n{ \n    echo a 2> /dev/null 1>&2 > out 2>&1\n}\n")
        #expect(type("f() { cat <<< \"$x\"; }") == "f is a function\nf () \n{ \n    cat <<< \"$x\"\n}\n")
        #expect(type("f() { echo a >out b; }") == "f is a function\nf () \n{ \n    echo a b > out\n}\n")
        #expect(type("f() { > file; }") == "f is a function\nf () \n{ \n    > file\n}\n")
        #expect(type("f() { echo a; } 2>&1") == "f is a function\nf () \n{ \n    echo a\n} 2>&1\n")
    }

    @Test func conditionalCommands() {
        #expect(type("f() [[ -f x ]]") == "f is a function\nf () \n{ \n    [[ -f x ]]\n}\n")
        #expect(
            type("f() { [[ -f x && $a == b* ]]; }") == "f is a function\nf () \n{ \n    [[ -f x && $a == b* ]]\n}\n")
        #expect(
            type("f() { [[ ! -z $a || $b =~ ^x ]]; }")
                == "f is a function\nf () \n{ \n    [[ ! -z $a || $b =~ ^x ]]\n}\n")
        #expect(
            type("f() { [[ $a < $b ]]; [[ $a -eq 1 && ( -n $b || -z $c ) ]]; }")
                == "f is a function\nf () \n{ \n    [[ $a < $b ]];\n    [[ $a -eq 1 && ( -n $b || -z $c ) ]]\n}\n")
    }

    @Test func wordsAndExpansions() {
        #expect(
            type("f() { echo \"a $x b\" $x \"$x\" \"$@\" $# $? $1; }")
                == "f is a function\nf () \n{ \n    echo \"a $x b\" $x \"$x\" \"$@\" $# $? $1\n}\n")
        #expect(
            type("f() { echo ${#x} ${x:-def} ${10}; }")
                == "f is a function\nf () \n{ \n    echo ${#x} ${x:-def} ${10}\n}\n")
        #expect(
            type("f() { x=$(pwd) y=\"$HOME\"/a; }") == "f is a function\nf () \n{ \n    x=$(pwd) y=\"$HOME\"/a\n}\n")
        #expect(type("f() { echo */ ~/x a=b; }") == "f is a function\nf () \n{ \n    echo */ ~/x a=b\n}\n")
        #expect(
            type("f() { echo \"it's\"; echo 'say \"hi\"'; echo a\\ b \\$x; }")
                == "f is a function\nf () \n{ \n    echo \"it's\";\n    echo 'say \"hi\"';\n    echo a\\ b \\$x\n}\n")
        #expect(
            type("f() { echo 'single' $((1+2)) \"$((x * 2))\"; }")
                == "f is a function\nf () \n{ \n    echo 'single' $((1+2)) \"$((x * 2))\"\n}\n")
        #expect(
            type("f() { x=''; echo '' \"$x\"; trap 'echo bye' EXIT; }")
                == "f is a function\nf () \n{ \n    x='';\n    echo '' \"$x\";\n    trap 'echo bye' EXIT\n}\n")
        #expect(
            type("f() { docker inspect -f '{{.State.Running}}' \"$1\" 2>/dev/null || echo no; }")
                == "f is a function\nf () \n{ \n    docker inspect -f '{{.State.Running}}' \"$1\" 2> /dev/null || echo no\n}\n"
        )
        #expect(
            type("f() { echo $(echo   a;  echo b) \"$(date +%s)\"; }")
                == "f is a function\nf () \n{ \n    echo $(echo a; echo b) \"$(date +%s)\"\n}\n")
        #expect(
            type("f() { echo $(if true; then echo a; fi) $(ls | wc -l) $(a && b); }")
                == "f is a function\nf () \n{ \n    echo $(if true; then\n    echo a;\nfi) $(ls | wc -l) $(a && b)\n}\n"
        )
        #expect(
            type("f() { echo $(for i in 1 2; do echo $i; done) $(while true; do break; done); }")
                == "f is a function\nf () \n{ \n    echo $(for i in 1 2;\ndo\n    echo $i;\ndone) $(while true; do\n    break;\ndone)\n}\n"
        )
        #expect(
            type("f() { echo $( (echo c) ) $(! true); }")
                == "f is a function\nf () \n{ \n    echo $( ( echo c )) $(! true)\n}\n")
        #expect(
            type("f() { echo \"${x}y\" ${x}_a $1$2; }")
                == "f is a function\nf () \n{ \n    echo \"${x}y\" ${x}_a $1$2\n}\n")
        #expect(
            type("f() { printf '%s\\n' \"$x\"; echo 'c$d' 'g`h' \"it's\" 'a\\tb'; }")
                == "f is a function\nf () \n{ \n    printf '%s\\n' \"$x\";\n    echo 'c$d' 'g`h' \"it's\" 'a\\tb'\n}\n")
        #expect(
            type("f() { cd \"$(dirname \"$0\")\"; echo \"$HOME/$USER\"; }")
                == "f is a function\nf () \n{ \n    cd \"$(dirname \"$0\")\";\n    echo \"$HOME/$USER\"\n}\n")
        #expect(
            type("f() { local n=${1:-5}; echo $(( $# + 1 )) $(echo $(echo hi)); }")
                == "f is a function\nf () \n{ \n    local n=${1:-5};\n    echo $(( $# + 1 )) $(echo $(echo hi))\n}\n")
    }

    @Test func nestedFunctions() {
        #expect(
            type("f() { g() { echo inner; }; g; }")
                == "f is a function\nf () \n{ \n    function g () \n    { \n        echo inner\n    };\n    g\n}\n")
        #expect(
            type("f() { function g { if true; then echo x; fi; }; }")
                == "f is a function\nf () \n{ \n    function g () \n    { \n        if true; then\n            echo x;\n        fi\n    }\n}\n"
        )
    }

    @Test func hereDocuments() {
        #expect(
            type("f() { cat <<EOF\nhola $x\nEOF\n}") == "f is a function\nf () \n{ \n    cat <<EOF\nhola $x\nEOF\n\n}\n"
        )
        #expect(
            type("f() { cat <<'EOF'\nhola $x\nEOF\n}")
                == "f is a function\nf () \n{ \n    cat <<'EOF'\nhola $x\nEOF\n\n}\n")
        #expect(
            type("f() { cat <<EOF; echo b\nx\nEOF\n}")
                == "f is a function\nf () \n{ \n    cat <<EOF\nx\nEOF\n\n    echo b\n}\n")
    }

    @Test func otherNamesAreAsBefore() {
        let session = newSession()
        _ = session.handle("f() { :; }")
        #expect(session.handle("type f echo").text == "f is a function\nf () \n{ \n    :\n}\necho is a shell builtin\n")
    }

    /// In a container: bash prints the function, dash (Debian's `sh`) only names it.
    @Test func containerShells() {
        let session = newSession()
        let bash = session.handle("docker run --rm debian bash -c 'f() { echo a; }; type f'")
        #expect(bash.stdout == "f is a function\nf () \n{ \n    echo a\n}\n")
        let dash = session.handle("docker run --rm debian sh -c 'f() { echo a; }; type f'")
        #expect(dash.stdout == "f is a shell function\n")
    }

    /// A command on its own (what `$( )` holds): lists on one line, compound commands over several.
    @Test func commandsOutsideFunctionsAreOnOneLine() throws {
        let node = try ShellParser.parse("a; b && { c; d; } | e")
        #expect(node.printedText == "a; b && { c; d; } | e")
        let loop = try ShellParser.parse("while true; do a; b; done")
        #expect(loop.printedText == "while true; do\n    a; b;\ndone")
    }
}
