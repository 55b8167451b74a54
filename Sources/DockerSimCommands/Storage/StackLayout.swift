import DockerSimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        /// The layer's index in the map's ``StorageMap/layerBoxes`` (nil for a container's box).
        var layer: Int?
        /// A container's box whose lines the SVG writes from the map (`direct` layouts): its
        /// column and its index among the column's containers.
        var container: (column: Int, index: Int)?
    }

    /// Text outside the boxes (an image's name, ID and sizes).
    struct Label {
        var x: Int
        var y: Int
        var text: String
        var style: PictureStyle
    }

    /// A column's header in a `direct` layout: its first line at `(x, y)`, cut to `room` cells;
    /// `labels` when the SVG cannot write it from the map straight (text that is not plain
    /// ASCII), empty when it can (a header has three lines at least: never empty otherwise).
    struct Header {
        var column: Int
        var x: Int
        var y: Int
        var room: Int
        var labels: [Label] = []
    }

    var width = 0
    var height = 0
    var boxes: [Box] = []
    var labels: [Label] = []
    /// The headers of a `direct` layout, in column order (its ``labels`` stay empty).
    var headers: [Header] = []
    /// The size texts made for the layout, for the drawing to reuse (each size made once).
    var sizes = SizeTexts()

    /// The widest a column's text may be (longer names and steps are cut with `…`).
    static let maxContent = 30
    /// The narrowest: a short ID and a size.
    static let minContent = 19

    /// The width the stack would need, without laying it out (cheap: one pass over the columns).
    static func width(of map: StorageMap, texts: StorageTexts) -> Int {
        var x = 0
        for index in map.columns.indices {
            if index > 0, map.columns[index - 1].tree != map.columns[index].tree { x += 2 }
            x += contentWidth(map.columns[index], map: map, texts: texts) + 3
        }
        return map.columns.isEmpty ? 0 : x + 1
    }

    /// What the geometry needs of a column: its header's line count, its containers' line
    /// counts and its text width; with the lines themselves unless the column is `direct`.
    private struct ColumnText {
        var headCount: Int
        /// How many containers it has.
        var containerCount: Int
        /// Each container's line count (nil: two each, a `direct` column's).
        var stackCounts: [Int]?
        var width: Int
        var head: [(text: String, style: PictureStyle)]?
        var stacks: [[(text: String, style: PictureStyle)]]?
    }

    /// The layout of `map`. Without `layerLines`, layer boxes come without their lines (the SVG
    /// writes them from the map straight, see ``layerLines(_:room:sizes:)``). A `direct` layout
    /// (for the SVG) has no layer lines either, and leaves the headers and the containers' lines
    /// of plain ASCII columns to the SVG (``Header``, ``Box/container``): their widths are
    /// counted from the map, no text is made.
    init(map: StorageMap, texts: StorageTexts, layerLines: Bool = true, direct: Bool = false) {
        let columns = map.columns
        guard !columns.isEmpty else { return }
        // Columns: left border at xs[i], content from xs[i] + 2, right border at xs[i] + w + 3.
        var xs: [Int] = []
        var widths: [Int] = []
        xs.reserveCapacity(columns.count)
        widths.reserveCapacity(columns.count)
        var x = 0
        var sizes = SizeTexts()
        // The direct paths need the ID's prefix to be plain ASCII (it is in both languages).
        let idPrefix = direct ? Self.idPrefix(texts) : nil
        let plainPrefix = idPrefix.map { Self.isPlainASCII($0) } ?? false
        // About one distinct large size per column for each precision (the table grows if not).
        if direct { sizes.reserve(columns.count) }
        var metrics: [ColumnText] = []
        metrics.reserveCapacity(columns.count)
        // Columns are read in place, by index (a copy of one retains its names and containers).
        var statuses = StatusKinds()
        for index in columns.indices {
            let fast =
                plainPrefix
                ? columns.withUnsafeBufferPointer {
                    Self.directWidth(
                        $0.baseAddress! + index, idPrefix: idPrefix ?? "", sizes: &sizes, statuses: &statuses)
                } : nil
            if let fast {
                metrics.append(
                    ColumnText(
                        headCount: fast.headCount, containerCount: columns[index].containerCount, stackCounts: nil,
                        width: fast.width))
            } else {
                let head = Self.header(columns[index], texts: texts, sizes: &sizes)
                let stacks = columns[index].containers.map { Self.containerLines($0, sizes: &sizes) }
                metrics.append(
                    ColumnText(
                        headCount: head.count, containerCount: stacks.count, stackCounts: stacks.map(\.count),
                        width: Self.contentWidth(head, stacks), head: head, stacks: stacks))
            }
        }
        for index in columns.indices {
            if index > 0, columns[index - 1].tree != columns[index].tree { x += 2 }
            let content = metrics[index].width
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
            let metric = metrics[index]
            let above =
                metric.headCount
                + (metric.stackCounts?.reduce(0) { $0 + $1 + 2 } ?? metric.containerCount * 4)
            top = max(top, above - 3 * (maxDepth - columns[index].topDepth))
        }
        func rowOfTop(_ depth: Int) -> Int { top + 3 * (maxDepth - depth) }
        height = rowOfTop(-1) + 1

        boxes.reserveCapacity(map.layerBoxes.count + columns.count)
        // The layers read in place (a copy of one retains its layer and its step).
        let layerBoxes = map.layerBoxes
        for index in layerBoxes.indices {
            let (span, depth, shared) = layerBoxes.withUnsafeBufferPointer {
                ($0[index].columns, $0[index].depth, $0[index].isShared)
            }
            let x0 = xs[span.lowerBound]
            let x1 = right(span.upperBound)
            let room = x1 - x0 - 3
            let y0 = rowOfTop(depth)
            boxes.append(
                Box(
                    style: shared ? .sharedLayer : .uniqueLayer, x0: x0, y0: y0, x1: x1, y1: y0 + 3,
                    lines: layerLines && !direct ? Self.layerLines(layerBoxes[index], room: room, sizes: &sizes) : [],
                    layer: index))
        }
        if direct { headers.reserveCapacity(columns.count) }
        for index in columns.indices {
            let room = widths[index]
            let metric = metrics[index]
            var y = rowOfTop(columns[index].topDepth) - metric.headCount
            if let head = metric.head {
                var made: [Label] = []
                made.reserveCapacity(head.count)
                for (offset, line) in head.enumerated() {
                    made.append(
                        Label(x: xs[index] + 2, y: y + offset, text: ellipsis(line.text, room), style: line.style))
                }
                if direct {
                    headers.append(Header(column: index, x: xs[index] + 2, y: y, room: room, labels: made))
                } else {
                    labels.append(contentsOf: made)
                }
            } else {
                headers.append(Header(column: index, x: xs[index] + 2, y: y, room: room))
            }
            // The writable layers, newest on top, each a box one cell narrower than the column
            // (so that the boxes of neighbouring columns never touch).
            for container in (0..<metric.containerCount).reversed() {
                let count = metric.stackCounts?[container] ?? 2
                y -= count + 2
                let lines = metric.stacks.map { $0[container].map { (ellipsis($0.text, room - 1), $0.style) } }
                boxes.append(
                    Box(
                        style: .writable, x0: xs[index], y0: y, x1: right(index) - 1, y1: y + count + 1,
                        lines: lines ?? [], layer: nil, container: lines == nil ? (index, container) : nil))
            }
        }
        self.sizes = sizes
    }

    /// What ``StorageTexts/imageID(_:)`` puts before the short ID ("image ").
    static func idPrefix(_ texts: StorageTexts) -> String {
        let sample = texts.imageID(Digest(hex: String(repeating: "0", count: 64)))
        return String(decoding: sample.utf8.dropLast(12), as: UTF8.self)
    }

    /// Whether `text` is plain printable ASCII that XML takes as it is: a byte is a cell, a cut
    /// is a byte count, nothing is escaped.
    static func isPlainASCII(_ text: String) -> Bool {
        // The bytes read in place (no copy of the string to make it contiguous: it is).
        if let plain = text.utf8.withContiguousStorageIfAvailable({ isPlainASCII($0) }) { return plain }
        var text = text
        return text.withUTF8 { isPlainASCII($0) }
    }

    /// ``isPlainASCII(_:)`` of UTF-8 bytes: ``textKind(_:)``'s `ascii`, found eight bytes at a
    /// time (a short text padded with spaces, a long one's last word read where it ends: the
    /// tests only gather, so bytes read twice change nothing).
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        // Each lane's top bit is set where a test fails, exactly when it fails somewhere:
        // below 0x20, 0x7F or above, `&`, `<`, `>`, `"`.
        var bad: UInt64 = 0
        var at = 0
        while at < count {
            var word: UInt64 = 0x2020_2020_2020_2020
            if at + 8 <= count {
                word = UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
            } else if count >= 8 {
                word = UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)
            } else {
                _ = withUnsafeMutableBytes(of: &word) { memcpy($0.baseAddress!, base, count) }
            }
            at += 8
            bad |=
                ((word &- 0x2020_2020_2020_2020) & ~word) | word | zeroLanes(word ^ 0x7F7F_7F7F_7F7F_7F7F)
                | zeroLanes(word ^ 0x2626_2626_2626_2626) | zeroLanes(word ^ 0x3C3C_3C3C_3C3C_3C3C)
                | zeroLanes(word ^ 0x3E3E_3E3E_3E3E_3E3E) | zeroLanes(word ^ 0x2222_2222_2222_2222)
        }
        return bad & 0x8080_8080_8080_8080 == 0
    }

    /// A column's header line count and text width (``contentWidth(_:_:)``), counted without
    /// making its lines, when all of its text is plain ASCII (names, container names and
    /// states) and its containers have no mounts; nil otherwise. `idPrefix` is
    /// ``idPrefix(_:)``'s text, which the caller has found plain ASCII (``isPlainASCII(_:)``).
    static func directWidth(
        _ column: StorageMap.ImageColumn, idPrefix: String, sizes: inout SizeTexts
    ) -> (headCount: Int, width: Int)? {
        var statuses = StatusKinds()
        return withUnsafePointer(to: column) { directWidth($0, idPrefix: idPrefix, sizes: &sizes, statuses: &statuses) }
    }

    /// Whether each container state's text is plain ASCII (``isPlainASCII(_:)``), found once
    /// per state for a layout.
    struct StatusKinds {
        private var known: [ContainerStatus: Bool] = [:]
        private var last: (status: ContainerStatus, plain: Bool)?

        /// ``isPlainASCII(_:)`` of `status`'s text.
        mutating func isPlainASCII(_ status: ContainerStatus) -> Bool {
            if let last, last.status == status { return last.plain }
            let plain = known[status] ?? StackLayout.isPlainASCII(status.rawValue)
            known[status] = plain
            last = (status, plain)
            return plain
        }
    }

    /// ``directWidth(_:idPrefix:sizes:)`` of the column at `column`, read in place (a copy of a
    /// column retains each of its fields), the states' kinds kept in `statuses`.
    static func directWidth(
        _ column: UnsafePointer<StorageMap.ImageColumn>, idPrefix: String, sizes: inout SizeTexts,
        statuses: inout StatusKinds
    ) -> (headCount: Int, width: Int)? {
        guard !column.pointee.deleted, !column.pointee.references.isEmpty else { return nil }
        // (The column's methods called through the pointer copied the whole column.)
        var wanted = minContent
        var headCount = 0
        // The usual image: one tag, its bytes made by the map once (no string made).
        let oneTag = StorageMap.ImageColumn.withOnlyTagName(of: column) { name -> Int? in
            isPlainASCII(name) ? name.count : nil
        }
        if let oneTag {
            guard let length = oneTag else { return nil }
            wanted = max(wanted, length)
            headCount = 1
        } else {
            let names = column.pointee.names
            for name in names.prefix(3) {
                guard isPlainASCII(name) else { return nil }
                wanted = max(wanted, name.utf8.count)
                headCount += 1
            }
            if names.count > 3 {
                wanted = max(wanted, 1 + String(names.count - 3).utf8.count)
                headCount += 1
            }
        }
        wanted = max(wanted, idPrefix.utf8.count + min(12, column.pointee.id.hex.utf8.count))
        guard let size = sizes.short(column.pointee.size, precision: 3) else { return nil }
        var sizeWidth = size.count
        if column.pointee.sharedSize > 0 {
            guard let shared = sizes.short(column.pointee.sharedSize),
                let unique = sizes.short(column.pointee.uniqueSize)
            else {
                return nil
            }
            sizeWidth += 6 + shared.count + unique.count
        }
        wanted = max(wanted, sizeWidth)
        headCount += 2
        // The containers read in place (no array made for the column).
        let plain = StorageMap.ImageColumn.withContainers(of: column) { containers -> Bool in
            for index in containers.indices {
                guard containers[index].mounts.isEmpty, isPlainASCII(containers[index].name),
                    isPlainIDPrefix(containers[index].id),
                    let size = sizes.short(containers[index].size, precision: 3),
                    statuses.isPlainASCII(containers[index].status)
                else { return false }
                let status = containers[index].status.rawValue
                let first = containers[index].name.utf8.count + 2 + size.count
                let second = min(12, containers[index].id.utf8.count) + 1 + status.utf8.count
                wanted = max(wanted, first + 1, second + 1)
            }
            return true
        }
        guard plain else { return nil }
        return (headCount, min(wanted, maxContent))
    }

    /// Whether an ID's short form (its first 12 characters) is its first 12 bytes, plain ASCII:
    /// those bytes are plain ASCII, and the byte after them (if any) is ASCII too (so no
    /// combining mark joins the twelfth character).
    static func isPlainIDPrefix(_ id: String) -> Bool {
        func test(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            let count = bytes.count
            guard count > 12 else { return isPlainASCII(bytes) }
            guard bytes[12] < 0x80 else { return false }
            return isPlainASCII(UnsafeBufferPointer(rebasing: bytes[..<12]))
        }
        // The bytes read in place (no copy of the string to make it contiguous: it is).
        if let plain = id.utf8.withContiguousStorageIfAvailable(test) { return plain }
        var id = id
        return id.withUTF8(test)
    }

    /// A layer box's lines, cut to `room` cells: the short diffID and the size, the step that made it.
    static func layerLines(
        _ layer: StorageMap.LayerBox, room: Int, sizes: inout SizeTexts
    ) -> [(text: String, style: PictureStyle)] {
        [
            (ellipsis(layer.diffID.short + "  " + sizes.text(layer.size, precision: 3), room), .plain),
            (ellipsis(step(layer.createdBy), room), .dim),
        ]
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
        for line in header { wanted = max(wanted, cells(line.text)) }
        for lines in containers {
            for line in lines { wanted = max(wanted, cells(line.text) + 1) }
        }
        return min(wanted, maxContent)
    }

    /// An image's lines above its top layer: its names, its ID, its size (= shared + unique).
    static func header(_ column: StorageMap.ImageColumn, texts: StorageTexts) -> [(text: String, style: PictureStyle)] {
        var sizes = SizeTexts()
        return header(column, texts: texts, sizes: &sizes)
    }

    /// ``header(_:texts:)``, with the sizes' texts taken from (and kept in) `sizes`.
    static func header(
        _ column: StorageMap.ImageColumn, texts: StorageTexts, sizes: inout SizeTexts
    ) -> [(text: String, style: PictureStyle)] {
        var lines: [(text: String, style: PictureStyle)] = []
        lines.reserveCapacity(6)
        if column.deleted {
            lines.append((texts.deletedImage, .title))
        } else if column.names.isEmpty {
            lines.append(("<none>:<none>", .title))
        } else {
            for name in column.names.prefix(3) { lines.append((name, .title)) }
            if column.names.count > 3 { lines.append(("+\(column.names.count - 3)", .title)) }
        }
        lines.append((texts.imageID(column.id), .dim))
        var size = sizes.text(column.size, precision: 3)
        if column.sharedSize > 0 {
            size += " = " + sizes.text(column.sharedSize) + " + " + sizes.text(column.uniqueSize)
        }
        lines.append((size, .plain))
        return lines
    }

    /// A writable layer's lines: the container's name and size, its ID and state, its mounts.
    static func containerLines(_ container: StorageMap.ContainerBox) -> [(text: String, style: PictureStyle)] {
        var sizes = SizeTexts()
        return containerLines(container, sizes: &sizes)
    }

    /// ``containerLines(_:)``, with the sizes' texts taken from (and kept in) `sizes`.
    static func containerLines(
        _ container: StorageMap.ContainerBox, sizes: inout SizeTexts
    ) -> [(text: String, style: PictureStyle)] {
        var lines: [(text: String, style: PictureStyle)] = [
            (container.name + "  " + sizes.text(container.size, precision: 3), .writable),
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
        var createdBy = createdBy
        return createdBy.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { out in
                let kept = step(bytes, into: out)
                if kept.lowerBound > 0 {
                    for offset in 0..<kept.count { out[offset] = out[kept.lowerBound + offset] }
                }
                return kept.count
            }
        }
    }

    /// ``step(_:)`` of UTF-8 `bytes` as a range of `bytes` itself, when it is one: no tab in
    /// them and no `/bin/sh -c #(nop) ` but at the start (the usual step); nil otherwise (then
    /// ``step(_:into:)`` makes it).
    static func stepInPlace(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let count = bytes.count
        return nopMarker.withUnsafeBufferPointer { nop -> Range<Int>? in
            var start = 0
            // The markers at the start (each with the space after it), as ``step(_:into:)`` drops them.
            while start + nop.count <= count, bytes[start] == 0x2F,
                memcmp(bytes.baseAddress! + start, nop.baseAddress!, nop.count) == 0
            {
                start += nop.count
                if start < count, bytes[start] == 0x20 { start += 1 }
            }
            var index = start
            while index < count {
                let byte = bytes[index]
                if byte == 0x09 { return nil }
                if byte == 0x2F, index + nop.count <= count,
                    memcmp(bytes.baseAddress! + index, nop.baseAddress!, nop.count) == 0
                {
                    return nil
                }
                index += 1
            }
            var end = count
            let suffix = buildkitMarker
            if end - start >= suffix.count,
                suffix.withUnsafeBufferPointer({
                    memcmp(bytes.baseAddress! + end - $0.count, $0.baseAddress!, $0.count) == 0
                })
            {
                end -= suffix.count
            }
            while start < end, bytes[start] == 0x20 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 { end -= 1 }
            return start..<end
        }
    }

    /// ``stepInPlace(_:)`` and the ``textKind(_:)`` of what it keeps, in one pass without
    /// branches over the bytes after a leading `/bin/sh -c #(nop) `, for the usual step: one
    /// with no tab and no `/` after that marker (then no other marker can follow); nil
    /// otherwise (the caller asks ``stepInPlace(_:)``). The bytes it passes over but does not
    /// keep are spaces and ` # buildkit`, which change no kind.
    static func quickStep(_ bytes: UnsafeBufferPointer<UInt8>) -> (range: Range<Int>, kind: (plain: Bool, ascii: Bool))?
    {
        guard let base = bytes.baseAddress else { return (0..<0, (true, true)) }
        let count = bytes.count
        var start = 0
        let marker = nopMarker.count
        if count >= marker, base[0] == 0x2F,
            nopMarker.withUnsafeBufferPointer({ memcmp(base, $0.baseAddress!, marker) == 0 })
        {
            start = marker
            if start < count, base[start] == 0x20 { start += 1 }
        }
        // Eight bytes at a time (the last few padded with spaces, which change nothing): each
        // mask has a lane's top bit set where its test holds, exactly when it holds somewhere.
        var low: UInt64 = 0
        var high: UInt64 = 0
        var marks: UInt64 = 0
        var odd: UInt64 = 0
        var at = start
        while at < count {
            var word: UInt64 = 0x2020_2020_2020_2020
            if at + 8 <= count {
                word = UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
            } else if count - start >= 8 {
                // The last eight bytes, some of them seen already (the masks only gather).
                word = UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)
            } else {
                _ = withUnsafeMutableBytes(of: &word) { memcpy($0.baseAddress!, base + at, count - at) }
            }
            at += 8
            low |= (word &- 0x2020_2020_2020_2020) & ~word
            high |= word | zeroLanes(word ^ 0x7F7F_7F7F_7F7F_7F7F)
            marks |=
                zeroLanes(word ^ 0x2626_2626_2626_2626) | zeroLanes(word ^ 0x3C3C_3C3C_3C3C_3C3C)
                | zeroLanes(word ^ 0x3E3E_3E3E_3E3E_3E3E) | zeroLanes(word ^ 0x2222_2222_2222_2222)
            odd |= zeroLanes(word ^ 0x0909_0909_0909_0909) | zeroLanes(word ^ 0x2F2F_2F2F_2F2F_2F2F)
        }
        let tops: UInt64 = 0x8080_8080_8080_8080
        guard odd & tops == 0 else { return nil }
        var end = count
        let suffix = buildkitMarker.count
        if end - start >= suffix,
            buildkitMarker.withUnsafeBufferPointer({ memcmp(base + end - suffix, $0.baseAddress!, suffix) == 0 })
        {
            end -= suffix
        }
        while start < end, base[start] == 0x20 { start += 1 }
        while end > start, base[end - 1] == 0x20 { end -= 1 }
        let special = (low | marks) & tops != 0
        guard high & tops != 0 else { return (start..<end, (!special, !special)) }
        // Not ASCII: the kept bytes' own kind (U+FFFE/U+FFFF, starting 0xEF, are not plain).
        return (start..<end, textKind(UnsafeBufferPointer(rebasing: bytes[start..<end])))
    }

    /// The top bit of each lane of `word` that may be zero: set in the lowest zero lane and
    /// possibly above it, none when no lane is zero (so "some lane is zero" is exact).
    @inline(__always)
    private static func zeroLanes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    /// What XML and the cell count make of UTF-8 text: `plain`, character data as it is
    /// (``LayersSVG/Writer/isPlain(_:)``); `ascii`, also plain printable ASCII
    /// (``isPlainASCII(_:)``), a byte a cell.
    static func textKind(_ bytes: UnsafeBufferPointer<UInt8>) -> (plain: Bool, ascii: Bool) {
        // The smallest and largest byte and whether a markup character is there, in one pass
        // without branches (the compiler makes it a vector loop).
        var lowest: UInt8 = 0xFF
        var highest: UInt8 = 0
        var marks: UInt8 = 0
        for byte in bytes {
            lowest = min(lowest, byte)
            highest = max(highest, byte)
            marks |= (byte == 0x26 ? 1 : 0) | (byte == 0x3C ? 1 : 0) | (byte == 0x3E ? 1 : 0) | (byte == 0x22 ? 1 : 0)
        }
        let special = lowest < 0x20 || marks != 0
        guard highest >= 0x7F else { return (!special, !special) }
        // Not ASCII: U+FFFE/U+FFFF (UTF-8 starting 0xEF) are not plain either.
        return (!special && !bytes.contains(0xEF), false)
    }

    /// ``step(_:)`` of UTF-8 `bytes`, written into `out` (as large as `bytes`): the range of
    /// `out` that holds it.
    static func step(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Range<Int> {
        // One pass over the bytes: tabs become spaces, every `/bin/sh -c #(nop) ` (and the space
        // after it, the classic builder's two) goes, then ` # buildkit` at the end and the spaces
        // at both ends. Only ASCII bytes go or change, so what is left is UTF-8 as it was.
        let count = bytes.count
        return nopMarker.withUnsafeBufferPointer { nop in
            var written = 0
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte == 0x2F, index + nop.count <= count,
                    UnsafeBufferPointer(rebasing: bytes[index..<index + nop.count]).elementsEqual(nop)
                {
                    index += nop.count
                    if index < count, bytes[index] == 0x20 { index += 1 }
                    continue
                }
                out[written] = byte == 0x09 ? 0x20 : byte
                written += 1
                index += 1
            }
            let suffix = buildkitMarker
            if written >= suffix.count, out[(written - suffix.count)..<written].elementsEqual(suffix) {
                written -= suffix.count
            }
            var start = 0
            while start < written, out[start] == 0x20 { start += 1 }
            while written > start, out[written - 1] == 0x20 { written -= 1 }
            return start..<written
        }
    }

    /// The character cells `text` takes: its bytes when they are all ASCII (but CR, which pairs
    /// with LF into one character), else its characters.
    static func cells(_ text: String) -> Int {
        var text = text
        let ascii = text.withUTF8 { bytes in
            for byte in bytes where byte >= 0x80 || byte == 0x0D { return false }
            return true
        }
        return ascii ? text.utf8.count : text.count
    }
}

