/// PHP's `date()` formats, in UTC (the time zone PHP takes without a php.ini).
enum PHPDate {
    static let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    static func isLeap(_ year: Int64) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(_ month: Int64, _ year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// ISO-8601 week number and its year.
    static func isoWeek(year: Int64, dayOfYear: Int64, weekday: Int64) -> (week: Int64, year: Int64) {
        let isoWeekday = weekday == 0 ? 7 : weekday
        let week = (dayOfYear + 1 - isoWeekday + 10) / 7
        if week < 1 {
            let previous = year - 1
            let previousDays: Int64 = isLeap(previous) ? 366 : 365
            return isoWeek(year: previous, dayOfYear: dayOfYear + previousDays, weekday: weekday)
        }
        let yearDays: Int64 = isLeap(year) ? 366 : 365
        if week == 53, dayOfYear - isoWeekday + 4 >= yearDays { return (1, year + 1) }
        return (week, year)
    }

    static func format(_ format: String, seconds: Int64, nanoseconds: Int32) -> String {
        let p = Timestamp.civilParts(seconds)
        func pad(_ n: Int64, _ width: Int = 2) -> String {
            let digits = String(abs(n))
            return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var dayOfYear: Int64 = p.day - 1
        for month in 1..<p.month { dayOfYear += daysIn(month, p.year) }
        let hour12 = p.hour % 12 == 0 ? 12 : p.hour % 12
        var out = ""
        var escaped = false
        for character in format {
            if escaped {
                out.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "d": out += pad(p.day)
            case "D": out += String(days[Int(p.weekday)].prefix(3))
            case "j": out += String(p.day)
            case "l": out += days[Int(p.weekday)]
            case "N": out += String(p.weekday == 0 ? 7 : p.weekday)
            case "S":
                out +=
                    p.day % 10 == 1 && p.day != 11
                    ? "st" : p.day % 10 == 2 && p.day != 12 ? "nd" : p.day % 10 == 3 && p.day != 13 ? "rd" : "th"
            case "w": out += String(p.weekday)
            case "z": out += String(dayOfYear)
            case "W": out += pad(isoWeek(year: p.year, dayOfYear: dayOfYear, weekday: p.weekday).week)
            case "o": out += String(isoWeek(year: p.year, dayOfYear: dayOfYear, weekday: p.weekday).year)
            case "F": out += months[Int(p.month - 1)]
            case "M": out += String(months[Int(p.month - 1)].prefix(3))
            case "m": out += pad(p.month)
            case "n": out += String(p.month)
            case "t": out += String(daysIn(p.month, p.year))
            case "L": out += isLeap(p.year) ? "1" : "0"
            case "Y": out += String(p.year)
            case "y": out += pad(p.year % 100)
            case "a": out += p.hour < 12 ? "am" : "pm"
            case "A": out += p.hour < 12 ? "AM" : "PM"
            case "g": out += String(hour12)
            case "G": out += String(p.hour)
            case "h": out += pad(hour12)
            case "H": out += pad(p.hour)
            case "i": out += pad(p.minute)
            case "s": out += pad(p.second)
            case "u": out += pad(Int64(nanoseconds / 1000), 6)
            case "v": out += pad(Int64(nanoseconds / 1_000_000), 3)
            case "e": out += "UTC"
            case "T": out += "UTC"
            case "I": out += "0"
            case "O": out += "+0000"
            case "P": out += "+00:00"
            case "p": out += "Z"
            case "Z": out += "0"
            case "U": out += String(seconds)
            case "c":
                out += PHPDate.format("Y-m-d\\TH:i:sP", seconds: seconds, nanoseconds: nanoseconds)
            case "r":
                out += PHPDate.format("D, d M Y H:i:s O", seconds: seconds, nanoseconds: nanoseconds)
            default: out.append(character)
            }
        }
        return out
    }
}

/// `sprintf()` and `number_format()`.
enum PHPFormat {
    /// Rounds half away from zero to `places` decimals (PHP's `round()`).
    static func round(_ value: Double, _ places: Int) -> Double {
        guard value.isFinite else { return value }
        var scale = 1.0
        for _ in 0..<min(abs(places), 300) { scale *= 10 }
        if places >= 0 {
            let scaled = value * scale
            guard scaled.isFinite else { return value }
            return scaled.rounded(.toNearestOrAwayFromZero) / scale
        }
        return (value / scale).rounded(.toNearestOrAwayFromZero) * scale
    }

    /// The digits of `value` with `decimals` places (at most 15), rounded half away from zero.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let decimals = min(max(decimals, 0), 15)
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return (value < 0 ? "-" : "") + PHPValue.format(abs(value), precision: 17) }
        let digits = String(UInt64(scaled))
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return sign + padded.dropLast(decimals) + (decimals > 0 ? "." + padded.suffix(decimals) : "")
    }

