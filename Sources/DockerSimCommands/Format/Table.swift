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
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        // Each cell's width is measured once; the lines are written as UTF-8 bytes, made a
        // string once at the end (a table of 10,000 rows costs what its bytes do).
        var cellWidths: [Int] = []
        cellWidths.reserveCapacity(rows.count * columns)
        var bytes = 0
        for row in rows {
            for (index, cell) in row.enumerated() {
                let width = Self.width(cell)
                cellWidths.append(width)
                bytes += cell.utf8.count
                if index < row.count - 1 { widths[index] = max(widths[index], width + 3, 10) }
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes + rows.count * (widths.reduce(0, +) + 1))
        var next = 0
        for row in rows {
            for (index, cell) in row.enumerated() {
                out.append(contentsOf: cell.utf8)
                if index < row.count - 1 {
                    out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: widths[index] - cellWidths[next]))
                }
                next += 1
            }
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
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
