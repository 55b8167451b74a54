import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// pip in the course's images: what it collects (requirements, then what they need, in the
/// order found), the order it installs them, its warnings, Debian's externally-managed refusal.
@Suite struct PipTests {
    @Test func requirementsOnPythonAlpine() throws {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 11)
        session.run("docker run -it --name py python:3.10-alpine sh")
        session.run("printf 'flask\\nredis\\n' > requirements.txt")
        let result = session.run("pip install -r requirements.txt")
        #expect(result.status == 0)
        #expect(result.text.hasPrefix("Collecting flask\n  Downloading flask-3.0.1-py3-none-any.whl (101 kB)\n"))
        #expect(
            result.text.contains(
                "Collecting MarkupSafe>=2.1.1\n  Downloading MarkupSafe-2.1.4-cp310-cp310-musllinux_1_1_x86_64.whl (28 kB)\n"
            ))
        #expect(
            result.text.contains(
                "Installing collected packages: MarkupSafe, itsdangerous, click, blinker, async-timeout, Werkzeug, redis, Jinja2, flask\nSuccessfully installed Jinja2-3.1.3 MarkupSafe-2.1.4 Werkzeug-3.0.1 async-timeout-4.0.3 blinker-1.7.0 click-8.1.7 flask-3.0.1 itsdangerous-2.1.2 redis-5.0.1\n"
            ))
        #expect(result.text.contains("WARNING: Running pip as the 'root' user"))
        #expect(result.text.hasSuffix("[notice] To update, run: pip install --upgrade pip\n"))
        #expect(session.run("ls /usr/local/bin/flask").status == 0)
        #expect(session.run("ls /usr/local/lib/python3.10/site-packages/flask-3.0.1.dist-info").status == 0)
        #expect(
            session.run("pip install flask").text.hasPrefix(
                "Requirement already satisfied: flask in /usr/local/lib/python3.10/site-packages (3.0.1)\n"))
        let missing = session.run("pip install -r nada.txt")
        #expect(missing.status == 1)
        #expect(
            missing.text == "ERROR: Could not open requirements file: [Errno 2] No such file or directory: 'nada.txt'\n"
        )
        let unknown = session.run("pip install nopackage")
        #expect(unknown.status == 1)
        #expect(unknown.text.hasSuffix("ERROR: No matching distribution found for nopackage\n"))
        session.run("exit")
        #expect(session.engine.invariantViolations() == [])
    }

    @Test func pip23_2SaysWhereARequirementComesFrom() {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 12)
        session.run("docker run -it --name py python:3.12.1-bookworm bash")
        session.run("echo flask > requirements.txt")
        let result = session.run("pip install --no-cache-dir -r requirements.txt")
        #expect(result.text.hasPrefix("Collecting flask (from -r requirements.txt (line 1))\n"))
        #expect(result.text.contains("Collecting Werkzeug>=3.0.0 (from flask->-r requirements.txt (line 1))\n"))
        // 3.12 is past async-timeout's marker; MarkupSafe's wheel is manylinux.
        #expect(result.text.contains("MarkupSafe-2.1.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"))
        #expect(result.text.contains("[notice] A new release of pip is available: 23.2.1 -> 23.3.2\n"))
    }

    @Test func debianRefusesWithoutBreakSystemPackages() {
        let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: 13)
        session.run("docker run -it --name deb debian:12")
        session.run("apt-get update -qq")
        session.run("apt-get install -y -qq python3-pip > /dev/null")
        let refused = session.run("pip3 install flask")
        #expect(refused.status == 1)
        #expect(
            refused.text.hasPrefix(
                "error: externally-managed-environment\n\n× This environment is externally managed\n"))
        #expect(session.run("ls /usr/local/bin/flask").status != 0)
        let forced = session.run("pip3 install --break-system-packages flask")
        #expect(forced.status == 0)
        #expect(!forced.text.contains("[notice]"))
        #expect(session.run("ls /usr/local/bin/flask").status == 0)
    }
}
