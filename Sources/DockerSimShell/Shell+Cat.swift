import DockerSimCore

// Sources: coreutils 9.1 src/cat.c (GNU: options `benstuvAET` and their long names), BusyBox
// coreutils/cat.c (`-nbvteA`; numbers as `nl -w6 -s'\t'`, the same text as GNU's).

/// What `cat`'s options ask of the bytes it copies (all off: the bytes as they are).
struct CatFormat: Equatable {
    /// `-n`: every line numbered.
    var number = false
    /// `-b`: non-empty lines numbered (wins over `-n`).
    var numberNonblank = false
    /// `-s`: runs of empty lines squeezed into one.
    var squeeze = false
    /// `-E`: `$` at the end of each line.
    var showEnds = false
    /// `-T`: a tab shown as `^I`.
    var showTabs = false
    /// `-v`: control bytes as `^X`, DEL as `^?`, bytes from 128 as `M-` and the byte below.
    var showNonprinting = false

    /// Whether the bytes are copied as they are.
    var isPlain: Bool { self == CatFormat() }

    /// What carries from one file to the next: GNU `cat -n a b` numbers on across the files.
    struct State {
        var line = 0
        var atLineStart = true
        /// Empty lines just written (for `-s`).
        var emptyLines = 0
    }

    /// `bytes` formatted, `state` carried on.
    func apply(_ bytes: [UInt8], state: inout State) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8 + 8)
        for byte in bytes {
            if state.atLineStart {
                if byte == 0x0A {
                    state.emptyLines += 1
                    if squeeze, state.emptyLines > 1 { continue }
                    if number && !numberNonblank { writeNumber(&state, into: &out) }
                    if showEnds { out.append(0x24) }
                    out.append(0x0A)
                    continue
                }
                state.emptyLines = 0
                if number || numberNonblank { writeNumber(&state, into: &out) }
                state.atLineStart = false
            }
            if byte == 0x0A {
                if showEnds { out.append(0x24) }
                out.append(0x0A)
                state.atLineStart = true
                state.emptyLines = 0
                continue
            }
            write(byte, into: &out)
        }
        return out
    }

    private func writeNumber(_ state: inout State, into out: inout [UInt8]) {
        state.line += 1
        let digits = Array(String(state.line).utf8)
        if digits.count < 6 { out.append(contentsOf: repeatElement(0x20, count: 6 - digits.count)) }
        out.append(contentsOf: digits)
        out.append(0x09)
    }

    /// One byte that is not a newline, as cat.c's loop writes it.
    private func write(_ byte: UInt8, into out: inout [UInt8]) {
        if byte == 0x09 {
            if showTabs { out.append(contentsOf: [0x5E, 0x49]) } else { out.append(0x09) }
            return
        }
        guard showNonprinting else {
            out.append(byte)
            return
        }
        var low = byte
        if byte >= 128 {
            out.append(contentsOf: [0x4D, 0x2D])  // M-
            low = byte - 128
        }
        if low < 32 {
            out.append(contentsOf: [0x5E, low + 64])
        } else if low == 127 {
            out.append(contentsOf: [0x5E, 0x3F])
        } else {
            out.append(low)
        }
    }
}

extension Shell {
    /// GNU's long options of `cat`, in coreutils' table order (an ambiguous prefix lists them so).
    private static let catLongOptions: [(name: String, letter: Character)] = [
        ("number-nonblank", "b"), ("number", "n"), ("squeeze-blank", "s"), ("show-nonprinting", "v"),
        ("show-ends", "E"), ("show-tabs", "T"), ("show-all", "A"),
    ]