/// `Units.humanSize` of the sizes a picture shows, each size formatted once per drawing (a
/// picture of 10,000 images shows a few thousand different sizes 70,000 times). A pure function
/// of the size and precision: the same text `Units.humanSize` gives.
struct SizeTexts {
    /// Sizes below this are kept by index (most layers and writable layers are that small).
    private static let small = 1 << 14
    private var three: [String?] = []
    private var four: [String?] = []
    private var threeLarge = SizeTable<String>(filler: "")
    private var fourLarge = SizeTable<String>(filler: "")
    /// The same texts as bytes kept inline (``SizeText``), for the SVG's direct paths.
    private var threeShort: [SizeText] = []
    private var fourShort: [SizeText] = []
    private var threeShortLarge = SizeTable(filler: SizeText())
    private var fourShortLarge = SizeTable(filler: SizeText())
    /// Where a text is made before it is kept (no `String` per size).
    private var scratch: [UInt8] = []

    /// Room for about `count` distinct large sizes of each precision (no table grown on the way).
    mutating func reserve(_ count: Int) {
        threeShortLarge.reserve(count)
        fourShortLarge.reserve(count)
    }

    /// `Units.humanSize(size, precision: precision)` as bytes kept inline (precision 3 or 4), nil
    /// when that text is longer than ``SizeText`` holds (then ``text(_:precision:)`` makes it).
    mutating func short(_ size: Int64, precision: Int = 4) -> SizeText? {
        let kept: SizeText
        switch precision {
        case 3: kept = shortLookUp(size, precision: 3, three: true)
        case 4: kept = shortLookUp(size, precision: 4, three: false)
        default: return nil
        }
        return kept.count > 0 ? kept : nil
    }

