//! The lexer state machine: reading characters line by line, the regular-mode token loop
//! (names, newlines, comments, operators, brackets) and the errors the tokenizer raises.
//!
//! CPython: `Parser/lexer/lexer.c` (`tok_nextc`, `tok_backup`, `tok_get_normal_mode`,
//! `verify_identifier`, `tok_continuation_line`), `Parser/lexer/state.h` (`struct tok_state`,
//! `tokenizer_mode`), `Parser/tokenizer/helpers.c` (`_PyTokenizer_syntaxerror`).
//! Functions keep CPython's names without the `tok_` prefix. Positions are byte offsets into
//! one buffer holding the whole source (CPython keeps only the current lines in `tok->buf`;
//! `buf_start` tracks where that buffer would start, because some error offsets depend on it).

use super::unicode::{is_printable, is_xid_continue, is_xid_start};
use super::{TokenizerErrorKind, TokenizerWarning};
use crate::errors::{SyntaxError, SyntaxErrorType};
use crate::token::TokenKind;
use pyxray_text::{TextRange, TextSize};

/// What `tok_nextc` returns at the end of the input.
pub(super) const EOF: i32 = -1;
/// Maximum bracket nesting (`MAXLEVEL`).
const MAXLEVEL: usize = 200;
/// Maximum indentation depth (`MAXINDENT`).
pub(super) const MAXINDENT: usize = 100;
/// Maximum nesting of replacement fields inside format specs (`MAX_EXPR_NESTING`).
pub(super) const MAX_EXPR_NESTING: i32 = 3;

/// A token as the lexer produces it: kind and byte offsets into the buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RawToken {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// `tok->done`: why the input stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Done {
    Ok,
    Eof,
    Error,
}

/// `tokenizer_mode.kind`: reading Python tokens, or the literal part of an f-string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ModeKind {
    Regular,
    FString,
}

/// One entry of `tok_mode_stack`: the state of one f-string or t-string being read.
#[derive(Clone, Debug)]
pub(super) struct Mode {
    pub kind: ModeKind,
    /// `t"…"` rather than `f"…"`.
    pub is_tstring: bool,
    pub quote: i32,
    pub quote_size: usize,
    pub raw: bool,
    /// Where the literal starts (its prefix), its line's start and its line number.
    pub start: usize,
    pub multi_line_start: usize,
    pub line_start_no: u32,
    pub curly_bracket_depth: i32,
    pub curly_bracket_expr_start_depth: i32,
    pub in_format_spec: bool,
    pub debug: bool,
}

impl Mode {
    fn regular() -> Self {
        Mode {
            kind: ModeKind::Regular,
            is_tstring: false,
            quote: 0,
            quote_size: 0,
            raw: false,
            start: 0,
            multi_line_start: 0,
            line_start_no: 0,
            curly_bracket_depth: 0,
            curly_bracket_expr_start_depth: 0,
            in_format_spec: false,
            debug: false,
        }
    }

    /// `INSIDE_FSTRING_EXPR`.
    pub fn inside_expr(&self) -> bool {
        self.curly_bracket_expr_start_depth >= 0
    }

    /// `f` or `t`, as error messages name the literal.
    pub fn letter(&self) -> char {
        if self.is_tstring {
            't'
        } else {
            'f'
        }
    }
}

/// An open bracket: `parenstack`, `parenlinenostack`, `parencolstack`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Paren {
    pub ch: u8,
    pub lineno: u32,
    /// Byte column of the bracket in its line.
    pub col: usize,
}

/// A tokenizer error with both faces CPython shows: the `SyntaxError` that `compile()` raises
/// and the `file:line:col: error: message` line that `python -m tokenize` prints.
#[derive(Clone, Debug)]
pub(super) struct LexError {
    pub kind: TokenizerErrorKind,
    pub parser: SyntaxError,
    pub tokenize_line: u32,
    pub tokenize_offset: i64,
    pub tokenize_message: String,
}

