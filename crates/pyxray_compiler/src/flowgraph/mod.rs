//! The control-flow graph and the optimizer passes that run on it: constant folding, small-int
//! loads, dead code and NOP removal, then the lowering of pseudo-instructions and jumps.
//!
//! CPython: `Python/flowgraph.c` (`_PyCfg_FromInstructionSequence`, `_PyCfg_OptimizeCodeUnit`,
//! `optimize_basic_block`, `fold_const_binop`, `remove_unused_consts`,
//! `_PyCfg_OptimizedCfgToInstructionSequence`). Function names follow CPython's.

use pyxray_bytecode::code::{ConstValue, Location};
use pyxray_bytecode::opcode::Opcode;

use crate::codegen::add_const;
use crate::instruction_sequence::{Instr, InstrSequence, NEXT_LOCATION};

mod blocks;
mod locals;
mod peephole;

pub(crate) use peephole::set_nop;
use peephole::{
    const_truth, fold_is_none_jump, loaded_const, make_load_small_int, optimize_basic_block,
};

/// Index of a block in `Cfg::blocks`.
pub type BlockId = usize;

/// A basic block: straight-line instructions; jumps and `SETUP_*` carry the target block in
/// `oparg`.
#[derive(Clone, Debug, Default)]
pub struct BasicBlock {
    pub instrs: Vec<Instr>,
    /// The block that follows in layout order (`b_next`).
    pub next: Option<BlockId>,
    /// Stack depth on entry (`b_startdepth`), once `calculate_stackdepth` has run.
    pub startdepth: Option<u32>,
    /// The target of a `SETUP_*` (`b_except_handler`).
    pub except_handler: bool,
    /// The handler wants the offset of the raising instruction pushed (`b_preserve_lasti`).
    pub preserve_lasti: bool,
    /// The block starts at a jump target's label (`IS_LABEL(b_label)`).
    pub label: bool,
    /// The exception handler each slot of CPython's instruction array held last, also past
    /// the end after the block shrank. CPython's `basicblock_addop` does not reset
    /// `i_except`, so an instruction appended later (a `NOT_TAKEN`, a threaded jump) inherits
    /// the handler of whatever instruction used that slot before: pyxray reproduces that.
    pub slot_excepts: Vec<Option<usize>>,
}

impl BasicBlock {
    /// Records the current instructions' handlers in their slots (before the block shrinks).
    pub(crate) fn remember_slots(&mut self) {
        if self.slot_excepts.len() < self.instrs.len() {
            self.slot_excepts.resize(self.instrs.len(), None);
        }
        for (slot, instr) in self.slot_excepts.iter_mut().zip(&self.instrs) {
            *slot = instr.except;
        }
    }

    /// The handler an instruction appended now would inherit.
    pub(crate) fn stale_except(&self) -> Option<usize> {
        self.slot_excepts.get(self.instrs.len()).copied().flatten()
    }
}

/// A control-flow graph; blocks are laid out from `entry` along `next`.
#[derive(Clone, Debug)]
pub struct Cfg {
    pub blocks: Vec<BasicBlock>,
    pub entry: BlockId,
}

fn is_jump(op: Opcode) -> bool {
    op.is_jump()
}

/// `IS_BLOCK_PUSH_OPCODE`: `SETUP_FINALLY`, `SETUP_CLEANUP`, `SETUP_WITH`.
pub(crate) fn is_block_push(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::SetupFinally | Opcode::SetupCleanup | Opcode::SetupWith
    )
}

/// `HAS_TARGET`: jumps and block pushes name a block in their argument.
pub(crate) fn has_target(op: Opcode) -> bool {
    is_jump(op) || is_block_push(op)
}

/// `IS_SCOPE_EXIT_OPCODE`.
pub(crate) fn is_scope_exit(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::ReturnValue | Opcode::RaiseVarargs | Opcode::Reraise
    )
}

pub(crate) fn is_conditional_jump(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::PopJumpIfFalse
            | Opcode::PopJumpIfTrue
            | Opcode::PopJumpIfNone
            | Opcode::PopJumpIfNotNone
            | Opcode::JumpIfFalse
            | Opcode::JumpIfTrue
    )
}

pub(crate) fn is_unconditional_jump(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::Jump
            | Opcode::JumpNoInterrupt
            | Opcode::JumpForward
            | Opcode::JumpBackward
            | Opcode::JumpBackwardNoInterrupt
    )
}

