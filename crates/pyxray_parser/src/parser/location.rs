//! Where pegen places an error that is reported at a token, including the tokens that have no
//! column of their own (INDENT, DEDENT, ENDMARKER), and the generic `invalid syntax` error.
//!
//! CPython: `Parser/pegen_errors.c` (`_PyPegen_raise_error`, `_Pypegen_set_syntax_error`),
//! `Parser/pegen.h` (`RAISE_ERROR_KNOWN_LOCATION`).

use pyxray_text::{TextRange, TextSize};

use super::{Failure, Parser};
use crate::errors::{SyntaxError, SyntaxErrorType};
use crate::token::{Token, TokenKind};

impl Parser<'_> {
    /// For a token without a column: its line and `tok->cur - line_start` (in characters), the
    /// column pegen uses instead. `None` for ordinary tokens.
    fn columnless_position(&self, token: Token) -> Option<(u32, i32)> {
        let at_end = token.range.start().to_usize() >= self.source.len();
        match token.kind {
            TokenKind::EndMarker | TokenKind::Dedent if at_end => {
                // The last line read, up to and including its newline (an implicit one if absent).
                let Some(last) = self.source.len().checked_sub(1) else {
                    return Some((1, 0));
                };
                let position = self.lines.char_position(TextSize::from(last), self.source);
                let implicit_newline = !self.source.ends_with('\n');
                Some((
                    position.line,
                    position.column as i32 + 1 + implicit_newline as i32,
                ))
            }
            TokenKind::Dedent => {
                let start = self.lines.char_position(token.range.start(), self.source);
                let line = self.lines.line_text(start.line, self.source);
                let indent = line
                    .chars()
                    .take_while(|c| matches!(c, ' ' | '\t' | '\x0c'));
                Some((start.line, start.column as i32 + indent.count() as i32))
            }
            TokenKind::Indent | TokenKind::EndMarker => {
                let end = self.lines.char_position(token.range.end(), self.source);
                Some((end.line, end.column as i32))
            }
            _ => None,
        }
    }

    /// `_PyPegen_raise_error` at `token` (`RAISE_SYNTAX_ERROR`, `RAISE_INDENTATION_ERROR`,
    /// `RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN`).
    pub(crate) fn raise_error_at(
        &self,
        error_type: SyntaxErrorType,
        token: Token,
        message: impl Into<String>,
    ) -> Failure {
        let mut error = self.error_spanning(error_type, token, message);
        if let Some((line, column)) = self.columnless_position(token) {
            error.lineno = line;
            error.offset = column;
            error.end_lineno = line;
            error.end_offset = -1;
        }
        Failure::Error(Box::new(error))
    }

    /// `RAISE_SYNTAX_ERROR_KNOWN_LOCATION(token, …)`: columnless tokens give offsets of 0.
    pub(crate) fn error_at_token(&self, token: Token, message: impl Into<String>) -> Failure {
        Failure::Error(Box::new(self.known_location_error(token, message)))
    }

    fn known_location_error(&self, token: Token, message: impl Into<String>) -> SyntaxError {
        let mut error = self.error_spanning(SyntaxErrorType::SyntaxError, token, message);
        if let Some((line, _)) = self.columnless_position(token) {
            error.lineno = line;
            error.offset = 0;
            error.end_lineno = line;
            error.end_offset = 0;
        }
        error
    }

    /// An error spanning `token`; an empty one (the implicit NEWLINE) is one character wide.
    fn error_spanning(
        &self,
        error_type: SyntaxErrorType,
        token: Token,
        message: impl Into<String>,
    ) -> SyntaxError {
        let mut range = token.range;
        if range.is_empty() {
            range = TextRange::new(range.start(), range.start() + TextSize::new(1));
        }
        let mut error = SyntaxError::at(error_type, message, range, self.source, self.lines);
        if token.range.is_empty() {
            error.end_lineno = error.lineno;
            error.end_offset = error.offset + 1;
        }
        error
    }

    /// `RAISE_SYNTAX_ERROR_STARTING_FROM(token, …)`: from `token` to where the tokenizer stands,
    /// the end of the furthest token fetched (`tok->cur`), counted without the `+1` of a start.
    pub(crate) fn error_starting_from(&self, token: Token, message: impl Into<String>) -> Failure {
        let mut error = self.known_location_error(token, message);
        let furthest = self.furthest_token();
        if let Some(last) = furthest.range.end().to_usize().checked_sub(1) {
            let end = self.lines.char_position(TextSize::from(last), self.source);
            error.end_lineno = end.line;
            error.end_offset = end.column as i32 + 1;
        }
        error.range = TextRange::new(
            token.range.start(),
            furthest.range.end().max(token.range.start()),
        );
        Failure::Error(Box::new(error))
    }

    /// `_Pypegen_set_syntax_error`: `invalid syntax` at the furthest token of the first pass,
    /// or an indentation error when that token is an INDENT or DEDENT.
    pub(crate) fn generic_error(&self, last_token: usize) -> SyntaxError {
        let token = self.tokens[last_token.min(self.tokens.len() - 1)];
        let message = match token.kind {
            TokenKind::Indent => "unexpected indent",
            TokenKind::Dedent => "unexpected unindent",
            _ => return self.known_location_error(token, "invalid syntax"),
        };
        match self.raise_error_at(SyntaxErrorType::IndentationError, token, message) {
            Failure::Error(error) => *error,
            Failure::NoMatch => self.known_location_error(token, "invalid syntax"),
        }
    }
}
