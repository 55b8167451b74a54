/// A key of a PHP array: an integer or a string (`"5"` is the integer 5, as PHP stores it).
enum PHPArrayKey: Hashable {
    case int(Int)
    case string(String)

    var value: PHPValue {
        switch self {
        case .int(let n): .int(n)
        case .string(let s): .string(s)
        }
    }
}

/// PHP's ordered map: keys in insertion order, and the next integer key for `$a[] = …`.
struct PHPArray {
    private(set) var keys: [PHPArrayKey] = []
    private var storage: [PHPArrayKey: PHPValue] = [:]
    private(set) var nextIndex = 0

    var count: Int { keys.count }

    subscript(key: PHPArrayKey) -> PHPValue? {
        get { storage[key] }
        set {
            guard let newValue else {
                if storage.removeValue(forKey: key) != nil { keys.removeAll { $0 == key } }
                return
            }
            if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            if case .int(let n) = key, n >= nextIndex { nextIndex = n == Int.max ? n : n + 1 }
        }
    }

    /// `$a[] = value`.
    mutating func append(_ value: PHPValue) { self[.int(nextIndex)] = value }

    var entries: [(key: PHPArrayKey, value: PHPValue)] { keys.map { ($0, storage[$0] ?? .null) } }

    var values: [PHPValue] { keys.map { storage[$0] ?? .null } }

    init() {}

    init(_ values: [PHPValue]) {
        for value in values { append(value) }
    }
}

/// A value of the PHP subset dockersim runs. Objects are handles into the interpreter's table.
enum PHPValue {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case array(PHPArray)
    case object(Int)

