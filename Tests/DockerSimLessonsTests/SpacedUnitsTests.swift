import Foundation
import Testing

@testable import DockerSimLessons

/// `lesson verify`'s check that feedback does not give an answer away tries a size both as
/// written and spaced (`40mb`, `40 mb`); the spacing is made by bytes, not by a regular expression
/// (issue 18): it must give what the expression `([0-9])([a-z])` → `$1 $2` gives.
@Suite("Verifier.spacedUnits: the regular expression's spacing, by bytes")
struct SpacedUnitsTests {
    static func byExpression(_ text: String) -> String {
        text.replacingOccurrences(of: #"([0-9])([a-z])"#, with: "$1 $2", options: .regularExpression)
    }

    @Test("the same text as the regular expression, on sizes, edge cases and random texts")
    func sameAsExpression() {
        var texts = [
            "", "40mb", "40 mb", "1a2b", "12ab", "a1b", "1A", "9z0a", "77.9mb", "1.5gb", "100", "mb", "1é", "1\u{301}a",
            "1a\u{301}", "２a", "1ａ", "0x1f", "3 képes 4kb", "5b (virtual 77.9mb)",
        ]
        // A fixed sequence (a linear congruential generator): the same texts every run.
        var state: UInt64 = 18
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let alphabet = Array("0123456789abcxyzAZ .-é\u{301}")
        for _ in 0..<500 {
            let length = next(13)
            texts.append(String((0..<length).map { _ in alphabet[next(alphabet.count)] }))
        }
        for text in texts {
            #expect(LessonVerifier.spacedUnits(text) == Self.byExpression(text), "\(text)")
            #expect(Array(LessonVerifier.spacedUnits(text).utf8) == Array(Self.byExpression(text).utf8), "\(text)")
        }
        #expect(LessonVerifier.spacedUnits("40mb") == "40 mb")
        #expect(LessonVerifier.spacedUnits("1a2b") == "1 a2 b")
    }
}
