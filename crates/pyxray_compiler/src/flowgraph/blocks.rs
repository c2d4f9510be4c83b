//! Passes over whole blocks: exception handler targets, small exit blocks copied to their
//! jumps, line numbers for exits, cold blocks moved to the end, pseudo-instructions lowered.
//!
//! CPython: `Python/flowgraph.c` (`mark_except_handlers`, `label_exception_targets`,
//! `inline_small_or_no_lineno_blocks`, `duplicate_exits_without_lineno`,
//! `propagate_line_numbers`, `push_cold_blocks_to_end`, `convert_pseudo_ops`).

use pyxray_bytecode::code::Location;
use pyxray_bytecode::opcode::Opcode;

use super::{
    is_block_push, is_jump, is_scope_exit, is_unconditional_jump, set_nop, BasicBlock, BlockId, Cfg,
};
use crate::instruction_sequence::Instr;

/// `MAX_COPY_SIZE`: exit blocks up to this size are copied rather than jumped to.
const MAX_COPY_SIZE: usize = 4;

/// `RESUME` after a yield whose except depth is 1 (`RESUME_OPARG_DEPTH1_MASK`).
const RESUME_OPARG_DEPTH1_MASK: u32 = 4;

impl Cfg {
    /// `mark_except_handlers`: the targets of `SETUP_*` are exception handlers.
    pub fn mark_except_handlers(&mut self) {
        let mut handlers = Vec::new();
        for block in &self.blocks {
            for instr in &block.instrs {
                if is_block_push(instr.opcode) {
                    handlers.push(instr.oparg as usize);
                }
            }
        }
        for id in handlers {
            if let Some(block) = self.blocks.get_mut(id) {
                block.except_handler = true;
            }
        }
    }

    /// `label_exception_targets`: walks the graph with a stack of active handlers, pushed by
    /// `SETUP_*` and popped by `POP_BLOCK` (which becomes a NOP), and records each
    /// instruction's handler. A `RESUME` after a yield at handler depth 1 gets the depth bit.
    pub fn label_exception_targets(&mut self) {
        let mut visited = vec![false; self.blocks.len()];
        let mut stacks: Vec<Option<Vec<BlockId>>> = vec![None; self.blocks.len()];
        let mut todo = vec![self.entry];
        visited[self.entry] = true;
        stacks[self.entry] = Some(Vec::new());
        while let Some(id) = todo.pop() {
            let mut stack = stacks[id].take().unwrap_or_default();
            let mut last_yield_depth: Option<usize> = None;
            let count = self.blocks[id].instrs.len();
            for i in 0..count {
                let (opcode, oparg) = {
                    let instr = &self.blocks[id].instrs[i];
                    (instr.opcode, instr.oparg)
                };
                let handler = stack.last().copied();
                if is_block_push(opcode) {
                    let target = oparg as usize;
                    if !visited[target] {
                        visited[target] = true;
                        stacks[target] = Some(stack.clone());
                        todo.push(target);
                    }
                    if matches!(opcode, Opcode::SetupWith | Opcode::SetupCleanup) {
                        self.blocks[target].preserve_lasti = true;
                    }
                    stack.push(target);
                } else if opcode == Opcode::PopBlock {
                    stack.pop();
                    set_nop(&mut self.blocks[id].instrs[i]);
                } else if is_jump(opcode) {
                    self.blocks[id].instrs[i].except = handler;
                    let target = oparg as usize;
                    if !visited[target] {
                        visited[target] = true;
                        stacks[target] = Some(stack.clone());
                        todo.push(target);
                    }
                } else if opcode == Opcode::YieldValue {
                    self.blocks[id].instrs[i].except = handler;
                    last_yield_depth = Some(stack.len());
                } else if opcode == Opcode::Resume {
                    self.blocks[id].instrs[i].except = handler;
                    if oparg != 0 {
                        if last_yield_depth == Some(1) {
                            self.blocks[id].instrs[i].oparg |= RESUME_OPARG_DEPTH1_MASK;
                        }
                        last_yield_depth = None;
                    }
                } else {
                    self.blocks[id].instrs[i].except = handler;
                }
            }
            if self.falls_through(id) {
                if let Some(next) = self.blocks[id].next {
                    if !visited[next] {
                        visited[next] = true;
                        stacks[next] = Some(stack);
                        todo.push(next);
                    }
                }
            }
        }
        for block in &mut self.blocks {
            block.remember_slots();
        }
    }

    fn exits_scope(&self, id: BlockId) -> bool {
        self.blocks[id]
            .instrs
            .last()
            .is_some_and(|i| is_scope_exit(i.opcode))
    }

    fn has_no_lineno(&self, id: BlockId) -> bool {
        self.blocks[id]
            .instrs
            .iter()
            .all(|i| i.location.lineno.is_none())
    }

