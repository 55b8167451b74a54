import DockerSimCore

// Sources: iproute2 6.1.0 misc/ss.c (Debian 12's `ss`): the options (`getopt_long` with
// "dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO"), `_usage`, the columns (`columns[]`: Netid, State,
// Recv-Q, Send-Q, the local and peer address right-aligned with their `:` and the port after,
// Process), `render_calc_width` and `render` (the widths measured over the header and every
// line; on a terminal the spare columns spread over the fields; piped, compact), `sock_state_print`
// (`%-6d` queues), `inet_addr_print` (`[::]` for a v6-only wildcard, `*` for a dual-stack one),
// `resolve_service`, `find_entry` (`users:(("name",pid=N,fd=N),…)`, the newest process first),
// the order of the tables (UDP, then TCP) and the Netid and State columns left out when the
// filter asks for one table or one state.

/// `ss` on the simulated host (iproute2 6.1.0, Debian 12): its TCP and UDP sockets, computed
/// from the engine. What listens there: the host's own services (``SimulatedHost/services``),
/// a `docker-proxy` per published port and address family (docker 28's userland proxy), and
/// the servers of the running `--network host` containers (their catalog `web` and `listen`
/// ports, held by the program and the processes it starts, ``ContainerProcesses``). The host
/// has no open connections: only listening (and unconnected UDP) sockets exist. Unix, raw and
/// other tables, filters and the detail options are not simulated yet and say so.
enum SocketStats {
    /// One socket as `ss` lists it.
    struct Socket: Equatable {
        var tcp: Bool
        var v6: Bool
        /// The local address as ss prints it: `0.0.0.0`, `[::]`, `*`, `127.0.0.1`.
        var address: String
        var port: Int
        /// Send-Q: a listening TCP socket's backlog (0 for UDP).
        var backlog: Int
        /// The processes holding it, in ss's order (the newest first).
        var owners: [Owner]
    }

    /// A process holding a socket, as `ss -p` names it.
    struct Owner: Equatable {
        var name: String
        var pid: Int
        var fd: Int
    }

    /// The backlog dockerd listens with for `docker-proxy` (Go's: the kernel's `somaxconn`).
    static let proxyBacklog = 4096
    /// The backlog of a container's server (nginx's and Apache's default, 511).
    static let serverBacklog = 511

    /// The host's sockets: its services, then docker-proxy's and host-network servers', sorted
    /// by port and family. (The kernel lists them in the order of its hash tables, which
    /// depends on a per-boot secret; by port is what a reader can follow.)
    static func hostSockets(_ engine: Engine) -> [Socket] {
        var sockets: [Socket] = []
        for service in SimulatedHost.services {
            for socket in service.sockets {
                sockets.append(
                    Socket(
                        tcp: socket.tcp, v6: socket.v6, address: socket.v6 ? "[::]" : "0.0.0.0", port: socket.port,
                        backlog: socket.tcp ? service.backlog : 0,
                        owners: [Owner(name: service.name, pid: service.pid, fd: socket.fd)]))
            }
        }
        let listeners = ContainerRuntime.listeners(engine)
        for container in engine.containers.values where container.status == .running || container.status == .paused {
            let main = ContainerProcesses.mainPID(of: container.id)
            // The proxies start with the container's networking, before its process.
            var proxyPID = main - 40
            for published in container.ports {
                for binding in published.bindings {
                    guard let port = Int(binding.hostPort) else { continue }
                    let v6 = binding.hostIP.contains(":")
                    let tcp = published.port.proto == "tcp"
                    guard tcp || published.port.proto == "udp" else { continue }
                    let address =
                        binding.hostIP == "0.0.0.0"
                        ? "0.0.0.0"
                        : binding.hostIP == "::" ? "[::]" : v6 ? "[\(binding.hostIP)]" : binding.hostIP
                    sockets.append(
                        Socket(
                            tcp: tcp, v6: v6, address: address, port: port, backlog: tcp ? proxyBacklog : 0,
                            owners: [Owner(name: "docker-proxy", pid: proxyPID, fd: 4)]))
                    proxyPID += 1
                }
            }
            guard container.hostConfig.networkMode == "host" else { continue }
            let holders = ContainerProcesses.list(of: container, engine: engine).filter(\.holdsSockets)
                .sorted { $0.pid > $1.pid }
            for (index, listener) in listeners(container.id).enumerated() {
                for v6 in [false, true] {
                    sockets.append(
                        Socket(
                            tcp: listener.port.proto == "tcp", v6: v6, address: v6 ? "[::]" : "0.0.0.0",
                            port: listener.port.port, backlog: serverBacklog,
                            owners: holders.map { Owner(name: $0.name, pid: $0.pid, fd: 6 + 2 * index + (v6 ? 1 : 0)) })
                    )
                }
            }
        }
        return sockets.sorted { ($0.port, $0.v6 ? 1 : 0, $0.address) < ($1.port, $1.v6 ? 1 : 0, $1.address) }
    }

