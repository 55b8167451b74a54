import DockerSimCore

/// A parse error inside one value of a lesson (or a student's answer): message and 0-based
/// column offset within the text.
public struct ExpressionError: Error, Sendable, Equatable {
    /// The problem in Spanish and English.
    public var text: Localized
    public var offset: Int

    /// The problem in English.
    public var message: String { text.text(.en) }

    public init(_ es: String, _ en: String, offset: Int) {
        text = Localized(es: es, en: en)
        self.offset = offset
    }

    public init(text: Localized, offset: Int) {
        self.text = text
        self.offset = offset
    }
}

/// Why a value could not be computed on the current state ("no such image ubuntu").
public struct EvaluationError: Error, Sendable, Equatable {
    public var message: Localized
}

/// A number over the simulator's state: literals (`186,8 MB`, `25B`, `3`), values such as
/// `disk.images` or `container.size(contenedor1)`, joined with `+` and `-`.
public indirect enum Expression: Sendable, Equatable {
    case literal(Double)
    case value(name: String, arguments: [String])
    case sum(Expression, Expression)
    case difference(Expression, Expression)

    /// Computes the expression on an engine's state.
    public func evaluate(_ engine: Engine) throws(EvaluationError) -> Double {
        switch self {
        case .literal(let number): return number
        case .value(let name, let arguments):
            guard let function = StateValues.table[name] else {
                throw EvaluationError(message: Localized(es: "valor desconocido \(name)", en: "unknown value \(name)"))
            }
            return try function.evaluate(engine, arguments)
        case .sum(let a, let b): return try a.evaluate(engine) + b.evaluate(engine)
        case .difference(let a, let b): return try a.evaluate(engine) - b.evaluate(engine)
        }
    }

    /// True when the expression reads no state (a student's answer, a literal).
    public var isConstant: Bool {
        switch self {
        case .literal: true
        case .value: false
        case .sum(let a, let b), .difference(let a, let b): a.isConstant && b.isConstant
        }
    }

    /// Parses `text`. Student answers pass `allowValues: false` (only numbers and sizes).
    public static func parse(_ text: String, allowValues: Bool = true) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(Array(text), allowValues: allowValues)
        return try parser.parseAll()
    }

    /// A number as the student wrote it: its value, its precision and its unit.
    public struct Literal: Sendable, Equatable {
        public var value: Double
        /// Significant digits written (`178` has 3, `186,8` has 4).
        public var significant: Int
        /// Digits after the decimal separator.
        public var decimals: Int
        /// The unit as written (nil: none, so bytes or a plain number).
        public var unit: String?
        /// Bytes per unit (1 without one).
        public var factor: Double

        /// Whether the unit is a binary one (`KiB`, `MiB`…), which docker never prints.
        public var isBinary: Bool { unit.map { $0.lowercased().hasSuffix("ib") } ?? false }
        /// Half the last written digit, in bytes: what rounding could have hidden.
        public var roundingHalf: Double { 0.5 * pow10(-decimals) * factor }
    }

    /// Parses a student's answer (numbers and sizes only), with the numbers as written.
    public static func parseAnswer(_ text: String) throws(ExpressionError) -> (Expression, [Literal]) {
        var parser = ExpressionParser(Array(text), allowValues: false)
        let expression = try parser.parseAll()
        return (expression, parser.literals)
    }
}

/// 10 to an integer power.
func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(exponent) { result *= 10 }
    return exponent < 0 ? 1 / result : result
}

/// The named values an expression can use, with how to compute each.
public enum StateValues {
    struct Function: Sendable {
        var arity: ClosedRange<Int>
        var summary: String
        var evaluate: @Sendable (Engine, [String]) throws(EvaluationError) -> Double
    }

    /// Names and one-line descriptions, for the documentation and `lesson lint`.
    public static var names: [(name: String, summary: String)] {
        table.keys.sorted().compactMap { key in table[key].map { (key, $0.summary) } }
    }

    static func image(_ engine: Engine, _ text: String) throws(EvaluationError) -> Image {
        do {
            return try engine.findImage(text)
        } catch {
            throw EvaluationError(message: Localized(es: "no existe la imagen \(text)", en: "no such image \(text)"))
        }
    }

