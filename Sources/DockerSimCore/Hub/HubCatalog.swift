/// The images of the simulated Docker Hub (a January 2024 snapshot).
///
/// What the course prints is exact: blob digest prefixes, repo digests, image ID prefixes,
/// sizes, creation times. The rest of each 64-hex value is invented (derived from a fixed text,
/// so it never changes), and so are the file lists inside the layers: see `RootFS`. The configs
/// are reconstructions, so the image IDs of Hub images are given here, not hashed from them.
public enum HubCatalog {
    /// The Hub every simulator starts with.
    public static let standard: Registry = {
        var hub = Registry()
        let debianLayer = HubLayer(blob: invented("9532dfcb62dd"), tree: tree(RootFS.debianBookwormSlim()))
        let apacheLayer = HubLayer(blob: invented("209210f58112"), tree: tree(RootFS.apacheInstallLayer()))
        let ubuntuLayer = HubLayer(blob: invented("29202e855b20"), tree: tree(RootFS.ubuntuJammy()))
        let helloLayer = HubLayer(blob: invented("719385e32844"), tree: tree(RootFS.helloWorld()))

        let baseTime = Timestamp(rfc3339: "2024-01-11T12:00:00Z") ?? .zero

        // ubuntu:22.04 (jammy), the one-layer image of the course.
        let ubuntu = HubImage(
            id: invented("e34e831650c1"),
            manifestDigest: Digest(hex: "e6173d4dc55e76b87c4af8db8821b1feae4146dd47341e4d431118c7dd060a74"),
            config: ImageConfig(
                config: RunConfig(
                    env: [pathEnv], cmd: ["/bin/bash"],
                    labels: [
                        "org.opencontainers.image.ref.name": "ubuntu", "org.opencontainers.image.version": "22.04",
                    ]),
                created: baseTime.adding(seconds: 2.5),
                history: [
                    HistoryEntry(created: baseTime, createdBy: "/bin/sh -c #(nop)  ARG RELEASE", emptyLayer: true),
                    HistoryEntry(
                        created: baseTime, createdBy: "/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH", emptyLayer: true),
                    HistoryEntry(
                        created: baseTime,
                        createdBy: "/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu", emptyLayer: true
                    ),
                    HistoryEntry(
                        created: baseTime, createdBy: "/bin/sh -c #(nop)  LABEL org.opencontainers.image.version=22.04",
                        emptyLayer: true),
                    HistoryEntry(
                        created: baseTime.adding(seconds: 2),
                        createdBy: "/bin/sh -c #(nop) ADD file:\(inventedHex("ubuntu-rootfs")) in / "),
                    HistoryEntry(
                        created: baseTime.adding(seconds: 2.5), createdBy: "/bin/sh -c #(nop)  CMD [\"/bin/bash\"]",
                        emptyLayer: true),
                ],
                diffIDs: [ubuntuLayer.diffID]),
            layers: [ubuntuLayer])
        hub.publish(ubuntu, path: "library/ubuntu", tags: ["latest", "22.04", "jammy"])

        // debian:stable-slim (bookworm), the base of josedom24/servidorweb.
        let debianConfig = ImageConfig(
            config: RunConfig(env: [pathEnv], cmd: ["bash"]),
            created: baseTime.adding(seconds: 1),
            history: [
                HistoryEntry(
                    created: baseTime,
                    createdBy:
                        "/bin/sh -c #(nop) ADD file:17e64d3a682fd256f\(inventedHex("debian-rootfs").prefix(47)) in / "),
                HistoryEntry(
                    created: baseTime.adding(seconds: 1), createdBy: "/bin/sh -c #(nop)  CMD [\"bash\"]",
                    emptyLayer: true),
            ],
            diffIDs: [debianLayer.diffID])
        let debian = HubImage(
            id: invented("b5f1d42e3f36"), manifestDigest: invented("f4a83aa86585"), config: debianConfig,
            layers: [debianLayer])
        hub.publish(debian, path: "library/debian", tags: ["stable-slim", "bookworm-slim", "12-slim"])

        // josedom24/servidorweb:v1 and v2: debian, apache2, and one index.html each.
        for version in [1, 2] {
            let indexLayer = HubLayer(
                blob: invented(version == 1 ? "4f6c4ab344d9" : "274f48ad3e93"),
                tree: tree(RootFS.servidorwebIndex(version: version)))
            let built = Timestamp(rfc3339: "2024-01-25T10:00:00Z")?.adding(seconds: version == 1 ? 0 : 300) ?? .zero
            let buildkit = "buildkit.dockerfile.v0"
            let config = ImageConfig(
                config: RunConfig(
                    env: [pathEnv], cmd: ["/bin/sh", "-c", "apache2ctl -D FOREGROUND"],
                    workingDir: "/var/www/html", exposedPorts: ["80/tcp"]),
                created: built.adding(seconds: 40),
                history: debianConfig.history + [
                    HistoryEntry(
                        created: built,
                        createdBy:
                            "RUN /bin/sh -c apt-get update && apt-get install -y apache2 && apt-get clean && rm -rf /var/lib/apt/lists/* # buildkit",
                        comment: buildkit),
                    HistoryEntry(
                        created: built.adding(seconds: 38), createdBy: "WORKDIR /var/www/html", comment: buildkit,
                        emptyLayer: true),
                    HistoryEntry(
                        created: built.adding(seconds: 39), createdBy: "COPY index.html /var/www/html/ # buildkit",
                        comment: buildkit),
                    HistoryEntry(
                        created: built.adding(seconds: 40), createdBy: "EXPOSE map[80/tcp:{}]", comment: buildkit,
                        emptyLayer: true),
                    HistoryEntry(
                        created: built.adding(seconds: 40),
                        createdBy: "CMD [\"/bin/sh\" \"-c\" \"apache2ctl -D FOREGROUND\"]", comment: buildkit,
                        emptyLayer: true),
                ],
                diffIDs: [debianLayer.diffID, apacheLayer.diffID, indexLayer.diffID])
            let image = HubImage(
                id: invented(version == 1 ? "d0d75af6b8ec" : "f558b3613d2c"),
                manifestDigest: Digest(
                    hex: version == 1
                        ? "5707a7005d440bf32619e27e37800419b2c52644205da3c6a9edb9d55b8c51de"
                        : "9acd8efeb1f0be80c466a7ebb3772e045ffcb6b12cfbfadaa8b7c4b110bd83ea"),
                config: config,
                layers: [debianLayer, apacheLayer, indexLayer])
            hub.publish(image, path: "josedom24/servidorweb", tags: ["v\(version)"])
        }

        // hello-world.
        let helloTime = Timestamp(rfc3339: "2023-05-02T16:49:27Z") ?? .zero
        let hello = HubImage(
            id: invented("d2c94e258dcb"),
            manifestDigest: Digest(hex: "a13ec89cdf897b3e551bd9f89d499db6ff3a7f44c5b9eb8bca40da20eb4ea1fa"),
            config: ImageConfig(
                config: RunConfig(env: [pathEnv], cmd: ["/hello"]),
                created: helloTime,
                history: [
                    HistoryEntry(
                        created: helloTime.adding(seconds: -0.4),
                        createdBy:
                            "/bin/sh -c #(nop) COPY file:201f8f1849e89d53be9f6aa76937f5e209d745abfd15a8552fcf2ba45ab267f9 in / "
                    ),
                    HistoryEntry(
                        created: helloTime, createdBy: "/bin/sh -c #(nop)  CMD [\"/hello\"]", emptyLayer: true),
                ],
                diffIDs: [helloLayer.diffID]),
            layers: [helloLayer])
        hub.publish(hello, path: "library/hello-world", tags: ["latest"])

        // nginx:stable (1.24.0 on bookworm): see RootFS+Nginx.swift.
        publishNginx(into: &hub)
        return hub
    }()

    static let pathEnv = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// A digest that starts with the 12 hex characters the course shows; the rest is invented.
    static func invented(_ prefix: String) -> Digest {
        Digest(hex: prefix + inventedHex("dockersim:" + prefix).prefix(64 - prefix.count))
    }

    static func inventedHex(_ seed: String) -> String { Digest.sha256(of: seed).hex }

    static func tree(_ entries: [(path: String, node: FileNode)]) -> FileTree {
        FileTree.build(entries, dirMeta: FileMetadata(mode: 0o755, mtime: 1_704_974_400))
    }
}
