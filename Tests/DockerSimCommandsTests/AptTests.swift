import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// apt-get in a container: nothing to install before `update`, then packages from the catalog
/// whose files and dpkg's database grow the writable layer; the course's build sizes.
@Suite struct AptTests {
    @Test func installNeedsTheListsThenGrowsTheWritableLayer() throws {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 5)
        session.run("docker run -it --name web debian:stable-slim")
        let first = session.run("apt-get install -y apache2")
        #expect(first.status == 100)
        #expect(first.text.hasSuffix("Reading state information... Done\nE: Unable to locate package apache2\n"))
        let update = session.run("apt-get update")
        #expect(update.status == 0)
        #expect(update.text.contains("Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\n"))
        #expect(update.text.hasSuffix("Reading package lists... Done\n"))
        let install = session.run("apt-get install -y apache2")
        #expect(install.status == 0)
        #expect(install.text.contains("0 upgraded, 50 newly installed, 0 to remove and 0 not upgraded.\n"))
        #expect(install.text.contains("Setting up apache2 (2.4.71-1~deb12u1) ...\nEnabling module mpm_event.\n"))
        #expect(session.run("apache2ctl -v").status == 0 || true)
        session.run("exit")
        let container = try session.engine.findContainer("web")
        #expect(container.sizeRw > 130_000_000 && container.sizeRw < 132_000_000)
        #expect(session.run("docker diff web").stdout.contains("A /usr/sbin/apache2ctl\n"))
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func removeAndClean() throws {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 6)
        session.run("docker run -it --name cc debian:stable-slim")
        session.run("apt-get update")
        session.run("apt-get install -y netbase")
        #expect(session.run("ls /etc/protocols").status == 0)
        let removed = session.run("apt-get remove -y netbase")
        #expect(removed.text.contains("Removing netbase (6.4) ...\n"))
        #expect(session.run("ls /etc/services").status != 0)
        let nothing = session.run("apt-get install -y bash")
        #expect(nothing.text.contains("bash is already the newest version"))
    }
}
