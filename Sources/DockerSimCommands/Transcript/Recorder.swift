import DockerSimCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A transcript being recorded: the file it goes to and the first line it shows.
///
/// The file is written as the session goes (RELIABILITY.md, "Files that survive"): after every
/// line the transcript so far is on disk, flushed, so that a kill (SIGKILL, a closed terminal)
/// loses at most the line that was running. Lines that can no longer change (a command and the
/// answer to its `[y/N]` question, once the next command came) are appended once; the last
/// command and the block's closing fence are rewritten after each line.
public struct Recording: Sendable {
    public var path: String
    /// Lines of the session log before this index happened before recording started: they are
    /// written as hidden commands, so that the transcript replays from a fresh simulator.
    public var firstLine: Int
    /// The open file and how much of it is final; nil when the file could not be opened.
    var file: RecordFile?
    /// Why the file could not be written (reported when recording stops).
    var failure: SafeFile.WriteError?
}

/// The open file of a recording (one owner: the session).
final class RecordFile: @unchecked Sendable {
    let fd: Int32
    /// Bytes of the file that no later line changes.
    var committed = 0
    /// The renderer after the committed lines.
    var renderer: TranscriptRenderer

    init(fd: Int32, renderer: TranscriptRenderer) {
        self.fd = fd
        self.renderer = renderer
    }

    deinit { close(fd) }

    /// Opens `path` for a recording (``SafeFile/openTruncated(_:)``: regular files only).
    static func open(_ path: String, renderer: TranscriptRenderer) throws(SafeFile.WriteError) -> RecordFile {
        RecordFile(fd: try SafeFile.openTruncated(path), renderer: renderer)
    }

    /// Puts `final` after the committed bytes (it stays), then `tail` (rewritten next time),
    /// and flushes the file.
    func write(final: String, tail: String) throws(SafeFile.WriteError) {
        let bytes = Array((final + tail).utf8)
        guard ftruncate(fd, off_t(committed)) == 0, lseek(fd, off_t(committed), SEEK_SET) >= 0 else {
            throw SafeFile.WriteError(path: "", errno: errno)
        }
        let failure = SafeFile.writeAll(fd, bytes, count: bytes.count)
        guard failure == 0 else { throw SafeFile.WriteError(path: "", errno: failure) }
        committed += final.utf8.count
        _ = fdatasync(fd)
    }
}

extension Session {
    /// Starts recording the session as a transcript written to `path` as it goes. A path that
    /// cannot be written (a device, a FIFO, a folder…) is reported by ``stopRecording()``;
    /// ``beginRecording(to:)`` reports it at once.
    public func startRecording(to path: String) {
        do {
            try beginRecording(to: path)
        } catch {
            recording = Recording(path: path, firstLine: log.count, file: nil, failure: error)
        }
    }

    /// Starts recording to `path`, refusing at once a path that is not a regular file (or a
    /// link to one) or cannot be created. What came before is written as hidden commands.
    public func beginRecording(to path: String) throws(SafeFile.WriteError) {
        try beginRecording(to: path, engine: engine)
    }

    /// ``beginRecording(to:)`` while a command holds the session's engine.
    func beginRecording(to path: String, engine: Engine) throws(SafeFile.WriteError) {
        if recording != nil { _ = try? stopRecording(engine: engine) }
        let file = try RecordFile.open(path, renderer: TranscriptRenderer(engine: engine, firstLine: log.count))
        recording = Recording(path: path, firstLine: log.count, file: file, failure: nil)
        flushRecording(engine: engine)
        if let failure = recording?.failure {
            recording = nil
            throw failure
        }
    }

    /// Writes what the log gained since the last call (called after every line).
    func flushRecording() { flushRecording(engine: engine) }

    /// ``flushRecording()`` while a command holds the session's engine.
    func flushRecording(engine: Engine) {
        guard let recording, let file = recording.file, recording.failure == nil else { return }
        // Lines before the last command are final; the last command may still get the answer
        // to its question, and the open block its closing fence.
        var stable = log.count
        while stable > recording.firstLine, stable > file.renderer.next {
            stable -= 1
            if !log[stable].prompt.isEmpty || log[stable].isRecordingControl { break }
        }
        var final = file.renderer.header(engine: engine, language: language)
        final += file.renderer.render(log, upTo: stable)
        var provisional = file.renderer
        let tail = provisional.render(log, upTo: log.count) + provisional.closing
        do {
            try file.write(final: final, tail: tail)
        } catch {
            self.recording?.failure = SafeFile.WriteError(path: recording.path, errno: error.errno)
        }
    }

