#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Clocks, medians, peak memory and child processes: the few measuring tools the benchmarks need.
enum Measure {
    /// Nanoseconds on the monotonic clock.
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Runs `body` once and returns its duration in nanoseconds.
    @inline(never)
    static func time(_ body: () -> Void) -> UInt64 {
        let start = now()
        body()
        return now() - start
    }

    /// The median of some durations (nanoseconds).
    static func median(_ samples: [UInt64]) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return Double(sorted[middle]) }
        return (Double(sorted[middle - 1]) + Double(sorted[middle])) / 2
    }

    /// This process's peak resident set so far, in bytes.
    static func peakResident() -> Int64 {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Int64(usage.ru_maxrss) * 1024
    }

    /// The text of a NUL-terminated C buffer (UTF-8, invalid bytes repaired).
    static func string(cString buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// This process's resident set now, in bytes (`VmRSS` of /proc/self/status).
    static func resident() -> Int64? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = string(cString: line)
            if text.hasPrefix("VmRSS:") {
                let digits = text.filter(\.isNumber)
                return Int64(digits).map { $0 * 1024 }
            }
        }
        return nil
    }

    /// What a finished child process cost.
    struct ChildRun {
        var nanoseconds: UInt64
        /// Peak resident set of the child, bytes.
        var peakResident: Int64
        /// User + system CPU time of the child, nanoseconds.
        var cpu: UInt64
        var status: Int32
    }

    /// Runs a program with stdin from `input` (or /dev/null) and stdout/stderr to `output`
    /// (or /dev/null), waits for it, and reports wall time, CPU time and peak memory.
    /// The child runs in this process's working directory.
    static func run(_ path: String, _ arguments: [String], input: String? = nil, output: String? = nil) -> ChildRun? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = now()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return nil }
        }
        let elapsed = now() - start
        let cpu =
            (UInt64(usage.ru_utime.tv_sec) + UInt64(usage.ru_stime.tv_sec)) * 1_000_000_000
            + (UInt64(usage.ru_utime.tv_usec) + UInt64(usage.ru_stime.tv_usec)) * 1000
        return ChildRun(
            nanoseconds: elapsed, peakResident: Int64(usage.ru_maxrss) * 1024, cpu: cpu,
            status: (status >> 8) & 0xff)
    }

    /// The absolute path of a program on `PATH`.
    static func which(_ name: String) -> String? {
        guard let path = getenv("PATH") else { return nil }
        for dir in String(cString: path).split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The folder this executable is in.
    static func executableDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "." }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
