import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `explain`: what a line did to storage, from the engine's event record of it.
@Suite struct ExplainTests {
    /// The image layers of `reference` as the engine holds them, bottom first (their diffIDs).
    static func diffIDs(_ session: Session, _ reference: String) throws -> [Digest] {
        let ref = try ImageReference.parse(reference).withDefaultTag
        let id = try #require(session.engine.references[ref])
        let top = session.engine.images[id]?.topLayer
        return session.engine.layers.chain(from: top).map(\.diffID).reversed()
    }

    @Test func theSecondPullNamesTheTwoLayersThatAlreadyExisted() throws {
        let session = newSession()
        run(session, ["pull josedom24/servidorweb:v1", "pull josedom24/servidorweb:v2"])
        let v1 = try Self.diffIDs(session, "josedom24/servidorweb:v1")
        let v2 = try Self.diffIDs(session, "josedom24/servidorweb:v2")
        guard
            case .pulled(let image, let downloaded, let existing, let heldBy)? = session.engine.storageEvents.events
                .first
        else {
            Issue.record("no pull event: \(session.engine.storageEvents.events)")
            return
        }
        #expect(image == "josedom24/servidorweb:v2")
        #expect(existing.map(\.diffID) == Array(v1.prefix(2)))
        #expect(downloaded.map(\.diffID) == [v2[2]])
        #expect(downloaded.map(\.size) == [25])
        #expect(heldBy == 1)
        let text = session.handle("explain").stderr
        #expect(text.contains("2 layers already existed"))
        for diffID in v1.prefix(2) { #expect(text.contains(diffID.short)) }
        #expect(text.contains("644caed4a4bb (25B)") && text.contains("Disk use grew by 25B"))
    }

    @Test func aWriteSaysWhetherItIsANewFileOrACopyUp() throws {
        let session = newSession()
        run(session, LayersTests.seedLines + ["start contenedor1", "attach contenedor1"])
        run(session, ["echo \"00000000000000000\">file.txt"])
        #expect(
            session.engine.storageEvents.events == [
                .wrote(
                    WriteFact(
                        container: "contenedor1", path: "/file.txt", target: .newFile, before: 5, after: 23, times: 1))
            ])
        run(session, ["echo a >> /etc/bash.bashrc; echo b >> /etc/bash.bashrc"])
        let ubuntu = try Self.diffIDs(session, "ubuntu")
        guard case .wrote(let fact)? = session.engine.storageEvents.events.first else {
            Issue.record("no write event")
            return
        }
        #expect(fact.target == .copiedUp(from: ubuntu[0]))
        #expect(fact.times == 2)  // two writes to one file: one event
        #expect(fact.before == 23 && fact.after == session.engine.containers.values.first?.sizeRw)
        run(session, ["echo c >> /etc/bash.bashrc"])
        guard case .wrote(let again)? = session.engine.storageEvents.events.first else { return }
        #expect(again.target == .writableLayer)  // already copied up
        run(session, ["exit", "explain on", "start contenedor1", "attach contenedor1"])
        let shown = session.handle("echo x > /nuevo.txt")
        #expect(shown.stderr.contains("/nuevo.txt: a new file in contenedor1's writable layer"))
    }

    @Test func theRefusedRmiNamesTheContainerAndChangesNothing() {
        let session = newSession()
        run(session, LayersTests.seedLines)
        let before = session.engine.stateFingerprint()
        let refused = session.handle("docker rmi ubuntu")
        #expect(refused.status == 1)
        #expect(session.engine.stateFingerprint() == before)
        let text = session.handle("explain").stderr
        #expect(text.contains("rmi ubuntu refused: container contenedor1 (stopped)"))
        #expect(text.contains("nothing was untagged or deleted"))
        session.language = .es
        #expect(session.handle("explain").stderr.contains("el contenedor contenedor1 (parado)"))
    }

    @Test func explainOnPrintsApartAfterDockersOwnOutput() {
        let plain = newSession()
        let explained = newSession()
        run(explained, ["explain on"])
        let docker = plain.handle("docker pull ubuntu")
        let both = explained.handle("docker pull ubuntu")
        #expect(both.stdout == docker.stdout)  // docker's output is untouched
        #expect(both.status == docker.status)
        #expect(both.chunks.last?.stream == .stderr && both.chunks.last?.event == .aside)
        #expect(both.chunks.last?.text.hasPrefix("  ⓘ ubuntu:latest: 1 layer downloaded") == true)
        run(explained, ["explain off"])
        #expect(explained.handle("docker rmi ubuntu").stderr.isEmpty)
    }

    @Test func theTextComesFromTheEventsNeverFromTheLine() {
        let session = newSession()
        // A line that names a pull but pulls nothing: nothing to explain.
        run(session, ["echo docker pull ubuntu"])
        #expect(session.handle("explain").stderr.contains("changed nothing in storage"))
        // A pull that fails: nothing happened.
        run(session, ["docker pull nadie/nada"])
        #expect(session.handle("explain").stderr.contains("changed nothing in storage"))
        // The bare verb, through a variable: the same pull as `docker pull ubuntu`.
        run(session, ["IMAGEN=ubuntu", "pull $IMAGEN"])
        #expect(session.handle("explain").stderr.contains("ubuntu:latest: 1 layer downloaded"))
        // A line that runs two commands: both are explained.
        run(session, ["docker tag ubuntu uno && docker rmi uno"])
        #expect(session.handle("explain").stderr.contains("Untagged uno:latest: the image stays"))
    }

    @Test func theRecordIsBoundedAndRepeatedWritesAreOne() throws {
        var engine = makeEngine()
        _ = try engine.pull(ImageReference.parse("ubuntu"))
        let id = try engine.createContainer(ContainerConfig(image: "ubuntu"), name: "caja")
        engine.clearStorageEvents()
        for index in 0..<100 {
            try engine.writeFile(id, path: "/f\(index)", cwd: [], bytes: [65], append: false, mtime: 0)
        }
        #expect(engine.storageEvents.events.count == StorageEventLog.capacity)
        #expect(engine.storageEvents.dropped == 100 - StorageEventLog.capacity)
        engine.clearStorageEvents()
        for _ in 0..<1000 { try engine.writeFile(id, path: "/log", cwd: [], bytes: [65], append: true, mtime: 0) }
        #expect(engine.storageEvents.events.count == 1)
        guard case .wrote(let fact)? = engine.storageEvents.events.first else { return }
        #expect(fact.times == 1000 && fact.before == 100 && fact.after == 1100)
    }

    @Test func badInputSaysSoAndChangesNothing() {
        let session = newSession()
        run(session, ["pull ubuntu"])
        let before = session.engine.stateFingerprint()
        let wrong = session.handle("explain sí")
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "usage: explain [on|off] (explain alone explains the last command)\n")
        #expect(session.engine.stateFingerprint() == before)
        #expect(!session.explains)
        // `explain` does not explain itself: the pull is still the last command.
        #expect(session.handle("explain").stderr.contains("ubuntu:latest: 1 layer downloaded"))
        let empty = newSession()
        #expect(empty.handle("explain").stderr.contains("no command to explain yet"))
    }

    @Test func completionOffersOnAndOff() {
        let session = newSession()
        #expect(Completer(session: session).complete("explain ").candidates.map(\.text) == ["off", "on"])
        #expect(Completer(session: session).complete("expl").candidates.map(\.text) == ["explain"])
    }
}
