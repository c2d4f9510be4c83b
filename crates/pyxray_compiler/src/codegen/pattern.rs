//! `match` statements: each case's pattern tests a copy of the subject, keeping captured
//! values on the stack until the whole pattern has matched, then binds them; a failed test
//! jumps to a block that pops exactly what is on the stack at that point (`fail_pop`).
//!
//! CPython: `Python/codegen.c` (`codegen_match_inner`, `codegen_pattern`,
//! `codegen_pattern_value`, `_singleton`, `_sequence`, `_mapping`, `_class`, `_as`, `_star`,
//! `_or`, `pattern_helper_store_name`, `pattern_helper_sequence_unpack`,
//! `pattern_helper_sequence_subscr`, `jump_to_fail_pop`, `emit_and_reset_fail_pop`).

use pyxray_bytecode::code::ConstValue;
use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::*;

use super::stmt::binary_op_arg;
use super::{const_value, Codegen, Loc};
use crate::instruction_sequence::{Label, NEXT_LOCATION};
use crate::CompileError;

/// `COMPARE_OP` arguments: `==` and `>=` with their result masks.
const COMPARE_EQ: u32 = (2 << 5) | 8;
const COMPARE_GE: u32 = (5 << 5) | 4 | 8;
/// `BINARY_OP` argument of `[]`.
const NB_SUBSCR: u32 = 26;

/// `pattern_context`.
#[derive(Default)]
struct PatternContext {
    /// Names captured so far, their values kept on the stack in this order.
    stores: Vec<String>,
    allow_irrefutable: bool,
    /// `fail_pop[n]`: pops `n` items, then continues to the next case.
    fail_pop: Vec<Label>,
    /// Items above the captured values that a failure must pop too.
    on_top: usize,
}

/// A negated number, or a real plus or minus an imaginary number, as one constant
/// (`Python/ast_preprocess.c` `fold_const_match_patterns`).
pub(crate) fn folded_pattern_value(value: &Expr) -> Option<ConstValue> {
    let number = |e: &Expr| -> Option<ConstValue> {
        match &e.kind {
            ExprKind::Constant { value, .. } => match value {
                Constant::Int(_) | Constant::Float(_) | Constant::Complex { .. } => {
                    Some(const_value(value))
                }
                _ => None,
            },
            ExprKind::UnaryOp {
                op: UnaryOp::USub,
                operand,
            } => match &operand.kind {
                ExprKind::Constant { value, .. } => {
                    crate::const_eval::unaryop(Opcode::UnaryNegative, &const_value(value))
                }
                _ => None,
            },
            _ => None,
        }
    };
    match &value.kind {
        ExprKind::UnaryOp { .. } => number(value),
        ExprKind::BinOp {
            left,
            op: op @ (Operator::Add | Operator::Sub),
            right,
        } => {
            let (l, r) = (number(left)?, number(right)?);
            crate::const_eval::binop(&l, binary_op_arg(*op), &r)
        }
        _ => None,
    }
}

fn is_wildcard(pattern: &Pattern) -> bool {
    matches!(
        pattern.kind,
        PatternKind::MatchAs {
            pattern: None,
            name: None
        }
    )
}

fn is_wildcard_star(pattern: &Pattern) -> bool {
    matches!(pattern.kind, PatternKind::MatchStar { name: None })
}

