/// The words of a Dockerfile instruction's arguments (`ENV a="b c" d=e`, `LABEL …`), split as
/// BuildKit's shell lexer (`frontend/dockerfile/shell/lex.go`, `ProcessWords`) splits them: not
/// bash. Single quotes keep everything; in double quotes a backslash escapes only `"`, `$` and
/// `\` (`"a\tb"` stays `a\tb`); outside quotes it escapes any character. There are no operators.
/// (The shell that runs commands is `DockerSimShell`'s, with its one tokenizer.)
public enum DockerfileWords {
    /// The words of `text`; the whole text as one word when a quote is left open (BuildKit
    /// refuses it; dockersim's callers then take the text as it is).
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            switch c {
            case "'":
                inWord = true
                guard let close = chars.firstIndex(of: "'") else { return [text] }
                current += String(chars[..<close])
                chars = chars[(close + 1)...]
            case "\"":
                inWord = true
                var closed = false
                while let d = chars.popFirst() {
                    if d == "\"" {
                        closed = true
                        break
                    }
                    if d == "\\", let next = chars.first, next == "\"" || next == "$" || next == "\\" {
                        current.append(next)
                        chars = chars.dropFirst()
                    } else if d == "\\", chars.isEmpty {
                        continue
                    } else {
                        current.append(d)
                    }
                }
                guard closed else { return [text] }
            case "\\":
                inWord = true
                if let next = chars.popFirst() { current.append(next) }
            case " ", "\t", "\n", "\r":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                inWord = true
                current.append(c)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
