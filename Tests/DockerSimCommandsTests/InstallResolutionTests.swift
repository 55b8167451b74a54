import DockerSimTestSupport
import Testing

@testable import DockerSimCore
@testable import DockerSimShell

/// `apt-get install`'s resolution, made once per process: the memo's answer is the one worked out
/// afresh for every repository, installed set, list of names and recommends flag, and a change of
/// any of them gives its own answer.
@Suite struct InstallResolutionTests {
    /// A resolution written out whole, to compare two.
    static func text(_ resolution: InstallResolution) -> String {
        var text = ""
        for outcome in resolution.outcomes {
            switch outcome {
            case .ok: text += "ok\n"
            case .unknown: text += "unknown\n"
            case .virtual(let providers): text += "virtual \(providers)\n"
            case .installed(let version): text += "installed \(version)\n"
            }
        }
        text += "order " + resolution.order.map { "\($0.name)=\($0.version)" }.joined(separator: " ") + "\n"
        text += "requested \(resolution.requested.sorted())\n"
        text += "suggested \(resolution.suggested)\nskipped \(resolution.skippedRecommends)\n"
        return text
    }

    static func repository(_ osRelease: String) throws -> PackageRepository {
        try #require(try PackageCatalog.standard.repository(osRelease: osRelease))
    }

    @Test func theMemosAnswerIsTheOneWorkedOutAfresh() throws {
        let bookworm = try Self.repository("debian 12")
        let bullseye = try Self.repository("debian 11")
        let base: Set<String> = ["libc6", "base-files", "dpkg", "apt", "libc-bin"]
        let cases: [(PackageRepository, Set<String>, [String], Bool)] = [
            (bookworm, base, ["apache2"], true),
            (bookworm, base, ["apache2"], false),
            (bookworm, base.union(["libapr1", "perl-base"]), ["apache2"], true),
            (bookworm, base, ["apache2", "git"], true),
            (bookworm, base, ["git", "apache2"], true),
            (bookworm, base, ["apache2", "no-such-package", "git"], true),
            (bookworm, base, ["netbase", "netbase"], true),
            (bookworm, base.union(["netbase"]), ["netbase"], true),
            (bookworm, [], ["python3-pip"], false),
            (bullseye, base, ["mariadb-client"], true),
            (bookworm, base, ["mariadb-client"], true),
            (bookworm, base, ["perl"], true),
            (bullseye, base, ["perl"], false),
            (bullseye, base, ["apache2"], true),
        ]
        for (repository, installed, names, recommends) in cases {
            let fresh = InstallResolution.resolve(
                repository: repository, installed: installed, names: names, recommends: recommends)
            // Twice through the memo: the first makes it (or finds it), the second finds it.
            for _ in 0..<2 {
                let remembered = InstallResolution.of(
                    repository: repository, installed: installed, names: names, recommends: recommends)
                #expect(Self.text(remembered) == Self.text(fresh), "\(repository.distribution) \(names)")
            }
        }
    }

    @Test func eachArgumentDecides() throws {
        let bookworm = try Self.repository("debian 12")
        let bullseye = try Self.repository("debian 11")
        let base: Set<String> = ["libc6", "base-files"]
        let first = InstallResolution.of(repository: bookworm, installed: base, names: ["apache2"], recommends: true)
        #expect(first.order.contains { $0.name == "apache2" })
        #expect(first.requested == ["apache2"])
        // Already installed: nothing to do (the memo must not give the first answer again).
        let installed = InstallResolution.of(
            repository: bookworm, installed: base.union(["apache2"]), names: ["apache2"], recommends: true)
        guard case .installed? = installed.outcomes.first else {
            Issue.record("apache2 installed is not reported so")
            return
        }
        #expect(installed.order.isEmpty)
        // Without recommends, fewer packages and the recommends listed.
        let bare = InstallResolution.of(repository: bookworm, installed: base, names: ["apache2"], recommends: false)
        #expect(bare.order.count < first.order.count)
        #expect(!bare.skippedRecommends.isEmpty)
        // Another name, another answer.
        let git = InstallResolution.of(repository: bookworm, installed: base, names: ["git"], recommends: true)
        #expect(!git.order.contains { $0.name == "apache2" })
        // Another repository, its own packages.
        let new = InstallResolution.of(repository: bookworm, installed: base, names: ["perl"], recommends: true)
        let old = InstallResolution.of(repository: bullseye, installed: base, names: ["perl"], recommends: true)
        let perl = try #require(old.order.first { $0.name == "perl" })
        #expect(perl.version == "5.32.1-4+deb11u2")
        #expect(new.order.first { $0.name == "perl" }?.version == "5.36.0-7+deb12u4")
        #expect(
            InstallResolution.of(repository: bullseye, installed: base, names: ["apache2"], recommends: true).order
                .isEmpty)
        // An unknown name stops there.
        let unknown = InstallResolution.of(
            repository: bookworm, installed: base, names: ["nothing-here", "git"], recommends: true)
        #expect(unknown.outcomes.count == 1)
        #expect(unknown.order.isEmpty)
    }

    /// Two containers installing the same thing get the same output, the second through the memo.
    @Test func aSecondInstallPrintsTheSame() {
        var texts: [String] = []
        for seed in [7, 8] {
            let session = makeSession(at: "2024-02-20T10:00:00+01:00", seed: UInt64(seed))
            session.run("docker run -it --name web debian:stable-slim")
            session.run("apt-get update")
            texts.append(session.run("apt-get install -y apache2").text)
        }
        #expect(texts[0] == texts[1])
        #expect(texts[0].contains("0 upgraded, 50 newly installed, 0 to remove and 0 not upgraded.\n"))
    }
}
