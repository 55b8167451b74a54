import DockerSimCore
import DockerSimTestSupport
import Testing

@testable import DockerSimCommands

/// A session with ubuntu pulled, a running `-it` container `web`, a stopped one `old`.
private func sessionWithContainers() -> Session {
    let session = makeSession(seed: 7)
    _ = session.handle("pull ubuntu")
    _ = session.handle("run -d -it --name web ubuntu")
    _ = session.handle("create --name old ubuntu")
    return session
}

private func texts(_ completion: Completion) -> [String] { completion.candidates.map(\.text) }

@Suite("Tab completion")
struct CompleterTests {
    @Test func commandNamesWithAndWithoutDocker() {
        let completer = Completer(engine: Engine(clock: .manual(at: .zero)))
        #expect(completer.complete("pul").insertion == "l ")
        #expect(completer.complete("docker pul").insertion == "l ")
        #expect(Set(["pull", "push"]).isSubset(of: texts(completer.complete("pu"))))
        #expect(Set(["image", "images", "inspect"]).isSubset(of: texts(completer.complete("docker i"))))
        #expect(texts(completer.complete("docker i")).allSatisfy { $0.hasPrefix("i") })
        #expect(texts(completer.complete("")).contains("help"))
        #expect(!texts(completer.complete("docker ")).contains("help"))
        #expect(completer.complete("hel").insertion == "p ")
        #expect(Set(["head", "help"]).isSubset(of: texts(completer.complete("he"))))
        // The shell's tokenizer: after `|`, `;`, `&&` or `$(` a command name is completed again.
        #expect(completer.complete("ps -aq | hea").insertion == "d ")
        #expect(completer.complete("docker rm -f $(docker pul").insertion == "l ")
        #expect(completer.complete("echo 'a b' && pul").insertion == "l ")
    }

    @Test func hostProgramsCompleteTheHostFolder() {
        let session = makeSession()
        session.handle("mkdir web; touch Dockerfile")
        let completer = Completer(session: session)
        #expect(completer.complete("cat Doc").insertion == "kerfile ")
        #expect(completer.complete("ls w").insertion == "eb/")
        #expect(completer.complete("command rm Do").insertion == "ckerfile ")
    }

    @Test func subCommandsOfGroups() {
        let completer = Completer(engine: Engine(clock: .manual(at: .zero)))
        #expect(Set(["list", "ls"]).isSubset(of: texts(completer.complete("image l"))))
        #expect(completer.complete("docker system d").insertion == "f ")
        #expect(Set(["remove", "rename"]).isSubset(of: texts(completer.complete("container re"))))
        #expect(!texts(completer.complete("container re")).contains("rm"))
    }

    @Test func flagsComeFromEachCommandsSpec() {
        let completer = Completer(engine: Engine(clock: .manual(at: .zero)))
        #expect(completer.complete("ps --no").insertion == "-trunc ")
        #expect(texts(completer.complete("images --d")) == ["--digests"])
        #expect(texts(completer.complete("run --na")) == ["--name"])
        #expect(texts(completer.complete("system df -")).contains("-v"))
        #expect(completer.complete("ps --he").insertion == "lp ")
    }

