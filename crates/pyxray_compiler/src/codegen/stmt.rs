//! Statements: assignment, augmented assignment, expression statements.
//!
//! CPython: `Python/codegen.c` (`codegen_visit_stmt`, `codegen_body`, `codegen_augassign`,
//! `codegen_stmt_expr`).

use pyxray_bytecode::code::ConstValue;
use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::*;

use super::{Codegen, Loc};
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
                    self.load_const(loc, ConstValue::Str(doc.clone()));
                    let index = self.name_index("__doc__");
                    self.addop(loc, Opcode::StoreName, index);
                    statements = &body[1..];
                }
            }
        }
        for stmt in statements {
            self.visit_stmt(stmt)?;
        }
        Ok(())
    }

    /// `codegen_visit_stmt`.
    fn visit_stmt(&mut self, stmt: &Stmt) -> Result<(), CompileError> {
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
            StmtKind::Break | StmtKind::Continue => {
                // The NOP carries the statement's line (`codegen_break`, `codegen_continue`).
                self.addop(loc, Opcode::Nop, 0);
                let Some(labels) = self.loops.last().copied() else {
                    return Err(self.unsupported("'break'/'continue' outside a loop", stmt.range));
                };
                if matches!(stmt.kind, StmtKind::Break) {
                    // `codegen_unwind_fblock`: leaving a `for` loop drops its iterator.
                    if labels.holds_iterator {
                        self.addop(loc, Opcode::PopTop, 0);
                    }
                    self.addop_jump(loc, Opcode::Jump, labels.exit);
                } else {
                    self.addop_jump(loc, Opcode::Jump, labels.start);
                }
            }
            other => {
                let construct = match other {
                    StmtKind::FunctionDef(_) | StmtKind::AsyncFunctionDef(_) => {
                        "function definitions"
                    }
                    StmtKind::ClassDef(_) => "class definitions",
                    StmtKind::Return { .. } => "'return'",
                    StmtKind::Delete { .. } => "'del'",
                    StmtKind::AsyncFor(_) => "'async for' loops",
                    StmtKind::With { .. } | StmtKind::AsyncWith { .. } => "'with' statements",
                    StmtKind::Match { .. } => "'match' statements",
                    StmtKind::Raise { .. } => "'raise'",
                    StmtKind::Try(_) | StmtKind::TryStar(_) => "'try' statements",
                    StmtKind::Assert { .. } => "'assert'",
                    StmtKind::Import { .. } | StmtKind::ImportFrom { .. } => "imports",
                    StmtKind::Global { .. } | StmtKind::Nonlocal { .. } => "'global'/'nonlocal'",
                    StmtKind::AnnAssign { .. } => "annotated assignments",
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
        self.loops.push(super::LoopLabels {
            start,
            exit,
            holds_iterator: false,
        });
        self.jump_if(test, anchor, false)?;
        let compiled = self.statements(body);
        self.loops.pop();
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
        self.loops.push(super::LoopLabels {
            start,
            exit,
            holds_iterator: true,
        });
        let compiled = self.statements(&for_loop.body);
        self.loops.pop();
        compiled?;
        self.addop_jump(Loc::NONE, Opcode::Jump, start);
        self.use_label(cleanup);
        self.addop(Loc::NONE, Opcode::EndFor, 0);
        self.addop(Loc::NONE, Opcode::PopIter, 0);
        self.statements(&for_loop.orelse)?;
        self.use_label(exit);
        Ok(())
    }

    fn statements(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for stmt in body {
            self.visit_stmt(stmt)?;
        }
        Ok(())
    }

    /// `codegen_augassign`: load the target, compute, store back.
    fn augassign(
        &mut self,
        stmt: &Stmt,
        target: &Expr,
        op: Operator,
        value: &Expr,
    ) -> Result<(), CompileError> {
        let ExprKind::Name { id, .. } = &target.kind else {
            return Err(
                self.unsupported("augmented assignment to attributes and items", target.range)
            );
        };
        let target_loc = self.loc(target.range, target.id);
        self.nameop(target_loc, id, ExprContext::Load);
        self.visit_expr(value)?;
        let loc = self.loc(stmt.range, stmt.id);
        self.addop(loc, Opcode::BinaryOp, binary_op_arg(op) + INPLACE_OFFSET);
        self.nameop(target_loc, id, ExprContext::Store);
        Ok(())
    }
}
