import DockerSimCore
import Foundation

// Sources: docker/cli opts/mount.go (MountOpt.Set, v28.5.1), internal/volumespec/volumespec.go
// (Parse), cli/command/container/opts.go (binds and volumes of `-v`), Go's encoding/csv.

/// `--mount type=…,src=…,dst=…`: the CLI's `MountOpt.Set`, with its errors.
enum MountOption {
    /// The check pflag runs as the flag is set: the reason a value is refused, or nil.
    static func check(_ value: String) -> String? {
        switch parse(value, cwd: []) {
        case .success: nil
        case .failure(let error): error.reason
        }
    }

    struct Failure: Error {
        var reason: String
    }

    /// The mount a `--mount` value asks for; a relative source starting with `.` is made
    /// absolute against `cwd` (the host shell's directory).
    static func parse(_ value: String, cwd: [String]) -> Result<MountSpec, Failure> {
        let fields: [String]
        switch csvFields(value) {
        case .success(let parsed): fields = parsed
        case .failure(let error): return .failure(error)
        }
        var mount = MountSpec(type: "volume")
        func volumeOptions() {
            if !mount.hasVolumeOptions {
                mount.hasVolumeOptions = true
                mount.volumeLabels = [:]
            }
        }
        func keyValue(_ value: String) -> (String, String)? {
            let parts = value.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return parts[0].isEmpty ? nil : (parts[0], parts.count > 1 ? parts[1] : "")
        }
        for field in fields {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = parts[0].lowercased()
            guard parts.count > 1 else {
                switch key {
                case "readonly", "ro": mount.readOnly = true
                case "volume-nocopy":
                    volumeOptions()
                    mount.noCopy = true
                case "bind-nonrecursive": mount.hasBindOptions = true
                default: return .failure(Failure(reason: "invalid field '\(field)' must be a key=value pair"))
                }
                continue
            }
            let value = parts[1]
            switch key {
            case "type":
                mount.type = value.lowercased()
            case "source", "src":
                mount.source = value
                if !value.hasPrefix("/") && value.hasPrefix(".") {
                    mount.source = FilePath.string(FilePath.normalize(value, cwd: cwd))
                }
            case "target", "dst", "destination":
                mount.target = value
            case "readonly", "ro":
                guard let flag = goBool(value) else {
                    return .failure(Failure(reason: "invalid value for \(key): \(value)"))
                }
                mount.readOnly = flag
            case "consistency":
                continue
            case "bind-propagation":
                mount.hasBindOptions = true
                mount.propagation = value.lowercased()
            case "bind-nonrecursive":
                guard goBool(value) != nil else {
                    return .failure(Failure(reason: "invalid value for \(key): \(value)"))
                }
                mount.hasBindOptions = true
            case "bind-recursive":
                guard ["enabled", "disabled", "writable", "readonly"].contains(value) else {
                    return .failure(
                        Failure(
                            reason:
                                "invalid value for \(key): \(value) (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")"
                        ))
                }
                if value != "enabled" { mount.hasBindOptions = true }
            case "volume-subpath":
                volumeOptions()
                mount.subpath = value
            case "volume-nocopy":
                guard let flag = goBool(value) else {
                    return .failure(Failure(reason: "invalid value for volume-nocopy: \(value)"))
                }
                volumeOptions()
                mount.noCopy = flag
            case "volume-label":
                volumeOptions()
                if let (k, v) = keyValue(value) { mount.volumeLabels?[k] = v }
            case "volume-driver":
                volumeOptions()
                mount.volumeDriver = value
            case "volume-opt":
                volumeOptions()
                if let (k, v) = keyValue(value) {
                    mount.volumeOptions = (mount.volumeOptions ?? [:]).merging([k: v]) { $1 }
                }
            case "image-subpath":
                return .failure(Failure(reason: "cannot mix 'image-*' options with mount type '\(mount.type)'"))
            case "tmpfs-size":
                guard let size = ramInBytes(value) else {
                    return .failure(Failure(reason: "invalid value for \(key): \(value)"))
                }
                mount.hasTmpfsOptions = true
                mount.tmpfsSize = size
            case "tmpfs-mode":
                guard let mode = UInt32(value, radix: 8) else {
                    return .failure(Failure(reason: "invalid value for \(key): \(value)"))
                }
                mount.hasTmpfsOptions = true
                mount.tmpfsMode = mode
            default:
                return .failure(Failure(reason: "unexpected key '\(key)' in '\(field)'"))
            }
        }
        if mount.type.isEmpty { return .failure(Failure(reason: "type is required")) }
        if mount.target.isEmpty { return .failure(Failure(reason: "target is required")) }
        if mount.hasVolumeOptions && mount.type != "volume" {
            return .failure(Failure(reason: "cannot mix 'volume-*' options with mount type '\(mount.type)'"))
        }
        if mount.hasBindOptions && mount.type != "bind" {
            return .failure(Failure(reason: "cannot mix 'bind-*' options with mount type '\(mount.type)'"))
        }
        if mount.hasTmpfsOptions && mount.type != "tmpfs" {
            return .failure(Failure(reason: "cannot mix 'tmpfs-*' options with mount type '\(mount.type)'"))
        }
        return .success(mount)
    }

    /// `strconv.ParseBool`.
    static func goBool(_ value: String) -> Bool? {
        switch value {
        case "1", "t", "T", "true", "TRUE", "True": true
        case "0", "f", "F", "false", "FALSE", "False": false
        default: nil
        }
    }

    /// go-units `RAMInBytes`: a number and an optional binary unit (`64m`, `1.5g`, `512k`, `100`).
    static func ramInBytes(_ value: String) -> Int64? {
        let lower = value.lowercased()
        let (k, m, g, t, p): (Double, Double, Double, Double, Double) = (
            1024, 1_048_576, 1_073_741_824, 1_099_511_627_776, 1_125_899_906_842_624
        )
        let units: [(String, Double)] = [
            ("kib", k), ("kb", k), ("k", k), ("mib", m), ("mb", m), ("m", m), ("gib", g), ("gb", g), ("g", g),
            ("tib", t), ("tb", t), ("t", t), ("pib", p), ("pb", p), ("p", p), ("b", 1),
        ]
        var number = lower
        var multiplier: Double = 1
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            number = String(lower.dropLast(suffix.count))
            multiplier = factor
            break
        }
        guard let amount = Double(number), amount >= 0, !number.isEmpty else { return nil }
        return Int64(amount * multiplier)
    }

    /// One line of Go's `encoding/csv` (comma-separated, `"` quoting), with its error texts.
    static func csvFields(_ line: String) -> Result<[String], Failure> {
        let bytes = Array(line.utf8)
        if bytes.isEmpty { return .failure(Failure(reason: "EOF")) }
        var fields: [String] = []
        var index = 0
        func parseError(_ column: Int, _ text: String) -> Failure {
            Failure(reason: "parse error on line 1, column \(column): \(text)")
        }
        while true {
            var field: [UInt8] = []
            if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                index += 1
                while true {
                    guard index < bytes.count else {
                        return .failure(parseError(bytes.count + 1, "extraneous or missing \" in quoted-field"))
                    }
                    let byte = bytes[index]
                    index += 1
                    if byte != UInt8(ascii: "\"") {
                        field.append(byte)
                        continue
                    }
                    if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else if index >= bytes.count || bytes[index] == UInt8(ascii: ",") {
                        break
                    } else {
                        return .failure(parseError(index + 1, "extraneous or missing \" in quoted-field"))
                    }
                }
            } else {
                while index < bytes.count && bytes[index] != UInt8(ascii: ",") {
                    if bytes[index] == UInt8(ascii: "\"") {
                        return .failure(parseError(index + 1, "bare \" in non-quoted-field"))
                    }
                    field.append(bytes[index])
                    index += 1
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            if index >= bytes.count { break }
            index += 1  // the comma
        }
        return .success(fields)
    }
}

