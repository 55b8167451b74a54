import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `docker commit`: a new layer on the image's chain, the container's config, Parent links.
@Suite struct CommitTests {
    /// ubuntu, and `c2` that wrote `/f.txt` (6 bytes) and 22 bytes of bash history.
    func changedContainer() -> Session {
        let session = newSession()
        run(session, ["pull ubuntu", "run -it --name c2 ubuntu", "echo 00000 > f.txt", "exit"])
        return session
    }

    @Test func commitAddsTheWritableLayerAndTags() throws {
        let session = changedContainer()
        let ubuntu = try session.engine.findImage("ubuntu")
        let output = run(session, ["commit -m \"mi cambio\" -a yo c2 miimagen:v1"])
        #expect(output.status == 0)
        #expect(output.stderr == "")
        let printed = output.stdout
        #expect(printed.hasPrefix("sha256:") && printed.count == 7 + 64 + 1)
        let image = try session.engine.findImage("miimagen:v1")
        #expect(image.id.description + "\n" == printed)
        #expect(image.id == image.config.computedID)
        #expect(image.parent == ubuntu.id)
        #expect(image.size == ubuntu.size + 30)
        #expect(image.config.diffIDs.count == ubuntu.config.diffIDs.count + 1)
        #expect(image.config.comment == "mi cambio")
        #expect(image.config.author == "yo")
        #expect(image.lastTagTime == session.engine.now)
        #expect(image.config.history.last?.createdBy == "/bin/bash")
        #expect(image.config.history.last?.comment == "mi cambio")

        let history = run(session, ["history miimagen:v1"]).stdout.split(separator: "\n")
        #expect(history[1].hasPrefix("\(image.id.short)   Less than a second ago   /bin/bash    "))
        #expect(history[1].hasSuffix("30B       mi cambio"))
        #expect(history[2].hasPrefix("\(ubuntu.id.short)   "))
        #expect(history[3].hasPrefix("<missing>   "))

        // A new container sees the committed file; the parent now has a child.
        #expect(run(session, ["run --rm miimagen:v1 cat /f.txt"]).stdout == "00000\n")
        run(session, ["rm c2"])
        let before = session.engine.stateFingerprint()
        let refused = run(session, ["rmi \(ubuntu.id.short)"])
        #expect(
            refused.stderr
                == "Error response from daemon: conflict: unable to delete \(ubuntu.id.short) (cannot be forced) - image has dependent child images\n"
        )
        #expect(session.engine.stateFingerprint() == before)
    }

    @Test func aContainerWithoutChangesAddsNoLayer() throws {
        let session = newSession()
        run(session, ["pull ubuntu", "create --name vacio ubuntu"])
        let ubuntu = try session.engine.findImage("ubuntu")
        let layers = session.engine.layers.layers.count
        run(session, ["commit vacio vacia"])
        let image = try session.engine.findImage("vacia")
        #expect(image.config.diffIDs == ubuntu.config.diffIDs)
        #expect(image.topLayer == ubuntu.topLayer)
        #expect(image.size == ubuntu.size)
        #expect(image.config.history.last?.isEmptyLayer == true)
        #expect(session.engine.layers.layers.count == layers)
        #expect(
            run(session, ["history vacia"]).stdout.split(separator: "\n")[1].hasSuffix(
                "/bin/bash                                       0B        "))
        // Removing both images frees the shared layer once.
        run(session, ["rm vacio", "rmi vacia"])
        #expect(session.engine.images.count == 1)
    }

    @Test func deletionsAreCommittedAsWhiteouts() throws {
        let session = newSession()
        run(session, ["pull ubuntu", "run -it --name borra ubuntu", "rm /etc/issue.net", "mkdir -p /opt/x", "exit"])
        #expect(run(session, ["commit borra sin-issue"]).status == 0)
        let image = try session.engine.findImage("sin-issue")
        let top = try #require(image.topLayer.flatMap { session.engine.layers[$0] })
        #expect(top.tree.node(at: ["etc", "issue.net"])?.isWhiteout == true)
        #expect(top.diffID == top.tree.diffID)
        let ls = run(session, ["run --rm sin-issue ls /etc/issue.net /opt"])
        #expect(ls.stderr.contains("cannot access '/etc/issue.net': No such file or directory"))
        #expect(ls.stdout == "x\n")
        // A container of the new image starts with an empty writable layer.
        run(session, ["create --name hija sin-issue"])
        #expect(try session.engine.findContainer("hija").sizeRw == 0)
        #expect(run(session, ["diff hija"]).stdout == "")
        // Pruning the dangling chain: the untagged parent goes with its child.
        run(session, ["rm borra hija", "rmi ubuntu"])
        let output = run(session, ["image prune -a -f"]).stdout
        #expect(output.hasPrefix("Deleted Images:\nuntagged: sin-issue:latest\ndeleted: \(image.id)\n"))
        #expect(output.contains("deleted: \(image.parent?.description ?? "-")\n"))
        #expect(session.engine.images.isEmpty && session.engine.layers.layers.isEmpty)
    }

    @Test func changesEditTheConfig() throws {
        let session = changedContainer()
        let output = run(
            session,
            [
                "commit --change \"CMD echo hola\" --change 'ENV A=1 B=\"dos tres\"' -c \"EXPOSE 8080\" -c \"WORKDIR /app\" -c \"LABEL x=y\" c2 otra"
            ])
        #expect(output.status == 0)
        let config = try session.engine.findImage("otra").config.config
        #expect(config.cmd == ["/bin/sh", "-c", "echo hola"])
        #expect(config.env?.suffix(2) == ["A=1", "B=dos tres"])
        #expect(config.exposedPorts == ["8080/tcp"])
        #expect(config.workingDir == "/app")
        #expect(config.labels?["x"] == "y")
        #expect(run(session, ["run --rm otra"]).stdout == "hola\n")

        run(session, ["commit -c 'ENTRYPOINT [\"echo\", \"a b\"]' c2 ent"])
        let entry = try session.engine.findImage("ent").config.config
        #expect(entry.entrypoint == ["echo", "a b"])
        #expect(entry.cmd == nil)
        run(session, ["commit -c 'CMD [\"x\"]' -c 'ENTRYPOINT [\"y\"]' -c 'ENV K V W' c2 both"])
        let both = try session.engine.findImage("both").config.config
        #expect(both.cmd == ["x"] && both.entrypoint == ["y"])
        #expect(both.env?.last == "K=V W")
    }

    @Test func errorsChangeNothing() {
        let session = changedContainer()
        let before = session.engine.stateFingerprint()
        let cases: [(String, String, Int32)] = [
            ("commit nope", "Error response from daemon: No such container: nope\n", 1),
            ("commit -c 'RUN ls' c2", "Error response from daemon: run is not a valid change command\n", 1),
            ("commit -c 'FROM x' c2", "Error response from daemon: from is not a valid change command\n", 1),
            ("commit -c 'ENV' c2", "Error response from daemon: ENV requires at least one argument\n", 1),
            ("commit c2 Bad", "invalid reference format: repository name (library/Bad) must be lowercase\n", 1),
            (
                "commit c2 a@sha256:\(String(repeating: "a", count: 64))",
                "refusing to create a tag with a digest reference\n", 1
            ),
            (
                "commit",
                "docker: 'docker commit' requires at least 1 and at most 2 arguments\n\nUsage:  docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\nRun 'docker commit --help' for more information\n",
                1
            ),
            (
                "commit --nope c2",
                "unknown flag: --nope\n\nUsage:  docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\nRun 'docker commit --help' for more information\n",
                125
            ),
        ]
        for (line, message, status) in cases {
            let output = run(session, [line])
            #expect(output.stderr == message, "\(line)")
            #expect(output.status == status, "\(line)")
            #expect(session.engine.stateFingerprint() == before, "\(line)")
        }
    }

    @Test func topAndPort() throws {
        let session = newSession()
        run(
            session, ["pull ubuntu", "run -d --name loop ubuntu bash -c 'while true; do date >> h.txt; sleep 1; done'"])
        let top = run(session, ["top loop"]).stdout.split(separator: "\n")
        #expect(
            top[0]
                == "UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD"
        )
        #expect(top[1].hasPrefix("root                "))
        #expect(
            top[1].hasSuffix(
                "   ?                   00:00:00            bash -c while true; do date >> h.txt; sleep 1; done"))
        #expect(top.count == 3 && top[2].hasSuffix("sleep 1"))
        #expect(run(session, ["top loop"]).stdout == run(session, ["container top loop"]).stdout)
        #expect(
            TopCommand.stime(
                Timestamp(rfc3339: "2024-01-22T20:05:00Z") ?? .zero,
                now: Timestamp(rfc3339: "2024-01-23T10:00:00Z") ?? .zero) == "20:05")
        #expect(
            TopCommand.stime(
                Timestamp(rfc3339: "2024-01-02T20:05:00Z") ?? .zero,
                now: Timestamp(rfc3339: "2024-01-23T10:00:00Z") ?? .zero) == "Jan02")
        #expect(
            TopCommand.stime(
                Timestamp(rfc3339: "2023-12-30T20:05:00Z") ?? .zero,
                now: Timestamp(rfc3339: "2024-01-23T10:00:00Z") ?? .zero) == "2023")
        #expect(run(session, ["port loop"]).text == "")
        let port = run(session, ["port loop 80"])
        #expect(port.stderr == "Error: No public port '80' published for loop\n")
        #expect(port.status == 1)
        #expect(
            run(session, ["port loop http"]).stderr
                == "Error: invalid port (http): strconv.ParseUint: parsing \"http\": invalid syntax\n")
        run(session, ["stop loop"])
        let id = try session.engine.findContainer("loop").id
        let stopped = run(session, ["top loop"])
        #expect(stopped.stderr == "Error response from daemon: container \(id) is not running\n")
        #expect(stopped.status == 1)
        #expect(run(session, ["top nope"]).stderr == "Error response from daemon: No such container: nope\n")
    }

    @Test func nginxFromTheHub() throws {
        let session = newSession()
        run(session, ["pull debian:stable-slim"])
        let pull = run(session, ["pull nginx:stable"])
        #expect(pull.stdout.contains("2f44b7a888fa: Pull complete \n"))  // its own debian build
        let nginx = try session.engine.findImage("nginx:stable")
        #expect(Units.humanSize(nginx.size) == "187.2MB")
        #expect(session.engine.layers(of: nginx).count == 7)
        #expect(nginx.config.config.stopSignal == "SIGQUIT")
        #expect(nginx.config.config.entrypoint == ["/docker-entrypoint.sh"])
        #expect(nginx.config.config.cmd == ["nginx", "-g", "daemon off;"])
        #expect(try session.engine.findImage("nginx:stable").id == nginx.id)
        run(session, ["run -d --name web nginx:stable"])
        #expect(try session.engine.findContainer("web").isRunning)
        #expect(
            run(session, ["exec web cat /usr/share/nginx/html/index.html"]).stdout.contains(
                "<h1>Welcome to nginx!</h1>"))
        #expect(run(session, ["top web"]).stdout.contains("nginx: master process nginx -g daemon off;\n"))
    }
}
