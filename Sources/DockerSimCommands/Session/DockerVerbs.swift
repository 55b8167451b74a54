/// The commands `docker --help` lists in Docker 28.5 (docker/cli `cli/command/commands`, with
/// the buildx and compose plugins of a standard install): what dockersim answers either with a
/// simulation or with "not simulated yet", never with "unknown command".
enum DockerVerbs {
    /// Common commands (cobra's `category-top`), in `docker --help`'s order.
    static let common = [
        "run", "exec", "ps", "build", "bake", "pull", "push", "images", "login", "logout", "search", "version", "info",
    ]
    /// Management commands (each a group of sub-commands).
    static let management = [
        "builder", "buildx", "checkpoint", "compose", "container", "context", "image", "manifest", "network", "plugin",
        "system", "trust", "volume",
    ]
    /// Swarm commands.
    static let swarm = ["config", "node", "secret", "service", "stack", "swarm"]
    /// The other (legacy) commands.
    static let others = [
        "attach", "commit", "cp", "create", "diff", "events", "export", "history", "import", "inspect", "kill", "load",
        "logs", "pause", "port", "rename", "restart", "rm", "rmi", "save", "start", "stats", "stop", "tag", "top",
        "unpause", "update", "wait",
    ]

    /// Every top-level verb.
    static let topLevel: [String] = common + management + swarm + others
}
