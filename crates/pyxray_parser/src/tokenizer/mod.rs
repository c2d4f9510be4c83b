//! The tokenizer: source text → tokens, exactly as CPython 3.14's C tokenizer cuts them.
//!
//! CPython: `Parser/lexer/lexer.c` (entry point `_PyTokenizer_Get`), `Parser/lexer/state.c`,
//! `Python/Python-tokenize.c` (the `_tokenize.TokenizerIter` behind `Lib/tokenize.py`).
//! Two entry points share one lexer:
//! - [`tokenize`] is what CPython's parser sees (the checks `tokenize` skips are on: leading
//!   zeros, unmatched brackets, invalid characters in names, `1abc`), plus the trivia tokens
//!   (COMMENT, NL) that `tokenize` adds.
//! - [`dump`] / [`dump_bytes`] print what `python -m tokenize -e FILE` prints.
//!
//! Module map: `lexer.rs` (state, regular mode), `indent.rs` (INDENT/DEDENT), `number.rs`,
//! `string.rs` (strings, f-strings, t-strings), `dump.rs` (the `tokenize` printout and PEP 263
//! source decoding), `unicode.rs` (identifier and printable tables).

mod decoding;
mod dump;
mod indent;
mod lexer;
mod number;
mod string;
mod unicode;

use crate::errors::SyntaxError;
use crate::token::{Token, TokenKind};
use pyxray_text::{TextRange, TextSize};

pub use decoding::{check_source_bytes, SourceBytesError};
pub use dump::{decode_source, dump, dump_bytes};

/// Every token `tokenize` would print, up to the first error.
#[derive(Clone, Debug, Default)]
pub struct Tokenized {
    /// COMMENT, NL, INDENT, DEDENT, NEWLINE and ENDMARKER included; no ENCODING. Each range is a
    /// byte range of the source (see [`tokenize`] for the few empty ones).
    pub tokens: Vec<Token>,
    /// The first error, as the `SyntaxError` CPython's parser raises for it.
    pub error: Option<SyntaxError>,
    /// How CPython signals `error` (it decides which error wins when the parser also fails).
    pub error_kind: Option<TokenizerErrorKind>,
    /// `SyntaxWarning`s the tokenizer issues (`1if x else y`, `f"\{"`), in order.
    pub warnings: Vec<TokenizerWarning>,
    /// "'(' was never closed" for the innermost bracket still open where tokenizing stopped.
    /// When the parser fails with a generic error on a line after that bracket and the
    /// tokenizer error is not [`TokenizerErrorKind::Raised`], CPython reports this instead.
    pub unclosed_bracket: Option<SyntaxError>,
}

/// A `SyntaxWarning` from the tokenizer; CPython prints `file:lineno: SyntaxWarning: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenizerWarning {
    pub message: String,
    pub lineno: u32,
    pub range: TextRange,
}

/// How the C tokenizer reports an error, which decides how pegen words it and whether it beats
/// an error the parser finds earlier in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenizerErrorKind {
    /// The tokenizer raised the `SyntaxError` itself (bad number, invalid character,
    /// unterminated string, unmatched bracket…). When the parser fails first, CPython tokenizes
    /// the rest of the file and reports this error instead of the parser's
    /// (`_PyPegen_tokenize_full_source_to_check_for_errors`) — unless it was raised inside an
    /// f-string/t-string (`in_fstring`), where the parser's error stands.
    Raised { in_fstring: bool },
    /// The input ended inside brackets or after a backslash (`E_EOF`). `error` holds pegen's
    /// wording: "'(' was never closed" at the innermost open bracket, or "unexpected EOF while
    /// parsing". Raised only if the parser gets that far; a parser error earlier wins unless it
    /// lies on a later line than the bracket.
    Eof,
    /// `E_DEDENT`, `E_TABSPACE`, `E_TOODEEP`: `IndentationError` / `TabError`.
    Indentation,
    /// `E_LINECONT`: a character after a line-continuation backslash.
    LineContinuation,
}

