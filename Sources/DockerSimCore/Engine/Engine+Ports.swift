// Sources (moby v28.5.1): daemon/network.go (buildPortsRelatedCreateEndpointOptions,
// getPortMapInfo), libnetwork/drivers/bridge/port_mapping_linux.go (addPortMappings: sorted
// bindings, IPv4 and IPv6 for "any" host address, the same host port for both),
// libnetwork/portallocator, libnetwork/endpoint.go ("driver failed programming external
// connectivity on endpoint …").

extension Engine {
    /// One host binding libnetwork is asked to make.
    struct BindingRequest {
        var port: ContainerPort
        var hostIP: String
        var hostStart: Int
        var hostEnd: Int

        /// A range or an ephemeral port (sorted after exact ports).
        var isRange: Bool { hostStart == 0 || hostStart != hostEnd }

        /// The family of the host address: 0 for unspecified, 4 or 6.
        var family: Int { hostIP.isEmpty ? 0 : (IPv4Address(hostIP) != nil ? 4 : 6) }

        /// libnetwork's `cmpPortBinding`.
        static func ordered(_ a: BindingRequest, _ b: BindingRequest) -> Bool {
            if a.isRange != b.isRange { return !a.isRange }
            if a.port.port != b.port.port { return a.port.port < b.port.port }
            if a.port.proto != b.port.proto {
                return ContainerPort.protoRank(a.port.proto) < ContainerPort.protoRank(b.port.proto)
            }
            if a.hostStart != b.hostStart { return a.hostStart < b.hostStart }
            if a.hostEnd != b.hostEnd { return a.hostEnd < b.hostEnd }
            if a.family != b.family { return a.family < b.family }
            if let x = IPv4Address(a.hostIP), let y = IPv4Address(b.hostIP) { return x < y }
            return a.hostIP < b.hostIP
        }

        /// Bindings that differ only in host address get the same host port.
        func needsSamePort(_ other: BindingRequest) -> Bool {
            port == other.port && hostStart == other.hostStart && hostEnd == other.hostEnd
        }
    }

    /// Publishes a starting container's ports on its gateway endpoint: every exposed port,
    /// with the host ports of its bindings (exact ports first, then ranges and ephemeral ports;
    /// an unspecified host address binds `0.0.0.0` and `::` on the same port).
    mutating func publishPorts(_ container: Container) throws(DockerError) -> [PublishedPort] {
        try publishPorts(container, endpoints: container.endpoints)
    }

    /// ``publishPorts(_:)`` of `container` as if its endpoints were `endpoints` (those it is
    /// joining, not stored yet).
    mutating func publishPorts(
        _ container: Container, endpoints: [NetworkEndpoint]
    ) throws(DockerError) -> [PublishedPort] {
        guard let gatewayEndpoint = endpoints.first(where: { $0.address != nil }),
            let network = networks[gatewayEndpoint.networkID], !network.isInternal
        else { return [] }
        let exposed = Set(container.config.exposedPorts.compactMap(ContainerPort.init)).sorted()
        var requests: [BindingRequest] = []
        for port in exposed {
            let bindings = container.hostConfig.portBindings[port.description] ?? []
            for binding in bindings {
                var start = 0
                var end = 0
                if !binding.hostPort.isEmpty {
                    do {
                        (start, end) = try PortSpec.range(binding.hostPort)
                    } catch {
                        throw .daemon("error parsing HostPort value (\(binding.hostPort)): \(error.message)")
                    }
                }
                requests.append(BindingRequest(port: port, hostIP: binding.hostIP, hostStart: start, hostEnd: end))
            }
            if container.hostConfig.publishAllPorts && bindings.isEmpty {
                requests.append(BindingRequest(port: port, hostIP: "", hostStart: 0, hostEnd: 0))
            }
        }
        requests.sort(by: BindingRequest.ordered)
        var made: [(port: ContainerPort, binding: PortBinding)] = []
        var group: [String] = []
        for (index, request) in requests.enumerated() {
            switch request.family {
            case 0: group += ["0.0.0.0", "::"]
            default: group.append(request.hostIP)
            }
            if index + 1 < requests.count, request.needsSamePort(requests[index + 1]) { continue }
            switch hostPorts.request(
                addresses: group, proto: request.port.proto, start: request.hostStart, end: request.hostEnd)
            {
            case .success(let port):
                made += group.map { (request.port, PortBinding(hostIP: $0, hostPort: String(port))) }
            case .failure(let error):
                for (port, binding) in made {
                    hostPorts.release(address: binding.hostIP, proto: port.proto, port: Int(binding.hostPort) ?? 0)
                }
                throw .daemon(
                    "driver failed programming external connectivity on endpoint \(container.name) (\(gatewayEndpoint.endpointID)): \(error.message)"
                )
            }
            group = []
        }
        return exposed.map { port in
            PublishedPort(port: port, bindings: made.filter { $0.port == port }.map(\.binding))
        }
    }

    /// The running container a host port leads to (`curl localhost:8080`): a binding on that
    /// port and protocol whose host address is the one asked (`127.0.0.1`, the LAN address) or
    /// unspecified. Returns it and the container port the traffic reaches.
    public func publishedPort(
        _ port: Int, proto: String = "tcp", hostAddress: String
    ) -> (
        container: Container, port: ContainerPort
    )? {
        let v4 = IPv4Address(hostAddress) != nil
        for container in containers.values where container.status == .running {
            for published in container.ports where published.port.proto == proto {
                for binding in published.bindings where Int(binding.hostPort) == port {
                    let unspecified = binding.hostIP == (v4 ? "0.0.0.0" : "::")
                    if unspecified || binding.hostIP == hostAddress { return (container, published.port) }
                }
            }
        }
        return nil
    }
}
