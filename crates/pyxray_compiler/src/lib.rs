//! The compiler: AST → code object, in CPython 3.14's passes, each pass's output kept so the UI
//! can show how the bytecode takes shape.
//!
//! CPython: `Python/compile.c` (the driver, `_PyAST_Compile`, `optimize_and_assemble`), with the
//! stages in `codegen`, `flowgraph` and `assemble`.
#![forbid(unsafe_code)]

pub mod assemble;
pub mod codegen;
mod const_eval;
pub mod flowgraph;
mod forbidden;
pub mod instruction_sequence;
mod match_patterns;
mod set_order;
pub mod symtable;
mod unparse;
pub mod validate;

use std::rc::Rc;

use pyxray_bytecode::code::{flags, CodeObject, ConstValue, Location, SourceLink};
use pyxray_bytecode::opcode::{Opcode, Operand, BINARY_OPS, COMPARE_OPS};
use pyxray_parser::ast::Module;
use pyxray_parser::SyntaxError;
use pyxray_text::{LineIndex, TextRange};

use crate::assemble::{assemble, landing_blocks, CodeMetadata};
use crate::flowgraph::Cfg;

/// Why a module did not compile.
#[derive(Clone, Debug, PartialEq)]
pub enum CompileError {
    /// A compile-time `SyntaxError` CPython also raises (e.g. `'return' outside function`).
    Syntax(SyntaxError),
    /// Valid Python that pyxray cannot compile yet.
    Unsupported {
        construct: String,
        line: u32,
        range: TextRange,
    },
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompileError::Syntax(error) => write!(f, "{error}"),
            CompileError::Unsupported {
                construct, line, ..
            } => {
                write!(f, "not supported yet: {construct} (line {line})")
            }
        }
    }
}

/// One instruction in a compile phase's listing.
#[derive(Clone, Debug, PartialEq)]
pub struct ListingEntry {
    /// `L<n>` when a jump targets this instruction.
    pub label: Option<u32>,
    pub opcode: Opcode,
    pub oparg: u32,
    /// What `dis` would print in parentheses (`(5)`, `(+)`, `(to L1)`).
    pub argrepr: String,
    pub location: Location,
    pub link: Option<SourceLink>,
}

/// The listing after one stage of compilation.
#[derive(Clone, Debug, PartialEq)]
pub struct CompilePhase {
    pub title: &'static str,
    pub description: &'static str,
    pub listing: Vec<ListingEntry>,
}

/// The compiled module and the phases that led to it.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub code: Rc<CodeObject>,
    pub phases: Vec<CompilePhase>,
    /// Each nested code object (functions, classes, lambdas, generator expressions) with its
    /// own phases, in the order compilation finished them.
    pub nested: Vec<CompiledUnit>,
}

/// One code object and the phases of its compilation.
#[derive(Clone, Debug)]
pub struct CompiledUnit {
    pub qualname: String,
    pub code: Rc<CodeObject>,
    pub phases: Vec<CompilePhase>,
}

/// Records the listing after each pass that changed it.
struct PhaseRecorder {
    phases: Vec<CompilePhase>,
}

impl PhaseRecorder {
    fn record(
        &mut self,
        title: &'static str,
        description: &'static str,
        cfg: &Cfg,
        consts: &[ConstValue],
        names: &[String],
    ) {
        let listing = cfg_listing(cfg, consts, names);
        let unchanged = self
            .phases
            .last()
            .is_some_and(|previous| same_listing(&previous.listing, &listing));
        if !unchanged {
            self.phases.push(CompilePhase {
                title,
                description,
                listing,
            });
        }
    }
}

fn same_listing(a: &[ListingEntry], b: &[ListingEntry]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.opcode == y.opcode
                && x.oparg == y.oparg
                && x.argrepr == y.argrepr
                && x.label == y.label
        })
}

