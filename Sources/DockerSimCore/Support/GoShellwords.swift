/// A command string split as Compose splits it (`command: echo "hi"`, `run --entrypoint`):
/// mattn/go-shellwords' `Parse`, not bash. A backslash escapes any character, in double quotes
/// too (`\t` and `\n` give a tab and a newline); single quotes keep everything; an unquoted
/// `;`, `&`, `|`, `<` or `>` ends the command. (The shell that runs commands is
/// `DockerSimShell`'s, with its one tokenizer.)
public enum GoShellwords {
    /// The words of `text`; the whole text as one word when go-shellwords would refuse it (an
    /// open quote, a stray parenthesis), so that callers keep what was written.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var started = false
        var escaped = false
        var single = false
        var double = false
        loop: for c in text {
            if escaped {
                escaped = false
                current.append(c == "t" ? "\t" : c == "n" ? "\n" : c)
                started = true
                continue
            }
            if c == "\\" {
                if single { current.append(c) } else { escaped = true }
                continue
            }
            if c == " " || c == "\t" || c == "\r" || c == "\n" {
                if single || double {
                    current.append(c)
                } else if started {
                    words.append(current)
                    current = ""
                    started = false
                }
                continue
            }
            if c == "\"" && !single {
                if double { started = true }
                double.toggle()
                continue
            }
            if c == "'" && !double {
                if single { started = true }
                single.toggle()
                continue
            }
            if !single && !double {
                if c == "(" || c == ")" { return [text] }
                if ";&|<>".contains(c) { break loop }
            }
            current.append(c)
            started = true
        }
        if escaped || single || double { return [text] }
        if started { words.append(current) }
        return words
    }
}
