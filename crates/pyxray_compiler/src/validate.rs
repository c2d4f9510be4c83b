//! The compile-time `SyntaxError`s CPython raises after parsing: duplicate parameters, misplaced
//! `global`/`nonlocal`/`import *` and unbound `nonlocal` names (found while building the symbol
//! table), and `return`, `yield`, `await`, `async for`/`with`, `break`, `continue` or a lone
//! starred target where they cannot be (found during code generation).
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
    if let Some((message, range)) = symbol_table_error(module) {
        return Some(error(message, range));
    }
    if let Some((message, range)) = crate::forbidden::first_error(module) {
        return Some(error(message, range));
    }
    let mut placement = Placement::default();
    placement.statements(&module.body);
    placement
        .first
        .map(|(message, range)| error(message, range))
}

// ---- Symbol table: declarations and bindings --------------------------------------------

/// How a name was used before its declaration.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Read,
    Assigned,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    Module,
    Function,
    Class,
}

/// One block of the symbol table (`PySTEntryObject`), as far as these checks need it.
struct Scope {
    kind: ScopeKind,
    /// The enclosing scope, by index into `SymbolTable::scopes`.
    parent: Option<usize>,
    params: Vec<String>,
    /// Names read or bound so far, in order.
    seen: Vec<(String, Use)>,
    globals: Vec<String>,
    /// `nonlocal` declarations, checked for a binding once the whole module is visited.
    nonlocals: Vec<(String, TextRange)>,
    /// Every `global` and `nonlocal` statement by name (`ste_directives`), in order.
    directives: Vec<(String, TextRange)>,
    /// The class whose name mangles `__x` here (`st_private`), inherited by nested functions.
    private: Option<String>,
}

impl Scope {
    fn new(kind: ScopeKind, parent: Option<usize>) -> Scope {
        Scope {
            kind,
            parent,
            params: Vec::new(),
            seen: Vec::new(),
            globals: Vec::new(),
            nonlocals: Vec::new(),
            directives: Vec::new(),
            private: None,
        }
    }

    fn binds(&self, name: &str) -> bool {
        !self.globals.iter().any(|g| g == name)
            && (self.params.iter().any(|p| p == name)
                || self
                    .seen
                    .iter()
                    .any(|(n, how)| n == name && *how == Use::Assigned))
    }
}

/// `symtable.c` in miniature: visits the module in source order (`symtable_visit_stmt`),
/// reporting the first error, then checks `nonlocal` bindings (`analyze_name`).
struct SymbolTable {
    scopes: Vec<Scope>,
    current: usize,
    first: Option<(String, TextRange)>,
}

/// The first symbol-table error of the module, if any.
fn symbol_table_error(module: &Module) -> Option<(String, TextRange)> {
    let mut table = SymbolTable {
        scopes: vec![Scope::new(ScopeKind::Module, None)],
        current: 0,
        first: None,
    };
    table.statements(&module.body);
    if table.first.is_some() {
        return table.first;
    }
    table.nonlocal_bindings()
}

impl SymbolTable {
    fn report(&mut self, message: String, range: TextRange) {
        if self.first.is_none() {
            self.first = Some((message, range));
        }
    }

    fn scope(&mut self) -> &mut Scope {
        &mut self.scopes[self.current]
    }

    fn record(&mut self, name: &str, how: Use) {
        self.scope().seen.push((name.to_string(), how));
    }

    fn statements(&mut self, body: &[Stmt]) {
        for stmt in body {
            if self.first.is_some() {
                return;
            }
            self.statement(stmt);
        }
    }

    /// Runs `visit` in a new child scope of `kind`.
    fn enter(&mut self, kind: ScopeKind, visit: impl FnOnce(&mut Self)) {
        let parent = self.current;
        let mut scope = Scope::new(kind, Some(parent));
        scope.private = self.scopes[parent].private.clone();
        self.scopes.push(scope);
        self.current = self.scopes.len() - 1;
        visit(self);
        self.current = parent;
    }

    /// A function's parameters, in the order CPython declares them; a repeated name is an error.
    fn parameters(&mut self, args: &Arguments) {
        let all = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(args.vararg.as_deref())
            .chain(&args.kwonlyargs)
            .chain(args.kwarg.as_deref());
        for arg in all {
            if self.scope().params.contains(&arg.arg) {
                self.report(
                    format!("duplicate argument '{}' in function definition", arg.arg),
                    arg.range,
                );
                return;
            }
            self.scope().params.push(arg.arg.clone());
        }
    }