fn loads_const(op: Opcode) -> bool {
    matches!(op, Opcode::LoadConst | Opcode::LoadSmallInt)
}

impl Cfg {
    /// `_PyCfg_FromInstructionSequence`: a block starts at every jump target and after every
    /// jump or exit.
    pub fn from_sequence(seq: &InstrSequence) -> Cfg {
        // `NEXT_LOCATION`: the location of the instruction after.
        let mut resolved;
        let seq = if seq.instrs.iter().any(|i| i.location == NEXT_LOCATION) {
            resolved = seq.clone();
            for i in (0..resolved.instrs.len()).rev() {
                if resolved.instrs[i].location == NEXT_LOCATION {
                    let (location, link) = resolved
                        .instrs
                        .get(i + 1)
                        .map_or((Location::default(), None), |n| (n.location, n.link));
                    resolved.instrs[i].location = location;
                    resolved.instrs[i].link = link;
                }
            }
            &resolved
        } else {
            seq
        };
        // Only labels something jumps to start a block (a label nothing targets, such as the
        // end of a call that `all(genexpr)` may skip to, is not a boundary).
        let mut starts_block = vec![false; seq.instrs.len() + 1];
        for instr in &seq.instrs {
            if has_target(instr.opcode) {
                if let Some(Some(position)) = seq.label_positions.get(instr.oparg as usize) {
                    starts_block[*position] = true;
                }
            }
        }
        let labeled = starts_block.clone();
        for (i, instr) in seq.instrs.iter().enumerate() {
            if is_jump(instr.opcode) || instr.opcode.is_terminator() {
                starts_block[i + 1] = true;
            }
        }
        let mut block_of_position = vec![0; seq.instrs.len() + 1];
        let mut blocks = vec![BasicBlock::default()];
        for i in 0..=seq.instrs.len() {
            if starts_block[i] && i > 0 {
                let id = blocks.len();
                blocks.push(BasicBlock::default());
                blocks[id - 1].next = Some(id);
            }
            if labeled[i] {
                let current = blocks.len() - 1;
                blocks[current].label = true;
            }
            block_of_position[i] = blocks.len() - 1;
            if let Some(instr) = seq.instrs.get(i) {
                let current = blocks.len() - 1;
                blocks[current].instrs.push(instr.clone());
            }
        }
        // Jump arguments name labels; point them at blocks (`translate_jump_labels_to_targets`).
        for block in &mut blocks {
            for instr in &mut block.instrs {
                if has_target(instr.opcode) {
                    let position = seq
                        .label_positions
                        .get(instr.oparg as usize)
                        .copied()
                        .flatten()
                        .unwrap_or(seq.instrs.len());
                    instr.oparg = block_of_position[position] as u32;
                }
            }
        }
        Cfg { blocks, entry: 0 }
    }

    /// Block ids in layout order.
    pub fn order(&self) -> Vec<BlockId> {
        let mut order = Vec::new();
        let mut current = Some(self.entry);
        while let Some(id) = current {
            order.push(id);
            current = self.blocks[id].next;
        }
        order
    }

    fn last(&self, id: BlockId) -> Option<&Instr> {
        self.blocks[id].instrs.last()
    }

    /// Whether control can fall off the end of the block into `next` (`BB_HAS_FALLTHROUGH`).
    pub(crate) fn falls_through(&self, id: BlockId) -> bool {
        self.last(id).is_none_or(|i| !i.opcode.is_terminator())
    }

    /// Successors of a block: its exception handlers, its jump target and its fall-through.
    pub(crate) fn successors(&self, id: BlockId) -> Vec<BlockId> {
        let mut out = Vec::new();
        for instr in &self.blocks[id].instrs {
            if has_target(instr.opcode) {
                out.push(instr.oparg as usize);
            }
        }
        if self.falls_through(id) {
            if let Some(next) = self.blocks[id].next {
                out.push(next);
            }
        }
        out
    }

    pub(crate) fn predecessor_counts(&self) -> Vec<u32> {
        let mut counts = vec![0; self.blocks.len()];
        counts[self.entry] = 1;
        for id in self.reachable() {
            for successor in self.successors(id) {
                counts[successor] += 1;
            }
        }
        counts
    }

