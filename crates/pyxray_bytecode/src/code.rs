//! Code objects: the compiler's output and the VM's input, with CPython's `co_*` fields, and the
//! location table that maps each instruction back to its source span.
//!
//! CPython: `Include/cpython/code.h` (`PyCodeObject`), `Objects/codeobject.c` (`co_lines`,
//! `co_positions`, the location table decoder), `Objects/locations.md` (the table format),
//! `Python/assemble.c` (the encoder).

use std::rc::Rc;

use num_bigint::BigInt;
use pyxray_text::repr::{bytes_repr, complex_repr, float_repr, str_repr};

use crate::opcode::Opcode;

/// `co_flags` bits (`Include/cpython/code.h`).
pub mod flags {
    pub const OPTIMIZED: u32 = 0x1;
    pub const NEWLOCALS: u32 = 0x2;
    pub const VARARGS: u32 = 0x4;
    pub const VARKEYWORDS: u32 = 0x8;
    pub const NESTED: u32 = 0x10;
    pub const GENERATOR: u32 = 0x20;
    pub const NOFREE: u32 = 0x40;
    pub const COROUTINE: u32 = 0x80;
    pub const ITERABLE_COROUTINE: u32 = 0x100;
    pub const ASYNC_GENERATOR: u32 = 0x200;
    pub const HAS_DOCSTRING: u32 = 0x4000000;
    pub const METHOD: u32 = 0x8000000;
}

/// `co_localspluskinds` bits (`Include/internal/pycore_code.h`).
pub mod local_kind {
    pub const ARG_VAR: u8 = 0x08;
    pub const ARG_KW: u8 = 0x10;
    pub const ARG_POS: u8 = 0x02;
    pub const HIDDEN: u8 = 0x10;
    pub const LOCAL: u8 = 0x20;
    pub const CELL: u8 = 0x40;
    pub const FREE: u8 = 0x80;
}

/// A value in `co_consts`.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstValue {
    None,
    Bool(bool),
    Ellipsis,
    Int(BigInt),
    Float(f64),
    Complex {
        real: f64,
        imag: f64,
    },
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<ConstValue>),
    FrozenSet(Vec<ConstValue>),
    /// A slice of constants, `x[1:2]`'s `slice(1, 2, None)`: always three items.
    Slice(Vec<ConstValue>),
    Code(Rc<CodeObject>),
}

impl ConstValue {
    /// Python's `repr` of the constant, as `dis` shows it (code objects at address `0x0`).
    pub fn repr(&self) -> String {
        match self {
            ConstValue::None => "None".to_string(),
            ConstValue::Bool(true) => "True".to_string(),
            ConstValue::Bool(false) => "False".to_string(),
            ConstValue::Ellipsis => "Ellipsis".to_string(),
            ConstValue::Int(i) => i.to_string(),
            ConstValue::Float(x) => float_repr(*x),
            ConstValue::Complex { real, imag } => complex_repr(*real, *imag),
            ConstValue::Str(s) => str_repr(s),
            ConstValue::Bytes(b) => bytes_repr(b),
            ConstValue::Tuple(items) => {
                let parts: Vec<String> = items.iter().map(ConstValue::repr).collect();
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            ConstValue::FrozenSet(items) => {
                if items.is_empty() {
                    return "frozenset()".to_string();
                }
                let parts: Vec<String> = items.iter().map(ConstValue::repr).collect();
                format!("frozenset({{{}}})", parts.join(", "))
            }
            ConstValue::Slice(items) => {
                let parts: Vec<String> = items.iter().map(ConstValue::repr).collect();
                format!("slice({})", parts.join(", "))
            }
            ConstValue::Code(code) => code.repr(),
        }
    }

    /// Same value and same type (CPython's constant cache key: `1`, `1.0` and `True` differ).
    pub fn same_constant(&self, other: &ConstValue) -> bool {
        match (self, other) {
            (ConstValue::Float(a), ConstValue::Float(b)) => a.to_bits() == b.to_bits(),
            (
                ConstValue::Complex { real: a, imag: b },
                ConstValue::Complex { real: c, imag: d },
            ) => a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits(),
            (ConstValue::Tuple(a), ConstValue::Tuple(b))
            | (ConstValue::FrozenSet(a), ConstValue::FrozenSet(b))
            | (ConstValue::Slice(a), ConstValue::Slice(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same_constant(y))
            }
            // Equal code objects share one constant (CPython's constant cache merges them,
            // e.g. the generator expression `all(x for x in y)` compiles twice).
            (ConstValue::Code(a), ConstValue::Code(b)) => Rc::ptr_eq(a, b) || a == b,
            _ => self == other,
        }
    }
}

/// Where one instruction came from: CPython's `(lineno, end_lineno, col_offset, end_col_offset)`
/// (columns are UTF-8 byte offsets; `None` where CPython has no value).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Location {
    pub lineno: Option<u32>,
    pub end_lineno: Option<u32>,
    pub col_offset: Option<u32>,
    pub end_col_offset: Option<u32>,
}

