import DockerSimCore

// Sources: docker/cli cli/command/network/list.go, network/prune.go,
// cli/command/formatter/network.go. dockersim simulates no networks but docker's three
// predefined ones (bridge, host, none), which cannot be removed.

/// The predefined networks every daemon has, with IDs invented from the engine's seed.
enum PredefinedNetworks {
    /// Name, driver, scope; sorted by name as `docker network ls` lists them.
    static let all: [(name: String, driver: String, scope: String)] = [
        ("bridge", "bridge", "local"), ("host", "host", "local"), ("none", "null", "local"),
    ]

    /// A network's 64-hex ID (invented, stable for one seed).
    static func id(_ name: String, engine: Engine) -> String {
        Digest.sha256(of: "dockersim-network:\(name):\(engine.seed)").hex
    }
}
