#if canImport(Glibc)
import Glibc
import Synchronization
#endif

/// Where Ctrl-C comes from: a flag set from a signal handler (an atomic store) and read by
/// every budget check of the sessions that listen to it (``WorkMeter/interrupt``).
public final class InterruptSource: Sendable {
    #if canImport(Glibc)
    private let flag = Atomic<Bool>(false)

    /// Asks the running line to stop (async-signal-safe).
    public func request() { flag.store(true, ordering: .relaxed) }
    /// Forgets a request (a new line starts).
    public func clear() { flag.store(false, ordering: .relaxed) }
    /// Whether Ctrl-C was typed since the line started.
    public var isRequested: Bool { flag.load(ordering: .relaxed) }
    #else
    nonisolated(unsafe) private var flag = false
    public func request() { flag = true }
    public func clear() { flag = false }
    public var isRequested: Bool { flag }
    #endif

    public init() {}
}

/// Ctrl-C typed while a line runs in the terminal. The driver's `SIGINT` handler calls
/// `Interrupt.terminal.request()`; the session on the terminal listens to it
/// (``WorkMeter/interrupt``), so a running line stops at its next step (microseconds later) with
/// bash's `^C` and status 130. Sessions that do not listen (tests, grading) are never stopped by it.
public enum Interrupt {
    /// The terminal's Ctrl-C (touch it before installing the signal handler, so that the handler
    /// only stores).
    public static let terminal = InterruptSource()
}

/// The work one line may do, shared by everything the line causes (RELIABILITY.md, "One
/// budget"): the shell's commands and loop turns, the `$( )` subshells, the scripts a
/// `docker run … bash -c` starts in the foreground; and the bytes they move (read, printed, written
/// to files, copied by appends). A program run by the clock (a detached loop) carries a meter of
/// its own for each step of the clock. When a meter is spent the work stops at its next step:
/// the line with `^C` and dockersim's note (status 130), a program with exit 137 and the note
/// in its log.
///
/// A session replaying someone else's file (a transcript, a submission) also caps the work of
/// all its lines and programs together with a ``WorkLedger``: once that is spent, nothing more
/// runs.
public struct WorkMeter: Sendable {
    /// Why the work stopped.
    public enum Stop: Sendable, Equatable {
        /// More commands than ``Limits/commandsWithoutPause`` (a loop that never ends).
        case steps
        /// More bytes moved than ``Limits/bytesPerLine``.
        case bytes
        /// Ctrl-C.
        case interrupted
        /// The session's ledger is spent.
        case session
        /// `$( )` nested deeper than ``Limits/substitutionDepth``.
        case nesting
        /// Shell functions called inside one another deeper than ``Limits/functionDepth``.
        case functions
        /// A command that never ends by itself (`sleep infinity`) waited ``Limits/foregroundSeconds``.
        case endless
    }

    /// Commands run in this line.
    public private(set) var steps = 0
    /// Bytes moved in this line.
    public private(set) var bytes = 0
    /// The session's total, when it has one (shared by every copy of the engine: an `undo`
    /// does not give work back).
    public var ledger: WorkLedger?
    /// Why the work stopped, once it did.
    public private(set) var stop: Stop?
    /// Whether the stop was already told to the user (the note is printed once).
    public var reported = false
    /// The Ctrl-C this work listens to (nil: none; the terminal's session listens to
    /// ``Interrupt/terminal``).
    public var interrupt: InterruptSource?
    /// Whether a line is running (nested runs share its meter instead of starting their own).
    public private(set) var lineRunning = false
    /// Counts the lines begun: a program's meter lasts one line (``forProgram()``).
    public private(set) var line = 0

    public init() {}

    /// Starts a line's work: a fresh budget. Returns false when a line is already running (the
    /// caller then shares it and must not call ``endLine()``).
    @discardableResult
    public mutating func beginLine() -> Bool {
        guard !lineRunning else { return false }
        lineRunning = true
        line &+= 1
        steps = 0
        bytes = 0
        reported = false
        stop = ledger?.isSpent == true ? .session : nil
        return true
    }

    /// Ends the line started by ``beginLine()``.
    public mutating func endLine() { lineRunning = false }

    /// A fresh meter for a program run by the clock, for one step of the clock (same ledger).
    public func forProgram() -> WorkMeter {
        var meter = WorkMeter()
        meter.ledger = ledger
        meter.interrupt = interrupt
        meter.lineRunning = true
        meter.stop = ledger?.isSpent == true ? .session : nil
        return meter
    }

    /// Whether the work must stop (spent, or Ctrl-C typed).
    public var isStopped: Bool { stop != nil || interrupted }

    /// Whether Ctrl-C was typed (and this work listens to it).
    public var interrupted: Bool { interrupt?.isRequested == true }

    /// Counts `steps` commands and `bytes` bytes moved; returns false when the work must stop.
    @discardableResult
    public mutating func charge(steps: Int = 0, bytes: Int = 0, limits: Limits) -> Bool {
        guard stop == nil else { return false }
        self.steps += steps
        self.bytes += bytes
        if interrupted {
            stop = .interrupted
        } else if let ledger, !ledger.charge(steps) {
            stop = .session
        } else if self.steps > limits.commandsWithoutPause {
            stop = .steps
        } else if self.bytes > limits.bytesPerLine {
            stop = .bytes
        }
        return stop == nil
    }

    /// Stops the work for `reason` (a nesting too deep).
    public mutating func halt(_ reason: Stop) {
        if stop == nil { stop = reason }
    }

    /// The note that tells the stop, in `language` (empty for Ctrl-C, which shows `^C`).
    public func note(_ limits: Limits, language: Language) -> String {
        let note: Message? =
            switch stop ?? (interrupted ? .interrupted : nil) {
            case .steps?: limits.loopStopped
            case .bytes?: limits.tooMuchData
            case .session?: limits.sessionBudgetSpent(ledger?.limit ?? 0)
            case .nesting?: limits.nestingTooDeep
            case .functions?: limits.functionsTooDeep
            case .endless?: limits.endlessStopped
            case .interrupted?, nil: nil
            }
        return note?.text(language) ?? ""
    }

    /// The exit status bash gives a line stopped this way: 130 (as Ctrl-C), 2 for a nesting
    /// too deep (like a line bash cannot run).
    public var status: Int32 { stoppedByNesting ? 2 : 130 }

    /// Whether the work stopped at a nesting cap (`$( )` or function calls), which shows no `^C`.
    public var stoppedByNesting: Bool { stop == .nesting || stop == .functions }
}

/// The work all the lines and programs of one session may do together (a replayed transcript or
/// submission: ``Limits/stepsPerReplay``). A reference, so that engine snapshots share it.
public final class WorkLedger: @unchecked Sendable {
    /// The most commands the session may run.
    public let limit: Int
    /// Commands run so far.
    public private(set) var steps = 0

    public init(limit: Int) { self.limit = limit }

    /// Whether the session may do no more.
    public var isSpent: Bool { steps > limit }

    /// Counts `count` commands; false once more than ``limit`` ran.
    func charge(_ count: Int) -> Bool {
        steps += count
        return steps <= limit
    }
}
