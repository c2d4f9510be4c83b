//! The `invalid_*` rules: checks that run only in the second pass, after the first pass failed
//! without a message, to replace `invalid syntax` with CPython's friendlier wording.
//!
//! CPython: `Grammar/python.gram` ("Invalid syntax" section: `invalid_expression`,
//! `invalid_legacy_expression`, `invalid_named_expression`, `invalid_kwarg`), run when
//! `p->call_invalid_rules` is set by `_PyPegen_run_parser`. pyxray runs each check right after
//! the ordinary rule parsed the same prefix, which gives the same answer without re-parsing it.

use super::expr::KEYWORDS;
use super::targets::{expr_name, invalid_target};
use super::{Failure, PResult, Parser};
use crate::ast::*;
use crate::token::{Token, TokenKind};

/// `_PyPegen_check_legacy_stmt`: names that were statements in Python 2.
fn is_legacy_name(expr: &Expr) -> bool {
    matches!(&expr.kind, ExprKind::Name { id, .. } if id == "print" || id == "exec")
}

/// Whether `expr`, read from token `first`, begins with a list or tuple display, a generator
/// expression, or `True`/`None`/`False` (the lookahead of `invalid_named_expression`).
fn starts_with_excluded_atom(expr: &Expr, first: crate::token::Token, text: &str) -> bool {
    if first.kind == TokenKind::Name && matches!(text, "True" | "None" | "False") {
        return true;
    }
    let mut node = expr;
    loop {
        node = match &node.kind {
            ExprKind::BinOp { left, .. } => left,
            ExprKind::Attribute { value, .. } | ExprKind::Subscript { value, .. } => value,
            ExprKind::Call { func, .. } => func,
            ExprKind::List { .. } | ExprKind::Tuple { .. } | ExprKind::GeneratorExp { .. } => {
                return node.range.start() == first.range.start()
                    && matches!(first.kind, TokenKind::Lpar | TokenKind::Lsqb);
            }
            _ => return false,
        };
    }
}

/// Soft keywords (`SOFT_KEYWORD` in the grammar).
const SOFT_KEYWORDS: &[&str] = &["_", "case", "match", "type"];

