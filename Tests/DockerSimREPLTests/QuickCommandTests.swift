import ArgumentParser
import Testing

@testable import dockersim

/// `dockersim replay` and `lesson verify` in their plain forms are read without ArgumentParser
/// (`QuickCommand`): what they read must be what ArgumentParser reads, and anything unusual is
/// left to ArgumentParser.
@Suite("Commands read without ArgumentParser")
struct QuickCommandTests {
    @Test(arguments: [
        ["replay", "Transcripts"], ["replay", "a.md", "--no-color", "b"], ["replay", "--bless", "x"],
        ["replay", "--no-color", "--bless", "Transcripts/curso"], ["lesson", "verify"],
        ["lesson", "verify", "capas", "m7-cache"], ["lesson", "verify", "--lang", "es"],
        ["lesson", "verify", "--lessons", "/tmp/l", "--lang=en", "capas"], ["lesson", "verify", "--lessons=/tmp"],
    ])
    func readAsArgumentParserReadsThem(arguments: [String]) throws {
        let quick = try #require(QuickCommand.parse(arguments))
        let parsed = try DockerSim.parseAsRoot(arguments)
        switch quick {
        case .replay(let paths, let bless, let noColor):
            let replay = try #require(parsed as? Replay)
            #expect(replay.paths == paths)
            #expect(replay.bless == bless)
            #expect(replay.noColor == noColor)
        case .lessonVerify(let lessons, let lang, let ids):
            let verify = try #require(parsed as? LessonVerify)
            #expect(verify.options.lessons == lessons)
            #expect(verify.lang == lang)
            #expect(verify.ids == ids)
        }
    }

    @Test(arguments: [
        [], ["replay"], ["replay", "--help"], ["replay", "-h", "x"], ["replay", "x", "--bless", "--bless"],
        ["replay", "--", "x"], ["replay", "x", "--colour"], ["lesson"], ["lesson", "list"],
        ["lesson", "verify", "--help"], ["lesson", "verify", "--lang"],
        ["lesson", "verify", "--lang", "es", "--lang=en"],
        ["lesson", "verify", "--lessons", "--lang"], ["lesson", "verify", "-x"], ["grade", "--lesson", "capas"],
        ["--clock", "2024-01-28T18:00:00+01:00"], ["replay", ""],
    ])
    func unusualFormsAreLeftToArgumentParser(arguments: [String]) {
        #expect(QuickCommand.parse(arguments) == nil)
    }
}
