import DockerSimCore

/// Runs a parsed line step by step, so that a script can stop at `sleep` and go on later
/// (a container's main process run by the simulated clock).
public struct Executor: Sendable {
    public enum Mode: Sendable {
        /// In the terminal: `sleep` moves the clock and the line runs to its end.
        case foreground
        /// As a container's process: `sleep` suspends the script until the clock wakes it.
        case program
    }

    public enum Outcome: Equatable, Sendable {
        case finished
        case exited(Int32)
        case suspended(Double)
        /// The work was stopped: its meter is spent (a loop that never ends, too much data,
        /// `$( )` too deep), or Ctrl-C (``Engine/meter``: ``WorkMeter/stop``).
        case stopped
        /// A command waits for the terminal (see ``ExternalResult/waits``): run again to go on.
        case waiting
        /// A container's main script started a long-running program of the catalog (a web
        /// server in the foreground): the process is now that program (its words).
        case execed([String])
    }

    /// What a step of the stack does next.
    enum Frame: Sendable {
        case list(items: [ShellNode.ListItem], next: Int)
        case loop(condition: ShellNode, body: ShellNode, until: Bool, inBody: Bool)
        case forEach(name: String, values: [String], next: Int, body: ShellNode)
        case conditional(branches: [ShellNode.Branch], otherwise: ShellNode?, next: Int, testing: Bool)
        /// After `! PIPELINE`: its status is negated.
        case negate
        /// After a compound command's redirections: how many sinks and inputs were open before.
        case endRedirect(sinks: Int, inputs: Int)
        /// After `( … )`: the shell's state before it, and the sinks and inputs open then.
        /// (Boxed, as the frames below: the frame stays as small as it was, and so does the
        /// stack of each `run`, which `$( )` nests.)
        indirect case endSubshell(SubshellState, sinks: Int, inputs: Int)
        /// In `case`: the items from `next` on, for the word `subject`; `run` when the next
        /// item's list runs untested (`;&`), `ran` when an item's list has run.
        indirect case caseItems(subject: String, items: [ShellNode.CaseItem], next: Int, run: Bool, ran: Bool)
        /// After a function's body run in this executor: the caller's positional parameters
        /// and loops.
        indirect case endFunction(positional: [String], loopLevel: Int)
    }

    /// What a subshell may change that its parent keeps as it was.
    struct SubshellState: Sendable {
        var cwd: [String]
        var env: [String: String]
        var aliases: [String: [String]]
        var depth: Int
        var positional: [String]
        var functions: [String: ShellFunction]
        var loopLevel: Int
        var localScopes: [LocalScope]

        init(_ shell: Shell) {
            cwd = shell.cwd
            env = shell.env
            aliases = shell.aliases
            depth = shell.subshellDepth
            positional = shell.positional
            functions = shell.functions
            loopLevel = shell.loopLevel
            localScopes = shell.localScopes
        }

        func restore(_ shell: inout Shell) {
            shell.cwd = cwd
            shell.env = env
            shell.aliases = aliases
            shell.subshellDepth = depth
            shell.positional = positional
            shell.functions = functions
            shell.loopLevel = loopLevel
            shell.localScopes = localScopes
        }
    }

    /// A stdin the commands of a compound command share (`while read x; do …; done < file`):
    /// each takes what it reads.
    struct Input: Sendable {
        var text: String
        /// The bytes taken so far.
        var offset = 0

        /// What is left to read.
        var rest: String {
            offset == 0 ? text : String(decoding: text.utf8.dropFirst(min(offset, text.utf8.count)), as: UTF8.self)
        }
    }

    /// Where the output of the commands inside a redirected compound command, or an element of
    /// a pipeline, goes.
    struct Sink: Sendable {
        enum Route: Sendable, Equatable {
            /// The enclosing level's stdout, or its stderr.
            case stdout, stderr
            /// Appended to a file (made, or emptied for `>`, when the redirection was opened),
            /// by its absolute path.
            case file(String)
            case null
            /// Kept for the next element of the pipeline.
            case buffer
        }
        var out = Route.stdout
        var err = Route.stderr
        var buffer = ""
    }

    var frames: [Frame] = []
    var pending: ShellNode?
    /// The sinks open (innermost last): empty when everything goes to the terminal.
    var sinks: [Sink] = []
    /// The shared stdins open (innermost last): empty when stdin is the terminal.
    var inputs: [Input] = []
    /// Whether a command may stop the script to wait for the terminal (only a line typed at a
    /// prompt: not `bash -c`, `$( )` or a container's main process).
    public internal(set) var canWait = true
    /// `set -e` is ignored in all this executor runs (a function called where it is ignored).
    var errexitIgnored = false
    /// Whether this executor runs a function's body for its caller (not the script itself): a
    /// jump to the top level ends it, and ``aborted`` tells the caller to jump too.
    var runsFunction = false
    /// The jump to the top level (``ShellControl/abortLine``, ``ShellControl/discardCommand``)
    /// that ended this executor's text.
    var aborted: ShellControl?

