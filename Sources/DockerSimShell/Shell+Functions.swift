import DockerSimCore

/// What `break`, `continue` and `return` ask of the executor that runs them.
enum ShellControl: Sendable, Equatable {
    /// Leave this many of the loops around the command (`break N`).
    case breakLoops(Int)
    /// Go on with the next round of the N-th loop around the command (`continue N`).
    case continueLoop(Int)
    /// Leave the function (or the `( … )` inside it) with this status.
    case returnFromFunction(Int32)
    /// bash's jump to the top level (`break x`, `break 1 2`): the rest of the line is dropped
    /// (a script ends).
    case abortLine
    /// bash's `DISCARD` (`${a b}: bad substitution`): the rest of the line is dropped; a
    /// script drops the command it is in and goes on with its next line.
    case discardCommand
}

/// A call of a shell function the executor runs in its own frames (a class: it rides in every
/// ``CommandIO``, whose size each nested `$( )` pays on the stack).
final class FunctionCall: Sendable {
    let function: ShellFunction
    let arguments: [String]
    /// The call's redirections (`f > file`): they apply to the whole body.
    let redirections: [ShellScript.Redirection]

    init(function: ShellFunction, arguments: [String], redirections: [ShellScript.Redirection]) {
        self.function = function
        self.arguments = arguments
        self.redirections = redirections
    }
}

/// A function's frame: what its `local` variables were before it (nil: unset).
struct LocalScope: Sendable {
    var saved: [String: String?] = [:]
    /// Where the running function was defined (``ShellFunction/source``): its errors name it.
    var source: String
}

/// A function defined in a shell (`f() { …; }`): its body, and where it was defined (bash's
/// `BASH_SOURCE` for it: a non-interactive shell's errors inside it start with this name).
struct ShellFunction: Sendable {
    var body: ShellNode
    var source: String
}

extension Shell {
    /// The builtins of shell functions, loops and parameters (bash's `break.def`, `return.def`,
    /// `shift.def`, `set.def`, `declare.def`'s `local`).
    static let scriptBuiltins: Set<String> = ["break", "continue", "return", "local", "shift", "unset", "set"]

    /// bash's `legal_number`: an optional sign and digits, blanks around them.
    static func legalNumber(_ text: String) -> Int? {
        let trimmed = text.trimmed(" \t\n")
        guard !trimmed.isEmpty else { return nil }
        return Int(trimmed)
    }

