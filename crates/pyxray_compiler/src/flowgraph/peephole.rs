//! Peephole rewrites inside one basic block: constant folding, small-int loads, `is None`
//! jumps, jump threading, static swaps, constant displays.
//!
//! CPython: `Python/flowgraph.c` (`optimize_basic_block`, `fold_const_binop`,
//! `fold_tuple_of_constants`, `optimize_lists_and_sets`,
//! `fold_constant_intrinsic_list_to_tuple`, `swaptimize`, `apply_static_swaps`,
//! `basicblock_optimize_load_const`, `maybe_instr_make_load_smallint`).

use pyxray_bytecode::code::{ConstValue, Location};
use pyxray_bytecode::opcode::Opcode;

use super::loads_const;
use crate::codegen::add_const;
use crate::const_eval;
use crate::instruction_sequence::Instr;

/// `maybe_instr_make_load_smallint`: `LOAD_CONST n` → `LOAD_SMALL_INT n` for 0 ≤ n ≤ 255.
pub(super) fn make_load_small_int(instr: &mut Instr, value: &ConstValue) -> bool {
    if let ConstValue::Int(i) = value {
        if let Ok(small @ 0..=255) = u32::try_from(i) {
            instr.opcode = Opcode::LoadSmallInt;
            instr.oparg = small;
            return true;
        }
    }
    false
}

/// `instr_make_load_const`: the folded value becomes a constant load in place of `instr`.
pub(super) fn make_load_const(instr: &mut Instr, value: ConstValue, consts: &mut Vec<ConstValue>) {
    if make_load_small_int(instr, &value) {
        return;
    }
    instr.opcode = Opcode::LoadConst;
    instr.oparg = add_const(consts, value);
}

/// The constant an instruction loads (`get_const_value`).
pub(super) fn loaded_const(instr: &Instr, consts: &[ConstValue]) -> Option<ConstValue> {
    match instr.opcode {
        Opcode::LoadConst => consts.get(instr.oparg as usize).cloned(),
        Opcode::LoadSmallInt => Some(ConstValue::Int(instr.oparg.into())),
        _ => None,
    }
}

/// `get_const_loading_instrs`: the `count` constant loads just before `end` (skipping NOPs).
fn const_loads_before(instrs: &[Instr], end: usize, count: usize) -> Option<Vec<usize>> {
    let mut found = Vec::with_capacity(count);
    let mut i = end;
    while found.len() < count {
        i = i.checked_sub(1)?;
        match instrs[i].opcode {
            Opcode::Nop => continue,
            op if loads_const(op) => found.push(i),
            _ => return None,
        }
    }
    found.reverse();
    Some(found)
}

/// The `count` constants loaded just before `end`: their positions and their values.
fn constants_before(
    instrs: &[Instr],
    end: usize,
    count: usize,
    consts: &[ConstValue],
) -> Option<(Vec<usize>, Vec<ConstValue>)> {
    let positions = const_loads_before(instrs, end, count)?;
    let values = positions
        .iter()
        .map(|&j| loaded_const(&instrs[j], consts))
        .collect::<Option<Vec<_>>>()?;
    Some((positions, values))
}

/// `nop_out`: the folded operands become NOPs without a location.
fn nop_out(instrs: &mut [Instr], positions: &[usize]) {
    for &i in positions {
        instrs[i].opcode = Opcode::Nop;
        instrs[i].oparg = 0;
        instrs[i].location = Location::default();
    }
}

/// `INSTR_SET_OP0(instr, NOP)`: the instruction becomes a NOP but keeps its location.
pub(crate) fn set_nop(instr: &mut Instr) {
    instr.opcode = Opcode::Nop;
    instr.oparg = 0;
}

