import DockerSimCore
import DockerSimFuzz

#if canImport(Glibc)
import Glibc
#endif

/// One libFuzzer input: the first byte picks the kind of input, the rest is the input. Aborts
/// (which libFuzzer reports as a crash, with the input saved) when the harness finds a problem.
/// Writes to standard error.
func report(_ text: String) {
    var bytes = Array(text.utf8)
    _ = write(2, &bytes, bytes.count)
}

func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let kinds = FuzzKind.allCases
    let kind = kinds[Int(data[0]) % kinds.count]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let problems = FuzzHarness.shared.run(kind, bytes, deep: true)
    if !problems.isEmpty {
        report("dockersim-fuzz: \(kind.rawValue): \(problems.joined(separator: "\n"))\n")
        abort()
    }
    return 0
}

#if FUZZING
// swift-format-ignore: AlwaysUseLowerCamelCase
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// libFuzzer's own main loop, over ``fuzzOne(_:_:)``.
@main struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOne($0, $1) })
    }
}
#else
/// Without libFuzzer: runs each file named on the command line (a crasher, a corpus input) once
/// through the harness, as libFuzzer would, and says which ones pass.
///
/// `dockersim-fuzz --write-loop PATH` instead saves PATH over and over with ``SafeFile`` (two
/// large versions in turn) until it is killed: the test of interrupted writes kills it at random
/// moments and checks that PATH always holds one whole version.
@main struct FuzzDriver {
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count >= 2, arguments[1] == "--campaign" {
            exit(Campaigns.run(Array(arguments.dropFirst(2))))
        }
        if arguments.count == 3, arguments[1] == "--write-loop" {
            var round = 0
            while true {
                let version = WriteLoop.version(round % 2)
                do {
                    try SafeFile.write(version, to: arguments[2])
                } catch {
                    report("dockersim-fuzz: \(error)\n")
                    exit(1)
                }
                round += 1
            }
        }
        var failed = false
        for path in CommandLine.arguments.dropFirst() {
            guard let file = fopen(path, "rb") else {
                report("dockersim-fuzz: cannot read \(path)\n")
                failed = true
                continue
            }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = fread(&buffer, 1, buffer.count, file)
                if count <= 0 { break }
                bytes += buffer[0..<count]
            }
            fclose(file)
            _ = bytes.withUnsafeBufferPointer { fuzzOne($0.baseAddress, $0.count) }
            print("ok \(path)")
        }
        exit(failed ? 1 : 0)
    }
}

/// `dockersim-fuzz --campaign [--attacks] [--seed N] [--count N] [KIND…]`: a seeded plan run
/// apart from `swift test` (RELIABILITY.md, "Fuzzing"): `--count` inputs of each kind (10,000
/// by default; all kinds unless named), every one run deeply; with `--attacks` every input is
/// built to attack the caps (deep nesting, self-growing files, huge sleeps, devices and links),
/// half of them mutated. Prints a line per kind and the slowest inputs; exit 1 on any problem.
enum Campaigns {
    static func run(_ arguments: [String]) -> Int32 {
        var attacks = false
        var seed: UInt64 = 1
        var count = 10_000
        var kinds: [FuzzKind] = []
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--attacks": attacks = true
            case "--seed":
                guard let value = rest.popFirst().flatMap(UInt64.init) else { return usage() }
                seed = value
            case "--count":
                guard let value = rest.popFirst().flatMap(Int.init), value > 0 else { return usage() }
                count = value
            default:
                guard let kind = FuzzKind(rawValue: argument) else { return usage() }
                kinds.append(kind)
            }
        }
        var failed = false
        for kind in kinds.isEmpty ? FuzzKind.allCases : kinds {
            var campaign = FuzzCampaign(kind: kind, seed: seed, count: count, deepEvery: 1)
            campaign.attacksOnly = attacks
            let started = ContinuousClock.now
            let report = campaign.run()
            let took = ContinuousClock.now - started
            print(
                "\(kind.rawValue): \(report.inputs) inputs (\(report.deepInputs) deep\(attacks ? ", all attacks" : "")),"
                    + " \(report.problems.count) problems, \(took)")
            for (time, input) in report.slowest { print("  slowest \(time): \(input.prefix(160))") }
            for (input, problem) in report.problems {
                failed = true
                print("  PROBLEM \(problem)\n    input: \(input.prefix(600))")
            }
        }
        return failed ? 1 : 0
    }

    static func usage() -> Int32 {
        report(
            "usage: dockersim-fuzz --campaign [--attacks] [--seed N] [--count N] [\(FuzzKind.allCases.map(\.rawValue).joined(separator: "|"))…]\n"
        )
        return 2
    }
}
#endif
