/// Which stream a piece of output goes to.
public enum OutputChannel: Sendable, Equatable {
    case stdout, stderr
}

/// Something a terminal shows in its own way, carried in the output with the text that stands
/// for it everywhere else (a file, a pipe, scripted mode, a transcript).
public enum OutputEvent: Sendable, Equatable {
    /// A pull's layer lines: the chunk's text is their final screen; a terminal may draw docker's
    /// live progress from the report first.
    case pull(PullReport)
    /// `clear`: a terminal clears its screen (the chunk has no text).
    case clearScreen
    /// dockersim's own commentary after docker's output (`explain`): a terminal shows it dimmed.
    case aside
    /// A picture with colour (`layers`): a terminal that allows colour shows this text, with its
    /// ANSI escapes, instead of the chunk's plain text.
    case coloured(String)
}

/// What a command printed, in order, and its exit status.
public struct CommandOutput: Sendable, Equatable {
    public var chunks: [Chunk] = []
    public var status: Int32 = 0
    /// What a redirection of stdout to a file writes instead of the stdout text (`docker save >
    /// FILE`: an archive whose size is not that of its text), nil for plain text.
    public var stdoutFile: FileContent?

    public struct Chunk: Sendable, Equatable {
        public var stream: OutputChannel
        public var text: String
        /// Set when the chunk is a terminal event rather than plain text (see ``OutputEvent``).
        public var event: OutputEvent?

        public init(stream: OutputChannel, text: String, event: OutputEvent? = nil) {
            self.stream = stream
            self.text = text
            self.event = event
        }
    }

    public init() {}

    /// Everything printed, both streams interleaved as a terminal shows them.
    public var text: String { chunks.map(\.text).joined() }
    public var stdout: String { text(of: .stdout) }
    public var stderr: String { text(of: .stderr) }

    /// What `stream` got, in order: its one chunk's text as it is (no new string), or the
    /// chunks joined.
    private func text(of stream: OutputChannel) -> String {
        var only: String?
        var several = false
        for chunk in chunks where chunk.stream == stream {
            if only == nil {
                only = chunk.text
            } else {
                several = true
                break
            }
        }
        guard several else { return only ?? "" }
        return chunks.filter { $0.stream == stream }.map(\.text).joined()
    }

    /// Appends text to a stream (merging with the previous plain chunk of the same stream).
    public mutating func write(_ text: String, to stream: OutputChannel) {
        guard !text.isEmpty else { return }
        // By index, not through a copy of the last chunk: a copy alive during the `+=` shares
        // the text's storage, and every append copied all the text so far.
        if let last = chunks.indices.last, chunks[last].stream == stream, chunks[last].event == nil {
            chunks[last].text += text
        } else {
            chunks.append(Chunk(stream: stream, text: text))
        }
    }

    /// Appends an event and the text that stands for it.
    public mutating func emit(_ event: OutputEvent, text: String, to stream: OutputChannel = .stdout) {
        chunks.append(Chunk(stream: stream, text: text, event: event))
    }

    /// Appends everything `other` printed, in its order (its status is not taken).
    public mutating func append(_ other: CommandOutput) {
        for chunk in other.chunks {
            if chunk.event != nil {
                chunks.append(chunk)
            } else {
                write(chunk.text, to: chunk.stream)
            }
        }
    }
}
