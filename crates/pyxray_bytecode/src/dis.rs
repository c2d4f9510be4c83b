//! `dis.dis(code)` text, built the way `Lib/dis.py` builds it: first `Instruction` records
//! (name, argument, resolved argument, label, line), then a `Formatter` that prints the columns.
//!
//! CPython: `Lib/dis.py` (`_get_instructions_bytes`, `ArgResolver.get_argval_argrepr`,
//! `Formatter.print_instruction_line`, `_disassemble_recursive`).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::code::{CodeObject, ConstValue};
use crate::opcode::{
    Opcode, Operand, BINARY_OPS, COMMON_CONSTANTS, COMPARE_OPS, FUNCTION_ATTRIBUTES, INTRINSIC_1,
    INTRINSIC_2, SPECIAL_METHODS,
};

const OPNAME_WIDTH: usize = 20;
const OPARG_WIDTH: usize = 5;

/// One instruction as `dis.Instruction` describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Instruction {
    pub opcode: Opcode,
    pub arg: Option<u32>,
    /// What `dis` prints in parentheses after the argument (may be empty).
    pub argrepr: String,
    pub offset: u32,
    /// The line, when this instruction starts one (`starts_line`).
    pub starts_line: Option<Option<u32>>,
    pub line_number: Option<u32>,
    /// `L<n>` label number, when something jumps here.
    pub label: Option<u32>,
    /// The jump target's offset, for jumps.
    pub jump_target: Option<u32>,
}

/// One entry of the exception table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

/// Decodes `co_exceptiontable` (`dis._parse_exception_table`).
pub fn parse_exception_table(table: &[u8]) -> Vec<ExceptionEntry> {
    let mut entries = Vec::new();
    let mut i = 0;
    let read = |i: &mut usize| -> Option<u32> {
        let mut byte = *table.get(*i)?;
        *i += 1;
        let mut value = u32::from(byte & 63);
        while byte & 64 != 0 {
            byte = *table.get(*i)?;
            *i += 1;
            value = (value << 6) | u32::from(byte & 63);
        }
        Some(value)
    };
    while i < table.len() {
        let (Some(start), Some(length), Some(target), Some(depth_lasti)) =
            (read(&mut i), read(&mut i), read(&mut i), read(&mut i))
        else {
            break;
        };
        entries.push(ExceptionEntry {
            start: start * 2,
            end: (start + length) * 2,
            target: target * 2,
            depth: depth_lasti >> 1,
            lasti: depth_lasti & 1 == 1,
        });
    }
    entries
}

/// The jump target of the instruction at `offset` (`dis._get_jump_target`).
pub fn jump_target(op: Opcode, arg: u32, offset: u32) -> Option<u32> {
    let after = offset + 2 + 2 * op.cache_entries();
    match op.operand() {
        Operand::JumpForward => Some(after + 2 * arg),
        Operand::JumpBackward => Some(after.saturating_sub(2 * arg)),
        _ => None,
    }
}

/// Builds the instruction records of one code object (`Bytecode.__iter__`).
pub fn instructions(code: &CodeObject) -> Vec<Instruction> {
    let raw = code.instructions();
    let exceptions = parse_exception_table(&code.exceptiontable);
    let labels = label_map(&raw, &exceptions);
    let line_starts: BTreeMap<u32, Option<u32>> = line_starts(code).into_iter().collect();
    let mut out = Vec::with_capacity(raw.len());
    let mut line_number = None;
    for (offset, op, arg) in raw {
        let starts_line = line_starts.get(&offset).copied();
        if let Some(line) = starts_line {
            line_number = line;
        }
        let target = jump_target(op, arg, offset);
        let argrepr = argrepr(code, op, arg, target.and_then(|t| labels.get(&t).copied()));
        out.push(Instruction {
            opcode: op,
            arg: op.has_arg().then_some(arg),
            argrepr,
            offset,
            starts_line,
            line_number,
            label: labels.get(&offset).copied(),
            jump_target: target,
        });
    }
    out
}

/// `dis.findlinestarts`: offsets where the line changes.
fn line_starts(code: &CodeObject) -> Vec<(u32, Option<u32>)> {
    let mut out = Vec::new();
    let mut last: Option<Option<u32>> = None;
    for (start, _end, line) in code.lines() {
        if last != Some(line) {
            last = Some(line);
            out.push((start, line));
        }
    }
    out
}

/// `dis._make_labels_map`: jump targets and exception table edges, numbered from 1 in offset order.
fn label_map(raw: &[(u32, Opcode, u32)], exceptions: &[ExceptionEntry]) -> BTreeMap<u32, u32> {
    let mut offsets: Vec<u32> = raw
        .iter()
        .filter_map(|&(offset, op, arg)| jump_target(op, arg, offset))
        .collect();
    for entry in exceptions {
        offsets.extend([entry.start, entry.end, entry.target]);
    }
    offsets.sort_unstable();
    offsets.dedup();
    offsets
        .into_iter()
        .enumerate()
        .map(|(i, offset)| (offset, i as u32 + 1))
        .collect()
}