    /// What `ss` asked for.
    struct Options {
        var tcp = false
        var udp = false
        var listening = false
        var all = false
        var numeric = false
        var processes = false
        var v4 = false
        var v6 = false
        var header = true
        var help = false
        var version = false
        /// An option or table that is not simulated yet (how it was typed).
        var unsimulated: String?
    }

    enum Parse {
        case options(Options, operands: [String])
        /// getopt's complaint (printed before the usage).
        case usage(String)
    }

    /// The long options of ss.c's `long_opts`, with the short option each stands for ("" when
    /// it has none).
    static let longOptions: [(name: String, short: String, argument: Bool)] = [
        ("numeric", "n", false), ("resolve", "r", false), ("options", "o", false), ("extended", "e", false),
        ("memory", "m", false), ("info", "i", false), ("processes", "p", false), ("threads", "T", false),
        ("bpf", "b", false), ("events", "E", false), ("dccp", "d", false), ("tcp", "t", false),
        ("sctp", "S", false), ("udp", "u", false), ("raw", "w", false), ("unix", "x", false),
        ("tipc", "", false), ("vsock", "", false), ("all", "a", false), ("listening", "l", false),
        ("ipv4", "4", false), ("ipv6", "6", false), ("packet", "0", false), ("family", "f", true),
        ("socket", "A", true), ("query", "A", true), ("summary", "s", false), ("diag", "D", true),
        ("filter", "F", true), ("version", "V", false), ("help", "h", false), ("context", "Z", false),
        ("contexts", "z", false), ("net", "N", true), ("tipcinfo", "", false), ("tos", "", false),
        ("cgroup", "", false), ("kill", "K", false), ("no-header", "H", false), ("xdp", "", false),
        ("mptcp", "M", false), ("oneline", "O", false), ("inet-sockopt", "", false),
    ]

    /// The short options, and which take an argument (`f:`).
    static let shortOptions = "dhaletuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO"

