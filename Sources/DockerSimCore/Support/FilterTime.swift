/// docker's `timetypes.GetTimestamp` for `until=`/`since=` filters: a Go duration before now
/// (`10m`, `1h30m`), an RFC 3339 time (or a prefix of one), or Unix seconds.
public enum FilterTime {
    public static func timestamp(_ value: String, now: Timestamp) throws(DockerError) -> Timestamp {
        // `0` parses as a Go duration, but GetTimestamp leaves it to the Unix times (1970).
        if value != "0", let seconds = duration(value) { return now.adding(seconds: -seconds) }
        if let time = Timestamp(rfc3339: value) { return time }
        for suffix in [":00Z", ":00:00Z", "T00:00:00Z"] {
            if let time = Timestamp(rfc3339: value + suffix) { return time }
        }
        if let time = Timestamp(rfc3339: value + "Z") { return time }
        let parts = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        if let seconds = Int64(parts[0]), parts.count == 1 || (parts[1].allSatisfy(\.isNumber) && !parts[1].isEmpty) {
            var fraction = parts.count > 1 ? String(parts[1].prefix(9)) : ""
            fraction += String(repeating: "0", count: 9 - fraction.count)
            let nanos = Int32(fraction) ?? 0
            return Timestamp(seconds: seconds, nanoseconds: nanos)
        }
        throw DockerError.daemon("failed to parse value as time or duration: \"\(value)\"", kind: .invalidParameter)
    }

    /// Go's `time.ParseDuration` (h, m, s, ms, us, ns; sums such as `1h30m`), in seconds.
    public static func duration(_ text: String) -> Double? {
        var rest = Substring(text)
        var sign = 1.0
        if rest.first == "-" || rest.first == "+" {
            if rest.first == "-" { sign = -1 }
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        let units: [(String, Double)] = [
            ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("h", 3600), ("m", 60), ("s", 1),
        ]
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return sign * total
    }
}