    static func container(_ engine: Engine, _ text: String) throws(EvaluationError) -> Container {
        do {
            return try engine.findContainer(text)
        } catch {
            throw EvaluationError(
                message: Localized(es: "no existe el contenedor \(text)", en: "no such container \(text)"))
        }
    }

    static func summary(_ engine: Engine, _ text: String) throws(EvaluationError) -> ImageSummary {
        let wanted = try image(engine, text)
        let usage = engine.diskUsage()
        if let found = usage.images.first(where: { $0.image.id == wanted.id }) { return found }
        throw EvaluationError(
            message: Localized(
                es: "la imagen \(text) no aparece en system df", en: "image \(text) is not listed by system df"))
    }

    static func df(_ body: @escaping @Sendable (DiskUsage) -> Int64, _ summary: String) -> Function {
        Function(arity: 0...0, summary: summary) { engine, _ in Double(body(engine.diskUsage())) }
    }

    static func reclaimableImages(_ usage: DiskUsage) -> Int64 {
        let used = usage.images.filter { $0.containers > 0 }.reduce(Int64(0)) { $0 + $1.size - $1.sharedSize }
        return max(0, usage.layersSize - used)
    }

    /// The values that are sizes in bytes (the others are counts and codes).
    static let sizes: Set<String> = [
        "disk.images", "df.images.size", "df.images.reclaimable", "df.containers.size", "df.containers.reclaimable",
        "image.size", "image.shared", "image.unique", "shared", "container.size", "container.virtual",
        "df.volumes.size", "df.volumes.reclaimable", "volume.size",
    ]

    static func volume(_ engine: Engine, _ name: String) throws(EvaluationError) -> Volume {
        guard let found = engine.volumes[name] else {
            throw EvaluationError(message: Localized(es: "no existe el volumen \(name)", en: "no such volume \(name)"))
        }
        return found
    }

