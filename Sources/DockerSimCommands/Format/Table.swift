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
    /// Every cell's UTF-8 bytes, one after the other, and where each ends: a cell is copied in
    /// once, as it is added, and out once, into the output (no array of strings per row, no
    /// string kept per cell). Copies of a table share it: the one holding all its cells
    /// (``Cells/cellsUsed``) adds in place, the others copy their own cells first.
    private var storage: Cells
    /// How many bytes of the storage hold cells.
    private var byteCount = 0
    /// How many cells were added.
    private var cellCount = 0
    /// For each row, the index of the cell after its last.
    private var rowEnds: [Int] = []
    /// The index of the first cell of the row being written.
    private var rowStart = 0
    /// The sum of every cell's width, and of every row's last cell's width: with the widest
    /// cell of each column, the rendered length without a pass over the cells.
    private var widthSum = 0
    private var lastWidthSum = 0
    /// How many cells every row has, while all rows have as many (-1: no row yet, -2: they differ).
    private var rowLength = -1

    /// How columns are padded.
    public enum Style: Sendable {
        /// docker's: spaces, minwidth 10, padding 3.
        case docker
        /// buildx's: tabs of 8 columns, minwidth 1, padding 1.
        case tabs
    }

    public init(header: [String], rows: [[String]] = [], style: Style = .docker) {
        self.style = style
        storage = Cells(bytes: 256, cells: 32, columns: 8)
        if !header.isEmpty { append(header) }
        for row in rows { append(row) }
    }

    /// A cell's end in the storage's bytes and its display width.
    struct Cell {
        var end: Int
        var width: Int
    }

    /// A table's memory: the cells' bytes (with 16 zero bytes more, so that cells are read and
    /// written a word at a time), their ends and widths, and the widest cell of each column.
    final class Cells {
        let bytes: UnsafeMutablePointer<UInt8>
        let byteCapacity: Int
        let cells: UnsafeMutablePointer<Cell>
        let cellCapacity: Int
        let widest: UnsafeMutablePointer<Int>
        let columnCapacity: Int
        /// How many cells the table that added the last one holds: only a table holding exactly
        /// as many adds in place (cells are only ever added, by that table, so a copy left
        /// behind holds fewer); ``widest`` is then that table's.
        var cellsUsed = 0

        init(bytes byteCapacity: Int, cells cellCapacity: Int, columns columnCapacity: Int) {
            self.byteCapacity = byteCapacity
            self.cellCapacity = cellCapacity
            self.columnCapacity = columnCapacity
            // Not zero-filled (a table of thousands of rows reserves hundreds of kilobytes): a
            // cell's bytes are written before they are read, and what a word-sized read takes
            // past a cell's end is masked or written over; only the slack is zeroed.
            bytes = .allocate(capacity: byteCapacity + Table.slack)
            (bytes + byteCapacity).initialize(repeating: 0, count: Table.slack)
            cells = .allocate(capacity: cellCapacity)
            widest = .allocate(capacity: columnCapacity)
            widest.initialize(repeating: 0, count: columnCapacity)
        }

        deinit {
            bytes.deallocate()
            cells.deallocate()
            widest.deallocate()
        }
    }

    /// Bytes past the end of the cells (and of a rendered table) that a word-sized read or write
    /// may touch.
    static let slack = 16

    /// Makes room for one more cell of `bytes` bytes in storage whose cells are this table's
    /// (no other table adds there: a copy that added since holds more cells, ``Cells/cellsUsed``).
    @inline(__always)
    private mutating func room(_ bytes: Int) {
        if cellCount != storage.cellsUsed || byteCount &+ bytes > storage.byteCapacity
            || cellCount == storage.cellCapacity || cellCount &- rowStart >= storage.columnCapacity
        {
            grow(bytes)
        }
    }

    /// Moves the cells into new storage with room for one more cell of `bytes` bytes.
    private mutating func grow(_ bytes: Int) {
        let old = storage
        let column = cellCount - rowStart
        let new = Cells(
            bytes: byteCount + bytes > old.byteCapacity
                ? max(old.byteCapacity * 2, byteCount + bytes) : old.byteCapacity,
            cells: cellCount == old.cellCapacity ? old.cellCapacity * 2 : old.cellCapacity,
            columns: column >= old.columnCapacity ? max(old.columnCapacity * 2, column + 1) : old.columnCapacity)
        move(to: new)
    }

    /// Copies this table's cells into `new` and makes it the table's storage. The widest cell
    /// of each column comes along when the old storage held this table's cells alone, else it
    /// is measured again (a copy that added since widened the old one's).
    private mutating func move(to new: Cells) {
        let old = storage
        new.bytes.update(from: old.bytes, count: byteCount)
        new.cells.initialize(from: old.cells, count: cellCount)
        if cellCount == old.cellsUsed {
            new.widest.update(from: old.widest, count: old.columnCapacity)
        } else {
            var first = 0
            for end in rowEnds + [cellCount] {
                for cell in first..<end {
                    let column = new.widest + (cell - first)
                    column.pointee = max(column.pointee, old.cells[cell].width)
                }
                first = end
            }
        }
        new.cellsUsed = cellCount
        storage = new
    }

    /// Records the cell whose bytes end at ``byteCount``, `width` columns wide.
    @inline(__always)
    private mutating func endCell(width: Int) {
        let storage = self.storage
        storage.cells[cellCount] = Cell(end: byteCount, width: width)
        let column = storage.widest + (cellCount &- rowStart)
        if column.pointee < width { column.pointee = width }
        widthSum &+= width
        cellCount &+= 1
        storage.cellsUsed = cellCount
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
        let plain: Bool
        if let copied = cell.utf8.withContiguousStorageIfAvailable({ copy($0) }) {
            plain = copied
        } else {
            var text = cell
            plain = text.withUTF8 { copy($0) }
        }
        endCell(width: plain ? cell.utf8.count : cell.count)
    }

    /// Copies `text` in as the next cell's bytes; whether it is plain (``isPlain(_:)``).
    @inline(__always)
    private mutating func copy(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = text.count
        room(count)
        let to = storage.bytes + byteCount
        byteCount &+= count
        guard let from = text.baseAddress, count > 0 else { return true }
        return Self.copyPlain(UnsafeRawPointer(from), count: count, to: UnsafeMutableRawPointer(to))
    }

    /// Copies the `count` bytes at `from` to `to` and says whether they are plain
    /// (``isPlain(_:)``). Up to 16 bytes are moved as two words that overlap (4 to 7 bytes as
    /// two half words): no call, and nothing read or written outside the `count` bytes.
    @inline(__always)
    static func copyPlain(_ from: UnsafeRawPointer, count: Int, to: UnsafeMutableRawPointer) -> Bool {
        let word: UInt64
        if count >= 8 {
            guard count <= 16 else {
                to.copyMemory(from: from, byteCount: count)
                return isPlain(padded: to.assumingMemoryBound(to: UInt8.self), count: count)
            }
            let first = from.loadUnaligned(as: UInt64.self)
            let last = from.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            to.storeBytes(of: first, as: UInt64.self)
            to.storeBytes(of: last, toByteOffset: count &- 8, as: UInt64.self)
            return isPlainWord(first) && isPlainWord(last)
        } else if count >= 4 {
            let first = from.loadUnaligned(as: UInt32.self)
            let last = from.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            to.storeBytes(of: first, as: UInt32.self)
            to.storeBytes(of: last, toByteOffset: count &- 4, as: UInt32.self)
            word = UInt64(first) | UInt64(last) << 32
        } else {
            // 1 to 3 bytes; the word's other bytes zeros (a zero byte is neither high nor `\r`).
            var bytes: UInt64 = 0
            var index = 0
            while index < count {
                let byte = from.load(fromByteOffset: index, as: UInt8.self)
                to.storeBytes(of: byte, toByteOffset: index, as: UInt8.self)
                bytes |= UInt64(byte) << UInt64(index &* 8)
                index &+= 1
            }
            word = bytes
        }
        return isPlainWord(word)
    }

    /// Whether none of a word's eight bytes is high or `\r` (``isPlain(_:)`` for one word).
    @inline(__always)
    static func isPlainWord(_ word: UInt64) -> Bool {
        let word = UInt64(littleEndian: word)
        let crossed = word ^ 0x0D0D_0D0D_0D0D_0D0D
        return (word | ((crossed &- 0x0101_0101_0101_0101) & ~crossed)) & 0x8080_8080_8080_8080 == 0
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

    /// ``isPlain(_:)`` of the `count` bytes at `base`, which may be read 7 bytes further: the
    /// last word is read whole and the bytes past the text masked to zeros.
    @inline(__always)
    static func isPlain(padded base: UnsafePointer<UInt8>, count: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let returns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
        var seen: UInt64 = 0
        var offset = 0
        while offset + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            let crossed = word ^ returns
            seen |= word | ((crossed &- ones) & ~crossed)
            offset += 8
        }
        let rest = count - offset
        if rest > 0 {
            let mask: UInt64 = (1 << UInt64(rest * 8)) &- 1
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)) & mask
            let crossed = word ^ returns
            seen |= word | ((crossed &- ones) & ~crossed)
        }
        return seen & highs == 0
    }

    /// Adds a cell holding a number in decimal.
    public mutating func add(_ number: Int) {
        guard number >= 0 else {
            add(String(number))
            return
        }
        room(20)  // the longest Int
        let digits = Units.writeDecimal(UInt64(number), to: storage.bytes + byteCount)
        byteCount += digits
        endCell(width: digits)
    }

    /// Adds a cell holding the first 12 characters of a hex ID (a container's short ID), copied
    /// from the ID's own text (no string made for it).
    public mutating func add(shortIDOf id: String) {
        let added = id.utf8.withContiguousStorageIfAvailable { hex -> Bool in
            let count = min(12, hex.count)
            room(count)
            let to = storage.bytes + byteCount
            Self.copyPrefix(hex, count: count, to: to)
            // Hex digits: one column per byte (anything else goes through the text path).
            guard Self.isPlain(padded: to, count: count) else { return false }
            byteCount += count
            endCell(width: count)
            return true
        }
        if added != true { add(String(decoding: id.utf8.prefix(12), as: UTF8.self)) }
    }

    /// Adds a cell holding a digest's first 12 hex digits (docker's short ID), copied from the
    /// digest's own text (no string made for it).
    public mutating func add(shortID digest: Digest) {
        let hex = digest.hex.utf8
        let count = min(12, hex.count)  // hex digits: one column per byte
        let copied = hex.withContiguousStorageIfAvailable { hex -> Bool in
            room(count)
            Self.copyPrefix(hex, count: count, to: storage.bytes + byteCount)
            return true
        }
        guard copied == true else {
            add(String(decoding: hex.prefix(12), as: UTF8.self))
            return
        }
        byteCount += count
        endCell(width: count)
    }

    /// Copies the first `count` (at most 12) bytes of `text` to `to`: 12 as two overlapping words.
    @inline(__always)
    private static func copyPrefix(_ text: UnsafeBufferPointer<UInt8>, count: Int, to: UnsafeMutablePointer<UInt8>) {
        guard let from = text.baseAddress, count > 0 else { return }
        if count == 12 {
            let low = UnsafeRawPointer(from).loadUnaligned(as: UInt64.self)
            let high = UnsafeRawPointer(from + 4).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(to).storeBytes(of: low, as: UInt64.self)
            UnsafeMutableRawPointer(to + 4).storeBytes(of: high, as: UInt64.self)
        } else {
            to.update(from: from, count: count)
        }
    }

    /// Ends the row the cells added since the last row belong to.
    public mutating func endRow() {
        let length = cellCount - rowStart
        if length > 0 { lastWidthSum += storage.cells[cellCount - 1].width }
        rowLength = rowLength == -1 || rowLength == length ? length : -2
        rowEnds.append(cellCount)
        rowStart = cellCount
    }

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
        let start = index == 0 ? 0 : storage.cells[index - 1].end
        return String(
            decoding: UnsafeBufferPointer(start: storage.bytes + start, count: storage.cells[index].end - start),
            as: UTF8.self)
    }

    /// Makes room for `rows` more rows of `columns` cells and about `bytesPerRow` bytes each (a
    /// table of thousands of rows then grows its buffers once).
    public mutating func reserveCapacity(rows: Int, columns: Int, bytesPerRow: Int) {
        let bytes = byteCount + rows * bytesPerRow
        let cells = cellCount + rows * columns
        if bytes > storage.byteCapacity || cells > storage.cellCapacity || columns > storage.columnCapacity {
            let old = storage
            move(
                to: Cells(
                    bytes: max(bytes, old.byteCapacity), cells: max(cells, old.cellCapacity),
                    columns: max(columns, old.columnCapacity)))
        }
        rowEnds.reserveCapacity(rowEnds.count + rows)
    }

    /// Adds a cell holding `Units.humanSize(size, precision: precision)`, written straight into
    /// the table (no string made for it) by ``Units/writeHumanSize(_:precision:to:)``.
    public mutating func add(humanSize size: Int64, precision: Int = 4) {
        room(Units.humanSizeRoom)
        guard let count = Units.writeHumanSize(size, precision: precision, to: storage.bytes + byteCount) else {
            add(Units.humanSize(size, precision: precision))
            return
        }
        byteCount += count
        endCell(width: count)  // digits and a unit: one column per byte
    }

    /// The table, each line ending in `\n`.
    public func render() -> String {
        if style == .tabs { return renderTabs() }
        let (widths, length) = layout()
        // The output's exact length is known before it is written, so the lines go straight
        // into the string's own buffer (a table of 10,000 rows costs what its bytes do).
        return String(unsafeUninitializedCapacity: length + Self.slack) { buffer in
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
        output.append(contentsOf: repeatElement(0, count: length + Self.slack))
        output.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            _ = write(widths, to: base + start)
        }
        output.removeLast(Self.slack)
    }

    /// Every column's width but a row's last (`max(10, widest cell + 3)`), and the length of the
    /// rendered table in bytes.
    func layout() -> (widths: [Int], length: Int) {
        if rowLength >= 0 && rowStart == cellCount && cellCount == storage.cellsUsed {
            // Every row has `rowLength` cells: a column's width is its widest cell's, and the
            // padding is those widths for every row less the width of the cells padded.
            let columns = max(0, rowLength - 1)
            var widths = [Int](repeating: 10, count: columns)
            var padded = 0
            for column in 0..<columns {
                widths[column] = max(10, storage.widest[column] + 3)
                padded += widths[column]
            }
            return (widths, byteCount + rowEnds.count + rowEnds.count * padded - (widthSum - lastWidthSum))
        }
        return layoutByCell()
    }

    /// ``layout()`` cell by cell, for rows of different lengths.
    func layoutByCell() -> (widths: [Int], length: Int) {
        var columns = 0
        var first = 0
        for end in rowEnds {
            columns = max(columns, end - first - 1)
            first = end
        }
        var widths = [Int](repeating: 10, count: columns)
        var length = byteCount + rowEnds.count
        // Read in place (no bounds checks on the thousands of cells).
        let cells = storage.cells
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
        return (widths, length)
    }

    /// Writes the rows, padded to `widths`, at `to`; returns the bytes written. Cells and
    /// padding are written a word at a time: up to ``slack`` bytes past the end may be written.
    private func write(_ widths: [Int], to: UnsafeMutablePointer<UInt8>) -> Int {
        let from = UnsafeRawPointer(storage.bytes)
        let cells = storage.cells
        let out = UnsafeMutableRawPointer(to)
        return rowEnds.withUnsafeBufferPointer { rowEnds in
            widths.withUnsafeBufferPointer { widths in
                var position = 0
                var cell = 0
                var start = 0
                for end in rowEnds {
                    // Every cell but the row's last, then its padding: a cell's bytes are
                    // written whole words at a time and the padding's spaces over what went past.
                    var column = 0
                    while cell &+ 1 < end {
                        let cellEnd = cells[cell].end
                        let count = cellEnd &- start
                        Self.copyCell(from + start, count: count, to: out + position)
                        position &+= count
                        start = cellEnd
                        let padding = widths[column] &- cells[cell].width
                        Self.spaces(out + position, count: padding)
                        position &+= padding
                        cell &+= 1
                        column &+= 1
                    }
                    if cell < end {
                        let cellEnd = cells[cell].end
                        let count = cellEnd &- start
                        Self.copyCell(from + start, count: count, to: out + position)
                        position &+= count
                        start = cellEnd
                        cell &+= 1
                    }
                    out.storeBytes(of: 0x0A, toByteOffset: position, as: UInt8.self)
                    position &+= 1
                }
                return position
            }
        }
    }

    /// Copies a cell's `count` bytes from the table's storage (which may be read ``slack``
    /// bytes further) to `to` (which may be written 16 bytes further): up to 16 bytes as two
    /// words, up to 32 as four.
    @inline(__always)
    private static func copyCell(_ from: UnsafeRawPointer, count: Int, to: UnsafeMutableRawPointer) {
        to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
        guard count > 16 else { return }
        if count <= 32 {
            to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: 16, as: UInt64.self), toByteOffset: 16, as: UInt64.self)
            to.storeBytes(
                of: from.loadUnaligned(fromByteOffset: 24, as: UInt64.self), toByteOffset: 24, as: UInt64.self)
        } else {
            to.copyMemory(from: from, byteCount: count)
        }
    }

    /// Writes `count` spaces at `to` (which may be written 16 bytes further): up to 16 as two
    /// words.
    @inline(__always)
    private static func spaces(_ to: UnsafeMutableRawPointer, count: Int) {
        let spaces: UInt64 = 0x2020_2020_2020_2020
        to.storeBytes(of: spaces, as: UInt64.self)
        to.storeBytes(of: spaces, toByteOffset: 8, as: UInt64.self)
        var offset = 16
        while offset < count {
            to.storeBytes(of: spaces, toByteOffset: offset, as: UInt64.self)
            offset &+= 8
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
        return String(unsafeUninitializedCapacity: total + slack) { buffer in
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
        let cells = storage.cells
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
