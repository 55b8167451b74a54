/// An expression of the PHP subset dockersim runs.
indirect enum PHPExpr {
    case literal(PHPValue)
    /// A double-quoted string with variables: its pieces, concatenated.
    case interpolated([PHPExpr])
    case variable(String)
    /// `$a[k]`, or `$a[]` (nil: append) as an assignment's target.
    case index(PHPExpr, PHPExpr?)
    /// `$o->name`.
    case property(PHPExpr, String)
    /// `name(args)`.
    case call(String, [PHPExpr], line: Int)
    /// `$o->name(args)`.
    case methodCall(PHPExpr, String, [PHPExpr], line: Int)
    /// `new Name(args)`.
    case new(String, [PHPExpr], line: Int)
    /// `array(…)` or `[…]`.
    case array([(key: PHPExpr?, value: PHPExpr)])
    /// `list(…)` or `[…]` on the left of `=` (nil: a skipped place).
    case list([PHPExpr?])
    case assign(PHPExpr, PHPExpr)
    /// `$a .= x`, `$a += x`… (the operator without `=`).
    case compoundAssign(String, PHPExpr, PHPExpr)
    case binary(String, PHPExpr, PHPExpr)
    /// `!x`, `-x`, `+x`, `@x`, and the casts `(int)x`…
    case unary(String, PHPExpr)
    /// `++$a`, `$a--`…: the operator, prefix or not.
    case increment(PHPExpr, delta: Int, prefix: Bool)
    case ternary(PHPExpr, PHPExpr?, PHPExpr)
    case isset([PHPExpr])
    case empty(PHPExpr)
    /// A bare name: `true`, `PHP_EOL`, a constant.
    case constant(String, line: Int)
    /// `exit`/`die` with its argument.
    case exit(PHPExpr?)
    /// `include 'f.php'` and its `_once` and `require` kinds.
    case include(String, PHPExpr, line: Int)
    /// `print x` (it yields 1).
    case print(PHPExpr)
}

/// A statement of the PHP subset dockersim runs, with the line it starts on.
indirect enum PHPStatement {
    case echo([PHPExpr], line: Int)
    case html(String)
    case expression(PHPExpr, line: Int)
    case block([PHPStatement])
    case ifElse([(condition: PHPExpr, body: PHPStatement)], otherwise: PHPStatement?)
    case whileLoop(PHPExpr, PHPStatement)
    case doWhile(PHPStatement, PHPExpr)
    case forLoop([PHPExpr], [PHPExpr], [PHPExpr], PHPStatement)
    case foreachLoop(PHPExpr, key: PHPExpr?, value: PHPExpr, PHPStatement, line: Int)
    case switchCase(PHPExpr, [(match: PHPExpr?, body: [PHPStatement])])
    case breakLoop(Int)
    case continueLoop(Int)
    case returnValue(PHPExpr?)
    case function(PHPFunction)
    case global([String])
    case unset([PHPExpr])
    case empty
}

/// A function the script declares.
struct PHPFunction {
    var name: String
    var parameters: [(name: String, defaultValue: PHPExpr?)]
    var body: [PHPStatement]
    var line: Int
}

/// A file's parse error: PHP's message and line.
struct PHPParseError: Error {
    /// PHP's own text (English, as PHP prints it).
    var message: String
    var line: Int
    /// dockersim's note instead of PHP's text (a cap PHP itself does not have), in both languages.
    var note: Message? = nil

    /// The text a page shows: dockersim's note in `language`, or else PHP's message.
    func text(_ language: Language) -> String { note?.text(language) ?? message }
}
