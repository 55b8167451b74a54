import DockerSimCore

// Sources: docker/cli v28.5.1 cli/command/registry/login.go (the flags, their checks, stored
// credentials, the device-code flow and its fallback), cli/command/registry.go
// (`PromptUserForCredentials`), internal/tui/note.go (the `Info →` notes),
// cli/config/credentials/file_store.go (the unencrypted-credentials warning).

/// `docker login`: credentials for the simulated Docker Hub, kept where docker keeps them (the
/// simulated host's `~/.docker/config.json`), so that `docker push` may push. The simulated Hub
/// takes any password; Docker Hub's browser login (the device code) is not simulated: docker's
/// own fallback to the user-and-password prompts runs instead.
enum LoginCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker login", use: "[OPTIONS] [SERVER]",
        summary: "Authenticate to a registry", args: .max(1),
        flags: [
            FlagSpec("password", "p", .string, "Password or Personal Access Token (PAT)"),
            FlagSpec("password-stdin", nil, .bool, "Take the Password or Personal Access Token (PAT) from stdin"),
            FlagSpec("username", "u", .string, "Username"),
        ], helpSummary: "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.")

    static let registerSuggest =
        "Log in with your Docker ID or email address to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com/ to create one."
    static let patSuggest =
        "You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT grants better security and is required for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/"

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        if let server = args.operands.first, server != "docker.io", server != DockerConfigFile.indexServer {
            throw .notSimulated("docker login \(server)")
        }
        // verifyLoginFlags
        if args.flag("password-stdin") {
            if args.has("password") {
                throw .cli("conflicting options: cannot specify both --password and --password-stdin")
            }
            if !args.has("username") { throw .cli("the --password-stdin option requires --username to be set") }
        }
        var user = args.string("username") ?? ""
        var password = args.string("password") ?? ""
        if args.has("username") && user.isEmpty { throw .cli("username is empty") }
        if args.has("password") && password.isEmpty { throw .cli("password is empty") }
        // verifyLoginOptions
        if !password.isEmpty {
            context.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
        }
        if args.flag("password-stdin") {
            guard let input = context.stdin else {
                // The terminal: what is typed up to the end of the line.
                let name = user
                context.reader = LineRequest { line, context in
                    finishFlow(user: name, password: line, &context)
                }
                return 0
            }
            var text = Substring(input)
            if text.hasSuffix("\n") { text = text.dropLast() }
            if text.hasSuffix("\r") { text = text.dropLast() }
            password = String(text)
        }
        // runLogin: the stored credentials first, when neither a user nor a password is given.
        if user.isEmpty && password.isEmpty, let stored = DockerConfigFile.credentials(context.engine) {
            context.err("Authenticating with existing credentials... [Username: \(stored.user)]\n")
            context.err(note("To login with a different account, run 'docker logout' followed by 'docker login'"))
            context.err("\n\n")
            return store(user: stored.user, password: stored.password, &context)
        }
        if (user.isEmpty || password.isEmpty) && context.stdin != nil {
            throw .cli("Error: Cannot perform an interactive login from a non TTY device")
        }
        if user.isEmpty && password.isEmpty {
            context.err(
                Message(
                    en: "dockersim: the browser login of Docker Hub is not simulated (any password works here)\n",
                    es:
                        "dockersim: el inicio de sesión de Docker Hub en el navegador no se simula (aquí vale cualquier contraseña)\n"
                ).text(context.language))
            context.err("Failed to start web-based login - falling back to command line login...\n\n")
        }
        user = user.trimmed(" \t\n")
        return finishFlow(user: user, password: password, &context)
    }

    /// `PromptUserForCredentials`: asks for what is missing, then logs in.
    static func finishFlow(user: String, password: String, _ context: inout CommandContext) -> Int32 {
        if user.isEmpty {
            context.out(registerSuggest + "\n" + patSuggest + "\n\n")
            context.out("Username: ")
            context.reader = LineRequest { line, context in
                let name = line.trimmed(" \t\r")
                guard !name.isEmpty else {
                    context.err("Error: Non-null Username Required\n")
                    return 1
                }
                return askPassword(user: name, password: password, &context)
            }
            return 0
        }
        return askPassword(user: user, password: password, &context)
    }

    static func askPassword(user: String, password: String, _ context: inout CommandContext) -> Int32 {
        guard password.trimmed(" \t\r\n").isEmpty else { return store(user: user, password: password, &context) }
        context.err(
            note(
                "A Personal Access Token (PAT) can be used instead.\nTo create a PAT, visit https://app.docker.com/settings\n\n"
            ))
        context.out("Password: ")
        context.reader = LineRequest(secret: true) { line, context in
            context.out("\n")
            let typed = line.trimmed(" \t\r")
            guard !typed.isEmpty else {
                context.err("Error: Password Required\n")
                return 1
            }
            return store(user: user, password: typed, &context)
        }
        return 0
    }

    /// Saves the credentials (the simulated Hub takes any password) and says so; docker warns
    /// that they are stored unencrypted when they changed.
    static func store(user: String, password: String, _ context: inout CommandContext) -> Int32 {
        let changed = DockerConfigFile.credentials(context.engine).map { $0 != (user, password) } ?? true
        if changed {
            DockerConfigFile.setCredentials((user, password), &context.engine)
            context.err(
                "\nWARNING! Your credentials are stored unencrypted in '\(DockerConfigFile.path)'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n"
            )
        }
        context.out("Login Succeeded\n")
        return 0
    }

    /// docker's `PrintNote` as a terminal shows it without colours: `i Info → ` and the text,
    /// its further lines indented under the first.
    static func note(_ text: String) -> String {
        let header = "i Info → "
        var out = "\n" + header
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { out += String(repeating: " ", count: header.count) }
            out += line + "\n"
        }
        return out
    }
}

/// `docker logout`: forgets the credentials for Docker Hub. Source: docker/cli v28.5.1
/// cli/command/registry/logout.go.
enum LogoutCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker logout", use: "[SERVER]",
        summary: "Log out from a registry", args: .max(1), flags: [],
        helpSummary: "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.")

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        guard let server = args.operands.first else {
            context.out("Removing login credentials for \(DockerConfigFile.indexServer)\n")
            DockerConfigFile.setCredentials(nil, &context.engine)
            return 0
        }
        // Another server's credentials are erased under its host name (none are kept here).
        var host = server
        if let range = host.range(of: "://") { host = String(host[range.upperBound...]) }
        host = String(host.prefix { $0 != "/" })
        context.out("Removing login credentials for \(host)\n")
        return 0
    }
}
