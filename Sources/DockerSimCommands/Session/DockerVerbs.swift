/// The commands of Docker 28.5 (docker/cli v28.5.1 `cli/command/commands/commands.go`, each
/// group's `cmd.go`, with the buildx v0.29.1 and compose v2.40 plugins of a standard install):
/// what dockersim answers either with a simulation or with "not simulated yet", never with
/// "unknown command". The summaries are each command's `Short`.
enum DockerVerbs {
    /// Common commands (cobra's `category-top`), in `docker --help`'s order.
    static let common = [
        "run", "exec", "ps", "build", "bake", "pull", "push", "images", "login", "logout", "search", "version", "info",
    ]
    /// Management commands (each a group of sub-commands); `checkpoint` is experimental and
    /// `docker --help` hides it (the daemon is not experimental).
    static let management = [
        "builder", "buildx", "checkpoint", "compose", "container", "context", "image", "manifest", "network", "plugin",
        "system", "trust", "volume",
    ]
    /// Swarm commands; `docker --help` shows only `swarm` on a node that is not a swarm manager.
    static let swarm = ["config", "node", "secret", "service", "stack", "swarm"]
    /// The other (legacy) commands.
    static let others = [
        "attach", "commit", "cp", "create", "diff", "events", "export", "history", "import", "inspect", "kill", "load",
        "logs", "pause", "port", "rename", "restart", "rm", "rmi", "save", "start", "stats", "stop", "tag", "top",
        "unpause", "update", "wait",
    ]

    /// Every top-level verb.
    static let topLevel: [String] = common + management + swarm + others

    /// Plugins (`docker --help` marks them with `*`).
    static let plugins: Set<String> = ["buildx", "compose"]

    /// What `docker --help` shows for each top-level command.
    static let summaries: [String: String] = [
        "run": "Create and run a new container from an image",
        "exec": "Execute a command in a running container",
        "ps": "List containers",
        "build": "Build an image from a Dockerfile",
        "bake": "Build from a file",
        "pull": "Download an image from a registry",
        "push": "Upload an image to a registry",
        "images": "List images",
        "login": "Authenticate to a registry",
        "logout": "Log out from a registry",
        "search": "Search Docker Hub for images",
        "version": "Show the Docker version information",
        "info": "Display system-wide information",
        "builder": "Manage builds",
        "buildx": "Docker Buildx",
        "checkpoint": "Manage checkpoints",
        "compose": "Docker Compose",
        "container": "Manage containers",
        "context": "Manage contexts",
        "image": "Manage images",
        "manifest": "Manage Docker image manifests and manifest lists",
        "network": "Manage networks",
        "plugin": "Manage plugins",
        "system": "Manage Docker",
        "trust": "Manage trust on Docker images",
        "volume": "Manage volumes",
        "config": "Manage Swarm configs",
        "node": "Manage Swarm nodes",
        "secret": "Manage Swarm secrets",
        "service": "Manage Swarm services",
        "stack": "Manage Swarm stacks",
        "swarm": "Manage Swarm",
        "attach": "Attach local standard input, output, and error streams to a running container",
        "commit": "Create a new image from a container's changes",
        "cp": "Copy files/folders between a container and the local filesystem",
        "create": "Create a new container",
        "diff": "Inspect changes to files or directories on a container's filesystem",
        "events": "Get real time events from the server",
        "export": "Export a container's filesystem as a tar archive",
        "history": "Show the history of an image",
        "import": "Import the contents from a tarball to create a filesystem image",
        "inspect": "Return low-level information on Docker objects",
        "kill": "Kill one or more running containers",
        "load": "Load an image from a tar archive or STDIN",
        "logs": "Fetch the logs of a container",
        "pause": "Pause all processes within one or more containers",
        "port": "List port mappings or a specific mapping for the container",
        "rename": "Rename a container",
        "restart": "Restart one or more containers",
        "rm": "Remove one or more containers",
        "rmi": "Remove one or more images",
        "save": "Save one or more images to a tar archive (streamed to STDOUT by default)",
        "start": "Start one or more stopped containers",
        "stats": "Display a live stream of container(s) resource usage statistics",
        "stop": "Stop one or more running containers",
        "tag": "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        "top": "Display the running processes of a container",
        "unpause": "Unpause all processes within one or more containers",
        "update": "Update configuration of one or more containers",
        "wait": "Block until one or more containers stop, then print their exit codes",
    ]

    /// Each management command's sub-commands, with their aliases (`ls` and `list`).
    static let subcommands: [String: [String]] = [
        "builder": ["build", "prune"],
        "buildx": [
            "bake", "f", "build", "create", "dial-stdio", "rm", "ls", "use", "inspect", "stop", "install", "uninstall",
            "version", "prune", "du", "imagetools", "history",
        ],
        "checkpoint": ["create", "ls", "list", "rm", "remove"],
        "container": [
            "attach", "commit", "cp", "create", "diff", "exec", "export", "inspect", "kill", "ls", "list", "ps", "logs",
            "pause", "port", "prune", "rename", "restart", "rm", "remove", "run", "start", "stats", "stop", "top",
            "unpause", "update", "wait",
        ],
        "context": ["create", "export", "import", "inspect", "ls", "list", "rm", "remove", "show", "update", "use"],
        "image": [
            "build", "history", "import", "inspect", "load", "ls", "list", "prune", "pull", "push", "rm", "remove",
            "save", "tag",
        ],
        "manifest": ["annotate", "create", "inspect", "push", "rm"],
        "network": ["connect", "create", "disconnect", "inspect", "ls", "list", "prune", "rm", "remove"],
        "plugin": [
            "create", "disable", "enable", "inspect", "install", "ls", "list", "push", "rm", "remove", "set", "upgrade",
        ],
        "system": ["df", "dial-stdio", "events", "info", "prune"],
        "trust": ["inspect", "key", "revoke", "sign", "signer"],
        "volume": ["create", "inspect", "ls", "list", "prune", "rm", "remove", "update"],
        "config": ["create", "inspect", "ls", "list", "rm", "remove"],
        "node": ["demote", "inspect", "ls", "list", "promote", "ps", "rm", "remove", "update"],
        "secret": ["create", "inspect", "ls", "list", "rm", "remove"],
        "service": ["create", "inspect", "ls", "list", "logs", "ps", "rm", "remove", "rollback", "scale", "update"],
        "stack": ["config", "deploy", "up", "ls", "list", "ps", "rm", "remove", "down", "services"],
        "swarm": ["ca", "init", "join", "join-token", "leave", "unlock", "unlock-key", "update"],
    ]
}
