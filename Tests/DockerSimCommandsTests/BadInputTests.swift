import DockerSimTestSupport
import Foundation
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// A session with ubuntu and servidorweb:v1 pulled, a stopped container `c1` (ubuntu) and a
/// running one `web` (servidorweb).
func standardSession() -> Session {
    let session = makeSession(seed: 3)
    for line in [
        "pull ubuntu", "pull josedom24/servidorweb:v1", "run --name c1 ubuntu",
        "run -d --name web josedom24/servidorweb:v1",
    ] {
        let output = session.handle(line)
        precondition(output.status == 0, "setup failed: \(line): \(output.text)")
    }
    return session
}

struct BadInput: Sendable, CustomTestStringConvertible {
    var line: String
    var stderr: String
    var status: Int32
    var stdout = ""
    var testDescription: String { line }
}

let usagePs = "\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"
let usageRun = "\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
let conflictTail = ". You have to remove (or rename) that container to be able to reuse that name."
let pullDenied =
    "pull access denied for nosuch/image, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"

/// Wrong commands: docker's exact text on stderr, docker's exit status, and the state as before.
/// `<C1>` and `<WEB>` stand for the containers' full IDs, `<UBUNTU>` for ubuntu's short image ID.
let badInputs: [BadInput] = [
    BadInput(
        line: "docker foo", stderr: "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n",
        status: 1),
    BadInput(
        line: "docker image foo",
        stderr:
            "docker: unknown command: docker image foo\n\nUsage:  docker image COMMAND\n\nRun 'docker image --help' for more information\n",
        status: 1),
    BadInput(line: "ps --foo", stderr: "unknown flag: --foo" + usagePs + "\n", status: 125),
    BadInput(line: "ps -x", stderr: "unknown shorthand flag: 'x' in -x" + usagePs + "\n", status: 125),
    BadInput(
        line: "docker ps -n abc",
        stderr: "invalid argument \"abc\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax"
            + usagePs + "\n", status: 125),
    BadInput(
        line: "run --name",
        stderr: "flag needs an argument: --name" + usageRun + "Run 'docker run --help' for more information\n",
        status: 125),
    BadInput(
        line: "run -itz ubuntu",
        stderr: "unknown shorthand flag: 'z' in -itz" + usageRun + "Run 'docker run --help' for more information\n",
        status: 125),
    BadInput(
        line: "docker run",
        stderr: "docker: 'docker run' requires at least 1 argument" + usageRun
            + "See 'docker run --help' for more information\n", status: 1),
    BadInput(
        line: "tag ubuntu",
        stderr:
            "docker: 'docker tag' requires 2 arguments\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nRun 'docker tag --help' for more information\n",
        status: 1),
    BadInput(line: "ps all", stderr: "docker: 'docker ps' accepts no arguments" + usagePs + "\n", status: 1),
    BadInput(
        line: "images a b",
        stderr:
            "docker: 'docker images' requires at most 1 argument\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nSRun 'docker images --help' for more information\n",
        status: 1),
    BadInput(
        line: "system df extra",
        stderr:
            "docker: 'docker system df' accepts no arguments\n\nUsage:  docker system df [OPTIONS]\n\nRun 'docker system df --help' for more information\n",
        status: 1),
    BadInput(
        line: "rm",
        stderr:
            "docker: 'docker rm' requires at least 1 argument\n\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\nSee 'docker rm --help' for more information\n",
        status: 1),
    BadInput(
        line: "pull Ubuntu", stderr: "invalid reference format: repository name (library/Ubuntu) must be lowercase\n",
        status: 1),
    BadInput(line: "pull ubuntu:bad:tag", stderr: "invalid reference format\n", status: 1),
    BadInput(
        line: "pull ubuntu:nosuchtag",
        stderr:
            "Error response from daemon: manifest for ubuntu:nosuchtag not found: manifest unknown: manifest unknown\n",
        status: 1),
    BadInput(
        line: "pull nosuch/image", stderr: "Error response from daemon: " + pullDenied + "\n", status: 1,
        stdout: "Using default tag: latest\n"),
    BadInput(line: "rmi nothing", stderr: "Error response from daemon: No such image: nothing:latest\n", status: 1),
    BadInput(
        line: "rmi ubuntu",
        stderr:
            "Error response from daemon: conflict: unable to remove repository reference \"ubuntu\" (must force) - container <C1_SHORT> is using its referenced image <UBUNTU>\n",
        status: 1),
    BadInput(
        line: "rmi <UBUNTU>",
        stderr:
            "Error response from daemon: conflict: unable to delete <UBUNTU> (must be forced) - image is being used by stopped container <C1_SHORT>\n",
        status: 1),
    BadInput(line: "rmi -f nothing", stderr: "Error response from daemon: No such image: nothing:latest\n", status: 0),
    BadInput(line: "rm nothing", stderr: "Error response from daemon: No such container: nothing\n", status: 1),
    BadInput(
        line: "rm web",
        stderr:
            "Error response from daemon: cannot remove container \"web\": container is running: stop the container before removing or force remove\n",
        status: 1),
    BadInput(line: "attach c1", stderr: "You cannot attach to a stopped container, start it first\n", status: 1),
    BadInput(
        line: "run --name c1 ubuntu",
        stderr:
            "docker: Error response from daemon: Conflict. The container name \"/c1\" is already in use by container \"<C1>\""
            + conflictTail + "\n\nRun 'docker run --help' for more information\n", status: 125),
    BadInput(
        line: "create --name web ubuntu",
        stderr:
            "Error response from daemon: Conflict. The container name \"/web\" is already in use by container \"<WEB>\""
            + conflictTail + "\n", status: 1),
    BadInput(
        line: "run Ubuntu",
        stderr:
            "docker: invalid reference format: repository name (library/Ubuntu) must be lowercase\n\nRun 'docker run --help' for more information\n",
        status: 125),
    BadInput(
        line: "run nosuch/image",
        stderr: "Unable to find image 'nosuch/image:latest' locally\ndocker: Error response from daemon: " + pullDenied
            + "\n\nRun 'docker run --help' for more information\n", status: 125),
    BadInput(
        line: "run --name 'bad name' ubuntu",
        stderr:
            "docker: Error response from daemon: Invalid container name (bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n\nRun 'docker run --help' for more information\n",
        status: 125),
    BadInput(line: "exec c1 ls", stderr: "Error response from daemon: container <C1> is not running\n", status: 1),
    BadInput(line: "logs nothing", stderr: "Error response from daemon: No such container: nothing\n", status: 1),
    BadInput(line: "diff nothing", stderr: "Error response from daemon: No such container: nothing\n", status: 1),
    BadInput(line: "history nothing", stderr: "Error response from daemon: No such image: nothing:latest\n", status: 1),
    BadInput(line: "inspect nothing", stderr: "Error: No such object: nothing\n", status: 1, stdout: "[]\n"),
    BadInput(
        line: "image inspect nothing", stderr: "Error response from daemon: No such image: nothing:latest\n", status: 1,
        stdout: "[]\n"),
    BadInput(
        line: "tag nothing mine", stderr: "Error response from daemon: No such image: nothing:latest\n", status: 1),
    BadInput(
        line: "tag ubuntu Mine",
        stderr:
            "Error parsing reference: \"Mine\" is not a valid repository/tag: invalid reference format: repository name (library/Mine) must be lowercase\n",
        status: 1),
    BadInput(
        line: "rename c1 web",
        stderr:
            "Error response from daemon: Conflict. The container name \"/web\" is already in use by container \"<WEB>\""
            + conflictTail + "\n", status: 1),
    BadInput(
        line: "rename c1 c1",
        stderr: "Error response from daemon: Renaming a container with the same name as its current name\n", status: 1),
    BadInput(
        line: "start nothing",
        stderr: "Error response from daemon: No such container: nothing\nError: failed to start containers: nothing\n",
        status: 1),
    BadInput(line: "stop nothing", stderr: "Error response from daemon: No such container: nothing\n", status: 1),
    BadInput(
        line: "kill c1",
        stderr: "Error response from daemon: cannot kill container: c1: container <C1> is not running\n", status: 1),
    BadInput(
        line: "exec web nosuchcmd",
        stderr:
            "OCI runtime exec failed: exec failed: unable to start container process: exec: \"nosuchcmd\": executable file not found in $PATH: unknown\n",
        status: 127),
    BadInput(line: "docker run ubuntu )", stderr: "bash: syntax error near unexpected token `)'\n", status: 2),
    BadInput(line: "nosuchcommand -a", stderr: "bash: nosuchcommand: command not found\n", status: 127),
    BadInput(
        line: "run --rm --restart always ubuntu",
        stderr:
            "docker: conflicting options: cannot specify both --restart and --rm\n\nRun 'docker run --help' for more information\n",
        status: 125),
    BadInput(
        line: "run --restart sometimes ubuntu",
        stderr:
            "docker: Error response from daemon: invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'\n\nRun 'docker run --help' for more information\n",
        status: 125),
    BadInput(
        line: "run --restart always:3 nosuch/image",
        stderr:
            "docker: Error response from daemon: invalid restart policy: maximum retry count can only be used with 'on-failure'\n\nRun 'docker run --help' for more information\n",
        status: 125),
    BadInput(
        line: "run --restart on-failure:-1 ubuntu",
        stderr:
            "docker: Error response from daemon: invalid restart policy: maximum retry count cannot be negative\n\nRun 'docker run --help' for more information\n",
        status: 125),
    BadInput(
        line: "run --restart on-failure:x ubuntu",
        stderr:
            "docker: invalid restart policy format: maximum retry count must be an integer\n\nRun 'docker run --help' for more information\n",
        status: 125),
]

