import DockerSimCore

/// `explain on|off` and `explain`: what each line did to storage, in the session's language,
/// from the engine's event record of the line (``StorageEvent``; ``Explanation`` words it). It is
/// printed after docker's output, on stderr, as an aside a terminal dims.
extension Session {
    /// `explain` (the last line), `explain on`, `explain off`.
    func explainCommand(_ args: [String], output: inout CommandOutput) -> Int32 {
        switch args {
        case []:
            let text = Explanation.text(
                line: lastStorageRecord?.line ?? "", log: lastStorageRecord?.log, language: language)
            output.emit(.aside, text: text, to: .stderr)
            return 0
        case ["on"]:
            explains = true
            output.write(
                Message(
                    en: "explain: on (after every command, what it did to storage; explain off to stop)\n",
                    es:
                        "explain: activado (tras cada orden, lo que hizo con el almacenamiento; explain off para parar)\n"
                ).text(language), to: .stderr)
            return 0
        case ["off"]:
            explains = false
            output.write(
                Message(en: "explain: off\n", es: "explain: desactivado\n").text(language), to: .stderr)
            return 0
        default:
            output.write(
                Message(
                    en: "usage: explain [on|off] (explain alone explains the last command)\n",
                    es: "uso: explain [on|off] (explain solo explica la última orden)\n"
                ).text(language), to: .stderr)
            return 2
        }
    }

    /// After a line: keeps its storage events for `explain` and, with `explain on`, prints what
    /// they say after the line's output.
    func noteStorage(_ line: String, into output: inout CommandOutput) {
        guard !ranOwnCommand, !Self.isBlank(line) else { return }
        let log = engine.storageEvents
        lastStorageRecord = (line, log)
        guard explains, !log.events.isEmpty else { return }
        let sentences = Explanation.sentences(log, language: language)
        output.emit(.aside, text: Explanation.aside(sentences), to: .stderr)
    }
}
