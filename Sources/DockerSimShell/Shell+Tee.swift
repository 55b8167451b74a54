import DockerSimCore

extension Shell {
    /// coreutils' `tee [-a] [FILE…]` (BusyBox's in an ash image): its input to its output and to
    /// each file (`echo "<h1>Hola</h1>" | sudo tee /var/lib/docker/volumes/web/_data/index.html`,
    /// the way to write a file only root may write). A file it cannot open is reported, the others
    /// are still written; status 1 then.
    mutating func tee(_ args: [String], io: inout CommandIO, engine: inout Engine) -> Int32 {
        var append = false
        var files: [String] = []
        var options = true
        for arg in args {
            if options, arg == "--" {
                options = false
            } else if options, arg.hasPrefix("--"), arg.count > 2 {
                switch arg {
                case "--append": append = true
                case "--ignore-interrupts": break
                default:
                    io.stderr += "tee: unrecognized option '\(arg)'\nTry 'tee --help' for more information.\n"
                    return 1
                }
            } else if options, arg.hasPrefix("-"), arg.count > 1 {
                for letter in arg.dropFirst() {
                    switch letter {
                    case "a": append = true
                    case "i", "p": break
                    default:
                        if isBusyBox {
                            io.stderr += "tee: unrecognized option: \(letter)\n"
                        } else {
                            io.stderr += "tee: invalid option -- '\(letter)'\nTry 'tee --help' for more information.\n"
                        }
                        return 1
                    }
                }
            } else {
                files.append(arg)
            }
        }
        let bytes = Array(io.stdin.utf8)
        io.stdout += io.stdin
        var status: Int32 = 0
        let now = engine.now.seconds
        let cwd = self.cwd
        for file in files {
            do {
                try withFileSystem(&engine) { (fs: inout ContainerFS) throws(FSError) in
                    try fs.write(file, cwd: cwd, bytes: bytes, append: append, mtime: now)
                }
            } catch {
                io.stderr += isBusyBox ? "tee: can't open '\(file)': \(error.text)\n" : "tee: \(file): \(error.text)\n"
                status = 1
            }
        }
        return status
    }
}
