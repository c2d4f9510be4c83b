//! A uniform walk over AST nodes: each node's ASDL constructor name, its fields in ASDL order,
//! and whether it has position attributes. `ast.dump` and the UI's tree view both read nodes
//! through this, so neither needs a match over every node type of its own.
//!
//! CPython: the `_fields` and `_attributes` tuples of `Python/Python-ast.c`.

use pyxray_text::TextRange;

use super::nodes::*;

/// A reference to any AST node.
#[derive(Clone, Copy, Debug)]
pub enum NodeRef<'a> {
    Module(&'a Module),
    Stmt(&'a Stmt),
    Expr(&'a Expr),
    Comprehension(&'a Comprehension),
    ExceptHandler(&'a ExceptHandler),
    Arguments(&'a Arguments),
    Arg(&'a Arg),
    Keyword(&'a Keyword),
    Alias(&'a Alias),
    WithItem(&'a WithItem),
    MatchCase(&'a MatchCase),
    Pattern(&'a Pattern),
    TypeParam(&'a TypeParam),
    /// A field-less constructor such as `Add()` or `Load()`.
    Singleton(&'static str),
}

/// One field value, as `ast.dump` sees it.
#[derive(Clone, Debug)]
pub enum Field<'a> {
    Node(NodeRef<'a>),
    /// An optional node or identifier that is absent (`None` in Python).
    Absent,
    List(Vec<Field<'a>>),
    Identifier(&'a str),
    Int(i64),
    Constant(&'a Constant),
}

fn node<'a>(n: NodeRef<'a>) -> Field<'a> {
    Field::Node(n)
}

fn expr(e: &Expr) -> Field<'_> {
    Field::Node(NodeRef::Expr(e))
}

fn opt_expr(e: &Option<Box<Expr>>) -> Field<'_> {
    e.as_deref().map_or(Field::Absent, expr)
}

fn exprs(list: &[Expr]) -> Field<'_> {
    Field::List(list.iter().map(expr).collect())
}

fn opt_exprs(list: &[Option<Expr>]) -> Field<'_> {
    Field::List(
        list.iter()
            .map(|e| e.as_ref().map_or(Field::Absent, expr))
            .collect(),
    )
}

fn stmts(list: &[Stmt]) -> Field<'_> {
    Field::List(list.iter().map(|s| node(NodeRef::Stmt(s))).collect())
}

fn patterns(list: &[Pattern]) -> Field<'_> {
    Field::List(list.iter().map(|p| node(NodeRef::Pattern(p))).collect())
}

fn type_params(list: &[TypeParam]) -> Field<'_> {
    Field::List(list.iter().map(|p| node(NodeRef::TypeParam(p))).collect())
}

fn keywords(list: &[Keyword]) -> Field<'_> {
    Field::List(list.iter().map(|k| node(NodeRef::Keyword(k))).collect())
}

fn args(list: &[Arg]) -> Field<'_> {
    Field::List(list.iter().map(|a| node(NodeRef::Arg(a))).collect())
}

fn aliases(list: &[Alias]) -> Field<'_> {
    Field::List(list.iter().map(|a| node(NodeRef::Alias(a))).collect())
}

fn comprehensions(list: &[Comprehension]) -> Field<'_> {
    Field::List(
        list.iter()
            .map(|c| node(NodeRef::Comprehension(c)))
            .collect(),
    )
}

fn ident(s: &str) -> Field<'_> {
    Field::Identifier(s)
}

fn opt_ident(s: &Option<String>) -> Field<'_> {
    s.as_deref().map_or(Field::Absent, Field::Identifier)
}

fn idents(list: &[String]) -> Field<'_> {
    Field::List(list.iter().map(|s| ident(s)).collect())
}

fn singleton<'a>(name: &'static str) -> Field<'a> {
    Field::Node(NodeRef::Singleton(name))
}

impl<'a> NodeRef<'a> {
    /// The node's id, for cross-highlighting; `None` for singletons.
    pub fn id(self) -> Option<NodeId> {
        Some(match self {
            NodeRef::Module(n) => n.id,
            NodeRef::Stmt(n) => n.id,
            NodeRef::Expr(n) => n.id,
            NodeRef::Comprehension(n) => n.id,
            NodeRef::ExceptHandler(n) => n.id,
            NodeRef::Arguments(n) => n.id,
            NodeRef::Arg(n) => n.id,
            NodeRef::Keyword(n) => n.id,
            NodeRef::Alias(n) => n.id,
            NodeRef::WithItem(n) => n.id,
            NodeRef::MatchCase(n) => n.id,
            NodeRef::Pattern(n) => n.id,
            NodeRef::TypeParam(n) => n.id,
            NodeRef::Singleton(_) => return None,
        })
    }

