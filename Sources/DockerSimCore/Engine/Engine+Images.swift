/// One line of `docker rmi` output.
public enum RemovalRecord: Sendable, Equatable {
    /// `Untagged: ubuntu:latest`
    case untagged(String)
    /// `Deleted: sha256:…` (an image ID or a layer chainID)
    case deleted(Digest)
}

extension Engine {
    /// `docker tag SOURCE TARGET`: points `target` at the source image.
    public mutating func tag(source: String, target: ImageReference) throws(DockerError) {
        let image = try findImage(source)
        setReference(target.withDefaultTag, to: image.id)
        logImage("tag", image.id.description, image: image.id, name: target.withDefaultTag.familiarString)
    }

    /// `docker rmi`: the daemon's `ImageDelete`, untag first, then delete what is no longer referenced.
    /// - Parameters:
    ///   - typed: the argument as typed (a reference or an ID prefix).
    ///   - force: `-f`.
    ///   - prune: delete untagged parents too (docker's default; `--no-prune` turns it off).
    public mutating func removeImage(
        _ typed: String, force: Bool, prune: Bool = true
    ) throws(DockerError) -> [RemovalRecord] {
        settle()
        var named: ImageReference?
        let image = try findImage(typed, named: &named)
        let id = image.id
        var records: [RemovalRecord] = []
        var quiet = false
        if !Self.isIDPrefix(id, typed) {
            var refs = references(of: id)
            if !force && Self.isSingleReference(refs), let user = containersUsing(id).first {
                noteRefusal(typed, id: id)
                throw DockerError.daemon(
                    "conflict: unable to remove repository reference \"\(typed)\" (must force) - container \(user.shortID) is using its referenced image \(id.short)",
                    kind: .conflict)
            }
            let parsed: ImageReference
            if let named {
                parsed = named.withDefaultTag  // what `ImageReference.parse(typed)` gives
            } else {
                do {
                    parsed = try ImageReference.parse(typed).withDefaultTag
                } catch {
                    throw DockerError.daemon(error.description, kind: .invalidParameter)
                }
            }
            let familiar = parsed.familiarString
            guard references[parsed] == id else { throw Self.noSuchImage(familiar) }
            references[parsed] = nil
            records.append(.untagged(familiar))
            note(.untagged(reference: familiar, imageStays: false))
            let idText = id.description
            logImage("untag", idText, image: id, name: idText)
            refs = references(of: id)
            if parsed.digest == nil, !refs.contains(where: { $0.digest == nil && $0.name == parsed.name }) {
                for ref in refs where ref.digest != nil && ref.name == parsed.name {
                    references[ref] = nil
                    records.append(.untagged(ref.familiarString))
                    note(.untagged(reference: ref.familiarString, imageStays: false))
                    logImage("untag", id.description, image: id, name: id.description)
                }
                refs = references(of: id)
            }
            if !refs.isEmpty {
                markUntaggedImageStays()
                return records
            }
            quiet = true
        } else {
            let refs = references(of: id)
            if Self.isSingleReference(refs) {
                if let conflict = deleteConflict(id, hard: true, activeReference: false, stopped: !force) {
                    noteRefusal(typed, id: id)
                    throw conflict.error
                }
                for ref in refs {
                    references[ref] = nil
                    records.append(.untagged(ref.familiarString))
                    note(.untagged(reference: ref.familiarString, imageStays: false))
                    logImage("untag", id.description, image: id, name: id.description)
                }
            }
        }
        try deleteImage(id, records: &records, force: force, prune: prune, quiet: quiet)
        return records
    }

    private mutating func deleteImage(
        _ id: Digest, records: inout [RemovalRecord], force: Bool, prune: Bool, quiet: Bool
    ) throws(DockerError) {
        if let conflict = deleteConflict(id, hard: true, activeReference: !force, stopped: !force) {
            if quiet && (!isDangling(id) || conflict.used) { return }
            noteRefusal(id.short, id: id)
            throw conflict.error
        }
        guard let image = images[id] else { return }
        for ref in references(of: id) {
            references[ref] = nil
            records.append(.untagged(ref.familiarString))
            note(.untagged(reference: ref.familiarString, imageStays: false))
            logImage("untag", id.description, image: id, name: id.description)
        }
        deleteImageRecord(id)
        records.append(.deleted(id))
        let idText = id.description
        logImage("delete", idText, image: nil, name: idText)
        note(.imageDeleted(id: id))
        if let top = image.topLayer {
            let chain = layers.chain(from: top)
            let deleted = layers.release(top)
            for chainID in deleted { records.append(.deleted(chainID)) }
            noteLayers(chain, deleted: deleted.count)
        }
        if prune, let parent = image.parent, images[parent] != nil {
            try deleteImage(parent, records: &records, force: false, prune: true, quiet: true)
        }
    }

