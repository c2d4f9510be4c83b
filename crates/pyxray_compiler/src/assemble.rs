//! The assembler: lays the optimized blocks out as bytes, resolves jump offsets (growing
//! `EXTENDED_ARG` prefixes until they fit), writes the location table, and builds the code object.
//!
//! CPython: `Python/assemble.c` (`resolve_jump_offsets`, `write_instr`, `assemble_location_info`,
//! `_PyAssemble_MakeCodeObject`).

use pyxray_bytecode::code::{
    local_kind, CodeObject, ConstValue, Location, LocationTableWriter, SourceLink,
};
use pyxray_bytecode::opcode::Opcode;

use crate::flowgraph::{BlockId, Cfg};
use crate::instruction_sequence::Instr;

/// Code units an instruction with argument `oparg` takes, `EXTENDED_ARG`s and caches included.
fn instr_size(opcode: Opcode, oparg: u32) -> u32 {
    let extended = match oparg {
        0..=0xff => 0,
        0x100..=0xffff => 1,
        0x1_0000..=0xff_ffff => 2,
        _ => 3,
    };
    extended + 1 + opcode.cache_entries()
}

/// For each block, the first block at or after it (in layout order) that holds an instruction:
/// where a jump to it really lands.
pub(crate) fn landing_blocks(cfg: &Cfg, order: &[BlockId]) -> Vec<Option<BlockId>> {
    let mut landing = vec![None; cfg.blocks.len()];
    let mut next_nonempty = None;
    for &id in order.iter().rev() {
        if !cfg.blocks[id].instrs.is_empty() {
            next_nonempty = Some(id);
        }
        landing[id] = next_nonempty;
    }
    landing
}

/// Everything the code object needs besides the instructions.
pub struct CodeMetadata {
    pub name: String,
    pub qualname: String,
    pub filename: String,
    pub firstlineno: u32,
    pub flags: u32,
    pub consts: Vec<ConstValue>,
    pub names: Vec<String>,
    pub stacksize: u32,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub localsplusnames: Vec<String>,
    pub localspluskinds: Vec<u8>,
}

/// The frame's local slots: names, kinds, and the slot of each cell-or-free variable.
pub struct LocalsPlus {
    pub names: Vec<String>,
    pub kinds: Vec<u8>,
    /// `cell_slots[i]`: frame slot of `(cellvars ++ freevars)[i]` (`build_cellfixedoffsets`).
    pub cell_slots: Vec<u32>,
}

/// `compute_localsplus_info` + `build_cellfixedoffsets` + `fix_cell_offsets`: locals first,
/// then cells that are not also arguments, then free variables.
pub fn localsplus(varnames: &[String], cellvars: &[String], freevars: &[String]) -> LocalsPlus {
    let mut names: Vec<String> = varnames.to_vec();
    let mut kinds: Vec<u8> = vec![local_kind::LOCAL; varnames.len()];
    let mut cell_slots = Vec::with_capacity(cellvars.len() + freevars.len());
    for cell in cellvars {
        if let Some(index) = varnames.iter().position(|v| v == cell) {
            kinds[index] |= local_kind::CELL;
            cell_slots.push(index as u32);
        } else {
            cell_slots.push(names.len() as u32);
            names.push(cell.clone());
            kinds.push(local_kind::CELL);
        }
    }
    for free in freevars {
        cell_slots.push(names.len() as u32);
        names.push(free.clone());
        kinds.push(local_kind::FREE);
    }
    LocalsPlus {
        names,
        kinds,
        cell_slots,
    }
}

/// `assemble_emit_exception_table_item`: 6 bits per byte, most significant first, bit 6
/// says more follow; bit 7 marks the first item of an entry.
fn write_exception_item(table: &mut Vec<u8>, value: u32, mut msb: u8) {
    const CONTINUATION: u8 = 64;
    for shift in [24, 18, 12, 6] {
        if value >= 1 << shift {
            table.push(((value >> shift) & 0x3f) as u8 | CONTINUATION | msb);
            msb = 0;
        }
    }
    table.push((value & 0x3f) as u8 | msb);
}