    fn statement(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::FunctionDef(function) | StmtKind::AsyncFunctionDef(function) => {
                self.record(&function.name, Use::Assigned);
                self.expressions(&function.decorator_list);
                self.node(NodeRef::Arguments(&function.args));
                self.enter(ScopeKind::Function, |table| {
                    table.parameters(&function.args);
                    table.statements(&function.body);
                });
            }
            StmtKind::ClassDef(class) => {
                self.record(&class.name, Use::Assigned);
                self.expressions(&class.decorator_list);
                self.expressions(&class.bases);
                self.enter(ScopeKind::Class, |table| {
                    table.scope().private = Some(class.name.clone());
                    table.statements(&class.body);
                });
            }
            StmtKind::Global { names } | StmtKind::Nonlocal { names } => {
                let is_global = matches!(stmt.kind, StmtKind::Global { .. });
                let keyword = if is_global { "global" } else { "nonlocal" };
                if !is_global && self.scope().kind == ScopeKind::Module {
                    self.report(
                        "nonlocal declaration not allowed at module level".to_string(),
                        stmt.range,
                    );
                    return;
                }
                for name in names {
                    let scope = &self.scopes[self.current];
                    let message = if scope.params.contains(name) {
                        Some(format!("name '{name}' is parameter and {keyword}"))
                    } else {
                        scope
                            .seen
                            .iter()
                            .find(|(n, _)| n == name)
                            .map(|(_, how)| match how {
                                Use::Assigned => format!(
                                    "name '{name}' is assigned to before {keyword} declaration"
                                ),
                                Use::Read => {
                                    format!("name '{name}' is used prior to {keyword} declaration")
                                }
                            })
                    };
                    if let Some(message) = message {
                        self.report(message, stmt.range);
                        return;
                    }
                    self.scope().directives.push((name.clone(), stmt.range));
                    if is_global {
                        self.scope().globals.push(name.clone());
                    } else {
                        self.scope().nonlocals.push((name.clone(), stmt.range));
                    }
                }
            }
            StmtKind::Import { names } => {
                for alias in names {
                    let bound = alias
                        .asname
                        .as_deref()
                        .unwrap_or_else(|| alias.name.split('.').next().unwrap_or(""));
                    self.record(bound, Use::Assigned);
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for alias in names {
                    if alias.name == "*" {
                        if self.scope().kind != ScopeKind::Module {
                            self.report(
                                "import * only allowed at module level".to_string(),
                                alias.range,
                            );
                        }
                        continue;
                    }
                    self.record(
                        alias.asname.as_deref().unwrap_or(&alias.name),
                        Use::Assigned,
                    );
                }
            }
            _ => self.node(NodeRef::Stmt(stmt)),
        }
    }

    fn expressions(&mut self, exprs: &[Expr]) {
        for expr in exprs {
            self.node(NodeRef::Expr(expr));
        }
    }

    /// Records names in source order, walking fields (statements found in them go through
    /// `statement`); lambdas and comprehensions are scopes of their own.
    fn node(&mut self, node: NodeRef<'_>) {
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
                self.record(id, how);
                return;
            }
            NodeRef::Expr(Expr {
                kind: ExprKind::Lambda { args, body },
                ..
            }) => {
                self.node(NodeRef::Arguments(args));
                self.enter(ScopeKind::Function, |table| {
                    table.parameters(args);
                    table.node(NodeRef::Expr(body));
                });
                return;
            }
            NodeRef::Expr(Expr {
                kind:
                    ExprKind::ListComp { generators, .. }
                    | ExprKind::SetComp { generators, .. }
                    | ExprKind::DictComp { generators, .. }
                    | ExprKind::GeneratorExp { generators, .. },
                ..
            }) => {
                // Only the first iterable belongs to the enclosing scope.
                if let Some(first) = generators.first() {
                    self.node(NodeRef::Expr(&first.iter));
                }
                return;
            }
            NodeRef::ExceptHandler(handler) => {
                if let Some(name) = &handler.name {
                    self.record(name, Use::Assigned);
                }
            }
            _ => {}
        }
        for (_, field) in node.fields().1 {
            self.field(field);
        }
    }

    fn field(&mut self, field: Field<'_>) {
        match field {
            Field::Node(NodeRef::Stmt(stmt)) => self.statement(stmt),
            Field::Node(child) => self.node(child),
            Field::List(items) => {
                for item in items {
                    self.field(item);
                }
            }
            _ => {}
        }
    }

    /// `analyze_name`: a `nonlocal` name must be bound in an enclosing function.
    /// A name declared both `global` and `nonlocal` is reported at its first declaration.
    fn nonlocal_bindings(&self) -> Option<(String, TextRange)> {
        for scope in &self.scopes {
            for (name, range) in &scope.nonlocals {
                if scope.globals.contains(name) {
                    let first = scope.directives.iter().find(|(n, _)| n == name);
                    let at = first.map_or(*range, |(_, r)| *r);
                    return Some((format!("name '{name}' is nonlocal and global"), at));
                }
                let mut enclosing = scope.parent;
                let mut found = false;
                while let Some(index) = enclosing {
                    let outer = &self.scopes[index];
                    if outer.kind == ScopeKind::Function
                        && (outer.binds(name) || outer.nonlocals.iter().any(|(n, _)| n == name))
                    {
                        found = true;
                        break;
                    }
                    enclosing = outer.parent;
                }
                if !found {
                    let name = mangle(scope.private.as_deref(), name);
                    return Some((format!("no binding for nonlocal '{name}' found"), *range));
                }
            }
        }
        None
    }
}

