//! The symbol table: one block per scope (module, class, function, lambda, comprehension), the
//! names each block uses and binds, and, after analysis, where each name lives: a fast local,
//! a cell, a free variable, a global or a name looked up at run time.
//!
//! CPython: `Python/symtable.c` (`_PySymtable_Build`, `symtable_visit_stmt`,
//! `symtable_visit_expr`, `symtable_handle_comprehension`, `analyze_block`, `analyze_name`,
//! `analyze_cells`, `drop_class_free`, `inline_comprehension`). The compile-time errors the table
//! finds are reported by `validate`, which runs first. pyxray does not build annotation or
//! type-parameter scopes yet: the code generator reports those constructs as not supported.

use std::collections::{HashMap, HashSet};

use pyxray_parser::ast::*;

/// Index of a block in `SymbolTable::blocks`.
pub type BlockId = usize;

/// `_Py_block_ty`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockType {
    Module,
    Class,
    /// Functions, lambdas and comprehensions.
    Function,
}

/// `DEF_*` flags: how a block uses a name.
pub mod def {
    pub const GLOBAL: u32 = 1;
    pub const LOCAL: u32 = 2;
    pub const PARAM: u32 = 4;
    pub const NONLOCAL: u32 = 8;
    pub const USE: u32 = 16;
    pub const FREE_CLASS: u32 = 32;
    pub const IMPORT: u32 = 64;
    /// `DEF_BOUND`: any binding.
    pub const BOUND: u32 = LOCAL | PARAM | IMPORT;
}

/// Where a name lives, after analysis (`SCOPE_OFF` bits of a symbol).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

/// One name in a block.
#[derive(Clone, Debug)]
pub struct Symbol {
    pub name: String,
    pub flags: u32,
    pub scope: Option<Scope>,
}

/// One block (`PySTEntryObject`).
#[derive(Clone, Debug)]
pub struct SymbolTableEntry {
    pub kind: BlockType,
    pub name: String,
    pub parent: Option<BlockId>,
    pub children: Vec<BlockId>,
    pub symbols: Vec<Symbol>,
    index: HashMap<String, usize>,
    /// Parameters, in order (`ste_varnames`).
    pub varnames: Vec<String>,
    pub is_lambda: bool,
    pub is_comprehension: bool,
    /// A list, set or dict comprehension compiled inline in its parent (PEP 709).
    pub comp_inlined: bool,
    pub is_generator: bool,
    pub is_coroutine: bool,
    /// A function defined inside another function (`ste_nested`).
    pub nested: bool,
    pub has_varargs: bool,
    pub has_varkeywords: bool,
    /// The class needs a `__class__` cell: a method uses `super` or `__class__`.
    pub needs_class_closure: bool,
    /// The class needs a `__classdict__` cell: a method or annotation scope may read it.
    pub needs_classdict: bool,
    /// The nearest enclosing class name, for private-name mangling (`ste_mangled_names` aside).
    pub class_name: Option<String>,
    /// An annotation scope directly inside a class: reads names from the class namespace
    /// first (`ste_can_see_class_scope`).
    pub can_see_class_scope: bool,
    /// A module or class with annotations that may not run (`__conditional_annotations__`).
    pub has_conditional_annotations: bool,
    /// The module or class has variable annotations (`ste_annotations_used`).
    pub annotations_used: bool,
    /// The annotation scope of a module's or class's variable annotations.
    pub annotation_block: Option<BlockId>,
    /// How many `if`/loop/`try`/`with`/`match` bodies enclose the statement being visited.
    in_conditional_block: u32,
}

