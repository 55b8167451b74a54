import DockerSimCore
import DockerSimShell
import DockerSimTemplate
import Foundation

/// `docker stats`: what running containers use, computed from the model. Sources: docker/cli
/// v28.5.1 cli/command/container/stats.go (the frames: `ESC[H`, each line followed by
/// ` ESC[K`, then `ESC[J`, every 500 ms), stats_helpers.go (CPU %, memory less the page cache,
/// MEM % of the limit), formatter_stats.go (the columns); moby daemon/stats.go (a container that
/// is not running gives an empty sample).
///
/// The numbers: memory and threads are the catalog's (`resources MEMORY THREADS` of the main
/// program; else ``idleProcessMemory`` and one thread per process `docker top` shows), plus a
/// shell per `docker exec` session; LIMIT is `--memory` or the host's memory
/// (``SimulatedHost/memoryBytes``); an idle program uses no CPU; NET I/O is 0B (the simulation
/// counts no packets); BLOCK I/O writes are the writable layer's files in 4 KiB blocks.
enum StatsCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker stats", use: "[OPTIONS] [CONTAINER...]",
        summary: "Display a live stream of container(s) resource usage statistics", args: .min(0),
        flags: [
            FlagSpec("all", "a", .bool, "Show all containers (default shows just running)"),
            FlagSpec("format", nil, .string, "Format output using a custom template"),
            FlagSpec("no-stream", nil, .bool, "Disable streaming stats and only pull the first result"),
            FlagSpec("no-trunc", nil, .bool, "Do not truncate output"),
        ])

    /// `defaultStatsTableFormat`.
    static let defaultFormat =
        "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}"

    static let header: [String: String] = [
        "Container": "CONTAINER", "Name": "NAME", "ID": "CONTAINER ID", "CPUPerc": "CPU %",
        "MemUsage": "MEM USAGE / LIMIT", "MemPerc": "MEM %", "NetIO": "NET I/O", "BlockIO": "BLOCK I/O",
        "PIDs": "PIDS",
    ]

    /// The memory of a process the catalog says nothing about (an idle shell, `sleep`).
    static let idleProcessMemory: Int64 = 409_600

    /// One container's sample (`StatsEntry`).
    struct Sample: Equatable {
        /// The container as named on the command line, or its ID when all are listed.
        var container: String
        var id: String
        var name: String
        var cpuPercent: Double = 0
        var memory: Int64 = 0
        var memoryLimit: Int64 = 0
        var networkRx: Int64 = 0
        var networkTx: Int64 = 0
        var blockRead: Int64 = 0
        var blockWrite: Int64 = 0
        var pids = 0

        var memoryPercent: Double { memoryLimit == 0 ? 0 : Double(memory) / Double(memoryLimit) * 100 }
    }

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        context.engine.settle()
        let engine = context.engine
        var samples: [Sample] = []
        if args.operands.isEmpty {
            let list = try ContainerListing.list(engine, all: args.flag("all"), limit: -1, filters: FilterArgs())
            samples = list.map { sample($0, as: $0.id, engine: engine) }
        } else {
            var errors: [String] = []
            var seen: Set<String> = []
            for name in args.operands where seen.insert(name).inserted {
                do throws(DockerError) {
                    samples.append(sample(try engine.findContainer(name), as: name, engine: engine))
                } catch {
                    errors.append(error.description)
                }
            }
            if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
        }
        var format = args.string("format") ?? ""
        if format.isEmpty || format == "table" { format = defaultFormat }
        let trunc = !args.flag("no-trunc")
        let rows = samples.map { GoValue.context(row($0, trunc: trunc)) }
        let table = try DockerFormatter.write(format: format, rows: rows, header: header)
        if args.flag("no-stream") {
            context.out(table)
            return 0
        }
        // A frame as the CLI draws it; the same numbers every 500 ms while nothing changes, so
        // one frame stands for them until the prompt's foreground limit (as Ctrl-C would).
        var frame = "\u{1B}[H" + table
        for line in frame.split(separator: "\n", omittingEmptySubsequences: false) {
            frame += line + " \u{1B}[K\n"
        }
        frame += "\u{1B}[J"
        context.out(frame)
        context.engine.advance(by: context.engine.limits.foregroundSeconds)
        context.engine.meter.halt(.endless)
        return 130
    }

    /// What `container` uses now (zeros when it is not running, as the daemon answers).
    static func sample(_ container: Container, as given: String, engine: Engine) -> Sample {
        var sample = Sample(container: given, id: container.id, name: container.name)
        guard container.isRunning, container.status != .restarting else { return sample }
        let processes = ContainerProcesses.list(of: container, engine: engine)
        let execs = container.execSessions
        if let main = ContainerRuntime.mainProgram(of: container.id, engine: engine),
            let resources = main.spec.resources
        {
            sample.memory = resources.memory + Int64(main.viaShell ? 1 : 0) * idleProcessMemory
            sample.pids = resources.threads + (main.viaShell ? 1 : 0)
        } else {
            sample.memory = Int64(processes.count - execs) * idleProcessMemory
            sample.pids = processes.count - execs
        }
        sample.memory += Int64(execs) * idleProcessMemory
        sample.pids += execs
        let limit = container.hostConfig.memory
        sample.memoryLimit = limit > 0 ? limit : SimulatedHost.memoryBytes
        container.fs.upper.walk { _, node in
            if case .file(let content, _) = node { sample.blockWrite += (content.size + 4095) / 4096 * 4096 }
            return true
        }
        return sample
    }

    /// `statsContext`: the methods a `--format` template calls.
    static func row(_ sample: Sample, trunc: Bool) -> TemplateContext {
        TemplateContext(
            typeName: "*container.statsContext",
            fields: [
                "Container": sample.container,
                "Name": sample.name.isEmpty ? "--" : sample.name,
                "ID": trunc ? String(sample.id.prefix(12)) : sample.id,
                "CPUPerc": percentage(sample.cpuPercent),
                "MemUsage": Units.bytesSize(sample.memory) + " / " + Units.bytesSize(sample.memoryLimit),
                "MemPerc": percentage(sample.memoryPercent),
                "NetIO": Units.humanSize(sample.networkRx, precision: 3) + " / "
                    + Units.humanSize(sample.networkTx, precision: 3),
                "BlockIO": Units.humanSize(sample.blockRead, precision: 3) + " / "
                    + Units.humanSize(sample.blockWrite, precision: 3),
                "PIDs": String(sample.pids),
            ])
    }

    /// `formatPercentage`: two decimals and `%`.
    static func percentage(_ value: Double) -> String { String(format: "%.2f", value) + "%" }
}
