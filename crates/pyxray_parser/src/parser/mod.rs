//! A recursive-descent parser that follows `Grammar/python.gram` rule by rule, one function per
//! rule family, building the AST of `Parser/Python.asdl`.
//!
//! CPython: `Grammar/python.gram` → `Parser/parser.c`, `Parser/pegen.c` (token handling,
//! `_PyPegen_run_parser`), `Parser/action_helpers.c` (node construction). CPython's PEG parser
//! backtracks freely; this one looks ahead a few tokens instead, which accepts the same language.
//! Like CPython, the first failure is reported as `invalid syntax` at the furthest token reached,
//! unless a rule knows a more helpful message (CPython's `invalid_*` rules).

mod arguments;
mod expr;
mod fstring;
mod future;
mod invalid;
mod invalid_params;
mod literal;
mod location;
mod parameters;
mod pattern;
mod stmt;
mod targets;

use pyxray_text::{LineIndex, TextRange, TextSize};

use crate::ast::{Module, NodeId};
use crate::errors::SyntaxError;
use crate::token::{Token, TokenKind};
use crate::tokenizer::{tokenize, Tokenized, TokenizerErrorKind};

/// Nesting deeper than this fails with CPython's `MemoryError` instead of overflowing the
/// stack (CPython: `MAXSTACK` in `Parser/parser.c`, 6000 rule calls there; here one level per
/// nested expression, unary operator or chained binary operator/trailer, which also bounds the
/// depth of the tree for `ast.dump`, the compiler and `Drop`). 200 nested brackets (the
/// tokenizer's limit) take about 600.
const MAX_RECURSION_DEPTH: u32 = 1000;

/// The token as CPython's parser sees it. A FSTRING_MIDDLE that ends in an escaped brace
/// (`{{` or `}}`) holds one brace in its text, but its end position lies after both (the
/// `tokenize` module moves it back one column, as [`tokenize`] does).
///
/// A NEWLINE starts at the `#` of a comment just before it and ends one character after its
/// start, on the same line (CPython's parser sees one `\n`, `\r\n` translated).
fn parser_token(source: &str, mut token: Token, previous: Option<Token>) -> Token {
    if token.kind == TokenKind::Newline && !token.range.is_empty() {
        let start = match previous {
            Some(comment) if comment.kind == TokenKind::Comment => comment.range.start(),
            _ => token.range.start(),
        };
        token.range = TextRange::new(start, token.range.start() + TextSize::new(1));
    }
    if matches!(
        token.kind,
        TokenKind::FstringMiddle | TokenKind::TstringMiddle
    ) && !token.range.is_empty()
    {
        let bytes = source.as_bytes();
        let end = token.range.end().to_usize();
        let last = end.checked_sub(1).and_then(|i| bytes.get(i));
        if matches!(last, Some(b'{' | b'}')) && bytes.get(end) == last {
            token.range = TextRange::new(token.range.start(), token.range.end() + TextSize::new(1));
        }
    }
    token
}

/// The outcome of parsing: the tree or the first syntax error, plus every token.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub module: Result<Module, SyntaxError>,
    pub tokens: Tokenized,
}

/// Tokenizes and parses a whole file (`ast.parse(source)`, mode `exec`).
pub fn parse_module(source: &str) -> Parsed {
    let tokens = tokenize(source);
    let lines = LineIndex::new(source);
    let mut parser = Parser::new(source, &lines, &tokens);
    let module = parser.parse_file().and_then(|module| {
        future::check_future_imports(&module, source, &lines)?;
        Ok(module)
    });
    Parsed { module, tokens }
}

/// Why a rule did not match. `NoMatch` lets the caller try something else or report
/// `invalid syntax` at the furthest token; `Error` is a definite error with its own message.
#[derive(Debug)]
pub(crate) enum Failure {
    NoMatch,
    Error(Box<SyntaxError>),
}

pub(crate) type PResult<T> = Result<T, Failure>;

