import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// `run`/`create` `-m`, `--memory-swap`, `--memory-reservation`, `--cpus`, `-c`; `docker update`;
/// `docker stats` (docker/cli v28.5.1 opts.go, update.go, stats.go; moby daemon_unix.go).
struct ResourceLimitsTests {
    @Test func memorySizesParseAsGoUnitsDoes() {
        #expect(ResourceOptions.ramInBytes("512m") == .value(536_870_912))
        #expect(ResourceOptions.ramInBytes("1g") == .value(1_073_741_824))
        #expect(ResourceOptions.ramInBytes("1.5GiB") == .value(1_610_612_736))
        #expect(ResourceOptions.ramInBytes("100") == .value(100))
        #expect(ResourceOptions.ramInBytes("64 kb") == .value(65_536))
        #expect(ResourceOptions.ramInBytes("abc") == .failure("invalid size: 'abc'"))
        #expect(ResourceOptions.ramInBytes("-5") == .failure("invalid size: '-5'"))
        #expect(ResourceOptions.ramInBytes("5x") == .failure("invalid suffix: 'x'"))
        #expect(ResourceOptions.ramInBytes("5MX") == .failure("invalid suffix: 'mx'"))
        #expect(ResourceOptions.ramInBytes("5ZZZZ") == .failure("invalid suffix: 'ZZZZ'"))
        #expect(
            ResourceOptions.ramInBytes("1x2") == .failure("strconv.ParseFloat: parsing \"1x2\": invalid syntax"))
        #expect(ResourceOptions.memorySwap("-1") == .value(-1))
    }

    @Test func sizesPastTwoToTheSixtyThreeAreGosNotACrash() {
        // Go's int64(f) past 2⁶³ is Int64.min on amd64: the daemon then refuses the limit.
        #expect(ResourceOptions.ramInBytes("99999999999999999999999") == .value(.min))
        #expect(ResourceOptions.ramInBytes("9223372036854775807b") == .value(.min))
        let session = makeSession()
        session.run("pull alpine")
        #expect(
            session.handle("create -m 99999999999999999999999 alpine").text
                == "Error response from daemon: Minimum memory limit allowed is 6MB\n")
        // A limit whose double (the default swap) passes 2⁶³ wraps as Go's int64 does.
        #expect(session.handle("create --name big -m 5000000000000000000 alpine").status == 0)
        #expect(
            session.handle("inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}' big").text
                == "5000000000000000000 -8446744073709551616\n")
        #expect(session.engine.invariantViolations().isEmpty)
    }

    @Test func cpusParseAsRationalNumbers() {
        #expect(ResourceOptions.cpus("1.5") == .value(1_500_000_000))
        #expect(ResourceOptions.cpus("0.75") == .value(750_000_000))
        #expect(ResourceOptions.cpus("3/2") == .value(1_500_000_000))
        #expect(ResourceOptions.cpus("2e-1") == .value(200_000_000))
        #expect(ResourceOptions.cpus("-1") == .value(-1_000_000_000))
        #expect(ResourceOptions.cpus("uno") == .failure("failed to parse uno as a rational number"))
        #expect(ResourceOptions.cpus("0.0000000001") == .failure("value is too precise"))
    }

    @Test func runStoresTheLimitsAndInspectShowsThem() {
        let session = makeSession()
        session.run("pull httpd:2.4")
        let run = session.handle("run -d -m 512m --cpus 1.5 -c 512 --name web httpd:2.4")
        #expect(run.status == 0)
        let format =
            "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.CpuShares}}"
        #expect(session.handle("inspect --format '\(format)' web").stdout == "536870912 1073741824 1500000000 512\n")
        let json = session.handle("inspect web").stdout
        #expect(
            json.contains(
                "\"CpuShares\": 512,\n            \"Memory\": 536870912,\n            \"NanoCpus\": 1500000000,"))
        #expect(json.contains("\"MemoryReservation\": 0,\n            \"MemorySwap\": 1073741824,"))
        // The course's conversion: an assignment's `$( )` runs docker too.
        let script = "n=$(docker inspect --format '{{.HostConfig.NanoCpus}}' web); echo \"[$n]\""
        #expect(session.handle(script).stdout == "[1500000000]\n")
    }

    @Test func badValuesGetTheCLIsAndTheDaemonsErrors() {
        let session = makeSession()
        session.run("pull httpd:2.4")
        let before = session.engine.stateFingerprint()
        let flag = session.handle("run -d -m abc httpd:2.4")
        #expect(flag.stderr.hasPrefix("invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'\n"))
        #expect(flag.status == 125)
        let cpus = session.handle("run -d --cpus 3 httpd:2.4")
        #expect(
            cpus.stderr
                == "docker: Error response from daemon: Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available\n\nRun 'docker run --help' for more information\n"
        )
        #expect(cpus.status == 125)
        #expect(session.handle("create -m 4m httpd:2.4").stderr.contains("Minimum memory limit allowed is 6MB"))
        #expect(
            session.handle("create -m 64m --memory-swap 32m httpd:2.4").stderr.contains(
                "Minimum memoryswap limit should be larger than memory limit, see usage"))
        #expect(
            session.handle("create --memory-swap 1g httpd:2.4").stderr.contains(
                "You should always set the Memory limit when using Memoryswap limit, see usage"))
        #expect(
            session.handle("create -m 64m --memory-reservation 128m httpd:2.4").stderr.contains(
                "Minimum memory limit can not be less than memory reservation limit, see usage"))
        #expect(session.engine.stateFingerprint() == before)
        #expect(session.handle("docker run --help").stdout.contains("  -m, --memory bytes "))
    }

    @Test func updateChangesLimitsOrRefusesWithDockersErrors() throws {
        let session = makeSession()
        session.run("pull httpd:2.4")
        let id = session.handle("run -d -m 512m --name web httpd:2.4").stdout.dropLast()
        let ok = session.handle("update --memory 1g --cpus 1.5 web")
        #expect(ok.stdout == "web\n")
        #expect(ok.status == 0)
        let format = "{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}}"
        #expect(session.handle("inspect --format '\(format)' web").stdout == "1073741824 1073741824 1500000000\n")
        let before = session.engine.stateFingerprint()
        let conflict = session.handle("update -m 2g web")
        #expect(
            conflict.stderr
                == "Error response from daemon: Cannot update container \(id): Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time\n"
        )
        #expect(conflict.status == 1)
        #expect(session.handle("update web").stderr == "you must provide one or more flags when using this command\n")
        let missing = session.handle("update --cpus 1 nosuch web")
        #expect(missing.stdout == "web\n")
        #expect(missing.stderr == "Error response from daemon: No such container: nosuch\n")
        #expect(missing.status == 1)
        #expect(
            session.handle("container update --cpus 4 web").stderr
                == "Error response from daemon: Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available\n"
        )
        session.handle("update --cpus 1.5 web")
        #expect(session.engine.stateFingerprint() == before)
        #expect(session.handle("update -m 2g --memory-swap -1 web").status == 0)
        #expect(session.handle("inspect --format '{{.HostConfig.MemorySwap}}' web").stdout == "-1\n")
        let rm = session.handle("run -d --rm --name tmp httpd:2.4")
        #expect(rm.status == 0)
        #expect(
            session.handle("update --restart always tmp").stderr.hasSuffix(
                "Restart policy cannot be updated because AutoRemove is enabled for the container\n"))
    }

    @Test func statsShowsTheModelsNumbers() {
        let session = makeSession()
        session.run("pull httpd:2.4", "pull ubuntu")
        session.handle("run -d -m 512m --name servidor_web httpd:2.4")
        session.handle("run -d --name shell ubuntu sleep infinity")
        session.handle("create --name parado ubuntu")
        let table = session.handle("stats --no-stream servidor_web").stdout
        let lines = table.split(separator: "\n")
        #expect(
            lines.first
                == "CONTAINER ID   NAME           CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS")
        #expect(lines.count == 2)
        #expect(lines[1].contains("   servidor_web   0.00%     6MiB / 512MiB       1.17%     0B / 0B   "))
        #expect(lines[1].hasSuffix("   82"))
        let all = session.handle("stats --no-stream --format '{{.Name}} {{.MemUsage}} {{.PIDs}}'").stdout
        #expect(all == "shell 400KiB / 3.824GiB 1\nservidor_web 6MiB / 512MiB 82\n")
        let stopped = session.handle("stats -a --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}'")
        #expect(stopped.stdout.hasPrefix("parado 0.00% 0B / 0B 0\n"))
        #expect(
            session.handle("stats --no-stream nosuch").stderr
                == "Error response from daemon: No such container: nosuch\n")
    }

    @Test func streamingStatsDrawsAFrameAndStopsAtTheForegroundLimit() {
        let session = makeSession()
        session.run("pull httpd:2.4")
        session.handle("run -d --name web httpd:2.4")
        let output = session.handle("stats web")
        #expect(output.stdout.hasPrefix("\u{1B}[HCONTAINER ID   NAME      CPU %"))
        #expect(output.stdout.contains(" \u{1B}[K\n"))
        #expect(output.stdout.hasSuffix("\u{1B}[J"))
        #expect(output.status == 130)
    }
}