/// `PyObject_IsTrue` of a constant.
pub(super) fn const_truth(value: &ConstValue) -> Option<bool> {
    use num_traits::Zero;
    Some(match value {
        ConstValue::None => false,
        ConstValue::Bool(b) => *b,
        ConstValue::Ellipsis | ConstValue::Code(_) | ConstValue::Slice(_) => true,
        ConstValue::Int(i) => !i.is_zero(),
        ConstValue::Float(x) => *x != 0.0,
        ConstValue::Complex { real, imag } => *real != 0.0 || *imag != 0.0,
        ConstValue::Str(s) => !s.is_empty(),
        ConstValue::Bytes(b) => !b.is_empty(),
        ConstValue::Tuple(items) | ConstValue::FrozenSet(items) => !items.is_empty(),
    })
}

/// `optimize_basic_block` for one block: folding, and peephole rewrites of adjacent pairs.
/// `first_of_target` gives the first instruction of a jump's target (for jump threading).
pub(super) fn optimize_basic_block(
    instrs: &mut Vec<Instr>,
    consts: &mut Vec<ConstValue>,
    first_of_target: &dyn Fn(usize) -> Option<Instr>,
    next_after_target: &dyn Fn(usize) -> Option<usize>,
) {
    let mut i = 0;
    while i < instrs.len() {
        let opcode = instrs[i].opcode;
        let oparg = instrs[i].oparg;
        let next = instrs.get(i + 1).map(|n| (n.opcode, n.oparg));
        let nextop = next.map(|(op, _)| op);
        match opcode {
            Opcode::BuildTuple => {
                if next == Some((Opcode::UnpackSequence, oparg)) && (1..=3).contains(&oparg) {
                    // `BUILD_TUPLE n` + `UNPACK_SEQUENCE n` is a reordering: NOPs or SWAP.
                    set_nop(&mut instrs[i]);
                    if oparg == 1 {
                        set_nop(&mut instrs[i + 1]);
                    } else {
                        instrs[i + 1].opcode = Opcode::Swap;
                    }
                    i += 1;
                    continue;
                }
                fold_tuple_of_constants(instrs, i, consts);
            }
            Opcode::BuildList | Opcode::BuildSet => {
                optimize_lists_and_sets(instrs, i, nextop, consts)
            }
            Opcode::PopJumpIfFalse
            | Opcode::PopJumpIfTrue
            | Opcode::PopJumpIfNone
            | Opcode::PopJumpIfNotNone
            | Opcode::Jump
            | Opcode::JumpNoInterrupt => {
                // `jump_thread`: a jump to an unconditional jump goes straight to its target.
                if let Some(target) = first_of_target(oparg as usize) {
                    let threads = match opcode {
                        Opcode::Jump => {
                            matches!(target.opcode, Opcode::Jump | Opcode::JumpNoInterrupt)
                        }
                        Opcode::JumpNoInterrupt => {
                            matches!(target.opcode, Opcode::Jump | Opcode::JumpNoInterrupt)
                        }
                        _ => target.opcode == Opcode::Jump,
                    };
                    if threads && target.oparg != oparg && i + 1 == instrs.len() {
                        // The threaded jump keeps its own kind (a JUMP_NO_INTERRUPT stays one).
                        let new_opcode = opcode;
                        set_nop(&mut instrs[i]);
                        // A new instruction: no exception handler (CPython's `basicblock_addop`).
                        instrs.push(Instr {
                            opcode: new_opcode,
                            oparg: target.oparg,
                            location: target.location,
                            link: target.link,
                            except: None,
                        });
                        continue;
                    }
                }
            }
            Opcode::JumpIfFalse | Opcode::JumpIfTrue => {
                // A value-keeping conditional jump to a jump of the same sense, or to an
                // unconditional one, goes straight on; to one of the opposite sense, it can
                // skip it (the value already decided it).
                let Some(target) = first_of_target(oparg as usize) else {
                    i += 1;
                    continue;
                };
                let opposite = if opcode == Opcode::JumpIfFalse {
                    Opcode::JumpIfTrue
                } else {
                    Opcode::JumpIfFalse
                };
                if (target.opcode == Opcode::Jump || target.opcode == opcode)
                    && target.oparg != oparg
                    && i + 1 == instrs.len()
                {
                    set_nop(&mut instrs[i]);
                    instrs.push(Instr {
                        opcode,
                        oparg: target.oparg,
                        location: target.location,
                        link: target.link,
                        except: None,
                    });
                    continue;
                }
                if target.opcode == opposite {
                    if let Some(next) = next_after_target(oparg as usize) {
                        instrs[i].oparg = next as u32;
                        continue;
                    }
                }
            }
            // A store overwritten at once by a store to the same local is a pop.
            Opcode::StoreFast
                if next == Some((Opcode::StoreFast, oparg))
                    && instrs[i].location.lineno == instrs[i + 1].location.lineno =>
            {
                instrs[i].opcode = Opcode::PopTop;
                instrs[i].oparg = 0;
            }
            Opcode::Swap if oparg == 1 => set_nop(&mut instrs[i]),
            Opcode::Swap => {
                let last = swaptimize(instrs, i);
                apply_static_swaps(instrs, last);
                i = last;
            }
            Opcode::LoadGlobal if nextop == Some(Opcode::PushNull) && oparg & 1 == 0 => {
                // The NULL of a call folds into the global load (`LOAD_GLOBAL (f + NULL)`).
                instrs[i].oparg |= 1;
                set_nop(&mut instrs[i + 1]);
            }
            Opcode::CompareOp if nextop == Some(Opcode::ToBool) => {
                set_nop(&mut instrs[i]);
                instrs[i + 1].opcode = Opcode::CompareOp;
                instrs[i + 1].oparg = oparg | 16;
            }
            Opcode::ContainsOp | Opcode::IsOp if nextop == Some(Opcode::ToBool) => {
                set_nop(&mut instrs[i]);
                instrs[i + 1].opcode = opcode;
                instrs[i + 1].oparg = oparg;
            }
            Opcode::ContainsOp | Opcode::IsOp if nextop == Some(Opcode::UnaryNot) => {
                set_nop(&mut instrs[i]);
                instrs[i + 1].opcode = opcode;
                instrs[i + 1].oparg = oparg ^ 1;
            }
            Opcode::ToBool if nextop == Some(Opcode::ToBool) => set_nop(&mut instrs[i]),
            Opcode::UnaryNot if nextop == Some(Opcode::ToBool) => {
                set_nop(&mut instrs[i]);
                instrs[i + 1].opcode = Opcode::UnaryNot;
                instrs[i + 1].oparg = 0;
            }
            Opcode::UnaryNot if nextop == Some(Opcode::UnaryNot) => {
                set_nop(&mut instrs[i]);
                set_nop(&mut instrs[i + 1]);
            }
            Opcode::UnaryNegative | Opcode::UnaryInvert | Opcode::UnaryNot => {
                fold_const_unaryop(instrs, i, consts)
            }
            Opcode::CallIntrinsic1 if oparg == 5 => fold_const_unaryop(instrs, i, consts),
            // INTRINSIC_LIST_TO_TUPLE: iterating needs no tuple; a list of constants is one.
            Opcode::CallIntrinsic1 if oparg == 6 => {
                if nextop == Some(Opcode::GetIter) {
                    set_nop(&mut instrs[i]);
                } else {
                    fold_constant_intrinsic_list_to_tuple(instrs, i, consts);
                }
            }
            Opcode::BinaryOp => fold_const_binop(instrs, i, consts),
            _ => {}
        }
        i += 1;
    }
}

