//! Assignment targets: `star_targets` for `for` loops and comprehensions, and turning an
//! already-parsed expression into a `Store`/`Del` target with CPython's messages when it cannot be one.
//!
//! CPython: `Grammar/python.gram` ("TARGETS" section, `invalid_assignment`),
//! `Parser/action_helpers.c` (`_PyPegen_set_expr_context`, `_PyPegen_get_expr_name`).

use super::{Failure, PResult, Parser};
use crate::ast::*;
use crate::errors::SyntaxErrorType;
use crate::token::TokenKind;

/// What an expression is called in "cannot assign to …" messages (`_PyPegen_get_expr_name`).
pub(crate) fn expr_name(expr: &Expr) -> &'static str {
    match &expr.kind {
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred { .. } => "starred",
        ExprKind::Name { .. } => "name",
        ExprKind::List { .. } => "list",
        ExprKind::Tuple { .. } => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield { .. } | ExprKind::YieldFrom { .. } => "yield expression",
        ExprKind::Await { .. } => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set { .. } => "set display",
        ExprKind::JoinedStr { .. } | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::TemplateStr { .. } | ExprKind::Interpolation { .. } => "t-string expression",
        ExprKind::Constant { value, .. } => match value {
            Constant::None => "None",
            Constant::Bool(true) => "True",
            Constant::Bool(false) => "False",
            Constant::Ellipsis => "ellipsis",
            _ => "literal",
        },
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// The first sub-expression that cannot be a target, if any (`_PyPegen_get_invalid_target`).
pub(crate) fn invalid_target(expr: &Expr) -> Option<&Expr> {
    match &expr.kind {
        ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::Starred { value, .. } => invalid_target(value),
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            elts.iter().find_map(invalid_target)
        }
        _ => Some(expr),
    }
}

/// `_PyPegen_get_invalid_target` for `FOR_TARGETS`: `for x in y` reads as the comparison
/// `x in y` there, so a comparison by `in` is searched on its left and any other is not an error.
fn invalid_for_target(expr: &Expr) -> Option<&Expr> {
    match &expr.kind {
        ExprKind::Compare { left, ops, .. } => {
            if ops.first() == Some(&CmpOp::In) {
                invalid_for_target(left)
            } else {
                None
            }
        }
        ExprKind::Starred { value, .. } => invalid_for_target(value),
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            elts.iter().find_map(invalid_for_target)
        }
        _ => invalid_target(expr),
    }
}

/// `_PyPegen_get_invalid_target` for `DEL_TARGETS`: a starred item cannot be deleted.
fn invalid_del_target(expr: &Expr) -> Option<&Expr> {
    match &expr.kind {
        ExprKind::Starred { .. } => Some(expr),
        ExprKind::Tuple { elts, .. } | ExprKind::List { elts, .. } => {
            elts.iter().find_map(invalid_del_target)
        }
        _ => invalid_target(expr),
    }
}

/// Sets `ctx` on a valid target and everything inside it.
fn set_context(expr: &mut Expr, ctx: ExprContext) {
    match &mut expr.kind {
        ExprKind::Name { ctx: c, .. }
        | ExprKind::Attribute { ctx: c, .. }
        | ExprKind::Subscript { ctx: c, .. } => *c = ctx,
        ExprKind::Starred { value, ctx: c } => {
            *c = ctx;
            set_context(value, ctx);
        }
        ExprKind::Tuple { elts, ctx: c } | ExprKind::List { elts, ctx: c } => {
            *c = ctx;
            for elt in elts {
                set_context(elt, ctx);
            }
        }
        _ => {}
    }
}

