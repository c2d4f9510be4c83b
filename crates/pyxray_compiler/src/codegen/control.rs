//! Leaving blocks early: `break`, `continue` and `return` unwind the enclosing loops, `try`
//! blocks, handlers and `with` blocks (`fblock` stack).
//!
//! CPython: `Python/codegen.c` (`codegen_unwind_fblock`, `codegen_unwind_fblock_stack`,
//! `codegen_break`, `codegen_continue`, `codegen_return`).

use pyxray_bytecode::code::ConstValue;
use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::*;

use super::{const_value, Codegen, FBlock, Loc};
use crate::CompileError;

impl Codegen<'_> {
    /// `codegen_unwind_fblock`: what leaving one block takes. `preserve_tos` keeps a return
    /// value on top of the stack throughout.
    pub(crate) fn unwind_fblock(
        &mut self,
        loc: &mut Loc,
        block: &FBlock,
        preserve_tos: bool,
    ) -> Result<(), CompileError> {
        match block {
            FBlock::WhileLoop { .. } | FBlock::ExceptionHandler => {}
            FBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.addop(*loc, Opcode::Swap, 2);
                }
                self.addop(*loc, Opcode::PopTop, 0);
            }
            FBlock::TryExcept => self.addop(*loc, Opcode::PopBlock, 0),
            FBlock::FinallyTry { body } => {
                // The POP_BLOCK gets the line of the statement that unwinds.
                self.addop(*loc, Opcode::PopBlock, 0);
                if preserve_tos {
                    self.unit.fblocks.push(FBlock::PopValue);
                }
                let compiled = self.statements(body);
                if preserve_tos {
                    self.unit.fblocks.pop();
                }
                compiled?;
                // The finally body appears to run after the unwinding statement.
                *loc = Loc::NONE;
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.addop(*loc, Opcode::Swap, 2);
                }
                self.addop(*loc, Opcode::PopTop, 0);
                if preserve_tos {
                    self.addop(*loc, Opcode::Swap, 2);
                }
                self.addop(*loc, Opcode::PopBlock, 0);
                self.addop(*loc, Opcode::PopExcept, 0);
            }
            FBlock::With { loc: with_loc } | FBlock::AsyncWith { loc: with_loc } => {
                *loc = *with_loc;
                self.addop(*loc, Opcode::PopBlock, 0);
                if preserve_tos {
                    self.addop(*loc, Opcode::Swap, 3);
                    self.addop(*loc, Opcode::Swap, 2);
                }
                self.call_exit_with_nones(*loc);
                if matches!(block, FBlock::AsyncWith { .. }) {
                    self.addop(*loc, Opcode::GetAwaitable, 2);
                    self.load_const(*loc, ConstValue::None);
                    self.add_yield_from(*loc, true);
                }
                self.addop(*loc, Opcode::PopTop, 0);
                *loc = Loc::NONE;
            }
            FBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.addop(*loc, Opcode::PopBlock, 0);
                }
                if preserve_tos {
                    self.addop(*loc, Opcode::Swap, 2);
                }
                self.addop(*loc, Opcode::PopBlock, 0);
                self.addop(*loc, Opcode::PopExcept, 0);
                if let Some(name) = name {
                    self.load_const(*loc, ConstValue::None);
                    self.nameop(*loc, name, ExprContext::Store);
                    self.nameop(*loc, name, ExprContext::Del);
                }
            }
            FBlock::PopValue => {
                if preserve_tos {
                    self.addop(*loc, Opcode::Swap, 2);
                }
                self.addop(*loc, Opcode::PopTop, 0);
            }
        }
        Ok(())
    }

    /// `codegen_unwind_fblock_stack`: unwinds every block, or up to the innermost loop when
    /// `stop_at_loop`; returns that loop.
    pub(crate) fn unwind_fblock_stack(
        &mut self,
        loc: &mut Loc,
        preserve_tos: bool,
        stop_at_loop: bool,
    ) -> Result<Option<FBlock>, CompileError> {
        let Some(top) = self.unit.fblocks.last().cloned() else {
            return Ok(None);
        };
        if stop_at_loop && matches!(top, FBlock::WhileLoop { .. } | FBlock::ForLoop { .. }) {
            return Ok(Some(top));
        }
        self.unit.fblocks.pop();
        let result = self
            .unwind_fblock(loc, &top, preserve_tos)
            .and_then(|()| self.unwind_fblock_stack(loc, preserve_tos, stop_at_loop));
        self.unit.fblocks.push(top);
        result
    }

    /// `codegen_call_exit_with_nones`: `__exit__(None, None, None)`.
    pub(crate) fn call_exit_with_nones(&mut self, loc: Loc) {
        self.load_const(loc, ConstValue::None);
        self.load_const(loc, ConstValue::None);
        self.load_const(loc, ConstValue::None);
        self.addop(loc, Opcode::Call, 3);
    }

    /// `codegen_break`.
    pub(crate) fn break_statement(&mut self, loc: Loc, stmt: &Stmt) -> Result<(), CompileError> {
        let mut loc = loc;
        self.addop(loc, Opcode::Nop, 0);
        let Some(lp) = self.unwind_fblock_stack(&mut loc, false, true)? else {
            return Err(self.unsupported("'break' outside a loop", stmt.range));
        };
        self.unwind_fblock(&mut loc, &lp, false)?;
        if let FBlock::WhileLoop { exit, .. } | FBlock::ForLoop { exit, .. } = lp {
            self.addop_jump(loc, Opcode::Jump, exit);
        }
        Ok(())
    }

    /// `codegen_continue`.
    pub(crate) fn continue_statement(&mut self, loc: Loc, stmt: &Stmt) -> Result<(), CompileError> {
        let mut loc = loc;
        self.addop(loc, Opcode::Nop, 0);
        let Some(lp) = self.unwind_fblock_stack(&mut loc, false, true)? else {
            return Err(self.unsupported("'continue' outside a loop", stmt.range));
        };
        if let FBlock::WhileLoop { start, .. } | FBlock::ForLoop { start, .. } = lp {
            self.addop_jump(loc, Opcode::Jump, start);
        }
        Ok(())
    }

    /// `codegen_return`: the value (unless a constant), unwinding, then `RETURN_VALUE`.
    pub(crate) fn return_statement(
        &mut self,
        stmt: &Stmt,
        value: Option<&Expr>,
    ) -> Result<(), CompileError> {
        let mut loc = self.loc(stmt.range, stmt.id);
        let constant = value.and_then(|v| match &v.kind {
            ExprKind::Constant { value, .. } => Some(const_value(value)),
            _ => None,
        });
        let preserve_tos = value.is_some() && constant.is_none();
        let stmt_line = self.loc(stmt.range, stmt.id).location.lineno;
        if let Some(value) = value {
            if preserve_tos {
                self.visit_expr(value)?;
            } else {
                let value_loc = self.loc(value.range, value.id);
                self.addop(value_loc, Opcode::Nop, 0);
            }
        }
        let value_line = value.map(|v| self.loc(v.range, v.id).location.lineno);
        if value_line.is_none() || value_line != Some(stmt_line) {
            self.addop(loc, Opcode::Nop, 0);
        }
        self.unwind_fblock_stack(&mut loc, preserve_tos, false)?;
        if value.is_none() {
            self.load_const(loc, ConstValue::None);
        } else if let Some(constant) = constant {
            self.load_const(loc, constant);
        }
        self.addop(loc, Opcode::ReturnValue, 0);
        Ok(())
    }
}

