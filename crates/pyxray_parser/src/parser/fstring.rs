//! String literals in the grammar: adjacent `STRING`s, f-strings (PEP 701) and t-strings
//! (PEP 750) joined into one `Constant`, `JoinedStr` or `TemplateStr`.
//!
//! CPython: `Grammar/python.gram` (`strings`, `fstring`, `fstring_replacement_field`,
//! `tstring`, `invalid_fstring_replacement_field`), `Parser/action_helpers.c`
//! (`_PyPegen_concatenate_strings`, `_build_concatenated_str`, `_get_resized_exprs`,
//! `_PyPegen_formatted_value`, `_PyPegen_interpolation`, `_PyPegen_setup_full_format_spec`,
//! `_PyPegen_check_fstring_conversion`).

use pyxray_text::TextRange;

use super::literal::{normalize_newlines, split_string_literal};
use super::{Failure, PResult, Parser};
use crate::ast::*;
use crate::token::{Token, TokenKind};

/// Which kind of string a replacement field sits in: it decides the node (`FormattedValue` or
/// `Interpolation`) and the `f-string:`/`t-string:` prefix of error messages.
#[derive(Clone, Copy, Debug)]
struct FieldContext {
    tstring: bool,
    /// Inside a format spec, fields are `FormattedValue`s even in a t-string.
    in_format_spec: bool,
    raw: bool,
}

impl FieldContext {
    fn prefix(self) -> char {
        if self.tstring {
            't'
        } else {
            'f'
        }
    }

    fn middle_kind(self) -> TokenKind {
        if self.tstring {
            TokenKind::TstringMiddle
        } else {
            TokenKind::FstringMiddle
        }
    }
}

fn is_empty_str(expr: &Expr) -> bool {
    matches!(&expr.kind, ExprKind::Constant { value: Constant::Str(s), .. } if s.is_empty())
}

fn is_constant(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::Constant { .. })
}