/// pyxray's own link from an instruction to the source byte range and AST node it came from
/// (CPython keeps only line/column positions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SourceLink {
    pub start: u32,
    pub end: u32,
    pub node: Option<u32>,
}

/// A compiled code object (`PyCodeObject`).
#[derive(Clone, Debug, PartialEq)]
pub struct CodeObject {
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub stacksize: u32,
    pub flags: u32,
    /// `co_code`: two bytes per code unit (opcode, argument), inline caches as zero units.
    pub code: Vec<u8>,
    pub consts: Vec<ConstValue>,
    pub names: Vec<String>,
    /// Names of locals, cells and free variables, in frame-slot order.
    pub localsplusnames: Vec<String>,
    pub localspluskinds: Vec<u8>,
    pub filename: String,
    pub name: String,
    pub qualname: String,
    pub firstlineno: u32,
    /// `co_linetable`, in CPython's location table format.
    pub linetable: Vec<u8>,
    /// `co_exceptiontable`.
    pub exceptiontable: Vec<u8>,
    /// One entry per code unit: the source behind it (empty when loaded from a `.pyc`).
    pub source_links: Vec<Option<SourceLink>>,
}

impl CodeObject {
    /// `repr(code)`: `<code object f at 0x0, file "x.py", line 2>` (addresses normalized).
    pub fn repr(&self) -> String {
        format!(
            "<code object {} at 0x0, file \"{}\", line {}>",
            self.name, self.filename, self.firstlineno
        )
    }

    /// `co_varnames`: locals that are not cells or free variables... and cells that are arguments.
    pub fn varnames(&self) -> Vec<&str> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|(_, kind)| *kind & local_kind::LOCAL != 0)
            .map(|(name, _)| name.as_str())
            .collect()
    }

    /// `co_freevars`: the variables a closure supplies.
    pub fn freevars(&self) -> Vec<String> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|(_, kind)| *kind & local_kind::FREE != 0)
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// `co_cellvars`: the variables inner functions share.
    pub fn cellvars(&self) -> Vec<String> {
        self.localsplusnames
            .iter()
            .zip(&self.localspluskinds)
            .filter(|(_, kind)| *kind & local_kind::CELL != 0)
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// The code units as `(offset, opcode, oparg)`, with `EXTENDED_ARG` folded into the
    /// following instruction's argument and inline caches skipped (`dis._unpack_opargs`).
    pub fn instructions(&self) -> Vec<(u32, Opcode, u32)> {
        let mut out = Vec::new();
        let mut extended: u32 = 0;
        let mut offset = 0usize;
        while offset + 1 < self.code.len() {
            let Some(op) = Opcode::from_number(u16::from(self.code[offset])) else {
                offset += 2;
                continue;
            };
            let arg = u32::from(self.code[offset + 1]) | extended;
            extended = if op == Opcode::ExtendedArg {
                arg << 8
            } else {
                0
            };
            out.push((offset as u32, op, if op.has_arg() { arg } else { 0 }));
            offset += 2 + 2 * op.cache_entries() as usize;
        }
        out
    }

    /// `co_positions()`: one location per code unit, decoded from `co_linetable`.
    pub fn positions(&self) -> Vec<Location> {
        decode_locations(&self.linetable, self.firstlineno)
    }

    /// `co_lines()`: `(start, end, line)` byte ranges with the same line, merged.
    pub fn lines(&self) -> Vec<(u32, u32, Option<u32>)> {
        let mut out: Vec<(u32, u32, Option<u32>)> = Vec::new();
        for (unit, location) in self.positions().into_iter().enumerate() {
            let start = unit as u32 * 2;
            match out.last_mut() {
                Some(last) if last.2 == location.lineno && last.1 == start => last.1 = start + 2,
                _ => out.push((start, start + 2, location.lineno)),
            }
        }
        out
    }
}

