import DockerSimCore

/// A parsed Go `text/template`, with docker's functions (`json`, `join`, `split`, `upper`,
/// `lower`, `title`, `pad`, `truncate`) and Go's builtins (`println`, `index`, `len`, `eq`…).
public struct GoTemplate: Sendable {
    let nodes: [TemplateNode]
    let source: [UInt8]

    /// Parses `text`; errors are Go's (`template: :1: unclosed action`).
    public init(_ text: String) throws(TemplateError) {
        var parser = TemplateParser(Array(text.utf8))
        nodes = try parser.parseAll()
        source = parser.bytes
    }

    /// How a template runs: docker's functions or the header ones, missing map keys.
    public struct Options: Sendable {
        /// `missingkey=error` (inspect's raw fallback).
        public var missingKeyError = false
        /// `templates.HeaderFunctions`: json/split/join/lower/upper/title/truncate give their argument.
        public var headerFunctions = false

        public init(missingKeyError: Bool = false, headerFunctions: Bool = false) {
            self.missingKeyError = missingKeyError
            self.headerFunctions = headerFunctions
        }
    }

    /// Runs the template against `data`; what it wrote, or Go's execution error.
    public func execute(_ data: GoValue, options: Options = Options()) throws(TemplateError) -> String {
        var runner = TemplateRunner(source: source, options: options, root: data)
        try runner.run(nodes, dot: data)
        return runner.out
    }

    /// Runs the template and returns what it wrote, even when it stopped on an error
    /// (a table header is written that way), and the methods of contexts it called.
    public func executeCollecting(
        _ data: GoValue, options: Options = Options()
    ) -> (output: String, error: TemplateError?, fieldsUsed: Set<String>) {
        var runner = TemplateRunner(source: source, options: options, root: data)
        do {
            try runner.run(nodes, dot: data)
            return (runner.out, nil, runner.fieldsUsed)
        } catch {
            return (runner.out, error, runner.fieldsUsed)
        }
    }
}
