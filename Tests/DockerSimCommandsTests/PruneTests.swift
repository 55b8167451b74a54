import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// The prune family: docker 28's questions, sections and totals, computed from the model.
@Suite struct PruneTests {
    static let containerWarning =
        "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] "

    /// ubuntu pulled; `c1` exited after `echo hi`; `c2` exited after writing 6 bytes and 22 of history.
    func stoppedContainers() -> Session {
        let session = newSession()
        run(
            session,
            ["pull ubuntu", "run --name c1 ubuntu echo hi", "run -it --name c2 ubuntu", "echo 00000 > f.txt", "exit"])
        return session
    }

    @Test func containerPruneAsksThenRemovesStoppedContainersNewestFirst() throws {
        let session = stoppedContainers()
        let c1 = try session.engine.findContainer("c1").id
        let c2 = try session.engine.findContainer("c2").id
        let question = run(session, ["container prune"])
        #expect(question.stdout == Self.containerWarning)
        #expect(question.status == 0)
        #expect(session.engine.containers.count == 2)
        let answer = run(session, ["y"])
        #expect(answer.stdout == "Deleted Containers:\n\(c2)\n\(c1)\n\nTotal reclaimed space: 30B\n")
        #expect(answer.status == 0)
        #expect(session.engine.containers.isEmpty)
        #expect(run(session, ["container prune -f"]).stdout == "Total reclaimed space: 0B\n")
    }

    @Test func anythingButYesCancelsSilently() {
        let session = stoppedContainers()
        let before = session.engine.stateFingerprint()
        for answer in ["n", "", "yes", "N"] {
            run(session, ["container prune"])
            let output = run(session, [answer])
            #expect(output.text == "")
            #expect(output.status == 0)
            #expect(session.engine.stateFingerprint() == before)
        }
        run(session, ["image prune -a"])
        #expect(run(session, ["Y"]).stdout == "Total reclaimed space: 0B\n")  // ubuntu is in use: skipped
    }

    @Test func runningContainersStay() throws {
        let session = newSession()
        run(session, ["pull ubuntu", "run -d --name web ubuntu sleep 100", "run --name done ubuntu true"])
        let done = try session.engine.findContainer("done").id
        let output = run(session, ["container prune -f"])
        #expect(output.stdout == "Deleted Containers:\n\(done)\n\nTotal reclaimed space: 0B\n")
        #expect(session.engine.containers.count == 1)
    }

    @Test func untilAndLabelFilters() throws {
        let session = newSession()
        run(session, ["pull ubuntu", "run --name old ubuntu true", "sleep 7200", "run --name new ubuntu true"])
        let old = try session.engine.findContainer("old").id
        let output = run(session, ["container prune -f --filter until=1h"])
        #expect(output.stdout == "Deleted Containers:\n\(old)\n\nTotal reclaimed space: 0B\n")
        #expect(run(session, ["container prune -f --filter label=nothing"]).stdout == "Total reclaimed space: 0B\n")
        #expect(session.engine.containers.count == 1)
    }