impl SymbolTableEntry {
    fn new(kind: BlockType, name: &str, parent: Option<BlockId>) -> Self {
        SymbolTableEntry {
            kind,
            name: name.to_string(),
            parent,
            children: Vec::new(),
            symbols: Vec::new(),
            index: HashMap::new(),
            varnames: Vec::new(),
            is_lambda: false,
            is_comprehension: false,
            comp_inlined: false,
            is_generator: false,
            is_coroutine: false,
            nested: false,
            has_varargs: false,
            has_varkeywords: false,
            needs_class_closure: false,
            needs_classdict: false,
            class_name: None,
            can_see_class_scope: false,
            has_conditional_annotations: false,
            annotations_used: false,
            annotation_block: None,
            in_conditional_block: 0,
        }
    }

    /// `_PyST_IsFunctionLike`.
    pub fn is_function_like(&self) -> bool {
        self.kind == BlockType::Function
    }

    pub fn symbol(&self, name: &str) -> Option<&Symbol> {
        self.index.get(name).map(|&i| &self.symbols[i])
    }

    /// `_PyST_GetScope`: `None` for a name the block never mentions.
    pub fn scope_of(&self, name: &str) -> Option<Scope> {
        self.symbol(name).and_then(|s| s.scope)
    }

    pub fn flags_of(&self, name: &str) -> u32 {
        self.symbol(name).map_or(0, |s| s.flags)
    }

    fn add_flags(&mut self, name: &str, flags: u32) {
        match self.index.get(name) {
            Some(&i) => self.symbols[i].flags |= flags,
            None => {
                self.index.insert(name.to_string(), self.symbols.len());
                self.symbols.push(Symbol {
                    name: name.to_string(),
                    flags,
                    scope: None,
                });
            }
        }
    }

    fn set_scope(&mut self, name: &str, scope: Scope) {
        if let Some(&i) = self.index.get(name) {
            self.symbols[i].scope = Some(scope);
        }
    }

    /// Names of the given scope, sorted as `dictbytype` sorts them (`co_cellvars`, `co_freevars`).
    pub fn names_with_scope(&self, scope: Scope) -> Vec<String> {
        let mut names: Vec<String> = self
            .symbols
            .iter()
            .filter(|s| s.scope == Some(scope))
            .map(|s| s.name.clone())
            .collect();
        names.sort();
        names
    }
}

/// The whole table: blocks, and the block each scope-creating AST node opened.
#[derive(Clone, Debug, Default)]
pub struct SymbolTable {
    pub blocks: Vec<SymbolTableEntry>,
    by_node: HashMap<NodeId, BlockId>,
    /// `from __future__ import annotations`: annotations are stored as strings.
    pub future_annotations: bool,
}

/// Whether the module starts with `from __future__ import annotations` (after its docstring
/// and other future imports).
pub fn has_future_annotations(module: &Module) -> bool {
    let mut body = module.body.as_slice();
    if let Some(first) = body.first() {
        if let StmtKind::Expr { value } = &first.kind {
            if matches!(
                value.kind,
                ExprKind::Constant {
                    value: Constant::Str(_),
                    ..
                }
            ) {
                body = &body[1..];
            }
        }
    }
    for stmt in body {
        match &stmt.kind {
            StmtKind::ImportFrom {
                module: Some(name),
                names,
                ..
            } if name == "__future__" => {
                if names.iter().any(|a| a.name == "annotations") {
                    return true;
                }
            }
            _ => return false,
        }
    }
    false
}

impl SymbolTable {
    pub const MODULE: BlockId = 0;

    /// `_PySymtable_Lookup`: the block a def, class, lambda or comprehension node opened.
    pub fn lookup(&self, node: NodeId) -> Option<BlockId> {
        self.by_node.get(&node).copied()
    }

    pub fn entry(&self, id: BlockId) -> &SymbolTableEntry {
        &self.blocks[id]
    }
}

/// `_Py_Mangle`: `__spam` inside `class Ham` becomes `_Ham__spam`.
pub fn mangle(class_name: Option<&str>, name: &str) -> String {
    let Some(class_name) = class_name else {
        return name.to_string();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.to_string();
    }
    let stripped = class_name.trim_start_matches('_');
    if stripped.is_empty() {
        return name.to_string();
    }
    format!("_{stripped}{name}")
}