    static let table: [String: Function] = [
        "disk.images": df(\.layersSize, "disk space of all images, each layer once (system df, Images SIZE)"),
        "df.images.size": df(\.layersSize, "system df: Images SIZE"),
        "df.images.total": df({ Int64($0.images.count) }, "system df: Images TOTAL"),
        "df.images.active": df({ Int64($0.images.filter { $0.containers > 0 }.count) }, "system df: Images ACTIVE"),
        "df.images.reclaimable": df(reclaimableImages, "system df: Images RECLAIMABLE"),
        "df.containers.total": df({ Int64($0.containers.count) }, "system df: Containers TOTAL"),
        "df.containers.active": df({ Int64($0.containers.filter(\.isRunning).count) }, "system df: Containers ACTIVE"),
        "df.containers.size": df({ $0.containers.reduce(0) { $0 + $1.sizeRw } }, "system df: Containers SIZE"),
        "df.containers.reclaimable": df(
            { $0.containers.filter { !$0.isRunning }.reduce(0) { $0 + $1.sizeRw } },
            "system df: Containers RECLAIMABLE"),
        "df.volumes.total": df({ Int64($0.volumes.count) }, "system df: Local Volumes TOTAL"),
        "df.volumes.active": df(
            { Int64($0.volumes.filter { $0.referenceCount > 0 }.count) }, "system df: Local Volumes ACTIVE"),
        "df.volumes.size": df({ $0.volumes.reduce(0) { $0 + $1.size } }, "system df: Local Volumes SIZE"),
        "df.volumes.reclaimable": df(
            { $0.volumes.filter { $0.referenceCount == 0 }.reduce(0) { $0 + $1.size } },
            "system df: Local Volumes RECLAIMABLE"),
        "volumes.count": Function(arity: 0...0, summary: "volumes listed by `volume ls`") { engine, _ in
            Double(engine.volumes.count)
        },
        "volume.size": Function(arity: 1...1, summary: "a volume's SIZE (system df -v)") {
            engine, args throws(EvaluationError) in
            Double(try volume(engine, args[0]).size)
        },
        "volume.links": Function(arity: 1...1, summary: "containers that use a volume (system df -v LINKS)") {
            engine, args throws(EvaluationError) in
            Double(try volume(engine, args[0]).referenceCount)
        },
        "images.count": Function(arity: 0...0, summary: "images listed by `images`") { engine, _ in
            Double(engine.listImages().count)
        },
        "images.dangling": Function(arity: 0...0, summary: "dangling images (<none>:<none>)") { engine, _ in
            Double(engine.images.keys.filter { engine.isDangling($0) }.count)
        },
        "layers.count": Function(arity: 0...0, summary: "read-only layers stored") { engine, _ in
            Double(engine.layers.layers.count)
        },
        "containers.count": Function(arity: 0...0, summary: "containers of any state") { engine, _ in
            Double(engine.containers.count)
        },
        "containers.running": Function(arity: 0...0, summary: "running containers") { engine, _ in
            Double(engine.containers.values.filter(\.isRunning).count)
        },
        "image.size": Function(arity: 1...1, summary: "an image's SIZE") { engine, args throws(EvaluationError) in
            Double(try image(engine, args[0]).size)
        },
        "image.shared": Function(arity: 1...1, summary: "an image's SHARED SIZE (system df -v)") {
            engine, args throws(EvaluationError) in
            Double(try summary(engine, args[0]).sharedSize)
        },
        "image.unique": Function(arity: 1...1, summary: "an image's UNIQUE SIZE (system df -v)") {
            engine, args throws(EvaluationError) in
            let found = try summary(engine, args[0])
            return Double(found.size - found.sharedSize)
        },
        "image.layers": Function(arity: 1...1, summary: "how many layers an image has") {
            engine, args throws(EvaluationError) in
            Double(engine.layers(of: try image(engine, args[0])).count)
        },
        "image.containers": Function(arity: 1...1, summary: "containers created from an image") {
            engine, args throws(EvaluationError) in
            Double(engine.containersUsing(try image(engine, args[0]).id).count)
        },
        "shared": Function(arity: 2...2, summary: "bytes of the layers two images both hold") {
            engine, args throws(EvaluationError) in
            let a = engine.layers(of: try image(engine, args[0]))
            let b = Set(engine.layers(of: try image(engine, args[1])).map(\.chainID))
            return Double(a.filter { b.contains($0.chainID) }.reduce(Int64(0)) { $0 + $1.diffSize })
        },
        "container.size": Function(arity: 1...1, summary: "a container's writable layer (ps -s SIZE)") {
            engine, args throws(EvaluationError) in
            Double(try container(engine, args[0]).sizeRw)
        },
        "container.virtual": Function(arity: 1...1, summary: "writable layer plus image (ps -s virtual)") {
            engine, args throws(EvaluationError) in
            let found = try container(engine, args[0])
            return Double(found.sizeRw + (engine.images[found.imageID]?.size ?? 0))
        },
        "container.exitcode": Function(arity: 1...1, summary: "a container's exit code") {
            engine, args throws(EvaluationError) in
            Double(try container(engine, args[0]).exitCode)
        },
        "container.changes": Function(arity: 1...1, summary: "lines `docker diff` prints") {
            engine, args throws(EvaluationError) in
            Double(try container(engine, args[0]).fs.changes().count)
        },
        "container.networks": Function(arity: 1...1, summary: "networks a container is connected to") {
            engine, args throws(EvaluationError) in
            Double(try container(engine, args[0]).endpoints.count)
        },
        "container.logs": Function(arity: 1...1, summary: "lines `docker logs` prints") {
            engine, args throws(EvaluationError) in
            Double(try container(engine, args[0]).logs.count)
        },
        "networks.count": Function(arity: 0...0, summary: "networks listed by `network ls`") { engine, _ in
            Double(engine.networks.count)
        },
    ]
}

/// Reads expressions: numbers written as people write them, sizes with units, named values.
struct ExpressionParser {
    let chars: [Character]
    let allowValues: Bool
    var index = 0
    /// The numbers read, as written.
    var literals: [Expression.Literal] = []

    init(_ chars: [Character], allowValues: Bool) {
        self.chars = chars
        self.allowValues = allowValues
    }

