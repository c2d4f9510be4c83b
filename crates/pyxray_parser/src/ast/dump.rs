//! `ast.dump(tree, indent=2, include_attributes=True)`, byte for byte.
//!
//! CPython: `Lib/ast.py` (`dump`, its inner `_format`). As in 3.13+, optional fields that are
//! `None` and empty lists are left out (`show_empty=False`); `Constant(value=None)` still shows
//! its value, because `value` is not an optional field. A node whose arguments are all simple
//! and at most three is printed on one line.

use pyxray_text::repr::{bytes_repr, complex_repr, float_repr, str_repr};
use pyxray_text::LineIndex;

use super::fields::{Field, NodeRef};
use super::nodes::{Constant, Module};

const INDENT: &str = "  ";

/// The `ast.dump` text of a module, as the oracle's `ast` stage prints it (without the final newline).
pub fn dump(module: &Module, source: &str) -> String {
    let lines = LineIndex::new(source);
    let mut dumper = Dumper {
        lines: &lines,
        out: String::new(),
    };
    dumper.write_node(NodeRef::Module(module), 0);
    dumper.out
}

/// Python's `repr` of a constant, as `ast.dump` and `dis` print it.
pub fn constant_repr(value: &Constant) -> String {
    match value {
        Constant::None => "None".to_string(),
        Constant::Bool(true) => "True".to_string(),
        Constant::Bool(false) => "False".to_string(),
        Constant::Ellipsis => "Ellipsis".to_string(),
        Constant::Int(i) => i.to_string(),
        Constant::Float(x) => float_repr(*x),
        Constant::Complex { real, imag } => complex_repr(*real, *imag),
        Constant::Str(s) => str_repr(s),
        Constant::Bytes(b) => bytes_repr(b),
    }
}

/// One argument of a node as `ast.dump` prints it: a field, or a position attribute.
enum Arg<'a> {
    Field(&'static str, Field<'a>),
    Attribute(&'static str, u32),
}

/// Writes into one buffer as it walks (CPython's `_format` returns a string per node; copying
/// each child's text into its parent would cost depth × output size).
struct Dumper<'a> {
    lines: &'a LineIndex,
    out: String,
}

/// Whether a field prints without line breaks (`_format`'s "simple"): a leaf value, an empty
/// list, or a node with no arguments at all such as `Load()`.
fn is_simple(field: &Field<'_>) -> bool {
    match field {
        Field::Node(node) => node_has_no_args(*node),
        Field::List(items) => items.is_empty(),
        Field::Absent | Field::Identifier(_) | Field::Int(_) | Field::Constant(_) => true,
    }
}

fn is_omitted(field: &Field<'_>) -> bool {
    match field {
        Field::Absent => true,
        Field::List(items) => items.is_empty(),
        _ => false,
    }
}

fn node_has_no_args(node: NodeRef<'_>) -> bool {
    let has_attributes = node.has_position_attributes() && node.range().is_some();
    !has_attributes && node.fields().1.iter().all(|(_, field)| is_omitted(field))
}

impl Dumper<'_> {
    fn indent(&mut self, level: usize) {
        self.out.push('\n');
        for _ in 0..level {
            self.out.push_str(INDENT);
        }
    }

    /// The arguments `_format` shows: the fields that are present, then the positions.
    fn args<'n>(&self, node: NodeRef<'n>) -> (&'static str, Vec<Arg<'n>>) {
        let (name, fields) = node.fields();
        let mut args: Vec<Arg<'n>> = fields
            .into_iter()
            .filter(|(_, field)| !is_omitted(field))
            .map(|(field_name, field)| Arg::Field(field_name, field))
            .collect();
        if node.has_position_attributes() {
            if let Some(range) = node.range() {
                let start = self.lines.byte_position(range.start());
                let end = self.lines.byte_position(range.end());
                args.push(Arg::Attribute("lineno", start.line));
                args.push(Arg::Attribute("col_offset", start.column));
                args.push(Arg::Attribute("end_lineno", end.line));
                args.push(Arg::Attribute("end_col_offset", end.column));
            }
        }
        (name, args)
    }

    /// `_format(node, level)`: on one line when every argument is simple and there are at most
    /// three, otherwise one argument per line, indented one level deeper.
    fn write_node(&mut self, node: NodeRef<'_>, level: usize) {
        let level = level + 1;
        let (name, args) = self.args(node);
        let one_line = args.len() <= 3
            && args.iter().all(|arg| match arg {
                Arg::Field(_, field) => is_simple(field),
                Arg::Attribute(..) => true,
            });
        self.out.push_str(name);
        self.out.push('(');
        for (i, arg) in args.into_iter().enumerate() {
            if one_line {
                if i > 0 {
                    self.out.push_str(", ");
                }
            } else {
                if i > 0 {
                    self.out.push(',');
                }
                self.indent(level);
            }
            match arg {
                Arg::Field(field_name, field) => {
                    self.out.push_str(field_name);
                    self.out.push('=');
                    self.write_field(&field, level);
                }
                Arg::Attribute(attribute, value) => {
                    self.out.push_str(attribute);
                    self.out.push('=');
                    self.out.push_str(&value.to_string());
                }
            }
        }
        self.out.push(')');
    }

    fn write_field(&mut self, value: &Field<'_>, level: usize) {
        match value {
            Field::Node(node) => self.write_node(*node, level),
            Field::Absent => self.out.push_str("None"),
            Field::Identifier(s) => self.out.push_str(&str_repr(s)),
            Field::Int(i) => self.out.push_str(&i.to_string()),
            Field::Constant(c) => self.out.push_str(&constant_repr(c)),
            Field::List(items) if items.is_empty() => self.out.push_str("[]"),
            Field::List(items) => {
                let level = level + 1;
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.indent(level);
                    self.write_field(item, level);
                }
                self.out.push(']');
            }
        }
    }
}
