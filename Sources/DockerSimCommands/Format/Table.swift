/// docker's table writer: `text/tabwriter` with minwidth 10, tabwidth 1, padding 3, spaces.
///
/// Every column but the last is padded to `max(10, widest cell + 3)`; the last is never padded,
/// so a line ends in spaces only when its last cell is empty.
public struct Table {
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.rows = [header] + rows
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The table, each line ending in `\n`.
    public func render() -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() where index < row.count - 1 {
                widths[index] = max(widths[index], Self.width(cell) + 3, 10)
            }
        }
        var out = ""
        for row in rows {
            for (index, cell) in row.enumerated() {
                out += cell
                if index < row.count - 1 {
                    out += String(repeating: " ", count: widths[index] - Self.width(cell))
                }
            }
            out += "\n"
        }
        return out
    }

    /// Display width: one column per character (docker's `…` counts as one).
    static func width(_ s: String) -> Int { s.count }
}

/// docker's `formatter.Ellipsis`: keeps `s` if it fits in `n`, else `n-1` characters and `…`.
public func ellipsis(_ s: String, _ n: Int) -> String {
    s.count <= n ? s : String(s.prefix(max(0, n - 1))) + "…"
}