    /// Commands a script may run without a pause before it is stopped (a command that moves
    /// data counts once more per 4 KiB it reads or prints, so `while true; do cat big; done`
    /// stops as soon as a loop of quick commands would). All the work of a line counts together
    /// (``WorkMeter``), with the bytes it moves.
    public static let commandLimit = Limits.standard.commandsWithoutPause

    /// The extra weight of moving `text` through a command.
    static func work(_ text: String) -> Int { text.utf8.count >> 12 }
    /// Simulated seconds a line in the terminal may take before it is stopped (as Ctrl-C would).
    public static let foregroundTimeLimit: Double = Limits.standard.foregroundSeconds
    static let stoppedMessage = Limits.standard.loopStopped

    public init(_ node: ShellNode) { pending = node }

    /// Charges the meter for one command's `io`; false when the work must stop.
    static func charge(_ io: CommandIO, engine: inout Engine) -> Bool {
        let moved = io.stdout.utf8.count + io.stdin.utf8.count + io.moved
        return engine.meter.charge(
            steps: 1 + work(io.stdout) + work(io.stdin), bytes: moved, limits: engine.limits)
    }

    /// Runs until the script ends, exits, sleeps (program mode), waits for the terminal or its
    /// meter is spent (``Engine/meter``: the line's, or the program's own).
    mutating func run(
        _ shell: inout Shell, engine: inout Engine, mode: Mode, into result: inout ShellResult,
        provider: (any ShellCommandProvider)? = nil
    ) -> Outcome {
        let started = engine.now
        var commandsRun = 0
        shell.suspendsOnSleep = mode == .program
        defer { shell.suspendsOnSleep = false }
        while true {
            if engine.meter.isStopped {
                engine.meter.charge(limits: engine.limits)  // records a Ctrl-C as the reason
                return .stopped
            }
            if let node = pending {
                pending = nil
                var charged = true
                if case .simple = node { commandsRun += 1 }
                if case .pipeline(let commands) = node { commandsRun += commands.count }
                // `set -e`: commands and pipelines whose status counts; what they run inside
                // (a function) knows whether it is ignored here.
                let checksErrexit = shell.options.errexit && Self.endsWithStatus(node)
                if checksErrexit { shell.errexitIgnored = ignoresErrexit() }
                switch node {
                case .simple(let command) where !sinks.isEmpty || !inputs.isEmpty:
                    if let outcome = runWiredStep(
                        command, shell: &shell, engine: &engine, into: &result, provider: provider, charged: &charged)
                    {
                        return outcome
                    }
                case .simple(let command):
                    let wiring = Shell.Wiring(
                        stdin: "", stdinIsTerminal: true, canWait: canWait && mode == .foreground, provider: provider,
                        inlineFunctions: mode == .program)
                    var io = CommandIO()
                    shell.runSimple(command, wiring: wiring, engine: &engine, into: &io)
                    if let call = io.call {
                        enterFunction(call, shell: &shell, engine: &engine)
                        continue
                    }
                    charged = Self.charge(io, engine: &engine)
                    if let chunks = io.chunks {
                        result.append(chunks)
                    } else {
                        result.out(io.stdout)
                        result.err(io.stderr)
                    }
                    if let code = io.exit, !exitSubshell(code, shell: &shell) { return .exited(code) }
                    if let control = io.control, let outcome = unwind(control, shell: &shell) { return outcome }
                    if let argv = io.execs { return .execed(argv) }
                    if let seconds = io.suspend { return .suspended(seconds) }
                    if io.waits { return .waiting }
                // Each kind of node in a function of its own: this frame stays as small as it
                // was (a `$( )` nests one `run` a level, as deep as ``Limits/substitutionDepth``).
                case .pipeline(let commands):
                    charged = runSimplePipeline(
                        commands, shell: &shell, engine: &engine, into: &result, provider: provider)
                case .compoundPipeline(let elements):
                    commandsRun += elements.count
                    runPipeline(elements, shell: &shell, engine: &engine, into: &result, provider: provider)
                case .subshell(let inner):
                    enterSubshell(inner, shell: &shell)
                case .redirected(let inner, let redirections):
                    redirect(inner, redirections, shell: &shell, engine: &engine, into: &result, provider: provider)
                case .test(let expression):
                    commandsRun += 1
                    charged = runTest(expression, shell: &shell, engine: &engine, into: &result, provider: provider)
                case .list(let items):
                    frames.append(.list(items: items, next: 0))
                case .loop(let condition, let body, let until):
                    frames.append(.loop(condition: condition, body: body, until: until, inBody: false))
                    shell.loopLevel += 1
                    pending = condition
                case .forLoop(let name, let words, let body, let line):
                    // Its words' errors (and `$LINENO` in them) name the line of `for`.
                    shell.lineNumber = line
                    shell.expansionError = nil
                    let values = words.flatMap { shell.expandFields($0, engine: &engine, provider: provider) }
                    if shell.expansionError != nil {
                        if let outcome = failedExpansion(shell: &shell, into: &result) { return outcome }
                        continue
                    }
                    frames.append(.forEach(name: name, values: values, next: 0, body: body))
                    shell.loopLevel += 1
                case .conditional(let branches, let otherwise):
                    frames.append(.conditional(branches: branches, otherwise: otherwise, next: 0, testing: true))
                    pending = branches.first?.condition
                case .not(let inner):
                    frames.append(.negate)
                    pending = inner
                case .caseClause(let subject, let items, let line):
                    shell.lineNumber = line
                    shell.expansionError = nil
                    enterCase(subject, items, shell: &shell, engine: &engine, provider: provider)
                    if shell.expansionError != nil {
                        if let outcome = failedExpansion(shell: &shell, into: &result) { return outcome }
                        continue
                    }
                case .function(let name, let body):
                    Self.define(name, body, shell: &shell)
                case .syntaxError(let message):
                    result.err(message)
                    shell.lastStatus = 2
                    return .exited(2)
                }
                if checksErrexit, pending == nil, let outcome = errexit(&shell) { return outcome }
                if result.outputCut { engine.meter.halt(.steps) }
                // Only a line that runs several commands is stopped: one long `sleep` ends by itself.
                if mode == .foreground, commandsRun > 1,
                    engine.now.interval(since: started) > engine.limits.foregroundSeconds
                {
                    engine.meter.halt(.steps)
                }
                if !charged || engine.meter.isStopped { return .stopped }
                continue
            }
            guard let top = frames.popLast() else { return .finished }
            switch top {
            case .list(let items, let next):
                guard next < items.count else { continue }
                frames.append(.list(items: items, next: next + 1))
                let item = items[next]
                if item.connector == .and && shell.lastStatus != 0 { continue }
                if item.connector == .or && shell.lastStatus == 0 { continue }
                pending = item.node
            case .loop(let condition, let body, let until, let inBody):
                if inBody {
                    frames.append(.loop(condition: condition, body: body, until: until, inBody: false))
                    pending = condition
                } else if (shell.lastStatus == 0) != until {
                    frames.append(.loop(condition: condition, body: body, until: until, inBody: true))
                    pending = body
                } else {
                    shell.lastStatus = 0
                    shell.loopLevel -= 1
                }
            case .forEach(let name, let values, let next, let body):
                guard next < values.count else {
                    shell.loopLevel -= 1
                    continue
                }
                shell.env[name] = values[next]
                frames.append(.forEach(name: name, values: values, next: next + 1, body: body))
                pending = body
            case .conditional(let branches, let otherwise, let next, let testing):
                if testing {
                    if shell.lastStatus == 0 {
                        pending = branches[next].body
                    } else if next + 1 < branches.count {
                        frames.append(
                            .conditional(branches: branches, otherwise: otherwise, next: next + 1, testing: true))
                        pending = branches[next + 1].condition
                    } else if let otherwise {
                        pending = otherwise
                    } else {
                        shell.lastStatus = 0
                    }
                }
            case .endFunction(let positional, let loopLevel):
                leaveFunction(positional: positional, loopLevel: loopLevel, shell: &shell)
            case .caseItems(let subject, let items, let next, let run, let ran):
                nextCaseItem(
                    subject, items, from: next, run: run, ran: ran, shell: &shell, engine: &engine, provider: provider)
            case .negate:
                shell.lastStatus = shell.lastStatus == 0 ? 1 : 0
            case .endRedirect(let sinkCount, let inputCount):
                sinks.removeSubrange(min(sinkCount, sinks.count)...)
                inputs.removeSubrange(min(inputCount, inputs.count)...)
            case .endSubshell(let saved, let sinkCount, let inputCount):
                let status = shell.lastStatus
                saved.restore(&shell)
                shell.lastStatus = status
                sinks.removeSubrange(min(sinkCount, sinks.count)...)
                inputs.removeSubrange(min(inputCount, inputs.count)...)
                if shell.options.errexit, let outcome = errexit(&shell) { return outcome }
            }
        }
    }

