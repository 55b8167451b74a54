import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// `docker cp` between a container and the simulated host folder, and the host shell around it.
@Suite struct CopyTests {
    /// The course's `hora-container2`, running for `seconds`.
    func clockContainer(seconds: Int = 400) -> Session {
        let session = newSession()
        run(
            session,
            [
                "pull ubuntu",
                "run -d --name hora-container2 ubuntu bash -c 'while true; do date +\"%T\" >> hora.txt; sleep 1; done'",
                "sleep \(seconds)",
            ])
        return session
    }

    @Test func theCoursesCopiesBothWays() throws {
        let session = clockContainer()
        let before = try session.engine.findContainer("hora-container2").sizeRw
        #expect(run(session, ["echo \"Curso Docker\">docker.txt"]).text == "")
        let to = run(session, ["docker cp docker.txt hora-container2:/tmp"])
        #expect(to.stdout == "")
        #expect(to.stderr == "Successfully copied 2.05kB to hora-container2:/tmp\n")
        #expect(to.status == 0)
        #expect(run(session, ["docker exec hora-container2 cat /tmp/docker.txt"]).stdout == "Curso Docker\n")
        // The container path is shown as typed (relative to the container's root).
        #expect(
            run(session, ["docker cp docker.txt hora-container2:root"]).stderr
                == "Successfully copied 2.05kB to hora-container2:root\n")
        #expect(run(session, ["docker exec hora-container2 cat /root/docker.txt"]).stdout == "Curso Docker\n")
        let container = try session.engine.findContainer("hora-container2")
        #expect(container.sizeRw >= before + 13)
        #expect(run(session, ["docker diff hora-container2"]).stdout.contains("C /tmp\nA /tmp/docker.txt\n"))

