import DockerSimCore

// Sources: bash 5.2 builtins/printf.def (the format reused while arguments remain, `%b`, `%q`,
// `-v VAR`, "invalid number", "invalid format character", the usage line), BusyBox 1.36
// coreutils/printf.c (ash's printf builtin: "invalid number '%s'", no `-v`, no `%q`).

extension Shell {
    /// The `printf` builtin of bash and of BusyBox's ash: FORMAT with `\` escapes and `%`
    /// conversions (`d i o u x X c s b q f e g %`, flags `-+ #0`, width and precision, `*`),
    /// applied again while arguments remain. Returns its status.
    mutating func printf(_ args: [String], io: inout CommandIO) -> Int32 {
        var rest = args[...]
        var variable: String?
        if !isBusyBox, rest.first == "-v" {
            rest = rest.dropFirst()
            guard let name = rest.first else {
                io.stderr += "\(bashErrorStart)printf: -v: option requires an argument\n" + Self.printfUsage
                return 2
            }
            variable = name
            rest = rest.dropFirst()
        }
        if rest.first == "--" { rest = rest.dropFirst() }
        guard let format = rest.first else {
            io.stderr +=
                isBusyBox ? "Usage: printf FORMAT [ARG]...\n" : "printf: usage: printf [-v var] format [arguments]\n"
            return isBusyBox ? 1 : 2
        }
        var formatter = PrintfFormatter(arguments: Array(rest.dropFirst()), busyBox: isBusyBox)
        let output = formatter.run(Array(format.unicodeScalars))
        // The errors show first: printf's output is buffered until it ends, stderr is not.
        var errors = ""
        for message in formatter.errors {
            errors += (isBusyBox ? "\(busyBoxName): " : "\(bashErrorStart)printf: ") + message + "\n"
        }
        io.stderr += errors
        if let variable {
            env[variable] = output
        } else {
            io.stdout += output
            if !errors.isEmpty {
                var ordered = CommandOutput()
                ordered.write(errors, to: .stderr)
                ordered.write(output, to: .stdout)
                ordered.status = formatter.status
                io.chunks = ordered
            }
        }
        return formatter.status
    }

    /// The name BusyBox's applets print their errors under (`sh` for `/bin/sh`).
    var busyBoxName: String {
        if case .ash(let name, _) = flavor { return String(name.split(separator: "/").last ?? "sh") }
        return "sh"
    }

    static let printfUsage = "printf: usage: printf [-v var] format [arguments]\n"
}

/// printf's format machine: one pass over the format per round, rounds while arguments remain.
struct PrintfFormatter {
    var arguments: [String]
    let busyBox: Bool
    var next = 0
    var errors: [String] = []
    var status: Int32 = 0
    /// Set by `\c` in the format or a `%b` argument: nothing more is printed.
    var stopped = false

    init(arguments: [String], busyBox: Bool) {
        self.arguments = arguments
        self.busyBox = busyBox
    }

    mutating func run(_ format: [Unicode.Scalar]) -> String {
        var out = ""
        repeat {
            let before = next
            out += round(format)
            if stopped || next == before { break }
        } while next < arguments.count
        return out
    }

    mutating func take() -> String? {
        guard next < arguments.count else { return nil }
        defer { next += 1 }
        return arguments[next]
    }

