//! Numeric literals: integers in every base, floats, exponents, imaginary numbers, underscores,
//! and the errors for malformed ones.
//!
//! CPython: `Parser/lexer/lexer.c` (the `/* Number */` part of `tok_get_normal_mode`,
//! `tok_decimal_tail`, `verify_end_of_number`, `lookahead`). The `goto fraction/exponent/
//! imaginary` jumps become `Stage` arguments of `float_tail`.

use super::lexer::{is, is_digit, is_potential_identifier_char, LexError, Lexer, RawToken, EOF};
use crate::token::TokenKind;

/// Where `float_tail` picks up a decimal literal.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// After the integer digits: a `.`, exponent or `j` may follow.
    Integer,
    /// Just after the `.` (the current character is the first one after it).
    Fraction,
    /// At the `e`/`E` of an exponent.
    Exponent,
    /// At the `j`/`J` of an imaginary literal.
    Imaginary,
}

fn is_xdigit(c: i32) -> bool {
    (0..128).contains(&c) && (c as u8).is_ascii_hexdigit()
}

fn is_one_of(c: i32, chars: &[u8]) -> bool {
    chars.iter().any(|&b| is(c, b))
}

impl Lexer {
    /// A number whose first character `c` is a digit.
    pub(super) fn number(&mut self, first: i32, tok_start: usize) -> Result<RawToken, LexError> {
        if !is(first, b'0') {
            let c = self.decimal_tail()?;
            return self.float_tail(c, Stage::Integer, tok_start);
        }
        // Hex, octal or binary, maybe.
        let mut c = self.nextc();
        if is_one_of(c, b"xX") {
            c = self.nextc();
            loop {
                if is(c, b'_') {
                    c = self.nextc();
                }
                if !is_xdigit(c) {
                    self.backup(c);
                    return Err(self.syntax_error("invalid hexadecimal literal"));
                }
                loop {
                    c = self.nextc();
                    if !is_xdigit(c) {
                        break;
                    }
                }
                if !is(c, b'_') {
                    break;
                }
            }
            self.verify_end_of_number(c, "hexadecimal")?;
        } else if is_one_of(c, b"oO") {
            c = self.radix_digits(8, "octal")?;
            self.verify_end_of_number(c, "octal")?;
        } else if is_one_of(c, b"bB") {
            c = self.radix_digits(2, "binary")?;
            self.verify_end_of_number(c, "binary")?;
        } else {
            // Maybe an old-style octal; in any case `0` itself is fine.
            let mut nonzero = false;
            loop {
                if is(c, b'_') {
                    c = self.nextc();
                    if !is_digit(c) {
                        self.backup(c);
                        return Err(self.syntax_error("invalid decimal literal"));
                    }
                }
                if !is(c, b'0') {
                    break;
                }
                c = self.nextc();
            }
            let zeros_end = self.cur;
            if is_digit(c) {
                nonzero = true;
                c = self.decimal_tail()?;
            }
            if is(c, b'.') {
                c = self.nextc();
                return self.float_tail(c, Stage::Fraction, tok_start);
            } else if is_one_of(c, b"eE") {
                return self.float_tail(c, Stage::Exponent, tok_start);
            } else if is_one_of(c, b"jJ") {
                return self.float_tail(c, Stage::Imaginary, tok_start);
            } else if nonzero && self.strict {
                // Old-style octal: now disallowed. The columns are bytes, as CPython has them.
                self.backup(c);
                let col = (tok_start + 1).saturating_sub(self.line_start) as i64;
                let end_col = zeros_end.saturating_sub(self.line_start) as i64;
                return Err(self.syntax_error_range(
                    col,
                    end_col,
                    "leading zeros in decimal integer literals are not permitted; \
                     use an 0o prefix for octal integers",
                ));
            }
            self.verify_end_of_number(c, "decimal")?;
        }
        self.backup(c);
        Ok(self.token(TokenKind::Number, tok_start, self.cur))
    }

    /// A number that starts with `.`; `c` is the digit after the period.
    pub(super) fn number_fraction(
        &mut self,
        c: i32,
        tok_start: usize,
    ) -> Result<RawToken, LexError> {
        self.float_tail(c, Stage::Fraction, tok_start)
    }