/// `LOAD_CONST None; IS_OP; [TO_BOOL;] POP_JUMP_IF_X` → `POP_JUMP_IF_NONE` or
/// `POP_JUMP_IF_NOT_NONE` (part of `basicblock_optimize_load_const`).
pub(super) fn fold_is_none_jump(instrs: &mut [Instr], i: usize) {
    if instrs.len() <= i + 2 {
        return;
    }
    let mut jump = i + 2;
    if instrs[jump].opcode == Opcode::ToBool {
        set_nop(&mut instrs[jump]);
        if instrs.len() <= i + 3 {
            return;
        }
        jump = i + 3;
    }
    let mut invert = instrs[i + 1].oparg != 0;
    match instrs[jump].opcode {
        Opcode::PopJumpIfFalse => invert = !invert,
        Opcode::PopJumpIfTrue => {}
        _ => return,
    }
    set_nop(&mut instrs[i]);
    set_nop(&mut instrs[i + 1]);
    instrs[jump].opcode = if invert {
        Opcode::PopJumpIfNotNone
    } else {
        Opcode::PopJumpIfNone
    };
}

/// `SWAPPABLE`: instructions a static swap may reorder.
fn swappable(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::StoreFast | Opcode::StoreFastMaybeNull | Opcode::PopTop
    )
}