    /// `is_exit_or_eval_check_without_lineno`: a block without line numbers that leaves the
    /// function or checks for interrupts (a backward jump, a call).
    fn is_exit_or_eval_check_without_lineno(&self, id: BlockId) -> bool {
        // A jump checks for interrupts only when it goes back (`JUMP_BACKWARD`).
        let positions = self.positions();
        let eval_break = self.blocks[id].instrs.iter().any(|i| match i.opcode {
            Opcode::Jump => positions.get(i.oparg as usize) <= positions.get(id),
            op => matches!(
                op,
                Opcode::JumpBackward
                    | Opcode::Call
                    | Opcode::CallKw
                    | Opcode::CallFunctionEx
                    | Opcode::Resume
            ),
        });
        (self.exits_scope(id) || eval_break) && self.has_no_lineno(id)
    }

    /// `inline_small_or_no_lineno_blocks`: an unconditional jump to a small block that leaves
    /// the function (or to a block without line numbers that does not fall through) is
    /// replaced by a copy of that block.
    pub fn inline_small_or_no_lineno_blocks(&mut self) {
        loop {
            let mut changed = false;
            for id in self.order() {
                let Some(last) = self.blocks[id].instrs.last().cloned() else {
                    continue;
                };
                if !is_unconditional_jump(last.opcode) {
                    continue;
                }
                let target = last.oparg as usize;
                if target >= self.blocks.len() || self.blocks[target].instrs.is_empty() {
                    continue;
                }
                let small_exit =
                    self.exits_scope(target) && self.blocks[target].instrs.len() <= MAX_COPY_SIZE;
                let no_lineno = self.has_no_lineno(target) && !self.falls_through(target);
                if !(small_exit || no_lineno) {
                    continue;
                }
                let copied = self.blocks[target].instrs.clone();
                let block = &mut self.blocks[id];
                if let Some(jump) = block.instrs.last_mut() {
                    set_nop(jump);
                }
                block.instrs.extend(copied);
                if no_lineno {
                    if let Some(new_last) = block.instrs.last_mut() {
                        if is_unconditional_jump(new_last.opcode) && last.opcode == Opcode::Jump {
                            new_last.opcode = Opcode::Jump;
                        }
                    }
                }
                changed = true;
            }
            if !changed {
                break;
            }
        }
    }

    /// The first non-empty block at or after `id` in layout order (`next_nonempty_block`).
    fn next_nonempty(&self, id: BlockId) -> Option<BlockId> {
        let mut current = Some(id);
        while let Some(b) = current {
            if !self.blocks[b].instrs.is_empty() {
                return Some(b);
            }
            current = self.blocks[b].next;
        }
        None
    }

    /// `duplicate_exits_without_lineno` + `propagate_line_numbers` (`resolve_line_numbers`):
    /// an exit block without a line number that several jumps reach is copied for each, so
    /// that every return or raise gets the line of the code that led to it.
    pub fn resolve_line_numbers(&mut self) {
        let mut predecessors = self.predecessor_counts();
        for id in self.order() {
            let Some(last) = self.blocks[id].instrs.last().cloned() else {
                continue;
            };
            if !is_jump(last.opcode) {
                continue;
            }
            let Some(target) = self.next_nonempty(last.oparg as usize) else {
                continue;
            };
            let exit_without_line = self.is_exit_or_eval_check_without_lineno(target);
            if exit_without_line && predecessors[target] > 1 {
                let mut copy = self.blocks[target].clone();
                copy.slot_excepts = Vec::new();
                if let Some(first) = copy.instrs.first_mut() {
                    first.location = last.location;
                    first.link = first.link.or(last.link);
                }
                copy.next = self.blocks[target].next;
                let new_id = self.blocks.len();
                self.blocks.push(copy);
                predecessors.push(1);
                predecessors[target] -= 1;
                self.blocks[target].next = Some(new_id);
                if let Some(jump) = self.blocks[id].instrs.last_mut() {
                    jump.oparg = new_id as u32;
                }
            }
        }
        for id in self.order() {
            if !self.falls_through(id) || self.blocks[id].instrs.is_empty() {
                continue;
            }
            let Some(next) = self.blocks[id].next else {
                continue;
            };
            if self.is_exit_or_eval_check_without_lineno(next) {
                let location = self.blocks[id].instrs.last().map(|i| (i.location, i.link));
                if let (Some((location, link)), Some(first)) =
                    (location, self.blocks[next].instrs.first_mut())
                {
                    first.location = location;
                    first.link = first.link.or(link);
                }
            }
        }
        self.propagate_line_numbers();
    }

