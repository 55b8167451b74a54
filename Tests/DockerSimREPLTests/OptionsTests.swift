import Testing

@testable import DockerSimREPL

@Suite("REPL options and listings")
struct OptionsTests {
    @Test func colourOnlyWithoutNoColorOrTheFlag() {
        #expect(REPLOptions.colourWanted(environment: ["TERM": "xterm-256color"], noColorFlag: false))
        #expect(!REPLOptions.colourWanted(environment: ["TERM": "xterm", "NO_COLOR": "1"], noColorFlag: false))
        #expect(!REPLOptions.colourWanted(environment: ["TERM": "xterm", "NO_COLOR": ""], noColorFlag: false))
        #expect(!REPLOptions.colourWanted(environment: ["TERM": "xterm"], noColorFlag: true))
        #expect(!REPLOptions.colourWanted(environment: ["TERM": "dumb"], noColorFlag: false))
    }

    @Test func candidatesInColumnsDownFirst() {
        let names = ["attach", "create", "diff", "exec", "history"]
        #expect(CandidateList.layout(names, columns: 30) == "attach   diff     history\ncreate   exec\n")
        #expect(CandidateList.layout(names, columns: 5) == names.map { $0 + "\n" }.joined())
        #expect(CandidateList.layout([], columns: 80) == "")
    }
}
