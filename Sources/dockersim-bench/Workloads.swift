import DockerSimCommands
import DockerSimCore

/// The fixed pieces of work the instruction-count guard (`.ci/perf-guard`) counts under
/// callgrind: `dockersim-bench --count WORKLOAD TIMES` builds the workload's state, then runs its
/// measured part `TIMES` times. The guard counts a run with 0 and one with `TIMES`, so start-up
/// and the state's building cancel out and what is left is the measured part alone.
enum Workloads {
    static let names = [
        "seed", "df-1000", "images-1000", "pull-1000", "pull-10000", "growth-1000", "growth-10000", "build",
        "layers-10000", "layers-10000-terminal", "layers-10000-one", "run-seed", "rmi-pull-seed", "images-seed",
        "ps-seed",
    ]

    /// The workloads' sessions, kept until the process exits: freeing a large state at the end
    /// of `run` would make glibc consolidate its free lists (`malloc_consolidate`), a cost that
    /// falls in the run with repetitions only and so would be counted as theirs (BENCHMARKS.md).
    nonisolated(unsafe) private static var kept: [Session] = []

    /// Keeps `session` alive until the process exits, and returns it.
    private static func keep(_ session: Session) -> Session {
        kept.append(session)
        return session
    }

    /// Runs `name`'s measured part `times` times after building its state.
    static func run(_ name: String, times: Int) {
        switch name {
        case "seed":
            // Both seed examples, each time in a new session (the Hub is built once, before).
            _ = keep(Benchmarks.newSession())
            let lines = ProcessBenchmarks.seedScript.split(separator: "\n").map(String.init)
            for _ in 0..<times {
                let session = Benchmarks.newSession()
                for line in lines { _ = session.handle(line) }
            }
        case "df-1000", "images-1000":
            let session = keep(syntheticSession(images: 1_000, containers: 1_000))
            let line = name == "df-1000" ? "docker system df -v" : "docker images"
            for _ in 0..<times { Benchmarks.must(session, line) }
        case "pull-1000", "pull-10000":
            let size = name == "pull-1000" ? 1_000 : 10_000
            let session = keep(syntheticSession(images: size, containers: size))
            for _ in 0..<times {
                Benchmarks.must(session, "docker pull josedom24/servidorweb:v1")
                Benchmarks.must(session, "docker rmi josedom24/servidorweb:v1")
            }
        case "growth-1000", "growth-10000":
            // One more `create` + `commit` on a state built command by command (the growth group's
            // step): what it costs must not grow with the state.
            let size = name == "growth-1000" ? 1_000 : 10_000
            let session = keep(Benchmarks.newSession())
            Benchmarks.must(session, "docker pull ubuntu")
            for index in 0..<(size + times) {  // the first `size` build the state
                Benchmarks.must(session, "docker create --name c\(index) ubuntu")
                Benchmarks.must(session, "docker commit c\(index) growth:\(index)")
            }
        case "layers-10000":
            // Issue 17: the picture of the scale group's state, as an SVG in the simulated host.
            let session = keep(syntheticSession(images: 10_000, containers: 10_000))
            for _ in 0..<times { Benchmarks.must(session, "layers --svg todo.svg") }
        case "layers-10000-terminal":
            // The terminal's answer to that state: too large to draw, it says how to see it.
            let session = keep(syntheticSession(images: 10_000, containers: 10_000))
            for _ in 0..<times { _ = session.handle("layers") }
        case "layers-10000-one":
            // `layers IMAGE`: one image of the 10,000 drawn on the terminal.
            let session = keep(syntheticSession(images: 10_000, containers: 10_000))
            for _ in 0..<times { Benchmarks.must(session, "layers bench/app7") }
        case "build":
            // The build group's first figure: the course's apache image built in a new session
            // (set up, and the package catalog read once, before).
            Benchmarks.must(keep(Benchmarks.apacheProject()), "docker build -t josedom24/myapache2:v2 .")
            for _ in 0..<times {
                let session = Benchmarks.apacheProject()
                Benchmarks.must(session, "docker build -t josedom24/myapache2:v2 .")
            }
        case "run-seed":
            // The commands group's `run -it` + `exit` on the seed state, with the `rm` between runs.
            let session = keep(Benchmarks.newSession())
            for line in [
                "docker pull josedom24/servidorweb:v1", "docker pull josedom24/servidorweb:v2", "docker pull ubuntu",
            ] {
                Benchmarks.must(session, line)
            }
            // One run first, untimed by the guard's subtraction: ubuntu's tree is built on the
            // first container's start, once per process.
            for _ in 0..<(times + 1) {
                Benchmarks.must(session, "docker run -it --name contenedor1 ubuntu")
                Benchmarks.must(session, "exit")
                Benchmarks.must(session, "docker rm contenedor1")
            }
        case "rmi-pull-seed":
            // The commands group's `rmi ubuntu` and `pull ubuntu`, alternately, on the seed state.
            let session = keep(Benchmarks.newSession())
            for line in [
                "docker pull josedom24/servidorweb:v1", "docker pull josedom24/servidorweb:v2", "docker pull ubuntu",
            ] {
                Benchmarks.must(session, line)
            }
            for _ in 0..<times {
                Benchmarks.must(session, "docker rmi ubuntu")
                Benchmarks.must(session, "docker pull ubuntu")
            }
        case "images-seed":
            // The commands group's `images` on the seed state (servidorweb v1 and v2, ubuntu); one
            // untimed first (once-per-process work is not the repetitions').
            let session = keep(Benchmarks.newSession())
            for line in [
                "docker pull josedom24/servidorweb:v1", "docker pull josedom24/servidorweb:v2", "docker pull ubuntu",
            ] {
                Benchmarks.must(session, line)
            }
            for _ in 0..<(times + 1) { Benchmarks.must(session, "docker images") }
        case "ps-seed":
            // The commands group's `ps -a -s` on its state: contenedor1 stopped, with a file written.
            let session = keep(Benchmarks.newSession())
            for line in [
                "docker pull josedom24/servidorweb:v1", "docker pull josedom24/servidorweb:v2", "docker pull ubuntu",
                "docker run -it --name contenedor1 ubuntu", "exit", "docker start contenedor1",
                "docker attach contenedor1", "echo \"00000000000000000\">file.txt", "exit",
            ] {
                Benchmarks.must(session, line)
            }
            for _ in 0..<(times + 1) { Benchmarks.must(session, "docker ps -a -s") }
        default:
            fatalError("dockersim-bench: unknown workload \(name); the workloads are \(names.joined(separator: ","))")
        }
    }

    /// A session holding `images` images on shared base chains of 20 layers and `containers`
    /// containers (as the scale group's state, smaller).
    static func syntheticSession(images: Int, containers: Int) -> Session {
        let session = Benchmarks.newSession()
        do {
            try session.engine.addSyntheticWorld(
                chains: max(images / 10, 1), chainLength: 20, images: images, containers: containers)
        } catch {
            fatalError("dockersim-bench: building the state failed: \(error)")
        }
        return session
    }
}
