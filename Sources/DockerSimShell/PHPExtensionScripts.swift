import DockerSimCore

// Sources: docker-library/php's docker-php-ext-install and docker-php-ext-enable (the scripts the
// official php images copy into /usr/local/bin): their usage texts, their errors, and what they
// do (extract PHP's sources, phpize + configure + make + make install each extension, then
// docker-php-ext-enable it: one `extension=NAME` line in $PHP_INI_DIR/conf.d/docker-php-ext-NAME.ini).

/// `docker-php-ext-install` and `docker-php-ext-enable` in a php image: the extensions PHP can
/// build come from the package catalog (`Packages/php/API/`, chosen by the image's
/// `PHP_VERSION`), each with what its build prints and the files it installs.
struct PHPExtensionScripts {
    /// The names the shell runs (when the image has the scripts).
    static let names: Set<String> = ["docker-php-ext-install", "docker-php-ext-enable"]

    let containerID: String
    /// The image's `PHP_VERSION` and `PHP_INI_DIR`.
    let phpVersion: String
    let iniDirectory: String
    var out = ""
    var err = ""

    init(containerID: String, env: [String: String]) {
        self.containerID = containerID
        phpVersion = env["PHP_VERSION"] ?? ""
        iniDirectory = env["PHP_INI_DIR"] ?? "/usr/local/etc/php"
    }

    /// The extensions of this PHP (`php 7.4`), nil when the catalog has none for it.
    var repository: PackageRepository? {
        let parts = phpVersion.split(separator: ".")
        guard parts.count >= 2 else { return nil }
        return try? PackageCatalog.standard.repository(osRelease: "php \(parts[0]).\(parts[1])")
    }

    /// Where this PHP loads extensions from (its `extension_dir`).
    var extensionDirectory: String {
        let api = repository.map { String($0.distribution.split(separator: "/").last ?? "") } ?? ""
        return "/usr/local/lib/php/extensions/no-debug-non-zts-\(api)"
    }

    mutating func run(_ name: String, _ args: [String], engine: inout Engine) -> Int32 {
        name == "docker-php-ext-install" ? install(args, engine: &engine) : enable(args, engine: &engine)
    }

    /// The words after the options (`-jN`, `--ini-name FILE`), or nil after a usage error.
    static func operands(_ args: [String]) -> (names: [String], iniName: String?)? {
        var names: [String] = []
        var iniName: String?
        var index = 0
        while index < args.count {
            let arg = args[index]
            index += 1
            if arg == "--ini-name" {
                guard index < args.count else { return nil }
                iniName = args[index]
                index += 1
            } else if arg.hasPrefix("--ini-name=") {
                iniName = String(arg.dropFirst("--ini-name=".count))
            } else if arg.hasPrefix("-j") || arg == "--" {
                continue
            } else if arg.hasPrefix("-") {
                return nil
            } else {
                names.append(arg)
            }
        }
        return (names, iniName)
    }

    // MARK: - docker-php-ext-install

    var installUsage: String {
        let script = "/usr/local/bin/docker-php-ext-install"
        let names = repository?.names.joined(separator: " ") ?? ""
        return """
            usage: \(script) [-jN] [--ini-name file.ini] ext-name [ext-name ...]
               ie: \(script) gd mysqli
                   \(script) pdo pdo_mysql
                   \(script) -j5 gd mbstring mysqli pdo pdo_mysql shmop

            if custom ./configure arguments are necessary, see docker-php-ext-configure

            Possible values for ext-name:
            \(names)

            Some of the above modules are already compiled into PHP; please check
            the output of "php -i" to see which modules are already loaded.

            """
    }

    mutating func install(_ args: [String], engine: inout Engine) -> Int32 {
        guard let (names, iniName) = Self.operands(args), !names.isEmpty else {
            err += installUsage
            return 1
        }
        var packages: [CatalogPackage] = []
        for name in names {
            guard let package = (try? repository?.package(name)) ?? nil else {
                err += "error: /usr/src/php/ext/\(name) does not exist\n\n" + installUsage
                return 1
            }
            packages.append(package)
        }
        let now = engine.now.seconds
        for package in packages {
            for line in package.setupOutput { out += line + "\n" }
            // phpize, configure, make: a few seconds of the clock for each.
            engine.advance(by: 6 + Double(package.installedSize) / 40)
            guard let tree = try? package.files() else { continue }
            do {
                try engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                    try fs.merge(tree, mtime: now)
                }
            } catch {
                err += "make: *** [Makefile:213: install-modules] Error 1\n"
                return 2
            }
        }
        // The script ends with docker-php-ext-enable for what it built.
        return enable((iniName.map { ["--ini-name", $0] } ?? []) + names, engine: &engine)
    }

    // MARK: - docker-php-ext-enable

    func enableUsage(_ engine: Engine) -> String {
        let script = "/usr/local/bin/docker-php-ext-enable"
        let fs = engine.containers[containerID]?.fs
        let modules = (fs?.list(FilePath.normalize(extensionDirectory)) ?? [:]).compactMap { name, node -> String? in
            if case .file = node, name.hasSuffix(".so") { return name }
            return nil
        }
        return """
            usage: \(script) [options] module-name [module-name ...]
               ie: \(script) gd mysqli
                   \(script) pdo pdo_mysql
                   \(script) --ini-name 0-apc.ini apcu apc

            Possible values for module-name:
            \(modules.sorted().joined(separator: " "))

            Some of the above modules are already compiled into PHP; please check
            the output of "php -i" to see which modules are already loaded.

            """
    }

    mutating func enable(_ args: [String], engine: inout Engine) -> Int32 {
        guard let (names, iniName) = Self.operands(args), !names.isEmpty else {
            err += enableUsage(engine)
            return 1
        }
        let now = engine.now.seconds
        for name in names {
            let module = name.hasSuffix(".so") ? name : name + ".so"
            let ext = String(module.dropLast(3))
            let fs = engine.containers[containerID]?.fs
            guard (try? fs?.stat(extensionDirectory + "/" + module, cwd: [])) != nil else {
                err += "error: '\(name)' does not exist\n\n" + enableUsage(engine)
                return 1
            }
            let ini = iniDirectory + "/conf.d/" + (iniName ?? "docker-php-ext-\(ext).ini")
            let line = "extension=\(ext)"
            // `php -r 'exit(extension_loaded("mysqli") ? 0 : 1);'`: an ini file already loads it.
            let folder = fs?.list(FilePath.normalize(iniDirectory + "/conf.d")) ?? [:]
            let loaded = folder.keys.contains { file in
                let text = (try? fs?.read(iniDirectory + "/conf.d/" + file, cwd: []))??.text ?? ""
                return text.split(separator: "\n").contains { $0 == line || $0 == line + ".so" }
            }
            if loaded {
                err += "\nwarning: \(ext) (\(module)) is already loaded!\n\n"
                continue
            }
            do {
                try engine.withFileSystem(containerID) { (fs: inout ContainerFS) throws(FSError) in
                    try fs.makeDirectory(iniDirectory + "/conf.d", cwd: [], parents: true, mtime: now)
                    try fs.write(ini, cwd: [], bytes: Array((line + "\n").utf8), append: true, mtime: now)
                }
            } catch {
                err += "/usr/local/bin/docker-php-ext-enable: line 108: \(ini): \(error.text)\n"
                return 1
            }
        }
        return 0
    }
}