    /// One pass over the format.
    mutating func round(_ f: [Unicode.Scalar]) -> String {
        var out = ""
        var i = 0
        while i < f.count && !stopped {
            let c = f[i]
            if c == "\\" {
                // Escapes next to each other make bytes together: `\303\251` is one `é`.
                var text = EscapedText()
                while i < f.count, f[i] == "\\", !stopped {
                    let (used, stop) = Self.escape(f, i + 1, inArgument: false, unicode: !busyBox, into: &text)
                    i += 1 + used
                    if stop { stopped = true }
                }
                out += text.finished
                continue
            }
            guard c == "%" else {
                out.unicodeScalars.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < f.count else {
                out += "%"
                break
            }
            if f[i] == "%" {
                out += "%"
                i += 1
                continue
            }
            var flags = ""
            while i < f.count, "-+ #0".unicodeScalars.contains(f[i]) {
                flags.unicodeScalars.append(f[i])
                i += 1
            }
            var width: Int?
            if i < f.count, f[i] == "*" {
                width = Int(take() ?? "0") ?? 0
                i += 1
            } else {
                var digits = ""
                while i < f.count, ("0"..."9").contains(f[i]) {
                    digits.unicodeScalars.append(f[i])
                    i += 1
                }
                width = digits.isEmpty ? nil : Int(digits.prefix(6))
            }
            var precision: Int?
            if i < f.count, f[i] == "." {
                i += 1
                if i < f.count, f[i] == "*" {
                    precision = Int(take() ?? "0") ?? 0
                    i += 1
                } else {
                    var digits = ""
                    while i < f.count, ("0"..."9").contains(f[i]) {
                        digits.unicodeScalars.append(f[i])
                        i += 1
                    }
                    precision = Int(digits.prefix(6)) ?? 0
                }
            }
            // Length modifiers are accepted and ignored.
            while i < f.count, "hjlLtz".unicodeScalars.contains(f[i]) { i += 1 }
            guard i < f.count else {
                errors.append(busyBox ? "%\(flags): invalid format" : "`%': missing format character")
                status = 1
                stopped = true
                break
            }
            let conversion = f[i]
            i += 1
            if width.map({ $0 < 0 }) == true {
                flags += "-"
                width = -(width ?? 0)
            }
            guard let piece = convert(conversion, flags: flags, precision: precision) else {
                errors.append(busyBox ? "%\(conversion): invalid format" : "`\(conversion)': invalid format character")
                status = 1
                stopped = true
                break
            }
            out += Self.pad(
                piece, width: width ?? 0, flags: flags, numeric: "dioxXuefgEG".unicodeScalars.contains(conversion))
        }
        return out
    }

    /// One conversion with its argument (nil for a character printf does not know).
    mutating func convert(_ c: Unicode.Scalar, flags: String, precision: Int?) -> String? {
        switch c {
        case "s":
            let text = take() ?? ""
            guard let precision else { return text }
            return String(text.prefix(precision))
        case "b":
            let (text, stop) = Self.argumentEscapes(take() ?? "", unicode: !busyBox)
            if stop { stopped = true }
            guard let precision else { return text }
            return String(text.prefix(precision))
        case "q":
            guard !busyBox else { return nil }
            let text = take() ?? ""
            return text.isEmpty ? "''" : ShellQuote.quote(text)
        case "c":
            return String((take() ?? "").prefix(1))
        case "d", "i", "o", "u", "x", "X":
            let value = integer(take())
            var digits: String
            switch c {
            case "o": digits = String(UInt64(bitPattern: value), radix: 8)
            case "x": digits = String(UInt64(bitPattern: value), radix: 16)
            case "X": digits = String(UInt64(bitPattern: value), radix: 16, uppercase: true)
            case "u": digits = String(UInt64(bitPattern: value))
            default: digits = String(value.magnitude)
            }
            if let precision, digits.count < precision {
                digits = String(repeating: "0", count: precision - digits.count) + digits
            }
            if flags.contains("#") && value != 0 {
                if c == "o" && !digits.hasPrefix("0") { digits = "0" + digits }
                if c == "x" { digits = "0x" + digits }
                if c == "X" { digits = "0X" + digits }
            }
            if c == "d" || c == "i" {
                if value < 0 {
                    digits = "-" + digits
                } else if flags.contains("+") {
                    digits = "+" + digits
                } else if flags.contains(" ") {
                    digits = " " + digits
                }
            }
            return digits
        case "f", "F", "e", "E", "g", "G":
            let text = take() ?? "0"
            guard let value = Double(Self.trim(text)) else {
                invalid(text)
                return Self.fixed(0, precision ?? 6)
            }
            let formatted = Self.fixed(value, precision ?? 6)
            if value >= 0 && flags.contains("+") { return "+" + formatted }
            return formatted
        default:
            return nil
        }
    }

    /// A number argument: decimal, `0x…`, `0…` octal, `'c` (the character's code); anything else
    /// is an error and counts as its leading number (or 0).
    mutating func integer(_ argument: String?) -> Int64 {
        guard let argument, !argument.isEmpty else { return 0 }
        if argument.hasPrefix("'") || argument.hasPrefix("\"") {
            return Int64(argument.unicodeScalars.dropFirst().first?.value ?? 0)
        }
        var text = Substring(Self.trim(argument))
        var negative = false
        if text.hasPrefix("-") || text.hasPrefix("+") {
            negative = text.hasPrefix("-")
            text = text.dropFirst()
        }
        var radix = 10
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            radix = 16
            text = text.dropFirst(2)
        } else if text.hasPrefix("0") && text.count > 1 {
            radix = 8
            text = text.dropFirst()
        }
        let digits = text.prefix { $0.isHexDigit && Int(String($0), radix: radix) != nil }
        let value = Int64(digits, radix: radix) ?? (digits.isEmpty ? 0 : Int64.max)
        if digits.count != text.count || text.isEmpty { invalid(argument) }
        return negative ? -value : value
    }

