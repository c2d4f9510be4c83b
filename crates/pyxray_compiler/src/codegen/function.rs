//! Functions, lambdas and classes: the nested code object, then the function object made
//! from it (defaults, keyword-only defaults, closure cells) and its decorators.
//!
//! CPython: `Python/codegen.c` (`codegen_function`, `codegen_function_body`,
//! `codegen_default_arguments`, `codegen_kwonlydefaults`, `codegen_make_closure`,
//! `codegen_decorators`, `codegen_apply_decorators`, `codegen_lambda`, `codegen_class`,
//! `codegen_class_body`). Annotations and type parameters are not supported yet.

use std::rc::Rc;

use pyxray_bytecode::code::{flags, CodeObject, ConstValue};
use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::*;

use super::{Codegen, Loc, UnitType};
use crate::symtable::Scope;
use crate::CompileError;

/// `MAKE_FUNCTION_*` flags: which `SET_FUNCTION_ATTRIBUTE`s follow `MAKE_FUNCTION`.
pub(crate) mod function_flags {
    pub const DEFAULTS: u32 = 0x01;
    pub const KWDEFAULTS: u32 = 0x02;
    pub const ANNOTATIONS: u32 = 0x04;
    pub const CLOSURE: u32 = 0x08;
    pub const ANNOTATE: u32 = 0x10;
}

