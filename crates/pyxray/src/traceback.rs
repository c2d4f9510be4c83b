//! Printing an uncaught exception the way `python FILE` does (`PyErr_Print` → the `traceback`
//! module): `Traceback (most recent call last):`, one entry per frame with its source line and
//! CPython 3.13+'s `~~~^^^` markers, then `Type: message` and the notes; exception groups in
//! numbered boxes (`_ExceptionPrintContext`).
//!
//! CPython: `Lib/traceback.py` (`StackSummary.format_frame_summary`, `_should_show_carets`,
//! `_extract_caret_anchors_from_line_segment`). Multi-line instruction spans show their first line
//! without markers (CPython shows every significant line).

use pyxray_parser::ast::{ExprKind, StmtKind};
use pyxray_parser::parse_module;
use pyxray_text::LineIndex;
use pyxray_vm::objects::TracebackEntry;
use pyxray_vm::UncaughtException;

/// The text `PyErr_Print` writes for an uncaught exception; `source_of` finds a file's text.
pub fn format_uncaught(
    exception: &UncaughtException,
    source_of: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::new();
    let mut context = PrintContext::default();
    format_exception(&mut out, exception, &mut context, source_of);
    out
}

/// `_ExceptionPrintContext`: how deep in exception groups the printing is, and whether the
/// last box still needs its closing line.
#[derive(Default)]
struct PrintContext {
    group_depth: usize,
    need_close: bool,
}

/// `traceback.py`'s `max_group_width` and `max_group_depth`.
const MAX_GROUP_WIDTH: usize = 15;
const MAX_GROUP_DEPTH: usize = 10;

impl PrintContext {
    fn indent(&self) -> String {
        " ".repeat(2 * self.group_depth)
    }

    /// `_ExceptionPrintContext.emit`: every line (blank ones too) indented to the group
    /// depth, with the margin character inside a group.
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        let mut prefix = self.indent();
        if self.group_depth > 0 {
            prefix.push(margin);
            prefix.push(' ');
        }
        for line in text.split_inclusive('\n') {
            out.push_str(&prefix);
            out.push_str(line);
        }
    }
}

/// `TracebackException.format`: the chain oldest first, each link followed by the sentence
/// that says how the next exception relates to it; a group's exceptions in numbered boxes.
fn format_exception(
    out: &mut String,
    exception: &UncaughtException,
    context: &mut PrintContext,
    source_of: &dyn Fn(&str) -> Option<String>,
) {
    let mut chain: Vec<(Option<&str>, &UncaughtException)> = Vec::new();
    let mut current = Some(exception);
    while let Some(link) = current {
        let message = link.chained.as_ref().map(|_| {
            if link.caused {
                "\nThe above exception was the direct cause of the following exception:\n\n"
            } else {
                "\nDuring handling of the above exception, another exception occurred:\n\n"
            }
        });
        chain.push((message, link));
        current = link.chained.as_deref();
    }
    for (message, link) in chain.into_iter().rev() {
        if let Some(message) = message {
            context.emit(out, message, '|');
        }
        match &link.group {
            None => {
                if !link.traceback.is_empty() {
                    let mut text = "Traceback (most recent call last):\n".to_string();
                    text.push_str(&format_stack(link, source_of));
                    context.emit(out, &text, '|');
                }
                context.emit(out, &format_exception_only(link), '|');
            }
            Some(_) if context.group_depth > MAX_GROUP_DEPTH => {
                let text = format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n");
                context.emit(out, &text, '|');
            }
            Some(members) => format_group(out, link, members, context, source_of),
        }
    }
}

/// An exception group: its traceback and message, then each exception in a box.
fn format_group(
    out: &mut String,
    group: &UncaughtException,
    members: &[UncaughtException],
    context: &mut PrintContext,
    source_of: &dyn Fn(&str) -> Option<String>,
) {
    let is_toplevel = context.group_depth == 0;
    if is_toplevel {
        context.group_depth += 1;
    }
    if !group.traceback.is_empty() {
        let margin = if is_toplevel { '+' } else { '|' };
        context.emit(
            out,
            "Exception Group Traceback (most recent call last):\n",
            margin,
        );
        context.emit(out, &format_stack(group, source_of), '|');
    }
    context.emit(out, &format_exception_only(group), '|');
    let count = members.len().min(MAX_GROUP_WIDTH + 1);
    context.need_close = false;
    for index in 0..count {
        let last = index == count - 1;
        if last {
            // The closing line may be written by a nested group instead.
            context.need_close = true;
        }
        let truncated = index >= MAX_GROUP_WIDTH;
        let title = if truncated {
            "...".to_string()
        } else {
            (index + 1).to_string()
        };
        let corner = if index == 0 { "+-" } else { "  " };
        out.push_str(&format!(
            "{}{corner}+---------------- {title} ----------------\n",
            context.indent()
        ));
        context.group_depth += 1;
        if truncated {
            let remaining = members.len() - MAX_GROUP_WIDTH;
            let plural = if remaining > 1 { "s" } else { "" };
            let text = format!("and {remaining} more exception{plural}\n");
            context.emit(out, &text, '|');
        } else {
            format_exception(out, &members[index], context, source_of);
        }
        if last && context.need_close {
            out.push_str(&format!(
                "{}+------------------------------------\n",
                context.indent()
            ));
            context.need_close = false;
        }
        context.group_depth -= 1;
    }
    if is_toplevel {
        context.group_depth = 0;
    }
}

