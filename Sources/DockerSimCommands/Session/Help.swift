import DockerSimCore

/// docker's help texts, generated from the command grammar.
enum Help {
    /// `docker --help` for the commands dockersim simulates.
    static var dockerUsage: String {
        var text = "\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommon Commands:\n"
        let common = ["run", "exec", "ps", "pull", "images"]
        for name in common {
            if let entry = CommandTable.topLevel[name] { text += "  " + name.padding(11) + entry.spec.summary + "\n" }
        }
        text += "\nManagement Commands:\n"
        for (name, group) in CommandTable.groups.sorted(by: { $0.key < $1.key }) {
            text += "  " + name.padding(11) + group.summary + "\n"
        }
        text += "\nCommands:\n"
        for (name, entry) in CommandTable.topLevel.sorted(by: { $0.key < $1.key }) where !common.contains(name) {
            text += "  " + name.padding(11) + entry.spec.summary + "\n"
        }
        text += "\nRun 'docker COMMAND --help' for more information on a command.\n"
        return text
    }

    /// `docker X --help`: usage line, summary, aliases and options as cobra and pflag lay them out.
    static func text(for spec: CommandSpec) -> String {
        var text = "\nUsage:  \(spec.usageLine)\n\n\(spec.summary)\n"
        if !spec.aliases.isEmpty {
            text += "\nAliases:\n  " + spec.aliases.joined(separator: ", ") + "\n"
        }
        let flags = spec.flags.filter { !$0.hidden }
        if !flags.isEmpty {
            text += "\nOptions:\n"
            let names = flags.map { flag -> String in
                var name = flag.short.map { "  -\($0), --\(flag.long)" } ?? "      --\(flag.long)"
                switch flag.kind {
                case .bool: break
                case .string: name += " string"
                case .int: name += " int"
                case .list: name += " list"
                }
                return name
            }
            let width = names.map(\.count).max() ?? 0
            for (flag, name) in zip(flags, names) {
                var help = flag.help
                if let value = flag.defaultText { help += " (default \(value))" }
                text += name + String(repeating: " ", count: width - name.count) + "   " + help + "\n"
            }
        }
        return text
    }
}