/// The tokenizer state (`struct tok_state`).
pub(super) struct Lexer {
    /// The source bytes, with the newline CPython adds when the last line has none.
    pub buf: Vec<u8>,
    /// Parser mode (`compile`): the checks `tokenize` skips (`tok_extra_tokens`) are on, and
    /// lines are read the way the string tokenizer reads them.
    pub strict: bool,
    pub cur: usize,
    /// Where reading starts (after a BOM in parser mode).
    pub origin: usize,
    /// End of the lines read so far (`tok->inp`).
    pub inp: usize,
    /// Where CPython's line buffer starts (`tok->buf`).
    pub buf_start: usize,
    pub line_start: usize,
    pub lineno: u32,
    pub done: Done,
    /// Start of the token being read (`tok->start`), `None` between tokens.
    pub start: Option<usize>,
    pub first_lineno: u32,
    pub multi_line_start: usize,
    pub atbol: bool,
    pub pendin: i32,
    pub indstack: Vec<i32>,
    pub altindstack: Vec<i32>,
    pub parens: Vec<Paren>,
    pub comment_newline: bool,
    pub modes: Vec<Mode>,
    /// An error found while reading a line (null bytes), reported before anything else.
    pub line_error: Option<LexError>,
    /// `SyntaxWarning`s issued so far.
    pub warnings: Vec<TokenizerWarning>,
}

pub(super) fn is_potential_identifier_start(c: i32) -> bool {
    (c >= b'a' as i32 && c <= b'z' as i32)
        || (c >= b'A' as i32 && c <= b'Z' as i32)
        || c == b'_' as i32
        || c >= 128
}

pub(super) fn is_potential_identifier_char(c: i32) -> bool {
    is_potential_identifier_start(c) || is_digit(c)
}

pub(super) fn is_digit(c: i32) -> bool {
    c >= b'0' as i32 && c <= b'9' as i32
}

/// Whether `c` is the byte `b`.
pub(super) fn is(c: i32, b: u8) -> bool {
    c == b as i32
}

/// `_PyPegen_byte_offset_to_character_offset`: the 1-based byte column `col` of `line`
/// converted to characters (a column one past the end counts the end as one character).
pub(super) fn byte_to_char_offset(line: &[u8], col: i64) -> i64 {
    if col <= 0 {
        return 0;
    }
    let col = col as usize;
    if col > line.len() {
        return String::from_utf8_lossy(line).chars().count() as i64 + 1;
    }
    String::from_utf8_lossy(&line[..col]).chars().count() as i64
}

impl Lexer {
    pub fn new(source: &str, strict: bool) -> Self {
        let mut buf = source.as_bytes().to_vec();
        let mut cur = 0;
        if strict {
            // The string tokenizer skips a BOM and turns a lone `\r` into a newline.
            if buf.starts_with("\u{feff}".as_bytes()) {
                cur = 3;
            }
            for i in 0..buf.len() {
                if buf[i] == b'\r' && buf.get(i + 1) != Some(&b'\n') {
                    buf[i] = b'\n';
                }
            }
        }
        if buf.len() > cur && buf.last() != Some(&b'\n') {
            buf.push(b'\n');
        }
        Lexer {
            buf,
            strict,
            cur,
            origin: cur,
            inp: cur,
            buf_start: cur,
            line_start: cur,
            lineno: 0,
            done: Done::Ok,
            start: None,
            first_lineno: 0,
            multi_line_start: cur,
            atbol: true,
            pendin: 0,
            indstack: vec![0],
            altindstack: vec![0],
            parens: Vec::new(),
            comment_newline: false,
            modes: vec![Mode::regular()],
            line_error: None,
            warnings: Vec::new(),
        }
    }

    /// `tok_get`: the next token, from the regular or the f-string mode.
    pub fn next_token(&mut self) -> Result<RawToken, LexError> {
        let regular = self.mode().kind == ModeKind::Regular;
        let result = if regular {
            self.get_normal_mode()
        } else {
            self.get_fstring_mode()
        };
        match self.line_error.take() {
            Some(error) => Err(error),
            None => result,
        }
    }

    /// `TOK_GET_MODE`.
    pub fn mode(&self) -> &Mode {
        // The stack always holds the regular mode at the bottom.
        &self.modes[self.modes.len() - 1]
    }

    pub fn mode_mut(&mut self) -> &mut Mode {
        let top = self.modes.len() - 1;
        &mut self.modes[top]
    }

