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
        return String(format: "%.*g", Int32(precision), value) + decimalUnits[unit]
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