    /// `gettype()`'s name and the type errors' (`null`, `bool`, `int`, `float`, `string`…).
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .float: "float"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// PHP's truth: false, 0, 0.0, "", "0", an empty array and null are false.
    var truthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .int(let n): n != 0
        case .float(let d): d != 0
        case .string(let s): !(s.isEmpty || s == "0")
        case .array(let a): a.count > 0
        case .object: true
        }
    }

    /// The array key a value stands for (`"5"` → 5, `true` → 1, `1.7` → 1, null → `""`).
    var arrayKey: PHPArrayKey {
        switch self {
        case .null: .string("")
        case .bool(let b): .int(b ? 1 : 0)
        case .int(let n): .int(n)
        case .float(let d): .int(d.isFinite && abs(d) < 9.2e18 ? Int(d) : 0)
        case .string(let s):
            if let n = Int(s), String(n) == s { .int(n) } else { .string(s) }
        case .array, .object: .string("")
        }
    }

    /// The leading number of a string as PHP reads it (`"12abc"` → 12, `"1.5e3"` → 1500.0,
    /// `"abc"` → 0), and whether the whole string was numeric (spaces around allowed).
    static func numericPrefix(_ text: String) -> (value: PHPValue, whole: Bool) {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count, [32, 9, 10, 13, 11, 12].contains(bytes[index]) { index += 1 }
        let start = index
        if index < bytes.count, bytes[index] == 43 || bytes[index] == 45 { index += 1 }
        let digitsStart = index
        while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
        var isFloat = false
        var hasDigits = index > digitsStart
        if index < bytes.count, bytes[index] == 46 {
            var next = index + 1
            while next < bytes.count, (48...57).contains(bytes[next]) { next += 1 }
            if next > index + 1 || hasDigits {
                hasDigits = hasDigits || next > index + 1
                isFloat = true
                index = next
            }
        }
        guard hasDigits else { return (.int(0), false) }
        if index < bytes.count, bytes[index] == 101 || bytes[index] == 69 {
            var next = index + 1
            if next < bytes.count, bytes[next] == 43 || bytes[next] == 45 { next += 1 }
            let expStart = next
            while next < bytes.count, (48...57).contains(bytes[next]) { next += 1 }
            if next > expStart {
                isFloat = true
                index = next
            }
        }
        let literal = String(decoding: bytes[start..<index], as: UTF8.self)
        var end = index
        while end < bytes.count, [32, 9, 10, 13, 11, 12].contains(bytes[end]) { end += 1 }
        let whole = end == bytes.count
        if !isFloat, let n = Int(literal) { return (.int(n), whole) }
        return (.float(Double(literal) ?? 0), whole)
    }

    /// Whether a string is numeric as `is_numeric()` says.
    static func isNumeric(_ text: String) -> Bool { numericPrefix(text).whole }

    /// The value as a number (int or float) for arithmetic.
    var number: PHPValue {
        switch self {
        case .null: .int(0)
        case .bool(let b): .int(b ? 1 : 0)
        case .int, .float: self
        case .string(let s): Self.numericPrefix(s).value
        case .array(let a): .int(a.count > 0 ? 1 : 0)
        case .object: .int(1)
        }
    }

    var intValue: Int {
        switch number {
        case .int(let n): n
        case .float(let d): d.isFinite && abs(d) < 9.2e18 ? Int(d) : 0
        default: 0
        }
    }

    var doubleValue: Double {
        switch number {
        case .int(let n): Double(n)
        case .float(let d): d
        default: 0
        }
    }

    /// A float as PHP prints it with `precision = 14` (`0.1 + 0.2` → `0.3`, `1.0E+25`, `-INF`).
    static func format(_ value: Double, precision: Int = 14) -> String {
        if value.isNaN { return "NAN" }
        if value.isInfinite { return value < 0 ? "-INF" : "INF" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let negative = value < 0
        let magnitude = abs(value)
        var exponent = Int((log10(magnitude)).rounded(.down))
        // The digits: `precision` significant ones, rounded.
        var scaled = magnitude / pow10(exponent - precision + 1)
        guard scaled.isFinite, scaled < 9e18, exponent > -300 else { return String(value) }
        var digits = Int64(scaled.rounded())
        if digits >= pow10Int(precision) {
            exponent += 1
            scaled = magnitude / pow10(exponent - precision + 1)
            digits = Int64(scaled.rounded())
        } else if digits < pow10Int(precision - 1) {
            exponent -= 1
            scaled = magnitude / pow10(exponent - precision + 1)
            digits = Int64(scaled.rounded())
        }
        var text = String(digits)
        while text.count > 1, text.hasSuffix("0") { text.removeLast() }
        var result: String
        if exponent < -4 || exponent >= precision {
            let mantissa = text.count > 1 ? "\(text.first!).\(text.dropFirst())" : "\(text).0"
            result = "\(mantissa)E\(exponent < 0 ? "-" : "+")\(abs(exponent))"
        } else if exponent < 0 {
            result = "0." + String(repeating: "0", count: -exponent - 1) + text
        } else if text.count <= exponent + 1 {
            result = text + String(repeating: "0", count: exponent + 1 - text.count)
        } else {
            let point = text.index(text.startIndex, offsetBy: exponent + 1)
            result = text[..<point] + "." + text[point...]
        }
        return negative ? "-" + result : result
    }

    /// The shortest text that reads back as `value`, as PHP writes it (`0.1`, `2`, `1.0E+25`).
    static func shortest(_ value: Double) -> String {
        if !value.isFinite { return format(value) }
        let text = String(value)
        guard let e = text.firstIndex(of: "e") else {
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        var mantissa = String(text[..<e])
        if !mantissa.contains(".") { mantissa += ".0" }
        let exponent = Int(text[text.index(after: e)...]) ?? 0
        return "\(mantissa)E\(exponent < 0 ? "-" : "+")\(abs(exponent))"
    }

    private static func pow10(_ n: Int) -> Double {
        var result = 1.0
        if n >= 0 {
            for _ in 0..<n { result *= 10 }
        } else {
            for _ in 0..<(-n) { result /= 10 }
        }
        return result
    }

    private static func pow10Int(_ n: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<n { result *= 10 }
        return result
    }

    private static func log10(_ x: Double) -> Double {
        // log10 without Foundation: count powers of ten, then refine.
        var exponent = 0.0
        var value = x
        while value >= 10 {
            value /= 10
            exponent += 1
        }
        while value < 1 {
            value *= 10
            exponent -= 1
        }
        return exponent
    }
}
