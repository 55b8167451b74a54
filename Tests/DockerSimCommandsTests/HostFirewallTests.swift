import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `sudo` and `iptables` on the simulated host: the nat table docker 28.5 keeps, from the
/// engine's networks and published ports.
struct HostFirewallTests {
    /// A user network's rules are inserted above the default bridge's; each published IPv4
    /// port appends a DNAT (a host address becomes `-d ADDRESS/32`); a stopped container's go.
    @Test func rulesFollowNetworksAndPorts() throws {
        let session = makeSession()
        session.run(
            "docker network create red", "docker run -d -p 8080:80 --name uno nginx",
            "docker run -d -p 127.0.0.1:8081:80 --network red --name dos nginx")
        let red = try #require(session.engine.networks.values.first { $0.name == "red" })
        let device = "br-" + red.id.prefix(12)
        let subnet = try #require(red.subnet).description
        let dosIP = try #require(session.engine.containers.values.first { $0.name == "dos" }?.ipAddress)
        let save = session.handle("sudo iptables -t nat -S DOCKER")
        #expect(save.status == 0)
        #expect(
            save.stdout == """
                -N DOCKER
                -A DOCKER -i \(device) -j RETURN
                -A DOCKER -i docker0 -j RETURN
                -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
                -A DOCKER -d 127.0.0.1/32 ! -i \(device) -p tcp -m tcp --dport 8081 -j DNAT --to-destination \(dosIP):80

                """)
        let list = session.handle("sudo iptables -t nat -nL POSTROUTING").stdout
        #expect(
            list == """
                Chain POSTROUTING (policy ACCEPT)
                target     prot opt source               destination         
                MASQUERADE  all  --  \(subnet.padding(19))  0.0.0.0/0           
                MASQUERADE  all  --  172.17.0.0/16        0.0.0.0/0           

                """)
        #expect(
            session.handle("sudo iptables -t nat -L DOCKER -n").stdout.hasSuffix(
                "DNAT       tcp  --  0.0.0.0/0            127.0.0.1            tcp dpt:8081 to:\(dosIP):80\n"))
        session.run("docker stop dos")
        #expect(!session.handle("sudo iptables -t nat -S").stdout.contains("8081"))
    }

    /// `grep -A`/`-B`/`-C` (as `… | grep -A3 DOCKER` reads the table): context lines, `N-`
    /// with `-n`, `--` between groups apart.
    @Test func grepContext() {
        let session = makeSession()
        session.run("printf 'a\\nb\\nc\\nd\\ne\\nf\\ng\\nh\\n' > t.txt")
        #expect(session.handle("grep -A1 '[bf]' t.txt").stdout == "b\nc\n--\nf\ng\n")
        #expect(session.handle("grep -nB1 '[bf]' t.txt").stdout == "1-a\n2:b\n--\n5-e\n6:f\n")
        #expect(session.handle("grep -C 1 '[cd]' t.txt").stdout == "b\nc\nd\ne\n")
        let bad = session.handle("grep -A x c t.txt")
        #expect(bad.stderr == "grep: x: invalid context length argument\n")
        #expect(bad.status == 2)
    }

    /// Without root, iptables' own error (exit 4); `sudo` runs a command as root; what is not
    /// simulated says so.
    @Test func rootAndBadInput() {
        let session = makeSession()
        let denied = session.handle("iptables -t nat -L -n")
        #expect(
            denied.stderr
                == "iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n\n"
        )
        #expect(denied.status == 4)
        #expect(session.handle("sudo whoami").stdout == "root\n")
        #expect(session.handle("whoami").stdout == "usuario\n")
        #expect(session.handle("sudo nada").stderr == "sudo: nada: command not found\n")
        #expect(
            session.handle("sudo iptables -L").stderr.hasPrefix("dockersim: 'iptables -t filter' is not simulated yet"))
        #expect(
            session.handle("sudo iptables -t nat -L NADA -n").stderr
                == "iptables: No chain/target/match by that name.\n")
        #expect(session.handle("sudo -i").status == 1)
    }

    /// A program every Docker host has but the simulated one does not run says so, in the
    /// session's language, rather than bash's "command not found".
    @Test func hostProgramsNotSimulatedSaySo() {
        let session = makeSession()
        let lsof = session.handle("sudo lsof -i :80 | grep nginx")
        #expect(lsof.stderr == "dockersim: 'lsof' is not simulated yet\n")
        #expect(lsof.status == 1)
        #expect(session.handle("systemctl status docker").stderr == "dockersim: 'systemctl' is not simulated yet\n")
        session.language = .es
        #expect(session.handle("netstat -tln").stderr == "dockersim: 'netstat' aún no se simula\n")
        #expect(session.handle("sudo iptables -L").stderr.hasPrefix("dockersim: 'iptables -t filter' aún no se simula"))
        #expect(session.handle("nada").stderr == "bash: nada: command not found\n")
    }
}

extension String {
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