    /// Notes why `rmi` refused: who uses the image.
    private mutating func noteRefusal(_ typed: String, id: Digest) {
        let users = containersUsing(id)
        note(
            .removalRefused(
                reference: typed, id: id, containers: users.map(\.name), running: users.contains(where: \.isRunning),
                children: indexes.childImages[id]?.count ?? 0))
    }

    /// The untag events of this `rmi` say that the image stays (other references name it).
    private mutating func markUntaggedImageStays() {
        guard case .untagged(let reference, false)? = storageEvents.events.last else { return }
        storageEvents.replaceLast(with: .untagged(reference: reference, imageStays: true))
    }

    /// Notes what an image's deletion did to its layers (`chain`, top first, as it was before):
    /// the first `deleted` went, the next one (and those below it) stays, held by other images
    /// or by containers.
    private mutating func noteLayers(_ chain: [Layer], deleted: Int) {
        for layer in chain.prefix(deleted) {
            note(.layerDeleted(LayerFact(diffID: layer.diffID, size: layer.diffSize)))
        }
        guard deleted < chain.count else { return }
        let kept = chain[deleted]
        note(
            .layerKept(
                LayerFact(diffID: kept.diffID, size: kept.diffSize), below: chain.count - deleted,
                images: imageHolderCount(of: kept.chainID)))
    }

    private struct Conflict {
        var error: DockerError
        var used: Bool
    }

    private func deleteConflict(_ id: Digest, hard: Bool, activeReference: Bool, stopped: Bool) -> Conflict? {
        func conflict(_ message: String, hard: Bool, used: Bool) -> Conflict {
            Conflict(
                error: .daemon(
                    "conflict: unable to delete \(id.short) (\(hard ? "cannot be forced" : "must be forced")) - \(message)",
                    kind: .conflict), used: used)
        }
        let users = containersUsing(id)
        if hard {
            if !children(of: id).isEmpty {
                return conflict("image has dependent child images", hard: true, used: false)
            }
            if let running = users.first(where: \.isRunning) {
                return conflict("image is being used by running container \(running.shortID)", hard: true, used: true)
            }
        }
        if activeReference, !references(of: id).isEmpty {
            return conflict("image is referenced in multiple repositories", hard: false, used: false)
        }
        if stopped, let user = users.first(where: { !$0.isRunning }) {
            return conflict("image is being used by stopped container \(user.shortID)", hard: false, used: true)
        }
        return nil
    }

    /// Containers created from an image, oldest first.
    public func containersUsing(_ id: Digest) -> [Container] {
        guard let ids = indexes.containersByImage[id] else { return [] }
        return ids.compactMap { containers[$0] }.sorted { $0.sequence < $1.sequence }
    }

    /// No references and no child images.
    public func isDangling(_ id: Digest) -> Bool {
        !references.hasReferences(id) && !hasChildren(id)
    }

    static func isIDPrefix(_ id: Digest, _ typed: String) -> Bool {
        id.description.hasPrefix(typed) || id.hex.hasPrefix(typed)
    }

    /// moby's `isSingleReference`: one tag at most, and any digests in that tag's repository.
    static func isSingleReference(_ refs: [ImageReference]) -> Bool {
        if refs.count <= 1 { return refs.count == 1 }
        var single: ImageReference?
        var canonicalNames: Set<String> = []
        for ref in refs {
            if ref.digest != nil {
                canonicalNames.insert(ref.name)
            } else if single == nil {
                single = ref
            } else {
                return false
            }
        }
        let chosen = single ?? refs[0]
        return canonicalNames.count == 1 && canonicalNames.contains(chosen.name)
    }
}

/// An image as `docker images` and `docker system df` see it.
public struct ImageSummary: Sendable {
    public var image: Image
    /// Tag references, in the daemon's order (sorted by full string), parsed: tables read their
    /// repository and tag without parsing text again.
    public var tagReferences: [ImageReference]
    /// Digest references, in the daemon's order.
    public var digestReferences: [ImageReference]
    /// Tag references, familiar (`ubuntu:22.04`, `ubuntu:latest`).
    public var repoTags: [String] { tagReferences.map(\.familiarString) }
    /// Digest references, familiar.
    public var repoDigests: [String] { digestReferences.map(\.familiarString) }
    public var size: Int64
    /// Bytes of layers that more than one image holds (only filled by ``Engine/diskUsage()``).
    public var sharedSize: Int64
    /// Containers of any state created from the image.
    public var containers: Int
}

