import DockerSimCore

/// docker's table writer: `text/tabwriter` with minwidth 10, tabwidth 1, padding 3, spaces.
///
/// Every column but the last is padded to `max(10, widest cell + 3)`; the last is never padded,
/// so a line ends in spaces only when its last cell is empty.
///
/// buildx writes some tables with tabs instead (`tabwriter.NewWriter(out, 1, 8, 1, '\t', 0)`):
/// ``Style/tabs``.
public struct Table {
    public var style: Style = .docker
    /// Every cell's UTF-8 bytes, one after the other: a cell is copied in once, as it is added,
    /// and out once, into the output (no array of strings per row, no string kept per cell).
    private var bytes: [UInt8] = []
    /// Where each cell's bytes end in ``bytes``, and its display width.
    private var cells: [(end: Int, width: Int)] = []
    /// For each row, the index in ``cells`` after its last cell.
    private var rowEnds: [Int] = []
    /// The size cells' texts made so far, by a hash of the size (``add(humanSize:precision:)``).
    private var sizeTexts: [SizeText] = []
    /// How many size cells were not found in ``sizeTexts``.
    private var sizeMisses = 0

    /// How columns are padded.
    public enum Style: Sendable {
        /// docker's: spaces, minwidth 10, padding 3.
        case docker
        /// buildx's: tabs of 8 columns, minwidth 1, padding 1.
        case tabs
    }

    public init(header: [String], rows: [[String]] = [], style: Style = .docker) {
        self.style = style
        if !header.isEmpty { append(header) }
        for row in rows { append(row) }
    }

    /// Adds a row of cells.
    public mutating func append(_ row: [String]) {
        for cell in row { add(cell) }
        endRow()
    }

    /// Adds a cell to the row being written; ``endRow()`` ends it. A table of thousands of rows
    /// is written this way without making an array per row.
    public mutating func add(_ cell: String) {
        // ASCII without `\r` (a `\r\n` is one Character): one column per byte, no Characters counted.
        var cell = cell
        let plain = cell.withUTF8 { source -> Bool in
            bytes.append(contentsOf: source)
            return Self.isPlain(source)
        }
        cells.append((bytes.count, plain ? cell.utf8.count : cell.count))
    }

