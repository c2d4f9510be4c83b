//! AST node types. Each sum type of `Python.asdl` is a struct holding the node's `id` and `range`
//! plus an enum of its constructors; each constructor's ASDL line is its doc comment.
//! Fields keep their ASDL names so `ast.dump` output falls out of the types.

use num_bigint::BigInt;
use pyxray_text::TextRange;

/// A node's identity within one parse: assigned in parse order, used to cross-highlight
/// AST ↔ source ↔ bytecode ↔ VM steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct NodeId(pub u32);

/// A literal value (`constant` in the ASDL).
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    None,
    Bool(bool),
    Ellipsis,
    Int(BigInt),
    Float(f64),
    /// An imaginary literal such as `2j` (real part always 0.0 in source).
    Complex {
        real: f64,
        imag: f64,
    },
    Str(String),
    Bytes(Vec<u8>),
}

/// `mod = Module(stmt* body, type_ignore* type_ignores)`
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    pub id: NodeId,
    pub body: Vec<Stmt>,
}

/// `stmt`: a statement, with `lineno, col_offset, end_lineno, end_col_offset` from `range`.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub id: NodeId,
    pub range: TextRange,
    pub kind: StmtKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `FunctionDef(identifier name, arguments args, stmt* body, expr* decorator_list, expr? returns, string? type_comment, type_param* type_params)`
    FunctionDef(Box<FunctionDef>),
    /// `AsyncFunctionDef(...)`, the same fields as `FunctionDef`.
    AsyncFunctionDef(Box<FunctionDef>),
    /// `ClassDef(identifier name, expr* bases, keyword* keywords, stmt* body, expr* decorator_list, type_param* type_params)`
    ClassDef(Box<ClassDef>),
    /// `Return(expr? value)`
    Return { value: Option<Box<Expr>> },
    /// `Delete(expr* targets)`
    Delete { targets: Vec<Expr> },
    /// `Assign(expr* targets, expr value, string? type_comment)`
    Assign {
        targets: Vec<Expr>,
        value: Box<Expr>,
    },
    /// `TypeAlias(expr name, type_param* type_params, expr value)`
    TypeAlias {
        name: Box<Expr>,
        type_params: Vec<TypeParam>,
        value: Box<Expr>,
    },
    /// `AugAssign(expr target, operator op, expr value)`
    AugAssign {
        target: Box<Expr>,
        op: Operator,
        value: Box<Expr>,
    },
    /// `AnnAssign(expr target, expr annotation, expr? value, int simple)`
    AnnAssign {
        target: Box<Expr>,
        annotation: Box<Expr>,
        value: Option<Box<Expr>>,
        simple: bool,
    },
    /// `For(expr target, expr iter, stmt* body, stmt* orelse, string? type_comment)`
    For(Box<For>),
    /// `AsyncFor(...)`, the same fields as `For`.
    AsyncFor(Box<For>),
    /// `While(expr test, stmt* body, stmt* orelse)`
    While {
        test: Box<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    /// `If(expr test, stmt* body, stmt* orelse)`
    If {
        test: Box<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    /// `With(withitem* items, stmt* body, string? type_comment)`
    With {
        items: Vec<WithItem>,
        body: Vec<Stmt>,
    },
    /// `AsyncWith(...)`, the same fields as `With`.
    AsyncWith {
        items: Vec<WithItem>,
        body: Vec<Stmt>,
    },
    /// `Match(expr subject, match_case* cases)`
    Match {
        subject: Box<Expr>,
        cases: Vec<MatchCase>,
    },
    /// `Raise(expr? exc, expr? cause)`
    Raise {
        exc: Option<Box<Expr>>,
        cause: Option<Box<Expr>>,
    },
    /// `Try(stmt* body, excepthandler* handlers, stmt* orelse, stmt* finalbody)`
    Try(Box<Try>),
    /// `TryStar(...)`, the same fields as `Try`.
    TryStar(Box<Try>),
    /// `Assert(expr test, expr? msg)`
    Assert {
        test: Box<Expr>,
        msg: Option<Box<Expr>>,
    },
    /// `Import(alias* names)`
    Import { names: Vec<Alias> },
    /// `ImportFrom(identifier? module, alias* names, int? level)`
    ImportFrom {
        module: Option<String>,
        names: Vec<Alias>,
        level: u32,
    },
    /// `Global(identifier* names)`
    Global { names: Vec<String> },
    /// `Nonlocal(identifier* names)`
    Nonlocal { names: Vec<String> },
    /// `Expr(expr value)`
    Expr { value: Box<Expr> },
    /// `Pass`
    Pass,
    /// `Break`
    Break,
    /// `Continue`
    Continue,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FunctionDef {
    pub name: String,
    pub args: Arguments,
    pub body: Vec<Stmt>,
    pub decorator_list: Vec<Expr>,
    pub returns: Option<Box<Expr>>,
    pub type_params: Vec<TypeParam>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ClassDef {
    pub name: String,
    pub bases: Vec<Expr>,
    pub keywords: Vec<Keyword>,
    pub body: Vec<Stmt>,
    pub decorator_list: Vec<Expr>,
    pub type_params: Vec<TypeParam>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct For {
    pub target: Expr,
    pub iter: Expr,
    pub body: Vec<Stmt>,
    pub orelse: Vec<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Try {
    pub body: Vec<Stmt>,
    pub handlers: Vec<ExceptHandler>,
    pub orelse: Vec<Stmt>,
    pub finalbody: Vec<Stmt>,
}

/// `expr`: an expression, with `lineno, col_offset, end_lineno, end_col_offset` from `range`.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub id: NodeId,
    pub range: TextRange,
    pub kind: ExprKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `BoolOp(boolop op, expr* values)`
    BoolOp { op: BoolOp, values: Vec<Expr> },
    /// `NamedExpr(expr target, expr value)`
    NamedExpr { target: Box<Expr>, value: Box<Expr> },
    /// `BinOp(expr left, operator op, expr right)`
    BinOp {
        left: Box<Expr>,
        op: Operator,
        right: Box<Expr>,
    },
    /// `UnaryOp(unaryop op, expr operand)`
    UnaryOp { op: UnaryOp, operand: Box<Expr> },
    /// `Lambda(arguments args, expr body)`
    Lambda {
        args: Box<Arguments>,
        body: Box<Expr>,
    },
    /// `IfExp(expr test, expr body, expr orelse)`
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    /// `Dict(expr?* keys, expr* values)`: a `None` key is a `**mapping` entry.
    Dict {
        keys: Vec<Option<Expr>>,
        values: Vec<Expr>,
    },
    /// `Set(expr* elts)`
    Set { elts: Vec<Expr> },
    /// `ListComp(expr elt, comprehension* generators)`
    ListComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    /// `SetComp(expr elt, comprehension* generators)`
    SetComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    /// `DictComp(expr key, expr value, comprehension* generators)`
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    /// `GeneratorExp(expr elt, comprehension* generators)`
    GeneratorExp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    /// `Await(expr value)`
    Await { value: Box<Expr> },
    /// `Yield(expr? value)`
    Yield { value: Option<Box<Expr>> },
    /// `YieldFrom(expr value)`
    YieldFrom { value: Box<Expr> },
    /// `Compare(expr left, cmpop* ops, expr* comparators)`
    Compare {
        left: Box<Expr>,
        ops: Vec<CmpOp>,
        comparators: Vec<Expr>,
    },
    /// `Call(expr func, expr* args, keyword* keywords)`
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        keywords: Vec<Keyword>,
    },
    /// `FormattedValue(expr value, int conversion, expr? format_spec)`
    FormattedValue {
        value: Box<Expr>,
        conversion: i32,
        format_spec: Option<Box<Expr>>,
    },
    /// `Interpolation(expr value, constant str, int conversion, expr? format_spec)`
    Interpolation {
        value: Box<Expr>,
        str: Constant,
        conversion: i32,
        format_spec: Option<Box<Expr>>,
    },
    /// `JoinedStr(expr* values)`
    JoinedStr { values: Vec<Expr> },
    /// `TemplateStr(expr* values)`
    TemplateStr { values: Vec<Expr> },
    /// `Constant(constant value, string? kind)`: `kind` is `'u'` for `u"..."` literals.
    Constant {
        value: Constant,
        kind: Option<String>,
    },
    /// `Attribute(expr value, identifier attr, expr_context ctx)`
    Attribute {
        value: Box<Expr>,
        attr: String,
        ctx: ExprContext,
    },
    /// `Subscript(expr value, expr slice, expr_context ctx)`
    Subscript {
        value: Box<Expr>,
        slice: Box<Expr>,
        ctx: ExprContext,
    },
    /// `Starred(expr value, expr_context ctx)`
    Starred { value: Box<Expr>, ctx: ExprContext },
    /// `Name(identifier id, expr_context ctx)`
    Name { id: String, ctx: ExprContext },
    /// `List(expr* elts, expr_context ctx)`
    List { elts: Vec<Expr>, ctx: ExprContext },
    /// `Tuple(expr* elts, expr_context ctx)`
    Tuple { elts: Vec<Expr>, ctx: ExprContext },
    /// `Slice(expr? lower, expr? upper, expr? step)`
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
}

/// `expr_context = Load | Store | Del`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExprContext {
    Load,
    Store,
    Del,
}

/// `boolop = And | Or`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

/// `operator = Add | Sub | Mult | MatMult | Div | Mod | Pow | LShift | RShift | BitOr | BitXor | BitAnd | FloorDiv`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
    FloorDiv,
}

/// `unaryop = Invert | Not | UAdd | USub`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Invert,
    Not,
    UAdd,
    USub,
}

