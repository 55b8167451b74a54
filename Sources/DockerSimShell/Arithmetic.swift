/// bash's `$(( … ))` on 64-bit integers: `+ - * / %`, comparisons (`< <= > >= == !=`, 1 or 0),
/// `&& ||`, unary `- + !`, parentheses and variable names (unset or not a number: 0).
struct Arithmetic {
    private let chars: [Character]
    private var index = 0
    private let variables: [String: String]
    /// Nesting left before the expression is refused (a deep `((((…))))` stops here).
    private var depth = 64

    init(_ text: String, variables: [String: String]) {
        chars = Array(text)
        self.variables = variables
    }

    /// The value, or 0 for what bash would refuse (dockersim does not simulate its messages).
    mutating func evaluate() -> Int64 {
        let value = or()
        return value
    }

    private mutating func skipSpaces() {
        while index < chars.count, chars[index] == " " || chars[index] == "\t" || chars[index] == "\n" { index += 1 }
    }

    private mutating func take(_ op: String) -> Bool {
        skipSpaces()
        let wanted = Array(op)
        guard index + wanted.count <= chars.count, Array(chars[index..<(index + wanted.count)]) == wanted else {
            return false
        }
        // `<` must not take the first half of `<=`, nor `=` of `==`.
        if wanted.count == 1, index + 1 < chars.count, chars[index + 1] == "=", "<>!=".contains(wanted[0]) {
            return false
        }
        index += wanted.count
        return true
    }

    private mutating func or() -> Int64 {
        var value = and()
        while take("||") {
            let rhs = and()
            value = value != 0 || rhs != 0 ? 1 : 0
        }
        return value
    }

    private mutating func and() -> Int64 {
        var value = comparison()
        while take("&&") {
            let rhs = comparison()
            value = value != 0 && rhs != 0 ? 1 : 0
        }
        return value
    }

    private mutating func comparison() -> Int64 {
        var value = sum()
        while true {
            if take("<=") {
                value = value <= sum() ? 1 : 0
            } else if take(">=") {
                value = value >= sum() ? 1 : 0
            } else if take("==") {
                value = value == sum() ? 1 : 0
            } else if take("!=") {
                value = value != sum() ? 1 : 0
            } else if take("<") {
                value = value < sum() ? 1 : 0
            } else if take(">") {
                value = value > sum() ? 1 : 0
            } else {
                return value
            }
        }
    }

    private mutating func sum() -> Int64 {
        var value = product()
        while true {
            if take("+") {
                value = value &+ product()
            } else if take("-") {
                value = value &- product()
            } else {
                return value
            }
        }
    }

    private mutating func product() -> Int64 {
        var value = unary()
        while true {
            if take("*") {
                value = value &* unary()
            } else if take("/") {
                let divisor = unary()
                value = divisor == 0 || (value == .min && divisor == -1) ? 0 : value / divisor
            } else if take("%") {
                let divisor = unary()
                value = divisor == 0 || (value == .min && divisor == -1) ? 0 : value % divisor
            } else {
                return value
            }
        }
    }

    private mutating func unary() -> Int64 {
        guard depth > 0 else { return 0 }
        depth -= 1
        defer { depth += 1 }
        if take("-") { return 0 &- unary() }
        if take("+") { return unary() }
        if take("!") { return unary() == 0 ? 1 : 0 }
        return primary()
    }

    private mutating func primary() -> Int64 {
        skipSpaces()
        if take("(") {
            let value = or()
            _ = take(")")
            return value
        }
        var text = ""
        while index < chars.count, chars[index].isASCII,
            chars[index].isLetter || chars[index].isNumber || chars[index] == "_"
        {
            text.append(chars[index])
            index += 1
        }
        if let number = Int64(text) { return number }
        if text.isEmpty {
            if index < chars.count { index += 1 }
            return 0
        }
        return Int64(variables[text]?.trimmingSpaces ?? "") ?? 0
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
