import Foundation
import Testing

@testable import DockerSimCommands

/// `Transcript.parse` reads most lines by their first byte (issue 18): what it skips that way must
/// be what the Character rules (trimming spaces, `hasPrefix`) would have skipped.
@Suite("Transcript parsing: lines read by their first byte as by their Characters")
struct TranscriptParseTests {
    /// Lines every rule is tried on: each transcript's, and some made to trip a byte reading
    /// (spaces before a fence, a combining mark after a space, non-ASCII look-alikes of ` and <).
    static func lines() throws -> [String] {
        var lines = [
            "", " ", "   ", "```", "  ```console", "~~~", " ~~~ ", "<!-- $ ls -->", "   <!-- sleep 2 -->",
            " \u{301}```", "\u{1FEF}``", " \u{1FEF}`` x", "<\u{338}!--", "`\u{301}``", "M", "MariaDB [(none)]> ",
            "/ # ls", "~ # ", "root@abc:/# ls", "r", "\u{212A}", "é", "Mariadb", "-rw-r--r-- 1 root", "$ ls",
        ]
        for file in transcriptFiles() {
            let text = try String(contentsOfFile: transcriptsFolder.appendingPathComponent(file).path, encoding: .utf8)
            lines += text.newlineSeparated
        }
        return lines
    }

    @Test("a line mayStart calls no fence or comment is none, by its Characters")
    func fencesAndComments() throws {
        var skipped = 0
        for line in try Self.lines() {
            let trimmed = line.trimmed(" ")
            if !Transcript.mayStart(line, with: [0x60, 0x7E, 0x3C]) {
                skipped += 1
                #expect(!trimmed.hasPrefix("```") && !trimmed.hasPrefix("~~~") && !trimmed.hasPrefix("<!--"), "\(line)")
            }
            for fence in ["```", "~~~"] where !Transcript.mayStart(line, with: [fence.utf8.first!]) {
                #expect(!trimmed.hasPrefix(fence), "\(line)")
            }
        }
        #expect(skipped > 1_000, "most prose is skipped by its first byte")
        // Where the bytes cannot tell, the Characters decide.
        #expect(Transcript.mayStart(" \u{301}```", with: [0x60]))
        #expect(Transcript.mayStart("\u{1FEF}``", with: [0x60]))
        #expect(!Transcript.mayStart("   ", with: [0x60]))
        #expect(!Transcript.mayStart("  x```", with: [0x60]))
    }

    @Test("splitPrompt finds no prompt in a line it rejects by its first byte")
    func prompts() throws {
        for line in try Self.lines() {
            guard let first = line.utf8.first, first < 0x80, !"M/~r".utf8.contains(first) else { continue }
            #expect(Transcript.splitPrompt(line) == nil, "\(line)")
            #expect(
                !line.hasPrefix("MariaDB [") && !line.hasPrefix("/") && !line.hasPrefix("~")
                    && !line.hasPrefix("root@"), "\(line)")
        }
        #expect(Transcript.splitPrompt("root@abc:/# ls")?.command == "ls")
        #expect(Transcript.splitPrompt("/ # ls")?.prompt == "/ # ")
        #expect(Transcript.splitPrompt("MariaDB [(none)]> show databases;")?.command == "show databases;")
    }

    @Test("indented fences and comments are read; prose around them is not")
    func indented() throws {
        let text = """
            Some prose with `code` and <b>tags</b>.
               <!-- sleep 2 -->
              <!-- $ mkdir web -->
              ```console
            $ ls
            web
              ```
            After the block, prose again.
            """
        let transcript = try Transcript.parse(text, path: "t.md")
        #expect(transcript.steps.count == 4)
        guard transcript.steps.count == 4 else { return }
        if case .sleep(let seconds, let line) = transcript.steps[0] {
            #expect(seconds == 2 && line == 2)
        } else {
            Issue.record("no sleep")
        }
        if case .hidden(_, let command, _) = transcript.steps[1] {
            #expect(command == "mkdir web")
        } else {
            Issue.record("no hidden command")
        }
        if case .command(let command) = transcript.steps[2] {
            #expect(command.expected.map(\.text) == ["web"])
        } else {
            Issue.record("no command")
        }
        if case .blockEnd(let line) = transcript.steps[3] {
            #expect(line == 7)
        } else {
            Issue.record("no block end")
        }
        // An indented `~~~` opens a block too: left open, the file is refused.
        #expect(throws: TranscriptError.self) { try Transcript.parse(text + "\n   ~~~\n$ ls\n", path: "open.md") }
    }

    @Test("blocks without ... or [ match line by line, trailing spaces aside, binding nothing")
    func literalBlocks() {
        var captures = ["CID": "abc"]
        #expect(Pattern.matchLines(["a  ", "b"], ["a", "b  "], captures: &captures))
        #expect(!Pattern.matchLines(["a", "b"], ["a", "c"], captures: &captures))
        #expect(!Pattern.matchLines(["a"], ["a", ""], captures: &captures))
        #expect(!Pattern.matchLines(["a", "b"], ["a"], captures: &captures))
        #expect(Pattern.matchLines([], [], captures: &captures))
        #expect(!Pattern.matchLines([], ["x"], captures: &captures))
        #expect(captures == ["CID": "abc"])
        // A pattern line or `...` still goes through the search: captures bind, lines are skipped.
        #expect(Pattern.matchLines(["id [ID]", "b"], ["id 42", "b"], captures: &captures))
        #expect(captures["ID"] == "42")
        #expect(Pattern.matchLines(["a", "...", "z"], ["a", "b", "c", "z"], captures: &captures))
        #expect(!Pattern.matchLines(["id [ID]"], ["id 43"], captures: &captures))
    }
}