// ---- Location table (Objects/locations.md) ----------------------------------------------

const LOCATION_SHORT0: u8 = 0;
const LOCATION_ONE_LINE0: u8 = 10;
const LOCATION_NO_COLUMNS: u8 = 13;
const LOCATION_LONG: u8 = 14;
const LOCATION_NONE: u8 = 15;

/// Encodes instruction locations into `co_linetable` (`assemble.c` `assemble_location_info`).
pub struct LocationTableWriter {
    table: Vec<u8>,
    previous_line: i64,
}

impl LocationTableWriter {
    pub fn new(firstlineno: u32) -> Self {
        LocationTableWriter {
            table: Vec::new(),
            previous_line: i64::from(firstlineno),
        }
    }

    pub fn finish(self) -> Vec<u8> {
        self.table
    }

    fn write_varint(&mut self, mut value: u32) {
        while value >= 64 {
            self.table.push(0x40 | (value & 63) as u8);
            value >>= 6;
        }
        self.table.push(value as u8);
    }

    fn write_signed_varint(&mut self, value: i64) {
        let encoded = if value < 0 {
            ((-value) as u32) << 1 | 1
        } else {
            (value as u32) << 1
        };
        self.write_varint(encoded);
    }

    fn write_first_byte(&mut self, code: u8, length: u32) {
        self.table.push(0x80 | (code << 3) | (length as u8 - 1));
    }

    /// Adds `units` code units (any number) that share `location` (`assemble_emit_location`).
    pub fn add(&mut self, location: Location, mut units: u32) {
        while units > 8 {
            self.add_entry(location, 8);
            units -= 8;
        }
        if units > 0 {
            self.add_entry(location, units);
        }
    }

    /// `write_location_info_entry`: picks the shortest form that holds the location.
    fn add_entry(&mut self, location: Location, length: u32) {
        let Some(line) = location.lineno else {
            self.write_first_byte(LOCATION_NONE, length);
            return;
        };
        let line = i64::from(line);
        let line_delta = line - self.previous_line;
        let end_line = location.end_lineno.map(i64::from);
        match (location.col_offset, location.end_col_offset) {
            (Some(column), Some(end_column)) if end_line == Some(line) => {
                if line_delta == 0
                    && column < 80
                    && end_column >= column
                    && end_column - column < 16
                {
                    self.write_first_byte(LOCATION_SHORT0 + (column >> 3) as u8, length);
                    self.table
                        .push((((column & 7) << 4) | (end_column - column)) as u8);
                    return;
                }
                if (0..3).contains(&line_delta) && column < 128 && end_column < 128 {
                    self.write_first_byte(LOCATION_ONE_LINE0 + line_delta as u8, length);
                    self.table.push(column as u8);
                    self.table.push(end_column as u8);
                    self.previous_line = line;
                    return;
                }
            }
            (None, _) | (_, None) if end_line.is_none_or(|end| end == line) => {
                self.write_first_byte(LOCATION_NO_COLUMNS, length);
                self.write_signed_varint(line_delta);
                self.previous_line = line;
                return;
            }
            _ => {}
        }
        self.write_first_byte(LOCATION_LONG, length);
        self.write_signed_varint(line_delta);
        self.write_varint((end_line.unwrap_or(line) - line).max(0) as u32);
        self.write_varint(location.col_offset.map_or(0, |c| c + 1));
        self.write_varint(location.end_col_offset.map_or(0, |c| c + 1));
        self.previous_line = line;
    }
}