    /// `propagate_line_numbers`: an instruction without a location takes the one before it,
    /// also across into a successor block that only this block reaches.
    pub fn propagate_line_numbers(&mut self) {
        let predecessors = self.predecessor_counts();
        for id in self.order() {
            if self.blocks[id].instrs.is_empty() {
                continue;
            }
            let mut previous: (Location, Option<pyxray_bytecode::code::SourceLink>) =
                (Location::default(), None);
            for instr in &mut self.blocks[id].instrs {
                if instr.location.lineno.is_none() {
                    instr.location = previous.0;
                    instr.link = instr.link.or(previous.1);
                } else {
                    previous = (instr.location, instr.link);
                }
            }
            let mut targets = Vec::new();
            if self.falls_through(id) {
                if let Some(next) = self.blocks[id].next {
                    targets.push(next);
                }
            }
            if let Some(last) = self.blocks[id].instrs.last() {
                if is_jump(last.opcode) {
                    targets.push(last.oparg as usize);
                }
            }
            for target in targets {
                if predecessors.get(target) == Some(&1) {
                    if let Some(first) = self.blocks[target].instrs.first_mut() {
                        if first.location.lineno.is_none() {
                            first.location = previous.0;
                            first.link = first.link.or(previous.1);
                        }
                    }
                }
            }
        }
    }

    /// `push_cold_blocks_to_end`: blocks only reachable from exception handlers move after
    /// the rest; a cold block that fell through into a warm one jumps there instead.
    pub fn push_cold_blocks_to_end(&mut self) {
        if self.blocks[self.entry].next.is_none() {
            return;
        }
        // `mark_warm`: reachable from the entry without going through a handler.
        let mut warm = vec![false; self.blocks.len()];
        let mut stack = vec![self.entry];
        warm[self.entry] = true;
        while let Some(id) = stack.pop() {
            let mut next_ids = Vec::new();
            if self.falls_through(id) {
                if let Some(next) = self.blocks[id].next {
                    next_ids.push(next);
                }
            }
            for instr in &self.blocks[id].instrs {
                if is_jump(instr.opcode) {
                    next_ids.push(instr.oparg as usize);
                }
            }
            for next in next_ids {
                if !warm[next] {
                    warm[next] = true;
                    stack.push(next);
                }
            }
        }
        // `mark_cold`: reachable from a handler, not warm.
        let mut cold = vec![false; self.blocks.len()];
        let mut visited = vec![false; self.blocks.len()];
        let mut stack: Vec<BlockId> = Vec::new();
        for id in self.order() {
            if self.blocks[id].except_handler {
                visited[id] = true;
                stack.push(id);
            }
        }
        while let Some(id) = stack.pop() {
            cold[id] = true;
            let mut next_ids = Vec::new();
            if self.falls_through(id) {
                if let Some(next) = self.blocks[id].next {
                    next_ids.push(next);
                }
            }
            if let Some(last) = self.blocks[id].instrs.last() {
                if is_jump(last.opcode) {
                    next_ids.push(last.oparg as usize);
                }
            }
            for next in next_ids {
                if !warm[next] && !visited[next] {
                    visited[next] = true;
                    stack.push(next);
                }
            }
        }
        // A cold block falling through into a warm one gets an explicit jump.
        for id in self.order() {
            let Some(next) = self.blocks[id].next else {
                continue;
            };
            if cold[id] && self.falls_through(id) && warm[next] {
                let new_id = self.blocks.len();
                self.blocks.push(BasicBlock {
                    instrs: vec![Instr {
                        opcode: Opcode::JumpNoInterrupt,
                        oparg: next as u32,
                        location: Location::default(),
                        link: None,
                        except: None,
                    }],
                    next: Some(next),
                    ..BasicBlock::default()
                });
                cold.push(true);
                warm.push(false);
                self.blocks[id].next = Some(new_id);
            }
        }
        // Move each run of cold blocks to the end, keeping their order.
        let order = self.order();
        let (warm_blocks, cold_blocks): (Vec<BlockId>, Vec<BlockId>) =
            order.iter().partition(|&&id| !cold[id]);
        if cold_blocks.is_empty() {
            return;
        }
        let relinked: Vec<BlockId> = warm_blocks.into_iter().chain(cold_blocks).collect();
        for pair in relinked.windows(2) {
            self.blocks[pair[0]].next = Some(pair[1]);
        }
        if let Some(&last) = relinked.last() {
            self.blocks[last].next = None;
        }
        self.remove_redundant_nops_and_jumps();
    }

    /// `convert_pseudo_ops`: `SETUP_*` and `POP_BLOCK` become NOPs, `LOAD_CLOSURE` a
    /// `LOAD_FAST`, `STORE_FAST_MAYBE_NULL` a `STORE_FAST`.
    pub fn convert_pseudo_ops(&mut self) {
        for block in &mut self.blocks {
            for instr in &mut block.instrs {
                if is_block_push(instr.opcode) || instr.opcode == Opcode::PopBlock {
                    set_nop(instr);
                } else if instr.opcode == Opcode::LoadClosure {
                    instr.opcode = Opcode::LoadFast;
                } else if instr.opcode == Opcode::StoreFastMaybeNull {
                    instr.opcode = Opcode::StoreFast;
                }
            }
        }
        self.remove_redundant_nops_and_jumps();
    }
}