    /// The kept bytes of `size` (count 0: too long for ``SizeText``).
    private mutating func shortLookUp(_ size: Int64, precision: Int, three: Bool) -> SizeText {
        if size >= 0 && size < Self.small {
            let index = Int(size)
            if three {
                if index < threeShort.count, threeShort[index].count != 0 { return threeShort[index] }
            } else {
                if index < fourShort.count, fourShort[index].count != 0 { return fourShort[index] }
            }
            let made = makeShort(size, precision: precision)
            if three {
                if index >= threeShort.count {
                    threeShort.append(contentsOf: repeatElement(SizeText(), count: index + 1 - threeShort.count))
                }
                threeShort[index] = made
            } else {
                if index >= fourShort.count {
                    fourShort.append(contentsOf: repeatElement(SizeText(), count: index + 1 - fourShort.count))
                }
                fourShort[index] = made
            }
            return made
        }
        guard size >= 0 else { return makeShort(size, precision: precision) }
        if three {
            if let known = threeShortLarge.find(size) { return known }
            let made = makeShort(size, precision: precision)
            threeShortLarge.insert(size, made)
            return made
        }
        if let known = fourShortLarge.find(size) { return known }
        let made = makeShort(size, precision: precision)
        fourShortLarge.insert(size, made)
        return made
    }

