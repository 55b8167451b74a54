import DockerSimCore

/// ``DockerSimCore/Language``, where the command layer has always had it.
public typealias Language = DockerSimCore.Language

/// docker's help texts, generated from the command grammar, and dockersim's own `help`.
public enum Help {
    /// docker's global options, as `docker --help` lists them (docker/cli `cli/flags/options.go`).
    static let globalOptions: [FlagSpec] = [
        FlagSpec("config", nil, .string, "Location of client config files", default: "\"/root/.docker\""),
        FlagSpec(
            "context", "c", .string,
            "Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set with \"docker context use\")"
        ),
        FlagSpec("debug", "D", .bool, "Enable debug mode"),
        FlagSpec("host", "H", .list, "Daemon socket to connect to"),
        FlagSpec(
            "log-level", "l", .string, "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")",
            default: "\"info\""),
        FlagSpec("tls", nil, .bool, "Use TLS; implied by --tlsverify"),
        FlagSpec("tlscacert", nil, .string, "Trust certs signed only by this CA", default: "\"/root/.docker/ca.pem\""),
        FlagSpec("tlscert", nil, .string, "Path to TLS certificate file", default: "\"/root/.docker/cert.pem\""),
        FlagSpec("tlskey", nil, .string, "Path to TLS key file", default: "\"/root/.docker/key.pem\""),
        FlagSpec("tlsverify", nil, .bool, "Use TLS and verify the remote"),
        FlagSpec("version", "v", .bool, "Print version information and quit"),
    ]

    /// `docker --help` (and `docker` alone) as docker 28.5 prints it on a node that is not a
    /// swarm manager, with the buildx and compose plugins: cobra's root layout, names padded to
    /// 12 columns, common commands first, then management commands (plugins marked `*`), the
    /// swarm commands shown there and the rest, in alphabetical order. Every command is listed,
    /// simulated or not (those that are not say so when run).
    static var dockerUsage: String {
        func line(_ name: String) -> String {
            let shown = DockerVerbs.plugins.contains(name) ? name + "*" : name
            let summary = CommandTable.topLevel[name]?.spec.summary ?? DockerVerbs.summaries[name] ?? ""
            return "  " + shown.padding(12) + summary + "\n"
        }
        var text =
            "Usage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommon Commands:\n"
        for name in DockerVerbs.common { text += line(name) }
        text += "\nManagement Commands:\n"
        for name in DockerVerbs.management.sorted() where name != "checkpoint" { text += line(name) }
        text += "\nSwarm Commands:\n" + line("swarm")
        text += "\nCommands:\n"
        for name in DockerVerbs.others.sorted() { text += line(name) }
        text += "\nGlobal Options:\n" + flagUsages(globalOptions, columns: 80)
        text += "\nRun 'docker COMMAND --help' for more information on a command.\n"
        text += "\nFor more help on usage, see the docs: https://docs.docker.com/go/guides/\n"
        return text
    }

    /// The `aliases` annotation docker 28 gives each command (the same text under every path
    /// that reaches it), by the command's top-level name. Source: docker/cli `cli/command/*/*.go`.
    static let aliases: [String: String] = [
        "attach": "docker container attach, docker attach",
        "commit": "docker container commit, docker commit",
        "cp": "docker container cp, docker cp",
        "create": "docker container create, docker create",
        "diff": "docker container diff, docker diff",
        "events": "docker system events, docker events",
        "exec": "docker container exec, docker exec",
        "export": "docker container export, docker export",
        "history": "docker image history, docker history",
        "images": "docker image ls, docker image list, docker images",
        "import": "docker image import, docker import",
        "info": "docker system info, docker info",
        "kill": "docker container kill, docker kill",
        "load": "docker image load, docker load",
        "logs": "docker container logs, docker logs",
        "pause": "docker container pause, docker pause",
        "port": "docker container port, docker port",
        "ps": "docker container ls, docker container list, docker container ps, docker ps",
        "pull": "docker image pull, docker pull",
        "push": "docker image push, docker push",
        "rename": "docker container rename, docker rename",
        "restart": "docker container restart, docker restart",
        "rm": "docker container rm, docker container remove, docker rm",
        "rmi": "docker image rm, docker image remove, docker rmi",
        "run": "docker container run, docker run",
        "save": "docker image save, docker save",
        "start": "docker container start, docker start",
        "stats": "docker container stats, docker stats",
        "stop": "docker container stop, docker stop",
        "tag": "docker image tag, docker tag",
        "top": "docker container top, docker top",
        "unpause": "docker container unpause, docker unpause",
        "update": "docker container update, docker update",
        "wait": "docker container wait, docker wait",
    ]

    /// The top-level name of the command a spec belongs to (`docker image ls` → `images`).
    static func topLevelName(_ spec: CommandSpec) -> String? {
        let words = spec.path.split(separator: " ").map(String.init)
        if words.count == 2 { return words[1] }
        guard words.count == 3, let group = CommandTable.groups[words[1]], let entry = group.commands[words[2]] else {
            return nil
        }
        let type = ObjectIdentifier(entry.type)
        return CommandTable.topLevel.first { ObjectIdentifier($0.value.type) == type }?.key
    }

    /// `docker X --help` as docker 28 prints it (cobra's usage template, pflag's flag usages
    /// wrapped for an 80-column terminal): usage line, description, aliases, options sorted by name.
    public static func text(for spec: CommandSpec, columns: Int = 80) -> String {
        var text = "Usage:  \(spec.usageLine)\n\n\(spec.helpSummary ?? spec.summary)\n"
        let aliasLine: String? =
            if let name = topLevelName(spec), let line = aliases[name] {
                line
            } else if !spec.aliases.isEmpty {
                spec.aliases.joined(separator: ", ")
            } else {
                nil
            }
        if let aliasLine { text += "\nAliases:\n  " + aliasLine + "\n" }
        let flags = spec.flags.filter { !$0.hidden }.sorted { $0.long < $1.long }
        if !flags.isEmpty {
            text += "\nOptions:\n" + flagUsages(flags, columns: columns, inspect: spec.path.hasSuffix("inspect"))
        }
        return text
    }

    /// docker/cli `cli/flags` `FormatHelp`: the `--format` of list commands.
    static let formatHelp = """
        Format output using a custom template:
        'table':            Print output in table format with column headers (default)
        'table TEMPLATE':   Print output in table format using the given Go template
        'json':             Print in JSON format
        'TEMPLATE':         Print output using the given Go template.
        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
        """

    /// docker/cli `cli/flags` `InspectFormatHelp`: the `--format` of inspect commands.
    static let inspectFormatHelp = """
        Format output using a custom template:
        'json':             Print in JSON format
        'TEMPLATE':         Print output using the given Go template.
        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
        """

    /// A flag's usage as docker writes it (the grammar keeps `--format`'s first line only).
    static func usage(_ flag: FlagSpec, inspect: Bool) -> String {
        guard flag.long == "format", flag.help == "Format output using a custom template" else { return flag.help }
        return inspect ? inspectFormatHelp : formatHelp
    }

    /// The pflag type names of repeatable flags that are not plain lists, by flag name.
    static let listTypeNames = [
        "filter": "filter", "mount": "mount", "opt": "map", "aux-address": "map", "ipam-opt": "map",
        "network": "network", "net": "network",
    ]

    /// pflag's `FlagUsagesWrapped(columns - 1)`.
    static func flagUsages(_ flags: [FlagSpec], columns: Int, inspect: Bool = false) -> String {
        let names = flags.map { flag -> String in
            var name = flag.short.map { "  -\($0), --\(flag.long)" } ?? "      --\(flag.long)"
            if let typeName = flag.typeName { return name + " " + typeName }
            switch flag.kind {
            case .bool: break
            case .string: name += " " + (ResourceOptions.typeNames[flag.long] ?? "string")
            case .int: name += " " + (ResourceOptions.typeNames[flag.long] ?? "int")
            // The pflag type names of docker's option types: `opts.FilterOpt` is `filter`,
            // `opts.MountOpt` `mount`, `opts.MapOpts` `map`; the other repeatable options are `list`.
            case .list: name += " " + (listTypeNames[flag.long] ?? "list")
            }
            return name
        }
        let maxLength = (names.map(\.count).max() ?? 0) + 1
        var text = ""
        for (flag, name) in zip(flags, names) {
            var usage = usage(flag, inspect: inspect)
            if let value = flag.defaultText { usage += " (default \(value))" }
            let spacing = String(repeating: " ", count: maxLength - name.count)
            text += name + " " + spacing + " " + wrap(indent: maxLength + 2, width: columns - 1, usage) + "\n"
        }
        return text
    }

    /// pflag's `wrap`: the first line is already indented by the caller; the others get `indent`
    /// spaces. Lines break at the last blank before `width - indent - 5` characters, allowing up to
    /// 5 more to avoid an orphan word at the end.
    static func wrap(indent: Int, width: Int, _ text: String) -> String {
        var indent = indent
        var room = width - indent
        var result = ""
        if room < 24 {
            indent = 16
            room = width - indent
            result += "\n" + String(repeating: " ", count: indent)
        }
        let pad = "\n" + String(repeating: " ", count: indent)
        if room < 24 { return result + text.replacing("\n", with: pad) }
        let slop = 5
        room -= slop
        var rest = Substring(text)
        var first = true
        while first || !rest.isEmpty {
            let (line, remainder) = wrapLine(room, slop: slop, rest)
            result += (first ? "" : pad) + line.replacing("\n", with: pad)
            rest = remainder
            first = false
        }
        return result
    }

    private static func wrapLine(_ limit: Int, slop: Int, _ text: Substring) -> (Substring, Substring) {
        let chars = Array(text)
        if limit + slop > chars.count { return (text, "") }
        let head = chars[..<limit]
        guard let blank = head.lastIndex(where: { $0 == " " || $0 == "\t" || $0 == "\n" }), blank > 0 else {
            return (text, "")
        }
        if let newline = head.lastIndex(of: "\n"), newline > 0, newline < blank {
            return (Substring(String(chars[..<newline])), Substring(String(chars[(newline + 1)...])))
        }
        return (Substring(String(chars[..<blank])), Substring(String(chars[(blank + 1)...])))
    }

    // MARK: - dockersim's own help

    /// The line dockersim greets a terminal with.
    public static func welcome(_ language: Language) -> String {
        switch language {
        case .en:
            "dockersim \(DockerSimVersion.string): Docker simulated in memory.\nType docker commands (pull ubuntu). help: what it understands. exit or Ctrl-D: leave.\n"
        case .es:
            "dockersim \(DockerSimVersion.string): Docker simulado en memoria.\nEscribe órdenes docker (pull ubuntu). help: lo que entiende. exit o Ctrl-D: salir.\n"
        }
    }

    /// `help` at the host prompt: what dockersim understands, and its keys.
    public static func dockersim(_ language: Language) -> String {
        let commands = CommandTable.topLevel.keys.sorted()
        let groups = CommandTable.groups.sorted { $0.key < $1.key }.map { name, group -> String in
            // One name per command: the one its path uses (`ls`, not its alias `list`).
            let subs = group.commands.filter { $0.value.spec.path.hasSuffix(" " + $0.key) }.map(\.key).sorted()
            return "docker \(name) " + subs.joined(separator: "|")
        }
        let commandLines = wrapWords(commands, width: 70).map { "    " + $0 }.joined(separator: "\n")
        let groupLines = groups.map { "    " + $0 }.joined(separator: "\n")
        switch language {
        case .en:
            return """
                dockersim understands docker commands, with or without the word `docker`:
                \(commandLines)
                \(groupLines)

                  docker COMMAND --help   docker's own help for a command (also: COMMAND --help)
                  help                    this list
                  clear                   clear the screen (also Ctrl-L)
                  sleep N                 let N seconds of simulated time go by
                  nproc, bc               the host's CPUs, and its calculator
                                          (echo "scale=2; 3/2" | bc prints 1.50)
                  layers [NAME…]          draw the storage: layers, images, containers, mounts
                                          (layers --help: --tree, --svg FILE)
                  explain [on|off]        what the last command did to storage (on: after every
                                          command)
                  lesson list             the lessons; lesson start ID starts one (lesson help: step,
                                          hint, check, answer, solution, next, prev, reset, undo…)
                  record start FILE       record the session as a transcript (record stop: end)
                  exit                    leave dockersim (also Ctrl-D)

                Keys: Tab completes (a second Tab lists the choices), Up/Down recall lines, Ctrl-R
                searches them, Ctrl-C drops the line, Ctrl-P Ctrl-Q leaves a `run -it` container running.
                In a container you talk to its bash (root@…:/#): exit or Ctrl-D ends it and the container stops.
                The simulated Docker Hub has: \(hubRepositories).

                """
        case .es:
            return """
                dockersim entiende las órdenes de docker, con o sin la palabra `docker`:
                \(commandLines)
                \(groupLines)

                  docker ORDEN --help     la ayuda de docker para esa orden (también: ORDEN --help)
                  help                    esta lista
                  clear                   borra la pantalla (también Ctrl-L)
                  sleep N                 deja pasar N segundos de tiempo simulado
                  nproc, bc               las CPU del anfitrión, y su calculadora
                                          (echo "scale=2; 3/2" | bc escribe 1.50)
                  layers [NOMBRE…]        dibuja el almacenamiento: capas, imágenes, contenedores,
                                          montajes (layers --help: --tree, --svg FICHERO)
                  explain [on|off]        qué hizo la última orden con el almacenamiento (on: tras
                                          cada orden)
                  lesson list             las lecciones; lesson start ID empieza una (lesson help: step,
                                          hint, check, answer, solution, next, prev, reset, undo…)
                  record start FICHERO    graba la sesión como transcripción (record stop: terminar)
                  exit                    sale de dockersim (también Ctrl-D)

                Teclas: Tab completa (un segundo Tab muestra las opciones), Arriba/Abajo recuperan líneas,
                Ctrl-R las busca, Ctrl-C descarta la línea, Ctrl-P Ctrl-Q sale de un contenedor `run -it`
                y lo deja en marcha. Dentro de un contenedor hablas con su bash (root@…:/#): exit o Ctrl-D
                lo termina y el contenedor se detiene.
                El Docker Hub simulado tiene: \(hubRepositories).

                """
        }
    }

    static var hubRepositories: String {
        HubCatalog.standard.repositoryPaths.map { $0.hasPrefix("library/") ? String($0.dropFirst(8)) : $0 }.sorted()
            .joined(separator: ", ")
    }

    static func wrapWords(_ words: [String], width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in words {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? word : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
