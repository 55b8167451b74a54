import DockerSimLessonsData
import DockerSimTestSupport
import Foundation
import Testing

@testable import DockerSimLessons

/// The built executable, run as a user runs it: from an empty folder, with its own state folder.
@Suite("Lessons in the executable")
struct LessonExecutableTests {
    /// The `dockersim` next to the test bundle.
    static var binary: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        var folder = URL(
            fileURLWithPath: String(decoding: buffer[0..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        while folder.path != "/" && !folder.lastPathComponent.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
        return folder.deletingLastPathComponent().appendingPathComponent("dockersim").path
    }

    /// Runs dockersim in an empty folder; returns status, stdout and stderr.
    static func dockersim(
        _ arguments: [String], input: String = "", in folder: String? = nil
    ) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let empty = folder ?? NSTemporaryDirectory() + "dockersim-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = empty + "/state"
        environment["LANG"] = "en_US.UTF-8"
        for name in ["DOCKERSIM_LESSONS", "DOCKERSIM_STUDENT", "LC_ALL", "LC_MESSAGES"] { environment[name] = nil }
        return try runProcess(
            URL(fileURLWithPath: binary), arguments, input: input, environment: environment,
            directory: URL(fileURLWithPath: empty))
    }

    @Test("the embedded lessons are the files of Lessons/, byte for byte, without its README")
    func embedded() throws {
        #expect(LessonsData.files.map(\.path) == Fixtures.lessonFiles)
        for file in LessonsData.files {
            let text = file.text.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            #expect(text == (try Fixtures.text(file.path)), "\(file.path)")
        }
        #expect(LessonCatalog.builtIn.diagnostics.map(\.description) == [])
        #expect(LessonCatalog.builtIn.lessons.map(\.id) == Fixtures.catalog.lessons.map(\.id))
    }

    @Test("from an empty folder, the executable lists every lesson")
    func lists() throws {
        let result = try Self.dockersim(["lesson", "list"])
        #expect(result.status == 0, "\(result.stderr)")
        for lesson in Fixtures.catalog.lessons {
            #expect(result.stdout.contains(lesson.id), "\(result.stdout)")
        }
        let repl = try Self.dockersim(["--student", "ana"], input: "lesson list\n")
        #expect(repl.stdout.contains("capas") && repl.stdout.contains("borrar"), "\(repl.stdout)")
    }

    @Test(
        "from an empty folder, `dockersim lesson start ID` starts every lesson",
        arguments: Fixtures.catalog.lessons.map(\.id))
    func starts(id: String) throws {
        let lesson = try Fixtures.lesson(id)
        let result = try Self.dockersim(
            ["lesson", "start", id, "--student", "ana", "--clock", "2024-01-28T18:00:00+01:00"], input: "step\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(lesson.title.text(.en)))
        #expect(result.stdout.contains("Step 1/\(lesson.steps.count)"))
    }

    @Test("--lessons adds a teacher's folder; a broken lesson there is reported with file:line")
    func teachersFolder() throws {
        let folder = NSTemporaryDirectory() + "dockersim-teacher-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/mine", withIntermediateDirectories: true)
        try """
        id: propia
        title.en: My own
        ## step uno
        text.en: Pull ubuntu.
        check: image-present ubuntu
        solution: pull ubuntu
        """.write(toFile: folder + "/mine/propia.md", atomically: true, encoding: .utf8)
        try "id: rota\ntitle.en: Broken\ncolour: red\n".write(
            toFile: folder + "/mine/rota.md", atomically: true, encoding: .utf8)
        try "# not a lesson\n".write(toFile: folder + "/mine/README.md", atomically: true, encoding: .utf8)
        let list = try Self.dockersim(["lesson", "list", "--lessons", folder + "/mine"], in: folder)
        #expect(list.stdout.contains("propia") && list.stdout.contains("capas"))
        #expect(list.stderr.contains(folder + "/mine/rota.md:3:1: unknown key 'colour'"))
        #expect(list.status == 1)
        let started = try Self.dockersim(
            ["lesson", "start", "propia", "--lessons", folder + "/mine", "--student", "ana"], input: "pull ubuntu\n",
            in: folder)
        #expect(started.stdout.contains("My own"))
        #expect(started.stdout.contains("✔ Done: The image ubuntu is there."))
        // lint skips the README it is given, and speaks Spanish when asked.
        let lint = try Self.dockersim(
            ["lesson", "lint", "--lang", "es", folder + "/mine/README.md", folder + "/mine/propia.md"], in: folder)
        #expect(lint.stdout.contains("omitido  \(folder)/mine/README.md (no es una lección)"))
        #expect(lint.stdout.contains("1 de 1 ficheros de lección pasan"))
        #expect(lint.status == 0)
        let broken = try Self.dockersim(["lesson", "lint", "--lang", "es", folder + "/mine/rota.md"], in: folder)
        #expect(broken.stderr.contains("rota.md:3:1: clave desconocida 'colour'"))
        // A folder stands for its lesson files (its README is not one).
        let whole = try Self.dockersim(["lesson", "lint", folder + "/mine"], in: folder)
        #expect(whole.stdout.contains("ok       \(folder)/mine/propia.md"))
        #expect(!whole.stdout.contains("README"))
        #expect(whole.stderr.contains("rota.md:3:1: unknown key 'colour'"))
        #expect(whole.stdout.contains("1 of 2 lesson files pass"))
        #expect(whole.status == 1)
    }

    @Test("grade with no --lesson, from an empty folder: the lesson comes from the submission")
    func grade() throws {
        let folder = NSTemporaryDirectory() + "dockersim-grade-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lesson = try Fixtures.lesson("capas")
        try LessonVerifier.referenceSubmission(lesson, student: "ana").render()
            .write(toFile: folder + "/ana.submission", atomically: true, encoding: .utf8)
        let result = try Self.dockersim(
            [
                "grade", "ana.submission", "--csv", "notas.csv", "--csv-steps", "pasos.csv", "--json", "notas.json",
                "--lang", "es",
            ],
            in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ALUMNO"))
        #expect(result.stdout.contains("10/10"))
        let csv = try String(contentsOfFile: folder + "/notas.csv", encoding: .utf8)
        #expect(csv.hasPrefix("alumno,fichero,leccion,v1,v2,espacio,"))
        #expect(
            try String(contentsOfFile: folder + "/pasos.csv", encoding: .utf8).hasPrefix("alumno,fichero,leccion,paso,")
        )
        #expect(FileManager.default.fileExists(atPath: folder + "/notas.json"))
    }
}
