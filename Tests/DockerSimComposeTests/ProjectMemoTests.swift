import Testing

@testable import DockerSimCompose

/// A simulated host: files by absolute path (a folder is any prefix of a file's path).
private func files(_ contents: [String: String]) -> ComposeFiles {
    ComposeFiles(
        read: { contents[$0] },
        isDirectory: { path in contents.keys.contains { $0.hasPrefix(path + "/") } })
}

/// What a load gave: the project or the error, and the warnings.
private struct Outcome: Equatable {
    var project: ComposeProject?
    var error: ComposeError?
    var warnings: [String]
}

private func fresh(_ contents: [String: String], _ options: ComposeOptions) -> Outcome {
    var warnings: [String] = []
    do {
        let project = try ProjectLoader.load(options, files: files(contents), warnings: &warnings)
        return Outcome(project: project, warnings: warnings)
    } catch {
        return Outcome(error: error, warnings: warnings)
    }
}

private func remembered(_ contents: [String: String], _ options: ComposeOptions, _ memo: ProjectMemo) -> Outcome {
    var warnings: [String] = []
    do {
        let project = try ProjectLoader.loadRemembered(options, files: files(contents), warnings: &warnings, in: memo)
        return Outcome(project: project, warnings: warnings)
    } catch {
        return Outcome(error: error, warnings: warnings)
    }
}

/// `docker compose` loads its project again on every command: a load remembered gives what a
/// fresh load gives, and anything the load read that changed is seen.
@Suite struct ProjectMemoTests {
    static let app = "/home/usuario/app"
    static let base: [String: String] = [
        "\(app)/compose.yaml": """
        version: "3"
        name: ${NAME:-tienda}
        services:
          web:
            image: nginx:${TAG}
            env_file: web.env
            environment:
              MODE: ${MODE}
            ports: ["8080:80"]
            depends_on: [db]
          db:
            image: mariadb
            volumes: [datos:/var/lib/mysql]
        volumes:
          datos:
        """,
        "\(app)/.env": "TAG=1.27\n",
        "\(app)/web.env": "GREETING=hola\n",
    ]

    /// Loads `contents` remembered (twice) and fresh: all three agree; returns the outcome.
    @discardableResult
    private func check(
        _ contents: [String: String], _ options: ComposeOptions, _ memo: ProjectMemo,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Outcome {
        let expected = fresh(contents, options)
        #expect(remembered(contents, options, memo) == expected, sourceLocation: sourceLocation)
        #expect(memo.answer(options, files: files(contents)) != nil, sourceLocation: sourceLocation)
        #expect(remembered(contents, options, memo) == expected, sourceLocation: sourceLocation)
        return expected
    }

    @Test func aRememberedLoadEqualsAFreshOneAndIsKeptOnce() {
        let memo = ProjectMemo()
        let options = ComposeOptions(cwd: Self.app)
        let outcome = check(Self.base, options, memo)
        #expect(outcome.project?.services.first?.image == "nginx:1.27")
        #expect(outcome.project?.name == "tienda")
        #expect(outcome.warnings.count == 2)  // MODE unset, `version` obsolete
        #expect(memo.count == 1)
    }

    @Test func everyFileTheLoadReadIsCheckedAgain() {
        let memo = ProjectMemo()
        let options = ComposeOptions(cwd: Self.app)
        check(Self.base, options, memo)
        var changed = Self.base
        // The compose file.
        changed["\(Self.app)/compose.yaml"] = Self.base["\(Self.app)/compose.yaml"]!
            .replacing("image: mariadb", with: "image: mariadb:11")
        #expect(memo.answer(options, files: files(changed)) == nil)
        #expect(check(changed, options, memo).project?.services.last?.image == "mariadb:11")
        // `.env` (interpolation).
        changed["\(Self.app)/.env"] = "TAG=1.29\nNAME=otra\n"
        #expect(memo.answer(options, files: files(changed)) == nil)
        let tagged = check(changed, options, memo)
        #expect(tagged.project?.services.first?.image == "nginx:1.29")
        #expect(tagged.project?.name == "otra")
        // A service's env_file.
        changed["\(Self.app)/web.env"] = "GREETING=adiós\n"
        #expect(memo.answer(options, files: files(changed)) == nil)
        let greeted = check(changed, options, memo)
        #expect(greeted.project?.services.first?.environment.contains { $0.1 == "adiós" } == true)
        // A second default name beside the first (a file that was not there).
        changed["\(Self.app)/docker-compose.yml"] = "services:\n  otro:\n    image: alpine\n"
        #expect(memo.answer(options, files: files(changed)) == nil)
        let twoNames = check(changed, options, memo)
        #expect(twoNames.warnings.contains { $0.hasPrefix("Found multiple config files") })
        // The file gone: an error, remembered as such.
        changed["\(Self.app)/compose.yaml"] = nil
        changed["\(Self.app)/docker-compose.yml"] = nil
        let missing = check(changed, options, memo)
        #expect(missing.error?.message == "no configuration file provided: not found")
        // Back to the first files: the first load is still remembered.
        #expect(memo.answer(options, files: files(Self.base)) != nil)
        #expect(remembered(Self.base, options, memo) == fresh(Self.base, options))
    }

    @Test func aFileFoundInAParentFolderIsLeftForOneInTheCurrentFolder() {
        let memo = ProjectMemo()
        let options = ComposeOptions(cwd: Self.app + "/src")
        var contents = Self.base
        contents["\(Self.app)/src/main.c"] = ""
        let parent = check(contents, options, memo)
        #expect(parent.project?.workingDir == Self.app)
        contents["\(Self.app)/src/compose.yaml"] = "services:\n  src:\n    image: gcc\n"
        #expect(memo.answer(options, files: files(contents)) == nil)
        let closer = check(contents, options, memo)
        #expect(closer.project?.services.map(\.name) == ["src"])
    }

    @Test func theOptionsAreTheKeyToo() {
        let memo = ProjectMemo()
        var options = ComposeOptions(cwd: Self.app)
        check(Self.base, options, memo)
        options.projectName = "otro"
        #expect(memo.answer(options, files: files(Self.base)) == nil)
        #expect(check(Self.base, options, memo).project?.name == "otro")
        options.environment = ["MODE": "prod"]
        #expect(memo.answer(options, files: files(Self.base)) == nil)
        #expect(check(Self.base, options, memo).warnings.count == 1)
        options.envFiles = ["web.env"]
        #expect(memo.answer(options, files: files(Self.base)) == nil)
        // `.env` is no longer read: TAG is not set.
        #expect(check(Self.base, options, memo).project?.services.first?.image != "nginx:1.27")
        options.files = ["missing.yaml"]
        #expect(
            check(Self.base, options, memo).error?.message == "open \(Self.app)/missing.yaml: no such file or directory"
        )
    }

    @Test func theOldestLoadsAreDropped() {
        let memo = ProjectMemo(keeping: 2)
        for name in ["uno", "dos", "tres"] {
            var options = ComposeOptions(cwd: Self.app)
            options.projectName = name
            check(Self.base, options, memo)
        }
        #expect(memo.count == 2)
        var first = ComposeOptions(cwd: Self.app)
        first.projectName = "uno"
        #expect(memo.answer(first, files: files(Self.base)) == nil)
        #expect(remembered(Self.base, first, memo) == fresh(Self.base, first))
    }
}
