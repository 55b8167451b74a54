import DockerSimCommands
import DockerSimCore
import DockerSimTestSupport
import Testing

@testable import DockerSimREPL

@Suite("Pull progress on a terminal")
struct PullProgressTests {
    /// A pull's output: the layer lines travel as one pull event with the engine's report.
    static func pull(_ reference: String, after: [String] = []) throws -> (CommandOutput, PullReport) {
        let session = makeSession(at: "1970-01-01T00:00:00Z", seed: 1)
        for line in after { session.handle(line) }
        let output = session.handle("pull " + reference)
        let reports = output.chunks.compactMap { chunk -> PullReport? in
            if case .pull(let report)? = chunk.event { return report }
            return nil
        }
        return (output, try #require(reports.first))
    }

    @Test func thePullTravelsAsAnEvent() throws {
        let (output, report) = try Self.pull("josedom24/servidorweb:v1", after: ["pull debian:stable-slim"])
        let event = try #require(output.chunks.first { $0.event != nil })
        #expect(event.stream == .stdout)
        #expect(event.text.hasPrefix("v1: Pulling from josedom24/servidorweb\n"))
        #expect(event.text.contains(": Already exists \n"), "the debian layer is shared: \(event.text)")
        #expect(report.layers.count == event.text.split(separator: "\n").count - 1)
        #expect(report.downloads)
        #expect(report.layers.allSatisfy { $0.size >= 1024 })
        // Scripted mode prints the same text: the event's chunk and the plain lines after it.
        #expect(output.text.contains(event.text + "Digest: "))
        let (again, _) = try Self.pull("josedom24/servidorweb:v1", after: ["pull josedom24/servidorweb:v1"])
        #expect(!again.text.contains("Pull complete"))
    }

    /// Plays the frames on a tiny terminal model and checks the final screen is scripted mode's.
    @Test func endsOnTheScriptedLines() throws {
        let (output, report) = try Self.pull("nginx:stable")
        let animation = PullAnimation(report: report, columns: 80)
        let frames = animation.frames()
        let total = frames.map(\.pauseMilliseconds).reduce(0, +)
        #expect(total >= 500 && total <= 2500)
        let raw = frames.map(\.text).joined()
        #expect(raw.contains("Downloading"))
        #expect(raw.contains("Extracting"))
        #expect(raw.contains("Waiting"), "more than three layers wait their turn")
        #expect(raw.contains(": Pull complete \r"))
        #expect(!raw.contains("] "), "no bar at 80 columns")
        let after = output.chunks.drop { $0.event == nil }.dropFirst().map(\.text).joined()
        let screen = TerminalModel.render(raw + after)
        let expected = output.text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).trimmingTrailingSpaces
        }
        #expect(screen == Array(expected))
    }

    @Test func progressText() throws {
        let (_, report) = try Self.pull("hello-world")
        let wide = PullAnimation(report: report, columns: 120)
        #expect(
            wide.progress(1_200_000, of: 27_500_000)
                == "[==>                                                ]    1.2MB/27.5MB")
        let narrow = PullAnimation(report: report, columns: 80)
        #expect(narrow.progress(27_500_000, of: 27_500_000) == "  27.5MB/27.5MB")
    }
}

/// Just enough of a terminal to replay docker's cursor movements: lines, `\r`, `\n`, ESC[nA, ESC[nB, ESC[2K.
enum TerminalModel {
    static func render(_ text: String) -> [String] {
        var lines: [[Character]] = [[]]
        var row = 0
        var column = 0
        var characters = Array(text)[...]
        while let c = characters.popFirst() {
            switch c {
            case "\n":
                row += 1
                column = 0
                if row == lines.count { lines.append([]) }
            case "\r":
                column = 0
            case "\u{1B}":
                guard characters.popFirst() == "[" else { continue }
                var number = ""
                while let d = characters.first, d.isNumber {
                    number.append(d)
                    characters.removeFirst()
                }
                let n = Int(number) ?? 1
                switch characters.popFirst() {
                case "A": row = max(0, row - n)
                case "B":
                    row += n
                    while row >= lines.count { lines.append([]) }
                case "K": lines[row] = []
                default: break
                }
            default:
                while lines[row].count < column { lines[row].append(" ") }
                if column < lines[row].count { lines[row][column] = c } else { lines[row].append(c) }
                column += 1
            }
        }
        return lines.map { String($0).trimmingTrailingSpaces }
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
