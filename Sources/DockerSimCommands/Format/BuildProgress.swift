import DockerSimCore
import Foundation

/// BuildKit's progress display as `docker build` prints it. Sources: moby/buildkit v0.25.1
/// util/progress/progressui/display.go (the terminal's final screen: `ttyDisplay.print` with
/// every job, `printErrorLogs`) and printer.go (`--progress=plain`: `textMux.printVtx`),
/// solver/errdefs/source.go (the Dockerfile excerpt), docker/buildx v0.29.1 commands/build.go
/// (`printWarnings`, the `docker:default` description).
enum BuildProgress {
    /// The builder the daemon's BuildKit runs as (`docker:default`).
    static let consoleDescription = "docker:default"
    /// `#0 building with "default" instance using docker driver`.
    static let textDescription = "building with \"default\" instance using docker driver"

    // MARK: - Terminal

    /// The screen a terminal keeps once the build has ended (every step, its time on the right).
    static func tty(_ report: BuildReport, width: Int = 80) -> String {
        let width = max(width, 20)
        let total = report.vertices.count
        let completed = report.vertices.count
        let status = completed > 0 && completed == total ? "FINISHED" : ""
        var header = "[+] Building \(fixed(report.elapsed, 1))s (\(completed)/\(total)) \(status)"
        header = align(header, consoleDescription, width - 1)
        if header.utf8.count > width { header = String(header.utf8.prefix(width)) ?? header }
        var out = header + "\n"
        for job in jobs(report) {
            var seconds = job.duration
            if seconds < 0.05 { seconds = 0 }
            let timer = " \(pad(fixed(seconds, 1), 3))s\n"
            var left = width - 4 - timer.utf8.count - 1
            var showStatus = false
            if !job.status.isEmpty, left + job.status.utf8.count > 20 {
                showStatus = true
                left -= job.status.utf8.count + 1
            }
            if left < 12 { continue }
            var name = job.name
            if name.utf8.count > left { name = String(decoding: Array(name.utf8.prefix(left)), as: UTF8.self) }
            var line = " => " + name
            if showStatus { line += " " + job.status }
            out += align(line, timer, width)
        }
        out += errorLogs(report, terminal: true)
        return out
    }

    struct Job {
        var name: String
        var duration: Double
        var status: String = ""
    }

    /// The lines of the screen: each step, its progress lines, its warnings.
    static func jobs(_ report: BuildReport) -> [Job] {
        var jobs: [Job] = []
        for (index, vertex) in report.vertices.enumerated() {
            var name = vertex.name.replacingOccurrences(of: "\t", with: " ")
            if vertex.error != nil { name = "ERROR " + name }
            if vertex.cached { name = "CACHED " + name }
            jobs.append(Job(name: name, duration: vertex.duration))
            for status in vertex.statuses {
                var job = Job(name: "=> " + status.id, duration: status.duration)
                if status.total != 0 {
                    job.status = size(status.current) + " / " + size(status.total)
                } else if status.current != 0 {
                    job.status = size(status.current)
                }
                jobs.append(job)
            }
            if index == 0 {
                for check in report.checks { jobs.append(Job(name: "WARN: " + check.short, duration: vertex.duration)) }
            }
        }
        return jobs
    }

    /// Go's `fmt.Sprintf("%-[2]*[1]s %[3]s", l, w-len(r)-1, r)`.
    static func align(_ left: String, _ right: String, _ width: Int) -> String {
        let target = width - right.utf8.count - 1
        let padding = max(0, target - left.utf8.count)
        return left + String(repeating: " ", count: padding) + " " + right
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `%.Nf`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// tonistiigi/units `Bytes` with `%.2f`: `743B`, `16.77kB`, `29.12MB`.
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes)B" : fixed(value, 2) + units[unit]
    }

    // MARK: - Plain

    /// `--progress=plain`: each step numbered, its progress lines, its output with the seconds
    /// since it started, and how it ended.
    static func plain(_ report: BuildReport) -> String {
        guard !report.vertices.isEmpty else { return "" }
        var out = "#0 \(textDescription)\n\n"
        for (index, vertex) in report.vertices.enumerated() {
            let number = "#\(index + 1) "
            if index > 0 { out += "\n" }
            out += number + vertex.name + "\n"
            for status in vertex.statuses {
                var bytes = ""
                if status.total != 0 {
                    bytes = " " + size(status.current) + " / " + size(status.total)
                } else if status.current != 0 {
                    bytes = " " + size(status.current)
                }
                if status.duration >= 0.05 { out += number + status.id + bytes + "\n" }
                let time = status.duration > 0.01 ? " " + fixed(status.duration, 1) + "s" : ""
                out += number + status.id + bytes + time + " done\n"
            }
            if index == 0 {
                for check in report.checks { out += number + "WARN: " + check.short + "\n" }
            }
            for line in vertex.logs { out += number + logText(line) + "\n" }
            if let error = vertex.error {
                out += number + "ERROR: " + error + "\n"
            } else if vertex.cached {
                out += number + "CACHED\n"
            } else {
                out += number + "DONE " + fixed(vertex.duration, 1) + "s\n"
            }
        }
        out += errorLogs(report, terminal: false)
        return out
    }

    /// A log line as the display keeps it: the seconds since the step started, then the text.
    static func logText(_ line: BuildLogLine) -> String {
        let precision = line.offset < 10 ? 3 : line.offset < 100 ? 2 : 1
        return fixed(line.offset, precision) + " " + line.text
    }

    /// `printErrorLogs`: the failed step and what it printed (all of it on a terminal, the last
    /// ten lines in plain mode).
    static func errorLogs(_ report: BuildReport, terminal: Bool) -> String {
        var out = ""
        for vertex in report.vertices where vertex.error != nil {
            out += "------\n > \(vertex.name):\n"
            let lines = terminal ? vertex.logs : Array(vertex.logs.suffix(10))
            for line in lines { out += logText(line) + "\n" }
            out += "------\n"
        }
        return out
    }

    // MARK: - After the build

    /// BuildKit's framed excerpt of the Dockerfile lines an error points at.
    static func excerpt(_ source: SourceExcerpt) -> String {
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var start = source.startLine
        var end = max(source.endLine, source.startLine)
        guard start >= 1, start <= lines.count else { return "" }
        if end > lines.count { end = lines.count }
        let padding = end == start ? 4 : 2
        var p = 0
        let first = start
        while p < padding {
            if start > 1 {
                start -= 1
                p += 1
            }
            if end != lines.count {
                end += 1
                p += 1
            }
            p += 1
        }
        var out = "\(source.filename):\(first)\n--------------------\n"
        for number in start...end {
            let marker = number >= source.startLine && number <= max(source.endLine, source.startLine) ? ">>>" : "   "
            out += " " + pad(String(number), 3) + " | " + marker + " " + lines[number - 1] + "\n"
        }
        return out + "--------------------\n"
    }

    /// buildx's `printWarnings` (without `--debug`).
    static func warnings(_ checks: [BuildCheck]) -> String {
        guard !checks.isEmpty else { return "" }
        var out = "\n "
        out += checks.count == 1 ? "1 warning found" : "\(checks.count) warnings found"
        out += " (use docker --debug to expand):\n"
        for check in checks { out += " - " + check.short + "\n" }
        return out
    }
}
