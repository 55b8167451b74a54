struct TemplateCommand: Sendable {
    var args: [TemplateOperand]
    var pos: Int
    var text: String
}

struct TemplatePipeline: Sendable {
    var decls: [String]
    var isAssign: Bool
    var commands: [TemplateCommand]
    var pos: Int
}

struct TemplateOperand: Sendable {
    indirect enum Kind: Sendable {
        case dot
        case field([String])
        case variable(String, [String])
        case function(String)
        case string(String)
        case number(Int64)
        case bool(Bool)
        case nilLiteral
        case pipe(TemplatePipeline, [String])
    }

    var kind: Kind
    var pos: Int
    var text: String
}

indirect enum TemplateNode: Sendable {
    case text(String)
    case action(TemplatePipeline)
    case ifNode(TemplatePipeline, [TemplateNode], [TemplateNode]?)
    case rangeNode(TemplatePipeline, [TemplateNode], [TemplateNode]?)
    case withNode(TemplatePipeline, [TemplateNode], [TemplateNode]?)
    case breakNode
    case continueNode
}
