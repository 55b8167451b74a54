import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `docker events`: the daemon's events, logged by the engine as moby logs them.
struct EventsTests {
    /// The past events of the session, as `--since … --until 0s` prints them.
    func past(_ session: Session, _ flags: String = "") -> [String] {
        let output = session.handle("docker events --since 24h --until 0s " + flags)
        #expect(output.status == 0)
        #expect(output.stderr.isEmpty)
        return output.stdout.split(separator: "\n").map(String.init)
    }

    /// The course's module 2 example (`docker run ubuntu echo 'Hello world'`): create, attach,
    /// network connect, start, network disconnect, die — the container's labels, image and name
    /// sorted into the attributes, times in `RFC3339NanoFixed`.
    @Test func aRunLogsTheCoursesSequence() throws {
        let session = makeSession()
        session.run("docker pull ubuntu", "docker run ubuntu echo 'Hello world'")
        let id = try #require(session.engine.containers.values.first?.id)
        let name = try #require(session.engine.containers.values.first?.name)
        let network = try #require(session.engine.networks.values.first { $0.name == "bridge" }?.id)
        let lines = past(session, "--filter type=container --filter type=network")
        let attributes =
            "image=ubuntu, name=\(name), org.opencontainers.image.ref.name=ubuntu, org.opencontainers.image.version=22.04"
        let time = session.engine.now.rfc3339NanoFixed
        #expect(
            lines == [
                "\(time) container create \(id) (\(attributes))",
                "\(time) container attach \(id) (\(attributes))",
                "\(time) network connect \(network) (container=\(id), name=bridge, type=bridge)",
                "\(time) container start \(id) (\(attributes))",
                "\(time) network disconnect \(network) (container=\(id), name=bridge, type=bridge)",
                "\(time) container die \(id) (execDuration=0, exitCode=0, \(attributes))",
            ])
        #expect(time.hasSuffix(".000000000Z"))
    }

    /// Images: pull (by reference, with the image's labels), tag, untag and delete (by ID). The
    /// last tag of a repository takes its digest reference with it: a second `untag`.
    @Test func imageEvents() throws {
        let session = makeSession()
        session.run("docker pull alpine", "docker tag alpine mialpine:v1", "docker rmi alpine mialpine:v1")
        let lines = past(session, "--format '{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}'")
        #expect(lines.count == 6)
        #expect(lines[0] == "image pull alpine:latest alpine")
        #expect(lines[1].hasPrefix("image tag sha256:") && lines[1].hasSuffix(" mialpine:v1"))
        let id = try #require(lines[5].split(separator: " ").last)
        #expect(
            lines[2...] == [
                "image untag \(id) \(id)", "image untag \(id) \(id)", "image untag \(id) \(id)",
                "image delete \(id) \(id)",
            ])
    }

    /// `docker stop`: SIGTERM (`kill` with signal 15), the network left and the volume
    /// unmounted before `die`, then `stop`; `rm` logs `destroy`.
    @Test func stopAndRemove() {
        let session = makeSession()
        session.run(
            "docker run -d --name web -v datos:/usr/local/apache2/htdocs httpd:2.4", "docker stop web", "docker rm web",
        )
        let lines = past(session, "--format '{{.Type}} {{.Action}}' --filter event=kill --filter type=container")
        #expect(lines == ["container kill"])
        let all = past(session, "--format '{{.Type}} {{.Action}}'")
        #expect(
            Array(all.drop { $0 != "container kill" }) == [
                "container kill", "network disconnect", "volume unmount", "container die", "container stop",
                "container destroy",
            ])
        #expect(all.contains("volume create") && all.contains("volume mount"))
        let mount = past(session, "--filter type=volume --filter event=mount")
        #expect(mount.count == 1)
        #expect(
            mount.first?.contains("destination=/usr/local/apache2/htdocs, driver=local, propagation=, read/write=true)")
                == true)
    }

    /// `docker restart`: the stop's events, the start's, then `restart`.
    @Test func restart() {
        let session = makeSession()
        session.run("docker run -d --name web httpd:2.4", "docker restart web")
        let lines = past(session, "--format '{{.Type}} {{.Action}}'")
        #expect(
            Array(lines.drop { $0 != "container kill" }) == [
                "container kill", "network disconnect", "container die", "container stop", "network connect",
                "container start", "container restart",
            ])
    }

    /// `docker exec`: `exec_create` and `exec_start` carry the command (with docker's trailing
    /// space when it has no arguments), `exec_die` its status; an interactive one dies at `exit`.
    /// (A map's missing key prints Go's `<no value>`.)
    @Test func exec() {
        let session = makeSession()
        session.run("docker run -d --name web httpd:2.4", "docker exec web ls /nada", "docker exec -it web bash")
        session.run("exit 3")
        let lines = past(session, "--format '{{.Action}} {{.Actor.Attributes.exitCode}}' -f container=web")
        #expect(
            Array(lines.suffix(6)) == [
                "exec_create: ls /nada <no value>", "exec_start: ls /nada <no value>", "exec_die 2",
                "exec_create: bash  <no value>", "exec_start: bash  <no value>", "exec_die 3",
            ])
        let ids = Set(past(session, "--format '{{.Actor.Attributes.execID}}' -f container=web").suffix(6))
        #expect(ids.count == 2 && ids.allSatisfy { $0.count == 64 })
    }

    /// Filters: `container=` by name or ID prefix, `image=` (the name as given, or without its
    /// tag: `image=ubuntu:latest` does not match a container of `ubuntu`), `label=`.
    @Test func filters() {
        let session = makeSession()
        session.run("docker run --name uno -l curso=docker ubuntu true", "docker run --name dos ubuntu:latest true")
        #expect(past(session, "-f container=uno --format '{{.Action}}'") == ["create", "attach", "start", "die"])
        #expect(
            past(session, "-f image=ubuntu -f event=create --format '{{.Actor.Attributes.name}}'") == ["uno", "dos"])
        #expect(
            past(session, "-f image=ubuntu:latest -f event=create --format '{{.Actor.Attributes.name}}'") == ["dos"])
        #expect(past(session, "-f container=nadie") == [])
        #expect(past(session, "-f label=curso=docker -f event=die --format '{{.Actor.Attributes.name}}'") == ["uno"])
    }

    /// Without `--until` the command streams until Ctrl-C: the clock runs on to the prompt's
    /// limit and a container that ends meanwhile shows as it ends.
    @Test func streamingShowsWhatHappensMeanwhile() {
        let session = makeSession()
        session.run("docker run -d --name dormido ubuntu sleep 5")
        let start = session.engine.now
        let output = session.handle("docker events --format '{{.Type}} {{.Action}} {{.Time}}'")
        #expect(output.status == 130)
        let dieTime = start.seconds + 5
        #expect(output.stdout.hasPrefix("network disconnect \(dieTime)\ncontainer die \(dieTime)\n"))
        #expect(session.engine.now > start.adding(seconds: 3000))
    }

    /// JSON as `json.Marshal` writes `events.Message`: the deprecated fields only for containers
    /// and images.
    @Test func json() {
        let session = makeSession()
        session.run("docker network create red")
        let line = past(session, "--format json").first ?? ""
        let time = session.engine.now
        let id = session.engine.networks.values.first { $0.name == "red" }?.id ?? ""
        #expect(
            line
                == "{\"Type\":\"network\",\"Action\":\"create\",\"Actor\":{\"ID\":\"\(id)\",\"Attributes\":{\"name\":\"red\",\"type\":\"bridge\"}},\"scope\":\"local\",\"time\":\(time.seconds),\"timeNano\":\(time.seconds)000000000}"
        )
    }

    /// Bad input: docker's errors and exit codes, nothing changed.
    @Test func badInput() {
        let session = makeSession()
        let before = session.engine.stateFingerprint()
        let template = session.handle("docker events --format '{{.Nada}}'")
        #expect(
            template.stderr
                == "Error parsing format: template: :1:2: executing \"\" at <.Nada>: can't evaluate field Nada in type *events.Message\n"
        )
        #expect(template.status == 64)
        let order = session.handle("docker events --since 1m --until 2m")
        #expect(order.stderr.hasPrefix("Error response from daemon: `since` time ("))
        #expect(order.stderr.hasSuffix(".000000000)\n"))
        #expect(order.status == 1)
        let time = session.handle("docker events --since ayer")
        #expect(time.status == 1)
        #expect(session.handle("docker events extra").stderr.hasPrefix("docker: 'docker events' accepts no arguments"))
        #expect(session.engine.stateFingerprint() == before)
    }

    /// The log keeps moby's last 256 events.
    @Test func theLogKeepsTheLast256() {
        var log = EngineEventLog()
        for index in 0..<300 {
            log.append(
                EngineEvent(time: Timestamp(seconds: Int64(index)), type: .volume, action: "create", actorID: "v"))
        }
        #expect(log.start == 44)
        #expect(log.events().count == 256)
        #expect(log.events().first?.time.seconds == 44)
        #expect(log.events(from: 299).count == 1)
    }
}
