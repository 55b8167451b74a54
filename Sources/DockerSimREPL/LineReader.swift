import DockerSimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor (scripted mode's standard input) with a cap on what one
/// line may hold **before it is buffered**: an endless line without a newline (`yes | tr -d
/// '\n' | dockersim`) costs at most the cap in memory; the rest of it is read and dropped, and
/// the line is reported as too long instead of being run (RELIABILITY.md, "Bounded memory").
///
/// ```swift
/// var reader = LineReader(fd: STDIN_FILENO, maxBytes: 4 * limits.lineLength)
/// while true {
///     switch reader.next() {
///     case .line(let text): …
///     case .tooLong(let bytes): print(limits.lineTooLong(bytes))
///     case .end: return
///     }
/// }
/// ```
public struct LineReader {
    /// What ``next()`` read.
    public enum Item: Equatable, Sendable {
        /// A line, without its `\n` (or `\r\n`); invalid UTF-8 is replaced (U+FFFD), as `readLine`.
        case line(String)
        /// A line of more than the cap's bytes, dropped: how many bytes it had.
        case tooLong(bytes: Int)
        /// End of input.
        case end
    }

    let fd: Int32
    /// The most bytes one line may hold.
    public let maxBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    public init(fd: Int32, maxBytes: Int) {
        self.fd = fd
        self.maxBytes = maxBytes
    }

    /// The next line, a line too long (dropped), or the end of input.
    public mutating func next() -> Item {
        var dropped = 0  // bytes of a too-long line read and thrown away so far
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                let length = newline - start
                defer { start = newline + 1 }
                if dropped > 0 || length > maxBytes { return .tooLong(bytes: dropped + length) }
                var end = newline
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                return .line(String(decoding: buffer[start..<end], as: UTF8.self))
            }
            // No newline yet: a line already past the cap is dropped as it comes.
            if buffer.count - start > maxBytes {
                dropped += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            if ended {
                defer {
                    buffer.removeAll()
                    start = 0
                }
                let rest = buffer.count - start
                if dropped > 0 { return .tooLong(bytes: dropped + rest) }
                if rest == 0 { return .end }
                return .line(String(decoding: buffer[start...], as: UTF8.self))
            }
            if start > 0 && start >= buffer.count / 2 {
                buffer.removeFirst(start)
                start = 0
            }
            fill()
        }
    }

    /// Reads what is there (up to 64 KiB) onto the buffer; notes the end of input.
    private mutating func fill() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = SafeFile.read(fd, into: &chunk)
        if count <= 0 {
            ended = true
            return
        }
        buffer.append(contentsOf: chunk[0..<count])
    }
}
