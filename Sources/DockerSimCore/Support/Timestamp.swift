/// A point in simulated time: Unix seconds and nanoseconds, UTC.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var seconds: Int64
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Go's zero `time.Time`, which docker prints as `0001-01-01T00:00:00Z`.
    public static let zero = Timestamp(seconds: -62_135_596_800)

    public var isZero: Bool { self == .zero }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// The farthest a time moves in one step (about 3,000 years): `sleep 1e300` or `inf` moves
    /// the clock this far, never past what a timestamp holds.
    public static let maximumStep: Double = 1e11

    /// This time plus `seconds` (which may be fractional; NaN counts as 0, and any step is kept
    /// within ``maximumStep``).
    public func adding(seconds delta: Double) -> Timestamp {
        let delta = delta.isNaN ? 0 : min(max(delta, -Self.maximumStep), Self.maximumStep)
        let whole = delta.rounded(.down)
        var nanos = Int64(nanoseconds) + Int64(((delta - whole) * 1e9).rounded())
        let (sum, overflow) = seconds.addingReportingOverflow(Int64(whole))
        var secs = overflow ? (whole > 0 ? Int64.max - 1 : Int64.min + 1) : sum
        if nanos >= 1_000_000_000 {
            nanos -= 1_000_000_000
            secs += 1
        }
        return Timestamp(seconds: secs, nanoseconds: Int32(nanos))
    }

    /// `self - other` in seconds.
    public func interval(since other: Timestamp) -> Double {
        Double(seconds - other.seconds) + Double(nanoseconds - other.nanoseconds) / 1e9
    }

    // MARK: RFC 3339

    /// RFC 3339 in UTC with Go's `RFC3339Nano` rules: trailing zeros of the fraction dropped.
    public var rfc3339Nano: String {
        let (date, time) = civil
        var text = date + "T" + time
        if nanoseconds != 0 {
            var fraction = String(nanoseconds)
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    /// Go's `RFC3339NanoFixed` (`2006-01-02T15:04:05.000000000Z07:00`), as `docker logs -t` prints.
    public var rfc3339NanoFixed: String {
        let (date, time) = civil
        let fraction = String(nanoseconds)
        return date + "T" + time + "." + String(repeating: "0", count: 9 - fraction.count) + fraction + "Z"
    }

    /// RFC 3339 in UTC, whole seconds.
    public var rfc3339: String {
        let (date, time) = civil
        return date + "T" + time + "Z"
    }

    public var description: String { rfc3339Nano }

    /// The civil date (`yyyy-mm-dd`) and time (`hh:mm:ss`) in UTC.
    var civil: (String, String) {
        let parts = Self.civilParts(seconds)
        func pad(_ n: Int64, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return (
            "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))",
            "\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))"
        )
    }

    /// Year, month, day, hour, minute, second and weekday (0 = Sunday) in UTC.
    public static func civilParts(
        _ seconds: Int64
    ) -> (year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64, weekday: Int64) {
        var days = seconds / 86_400
        var rem = seconds % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        var year = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        if month <= 2 { year += 1 }
        return (year, month, day, rem / 3600, (rem % 3600) / 60, rem % 60, weekday)
    }

    /// Days since 1970-01-01 of a civil date.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses RFC 3339 (`2024-01-28T18:00:00+01:00`, `2024-01-28T17:00:00.5Z`); nil when malformed.
    public init?(rfc3339 text: String) {
        let chars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= chars.count else { return nil }
            var value: Int64 = 0
            for c in chars[range] {
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int64(c - 48)
            }
            return value
        }
        guard chars.count >= 20,
            let year = number(0..<4), chars[4] == 45, let month = number(5..<7), chars[7] == 45,
            let day = number(8..<10), chars[10] == 84 || chars[10] == 116 || chars[10] == 32,
            let hour = number(11..<13), chars[13] == 58, let minute = number(14..<16), chars[16] == 58,
            let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var nanos: Int64 = 0
        if index < chars.count, chars[index] == 46 {
            index += 1
            var digits = 0
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                if digits < 9 {
                    nanos = nanos * 10 + Int64(chars[index] - 48)
                    digits += 1
                }
                index += 1
            }
            guard digits > 0 else { return nil }
            while digits < 9 {
                nanos *= 10
                digits += 1
            }
        }
        guard index < chars.count else { return nil }
        var offset: Int64 = 0
        if chars[index] == 90 || chars[index] == 122 {
            index += 1
        } else if chars[index] == 43 || chars[index] == 45 {
            let sign: Int64 = chars[index] == 43 ? 1 : -1
            guard let oh = number(index + 1..<index + 3), chars.count > index + 3, chars[index + 3] == 58,
                let om = number(index + 4..<index + 6)
            else { return nil }
            offset = sign * (oh * 3600 + om * 60)
            index += 6
        } else {
            return nil
        }
        guard index == chars.count else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        self.init(seconds: days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanoseconds: Int32(nanos))
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Timestamp(rfc3339: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "bad time \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339Nano)
    }
}