pub(crate) struct Parser<'a> {
    source: &'a str,
    lines: &'a LineIndex,
    /// The tokens the grammar sees: no comments, no NL, no ENCODING.
    tokens: Vec<Token>,
    tokenized: &'a Tokenized,
    position: usize,
    /// The furthest token looked at: where `invalid syntax` is reported.
    furthest: usize,
    next_node_id: u32,
    depth: u32,
    /// Whether the `invalid_*` rules run (the second pass, `p->call_invalid_rules`).
    pub(crate) call_invalid_rules: bool,
    /// The bracket depth after each token of `tokens`.
    levels: Vec<u32>,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str, lines: &'a LineIndex, tokenized: &'a Tokenized) -> Self {
        let mut tokens: Vec<Token> = Vec::with_capacity(tokenized.tokens.len());
        let mut previous: Option<Token> = None;
        for &token in &tokenized.tokens {
            if !token.kind.is_trivia() {
                tokens.push(parser_token(source, token, previous));
            }
            previous = Some(token);
        }
        // The bracket depth after each token (`token->level`).
        let mut level = 0u32;
        let levels = tokens
            .iter()
            .map(|t| {
                match t.kind {
                    TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => level += 1,
                    TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                        level = level.saturating_sub(1)
                    }
                    _ => {}
                }
                level
            })
            .collect();
        // Tokens always end in ENDMARKER, even when the tokenizer stopped early.
        if tokens.last().map(|t| t.kind) != Some(TokenKind::EndMarker) {
            let end = tokens.last().map_or(TextSize::new(0), |t| t.range.end());
            tokens.push(Token {
                kind: TokenKind::EndMarker,
                range: TextRange::empty(end),
            });
        }
        Parser {
            source,
            lines,
            tokens,
            tokenized,
            position: 0,
            furthest: 0,
            next_node_id: 0,
            depth: 0,
            call_invalid_rules: false,
            levels,
        }
    }

    /// `file: [statements] ENDMARKER`, run as `_PyPegen_run_parser` does: when the first pass
    /// fails without a message, a second pass with the `invalid_*` rules on looks for a more
    /// helpful one, and `invalid syntax` falls back to the furthest token of the first pass.
    fn parse_file(&mut self) -> Result<Module, SyntaxError> {
        let id = self.new_id();
        let parser_error = match self.statements_until_end() {
            Ok(body) => {
                // The tokenizer stopped early: the parser would have asked for the next token.
                if let Some(error) = &self.tokenized.error {
                    return Err(error.clone());
                }
                return Ok(Module { id, body });
            }
            Err(Failure::Error(error)) => {
                // The parser asked for a token the tokenizer could not produce.
                if let Some(error) = self.tokenizer_error_reached() {
                    return Err(error.clone());
                }
                *error
            }
            Err(Failure::NoMatch) => {
                if let Some(error) = self.tokenizer_error_reached() {
                    return Err(error.clone());
                }
                let last_token = self.furthest;
                self.reset(0);
                self.call_invalid_rules = true;
                let second_pass = self.statements_until_end();
                if let Some(error) = self.tokenizer_error_reached() {
                    return Err(error.clone());
                }
                match second_pass {
                    Err(Failure::Error(error)) => *error,
                    Ok(_) | Err(Failure::NoMatch) => self.generic_error(last_token),
                }
            }
        };
        Err(self.prefer_tokenizer_error(parser_error))
    }

    /// The tokenizer's error when the parser got as far as the place where the tokens stop.
    fn tokenizer_error_reached(&self) -> Option<&SyntaxError> {
        let error = self.tokenized.error.as_ref()?;
        (self.furthest + 1 >= self.tokens.len()).then_some(error)
    }

    /// `_PyPegen_tokenize_full_source_to_check_for_errors`: after a parser error, an error the
    /// tokenizer raises later in the file wins (unless inside an f-string), and so does a bracket
    /// left open on a line before the furthest token the parser fetched (in either pass), e.g.
    /// `print("hi"` followed by `x = 1` is "'(' was never closed", not a missing comma.
    fn prefer_tokenizer_error(&self, parser_error: SyntaxError) -> SyntaxError {
        if let (Some(error), Some(TokenizerErrorKind::Raised { in_fstring: false })) =
            (&self.tokenized.error, self.tokenized.error_kind)
        {
            return error.clone();
        }
        if let Some(unclosed) = &self.tokenized.unclosed_bracket {
            let furthest = self.furthest_token().range.start();
            let furthest_line = self.lines.byte_position(furthest).line;
            if furthest_line > unclosed.lineno {
                return unclosed.clone();
            }
        }
        parser_error
    }

    // ---- Tokens ----------------------------------------------------------------------

    pub(crate) fn new_id(&mut self) -> NodeId {
        let id = NodeId(self.next_node_id);
        self.next_node_id += 1;
        id
    }

    /// The token at `position + offset` (ENDMARKER past the end), remembered as looked at.
    pub(crate) fn peek_at(&mut self, offset: usize) -> Token {
        let index = (self.position + offset).min(self.tokens.len() - 1);
        self.furthest = self.furthest.max(index);
        self.tokens[index]
    }

    /// The furthest token looked at (`p->tokens[p->fill - 1]`), where `RAISE_SYNTAX_ERROR` points.
    pub(crate) fn furthest_token(&self) -> Token {
        self.tokens[self.furthest.min(self.tokens.len() - 1)]
    }

    pub(crate) fn peek(&mut self) -> Token {
        self.peek_at(0)
    }

    pub(crate) fn peek_kind(&mut self) -> TokenKind {
        self.peek().kind
    }

    pub(crate) fn text(&self, token: Token) -> &'a str {
        self.source.get(token.range.as_range()).unwrap_or("")
    }

    /// Whether the next token is the keyword or soft keyword `word` (a NAME with that text).
    pub(crate) fn at_keyword(&mut self, word: &str) -> bool {
        let token = self.peek();
        token.kind == TokenKind::Name && self.text(token) == word
    }

    pub(crate) fn at(&mut self, kind: TokenKind) -> bool {
        self.peek_kind() == kind
    }

    pub(crate) fn advance(&mut self) -> Token {
        let token = self.peek();
        if self.position < self.tokens.len() - 1 {
            self.position += 1;
        }
        token
    }

    pub(crate) fn eat(&mut self, kind: TokenKind) -> Option<Token> {
        if self.at(kind) {
            Some(self.advance())
        } else {
            None
        }
    }

    pub(crate) fn eat_keyword(&mut self, word: &str) -> Option<Token> {
        if self.at_keyword(word) {
            Some(self.advance())
        } else {
            None
        }
    }

    pub(crate) fn expect(&mut self, kind: TokenKind) -> PResult<Token> {
        self.eat(kind).ok_or(Failure::NoMatch)
    }

    pub(crate) fn expect_keyword(&mut self, word: &str) -> PResult<Token> {
        self.eat_keyword(word).ok_or(Failure::NoMatch)
    }

    /// Start offset of the next token: where a node that begins here starts.
    pub(crate) fn start(&mut self) -> TextSize {
        self.peek().range.start()
    }

    /// End offset of the last consumed token other than NEWLINE, INDENT, DEDENT: where a node
    /// that ends here ends (`_PyPegen_get_last_nonnwhitespace_token`).
    pub(crate) fn end(&self) -> TextSize {
        let consumed = &self.tokens[..self.position.min(self.tokens.len())];
        let last = consumed.iter().rev().find(|t| {
            !matches!(
                t.kind,
                TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent | TokenKind::EndMarker
            )
        });
        match last.or(consumed.first()) {
            Some(token) => token.range.end(),
            None => TextSize::new(0),
        }
    }

    pub(crate) fn range_from(&self, start: TextSize) -> TextRange {
        TextRange::new(start, self.end())
    }

    /// The bracket depth at the last consumed token (`p->tokens[p->mark - 1]->level`).
    pub(crate) fn previous_level(&self) -> u32 {
        self.position
            .checked_sub(1)
            .and_then(|i| self.levels.get(i))
            .copied()
            .unwrap_or(0)
    }

    pub(crate) fn mark(&self) -> usize {
        self.position
    }

    pub(crate) fn reset(&mut self, mark: usize) {
        self.position = mark;
    }

    // ---- Recursion guard -------------------------------------------------------------

    /// Enters one level of expression nesting; fails with CPython's message past the limit.
    pub(crate) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_RECURSION_DEPTH {
            return Err(Failure::Error(Box::new(SyntaxError {
                error_type: crate::errors::SyntaxErrorType::MemoryError,
                message: "Parser stack overflowed - Python source too complex to parse".into(),
                lineno: 0,
                offset: 0,
                end_lineno: 0,
                end_offset: 0,
                range: self.peek().range,
            })));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // ---- Errors ----------------------------------------------------------------------

    pub(crate) fn error_at(&self, range: TextRange, message: impl Into<String>) -> Failure {
        Failure::Error(Box::new(SyntaxError::syntax(
            message,
            range,
            self.source,
            self.lines,
        )))
    }
}
