/// What a program of an image does when a container runs it: the part of the Hub catalog that
/// says how an image behaves (a `program` block of a layer file, see `Hub/README.md`).
///
/// The block belongs to the layer that installs the program, so an image made from that image
/// (`docker commit`, a build `FROM` it) behaves the same.
public struct ProgramSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The simulator's shell (bash, dash, ash): `-c SCRIPT`, an interactive shell with `-i`,
        /// and with no terminal and no input it ends at once with status 0.
        case shell
        /// Prints its output and ends with this status (hello-world's `/hello`).
        case exit(Int32)
        /// Prints its output and runs until it is stopped (a web server, a database).
        case service
    }

    /// One line (or block) of output, with `{ip}`, `{hostname}` and `{env:NAME}` placeholders.
    public struct Output: Sendable, Equatable {
        public var stream: LogEntry.Stream
        public var text: String
    }

    public var kind: Kind
    /// What it prints when it starts, in order.
    public var output: [Output]

    public init(kind: Kind, output: [Output] = []) {
        self.kind = kind
        self.output = output
    }

    /// The values the placeholders of an output line take.
    public struct Context: Sendable {
        public var ip: String
        public var hostname: String
        public var env: [String]

        public init(ip: String, hostname: String, env: [String]) {
            self.ip = ip
            self.hostname = hostname
            self.env = env
        }
    }

    /// The output with its placeholders filled in, one chunk per line or block.
    public func rendered(_ context: Context) -> [Output] {
        output.map { Output(stream: $0.stream, text: Self.fill($0.text, context)) }
    }

    /// Replaces `{ip}`, `{hostname}` and `{env:NAME}`; other braces are kept as they are.
    static func fill(_ text: String, _ context: Context) -> String {
        guard text.utf8.contains(0x7B) else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = rest[rest.index(after: open)..<close]
            if name == "ip" {
                result += context.ip
            } else if name == "hostname" {
                result += context.hostname
            } else if name.hasPrefix("env:") {
                let key = name.dropFirst(4) + "="
                result += context.env.last(where: { $0.hasPrefix(key) }).map { String($0.dropFirst(key.count)) } ?? ""
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

extension ProgramSpec {
    /// Parses the block that starts with `line` (`program PATH KIND`) and its indented lines;
    /// returns the path and the spec.
    static func parse(
        header: CatalogLines.Line, lines: inout CatalogLines, file: CatalogFile
    ) throws(CatalogError) -> (path: String, spec: ProgramSpec, next: CatalogLines.Line?) {
        let words = header.text.words
        guard words.count >= 3, words[1].first == 0x2F else {
            throw file.error(header.number, "a program is `program /PATH KIND` (KIND: shell, exit N, service)")
        }
        let path = words[1].string
        var spec: ProgramSpec
        switch words[2].string {
        case "shell" where words.count == 3: spec = ProgramSpec(kind: .shell)
        case "service" where words.count == 3: spec = ProgramSpec(kind: .service)
        case "exit" where words.count == 4:
            guard let status = words[3].decimal, status < 256 else {
                throw file.error(header.number, "`exit` wants a status from 0 to 255")
            }
            spec = ProgramSpec(kind: .exit(Int32(status)))
        default:
            throw file.error(
                header.number,
                "unknown program kind '\(words[2...].map(\.string).joined(separator: " "))' (shell, exit N, service)")
        }
        var block: (stream: LogEntry.Stream, text: String, line: Int)?
        func flush() {
            if let open = block { spec.output.append(Output(stream: open.stream, text: open.text)) }
            block = nil
        }
        while let line = lines.next() {
            if line.text.isEmpty || !line.isIndented {
                if line.isBlankOrComment && !line.text.isEmpty { continue }
                flush()
                return (path, spec, line)
            }
            let body = line.body
            if body.first == 0x7C {  // `|`: a line of the open block
                guard block != nil else {
                    throw file.error(line.number, "a `|` line needs `stdout` or `stderr` above it")
                }
                guard body.count == 1 || body[body.startIndex + 1] == 0x20 else {
                    throw file.error(line.number, "a text line is `| TEXT` (or `|` alone for an empty line)")
                }
                block?.text += (body.count == 1 ? "" : body.dropFirst(2).string) + "\n"
                continue
            }
            if body.first == 0x23 { continue }
            flush()
            let (word, rest) = body.splitWord
            let stream: LogEntry.Stream
            if word.equals("stdout") {
                stream = .stdout
            } else if word.equals("stderr") {
                stream = .stderr
            } else {
                throw file.error(line.number, "unknown line '\(word.string)' in a program (stdout, stderr)")
            }
            if rest.isEmpty {
                block = (stream, "", line.number)
            } else {
                spec.output.append(Output(stream: stream, text: rest.string + "\n"))
            }
        }
        flush()
        return (path, spec, nil)
    }
}