    /// Reads the options as glibc's `getopt_long` does (options anywhere, `--` ends them,
    /// unique prefixes of long names).
    static func parse(_ args: [String]) -> Parse {
        var options = Options()
        var operands: [String] = []
        let takesArgument = Set(
            shortOptions.indices.compactMap { index -> Character? in
                let next = shortOptions.index(after: index)
                return next < shortOptions.endIndex && shortOptions[next] == ":" ? shortOptions[index] : nil
            })
        let known = Set(shortOptions.filter { $0 != ":" })
        func apply(_ short: String, typed: String) {
            switch short {
            case "t": options.tcp = true
            case "u": options.udp = true
            case "l": options.listening = true
            case "a": options.all = true
            case "n": options.numeric = true
            case "p": options.processes = true
            case "4": options.v4 = true
            case "6": options.v6 = true
            case "H": options.header = false
            case "h": options.help = true
            case "V", "v": options.version = true
            case "r": break  // Every address of the host's sockets is a wildcard: nothing to resolve.
            default: options.unsimulated = options.unsimulated ?? "ss " + typed
            }
        }
        var index = 0
        while index < args.count {
            let word = args[index]
            index += 1
            if word == "--" {
                operands += args[index...]
                break
            }
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let exact = longOptions.filter { $0.name == name }
                let matches = exact.isEmpty ? longOptions.filter { $0.name.hasPrefix(name) } : exact
                // `--socket` and `--query` are one option: a prefix of both is not ambiguous.
                let distinct = Dictionary(grouping: matches, by: \.short).count == 1 && matches.first?.short != ""
                guard let option = matches.first, matches.count == 1 || distinct else {
                    if matches.isEmpty { return .usage("ss: unrecognized option '\(word)'\n") }
                    let names = matches.map { "'--\($0.name)'" }.joined(separator: " ")
                    return .usage("ss: option '--\(name)' is ambiguous; possibilities: \(names)\n")
                }
                if option.argument {
                    if !body.contains("=") {
                        guard index < args.count else {
                            return .usage("ss: option '--\(option.name)' requires an argument\n")
                        }
                        index += 1
                    }
                } else if body.contains("=") {
                    return .usage("ss: option '--\(option.name)' doesn't allow an argument\n")
                }
                apply(option.short.isEmpty ? "-" : option.short, typed: "--" + option.name)
                continue
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                operands.append(word)
                continue
            }
            var letters = word.dropFirst()[...]
            while let letter = letters.popFirst() {
                guard known.contains(letter) else { return .usage("ss: invalid option -- '\(letter)'\n") }
                if takesArgument.contains(letter) {
                    if letters.isEmpty {
                        guard index < args.count else {
                            return .usage("ss: option requires an argument -- '\(letter)'\n")
                        }
                        index += 1
                    }
                    letters = ""[...]
                }
                apply(String(letter), typed: "-" + String(letter))
            }
        }
        return .options(options, operands: operands)
    }

    /// Runs `ss ARGS`: stdout, stderr, status. `root`: run with `sudo` (`-p` names other users'
    /// processes only then); `columns`: the terminal's width when stdout is the terminal (the
    /// spare columns spread over the fields, as ss does there), nil when piped (compact).
    static func run(
        _ args: [String], root: Bool, columns: Int?, engine: Engine, language: Language
    ) -> (String, String, Int32) {
        let options: Options
        let operands: [String]
        switch parse(args) {
        case .usage(let complaint): return ("", complaint + usage, 255)
        case .options(let parsed, let rest): (options, operands) = (parsed, rest)
        }
        if options.help { return (usage, "", 0) }
        if options.version { return ("ss utility, iproute2-6.1.0\n", "", 0) }
        func notSimulated(_ what: String) -> (String, String, Int32) {
            ("", Message.notSimulated(what).text(language) + "\n", 1)
        }
        if let what = options.unsimulated { return notSimulated(what) }
        if let filter = operands.first { return notSimulated("ss … " + filter) }
        // Without -t or -u ss shows every table (Unix, raw, netlink…): those are not simulated.
        guard options.tcp || options.udp else { return notSimulated((["ss"] + args).joined(separator: " ")) }
        // -l: listening and unconnected; -a: every state; neither: connected ones only.
        let shown = options.all || options.listening
        let anyFamily = !options.v4 && !options.v6
        let sockets = hostSockets(engine).filter { socket in
            shown && (socket.tcp ? options.tcp : options.udp) && (anyFamily || (socket.v6 ? options.v6 : options.v4))
        }
        var table = ColumnTable()
        table.netid = options.tcp && options.udp
        // ss drops the State column when one state is asked for (a `state X` filter, not
        // simulated); -l asks for two (LISTEN, UNCONN), -a for all, neither for the connected ones.
        table.state = true
        if options.header { table.add(header: true, ColumnTable.header) }
        for socket in sockets.filter({ !$0.tcp }) + sockets.filter(\.tcp) {
            let service = options.numeric ? String(socket.port) : Services.name(socket.port, tcp: socket.tcp)
            var process = ""
            if options.processes, root, !socket.owners.isEmpty {
                process =
                    " users:("
                    + socket.owners.map { "(\"\($0.name)\",pid=\($0.pid),fd=\($0.fd))" }.joined(separator: ",") + ")"
            }
            table.add(
                header: false,
                [
                    socket.tcp ? "tcp" : "udp", socket.tcp ? "LISTEN" : "UNCONN", pad6(0), pad6(socket.backlog),
                    socket.address + ":", service, socket.address + ":", "*", process, "",
                ])
        }
        return (table.render(screenWidth: columns), "", 0)
    }

    /// `%-6d`.
    static func pad6(_ value: Int) -> String {
        let text = String(value)
        return text.count < 6 ? text + String(repeating: " ", count: 6 - text.count) : text
    }

    /// ss's columns and its two-pass layout (`render_calc_width`, `render`).
    struct ColumnTable {
        enum Align { case left, right }
        static let columns: [(header: String, align: Align, delimiter: String)] = [
            ("Netid", .left, ""), ("State", .left, " "), ("Recv-Q", .left, " "), ("Send-Q", .left, " "),
            ("Local Address:", .right, " "), ("Port", .left, ""), ("Peer Address:", .right, " "),
            ("Port", .left, ""), ("Process", .left, ""), ("", .left, ""),
        ]
        static var header: [String] { columns.map(\.header) }

        var netid = true
        var state = true
        /// Each line's fields, one per column (the header has no last, empty field).
        var lines: [(header: Bool, fields: [String])] = []

        mutating func add(header: Bool, _ fields: [String]) { lines.append((header, fields)) }

        func enabled(_ column: Int) -> Bool { (column != 0 || netid) && (column != 1 || state) }

        /// The text: widths measured over every line (bytes, as ss counts them); with a screen
        /// width, the spare columns of each screen line spread over its fields, the last ones
        /// first; without, compact.
        func render(screenWidth: Int?) -> String {
            let count = Self.columns.count
            var maxLength = [Int](repeating: 0, count: count)
            for line in lines {
                for column in 0..<count where enabled(column) {
                    let field = line.header && column == count - 1 ? "" : line.fields[column]
                    maxLength[column] = max(maxLength[column], field.utf8.count)
                }
            }
            var width = [Int](repeating: 0, count: count)
            var first = true
            for column in 0..<count where enabled(column) {
                width[column] =
                    !first && maxLength[column] > 0
                    ? maxLength[column] + Self.columns[column].delimiter.utf8.count : maxLength[column]
                if let screenWidth { width[column] = min(width[column], screenWidth) }
                if width[column] > 0 { first = false }
            }
            if let screenWidth { spread(&width, screenWidth: screenWidth) }
            var out = ""
            for line in lines {
                var printedLine = false
                for column in 0..<count where enabled(column) {
                    if line.header && column == count - 1 { continue }
                    let field = line.fields[column]
                    var printed = 0
                    if printedLine {
                        out += Self.columns[column].delimiter
                        printed = Self.columns[column].delimiter.utf8.count
                    }
                    printedLine = true
                    let fieldWidth = width[column]
                    if fieldWidth > 0, Self.columns[column].align == .right {
                        let spaces = fieldWidth - field.utf8.count - printed
                        if spaces > 0 {
                            out += String(repeating: " ", count: spaces)
                            printed += spaces
                        }
                    }
                    out += field
                    printed += field.utf8.count
                    if fieldWidth > 0, Self.columns[column].align == .left, fieldWidth - printed > 0 {
                        out += String(repeating: " ", count: fieldWidth - printed)
                    }
                }
                out += "\n"
            }
            return out
        }

        /// The second pass of `render_calc_width`: the columns that fit on a screen line get
        /// its spare columns, evenly, the remainder to the last ones.
        func spread(_ width: inout [Int], screenWidth: Int) {
            let count = width.count
            var length = 0
            var lineColumns = 0
            var endOfLine = -1
            var column = 0
            while column < count {
                defer { column += 1 }
                guard width[column] > 0 else { continue }
                lineColumns += 1
                length += width[column]
                let last = !((column + 1)..<count).contains { width[$0] > 0 }
                if !last && length < screenWidth { continue }
                if length != screenWidth {
                    if length > screenWidth {
                        length -= width[column]
                        column -= 1
                        lineColumns -= 1
                    }
                    let pad = screenWidth - length
                    let spacing = lineColumns > 0 ? pad / lineColumns : 0
                    var remainder = lineColumns > 0 ? pad % lineColumns : 0
                    var back = column
                    while back > endOfLine {
                        if width[back] > 0 {
                            width[back] += spacing
                            if remainder > 0 {
                                width[back] += 1
                                remainder -= 1
                            }
                        }
                        back -= 1
                    }
                }
                endOfLine = column
                length = 0
                lineColumns = 0
            }
        }
    }

    /// `ss -h` (stdout) and the usage after a bad option (stderr), iproute2 6.1.0's `_usage`.
    static let usage = """
        Usage: ss [ OPTIONS ]
               ss [ OPTIONS ] [ FILTER ]
           -h, --help          this message
           -V, --version       output version information
           -n, --numeric       don't resolve service names
           -r, --resolve       resolve host names
           -a, --all           display all sockets
           -l, --listening     display listening sockets
           -o, --options       show timer information
           -e, --extended      show detailed socket information
           -m, --memory        show socket memory usage
           -p, --processes     show process using socket
           -T, --threads       show thread using socket
           -i, --info          show internal TCP information
               --tipcinfo      show internal tipc socket information
           -s, --summary       show socket usage summary
               --tos           show tos and priority information
               --cgroup        show cgroup information
           -b, --bpf           show bpf filter socket information
           -E, --events        continually display sockets as they are destroyed
           -Z, --context       display task SELinux security contexts
           -z, --contexts      display task and socket SELinux security contexts
           -N, --net           switch to the specified network namespace name

           -4, --ipv4          display only IP version 4 sockets
           -6, --ipv6          display only IP version 6 sockets
           -0, --packet        display PACKET sockets
           -t, --tcp           display only TCP sockets
           -M, --mptcp         display only MPTCP sockets
           -S, --sctp          display only SCTP sockets
           -u, --udp           display only UDP sockets
           -d, --dccp          display only DCCP sockets
           -w, --raw           display only RAW sockets
           -x, --unix          display only Unix domain sockets
               --tipc          display only TIPC sockets
               --vsock         display only vsock sockets
               --xdp           display only XDP sockets
           -f, --family=FAMILY display sockets of type FAMILY
               FAMILY := {inet|inet6|link|unix|netlink|vsock|tipc|xdp|help}

           -K, --kill          forcibly close sockets, display what was closed
           -H, --no-header     Suppress header line
           -O, --oneline       socket's data printed on a single line
               --inet-sockopt  show various inet socket options

           -A, --query=QUERY, --socket=QUERY
               QUERY := {all|inet|tcp|mptcp|udp|raw|unix|unix_dgram|unix_stream|unix_seqpacket|packet|packet_raw|packet_dgram|netlink|dccp|sctp|vsock_stream|vsock_dgram|tipc|xdp}[,QUERY]

           -D, --diag=FILE     Dump raw information about TCP sockets to FILE
           -F, --filter=FILE   read filter information from FILE
               FILTER := [ state STATE-FILTER ] [ EXPRESSION ]
               STATE-FILTER := {all|connected|synchronized|bucket|big|TCP-STATES}
                 TCP-STATES := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|closed|close-wait|last-ack|listening|closing}
                  connected := {established|syn-sent|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
               synchronized := {established|syn-recv|fin-wait-{1,2}|time-wait|close-wait|last-ack|closing}
                     bucket := {syn-recv|time-wait}
                        big := {established|syn-sent|fin-wait-{1,2}|closed|close-wait|last-ack|listening|closing}

        """

    /// The service names of the host's `/etc/services` (Debian 12's netbase 6.4) for the ports
    /// a simulated socket can have: ss prints them instead of the number without `-n`.
    enum Services {
        /// `name port/proto` lines.
        static let table: [String: String] = {
            var names: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard words.count == 2, names[String(words[1])] == nil else { continue }
                names[String(words[1])] = String(words[0])
            }
            return names
        }()

        static func name(_ port: Int, tcp: Bool) -> String {
            table["\(port)/\(tcp ? "tcp" : "udp")"] ?? String(port)
        }

        static let text = """
            tcpmux 1/tcp
            echo 7/tcp
            echo 7/udp
            discard 9/tcp
            discard 9/udp
            systat 11/tcp
            daytime 13/tcp
            daytime 13/udp
            netstat 15/tcp
            qotd 17/tcp
            chargen 19/tcp
            chargen 19/udp
            ftp-data 20/tcp
            ftp 21/tcp
            fsp 21/udp
            ssh 22/tcp
            telnet 23/tcp
            smtp 25/tcp
            time 37/tcp
            time 37/udp
            whois 43/tcp
            tacacs 49/tcp
            tacacs 49/udp
            domain 53/tcp
            domain 53/udp
            bootps 67/udp
            bootpc 68/udp
            tftp 69/udp
            gopher 70/tcp
            finger 79/tcp
            http 80/tcp
            kerberos 88/tcp
            kerberos 88/udp
            iso-tsap 102/tcp
            acr-nema 104/tcp
            pop3 110/tcp
            sunrpc 111/tcp
            sunrpc 111/udp
            auth 113/tcp
            nntp 119/tcp
            ntp 123/udp
            epmap 135/tcp
            netbios-ns 137/udp
            netbios-dgm 138/udp
            netbios-ssn 139/tcp
            imap2 143/tcp
            snmp 161/tcp
            snmp 161/udp
            snmp-trap 162/tcp
            snmp-trap 162/udp
            cmip-man 163/tcp
            cmip-man 163/udp
            cmip-agent 164/tcp
            cmip-agent 164/udp
            mailq 174/tcp
            xdmcp 177/udp
            bgp 179/tcp
            smux 199/tcp
            qmtp 209/tcp
            z3950 210/tcp
            ipx 213/udp
            ptp-event 319/udp
            ptp-general 320/udp
            pawserv 345/tcp
            zserv 346/tcp
            rpc2portmap 369/tcp
            rpc2portmap 369/udp
            codaauth2 370/tcp
            codaauth2 370/udp
            clearcase 371/udp
            ldap 389/tcp
            ldap 389/udp
            svrloc 427/tcp
            svrloc 427/udp
            https 443/tcp
            https 443/udp
            snpp 444/tcp
            microsoft-ds 445/tcp
            kpasswd 464/tcp
            kpasswd 464/udp
            submissions 465/tcp
            saft 487/tcp
            isakmp 500/udp
            rtsp 554/tcp
            rtsp 554/udp
            nqs 607/tcp
            asf-rmcp 623/udp
            qmqp 628/tcp
            ipp 631/tcp
            ldp 646/tcp
            ldp 646/udp
            exec 512/tcp
            biff 512/udp
            login 513/tcp
            who 513/udp
            shell 514/tcp
            syslog 514/udp
            printer 515/tcp
            talk 517/udp
            ntalk 518/udp
            route 520/udp
            gdomap 538/tcp
            gdomap 538/udp
            uucp 540/tcp
            klogin 543/tcp
            kshell 544/tcp
            dhcpv6-client 546/udp
            dhcpv6-server 547/udp
            afpovertcp 548/tcp
            nntps 563/tcp
            submission 587/tcp
            ldaps 636/tcp
            ldaps 636/udp
            tinc 655/tcp
            tinc 655/udp
            silc 706/tcp
            kerberos-adm 749/tcp
            domain-s 853/tcp
            domain-s 853/udp
            rsync 873/tcp
            ftps-data 989/tcp
            ftps 990/tcp
            telnets 992/tcp
            imaps 993/tcp
            pop3s 995/tcp
            socks 1080/tcp
            proofd 1093/tcp
            rootd 1094/tcp
            openvpn 1194/tcp
            openvpn 1194/udp
            rmiregistry 1099/tcp
            lotusnote 1352/tcp
            ms-sql-s 1433/tcp
            ms-sql-m 1434/udp
            ingreslock 1524/tcp
            datametrics 1645/tcp
            datametrics 1645/udp
            sa-msg-port 1646/tcp
            sa-msg-port 1646/udp
            kermit 1649/tcp
            groupwise 1677/tcp
            l2f 1701/udp
            radius 1812/tcp
            radius 1812/udp
            radius-acct 1813/tcp
            radius-acct 1813/udp
            cisco-sccp 2000/tcp
            nfs 2049/tcp
            nfs 2049/udp
            gnunet 2086/tcp
            gnunet 2086/udp
            rtcm-sc104 2101/tcp
            rtcm-sc104 2101/udp
            gsigatekeeper 2119/tcp
            gris 2135/tcp
            cvspserver 2401/tcp
            venus 2430/tcp
            venus 2430/udp
            venus-se 2431/tcp
            venus-se 2431/udp
            codasrv 2432/tcp
            codasrv 2432/udp
            codasrv-se 2433/tcp
            codasrv-se 2433/udp
            mon 2583/tcp
            mon 2583/udp
            dict 2628/tcp
            f5-globalsite 2792/tcp
            gsiftp 2811/tcp
            gpsd 2947/tcp
            gds-db 3050/tcp
            icpv2 3130/udp
            isns 3205/tcp
            isns 3205/udp
            iscsi-target 3260/tcp
            mysql 3306/tcp
            ms-wbt-server 3389/tcp
            nut 3493/tcp
            nut 3493/udp
            distcc 3632/tcp
            daap 3689/tcp
            svn 3690/tcp
            suucp 4031/tcp
            sysrqd 4094/tcp
            sieve 4190/tcp
            epmd 4369/tcp
            remctl 4373/tcp
            f5-iquery 4353/tcp
            ntske 4460/tcp
            ipsec-nat-t 4500/udp
            iax 4569/udp
            mtn 4691/tcp
            radmin-port 4899/tcp
            sip 5060/tcp
            sip 5060/udp
            sip-tls 5061/tcp
            sip-tls 5061/udp
            xmpp-client 5222/tcp
            xmpp-server 5269/tcp
            cfengine 5308/tcp
            mdns 5353/udp
            postgresql 5432/tcp
            freeciv 5556/tcp
            amqps 5671/tcp
            amqp 5672/tcp
            x11 6000/tcp
            x11-1 6001/tcp
            x11-2 6002/tcp
            x11-3 6003/tcp
            x11-4 6004/tcp
            x11-5 6005/tcp
            x11-6 6006/tcp
            x11-7 6007/tcp
            gnutella-svc 6346/tcp
            gnutella-svc 6346/udp
            gnutella-rtr 6347/tcp
            gnutella-rtr 6347/udp
            redis 6379/tcp
            sge-qmaster 6444/tcp
            sge-execd 6445/tcp
            mysql-proxy 6446/tcp
            babel 6696/udp
            ircs-u 6697/tcp
            bbs 7000/tcp
            afs3-fileserver 7000/udp
            afs3-callback 7001/udp
            afs3-prserver 7002/udp
            afs3-vlserver 7003/udp
            afs3-kaserver 7004/udp
            afs3-volser 7005/udp
            afs3-bos 7007/udp
            afs3-update 7008/udp
            afs3-rmtsys 7009/udp
            font-service 7100/tcp
            http-alt 8080/tcp
            puppet 8140/tcp
            bacula-dir 9101/tcp
            bacula-fd 9102/tcp
            bacula-sd 9103/tcp
            xmms2 9667/tcp
            nbd 10809/tcp
            zabbix-agent 10050/tcp
            zabbix-trapper 10051/tcp
            amanda 10080/tcp
            dicom 11112/tcp
            hkp 11371/tcp
            db-lsp 17500/tcp
            dcap 22125/tcp
            gsidcap 22128/tcp
            wnn6 22273/tcp
            kerberos4 750/udp
            kerberos4 750/tcp
            kerberos-master 751/udp
            kerberos-master 751/tcp
            passwd-server 752/udp
            krb-prop 754/tcp
            zephyr-srv 2102/udp
            zephyr-clt 2103/udp
            zephyr-hm 2104/udp
            iprop 2121/tcp
            supfilesrv 871/tcp
            supfiledbg 1127/tcp
            poppassd 106/tcp
            moira-db 775/tcp
            moira-update 777/tcp
            moira-ureg 779/udp
            spamd 783/tcp
            skkserv 1178/tcp
            predict 1210/udp
            rmtcfg 1236/tcp
            xtel 1313/tcp
            xtelw 1314/tcp
            zebrasrv 2600/tcp
            zebra 2601/tcp
            ripd 2602/tcp
            ripngd 2603/tcp
            ospfd 2604/tcp
            bgpd 2605/tcp
            ospf6d 2606/tcp
            ospfapi 2607/tcp
            isisd 2608/tcp
            fax 4557/tcp
            hylafax 4559/tcp
            munin 4949/tcp
            rplay 5555/udp
            nrpe 5666/tcp
            nsca 5667/tcp
            canna 5680/tcp
            syslog-tls 6514/tcp
            sane-port 6566/tcp
            ircd 6667/tcp
            zope-ftp 8021/tcp
            tproxy 8081/tcp
            omniorb 8088/tcp
            clc-build-daemon 8990/tcp
            xinetd 9098/tcp
            git 9418/tcp
            zope 9673/tcp
            webmin 10000/tcp
            kamanda 10081/tcp
            amandaidx 10082/tcp
            amidxtape 10083/tcp
            sgi-cmsd 17001/udp
            sgi-crsd 17002/udp
            sgi-gcd 17003/udp
            sgi-cad 17004/tcp
            binkp 24554/tcp
            asp 27374/tcp
            asp 27374/udp
            csync2 30865/tcp
            dircproxy 57000/tcp
            tfido 60177/tcp
            fido 60179/tcp
            """
    }
}
