//! Parameter lists of `def` and `lambda`: positional-only, ordinary, `*args` or a bare `*`,
//! keyword-only and `**kwargs`, in the one order the grammar allows.
//!
//! CPython: `Grammar/python.gram` (`parameters`, `star_etc`, `kwds`, `param`, and the
//! `lambda_` twins). The `invalid_*` rules for them are in `invalid_params.rs`.

use super::{Failure, PResult, Parser};
use crate::ast::*;
use crate::token::TokenKind;

impl Parser<'_> {
    /// The parameter list of `def` (with annotations) or `lambda` (without): `parameters` /
    /// `lambda_parameters`, whose order is fixed (positional-only, `/`, ordinary, `*` or `*args`,
    /// keyword-only, `**kwargs`). Anything out of order does not match; the second pass names it.
    pub(crate) fn parameters(&mut self, lambda: bool) -> PResult<Arguments> {
        if self.call_invalid_rules {
            self.invalid_parameters(lambda)?;
        }
        let start = self.start();
        let end_kind = if lambda {
            TokenKind::Colon
        } else {
            TokenKind::Rpar
        };
        let mut arguments = Arguments {
            id: self.new_id(),
            ..Arguments::default()
        };
        let mut keyword_only = false;
        let mut saw_slash = false;
        let mut saw_default = false;
        while !self.at(end_kind) {
            if arguments.kwarg.is_some() {
                // Nothing may follow `**kwargs` but the end of the list.
                return Err(Failure::NoMatch);
            }
            if self.at(TokenKind::Slash) {
                let nothing_before = arguments.args.is_empty();
                if saw_slash || keyword_only || nothing_before {
                    return Err(Failure::NoMatch);
                }
                self.advance();
                saw_slash = true;
                arguments.posonlyargs.append(&mut arguments.args);
                if !matches!(self.peek_kind(), TokenKind::Comma) && !self.at(end_kind) {
                    return Err(Failure::NoMatch);
                }
            } else if self.eat(TokenKind::DoubleStar).is_some() {
                arguments.kwarg = Some(Box::new(self.parameter(lambda)?));
            } else if self.at(TokenKind::Star) {
                if keyword_only {
                    return Err(Failure::NoMatch);
                }
                self.advance();
                keyword_only = true;
                if !matches!(self.peek_kind(), TokenKind::Comma) && !self.at(end_kind) {
                    arguments.vararg = Some(Box::new(self.parameter_star(lambda, true)?));
                } else if self.at(end_kind)
                    || (self.peek_at(1).kind == end_kind
                        || self.peek_at(1).kind == TokenKind::DoubleStar)
                {
                    // A bare `*` must be followed by a keyword-only parameter.
                    return Err(Failure::NoMatch);
                }
            } else {
                let arg = self.parameter(lambda)?;
                let default = if self.eat(TokenKind::Equal).is_some() {
                    Some(self.expression()?)
                } else {
                    None
                };
                if keyword_only {
                    arguments.kwonlyargs.push(arg);
                    arguments.kw_defaults.push(default);
                } else {
                    match default {
                        Some(value) => {
                            saw_default = true;
                            arguments.defaults.push(value);
                        }
                        None if saw_default => return Err(Failure::NoMatch),
                        None => {}
                    }
                    arguments.args.push(arg);
                }
            }
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        arguments.range = self.range_from(start);
        Ok(arguments)
    }

    /// `param: NAME [':' expression]` (no annotation in a lambda).
    fn parameter(&mut self, lambda: bool) -> PResult<Arg> {
        self.parameter_star(lambda, false)
    }

    /// A parameter whose annotation may be starred (`*args: *Ts`, `param_star_annotation`).
    fn parameter_star(&mut self, lambda: bool, star_annotation: bool) -> PResult<Arg> {
        let start = self.start();
        let (arg, _) = self.name()?;
        let annotation = if !lambda && self.eat(TokenKind::Colon).is_some() {
            Some(Box::new(if star_annotation && self.at(TokenKind::Star) {
                self.star_expression()?
            } else {
                self.expression()?
            }))
        } else {
            None
        };
        let range = self.range_from(start);
        let id = self.new_id();
        Ok(Arg {
            id,
            range,
            arg,
            annotation,
        })
    }
}