    /// The source the node covers (also for node types CPython gives no position attributes).
    pub fn range(self) -> Option<TextRange> {
        Some(match self {
            NodeRef::Stmt(n) => n.range,
            NodeRef::Expr(n) => n.range,
            NodeRef::Comprehension(n) => n.range,
            NodeRef::ExceptHandler(n) => n.range,
            NodeRef::Arguments(n) => n.range,
            NodeRef::Arg(n) => n.range,
            NodeRef::Keyword(n) => n.range,
            NodeRef::Alias(n) => n.range,
            NodeRef::WithItem(n) => n.range,
            NodeRef::MatchCase(n) => n.range,
            NodeRef::Pattern(n) => n.range,
            NodeRef::TypeParam(n) => n.range,
            NodeRef::Module(_) | NodeRef::Singleton(_) => return None,
        })
    }

    /// Whether CPython's node type has `lineno`/`col_offset`/`end_lineno`/`end_col_offset`.
    pub fn has_position_attributes(self) -> bool {
        matches!(
            self,
            NodeRef::Stmt(_)
                | NodeRef::Expr(_)
                | NodeRef::ExceptHandler(_)
                | NodeRef::Arg(_)
                | NodeRef::Keyword(_)
                | NodeRef::Alias(_)
                | NodeRef::Pattern(_)
                | NodeRef::TypeParam(_)
        )
    }

    /// The ASDL constructor name and the fields in ASDL order. Fields that `ast.dump` can never
    /// show for parsed code (`type_comment`, `type_ignores`) are left out.
    pub fn fields(self) -> (&'static str, Vec<(&'static str, Field<'a>)>) {
        match self {
            NodeRef::Module(m) => ("Module", vec![("body", stmts(&m.body))]),
            NodeRef::Stmt(s) => stmt_fields(s),
            NodeRef::Expr(e) => expr_fields(e),
            NodeRef::Comprehension(c) => (
                "comprehension",
                vec![
                    ("target", expr(&c.target)),
                    ("iter", expr(&c.iter)),
                    ("ifs", exprs(&c.ifs)),
                    ("is_async", Field::Int(c.is_async as i64)),
                ],
            ),
            NodeRef::ExceptHandler(h) => (
                "ExceptHandler",
                vec![
                    ("type", opt_expr(&h.type_)),
                    ("name", opt_ident(&h.name)),
                    ("body", stmts(&h.body)),
                ],
            ),
            NodeRef::Arguments(a) => (
                "arguments",
                vec![
                    ("posonlyargs", args(&a.posonlyargs)),
                    ("args", args(&a.args)),
                    (
                        "vararg",
                        a.vararg
                            .as_deref()
                            .map_or(Field::Absent, |v| node(NodeRef::Arg(v))),
                    ),
                    ("kwonlyargs", args(&a.kwonlyargs)),
                    ("kw_defaults", opt_exprs(&a.kw_defaults)),
                    (
                        "kwarg",
                        a.kwarg
                            .as_deref()
                            .map_or(Field::Absent, |v| node(NodeRef::Arg(v))),
                    ),
                    ("defaults", exprs(&a.defaults)),
                ],
            ),
            NodeRef::Arg(a) => (
                "arg",
                vec![
                    ("arg", ident(&a.arg)),
                    ("annotation", opt_expr(&a.annotation)),
                ],
            ),
            NodeRef::Keyword(k) => (
                "keyword",
                vec![("arg", opt_ident(&k.arg)), ("value", expr(&k.value))],
            ),
            NodeRef::Alias(a) => (
                "alias",
                vec![("name", ident(&a.name)), ("asname", opt_ident(&a.asname))],
            ),
            NodeRef::WithItem(w) => (
                "withitem",
                vec![
                    ("context_expr", expr(&w.context_expr)),
                    ("optional_vars", opt_expr(&w.optional_vars)),
                ],
            ),
            NodeRef::MatchCase(c) => (
                "match_case",
                vec![
                    ("pattern", node(NodeRef::Pattern(&c.pattern))),
                    ("guard", opt_expr(&c.guard)),
                    ("body", stmts(&c.body)),
                ],
            ),
            NodeRef::Pattern(p) => pattern_fields(p),
            NodeRef::TypeParam(t) => match &t.kind {
                TypeParamKind::TypeVar {
                    name,
                    bound,
                    default_value,
                } => (
                    "TypeVar",
                    vec![
                        ("name", ident(name)),
                        ("bound", opt_expr(bound)),
                        ("default_value", opt_expr(default_value)),
                    ],
                ),
                TypeParamKind::ParamSpec {
                    name,
                    default_value,
                } => (
                    "ParamSpec",
                    vec![
                        ("name", ident(name)),
                        ("default_value", opt_expr(default_value)),
                    ],
                ),
                TypeParamKind::TypeVarTuple {
                    name,
                    default_value,
                } => (
                    "TypeVarTuple",
                    vec![
                        ("name", ident(name)),
                        ("default_value", opt_expr(default_value)),
                    ],
                ),
            },
            NodeRef::Singleton(name) => (name, Vec::new()),
        }
    }
}

