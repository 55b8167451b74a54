/// The language dockersim speaks as a teacher — help, lessons, hints, its own errors — in every
/// module (docker's own texts stay in English).
public enum Language: String, Sendable, CaseIterable, Codable {
    case es, en

    /// `--lang es|en` when given, else the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set:
    /// Spanish for `es…`, English otherwise.
    public static func from(flag: String?, environment: [String: String]) -> Language {
        if let flag, let language = Language(rawValue: String(flag.lowercased().prefix(2))) { return language }
        return fromEnvironment(environment)
    }

    /// `es` when `LC_ALL` (or else `LC_MESSAGES`, or else `LANG`: the first that is set) starts
    /// with `es`, else `en`.
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty { return value.lowercased().hasPrefix("es") ? .es : .en }
        }
        return .en
    }
}

/// A text of dockersim's own (not docker's): the same sentence in every language dockersim
/// speaks, picked when it is printed (``text(_:)``). docker's own texts are plain strings.
///
/// ```swift
/// let message = Message(en: "not recording", es: "no se está grabando")
/// message.text(.es)  // "no se está grabando"
/// ```
public struct Message: Sendable, Equatable {
    public var en: String
    public var es: String

    public init(en: String, es: String) {
        self.en = en
        self.es = es
    }

    /// The text in `language`.
    public func text(_ language: Language) -> String {
        switch language {
        case .en: en
        case .es: es
        }
    }

    /// `dockersim: 'WHAT' is not simulated yet` (a docker command or flag docker has that
    /// dockersim does not simulate yet).
    public static func notSimulated(_ what: String) -> Message {
        Message(
            en: "dockersim: '\(what)' is not simulated yet",
            es: "dockersim: '\(what)' aún no se simula")
    }

    /// `logs -f` (docker's or compose's) on a running container: docker would keep printing until
    /// Ctrl-C; dockersim prints what the log holds and gives the terminal back, and says so.
    public static let followGivesBack = Message(
        en: "dockersim: -f would keep waiting; the terminal is given back",
        es: "dockersim: -f seguiría esperando; se devuelve el terminal")

    /// `compose up` without `-d`: compose would stream the services' logs until Ctrl-C; dockersim
    /// prints what the logs hold and gives the terminal back, and says so.
    public static let servicesKeepRunning = Message(
        en: "dockersim: the services keep running; the terminal is given back (docker would wait: use -d)",
        es: "dockersim: los servicios siguen en marcha; se devuelve el terminal (docker esperaría: usa -d)")

    /// `start -a` (or `run` without `-d`) of a container that keeps running: docker would wait for
    /// it; dockersim gives the terminal back, and says so.
    public static let containerKeepsRunning = Message(
        en: "dockersim: the container keeps running; the terminal is given back (docker would wait: use -d)",
        es: "dockersim: el contenedor sigue en marcha; se devuelve el terminal (docker esperaría: usa -d)")
}