    /// Whether `node`'s status is a command's own for `set -e` (a simple command, a pipeline,
    /// `[[ ]]`), not what a compound command's last command left.
    static func endsWithStatus(_ node: ShellNode) -> Bool {
        switch node {
        case .simple, .pipeline, .compoundPipeline, .test: true
        default: false
        }
    }

    /// Whether `set -e` is ignored for the command running now: in a `while`/`until` condition,
    /// an `if`/`elif` test, before `&&` or `||`, after `!` (or in a function called there).
    func ignoresErrexit() -> Bool {
        if errexitIgnored { return true }
        for frame in frames {
            switch frame {
            case .loop(_, _, _, let inBody): if !inBody { return true }
            case .conditional(_, _, _, let testing): if testing { return true }
            case .negate: return true
            case .list(let items, let next): if next < items.count, items[next].connector != .sequence { return true }
            default: continue
            }
        }
        return false
    }

    /// `set -e` after a command that failed where it counts: the innermost `( … )` ends with
    /// its status, and so on outwards, or the shell exits.
    mutating func errexit(_ shell: inout Shell) -> Outcome? {
        while shell.lastStatus != 0, !ignoresErrexit() {
            let code = shell.lastStatus
            if !exitSubshell(code, shell: &shell) { return .exited(code) }
        }
        return nil
    }