impl Parser<'_> {
    /// `strings: invalid_string_tstring_concat | (fstring|string)+ | tstring+`
    pub(crate) fn strings(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut parts: Vec<Expr> = Vec::new();
        let mut templates: Vec<bool> = Vec::new();
        loop {
            let token = self.peek();
            let part = match token.kind {
                TokenKind::String => self.string_constant(token)?,
                TokenKind::FstringStart | TokenKind::TstringStart => self.fstring()?,
                _ => break,
            };
            templates.push(token.kind == TokenKind::TstringStart);
            parts.push(part);
        }
        let first_is_template = templates.first().copied().ok_or(Failure::NoMatch)?;
        // invalid_string_tstring_concat: from the last literal of one kind to the first of the other.
        if let Some(i) = (1..templates.len()).find(|&i| templates[i] != first_is_template) {
            let range = TextRange::new(parts[i - 1].range.start(), parts[i].range.end());
            return Err(self.error_at(
                range,
                "cannot mix t-string literals with string or bytes literals",
            ));
        }
        let range = self.range_from(start);
        if first_is_template {
            let values = self.concatenated_values(parts);
            return Ok(self.expr_node(range, ExprKind::TemplateStr { values }));
        }
        self.concatenate_strings(parts, range)
    }

    /// `string: STRING` (`_PyPegen_constant_from_string`): `kind` is `'u'` for a lowercase `u`
    /// prefix only.
    fn string_constant(&mut self, token: Token) -> PResult<Expr> {
        self.advance();
        let literal = self.text(token);
        let (prefix, body) = split_string_literal(literal);
        let value = if prefix.bytes {
            Constant::Bytes(self.decode_bytes(body, prefix.raw, token.range)?)
        } else {
            Constant::Str(self.decode_str(body, prefix.raw, token.range)?)
        };
        let kind = literal.starts_with('u').then(|| "u".to_string());
        Ok(self.expr_node(token.range, ExprKind::Constant { value, kind }))
    }

    /// `_PyPegen_concatenate_strings`: adjacent literals as one `Constant` or one `JoinedStr`.
    fn concatenate_strings(&mut self, parts: Vec<Expr>, range: TextRange) -> PResult<Expr> {
        let mut fstring = false;
        let mut unicode = false;
        let mut bytes = false;
        for part in &parts {
            match &part.kind {
                ExprKind::Constant {
                    value: Constant::Bytes(_),
                    ..
                } => bytes = true,
                ExprKind::Constant { .. } => unicode = true,
                _ => fstring = true,
            }
        }
        if (unicode || fstring) && bytes {
            // RAISE_SYNTAX_ERROR: at the last token read.
            let at = self.furthest_token().range;
            return Err(self.error_at(at, "cannot mix bytes and nonbytes literals"));
        }
        if !fstring {
            if parts.len() == 1 {
                return parts.into_iter().next().ok_or(Failure::NoMatch);
            }
            let mut kind = None;
            let mut text = String::new();
            let mut data = Vec::new();
            for (i, part) in parts.into_iter().enumerate() {
                if let ExprKind::Constant { value, kind: k } = part.kind {
                    if i == 0 {
                        kind = k;
                    }
                    match value {
                        Constant::Str(s) => text.push_str(&s),
                        Constant::Bytes(b) => data.extend(b),
                        _ => {}
                    }
                }
            }
            let value = if bytes {
                Constant::Bytes(data)
            } else {
                Constant::Str(text)
            };
            return Ok(self.expr_node(range, ExprKind::Constant { value, kind }));
        }
        let values = self.concatenated_values(parts);
        Ok(self.expr_node(range, ExprKind::JoinedStr { values }))
    }

    /// `_build_concatenated_str`: flattens `JoinedStr`/`TemplateStr` parts, merges each run of
    /// adjacent constants into one (kind and start of the first, end of the last) and drops
    /// empty ones.
    fn concatenated_values(&mut self, parts: Vec<Expr>) -> Vec<Expr> {
        let mut flattened = Vec::new();
        for part in parts {
            match part.kind {
                ExprKind::JoinedStr { values } | ExprKind::TemplateStr { values } => {
                    flattened.extend(values)
                }
                _ => flattened.push(part),
            }
        }
        let mut values = Vec::new();
        let mut iter = flattened.into_iter().peekable();
        while let Some(mut elem) = iter.next() {
            if is_constant(&elem) && iter.peek().is_some_and(is_constant) {
                let start = elem.range.start();
                let mut end = elem.range.end();
                let mut text = String::new();
                let kind = match &elem.kind {
                    ExprKind::Constant { kind, .. } => kind.clone(),
                    _ => None,
                };
                let mut run = vec![elem];
                while let Some(next) = iter.next_if(is_constant) {
                    run.push(next);
                }
                for part in run {
                    end = part.range.end();
                    if let ExprKind::Constant {
                        value: Constant::Str(s),
                        ..
                    } = part.kind
                    {
                        text.push_str(&s);
                    }
                }
                elem = self.expr_node(
                    TextRange::new(start, end),
                    ExprKind::Constant {
                        value: Constant::Str(text),
                        kind,
                    },
                );
            }
            if is_empty_str(&elem) {
                continue;
            }
            values.push(elem);
        }
        values
    }

    /// `fstring: FSTRING_START fstring_middle* FSTRING_END` (and `tstring`), as
    /// `_PyPegen_joined_str` / `_PyPegen_template_str` build it before concatenation.
    fn fstring(&mut self) -> PResult<Expr> {
        let open = self.advance();
        let tstring = open.kind == TokenKind::TstringStart;
        let context = FieldContext {
            tstring,
            in_format_spec: false,
            raw: self.text(open).contains(['r', 'R']),
        };
        let end_kind = if tstring {
            TokenKind::TstringEnd
        } else {
            TokenKind::FstringEnd
        };
        let mut values = Vec::new();
        loop {
            let token = self.peek();
            if token.kind == context.middle_kind() {
                self.advance();
                // `_PyPegen_decode_fstring_part`: decoded, and dropped when empty.
                let text = self.decode_str(self.middle_text(token), context.raw, token.range)?;
                if !text.is_empty() {
                    values.push(self.expr_node(
                        token.range,
                        ExprKind::Constant {
                            value: Constant::Str(text),
                            kind: None,
                        },
                    ));
                }
            } else if token.kind == TokenKind::Lbrace {
                self.enter()?;
                let field = self.replacement_field(context);
                self.leave();
                values.extend(field?);
            } else if token.kind == end_kind {
                self.advance();
                break;
            } else {
                return Err(Failure::NoMatch);
            }
        }
        let range = self.range_from(open.range.start());
        let kind = if tstring {
            ExprKind::TemplateStr { values }
        } else {
            ExprKind::JoinedStr { values }
        };
        Ok(self.expr_node(range, kind))
    }

    /// The literal text of a FSTRING_MIDDLE token (one brace of an escaped pair).
    fn middle_text(&self, token: Token) -> &str {
        let text = self.text(token);
        if text.ends_with("{{") || text.ends_with("}}") {
            return &text[..text.len() - 1];
        }
        text
    }

    /// An error on the token at the cursor (`RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN`).
    fn error_on_next_token(&mut self, message: String) -> Failure {
        let at = self.peek().range;
        self.error_at(at, message)
    }

    /// `fstring_replacement_field: '{' annotated_rhs '='? [fstring_conversion]
    /// [fstring_full_format_spec] '}'`, with `invalid_fstring_replacement_field`'s messages.
    /// Returns the field, preceded by the `=` debug text when there is one.
    fn replacement_field(&mut self, context: FieldContext) -> PResult<Vec<Expr>> {
        let prefix = context.prefix();
        let open = self.advance();
        let next = self.peek();
        let punctuation = match next.kind {
            TokenKind::Equal => Some('='),
            TokenKind::Exclamation => Some('!'),
            TokenKind::Colon => Some(':'),
            TokenKind::Rbrace => Some('}'),
            _ => None,
        };
        if let Some(p) = punctuation {
            let message = format!("{prefix}-string: valid expression required before '{p}'");
            return Err(self.error_at(next.range, message));
        }
        let mark = self.mark();
        if self.at_keyword("lambda") {
            // invalid_expression: a='lambda' [lambda_params] b=':' &FSTRING_MIDDLE
            let lambda = self.advance();
            if self.parameters(true).is_ok() && self.at(TokenKind::Colon) {
                let colon = self.peek();
                if matches!(
                    self.peek_at(1).kind,
                    TokenKind::FstringMiddle | TokenKind::TstringMiddle
                ) {
                    let message = format!(
                        "{prefix}-string: lambda expressions are not allowed without parentheses"
                    );
                    return Err(self.error_at(lambda.range.cover(colon.range), message));
                }
            }
            self.reset(mark);
        }
        let value = match self.annotated_rhs_in_field() {
            Ok(value) => value,
            Err(Failure::NoMatch) => {
                self.reset(mark);
                let message = format!("{prefix}-string: expecting a valid expression after '{{'");
                return Err(self.error_on_next_token(message));
            }
            Err(error) => return Err(error),
        };
        let debug = self.eat(TokenKind::Equal).is_some();
        let mut terminator = None;
        let mut conversion = None;
        if self.at(TokenKind::Exclamation) {
            let bang = self.advance();
            terminator = Some(bang);
            conversion = Some(self.fstring_conversion(bang, prefix)?);
        } else if !matches!(self.peek_kind(), TokenKind::Colon | TokenKind::Rbrace) {
            let message = if debug {
                format!("{prefix}-string: expecting '!', or ':', or '}}'")
            } else {
                format!("{prefix}-string: expecting '=', or '!', or ':', or '}}'")
            };
            return Err(self.error_on_next_token(message));
        }
        if !matches!(self.peek_kind(), TokenKind::Colon | TokenKind::Rbrace) {
            return Err(self.error_on_next_token(format!("{prefix}-string: expecting ':' or '}}'")));
        }
        let mut format_spec = None;
        if self.at(TokenKind::Colon) {
            let colon = self.advance();
            terminator = terminator.or(Some(colon));
            format_spec = Some(Box::new(self.full_format_spec(colon, context)?));
        }
        let Some(close) = self.eat(TokenKind::Rbrace) else {
            return Err(self.error_on_next_token(format!("{prefix}-string: expecting '}}'")));
        };
        let terminator = terminator.unwrap_or(close);
        let conversion = match conversion {
            Some(c) => c as i32,
            None if debug && format_spec.is_none() => 'r' as i32,
            None => -1,
        };
        // The expression's source text up to the `!`, `:` or `}` (the token's `metadata`).
        let text_range = TextRange::new(open.range.end(), terminator.range.start());
        let expr_text = expression_text(self.source.get(text_range.as_range()).unwrap_or(""));
        let range = TextRange::new(open.range.start(), close.range.end());
        let mut items = Vec::new();
        if debug {
            items.push(self.expr_node(
                text_range,
                ExprKind::Constant {
                    value: Constant::Str(expr_text.clone()),
                    kind: None,
                },
            ));
        }
        let kind = if context.tstring && !context.in_format_spec {
            let stripped = expr_text.trim_end_matches(|c: char| c.is_whitespace() || c == '=');
            ExprKind::Interpolation {
                value: Box::new(value),
                str: Constant::Str(stripped.to_string()),
                conversion,
                format_spec,
            }
        } else {
            ExprKind::FormattedValue {
                value: Box::new(value),
                conversion,
                format_spec,
            }
        };
        items.push(self.expr_node(range, kind));
        Ok(items)
    }

    /// `annotated_rhs` inside a replacement field.
    fn annotated_rhs_in_field(&mut self) -> PResult<Expr> {
        if self.at_keyword("yield") {
            return self.yield_expr();
        }
        self.star_expressions()
    }

    /// `fstring_conversion: "!" NAME`, checked as `_PyPegen_check_fstring_conversion` does.
    fn fstring_conversion(&mut self, bang: Token, prefix: char) -> PResult<char> {
        if matches!(self.peek_kind(), TokenKind::Colon | TokenKind::Rbrace) {
            let message = format!("{prefix}-string: missing conversion character");
            return Err(self.error_on_next_token(message));
        }
        if !self.at(TokenKind::Name) {
            let message = format!("{prefix}-string: invalid conversion character");
            return Err(self.error_on_next_token(message));
        }
        let name = self.advance();
        if name.range.start() != bang.range.end() {
            let range = TextRange::new(bang.range.start(), name.range.end());
            let message = format!(
                "{prefix}-string: conversion type must come right after the exclamation mark"
            );
            return Err(self.error_at(range, message));
        }
        let text = self.text(name);
        match text {
            "s" | "r" | "a" => Ok(text.chars().next().unwrap_or('r')),
            _ => {
                let message = format!(
                    "{prefix}-string: invalid conversion character {}: expected 's', 'r', or 'a'",
                    pyxray_text::repr::str_repr(text)
                );
                Err(self.error_at(name.range, message))
            }
        }
    }

    /// `fstring_full_format_spec: ':' fstring_format_spec*`, built as
    /// `_PyPegen_setup_full_format_spec` does (empty constants dropped).
    fn full_format_spec(&mut self, colon: Token, outer: FieldContext) -> PResult<Expr> {
        let context = FieldContext {
            in_format_spec: true,
            ..outer
        };
        let mut spec = Vec::new();
        loop {
            let token = self.peek();
            if token.kind == context.middle_kind() {
                self.advance();
                let text = self.decode_str(self.middle_text(token), context.raw, token.range)?;
                spec.push(self.expr_node(
                    token.range,
                    ExprKind::Constant {
                        value: Constant::Str(text),
                        kind: None,
                    },
                ));
            } else if token.kind == TokenKind::Lbrace {
                self.enter()?;
                let field = self.replacement_field(context);
                self.leave();
                spec.extend(field?);
            } else {
                break;
            }
        }
        if !self.at(TokenKind::Rbrace) {
            let message = format!("{}-string: expecting '}}', or format specs", outer.prefix());
            return Err(self.error_on_next_token(message));
        }
        let range = self.range_from(colon.range.start());
        spec.retain(|e| !is_empty_str(e));
        if spec.is_empty() || (spec.len() == 1 && is_constant(&spec[0])) {
            return Ok(self.expr_node(range, ExprKind::JoinedStr { values: spec }));
        }
        self.concatenate_strings(spec, range)
    }
}

/// The source text of a replacement field's expression as the tokenizer records it
/// (`set_ftstring_expr`): newlines normalized, comments removed (up to the line end).
fn expression_text(text: &str) -> String {
    let text = normalize_newlines(text);
    if !text.contains('#') {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (c, quote) {
            ('\\', _) => {
                out.push(c);
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            ('\'' | '"', None) => {
                quote = Some(c);
                out.push(c);
            }
            (_, Some(q)) if c == q => {
                quote = None;
                out.push(c);
            }
            ('#', None) => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::expression_text;

    #[test]
    fn comments_leave_the_expression_text() {
        assert_eq!(expression_text("a # c\n= "), "a \n= ");
        assert_eq!(expression_text("'#' + a"), "'#' + a");
        assert_eq!(expression_text("a\r\n"), "a\n");
    }
}