fn function_fields<'a>(
    name: &'static str,
    f: &'a FunctionDef,
) -> (&'static str, Vec<(&'static str, Field<'a>)>) {
    (
        name,
        vec![
            ("name", ident(&f.name)),
            ("args", node(NodeRef::Arguments(&f.args))),
            ("body", stmts(&f.body)),
            ("decorator_list", exprs(&f.decorator_list)),
            ("returns", opt_expr(&f.returns)),
            ("type_params", type_params(&f.type_params)),
        ],
    )
}

fn for_fields<'a>(
    name: &'static str,
    f: &'a For,
) -> (&'static str, Vec<(&'static str, Field<'a>)>) {
    (
        name,
        vec![
            ("target", expr(&f.target)),
            ("iter", expr(&f.iter)),
            ("body", stmts(&f.body)),
            ("orelse", stmts(&f.orelse)),
        ],
    )
}

fn try_fields<'a>(
    name: &'static str,
    t: &'a Try,
) -> (&'static str, Vec<(&'static str, Field<'a>)>) {
    (
        name,
        vec![
            ("body", stmts(&t.body)),
            (
                "handlers",
                Field::List(
                    t.handlers
                        .iter()
                        .map(|h| node(NodeRef::ExceptHandler(h)))
                        .collect(),
                ),
            ),
            ("orelse", stmts(&t.orelse)),
            ("finalbody", stmts(&t.finalbody)),
        ],
    )
}

fn with_fields<'a>(
    name: &'static str,
    items: &'a [WithItem],
    body: &'a [Stmt],
) -> (&'static str, Vec<(&'static str, Field<'a>)>) {
    (
        name,
        vec![
            (
                "items",
                Field::List(items.iter().map(|w| node(NodeRef::WithItem(w))).collect()),
            ),
            ("body", stmts(body)),
        ],
    )
}

