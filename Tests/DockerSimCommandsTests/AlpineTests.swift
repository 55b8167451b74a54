import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// Alpine: BusyBox's ash and applets say what they say (not bash's texts), `printf` in the one
/// shell, and `apk` over the catalog (`Packages/alpine/v3.19`).
@Suite struct AlpineTests {
    /// The shell `run -it` attaches is bash when the image's command is bash's path (found as a
    /// file by the launch, not looked up again), and ash in alpine (its `/bin/sh`, looked up);
    /// `start -ai` attaches bash again.
    @Test func attachedShellIsTheImagesShell() {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 7)
        session.run("docker run -it --name ub ubuntu")
        #expect(session.attached?.shell.flavor == .bash)
        #expect(session.prompt.hasPrefix("root@") && session.prompt.hasSuffix(":/# "))
        session.run("exit")
        session.run("docker start -ai ub")
        #expect(session.attached?.shell.flavor == .bash)
        session.run("exit")
        session.run("docker run -it --name alp alpine")
        #expect(session.attached?.shell.isBusyBox == true)
        #expect(session.prompt == "/ # ")
        session.run("exit")
    }

    @Test func ashAndBusyBoxErrors() {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 7)
        session.run("docker run -it --name alp alpine")
        let missing = session.run("foo")
        #expect(missing.text == "/bin/sh: foo: not found\n")
        #expect(missing.status == 127)
        let cd = session.run("cd /nope")
        #expect(cd.text == "/bin/sh: cd: can't cd to /nope: No such file or directory\n")
        #expect(cd.status == 2)
        #expect(session.run("cat /x").text == "cat: can't open '/x': No such file or directory\n")
        let ls = session.run("ls /x")
        #expect(ls.text == "ls: /x: No such file or directory\n")
        #expect(ls.status == 1)
        #expect(session.run("rm /x").text == "rm: can't remove '/x': No such file or directory\n")
        #expect(session.run("mkdir /etc").text == "mkdir: can't create directory '/etc': File exists\n")
        // `sh -c` is a script: the builtins' errors say the line.
        let script = session.run("sh -c 'cd /nope; echo $?'")
        #expect(script.text == "sh: cd: line 1: can't cd to /nope: No such file or directory\n2\n")
        #expect(session.run("sh -c 'exit abc'").text == "sh: exit: line 1: Illegal number: abc\n")
        session.run("exit")
        // A RUN-like one-off: `/bin/sh -c` in alpine is ash.
        let run = session.run("docker run --rm alpine sh -c foo")
        #expect(run.stderr == "sh: foo: not found\n")
        #expect(run.status == 127)
        // Debian's sh is dash, bash is bash.
        session.run("docker run -it --name deb debian:stable-slim")
        #expect(session.run("sh -c 'cd /nope'").text == "sh: 1: cd: can't cd to /nope\n")
        #expect(session.run("foo").text == "bash: foo: command not found\n")
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func printfInBashAndAsh() {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 8)
        #expect(session.run("printf '%s-%05d|%-4s|%x\\n' a 42 b 255 c 7").stdout == "a-00042|b   |ff\nc-00007|    |0\n")
        #expect(session.run("printf '%5.2f|%+d|%c|%b\\n' 3.14159 7 hola 'a\\tb'").stdout == " 3.14|+7|h|a\tb\n")
        #expect(session.run("printf '%s %s\\n' 1 2 3").stdout == "1 2\n3 \n")
        #expect(session.run("printf '%q\\n' 'a b'").stdout == "'a b'\n")
        #expect(session.run("printf '%d\\n' \"'A\"").stdout == "65\n")
        let bad = session.run("printf '%d\\n' abc")
        #expect(bad.text == "bash: printf: abc: invalid number\n0\n")
        #expect(bad.status == 1)
        #expect(session.run("printf '%k'").stderr == "bash: printf: `k': invalid format character\n")
        let usage = session.run("printf")
        #expect(usage.stderr == "printf: usage: printf [-v var] format [arguments]\n")
        #expect(usage.status == 2)
        session.run("printf -v greeting '%s!' hola")
        #expect(session.run("echo $greeting").stdout == "hola!\n")
        session.run("docker run -it --name alp alpine")
        let ash = session.run("printf '%d\\n' abc")
        #expect(ash.text == "sh: invalid number 'abc'\n0\n")
        #expect(session.run("printf '%03d:%s\\n' 5 x").stdout == "005:x\n")
    }

    @Test func apkAddDelUpdate() throws {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 9)
        session.run("docker run -it --name alp alpine")
        let add = session.run("apk add apache2")
        #expect(add.status == 0)
        #expect(
            add.stdout == """
                fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz
                fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/community/x86_64/APKINDEX.tar.gz
                (1/6) Installing libuuid (2.39.3-r0)
                (2/6) Installing apr (1.7.4-r0)
                (3/6) Installing libexpat (2.5.0-r2)
                (4/6) Installing apr-util (1.6.3-r1)
                (5/6) Installing pcre2 (10.42-r2)
                (6/6) Installing apache2 (2.4.58-r1)
                Executing apache2-2.4.58-r1.pre-install
                Executing busybox-1.36.1-r15.trigger
                OK: 11 MiB in 21 packages

                """)
        // The indexes stay in the cache: the next add fetches nothing.
        #expect(session.run("apk add apache2").stdout == "OK: 11 MiB in 21 packages\n")
        #expect(session.run("ls /usr/sbin/httpd").status == 0)
        #expect(session.run("cat /etc/apk/world").stdout.contains("apache2\n"))
        let del = session.run("apk del apache2")
        #expect(del.stdout.hasPrefix("(1/6) Purging apache2 (2.4.58-r1)\n"))
        #expect(del.stdout.hasSuffix("OK: 7 MiB in 15 packages\n"))
        #expect(session.run("ls /usr/sbin/httpd").status == 1)
        let unknown = session.run("apk add nada")
        #expect(unknown.status == 1)
        #expect(
            unknown.text
                == "ERROR: unable to select packages:\n  nada (no such package):\n    required by: world[nada]\n")
        let update = session.run("apk update")
        #expect(update.stdout.hasSuffix("OK: 23082 distinct packages available\n"))
        session.run("exit")
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func noCacheLeavesNoIndexes() throws {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 10)
        session.run("docker run --name cached alpine apk add apache2")
        session.run("docker run --name nocache alpine apk add --no-cache apache2")
        let cached = try session.engine.findContainer("cached")
        let nocache = try session.engine.findContainer("nocache")
        // The two APKINDEX files (2.39 MB) are the difference.
        #expect(cached.sizeRw - nocache.sizeRw == 486_219 + 1_901_432)
        #expect(session.run("docker diff nocache").stdout.contains("/var/cache/apk/APKINDEX") == false)
    }
}
