extension RootFS {
    /// When the course's servidorweb images were built (2024-01-15T10:00:00Z).
    private static let servidorwebBuilt: Int64 = 1_705_312_800
    /// The date of hello-world's binary layer (2023-05-04T17:37:03Z).
    private static let helloWorldBuilt: Int64 = 1_683_221_823

    /// The layer of the course's `servidorweb` image added by `COPY index.html /var/www/html/`:
    /// one page, 22 bytes in version 1 and 25 bytes in version 2 (the "Cyrso" typo is the
    /// course's own). The directories only carry metadata (0 bytes). Exact, not reconstructed.
    static func servidorwebIndex(version: Int) -> [(path: String, node: FileNode)] {
        let page = version >= 2 ? "<h1>Cyrso Docker v2</h1>\n" : "<h1>Cyrso Docker</h1>\n"
        let t = servidorwebBuilt
        return [
            dir("/var", mtime: t),
            dir("/var/www", mtime: t),
            dir("/var/www/html", mtime: t),
            file("/var/www/html/index.html", page, mtime: t),
        ]
    }

    /// The single layer of `hello-world`: the static `/hello` binary (13,256 bytes, mode 0775).
    /// Its content is not simulated; the size is exact.
    static func helloWorld() -> [(path: String, node: FileNode)] {
        [blob("/hello", size: 13_256, mode: 0o775, mtime: helloWorldBuilt)]
    }
}
