import DockerSimCommands
import DockerSimCore
import DockerSimShell
import DockerSimTestSupport
import Testing

/// The images of the built-in Hub catalog, as a student meets them: pulls that share layers,
/// sizes that add up, and what each image's main process does.
@Suite struct HubImagesTests {
    /// The layer lines of a pull: `(blob, status)`.
    static func layerLines(_ output: CommandOutput) -> [(String, String)] {
        output.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 12 else { return nil }
            return (String(parts[0]), String(parts[1].split(separator: " ").joined(separator: " ")))
        }
    }

    @Test func everyTagPullsAndTheSizesAddUp() throws {
        let session = makeSession()
        let hub = session.engine.registry
        var pulled = 0
        for path in hub.repositoryPaths {
            let name = path.hasPrefix("library/") ? String(path.dropFirst(8)) : path
            for tag in hub.tags(path: path) {
                let output = session.run("pull \(name):\(tag)")
                #expect(output.status == 0, "pull \(name):\(tag): \(output.stderr)")
                pulled += 1
            }
        }
        #expect(pulled > 100)
        #expect(session.engine.invariantViolations().isEmpty)
        // docker system df -v: each image is its shared plus its unique bytes, and the unique
        // bytes of every image plus each shared layer once make the Images SIZE.
        let usage = session.engine.diskUsage()
        var holders: [Digest: Int] = [:]
        for image in session.engine.images.values {
            for layer in session.engine.layers(of: image) { holders[layer.chainID, default: 0] += 1 }
        }
        let sharedOnce = holders.filter { $0.value > 1 }.keys.reduce(Int64(0)) {
            $0 + (session.engine.layers[$1]?.diffSize ?? 0)
        }
        let unique = usage.images.reduce(Int64(0)) { $0 + $1.size - $1.sharedSize }
        #expect(usage.images.allSatisfy { $0.sharedSize <= $0.size })
        #expect(unique + sharedOnce == usage.layersSize)
        let distinct = holders.keys.reduce(Int64(0)) { $0 + (session.engine.layers[$1]?.diffSize ?? 0) }
        #expect(usage.layersSize == distinct)
        #expect(
            session.engine.images.values.allSatisfy { image in
                image.size == session.engine.layers(of: image).reduce(0) { $0 + $1.diffSize }
            })
    }

    @Test(arguments: [
        (["pull josedom24/servidorweb:v1"], "httpd:2.4", 1),
        (["pull ubuntu"], "mariadb", 1),
        (["pull ubuntu"], "tomcat:9.0", 1),
        (["pull ubuntu:20.04"], "mariadb:10.5", 1),
        (["pull ubuntu:20.04"], "mongo:4", 1),
        (["pull alpine"], "redis:alpine", 1),
        (["pull alpine"], "python:3.10-alpine", 1),
        (["pull debian"], "python:3.12.1-bookworm", 1),
        (["pull debian:stable-slim"], "nginx", 1),
        (["pull debian:stable-slim"], "redis", 1),
        (["pull php:8.2-apache"], "php:8.1-apache", 7),
        (["pull php:8.2-apache"], "wordpress", 13),
        (["pull wordpress"], "nextcloud:28.0.1", 13),
        (["pull mediawiki"], "mediawiki:1.40.2", 18),
        (["pull mediawiki:1.40.2"], "mediawiki:1.39.6", 18),
        (["pull iesgn/guestbook"], "iesgn/temperaturas_backend", 2),
        (["pull nginx:stable"], "nginx:latest", 0),
    ])
    func pullsShareTheLayersTheyHaveInCommon(before: [String], image: String, shared: Int) throws {
        let session = makeSession()
        for line in before { #expect(session.run(line).status == 0) }
        let lines = Self.layerLines(session.run("pull \(image)"))
        let existing = lines.prefix { $0.1 == "Already exists" }.count
        #expect(existing == shared, "\(lines)")
        #expect(lines.dropFirst(existing).allSatisfy { $0.1 == "Pull complete" })
        #expect(lines.count > shared)
    }

    @Test func aDatabaseNeedsItsPasswordAndSaysSoInItsLogs() throws {
        let session = makeSession()
        session.run("run -d --name db mariadb:10.5")
        let db = try session.engine.findContainer("db")
        #expect(!db.isRunning && db.exitCode == 1)
        let logs = session.run("logs db")
        #expect(
            logs.stderr.contains(
                "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD\n"
            ))
        session.run("run -d --name db2 -e MYSQL_ROOT_PASSWORD=my-secret-pw mariadb:10.5")
        #expect(try session.engine.findContainer("db2").isRunning)
        #expect(session.run("logs db2").stderr.contains("mysqld: ready for connections."))
        #expect(
            session.run("exec db2 ls /var/lib/mysql").stdout
                == "aria_log.00000001\naria_log_control\nib_buffer_pool\nib_logfile0\nibdata1\nibtmp1\nmulti-master.info\nmysql\nperformance_schema\n"
        )
        // Its files exist now: a restart skips the initialisation.
        session.run("restart db2")
        let again = session.run("logs db2").stderr
        #expect(again.components(separatedBy: "Initializing database files").count == 2)
        #expect(session.run("run -d --name my mysql").status == 0)
        #expect(session.run("logs my").stderr.contains("    - MYSQL_ROOT_PASSWORD\n"))
    }

    @Test func aWebServerServesItsDocumentRootAndLogsTheRequest() throws {
        let session = makeSession()
        session.run("run -d --name web httpd:2.4")
        let id = try session.engine.findContainer("web").id
        let page = try #require(
            ContainerRuntime.httpGet(
                "/", port: 80, host: "localhost", client: "172.17.0.1", containerID: id, engine: &session.engine))
        #expect(page.status == 200)
        #expect(
            page.body.map { String(decoding: $0, as: UTF8.self) } == "<html><body><h1>It works!</h1></body></html>\n")
        #expect(page.header("Server") == "Apache/2.4.58 (Unix)")
        session.run("exec web bash -c 'echo \"<h1>Curso Docker</h1>\" > /usr/local/apache2/htdocs/index.html'")
        let changed = ContainerRuntime.httpGet(
            "/", port: 80, host: "localhost", client: "172.17.0.1", containerID: id, engine: &session.engine)
        #expect(changed?.body.map { String(decoding: $0, as: UTF8.self) } == "<h1>Curso Docker</h1>\n")
        let missing = ContainerRuntime.httpGet(
            "/nada.html", port: 80, host: "localhost", client: "172.17.0.1", containerID: id, engine: &session.engine)
        #expect(missing?.status == 404)
        #expect(
            missing?.body.map { String(decoding: $0, as: UTF8.self) }.map {
                $0.contains("<p>The requested URL was not found on this server.</p>")
            } == true)
        #expect(
            ContainerRuntime.httpGet(
                "/", port: 8080, host: "localhost", client: "172.17.0.1", containerID: id, engine: &session.engine)
                == nil)
        let logs = session.run("logs web")
        #expect(logs.stdout.contains("172.17.0.1 - - [28/Jan/2024:17:00:00 +0000] \"GET / HTTP/1.1\" 200 45\n"))
        #expect(logs.stdout.contains("\"GET /nada.html HTTP/1.1\" 404 196\n"))
        #expect(
            logs.stderr.hasPrefix(
                "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message\n"
            ))
        #expect(session.run("exec web pwd").stdout == "/usr/local/apache2\n")
        let top = session.run("top web").stdout
        #expect(top.contains("httpd -DFOREGROUND\n") && top.contains("daemon "))
    }

    @Test func nginxPrintsItsEntrypointAndServesItsPage() throws {
        let session = makeSession()
        session.run("run -d --name web nginx")
        let logs = session.run("logs web")
        #expect(logs.stdout.hasSuffix("/docker-entrypoint.sh: Configuration complete; ready for start up\n"))
        #expect(logs.stderr.contains("[notice] 1#1: nginx/1.25.3\n"))
        #expect(logs.stderr.contains("built by gcc 12.2.0 (Debian 12.2.0-14) \n"))
        let id = try session.engine.findContainer("web").id
        let page = ContainerRuntime.httpGet(
            "/", port: 80, host: "localhost", client: "172.17.0.1", containerID: id, engine: &session.engine)
        #expect(page?.body.map { String(decoding: $0, as: UTF8.self) }.map { $0.contains("Welcome to nginx!") } == true)
        #expect(page?.header("Server") == "nginx/1.25.3")
    }

    @Test func shellsEndWithoutATerminalAndInterpretersToo() throws {
        let session = makeSession()
        for image in ["alpine", "debian", "ubuntu:20.04", "python:3.10-alpine", "python:3.12.1-bookworm"] {
            let output = session.run("run \(image)")
            #expect(output.status == 0, "\(image): \(output.stderr)")
        }
        #expect(session.run("ps -q").stdout == "")
        #expect(session.run("run alpine ls /sbin/apk /sbin/ip /bin/ping /usr/bin/wget /bin/ash").status == 0)
        #expect(session.run("run alpine cat /etc/alpine-release").stdout == "3.19.0\n")
    }

    @Test func entrypointsCopyTheApplicationOnTheFirstStart() throws {
        let session = makeSession()
        session.run("run -d --name nc nextcloud:28.0.1")
        #expect(
            session.run("logs nc").stdout.hasPrefix("Initializing nextcloud 28.0.1.1 ...\nNew nextcloud instance\n"))
        #expect(
            session.run("exec nc ls /var/www/html").stdout.split(separator: "\n")
                == [
                    "3rdparty", "AUTHORS", "COPYING", "apps", "config", "console.php", "core", "cron.php",
                    "custom_apps",
                    "data", "index.html", "index.php", "lib", "occ", "ocm-provider", "ocs", "ocs-provider",
                    "public.php",
                    "remote.php", "resources", "robots.txt", "status.php", "themes", "version.php",
                ])
        session.run("run -d --name wp -e WORDPRESS_DB_HOST=db -e WORDPRESS_DB_USER=wp wordpress")
        #expect(
            session.run("logs wp").stderr.contains(
                "copying 'wp-config-docker.php' (WORDPRESS_DB_HOST WORDPRESS_DB_USER)\n"))
    }

    @Test func bitnamiTomcatNeedsItsPassword() throws {
        let session = makeSession()
        session.run("run -d --name t1 bitnami/tomcat:9.0")
        #expect(try session.engine.findContainer("t1").exitCode == 1)
        #expect(session.run("logs t1").stdout.contains("ERROR ==> The TOMCAT_PASSWORD environment variable is empty"))
        session.run("run -d --name t2 -e TOMCAT_USERNAME=admin -e TOMCAT_PASSWORD=my-password bitnami/tomcat:9.0")
        #expect(try session.engine.findContainer("t2").isRunning)
        #expect(session.run("logs t2").stderr.contains("Server startup in [54] milliseconds"))
    }
}