/// `_PySymtable_Build`: visits the module, then resolves every name's scope.
pub fn build(module: &Module) -> SymbolTable {
    let mut builder = Builder {
        table: SymbolTable::default(),
        current: 0,
    };
    builder
        .table
        .blocks
        .push(SymbolTableEntry::new(BlockType::Module, "top", None));
    builder.table.future_annotations = has_future_annotations(module);
    builder.statements(&module.body);
    let mut table = builder.table;
    let mut free = HashSet::new();
    analyze_block(
        &mut table,
        SymbolTable::MODULE,
        None,
        &mut free,
        &HashSet::new(),
    );
    table
}

struct Builder {
    table: SymbolTable,
    current: BlockId,
}

impl Builder {
    fn cur(&mut self) -> &mut SymbolTableEntry {
        &mut self.table.blocks[self.current]
    }

    /// `symtable_add_def`, with private names mangled.
    fn add_def(&mut self, name: &str, flags: u32) {
        let mangled = mangle(self.cur().class_name.as_deref(), name);
        self.cur().add_flags(&mangled, flags);
    }

    /// `symtable_enter_block`.
    fn enter(&mut self, kind: BlockType, name: &str, node: NodeId) {
        let parent = self.current;
        let mut entry = SymbolTableEntry::new(kind, name, Some(parent));
        let parent_entry = &self.table.blocks[parent];
        entry.nested = parent_entry.is_function_like() || parent_entry.nested;
        entry.class_name = if parent_entry.kind == BlockType::Class {
            Some(parent_entry.name.clone())
        } else {
            parent_entry.class_name.clone()
        };
        let id = self.table.blocks.len();
        self.table.blocks.push(entry);
        self.table.blocks[parent].children.push(id);
        self.table.by_node.insert(node, id);
        self.current = id;
    }

    fn leave(&mut self) {
        self.current = self.table.blocks[self.current].parent.unwrap_or(0);
    }

