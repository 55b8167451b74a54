import DockerSimCore

/// Runs `body` for each container named, printing each name as given; errors are collected
/// and printed at the end, as docker's lifecycle commands do.
func eachContainer(
    _ names: [String], _ context: inout CommandContext,
    _ body: (String, inout CommandContext) throws(DockerError) -> Void
) throws(DockerError) -> Int32 {
    var errors: [String] = []
    for name in names {
        do throws(DockerError) {
            let container = try context.engine.findContainer(name)
            try body(container.id, &context)
            context.out(name + "\n")
        } catch {
            errors.append(error.description)
        }
    }
    if !errors.isEmpty { throw .cli(errors.joined(separator: "\n")) }
    return 0
}
