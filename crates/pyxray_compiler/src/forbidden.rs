//! Two compile-time checks on where names and expressions may appear: binding `__debug__`
//! ("cannot assign to __debug__", "cannot delete __debug__"), and named, `yield` and `await`
//! expressions inside the scopes of type parameters, type aliases and generic class bases
//! ("named expression cannot be used within a TypeVar bound"), and `__classdict__` as a type
//! parameter, and `from __future__` after the top of the file.
//!
//! CPython: `Python/codegen.c` and `Python/symtable.c` (`forbidden_name`, checked wherever a
//! name is bound), `Python/symtable.c` (`symtable_raise_if_annotation_block`, with the scope
//! information `symtable_visit_type_param_bound_or_default` records).

use pyxray_parser::ast::*;
use pyxray_text::TextRange;

/// The first forbidden binding of `__debug__` or expression in a type scope, in source order.
pub fn first_error(module: &Module) -> Option<(String, TextRange)> {
    let mut walk = Walk {
        leading_futures: leading_future_imports(&module.body),
        ..Walk::default()
    };
    for stmt in &module.body {
        walk.top_level_seen += 1;
        walk.node(NodeRef::Stmt(stmt));
    }
    walk.first
}

/// How many statements open the module as its docstring and `from __future__` imports
/// (`future_parse`'s `ff_location`).
fn leading_future_imports(body: &[Stmt]) -> usize {
    let docstring = body.first().is_some_and(|stmt| {
        matches!(&stmt.kind, StmtKind::Expr { value }
            if matches!(value.kind, ExprKind::Constant { value: Constant::Str(_), .. }))
    });
    let start = usize::from(docstring);
    start
        + body[start..]
            .iter()
            .take_while(|stmt| is_future_import(stmt))
            .count()
}

fn is_future_import(stmt: &Stmt) -> bool {
    matches!(&stmt.kind, StmtKind::ImportFrom { module: Some(m), level: 0, .. } if m == "__future__")
}

const DEBUG: &str = "__debug__";

#[derive(Default)]
struct Walk {
    first: Option<(String, TextRange)>,
    /// The statements at the top of the module where `from __future__` may appear.
    leading_futures: usize,
    /// Module-level statements visited so far.
    top_level_seen: usize,
}

impl Walk {
    fn report(&mut self, message: String, range: TextRange) {
        if self.first.is_none() {
            self.first = Some((message, range));
        }
    }

    fn node(&mut self, node: NodeRef<'_>) {
        if self.first.is_some() {
            return;
        }
        self.check(node);
        for (_, field) in node.fields().1 {
            self.field(field);
        }
    }

    fn field(&mut self, field: Field<'_>) {
        match field {
            Field::Node(node) => self.node(node),
            Field::List(items) => {
                for item in items {
                    self.field(item);
                }
            }
            _ => {}
        }
    }

    fn forbidden(&mut self, name: &str, range: TextRange) {
        if name == DEBUG {
            self.report(format!("cannot assign to {DEBUG}"), range);
        }
    }

    fn check(&mut self, node: NodeRef<'_>) {
        match node {
            NodeRef::Expr(expr) => match &expr.kind {
                ExprKind::Name { id, ctx } | ExprKind::Attribute { attr: id, ctx, .. }
                    if id == DEBUG =>
                {
                    match ctx {
                        ExprContext::Store => self.forbidden(id, expr.range),
                        ExprContext::Del => {
                            self.report(format!("cannot delete {DEBUG}"), expr.range)
                        }
                        ExprContext::Load => {}
                    }
                }
                _ => {}
            },
            NodeRef::Stmt(stmt) => self.statement(stmt),
            NodeRef::Arg(arg) => self.forbidden(&arg.arg, arg.range),
            NodeRef::Keyword(keyword) => {
                if let Some(name) = &keyword.arg {
                    self.forbidden(name, keyword.range);
                }
            }
            NodeRef::Alias(alias) => {
                let bound = match &alias.asname {
                    Some(asname) => asname.as_str(),
                    None => alias.name.split('.').next().unwrap_or(""),
                };
                self.forbidden(bound, alias.range);
            }
            NodeRef::ExceptHandler(handler) => {
                if let Some(name) = &handler.name {
                    self.forbidden(name, handler.range);
                }
            }
            NodeRef::Pattern(pattern) => match &pattern.kind {
                PatternKind::MatchAs {
                    name: Some(name), ..
                }
                | PatternKind::MatchStar { name: Some(name) }
                | PatternKind::MatchMapping {
                    rest: Some(name), ..
                } => self.forbidden(name, pattern.range),
                PatternKind::MatchClass {
                    kwd_attrs,
                    kwd_patterns,
                    ..
                } => {
                    // Keyword names carry no position: CPython points at their pattern.
                    for (attr, value) in kwd_attrs.iter().zip(kwd_patterns) {
                        self.forbidden(attr, value.range);
                    }
                }
                _ => {}
            },
            NodeRef::TypeParam(param) => {
                let name = match &param.kind {
                    TypeParamKind::TypeVar { name, .. }
                    | TypeParamKind::ParamSpec { name, .. }
                    | TypeParamKind::TypeVarTuple { name, .. } => name,
                };
                self.forbidden(name, param.range);
                if name == "__classdict__" {
                    // The name of the class namespace a generic class's scopes read.
                    self.report(
                        "reserved name '__classdict__' cannot be used for type parameter".into(),
                        param.range,
                    );
                }
                self.type_param_scope(param);
            }
            _ => {}
        }
    }

