import DockerSimCore

/// `docker tag`: another name for an image.
enum TagCommand: DockerCommand {
    static let spec = CommandSpec(
        "docker tag", use: "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        summary: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        args: .exact(2), flags: [])

    static func run(_ args: ParsedArguments, _ context: inout CommandContext) throws(DockerError) -> Int32 {
        let source = args.operands[0]
        let targetText = args.operands[1]
        do {
            _ = try ImageReference.parseAny(source)
        } catch {
            throw .cli("Error parsing reference: \"\(source)\" is not a valid repository/tag: \(error.description)")
        }
        let target: ImageReference
        do {
            target = try ImageReference.parse(targetText)
        } catch {
            throw .cli("Error parsing reference: \"\(targetText)\" is not a valid repository/tag: \(error.description)")
        }
        if target.digest != nil { throw .cli("refusing to create a tag with a digest reference") }
        try context.engine.tag(source: source, target: target)
        return 0
    }
}
