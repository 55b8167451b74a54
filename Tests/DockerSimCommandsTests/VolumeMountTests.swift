import DockerSimTestSupport
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

    /// The CLI runs inspect's template on its typed structs first: `omitempty` fields the JSON
    /// leaves out are still there, nil.
    @Test func inspectReachesHostConfigFieldsTheJSONLeavesOut() {
        let session = session(["run -dit --name c1 -v datos:/datos --tmpfs /t ubuntu", "run -dit --name c2 ubuntu"])
        let format =
            "{{json .HostConfig.Mounts}} {{.HostConfig.Mounts}} {{.HostConfig.Tmpfs}} {{json .HostConfig.Tmpfs}}"
        #expect(run(session, ["inspect --format '\(format)' c1"]).stdout == "null [] map[/t:] {\"/t\":\"\"}\n")
        #expect(run(session, ["inspect --format '\(format)' c2"]).stdout == "null [] map[] null\n")
        #expect(run(session, ["inspect --format '{{.HostConfig.Nada}}' c2"]).status == 1)
        // A MountPoint prints every field, the omitted ones empty; its JSON still omits them.
        run(session, ["run -dit --name c3 -v /home/usuario:/casa:ro ubuntu"])
        #expect(
            run(session, ["inspect --format '{{.Mounts}}' c3"]).stdout
                == "[{bind  /home/usuario /casa  ro false rprivate}]\n")
        #expect(
            run(session, ["inspect --format '{{json .Mounts}}' c3"]).stdout
                == #"[{"Type":"bind","Source":"/home/usuario","Destination":"/casa","Mode":"ro","RW":false,"Propagation":"rprivate"}]"#
                + "\n")
        run(session, ["run -dit --name c4 --mount type=tmpfs,dst=/t ubuntu"])
        #expect(
            run(session, ["inspect --format '{{range .Mounts}}{{.}}{{end}}' c4"]).stdout == "{tmpfs   /t   true }\n")
    }

    /// `docker cp` checks the container's mount points (moby's `checkWritablePath`): a read-only
    /// volume is refused as such; a `--tmpfs` is not a mount point, so a read-only root refuses it.
    @Test func cpIntoReadOnlyMountsIsRefusedAfterTheCLIsSuccessLine() {
        let session = session([
            "echo hola > x", "run -dit --name c1 -v datos:/ro:ro ubuntu",
            "run -dit --name c2 --read-only --tmpfs /t --mount type=tmpfs,dst=/m ubuntu",
        ])
        let volume = run(session, ["cp x c1:/ro/"])
        #expect(volume.status == 1)
        #expect(
            volume.stderr
                == "Successfully copied 2.05kB to c1:/ro/\nError response from daemon: mounted volume is marked read-only\n"
        )
        let tmpfs = run(session, ["cp x c2:/t/"])
        #expect(tmpfs.stderr.hasSuffix("Error response from daemon: container rootfs is marked read-only\n"))
        #expect(run(session, ["cp x c2:/m/"]).status == 0)
        #expect(run(session, ["exec c2 ls /m /t"]).stdout == "/m:\nx\n\n/t:\n")
        #expect(run(session, ["cp x c1:/"]).status == 0)
    }

    @Test func systemDfVerboseWithAFormatRunsTheTemplateOnceOverItsLists() {
        let session = session(["run -dit --name c1 -v datos:/datos ubuntu", "exec c1 bash -c 'echo 1234 > /datos/f'"])
        let format = "{{range .Volumes}}{{.Name}} {{.Links}} {{.Size}}{{println}}{{end}}"
        #expect(run(session, ["system df -v --format '\(format)'"]).stdout == "datos 1 5B\n")
        // No newline is added after the template, and rows are not truncated.
        let id = session.engine.containers.values.first?.id ?? ""
        #expect(run(session, ["system df -v --format '{{range .Containers}}{{.ID}}{{end}}'"]).stdout == id)
        #expect(
            run(session, ["system df -v --format 'table {{range .Containers}}{{.ID}}{{end}}'"]).stdout
                == String(id.prefix(12)))
        let raw = run(session, ["system df -v --format raw"]).stdout
        #expect(raw.contains("type: Volume\nname: datos\ndriver: local\n\n"))
        #expect(raw.contains("type: Container\ncontainer_id: \(id)\n"))
        #expect(run(session, ["system df -v --format table"]).stdout.contains("Local Volumes space usage:"))
    }
}