    fn statement(&mut self, stmt: &Stmt) {
        if is_future_import(stmt) && self.top_level_seen > self.leading_futures {
            // codegen_from_import: any later one, at any depth.
            self.report(
                "from __future__ imports must occur at the beginning of the file".into(),
                stmt.range,
            );
        }
        match &stmt.kind {
            StmtKind::FunctionDef(function) | StmtKind::AsyncFunctionDef(function) => {
                self.forbidden(&function.name, stmt.range);
            }
            StmtKind::ClassDef(class) => {
                self.forbidden(&class.name, stmt.range);
                if !class.type_params.is_empty() {
                    let within = "the definition of a generic";
                    for base in &class.bases {
                        self.scope_expression(base, within);
                    }
                    for keyword in &class.keywords {
                        self.scope_expression(&keyword.value, within);
                    }
                }
            }
            StmtKind::TypeAlias { value, .. } => self.scope_expression(value, "a type alias"),
            StmtKind::Match { cases, .. } => {
                if let Some((message, range)) = crate::match_patterns::first_error(cases) {
                    self.report(message, range);
                }
            }
            _ => {}
        }
    }

    /// A type parameter's bound (a constraint when it is a tuple) and default.
    fn type_param_scope(&mut self, param: &TypeParam) {
        let (kind, bound, default) = match &param.kind {
            TypeParamKind::TypeVar {
                bound,
                default_value,
                ..
            } => ("TypeVar", bound.as_deref(), default_value.as_deref()),
            TypeParamKind::ParamSpec { default_value, .. } => {
                ("ParamSpec", None, default_value.as_deref())
            }
            TypeParamKind::TypeVarTuple { default_value, .. } => {
                ("TypeVarTuple", None, default_value.as_deref())
            }
        };
        if let Some(bound) = bound {
            let what = if matches!(bound.kind, ExprKind::Tuple { .. }) {
                "a TypeVar constraint"
            } else {
                "a TypeVar bound"
            };
            self.scope_expression(bound, what);
        }
        if let Some(default) = default {
            self.scope_expression(default, &format!("a {kind} default"));
        }
    }

    /// `symtable_raise_if_annotation_block`: the first named, `yield` or `await` expression in
    /// `expr` (not inside a lambda, which has its own scope).
    fn scope_expression(&mut self, expr: &Expr, within: &str) {
        if let Some((what, range)) = scoped_expression(expr) {
            self.report(format!("{what} cannot be used within {within}"), range);
        }
    }
}

fn scoped_expression(expr: &Expr) -> Option<(&'static str, TextRange)> {
    match &expr.kind {
        ExprKind::NamedExpr { .. } => return Some(("named expression", expr.range)),
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => {
            return Some(("yield expression", expr.range))
        }
        ExprKind::Await { .. } => return Some(("await expression", expr.range)),
        ExprKind::Lambda { .. } => return None,
        _ => {}
    }
    NodeRef::Expr(expr)
        .fields()
        .1
        .into_iter()
        .find_map(|(_, field)| scoped_in_field(field))
}

fn scoped_in_field(field: Field<'_>) -> Option<(&'static str, TextRange)> {
    match field {
        Field::Node(NodeRef::Expr(expr)) => scoped_expression(expr),
        Field::Node(other) => other
            .fields()
            .1
            .into_iter()
            .find_map(|(_, field)| scoped_in_field(field)),
        Field::List(items) => items.into_iter().find_map(scoped_in_field),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(source: &str) -> Option<String> {
        let module = pyxray_parser::parse_module(source).module.ok()?;
        first_error(&module).map(|(message, _)| message)
    }

    #[test]
    fn debug_cannot_be_bound() {
        for source in [
            "__debug__ = 1",
            "x.__debug__ = 1",
            "def __debug__(): pass",
            "def f(__debug__): pass",
            "f(__debug__=1)",
            "import a as __debug__",
            "for __debug__ in x: pass",
        ] {
            assert_eq!(
                error(source).as_deref(),
                Some("cannot assign to __debug__"),
                "{source}"
            );
        }
        assert_eq!(
            error("del __debug__").as_deref(),
            Some("cannot delete __debug__")
        );
        assert_eq!(error("print(__debug__)"), None);
    }

    #[test]
    fn type_scopes_refuse_named_yield_and_await() {
        assert_eq!(
            error("def f[T: (y := int)](): pass").as_deref(),
            Some("named expression cannot be used within a TypeVar bound")
        );
        assert_eq!(
            error("type A = (await b)").as_deref(),
            Some("await expression cannot be used within a type alias")
        );
        assert_eq!(
            error("class A[T]((yield)): pass").as_deref(),
            Some("yield expression cannot be used within the definition of a generic")
        );
        assert_eq!(error("type A = lambda: (yield)"), None);
    }
}
