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

    /// The host's `/etc/passwd`: Debian 12's base accounts, those its systemd, D-Bus and OpenSSH
    /// packages add, and the user (`usuario`, 1000).
    public static let passwdFile = """
        root:x:0:0:root:/root:/bin/bash
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        bin:x:2:2:bin:/bin:/usr/sbin/nologin
        sys:x:3:3:sys:/dev:/usr/sbin/nologin
        sync:x:4:65534:sync:/bin:/bin/sync
        games:x:5:60:games:/usr/games:/usr/sbin/nologin
        man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
        lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
        mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
        news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
        uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
        proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
        www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
        backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
        list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
        irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
        _apt:x:42:65534::/nonexistent:/usr/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
        systemd-timesync:x:997:997:systemd Time Synchronization:/:/usr/sbin/nologin
        messagebus:x:100:102::/nonexistent:/usr/sbin/nologin
        sshd:x:101:65534::/run/sshd:/usr/sbin/nologin
        usuario:x:1000:1000:usuario,,,:/home/usuario:/bin/bash

        """

    /// The host's `/etc/group`: Debian 12's base groups (the user in those the installer gives
    /// the first user, and in `sudo`), systemd's, and `docker`, which Docker's package adds (the
    /// user in it: `docker` without `sudo`).
    public static let groupFile = """
        root:x:0:
        daemon:x:1:
        bin:x:2:
        sys:x:3:
        adm:x:4:
        tty:x:5:
        disk:x:6:
        lp:x:7:
        mail:x:8:
        news:x:9:
        uucp:x:10:
        man:x:12:
        proxy:x:13:
        kmem:x:15:
        dialout:x:20:
        fax:x:21:
        voice:x:22:
        cdrom:x:24:usuario
        floppy:x:25:usuario
        tape:x:26:
        sudo:x:27:usuario
        audio:x:29:usuario
        dip:x:30:usuario
        www-data:x:33:
        backup:x:34:
        operator:x:37:
        list:x:38:
        irc:x:39:
        src:x:40:
        shadow:x:42:
        utmp:x:43:
        video:x:44:usuario
        sasl:x:45:
        plugdev:x:46:usuario
        staff:x:50:
        games:x:60:
        users:x:100:usuario
        nogroup:x:65534:
        systemd-journal:x:999:
        systemd-network:x:998:
        systemd-timesync:x:997:
        netdev:x:101:usuario
        messagebus:x:102:
        _ssh:x:103:
        usuario:x:1000:
        docker:x:996:usuario

        """

    /// Debian 12's `/usr/lib/os-release` (`/etc/os-release` links to it).
    public static let osRelease = """
        PRETTY_NAME="\(operatingSystem)"
        NAME="Debian GNU/Linux"
        VERSION_ID="12"
        VERSION="12 (bookworm)"
        VERSION_CODENAME=bookworm
        ID=debian
        HOME_URL="https://www.debian.org/"
        SUPPORT_URL="https://www.debian.org/support"
        BUG_REPORT_URL="https://bugs.debian.org/"

        """

    /// The host's `/etc/resolv.conf`.
    public static var resolvConf: String {
        nameservers.map { "nameserver \($0)\n" }.joined()
    }
}
