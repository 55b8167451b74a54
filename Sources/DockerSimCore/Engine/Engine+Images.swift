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
            guard references[parsed] == id else { throw Self.noSuchImage(parsed.familiarString) }
            references[parsed] = nil
            records.append(.untagged(parsed.familiarString))
            note(.untagged(reference: parsed.familiarString, imageStays: false))
            logImage("untag", id.description, image: id, name: id.description)
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
        logImage("delete", id.description, image: nil, name: id.description)
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
        // Sorted by compact keys, then the summaries moved into that order (never copied).
        // An ID's first 16 hex digits (its `word`) order IDs as their text does, so the text is
        // compared only when those are equal.
        var keys: [(created: Timestamp, word: UInt64, index: Int)] = []
        keys.reserveCapacity(result.count)
        for index in result.indices { keys.append((result[index].image.created, result[index].image.id.word, index)) }
        keys.sort { a, b in
            if a.created != b.created { return a.created > b.created }
            if a.word != b.word { return a.word > b.word }
            return result[a.index].image.id > result[b.index].image.id
        }
        result.permute(by: keys.map(\.index))
        return result
    }
}
