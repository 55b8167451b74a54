/// dockersim's version, and the Docker it reproduces.
public enum DockerSimVersion {
    public static let string = "0.1.0 (Docker Engine 28.5, overlay2)"
}
