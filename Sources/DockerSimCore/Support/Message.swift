/// The language dockersim speaks as a teacher (docker's own texts stay in English).
public enum HelpLanguage: String, Sendable, CaseIterable {
    case english = "en"
    case spanish = "es"

    /// `--lang es|en` when given, else the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set:
    /// Spanish for `es…`, English otherwise.
    public static func from(flag: String?, environment: [String: String]) -> HelpLanguage {
        if let flag, let language = HelpLanguage(rawValue: String(flag.lowercased().prefix(2))) { return language }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty { return value.hasPrefix("es") ? .spanish : .english }
        }
        return .english
    }
}

/// A text of dockersim's own (not docker's): the same sentence in every language dockersim
/// speaks, picked when it is printed (``text(_:)``). docker's own texts are plain strings.
///
/// ```swift
/// let message = Message(en: "not recording", es: "no se está grabando")
/// message.text(.spanish)  // "no se está grabando"
/// ```
public struct Message: Sendable, Equatable {
    public var english: String
    public var spanish: String

    public init(en english: String, es spanish: String) {
        self.english = english
        self.spanish = spanish
    }

    /// The text in `language`.
    public func text(_ language: HelpLanguage) -> String {
        switch language {
        case .english: english
        case .spanish: spanish
        }
    }

    /// `dockersim: 'WHAT' is not simulated yet` (a docker command or flag docker has that
    /// dockersim does not simulate yet).
    public static func notSimulated(_ what: String) -> Message {
        Message(
            en: "dockersim: '\(what)' is not simulated yet",
            es: "dockersim: '\(what)' aún no se simula")
    }
}