    /// The digits of a `0o`/`0b` literal (the prefix letter has been read).
    fn radix_digits(&mut self, radix: i32, kind: &str) -> Result<i32, LexError> {
        let valid = |c: i32| c >= b'0' as i32 && c < b'0' as i32 + radix;
        let mut c = self.nextc();
        loop {
            if is(c, b'_') {
                c = self.nextc();
            }
            if !valid(c) {
                if is_digit(c) {
                    return Err(self.syntax_error(format!(
                        "invalid digit '{}' in {kind} literal",
                        c as u8 as char
                    )));
                }
                self.backup(c);
                return Err(self.syntax_error(format!("invalid {kind} literal")));
            }
            loop {
                c = self.nextc();
                if !valid(c) {
                    break;
                }
            }
            if !is(c, b'_') {
                break;
            }
        }
        if is_digit(c) {
            return Err(self.syntax_error(format!(
                "invalid digit '{}' in {kind} literal",
                c as u8 as char
            )));
        }
        Ok(c)
    }

    /// `tok_decimal_tail`: digits with single underscores between them; returns the character
    /// after them.
    fn decimal_tail(&mut self) -> Result<i32, LexError> {
        loop {
            let mut c = self.nextc();
            while is_digit(c) {
                c = self.nextc();
            }
            if !is(c, b'_') {
                return Ok(c);
            }
            c = self.nextc();
            if !is_digit(c) {
                self.backup(c);
                return Err(self.syntax_error("invalid decimal literal"));
            }
        }
    }

    /// The rest of a decimal literal from `stage` on: fraction, exponent, imaginary suffix.
    fn float_tail(
        &mut self,
        mut c: i32,
        mut stage: Stage,
        tok_start: usize,
    ) -> Result<RawToken, LexError> {
        if stage == Stage::Integer && is(c, b'.') {
            c = self.nextc();
            stage = Stage::Fraction;
        }
        if stage == Stage::Fraction {
            if is_digit(c) {
                c = self.decimal_tail()?;
            }
            stage = Stage::Integer;
        }
        if stage == Stage::Integer && is_one_of(c, b"eE") {
            stage = Stage::Exponent;
        }
        if stage == Stage::Exponent {
            let e = c;
            c = self.nextc();
            if is_one_of(c, b"+-") {
                c = self.nextc();
                if !is_digit(c) {
                    self.backup(c);
                    return Err(self.syntax_error("invalid decimal literal"));
                }
            } else if !is_digit(c) {
                // Not an exponent after all: the number ends before the `e`.
                self.backup(c);
                self.verify_end_of_number(e, "decimal")?;
                self.backup(e);
                return Ok(self.token(TokenKind::Number, tok_start, self.cur));
            }
            c = self.decimal_tail()?;
            stage = Stage::Integer;
        }
        if stage == Stage::Imaginary || is_one_of(c, b"jJ") {
            c = self.nextc();
            self.verify_end_of_number(c, "imaginary")?;
        } else {
            self.verify_end_of_number(c, "decimal")?;
        }
        self.backup(c);
        Ok(self.token(TokenKind::Number, tok_start, self.cur))
    }

    /// `verify_end_of_number`: a number may run into a keyword (`1if x else 2`, a warning in
    /// CPython) but not into other name characters (`1abc`). `tokenize` skips the check.
    fn verify_end_of_number(&mut self, c: i32, kind: &str) -> Result<(), LexError> {
        if !self.strict {
            return Ok(());
        }
        let keyword_follows = if is(c, b'a') {
            self.lookahead(b"nd")
        } else if is(c, b'e') {
            self.lookahead(b"lse")
        } else if is(c, b'f') {
            self.lookahead(b"or")
        } else if is(c, b'i') {
            let c2 = self.nextc();
            let r = is_one_of(c2, b"fns");
            self.backup(c2);
            r
        } else if is(c, b'o') {
            self.lookahead(b"r")
        } else if is(c, b'n') {
            self.lookahead(b"ot")
        } else {
            false
        };
        if keyword_follows {
            self.warn(format!("invalid {kind} literal"));
            return Ok(());
        }
        if c != EOF && c < 128 && is_potential_identifier_char(c) {
            self.backup(c);
            return Err(self.syntax_error(format!("invalid {kind} literal")));
        }
        Ok(())
    }

    /// `lookahead`: whether `rest` follows (then a non-name character), reading nothing.
    fn lookahead(&mut self, rest: &[u8]) -> bool {
        let mut matched = 0;
        loop {
            let c = self.nextc();
            let result = if matched == rest.len() {
                !is_potential_identifier_char(c)
            } else if is(c, rest[matched]) {
                matched += 1;
                continue;
            } else {
                false
            };
            self.backup(c);
            for _ in 0..matched {
                self.cur = self.cur.saturating_sub(1);
            }
            return result;
        }
    }
}
