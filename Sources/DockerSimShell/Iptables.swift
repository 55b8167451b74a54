import DockerSimCore

// Sources: moby v28.5.1 libnetwork/drivers/bridge/internal/iptabler (network.go: the MASQUERADE
// and "skip DNAT" RETURN rules inserted at the top per bridge network, NAT jump rules appended
// once; port.go: one DNAT rule appended per published IPv4 port, `! -i BRIDGE` with the userland
// proxy on; testdata/*.golden for the rules as iptables-save writes them); iptables 1.8
// iptables/xshared.c (`print_header`, `print_rule_details`, `print_fragment`,
// `print_ipv4_addresses`: the columns of `-L`), extensions libxt_addrtype, libxt_tcp/udp
// and libxt_DNAT (their `print`).

/// `iptables` on the simulated host (Debian 12's iptables v1.8.9, nf_tables): the `nat` table
/// docker keeps there, computed from the engine's networks and published ports, listed with
/// `-L -n` or `-S`. Other tables and options are not simulated yet; without root (`sudo`) it
/// fails as the real one does.
enum Iptables {
    /// One rule of the nat table.
    struct Rule: Equatable {
        var chain: String
        var target: String
        var proto = "all"
        var source = "0.0.0.0/0"
        var invertDestination = false
        var destination = "0.0.0.0/0"
        /// `-i`/`-o` as iptables-save writes them (`-L` without `-v` does not show them).
        var interfaces = ""
        /// The match options as iptables-save writes them, and as `-L` prints them.
        var saveMatches = ""
        var listMatches = ""
        /// The target's options (`--to-destination …`) and their `-L` form (`to:…`).
        var saveTarget = ""
        var listTarget = ""
    }

