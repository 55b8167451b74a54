import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// `ss` on the simulated host (iproute2 6.1.0). The layout is checked against what Debian 12's
/// real `ss -tulpn` printed for four sockets (piped, and on terminals of 80 and 100 columns);
/// the sockets against the engine: docker-proxy per published port and family, the servers of
/// `--network host` containers held by the processes `docker top` shows.
@Suite struct SsTests {
    static func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }

    /// The fields of a real host's sockets, as ss.c puts them in its columns.
    static func realTable(netid: Bool = true, header: Bool = true, processes: Bool = true) -> SocketStats.ColumnTable {
        var table = SocketStats.ColumnTable()
        table.netid = netid
        if header { table.add(header: true, SocketStats.ColumnTable.header) }
        let rows: [(String, String, Int, String, String, String)] = [
            ("udp", "UNCONN", 0, "0.0.0.0", "6868", #"users:(("python3",pid=26542,fd=4))"#),
            ("tcp", "LISTEN", 128, "0.0.0.0", "2024", ""),
            ("tcp", "LISTEN", 5, "*", "8099", #"users:(("python3",pid=26540,fd=3))"#),
            ("tcp", "LISTEN", 511, "[::]", "8098", #"users:(("python3",pid=26542,fd=3))"#),
        ]
        for (netid, state, backlog, address, port, users) in rows where netid == "tcp" || table.netid {
            table.add(
                header: false,
                [
                    netid, state, SocketStats.pad6(0), SocketStats.pad6(backlog), address + ":", port, address + ":",
                    "*",
                    processes && !users.isEmpty ? " " + users : "", "",
                ])
        }
        return table
    }

    @Test func layoutIsRealSs() {
        #expect(
            Self.realTable().render(screenWidth: nil) == """
                Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\(Self.spaces(28))
                udp   UNCONN 0      0            0.0.0.0:6868      0.0.0.0:*    users:(("python3",pid=26542,fd=4))
                tcp   LISTEN 0      128          0.0.0.0:2024      0.0.0.0:*\(Self.spaces(38))
                tcp   LISTEN 0      5                  *:8099            *:*    users:(("python3",pid=26540,fd=3))
                tcp   LISTEN 0      511             [::]:8098         [::]:*    users:(("python3",pid=26542,fd=3))

                """)
        #expect(
            Self.realTable().render(screenWidth: 80) == """
                Netid   State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port   Process\(Self.spaces(73))
                udp     UNCONN   0        0                0.0.0.0:6868          0.0.0.0:*       users:(("python3",pid=26542,fd=4))\(Self.spaces(45))
                tcp     LISTEN   0        128              0.0.0.0:2024          0.0.0.0:*\(Self.spaces(86))
                tcp     LISTEN   0        5                      *:8099                *:*       users:(("python3",pid=26540,fd=3))\(Self.spaces(45))
                tcp     LISTEN   0        511                 [::]:8098             [::]:*       users:(("python3",pid=26542,fd=3))\(Self.spaces(45))

                """)
        #expect(
            Self.realTable().render(screenWidth: 100) == """
                Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\(Self.spaces(29))
                udp   UNCONN 0      0            0.0.0.0:6868      0.0.0.0:*     users:(("python3",pid=26542,fd=4))\(Self.spaces(1))
                tcp   LISTEN 0      128          0.0.0.0:2024      0.0.0.0:*\(Self.spaces(40))
                tcp   LISTEN 0      5                  *:8099            *:*     users:(("python3",pid=26540,fd=3))\(Self.spaces(1))
                tcp   LISTEN 0      511             [::]:8098         [::]:*     users:(("python3",pid=26542,fd=3))\(Self.spaces(1))

                """)
        #expect(
            Self.realTable(netid: false, processes: false).render(screenWidth: 80) == """
                State    Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process\(Self.spaces(2))
                LISTEN   0        128              0.0.0.0:2024          0.0.0.0:*\(Self.spaces(14))
                LISTEN   0        5                      *:8099                *:*\(Self.spaces(14))
                LISTEN   0        511                 [::]:8098             [::]:*\(Self.spaces(14))

                """)
        #expect(
            Self.realTable(netid: false, header: false, processes: false).render(screenWidth: nil) == """
                LISTEN 0      128    0.0.0.0:2024 0.0.0.0:*
                LISTEN 0      5            *:8099       *:*
                LISTEN 0      511       [::]:8098    [::]:*

                """)
    }

    static func host() -> Session {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 5)
        session.run("docker run -d --network host --name my_nginx nginx")
        session.run("docker run -d -p 8080:80 --name web httpd")
        return session
    }

    @Test func socketsComeFromTheEngine() {
        let session = Self.host()
        let nginx = ContainerProcesses.mainPID(of: session.engine.containers.values.first { $0.name == "my_nginx" }!.id)
        let web = ContainerProcesses.mainPID(of: session.engine.containers.values.first { $0.name == "web" }!.id)
        let grep = session.run("sudo ss -tulpn | grep :80")
        let users = { (fd: Int) in
            "users:((\"nginx\",pid=\(nginx + 2),fd=\(fd)),(\"nginx\",pid=\(nginx + 1),fd=\(fd)),(\"nginx\",pid=\(nginx),fd=\(fd)))"
        }
        #expect(grep.status == 0)
        #expect(grep.stdout.split(separator: "\n").count == 4)
        #expect(grep.stdout.contains("0.0.0.0:80        0.0.0.0:*    " + users(6)))
        #expect(grep.stdout.contains("   [::]:80           [::]:*    " + users(7)))
        #expect(
            grep.stdout.contains(
                "tcp   LISTEN 0      4096         0.0.0.0:8080      0.0.0.0:*    users:((\"docker-proxy\",pid=\(web - 40),fd=4))"
            ))
        #expect(grep.stdout.contains("[::]:8080         [::]:*    users:((\"docker-proxy\",pid=\(web - 39),fd=4))"))
        // docker top and inspect name the same processes.
        #expect(session.run("docker inspect -f '{{.State.Pid}}' my_nginx").stdout == "\(nginx)\n")
        #expect(session.run("docker top my_nginx").stdout.contains("\(nginx + 2)"))
        // Stopped, nothing of it listens.
        session.run("docker stop my_nginx")
        #expect(!session.run("sudo ss -tlpn").stdout.contains("nginx"))
    }

    @Test func withoutRootNoProcessesAndNamesWithoutN() {
        let session = Self.host()
        let plain = session.run("ss -tlp | cat")
        #expect(!plain.stdout.contains("users:"))
        #expect(plain.stdout.contains("0.0.0.0:ssh"))
        #expect(plain.stdout.contains("0.0.0.0:http-alt"))
        #expect(
            session.run("ss -uln | cat").stdout
                == "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nUNCONN 0      0            0.0.0.0:68        0.0.0.0:*          \n"
        )
        #expect(session.run("ss -tln4H | cat").stdout.split(separator: "\n").allSatisfy { $0.contains("0.0.0.0:") })
        #expect(session.run("ss -tln6H | cat").stdout.split(separator: "\n").allSatisfy { $0.contains("[::]:") })
        // On a terminal the columns spread over its width; piped, compact.
        session.columns = 100
        #expect(session.run("ss -tuln").stdout.split(separator: "\n").allSatisfy { $0.count == 100 })
        session.columns = 80
        #expect(session.run("ss -tuln").stdout.split(separator: "\n").allSatisfy { $0.count == 80 })
        // Without -l or -a: the connected sockets, and the host has none.
        #expect(
            session.run("ss -tn | cat").stdout == "State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n")
    }

    @Test func badOptionsAndWhatIsNotSimulated() {
        let session = Self.host()
        let bad = session.run("ss -Q")
        #expect(bad.stderr.hasPrefix("ss: invalid option -- 'Q'\nUsage: ss [ OPTIONS ]\n"))
        #expect(bad.status == 255)
        let long = session.run("ss --bogus")
        #expect(long.stderr.hasPrefix("ss: unrecognized option '--bogus'\nUsage: ss [ OPTIONS ]\n"))
        #expect(session.run("ss -f").stderr.hasPrefix("ss: option requires an argument -- 'f'\n"))
        #expect(session.run("ss -V").stdout == "ss utility, iproute2-6.1.0\n")
        #expect(session.run("ss -h").stdout.hasPrefix("Usage: ss [ OPTIONS ]\n"))
        #expect(session.run("ss -t --list | cat").stdout.contains("0.0.0.0:"), "a unique prefix is the option")
        let all = session.run("ss")
        #expect(all.stderr == "dockersim: 'ss' is not simulated yet\n")
        #expect(all.status == 1)
        #expect(session.run("ss -te").stderr == "dockersim: 'ss -e' is not simulated yet\n")
        #expect(session.run("ss -tl sport = :80").stderr == "dockersim: 'ss … sport' is not simulated yet\n")
    }
}
