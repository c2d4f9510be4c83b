//! Call arguments: positional, `*iterable`, `name=value` and `**mapping`, a bare generator
//! expression as the sole argument, and the errors for arguments out of order.
//!
//! CPython: `Grammar/python.gram` (`arguments`, `args`, `kwargs`, `starred_expression`,
//! `invalid_arguments`, `invalid_kwarg`).

use pyxray_text::{TextRange, TextSize};

use super::expr::KEYWORDS;
use super::{Failure, PResult, Parser};
use crate::ast::*;
use crate::token::TokenKind;

impl Parser<'_> {
    /// `arguments: args [','] &')'`: positional, starred, keyword and `**` arguments.
    /// `open` is where the `(` starts: a sole generator argument's range begins there.
    pub(crate) fn call_arguments(&mut self, open: TextSize) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        self.arguments(open, true)
    }

    /// The arguments of a class definition: like a call's, but a bare generator expression
    /// (`class C(x for x in y)`) is not one of them.
    pub(crate) fn class_arguments(&mut self, open: TextSize) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        self.arguments(open, false)
    }

    fn arguments(
        &mut self,
        open: TextSize,
        bare_generator: bool,
    ) -> PResult<(Vec<Expr>, Vec<Keyword>)> {
        let mut args = Vec::new();
        let mut keywords: Vec<Keyword> = Vec::new();
        while !self.at(TokenKind::Rpar) {
            let start = self.start();
            if let Some(star) = self.eat(TokenKind::DoubleStar) {
                let value = self.expression()?;
                if self.call_invalid_rules {
                    self.invalid_unpacking_assignment(star, "keyword")?;
                }
                let range = self.range_from(start);
                let id = self.new_id();
                keywords.push(Keyword {
                    id,
                    range,
                    arg: None,
                    value,
                });
            } else if self.at_keyword_argument() {
                self.missing_argument_value()?;
                let (arg, _) = self.name()?;
                self.advance();
                let value = self.expression()?;
                let range = self.range_from(start);
                let id = self.new_id();
                keywords.push(Keyword {
                    id,
                    range,
                    arg: Some(arg),
                    value,
                });
            } else {
                if !keywords.is_empty() && !self.at(TokenKind::Star) && !self.call_invalid_rules {
                    // After a keyword argument only `name=value`, `*x` and `**x` match.
                    return Err(Failure::NoMatch);
                }
                let arg = if self.at(TokenKind::Star) {
                    if keywords.iter().any(|k| k.arg.is_none()) {
                        return Err(self.starred_after_double_starred());
                    }
                    let star = self.peek();
                    let arg = self.starred_expression()?;
                    if self.call_invalid_rules {
                        self.invalid_unpacking_assignment(star, "iterable")?;
                    }
                    arg
                } else {
                    self.named_expression_checked(false)?
                };
                if self.call_invalid_rules {
                    self.invalid_kwarg(&arg)?;
                }
                if bare_generator && (self.at_keyword("for") || self.at_keyword("async")) {
                    // A bare generator expression argument: `f(x for x in y)`.
                    self.starred_comprehension_element(&arg)?;
                    let generators = self.for_if_clauses()?;
                    let sole = args.is_empty() && keywords.is_empty() && self.at(TokenKind::Rpar);
                    let range = TextRange::new(open, self.peek().range.end());
                    if !sole {
                        let range = self.range_from(start);
                        return Err(
                            self.error_at(range, "Generator expression must be parenthesized")
                        );
                    }
                    args.push(self.expr_node(
                        range,
                        ExprKind::GeneratorExp {
                            elt: Box::new(arg),
                            generators,
                        },
                    ));
                    continue;
                }
                if let Some(keyword) = keywords.last() {
                    if !matches!(arg.kind, ExprKind::Starred { .. }) {
                        let message = if keyword.arg.is_none() {
                            "positional argument follows keyword argument unpacking"
                        } else {
                            "positional argument follows keyword argument"
                        };
                        // RAISE_SYNTAX_ERROR: at the last token read.
                        self.peek();
                        let token = self.furthest_token();
                        return Err(self.raise_error_at(
                            crate::errors::SyntaxErrorType::SyntaxError,
                            token,
                            message,
                        ));
                    }
                }
                args.push(arg);
            }
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        Ok((args, keywords))
    }

    /// `NAME '='` where the name is not a keyword: a keyword argument follows.
    fn at_keyword_argument(&mut self) -> bool {
        let token = self.peek();
        token.kind == TokenKind::Name
            && self.peek_at(1).kind == TokenKind::Equal
            && !KEYWORDS.contains(&self.text(token))
    }
}
