import DockerSimCommands
import DockerSimCore
import DockerSimShell
import DockerSimTestSupport
import Testing

/// Traffic through the network model: published ports, names, routes, the web server's answer
/// from the container's own files, its access log; no socket is ever opened.
@Suite struct TrafficTests {
    func session() -> Session {
        let session = makeSession()
        session.run("pull nginx:stable")
        return session
    }

    @Test func aPublishedPortServesTheContainersFiles() {
        let session = session()
        #expect(
            session.handle("curl localhost:8080").stderr
                == "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n")
        session.run("run -d -p 8080:80 --name web nginx:stable")
        #expect(session.handle("curl localhost:8080").stdout.contains("<h1>Welcome to nginx!</h1>"))
        session.run("exec web bash -c 'echo hola > /usr/share/nginx/html/index.html'")
        #expect(session.handle("curl localhost:8080").stdout == "hola\n")
        #expect(session.handle("curl 192.168.121.54:8080").stdout == "hola\n")
        let logs = session.handle("logs web").stdout
        #expect(
            logs.hasSuffix(
                "172.17.0.1 - - [28/Jan/2024:17:00:00 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl/7.88.1\" \"-\"\n"))
        // A new container from the image: the change is gone.
        session.run("rm -f web", "run -d -p 8080:80 --name web nginx:stable")
        #expect(session.handle("curl -s localhost:8080").stdout.contains("Welcome to nginx!"))
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func errorsAndStatuses() {
        let session = session()
        session.run("run -d -p 8080:80 --name web nginx:stable")
        let missing = session.handle("curl -i localhost:8080/nada")
        #expect(missing.stdout.hasPrefix("HTTP/1.1 404 Not Found\r\nServer: nginx/1.24.0\r\n"))
        #expect(session.handle("curl -f localhost:8080/nada").status == 22)
        let unknown = session.handle("curl nowhere")
        #expect(unknown.stderr == "curl: (6) Could not resolve host: nowhere\n" && unknown.status == 6)
        #expect(session.handle("curl -s nowhere").stderr == "")
        let head = session.handle("curl -I localhost:8080")
        #expect(head.stdout.contains("Content-Length: 615\r\n") && !head.stdout.contains("<html>"))
    }

    @Test func namesResolveOnUserNetworksOnly() {
        let session = session()
        session.run(
            "network create red1", "run -d --name s1 --network red1 nginx:stable",
            "run -d --name s2 --network red1 nginx:stable", "run -d --name b1 nginx:stable")
        #expect(session.handle("exec s2 getent hosts s1").stdout == "172.18.0.2      s1\n")
        #expect(session.handle("exec s2 curl -s s1").stdout.contains("Welcome to nginx!"))
        #expect(session.handle("exec b1 curl -s s1").status == 6)
        #expect(session.handle("exec b1 getent hosts s1").status == 2)
        // The default bridge reaches the user network's address only through isolation: dropped.
        let dropped = session.handle("exec b1 curl 172.18.0.2")
        #expect(dropped.status == 28)
        // From the host, every bridge is reachable.
        #expect(session.handle("curl -s 172.18.0.2").stdout.contains("Welcome to nginx!"))
    }

    @Test func engineRoutes() throws {
        var engine = makeEngine()
        _ = try engine.pull(ImageReference.parse("nginx:stable"))
        _ = try engine.createNetwork(NetworkCreateRequest(name: "red1"))
        var host = HostConfig()
        host.networkMode = "red1"
        let a = try engine.createContainer(ContainerConfig(image: "nginx:stable"), hostConfig: host, name: "a1")
        try engine.start(a, process: .service)
        let b = try engine.createContainer(ContainerConfig(image: "nginx:stable"), name: "b1")
        try engine.start(b, process: .service)
        #expect(engine.route(from: .host, to: IPv4Address(172, 18, 0, 2)) == .container(a, network: "red1"))
        #expect(engine.route(from: .container(a), to: IPv4Address(172, 18, 0, 1)) == .host)
        #expect(engine.route(from: .container(b), to: IPv4Address(172, 18, 0, 2)) == .silent)
        #expect(engine.route(from: .container(b), to: IPv4Address(172, 17, 0, 9)) == .noHost)
        #expect(
            engine.route(from: .container(a), to: IPv4Address(141, 193, 213, 21))
                == .internet(IPv4Address(141, 193, 213, 21)))
        #expect(
            engine.resolve("a1", from: .container(a))
                == .found([IPv4Address(172, 18, 0, 2)], server: Engine.embeddedDNS))
        #expect(engine.resolve("a1", from: .container(b)) == .notFound(server: IPv4Address(8, 8, 8, 8)))
        #expect(engine.resolve("www.docker.com", from: .container(b)).addresses.first == IPv4Address(141, 193, 213, 21))
        var none = HostConfig()
        none.networkMode = "none"
        let n = try engine.createContainer(ContainerConfig(image: "nginx:stable"), hostConfig: none, name: "n1")
        try engine.start(n, process: .service)
        #expect(engine.route(from: .container(n), to: IPv4Address(172, 18, 0, 2)) == .unreachable)
        #expect(engine.resolve("www.docker.com", from: .container(n)) == .noServer)
    }

    @Test func pingFromTheHost() {
        let session = session()
        session.run("run -d --name web nginx:stable")
        let before = session.engine.now
        let ping = session.handle("ping -c 3 172.17.0.2")
        #expect(
            ping.stdout.hasPrefix(
                "PING 172.17.0.2 (172.17.0.2) 56(84) bytes of data.\n64 bytes from 172.17.0.2: icmp_seq=1 ttl=64 time=")
        )
        #expect(ping.stdout.contains("3 packets transmitted, 3 received, 0% packet loss"))
        #expect(session.engine.now.interval(since: before) == 2)
        let unknown = session.handle("ping -c 1 nadie")
        #expect(unknown.stderr == "ping: nadie: Name or service not known\n" && unknown.status == 2)
    }

    @Test func busyboxStyleOutputs() throws {
        var engine = makeEngine()
        _ = try engine.pull(ImageReference.parse("nginx:stable"))
        _ = try engine.createNetwork(NetworkCreateRequest(name: "red1"))
        var host = HostConfig()
        host.networkMode = "red1"
        let a = try engine.createContainer(
            ContainerConfig(image: "nginx:stable"), hostConfig: host, name: "servidorweb")
        try engine.start(a, process: .service)
        let b = try engine.createContainer(ContainerConfig(image: "nginx:stable"), hostConfig: host, name: "cliente")
        try engine.start(b, process: .service)
        let context = NetworkTools.Context(
            origin: .container(b), flavor: .busybox, stdoutIsTerminal: true, save: { _, _, _ -> String? in nil })
        let lookup = NetworkTools.run("nslookup", ["servidorweb"], context: context, engine: &engine)
        #expect(
            lookup.stdout
                == "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\n\nNon-authoritative answer:\nName:\tservidorweb\nAddress: 172.18.0.2\n\n"
        )
        let ping = NetworkTools.run("ping", ["-c", "1", "servidorweb"], context: context, engine: &engine)
        #expect(
            ping.stdout.hasPrefix(
                "PING servidorweb (172.18.0.2): 56 data bytes\n64 bytes from 172.18.0.2: seq=0 ttl=64 time="))
        let bad = NetworkTools.run("ping", ["-c", "1", "nadie"], context: context, engine: &engine)
        #expect(bad.stderr == "ping: bad address 'nadie'\n" && bad.status == 1)
        let ip = NetworkTools.run("ip", ["a"], context: context, engine: &engine)
        #expect(ip.stdout.contains("eth0@if"))
        #expect(ip.stdout.contains("    inet 172.18.0.3/16 brd 172.18.255.255 scope global eth0\n"))
        let routes = NetworkTools.run("ip", ["r"], context: context, engine: &engine)
        #expect(
            routes.stdout == "default via 172.18.0.1 dev eth0 \n172.18.0.0/16 dev eth0 scope link  src 172.18.0.3 \n")
    }
}