    static func trim(_ text: String) -> String {
        String(text.drop { $0 == " " || $0 == "\t" || $0 == "\n" })
    }

    mutating func invalid(_ argument: String) {
        errors.append(busyBox ? "invalid number '\(argument)'" : "\(argument): invalid number")
        status = 1
    }

    /// `%f` with `precision` decimals, rounded half away from zero.
    static func fixed(_ value: Double, _ precision: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let digits = min(precision, 15)
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return String(value) }
        let whole = Int64(scaled)
        let unit = Int64(scale)
        var text = String(whole / unit)
        if digits > 0 {
            let fraction = String(whole % unit)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return (value < 0 && whole != 0 ? "-" : "") + text
    }

    /// Width: spaces on the left, on the right with `-`, zeros after the sign with `0`.
    static func pad(_ text: String, width: Int, flags: String, numeric: Bool) -> String {
        let missing = width - text.count
        guard missing > 0 else { return text }
        if flags.contains("-") { return text + String(repeating: " ", count: missing) }
        if flags.contains("0") && numeric {
            var body = Substring(text)
            var sign = ""
            if let first = body.first, "+- ".contains(first) {
                sign = String(first)
                body = body.dropFirst()
            }
            return sign + String(repeating: "0", count: missing) + body
        }
        return String(repeating: " ", count: missing) + text
    }

    /// The escapes of a `%b` argument, which are `echo -e`'s too (bash reads both with one
    /// function): the text, and whether `\c` ended it (nothing more is printed). `unicode`:
    /// `\u` and `\U` are read (bash; BusyBox leaves them).
    static func argumentEscapes(_ argument: String, unicode: Bool) -> (String, Bool) {
        let arg = Array(argument.unicodeScalars)
        var text = EscapedText()
        var i = 0
        while i < arg.count {
            if arg[i] == "\\" {
                let (used, stop) = escape(arg, i + 1, inArgument: true, unicode: unicode, into: &text)
                i += 1 + used
                if stop { return (text.finished, true) }
            } else {
                text.append(arg[i])
                i += 1
            }
        }
        return (text.finished, false)
    }