    fn reachable(&self) -> Vec<BlockId> {
        let mut seen = vec![false; self.blocks.len()];
        let mut stack = vec![self.entry];
        let mut out = Vec::new();
        while let Some(id) = stack.pop() {
            if std::mem::replace(&mut seen[id], true) {
                continue;
            }
            out.push(id);
            stack.extend(self.successors(id));
        }
        out
    }

    /// `remove_unreachable`: empty the blocks no path reaches.
    pub fn remove_unreachable(&mut self) {
        let mut reachable = vec![false; self.blocks.len()];
        for id in self.reachable() {
            reachable[id] = true;
        }
        for (block, reached) in self.blocks.iter_mut().zip(reachable) {
            if !reached {
                block.remember_slots();
                block.instrs.clear();
            }
        }
    }

    /// Each block's position in layout order (`usize::MAX` for blocks not laid out).
    pub fn positions(&self) -> Vec<usize> {
        let mut positions = vec![usize::MAX; self.blocks.len()];
        for (position, id) in self.order().into_iter().enumerate() {
            positions[id] = position;
        }
        positions
    }

    /// `basicblock_optimize_load_const`: small ints load without `co_consts`; a constant
    /// followed by `TO_BOOL` becomes the constant `True`/`False`; a constant followed by a
    /// conditional jump becomes an unconditional jump or nothing.
    pub fn optimize_load_const(&mut self, consts: &mut Vec<ConstValue>) {
        for block in &mut self.blocks {
            let instrs = &mut block.instrs;
            let mut last_load: Option<ConstValue> = None;
            for i in 0..instrs.len() {
                if instrs[i].opcode == Opcode::LoadConst {
                    if let Some(value) = consts.get(instrs[i].oparg as usize) {
                        make_load_small_int(&mut instrs[i], value);
                    }
                }
                // A `COPY 1` of a constant still counts as that constant.
                let copies_constant =
                    last_load.is_some() && instrs[i].opcode == Opcode::Copy && instrs[i].oparg == 1;
                if !copies_constant {
                    last_load = loaded_const(&instrs[i], consts);
                }
                let Some(value) = last_load.clone() else {
                    continue;
                };
                let Some(next) = instrs.get(i + 1).map(|n| n.opcode) else {
                    continue;
                };
                if next == Opcode::IsOp
                    && instrs[i].opcode == Opcode::LoadConst
                    && value == ConstValue::None
                {
                    fold_is_none_jump(instrs, i);
                    continue;
                }
                match next {
                    Opcode::PopJumpIfFalse
                    | Opcode::PopJumpIfTrue
                    | Opcode::JumpIfFalse
                    | Opcode::JumpIfTrue => {
                        let Some(is_true) = const_truth(&value) else {
                            continue;
                        };
                        if matches!(next, Opcode::PopJumpIfFalse | Opcode::PopJumpIfTrue) {
                            set_nop(&mut instrs[i]);
                        }
                        let jumps_if_true =
                            matches!(next, Opcode::PopJumpIfTrue | Opcode::JumpIfTrue);
                        if is_true == jumps_if_true {
                            instrs[i + 1].opcode = Opcode::Jump;
                        } else {
                            set_nop(&mut instrs[i + 1]);
                        }
                    }
                    Opcode::ToBool => {
                        let Some(is_true) = const_truth(&value) else {
                            continue;
                        };
                        set_nop(&mut instrs[i]);
                        instrs[i + 1].opcode = Opcode::LoadConst;
                        instrs[i + 1].oparg = add_const(consts, ConstValue::Bool(is_true));
                    }
                    _ => {}
                }
            }
        }
    }

    /// `optimize_basic_block`: constant folding and peephole rewrites inside each block.
    pub fn optimize_basic_blocks(&mut self, consts: &mut Vec<ConstValue>) {
        let order = self.order();
        let positions = self.positions();
        for id in order.clone() {
            let mut instrs = std::mem::take(&mut self.blocks[id].instrs);
            let own_first = instrs.first().cloned();
            let blocks = &self.blocks;
            // The first instruction a jump to `target` reaches (empty blocks fall through).
            let first_of_target = |target: usize| -> Option<Instr> {
                let start = *positions.get(target).filter(|&&p| p != usize::MAX)?;
                order[start..].iter().find_map(|&b| {
                    if b == id {
                        Some(own_first.clone())
                    } else {
                        blocks[b].instrs.first().cloned().map(Some)
                    }
                })?
            };
            // The block after the one a jump to `target` lands in (`i_target->b_next`).
            let next_after_target = |target: usize| -> Option<usize> {
                let start = *positions.get(target).filter(|&&p| p != usize::MAX)?;
                let landing = order[start..]
                    .iter()
                    .copied()
                    .find(|&b| b == id || !blocks[b].instrs.is_empty())?;
                blocks[landing].next
            };
            let original_len = instrs.len();
            optimize_basic_block(&mut instrs, consts, &first_of_target, &next_after_target);
            // Appended instructions take the handler their slot held (`basicblock_addop`).
            for (i, instr) in instrs.iter_mut().enumerate().skip(original_len) {
                instr.except = self.blocks[id].slot_excepts.get(i).copied().flatten();
            }
            self.blocks[id].instrs = instrs;
        }
    }