/// `cmpop = Eq | NotEq | Lt | LtE | Gt | GtE | Is | IsNot | In | NotIn`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

/// `comprehension = (expr target, expr iter, expr* ifs, int is_async)`
#[derive(Clone, Debug, PartialEq)]
pub struct Comprehension {
    pub id: NodeId,
    pub range: TextRange,
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: bool,
}

/// `excepthandler = ExceptHandler(expr? type, identifier? name, stmt* body)`
#[derive(Clone, Debug, PartialEq)]
pub struct ExceptHandler {
    pub id: NodeId,
    pub range: TextRange,
    pub type_: Option<Box<Expr>>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
}

/// `arguments = (arg* posonlyargs, arg* args, arg? vararg, arg* kwonlyargs, expr* kw_defaults, arg? kwarg, expr* defaults)`
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Arguments {
    pub id: NodeId,
    pub range: TextRange,
    pub posonlyargs: Vec<Arg>,
    pub args: Vec<Arg>,
    pub vararg: Option<Box<Arg>>,
    pub kwonlyargs: Vec<Arg>,
    /// One entry per keyword-only argument; `None` where it has no default.
    pub kw_defaults: Vec<Option<Expr>>,
    pub kwarg: Option<Box<Arg>>,
    pub defaults: Vec<Expr>,
}

