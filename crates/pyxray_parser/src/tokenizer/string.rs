//! String literals, and f-strings/t-strings (PEP 701, PEP 750) as FSTRING_START, FSTRING_MIDDLE,
//! FSTRING_END (TSTRING_* for t-strings) with ordinary tokens for the replacement fields.
//!
//! CPython: `Parser/lexer/lexer.c` (the `letter_quote` and `f_string_quote` parts of
//! `tok_get_normal_mode`, `maybe_raise_syntax_error_for_string_prefixes`,
//! `tok_get_fstring_mode`). A `{{` or `}}` ends a FSTRING_MIDDLE after its first brace and the
//! next one starts after the second, so each middle's text is the literal text itself.

use super::lexer::{is, LexError, Lexer, Mode, ModeKind, RawToken, EOF, MAX_EXPR_NESTING};
use crate::token::TokenKind;

/// Maximum f-string nesting (`MAXFSTRINGLEVEL`).
const MAXFSTRINGLEVEL: usize = 150;

impl Lexer {
    /// `maybe_raise_syntax_error_for_string_prefixes`: `rb`, `rf`, `rt` are fine in any order;
    /// `u` combines with nothing, and `b`, `f`, `t` exclude one another.
    pub(super) fn check_string_prefixes(
        &self,
        saw_b: bool,
        saw_r: bool,
        saw_u: bool,
        saw_f: bool,
        saw_t: bool,
        tok_start: usize,
    ) -> Result<(), LexError> {
        let pair = if saw_u && saw_b {
            ("u", "b")
        } else if saw_u && saw_r {
            ("u", "r")
        } else if saw_u && saw_f {
            ("u", "f")
        } else if saw_u && saw_t {
            ("u", "t")
        } else if saw_b && saw_f {
            ("b", "f")
        } else if saw_b && saw_t {
            ("b", "t")
        } else if saw_f && saw_t {
            ("f", "t")
        } else {
            return Ok(());
        };
        let col = (tok_start + 1).saturating_sub(self.line_start) as i64;
        let end_col = self.cur.saturating_sub(self.line_start) as i64;
        Err(self.syntax_error_range(
            col,
            end_col,
            format!("'{}' and '{}' prefixes are incompatible", pair.0, pair.1),
        ))
    }

    /// A plain (or bytes/raw) string literal; `quote` is its opening quote character.
    pub(super) fn string(&mut self, quote: i32, tok_start: usize) -> Result<RawToken, LexError> {
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        let mut has_escaped_quote = false;
        self.first_lineno = self.lineno;
        self.multi_line_start = self.line_start;

        // Find the quote size and the start of the contents.
        let mut c = self.nextc();
        if c == quote {
            c = self.nextc();
            if c == quote {
                quote_size = 3;
            } else {
                end_quote_size = 1; // An empty string.
            }
        }
        if c != quote {
            self.backup(c);
        }

        // Get the rest of the string.
        while end_quote_size != quote_size {
            c = self.nextc();
            if c == EOF || (quote_size == 1 && is(c, b'\n')) {
                // Report the error at the opening quote.
                self.cur = tok_start + 1;
                self.line_start = self.multi_line_start;
                let detected_at = self.lineno;
                self.lineno = self.first_lineno;
                if self.inside_fstring() {
                    // The quote of the enclosing f-string: a `}` is missing.
                    let mode = self.mode();
                    if mode.quote == quote && mode.quote_size == quote_size {
                        let letter = mode.letter();
                        return Err(self.syntax_error(format!("{letter}-string: expecting '}}'")));
                    }
                }
                let message = if quote_size == 3 {
                    format!("unterminated triple-quoted string literal (detected at line {detected_at})")
                } else if has_escaped_quote {
                    format!(
                        "unterminated string literal (detected at line {detected_at}); \
                         perhaps you escaped the end quote?"
                    )
                } else {
                    format!("unterminated string literal (detected at line {detected_at})")
                };
                return Err(self.syntax_error(message));
            }
            if c == quote {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if is(c, b'\\') {
                    // Skip the escaped character, noting an escaped quote.
                    c = self.nextc();
                    if c == quote {
                        has_escaped_quote = true;
                    }
                    if is(c, b'\r') {
                        self.nextc();
                    }
                }
            }
        }
        Ok(self.token(TokenKind::String, tok_start, self.cur))
    }

    /// The start of an f-string or t-string: pushes a new mode and returns FSTRING_START.
    pub(super) fn fstring_start(
        &mut self,
        quote: i32,
        tok_start: usize,
    ) -> Result<RawToken, LexError> {
        let mut quote_size = 1;
        self.first_lineno = self.lineno;
        self.multi_line_start = self.line_start;

        let after_quote = self.nextc();
        if after_quote == quote {
            let after_after_quote = self.nextc();
            if after_after_quote == quote {
                quote_size = 3;
            } else {
                self.backup(after_after_quote);
                self.backup(after_quote);
            }
        }
        if after_quote != quote {
            self.backup(after_quote);
        }

        let prefix = |i: usize| {
            self.buf
                .get(tok_start + i)
                .map_or(0, |b| b.to_ascii_lowercase())
        };
        let (is_tstring, raw) = match prefix(0) {
            b't' => (true, prefix(1) == b'r'),
            b'r' => (prefix(1) == b't', true),
            _ => (false, prefix(1) == b'r'),
        };
        if self.modes.len() >= MAXFSTRINGLEVEL {
            return Err(self.syntax_error("too many nested f-strings or t-strings"));
        }
        self.modes.push(Mode {
            kind: ModeKind::FString,
            is_tstring,
            quote,
            quote_size,
            raw,
            start: tok_start,
            multi_line_start: self.line_start,
            line_start_no: self.lineno,
            curly_bracket_depth: 0,
            curly_bracket_expr_start_depth: -1,
            in_format_spec: false,
            debug: false,
        });
        let kind = if is_tstring {
            TokenKind::TstringStart
        } else {
            TokenKind::FstringStart
        };
        Ok(self.token(kind, tok_start, self.cur))
    }

