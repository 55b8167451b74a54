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

    /// `docker top` runs the host's `ps`: a UID is named by the host's `/etc/passwd` (nginx's
    /// workers, 101 in the image, are the host's `sshd`; MariaDB's 999 has no name there); `ps`
    /// inside names it by the image's.
    @Test func topNamesUsersAsTheHost() {
        let session = makeSession()
        session.run("docker run -d --name web nginx", "docker run -d --name db -e MARIADB_ROOT_PASSWORD=x mariadb")
        let nginx = session.handle("docker top web").stdout.split(separator: "\n").dropFirst().map {
            String($0.prefix(while: { $0 != " " }))
        }
        #expect(nginx == ["root", "sshd", "sshd"])
        #expect(session.handle("docker top db").stdout.split(separator: "\n").last?.hasPrefix("999 ") == true)
        #expect(
            session.handle("docker exec db ls -l /var/lib/mysql/aria_log_control").stdout.hasPrefix(
                "-rw-rw---- 1 mysql mysql 52 "))
        session.run("docker run -d --name cache redis:7.2.4-alpine")
        #expect(session.handle("docker exec cache ps").stdout.contains("    1 redis     0:00 redis-server *:6379\n"))
        #expect(
            ContainerProcesses.hostUser(
                of: .init(user: "x", uid: 998, pid: 1, ppid: 0, tty: "?", command: "x"), engine: session.engine)
                == "systemd+")
    }

    /// Every user a program of the catalog runs as (`user`, `process USER`) is one of its image's.
    @Test func theCatalogsUsersAreTheImagesUsers() {
        let session = makeSession()
        let images = [
            "nginx", "httpd:2.4", "php:7.4-apache", "php:5.6-apache", "mariadb", "mariadb:10.5", "mysql:8.3.0",
            "redis:7.2.4", "redis:7.2.4-alpine", "mongo:4.4.27",
        ]
        for (index, image) in images.enumerated() {
            let name = "u\(index)"
            session.run("docker run -d --name \(name) -e MARIADB_ROOT_PASSWORD=x -e MYSQL_ROOT_PASSWORD=x \(image)")
            guard
                let container = session.engine.containers[name]
                    ?? session.engine.containers.values.first(where: { $0.name == name })
            else {
                Issue.record("\(image) did not start")
                continue
            }
            for process in ContainerProcesses.list(of: container, engine: session.engine) {
                #expect(process.uid >= 0, "\(image): \(process.user) is not in its /etc/passwd")
            }
        }
    }
}
