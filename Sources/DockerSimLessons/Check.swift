import DockerSimCore
import DockerSimShell

/// A task checked on the simulator's state, as written in a lesson (`check: image-present ubuntu`).
public struct Check: Sendable {
    public var source: String
    public var condition: Condition
    public var location: SourceLocation
    /// What the task asks for, in words (`says.es:` / `says.en:`); empty: generated from the check.
    public var says = Localized()

    public init(source: String, condition: Condition, location: SourceLocation, says: Localized = Localized()) {
        self.source = source
        self.condition = condition
        self.location = location
        self.says = says
    }

    /// Whether the task holds on this state.
    public func holds(_ engine: Engine) -> Bool { condition.holds(engine) }
}

/// Comparison operators of `compare`, `container-size`, `image-size` and `df`.
public enum Comparison: String, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    func test(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        }
    }
}

/// A condition over the state; conditions combine with `not` and `or` (and several `check:`
/// lines of a step must all hold).
public indirect enum Condition: Sendable {
    case predicate(name: String, arguments: [String])
    case compare(Expression, Comparison, Expression)
    case not(Condition)
    case any([Condition])

    /// Check names and their arguments, for the documentation and `lesson lint`.
    public static let predicates: [String: (arity: ClosedRange<Int>, usage: String)] = [
        "image-present": (1...1, "image-present REF"),
        "image-absent": (1...1, "image-absent REF"),
        "share-layer": (2...2, "share-layer REF REF"),
        "network-exists": (1...1, "network-exists NET"),
        "network-absent": (1...1, "network-absent NET"),
        "volume-exists": (1...1, "volume-exists VOLUME"),
        "volume-absent": (1...1, "volume-absent VOLUME"),
        "container-on-network": (2...2, "container-on-network NAME NET"),
        "container-env": (2...2, "container-env NAME VAR[=VALUE]"),
        "container-exists": (1...1, "container-exists NAME"),
        "container-absent": (1...1, "container-absent NAME"),
        "container-running": (1...1, "container-running NAME"),
        "container-created": (1...1, "container-created NAME"),
        "container-exited": (1...2, "container-exited NAME [CODE]"),
        "container-of": (2...2, "container-of NAME REF"),
        "path-added": (2...2, "path-added NAME PATH"),
        "path-changed": (2...2, "path-changed NAME PATH"),
        "path-deleted": (2...2, "path-deleted NAME PATH"),
        "no-change": (2...2, "no-change NAME PATH"),
        "volume-file": (2...2, "volume-file VOLUME PATH"),
        "host-file": (1...1, "host-file PATH"),
        "mounted": (2...3, "mounted NAME PATH [volume|bind|tmpfs]"),
        "web-shows": (2...2, "web-shows PORT TEXT"),
    ]

    /// Sugar that becomes a comparison: `container-size NAME OP SIZE`, `image-size REF OP SIZE`,
    /// `df FIGURE OP VALUE`, `compare EXPR OP EXPR`.
    public static let comparisons = ["compare", "container-size", "image-size", "df"]

    public func holds(_ engine: Engine) -> Bool {
        switch self {
        case .not(let inner): return !inner.holds(engine)
        case .any(let list): return list.contains { $0.holds(engine) }
        case .compare(let a, let op, let b):
            do {
                return op.test(try a.evaluate(engine), try b.evaluate(engine))
            } catch {
                return false
            }
        case .predicate(let name, let args):
            return Self.predicate(name, args, engine)
        }
    }

    static func predicate(_ name: String, _ args: [String], _ engine: Engine) -> Bool {
        func image(_ text: String) -> Image? { try? engine.findImage(text) }
        func container(_ text: String) -> Container? { try? engine.findContainer(text) }
        func change(_ kind: Change.Kind?) -> Bool {
            guard let found = container(args[0]) else { return false }
            let match = found.fs.changes().first { $0.path == args[1] }
            return match?.kind == kind
        }
        switch name {
        case "image-present": return image(args[0]) != nil
        case "image-absent": return image(args[0]) == nil
        case "share-layer":
            guard let a = image(args[0]), let b = image(args[1]) else { return false }
            let lower = Set(engine.layers(of: b).map(\.chainID))
            return engine.layers(of: a).contains { lower.contains($0.chainID) }
        case "network-exists": return (try? engine.findNetwork(args[0])) != nil
        case "network-absent": return (try? engine.findNetwork(args[0])) == nil
        case "volume-exists": return engine.volumes[args[0]] != nil
        case "volume-absent": return engine.volumes[args[0]] == nil
        case "container-on-network":
            guard let found = container(args[0]), let network = try? engine.findNetwork(args[1]) else { return false }
            return found.endpoints.contains { $0.networkID == network.id }
        case "container-env":
            guard let found = container(args[0]) else { return false }
            // `VAR=VALUE` must be set to that value; `VAR` only set (to anything).
            if args[1].contains("=") { return found.config.env.contains(args[1]) }
            return found.config.env.contains { $0 == args[1] || $0.hasPrefix(args[1] + "=") }
        case "container-exists": return container(args[0]) != nil
        case "container-absent": return container(args[0]) == nil
        case "container-running": return container(args[0])?.isRunning == true
        case "container-created": return container(args[0])?.status == .created
        case "container-exited":
            guard let found = container(args[0]), found.status == .exited else { return false }
            if args.count == 2 { return Int32(args[1]) == found.exitCode }
            return true
        case "container-of":
            guard let found = container(args[0]), let wanted = image(args[1]) else { return false }
            return found.imageID == wanted.id
        case "path-added": return change(.added)
        case "path-changed": return change(.changed)
        case "path-deleted": return change(.deleted)
        case "no-change": return container(args[0]) != nil && change(nil)
        case "volume-file":
            // A path inside the volume (`/index.html` is `_data/index.html`).
            return engine.volumes[args[0]]?.data.node(at: FilePath.normalize(args[1])) != nil
        case "host-file":
            return engine.host.lookup(FilePath.normalize(args[0], cwd: engine.hostCwd)) != nil
        case "mounted":
            guard let found = container(args[0]) else { return false }
            let destination = FilePath.string(FilePath.normalize(args[1]))
            return found.mountPoints.contains { point in
                point.destination == destination && (args.count == 2 || point.type.rawValue == args[2])
            }
        case "web-shows":
            guard let port = Int(args[0]), let page = NetworkTools.page(atHostPort: port, engine: engine) else {
                return false
            }
            return page.contains(args[1])
        default: return false
        }
    }

    /// Parses a check. Errors carry the 0-based column within `text`.
    public static func parse(_ text: String) throws(ExpressionError) -> Condition {
        let words = Words.split(text)
        guard !words.isEmpty else { throw ExpressionError("comprobación vacía", "empty check", offset: 0) }
        var parts: [[Words.Word]] = [[]]
        for word in words {
            if word.text == "or" {
                parts.append([])
            } else {
                parts[parts.count - 1].append(word)
            }
        }
        var conditions: [Condition] = []
        for part in parts {
            conditions.append(try parseSingle(part, in: text, end: text.count))
        }
        return conditions.count == 1 ? conditions[0] : .any(conditions)
    }

    static func parseSingle(_ words: [Words.Word], in text: String, end: Int) throws(ExpressionError) -> Condition {
        // `not not … X`: the nots are counted, not nested (a line of them cannot outgrow the stack).
        let nots = words.prefix { $0.text == "not" }.count
        if nots > 0 {
            let inner = try parseSingle(Array(words.dropFirst(nots)), in: text, end: end)
            return nots % 2 == 1 ? .not(inner) : inner
        }
        guard let first = words.first else {
            throw ExpressionError(
                "falta una comprobación junto a 'or'", "missing check around 'or'", offset: end)
        }
        let name = first.text
        let rest = Array(words.dropFirst())
        if comparisons.contains(name) {
            return try parseComparison(name, first, rest, in: text)
        }
        guard let spec = predicates[name] else {
            let known = (predicates.keys.sorted() + comparisons).joined(separator: ", ")
            throw ExpressionError(
                "comprobación desconocida '\(name)' (se conocen: \(known))",
                "unknown check '\(name)' (known: \(known))",
                offset: first.offset)
        }
        guard spec.arity.contains(rest.count) else {
            let low = spec.arity.lowerBound
            let high = spec.arity.upperBound
            throw ExpressionError(
                "\(name) lleva \(low == high ? "\(low)" : "\(low) o \(high)") argumento(s): \(spec.usage)",
                "\(name) takes \(low == high ? "\(low)" : "\(low) or \(high)") argument(s): \(spec.usage)",
                offset: first.offset)
        }
        if name == "container-exited", rest.count == 2, Int32(rest[1].text) == nil {
            throw ExpressionError(
                "el código de salida '\(rest[1].text)' no es un número", "exit code '\(rest[1].text)' is not a number",
                offset: rest[1].offset)
        }
        return .predicate(name: name, arguments: rest.map(\.text))
    }

    static func parseComparison(
        _ name: String, _ first: Words.Word, _ rest: [Words.Word], in text: String
    ) throws(ExpressionError) -> Condition {
        guard let opIndex = rest.firstIndex(where: { Comparison(rawValue: $0.text == "==" ? "=" : $0.text) != nil }),
            let op = Comparison(rawValue: rest[opIndex].text == "==" ? "=" : rest[opIndex].text)
        else {
            throw ExpressionError(
                "\(name) necesita un operador (=, !=, <, <=, >, >=) entre espacios",
                "\(name) needs an operator (=, !=, <, <=, >, >=) between spaces", offset: first.offset)
        }
        let chars = Array(text)
        func source(_ slice: ArraySlice<Words.Word>) throws(ExpressionError) -> (String, Int) {
            guard let a = slice.first, let b = slice.last else {
                throw ExpressionError(
                    "falta un valor junto a '\(op.rawValue)'", "missing value around '\(op.rawValue)'",
                    offset: rest[opIndex].offset)
            }
            return (String(chars[a.offset..<(b.offset + b.text.count)]), a.offset)
        }
        let (leftText, leftOffset) = try source(rest[..<opIndex])
        let (rightText, rightOffset) = try source(rest[(opIndex + 1)...])
        func expression(_ text: String, _ offset: Int) throws(ExpressionError) -> Expression {
            do {
                return try Expression.parse(text)
            } catch {
                throw ExpressionError(text: error.text, offset: offset + error.offset)
            }
        }
        let right = try expression(rightText, rightOffset)
        let left: Expression
        switch name {
        case "container-size":
            guard opIndex == 1 else {
                throw ExpressionError(
                    "uso: container-size NOMBRE OP TAMAÑO", "usage: container-size NAME OP SIZE", offset: first.offset)
            }
            left = .value(name: "container.size", arguments: [leftText])
        case "image-size":
            guard opIndex == 1 else {
                throw ExpressionError(
                    "uso: image-size REF OP TAMAÑO", "usage: image-size REF OP SIZE", offset: first.offset)
            }
            left = .value(name: "image.size", arguments: [leftText])
        case "df":
            let figure = "df." + leftText
            guard StateValues.table[figure] != nil else {
                let known = StateValues.table.keys.filter { $0.hasPrefix("df.") }.map { String($0.dropFirst(3)) }
                    .sorted()
                let list = known.joined(separator: ", ")
                throw ExpressionError(
                    "cifra de system df desconocida '\(leftText)' (se conocen: \(list))",
                    "unknown system df figure '\(leftText)' (known: \(list))", offset: leftOffset)
            }
            left = .value(name: figure, arguments: [])
        default:
            left = try expression(leftText, leftOffset)
        }
        return .compare(left, op, right)
    }
}

/// Splits on spaces, keeping each word's 0-based offset.
enum Words {
    struct Word {
        var text: String
        var offset: Int
    }

    static func split(_ text: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var start = 0
        for (offset, c) in text.enumerated() {
            if c == " " || c == "\t" {
                if !current.isEmpty { words.append(Word(text: current, offset: start)) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(Word(text: current, offset: start)) }
        return words
    }
}
