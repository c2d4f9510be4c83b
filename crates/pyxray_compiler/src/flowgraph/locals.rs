//! Passes about fast locals: `LOAD_FAST_CHECK` where a local may be unbound, the
//! superinstructions that pair local loads and stores, borrowed loads (`LOAD_FAST_BORROW`),
//! and the frame prologue (`MAKE_CELL`, `COPY_FREE_VARS`, `RETURN_GENERATOR`).
//!
//! CPython: `Python/flowgraph.c` (`add_checks_for_loads_of_uninitialized_variables`,
//! `scan_block_for_locals`, `fast_scan_many_locals`, `insert_superinstructions`,
//! `optimize_load_fast`, `insert_prefix_instructions`, `fix_cell_offsets`).

use pyxray_bytecode::code::Location;
use pyxray_bytecode::opcode::Opcode;

use super::{
    has_target, is_block_push, is_scope_exit, is_unconditional_jump, set_nop, BlockId, Cfg,
};
use crate::instruction_sequence::Instr;

/// The analysis tracks at most this many locals across blocks (a `u64` mask).
const TRACKED_LOCALS: usize = 64;

impl Cfg {
    /// `add_checks_for_loads_of_uninitialized_variables`: a `LOAD_FAST` of a local that may
    /// not be bound on some path (not a parameter, deleted, or cleared by a comprehension)
    /// becomes `LOAD_FAST_CHECK`, which raises `UnboundLocalError`.
    pub fn add_checks_for_loads_of_uninitialized_variables(
        &mut self,
        nlocals: usize,
        nparams: usize,
    ) {
        if nlocals == 0 {
            return;
        }
        if nlocals > TRACKED_LOCALS {
            self.fast_scan_many_locals();
        }
        let tracked = nlocals.min(TRACKED_LOCALS);
        let mut unsafe_mask: Vec<u64> = vec![0; self.blocks.len()];
        let mut on_stack = vec![false; self.blocks.len()];
        let mut stack: Vec<BlockId> = Vec::new();
        let mut start_mask = 0u64;
        for i in nparams..tracked {
            start_mask |= 1 << i;
        }
        let maybe_push = |block: BlockId,
                          mask: u64,
                          unsafe_mask: &mut Vec<u64>,
                          stack: &mut Vec<BlockId>,
                          on_stack: &mut Vec<bool>| {
            let both = unsafe_mask[block] | mask;
            if unsafe_mask[block] != both {
                unsafe_mask[block] = both;
                if !on_stack[block] {
                    stack.push(block);
                    on_stack[block] = true;
                }
            }
        };
        maybe_push(
            self.entry,
            start_mask,
            &mut unsafe_mask,
            &mut stack,
            &mut on_stack,
        );
        let order = self.order();
        let mut pending: Vec<BlockId> = order.clone();
        pending.reverse();
        // Scan each block once, then until nothing changes.
        loop {
            let id = if let Some(id) = pending.pop() {
                id
            } else if let Some(id) = stack.pop() {
                on_stack[id] = false;
                id
            } else {
                break;
            };
            let mut mask = unsafe_mask[id];
            let mut pushes: Vec<(BlockId, u64)> = Vec::new();
            for instr in &mut self.blocks[id].instrs {
                if let Some(handler) = instr.except {
                    pushes.push((handler, mask));
                }
                if instr.oparg as usize >= TRACKED_LOCALS {
                    continue;
                }
                let bit = 1u64 << instr.oparg;
                match instr.opcode {
                    Opcode::DeleteFast | Opcode::LoadFastAndClear | Opcode::StoreFastMaybeNull => {
                        mask |= bit
                    }
                    Opcode::StoreFast | Opcode::LoadFastCheck => mask &= !bit,
                    Opcode::LoadFast => {
                        if mask & bit != 0 {
                            instr.opcode = Opcode::LoadFastCheck;
                        }
                        mask &= !bit;
                    }
                    _ => {}
                }
            }
            if self.falls_through(id) {
                if let Some(next) = self.blocks[id].next {
                    pushes.push((next, mask));
                }
            }
            if let Some(last) = self.blocks[id].instrs.last() {
                if last.opcode.is_jump() {
                    pushes.push((last.oparg as usize, mask));
                }
            }
            for (block, mask) in pushes {
                maybe_push(block, mask, &mut unsafe_mask, &mut stack, &mut on_stack);
            }
        }
    }

