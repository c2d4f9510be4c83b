//! Syntax errors as CPython reports them: exception type, message, and the four position
//! attributes exactly as `SyntaxError.lineno/offset/end_lineno/end_offset` hold them.
//!
//! CPython: `Parser/pegen_errors.c` (`_PyPegen_raise_error_known_location`), `Parser/lexer/lexer.c`
//! (`syntaxerror`, `indenterror`). The message text is the conformance contract; the attributes
//! are stored as CPython computes them (1-based character offsets, sometimes `-1` or `0` for the
//! end) rather than re-derived, because CPython's own values are irregular at the edges.

use std::fmt;

use pyxray_text::{LineIndex, TextRange, TextSize};

/// Which exception class a compile-time error is raised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxErrorType {
    SyntaxError,
    IndentationError,
    TabError,
    /// Not a `SyntaxError` subclass: CPython's parser raises `MemoryError` ("Parser stack
    /// overflowed - Python source too complex to parse") when its rule stack is exhausted.
    MemoryError,
}

impl SyntaxErrorType {
    pub fn name(self) -> &'static str {
        match self {
            SyntaxErrorType::SyntaxError => "SyntaxError",
            SyntaxErrorType::IndentationError => "IndentationError",
            SyntaxErrorType::TabError => "TabError",
            SyntaxErrorType::MemoryError => "MemoryError",
        }
    }
}

/// A compile-time error with CPython's message and position attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub error_type: SyntaxErrorType,
    pub message: String,
    /// 1-based line of the error (`SyntaxError.lineno`); `0` when CPython leaves all four
    /// position attributes `None` (a NUL byte in the source given to `compile`).
    pub lineno: u32,
    /// 1-based character column where the caret starts (`SyntaxError.offset`).
    pub offset: i32,
    pub end_lineno: u32,
    /// 1-based character column after the underlined text; CPython uses `0` or `-1` in some cases.
    pub end_offset: i32,
    /// The byte range the UI underlines.
    pub range: TextRange,
}

impl SyntaxError {
    /// An error spanning `range`, with attributes computed the way `RAISE_ERROR_KNOWN_LOCATION` does.
    pub fn at(
        error_type: SyntaxErrorType,
        message: impl Into<String>,
        range: TextRange,
        source: &str,
        lines: &LineIndex,
    ) -> Self {
        let start = lines.char_position(range.start(), source);
        let mut end = lines.char_position(range.end(), source);
        // A range ending with a newline (a NEWLINE token) ends on its own line, one column on.
        let last = range.end().to_usize().checked_sub(1);
        if !range.is_empty() && last.and_then(|i| source.as_bytes().get(i)) == Some(&b'\n') {
            if let Some(last) = last {
                end = lines.char_position(TextSize::from(last), source);
                end.column += 1;
            }
        }
        SyntaxError {
            error_type,
            message: message.into(),
            lineno: start.line,
            offset: start.column as i32 + 1,
            end_lineno: end.line,
            end_offset: end.column as i32 + 1,
            range,
        }
    }

    /// A plain `SyntaxError` spanning `range`.
    pub fn syntax(
        message: impl Into<String>,
        range: TextRange,
        source: &str,
        lines: &LineIndex,
    ) -> Self {
        Self::at(SyntaxErrorType::SyntaxError, message, range, source, lines)
    }

    /// An error at a single point (the caret under one character).
    pub fn at_point(
        error_type: SyntaxErrorType,
        message: impl Into<String>,
        at: TextSize,
        source: &str,
        lines: &LineIndex,
    ) -> Self {
        Self::at(error_type, message, TextRange::empty(at), source, lines)
    }

    /// The one-line form the oracle writes for the `ast` and `dis` stages:
    /// `SyntaxError: expected ':' (lineno=2, offset=10, end_lineno=2, end_offset=11)`.
    pub fn oracle_line(&self) -> String {
        if self.error_type == SyntaxErrorType::MemoryError {
            return format!("{}: {}", self.error_type.name(), self.message);
        }
        if self.lineno == 0 {
            return format!(
                "{}: {} (lineno=None, offset=None, end_lineno=None, end_offset=None)",
                self.error_type.name(),
                self.message
            );
        }
        format!(
            "{}: {} (lineno={}, offset={}, end_lineno={}, end_offset={})",
            self.error_type.name(),
            self.message,
            self.lineno,
            self.offset,
            self.end_lineno,
            self.end_offset
        )
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_type.name(), self.message)
    }
}

impl std::error::Error for SyntaxError {}