    fn statements(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.statement(stmt);
        }
    }

    fn exprs(&mut self, exprs: &[Expr]) {
        for e in exprs {
            self.expr(e);
        }
    }

    /// `symtable_visit_params` and the defaults, which belong to the enclosing block.
    fn defaults(&mut self, args: &Arguments) {
        self.exprs(&args.defaults);
        for default in args.kw_defaults.iter().flatten() {
            self.expr(default);
        }
    }

    fn parameters(&mut self, args: &Arguments) {
        let add = |b: &mut Builder, arg: &Arg| {
            b.add_def(&arg.arg, def::PARAM);
            let mangled = mangle(b.cur().class_name.as_deref(), &arg.arg);
            b.cur().varnames.push(mangled);
        };
        for arg in args.posonlyargs.iter().chain(&args.args) {
            add(self, arg);
        }
        for arg in &args.kwonlyargs {
            add(self, arg);
        }
        if let Some(arg) = &args.vararg {
            add(self, arg);
            self.cur().has_varargs = true;
        }
        if let Some(arg) = &args.kwarg {
            add(self, arg);
            self.cur().has_varkeywords = true;
        }
    }

    /// Annotations are evaluated lazily (PEP 649), in an annotation scope of their own: a
    /// function `__annotate__(format)` keyed by the `arguments` node.
    fn annotations(&mut self, args: &Arguments, returns: Option<&Expr>) {
        let any = returns.is_some()
            || args
                .posonlyargs
                .iter()
                .chain(&args.args)
                .chain(&args.kwonlyargs)
                .chain(args.vararg.as_deref())
                .chain(args.kwarg.as_deref())
                .any(|a| a.annotation.is_some());
        if !any {
            return;
        }
        let in_class = self.cur().kind == BlockType::Class;
        let future = self.table.future_annotations;
        self.enter(BlockType::Function, "__annotate__", args.id);
        self.cur().add_flags("format", def::PARAM);
        self.cur().varnames.push("format".to_string());
        if future {
            // Stored as strings: nothing is looked up.
            self.leave();
            return;
        }
        if in_class {
            self.cur().can_see_class_scope = true;
            self.cur().add_flags("__classdict__", def::USE);
        }
        let all = args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
            .chain(args.vararg.as_deref())
            .chain(args.kwarg.as_deref());
        for arg in all {
            if let Some(annotation) = &arg.annotation {
                self.expr(annotation);
            }
        }
        if let Some(returns) = returns {
            self.expr(returns);
        }
        self.leave();
    }

    fn statement(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::FunctionDef(def) | StmtKind::AsyncFunctionDef(def) => {
                self.add_def(&def.name, def::LOCAL);
                self.defaults(&def.args);
                self.exprs(&def.decorator_list);
                self.annotations(&def.args, def.returns.as_deref());
                if self.cur().kind == BlockType::Class && !self.table.future_annotations {
                    self.cur().needs_classdict = true;
                }
                self.enter(BlockType::Function, &def.name, stmt.id);
                if matches!(stmt.kind, StmtKind::AsyncFunctionDef(_)) {
                    self.cur().is_coroutine = true;
                }
                self.parameters(&def.args);
                self.statements(&def.body);
                self.leave();
            }
            StmtKind::ClassDef(class) => {
                self.add_def(&class.name, def::LOCAL);
                self.exprs(&class.bases);
                for keyword in &class.keywords {
                    self.expr(&keyword.value);
                }
                self.exprs(&class.decorator_list);
                self.enter(BlockType::Class, &class.name, stmt.id);
                self.statements(&class.body);
                self.leave();
            }
            StmtKind::Global { names } => {
                for name in names {
                    self.add_def(name, def::GLOBAL);
                    // `st_global`: the module's own entry for the name is marked too.
                    let mangled = mangle(self.cur().class_name.as_deref(), name);
                    self.table.blocks[SymbolTable::MODULE].add_flags(&mangled, def::GLOBAL);
                }
            }
            StmtKind::Nonlocal { names } => {
                for name in names {
                    self.add_def(name, def::NONLOCAL);
                }
            }
            StmtKind::Import { names } | StmtKind::ImportFrom { names, .. } => {
                for alias in names {
                    if alias.name == "*" {
                        continue;
                    }
                    let bound = match &alias.asname {
                        Some(asname) => asname.as_str(),
                        None => alias.name.split('.').next().unwrap_or(&alias.name),
                    };
                    self.add_def(bound, def::IMPORT);
                }
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                if let ExprKind::Name { id, .. } = &target.kind {
                    self.add_def(id, def::LOCAL);
                } else {
                    self.expr(target);
                }
                let kind = self.cur().kind;
                if *simple && kind != BlockType::Function {
                    self.module_or_class_annotation(annotation);
                }
                if let Some(value) = value {
                    self.expr(value);
                }
            }
            StmtKind::Try(t) | StmtKind::TryStar(t) => {
                self.cur().in_conditional_block += 1;
                self.statements(&t.body);
                for handler in &t.handlers {
                    if let Some(type_) = &handler.type_ {
                        self.expr(type_);
                    }
                    if let Some(name) = &handler.name {
                        self.add_def(name, def::LOCAL);
                    }
                    self.statements(&handler.body);
                }
                self.statements(&t.orelse);
                self.statements(&t.finalbody);
                self.cur().in_conditional_block -= 1;
            }
            StmtKind::If { .. }
            | StmtKind::For(_)
            | StmtKind::AsyncFor(_)
            | StmtKind::While { .. }
            | StmtKind::With { .. }
            | StmtKind::AsyncWith { .. }
            | StmtKind::Match { .. } => {
                self.cur().in_conditional_block += 1;
                self.children(NodeRef::Stmt(stmt));
                self.cur().in_conditional_block -= 1;
            }
            _ => self.children(NodeRef::Stmt(stmt)),
        }
    }

    /// A module's or class's variable annotation: evaluated later in the block's annotation
    /// scope (created on first use), which a class's scope can see into.
    fn module_or_class_annotation(&mut self, annotation: &Expr) {
        let owner = self.current;
        let is_class = self.cur().kind == BlockType::Class;
        self.cur().annotations_used = true;
        if !is_class || self.cur().in_conditional_block > 0 {
            self.cur().has_conditional_annotations = true;
        }
        if self.table.future_annotations {
            return;
        }
        let block = match self.table.blocks[owner].annotation_block {
            Some(block) => block,
            None => {
                let mut entry =
                    SymbolTableEntry::new(BlockType::Function, "__annotate__", Some(owner));
                entry.nested = self.table.blocks[owner].nested;
                entry.class_name = if is_class {
                    Some(self.table.blocks[owner].name.clone())
                } else {
                    self.table.blocks[owner].class_name.clone()
                };
                entry.add_flags("format", def::PARAM);
                entry.varnames.push("format".to_string());
                entry.can_see_class_scope = is_class;
                if is_class {
                    entry.add_flags("__classdict__", def::USE);
                }
                let id = self.table.blocks.len();
                self.table.blocks.push(entry);
                self.table.blocks[owner].children.push(id);
                self.table.blocks[owner].annotation_block = Some(id);
                id
            }
        };
        if self.table.blocks[owner].has_conditional_annotations {
            self.table.blocks[block].add_flags("__conditional_annotations__", def::USE);
        }
        self.current = block;
        self.expr(annotation);
        self.current = owner;
    }

    /// Visits every child node in field order (the generic part of `symtable_visit_*`).
    fn children(&mut self, node: NodeRef<'_>) {
        let (_, fields) = node.fields();
        for (_, field) in fields {
            self.field(field);
        }
    }

    fn field(&mut self, field: Field<'_>) {
        match field {
            Field::Node(NodeRef::Stmt(s)) => self.statement(s),
            Field::Node(NodeRef::Expr(e)) => self.expr(e),
            Field::Node(NodeRef::ExceptHandler(h)) => {
                if let Some(name) = &h.name {
                    self.add_def(name, def::LOCAL);
                }
                self.children(NodeRef::ExceptHandler(h));
            }
            Field::Node(NodeRef::Pattern(p)) => {
                match &p.kind {
                    PatternKind::MatchStar { name: Some(name) }
                    | PatternKind::MatchAs {
                        name: Some(name), ..
                    } => self.add_def(name, def::LOCAL),
                    PatternKind::MatchMapping {
                        rest: Some(name), ..
                    } => self.add_def(name, def::LOCAL),
                    _ => {}
                }
                self.children(NodeRef::Pattern(p));
            }
            Field::Node(other) => self.children(other),
            Field::List(items) => {
                for item in items {
                    self.field(item);
                }
            }
            _ => {}
        }
    }

    fn expr(&mut self, expr: &Expr) {
        match &expr.kind {
            ExprKind::Name { id, ctx } => {
                let flags = if *ctx == ExprContext::Load {
                    def::USE
                } else {
                    def::LOCAL
                };
                self.add_def(id, flags);
                // `super()` reads `__class__` implicitly.
                if *ctx == ExprContext::Load && self.cur().is_function_like() && id == "super" {
                    self.add_def("__class__", def::USE);
                }
                if *ctx == ExprContext::Load && id == "__class__" {
                    self.add_def("__class__", def::USE);
                }
            }
            // The deepest nestings the parser allows (`not not … x`, `1 + 1 + …`) are walked
            // without the generic field list, to keep stack frames small.
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::BoolOp { values, .. } => self.exprs(values),
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left);
                self.exprs(comparators);
            }
            ExprKind::Constant { .. } => {}
            ExprKind::Lambda { args, body } => {
                self.defaults(args);
                self.enter(BlockType::Function, "lambda", expr.id);
                self.cur().is_lambda = true;
                self.parameters(args);
                self.expr(body);
                self.leave();
            }
            ExprKind::ListComp { elt, generators } | ExprKind::SetComp { elt, generators } => {
                self.comprehension(expr, generators, elt, None, true);
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(expr, generators, elt, None, false);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(expr, generators, key, Some(value), true),
            ExprKind::NamedExpr { target, value } => {
                self.expr(value);
                if let ExprKind::Name { id, .. } = &target.kind {
                    self.named_expr_target(id);
                } else {
                    self.expr(target);
                }
            }
            ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => {
                self.cur().is_generator = true;
                self.children(NodeRef::Expr(expr));
            }
            ExprKind::Await { .. } => {
                self.cur().is_coroutine = true;
                self.children(NodeRef::Expr(expr));
            }
            _ => self.children(NodeRef::Expr(expr)),
        }
    }

    /// `symtable_extend_namedexpr_scope`: a walrus inside a comprehension binds in the
    /// nearest enclosing block that is not a comprehension: the comprehension declares the
    /// name nonlocal there (global at module level) and also binds it.
    fn named_expr_target(&mut self, name: &str) {
        if !self.cur().is_comprehension {
            self.add_def(name, def::LOCAL);
            return;
        }
        let mut id = self.current;
        while self.table.blocks[id].is_comprehension {
            match self.table.blocks[id].parent {
                Some(parent) => id = parent,
                None => break,
            }
        }
        let enclosing = &self.table.blocks[id];
        if enclosing.kind == BlockType::Module {
            self.add_def(name, def::GLOBAL | def::LOCAL);
            self.table.blocks[id].add_flags(name, def::GLOBAL);
        } else {
            let declared = if enclosing.flags_of(name) & def::GLOBAL != 0 {
                def::GLOBAL
            } else {
                def::NONLOCAL
            };
            self.add_def(name, declared | def::LOCAL);
            self.table.blocks[id].add_flags(name, def::LOCAL);
        }
    }

    /// `symtable_handle_comprehension`: the first iterable belongs to the enclosing block;
    /// the rest runs in a new function-like block whose only parameter is `.0`.
    fn comprehension(
        &mut self,
        expr: &Expr,
        generators: &[Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
        inlined: bool,
    ) {
        let Some((outermost, rest)) = generators.split_first() else {
            return;
        };
        self.expr(&outermost.iter);
        let name = match &expr.kind {
            ExprKind::ListComp { .. } => "listcomp",
            ExprKind::SetComp { .. } => "setcomp",
            ExprKind::DictComp { .. } => "dictcomp",
            _ => "genexpr",
        };
        self.enter(BlockType::Function, name, expr.id);
        self.cur().is_comprehension = true;
        self.cur().comp_inlined = inlined;
        if !inlined {
            self.cur().is_generator = true;
        }
        if outermost.is_async {
            self.cur().is_coroutine = true;
        }
        self.cur().add_flags(".0", def::PARAM);
        self.cur().varnames.push(".0".to_string());
        self.expr(&outermost.target);
        self.exprs(&outermost.ifs);
        for generator in rest {
            self.expr(&generator.target);
            self.expr(&generator.iter);
            self.exprs(&generator.ifs);
        }
        if let Some(value) = value {
            self.expr(value);
        }
        self.expr(elt);
        self.leave();
    }
}

