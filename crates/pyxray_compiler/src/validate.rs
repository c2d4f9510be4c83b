//! The compile-time `SyntaxError`s CPython raises after parsing: misplaced `global`/`nonlocal`
//! (found while building the symbol table), and `return`, `yield`, `await`, `break`,
//! `continue` or a lone starred target where they cannot be (found during code generation).
//! They run before code generation here, so a misplaced statement is reported as CPython
//! reports it even in a program pyxray cannot compile yet.
//!
//! CPython: `Python/symtable.c` (`symtable_visit_stmt`, the `Global_kind`/`Nonlocal_kind` cases),
//! `Python/codegen.c` (`codegen_return`, `codegen_break`, `codegen_continue`, `codegen_visit_expr`
//! for `Yield`/`Await`/`Starred`).

use pyxray_parser::ast::*;
use pyxray_parser::SyntaxError;
use pyxray_text::{LineIndex, TextRange};

/// The first compile-time `SyntaxError` of a module: symbol-table errors first, as CPython
/// builds the whole symbol table before generating code.
pub fn check_module(module: &Module, source: &str, lines: &LineIndex) -> Option<SyntaxError> {
    let error =
        |message: String, range: TextRange| SyntaxError::syntax(message, range, source, lines);
    if let Some((message, range)) = declarations_in(&module.body, true) {
        return Some(error(message, range));
    }
    let mut placement = Placement::default();
    placement.statements(&module.body);
    placement
        .first
        .map(|(message, range)| error(message, range))
}

// ---- Symbol table: `global` and `nonlocal` after a use -----------------------------------

/// How a name was used before its declaration.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Read,
    Assigned,
}

/// Checks one scope's statements (not nested functions' or classes' bodies, which are scopes
/// of their own and checked separately).
fn declarations_in(body: &[Stmt], module_level: bool) -> Option<(String, TextRange)> {
    let mut seen: Vec<(String, Use)> = Vec::new();
    let mut nested: Vec<&[Stmt]> = Vec::new();
    for stmt in body {
        if let Some(found) = declaration_errors(stmt, module_level, &mut seen, &mut nested) {
            return Some(found);
        }
    }
    nested
        .into_iter()
        .find_map(|inner| declarations_in(inner, false))
}

fn declaration_errors<'a>(
    stmt: &'a Stmt,
    module_level: bool,
    seen: &mut Vec<(String, Use)>,
    nested: &mut Vec<&'a [Stmt]>,
) -> Option<(String, TextRange)> {
    match &stmt.kind {
        StmtKind::Global { names } | StmtKind::Nonlocal { names } => {
            let keyword = if matches!(stmt.kind, StmtKind::Global { .. }) {
                "global"
            } else {
                if module_level {
                    return Some((
                        "nonlocal declaration not allowed at module level".to_string(),
                        stmt.range,
                    ));
                }
                "nonlocal"
            };
            for name in names {
                if let Some((_, how)) = seen.iter().find(|(seen_name, _)| seen_name == name) {
                    let message = match how {
                        Use::Assigned => {
                            format!("name '{name}' is assigned to before {keyword} declaration")
                        }
                        Use::Read => {
                            format!("name '{name}' is used prior to {keyword} declaration")
                        }
                    };
                    return Some((message, stmt.range));
                }
            }
            None
        }
        StmtKind::FunctionDef(function) | StmtKind::AsyncFunctionDef(function) => {
            seen.push((function.name.clone(), Use::Assigned));
            nested.push(&function.body);
            None
        }
        StmtKind::ClassDef(class) => {
            seen.push((class.name.clone(), Use::Assigned));
            nested.push(&class.body);
            None
        }
        _ => {
            record_names(NodeRef::Stmt(stmt), seen, nested);
            None
        }
    }
}

/// Records every name this node reads or assigns in the current scope, in source order, and
/// collects nested function and class bodies.
fn record_names<'a>(
    node: NodeRef<'a>,
    seen: &mut Vec<(String, Use)>,
    nested: &mut Vec<&'a [Stmt]>,
) {
    match node {
        NodeRef::Expr(Expr {
            kind: ExprKind::Name { id, ctx },
            ..
        }) => {
            let how = if *ctx == ExprContext::Load {
                Use::Read
            } else {
                Use::Assigned
            };
            seen.push((id.clone(), how));
            return;
        }
        // A lambda's body is its own scope.
        NodeRef::Expr(Expr {
            kind: ExprKind::Lambda { .. },
            ..
        }) => return,
        NodeRef::Stmt(Stmt {
            kind: StmtKind::FunctionDef(function) | StmtKind::AsyncFunctionDef(function),
            ..
        }) => {
            seen.push((function.name.clone(), Use::Assigned));
            nested.push(&function.body);
            return;
        }
        NodeRef::Stmt(Stmt {
            kind: StmtKind::ClassDef(class),
            ..
        }) => {
            seen.push((class.name.clone(), Use::Assigned));
            nested.push(&class.body);
            return;
        }
        _ => {}
    }
    for (_, field) in node.fields().1 {
        record_field(field, seen, nested);
    }
}

