//! The assembler: lays the optimized blocks out as bytes, resolves jump offsets (growing
//! `EXTENDED_ARG` prefixes until they fit), writes the location table, and builds the code object.
//!
//! CPython: `Python/assemble.c` (`resolve_jump_offsets`, `write_instr`, `assemble_location_info`,
//! `_PyAssemble_MakeCodeObject`).

use pyxray_bytecode::code::{CodeObject, ConstValue, Location, LocationTableWriter, SourceLink};
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
        argcount: 0,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        stacksize: metadata.stacksize,
        flags: metadata.flags,
        code,
        consts: metadata.consts,
        names: metadata.names,
        localsplusnames: Vec::new(),
        localspluskinds: Vec::new(),
        filename: metadata.filename,
        name: metadata.name,
        qualname: metadata.qualname,
        firstlineno: metadata.firstlineno,
        linetable: locations.finish(),
        exceptiontable: Vec::new(),
        source_links,
    }
}
