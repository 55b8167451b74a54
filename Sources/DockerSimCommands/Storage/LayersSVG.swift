import DockerSimCore

/// `layers --svg FILE`: the stacked picture as a standalone SVG (one file, no external
/// resources: no fonts, images or style sheets), with a legend and `system df`'s totals, for a
/// slide or a handout. Always the whole stack: an SVG is as wide as it needs to be.
enum LayersSVG {
    /// One character cell, in pixels (a 14px monospace font is about 8.4px wide).
    static let cellWidth = 8.4
    static let rowHeight = 18.0
    static let margin = 16.0

    /// The SVG document for `map`.
    static func render(_ map: StorageMap, texts: StorageTexts) -> String {
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

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" height="\(number(height))" \
            viewBox="0 0 \(number(width)) \(number(height))" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" \
            font-size="14">
            <title>dockersim layers</title>
            <rect x="0" y="0" width="\(number(width))" height="\(number(height))" fill="#ffffff"/>

            """
        func x(_ cell: Int) -> Double { margin + Double(cell) * cellWidth }
        func y(_ row: Int) -> Double { margin + Double(row) * rowHeight }
        func text(_ content: String, cell: Int, row: Int, style: PictureStyle) -> String {
            "<text x=\"\(number(x(cell)))\" y=\"\(number(y(row) + rowHeight * 0.75))\"\(attributes(style))>"
                + escape(content) + "</text>\n"
        }
        for box in layout.boxes {
            let (fill, stroke) = colours(box.style)
            let dash = box.style == .writable ? " stroke-dasharray=\"5 3\"" : ""
            let radius = box.style == .writable ? 8 : 3
            // Boxes sit half a cell inside their border lines, so touching boxes show a gap.
            svg +=
                "<rect x=\"\(number(x(box.x0) + cellWidth * 0.5))\" y=\"\(number(y(box.y0) + rowHeight * 0.5))\" "
                + "width=\"\(number(Double(box.x1 - box.x0) * cellWidth - 2))\" "
                + "height=\"\(number(Double(box.y1 - box.y0) * rowHeight - 2))\" rx=\"\(radius)\" "
                + "fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"1.5\"\(dash)/>\n"
            for (offset, line) in box.lines.enumerated() {
                svg += text(line.text, cell: box.x0 + 2, row: box.y0 + 1 + offset, style: line.style)
            }
        }
        for label in layout.labels { svg += text(label.text, cell: label.x, row: label.y, style: label.style) }

        // The legend: a swatch of each kind of box, then what the numbers are.
        for (index, entry) in legend.enumerated() {
            let top = legendTop + Double(index) * rowHeight * 1.4
            if let kind = entry.style {
                let (fill, stroke) = colours(kind)
                let dash = kind == .writable ? " stroke-dasharray=\"4 2\"" : ""
                svg +=
                    "<rect x=\"\(number(margin))\" y=\"\(number(top + 2))\" width=\"\(number(cellWidth * 2.5))\" "
                    + "height=\"\(number(rowHeight - 4))\" rx=\"3\" fill=\"\(fill)\" stroke=\"\(stroke)\" "
                    + "stroke-width=\"1.5\"\(dash)/>\n"
            }
            svg +=
                "<text x=\"\(number(margin + cellWidth * 4))\" y=\"\(number(top + rowHeight * 0.75))\"\(attributes(.dim))>"
                + escape(entry.text) + "</text>\n"
        }
        for (index, note) in notes.enumerated() {
            svg +=
                "<text x=\"\(number(margin))\" y=\"\(number(notesTop + Double(index) * rowHeight + rowHeight * 0.75))\"\(attributes(note.1))>"
                + escape(note.0) + "</text>\n"
        }
        for (index, line) in totals.enumerated() {
            svg +=
                "<text x=\"\(number(margin))\" y=\"\(number(totalsTop + Double(index) * rowHeight + rowHeight * 0.75))\"\(attributes(index == 0 ? .title : .plain))>"
                + escape(line) + "</text>\n"
        }
        svg += "</svg>\n"
        return svg
    }

    /// Fill and stroke of a box.
    static func colours(_ style: PictureStyle) -> (fill: String, stroke: String) {
        switch style {
        case .sharedLayer: ("#d6ecf5", "#2b7a99")
        case .uniqueLayer: ("#fcebc8", "#b7791f")
        case .writable: ("#e4f5e1", "#2f855a")
        default: ("none", "#444444")
        }
    }

    /// Text attributes of a style (`xml:space` keeps the spaces the picture aligns with).
    static func attributes(_ style: PictureStyle) -> String {
        let base = " xml:space=\"preserve\""
        switch style {
        case .plain, .sharedLayer, .uniqueLayer: return base + " fill=\"#1a202c\""
        case .title: return base + " fill=\"#1a202c\" font-weight=\"bold\""
        case .dim: return base + " fill=\"#5a6472\""
        case .writable: return base + " fill=\"#22543d\" font-weight=\"bold\""
        case .mount: return base + " fill=\"#2c5282\""
        }
    }

    /// `12`, `12.5`: at most two decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let whole = hundredths / 100
        let fraction = abs(hundredths % 100)
        if fraction == 0 { return String(whole) }
        return String(whole) + "."
            + (fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction))
    }

    /// Text as XML character data: markup characters escaped, characters XML 1.0 forbids dropped.
    static func escape(_ text: String) -> String {
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
