//! The `invalid_*` rules of parameter lists (`def f(…)` and `lambda …:`), run in the second pass
//! before the parameters are parsed: `/` or `*` twice, `/` after `*`, parameters after `**kw`,
//! defaults on `*args`/`**kw`, a missing default, parenthesized parameters.
//!
//! CPython: `Grammar/python.gram` (`invalid_parameters`, `invalid_default`, `invalid_star_etc`,
//! `invalid_kwds` and their `lambda_` twins). pyxray reads the list once into [`Unit`]s and tries
//! the alternatives on them in the grammar's order, which picks the same message as the PEG
//! parser trying each alternative from the start of the list.

use pyxray_text::TextRange;

use super::{Failure, PResult, Parser};
use crate::token::{Token, TokenKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UnitKind {
    Slash,
    Star,
    DoubleStar,
    /// `name[: annotation]` without a default.
    Param,
    /// `name[: annotation] = default`.
    ParamWithDefault,
    /// `name[: annotation] =` followed by `,` or the end of the list.
    MissingDefault,
    /// `(a, b)`: parameters in parentheses, as Python 2 allowed.
    Parenthesized,
}

/// One piece of a parameter list, with the comma after it (if any).
#[derive(Clone, Copy, Debug)]
struct Unit {
    kind: UnitKind,
    /// The token for `/`, `*`, `**`; the parameter without its default; `(` to `)`.
    range: TextRange,
    /// The `=` of a default.
    equal: Option<Token>,
    /// Followed by `,`.
    comma: bool,
    /// Followed by the end of the list (after the comma, if any).
    at_end: bool,
}

impl Unit {
    fn is(&self, kind: UnitKind) -> bool {
        self.kind == kind
    }
    /// `param ','` | `param &')'`: a comma, or the end of the list right after.
    fn separated(&self) -> bool {
        self.comma || self.at_end
    }
    /// A parameter whatever its default: `name`, `name=value`, `name=`.
    fn is_param(&self) -> bool {
        matches!(
            self.kind,
            UnitKind::Param | UnitKind::ParamWithDefault | UnitKind::MissingDefault
        )
    }
    /// `param_no_default`.
    fn no_default(&self) -> bool {
        self.kind == UnitKind::Param && self.separated()
    }
    /// `param_with_default`.
    fn with_default(&self) -> bool {
        self.kind == UnitKind::ParamWithDefault && self.separated()
    }
    /// `param_maybe_default`.
    fn maybe_default(&self) -> bool {
        self.no_default() || self.with_default()
    }
}

/// The units, with helpers that match the grammar's sequences from an index.
struct Units(Vec<Unit>);

impl Units {
    fn get(&self, i: usize) -> Option<&Unit> {
        self.0.get(i)
    }

    /// Skips units while `test` holds; the index after them.
    fn skip(&self, mut i: usize, test: impl Fn(&Unit) -> bool) -> usize {
        while self.get(i).is_some_and(&test) {
            i += 1;
        }
        i
    }

    /// `'/' (',' | &')')` at `i`.
    fn slash_at(&self, i: usize) -> bool {
        self.get(i)
            .is_some_and(|u| u.is(UnitKind::Slash) && u.separated())
    }

    /// `slash_no_default: param_no_default+ '/' (',' | &')')`: the index after it.
    fn slash_no_default(&self, i: usize) -> Option<usize> {
        let after = self.skip(i, Unit::no_default);
        (after > i && self.slash_at(after)).then_some(after + 1)
    }

    /// `slash_with_default: param_no_default* param_with_default+ '/' (',' | &')')`.
    fn slash_with_default(&self, i: usize) -> Option<usize> {
        let plain = self.skip(i, Unit::no_default);
        let after = self.skip(plain, Unit::with_default);
        (after > plain && self.slash_at(after)).then_some(after + 1)
    }

    fn slash_either(&self, i: usize) -> Option<usize> {
        self.slash_no_default(i)
            .or_else(|| self.slash_with_default(i))
    }
}

impl Parser<'_> {
    /// Reads the parameter list ahead without keeping anything; stops at the first unit that is
    /// neither of [`UnitKind`] (or at a missing default, included).
    fn parameter_units(&mut self, lambda: bool) -> PResult<Units> {
        let end_kind = if lambda {
            TokenKind::Colon
        } else {
            TokenKind::Rpar
        };
        let mut units = Vec::new();
        loop {
            let token = self.peek();
            let mut unit = Unit {
                kind: UnitKind::Param,
                range: token.range,
                equal: None,
                comma: false,
                at_end: false,
            };
            match token.kind {
                TokenKind::Slash => unit.kind = UnitKind::Slash,
                TokenKind::Star => unit.kind = UnitKind::Star,
                TokenKind::DoubleStar => unit.kind = UnitKind::DoubleStar,
                TokenKind::Lpar => match self.parenthesized_parameters(lambda)? {
                    Some(range) => {
                        unit.kind = UnitKind::Parenthesized;
                        unit.range = range;
                    }
                    None => break,
                },
                _ => match self.parameter_without_default(lambda)? {
                    Some(range) => unit.range = range,
                    None => break,
                },
            }
            if matches!(
                unit.kind,
                UnitKind::Slash | UnitKind::Star | UnitKind::DoubleStar
            ) {
                self.advance();
            }
            if unit.kind == UnitKind::Param {
                if let Some(equal) = self.eat(TokenKind::Equal) {
                    unit.equal = Some(equal);
                    if matches!(self.peek_kind(), TokenKind::Comma) || self.at(end_kind) {
                        unit.kind = UnitKind::MissingDefault;
                        units.push(unit);
                        break;
                    }
                    match self.expression() {
                        Ok(_) => unit.kind = UnitKind::ParamWithDefault,
                        Err(Failure::NoMatch) => break,
                        Err(error) => return Err(error),
                    }
                }
            }
            unit.comma = self.eat(TokenKind::Comma).is_some();
            unit.at_end = self.at(end_kind);
            let stop = unit.at_end
                || (!unit.comma
                    && matches!(unit.kind, UnitKind::Param | UnitKind::ParamWithDefault));
            units.push(unit);
            if stop {
                break;
            }
        }
        Ok(Units(units))
    }

    /// `name[: annotation]`: its range, or `None` when no parameter starts here.
    fn parameter_without_default(&mut self, lambda: bool) -> PResult<Option<TextRange>> {
        let start = self.start();
        if self.name().is_err() {
            return Ok(None);
        }
        if !lambda && self.eat(TokenKind::Colon).is_some() {
            let annotation = if self.at(TokenKind::Star) {
                self.star_expression()
            } else {
                self.expression()
            };
            match annotation {
                Ok(_) => {}
                Err(Failure::NoMatch) => return Ok(None),
                Err(error) => return Err(error),
            }
        }
        Ok(Some(self.range_from(start)))
    }

    /// `'(' param_no_default+ ','? ')'`: the range from `(` to `)`.
    fn parenthesized_parameters(&mut self, lambda: bool) -> PResult<Option<TextRange>> {
        let open = self.advance();
        let mut count = 0;
        loop {
            if count > 0 {
                if let Some(close) = self.eat(TokenKind::Rpar) {
                    return Ok(Some(open.range.cover(close.range)));
                }
            }
            if self.parameter_without_default(lambda)?.is_none() {
                return Ok(None);
            }
            count += 1;
            if self.eat(TokenKind::Comma).is_none() && !self.at(TokenKind::Rpar) {
                return Ok(None);
            }
        }
    }

    /// `invalid_parameters` / `invalid_lambda_parameters`, then the `invalid_default`,
    /// `invalid_star_etc` and `invalid_kwds` checks in the order the list is read. Leaves the
    /// cursor where it was.
    pub(crate) fn invalid_parameters(&mut self, lambda: bool) -> PResult<()> {
        let mark = self.mark();
        let units = self.parameter_units(lambda);
        self.reset(mark);
        let units = units?;
        let error = |message: &str, range: TextRange| Err(self.error_at(range, message));
        let u = |i: usize| units.get(i).copied();

        // a="/" ','
        if u(0).is_some_and(|first| first.is(UnitKind::Slash) && first.comma) {
            if let Some(first) = u(0) {
                return error("at least one argument must precede /", first.range);
            }
        }
        // (slash_no_default | slash_with_default) param_maybe_default* a='/'
        if let Some(after) = units.slash_either(0) {
            let at = units.skip(after, Unit::maybe_default);
            if let Some(slash) = u(at).filter(|unit| unit.is(UnitKind::Slash)) {
                return error("/ may appear only once", slash.range);
            }
        }
        // slash_no_default? param_no_default* invalid_parameters_helper a=param_no_default
        {
            let start = units.slash_no_default(0).unwrap_or(0);
            let plain = units.skip(start, Unit::no_default);
            let helper = units
                .slash_with_default(plain)
                .or_else(|| {
                    let after = units.skip(plain, Unit::with_default);
                    (after > plain).then_some(after)
                })
                .or_else(|| {
                    // The helper's first alternative may also start before the plain ones.
                    units.slash_with_default(start)
                });
            if let Some(after) = helper {
                if let Some(param) = u(after).filter(Unit::no_default) {
                    return error(
                        "parameter without a default follows parameter with a default",
                        param.range,
                    );
                }
            }
        }
        // param_no_default* a='(' param_no_default+ ','? b=')'
        let plain = units.skip(0, Unit::no_default);
        if let Some(paren) = u(plain).filter(|unit| unit.is(UnitKind::Parenthesized)) {
            let message = if lambda {
                "Lambda expression parameters cannot be parenthesized"
            } else {
                "Function parameters cannot be parenthesized"
            };
            return error(message, paren.range);
        }
        // (slash_no_default | slash_with_default)? param_maybe_default* '*' (',' | param_no_default)
        // param_maybe_default* a='/'
        {
            let start = units.slash_either(0).unwrap_or(0);
            let at = units.skip(start, Unit::maybe_default);
            let star_then = u(at).is_some_and(|star| star.is(UnitKind::Star))
                && (u(at).is_some_and(|star| star.comma)
                    || u(at + 1).is_some_and(|next| next.no_default()));
            if star_then {
                let after_star = if u(at).is_some_and(|star| star.comma) {
                    at + 1
                } else {
                    at + 2
                };
                let at = units.skip(after_star, Unit::maybe_default);
                if let Some(slash) = u(at).filter(|unit| unit.is(UnitKind::Slash)) {
                    return error("/ must be ahead of *", slash.range);
                }
            }
        }
        // param_maybe_default+ '/' a='*'
        let at = units.skip(0, Unit::maybe_default);
        if at > 0 {
            if let (Some(slash), Some(star)) = (u(at), u(at + 1)) {
                if slash.is(UnitKind::Slash) && !slash.comma && star.is(UnitKind::Star) {
                    return error("expected comma between / and *", star.range);
                }
            }
        }

        // What the ordinary rules meet reading left to right.
        for (i, unit) in units.0.iter().enumerate() {
            match unit.kind {
                UnitKind::MissingDefault => {
                    if let Some(equal) = unit.equal {
                        return error("expected default value expression", equal.range);
                    }
                }
                UnitKind::Star => {
                    if let Some(message) = self.invalid_star_etc(&units, i, lambda) {
                        return message;
                    }
                }
                UnitKind::DoubleStar => {
                    let param = u(i + 1);
                    // '**' param a='='
                    if let Some(equal) = param.filter(Unit::is_param).and_then(|p| p.equal) {
                        return error(
                            "var-keyword argument cannot have default value",
                            equal.range,
                        );
                    }
                    // '**' param ',' a=param | '**' param ',' a=('*'|'**'|'/')
                    if param.is_some_and(|p| p.kind == UnitKind::Param && p.comma) {
                        if let Some(next) = u(i + 2) {
                            return error(
                                "arguments cannot follow var-keyword argument",
                                next.range,
                            );
                        }
                    }
                    return Ok(());
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// `invalid_star_etc` / `invalid_lambda_star_etc` at the `*` of `units[i]`.
    fn invalid_star_etc(&self, units: &Units, i: usize, lambda: bool) -> Option<PResult<()>> {
        let u = |i: usize| units.get(i).copied();
        let star = u(i)?;
        let error = |message: &str, range: TextRange| Some(Err(self.error_at(range, message)));
        // a='*' (')' | ',' (')' | '**'))
        let next = u(i + 1);
        if let Some(last) = self.bare_star(star, lambda) {
            // The lambda rule raises at the last token it read, the `def` one at the `*`.
            let at = if lambda { last.range } else { star.range };
            return error("named arguments must follow bare *", at);
        }
        // '*' param a='='
        let param = next.filter(|p| !star.comma && p.is_param());
        if let Some(equal) = param.and_then(|p| p.equal) {
            return error(
                "var-positional argument cannot have default value",
                equal.range,
            );
        }
        // '*' (param_no_default | ',') param_maybe_default* a='*' (param_no_default | ',')
        let after = if star.comma {
            i + 1
        } else if next.is_some_and(|n| n.no_default()) {
            i + 2
        } else {
            return None;
        };
        let at = units.skip(after, Unit::maybe_default);
        let second = u(at).filter(|unit| unit.is(UnitKind::Star))?;
        if second.comma || u(at + 1).is_some_and(|n| n.no_default()) {
            return error("* argument may appear only once", second.range);
        }
        None
    }

    /// `'*' (')' | ',' (')' | '**'))`: a `*` that ends the list, or is followed by a comma and
    /// then the end of the list or `**`; the last token of that pattern.
    fn bare_star(&self, star: Unit, lambda: bool) -> Option<Token> {
        let end = if lambda {
            TokenKind::Colon
        } else {
            TokenKind::Rpar
        };
        let next = self.token_after(star.range)?;
        if next.kind == end {
            return Some(next);
        }
        let after = self.token_after(next.range)?;
        (next.kind == TokenKind::Comma
            && (after.kind == end || after.kind == TokenKind::DoubleStar))
            .then_some(after)
    }

    /// The token that follows the one covering exactly `range`.
    fn token_after(&self, range: TextRange) -> Option<Token> {
        let index = self
            .tokens
            .partition_point(|t| t.range.start() < range.start());
        self.tokens.get(index + 1).copied()
    }
}
