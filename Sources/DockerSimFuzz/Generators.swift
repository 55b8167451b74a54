/// Inputs built to attack dockersim's caps (issue 19), mixed into every campaign: deep nesting
/// (`$( )`, `{ }`, `if`, template parentheses and `{{if}}`, `not not …`, `1+1+…`, JSON
/// brackets, folders), files that grow themselves (`cat f >> f`, `x=$x$x`, appends in a loop),
/// huge and tiny sleeps (a clock-run loop woken a billion times), and device and link paths
/// (`record start /dev/full`, a `progress.json` that is `/dev/zero`, a FIFO or a link).
public enum FuzzGenerators {
    /// One generated input of `kind`.
    public static func input(_ kind: FuzzKind, random: inout FuzzRandom) -> [UInt8] {
        Array(text(kind, random: &random).utf8)
    }

    /// A nesting depth: mostly around the caps, sometimes far past them.
    static func depth(_ random: inout FuzzRandom) -> Int {
        random.oneIn(40) ? 1_000 + random.below(2_500) : 1 + random.below(160)
    }

    static func pick(_ options: [String], _ random: inout FuzzRandom) -> String {
        options[random.below(options.count)]
    }

    static func text(_ kind: FuzzKind, random: inout FuzzRandom) -> String {
        let n = depth(&random)
        switch kind {
        case .shellLine:
            return pick(
                [
                    "echo " + String(repeating: "$(", count: n) + "echo hi" + String(repeating: ")", count: n),
                    "echo " + String(repeating: "\"$(", count: n) + "echo hi" + String(repeating: ")\"", count: n),
                    String(repeating: "{ ", count: n) + "echo hi" + String(repeating: "; }", count: n),
                    String(repeating: "if true; then ", count: n) + "echo hi" + String(repeating: "; fi", count: n),
                    String(repeating: "while false; do ", count: n) + ":" + String(repeating: "; done", count: n),
                    "mkdir -p " + Array(repeating: "a", count: n).joined(separator: "/") + " && ls -R / > /dev/null",
                    "echo a > f; while true; do cat f >> f; done",
                    "echo a > f; while true; do cat f f > g; mv g f; done",
                    "x=a; while true; do x=$x$x; done",
                    "while true; do echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa >> f; done",
                    "while true; do sleep 0.000001; done",
                    "sleep 1e300", "sleep 999999999", "sleep 0.000001; sleep 999999999",
                    "while true; do echo $(while true; do :; done); done",
                    "cat /dev/zero", "cat /dev/urandom | head -c 10", "ln -s / x; cd x/x/x/x/x/x/x/x; ls",
                    "ln -s loop loop; cat loop", "echo x > /dev/full", "cat < /proc/self/fd/0",
                ], &random)
        case .dockerLine:
            let template = pick(
                [
                    "{{" + String(repeating: "json (", count: min(n, 12)) + ".ID"
                        + String(repeating: ")", count: min(n, 12))
                        + "}}",
                    "{{" + String(repeating: "(", count: n) + ".ID" + String(repeating: ")", count: n) + "}}",
                    String(repeating: "{{if 1}}", count: n) + "x" + String(repeating: "{{end}}", count: n),
                    "{{range 1000000000000}}x{{end}}", "{{pad .ID 1000000000000 0}}", "{{printf \"%9999d\" 1}}",
                ], &random)
            return pick(
                [
                    "run -d ubuntu bash -c \"while true; do date >> hora.txt; sleep 1; done\"\nsleep 999999999\nps -a",
                    "run -d ubuntu bash -c \"while true; do sleep 0.000001; done\"\nsleep 100\nlogs -n 1 $(ps -lq)",
                    "run -d ubuntu bash -c \"while true; do echo aaaaaaaaaaaaaaaa; sleep 0.001; done\"\nsleep 1e300",
                    "images --format '\(template)'", "ps -a --format '\(template)'",
                    "inspect --format '\(template)' web",
                    "record start /dev/full", "record start /dev/null", "record start /proc/self/fd/1",
                    "lesson save /dev/zero", "sleep 1e300", "sleep -1", "sleep 0.000000001",
                    "mkdir -p " + Array(repeating: "d", count: n).joined(separator: "/"),
                    "cp web:" + Array(repeating: "x", count: n).joined(separator: "/") + " /tmp",
                ], &random)
        case .lesson:
            return "id: fuzz\ntitle.en: x\n\n## step uno\ntext.en: y\n"
                + pick(
                    [
                        "check: " + String(repeating: "not ", count: n * 10) + "image-present ubuntu\n",
                        "check: compare " + Array(repeating: "1", count: n * 4).joined(separator: " + ") + " = 2\n",
                        "setup: echo " + String(repeating: "$(", count: n) + "x" + String(repeating: ")", count: n)
                            + "\n",
                        "setup: while true; do :; done\nsetup: while true; do :; done\ncheck: image-count == 0\n",
                    ], &random)
        case .transcript:
            return "---\nclock: 2024-01-28T18:00:00+01:00\nseed: 1\n---\n\n"
                + pick(
                    [
                        "```console\n$ run -it ubuntu\nroot@[CID]:/# echo " + String(repeating: "$(", count: n) + "hi"
                            + String(repeating: ")", count: n) + "\nhi\nroot@[CID]:/# exit\n```\n",
                        "<!-- sleep 1e300 -->\n```console\n$ ps\n```\n",
                        String(
                            repeating: "```console\n$ run ubuntu bash -c 'while true; do :; done'\n```\n", count: 40),
                    ], &random)
        case .submission:
            return "lesson: capas\nstudent: fuzz\n"
                + String(
                    repeating: pick(
                        ["$ run ubuntu bash -c 'while true; do :; done'\n", "$ sleep 999999999\n", "| x=$x$x\n"],
                        &random), count: 1 + random.below(60))
        case .savedSession:
            return pick(
                [
                    String(repeating: "[", count: n * 20) + String(repeating: "]", count: n * 20),
                    "{\"capas\":" + String(repeating: "{\"a\":", count: n * 5) + "1"
                        + String(repeating: "}", count: n * 5)
                        + "}",
                    "#!link /dev/zero", "#!link /dev/null", "#!link .", "#!link nowhere", "#!fifo",
                ], &random)
        }
    }
}
