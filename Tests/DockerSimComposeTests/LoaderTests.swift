import DockerSimCompose
import Testing

/// A simulated host for the loader: files by absolute path.
private func files(_ contents: [String: String]) -> ComposeFiles {
    ComposeFiles(
        read: { contents[$0] },
        isDirectory: { path in contents.keys.contains { $0.hasPrefix(path + "/") } })
}

private func load(
    _ contents: [String: String], cwd: String = "/home/usuario/app",
    configure: (inout ComposeOptions) -> Void = { _ in }
) throws(ComposeError) -> (ComposeProject, [String]) {
    var options = ComposeOptions(cwd: cwd)
    configure(&options)
    var warnings: [String] = []
    let project = try ProjectLoader.load(options, files: files(contents), warnings: &warnings)
    return (project, warnings)
}

private func loadError(_ yaml: String, file: String = "/home/usuario/app/compose.yaml") -> String? {
    do {
        _ = try load([file: yaml])
        return nil
    } catch {
        return error.message
    }
}

@Suite struct InterpolationTests {
    @Test func substitutesEveryForm() throws {
        var interpolator = Interpolator { ["A": "uno", "EMPTY": ""][$0] }
        #expect(try interpolator.substitute("${A}-$A-$$A", path: "x") == "uno-uno-$A")
        #expect(try interpolator.substitute("${EMPTY:-d} ${EMPTY-d} ${NOPE-d}", path: "x") == "d  d")
        #expect(try interpolator.substitute("${A:+alt}${EMPTY:+alt}${A+set}", path: "x") == "altset")
        #expect(try interpolator.substitute("${NOPE:-${A}}", path: "x") == "uno")
        #expect(try interpolator.substitute("$1 and $", path: "x") == "$1 and $")
        #expect(try interpolator.substitute("${NOPE}", path: "x").isEmpty)
        #expect(interpolator.unsetVariables == ["NOPE"])
    }

    @Test func requiredVariablesFailWithComposeText() {
        var interpolator = Interpolator { ["EMPTY": ""][$0] }
        #expect(
            throws: ComposeError(
                "error while interpolating services.web.image: required variable TAG is missing a value: pon la versión"
            )
        ) {
            try interpolator.substitute("nginx:${TAG?pon la versión}", path: "services.web.image")
        }
        #expect(throws: ComposeError("error while interpolating x: required variable EMPTY is missing a value")) {
            try interpolator.substitute("${EMPTY:?}", path: "x")
        }
        #expect((try? interpolator.substitute("${EMPTY?}", path: "x")) == "")
    }

    @Test func invalidTemplates() {
        var interpolator = Interpolator { _ in nil }
        #expect(
            throws: ComposeError(
                "invalid interpolation format for services.web.image.\nYou may need to escape any $ with another $.\n${1A}"
            )
        ) {
            try interpolator.substitute("${1A}", path: "services.web.image")
        }
    }
}

@Suite struct DotEnvTests {
    @Test func readsComposeDotEnvSyntax() throws {
        let text = """
            # comment
            VERSION_WP=latest
            export PUERTO=8080
            USUARIO="prueba"
            PASS='a $b'
            LINE="uno\\ndos"
            REF=${PUERTO}0 # inline comment
            EMPTY=
            """
        let values = Dictionary(try DotEnv.parse(text), uniquingKeysWith: { $1 })
        #expect(values["VERSION_WP"] == "latest")
        #expect(values["PUERTO"] == "8080")
        #expect(values["USUARIO"] == "prueba")
        #expect(values["PASS"] == "a $b")
        #expect(values["LINE"] == "uno\ndos")
        #expect(values["REF"] == "80800")
        #expect(values["EMPTY"] == "")
    }

    @Test func errorsNameTheLine() {
        #expect(throws: ComposeError("line 2: unexpected character \"!\" in variable name \"B!=2\"")) {
            try DotEnv.parse("A=1\nB!=2\n")
        }
        #expect(throws: ComposeError("line 2: unterminated quoted value \"abc")) {
            try DotEnv.parse("A=\"abc\n")
        }
    }
}

@Suite struct LoaderTests {
    static let letschat = """
        version: '3.1'
        name: 'escenario_letschat'
        services:
          app:
            container_name: letschat
            image: sdelements/lets-chat
            restart: always
            environment:
              LCB_DATABASE_URI: mongodb://mongo/letschat
            ports:
              - 80:8080
            depends_on:
              - db
          db:
            container_name: mongo
            image: mongo:4
            restart: always
            volumes:
              - mongo:/data/db
        volumes:
          mongo:
        """

