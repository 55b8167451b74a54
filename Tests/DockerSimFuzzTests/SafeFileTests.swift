import DockerSimCore
import DockerSimFuzz
import DockerSimLessons
import DockerSimREPL
import DockerSimTestSupport
import Foundation
import Testing

/// A fresh scratch folder for one test.
func scratchFolder(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "dockersim-reliability-\(getpid())-\(name)"
    try? FileManager.default.removeItem(atPath: path)
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The folder of the test bundle, where SwiftPM also puts the executables.
func productsFolder() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return "." }
    let exe = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var parts = exe.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    while let last = parts.last, !last.hasSuffix(".xctest") && parts.count > 1 { parts.removeLast() }
    parts.removeLast()
    return parts.joined(separator: "/")
}

/// Runs `binary` with `arguments`, `input` on stdin, `environment` added; returns its status
/// and what it printed.
func run(
    _ binary: String, _ arguments: [String], input: String = "", environment: [String: String] = [:]
) throws -> (status: Int32, stdout: String, stderr: String) {
    try runProcess(
        URL(fileURLWithPath: binary), arguments, input: input,
        environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
}

/// Issue 7, point 4: history, progress, submissions and recordings survive crashes and
/// corruption.
@Suite struct SafeFileTests {
    @Test func aWriteIsAllOrNothing() throws {
        let folder = scratchFolder("atomic")
        let path = folder + "/state/dockersim/history"
        try SafeFile.write(Array("old\n".utf8), to: path)
        // Killed half-way through the temporary file, or just before the rename: the old file stays.
        for interruption in [SafeFile.Interruption.midWrite, .beforeRename] {
            try SafeFile.write(Array("new line\n".utf8), to: path, interruption: interruption)
            #expect(SafeFile.read(path) == Array("old\n".utf8))
            #expect(HistoryStore.load(from: path).entries == ["old"])
        }
        // A "killed" save leaves its temporary file; the next save goes through and removes it.
        let folderPath = folder + "/state/dockersim"
        func leftovers() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folderPath).filter { $0.hasSuffix(".tmp") }
        }
        #expect(try leftovers().count == 1)  // each save removes what the one before left
        try SafeFile.write(Array("new\n".utf8), to: path)
        #expect(SafeFile.read(path) == Array("new\n".utf8))
        #expect(try leftovers().isEmpty)
    }

    /// A process killed (SIGKILL) at random moments while it saves a 256 KiB file again and again:
    /// the file always holds one whole version.
    @Test func killingAWriterNeverLeavesAHalfFile() throws {
        let folder = scratchFolder("kill")
        let path = folder + "/progress.json"
        try SafeFile.write(WriteLoop.version(0), to: path)
        let versions = [WriteLoop.version(0), WriteLoop.version(1)]
        var random = FuzzRandom(seed: 7)
        for _ in 0..<12 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: productsFolder() + "/dockersim-fuzz")
            process.arguments = ["--write-loop", path]
            try process.run()
            usleep(UInt32(2_000 + random.below(40_000)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let bytes = SafeFile.read(path)
            #expect(bytes.map { versions.contains($0) } == true, "a killed save left \(bytes?.count ?? -1) bytes")
        }
    }

    @Test func aCorruptHistoryIsSetAsideAndTheHistoryStartsEmpty() throws {
        let folder = scratchFolder("history")
        let path = folder + "/history"
        try Data([0x70, 0x75, 0x6C, 0x6C, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        let history = HistoryStore.load(from: path)
        #expect(history.entries.isEmpty)
        #expect(access(path, F_OK) != 0)
        #expect(SafeFile.read(path + ".corrupt") == [0x70, 0x75, 0x6C, 0x6C, 0xFF, 0xFE, 0x0A])
        // A second corrupt file does not overwrite the first one set aside.
        try Data([0, 0, 0]).write(to: URL(fileURLWithPath: path))
        _ = HistoryStore.load(from: path)
        #expect(SafeFile.read(path + ".corrupt.2") == [0, 0, 0])
        // A truncated history (cut in the middle of a line) is still text: it loads.
        try Data("pull ubuntu\nrun -it ubu".utf8).write(to: URL(fileURLWithPath: path))
        #expect(HistoryStore.load(from: path).entries == ["pull ubuntu", "run -it ubu"])
    }

    @Test func corruptProgressAndSubmissionsAreReportedAndSetAside() throws {
        let folder = scratchFolder("progress")
        let store = ProgressStore(directory: folder)
        try Data("{\"capas\": {\"lessonID\": \"capas\", \"curr".utf8).write(
            to: URL(fileURLWithPath: folder + "/progress.json"))
        try Data("lesson: capas\n> output before any command\n".utf8).write(
            to: URL(fileURLWithPath: folder + "/capas.submission"))
        #expect(store.loadProgress().isEmpty)
        #expect(store.loadSubmission("capas") == nil)
        #expect(access(folder + "/progress.json.corrupt", F_OK) == 0)
        #expect(access(folder + "/capas.submission.corrupt", F_OK) == 0)
        let note = SafeFile.setAside(
            folder + "/missing", problem: Message(en: "x", es: "x"), language: .en, printing: false)
        #expect(note.contains(folder + "/missing"))
        // The note speaks the session's language, whole (no "es / en" pairs).
        try Data([0]).write(to: URL(fileURLWithPath: folder + "/nul"))
        let spanish = SafeFile.setAside(
            folder + "/nul", problem: Message(en: "holds NUL bytes", es: "contiene bytes NUL"), language: .es,
            printing: false)
        #expect(
            spanish
                == "dockersim: \(folder)/nul: contiene bytes NUL; se ha apartado como \(folder)/nul.corrupt y se sigue sin él\n"
        )
        #expect(!spanish.contains(" / "))
    }

    /// dockersim itself starts and goes on with a corrupt progress file, naming the file.
    @Test func dockersimStartsWithACorruptProgressFile() throws {
        let state = scratchFolder("start")
        try FileManager.default.createDirectory(atPath: state + "/dockersim", withIntermediateDirectories: true)
        try Data([0xFF, 0x00, 0x7B]).write(to: URL(fileURLWithPath: state + "/dockersim/progress.json"))
        let result = try run(
            productsFolder() + "/dockersim", ["--clock", "2024-01-28T18:00:00+01:00"],
            input: "lesson list\nimages\n",
            environment: ["XDG_STATE_HOME": state, "DOCKERSIM_LESSONS": FuzzCorpus.root + "/Lessons"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("REPOSITORY"))
        #expect(result.stderr.contains(state + "/dockersim/progress.json"))
        #expect(access(state + "/dockersim/progress.json.corrupt", F_OK) == 0)
    }

    /// A lesson's id names its submission file: path syntax in it is refused, and confined anyway.
    @Test func aLessonIdCannotNameAFileOutside() {
        let text = "id: ../../../tmp/fuera\ntitle.en: x\n\n## step uno\ntext.en: y\ncheck: image-count == 0\n"
        let (_, diagnostics) = LessonParser.parse(text, file: "mala.md")
        #expect(diagnostics.contains { $0.message.contains("id may hold only") })
        let store = ProgressStore(directory: "/tmp/state")
        #expect(store.submissionPath("../../etc/passwd") == "/tmp/state/______etc_passwd.submission")
    }
}