fn record_field<'a>(field: Field<'a>, seen: &mut Vec<(String, Use)>, nested: &mut Vec<&'a [Stmt]>) {
    match field {
        Field::Node(child) => record_names(child, seen, nested),
        Field::List(items) => {
            for item in items {
                record_field(item, seen, nested);
            }
        }
        _ => {}
    }
}

// ---- Code generation: statements and expressions out of place ----------------------------

/// Where the walk is: inside a function, how many loops deep (reset by a function or class).
#[derive(Default)]
struct Placement {
    in_function: bool,
    loop_depth: u32,
    first: Option<(String, TextRange)>,
}

impl Placement {
    fn report(&mut self, message: &str, range: TextRange) {
        if self.first.is_none() {
            self.first = Some((message.to_string(), range));
        }
    }

    fn statements(&mut self, body: &[Stmt]) {
        for stmt in body {
            if self.first.is_some() {
                return;
            }
            self.statement(stmt);
        }
    }

    /// A body in a new function or class scope.
    fn scope(&mut self, body: &[Stmt], in_function: bool) {
        let saved = (self.in_function, self.loop_depth);
        self.in_function = in_function;
        self.loop_depth = 0;
        self.statements(body);
        (self.in_function, self.loop_depth) = saved;
    }

    fn statement(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::FunctionDef(function) | StmtKind::AsyncFunctionDef(function) => {
                self.expressions(&function.decorator_list);
                self.scope(&function.body, true);
            }
            StmtKind::ClassDef(class) => {
                self.expressions(&class.decorator_list);
                self.expressions(&class.bases);
                self.scope(&class.body, false);
            }
            StmtKind::Return { value } => {
                if !self.in_function {
                    self.report("'return' outside function", stmt.range);
                }
                if let Some(value) = value {
                    self.expression(value);
                }
            }
            StmtKind::Break if self.loop_depth == 0 => {
                self.report("'break' outside loop", stmt.range)
            }
            StmtKind::Continue if self.loop_depth == 0 => {
                self.report("'continue' not properly in loop", stmt.range)
            }
            StmtKind::For(for_loop) | StmtKind::AsyncFor(for_loop) => {
                self.target(&for_loop.target);
                self.expression(&for_loop.iter);
                self.loop_body(&for_loop.body);
                self.statements(&for_loop.orelse);
            }
            StmtKind::While { test, body, orelse } => {
                self.expression(test);
                self.loop_body(body);
                self.statements(orelse);
            }
            StmtKind::Assign { targets, value } => {
                self.expression(value);
                for target in targets {
                    self.target(target);
                }
            }
            _ => self.children(NodeRef::Stmt(stmt)),
        }
    }

    fn loop_body(&mut self, body: &[Stmt]) {
        self.loop_depth += 1;
        self.statements(body);
        self.loop_depth -= 1;
    }

    /// An assignment target: a starred name on its own is not a target.
    fn target(&mut self, target: &Expr) {
        if let ExprKind::Starred { .. } = target.kind {
            self.report(
                "starred assignment target must be in a list or tuple",
                target.range,
            );
        }
        self.expression(target);
    }

    fn expressions(&mut self, exprs: &[Expr]) {
        for expr in exprs {
            self.expression(expr);
        }
    }

    fn expression(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } if !self.in_function => {
                self.report("'yield' outside function", expr.range)
            }
            ExprKind::Await { .. } if !self.in_function => {
                self.report("'await' outside function", expr.range)
            }
            ExprKind::ListComp { generators, .. }
            | ExprKind::SetComp { generators, .. }
            | ExprKind::DictComp { generators, .. }
            | ExprKind::GeneratorExp { generators, .. } => {
                // Only the first iterable is evaluated outside the comprehension's own scope.
                let kind = match expr.kind {
                    ExprKind::ListComp { .. } => "list comprehension",
                    ExprKind::SetComp { .. } => "set comprehension",
                    ExprKind::DictComp { .. } => "dict comprehension",
                    _ => "generator expression",
                };
                let first_iter = generators.first().map(|g| g.iter.id);
                if let Some(range) = yield_within(NodeRef::Expr(expr), first_iter) {
                    self.report(&format!("'yield' inside {kind}"), range);
                }
                self.children(NodeRef::Expr(expr));
            }
            ExprKind::Lambda { body, .. } => {
                let saved = self.in_function;
                self.in_function = true;
                self.expression(body);
                self.in_function = saved;
            }
            _ => self.children(NodeRef::Expr(expr)),
        }
    }

    /// Every child statement and expression, in field order.
    fn children(&mut self, node: NodeRef<'_>) {
        for (_, field) in node.fields().1 {
            self.field(field);
        }
    }

    fn field(&mut self, field: Field<'_>) {
        match field {
            Field::Node(NodeRef::Stmt(stmt)) => self.statement(stmt),
            Field::Node(NodeRef::Expr(expr)) => self.expression(expr),
            Field::Node(other) => self.children(other),
            Field::List(items) => {
                for item in items {
                    self.field(item);
                }
            }
            _ => {}
        }
    }
}