    /// `INSIDE_FSTRING`.
    pub fn inside_fstring(&self) -> bool {
        self.modes.len() > 1
    }

    /// `tok_nextc`: the next byte, reading a new line when the current one is used up.
    pub fn nextc(&mut self) -> i32 {
        loop {
            if self.cur < self.inp {
                let c = self.buf[self.cur];
                self.cur += 1;
                return c as i32;
            }
            if self.done != Done::Ok {
                return EOF;
            }
            if !self.underflow() {
                self.cur = self.inp;
                return EOF;
            }
            self.line_start = self.cur;
            if self.buf[self.line_start..self.inp].contains(&0) {
                let error = self.syntax_error("source code cannot contain null bytes");
                self.line_error = Some(error);
                self.done = Done::Error;
                self.cur = self.inp;
                return EOF;
            }
        }
    }

    /// `tok_underflow_readline` / `tok_underflow_string`: make the next line available.
    fn underflow(&mut self) -> bool {
        // The readline tokenizer empties its buffer between tokens.
        if !self.strict && self.start.is_none() && !self.inside_fstring() {
            self.buf_start = self.cur;
        }
        if self.cur >= self.buf.len() {
            self.done = Done::Eof;
            return false;
        }
        let rest = &self.buf[self.cur..];
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.buf.len(), |i| self.cur + i + 1);
        if self.strict {
            self.buf_start = self.cur;
        }
        self.inp = end;
        self.lineno += 1;
        true
    }

    /// `tok_backup`: step back over `c` (nothing for `EOF`).
    pub fn backup(&mut self, c: i32) {
        if c != EOF {
            self.cur = self.cur.saturating_sub(1);
        }
    }

    /// `_PyTokenizer_warn_invalid_escape_sequence`: `\{` or `\}` in a non-raw f-string.
    pub fn warn_invalid_escape(&mut self, c: u8) {
        let c = c as char;
        self.warn(format!(
            "\"\\{c}\" is an invalid escape sequence. Such sequences will not work in the future. \
             Did you mean \"\\\\{c}\"? A raw string is also an option."
        ));
    }

    /// `_PyTokenizer_parser_warn`: a `SyntaxWarning` at the current line.
    pub fn warn(&mut self, message: String) {
        let range = self.range_at(self.cur.saturating_sub(1));
        self.warnings.push(TokenizerWarning {
            message,
            lineno: self.lineno,
            range,
        });
    }

    pub fn token(&self, kind: TokenKind, start: usize, end: usize) -> RawToken {
        RawToken { kind, start, end }
    }

    /// Characters in `buf[from..to]`, as CPython counts a decoded slice.
    pub fn chars_between(&self, from: usize, to: usize) -> i64 {
        let to = to.min(self.buf.len());
        let from = from.min(to);
        String::from_utf8_lossy(&self.buf[from..to]).chars().count() as i64
    }

    /// The bytes of the line holding `line_start` up to its end (newline included).
    fn line_bytes_from(&self, line_start: usize) -> &[u8] {
        let from = line_start.min(self.buf.len());
        let end = self.buf[from..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.buf.len(), |i| from + i + 1);
        &self.buf[from..end]
    }

    /// The byte offset where 1-based line `lineno` starts.
    fn line_start_of(&self, lineno: u32) -> usize {
        let mut line = 1;
        let mut offset = self.origin;
        for (i, &b) in self.buf.iter().enumerate().skip(self.origin) {
            if line >= lineno {
                break;
            }
            if b == b'\n' {
                line += 1;
                offset = i + 1;
            }
        }
        offset
    }

    fn range_at(&self, offset: usize) -> TextRange {
        TextRange::empty(TextSize::from(offset.min(self.buf.len())))
    }

    /// `_PyTokenizer_syntaxerror`: a `SyntaxError` whose offset is the column of `cur`.
    pub fn syntax_error(&self, message: impl Into<String>) -> LexError {
        let col = self.chars_between(self.line_start, self.cur);
        self.syntax_error_range(col, col, message)
    }

    /// `_PyTokenizer_syntaxerror_known_range`.
    pub fn syntax_error_range(
        &self,
        col: i64,
        end_col: i64,
        message: impl Into<String>,
    ) -> LexError {
        let message = message.into();
        let tokenize_message = if message.contains("unterminated triple-quoted string literal") {
            "EOF in multi-line string".to_string()
        } else {
            message.clone()
        };
        LexError {
            kind: TokenizerErrorKind::Raised {
                in_fstring: self.inside_fstring(),
            },
            parser: SyntaxError {
                error_type: SyntaxErrorType::SyntaxError,
                message,
                lineno: self.lineno,
                offset: col as i32,
                end_lineno: self.lineno,
                end_offset: end_col as i32,
                range: self.range_at(self.cur.saturating_sub(1)),
            },
            tokenize_line: self.lineno,
            tokenize_offset: col,
            tokenize_message,
        }
    }

    /// An error CPython signals through `tok->done` rather than by raising: the parser
    /// (`_Pypegen_tokenizer_error`) and `tokenize` (`_tokenizer_error`) each word it.
    pub fn done_error(&mut self, kind: DoneError) -> LexError {
        let lineno = self.lineno;
        let line = self.line_bytes_from(self.line_start);
        // tokenize: the offset counts the whole buffered text up to the end of the line.
        let buffered_chars = {
            let end = self.inp.max(self.buf_start);
            let text_end = end.saturating_sub(1).max(self.buf_start);
            self.chars_between(self.buf_start, text_end) + 1
        };
        let (error_type, message) = match kind {
            DoneError::Eof => (SyntaxErrorType::SyntaxError, "unexpected EOF while parsing"),
            DoneError::Dedent => (
                SyntaxErrorType::IndentationError,
                "unindent does not match any outer indentation level",
            ),
            DoneError::TabSpace => (
                SyntaxErrorType::TabError,
                "inconsistent use of tabs and spaces in indentation",
            ),
            DoneError::TooDeep => (
                SyntaxErrorType::IndentationError,
                "too many levels of indentation",
            ),
            DoneError::LineCont => (
                SyntaxErrorType::SyntaxError,
                "unexpected character after line continuation character",
            ),
        };
        let at = self.range_at(self.cur);
        let error_kind = match kind {
            DoneError::Eof => TokenizerErrorKind::Eof,
            DoneError::LineCont => TokenizerErrorKind::LineContinuation,
            _ => TokenizerErrorKind::Indentation,
        };
        let (offset, end_offset) = match kind {
            // `_PyPegen_raise_error` at a token without position: the column of `cur`.
            DoneError::Eof | DoneError::Dedent => {
                let col = if self.cur == self.buf_start {
                    0
                } else {
                    self.cur as i64 - self.line_start as i64
                };
                (byte_to_char_offset(line, col), -1i64)
            }
            DoneError::TabSpace | DoneError::TooDeep => (byte_to_char_offset(line, 1), 0),
            DoneError::LineCont => {
                let col = self.cur as i64 - self.buf_start as i64;
                (byte_to_char_offset(line, col), 0)
            }
        };
        let mut parser = SyntaxError {
            error_type,
            message: message.to_string(),
            lineno,
            offset: offset as i32,
            end_lineno: lineno,
            end_offset: end_offset as i32,
            range: at,
        };
        let (tokenize_offset, tokenize_message) = match kind {
            DoneError::Eof => (
                self.inp as i64 - self.buf_start as i64,
                "unexpected EOF in multi-line statement".to_string(),
            ),
            _ => (buffered_chars, message.to_string()),
        };
        if kind == DoneError::Eof {
            if let Some(unclosed) = self.unclosed_bracket_error() {
                parser = unclosed;
            }
        }
        LexError {
            kind: error_kind,
            parser,
            tokenize_line: lineno,
            tokenize_offset,
            tokenize_message,
        }
    }

    /// `raise_unclosed_parentheses_error`: "'(' was never closed" at the innermost open bracket.
    pub fn unclosed_bracket_error(&self) -> Option<SyntaxError> {
        let paren = self.parens.last()?;
        let line_start = self.line_start_of(paren.lineno);
        let line = self.line_bytes_from(line_start);
        let at = TextSize::from(line_start + paren.col);
        Some(SyntaxError {
            error_type: SyntaxErrorType::SyntaxError,
            message: format!("'{}' was never closed", paren.ch as char),
            lineno: paren.lineno,
            offset: byte_to_char_offset(line, paren.col as i64 + 1) as i32,
            end_lineno: paren.lineno,
            end_offset: 0,
            range: TextRange::new(at, at + TextSize::from(1u32)),
        })
    }

    /// `_PyTokenizer_indenterror`: a `TabError`, with `cur` moved to the end of the line.
    pub fn indent_error(&mut self) -> LexError {
        self.cur = self.inp;
        self.done_error(DoneError::TabSpace)
    }

    /// `tok_continuation_line`: after a backslash, the newline must follow.
    pub fn continuation_line(&mut self) -> Result<i32, LexError> {
        let mut c = self.nextc();
        if is(c, b'\r') {
            c = self.nextc();
        }
        if !is(c, b'\n') {
            return Err(self.done_error(DoneError::LineCont));
        }
        c = self.nextc();
        if c == EOF {
            self.cur = self.inp;
            return Err(self.done_error(DoneError::Eof));
        }
        self.backup(c);
        Ok(c)
    }

    /// `tok_get_normal_mode`: one token outside f-string literal parts.
    pub fn get_normal_mode(&mut self) -> Result<RawToken, LexError> {
        self.start = None;
        let mut blankline = false;

        // Get the indentation level.
        if self.atbol {
            blankline = self.read_indentation()?;
        }
        self.start = Some(self.cur);

        // Return pending indents and dedents.
        if self.pendin != 0 {
            if self.pendin < 0 {
                self.pendin += 1;
                return Ok(self.token(TokenKind::Dedent, self.cur, self.cur));
            }
            self.pendin -= 1;
            return Ok(self.token(TokenKind::Indent, self.buf_start, self.cur));
        }

        // Peek ahead at the next character.
        let c = self.nextc();
        self.backup(c);

        loop {
            self.start = None;
            // Skip spaces.
            let mut c = self.nextc();
            while is(c, b' ') || is(c, b'\t') || is(c, 0x0c) {
                c = self.nextc();
            }
            let tok_start = if c == EOF {
                self.cur
            } else {
                self.cur.saturating_sub(1)
            };
            self.start = Some(tok_start);

            // A comment runs to the end of the line.
            if is(c, b'#') {
                while c != EOF && !is(c, b'\n') && !is(c, b'\r') {
                    c = self.nextc();
                }
                self.backup(c);
                self.comment_newline = blankline;
                return Ok(self.token(TokenKind::Comment, tok_start, self.cur));
            }

            if c == EOF {
                if !self.parens.is_empty() || self.done != Done::Eof {
                    return Err(self.done_error(DoneError::Eof));
                }
                return Ok(self.token(TokenKind::EndMarker, self.cur, self.cur));
            }

            // Identifier (or a string with a prefix).
            if is_potential_identifier_start(c) {
                return self.identifier(c, tok_start);
            }

            if is(c, b'\r') {
                c = self.nextc();
            }

            // Newline: NEWLINE ends a logical line; NL is a blank line or a line break inside
            // brackets (CPython's parser never sees those).
            if is(c, b'\n') {
                self.atbol = true;
                if blankline || !self.parens.is_empty() || self.comment_newline {
                    self.comment_newline = false;
                    return Ok(self.token(TokenKind::Nl, tok_start, self.cur));
                }
                return Ok(self.token(TokenKind::Newline, tok_start, self.cur));
            }

            // Period, ellipsis, or a number starting with a period.
            if is(c, b'.') {
                c = self.nextc();
                if is_digit(c) {
                    return self.number_fraction(c, tok_start);
                } else if is(c, b'.') {
                    c = self.nextc();
                    if is(c, b'.') {
                        return Ok(self.token(TokenKind::Ellipsis, tok_start, self.cur));
                    }
                    self.backup(c);
                    self.backup(b'.' as i32);
                } else {
                    self.backup(c);
                }
                return Ok(self.token(TokenKind::Dot, tok_start, self.cur));
            }

            if is_digit(c) {
                return self.number(c, tok_start);
            }

            if is(c, b'\'') || is(c, b'"') {
                return self.string(c, tok_start);
            }

            // Line continuation: read on from the next line.
            if is(c, b'\\') {
                self.continuation_line()?;
                continue;
            }

            return self.operator(c, tok_start);
        }
    }

    /// Names, keywords, and the prefixes that turn a name into a string (`b"`, `rf'`, `t"`…).
    fn identifier(&mut self, first: i32, tok_start: usize) -> Result<RawToken, LexError> {
        let mut c = first;
        let (mut saw_b, mut saw_r, mut saw_u, mut saw_f, mut saw_t) =
            (false, false, false, false, false);
        loop {
            let lower = if (0..128).contains(&c) {
                (c as u8).to_ascii_lowercase()
            } else {
                0
            };
            match lower {
                b'b' if !saw_b => saw_b = true,
                b'u' if !saw_u => saw_u = true,
                b'r' if !saw_r => saw_r = true,
                b'f' if !saw_f => saw_f = true,
                b't' if !saw_t => saw_t = true,
                _ => break,
            }
            c = self.nextc();
            if is(c, b'"') || is(c, b'\'') {
                self.check_string_prefixes(saw_b, saw_r, saw_u, saw_f, saw_t, tok_start)?;
                if saw_f || saw_t {
                    return self.fstring_start(c, tok_start);
                }
                return self.string(c, tok_start);
            }
        }
        let mut nonascii = false;
        while is_potential_identifier_char(c) {
            if c >= 128 {
                nonascii = true;
            }
            c = self.nextc();
        }
        self.backup(c);
        if nonascii && self.strict {
            self.verify_identifier(tok_start)?;
        }
        Ok(self.token(TokenKind::Name, tok_start, self.cur))
    }

    /// `verify_identifier`: every character of a non-ASCII name must be allowed by PEP 3131.
    fn verify_identifier(&mut self, tok_start: usize) -> Result<(), LexError> {
        let text = String::from_utf8_lossy(&self.buf[tok_start..self.cur]).into_owned();
        let mut invalid = None;
        for (index, (byte, ch)) in text.char_indices().enumerate() {
            let ok = if index == 0 {
                ch == '_' || is_xid_start(ch)
            } else {
                is_xid_continue(ch)
            };
            if !ok {
                invalid = Some((byte, ch));
                break;
            }
        }
        let Some((byte, ch)) = invalid else {
            return Ok(());
        };
        self.cur = (tok_start + byte + ch.len_utf8()).min(self.cur);
        let message = if is_printable(ch) {
            format!("invalid character '{ch}' (U+{:04X})", ch as u32)
        } else {
            format!("invalid non-printable character U+{:04X}", ch as u32)
        };
        Err(self.syntax_error(message))
    }

    /// Operators, delimiters and brackets, including the f-string `:` that opens a format spec.
    fn operator(&mut self, c: i32, tok_start: usize) -> Result<RawToken, LexError> {
        let is_punctuation = is(c, b':') || is(c, b'}') || is(c, b'!') || is(c, b'{');
        if is_punctuation && self.inside_fstring() && self.mode().inside_expr() {
            let mode = self.mode();
            let cursor = mode.curly_bracket_depth - i32::from(!is(c, b'{'));
            if is(c, b':') && cursor == mode.curly_bracket_expr_start_depth {
                let mode = self.mode_mut();
                mode.kind = ModeKind::FString;
                mode.in_format_spec = true;
                return Ok(self.token(TokenKind::Colon, tok_start, self.cur));
            }
        }

        // Two- and three-character operators.
        let c2 = self.nextc();
        if let Some(kind) = two_chars(c, c2) {
            let c3 = self.nextc();
            let kind = match three_chars(c, c2, c3) {
                Some(kind3) => kind3,
                None => {
                    self.backup(c3);
                    kind
                }
            };
            return Ok(self.token(kind, tok_start, self.cur));
        }
        self.backup(c2);

        // Keep track of bracket nesting.
        let byte = c as u8;
        match byte {
            b'(' | b'[' | b'{' => {
                if self.parens.len() >= MAXLEVEL {
                    return Err(self.syntax_error("too many nested parentheses"));
                }
                self.parens.push(Paren {
                    ch: byte,
                    lineno: self.lineno,
                    col: tok_start.saturating_sub(self.line_start),
                });
                if self.inside_fstring() {
                    self.mode_mut().curly_bracket_depth += 1;
                }
            }
            b')' | b']' | b'}' => self.close_bracket(byte)?,
            _ => {}
        }

        if c < 128 && !is_printable(char::from(byte)) {
            return Err(self.syntax_error(format!("invalid non-printable character U+{:04X}", c)));
        }

        if is(c, b'=') && self.mode().inside_expr() {
            self.mode_mut().debug = true;
        }

        let kind = one_char(c);
        Ok(self.token(kind, tok_start, self.cur))
    }

    /// A closing bracket: it must match the innermost open one (checked in parser mode only).
    fn close_bracket(&mut self, c: u8) -> Result<(), LexError> {
        if self.inside_fstring() && self.mode().curly_bracket_depth == 0 && c == b'}' {
            let letter = self.mode().letter();
            return Err(self.syntax_error(format!("{letter}-string: single '}}' is not allowed")));
        }
        if self.strict && self.parens.is_empty() {
            return Err(self.syntax_error(format!("unmatched '{}'", c as char)));
        }
        if let Some(open) = self.parens.pop() {
            let matching = matches!((open.ch, c), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
            if self.strict && !matching {
                if self.inside_fstring() && open.ch == b'{' {
                    let mode = self.mode();
                    if mode.curly_bracket_depth - 1 == mode.curly_bracket_expr_start_depth {
                        let letter = mode.letter();
                        return Err(self
                            .syntax_error(format!("{letter}-string: unmatched '{}'", c as char)));
                    }
                }
                let message = if open.lineno != self.lineno {
                    format!(
                        "closing parenthesis '{}' does not match opening parenthesis '{}' on line {}",
                        c as char, open.ch as char, open.lineno
                    )
                } else {
                    format!(
                        "closing parenthesis '{}' does not match opening parenthesis '{}'",
                        c as char, open.ch as char
                    )
                };
                return Err(self.syntax_error(message));
            }
        }
        if self.inside_fstring() {
            let mode = self.mode_mut();
            mode.curly_bracket_depth -= 1;
            if mode.curly_bracket_depth < 0 {
                let letter = mode.letter();
                return Err(
                    self.syntax_error(format!("{letter}-string: unmatched '{}'", c as char))
                );
            }
            if c == b'}' && mode.curly_bracket_depth == mode.curly_bracket_expr_start_depth {
                mode.curly_bracket_expr_start_depth -= 1;
                mode.kind = ModeKind::FString;
                mode.in_format_spec = false;
                mode.debug = false;
            }
        }
        Ok(())
    }
}

