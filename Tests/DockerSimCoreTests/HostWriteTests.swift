import Testing

@testable import DockerSimCore

/// `Engine.writeHostFile`, the host shell's `>` and `>>` done in place, against the general
/// path (`withHost` and `ContainerFS.write`) it stands for: the same files, the same errors,
/// the same refusals at the disk's caps.
@Suite struct HostWriteTests {
    func engine(bytes: Int64, files: Int) -> Engine {
        var engine = Engine(clock: .manual(at: Timestamp(seconds: 1_000_000)), seed: 7)
        // Caps counted over what the new host already holds (its `/etc`).
        let base = Engine.newHostFileSystem().upper
        engine.limits.simulatedBytes = base.size + bytes
        engine.limits.filesPerContainer = base.count + files
        return engine
    }

    func general(_ engine: inout Engine, _ path: String, _ bytes: [UInt8], append: Bool) -> FSError? {
        do throws(FSError) {
            try engine.withHost { (fs: inout ContainerFS, _: inout [String]) throws(FSError) in
                try fs.write(path, cwd: ["home", "usuario"], bytes: bytes, append: append, mtime: 5)
            }
            return nil
        } catch { return error }
    }

    func inPlace(_ engine: inout Engine, _ path: String, _ bytes: [UInt8], append: Bool) -> FSError? {
        do throws(FSError) {
            try engine.writeHostFile(path, cwd: ["home", "usuario"], bytes: bytes, append: append, mtime: 5)
            return nil
        } catch { return error }
    }

    func listing(_ engine: Engine) -> [String] {
        var lines: [String] = []
        engine.host.upper.walk { path, node in
            let content: String
            if case .file(let file, _) = node { content = file.text ?? "-" } else { content = "" }
            lines.append("\(FilePath.string(path)) \(node.ownSize) \(content)")
            return true
        }
        return lines
    }

    @Test func appendsAndWritesAgreeUpToTheCaps() {
        var a = engine(bytes: 300, files: 8)
        var b = engine(bytes: 300, files: 8)
        let writes: [(String, String, Bool)] =
            (0..<40).map { ("f", "línea \($0)\n", true) }
            + [
                ("g", "nuevo\n", false), ("g", "más\n", true), ("/tmp", "x", true), ("nada/f", "x", true),
                ("f", "corto\n", false), ("/etc/x", "x", false),
            ]
            + (0..<10).map { ("h\($0)", "x", false) }
        var refused = 0
        for (path, text, append) in writes {
            let expected = general(&a, path, Array(text.utf8), append: append)
            let got = inPlace(&b, path, Array(text.utf8), append: append)
            #expect(got == expected, "\(path) \(text.debugDescription)")
            #expect(listing(a) == listing(b), "\(path) \(text.debugDescription)")
            if expected == .noSpace { refused += 1 }
        }
        // Both caps were reached (the size by `f`, the count by the `h` files).
        #expect(refused > 10)
        #expect(listing(b).contains { $0.hasPrefix("/home/usuario/h") })
    }
}
