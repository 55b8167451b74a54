import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimTemplate

@Suite struct UnitsTests {
    // docker-cli.md §2.1: go-units' HumanSizeWithPrecision at 4 and 3 digits.
    static let sizes: [(Int64, String, String)] = [
        (0, "0B", "0B"), (5, "5B", "5B"), (25, "25B", "25B"), (62, "62B", "62B"), (999, "999B", "999B"),
        (1000, "1kB", "1kB"), (1001, "1.001kB", "1kB"), (1500, "1.5kB", "1.5kB"), (9999, "9.999kB", "10kB"),
        (99950, "99.95kB", "100kB"), (999_499, "999.5kB", "999kB"), (999_500, "999.5kB", "1e+03kB"),
        (999_999, "1000kB", "1e+03kB"), (1_000_000, "1MB", "1MB"), (1_234_567, "1.235MB", "1.23MB"),
        (72_800_000, "72.8MB", "72.8MB"), (77_812_345, "77.81MB", "77.8MB"), (77_900_000, "77.9MB", "77.9MB"),
        (186_800_000, "186.8MB", "187MB"), (186_850_000, "186.8MB", "187MB"), (999_999_999, "1000MB", "1e+03MB"),
        (1_000_000_000, "1GB", "1GB"), (4_050_000_000, "4.05GB", "4.05GB"), (123_456_789_012, "123.5GB", "123GB"),
    ]

    @Test(arguments: sizes)
    func humanSize(bytes: Int64, p4: String, p3: String) {
        #expect(Units.humanSize(bytes) == p4)
        #expect(Units.humanSize(bytes, precision: 3) == p3)
    }

    /// The integer `%g` agrees with `String(format: "%.*g")` (glibc's printf) on every size it
    /// answers: ties (1.125 at 3 digits), carries (9.9995), every unit, precisions 1 to 6.
    @Test func plainGMatchesPrintf() {
        var generator = SeededGenerator(seed: 7)
        var sizes: [Int64] = Array(0...20_000) + [999_500, 1_125, 1_135, 9_999_500, 99_995, 2_675]
        for _ in 0..<50_000 { sizes.append(Int64.random(in: 0...Int64(1) << 50, using: &generator)) }
        for digits in 1...6 { for unit in 0...4 { sizes.append(Int64(pow(10.0, Double(digits + unit * 3))) - 1) } }
        var answered = 0
        for size in sizes {
            var value = Double(size)
            while value >= 1000 { value /= 1000 }
            for precision in 1...6 {
                guard let fast = Units.plainG(value, precision: precision) else { continue }
                answered += 1
                let printf = String(format: "%.*g", Int32(precision), value)
                #expect(fast == printf, "\(size) at \(precision): \(fast) vs \(printf)")
                if fast != printf { return }
            }
        }
        #expect(answered > 300_000)
    }

    /// The integer size writer of table cells agrees with `humanSize` on every size it answers
    /// (every unit it takes, ties, carries, precisions 1 to 7), and answers the usual ones.
    @Test func integerSizesAreHumanSize() {
        var generator = SeededGenerator(seed: 13)
        var sizes: [Int64] = Array(0...30_000) + [-1, -1_000, 999_999_999_999, 1_000_000_000_000, Int64.max]
        for unit in 1...4 {
            var power: Int64 = 1
            for _ in 0..<unit { power *= 1000 }
            for digits in 0...8 {
                var step: Int64 = 1
                for _ in 0..<digits { step *= 10 }
                // Around ties (`…5` after the digits kept) and carries (`…9995`).
                for base in [power, 9 * power, 99 * power, 999 * power, 1_125 * power / 1000, 2_675 * power / 1000] {
                    for delta: Int64 in -3...3 { sizes.append(base + (step / 2) + delta) }
                    sizes.append(base - step / 2)
                }
            }
            for _ in 0..<20_000 { sizes.append(Int64.random(in: power...(power * 1000), using: &generator)) }
        }
        var answered = 0
        var room = [UInt8](repeating: 0, count: Units.humanSizeRoom)
        for size in sizes {
            for precision in 1...7 {
                let count = room.withUnsafeMutableBufferPointer { room in
                    Units.writeHumanSize(size, precision: precision, to: room.baseAddress!)
                }
                guard let count else { continue }
                answered += 1
                let written = String(decoding: room[0..<count], as: UTF8.self)
                let expected = Units.humanSize(size, precision: precision)
                #expect(written == expected, "\(size) at \(precision)")
                if written != expected { return }
            }
        }
        #expect(answered > 300_000)
        // The usual cells are answered (not left to the slow path).
        for size: Int64 in [0, 5, 999, 1_000, 72_800_000, 186_800_000, 4_050_000_000] {
            let count = room.withUnsafeMutableBufferPointer { room in
                Units.writeHumanSize(size, precision: 3, to: room.baseAddress!)
            }
            #expect(count != nil)
        }
    }