    /// A simple command inside redirected compound commands (see ``runWired(_:shell:engine:provider:)``):
    /// the outcome to return, if the command ends the run.
    mutating func runWiredStep(
        _ command: ShellScript.SimpleCommand, shell: inout Shell, engine: inout Engine, into result: inout ShellResult,
        provider: (any ShellCommandProvider)?, charged: inout Bool
    ) -> Outcome? {
        let io = runWired(command, shell: &shell, engine: &engine, provider: provider)
        charged = Self.charge(io, engine: &engine)
        deliver(io, shell: shell, engine: &engine, into: &result)
        if let code = io.exit, !exitSubshell(code, shell: &shell) { return .exited(code) }
        if let control = io.control, let outcome = unwind(control, shell: &shell) { return outcome }
        if let argv = io.execs { return .execed(argv) }
        if let seconds = io.suspend { return .suspended(seconds) }
        return nil
    }

    /// `a | b | c` of simple commands: each element in a subshell (`x=1 | cat` leaves x alone),
    /// stdout into the next one's stdin; `$?` is the last one's. False when the meter is spent.
    mutating func runSimplePipeline(
        _ commands: [ShellScript.SimpleCommand], shell: inout Shell, engine: inout Engine,
        into result: inout ShellResult, provider: (any ShellCommandProvider)?
    ) -> Bool {
        var charged = true
        var input = ""
        var failed: Int32 = 0
        for (index, command) in commands.enumerated() {
            let last = index == commands.count - 1
            var wiring = Shell.Wiring(stdin: input, stdinIsTerminal: index == 0, piped: !last, provider: provider)
            if index == 0, let top = inputs.last {
                wiring.stdin = top.rest
                wiring.stdinIsTerminal = false
            }
            if last, !sinks.isEmpty, !reachesTerminal { wiring.piped = true }
            var element = shell
            element.subshellDepth += 1
            let io = element.runSimple(command, wiring: wiring, engine: &engine)
            if element.lastStatus != 0 { failed = element.lastStatus }
            if last { shell.lastStatus = shell.options.pipefail ? failed : element.lastStatus }
            if index == 0, !inputs.isEmpty { inputs[inputs.count - 1].offset += io.consumed ?? 0 }
            charged = Self.charge(io, engine: &engine) && charged
            input = io.stdout
            if !sinks.isEmpty {
                if last {
                    deliver(io, shell: shell, engine: &engine, into: &result)
                } else {
                    emit(io.stderr, error: true, shell: shell, engine: &engine, into: &result)
                }
            } else if last, let chunks = io.chunks {
                result.append(chunks)
            } else {
                result.err(io.stderr)
                if last { result.out(io.stdout) }
            }
            if !charged { break }
        }
        return charged
    }

    /// `( LIST )`: the state to come back to, then the list (no loop around it: bash's
    /// `break` there is "only meaningful in a loop").
    mutating func enterSubshell(_ inner: ShellNode, shell: inout Shell) {
        frames.append(.endSubshell(SubshellState(shell), sinks: sinks.count, inputs: inputs.count))
        shell.subshellDepth += 1
        shell.loopLevel = 0
        pending = inner
    }

    /// The items of a `case` from `start` on: the first whose pattern matches `subject` (or,
    /// after `;&`, the next one untested) has its list run, and what its terminator asks for
    /// comes after it. No item matched: the status is 0.
    mutating func nextCaseItem(
        _ subject: String, _ items: [ShellNode.CaseItem], from start: Int, run: Bool, ran: Bool, shell: inout Shell,
        engine: inout Engine, provider: (any ShellCommandProvider)?
    ) {
        var index = start
        var matched = run && index < items.count
        while !matched, index < items.count {
            for pattern in items[index].patterns
            where Glob.matches(shell.patternText(pattern, engine: &engine, provider: provider), subject) {
                matched = true
                break
            }
            if !matched { index += 1 }
        }
        guard matched else {
            if !ran { shell.lastStatus = 0 }
            return
        }
        let item = items[index]
        switch item.terminator {
        case .end: break
        case .fallThrough:
            frames.append(.caseItems(subject: subject, items: items, next: index + 1, run: true, ran: true))
        case .testNext:
            frames.append(.caseItems(subject: subject, items: items, next: index + 1, run: false, ran: true))
        }
        if let body = item.body {
            pending = body
        } else {
            shell.lastStatus = 0
        }
    }

    /// An expansion that failed in a compound command's words (`for f in ${x:?}`, `case ${a b}
    /// in`), told as a simple command's is (``Shell/expansionFailed(io:)``), with its jump.
    /// Returns the outcome when that ends this executor's text.
    @inline(never)
    mutating func failedExpansion(shell: inout Shell, into result: inout ShellResult) -> Outcome? {
        var io = CommandIO()
        _ = shell.expansionFailed(io: &io)
        result.err(shell.substitutionErrors + io.stderr)
        shell.substitutionErrors = ""
        if let code = io.exit, !exitSubshell(code, shell: &shell) { return .exited(code) }
        if let control = io.control { return unwind(control, shell: &shell) }
        return nil
    }

