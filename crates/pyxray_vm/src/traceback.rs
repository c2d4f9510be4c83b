//! Printing an uncaught exception the way `python FILE` does: the traceback with source lines and
//! CPython 3.13+'s `~~~^^^` markers, then `Type: message`.
//!
//! CPython: `Python/traceback.c` (`tb_displayline`, `print_error_location_carets`), `Lib/traceback.py`
//! (`StackSummary.format_frame_summary`, `_extract_caret_anchors_from_line_segment`),
//! `Python/pythonrun.c` (`print_exception`).

use pyxray_text::LineIndex;

use crate::objects::TracebackEntry;

/// Source text of the files tracebacks quote, by file name.
pub trait SourceLookup {
    fn source(&self, filename: &str) -> Option<&str>;
}

/// `Traceback (most recent call last):` and one entry per frame.
pub fn format_traceback(entries: &[TracebackEntry], sources: &dyn SourceLookup) -> String {
    let mut out = String::from("Traceback (most recent call last):\n");
    for entry in entries {
        let positions = entry.code.positions();
        let location = positions
            .get((entry.offset / 2) as usize)
            .copied()
            .unwrap_or_default();
        let line = location.lineno.unwrap_or(entry.code.firstlineno);
        out.push_str(&format!(
            "  File \"{}\", line {}, in {}\n",
            entry.filename, line, entry.name
        ));
        let Some(source) = sources.source(&entry.filename) else {
            continue;
        };
        let index = LineIndex::new(source);
        let text = index.line_text(line, source);
        let stripped = text.trim_start();
        if stripped.is_empty() {
            continue;
        }
        out.push_str(&format!("    {}\n", stripped.trim_end()));
        if let Some(carets) = caret_line(text, &location, source, &index) {
            out.push_str(&carets);
        }
    }
    out
}

/// The marker line under a single-line instruction span, when it does not cover the whole line.
fn caret_line(
    text: &str,
    location: &pyxray_bytecode::code::Location,
    source: &str,
    index: &LineIndex,
) -> Option<String> {
    let (Some(line), Some(end_line), Some(start), Some(end)) = (
        location.lineno,
        location.end_lineno,
        location.col_offset,
        location.end_col_offset,
    ) else {
        return None;
    };
    if line != end_line {
        return None;
    }
    let indent = text.len() - text.trim_start().len();
    let line_start = index.line_start(line, source).to_usize();
    let segment = source.get(line_start + start as usize..line_start + end as usize)?;
    // Columns are UTF-8 bytes; the markers count characters.
    let to_chars = |byte: usize| text.get(..byte).map_or(byte, |s| s.chars().count());
    let start_char = to_chars(start as usize);
    let end_char = to_chars(end as usize);
    let indent_chars = to_chars(indent);
    let stripped_len = text.trim().chars().count();
    if start_char <= indent_chars && end_char >= indent_chars + stripped_len {
        // The span covers the whole statement: CPython prints no markers.
        return None;
    }
    let width = end_char.saturating_sub(start_char);
    let markers = match anchors(segment) {
        Some((primary_start, primary_end)) => (0..width)
            .map(|i| {
                if i >= primary_start && i < primary_end {
                    '^'
                } else {
                    '~'
                }
            })
            .collect::<String>(),
        None => "^".repeat(width),
    };
    Some(format!(
        "    {}{}\n",
        " ".repeat(start_char - indent_chars),
        markers
    ))
}

/// `_extract_caret_anchors_from_line_segment` for the shapes pyxray compiles: a binary operator
/// (`^` under the operator) and a call (`^` under the parentheses). Character offsets.
fn anchors(segment: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = segment.chars().collect();
    // A call: the callee is `~`, the argument list `^`. Find the `(` that closes at the end.
    if chars.last() == Some(&')') {
        let mut depth = 0i32;
        for (i, c) in chars.iter().enumerate().rev() {
            match c {
                ')' | ']' | '}' => depth += 1,
                '(' | '[' | '{' => {
                    depth -= 1;
                    if depth == 0 {
                        return (i > 0).then_some((i, chars.len()));
                    }
                }
                _ => {}
            }
        }
        return None;
    }
    // A binary operator at nesting depth 0, outside strings.
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            if c == '\\' {
                i += 1;
            } else if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ if depth == 0 && i > 0 => {
                const OPERATORS: [&str; 13] = [
                    "**", "//", "<<", ">>", "+", "-", "*", "/", "%", "@", "&", "|", "^",
                ];
                let rest: String = chars[i..].iter().take(2).collect();
                if let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(**op)) {
                    let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
                    // A sign after an operator or `e` of an exponent is not a binary operator.
                    if before.is_some_and(|b| !"+-*/%@&|^<>=(,".contains(*b)) {
                        return Some((i, i + op.chars().count()));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::anchors;

    #[test]
    fn anchors_for_operators_and_calls() {
        assert_eq!(anchors("sum(nums) / len(nums)"), Some((10, 11)));
        assert_eq!(anchors("average([])"), Some((7, 11)));
        assert_eq!(anchors("a ** -b"), Some((2, 4)));
        assert_eq!(anchors("x"), None);
    }
}
