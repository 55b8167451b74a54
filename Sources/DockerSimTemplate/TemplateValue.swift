import DockerSimCore

/// An error from parsing or running a Go template, worded as Go's `text/template` words it
/// (`template: :1: function "foo" not defined`,
/// `template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type …`).
public struct TemplateError: Error, Sendable, Equatable {
    public var message: String
}

/// What kind of Go nil a JSON `null` stands for: how it prints (`[]`, `map[]`, `<nil>`).
public enum GoNilKind: Sendable, Equatable {
    case slice, map, pointer
}

/// A value as a Go template sees it: the JSON of `inspect`, or a row of a docker formatter.
public indirect enum GoValue: Sendable {
    /// No value at all (a missing map key): prints `<no value>`.
    case invalid
    case null(GoNilKind)
    case bool(Bool)
    case int(Int64)
    case string(String)
    case list([GoValue])
    /// A Go map (`isMap`: missing keys give `<no value>`) or a struct (missing fields are errors).
    case dict([(String, GoValue)], isMap: Bool)
    /// A formatter row (`*formatter.ContainerContext`…): string methods, maybe `Label`.
    case context(TemplateContext)
    /// A table header (`formatter.SubHeaderContext`): column names by field, and `Label`.
    case header([String: String])

    /// The JSON `inspect` prints, as the CLI's typed structs (`typed`) or as the raw map it
    /// falls back to: typed, a `null` slice prints `[]` and a map `map[]`; raw, all is a map.
    public static func from(json: JSONValue, typed: Bool, key: String = "") -> GoValue {
        switch json {
        case .null:
            guard typed else { return .invalid }
            if Self.sliceKeys.contains(key) { return .null(.slice) }
            if Self.mapKeys.contains(key) { return .null(.map) }
            return .null(.pointer)
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        case .array(let items): return .list(items.map { from(json: $0, typed: typed, key: key + "[]") })
        case .object(let pairs):
            let isMap = !typed || Self.mapKeys.contains(key)
            // A map's values are named after the map (`Ports.*`: the bindings of a port).
            var fields = pairs.map { ($0.0, from(json: $0.1, typed: typed, key: isMap ? key + ".*" : $0.0)) }
            if typed, !isMap, let all = Self.structFields[key], Set(pairs.map(\.0)).isSubset(of: all.map(\.0)) {
                // Every field of the struct, in its order, the omitted ones as zero values.
                let present = Dictionary(fields, uniquingKeysWith: { first, _ in first })
                return .dict(all.map { ($0.0, present[$0.0] ?? $0.1) }, isMap: false)
            }
            if typed, !isMap, let omitted = Self.omittedFields[key] {
                // The struct still has its `omitempty` fields when the JSON left them out.
                let present = Set(pairs.map(\.0))
                fields += omitted.filter { !present.contains($0) }.map {
                    ($0, Self.omittedStrings.contains($0) ? .string("") : from(json: .null, typed: true, key: $0))
                }
            }
            return .dict(fields, isMap: isMap)
        }
    }

    /// `omitempty` fields of docker's inspect structs, which the JSON leaves out when empty but a
    /// template on the typed struct still reaches (`{{json .HostConfig.Mounts}}` is `null`).
    static let omittedFields: [String: [String]] = [
        "HostConfig": ["Mounts", "Tmpfs", "StorageOpt", "Sysctls", "Annotations", "Init"],
        "Config": ["StopSignal"],
    ]

    /// The ``omittedFields`` that are Go strings: their zero value is `""`, not nil.
    static let omittedStrings: Set<String> = ["StopSignal"]

    /// Structs whose every field a template sees, in Go's order, with the zero value of those
    /// the JSON left out (`omitempty`): `{{.Mounts}}` prints `{bind  /src /dst  ro false rprivate}`.
    /// Applied to an object whose keys are all the struct's (a `MountPoint`, not a `mount.Mount`).
    static let structFields: [String: [(String, GoValue)]] = [
        "Mounts[]": [
            ("Type", .string("")), ("Name", .string("")), ("Source", .string("")), ("Destination", .string("")),
            ("Driver", .string("")), ("Mode", .string("")), ("RW", .bool(false)), ("Propagation", .string("")),
        ]
    ]

    /// The `omitempty` names of ``omittedFields`` and ``structFields``: `json` leaves a struct's
    /// field of these names out when it is nil or an empty string.
    static let omitEmptyNames = Set(omittedFields.values.joined()).union(["Name", "Driver"])

    /// Fields of docker's inspect types that are Go slices and maps (how their nil prints).
    static let sliceKeys: Set<String> = [
        "Cmd", "Entrypoint", "ExecIDs", "OnBuild", "Shell", "Args", "Env", "RepoTags",
        "RepoDigests", "Layers", "Mounts", "Links", "Aliases", "DNSNames",
        "SecondaryIPAddresses", "SecondaryIPv6Addresses", "Ports.*",
    ]
    static let mapKeys: Set<String> = [
        "Labels", "Ports", "ExposedPorts", "Volumes", "Networks", "Data", "DriverOpts", "Options", "Tmpfs",
        "StorageOpt", "Sysctls", "Annotations",
    ]
}

/// One row of a docker formatter (`ContainerContext`, `imageContext`…): what its methods return.
public struct TemplateContext: Sendable {
    /// The Go type, for error messages: `*formatter.ContainerContext`.
    public var typeName: String
    /// Each method without arguments and its result.
    public var fields: [String: String]
    /// The labels `{{.Label "k"}}` reads, for contexts that have that method.
    public var labels: [String: String]?
    /// Methods that return a nil pointer (`Platform` without an image descriptor): `<nil>`, JSON `null`.
    public var nils: Set<String>
    /// Methods that return something other than a string (compose's `ExitCode` int, its
    /// `Publishers` list).
    public var values: [String: GoValue]

    public init(
        typeName: String, fields: [String: String], labels: [String: String]? = nil, nils: Set<String> = [],
        values: [String: GoValue] = [:]
    ) {
        self.typeName = typeName
        self.fields = fields
        self.labels = labels
        self.nils = nils
        self.values = values
    }

    /// `{{json .}}`: every method as a key, sorted, through `json.Marshal` (HTML-escaped).
    var json: String {
        let keys = Set(fields.keys).union(nils).union(values.keys).sorted()
        return GoJSON.encode(
            .dict(keys.map { ($0, values[$0] ?? fields[$0].map(GoValue.string) ?? .null(.pointer)) }, isMap: true),
            escapeHTML: true)
    }
}
