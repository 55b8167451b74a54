import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// Docker's data root on the simulated host: `/var/lib/docker`, computed from the engine when
/// root looks (`sudo`), "Permission denied" for the user without `sudo` (as a real host's
/// `drwx--x--- root root` folder answers; the messages are those of coreutils and bash 5.2 run
/// as a user on this Debian 12 machine).
@Suite struct DataRootTests {
    @Test func theUserWithoutSudoIsDenied() {
        let session = makeSession()
        let cases: [(String, String, Int32)] = [
            ("ls /var/lib/docker", "ls: cannot open directory '/var/lib/docker': Permission denied\n", 2),
            ("ls /var/lib/docker/volumes", "ls: cannot access '/var/lib/docker/volumes': Permission denied\n", 2),
            ("cd /var/lib/docker", "bash: cd: /var/lib/docker: Permission denied\n", 1),
            ("cat /var/lib/docker/engine-id", "cat: /var/lib/docker/engine-id: Permission denied\n", 1),
            ("touch /var/lib/docker/x", "touch: cannot touch '/var/lib/docker/x': Permission denied\n", 1),
            ("echo hi > /var/lib/docker/f", "bash: /var/lib/docker/f: Permission denied\n", 1),
            ("ls -d /var/lib/docker/..", "ls: cannot access '/var/lib/docker/..': Permission denied\n", 2),
            // The user's shell cannot read the folder to expand a pattern: the word stays as written.
            ("ls /var/lib/docker/*", "ls: cannot access '/var/lib/docker/*': Permission denied\n", 2),
            ("sudo ls /var/lib/docker/v*", "ls: cannot access '/var/lib/docker/v*': No such file or directory\n", 2),
        ]
        for (line, error, status) in cases {
            let output = session.handle(line)
            #expect(output.stderr == error, "\(line)")
            #expect(output.stdout == "", "\(line)")
            #expect(output.status == status, "\(line)")
        }
        // The folder itself can be seen from its parent, as on a real host.
        #expect(session.handle("ls -ld /var/lib/docker").stdout.hasPrefix("drwx--x--- 12 root root 4096 "))
        #expect(session.handle("ls /var/lib").stdout == "docker\n")
    }

