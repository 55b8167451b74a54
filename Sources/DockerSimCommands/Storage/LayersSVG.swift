import DockerSimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `layers --svg FILE`: the stacked picture as a standalone SVG (one file, no external
/// resources: no fonts, images or style sheets), with a legend and `system df`'s totals, for a
/// slide or a handout. Always the whole stack: an SVG is as wide as it needs to be.
enum LayersSVG {
    /// One character cell, in pixels (a 14px monospace font is about 8.4px wide).
    static let cellWidth = 8.4
    static let rowHeight = 18.0
    static let margin = 16.0

    /// The SVG document for `map`, as UTF-8 bytes (written straight into a buffer: a picture of
    /// 10,000 images is megabytes of text).
    ///
    /// A layer box's two lines are written from the map straight (`direct`), without making them
    /// strings first, whenever they fit their box as they are and need no escaping; else (and
    /// without `direct`) as ``StackLayout/layerLines(_:room:sizes:)`` makes them. Both give the
    /// same bytes (a test compares them).
    ///
    /// `keepNumbers` false makes every number's text again instead of copying the one kept
    /// (``Cursor/number(_:)``): the same bytes (a test compares them).
    static func render(
        _ map: StorageMap, texts: StorageTexts, direct: Bool = true, keepNumbers: Bool = true
    ) -> [UInt8] {
        let layout = StackLayout(map: map, texts: texts, layerLines: !direct, direct: direct)
        let pictureHeight = Double(layout.height) * rowHeight
        var notes: [(String, PictureStyle)] = []
        if map.columns.isEmpty && map.volumes.isEmpty { notes.append((texts.empty, .plain)) }
        let idle = map.volumes.filter { $0.links == 0 }
        if !idle.isEmpty {
            notes.append(
                (
                    texts.idleVolumes(idle.map { "\($0.name) (\(Units.humanSize($0.size)))" }.joined(separator: ", ")),
                    .mount
                ))
        }
        if map.isPartial { notes.append((texts.partial, .dim)) }
        var table = Table(header: ["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"])
        for row in map.totals { table.append(row) }
        let totals = [texts.totalsTitle] + table.render().split(separator: "\n").map(String.init)
        let legend = texts.svgLegend
        let legendTop = margin + pictureHeight + rowHeight
        let notesTop = legendTop + Double(legend.count) * rowHeight * 1.4 + rowHeight * 0.5
        let totalsTop = notesTop + Double(notes.count) * rowHeight + (notes.isEmpty ? 0 : rowHeight * 0.5)
        let longest = (legend.map { $0.text.count + 4 } + notes.map(\.0.count) + totals.map(\.count)).max() ?? 0
        let width = margin * 2 + Double(max(layout.width, longest)) * cellWidth
        let height = totalsTop + Double(totals.count) * rowHeight + margin

        func write(into svg: inout Writer) {
            svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
            svg.number(width)
            svg.raw("\" height=\"")
            svg.number(height)
            svg.raw("\" viewBox=\"0 0 ")
            svg.number(width)
            svg.raw(" ")
            svg.number(height)
            svg.raw(
                "\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"14\">\n<title>dockersim layers</title>\n<rect x=\"0\" y=\"0\" width=\""
            )
            svg.number(width)
            svg.raw("\" height=\"")
            svg.number(height)
            svg.raw("\" fill=\"#ffffff\"/>\n")
            func x(_ cell: Int) -> Double { margin + Double(cell) * cellWidth }
            func y(_ row: Int) -> Double { margin + Double(row) * rowHeight }
            var sizes = layout.sizes  // the texts the layout made (each size made once)
            let idPrefix = direct ? StackLayout.idPrefix(texts) : ""
            for box in layout.boxes {
                let (fill, stroke) = colours(box.style)
                let writable = box.style == .writable
                // Boxes sit half a cell inside their border lines, so touching boxes show a gap.
                svg.rect(
                    x: x(box.x0) + cellWidth * 0.5, y: y(box.y0) + rowHeight * 0.5,
                    width: Double(box.x1 - box.x0) * cellWidth - 2, height: Double(box.y1 - box.y0) * rowHeight - 2,
                    radius: writable ? "8" : "3", fill: fill, stroke: stroke, dash: writable ? "5 3" : nil)
                if box.lines.isEmpty, let index = box.layer {
                    let room = box.x1 - box.x0 - 3
                    let tops = (y(box.y0 + 1) + rowHeight * 0.75, y(box.y0 + 2) + rowHeight * 0.75)
                    let written = map.layerBoxes.withUnsafeBufferPointer { layers in
                        svg.layerLines(
                            layers.baseAddress! + index, room: room, x: x(box.x0 + 2), y: tops, sizes: &sizes)
                    }
                    if !written {
                        let layer = map.layerBoxes[index]
                        for (offset, line) in StackLayout.layerLines(layer, room: room, sizes: &sizes).enumerated() {
                            svg.text(line.text, x: x(box.x0 + 2), y: offset == 0 ? tops.0 : tops.1, style: line.style)
                        }
                    }
                }
                if let place = box.container {
                    // A plain ASCII container (``StackLayout/directWidth(_:idPrefix:sizes:)``): its two
                    // lines, cut to the box.
                    // Read in place (no copy of the column or of the container).
                    let (name, id, status, sizeValue) = map.columns.withUnsafeBufferPointer { columns in
                        columns[place.column].withContainers { containers in
                            (
                                containers[place.index].name, containers[place.index].id,
                                containers[place.index].status.rawValue, containers[place.index].size
                            )
                        }
                    }
                    // The box is one cell narrower than its column: its lines are cut one cell shorter.
                    let room = box.x1 - box.x0 - 3
                    if let size = sizes.short(sizeValue, precision: 3) {
                        svg.asciiLine(
                            x: x(box.x0 + 2), y: y(box.y0 + 1) + rowHeight * 0.75, style: .writable, room: room,
                            most: name.utf8.count + 2 + 16
                        ) {
                            $0.string(name)
                            $0.raw("  ")
                            $0.size(size)
                        }
                    } else {
                        let size = sizes.text(sizeValue, precision: 3)
                        svg.asciiLine(
                            x: x(box.x0 + 2), y: y(box.y0 + 1) + rowHeight * 0.75, style: .writable, room: room,
                            most: name.utf8.count + 2 + size.utf8.count
                        ) {
                            $0.string(name)
                            $0.raw("  ")
                            $0.string(size)
                        }
                    }
                    svg.asciiLine(
                        x: x(box.x0 + 2), y: y(box.y0 + 2) + rowHeight * 0.75, style: .dim, room: room,
                        most: 13 + status.utf8.count
                    ) {
                        $0.string(prefix: 12, of: id)
                        $0.raw(" ")
                        $0.string(status)
                    }
                }
                for (offset, line) in box.lines.enumerated() {
                    svg.text(
                        line.text, x: x(box.x0 + 2), y: y(box.y0 + 1 + offset) + rowHeight * 0.75, style: line.style)
                }
            }
            /// The columns' headers (``StackLayout/Header``), each column read in place.
            func writeHeaders(
                _ columns: UnsafeBufferPointer<StorageMap.ImageColumn>, into svg: inout Writer, sizes: inout SizeTexts
            ) {
                for header in layout.headers {
                    if !header.labels.isEmpty {
                        for label in header.labels {
                            svg.text(label.text, x: x(label.x), y: y(label.y) + rowHeight * 0.75, style: label.style)
                        }
                        continue
                    }
                    // A plain ASCII column: its names (three at most, then how many more), ID and sizes,
                    // as ``StackLayout/header(_:texts:sizes:)`` makes them, cut to the column.
                    let column = columns.baseAddress! + header.column
                    let columnSize = column.pointee.size
                    let sharedSize = column.pointee.sharedSize
                    let uniqueSize = column.pointee.uniqueSize
                    let left = x(header.x)
                    var row = header.y
                    // The usual image: its one tag written from the reference's bytes (no string made).
                    let wroteTag: Void? = StorageMap.ImageColumn.withOnlyTagName(of: column) { name in
                        svg.asciiLine(
                            x: left, y: y(row) + rowHeight * 0.75, style: .title, room: header.room, most: name.count
                        ) {
                            $0.bytes(name)
                        }
                    }
                    if wroteTag != nil {
                        row += 1
                    } else {
                        let names = column.pointee.names
                        for name in names.prefix(3) {
                            svg.asciiLine(
                                x: left, y: y(row) + rowHeight * 0.75, style: .title, room: header.room,
                                most: name.utf8.count
                            ) {
                                $0.string(name)
                            }
                            row += 1
                        }
                        if names.count > 3 {
                            let more = "+\(names.count - 3)"
                            svg.asciiLine(
                                x: left, y: y(row) + rowHeight * 0.75, style: .title, room: header.room,
                                most: more.utf8.count
                            ) {
                                $0.string(more)
                            }
                            row += 1
                        }
                    }
                    svg.asciiLine(
                        x: left, y: y(row) + rowHeight * 0.75, style: .dim, room: header.room,
                        most: idPrefix.utf8.count + 12
                    ) {
                        $0.string(idPrefix)
                        $0.string(prefix: 12, of: column.pointee.id.hex)
                    }
                    row += 1
                    if let size = sizes.short(columnSize, precision: 3),
                        let shared = sharedSize > 0 ? sizes.short(sharedSize) : SizeText(),
                        let unique = sharedSize > 0 ? sizes.short(uniqueSize) : SizeText()
                    {
                        // The sizes' bytes kept inline (16 bytes copied each).
                        svg.asciiLine(x: left, y: y(row) + rowHeight * 0.75, style: .plain, room: header.room, most: 54)
                        {
                            $0.size(size)
                            if sharedSize > 0 {
                                $0.raw(" = ")
                                $0.size(shared)
                                $0.raw(" + ")
                                $0.size(unique)
                            }
                        }
                        continue
                    }
                    let size = sizes.text(columnSize, precision: 3)
                    let shared = sharedSize > 0 ? sizes.text(sharedSize) : ""
                    let unique = sharedSize > 0 ? sizes.text(uniqueSize) : ""
                    svg.asciiLine(
                        x: left, y: y(row) + rowHeight * 0.75, style: .plain, room: header.room,
                        most: size.utf8.count + 6 + shared.utf8.count + unique.utf8.count
                    ) {
                        $0.string(size)
                        if sharedSize > 0 {
                            $0.raw(" = ")
                            $0.string(shared)
                            $0.raw(" + ")
                            $0.string(unique)
                        }
                    }
                }
            }

            for label in layout.labels {
                svg.text(label.text, x: x(label.x), y: y(label.y) + rowHeight * 0.75, style: label.style)
            }
            // The columns read in place (a copy of one retains all of its fields).
            // (`sizes` passed, not captured: a captured variable was checked on each access.)
            map.columns.withUnsafeBufferPointer { columns in writeHeaders(columns, into: &svg, sizes: &sizes) }

            // The legend: a swatch of each kind of box, then what the numbers are.
            for (index, entry) in legend.enumerated() {
                let top = legendTop + Double(index) * rowHeight * 1.4
                if let kind = entry.style {
                    let (fill, stroke) = colours(kind)
                    svg.rect(
                        x: margin, y: top + 2, width: cellWidth * 2.5, height: rowHeight - 4, radius: "3", fill: fill,
                        stroke: stroke, dash: kind == .writable ? "4 2" : nil)
                }
                svg.text(entry.text, x: margin + cellWidth * 4, y: top + rowHeight * 0.75, style: .dim)
            }
            for (index, note) in notes.enumerated() {
                svg.text(note.0, x: margin, y: notesTop + Double(index) * rowHeight + rowHeight * 0.75, style: note.1)
            }
            for (index, line) in totals.enumerated() {
                svg.text(
                    line, x: margin, y: totalsTop + Double(index) * rowHeight + rowHeight * 0.75,
                    style: index == 0 ? .title : .plain)
            }
            svg.raw("</svg>\n")
        }
        // The document is written straight into the array's storage (no zero-filled buffer, no
        // copy at the end): first into room for what such a picture usually takes, and again
        // into twice that when it did not fit. (A box is about 330 bytes, a header 360: the room
        // asked is half as much again. Asking for much more costs fresh pages on every drawing:
        // glibc maps a block above 32 MiB on its own and unmaps it when freed, while a smaller
        // one freed stays in the heap for the next drawing to reuse.)
        var capacity = 65_536 + layout.boxes.count * 480 + layout.headers.count * 800 + layout.labels.count * 400
        while true {
            var fitted = false
            // The numbers' texts kept for the document (a picture's coordinates repeat).
            let numbers = UnsafeMutablePointer<NumberText>.allocate(capacity: NumberText.slots)
            numbers.initialize(repeating: NumberText(), count: NumberText.slots)
            defer { numbers.deallocate() }
            let document = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                var svg = Writer(buffer, numbers: keepNumbers ? numbers : nil)
                write(into: &svg)
                fitted = !svg.overflowed
                count = fitted ? svg.count : 0
            }
            if fitted { return document }
            capacity *= 2
        }
    }

    /// Writes the document's pieces as UTF-8 into a buffer of fixed size. Each element (a
    /// `<rect>`, a `<text>`) reserves room for itself once and is then written through a
    /// pointer, without a check per piece: a picture of 10,000 images is more than a million
    /// pieces. An element that does not fit is not written and the writer is marked
    /// ``overflowed`` (the caller writes again into a larger buffer).
    struct Writer {
        private let base: UnsafeMutablePointer<UInt8>
        private let capacity: Int
        /// The bytes written: `base[..<count]`.
        private(set) var count = 0
        /// An element did not fit: what was written is not the document.
        private(set) var overflowed = false

        /// The numbers' texts kept (``Cursor/numbers``).
        private let numbers: UnsafeMutablePointer<NumberText>?

        init(_ buffer: UnsafeMutableBufferPointer<UInt8>, numbers: UnsafeMutablePointer<NumberText>? = nil) {
            base = buffer.baseAddress!
            capacity = buffer.count
            self.numbers = numbers
        }

        /// Runs `body` with a cursor that may write up to `room` bytes.
        @inline(__always)
        mutating func write(room: Int, _ body: (inout Cursor) -> Void) {
            guard count + room <= capacity else {
                overflowed = true
                return
            }
            var cursor = Cursor(position: base + count, numbers: numbers)
            body(&cursor)
            count = cursor.position - base
        }

        mutating func raw(_ text: StaticString) {
            write(room: text.utf8CodeUnitCount) { $0.raw(text) }
        }

        mutating func raw(_ text: String) {
            var text = text
            text.withUTF8 { utf8 in write(room: utf8.count) { $0.bytes(utf8) } }
        }

        /// ``LayersSVG/number(_:)``, written in place.
        mutating func number(_ value: Double) {
            write(room: Cursor.numberRoom) { $0.number(value) }
        }

        /// `<text x=… y=…>` with the style's attributes, the escaped text, `</text>`.
        mutating func text(_ content: String, x: Double, y: Double, style: PictureStyle) {
            var content = content
            if !content.withUTF8({ Self.isPlain($0) }) { content = escape(content) }
            content.withUTF8 { utf8 in text(x: x, y: y, style: style, room: utf8.count) { $0.bytes(utf8) } }
        }

        /// A layer box's two lines (``StackLayout/layerLines(_:room:sizes:)``) written from the
        /// layer's digest, size and step straight, when each fits `room` cells as it is or is
        /// plain ASCII (cut as ``ellipsis(_:_:)`` cuts it) and needs no escaping; false (nothing
        /// written) otherwise. The layer is read in place.
        mutating func layerLines(
            _ layer: UnsafePointer<StorageMap.LayerBox>, room: Int, x: Double, y: (Double, Double),
            sizes: inout SizeTexts
        ) -> Bool {
            guard let size = sizes.short(layer.pointee.size, precision: 3) else { return false }
            // The short ID from the prefix the layer's facts keep (the digest's text not loaded).
            var prefix = layer.pointee.facts.diffIDPrefix
            var createdBy = layer.pointee.createdBy
            return withUnsafeBytes(of: &prefix) { raw in
                let hex = raw.bindMemory(to: UInt8.self)
                // The short ID and the size: ASCII (a size's text is), so a byte is a cell.
                guard Self.isShortHex(hex) else { return false }
                return createdBy.withUTF8 { bytes in
                    if let quick = StackLayout.quickStep(bytes) {
                        return layerLines(
                            hex: hex, size: size, step: UnsafeBufferPointer(rebasing: bytes[quick.range]),
                            kind: quick.kind, room: room, x: x, y: y)
                    }
                    if let kept = StackLayout.stepInPlace(bytes) {
                        let step = UnsafeBufferPointer(rebasing: bytes[kept])
                        return layerLines(
                            hex: hex, size: size, step: step, kind: StackLayout.textKind(step), room: room, x: x, y: y)
                    }
                    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { out in
                        let kept = StackLayout.step(bytes, into: out)
                        let step = UnsafeBufferPointer(rebasing: out[kept])
                        return layerLines(
                            hex: hex, size: size, step: step, kind: StackLayout.textKind(step), room: room, x: x, y: y)
                    }
                }
            }
        }

        /// Whether the first 12 bytes are lowercase hex digits.
        /// (Two words, the second overlapping the first: bytes 0–7 and 4–11; at least 12 bytes.)
        static func isShortHex(_ hex: UnsafeBufferPointer<UInt8>) -> Bool {
            let base = UnsafeRawPointer(hex.baseAddress!)
            return isHexWord(base.loadUnaligned(as: UInt64.self))
                && isHexWord(base.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
        }

        /// Whether each byte of `word` is a lowercase hex digit: ASCII, and at or above `0`
        /// and below `:`, or at or above `a` and below `g`. Each lane's top bit set first, so
        /// that subtracting from it never borrows from the next lane: the top bit stays set
        /// exactly where the byte is at or above what is subtracted.
        @inline(__always)
        private static func isHexWord(_ word: UInt64) -> Bool {
            let tops: UInt64 = 0x8080_8080_8080_8080
            let marked = word | tops
            let digit = (marked &- 0x3030_3030_3030_3030) & ~(marked &- 0x3A3A_3A3A_3A3A_3A3A)
            let letter = (marked &- 0x6161_6161_6161_6161) & ~(marked &- 0x6767_6767_6767_6767)
            return word & tops == 0 && (digit | letter) & tops == tops
        }

        /// The two lines of ``layerLines(_:room:x:y:sizes:)`` from their bytes.
        private mutating func layerLines(
            hex: UnsafeBufferPointer<UInt8>, size: SizeText, step: UnsafeBufferPointer<UInt8>,
            kind: (plain: Bool, ascii: Bool), room: Int, x: Double, y: (Double, Double)
        ) -> Bool {
            // No more bytes than cells: `ellipsis` keeps it whole; plain ASCII is cut by bytes.
            guard kind.plain, step.count <= room || kind.ascii else { return false }
            let first = 14 + size.count
            text(x: x, y: y.0, style: .plain, room: 14 + 16 + 3) { out in
                // hex, two spaces and size (ASCII), cut to room - 1 bytes and `…` when too long.
                let start = out.position
                out.bytes(UnsafeBufferPointer(rebasing: hex[..<12]))
                out.raw("  ")
                out.size(size)
                if first > room {
                    out.position = start + max(0, room - 1)
                    out.ellipsis()
                }
            }
            text(x: x, y: y.1, style: .dim, room: step.count + 3) { out in
                if step.count <= room {
                    out.bytes(step)
                } else {
                    out.bytes(UnsafeBufferPointer(rebasing: step[..<max(0, room - 1)]))
                    out.ellipsis()
                }
            }
            return true
        }

        /// A line of plain ASCII pieces (``StackLayout/isPlainASCII(_:)``), at most `most` bytes,
        /// that `build` writes, as a `<text>` cut as ``ellipsis(_:_:)`` cuts it to `room` cells.
        mutating func asciiLine(
            x: Double, y: Double, style: PictureStyle, room: Int, most: Int, _ build: (inout Cursor) -> Void
        ) {
            text(x: x, y: y, style: style, room: most + 3) { out in
                let start = out.position
                build(&out)
                if out.position - start > room {
                    out.position = start + max(0, room - 1)
                    out.ellipsis()
                }
            }
        }

        /// `<text x=… y=…>` with the style's attributes, what `content` writes (at most `room`
        /// bytes, character data already), `</text>`.
        @inline(__always)
        mutating func text(
            x: Double, y: Double, style: PictureStyle, room: Int, _ content: (inout Cursor) -> Void
        ) {
            let attributes = staticAttributes(style)
            write(room: 40 + 2 * Cursor.numberRoom + attributes.utf8CodeUnitCount + room) { out in
                out.raw("<text x=\"")
                out.number(x)
                out.raw("\" y=\"")
                out.number(y)
                out.raw("\"")
                out.raw(attributes)
                out.raw(">")
                content(&out)
                out.raw("</text>\n")
            }
        }

        mutating func rect(
            x: Double, y: Double, width: Double, height: Double, radius: StaticString, fill: StaticString,
            stroke: StaticString, dash: StaticString?
        ) {
            write(room: 160 + 4 * Cursor.numberRoom) { out in
                out.raw("<rect x=\"")
                out.number(x)
                out.raw("\" y=\"")
                out.number(y)
                out.raw("\" width=\"")
                out.number(width)
                out.raw("\" height=\"")
                out.number(height)
                out.raw("\" rx=\"")
                out.raw(radius)
                out.raw("\" fill=\"")
                out.raw(fill)
                out.raw("\" stroke=\"")
                out.raw(stroke)
                out.raw("\" stroke-width=\"1.5\"")
                if let dash {
                    out.raw(" stroke-dasharray=\"")
                    out.raw(dash)
                    out.raw("\"")
                }
                out.raw("/>\n")
            }
        }

        /// Whether `text` is XML character data as it is (see ``LayersSVG/escape(_:)``).
        static func isPlain(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            for byte in utf8
            where byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0xEF {
                return false
            }
            return true
        }
    }

    /// Where a ``Writer`` element writes: unchecked, inside the room the element reserved.
    struct Cursor {
        /// The most bytes ``number(_:)`` writes (a sign, 19 digits, a point and two decimals).
        static let numberRoom = 24

        var position: UnsafeMutablePointer<UInt8>
        /// The texts of numbers written before, by the value's bits (``NumberText/slots``
        /// slots, one value each): a kept text is copied instead of made again. Nil: none kept.
        var numbers: UnsafeMutablePointer<NumberText>? = nil

        @inline(__always)
        mutating func raw(_ text: StaticString) {
            let count = text.utf8CodeUnitCount
            // `memcpy`, which the compiler knows (moves for a constant text): the typed
            // `update(from:count:)` is one out-of-line specialization the module shares, and
            // `copyMemory` is a call into the Swift runtime.
            memcpy(position, text.utf8Start, count)
            position += count
        }

        /// The UTF-8 of `text`.
        @inline(__always)
        mutating func string(_ text: String) {
            // The bytes read in place (no copy of the string to make it contiguous: it is).
            if text.utf8.withContiguousStorageIfAvailable({ bytes($0) }) != nil { return }
            var text = text
            text.withUTF8 { bytes($0) }
        }

        /// The first `count` bytes of `text` (all of it when shorter).
        @inline(__always)
        mutating func string(prefix count: Int, of text: String) {
            let written: Void? = text.utf8.withContiguousStorageIfAvailable {
                bytes(UnsafeBufferPointer(rebasing: $0[..<min(count, $0.count)]))
            }
            if written != nil { return }
            var text = text
            text.withUTF8 { bytes(UnsafeBufferPointer(rebasing: $0[..<min(count, $0.count)])) }
        }

        @inline(__always)
        mutating func bytes(_ utf8: UnsafeBufferPointer<UInt8>) {
            guard let base = utf8.baseAddress else { return }
            memcpy(position, base, utf8.count)
            position += utf8.count
        }

        /// A size's text kept inline: its 16 bytes stored (inside the room reserved for it,
        /// which is 16 bytes at least), `count` of them kept.
        @inline(__always)
        mutating func size(_ text: SizeText) {
            UnsafeMutableRawPointer(position).storeBytes(of: text.bytes, as: (UInt64, UInt64).self)
            position += text.count
        }

        /// `…` (U+2026), where a cut line ends.
        @inline(__always)
        mutating func ellipsis() {
            byte(0xE2)
            byte(0x80)
            byte(0xA6)
        }

        @inline(__always)
        mutating func byte(_ value: UInt8) {
            position.pointee = value
            position += 1
        }

        /// At most two decimals, no trailing zeros.
        @inline(__always)
        mutating func number(_ value: Double) {
            guard let numbers else { return newNumber(value) }
            // (The bits loaded: `bitPattern` was a call into the runtime here.)
            let bits = withUnsafeBytes(of: value) { $0.load(as: UInt64.self) }
            let slot = numbers + Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> NumberText.shift)
            if slot.pointee.count > 0, slot.pointee.bits == bits {
                // Sixteen bytes copied (within the room reserved for the number), `count` kept.
                UnsafeMutableRawPointer(position).storeBytes(of: slot.pointee.text, as: (UInt64, UInt64).self)
                position += slot.pointee.count
                return
            }
            let start = position
            newNumber(value)
            let count = position - start
            guard count <= 16 else { return }
            var kept = NumberText(bits: bits, count: count)
            withUnsafeMutableBytes(of: &kept.text) { $0.baseAddress?.copyMemory(from: start, byteCount: count) }
            slot.pointee = kept
        }

        /// ``number(_:)`` made from the value.
        @inline(__always)
        mutating func newNumber(_ value: Double) {
            let hundredths = Int((value * 100).rounded())
            if hundredths < 0 { byte(0x2D) }
            let magnitude = hundredths.magnitude
            digits(magnitude / 100)
            let fraction = magnitude % 100
            guard fraction != 0 else { return }
            byte(0x2E)
            byte(UInt8(truncatingIfNeeded: 48 + fraction / 10))
            if fraction % 10 != 0 { byte(UInt8(truncatingIfNeeded: 48 + fraction % 10)) }
        }

        /// `value` in decimal: its length found by comparisons, then the digits written from the
        /// right into their places, two at a time.
        mutating func digits(_ value: UInt) {
            var length = 1
            var limit: UInt = 10
            while value >= limit && length < 19 {
                length += 1
                limit &*= 10
            }
            if length == 19 && value >= limit { length = 20 }
            var place = position + length
            var value = value
            // "00", "01", … "99": two digits at a time.
            let pairs: StaticString =
                "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
            let table = pairs.utf8Start
            while value >= 100 {
                let pair = Int(value % 100) &* 2
                value /= 100
                place -= 2
                place[0] = table[pair]
                place[1] = table[pair + 1]
            }
            if value >= 10 {
                let pair = Int(value) &* 2
                place -= 2
                place[0] = table[pair]
                place[1] = table[pair + 1]
            } else {
                place -= 1
                place[0] = UInt8(truncatingIfNeeded: 48 + value)
            }
            position += length
        }
    }

    /// A number's text kept by ``Cursor/number(_:)``: the value's bits and up to 16 bytes.
    struct NumberText {
        /// How many slots the table has, and the shift that takes a hash's top bits to one.
        static let slots = 16_384
        static let shift: UInt64 = 50
        var bits: UInt64 = 0
        /// The text's length (0: the slot is empty).
        var count = 0
        var text: (UInt64, UInt64) = (0, 0)
    }

    /// Fill and stroke of a box.
    static func colours(_ style: PictureStyle) -> (fill: StaticString, stroke: StaticString) {
        switch style {
        case .sharedLayer: ("#d6ecf5", "#2b7a99")
        case .uniqueLayer: ("#fcebc8", "#b7791f")
        case .writable: ("#e4f5e1", "#2f855a")
        default: ("none", "#444444")
        }
    }

    /// Text attributes of a style (`xml:space` keeps the spaces the picture aligns with).
    static func attributes(_ style: PictureStyle) -> String { staticAttributes(style).description }

    static func staticAttributes(_ style: PictureStyle) -> StaticString {
        switch style {
        case .plain, .sharedLayer, .uniqueLayer: " xml:space=\"preserve\" fill=\"#1a202c\""
        case .title: " xml:space=\"preserve\" fill=\"#1a202c\" font-weight=\"bold\""
        case .dim: " xml:space=\"preserve\" fill=\"#5a6472\""
        case .writable: " xml:space=\"preserve\" fill=\"#22543d\" font-weight=\"bold\""
        case .mount: " xml:space=\"preserve\" fill=\"#2c5282\""
        }
    }

    /// `12`, `12.5`: at most two decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        String(unsafeUninitializedCapacity: Cursor.numberRoom) { buffer in
            var cursor = Cursor(position: buffer.baseAddress!)
            cursor.number(value)
            return cursor.position - buffer.baseAddress!
        }
    }

    /// Text as XML character data: markup characters escaped, characters XML 1.0 forbids dropped.
    static func escape(_ text: String) -> String {
        // Most text needs nothing: no markup character, no control character, no U+FFFE/U+FFFF
        // (whose UTF-8 starts with 0xEF).
        if !text.utf8.contains(where: {
            $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0xEF
        }) {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out += " "
            default:
                let value = scalar.value
                if value < 0x20 || (0xFFFE...0xFFFF).contains(value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