    mutating func parseAll() throws(ExpressionError) -> Expression {
        skipSpaces()
        guard index < chars.count else { throw ExpressionError("valor vacío", "empty value", offset: index) }
        var result = try parseTerm()
        var terms = 1
        while true {
            skipSpaces()
            guard index < chars.count else { return result }
            let op = chars[index]
            guard op == "+" || op == "-" else {
                throw ExpressionError("sobra '\(op)'", "unexpected '\(op)'", offset: index)
            }
            terms += 1
            // Each term nests the tree one level deeper: evaluating it must not outgrow the stack.
            guard terms <= Limits.standard.expressionTerms else {
                let limit = Limits.standard.expressionTerms
                throw ExpressionError(
                    "demasiados términos (más de \(limit))", "too many terms (more than \(limit))", offset: index)
            }
            index += 1
            skipSpaces()
            guard index < chars.count else {
                throw ExpressionError("falta un valor después de '\(op)'", "missing value after '\(op)'", offset: index)
            }
            let right = try parseTerm()
            result = op == "+" ? .sum(result, right) : .difference(result, right)
        }
    }

    mutating func skipSpaces() {
        while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
    }

    mutating func parseTerm() throws(ExpressionError) -> Expression {
        let c = chars[index]
        if c.isNumber || ((c == "." || c == ",") && index + 1 < chars.count && chars[index + 1].isNumber) {
            return .literal(try parseNumber())
        }
        if c.isLetter, allowValues { return try parseValue() }
        if c.isLetter {
            throw ExpressionError(
                "se esperaba un número y hay '\(word(from: index))'", "expected a number, found '\(word(from: index))'",
                offset: index)
        }
        throw ExpressionError("sobra '\(c)'", "unexpected '\(c)'", offset: index)
    }

    func word(from start: Int) -> String {
        var end = start
        while end < chars.count, !chars[end].isWhitespace { end += 1 }
        return String(chars[start..<end])
    }

    mutating func parseValue() throws(ExpressionError) -> Expression {
        let start = index
        while index < chars.count,
            chars[index].isLetter || chars[index].isNumber || chars[index] == "." || chars[index] == "_"
        {
            index += 1
        }
        let name = String(chars[start..<index])
        guard let function = StateValues.table[name] else {
            throw ExpressionError("valor desconocido '\(name)'", "unknown value '\(name)'", offset: start)
        }
        var arguments: [String] = []
        skipSpaces()
        if index < chars.count, chars[index] == "(" {
            index += 1
            var current = ""
            var closed = false
            while index < chars.count {
                let c = chars[index]
                index += 1
                if c == ")" {
                    closed = true
                    break
                }
                if c == "," {
                    arguments.append(current.lessonTrimmed)
                    current = ""
                } else {
                    current.append(c)
                }
            }
            guard closed else {
                throw ExpressionError(
                    "falta ')' tras los argumentos de \(name)", "missing ')' after the arguments of \(name)",
                    offset: index)
            }
            arguments.append(current.lessonTrimmed)
            if arguments == [""] { arguments = [] }
        }
        guard function.arity.contains(arguments.count) else {
            let wanted =
                function.arity.lowerBound == function.arity.upperBound
                ? "\(function.arity.lowerBound)" : "\(function.arity.lowerBound) to \(function.arity.upperBound)"
            throw ExpressionError(
                "\(name) lleva \(wanted) argumento(s), no \(arguments.count)",
                "\(name) takes \(wanted) argument(s), got \(arguments.count)", offset: start)
        }
        return .value(name: name, arguments: arguments)
    }

    /// `186,8`, `186.8`, `186 800 047`, `186.800.047`, `1,234.5`, then an optional unit.
    mutating func parseNumber() throws(ExpressionError) -> Double {
        let start = index
        var digits = ""
        while index < chars.count {
            let c = chars[index]
            if c.isNumber || c == "." || c == "," {
                digits.append(c)
                index += 1
            } else if c == " ", groupOfThreeFollows(index + 1), digits.last?.isNumber == true {
                index += 1
            } else {
                break
            }
        }
        guard let number = Self.number(digits), let precision = Self.precision(digits) else {
            throw ExpressionError("'\(digits)' no es un número", "'\(digits)' is not a number", offset: start)
        }
        let unitStart: Int = {
            var i = index
            while i < chars.count, chars[i] == " " { i += 1 }
            return i
        }()
        var end = unitStart
        while end < chars.count, chars[end].isLetter { end += 1 }
        guard end > unitStart else {
            literals.append(
                .init(
                    value: number, significant: precision.significant, decimals: precision.decimals, unit: nil,
                    factor: 1))
            return number
        }
        let unit = String(chars[unitStart..<end])
        guard let factor = Self.unitFactor(unit) else {
            throw ExpressionError("unidad desconocida '\(unit)'", "unknown unit '\(unit)'", offset: unitStart)
        }
        index = end
        literals.append(
            .init(
                value: number * factor, significant: precision.significant, decimals: precision.decimals, unit: unit,
                factor: factor))
        return number * factor
    }