@Suite struct BadInputTests {
    @Test(arguments: badInputs)
    func printsDockersErrorAndChangesNothing(_ input: BadInput) throws {
        let session = standardSession()
        let c1 = try session.engine.findContainer("c1").id
        let web = try session.engine.findContainer("web").id
        let ubuntu = try session.engine.findImage("ubuntu").id.short
        func fill(_ text: String) -> String {
            text.replacingOccurrences(of: "<C1_SHORT>", with: String(c1.prefix(12)))
                .replacingOccurrences(of: "<C1>", with: c1)
                .replacingOccurrences(of: "<WEB>", with: web)
                .replacingOccurrences(of: "<UBUNTU>", with: ubuntu)
        }
        let before = session.engine.stateFingerprint()
        let output = session.handle(fill(input.line))
        #expect(output.stderr == fill(input.stderr))
        #expect(output.stdout == fill(input.stdout))
        #expect(output.status == input.status)
        #expect(session.engine.stateFingerprint() == before)
        #expect(session.engine.invariantViolations().isEmpty)
    }

    @Test func thereAreAtLeastThirty() {
        #expect(badInputs.count >= 30)
    }

    /// A missing executable leaves a `Created` container behind, as docker does, and exits 127.
    @Test func missingExecutableLeavesACreatedContainer() throws {
        let session = standardSession()
        let output = session.handle("run --name broken ubuntu nosuchcmd")
        #expect(output.status == 127)
        #expect(
            output.stderr
                == "docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"nosuchcmd\": executable file not found in $PATH: unknown\n\nRun 'docker run --help' for more information\n"
        )
        let ps = session.handle("ps -a")
        #expect(ps.stdout.contains("Created"))
    }
}