    /// `case WORD in …`: the word expanded, then its items.
    mutating func enterCase(
        _ subject: [ShellScript.WordPart], _ items: [ShellNode.CaseItem], shell: inout Shell, engine: inout Engine,
        provider: (any ShellCommandProvider)?
    ) {
        let word = shell.expand(subject, engine: &engine, provider: provider)
        frames.append(.caseItems(subject: word, items: items, next: 0, run: false, ran: false))
    }

    /// `NAME() BODY`: the function defined (status 0).
    static func define(_ name: String, _ body: ShellNode, shell: inout Shell) {
        shell.functions[name] = ShellFunction(body: body, source: shell.sourceName)
        shell.lastStatus = 0
    }

    /// Starts a function's body in this executor (a container's main process: `sleep` inside
    /// suspends it), with its arguments as the positional parameters.
    mutating func enterFunction(_ call: FunctionCall, shell: inout Shell, engine: inout Engine) {
        guard shell.localScopes.count + shell.substitutionDepth < engine.limits.functionDepth else {
            engine.meter.halt(.functions)
            shell.lastStatus = engine.meter.status
            return
        }
        frames.append(.endFunction(positional: shell.positional, loopLevel: shell.loopLevel))
        shell.positional = call.arguments
        shell.loopLevel = 0
        shell.localScopes.append(LocalScope(source: call.function.source))
        let body = call.function.body
        pending = call.redirections.isEmpty ? body : .redirected(body, call.redirections)
    }

    /// Back from a function run in this executor: its `local`s as they were, the caller's
    /// parameters and loops.
    func leaveFunction(positional: [String], loopLevel: Int, shell: inout Shell) {
        if let scope = shell.localScopes.popLast() {
            for (name, value) in scope.saved { shell.env[name] = value }
        }
        shell.positional = positional
        shell.loopLevel = loopLevel
    }

    /// Carries out `break`, `continue` or `return` (see ``ShellControl``): leaves the frames
    /// they end (closing redirections on the way). Returns the outcome when they end this
    /// executor's whole text (the loop or function is outside it: a pipeline's element, `$( )`).
    mutating func unwind(_ control: ShellControl, shell: inout Shell) -> Outcome? {
        var loops: Int
        switch control {
        case .breakLoops(let count), .continueLoop(let count): loops = count
        case .returnFromFunction, .abortLine, .discardCommand: loops = Int.max
        }
        let continues = if case .continueLoop = control { true } else { false }
        // bash reads a script one command at a time: a jump to the top level (`abortLine`)
        // drops the command it is in, and the script goes on with the next line.
        let keepsScript =
            control == .discardCommand && !runsFunction && !shell.interactive && shell.substitutionDepth == 0
            && shell.subshellDepth == 0 && { if case .list? = frames.first { true } else { false } }()
        while !(keepsScript && frames.count == 1), let top = frames.popLast() {
            switch top {
            case .loop(let condition, let body, let until, _):
                loops -= 1
                if loops == 0 {
                    if continues {
                        frames.append(.loop(condition: condition, body: body, until: until, inBody: true))
                    } else {
                        shell.loopLevel -= 1
                    }
                    return nil
                }
                shell.loopLevel -= 1
            case .forEach:
                loops -= 1
                if loops == 0 {
                    if continues {
                        frames.append(top)
                    } else {
                        shell.loopLevel -= 1
                    }
                    return nil
                }
                shell.loopLevel -= 1
            case .endRedirect(let sinkCount, let inputCount):
                sinks.removeSubrange(min(sinkCount, sinks.count)...)
                inputs.removeSubrange(min(inputCount, inputs.count)...)
            case .endFunction(let positional, let loopLevel):
                switch control {
                case .returnFromFunction(let code):
                    leaveFunction(positional: positional, loopLevel: loopLevel, shell: &shell)
                    shell.lastStatus = code
                    return nil
                case .abortLine, .discardCommand:
                    leaveFunction(positional: positional, loopLevel: loopLevel, shell: &shell)
                default:
                    // No loop is open across a function's call.
                    frames.append(top)
                    return nil
                }
            case .endSubshell(let saved, let sinkCount, let inputCount):
                guard case .returnFromFunction(let code) = control else {
                    // No loop is open across `( … )`: what is left of the count stops here.
                    frames.append(top)
                    return nil
                }
                // `return` inside `( … )` ends the subshell with its status.
                saved.restore(&shell)
                shell.lastStatus = code
                sinks.removeSubrange(min(sinkCount, sinks.count)...)
                inputs.removeSubrange(min(inputCount, inputs.count)...)
                return nil
            case .list, .conditional, .negate, .caseItems:
                continue
            }
        }
        if case .returnFromFunction(let code) = control { shell.lastStatus = code }
        pending = nil
        if keepsScript, case .list(let items, var next) = frames.removeLast() {
            // The rest of the dropped command's line goes with it: the script goes on at the
            // next item that starts a line.
            while next < items.count, !items[next].startsLine || items[next].connector != .sequence { next += 1 }
            frames.append(.list(items: items, next: next))
            return nil
        }
        if control == .abortLine || control == .discardCommand { aborted = control }
        return .finished
    }

