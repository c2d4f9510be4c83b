//! Statements: assignment, augmented assignment, expression statements.
//!
//! CPython: `Python/codegen.c` (`codegen_visit_stmt`, `codegen_body`, `codegen_augassign`,
//! `codegen_stmt_expr`).

use pyxray_bytecode::code::ConstValue;
use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::*;

use super::{Codegen, FBlock, Loc};
use crate::CompileError;

/// `BINARY_OP` argument of an operator (`NB_ADD` …, `Include/internal/pycore_code.h` order);
/// in-place forms are 13 higher.
pub(crate) fn binary_op_arg(op: Operator) -> u32 {
    match op {
        Operator::Add => 0,
        Operator::BitAnd => 1,
        Operator::FloorDiv => 2,
        Operator::LShift => 3,
        Operator::MatMult => 4,
        Operator::Mult => 5,
        Operator::Mod => 6,
        Operator::BitOr => 7,
        Operator::Pow => 8,
        Operator::RShift => 9,
        Operator::Sub => 10,
        Operator::Div => 11,
        Operator::BitXor => 12,
    }
}

const INPLACE_OFFSET: u32 = 13;

impl Codegen<'_> {
    /// `codegen_body`: a module docstring becomes `__doc__`, then every statement.
    pub(crate) fn body(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        let mut statements = body;
        if let Some(first) = body.first() {
            if let StmtKind::Expr { value } = &first.kind {
                if let ExprKind::Constant {
                    value: Constant::Str(doc),
                    ..
                } = &value.kind
                {
                    let loc = self.loc(first.range, first.id);
                    self.load_const(loc, ConstValue::Str(super::function::clean_doc(doc)));
                    self.nameop(loc, "__doc__", ExprContext::Store);
                    statements = &body[1..];
                }
            }
        }
        for stmt in statements {
            self.visit_stmt(stmt)?;
        }
        Ok(())
    }

    /// `codegen_visit_stmt`; bodies of `if`, loops, `try` and `with` count as conditional for
    /// annotations.
    fn visit_stmt(&mut self, stmt: &Stmt) -> Result<(), CompileError> {
        let conditional = matches!(
            stmt.kind,
            StmtKind::If { .. }
                | StmtKind::For(_)
                | StmtKind::While { .. }
                | StmtKind::Try(_)
                | StmtKind::TryStar(_)
                | StmtKind::With { .. }
                | StmtKind::Match { .. }
        );
        if conditional {
            self.unit.in_conditional_block += 1;
        }
        let result = self.visit_stmt_inner(stmt);
        if conditional {
            self.unit.in_conditional_block -= 1;
        }
        result
    }

    fn visit_stmt_inner(&mut self, stmt: &Stmt) -> Result<(), CompileError> {
        let loc = self.loc(stmt.range, stmt.id);
        match &stmt.kind {
            StmtKind::Assign { targets, value } => {
                self.visit_expr(value)?;
                for (i, target) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.addop(loc, Opcode::Copy, 1);
                    }
                    self.visit_expr(target)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => {
                self.augassign(stmt, target, *op, value)?
            }
            StmtKind::Expr { value } => {
                if let ExprKind::Constant { .. } = value.kind {
                    // A constant statement does nothing (`codegen_stmt_expr`).
                    self.addop(loc, Opcode::Nop, 0);
                } else {
                    self.visit_expr(value)?;
                    self.addop(Loc::NONE, Opcode::PopTop, 0);
                }
            }
            StmtKind::Pass => self.addop(loc, Opcode::Nop, 0),
            StmtKind::If { test, body, orelse } => self.if_statement(test, body, orelse)?,
            StmtKind::While { test, body, orelse } => self.while_statement(test, body, orelse)?,
            StmtKind::For(for_loop) => self.for_statement(for_loop)?,
            StmtKind::FunctionDef(def) => self.function_def(stmt, def, false)?,
            StmtKind::AsyncFunctionDef(def) => self.function_def(stmt, def, true)?,
            StmtKind::ClassDef(class) => self.class_def(stmt, class)?,
            StmtKind::Return { value } => {
                if !self.ste().is_function_like() {
                    return Err(self.unsupported("'return' outside function", stmt.range));
                }
                self.return_statement(stmt, value.as_deref())?
            }
            StmtKind::Delete { targets } => {
                for target in targets {
                    self.visit_expr(target)?;
                }
            }
            StmtKind::Raise { exc, cause } => {
                let mut count = 0;
                if let Some(exc) = exc {
                    self.visit_expr(exc)?;
                    count += 1;
                    if let Some(cause) = cause {
                        self.visit_expr(cause)?;
                        count += 1;
                    }
                }
                self.addop(loc, Opcode::RaiseVarargs, count);
            }
            StmtKind::Assert { test, msg } => {
                // `codegen_assert`.
                const CONSTANT_ASSERTIONERROR: u32 = 0;
                let end = self.new_label();
                self.jump_if(test, end, true)?;
                self.addop(loc, Opcode::LoadCommonConstant, CONSTANT_ASSERTIONERROR);
                if let Some(msg) = msg {
                    self.visit_expr(msg)?;
                    self.addop(loc, Opcode::Call, 0);
                }
                let test_loc = self.loc(test.range, test.id);
                self.addop(test_loc, Opcode::RaiseVarargs, 1);
                self.use_label(end);
            }
            StmtKind::Import { names } => self.import(loc, names),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.import_from(loc, module.as_deref(), names, *level),
            StmtKind::Global { .. } | StmtKind::Nonlocal { .. } => {}
            StmtKind::Try(t) => {
                if t.finalbody.is_empty() {
                    self.try_except(stmt, t)?
                } else {
                    self.try_finally(stmt, t)?
                }
            }
            StmtKind::TryStar(t) => {
                if t.finalbody.is_empty() {
                    self.try_star_except(stmt, t)?
                } else {
                    self.try_finally(stmt, t)?
                }
            }
            StmtKind::With { items, body } => self.with_statement(stmt, items, body, 0)?,
            StmtKind::AsyncWith { items, body } => self.async_with_statement(items, body, 0)?,
            StmtKind::AsyncFor(for_loop) => self.async_for_statement(stmt, for_loop)?,
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.annassign(stmt, target, annotation, value.as_deref(), *simple)?,
            StmtKind::Match { subject, cases } => self.match_statement(subject, cases)?,
            StmtKind::Break => self.break_statement(loc, stmt)?,
            StmtKind::Continue => self.continue_statement(loc, stmt)?,
            other => {
                let construct = match other {
                    StmtKind::TypeAlias { .. } => "'type' aliases",
                    _ => "this statement",
                };
                return Err(self.unsupported(construct, stmt.range));
            }
        }
        Ok(())
    }

    /// `codegen_if`: test, jump over the body when false, `else` body after an unconditional jump.
    fn if_statement(
        &mut self,
        test: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Result<(), CompileError> {
        let end = self.new_label();
        let next = if orelse.is_empty() {
            end
        } else {
            self.new_label()
        };
        self.jump_if(test, next, false)?;
        self.statements(body)?;
        if !orelse.is_empty() {
            self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, end);
            self.use_label(next);
            self.statements(orelse)?;
        }
        self.use_label(end);
        Ok(())
    }

    /// `codegen_while`: test at the top, body, jump back; `break` leaves past the `else`.
    fn while_statement(
        &mut self,
        test: &Expr,
        body: &[Stmt],
        orelse: &[Stmt],
    ) -> Result<(), CompileError> {
        let start = self.new_label();
        let exit = self.new_label();
        let anchor = self.new_label();
        self.use_label(start);
        self.unit.fblocks.push(FBlock::WhileLoop { start, exit });
        self.jump_if(test, anchor, false)?;
        let compiled = self.statements(body);
        self.unit.fblocks.pop();
        compiled?;
        self.addop_jump(Loc::NONE, Opcode::Jump, start);
        self.use_label(anchor);
        self.statements(orelse)?;
        self.use_label(exit);
        Ok(())
    }

    /// `codegen_for`: `GET_ITER`, then `FOR_ITER` takes the next item or leaves for the cleanup
    /// (`END_FOR`, `POP_ITER`) when the iterator is exhausted.
    fn for_statement(&mut self, for_loop: &For) -> Result<(), CompileError> {
        let start = self.new_label();
        let cleanup = self.new_label();
        let exit = self.new_label();
        self.visit_expr(&for_loop.iter)?;
        let iter_loc = self.loc(for_loop.iter.range, for_loop.iter.id);
        self.addop(iter_loc, Opcode::GetIter, 0);
        self.use_label(start);
        self.addop_jump(iter_loc, Opcode::ForIter, cleanup);
        // A NOP on the target's line, removed later when redundant.
        let target_loc = self.loc(for_loop.target.range, for_loop.target.id);
        self.addop(target_loc, Opcode::Nop, 0);
        self.visit_expr(&for_loop.target)?;
        self.unit.fblocks.push(FBlock::ForLoop { start, exit });
        let compiled = self.statements(&for_loop.body);
        self.unit.fblocks.pop();
        compiled?;
        self.addop_jump(Loc::NONE, Opcode::Jump, start);
        self.use_label(cleanup);
        self.addop(Loc::NONE, Opcode::EndFor, 0);
        self.addop(Loc::NONE, Opcode::PopIter, 0);
        self.statements(&for_loop.orelse)?;
        self.use_label(exit);
        Ok(())
    }

    pub(crate) fn statements(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for stmt in body {
            self.visit_stmt(stmt)?;
        }
        Ok(())
    }

    /// `codegen_import`: `IMPORT_NAME`, then the top package (or, with `as`, the submodule
    /// reached through `IMPORT_FROM`) is bound.
    fn import(&mut self, loc: Loc, names: &[Alias]) {
        for alias in names {
            self.load_const(loc, ConstValue::Int(0.into()));
            self.load_const(loc, ConstValue::None);
            let index = self.name_index(&alias.name);
            self.addop(loc, Opcode::ImportName, index);
            match &alias.asname {
                Some(asname) => {
                    let parts: Vec<&str> = alias.name.split('.').collect();
                    if parts.len() > 1 {
                        for (i, part) in parts[1..].iter().enumerate() {
                            let index = self.name_index(part);
                            self.addop(loc, Opcode::ImportFrom, index);
                            if i + 2 < parts.len() {
                                self.addop(loc, Opcode::Swap, 2);
                                self.addop(loc, Opcode::PopTop, 0);
                            }
                        }
                        self.nameop(loc, asname, ExprContext::Store);
                        self.addop(loc, Opcode::PopTop, 0);
                    } else {
                        self.nameop(loc, asname, ExprContext::Store);
                    }
                }
                None => {
                    let top = alias.name.split('.').next().unwrap_or(&alias.name);
                    self.nameop(loc, top, ExprContext::Store);
                }
            }
        }
    }

    /// `codegen_from_import`: the level and names tuple, `IMPORT_NAME`, one `IMPORT_FROM` per
    /// name (or `import *`'s intrinsic).
    fn import_from(&mut self, loc: Loc, module: Option<&str>, names: &[Alias], level: u32) {
        self.load_const(loc, ConstValue::Int(level.into()));
        let tuple = names
            .iter()
            .map(|a| ConstValue::Str(a.name.clone()))
            .collect();
        self.load_const(loc, ConstValue::Tuple(tuple));
        let index = self.name_index(module.unwrap_or(""));
        self.addop(loc, Opcode::ImportName, index);
        for (i, alias) in names.iter().enumerate() {
            if i == 0 && alias.name.starts_with('*') {
                const INTRINSIC_IMPORT_STAR: u32 = 2;
                self.addop(loc, Opcode::CallIntrinsic1, INTRINSIC_IMPORT_STAR);
                self.addop(Loc::NONE, Opcode::PopTop, 0);
                return;
            }
            let index = self.name_index(&alias.name);
            self.addop(loc, Opcode::ImportFrom, index);
            let store = alias.asname.as_deref().unwrap_or(&alias.name);
            self.nameop(loc, store, ExprContext::Store);
        }
        self.addop(loc, Opcode::PopTop, 0);
    }

    /// `codegen_augassign`: load the target, compute, store back.
    fn augassign(
        &mut self,
        stmt: &Stmt,
        target: &Expr,
        op: Operator,
        value: &Expr,
    ) -> Result<(), CompileError> {
        let target_loc = self.loc(target.range, target.id);
        let loc = self.loc(stmt.range, stmt.id);
        match &target.kind {
            ExprKind::Name { id, .. } => {
                self.nameop(target_loc, id, ExprContext::Load);
                self.visit_expr(value)?;
                self.addop(loc, Opcode::BinaryOp, binary_op_arg(op) + INPLACE_OFFSET);
                self.nameop(target_loc, id, ExprContext::Store);
            }
            ExprKind::Attribute {
                value: object,
                attr,
                ..
            } => {
                self.visit_expr(object)?;
                self.addop(loc, Opcode::Copy, 1);
                let name = self.mangle(attr);
                let index = self.name_index(&name);
                self.addop(target_loc, Opcode::LoadAttr, index << 1);
                self.visit_expr(value)?;
                self.addop(loc, Opcode::BinaryOp, binary_op_arg(op) + INPLACE_OFFSET);
                self.addop(target_loc, Opcode::Swap, 2);
                self.addop(target_loc, Opcode::StoreAttr, index);
            }
            ExprKind::Subscript {
                value: object,
                slice,
                ..
            } => {
                self.visit_expr(object)?;
                self.visit_expr(slice)?;
                self.addop(loc, Opcode::Copy, 2);
                self.addop(loc, Opcode::Copy, 2);
                self.addop(target_loc, Opcode::BinaryOp, 26);
                self.visit_expr(value)?;
                self.addop(loc, Opcode::BinaryOp, binary_op_arg(op) + INPLACE_OFFSET);
                self.addop(target_loc, Opcode::Swap, 3);
                self.addop(target_loc, Opcode::Swap, 2);
                self.addop(target_loc, Opcode::StoreSubscr, 0);
            }
            _ => return Err(self.unsupported("this augmented assignment", target.range)),
        }
        Ok(())
    }
}
