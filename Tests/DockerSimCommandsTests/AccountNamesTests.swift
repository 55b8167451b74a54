import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// `ls -l` names owners as the machine it runs on does: from that machine's `/etc/passwd` and
/// `/etc/group` (a container's image, or the simulated Debian 12 host), a number when no line
/// has the ID.
@Suite struct AccountNamesTests {
    @Test func namesComeFromTheMachinesFiles() {
        let session = makeSession()
        // mariadb's image has `mysql` as 999: inside the container the folder is mysql's.
        #expect(
            session.handle("docker run --rm mariadb ls -ld /var/lib/mysql").stdout.hasPrefix(
                "drwxr-xr-x 2 mysql mysql 4096 "))
        // On the host 999 is no user, and the group systemd-journal (as on a real Debian 12 host).
        session.run("docker run -d --name db -e MARIADB_ROOT_PASSWORD=x -v datos:/var/lib/mysql mariadb")
        #expect(
            session.handle("sudo ls -ld /var/lib/docker/volumes/datos/_data").stdout.hasPrefix(
                "drwxr-xr-x 4 999 systemd-journal 4096 "))
        #expect(session.handle("ls -ld /home/usuario").stdout.hasPrefix("drwxr-x--- 2 usuario usuario 4096 "))
    }

    @Test func theFirstLineWithAnIDNamesIt() {
        var engine = Engine(clock: .manual(at: Timestamp(seconds: 0)), seed: 1)
        _ = try? engine.withHost { (fs: inout ContainerFS, _: inout [String]) throws(FSError) in
            try fs.write(
                "/etc/passwd", cwd: [],
                bytes: Array("a:x:5:5::/:/bin/sh\nb:x:5:5::/:/bin/sh\nbad line\nc:x:x:1\n".utf8),
                append: false, mtime: 0)
        }
        let (users, groups) = Shell.accountNames(engine.host)
        #expect(users == [5: "a"])
        #expect(groups[996] == "docker")
        #expect(groups[999] == "systemd-journal")
    }
}
