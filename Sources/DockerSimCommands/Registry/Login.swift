import DockerSimCore

// Sources: docker/cli v28.5.1 cli/command/registry/login.go (flags, the prompts, the device-code
// flow of Docker Hub), cli/command/registry.go (`PromptUserForCredentials`),
// cli/config/credentials/file_store.go (the unencrypted-credentials warning).

/// `docker login`: credentials for the simulated Docker Hub, kept where docker keeps them
/// (`~/.docker/config.json` of the simulated host), so that `docker push` may push.
enum LoginCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker login", use: "[OPTIONS] [SERVER]", summary: "Authenticate to a registry", args: .max(1),
        flags: [
            FlagSpec("password", "p", .string, "Password or Personal Access Token (PAT)"),
            FlagSpec("password-stdin", nil, .bool, "Take the Password or Personal Access Token (PAT) from stdin"),
            FlagSpec("username", "u", .string, "Username"),
        ])

    /// Where docker keeps credentials for Docker Hub.
    static let indexServer = "https://index.docker.io/v1/"
    static let configPath = "/home/usuario/.docker/config.json"

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        if let server = args.operands.first, server != "docker.io", server != indexServer {
            throw .cli("dockersim: 'docker login \(server)': only Docker Hub is simulated")
        }
        if args.has("password") && args.flag("password-stdin") {
            throw .cli("conflicting options: cannot specify both --password and --password-stdin")
        }
        if args.flag("password-stdin") {
            if args.string("username") == nil { throw .cli("the --password-stdin option requires --username to be set") }
            throw .cli("dockersim: 'docker login --password-stdin' is not simulated yet")
        }
        if let user = args.string("username"), user.trimmed(" \t").isEmpty { throw .cli("username is empty") }
        if let password = args.string("password") {
            if password.isEmpty { throw .cli("password is empty") }
            context.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
            guard let user = args.string("username") else {
                // The username is asked for.
                context.out(
                    registerSuggest + "\n" + patSuggest + "\n\n" + "Username: ")
                context.reader = { line, ctx in finish(user: line, password: password, &ctx) }
                return 0
            }
            return finish(user: user, password: password, &context)
        }
        if let user = args.string("username") {
            context.out("Password: ")
            context.reader = { line, ctx in
                ctx.out("\n")
                return finish(user: user, password: line, &ctx)
            }
            return 0
        }
        // Docker Hub's web-based login (the device-code flow).
        context.out(
            "\nUSING WEB-BASED LOGIN\n\nℹ Info → To sign in with credentials on the command line, use 'docker login -u <username>'\n\n"
        )
        let code = String(Digest.sha256(of: "device:\(context.engine.now)").hex.uppercased().prefix(8))
        context.out(
            "Your one-time device confirmation code is: \(code.prefix(4))-\(code.dropFirst(4))\nPress ENTER to open your browser or submit your device code here: https://login.docker.com/activate\n"
        )
        context.reader = { _, ctx in
            ctx.out("\nWaiting for authentication in the browser…\n")
            ctx.err(
                "dockersim: el navegador no se simula; escribe tu usuario de Docker Hub / the browser is not simulated; type your Docker Hub username: "
            )
            ctx.reader = { line, inner in finish(user: line, password: "", &inner) }
            return 0
        }
        return 0
    }

    static let registerSuggest =
        "Log in with your Docker ID or email address to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com/ to create one."
    static let patSuggest =
        "You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT grants better security and is required for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/"

    /// Stores the credentials (any password is accepted by the simulated Hub) and says so.
    static func finish(user rawUser: String, password: String, _ context: inout CommandContext) -> Int32 {
        let user = rawUser.trimmed(" \t")
        guard !user.isEmpty else {
            context.err("Error: Non-null Username Required\n")
            return 1
        }
        let auth = base64(Array((user + ":" + password).utf8))
        let json = "{\n\t\"auths\": {\n\t\t\"\(indexServer)\": {\n\t\t\t\"auth\": \"\(auth)\"\n\t\t}\n\t}\n}"
        let now = context.engine.now.seconds
        _ = try? context.engine.withHost { (fs: inout ContainerFS, _: inout [String]) throws(FSError) in
            try fs.makeDirectory("/home/usuario/.docker", cwd: [], parents: true, mtime: now)
            try fs.write(configPath, cwd: [], bytes: Array(json.utf8), append: false, mtime: now)
        }
        if !password.isEmpty {
            context.err(
                "\nWARNING! Your credentials are stored unencrypted in '\(configPath)'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n"
            )
        }
        context.out("Login Succeeded\n")
        return 0
    }

    /// Who is logged in to Docker Hub (from the simulated host's `~/.docker/config.json`).
    static func loggedInUser(_ engine: Engine) -> String? {
        guard let text = try? engine.host.read(configPath, cwd: []).text,
            let start = text.range(of: "\"auth\": \"")
        else { return nil }
        let encoded = text[start.upperBound...].prefix { $0 != "\"" }
        guard let decoded = unbase64(String(encoded)) else { return nil }
        return decoded.split(separator: ":", maxSplits: 1).first.map(String.init)
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    static func base64(_ bytes: [UInt8]) -> String {
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = (UInt32(chunk[0]) << 16) | (UInt32(chunk.count > 1 ? chunk[1] : 0) << 8)
                | UInt32(chunk.count > 2 ? chunk[2] : 0)
            for position in 0..<4 {
                if position <= chunk.count {
                    out.append(alphabet[Int((value >> UInt32(18 - 6 * position)) & 63)])
                } else {
                    out.append("=")
                }
            }
            index += 3
        }
        return out
    }

    static func unbase64(_ text: String) -> String? {
        var bits: UInt32 = 0
        var count = 0
        var bytes: [UInt8] = []
        for c in text where c != "=" {
            guard let value = alphabet.firstIndex(of: c) else { return nil }
            bits = bits << 6 | UInt32(value)
            count += 6
            if count >= 8 {
                count -= 8
                bytes.append(UInt8((bits >> UInt32(count)) & 0xFF))
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// `docker logout`: forgets the credentials for Docker Hub.
enum LogoutCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker logout", use: "[SERVER]", summary: "Log out from a registry", args: .max(1), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let server = args.operands.first ?? LoginCommand.indexServer
        context.out("Removing login credentials for \(server)\n")
        _ = try? context.engine.withHost { (fs: inout ContainerFS, _: inout [String]) throws(FSError) in
            if (try? fs.stat(LoginCommand.configPath, cwd: [])) != nil {
                try fs.write(
                    LoginCommand.configPath, cwd: [], bytes: Array("{\n\t\"auths\": {}\n}".utf8), append: false,
                    mtime: 0)
            }
        }
        return 0
    }
}
