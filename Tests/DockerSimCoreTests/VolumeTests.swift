import Testing

@testable import DockerSimCore

/// Volumes as engine state: names, labels, references, removal and prune (moby's volume service).
@Suite struct VolumeTests {
    @Test func createNamesAnonymousVolumesAndKeepsExistingOnes() throws {
        var engine = miniEngine()
        let named = try engine.createVolume(named: "datos", labels: ["a": "b"], options: [:])
        #expect(named.mountpoint == "/var/lib/docker/volumes/datos/_data")
        #expect(!named.isAnonymous)
        let anonymous = try engine.createVolume(named: nil, labels: nil)
        #expect(anonymous.name.count == 64 && anonymous.name.allSatisfy(\.isHexDigit))
        #expect(anonymous.labels == [Volume.anonymousLabel: ""])
        #expect(anonymous.isAnonymous)
        // A second create returns the volume as it is: its labels stay.
        let again = try engine.createVolume(named: "datos", labels: ["c": "d"])
        #expect(again.labels == ["a": "b"])
        #expect(engine.volumes.count == 2)
        #expect(engine.invariantViolations().isEmpty)
    }

    @Test func namesFollowTheLocalDriversRule() {
        var engine = miniEngine()
        #expect(throws: DockerError.self) { try engine.createVolume(named: "a", labels: nil) }
        #expect(throws: DockerError.self) { try engine.createVolume(named: "web/html", labels: nil) }
        #expect(throws: DockerError.self) { try engine.createVolume(named: "-x", labels: nil) }
        #expect(throws: DockerError.self) { try engine.createVolume(named: "ok", driver: "nfs", labels: nil) }
        #expect(engine.volumes.isEmpty)
        do {
            try engine.createVolume(named: "web/html", labels: nil)
        } catch {
            #expect(error.description.hasPrefix("Error response from daemon: create web/html: \"web/html\" includes"))
        }
    }

    @Test func aReferencedVolumeCannotBeRemovedOrPruned() throws {
        var engine = miniEngine()
        try engine.createVolume(named: "datos", labels: [:])
        engine.volumes["datos"]?.references = ["c0ffee"]
        #expect(throws: DockerError.self) { try engine.removeVolume("datos") }
        #expect(throws: DockerError.self) { try engine.removeVolume("datos", force: true) }
        #expect(engine.pruneVolumes(all: true).deleted.isEmpty)
        do {
            try engine.removeVolume("datos")
        } catch {
            #expect(error.message == "remove datos: volume is in use - [c0ffee]")
        }
        engine.volumes["datos"]?.references = []
        try engine.removeVolume("datos")
        #expect(engine.volumes.isEmpty)
        #expect(throws: DockerError.self) { try engine.removeVolume("datos") }
        try engine.removeVolume("datos", force: true)
    }

    @Test func pruneTakesAnonymousVolumesUnlessAllAndCountsTheirBytes() throws {
        var engine = miniEngine()
        try engine.createVolume(named: "datos", labels: [:])
        let anonymous = try engine.createVolume(named: nil, labels: nil)
        engine.volumes[anonymous.name]?.data.modify(["f"]) {
            $0 = .file(FileContent(text: "hola\n"), FileMetadata(mode: 0o644, mtime: 0))
        }
        let first = engine.pruneVolumes(all: false)
        #expect(first.deleted == [anonymous.name])
        #expect(first.spaceReclaimed == 5)
        var filter = PruneFilter()
        filter.labels = [(key: "nada", value: nil)]
        #expect(engine.pruneVolumes(all: true, filter: filter).deleted.isEmpty)
        #expect(engine.pruneVolumes(all: true).deleted == ["datos"])
        #expect(engine.volumes.isEmpty)
    }

    @Test func invariantsCatchWrongReferencesAndSizes() throws {
        var engine = miniEngine()
        try engine.createVolume(named: "datos", labels: [:])
        engine.volumes["datos"]?.references = ["nadie"]
        #expect(engine.invariantViolations().contains { $0.contains("volume datos: references 1, held by 0") })
    }
}