    @Test func rootSeesTheDaemonsFolders() {
        let session = makeSession()
        session.run("docker pull ubuntu", "docker volume create datos")
        #expect(
            session.handle("sudo ls -1 /var/lib/docker").stdout
                == "buildkit\ncontainers\nengine-id\nimage\nnetwork\noverlay2\nplugins\nruntimes\nswarm\ntmp\nvolumes\n"
        )
        #expect(session.handle("sudo ls -1 /var/lib/docker/volumes").stdout == "datos\nmetadata.db\n")
        // Every layer of ubuntu has its overlay2 folder (named as `docker inspect` names it),
        // with the layer's files in `diff`.
        let engine = session.engine
        guard let image = engine.images.values.first else {
            Issue.record("no image")
            return
        }
        let chain = engine.layers.chain(from: image.topLayer)
        #expect(!chain.isEmpty)
        let inspected = session.handle("docker image inspect -f '{{.GraphDriver.Data.UpperDir}}' ubuntu").stdout
        let top = DataRoot.text + "/overlay2/" + DataRoot.layerFolder(chain[0].chainID) + "/diff\n"
        #expect(inspected == top)
        #expect(
            session.handle("sudo ls \(top.dropLast())/etc/os-release").stdout == "\(top.dropLast())/etc/os-release\n")
        #expect(
            session.handle("sudo cat /var/lib/docker/image/overlay2/layerdb/sha256/\(chain[0].chainID.hex)/diff").stdout
                == chain[0].diffID.description)
        #expect(
            session.handle("sudo cat /var/lib/docker/image/overlay2/imagedb/content/sha256/\(image.id.hex)").stdout
                == image.config.json.compact)
        // The view is gone once the command ends: the host keeps no copy.
        #expect(session.engine.host.mounts.isEmpty)
        #expect(session.engine.host.sealed == DataRoot.path)
    }

    @Test func aContainersWritableLayerIsItsDiffFolder() {
        let session = makeSession()
        session.run("docker run -d --name web nginx", "docker exec web touch /tmp/nuevo")
        let upper = session.handle("docker inspect -f '{{.GraphDriver.Data.UpperDir}}' web").stdout.dropLast()
        #expect(session.handle("sudo ls \(upper)/tmp").stdout == "nuevo\n")
        // `merged` is what the running container sees: the image's files and its own.
        let merged = session.handle("docker inspect -f '{{.GraphDriver.Data.MergedDir}}' web").stdout.dropLast()
        #expect(session.handle("sudo ls -1 \(merged)/tmp").stdout == "nuevo\n")
        #expect(session.handle("sudo ls -1 \(merged)/etc/nginx").stdout.contains("nginx.conf\n"))
        session.run("docker stop web")
        // Once it stops, docker unmounts it and takes the folder away.
        #expect(session.handle("sudo ls -1 \(merged.dropLast(7))").stdout == "diff\nlink\nlower\nwork\n")
        let log = session.handle("sudo ls /var/lib/docker/containers/*/").stdout
        #expect(log.isEmpty)  // the user's shell cannot expand a glob in a folder it cannot read
        let id = session.handle("docker inspect -f '{{.Id}}' web").stdout.dropLast()
        let files = session.handle("sudo ls /var/lib/docker/containers/\(id)").stdout
        #expect(files.contains("\(id)-json.log\n") && files.contains("hostname\n") && files.contains("hosts\n"))
        #expect(
            session.handle("sudo cat /var/lib/docker/containers/\(id)/hostname").stdout == String(id.prefix(12)) + "\n")
    }

    @Test func whatRootWritesInAVolumeIsTheVolumes() {
        let session = makeSession()
        session.run(
            "docker volume create miweb",
            "docker run -d --name web -p 8080:80 -v miweb:/usr/local/apache2/htdocs httpd:2.4",
            "echo '<h1>Hola</h1>' > index.html")
        let copy = session.handle("sudo cp index.html /var/lib/docker/volumes/miweb/_data/")
        #expect(copy.status == 0)
        #expect(session.handle("curl -s localhost:8080").stdout == "<h1>Hola</h1>\n")
        #expect(session.handle("docker exec web cat /usr/local/apache2/htdocs/index.html").stdout == "<h1>Hola</h1>\n")
        // Elsewhere the view is the daemon's: it changes only through docker.
        #expect(
            session.handle("sudo touch /var/lib/docker/overlay2/x").stderr
                == "touch: cannot touch '/var/lib/docker/overlay2/x': Read-only file system\n")
    }

    /// `echo … | sudo tee FILE`: the way to write where only root may.
    @Test func teeWritesAsRoot() {
        let session = makeSession()
        session.run(
            "docker volume create miweb",
            "docker run -d --name web -p 8080:80 -v miweb:/usr/local/apache2/htdocs httpd:2.4")
        let written = session.handle("echo '<h1>Hola</h1>' | sudo tee /var/lib/docker/volumes/miweb/_data/index.html")
        #expect(written.stdout == "<h1>Hola</h1>\n" && written.status == 0)
        #expect(session.handle("curl -s localhost:8080").stdout == "<h1>Hola</h1>\n")
        let denied = session.handle("echo y | tee /var/lib/docker/z")
        #expect(denied.stderr == "tee: /var/lib/docker/z: Permission denied\n")
        #expect(denied.stdout == "y\n" && denied.status == 1)
        session.run("echo a | tee f g", "echo b | tee -a f")
        #expect(session.handle("cat f g").stdout == "a\nb\na\n")
        #expect(
            session.handle("echo hi | tee -x").stderr
                == "tee: invalid option -- 'x'\nTry 'tee --help' for more information.\n")
    }

    @Test func onlyWordsNearTheDataRootBuildIt() {
        #expect(DataRoot.touched(by: ["ls", "/var/lib/docker/volumes"], cwd: []))
        #expect(DataRoot.touched(by: ["find", "/"], cwd: []))
        #expect(DataRoot.touched(by: ["bash", "-c", "ls /var/lib/docker"], cwd: []))
        #expect(DataRoot.touched(by: ["ls"], cwd: ["var", "lib", "docker", "volumes"]))
        #expect(!DataRoot.touched(by: ["ls", "/tmp"], cwd: ["home", "usuario"]))
        #expect(!DataRoot.touched(by: ["ls"], cwd: ["var", "lib"]))
        #expect(DataRoot.link(of: "abc").count == 26)
        #expect(DataRoot.link(of: "abc").allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
        #expect(DataRoot.link(of: "abc") != DataRoot.link(of: "abd"))
    }

    @Test func catQuotesNamesAsCoreutils() {
        #expect(Shell.quotef("a b") == "'a b'")
        #expect(Shell.quotef("/x/*/lower") == "'/x/*/lower'")
        #expect(Shell.quotef("a:b") == "'a:b'")
        #expect(Shell.quotef("it's") == "\"it's\"")
        #expect(Shell.quotef("a$b'c") == "'a$b'\\''c'")
        #expect(Shell.quotef("plain.txt") == "plain.txt")
    }
}
