import Foundation

/// The seeds the fuzzer mutates: the repository's own transcripts and lessons, the lines they
/// contain, and the committed corpus under `Fuzz/corpus/<kind>/` (interesting inputs and every
/// crasher found, kept as regression inputs).
public enum FuzzCorpus {
    /// The repository's root (found from this file's path, so it works in any clone).
    public static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Every `.md` file under `folder` but README.md, sorted, with its text.
    static func markdown(under folder: String) -> [(name: String, text: String)] {
        let base = URL(fileURLWithPath: root + "/" + folder).resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".md") && !$0.hasSuffix("README.md") }
            .sorted()
            .compactMap { name in
                guard let text = try? String(contentsOfFile: base + "/" + name, encoding: .utf8) else { return nil }
                return (folder + "/" + name, text)
            }
    }

    /// The transcripts of `Transcripts/`.
    public static func transcriptTexts() -> [(name: String, text: String)] { markdown(under: "Transcripts") }

    /// The lessons of `Lessons/`.
    public static func lessonTexts() -> [(name: String, text: String)] { markdown(under: "Lessons") }

    /// The committed inputs of one kind (`Fuzz/corpus/<kind>/*`), by file name.
    public static func committed(_ kind: FuzzKind) -> [(name: String, bytes: [UInt8])] {
        let folder = root + "/Fuzz/corpus/" + kind.rawValue
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return names.compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { return nil }
            return (name, Array(data))
        }
    }

    /// Host command lines (`$ …`) and container lines (`root@…# …`) of the transcripts and lessons.
    public static func lines() -> (host: [String], container: [String]) {
        var host: [String] = []
        var container: [String] = []
        for (_, text) in transcriptTexts() {
            for line in text.split(separator: "\n") {
                if line.hasPrefix("$ ") {
                    host.append(String(line.dropFirst(2)))
                } else if line.hasPrefix("root@"), let hash = line.range(of: "# ") {
                    container.append(String(line[hash.upperBound...]))
                }
            }
        }
        for (_, text) in lessonTexts() {
            for line in text.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " }
                if trimmed.hasPrefix("$ ") { host.append(String(trimmed.dropFirst(2))) }
                if trimmed.hasPrefix("| ") { container.append(String(trimmed.dropFirst(2))) }
            }
        }
        return (Array(Set(host)).sorted(), Array(Set(container)).sorted())
    }

    /// The seeds of one kind: real inputs plus the committed corpus.
    public static func seeds(_ kind: FuzzKind, lessons: [(name: String, text: String)]? = nil) -> [[UInt8]] {
        var seeds: [String] = []
        switch kind {
        case .dockerLine:
            seeds = lines().host
        case .shellLine:
            seeds =
                lines().container + [
                    "while true; do :; done", "while true; do echo x >> f; done",
                    "for i in 1 2 3; do echo $i > f$i; done",
                    "cat /etc/passwd | grep root | wc -l", "echo $(echo $(echo hi))", "cd /tmp && ls -l -a",
                    "rm -rf / ; ls",
                    "until false; do sleep 1; done", "if true; then echo a; else echo b; fi",
                ]
        case .lesson:
            seeds = (lessons ?? lessonTexts()).map(\.text)
        case .transcript:
            seeds = transcriptTexts().map(\.text)
        case .submission:
            seeds = [
                "# dockersim submission / entrega\nlesson: capas\nstudent: ana\nclock: 2024-01-28T18:00:00+01:00\nseed: 1\n\n$ pull josedom24/servidorweb:v1\n> v1: Pulling from josedom24/servidorweb\n$ images\n$ answer 186,8 MB\n",
                "# dockersim submission / entrega\nlesson: escritura\nstudent: bea\nseed: 3\n\n$ run -it --name contenedor1 ubuntu\n| echo hola > fichero.txt\n| exit\n$ ps -a -s\n$ rmi ubuntu\n",
            ]
        case .savedSession:
            seeds = [
                "pull ubuntu\nimages\nrun -it ubuntu\n",
                "{\n  \"capas\" : {\n    \"current\" : 1,\n    \"finished\" : false,\n    \"lessonID\" : \"capas\",\n    \"steps\" : [\n      {\n        \"done\" : true,\n        \"hintsShown\" : 1,\n        \"usedSolution\" : false\n      }\n    ]\n  }\n}\n",
            ]
        }
        return seeds.map { Array($0.utf8) } + committed(kind).map(\.bytes)
    }
}

/// The two versions `dockersim-fuzz --write-loop` saves in turn (large enough that a kill often
/// lands in the middle of a write).
public enum WriteLoop {
    /// Version 0 or 1: 256 KiB of lines naming the version, ending with an `end` line.
    public static func version(_ n: Int) -> [UInt8] {
        let line = Array("version \(n) of the saved file: pull ubuntu; run -it ubuntu; exit\n".utf8)
        var bytes: [UInt8] = []
        while bytes.count < 256 << 10 { bytes += line }
        return bytes + Array("end \(n)\n".utf8)
    }
}
