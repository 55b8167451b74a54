// Sources: moby/buildkit v0.25.1 cache/manager.go (DiskUsage, prune, markShared),
// moby v28.5.1 builder/builder-next/builder.go (DiskUsage), docker/cli cli/command/system/df.go.

/// One record of BuildKit's cache: the result of a step (a layer), a base image's layer it
/// pulled, or a local source it received (the build context, the Dockerfile).
public struct BuildCacheRecord: Sendable, Equatable {
    /// What kind of record (`regular`, `source.local`, `frontend`, `internal`).
    public enum RecordType: String, Sendable {
        case regular
        case sourceLocal = "source.local"
        case frontend
        case `internal`
    }

    /// BuildKit's 25-character record ID.
    public var id: String
    /// The cache key it answers (the step and everything it depends on).
    public var key: Digest
    public var type: RecordType
    /// `mount / from exec /bin/sh -c …`, `local source for context`, `pulled from …`.
    public var description: String
    /// The layer it holds (one reference in the layer store), nil for records without one.
    public var layer: Digest?
    /// Bytes of its own content (the layer's diff size, or what a local source received).
    public var size: Int64
    public var createdAt: Timestamp
    public var lastUsedAt: Timestamp?
    public var usageCount: Int
    /// The record below it (its parent snapshot).
    public var parent: String?
}

/// BuildKit's cache as the daemon keeps it between builds.
public struct BuildCache: Sendable {
    /// Records by ID.
    public internal(set) var records: [String: BuildCacheRecord] = [:]
    /// Record IDs by cache key.
    public internal(set) var byKey: [Digest: String] = [:]
    /// What each local source last sent (path → content digest), so that a rebuild only
    /// transfers what changed.
    public internal(set) var localSources: [String: [String: Digest]] = [:]

    public init() {}

    /// The record that answers `key`, if any.
    public func record(for key: Digest) -> BuildCacheRecord? {
        byKey[key].flatMap { records[$0] }
    }

    /// Records in `docker system df -v`'s order: last used first… (the CLI sorts by last use, oldest
    /// first, records never used first, then by ID).
    public var sortedRecords: [BuildCacheRecord] {
        records.values.sorted { a, b in
            switch (a.lastUsedAt, b.lastUsedAt) {
            case (nil, nil): return a.id < b.id
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x == y ? a.id < b.id : x < y
            }
        }
    }

    mutating func insert(_ record: BuildCacheRecord) {
        records[record.id] = record
        byKey[record.key] = record.id
    }

    mutating func remove(_ id: String) -> BuildCacheRecord? {
        guard let record = records.removeValue(forKey: id) else { return nil }
        if byKey[record.key] == id { byKey[record.key] = nil }
        return record
    }

    /// A record ID as BuildKit's `identity.NewID` makes them (base 36 of 128 bits), derived from
    /// `seed` so that runs repeat.
    static func recordID(_ seed: String) -> String {
        let bytes = Array(Digest.sha256(of: seed).hex.utf8.prefix(32))
        var value: [UInt8] = []
        var i = 0
        while i + 1 < bytes.count {
            let hi = hexValue(bytes[i])
            let lo = hexValue(bytes[i + 1])
            value.append(hi << 4 | lo)
            i += 2
        }
        var digits: [UInt8] = []
        var number = value
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        while number.contains(where: { $0 != 0 }) {
            var remainder = 0
            var next: [UInt8] = []
            for byte in number {
                let current = remainder * 256 + Int(byte)
                let quotient = current / 36
                remainder = current % 36
                if !next.isEmpty || quotient != 0 { next.append(UInt8(quotient)) }
            }
            digits.append(alphabet[remainder])
            number = next
        }
        var id = String(decoding: digits.reversed(), as: UTF8.self)
        while id.count < 25 { id = "0" + id }
        return id
    }

    private static func hexValue(_ c: UInt8) -> UInt8 {
        c >= 97 ? c - 87 : c - 48
    }
}

/// What `docker system df` shows of the build cache.
public struct BuildCacheUsage: Sendable {
    public struct Item: Sendable {
        public var record: BuildCacheRecord
        /// Held by a step of a build that is running (never, between commands).
        public var inUse: Bool
        /// Its layer is one of an image's layers (the image store shares it).
        public var shared: Bool
    }

    public var items: [Item]

    /// `BuilderSize`: the bytes of the records that are not shared with an image.
    public var size: Int64 { items.filter { !$0.shared }.reduce(0) { $0 + $1.record.size } }
    /// What `builder prune` could free.
    public var reclaimable: Int64 { size - items.filter { $0.inUse && !$0.shared }.reduce(0) { $0 + $1.record.size } }
}

/// What `docker builder prune` removed.
public struct BuildCachePruneReport: Sendable, Equatable {
    public var deleted: [BuildCacheRecord]
    public var reclaimed: Int64
}

extension Engine {
    /// The build cache as `docker system df` reports it: each record, whether an image shares its
    /// layer (then it is not counted in the build cache's size).
    public func buildCacheUsage() -> BuildCacheUsage {
        var sharedIDs: Set<String> = []
        for record in buildCache.records.values {
            guard let layer = record.layer, imageHolderCount(of: layer) > 0 else { continue }
            var current: String? = record.id
            while let id = current, sharedIDs.insert(id).inserted {
                current = buildCache.records[id]?.parent
            }
        }
        let items = buildCache.sortedRecords.map {
            BuildCacheUsage.Item(record: $0, inUse: false, shared: sharedIDs.contains($0.id))
        }
        return BuildCacheUsage(items: items)
    }

    /// `docker builder prune`: removes the records no image shares (with `all`, every record,
    /// internal and frontend ones too), releasing their layers.
    /// - Parameter all: `-a`.
    public mutating func pruneBuildCache(all: Bool) -> BuildCachePruneReport {
        let usage = buildCacheUsage()
        var deleted: [BuildCacheRecord] = []
        for item in usage.items {
            let record = item.record
            if !all && (item.shared || record.type == .frontend || record.type == .internal) { continue }
            deleted.append(record)
        }
        // Children before parents, so that a layer's references drop from the top.
        let order = deleted.sorted { depth(of: $0) > depth(of: $1) }
        var reclaimed: Int64 = 0
        for record in order {
            guard let removed = buildCache.remove(record.id) else { continue }
            if let layer = removed.layer { layers.release(layer) }
            if !usage.items.contains(where: { $0.record.id == record.id && $0.shared }) { reclaimed += removed.size }
        }
        if deleted.contains(where: { $0.type == .sourceLocal }) || all { buildCache.localSources = [:] }
        return BuildCachePruneReport(deleted: deleted, reclaimed: reclaimed)
    }

    private func depth(of record: BuildCacheRecord) -> Int {
        var depth = 0
        var current = record.parent
        while let id = current, depth < 10_000 {
            depth += 1
            current = buildCache.records[id]?.parent
        }
        return depth
    }
}
