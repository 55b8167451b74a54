import DockerSimCommands
import DockerSimCore

/// One figure measured against its target.
struct Figure {
    var name: String
    /// The measured value, in `unit`.
    var value: Double
    var unit: String
    /// The bound (the figure must be at most this), nil for a figure shown for information.
    var target: Double?
    /// How it was measured (runs, what the median is over).
    var note: String = ""

    /// A line the parent process parses back.
    var encoded: String { "FIGURE\t\(name)\t\(value)\t\(unit)\t\(target.map { String($0) } ?? "-")\t\(note)" }

    init(name: String, value: Double, unit: String, target: Double?, note: String = "") {
        self.name = name
        self.value = value
        self.unit = unit
        self.target = target
        self.note = note
    }

    init?(encoded line: Substring) {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 6, parts[0] == "FIGURE", let value = Double(parts[2]) else { return nil }
        self.init(name: parts[1], value: value, unit: parts[3], target: Double(parts[4]), note: parts[5])
    }
}

/// The in-process benchmarks (each group runs in its own process so its peak memory is its own).
enum Benchmarks {
    static let start = Timestamp(rfc3339: "2024-01-28T18:00:00+01:00") ?? .zero

    static func newSession() -> Session { Session(engine: Engine(clock: .manual(at: start), seed: 1)) }

    /// Median time of `body` over `runs` runs, each preceded by an untimed `prepare`, in µs.
    static func medianMicros(runs: Int, prepare: () -> Void = {}, _ body: () -> Void) -> Double {
        var samples: [UInt64] = []
        samples.reserveCapacity(runs)
        for _ in 0..<runs {
            prepare()
            samples.append(Measure.time(body))
        }
        return Measure.median(samples) / 1000
    }

    /// Runs a line and stops the benchmark if it failed (a broken benchmark measures nothing).
    @discardableResult
    static func must(_ session: Session, _ line: String) -> CommandOutput {
        let output = session.handle(line)
        if output.status != 0 {
            fatalError("dockersim-bench: `\(line)` failed with \(output.status): \(output.stderr)\(output.stdout)")
        }
        return output
    }

    // MARK: - Per command on the seed state

    /// pull, images, `system df -v`, `run -it` + exit, `ps -a -s`, rmi on the state of the seed
    /// transcript (servidorweb v1 and v2, ubuntu, contenedor1), inside the session.
    static func commands(runs: Int) -> [Figure] {
        let session = newSession()
        must(session, "docker pull josedom24/servidorweb:v1")
        must(session, "docker pull josedom24/servidorweb:v2")
        let target = 20.0
        var figures: [Figure] = []
        let note = "median of \(runs)"
        // pull ubuntu onto the seed state, and rmi it: alternately, each timed on its own.
        must(session, "docker pull ubuntu")
        var pulls: [UInt64] = []
        var rmis: [UInt64] = []
        for _ in 0..<runs {
            rmis.append(Measure.time { must(session, "docker rmi ubuntu") })
            pulls.append(Measure.time { must(session, "docker pull ubuntu") })
        }
        figures.append(
            Figure(
                name: "seed: pull ubuntu", value: Measure.median(pulls) / 1000, unit: "µs", target: target,
                note: note + ", alternating with rmi"))
        figures.append(
            Figure(
                name: "seed: images", value: medianMicros(runs: runs) { must(session, "docker images") },
                unit: "µs", target: target, note: note))
        figures.append(
            Figure(
                name: "seed: system df -v", value: medianMicros(runs: runs) { must(session, "docker system df -v") },
                unit: "µs", target: target, note: note))
        figures.append(
            Figure(
                name: "seed: run -it + exit",
                value: medianMicros(
                    runs: runs,
                    prepare: {
                        if session.engine.containerNames["contenedor1"] != nil {
                            must(session, "docker rm contenedor1")
                        }
                    }
                ) {
                    must(session, "docker run -it --name contenedor1 ubuntu")
                    must(session, "exit")
                }, unit: "µs", target: target, note: note + ", rm untimed between runs"))
        must(session, "docker start contenedor1")
        must(session, "docker attach contenedor1")
        must(session, "echo \"00000000000000000\">file.txt")
        must(session, "exit")
        figures.append(
            Figure(
                name: "seed: ps -a -s", value: medianMicros(runs: runs) { must(session, "docker ps -a -s") },
                unit: "µs", target: target, note: note))
        figures.append(
            Figure(
                name: "seed: rmi ubuntu", value: Measure.median(rmis) / 1000,
                unit: "µs", target: target, note: note + ", untag + delete image and layer, alternating with pull"))
        return figures
    }

    // MARK: - Scale

