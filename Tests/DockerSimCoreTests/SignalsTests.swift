import Testing

@testable import DockerSimCore

@Suite("Signals as the daemon reads them (moby/sys/signal)")
struct SignalsTests {
    @Test func namesNumbersAndPrefixes() throws {
        #expect(try Signals.parse("SIGQUIT") == 3)
        #expect(try Signals.parse("quit") == 3)
        #expect(try Signals.parse("SigWinch") == 28)
        #expect(try Signals.parse("9") == 9)
        #expect(try Signals.parse("RTMIN+3") == 37)
        #expect(try Signals.parse("SIGRTMAX-2") == 62)
    }

    @Test func unknownNamesAndZeroAreTheDaemonsError() {
        for text in ["FOO", "0", "", "SIG", "RTMIN+16"] {
            #expect(throws: DockerError.daemon("invalid signal: " + text)) { try Signals.parse(text) }
        }
    }

    @Test func strftimeHourPaddedWithASpace() {
        let time = Timestamp(seconds: 1_705_910_405)  // 2024-01-22 08:00:05 UTC
        #expect(ProgramSpec.format(time, "%Y-%m-%d %k:%M:%S") == "2024-01-22  8:00:05")
        #expect(ProgramSpec.format(time, "%H") == "08")
    }
}