        let lines = try #require(container.fs.read("/hora.txt", cwd: []).text).split(separator: "\n").count
        let from = run(session, ["docker cp hora-container2:hora.txt ."])
        let data = Int64(lines * 9)
        let stream = 512 + (data + 511) / 512 * 512 + 1024
        #expect(from.stderr == "Successfully copied \(Units.humanSize(stream, precision: 3)) to /home/usuario/.\n")
        #expect(session.engine.host.view.lookup(["home", "usuario", "hora.txt"]) != nil)
        #expect(run(session, ["ls"]).stdout == "docker.txt  hora.txt\n")
    }

    @Test func theCoursesNumbersAfter400Seconds() {
        let session = clockContainer(seconds: 400)
        let from = run(session, ["docker cp hora-container2:hora.txt ."])
        #expect(from.stderr == "Successfully copied 5.63kB to /home/usuario/.\n")
    }

    @Test func directoriesAndRenames() throws {
        let session = newSession()
        run(
            session,
            [
                "pull ubuntu", "run -d --name cc ubuntu sleep 1000", "mkdir datos", "echo a > datos/a.txt",
                "echo bb >> datos/a.txt",
            ])
        // The directory entry, the file's header and data block, and the end of the archive.
        #expect(run(session, ["docker cp datos cc:/srv"]).stderr == "Successfully copied 2.56kB to cc:/srv\n")
        #expect(run(session, ["docker exec cc cat /srv/datos/a.txt"]).stdout == "a\nbb\n")  // into the existing /srv
        #expect(run(session, ["docker cp datos cc:/nuevo"]).status == 0)
        // A new directory takes the name.
        #expect(run(session, ["docker exec cc cat /nuevo/a.txt"]).stdout == "a\nbb\n")
        #expect(
            run(session, ["docker cp datos/a.txt cc:/root/renamed.txt"]).stderr
                == "Successfully copied 2.05kB to cc:/root/renamed.txt\n")
        #expect(run(session, ["docker exec cc cat /root/renamed.txt"]).stdout == "a\nbb\n")
        #expect(
            run(session, ["docker cp cc:/etc/hostname copia"]).stderr
                == "Successfully copied 2.05kB to /home/usuario/copia\n")
        let hostname = try session.engine.findContainer("cc").config.hostname
        #expect(run(session, ["cat copia"]).stdout == hostname + "\n")
        // A stopped container can be copied from.
        run(session, ["docker stop cc"])
        #expect(run(session, ["docker cp cc:/srv/. /tmp"]).status == 0)
        #expect(run(session, ["cat /tmp/datos/a.txt"]).stdout == "a\nbb\n")  // `/.`: the contents of /srv
    }

    @Test func errorsLeaveEverythingAsItWas() {
        let session = clockContainer(seconds: 3)
        let cases: [(String, String, Int32)] = [
            ("docker cp nada.txt hora-container2:/tmp", "lstat /home/usuario/nada.txt: no such file or directory\n", 1),
            (
                "docker cp hora-container2:/nada .",
                "Error response from daemon: Could not find the file /nada in container hora-container2\n", 1
            ),
            ("docker cp nope:/etc/hostname .", "Error response from daemon: No such container: nope\n", 1),
            ("docker cp a b", "must specify at least one container source\n", 1),
            ("docker cp a:/x b:/y", "copying between containers is not supported\n", 1),
            (
                "docker cp hora-container2:/etc/hostname /nodir/x",
                "invalid output path: directory \"/nodir\" does not exist\n", 1
            ),
            (
                "docker cp uno",
                "docker: 'docker cp' requires 2 arguments\n\nUsage:  docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\nRun 'docker cp --help' for more information\n",
                1
            ),
        ]
        let before = session.engine.stateFingerprint()
        let host = session.engine.host.upper.count
        for (line, message, status) in cases {
            let output = run(session, [line])
            #expect(output.stderr == message, "\(line)")
            #expect(output.status == status, "\(line)")
            #expect(session.engine.stateFingerprint() == before, "\(line)")
            #expect(session.engine.host.upper.count == host, "\(line)")
        }
        // The daemon fails after the CLI has sent the archive: docker prints the line first.
        run(session, ["echo x > f"])
        let late = run(session, ["docker cp f hora-container2:/nodir/f"])
        #expect(
            late.stderr
                == "Successfully copied 2.05kB to hora-container2:/nodir/f\nError response from daemon: Could not find the file /nodir in container hora-container2\n"
        )
        #expect(late.status == 1)
        #expect(session.engine.stateFingerprint() == before)
    }

    @Test func theHostShell() {
        let session = newSession()
        #expect(run(session, ["pwd"]).stdout == "/home/usuario\n")
        #expect(run(session, ["ls"]).stdout == "")
        #expect(run(session, ["mkdir web"]).status == 0)
        let exists = run(session, ["mkdir web"])
        #expect(exists.stderr == "mkdir: cannot create directory \u{2018}web\u{2019}: File exists\n")
        #expect(exists.status == 1)
        run(session, ["cd web", "echo hola > index.html", "echo adios >> index.html"])
        #expect(run(session, ["pwd"]).stdout == "/home/usuario/web\n")
        #expect(run(session, ["cat index.html"]).stdout == "hola\nadios\n")
        #expect(run(session, ["cat nada"]).stderr == "cat: nada: No such file or directory\n")
        #expect(run(session, ["cd nada"]).stderr == "bash: cd: nada: No such file or directory\n")
        run(session, ["cd"])
        #expect(run(session, ["ls web"]).stdout == "index.html\n")
        // Plain `rm` is docker's (commands are typed without `docker`): the host's is `\rm`, and
        // dockersim says so when docker's fails on a file of the host folder.
        #expect(
            run(session, ["rm web"]).stderr
                == "Error response from daemon: No such container: web\n"
                + "dockersim: here `rm` is `docker rm` (docker commands go without `docker`); for your computer's rm type `\\rm …` (or `command rm …`)\n"
        )
        #expect(run(session, ["\\rm -r nada"]).stderr == "rm: cannot remove 'nada': No such file or directory\n")
        #expect(run(session, ["command rm -rf nada"]).status == 0)
        #expect(run(session, ["\\rm -r web"]).status == 0)
        #expect(run(session, ["ls"]).stdout == "")
        #expect(run(session, ["ls nada"]).stderr == "ls: cannot access 'nada': No such file or directory\n")
        #expect(run(session, ["ls nada"]).status == 2)
        // Columns as GNU ls fills them on an 80-column terminal.
        let names = (1...12).map { "fichero-numero-\($0).txt" }
        #expect(
            Shell.columns(names, width: 80) == """
                fichero-numero-1.txt  fichero-numero-5.txt  fichero-numero-9.txt
                fichero-numero-2.txt  fichero-numero-6.txt  fichero-numero-10.txt
                fichero-numero-3.txt  fichero-numero-7.txt  fichero-numero-11.txt
                fichero-numero-4.txt  fichero-numero-8.txt  fichero-numero-12.txt

                """)
        #expect(Shell.columns(["a", "b"], width: 80) == "a  b\n")
        run(session, ["touch b.txt A.txt .oculto"])
        #expect(run(session, ["ls"]).stdout == "A.txt  b.txt\n")
        #expect(run(session, ["ls -a"]).stdout == ".  ..  A.txt  b.txt  .oculto\n")
        #expect(run(session, ["ls -1"]).stdout == "A.txt\nb.txt\n")
        // The host shell is bash: pipes, lists, `$( )`, `ls -l`.
        #expect(run(session, ["echo a | cat"]).stdout == "a\n")
        #expect(run(session, ["ls -l b.txt"]).stdout == "-rw-r--r-- 1 usuario usuario 0 Jan 28 17:00 b.txt\n")
    }
}