    @Test func hubRepositoriesAndTagsForPull() {
        let completer = Completer(engine: Engine(clock: .manual(at: .zero)))
        let tags = completer.complete("pull josedom24/servidorweb:")
        #expect(tags.candidates.map(\.display) == ["v1", "v2"])
        #expect(tags.insertion == "v")
        #expect(completer.complete("pull josedom24/servidorweb:v").insertion == "")
        #expect(completer.complete("pull josedom24/servidorweb:v2").insertion == " ")
        // A repository without `latest` leaves room for its tag; ubuntu can be pulled by name.
        #expect(completer.complete("pull jose").insertion == "dom24/servidorweb:")
        #expect(completer.complete("docker image pull ubu").insertion == "ntu ")
        #expect(
            texts(completer.complete("pull debian:")) == [
                "debian:12", "debian:12-slim", "debian:12.4", "debian:bookworm", "debian:bookworm-slim",
                "debian:latest",
                "debian:stable", "debian:stable-slim",
            ])
        #expect(completer.complete("pull -q hello").insertion == "-world ")
    }

    @Test func localImagesForRunRmiTagHistory() {
        let session = sessionWithContainers()
        let completer = Completer(session: session)
        #expect(texts(completer.complete("run -it ")) == ["ubuntu", "ubuntu:latest"])
        #expect(texts(completer.complete("run --name x ub")) == ["ubuntu", "ubuntu:latest"])
        #expect(completer.complete("rmi ubuntu:").insertion == "latest ")
        #expect(texts(completer.complete("history u")) == ["ubuntu", "ubuntu:latest"])
        #expect(texts(completer.complete("tag ubuntu:latest u")) == ["ubuntu", "ubuntu:latest"])
        #expect(texts(completer.complete("image inspect u")) == ["ubuntu", "ubuntu:latest"])
        // After the image comes the container's command: nothing to offer.
        #expect(completer.complete("run ubuntu b").candidates.isEmpty)
        // A flag's value is not an operand.
        #expect(completer.complete("run --name ").candidates.isEmpty)
    }

    @Test func containersByState() {
        let session = sessionWithContainers()
        let completer = Completer(session: session)
        #expect(texts(completer.complete("attach ")) == ["web"])
        #expect(texts(completer.complete("stop ")) == ["web"])
        #expect(texts(completer.complete("exec -it ")) == ["web"])
        #expect(texts(completer.complete("start ")) == ["old"])
        #expect(texts(completer.complete("rm ")) == ["old", "web"])
        #expect(texts(completer.complete("docker container logs ")) == ["old", "web"])
        #expect(texts(completer.complete("inspect ")) == ["old", "ubuntu", "ubuntu:latest", "web"])
        if CommandTable.topLevel["cp"] != nil {
            #expect(completer.complete("cp w").insertion == "eb:")
            #expect(completer.complete("cp web:/etc/pas").insertion == "swd ")
        }
        let id = String(session.engine.containers.values.first { $0.name == "web" }?.id.prefix(12) ?? "")
        #expect(texts(completer.complete("diff " + id.prefix(3))).contains(id))
    }

    @Test func pathsInsideTheContainer() {
        let session = sessionWithContainers()
        _ = session.handle("run -it --name t1 ubuntu")
        #expect(session.inContainer)
        let completer = Completer(session: session)
        // As in Ubuntu's /etc, `pa` is ambiguous (pam.conf, pam.d/, passwd); `pas` is not.
        #expect(completer.complete("cat /etc/pa").candidates.map(\.display) == ["pam.conf", "pam.d/", "passwd"])
        #expect(completer.complete("cat /etc/pas").insertion == "swd ")
        #expect(completer.complete("cd /ro").insertion == "ot/")
        #expect(completer.complete("ls /ro").candidates.first?.isFinal == false)
        #expect(texts(completer.complete("cat /etc/host")).contains("/etc/hostname"))
        #expect(completer.complete("cat /root/.ba").candidates.contains { $0.display == ".bashrc" })
        #expect(!completer.complete("ls /root/").candidates.contains { $0.display.hasPrefix(".") })
        #expect(completer.complete("ech").insertion == "o ")
        #expect(texts(completer.complete("ca")).contains("cat"))
        _ = session.handle("cd /etc")
        #expect(Completer(session: session).complete("cat pass").insertion == "wd ")
    }

    /// Operands come from each command's usage line, so new commands complete too.
    @Test func operandsFromTheUsageLine() {
        func kind(_ path: String, _ use: String, _ position: Int) -> Completer.OperandKind {
            Completer.operandKind(CommandSpec(path, use: use, summary: "", args: .none, flags: []), position: position)
        }
        #expect(kind("docker run", "[OPTIONS] IMAGE [COMMAND] [ARG...]", 0) == .localImage)
        #expect(kind("docker run", "[OPTIONS] IMAGE [COMMAND] [ARG...]", 3) == .nothing)
        #expect(kind("docker rm", "[OPTIONS] CONTAINER [CONTAINER...]", 4) == .container(running: nil))
        #expect(kind("docker stop", "[OPTIONS] CONTAINER [CONTAINER...]", 1) == .container(running: true))
        #expect(kind("docker start", "[OPTIONS] CONTAINER [CONTAINER...]", 0) == .container(running: false))
        #expect(kind("docker tag", "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]", 1) == .localImage)
        #expect(kind("docker pull", "[OPTIONS] NAME[:TAG|@DIGEST]", 0) == .hubReference)
        #expect(kind("docker inspect", "[OPTIONS] NAME|ID [NAME|ID...]", 2) == .imageOrContainer)
        #expect(kind("docker rename", "CONTAINER NEW_NAME", 1) == .nothing)
        #expect(kind("docker commit", "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]", 1) == .localImage)
        #expect(
            kind(
                "docker cp",
                "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH", 0)
                == .containerPath)
        #expect(kind("docker system df", "[OPTIONS]", 0) == .nothing)
    }

    @Test func pluginsCanOfferTheirWords() {
        final class Lessons: SessionPlugin, CompletionWordsProvider {
            var completionWords: [String] { ["hint", "lesson"] }
            func handle(_ line: String, session: Session) -> CommandOutput? { nil }
        }
        let session = makeSession(at: "1970-01-01T00:00:00Z")
        session.plugins.append(Lessons())
        #expect(Completer(session: session).complete("hin").insertion == "t ")
        #expect(Completer(session: session).complete("docker hin").candidates.isEmpty)
    }

    @Test func commonPrefixAndListing() {
        let completion = Completion(
            word: "a", candidates: [CompletionCandidate("abcd"), CompletionCandidate("abce"), CompletionCandidate("x")])
        #expect(completion.candidates.count == 2)
        #expect(completion.commonPrefix == "abc")
        #expect(completion.insertion == "bc")
        #expect(Completion(word: "q", candidates: []).insertion == "")
    }
}
