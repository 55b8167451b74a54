import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// Where data outlives a container: volumes, bind mounts and tmpfs through `run`, the shell,
/// `cp`, `commit` and `rm`, with the engine's invariants holding after every line.
@Suite struct VolumeMountTests {
    func session(_ lines: [String]) -> Session {
        let session = newSession()
        for line in ["pull ubuntu"] + lines {
            let output = session.handle(line)
            #expect(session.engine.invariantViolations().isEmpty, "\(line): \(output.text)")
        }
        return session
    }

    @Test func writesUnderAVolumeNeverReachTheWritableLayerNorACommit() throws {
        let session = session([
            "run -it --name c1 -v datos:/datos ubuntu", "echo 0123456789 > /datos/f.txt", "echo 123 > /g.txt", "exit",
        ])
        let container = try session.engine.findContainer("c1")
        let volume = try session.engine.findVolume("datos")
        #expect(volume.size == 11)
        #expect(volume.references == [container.id])
        // The writable layer holds /g.txt, the history and the mount point, not /datos/f.txt.
        #expect(!container.fs.changes().contains { $0.path.hasPrefix("/datos/") })
        #expect(container.fs.changes().contains(Change(.added, "/datos")))
        run(session, ["commit c1 copia"])
        let copy = try session.engine.findImage("copia")
        let ubuntu = try session.engine.findImage("ubuntu")
        #expect(copy.size == ubuntu.size + container.sizeRw)
        #expect(run(session, ["run --rm copia ls -a /datos"]).stdout == ".\n..\n")
    }

    @Test func containersSharingAVolumeSeeEachOthersWrites() throws {
        let session = session([
            "run -d --name escritor -v compartido:/srv ubuntu bash -c 'while true; do date >> /srv/hora.txt; sleep 1; done'",
            "run -dit --name lector --mount type=volume,src=compartido,dst=/datos,readonly ubuntu",
            "sleep 3",
        ])
        let lines = run(session, ["exec lector cat /datos/hora.txt"]).stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(try session.engine.findVolume("compartido").references.count == 2)
        #expect(run(session, ["exec lector touch /datos/x"]).stderr.contains("Read-only file system"))
        #expect(run(session, ["volume rm compartido"]).status == 1)
        run(session, ["rm -f escritor lector"])
        #expect(try session.engine.findVolume("compartido").references.isEmpty)
        #expect(run(session, ["volume rm compartido"]).stdout == "compartido\n")
    }

    @Test func bindMountsShowTheHostFolderBothWays() throws {
        let session = session([
            "mkdir web", "echo hola > web/index.html", "run -dit --name web1 -v /home/usuario/web:/web ubuntu",
        ])
        #expect(run(session, ["exec web1 cat /web/index.html"]).stdout == "hola\n")
        run(session, ["echo adios > web/index.html"])
        #expect(run(session, ["exec web1 cat /web/index.html"]).stdout == "adios\n")
        run(session, ["exec web1 bash -c 'echo del contenedor > /web/otro.txt'"])
        #expect(run(session, ["cat web/otro.txt"]).stdout == "del contenedor\n")
        #expect(try session.engine.findContainer("web1").sizeRw == 0)
        // A second container sees what the first wrote through its own bind of the parent folder.
        run(session, ["run -dit --name web2 -v /home/usuario:/casa ubuntu"])
        #expect(run(session, ["exec web2 cat /casa/web/otro.txt"]).stdout == "del contenedor\n")
        run(session, ["exec web2 bash -c 'echo 2 > /casa/web/dos.txt'"])
        #expect(run(session, ["exec web1 cat /web/dos.txt"]).stdout == "2\n")
    }

    @Test func anonymousVolumesGoWithRmVAndRmButNotPlainRm() throws {
        let session = session([
            "run --name a1 -v /datos ubuntu true", "run --name a2 -v /datos -v nombrado:/n ubuntu true",
            "run --rm -v /datos ubuntu true",
        ])
        #expect(session.engine.volumes.count == 3)
        run(session, ["rm a1"])
        #expect(session.engine.volumes.count == 3)
        run(session, ["rm -v a2"])
        #expect(session.engine.volumes.count == 2)
        #expect(session.engine.volumes["nombrado"] != nil)
        #expect(session.engine.volumes.values.filter(\.isAnonymous).count == 1)
    }

    @Test func aFailedCreateTakesNoReferences() throws {
        let session = session(["volume create datos"])
        let output = run(session, ["run -v datos:/d -v /tmp:/d ubuntu"])
        #expect(output.status == 125)
        #expect(output.stderr.contains("Duplicate mount point: /d"))
        #expect(try session.engine.findVolume("datos").references.isEmpty)
        #expect(session.engine.containers.isEmpty)
    }

    @Test func tmpfsIsEmptyAfterAStop() {
        let session = session(["run -dit --name t1 --tmpfs /tmp ubuntu", "exec t1 touch /tmp/a"])
        #expect(run(session, ["exec t1 ls /tmp"]).stdout == "a\n")
        run(session, ["restart t1"])
        #expect(run(session, ["exec t1 ls /tmp"]).stdout == "")
    }
}
