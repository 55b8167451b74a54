import CEditLine
import DockerSimCommands

#if canImport(Glibc)
import Glibc
#endif

/// A line editor on libedit (emacs keys): history with Up/Down and Ctrl-R, Tab completion,
/// Ctrl-C, Ctrl-D and docker's detach keys (Ctrl-P Ctrl-Q). Use it only when stdin and stdout
/// are both terminals.
///
/// ```swift
/// let editor = LineEditor()
/// editor.completer = { line in Completer(session: session).complete(line) }
/// switch editor.read(prompt: "$ ", history: ["pull ubuntu"]) { … }
/// ```
public final class LineEditor {
    /// What one call to ``read(prompt:history:)`` ended with.
    public enum Event: Equatable, Sendable {
        /// A line, without its newline.
        case line(String)
        /// Ctrl-C: the half-typed line is dropped.
        case interrupted
        /// Ctrl-D on an empty line (or the terminal went away).
        case endOfFile
        /// Ctrl-P Ctrl-Q while ``detachKeys`` is on.
        case detach
    }

    /// Candidates for the word before the cursor, given the line up to the cursor.
    public var completer: ((String) -> Completion)?
    /// Whether Ctrl-P Ctrl-Q detaches (in a container's `-it` shell), as docker's escape proxy does:
    /// Ctrl-P waits for the next key; anything but Ctrl-Q goes on as Ctrl-P and that key.
    public var detachKeys = false {
        didSet { if detachKeys != oldValue { bindDetachKeys() } }
    }

    /// The terminal's settings before the editor started, put back when it ends.
    private var savedTerminal: termios?
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var prompt: UnsafeMutablePointer<CChar>
    private var pendingEvent: Event?
    /// The history offered to the line being read, oldest first.
    private var entries: [String] = []
    /// The line and cursor a Tab left unchanged: a second Tab there lists the candidates.
    private var lastTab: (line: String, cursor: Int)?