/// The first `yield` inside `node` (not inside a lambda, and not in the node `skip`).
fn yield_within(node: NodeRef<'_>, skip: Option<NodeId>) -> Option<TextRange> {
    if node.id().is_some() && node.id() == skip {
        return None;
    }
    match node {
        NodeRef::Expr(Expr {
            kind: ExprKind::Yield { .. } | ExprKind::YieldFrom { .. },
            range,
            ..
        }) => return Some(*range),
        NodeRef::Expr(Expr {
            kind: ExprKind::Lambda { .. },
            ..
        }) => return None,
        _ => {}
    }
    node.fields()
        .1
        .into_iter()
        .find_map(|(_, field)| yield_in_field(field, skip))
}

fn yield_in_field(field: Field<'_>, skip: Option<NodeId>) -> Option<TextRange> {
    match field {
        Field::Node(child) => yield_within(child, skip),
        Field::List(items) => items
            .into_iter()
            .find_map(|item| yield_in_field(item, skip)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(source: &str) -> Option<String> {
        let module = pyxray_parser::parse_module(source).module.ok()?;
        let lines = LineIndex::new(source);
        check_module(&module, source, &lines)
            .map(|e| format!("{} {}:{}-{}", e.message, e.lineno, e.offset, e.end_offset))
    }

    #[test]
    fn misplaced_statements() {
        assert_eq!(
            first_error("for i in x:\n    pass\nreturn 1\n").as_deref(),
            Some("'return' outside function 3:1-9")
        );
        assert_eq!(
            first_error("if x:\n    break\n").as_deref(),
            Some("'break' outside loop 2:5-10")
        );
        assert_eq!(
            first_error("while x:\n    def f():\n        continue\n").as_deref(),
            Some("'continue' not properly in loop 3:9-17")
        );
        assert_eq!(
            first_error("*rest = [1]\n").as_deref(),
            Some("starred assignment target must be in a list or tuple 1:1-6")
        );
        assert_eq!(
            first_error("def f():\n    return (yield)\nwhile 1:\n    break\n"),
            None
        );
        assert_eq!(
            first_error("x = [(yield i) for i in y]\n").as_deref(),
            Some("'yield' inside list comprehension 1:7-14")
        );
        assert_eq!(
            first_error("class A:\n    return 1\n").as_deref(),
            Some("'return' outside function 2:5-13")
        );
        assert_eq!(
            first_error("await x\n").as_deref(),
            Some("'await' outside function 1:1-8")
        );
    }

    #[test]
    fn declarations_after_use() {
        assert_eq!(
            first_error("def f():\n    print(n)\n    global n\n").as_deref(),
            Some("name 'n' is used prior to global declaration 3:5-13")
        );
        assert_eq!(
            first_error("x = 1\nglobal x\n").as_deref(),
            Some("name 'x' is assigned to before global declaration 2:1-9")
        );
        // Symbol-table errors come before code-generation errors, wherever they are.
        assert_eq!(
            first_error("return 1\ndef f():\n    n = 1\n    nonlocal n\n").as_deref(),
            Some("name 'n' is assigned to before nonlocal declaration 4:5-15")
        );
    }
}
