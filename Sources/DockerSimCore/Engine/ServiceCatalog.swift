/// What listens in a running container: read from what its main process runs (the catalog's
/// `program` blocks, see `Hub/README.md`), following wrappers (`docker-entrypoint.sh nginx …`,
/// `sh -c "apache2ctl -D FOREGROUND"`) to the service they start.
public enum ServiceCatalog {
    /// The listeners of a container's main process.
    public static func listeners(of container: Container, engine: Engine) -> [Listener] {
        var found: [Listener] = []
        for (path, spec) in servicePrograms(of: container, engine: engine) {
            guard let (port, web) = webServer(path: path, spec: spec) else { continue }
            found.append(Listener(port: ContainerPort(port, "tcp"), service: .web(web)))
        }
        return found
    }

    /// The programs of the catalog that the main process's command line names, in order:
    /// each word that is an executable of the container with a description.
    static func servicePrograms(of container: Container, engine: Engine) -> [(String, ProgramSpec)] {
        var words = container.config.entrypoint + container.config.cmd
        if let index = words.firstIndex(of: "-c"), index + 1 < words.count {
            words += words[index + 1].split(separator: " ").map(String.init)
        }
        var programs: [(String, ProgramSpec)] = []
        for word in words where !word.hasPrefix("-") {
            guard let path = executable(word, in: container),
                let (found, spec) = engine.program(path, in: container.id)
            else { continue }
            programs.append((found, spec))
        }
        return programs
    }

    /// `execvp`'s search: a name with `/` as it is, else along the container's `PATH`.
    static func executable(_ name: String, in container: Container) -> String? {
        func isFile(_ path: String) -> Bool {
            if case .file? = try? container.fs.stat(path, cwd: []).node { return true }
            return false
        }
        if name.contains("/") { return isFile(name) ? name : nil }
        let path =
            container.config.env.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) }
            ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in path.split(separator: ":") where isFile(directory + "/" + name) {
            return directory + "/" + name
        }
        return nil
    }

    /// The web server a program runs, and its port.
    static func webServer(path: String, spec: ProgramSpec) -> (Int, WebServer)? {
        guard spec.kind == .service else { return nil }
        // Provisional, until the catalog's program blocks describe their web side.
        switch path {
        case "/usr/sbin/nginx":
            return (
                80,
                WebServer(
                    root: "/usr/share/nginx/html", index: ["index.html", "index.htm"], server: "nginx/1.24.0",
                    accessLog: .init(stream: .stdout, format: WebServer.combined + " \"-\""))
            )
        case "/usr/sbin/apache2ctl", "/usr/sbin/apache2":
            return (
                80,
                WebServer(
                    root: "/var/www/html", index: ["index.html"], server: "Apache/2.4.57 (Debian)", signature: true)
            )
        default: return nil
        }
    }
}
