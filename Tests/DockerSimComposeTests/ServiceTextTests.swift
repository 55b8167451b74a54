import Testing

@testable import DockerSimCompose

/// `ComposeService.reflectedText` (hashed into compose's config hash) is byte for byte what
/// reflection writes (`"\(service)"`), which it replaces.
@Suite struct ServiceTextTests {
    static let odd = [
        "", "web", "a \"quoted\" \\ back\\slash", "line\nbreak\ttab\r", "\u{1B}[31mred\u{1B}[0m", "\u{0}nul",
        "ñandú café", "😀 e\u{301} \u{200B}zero-width", "${VAR:-x} $$ [..]", "'single'",
    ]

    @Test func anEmptyServiceIsWrittenAsReflectionWritesIt() {
        let service = ComposeService(name: "web")
        #expect(service.reflectedText == "\(service)")
    }

    @Test func everyFieldIsWrittenAsReflectionWritesIt() {
        for (index, text) in Self.odd.enumerated() {
            let other = Self.odd[(index + 3) % Self.odd.count]
            var service = ComposeService(name: text)
            service.image = text
            service.build = ComposeBuild(
                context: "/home/\(text)", dockerfile: other, args: [(text, nil), ("B", other)])
            service.containerName = other
            service.command = [text, other, ""]
            service.entrypoint = []
            service.environment = [(text, other), ("EMPTY", nil), ("X", "")]
            service.envFiles = [text, "/a/b.env"]
            service.ports = [
                ComposePort(target: 80, published: text, hostIP: other, protocol: "udp"),
                ComposePort(target: -1),
            ]
            service.expose = [text]
            service.volumes = [
                ComposeMount(type: .volume, source: text, target: other, readOnly: true),
                ComposeMount(type: .bind, source: "/h", target: "/c"),
                ComposeMount(type: .tmpfs, source: "", target: text),
            ]
            service.networks = [
                ComposeServiceNetwork(key: text, aliases: [other, text], ipv4Address: other),
                ComposeServiceNetwork(key: "default"),
            ]
            service.networkMode = index.isMultiple(of: 2) ? text : nil
            service.dependsOn = [
                ComposeDependency(service: text),
                ComposeDependency(service: other, condition: text, required: false, restart: true),
            ]
            service.restart = text
            service.hostname = index.isMultiple(of: 3) ? nil : other
            service.labels = [(text, other), ("k", "v")]
            service.tty = index.isMultiple(of: 2)
            service.stdinOpen = !service.tty
            service.workingDir = text
            service.user = index.isMultiple(of: 2) ? nil : "1000:1000"
            service.pullPolicy = other
            #expect(service.reflectedText == "\(service)", "\(index)")
            var bare = ComposeService(name: text)
            bare.build = ComposeBuild(context: text)
            #expect(bare.reflectedText == "\(bare)", "\(index)")
        }
    }

    @Test func volumesAreWrittenAsReflectionWritesThem() {
        for (index, text) in Self.odd.enumerated() {
            let other = Self.odd[(index + 5) % Self.odd.count]
            let volumes = [
                ComposeVolume(key: text, name: other),
                ComposeVolume(
                    key: "datos", name: text, external: true, driver: other, labels: [(text, other), ("k", "")]),
                ComposeVolume(key: other, name: "app_\(text)", external: false, driver: "local", labels: []),
            ]
            for volume in volumes { #expect(volume.reflectedText == "\(volume)", "\(index)") }
        }
    }

    @Test func loadedServicesAreWrittenAsReflectionWritesThem() throws {
        let yaml = """
            services:
              web:
                build:
                  context: ./web
                  dockerfile: Dockerfile.dev
                  args: [VERSION=1, EMPTY]
                image: tienda/web:1
                container_name: tienda-web
                command: nginx -g 'daemon off;'
                entrypoint: ["/docker-entrypoint.sh"]
                environment:
                  A: "1"
                  B:
                env_file: [web.env]
                ports: ["127.0.0.1:8080:80/tcp", "9000"]
                expose: ["3000"]
                volumes: [datos:/datos:ro, ./html:/usr/share/nginx/html, /tmp]
                networks:
                  front:
                    aliases: [tienda]
                    ipv4_address: 172.28.0.10
                depends_on:
                  db:
                    condition: service_healthy
                restart: unless-stopped
                hostname: web
                labels: {es.ejemplo: "sí"}
                tty: true
                stdin_open: true
                working_dir: /app
                user: nginx
                pull_policy: missing
              db:
                image: mariadb
                network_mode: host
            networks:
              front:
                ipam:
                  config: [{subnet: 172.28.0.0/16}]
            volumes:
              datos:
            """
        let files = ComposeFiles(
            read: { ["/home/usuario/app/compose.yaml": yaml, "/home/usuario/app/web.env": "C=3\n"][$0] },
            isDirectory: { _ in false })
        var warnings: [String] = []
        let project = try ProjectLoader.load(
            ComposeOptions(cwd: "/home/usuario/app"), files: files, warnings: &warnings)
        #expect(project.services.count == 2)
        for service in project.services { #expect(service.reflectedText == "\(service)") }
        #expect(!project.volumes.isEmpty)
        for volume in project.volumes { #expect(volume.reflectedText == "\(volume)") }
    }
}