impl Codegen<'_> {
    /// `POP_EXCEPT_AND_RERAISE`: restore the previous exception and re-raise.
    fn pop_except_and_reraise(&mut self, loc: Loc) {
        self.addop(loc, Opcode::Copy, 3);
        self.addop(loc, Opcode::PopExcept, 0);
        self.addop(loc, Opcode::Reraise, 1);
    }

    /// `codegen_try_except`: the body under `SETUP_FINALLY`; each handler tests the exception
    /// (`CHECK_EXC_MATCH`) and runs under `SETUP_CLEANUP`; a named one clears its name after.
    pub(crate) fn try_except(&mut self, stmt: &Stmt, t: &Try) -> Result<(), CompileError> {
        let loc = self.loc(stmt.range, stmt.id);
        let body = self.new_label();
        let mut except = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        self.addop_jump(loc, Opcode::SetupFinally, except);
        self.use_label(body);
        self.unit.fblocks.push(FBlock::TryExcept);
        let compiled = self.statements(&t.body);
        self.unit.fblocks.pop();
        compiled?;
        self.addop(Loc::NONE, Opcode::PopBlock, 0);
        self.statements(&t.orelse)?;
        self.addop_jump(Loc::NONE, Opcode::Jump, end);

        self.use_label(except);
        self.addop_jump(Loc::NONE, Opcode::SetupCleanup, cleanup);
        self.addop(Loc::NONE, Opcode::PushExcInfo, 0);
        self.unit.fblocks.push(FBlock::ExceptionHandler);
        let compiled = self.except_handlers(t, end);
        self.unit.fblocks.pop();
        except = compiled?;
        let _ = except;
        self.addop(Loc::NONE, Opcode::Reraise, 0);
        self.use_label(cleanup);
        self.pop_except_and_reraise(Loc::NONE);
        self.use_label(end);
        Ok(())
    }

    /// The `except` clauses of `codegen_try_except`; returns the label after the last one.
    fn except_handlers(
        &mut self,
        t: &Try,
        end: crate::instruction_sequence::Label,
    ) -> Result<crate::instruction_sequence::Label, CompileError> {
        let mut except = self.new_label();
        for handler in &t.handlers {
            let loc = self.loc(handler.range, handler.id);
            let next_except = self.new_label();
            except = next_except;
            if let Some(type_) = &handler.type_ {
                self.visit_expr(type_)?;
                self.addop(loc, Opcode::CheckExcMatch, 0);
                self.addop_jump(loc, Opcode::PopJumpIfFalse, except);
            }
            if let Some(name) = &handler.name {
                let cleanup_end = self.new_label();
                let cleanup_body = self.new_label();
                self.nameop(loc, name, ExprContext::Store);
                self.addop_jump(loc, Opcode::SetupCleanup, cleanup_end);
                self.use_label(cleanup_body);
                self.unit.fblocks.push(FBlock::HandlerCleanup {
                    name: Some(name.clone()),
                });
                let compiled = self.statements(&handler.body);
                self.unit.fblocks.pop();
                compiled?;
                self.addop(Loc::NONE, Opcode::PopBlock, 0);
                self.addop(Loc::NONE, Opcode::PopBlock, 0);
                self.addop(Loc::NONE, Opcode::PopExcept, 0);
                self.load_const(Loc::NONE, ConstValue::None);
                self.nameop(Loc::NONE, name, ExprContext::Store);
                self.nameop(Loc::NONE, name, ExprContext::Del);
                self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, end);
                self.use_label(cleanup_end);
                self.load_const(Loc::NONE, ConstValue::None);
                self.nameop(Loc::NONE, name, ExprContext::Store);
                self.nameop(Loc::NONE, name, ExprContext::Del);
                self.addop(Loc::NONE, Opcode::Reraise, 1);
            } else {
                let cleanup_body = self.new_label();
                self.addop(loc, Opcode::PopTop, 0);
                self.use_label(cleanup_body);
                self.unit
                    .fblocks
                    .push(FBlock::HandlerCleanup { name: None });
                let compiled = self.statements(&handler.body);
                self.unit.fblocks.pop();
                compiled?;
                self.addop(Loc::NONE, Opcode::PopBlock, 0);
                self.addop(Loc::NONE, Opcode::PopExcept, 0);
                self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, end);
            }
            self.use_label(except);
        }
        Ok(except)
    }

    /// `codegen_try_finally`: the `finally` body is compiled twice, once for the normal
    /// path and once for the exceptional one (which re-raises).
    pub(crate) fn try_finally(&mut self, stmt: &Stmt, t: &Try) -> Result<(), CompileError> {
        let loc = self.loc(stmt.range, stmt.id);
        let body = self.new_label();
        let end = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.addop_jump(loc, Opcode::SetupFinally, end);
        self.use_label(body);
        self.unit.fblocks.push(FBlock::FinallyTry {
            body: t.finalbody.clone(),
        });
        let compiled = if t.handlers.is_empty() {
            self.statements(&t.body)
        } else if matches!(stmt.kind, StmtKind::TryStar(_)) {
            self.try_star_except(stmt, t)
        } else {
            self.try_except(stmt, t)
        };
        self.unit.fblocks.pop();
        compiled?;
        self.addop(Loc::NONE, Opcode::PopBlock, 0);
        self.statements(&t.finalbody)?;
        self.addop_jump(Loc::NONE, Opcode::Jump, exit);

        self.use_label(end);
        self.addop_jump(Loc::NONE, Opcode::SetupCleanup, cleanup);
        self.addop(Loc::NONE, Opcode::PushExcInfo, 0);
        self.unit.fblocks.push(FBlock::FinallyEnd);
        let compiled = self.statements(&t.finalbody);
        self.unit.fblocks.pop();
        compiled?;
        self.addop(Loc::NONE, Opcode::Reraise, 0);
        self.use_label(cleanup);
        self.pop_except_and_reraise(Loc::NONE);
        self.use_label(exit);
        Ok(())
    }

    /// `codegen_with_inner`: `__enter__`, the body under `SETUP_WITH`, then `__exit__` with
    /// `None`s, or with the exception (which it may suppress).
    pub(crate) fn with_statement(
        &mut self,
        stmt: &Stmt,
        items: &[WithItem],
        body: &[Stmt],
        position: usize,
    ) -> Result<(), CompileError> {
        const SPECIAL_ENTER: u32 = 0;
        const SPECIAL_EXIT: u32 = 1;
        let Some(item) = items.get(position) else {
            return self.statements(body);
        };
        // Entering and leaving are located at the context expression.
        let _ = stmt;
        let loc = self.loc(item.context_expr.range, item.context_expr.id);
        let block = self.new_label();
        let final_ = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.visit_expr(&item.context_expr)?;
        self.addop(loc, Opcode::Copy, 1);
        self.addop(loc, Opcode::LoadSpecial, SPECIAL_EXIT);
        self.addop(loc, Opcode::Swap, 2);
        self.addop(loc, Opcode::Swap, 3);
        self.addop(loc, Opcode::LoadSpecial, SPECIAL_ENTER);
        self.addop(loc, Opcode::Call, 0);
        self.addop_jump(loc, Opcode::SetupWith, final_);
        self.use_label(block);
        self.unit.fblocks.push(FBlock::With { loc });
        let compiled = (|| {
            match &item.optional_vars {
                Some(target) => self.visit_expr(target)?,
                None => self.addop(loc, Opcode::PopTop, 0),
            }
            self.with_statement(stmt, items, body, position + 1)
        })();
        self.unit.fblocks.pop();
        compiled?;
        self.addop(Loc::NONE, Opcode::PopBlock, 0);
        self.call_exit_with_nones(loc);
        self.addop(loc, Opcode::PopTop, 0);
        self.addop_jump(loc, Opcode::Jump, exit);

        self.use_label(final_);
        self.addop_jump(loc, Opcode::SetupCleanup, cleanup);
        self.addop(loc, Opcode::PushExcInfo, 0);
        self.addop(loc, Opcode::WithExceptStart, 0);
        // `codegen_with_except_finish`.
        let suppress = self.new_label();
        self.addop(Loc::NONE, Opcode::ToBool, 0);
        self.addop_jump(Loc::NONE, Opcode::PopJumpIfTrue, suppress);
        self.addop(Loc::NONE, Opcode::Reraise, 2);
        self.use_label(suppress);
        self.addop(Loc::NONE, Opcode::PopTop, 0);
        self.addop(Loc::NONE, Opcode::PopBlock, 0);
        self.addop(Loc::NONE, Opcode::PopExcept, 0);
        self.addop(Loc::NONE, Opcode::PopTop, 0);
        self.addop(Loc::NONE, Opcode::PopTop, 0);
        self.addop(Loc::NONE, Opcode::PopTop, 0);
        let after = self.new_label();
        self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, after);
        self.use_label(cleanup);
        self.pop_except_and_reraise(Loc::NONE);
        self.use_label(after);
        self.use_label(exit);
        Ok(())
    }
}

