import Foundation
import PackagePlugin

/// Embeds data folders of the package (the Hub catalog, and later lessons and package catalogs)
/// into a target as a generated Swift file of raw string literals, so that the executable
/// carries its data and reads it without touching the disk or parsing anything at start-up.
///
/// A target opts in with this plugin and a file `Embed.txt` in its source folder (excluded from
/// the target in Package.swift), one folder a line:
///
///     # folder (relative to the package)   Swift name of the generated list   [suffixes]
///     Hub                                  hubFiles                           .image .layer
///
/// Every regular file below each folder whose name does not start with `.` (and ends with one of
/// the suffixes, when some are given) becomes one element `(path: "library/ubuntu.image",
/// text: <StaticString>)` of `static let NAME` in an `enum Embedded` of the target (path
/// relative to the folder, `/`-separated, sorted).
@main
struct EmbedFolders: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let config = target.directoryURL.appendingPathComponent("Embed.txt")
        guard let text = try? String(contentsOf: config, encoding: .utf8) else { return [] }
        var arguments: [String] = []
        var inputs: [URL] = [config]
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            guard fields.count >= 2 else {
                throw EmbedError("\(config.path): each line is FOLDER NAME [SUFFIX...], got '\(line)'")
            }
            let folder = context.package.directoryURL.appendingPathComponent(String(fields[0]))
            let suffixes = fields.dropFirst(2).map(String.init)
            arguments += [folder.path, String(fields[1]), suffixes.joined(separator: " ")]
            inputs += Self.files(below: folder)
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("Embedded.swift")
        return [
            .buildCommand(
                displayName: "Embedding data folders into \(target.name)",
                executable: try context.tool(named: "dockersim-embed").url,
                arguments: [output.path] + arguments,
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }

    /// The regular files below `folder` (hidden names skipped), so that changing any of them
    /// regenerates the Swift file.
    static func files(below folder: URL) -> [URL] {
        guard
            let walker = FileManager.default.enumerator(
                at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var found: [URL] = [folder]
        for case let url as URL in walker {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { found.append(url) }
        }
        return found
    }
}

struct EmbedError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
