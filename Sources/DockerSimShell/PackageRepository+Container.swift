import DockerSimCore

extension PackageRepository {
    /// The package repository of a container's release, as its `/etc/os-release` names it
    /// (`ID` and `VERSION_ID`: `debian 12`, `alpine 3.19.0`); nil when the catalog has none.
    /// The one lookup `apt-get` and `apk` share.
    static func of(_ containerID: String, engine: Engine) -> PackageRepository? {
        let fs = engine.containers[containerID]?.fs
        guard let text = try? fs?.read("/etc/os-release", cwd: []).text else { return nil }
        var id = ""
        var version = ""
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: "\"")
            if parts[0] == "ID" { id = value }
            if parts[0] == "VERSION_ID" { version = value }
        }
        return try? PackageCatalog.standard.repository(osRelease: id + " " + version)
    }
}
