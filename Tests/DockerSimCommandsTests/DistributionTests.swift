import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `docker login`/`logout`/`push` against the simulated Hub, `save`/`load` with archives on the
/// simulated host.
@Suite struct DistributionTests {
    /// debian:stable-slim and an image on it with one more layer, tagged for josedom24.
    func sessionWithImage() -> Session {
        let session = makeSession()
        session.run(
            "docker pull debian:stable-slim", "docker run --name cc debian:stable-slim touch /hola",
            "docker commit cc josedom24/mi:v1")
        return session
    }

    @Test func pushIsDeniedWithoutLogin() {
        let session = sessionWithImage()
        let before = session.engine.registry.hasRepository("josedom24/mi")
        let output = session.run("docker push josedom24/mi:v1")
        #expect(output.status == 1)
        let lines = output.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "The push refers to repository [docker.io/josedom24/mi]")
        #expect(lines.dropFirst().dropLast().allSatisfy { $0.hasSuffix(": Preparing ") })
        #expect(lines.count == 4)
        #expect(lines.last == "denied: requested access to the resource is denied")
        #expect(session.engine.registry.hasRepository("josedom24/mi") == before)
    }

    @Test func loginWithPasswordFlagWarnsAndStoresCredentials() throws {
        let session = makeSession()
        let output = session.run("docker login -u josedom24 -p secreto")
        #expect(output.status == 0)
        #expect(output.stdout == "Login Succeeded\n")
        #expect(output.stderr.hasPrefix("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"))
        #expect(
            output.stderr.contains(
                "WARNING! Your credentials are stored unencrypted in '/home/usuario/.docker/config.json'."))
        let text = try #require(try session.engine.host.read("/home/usuario/.docker/config.json", cwd: []).text)
        #expect(text.contains("\"auth\": \"am9zZWRvbTI0OnNlY3JldG8=\""))
        // The same credentials again: no warning about storing them.
        let again = session.run("docker login -u josedom24 -p secreto")
        #expect(!again.stderr.contains("unencrypted"))
        // Stored credentials are used when none are given.
        let stored = session.run("docker login")
        #expect(stored.stderr.hasPrefix("Authenticating with existing credentials... [Username: josedom24]\n"))
        #expect(stored.stdout == "Login Succeeded\n")
        let logout = session.run("docker logout")
        #expect(logout.stdout == "Removing login credentials for https://index.docker.io/v1/\n")
        #expect(DockerConfigFile.user(session.engine) == nil)
    }

    @Test func interactiveLoginAsksUserAndHiddenPassword() {
        let session = makeSession()
        let first = session.handle("docker login -u josedom24")
        #expect(first.stdout == "Password: ")
        #expect(first.stderr.contains("A Personal Access Token (PAT) can be used instead."))
        #expect(session.pendingConfirmation?.isSecret == true)
        #expect(session.prompt == "")
        let second = session.handle("secreto")
        #expect(second.stdout == "\nLogin Succeeded\n")
        #expect(second.status == 0)
        #expect(session.log.last?.line == "")  // the password is not kept
        #expect(DockerConfigFile.user(session.engine) == "josedom24")
        #expect(session.prompt == "$ ")
    }

    @Test func interactiveLoginWithoutUser() {
        let session = makeSession()
        let first = session.handle("docker login")
        #expect(first.stdout.hasSuffix("\nUsername: "))
        #expect(first.stderr.contains("Failed to start web-based login - falling back to command line login...\n"))
        #expect(session.pendingConfirmation?.isSecret == false)
        _ = session.handle("josedom24")
        #expect(session.pendingConfirmation?.isSecret == true)
        let last = session.handle("")
        #expect(last.status == 1)
        #expect(last.stderr == "Error: Password Required\n")
        #expect(DockerConfigFile.user(session.engine) == nil)
    }

    @Test func loginFlagErrors() {
        let session = makeSession()
        let conflict = session.run("docker login -u a -p b --password-stdin")
        #expect(conflict.stderr == "conflicting options: cannot specify both --password and --password-stdin\n")
        #expect(conflict.status == 1)
        let noUser = session.run("docker login --password-stdin")
        #expect(noUser.stderr == "the --password-stdin option requires --username to be set\n")
        let piped = session.run("echo | docker login")
        #expect(piped.stderr.hasSuffix("Error: Cannot perform an interactive login from a non TTY device\n"))
        let stdin = session.run("echo clave | docker login -u josedom24 --password-stdin")
        #expect(stdin.status == 0)
        #expect(stdin.stdout == "Login Succeeded\n")
        #expect(!stdin.stderr.contains("--password via the CLI"))
    }

    @Test func pushMountsBaseLayersAndPullsBack() throws {
        let session = sessionWithImage()
        session.run("docker login -u josedom24 -p x")
        let push = session.run("docker push josedom24/mi:v1")
        #expect(push.status == 0)
        let lines = push.stdout.split(separator: "\n").map(String.init)
        let image = try session.engine.findImage("josedom24/mi:v1")
        let chain = session.engine.layers.chain(from: image.topLayer)
        #expect(lines[1] == "\(chain[0].diffID.short): Pushed ")
        #expect(lines[2] == "\(chain[1].diffID.short): Mounted from library/debian ")
        #expect(lines[3].hasPrefix("v1: digest: sha256:"))
        #expect(lines[3].hasSuffix(" size: 734"))
        let again = session.run("docker push josedom24/mi:v1")
        #expect(again.stdout.contains("\(chain[0].diffID.short): Layer already exists \n"))
        // Removed here, pulled back from the Hub: the base layer is already here.
        session.run("docker rm cc", "docker rmi josedom24/mi:v1")
        #expect((try? session.engine.findImage("josedom24/mi:v1")) == nil)
        let pull = session.run("docker pull josedom24/mi:v1")
        #expect(pull.status == 0)
        #expect(pull.stdout.contains(": Already exists \n"))
        #expect(pull.stdout.contains(": Pull complete \n"))
        #expect(try session.engine.findImage("josedom24/mi:v1").id == image.id)
    }

    @Test func pushErrors() {
        let session = sessionWithImage()
        session.run("docker login -u josedom24 -p x")
        let missing = session.run("docker push josedom24/otra")
        #expect(
            missing.text
                == "Using default tag: latest\nThe push refers to repository [docker.io/josedom24/otra]\nAn image does not exist locally with the tag: josedom24/otra\n"
        )
        let tag = session.run("docker push josedom24/mi:v9")
        #expect(tag.stderr == "tag does not exist: josedom24/mi:v9\n")
        session.run("docker tag josedom24/mi:v1 otro/mi:v1")
        let other = session.run("docker push otro/mi:v1")
        #expect(other.status == 1)
        #expect(other.stderr == "denied: requested access to the resource is denied\n")
    }

    @Test func saveAndLoadThroughTheHostFolder() throws {
        let session = sessionWithImage()
        let image = try session.engine.findImage("josedom24/mi:v1")
        let terminal = session.run("docker save josedom24/mi:v1")
        #expect(terminal.stderr == "cowardly refusing to save to a terminal. Use the -o flag or redirect\n")
        #expect(session.run("docker save josedom24/mi:v1 > mi.tar").status == 0)
        #expect(session.run("docker save -o otra.tar josedom24/mi:v1").status == 0)
        let redirected = try session.engine.host.read("/home/usuario/mi.tar", cwd: [])
        #expect(redirected.size > image.size)
        let listing = session.run("ls -l otra.tar").stdout
        #expect(listing.hasPrefix("-rw------- "))
        #expect(listing.contains(" \(redirected.size) "))
        // Loaded after the image and its layers went.
        session.run("docker rm cc", "docker rmi josedom24/mi:v1 debian:stable-slim")
        #expect(session.engine.images.isEmpty)
        let load = session.run("docker load -i mi.tar")
        #expect(load.status == 0)
        #expect(
            load.stdout.hasSuffix(
                "Loading layer [==================================================>]  \(Units.humanSize(Engine.tarBytes(session.engine.layers.chain(from: image.topLayer)[0].tree), precision: 4))/\(Units.humanSize(Engine.tarBytes(session.engine.layers.chain(from: image.topLayer)[0].tree), precision: 4))\nLoaded image: josedom24/mi:v1\n"
            ))
        #expect(try session.engine.findImage("josedom24/mi:v1").id == image.id)
        #expect(session.run("docker load < otra.tar").stdout == "Loaded image: josedom24/mi:v1\n")
    }

    @Test func loadErrors() {
        let session = sessionWithImage()
        #expect(session.run("docker load -i nada.tar").stderr == "open nada.tar: no such file or directory\n")
        #expect(session.run("docker load").stderr == "requested load from stdin, but stdin is empty\n")
        session.run("echo hola > falso.tar")
        let bad = session.run("docker load -i falso.tar")
        #expect(bad.stderr == "Error response from daemon: unexpected EOF\n")
        #expect(bad.status == 1)
        #expect(
            session.run("docker save -o /nope/x.tar josedom24/mi:v1").stderr
                == "failed to save image: invalid output path: stat /nope: no such file or directory\n")
        #expect(
            session.run("docker save -o x.tar nada").stderr
                == "Error response from daemon: No such image: nada:latest\n")
    }
}