/// A session with ubuntu, a volume `datos` used by the running container `usa` and a host folder.
func mountSession() -> Session {
    let session = makeSession(seed: 4)
    for line in ["pull ubuntu", "run -dit --name usa -v datos:/datos ubuntu", "mkdir web"] {
        let output = session.handle(line)
        precondition(output.status == 0, "setup failed: \(line): \(output.text)")
    }
    return session
}

let runHelp = "\n\nRun 'docker run --help' for more information\n"

/// Malformed mounts and volumes: docker's text (docker/cli opts/mount.go, moby
/// volume/mounts/linux_parser.go, daemon/volumes.go), docker's status, the state unchanged.
/// `<USA>` stands for the full ID of the container `usa`.
let badMounts: [BadInput] = [
    BadInput(line: "run -v '' ubuntu", stderr: "docker: invalid empty volume spec" + runHelp, status: 125),
    BadInput(
        line: "run -v /a::/b ubuntu", stderr: "docker: invalid spec: /a::/b: empty section between colons" + runHelp,
        status: 125),
    BadInput(
        line: "run -v /src:/ ubuntu",
        stderr:
            "docker: Error response from daemon: invalid volume specification: '/src:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'"
            + runHelp, status: 125),
    BadInput(
        line: "run --mount type=bind,src=/tmp,dst=/ ubuntu",
        stderr:
            "docker: Error response from daemon: invalid mount config for type \"bind\": invalid specification: destination can't be '/'"
            + runHelp, status: 125),
    BadInput(
        line: "run --tmpfs / ubuntu",
        stderr: "docker: Error response from daemon: invalid specification: destination can't be '/'" + runHelp,
        status: 125),
    BadInput(
        line: "run -v /a:/data -v /b:/data ubuntu",
        stderr: "docker: Error response from daemon: Duplicate mount point: /data" + runHelp, status: 125),
    BadInput(
        line: "run -v x/y:/data ubuntu",
        stderr:
            "docker: Error response from daemon: create x/y: \"x/y\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"
            + runHelp, status: 125),
    BadInput(
        line: "run --mount type=bind,src=/home/usuario/nada,dst=/x ubuntu",
        stderr:
            "docker: Error response from daemon: invalid mount config for type \"bind\": bind source path does not exist: /home/usuario/nada"
            + runHelp, status: 125),
    BadInput(
        line: "create --mount type=bind,src=/nada,dst=/x ubuntu",
        stderr:
            "Error response from daemon: invalid mount config for type \"bind\": bind source path does not exist: /nada\n",
        status: 1),
    BadInput(
        line: "run --mount type=volume,dst=/x,readonly ubuntu",
        stderr:
            "docker: Error response from daemon: invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes"
            + runHelp, status: 125),
    BadInput(
        line: "run --mount type=volume,dst=/x,tamano=3 ubuntu",
        stderr:
            "invalid argument \"type=volume,dst=/x,tamano=3\" for \"--mount\" flag: unexpected key 'tamano' in 'tamano=3'"
            + usageRun + "Run 'docker run --help' for more information\n", status: 125),
    BadInput(
        line: "run --volumes-from nadie ubuntu",
        stderr: "docker: Error response from daemon: No such container: nadie" + runHelp, status: 125),
    BadInput(
        line: "volume rm datos",
        stderr: "Error response from daemon: remove datos: volume is in use - [<USA>]\n", status: 1),
    BadInput(
        line: "volume create 'a b'",
        stderr:
            "Error response from daemon: create a b: \"a b\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path\n",
        status: 1),
]

@Suite struct BadMountTests {
    @Test(arguments: badMounts)
    func printsDockersErrorAndChangesNothing(_ input: BadInput) throws {
        let session = mountSession()
        let usa = try session.engine.findContainer("usa").id
        let before = session.engine.stateFingerprint()
        let output = session.handle(input.line)
        #expect(output.stderr == input.stderr.replacingOccurrences(of: "<USA>", with: usa))
        #expect(output.stdout == input.stdout)
        #expect(output.status == input.status)
        #expect(session.engine.stateFingerprint() == before)
        #expect(session.engine.invariantViolations().isEmpty)
    }
}