/// A pass's listing, labels numbered in layout order as `dis` numbers them.
fn cfg_listing(cfg: &Cfg, consts: &[ConstValue], names: &[String]) -> Vec<ListingEntry> {
    let order = cfg.order();
    let landing = landing_blocks(cfg, &order);
    let lands_at = |target: u32| landing.get(target as usize).copied().flatten();
    // Label numbers: the jump targets, numbered from 1 in layout order.
    let mut labels: Vec<Option<u32>> = vec![None; cfg.blocks.len()];
    for &id in &order {
        for instr in &cfg.blocks[id].instrs {
            if flowgraph::has_target(instr.opcode) {
                if let Some(target) = lands_at(instr.oparg) {
                    labels[target] = Some(0);
                }
            }
        }
    }
    let mut next_label = 0;
    for &id in &order {
        if labels[id].is_some() {
            next_label += 1;
            labels[id] = Some(next_label);
        }
    }
    let label_of = |block: usize| labels.get(block).copied().flatten();
    let mut out = Vec::new();
    for &id in &order {
        for (i, instr) in cfg.blocks[id].instrs.iter().enumerate() {
            let argrepr = match instr.opcode.operand() {
                Operand::Const => consts
                    .get(instr.oparg as usize)
                    .map(ConstValue::repr)
                    .unwrap_or_default(),
                Operand::Name => names.get(instr.oparg as usize).cloned().unwrap_or_default(),
                Operand::BinaryOp => BINARY_OPS
                    .get(instr.oparg as usize)
                    .unwrap_or(&"")
                    .to_string(),
                Operand::Compare => {
                    let text = COMPARE_OPS
                        .get((instr.oparg >> 5) as usize)
                        .unwrap_or(&"")
                        .to_string();
                    if instr.oparg & 16 != 0 {
                        format!("bool({text})")
                    } else {
                        text
                    }
                }
                Operand::IsOp => if instr.oparg != 0 { "is not" } else { "is" }.to_string(),
                Operand::ContainsOp => if instr.oparg != 0 { "not in" } else { "in" }.to_string(),
                Operand::JumpForward | Operand::JumpBackward | Operand::Handler => {
                    lands_at(instr.oparg)
                        .and_then(label_of)
                        .map(|l| format!("to L{l}"))
                        .unwrap_or_default()
                }
                _ => String::new(),
            };
            let oparg = match instr.opcode.operand() {
                Operand::JumpForward | Operand::JumpBackward | Operand::Handler => {
                    lands_at(instr.oparg).and_then(label_of).unwrap_or(0)
                }
                _ => instr.oparg,
            };
            out.push(ListingEntry {
                label: if i == 0 { label_of(id) } else { None },
                opcode: instr.opcode,
                oparg,
                argrepr,
                location: instr.location,
                link: instr.link,
            });
        }
    }
    out
}

/// Compiles a module as `compile(source, filename, "exec")` does.
pub fn compile_module(
    module: &Module,
    source: &str,
    filename: &str,
) -> Result<Compiled, CompileError> {
    let lines = LineIndex::new(source);
    if let Some(error) = validate::check_module(module, source, &lines) {
        return Err(CompileError::Syntax(error));
    }
    let table = symtable::build(module);
    let (unit, nested) = codegen::codegen_module(module, &lines, &table, filename)?;
    let compiled = optimize_and_assemble(unit, filename);
    Ok(Compiled {
        code: compiled.code,
        phases: compiled.phases,
        nested,
    })
}

