//! Expressions: names, constants, operators, comparisons, boolean operators, calls, tuples and lists.
//!
//! CPython: `Python/codegen.c` (`codegen_visit_expr`, `codegen_nameop`, `codegen_boolop`,
//! `codegen_compare`, `codegen_call`, `codegen_call_helper`, `starunpack_helper`).

use pyxray_bytecode::code::ConstValue;
use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::*;

use super::stmt::binary_op_arg;
use super::{const_value, Codegen, Loc};
use crate::instruction_sequence::Label;
use crate::CompileError;

/// `INTRINSIC_UNARY_POSITIVE`, the intrinsic behind unary `+`.
const INTRINSIC_UNARY_POSITIVE: u32 = 5;

/// The conditional jump taken when the popped value is `cond`.
fn pop_jump_if(cond: bool) -> Opcode {
    if cond {
        Opcode::PopJumpIfTrue
    } else {
        Opcode::PopJumpIfFalse
    }
}

/// `COMPARE_OP` argument: the comparison in the high bits, CPython's `compare_masks` below.
fn compare_op_arg(op: CmpOp) -> Option<u32> {
    let (index, mask) = match op {
        CmpOp::Lt => (0, 2),
        CmpOp::LtE => (1, 2 | 8),
        CmpOp::Eq => (2, 8),
        CmpOp::NotEq => (3, 1 | 2 | 4),
        CmpOp::Gt => (4, 4),
        CmpOp::GtE => (5, 4 | 8),
        _ => return None,
    };
    Some((index << 5) | mask)
}