/// `arg = (identifier arg, expr? annotation, string? type_comment)`
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    pub id: NodeId,
    pub range: TextRange,
    pub arg: String,
    pub annotation: Option<Box<Expr>>,
}

/// `keyword = (identifier? arg, expr value)`: `arg` is `None` for `**kwargs`.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    pub id: NodeId,
    pub range: TextRange,
    pub arg: Option<String>,
    pub value: Expr,
}

/// `alias = (identifier name, identifier? asname)`
#[derive(Clone, Debug, PartialEq)]
pub struct Alias {
    pub id: NodeId,
    pub range: TextRange,
    pub name: String,
    pub asname: Option<String>,
}

/// `withitem = (expr context_expr, expr? optional_vars)`
#[derive(Clone, Debug, PartialEq)]
pub struct WithItem {
    pub id: NodeId,
    pub range: TextRange,
    pub context_expr: Expr,
    pub optional_vars: Option<Box<Expr>>,
}

/// `match_case = (pattern pattern, expr? guard, stmt* body)`
#[derive(Clone, Debug, PartialEq)]
pub struct MatchCase {
    pub id: NodeId,
    pub range: TextRange,
    pub pattern: Pattern,
    pub guard: Option<Box<Expr>>,
    pub body: Vec<Stmt>,
}