/// Tokenizes `source` the way CPython's parser reads it, keeping the trivia tokens.
///
/// Ranges: NEWLINE and NL cover their `\n` or `\r\n` (empty at the end of a source without a
/// final newline); INDENT covers the indentation; DEDENT is empty at the first character of the
/// line; ENDMARKER and the DEDENTs at the end are empty at `source.len()`. FSTRING_MIDDLE covers
/// the literal text with `{{`/`}}` split after the first brace (its text is the unescaped text);
/// backslash escapes are left for the parser to decode.
///
/// Where CPython's parser positions differ from these ranges: its NEWLINE starts at the `#` of
/// a comment before it on the same line (`x = # c` fails at column 5); INDENT, DEDENT and
/// ENDMARKER have no column, so pegen places errors at them at `tok->cur`: the end of the
/// indentation (no `+1`: "unexpected indent" has `offset` = indentation width), or for
/// ENDMARKER the last line with `offset` = its byte length including the newline.
pub fn tokenize(source: &str) -> Tokenized {
    if source.contains('\0') {
        // `compile()` refuses such a string before tokenizing; CPython leaves the position unset.
        return Tokenized {
            error: Some(SyntaxError {
                error_type: crate::errors::SyntaxErrorType::SyntaxError,
                message: "source code string cannot contain null bytes".to_string(),
                lineno: 0,
                offset: 0,
                end_lineno: 0,
                end_offset: 0,
                range: TextRange::empty(TextSize::from(0u32)),
            }),
            error_kind: Some(TokenizerErrorKind::Raised { in_fstring: false }),
            ..Tokenized::default()
        };
    }
    let run = run_lexer(source, true);
    let (error, error_kind) = match run.error {
        Some(error) => (Some(error.parser), Some(error.kind)),
        None => (None, None),
    };
    Tokenized {
        tokens: run.tokens,
        error,
        error_kind,
        warnings: run.warnings,
        unclosed_bracket: run.unclosed_bracket,
    }
}

/// What one pass of the lexer produced.
struct LexRun {
    tokens: Vec<Token>,
    error: Option<lexer::LexError>,
    /// `tok->lineno` at the end: the number of lines read.
    lines_read: u32,
    warnings: Vec<TokenizerWarning>,
    unclosed_bracket: Option<SyntaxError>,
}

/// Runs the lexer to ENDMARKER or the first error; `strict` selects parser mode.
fn run_lexer(source: &str, strict: bool) -> LexRun {
    let mut lexer = lexer::Lexer::new(source, strict);
    let mut tokens = Vec::new();
    let mut error = None;
    // Every token consumes input or changes state; the bound only guards against a bug.
    let limit = 4 * source.len() + 1000;
    while tokens.len() < limit {
        match lexer.next_token() {
            Ok(raw) => {
                let token = Token {
                    kind: raw.kind,
                    range: clamp_range(source, raw.start, raw.end),
                };
                tokens.push(token);
                if raw.kind == TokenKind::EndMarker {
                    break;
                }
            }
            Err(lex_error) => {
                error = Some(lex_error);
                break;
            }
        }
    }
    LexRun {
        tokens,
        error,
        lines_read: lexer.lineno,
        unclosed_bracket: lexer.unclosed_bracket_error(),
        warnings: lexer.warnings,
    }
}

/// A byte range inside `source` on character boundaries (the lexer's buffer may hold one more
/// newline than the source).
fn clamp_range(source: &str, start: usize, end: usize) -> TextRange {
    let floor = |mut i: usize| {
        i = i.min(source.len());
        while !source.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        i = i.min(source.len());
        while !source.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let start = floor(start);
    let end = ceil(end).max(start);
    TextRange::new(TextSize::from(start), TextSize::from(end))
}

#[cfg(test)]
mod tests;
