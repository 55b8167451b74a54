import DockerSimCore

#if canImport(Glibc)
import Glibc
#endif

extension Benchmarks {
    /// Median CPU time of `body` on this thread over `runs` runs, in µs: on a machine shared with
    /// other work, the time the code itself takes (wall-clock figures wait for the other work).
    static func medianCPUMicros(runs: Int, _ body: () -> Void) -> Double {
        func now() -> UInt64 {
            var spec = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
            return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
        }
        var samples: [UInt64] = []
        for _ in 0..<runs {
            let start = now()
            body()
            samples.append(now() - start)
        }
        return Measure.median(samples) / 1000
    }

    /// The Hub catalog (issue 10): what a pull reads, what a first read of a layer builds, and a
    /// check of the whole catalog.
    static func hub(runs: Int) -> [Figure] {
        guard let ubuntu = HubCatalog.builtInFiles.first(where: { $0.path == "layers/ubuntu/jammy-20240111.layer" })
        else { fatalError("dockersim-bench: no ubuntu layer in the catalog") }
        let entries = (try? HubCatalog.layerTree(ubuntu).count) ?? 0
        let tree = medianCPUMicros(runs: runs) { _ = try? HubCatalog.layerTree(ubuntu) }
        // A pull's reading: the repository file, the `from` image's, the layers' headers.
        let records = medianCPUMicros(runs: runs) {
            guard case .success(let registry) = HubCatalog.registry(adding: []),
                (try? registry.image(path: "josedom24/servidorweb", tag: "v1")) != nil
            else { fatalError("dockersim-bench: josedom24/servidorweb:v1 is missing") }
        }
        let lintRuns = max(3, runs / 40)
        let lint = medianCPUMicros(runs: lintRuns) {
            if !HubCatalog.lint(HubCatalog.builtInFiles).isEmpty {
                fatalError("dockersim-bench: the catalog lints dirty")
            }
        }
        return [
            Figure(
                name: "hub: build ubuntu's file tree (\(entries) entries, info)", value: tree, unit: "µs", target: nil,
                note: "median CPU time of \(runs); LayerRecord.tree, a layer's first read"),
            Figure(
                name: "hub: read josedom24/servidorweb:v1 for a pull (info)", value: records, unit: "µs", target: nil,
                note: "median CPU time of \(runs); a fresh catalog: 2 image files, 3 layer headers"),
            Figure(
                name: "hub: lint the whole built-in catalog (info)", value: lint / 1000, unit: "ms", target: nil,
                note: "median CPU time of \(lintRuns); every tree built, every diffID hashed"),
        ]
    }
}
