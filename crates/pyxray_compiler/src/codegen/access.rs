//! Attribute and subscript access, slices, displays with `*`/`**` unpacking, and calls
//! (plain, method, keyword and `*args`/`**kwargs` calls).
//!
//! CPython: `Python/codegen.c` (`codegen_visit_expr` for `Attribute`, `codegen_subscript`,
//! `codegen_slice`, `codegen_dict`, `codegen_subdict`, `starunpack_helper_impl`,
//! `unpack_helper`, `codegen_call`, `maybe_optimize_method_call`, `codegen_call_helper`,
//! `codegen_subkwargs`).

use pyxray_bytecode::code::ConstValue;
use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::*;

use super::{Codegen, Loc};
use crate::symtable::def;
use crate::CompileError;

/// `STACK_USE_GUIDELINE`: past this many items, displays and calls are built piecewise.
const STACK_USE_GUIDELINE: usize = 30;

/// `NB_SUBSCR`: the `BINARY_OP` argument of `container[key]`.
const NB_SUBSCR: u32 = 26;

/// `INTRINSIC_LIST_TO_TUPLE`.
const INTRINSIC_LIST_TO_TUPLE: u32 = 6;

fn is_starred(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::Starred { .. })
}

fn is_constant(expr: Option<&Expr>) -> bool {
    expr.is_none_or(|e| matches!(e.kind, ExprKind::Constant { .. }))
}