/// `TracebackException.format_exception_only`: `Type: message`, then the notes.
fn format_exception_only(exception: &UncaughtException) -> String {
    let mut out = if exception.message.is_empty() {
        exception.type_name.clone()
    } else {
        format!("{}: {}", exception.type_name, exception.message)
    };
    out.push('\n');
    for note in &exception.notes {
        for line in note.split('\n') {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// `StackSummary.format`: one entry per frame, with its source line and markers.
fn format_stack(
    exception: &UncaughtException,
    source_of: &dyn Fn(&str) -> Option<String>,
) -> String {
    // A frame repeated more than three times in a row (recursion) is printed three times,
    // then counted (`_RECURSIVE_CUTOFF`).
    const RECURSIVE_CUTOFF: usize = 3;
    let repeated = |out: &mut String, count: usize| {
        if count > RECURSIVE_CUTOFF {
            let more = count - RECURSIVE_CUTOFF;
            let plural = if more > 1 { "s" } else { "" };
            out.push_str(&format!(
                "  [Previous line repeated {more} more time{plural}]\n"
            ));
        }
    };
    let mut out = String::new();
    let mut last: Option<(&str, u32, &str)> = None;
    let mut count = 0;
    for entry in &exception.traceback {
        let this = (
            entry.filename.as_str(),
            entry_line(entry),
            entry.name.as_str(),
        );
        if last != Some(this) {
            repeated(&mut out, count);
            last = Some(this);
            count = 0;
        }
        count += 1;
        if count <= RECURSIVE_CUTOFF {
            format_entry(&mut out, entry, source_of);
        }
    }
    repeated(&mut out, count);
    out
}

/// The line a traceback entry names.
fn entry_line(entry: &TracebackEntry) -> u32 {
    entry
        .code
        .positions()
        .get((entry.offset / 2) as usize)
        .and_then(|location| location.lineno)
        .unwrap_or(entry.code.firstlineno)
}

fn format_entry(
    out: &mut String,
    entry: &TracebackEntry,
    source_of: &dyn Fn(&str) -> Option<String>,
) {
    let location = entry
        .code
        .positions()
        .get((entry.offset / 2) as usize)
        .copied()
        .unwrap_or_default();
    let line = location.lineno.unwrap_or(entry.code.firstlineno);
    out.push_str(&format!(
        "  File \"{}\", line {}, in {}\n",
        entry.filename, line, entry.name
    ));
    let Some(source) = source_of(&entry.filename) else {
        return;
    };
    let index = LineIndex::new(&source);
    let text = index.line_text(line, &source);
    let dedented = text.trim_start();
    if dedented.trim().is_empty() {
        return;
    }
    out.push_str(&format!("    {dedented}\n"));
    let (Some(end_line), Some(start), Some(end)) = (
        location.end_lineno,
        location.col_offset,
        location.end_col_offset,
    ) else {
        return;
    };
    if end_line != line {
        return;
    }
    // Character offsets within the dedented line.
    let chars_before = |byte: u32| {
        text.get(..byte as usize)
            .map_or(byte as usize, |s| s.chars().count())
    };
    let indent = text.chars().count() - dedented.chars().count();
    let start_offset = chars_before(start).saturating_sub(indent);
    let end_offset = chars_before(end).saturating_sub(indent);
    let segment: String = dedented
        .chars()
        .skip(start_offset)
        .take(end_offset.saturating_sub(start_offset))
        .collect();
    let anchors = caret_anchors(&segment);
    if !should_show_carets(start_offset, end_offset, dedented, anchors.is_some()) {
        return;
    }
    let carets: String = (0..end_offset)
        .map(|column| {
            if column < start_offset {
                ' '
            } else if anchors.is_some_and(|(left, right)| {
                column >= start_offset + left && column < start_offset + right
            }) {
                '^'
            } else if anchors.is_some() {
                '~'
            } else {
                '^'
            }
        })
        .collect();
    out.push_str(&format!("    {carets}\n"));
}

/// `_should_show_carets`: markers are left out when they would underline the whole line, or
/// the whole call in `return f(...)` / `x = f(...)`.
fn should_show_carets(start: usize, end: usize, line: &str, has_anchors: bool) -> bool {
    let parsed = parse_module(line);
    if let Ok(module) = &parsed.module {
        let Some(statement) = module.body.first() else {
            return false;
        };
        let call = match &statement.kind {
            StmtKind::Return { value: Some(value) } => Some(value.as_ref()),
            StmtKind::Assign { targets, value }
                if targets.len() == 1 && matches!(targets[0].kind, ExprKind::Name { .. }) =>
            {
                Some(value.as_ref())
            }
            _ => None,
        };
        if let Some(call) = call {
            if let ExprKind::Call { func, .. } = &call.kind {
                let is_name_call = matches!(func.kind, ExprKind::Name { .. })
                    || matches!(statement.kind, StmtKind::Assign { .. });
                let span = call.range.as_range();
                let char_at = |byte: usize| line.get(..byte).map_or(byte, |s| s.chars().count());
                if is_name_call && char_at(span.start) == start && char_at(span.end) == end {
                    return false;
                }
            }
        }
    }
    if has_anchors {
        return true;
    }
    let before: String = line.chars().take(start).collect();
    let after: String = line.chars().skip(end).collect();
    !before.trim_start().is_empty() || !after.trim_end().is_empty()
}

/// `_extract_caret_anchors_from_line_segment` for a one-line segment: the character range that
/// gets `^` (a binary operator, or a call's or subscript's brackets); the rest gets `~`.
fn caret_anchors(segment: &str) -> Option<(usize, usize)> {
    let wrapped = format!("(\n{segment}\n)");
    let parsed = parse_module(&wrapped);
    let module = parsed.module.ok()?;
    let [statement] = module.body.as_slice() else {
        return None;
    };
    let StmtKind::Expr { value } = &statement.kind else {
        return None;
    };
    let line_start = 2; // The segment starts after "(\n".
    let chars: Vec<char> = segment.chars().collect();
    let to_char = |byte: usize| {
        let offset = byte.saturating_sub(line_start);
        segment.get(..offset).map_or(offset, |s| s.chars().count())
    };
    // The first character at or after `from` that satisfies `stop`.
    let find =
        |from: usize, stop: &dyn Fn(char) -> bool| (from..chars.len()).find(|&i| stop(chars[i]));
    match &value.kind {
        ExprKind::BinOp { left, right, .. } => {
            let column = find(to_char(left.range.end().to_usize()), &|c| {
                !c.is_whitespace() && c != ')'
            })?;
            let mut right_column = column + 1;
            let right_start = to_char(right.range.start().to_usize());
            if right_column < chars.len()
                && right_column < right_start
                && !chars[right_column].is_whitespace()
                && !"\\#".contains(chars[right_column])
            {
                right_column += 1;
            }
            Some((column, right_column))
        }
        ExprKind::Subscript { value: target, .. } => {
            let left = find(to_char(target.range.end().to_usize()), &|c| c == '[')?;
            Some((left, to_char(value.range.end().to_usize())))
        }
        ExprKind::Call { func, .. } => {
            let left = find(to_char(func.range.end().to_usize()), &|c| c == '(')?;
            Some((left, to_char(value.range.end().to_usize())))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{caret_anchors, should_show_carets};

    #[test]
    fn anchors_for_operators_calls_and_subscripts() {
        assert_eq!(caret_anchors("sum(nums) / len(nums)"), Some((10, 11)));
        assert_eq!(caret_anchors("average([])"), Some((7, 11)));
        assert_eq!(caret_anchors("a ** -b"), Some((2, 4)));
        assert_eq!(caret_anchors("items[3]"), Some((5, 8)));
        assert_eq!(caret_anchors("x"), None);
    }

    #[test]
    fn no_carets_under_a_whole_line_or_a_returned_call() {
        assert!(!should_show_carets(0, 5, "print", false));
        assert!(!should_show_carets(7, 14, "return f(1, 2)", true));
        assert!(should_show_carets(6, 17, "print(average([]))", true));
    }
}
