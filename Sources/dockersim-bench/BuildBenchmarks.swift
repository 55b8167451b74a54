import DockerSimCommands
import DockerSimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Benchmarks {
    /// The course's apache image (module 7, build.md): its Dockerfile and index.html written on
    /// the simulated host of a session that has debian:stable-slim.
    static func apacheProject() -> Session {
        let session = newSession()
        must(session, "docker pull debian:stable-slim")
        for line in [
            "mkdir build", "cd build", "echo '<h1>Curso Docker</h1>' > index.html",
            "echo '# syntax=docker/dockerfile:1' > Dockerfile", "echo 'FROM debian:stable-slim' >> Dockerfile",
            "echo 'RUN apt-get update  && apt-get install -y  apache2 ' >> Dockerfile",
            "echo 'WORKDIR /var/www/html' >> Dockerfile", "echo 'COPY index.html .' >> Dockerfile",
            "echo 'CMD apache2ctl -D FOREGROUND' >> Dockerfile",
        ] {
            must(session, line)
        }
        return session
    }

    /// Building the course's apache image (issue 14: ≤ 50 ms of CPU) and rebuilding it with
    /// everything cached (≤ 5 ms), CPU time of the thread, medians; each build in a session of
    /// its own (set up untimed). The first build of the process (the package catalog's files
    /// parsed for the first time) is shown apart.
    static func build(runs: Int) -> [Figure] {
        let line = "docker build -t josedom24/myapache2:v2 ."
        var first: UInt64 = 0
        var builds: [UInt64] = []
        var rebuilds: [UInt64] = []
        for run in 0..<runs {
            let session = apacheProject()
            let cpu = cpuTime { must(session, line) }
            if run == 0 { first = cpu } else { builds.append(cpu) }
            rebuilds.append(cpuTime { must(session, line) })
        }
        return [
            Figure(
                name: "build: the course's apache image", value: Measure.median(builds) / 1_000_000, unit: "ms",
                target: 50, note: "median CPU time of \(builds.count), a new session each"),
            Figure(
                name: "build: the same, cached", value: Measure.median(rebuilds) / 1_000_000, unit: "ms",
                target: 5, note: "median CPU time of \(rebuilds.count), every step CACHED"),
            Figure(
                name: "build: first build of the process (info)", value: Double(first) / 1_000_000, unit: "ms",
                target: nil, note: "one run: the package catalog's headers and file lists read for the first time"),
        ]
    }

    /// CPU time of the calling thread spent in `body`, in nanoseconds.
    static func cpuTime(_ body: () -> Void) -> UInt64 {
        func now() -> UInt64 {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
        }
        let start = now()
        body()
        return now() - start
    }
}