/// `_Py_Mangle`: `__x` in class `A` (or a function inside it) is `_A__x`.
fn mangle(private: Option<&str>, name: &str) -> String {
    let Some(class) = private else {
        return name.to_string();
    };
    let class = class.trim_start_matches('_');
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') || class.is_empty() {
        return name.to_string();
    }
    format!("_{class}{name}")
}

// ---- Code generation: statements and expressions out of place ----------------------------

/// Where the walk is: inside a function, how many loops deep (reset by a function or class).
#[derive(Default)]
struct Placement {
    in_function: bool,
    /// Inside an `async def` (a lambda or plain `def` inside it is not).
    in_async_function: bool,
    loop_depth: u32,
    /// Blocks open in the current code unit (`u_nfblocks`: loops, `try`, `with`, handlers).
    blocks: u32,
    first: Option<(String, TextRange)>,
}

/// `CO_MAXBLOCKS`: how many blocks may be open at once in one code unit.
const CO_MAXBLOCKS: u32 = 21;

impl Placement {
    /// `compiler_push_fblock`: runs `visit` inside one more block, or reports "too many
    /// statically nested blocks" at `range` when `CO_MAXBLOCKS` are already open.
    fn block(&mut self, range: TextRange, visit: impl FnOnce(&mut Self)) {
        if self.blocks >= CO_MAXBLOCKS {
            self.report("too many statically nested blocks", range);
            return;
        }
        self.blocks += 1;
        visit(self);
        self.blocks -= 1;
    }

    /// `codegen_with`: one block per context manager, the body inside all of them.
    fn with_items(&mut self, items: &[WithItem], body: &[Stmt], range: TextRange) {
        let Some((item, rest)) = items.split_first() else {
            self.statements(body);
            return;
        };
        self.expression(&item.context_expr);
        self.block(range, |this| {
            if let Some(vars) = &item.optional_vars {
                this.expression(vars);
            }
            this.with_items(rest, body, range);
        });
    }

    /// `codegen_try_finally` / `codegen_try_except`: the body in a block, then the handlers
    /// in one, each handler's body in one more; a `finally` body in its own.
    fn try_statement(&mut self, node: &Try, range: TextRange) {
        let handled = |this: &mut Self| {
            this.block(range, |this| this.statements(&node.body));
            if !node.handlers.is_empty() {
                this.block(range, |this| {
                    for handler in &node.handlers {
                        if let Some(type_) = &handler.type_ {
                            this.expression(type_);
                        }
                        this.block(handler.range, |this| this.statements(&handler.body));
                    }
                });
            }
            this.statements(&node.orelse);
        };
        if node.finalbody.is_empty() {
            handled(self);
            return;
        }
        self.block(range, |this| {
            if node.handlers.is_empty() {
                this.statements(&node.body);
            } else {
                handled(this);
            }
        });
        self.block(range, |this| this.statements(&node.finalbody));
    }
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
    fn scope(&mut self, body: &[Stmt], in_function: bool, is_async: bool) {
        let saved = (
            self.in_function,
            self.in_async_function,
            self.loop_depth,
            self.blocks,
        );
        self.in_function = in_function;
        self.in_async_function = is_async;
        self.loop_depth = 0;
        self.blocks = 0;
        self.statements(body);
        (
            self.in_function,
            self.in_async_function,
            self.loop_depth,
            self.blocks,
        ) = saved;
    }

