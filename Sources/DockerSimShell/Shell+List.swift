import DockerSimCore
import Synchronization

extension Shell {
    /// The names of users and groups as the machine's `/etc/passwd` and `/etc/group` give them
    /// (what `getpwuid`/`getgrgid` answer with the `files` source: the first line with the
    /// number); an ID without a line is shown as a number, as `ls` shows it.
    static func accountNames(_ fs: ContainerFS) -> (users: [Int: String], groups: [Int: String]) {
        let passwd = (try? fs.read("/etc/passwd", cwd: []))?.bytes
        let group = (try? fs.read("/etc/group", cwd: []))?.bytes
        let key = AccountMemo.NamesKey(passwd: passwd, group: group)
        if let known = AccountMemo.names.withLock({ $0[key] }) { return known }
        let made = (accountTable(passwd), accountTable(group))
        AccountMemo.names.withLock {
            if $0.count >= AccountMemo.limit { $0.removeAll() }
            $0[key] = made
        }
        return made
    }

    /// The names by ID of a `/etc/passwd` or `/etc/group` whose bytes are `bytes` (nil: no
    /// such file, or not one of bytes): the first line of each ID names it.
    static func accountTable(_ bytes: [UInt8]?) -> [Int: String] {
        guard let text = bytes.flatMap({ String(validating: $0, as: UTF8.self) }) else { return [:] }
        var names: [Int: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, let id = Int(fields[2]), names[id] == nil else { continue }
            names[id] = String(fields[0])
        }
        return names
    }

    /// The UID and GID of `user` (a name of the machine's `/etc/passwd`, or a number; a number
    /// without a line keeps GID 0), as a process switching to it (`gosu`, `USER`) gets them; nil
    /// for a name no line has.
    static func account(_ user: String, in fs: ContainerFS) -> (uid: Int, gid: Int)? {
        let passwd = (try? fs.read("/etc/passwd", cwd: []))?.bytes
        let key = AccountMemo.AccountKey(user: Array(user.utf8), passwd: passwd)
        if let known = AccountMemo.accounts.withLock({ $0[key] }) { return known.map { ($0.uid, $0.gid) } }
        let made = account(user, passwd: passwd)
        AccountMemo.accounts.withLock {
            if $0.count >= AccountMemo.limit { $0.removeAll() }
            // `updateValue`: a nil answer (no such user) is kept too, not a removal.
            $0.updateValue(made.map { AccountMemo.IDs(uid: $0.uid, gid: $0.gid) }, forKey: key)
        }
        return made
    }