    // docker-cli.md §2.2: HumanDuration.
    static let durations: [(Double, String)] = [
        (0.0, "Less than a second"), (-5.0, "Less than a second"), (0.9, "Less than a second"), (1.0, "1 second"),
        (2.0, "2 seconds"), (59.999, "59 seconds"), (60.0, "About a minute"), (119.0, "About a minute"),
        (120.0, "2 minutes"), (3599.0, "59 minutes"), (3600.0, "About an hour"), (5399.0, "About an hour"),
        (5400.0, "2 hours"), (86_400.0, "24 hours"), (170_940.0, "47 hours"), (171_000.0, "2 days"),
        (1_123_200.0, "13 days"), (1_209_600.0, "2 weeks"), (1_468_800.0, "2 weeks"), (5_097_600.0, "8 weeks"),
        (5_184_000.0, "2 months"), (62_985_600.0, "24 months"), (63_072_000.0, "2 years"), (94_608_000.0, "3 years"),
    ]

    /// A table's ages (`3 hours ago`), kept with the seconds they stand for, are `Present.ago`
    /// for every second: newest first as tables list them, oldest first, and shuffled, from the
    /// future to decades ago, with a clock on a whole second and between two.
    @Test func keptAgesAreAgo() {
        var generator = SeededGenerator(seed: 17)
        for now in [Timestamp(seconds: 1_700_000_000), Timestamp(seconds: 1_700_000_000, nanoseconds: 999_999_999)] {
            var ages: [Int64] = Array(-5...50_000)
            for _ in 0..<50_000 { ages.append(Int64.random(in: 0...(40 * 365 * 86_400), using: &generator)) }
            for boundary: Int64 in [60, 3600, 5400, 171_000, 172_800, 1_209_600, 5_184_000, 63_072_000] {
                ages += (boundary - 2)...(boundary + 2)
            }
            let newestFirst = ages.sorted()
            let orders = [newestFirst, Array(newestFirst.reversed()), newestFirst.shuffled(using: &generator)]
            for order in orders {
                var kept = Present.AgoTexts(now: now)
                for age in order {
                    let time = Timestamp(seconds: now.seconds - age, nanoseconds: Int32(abs(age) % 1000))
                    let text = kept.text(time)
                    let expected = Present.ago(time, now: now)
                    if text != expected {
                        #expect(text == expected, "age \(age)")
                        return
                    }
                }
            }
        }
    }

    @Test(arguments: durations)
    func humanDuration(seconds: Double, text: String) {
        #expect(Units.humanDuration(seconds) == text)
    }
}