    /// A compound command's redirections opened, then the command; bash's error and status 1
    /// (the command not run) when one cannot be opened.
    mutating func redirect(
        _ inner: ShellNode, _ redirections: [ShellScript.Redirection], shell: inout Shell, engine: inout Engine,
        into result: inout ShellResult, provider: (any ShellCommandProvider)?
    ) {
        if let failure = open(redirections, shell: &shell, engine: &engine, provider: provider) {
            emit(failure, error: true, shell: shell, engine: &engine, into: &result)
            shell.lastStatus = 1
        } else {
            pending = inner
        }
    }

    /// `[[ EXPRESSION ]]`, wired as a command; false when the meter is spent.
    mutating func runTest(
        _ expression: ConditionalExpression, shell: inout Shell, engine: inout Engine, into result: inout ShellResult,
        provider: (any ShellCommandProvider)?
    ) -> Bool {
        var io = CommandIO()
        io.stdinIsTerminal = inputs.isEmpty
        io.stdoutIsTerminal = shell.terminal && reachesTerminal
        io.provider = provider
        io.language = provider?.language ?? engine.language
        io.status = shell.conditional(expression, io: &io, engine: &engine)
        shell.lastStatus = io.status
        let charged = Self.charge(io, engine: &engine)
        deliver(io, shell: shell, engine: &engine, into: &result)
        return charged
    }

    /// `exit CODE` inside `( … )`: ends the innermost subshell (its frames, sinks and inputs)
    /// with that status. False when no subshell is open (the shell itself exits).
    mutating func exitSubshell(_ code: Int32, shell: inout Shell) -> Bool {
        guard !frames.isEmpty,
            let position = frames.lastIndex(where: {
                if case .endSubshell = $0 { return true }
                return false
            }), case .endSubshell(let saved, let sinkCount, let inputCount) = frames[position]
        else { return false }
        frames.removeSubrange(position...)
        sinks.removeSubrange(min(sinkCount, sinks.count)...)
        inputs.removeSubrange(min(inputCount, inputs.count)...)
        saved.restore(&shell)
        shell.lastStatus = code
        return true
    }

    /// Whether what the commands print now reaches the terminal (no file, `/dev/null` or pipe
    /// takes it).
    var reachesTerminal: Bool {
        var error = false
        for sink in sinks.reversed() {
            switch error ? sink.err : sink.out {
            case .stdout: error = false
            case .stderr: error = true
            default: return false
            }
        }
        return true
    }

    /// Runs a simple command inside redirected compound commands: stdin from the innermost
    /// shared input (taking what the command read), output to the sinks.
    mutating func runWired(
        _ command: ShellScript.SimpleCommand, shell: inout Shell, engine: inout Engine,
        provider: (any ShellCommandProvider)?
    ) -> CommandIO {
        let wiring = Shell.Wiring(
            stdin: inputs.last?.rest ?? "", stdinIsTerminal: inputs.isEmpty, piped: !reachesTerminal, canWait: false,
            provider: provider)
        let io = shell.runSimple(command, wiring: wiring, engine: &engine)
        if !inputs.isEmpty { inputs[inputs.count - 1].offset += io.consumed ?? 0 }
        return io
    }

    /// Hands what a command printed to the sinks (or the terminal when none take it).
    mutating func deliver(_ io: CommandIO, shell: Shell, engine: inout Engine, into result: inout ShellResult) {
        let passes = sinks.allSatisfy { $0.out == .stdout && $0.err == .stderr }
        if passes, let chunks = io.chunks {
            result.append(chunks)
            return
        }
        emit(io.stdout, error: false, shell: shell, engine: &engine, into: &result)
        emit(io.stderr, error: true, shell: shell, engine: &engine, into: &result)
    }

    /// Sends `text` (written to stderr when `error` is true) out through the sinks, innermost
    /// first: to a file, nowhere, a pipe's buffer, or the terminal.
    mutating func emit(_ text: String, error: Bool, shell: Shell, engine: inout Engine, into result: inout ShellResult)
    {
        guard !text.isEmpty else { return }
        var error = error
        var level = sinks.count - 1
        while level >= 0 {
            switch error ? sinks[level].err : sinks[level].out {
            case .stdout: error = false
            case .stderr: error = true
            case .null: return
            case .buffer:
                sinks[level].buffer += text
                return
            case .file(let path):
                // Past the file or disk caps nothing more is written (as a full disk).
                _ = shell.writeRedirected(path, text, append: true, engine: &engine)
                return
            }
            level -= 1
        }
        if error { result.err(text) } else { result.out(text) }
    }

