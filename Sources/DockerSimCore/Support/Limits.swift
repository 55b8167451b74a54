/// dockersim's caps: what a student's line, a container's disk, a clock-run process, or a lesson
/// or transcript file may take before dockersim stops it with a clear message (a ``Message``,
/// printed in the session's language, as dockersim's own notes are). They keep one bad line from hanging or crashing the
/// simulator; none of them is reached by the course's commands.
///
/// Each engine carries its own (``Engine/limits``), like SQLite's `sqlite3_limit`: the fuzzer
/// runs with tighter ones to stay fast. See RELIABILITY.md.
public struct Limits: Sendable, Equatable {
    /// Characters of one line typed at the host prompt or in a container's shell.
    public var lineLength = 16_384
    /// Files, symlinks and whiteouts in one container's writable layer (or the host folder).
    public var filesPerContainer = 20_000
    /// Bytes of every container's writable layer plus the simulated host folder together. 1 GiB:
    /// the course's module 7 installs python3-pip with its recommends in one RUN (478 MB as apt
    /// counts it); most of those bytes are package files kept as sizes, not content.
    public var simulatedBytes: Int64 = 1 << 30
    /// Times a process run by the clock (`bash -c 'while …; sleep 1; done'`) may wake up in one
    /// step of the clock (one `sleep`), before it is stopped.
    public var wakeupsPerStep = 10_000
    /// Commands a shell script may run without a pause (`sleep`) before it is stopped as a loop
    /// that never ends (`while true; do :; done`): `Executor.commandLimit`.
    public var commandsWithoutPause = 100_000
    /// Simulated seconds a line in the terminal (or an attached `docker run`) may take before
    /// it is stopped, as Ctrl-C would: `Executor.foregroundTimeLimit`.
    public var foregroundSeconds: Double = 3600
    /// Bytes one line may print before the rest of its output is dropped.
    public var outputBytes = 4 << 20
    /// Bytes the words of one shell command may expand to (`echo $x $x …`, `$(cat f)`).
    public var expansionBytes = 4 << 20
    /// Bytes of a lesson file.
    public var lessonFileBytes = 1 << 20
    /// Bytes of a transcript file.
    public var transcriptFileBytes = 4 << 20
    /// Bytes one line may move (read, print, write to files, copy when appending), all the work
    /// it causes together (``WorkMeter``).
    public var bytesPerLine = 64 << 20
    /// Bytes of one file's content in the simulated disk (`echo … >> f` past it: "File too large").
    public var fileBytes = 16 << 20
    /// Commands all the lines of a replayed file (a transcript, a submission, a lesson's set-up)
    /// may run together (``WorkMeter/sessionLimit``): a file of a thousand endless loops still
    /// ends in seconds.
    public var stepsPerReplay = 1_000_000
    /// Levels of `$( )` (and backquotes) inside one another.
    public var substitutionDepth = 32
    /// Calls of shell functions inside one another, with the `$( )` around them (`f() { f; }; f`:
    /// bash recurses until its stack runs out; dockersim stops the line here).
    public var functionDepth = 32
    /// Levels of `if`, `while`, `until`, `for` and `{ }` inside one another in one shell line.
    public var shellNesting = 100
    /// Levels of parentheses and of `{{if}}`, `{{range}}`, `{{with}}` inside one another in a Go
    /// template (Go allows 10,000 parentheses; dockersim's stack allows fewer, and no course
    /// needs more than a few).
    public var templateNesting = 100
    /// Levels of folders in a simulated path (`/a/b/c` is 3): deeper is "File name too long",
    /// so that no walk over a tree (`ls -R`, `docker diff`, `commit`, `cp`) outgrows the stack.
    public var pathDepth = 128
    /// Terms joined by `+` and `-` in one lesson expression or answer (`1 + 1 + …`): the
    /// expression is a tree as deep as it has terms.
    public var expressionTerms = 256
    /// Steps (actions, `{{range}}` turns) one run of a Go template may take.
    public var templateSteps = 100_000
    /// Bytes of a container's log (docker's json-file, as with `--log-opt max-size`): past it the
    /// log rotates, keeping one older file (`max-file=2`), so `docker logs` shows the newest
    /// 1 to 2 times this.
    public var logBytes = 1 << 20

    public init() {}

    /// The caps dockersim runs with.
    public static let standard = Limits()

    // MARK: - Messages

    /// A note as dockersim prints its own: `dockersim: …` and a newline, in either language.
    static func note(_ es: String, _ en: String) -> Message {
        Message(en: "dockersim: \(en)\n", es: "dockersim: \(es)\n")
    }

    /// A typed line longer than ``lineLength``.
    public func lineTooLong(_ count: Int) -> Message {
        Self.note(
            "línea demasiado larga (\(count) caracteres; el límite es \(lineLength)), no se ejecuta",
            "line too long (\(count) characters; the limit is \(lineLength)), not run")
    }