    /// A backslash escape starting at `i` (after the `\`) added to `out`: how many scalars it
    /// used, and whether it is `\c` (only in `%b` arguments). `\NNN` is octal in the format,
    /// `\0NNN` in a `%b` argument; octal and `\xHH` escapes are bytes (`\303\251` is `é`),
    /// `\uHHHH` and `\UHHHHHHHH` characters when `unicode` (bash; BusyBox leaves them).
    static func escape(
        _ s: [Unicode.Scalar], _ i: Int, inArgument: Bool, unicode: Bool, into out: inout EscapedText
    ) -> (used: Int, stop: Bool) {
        guard i < s.count else {
            out.append("\\")
            return (0, false)
        }
        let c = s[i]
        if let text = simpleEscape(c), !(inArgument && (c == "\"" || c == "'")) {
            out.append(text)
            return (1, false)
        }
        if c == "c" {
            if inArgument { return (1, true) }
            out.append("\\")
            out.append(c)
            return (1, false)
        }
        if ("0"..."7").contains(c) {
            var j = i
            var limit = 3
            if inArgument && c == "0" {
                j += 1
            } else if inArgument {
                out.append("\\")
                out.append(c)
                return (1, false)
            }
            var value: UInt32 = 0
            while j < s.count, limit > 0, ("0"..."7").contains(s[j]) {
                value = value * 8 + (s[j].value - 48)
                j += 1
                limit -= 1
            }
            out.append(byte: UInt8(value & 0xFF))
            return (j - i, false)
        }
        if c == "x" || (unicode && (c == "u" || c == "U")) {
            let digits = c == "x" ? 2 : c == "u" ? 4 : 8
            var j = i + 1
            var value: UInt32 = 0
            while j < s.count, j <= i + digits, let digit = Self.hexValue(s[j]) {
                value = value &* 16 &+ UInt32(digit)
                j += 1
            }
            if j == i + 1 {
                out.append("\\")
                out.append(c)
                return (1, false)
            }
            if c == "x" {
                out.append(byte: UInt8(value & 0xFF))
            } else if let scalar = Unicode.Scalar(value) {
                out.append(scalar)
            } else {
                out.append(byte: 0xEF)
                out.append(byte: 0xBF)
                out.append(byte: 0xBD)
            }
            return (j - i, false)
        }
        out.append("\\")
        out.append(c)
        return (1, false)
    }

    /// The value of a hexadecimal digit.
    static func hexValue(_ c: Unicode.Scalar) -> Int? {
        switch c.value {
        case 0x30...0x39: Int(c.value) - 0x30
        case 0x61...0x66: Int(c.value) - 0x61 + 10
        case 0x41...0x46: Int(c.value) - 0x41 + 10
        default: nil
        }
    }

    /// What a one-letter escape (`\n`, `\t`, `\e`…) stands for.
    static func simpleEscape(_ c: Unicode.Scalar) -> String? {
        switch c {
        case "n": "\n"
        case "t": "\t"
        case "r": "\r"
        case "a": "\u{07}"
        case "b": "\u{08}"
        case "f": "\u{0C}"
        case "v": "\u{0B}"
        case "\\": "\\"
        case "e", "E": "\u{1B}"
        case "\"": "\""
        case "'": "'"
        default: nil
        }
    }
}

/// Text made by escapes: the bytes of octal and `\x` escapes are kept together until other text
/// follows, then read as UTF-8, so `\303\251` is one `é` as it is in a terminal. (A byte that is
/// not UTF-8 becomes U+FFFD: dockersim's text is Unicode.)
struct EscapedText {
    private var text = ""
    private var bytes: [UInt8] = []

    /// Appends text after the pending bytes.
    mutating func append(_ piece: String) {
        flush()
        text += piece
    }

    /// Appends one character after the pending bytes.
    mutating func append(_ scalar: Unicode.Scalar) {
        flush()
        text.unicodeScalars.append(scalar)
    }

    /// Appends one byte, read with the bytes next to it.
    mutating func append(byte: UInt8) { bytes.append(byte) }

    /// All of it as text.
    var finished: String {
        var copy = self
        copy.flush()
        return copy.text
    }

    private mutating func flush() {
        guard !bytes.isEmpty else { return }
        text += String(decoding: bytes, as: UTF8.self)
        bytes.removeAll(keepingCapacity: true)
    }
}
