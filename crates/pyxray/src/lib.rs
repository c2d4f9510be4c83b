//! The one crate the web app and the CLI call: a [`Session`] runs a program through every stage
//! and hands out plain views of each (tokens, AST, compile phases, frames, heap, output).
//!
//! CPython has no single counterpart; the stages it wraps are `Parser/`, `Python/compile.c` and
//! `Python/ceval.c`. Views are plain data so the UI never reaches into the interpreter.
#![forbid(unsafe_code)]

mod build;
mod session;
mod stages;
mod traceback;
mod views;

pub use pyxray_parser::{SyntaxError, SyntaxErrorType};
pub use pyxray_text::{LineIndex, TextRange, TextSize};
pub use session::{Options, Outcome, Session};
pub use stages::{stage_output, Stage};
pub use views::*;

/// What `python FILE` prints for a `SyntaxError`: the file and line, the line of source, the
/// carets, and `Type: message` (`traceback.TracebackException._format_syntax_error`).
pub fn syntax_error_report(error: &SyntaxError, source: &str, filename: &str) -> String {
    let mut out = format!("  File \"{filename}\", line {}\n", error.lineno);
    let lines = LineIndex::new(source);
    let text = lines.line_text(error.lineno, source);
    let has_text =
        error.lineno >= 1 && (error.lineno as usize) <= lines.line_count() && !source.is_empty();
    // Reading a file, CPython's tokenizer has no column at the end of the input, so an error
    // found there ("expected an indented block" after the last line) gets no caret.
    let at_end_of_input = source
        .get(error.range.start().to_usize()..)
        .is_some_and(|rest| rest.trim().is_empty());
    let caret_column_known =
        !(error.error_type == SyntaxErrorType::IndentationError && at_end_of_input);
    if has_text {
        // `rtext` is the line without its newline, `ltext` without leading spaces.
        let rtext = text;
        let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
        let spaces = (rtext.chars().count() - ltext.chars().count()) as i64;
        let text_len = rtext.chars().count() as i64 + 1;
        let rtext_len = rtext.chars().count() as i64;
        let mut offset = i64::from(error.offset);
        let mut end_offset = if error.lineno == error.end_lineno {
            if error.end_offset != 0 {
                i64::from(error.end_offset)
            } else {
                offset
            }
        } else {
            rtext_len + 1
        };
        if offset > text_len {
            offset = rtext_len + 1;
        }
        if end_offset > text_len {
            end_offset = rtext_len + 1;
        }
        if offset >= end_offset || end_offset < 0 {
            end_offset = offset + 1;
        }
        let column = offset - 1 - spaces;
        let end_column = end_offset - 1 - spaces;
        out.push_str(&format!("    {ltext}\n"));
        if column >= 0 && caret_column_known {
            let caret_space: String = ltext
                .chars()
                .take(column as usize)
                .map(|c| if c.is_whitespace() { c } else { ' ' })
                .collect();
            let width = (end_column - column).max(0) as usize;
            out.push_str(&format!("    {caret_space}{}\n", "^".repeat(width)));
        }
    }
    out.push_str(&format!("{}: {}\n", error.error_type.name(), error.message));
    out
}