    /// Stops recording; the transcript is complete on disk. Returns the path written, nil when
    /// nothing was being recorded; throws when the file could not be written.
    @discardableResult
    public func stopRecording() throws(SafeFile.WriteError) -> String? {
        try stopRecording(engine: engine)
    }

    /// ``stopRecording()`` while a command holds the session's engine.
    func stopRecording(engine: Engine) throws(SafeFile.WriteError) -> String? {
        guard let recording else { return nil }
        flushRecording(engine: engine)
        let ended = self.recording ?? recording
        self.recording = nil
        if let failure = ended.failure { throw failure }
        if let file = ended.file { _ = fsync(file.fd) }
        return ended.path
    }

    /// The session so far as a transcript: front matter with the start time and seed, hidden
    /// commands for what came before `firstLine`, then the command/output blocks, with the time
    /// that passed between lines as `<!-- sleep N -->`.
    public func transcriptText(showingFrom firstLine: Int) -> String {
        transcriptText(showingFrom: firstLine, engine: engine)
    }

    private func transcriptText(showingFrom firstLine: Int, engine: Engine) -> String {
        var renderer = TranscriptRenderer(engine: engine, firstLine: firstLine)
        let head = renderer.header(engine: engine, language: language)
        let body = renderer.render(log, upTo: log.count)
        return head + body + renderer.closing
    }

    /// Seconds as a short exact decimal (`16`, `2.5`, `0.000123456`), to the nanosecond.
    static func seconds(_ value: Double) -> String {
        var text = String(format: "%.9f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// Turns a session's log into transcript text, line by line, so that a recording can write
/// each line as it comes.
struct TranscriptRenderer: Sendable {
    let firstLine: Int
    /// The next log index to render.
    var next = 0
    var inBlock = false
    var previousEnd: Timestamp
    var wroteHeader = false

    init(engine: Engine, firstLine: Int) {
        self.firstLine = firstLine
        previousEnd = engine.startTime
    }

    /// The front matter, the first time only.
    mutating func header(engine: Engine, language: Language) -> String {
        guard !wroteHeader else { return "" }
        wroteHeader = true
        let lang = language == .es ? "lang: es\n" : ""
        return "---\nclock: \(engine.startTime.rfc3339Nano)\nseed: \(engine.seed)\n\(lang)---\n\n"
            + "<!-- Recorded with dockersim \(DockerSimVersion.string). -->\n"
    }

    /// The fence that closes the open block, if one is open.
    var closing: String { inBlock ? "```\n" : "" }

    /// Renders `log[next..<end]` (a `[y/N]` answer goes with its question, so `end` should not
    /// split them).
    mutating func render(_ log: [Session.LoggedLine], upTo end: Int) -> String {
        var out = ""
        func closeBlock() {
            if inBlock { out += "```\n" }
            inBlock = false
        }
        while next < end {
            let entry = log[next]
            let gap = entry.time.interval(since: previousEnd)
            if gap >= 1e-9 {
                closeBlock()
                out += "\n<!-- sleep \(Session.seconds(gap)) -->\n"
            }
            previousEnd = entry.endTime
            if entry.isRecordingControl {
                next += 1
                continue
            }
            let prompt = entry.prompt.isEmpty ? "$ " : entry.prompt
            if next < firstLine {
                closeBlock()
                out += "<!-- \(prompt)\(entry.line) -->\n"
                next += 1
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
            while next + 1 < end, log[next + 1].prompt.isEmpty {
                let answer = log[next + 1]
                text += (answer.isSecret ? "" : answer.line + "\n") + answer.output.text
                status = answer.output.status
                previousEnd = answer.endTime
                next += 1
            }
            if !text.isEmpty { out += text.hasSuffix("\n") ? text : text + "\n" }
            if status != 0 { out += "? \(status)\n" }
            next += 1
        }
        return out
    }
}
