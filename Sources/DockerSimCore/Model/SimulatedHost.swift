/// The student's machine as the network sees it: the Docker host's name, its address on the
/// LAN, its DNS servers and its `/etc/hosts` (what `--network host` containers share); and its
/// kernel, which `uname -a` and the daemon (`docker version`) report. A Debian 12 machine on x86-64.
public enum SimulatedHost {
    /// `uname -r`.
    public static let kernelRelease = "6.1.0-17-amd64"
    /// `uname -v`.
    public static let kernelBuild = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.69-1 (2023-12-30)"
    /// `uname -m`.
    public static let machine = "x86_64"
    /// `PRETTY_NAME` of the host's `/etc/os-release` (`docker info`'s Operating System).
    public static let operatingSystem = "Debian GNU/Linux 12 (bookworm)"
    /// The host's CPUs (`nproc`, `docker info`; `--cpus` may ask for at most this many).
    public static let cpuCount = 2
    /// The host's memory (`MemTotal` of `/proc/meminfo`): a 4 GiB machine less what the kernel
    /// keeps, 3.824GiB as `docker info` and `docker stats` print it.
    public static let memoryBytes: Int64 = 4_105_629_696

    /// `hostname` on the host (and in a `--network host` container).
    public static let hostname = "docker"
    /// The host's address on its LAN (the course's example host).
    public static let lanAddress = IPv4Address(192, 168, 121, 54)
    /// The LAN's prefix length and gateway.
    public static let lanPrefixLength = 24
    public static let lanGateway = IPv4Address(192, 168, 121, 1)
    /// The nameservers in the host's `/etc/resolv.conf` (containers on the default bridge get
    /// them; the embedded DNS forwards to them).
    public static let nameservers = ["8.8.8.8", "8.8.4.4"]

    /// The host's `/etc/hosts` (Debian's).
    public static let hostsFile = """
        127.0.0.1\tlocalhost
        127.0.1.1\t\(hostname)

        # The following lines are desirable for IPv6 capable hosts
        ::1     localhost ip6-localhost ip6-loopback
        ff02::1 ip6-allnodes
        ff02::2 ip6-allrouters

        """

    /// A service of the host itself that has sockets open (what `ss` lists besides docker's).
    public struct Service: Sendable {
        /// One of its sockets: TCP (listening) or UDP, its family, its port and its descriptor.
        public struct Socket: Sendable {
            public var tcp: Bool
            public var v6: Bool
            public var port: Int
            public var fd: Int
        }
        /// Its name in the kernel (`comm`).
        public var name: String
        public var pid: Int
        /// The backlog its TCP sockets listen with.
        public var backlog: Int
        public var sockets: [Socket]
    }

    /// The host's own services with sockets: OpenSSH's server on port 22 (both families, as
    /// Debian's `sshd_config` leaves it) and the DHCP client of its LAN interface. PIDs invented.
    public static let services = [
        Service(
            name: "dhclient", pid: 412, backlog: 0, sockets: [Service.Socket(tcp: false, v6: false, port: 68, fd: 7)]),
        Service(
            name: "sshd", pid: 633, backlog: 128,
            sockets: [
                Service.Socket(tcp: true, v6: false, port: 22, fd: 3),
                Service.Socket(tcp: true, v6: true, port: 22, fd: 4),
            ]),
    ]

    /// The host's `/etc/resolv.conf`.
    public static var resolvConf: String {
        nameservers.map { "nameserver \($0)\n" }.joined()
    }
}
