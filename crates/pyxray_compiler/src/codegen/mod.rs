//! Code generation: walks the AST and emits pseudo-instructions into an `InstrSequence`.
//!
//! CPython: `Python/codegen.c` (entry point `_PyCodegen_Module`). Functions keep CPython's names
//! without the prefix: `codegen_visit_expr` → `visit_expr`, `codegen_nameop` → `nameop`.
//! pyxray compiles module-level code so far (expressions, assignments, `if`, `while`, `for`); other
//! constructs report "not supported yet".

mod expr;
mod stmt;

use pyxray_bytecode::code::{ConstValue, Location, SourceLink};
use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::{Constant, Module, NodeId};
use pyxray_text::{LineIndex, TextRange};

use crate::instruction_sequence::{InstrSequence, Label};
use crate::CompileError;

/// One code object being compiled (`struct compiler_unit`).
pub struct CodeUnit {
    pub seq: InstrSequence,
    pub consts: Vec<ConstValue>,
    pub names: Vec<String>,
    pub name: String,
    pub qualname: String,
    pub firstlineno: u32,
}

impl CodeUnit {
    fn new(name: &str, firstlineno: u32) -> Self {
        CodeUnit {
            seq: InstrSequence::default(),
            consts: Vec::new(),
            names: Vec::new(),
            name: name.to_string(),
            qualname: name.to_string(),
            firstlineno,
        }
    }
}

/// Adds `value` to `consts` unless an identical constant is there (`_PyCompile_AddConst`).
pub fn add_const(consts: &mut Vec<ConstValue>, value: ConstValue) -> u32 {
    if let Some(index) = consts.iter().position(|c| c.same_constant(&value)) {
        return index as u32;
    }
    consts.push(value);
    consts.len() as u32 - 1
}

/// The AST's literal as a code-object constant.
pub fn const_value(constant: &Constant) -> ConstValue {
    match constant {
        Constant::None => ConstValue::None,
        Constant::Bool(b) => ConstValue::Bool(*b),
        Constant::Ellipsis => ConstValue::Ellipsis,
        Constant::Int(i) => ConstValue::Int(i.clone()),
        Constant::Float(x) => ConstValue::Float(*x),
        Constant::Complex { real, imag } => ConstValue::Complex {
            real: *real,
            imag: *imag,
        },
        Constant::Str(s) => ConstValue::Str(s.clone()),
        Constant::Bytes(b) => ConstValue::Bytes(b.clone()),
    }
}

/// Where an instruction comes from: CPython's location plus pyxray's source link.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Loc {
    pub location: Location,
    pub link: Option<SourceLink>,
}

impl Loc {
    /// `NO_LOCATION`: filled in later from the previous instruction (`propagate_line_numbers`).
    pub const NONE: Loc = Loc {
        location: Location {
            lineno: None,
            end_lineno: None,
            col_offset: None,
            end_col_offset: None,
        },
        link: None,
    };
}

pub(crate) struct Codegen<'a> {
    pub lines: &'a LineIndex,
    pub unit: CodeUnit,
    /// Enclosing loops, innermost last: where `continue` and `break` jump (`fblock` stack).
    pub loops: Vec<LoopLabels>,
}

/// A loop's `continue` target (its start) and `break` target (after its `else`); a `for`
/// loop's iterator sits on the stack and must be popped by `break`.
#[derive(Clone, Copy)]
pub(crate) struct LoopLabels {
    pub start: Label,
    pub exit: Label,
    pub holds_iterator: bool,
}

impl<'a> Codegen<'a> {
    /// `LOC(node)`: the node's position, in CPython's terms and as a source link.
    pub fn loc(&self, range: TextRange, node: NodeId) -> Loc {
        let start = self.lines.byte_position(range.start());
        let end = self.lines.byte_position(range.end());
        Loc {
            location: Location {
                lineno: Some(start.line),
                end_lineno: Some(end.line),
                col_offset: Some(start.column),
                end_col_offset: Some(end.column),
            },
            link: Some(SourceLink {
                start: range.start().to_u32(),
                end: range.end().to_u32(),
                node: Some(node.0),
            }),
        }
    }

    pub fn addop(&mut self, loc: Loc, opcode: Opcode, oparg: u32) {
        self.unit.seq.add(opcode, oparg, loc.location, loc.link);
    }

    pub fn addop_jump(&mut self, loc: Loc, opcode: Opcode, target: Label) {
        self.unit
            .seq
            .add_jump(opcode, target, loc.location, loc.link);
    }

    pub fn new_label(&mut self) -> Label {
        self.unit.seq.new_label()
    }

    pub fn use_label(&mut self, label: Label) {
        self.unit.seq.use_label(label);
    }

    /// `ADDOP_LOAD_CONST`.
    pub fn load_const(&mut self, loc: Loc, value: ConstValue) {
        let index = add_const(&mut self.unit.consts, value);
        self.addop(loc, Opcode::LoadConst, index);
    }

    /// The index of `name` in `co_names`, added if new (`_PyCompile_DictAddObj`).
    pub fn name_index(&mut self, name: &str) -> u32 {
        if let Some(index) = self.unit.names.iter().position(|n| n == name) {
            return index as u32;
        }
        self.unit.names.push(name.to_string());
        self.unit.names.len() as u32 - 1
    }

    pub fn unsupported(&self, construct: &str, range: TextRange) -> CompileError {
        CompileError::Unsupported {
            construct: construct.to_string(),
            line: self.lines.byte_position(range.start()).line,
            range,
        }
    }
}

/// `_PyCodegen_Module`: the module's code unit, from `RESUME` to the implicit `return None`.
pub fn codegen_module(module: &Module, lines: &LineIndex) -> Result<CodeUnit, CompileError> {
    let mut codegen = Codegen {
        lines,
        unit: CodeUnit::new("<module>", 1),
        loops: Vec::new(),
    };
    // The module's RESUME has CPython's pseudo-location: line 0 to line 1, columns 0–0.
    let resume_loc = Loc {
        location: Location {
            lineno: Some(0),
            end_lineno: Some(1),
            col_offset: Some(0),
            end_col_offset: Some(0),
        },
        link: None,
    };
    codegen.addop(resume_loc, Opcode::Resume, 0);
    codegen.body(&module.body)?;
    // The implicit `return None` at the end of a module.
    codegen.load_const(Loc::NONE, ConstValue::None);
    codegen.addop(Loc::NONE, Opcode::ReturnValue, 0);
    Ok(codegen.unit)
}