/// `pattern`: a `match` pattern, with position attributes from `range`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub id: NodeId,
    pub range: TextRange,
    pub kind: PatternKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    /// `MatchValue(expr value)`
    MatchValue { value: Box<Expr> },
    /// `MatchSingleton(constant value)`
    MatchSingleton { value: Constant },
    /// `MatchSequence(pattern* patterns)`
    MatchSequence { patterns: Vec<Pattern> },
    /// `MatchMapping(expr* keys, pattern* patterns, identifier? rest)`
    MatchMapping {
        keys: Vec<Expr>,
        patterns: Vec<Pattern>,
        rest: Option<String>,
    },
    /// `MatchClass(expr cls, pattern* patterns, identifier* kwd_attrs, pattern* kwd_patterns)`
    MatchClass {
        cls: Box<Expr>,
        patterns: Vec<Pattern>,
        kwd_attrs: Vec<String>,
        kwd_patterns: Vec<Pattern>,
    },
    /// `MatchStar(identifier? name)`
    MatchStar { name: Option<String> },
    /// `MatchAs(pattern? pattern, identifier? name)`
    MatchAs {
        pattern: Option<Box<Pattern>>,
        name: Option<String>,
    },
    /// `MatchOr(pattern* patterns)`
    MatchOr { patterns: Vec<Pattern> },
}

/// `type_param`: a PEP 695 type parameter, with position attributes from `range`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeParam {
    pub id: NodeId,
    pub range: TextRange,
    pub kind: TypeParamKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeParamKind {
    /// `TypeVar(identifier name, expr? bound, expr? default_value)`
    TypeVar {
        name: String,
        bound: Option<Box<Expr>>,
        default_value: Option<Box<Expr>>,
    },
    /// `ParamSpec(identifier name, expr? default_value)`
    ParamSpec {
        name: String,
        default_value: Option<Box<Expr>>,
    },
    /// `TypeVarTuple(identifier name, expr? default_value)`
    TypeVarTuple {
        name: String,
        default_value: Option<Box<Expr>>,
    },
}

impl Operator {
    pub fn name(self) -> &'static str {
        match self {
            Operator::Add => "Add",
            Operator::Sub => "Sub",
            Operator::Mult => "Mult",
            Operator::MatMult => "MatMult",
            Operator::Div => "Div",
            Operator::Mod => "Mod",
            Operator::Pow => "Pow",
            Operator::LShift => "LShift",
            Operator::RShift => "RShift",
            Operator::BitOr => "BitOr",
            Operator::BitXor => "BitXor",
            Operator::BitAnd => "BitAnd",
            Operator::FloorDiv => "FloorDiv",
        }
    }
}

impl UnaryOp {
    pub fn name(self) -> &'static str {
        match self {
            UnaryOp::Invert => "Invert",
            UnaryOp::Not => "Not",
            UnaryOp::UAdd => "UAdd",
            UnaryOp::USub => "USub",
        }
    }
}

impl CmpOp {
    pub fn name(self) -> &'static str {
        match self {
            CmpOp::Eq => "Eq",
            CmpOp::NotEq => "NotEq",
            CmpOp::Lt => "Lt",
            CmpOp::LtE => "LtE",
            CmpOp::Gt => "Gt",
            CmpOp::GtE => "GtE",
            CmpOp::Is => "Is",
            CmpOp::IsNot => "IsNot",
            CmpOp::In => "In",
            CmpOp::NotIn => "NotIn",
        }
    }
}

impl BoolOp {
    pub fn name(self) -> &'static str {
        match self {
            BoolOp::And => "And",
            BoolOp::Or => "Or",
        }
    }
}

impl ExprContext {
    pub fn name(self) -> &'static str {
        match self {
            ExprContext::Load => "Load",
            ExprContext::Store => "Store",
            ExprContext::Del => "Del",
        }
    }
}