    /// 10,000 images on 1,000 shared base chains of 20 layers, 10,000 containers.
    static func scale(runs: Int) -> [Figure] {
        let session = newSession()
        var figures: [Figure] = []
        let build = Measure.time {
            do {
                try session.engine.addSyntheticWorld(chains: 1_000, chainLength: 20, images: 10_000, containers: 10_000)
            } catch {
                fatalError("dockersim-bench: building the scale state failed: \(error)")
            }
        }
        figures.append(
            Figure(
                name: "scale: build the state (info)", value: Double(build) / 1e6, unit: "ms", target: nil,
                note:
                    "\(session.engine.images.count) images, \(session.engine.layers.layers.count) layers, \(session.engine.containers.count) containers"
            ))
        figures.append(
            Figure(
                name: "scale: images", value: medianMicros(runs: runs) { must(session, "docker images") } / 1000,
                unit: "ms", target: 20, note: "median of \(runs)"))
        figures.append(
            Figure(
                name: "scale: system df -v",
                value: medianMicros(runs: runs) { must(session, "docker system df -v") } / 1000,
                unit: "ms", target: 50, note: "median of \(runs)"))
        var pulls: [UInt64] = []
        for _ in 0..<max(runs, 21) {
            pulls.append(Measure.time { must(session, "docker pull josedom24/servidorweb:v1") })
            must(session, "docker rmi josedom24/servidorweb:v1")
        }
        figures.append(
            Figure(
                name: "scale: pull a new image", value: Measure.median(pulls) / 1e6, unit: "ms", target: 1,
                note: "median of \(max(runs, 21)), rmi untimed between runs"))
        // Where a pull's time goes: the engine call alone, and the clock check every command makes.
        var enginePulls: [UInt64] = []
        let reference = ImageReference(domain: "docker.io", path: "josedom24/servidorweb", tag: "v1")
        for _ in 0..<max(runs, 21) {
            enginePulls.append(Measure.time { _ = try? session.engine.pull(reference) })
            must(session, "docker rmi josedom24/servidorweb:v1")
        }
        figures.append(
            Figure(
                name: "scale: Engine.pull alone (info)", value: Measure.median(enginePulls) / 1e6, unit: "ms",
                target: nil,
                note: "median of \(max(runs, 21)), no command layer"))
        figures.append(
            Figure(
                name: "scale: Engine.settle() alone (info)",
                value: medianMicros(runs: 21) { session.engine.settle() } / 1000,
                unit: "ms", target: nil, note: "median of 21: the clock check every command makes"))
        figures.append(
            Figure(
                name: "scale: ps -a -s (10,000 containers, info)",
                value: medianMicros(runs: 5) { must(session, "docker ps -a -s") } / 1000,
                unit: "ms", target: nil, note: "median of 5"))
        if let resident = Measure.resident() {
            figures.append(
                Figure(
                    name: "scale: resident after the runs (info)", value: Double(resident) / 1_048_576, unit: "MiB",
                    target: nil,
                    note: "VmRSS"))
        }
        figures.append(
            Figure(
                name: "scale: peak resident", value: Double(Measure.peakResident()) / 1_048_576, unit: "MiB",
                target: 500,
                note: "getrusage ru_maxrss of the benchmark process"))
        return figures
    }

    // MARK: - Drawing the storage

    /// `layers` (issue 17) on the scale world: 10,000 images on 1,000 shared base chains of 20
    /// layers, 10,000 containers. Drawing all of it is `layers --svg FILE` (the picture computed
    /// from the engine, written as SVG into the simulated host folder); on a terminal the state is
    /// too large and `layers` says so; `layers IMAGE` draws one image's part.
    static func layers(runs: Int) -> [Figure] {
        let session = newSession()
        do {
            try session.engine.addSyntheticWorld(chains: 1_000, chainLength: 20, images: 10_000, containers: 10_000)
        } catch {
            fatalError("dockersim-bench: building the scale state failed: \(error)")
        }
        var figures: [Figure] = []
        var bytes: Int64 = 0
        figures.append(
            Figure(
                name: "layers: draw 10,000 images sharing layers (layers --svg)",
                value: medianMicros(runs: runs) {
                    _ = must(session, "layers --svg todo.svg")
                    bytes = (try? session.engine.host.read("/home/usuario/todo.svg", cwd: []).size) ?? 0
                } / 1000,
                unit: "ms", target: 100,
                note:
                    "median of \(runs); \(session.engine.images.count) images, \(session.engine.layers.layers.count) layers, \(session.engine.containers.count) containers; \(bytes >> 20) MiB of SVG"
            ))
        figures.append(
            Figure(
                name: "layers: on the terminal, too large (info)",
                value: medianMicros(runs: runs) { _ = session.handle("layers") } / 1000,
                unit: "ms", target: nil,
                note: "median of \(runs): the store counted (StorageMap.census), then the message"))
        figures.append(
            Figure(
                name: "layers: one image of 10,000 (info)",
                value: medianMicros(runs: runs) { must(session, "layers bench/app7") } / 1000,
                unit: "ms", target: nil, note: "median of \(runs)"))
        return figures
    }

