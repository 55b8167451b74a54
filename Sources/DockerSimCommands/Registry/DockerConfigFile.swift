import DockerSimCore
import Foundation

/// The docker CLI's `~/.docker/config.json` on the simulated host: where `docker login` keeps
/// the credentials for Docker Hub (base64 of `user:password`, as docker's file store does) and
/// where `docker push` finds them. Source: docker/cli v28.5.1 cli/config/configfile/file.go.
enum DockerConfigFile {
    /// The key docker stores Docker Hub's credentials under.
    static let indexServer = "https://index.docker.io/v1/"
    static let directory = "/home/usuario/.docker"
    static let path = directory + "/config.json"

    /// The user and password stored for Docker Hub, nil when there are none (or the file is not
    /// one docker could read).
    static func credentials(_ engine: Engine) -> (user: String, password: String)? {
        guard let bytes = try? engine.host.read(path, cwd: []).bytes,
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let auths = object["auths"] as? [String: Any],
            let entry = auths[indexServer] as? [String: Any],
            let auth = entry["auth"] as? String,
            let decoded = Data(base64Encoded: auth).flatMap({ String(data: $0, encoding: .utf8) }),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        let user = String(decoded[..<colon])
        return user.isEmpty ? nil : (user, String(decoded[decoded.index(after: colon)...]))
    }

    /// Who is logged in to Docker Hub.
    static func user(_ engine: Engine) -> String? { credentials(engine)?.user }

    /// Writes the file as docker does (tab-indented JSON), with the credentials or without
    /// them (`docker logout`; a missing file stays missing).
    static func setCredentials(_ credentials: (user: String, password: String)?, _ engine: inout Engine) {
        let exists = (try? engine.host.stat(path, cwd: [])) != nil
        guard credentials != nil || exists else { return }
        var auths: [(String, JSONValue)] = []
        if let (user, password) = credentials {
            let auth = Data((user + ":" + password).utf8).base64EncodedString()
            auths.append((indexServer, .object([("auth", .string(auth))])))
        }
        let text = JSONValue.object([("auths", .object(auths))]).indented("\t")
        let now = engine.now.seconds
        _ = try? engine.withHost { (fs: inout ContainerFS, _: inout [String]) throws(FSError) in
            try fs.makeDirectory(directory, cwd: [], parents: true, mtime: now)
            try fs.write(path, cwd: [], bytes: Array(text.utf8), append: false, mtime: now)
        }
    }
}
