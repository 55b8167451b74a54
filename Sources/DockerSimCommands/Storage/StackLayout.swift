import DockerSimCore

/// What a piece of the picture is, so a terminal can colour it and the SVG can fill it.
enum PictureStyle: Sendable, Equatable {
    case plain
    /// An image's name.
    case title
    /// Secondary text (IDs, the step that made a layer).
    case dim
    /// A layer more than one image holds.
    case sharedLayer
    /// A layer one image holds.
    case uniqueLayer
    /// A container's writable layer.
    case writable
    /// A volume or a bind mount.
    case mount
}

/// The stacked picture's geometry, in character cells: image columns side by side, each
/// read-only layer a box across the columns of the images that hold it (a deeper layer lower),
/// each image's name above its top layer and its containers' writable layers above that.
/// The terminal drawing (``LayersText``) and the SVG (``LayersSVG``) both draw it.
struct StackLayout {
    /// A rectangle whose borders are at `x0…x1`, `y0…y1` (cells), with text lines inside.
    struct Box {
        var style: PictureStyle
        var x0: Int
        var y0: Int
        var x1: Int
        var y1: Int
        /// The lines inside, from `(x0 + 2, y0 + 1)` down, each already cut to the box.
        var lines: [(text: String, style: PictureStyle)]
        /// The layer's chainID (nil for a container's box).
        var chainID: Digest?
    }

    /// Text outside the boxes (an image's name, ID and sizes).
    struct Label {
        var x: Int
        var y: Int
        var text: String
        var style: PictureStyle
    }

    var width = 0
    var height = 0
    var boxes: [Box] = []
    var labels: [Label] = []

    /// The widest a column's text may be (longer names and steps are cut with `…`).
    static let maxContent = 30
    /// The narrowest: a short ID and a size.
    static let minContent = 19

    /// The width the stack would need, without laying it out (cheap: one pass over the columns).
    static func width(of map: StorageMap, texts: StorageTexts) -> Int {
        var x = 0
        for (index, column) in map.columns.enumerated() {
            if index > 0, map.columns[index - 1].tree != column.tree { x += 2 }
            x += contentWidth(column, map: map, texts: texts) + 3
        }
        return map.columns.isEmpty ? 0 : x + 1
    }

    init(map: StorageMap, texts: StorageTexts) {
        let columns = map.columns
        guard !columns.isEmpty else { return }
        // Columns: left border at xs[i], content from xs[i] + 2, right border at xs[i] + w + 3.
        var xs: [Int] = []
        var widths: [Int] = []
        var x = 0
        let heads = columns.map { Self.header($0, texts: texts) }
        let stacks = columns.map { $0.containers.map { Self.containerLines($0) } }
        for (index, column) in columns.enumerated() {
            if index > 0, columns[index - 1].tree != column.tree { x += 2 }
            let content = Self.contentWidth(heads[index], stacks[index])
            xs.append(x)
            widths.append(content)
            x += content + 3
        }
        width = x + 1
        func right(_ index: Int) -> Int { xs[index] + widths[index] + 3 }

        // Rows: a layer at depth d has its top border at top + 3 (maxDepth - d).
        let maxDepth = map.maxDepth
        var top = 0
        for index in columns.indices {
            let above = heads[index].count + stacks[index].reduce(0) { $0 + $1.count + 2 }
            top = max(top, above - 3 * (maxDepth - columns[index].topDepth))
        }
        func rowOfTop(_ depth: Int) -> Int { top + 3 * (maxDepth - depth) }
        height = rowOfTop(-1) + 1

        for chainID in map.layerOrder {
            guard let layer = map.layers[chainID] else { continue }
            let x0 = xs[layer.columns.lowerBound]
            let x1 = right(layer.columns.upperBound)
            let room = x1 - x0 - 3
            let y0 = rowOfTop(layer.depth)
            boxes.append(
                Box(
                    style: layer.isShared ? .sharedLayer : .uniqueLayer, x0: x0, y0: y0, x1: x1, y1: y0 + 3,
                    lines: [
                        (ellipsis(layer.diffID.short + "  " + Units.humanSize(layer.size, precision: 3), room), .plain),
                        (ellipsis(Self.step(layer.createdBy), room), .dim),
                    ], chainID: chainID))
        }
        for (index, column) in columns.enumerated() {
            let room = widths[index]
            var y = rowOfTop(column.topDepth) - heads[index].count
            for (offset, line) in heads[index].enumerated() {
                labels.append(
                    Label(x: xs[index] + 2, y: y + offset, text: ellipsis(line.text, room), style: line.style))
            }
            // The writable layers, newest on top, each a box one cell narrower than the column
            // (so that the boxes of neighbouring columns never touch).
            for lines in stacks[index].reversed() {
                y -= lines.count + 2
                boxes.append(
                    Box(
                        style: .writable, x0: xs[index], y0: y, x1: right(index) - 1, y1: y + lines.count + 1,
                        lines: lines.map { (ellipsis($0.text, room - 1), $0.style) }, chainID: nil))
            }
        }
    }

