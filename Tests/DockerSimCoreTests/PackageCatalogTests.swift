import Testing

@testable import DockerSimCore

/// The package catalog (`Packages/`): it reads clean, relations resolve, versions compare as
/// dpkg compares them, and a broken file is reported with its line.
@Suite struct PackageCatalogTests {
    @Test func theBuiltInCatalogLintsClean() throws {
        #expect(PackageCatalog.standard.lint().map(\.description) == [])
        let repository = try #require(try PackageCatalog.standard.repository(osRelease: "debian 12"))
        let apache = try #require(try repository.package("apache2"))
        #expect(apache.section == "httpd")
        #expect(apache.depends.contains { $0.first?.name == "apache2-bin" })
        #expect(apache.programs["/usr/sbin/apache2ctl"] != nil)
        #expect(try apache.files().node(at: ["etc", "apache2", "apache2.conf"]) != nil)
        #expect(repository.providersOf("httpd").contains("apache2"))
    }

    /// `providersOf` parses only the headers that may provide: every package that provides
    /// something is one of them, so the map is the one every header parsed would give.
    @Test func providersAreFoundWithoutParsingEveryHeader() throws {
        var checked = 0
        for osRelease in ["debian 12", "ubuntu 22.04", "alpine 3.19"] {
            guard let repository = try PackageCatalog.standard.repository(osRelease: osRelease) else { continue }
            var expected: [String: [String]] = [:]
            for name in repository.names {
                let package = try #require(try repository.package(name))
                let file = try #require(repository.packageFiles[name])
                if !package.provides.isEmpty { #expect(PackageRepository.mayProvide(file), "\(name)") }
                for relation in package.provides { expected[relation.name, default: []].append(name) }
            }
            for (virtual, providers) in expected {
                #expect(repository.providersOf(virtual) == providers)
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test func debianVersionsCompareAsDpkg() {
        #expect(DebianVersion.compare("2.4.57-2", "2.4.57-2") == 0)
        #expect(DebianVersion.compare("1.0~rc1", "1.0") < 0)
        #expect(DebianVersion.compare("2:4.0.2-3", "4.0.2-3") > 0)
        #expect(DebianVersion.compare("5.36.0-7+deb12u1", "5.36.0-7") > 0)
        #expect(DebianVersion.compare("1.2.10", "1.2.9") > 0)
        #expect(CatalogPackage.Relation(name: "libc6", op: ">=", version: "2.34").accepts("2.36-9+deb12u4"))
        #expect(!CatalogPackage.Relation(name: "x", op: "<<", version: "2.37").accepts("2.37"))
    }

    /// Relations read as bytes give what reading them a Character at a time gives, good and bad
    /// (and a text that is not plain ASCII is read a Character at a time).
    @Test func relationsReadAsBytesAsAsCharacters() {
        let texts = [
            "libc6 (>= 2.34), perl:any, apache2-bin (= 2.4.57-2) | httpd",
            "a,,b, | c,", "a | , b", "x (>= 1", "x >= 1)", "x ) (", "x (~ 1)", "x (>=1) extra",
            " spaced\t( <<  3:1.0~rc1 ) ,\nnext ", "", ",", "|", "a:", ":b", "na=me", "x ()", "x (>=)",
            "ok (>> 1) (<< 2)", "mysql-server | virtual-mysql-server, debconf (>= 0.5) | debconf-2.0",
        ]
        for text in texts {
            #expect(
                CatalogPackage.asciiRelations(Array(text.utf8)) == .some(CatalogPackage.characterRelations(text)),
                "\(text)")
            #expect(CatalogPackage.relations(text) == CatalogPackage.characterRelations(text))
        }
        #expect(CatalogPackage.asciiRelations(Array("caf\u{E9} (>= 1)".utf8)) == nil)
        #expect(CatalogPackage.asciiRelations(Array("a,\r\nb".utf8)) == nil)
        #expect(
            CatalogPackage.relations("caf\u{E9} (>= 1)") == [
                [CatalogPackage.Relation(name: "caf\u{E9}", op: ">=", version: "1")]
            ])
    }

    @Test func aBrokenFileNamesItsLine() {
        let catalog = PackageCatalog(bytes: [
            ("d/x/repository.repo", Array("os-release test 1\nbogus line\n".utf8))
        ])
        do {
            _ = try catalog.repository("d/x")
            Issue.record("no error")
        } catch {
            #expect(
                error.description
                    == "d/x/repository.repo:2: unknown line 'bogus' (os-release, index, program, trigger-path, update-line, pip-bundled)"
            )
        }
        let packages = PackageCatalog(bytes: [
            ("d/y/repository.repo", Array("os-release test 2\n".utf8)),
            ("d/y/p.package", Array("package p\nversion 1\narchitecture all\nsource s\ndepends q (>= 1\n".utf8)),
        ])
        let problems = packages.lint().map(\.description)
        #expect(problems == ["d/y/p.package:5: `depends` wants Debian relations (`name (>= version) | other, …`)"])
    }
}