/// Lays out `cfg` and builds the code object.
pub fn assemble(cfg: &Cfg, metadata: CodeMetadata) -> CodeObject {
    let order = cfg.order();
    // Flatten, remembering where each block starts.
    let mut instrs: Vec<Instr> = Vec::new();
    let mut block_start = vec![0usize; cfg.blocks.len()];
    for &id in &order {
        block_start[id] = instrs.len();
        instrs.extend(cfg.blocks[id].instrs.iter().cloned());
    }
    let landing = landing_blocks(cfg, &order);
    let targets: Vec<Option<usize>> = instrs
        .iter()
        .map(|instr| {
            instr.opcode.is_jump().then(|| {
                landing
                    .get(instr.oparg as usize)
                    .copied()
                    .flatten()
                    .map_or(instrs.len(), |b| block_start[b])
            })
        })
        .collect();

    // `resolve_jump_offsets`: recompute until every argument fits its EXTENDED_ARG prefixes.
    let mut opargs: Vec<u32> = instrs
        .iter()
        .map(|i| if i.opcode.is_jump() { 0 } else { i.oparg })
        .collect();
    loop {
        let mut offsets = Vec::with_capacity(instrs.len() + 1);
        let mut total = 0;
        for (instr, &oparg) in instrs.iter().zip(&opargs) {
            offsets.push(total);
            total += instr_size(instr.opcode, oparg);
        }
        offsets.push(total);
        let mut changed = false;
        for (i, instr) in instrs.iter().enumerate() {
            let Some(target) = targets[i] else {
                continue;
            };
            let after = offsets[i] + instr_size(instr.opcode, opargs[i]);
            let target_offset = offsets[target];
            // Forward jumps count from the next instruction; backward jumps back to the target.
            let oparg = after.abs_diff(target_offset);
            if instr_size(instr.opcode, oparg) != instr_size(instr.opcode, opargs[i]) {
                changed = true;
            }
            opargs[i] = oparg;
        }
        if !changed {
            break;
        }
    }

    // `assemble_exception_table`: runs of instructions with the same handler.
    let mut exceptiontable = Vec::new();
    {
        let mut offset = 0u32;
        let mut current: Option<(usize, u32)> = None;
        let handler_offset = |block: usize| -> u32 {
            let landing_block = landing.get(block).copied().flatten();
            let index = landing_block.map_or(instrs.len(), |b| block_start[b]);
            instrs[..index]
                .iter()
                .zip(&opargs)
                .map(|(i, &a)| instr_size(i.opcode, a))
                .sum()
        };
        let emit = |handler: usize, start: u32, end: u32, table: &mut Vec<u8>| {
            let block = &cfg.blocks[handler];
            let lasti = u32::from(block.preserve_lasti);
            let depth = block.startdepth.unwrap_or(1).saturating_sub(1 + lasti);
            write_exception_item(table, start, 128);
            write_exception_item(table, end - start, 0);
            write_exception_item(table, handler_offset(handler), 0);
            write_exception_item(table, (depth << 1) | lasti, 0);
        };
        for (instr, &oparg) in instrs.iter().zip(&opargs) {
            if instr.except != current.map(|(handler, _)| handler) {
                if let Some((handler, start)) = current {
                    emit(handler, start, offset, &mut exceptiontable);
                }
                current = instr.except.map(|handler| (handler, offset));
            }
            offset += instr_size(instr.opcode, oparg);
        }
        if let Some((handler, start)) = current {
            emit(handler, start, offset, &mut exceptiontable);
        }
    }

    // `write_instr` and `assemble_location_info`.
    let mut code = Vec::new();
    let mut source_links: Vec<Option<SourceLink>> = Vec::new();
    let mut locations = LocationTableWriter::new(metadata.firstlineno);
    let mut run: Option<(Location, u32)> = None;
    for (instr, &oparg) in instrs.iter().zip(&opargs) {
        let size = instr_size(instr.opcode, oparg);
        let extended = size - 1 - instr.opcode.cache_entries();
        for shift in (1..=extended).rev() {
            code.push(Opcode::ExtendedArg.number() as u8);
            code.push((oparg >> (8 * shift)) as u8);
        }
        code.push(instr.opcode.number() as u8);
        code.push(oparg as u8);
        for _ in 0..instr.opcode.cache_entries() {
            code.extend([0, 0]);
        }
        source_links.extend(std::iter::repeat_n(instr.link, size as usize));
        run = match run {
            Some((location, units)) if location == instr.location => Some((location, units + size)),
            Some((location, units)) => {
                locations.add(location, units);
                Some((instr.location, size))
            }
            None => Some((instr.location, size)),
        };
    }
    if let Some((location, units)) = run {
        locations.add(location, units);
    }

    CodeObject {
        argcount: metadata.argcount,
        posonlyargcount: metadata.posonlyargcount,
        kwonlyargcount: metadata.kwonlyargcount,
        stacksize: metadata.stacksize,
        flags: metadata.flags,
        code,
        consts: metadata.consts,
        names: metadata.names,
        localsplusnames: metadata.localsplusnames,
        localspluskinds: metadata.localspluskinds,
        filename: metadata.filename,
        name: metadata.name,
        qualname: metadata.qualname,
        firstlineno: metadata.firstlineno,
        linetable: locations.finish(),
        exceptiontable,
        source_links,
    }
}
