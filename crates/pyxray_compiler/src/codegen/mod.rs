//! Code generation: walks the AST and emits pseudo-instructions into an `InstrSequence`.
//!
//! CPython: `Python/codegen.c` (entry point `_PyCodegen_Module`). Functions keep CPython's names
//! without the prefix: `codegen_visit_expr` → `visit_expr`, `codegen_nameop` → `nameop`.
//! pyxray compiles module-level code so far (expressions, assignments, `if`, `while`, `for`); other
//! constructs report "not supported yet".

mod access;
mod comprehension;
mod control;
mod expr;
mod format;
mod function;
pub(crate) mod pattern;
mod stmt;

use std::collections::HashSet;

use pyxray_bytecode::code::{flags, ConstValue, Location, SourceLink};
use pyxray_bytecode::opcode::Opcode;
use pyxray_parser::ast::{Constant, ExprContext, Module, NodeId, Stmt};
use pyxray_text::{LineIndex, TextRange};

use crate::instruction_sequence::{InstrSequence, Label};
use crate::symtable::{mangle, BlockId, BlockType, Scope, SymbolTable};
use crate::{CompileError, CompiledUnit};

/// What kind of code object a unit becomes (`COMPILE_SCOPE_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitType {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

/// One code object being compiled (`struct compiler_unit` and its metadata).
pub struct CodeUnit {
    pub seq: InstrSequence,
    pub consts: Vec<ConstValue>,
    pub names: Vec<String>,
    /// Parameters first, then other fast locals in order of first use (`u_varnames`).
    pub varnames: Vec<String>,
    /// `u_cellvars`: `__class__`/`__classdict__` first for classes, then sorted names.
    pub cellvars: Vec<String>,
    /// `u_freevars`, sorted.
    pub freevars: Vec<String>,
    pub name: String,
    pub qualname: String,
    pub firstlineno: u32,
    pub unit_type: UnitType,
    /// The symbol table block of this unit.
    pub ste: BlockId,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: u32,
    /// Names an inlined comprehension binds at module or class level: fast locals while it
    /// runs (`u_fasthidden`).
    pub fasthidden: HashSet<String>,
    /// `self.x = …` attribute names seen in methods (`u_static_attributes`), classes only.
    pub static_attributes: Vec<String>,
    /// The enclosing control structures (`u_fblock`).
    pub fblocks: Vec<FBlock>,
    /// Variable annotations of a module or class, compiled into `__annotate__` at the end
    /// (`u_deferred_annotations`).
    pub deferred_annotations: Vec<DeferredAnnotation>,
    /// How many `if`/loop/`try`/`with` bodies enclose the code being generated.
    pub in_conditional_block: u32,
    /// The symbol table blocks of the inlined comprehensions being generated, innermost last.
    pub inlined_comprehensions: Vec<BlockId>,
    /// The `super(...)` just loaded for `LOAD_SUPER_ATTR` had two arguments.
    pub super_two_args: bool,
}

/// `name: annotation` at module or class level, evaluated only when asked for (PEP 649).
#[derive(Clone, Debug)]
pub struct DeferredAnnotation {
    pub name: String,
    pub annotation: pyxray_parser::ast::Expr,
    /// The index recorded in `__conditional_annotations__` when the statement runs.
    pub conditional: Option<u32>,
    pub loc: Loc,
}

impl CodeUnit {
    fn new(name: &str, unit_type: UnitType, ste: BlockId, firstlineno: u32) -> Self {
        CodeUnit {
            seq: InstrSequence::default(),
            consts: Vec::new(),
            names: Vec::new(),
            varnames: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            name: name.to_string(),
            qualname: name.to_string(),
            firstlineno,
            unit_type,
            ste,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            flags: 0,
            fasthidden: HashSet::new(),
            static_attributes: Vec::new(),
            fblocks: Vec::new(),
            deferred_annotations: Vec::new(),
            in_conditional_block: 0,
            inlined_comprehensions: Vec::new(),
            super_two_args: false,
        }
    }

    /// Parameters counted by the uninitialized-variable check.
    pub fn nparams(&self) -> usize {
        let mut n = (self.argcount + self.kwonlyargcount) as usize;
        if self.flags & flags::VARARGS != 0 {
            n += 1;
        }
        if self.flags & flags::VARKEYWORDS != 0 {
            n += 1;
        }
        n
    }
}

