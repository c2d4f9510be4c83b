//! Indentation: measuring a new line's leading whitespace and queuing INDENT/DEDENT tokens.
//!
//! CPython: `Parser/lexer/lexer.c`, the `if (tok->atbol)` block at the top of
//! `tok_get_normal_mode`, and `_PyTokenizer_indenterror` (`Parser/tokenizer/helpers.c`).
//! Two columns are tracked, as in CPython: `col` with tabs to multiples of 8 and `altcol` with
//! tabs as one column; an indentation is consistent only if both agree (else `TabError`).

use super::lexer::{is, DoneError, LexError, Lexer, MAXINDENT};

/// Tab stops for `col` (`tok->tabsize`).
const TABSIZE: i32 = 8;
/// Tab stops for `altcol` (`ALTTABSIZE`).
const ALTTABSIZE: i32 = 1;

impl Lexer {
    /// Reads the whitespace that starts a line and adjusts the indentation stack; returns
    /// whether the line is blank (only whitespace and/or a comment), which never indents.
    pub(super) fn read_indentation(&mut self) -> Result<bool, LexError> {
        let mut col = 0;
        let mut altcol = 0;
        let mut cont_line_col = 0;
        self.atbol = false;
        let mut c;
        loop {
            c = self.nextc();
            if is(c, b' ') {
                col += 1;
                altcol += 1;
            } else if is(c, b'\t') {
                col = (col / TABSIZE + 1) * TABSIZE;
                altcol = (altcol / ALTTABSIZE + 1) * ALTTABSIZE;
            } else if is(c, 0x0c) {
                // Form feed resets the column (for Emacs users).
                col = 0;
                altcol = 0;
            } else if is(c, b'\\') {
                // The first backslash decides the indentation of what follows it.
                if cont_line_col == 0 {
                    cont_line_col = col;
                }
                self.continuation_line()?;
            } else {
                break;
            }
        }
        self.backup(c);

        let blankline = is(c, b'#') || is(c, b'\n') || is(c, b'\r');
        if blankline || !self.parens.is_empty() {
            return Ok(blankline);
        }

        if cont_line_col != 0 {
            col = cont_line_col;
            altcol = cont_line_col;
        }
        let top = self.indstack.len() - 1;
        let (indent, altindent) = (self.indstack[top], self.altindstack[top]);
        if col == indent {
            // No change.
            if altcol != altindent {
                return Err(self.indent_error());
            }
        } else if col > indent {
            // Indent: always exactly one level.
            if self.indstack.len() >= MAXINDENT {
                self.cur = self.inp;
                return Err(self.done_error(DoneError::TooDeep));
            }
            if altcol <= altindent {
                return Err(self.indent_error());
            }
            self.pendin += 1;
            self.indstack.push(col);
            self.altindstack.push(altcol);
        } else {
            // Dedent: any number of levels, but it must land on one of them.
            while self.indstack.len() > 1 && col < self.indstack[self.indstack.len() - 1] {
                self.pendin -= 1;
                self.indstack.pop();
                self.altindstack.pop();
            }
            let top = self.indstack.len() - 1;
            if col != self.indstack[top] {
                self.cur = self.inp;
                return Err(self.done_error(DoneError::Dedent));
            }
            if altcol != self.altindstack[top] {
                return Err(self.indent_error());
            }
        }
        Ok(false)
    }
}
