import DockerSimCommands
import DockerSimCore
import DockerSimTestSupport
import Testing

@testable import DockerSimLessons

/// The lesson checks and values about volumes and mounts read the engine's state.
@Suite struct VolumeCheckTests {
    func holds(_ check: String, _ engine: Engine) throws -> Bool {
        try Condition.parse(check).holds(engine)
    }

    func value(_ text: String, _ engine: Engine) throws -> Double {
        try Expression.parse(text).evaluate(engine)
    }

    @Test func volumeChecksAndValuesFollowTheState() throws {
        let session = makeSession(seed: 5)
        for line in [
            "pull ubuntu", "mkdir web", "run -dit --name c1 -v datos:/datos -v /home/usuario/web:/web ubuntu",
            "exec c1 bash -c 'echo 1234 > /datos/f; echo x > /web/g'", "volume create libre",
        ] {
            #expect(session.handle(line).status == 0, "\(line)")
        }
        let engine = session.engine
        #expect(try holds("volume-exists datos", engine))
        #expect(try !holds("volume-absent datos", engine))
        #expect(try holds("volume-file datos /f", engine))
        #expect(try holds("volume-file datos f", engine))
        #expect(try !holds("volume-file datos /g", engine))
        #expect(try holds("host-file web/g", engine))
        #expect(try holds("host-file /home/usuario/web/g", engine))
        #expect(try holds("mounted c1 /datos volume", engine))
        #expect(try holds("mounted c1 /web/ bind", engine))
        #expect(try !holds("mounted c1 /web volume", engine))
        #expect(try holds("mounted c1 /datos", engine))
        #expect(try holds("container-size c1 = 0B", engine) == (engine.containers.values.first?.sizeRw == 0))
        #expect(try value("volume.size(datos)", engine) == 5)
        #expect(try value("volume.links(datos)", engine) == 1)
        #expect(try value("volume.links(libre)", engine) == 0)
        #expect(try value("volumes.count", engine) == 2)
        #expect(try value("df.volumes.total", engine) == 2)
        #expect(try value("df.volumes.active", engine) == 1)
        #expect(try value("df.volumes.size", engine) == 5)
        #expect(try holds("df volumes.reclaimable = 0B", engine))
        #expect(throws: EvaluationError.self) { try Expression.parse("volume.size(nada)").evaluate(engine) }
        // The data survives the container; the volume is then idle and reclaimable.
        #expect(session.handle("rm -f c1").status == 0)
        #expect(try holds("volume-file datos /f", session.engine))
        #expect(try value("volume.links(datos)", session.engine) == 0)
        #expect(try value("df.volumes.reclaimable", session.engine) == 5)
        #expect(throws: ExpressionError.self) { try Condition.parse("mounted c1") }
    }

    @Test func volumeChecksAreSaidInBothLanguages() throws {
        #expect(
            try Condition.parse("mounted web /srv bind").describe(.es)
                == "el contenedor web tiene un bind mount montado en /srv")
        #expect(
            try Condition.parse("volume-file miweb /index.html").describe(.en) == "the volume miweb holds /index.html")
        #expect(try Condition.parse("not volume-exists miweb").describe(.en) == "the volume miweb no longer exists")
    }
}
