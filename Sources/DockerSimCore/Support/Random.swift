/// A small, fast, seedable random number generator (SplitMix64), so that `--seed` makes container
/// IDs and names repeatable.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator seeded from the system's entropy.
    public static func random() -> SeededGenerator {
        var system = SystemRandomNumberGenerator()
        return SeededGenerator(seed: system.next())
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random lowercase hex characters.
    public mutating func hex(_ count: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            var word = next()
            for _ in 0..<16 where out.count < count {
                let digit = UInt8(word & 0xF)
                out.append(digit < 10 ? 48 + digit : 87 + digit)  // 0-9, a-f
                word >>= 4
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The simulated clock. With a start time it stands still until told to move (`sleep N`),
/// so every run is repeatable; without one it follows the real time.
public struct SimClock: Sendable {
    public enum Mode: Sendable, Equatable {
        /// Starts at a given time and moves only through ``advance(by:)``.
        case manual
        /// Follows the system clock (plus anything added by ``advance(by:)``).
        case real
    }

    public let mode: Mode
    private var manualNow: Timestamp
    private var offset: Double = 0

    /// A clock standing at `start` that moves only when advanced.
    public static func manual(at start: Timestamp) -> SimClock { SimClock(mode: .manual, manualNow: start) }

    /// A clock that follows the real time.
    public static func real() -> SimClock { SimClock(mode: .real, manualNow: .zero) }

    /// A clock that reads `start` now and then moves with the real time (a lesson that sets its
    /// own clock, on a terminal).
    public static func real(startingAt start: Timestamp) -> SimClock {
        var clock = SimClock(mode: .real, manualNow: .zero)
        clock.offset = start.interval(since: systemNow())
        return clock
    }

    /// The same kind of clock (manual or real) reading `start` now.
    public func restarted(at start: Timestamp) -> SimClock {
        mode == .manual ? .manual(at: start) : .real(startingAt: start)
    }

    /// The current time.
    public var now: Timestamp {
        switch mode {
        case .manual: manualNow
        case .real: Self.systemNow().adding(seconds: offset)
        }
    }

    /// Moves the clock forward.
    public mutating func advance(by seconds: Double) {
        guard seconds > 0 else { return }
        switch mode {
        case .manual: manualNow = manualNow.adding(seconds: seconds)
        case .real: offset += seconds
        }
    }

    private static func systemNow() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