    /// Whether `name` is a variable's name (`[A-Za-z_][A-Za-z0-9_]*`).
    static func isIdentifier<Name: StringProtocol>(_ name: Name) -> Bool {
        guard let first = name.utf8.first, first == 0x5F || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) else {
            return false
        }
        return name.utf8.allSatisfy {
            $0 == 0x5F || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || (0x30...0x39).contains($0)
        }
    }

    /// A builtin's error in each shell's words; dash and ash, when not interactive, leave the
    /// script on it with 2, as a special builtin's error does (`io.exit`).
    mutating func specialBuiltinError(_ builtin: String, _ text: String, io: inout CommandIO) -> Int32 {
        io.stderr += builtinErrorPrefix(builtin) + text + "\n"
        if flavor != .bash, !interactive { io.exit = 2 }
        return 2
    }

    /// A builtin's option it does not have: bash's "invalid option" and usage line (status 2),
    /// dash's and ash's "Illegal option".
    mutating func invalidOption(_ builtin: String, _ option: String, usage: String, io: inout CommandIO) -> Int32 {
        guard flavor == .bash else { return specialBuiltinError(builtin, "Illegal option \(option)", io: &io) }
        io.stderr += "\(bashErrorStart)\(builtin): \(option): invalid option\n" + usage + "\n"
        return 2
    }

    /// The builtins of ``scriptBuiltins``.
    mutating func scriptBuiltin(_ name: String, _ args: [String], io: inout CommandIO) -> Int32 {
        switch name {
        case "break", "continue": return loopControl(name, args, io: &io)
        case "return": return returnBuiltin(args, io: &io)
        case "local": return local(args, io: &io)
        case "shift": return shift(args, io: &io)
        case "unset": return unset(args, io: &io)
        default: return set(args, io: &io)
        }
    }

    /// `break [N]` and `continue [N]` (bash's `break.def`; dash's and ash's `breakcmd`).
    mutating func loopControl(_ name: String, _ args: [String], io: inout CommandIO) -> Int32 {
        var operands = args[...]
        if operands.first == "--" { operands = operands.dropFirst() }
        guard flavor == .bash else {
            // dash and ash: no word outside a loop; a count that is not a positive number is an error.
            var count = 1
            if let first = operands.first {
                guard let value = Self.legalNumber(first), value > 0 else {
                    return specialBuiltinError(name, "Illegal number: \(first)", io: &io)
                }
                count = value
            }
            if loopLevel > 0 {
                count = min(count, loopLevel)
                io.control = name == "break" ? .breakLoops(count) : .continueLoop(count)
            }
            return 0
        }
        guard loopLevel > 0 else {
            io.stderr += "\(bashErrorStart)\(name): only meaningful in a `for', `while', or `until' loop\n"
            return 0
        }
        var count = 1
        if let first = operands.first {
            guard let value = Self.legalNumber(first) else {
                // get_numeric_arg's fatal error: bash throws to the top level (the line is dropped, $? 128).
                io.stderr += "\(bashErrorStart)\(name): \(first): numeric argument required\n"
                io.control = .abortLine
                return 128
            }
            if operands.count > 1 {
                io.stderr += "\(bashErrorStart)\(name): too many arguments\n"
                io.control = .abortLine
                return 1
            }
            guard value > 0 else {
                io.stderr += "\(bashErrorStart)\(name): \(first): loop count out of range\n"
                io.control = .breakLoops(loopLevel)
                return 1
            }
            count = value
        }
        count = min(count, loopLevel)
        io.control = name == "break" ? .breakLoops(count) : .continueLoop(count)
        return 0
    }

    /// `return [N]` (bash's `return.def`): leaves the function with N (else `$?`).
    mutating func returnBuiltin(_ args: [String], io: inout CommandIO) -> Int32 {
        var operands = args[...]
        if operands.first == "--" { operands = operands.dropFirst() }
        var status = lastStatus
        if let first = operands.first {
            if let value = Self.legalNumber(first) {
                if operands.count > 1, flavor == .bash {
                    io.stderr += "\(bashErrorStart)return: too many arguments\n"
                    io.control = .abortLine
                    return 1
                }
                status = Int32(truncatingIfNeeded: value & 0xFF)
            } else if flavor == .bash {
                io.stderr += "\(bashErrorStart)return: \(first): numeric argument required\n"
                status = 2
            } else {
                return specialBuiltinError("return", "Illegal number: \(first)", io: &io)
            }
        }
        guard !localScopes.isEmpty else {
            if flavor == .bash {
                io.stderr += "\(bashErrorStart)return: can only `return' from a function or sourced script\n"
                return 2
            }
            // dash and ash: `return` outside a function ends the script (`sh -c`), as `exit`.
            if !interactive { io.exit = status }
            return status
        }
        io.control = .returnFromFunction(status)
        return status
    }

    /// `local [-OPTIONS] NAME[=VALUE]…`: the variables keep their values for the function's
    /// callers (restored when it returns).
    mutating func local(_ args: [String], io: inout CommandIO) -> Int32 {
        guard !localScopes.isEmpty else {
            if flavor == .bash {
                io.stderr += "\(bashErrorStart)local: can only be used in a function\n"
                return 1
            }
            return specialBuiltinError("local", "not in a function", io: &io)
        }
        var status: Int32 = 0
        var options = true
        for arg in args {
            if options, arg.hasPrefix("-") || arg.hasPrefix("+"), arg.count > 1 {
                if arg == "--" { options = false }
                continue
            }
            options = false
            let name: Substring
            let value: String?
            if let equals = arg.firstIndex(of: "=") {
                name = arg[..<equals]
                value = String(arg[arg.index(after: equals)...])
            } else {
                name = Substring(arg)
                value = nil
            }
            guard Self.isIdentifier(name) else {
                if flavor == .bash {
                    io.stderr += "\(bashErrorStart)local: `\(arg)': not a valid identifier\n"
                    status = 1
                    continue
                }
                return specialBuiltinError("local", "\(arg): bad variable name", io: &io)
            }
            let key = String(name)
            let top = localScopes.count - 1
            if localScopes[top].saved[key] == nil { localScopes[top].saved[key] = .some(env[key]) }
            if let value {
                env[key] = value
            } else if flavor == .bash {
                // bash: a local without a value is unset inside the function; dash and ash keep it.
                env[key] = nil
            }
        }
        return status
    }

    /// `shift [N]`.
    mutating func shift(_ args: [String], io: inout CommandIO) -> Int32 {
        var operands = args[...]
        if operands.first == "--" { operands = operands.dropFirst() }
        var count = 1
        if let first = operands.first {
            guard let value = Self.legalNumber(first) else {
                if flavor == .bash {
                    io.stderr += "\(bashErrorStart)shift: \(first): numeric argument required\n"
                    return 1
                }
                return specialBuiltinError("shift", "Illegal number: \(first)", io: &io)
            }
            if value < 0 {
                if flavor == .bash {
                    io.stderr += "\(bashErrorStart)shift: \(first): shift count out of range\n"
                    return 1
                }
                return specialBuiltinError("shift", "Illegal number: \(first)", io: &io)
            }
            count = value
        }
        guard count <= positional.count else {
            if flavor == .bash { return 1 }
            return specialBuiltinError("shift", "can't shift that many", io: &io)
        }
        positional.removeFirst(count)
        return 0
    }

    /// `unset [-v|-f] NAME…`.
    mutating func unset(_ args: [String], io: inout CommandIO) -> Int32 {
        var functionsOnly = false
        var variablesOnly = false
        var names = args[...]
        while let first = names.first, first.hasPrefix("-"), first.count > 1 {
            names = names.dropFirst()
            if first == "--" { break }
            for letter in first.dropFirst() {
                switch letter {
                case "f": functionsOnly = true
                case "v": variablesOnly = true
                default:
                    return invalidOption(
                        "unset", "-\(letter)", usage: "unset: usage: unset [-f] [-v] [-n] [name ...]", io: &io)
                }
            }
        }
        var status: Int32 = 0
        for name in names {
            if functionsOnly {
                functions[name] = nil
                continue
            }
            guard Self.isIdentifier(Substring(name)) else {
                // Without -v bash tries a function of that name (names a variable cannot have).
                if !variablesOnly, flavor == .bash {
                    functions[name] = nil
                    continue
                }
                if flavor == .bash {
                    io.stderr += "\(bashErrorStart)unset: `\(name)': not a valid identifier\n"
                    status = 1
                    continue
                }
                return specialBuiltinError("unset", "\(name): bad variable name", io: &io)
            }
            if env[name] != nil {
                env[name] = nil
            } else if !variablesOnly {
                functions[name] = nil
            }
        }
        return status
    }

    /// The function `words[0]` called by `command`: left to the executor when `inline` (true is
    /// returned: the command is done with), else run here (``callFunction(_:_:io:engine:)``),
    /// its status in `io`. Apart from `runSimple`, whose stack frame each `$( )` level pays.
    @inline(never)
    mutating func callsFunction(
        _ words: [String], _ command: ShellScript.SimpleCommand, inline: Bool, io: inout CommandIO,
        engine: inout Engine
    ) -> Bool {
        guard let function = functions[words[0]] else { return false }
        if inline, command.assignments.isEmpty {
            io.call = FunctionCall(
                function: function, arguments: Array(words.dropFirst()), redirections: command.redirections)
            return true
        }
        io.status = callFunction(function, Array(words.dropFirst()), io: &io, engine: &engine)
        return false
    }

    /// Runs the function `body` with `args` as its positional parameters: in this shell (what
    /// it sets stays, but `local`s), to its end, with the command's stdin; `return` ends it.
    mutating func callFunction(
        _ function: ShellFunction, _ args: [String], io: inout CommandIO, engine: inout Engine
    ) -> Int32 {
        // `$( )` levels count too: each costs the stack what a call does.
        guard localScopes.count + substitutionDepth < engine.limits.functionDepth else {
            // bash's FUNCNEST is unlimited; its stack is not: a runaway recursion stops here.
            engine.meter.halt(.functions)
            return engine.meter.status
        }
        let savedPositional = positional
        let savedLoops = loopLevel
        positional = args
        loopLevel = 0
        localScopes.append(LocalScope(source: function.source))
        var executor = Executor(function.body)
        executor.canWait = false
        executor.errexitIgnored = errexitIgnored
        executor.runsFunction = true
        if !io.stdinIsTerminal { executor.inputs = [Executor.Input(text: io.stdin)] }
        var result = ShellResult(language: io.language)
        let outcome = executor.run(&self, engine: &engine, mode: .foreground, into: &result, provider: io.provider)
        if !io.stdinIsTerminal { io.consumed = executor.inputs.first?.offset ?? 0 }
        if let scope = localScopes.popLast() {
            for (name, value) in scope.saved { env[name] = value }
        }
        positional = savedPositional
        loopLevel = savedLoops
        io.stdout += result.stdout
        io.stderr += result.stderr
        io.chunks = result.output
        if case .exited(let code) = outcome {
            io.exit = code
            return code
        }
        // A jump to the top level inside (`${a b}`, `break 1 2`) leaves the caller's line too.
        if let aborted = executor.aborted { io.control = aborted }
        return lastStatus
    }
}
