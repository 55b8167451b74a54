import DockerSimCore

/// The resource flags of `docker run`, `docker create` and `docker update` (`-m`,
/// `--memory-swap`, `--memory-reservation`, `--cpus`, `-c`) as the CLI parses them. Sources:
/// docker/cli v28.5.1 opts/opts.go (`MemBytes`, `MemSwapBytes`, `NanoCPUs`/`ParseCPUs`),
/// cli/command/container/opts.go and update.go (the flags and their help), go-units size.go
/// (`RAMInBytes`).
enum ResourceOptions {
    /// The flags as `run`/`create` declare them (`update` words `--memory-swap`'s help apart).
    static func flags(update: Bool) -> [FlagSpec] {
        [
            FlagSpec("cpu-shares", "c", .int, "CPU shares (relative weight)"),
            FlagSpec("cpus", nil, .string, "Number of CPUs", validate: { cpus($0).reason }),
            FlagSpec("memory", "m", .string, "Memory limit", validate: { ramInBytes($0).reason }),
            FlagSpec(
                "memory-reservation", nil, .string, "Memory soft limit", validate: { ramInBytes($0).reason }),
            FlagSpec(
                "memory-swap", nil, .string,
                update
                    ? "Swap limit equal to memory plus swap: -1 to enable unlimited swap"
                    : "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
                validate: { memorySwap($0).reason }),
        ]
    }

    /// pflag's type names of these flags in help (`--memory bytes`, `--cpus decimal`).
    static let typeNames = [
        "memory": "bytes", "memory-swap": "bytes", "memory-reservation": "bytes", "cpus": "decimal",
        "blkio-weight": "uint16",
    ]

    /// A parse result: the value, or the reason pflag prints after `invalid argument "V" for …`.
    enum Parsed: Equatable {
        case value(Int64)
        case failure(String)

        /// Why it was refused (nil when it parsed).
        var reason: String? {
            if case .failure(let reason) = self { return reason }
            return nil
        }

        /// The value (0 when it did not parse: pflag refused it before).
        var number: Int64 {
            if case .value(let number) = self { return number }
            return 0
        }
    }

    /// go-units `RAMInBytes`: a number, an optional space and an optional binary unit (`k`,
    /// `m`, `g`, `t`, `p`, each with an optional `b` or `ib`; `b` alone), case-insensitive,
    /// truncated to whole bytes; its error texts (`invalid size: 'x'`, `invalid suffix: 'q'`,
    /// `strconv.ParseFloat: parsing "1x": invalid syntax`).
    static func ramInBytes(_ text: String) -> Parsed {
        let chars = Array(text)
        guard let sep = chars.lastIndex(where: { "01234567890. ".contains($0) }) else {
            return .failure("invalid size: '\(text)'")
        }
        let number: String
        var suffix: String
        if chars[sep] != " " {
            number = String(chars[...sep])
            suffix = String(chars[(sep + 1)...])
        } else {
            number = String(chars[..<sep])
            suffix = String(chars[(sep + 1)...])
        }
        guard let size = goParseFloat(number) else {
            return .failure("strconv.ParseFloat: parsing \(goQuote(number)): invalid syntax")
        }
        if size < 0 { return .failure("invalid size: '\(text)'") }
        if suffix.isEmpty { return .value(goInt64(size)) }
        guard suffix.count <= 3 else { return .failure("invalid suffix: '\(suffix)'") }
        suffix = suffix.lowercased()
        let letters = Array(suffix)
        if letters[0] == "b" {
            return letters.count > 1 ? .failure("invalid suffix: '\(suffix)'") : .value(goInt64(size))
        }
        let units: [Character: Double] = [
            "k": 1024, "m": 1_048_576, "g": 1_073_741_824, "t": 1_099_511_627_776, "p": 1_125_899_906_842_624,
        ]
        guard let multiplier = units[letters[0]] else { return .failure("invalid suffix: '\(suffix)'") }
        if letters.count == 2 && letters[1] != "b" { return .failure("invalid suffix: '\(suffix)'") }
        if letters.count == 3 && String(letters[1...]) != "ib" { return .failure("invalid suffix: '\(suffix)'") }
        let bytes = size * multiplier
        return .value(bytes >= 9.2e18 ? Int64.max : goInt64(bytes))
    }