/// `next_swappable_instruction`: the next swappable instruction after `i` (NOPs skipped),
/// on line `lineno` when given.
fn next_swappable(instrs: &[Instr], i: usize, lineno: Option<Option<u32>>) -> Option<usize> {
    for (j, instr) in instrs.iter().enumerate().skip(i + 1) {
        if let Some(line) = lineno {
            if line.is_some() && instr.location.lineno != line {
                return None;
            }
        }
        if instr.opcode == Opcode::Nop {
            continue;
        }
        return swappable(instr.opcode).then_some(j);
    }
    None
}

/// The local a store writes (`STORES_TO`).
fn stores_to(instr: &Instr) -> Option<u32> {
    matches!(instr.opcode, Opcode::StoreFast | Opcode::StoreFastMaybeNull).then_some(instr.oparg)
}

/// `swaptimize`: a run of SWAPs (and NOPs) is replaced by the fewest SWAPs with the same
/// effect. Returns the index of the run's last instruction.
fn swaptimize(instrs: &mut [Instr], start: usize) -> usize {
    const VISITED: i64 = -1;
    let mut depth = instrs[start].oparg as usize;
    let mut len = 0;
    let mut more = false;
    let limit = instrs.len() - start;
    loop {
        len += 1;
        if len >= limit {
            break;
        }
        match instrs[start + len].opcode {
            Opcode::Swap => {
                depth = depth.max(instrs[start + len].oparg as usize);
                more = true;
            }
            Opcode::Nop => {}
            _ => break,
        }
    }
    if !more {
        return start;
    }
    // Run the swaps on a model stack.
    let mut stack: Vec<i64> = (0..depth as i64).collect();
    for instr in &instrs[start..start + len] {
        if instr.opcode == Opcode::Swap {
            let arg = instr.oparg as usize;
            stack.swap(0, arg - 1);
        }
    }
    // Emit the cycles of the permutation, from the end of the run backwards.
    let mut current = len as i64 - 1;
    for i in 0..depth {
        if stack[i] == VISITED || stack[i] == i as i64 {
            continue;
        }
        let mut j = i;
        loop {
            if j != 0 {
                let instr = &mut instrs[start + current as usize];
                instr.opcode = Opcode::Swap;
                instr.oparg = j as u32 + 1;
                current -= 1;
            }
            if stack[j] == VISITED {
                break;
            }
            let next_j = stack[j] as usize;
            stack[j] = VISITED;
            j = next_j;
        }
    }
    while current >= 0 {
        set_nop(&mut instrs[start + current as usize]);
        current -= 1;
    }
    start + len - 1
}

