import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `docker version` answers as docker-ce 28.5.1 on linux/amd64.
struct VersionTests {
    /// The output of a docker-ce 28.5.1 package install on linux/amd64 (a public install log),
    /// byte for byte: the tabwriter's 20-column cells, the server's components and details.
    @Test func theDefaultOutputIsDockerCE() {
        let output = makeSession().handle("docker version")
        #expect(output.status == 0)
        #expect(output.stderr.isEmpty)
        #expect(
            output.stdout == """
                Client: Docker Engine - Community
                 Version:           28.5.1
                 API version:       1.51
                 Go version:        go1.24.8
                 Git commit:        e180ab8
                 Built:             Wed Oct  8 12:17:03 2025
                 OS/Arch:           linux/amd64
                 Context:           default

                Server: Docker Engine - Community
                 Engine:
                  Version:          28.5.1
                  API version:      1.51 (minimum version 1.24)
                  Go version:       go1.24.8
                  Git commit:       f8215cc
                  Built:            Wed Oct  8 12:17:03 2025
                  OS/Arch:          linux/amd64
                  Experimental:     false
                 containerd:
                  Version:          v1.7.28
                  GitCommit:        b98a3aace656320842a23f4a392a33f46af97866
                 runc:
                  Version:          1.3.0
                  GitCommit:        v1.3.0-0-g4ca628d1
                 docker-init:
                  Version:          0.19.0
                  GitCommit:        de40ad0

                """)
    }

    @Test func templatesSeeGoFieldNames() {
        let session = makeSession()
        #expect(session.handle("docker version --format '{{.Server.Version}}'").stdout == "28.5.1\n")
        #expect(
            session.handle("docker version -f '{{.Client.APIVersion}} {{.Server.KernelVersion}}'").stdout
                == "1.51 6.1.0-17-amd64\n")
        #expect(
            session.handle(#"docker version -f '{{range .Server.Components}}{{.Name}} {{end}}'"#).stdout
                == "Engine containerd runc docker-init \n")
        // A tab in the template goes through the tabwriter, as docker's does.
        #expect(
            session.handle("docker version -f '{{.Client.Os}}\t{{.Client.Arch}}'").stdout
                == "linux               amd64\n")
    }

    @Test func jsonUsesTheJSONNames() {
        let json = makeSession().handle("docker version --format json").stdout
        #expect(
            json.hasPrefix(
                #"{"Client":{"Platform":{"Name":"Docker Engine - Community"},"Version":"28.5.1","ApiVersion":"1.51","#))
        #expect(json.contains(#""KernelVersion":"6.1.0-17-amd64","BuildTime":"2025-10-08T12:17:03.000000000+00:00"}}"#))
        #expect(!json.contains("Experimental\":false"))
        #expect(json.hasSuffix("}\n"))
    }

    @Test func badInput() {
        let session = makeSession()
        let before = session.engine.stateFingerprint()
        let parse = session.handle("docker version --format '{{.Foo'")
        #expect(parse.status == 64)
        #expect(parse.stderr.hasPrefix("template parsing error: template: version:1:"))
        let extra = session.handle("docker version now")
        #expect(extra.status == 1)
        #expect(extra.stderr.hasPrefix("docker: 'docker version' accepts no arguments"))
        #expect(session.engine.stateFingerprint() == before)
    }
}

/// `docker info` counts from the engine and reports the simulated host.
struct SystemInfoTests {
    static func line(_ text: String, _ prefix: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init)
    }

    @Test func countsContainersByStateAndImages() {
        let session = makeSession()
        let empty = session.handle("docker info").stdout
        #expect(Self.line(empty, " Containers:") == " Containers: 0")
        #expect(Self.line(empty, " Images:") == " Images: 0")
        _ = session.handle("docker run -d --name web httpd:2.4")
        _ = session.handle("docker create --name quieto ubuntu")
        _ = session.handle("docker run -d --name parado ubuntu sleep 1000")
        _ = session.handle("docker pause parado")
        let output = session.handle("docker system info")
        #expect(output.status == 0)
        #expect(output.stderr.isEmpty)
        #expect(
            output.stdout.contains(
                " Containers: 3\n  Running: 1\n  Paused: 1\n  Stopped: 1\n Images: 2\n Server Version: 28.5.1\n"))
        #expect(
            output.stdout.hasPrefix("Client: Docker Engine - Community\n Version:    28.5.1\n Context:    default\n"))
        #expect(
            output.stdout.contains(
                " Kernel Version: 6.1.0-17-amd64\n Operating System: Debian GNU/Linux 12 (bookworm)\n"))
        #expect(output.stdout.contains(" CPUs: 2\n Total Memory: 3.824GiB\n Name: docker\n ID: "))
        #expect(output.stdout.hasSuffix(" Live Restore Enabled: false\n\n"))
    }

    @Test func theIDFollowsTheSeed() {
        let first = Self.line(makeSession(seed: 7).handle("docker info").stdout, " ID:")
        #expect(first == Self.line(makeSession(seed: 7).handle("docker info").stdout, " ID:"))
        #expect(first != Self.line(makeSession(seed: 8).handle("docker info").stdout, " ID:"))
        let id = String(first?.dropFirst(5) ?? "")
        #expect(id.count == 36 && id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
    }

    @Test func templatesAndJSON() {
        let session = makeSession()
        _ = session.handle("docker pull ubuntu")
        #expect(
            session.handle("docker info --format '{{.ServerVersion}} {{.Images}} {{.NCPU}} {{.MemTotal}}'").stdout
                == "28.5.1 1 2 4105629696\n")
        #expect(session.handle("docker info -f '{{.ClientInfo.Version}}'").stdout == "28.5.1\n")
        let json = session.handle("docker info --format json")
        #expect(json.status == 1)
        #expect(json.stderr == "dockersim: 'docker info --format json' is not simulated yet\n")
    }

    static let sizes: [(Int64, String)] = [
        (6 * 1024 * 1024, "6MiB"), (512 * 1024 * 1024, "512MiB"), (1536 * 1024 * 1024, "1.5GiB"),
        (4_105_629_696, "3.824GiB"), (0, "0B"), (1023, "1023B"), (1024, "1KiB"),
    ]

    @Test(arguments: sizes)
    func bytesSizeIsGoUnits(bytes: Int64, text: String) {
        #expect(Units.bytesSize(bytes) == text)
    }
}
