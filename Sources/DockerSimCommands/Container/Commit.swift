import DockerSimCore

/// `docker commit`: a new image from a container's changes. Source: docker/cli
/// cli/command/container/commit.go (28.x: `-p/--pause`, flags end at the first operand),
/// moby client/container_commit.go. Pausing changes nothing in the simulator.
enum CommitCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker commit", use: "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
        summary: "Create a new image from a container's changes",
        args: .range(1, 2),
        flags: [
            FlagSpec("author", "a", .string, "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"),
            FlagSpec("change", "c", .list, "Apply Dockerfile instruction to the created image"),
            FlagSpec("message", "m", .string, "Commit message"),
            FlagSpec("pause", "p", .bool, "Pause container during commit", default: "true"),
        ],
        interspersed: false)

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        var reference: ImageReference?
        if args.operands.count == 2 {
            let text = args.operands[1]
            do {
                reference = try ImageReference.parse(text)
            } catch {
                throw .cli(error.description)
            }
            if reference?.digest != nil { throw .cli("refusing to create a tag with a digest reference") }
        }
        let request = CommitRequest(
            comment: args.string("message"), author: args.string("author"),
            changes: args.list("change"), reference: reference)
        let id = try context.engine.commit(args.operands[0], request)
        context.out(id.description + "\n")
        return 0
    }
}
