//! Plain-data views of each stage, shaped for display: what the panels of the UI render.

use pyxray_text::TextRange;

/// A 1-based line and 0-based column, as CPython prints positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// One token as `tokenize` shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenView {
    /// `tokenize -e` name, e.g. `"NAME"`, `"PLUS"`.
    pub kind: &'static str,
    pub text: String,
    pub range: TextRange,
    pub start: Position,
    pub end: Position,
}

/// One AST node, with its fields, as `ast.dump` names them.
#[derive(Clone, Debug, PartialEq)]
pub struct AstNodeView {
    /// The node's id (parse order); instructions and VM steps refer to it.
    pub id: u32,
    /// The ASDL constructor name, e.g. `"BinOp"`.
    pub kind: String,
    pub range: TextRange,
    pub fields: Vec<AstFieldView>,
}

/// One field of an AST node: `name=value`.
#[derive(Clone, Debug, PartialEq)]
pub struct AstFieldView {
    pub name: String,
    pub value: AstValueView,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AstValueView {
    Node(Box<AstNodeView>),
    List(Vec<AstValueView>),
    /// A leaf shown as `ast.dump` shows it, e.g. `'c'`, `5`, `Add()`, `Load()`.
    Leaf(String),
}

/// One instruction of a listing (a compile phase or the final code object).
#[derive(Clone, Debug, PartialEq)]
pub struct InstrView {
    /// Byte offset in `co_code` (final code), or index in the sequence (earlier phases).
    pub offset: u32,
    /// The source line, when this instruction starts a new line in `dis` output.
    pub starts_line: Option<u32>,
    /// Label, when something jumps here (`L1`).
    pub label: Option<String>,
    pub opname: &'static str,
    pub arg: Option<u32>,
    /// What `dis` prints in parentheses, e.g. `(+)`, `(c)`, `(to L1)`.
    pub argrepr: String,
    /// The source this instruction was compiled from.
    pub range: Option<TextRange>,
    /// The AST node this instruction was compiled from.
    pub node: Option<u32>,
    /// One-line explanation of the opcode, from the opcode table.
    pub explanation: &'static str,
}

/// One stage of compilation: the codegen listing, each optimizer pass that changed something, the final code.
#[derive(Clone, Debug, PartialEq)]
pub struct CompilePhase {
    pub title: String,
    pub description: String,
    pub code_name: String,
    pub instructions: Vec<InstrView>,
}

/// A value as the frames panel shows it: which heap object, and a short repr.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueView {
    pub object: u32,
    pub type_name: String,
    pub repr: String,
}

/// One frame of the call stack.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameView {
    /// The code object's name, e.g. `<module>`.
    pub name: String,
    /// Index into the final listing of the instruction about to run (or that just ran).
    pub instruction_index: Option<usize>,
    pub names: Vec<(String, ValueView)>,
    /// Bottom first.
    pub stack: Vec<ValueView>,
}

/// One heap object, as the heap panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct HeapObjectView {
    pub id: u32,
    pub type_name: String,
    pub repr: String,
    pub refcount: u32,
    pub immortal: bool,
    /// Objects this one references (for drawing arrows).
    pub references: Vec<u32>,
}

/// What the last step did, in words and as changed items.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StepChanges {
    pub pushed: usize,
    pub popped: usize,
    pub allocated: Vec<u32>,
    pub freed: Vec<u32>,
    pub refcount_changed: Vec<u32>,
    pub names_stored: Vec<String>,
    pub output: String,
}

/// The whole machine state at the current step.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StateView {
    /// How many instructions have run.
    pub step: u64,
    /// The program has finished (returned, raised, or hit a limit).
    pub finished: bool,
    pub frames: Vec<FrameView>,
    pub heap: Vec<HeapObjectView>,
    /// Everything written to stdout and stderr so far.
    pub output: String,
    /// The instruction the last step executed, as an index into the final listing.
    pub current_instruction: Option<usize>,
    /// The instruction the next step will execute.
    pub next_instruction: Option<usize>,
    /// The source span and AST node of `current_instruction`.
    pub current_range: Option<TextRange>,
    pub current_node: Option<u32>,
    /// A plain-language sentence about the instruction just executed.
    pub explanation: String,
    pub changes: StepChanges,
    /// An uncaught exception's traceback or a limit message, once the run has ended with one.
    pub error: Option<String>,
}
