import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore
@testable import DockerSimShell

/// `find` (GNU findutils 4.9), `du` (coreutils 9.1) and `which` (debianutils 5.7) on the host.
/// The expected texts are what the real programs printed on this Debian 12 machine for the same
/// files (`a/b/`, `a/f.txt` with "hi", `c/`), but for the order of a folder's entries, which a
/// real disk gives in its own order and dockersim by the names' bytes.
@Suite struct FindDuWhichTests {
    static func session() -> Session {
        let session = makeSession()
        session.run("mkdir -p ft/a/b ft/c", "echo hi > ft/a/f.txt", "cd ft")
        return session
    }

    @Test func findWalksAndTests() {
        let session = Self.session()
        let cases: [(String, String)] = [
            ("find", ".\n./a\n./a/b\n./a/f.txt\n./c\n"),
            ("find . -name '*.txt'", "./a/f.txt\n"),
            ("find . -type d -o -type l", ".\n./a\n./a/b\n./c\n"),
            ("find . ! -type d", "./a/f.txt\n"),
            ("find a/", "a/\na/b\na/f.txt\n"),
            ("find . -empty", "./a/b\n./c\n"),
            ("find . -iname 'F*'", "./a/f.txt\n"),
            ("find . -path './a/*'", "./a/b\n./a/f.txt\n"),
            ("find . -name f.txt -exec echo hola {} \\;", "hola ./a/f.txt\n"),
            ("find . -type f -exec echo {} +", "./a/f.txt\n"),
            ("find . -maxdepth 1 -type d", ".\n./a\n./c\n"),
            ("find . -mindepth 2", "./a/b\n./a/f.txt\n"),
            ("find . -size -1k -type f", ""),
            ("find . -size 1 -type f", "./a/f.txt\n"),
        ]
        for (line, expected) in cases {
            let output = session.handle(line)
            #expect(output.stdout == expected, "\(line)")
            #expect(output.status == 0, "\(line)")
        }
    }

    @Test func findErrorsAreFindutils() {
        let session = Self.session()
        let cases: [(String, String)] = [
            ("find /nonexist", "find: \u{2018}/nonexist\u{2019}: No such file or directory\n"),
            ("find . -foo", "find: unknown predicate `-foo'\n"),
            ("find . -name", "find: missing argument to `-name'\n"),
            (
                "find -name x .",
                "find: paths must precede expression: `.'\nfind: possible unquoted pattern after predicate `-name'?\n"
            ),
            ("find . -type x", "find: Unknown argument to -type: x\n"),
        ]
        for (line, expected) in cases {
            let output = session.handle(line)
            #expect(output.stderr == expected, "\(line)")
            #expect(output.status == 1, "\(line)")
        }
        // A folder the user may not read is reported and skipped.
        let denied = session.handle("find /var/lib")
        #expect(denied.stdout == "/var/lib\n/var/lib/docker\n")
        #expect(denied.stderr == "find: \u{2018}/var/lib/docker\u{2019}: Permission denied\n")
        #expect(denied.status == 1)
    }

    @Test func duCountsBlocks() {
        let session = Self.session()
        let cases: [(String, String)] = [
            ("du", "4\t./a/b\n12\t./a\n4\t./c\n20\t.\n"),
            ("du -a", "4\t./a/b\n4\t./a/f.txt\n12\t./a\n4\t./c\n20\t.\n"),
            ("du -s", "20\t.\n"),
            ("du -sh .", "20K\t.\n"),
            ("du -h -d 1", "12K\t./a\n4.0K\t./c\n20K\t.\n"),
            ("du -c a c", "4\ta/b\n12\ta\n4\tc\n16\ttotal\n"),
            ("du -b", "4096\t./a/b\n8195\t./a\n4096\t./c\n16387\t.\n"),
            ("du --apparent-size -s", "17\t.\n"),
        ]
        for (line, expected) in cases {
            #expect(session.handle(line).stdout == expected, "\(line)")
        }
        #expect(session.handle("du nada").stderr == "du: cannot access 'nada': No such file or directory\n")
        #expect(
            session.handle("du -s -a").stderr
                == "du: cannot both summarize and show all entries\nTry 'du --help' for more information.\n")
        // A volume's files seen from the host, as root.
        session.run("docker volume create datos", "docker run --rm -v datos:/datos alpine sh -c 'echo hola > /datos/f'")
        #expect(
            session.handle("sudo du -s /var/lib/docker/volumes/datos/_data").stdout
                == "8\t/var/lib/docker/volumes/datos/_data\n")
    }

    @Test func whichFindsPrograms() {
        let session = makeSession()
        let found = session.handle("which docker ls nada")
        #expect(found.stdout == "/usr/bin/docker\n/usr/bin/ls\n")
        #expect(found.status == 1)
        #expect(session.handle("which -a ls").stdout == "/usr/bin/ls\n/bin/ls\n")
        let bad = session.handle("which -x")
        #expect(bad.stdout == "Usage: /usr/bin/which [-a] args\n" && bad.stderr == "Illegal option -x\n")
        #expect(bad.status == 2)
        session.run("docker run -it --name caja ubuntu")
        #expect(session.handle("which bash").text == "/usr/bin/bash\n")
    }
}
