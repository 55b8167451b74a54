#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// dockersim-bench: the benchmarks of issue 6 (BENCHMARKS.md). Build in release mode and run from
// the project folder:
//
//     swift build -c release --scratch-path .build-release && .build-release/release/dockersim-bench
//
// Options: `--only startup,hub,commands,build,scale,layers,growth,biglayer,grade,replay` runs some groups; `--quick` fewer
// runs. Each in-process group runs in a child process of its own, so that its peak resident
// memory is its own.

let groups = ["startup", "hub", "commands", "build", "scale", "layers", "growth", "biglayer", "grade", "replay"]
var arguments = Array(CommandLine.arguments.dropFirst())
var quick = false
var only = groups
var childGroup: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--quick": quick = true
    case "--only":
        guard !arguments.isEmpty else { fatalError("--only needs a list of groups: \(groups.joined(separator: ","))") }
        only = arguments.removeFirst().split(separator: ",").map(String.init)
    case "--group":
        guard !arguments.isEmpty else { fatalError("--group needs a group") }
        childGroup = arguments.removeFirst()
    case "--count":
        // `--count WORKLOAD TIMES`: the instruction-count guard's fixed work (Workloads.swift).
        guard arguments.count >= 2, let times = Int(arguments[1]) else { fatalError("--count needs WORKLOAD TIMES") }
        Workloads.run(arguments[0], times: times)
        exit(0)
    case "-h", "--help":
        print("usage: dockersim-bench [--quick] [--only \(groups.joined(separator: ","))]")
        print("       dockersim-bench --count \(Workloads.names.joined(separator: "|")) TIMES")
        exit(0)
    default:
        fatalError("dockersim-bench: unknown argument \(argument)")
    }
}

/// Runs an in-process group here and prints its figures for the parent.
func runChild(_ group: String, quick: Bool) -> Never {
    let figures: [Figure]
    switch group {
    case "hub": figures = Benchmarks.hub(runs: quick ? 21 : 201)
    case "commands": figures = Benchmarks.commands(runs: quick ? 201 : 2_001)
    case "build": figures = Benchmarks.build(runs: quick ? 11 : 51)
    case "scale": figures = Benchmarks.scale(runs: quick ? 5 : 11)
    case "layers": figures = Benchmarks.layers(runs: quick ? 5 : 11)
    case "biglayer": figures = Benchmarks.bigLayer(runs: quick ? 101 : 1_001)
    case "growth": figures = Benchmarks.growth(quick: quick)
    default: fatalError("dockersim-bench: unknown group \(group)")
    }
    for figure in figures { print(figure.encoded) }
    exit(0)
}

if let childGroup { runChild(childGroup, quick: quick) }

let directory = Measure.executableDirectory()
let dockersim = directory + "/dockersim"
guard access(dockersim, X_OK) == 0 else {
    fatalError(
        "dockersim-bench: \(dockersim) is missing: build everything first (swift build -c release --scratch-path .build-release)"
    )
}
var cwd = [CChar](repeating: 0, count: 4096)
let project = getcwd(&cwd, cwd.count).map { _ in Measure.string(cString: cwd) } ?? "."
guard access(project + "/Transcripts", F_OK) == 0 else {
    fatalError("dockersim-bench: run it from the project folder (Transcripts/ is not in \(project))")
}
var template = Array("/tmp/dockersim-bench-XXXXXX".utf8CString)
guard mkdtemp(&template) != nil else { fatalError("dockersim-bench: mkdtemp failed") }
let scratch = Measure.string(cString: template)

func inChild(_ group: String, quick: Bool, directory: String, scratch: String) -> [Figure] {
    let output = "\(scratch)/\(group).out"
    let benchBinary = directory + "/dockersim-bench"
    guard let run = Measure.run(benchBinary, ["--group", group] + (quick ? ["--quick"] : []), output: output) else {
        fatalError("dockersim-bench: could not start the \(group) group")
    }
    let text = ProcessBenchmarks.read(output)
    guard run.status == 0 else {
        fatalError("dockersim-bench: the \(group) group failed (\(run.status)):\n\(text)")
    }
    var figures = text.split(separator: "\n").compactMap(Figure.init(encoded:))
    figures.append(
        Figure(
            name: "\(group): process peak resident (info)", value: Double(run.peakResident) / 1_048_576, unit: "MiB",
            target: nil, note: "wait4 ru_maxrss"))
    return figures
}

func show(_ value: Double) -> String {
    if value.isNaN { return "n/a" }
    if value >= 100 { return String(Int(value.rounded())) }
    if value >= 10 { return String((value * 10).rounded() / 10) }
    if value >= 0.1 { return String((value * 100).rounded() / 100) }
    return String((value * 10_000).rounded() / 10_000)
}

func printFigures(_ figures: [Figure]) {
    for figure in figures {
        let measured = "\(show(figure.value)) \(figure.unit)"
        let target = figure.target.map { "≤ \(show($0)) \(figure.unit)" } ?? ""
        let verdict: String
        if let bound = figure.target {
            verdict = figure.value <= bound ? "PASS" : "MISS (\(show(figure.value / bound))× the target)"
        } else {
            verdict = ""
        }
        print("| \(figure.name) | \(measured) | \(target) | \(verdict) | \(figure.note) |")
        fflush(nil)
    }
}

var uname = utsname()
Glibc.uname(&uname)
let machine = withUnsafeBytes(of: &uname.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
let release = withUnsafeBytes(of: &uname.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
var now = time(nil)
var parts = tm()
gmtime_r(&now, &parts)
var stamp = [CChar](repeating: 0, count: 64)
strftime(&stamp, stamp.count, "%Y-%m-%d %H:%M UTC", &parts)
print(
    "dockersim-bench, \(Measure.string(cString: stamp)), Linux \(release) \(machine), \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) cores\(quick ? ", --quick" : "")"
)
print("")
print("| Benchmark | Measured | Target | Result | How |")
print("| --- | --- | --- | --- | --- |")
var misses = 0
for group in only {
    let figures: [Figure]
    switch group {
    case "startup": figures = ProcessBenchmarks.startup(dockersim: dockersim, scratch: scratch, runs: quick ? 11 : 31)
    case "grade":
        figures = ProcessBenchmarks.grading(
            dockersim: dockersim, project: project, scratch: scratch, count: 1_000, runs: quick ? 1 : 3)
    case "replay":
        figures = ProcessBenchmarks.replay(
            dockersim: dockersim, project: project, scratch: scratch, runs: quick ? 3 : 7)
    case "hub", "commands", "build", "scale", "layers", "growth", "biglayer":
        figures = inChild(group, quick: quick, directory: directory, scratch: scratch)
    default: fatalError("dockersim-bench: unknown group \(group); the groups are \(groups.joined(separator: ","))")
    }
    misses += figures.filter { figure in figure.target.map { figure.value > $0 } ?? false }.count
    printFigures(figures)
}
print("")
print(misses == 0 ? "All targets met." : "\(misses) target(s) missed: see BENCHMARKS.md.")
print("Scratch files: \(scratch)")