impl Codegen<'_> {
    /// `codegen_decorators`: each decorator is evaluated before the function.
    fn decorators(&mut self, decorators: &[Expr]) -> Result<(), CompileError> {
        for decorator in decorators {
            self.visit_expr(decorator)?;
        }
        Ok(())
    }

    /// `codegen_apply_decorators`: innermost first, each called with the function
    /// (`CALL 0` with the function in the `self` slot).
    fn apply_decorators(&mut self, decorators: &[Expr]) {
        for decorator in decorators.iter().rev() {
            let loc = self.loc(decorator.range, decorator.id);
            self.addop(loc, Opcode::Call, 0);
        }
    }

    /// `codegen_default_arguments`: the defaults tuple and keyword-only defaults dict.
    fn default_arguments(&mut self, loc: Loc, args: &Arguments) -> Result<u32, CompileError> {
        let mut funcflags = 0;
        if !args.defaults.is_empty() {
            for default in &args.defaults {
                self.visit_expr(default)?;
            }
            self.addop(loc, Opcode::BuildTuple, args.defaults.len() as u32);
            funcflags |= function_flags::DEFAULTS;
        }
        let mut count = 0;
        for (arg, default) in args.kwonlyargs.iter().zip(&args.kw_defaults) {
            if let Some(default) = default {
                let name = self.mangle(&arg.arg);
                self.load_const(loc, ConstValue::Str(name));
                self.visit_expr(default)?;
                count += 1;
            }
        }
        if count > 0 {
            self.addop(loc, Opcode::BuildMap, count);
            funcflags |= function_flags::KWDEFAULTS;
        }
        Ok(funcflags)
    }

    /// Parameter counts and `co_flags` of a function-like unit.
    fn set_arguments(&mut self, args: &Arguments) {
        self.unit.argcount = (args.posonlyargs.len() + args.args.len()) as u32;
        self.unit.posonlyargcount = args.posonlyargs.len() as u32;
        self.unit.kwonlyargcount = args.kwonlyargs.len() as u32;
        self.unit.flags |= self.function_flags();
    }

    /// `compute_code_flags` for a function-like unit.
    pub(crate) fn function_flags(&self) -> u32 {
        let entry = self.ste();
        let mut f = flags::OPTIMIZED | flags::NEWLOCALS;
        if entry.nested {
            f |= flags::NESTED;
        }
        if entry.is_generator && entry.is_coroutine {
            f |= flags::ASYNC_GENERATOR;
        } else if entry.is_generator {
            f |= flags::GENERATOR;
        } else if entry.is_coroutine {
            f |= flags::COROUTINE;
        }
        if entry.has_varargs {
            f |= flags::VARARGS;
        }
        if entry.has_varkeywords {
            f |= flags::VARKEYWORDS;
        }
        f
    }

    /// `codegen_make_closure`: `MAKE_FUNCTION` with the closure tuple and attributes.
    pub(crate) fn make_closure(&mut self, loc: Loc, code: Rc<CodeObject>, mut funcflags: u32) {
        let free = code.freevars();
        if !free.is_empty() {
            for name in &free {
                let index = self.closure_index(name);
                self.addop(loc, Opcode::LoadClosure, index);
            }
            self.addop(loc, Opcode::BuildTuple, free.len() as u32);
            funcflags |= function_flags::CLOSURE;
        }
        self.load_const(loc, ConstValue::Code(code));
        self.addop(loc, Opcode::MakeFunction, 0);
        for flag in [
            function_flags::CLOSURE,
            function_flags::ANNOTATIONS,
            function_flags::ANNOTATE,
            function_flags::KWDEFAULTS,
            function_flags::DEFAULTS,
        ] {
            if funcflags & flag != 0 {
                self.addop(loc, Opcode::SetFunctionAttribute, flag);
            }
        }
    }

    /// The cell or free variable of the current unit that a closure captures (`get_ref_type`).
    fn closure_index(&mut self, name: &str) -> u32 {
        self.deref_index(name)
    }

    /// `codegen_function` + `codegen_function_body`.
    pub(crate) fn function_def(
        &mut self,
        stmt: &Stmt,
        def: &FunctionDef,
        is_async: bool,
    ) -> Result<(), CompileError> {
        if !def.type_params.is_empty() {
            return Err(self.unsupported("type parameters", stmt.range));
        }
        let has_annotations = def.returns.is_some()
            || def
                .args
                .posonlyargs
                .iter()
                .chain(&def.args.args)
                .chain(&def.args.kwonlyargs)
                .chain(def.args.vararg.as_deref())
                .chain(def.args.kwarg.as_deref())
                .any(|a| a.annotation.is_some());
        let loc = self.loc(stmt.range, stmt.id);
        self.decorators(&def.decorator_list)?;
        let firstlineno = match def.decorator_list.first() {
            Some(first) => self.loc(first.range, first.id).location.lineno,
            None => loc.location.lineno,
        }
        .unwrap_or(1);
        let mut funcflags = self.default_arguments(loc, &def.args)?;
        if has_annotations {
            self.annotations(loc, &def.args, def.returns.as_deref())?;
            funcflags |= function_flags::ANNOTATE;
        }

        // The body, in its own unit.
        self.enter_scope(&def.name, UnitType::Function, stmt.id, firstlineno)?;
        let mut body: &[Stmt] = &def.body;
        if let Some(doc) = docstring(body) {
            self.unit.consts.push(ConstValue::Str(clean_doc(doc)));
            self.unit.flags |= flags::HAS_DOCSTRING;
            body = &body[1..];
        }
        self.set_arguments(&def.args);
        if is_async {
            self.unit.flags |= flags::COROUTINE;
        }
        if self
            .stack
            .last()
            .is_some_and(|p| p.unit_type == UnitType::Class)
        {
            self.unit.flags |= flags::METHOD;
        }
        let compiled = self.statements(body);
        if let Err(error) = compiled {
            self.abandon_scope();
            return Err(error);
        }
        self.add_return_at_end();
        let code = self.exit_scope();

        self.make_closure(loc, code, funcflags);
        self.apply_decorators(&def.decorator_list);
        self.nameop(loc, &def.name, ExprContext::Store);
        Ok(())
    }

    /// `codegen_annotations`: the `__annotate__(format)` function that builds the
    /// annotations dict on demand (PEP 649), made into a function object on the stack.
    fn annotations(
        &mut self,
        loc: Loc,
        args: &Arguments,
        returns: Option<&Expr>,
    ) -> Result<(), CompileError> {
        let lineno = loc.location.lineno.unwrap_or(1);
        self.enter_scope("__annotate__", UnitType::Function, args.id, lineno)?;
        self.unit.argcount = 1;
        self.unit.posonlyargcount = 1;
        self.unit.flags |= self.function_flags();
        self.annotations_prologue(loc);
        let compiled = self.annotation_items(loc, args, returns);
        let count = match compiled {
            Ok(count) => count,
            Err(error) => {
                self.abandon_scope();
                return Err(error);
            }
        };
        self.addop(loc, Opcode::BuildMap, count);
        self.addop(loc, Opcode::ReturnValue, 0);
        let code = self.exit_scope();
        self.make_closure(loc, code, 0);
        Ok(())
    }

    /// `codegen_process_deferred_annotations`: a module's or class's `__annotate__`, left on
    /// the stack; false when there are no annotations.
    pub(crate) fn deferred_annotations(&mut self, loc: Loc) -> Result<bool, CompileError> {
        let annotations = std::mem::take(&mut self.unit.deferred_annotations);
        if annotations.is_empty() {
            return Ok(false);
        }
        let Some(block) = self.ste().annotation_block else {
            return Ok(false);
        };
        let is_class = self.unit.unit_type == UnitType::Class;
        let lineno = loc.location.lineno.unwrap_or(1);
        self.enter_block_scope("__annotate__", UnitType::Function, block, lineno);
        self.unit.argcount = 1;
        self.unit.posonlyargcount = 1;
        self.unit.flags |= self.function_flags();
        self.annotations_prologue(loc);
        self.addop(loc, Opcode::BuildMap, 0);
        for item in &annotations {
            let not_set = self.new_label();
            if let Some(index) = item.conditional {
                self.load_const(item.loc, ConstValue::Int(index.into()));
                if is_class {
                    let cell = self.deref_index("__conditional_annotations__");
                    self.addop(item.loc, Opcode::LoadDeref, cell);
                } else {
                    let name = self.name_index("__conditional_annotations__");
                    self.addop(item.loc, Opcode::LoadGlobal, name << 1);
                }
                self.addop(item.loc, Opcode::ContainsOp, 0);
                self.addop_jump(item.loc, Opcode::PopJumpIfFalse, not_set);
            }
            if let Err(error) = self.visit_expr(&item.annotation) {
                self.abandon_scope();
                return Err(error);
            }
            self.addop(item.loc, Opcode::Copy, 2);
            self.load_const(item.loc, ConstValue::Str(item.name.clone()));
            self.addop(loc, Opcode::StoreSubscr, 0);
            self.use_label(not_set);
        }
        self.addop(loc, Opcode::ReturnValue, 0);
        let code = self.exit_scope();
        self.make_closure(loc, code, 0);
        Ok(true)
    }

    /// `codegen_annassign`: the assignment, then, for a simple name in a module or class, the
    /// annotation deferred to `__annotate__` (and its index recorded when it may not run).
    pub(crate) fn annassign(
        &mut self,
        stmt: &Stmt,
        target: &Expr,
        annotation: &Expr,
        value: Option<&Expr>,
        simple: bool,
    ) -> Result<(), CompileError> {
        let loc = self.loc(stmt.range, stmt.id);
        if let Some(value) = value {
            self.visit_expr(value)?;
            self.visit_expr(target)?;
        }
        match &target.kind {
            ExprKind::Name { id, .. } => {
                let scope_type = self.unit.unit_type;
                if simple
                    && matches!(scope_type, UnitType::Module | UnitType::Class)
                    && self.table.future_annotations
                {
                    // `__annotations__[name] = 'annotation'`.
                    let text = self.annotation_text(annotation)?;
                    let annotation_loc = self.loc(annotation.range, annotation.id);
                    self.load_const(annotation_loc, ConstValue::Str(text));
                    let annotations = self.name_index("__annotations__");
                    self.addop(loc, Opcode::LoadName, annotations);
                    let name = self.mangle(id);
                    self.load_const(loc, ConstValue::Str(name));
                    self.addop(loc, Opcode::StoreSubscr, 0);
                } else if simple && matches!(scope_type, UnitType::Module | UnitType::Class) {
                    let conditional = (scope_type == UnitType::Module
                        || self.unit.in_conditional_block > 0)
                        .then_some(self.unit.deferred_annotations.len() as u32);
                    let name = self.mangle(id);
                    self.unit
                        .deferred_annotations
                        .push(super::DeferredAnnotation {
                            name,
                            annotation: annotation.clone(),
                            conditional,
                            loc,
                        });
                    if let Some(index) = conditional {
                        if scope_type == UnitType::Class {
                            let cell = self.deref_index("__conditional_annotations__");
                            self.addop(loc, Opcode::LoadDeref, cell);
                        } else {
                            let name = self.name_index("__conditional_annotations__");
                            self.addop(loc, Opcode::LoadName, name);
                        }
                        self.load_const(loc, ConstValue::Int(index.into()));
                        self.addop(loc, Opcode::SetAdd, 1);
                        self.addop(loc, Opcode::PopTop, 0);
                    }
                }
            }
            ExprKind::Attribute { value: object, .. } if value.is_none() => {
                // `check_ann_expr`: the object is evaluated.
                self.visit_expr(object)?;
                let object_loc = self.loc(object.range, object.id);
                self.addop(object_loc, Opcode::PopTop, 0);
            }
            ExprKind::Subscript {
                value: object,
                slice,
                ..
            } if value.is_none() => {
                self.visit_expr(object)?;
                let object_loc = self.loc(object.range, object.id);
                self.addop(object_loc, Opcode::PopTop, 0);
                self.check_ann_subscr(slice)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// An annotation as the string `from __future__ import annotations` stores.
    fn annotation_text(&self, annotation: &Expr) -> Result<String, CompileError> {
        crate::unparse::expr_as_unicode(annotation)
            .ok_or_else(|| self.unsupported("this annotation as a string", annotation.range))
    }

    /// `check_ann_subscr`: the parts of an annotated subscript target are evaluated.
    fn check_ann_subscr(&mut self, slice: &Expr) -> Result<(), CompileError> {
        match &slice.kind {
            ExprKind::Slice { lower, upper, step } => {
                for part in [lower, upper, step].into_iter().flatten() {
                    self.visit_expr(part)?;
                    let part_loc = self.loc(part.range, part.id);
                    self.addop(part_loc, Opcode::PopTop, 0);
                }
            }
            ExprKind::Tuple { elts, .. } => {
                for elt in elts {
                    self.check_ann_subscr(elt)?;
                }
            }
            _ => {
                self.visit_expr(slice)?;
                let slice_loc = self.loc(slice.range, slice.id);
                self.addop(slice_loc, Opcode::PopTop, 0);
            }
        }
        Ok(())
    }

    /// `codegen_setup_annotations_scope`'s check: formats past `VALUE_WITH_FAKE_GLOBALS` (2)
    /// raise `NotImplementedError`.
    fn annotations_prologue(&mut self, loc: Loc) {
        const VALUE_WITH_FAKE_GLOBALS: u32 = 2;
        const CONSTANT_NOTIMPLEMENTEDERROR: u32 = 1;
        // `COMPARE_OP` argument of `>`: index 4, mask 4.
        const COMPARE_GT: u32 = (4 << 5) | 4;
        let body = self.new_label();
        self.addop(loc, Opcode::LoadFast, 0);
        self.load_const(loc, ConstValue::Int(VALUE_WITH_FAKE_GLOBALS.into()));
        self.addop(loc, Opcode::CompareOp, COMPARE_GT);
        self.addop_jump(loc, Opcode::PopJumpIfFalse, body);
        self.addop(
            loc,
            Opcode::LoadCommonConstant,
            CONSTANT_NOTIMPLEMENTEDERROR,
        );
        self.addop(loc, Opcode::RaiseVarargs, 1);
        self.use_label(body);
    }

    /// `codegen_annotations_in_scope`: name and value of each annotation, in CPython's order
    /// (positional, positional-only, `*args`, keyword-only, `**kwargs`, return).
    fn annotation_items(
        &mut self,
        loc: Loc,
        args: &Arguments,
        returns: Option<&Expr>,
    ) -> Result<u32, CompileError> {
        let mut count = 0;
        let ordered = args
            .args
            .iter()
            .chain(&args.posonlyargs)
            .chain(args.vararg.as_deref())
            .chain(&args.kwonlyargs)
            .chain(args.kwarg.as_deref());
        for arg in ordered {
            if let Some(annotation) = &arg.annotation {
                self.annotation_item(loc, &arg.arg, annotation)?;
                count += 1;
            }
        }
        if let Some(returns) = returns {
            self.annotation_item(loc, "return", returns)?;
            count += 1;
        }
        Ok(count)
    }

    /// `codegen_argannotation`.
    fn annotation_item(
        &mut self,
        loc: Loc,
        name: &str,
        annotation: &Expr,
    ) -> Result<(), CompileError> {
        let mangled = self.mangle(name);
        self.load_const(loc, ConstValue::Str(mangled));
        if self.table.future_annotations {
            let text = self.annotation_text(annotation)?;
            let annotation_loc = self.loc(annotation.range, annotation.id);
            self.load_const(annotation_loc, ConstValue::Str(text));
            return Ok(());
        }
        if let ExprKind::Starred { value, .. } = &annotation.kind {
            // `*args: *Ts`: the single item of the unpacked value.
            self.visit_expr(value)?;
            self.addop(loc, Opcode::UnpackSequence, 1);
        } else {
            self.visit_expr(annotation)?;
        }
        Ok(())
    }

    /// `_PyCodegen_AddReturnAtEnd` (+ the generator wrapper): `return None` at the end.
    pub(crate) fn add_return_at_end(&mut self) {
        if self.unit.flags & (flags::GENERATOR | flags::COROUTINE | flags::ASYNC_GENERATOR) != 0 {
            self.wrap_in_stopiteration_handler();
        } else {
            self.load_const(Loc::NONE, ConstValue::None);
            self.addop(Loc::NONE, Opcode::ReturnValue, 0);
        }
    }

    /// `codegen_wrap_in_stopiteration_handler`: a generator's body is protected by a handler
    /// that turns a leaking `StopIteration` into `RuntimeError`.
    fn wrap_in_stopiteration_handler(&mut self) {
        let handler = self.new_label();
        let resume = self
            .unit
            .seq
            .instrs
            .iter()
            .position(|i| i.opcode == Opcode::Resume)
            .unwrap_or(0);
        self.unit
            .seq
            .insert(resume, Opcode::SetupCleanup, handler.0, Loc::NONE.location);
        self.load_const(Loc::NONE, ConstValue::None);
        self.addop(Loc::NONE, Opcode::ReturnValue, 0);
        self.use_label(handler);
        const INTRINSIC_STOPITERATION_ERROR: u32 = 3;
        self.addop(
            Loc::NONE,
            Opcode::CallIntrinsic1,
            INTRINSIC_STOPITERATION_ERROR,
        );
        self.addop(Loc::NONE, Opcode::Reraise, 1);
    }

    /// Leaves a unit whose body failed to compile, without assembling it.
    pub(crate) fn abandon_scope(&mut self) {
        if let Some(parent) = self.stack.pop() {
            self.unit = parent;
        }
    }

    /// `codegen_lambda`.
    pub(crate) fn lambda(
        &mut self,
        expr: &Expr,
        args: &Arguments,
        body: &Expr,
    ) -> Result<(), CompileError> {
        let loc = self.loc(expr.range, expr.id);
        let funcflags = self.default_arguments(loc, args)?;
        let firstlineno = loc.location.lineno.unwrap_or(1);
        self.enter_scope("<lambda>", UnitType::Lambda, expr.id, firstlineno)?;
        self.set_arguments(args);
        // The unit's first constant: lambdas have no docstring (`co_consts[0]` is not None).
        let compiled = self.visit_expr(body);
        if let Err(error) = compiled {
            self.abandon_scope();
            return Err(error);
        }
        if self.unit.flags & flags::GENERATOR != 0 {
            // A generator lambda returns its body's value; it gets no StopIteration wrapper.
            self.addop(Loc::NONE, Opcode::ReturnValue, 0);
        } else {
            let body_loc = self.loc(body.range, body.id);
            self.addop(body_loc, Opcode::ReturnValue, 0);
        }
        let code = self.exit_scope();
        self.make_closure(loc, code, funcflags);
        Ok(())
    }

    /// `codegen_class` + `codegen_class_body`.
    pub(crate) fn class_def(&mut self, stmt: &Stmt, class: &ClassDef) -> Result<(), CompileError> {
        if !class.type_params.is_empty() {
            return Err(self.unsupported("type parameters", stmt.range));
        }
        let loc = self.loc(stmt.range, stmt.id);
        self.decorators(&class.decorator_list)?;
        let firstlineno = match class.decorator_list.first() {
            Some(first) => self.loc(first.range, first.id).location.lineno,
            None => loc.location.lineno,
        }
        .unwrap_or(1);

        self.enter_scope(&class.name, UnitType::Class, stmt.id, firstlineno)?;
        // The body's prologue and epilogue sit on the class's first line (a decorator's).
        let body_loc = Loc {
            location: pyxray_bytecode::code::Location {
                lineno: Some(firstlineno),
                end_lineno: Some(firstlineno),
                col_offset: Some(0),
                end_col_offset: Some(0),
            },
            link: loc.link,
        };
        let compiled = self.class_body(body_loc, class, firstlineno);
        if let Err(error) = compiled {
            self.abandon_scope();
            return Err(error);
        }
        let code = self.exit_scope();

        self.addop(loc, Opcode::LoadBuildClass, 0);
        self.addop(loc, Opcode::PushNull, 0);
        self.make_closure(loc, code, 0);
        self.load_const(loc, ConstValue::Str(class.name.clone()));
        self.call_helper(loc, 2, &class.bases, &class.keywords)?;
        self.apply_decorators(&class.decorator_list);
        self.nameop(loc, &class.name, ExprContext::Store);
        Ok(())
    }

    fn class_body(
        &mut self,
        loc: Loc,
        class: &ClassDef,
        firstlineno: u32,
    ) -> Result<(), CompileError> {
        self.nameop(loc, "__name__", ExprContext::Load);
        self.nameop(loc, "__module__", ExprContext::Store);
        let qualname = self.unit.qualname.clone();
        self.load_const(loc, ConstValue::Str(qualname));
        self.nameop(loc, "__qualname__", ExprContext::Store);
        self.load_const(loc, ConstValue::Int(firstlineno.into()));
        self.nameop(loc, "__firstlineno__", ExprContext::Store);
        let entry = self.ste();
        if entry.needs_classdict {
            self.addop(loc, Opcode::LoadLocals, 0);
            let index = self.deref_index("__classdict__");
            self.addop(loc, Opcode::StoreDeref, index);
        }
        if entry.has_conditional_annotations && !self.table.future_annotations {
            self.addop(loc, Opcode::BuildSet, 0);
            let index = self.deref_index("__conditional_annotations__");
            self.addop(loc, Opcode::StoreDeref, index);
        }
        if entry.annotations_used && self.table.future_annotations {
            self.addop(loc, Opcode::SetupAnnotations, 0);
        }
        self.body(&class.body)?;
        if self.deferred_annotations(loc)? {
            self.nameop(loc, "__annotate_func__", ExprContext::Store);
        }
        let mut attributes = std::mem::take(&mut self.unit.static_attributes);
        attributes.sort();
        attributes.dedup();
        self.load_const(
            Loc::NONE,
            ConstValue::Tuple(attributes.into_iter().map(ConstValue::Str).collect()),
        );
        self.nameop(Loc::NONE, "__static_attributes__", ExprContext::Store);
        if entry.needs_classdict {
            let index = self.deref_index("__classdict__");
            self.addop(Loc::NONE, Opcode::LoadClosure, index);
            self.nameop(Loc::NONE, "__classdictcell__", ExprContext::Store);
        }
        if entry.needs_class_closure {
            let index = self.deref_index("__class__");
            self.addop(Loc::NONE, Opcode::LoadClosure, index);
            self.addop(Loc::NONE, Opcode::Copy, 1);
            self.nameop(Loc::NONE, "__classcell__", ExprContext::Store);
        } else {
            self.load_const(Loc::NONE, ConstValue::None);
        }
        self.addop(Loc::NONE, Opcode::ReturnValue, 0);
        Ok(())
    }

    /// `_PyCompile_MaybeAddStaticAttributeToClass`: `self.x = …` in any unit inside a class
    /// records `x` in the nearest class's `__static_attributes__`.
    pub(crate) fn maybe_add_static_attribute(&mut self, value: &Expr, attr: &str) {
        let ExprKind::Name { id, .. } = &value.kind else {
            return;
        };
        if id != "self" {
            return;
        }
        if let Some(class) = self
            .stack
            .iter_mut()
            .rev()
            .find(|u| u.unit_type == UnitType::Class)
        {
            class.static_attributes.push(attr.to_string());
        }
    }

    /// Whether `name` is a cell or free variable here (for closures of nested units).
    #[allow(dead_code)]
    pub(crate) fn is_deref(&self, name: &str) -> bool {
        matches!(self.ste().scope_of(name), Some(Scope::Cell | Scope::Free))
    }
}

/// `_PyAST_GetDocString`: the first statement, when it is a string constant.
pub(crate) fn docstring(body: &[Stmt]) -> Option<&str> {
    let first = body.first()?;
    let StmtKind::Expr { value } = &first.kind else {
        return None;
    };
    match &value.kind {
        ExprKind::Constant {
            value: Constant::Str(doc),
            ..
        } => Some(doc),
        _ => None,
    }
}

/// `str.expandtabs()`: tabs to the next multiple of 8 columns.
fn expand_tabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for ch in text.chars() {
        match ch {
            '\t' => {
                let spaces = 8 - column % 8;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\n' | '\r' => {
                out.push(ch);
                column = 0;
            }
            _ => {
                out.push(ch);
                column += 1;
            }
        }
    }
    out
}

/// `_PyCompile_CleanDoc`: tabs expanded, the first line's leading spaces dropped, and the
/// smallest indentation of the other non-blank lines removed from each of them.
pub(crate) fn clean_doc(doc: &str) -> String {
    let doc = expand_tabs(doc);
    let lines: Vec<&str> = doc.split('\n').collect();
    let margin = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim_start_matches(' ').is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            out.push(line.trim_start_matches(' '));
        } else {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            out.push(&line[spaces.min(margin)..]);
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::clean_doc;

    #[test]
    fn docstrings_lose_common_indentation_only() {
        assert_eq!(
            clean_doc("  Title.\n\n    Body\n      more\n    "),
            "Title.\n\nBody\n  more\n"
        );
        assert_eq!(clean_doc("x\tb"), "x       b");
    }
}
