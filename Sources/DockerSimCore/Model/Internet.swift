/// The outside world as far as the simulation goes: a few public names and their addresses
/// (what the course's `ping www.docker.com` shows), reachable through the host's NAT. Nothing
/// here ever opens a real socket.
public enum Internet {
    /// Public names and their IPv4 addresses.
    public static let hosts: [String: IPv4Address] = [
        "www.docker.com": IPv4Address(141, 193, 213, 21),
        "docker.com": IPv4Address(141, 193, 213, 20),
        "hub.docker.com": IPv4Address(44, 219, 3, 189),
        "registry-1.docker.io": IPv4Address(54, 236, 113, 205),
        "www.google.com": IPv4Address(142, 250, 184, 4),
        "google.com": IPv4Address(142, 250, 200, 78),
        "www.debian.org": IPv4Address(130, 89, 148, 77),
        "deb.debian.org": IPv4Address(151, 101, 134, 132),
        "archive.ubuntu.com": IPv4Address(91, 189, 91, 83),
        "dl-cdn.alpinelinux.org": IPv4Address(151, 101, 2, 132),
        "github.com": IPv4Address(140, 82, 121, 4),
    ]

    /// Public DNS servers that answer (anything the course may use with `--dns`).
    public static let resolvers: Set<IPv4Address> = [
        IPv4Address(8, 8, 8, 8), IPv4Address(8, 8, 4, 4), IPv4Address(1, 1, 1, 1), IPv4Address(1, 0, 0, 1),
        IPv4Address(9, 9, 9, 9), IPv4Address(208, 67, 222, 222),
    ]

    /// The address of a public name (case does not matter, a final dot neither).
    public static func address(of name: String) -> IPv4Address? {
        var key = name.lowercased()
        if key.hasSuffix(".") { key.removeLast() }
        return hosts[key]
    }

    /// Whether a public address answers (a known host or resolver).
    public static func answers(_ address: IPv4Address) -> Bool {
        resolvers.contains(address) || hosts.values.contains(address)
    }

    /// Whether an address is private or special (not routed on the internet).
    public static func isPrivate(_ address: IPv4Address) -> Bool {
        let b = address.bytes
        return b[0] == 10 || b[0] == 127 || (b[0] == 172 && (16...31).contains(b[1])) || (b[0] == 192 && b[1] == 168)
            || b[0] == 0 || b[0] >= 224 || (b[0] == 169 && b[1] == 254)
    }
}
