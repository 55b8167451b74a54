/// A seeded fuzzing run over one kind of input: mutate the seeds, run each input through the
/// harness, collect what breaks. Repeatable: the same seed and count give the same inputs.
///
/// ```swift
/// let report = FuzzCampaign(kind: .dockerLine, seed: 1, count: 40_000).run()
/// assert(report.problems.isEmpty)
/// ```
public struct FuzzCampaign: Sendable {
    public var kind: FuzzKind
    public var seed: UInt64
    public var count: Int
    /// Every how many inputs one runs deeply (a whole replay, a grading, files on disk);
    /// the others only parse. 1: every input is deep.
    public var deepEvery: Int
    /// Every input is built to attack the caps (``FuzzGenerators``), half of them then mutated:
    /// the hardening plan run apart from `swift test` (`dockersim-fuzz --campaign --attacks`).
    public var attacksOnly = false

    /// What a run found.
    public struct Report: Sendable {
        public var kind: FuzzKind
        public var inputs = 0
        public var deepInputs = 0
        /// The first problems found, each with the input that showed it (escaped).
        public var problems: [(input: String, problem: String)] = []
        /// The slowest inputs (wall time, input escaped): where to look when a run grows slow.
        public var slowest: [(time: Duration, input: String)] = []
    }

    public init(kind: FuzzKind, seed: UInt64, count: Int, deepEvery: Int? = nil) {
        self.kind = kind
        self.seed = seed
        self.count = count
        self.deepEvery = deepEvery ?? Self.defaultDeepEvery(kind)
    }

    /// Parsing is cheap, replaying is not: how often each kind goes deep by default.
    static func defaultDeepEvery(_ kind: FuzzKind) -> Int {
        switch kind {
        case .dockerLine, .shellLine: 4
        case .lesson: 40
        case .transcript: 200
        case .submission: 25
        case .savedSession: 50
        }
    }

    /// The longest input of each kind (a few are made longer on purpose, to reach the caps).
    static func maxLength(_ kind: FuzzKind) -> Int {
        switch kind {
        case .dockerLine, .shellLine: 400
        case .lesson, .transcript: 40_000
        case .submission, .savedSession: 4_000
        }
    }

    /// The first lines of a file (its front matter or header) and a run of lines from elsewhere.
    static func window(_ bytes: [UInt8], random: inout FuzzRandom) -> [UInt8] {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.count > 40 else { return bytes }
        let head = lines.prefix(8 + random.below(8))
        let start = random.below(lines.count)
        let body = lines[start..<min(lines.count, start + 10 + random.below(30))]
        return Array((head + body).joined(separator: [UInt8(ascii: "\n")]))
    }

    /// Runs the campaign with `harness`.
    public func run(harness: FuzzHarness = .shared) -> Report {
        var random = FuzzRandom(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(kind.rawValue.utf8.count))
        let seeds = FuzzCorpus.seeds(kind)
        let mutator = Mutator()
        var report = Report(kind: kind)
        let limit = Self.maxLength(kind)
        for index in 0..<count {
            let input: [UInt8]
            let choice = random.below(20)
            if attacksOnly {
                let attack = FuzzGenerators.input(kind, random: &random)
                input =
                    random.oneIn(2) || seeds.isEmpty
                    ? attack
                    : mutator.mutate(attack, other: seeds[random.below(seeds.count)], random: &random, maxLength: limit)
            } else if seeds.isEmpty || choice == 0 {
                input = mutator.randomBytes(random: &random, maxLength: min(limit, 200))
            } else if choice == 1 {
                input = seeds[random.below(seeds.count)]
            } else if choice == 3 {
                // Built to attack the caps: deep nesting, self-growing files, huge sleeps, devices.
                input = FuzzGenerators.input(kind, random: &random)
            } else if choice == 2, kind == .dockerLine || kind == .shellLine, random.oneIn(10) {
                // Far past the line cap.
                input = [UInt8](repeating: UInt8(ascii: "a"), count: 16_000 + random.below(20_000))
            } else {
                var base = seeds[random.below(seeds.count)]
                var other = seeds[random.below(seeds.count)]
                if kind == .lesson || kind == .transcript, !random.oneIn(10) {
                    // Most file inputs are a window of a file (its head and some lines): cheaper
                    // to parse, and the parser sees every kind of line just the same.
                    base = Self.window(base, random: &random)
                    other = Self.window(other, random: &random)
                }
                input = mutator.mutate(base, other: other, random: &random, maxLength: limit)
            }
            let deep = index % deepEvery == 0
            let started = ContinuousClock.now
            let problems = harness.run(kind, input, deep: deep)
            let took = ContinuousClock.now - started
            if report.slowest.count < 3 || took > (report.slowest.last?.time ?? .zero) {
                report.slowest.append((took, String(decoding: input.prefix(300), as: UTF8.self).debugDescription))
                report.slowest.sort { $0.time > $1.time }
                if report.slowest.count > 3 { report.slowest.removeLast() }
            }
            report.inputs += 1
            if deep { report.deepInputs += 1 }
            if !problems.isEmpty, report.problems.count < 10 {
                let shown = String(decoding: input.prefix(2_000), as: UTF8.self)
                report.problems += problems.prefix(2).map { (shown.debugDescription, $0) }
            }
        }
        return report
    }
}
