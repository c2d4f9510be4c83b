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
    let dumper = Dumper { lines: &lines };
    dumper.format_node(NodeRef::Module(module), 0).0
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

struct Dumper<'a> {
    lines: &'a LineIndex,
}

impl Dumper<'_> {
    /// Returns the text and whether it is "simple" (`_format`'s second result).
    fn format_node(&self, node: NodeRef<'_>, level: usize) -> (String, bool) {
        let level = level + 1;
        let (name, fields) = node.fields();
        let mut args = Vec::new();
        let mut all_simple = true;
        for (field_name, value) in fields {
            let omitted = match &value {
                Field::Absent => true,
                Field::List(items) => items.is_empty(),
                _ => false,
            };
            if omitted {
                continue;
            }
            let (text, simple) = self.format_field(&value, level);
            all_simple &= simple;
            args.push(format!("{field_name}={text}"));
        }
        if node.has_position_attributes() {
            if let Some(range) = node.range() {
                let start = self.lines.byte_position(range.start());
                let end = self.lines.byte_position(range.end());
                args.push(format!("lineno={}", start.line));
                args.push(format!("col_offset={}", start.column));
                args.push(format!("end_lineno={}", end.line));
                args.push(format!("end_col_offset={}", end.column));
            }
        }
        if all_simple && args.len() <= 3 {
            let simple = args.is_empty();
            return (format!("{name}({})", args.join(", ")), simple);
        }
        let prefix = format!("\n{}", INDENT.repeat(level));
        let separator = format!(",{prefix}");
        (format!("{name}({prefix}{})", args.join(&separator)), false)
    }

    fn format_field(&self, value: &Field<'_>, level: usize) -> (String, bool) {
        match value {
            Field::Node(node) => self.format_node(*node, level),
            Field::Absent => ("None".to_string(), true),
            Field::Identifier(s) => (str_repr(s), true),
            Field::Int(i) => (i.to_string(), true),
            Field::Constant(c) => (constant_repr(c), true),
            Field::List(items) => {
                if items.is_empty() {
                    return ("[]".to_string(), true);
                }
                let level = level + 1;
                let prefix = format!("\n{}", INDENT.repeat(level));
                let separator = format!(",{prefix}");
                let parts: Vec<String> = items
                    .iter()
                    .map(|item| self.format_field(item, level).0)
                    .collect();
                (format!("[{prefix}{}]", parts.join(&separator)), false)
            }
        }
    }
}