@Suite struct TableTests {
    @Test func emptyTablesPrintTheirHeader() {
        #expect(
            Table(header: ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]).render()
                == "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n")
        #expect(
            Table(header: ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]).render()
                == "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n")
    }

    @Test func columnsAreWidestPlusThreeAtLeastTen() {
        var table = Table(header: ["A", "B", "C"])
        table.append(["josedom24/servidorweb", "v1", "x"])
        #expect(table.render() == "A                       B         C\njosedom24/servidorweb   v1        x\n")
    }

    @Test func cellsAddedOneAtATimeMakeTheSameTable() {
        var byRow = Table(header: ["NAME", "N", "TEXT"])
        byRow.append(["josedom24/servidorweb", "12", "caf\u{E9}\u{2026}"])
        byRow.append([])
        byRow.append(["", "-3", ""])
        var byCell = Table(header: ["NAME", "N", "TEXT"])
        byCell.add("josedom24/servidorweb")
        byCell.add(12)
        byCell.add("caf\u{E9}\u{2026}")
        byCell.endRow()
        byCell.endRow()
        byCell.add("")
        byCell.add(-3)
        byCell.add("")
        byCell.endRow()
        let expected =
            "NAME                    N         TEXT\njosedom24/servidorweb   12        caf\u{E9}\u{2026}\n\n"
            + "                        -3        \n"
        #expect(byRow.render() == expected)
        #expect(byCell.render() == expected)
        #expect(byCell.rows == byRow.rows)
        #expect(byCell.rows[1] == ["josedom24/servidorweb", "12", "caf\u{E9}\u{2026}"])
    }

    /// A size written straight into the table (`add(humanSize:)`) is `Units.humanSize`'s text,
    /// exponent forms included, and tables appended into one buffer are the rendered strings.
    @Test func sizeCellsAndAppendedTablesAreTheStringPaths() {
        var sizes: [Int64] = UnitsTests.sizes.map(\.0) + [-5, 999_950_000_000_000_000, Int64.max]
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2_000 { sizes.append(Int64.random(in: 0...Int64(1) << 50, using: &generator)) }
        var written = Table(header: ["SIZE", "P3", "N"])
        var texts = Table(header: ["SIZE", "P3", "N"])
        for size in sizes {
            written.add(humanSize: size)
            written.add(humanSize: size, precision: 3)
            written.add(1)
            written.endRow()
            texts.append([Units.humanSize(size), Units.humanSize(size, precision: 3), "1"])
        }
        #expect(written.render() == texts.render())
        #expect(written.rows == texts.rows)
        var tabs = Table(header: ["A", "B"], rows: [["caf\u{E9}", "x"]], style: .tabs)
        tabs.append(["1", "2"])
        var output = Array("head\n".utf8)
        texts.render(appendingTo: &output)
        tabs.render(appendingTo: &output)
        Table(header: []).render(appendingTo: &output)
        #expect(String(decoding: output, as: UTF8.self) == "head\n" + texts.render() + tabs.render())
        let parts = Table.render([.text("head\n"), .table(texts), .table(tabs), .table(Table(header: [])), .text("")])
        #expect(parts == "head\n" + texts.render() + tabs.render())
    }

    /// The word-at-a-time test of a cell (ASCII without `\r`: one column per byte) agrees with
    /// the byte-by-byte one, for `\r` and non-ASCII bytes at every place of texts of every length.
    @Test func plainCellsAreFoundEightBytesAtATime() {
        for length in 0..<20 {
            for place in 0..<max(length, 1) {
                for odd: UInt8 in [0x0D, 0x0C, 0x0E, 0x8D, 0xC3, 0x7F, 0x00, 0x1D] {
                    var text = [UInt8](repeating: 0x61, count: length)
                    if length > 0 { text[place] = odd }
                    let expected = text.allSatisfy { $0 < 0x80 && $0 != 0x0D }
                    let plain = text.withUnsafeBufferPointer { Table.isPlain($0) }
                    #expect(plain == expected, "length \(length), byte \(odd) at \(place)")
                }
            }
        }
        var table = Table(header: ["A", "B"])
        table.append(["x\r\ny", "caf\u{E9}"])
        table.append(["0123456789abcdef\r", "z"])
        // Widths in Characters: `x\r\ny` is 3, `0123456789abcdef\r` 17 (the column 20).
        let expected =
            "A" + String(repeating: " ", count: 19) + "B\n" + "x\r\ny" + String(repeating: " ", count: 17)
            + "caf\u{E9}\n" + "0123456789abcdef\r   z\n"
        #expect(table.render() == expected)
    }

    /// The plain test of a cell in the table's own bytes (the word past the text read whole,
    /// its bytes there masked) agrees with the byte-by-byte rule whatever follows the text.
    @Test func plainCellsAreFoundInPaddedMemory() {
        for length in 0..<20 {
            for place in 0..<max(length, 1) {
                for odd: UInt8 in [0x0D, 0x0C, 0x8D, 0xC3, 0x7F, 0x00] {
                    for after: UInt8 in [0x00, 0x0D, 0x80, 0xFF] {
                        var text = [UInt8](repeating: 0x61, count: length + 8)
                        for index in length..<(length + 8) { text[index] = after }
                        if length > 0 { text[place] = odd }
                        let expected = text[0..<length].allSatisfy { $0 < 0x80 && $0 != 0x0D }
                        let plain = text.withUnsafeBufferPointer {
                            Table.isPlain(padded: $0.baseAddress!, count: length)
                        }
                        #expect(plain == expected, "length \(length), byte \(odd) at \(place), then \(after)")
                    }
                }
            }
        }
    }

    /// The layout read from the widest cell of each column (rows of one length) is the layout
    /// cell by cell; rows of other lengths and copies of a table (which share its memory until
    /// one adds a cell) render as before.
    @Test func layoutsAndCopiesAreTheCellByCellOnes() {
        var generator = SeededGenerator(seed: 3)
        let words = [
            "", "a", "caf\u{E9}", "x\r\ny", "josedom24/servidorweb", "0123456789abcdef0123456789abcdef0123", "…",
        ]
        for columns in 1...9 {
            var table = Table(header: (0..<columns).map { "H\($0)" })
            var reference: [[String]] = [(0..<columns).map { "H\($0)" }]
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                var row: [String] = []
                for _ in 0..<columns {
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: row.append(String(Int.random(in: -5...100_000, using: &generator)))
                    case 1: row.append(Units.humanSize(Int64.random(in: 0...1 << 40, using: &generator), precision: 3))
                    default: row.append(words[Int.random(in: 0..<words.count, using: &generator)])
                    }
                }
                table.append(row)
                reference.append(row)
            }
            let laid = table.layout()
            let byCell = table.layoutByCell()
            #expect(laid.widths == byCell.widths && laid.length == byCell.length, "\(columns) columns")
            #expect(table.render().utf8.count == laid.length)
            #expect(table.rows == reference)
            // A copy shares the cells until one of the two adds one.
            var copy = table
            copy.append((0..<columns).map { "copy\($0)-wider-than-the-rest-of-the-column" })
            #expect(table.rows == reference)
            #expect(copy.rows == reference + [(0..<columns).map { "copy\($0)-wider-than-the-rest-of-the-column" }])
            #expect(Table(header: reference[0], rows: Array(reference.dropFirst())).render() == table.render())
        }
        // Rows of other lengths: the cell-by-cell layout.
        var ragged = Table(header: ["A", "B", "C"])
        ragged.append(["wide-cell-here", "b"])
        ragged.append([])
        ragged.append(["1", "2", "3", "4"])
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
        let expected =
            pad("A", 17) + pad("B", 10) + "C\n" + pad("wide-cell-here", 17) + "b\n\n" + pad("1", 17) + pad("2", 10)
            + pad("3", 10) + "4\n"
        #expect(ragged.render() == expected)
        #expect(ragged.layout().length == expected.utf8.count)
    }

    @Test func anEmptyLastCellLeavesThePadding() {
        var table = Table(header: ["SIZE", "COMMENT"])
        table.append(["0B", ""])
        #expect(table.render() == "SIZE      COMMENT\n0B        \n")
    }

    @Test func ellipsisAndQuoting() {
        #expect(ellipsis("/bin/sh -c 'apache2ctl -D FOREGROUND'", 20) == "/bin/sh -c 'apache2…")
        #expect(goQuote("/bin/sh -c 'apache2…") == "\"/bin/sh -c 'apache2…\"")
        #expect(goQuote("say \"hi\"") == "\"say \\\"hi\\\"\"")
        // Go's strconv.Quote: named escapes, \x for other ASCII controls, \u and \U for what
        // unicode.IsPrint rejects (no-break space, zero-width space, tag characters).
        #expect(goQuote("a\u{07}\u{08}\u{0C}\n\r\t\u{0B}b") == #""a\a\b\f\n\r\t\vb""#)
        #expect(goQuote("\u{1B}[0m\u{7F}") == #""\x1b[0m\x7f""#)
        #expect(goQuote("ñ\u{A0}\u{200B}😀\u{E0001}") == #""ñ\u00a0\u200b😀\U000e0001""#)
    }
}

