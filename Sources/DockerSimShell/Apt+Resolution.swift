import DockerSimCore
import Synchronization

/// What `apt-get install NAMES` resolves to: the answer for each name asked for, and, when every
/// name is one apt can install, the packages to install in apt's order and the lists it shows
/// around them. A function of the repository (whose packages never change), the packages already
/// installed, the names in their order and whether recommends are installed: nothing of the
/// clock, the container or its files. ``of(repository:installed:names:recommends:)`` works it
/// out once per process for each of these and hands every later install the same answer (the
/// transcripts `dockersim replay` runs side by side install apache2 on debian again and again).
struct InstallResolution: Sendable {
    /// The answer for each name, in the order asked, up to the first that fails (`unknown` or
    /// `virtual`: apt stops there, and nothing else below is worked out).
    let outcomes: [InstallPlan.Outcome]
    /// The packages to install, in the order apt unpacks them (empty after a failure).
    let order: [CatalogPackage]
    /// The names of the packages asked for (as the catalog spells them).
    let requested: Set<String>
    /// What the new packages suggest and is not installed (``InstallPlan/suggested``).
    let suggested: [String]
    /// What they recommend and is not installed (``InstallPlan/skippedRecommends``).
    let skippedRecommends: [String]
    /// Whether packages not asked for come too (apt then asks before it goes on).
    private(set) var hasAdditional = false
    /// The lists apt shows (additional, suggested, recommended, new) and its count line.
    private(set) var listsText = ""
    /// `Need to get …` and `After this operation, …` (with something to install).
    private(set) var sizesText = ""
    /// The `Get:` lines.
    private(set) var getText = ""
    /// Whether a new package has debconf templates (apt's note that it delays configuring).
    private(set) var delaysDebconf = false
    /// What the download takes, and its `Fetched …` line.
    private(set) var downloadSeconds = 0.0
    private(set) var fetchedText = ""
    /// dpkg's first `Selecting previously unselected package …` line (its database count
    /// follows), then the rest of the unpacking lines.
    private(set) var firstSelectText = ""
    private(set) var unpackText = ""
    /// What unpacking takes.
    private(set) var unpackSeconds = 0.0
    /// The `Setting up …` lines, with what each package's set-up prints.
    private(set) var setupText = ""
    /// dpkg.log's lines of the install, each without the time in front.
    private(set) var dpkgLines: [String] = []
    /// Groups the maintainer scripts add.
    private(set) var groups: [(String, Int)] = []
    /// Each new package's files, by name.
    private(set) var trees: [String: FileTree] = [:]
    /// The packages whose triggers fire, and what they print.
    private(set) var fired: [CatalogPackage] = []
    private(set) var triggerText = ""

    init(
        outcomes: [InstallPlan.Outcome], order: [CatalogPackage], requested: Set<String>, suggested: [String],
        skippedRecommends: [String]
    ) {
        self.outcomes = outcomes
        self.order = order
        self.requested = requested
        self.suggested = suggested
        self.skippedRecommends = skippedRecommends
    }

