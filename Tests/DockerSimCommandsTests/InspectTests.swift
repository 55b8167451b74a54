import DockerSimTestSupport
import Testing

@testable import DockerSimCommands
@testable import DockerSimCore

/// The keys of a JSON object printed by `inspect --format '{{json …}}'`, in order.
private func keys(_ json: String) -> [String] {
    // Top-level keys only: walk the text, tracking nesting and strings.
    var keys: [String] = []
    var depth = 0
    var inString = false
    var escaped = false
    var current = ""
    var expectingKey = false
    for character in json {
        if inString {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                inString = false
                if depth == 1 && expectingKey { keys.append(current) }
            } else {
                current.append(character)
            }
            continue
        }
        switch character {
        case "\"":
            inString = true
            current = ""
        case "{", "[":
            depth += 1
            expectingKey = character == "{" && depth == 1
        case "}", "]": depth -= 1
        case ",": expectingKey = depth == 1
        case ":": expectingKey = false
        default: break
        }
    }
    return keys
}

@Suite("docker inspect of a container: docker 28's key sets")
struct InspectTests {
    /// moby api/types/container/hostconfig.go (v28.5.1), as the CLI creates a container.
    static let hostConfigKeys = [
        "Binds", "ContainerIDFile", "LogConfig", "NetworkMode", "PortBindings", "RestartPolicy", "AutoRemove",
        "VolumeDriver", "VolumesFrom", "ConsoleSize", "CapAdd", "CapDrop", "CgroupnsMode", "Dns", "DnsOptions",
        "DnsSearch", "ExtraHosts", "GroupAdd", "IpcMode", "Cgroup", "Links", "OomScoreAdj", "PidMode", "Privileged",
        "PublishAllPorts", "ReadonlyRootfs", "SecurityOpt", "UTSMode", "UsernsMode", "ShmSize", "Runtime",
        "Isolation", "CpuShares", "Memory", "NanoCpus", "CgroupParent", "BlkioWeight", "BlkioWeightDevice",
        "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps", "CpuPeriod",
        "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime", "CpusetCpus", "CpusetMems", "Devices",
        "DeviceCgroupRules", "DeviceRequests", "MemoryReservation", "MemorySwap", "MemorySwappiness",
        "OomKillDisable", "PidsLimit", "Ulimits", "CpuCount", "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth",
        "MaskedPaths", "ReadonlyPaths",
    ]

    /// moby api/types/container/network_settings.go (v28.5.1).
    static let networkSettingsKeys = [
        "Bridge", "SandboxID", "SandboxKey", "Ports", "HairpinMode", "LinkLocalIPv6Address", "LinkLocalIPv6PrefixLen",
        "SecondaryIPAddresses", "SecondaryIPv6Addresses", "EndpointID", "Gateway", "GlobalIPv6Address",
        "GlobalIPv6PrefixLen", "IPAddress", "IPPrefixLen", "IPv6Gateway", "MacAddress", "Networks",
    ]

    @Test func hostConfigHasEveryKeyInDockersOrder() {
        let session = makeSession()
        session.run("pull josedom24/servidorweb:v1", "run -d --name web josedom24/servidorweb:v1")
        let json = session.handle("inspect --format '{{json .HostConfig}}' web").stdout
        #expect(keys(json) == Self.hostConfigKeys)
        #expect(json.contains(#""LogConfig":{"Type":"json-file","Config":{}}"#))
        #expect(json.contains(#""ConsoleSize":[0,0]"#))
        #expect(json.contains(#""ShmSize":67108864"#))
    }

    @Test func networkSettingsHasEveryKeyInDockersOrder() {
        let session = makeSession()
        session.run("pull josedom24/servidorweb:v1", "run -d --name web josedom24/servidorweb:v1")
        let json = session.handle("inspect --format '{{json .NetworkSettings}}' web").stdout
        #expect(keys(json) == Self.networkSettingsKeys)
        #expect(
            session.handle("inspect --format '{{.NetworkSettings.IPAddress}} {{.NetworkSettings.Gateway}}' web").stdout
                == "172.17.0.2 172.17.0.1\n")
    }

    @Test func templatesTheCourseUsesNeverMissAKey() {
        let session = makeSession()
        session.run("pull josedom24/servidorweb:v1", "run -dit --name web josedom24/servidorweb:v1")
        #expect(session.handle("inspect --format '{{.HostConfig.NanoCpus}}' web").stdout == "0\n")
        #expect(session.handle("inspect --format '{{.HostConfig.Memory}}' web").stdout == "0\n")
        #expect(session.handle("inspect --format '{{.HostConfig.ConsoleSize}}' web").stdout == "[24 80]\n")
        #expect(session.handle("inspect --format '{{.Config.ExposedPorts}}' web").stdout == "map[80/tcp:{}]\n")
        #expect(session.handle("inspect --format '{{.HostConfig.RestartPolicy.Name}}' web").stdout == "no\n")
    }

    @Test func runRmSetsAutoRemoveInHostConfig() {
        let session = makeSession()
        session.run("pull josedom24/servidorweb:v1", "run -d --rm --name web josedom24/servidorweb:v1")
        #expect(session.handle("inspect --format '{{.HostConfig.AutoRemove}}' web").stdout == "true\n")
    }
}
