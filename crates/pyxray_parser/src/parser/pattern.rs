//! The `match` statement (PEP 634) and its patterns. `match`, `case` and `_` are soft
//! keywords: a line that does not parse as a match statement is parsed again as a simple one.
//!
//! CPython: `Grammar/python.gram` (`match_stmt` … `keyword_pattern`, `invalid_match_stmt`,
//! `invalid_case_block`, `invalid_as_pattern`, `invalid_class_pattern`), `Parser/action_helpers.c`
//! (`_PyPegen_ensure_real`, `_PyPegen_ensure_imaginary`, `_PyPegen_get_pattern_keys`).

use pyxray_text::{TextRange, TextSize};

use super::targets::expr_name;
use super::{Failure, PResult, Parser};
use crate::ast::*;
use crate::token::TokenKind;

impl Parser<'_> {
    fn pattern_node(&mut self, range: TextRange, kind: PatternKind) -> Pattern {
        Pattern {
            id: self.new_id(),
            range,
            kind,
        }
    }

    /// `match_stmt: "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT`, or `None`
    /// when the line is not a match statement (then `match` is an ordinary name).
    pub(crate) fn match_statement(&mut self) -> PResult<Option<Stmt>> {
        let mark = self.mark();
        match self.match_statement_inner() {
            Err(Failure::NoMatch) => {
                self.reset(mark);
                Ok(None)
            }
            other => other.map(Some),
        }
    }

    fn match_statement_inner(&mut self) -> PResult<Stmt> {
        let keyword = self.advance();
        let start = keyword.range.start();
        let subject = self.subject_expr()?;
        self.expect_colon()?;
        self.expect(TokenKind::Newline)?;
        if !self.at(TokenKind::Indent) {
            if self.call_invalid_rules {
                let line = self.lines.byte_position(start).line;
                let token = self.peek();
                return Err(self.raise_error_at(
                    crate::errors::SyntaxErrorType::IndentationError,
                    token,
                    format!("expected an indented block after 'match' statement on line {line}"),
                ));
            }
            return Err(Failure::NoMatch);
        }
        self.advance();
        let mut cases = Vec::new();
        while self.at_keyword("case") {
            cases.push(self.case_block()?);
        }
        if cases.is_empty() {
            return Err(Failure::NoMatch);
        }
        self.expect(TokenKind::Dedent)?;
        let range = self.range_from(start);
        Ok(self.stmt_node(
            range,
            StmtKind::Match {
                subject: Box::new(subject),
                cases,
            },
        ))
    }

    /// `subject_expr: star_named_expression ',' star_named_expressions? | named_expression`
    fn subject_expr(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.star_named_expression()?;
        if !self.at(TokenKind::Comma) {
            if let ExprKind::Starred { .. } = first.kind {
                return Err(Failure::NoMatch);
            }
            return Ok(first);
        }
        self.bare_tuple(start, first, Self::star_named_expression)
    }

    /// `case_block: "case" patterns guard? ':' block`
    fn case_block(&mut self) -> PResult<MatchCase> {
        let keyword = self.advance();
        let pattern = self.patterns()?;
        let guard = if self.eat_keyword("if").is_some() {
            Some(Box::new(self.named_expression()?))
        } else {
            None
        };
        self.expect_colon()?;
        let body = self.block("'case' statement", keyword.range.start())?;
        let id = self.new_id();
        Ok(MatchCase {
            id,
            range: TextRange::new(keyword.range.start(), self.end()),
            pattern,
            guard,
            body,
        })
    }

    /// `patterns: open_sequence_pattern | pattern`
    fn patterns(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let first = self.maybe_star_pattern()?;
        if !self.at(TokenKind::Comma) {
            if let PatternKind::MatchStar { .. } = first.kind {
                return Err(Failure::NoMatch);
            }
            return Ok(first);
        }
        let patterns = self.sequence_rest(first, &[TokenKind::Colon])?;
        let range = self.range_from(start);
        Ok(self.pattern_node(range, PatternKind::MatchSequence { patterns }))
    }

    /// The rest of `','.maybe_star_pattern+ ','?` after the first pattern, up to a token in
    /// `closers` (or `if`, for a guard).
    fn sequence_rest(&mut self, first: Pattern, closers: &[TokenKind]) -> PResult<Vec<Pattern>> {
        let mut patterns = vec![first];
        while self.eat(TokenKind::Comma).is_some() {
            if closers.contains(&self.peek_kind()) || self.at_keyword("if") {
                break;
            }
            patterns.push(self.maybe_star_pattern()?);
        }
        Ok(patterns)
    }

    /// `maybe_star_pattern: star_pattern | pattern`
    fn maybe_star_pattern(&mut self) -> PResult<Pattern> {
        if !self.at(TokenKind::Star) {
            return self.pattern();
        }
        // star_pattern: '*' pattern_capture_target | '*' wildcard_pattern
        let star = self.advance();
        let name = if self.eat_keyword("_").is_some() {
            None
        } else {
            Some(self.pattern_capture_target()?)
        };
        let range = self.range_from(star.range.start());
        Ok(self.pattern_node(range, PatternKind::MatchStar { name }))
    }

    /// `pattern: as_pattern | or_pattern`
    fn pattern(&mut self) -> PResult<Pattern> {
        self.enter()?;
        let result = self.pattern_inner();
        self.leave();
        result
    }

    fn pattern_inner(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let pattern = self.or_pattern()?;
        if !self.at_keyword("as") {
            return Ok(pattern);
        }
        let mark = self.mark();
        self.advance();
        let target_mark = self.mark();
        match self.pattern_capture_target() {
            Ok(name) => {
                let range = self.range_from(start);
                Ok(self.pattern_node(
                    range,
                    PatternKind::MatchAs {
                        pattern: Some(Box::new(pattern)),
                        name: Some(name),
                    },
                ))
            }
            Err(Failure::NoMatch) if self.call_invalid_rules => {
                // invalid_as_pattern
                self.reset(target_mark);
                let token = self.peek();
                if token.kind == TokenKind::Name && self.text(token) == "_" {
                    return Err(self.error_at(token.range, "cannot use '_' as a target"));
                }
                match self.expression() {
                    Ok(target) => {
                        let message =
                            format!("cannot use {} as pattern target", expr_name(&target));
                        Err(self.error_at(target.range, message))
                    }
                    Err(error) => {
                        self.reset(mark);
                        Err(error)
                    }
                }
            }
            Err(error) => Err(error),
        }
    }

    /// `or_pattern: '|'.closed_pattern+`
    fn or_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        let first = self.closed_pattern()?;
        if !self.at(TokenKind::Vbar) {
            return Ok(first);
        }
        let mut patterns = vec![first];
        while self.eat(TokenKind::Vbar).is_some() {
            patterns.push(self.closed_pattern()?);
        }
        let range = self.range_from(start);
        Ok(self.pattern_node(range, PatternKind::MatchOr { patterns }))
    }

    /// `pattern_capture_target: !"_" NAME !('.' | '(' | '=')`
    fn pattern_capture_target(&mut self) -> PResult<String> {
        let token = self.peek();
        if token.kind != TokenKind::Name || self.text(token) == "_" {
            return Err(Failure::NoMatch);
        }
        if matches!(
            self.peek_at(1).kind,
            TokenKind::Dot | TokenKind::Lpar | TokenKind::Equal
        ) {
            return Err(Failure::NoMatch);
        }
        Ok(self.name()?.0)
    }

    /// `closed_pattern`: literal, capture, wildcard, value, group, sequence, mapping or class.
    fn closed_pattern(&mut self) -> PResult<Pattern> {
        let token = self.peek();
        let start = token.range.start();
        match token.kind {
            TokenKind::Number
            | TokenKind::Minus
            | TokenKind::String
            | TokenKind::FstringStart
            | TokenKind::TstringStart => {
                let value = self.literal_expr()?;
                let range = value.range;
                Ok(self.pattern_node(
                    range,
                    PatternKind::MatchValue {
                        value: Box::new(value),
                    },
                ))
            }
            TokenKind::Name => {
                let singleton = match self.text(token) {
                    "None" => Some(Constant::None),
                    "True" => Some(Constant::Bool(true)),
                    "False" => Some(Constant::Bool(false)),
                    _ => None,
                };
                if let Some(value) = singleton {
                    self.advance();
                    return Ok(
                        self.pattern_node(token.range, PatternKind::MatchSingleton { value })
                    );
                }
                if let Ok(name) = self.pattern_capture_target() {
                    return Ok(self.pattern_node(
                        token.range,
                        PatternKind::MatchAs {
                            pattern: None,
                            name: Some(name),
                        },
                    ));
                }
                if self.text(token) == "_" {
                    self.advance();
                    return Ok(self.pattern_node(
                        token.range,
                        PatternKind::MatchAs {
                            pattern: None,
                            name: None,
                        },
                    ));
                }
                let cls = self.name_or_attr()?;
                if self.at(TokenKind::Lpar) {
                    return self.class_pattern(start, cls);
                }
                if !matches!(cls.kind, ExprKind::Attribute { .. })
                    || matches!(self.peek_kind(), TokenKind::Dot | TokenKind::Equal)
                {
                    return Err(Failure::NoMatch);
                }
                let range = cls.range;
                Ok(self.pattern_node(
                    range,
                    PatternKind::MatchValue {
                        value: Box::new(cls),
                    },
                ))
            }
            TokenKind::Lpar => {
                self.advance();
                if self.eat(TokenKind::Rpar).is_some() {
                    let range = self.range_from(start);
                    return Ok(self.pattern_node(
                        range,
                        PatternKind::MatchSequence {
                            patterns: Vec::new(),
                        },
                    ));
                }
                let first = self.maybe_star_pattern()?;
                if self.at(TokenKind::Rpar) && !matches!(first.kind, PatternKind::MatchStar { .. })
                {
                    // group_pattern: the pattern keeps its own range.
                    self.advance();
                    return Ok(first);
                }
                if !self.at(TokenKind::Comma) {
                    return Err(Failure::NoMatch);
                }
                let patterns = self.sequence_rest(first, &[TokenKind::Rpar])?;
                self.expect(TokenKind::Rpar)?;
                let range = self.range_from(start);
                Ok(self.pattern_node(range, PatternKind::MatchSequence { patterns }))
            }
            TokenKind::Lsqb => {
                self.advance();
                let patterns = if self.at(TokenKind::Rsqb) {
                    Vec::new()
                } else {
                    let first = self.maybe_star_pattern()?;
                    self.sequence_rest(first, &[TokenKind::Rsqb])?
                };
                self.expect(TokenKind::Rsqb)?;
                let range = self.range_from(start);
                Ok(self.pattern_node(range, PatternKind::MatchSequence { patterns }))
            }
            TokenKind::Lbrace => self.mapping_pattern(),
            _ => Err(Failure::NoMatch),
        }
    }

    /// `name_or_attr: attr | NAME` where `attr: name_or_attr '.' NAME`
    fn name_or_attr(&mut self) -> PResult<Expr> {
        let (id, range) = self.name()?;
        let start = range.start();
        let mut value = self.expr_node(
            range,
            ExprKind::Name {
                id,
                ctx: ExprContext::Load,
            },
        );
        while self.at(TokenKind::Dot) {
            self.advance();
            let (attr, _) = self.name()?;
            let range = self.range_from(start);
            value = self.expr_node(
                range,
                ExprKind::Attribute {
                    value: Box::new(value),
                    attr,
                    ctx: ExprContext::Load,
                },
            );
        }
        Ok(value)
    }

    /// `literal_expr`: a signed number, a complex number, strings, or `None`/`True`/`False`.
    fn literal_expr(&mut self) -> PResult<Expr> {
        let token = self.peek();
        match token.kind {
            TokenKind::String | TokenKind::FstringStart | TokenKind::TstringStart => self.strings(),
            TokenKind::Name => {
                let value = match self.text(token) {
                    "None" => Constant::None,
                    "True" => Constant::Bool(true),
                    "False" => Constant::Bool(false),
                    _ => return Err(Failure::NoMatch),
                };
                self.advance();
                Ok(self.expr_node(token.range, ExprKind::Constant { value, kind: None }))
            }
            _ => self.signed_or_complex_number(),
        }
    }

    /// `signed_number !('+' | '-') | complex_number`
    fn signed_or_complex_number(&mut self) -> PResult<Expr> {
        let start = self.start();
        let real = self.signed_number()?;
        let op = match self.peek_kind() {
            TokenKind::Plus => Operator::Add,
            TokenKind::Minus => Operator::Sub,
            _ => return Ok(real),
        };
        // complex_number: signed_real_number ('+' | '-') imaginary_number
        self.ensure_number(&real, false)?;
        self.advance();
        let token = self.peek();
        if token.kind != TokenKind::Number {
            return Err(Failure::NoMatch);
        }
        self.advance();
        let value = self.number_literal(token)?;
        let imag = self.expr_node(token.range, ExprKind::Constant { value, kind: None });
        self.ensure_number(&imag, true)?;
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::BinOp {
                left: Box::new(real),
                op,
                right: Box::new(imag),
            },
        ))
    }

    /// `_PyPegen_ensure_real` / `_PyPegen_ensure_imaginary` for the parts of a complex literal.
    fn ensure_number(&self, expr: &Expr, imaginary: bool) -> PResult<()> {
        let constant = match &expr.kind {
            ExprKind::UnaryOp { operand, .. } => &operand.kind,
            other => other,
        };
        let is_complex = matches!(
            constant,
            ExprKind::Constant {
                value: Constant::Complex { .. },
                ..
            }
        );
        if is_complex == imaginary {
            return Ok(());
        }
        let (at, message) = if imaginary {
            (expr.range, "imaginary number required in complex literal")
        } else {
            let range = match &expr.kind {
                ExprKind::UnaryOp { operand, .. } => operand.range,
                _ => expr.range,
            };
            (range, "real number required in complex literal")
        };
        Err(self.error_at(at, message))
    }

    /// `signed_number: NUMBER | '-' NUMBER`
    fn signed_number(&mut self) -> PResult<Expr> {
        let start = self.start();
        let negative = self.eat(TokenKind::Minus).is_some();
        let token = self.peek();
        if token.kind != TokenKind::Number {
            return Err(Failure::NoMatch);
        }
        self.advance();
        let value = self.number_literal(token)?;
        let number = self.expr_node(token.range, ExprKind::Constant { value, kind: None });
        if !negative {
            return Ok(number);
        }
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::UnaryOp {
                op: UnaryOp::USub,
                operand: Box::new(number),
            },
        ))
    }

    /// `mapping_pattern: '{' [items_pattern] [',' '**' NAME] ','? '}'`
    fn mapping_pattern(&mut self) -> PResult<Pattern> {
        let start = self.start();
        self.expect(TokenKind::Lbrace)?;
        let mut keys = Vec::new();
        let mut patterns = Vec::new();
        let mut rest = None;
        while !self.at(TokenKind::Rbrace) {
            if self.eat(TokenKind::DoubleStar).is_some() {
                rest = Some(self.pattern_capture_target()?);
                self.eat(TokenKind::Comma);
                break;
            }
            // key_value_pattern: (literal_expr | attr) ':' pattern
            let next = self.peek();
            let key = if next.kind == TokenKind::Name
                && !matches!(self.text(next), "None" | "True" | "False")
            {
                let key = self.name_or_attr()?;
                if !matches!(key.kind, ExprKind::Attribute { .. }) {
                    return Err(Failure::NoMatch);
                }
                key
            } else {
                self.literal_expr()?
            };
            self.expect(TokenKind::Colon)?;
            keys.push(key);
            patterns.push(self.pattern()?);
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        self.expect(TokenKind::Rbrace)?;
        let range = self.range_from(start);
        Ok(self.pattern_node(
            range,
            PatternKind::MatchMapping {
                keys,
                patterns,
                rest,
            },
        ))
    }

    /// `class_pattern: name_or_attr '(' [positional_patterns] [keyword_patterns] ','? ')'`
    fn class_pattern(&mut self, start: TextSize, cls: Expr) -> PResult<Pattern> {
        self.expect(TokenKind::Lpar)?;
        let mut patterns = Vec::new();
        let mut kwd_attrs = Vec::new();
        let mut kwd_patterns = Vec::new();
        // Positional patterns after keyword ones (invalid_class_pattern).
        let mut misplaced: Vec<TextRange> = Vec::new();
        while !self.at(TokenKind::Rpar) {
            if self.at(TokenKind::Name) && self.peek_at(1).kind == TokenKind::Equal {
                if !misplaced.is_empty() && self.call_invalid_rules {
                    // The first run of positional patterns after keyword ones is named.
                    break;
                }
                let (name, _) = self.name()?;
                self.advance();
                kwd_attrs.push(name);
                kwd_patterns.push(self.pattern()?);
            } else {
                let pattern = match self.pattern() {
                    Ok(pattern) => pattern,
                    Err(Failure::NoMatch) if !misplaced.is_empty() && self.call_invalid_rules => {
                        break;
                    }
                    Err(error) => return Err(error),
                };
                if kwd_attrs.is_empty() {
                    patterns.push(pattern);
                } else {
                    misplaced.push(pattern.range);
                }
            }
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        if !self.at(TokenKind::Rpar) && (misplaced.is_empty() || !self.call_invalid_rules) {
            return Err(Failure::NoMatch);
        }
        if let (Some(first), Some(last)) = (misplaced.first(), misplaced.last()) {
            if !self.call_invalid_rules {
                return Err(Failure::NoMatch);
            }
            let range = TextRange::new(first.start(), last.end());
            return Err(self.error_at(range, "positional patterns follow keyword patterns"));
        }
        self.advance();
        let range = self.range_from(start);
        Ok(self.pattern_node(
            range,
            PatternKind::MatchClass {
                cls: Box::new(cls),
                patterns,
                kwd_attrs,
                kwd_patterns,
            },
        ))
    }
}