    /// Whether `text` is ASCII without `\r` (one column per byte), eight bytes at a time: a
    /// word's high bits or'ed, and a `\r` found as a zero byte of the word xor `0x0D…`.
    static func isPlain(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let returns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        var seen: UInt64 = 0
        var offset = 0
        let count = text.count
        while offset + 8 <= count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            let crossed = word ^ returns
            seen |= word | ((crossed &- ones) & ~crossed)
            offset += 8
        }
        if offset < count {
            // The last bytes, the rest of the word zeros (a zero byte is neither high nor `\r`).
            var word: UInt64 = 0
            withUnsafeMutableBytes(of: &word) { room in
                room.baseAddress?.copyMemory(from: base + offset, byteCount: count - offset)
            }
            // The padding's zeros xor `0x0D` are not zero: only the bytes there can match.
            let crossed = word ^ returns
            seen |= word | ((crossed &- ones) & ~crossed)
        }
        return seen & highs == 0
    }

    /// Adds a cell holding a number in decimal.
    public mutating func add(_ number: Int) {
        let start = bytes.count
        if number < 0 {
            bytes.append(contentsOf: String(number).utf8)
        } else {
            // Most significant digit first (reversing a slice of `bytes` in place copied it).
            var divisor = 1
            while number / divisor >= 10 { divisor *= 10 }
            repeat {
                bytes.append(0x30 + UInt8(number / divisor % 10))
                divisor /= 10
            } while divisor > 0
        }
        cells.append((bytes.count, bytes.count - start))
    }

    /// Adds a cell holding the first 12 characters of a hex ID (a container's short ID), copied
    /// from the ID's own text (no string made for it).
    public mutating func add(shortIDOf id: String) {
        var id = id
        let plain = id.withUTF8 { hex -> Bool in
            let prefix = UnsafeBufferPointer(rebasing: hex.prefix(12))
            // Hex digits: one column per byte (anything else goes through the text path).
            guard Self.isPlain(prefix) else { return false }
            bytes.append(contentsOf: prefix)
            cells.append((bytes.count, prefix.count))
            return true
        }
        if !plain { add(String(decoding: id.utf8.prefix(12), as: UTF8.self)) }
    }

    /// Adds a cell holding a digest's first 12 hex digits (docker's short ID), copied from the
    /// digest's own text (no string made for it).
    public mutating func add(shortID digest: Digest) {
        var hex = digest.hex
        hex.withUTF8 { hex in bytes.append(contentsOf: UnsafeBufferPointer(rebasing: hex.prefix(12))) }
        cells.append((bytes.count, min(12, hex.utf8.count)))  // hex digits: one column per byte
    }

    /// Ends the row the cells added since the last row belong to.
    public mutating func endRow() { rowEnds.append(cells.count) }

    /// The rows, as strings (for tests and callers that look at cells).
    public var rows: [[String]] {
        var result: [[String]] = []
        var first = 0
        for end in rowEnds {
            result.append((first..<end).map { cellText($0) })
            first = end
        }
        return result
    }

    private func cellText(_ index: Int) -> String {
        let start = index == 0 ? 0 : cells[index - 1].end
        return String(decoding: bytes[start..<cells[index].end], as: UTF8.self)
    }

    /// Makes room for `rows` more rows of `columns` cells and about `bytesPerRow` bytes each (a
    /// table of thousands of rows then grows its buffers once).
    public mutating func reserveCapacity(rows: Int, columns: Int, bytesPerRow: Int) {
        bytes.reserveCapacity(bytes.count + rows * bytesPerRow)
        cells.reserveCapacity(cells.count + rows * columns)
        rowEnds.reserveCapacity(rowEnds.count + rows)
    }

    /// Adds a cell holding `Units.humanSize(size, precision: precision)`, written straight into
    /// the table (no string made for it). The texts made are kept by size: a table's sizes
    /// repeat (shared sizes, writable layers still empty), and a kept one is copied.
    public mutating func add(humanSize size: Int64, precision: Int = 4) {
        // 64 slots, then 1,024 once 64 texts were made (a table of thousands of rows).
        if sizeTexts.isEmpty || (sizeMisses == 64 && sizeTexts.count == 64) {
            sizeTexts = [SizeText](repeating: SizeText(), count: sizeTexts.isEmpty ? 64 : 1_024)
        }
        let shift: UInt64 = sizeTexts.count == 64 ? 58 : 54
        let slot = Int(truncatingIfNeeded: (UInt64(bitPattern: size) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        if sizeTexts[slot].count > 0, sizeTexts[slot].size == size, sizeTexts[slot].precision == precision {
            let count = sizeTexts[slot].count
            withUnsafeBytes(of: sizeTexts[slot].text) { text in
                bytes.append(
                    contentsOf: UnsafeBufferPointer(
                        start: text.baseAddress?.assumingMemoryBound(to: UInt8.self), count: count))
            }
            cells.append((bytes.count, count))
            return
        }
        sizeMisses += 1
        let start = bytes.count
        guard Units.appendHumanSize(size, precision: precision, to: &bytes) else {
            add(Units.humanSize(size, precision: precision))
            return
        }
        let count = bytes.count - start
        cells.append((bytes.count, count))  // digits and a unit: one column per byte
        if count <= 16 {
            var kept = SizeText(size: size, precision: precision, count: count)
            withUnsafeMutableBytes(of: &kept.text) { text in
                bytes.withUnsafeBufferPointer { written in
                    text.baseAddress?.copyMemory(from: written.baseAddress! + start, byteCount: count)
                }
            }
            sizeTexts[slot] = kept
        }
    }

    /// A size cell's text, kept for the next cell of the same size (16 bytes are room for
    /// every text `Units.appendHumanSize` writes but a few: those are not kept).
    private struct SizeText {
        var size: Int64 = 0
        var precision = 0
        /// Its length (0: the slot is empty).
        var count = 0
        var text: (UInt64, UInt64) = (0, 0)
    }

    /// The table, each line ending in `\n`.
    public func render() -> String {
        if style == .tabs { return renderTabs() }
        let (widths, length) = layout()
        // The output's exact length is known before it is written, so the lines go straight
        // into the string's own buffer (a table of 10,000 rows costs what its bytes do).
        return String(unsafeUninitializedCapacity: length) { buffer in
            guard let to = buffer.baseAddress else { return 0 }
            return write(widths, to: to)
        }
    }

    /// Appends the table, as ``render()`` writes it, to `output`'s bytes: several tables written
    /// into one buffer make one string at the end (no string per table, no copies joining them).
    public func render(appendingTo output: inout [UInt8]) {
        if style == .tabs {
            output.append(contentsOf: renderTabs().utf8)
            return
        }
        let (widths, length) = layout()
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: length))
        output.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            _ = write(widths, to: base + start)
        }
    }

    /// Every column's width but a row's last (`max(10, widest cell + 3)`), and the length of the
    /// rendered table in bytes.
    private func layout() -> (widths: [Int], length: Int) {
        var columns = 0
        var first = 0
        for end in rowEnds {
            columns = max(columns, end - first - 1)
            first = end
        }
        var widths = [Int](repeating: 10, count: columns)
        var length = bytes.count + rowEnds.count
        // Read in place (no bounds checks on the thousands of cells).
        cells.withUnsafeBufferPointer { cells in
            rowEnds.withUnsafeBufferPointer { rowEnds in
                widths.withUnsafeMutableBufferPointer { widths in
                    var first = 0
                    for end in rowEnds {
                        var column = 0
                        var cell = first
                        while cell < end - 1 {
                            widths[column] = max(widths[column], cells[cell].width + 3)
                            column += 1
                            cell += 1
                        }
                        first = end
                    }
                    first = 0
                    for end in rowEnds {
                        var column = 0
                        var cell = first
                        while cell < end - 1 {
                            length += widths[column] - cells[cell].width
                            column += 1
                            cell += 1
                        }
                        first = end
                    }
                }
            }
        }
        return (widths, length)
    }

    /// Writes the rows, padded to `widths`, at `to`; returns the bytes written.
    private func write(_ widths: [Int], to: UnsafeMutablePointer<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { source in
            cells.withUnsafeBufferPointer { cells in
                rowEnds.withUnsafeBufferPointer { rowEnds in
                    widths.withUnsafeBufferPointer { widths in
                        let from = source.baseAddress  // nil when every cell is empty
                        var position = 0
                        var first = 0
                        var start = 0
                        for end in rowEnds {
                            var cell = first
                            while cell < end {
                                let cellEnd = cells[cell].end
                                if cellEnd > start, let from {
                                    (to + position).update(from: from + start, count: cellEnd - start)
                                }
                                position += cellEnd - start
                                start = cellEnd
                                if cell < end - 1 {
                                    let padding = widths[cell - first] - cells[cell].width
                                    (to + position).update(repeating: 0x20, count: padding)
                                    position += padding
                                }
                                cell += 1
                            }
                            to[position] = 0x0A
                            position += 1
                            first = end
                        }
                        return position
                    }
                }
            }
        }
    }

    /// Texts and tables written one after the other into one string, tables as ``render()``
    /// writes them: the output's length is known before it is written, so every byte goes
    /// straight into the string's own buffer (no buffer per table, no copy joining them).
    public static func render(_ parts: [Part]) -> String {
        var laid: [(widths: [Int], length: Int)?] = []
        laid.reserveCapacity(parts.count)
        var total = 0
        var parts = parts
        for index in parts.indices {
            switch parts[index] {
            case .text(let text):
                laid.append(nil)
                total += text.utf8.count
            case .table(let table):
                if table.style == .tabs {
                    // Written as text (buildx's tables are small).
                    let text = table.renderTabs()
                    parts[index] = .text(text)
                    laid.append(nil)
                    total += text.utf8.count
                } else {
                    let layout = table.layout()
                    laid.append(layout)
                    total += layout.length
                }
            }
        }
        return String(unsafeUninitializedCapacity: total) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            var position = 0
            for index in parts.indices {
                switch parts[index] {
                case .text(var text):
                    text.withUTF8 { utf8 in
                        if let from = utf8.baseAddress { (base + position).update(from: from, count: utf8.count) }
                        position += utf8.count
                    }
                case .table(let table):
                    if let layout = laid[index] { position += table.write(layout.widths, to: base + position) }
                }
            }
            return position
        }
    }

    /// A piece of ``render(_:)``'s output.
    public enum Part {
        case text(String)
        case table(Table)
    }

    /// Go's tabwriter with padchar `\t`: each cell is followed by the tabs that reach the column's
    /// width (widest cell + 1, rounded up to a multiple of 8).
    private func renderTabs() -> String {
        var widths: [Int] = []
        var first = 0
        for end in rowEnds {
            if end - first - 1 > widths.count { widths += repeatElement(0, count: end - first - 1 - widths.count) }
            for cell in first..<max(first, end - 1) {
                widths[cell - first] = max(widths[cell - first], max(cells[cell].width + 1, 1))
            }
            first = end
        }
        var out = ""
        first = 0
        for end in rowEnds {
            for cell in first..<end {
                out += cellText(cell)
                if cell < end - 1 {
                    let cellWidth = (widths[cell - first] + 7) / 8 * 8
                    out += String(repeating: "\t", count: (cellWidth - cells[cell].width + 7) / 8)
                }
            }
            out += "\n"
            first = end
        }
        return out
    }

    /// Display width: one column per character (docker's `…` counts as one).
    static func width(_ s: String) -> Int {
        // ASCII without `\r` (a `\r\n` is one Character): one column per byte, no Characters counted.
        s.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? s.utf8.count : s.count
    }
}

/// docker's `formatter.Ellipsis`: keeps `s` if it fits in `n`, else `n-1` characters and `…`.
public func ellipsis(_ s: String, _ n: Int) -> String {
    // No more bytes than `n`: no more characters either (counting characters is the slow part).
    if s.utf8.count <= n { return s }
    return s.count <= n ? s : String(s.prefix(max(0, n - 1))) + "…"
}