@Suite struct ReferenceTests {
    @Test(arguments: [
        ("ubuntu", "docker.io/library/ubuntu", "ubuntu"),
        ("ubuntu:22.04", "docker.io/library/ubuntu:22.04", "ubuntu:22.04"),
        ("josedom24/servidorweb:v1", "docker.io/josedom24/servidorweb:v1", "josedom24/servidorweb:v1"),
        ("localhost:5000/foo:bar", "localhost:5000/foo:bar", "localhost:5000/foo:bar"),
        ("index.docker.io/library/ubuntu", "docker.io/library/ubuntu", "ubuntu"),
        ("library/ubuntu/x:1", "docker.io/library/ubuntu/x:1", "library/ubuntu/x:1"),
        ("librar/ubuntu", "docker.io/librar/ubuntu", "librar/ubuntu"),
        ("quay.io/library/ubuntu:1", "quay.io/library/ubuntu:1", "quay.io/library/ubuntu:1"),
        (
            "ubuntu:22.04@sha256:" + String(repeating: "ab", count: 32),
            "docker.io/library/ubuntu:22.04@sha256:" + String(repeating: "ab", count: 32),
            "ubuntu:22.04@sha256:" + String(repeating: "ab", count: 32)
        ),
        (
            "a/b@sha256:" + String(repeating: "0f", count: 32),
            "docker.io/a/b@sha256:" + String(repeating: "0f", count: 32),
            "a/b@sha256:" + String(repeating: "0f", count: 32)
        ),
    ])
    func normalizes(_ text: String, _ full: String, _ familiar: String) throws {
        let ref = try ImageReference.parse(text)
        #expect(ref.description == full)
        #expect(ref.familiarString == familiar)
        // The parts the forms are made of, as they were joined before.
        #expect(ref.name == ref.domain + "/" + ref.path)
        #expect(ref.description == ref.name + String(full.dropFirst(ref.name.count)))
    }