    // MARK: - Building a state through commands

    /// Builds a state of `count` containers and `count` images through the command layer (every
    /// command atomic, as a student's): `create --name cN ubuntu` then `commit cN growth:N`, and
    /// returns the nanoseconds it took.
    static func buildThroughCommands(_ count: Int) -> UInt64 {
        let session = newSession()
        must(session, "docker pull ubuntu")
        return Measure.time {
            for index in 0..<count {
                must(session, "docker create --name c\(index) ubuntu")
                must(session, "docker commit c\(index) growth:\(index)")
            }
        }
    }

    /// The time to build a state of 1,000 and of 10,000 containers and images command by
    /// command: linear when a command costs what it touches (ratio ≤ 12 for 10× the state).
    static func growth(quick: Bool) -> [Figure] {
        let small = (0..<(quick ? 1 : 3)).map { _ in buildThroughCommands(1_000) }
        let large = buildThroughCommands(10_000)
        let smallTime = Measure.median(small)
        return [
            Figure(
                name: "growth: 1,000 create + commit (info)", value: smallTime / 1e6, unit: "ms", target: nil,
                note: "median of \(small.count), through Session.handle"),
            Figure(
                name: "growth: 10,000 create + commit (info)", value: Double(large) / 1e6, unit: "ms", target: nil,
                note: "one run"),
            Figure(
                name: "growth: time ratio 10,000 / 1,000", value: Double(large) / smallTime, unit: "×", target: 12,
                note: "linear in the state's size: ≤ 12 for 10× the commands"),
        ]
    }

    // MARK: - A writable layer of 1,000,000 files

    static func bigLayer(runs: Int) -> [Figure] {
        let session = newSession()
        must(session, "docker pull ubuntu")
        must(session, "docker run -it --name grande ubuntu")
        must(session, "exit")
        must(session, "docker run -it --name pequeno ubuntu")
        must(session, "exit")
        guard let big = session.engine.containerNames["grande"], let small = session.engine.containerNames["pequeno"]
        else {
            fatalError("dockersim-bench: containers missing")
        }
        var figures: [Figure] = []
        let fill = Measure.time {
            do {
                try session.engine.fillSyntheticFiles(container: big, directories: 1_000, filesPerDirectory: 1_000)
                try session.engine.fillSyntheticFiles(container: small, directories: 10, filesPerDirectory: 100)
            } catch {
                fatalError("dockersim-bench: filling the writable layer failed: \(error)")
            }
        }
        figures.append(
            Figure(
                name: "1M files: write them (info)", value: Double(fill) / 1e9, unit: "s", target: nil,
                note: "1,001,001 + 1,011 entries through ContainerFS.write"))
        figures.append(
            Figure(
                name: "1M files: ps -a -s", value: medianMicros(runs: runs) { must(session, "docker ps -a -s") } / 1000,
                unit: "ms", target: 1, note: "median of \(runs)"))
        let smallDiff = medianMicros(runs: 11) { must(session, "docker diff pequeno") }
        let bigDiff = medianMicros(runs: 3) { must(session, "docker diff grande") }
        let smallChanges = 1_012.0
        let bigChanges = 1_001_002.0
        figures.append(
            Figure(
                name: "1M files: diff, 1,012 changes (info)", value: smallDiff / 1000, unit: "ms", target: nil,
                note: "median of 11"))
        figures.append(
            Figure(
                name: "1M files: diff, 1,001,002 changes (info)", value: bigDiff / 1e6, unit: "s", target: nil,
                note: "median of 3"))
        let perChangeSmall = smallDiff / smallChanges
        let perChangeBig = bigDiff / bigChanges
        figures.append(
            Figure(
                name: "1M files: diff cost per change, 1M vs 1k", value: perChangeBig / perChangeSmall, unit: "×",
                target: 2,
                note: format2(perChangeSmall) + " µs vs " + format2(perChangeBig)
                    + " µs per change (proportional: ≤ 2×)"))
        figures.append(
            Figure(
                name: "1M files: peak resident (info)", value: Double(Measure.peakResident()) / 1_048_576, unit: "MiB",
                target: nil, note: ""))
        return figures
    }

    static func format2(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return String(scaled)
    }
}
