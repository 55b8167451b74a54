import DockerSimCore
import Testing

@testable import DockerSimLessons

@Suite("Sizes and numbers as people write them")
struct ExpressionTests {
    @Test(
        "sizes read in every usual way",
        arguments: [
            ("186.8MB", 186_800_000.0),
            ("186,8 MB", 186_800_000),
            ("186.8 MB + 25 B + 22 B", 186_800_047),
            ("186800047", 186_800_047),
            ("178 MiB", 186_646_528),
            ("186 800 047", 186_800_047),
            ("186.800.047", 186_800_047),
            ("1,234.5kB", 1_234_500),
            ("62B", 62),
            ("187Mb", 187_000_000),
            ("5 bytes", 5),
        ])
    func sizes(text: String, bytes: Double) throws {
        let value = try Expression.parse(text, allowValues: false).evaluate(Engine(clock: .manual(at: .zero), seed: 1))
        #expect(abs(value - bytes) < 0.5)
    }

    @Test("text that is not a size is refused", arguments: ["", "mucho", "12 parsecs", "3 +", "MB"])
    func unreadable(text: String) {
        #expect(throws: ExpressionError.self) { try Expression.parse(text, allowValues: false) }
    }

    @Test("state values must exist and get their arguments")
    func values() throws {
        #expect(throws: ExpressionError.self) { try Expression.parse("disk.imagez") }
        #expect(throws: ExpressionError.self) { try Expression.parse("container.size()") }
        #expect(
            try Expression.parse("image.size(ubuntu) + 25B")
                == .sum(.value(name: "image.size", arguments: ["ubuntu"]), .literal(25)))
    }
}