/// `analyze_block`: resolves the scope of every name in `id` and its children; adds the
/// block's free variables to `free`. `bound` holds the names bound by enclosing function
/// blocks; `global` the names declared global above.
fn analyze_block(
    table: &mut SymbolTable,
    id: BlockId,
    bound: Option<&HashSet<String>>,
    free: &mut HashSet<String>,
    global: &HashSet<String>,
) {
    let kind = table.blocks[id].kind;
    let mut local: HashSet<String> = HashSet::new();
    let mut global = global.clone();
    let mut bound_here: HashSet<String> = bound.cloned().unwrap_or_default();
    let mut own_free: HashSet<String> = HashSet::new();

    // `analyze_name` for each symbol.
    let symbols: Vec<(String, u32)> = table.blocks[id]
        .symbols
        .iter()
        .map(|s| (s.name.clone(), s.flags))
        .collect();
    for (name, flags) in &symbols {
        let scope = if flags & def::GLOBAL != 0 {
            global.insert(name.clone());
            bound_here.remove(name);
            Scope::GlobalExplicit
        } else if flags & def::NONLOCAL != 0 {
            own_free.insert(name.clone());
            Scope::Free
        } else if flags & def::BOUND != 0 {
            local.insert(name.clone());
            global.remove(name);
            Scope::Local
        } else if bound.is_some_and(|b| b.contains(name)) {
            own_free.insert(name.clone());
            Scope::Free
        } else {
            Scope::GlobalImplicit
        };
        table.blocks[id].set_scope(name, scope);
    }

    // What the children see.
    let mut new_bound: HashSet<String> = bound.cloned().unwrap_or_default();
    if kind == BlockType::Function {
        new_bound.extend(local.iter().cloned());
    }
    for name in &global {
        if kind != BlockType::Class {
            new_bound.remove(name);
        }
    }
    if kind == BlockType::Class {
        new_bound.insert("__class__".to_string());
        new_bound.insert("__classdict__".to_string());
        new_bound.insert("__conditional_annotations__".to_string());
    }
    let mut child_free: HashSet<String> = HashSet::new();
    let children = table.blocks[id].children.clone();
    for child in children {
        let mut free_of_child = HashSet::new();
        let child_bound = if kind == BlockType::Module {
            None
        } else {
            Some(&new_bound)
        };
        analyze_block(table, child, child_bound, &mut free_of_child, &global);
        if table.blocks[child].comp_inlined {
            inline_comprehension(table, id, child, &mut free_of_child);
        }
        child_free.extend(free_of_child);
    }

    match kind {
        BlockType::Function => {
            // `analyze_cells`: a local that a child reads becomes a cell.
            let mut to_remove = Vec::new();
            for name in &child_free {
                if table.blocks[id].scope_of(name) == Some(Scope::Local) {
                    table.blocks[id].set_scope(name, Scope::Cell);
                    to_remove.push(name.clone());
                }
            }
            for name in to_remove {
                child_free.remove(&name);
            }
        }
        BlockType::Class => {
            // `drop_class_free`.
            if child_free.remove("__class__") {
                table.blocks[id].needs_class_closure = true;
            }
            if child_free.remove("__classdict__") {
                table.blocks[id].needs_classdict = true;
            }
            child_free.remove("__conditional_annotations__");
        }
        BlockType::Module => {}
    }

    // `update_symbols`: names free in a child and not bound here pass through as free.
    for name in &child_free {
        let entry = &mut table.blocks[id];
        match entry.symbol(name).map(|s| (s.flags, s.scope)) {
            Some((_, Some(Scope::GlobalExplicit))) => continue,
            Some((flags, _)) if kind == BlockType::Class && flags & def::BOUND != 0 => {
                entry.add_flags(name, def::FREE_CLASS);
            }
            Some((_, Some(Scope::Local | Scope::Cell))) => continue,
            Some(_) => {
                if bound.is_some_and(|b| b.contains(name)) {
                    entry.set_scope(name, Scope::Free);
                }
            }
            None => {
                if bound.is_some_and(|b| b.contains(name)) {
                    entry.add_flags(name, 0);
                    entry.set_scope(name, Scope::Free);
                }
            }
        }
        if bound.is_some_and(|b| b.contains(name)) {
            own_free.insert(name.clone());
        }
    }
    free.extend(own_free);
}

