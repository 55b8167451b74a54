/// docker's table writer: `text/tabwriter` with minwidth 10, tabwidth 1, padding 3, spaces.
///
/// Every column but the last is padded to `max(10, widest cell + 3)`; the last is never padded,
/// so a line ends in spaces only when its last cell is empty.
///
/// buildx writes some tables with tabs instead (`tabwriter.NewWriter(out, 1, 8, 1, '\t', 0)`):
/// ``Style/tabs``.
public struct Table {
    public var rows: [[String]]
    public var style: Style = .docker

    /// How columns are padded.
    public enum Style: Sendable {
        /// docker's: spaces, minwidth 10, padding 3.
        case docker
        /// buildx's: tabs of 8 columns, minwidth 1, padding 1.
        case tabs
    }

    public init(header: [String], rows: [[String]] = [], style: Style = .docker) {
        self.rows = header.isEmpty ? rows : [header] + rows
        self.style = style
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The table, each line ending in `\n`.
    public func render() -> String {
        if style == .tabs { return renderTabs() }
        var columns = 0
        for row in rows { columns = max(columns, row.count) }
        var widths = [Int](repeating: 0, count: columns)
        // Each cell is measured once; the output's exact length is known before it is written,
        // so the lines go straight into the string's own buffer (a table of 10,000 rows costs
        // what its bytes do).
        var cellWidths: [Int] = []
        cellWidths.reserveCapacity(rows.count * columns)
        var length = 0
        for row in rows {
            let last = row.count - 1
            for index in row.indices {
                let (bytes, width) = Self.measure(row[index])
                cellWidths.append(width)
                length += bytes
                if index < last { widths[index] = max(widths[index], width + 3, 10) }
            }
            length += 1
        }
        var next = 0
        for row in rows {
            for index in row.indices {
                if index < row.count - 1 { length += widths[index] - cellWidths[next] }
                next += 1
            }
        }
        return String(unsafeUninitializedCapacity: length) { buffer in
            var position = 0
            var next = 0
            for row in rows {
                let last = row.count - 1
                for index in row.indices {
                    position = Self.copy(row[index], into: buffer, at: position)
                    if index < last {
                        let padding = widths[index] - cellWidths[next]
                        for offset in 0..<padding { buffer[position + offset] = 0x20 }
                        position += padding
                    }
                    next += 1
                }
                buffer[position] = 0x0A
                position += 1
            }
            return position
        }
    }

    /// A cell's UTF-8 length and display width, in one pass over its bytes when it is ASCII.
    private static func measure(_ cell: String) -> (bytes: Int, width: Int) {
        let plain = cell.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte >= 0x80 || byte == 0x0D { return false }
            return true
        }
        if let plain {
            return (cell.utf8.count, plain ? cell.utf8.count : cell.count)
        }
        return (cell.utf8.count, width(cell))
    }

    /// Copies `cell`'s UTF-8 bytes into `buffer` at `position`; returns the position after them.
    private static func copy(_ cell: String, into buffer: UnsafeMutableBufferPointer<UInt8>, at position: Int) -> Int {
        let copied = cell.utf8.withContiguousStorageIfAvailable { bytes -> Int in
            guard let source = bytes.baseAddress, let target = buffer.baseAddress else { return position }
            (target + position).update(from: source, count: bytes.count)
            return position + bytes.count
        }
        if let copied { return copied }
        var position = position
        for byte in cell.utf8 {
            buffer[position] = byte
            position += 1
        }
        return position
    }

    /// Go's tabwriter with padchar `\t`: each cell is followed by the tabs that reach the column's
    /// width (widest cell + 1, rounded up to a multiple of 8).
    private func renderTabs() -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() where index < row.count - 1 {
                widths[index] = max(widths[index], max(Self.width(cell) + 1, 1))
            }
        }
        var out = ""
        for row in rows {
            for (index, cell) in row.enumerated() {
                out += cell
                if index < row.count - 1 {
                    let cellWidth = (widths[index] + 7) / 8 * 8
                    out += String(repeating: "\t", count: (cellWidth - Self.width(cell) + 7) / 8)
                }
            }
            out += "\n"
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
