import DockerSimCore

extension Shell {
    /// GNU coreutils `nproc` (`--all`, `--ignore=N`): the simulated host's CPUs, the same
    /// number the daemon allows `--cpus` up to (a container sees the host's CPUs too).
    func nproc(_ args: [String], io: inout CommandIO) -> Int32 {
        var ignore = 0
        var index = 0
        while index < args.count {
            let arg = args[index]
            index += 1
            if arg == "--all" { continue }
            if arg == "--ignore", index < args.count {
                guard let n = Int(args[index]), n >= 0 else {
                    io.stderr += "nproc: invalid number: '\(args[index])'\n"
                    return 1
                }
                ignore = n
                index += 1
            } else if arg.hasPrefix("--ignore=") {
                let value = String(arg.dropFirst(9))
                guard let n = Int(value), n >= 0 else {
                    io.stderr += "nproc: invalid number: '\(value)'\n"
                    return 1
                }
                ignore = n
            } else if arg.hasPrefix("--") {
                io.stderr += "nproc: unrecognized option '\(arg)'\nTry 'nproc --help' for more information.\n"
                return 1
            } else if arg.hasPrefix("-") && arg.count > 1 {
                io.stderr +=
                    "nproc: invalid option -- '\(arg.dropFirst().prefix(1))'\nTry 'nproc --help' for more information.\n"
                return 1
            } else {
                io.stderr += "nproc: extra operand '\(arg)'\nTry 'nproc --help' for more information.\n"
                return 1
            }
        }
        io.stdout += "\(max(1, SimulatedHost.cpuCount - ignore))\n"
        return 0
    }

    /// `bc` (`-l` for scale 20, `-q`): its files, then its standard input (see ``Bc``).
    func bc(_ args: [String], io: inout CommandIO, engine: Engine) -> Int32 {
        var calculator = Bc()
        var files: [String] = []
        for arg in args {
            if arg == "-l" || arg == "--mathlib" {
                calculator.scale = 20
            } else if ["-q", "--quiet", "-s", "--standard", "-w", "--warn"].contains(arg) {
                continue
            } else if arg.hasPrefix("-") && arg.count > 1 {
                io.stderr += "usage: bc [options] [file ...]\n"
                return 1
            } else {
                files.append(arg)
            }
        }
        for file in files {
            guard let fs = fileSystem(engine), let text = try? fs.read(file, cwd: cwd).text else {
                io.stderr += "File \(file) is unavailable.\n"
                return 1
            }
            calculator.run(text)
            if calculator.quit { break }
        }
        if !calculator.quit { calculator.run(io.stdin) }
        io.stdout += calculator.out
        io.stderr += calculator.err
        return 0
    }
}
