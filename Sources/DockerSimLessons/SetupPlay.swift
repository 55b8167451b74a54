import DockerSimCommands
import DockerSimCore
import Synchronization

/// A lesson's set-up played on a fresh simulator, in one scratch session, as
/// ``LessonRunner/begin(on:startTime:seed:)`` plays it: the state a lesson starts from, what it
/// printed, and which lines failed (`lesson verify` points at them).
///
/// On a manual clock the play is a function of the set-up's lines, the start time, the seed and
/// the caps alone, so it is made once per process and then reused: `lesson verify` plays each
/// lesson three times (its steps, the reference solution typed in, that submission graded), and
/// `lesson restart` under `--clock` plays the same set-up again.
struct SetupPlay: Sendable {
    /// The simulator after the set-up.
    var engine: Engine
    /// What the set-up printed; its status is the last failing host line's (0 when none failed).
    var output: CommandOutput
    /// The set-up lines that failed on the host: their index and what they wrote on stderr.
    var failures: [(line: Int, stderr: String)]

    /// What a play depends on besides the caps (``Limits`` is not `Hashable`).
    private struct Key: Hashable {
        var lines: [String]
        var start: Timestamp
        var seed: UInt64
    }

    /// At most this many plays are kept; then the memory is emptied and starts again.
    private static let limit = 32
    private static let made = Mutex<[Key: [(limits: Limits, play: SetupPlay)]]>([:])

    /// The set-up's lines played on a fresh simulator with `clock`, `seed` and `limits`; a
    /// manual clock's play is remembered (``made``), a real clock's made each time.
    static func play(_ lines: [String], clock: SimClock, seed: UInt64, limits: Limits) -> SetupPlay {
        guard clock.mode == .manual else { return make(lines, clock: clock, seed: seed, limits: limits) }
        let key = Key(lines: lines, start: clock.now, seed: seed)
        if let known = made.withLock({ $0[key]?.first(where: { $0.limits == limits })?.play }) { return known }
        let play = make(lines, clock: clock, seed: seed, limits: limits)
        made.withLock {
            if $0.count >= limit { $0.removeAll() }
            $0[key, default: []].append((limits, play))
        }
        return play
    }

    /// The play itself, never remembered.
    static func make(_ lines: [String], clock: SimClock, seed: UInt64, limits: Limits) -> SetupPlay {
        var engine = Engine(clock: clock, seed: seed)
        engine.limits = limits
        let scratch = Session(engine: engine)
        var output = CommandOutput()
        var failed: Int32 = 0
        var failures: [(line: Int, stderr: String)] = []
        for (index, line) in lines.enumerated() {
            let result = scratch.handle(line)
            output.append(result)
            if result.status != 0 && !scratch.inContainer {
                failed = result.status
                failures.append((index, result.stderr))
            }
        }
        if scratch.inContainer { output.append(scratch.endOfInput()) }
        output.status = failed
        return SetupPlay(engine: scratch.engine, output: output, failures: failures)
    }
}