    /// Sets up libedit on the process's terminal. Nil when libedit cannot start.
    public init?() {
        dsim_use_utf8_locale()
        // Ctrl-Q and Ctrl-S must reach the editor (docker's raw terminal gets them too): no XON/XOFF.
        // libedit takes its settings from the terminal when it starts, so this comes first.
        var settings = termios()
        if tcgetattr(STDIN_FILENO, &settings) == 0 {
            savedTerminal = settings
            settings.c_iflag &= ~tcflag_t(IXON)
            tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        }
        guard let editLine = dsim_el_init("dockersim") else {
            if var savedTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal) }
            return nil
        }
        guard let history = dsim_history_init(1000) else {
            el_end(editLine)
            if var savedTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal) }
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.prompt = strdup("") ?? UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        dsim_el_set_editor(editLine, "emacs")
        dsim_el_set_history(editLine, history)
        dsim_el_no_flow_control(editLine)
        dsim_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        dsim_el_set_prompt(
            editLine,
            { editLine in
                guard let editLine, let editor = LineEditor.from(editLine) else { return nil }
                return editor.prompt
            }, 1)
        dsim_el_addfn(
            editLine, "dockersim-complete", "Complete the word before the cursor",
            { editLine, _ in
                guard let editLine, let editor = LineEditor.from(editLine) else { return UInt8(CC_ERROR) }
                return editor.complete(editLine)
            })
        dsim_el_addfn(
            editLine, "dockersim-eof", "End of input on an empty line, else delete the next character",
            { editLine, _ in
                guard let editLine, let editor = LineEditor.from(editLine) else { return UInt8(CC_ERROR) }
                return editor.endOfFileOrDelete(editLine)
            })
        dsim_el_addfn(
            editLine, "dockersim-escape", "Ctrl-P: docker's detach sequence starts",
            { editLine, _ in
                guard let editLine, let editor = LineEditor.from(editLine) else { return UInt8(CC_ERROR) }
                return editor.escape(editLine)
            })
        dsim_el_bind(editLine, "^I", "dockersim-complete")
        dsim_el_bind(editLine, "^D", "dockersim-eof")
        dsim_el_addfn(
            editLine, "dockersim-reverse-search", "Search the history backwards, as bash's Ctrl-R",
            { editLine, _ in
                guard let editLine, let editor = LineEditor.from(editLine) else { return UInt8(CC_ERROR) }
                return editor.reverseSearch(editLine)
            })
        dsim_el_bind(editLine, "^R", "dockersim-reverse-search")
        dsim_el_bind(editLine, "^L", "ed-clear-screen")
        dsim_el_bind(editLine, "^W", "ed-delete-prev-word")
        // Private sequences the detach handler pushes back when Ctrl-P was not followed by Ctrl-Q.
        dsim_el_bind(editLine, "^X^P", "ed-prev-history")
        dsim_el_bind(editLine, "^P", "ed-prev-history")
        dsim_catch_sigint()
    }

    deinit {
        dsim_flush_stdout()
        el_end(editLine)
        dsim_history_end(history)
        free(prompt)
        dsim_default_sigint()
        if var savedTerminal { tcsetattr(STDIN_FILENO, TCSANOW, &savedTerminal) }
    }

    private static func from(_ editLine: OpaquePointer) -> LineEditor? {
        guard let data = dsim_el_clientdata(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    /// Reads one line, showing `prompt` (colour escapes go between `\u{1}` marks) and offering
    /// `history` (oldest first) to Up, Down and Ctrl-R.
    public func read(prompt text: String, history entries: [String]) -> Event {
        if let copy = strdup(text) {
            free(prompt)
            prompt = copy
        }
        dsim_history_clear(history)
        for entry in entries { dsim_history_enter(history, entry) }
        self.entries = entries
        pendingEvent = nil
        lastTab = nil
        el_resize(editLine)
        var count: Int32 = 0
        errno = 0
        let result = el_gets(editLine, &count)
        if let pendingEvent {
            self.pendingEvent = nil
            return pendingEvent
        }
        guard let result else {
            return count < 0 && errno == EINTR ? .interrupted : .endOfFile
        }
        var line = String(cString: result)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    private func bindDetachKeys() {
        dsim_el_bind(editLine, "^P", detachKeys ? "dockersim-escape" : "ed-prev-history")
    }

    // MARK: - Editor functions (called by libedit)

    /// The text before and after the cursor.
    private func lineParts(_ editLine: OpaquePointer) -> (before: String, after: String) {
        guard let info = dsim_el_line(editLine)?.pointee else { return ("", "") }
        let before = String(
            decoding: UnsafeRawBufferPointer(start: info.buffer, count: info.cursor - info.buffer), as: UTF8.self)
        let after = String(
            decoding: UnsafeRawBufferPointer(start: info.cursor, count: info.lastchar - info.cursor), as: UTF8.self)
        return (before, after)
    }

    private func complete(_ editLine: OpaquePointer) -> UInt8 {
        guard let completer else { return UInt8(CC_REFRESH_BEEP) }
        let (before, after) = lineParts(editLine)
        let completion = completer(before)
        guard !completion.candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let insertion = completion.insertion
        if !insertion.isEmpty {
            el_insertstr(editLine, insertion)
            // Still ambiguous: the next Tab lists the candidates, as bash does.
            lastTab =
                completion.candidates.count > 1
                ? (before + insertion + after, before.utf8.count + insertion.utf8.count) : nil
            return UInt8(CC_REFRESH)
        }
        let state = (line: before + after, cursor: before.utf8.count)
        if completion.candidates.count > 1, let lastTab, lastTab == state {
            dsim_flush_stdout()
            if completion.candidates.count > CandidateList.queryItems {
                // bash's completion-query-items: ask before a long listing.
                Output.write("\nDisplay all \(completion.candidates.count) possibilities? (y or n)", to: STDOUT_FILENO)
                let answer = dsim_el_getc(editLine)
                guard answer == Int32(UInt8(ascii: "y")) || answer == Int32(UInt8(ascii: "Y")) else {
                    Output.write("\n", to: STDOUT_FILENO)
                    return UInt8(CC_REDISPLAY)
                }
            }
            Output.write(
                "\n"
                    + CandidateList.layout(
                        completion.candidates.map(\.display), columns: Int(dsim_terminal_columns(STDOUT_FILENO))),
                to: STDOUT_FILENO)
            return UInt8(CC_REDISPLAY)
        }
        lastTab = state
        return UInt8(CC_REFRESH_BEEP)
    }

    private func endOfFileOrDelete(_ editLine: OpaquePointer) -> UInt8 {
        let (before, after) = lineParts(editLine)
        if before.isEmpty && after.isEmpty {
            pendingEvent = .endOfFile
            return UInt8(CC_EOF)
        }
        guard !after.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        el_cursor(editLine, 1)
        el_deletestr(editLine, 1)
        return UInt8(CC_REFRESH)
    }

    /// bash's Ctrl-R: `(reverse-i-search)`query': match` on the prompt's line while typing; Ctrl-R
    /// again for an older match, Backspace to shorten the query, Enter to run the match, Ctrl-G to
    /// give up; any other key keeps the match on the line and does what it does (arrows move).
    private func reverseSearch(_ editLine: OpaquePointer) -> UInt8 {
        let (before, after) = lineParts(editLine)
        let original = before + after
        let columns = Int(dsim_terminal_columns(STDOUT_FILENO))
        var search = HistorySearch(entries: entries)
        func draw() {
            let shown = Array(search.status(original: original).prefix(max(1, columns - 1)))
            Output.write("\r\u{1B}[K" + String(shown), to: STDOUT_FILENO)
        }
        func finish(with line: String, then keys: String = "") -> UInt8 {
            Output.write("\r\u{1B}[K", to: STDOUT_FILENO)
            el_cursor(editLine, Int32(after.unicodeScalars.count))
            el_deletestr(editLine, Int32(original.unicodeScalars.count))
            el_insertstr(editLine, line)
            if !keys.isEmpty { el_push(editLine, keys) }
            return UInt8(CC_REDISPLAY)
        }
        dsim_flush_stdout()
        draw()
        while true {
            let key = dsim_el_getc(editLine)
            switch key {
            case -1:
                if errno == EINTR {
                    // Ctrl-C: the search and the line are dropped, as at the prompt.
                    pendingEvent = .interrupted
                    Output.write("\r\u{1B}[K", to: STDOUT_FILENO)
                    return UInt8(CC_EOF)
                }
                return finish(with: search.match ?? original)
            case 0x07:
                return finish(with: original)
            case 0x12:
                search.older()
            case 0x7F, 0x08:
                search.erase()
            case 0x0D, 0x0A:
                return finish(with: search.match ?? original, then: "\r")
            case 0x1B:
                // An arrow or another escape sequence: keep the match and let the keys act on it.
                var keys = "\u{1B}"
                let next = dsim_el_getc(editLine)
                if next > 0, let scalar = Unicode.Scalar(UInt32(next)) { keys.unicodeScalars.append(scalar) }
                return finish(with: search.match ?? original, then: keys)
            case 0x20...:
                if let scalar = Unicode.Scalar(UInt32(key)) { search.type(String(Character(scalar))) }
            default:
                var keys = ""
                if let scalar = Unicode.Scalar(UInt32(key)) { keys.unicodeScalars.append(scalar) }
                return finish(with: search.match ?? original, then: keys)
            }
            draw()
        }
    }

    private func escape(_ editLine: OpaquePointer) -> UInt8 {
        let next = dsim_el_getc(editLine)
        if next == 0x11 {
            pendingEvent = .detach
            return UInt8(CC_EOF)
        }
        // Not the detach sequence: Ctrl-P (previous line) and then the key, as docker forwards both.
        var replay = "\u{18}\u{10}"
        if next > 0, let scalar = Unicode.Scalar(UInt32(next)) { replay.unicodeScalars.append(scalar) }
        el_push(editLine, replay)
        return UInt8(CC_NORM)
    }
}

/// The state of a reverse incremental search through the history (bash's Ctrl-R).
struct HistorySearch: Equatable {
    /// Oldest first.
    let entries: [String]
    private(set) var query = ""
    /// The index of the entry shown; nil before anything matched.
    private(set) var index: Int?
    /// The last key found nothing (the previous match stays).
    private(set) var failed = false

    init(entries: [String]) { self.entries = entries }

    var match: String? { index.map { entries[$0] } }

    /// The newest entry at or before `start` that contains the query.
    private func find(from start: Int) -> Int? {
        guard !query.isEmpty, start >= 0, !entries.isEmpty else { return nil }
        return stride(from: min(start, entries.count - 1), through: 0, by: -1).first { entries[$0].contains(query) }
    }

    mutating func type(_ text: String) {
        query += text
        let found = find(from: index ?? entries.count - 1)
        failed = found == nil
        if let found { index = found }
    }

    mutating func older() {
        guard let current = index else { return type("") }
        let found = find(from: current - 1)
        failed = found == nil
        if let found { index = found }
    }

    mutating func erase() {
        guard !query.isEmpty else { return }
        query.removeLast()
        index = find(from: entries.count - 1)
        failed = !query.isEmpty && index == nil
    }

    /// What bash shows on the line: `(reverse-i-search)`pull': pull ubuntu`.
    func status(original: String) -> String {
        (failed ? "(failed reverse-i-search)`" : "(reverse-i-search)`") + query + "': "
            + (match ?? (query.isEmpty ? original : ""))
    }
}

/// Lays out completion candidates in columns, as bash lists them (down the columns first).
enum CandidateList {
    /// More candidates than this and a listing asks first (bash's default completion-query-items).
    static let queryItems = 100

    static func layout(_ names: [String], columns: Int) -> String {
        guard !names.isEmpty else { return "" }
        let width = (names.map(\.count).max() ?? 0) + 2
        let perLine = max(1, columns / width)
        let rows = (names.count + perLine - 1) / perLine
        var text = ""
        for row in 0..<rows {
            var line = ""
            for column in 0..<perLine {
                let index = column * rows + row
                guard index < names.count else { break }
                let name = names[index]
                let isLast = (column + 1) * rows + row >= names.count
                line += isLast ? name : name + String(repeating: " ", count: width - name.count)
            }
            text += line + "\n"
        }
        return text
    }
}

/// Unbuffered writes to a file descriptor.
enum Output {
    static func write(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        var offset = 0
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while offset < buffer.count {
                let written = Glibc.write(fd, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