impl Codegen<'_> {
    fn ploc(&self, pattern: &Pattern) -> Loc {
        self.loc(pattern.range, pattern.id)
    }

    /// `codegen_match_inner`.
    pub(crate) fn match_statement(
        &mut self,
        subject: &Expr,
        cases: &[MatchCase],
    ) -> Result<(), CompileError> {
        self.visit_expr(subject)?;
        let end = self.new_label();
        let Some(last) = cases.last() else {
            return Ok(());
        };
        let has_default = is_wildcard(&last.pattern) && cases.len() > 1;
        let tested = cases.len() - usize::from(has_default);
        for (i, case) in cases[..tested].iter().enumerate() {
            let ploc = self.ploc(&case.pattern);
            if i != tested - 1 {
                self.addop(ploc, Opcode::Copy, 1);
            }
            let mut pc = PatternContext {
                allow_irrefutable: case.guard.is_some() || i == cases.len() - 1,
                ..PatternContext::default()
            };
            self.pattern(&case.pattern, &mut pc)?;
            for name in std::mem::take(&mut pc.stores) {
                self.nameop(ploc, &name, ExprContext::Store);
            }
            if let Some(guard) = &case.guard {
                self.ensure_fail_pop(&mut pc, 0);
                self.jump_if(guard, pc.fail_pop[0], false)?;
            }
            if i != tested - 1 {
                // Located at whatever comes next, for branch events.
                let next = Loc {
                    location: NEXT_LOCATION,
                    link: None,
                };
                self.addop(next, Opcode::PopTop, 0);
            }
            self.statements(&case.body)?;
            self.addop_jump(Loc::NONE, Opcode::Jump, end);
            self.emit_and_reset_fail_pop(ploc, &mut pc);
        }
        if has_default {
            let ploc = self.ploc(&last.pattern);
            if cases.len() == 1 {
                self.addop(ploc, Opcode::PopTop, 0);
            } else {
                self.addop(ploc, Opcode::Nop, 0);
            }
            if let Some(guard) = &last.guard {
                self.jump_if(guard, end, false)?;
            }
            self.statements(&last.body)?;
        }
        self.use_label(end);
        Ok(())
    }

    fn ensure_fail_pop(&mut self, pc: &mut PatternContext, n: usize) {
        while pc.fail_pop.len() < n + 1 {
            let label = self.new_label();
            pc.fail_pop.push(label);
        }
    }

    /// `jump_to_fail_pop`: pops what is on top and the captures so far.
    fn jump_to_fail_pop(&mut self, loc: Loc, pc: &mut PatternContext, opcode: Opcode) {
        let pops = pc.on_top + pc.stores.len();
        self.ensure_fail_pop(pc, pops);
        self.addop_jump(loc, opcode, pc.fail_pop[pops]);
    }

    /// `emit_and_reset_fail_pop`.
    fn emit_and_reset_fail_pop(&mut self, loc: Loc, pc: &mut PatternContext) {
        let labels = std::mem::take(&mut pc.fail_pop);
        if labels.is_empty() {
            return;
        }
        for label in labels[1..].iter().rev() {
            self.use_label(*label);
            self.addop(loc, Opcode::PopTop, 0);
        }
        self.use_label(labels[0]);
    }

    /// `pattern_helper_rotate`.
    fn rotate(&mut self, loc: Loc, count: usize) {
        let mut count = count;
        while count > 1 {
            self.addop(loc, Opcode::Swap, count as u32);
            count -= 1;
        }
    }

    /// `pattern_helper_store_name`: a capture goes under the items still needed.
    fn store_name(
        &mut self,
        loc: Loc,
        name: Option<&str>,
        pc: &mut PatternContext,
        pattern: &Pattern,
    ) -> Result<(), CompileError> {
        let Some(name) = name else {
            self.addop(loc, Opcode::PopTop, 0);
            return Ok(());
        };
        if pc.stores.iter().any(|s| s == name) {
            return Err(
                self.unsupported("multiple assignments to a name in a pattern", pattern.range)
            );
        }
        let rotations = pc.on_top + pc.stores.len() + 1;
        self.rotate(loc, rotations);
        pc.stores.push(name.to_string());
        Ok(())
    }

    /// `codegen_pattern_subpattern`.
    fn subpattern(
        &mut self,
        pattern: &Pattern,
        pc: &mut PatternContext,
    ) -> Result<(), CompileError> {
        let allow = pc.allow_irrefutable;
        pc.allow_irrefutable = true;
        self.pattern(pattern, pc)?;
        pc.allow_irrefutable = allow;
        Ok(())
    }

    /// `codegen_pattern`.
    fn pattern(&mut self, pattern: &Pattern, pc: &mut PatternContext) -> Result<(), CompileError> {
        let loc = self.ploc(pattern);
        match &pattern.kind {
            PatternKind::MatchValue { value } => {
                // `fold_const_match_patterns`: `-1` and `1+2j` are constants already.
                match folded_pattern_value(value) {
                    Some(constant) => {
                        let value_loc = self.loc(value.range, value.id);
                        self.load_const(value_loc, constant);
                    }
                    None => self.visit_expr(value)?,
                }
                self.addop(loc, Opcode::CompareOp, COMPARE_EQ);
                self.addop(loc, Opcode::ToBool, 0);
                self.jump_to_fail_pop(loc, pc, Opcode::PopJumpIfFalse);
            }
            PatternKind::MatchSingleton { value } => {
                self.load_const(loc, const_value(value));
                self.addop(loc, Opcode::IsOp, 0);
                self.jump_to_fail_pop(loc, pc, Opcode::PopJumpIfFalse);
            }
            PatternKind::MatchSequence { patterns } => self.pattern_sequence(loc, patterns, pc)?,
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            } => self.pattern_mapping(loc, pattern, keys, patterns, rest.as_deref(), pc)?,
            PatternKind::MatchClass {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => {
                self.visit_expr(cls)?;
                let names = kwd_attrs
                    .iter()
                    .map(|a| ConstValue::Str(a.clone()))
                    .collect();
                self.load_const(loc, ConstValue::Tuple(names));
                let nargs = patterns.len();
                let total = nargs + kwd_patterns.len();
                self.addop(loc, Opcode::MatchClass, nargs as u32);
                self.addop(loc, Opcode::Copy, 1);
                self.load_const(loc, ConstValue::None);
                self.addop(loc, Opcode::IsOp, 1);
                pc.on_top += 1;
                self.jump_to_fail_pop(loc, pc, Opcode::PopJumpIfFalse);
                self.addop(loc, Opcode::UnpackSequence, total as u32);
                pc.on_top += total;
                pc.on_top -= 1;
                for sub in patterns.iter().chain(kwd_patterns) {
                    pc.on_top -= 1;
                    if is_wildcard(sub) {
                        self.addop(loc, Opcode::PopTop, 0);
                        continue;
                    }
                    self.subpattern(sub, pc)?;
                }
            }
            PatternKind::MatchStar { name } => {
                self.store_name(loc, name.as_deref(), pc, pattern)?
            }
            PatternKind::MatchAs {
                pattern: inner,
                name,
            } => match inner {
                None => {
                    if !pc.allow_irrefutable {
                        return Err(self.unsupported(
                            "an irrefutable pattern before the last case",
                            pattern.range,
                        ));
                    }
                    self.store_name(loc, name.as_deref(), pc, pattern)?;
                }
                Some(inner) => {
                    pc.on_top += 1;
                    self.addop(loc, Opcode::Copy, 1);
                    self.pattern(inner, pc)?;
                    pc.on_top -= 1;
                    self.store_name(loc, name.as_deref(), pc, pattern)?;
                }
            },
            PatternKind::MatchOr { patterns } => self.pattern_or(loc, pattern, patterns, pc)?,
        }
        Ok(())
    }

    /// `codegen_pattern_sequence`.
    fn pattern_sequence(
        &mut self,
        loc: Loc,
        patterns: &[Pattern],
        pc: &mut PatternContext,
    ) -> Result<(), CompileError> {
        let size = patterns.len();
        let mut star: Option<usize> = None;
        let mut only_wildcard = true;
        let mut star_wildcard = false;
        for (i, p) in patterns.iter().enumerate() {
            if matches!(p.kind, PatternKind::MatchStar { .. }) {
                if star.is_some() {
                    return Err(
                        self.unsupported("multiple starred names in a sequence pattern", p.range)
                    );
                }
                star_wildcard = is_wildcard_star(p);
                only_wildcard &= star_wildcard;
                star = Some(i);
                continue;
            }
            only_wildcard &= is_wildcard(p);
        }
        pc.on_top += 1;
        self.addop(loc, Opcode::MatchSequence, 0);
        self.jump_to_fail_pop(loc, pc, Opcode::PopJumpIfFalse);
        match star {
            None => {
                self.addop(loc, Opcode::GetLen, 0);
                self.load_const(loc, ConstValue::Int(size.into()));
                self.addop(loc, Opcode::CompareOp, COMPARE_EQ);
                self.jump_to_fail_pop(loc, pc, Opcode::PopJumpIfFalse);
            }
            Some(_) if size > 1 => {
                self.addop(loc, Opcode::GetLen, 0);
                self.load_const(loc, ConstValue::Int((size - 1).into()));
                self.addop(loc, Opcode::CompareOp, COMPARE_GE);
                self.jump_to_fail_pop(loc, pc, Opcode::PopJumpIfFalse);
            }
            Some(_) => {}
        }
        pc.on_top -= 1;
        if only_wildcard {
            self.addop(loc, Opcode::PopTop, 0);
        } else if star_wildcard {
            // `pattern_helper_sequence_subscr`: index the items instead of unpacking.
            let star = star.unwrap_or(size);
            pc.on_top += 1;
            for (i, p) in patterns.iter().enumerate() {
                if is_wildcard(p) || i == star {
                    continue;
                }
                self.addop(loc, Opcode::Copy, 1);
                if i < star {
                    self.load_const(loc, ConstValue::Int(i.into()));
                } else {
                    self.addop(loc, Opcode::GetLen, 0);
                    self.load_const(loc, ConstValue::Int((size - i).into()));
                    self.addop(loc, Opcode::BinaryOp, binary_op_arg(Operator::Sub));
                }
                self.addop(loc, Opcode::BinaryOp, NB_SUBSCR);
                self.subpattern(p, pc)?;
            }
            pc.on_top -= 1;
            self.addop(loc, Opcode::PopTop, 0);
        } else {
            // `pattern_helper_sequence_unpack`.
            match star {
                Some(i) => self.addop(loc, Opcode::UnpackEx, (i + ((size - i - 1) << 8)) as u32),
                None => self.addop(loc, Opcode::UnpackSequence, size as u32),
            }
            pc.on_top += size;
            for p in patterns {
                pc.on_top -= 1;
                self.subpattern(p, pc)?;
            }
        }
        Ok(())
    }

    /// `codegen_pattern_mapping`.
    fn pattern_mapping(
        &mut self,
        loc: Loc,
        pattern: &Pattern,
        keys: &[Expr],
        patterns: &[Pattern],
        rest: Option<&str>,
        pc: &mut PatternContext,
    ) -> Result<(), CompileError> {
        let size = keys.len();
        pc.on_top += 1;
        self.addop(loc, Opcode::MatchMapping, 0);
        self.jump_to_fail_pop(loc, pc, Opcode::PopJumpIfFalse);
        if size == 0 && rest.is_none() {
            pc.on_top -= 1;
            self.addop(loc, Opcode::PopTop, 0);
            return Ok(());
        }
        if size > 0 {
            self.addop(loc, Opcode::GetLen, 0);
            self.load_const(loc, ConstValue::Int(size.into()));
            self.addop(loc, Opcode::CompareOp, COMPARE_GE);
            self.jump_to_fail_pop(loc, pc, Opcode::PopJumpIfFalse);
        }
        for key in keys {
            if !matches!(
                key.kind,
                ExprKind::Constant { .. } | ExprKind::Attribute { .. }
            ) {
                return Err(self.unsupported("this mapping pattern key", pattern.range));
            }
            self.visit_expr(key)?;
        }
        self.addop(loc, Opcode::BuildTuple, size as u32);
        self.addop(loc, Opcode::MatchKeys, 0);
        pc.on_top += 2;
        self.addop(loc, Opcode::Copy, 1);
        self.load_const(loc, ConstValue::None);
        self.addop(loc, Opcode::IsOp, 1);
        self.jump_to_fail_pop(loc, pc, Opcode::PopJumpIfFalse);
        self.addop(loc, Opcode::UnpackSequence, size as u32);
        pc.on_top += size;
        pc.on_top -= 1;
        for p in patterns {
            pc.on_top -= 1;
            self.subpattern(p, pc)?;
        }
        pc.on_top -= 2;
        match rest {
            Some(name) => {
                self.addop(loc, Opcode::BuildMap, 0);
                self.addop(loc, Opcode::Swap, 3);
                self.addop(loc, Opcode::DictUpdate, 2);
                self.addop(loc, Opcode::UnpackSequence, size as u32);
                let mut remaining = size;
                while remaining > 0 {
                    self.addop(loc, Opcode::Copy, 1 + remaining as u32);
                    remaining -= 1;
                    self.addop(loc, Opcode::Swap, 2);
                    self.addop(loc, Opcode::DeleteSubscr, 0);
                }
                self.store_name(loc, Some(name), pc, pattern)?;
            }
            None => {
                self.addop(loc, Opcode::PopTop, 0);
                self.addop(loc, Opcode::PopTop, 0);
            }
        }
        Ok(())
    }

    /// `codegen_pattern_or`: each alternative on a copy of the subject; captures reordered
    /// to the first alternative's order.
    fn pattern_or(
        &mut self,
        loc: Loc,
        pattern: &Pattern,
        alternatives: &[Pattern],
        pc: &mut PatternContext,
    ) -> Result<(), CompileError> {
        let end = self.new_label();
        let old_stores = std::mem::take(&mut pc.stores);
        let old_allow = pc.allow_irrefutable;
        let old_fail_pop = std::mem::take(&mut pc.fail_pop);
        let old_on_top = pc.on_top;
        let mut control: Option<Vec<String>> = None;
        for (i, alt) in alternatives.iter().enumerate() {
            let alt_loc = self.ploc(alt);
            pc.stores = Vec::new();
            pc.allow_irrefutable = i == alternatives.len() - 1 && old_allow;
            pc.fail_pop = Vec::new();
            pc.on_top = 0;
            self.addop(alt_loc, Opcode::Copy, 1);
            self.pattern(alt, pc)?;
            match &control {
                None => control = Some(pc.stores.clone()),
                Some(control) => {
                    if control.len() != pc.stores.len() {
                        return Err(self.unsupported(
                            "alternative patterns that bind different names",
                            alt.range,
                        ));
                    }
                    let mut icontrol = control.len();
                    while icontrol > 0 {
                        icontrol -= 1;
                        let name = &control[icontrol];
                        let Some(istores) = pc.stores.iter().position(|s| s == name) else {
                            return Err(self.unsupported(
                                "alternative patterns that bind different names",
                                alt.range,
                            ));
                        };
                        if icontrol != istores {
                            let rotations = istores + 1;
                            let rotated: Vec<String> = pc.stores.drain(..rotations).collect();
                            let at = icontrol - istores;
                            for (k, item) in rotated.into_iter().enumerate() {
                                pc.stores.insert(at + k, item);
                            }
                            for _ in 0..rotations {
                                self.rotate(alt_loc, icontrol + 1);
                            }
                        }
                    }
                }
            }
            self.addop_jump(alt_loc, Opcode::Jump, end);
            self.emit_and_reset_fail_pop(alt_loc, pc);
        }
        pc.stores = old_stores;
        pc.allow_irrefutable = old_allow;
        pc.fail_pop = old_fail_pop;
        pc.on_top = old_on_top;
        self.addop(loc, Opcode::PopTop, 0);
        self.jump_to_fail_pop(loc, pc, Opcode::Jump);
        self.use_label(end);
        let control = control.unwrap_or_default();
        let nrots = control.len() + 1 + pc.on_top + pc.stores.len();
        for name in control {
            self.rotate(loc, nrots);
            if pc.stores.contains(&name) {
                return Err(
                    self.unsupported("multiple assignments to a name in a pattern", pattern.range)
                );
            }
            pc.stores.push(name);
        }
        self.addop(loc, Opcode::PopTop, 0);
        Ok(())
    }
}