impl Codegen<'_> {
    /// `codegen_async_with_inner`: `__aenter__`/`__aexit__`, each awaited.
    pub(crate) fn async_with_statement(
        &mut self,
        items: &[WithItem],
        body: &[Stmt],
        position: usize,
    ) -> Result<(), CompileError> {
        const SPECIAL_AENTER: u32 = 2;
        const SPECIAL_AEXIT: u32 = 3;
        let Some(item) = items.get(position) else {
            return self.statements(body);
        };
        if !self.ste().is_coroutine {
            return Err(self.unsupported("'async with' outside async function", item.range));
        }
        let block = self.new_label();
        let final_ = self.new_label();
        let exit = self.new_label();
        let cleanup = self.new_label();
        self.visit_expr(&item.context_expr)?;
        let loc = self.loc(item.context_expr.range, item.context_expr.id);
        self.addop(loc, Opcode::Copy, 1);
        self.addop(loc, Opcode::LoadSpecial, SPECIAL_AEXIT);
        self.addop(loc, Opcode::Swap, 2);
        self.addop(loc, Opcode::Swap, 3);
        self.addop(loc, Opcode::LoadSpecial, SPECIAL_AENTER);
        self.addop(loc, Opcode::Call, 0);
        self.addop(loc, Opcode::GetAwaitable, 1);
        self.load_const(loc, ConstValue::None);
        self.add_yield_from(loc, true);
        self.addop_jump(loc, Opcode::SetupWith, final_);
        self.use_label(block);
        self.unit.fblocks.push(FBlock::AsyncWith { loc });
        let compiled = (|| {
            match &item.optional_vars {
                Some(target) => self.visit_expr(target)?,
                None => self.addop(loc, Opcode::PopTop, 0),
            }
            self.async_with_statement(items, body, position + 1)
        })();
        self.unit.fblocks.pop();
        compiled?;
        self.addop(loc, Opcode::PopBlock, 0);
        self.call_exit_with_nones(loc);
        self.addop(loc, Opcode::GetAwaitable, 2);
        self.load_const(loc, ConstValue::None);
        self.add_yield_from(loc, true);
        self.addop(loc, Opcode::PopTop, 0);
        self.addop_jump(loc, Opcode::Jump, exit);

        self.use_label(final_);
        self.addop_jump(loc, Opcode::SetupCleanup, cleanup);
        self.addop(loc, Opcode::PushExcInfo, 0);
        self.addop(loc, Opcode::WithExceptStart, 0);
        self.addop(loc, Opcode::GetAwaitable, 2);
        self.load_const(loc, ConstValue::None);
        self.add_yield_from(loc, true);
        self.with_except_finish(cleanup);
        self.use_label(exit);
        Ok(())
    }

    /// `codegen_with_except_finish`: `__exit__`'s result decides whether the exception is
    /// suppressed.
    fn with_except_finish(&mut self, cleanup: crate::instruction_sequence::Label) {
        let suppress = self.new_label();
        self.addop(Loc::NONE, Opcode::ToBool, 0);
        self.addop_jump(Loc::NONE, Opcode::PopJumpIfTrue, suppress);
        self.addop(Loc::NONE, Opcode::Reraise, 2);
        self.use_label(suppress);
        self.addop(Loc::NONE, Opcode::PopTop, 0);
        self.addop(Loc::NONE, Opcode::PopBlock, 0);
        self.addop(Loc::NONE, Opcode::PopExcept, 0);
        self.addop(Loc::NONE, Opcode::PopTop, 0);
        self.addop(Loc::NONE, Opcode::PopTop, 0);
        self.addop(Loc::NONE, Opcode::PopTop, 0);
        let after = self.new_label();
        self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, after);
        self.use_label(cleanup);
        self.pop_except_and_reraise(Loc::NONE);
        self.use_label(after);
    }

    /// `codegen_async_for`: `GET_AITER`, then each item awaited from `GET_ANEXT` under a
    /// handler that ends the loop on `StopAsyncIteration` (`END_ASYNC_FOR`).
    pub(crate) fn async_for_statement(
        &mut self,
        stmt: &Stmt,
        for_loop: &For,
    ) -> Result<(), CompileError> {
        if !self.ste().is_coroutine {
            return Err(self.unsupported("'async for' outside async function", stmt.range));
        }
        let loc = self.loc(stmt.range, stmt.id);
        let start = self.new_label();
        let mut send = start;
        let except = self.new_label();
        let end = self.new_label();
        self.visit_expr(&for_loop.iter)?;
        let iter_loc = self.loc(for_loop.iter.range, for_loop.iter.id);
        self.addop(iter_loc, Opcode::GetAiter, 0);
        self.use_label(start);
        self.unit.fblocks.push(FBlock::ForLoop { start, exit: end });
        let compiled = (|| {
            self.addop_jump(loc, Opcode::SetupFinally, except);
            self.addop(loc, Opcode::GetAnext, 0);
            self.load_const(loc, ConstValue::None);
            // END_ASYNC_FOR names the END_SEND of this await as its target.
            send = self.add_yield_from(loc, true);
            self.addop(loc, Opcode::PopBlock, 0);
            self.addop(loc, Opcode::NotTaken, 0);
            self.visit_expr(&for_loop.target)?;
            self.statements(&for_loop.body)?;
            self.addop_jump(Loc::NONE, Opcode::Jump, start);
            Ok(())
        })();
        self.unit.fblocks.pop();
        compiled?;
        self.use_label(except);
        self.addop_jump(iter_loc, Opcode::EndAsyncFor, send);
        self.statements(&for_loop.orelse)?;
        self.use_label(end);
        Ok(())
    }
}

