import DockerSimCore
import DockerSimTemplate

// Sources: docker/cli v28.5.1 cli/command/system/events.go (the flags, `prettyPrintEvent` with
// `RFC3339NanoFixed` and the attributes sorted by key, `--format` with exit status 64 for a
// template that does not parse); moby v28.5.1 api/server/router/system/system_routes.go
// (`getEvents`: `since` after `until` refused, only past events when `until` has passed),
// daemon/events/events.go (`loadBufferedEvents`, the last 256 events), daemon/events/filter.go
// (`Include`: exact and prefix matches per key).

/// `docker events`: the daemon's events. With `--since` the recent ones it still holds come
/// first; then, as the real command streams until Ctrl-C (or `--until`), the simulated clock
/// runs on to the prompt's foreground limit and what happens meanwhile (containers ending,
/// restarting) is printed as it happens.
enum EventsCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker events", use: "[OPTIONS]", summary: "Get real time events from the server", args: .none,
        flags: [
            FlagSpec("filter", "f", .list, "Filter output based on conditions provided"),
            FlagSpec("format", nil, .string, Help.inspectFormatHelp),
            FlagSpec("since", nil, .string, "Show all events created since timestamp"),
            FlagSpec("until", nil, .string, "Stream events until this timestamp"),
        ],
        aliases: ["docker system events", "docker events"])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let format = args.string("format") ?? ""
        var template: GoTemplate?
        if !format.isEmpty {
            do {
                template = try GoTemplate(format == "json" ? "{{json .}}" : format)
            } catch {
                throw .cli("Error parsing format: " + error.message, status: 64)
            }
            // `makeTemplate` runs it once on an empty `*events.Message`: a wrong field fails now.
            let empty = EngineEvent(
                time: Timestamp(seconds: 0), type: .container, action: "", actorID: "", labels: [:], pairs: [])
            if let error = template?.executeCollecting(value(empty, attributes: [:], json: format == "json")).error {
                throw .cli(
                    "Error parsing format: "
                        + error.message.replacing("in type struct", with: "in type *events.Message"), status: 64)
            }
        }
        let filters = try FilterArgs.parse(
            args.list("filter"), command: context.invokedAs.isEmpty ? spec.path : context.invokedAs, use: spec.use)
        context.engine.settle()
        let now = context.engine.now
        // The CLI turns both times into timestamps (`timetypes.GetTimestamp`), and says itself
        // when one does not parse.
        func time(_ flag: String) throws(DockerError) -> Timestamp? {
            guard let text = args.string(flag) else { return nil }
            do {
                return try FilterTime.timestamp(text, now: now)
            } catch {
                throw .cli(error.message)
            }
        }
        let since = try time("since")
        let until = try time("until")
        if let since, let until, until < since {
            throw .daemon(
                "`since` time (\(goTimestamp(since))) cannot be after `until` time (\(goTimestamp(until)))",
                kind: .invalidParameter)
        }
        // `loadBufferedEvents`: nothing from the past unless a time was given.
        var shown = context.engine.events.end
        if since != nil || until != nil {
            let first = since ?? .zero
            for event in context.engine.events.events() where event.time >= first {
                if let until, event.time > until { continue }
                try show(event, filters: filters, template: template, json: format == "json", context: &context)
            }
        }
        if let until, until <= now { return 0 }
        // Streaming: the clock runs on (to `--until`, or to the foreground limit, as Ctrl-C).
        let limit = context.engine.limits.foregroundSeconds
        let wait = until.map { min($0.interval(since: now), limit) } ?? limit
        context.engine.advance(by: wait)
        for event in context.engine.events.events(from: shown) {
            if let until, event.time > until { continue }
            try show(event, filters: filters, template: template, json: format == "json", context: &context)
        }
        shown = context.engine.events.end
        if let until, until <= context.engine.now { return 0 }
        context.engine.meter.halt(.endless)
        return 130
    }

    /// One event as the CLI prints it, if the daemon's filter lets it through.
    static func show(
        _ event: EngineEvent, filters: FilterArgs, template: GoTemplate?, json: Bool, context: inout CommandContext
    ) throws(DockerError) {
        let attributes = event.attributes
        guard includes(event, attributes: attributes, filters: filters) else { return }
        guard let template else {
            var line =
                event.time.rfc3339NanoFixed + " " + event.type.rawValue + " " + event.action + " " + event.actorID
            if !attributes.isEmpty {
                line +=
                    " (" + attributes.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: ", ")
                line += ")"
            }
            context.out(line + "\n")
            return
        }
        let result = template.executeCollecting(value(event, attributes: attributes, json: json))
        context.out(result.output + "\n")
        if let error = result.error { throw .cli(error.message) }
    }

    /// moby's `Filter.Include` for the filters dockersim's events can meet.
    static func includes(_ event: EngineEvent, attributes: [String: String], filters: FilterArgs) -> Bool {
        func exact(_ key: String, _ value: String) -> Bool {
            !filters.contains(key) || filters.values(key).contains(value)
        }
        func fuzzy(_ key: String, _ value: String) -> Bool {
            !filters.contains(key) || filters.values(key).contains { value == $0 || value.hasPrefix($0) }
        }
        func fuzzyName(_ type: EngineEvent.Kind) -> Bool {
            guard filters.contains(type.rawValue) else { return true }
            return fuzzy(type.rawValue, event.actorID) || fuzzy(type.rawValue, attributes["name"] ?? "")
        }
        let eventMatches =
            ["health_status", "exec_create", "exec_start"].contains { filters.values("event").contains($0) }
            ? fuzzy("event", event.action) : exact("event", event.action)
        guard eventMatches, exact("type", event.type.rawValue), exact("scope", "local") else { return false }
        guard fuzzyName(.container), fuzzyName(.volume), fuzzyName(.network) else { return false }
        if filters.contains("image") {
            let name = attributes[event.type == .image ? "name" : "image"] ?? ""
            let matches = [event.actorID, name, stripTag(event.actorID), stripTag(name)].contains {
                filters.values("image").contains($0)
            }
            if !matches { return false }
        }
        for key in ["daemon", "plugin", "node", "service", "secret", "config"] where filters.contains(key) {
            return false  // no such events are simulated
        }
        return filters.matchKVList("label", attributes)
    }

    /// moby's `stripTag`: a reference without its tag (a name that does not parse stays whole).
    static func stripTag(_ image: String) -> String {
        guard let reference = try? ImageReference.parse(image) else { return image }
        if reference.digest != nil { return image }
        return reference.familiarName
    }

    /// Go's `timetypes.GetTimestamp` result as the daemon echoes it: `seconds.nanoseconds`.
    static func goTimestamp(_ time: Timestamp) -> String {
        let nanos = String(time.nanoseconds)
        return "\(time.seconds)." + String(repeating: "0", count: 9 - nanos.count) + nanos
    }

    /// `events.Message` as a template sees it (Go's field names) or, for `--format json`, as
    /// `json.Marshal` writes it: the JSON names, the deprecated `status`, `id` and `from` filled
    /// only for containers and images and left out when empty.
    static func value(_ event: EngineEvent, attributes: [String: String], json: Bool) -> GoValue {
        let isContainerOrImage = event.type == .container || event.type == .image
        let status = isContainerOrImage ? event.action : ""
        let id = isContainerOrImage ? event.actorID : ""
        let from = event.type == .container ? attributes["image"] ?? "" : ""
        let actor = GoValue.dict(
            [
                ("ID", .string(event.actorID)),
                (
                    "Attributes",
                    .dict(attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }, isMap: true)
                ),
            ], isMap: false)
        let nanos = event.time.seconds &* 1_000_000_000 &+ Int64(event.time.nanoseconds)
        var fields: [(String, GoValue)] = [
            (json ? "status" : "Status", .string(status)), (json ? "id" : "ID", .string(id)),
            (json ? "from" : "From", .string(from)), ("Type", .string(event.type.rawValue)),
            ("Action", .string(event.action)), ("Actor", actor), (json ? "scope" : "Scope", .string("local")),
            (json ? "time" : "Time", .int(event.time.seconds)), (json ? "timeNano" : "TimeNano", .int(nanos)),
        ]
        if json {
            fields.removeAll { field in
                if case .string("") = field.1 { return true }
                if case .int(0) = field.1 { return true }
                return false
            }
        }
        return .dict(fields, isMap: false)
    }
}