/// Errors CPython reports through `tok->done` (`E_EOF`, `E_DEDENT`, `E_TABSPACE`, `E_TOODEEP`,
/// `E_LINECONT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DoneError {
    Eof,
    Dedent,
    TabSpace,
    TooDeep,
    LineCont,
}

fn ascii_text(bytes: &[i32]) -> Option<String> {
    bytes
        .iter()
        .map(|&c| (0..128).contains(&c).then_some(c as u8 as char))
        .collect()
}

/// `_PyToken_OneChar`: unknown characters are `OP`.
fn one_char(c: i32) -> TokenKind {
    ascii_text(&[c])
        .and_then(|text| TokenKind::from_operator(&text))
        .unwrap_or(TokenKind::Op)
}

/// `_PyToken_TwoChars` (`<>` is `NOTEQUAL` to the C tokenizer).
fn two_chars(c1: i32, c2: i32) -> Option<TokenKind> {
    let text = ascii_text(&[c1, c2])?;
    if text == "<>" {
        return Some(TokenKind::NotEqual);
    }
    TokenKind::from_operator(&text)
}

/// `_PyToken_ThreeChars`.
fn three_chars(c1: i32, c2: i32, c3: i32) -> Option<TokenKind> {
    TokenKind::from_operator(&ascii_text(&[c1, c2, c3])?)
}