/// `ArgResolver.get_argval_argrepr`.
fn argrepr(code: &CodeObject, op: Opcode, arg: u32, label: Option<u32>) -> String {
    let name = |index: u32| code.names.get(index as usize).cloned().unwrap_or_default();
    let local = |index: u32| {
        code.localsplusnames
            .get(index as usize)
            .cloned()
            .unwrap_or_default()
    };
    let pick =
        |table: &[&str], index: u32| table.get(index as usize).copied().unwrap_or("").to_string();
    match op.operand() {
        Operand::None | Operand::Count | Operand::Handler => String::new(),
        Operand::Const => code
            .consts
            .get(arg as usize)
            .map(ConstValue::repr)
            .unwrap_or_default(),
        Operand::Name => name(arg),
        Operand::GlobalName => with_flag(name(arg >> 1), arg & 1 == 1, " + NULL"),
        Operand::AttrName => with_flag(name(arg >> 1), arg & 1 == 1, " + NULL|self"),
        Operand::SuperAttrName => with_flag(name(arg >> 2), arg & 1 == 1, " + NULL|self"),
        Operand::Local | Operand::Free => local(arg),
        Operand::LocalPair => format!("{}, {}", local(arg >> 4), local(arg & 15)),
        Operand::JumpForward | Operand::JumpBackward => {
            let preposition = if op == Opcode::EndAsyncFor {
                "from"
            } else {
                "to"
            };
            format!("{preposition} L{}", label.unwrap_or(0))
        }
        Operand::BinaryOp => pick(&BINARY_OPS, arg),
        Operand::Compare => {
            let text = pick(&COMPARE_OPS, arg >> 5);
            if arg & 16 != 0 {
                format!("bool({text})")
            } else {
                text
            }
        }
        Operand::IsOp => if arg != 0 { "is not" } else { "is" }.to_string(),
        Operand::ContainsOp => if arg != 0 { "not in" } else { "in" }.to_string(),
        Operand::Conversion => pick(&["", "str", "repr", "ascii"], arg),
        Operand::FunctionAttribute => FUNCTION_ATTRIBUTES
            .iter()
            .enumerate()
            .filter(|(bit, _)| arg & (1 << bit) != 0)
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()
            .join(", "),
        Operand::Intrinsic1 => pick(&INTRINSIC_1, arg),
        Operand::Intrinsic2 => pick(&INTRINSIC_2, arg),
        Operand::CommonConstant => pick(&COMMON_CONSTANTS, arg),
        Operand::Special => pick(&SPECIAL_METHODS, arg),
    }
}

fn with_flag(text: String, flag: bool, suffix: &str) -> String {
    if flag && !text.is_empty() {
        text + suffix
    } else {
        text
    }
}

/// `dis.dis(code)`: the code object, then every nested code object in `co_consts`.
pub fn dis(code: &CodeObject) -> String {
    let mut out = String::new();
    disassemble_recursive(code, &mut out);
    out
}

fn disassemble_recursive(code: &CodeObject, out: &mut String) {
    disassemble(code, out);
    for constant in &code.consts {
        if let ConstValue::Code(inner) = constant {
            out.push('\n');
            let _ = writeln!(out, "Disassembly of {}:", inner.repr());
            disassemble_recursive(inner, out);
        }
    }
}

/// `dis.disassemble(code)` for one code object.
fn disassemble(code: &CodeObject, out: &mut String) {
    let records = instructions(code);
    let exceptions = parse_exception_table(&code.exceptiontable);
    let starts = line_starts(code);
    // `_get_lineno_width`: `filter(None, …)` drops line 0 as well as no line.
    let max_line = starts
        .iter()
        .filter_map(|(_, line)| *line)
        .filter(|&line| line != 0)
        .max();
    let mut lineno_width = max_line.map_or(0, |line| line.to_string().len().max(3));
    if lineno_width > 0 && lineno_width < 4 && starts.iter().any(|(_, line)| line.is_none()) {
        lineno_width = 4;
    }
    let label_count = label_map(&code.instructions(), &exceptions).len();
    let label_width = 4 + label_count.to_string().len();
    for record in &records {
        print_instruction_line(out, record, lineno_width, label_width);
    }
    if !exceptions.is_empty() {
        let labels = label_map(&code.instructions(), &exceptions);
        out.push_str("ExceptionTable:\n");
        for entry in &exceptions {
            let label = |offset: u32| labels.get(&offset).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "  L{} to L{} -> L{} [{}]{}",
                label(entry.start),
                label(entry.end),
                label(entry.target),
                entry.depth,
                if entry.lasti { " lasti" } else { "" }
            );
        }
    }
}

/// `Formatter.print_instruction_line`.
fn print_instruction_line(
    out: &mut String,
    record: &Instruction,
    lineno_width: usize,
    label_width: usize,
) {
    if lineno_width > 0 && record.starts_line.is_some() && record.offset > 0 {
        out.push('\n');
    }
    let mut fields: Vec<String> = Vec::new();
    if lineno_width > 0 {
        match record.starts_line {
            Some(Some(line)) => fields.push(format!("{line:>lineno_width$}")),
            Some(None) => fields.push(format!("{:>lineno_width$}", "  --")),
            None => fields.push(" ".repeat(lineno_width)),
        }
    }
    match record.label {
        Some(label) => fields.push(format!("{:>label_width$}", format!("L{label}:"))),
        None => fields.push(" ".repeat(label_width)),
    }
    fields.push("   ".to_string());
    let name = record.opcode.name();
    fields.push(format!("{name:<OPNAME_WIDTH$}"));
    if let Some(arg) = record.arg {
        let excess = name.len().saturating_sub(OPNAME_WIDTH);
        let width = OPARG_WIDTH.saturating_sub(excess);
        fields.push(format!("{arg:>width$}"));
        if !record.argrepr.is_empty() {
            fields.push(format!("({})", record.argrepr));
        }
    }
    out.push_str(fields.join(" ").trim_end());
    out.push('\n');
}