    /// `fast_scan_many_locals`: locals past the 64th are checked one block at a time.
    fn fast_scan_many_locals(&mut self) {
        let mut states: std::collections::HashMap<u32, usize> = Default::default();
        for (blocknum, id) in self.order().into_iter().enumerate() {
            let blocknum = blocknum + 1;
            for instr in &mut self.blocks[id].instrs {
                if (instr.oparg as usize) < TRACKED_LOCALS {
                    continue;
                }
                match instr.opcode {
                    Opcode::DeleteFast | Opcode::LoadFastAndClear | Opcode::StoreFastMaybeNull => {
                        states.insert(instr.oparg, blocknum - 1);
                    }
                    Opcode::StoreFast => {
                        states.insert(instr.oparg, blocknum);
                    }
                    Opcode::LoadFast => {
                        if states.get(&instr.oparg) != Some(&blocknum) {
                            instr.opcode = Opcode::LoadFastCheck;
                        }
                        states.insert(instr.oparg, blocknum);
                    }
                    _ => {}
                }
            }
        }
    }

    /// `insert_superinstructions`: `LOAD_FAST a; LOAD_FAST b` → `LOAD_FAST_LOAD_FAST (a, b)`,
    /// and likewise for stores, when both are on one line and both indexes fit in 4 bits.
    pub fn insert_superinstructions(&mut self) {
        for block in &mut self.blocks {
            for i in 0..block.instrs.len().saturating_sub(1) {
                let (first, rest) = block.instrs.split_at_mut(i + 1);
                let inst = &mut first[i];
                let next = &mut rest[0];
                let super_op = match (inst.opcode, next.opcode) {
                    (Opcode::LoadFast, Opcode::LoadFast) => Opcode::LoadFastLoadFast,
                    (Opcode::StoreFast, Opcode::LoadFast) => Opcode::StoreFastLoadFast,
                    (Opcode::StoreFast, Opcode::StoreFast) => Opcode::StoreFastStoreFast,
                    _ => continue,
                };
                if let (Some(a), Some(b)) = (inst.location.lineno, next.location.lineno) {
                    if a != b {
                        continue;
                    }
                }
                if inst.oparg >= 16 || next.oparg >= 16 {
                    continue;
                }
                inst.opcode = super_op;
                inst.oparg = (inst.oparg << 4) | next.oparg;
                set_nop(next);
            }
        }
        self.remove_redundant_nops();
    }

