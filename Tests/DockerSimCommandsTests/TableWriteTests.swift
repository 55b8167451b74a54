import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// The table's word-at-a-time copies: a cell copied in (`copyPlain`) and rows written out
/// (`write`, through `render`) are the byte-by-byte ones.
@Suite struct TableWriteTests {
    /// A cell copied in as overlapping words is its bytes, nothing written around them, and its
    /// plain test agrees with the byte-by-byte rule, for `\r` and non-ASCII bytes at every place.
    @Test func copiedCellsAreTheirBytesAndFoundPlain() {
        for length in 0..<40 {
            for place in 0..<max(length, 1) {
                for odd: UInt8 in [0x61, 0x0D, 0x0C, 0x8D, 0xC3, 0x7F, 0x00, 0x1D, 0xFF] {
                    var text = (0..<length).map { UInt8(0x41 + $0 % 26) }
                    if length > 0 { text[place] = odd }
                    let expected = text.allSatisfy { $0 < 0x80 && $0 != 0x0D }
                    var room = [UInt8](repeating: 0xEE, count: length + 16)
                    let plain = text.withUnsafeBytes { text in
                        room.withUnsafeMutableBytes { room in
                            Table.copyPlain(
                                text.baseAddress ?? UnsafeRawPointer(room.baseAddress!), count: length,
                                to: room.baseAddress!)
                        }
                    }
                    #expect(plain == expected, "length \(length), byte \(odd) at \(place)")
                    #expect(Array(room[0..<length]) == text, "length \(length)")
                    #expect(room[length...].allSatisfy { $0 == 0xEE }, "length \(length): written past")
                }
            }
        }
    }

    /// Rows of cells from empty to 50 bytes, in columns whose padding runs from 3 to over 16
    /// spaces, are written as each cell padded to its column's width.
    @Test func rowsAreTheirCellsPadded() {
        var generator = SeededGenerator(seed: 17)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789/:.-_ ")
        for round in 0..<60 {
            let columns = Int.random(in: 1...9, using: &generator)
            let widest = [4, 12, 20, 40, 60][round % 5]
            var reference: [[String]] = [(0..<columns).map { "H\($0)" }]
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                reference.append(
                    (0..<columns).map { _ in
                        String(
                            (0..<Int.random(in: 0...widest, using: &generator)).map { _ in
                                alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
                            })
                    })
            }
            var table = Table(header: reference[0])
            for row in reference.dropFirst() {
                if round % 2 == 0 {
                    table.append(row)
                } else {
                    for cell in row { table.add(cell) }
                    table.endRow()
                }
            }
            var widths = [Int](repeating: 10, count: columns)
            for row in reference {
                for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count + 3) }
            }
            var expected = ""
            for row in reference {
                for (column, cell) in row.enumerated() {
                    expected += cell
                    if column < row.count - 1 { expected += String(repeating: " ", count: widths[column] - cell.count) }
                }
                expected += "\n"
            }
            #expect(table.render() == expected, "round \(round)")
            #expect(Table.render([.text("<"), .table(table), .text(">")]) == "<" + expected + ">")
        }
    }
}

/// Copies of a table share its cells: the one that adds last writes in place, a copy left
/// behind copies its own cells first, and neither sees the other's cells or widths.
@Suite struct TableCopyTests {
    @Test func copiesKeepTheirOwnCellsAndWidths() {
        func padded(_ rows: [[String]]) -> String {
            var widths = [Int](repeating: 10, count: 2)
            for row in rows { widths[0] = max(widths[0], row[0].count + 3) }
            return rows.map { $0[0] + String(repeating: " ", count: widths[0] - $0[0].count) + $0[1] + "\n" }
                .joined()
        }
        let wide = String(repeating: "w", count: 30)
        var table = Table(header: ["A", "B"])
        table.append(["x", "y"])
        var copy = table
        copy.append([wide, "z"])
        #expect(table.render() == padded([["A", "B"], ["x", "y"]]))
        table.append(["q", "r"])
        #expect(table.render() == padded([["A", "B"], ["x", "y"], ["q", "r"]]))
        copy.append(["1", "2"])
        #expect(copy.render() == padded([["A", "B"], ["x", "y"], [wide, "z"], ["1", "2"]]))
        // The original adds first, then the copy made before it.
        var second = table
        table.add(wide)
        table.add("s")
        table.endRow()
        second.append(["t", "u"])
        #expect(second.render() == padded([["A", "B"], ["x", "y"], ["q", "r"], ["t", "u"]]))
        #expect(table.render() == padded([["A", "B"], ["x", "y"], ["q", "r"], [wide, "s"]]))
        #expect(second.rows.count == 4 && table.rows.count == 4)
    }
}