extension Engine {
    /// The images `docker images` lists, newest first: tagged or digested ones and dangling
    /// ones; with `all`, also untagged images that have children (intermediate images).
    public func listImages(all: Bool = false) -> [ImageSummary] {
        var result: [ImageSummary] = []
        result.reserveCapacity(images.count)
        for image in images.values {
            let refs = references(of: image.id)
            if refs.isEmpty && !all && hasChildren(image.id) { continue }
            // The usual image has one tag: its array is the tags, as it is (no filtered copies).
            let plain = refs.allSatisfy { $0.digest == nil }
            result.append(
                ImageSummary(
                    image: image,
                    tagReferences: plain ? refs : refs.filter { $0.digest == nil },
                    digestReferences: plain ? [] : refs.filter { $0.digest != nil },
                    size: image.size, sharedSize: 0, containers: containerCount(of: image.id)))
        }
        // Sorted by creation time (a radix sort of the times), then the few images created at
        // the same instant by ID; the summaries are then moved into that order (never copied).
        var created: [Timestamp] = []
        created.reserveCapacity(result.count)
        for index in result.indices { created.append(result[index].image.created) }
        var order = Self.newestFirst(created)
        // Runs of one instant, by ID descending: an ID's first 16 hex digits (its `word`) order
        // IDs as their text does, so the text is compared only when those are equal.
        var first = 0
        while first < order.count {
            var end = first + 1
            while end < order.count && created[order[end]] == created[order[first]] { end += 1 }
            if end - first > 1 {
                order[first..<end].sort { a, b in
                    let left = result[a].image.id
                    let right = result[b].image.id
                    if left.word != right.word { return left.word > right.word }
                    return left > right
                }
            }
            first = end
        }
        result.permute(by: order)
        return result
    }

    /// The indices of `times`, latest first, equal times in index order: the order of a stable
    /// sort by `>`. From 64 times on, times that span less than 2^33 seconds (272 years) are
    /// sorted as 63-bit keys (seconds since the earliest, then nanoseconds), a byte at a time
    /// from the lowest (bytes every key shares skipped, 256 counters a pass); others by
    /// comparison (for a few images that costs less than the radix sort's passes).
    static func newestFirst(_ times: [Timestamp]) -> [Int] {
        guard times.count >= 64 else { return byComparison(times) }
        guard var earliest = times.first?.seconds else { return [] }
        var latest = earliest
        var wellFormed = true
        for time in times {
            earliest = min(earliest, time.seconds)
            latest = max(latest, time.seconds)
            if time.nanoseconds < 0 || time.nanoseconds >= 1_000_000_000 { wellFormed = false }
        }
        guard wellFormed, latest.subtractingReportingOverflow(earliest).overflow == false,
            latest - earliest < 1 << 33
        else { return byComparison(times) }
        // Latest first: the keys complemented, so that an ascending (stable) sort is the order.
        var keys: [UInt64] = []
        keys.reserveCapacity(times.count)
        for time in times {
            keys.append(~(UInt64(time.seconds - earliest) << 30 | UInt64(time.nanoseconds)))
        }
        // The bits some keys differ in: only their bytes need a pass (the seconds of images made
        // minutes or days apart span two or three bytes, the nanoseconds often none).
        var ones: UInt64 = 0
        var zeros: UInt64 = 0
        for key in keys {
            ones |= key
            zeros |= ~key
        }
        let varying = ones & zeros
        var order = Array(times.indices)
        var next = order
        var counts = [Int](repeating: 0, count: 256)
        for byte in 0..<8 {
            let shift = UInt64(byte * 8)
            if (varying >> shift) & 0xFF == 0 { continue }
            counts.withUnsafeMutableBufferPointer { counts in
                keys.withUnsafeBufferPointer { keys in
                    for value in 0..<256 { counts[value] = 0 }
                    for key in keys { counts[Int(truncatingIfNeeded: key >> shift) & 0xFF] &+= 1 }
                    var start = 0
                    for value in 0..<256 {
                        let count = counts[value]
                        counts[value] = start
                        start &+= count
                    }
                    order.withUnsafeBufferPointer { order in
                        next.withUnsafeMutableBufferPointer { next in
                            for index in order {
                                let slot = Int(truncatingIfNeeded: keys[index] >> shift) & 0xFF
                                next[counts[slot]] = index
                                counts[slot] &+= 1
                            }
                        }
                    }
                }
            }
            swap(&order, &next)
        }
        return order
    }

    /// ``newestFirst(_:)`` by comparison.
    private static func byComparison(_ times: [Timestamp]) -> [Int] {
        times.indices.sorted { a, b in times[a] != times[b] ? times[a] > times[b] : a < b }
    }
}
