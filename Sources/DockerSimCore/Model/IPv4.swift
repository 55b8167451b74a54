// Go's net.ParseIP / net.ParseCIDR for the IPv4 forms docker's networking uses.

/// An IPv4 address (`172.17.0.2`), as a 32-bit number.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text as Go's `net.ParseIP` does for IPv4: four decimal parts of at
    /// most three digits, each at most 255; nil otherwise.
    public init?(_ text: String) {
        // Read as bytes: anything but ASCII digits and dots makes it invalid anyway.
        var result: UInt32 = 0
        var part: UInt32 = 0
        var digits = 0
        var parts = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, part <= 255, parts < 3 else { return nil }
                result = result << 8 | part
                parts += 1
                part = 0
                digits = 0
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 3 else { return nil }
                part = part * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
            }
        }
        guard parts == 3, digits > 0, part <= 255 else { return nil }
        value = result << 8 | part
    }

    public var description: String {
        // The four octets' digits written as bytes (no interpolation of four integers).
        String(unsafeUninitializedCapacity: 15) { write(into: $0, at: 0) }
    }

    /// Writes the dotted quad's bytes into `buffer` from `offset` (at most 15 bytes there);
    /// returns the offset after them.
    public func write(into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        var index = offset
        for step in 0..<4 {
            let octet = Int(value >> UInt32(24 - 8 * step) & 0xFF)
            if step != 0 {
                buffer[index] = UInt8(ascii: ".")
                index += 1
            }
            if octet >= 100 {
                buffer[index] = UInt8(48 + octet / 100)
                index += 1
            }
            if octet >= 10 {
                buffer[index] = UInt8(48 + octet / 10 % 10)
                index += 1
            }
            buffer[index] = UInt8(48 + octet % 10)
            index += 1
        }
        return index
    }

    public var bytes: [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// `127.0.0.0/8`.
    public var isLoopback: Bool { value >> 24 == 127 }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }

    public static let any = IPv4Address(0)
    public static let loopback = IPv4Address(127, 0, 0, 1)
}

/// An IPv4 network in CIDR form (`172.18.0.0/16`).
public struct IPv4Subnet: Sendable, Hashable, CustomStringConvertible {
    /// The address as written (host bits may be set in `--ip-range`-style text; `network` clears them).
    public var address: IPv4Address
    public var prefixLength: Int

    public init(_ address: IPv4Address, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// Parses `a.b.c.d/n` as Go's `net.ParseCIDR` (IPv4 only); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(String(parts[0])),
            !parts[1].isEmpty, parts[1].count <= 2, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let length = Int(parts[1]), length <= 32
        else { return nil }
        self.address = address
        self.prefixLength = length
    }

    public var mask: UInt32 { prefixLength == 0 ? 0 : UInt32.max << (32 - UInt32(prefixLength)) }

    /// The network address (host bits cleared).
    public var network: IPv4Address { IPv4Address(address.value & mask) }

    /// The broadcast address (host bits set).
    public var broadcast: IPv4Address { IPv4Address(address.value & mask | ~mask) }

    /// The subnet with its host bits cleared.
    public var canonical: IPv4Subnet { IPv4Subnet(network, prefixLength: prefixLength) }

    /// Whether the address written has host bits set (`192.168.0.1/24`).
    public var hasHostBits: Bool { address.value & ~mask != 0 }

    public func contains(_ ip: IPv4Address) -> Bool { ip.value & mask == address.value & mask }

    /// Whether the two networks share any address.
    public func overlaps(_ other: IPv4Subnet) -> Bool { contains(other.network) || other.contains(network) }

    /// How many addresses it spans.
    public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

    public var description: String { "\(address)/\(prefixLength)" }
}
