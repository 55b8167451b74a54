// Source: docker/compose v2.40.0 pkg/progress/tty.go (the screen: `[+] Title N/M`, one line per
// object with its status and a timer right-aligned to the terminal's width; child lines indented;
// long statuses cut with "..."), plain.go (one line per event: `fmt.Fprintln("", ID, Text,
// StatusText)`), event.go (the statuses) and spinner.go (`✔` done, `!` warning, `✘` error).

import DockerSimCore

/// Compose's progress display for one operation (`up`, `down`, `stop`…), on stderr.
///
/// Events carry an ID (`Container web-1`), a text and a status text; the first event of an ID
/// starts its timer and the event that finishes it stops the timer, both on the engine's clock.
/// On a terminal the display is the final screen compose leaves; otherwise each event is a line.
struct ComposeProgress {
    enum Status { case working, done, warning, error }

    struct Event {
        var id: String
        var parent: String = ""
        var text: String = ""
        var status: Status
        var statusText: String = ""
        var start = Timestamp.zero
        var end: Timestamp?
    }

    /// `Running`, `Stopping`, `Removing`, `Pulling`…
    let title: String
    /// True: the terminal screen; false: plain lines.
    let tty: Bool
    /// The terminal's width (dockersim's terminal is 80 columns wide).
    var width = 80
    private(set) var order: [String] = []
    private(set) var events: [String: Event] = [:]
    /// The plain form's lines, as they were emitted.
    private(set) var plainLines = ""
    /// Messages printed after the screen (`TailMsgf`).
    private(set) var tail: [String] = []

    init(title: String, tty: Bool) {
        self.title = title
        self.tty = tty
    }

    /// Records an event at the engine's current time.
    mutating func event(
        _ id: String, _ status: Status, _ statusText: String = "", text: String = "", parent: String = "",
        at time: Timestamp
    ) {
        plainLines += " \(id) \(text) \(statusText)\n"
        guard var last = events[id] else {
            order.append(id)
            var event = Event(id: id, parent: parent, text: text, status: status, statusText: statusText, start: time)
            if status != .working { event.end = time }
            events[id] = event
            return
        }
        if status != .working && last.status != status { last.end = time }
        last.status = status
        last.text = text
        last.statusText = statusText
        if last.parent.isEmpty || parent.isEmpty { last.parent = parent }
        events[id] = last
    }

    mutating func tailMessage(_ text: String) { tail.append(text) }

    var isEmpty: Bool { order.isEmpty }

    /// What the operation left on stderr.
    func render(now: Timestamp) -> String {
        guard tty else { return plainLines + tail.map { $0 + "\n" }.joined() }
        guard !order.isEmpty else { return tail.map { $0 + "\n" }.joined() }
        let done = events.values.filter { $0.status != .working }.count
        var out = "[+] \(title) \(done)/\(events.count)\n"
        var statusPadding = 0
        for id in order {
            guard let event = events[id] else { continue }
            let length = (event.id + " " + event.text).utf8.count
            if statusPadding < length { statusPadding = length }
            if !event.parent.isEmpty { statusPadding -= 2 }
        }
        let skipChildren = order.count > 24 - 2
        for id in order {
            guard let event = events[id], event.parent.isEmpty else { continue }
            out += line(event, pad: "", statusPadding: statusPadding, now: now)
            guard !skipChildren else { continue }
            for childID in order {
                if let child = events[childID], child.parent == event.id {
                    out += line(child, pad: "  ", statusPadding: statusPadding, now: now)
                }
            }
        }
        return out + tail.map { $0 + "\n" }.joined()
    }

    private func line(_ event: Event, pad: String, statusPadding: Int, now: Timestamp) -> String {
        let end = event.status == .working ? now : (event.end ?? event.start)
        let elapsed = max(0, end.interval(since: event.start))
        let txt = event.id + " " + event.text
        let padding = max(0, statusPadding - txt.utf8.count)
        var status = event.statusText
        let maxStatusLength = width - txt.utf8.count - statusPadding - 15
        if maxStatusLength > 0 && status.utf8.count > maxStatusLength {
            status = String(decoding: Array(status.utf8.prefix(maxStatusLength)), as: UTF8.self) + "..."
        }
        let spinner =
            switch event.status {
            case .done: "✔"
            case .warning: "!"
            case .error: "✘"
            case .working: "⠿"
            }
        let text = "\(pad) \(spinner) \(txt)\(String(repeating: " ", count: padding)) \(status)"
        let timer = Self.formatSeconds(elapsed) + "s "
        let gap = max(0, width - text.count - timer.count)
        return text + String(repeating: " ", count: gap) + timer + "\n"
    }

    /// Go's `%.1f`.
    static func formatSeconds(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