    fn statement(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::FunctionDef(function) | StmtKind::AsyncFunctionDef(function) => {
                self.expressions(&function.decorator_list);
                let is_async = matches!(stmt.kind, StmtKind::AsyncFunctionDef(_));
                self.scope(&function.body, true, is_async);
            }
            StmtKind::ClassDef(class) => {
                self.expressions(&class.decorator_list);
                self.expressions(&class.bases);
                self.keywords(&class.keywords);
                self.scope(&class.body, false, false);
            }
            StmtKind::AsyncFor(_) | StmtKind::AsyncWith { .. } if !self.in_async_function => {
                let what = if matches!(stmt.kind, StmtKind::AsyncFor(_)) {
                    "for"
                } else {
                    "with"
                };
                self.report(
                    &format!("'async {what}' outside async function"),
                    stmt.range,
                );
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
                self.block(stmt.range, |this| this.loop_body(&for_loop.body));
                self.statements(&for_loop.orelse);
            }
            StmtKind::While { test, body, orelse } => {
                self.expression(test);
                self.block(stmt.range, |this| this.loop_body(body));
                self.statements(orelse);
            }
            StmtKind::With { items, body } | StmtKind::AsyncWith { items, body } => {
                self.with_items(items, body, stmt.range);
            }
            StmtKind::Try(node) | StmtKind::TryStar(node) => self.try_statement(node, stmt.range),
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

    /// An assignment target: a starred name on its own is not a target, and a tuple or list
    /// unpacks into at most one starred name (`unpack_helper`).
    fn target(&mut self, target: &Expr) {
        match &target.kind {
            ExprKind::Starred { .. } => self.report(
                "starred assignment target must be in a list or tuple",
                target.range,
            ),
            ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
                let starred = elts
                    .iter()
                    .filter(|e| matches!(e.kind, ExprKind::Starred { .. }))
                    .count();
                if starred > 1 {
                    self.report("multiple starred expressions in assignment", target.range);
                }
                for elt in elts {
                    if let ExprKind::Starred { value, .. } = &elt.kind {
                        self.target(value);
                    } else {
                        self.target(elt);
                    }
                }
                return;
            }
            _ => {}
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
            ExprKind::YieldFrom { .. } if self.in_async_function => {
                self.report("'yield from' inside async function", expr.range)
            }
            ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } if !self.in_function => {
                self.report("'yield' outside function", expr.range)
            }
            ExprKind::Await { .. } if !self.in_function => {
                self.report("'await' outside function", expr.range)
            }
            ExprKind::Await { .. } if !self.in_async_function => {
                self.report("'await' outside async function", expr.range)
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
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expression(func);
                self.keywords(keywords);
                self.expressions(args);
                for keyword in keywords {
                    self.expression(&keyword.value);
                }
            }
            ExprKind::Lambda { body, .. } => {
                let saved = (self.in_function, self.in_async_function);
                (self.in_function, self.in_async_function) = (true, false);
                self.expression(body);
                (self.in_function, self.in_async_function) = saved;
            }
            _ => self.children(NodeRef::Expr(expr)),
        }
    }

    /// `codegen_validate_keywords`: `f(a=1, a=2)` is "keyword argument repeated: a", at the
    /// second one.
    fn keywords(&mut self, keywords: &[Keyword]) {
        for (index, keyword) in keywords.iter().enumerate() {
            let Some(name) = &keyword.arg else { continue };
            let repeat = keywords[index + 1..]
                .iter()
                .find(|other| other.arg.as_ref() == Some(name));
            if let Some(repeat) = repeat {
                self.report(&format!("keyword argument repeated: {name}"), repeat.range);
                return;
            }
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
    fn async_constructs_outside_async_functions() {
        assert_eq!(
            first_error("def f():\n    await x\n").as_deref(),
            Some("'await' outside async function 2:5-12")
        );
        assert_eq!(
            first_error("def f():\n    async for i in x:\n        pass\n").as_deref(),
            Some("'async for' outside async function 2:5-13")
        );
        assert_eq!(
            first_error("async def f():\n    await x\n    async with y:\n        pass\n"),
            None
        );
    }

    #[test]
    fn parameters_and_bindings() {
        assert_eq!(
            first_error("def f(a, a):\n    pass\n").as_deref(),
            Some("duplicate argument 'a' in function definition 1:10-11")
        );
        assert_eq!(
            first_error("lambda a, a: 1\n").as_deref(),
            Some("duplicate argument 'a' in function definition 1:11-12")
        );
        assert_eq!(
            first_error("def f(*, a, **a): pass\n").as_deref(),
            Some("duplicate argument 'a' in function definition 1:15-16")
        );
        assert_eq!(
            first_error("def f():\n    from math import *\n").as_deref(),
            Some("import * only allowed at module level 2:22-23")
        );
        assert_eq!(
            first_error("def f(a):\n    global a\n").as_deref(),
            Some("name 'a' is parameter and global 2:5-13")
        );
        assert_eq!(
            first_error("def f(a):\n    nonlocal a\n").as_deref(),
            Some("name 'a' is parameter and nonlocal 2:5-15")
        );
        assert_eq!(
            first_error("def f():\n    nonlocal q\n").as_deref(),
            Some("no binding for nonlocal 'q' found 2:5-15")
        );
        assert_eq!(
            first_error("def f():\n    q = 1\n    def g():\n        nonlocal q\n        q += 1\n"),
            None
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
