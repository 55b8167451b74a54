import DockerSimCommands
import DockerSimCore

extension PullReport {
    /// Whether the pull downloads anything (else there is nothing to animate).
    var downloads: Bool { layers.contains { $0.status == .pullComplete } }
}

/// docker's live pull display on a terminal (moby `jsonmessage.DisplayJSONMessagesStream`):
/// each layer owns a screen line, updated in place by moving the cursor up, erasing the line,
/// writing `\r<id>: <status> <progress>\r` and moving back down. Simulated at a speed that feels
/// real and lasts about a second and a half; it ends on the lines scripted mode prints.
struct PullAnimation {
    /// One write and how long to wait after it.
    struct Frame: Equatable {
        var text: String
        var pauseMilliseconds: Int
    }

    /// The engine's report of the pull: its layers, what each one cost and how it ended.
    var report: PullReport
    /// The terminal's width: the `[===>   ]` bar shows only above 110 columns.
    var columns: Int

    static let tick = 0.06
    static let maxConcurrentDownloads = 3

    /// Everything to write, in order, with pauses: the header, the layer lines' updates, and
    /// finally the layers' last statuses (the text after the block is not included).
    func frames() -> [Frame] {
        var frames: [Frame] = [
            Frame(text: "\(report.tagOrDigest): Pulling from \(report.repositoryPath)\n", pauseMilliseconds: 0)
        ]
        var sizes: [String: Int64] = [:]
        for layer in report.layers { sizes[layer.blob] = layer.size }
        var lines: [String: Int] = [:]
        var screen = ""
        func update(_ id: String, _ status: String, progress: String = "") {
            if lines[id] == nil {
                lines[id] = lines.count
                screen += "\n"
            }
            let diff = lines.count - (lines[id] ?? 0)
            if diff > 0 { screen += "\u{1B}[\(diff)A" }
            screen += "\u{1B}[2K\r\(id): \(status) \(progress)\r"
            if diff > 0 { screen += "\u{1B}[\(diff)B" }
        }
        func flush(_ seconds: Double) {
            frames.append(Frame(text: screen, pauseMilliseconds: Int(seconds * 1000)))
            screen = ""
        }

        let fetched = report.layers.filter { $0.status == .pullComplete }.map(\.blob)
        for layer in report.layers {
            update(layer.blob, layer.status == .alreadyExists ? "Already exists" : "Pulling fs layer")
        }
        for id in fetched.dropFirst(Self.maxConcurrentDownloads) { update(id, "Waiting") }
        flush(Self.tick)

        let largest = Double(max(1, fetched.map { sizes[$0] ?? 1 }.max() ?? 1))
        func share(_ id: String) -> Double { Double(sizes[id] ?? 1) / largest }
        var downloadEnd: [String: Double] = [:]
        var slots = Array(repeating: 0.0, count: Self.maxConcurrentDownloads)
        var downloadStart: [String: Double] = [:]
        for id in fetched {
            let slot = slots.indices.min { slots[$0] < slots[$1] } ?? 0
            downloadStart[id] = slots[slot]
            slots[slot] += 0.15 + 0.55 * share(id)
            downloadEnd[id] = slots[slot]
        }
        var extractStart: [String: Double] = [:]
        var extractEnd: [String: Double] = [:]
        var previous = 0.0
        for id in fetched {
            let start = max(previous, (downloadEnd[id] ?? 0) + Self.tick)
            extractStart[id] = start
            previous = start + 0.05 + 0.25 * share(id)
            extractEnd[id] = previous
        }

        enum Phase: Equatable { case waiting, downloading, downloaded, extracting, done }
        var phase: [String: Phase] = [:]
        var time = 0.0
        while fetched.contains(where: { phase[$0] != .done }) {
            time += Self.tick
            for id in fetched {
                let total = sizes[id] ?? 1
                let state = phase[id] ?? .waiting
                if let end = extractEnd[id], time >= end {
                    if state != .done {
                        if state != .extracting { update(id, "Extracting", progress: progress(total, of: total)) }
                        update(id, "Pull complete")
                        phase[id] = .done
                    }
                } else if let start = extractStart[id], let end = extractEnd[id], time >= start {
                    let fraction = (time - start) / (end - start)
                    update(id, "Extracting", progress: progress(Int64(Double(total) * fraction), of: total))
                    phase[id] = .extracting
                } else if let end = downloadEnd[id], time >= end {
                    if state != .downloaded {
                        update(id, "Verifying Checksum")
                        update(id, "Download complete")
                        phase[id] = .downloaded
                    }
                } else if let start = downloadStart[id], let end = downloadEnd[id], time >= start {
                    let fraction = (time - start) / (end - start)
                    update(id, "Downloading", progress: progress(Int64(Double(total) * fraction), of: total))
                    phase[id] = .downloading
                }
            }
            flush(Self.tick)
        }
        frames[frames.count - 1].pauseMilliseconds = 0
        return frames
    }

    /// `JSONProgress.String()`: the bar (only on terminals wider than 110 columns) and
    /// `%8v/%v` of the sizes. (The daemon sends no start time, so no time left is shown.)
    func progress(_ current: Int64, of total: Int64) -> String {
        let current = max(1, min(current, total))
        let percentage = min(50, Int(Double(current) / Double(total) * 100) / 2)
        var bar = ""
        if columns > 110 {
            bar =
                "[" + String(repeating: "=", count: percentage) + ">"
                + String(repeating: " ", count: max(0, 50 - percentage)) + "] "
        }
        let shown = Units.humanSize(current)
        let numbers = String(repeating: " ", count: max(0, 8 - shown.count)) + shown + "/" + Units.humanSize(total)
        return bar + numbers
    }
}
