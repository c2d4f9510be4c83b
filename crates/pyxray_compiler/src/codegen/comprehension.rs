//! Comprehensions. List, set and dict comprehensions run inline in the enclosing code (PEP
//! 709): their variables are saved with `LOAD_FAST_AND_CLEAR` and restored afterwards, also
//! when an exception leaves. Generator expressions get their own code object.
//!
//! CPython: `Python/codegen.c` (`codegen_comprehension`, `push_inlined_comprehension_state`,
//! `pop_inlined_comprehension_state`, `restore_inlined_comprehension_locals`,
//! `codegen_sync_comprehension_generator`).

use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::*;

use super::{Codegen, Loc, UnitType};
use crate::symtable::{def, BlockType};
use crate::CompileError;

/// Which comprehension (`COMP_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CompType {
    Generator,
    List,
    Set,
    Dict,
}

impl Codegen<'_> {
    /// `codegen_comprehension`.
    pub(crate) fn comprehension(
        &mut self,
        expr: &Expr,
        kind: CompType,
        generators: &[Comprehension],
        elt: &Expr,
        value: Option<&Expr>,
    ) -> Result<(), CompileError> {
        let loc = self.loc(expr.range, expr.id);
        let Some(outermost) = generators.first() else {
            return Ok(());
        };
        if generators.iter().any(|g| g.is_async) {
            return Err(self.unsupported("asynchronous comprehensions", expr.range));
        }
        let Some(block) = self.table.lookup(expr.id) else {
            return Err(self.unsupported("comprehensions", expr.range));
        };
        let entry = self.table.entry(block);
        if !entry.comp_inlined {
            return self.generator_expression(expr, generators, elt);
        }

        // The outermost iterable is evaluated in the enclosing scope.
        self.visit_expr(&outermost.iter)?;
        let iter_loc = self.loc(outermost.iter.range, outermost.iter.id);
        self.addop(iter_loc, Opcode::GetIter, 0);

        // `push_inlined_comprehension_state`: save the names the comprehension binds.
        let pushed: Vec<(String, bool)> = entry
            .symbols
            .iter()
            .filter(|s| s.flags & def::LOCAL != 0 && s.flags & def::NONLOCAL == 0)
            .map(|s| {
                (
                    s.name.clone(),
                    s.scope == Some(crate::symtable::Scope::Cell),
                )
            })
            .collect();
        let outer_function_like = self.ste().kind == BlockType::Function;
        let mut added_hidden = Vec::new();
        for (name, is_cell) in &pushed {
            if !outer_function_like && self.unit.fasthidden.insert(name.clone()) {
                added_hidden.push(name.clone());
            }
            let index = self.varname_index(name);
            self.addop(loc, Opcode::LoadFastAndClear, index);
            // A variable an inner function captures gets a fresh cell for the comprehension.
            if *is_cell {
                let cell = self.deref_index(name);
                self.addop(loc, Opcode::MakeCell, cell);
            }
        }
        let pushed: Vec<String> = pushed.into_iter().map(|(name, _)| name).collect();
        let cleanup = self.new_label();
        if !pushed.is_empty() {
            self.addop(loc, Opcode::Swap, pushed.len() as u32 + 1);
            self.addop_jump(loc, Opcode::SetupFinally, cleanup);
        }

        let build = match kind {
            CompType::List => Opcode::BuildList,
            CompType::Set => Opcode::BuildSet,
            _ => Opcode::BuildMap,
        };
        self.addop(loc, build, 0);
        self.addop(loc, Opcode::Swap, 2);
        self.unit.inlined_comprehensions.push(block);
        let compiled = self.comprehension_generator(loc, generators, 0, 0, elt, value, kind, true);
        self.unit.inlined_comprehensions.pop();
        for name in added_hidden {
            self.unit.fasthidden.remove(&name);
        }
        compiled?;

        // `pop_inlined_comprehension_state`.
        if !pushed.is_empty() {
            let end = self.new_label();
            self.addop(Loc::NONE, Opcode::PopBlock, 0);
            self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, end);
            self.use_label(cleanup);
            self.addop(Loc::NONE, Opcode::Swap, 2);
            self.addop(Loc::NONE, Opcode::PopTop, 0);
            self.restore_comprehension_locals(loc, &pushed);
            self.addop(Loc::NONE, Opcode::Reraise, 0);
            self.use_label(end);
            self.restore_comprehension_locals(loc, &pushed);
        }
        Ok(())
    }

    /// `restore_inlined_comprehension_locals`.
    fn restore_comprehension_locals(&mut self, loc: Loc, pushed: &[String]) {
        self.addop(loc, Opcode::Swap, pushed.len() as u32 + 1);
        for name in pushed.iter().rev() {
            let index = self.varname_index(name);
            self.addop(loc, Opcode::StoreFastMaybeNull, index);
        }
    }

    /// A generator expression: its own code object, called with the outermost iterator.
    fn generator_expression(
        &mut self,
        expr: &Expr,
        generators: &[Comprehension],
        elt: &Expr,
    ) -> Result<(), CompileError> {
        let loc = self.loc(expr.range, expr.id);
        let Some(outermost) = generators.first() else {
            return Ok(());
        };
        let firstlineno = loc.location.lineno.unwrap_or(1);
        self.enter_scope("<genexpr>", UnitType::Comprehension, expr.id, firstlineno)?;
        self.unit.argcount = 1;
        self.unit.flags |= self.function_flags();
        let compiled = self.comprehension_generator(
            loc,
            generators,
            0,
            0,
            elt,
            None,
            CompType::Generator,
            false,
        );
        if let Err(error) = compiled {
            self.abandon_scope();
            return Err(error);
        }
        self.add_return_at_end();
        let code = self.exit_scope();
        self.make_closure(loc, code, 0);
        self.visit_expr(&outermost.iter)?;
        let iter_loc = self.loc(outermost.iter.range, outermost.iter.id);
        self.addop(iter_loc, Opcode::GetIter, 0);
        self.addop(loc, Opcode::Call, 0);
        Ok(())
    }

    /// `codegen_sync_comprehension_generator`: one `for` clause: its loop, its `if`s, then the
    /// next clause or the element.
    #[allow(clippy::too_many_arguments)]
    fn comprehension_generator(
        &mut self,
        loc: Loc,
        generators: &[Comprehension],
        gen_index: usize,
        depth: u32,
        elt: &Expr,
        value: Option<&Expr>,
        kind: CompType,
        iter_on_stack: bool,
    ) -> Result<(), CompileError> {
        let gen = &generators[gen_index];
        let mut start = Some(self.new_label());
        let if_cleanup = self.new_label();
        let anchor = self.new_label();
        let mut depth = depth;
        if !iter_on_stack {
            if gen_index == 0 {
                self.addop(loc, Opcode::LoadFast, 0);
            } else {
                // `for y in [f(x)]`: a one-item list or tuple is just an assignment.
                let single = match &gen.iter.kind {
                    ExprKind::List { elts, .. } | ExprKind::Tuple { elts, .. }
                        if elts.len() == 1 && !matches!(elts[0].kind, ExprKind::Starred { .. }) =>
                    {
                        Some(&elts[0])
                    }
                    _ => None,
                };
                match single {
                    Some(item) => {
                        self.visit_expr(item)?;
                        start = None;
                    }
                    None => self.visit_expr(&gen.iter)?,
                }
            }
        }
        let iter_loc = self.loc(gen.iter.range, gen.iter.id);
        if let Some(start) = start {
            depth += 1;
            if !iter_on_stack && gen_index > 0 {
                self.addop(iter_loc, Opcode::GetIter, 0);
            }
            self.use_label(start);
            self.addop_jump(iter_loc, Opcode::ForIter, anchor);
        }
        self.visit_expr(&gen.target)?;
        for condition in &gen.ifs {
            self.jump_if(condition, if_cleanup, false)?;
        }
        let mut elt_loc = self.loc(elt.range, elt.id);
        if gen_index + 1 < generators.len() {
            self.comprehension_generator(
                loc,
                generators,
                gen_index + 1,
                depth,
                elt,
                value,
                kind,
                false,
            )?;
        } else {
            match kind {
                CompType::Generator => {
                    self.visit_expr(elt)?;
                    self.addop_yield(elt_loc);
                    self.addop(elt_loc, Opcode::PopTop, 0);
                }
                CompType::List => {
                    self.visit_expr(elt)?;
                    self.addop(elt_loc, Opcode::ListAppend, depth + 1);
                }
                CompType::Set => {
                    self.visit_expr(elt)?;
                    self.addop(elt_loc, Opcode::SetAdd, depth + 1);
                }
                CompType::Dict => {
                    self.visit_expr(elt)?;
                    if let Some(value) = value {
                        self.visit_expr(value)?;
                        let value_loc = self.loc(value.range, value.id);
                        elt_loc.location.end_lineno = value_loc.location.end_lineno;
                        elt_loc.location.end_col_offset = value_loc.location.end_col_offset;
                    }
                    self.addop(elt_loc, Opcode::MapAdd, depth + 1);
                }
            }
        }
        self.use_label(if_cleanup);
        if let Some(start) = start {
            self.addop_jump(elt_loc, Opcode::Jump, start);
            self.use_label(anchor);
            self.addop(Loc::NONE, Opcode::EndFor, 0);
            self.addop(Loc::NONE, Opcode::PopIter, 0);
        }
        Ok(())
    }
}