/// What `break`, `continue` and `return` must unwind (`enum fblocktype` + `fblockinfo`).
#[derive(Clone, Debug)]
pub enum FBlock {
    WhileLoop {
        start: Label,
        exit: Label,
    },
    ForLoop {
        start: Label,
        exit: Label,
    },
    TryExcept,
    /// A `try` body with a `finally`: unwinding runs the `finally` body.
    FinallyTry {
        body: Vec<Stmt>,
    },
    /// Inside the `finally` body on the exception path: the exception is on the stack.
    FinallyEnd,
    With {
        loc: Loc,
    },
    AsyncWith {
        loc: Loc,
    },
    /// Inside an `except` body: the exception is on the stack.
    HandlerCleanup {
        name: Option<String>,
    },
    /// An `except` body without a name.
    ExceptionHandler,
    /// A value to drop when leaving (e.g. the subject of `match`).
    PopValue,
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
pub struct Loc {
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
    pub table: &'a SymbolTable,
    pub filename: &'a str,
    /// The unit being compiled; its enclosing units wait in `stack` (`c_stack`).
    pub unit: CodeUnit,
    pub stack: Vec<CodeUnit>,
    /// Every nested code object's compile phases, in the order they were finished.
    pub finished: Vec<CompiledUnit>,
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

    /// The symbol table block of the current unit.
    pub fn ste(&self) -> &'a crate::symtable::SymbolTableEntry {
        self.table.entry(self.unit.ste)
    }

    /// The class name private names are mangled with, if any (`_PyCompile_Mangle`).
    pub fn mangle(&self, name: &str) -> String {
        let entry = self.ste();
        let class_name = if entry.kind == BlockType::Class {
            Some(entry.name.as_str())
        } else {
            entry.class_name.as_deref()
        };
        mangle(class_name, name)
    }

    /// `u_varnames` index of a fast local, added if new.
    pub fn varname_index(&mut self, name: &str) -> u32 {
        if let Some(index) = self.unit.varnames.iter().position(|n| n == name) {
            return index as u32;
        }
        self.unit.varnames.push(name.to_string());
        self.unit.varnames.len() as u32 - 1
    }

    /// Index of a cell or free variable among cells-then-frees (fixed to a frame slot later).
    pub fn deref_index(&mut self, name: &str) -> u32 {
        if let Some(index) = self.unit.cellvars.iter().position(|n| n == name) {
            return index as u32;
        }
        if let Some(index) = self.unit.freevars.iter().position(|n| n == name) {
            return (self.unit.cellvars.len() + index) as u32;
        }
        // Not declared (should not happen after analysis): make it a free variable.
        self.unit.freevars.push(name.to_string());
        (self.unit.cellvars.len() + self.unit.freevars.len() - 1) as u32
    }