    static func numberFormat(_ value: Double, _ decimals: Int, _ point: String, _ thousands: String) -> String {
        let text = fixed(value, decimals)
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        let integer = Array(parts[0])
        var grouped = ""
        for (index, digit) in integer.enumerated() {
            if index > 0, (integer.count - index) % 3 == 0 { grouped += thousands }
            grouped.append(digit)
        }
        return (negative ? "-" : "") + grouped + (parts.count > 1 ? point + parts[1] : "")
    }

    /// `sprintf(format, …)`: `%s %d %u %f %F %e %x %X %o %b %c %%`, with `-`, `+`, `0`, `'c`
    /// padding, width and precision, and `n$` positions.
    static func sprintf(_ php: inout PHPInterpreter, _ args: [PHPValue], line: Int) throws(PHPControl) -> String {
        let format = Array(try php.string(args[0], line: line))
        var out = ""
        var index = 0
        var next = 1
        while index < format.count {
            let character = format[index]
            index += 1
            guard character == "%" else {
                out.append(character)
                continue
            }
            guard index < format.count else { break }
            if format[index] == "%" {
                out += "%"
                index += 1
                continue
            }
            // An argument number: `%1$s`.
            var position: Int?
            var look = index
            var number = 0
            while look < format.count, let digit = format[look].wholeNumberValue {
                number = number * 10 + digit
                look += 1
            }
            if look < format.count, format[look] == "$", look > index {
                position = number
                index = look + 1
            }
            var left = false
            var plus = false
            var padCharacter: Character = " "
            flags: while index < format.count {
                switch format[index] {
                case "-": left = true
                case "+": plus = true
                case "0": padCharacter = "0"
                case " ": padCharacter = " "
                case "'":
                    guard index + 1 < format.count else { break flags }
                    index += 1
                    padCharacter = format[index]
                default: break flags
                }
                index += 1
            }
            var width = 0
            while index < format.count, let digit = format[index].wholeNumberValue {
                width = min(width * 10 + digit, 1 << 20)
                index += 1
            }
            var precision: Int?
            if index < format.count, format[index] == "." {
                index += 1
                var value = 0
                while index < format.count, let digit = format[index].wholeNumberValue {
                    value = min(value * 10 + digit, 53)
                    index += 1
                }
                precision = value
            }
            guard index < format.count else { break }
            let conversion = format[index]
            index += 1
            let argumentIndex = position ?? next
            if position == nil { next += 1 }
            guard argumentIndex < args.count else {
                let message =
                    php.dialect.major >= 8
                    ? "\(args.count) arguments are required, \(argumentIndex + 1) given"
                    : "Too few arguments"
                if php.dialect.major >= 8 { try php.fatalError(message, line: line, errorClass: "ArgumentCountError") }
                php.warning("sprintf(): \(message)", line: line)
                return ""
            }
            let argument = args[argumentIndex]
            var text: String
            switch conversion {
            case "s":
                text = try php.string(argument, line: line)
                if let precision { text = String(text.prefix(precision)) }
            case "d", "i":
                let n = argument.intValue
                text = (plus && n >= 0 ? "+" : "") + String(n)
            case "u": text = String(UInt(bitPattern: argument.intValue))
            case "f", "F":
                let value = argument.doubleValue
                text = (plus && value >= 0 ? "+" : "") + fixed(value, precision ?? 6)
            case "e", "E":
                text = PHPValue.format(argument.doubleValue, precision: (precision ?? 6) + 1)
            case "x": text = String(UInt(bitPattern: argument.intValue), radix: 16)
            case "X": text = String(UInt(bitPattern: argument.intValue), radix: 16).uppercased()
            case "o": text = String(UInt(bitPattern: argument.intValue), radix: 8)
            case "b": text = String(UInt(bitPattern: argument.intValue), radix: 2)
            case "c":
                text = String(decoding: [UInt8(truncatingIfNeeded: argument.intValue)], as: UTF8.self)
                width = 0
            default:
                if php.dialect.major >= 8 {
                    try php.fatalError(
                        "Unknown format specifier \"\(conversion)\"", line: line, errorClass: "ValueError")
                }
                continue
            }
            if text.count < width {
                let padding = String(repeating: padCharacter, count: width - text.count)
                if left {
                    text += padCharacter == "0" ? String(repeating: " ", count: width - text.count) : padding
                } else if padCharacter == "0", text.hasPrefix("-") || text.hasPrefix("+") {
                    text = String(text.first!) + padding + text.dropFirst()
                } else {
                    text = padding + text
                }
            }
            out += text
        }
        return out
    }
}
