/// The Docker release dockersim answers as: docker/cli v28.5.1 (`docker --version`,
/// `docker version`'s client).
enum DockerRelease {
    struct Component {
        let version: String
        /// The short commit the release was built from (`git rev-parse --short v28.5.1`).
        let commit: String
    }

    /// docker/cli v28.5.1.
    static let client = Component(version: "28.5.1", commit: "e180ab8")
}