/// `apply_static_swaps`: working left from `i` over SWAPs, a swap of values that are only
/// stored or popped is done by reordering those stores (`a, b = b, a` needs no SWAP).
fn apply_static_swaps(instrs: &mut [Instr], i: usize) {
    let mut i = i as i64;
    while i >= 0 {
        let index = i as usize;
        let swap = instrs[index].clone();
        if swap.opcode != Opcode::Swap {
            if swap.opcode == Opcode::Nop || swappable(swap.opcode) {
                i -= 1;
                continue;
            }
            return;
        }
        let Some(j) = next_swappable(instrs, index, None) else {
            return;
        };
        let lineno = instrs[j].location.lineno;
        let mut k = j;
        for _ in 1..swap.oparg {
            match next_swappable(instrs, k, Some(lineno)) {
                Some(next) => k = next,
                None => return,
            }
        }
        let (store_j, store_k) = (stores_to(&instrs[j]), stores_to(&instrs[k]));
        if store_j.is_some() || store_k.is_some() {
            if store_j == store_k {
                return;
            }
            for between in &instrs[j + 1..k] {
                if let Some(store) = stores_to(between) {
                    if Some(store) == store_j || Some(store) == store_k {
                        return;
                    }
                }
            }
        }
        set_nop(&mut instrs[index]);
        instrs.swap(j, k);
        i -= 1;
    }
}

/// Displays of constants: iterated or searched, a list or set becomes a constant tuple (or
/// frozenset); otherwise three or more constants become `BUILD_LIST 0; LOAD_CONST tuple;
/// LIST_EXTEND 1` (`optimize_lists_and_sets`).
fn optimize_lists_and_sets(
    instrs: &mut [Instr],
    i: usize,
    nextop: Option<Opcode>,
    consts: &mut Vec<ConstValue>,
) {
    const MIN_CONST_SEQUENCE_SIZE: usize = 3;
    const STACK_USE_GUIDELINE: usize = 30;
    let is_list = instrs[i].opcode == Opcode::BuildList;
    let contains_or_iter = matches!(nextop, Some(Opcode::GetIter | Opcode::ContainsOp));
    let size = instrs[i].oparg as usize;
    if size > STACK_USE_GUIDELINE || (size < MIN_CONST_SEQUENCE_SIZE && !contains_or_iter) {
        return;
    }
    let Some((items, values)) = constants_before(instrs, i, size, consts) else {
        if contains_or_iter && is_list {
            // Iterate over a tuple instead of a list.
            instrs[i].opcode = Opcode::BuildTuple;
        }
        return;
    };
    let value = if is_list {
        ConstValue::Tuple(values)
    } else {
        let items = dedup_set_items(values);
        // Built once from the items, then rebuilt from its own iteration order when the
        // constant cache merges it (`merge_consts_recursive`).
        let ordered = crate::set_order::frozenset_order(&items)
            .and_then(|first| crate::set_order::frozenset_order(&first))
            .unwrap_or(items);
        ConstValue::FrozenSet(ordered)
    };
    let index = add_const(consts, value);
    nop_out(instrs, &items);
    if contains_or_iter {
        instrs[i].opcode = Opcode::LoadConst;
        instrs[i].oparg = index;
    } else if i >= 2 {
        instrs[i - 2].location = instrs[i].location;
        instrs[i - 2].link = instrs[i].link;
        instrs[i - 2].opcode = instrs[i].opcode;
        instrs[i - 2].oparg = 0;
        instrs[i - 1].opcode = Opcode::LoadConst;
        instrs[i - 1].oparg = index;
        instrs[i].opcode = if is_list {
            Opcode::ListExtend
        } else {
            Opcode::SetUpdate
        };
        instrs[i].oparg = 1;
    }
}

