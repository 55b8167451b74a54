// Source: moby/patternmatcher v0.6 (patternmatcher.go, ignorefile/ignorefile.go): how
// `.dockerignore` decides what the build context leaves out.

/// One line of a `.dockerignore`.
public struct IgnorePattern: Sendable, Equatable {
    /// The cleaned pattern, `/`-separated, without a leading `/` (`*.log`, `docs/**/*.md`).
    public var pattern: String
    /// A `!` line: files it matches are sent after all.
    public var exclusion: Bool

    /// The patterns of a `.dockerignore` file (comments and blank lines skipped).
    public static func parse(_ text: String) -> [IgnorePattern] {
        var patterns: [IgnorePattern] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.hasPrefix("#") { continue }
            line = line.trimmingBlanks
            if line.isEmpty { continue }
            var exclusion = false
            if line.hasPrefix("!") {
                exclusion = true
                line = String(line.dropFirst()).trimmingBlanks
            }
            var cleaned = FilePath.normalize(line).joined(separator: "/")
            if line == "/" || cleaned.isEmpty { cleaned = "." }
            patterns.append(IgnorePattern(pattern: cleaned, exclusion: exclusion))
        }
        return patterns
    }

    /// Whether `path` (relative to the context, `/`-separated) is left out: the last pattern that
    /// matches it or one of its parent folders decides.
    public static func excludes(_ patterns: [IgnorePattern], _ path: String) -> Bool {
        var excluded = false
        let parents = parentPaths(path)
        for pattern in patterns {
            if pattern.exclusion != excluded { continue }
            var matched = pattern.matches(path)
            if !matched {
                for parent in parents where pattern.matches(parent) {
                    matched = true
                    break
                }
            }
            if matched { excluded = !pattern.exclusion }
        }
        return excluded
    }

    static func parentPaths(_ path: String) -> [String] {
        let parts = path.split(separator: "/")
        guard parts.count > 1 else { return [] }
        return (1..<parts.count).map { parts[0..<$0].joined(separator: "/") }
    }

    /// Go's `filepath.Match` extended with `**` (any number of folders).
    func matches(_ path: String) -> Bool {
        if pattern == "." { return true }
        return Self.match(
            Array(pattern.split(separator: "/", omittingEmptySubsequences: false)), Array(path.split(separator: "/")))
    }

    private static func match(_ pattern: [Substring], _ parts: [Substring]) -> Bool {
        guard let first = pattern.first else { return parts.isEmpty }
        if first == "**" {
            let rest = Array(pattern.dropFirst())
            for skip in 0...parts.count where match(rest, Array(parts.dropFirst(skip))) { return true }
            return false
        }
        guard let part = parts.first, Glob.matches(String(first), String(part), slashes: false) else { return false }
        return match(Array(pattern.dropFirst()), Array(parts.dropFirst()))
    }
}