    /// `optimize_load_fast`: a `LOAD_FAST` whose value is used up within its block, before
    /// the local is overwritten and without being stored in another local, becomes
    /// `LOAD_FAST_BORROW`, which pushes the reference without counting it.
    pub fn optimize_load_fast(&mut self) {
        const NOT_LOCAL: i64 = -1;
        const DUMMY: i64 = -1;
        const SUPPORT_KILLED: u8 = 1;
        const STORED_AS_LOCAL: u8 = 2;
        const REF_UNCONSUMED: u8 = 4;
        // (producing instruction, local)
        type Ref = (i64, i64);

        let mut visited = vec![false; self.blocks.len()];
        let mut worklist = vec![self.entry];
        visited[self.entry] = true;
        while let Some(id) = worklist.pop() {
            let start = self.blocks[id].startdepth.unwrap_or(0) as usize;
            let count = self.blocks[id].instrs.len();
            let mut flags = vec![0u8; count];
            let mut refs: Vec<Ref> = vec![(DUMMY, NOT_LOCAL); start];
            let mut to_visit: Vec<BlockId> = Vec::new();
            let kill = |refs: &Vec<Ref>, flags: &mut Vec<u8>, local: i64| {
                for r in refs {
                    if r.1 == local && r.0 >= 0 {
                        flags[r.0 as usize] |= SUPPORT_KILLED;
                    }
                }
            };
            let store = |refs: &Vec<Ref>, flags: &mut Vec<u8>, local: i64, r: Ref| {
                kill(refs, flags, local);
                if r.0 != DUMMY {
                    flags[r.0 as usize] |= STORED_AS_LOCAL;
                }
            };
            let pop = |refs: &mut Vec<Ref>| refs.pop().unwrap_or((DUMMY, NOT_LOCAL));
            for i in 0..count {
                let instr = self.blocks[id].instrs[i].clone();
                let oparg = instr.oparg;
                let at = i as i64;
                match instr.opcode {
                    Opcode::LoadFast => refs.push((at, i64::from(oparg))),
                    Opcode::LoadFastAndClear => {
                        kill(&refs, &mut flags, i64::from(oparg));
                        refs.push((at, i64::from(oparg)));
                    }
                    Opcode::LoadFastLoadFast => {
                        refs.push((at, i64::from(oparg >> 4)));
                        refs.push((at, i64::from(oparg & 15)));
                    }
                    Opcode::StoreFast => {
                        let r = pop(&mut refs);
                        store(&refs, &mut flags, i64::from(oparg), r);
                    }
                    Opcode::StoreFastLoadFast => {
                        let r = pop(&mut refs);
                        store(&refs, &mut flags, i64::from(oparg >> 4), r);
                        refs.push((at, i64::from(oparg & 15)));
                    }
                    Opcode::StoreFastStoreFast => {
                        let r = pop(&mut refs);
                        store(&refs, &mut flags, i64::from(oparg >> 4), r);
                        let r = pop(&mut refs);
                        store(&refs, &mut flags, i64::from(oparg & 15), r);
                    }
                    Opcode::Copy => {
                        let index = refs.len().saturating_sub(oparg as usize);
                        let r = refs.get(index).copied().unwrap_or((DUMMY, NOT_LOCAL));
                        refs.push(r);
                    }
                    Opcode::Swap => {
                        let len = refs.len();
                        let index = len.saturating_sub(oparg as usize);
                        if len > 0 && index < len {
                            refs.swap(index, len - 1);
                        }
                    }
                    Opcode::GetAnext
                    | Opcode::GetLen
                    | Opcode::ImportFrom
                    | Opcode::MatchKeys
                    | Opcode::MatchMapping
                    | Opcode::MatchSequence
                    | Opcode::WithExceptStart => {
                        let (pops, pushes) = instr.opcode.stack_effect(oparg);
                        // CPython records these pushes under the loop counter, not the
                        // instruction index; kept so that the flags agree.
                        for j in 0..pushes.saturating_sub(pops) {
                            refs.push((i64::from(j), NOT_LOCAL));
                        }
                    }
                    Opcode::DictMerge
                    | Opcode::DictUpdate
                    | Opcode::ListAppend
                    | Opcode::ListExtend
                    | Opcode::MapAdd
                    | Opcode::Reraise
                    | Opcode::SetAdd
                    | Opcode::SetUpdate => {
                        let (pops, pushes) = instr.opcode.stack_effect(oparg);
                        for _ in 0..pops.saturating_sub(pushes) {
                            pop(&mut refs);
                        }
                    }
                    // The iterator may be the operand itself (a generator), so the reference
                    // stays on the stack.
                    Opcode::GetYieldFromIter => {
                        let r = pop(&mut refs);
                        refs.push(r);
                    }
                    Opcode::CheckExcMatch => {
                        pop(&mut refs);
                        refs.push((at, NOT_LOCAL));
                    }
                    Opcode::ForIter => {
                        to_visit.push(instr.oparg as usize);
                        refs.push((at, NOT_LOCAL));
                    }
                    // The method and its `self` (pushed back) from `__enter__`/`__exit__`.
                    Opcode::LoadSpecial => {
                        let receiver = pop(&mut refs);
                        refs.push((at, NOT_LOCAL));
                        refs.push(receiver);
                    }
                    Opcode::LoadAttr | Opcode::LoadSuperAttr => {
                        let receiver = pop(&mut refs);
                        if instr.opcode == Opcode::LoadSuperAttr {
                            pop(&mut refs);
                            pop(&mut refs);
                        }
                        refs.push((at, NOT_LOCAL));
                        if oparg & 1 != 0 {
                            refs.push(receiver);
                        }
                    }
                    Opcode::Send => {
                        to_visit.push(instr.oparg as usize);
                        pop(&mut refs);
                        refs.push((at, NOT_LOCAL));
                    }
                    opcode => {
                        let (pops, pushes) = opcode.stack_effect(oparg);
                        if has_target(opcode) {
                            to_visit.push(instr.oparg as usize);
                        }
                        if !is_block_push(opcode) {
                            for _ in 0..pops {
                                pop(&mut refs);
                            }
                            for _ in 0..pushes {
                                refs.push((at, NOT_LOCAL));
                            }
                        }
                    }
                }
            }
            if let Some(last) = self.blocks[id].instrs.last() {
                let ends = is_unconditional_jump(last.opcode) || is_scope_exit(last.opcode);
                if !ends {
                    if let Some(next) = self.blocks[id].next {
                        to_visit.push(next);
                    }
                }
            }
            for r in &refs {
                if r.0 >= 0 {
                    if let Some(flag) = flags.get_mut(r.0 as usize) {
                        *flag |= REF_UNCONSUMED;
                    }
                }
            }
            for (instr, flag) in self.blocks[id].instrs.iter_mut().zip(&flags) {
                if *flag == 0 {
                    match instr.opcode {
                        Opcode::LoadFast => instr.opcode = Opcode::LoadFastBorrow,
                        Opcode::LoadFastLoadFast => {
                            instr.opcode = Opcode::LoadFastBorrowLoadFastBorrow
                        }
                        _ => {}
                    }
                }
            }
            for target in to_visit {
                if target < visited.len() && !visited[target] {
                    visited[target] = true;
                    worklist.push(target);
                }
            }
        }
    }

