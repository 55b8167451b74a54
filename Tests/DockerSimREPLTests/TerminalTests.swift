import DockerSimCommands
import DockerSimCore
import DockerSimTestSupport
import Glibc
import Testing

/// The "Done when" points of issue 3, checked on the real binary in a tmux pseudo-terminal.
@Suite("dockersim in a terminal (tmux)", .serialized)
struct TerminalTests {
    init() throws {
        try #require(Tmux.available, "tmux is needed for the terminal tests (.ci/run installs it)")
        try #require(access(Tmux.binary, X_OK) == 0, "dockersim binary not found at \(Tmux.binary)")
    }

    private func isContainerPrompt(_ line: String) -> Bool {
        guard line.hasPrefix("root@"), line.hasSuffix(":/#") || line.hasSuffix(":/# ") else { return false }
        let host = line.dropFirst(5).prefix { $0 != ":" }
        return host.count == 12 && host.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    @Test func completionContainersKeysAndPullProgress() throws {
        let directory = Tmux.makeDirectory("main")
        defer { Tmux.shell("rm -rf '\(directory)'") }
        let tty = Tmux(directory: directory, name: "main", environment: ["DOCKERSIM_HISTORY": directory + "/history"])
        defer { tty.close() }
        #expect(tty.waitForLine("$"), "host prompt")

        // Tab turns `pul` into `pull`.
        tty.type("pul")
        tty.press("Tab")
        #expect(tty.waitForLine("$ pull"), "pul + Tab → pull: \(tty.currentLine())")

        // `pull josedom24/servidorweb:` + Tab offers v1 and v2 (the second Tab lists them).
        tty.type("josedom24/servidorweb:")
        tty.press("Tab", "Tab")
        let listed = tty.wait { lines in lines.contains { $0.contains("v1") && $0.contains("v2") && !$0.contains("$") }
        }
        #expect(listed != nil, "v1 and v2 listed: \(tty.screen())")
        #expect(tty.waitForLine("$ pull josedom24/servidorweb:v"), "common prefix inserted: \(tty.currentLine())")

        // The pull shows docker's live progress and ends on scripted mode's lines.
        tty.type("1")
        tty.press("Enter")
        #expect(tty.wait(for: "Status: Downloaded newer image for josedom24/servidorweb:v1"))
        let raw = tty.raw()
        #expect(raw.contains("Downloading"), "live Downloading lines")
        #expect(raw.contains("Extracting"), "live Extracting lines")
        #expect(raw.contains("\u{1B}[2K\r"), "docker's erase-line updates")
        let scripted = makeSession(at: "1970-01-01T00:00:00Z", seed: 1).handle("pull josedom24/servidorweb:v1").stdout
        let expectedLines = scripted.split(separator: "\n").map { String($0).trimmingTrailingSpaces }
        let screen = tty.screen()
        if let start = screen.firstIndex(of: expectedLines[0]) {
            #expect(Array(screen[start..<min(screen.count, start + expectedLines.count)]) == expectedLines)
        } else {
            Issue.record("pull header not on screen: \(screen)")
        }

        // `attach ` + Tab offers the running containers' names.
        tty.type("run -d -it --name bg ubuntu")
        tty.press("Enter")
        #expect(
            tty.wait { $0.contains { $0.count == 64 && $0.allSatisfy(\.isHexDigit) } } != nil, "run -d prints the ID")
        #expect(tty.waitForLine("$"))
        tty.type("attach ")
        tty.press("Tab")
        #expect(tty.waitForLine("$ attach bg"), "attach + Tab → bg: \(tty.currentLine())")

        // Ctrl-C cancels the half-typed line and the REPL goes on.
        tty.press("C-c")
        #expect(tty.wait(for: "$ attach bg ^C"))
        #expect(tty.waitForLine("$"))

        // Ctrl-L clears the screen: only the prompt (with what was typed) is left, at the top.
        tty.type("ima")
        tty.press("C-l")
        #expect(tty.wait { $0.filter { !$0.isEmpty } == ["$ ima"] } != nil, "Ctrl-L: \(tty.screen())")
        tty.press("C-c")
        #expect(tty.waitForLine("$"))

        // run -it shows bash's prompt with the 12-hex hostname.
        tty.type("run -it --name t1 ubuntu")
        tty.press("Enter")
        #expect(
            tty.wait { isContainerPrompt($0.last { !$0.isEmpty } ?? "") } != nil,
            "container prompt: \(tty.currentLine())")
        let prompt = tty.currentLine()