/// `docker search` over the simulated Hub's catalog and what was pushed to it.
@Suite struct SearchTests {
    @Test func tableOfficialFirstWithTruncatedDescriptions() {
        let session = makeSession()
        let output = session.run("docker search nginx")
        #expect(output.status == 0)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("NAME "))
        #expect(lines[0].contains("DESCRIPTION") && lines[0].contains("STARS") && lines[0].hasSuffix("OFFICIAL"))
        #expect(lines[1].hasPrefix("nginx "))
        #expect(lines[1].hasSuffix("[OK]"))
        let long = session.run("docker search --limit 1 ubuntu").stdout
        #expect(long.contains("Ubuntu is a Debian-based Linux operating sys…"))
        #expect(long.split(separator: "\n").count == 2)
        let full = session.run("docker search --limit 1 --no-trunc ubuntu").stdout
        #expect(full.contains("Ubuntu is a Debian-based Linux operating system based on free software."))
    }

    @Test func pushedImagesAreFoundWithNoStars() {
        let session = makeSession()
        session.run(
            "docker pull debian:stable-slim", "docker tag debian:stable-slim josedom24/2048:v1",
            "docker login -u josedom24 -p x", "docker push josedom24/2048:v1")
        let output = session.run("docker search josedom24/2048")
        #expect(
            output.stdout
                == "NAME             DESCRIPTION   STARS     OFFICIAL\njosedom24/2048                 0         \n")
    }

    @Test func filtersLimitAndFormat() {
        let session = makeSession()
        let official = session.run("docker search --filter is-official=true --format '{{.Name}}' --limit 1 mysql")
            .stdout
        #expect(official == "mysql\n")
        let stars = session.run("docker search -f stars=100000 mysql").stdout
        #expect(stars == "NAME      DESCRIPTION   STARS     OFFICIAL\n")
        #expect(
            session.run("docker search --limit 101 mysql").stderr
                == "Error response from daemon: limit 101 is outside the range of [1, 100]\n")
        #expect(
            session.run("docker search -f foo=1 mysql").stderr == "Error response from daemon: invalid filter 'foo'\n")
        let automated = session.run("docker search -f is-automated=true mysql")
        #expect(automated.stderr.hasPrefix("WARNING: the \"is-automated\" filter is deprecated"))
        #expect(automated.stdout == "NAME      DESCRIPTION   STARS     OFFICIAL\n")
        let json = session.run("docker search --format json --limit 1 redis").stdout
        #expect(json.contains("\"IsOfficial\":\"true\"") && json.contains("\"Name\":\"redis\""))
    }
}

/// `ADD` of a git repository from the simulated remotes (`Hub/remotes/`).
@Suite struct RemoteAddTests {
    @Test func addOfAGitRepositoryCopiesItsTree() throws {
        let session = makeSession()
        session.run(
            "mkdir app", "cd app", "echo 'FROM nginx' > Dockerfile",
            "echo 'WORKDIR /usr/share/nginx/html/' >> Dockerfile",
            "echo 'ADD https://github.com/josedom24/2048.git .' >> Dockerfile")
        let build = session.run("docker build -q -t juego .")
        #expect(build.status == 0)
        let listing = session.run("docker run --rm juego ls /usr/share/nginx/html/js").stdout
        #expect(listing.contains("game_manager.js"))
        let page = session.run("docker run --rm juego cat /usr/share/nginx/html/index.html").stdout
        #expect(page.contains("<h1 class=\"title\">2048</h1>"))
        let missing = session.run("echo 'ADD https://github.com/nadie/nada.git /x' >> Dockerfile", "docker build -q .")
        #expect(missing.status == 1)
    }
}
