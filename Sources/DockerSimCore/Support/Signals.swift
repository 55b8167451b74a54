/// Linux signals by name, as the daemon reads them (moby/sys/signal `ParseSignal` and
/// `SignalMap`): a container's `StopSignal`, `docker stop --signal`.
public enum Signals {
    /// The numbers of the names moby knows, without their `SIG` prefix.
    static let numbers: [String: Int32] = {
        var map: [String: Int32] = [
            "ABRT": 6, "ALRM": 14, "BUS": 7, "CHLD": 17, "CLD": 17, "CONT": 18, "FPE": 8, "HUP": 1, "ILL": 4,
            "INT": 2, "IO": 29, "IOT": 6, "KILL": 9, "PIPE": 13, "POLL": 29, "PROF": 27, "PWR": 30, "QUIT": 3,
            "SEGV": 11, "STKFLT": 16, "STOP": 19, "SYS": 31, "TERM": 15, "TRAP": 5, "TSTP": 20, "TTIN": 21,
            "TTOU": 22, "URG": 23, "USR1": 10, "USR2": 12, "VTALRM": 26, "WINCH": 28, "XCPU": 24, "XFSZ": 25,
            "RTMIN": 34, "RTMAX": 64,
        ]
        for offset in 1...15 { map["RTMIN+\(offset)"] = 34 + Int32(offset) }
        for offset in 1...14 { map["RTMAX-\(offset)"] = 64 - Int32(offset) }
        return map
    }()

    /// SIGTERM, what `docker stop` sends when the container names no other signal.
    public static let term: Int32 = 15
    /// SIGKILL: no process handles it.
    public static let kill: Int32 = 9
    /// SIGINT and SIGQUIT: a service that handles its stop signal ends on these too.
    public static let interrupt: Int32 = 2
    public static let quit: Int32 = 3

    /// The signal a stored `StopSignal` names, SIGTERM when there is none or it does not parse
    /// (moby's `container.StopSignal()`).
    public static func stopping(_ name: String?) -> Int32 {
        guard let name, let signal = try? parse(name) else { return term }
        return signal
    }

    /// The signal `text` names: a number (not 0), or a name with or without `SIG`, in any case.
    /// - Throws: the daemon's `invalid signal: TEXT`.
    public static func parse(_ text: String) throws(DockerError) -> Int32 {
        if let number = Int32(text) {
            guard number != 0 else { throw invalid(text) }
            return number
        }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        guard let number = numbers[name] else { throw invalid(text) }
        return number
    }

    private static func invalid(_ text: String) -> DockerError { .daemon("invalid signal: " + text) }
}
