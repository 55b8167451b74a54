import DockerSimCommands
import DockerSimCore
import DockerSimFuzz
import Foundation
import Testing

/// Issue 7's atomicity rule, walked on every error path the transcripts contain: each command
/// that exits non-zero leaves the engine's state exactly as it was (stateFingerprint before and
/// after), but for docker's own partial work (`run`'s pull and create, `rm a b c` argument by
/// argument), where the invariants must still hold.
@Suite struct AtomicityTests {
    struct Walk: Sendable {
        var errorPaths = 0
        var partialByDesign = 0
        var problems: [String] = []
    }

    static func walk(_ file: String, text: String) throws -> Walk {
        let transcript = try Transcript.parse(text, path: file)
        var walk = Walk()
        _ = Replayer.run(transcript) { command, before, after, status in
            guard status != 0, command.prompt == nil else { return }
            walk.errorPaths += 1
            if Atomicity.mustBeAtomic(command.text) {
                let was = before.stateFingerprint()
                let now = after.stateFingerprint()
                if was != now {
                    walk.problems.append(
                        "\(file):\(command.line): `\(command.text)` failed and changed the state:\n"
                            + Atomicity.difference(was, now))
                }
            } else {
                walk.partialByDesign += 1
                let broken = after.invariantViolations()
                if !broken.isEmpty { walk.problems.append("\(file):\(command.line): `\(command.text)`: \(broken)") }
            }
        }
        return walk
    }

    @Test(arguments: FuzzCorpus.transcriptTexts().map(\.name))
    func everyErrorPathOfTheTranscriptsLeavesTheStateUnchanged(_ file: String) throws {
        let text = try String(contentsOfFile: FuzzCorpus.root + "/" + file, encoding: .utf8)
        let walk = try Self.walk(file, text: text)
        print("atomicity \(file): \(walk.errorPaths) error paths, \(walk.partialByDesign) with docker's partial work")
        for problem in walk.problems { Issue.record(Comment(rawValue: problem)) }
    }

    @Test func theTranscriptsHaveErrorPaths() throws {
        var total = 0
        for (file, text) in FuzzCorpus.transcriptTexts() { total += try Self.walk(file, text: text).errorPaths }
        #expect(total >= 30, "only \(total) failing commands in the transcripts")
    }

    /// The check can fail: a failing command that changes the state is caught.
    @Test func aChangeIsSeen() throws {
        let session = Session(engine: Engine(clock: .manual(at: FuzzHarness.clock), seed: 1))
        let before = session.engine
        _ = session.handle("pull hello-world")
        #expect(before.stateFingerprint() != session.engine.stateFingerprint())
    }

    /// `pull`, `rmi` of one image, `rm` of one container, `ps` and `images` run without the session's snapshot (they
    /// check everything before they change anything): each failure leaves the state as it was,
    /// and the record of storage events is what a restored snapshot leaves (the refusal only).
    @Test func commandsRunWithoutASnapshotFailBeforeChanging() throws {
        let session = Session(engine: Engine(clock: .manual(at: FuzzHarness.clock), seed: 1))
        for line in [
            "docker pull ubuntu", "docker pull hello-world", "docker create --name c1 ubuntu",
            "docker commit c1 child:1", "docker create --name c2 hello-world", "docker run -dit --name r1 ubuntu",
        ] {
            #expect(session.handle(line).status == 0, "\(line)")
        }
        let ubuntu = try session.engine.findImage("ubuntu").id
        for line in [
            "docker rmi ubuntu", "docker rmi \(ubuntu.short)", "docker rmi hello-world", "docker rmi nada",
            "docker rmi child:2", "docker rmi \(ubuntu.description)", "docker pull nada/nada",
            "docker pull ubuntu:nada",
            "docker pull UPPER", "docker ps --format '{{.Nada}}'", "docker ps --filter nada=1",
            "docker images --filter nada=1", "docker images --format '{{.Nada}}'", "docker rm nada",
            "docker rm r1", "docker rm ''", "docker rm --volumes r1", "docker rm --nada c1",
        ] {
            let before = session.engine.stateFingerprint()
            let output = session.handle(line)
            #expect(output.status != 0, "\(line) did not fail")
            #expect(session.engine.stateFingerprint() == before, "\(line) changed the state")
            let refusals = session.engine.storageEvents.events.filter(\.survivesUndo).count
            #expect(session.engine.storageEvents.events.count == refusals, "\(line): \(session.engine.storageEvents)")
        }
        // `rmi ubuntu` with c1 on it was refused, and the refusal noted once.
        _ = session.handle("docker rmi ubuntu")
        #expect(session.engine.storageEvents.events.count == 1)
        #expect(session.engine.invariantViolations().isEmpty)
    }

    /// docker's multi-argument commands: each argument on its own, the errors at the end.
    @Test func multiArgumentCommandsGoArgumentByArgument() {
        let session = Session(engine: FuzzHarness.shared.hostEngine)
        let rm = session.handle("rm c2 nada c1")
        #expect(rm.status == 1)
        #expect(rm.stdout == "c2\nc1\n")
        #expect(rm.stderr == "Error response from daemon: No such container: nada\n")
        #expect((try? session.engine.findContainer("c1")) == nil)
        let stop = session.handle("stop nada1 web nada2")
        #expect(stop.status == 1)
        #expect(stop.stdout == "web\n")
        #expect(stop.stderr.components(separatedBy: "No such container").count == 3)
        #expect(session.engine.containers.values.first { $0.name == "web" }?.isRunning == false)
        let start = session.handle("start nada web")
        #expect(start.status == 1)
        #expect(start.stdout == "web\n")
        #expect(session.engine.containers.values.first { $0.name == "web" }?.isRunning == true)
        let rmi = session.handle("rmi nada:1 mine:1")
        #expect(rmi.status == 1)
        #expect(rmi.stdout == "Untagged: mine:1\n")
        #expect(session.engine.invariantViolations().isEmpty)
    }
}
