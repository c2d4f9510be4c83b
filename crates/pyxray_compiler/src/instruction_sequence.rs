//! The flat instruction list code generation produces: instructions with source locations and
//! jump labels, before the control-flow graph is built.
//!
//! CPython: `Python/instruction_sequence.c` (`_PyInstructionSequence_Addop`, labels).

use pyxray_bytecode::code::{Location, SourceLink};
use pyxray_bytecode::opcode::Opcode;

/// `NEXT_LOCATION`: take the location of the instruction that follows (resolved when the
/// control-flow graph is built).
pub const NEXT_LOCATION: Location = Location {
    lineno: Some(u32::MAX),
    end_lineno: Some(u32::MAX),
    col_offset: Some(u32::MAX),
    end_col_offset: Some(u32::MAX),
};

/// A jump target; resolved to an instruction position by `use_label`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Label(pub u32);

/// One instruction. For jumps, `oparg` is the label number until the assembler resolves it.
#[derive(Clone, Debug, PartialEq)]
pub struct Instr {
    pub opcode: Opcode,
    pub oparg: u32,
    pub location: Location,
    /// pyxray's link back to the source range and AST node (not in CPython).
    pub link: Option<SourceLink>,
    /// The block that handles an exception raised here (`i_except`), once
    /// `label_exception_targets` has run; `None` before and where nothing catches.
    pub except: Option<usize>,
}

/// The output of code generation for one code object.
#[derive(Clone, Debug, Default)]
pub struct InstrSequence {
    pub instrs: Vec<Instr>,
    /// `label_positions[label]`: the index of the instruction the label marks.
    pub label_positions: Vec<Option<usize>>,
}

impl InstrSequence {
    pub fn new_label(&mut self) -> Label {
        self.label_positions.push(None);
        Label(self.label_positions.len() as u32 - 1)
    }

    /// Marks the next instruction as the target of `label` (`USE_LABEL`).
    pub fn use_label(&mut self, label: Label) {
        if let Some(slot) = self.label_positions.get_mut(label.0 as usize) {
            *slot = Some(self.instrs.len());
        }
    }

    pub fn add(
        &mut self,
        opcode: Opcode,
        oparg: u32,
        location: Location,
        link: Option<SourceLink>,
    ) {
        self.instrs.push(Instr {
            opcode,
            oparg,
            location,
            link,
            except: None,
        });
    }

    /// Inserts an instruction at `position`, moving later labels along
    /// (`_PyInstructionSequence_InsertInstruction`).
    pub fn insert(&mut self, position: usize, opcode: Opcode, oparg: u32, location: Location) {
        self.instrs.insert(
            position,
            Instr {
                opcode,
                oparg,
                location,
                link: None,
                except: None,
            },
        );
        for slot in self.label_positions.iter_mut().flatten() {
            if *slot >= position {
                *slot += 1;
            }
        }
    }

    /// Moves the instructions from `from` to the end so they start at `to` (before `from`);
    /// labels from `to` to `from` move along with the code they mark
    /// (`_PyInstructionSequence_InjectSequence`).
    pub fn move_tail(&mut self, from: usize, to: usize) {
        if to >= from || from > self.instrs.len() {
            return;
        }
        let tail: Vec<Instr> = self.instrs.drain(from..).collect();
        let moved = tail.len();
        for slot in self.label_positions.iter_mut().flatten() {
            if *slot >= to && *slot <= from {
                *slot += moved;
            }
        }
        self.instrs.splice(to..to, tail);
    }

    pub fn add_jump(
        &mut self,
        opcode: Opcode,
        target: Label,
        location: Location,
        link: Option<SourceLink>,
    ) {
        self.add(opcode, target.0, location, link);
    }
}