    /// Significant digits and decimals of a number as written (after ``number(_:)`` accepted it).
    static func precision(_ text: String) -> (significant: Int, decimals: Int)? {
        guard number(text) != nil else { return nil }
        // The decimal separator is the one ``number(_:)`` chose: the last of two kinds, or a single one.
        let dots = text.filter { $0 == "." }.count
        let commas = text.filter { $0 == "," }.count
        var decimals = 0
        if (dots > 0 && commas > 0) || (dots + commas == 1) {
            if let last = text.lastIndex(where: { $0 == "." || $0 == "," }) {
                decimals = text[text.index(after: last)...].count
            }
        }
        let digits = text.filter(\.isNumber).drop { $0 == "0" }
        return (max(1, digits.count), decimals)
    }

    func groupOfThreeFollows(_ position: Int) -> Bool {
        guard position + 3 <= chars.count else { return false }
        for i in position..<position + 3 where !chars[i].isNumber { return false }
        return position + 3 == chars.count || !chars[position + 3].isNumber
    }

    static func number(_ text: String) -> Double? {
        let dots = text.filter { $0 == "." }.count
        let commas = text.filter { $0 == "," }.count
        var normalized: String
        if dots > 0 && commas > 0 {
            let decimal: Character =
                text.lastIndex(of: ".").map { dot in
                    text.lastIndex(of: ",").map { dot > $0 ? "." : "," } ?? "."
                } ?? ","
            let thousands: Character = decimal == "." ? "," : "."
            normalized = text.filter { $0 != thousands }
            normalized = normalized.map { $0 == decimal ? "." : String($0) }.joined()
            if normalized.filter({ $0 == "." }).count > 1 { return nil }
        } else if dots > 1 || commas > 1 {
            normalized = text.filter { $0 != "." && $0 != "," }
        } else {
            normalized = text.map { $0 == "," ? "." : String($0) }.joined()
        }
        return Double(normalized)
    }

    /// Units as people write them; case does not matter (`Mb` is read as MB).
    static func unitFactor(_ unit: String) -> Double? {
        switch unit.lowercased() {
        case "b", "byte", "bytes", "octetos", "o": 1
        case "k", "kb", "kilobytes": 1e3
        case "m", "mb", "megabytes": 1e6
        case "g", "gb", "gigabytes": 1e9
        case "t", "tb": 1e12
        case "kib": 1024
        case "mib": 1_048_576
        case "gib": 1_073_741_824
        case "tib": 1_099_511_627_776
        default: nil
        }
    }
}

extension String {
    /// The text without surrounding spaces, tabs and newlines.
    var lessonTrimmed: String { self[...].lessonTrimmed }
}

extension Substring {
    /// The text without surrounding spaces, tabs and newlines.
    var lessonTrimmed: String {
        // Most lines are ASCII at both ends: spaces, tabs and newlines are dropped as bytes.
        // Where an end is not ASCII (`¿`, a no-break space, a combining mark after a space) the
        // characters are read, as the rule is about characters.
        if let trimmed = asciiTrimmed { return trimmed }
        var text = self
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }

    /// ``lessonTrimmed`` when what it keeps starts and ends with ASCII bytes (then each space,
    /// tab or line break cut is one character of its own), else nil.
    var asciiTrimmed: String? {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        guard start < end else { return "" }
        guard bytes[start] < 0x80 else { return nil }
        var last = bytes.index(before: end)
        while isSpace(bytes[last]) {
            end = last
            last = bytes.index(before: last)
        }
        guard bytes[last] < 0x80 else { return nil }
        return String(self[start..<end])
    }
}