    /// A write refused because the simulated disk is full (files or bytes).
    public var diskFull: Message {
        Self.note(
            "disco simulado lleno (límite: \(filesPerContainer) ficheros por contenedor, \(simulatedBytes >> 20) MiB en total)",
            "simulated disk full (limit: \(filesPerContainer) files per container, \(simulatedBytes >> 20) MiB in all)")
    }

    /// A clock-run process stopped after ``wakeupsPerStep`` wake-ups in one step.
    public var tooManyWakeups: Message {
        Self.note(
            "se detuvo un proceso que se despertó más de \(wakeupsPerStep) veces de una vez",
            "a process that woke up more than \(wakeupsPerStep) times at once was stopped")
    }

    /// A restart policy stopped after restarting a container ``wakeupsPerStep`` times in one
    /// step of the clock (a process that ends at once, `--restart always`, a long `sleep`).
    public var tooManyRestarts: Message {
        Self.note(
            "se dejó de reiniciar un contenedor que se reinició más de \(wakeupsPerStep) veces de una vez",
            "a container restarted more than \(wakeupsPerStep) times at once is no longer restarted")
    }

    /// A line's output cut at ``outputBytes``.
    public var outputCut: Message {
        Self.note("salida cortada tras \(outputBytes >> 20) MiB", "output cut after \(outputBytes >> 20) MiB")
    }

    /// A shell command whose words expand past ``expansionBytes``.
    public var expansionTooLarge: Message {
        Self.note(
            "la orden se expande a más de \(expansionBytes >> 20) MiB, no se ejecuta",
            "the command expands to more than \(expansionBytes >> 20) MiB, not run")
    }

    /// A loop stopped after ``commandsWithoutPause`` commands.
    public var loopStopped: Message {
        Self.note("se detuvo un bucle que no terminaba", "a loop that never ended was stopped")
    }

    /// A command that never ends by itself (`sleep infinity` at a prompt), stopped after
    /// ``foregroundSeconds`` of simulated time.
    public var endlessStopped: Message {
        let seconds = Int(foregroundSeconds)
        return Self.note(
            "esta orden no termina nunca; se detuvo tras \(seconds) s simulados, como lo haría Ctrl-C",
            "this command never ends; it was stopped after \(seconds) simulated seconds, as Ctrl-C would")
    }

    /// A line stopped after moving ``bytesPerLine`` bytes.
    public var tooMuchData: Message {
        Self.note(
            "se detuvo una orden que movía más de \(bytesPerLine >> 20) MiB de datos",
            "a command that moved more than \(bytesPerLine >> 20) MiB of data was stopped")
    }

    /// A replayed file whose lines ran more than ``stepsPerReplay`` commands in all.
    public func sessionBudgetSpent(_ steps: Int) -> Message {
        Self.note(
            "se agotó el trabajo permitido a este fichero (\(steps) órdenes en total); no se ejecuta nada más",
            "this file used up the work it may do (\(steps) commands in all); nothing more is run")
    }

    /// `$( )` nested past ``substitutionDepth``.
    public var nestingTooDeep: Message {
        Self.note(
            "más de \(substitutionDepth) $( ) anidados; se detiene la línea",
            "more than \(substitutionDepth) nested $( ); the line is stopped")
    }

    /// Shell functions calling each other past ``functionDepth``.
    public var functionsTooDeep: Message {
        Self.note(
            "más de \(functionDepth) llamadas a funciones anidadas; se detiene la línea",
            "more than \(functionDepth) nested function calls; the line is stopped")
    }

    /// A shell line whose `if`/`while`/`for`/`{ }` nest past ``shellNesting``.
    public var shellTooDeep: Message { Self.shellTooDeep(shellNesting) }

    /// A shell line whose `if`/`while`/`for`/`{ }` nest past `limit` (the parser knows only the limit).
    public static func shellTooDeep(_ limit: Int) -> Message {
        note(
            "la línea anida más de \(limit) if/while/until/for/{ }, no se ejecuta",
            "the line nests more than \(limit) if/while/until/for/{ }, not run")
    }

    /// A template that printed or stepped past its caps.
    public var templateTooLarge: Message {
        Self.note(
            "la plantilla hizo demasiado trabajo (más de \(templateSteps) pasos o \(outputBytes >> 20) MiB), se detiene",
            "the template did too much work (more than \(templateSteps) steps or \(outputBytes >> 20) MiB), stopped")
    }

    /// ``templateTooLarge`` in both languages on one line, without its newline: a Go template's
    /// error does not know the session's language.
    public var templateTooLargeInBoth: String {
        let note = templateTooLarge
        return "\(note.es.dropLast()) / \(note.en.dropFirst("dockersim: ".count).dropLast())"
    }

    /// A lesson or transcript file larger than its cap.
    public static func fileTooLarge(_ path: String, size: Int, limit: Int) -> Message {
        Message(
            en: "\(path): the file is too large (\(size) bytes; the limit is \(limit))",
            es: "\(path): el fichero es demasiado grande (\(size) bytes; el límite es \(limit))")
    }
}