fn stmt_fields(s: &Stmt) -> (&'static str, Vec<(&'static str, Field<'_>)>) {
    match &s.kind {
        StmtKind::FunctionDef(f) => function_fields("FunctionDef", f),
        StmtKind::AsyncFunctionDef(f) => function_fields("AsyncFunctionDef", f),
        StmtKind::ClassDef(c) => (
            "ClassDef",
            vec![
                ("name", ident(&c.name)),
                ("bases", exprs(&c.bases)),
                ("keywords", keywords(&c.keywords)),
                ("body", stmts(&c.body)),
                ("decorator_list", exprs(&c.decorator_list)),
                ("type_params", type_params(&c.type_params)),
            ],
        ),
        StmtKind::Return { value } => ("Return", vec![("value", opt_expr(value))]),
        StmtKind::Delete { targets } => ("Delete", vec![("targets", exprs(targets))]),
        StmtKind::Assign { targets, value } => (
            "Assign",
            vec![("targets", exprs(targets)), ("value", expr(value))],
        ),
        StmtKind::TypeAlias {
            name,
            type_params: params,
            value,
        } => (
            "TypeAlias",
            vec![
                ("name", expr(name)),
                ("type_params", type_params(params)),
                ("value", expr(value)),
            ],
        ),
        StmtKind::AugAssign { target, op, value } => (
            "AugAssign",
            vec![
                ("target", expr(target)),
                ("op", singleton(op.name())),
                ("value", expr(value)),
            ],
        ),
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
            simple,
        } => (
            "AnnAssign",
            vec![
                ("target", expr(target)),
                ("annotation", expr(annotation)),
                ("value", opt_expr(value)),
                ("simple", Field::Int(*simple as i64)),
            ],
        ),
        StmtKind::For(f) => for_fields("For", f),
        StmtKind::AsyncFor(f) => for_fields("AsyncFor", f),
        StmtKind::While { test, body, orelse } => (
            "While",
            vec![
                ("test", expr(test)),
                ("body", stmts(body)),
                ("orelse", stmts(orelse)),
            ],
        ),
        StmtKind::If { test, body, orelse } => (
            "If",
            vec![
                ("test", expr(test)),
                ("body", stmts(body)),
                ("orelse", stmts(orelse)),
            ],
        ),
        StmtKind::With { items, body } => with_fields("With", items, body),
        StmtKind::AsyncWith { items, body } => with_fields("AsyncWith", items, body),
        StmtKind::Match { subject, cases } => (
            "Match",
            vec![
                ("subject", expr(subject)),
                (
                    "cases",
                    Field::List(cases.iter().map(|c| node(NodeRef::MatchCase(c))).collect()),
                ),
            ],
        ),
        StmtKind::Raise { exc, cause } => (
            "Raise",
            vec![("exc", opt_expr(exc)), ("cause", opt_expr(cause))],
        ),
        StmtKind::Try(t) => try_fields("Try", t),
        StmtKind::TryStar(t) => try_fields("TryStar", t),
        StmtKind::Assert { test, msg } => {
            ("Assert", vec![("test", expr(test)), ("msg", opt_expr(msg))])
        }
        StmtKind::Import { names } => ("Import", vec![("names", aliases(names))]),
        StmtKind::ImportFrom {
            module,
            names,
            level,
        } => (
            "ImportFrom",
            vec![
                ("module", opt_ident(module)),
                ("names", aliases(names)),
                ("level", Field::Int(*level as i64)),
            ],
        ),
        StmtKind::Global { names } => ("Global", vec![("names", idents(names))]),
        StmtKind::Nonlocal { names } => ("Nonlocal", vec![("names", idents(names))]),
        StmtKind::Expr { value } => ("Expr", vec![("value", expr(value))]),
        StmtKind::Pass => ("Pass", Vec::new()),
        StmtKind::Break => ("Break", Vec::new()),
        StmtKind::Continue => ("Continue", Vec::new()),
    }
}