impl Parser<'_> {
    /// Runs `rule` with the `invalid_*` rules off (the `_without_invalid` rules).
    pub(crate) fn without_invalid_rules<T>(
        &mut self,
        rule: fn(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        self.without_invalid(rule)
    }

    fn without_invalid<T>(&mut self, rule: fn(&mut Self) -> PResult<T>) -> PResult<T> {
        let saved = self.call_invalid_rules;
        self.call_invalid_rules = false;
        let result = rule(self);
        self.call_invalid_rules = saved;
        result
    }

    /// Whether `expression_without_invalid` can start at the cursor.
    fn starts_plain_expression(&mut self) -> bool {
        if self.at(TokenKind::Star) || self.at_keyword("yield") {
            return false;
        }
        self.starts_expression()
    }

    /// `invalid_expression` (second alternative) and `invalid_legacy_expression`, after
    /// `disjunction` parsed `a` from `start_mark`:
    /// `[1, 2 3]` → "invalid syntax. Perhaps you forgot a comma?";
    /// `print "x"` → "Missing parentheses in call to 'print'. Did you mean print(...)?".
    pub(crate) fn invalid_expression(&mut self, start_mark: usize, a: &Expr) -> PResult<()> {
        self.words_between_strings(start_mark)?;
        let after_a = self.mark();
        self.reset(start_mark);
        let first = self.peek();
        let second = self.peek_at(1);
        self.reset(after_a);
        let first_is_name = first.kind == TokenKind::Name && !KEYWORDS.contains(&self.text(first));
        // !(NAME STRING | SOFT_KEYWORD) a=disjunction b=expression_without_invalid
        let excluded = first_is_name
            && (second.kind == TokenKind::String || SOFT_KEYWORDS.contains(&self.text(first)));
        if !excluded && self.starts_plain_expression() {
            match self.without_invalid(Self::expression) {
                Ok(b) => {
                    if !is_legacy_name(a) && self.previous_level() != 0 {
                        let range = a.range.cover(b.range);
                        return Err(
                            self.error_at(range, "invalid syntax. Perhaps you forgot a comma?")
                        );
                    }
                }
                Err(Failure::NoMatch) => {}
                Err(error) => return Err(error),
            }
            self.reset(after_a);
        }
        // invalid_legacy_expression: a=NAME !'(' b=star_expressions
        if first_is_name && matches!(self.text(first), "print" | "exec") {
            self.reset(start_mark + 1);
            if !self.at(TokenKind::Lpar) {
                match self.star_expressions() {
                    Ok(b) => {
                        let name = self.text(first);
                        let range = first.range.cover(b.range);
                        let message = format!(
                            "Missing parentheses in call to '{name}'. Did you mean {name}(...)?"
                        );
                        return Err(self.error_at(range, message));
                    }
                    Err(Failure::NoMatch) => {}
                    Err(error) => return Err(error),
                }
            }
            self.reset(after_a);
        }
        Ok(())
    }

    /// `invalid_expression`: `(pass_stmt|break_stmt|continue_stmt) 'if' disjunction 'else'
    /// simple_stmt` → "expected expression before 'if', but statement is given", at the statement.
    pub(crate) fn statement_before_if(&mut self) -> PResult<()> {
        let first = self.peek();
        let is_statement = first.kind == TokenKind::Name
            && matches!(self.text(first), "pass" | "break" | "continue");
        if !is_statement {
            return Ok(());
        }
        let second = self.peek_at(1);
        if second.kind != TokenKind::Name || self.text(second) != "if" {
            return Ok(());
        }
        let mark = self.mark();
        self.advance();
        self.advance();
        let matched = self.without_invalid(Self::disjunction).is_ok()
            && self.eat_keyword("else").is_some()
            && self.without_invalid(Self::simple_statement).is_ok();
        self.reset(mark);
        if matched {
            return Err(self.error_at(
                first.range,
                "expected expression before 'if', but statement is given",
            ));
        }
        Ok(())
    }

    /// `"a" b "c"`: a string, then a name, then more tokens up to another string on the same
    /// logical line → "invalid syntax. Is this intended to be part of the string?", over the
    /// tokens between the two strings (what a stray quote inside a string leaves outside it).
    fn words_between_strings(&mut self, start_mark: usize) -> PResult<()> {
        let tokens = &self.tokens;
        let Some(first) = tokens.get(start_mark) else {
            return Ok(());
        };
        let Some(&word) = tokens.get(start_mark + 1) else {
            return Ok(());
        };
        let is_word = word.kind == TokenKind::Name && !KEYWORDS.contains(&self.text(word));
        if first.kind != TokenKind::String || !is_word {
            return Ok(());
        }
        let mut last = word;
        for &token in &tokens[start_mark + 2..] {
            match token.kind {
                TokenKind::String => {
                    return Err(self.error_at(
                        word.range.cover(last.range),
                        "invalid syntax. Is this intended to be part of the string?",
                    ));
                }
                TokenKind::Newline | TokenKind::EndMarker => return Ok(()),
                _ => last = token,
            }
        }
        Ok(())
    }

    /// `invalid_named_expression`, after `expression` parsed `expr` from `start_mark`:
    /// `if x = 3:` → "invalid syntax. Maybe you meant '==' or ':=' instead of '='?".
    pub(crate) fn invalid_named_expression(
        &mut self,
        start_mark: usize,
        expr: &Expr,
    ) -> PResult<()> {
        let after = self.mark();
        // a=expression ':=' expression
        if self.eat(TokenKind::ColonEqual).is_some() {
            if self.expression().is_ok() {
                let message = format!("cannot use assignment expressions with {}", expr_name(expr));
                return Err(self.error_at(expr.range, message));
            }
            self.reset(after);
            return Ok(());
        }
        if !self.at(TokenKind::Equal) {
            return Ok(());
        }
        // a=NAME '=' b=bitwise_or !('='|':=')
        self.reset(start_mark);
        let first = self.peek();
        if first.kind == TokenKind::Name
            && !KEYWORDS.contains(&self.text(first))
            && self.peek_at(1).kind == TokenKind::Equal
        {
            self.advance();
            self.advance();
            if let Some(b) = self.optional(Self::bitwise_or)? {
                if !matches!(self.peek_kind(), TokenKind::Equal | TokenKind::ColonEqual) {
                    let range = first.range.cover(b.range);
                    return Err(self.error_at(
                        range,
                        "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                    ));
                }
            }
            self.reset(start_mark);
        }
        // !(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or b='=' bitwise_or !('='|':=')
        let excluded = first.kind == TokenKind::Lsqb
            || (first.kind == TokenKind::Name
                && matches!(self.text(first), "True" | "None" | "False"));
        if !excluded {
            if let Some(a) = self.optional(Self::bitwise_or)? {
                let is_tuple_or_genexp = first.kind == TokenKind::Lpar
                    && a.range.start() == first.range.start()
                    && matches!(
                        a.kind,
                        ExprKind::Tuple { .. } | ExprKind::GeneratorExp { .. }
                    );
                if !is_tuple_or_genexp
                    && self.eat(TokenKind::Equal).is_some()
                    && self.optional(Self::bitwise_or)?.is_some()
                    && !matches!(self.peek_kind(), TokenKind::Equal | TokenKind::ColonEqual)
                {
                    let message = format!(
                        "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                        expr_name(&a)
                    );
                    return Err(self.error_at(a.range, message));
                }
            }
        }
        self.reset(after);
        Ok(())
    }

    /// `invalid_assignment` for `t1 = t2 = … = value` where some target cannot be assigned to.
    /// Its second alternative reads the items of the first target with `star_named_expression`,
    /// so `invalid_named_expression` speaks first for an item followed by `=`: "cannot assign to
    /// function call here. Maybe you meant '==' instead of '='?" (naming the whole item), or for
    /// a name "invalid syntax. Maybe you meant '==' or ':=' instead of '='?". Otherwise the first
    /// bad target: a yield expression is "assignment to yield expression not possible", anything
    /// else "cannot assign to …" at its bad part (`assignment_target`).
    pub(crate) fn invalid_assignment(
        &mut self,
        targets: &[Expr],
        first_mark: usize,
    ) -> PResult<()> {
        let is_yield =
            |t: &Expr| matches!(t.kind, ExprKind::Yield { .. } | ExprKind::YieldFrom { .. });
        let Some(first_bad) = targets
            .iter()
            .position(|t| is_yield(t) || invalid_target(t).is_some())
        else {
            return Ok(());
        };
        let after = self.mark();
        self.named_items_of_first_target(first_mark)?;
        self.reset(after);
        let target = &targets[first_bad];
        if is_yield(target) {
            return Err(self.error_at(target.range, "assignment to yield expression not possible"));
        }
        Ok(())
    }

    /// `invalid_named_expression` on each `star_named_expression` of the first target.
    fn named_items_of_first_target(&mut self, first_mark: usize) -> PResult<()> {
        self.reset(first_mark);
        loop {
            let item = self.mark();
            let first = self.peek();
            if first.kind == TokenKind::Star {
                self.advance();
                if self.without_invalid(Self::bitwise_or).is_err() {
                    return Ok(());
                }
            } else {
                // a=NAME '=' b=bitwise_or !('='|':=')
                let second = self.peek_at(1);
                if first.kind == TokenKind::Name
                    && !KEYWORDS.contains(&self.text(first))
                    && second.kind == TokenKind::Equal
                {
                    self.advance();
                    self.advance();
                    if let Ok(b) = self.without_invalid(Self::bitwise_or) {
                        if !matches!(self.peek_kind(), TokenKind::Equal | TokenKind::ColonEqual) {
                            return Err(self.error_at(
                                first.range.cover(b.range),
                                "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
                            ));
                        }
                    }
                    self.reset(item);
                }
                // !(list|tuple|genexp|'True'|'None'|'False') a=bitwise_or '=' bitwise_or !('='|':=')
                let Ok(a) = self.without_invalid(Self::bitwise_or) else {
                    return Ok(());
                };
                if !starts_with_excluded_atom(&a, first, self.text(first))
                    && self.eat(TokenKind::Equal).is_some()
                    && self.without_invalid(Self::bitwise_or).is_ok()
                    && !matches!(self.peek_kind(), TokenKind::Equal | TokenKind::ColonEqual)
                {
                    let message = format!(
                        "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                        expr_name(&a)
                    );
                    return Err(self.error_at(a.range, message));
                }
                self.reset(item);
                if self.without_invalid(Self::named_expression).is_err() {
                    return Ok(());
                }
            }
            if self.eat(TokenKind::Comma).is_none() {
                return Ok(());
            }
        }
    }

    /// The first three alternatives of `invalid_assignment`, after `target ':'` when an
    /// annotation follows: `(a, b): int` → "only single target (not tuple) can be annotated"
    /// (at the bracketed target, or at the first item of a bare tuple); any other target that
    /// is not a name, attribute or subscript → "illegal target for annotation".
    pub(crate) fn invalid_annotation_target(&mut self, target: &Expr, mark: usize) -> PResult<()> {
        if matches!(
            target.kind,
            ExprKind::Name { .. } | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
        ) {
            return Ok(());
        }
        let after_colon = self.mark();
        let annotated = self.optional(Self::expression)?.is_some();
        self.reset(after_colon);
        if !annotated {
            return Ok(());
        }
        let first = self.tokens[mark.min(self.tokens.len() - 1)];
        let bracketed = matches!(first.kind, TokenKind::Lpar | TokenKind::Lsqb);
        match &target.kind {
            ExprKind::Tuple { elts, .. }
                if !bracketed || target.range.start() != first.range.start() =>
            {
                let at = elts.first().map_or(target.range, |e| e.range);
                Err(self.error_at(at, "only single target (not tuple) can be annotated"))
            }
            ExprKind::Tuple { .. } | ExprKind::List { .. } if bracketed => {
                let message = format!(
                    "only single target (not {}) can be annotated",
                    expr_name(target)
                );
                Err(self.error_at(target.range, message))
            }
            _ => Err(self.error_at(target.range, "illegal target for annotation")),
        }
    }

    /// `invalid_import`, after `import`: `import a from b` → "Did you mean to use 'from ...
    /// import ...' instead?"; `import` alone → "Expected one or more names after 'import'".
    pub(crate) fn invalid_import(&mut self, import: Token) -> PResult<()> {
        let mark = self.mark();
        let mut names = self.optional(Self::dotted_name)?.is_some();
        while names && self.eat(TokenKind::Comma).is_some() {
            names = self.optional(Self::dotted_name)?.is_some();
        }
        if names
            && self.eat_keyword("from").is_some()
            && self.optional(Self::dotted_name)?.is_some()
        {
            return Err(self.error_starting_from(
                import,
                "Did you mean to use 'from ... import ...' instead?",
            ));
        }
        self.reset(mark);
        self.names_expected_after_import()
    }

    /// `token=NEWLINE`: "Expected one or more names after 'import'".
    fn names_expected_after_import(&mut self) -> PResult<()> {
        let token = self.peek();
        if token.kind == TokenKind::Newline {
            self.advance();
            let error =
                self.error_starting_from(token, "Expected one or more names after 'import'");
            return Err(error);
        }
        Ok(())
    }

    /// `invalid_dotted_as_name` / `invalid_import_from_as_name`, after `as`: anything but a name
    /// followed by `,`, `)` or the end of the line is "cannot use attribute as import target".
    pub(crate) fn invalid_import_target(&mut self) -> PResult<()> {
        let first = self.peek();
        let after = self.peek_at(1).kind;
        let plain_name = first.kind == TokenKind::Name
            && !KEYWORDS.contains(&self.text(first))
            && matches!(
                after,
                TokenKind::Comma | TokenKind::Rpar | TokenKind::Newline
            );
        if plain_name {
            return Ok(());
        }
        let mark = self.mark();
        if let Some(target) = self.optional(Self::expression)? {
            let message = format!("cannot use {} as import target", expr_name(&target));
            return Err(self.error_at(target.range, message));
        }
        self.reset(mark);
        Ok(())
    }

    /// `invalid_import_from_targets`: `from m import a, b,` → "trailing comma not allowed
    /// without surrounding parentheses"; `from m import` → "Expected one or more names after
    /// 'import'".
    pub(crate) fn invalid_import_from_targets(&mut self) -> PResult<()> {
        let mark = self.mark();
        let mut read = false;
        while self.name().is_ok() {
            read = true;
            if self.eat_keyword("as").is_some() && self.name().is_err() {
                read = false;
                break;
            }
            if self.eat(TokenKind::Comma).is_none() {
                read = false;
                break;
            }
            if self.at(TokenKind::Newline) {
                break;
            }
        }
        if read && self.at(TokenKind::Newline) {
            let token = self.furthest_token();
            return Err(self.raise_error_at(
                crate::errors::SyntaxErrorType::SyntaxError,
                token,
                "trailing comma not allowed without surrounding parentheses",
            ));
        }
        self.reset(mark);
        self.names_expected_after_import()
    }

    /// `invalid_factor` / `invalid_arithmetic`: after a unary or binary arithmetic operator,
    /// `not` is "'not' after an operator must be parenthesized", from `not` to its operand
    /// (`factor` after a unary operator, `inversion` after a binary one).
    pub(crate) fn invalid_not_after_operator(&mut self, unary: bool) -> PResult<()> {
        if !self.call_invalid_rules || !self.at_keyword("not") {
            return Ok(());
        }
        let mark = self.mark();
        let not = self.advance();
        let operand = if unary {
            self.optional(Self::factor)?
        } else {
            self.optional(Self::inversion)?
        };
        if let Some(operand) = operand {
            return Err(self.error_at(
                not.range.cover(operand.range),
                "'not' after an operator must be parenthesized",
            ));
        }
        self.reset(mark);
        Ok(())
    }

    /// `starred_expression: '*' expression` (call arguments and subscripts); in the second pass
    /// a `*` without an expression is "Invalid star expression" (`invalid_starred_expression`),
    /// at the last token read.
    pub(crate) fn starred_expression(&mut self) -> PResult<Expr> {
        let start = self.start();
        let star = self.expect(TokenKind::Star)?;
        let value = match self.expression() {
            Ok(value) => value,
            Err(Failure::NoMatch) if self.call_invalid_rules => {
                let _ = star;
                let token = self.furthest_token();
                return Err(self.raise_error_at(
                    crate::errors::SyntaxErrorType::SyntaxError,
                    token,
                    "Invalid star expression",
                ));
            }
            Err(error) => return Err(error),
        };
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::Starred {
                value: Box::new(value),
                ctx: ExprContext::Load,
            },
        ))
    }

    /// `f(**kw, *args)` does not match; in the second pass `invalid_arguments` names it:
    /// "iterable argument unpacking follows keyword argument unpacking", from the comma before
    /// the starred arguments to their end.
    pub(crate) fn starred_after_double_starred(&mut self) -> Failure {
        if !self.call_invalid_rules {
            return Failure::NoMatch;
        }
        let Some(&comma) = self
            .position
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
        else {
            return Failure::NoMatch;
        };
        let mut end = comma.range;
        while self.at(TokenKind::Star) {
            match self.starred_expression() {
                Ok(arg) if !self.at(TokenKind::Equal) => end = arg.range,
                Ok(_) | Err(Failure::NoMatch) => return Failure::NoMatch,
                Err(error) => return error,
            }
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        self.error_at(
            comma.range.cover(end),
            "iterable argument unpacking follows keyword argument unpacking",
        )
    }

    /// `f(a=)`: "expected argument value expression", from the name to the `=`.
    pub(crate) fn missing_argument_value(&mut self) -> PResult<()> {
        let name = self.peek();
        let equal = self.peek_at(1);
        let after = self.peek_at(2).kind;
        if self.call_invalid_rules
            && equal.kind == TokenKind::Equal
            && matches!(after, TokenKind::Comma | TokenKind::Rpar)
        {
            return Err(self.error_at(
                name.range.cover(equal.range),
                "expected argument value expression",
            ));
        }
        Ok(())
    }

    /// `invalid_try_stmt`: an `except` after `except*` handlers, or the reverse. The first pass
    /// does not match.
    pub(crate) fn mixed_except_kinds(&mut self, except: Token, star: Option<Token>) -> Failure {
        if !self.call_invalid_rules {
            return Failure::NoMatch;
        }
        let range = match star {
            Some(star) => except.range.cover(star.range),
            None => except.range,
        };
        self.error_at(
            range,
            "cannot have both 'except' and 'except*' on the same 'try'",
        )
    }

    /// `'except' '*' (NEWLINE | ':')`: "expected one or more exception types".
    pub(crate) fn missing_exception_types(&mut self) -> Failure {
        self.raise_in_second_pass("expected one or more exception types")
    }

    /// `'except' [expression ['as' NAME]] NEWLINE`: "expected ':'".
    pub(crate) fn except_colon_expected(&mut self) -> Failure {
        if self.at(TokenKind::Newline) {
            return self.raise_in_second_pass("expected ':'");
        }
        Failure::NoMatch
    }

    /// `RAISE_SYNTAX_ERROR(message)` at the last token read, in the second pass only.
    fn raise_in_second_pass(&mut self, message: &str) -> Failure {
        if !self.call_invalid_rules {
            return Failure::NoMatch;
        }
        self.peek();
        let token = self.furthest_token();
        self.raise_error_at(crate::errors::SyntaxErrorType::SyntaxError, token, message)
    }

    /// `except A, B as e:`: "multiple exception types must be parenthesized when using 'as'",
    /// from the first type to the last token read (the name and `:` are read first).
    pub(crate) fn unparenthesized_types_with_as(
        &mut self,
        first_start: pyxray_text::TextSize,
        _as_token: Token,
    ) -> Failure {
        if !self.call_invalid_rules {
            return Failure::NoMatch;
        }
        if self.name().is_err() || self.eat(TokenKind::Colon).is_none() {
            return Failure::NoMatch;
        }
        let index = self
            .tokens
            .partition_point(|t| t.range.start() < first_start);
        let first = self.tokens[index.min(self.tokens.len() - 1)];
        self.error_starting_from(
            first,
            "multiple exception types must be parenthesized when using 'as'",
        )
    }

    /// `'except' '*'? expression 'as' a=expression`: "cannot use except statement with
    /// attribute" (or `except*`), at the target.
    pub(crate) fn invalid_except_target(&mut self, star: bool) -> Failure {
        if !self.call_invalid_rules {
            return Failure::NoMatch;
        }
        match self.expression() {
            Ok(target) => {
                let keyword = if star { "except*" } else { "except" };
                let message = format!("cannot use {keyword} statement with {}", expr_name(&target));
                self.error_at(target.range, message)
            }
            Err(error) => error,
        }
    }

    /// `f(*args=[0])`, `f(**kw={})`: after `*expression` or `**expression`, `'=' expression` is
    /// "cannot assign to iterable argument unpacking" (`invalid_starred_expression_unpacking`)
    /// or "… keyword argument unpacking" (`invalid_kwarg`), from the star to the value.
    pub(crate) fn invalid_unpacking_assignment(
        &mut self,
        star: crate::token::Token,
        what: &str,
    ) -> PResult<()> {
        let mark = self.mark();
        if self.eat(TokenKind::Equal).is_some() {
            if let Some(value) = self.optional(Self::expression)? {
                let range = star.range.cover(value.range);
                return Err(
                    self.error_at(range, format!("cannot assign to {what} argument unpacking"))
                );
            }
        }
        self.reset(mark);
        Ok(())
    }

    /// `[*x for x in y]` does not match; in the second pass `invalid_comprehension` says
    /// "iterable unpacking cannot be used in comprehension", at the starred element.
    pub(crate) fn starred_comprehension_element(&mut self, element: &Expr) -> PResult<()> {
        if !matches!(element.kind, ExprKind::Starred { .. }) {
            return Ok(());
        }
        if !self.call_invalid_rules {
            return Err(Failure::NoMatch);
        }
        let mark = self.mark();
        if self.optional(Self::for_if_clauses)?.is_some() {
            return Err(self.error_at(
                element.range,
                "iterable unpacking cannot be used in comprehension",
            ));
        }
        self.reset(mark);
        Err(Failure::NoMatch)
    }

    /// `invalid_comprehension`: `[x, y for x, y in pairs]` → "did you forget parentheses
    /// around the comprehension target?", from the first item to `end`.
    pub(crate) fn unparenthesized_comprehension_target(
        &mut self,
        items: &[Expr],
        end: pyxray_text::TextRange,
    ) -> PResult<()> {
        if !self.call_invalid_rules {
            return Ok(());
        }
        let Some(first) = items.first() else {
            return Ok(());
        };
        let mark = self.mark();
        if self.optional(Self::for_if_clauses)?.is_some() {
            return Err(self.error_at(
                first.range.cover(end),
                "did you forget parentheses around the comprehension target?",
            ));
        }
        self.reset(mark);
        Ok(())
    }

    /// `invalid_kwarg`, for a call argument `a` followed by `=`:
    /// `f(x.y=1)` → "expression cannot contain assignment, perhaps you meant \"==\"?".
    pub(crate) fn invalid_kwarg(&mut self, a: &Expr) -> PResult<()> {
        let Some(equal) = self.eat(TokenKind::Equal) else {
            return Ok(());
        };
        let range = a.range.cover(equal.range);
        if let ExprKind::Constant {
            value: value @ (Constant::None | Constant::Bool(_)),
            ..
        } = &a.kind
        {
            let name = crate::ast::constant_repr(value);
            return Err(self.error_at(range, format!("cannot assign to {name}")));
        }
        Err(self.error_at(
            range,
            "expression cannot contain assignment, perhaps you meant \"==\"?",
        ))
    }

    /// Runs `rule`, turning `NoMatch` into `None` (errors still propagate).
    fn optional<T>(&mut self, rule: fn(&mut Self) -> PResult<T>) -> PResult<Option<T>> {
        match rule(self) {
            Ok(value) => Ok(Some(value)),
            Err(Failure::NoMatch) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// A dictionary key after the first pair: parsed without the `invalid_*` rules, so that
    /// `{1: 2, 3 4}` is "':' expected after dictionary key" as in CPython.
    pub(crate) fn dict_key(&mut self) -> PResult<Expr> {
        self.without_invalid(Self::expression)
    }

    /// `invalid_kvpair`: `{1: 2, 3}` → "':' expected after dictionary key", at the key's end.
    pub(crate) fn missing_dict_colon(&self, key: &Expr) -> Failure {
        let mut error = crate::errors::SyntaxError::syntax(
            "':' expected after dictionary key",
            key.range,
            self.source,
            self.lines,
        );
        error.lineno = error.end_lineno;
        error.offset = error.end_offset - 1;
        error.end_offset = 0;
        Failure::Error(Box::new(error))
    }

    /// The value of a `key: value` pair; in the second pass, `{1: }` is
    /// "expression expected after dictionary key and ':'" (`invalid_double_starred_kvpairs`).
    pub(crate) fn dict_value(&mut self) -> PResult<Expr> {
        // expression ':' a='*' bitwise_or
        if self.call_invalid_rules && self.at(TokenKind::Star) {
            let star = self.peek();
            let mark = self.mark();
            self.advance();
            if self.without_invalid(Self::bitwise_or).is_ok() {
                return Err(self.error_starting_from(
                    star,
                    "cannot use a starred expression in a dictionary value",
                ));
            }
            self.reset(mark);
        }
        if self.call_invalid_rules
            && matches!(self.peek_kind(), TokenKind::Rbrace | TokenKind::Comma)
        {
            if let Some(colon) = self
                .position
                .checked_sub(1)
                .and_then(|i| self.tokens.get(i))
            {
                let colon = *colon;
                return Err(
                    self.error_at_token(colon, "expression expected after dictionary key and ':'")
                );
            }
        }
        self.expression()
    }
}