    /// `remove_redundant_nops`: a NOP stays only where it is the sole holder of its line
    /// number. Returns how many were removed.
    pub fn remove_redundant_nops(&mut self) -> usize {
        let mut removed = 0;
        for id in self.order() {
            removed += self.remove_redundant_nops_in(id);
        }
        removed
    }

    /// `basicblock_remove_redundant_nops` for one block.
    fn remove_redundant_nops_in(&mut self, id: BlockId) -> usize {
        let mut removed = 0;
        {
            let next_location = {
                let mut next = self.blocks[id].next;
                let mut found = None;
                while let Some(b) = next {
                    if !self.blocks[b].instrs.is_empty() {
                        found = self.blocks[b]
                            .instrs
                            .iter()
                            .find(|i| !(i.opcode == Opcode::Nop && i.location.lineno.is_none()))
                            .map(|i| i.location);
                        break;
                    }
                    next = self.blocks[b].next;
                }
                found
            };
            self.blocks[id].remember_slots();
            let mut instrs = std::mem::take(&mut self.blocks[id].instrs);
            let mut kept: Vec<Instr> = Vec::with_capacity(instrs.len());
            let mut prev_lineno: Option<u32> = None;
            let count = instrs.len();
            for src in 0..count {
                let instr = instrs[src].clone();
                let lineno = instr.location.lineno;
                if instr.opcode == Opcode::Nop {
                    if lineno.is_none() || prev_lineno == lineno {
                        removed += 1;
                        continue;
                    }
                    if src + 1 < count {
                        let next_lineno = instrs[src + 1].location.lineno;
                        if next_lineno == lineno {
                            removed += 1;
                            continue;
                        }
                        if next_lineno.is_none() {
                            instrs[src + 1].location = instr.location;
                            instrs[src + 1].link = instrs[src + 1].link.or(instr.link);
                            removed += 1;
                            continue;
                        }
                    } else if next_location.is_some_and(|n| n.lineno == lineno) {
                        removed += 1;
                        continue;
                    }
                }
                prev_lineno = lineno;
                kept.push(instr);
            }
            self.blocks[id].instrs = kept;
        }
        removed
    }

    /// `remove_redundant_jumps`: a jump to the next non-empty block becomes a NOP. Returns how
    /// many were removed.
    pub fn remove_redundant_jumps(&mut self) -> usize {
        let mut removed = 0;
        let order = self.order();
        let landing = crate::assemble::landing_blocks(self, &order);
        for (position, &id) in order.iter().enumerate() {
            let next_nonempty = order[position + 1..]
                .iter()
                .copied()
                .find(|&n| !self.blocks[n].instrs.is_empty());
            let Some(last) = self.blocks[id].instrs.last_mut() else {
                continue;
            };
            if is_unconditional_jump(last.opcode)
                && landing.get(last.oparg as usize).copied().flatten() == next_nonempty
            {
                set_nop(last);
                removed += 1;
            }
        }
        removed
    }

