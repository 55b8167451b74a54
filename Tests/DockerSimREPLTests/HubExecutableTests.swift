import DockerSimTestSupport
import Foundation
import Testing

/// `dockersim hub lint` and `dockersim --hub DIR` as a teacher runs them, on the example of
/// `Hub/README.md` (taken from the README itself, so that the example keeps working).
@Suite("A teacher's Hub catalog")
struct HubExecutableTests {
    /// The package folder, found from this file's path.
    static let package: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// The `dockersim` next to the test bundle.
    static var binary: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        var folder = URL(
            fileURLWithPath: String(decoding: buffer[0..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        while folder.path != "/" && !folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
        return folder.deletingLastPathComponent().appendingPathComponent("dockersim").path
    }

    static func dockersim(
        _ arguments: [String], input: String = ""
    ) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "en_US.UTF-8"
        environment["XDG_STATE_HOME"] = NSTemporaryDirectory() + "dockersim-hub-state-\(getpid())"
        return try runProcess(URL(fileURLWithPath: binary), arguments, input: input, environment: environment)
    }

    /// The README's example files: each fenced block whose first line is `# PATH — …`.
    static func example() throws -> [(path: String, text: String)] {
        let readme = try String(contentsOfFile: package + "/Hub/README.md", encoding: .utf8)
        var files: [(String, String)] = []
        let blocks = readme.components(separatedBy: "```\n").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        for block in blocks {
            guard block.hasPrefix("# "), let dash = block.range(of: " — ") else { continue }
            let path = String(block[block.index(block.startIndex, offsetBy: 2)..<dash.lowerBound])
            if path.hasSuffix(".image") || path.hasSuffix(".layer") { files.append((path, block)) }
        }
        return files
    }

    static func writeExample(to folder: String, replacing: (String, String)? = nil) throws {
        for (path, text) in try example() {
            let full = folder + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            var body = text
            if let (old, new) = replacing { body = body.replacingOccurrences(of: old, with: new) }
            try body.write(toFile: full, atomically: true, encoding: .utf8)
        }
    }

    @Test func theReadmeExampleLintsAndItsImageIsPulledAndRun() throws {
        let folder = NSTemporaryDirectory() + "dockersim-hub-\(UUID().uuidString)"
        try Self.writeExample(to: folder)
        #expect(try Self.example().count == 2)
        let lint = try Self.dockersim(["hub", "lint", folder])
        #expect(lint.status == 0, "\(lint.stderr)")
        #expect(lint.stdout == "ok: 1 image files and 1 layer files, no errors\n")
        let run = try Self.dockersim(
            ["--hub", folder, "--clock", "2024-02-05T10:00:00Z", "--seed", "1"],
            input: """
                docker pull profe/miweb
                docker run -d -p 8080:80 --name web profe/miweb
                curl localhost:8080
                docker exec web cat htdocs/index.html

                """)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("9532dfcb62dd: Pull complete \n"))
        #expect(run.stdout.contains("00aa11bb22cc: Pull complete \n"))
        #expect(run.stdout.hasSuffix("\n<h1>Hola desde mi imagen</h1>\n<h1>Hola desde mi imagen</h1>\n"))
    }

    @Test func aBrokenCatalogIsAFileLineErrorAndLoadsNothing() throws {
        let folder = NSTemporaryDirectory() + "dockersim-hub-\(UUID().uuidString)"
        try Self.writeExample(to: folder, replacing: ("size     30", "size     31"))
        let lint = try Self.dockersim(["hub", "lint", folder])
        #expect(lint.status == 1)
        #expect(
            lint.stderr.hasPrefix("\(folder)/layers/profe/miweb-html.layer:4: size 31 but the files add up to 30\n"))
        let run = try Self.dockersim(["--hub", folder], input: "images\n")
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == "\(folder)/layers/profe/miweb-html.layer:4: size 31 but the files add up to 30\n")
        let missing = try Self.dockersim(["--hub", folder + "/nada"], input: "images\n")
        #expect(missing.status == 1)
        #expect(missing.stderr == "\(folder)/nada: cannot read the folder\n")
        #expect(try Self.dockersim(["hub", "lint"]).status == 0)
    }

    /// The README's advice: write any `diffid` and `size`, then `hub lint --fix` puts in the right ones.
    @Test func lintFixWritesTheSizeAndDiffIDTheFileListGives() throws {
        let folder = NSTemporaryDirectory() + "dockersim-hub-\(UUID().uuidString)"
        let layer = try #require(Self.example().first { $0.path.hasSuffix(".layer") })
        let diffID = try #require(layer.text.split(separator: "\n").first { $0.hasPrefix("diffid ") })
        try Self.writeExample(to: folder, replacing: ("size     30", "size     0"))
        let path = folder + "/" + layer.path
        let guessed = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: String(diffID), with: "diffid   sha256:000000000000*")
        try guessed.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Self.dockersim(["hub", "lint", folder]).status == 1)
        let fix = try Self.dockersim(["hub", "lint", "--fix", folder])
        #expect(fix.status == 0, "\(fix.stderr)")
        #expect(fix.stdout == "fixed \(path)\nok: 1 image files and 1 layer files, no errors\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == layer.text)
    }
}
