import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// The repository's `Transcripts/` folder (found from this file's path, so it works on any clone).
let transcriptsFolder: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Transcripts")

func transcriptFiles() -> [String] {
    guard let walker = FileManager.default.enumerator(atPath: transcriptsFolder.path) else { return [] }
    return walker.compactMap { $0 as? String }
        .filter { $0.hasSuffix(".md") && !$0.hasSuffix("README.md") }
        .sorted()
}

@Suite struct TranscriptTests {
    @Test func thereAreTranscripts() {
        #expect(transcriptFiles().contains("curso/modulo3/almacenamiento.md"))
    }

    /// Every transcript replays green, with the engine's invariants checked after each command.
    @Test(arguments: transcriptFiles())
    func replays(_ file: String) throws {
        let path = transcriptsFolder.appendingPathComponent(file).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let transcript = try Transcript.parse(text, path: "Transcripts/" + file)
        let mismatches = Replayer.replay(transcript)
        #expect(mismatches.isEmpty, "\(mismatches.map(\.description).joined(separator: "\n"))")
    }

    /// A replay can fail: change one expected number and the mismatch names its line.
    @Test func aChangedLineFailsWithItsLine() throws {
        let path = transcriptsFolder.appendingPathComponent("curso/modulo3/almacenamiento.md").path
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "5B (virtual 77.9MB)", with: "6B (virtual 77.9MB)")
        let transcript = try Transcript.parse(text, path: "copy.md")
        let mismatches = Replayer.replay(transcript)
        #expect(mismatches.count == 1)
        let expectedLine = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("6B (virtual 77.9MB)") }.map { $0 + 1 }
        #expect(mismatches.first?.line == expectedLine)
        #expect(mismatches.first?.description.contains("- [CID]   ubuntu") == true)
    }

    /// A transcript saved with Windows line ends (`\r\n`) is the same transcript: the same
    /// commands replayed and checked (before, its lines were one `Character` apart and the file
    /// read as one line: zero commands, a pass that tested nothing), and it can fail.
    @Test func windowsLineEndsReadAsLineEnds() throws {
        let path = transcriptsFolder.appendingPathComponent("curso/modulo3/almacenamiento.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let unix = try Transcript.parse(text, path: "unix.md")
        let windows = try Transcript.parse(text.replacingOccurrences(of: "\n", with: "\r\n"), path: "windows.md")
        #expect(windows.lines == unix.lines)
        #expect(windows.steps.count == unix.steps.count)
        #expect(windows.lineEnd == "\r\n")
        #expect(unix.lineEnd == "\n")
        let result = Replayer.run(windows)
        #expect(result.commands == Replayer.run(unix).commands)
        #expect(result.commands > 10)
        #expect(result.passed)
        let changed = text.replacingOccurrences(of: "5B (virtual 77.9MB)", with: "6B (virtual 77.9MB)")
        let failing = try Transcript.parse(changed.replacingOccurrences(of: "\n", with: "\r\n"), path: "w.md")
        let failed = Replayer.run(failing)
        #expect(failed.mismatches.count == 1)
        #expect(failed.lineEnd == "\r\n")
    }

    @Test func linesAreSplitAtNewlineBytes() {
        #expect("a\r\nb\n\nc".newlineSeparated == ["a\r", "b", "", "c"])
        #expect("".newlineSeparated == [""])
        #expect("\n".newlineSeparated == ["", ""])
        #expect("é\u{301}\nñ".newlineSeparated == ["é\u{301}", "ñ"])
        // As bash splits a file's lines: the same pieces as splitting the bytes.
        let text = "uno\r\ndos\rtres\n\r\ncuatro"
        let bytes = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        #expect(text.newlineSeparated == bytes)
    }

    @Test func patternsAndCaptures() {
        var captures: [String: String] = [:]
        #expect(Pattern.matchLine("root@[CID]:/# ", "root@0f9e8d7c6b5a:/# ", captures: &captures))
        #expect(captures["CID"] == "0f9e8d7c6b5a")
        #expect(!Pattern.matchLine("container [CID] is", "container 111111111111 is", captures: &captures))
        #expect(Pattern.matchLine("a [..] z", "a b c z", captures: &captures))
        #expect(Pattern.matchLines(["x", "...", "z"], ["x", "1", "2", "z"], captures: &captures))
        #expect(Pattern.matchLines(["x", "...", "z"], ["x", "z"], captures: &captures))
        #expect(!Pattern.matchLines(["x", "z"], ["x", "y", "z"], captures: &captures))
        // A `...` takes as few lines as it can; a way that failed further on binds nothing.
        var bound: [String: String] = [:]
        #expect(
            Pattern.matchLines(["a", "...", "id [ID]", "end"], ["a", "x", "id 12", "id 34", "end"], captures: &bound))
        #expect(bound["ID"] == "34")
        // A bound capture matches its own text only.
        #expect(!Pattern.matchLines(["a", "...", "id [ID]", "..."], ["a", "id 56", "id 78"], captures: &bound))
        #expect(bound["ID"] == "34")
        bound = [:]
        #expect(Pattern.matchLines(["...", "id [ID]  ", "..."], ["id 9 ", "z"], captures: &bound))
        #expect(bound["ID"] == "9")
        bound = [:]
        #expect(!Pattern.matchLines(["a", "...", "id [ID]", "end"], ["a", "id 1", "x"], captures: &bound))
        #expect(bound.isEmpty)
        #expect(Pattern.matchLines(["a", "..."], ["a"], captures: &bound))
        #expect(!Pattern.matchLines(["a", "...", "b"], ["a", "b ", "c"], captures: &bound))
    }

    /// `[..]` takes as much as it can while the rest still matches, also when the text after it
    /// appears several times; a capture after it binds what is left.
    @Test func anyTextTakesTheLongestRunThatLetsTheRestMatch() {
        var captures: [String: String] = [:]
        #expect(Pattern.matchLine("a[..]z [ID]", "a z z z 12", captures: &captures))
        #expect(captures["ID"] == "12")
        captures = [:]
        #expect(Pattern.matchLine("[..]:[ID]", "x:y:zz", captures: &captures))
        #expect(captures["ID"] == "zz")
        captures = [:]
        #expect(!Pattern.matchLine("[..]:[ID]!", "x:y:zz", captures: &captures))
        #expect(captures.isEmpty)
        #expect(Pattern.matchLine("é[..]ñ", "éabcñ", captures: &captures))
        #expect(!Pattern.matchLine("[..]ñ", "abcn", captures: &captures))
    }

    /// Trailing spaces and tabs are cut by byte as they were by Character (a space after a
    /// prepended mark belongs to its Character and stays).
    @Test func trailingSpacesAreCutAsCharacters() {
        func byCharacter(_ text: String) -> String {
            var s = Substring(text)
            while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
            return String(s)
        }
        let texts = [
            "", " ", "\t \t", "a", "a  ", "a\t", " a b \t ", "é  ", "ñ", "a \u{301}", "\u{600} ", "x\u{600}  \t",
            "x\r  ", "x\r\n ", "日本 ", "\u{1F1EA} ",
        ]
        for text in texts { #expect(text.trimmingTrailingSpaces() == byCharacter(text), "\(text.debugDescription)") }
    }

    /// An ASCII pattern line is matched against an ASCII output line by byte; the result and
    /// the captures are those of the match by Character (``Pattern/matchLine(_:_:captures:)``).
    @Test func matchingByByteIsMatchingByCharacter() {
        let cases: [(String, String)] = [
            ("root@[CID]:/# ", "root@0f9e8d7c6b5a:/# "), ("a [..] z", "a b c z"), ("a[..]z [ID]", "a z z z 12"),
            ("[..]:[ID]", "x:y:zz"), ("[..]:[ID]!", "x:y:zz"), ("Usage: docker [OPTIONS]", "Usage: docker [OPTIONS]"),
            ("Usage: docker [OPTIONS]", "Usage: docker run-it_1.x"), ("[a] [1A] [A-B] [..", "[a] [1A] [A-B] [.."),
            ("[A] [A]", "x.1 x.1"), ("[A] [A]", "x.1 x.2"), ("[A][B]", "abc"), ("id [ID]", "id "), ("[..]", ""),
            ("x [..][ID] y", "x 12-ab y"), ("]", "]"), ("[", "["), ("[ID", "[ID"), ("t\t[ID]", "t\tab"),
            ("é [ID]", "é ab"), ("[ID] ñ", "ab ñ"), ("[ID]", "ab\r"), ("a [ID] b", "a x\u{301} b"),
        ]
        for (pattern, line) in cases {
            for bound in [[:], ["A": "x.1", "ID": "ab"], ["ID": "é"]] as [[String: String]] {
                var byCharacter = bound
                var byByte = bound
                let expected = Pattern.matchLine(pattern, line, captures: &byCharacter)
                #expect(Pattern.matchLines([pattern], [line], captures: &byByte) == expected, "\(pattern) / \(line)")
                #expect(byByte == byCharacter, "\(pattern) / \(line)")
            }
        }
        var captures: [String: String] = [:]
        #expect(Pattern.matchLines(["[A] [..] [B]"], ["x.1 y z-2"], captures: &captures))
        #expect(captures == ["A": "x.1", "B": "z-2"])
    }

    /// `dockersim replay` checks the invariants once, at the end: a transcript that passes with
    /// a check after every command passes with the one at the end, with the same count.
    @Test func invariantsCheckedAtTheEndGiveTheSameResult() throws {
        let path = transcriptsFolder.appendingPathComponent("curso/modulo3/almacenamiento.md").path
        let transcript = try Transcript.parse(try String(contentsOfFile: path, encoding: .utf8), path: "a.md")
        let every = Replayer.run(transcript, invariants: .afterEveryCommand)
        let end = Replayer.run(transcript, invariants: .atTheEnd)
        #expect(every.passed && end.passed)
        #expect(every.commands == end.commands && every.blessed == end.blessed)
    }
}