impl Codegen<'_> {
    /// `update_start_location_to_match_attr`: when the attribute name ends on a later line
    /// than `loc` starts, the instruction is located at the name.
    pub(crate) fn attr_loc(&self, loc: Loc, attribute: &Expr, attr: &str) -> Loc {
        let mut loc = loc;
        let attr_end = self.loc(attribute.range, attribute.id).location;
        if loc.location.lineno != attr_end.end_lineno {
            loc.location.lineno = attr_end.end_lineno;
            let len = attr.chars().count() as u32;
            match attr_end.end_col_offset {
                Some(end) if len <= end => loc.location.col_offset = Some(end - len),
                _ => {
                    loc.location.col_offset = None;
                    loc.location.end_col_offset = None;
                }
            }
            loc.location.end_lineno = loc.location.lineno.max(loc.location.end_lineno);
            if loc.location.lineno == loc.location.end_lineno {
                loc.location.end_col_offset =
                    loc.location.col_offset.max(loc.location.end_col_offset);
            }
        }
        loc
    }

    /// `Attribute` in any context.
    pub(crate) fn attribute(
        &mut self,
        expr: &Expr,
        value: &Expr,
        attr: &str,
        ctx: ExprContext,
    ) -> Result<(), CompileError> {
        if ctx == ExprContext::Store {
            self.maybe_add_static_attribute(value, attr);
        }
        if ctx == ExprContext::Load && self.super_call_args(value)? {
            let loc = self.loc(expr.range, expr.id);
            let loc = self.attr_loc(loc, expr, attr);
            let name = self.mangle(attr);
            let index = self.name_index(&name);
            let form = if self.unit.super_two_args { 2 } else { 0 };
            self.addop(loc, Opcode::LoadSuperAttr, (index << 2) | form);
            return Ok(());
        }
        self.visit_expr(value)?;
        let loc = self.loc(expr.range, expr.id);
        let loc = self.attr_loc(loc, expr, attr);
        let name = self.mangle(attr);
        let index = self.name_index(&name);
        match ctx {
            ExprContext::Load => self.addop(loc, Opcode::LoadAttr, index << 1),
            ExprContext::Store => self.addop(loc, Opcode::StoreAttr, index),
            ExprContext::Del => self.addop(loc, Opcode::DeleteAttr, index),
        }
        Ok(())
    }

    /// `codegen_subscript`: `BINARY_OP []`, `STORE_SUBSCR`, `DELETE_SUBSCR`, or the two-part
    /// slice forms `BINARY_SLICE`/`STORE_SLICE`.
    pub(crate) fn subscript(
        &mut self,
        loc: Loc,
        value: &Expr,
        slice: &Expr,
        ctx: ExprContext,
    ) -> Result<(), CompileError> {
        self.visit_expr(value)?;
        if let ExprKind::Slice { lower, upper, step } = &slice.kind {
            let constant = is_constant(lower.as_deref())
                && is_constant(upper.as_deref())
                && is_constant(step.as_deref());
            if !constant && step.is_none() && ctx != ExprContext::Del {
                self.slice_part(loc, lower.as_deref())?;
                self.slice_part(loc, upper.as_deref())?;
                let opcode = if ctx == ExprContext::Load {
                    Opcode::BinarySlice
                } else {
                    Opcode::StoreSlice
                };
                self.addop(loc, opcode, 0);
                return Ok(());
            }
        }
        self.visit_expr(slice)?;
        match ctx {
            ExprContext::Load => self.addop(loc, Opcode::BinaryOp, NB_SUBSCR),
            ExprContext::Store => self.addop(loc, Opcode::StoreSubscr, 0),
            ExprContext::Del => self.addop(loc, Opcode::DeleteSubscr, 0),
        }
        Ok(())
    }

    fn slice_part(&mut self, loc: Loc, part: Option<&Expr>) -> Result<(), CompileError> {
        match part {
            Some(part) => self.visit_expr(part),
            None => {
                self.load_const(loc, ConstValue::None);
                Ok(())
            }
        }
    }

    /// `codegen_slice`: `BUILD_SLICE` of its parts.
    pub(crate) fn slice(
        &mut self,
        loc: Loc,
        expr: &Expr,
        lower: Option<&Expr>,
        upper: Option<&Expr>,
        step: Option<&Expr>,
    ) -> Result<(), CompileError> {
        if is_constant(lower) && is_constant(upper) && is_constant(step) {
            // `codegen_slice`: a slice of constants is itself a constant.
            let part = |e: Option<&Expr>| match e.map(|e| &e.kind) {
                Some(ExprKind::Constant { value, .. }) => super::const_value(value),
                _ => ConstValue::None,
            };
            let _ = expr;
            self.load_const(
                loc,
                ConstValue::Slice(vec![part(lower), part(upper), part(step)]),
            );
            return Ok(());
        }
        self.slice_part(loc, lower)?;
        self.slice_part(loc, upper)?;
        let mut count = 2;
        if let Some(step) = step {
            self.visit_expr(step)?;
            count = 3;
        }
        self.addop(loc, Opcode::BuildSlice, count);
        Ok(())
    }

    /// `codegen_subdict`: `BUILD_MAP` of `keys[begin..end]`.
    fn subdict(
        &mut self,
        loc: Loc,
        keys: &[Option<Expr>],
        values: &[Expr],
        begin: usize,
        end: usize,
    ) -> Result<(), CompileError> {
        let n = end - begin;
        let big = n * 2 > STACK_USE_GUIDELINE;
        if big {
            self.addop(loc, Opcode::BuildMap, 0);
        }
        for i in begin..end {
            if let Some(key) = &keys[i] {
                self.visit_expr(key)?;
            }
            self.visit_expr(&values[i])?;
            if big {
                self.addop(loc, Opcode::MapAdd, 1);
            }
        }
        if !big {
            self.addop(loc, Opcode::BuildMap, n as u32);
        }
        Ok(())
    }

    /// `codegen_dict`: runs of `key: value` become maps, `**m` entries `DICT_UPDATE`.
    pub(crate) fn dict(
        &mut self,
        loc: Loc,
        keys: &[Option<Expr>],
        values: &[Expr],
    ) -> Result<(), CompileError> {
        let n = values.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            if keys[i].is_none() {
                if elements > 0 {
                    self.subdict(loc, keys, values, i - elements, i)?;
                    if have_dict {
                        self.addop(loc, Opcode::DictUpdate, 1);
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.addop(loc, Opcode::BuildMap, 0);
                    have_dict = true;
                }
                self.visit_expr(&values[i])?;
                self.addop(loc, Opcode::DictUpdate, 1);
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(loc, keys, values, i - elements, i + 1)?;
                if have_dict {
                    self.addop(loc, Opcode::DictUpdate, 1);
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(loc, keys, values, n - elements, n)?;
            if have_dict {
                self.addop(loc, Opcode::DictUpdate, 1);
            }
            have_dict = true;
        }
        if !have_dict {
            self.addop(loc, Opcode::BuildMap, 0);
        }
        Ok(())
    }

    /// `starunpack_helper_impl`: a list, tuple or set display (or positional arguments),
    /// with `*iterable` items spliced in by `extend`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn starunpack_helper(
        &mut self,
        loc: Loc,
        elts: &[Expr],
        pushed: usize,
        build: Opcode,
        add: Opcode,
        extend: Opcode,
        tuple: bool,
    ) -> Result<(), CompileError> {
        let n = elts.len();
        let big = n + pushed > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(is_starred);
        if !seen_star && !big {
            for elt in elts {
                self.visit_expr(elt)?;
            }
            let opcode = if tuple { Opcode::BuildTuple } else { build };
            self.addop(loc, opcode, (n + pushed) as u32);
            return Ok(());
        }
        let mut sequence_built = false;
        if big {
            self.addop(loc, build, pushed as u32);
            sequence_built = true;
        }
        for (i, elt) in elts.iter().enumerate() {
            if let ExprKind::Starred { value, .. } = &elt.kind {
                if !sequence_built {
                    self.addop(loc, build, (i + pushed) as u32);
                    sequence_built = true;
                }
                self.visit_expr(value)?;
                self.addop(loc, extend, 1);
            } else {
                self.visit_expr(elt)?;
                if sequence_built {
                    self.addop(loc, add, 1);
                }
            }
        }
        if tuple {
            self.addop(loc, Opcode::CallIntrinsic1, INTRINSIC_LIST_TO_TUPLE);
        }
        Ok(())
    }

    /// `unpack_helper`: `UNPACK_SEQUENCE n`, or `UNPACK_EX` around one starred target.
    pub(crate) fn unpack_helper(&mut self, loc: Loc, elts: &[Expr]) -> Result<(), CompileError> {
        let n = elts.len();
        let mut seen_star = false;
        for (i, elt) in elts.iter().enumerate() {
            if is_starred(elt) && !seen_star {
                if i >= 1 << 8 || n - i > (i32::MAX as usize >> 8) {
                    return Err(self.unsupported(
                        "too many expressions in star-unpacking assignment",
                        elt.range,
                    ));
                }
                self.addop(loc, Opcode::UnpackEx, (i + ((n - i - 1) << 8)) as u32);
                seen_star = true;
            } else if is_starred(elt) {
                return Err(
                    self.unsupported("multiple starred expressions in assignment", elt.range)
                );
            }
        }
        if !seen_star {
            self.addop(loc, Opcode::UnpackSequence, n as u32);
        }
        Ok(())
    }

    /// `is_import_originated`: a name the module binds by an import. Inside a comprehension
    /// inlined at module level, CPython has swapped in the comprehension's view of the name.
    fn is_import_originated(&self, expr: &Expr) -> bool {
        let ExprKind::Name { id, .. } = &expr.kind else {
            return false;
        };
        if self.unit.unit_type == super::UnitType::Module {
            if let Some(&comp) = self.unit.inlined_comprehensions.last() {
                if let Some(symbol) = self.table.entry(comp).symbol(id) {
                    return symbol.flags & def::IMPORT != 0;
                }
            }
        }
        self.table
            .entry(crate::symtable::SymbolTable::MODULE)
            .flags_of(id)
            & def::IMPORT
            != 0
    }

    /// `codegen_call`: method calls load the method and `self` together (`LOAD_ATTR` with the
    /// low bit set); other callables are followed by `NULL` in the `self` slot.
    pub(crate) fn call(
        &mut self,
        loc: Loc,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> Result<(), CompileError> {
        if self.maybe_optimize_method_call(loc, func, args, keywords)? {
            return Ok(());
        }
        let skip_normal_call = self.new_label();
        self.visit_expr(func)?;
        self.maybe_optimize_function_call(func, args, keywords, skip_normal_call)?;
        let func_loc = self.loc(func.range, func.id);
        self.addop(func_loc, Opcode::PushNull, 0);
        let result = self.call_helper(loc, 0, args, keywords);
        self.use_label(skip_normal_call);
        result
    }

    /// `maybe_optimize_function_call`: `all(genexpr)`, `any(genexpr)` and `tuple(genexpr)`
    /// loop over the generator inline when the name still means the builtin.
    fn maybe_optimize_function_call(
        &mut self,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
        end: crate::instruction_sequence::Label,
    ) -> Result<(), CompileError> {
        const CONSTANT_BUILTIN_TUPLE: u32 = 2;
        const CONSTANT_BUILTIN_ALL: u32 = 3;
        const CONSTANT_BUILTIN_ANY: u32 = 4;
        let ExprKind::Name { id, .. } = &func.kind else {
            return Ok(());
        };
        if args.len() != 1
            || !keywords.is_empty()
            || !matches!(args[0].kind, ExprKind::GeneratorExp { .. })
        {
            return Ok(());
        }
        let (constant, initial, continue_jump) = match id.as_str() {
            "all" => (CONSTANT_BUILTIN_ALL, Some(true), Opcode::PopJumpIfTrue),
            "any" => (CONSTANT_BUILTIN_ANY, Some(false), Opcode::PopJumpIfFalse),
            "tuple" => (CONSTANT_BUILTIN_TUPLE, None, Opcode::Nop),
            _ => return Ok(()),
        };
        let loc = self.loc(func.range, func.id);
        let skip_optimization = self.new_label();
        self.addop(loc, Opcode::Copy, 1);
        self.addop(loc, Opcode::LoadCommonConstant, constant);
        self.addop(loc, Opcode::IsOp, 0);
        self.addop_jump(loc, Opcode::PopJumpIfFalse, skip_optimization);
        self.addop(loc, Opcode::PopTop, 0);
        if initial.is_none() {
            self.addop(loc, Opcode::BuildList, 0);
        }
        self.visit_expr(&args[0])?;
        let lp = self.new_label();
        let cleanup = self.new_label();
        self.use_label(lp);
        self.addop_jump(loc, Opcode::ForIter, cleanup);
        match initial {
            None => {
                self.addop(loc, Opcode::ListAppend, 2);
                self.addop_jump(loc, Opcode::Jump, lp);
            }
            Some(_) => {
                self.addop(loc, Opcode::ToBool, 0);
                self.addop_jump(loc, continue_jump, lp);
            }
        }
        self.addop(Loc::NONE, Opcode::PopIter, 0);
        if let Some(initial) = initial {
            self.load_const(loc, ConstValue::Bool(!initial));
        }
        self.addop_jump(loc, Opcode::Jump, end);
        self.use_label(cleanup);
        self.addop(Loc::NONE, Opcode::EndFor, 0);
        self.addop(Loc::NONE, Opcode::PopIter, 0);
        match initial {
            None => self.addop(loc, Opcode::CallIntrinsic1, INTRINSIC_LIST_TO_TUPLE),
            Some(initial) => self.load_const(loc, ConstValue::Bool(initial)),
        }
        self.addop_jump(loc, Opcode::Jump, end);
        self.use_label(skip_optimization);
        Ok(())
    }

    /// `maybe_optimize_method_call`.
    fn maybe_optimize_method_call(
        &mut self,
        loc: Loc,
        func: &Expr,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> Result<bool, CompileError> {
        let ExprKind::Attribute {
            value,
            attr,
            ctx: ExprContext::Load,
        } = &func.kind
        else {
            return Ok(false);
        };
        if args.iter().any(is_starred)
            || keywords.iter().any(|k| k.arg.is_none())
            || args.len() + keywords.len() >= STACK_USE_GUIDELINE
            || self.is_import_originated(value)
        {
            return Ok(false);
        }
        if let Some(()) = self.maybe_super_call(func, value, attr)? {
            let call_loc = self.attr_loc(loc, func, attr);
            self.call_args_plain(call_loc, args, keywords)?;
            return Ok(true);
        }
        self.visit_expr(value)?;
        let func_loc = self.loc(func.range, func.id);
        let attr_loc = self.attr_loc(func_loc, func, attr);
        let name = self.mangle(attr);
        let index = self.name_index(&name);
        self.addop(attr_loc, Opcode::LoadAttr, (index << 1) | 1);
        let call_loc = self.attr_loc(loc, func, attr);
        self.call_args_plain(call_loc, args, keywords)?;
        Ok(true)
    }

    /// `super().method(...)` in a method: `LOAD_SUPER_ATTR` with the method bit.
    fn maybe_super_call(
        &mut self,
        func: &Expr,
        value: &Expr,
        attr: &str,
    ) -> Result<Option<()>, CompileError> {
        if !self.super_call_args(value)? {
            return Ok(None);
        }
        let func_loc = self.loc(func.range, func.id);
        let attr_loc = self.attr_loc(func_loc, func, attr);
        let name = self.mangle(attr);
        let index = self.name_index(&name);
        // Bit 0: method load; bit 1: the two-argument form `super(C, self)`.
        let form = if self.unit.super_two_args { 2 } else { 0 };
        self.addop(attr_loc, Opcode::LoadSuperAttr, (index << 2) | form | 1);
        Ok(Some(()))
    }

    /// `can_optimize_super_call` + `load_args_for_super`: for a zero-argument `super()` in a
    /// method, pushes `super`, `__class__` and the first argument; false otherwise.
    fn super_call_args(&mut self, value: &Expr) -> Result<bool, CompileError> {
        let ExprKind::Call {
            func: super_func,
            args,
            keywords,
        } = &value.kind
        else {
            return Ok(false);
        };
        let ExprKind::Name { id, .. } = &super_func.kind else {
            return Ok(false);
        };
        let entry = self.ste();
        let two_args = args.len() == 2
            && !args
                .iter()
                .any(|a| matches!(a.kind, ExprKind::Starred { .. }));
        if id != "super"
            || !(args.is_empty() || two_args)
            || !keywords.is_empty()
            || !entry.is_function_like()
            || entry.scope_of("super") != Some(crate::symtable::Scope::GlobalImplicit)
        {
            return Ok(false);
        }
        if args.is_empty()
            && (entry.varnames.is_empty()
                || entry.scope_of("__class__").is_none()
                || self.unit.argcount == 0 && !entry.has_varargs)
        {
            return Ok(false);
        }
        let super_loc = self.loc(value.range, value.id);
        let func_loc = self.loc(super_func.range, super_func.id);
        self.nameop(func_loc, "super", ExprContext::Load);
        if two_args {
            self.visit_expr(&args[0])?;
            self.visit_expr(&args[1])?;
            self.unit.super_two_args = true;
            return Ok(true);
        }
        self.nameop(super_loc, "__class__", ExprContext::Load);
        let first = entry.varnames[0].clone();
        self.nameop(super_loc, &first, ExprContext::Load);
        self.unit.super_two_args = false;
        Ok(true)
    }

    /// Positional and keyword arguments without unpacking: `CALL n` or `CALL_KW n`.
    fn call_args_plain(
        &mut self,
        loc: Loc,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> Result<(), CompileError> {
        for arg in args {
            self.visit_expr(arg)?;
        }
        if keywords.is_empty() {
            self.addop(loc, Opcode::Call, args.len() as u32);
            return Ok(());
        }
        let mut names = Vec::new();
        for keyword in keywords {
            self.visit_expr(&keyword.value)?;
            names.push(ConstValue::Str(keyword.arg.clone().unwrap_or_default()));
        }
        self.load_const(loc, ConstValue::Tuple(names));
        self.addop(loc, Opcode::CallKw, (args.len() + keywords.len()) as u32);
        Ok(())
    }

    /// `codegen_call_helper`: `pushed` arguments are already on the stack (a class's
    /// function and name).
    pub(crate) fn call_helper(
        &mut self,
        loc: Loc,
        pushed: usize,
        args: &[Expr],
        keywords: &[Keyword],
    ) -> Result<(), CompileError> {
        let unpacking = args.iter().any(is_starred) || keywords.iter().any(|k| k.arg.is_none());
        let big = args.len() + keywords.len() + pushed > STACK_USE_GUIDELINE;
        if !unpacking && !big {
            for arg in args {
                self.visit_expr(arg)?;
            }
            if keywords.is_empty() {
                self.addop(loc, Opcode::Call, (pushed + args.len()) as u32);
                return Ok(());
            }
            let mut names = Vec::new();
            for keyword in keywords {
                self.visit_expr(&keyword.value)?;
                names.push(ConstValue::Str(keyword.arg.clone().unwrap_or_default()));
            }
            self.load_const(loc, ConstValue::Tuple(names));
            self.addop(
                loc,
                Opcode::CallKw,
                (pushed + args.len() + keywords.len()) as u32,
            );
            return Ok(());
        }
        // `ex_call`: positional arguments as one tuple, keywords as one dict.
        if pushed == 0 && args.len() == 1 {
            if let ExprKind::Starred { value, .. } = &args[0].kind {
                self.visit_expr(value)?;
            } else {
                self.starunpack_helper(
                    loc,
                    args,
                    0,
                    Opcode::BuildList,
                    Opcode::ListAppend,
                    Opcode::ListExtend,
                    true,
                )?;
            }
        } else {
            self.starunpack_helper(
                loc,
                args,
                pushed,
                Opcode::BuildList,
                Opcode::ListAppend,
                Opcode::ListExtend,
                true,
            )?;
        }
        if keywords.is_empty() {
            self.addop(loc, Opcode::PushNull, 0);
        } else {
            let mut have_dict = false;
            let mut seen = 0;
            for (i, keyword) in keywords.iter().enumerate() {
                if keyword.arg.is_none() {
                    if seen > 0 {
                        self.subkwargs(loc, &keywords[i - seen..i])?;
                        if have_dict {
                            self.addop(loc, Opcode::DictMerge, 1);
                        }
                        have_dict = true;
                        seen = 0;
                    }
                    if !have_dict {
                        self.addop(loc, Opcode::BuildMap, 0);
                        have_dict = true;
                    }
                    self.visit_expr(&keyword.value)?;
                    self.addop(loc, Opcode::DictMerge, 1);
                } else {
                    seen += 1;
                }
            }
            if seen > 0 {
                self.subkwargs(loc, &keywords[keywords.len() - seen..])?;
                if have_dict {
                    self.addop(loc, Opcode::DictMerge, 1);
                }
            }
        }
        self.addop(loc, Opcode::CallFunctionEx, 0);
        Ok(())
    }

    /// `codegen_subkwargs`: a dict of named keyword arguments.
    fn subkwargs(&mut self, loc: Loc, keywords: &[Keyword]) -> Result<(), CompileError> {
        let n = keywords.len();
        let big = n * 2 > STACK_USE_GUIDELINE;
        if big {
            self.addop(Loc::NONE, Opcode::BuildMap, 0);
        }
        for keyword in keywords {
            self.load_const(
                loc,
                ConstValue::Str(keyword.arg.clone().unwrap_or_default()),
            );
            self.visit_expr(&keyword.value)?;
            if big {
                self.addop(Loc::NONE, Opcode::MapAdd, 1);
            }
        }
        if !big {
            self.addop(loc, Opcode::BuildMap, n as u32);
        }
        Ok(())
    }
}