    /// dpkg.log's text of the install, each line at `stamp`.
    func dpkgLog(stamp: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(dpkgLines.reduce(0) { $0 + $1.utf8.count } + dpkgLines.count * stamp.utf8.count)
        for line in dpkgLines {
            bytes.append(contentsOf: stamp.utf8)
            bytes.append(contentsOf: line.utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Works the resolution out (``InstallPlan``), without the memo.
    static func resolve(
        repository: PackageRepository, installed: Set<String>, names: [String], recommends: Bool
    ) -> InstallResolution {
        var plan = InstallPlan(repository: repository, installed: installed, recommends: recommends)
        var outcomes: [InstallPlan.Outcome] = []
        for name in names {
            let outcome = plan.request(name)
            outcomes.append(outcome)
            switch outcome {
            case .unknown, .virtual:
                return InstallResolution(
                    outcomes: outcomes, order: [], requested: [], suggested: [], skippedRecommends: [])
            case .ok, .installed:
                continue
            }
        }
        plan.addRecommends()
        var made = InstallResolution(
            outcomes: outcomes, order: plan.order, requested: Set(plan.requested), suggested: plan.suggested,
            skippedRecommends: plan.skippedRecommends)
        made.makeTexts(repository: repository, installed: installed, recommends: recommends)
        return made
    }

    /// The texts and facts of the install that follow from the packages alone (what
    /// ``Apt/install(_:engine:)`` prints and writes around them).
    private mutating func makeTexts(repository: PackageRepository, installed: Set<String>, recommends: Bool) {
        let new = order
        let additional = new.filter { !requested.contains($0.name) }.map(\.name).sorted()
        hasAdditional = !additional.isEmpty
        if !additional.isEmpty {
            Apt.showList("The following additional packages will be installed:", additional, into: &listsText)
        }
        if !suggested.isEmpty { Apt.showList("Suggested packages:", suggested, into: &listsText) }
        if !recommends, !skippedRecommends.isEmpty {
            Apt.showList("Recommended packages:", skippedRecommends, into: &listsText)
        }
        if !new.isEmpty {
            Apt.showList("The following NEW packages will be installed:", new.map(\.name).sorted(), into: &listsText)
        }
        listsText += "0 upgraded, \(new.count) newly installed, 0 to remove and 0 not upgraded.\n"
        guard !new.isEmpty else { return }
        let download = new.reduce(Int64(0)) { $0 + $1.downloadSize }
        let installedBytes = new.reduce(Int64(0)) { $0 + $1.installedSize } * 1024
        sizesText += "Need to get \(Apt.size(download)) of archives.\n"
        sizesText += "After this operation, \(Apt.size(installedBytes)) of additional disk space will be used.\n"
        for (index, package) in new.enumerated() {
            getText +=
                "Get:\(index + 1) \(package.source) \(package.architecture == "all" ? "amd64" : package.architecture) \(package.name) \(package.architecture) \(package.version) [\(Apt.size(package.downloadSize))]\n"
        }
        delaysDebconf = new.contains(where: { $0.maintainerFiles.contains { $0.name == "templates" } })
        downloadSeconds = 0.3 + Double(download) / 25_000_000
        fetchedText =
            "Fetched \(Apt.size(download)) in \(Apt.duration(downloadSeconds)) (\(Apt.size(Int64(Double(download) / downloadSeconds)))/s)\n"
        let width = new.count > 1 ? String(new.count - 1).count : 0
        for (index, package) in new.enumerated() {
            let select = "Selecting previously unselected package \(package.qualifiedName).\n"
            if index == 0 { firstSelectText = select } else { unpackText += select }
            let number =
                width > 0 ? String(repeating: "0", count: width - String(index).count) + String(index) + "-" : ""
            let version = package.version.split(separator: ":", omittingEmptySubsequences: false).joined(
                separator: "%3a")
            unpackText +=
                "Preparing to unpack .../\(number)\(package.name)_\(version)_\(package.architecture).deb ...\n"
            unpackText += "Unpacking \(package.qualifiedName) (\(package.version)) ...\n"
            dpkgLines.append(" install \(package.name):\(package.architecture) <none> \(package.version)\n")
            dpkgLines.append(" status half-installed \(package.name):\(package.architecture) \(package.version)\n")
            dpkgLines.append(" status unpacked \(package.name):\(package.architecture) \(package.version)\n")
        }
        unpackSeconds = Double(installedBytes) / 60_000_000 + 0.05 * Double(new.count)
        for package in new {
            setupText += "Setting up \(package.qualifiedName) (\(package.version)) ...\n"
            for line in package.setupOutput { setupText += line + "\n" }
            if let group = package.group { groups.append(group) }
            dpkgLines.append(" configure \(package.name):\(package.architecture) \(package.version) <none>\n")
            dpkgLines.append(" status unpacked \(package.name):\(package.architecture) \(package.version)\n")
            dpkgLines.append(" status half-configured \(package.name):\(package.architecture) \(package.version)\n")
            dpkgLines.append(" status installed \(package.name):\(package.architecture) \(package.version)\n")
        }
        // Triggers of packages interested in what was installed.
        for package in new { trees[package.name] = (try? package.files()) ?? FileTree() }
        for (name, path) in repository.settings.triggerPaths {
            guard let interested = try? repository.package(name) else { continue }
            let parts = FilePath.components(path)
            if new.contains(where: { trees[$0.name]?.node(at: parts) != nil }),
                installed.contains(name) || new.contains(where: { $0.name == name })
            {
                triggerText += "Processing triggers for \(interested.qualifiedName) (\(interested.version)) ...\n"
                for line in interested.triggerOutput { triggerText += line + "\n" }
                fired.append(interested)
            }
        }
    }

    /// ``resolve(repository:installed:names:recommends:)``, made once per process for the same
    /// arguments (the same repository object; names compared as Swift compares Strings, as every
    /// look-up of the resolution does).
    static func of(
        repository: PackageRepository, installed: Set<String>, names: [String], recommends: Bool
    ) -> InstallResolution {
        let key = Key(
            repository: ObjectIdentifier(repository), installed: installed, names: names, recommends: recommends)
        if let known = Memo.made.withLock({ $0[key] }), known.repository === repository { return known.resolution }
        let made = resolve(repository: repository, installed: installed, names: names, recommends: recommends)
        Memo.made.withLock {
            if $0.count >= Memo.limit { $0.removeAll() }
            $0[key] = (repository, made)
        }
        return made
    }

    /// Everything a resolution depends on.
    struct Key: Hashable {
        var repository: ObjectIdentifier
        var installed: Set<String>
        var names: [String]
        var recommends: Bool
    }

    /// The resolutions made, for every thread of the process (the repository kept, so that its
    /// identity is never another's).
    enum Memo {
        /// At most this many are kept; then the memory is emptied and starts again.
        static let limit = 512
        static let made = Mutex<[Key: (repository: PackageRepository, resolution: InstallResolution)]>([:])

        /// How many resolutions are kept (for tests).
        static var count: Int { made.withLock { $0.count } }
    }
}