        // Inside the container paths complete as bash completes them: `/etc/pa` is ambiguous in
        // Ubuntu's /etc (a second Tab lists pam.conf, pam.d/, passwd); one more letter completes.
        tty.type("cat /etc/pa")
        tty.press("Tab", "Tab")
        #expect(
            tty.wait { $0.contains { $0.contains("pam.conf") && $0.contains("pam.d/") && $0.contains("passwd") } }
                != nil,
            "listing: \(tty.screen())")
        tty.type("s")
        tty.press("Tab")
        #expect(tty.waitForLine(prompt + " cat /etc/passwd"), "path completion: \(tty.currentLine())")
        tty.press("Enter")
        #expect(tty.wait(for: "root:x:0:0:root:/root:/bin/bash"))
        #expect(tty.waitForLine(prompt))

        // UTF-8 goes through.
        tty.type("echo héllo ñandú")
        tty.press("Enter")
        #expect(tty.wait { $0.contains("héllo ñandú") } != nil, "echo héllo ñandú: \(tty.screen())")
        #expect(tty.waitForLine(prompt))

        // Ctrl-C in the container: bash's ^C and a new prompt; the line does not run.
        tty.type("echo never-run")
        // The line is on the screen before Ctrl-C (on a busy machine a key sent at once can
        // overtake the typed text).
        #expect(tty.wait(for: "# echo never-run"))
        tty.press("C-c")
        #expect(tty.wait(for: "# echo never-run^C"))
        #expect(tty.waitForLine(prompt))
        #expect(!tty.screen().contains("never-run"))

        // exit returns to the host prompt.
        tty.type("exit")
        tty.press("Enter")
        #expect(tty.waitForLine("$"))

        // Ctrl-P Ctrl-Q detaches and leaves the container Up.
        tty.type("run -it --name t2 ubuntu")
        tty.press("Enter")
        #expect(tty.wait { isContainerPrompt($0.last { !$0.isEmpty } ?? "") } != nil)
        tty.press("C-p", "C-q")
        #expect(tty.wait(for: "# read escape sequence"), "docker's detach message: \(tty.screen())")
        #expect(tty.waitForLine("$"))
        tty.type("ps")
        tty.press("Enter")
        #expect(
            tty.wait { $0.contains { $0.contains("Up ") && $0.hasSuffix("t2") } } != nil, "t2 still Up: \(tty.screen())"
        )
        #expect(tty.waitForLine("$"))
        #expect(tty.screen().contains { $0.contains("Up ") && $0.hasSuffix("bg") })
        #expect(!tty.screen().contains { $0.hasSuffix("t1") }, "t1 stopped when its shell exited")

        // Ctrl-D on an empty line ends dockersim with status 0.
        tty.press("C-d")
        #expect(tty.wait(for: "EXIT=0"), "Ctrl-D exits 0: \(tty.screen())")
    }

    @Test func historyAcrossRunsAndReverseSearch() throws {
        let directory = Tmux.makeDirectory("history")
        defer { Tmux.shell("rm -rf '\(directory)'") }
        let history = directory + "/state/history"
        let first = Tmux(
            directory: directory, name: "first", arguments: "--seed 1 --lang es",
            environment: ["DOCKERSIM_HISTORY": history])
        defer { first.close() }
        #expect(first.waitForLine("$"))
        for (index, line) in ["pull hello-world", "images", "images", "ps -a"].enumerated() {
            first.type(line)
            first.press("Enter")
            // Done when a new prompt follows: one prompt line per command so far, plus the new one.
            let prompts = first.wait { lines in
                lines.filter { $0 == "$" || $0.hasPrefix("$ ") }.count == index + 2 && lines.last { !$0.isEmpty } == "$"
            }
            #expect(prompts != nil, "\(line): \(first.screen())")
        }
        // Up recalls the previous line.
        first.press("Up")
        #expect(first.waitForLine("$ ps -a"), "Up: \(first.currentLine())")
        first.press("Up")
        #expect(first.waitForLine("$ images"), "duplicates folded: \(first.currentLine())")
        first.press("C-c")
        #expect(first.waitForLine("$"))
        // `help` speaks Spanish with --lang es.
        first.type("help")
        first.press("Enter")
        #expect(first.wait(for: "dockersim entiende las órdenes de docker"))
        #expect(first.waitForLine("$"))
        first.press("C-d")
        #expect(first.wait(for: "EXIT=0"))
        #expect(Tmux.output("cat '\(history)'") == "pull hello-world\nimages\nps -a\nhelp\n")

        // A new run finds the history: Up shows the last line; Ctrl-R finds an older one.
        let second = Tmux(
            directory: directory, name: "second", environment: ["DOCKERSIM_HISTORY": history, "LANG": "en_US.UTF-8"])
        defer { second.close() }
        #expect(second.waitForLine("$"))
        second.press("Up")
        #expect(second.waitForLine("$ help"), "Up after restart: \(second.currentLine())")
        second.press("C-c")
        #expect(second.waitForLine("$"))
        second.press("C-r")
        second.type("hello")
        #expect(second.wait(for: "(reverse-i-search)`hello': pull hello-world"), "Ctrl-R: \(second.screen())")
        second.press("Enter")
        #expect(
            second.wait(for: "Status: Downloaded newer image for hello-world:latest"),
            "the found line runs: \(second.screen())")
        #expect(second.waitForLine("$"))
        second.type("exit")
        second.press("Enter")
        #expect(second.wait(for: "EXIT=0"))
    }

    @Test func colourOnlyWithoutNoColor() throws {
        let directory = Tmux.makeDirectory("colour")
        defer { Tmux.shell("rm -rf '\(directory)'") }
        let sgr = /\x1B\[[0-9;]*m/
        for (name, environment) in [("plain", ["NO_COLOR": "1"]), ("colour", [:])] {
            let tty = Tmux(
                directory: directory, name: name,
                environment: environment.merging(["DOCKERSIM_HISTORY": directory + "/h"]) { $1 })
            defer { tty.close() }
            #expect(tty.waitForLine("$"))
            tty.type("rmi nosuchimage")
            tty.press("Enter")
            #expect(tty.wait(for: "Error response from daemon: No such image: nosuchimage:latest"))
            #expect(tty.waitForLine("$"))
            tty.type("run -it ubuntu")
            tty.press("Enter")
            #expect(tty.wait(for: "Status: Downloaded newer image for ubuntu:latest"))
            #expect(tty.wait { ($0.last { !$0.isEmpty } ?? "").hasPrefix("root@") } != nil)
            tty.press("C-d")
            #expect(tty.waitForLine("$"))
            tty.type("layers")
            tty.press("Enter")
            #expect(tty.wait(for: "Build Cache"))
            #expect(tty.waitForLine("$"))
            tty.press("C-d")
            #expect(tty.wait(for: "EXIT=0"))
            let raw = tty.raw()
            if name == "plain" {
                #expect(raw.firstMatch(of: sgr) == nil, "NO_COLOR=1: no colour escape codes")
            } else {
                #expect(raw.contains("\u{1B}[1;36m"), "coloured host prompt")
                #expect(raw.contains("\u{1B}[31mError response from daemon"), "error in red")
                #expect(raw.contains("\u{1B}[1;32mroot@"), "coloured container prompt")
                // `layers`: ubuntu's layer (only its image uses it) and the container's writable layer.
                #expect(raw.contains("\u{1B}[33m"), "a layer of one image in yellow")
                #expect(raw.contains("\u{1B}[32m"), "a writable layer in green")
            }
        }
    }

    /// Issue 19: Ctrl-C stops a line while it runs (bash's `^C`, status 130), long before the
    /// loop's budget would; at the prompt it still only cancels what was typed.
    @Test func ctrlCStopsARunningLine() throws {
        let directory = Tmux.makeDirectory("interrupt")
        defer { Tmux.shell("rm -rf '\(directory)'") }
        let tty = Tmux(directory: directory, name: "interrupt", environment: ["DOCKERSIM_HISTORY": directory + "/h"])
        defer { tty.close() }
        #expect(tty.waitForLine("$"))
        tty.type("run -it ubuntu")
        tty.press("Enter")
        #expect(tty.wait { isContainerPrompt($0.last { !$0.isEmpty } ?? "") } != nil)
        let prompt = tty.currentLine()
        // A loop the budget would stop only after 100,000 commands (seconds in a debug build).
        tty.type("while true; do echo aaaaaaaa >> f; done")
        #expect(tty.waitForLine(prompt + " while true; do echo aaaaaaaa >> f; done"))
        tty.press("Enter")
        usleep(300_000)
        tty.press("C-c")
        #expect(tty.wait(for: "^C"), "^C: \(tty.screen())")
        #expect(tty.waitForLine(prompt), "the prompt comes back: \(tty.screen())")
        #expect(!tty.screen().joined().contains("a loop that never ended"), "stopped by Ctrl-C, not the budget")
        tty.type("echo $?")
        tty.press("Enter")
        #expect(tty.wait(for: "130"), "status 130: \(tty.screen())")
        // The next line is not stopped by that Ctrl-C.
        tty.type("echo next")
        tty.press("Enter")
        #expect(tty.wait { $0.contains("next") } != nil)
        tty.type("exit")
        tty.press("Enter")
        #expect(tty.waitForLine("$"))
        tty.press("C-d")
        #expect(tty.wait(for: "EXIT=0"))
    }

    /// Issue 19: Ctrl-\ and SIGTERM end dockersim cleanly: no crash report, the history kept,
    /// status 128 + the signal (131, 143), even while a line runs.
    @Test func quitAndTerminateEndCleanly() throws {
        let directory = Tmux.makeDirectory("quit")
        defer { Tmux.shell("rm -rf '\(directory)'") }
        let quit = Tmux(directory: directory, name: "quit", environment: ["DOCKERSIM_HISTORY": directory + "/h"])
        defer { quit.close() }
        #expect(quit.waitForLine("$"))
        quit.type("images")
        quit.press("Enter")
        #expect(quit.wait(for: "REPOSITORY"))
        #expect(quit.waitForLine("$"))
        quit.press("C-\\\\")
        #expect(quit.wait(for: "EXIT=131"), "Ctrl-\\: \(quit.screen())")
        #expect(!quit.raw().contains("crashed"))
        #expect(Tmux.output("cat '\(directory)/h'").contains("images"))

        let term = Tmux(directory: directory, name: "term", environment: ["DOCKERSIM_HISTORY": directory + "/h2"])
        defer { term.close() }
        #expect(term.waitForLine("$"))
        term.type("run -it ubuntu")
        term.press("Enter")
        #expect(term.wait { isContainerPrompt($0.last { !$0.isEmpty } ?? "") } != nil)
        term.type("while true; do echo aaaaaaaa >> f; done")
        term.press("Enter")
        usleep(300_000)
        // The pane runs `sh -c "…; env … dockersim …"`: dockersim is the shell's child.
        let pane = Tmux.output("tmux -S '\(term.socket)' display -p -t t '#{pane_pid}'").filter(\.isNumber)
        let pid = Tmux.output("pgrep -P \(pane) -x dockersim").filter(\.isNumber)
        #expect(!pid.isEmpty && Tmux.shell("kill -TERM \(pid)") == 0)
        #expect(term.wait(for: "EXIT=143"), "SIGTERM: \(term.screen())")
        #expect(!term.raw().contains("crashed"))
        #expect(!term.screen().joined().contains("a loop that never ended"))
    }

    /// Scripted mode (a pipe) prints exactly what the session prints, with no terminal codes.
    @Test func scriptedModeIsUnchanged() throws {
        let directory = Tmux.makeDirectory("scripted")
        defer { Tmux.shell("rm -rf '\(directory)'") }
        let lines = [
            "pull josedom24/servidorweb:v1", "images", "run -it --name c1 ubuntu", "echo héllo > f.txt", "cat f.txt",
            "exit", "ps -a -s", "pull --help",
        ]
        let input = directory + "/input.txt"
        _ = Tmux.shell("printf '%s\\n' \(lines.map(Tmux.quote).joined(separator: " ")) > '\(input)'")
        let actual = Tmux.output("'\(Tmux.binary)' --clock 2024-01-28T18:00:00+01:00 --seed 3 < '\(input)' 2>&1")
        let session = makeSession(seed: 3)
        var expected = ""
        for line in lines { expected += session.handle(line).text }
        expected += session.endOfInput().text
        #expect(actual == expected)
        #expect(!actual.contains("\u{1B}"))
    }

    /// One script typed at the REPL and piped to scripted mode (`--echo`) shows the same lines
    /// and ends with the same status: both run the session's one step function (issue 11).
    @Test func scriptedModeAndTheREPLAgree() throws {
        let directory = Tmux.makeDirectory("agree")
        defer { Tmux.shell("rm -rf '\(directory)'") }
        let lines = [
            "echo hola > a.txt", "cat a.txt", "ls -l", "cat > Dockerfile <<'EOF'", "FROM ubuntu", "EOF",
            "cat Dockerfile",
            #"echo "a\tb""#, "docker rm -f $(docker ps -aq)", "docker foo", "docker wait x", "nosuch", "\"unclosed",
            "quote\"", "echo $?", "exit 3",
        ]
        let arguments = "--clock 2024-01-28T18:00:00+01:00 --seed 3 --no-color"
        let input = directory + "/input.txt"
        _ = Tmux.shell("printf '%s\\n' \(lines.map(Tmux.quote).joined(separator: " ")) > '\(input)'")
        let scripted = Tmux.output("'\(Tmux.binary)' \(arguments) --echo < '\(input)' 2>&1; echo EXIT=$?")
            .split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingTrailingSpaces }

        let tty = Tmux(directory: directory, name: "agree", arguments: arguments, environment: ["NO_COLOR": "1"])
        defer { tty.close() }
        #expect(tty.waitForLine("$"), "host prompt")
        for line in lines {
            tty.type(line)
            tty.press("Enter")
            let next = tty.wait { screen in
                let last = screen.last { !$0.isEmpty } ?? ""
                return last == "$" || last == ">" || last.hasPrefix("EXIT=")
            }
            #expect(next != nil, "after \(line): \(tty.screen())")
        }
        let screen = tty.screen()
        let start = try #require(screen.firstIndex(of: "$ " + lines[0]), "\(screen)")
        let end = try #require(screen.lastIndex { $0.hasPrefix("EXIT=") }, "\(screen)")
        let shown = Array(screen[start...end])
        #expect(
            shown == Array(scripted.prefix(shown.count)),
            "REPL:\n\(shown.joined(separator: "\n"))\nscripted:\n\(scripted.joined(separator: "\n"))")
        #expect(shown.last == "EXIT=3")
    }
}
