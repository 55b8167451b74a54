import DockerSimCore

/// A small, fast, repeatable random generator (SplitMix64): the same seed gives the same inputs
/// on every machine, so a failure found in CI can be replayed from its seed.
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    /// The engine's own SplitMix64 generator (the one `--seed` drives).
    var generator: SeededGenerator

    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    public mutating func next() -> UInt64 { generator.next() }

    /// A number in `0..<bound` (0 when `bound` is 0).
    public mutating func below(_ bound: Int) -> Int {
        bound <= 0 ? 0 : Int(next() % UInt64(bound))
    }

    /// True with probability `1/n`.
    public mutating func oneIn(_ n: Int) -> Bool { below(n) == 0 }
}

/// Turns real inputs into strange ones: byte flips, cuts, splices, dictionary words (docker flags,
/// shell operators, host paths, escapes), long runs, and invalid UTF-8.
public struct Mutator: Sendable {
    /// Words worth inserting: they reach deep paths sooner than random bytes do.
    public var dictionary: [[UInt8]]

    public init(extraWords: [String] = []) {
        dictionary = (Self.words + extraWords).map { Array($0.utf8) } + Self.invalidUTF8
    }

    static let words: [String] = [
        " ", "\t", "\n", "\r\n", "\"", "'", "\\", "$", "$(", ")", "`", "${", "}", ";", "&&", "||", "|", ">", ">>", "<",
        "&", "#", "*", "?", "[", "]", "{{", "}}", "{{json .}}", "{{range .}}", "{{end}}", "{{.ID}}", "-", "--", "-a",
        "-f",
        "-it", "-d", "-q", "-s", "-v", "--rm", "--name", "--format", "--filter", "--help", "=", "..", "../",
        "../../etc/passwd",
        "/etc/passwd", "/", "/root", "~", "~/", "/home/usuario", "/tmp", ".", "./", "docker", "run", "rm", "rmi",
        "start",
        "stop", "kill", "pull", "images", "ps", "exec", "cp", "commit", "tag", "rename", "attach", "logs", "inspect",
        "diff",
        "history", "prune", "system", "df", "container", "image", "ubuntu", "ubuntu:22.04", "debian:stable-slim",
        "josedom24/servidorweb:v1", "hello-world", "web", "c1", "sha256:", "bash", "-c", "while true; do", "done", "do",
        "sleep 1", "sleep 0", "echo", "cat", "ls -l", "mkdir -p", "touch", "cp -r", "mv", "rm -rf /", "exit",
        "for i in 1 2 3",
        "if true; then", "fi", "else", "until false", "record start", "record stop", "lesson start", "lesson save",
        "check",
        "hint", "answer", "$ ", "| ", "> ", "? ", "? 1", "```console", "```", "<!-- sleep 5 -->",
        "<!-- $ docker pull ubuntu -->",
        "<!-- deviation: x -->", "---", "clock: ", "seed: ", "[CID]", "[..]", "...", "root@[CID]:/# ", "## step ",
        "id: ",
        "check: ", "expect: ", "setup: ", "solution: ", "lesson: ", "student: ", "\u{0}", "\u{7f}", "\u{1b}[2J", "é",
        "ñ",
        "€", "𝄞", "\u{301}", "\u{200b}", "\u{feff}", "0", "-1", "18446744073709551616", "1e308", "nan", "9999999999",
        // Mounts and volumes: `-v`'s colons and modes, `--mount`'s CSV fields, the volume commands.
        "-v /datos", "vol:/datos", "/home/usuario/web:/web", ":ro", ":rw,z", ":nocopy", "--mount", "type=volume,",
        "type=bind,", "type=tmpfs,", "src=", "dst=", "target=", "readonly", "volume-nocopy", "volume-opt=",
        "bind-propagation=rshared", "tmpfs-size=", "--tmpfs", "--volumes-from", "--read-only", "volume create",
        "volume rm", "volume prune -a", "volume ls", "--rm -v", "rm -v", "system df -v",
    ]

    static let invalidUTF8: [[UInt8]] = [
        [0xFF], [0xFE, 0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80],
        [0xF0, 0x9F, 0x98],
    ]

    /// One mutation of `input`, sometimes spliced with `other`.
    public func mutate(_ input: [UInt8], other: [UInt8], random: inout FuzzRandom, maxLength: Int) -> [UInt8] {
        var bytes = input
        let rounds = 1 + random.below(4)
        for _ in 0..<rounds {
            switch random.below(11) {
            case 0 where !bytes.isEmpty:  // flip a bit
                let i = random.below(bytes.count)
                bytes[i] ^= UInt8(1 << random.below(8))
            case 1:  // a random byte
                bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(bytes.count + 1))
            case 2 where !bytes.isEmpty:  // cut a range
                let start = random.below(bytes.count)
                let end = min(bytes.count, start + 1 + random.below(16))
                bytes.removeSubrange(start..<end)
            case 3 where !bytes.isEmpty:  // duplicate a range
                let start = random.below(bytes.count)
                let end = min(bytes.count, start + 1 + random.below(32))
                bytes.insert(contentsOf: bytes[start..<end], at: random.below(bytes.count + 1))
            case 4, 5:  // a dictionary word
                let word = dictionary[random.below(dictionary.count)]
                bytes.insert(contentsOf: word, at: random.below(bytes.count + 1))
            case 6 where !other.isEmpty:  // splice with another input
                let cut = random.below(bytes.count + 1)
                let from = random.below(other.count)
                bytes = Array(bytes[..<cut]) + Array(other[from...])
            case 7 where !bytes.isEmpty:  // truncate (a file cut by a crash)
                bytes.removeLast(random.below(bytes.count))
            case 8:  // a long run
                let byte = [
                    UInt8(ascii: "a"), UInt8(ascii: "/"), UInt8(ascii: "$"), UInt8(ascii: "("), UInt8(ascii: "'"), 0xFF,
                ][random.below(6)]
                bytes.insert(
                    contentsOf: [UInt8](repeating: byte, count: 1 + random.below(300)),
                    at: random.below(bytes.count + 1))
            case 9:  // replace a digit run by an extreme number
                let numbers = ["0", "-1", "99999999999", "4294967296", "1e9", "0.0000001", "18446744073709551615"]
                bytes.insert(
                    contentsOf: Array(numbers[random.below(numbers.count)].utf8), at: random.below(bytes.count + 1))
            default:  // random bytes
                for _ in 0..<(1 + random.below(8)) {
                    bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(bytes.count + 1))
                }
            }
        }
        if bytes.count > maxLength { bytes.removeLast(bytes.count - maxLength) }
        return bytes
    }

    /// Bytes with no seed at all (random, biased to printable text and line ends).
    public func randomBytes(random: inout FuzzRandom, maxLength: Int) -> [UInt8] {
        let count = random.below(maxLength + 1)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            switch random.below(4) {
            case 0: bytes.append(UInt8(truncatingIfNeeded: random.next()))
            case 1: bytes += dictionary[random.below(dictionary.count)]
            default: bytes.append(UInt8(32 + random.below(95)))
            }
        }
        return bytes
    }
}