    /// `insert_prefix_instructions` + `fix_cell_offsets`: generators start with
    /// `RETURN_GENERATOR; POP_TOP`, cells are made (`MAKE_CELL`) and free variables copied
    /// from the closure (`COPY_FREE_VARS`) before anything else; cell and free variable
    /// arguments become frame slots. `cell_slots[i]` is the slot of cell-or-free variable `i`.
    pub fn insert_prefix_instructions(
        &mut self,
        generator_line: Option<u32>,
        cell_slots: &[u32],
        ncells: usize,
        nfree: usize,
    ) {
        let entry = self.entry;
        let instr = |opcode: Opcode, oparg: u32, location: Location| Instr {
            opcode,
            oparg,
            location,
            link: None,
            except: None,
        };
        if let Some(line) = generator_line {
            let location = Location {
                lineno: Some(line),
                end_lineno: Some(line),
                col_offset: None,
                end_col_offset: None,
            };
            let block = &mut self.blocks[entry].instrs;
            block.insert(0, instr(Opcode::ReturnGenerator, 0, location));
            block.insert(1, instr(Opcode::PopTop, 0, location));
        }
        // MAKE_CELL in slot order.
        let mut cells: Vec<u32> = cell_slots.iter().take(ncells).copied().collect();
        cells.sort_unstable();
        for (position, slot) in cells.into_iter().enumerate() {
            self.blocks[entry]
                .instrs
                .insert(position, instr(Opcode::MakeCell, slot, Location::default()));
        }
        if nfree > 0 {
            self.blocks[entry].instrs.insert(
                0,
                instr(Opcode::CopyFreeVars, nfree as u32, Location::default()),
            );
        }
        for block in &mut self.blocks {
            for instr in &mut block.instrs {
                if matches!(
                    instr.opcode,
                    Opcode::LoadClosure
                        | Opcode::LoadDeref
                        | Opcode::StoreDeref
                        | Opcode::DeleteDeref
                        | Opcode::LoadFromDictOrDeref
                ) {
                    if let Some(&slot) = cell_slots.get(instr.oparg as usize) {
                        instr.oparg = slot;
                    }
                }
            }
        }
    }
}
