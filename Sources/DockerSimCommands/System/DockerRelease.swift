/// The Docker release dockersim answers as: docker-ce 28.5.1 for Debian/Ubuntu on linux/amd64
/// (`docker --version`, `docker version`). Sources: docker/cli v28.5.1 (`git rev-parse --short
/// v28.5.1^{commit}` → e180ab8), moby/moby v28.5.1 (→ f8215cc), the release notes ("Update Go
/// runtime to 1.24.8"), and the `docker version` of a docker-ce 28.5.1 package install (build
/// time, and the containerd.io, runc and docker-init it ships with).
enum DockerRelease {
    struct Component {
        let version: String
        /// The short commit the release was built from.
        let commit: String
    }

    /// docker/cli v28.5.1.
    static let client = Component(version: "28.5.1", commit: "e180ab8")
    /// moby/moby v28.5.1, the daemon.
    static let engine = Component(version: "28.5.1", commit: "f8215cc")
    /// The packages' platform name (`Client: Docker Engine - Community`).
    static let platformName = "Docker Engine - Community"
    /// The API version both speak, and the oldest the daemon accepts.
    static let apiVersion = "1.51"
    static let minAPIVersion = "1.24"
    static let goVersion = "go1.24.8"
    /// When the packages were built (RFC 3339, as the daemon reports it; `time.ANSIC` on screen).
    static let buildTime = "2025-10-08T12:17:03.000000000+00:00"
    static let buildTimeANSIC = "Wed Oct  8 12:17:03 2025"
    static let os = "linux"
    static let arch = "amd64"
    /// The CLI plugins a docker-ce install has (`docker info`'s client part): name, description,
    /// version.
    static let plugins: [(name: String, description: String, version: String)] = [
        ("buildx", "Docker Buildx", "v0.29.1"), ("compose", "Docker Compose", "v2.40.0"),
    ]
    /// The other server components `docker version` lists, with their details.
    static let components: [(name: String, version: String, details: [(String, String)])] = [
        ("containerd", "v1.7.28", [("GitCommit", "b98a3aace656320842a23f4a392a33f46af97866")]),
        ("runc", "1.3.0", [("GitCommit", "v1.3.0-0-g4ca628d1")]),
        ("docker-init", "0.19.0", [("GitCommit", "de40ad0")]),
    ]
}