    /// `remove_redundant_nops_and_pairs`: also drops a constant (or `COPY 1`) that is
    /// immediately popped, within straight-line code.
    pub fn remove_redundant_nops_and_pairs(&mut self) {
        let mut targeted = vec![false; self.blocks.len()];
        for block in &self.blocks {
            for instr in &block.instrs {
                if has_target(instr.opcode) {
                    if let Some(t) = targeted.get_mut(instr.oparg as usize) {
                        *t = true;
                    }
                }
            }
        }
        loop {
            let mut done = true;
            let mut previous: Option<(BlockId, usize)> = None;
            for id in self.order() {
                self.remove_redundant_nops_in(id);
                if targeted[id] || self.blocks[id].label {
                    previous = None;
                }
                for i in 0..self.blocks[id].instrs.len() {
                    let current = (id, i);
                    if let Some((pb, pi)) = previous {
                        let prev = &self.blocks[pb].instrs[pi];
                        let pair = self.blocks[id].instrs[i].opcode == Opcode::PopTop
                            && (matches!(prev.opcode, Opcode::LoadConst | Opcode::LoadSmallInt)
                                || (prev.opcode == Opcode::Copy && prev.oparg == 1));
                        if pair {
                            set_nop(&mut self.blocks[pb].instrs[pi]);
                            set_nop(&mut self.blocks[id].instrs[i]);
                            done = false;
                        }
                    }
                    previous = Some(current);
                }
                let ends = self.blocks[id]
                    .instrs
                    .last()
                    .is_some_and(|i| is_jump(i.opcode));
                if ends || !self.falls_through(id) {
                    previous = None;
                }
            }
            if done {
                break;
            }
        }
    }

    /// `remove_redundant_nops_and_jumps`: both, until neither finds anything.
    pub fn remove_redundant_nops_and_jumps(&mut self) {
        loop {
            let nops = self.remove_redundant_nops();
            let jumps = self.remove_redundant_jumps();
            if nops + jumps == 0 {
                break;
            }
        }
    }

    /// `convert_pseudo_conditional_jumps`: `JUMP_IF_FALSE` keeps its operand by copying it first.
    pub fn convert_pseudo_conditional_jumps(&mut self) {
        for block in &mut self.blocks {
            let mut out = Vec::with_capacity(block.instrs.len() + 2);
            for instr in block.instrs.drain(..) {
                let replacement = match instr.opcode {
                    Opcode::JumpIfFalse => Opcode::PopJumpIfFalse,
                    Opcode::JumpIfTrue => Opcode::PopJumpIfTrue,
                    _ => {
                        out.push(instr);
                        continue;
                    }
                };
                // Inserted before the jump, with its location and handler.
                out.push(Instr {
                    opcode: Opcode::Copy,
                    oparg: 1,
                    ..instr.clone()
                });
                out.push(Instr {
                    opcode: Opcode::ToBool,
                    oparg: 0,
                    ..instr.clone()
                });
                out.push(Instr {
                    opcode: replacement,
                    ..instr
                });
            }
            block.instrs = out;
        }
    }

    /// `calculate_stackdepth`: the deepest the value stack gets on any path; records each
    /// block's depth on entry. A `SETUP_*` only changes the depth its handler starts with.
    pub fn max_stack_depth(&mut self) -> u32 {
        for block in &mut self.blocks {
            block.startdepth = None;
        }
        let mut worklist = vec![(self.entry, 0i64)];
        let mut max_depth = 0i64;
        while let Some((id, start)) = worklist.pop() {
            if self.blocks[id].startdepth.is_some() {
                continue;
            }
            self.blocks[id].startdepth = Some(start.max(0) as u32);
            let mut depth = start;
            let mut falls_through = true;
            for instr in &self.blocks[id].instrs {
                let (pops, pushes) = instr.opcode.stack_effect(instr.oparg);
                if is_block_push(instr.opcode) {
                    let target = depth + i64::from(pushes);
                    max_depth = max_depth.max(target);
                    worklist.push((instr.oparg as usize, target));
                    continue;
                }
                let after = depth - i64::from(pops) + i64::from(pushes);
                max_depth = max_depth.max(depth.max(after));
                if is_jump(instr.opcode) {
                    // A conditional jump's target sees the stack after the pop, as the fall-through does.
                    worklist.push((instr.oparg as usize, after));
                }
                depth = after;
                if instr.opcode.is_terminator() {
                    falls_through = false;
                    break;
                }
            }
            if falls_through {
                if let Some(next) = self.blocks[id].next {
                    worklist.push((next, depth));
                }
            }
        }
        max_depth.max(0) as u32
    }

