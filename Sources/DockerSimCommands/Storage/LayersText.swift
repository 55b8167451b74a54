import DockerSimCore

/// Text with a style on each run: plain for a transcript, a file or a pipe; coloured on a
/// terminal that allows colour (``ansi``).
struct StyledText: Sendable, Equatable {
    struct Run: Sendable, Equatable {
        var text: String
        var style: PictureStyle
    }

    /// The lines, without their newlines.
    var lines: [[Run]] = []

    mutating func append(_ text: String, _ style: PictureStyle = .plain) {
        lines.append(text.isEmpty ? [] : [Run(text: text, style: style)])
    }

    mutating func append(contentsOf other: StyledText) { lines += other.lines }

    /// Every line with its newline, no colour.
    var plain: String {
        var out = ""
        for line in lines {
            for run in line { out += run.text }
            out += "\n"
        }
        return out
    }

    /// Every line with its newline, coloured with ANSI escapes (reset before each newline).
    var ansi: String {
        var out = ""
        for line in lines {
            for run in line {
                if let code = Self.code(run.style) {
                    out += "\u{1B}[\(code)m" + run.text + "\u{1B}[0m"
                } else {
                    out += run.text
                }
            }
            out += "\n"
        }
        return out
    }

    static func code(_ style: PictureStyle) -> String? {
        switch style {
        case .plain: nil
        case .title: "1"
        case .dim: "2"
        case .sharedLayer: "36"
        case .uniqueLayer: "33"
        case .writable: "32"
        case .mount: "34"
        }
    }
}

/// `layers` on a terminal: the stacked picture when it fits the width, else the tree; then the
/// legend and `system df`'s totals.
enum LayersText {
    /// The most lines a terminal drawing may take (about one per layer, image and container):
    /// past it, `layers` says how to see the state instead of scrolling it away.
    static let maxLines = 2_000

    /// About how many lines the drawing of `map` takes (its tree form: one per layer, image and
    /// container).
    static func lineCount(_ map: StorageMap) -> Int {
        map.layerBoxes.count + map.columns.reduce(0) { $0 + 1 + $1.containerCount }
    }

    /// The whole drawing of `map` for a terminal `columns` wide (`tree` forces the tree form).
    static func render(_ map: StorageMap, texts: StorageTexts, columns: Int, tree: Bool) -> StyledText {
        var out = StyledText()
        if map.columns.isEmpty && map.volumes.isEmpty {
            out.append(texts.empty)
            return out
        }
        let needed = StackLayout.width(of: map, texts: texts)
        if tree || needed > columns {
            if !tree { wrap(texts.tooWide(needed, columns: columns), width: columns, style: .dim, into: &out) }
            out.append(contentsOf: self.tree(map, texts: texts, columns: columns))
        } else {
            out.append(contentsOf: stack(StackLayout(map: map, texts: texts)))
            out.append("")
            // The legend of what the picture has: boxes, writable layers, shared sizes.
            let legend = texts.legend
            wrap(legend[0], width: columns, style: .dim, into: &out)
            if map.columns.contains(where: { $0.containerCount > 0 }) {
                wrap(legend[1], width: columns, style: .dim, into: &out)
            }
            if map.columns.contains(where: { $0.sharedSize > 0 }) {
                wrap(legend[2], width: columns, style: .dim, into: &out)
            }
        }
        let idle = map.volumes.filter { $0.links == 0 }
        if !idle.isEmpty {
            out.append("")
            let list = idle.map { "\($0.name) (\(Units.humanSize($0.size)))" }.joined(separator: ", ")
            wrap(texts.idleVolumes(list), width: columns, style: .mount, into: &out)
        }
        if map.isPartial {
            out.append("")
            wrap(texts.partial, width: columns, style: .dim, into: &out)
        }
        out.append("")
        out.append(texts.totalsTitle)
        var table = Table(header: ["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"])
        for row in map.totals { table.append(row) }
        for line in table.render().split(separator: "\n") { out.append(String(line)) }
        return out
    }

