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
        return (plainG(value, precision: precision) ?? String(format: "%.*g", Int32(precision), value))
            + decimalUnits[unit]
    }

    /// C's `%.*g` of `value` when it prints without an exponent and `value` is 0 or in [1, 1000)
    /// (every size but a few), computed with integers instead of `String(format:)`: the double
    /// is rounded exactly to `precision` significant digits, ties to even as glibc's `printf`
    /// rounds, and trailing zeros are dropped. Nil when `%g` would need the exponent form
    /// (`1e+03`) or the value is outside that range; the caller then formats it with `%g` itself.
    static func plainG(_ value: Double, precision: Int) -> String? {
        if value == 0 { return "0" }
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
        guard decimals > 0 else { return String(whole) }
        var fraction = digits % scale
        var width = decimals
        while width > 0 && fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        guard width > 0 else { return String(whole) }
        let text = String(fraction)
        return String(whole) + "." + String(repeating: "0", count: width - text.utf8.count) + text
    }

    private static func pow10(_ n: Int) -> Int {
        var result = 1
        for _ in 0..<n { result *= 10 }
        return result
    }

    /// `HumanDuration`: `Less than a second`, `1 second`, `About a minute`, `3 weeks`…
    public static func humanDuration(_ seconds: Double) -> String {
        let s = Int64(seconds.rounded(.towardZero))
        let minutes = Int64((seconds / 60).rounded(.towardZero))
        let hours = Int64((seconds / 3600 + 0.5).rounded(.down))
        if s < 1 { return "Less than a second" }
        if s == 1 { return "1 second" }
        if s < 60 { return "\(s) seconds" }
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(Int64((seconds / 3600).rounded(.towardZero)) / 24 / 365) years"
    }
}