    /// `tok_get_fstring_mode`: the literal part of an f-string, up to a replacement field or
    /// the closing quote.
    pub(super) fn get_fstring_mode(&mut self) -> Result<RawToken, LexError> {
        let tok_start = self.cur;
        self.start = Some(tok_start);
        self.first_lineno = self.lineno;
        let (middle, end) = if self.mode().is_tstring {
            (TokenKind::TstringMiddle, TokenKind::TstringEnd)
        } else {
            (TokenKind::FstringMiddle, TokenKind::FstringEnd)
        };

        // A replacement field right away: nothing literal to return first.
        let start_char = self.nextc();
        if is(start_char, b'{') {
            let peek = self.nextc();
            self.backup(peek);
            self.backup(start_char);
            if !is(peek, b'{') {
                self.enter_replacement_field()?;
                return self.get_normal_mode();
            }
        } else {
            self.backup(start_char);
        }

        // The closing quote(s)?
        let (quote, quote_size) = (self.mode().quote, self.mode().quote_size);
        let mut at_end = true;
        for _ in 0..quote_size {
            let c = self.nextc();
            if c != quote {
                self.backup(c);
                at_end = false;
                break;
            }
        }
        if at_end {
            self.modes.pop();
            return Ok(self.token(end, tok_start, self.cur));
        }
        // The quotes read before the mismatch stay consumed, as in CPython.

        self.multi_line_start = self.line_start;
        let mut end_quote_size = 0;
        let mut unicode_escape = false;
        while end_quote_size != quote_size {
            let c = self.nextc();
            let mode = self.mode();
            let in_format_spec = mode.in_format_spec && mode.inside_expr();

            if c == EOF || (quote_size == 1 && is(c, b'\n')) {
                if in_format_spec && is(c, b'\n') {
                    let letter = self.mode().letter();
                    return Err(self.syntax_error(format!(
                        "{letter}-string: newlines are not allowed in format specifiers for single quoted {letter}-strings"
                    )));
                }
                // Report the error at the start of the literal.
                let mode = self.mode().clone();
                self.cur = mode.start + 1;
                self.line_start = mode.multi_line_start;
                let detected_at = self.lineno;
                self.lineno = mode.line_start_no;
                let letter = mode.letter();
                let message = if quote_size == 3 {
                    format!("unterminated triple-quoted {letter}-string literal (detected at line {detected_at})")
                } else {
                    format!("unterminated {letter}-string literal (detected at line {detected_at})")
                };
                return Err(self.syntax_error(message));
            }

            if c == quote {
                end_quote_size += 1;
                continue;
            }
            end_quote_size = 0;

            if is(c, b'{') {
                let peek = self.nextc();
                if !is(peek, b'{') || in_format_spec {
                    // A replacement field starts: return the text before it.
                    self.backup(peek);
                    self.backup(c);
                    self.enter_replacement_field()?;
                    self.mode_mut().in_format_spec = false;
                    return Ok(self.token(middle, tok_start, self.cur));
                }
                // `{{`: the text so far plus one brace.
                return Ok(self.token(middle, tok_start, self.cur - 1));
            } else if is(c, b'}') {
                if unicode_escape {
                    return Ok(self.token(middle, tok_start, self.cur));
                }
                let peek = self.nextc();
                let cursor = self.mode().curly_bracket_depth;
                if is(peek, b'}') && !in_format_spec && cursor == 0 {
                    // `}}`: the text so far plus one brace.
                    return Ok(self.token(middle, tok_start, self.cur - 1));
                }
                self.backup(peek);
                self.backup(c);
                let mode = self.mode_mut();
                mode.kind = ModeKind::Regular;
                mode.in_format_spec = false;
                return Ok(self.token(middle, tok_start, self.cur));
            } else if is(c, b'\\') {
                let mut peek = self.nextc();
                if is(peek, b'\r') {
                    peek = self.nextc();
                }
                // A backslash before a brace leaves the brace to the loop.
                if is(peek, b'{') || is(peek, b'}') {
                    if !self.mode().raw {
                        self.warn_invalid_escape(peek as u8);
                    }
                    self.backup(peek);
                    continue;
                }
                if !self.mode().raw && is(peek, b'N') {
                    // A named escape `\N{…}`: its braces are not a replacement field.
                    let next = self.nextc();
                    if is(next, b'{') {
                        unicode_escape = true;
                    } else {
                        self.backup(next);
                    }
                }
            }
        }

        // Leave the closing quotes for FSTRING_END.
        for _ in 0..quote_size {
            self.backup(quote);
        }
        Ok(self.token(middle, tok_start, self.cur))
    }

    /// A `{` opens a replacement field: the tokens that follow are regular ones.
    fn enter_replacement_field(&mut self) -> Result<(), LexError> {
        let mode = self.mode_mut();
        mode.curly_bracket_expr_start_depth += 1;
        if mode.curly_bracket_expr_start_depth >= MAX_EXPR_NESTING {
            let letter = mode.letter();
            return Err(
                self.syntax_error(format!("{letter}-string: expressions nested too deeply"))
            );
        }
        self.mode_mut().kind = ModeKind::Regular;
        Ok(())
    }
}