impl Codegen<'_> {
    /// `codegen_try_star_except`: every `except*` clause splits the exception group
    /// (`CHECK_EG_MATCH`); what the clauses raise is collected in a list, and
    /// `INTRINSIC_PREP_RERAISE_STAR` combines it with the unmatched rest.
    pub(crate) fn try_star_except(&mut self, stmt: &Stmt, t: &Try) -> Result<(), CompileError> {
        const INTRINSIC_PREP_RERAISE_STAR: u32 = 1;
        let loc = self.loc(stmt.range, stmt.id);
        let body = self.new_label();
        let mut except = self.new_label();
        let orelse = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise_star = self.new_label();
        self.addop_jump(loc, Opcode::SetupFinally, except);
        self.use_label(body);
        self.unit.fblocks.push(FBlock::TryExcept);
        let compiled = self.statements(&t.body);
        self.unit.fblocks.pop();
        compiled?;
        self.addop(Loc::NONE, Opcode::PopBlock, 0);
        self.addop_jump(Loc::NONE, Opcode::Jump, orelse);

        self.use_label(except);
        self.addop_jump(Loc::NONE, Opcode::SetupCleanup, cleanup);
        self.addop(Loc::NONE, Opcode::PushExcInfo, 0);
        self.unit.fblocks.push(FBlock::ExceptionHandler);
        let n = t.handlers.len();
        let compiled = (|| {
            for (i, handler) in t.handlers.iter().enumerate() {
                let hloc = self.loc(handler.range, handler.id);
                let next_except = self.new_label();
                except = next_except;
                let except_with_error = self.new_label();
                let no_match = self.new_label();
                if i == 0 {
                    self.addop(hloc, Opcode::BuildList, 0);
                    self.addop(hloc, Opcode::Copy, 2);
                }
                if let Some(type_) = &handler.type_ {
                    self.visit_expr(type_)?;
                    self.addop(hloc, Opcode::CheckEgMatch, 0);
                    self.addop(hloc, Opcode::Copy, 1);
                    self.addop_jump(hloc, Opcode::PopJumpIfNone, no_match);
                }
                let cleanup_end = self.new_label();
                let cleanup_body = self.new_label();
                match &handler.name {
                    Some(name) => self.nameop(hloc, name, ExprContext::Store),
                    None => self.addop(hloc, Opcode::PopTop, 0),
                }
                self.addop_jump(hloc, Opcode::SetupCleanup, cleanup_end);
                self.use_label(cleanup_body);
                self.unit.fblocks.push(FBlock::HandlerCleanup {
                    name: handler.name.clone(),
                });
                let compiled = self.statements(&handler.body);
                self.unit.fblocks.pop();
                compiled?;
                self.addop(Loc::NONE, Opcode::PopBlock, 0);
                if let Some(name) = &handler.name {
                    self.load_const(Loc::NONE, ConstValue::None);
                    self.nameop(Loc::NONE, name, ExprContext::Store);
                    self.nameop(Loc::NONE, name, ExprContext::Del);
                }
                self.addop_jump(Loc::NONE, Opcode::Jump, except);
                self.use_label(cleanup_end);
                if let Some(name) = &handler.name {
                    self.load_const(Loc::NONE, ConstValue::None);
                    self.nameop(Loc::NONE, name, ExprContext::Store);
                    self.nameop(Loc::NONE, name, ExprContext::Del);
                }
                self.addop(Loc::NONE, Opcode::ListAppend, 3);
                self.addop(Loc::NONE, Opcode::PopTop, 0);
                self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, except_with_error);
                self.use_label(except);
                // Holds a propagated location.
                self.addop(Loc::NONE, Opcode::Nop, 0);
                self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, except_with_error);
                self.use_label(no_match);
                self.addop(hloc, Opcode::PopTop, 0);
                self.use_label(except_with_error);
                if i == n - 1 {
                    self.addop(Loc::NONE, Opcode::ListAppend, 1);
                    self.addop_jump(Loc::NONE, Opcode::Jump, reraise_star);
                }
            }
            Ok(())
        })();
        self.unit.fblocks.pop();
        compiled?;
        let reraise = self.new_label();
        self.use_label(reraise_star);
        self.addop(
            Loc::NONE,
            Opcode::CallIntrinsic2,
            INTRINSIC_PREP_RERAISE_STAR,
        );
        self.addop(Loc::NONE, Opcode::Copy, 1);
        self.addop_jump(Loc::NONE, Opcode::PopJumpIfNotNone, reraise);
        self.addop(Loc::NONE, Opcode::PopTop, 0);
        self.addop(Loc::NONE, Opcode::PopBlock, 0);
        self.addop(Loc::NONE, Opcode::PopExcept, 0);
        self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, end);
        self.use_label(reraise);
        self.addop(Loc::NONE, Opcode::PopBlock, 0);
        self.addop(Loc::NONE, Opcode::Swap, 2);
        self.addop(Loc::NONE, Opcode::PopExcept, 0);
        self.addop(Loc::NONE, Opcode::Reraise, 0);
        self.use_label(cleanup);
        self.pop_except_and_reraise(Loc::NONE);
        self.use_label(orelse);
        self.statements(&t.orelse)?;
        self.use_label(end);
        Ok(())
    }
}