/// `_PyCompile_OptimizeAndAssemble`: one unit's CFG through CPython's passes, in order
/// (`_PyCfg_OptimizeCodeUnit`, `_PyCfg_OptimizedCfgToInstructionSequence`), then assembled.
pub(crate) fn optimize_and_assemble(unit: codegen::CodeUnit, filename: &str) -> CompiledUnit {
    let nlocals = unit.varnames.len();
    let nparams = unit.nparams();
    let mut consts = unit.consts;
    let names = unit.names;
    let mut cfg = Cfg::from_sequence(&unit.seq);
    let mut recorder = PhaseRecorder { phases: Vec::new() };
    recorder.record(
        "Code generation",
        "codegen.c walks the AST and emits instructions, some of them pseudo-instructions; jumps go to labels.",
        &cfg,
        &consts,
        &names,
    );

    // `_PyCfg_OptimizeCodeUnit`: exception handlers, then `optimize_cfg`.
    cfg.mark_except_handlers();
    cfg.label_exception_targets();
    cfg.inline_small_or_no_lineno_blocks();
    cfg.remove_unreachable();
    cfg.resolve_line_numbers();
    cfg.optimize_load_const(&mut consts);
    recorder.record(
        "Small integers",
        "flowgraph.c turns LOAD_CONST of an int from 0 to 255 into LOAD_SMALL_INT: those ints are preallocated.",
        &cfg,
        &consts,
        &names,
    );
    cfg.optimize_basic_blocks(&mut consts);
    recorder.record(
        "Constant folding",
        "flowgraph.c computes operations on constants at compile time (5 + 6 becomes 11); the operands become NOPs.",
        &cfg,
        &consts,
        &names,
    );
    cfg.remove_redundant_nops_and_pairs();
    cfg.remove_unreachable();
    cfg.remove_redundant_nops_and_jumps();
    recorder.record(
        "Remove NOPs and dead code",
        "flowgraph.c drops NOPs that carry no line number of their own, and jumps to the next instruction.",
        &cfg,
        &consts,
        &names,
    );
    cfg.remove_unused_consts(&mut consts);
    cfg.add_checks_for_loads_of_uninitialized_variables(nlocals, nparams);
    cfg.insert_superinstructions();
    recorder.record(
        "Local variables",
        "flowgraph.c marks loads of locals that may be unbound (LOAD_FAST_CHECK) and pairs adjacent local loads and stores into superinstructions.",
        &cfg,
        &consts,
        &names,
    );
    cfg.push_cold_blocks_to_end();
    cfg.resolve_line_numbers();

    // `_PyCfg_OptimizedCfgToInstructionSequence`.
    cfg.convert_pseudo_conditional_jumps();
    let stacksize = cfg.max_stack_depth();
    let localsplus = assemble::localsplus(&unit.varnames, &unit.cellvars, &unit.freevars);
    let generator_line =
        (unit.flags & (flags::GENERATOR | flags::COROUTINE | flags::ASYNC_GENERATOR) != 0)
            .then_some(unit.firstlineno);
    cfg.insert_prefix_instructions(
        generator_line,
        &localsplus.cell_slots,
        unit.cellvars.len(),
        unit.freevars.len(),
    );
    cfg.convert_pseudo_ops();
    cfg.normalize_jumps();
    recorder.record(
        "Lower pseudo-instructions",
        "flowgraph.c turns pseudo-instructions into real ones: JUMP_IF_FALSE becomes COPY, TO_BOOL, POP_JUMP_IF_FALSE; forward conditional jumps get NOT_TAKEN.",
        &cfg,
        &consts,
        &names,
    );
    cfg.optimize_load_fast();
    recorder.record(
        "Borrowed loads",
        "flowgraph.c turns LOAD_FAST into LOAD_FAST_BORROW where the value is used up before the variable can change: no reference count is taken.",
        &cfg,
        &consts,
        &names,
    );

    let qualname = unit.qualname.clone();
    let code = assemble(
        &cfg,
        CodeMetadata {
            name: unit.name,
            qualname: unit.qualname,
            filename: filename.to_string(),
            firstlineno: unit.firstlineno,
            flags: unit.flags,
            consts,
            names,
            stacksize,
            argcount: unit.argcount,
            posonlyargcount: unit.posonlyargcount,
            kwonlyargcount: unit.kwonlyargcount,
            localsplusnames: localsplus.names,
            localspluskinds: localsplus.kinds,
        },
    );
    CompiledUnit {
        qualname,
        code: Rc::new(code),
        phases: recorder.phases,
    }
}
