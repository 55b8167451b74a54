import DockerSimCore
import Foundation

/// A transcript being recorded: the file it goes to and the first line it shows.
public struct Recording: Sendable {
    public var path: String
    /// Lines of the session log before this index happened before recording started: they are
    /// written as hidden commands, so that the transcript replays from a fresh simulator.
    public var firstLine: Int
}

extension Session {
    /// Starts recording the session as a transcript that will be written to `path`.
    public func startRecording(to path: String) {
        recording = Recording(path: path, firstLine: log.count)
    }

    /// Stops recording and writes the transcript (atomically). Returns the path written.
    @discardableResult
    public func stopRecording() throws -> String? {
        guard let recording else { return nil }
        self.recording = nil
        let text = transcriptText(showingFrom: recording.firstLine)
        try SafeFile.write(Array(text.utf8), to: recording.path, mode: 0o644)
        return recording.path
    }

    /// The session so far as a transcript: front matter with the start time and seed, hidden
    /// commands for what came before `firstLine`, then the command/output blocks, with the time
    /// that passed between lines as `<!-- sleep N -->`.
    public func transcriptText(showingFrom firstLine: Int) -> String {
        var out = "---\nclock: \(engine.startTime.rfc3339Nano)\nseed: \(engine.seed)\n"
        if language == .spanish { out += "lang: es\n" }
        out += "---\n\n"
        out += "<!-- Recorded with dockersim \(DockerSimVersion.string). -->\n"
        var inBlock = false
        var previousEnd = engine.startTime
        func closeBlock() {
            if inBlock { out += "```\n" }
            inBlock = false
        }
        var index = 0
        while index < log.count {
            let entry = log[index]
            let gap = entry.time.interval(since: previousEnd)
            if gap >= 1e-9 {
                closeBlock()
                out += "\n<!-- sleep \(Self.seconds(gap)) -->\n"
            }
            previousEnd = entry.endTime
            if entry.isRecordingControl {
                index += 1
                continue
            }
            let prompt = entry.prompt.isEmpty ? "$ " : entry.prompt
            if index < firstLine {
                closeBlock()
                out += "<!-- \(prompt)\(entry.line) -->\n"
                index += 1
                continue
            }
            if !inBlock {
                out += "\n```console\n"
                inBlock = true
            }
            out += prompt + entry.line + "\n"
            var text = Replayer.terminalText(entry.output.text)
            var status = entry.output.status
            // An answer to a `[y/N]` question goes on the question's line.
            while index + 1 < log.count, log[index + 1].prompt.isEmpty {
                let answer = log[index + 1]
                text += answer.line + "\n" + answer.output.text
                status = answer.output.status
                previousEnd = answer.endTime
                index += 1
            }
            if !text.isEmpty { out += text.hasSuffix("\n") ? text : text + "\n" }
            if status != 0 { out += "? \(status)\n" }
            index += 1
        }
        closeBlock()
        return out
    }

    /// Seconds as a short exact decimal (`16`, `2.5`, `0.000123456`), to the nanosecond.
    static func seconds(_ value: Double) -> String {
        var text = String(format: "%.9f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