    /// `Units.humanSize` of `size` packed into a ``SizeText`` (count -1 when longer than 16 bytes).
    private mutating func makeShort(_ size: Int64, precision: Int) -> SizeText {
        var made = SizeText()
        let written = withUnsafeMutableBytes(of: &made.bytes) { out in
            Units.writeHumanSize(size, precision: precision, to: out.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        if let written {
            made.count = written
            return made
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: Units.humanSize(size, precision: precision).utf8)
        guard scratch.count <= 16 else { return SizeText(count: -1) }
        made = SizeText(count: scratch.count)
        withUnsafeMutableBytes(of: &made.bytes) { out in
            scratch.withUnsafeBytes { out.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        return made
    }

    /// `Units.humanSize(size, precision: precision)`.
    mutating func text(_ size: Int64, precision: Int = 4) -> String {
        switch precision {
        case 3: return Self.lookUp(size, precision: 3, in: &three, or: &threeLarge)
        case 4: return Self.lookUp(size, precision: 4, in: &four, or: &fourLarge)
        default: return Units.humanSize(size, precision: precision)
        }
    }

    private static func lookUp(
        _ size: Int64, precision: Int, in byIndex: inout [String?], or bySize: inout SizeTable<String>
    ) -> String {
        guard size >= 0 else { return Units.humanSize(size, precision: precision) }
        guard size < small else {
            return bySize.value(size) { Units.humanSize(size, precision: precision) }
        }
        let index = Int(size)
        if index < byIndex.count, let known = byIndex[index] { return known }
        if index >= byIndex.count { byIndex.append(contentsOf: repeatElement(nil, count: index + 1 - byIndex.count)) }
        let text = Units.humanSize(size, precision: precision)
        byIndex[index] = text
        return text
    }

    /// Values kept by size, for sizes from ``small`` up: an open-addressed table keyed by the
    /// size (a `Dictionary` hashed each size with SipHash, most of a look-up's cost). The
    /// ``String`` texts and the ``SizeText``s both live in one.
    private struct SizeTable<Value> {
        /// The sizes kept, -1 in a free slot; a power of two long.
        private var keys: [Int64] = []
        private var values: [Value] = []
        private var used = 0
        /// What a free slot holds.
        private let filler: Value

        init(filler: Value) { self.filler = filler }

        /// Room for `count` sizes without growing.
        mutating func reserve(_ count: Int) {
            var capacity = 64
            while capacity < count * 2 + 2 { capacity *= 2 }
            if capacity > keys.count { rebuild(capacity) }
        }

        /// The value kept for `size` (not negative), if any.
        func find(_ size: Int64) -> Value? {
            guard !keys.isEmpty else { return nil }
            let mask = keys.count - 1
            var slot = Self.slot(of: size, mask: mask)
            while true {
                let key = keys[slot]
                if key == size { return values[slot] }
                if key < 0 { return nil }
                slot = (slot + 1) & mask
            }
        }

        /// Keeps `value` for `size` (not there yet, not negative).
        mutating func insert(_ size: Int64, _ value: Value) {
            if (used + 1) * 2 >= keys.count { rebuild(max(64, keys.count * 2)) }
            let mask = keys.count - 1
            var slot = Self.slot(of: size, mask: mask)
            while keys[slot] >= 0 { slot = (slot + 1) & mask }
            keys[slot] = size
            values[slot] = value
            used += 1
        }

        /// The value kept for `size`, made by `make` the first time.
        mutating func value(_ size: Int64, make: () -> Value) -> Value {
            if let known = find(size) { return known }
            let made = make()
            insert(size, made)
            return made
        }

        static func slot(of size: Int64, mask: Int) -> Int {
            Int(truncatingIfNeeded: (UInt64(bitPattern: size) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        }

        private mutating func rebuild(_ capacity: Int) {
            let oldKeys = keys
            let oldValues = values
            keys = [Int64](repeating: -1, count: capacity)
            values = [Value](repeating: filler, count: capacity)
            let mask = capacity - 1
            for (index, key) in oldKeys.enumerated() where key >= 0 {
                var slot = Self.slot(of: key, mask: mask)
                while keys[slot] >= 0 { slot = (slot + 1) & mask }
                keys[slot] = key
                values[slot] = oldValues[index]
            }
        }
    }
}

/// A size's text (``SizeTexts/short(_:precision:)``): up to 16 bytes kept inline, so that
/// reading one retains nothing and writing one is a 16-byte copy.
struct SizeText {
    /// The bytes, `count` of them used (the rest zero).
    var bytes: (UInt64, UInt64) = (0, 0)
    /// How many bytes (0: not made yet; -1: the text is longer than 16 bytes).
    var count = 0

    init(count: Int = 0) { self.count = count }
}