/// `-v`: the CLI's `volumespec.Parse`, which decides what goes to `Binds` (a source) and what to
/// `Config.Volumes` (a path alone: an anonymous volume).
enum VolumeSpec {
    /// The source and target of a `-v` value (either may be empty).
    static func parse(_ spec: String) throws(DockerError) -> (source: String, target: String, isBind: Bool) {
        let chars = Array(spec)
        switch chars.count {
        case 0: throw .cli("invalid empty volume spec", status: 125)
        case 1, 2: return ("", spec, false)
        default: break
        }
        var source = ""
        var target = ""
        var buffer: [Character] = []
        func populate(_ atEnd: Bool) throws(DockerError) {
            let text = String(buffer)
            if buffer.isEmpty { throw .cli("invalid spec: \(spec): empty section between colons", status: 125) }
            if source.isEmpty && atEnd {
                target = text
            } else if source.isEmpty {
                source = text
            } else if target.isEmpty {
                target = text
            } else if !atEnd {
                throw .cli("invalid spec: \(spec): too many colons", status: 125)
            }
        }
        for (offset, char) in chars.enumerated() {
            if char == ":" && buffer.count == 1 && buffer[0].isLetter {
                buffer.append(char)  // a Windows drive letter
            } else if char == ":" {
                try populate(false)
                buffer = []
            } else {
                buffer.append(char)
            }
            if offset == chars.count - 1 { try populate(true) }
        }
        return (source, target, !source.isEmpty && isFilePath(source))
    }

    static func isFilePath(_ source: String) -> Bool {
        guard let first = source.first else { return false }
        if first == "." || first == "/" || first == "~" { return true }
        if source.count == 1 { return false }
        if source.hasPrefix("\\\\") { return true }
        let chars = Array(source)
        return chars[0].isLetter && chars[1] == ":"
    }
}