fn expr_fields(e: &Expr) -> (&'static str, Vec<(&'static str, Field<'_>)>) {
    match &e.kind {
        ExprKind::BoolOp { op, values } => (
            "BoolOp",
            vec![("op", singleton(op.name())), ("values", exprs(values))],
        ),
        ExprKind::NamedExpr { target, value } => (
            "NamedExpr",
            vec![("target", expr(target)), ("value", expr(value))],
        ),
        ExprKind::BinOp { left, op, right } => (
            "BinOp",
            vec![
                ("left", expr(left)),
                ("op", singleton(op.name())),
                ("right", expr(right)),
            ],
        ),
        ExprKind::UnaryOp { op, operand } => (
            "UnaryOp",
            vec![("op", singleton(op.name())), ("operand", expr(operand))],
        ),
        ExprKind::Lambda { args, body } => (
            "Lambda",
            vec![
                ("args", node(NodeRef::Arguments(args))),
                ("body", expr(body)),
            ],
        ),
        ExprKind::IfExp { test, body, orelse } => (
            "IfExp",
            vec![
                ("test", expr(test)),
                ("body", expr(body)),
                ("orelse", expr(orelse)),
            ],
        ),
        ExprKind::Dict { keys, values } => (
            "Dict",
            vec![("keys", opt_exprs(keys)), ("values", exprs(values))],
        ),
        ExprKind::Set { elts } => ("Set", vec![("elts", exprs(elts))]),
        ExprKind::ListComp { elt, generators } => (
            "ListComp",
            vec![
                ("elt", expr(elt)),
                ("generators", comprehensions(generators)),
            ],
        ),
        ExprKind::SetComp { elt, generators } => (
            "SetComp",
            vec![
                ("elt", expr(elt)),
                ("generators", comprehensions(generators)),
            ],
        ),
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => (
            "DictComp",
            vec![
                ("key", expr(key)),
                ("value", expr(value)),
                ("generators", comprehensions(generators)),
            ],
        ),
        ExprKind::GeneratorExp { elt, generators } => (
            "GeneratorExp",
            vec![
                ("elt", expr(elt)),
                ("generators", comprehensions(generators)),
            ],
        ),
        ExprKind::Await { value } => ("Await", vec![("value", expr(value))]),
        ExprKind::Yield { value } => ("Yield", vec![("value", opt_expr(value))]),
        ExprKind::YieldFrom { value } => ("YieldFrom", vec![("value", expr(value))]),
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => (
            "Compare",
            vec![
                ("left", expr(left)),
                (
                    "ops",
                    Field::List(ops.iter().map(|op| singleton(op.name())).collect()),
                ),
                ("comparators", exprs(comparators)),
            ],
        ),
        ExprKind::Call {
            func,
            args,
            keywords: kws,
        } => (
            "Call",
            vec![
                ("func", expr(func)),
                ("args", exprs(args)),
                ("keywords", keywords(kws)),
            ],
        ),
        ExprKind::FormattedValue {
            value,
            conversion,
            format_spec,
        } => (
            "FormattedValue",
            vec![
                ("value", expr(value)),
                ("conversion", Field::Int(*conversion as i64)),
                ("format_spec", opt_expr(format_spec)),
            ],
        ),
        ExprKind::Interpolation {
            value,
            str,
            conversion,
            format_spec,
        } => (
            "Interpolation",
            vec![
                ("value", expr(value)),
                ("str", Field::Constant(str)),
                ("conversion", Field::Int(*conversion as i64)),
                ("format_spec", opt_expr(format_spec)),
            ],
        ),
        ExprKind::JoinedStr { values } => ("JoinedStr", vec![("values", exprs(values))]),
        ExprKind::TemplateStr { values } => ("TemplateStr", vec![("values", exprs(values))]),
        ExprKind::Constant { value, kind } => (
            "Constant",
            vec![("value", Field::Constant(value)), ("kind", opt_ident(kind))],
        ),
        ExprKind::Attribute { value, attr, ctx } => (
            "Attribute",
            vec![
                ("value", expr(value)),
                ("attr", ident(attr)),
                ("ctx", singleton(ctx.name())),
            ],
        ),
        ExprKind::Subscript { value, slice, ctx } => (
            "Subscript",
            vec![
                ("value", expr(value)),
                ("slice", expr(slice)),
                ("ctx", singleton(ctx.name())),
            ],
        ),
        ExprKind::Starred { value, ctx } => (
            "Starred",
            vec![("value", expr(value)), ("ctx", singleton(ctx.name()))],
        ),
        ExprKind::Name { id, ctx } => (
            "Name",
            vec![("id", ident(id)), ("ctx", singleton(ctx.name()))],
        ),
        ExprKind::List { elts, ctx } => (
            "List",
            vec![("elts", exprs(elts)), ("ctx", singleton(ctx.name()))],
        ),
        ExprKind::Tuple { elts, ctx } => (
            "Tuple",
            vec![("elts", exprs(elts)), ("ctx", singleton(ctx.name()))],
        ),
        ExprKind::Slice { lower, upper, step } => (
            "Slice",
            vec![
                ("lower", opt_expr(lower)),
                ("upper", opt_expr(upper)),
                ("step", opt_expr(step)),
            ],
        ),
    }
}

fn pattern_fields(p: &Pattern) -> (&'static str, Vec<(&'static str, Field<'_>)>) {
    match &p.kind {
        PatternKind::MatchValue { value } => ("MatchValue", vec![("value", expr(value))]),
        PatternKind::MatchSingleton { value } => {
            ("MatchSingleton", vec![("value", Field::Constant(value))])
        }
        PatternKind::MatchSequence { patterns: ps } => {
            ("MatchSequence", vec![("patterns", patterns(ps))])
        }
        PatternKind::MatchMapping {
            keys,
            patterns: ps,
            rest,
        } => (
            "MatchMapping",
            vec![
                ("keys", exprs(keys)),
                ("patterns", patterns(ps)),
                ("rest", opt_ident(rest)),
            ],
        ),
        PatternKind::MatchClass {
            cls,
            patterns: ps,
            kwd_attrs,
            kwd_patterns,
        } => (
            "MatchClass",
            vec![
                ("cls", expr(cls)),
                ("patterns", patterns(ps)),
                ("kwd_attrs", idents(kwd_attrs)),
                ("kwd_patterns", patterns(kwd_patterns)),
            ],
        ),
        PatternKind::MatchStar { name } => ("MatchStar", vec![("name", opt_ident(name))]),
        PatternKind::MatchAs { pattern, name } => (
            "MatchAs",
            vec![
                (
                    "pattern",
                    pattern
                        .as_deref()
                        .map_or(Field::Absent, |p| node(NodeRef::Pattern(p))),
                ),
                ("name", opt_ident(name)),
            ],
        ),
        PatternKind::MatchOr { patterns: ps } => ("MatchOr", vec![("patterns", patterns(ps))]),
    }
}