    /// ``account(_:in:)`` read from the bytes of `/etc/passwd` (nil: no such file, or not one
    /// of bytes).
    static func account(_ user: String, passwd: [UInt8]?) -> (uid: Int, gid: Int)? {
        let name = user.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? user
        let text = passwd.flatMap { String(validating: $0, as: UTF8.self) } ?? ""
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
            guard fields.count >= 4, let uid = Int(fields[2]), let gid = Int(fields[3]) else { continue }
            if fields[0] == name || (Int(name) == uid) { return (uid, gid) }
        }
        return Int(name).map { ($0, 0) }
    }
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// GNU `ls` with `-l`, `-a`, `-A`, `-d`, `-1`: columns on a terminal, one name a line otherwise.
    func list(_ args: [String], io: inout CommandIO, engine: Engine) -> Int32 {
        let (flags, operands, _) = Self.options(args)
        for flag in flags where !"laAd1hRtrS".contains(flag) {
            io.stderr += "ls: invalid option -- '\(flag)'\nTry 'ls --help' for more information.\n"
            return 2
        }
        guard let fs = fileSystem(engine) else { return 2 }
        let long = flags.contains("l")
        let all = flags.contains("a")
        let almostAll = flags.contains("A")
        let directoryItself = flags.contains("d")
        let recursive = flags.contains("R") && !directoryItself
        let now = engine.now.seconds
        var options = ListOptions(
            long: long, human: flags.contains("h"), reverse: flags.contains("r"),
            byTime: flags.contains("t"), bySize: flags.contains("S"), onePerLine: flags.contains("1"))
        options.now = now
        if long { (options.users, options.groups) = Self.accountNames(fs) }
        options.width = io.provider?.columns ?? 80
        options.localeOrder = machine == .host
        var status: Int32 = 0
        var files: [(String, FileNode)] = []
        var dirs: [(String, [String])] = []
        for operand in (operands.isEmpty ? ["."] : operands) {
            do {
                let (path, node) = try fs.stat(operand, cwd: cwd, follow: !long || operand.hasSuffix("/"))
                if node.isDirectory && !directoryItself {
                    dirs.append((operand, path))
                } else {
                    files.append((operand, node))
                }
            } catch {
                io.stderr +=
                    isBusyBox
                    ? "ls: \(operand): \(error.text)\n" : "ls: cannot access '\(operand)': \(error.text)\n"
                status = isBusyBox ? 1 : 2  // BusyBox's ls fails with 1, coreutils' with 2
            }
        }
        var blocks: [String] = []
        if !files.isEmpty {
            blocks.append(
                render(Self.sorted(files, options), options: options, total: false, terminal: io.stdoutIsTerminal))
        }
        var queue = dirs.sorted(by: { options.precedes($0.0, $1.0) })
        if options.reverse { queue.reverse() }
        let labelled = dirs.count + files.count > 1 || recursive
        while !queue.isEmpty {
            let (label, path) = queue.removeFirst()
            if fs.isSealed(path) {
                // coreutils' ls could stat the folder but not open it.
                io.stderr += "ls: cannot open directory '\(label)': \(FSError.permissionDenied.text)\n"
                status = 2
                continue
            }
            var entries = fs.list(path).map { ($0.key, $0.value) }
            if !(all || almostAll) { entries.removeAll { $0.0.hasPrefix(".") } }
            if all {
                if case .directory(let dir)? = fs.lookup(path) { entries.append((".", .directory(dir))) }
                let parent = path.isEmpty ? path : Array(path.dropLast())
                if case .directory(let dir)? = fs.lookup(parent) { entries.append(("..", .directory(dir))) }
            }
            entries = Self.sorted(entries, options)
            var block = ""
            if labelled { block += "\(label):\n" }
            block += render(entries, options: options, total: true, terminal: io.stdoutIsTerminal)
            blocks.append(block)
            if recursive {
                // ls -R: each subdirectory after its parent, depth first, in listing order.
                let children = entries.filter { $0.1.isDirectory && $0.0 != "." && $0.0 != ".." }
                    .map { (label == "/" ? "/" + $0.0 : label + "/" + $0.0, path + [$0.0]) }
                queue.insert(contentsOf: children, at: 0)
            }
        }
        io.stdout += blocks.joined(separator: "\n")
        return status
    }

    /// Byte order, as `ls` sorts in the C locale.
    static func cOrder(_ a: String, _ b: String) -> Bool {
        Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
    }

    /// How `ls` was asked to list.
    struct ListOptions {
        var long: Bool
        var human: Bool
        var reverse: Bool
        var byTime: Bool
        var bySize: Bool
        var onePerLine: Bool
        var now: Int64 = 0
        /// User and group names by ID (``accountNames(_:)``), for `-l`.
        var users: [Int: String] = [:]
        var groups: [Int: String] = [:]
        /// The terminal's width, for the columns.
        var width = 80
        /// The host's UTF-8 locale sorts as people read (case and leading dots ignored, `.` and
        /// `..` first); a container's C locale sorts by bytes.
        var localeOrder = false

        func precedes(_ a: String, _ b: String) -> Bool {
            guard localeOrder else { return Shell.cOrder(a, b) }
            func key(_ name: String) -> String {
                if name == "." || name == ".." { return name }
                return String(name.drop { $0 == "." }).lowercased()
            }
            let (ka, kb) = (key(a), key(b))
            return ka == kb ? Shell.cOrder(a, b) : Shell.cOrder(ka, kb)
        }
    }

    /// Name order (C locale), or newest first (`-t`), or largest first (`-S`); `-r` reverses.
    static func sorted(_ entries: [(String, FileNode)], _ options: ListOptions) -> [(String, FileNode)] {
        var result = entries.sorted { options.precedes($0.0, $1.0) }
        if options.byTime {
            result = result.enumerated().sorted { a, b in
                let (ta, tb) = (a.element.1.metadata?.mtime ?? 0, b.element.1.metadata?.mtime ?? 0)
                return ta != tb ? ta > tb : a.offset < b.offset
            }.map(\.element)
        } else if options.bySize {
            func size(_ node: FileNode) -> Int64 { node.isDirectory ? 4096 : node.ownSize }
            result = result.enumerated().sorted { a, b in
                let (sa, sb) = (size(a.element.1), size(b.element.1))
                return sa != sb ? sa > sb : a.offset < b.offset
            }.map(\.element)
        }
        return options.reverse ? result.reversed() : result
    }

    func render(_ entries: [(String, FileNode)], options: ListOptions, total: Bool, terminal: Bool) -> String {
        if options.long { return longListing(entries, options: options, total: total) }
        let names = entries.map(\.0)
        if names.isEmpty { return "" }
        if !terminal || options.onePerLine { return names.map { $0 + "\n" }.joined() }
        return Self.columns(names, width: options.width)
    }

    /// GNU ls's vertical columns: as many columns as fit in `width`, each as wide as its longest
    /// name plus two spaces (the last column unpadded).
    static func columns(_ names: [String], width: Int) -> String {
        let count = names.count
        var chosen = 1
        for cols in stride(from: min(count, width / 3 + 1), through: 1, by: -1) {
            let rows = (count + cols - 1) / cols
            let used = (count + rows - 1) / rows
            guard used == cols else { continue }
            var total = 0
            for col in 0..<cols {
                let slice = names[(col * rows)..<min(count, (col + 1) * rows)]
                total += (slice.map(\.count).max() ?? 0) + (col == cols - 1 ? 0 : 2)
            }
            if total <= width {
                chosen = cols
                break
            }
        }
        let rows = (count + chosen - 1) / chosen
        var widths: [Int] = []
        for col in 0..<chosen {
            let slice = names[min(count, col * rows)..<min(count, (col + 1) * rows)]
            widths.append((slice.map(\.count).max() ?? 0) + 2)
        }
        var out = ""
        for row in 0..<rows {
            var line = ""
            for col in 0..<chosen {
                let index = col * rows + row
                guard index < count else { continue }
                let name = names[index]
                let isLast = col == chosen - 1 || (col + 1) * rows + row >= count
                line += name
                if !isLast { line += String(repeating: " ", count: widths[col] - name.count) }
            }
            out += line + "\n"
        }
        return out
    }

    func longListing(_ entries: [(String, FileNode)], options: ListOptions, total: Bool) -> String {
        let (now, human) = (options.now, options.human)
        var rows:
            [(mode: String, links: String, user: String, group: String, size: String, date: String, name: String)] = []
        var blocks: Int64 = 0
        for (name, node) in entries {
            let meta = node.metadata ?? FileMetadata(mode: 0o644, mtime: 0)
            var size: Int64
            var type: Character
            var display = name
            var links = 1
            switch node {
            case .file(let content, _):
                size = content.size
                type = "-"
                blocks += (size + 4095) / 4096 * 4
            case .symlink(let target, _):
                size = Int64(target.utf8.count)
                type = "l"
                display += " -> " + target
            case .directory(let dir):
                size = 4096
                type = "d"
                blocks += 4
                links = 2 + dir.entries.values.filter(\.isDirectory).count
            case .whiteout:
                continue
            }
            rows.append(
                (
                    String(type) + Self.permissions(type == "l" ? 0o777 : meta.mode),
                    String(links),
                    options.users[meta.uid] ?? String(meta.uid),
                    options.groups[meta.gid] ?? String(meta.gid),
                    human ? Self.humanSize(size) : String(size),
                    Self.lsDate(meta.mtime, now: now),
                    display
                ))
        }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return right ? fill + s : s + fill
        }
        let wl = rows.map(\.links.count).max() ?? 0
        let wu = rows.map(\.user.count).max() ?? 0
        let wg = rows.map(\.group.count).max() ?? 0
        let ws = rows.map(\.size.count).max() ?? 0
        var out = total ? "total \(human ? Self.humanSize(blocks * 1024) : String(blocks))\n" : ""
        for row in rows {
            out +=
                "\(row.mode) \(pad(row.links, wl, right: true)) \(pad(row.user, wu, right: false)) \(pad(row.group, wg, right: false)) \(pad(row.size, ws, right: true)) \(row.date) \(row.name)\n"
        }
        return out
    }

    static func permissions(_ mode: UInt32) -> String {
        var out = ""
        let bits: [(UInt32, Character)] = [
            (0o400, "r"), (0o200, "w"), (0o100, "x"), (0o040, "r"), (0o020, "w"), (0o010, "x"), (0o004, "r"),
            (0o002, "w"), (0o001, "x"),
        ]
        for (bit, char) in bits { out.append(mode & bit != 0 ? char : "-") }
        var chars = Array(out)
        if mode & 0o4000 != 0 { chars[2] = chars[2] == "x" ? "s" : "S" }
        if mode & 0o2000 != 0 { chars[5] = chars[5] == "x" ? "s" : "S" }
        if mode & 0o1000 != 0 { chars[8] = chars[8] == "x" ? "t" : "T" }
        return String(chars)
    }

    /// `Jan 11 12:00` within six months of now, `Jan 11  2024` otherwise (UTC, as in a container).
    static func lsDate(_ mtime: Int64, now: Int64) -> String {
        let parts = Timestamp.civilParts(mtime)
        let month = months[Int(parts.month - 1)]
        let day = parts.day < 10 ? " \(parts.day)" : "\(parts.day)"
        let recent = mtime <= now + 3600 && now - mtime < 15_778_476  // half a Gregorian year
        if recent {
            let hh = parts.hour < 10 ? "0\(parts.hour)" : "\(parts.hour)"
            let mm = parts.minute < 10 ? "0\(parts.minute)" : "\(parts.minute)"
            return "\(month) \(day) \(hh):\(mm)"
        }
        return "\(month) \(day)  \(parts.year)"
    }
}