    /// Opens a compound command's redirections, in order (`> f 2>&1` sends both to f, `2>&1 > f`
    /// stderr where stdout was): pushes the frame that closes them, its sink and its input.
    /// Returns bash's error when one cannot be opened (nothing is pushed then).
    mutating func open(
        _ redirections: [ShellScript.Redirection], shell: inout Shell, engine: inout Engine,
        provider: (any ShellCommandProvider)?
    ) -> String? {
        var sink = Sink()
        var input: Input?
        for redirection in redirections {
            let kind = redirection.kind
            switch kind {
            case .errorToOutput:
                sink.err = sink.out
                continue
            case .outputToError:
                sink.out = sink.err
                continue
            default: break
            }
            let target = shell.expand(redirection.target, engine: &engine, provider: provider)
            switch kind {
            case .read:
                do {
                    let content = try shell.fileSystem(engine)?.read(target, cwd: shell.cwd)
                    input = Input(text: content?.text ?? "")
                } catch {
                    return "\(shell.bashErrorStart)\(target): \(error.text)\n"
                }
            case .heredoc: input = Input(text: target)
            case .hereString: input = Input(text: target + "\n")
            default:
                let route: Sink.Route
                if target == "/dev/null" {
                    route = .null
                } else if target.isEmpty {
                    return "\(shell.bashErrorStart): No such file or directory\n"
                } else {
                    let path = FilePath.string(FilePath.normalize(target, cwd: shell.cwd))
                    let append = kind == .append || kind == .appendError
                    if let error = shell.writeRedirected(path, "", append: append, engine: &engine) {
                        return "\(shell.bashErrorStart)\(target): \(error.text)\n"
                    }
                    route = .file(path)
                }
                switch kind {
                case .write, .append: sink.out = route
                case .writeError, .appendError: sink.err = route
                default:
                    sink.out = route
                    sink.err = route
                }
            }
        }
        frames.append(.endRedirect(sinks: sinks.count, inputs: inputs.count))
        if sink.out != .stdout || sink.err != .stderr { sinks.append(sink) }
        if let input { inputs.append(input) }
        return nil
    }

    /// A pipeline with compound commands: each element runs to its end in a subshell (a copy of
    /// the shell, its own executor), its output kept for the next one; the last one's output
    /// goes where the pipeline's goes, its status is the pipeline's. `sleep` inside moves the
    /// clock (as in `sh -c`): an element is not suspended half-way.
    mutating func runPipeline(
        _ elements: [ShellNode], shell: inout Shell, engine: inout Engine, into result: inout ShellResult,
        provider: (any ShellCommandProvider)?
    ) {
        var previous: String?
        var status: Int32 = 0
        for (index, element) in elements.enumerated() {
            let last = index == elements.count - 1
            var subshell = shell
            subshell.subshellDepth += 1
            var nested = Executor(element)
            nested.canWait = false
            nested.errexitIgnored = shell.errexitIgnored
            nested.sinks = sinks
            if !last { nested.sinks.append(Sink(out: .buffer, err: .stderr)) }
            nested.inputs = inputs
            if let previous { nested.inputs.append(Input(text: previous)) }
            var inner = ShellResult(language: result.language)
            let outcome = nested.run(&subshell, engine: &engine, mode: .foreground, into: &inner, provider: provider)
            result.append(inner.output)
            for level in sinks.indices where level < nested.sinks.count {
                sinks[level].buffer = nested.sinks[level].buffer
            }
            if index == 0, !inputs.isEmpty, nested.inputs.count >= inputs.count {
                inputs[inputs.count - 1].offset = nested.inputs[inputs.count - 1].offset
            }
            previous = !last && nested.sinks.count > sinks.count ? nested.sinks[sinks.count].buffer : ""
            let elementStatus: Int32
            if case .exited(let code) = outcome { elementStatus = code } else { elementStatus = subshell.lastStatus }
            if elementStatus != 0 || !shell.options.pipefail { status = elementStatus }
            if engine.meter.isStopped { break }
        }
        shell.lastStatus = status
    }
}

/// A shell script running as a container's main process, driven by the simulated clock:
/// what it prints goes to the container's log, `sleep` hands control back to the clock.
public struct ShellProgram: ContainerProgram {
    var shell: Shell
    var executor: Executor
    /// The step of the clock (a call of ``Engine/settle()``) the program last woke up in, and
    /// how often it woke up in it (``Limits/wakeupsPerStep``: `sleep 0.001` in a loop, then
    /// `sleep 100000`), with either clock.
    var step: (serial: Int, wakeups: Int)?
    /// The program's own budget (``WorkMeter``), for one line: all its wake-ups while one line
    /// runs (or, with no line running, in one step of the clock) count together.
    var meter = WorkMeter()
    /// The line (or, with none running, the step of the clock) ``meter`` belongs to.
    var meterFor: (line: Int, step: Int)?