impl Parser<'_> {
    /// Turns the left side of `=` into a `Store` target, or fails as `invalid_assignment` and
    /// `invalid_for_target` do (`RAISE_SYNTAX_ERROR_INVALID_TARGET`): "cannot assign to
    /// function call", at the first part that cannot be assigned to.
    pub(crate) fn assignment_target(&self, mut expr: Expr) -> PResult<Expr> {
        if let Some(bad) = invalid_target(&expr) {
            let name = expr_name(bad);
            let message = match &bad.kind {
                ExprKind::Starred { .. } => {
                    "starred assignment target must be in a list or tuple".to_string()
                }
                _ => format!("cannot assign to {name}"),
            };
            return Err(self.error_at(bad.range, message));
        }
        set_context(&mut expr, ExprContext::Store);
        Ok(expr)
    }

    /// The target of `x += 1`: a single name, attribute or subscript.
    pub(crate) fn augmented_target(&self, mut expr: Expr) -> PResult<Expr> {
        match expr.kind {
            ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {
                set_context(&mut expr, ExprContext::Store);
                Ok(expr)
            }
            _ => {
                let message = format!(
                    "'{}' is an illegal expression for augmented assignment",
                    expr_name(&expr)
                );
                Err(self.error_at(expr.range, message))
            }
        }
    }

    /// A `del` target the grammar accepts (`del_target`), in `Del` context; anything else
    /// does not match.
    pub(crate) fn delete_target(&self, mut expr: Expr) -> PResult<Expr> {
        if invalid_del_target(&expr).is_some() {
            return Err(Failure::NoMatch);
        }
        set_context(&mut expr, ExprContext::Del);
        Ok(expr)
    }

    /// `invalid_del_stmt: 'del' a=star_expressions`, after `del` failed to match: "cannot
    /// delete function call", at the first part that cannot be deleted.
    pub(crate) fn invalid_del_statement(&mut self) -> PResult<()> {
        let expr = self.star_expressions()?;
        if let Some(bad) = invalid_del_target(&expr) {
            let message = format!("cannot delete {}", expr_name(bad));
            return Err(self.error_at(bad.range, message));
        }
        Ok(())
    }

    /// The target of a `for` loop or clause and the `in` after it. In the second pass, what
    /// does not parse as a target is read as `star_expressions` to name its invalid part
    /// (`invalid_for_target`), and in a comprehension a missing `in` is named
    /// (`invalid_for_if_clause`).
    pub(crate) fn for_target(&mut self, in_comprehension: bool) -> PResult<Expr> {
        let mark = self.mark();
        match self.star_targets() {
            Ok(target) if self.at_keyword("in") => {
                self.advance();
                return Ok(target);
            }
            Ok(_) | Err(Failure::NoMatch) => {}
            Err(error) => return Err(error),
        }
        if !self.call_invalid_rules {
            return Err(Failure::NoMatch);
        }
        if in_comprehension {
            // 'async'? 'for' (bitwise_or (',' bitwise_or)* [',']) !'in'
            self.reset(mark);
            let mut read_one = false;
            while self.without_invalid_rules(Self::bitwise_or).is_ok() {
                read_one = true;
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
            }
            if read_one && !self.at_keyword("in") {
                let token = self.furthest_token();
                return Err(self.raise_error_at(
                    SyntaxErrorType::SyntaxError,
                    token,
                    "'in' expected after for-loop variables",
                ));
            }
        }
        self.reset(mark);
        let expr = self.star_expressions()?;
        if let Some(bad) = invalid_for_target(&expr) {
            let message = format!("cannot assign to {}", expr_name(bad));
            return Err(self.error_at(bad.range, message));
        }
        Err(Failure::NoMatch)
    }

    /// `star_targets: star_target !',' | star_target (',' star_target)* [',']`
    pub(crate) fn star_targets(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.star_target()?;
        if !self.at(TokenKind::Comma) {
            return Self::valid_target(first);
        }
        let mut elts = vec![first];
        while self.eat(TokenKind::Comma).is_some() {
            if self.at_keyword("in") || self.at(TokenKind::Equal) {
                break;
            }
            elts.push(self.star_target()?);
        }
        let range = self.range_from(start);
        let tuple = self.expr_node(
            range,
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Store,
            },
        );
        Self::valid_target(tuple)
    }

    /// A target the grammar accepts, in `Store` context; anything else does not match.
    fn valid_target(mut expr: Expr) -> PResult<Expr> {
        if invalid_target(&expr).is_some() {
            return Err(Failure::NoMatch);
        }
        set_context(&mut expr, ExprContext::Store);
        Ok(expr)
    }

    /// `star_target: '*' (!'*' star_target) | target_with_star_atom`
    fn star_target(&mut self) -> PResult<Expr> {
        if self.at(TokenKind::Star) {
            let start = self.start();
            self.advance();
            let value = self.star_target()?;
            let range = self.range_from(start);
            return Ok(self.expr_node(
                range,
                ExprKind::Starred {
                    value: Box::new(value),
                    ctx: ExprContext::Store,
                },
            ));
        }
        self.primary()
    }
}
