//! The one crate the web app and the CLI call: a [`Session`] runs a program through every stage
//! and hands out plain views of each (tokens, AST, compile phases, frames, heap, output).
//!
//! CPython has no single counterpart; the stages it wraps are `Parser/`, `Python/compile.c` and
//! `Python/ceval.c`. Views are plain data so the UI never reaches into the interpreter.
#![forbid(unsafe_code)]

mod build;
mod session;
mod stages;
mod suggestions;
mod traceback;
mod views;

pub use pyxray_parser::{SyntaxError, SyntaxErrorType};
pub use pyxray_text::{LineIndex, TextRange, TextSize};
pub use session::{Options, Outcome, Session};
pub use stages::{stage_output, Stage};
pub use views::*;

use suggestions::FileText;

/// What `python FILE` prints for a `SyntaxError`: the file and line, the line of source, the
/// carets, and `Type: message` (`traceback.TracebackException._format_syntax_error`), with the
/// keyword typo suggestion that display adds ("invalid syntax. Did you mean 'import'?").
pub fn syntax_error_report(error: &SyntaxError, source: &str, filename: &str) -> String {
    report_syntax_error(error, source, filename, FileText::Source)
}

/// [`syntax_error_report`] for a file whose bytes read back as `file` (a byte order mark, or
/// not UTF-8), which changes what the keyword typo suggestion examines.
pub(crate) fn report_syntax_error(
    error: &SyntaxError,
    source: &str,
    filename: &str,
    file: FileText,
) -> String {
    let mut out = format!("  File \"{filename}\", line {}\n", error.lineno);
    let lines = LineIndex::new(source);
    let has_text =
        error.lineno >= 1 && (error.lineno as usize) <= lines.line_count() && !source.is_empty();
    let mut text = lines.line_text(error.lineno, source);
    let mut message = error.message.as_str();
    let (mut offset, mut end_offset) = (i64::from(error.offset), i64::from(error.end_offset));
    let mut same_line = error.lineno == error.end_lineno;
    // Reading a file, CPython's tokenizer has no column at the end of the input, so an error
    // found there ("expected an indented block" after the last line) gets no caret.
    let at_end_of_input = source
        .get(error.range.start().to_usize()..)
        .is_some_and(|rest| rest.trim().is_empty());
    // The same holds for an error pegen raises at the ENDMARKER or a DEDENT at the very end
    // (`end_offset` -1): "expected 'except' or 'finally' block" after the last line; the
    // tokenizer's own end-of-file error keeps its caret.
    let at_columnless_end = error.error_type == SyntaxErrorType::SyntaxError
        && error.end_offset == -1
        && error.range.start().to_usize() >= source.len()
        && error.message != "unexpected EOF while parsing";
    let indented_block_at_end = error.error_type == SyntaxErrorType::IndentationError
        && at_end_of_input
        && error.message.starts_with("expected an indented block");
    let caret_column_known = !indented_block_at_end && !at_columnless_end;
    // `_find_keyword_typos` runs once the `File` line is written, and only when there is a
    // line of text to show; it replaces the text, the columns and the message.
    let typo = if has_text {
        suggestions::find_keyword_typo(error, source, file)
    } else {
        None
    };
    if let Some(typo) = &typo {
        text = &typo.text;
        message = &typo.message;
        offset = i64::from(typo.offset);
        end_offset = i64::from(typo.end_offset);
        same_line = true;
    }
    if has_text {
        // `rtext` is the line without its newline, `ltext` without leading spaces.
        let rtext = text;
        let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
        let spaces = (rtext.chars().count() - ltext.chars().count()) as i64;
        let text_len = rtext.chars().count() as i64 + 1;
        let rtext_len = rtext.chars().count() as i64;
        let mut end_offset = if same_line {
            if end_offset != 0 {
                end_offset
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
    out.push_str(&format!("{}: {}\n", error.error_type.name(), message));
    out
}

/// The error as `python FILE` displays it: with a keyword typo suggestion, the message reads
/// "invalid syntax. Did you mean '<keyword>'?" and the position is the misspelled name's (in
/// the source, not in the dedented line the report shows); otherwise `error` unchanged.
pub(crate) fn displayed_syntax_error(
    error: &SyntaxError,
    source: &str,
    file: FileText,
) -> SyntaxError {
    let lines = LineIndex::new(source);
    let has_text =
        error.lineno >= 1 && (error.lineno as usize) <= lines.line_count() && !source.is_empty();
    match has_text
        .then(|| suggestions::find_keyword_typo(error, source, file))
        .flatten()
    {
        Some(typo) => SyntaxError {
            error_type: error.error_type,
            message: typo.message,
            lineno: typo.lineno,
            offset: typo.source_offset,
            end_lineno: typo.lineno,
            end_offset: typo.source_end_offset,
            range: typo.range,
        },
        None => error.clone(),
    }
}
