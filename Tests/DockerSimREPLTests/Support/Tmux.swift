import Glibc

/// Drives the real `dockersim` binary in a tmux pane: keys in, screen (and raw bytes) out.
/// Each instance has its own tmux server (its own socket), killed by ``close()``.
final class Tmux {
    let socket: String
    let directory: String
    let rawPath: String

    /// The directory of the test bundle, where SwiftPM also puts the `dockersim` executable.
    static var binary: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "dockersim" }
        let exe = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var parts = exe.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // …/debug/dockersimPackageTests.xctest (a file on Linux)
        while let last = parts.last, !last.hasSuffix(".xctest") && parts.count > 1 { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/") + "/dockersim"
    }

    static var available: Bool { shell("command -v tmux >/dev/null 2>&1") == 0 }

    /// A scratch directory for one test.
    static func makeDirectory(_ name: String) -> String {
        let path = "/tmp/dockersim-tty-\(getpid())-\(name)"
        _ = shell("rm -rf '\(path)' && mkdir -p '\(path)'")
        return path
    }

    /// Starts `dockersim arguments` in a `columns`×40 pane with `environment` (plus LANG=C.UTF-8,
    /// HOME in the scratch directory, NO_COLOR unset unless given). Raw output goes to ``rawPath``.
    init(
        directory: String, name: String, arguments: String = "--seed 1", environment: [String: String] = [:],
        columns: Int = 100
    ) {
        self.directory = directory
        self.socket = directory + "/tmux-\(name).sock"
        self.rawPath = directory + "/raw-\(name).txt"
        var variables = ["LANG": "C.UTF-8", "HOME": directory, "TERM": "xterm-256color"]
        variables.merge(environment) { $1 }
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let unset = variables["NO_COLOR"] == nil ? "-u NO_COLOR " : ""
        let program =
            "sleep 0.3; env \(unset)-u LC_ALL -u LC_MESSAGES \(assignments) '\(Tmux.binary)' \(arguments); echo EXIT=$?; sleep 600"
        _ = Tmux.shell(
            "tmux -S '\(socket)' -f /dev/null new-session -d -s t -x \(columns) -y 40 \(Tmux.quote(program))")
        _ = Tmux.shell("tmux -S '\(socket)' pipe-pane -t t -o \(Tmux.quote("cat >> '\(rawPath)'"))")
    }

    /// Types text literally.
    func type(_ text: String) {
        _ = Tmux.shell("tmux -S '\(socket)' send-keys -t t -l -- \(Tmux.quote(text))")
    }

    /// Presses keys by tmux's names: `Enter`, `Tab`, `C-c`, `C-d`, `Up`, `C-r`, `C-p`, `C-q`.
    func press(_ keys: String...) {
        for key in keys {
            _ = Tmux.shell("tmux -S '\(socket)' send-keys -t t \(key)")
            usleep(30_000)
        }
    }

    /// What the pane shows now, one string per line, trailing blanks trimmed.
    func screen() -> [String] {
        Tmux.output("tmux -S '\(socket)' capture-pane -p -t t").split(separator: "\n", omittingEmptySubsequences: false)
            .map {
                var line = String($0)
                while line.last == " " { line.removeLast() }
                return line
            }
    }

    /// Every byte the program wrote to the terminal so far.
    func raw() -> String { Tmux.output("cat '\(rawPath)' 2>/dev/null") }

    /// Waits until the screen satisfies `condition`; returns the screen, or nil after `timeout` seconds.
    @discardableResult
    func wait(timeout: Double = 20, _ condition: ([String]) -> Bool) -> [String]? {
        var waited = 0.0
        while waited < timeout {
            let lines = screen()
            if condition(lines) { return lines }
            usleep(50_000)
            waited += 0.05
        }
        return nil
    }

    /// Waits until some line contains `text`.
    @discardableResult
    func wait(for text: String, timeout: Double = 20) -> Bool {
        wait(timeout: timeout) { $0.contains { $0.contains(text) } } != nil
    }

    /// The last non-empty line (where the cursor's prompt is).
    func currentLine() -> String { screen().last { !$0.isEmpty } ?? "" }

    /// Waits until the last non-empty line is exactly `text`.
    @discardableResult
    func waitForLine(_ text: String, timeout: Double = 20) -> Bool {
        wait(timeout: timeout) { ($0.last { !$0.isEmpty } ?? "") == text } != nil
    }

    func close() {
        _ = Tmux.shell("tmux -S '\(socket)' kill-server 2>/dev/null")
    }

    // MARK: - Processes

    static func quote(_ text: String) -> String { "'" + text.replacing("'", with: "'\\''") + "'" }

    @discardableResult
    static func shell(_ command: String) -> Int32 {
        let status = system(command)
        return status == -1 ? -1 : (status >> 8) & 0xff
    }

    static func output(_ command: String) -> String {
        guard let pipe = popen(command, "r") else { return "" }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        pclose(pipe)
        return String(decoding: bytes, as: UTF8.self)
    }
}