    public mutating func resume(containerID: String, engine: inout Engine) -> ProgramStep {
        if let current = step, current.serial == engine.settleStep {
            step = (current.serial, current.wakeups + 1)
        } else {
            step = (engine.settleStep, 1)
        }
        if let step, step.wakeups > engine.limits.wakeupsPerStep {
            engine.noteStoppedByCap(containerID, note: engine.limits.tooManyWakeups.text(engine.language))
            return .exit(137)
        }
        let owner = (line: engine.meter.line, step: engine.meter.lineRunning ? 0 : engine.settleStep)
        if meterFor.map({ $0 != owner }) ?? true {
            meter = engine.meter.forProgram()
            meterFor = owner
        }
        swap(&engine.meter, &meter)
        var result = ShellResult()
        result.language = engine.language
        let outcome = executor.run(&shell, engine: &engine, mode: .program, into: &result)
        let stop = engine.meter.stop
        let note = engine.meter.note(engine.limits, language: engine.language)
        swap(&engine.meter, &meter)
        if shell.terminal {
            engine.appendLog(containerID, stream: .stdout, text: result.combined)
        } else {
            engine.appendLog(containerID, stream: .stdout, text: result.stdout)
            engine.appendLog(containerID, stream: .stderr, text: result.stderr)
        }
        switch outcome {
        case .suspended(let seconds): return .sleep(seconds)
        case .exited(let code): return .exit(code)
        case .execed(let argv):
            // The script became a service: what the service prints goes to the log too.
            let launched = ContainerRuntime.launch(
                argv: argv, containerID: containerID, engine: &engine, openStdin: false, tty: shell.terminal)
            switch launched {
            case .service(let output):
                for chunk in output {
                    engine.appendLog(containerID, stream: shell.terminal ? .stdout : chunk.stream, text: chunk.text)
                }
                return .service
            case .completed(let stdout, let stderr, let code):
                engine.appendLog(containerID, stream: .stdout, text: stdout)
                engine.appendLog(containerID, stream: shell.terminal ? .stdout : .stderr, text: stderr)
                return .exit(code)
            case .failed(_, let code):
                return .exit(code)
            default:
                return .exit(0)
            }
        case .finished, .waiting: return .exit(shell.lastStatus)
        case .stopped where stop == .interrupted || stop == nil:
            // Ctrl-C stops the line in the terminal, not the containers: this one goes on later.
            meterFor = nil
            return .sleep(0)
        case .stopped:
            engine.noteStoppedByCap(containerID, note: note)
            return .exit(137)
        }
    }

    /// Starts `script` in a container as its main process: runs it until it first sleeps.
    /// Returns what it printed, and either the program (sleeping) or its exit status. `flavor`
    /// is the shell it runs in (its error texts), when not the container's own; `arguments`
    /// its `$0` and positional parameters (`sh -c TEXT NAME ARG…`, an entrypoint script's CMD);
    /// `source` what its functions' errors name (``Shell/sourceName``); `firstLine` the line number
    /// of its first line (``Shell/commandStringFirstLine``).
    public static func start(
        _ script: String, containerID: String, engine: inout Engine, tty: Bool, flavor: Shell.Flavor? = nil,
        arguments: (name: String?, positional: [String]) = (nil, []), source: String = "environment",
        firstLine: Int = 1
    )
        -> (result: ShellResult, program: ShellProgram?, sleep: Double, exec: [String]?)
    {
        var shell = Shell(containerID: containerID, engine: engine, interactive: false, terminal: tty)
        if let flavor { shell.flavor = flavor }
        shell.commandName = arguments.name
        shell.positional = arguments.positional
        shell.sourceName = source
        shell.commandStringFirstLine = firstLine
        var result = ShellResult()
        result.language = engine.language
        let node: ShellNode
        do {
            node = try ShellParser.parse(
                script, final: true, firstLine: firstLine,
                conditionals: shell.flavor == .bash
            ).node
        } catch {
            guard let stopping = shell.scriptNode(script, engine: engine) else {
                shell.fail(error, into: &result)
                return (result, nil, 0, nil)
            }
            node = stopping
        }
        var executor = Executor(node)
        // The program's own budget from its first step (a `run -d` loop does not spend the line's).
        var meter = engine.meter.forProgram()
        swap(&engine.meter, &meter)
        let outcome = executor.run(&shell, engine: &engine, mode: .program, into: &result)
        swap(&engine.meter, &meter)
        switch outcome {
        case .suspended(let seconds):
            return (result, ShellProgram(shell: shell, executor: executor), seconds, nil)
        case .execed(let argv):
            return (result, nil, 0, argv)
        case .exited(let code):
            result.status = code
        case .finished, .waiting:
            result.status = shell.lastStatus
        case .stopped:
            if meter.stop == .interrupted || meter.stop == nil { result.err("^C\n") }
            result.err(meter.note(engine.limits, language: engine.language))
            result.status = meter.stop == .interrupted || meter.stop == nil ? 130 : 137
            if result.status == 137 { engine.markStoppedByCap(containerID) }
        }
        return (result, nil, 0, nil)
    }
}
