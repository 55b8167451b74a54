import DockerSimCommands
import DockerSimCore
import DockerSimTestSupport
import Testing

@Suite("Help")
struct HelpTests {
    private func run(_ line: String) -> CommandOutput {
        makeSession(at: "1970-01-01T00:00:00Z").handle(line)
    }

    /// As docker 28 prints it on an 80-column terminal (or with no terminal): pflag wraps the
    /// usage of `--platform`.
    @Test func dockerPullHelpAsDocker28PrintsIt() {
        // The docker 28.2 client installed on the project's machine prints exactly this.
        let expected = """
            Usage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]

            Download an image from a registry

            Aliases:
              docker image pull, docker pull

            Options:
              -a, --all-tags                Download all tagged images in the repository
                  --disable-content-trust   Skip image verification (default true)
                  --platform string         Set platform if server is multi-platform
                                            capable
              -q, --quiet                   Suppress verbose output

            """
        #expect(run("docker pull --help").stdout == expected)
        #expect(run("pull --help").stdout == expected)
        #expect(run("pull --help").status == 0)
    }

    @Test func aliasesAreTheSameUnderEveryPath() {
        #expect(
            run("docker image ls --help").stdout.hasPrefix("Usage:  docker image ls [OPTIONS] [REPOSITORY[:TAG]]\n"))
        #expect(
            run("docker image ls --help").stdout.contains(
                "\nAliases:\n  docker image ls, docker image list, docker images\n"))
        #expect(
            run("images --help").stdout.contains("\nAliases:\n  docker image ls, docker image list, docker images\n"))
        #expect(
            run("rm --help").stdout.contains("\nAliases:\n  docker container rm, docker container remove, docker rm\n"))
        #expect(!run("system df --help").stdout.contains("Aliases:"))
        // Compared with the docker 28.2 client's help for every command dockersim simulates
        // (28.5.1's sources agree): aliases, `StringSlice` types, long descriptions.
        #expect(run("restart --help").stdout.contains("\nAliases:\n  docker container restart, docker restart\n"))
        #expect(run("system info --help").stdout.contains("\nAliases:\n  docker system info, docker info\n"))
        #expect(run("network create --help").stdout.contains("\n      --subnet strings       Subnet in CIDR format"))
        #expect(run("update --help").stdout.contains("\n      --blkio-weight uint16        Block IO"))
        #expect(run("cp --help").stdout.contains("\n\nUse '-' as the source to read a tar archive from stdin\n"))
    }

    @Test func longFlagHelpIsWrappedAsPflagDoes() {
        let text = run("docker logs --help").stdout
        // pflag's wrap for 80 columns (computed with its algorithm: width 79, indent 23, slop 5).
        #expect(
            text.contains(
                "      --since string   Show logs since timestamp (e.g.\n                       \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\"\n                       for 42 minutes)\n"
            ))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 79 })
    }

    /// `--format` gets docker's whole FormatHelp (InspectFormatHelp for inspect), wrapped by pflag
    /// for 80 columns (checked against a port of pflag's wrap); `--filter`'s type is `filter`.
    @Test func formatAndFilterAsDockerWritesThem() {
        let text = run("ps --help").stdout
        #expect(
            text.contains(
                """
                  -f, --filter filter   Filter output based on conditions provided
                      --format string   Format output using a custom template:
                                        'table':            Print output in table format
                                        with column headers (default)
                                        'table TEMPLATE':   Print output in table format
                                        using the given Go template
                                        'json':             Print in JSON format
                                        'TEMPLATE':         Print output using the given
                                        Go template.
                                        Refer to https://docs.docker.com/go/formatting/
                                        for more information about formatting output with
                                        templates
                  -n, --last int        Show n last created containers (includes all
                                        states) (default -1)

                """))
        let inspect = run("inspect --help").stdout
        #expect(
            inspect.contains(
                "Format output using a custom template:\n                        'json':             Print in JSON format\n"
            ))
        #expect(!inspect.contains("'table'"))
    }

    @Test func dockerAloneAsCobraLaysItOut() {
        // `docker` alone: cobra's ShowHelp, on stderr; `--help` on stdout.
        let text = run("docker").stderr
        #expect(run("docker").stdout.isEmpty)
        #expect(
            text.hasPrefix(
                "Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommon Commands:\n  run         Create and run a new container from an image\n  exec        "
            ))
        #expect(
            text.contains(
                "\nManagement Commands:\n  builder     Manage builds\n  buildx*     Docker Buildx\n  compose*    Docker Compose\n  container   Manage containers\n  context     Manage contexts\n"
            ))
        #expect(text.contains("\nSwarm Commands:\n  swarm       Manage Swarm\n\nCommands:\n  attach      "))
        #expect(
            text.contains("\nGlobal Options:\n      --config string      Location of client config files (default\n"))
        #expect(
            text.hasSuffix(
                "\nRun 'docker COMMAND --help' for more information on a command.\n\nFor more help on usage, see the docs: https://docs.docker.com/go/guides/\n"
            ))
        #expect(run("docker --help").stdout == text)
        #expect(run("--help").stdout == text)
    }

    @Test func dockersimsOwnHelpInBothLanguages() {
        let english = Help.dockersim(.en)
        let spanish = Help.dockersim(.es)
        #expect(english.contains("dockersim understands docker commands"))
        #expect(spanish.contains("dockersim entiende las órdenes de docker"))
        for text in [english, spanish] {
            #expect(text.contains("pull"))
            #expect(text.contains("docker image "))
            #expect(text.contains("Ctrl-P Ctrl-Q"))
            #expect(text.contains("josedom24/servidorweb"))
            #expect(text.contains("lesson list") && text.contains("lesson start ID") && text.contains("hint"))
            #expect(text.contains("record start"))
        }
        #expect(Language.from(flag: nil, environment: ["LANG": "es_ES.UTF-8"]) == .es)
        #expect(Language.from(flag: "en", environment: ["LANG": "es_ES.UTF-8"]) == .en)
        #expect(Language.from(flag: nil, environment: ["LC_ALL": "C", "LANG": "es_ES.UTF-8"]) == .en)
        #expect(Language.from(flag: nil, environment: [:]) == .en)
    }
}