/// Decodes `co_linetable` into one location per code unit (`codeobject.c` `advance_with_locations`).
pub fn decode_locations(table: &[u8], firstlineno: u32) -> Vec<Location> {
    let mut out = Vec::new();
    let mut line = i64::from(firstlineno);
    let mut i = 0;
    let read_varint = |i: &mut usize| -> u32 {
        let mut value: u32 = 0;
        let mut shift = 0;
        while let Some(&byte) = table.get(*i) {
            *i += 1;
            value |= u32::from(byte & 63) << shift;
            shift += 6;
            if byte & 64 == 0 || shift > 30 {
                break;
            }
        }
        value
    };
    let read_signed = |i: &mut usize| -> i64 {
        let raw = read_varint(i);
        if raw & 1 == 1 {
            -i64::from(raw >> 1)
        } else {
            i64::from(raw >> 1)
        }
    };
    while let Some(&first) = table.get(i) {
        i += 1;
        let code = (first >> 3) & 15;
        let length = u32::from(first & 7) + 1;
        let location = match code {
            LOCATION_NONE => Location::default(),
            LOCATION_LONG => {
                line += read_signed(&mut i);
                let end_line = line + i64::from(read_varint(&mut i));
                let column = read_varint(&mut i);
                let end_column = read_varint(&mut i);
                Location {
                    lineno: u32::try_from(line).ok(),
                    end_lineno: u32::try_from(end_line).ok(),
                    col_offset: column.checked_sub(1),
                    end_col_offset: end_column.checked_sub(1),
                }
            }
            LOCATION_NO_COLUMNS => {
                line += read_signed(&mut i);
                Location {
                    lineno: u32::try_from(line).ok(),
                    end_lineno: u32::try_from(line).ok(),
                    col_offset: None,
                    end_col_offset: None,
                }
            }
            LOCATION_ONE_LINE0..=12 => {
                line += i64::from(code - LOCATION_ONE_LINE0);
                let column = table.get(i).copied().unwrap_or(0);
                let end_column = table.get(i + 1).copied().unwrap_or(0);
                i += 2;
                Location {
                    lineno: u32::try_from(line).ok(),
                    end_lineno: u32::try_from(line).ok(),
                    col_offset: Some(u32::from(column)),
                    end_col_offset: Some(u32::from(end_column)),
                }
            }
            _ => {
                let second = table.get(i).copied().unwrap_or(0);
                i += 1;
                let column = u32::from(code) * 8 + u32::from(second >> 4);
                Location {
                    lineno: u32::try_from(line).ok(),
                    end_lineno: u32::try_from(line).ok(),
                    col_offset: Some(column),
                    end_col_offset: Some(column + u32::from(second & 15)),
                }
            }
        };
        for _ in 0..length {
            out.push(location);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, end_line: u32, col: u32, end_col: u32) -> Location {
        Location {
            lineno: Some(line),
            end_lineno: Some(end_line),
            col_offset: Some(col),
            end_col_offset: Some(end_col),
        }
    }

    #[test]
    fn location_table_matches_cpython_bytes() {
        // `c = 5 + 6` / `print(c)` as CPython 3.14 encodes the start of its table:
        // RESUME (0, 1, 0, 0), LOAD_SMALL_INT (1, 1, 4, 9), STORE_NAME (1, 1, 0, 1).
        let mut writer = LocationTableWriter::new(1);
        writer.add(at(0, 1, 0, 0), 1);
        writer.add(at(1, 1, 4, 9), 1);
        writer.add(at(1, 1, 0, 1), 1);
        let table = writer.finish();
        assert_eq!(
            table,
            vec![0xf0, 0x03, 0x01, 0x01, 0x01, 0xd8, 0x04, 0x09, 0x80, 0x01]
        );
        let decoded = decode_locations(&table, 1);
        assert_eq!(
            decoded,
            vec![at(0, 1, 0, 0), at(1, 1, 4, 9), at(1, 1, 0, 1)]
        );
    }

    #[test]
    fn long_runs_split_into_entries_of_eight() {
        let mut writer = LocationTableWriter::new(3);
        writer.add(at(3, 3, 2, 7), 11);
        let decoded = decode_locations(&writer.finish(), 3);
        assert_eq!(decoded.len(), 11);
        assert!(decoded.iter().all(|l| *l == at(3, 3, 2, 7)));
    }

    #[test]
    fn constant_reprs() {
        let tuple = ConstValue::Tuple(vec![ConstValue::Int(1.into()), ConstValue::Str("a".into())]);
        assert_eq!(tuple.repr(), "(1, 'a')");
        assert_eq!(ConstValue::Tuple(vec![ConstValue::None]).repr(), "(None,)");
        assert!(!ConstValue::Int(1.into()).same_constant(&ConstValue::Bool(true)));
    }
}