    /// `cat [OPTION]… [FILE]…`: the files (or stdin, or `-`) one after the other, formatted as
    /// the options say. BusyBox's `cat` knows `-nbvteA`; GNU's also `-s`, `-E`, `-T`, `-u` and the
    /// long names, and refuses anything else as getopt does.
    mutating func cat(_ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        var format = CatFormat()
        var operands: [String] = []
        var done = false
        func apply(_ letter: Character) -> Bool {
            switch letter {
            case "n": format.number = true
            case "b": format.numberNonblank = true
            case "v": format.showNonprinting = true
            case "e": (format.showNonprinting, format.showEnds) = (true, true)
            case "t": (format.showNonprinting, format.showTabs) = (true, true)
            case "A": (format.showNonprinting, format.showEnds, format.showTabs) = (true, true, true)
            case "s" where !isBusyBox: format.squeeze = true
            case "E" where !isBusyBox: format.showEnds = true
            case "T" where !isBusyBox: format.showTabs = true
            case "u": break
            default: return false
            }
            return true
        }
        for arg in args {
            if done || arg == "-" || !arg.hasPrefix("-") {
                operands.append(arg)
            } else if arg == "--" {
                done = true
            } else if arg.hasPrefix("--") {
                // BusyBox has no long options; GNU's `--help`/`--version` are not simulated and
                // are let through as before.
                guard !isBusyBox else { continue }
                let given = String(arg.dropFirst(2).prefix { $0 != "=" })
                if given == "help" || given == "version" { continue }
                let matches = Self.catLongOptions.filter { $0.name.hasPrefix(given) }
                let exact = matches.first { $0.name == given }
                if let option = exact ?? (matches.count == 1 ? matches[0] : nil), !arg.contains("=") {
                    _ = apply(option.letter)
                } else if let option = exact ?? (matches.count == 1 ? matches[0] : nil) {
                    io.stderr += "cat: option '--\(option.name)' doesn't allow an argument\n"
                    io.stderr += "Try 'cat --help' for more information.\n"
                    return 1
                } else if matches.count > 1 {
                    io.stderr += "cat: option '\(arg)' is ambiguous; possibilities:"
                    io.stderr += matches.map { " '--\($0.name)'" }.joined() + "\n"
                    io.stderr += "Try 'cat --help' for more information.\n"
                    return 1
                } else {
                    io.stderr += "cat: unrecognized option '\(arg)'\n"
                    io.stderr += "Try 'cat --help' for more information.\n"
                    return 1
                }
            } else {
                for letter in arg.dropFirst() where !apply(letter) {
                    // BusyBox's usage screen is not simulated: its unknown options are let
                    // through, as before.
                    if isBusyBox { continue }
                    io.stderr += "cat: invalid option -- '\(letter)'\n"
                    io.stderr += "Try 'cat --help' for more information.\n"
                    return 1
                }
            }
        }
        if operands.isEmpty { operands = ["-"] }
        var state = CatFormat.State()
        var status: Int32 = 0
        var stdinRead = false
        for operand in operands {
            let bytes: [UInt8]
            if operand == "-" {
                // Read to its end the first time: a second `-` finds nothing more.
                bytes = stdinRead ? [] : Array(io.stdin.utf8)
                stdinRead = true
            } else {
                do {
                    guard let fs = fileSystem(engine) else { return 1 }
                    bytes = try fs.read(operand, cwd: cwd).bytes ?? []
                } catch {
                    io.stderr +=
                        isBusyBox
                        ? "cat: can't open '\(operand)': \(error.text)\n"
                        : "cat: \(Self.quotef(operand)): \(error.text)\n"
                    status = 1
                    continue
                }
            }
            let shown = format.isPlain ? bytes : format.apply(bytes, state: &state)
            io.stdout += String(decoding: shown, as: UTF8.self)
        }
        return status
    }

    /// A file name as coreutils' `quotef` writes it in an error: bare when the shell would read
    /// it back as itself, in single quotes otherwise (`'a b'`, `'/x/*'`; a `:` is quoted too).
    /// A name with a `'` and nothing double quotes would expand is put in double quotes
    /// (`"it's"`).
    static func quotef(_ name: String) -> String {
        let plain = ShellQuote.quote(name)
        if plain == name && !name.contains(":") { return name }
        if name.contains("'") && !name.contains(where: { "$`\\\"!".contains($0) }) { return "\"" + name + "\"" }
        return "'" + name.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