/// `inline_comprehension`: an inlined comprehension's locals join its parent's symbols; its
/// free names stay free unless the parent binds them.
fn inline_comprehension(
    table: &mut SymbolTable,
    parent: BlockId,
    comp: BlockId,
    free: &mut HashSet<String>,
) {
    let symbols = table.blocks[comp].symbols.clone();
    for symbol in symbols {
        if symbol.name == ".0" {
            continue;
        }
        let parent_entry = &mut table.blocks[parent];
        if parent_entry.symbol(&symbol.name).is_none() {
            // A name the parent never mentions is copied with the comprehension's scope.
            parent_entry.add_flags(&symbol.name, symbol.flags);
            if let Some(scope) = symbol.scope {
                parent_entry.set_scope(&symbol.name, scope);
            }
            if matches!(symbol.scope, Some(Scope::Local | Scope::Cell)) {
                free.remove(&symbol.name);
            }
            continue;
        }
        match symbol.scope {
            Some(Scope::Local | Scope::Cell) => {
                if symbol.scope == Some(Scope::Cell)
                    && parent_entry.scope_of(&symbol.name) == Some(Scope::Local)
                {
                    parent_entry.set_scope(&symbol.name, Scope::Cell);
                }
                free.remove(&symbol.name);
            }
            Some(Scope::Free) => {
                if matches!(
                    parent_entry.scope_of(&symbol.name),
                    Some(Scope::Local | Scope::Cell)
                ) {
                    free.remove(&symbol.name);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(source: &str) -> SymbolTable {
        let module = pyxray_parser::parse_module(source).module.expect("parses");
        build(&module)
    }

    fn block_named<'a>(table: &'a SymbolTable, name: &str) -> &'a SymbolTableEntry {
        table
            .blocks
            .iter()
            .find(|b| b.name == name)
            .expect("block exists")
    }

    #[test]
    fn locals_globals_cells_and_frees() {
        let t = table("g = 1\ndef outer(a):\n    b = a\n    def inner():\n        return b + g\n    return inner\n");
        let outer = block_named(&t, "outer");
        assert_eq!(outer.scope_of("a"), Some(Scope::Local));
        assert_eq!(outer.scope_of("b"), Some(Scope::Cell));
        let inner = block_named(&t, "inner");
        assert_eq!(inner.scope_of("b"), Some(Scope::Free));
        assert_eq!(inner.scope_of("g"), Some(Scope::GlobalImplicit));
    }

    #[test]
    fn declarations() {
        let t = table(
            "def f():\n    global x\n    x = 1\n    def g():\n        nonlocal y\n    y = 2\n",
        );
        let f = block_named(&t, "f");
        assert_eq!(f.scope_of("x"), Some(Scope::GlobalExplicit));
        assert_eq!(f.scope_of("y"), Some(Scope::Cell));
        assert_eq!(block_named(&t, "g").scope_of("y"), Some(Scope::Free));
    }

    #[test]
    fn super_needs_a_class_cell() {
        let t = table("class A:\n    def m(self):\n        return super().m()\n");
        let class = block_named(&t, "A");
        assert!(class.needs_class_closure);
        assert!(class.needs_classdict);
        assert_eq!(
            block_named(&t, "m").scope_of("__class__"),
            Some(Scope::Free)
        );
    }

    #[test]
    fn inlined_comprehension_locals_join_the_parent() {
        let t = table("def f(xs):\n    return [x * k for x in xs]\n");
        let f = block_named(&t, "f");
        assert_eq!(f.scope_of("x"), Some(Scope::Local));
        assert_eq!(f.scope_of("k"), Some(Scope::GlobalImplicit));
    }

    #[test]
    fn private_names_are_mangled() {
        assert_eq!(mangle(Some("_Ham"), "__spam"), "_Ham__spam");
        assert_eq!(mangle(Some("Ham"), "__init__"), "__init__");
        assert_eq!(mangle(None, "__spam"), "__spam");
    }
}