extension Shell {
    /// `ls -h`: powers of 1024, one decimal below 10 (rounded up, as coreutils does), `K`, `M`, `G`.
    static func humanSize(_ bytes: Int64) -> String {
        guard bytes >= 1024 else { return String(bytes) }
        var value = Double(bytes)
        var unit = 0
        let units = ["", "K", "M", "G", "T"]
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if value < 10 {
            let tenths = (value * 10).rounded(.up) / 10
            if tenths < 10 {
                let whole = Int(tenths)
                let decimal = Int((tenths * 10).rounded()) % 10
                return "\(whole).\(decimal)\(units[unit])"
            }
        }
        return "\(Int(value.rounded(.up)))\(units[unit])"
    }
}

/// What ``Shell/account(_:in:)`` and ``Shell/accountNames(_:)`` answered, for this process:
/// every container of an image reads the same `/etc/passwd` and `/etc/group` (their lines were
/// split as Characters at each launch and each `ls -l`).
///
/// The keys are complete: an account is a function of the user's text and of the bytes of
/// `/etc/passwd` alone, the names of the bytes of `/etc/passwd` and `/etc/group` alone (nil
/// when the file is missing or holds no bytes, as a read then gives no text). Texts are keyed
/// by their bytes: two Strings Swift finds equal may hold different bytes.
enum AccountMemo {
    struct AccountKey: Hashable {
        var user: [UInt8]
        var passwd: [UInt8]?

        static func == (a: AccountKey, b: AccountKey) -> Bool { a.user == b.user && a.passwd == b.passwd }

        /// The bytes fed to the hasher at once (an array's own hash feeds them one by one).
        func hash(into hasher: inout Hasher) {
            AccountMemo.feed(user, into: &hasher)
            AccountMemo.feed(passwd, into: &hasher)
        }
    }

    struct NamesKey: Hashable {
        var passwd: [UInt8]?
        var group: [UInt8]?

        static func == (a: NamesKey, b: NamesKey) -> Bool { a.passwd == b.passwd && a.group == b.group }

        func hash(into hasher: inout Hasher) {
            AccountMemo.feed(passwd, into: &hasher)
            AccountMemo.feed(group, into: &hasher)
        }
    }

    struct IDs: Sendable {
        var uid: Int
        var gid: Int
    }

    /// At most this many answers of each kind are kept; then the memory is emptied.
    static let limit = 256
    static let accounts = Mutex<[AccountKey: IDs?]>([:])
    static let names = Mutex<[NamesKey: (users: [Int: String], groups: [Int: String])]>([:])

    static func feed(_ bytes: [UInt8]?, into hasher: inout Hasher) {
        guard let bytes else {
            hasher.combine(-1)
            return
        }
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