    /// `codegen_nameop`: picks the load, store or delete instruction from the name's scope.
    pub(crate) fn nameop(&mut self, loc: Loc, name: &str, ctx: ExprContext) {
        let mangled = self.mangle(name);
        let entry = self.ste();
        let mut scope = entry.scope_of(&mangled);
        // Inside an inlined comprehension, its own view of a name wins where it differs
        // (`_PyCompile_TweakInlinedComprehensionScopes`).
        if let Some(&comp) = self.unit.inlined_comprehensions.last() {
            if let Some(inner) = self.table.entry(comp).scope_of(&mangled) {
                let keeps_outer =
                    inner == Scope::Free || (inner == Scope::Cell && scope == Some(Scope::Free));
                if Some(inner) != scope && !keeps_outer {
                    scope = Some(inner);
                }
            }
        }
        let function_like = entry.is_function_like();
        let is_class = entry.kind == BlockType::Class;
        let fast_hidden = self.unit.fasthidden.contains(&mangled);
        let sees_class = entry.can_see_class_scope;
        enum Op {
            Fast,
            Deref,
            Global,
            Name,
        }
        let op = match scope {
            Some(Scope::Free) | Some(Scope::Cell) => Op::Deref,
            Some(Scope::Local) if function_like || fast_hidden => Op::Fast,
            Some(Scope::GlobalImplicit) if function_like => Op::Global,
            Some(Scope::GlobalExplicit) => Op::Global,
            _ if fast_hidden => Op::Fast,
            _ => Op::Name,
        };
        match op {
            Op::Deref => {
                let index = self.deref_index(&mangled);
                let opcode = match ctx {
                    ExprContext::Load if is_class && !fast_hidden => {
                        self.addop(loc, Opcode::LoadLocals, 0);
                        Opcode::LoadFromDictOrDeref
                    }
                    ExprContext::Load if sees_class => {
                        let classdict = self.deref_index("__classdict__");
                        self.addop(loc, Opcode::LoadDeref, classdict);
                        Opcode::LoadFromDictOrDeref
                    }
                    ExprContext::Load => Opcode::LoadDeref,
                    ExprContext::Store => Opcode::StoreDeref,
                    ExprContext::Del => Opcode::DeleteDeref,
                };
                self.addop(loc, opcode, index);
            }
            Op::Fast => {
                let index = self.varname_index(&mangled);
                let opcode = match ctx {
                    ExprContext::Load => Opcode::LoadFast,
                    ExprContext::Store => Opcode::StoreFast,
                    ExprContext::Del => Opcode::DeleteFast,
                };
                self.addop(loc, opcode, index);
            }
            Op::Global => {
                let index = self.name_index(&mangled);
                match ctx {
                    ExprContext::Load if sees_class && scope == Some(Scope::GlobalImplicit) => {
                        let classdict = self.deref_index("__classdict__");
                        self.addop(loc, Opcode::LoadDeref, classdict);
                        self.addop(loc, Opcode::LoadFromDictOrGlobals, index);
                    }
                    ExprContext::Load => self.addop(loc, Opcode::LoadGlobal, index << 1),
                    ExprContext::Store => self.addop(loc, Opcode::StoreGlobal, index),
                    ExprContext::Del => self.addop(loc, Opcode::DeleteGlobal, index),
                }
            }
            Op::Name => {
                let index = self.name_index(&mangled);
                let opcode = match ctx {
                    ExprContext::Load => Opcode::LoadName,
                    ExprContext::Store => Opcode::StoreName,
                    ExprContext::Del => Opcode::DeleteName,
                };
                self.addop(loc, opcode, index);
            }
        }
    }

    /// `codegen_enter_scope`: a new unit for a function, class, lambda or comprehension body,
    /// its cells and free variables taken from the symbol table, and its `RESUME`.
    pub(crate) fn enter_scope(
        &mut self,
        name: &str,
        unit_type: UnitType,
        node: NodeId,
        firstlineno: u32,
    ) -> Result<(), CompileError> {
        let ste = self.table.lookup(node).unwrap_or(SymbolTable::MODULE);
        let mut unit = CodeUnit::new(name, unit_type, ste, firstlineno);
        self.table.set_unit_variables(&mut unit);
        let parent = std::mem::replace(&mut self.unit, unit);
        self.stack.push(parent);
        self.set_qualname();
        let loc = Loc {
            location: Location {
                lineno: Some(firstlineno),
                end_lineno: Some(firstlineno),
                col_offset: Some(0),
                end_col_offset: Some(0),
            },
            link: None,
        };
        self.addop(loc, Opcode::Resume, 0);
        Ok(())
    }
}

impl SymbolTable {
    /// `codegen_enter_scope`'s metadata: parameters, cells and free variables of a unit.
    fn set_unit_variables(&self, unit: &mut CodeUnit) {
        let entry = self.entry(unit.ste);
        unit.varnames = entry.varnames.clone();
        if entry.needs_class_closure {
            unit.cellvars.push("__class__".to_string());
        }
        if entry.needs_classdict {
            unit.cellvars.push("__classdict__".to_string());
        }
        if entry.has_conditional_annotations {
            unit.cellvars
                .push("__conditional_annotations__".to_string());
        }
        unit.cellvars.extend(entry.names_with_scope(Scope::Cell));
        let mut free = entry.names_with_scope(Scope::Free);
        // A class's free names include those it binds itself but a method reads from outside.
        for symbol in &entry.symbols {
            if symbol.flags & crate::symtable::def::FREE_CLASS != 0 && !free.contains(&symbol.name)
            {
                free.push(symbol.name.clone());
            }
        }
        free.sort();
        unit.freevars = free;
    }
}