impl Codegen<'_> {
    /// `codegen_visit_expr`.
    pub(crate) fn visit_expr(&mut self, expr: &Expr) -> Result<(), CompileError> {
        let loc = self.loc(expr.range, expr.id);
        match &expr.kind {
            ExprKind::Constant { value, .. } => self.load_const(loc, const_value(value)),
            // `__debug__` is the constant True (no -O).
            ExprKind::Name { id, ctx } if id == "__debug__" && *ctx == ExprContext::Load => {
                self.load_const(loc, ConstValue::Bool(true))
            }
            ExprKind::Name { id, ctx } => self.nameop(loc, id, *ctx),
            ExprKind::BinOp { left, op, right } => {
                if self.maybe_percent_format(loc, left, *op, right)? {
                    return Ok(());
                }
                self.visit_expr(left)?;
                self.visit_expr(right)?;
                self.addop(loc, Opcode::BinaryOp, binary_op_arg(*op));
            }
            ExprKind::UnaryOp { op, operand } => {
                self.visit_expr(operand)?;
                match op {
                    UnaryOp::Not => {
                        self.addop(loc, Opcode::ToBool, 0);
                        self.addop(loc, Opcode::UnaryNot, 0);
                    }
                    UnaryOp::USub => self.addop(loc, Opcode::UnaryNegative, 0),
                    UnaryOp::Invert => self.addop(loc, Opcode::UnaryInvert, 0),
                    UnaryOp::UAdd => {
                        self.addop(loc, Opcode::CallIntrinsic1, INTRINSIC_UNARY_POSITIVE)
                    }
                }
            }
            ExprKind::BoolOp { op, values } => self.boolop(loc, *op, values)?,
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare(loc, left, ops, comparators)?,
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.call(loc, func, args, keywords)?,
            _ => self.visit_expr_rest(expr, loc)?,
        }
        Ok(())
    }

    /// The expression kinds that do not nest deeply, kept out of `visit_expr` so that its
    /// stack frame stays small for `not not … x` and long operator chains.
    #[inline(never)]
    fn visit_expr_rest(&mut self, expr: &Expr, loc: Loc) -> Result<(), CompileError> {
        match &expr.kind {
            ExprKind::Tuple { elts, ctx } | ExprKind::List { elts, ctx } => {
                let build = if matches!(expr.kind, ExprKind::Tuple { .. }) {
                    Opcode::BuildTuple
                } else {
                    Opcode::BuildList
                };
                self.sequence(loc, elts, *ctx, build)?;
            }
            ExprKind::JoinedStr { values } => self.joined_str(loc, expr, values)?,
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                // `codegen_formatted_value`.
                self.visit_expr(value)?;
                let oparg = match u8::try_from(*conversion).map(char::from) {
                    Ok('s') => Some(1),
                    Ok('r') => Some(2),
                    Ok('a') => Some(3),
                    _ => None,
                };
                if let Some(oparg) = oparg {
                    self.addop(loc, Opcode::ConvertValue, oparg);
                }
                match format_spec {
                    Some(spec) => {
                        self.visit_expr(spec)?;
                        self.addop(loc, Opcode::FormatWithSpec, 0);
                    }
                    None => self.addop(loc, Opcode::FormatSimple, 0),
                }
            }
            ExprKind::IfExp { test, body, orelse } => {
                // `codegen_ifexp`.
                let end = self.new_label();
                let next = self.new_label();
                self.jump_if(test, next, false)?;
                self.visit_expr(body)?;
                self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, end);
                self.use_label(next);
                self.visit_expr(orelse)?;
                self.use_label(end);
            }
            ExprKind::Attribute { value, attr, ctx } => self.attribute(expr, value, attr, *ctx)?,
            ExprKind::Subscript { value, slice, ctx } => self.subscript(loc, value, slice, *ctx)?,
            ExprKind::Slice { lower, upper, step } => self.slice(
                loc,
                expr,
                lower.as_deref(),
                upper.as_deref(),
                step.as_deref(),
            )?,
            ExprKind::Dict { keys, values } => self.dict(loc, keys, values)?,
            ExprKind::Set { elts } => self.starunpack_helper(
                loc,
                elts,
                0,
                Opcode::BuildSet,
                Opcode::SetAdd,
                Opcode::SetUpdate,
                false,
            )?,
            ExprKind::Lambda { args, body } => self.lambda(expr, args, body)?,
            ExprKind::NamedExpr { target, value } => {
                self.visit_expr(value)?;
                self.addop(loc, Opcode::Copy, 1);
                self.visit_expr(target)?;
            }
            ExprKind::ListComp { elt, generators } => self.comprehension(
                expr,
                super::comprehension::CompType::List,
                generators,
                elt,
                None,
            )?,
            ExprKind::SetComp { elt, generators } => self.comprehension(
                expr,
                super::comprehension::CompType::Set,
                generators,
                elt,
                None,
            )?,
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(
                expr,
                super::comprehension::CompType::Dict,
                generators,
                key,
                Some(value),
            )?,
            ExprKind::GeneratorExp { elt, generators } => self.comprehension(
                expr,
                super::comprehension::CompType::Generator,
                generators,
                elt,
                None,
            )?,
            ExprKind::TemplateStr { values } => {
                // `codegen_template_str`: the strings between interpolations (an empty one
                // where two interpolations meet), then the interpolations.
                let mut last_was_interpolation = true;
                let mut strings = 0;
                for value in values {
                    if matches!(value.kind, ExprKind::Interpolation { .. }) {
                        if last_was_interpolation {
                            self.load_const(loc, ConstValue::Str(String::new()));
                            strings += 1;
                        }
                        last_was_interpolation = true;
                    } else {
                        self.visit_expr(value)?;
                        strings += 1;
                        last_was_interpolation = false;
                    }
                }
                if last_was_interpolation {
                    self.load_const(loc, ConstValue::Str(String::new()));
                    strings += 1;
                }
                self.addop(loc, Opcode::BuildTuple, strings);
                let mut interpolations = 0;
                for value in values {
                    if matches!(value.kind, ExprKind::Interpolation { .. }) {
                        self.visit_expr(value)?;
                        interpolations += 1;
                    }
                }
                self.addop(loc, Opcode::BuildTuple, interpolations);
                self.addop(loc, Opcode::BuildTemplate, 0);
            }
            ExprKind::Interpolation {
                value,
                str,
                conversion,
                format_spec,
            } => {
                // `codegen_interpolation`: value, its source text, spec; the conversion in
                // the argument's high bits.
                self.visit_expr(value)?;
                self.load_const(loc, const_value(str));
                let mut oparg = 2;
                if let Some(spec) = format_spec {
                    oparg += 1;
                    self.visit_expr(spec)?;
                }
                match u8::try_from(*conversion).map(char::from) {
                    Ok('s') => oparg |= 1 << 2,
                    Ok('r') => oparg |= 2 << 2,
                    Ok('a') => oparg |= 3 << 2,
                    _ => {}
                }
                self.addop(loc, Opcode::BuildInterpolation, oparg);
            }
            ExprKind::YieldFrom { value } => {
                if !self.ste().is_function_like() {
                    return Err(self.unsupported("'yield' outside function", expr.range));
                }
                self.visit_expr(value)?;
                self.addop(loc, Opcode::GetYieldFromIter, 0);
                self.load_const(loc, ConstValue::None);
                self.add_yield_from(loc, false);
            }
            ExprKind::Await { value } => {
                if !self.ste().is_function_like() {
                    return Err(self.unsupported("'await' outside function", expr.range));
                }
                self.visit_expr(value)?;
                self.addop(loc, Opcode::GetAwaitable, 0);
                self.load_const(loc, ConstValue::None);
                self.add_yield_from(loc, true);
            }
            ExprKind::Yield { value } => {
                if !self.ste().is_function_like() {
                    return Err(self.unsupported("'yield' outside function", expr.range));
                }
                match value {
                    Some(value) => self.visit_expr(value)?,
                    None => self.load_const(loc, ConstValue::None),
                }
                self.addop_yield(loc);
            }
            _ => return Err(self.unsupported(expression_name(expr), expr.range)),
        }
        Ok(())
    }

    /// `codegen_addop_yield`: an async generator wraps what it yields
    /// (`INTRINSIC_ASYNC_GEN_WRAP`), then `YIELD_VALUE` and the `RESUME` after it.
    pub(crate) fn addop_yield(&mut self, loc: Loc) {
        const INTRINSIC_ASYNC_GEN_WRAP: u32 = 4;
        let entry = self.ste();
        if entry.is_generator && entry.is_coroutine {
            self.addop(loc, Opcode::CallIntrinsic1, INTRINSIC_ASYNC_GEN_WRAP);
        }
        self.addop(loc, Opcode::YieldValue, 0);
        self.addop(loc, Opcode::Resume, 1);
    }

    /// `codegen_add_yield_from`: `SEND` values into the sub-iterator until it returns, with
    /// a virtual `try` that turns a `StopIteration` from `close`/`throw` into the result.
    pub(crate) fn add_yield_from(&mut self, loc: Loc, is_await: bool) -> Label {
        const RESUME_AFTER_YIELD_FROM: u32 = 2;
        const RESUME_AFTER_AWAIT: u32 = 3;
        let send = self.new_label();
        let fail = self.new_label();
        let exit = self.new_label();
        self.use_label(send);
        self.addop_jump(loc, Opcode::Send, exit);
        self.addop_jump(loc, Opcode::SetupFinally, fail);
        self.addop(loc, Opcode::YieldValue, 1);
        self.addop(Loc::NONE, Opcode::PopBlock, 0);
        let resume = if is_await {
            RESUME_AFTER_AWAIT
        } else {
            RESUME_AFTER_YIELD_FROM
        };
        self.addop(loc, Opcode::Resume, resume);
        self.addop_jump(loc, Opcode::JumpNoInterrupt, send);
        self.use_label(fail);
        self.addop(loc, Opcode::CleanupThrow, 0);
        self.use_label(exit);
        self.addop(loc, Opcode::EndSend, 0);
        exit
    }

    /// `codegen_boolop`: each operand but the last is tested, keeping it as the result if it decides.
    fn boolop(&mut self, loc: Loc, op: BoolOp, values: &[Expr]) -> Result<(), CompileError> {
        let jump = match op {
            BoolOp::And => Opcode::JumpIfFalse,
            BoolOp::Or => Opcode::JumpIfTrue,
        };
        let end = self.new_label();
        let Some((last, rest)) = values.split_last() else {
            return Ok(());
        };
        for value in rest {
            self.visit_expr(value)?;
            self.addop_jump(loc, jump, end);
            self.addop(loc, Opcode::PopTop, 0);
        }
        self.visit_expr(last)?;
        self.use_label(end);
        Ok(())
    }

    /// `ADDOP_COMPARE`: `COMPARE_OP`, `IS_OP` or `CONTAINS_OP`.
    fn compare_op(&mut self, loc: Loc, op: CmpOp) {
        match op {
            CmpOp::Is => self.addop(loc, Opcode::IsOp, 0),
            CmpOp::IsNot => self.addop(loc, Opcode::IsOp, 1),
            CmpOp::In => self.addop(loc, Opcode::ContainsOp, 0),
            CmpOp::NotIn => self.addop(loc, Opcode::ContainsOp, 1),
            _ => {
                let arg = compare_op_arg(op).unwrap_or(0);
                self.addop(loc, Opcode::CompareOp, arg);
            }
        }
    }

    /// `codegen_compare`: a chain `a < b < c` tests each link, stopping at the first false one.
    fn compare(
        &mut self,
        loc: Loc,
        left: &Expr,
        ops: &[CmpOp],
        comparators: &[Expr],
    ) -> Result<(), CompileError> {
        self.visit_expr(left)?;
        let (Some((&last_op, first_ops)), Some((last, first_comparators))) =
            (ops.split_last(), comparators.split_last())
        else {
            return Ok(());
        };
        if first_ops.is_empty() {
            self.visit_expr(last)?;
            self.compare_op(loc, last_op);
            return Ok(());
        }
        let cleanup = self.new_label();
        for (op, comparator) in first_ops.iter().zip(first_comparators) {
            self.visit_expr(comparator)?;
            self.addop(loc, Opcode::Swap, 2);
            self.addop(loc, Opcode::Copy, 2);
            self.compare_op(loc, *op);
            self.addop(loc, Opcode::Copy, 1);
            self.addop(loc, Opcode::ToBool, 0);
            self.addop_jump(loc, Opcode::PopJumpIfFalse, cleanup);
            self.addop(loc, Opcode::PopTop, 0);
        }
        self.visit_expr(last)?;
        self.compare_op(loc, last_op);
        let end = self.new_label();
        self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, end);
        self.use_label(cleanup);
        self.addop(loc, Opcode::Swap, 2);
        self.addop(loc, Opcode::PopTop, 0);
        self.use_label(end);
        Ok(())
    }

    /// `codegen_joined_str`: each part's string, then `BUILD_STRING` joins them.
    fn joined_str(&mut self, loc: Loc, expr: &Expr, values: &[Expr]) -> Result<(), CompileError> {
        const STACK_USE_GUIDELINE: usize = 30;
        if values.len() > STACK_USE_GUIDELINE {
            return Err(self.unsupported("f-strings with more than 30 parts", expr.range));
        }
        for value in values {
            self.visit_expr(value)?;
        }
        match values.len() {
            0 => self.load_const(loc, ConstValue::Str(String::new())),
            1 => {}
            count => self.addop(loc, Opcode::BuildString, count as u32),
        }
        Ok(())
    }

    /// `codegen_jump_if`: evaluate `expr` as a condition and jump to `next` when it is `cond`,
    /// without building the boolean value where the shape allows (`not`, `and`/`or`, chains).
    pub(crate) fn jump_if(
        &mut self,
        expr: &Expr,
        next: Label,
        cond: bool,
    ) -> Result<(), CompileError> {
        let expr_loc = self.loc(expr.range, expr.id);
        match &expr.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.jump_if(operand, next, !cond),
            ExprKind::BoolOp { op, values } => {
                let Some((last, rest)) = values.split_last() else {
                    return Ok(());
                };
                let cond2 = *op == BoolOp::Or;
                let next2 = if cond2 != cond {
                    self.new_label()
                } else {
                    next
                };
                for value in rest {
                    self.jump_if(value, next2, cond2)?;
                }
                self.jump_if(last, next, cond)?;
                if next2 != next {
                    self.use_label(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let next2 = self.new_label();
                self.jump_if(test, next2, false)?;
                self.jump_if(body, next, cond)?;
                self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, end);
                self.use_label(next2);
                self.jump_if(orelse, next, cond)?;
                self.use_label(end);
                return Ok(());
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } if ops.len() > 1 => {
                let (Some((&last_op, first_ops)), Some((last, first_comparators))) =
                    (ops.split_last(), comparators.split_last())
                else {
                    return Ok(());
                };
                let cleanup = self.new_label();
                self.visit_expr(left)?;
                for (op, comparator) in first_ops.iter().zip(first_comparators) {
                    self.visit_expr(comparator)?;
                    self.addop(expr_loc, Opcode::Swap, 2);
                    self.addop(expr_loc, Opcode::Copy, 2);
                    self.compare_op(expr_loc, *op);
                    self.addop(expr_loc, Opcode::ToBool, 0);
                    self.addop_jump(expr_loc, Opcode::PopJumpIfFalse, cleanup);
                }
                self.visit_expr(last)?;
                self.compare_op(expr_loc, last_op);
                self.addop(expr_loc, Opcode::ToBool, 0);
                self.addop_jump(expr_loc, pop_jump_if(cond), next);
                let end = self.new_label();
                self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, end);
                self.use_label(cleanup);
                self.addop(expr_loc, Opcode::PopTop, 0);
                if !cond {
                    self.addop_jump(Loc::NONE, Opcode::JumpNoInterrupt, next);
                }
                self.use_label(end);
                return Ok(());
            }
            _ => {}
        }
        // The general case: the value, made a bool, then a conditional jump.
        self.visit_expr(expr)?;
        self.addop(expr_loc, Opcode::ToBool, 0);
        self.addop_jump(expr_loc, pop_jump_if(cond), next);
        Ok(())
    }

    /// Tuples and lists: built from their items (`starunpack_helper`), or unpacked into targets.
    fn sequence(
        &mut self,
        loc: Loc,
        elts: &[Expr],
        ctx: ExprContext,
        build: Opcode,
    ) -> Result<(), CompileError> {
        match ctx {
            ExprContext::Load => {
                let tuple = build == Opcode::BuildTuple;
                self.starunpack_helper(
                    loc,
                    elts,
                    0,
                    Opcode::BuildList,
                    Opcode::ListAppend,
                    Opcode::ListExtend,
                    tuple,
                )?;
            }
            ExprContext::Store => {
                self.unpack_helper(loc, elts)?;
                for elt in elts {
                    let target = match &elt.kind {
                        ExprKind::Starred { value, .. } => value,
                        _ => elt,
                    };
                    self.visit_expr(target)?;
                }
            }
            ExprContext::Del => {
                for elt in elts {
                    self.visit_expr(elt)?;
                }
            }
        }
        Ok(())
    }
}

/// How the "not supported yet" message names an expression.
fn expression_name(expr: &Expr) -> &'static str {
    match &expr.kind {
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Dict { .. } => "dict displays",
        ExprKind::Set { .. } => "set displays",
        ExprKind::ListComp { .. }
        | ExprKind::SetComp { .. }
        | ExprKind::DictComp { .. }
        | ExprKind::GeneratorExp { .. } => "comprehensions",
        ExprKind::Attribute { .. } => "attribute access",
        ExprKind::Subscript { .. } => "subscripts",
        ExprKind::Slice { .. } => "slices",
        ExprKind::TemplateStr { .. } | ExprKind::Interpolation { .. } => "t-strings",
        ExprKind::NamedExpr { .. } => "assignment expressions",
        ExprKind::Await { .. } | ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => {
            "await and yield"
        }
        ExprKind::Starred { .. } => "starred expressions",
        _ => "this expression",
    }
}
