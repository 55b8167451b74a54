// Sources: compose-spec/compose-go v2.9.0 graph/cycle.go ("dependency cycle detected: a -> b ->
// a", names visited in sorted order); docker/compose v2.40.0 pkg/compose/dependencies.go
// (`InDependencyOrder`, `InReverseDependencyOrder`, `WithRootNodesAndDown`).

/// The services' `depends_on` graph: the order compose creates and starts them in, and the
/// reverse order it stops and removes them in.
///
/// Compose walks the graph concurrently; among services ready at the same moment, the ones
/// declared last are seen first (as the course's outputs show), which is the order used here.
public struct DependencyGraph: Sendable {
    /// Services in the file's order, with the services each depends on.
    let nodes: [(name: String, dependencies: [String])]

    public init(_ project: ComposeProject) {
        nodes = project.services.map { ($0.name, $0.dependsOn.map(\.service)) }
    }

    /// graph.CheckCycle.
    public func checkCycle() throws(ComposeError) {
        let children = Dictionary(nodes.map { ($0.name, $0.dependencies) }, uniquingKeysWith: { $1 })
        func search(_ path: [String]) throws(ComposeError) {
            guard let last = path.last else { return }
            for name in Set(children[last] ?? []).sorted() where children[name] != nil {
                if let index = path.firstIndex(of: name) {
                    throw ComposeError(
                        "dependency cycle detected: \(path[index...].joined(separator: " -> ")) -> \(name)")
                }
                try search(path + [name])
            }
        }
        for name in children.keys.sorted() { try search([name]) }
    }

    /// `names` and everything they depend on (all services when `names` is empty).
    public func withDependencies(_ names: [String]) -> Set<String> {
        guard !names.isEmpty else { return Set(nodes.map(\.name)) }
        let children = Dictionary(nodes.map { ($0.name, $0.dependencies) }, uniquingKeysWith: { $1 })
        var result = Set<String>()
        var stack = names
        while let name = stack.popLast() {
            guard result.insert(name).inserted else { continue }
            stack += children[name] ?? []
        }
        return result
    }

    /// Dependencies before dependents (create, start).
    public func dependencyOrder(_ selected: Set<String>? = nil) -> [String] {
        order(selected, reverse: false)
    }

    /// Dependents before dependencies (stop, remove).
    public func reverseDependencyOrder(_ selected: Set<String>? = nil) -> [String] {
        order(selected, reverse: true)
    }

    private func order(_ selected: Set<String>?, reverse: Bool) -> [String] {
        let chosen = nodes.filter { selected?.contains($0.name) ?? true }
        let names = Set(chosen.map(\.name))
        var done = Set<String>()
        var result: [String] = []
        while result.count < chosen.count {
            let ready = chosen.reversed().filter { node in
                guard !done.contains(node.name) else { return false }
                if reverse {
                    // Nothing still waiting depends on it.
                    return !chosen.contains { other in
                        !done.contains(other.name) && other.name != node.name && other.dependencies.contains(node.name)
                    }
                }
                return node.dependencies.allSatisfy { done.contains($0) || !names.contains($0) }
            }
            guard !ready.isEmpty else {
                // A cycle (refused when loading): take what is left as it comes.
                result += chosen.map(\.name).filter { !done.contains($0) }
                break
            }
            for node in ready {
                done.insert(node.name)
                result.append(node.name)
            }
        }
        return result
    }
}
