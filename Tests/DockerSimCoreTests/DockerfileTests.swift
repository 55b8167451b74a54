import Testing

@testable import DockerSimCore

/// BuildKit's Dockerfile parser: directives, continuations, comments, heredocs, typed
/// instructions and their errors, the variable expansion of words.
@Suite struct DockerfileTests {
    @Test func theCoursesDockerfileReadsAsBuildKitReadsIt() throws {
        let text = """
            # syntax=docker/dockerfile:1
            FROM debian:stable-slim
            RUN apt-get update  && apt-get install -y  apache2 
            WORKDIR /var/www/html
            COPY index.html .
            CMD apache2ctl -D FOREGROUND

            """
        let file = try Dockerfile(text)
        #expect(file.syntax == "docker/dockerfile:1")
        #expect(file.lines.map(\.keyword) == ["FROM", "RUN", "WORKDIR", "COPY", "CMD"])
        #expect(file.lines[1].code == "RUN apt-get update  && apt-get install -y  apache2")
        #expect(file.lines[1].rest == "apt-get update  && apt-get install -y  apache2")
        #expect(file.lines[1].startLine == 3)
        let plan = try DockerfilePlan(file)
        #expect(plan.stages.count == 1)
        #expect(plan.stages[0].baseName == "debian:stable-slim")
        #expect(plan.stages[0].instructions.filter(\.isStep).count == 3)
    }

    /// BuildKit reads lines with Go's `bufio.ScanLines`: a `\r` before each newline is dropped,
    /// so a Dockerfile saved with Windows line ends builds as the same file with `\n` ends.
    @Test func windowsLineEndsAreLineEnds() throws {
        let unix = "FROM alpine\nRUN apk add \\\n    curl\nCMD [\"sh\"]\n"
        let windows = try Dockerfile(unix.replacingOccurrences(of: "\n", with: "\r\n"))
        let plain = try Dockerfile(unix)
        #expect(windows.lines.map(\.code) == plain.lines.map(\.code))
        #expect(windows.lines.map(\.startLine) == plain.lines.map(\.startLine))
        #expect(windows.lines.map(\.endLine) == plain.lines.map(\.endLine))
        #expect(windows.lines[1].code == "RUN apk add     curl")
    }

    @Test func continuationLinesJoinKeepingTheirSpaces() throws {
        let file = try Dockerfile("FROM alpine\nRUN apk add \\\n    curl \\\n# a comment\n    git\n")
        #expect(file.lines[1].code == "RUN apk add     curl     git")
        #expect(file.lines[1].startLine == 2)
        #expect(file.lines[1].endLine == 5)
    }

    @Test func heredocsAreCollected() throws {
        let file = try Dockerfile("FROM alpine\nRUN <<EOF\necho hola\necho adios\nEOF\nCMD [\"sh\"]\n")
        #expect(file.lines.count == 3)
        #expect(file.lines[1].heredocs.first?.content == "echo hola\necho adios\n")
        #expect(file.lines[2].startLine == 6)
    }

    @Test func parseErrorsNameTheLine() {
        #expect(throws: Dockerfile.ParseError.self) { try DockerfilePlan(Dockerfile("FROM alpine\nFORM x\n")) }
        do {
            _ = try DockerfilePlan(Dockerfile("FROM alpine\nFORM x\n"))
        } catch {
            #expect(error.message == "dockerfile parse error on line 2: unknown instruction: FORM (did you mean FROM?)")
            #expect(error.startLine == 2)
        }
        do {
            _ = try DockerfilePlan(Dockerfile("FROM alpine\nCOPY onlyone\n"))
        } catch {
            #expect(
                error.message
                    == "dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined"
            )
        }
        do {
            _ = try DockerfilePlan(Dockerfile("RUN echo\n"))
        } catch {
            #expect(error.message == "no build stage in current context")
        }
        do {
            _ = try Dockerfile("# just a comment\n")
        } catch {
            #expect(error.message == "file with no instructions")
        }
        do {
            _ = try DockerfilePlan(Dockerfile("FROM alpine\nCOPY --form=x a b\n"))
        } catch {
            #expect(error.message == "dockerfile parse error on line 2: unknown flag: --form (did you mean from?)")
        }
    }

    @Test func legacyEnvAndLabelForms() throws {
        let plan = try DockerfilePlan(Dockerfile("FROM php:7.4-apache\nENV DB_USER user1\nENV A=1 B=\"dos tres\"\n"))
        guard case .env(let legacy) = plan.stages[0].instructions[0].kind,
            case .env(let pairs) = plan.stages[0].instructions[1].kind
        else {
            Issue.record("not ENV")
            return
        }
        #expect(legacy == [.init(key: "DB_USER", value: "user1", noDelim: true)])
        #expect(pairs.map(\.key) == ["A", "B"])
        #expect(pairs[1].value == "\"dos tres\"")
    }

    @Test func casingIsChecked() throws {
        let plan = try DockerfilePlan(Dockerfile("FROM alpine\nrun echo\nCMD [\"sh\"]\n"))
        #expect(
            plan.checks.map(\.short) == [
                "ConsistentInstructionCasing: Command 'run' should match the case of the command majority (uppercase) (line 2)"
            ])
    }

    @Test func wordsExpandLikeBuildKit() throws {
        let lex = DockerfileLex()
        let env = ["PHP_VERSION": "8.2-apache", "EMPTY": ""]
        #expect(try lex.process("php:${PHP_VERSION}", env: env).0 == "php:8.2-apache")
        #expect(try lex.process("${NOPE:-7.4-apache}", env: env).0 == "7.4-apache")
        #expect(try lex.process("${EMPTY:-x}", env: env).0 == "x")
        #expect(try lex.process("${EMPTY-x}", env: env).0 == "")
        #expect(try lex.process("${PHP_VERSION:+set}", env: env).0 == "set")
        #expect(try lex.process("'$PHP_VERSION' \"$PHP_VERSION\"", env: env).0 == "$PHP_VERSION 8.2-apache")
        #expect(try lex.process("\\$PHP_VERSION", env: env).0 == "$PHP_VERSION")
        #expect(throws: DockerfileLex.Failure.self) { try lex.process("${PHP_VERSION", env: env) }
        var raw = DockerfileLex()
        raw.skipUnsetEnv = true
        raw.rawQuotes = true
        #expect(raw.expand("echo \"$HOME\" $PHP_VERSION", env: env) == "echo \"$HOME\" 8.2-apache")
    }

    @Test func dockerignorePatterns() {
        let patterns = IgnorePattern.parse("# comment\n*.log\nnode_modules\n!keep.log\ndocs/**/*.md\n")
        #expect(IgnorePattern.excludes(patterns, "debug.log"))
        #expect(!IgnorePattern.excludes(patterns, "keep.log"))
        #expect(IgnorePattern.excludes(patterns, "node_modules/a/b.js"))
        #expect(IgnorePattern.excludes(patterns, "docs/a/b/c.md"))
        #expect(!IgnorePattern.excludes(patterns, "index.html"))
    }
}
