import Foundation

/// docker/go-units: the sizes and durations every docker table prints.
public enum Units {
    static let decimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]

    /// `HumanSizeWithPrecision(size, precision)`: decimal units, `%.*g`, no space (`187MB`, `5B`, `1e+03kB`).
    public static func humanSize(_ size: Int64, precision: Int = 4) -> String {
        var value = Double(size)
        var unit = 0
        while value >= 1000 && unit < decimalUnits.count - 1 {
            value /= 1000
            unit += 1
        }
        if let digits = gDigits(value, precision: precision) { return digits.text(unit: decimalUnits[unit]) }
        return String(format: "%.*g", Int32(precision), value) + decimalUnits[unit]
    }

    /// The bytes ``writeHumanSize(_:precision:to:)`` may write.
    static let humanSizeRoom = 16

    /// Writes `humanSize(size, precision: precision)` at `to` with integers only and returns its
    /// length, for the usual table cell: a size from 0 to 999.9 GB at precision 3 to 6 that
    /// prints without an exponent. Nil, and nothing meaningful written, otherwise.
    ///
    /// `humanSize` divides a double by 1,000 per unit and rounds that double's exact value; here
    /// the exact quotient `size × 10^decimals / 1000^unit` is rounded. They agree but on a tie:
    /// the double's error (at most three roundings of 2^-53, under 4 × 10^-10 of a last digit
    /// at 6 digits) is smaller than the distance from a half of a quotient that is not one (at
    /// least 1 / (2 × 1000^unit), 5 × 10^-10 in GB), and a tie, where the double's error
    /// decides, is left to `humanSize` (nil).
    static func writeHumanSize(_ size: Int64, precision: Int, to: UnsafeMutablePointer<UInt8>) -> Int? {
        guard size >= 0, size < 1_000_000_000_000, precision >= 3, precision <= 6 else { return nil }
        if size < 1000 {
            // A whole number of at most 3 digits: printed as it is.
            let count = writeSmall(Int(truncatingIfNeeded: size), to: to)
            to[count] = 0x42  // B
            return count &+ 1
        }
        let unit: UInt8
        let divisor: Int64
        if size < 1_000_000 {
            unit = 0x6B  // k
            divisor = 1000
        } else if size < 1_000_000_000 {
            unit = 0x4D  // M
            divisor = 1_000_000
        } else {
            unit = 0x47  // G
            divisor = 1_000_000_000
        }
        // The size in units is `whole` and a fraction: `exponent` + 1 digits before the point,
        // `decimals` after it, rounded to the nearest (`rest` is what is left of the quotient).
        let whole = size / divisor
        var exponent = whole >= 100 ? 2 : whole >= 10 ? 1 : 0
        var decimals = precision &- 1 &- exponent
        let scale = power(decimals)
        let scaled = size &* scale  // below 10^17
        var digits = scaled / divisor
        let rest = scaled &- digits &* divisor
        if rest &* 2 == divisor { return nil }
        if rest &* 2 > divisor { digits &+= 1 }
        if digits == power(precision) {
            // Rounding carried into one more digit (9.9995 → 10.00): %g recounts with it.
            exponent &+= 1
            guard precision > exponent else { return nil }
            decimals &-= 1
            digits /= 10
        }
        // %g drops the trailing zeros of the decimals (and the point with the last).
        while decimals > 0 && digits % 10 == 0 {
            digits /= 10
            decimals &-= 1
        }
        let end = decimals > 0 ? exponent &+ decimals &+ 2 : exponent &+ 1
        to[end] = unit
        to[end &+ 1] = 0x42  // B
        var index = end &- 1
        var value = UInt64(truncatingIfNeeded: digits)
        if decimals > 0 {
            let point = exponent &+ 1
            while index > point {
                to[index] = 0x30 &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
                index &-= 1
            }
            to[point] = 0x2E  // .
            index = exponent
        }
        while index >= 0 {
            to[index] = 0x30 &+ UInt8(truncatingIfNeeded: value % 10)
            value /= 10
            index &-= 1
        }
        return end &+ 2
    }

    /// 10^`exponent` for 0 to 6.
    @inline(__always)
    private static func power(_ exponent: Int) -> Int64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10_000
        case 5: 100_000
        default: 1_000_000
        }
    }

    /// Writes `value` (0 to 999) in decimal at `to`; returns the digits written.
    @inline(__always)
    private static func writeSmall(_ value: Int, to: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 10 {
            to[0] = 0x30 &+ UInt8(truncatingIfNeeded: value)
            return 1
        }
        if value < 100 {
            to[0] = 0x30 &+ UInt8(truncatingIfNeeded: value / 10)
            to[1] = 0x30 &+ UInt8(truncatingIfNeeded: value % 10)
            return 2
        }
        to[0] = 0x30 &+ UInt8(truncatingIfNeeded: value / 100)
        to[1] = 0x30 &+ UInt8(truncatingIfNeeded: value / 10 % 10)
        to[2] = 0x30 &+ UInt8(truncatingIfNeeded: value % 10)
        return 3
    }

    /// Writes `value` in decimal at `to`; returns the digits written.
    @inline(__always)
    static func writeDecimal(_ value: UInt64, to: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 1000 { return writeSmall(Int(truncatingIfNeeded: value), to: to) }
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        var value = value
        var index = count - 1
        repeat {
            to[index] = 0x30 + UInt8(truncatingIfNeeded: value % 10)
            value /= 10
            index -= 1
        } while index >= 0
        return count
    }

    static let binaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"]

    /// `BytesSize(size)`: binary units, `%.4g`, no space (`3.824GiB`, `6MiB`, `512MiB`).
    public static func bytesSize(_ size: Int64) -> String {
        var value = Double(size)
        var unit = 0
        while value >= 1024 && unit < binaryUnits.count - 1 {
            value /= 1024
            unit += 1
        }
        if let digits = gDigits(value, precision: 4) { return digits.text(unit: binaryUnits[unit]) }
        return String(format: "%.4g", value) + binaryUnits[unit]
    }

    /// C's `%.*g` of `value` when it prints without an exponent and `value` is 0 or in [1, 1000)
    /// (every size but a few), computed with integers instead of `String(format:)`: the double
    /// is rounded exactly to `precision` significant digits, ties to even as glibc's `printf`
    /// rounds, and trailing zeros are dropped. Nil when `%g` would need the exponent form
    /// (`1e+03`) or the value is outside that range; the caller then formats it with `%g` itself.
    static func plainG(_ value: Double, precision: Int) -> String? {
        gDigits(value, precision: precision)?.text(unit: "")
    }

    /// The digits ``plainG(_:precision:)`` prints: the whole part and `width` decimals (trailing
    /// zeros already dropped; `width` 0 for none).
    struct GDigits {
        var whole: UInt64
        var fraction: UInt64
        var width: Int

        /// The digits, then `unit`, as one string written in place (a size such as `63.4kB` is
        /// a small string: no allocation).
        func text(unit: String) -> String {
            var wholeCount = 1
            var rest = whole / 10
            while rest > 0 {
                wholeCount += 1
                rest /= 10
            }
            let length = wholeCount + (width > 0 ? width + 1 : 0) + unit.utf8.count
            return String(unsafeUninitializedCapacity: length) { buffer in
                var value = whole
                var index = wholeCount - 1
                while index >= 0 {
                    buffer[index] = 0x30 + UInt8(value % 10)
                    value /= 10
                    index -= 1
                }
                var position = wholeCount
                if width > 0 {
                    buffer[position] = 0x2E
                    var value = fraction
                    var index = position + width
                    while index > position {
                        buffer[index] = 0x30 + UInt8(value % 10)
                        value /= 10
                        index -= 1
                    }
                    position += width + 1
                }
                for byte in unit.utf8 {
                    buffer[position] = byte
                    position += 1
                }
                return position
            }
        }
    }

    /// See ``plainG(_:precision:)``.
    static func gDigits(_ value: Double, precision: Int) -> GDigits? {
        if value == 0 { return GDigits(whole: 0, fraction: 0, width: 0) }
        guard value >= 1, value < 1000, precision >= 1, precision <= 17 else { return nil }
        var exponent = value >= 100 ? 2 : value >= 10 ? 1 : 0
        guard precision > exponent else { return nil }
        var decimals = precision - 1 - exponent
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        // value = significand × 2^-shift exactly, so value × scale rounds exactly in integers.
        let significand = UInt128(value.significandBitPattern | (1 << 52))
        let shift = 52 - Int(value.exponent)
        let product = significand * UInt128(scale)
        var digits = UInt64(product >> shift)
        let rest = product & ((1 << shift) - 1)
        let half = UInt128(1) << (shift - 1)
        if rest > half || (rest == half && digits % 2 == 1) { digits += 1 }
        if digits == scale * UInt64(pow10(exponent + 1)) {
            // Rounding carried into one more digit (9.9995 → 10.00): %g recounts with it.
            exponent += 1
            guard precision > exponent else { return nil }
            decimals -= 1
            scale /= 10
            digits /= 10
        }
        let whole = digits / scale
        guard decimals > 0 else { return GDigits(whole: whole, fraction: 0, width: 0) }
        var fraction = digits % scale
        var width = decimals
        while width > 0 && fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        return GDigits(whole: whole, fraction: fraction, width: width)
    }

    private static func pow10(_ n: Int) -> Int {
        var result = 1
        for _ in 0..<n { result *= 10 }
        return result
    }

    /// `HumanDuration`: `Less than a second`, `1 second`, `About a minute`, `3 weeks`…
    public static func humanDuration(_ seconds: Double) -> String { HumanDuration(seconds).text }

    /// What ``humanDuration(_:)`` prints, before it is made text: durations that print the same
    /// (`5 minutes`) are equal, so a table makes the text once for a run of such rows.
    struct HumanDuration: Equatable {
        enum Unit: Equatable {
            case lessThanASecond, oneSecond, seconds, aboutAMinute, minutes, aboutAnHour, hours, days, weeks, months
            case years
        }
        var unit: Unit
        var count: Int64

        init(_ seconds: Double) {
            let s = Int64(seconds.rounded(.towardZero))
            let minutes = Int64((seconds / 60).rounded(.towardZero))
            let hours = Int64((seconds / 3600 + 0.5).rounded(.down))
            count = 1
            if s < 1 {
                unit = .lessThanASecond
                count = 0
            } else if s == 1 {
                unit = .oneSecond
            } else if s < 60 {
                unit = .seconds
                count = s
            } else if minutes == 1 {
                unit = .aboutAMinute
            } else if minutes < 60 {
                unit = .minutes
                count = minutes
            } else if hours == 1 {
                unit = .aboutAnHour
            } else if hours < 48 {
                unit = .hours
                count = hours
            } else if hours < 24 * 7 * 2 {
                unit = .days
                count = hours / 24
            } else if hours < 24 * 30 * 2 {
                unit = .weeks
                count = hours / 24 / 7
            } else if hours < 24 * 365 * 2 {
                unit = .months
                count = hours / 24 / 30
            } else {
                unit = .years
                count = Int64((seconds / 3600).rounded(.towardZero)) / 24 / 365
            }
        }

        var text: String {
            switch unit {
            case .lessThanASecond: "Less than a second"
            case .oneSecond: "1 second"
            case .seconds: "\(count) seconds"
            case .aboutAMinute: "About a minute"
            case .minutes: "\(count) minutes"
            case .aboutAnHour: "About an hour"
            case .hours: "\(count) hours"
            case .days: "\(count) days"
            case .weeks: "\(count) weeks"
            case .months: "\(count) months"
            case .years: "\(count) years"
            }
        }
    }
}
