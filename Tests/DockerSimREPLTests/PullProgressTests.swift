import DockerSimCommands
import DockerSimCore
import Testing

@testable import DockerSimREPL

@Suite("Pull progress on a terminal")
struct PullProgressTests {
    static let scripted = """
        Using default tag: latest
        latest: Pulling from library/ubuntu
        aaaaaaaaaaaa: Already exists \nbbbbbbbbbbbb: Pull complete \ncccccccccccc: Pull complete \ndddddddddddd: Pull complete \neeeeeeeeeeee: Pull complete \nDigest: sha256:0123
        Status: Downloaded newer image for ubuntu:latest
        docker.io/library/ubuntu:latest

        """

    @Test func findsTheBlockInScriptedOutput() throws {
        let block = try #require(PullBlock.find(in: Self.scripted))
        #expect(block.before == "Using default tag: latest\n")
        #expect(block.header == "latest: Pulling from library/ubuntu\n")
        #expect(
            block.layers.map(\.id) == ["aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc", "dddddddddddd", "eeeeeeeeeeee"])
        #expect(block.downloads)
        #expect(
            block.after
                == "Digest: sha256:0123\nStatus: Downloaded newer image for ubuntu:latest\ndocker.io/library/ubuntu:latest\n"
        )
        #expect(PullBlock.find(in: "REPOSITORY   TAG\n") == nil)
    }

    /// Plays the frames on a tiny terminal model and checks the final screen is scripted mode's.
    @Test func endsOnTheScriptedLines() throws {
        let block = try #require(PullBlock.find(in: Self.scripted))
        let sizes = Dictionary(uniqueKeysWithValues: block.layers.map { ($0.id, Int64(30_000_000)) })
        let animation = PullAnimation(block: block, sizes: sizes, columns: 80)
        let frames = animation.frames()
        let total = frames.map(\.pauseMilliseconds).reduce(0, +)
        #expect(total >= 500 && total <= 2500)
        let raw = frames.map(\.text).joined()
        #expect(raw.contains("Downloading"))
        #expect(raw.contains("Extracting"))
        #expect(raw.contains("Waiting"))
        #expect(raw.contains("\u{1B}[2K\rbbbbbbbbbbbb: Pull complete \r"))
        #expect(!raw.contains("] "), "no bar at 80 columns")
        let screen = TerminalModel.render(raw + block.after)
        let expected = Self.scripted.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map {
            String($0).trimmingTrailingSpaces
        }
        #expect(screen == Array(expected))
    }

    @Test func progressText() {
        let wide = PullAnimation(
            block: PullBlock(before: "", header: "", layers: [], after: ""), sizes: [:], columns: 120)
        #expect(
            wide.progress(1_200_000, of: 27_500_000)
                == "[==>                                                ]    1.2MB/27.5MB")
        let narrow = PullAnimation(
            block: PullBlock(before: "", header: "", layers: [], after: ""), sizes: [:], columns: 80)
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
