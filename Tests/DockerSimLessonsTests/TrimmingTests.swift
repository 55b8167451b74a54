import Foundation
import Testing

@testable import DockerSimLessons

/// `lessonTrimmed` drops spaces, tabs and line breaks as bytes when both ends of what it keeps
/// are ASCII; it must keep the rule of characters (`Character.isWhitespace`) for every text.
@Suite("Trimming lesson text")
struct TrimmingTests {
    /// The rule, read as characters.
    static func byCharacters(_ text: String) -> String {
        var rest = Substring(text)
        while let first = rest.first, first.isWhitespace { rest = rest.dropFirst() }
        while let last = rest.last, last.isWhitespace { rest = rest.dropLast() }
        return String(rest)
    }

    @Test(arguments: [
        "", " ", "\t\n\r\n \u{0B}\u{0C}", "abc", "  abc  ", "\tkey: value\r\n", "a b", " \u{301}x ",
        "x \u{301}", "\u{A0}nbsp\u{A0}", " ¿Cuánto ocupa? ", "ñ", " \u{3000}full-width ", "\u{1F}unit\u{1F}",
        "\r\nline\r\n", "é ", " é", "a\u{200D} ", "\u{85}next line\u{85}", "  \u{0600}x",
    ])
    func bytesKeepTheRuleOfCharacters(text: String) {
        #expect(text.lessonTrimmed == Self.byCharacters(text))
        #expect(text[...].lessonTrimmed == Self.byCharacters(text))
    }

    @Test func asciiEndsAreTrimmedAsBytes() {
        #expect("  key: value \r\n"[...].asciiTrimmed == "key: value")
        #expect(" ¿Cuánto? "[...].asciiTrimmed == nil)
        #expect("\u{A0}x"[...].asciiTrimmed == nil)
    }

    /// The lines of a lesson file, found by `memchr` in its bytes: split at every `\n`, a `\r`
    /// before it dropped (as characters, `\r\n` is one character: the file would be one line).
    @Test(arguments: [
        ("", [""]), ("a", ["a"]), ("a\n", ["a", ""]), ("\n\n", ["", "", ""]), ("a\nb", ["a", "b"]),
        ("é\nñ\n\nx", ["é", "ñ", "", "x"]), ("a\r\nb\r\n", ["a", "b", ""]), ("a\rb", ["a\rb"]),
        (" ¿sí?\r\n  - x", [" ¿sí?", "  - x"]), ("\r\n\r", ["", ""]),
    ])
    func linesAreSplitAtEveryLineEnd(text: String, expected: [String]) {
        #expect(LessonParser.lines(text) == expected)
    }

    /// A lesson saved with Windows line ends is the same lesson.
    @Test func windowsLineEndsReadAsTheSameLesson() throws {
        let source = try #require(LessonCatalog.builtInSources.first)
        let unix = LessonParser.parse(source.text, file: source.name)
        let windows = LessonParser.parse(source.text.replacingOccurrences(of: "\n", with: "\r\n"), file: source.name)
        #expect(windows.diagnostics.isEmpty)
        let lesson = try #require(windows.lesson)
        #expect(lesson.id == unix.lesson?.id)
        #expect(lesson.steps.map(\.id) == unix.lesson?.steps.map(\.id))
        #expect(lesson.steps.map(\.solution.count) == unix.lesson?.steps.map(\.solution.count))
    }
}