    /// Go's `int64(f)` on amd64 for a size that is not negative: past 2⁶³ the conversion gives
    /// the "integer indefinite" value, Int64.min (a Swift conversion would trap).
    static func goInt64(_ value: Double) -> Int64 {
        value < 9_223_372_036_854_775_808.0 ? Int64(value) : .min
    }

    /// `MemSwapBytes`: `-1` (unlimited) or a size.
    static func memorySwap(_ text: String) -> Parsed {
        text == "-1" ? .value(-1) : ramInBytes(text)
    }

    /// `ParseCPUs`: a rational number (`1.5`, `3/2`, `2e-1`) in billionths of a CPU, exactly.
    static func cpus(_ text: String) -> Parsed {
        guard let (numerator, denominator) = rational(text) else {
            return .failure("failed to parse \(text) as a rational number")
        }
        // numerator / denominator × 10⁹ must be a whole number.
        let nano = numerator.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nano.overflow, nano.partialValue % denominator == 0 else { return .failure("value is too precise") }
        return .value(nano.partialValue / denominator)
    }

    /// `big.Rat.SetString` for decimal text: `[+-]DIGITS[.DIGITS][e[+-]N]` or `[+-]A/B`, as a
    /// reduced fraction (nil when it does not parse, or does not fit in 64 bits here).
    static func rational(_ text: String) -> (Int64, Int64)? {
        if let slash = text.firstIndex(of: "/") {
            guard let a = Int64(text[..<slash]), let b = Int64(text[text.index(after: slash)...]), b != 0,
                !text[text.index(after: slash)...].hasPrefix("+"), !text[text.index(after: slash)...].hasPrefix("-")
            else { return nil }
            return (a, b)
        }
        var chars = Substring(text)
        var negative = false
        if let sign = chars.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            chars = chars.dropFirst()
        }
        var mantissa = chars
        var exponent = 0
        if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = chars[..<e]
            guard let value = Int(chars[chars.index(after: e)...]), abs(value) < 40 else { return nil }
            exponent = value
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty), (whole + fraction).allSatisfy(\.isASCIIDigit) else { return nil }
        var digits = String(whole + fraction).drop { $0 == "0" }
        exponent -= fraction.count
        while exponent > 0 {
            digits += "0"
            exponent -= 1
        }
        guard digits.count <= 18, var numerator = Int64(digits.isEmpty ? "0" : String(digits)) else { return nil }
        var denominator: Int64 = 1
        while exponent < 0 {
            if numerator % 10 == 0 && numerator != 0 {
                numerator /= 10
            } else {
                let next = denominator.multipliedReportingOverflow(by: 10)
                guard !next.overflow else { return nil }
                denominator = next.partialValue
            }
            exponent += 1
        }
        return (negative ? -numerator : numerator, denominator)
    }

    /// `strconv.ParseFloat` for the decimal forms a size uses (`1`, `1.5`, `.5`, `2e3`).
    static func goParseFloat(_ text: String) -> Double? {
        guard !text.isEmpty, !text.hasPrefix("+") || text.count > 1,
            text.allSatisfy({ $0.isASCIIDigit || ".eE+-".contains($0) })
        else { return nil }
        return Double(text)
    }

    /// The values `run`/`create` put in the container's `HostConfig`.
    static func apply(_ args: ParsedArguments, to hostConfig: inout HostConfig) {
        hostConfig.memory = args.string("memory").map { ramInBytes($0).number } ?? 0
        hostConfig.memorySwap = args.string("memory-swap").map { memorySwap($0).number } ?? 0
        hostConfig.memoryReservation = args.string("memory-reservation").map { ramInBytes($0).number } ?? 0
        hostConfig.nanoCpus = args.string("cpus").map { cpus($0).number } ?? 0
        hostConfig.cpuShares = args.string("cpu-shares").flatMap { Int64($0) } ?? 0
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
