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
        let plain =
            cell.utf8.withContiguousStorageIfAvailable { source -> Bool in
                bytes.append(contentsOf: source)
                // One pass without early exits: the high bits or'ed, `\r` counted.
                var high: UInt8 = 0
                var returns = 0
                for byte in source {
                    high |= byte
                    returns &+= byte == 0x0D ? 1 : 0
                }
                return high < 0x80 && returns == 0
            }
            ?? {
                bytes.append(contentsOf: cell.utf8)
                return cell.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
            }()
        cells.append((bytes.count, plain ? cell.utf8.count : cell.count))
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
        let start = bytes.count
        let copied: Void? = id.utf8.withContiguousStorageIfAvailable { hex in
            bytes.append(contentsOf: hex.prefix(12))
        }
        if copied == nil { bytes.append(contentsOf: id.utf8.prefix(12)) }
        // Hex digits: one column per byte (anything else goes through the text path).
        guard bytes[start...].allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else {
            bytes.removeSubrange(start...)
            add(String(decoding: id.utf8.prefix(12), as: UTF8.self))
            return
        }
        cells.append((bytes.count, bytes.count - start))
    }

    /// Adds a cell holding a digest's first 12 hex digits (docker's short ID), copied from the
    /// digest's own text (no string made for it).
    public mutating func add(shortID digest: Digest) {
        let start = bytes.count
        let copied: Void? = digest.hex.utf8.withContiguousStorageIfAvailable { hex in
            bytes.append(contentsOf: hex.prefix(12))
        }
        if copied == nil { bytes.append(contentsOf: digest.hex.utf8.prefix(12)) }
        cells.append((bytes.count, bytes.count - start))  // hex digits: one column per byte
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
    /// the table (no string made for it).
    public mutating func add(humanSize size: Int64, precision: Int = 4) {
        let start = bytes.count
        guard Units.appendHumanSize(size, precision: precision, to: &bytes) else {
            add(Units.humanSize(size, precision: precision))
            return
        }
        cells.append((bytes.count, bytes.count - start))  // digits and a unit: one column per byte
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
        var widths: [Int] = []
        var first = 0
        for end in rowEnds {
            if end - first - 1 > widths.count { widths += repeatElement(0, count: end - first - 1 - widths.count) }
            for cell in first..<max(first, end - 1) {
                let column = cell - first
                widths[column] = max(widths[column], cells[cell].width + 3, 10)
            }
            first = end
        }
        var length = bytes.count + rowEnds.count
        first = 0
        for end in rowEnds {
            for cell in first..<max(first, end - 1) { length += widths[cell - first] - cells[cell].width }
            first = end
        }
        return (widths, length)
    }

    /// Writes the rows, padded to `widths`, at `to`; returns the bytes written.
    private func write(_ widths: [Int], to: UnsafeMutablePointer<UInt8>) -> Int {
        bytes.withUnsafeBufferPointer { source in
            let from = source.baseAddress  // nil when every cell is empty
            var position = 0
            var first = 0
            var start = 0
            for end in rowEnds {
                for cell in first..<end {
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
                }
                to[position] = 0x0A
                position += 1
                first = end
            }
            return position
        }
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