    /// Words of `text` on lines of at most `width` columns.
    static func wrap(_ text: String, width: Int, style: PictureStyle, into out: inout StyledText) {
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                out.append(line, style)
                line = "    "
            }
            line += (line.isEmpty || line == "    " ? "" : " ") + word
        }
        if !line.isEmpty { out.append(line, style) }
    }

    // MARK: - The stack

    /// One cell of the canvas: a character, or box lines meeting there.
    private struct Cell {
        var character: Character = " "
        /// Lines leaving the cell: 1 up, 2 down, 4 left, 8 right.
        var lines: UInt8 = 0
        var style: PictureStyle = .plain
        var dashed = false
    }

    /// The stacked picture, drawn with box-drawing characters (borders of touching boxes merge).
    static func stack(_ layout: StackLayout) -> StyledText {
        var cells = [[Cell]](repeating: [Cell](repeating: Cell(), count: layout.width), count: layout.height)
        func line(_ x: Int, _ y: Int, _ bits: UInt8, _ style: PictureStyle, dashed: Bool) {
            guard y >= 0, y < layout.height, x >= 0, x < layout.width else { return }
            cells[y][x].lines |= bits
            cells[y][x].style = style
            cells[y][x].dashed = dashed
        }
        for box in layout.boxes {
            let dashed = box.style == .writable
            for x in box.x0..<box.x1 {
                line(x, box.y0, 8, box.style, dashed: dashed)
                line(x + 1, box.y0, 4, box.style, dashed: dashed)
                line(x, box.y1, 8, box.style, dashed: dashed)
                line(x + 1, box.y1, 4, box.style, dashed: dashed)
            }
            for y in box.y0..<box.y1 {
                line(box.x0, y, 2, box.style, dashed: dashed)
                line(box.x0, y + 1, 1, box.style, dashed: dashed)
                line(box.x1, y, 2, box.style, dashed: dashed)
                line(box.x1, y + 1, 1, box.style, dashed: dashed)
            }
        }
        func put(_ text: String, _ x: Int, _ y: Int, _ style: PictureStyle) {
            guard y >= 0, y < layout.height else { return }
            var column = x
            for character in text where column < layout.width {
                if column >= 0 {
                    cells[y][column].character = character
                    cells[y][column].style = style
                }
                column += 1
            }
        }
        for box in layout.boxes {
            for (offset, entry) in box.lines.enumerated() {
                put(entry.text, box.x0 + 2, box.y0 + 1 + offset, entry.style == .plain ? box.style : entry.style)
            }
        }
        for label in layout.labels { put(label.text, label.x, label.y, label.style) }

        var out = StyledText()
        for row in cells {
            var runs: [StyledText.Run] = []
            var text = ""
            var style = PictureStyle.plain
            for cell in row {
                let character = cell.lines == 0 ? cell.character : glyph(cell.lines, dashed: cell.dashed)
                let cellStyle = character == " " ? .plain : cell.style
                if cellStyle != style && !text.isEmpty {
                    runs.append(StyledText.Run(text: text, style: style))
                    text = ""
                }
                style = cellStyle
                text.append(character)
            }
            while text.last == " " { text.removeLast() }
            if !text.isEmpty { runs.append(StyledText.Run(text: text, style: style)) }
            out.lines.append(runs)
        }
        return out
    }

    /// The box-drawing character for lines leaving a cell (solid boxes join; dashed boxes,
    /// a container's writable layer, have round corners).
    static func glyph(_ lines: UInt8, dashed: Bool) -> Character {
        if dashed {
            switch lines {
            case 10: return "╭"
            case 6: return "╮"
            case 9: return "╰"
            case 5: return "╯"
            case 3, 1, 2: return "╎"
            default: return "╌"
            }
        }
        switch lines {
        case 10: return "┌"
        case 6: return "┐"
        case 9: return "└"
        case 5: return "┘"
        case 11: return "├"
        case 7: return "┤"
        case 14: return "┬"
        case 13: return "┴"
        case 15: return "┼"
        case 3, 1, 2: return "│"
        default: return "─"
        }
    }

    // MARK: - The tree

    /// The storage as a tree, base layers first: a layer with one layer on it and no image goes
    /// on at the same indentation; branches get `├─`/`└─`. Lines are cut to `columns`.
    static func tree(_ map: StorageMap, texts: StorageTexts, columns: Int) -> StyledText {
        var out = StyledText()
        wrap(texts.treeTitle, width: columns, style: .dim, into: &out)
        var children: [Digest: [Digest]] = [:]
        var roots: [Digest] = []
        let layers = map.layers
        for layer in map.layerBoxes {
            let chainID = layer.chainID
            if let parent = layer.parent {
                children[parent, default: []].append(chainID)
            } else {
                roots.append(chainID)
            }
        }
        func firstColumn(_ id: Digest) -> Int { layers[id]?.columns.lowerBound ?? 0 }
        for key in children.keys { children[key]?.sort { firstColumn($0) < firstColumn($1) } }
        roots.sort { firstColumn($0) < firstColumn($1) }
        var imagesOn: [Digest: [Int]] = [:]
        var layerless: [Int] = []
        for (index, column) in map.columns.enumerated() {
            if let top = column.layers.last {
                imagesOn[top, default: []].append(index)
            } else {
                layerless.append(index)
            }
        }

        enum Item {
            case layer(Digest)
            case image(Int)
        }
        func emit(_ prefix: String, _ runs: [StyledText.Run]) {
            var line: [StyledText.Run] = [StyledText.Run(text: prefix, style: .dim)]
            var used = prefix.count
            for run in runs {
                guard used < columns else { break }
                let text = ellipsis(run.text, columns - used)
                line.append(StyledText.Run(text: text, style: run.style))
                used += text.count
            }
            out.lines.append(line)
        }
        func layerRuns(_ layer: StorageMap.LayerBox) -> [StyledText.Run] {
            [
                StyledText.Run(text: texts.layerWord + " ", style: .dim),
                StyledText.Run(
                    text: layer.diffID.short + "  " + Units.humanSize(layer.size, precision: 3),
                    style: layer.isShared ? .sharedLayer : .uniqueLayer),
                StyledText.Run(text: "  " + StackLayout.step(layer.createdBy), style: .dim),
            ]
        }
        func imageLines(_ index: Int, first: String, rest: String) {
            let column = map.columns[index]
            let head = StackLayout.header(column, texts: texts)
            let names = head.dropLast(2).map(\.text).joined(separator: ", ")
            emit(
                first,
                [
                    StyledText.Run(text: texts.imageWord + " ", style: .dim),
                    StyledText.Run(text: names, style: .title),
                    StyledText.Run(text: "  " + column.id.short + "  ", style: .dim),
                    StyledText.Run(text: head.last?.text ?? "", style: .plain),
                ])
            for container in column.containers {
                let lines = StackLayout.containerLines(container)
                emit(
                    rest + "  ",
                    [
                        StyledText.Run(text: texts.containerWord + " ", style: .dim),
                        StyledText.Run(text: lines[0].text, style: .writable),
                        StyledText.Run(text: "  " + lines[1].text, style: .dim),
                    ])
                for mount in lines.dropFirst(2) {
                    emit(rest + "    ", [StyledText.Run(text: mount.text, style: .mount)])
                }
            }
        }
        // An explicit stack of (item, prefix for its first line, prefix for the lines under it).
        var work: [(Item, String, String)] = roots.reversed().map { (.layer($0), "", "") }
        while let (item, first, rest) = work.popLast() {
            switch item {
            case .image(let index):
                imageLines(index, first: first, rest: rest)
            case .layer(let chainID):
                guard let layer = layers[chainID] else { continue }
                emit(first, layerRuns(layer))
                let items = (imagesOn[chainID] ?? []).map(Item.image) + (children[chainID] ?? []).map(Item.layer)
                if items.count == 1 {
                    work.append((items[0], rest, rest))
                    continue
                }
                for (offset, child) in items.enumerated().reversed() {
                    let last = offset == items.count - 1
                    work.append((child, rest + (last ? "└─ " : "├─ "), rest + (last ? "   " : "│  ")))
                }
            }
        }
        for index in layerless { imageLines(index, first: "", rest: "") }
        return out
    }
}