    /// `normalize_jumps`: pseudo jumps become forward or backward jumps; a forward
    /// conditional jump is followed by `NOT_TAKEN`; a backward one is reversed to jump over a
    /// new block holding `NOT_TAKEN` and the backward jump.
    pub fn normalize_jumps(&mut self) {
        let order = self.order();
        let positions = self.positions();
        let position_of = |id: BlockId| positions.get(id).copied().unwrap_or(usize::MAX);
        for (position, &id) in order.iter().enumerate() {
            let Some(last) = self.blocks[id].instrs.last().cloned() else {
                continue;
            };
            if !is_jump(last.opcode) {
                continue;
            }
            let target_position = position_of(last.oparg as usize);
            let backward = target_position <= position;
            match last.opcode {
                Opcode::Jump | Opcode::JumpNoInterrupt => {
                    let opcode = match (last.opcode, backward) {
                        (Opcode::Jump, true) => Opcode::JumpBackward,
                        (Opcode::JumpNoInterrupt, true) => Opcode::JumpBackwardNoInterrupt,
                        _ => Opcode::JumpForward,
                    };
                    if let Some(last_mut) = self.blocks[id].instrs.last_mut() {
                        last_mut.opcode = opcode;
                    }
                }
                op if is_conditional_jump(op) && !backward => {
                    let except = self.blocks[id].stale_except();
                    self.blocks[id].instrs.push(Instr {
                        opcode: Opcode::NotTaken,
                        oparg: 0,
                        except,
                        ..last
                    });
                }
                op if is_conditional_jump(op) => {
                    let reversed = match op {
                        Opcode::PopJumpIfFalse => Opcode::PopJumpIfTrue,
                        Opcode::PopJumpIfTrue => Opcode::PopJumpIfFalse,
                        Opcode::PopJumpIfNone => Opcode::PopJumpIfNotNone,
                        _ => Opcode::PopJumpIfNone,
                    };
                    let Some(next) = self.blocks[id].next else {
                        continue;
                    };
                    let new_id = self.blocks.len();
                    self.blocks.push(BasicBlock {
                        instrs: vec![
                            Instr {
                                opcode: Opcode::NotTaken,
                                oparg: 0,
                                except: None,
                                ..last.clone()
                            },
                            Instr {
                                opcode: Opcode::JumpBackward,
                                except: None,
                                ..last.clone()
                            },
                        ],
                        next: Some(next),
                        startdepth: self.blocks[last.oparg as usize].startdepth,
                        ..BasicBlock::default()
                    });
                    self.blocks[id].next = Some(new_id);
                    if let Some(last_mut) = self.blocks[id].instrs.last_mut() {
                        last_mut.opcode = reversed;
                        last_mut.oparg = next as u32;
                    }
                }
                _ => {}
            }
        }
    }

    /// `remove_unused_consts`: drop constants no instruction loads, keeping index 0 (a docstring).
    pub fn remove_unused_consts(&mut self, consts: &mut Vec<ConstValue>) {
        if consts.is_empty() {
            return;
        }
        let mut used = vec![false; consts.len()];
        used[0] = true;
        for block in &self.blocks {
            for instr in &block.instrs {
                if instr.opcode == Opcode::LoadConst {
                    if let Some(slot) = used.get_mut(instr.oparg as usize) {
                        *slot = true;
                    }
                }
            }
        }
        let mut new_index = vec![0u32; consts.len()];
        let mut kept = Vec::new();
        for (index, value) in consts.drain(..).enumerate() {
            if used[index] {
                new_index[index] = kept.len() as u32;
                kept.push(value);
            }
        }
        *consts = kept;
        for block in &mut self.blocks {
            for instr in &mut block.instrs {
                if instr.opcode == Opcode::LoadConst {
                    instr.oparg = new_index.get(instr.oparg as usize).copied().unwrap_or(0);
                }
            }
        }
    }
}

/// The instructions of a CFG in layout order, jump arguments still naming blocks: what the
/// compile-phase views show between passes.
pub fn listing(cfg: &Cfg) -> Vec<(Option<BlockId>, Instr)> {
    let predecessors_by_jump: Vec<bool> = {
        let mut targeted = vec![false; cfg.blocks.len()];
        for block in &cfg.blocks {
            for instr in &block.instrs {
                if is_jump(instr.opcode) {
                    if let Some(slot) = targeted.get_mut(instr.oparg as usize) {
                        *slot = true;
                    }
                }
            }
        }
        targeted
    };
    let mut out = Vec::new();
    for id in cfg.order() {
        for (i, instr) in cfg.blocks[id].instrs.iter().enumerate() {
            let label = (i == 0 && predecessors_by_jump[id]).then_some(id);
            out.push((label, instr.clone()));
        }
    }
    out
}