impl Codegen<'_> {
    /// Enters a unit for a symbol table block that has no AST node of its own (a module's or
    /// class's annotation scope).
    pub(crate) fn enter_block_scope(
        &mut self,
        name: &str,
        unit_type: UnitType,
        ste: BlockId,
        firstlineno: u32,
    ) {
        let mut unit = CodeUnit::new(name, unit_type, ste, firstlineno);
        self.table.set_unit_variables(&mut unit);
        let parent = std::mem::replace(&mut self.unit, unit);
        self.stack.push(parent);
        self.set_qualname();
        let loc = Loc {
            location: Location {
                lineno: Some(firstlineno),
                end_lineno: Some(firstlineno),
                col_offset: Some(0),
                end_col_offset: Some(0),
            },
            link: None,
        };
        self.addop(loc, Opcode::Resume, 0);
    }

    /// `_PyCompile_SetQualname`: `f`, `C.f`, `f.<locals>.g`.
    fn set_qualname(&mut self) {
        let Some(parent) = self.stack.last() else {
            return;
        };
        if parent.unit_type == UnitType::Module {
            return;
        }
        let name = self.unit.name.clone();
        let parent_entry = self.table.entry(parent.ste);
        let mangled = mangle(
            if parent_entry.kind == BlockType::Class {
                Some(parent_entry.name.as_str())
            } else {
                parent_entry.class_name.as_deref()
            },
            &name,
        );
        // A name declared global in the parent is qualified from the module.
        if parent_entry.scope_of(&mangled) == Some(Scope::GlobalExplicit) {
            return;
        }
        let base = if matches!(
            parent.unit_type,
            UnitType::Function | UnitType::Lambda | UnitType::Comprehension
        ) {
            format!("{}.<locals>", parent.qualname)
        } else {
            parent.qualname.clone()
        };
        self.unit.qualname = format!("{base}.{name}");
    }

    /// `codegen_exit_scope` + `_PyCompile_OptimizeAndAssemble`: finishes the current unit and
    /// returns to its parent.
    pub(crate) fn exit_scope(&mut self) -> std::rc::Rc<pyxray_bytecode::code::CodeObject> {
        let parent = self
            .stack
            .pop()
            .unwrap_or_else(|| CodeUnit::new("<module>", UnitType::Module, SymbolTable::MODULE, 1));
        let unit = std::mem::replace(&mut self.unit, parent);
        let compiled = crate::optimize_and_assemble(unit, self.filename);
        let code = compiled.code.clone();
        self.finished.push(compiled);
        code
    }
}

/// `_PyCodegen_Module`: the module's code unit, from `RESUME` to the implicit `return None`.
pub fn codegen_module(
    module: &Module,
    lines: &LineIndex,
    table: &SymbolTable,
    filename: &str,
) -> Result<(CodeUnit, Vec<CompiledUnit>), CompileError> {
    let mut unit = CodeUnit::new("<module>", UnitType::Module, SymbolTable::MODULE, 1);
    table.set_unit_variables(&mut unit);
    let mut codegen = Codegen {
        lines,
        table,
        filename,
        unit,
        stack: Vec::new(),
        finished: Vec::new(),
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
    let placeholder = codegen.unit.seq.instrs.len();
    // The module's own location: its first statement's line.
    let first_line = module
        .body
        .first()
        .and_then(|first| codegen.loc(first.range, first.id).location.lineno)
        .unwrap_or(1);
    let module_loc = Loc {
        location: Location {
            lineno: Some(first_line),
            end_lineno: Some(first_line),
            col_offset: Some(0),
            end_col_offset: Some(0),
        },
        link: None,
    };
    if table.entry(SymbolTable::MODULE).has_conditional_annotations {
        codegen.addop(module_loc, Opcode::BuildSet, 0);
        codegen.nameop(
            module_loc,
            "__conditional_annotations__",
            ExprContext::Store,
        );
    }
    if table.future_annotations && table.entry(SymbolTable::MODULE).annotations_used {
        codegen.addop(module_loc, Opcode::SetupAnnotations, 0);
    }
    codegen.body(&module.body)?;
    // `codegen_process_deferred_annotations`: `__annotate__` goes where the body started
    // (CPython's ANNOTATIONS_PLACEHOLDER).
    let before = codegen.unit.seq.instrs.len();
    if codegen.deferred_annotations(module_loc)? {
        codegen.nameop(module_loc, "__annotate__", ExprContext::Store);
        codegen.unit.seq.move_tail(before, placeholder);
    }
    // The implicit `return None` at the end of a module.
    codegen.load_const(Loc::NONE, ConstValue::None);
    codegen.addop(Loc::NONE, Opcode::ReturnValue, 0);
    Ok((codegen.unit, codegen.finished))
}
