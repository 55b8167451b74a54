/// The part of Redis the course's applications use: strings and lists in database 0, the
/// commands that read and change them, and the append-only file (RESP, Redis 7's multi-part AOF:
/// `appendonlydir/appendonly.aof.1.incr.aof`) that makes them outlive the container when it runs
/// with `--appendonly yes`. Texts: redis/src/server.c, t_list.c, t_string.c (7.2).
public struct RedisDataset: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case string(String)
        case list([String])
    }

    public var keys: [String: Value] = [:]

    public init() {}

    /// What a command answers, and whether it changed the data (so it goes to the AOF).
    public mutating func execute(_ arguments: [String]) -> (reply: RedisReply, wrote: Bool) {
        guard let name = arguments.first?.uppercased() else { return (.error("ERR unknown command ''"), false) }
        let args = Array(arguments.dropFirst())
        func arity() -> RedisReply { .error("ERR wrong number of arguments for '\(name.lowercased())' command") }
        let wrongType = RedisReply.error("WRONGTYPE Operation against a key holding the wrong kind of value")
        switch name {
        case "PING":
            if args.count > 1 { return (arity(), false) }
            return (args.first.map { .bulk($0) } ?? .status("PONG"), false)
        case "GET":
            guard args.count == 1 else { return (arity(), false) }
            switch keys[args[0]] {
            case nil: return (.bulk(nil), false)
            case .string(let text)?: return (.bulk(text), false)
            case .list?: return (wrongType, false)
            }
        case "SET":
            guard args.count == 2 else { return (arity(), false) }
            keys[args[0]] = .string(args[1])
            return (.status("OK"), true)
        case "INCR":
            guard args.count == 1 else { return (arity(), false) }
            var number = 0
            switch keys[args[0]] {
            case nil: break
            case .string(let text)?:
                guard let value = Int(text) else {
                    return (.error("ERR value is not an integer or out of range"), false)
                }
                number = value
            case .list?: return (wrongType, false)
            }
            keys[args[0]] = .string(String(number + 1))
            return (.integer(number + 1), true)
        case "DEL", "EXISTS":
            guard !args.isEmpty else { return (arity(), false) }
            let found = args.filter { keys[$0] != nil }.count
            if name == "DEL" { for key in args { keys[key] = nil } }
            return (.integer(found), name == "DEL" && found > 0)
        case "LPUSH", "RPUSH":
            guard args.count >= 2 else { return (arity(), false) }
            var list: [String]
            switch keys[args[0]] {
            case nil: list = []
            case .list(let items)?: list = items
            case .string?: return (wrongType, false)
            }
            for value in args.dropFirst() {
                if name == "LPUSH" { list.insert(value, at: 0) } else { list.append(value) }
            }
            keys[args[0]] = .list(list)
            return (.integer(list.count), true)
        case "LLEN":
            guard args.count == 1 else { return (arity(), false) }
            switch keys[args[0]] {
            case nil: return (.integer(0), false)
            case .list(let items)?: return (.integer(items.count), false)
            case .string?: return (wrongType, false)
            }
        case "LRANGE":
            guard args.count == 3 else { return (arity(), false) }
            guard var start = Int(args[1]), var stop = Int(args[2]) else {
                return (.error("ERR value is not an integer or out of range"), false)
            }
            let items: [String]
            switch keys[args[0]] {
            case nil: items = []
            case .list(let list)?: items = list
            case .string?: return (wrongType, false)
            }
            let count = items.count
            if start < 0 { start = max(0, count + start) }
            if stop < 0 { stop = count + stop }
            if stop >= count { stop = count - 1 }
            guard start <= stop, start < count else { return (.array([]), false) }
            return (.array(items[start...stop].map { .bulk($0) }), false)
        case "KEYS":
            guard args.count == 1 else { return (arity(), false) }
            let all = args[0] == "*" ? Array(keys.keys) : keys.keys.filter { $0 == args[0] }
            return (.array(all.sorted().map { .bulk($0) }), false)
        default:
            let shown = args.prefix(8).map { "'\($0)' " }.joined()
            return (
                .error("ERR unknown command '\(arguments[0])', with args beginning with: \(shown)"), false
            )
        }
    }

    /// The data an append-only file's commands leave (a `SELECT` is skipped).
    public static func replay(_ aof: [UInt8]) -> RedisDataset {
        var dataset = RedisDataset()
        for command in RedisReply.commands(in: aof) where command.first?.uppercased() != "SELECT" {
            _ = dataset.execute(command)
        }
        return dataset
    }
}

/// A Redis reply (RESP2).
public indirect enum RedisReply: Sendable, Equatable {
    case status(String)
    case error(String)
    case integer(Int)
    case bulk(String?)
    case array([RedisReply])

    /// A command as a client sends it (and as the AOF keeps it): an array of bulk strings.
    public static func encode(_ command: [String]) -> [UInt8] {
        var out = "*\(command.count)\r\n"
        for word in command { out += "$\(word.utf8.count)\r\n\(word)\r\n" }
        return Array(out.utf8)
    }

    /// The commands of a RESP stream (an AOF), as far as they are whole.
    public static func commands(in bytes: [UInt8]) -> [[String]] {
        var commands: [[String]] = []
        var index = 0
        func line() -> String? {
            var end = index
            while end + 1 < bytes.count, !(bytes[end] == 0x0D && bytes[end + 1] == 0x0A) { end += 1 }
            guard end + 1 < bytes.count else { return nil }
            let text = String(decoding: bytes[index..<end], as: UTF8.self)
            index = end + 2
            return text
        }
        while index < bytes.count {
            guard let head = line(), head.hasPrefix("*"), let count = Int(head.dropFirst()) else { break }
            var command: [String] = []
            for _ in 0..<max(0, count) {
                guard let size = line(), size.hasPrefix("$"), let length = Int(size.dropFirst()), length >= 0,
                    index + length + 2 <= bytes.count
                else { return commands }
                command.append(String(decoding: bytes[index..<index + length], as: UTF8.self))
                index += length + 2
            }
            commands.append(command)
        }
        return commands
    }
}

/// Where a Redis server keeps its data: memory only, or also an append-only file in `dir`.
public struct RedisPersistence: Sendable, Equatable {
    public var appendOnly: Bool
    public var dir: String

    public init(appendOnly: Bool, dir: String) {
        self.appendOnly = appendOnly
        self.dir = dir
    }

    /// From the server's command line (`redis-server --appendonly yes [--dir /data]`), the data
    /// folder of its catalog entry being the default `dir`.
    public static func of(arguments: [String], dataFolder: String) -> RedisPersistence {
        var appendOnly = false
        var dir = dataFolder
        var index = 0
        while index + 1 < arguments.count {
            switch arguments[index].lowercased() {
            case "--appendonly": appendOnly = arguments[index + 1].lowercased() == "yes"
            case "--dir": dir = arguments[index + 1]
            default: break
            }
            index += 1
        }
        return RedisPersistence(appendOnly: appendOnly, dir: dir)
    }
}
