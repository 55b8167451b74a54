import DockerSimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The benchmarks that time whole `dockersim` processes: start-up with the seed examples against
/// `docker --version`, grading a class, replaying every transcript and verifying every lesson.
enum ProcessBenchmarks {
    /// Both examples of the seed (`Transcripts/curso/modulo3/almacenamiento.md`) as a student types them.
    static let seedScript = """
        docker pull josedom24/servidorweb:v1
        docker images
        docker pull josedom24/servidorweb:v2
        docker images
        docker system df -v
        docker pull ubuntu
        docker images
        docker run -it --name contenedor1 ubuntu
        exit
        docker ps -a -s
        docker start contenedor1
        docker attach contenedor1
        echo "00000000000000000">file.txt
        exit
        docker ps -a -s
        docker rmi ubuntu

        """

    static func write(_ text: String, to path: String) {
        guard let file = fopen(path, "w") else { fatalError("dockersim-bench: cannot write \(path)") }
        fputs(text, file)
        fclose(file)
    }

    static func read(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Start-up + both seed examples in scripted mode vs `docker --version`, interleaved.
    static func startup(dockersim: String, scratch: String, runs: Int) -> [Figure] {
        let script = scratch + "/seed.txt"
        write(seedScript, to: script)
        let arguments = ["--clock", "2024-01-28T18:00:00+01:00", "--seed", "1"]
        // The seed ends as the course does: `rmi ubuntu` refused (exit status 1).
        guard let check = Measure.run(dockersim, arguments, input: script, output: scratch + "/seed.out"),
            check.status == 1,
            read(scratch + "/seed.out").contains("is using its referenced image e34e831650c1")
        else {
            fatalError("dockersim-bench: the seed script did not end as the course does; see \(scratch)/seed.out")
        }
        var ours: [UInt64] = []
        var theirs: [UInt64] = []
        var ourPeak: [UInt64] = []
        var theirPeak: [UInt64] = []
        var ourCPU: [UInt64] = []
        var theirCPU: [UInt64] = []
        let docker = Measure.which("docker")
        for _ in 0..<runs {
            if let docker, let run = Measure.run(docker, ["--version"]) {
                theirs.append(run.nanoseconds)
                theirPeak.append(UInt64(run.peakResident))
                theirCPU.append(run.cpu)
            }
            if let run = Measure.run(dockersim, arguments, input: script) {
                ours.append(run.nanoseconds)
                ourPeak.append(UInt64(run.peakResident))
                ourCPU.append(run.cpu)
            }
        }
        var figures: [Figure] = []
        let ourMedian = Measure.median(ours) / 1e6
        figures.append(
            Figure(
                name: "start-up: dockersim + both seed examples", value: ourMedian, unit: "ms", target: nil,
                note: "median of \(runs) processes, scripted mode, 16 lines"))
        if docker != nil {
            let theirMedian = Measure.median(theirs) / 1e6
            figures.append(
                Figure(
                    name: "start-up: docker --version (reference)", value: theirMedian, unit: "ms", target: nil,
                    note: "median of \(runs), interleaved with the above"))
            figures.append(
                Figure(
                    name: "start-up: ratio dockersim / docker --version", value: ourMedian / theirMedian, unit: "×",
                    target: 1.0,
                    note: "medians"))
            // On a busy machine wall time waits for the other work; CPU time (user + system, all
            // threads) is what each process itself costs.
            let ourCPUMedian = Measure.median(ourCPU) / 1e6
            let theirCPUMedian = Measure.median(theirCPU) / 1e6
            figures.append(
                Figure(
                    name: "start-up: CPU time dockersim / docker --version (info)",
                    value: ourCPUMedian / theirCPUMedian, unit: "×", target: nil,
                    note: "medians of user + system time: \(show(ourCPUMedian)) ms vs \(show(theirCPUMedian)) ms"))
            figures.append(
                Figure(
                    name: "start-up: docker --version peak resident (reference)",
                    value: Measure.median(theirPeak) / 1_048_576,
                    unit: "MiB", target: nil, note: "median"))
        } else {
            figures.append(
                Figure(
                    name: "start-up: docker --version (reference)", value: .nan, unit: "ms", target: nil,
                    note: "docker is not on PATH"))
        }
        figures.append(
            Figure(
                name: "start-up: dockersim peak resident", value: Measure.median(ourPeak) / 1_048_576, unit: "MiB",
                target: 21,
                note: "median of ru_maxrss"))
        return figures
    }

    /// One submission of lesson 1 (`capas`) as dockersim writes it: the lesson's solutions, with
    /// student-to-student variation (a wrong answer first, a hint, an extra command, a different
    /// order of looking), each line with the time it was typed (`@ TIME`), and the outputs.
    static func submission(_ index: Int) -> String {
        var lines = [
            "# dockersim submission / entrega",
            "lesson: capas",
            "student: alumno\(index)",
            "clock: 2024-01-28T17:00:00Z",
            "seed: 1",
            "",
        ]
        var seconds: Int64 = 0
        func typed(_ line: String, _ output: [String] = []) {
            seconds += 3 + Int64(index % 11)
            lines.append("@ " + Timestamp(seconds: 1_706_461_200 + seconds).rfc3339Nano)
            lines.append("$ " + line)
            lines += output.map { "> " + $0 }
        }
        if index % 6 == 0 { typed("hint", ["Pista 1/2: La orden es docker pull seguida del nombre de la imagen."]) }
        typed(
            "pull josedom24/servidorweb:v1",
            ["v1: Pulling from josedom24/servidorweb", "9532dfcb62dd: Pull complete", "Status: Downloaded"])
        if index % 3 == 0 { typed("images") }
        if index % 4 == 0 { typed("answer 2", ["✘ No es correcto."]) }
        typed("answer 3", ["✔ ¡Correcto!"])
        typed("pull josedom24/servidorweb:v2", ["v2: Pulling from josedom24/servidorweb"])
        typed(index % 5 == 0 ? "answer 3" : "answer 2")
        if index % 5 == 0 { typed("answer 2") }
        typed("images")
        typed("system df -v")
        if index % 7 == 0 { typed("history josedom24/servidorweb:v2") }
        if index % 2 == 0 { typed("answer total 187MB", ["✘ No es correcto. Casi: 187MB es lo que ocupa una imagen"]) }
        typed("answer total 186,8 MB")
        typed("answer unica-v2 25B")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `dockersim grade` over `count` generated submissions of lesson 1.
    static func grading(dockersim: String, project: String, scratch: String, count: Int, runs: Int) -> [Figure] {
        let folder = scratch + "/submissions"
        mkdir(folder, 0o755)
        var files: [String] = []
        for index in 0..<count {
            let path = "\(folder)/alumno\(index).txt"
            write(submission(index), to: path)
            files.append(path)
        }
        var walls: [UInt64] = []
        var cpus: [UInt64] = []
        var peaks: [UInt64] = []
        var status: Int32 = 0
        for _ in 0..<runs {
            guard
                let run = Measure.run(
                    dockersim, ["grade", "--lesson", "capas", "--csv", scratch + "/grade.csv"] + files,
                    output: scratch + "/grade.out")
            else {
                fatalError("dockersim-bench: could not start dockersim grade")
            }
            status = run.status
            walls.append(run.nanoseconds)
            cpus.append(run.cpu)
            peaks.append(UInt64(run.peakResident))
        }
        let wall = Measure.median(walls) / 1e9
        let cpu = Measure.median(cpus) / 1e9
        return [
            Figure(
                name: "grade: 1,000 submissions of lesson 1", value: wall, unit: "s", target: 10,
                note: "median of \(runs) runs, exit status \(status); output in \(scratch)/grade.out"),
            Figure(
                name: "grade: cores used (CPU time / wall, info)", value: cpu / wall, unit: "cores", target: nil,
                note: "of 2"),
            Figure(
                name: "grade: peak resident (info)", value: Measure.median(peaks) / 1_048_576, unit: "MiB", target: nil,
                note: ""),
        ]
    }

    /// `dockersim replay Transcripts` and `dockersim lesson verify`, one after the other.
    static func replay(dockersim: String, project: String, scratch: String, runs: Int) -> [Figure] {
        var totals: [UInt64] = []
        var replays: [UInt64] = []
        var verifies: [UInt64] = []
        var statuses: (Int32, Int32) = (0, 0)
        for _ in 0..<runs {
            guard let replay = Measure.run(dockersim, ["replay", "Transcripts"], output: scratch + "/replay.out"),
                let verify = Measure.run(dockersim, ["lesson", "verify"], output: scratch + "/verify.out")
            else {
                fatalError("dockersim-bench: could not start dockersim")
            }
            statuses = (replay.status, verify.status)
            replays.append(replay.nanoseconds)
            verifies.append(verify.nanoseconds)
            totals.append(replay.nanoseconds + verify.nanoseconds)
        }
        return [
            Figure(
                name: "replay: Transcripts/ + every lesson's verify", value: Measure.median(totals) / 1e9, unit: "s",
                target: 0.1,
                note: "median of \(runs); exit statuses \(statuses.0) and \(statuses.1)"),
            Figure(
                name: "replay: dockersim replay Transcripts (info)", value: Measure.median(replays) / 1e9, unit: "s",
                target: nil, note: ""),
            Figure(
                name: "replay: dockersim lesson verify (info)", value: Measure.median(verifies) / 1e9, unit: "s",
                target: nil, note: ""),
        ]
    }
}