    @Test func loadsTheCourseProject() throws {
        let (project, warnings) = try load(
            ["/home/usuario/letschat/compose.yaml": Self.letschat], cwd: "/home/usuario/letschat")
        #expect(project.name == "escenario_letschat")
        #expect(
            warnings == [
                "/home/usuario/letschat/compose.yaml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
            ])
        #expect(project.serviceNames == ["app", "db"])
        #expect(project.network("default")?.name == "escenario_letschat_default")
        #expect(project.volume("mongo")?.name == "escenario_letschat_mongo")
        let app = try #require(project.service("app"))
        #expect(app.ports == [ComposePort(target: 8080, published: "80")])
        #expect(app.dependsOn == [ComposeDependency(service: "db")])
        #expect(project.service("db")?.volumes == [ComposeMount(type: .volume, source: "mongo", target: "/data/db")])
        #expect(DependencyGraph(project).dependencyOrder() == ["db", "app"])
        #expect(DependencyGraph(project).reverseDependencyOrder() == ["app", "db"])
    }

    @Test func projectNameFromFolderEnvAndFlag() throws {
        let yaml = "services:\n  web:\n    image: nginx\n"
        #expect(try load(["/home/usuario/Mi App/compose.yaml": yaml], cwd: "/home/usuario/Mi App").0.name == "miapp")
        let env = ["/home/usuario/app/compose.yaml": yaml, "/home/usuario/app/.env": "COMPOSE_PROJECT_NAME=otro\n"]
        #expect(try load(env).0.name == "otro")
        #expect(try load(env) { $0.projectName = "cli" }.0.name == "cli")
        #expect(
            throws: ComposeError(
                "invalid project name \"Mal\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number"
            )
        ) {
            try load(env) { $0.projectName = "Mal" }
        }
    }

    @Test func dotEnvAndEnvFileInterpolate() throws {
        let yaml = """
            services:
              wordpress:
                image: wordpress:${VERSION_WP}
                ports:
                  - ${PUERTO}:80
                environment:
                  WORDPRESS_DB_USER: ${USUARIO}
                  MISSING: ${NOPE}
            """
        let contents = [
            "/home/usuario/app/compose.yaml": yaml,
            "/home/usuario/app/.env": "VERSION_WP=latest\nPUERTO=8080\nUSUARIO=\"prueba\"\n",
            "/home/usuario/app/prod.env": "VERSION_WP=php8.3-apache\nPUERTO=80\nUSUARIO=user_server_1345\n",
        ]
        let (dev, warnings) = try load(contents)
        let service = try #require(dev.service("wordpress"))
        #expect(service.image == "wordpress:latest")
        #expect(service.ports == [ComposePort(target: 80, published: "8080")])
        #expect(service.environment.map(\.0) == ["WORDPRESS_DB_USER", "MISSING"])
        #expect(service.environment.map(\.1) == ["prueba", ""])
        #expect(warnings == ["The \"NOPE\" variable is not set. Defaulting to a blank string."])
        let prod = try load(contents) { $0.envFiles = ["prod.env"] }.0
        #expect(prod.service("wordpress")?.image == "wordpress:php8.3-apache")
        #expect(throws: ComposeError("couldn't find env file: /home/usuario/app/nada.env")) {
            try load(contents) { $0.envFiles = ["nada.env"] }
        }
    }

    @Test func findsTheFileInAParentAndRefusesWhenThereIsNone() throws {
        let yaml = "services:\n  web:\n    image: nginx\n"
        let (project, _) = try load(["/home/usuario/app/compose.yaml": yaml], cwd: "/home/usuario/app/src")
        #expect(project.workingDir == "/home/usuario/app")
        #expect(project.name == "app")
        #expect(throws: ComposeError("no configuration file provided: not found")) {
            try load([:], cwd: "/home/usuario")
        }
        #expect(throws: ComposeError("open /home/usuario/app/otro.yaml: no such file or directory")) {
            try load(["/home/usuario/app/compose.yaml": yaml]) { $0.files = ["otro.yaml"] }
        }
    }

    @Test func yamlErrorsAsGoYamlWordsThem() {
        #expect(
            loadError("services:\n  web:\n    image: nginx\n   ports: 80\n")
                == "failed to parse /home/usuario/app/compose.yaml: yaml: line 1: did not find expected key")
        #expect(
            loadError("services:\n  web:\n    image: nginx\n    image: debian\n")
                == "failed to parse /home/usuario/app/compose.yaml: yaml: unmarshal errors:\n  line 4: mapping key \"image\" already defined at line 3"
        )
        #expect(
            loadError("services:\n  web: [\n")?.hasPrefix("failed to parse /home/usuario/app/compose.yaml: yaml: line ")
                == true)
        #expect(loadError("") == "empty compose file")
        #expect(loadError("- a\n- b\n") == "top-level object must be a mapping")
    }

    @Test func schemaErrors() {
        let prefix = "validating /home/usuario/app/compose.yaml: "
        #expect(
            loadError("services:\n  web:\n    image: nginx\n    foo: 1\n") == prefix
                + "services.web additional properties 'foo' not allowed")
        #expect(
            loadError("servicios:\n  web:\n    image: nginx\n") == prefix
                + " additional properties 'servicios' not allowed")
        #expect(loadError("services:\n  web:\n    image: 3\n") == prefix + "services.web.image must be a string")
        #expect(
            loadError("services:\n  web:\n    image: nginx\n    ports: 80\n") == prefix
                + "services.web.ports must be a array")
        #expect(
            loadError("services:\n  web:\n    image: nginx\n    environment: 5\n") == prefix
                + "services.web.environment must be a mapping")
        #expect(
            loadError("services:\n  web:\n    image: nginx\n    tty: [1]\n") == prefix
                + "services.web.tty must be a boolean or string")
    }

    @Test func consistencyErrors() {
        #expect(
            loadError("services:\n  web:\n    image: nginx\n    depends_on: [db]\n")
                == "service \"web\" depends on undefined service \"db\": invalid compose project")
        #expect(
            loadError("services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n")
                == "dependency cycle detected: a -> b -> a")
        #expect(
            loadError("services:\n  web:\n    image: nginx\n    volumes:\n      - datos:/data\n")
                == "service \"web\" refers to undefined volume datos: invalid compose project")
        #expect(
            loadError("services:\n  web:\n    image: nginx\n    networks: [otra]\n")
                == "service \"web\" refers to undefined network otra: invalid compose project")
        #expect(
            loadError("services:\n  web:\n    restart: always\n")
                == "service \"web\" has neither an image nor a build context specified: invalid compose project")
        #expect(loadError("services:\n  web:\n    image: nginx\n    secrets: [a]\n")?.hasPrefix("dockersim: ") == true)
    }

    @Test func shortSyntaxes() throws {
        let yaml = """
            services:
              web:
                image: nginx
                command: redis-server --appendonly yes
                ports:
                  - "127.0.0.1:8080:80/udp"
                  - 9000
                  - "3000-3001:4000-4001"
                volumes:
                  - ./data:/var/lib/mysql
                  - ./default.conf:/etc/nginx/conf.d/default.conf:ro
                  - /anon
                networks:
                  red:
                    ipv4_address: 192.168.10.10
            networks:
              red:
                ipam:
                  config:
                    - subnet: 192.168.10.0/24
                      gateway: 192.168.10.1
            """
        let (project, _) = try load(["/home/usuario/app/compose.yaml": yaml])
        let web = try #require(project.service("web"))
        #expect(web.command == ["redis-server", "--appendonly", "yes"])
        #expect(
            web.ports == [
                ComposePort(target: 80, published: "8080", hostIP: "127.0.0.1", protocol: "udp"),
                ComposePort(target: 9000), ComposePort(target: 4000, published: "3000"),
                ComposePort(target: 4001, published: "3001"),
            ])
        #expect(
            web.volumes == [
                ComposeMount(type: .bind, source: "/home/usuario/app/data", target: "/var/lib/mysql"),
                ComposeMount(
                    type: .bind, source: "/home/usuario/app/default.conf", target: "/etc/nginx/conf.d/default.conf",
                    readOnly: true),
                ComposeMount(type: .volume, source: "", target: "/anon"),
            ])
        #expect(web.networks == [ComposeServiceNetwork(key: "red", ipv4Address: "192.168.10.10")])
        #expect(project.network("red")?.name == "app_red")
        #expect(project.network("default") == nil)
    }
}

@Suite struct YAMLCacheTests {
    /// A text read again (every `docker compose` command reads its file) gives the same value,
    /// and a broken one the same error, as the first read.
    @Test func aTextReadTwiceGivesTheSameAnswer() throws {
        let text = "services:\n  web:\n    image: nginx\n    ports: [\"8080:80\"]\n"
        let first = try YAMLReader.parse(text)
        #expect(first?["services"]?["web"]?["image"]?.scalarText == "nginx")
        #expect(try YAMLReader.parse(text) == first)
        #expect(try YAMLReader.parse(text + "x: 1\n") != first)
        func failure(_ text: String) -> YAMLFailure? {
            do {
                _ = try YAMLReader.parse(text)
                return nil
            } catch {
                return error
            }
        }
        let broken = "services:\n  web: [\n"
        let firstFailure = failure(broken)
        #expect(firstFailure?.message.hasPrefix("yaml: line ") == true)
        #expect(failure(broken) == firstFailure)
    }
}