    static let builtinChains = ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]

    /// The nat table as docker 28.5 leaves it: the jumps to `DOCKER`, a MASQUERADE and a RETURN
    /// per bridge network (the newest first: they are inserted), a DNAT per published port (in
    /// the order the containers started: they are appended).
    static func natRules(_ engine: Engine) -> [Rule] {
        var rules: [Rule] = [
            Rule(
                chain: "PREROUTING", target: "DOCKER", saveMatches: " -m addrtype --dst-type LOCAL",
                listMatches: " ADDRTYPE match dst-type LOCAL"),
            Rule(
                chain: "OUTPUT", target: "DOCKER", invertDestination: true, destination: "127.0.0.0/8",
                saveMatches: " -m addrtype --dst-type LOCAL", listMatches: " ADDRTYPE match dst-type LOCAL"),
        ]
        let bridges = engine.networks.values
            .filter { $0.bridgeDevice != nil && !$0.isInternal && $0.subnet != nil }
            .sorted { ($0.created, $0.id) > ($1.created, $1.id) }
        for network in bridges {
            guard let device = network.bridgeDevice, let subnet = network.subnet else { continue }
            rules.append(
                Rule(
                    chain: "POSTROUTING", target: "MASQUERADE", source: subnet.description,
                    interfaces: " ! -o \(device)"))
        }
        for network in bridges {
            guard let device = network.bridgeDevice else { continue }
            rules.append(Rule(chain: "DOCKER", target: "RETURN", interfaces: " -i \(device)"))
        }
        let running = engine.containers.values.filter { $0.isRunning && !$0.ports.isEmpty }
            .sorted { ($0.startedAt, $0.sequence) < ($1.startedAt, $1.sequence) }
        for container in running {
            guard let endpoint = container.endpoints.first(where: { $0.address != nil }),
                let address = endpoint.address, let device = engine.networks[endpoint.networkID]?.bridgeDevice
            else { continue }
            for published in container.ports {
                for binding in published.bindings {
                    guard let hostPort = Int(binding.hostPort), hostPort > 0, !binding.hostIP.contains(":") else {
                        continue
                    }
                    let proto = published.port.proto
                    let specific = !binding.hostIP.isEmpty && binding.hostIP != "0.0.0.0"
                    rules.append(
                        Rule(
                            chain: "DOCKER", target: "DNAT", proto: proto,
                            destination: specific ? binding.hostIP : "0.0.0.0/0",
                            interfaces: " ! -i \(device)",
                            saveMatches: " -m \(proto) --dport \(hostPort)", listMatches: " \(proto) dpt:\(hostPort)",
                            saveTarget: " --to-destination \(address):\(published.port.port)",
                            listTarget: " to:\(address):\(published.port.port)"))
                }
            }
        }
        return rules
    }

    /// Runs `iptables ARGS`; `root` when run through `sudo`.
    static func run(
        _ args: [String], root: Bool, engine: Engine, language: Language = .en
    ) -> (stdout: String, stderr: String, status: Int32) {
        var table = "filter"
        var action: Character?
        var chain: String?
        var numeric = false
        var index = 0
        func notSimulated(_ what: String) -> (String, String, Int32) {
            ("", Message.notSimulated(what).text(language) + "\n", 1)
        }
        while index < args.count {
            let word = args[index]
            index += 1
            switch word {
            case "-t", "--table":
                guard index < args.count else {
                    return (
                        "",
                        "iptables v1.8.9 (nf_tables): option \"\(word)\" requires an argument\nTry `iptables -h' or 'iptables --help' for more information.\n",
                        2
                    )
                }
                table = args[index]
                index += 1
            case "-L", "--list", "-S", "--list-rules":
                action = word == "-L" || word == "--list" ? "L" : "S"
                if index < args.count, !args[index].hasPrefix("-") {
                    chain = args[index]
                    index += 1
                }
            case "-n", "--numeric":
                numeric = true
            default:
                // Short options together (`-nL`, `-nvL`): only those simulated.
                if word.hasPrefix("-"), !word.hasPrefix("--"), word.count > 2,
                    word.dropFirst().allSatisfy({ "nLS".contains($0) })
                {
                    for option in word.dropFirst() {
                        if option == "n" { numeric = true } else { action = option }
                    }
                    if word.contains(where: { $0 == "L" || $0 == "S" }), index < args.count, !args[index].hasPrefix("-")
                    {
                        chain = args[index]
                        index += 1
                    }
                    continue
                }
                return notSimulated("iptables " + word)
            }
        }
        guard let action else { return notSimulated("iptables " + args.joined(separator: " ")) }
        if !root {
            return (
                "",
                "iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n\n",
                4
            )
        }
        guard table == "nat" else { return notSimulated("iptables -t \(table)") }
        if action == "L" && !numeric { return notSimulated("iptables -L") }
        let rules = natRules(engine)
        let chains = builtinChains + ["DOCKER"]
        if let chain, !chains.contains(chain) {
            return ("", "iptables: No chain/target/match by that name.\n", 1)
        }
        let shown = chain.map { [$0] } ?? chains
        return (action == "S" ? save(rules, chains: shown) : list(rules, chains: shown), "", 0)
    }

    /// `iptables -t nat -S`: the policies, the chain, then the rules.
    static func save(_ rules: [Rule], chains: [String]) -> String {
        var text = ""
        for chain in chains {
            text += builtinChains.contains(chain) ? "-P \(chain) ACCEPT\n" : "-N \(chain)\n"
        }
        for chain in chains {
            for rule in rules where rule.chain == chain {
                var line = "-A \(chain)"
                if rule.invertDestination { line += " ! -d \(rule.destination)" }
                if rule.source != "0.0.0.0/0" { line += " -s \(rule.source)" }
                if !rule.invertDestination && rule.destination != "0.0.0.0/0" { line += " -d \(rule.destination)/32" }
                line += rule.interfaces
                if rule.proto != "all" { line += " -p \(rule.proto)" }
                line += rule.saveMatches + " -j \(rule.target)" + rule.saveTarget
                text += line + "\n"
            }
        }
        return text
    }

    /// `iptables -t nat -L -n`: each chain's header, the column titles, the rules.
    static func list(_ rules: [Rule], chains: [String]) -> String {
        func padded(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        var text = ""
        for (position, chain) in chains.enumerated() {
            if position > 0 { text += "\n" }
            if builtinChains.contains(chain) {
                text += "Chain \(chain) (policy ACCEPT)\n"
            } else {
                let references = rules.filter { $0.target == chain }.count
                text += "Chain \(chain) (\(references) references)\n"
            }
            text +=
                padded("target", 9) + " " + " prot " + "opt" + " " + padded("source", 19) + " " + " "
                + padded("destination", 19) + " " + "\n"
            for rule in rules where rule.chain == chain {
                var line = padded(rule.target, 9) + " " + " " + padded(rule.proto, 4) + " " + "-- "
                line += " " + padded(rule.source, 19) + " "
                line += (rule.invertDestination ? "!" : " ") + padded(rule.destination, 19) + " "
                line += rule.listMatches + rule.listTarget
                text += line + "\n"
            }
        }
        return text
    }
}