    /// The text width a column needs: its name, ID and sizes, its containers (the steps that made
    /// its layers are cut to fit).
    static func contentWidth(_ column: StorageMap.ImageColumn, map: StorageMap, texts: StorageTexts) -> Int {
        contentWidth(header(column, texts: texts), column.containers.map { containerLines($0) })
    }

    /// The text width of a column's header lines and its containers' lines.
    static func contentWidth(
        _ header: [(text: String, style: PictureStyle)], _ containers: [[(text: String, style: PictureStyle)]]
    ) -> Int {
        var wanted = minContent
        for line in header { wanted = max(wanted, line.text.count) }
        for lines in containers {
            for line in lines { wanted = max(wanted, line.text.count + 1) }
        }
        return min(wanted, maxContent)
    }

    /// An image's lines above its top layer: its names, its ID, its size (= shared + unique).
    static func header(_ column: StorageMap.ImageColumn, texts: StorageTexts) -> [(text: String, style: PictureStyle)] {
        var lines: [(text: String, style: PictureStyle)] = []
        if column.deleted {
            lines.append((texts.deletedImage, .title))
        } else if column.names.isEmpty {
            lines.append(("<none>:<none>", .title))
        } else {
            for name in column.names.prefix(3) { lines.append((name, .title)) }
            if column.names.count > 3 { lines.append(("+\(column.names.count - 3)", .title)) }
        }
        lines.append((texts.imageID(column.id), .dim))
        var size = Units.humanSize(column.size, precision: 3)
        if column.sharedSize > 0 {
            size += " = " + Units.humanSize(column.sharedSize) + " + " + Units.humanSize(column.uniqueSize)
        }
        lines.append((size, .plain))
        return lines
    }

    /// A writable layer's lines: the container's name and size, its ID and state, its mounts.
    static func containerLines(_ container: StorageMap.ContainerBox) -> [(text: String, style: PictureStyle)] {
        var lines: [(text: String, style: PictureStyle)] = [
            (container.name + "  " + Units.humanSize(container.size, precision: 3), .writable),
            (container.shortID + " " + container.status.rawValue, .dim),
        ]
        for mount in container.mounts { lines.append((mountText(mount), .mount)) }
        return lines
    }

    /// `vol datos 1.2kB → /data`, `bind /home/usuario/web → /usr/share/nginx/html (ro)`.
    static func mountText(_ mount: StorageMap.MountBox) -> String {
        var text: String
        switch mount.type {
        case .volume: text = "vol " + mount.source + (mount.size.map { " " + Units.humanSize($0) } ?? "")
        case .bind: text = "bind " + mount.source
        case .tmpfs: text = "tmpfs"
        }
        text += " → " + mount.destination
        if mount.readOnly { text += " (ro)" }
        return text
    }

    /// The step that made a layer, as the picture shows it: BuildKit's ` # buildkit` and the
    /// classic builder's `#(nop) ` dropped.
    private static let nopMarker = Array("/bin/sh -c #(nop) ".utf8)
    private static let buildkitMarker = Array(" # buildkit".utf8)

    static func step(_ createdBy: String) -> String {
        // One pass over the bytes: tabs become spaces, every `/bin/sh -c #(nop) ` (and the space
        // after it, the classic builder's two) goes, then ` # buildkit` at the end and the spaces
        // at both ends.
        let bytes = Array(createdBy.utf8)
        let nop = Self.nopMarker
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x2F, index + nop.count <= bytes.count, bytes[index..<index + nop.count].elementsEqual(nop) {
                index += nop.count
                if index < bytes.count, bytes[index] == 0x20 { index += 1 }
                continue
            }
            out.append(byte == 0x09 ? 0x20 : byte)
            index += 1
        }
        let suffix = Self.buildkitMarker
        if out.count >= suffix.count, out[(out.count - suffix.count)...].elementsEqual(suffix) {
            out.removeLast(suffix.count)
        }
        var start = 0
        var end = out.count
        while start < end, out[start] == 0x20 { start += 1 }
        while end > start, out[end - 1] == 0x20 { end -= 1 }
        return String(decoding: out[start..<end], as: UTF8.self)
    }
}