/// A set keeps the first of equal items: `{1, True, 1.0}` is `{1}` (equality across int,
/// bool and float, as Python compares them).
fn dedup_set_items(values: Vec<ConstValue>) -> Vec<ConstValue> {
    let numeric = |v: &ConstValue| -> Option<f64> {
        match v {
            ConstValue::Bool(b) => Some(f64::from(u8::from(*b))),
            ConstValue::Int(i) => num_traits::ToPrimitive::to_f64(i),
            ConstValue::Float(x) => Some(*x),
            _ => None,
        }
    };
    let equal = |a: &ConstValue, b: &ConstValue| -> bool {
        match (a, b) {
            (ConstValue::Int(x), ConstValue::Int(y)) => x == y,
            _ => match (numeric(a), numeric(b)) {
                (Some(x), Some(y)) => x == y,
                _ => a.same_constant(b),
            },
        }
    };
    let mut out: Vec<ConstValue> = Vec::new();
    for value in values {
        if !out.iter().any(|kept| equal(kept, &value)) {
            out.push(value);
        }
    }
    out
}

/// `fold_constant_intrinsic_list_to_tuple`: `BUILD_LIST 0; (LOAD_CONST c; LIST_APPEND 1)*;
/// CALL_INTRINSIC_1 LIST_TO_TUPLE` → `LOAD_CONST (c, ...)` (a long constant argument list).
fn fold_constant_intrinsic_list_to_tuple(
    instrs: &mut [Instr],
    i: usize,
    consts: &mut Vec<ConstValue>,
) {
    let mut expect_append = true;
    let mut pos = i;
    while pos > 0 {
        pos -= 1;
        let (opcode, oparg) = (instrs[pos].opcode, instrs[pos].oparg);
        if opcode == Opcode::Nop {
            continue;
        }
        if opcode == Opcode::BuildList && oparg == 0 {
            if !expect_append {
                return;
            }
            let mut values = Vec::new();
            for instr in &mut instrs[pos..i] {
                if loads_const(instr.opcode) {
                    if let Some(value) = loaded_const(instr, consts) {
                        values.push(value);
                    }
                }
                instr.opcode = Opcode::Nop;
                instr.oparg = 0;
                instr.location = Location::default();
            }
            make_load_const(&mut instrs[i], ConstValue::Tuple(values), consts);
            return;
        }
        if expect_append {
            if opcode != Opcode::ListAppend || oparg != 1 {
                return;
            }
        } else if !loads_const(opcode) {
            return;
        }
        expect_append = !expect_append;
    }
}

/// `fold_const_binop`: `LOAD 5; LOAD 6; BINARY_OP +` → `NOP; NOP; LOAD 11`.
fn fold_const_binop(instrs: &mut [Instr], i: usize, consts: &mut Vec<ConstValue>) {
    let Some((operands, values)) = constants_before(instrs, i, 2, consts) else {
        return;
    };
    let Some(result) = const_eval::binop(&values[0], instrs[i].oparg, &values[1]) else {
        return;
    };
    nop_out(instrs, &operands);
    make_load_const(&mut instrs[i], result, consts);
}

/// `fold_const_unaryop`: `LOAD 5; UNARY_NEGATIVE` → `NOP; LOAD -5`.
fn fold_const_unaryop(instrs: &mut [Instr], i: usize, consts: &mut Vec<ConstValue>) {
    let Some((operand, values)) = constants_before(instrs, i, 1, consts) else {
        return;
    };
    let Some(result) = const_eval::unaryop(instrs[i].opcode, &values[0]) else {
        return;
    };
    nop_out(instrs, &operand);
    make_load_const(&mut instrs[i], result, consts);
}

/// `fold_tuple_of_constants`: `LOAD 1; LOAD 2; BUILD_TUPLE 2` → `NOP; NOP; LOAD_CONST (1, 2)`.
fn fold_tuple_of_constants(instrs: &mut [Instr], i: usize, consts: &mut Vec<ConstValue>) {
    let count = instrs[i].oparg as usize;
    let Some((items, values)) = constants_before(instrs, i, count, consts) else {
        return;
    };
    nop_out(instrs, &items);
    make_load_const(&mut instrs[i], ConstValue::Tuple(values), consts);
}