    @Test func filterErrorsChangeNothing() {
        let session = stoppedContainers()
        let before = session.engine.stateFingerprint()
        let format = run(session, ["container prune --filter foo"])
        #expect(
            format.stderr
                == "invalid argument \"foo\" for \"--filter\" flag: bad format of filter (expected name=value)\n\nUsage:  docker container prune [OPTIONS]\n\nRun 'docker container prune --help' for more information\n"
        )
        #expect(format.status == 125)
        let unknown = run(session, ["container prune -f --filter foo=bar"])
        #expect(unknown.stderr == "Error response from daemon: invalid filter 'foo'\n")
        #expect(unknown.status == 1)
        let badTime = run(session, ["container prune -f --filter until=ayer"])
        #expect(badTime.stderr == "Error response from daemon: failed to parse value as time or duration: \"ayer\"\n")
        #expect(run(session, ["container prune -f -x"]).status == 125)
        #expect(run(session, ["container prune extra"]).status == 1)
        #expect(session.engine.stateFingerprint() == before)
    }

    @Test func imagePruneAllDeletesUnusedImagesAndTheirLayers() throws {
        let session = newSession()
        run(session, ["pull ubuntu", "pull hello-world", "run --name c1 hello-world"])
        let ubuntu = try session.engine.findImage("ubuntu")
        let layer = try #require(ubuntu.topLayer)
        let question = run(session, ["image prune -a"])
        #expect(
            question.stdout
                == "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] "
        )
        let output = run(session, ["y"])
        #expect(
            output.stdout == """
                Deleted Images:
                untagged: ubuntu:latest
                untagged: ubuntu@sha256:e6173d4dc55e76b87c4af8db8821b1feae4146dd47341e4d431118c7dd060a74
                deleted: \(ubuntu.id)
                deleted: \(layer)

                Total reclaimed space: \(Units.humanSize(ubuntu.size))

                """)
        #expect(session.engine.images.count == 1)  // hello-world: a container uses it
    }

    @Test func imagePruneRemovesOnlyDanglingImages() throws {
        let session = newSession()
        run(session, ["pull ubuntu", "run -it --name cc ubuntu", "echo 00000 > f.txt", "exit"])
        let committed = run(session, ["commit cc"]).stdout.trimmed("\n")
        run(session, ["rm cc"])
        let image = try #require(session.engine.images.values.first { $0.id.description == committed })
        let top = try #require(image.topLayer)
        let question = run(session, ["image prune"])
        #expect(
            question.stdout
                == "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ")
        let output = run(session, ["y"])
        #expect(
            output.stdout == "Deleted Images:\ndeleted: \(committed)\ndeleted: \(top)\n\nTotal reclaimed space: 30B\n")
        #expect(session.engine.references.count == 2)  // ubuntu:latest and its digest stay
        #expect(run(session, ["image prune -f"]).stdout == "Total reclaimed space: 0B\n")
    }

    @Test func anImageKeptOnlyByItsDigestIsDangling() throws {
        let session = newSession()
        run(session, ["pull ubuntu", "pull hello-world"])
        let ubuntu = try session.engine.findImage("ubuntu")
        run(session, ["tag hello-world ubuntu:latest"])  // ubuntu's image keeps only ubuntu@sha256:…
        let output = run(session, ["image prune -f"])
        #expect(
            output.stdout == """
                Deleted Images:
                untagged: ubuntu@sha256:e6173d4dc55e76b87c4af8db8821b1feae4146dd47341e4d431118c7dd060a74
                deleted: \(ubuntu.id)
                deleted: \(ubuntu.topLayer?.description ?? "-")

                Total reclaimed space: 77.86MB

                """)
        #expect(session.engine.images.count == 1)
    }

    @Test func systemPruneRunsContainersThenImages() throws {
        let session = stoppedContainers()
        let c1 = try session.engine.findContainer("c1").id
        let c2 = try session.engine.findContainer("c2").id
        let ubuntu = try session.engine.findImage("ubuntu")
        let question = run(session, ["system prune -a --volumes"])
        #expect(
            question.stdout == """
                WARNING! This will remove:
                  - all stopped containers
                  - all networks not used by at least one container
                  - all anonymous volumes not used by at least one container
                  - all images without at least one container associated to them
                  - all build cache

                Are you sure you want to continue? [y/N] 
                """)
        let output = run(session, ["y"])
        #expect(
            output.stdout.hasPrefix("Deleted Containers:\n\(c2)\n\(c1)\n\nDeleted Images:\nuntagged: ubuntu:latest\n"))
        #expect(
            output.stdout.hasSuffix(
                "deleted: \(ubuntu.id)\ndeleted: \(ubuntu.topLayer?.description ?? "")\n\nTotal reclaimed space: 77.86MB\n"
            ))
        #expect(session.engine.images.isEmpty && session.engine.containers.isEmpty)
    }

    @Test func systemPruneWarningDefaultsAndFilters() {
        let session = newSession()
        #expect(
            run(session, ["system prune"]).stdout == """
                WARNING! This will remove:
                  - all stopped containers
                  - all networks not used by at least one container
                  - all dangling images
                  - unused build cache

                Are you sure you want to continue? [y/N] 
                """)
        #expect(run(session, ["y"]).stdout == "Total reclaimed space: 0B\n")
        #expect(
            run(session, ["system prune --filter until=24h --filter label=a"]).stdout.contains(
                "  - unused build cache\n\n  Items to be pruned will be filtered with:\n  - label=a\n  - until=24h\n\nAre you sure"
            ))
        #expect(run(session, ["n"]).text == "")
        let volumes = run(session, ["system prune --volumes --filter until=1h"])
        #expect(volumes.stderr == "ERROR: The \"until\" filter is not supported with \"--volumes\"\n")
        #expect(volumes.status == 1)
    }

    @Test func networksAndVolumes() {
        let session = newSession()
        let networks = run(session, ["network ls"]).stdout
        let lines = networks.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "NETWORK ID     NAME      DRIVER    SCOPE")
        #expect(lines[1].hasSuffix("   bridge    bridge    local"))
        #expect(lines[2].hasSuffix("   host      host      local"))
        #expect(lines[3].hasSuffix("   none      null      local"))
        #expect(run(session, ["volume ls"]).stdout == "DRIVER    VOLUME NAME\n")
        #expect(
            run(session, ["network prune"]).stdout
                == "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] "
        )
        #expect(run(session, ["y"]).text == "")
        #expect(
            run(session, ["volume prune"]).stdout
                == "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] "
        )
        #expect(run(session, ["y"]).stdout == "Total reclaimed space: 0B\n")
        #expect(run(session, ["volume prune -a -f"]).stdout == "Total reclaimed space: 0B\n")
        #expect(run(session, ["docker network prune -f"]).text == "")
    }
}