    @Test(arguments: [
        ("ubuntu:bad:tag", "invalid reference format"),
        ("ubuntu:", "invalid reference format"),
        (":latest", "invalid reference format"),
        ("my image", "invalid reference format"),
        ("-ubuntu", "invalid reference format"),
        ("ubuntu@sha256:abc", "invalid reference format"),
        ("", "invalid reference format"),
        ("Ubuntu", "invalid reference format: repository name (library/Ubuntu) must be lowercase"),
        (
            "josedom24/Servidorweb",
            "invalid reference format: repository name (josedom24/Servidorweb) must be lowercase"
        ),
        (
            String(repeating: "a", count: 64),
            "invalid repository name (\(String(repeating: "a", count: 64))), cannot specify 64-byte hexadecimal strings"
        ),
    ])
    func rejects(_ text: String, _ message: String) {
        #expect(throws: (any Error).self) { try ImageReference.parse(text) }
        do {
            _ = try ImageReference.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func uppercaseFirstElementIsAHost() throws {
        #expect(try ImageReference.parse("Josedom24/servidorweb").domain == "Josedom24")
    }

    @Test func parseAnyTakesBareIDs() throws {
        let hex = String(repeating: "a", count: 64)
        #expect(try ImageReference.parseAny(hex) == .id(Digest(hex: hex)))
    }
}
