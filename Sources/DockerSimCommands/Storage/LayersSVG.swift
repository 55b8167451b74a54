import DockerSimCore

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
    static func render(_ map: StorageMap, texts: StorageTexts) -> [UInt8] {
        let layout = StackLayout(map: map, texts: texts)
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

        var svg = Writer()
        svg.bytes.reserveCapacity(512 + layout.boxes.count * 400 + layout.labels.count * 120)
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
        for box in layout.boxes {
            let (fill, stroke) = colours(box.style)
            let writable = box.style == .writable
            // Boxes sit half a cell inside their border lines, so touching boxes show a gap.
            svg.rect(
                x: x(box.x0) + cellWidth * 0.5, y: y(box.y0) + rowHeight * 0.5,
                width: Double(box.x1 - box.x0) * cellWidth - 2, height: Double(box.y1 - box.y0) * rowHeight - 2,
                radius: writable ? "8" : "3", fill: fill, stroke: stroke, dash: writable ? "5 3" : nil)
            for (offset, line) in box.lines.enumerated() {
                svg.text(
                    line.text, x: x(box.x0 + 2), y: y(box.y0 + 1 + offset) + rowHeight * 0.75, style: line.style)
            }
        }
        for label in layout.labels {
            svg.text(label.text, x: x(label.x), y: y(label.y) + rowHeight * 0.75, style: label.style)
        }

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
        return svg.bytes
    }

    /// Appends the document's pieces as UTF-8.
    struct Writer {
        var bytes: [UInt8] = []

        mutating func raw(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func raw(_ text: String) {
            var text = text
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }

        /// ``LayersSVG/number(_:)``, written in place.
        mutating func number(_ value: Double) {
            let hundredths = Int((value * 100).rounded())
            if hundredths < 0 { bytes.append(0x2D) }
            let magnitude = hundredths.magnitude
            digits(magnitude / 100)
            let fraction = magnitude % 100
            guard fraction != 0 else { return }
            bytes.append(0x2E)
            bytes.append(UInt8(48 + fraction / 10))
            if fraction % 10 != 0 { bytes.append(UInt8(48 + fraction % 10)) }
        }

        private mutating func digits(_ value: UInt) {
            var divisor: UInt = 1
            while value / divisor >= 10 { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(48 + (value / divisor) % 10))
                divisor /= 10
            }
        }

        /// `<text x=… y=…>` with the style's attributes, the escaped text, `</text>`.
        mutating func text(_ content: String, x: Double, y: Double, style: PictureStyle) {
            raw("<text x=\"")
            number(x)
            raw("\" y=\"")
            number(y)
            raw("\"")
            raw(staticAttributes(style))
            raw(">")
            escaped(content)
            raw("</text>\n")
        }

        mutating func rect(
            x: Double, y: Double, width: Double, height: Double, radius: StaticString, fill: StaticString,
            stroke: StaticString, dash: StaticString?
        ) {
            raw("<rect x=\"")
            number(x)
            raw("\" y=\"")
            number(y)
            raw("\" width=\"")
            number(width)
            raw("\" height=\"")
            number(height)
            raw("\" rx=\"")
            raw(radius)
            raw("\" fill=\"")
            raw(fill)
            raw("\" stroke=\"")
            raw(stroke)
            raw("\" stroke-width=\"1.5\"")
            if let dash {
                raw(" stroke-dasharray=\"")
                raw(dash)
                raw("\"")
            }
            raw("/>\n")
        }

        /// Text as XML character data (see ``LayersSVG/escape(_:)``).
        mutating func escaped(_ text: String) {
            var text = text
            let plain = text.withUTF8 { utf8 in
                for byte in utf8
                where byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0xEF {
                    return false
                }
                bytes.append(contentsOf: utf8)
                return true
            }
            if !plain { raw(escape(text)) }
        }
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
        var writer = Writer()
        writer.number(value)
        return String(decoding: writer.bytes, as: UTF8.self)
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
