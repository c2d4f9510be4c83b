//! Expression rules of `Grammar/python.gram`, from `star_expressions` down to `atom`.
//!
//! CPython: `Grammar/python.gram` ("EXPRESSIONS" section), `Parser/action_helpers.c`.

use pyxray_text::{TextRange, TextSize};

use super::{Failure, PResult, Parser};
use crate::ast::*;
use crate::token::TokenKind;

/// Keywords that can never be names (`Lib/keyword.py` `kwlist`).
pub(crate) const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// An identifier as CPython stores it: NFKC-normalized when not ASCII (`_PyPegen_new_identifier`),
/// so `ﬁle` and `file` are the same name.
pub(crate) fn identifier(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().collect()
}

impl Parser<'_> {
    pub(crate) fn expr_node(&mut self, range: TextRange, kind: ExprKind) -> Expr {
        Expr {
            id: self.new_id(),
            range,
            kind,
        }
    }

    /// `star_expressions`: one expression, or a tuple of them (`x = 1, *rest`).
    pub(crate) fn star_expressions(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.star_expression()?;
        if !self.at(TokenKind::Comma) {
            return Ok(first);
        }
        self.bare_tuple(start, first, Self::star_expression)
    }

    /// A tuple without parentheses, `first, item, …` (a trailing comma allowed), items parsed
    /// by `item`.
    pub(crate) fn bare_tuple(
        &mut self,
        start: TextSize,
        first: Expr,
        item: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let mut elts = vec![first];
        while self.eat(TokenKind::Comma).is_some() {
            if !self.starts_expression() {
                break;
            }
            elts.push(item(self)?);
        }
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
        ))
    }

    /// `star_expression: '*' bitwise_or | expression`
    pub(crate) fn star_expression(&mut self) -> PResult<Expr> {
        if self.at(TokenKind::Star) {
            let start = self.start();
            self.advance();
            let value = self.bitwise_or()?;
            let range = self.range_from(start);
            return Ok(self.expr_node(
                range,
                ExprKind::Starred {
                    value: Box::new(value),
                    ctx: ExprContext::Load,
                },
            ));
        }
        self.expression()
    }

    /// `star_named_expression: '*' bitwise_or | named_expression`
    pub(crate) fn star_named_expression(&mut self) -> PResult<Expr> {
        if self.at(TokenKind::Star) {
            return self.star_expression();
        }
        self.named_expression()
    }

    /// Whether the next token can begin an expression (used after a trailing comma).
    pub(crate) fn starts_expression(&mut self) -> bool {
        let token = self.peek();
        match token.kind {
            TokenKind::Name => {
                let text = self.text(token);
                !KEYWORDS.contains(&text)
                    || matches!(
                        text,
                        "None" | "True" | "False" | "not" | "lambda" | "await" | "yield"
                    )
            }
            TokenKind::Number
            | TokenKind::String
            | TokenKind::FstringStart
            | TokenKind::TstringStart
            | TokenKind::Lpar
            | TokenKind::Lsqb
            | TokenKind::Lbrace
            | TokenKind::Minus
            | TokenKind::Plus
            | TokenKind::Tilde
            | TokenKind::Star
            | TokenKind::Ellipsis => true,
            _ => false,
        }
    }

    /// `named_expression: NAME ':=' expression | expression !':='`
    pub(crate) fn named_expression(&mut self) -> PResult<Expr> {
        self.named_expression_checked(true)
    }

    /// `named_expression`, with `invalid_named_expression` when `check_invalid` (a call's
    /// positional arguments use the same rule without it).
    pub(crate) fn named_expression_checked(&mut self, check_invalid: bool) -> PResult<Expr> {
        let start = self.start();
        let first = self.peek();
        let is_name = first.kind == TokenKind::Name && !KEYWORDS.contains(&self.text(first));
        if is_name && self.peek_at(1).kind == TokenKind::ColonEqual {
            let name = self.name()?;
            let target = self.expr_node(
                name.1,
                ExprKind::Name {
                    id: name.0,
                    ctx: ExprContext::Store,
                },
            );
            self.advance();
            let value = self.expression()?;
            let range = self.range_from(start);
            return Ok(self.expr_node(
                range,
                ExprKind::NamedExpr {
                    target: Box::new(target),
                    value: Box::new(value),
                },
            ));
        }
        let start_mark = self.mark();
        let expr = self.expression()?;
        if check_invalid && self.call_invalid_rules {
            self.invalid_named_expression(start_mark, &expr)?;
        }
        if self.at(TokenKind::ColonEqual) {
            return Err(Failure::NoMatch);
        }
        Ok(expr)
    }

    /// `expression: disjunction 'if' disjunction 'else' expression | disjunction | lambdef`
    pub(crate) fn expression(&mut self) -> PResult<Expr> {
        self.enter()?;
        let result = self.expression_inner();
        self.leave();
        result
    }

    fn expression_inner(&mut self) -> PResult<Expr> {
        if self.at_keyword("lambda") {
            return self.lambdef();
        }
        let start = self.start();
        let start_mark = self.mark();
        if self.call_invalid_rules {
            self.statement_before_if()?;
        }
        let body = self.disjunction()?;
        if self.call_invalid_rules {
            self.invalid_expression(start_mark, &body)?;
        }
        if !self.at_keyword("if") {
            return Ok(body);
        }
        self.advance();
        let test = self.disjunction()?;
        if self.eat_keyword("else").is_none() {
            // invalid_expression: `a if b` without `else` (and not the `:` of a statement).
            if self.call_invalid_rules && !self.at(TokenKind::Colon) {
                let range = self.range_from(start);
                return Err(self.error_at(range, "expected 'else' after 'if' expression"));
            }
            return Err(Failure::NoMatch);
        }
        let orelse = match self.expression() {
            Err(Failure::NoMatch) if self.call_invalid_rules => {
                // invalid_expression: 'else' !expression (RAISE_SYNTAX_ERROR_ON_NEXT_TOKEN).
                let token = self.peek();
                return Err(self.error_at_token(
                    token,
                    "expected expression after 'else', but statement is given",
                ));
            }
            other => other?,
        };
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::IfExp {
                test: Box::new(test),
                body: Box::new(body),
                orelse: Box::new(orelse),
            },
        ))
    }

    /// `lambdef: 'lambda' [lambda_params] ':' expression`
    fn lambdef(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.expect_keyword("lambda")?;
        let args = self.parameters(true)?;
        self.expect(TokenKind::Colon)?;
        let body = self.expression()?;
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::Lambda {
                args: Box::new(args),
                body: Box::new(body),
            },
        ))
    }

    /// `disjunction: conjunction ('or' conjunction)+ | conjunction`
    pub(crate) fn disjunction(&mut self) -> PResult<Expr> {
        self.bool_op("or", BoolOp::Or, Self::conjunction)
    }

    /// `conjunction: inversion ('and' inversion)+ | inversion`
    fn conjunction(&mut self) -> PResult<Expr> {
        self.bool_op("and", BoolOp::And, Self::inversion)
    }

    fn bool_op(
        &mut self,
        keyword: &str,
        op: BoolOp,
        operand: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let start = self.start();
        let first = operand(self)?;
        if !self.at_keyword(keyword) {
            return Ok(first);
        }
        let mut values = vec![first];
        while self.eat_keyword(keyword).is_some() {
            values.push(operand(self)?);
        }
        let range = self.range_from(start);
        Ok(self.expr_node(range, ExprKind::BoolOp { op, values }))
    }

    /// `inversion: 'not' inversion | comparison`
    pub(crate) fn inversion(&mut self) -> PResult<Expr> {
        if self.at_keyword("not") {
            let start = self.start();
            self.advance();
            self.enter()?;
            let operand = self.inversion();
            self.leave();
            let operand = operand?;
            let range = self.range_from(start);
            return Ok(self.expr_node(
                range,
                ExprKind::UnaryOp {
                    op: UnaryOp::Not,
                    operand: Box::new(operand),
                },
            ));
        }
        self.comparison()
    }

    /// The comparison operator at the cursor, with how many tokens it takes (`not in` takes two).
    fn comparison_operator(&mut self) -> Option<(CmpOp, usize)> {
        let token = self.peek();
        let op = match token.kind {
            TokenKind::EqEqual => CmpOp::Eq,
            TokenKind::NotEqual => CmpOp::NotEq,
            TokenKind::Less => CmpOp::Lt,
            TokenKind::LessEqual => CmpOp::LtE,
            TokenKind::Greater => CmpOp::Gt,
            TokenKind::GreaterEqual => CmpOp::GtE,
            TokenKind::Name => match self.text(token) {
                "in" => CmpOp::In,
                "is" => {
                    let next = self.peek_at(1);
                    if next.kind == TokenKind::Name && self.text(next) == "not" {
                        return Some((CmpOp::IsNot, 2));
                    }
                    CmpOp::Is
                }
                "not" => {
                    let next = self.peek_at(1);
                    if next.kind == TokenKind::Name && self.text(next) == "in" {
                        return Some((CmpOp::NotIn, 2));
                    }
                    return None;
                }
                _ => return None,
            },
            _ => return None,
        };
        Some((op, 1))
    }

    /// `comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or`
    fn comparison(&mut self) -> PResult<Expr> {
        let start = self.start();
        let left = self.bitwise_or()?;
        let mut ops = Vec::new();
        let mut comparators = Vec::new();
        while let Some((op, width)) = self.comparison_operator() {
            for _ in 0..width {
                self.advance();
            }
            ops.push(op);
            comparators.push(self.bitwise_or()?);
        }
        if ops.is_empty() {
            return Ok(left);
        }
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::Compare {
                left: Box::new(left),
                ops,
                comparators,
            },
        ))
    }

    /// Left-associative binary operator levels, from `bitwise_or` down to `term`.
    fn binary_level(&mut self, level: usize) -> PResult<Expr> {
        const LEVELS: [&[(TokenKind, Operator)]; 6] = [
            &[(TokenKind::Vbar, Operator::BitOr)],
            &[(TokenKind::Circumflex, Operator::BitXor)],
            &[(TokenKind::Amper, Operator::BitAnd)],
            &[
                (TokenKind::LeftShift, Operator::LShift),
                (TokenKind::RightShift, Operator::RShift),
            ],
            &[
                (TokenKind::Plus, Operator::Add),
                (TokenKind::Minus, Operator::Sub),
            ],
            &[
                (TokenKind::Star, Operator::Mult),
                (TokenKind::Slash, Operator::Div),
                (TokenKind::DoubleSlash, Operator::FloorDiv),
                (TokenKind::Percent, Operator::Mod),
                (TokenKind::At, Operator::MatMult),
            ],
        ];
        let Some(operators) = LEVELS.get(level) else {
            return self.factor();
        };
        let start = self.start();
        let mut left = self.binary_level(level + 1)?;
        // Each operator of a chain nests the tree one level deeper: count it as recursion.
        let saved_depth = self.depth;
        let result = loop {
            let kind = self.peek_kind();
            let Some(&(_, op)) = operators.iter().find(|(k, _)| *k == kind) else {
                break Ok(left);
            };
            if let Err(error) = self.enter() {
                break Err(error);
            }
            self.advance();
            // `sum`/`term` operators: `1 + not x` (invalid_arithmetic).
            if level >= 4 {
                if let Err(error) = self.invalid_not_after_operator(false) {
                    break Err(error);
                }
            }
            let right = match self.binary_level(level + 1) {
                Ok(right) => right,
                Err(error) => break Err(error),
            };
            let range = self.range_from(start);
            left = self.expr_node(
                range,
                ExprKind::BinOp {
                    left: Box::new(left),
                    op,
                    right: Box::new(right),
                },
            );
        };
        self.depth = saved_depth;
        result
    }

    /// `bitwise_or: bitwise_or '|' bitwise_xor | bitwise_xor` (and the levels below it)
    pub(crate) fn bitwise_or(&mut self) -> PResult<Expr> {
        self.binary_level(0)
    }

    /// `factor: '+' factor | '-' factor | '~' factor | power`
    pub(crate) fn factor(&mut self) -> PResult<Expr> {
        let op = match self.peek_kind() {
            TokenKind::Plus => UnaryOp::UAdd,
            TokenKind::Minus => UnaryOp::USub,
            TokenKind::Tilde => UnaryOp::Invert,
            _ => return self.power(),
        };
        let start = self.start();
        self.advance();
        self.invalid_not_after_operator(true)?;
        self.enter()?;
        let operand = self.factor();
        self.leave();
        let operand = operand?;
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::UnaryOp {
                op,
                operand: Box::new(operand),
            },
        ))
    }

    /// `power: await_primary '**' factor | await_primary`
    fn power(&mut self) -> PResult<Expr> {
        let start = self.start();
        let base = self.await_primary()?;
        if self.eat(TokenKind::DoubleStar).is_none() {
            return Ok(base);
        }
        self.enter()?;
        let exponent = self.factor();
        self.leave();
        let exponent = exponent?;
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::BinOp {
                left: Box::new(base),
                op: Operator::Pow,
                right: Box::new(exponent),
            },
        ))
    }

    /// `await_primary: 'await' primary | primary`
    fn await_primary(&mut self) -> PResult<Expr> {
        if self.at_keyword("await") {
            let start = self.start();
            self.advance();
            let value = self.primary()?;
            let range = self.range_from(start);
            return Ok(self.expr_node(
                range,
                ExprKind::Await {
                    value: Box::new(value),
                },
            ));
        }
        self.primary()
    }

    /// `primary: primary '.' NAME | primary genexp | primary '(' [arguments] ')' | primary '[' slices ']' | atom`
    pub(crate) fn primary(&mut self) -> PResult<Expr> {
        let saved_depth = self.depth;
        let result = self.primary_chain();
        self.depth = saved_depth;
        result
    }

    /// `primary`'s trailers; each one nests the tree one level deeper and counts as recursion.
    fn primary_chain(&mut self) -> PResult<Expr> {
        let start = self.start();
        let mut value = self.atom()?;
        loop {
            if matches!(
                self.peek_kind(),
                TokenKind::Dot | TokenKind::Lpar | TokenKind::Lsqb
            ) {
                self.enter()?;
            }
            match self.peek_kind() {
                TokenKind::Dot => {
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
                TokenKind::Lpar => {
                    let open = self.advance();
                    self.enter()?;
                    let arguments = self.call_arguments(open.range.start());
                    self.leave();
                    let (args, keywords) = arguments?;
                    self.expect(TokenKind::Rpar)?;
                    let range = self.range_from(start);
                    value = self.expr_node(
                        range,
                        ExprKind::Call {
                            func: Box::new(value),
                            args,
                            keywords,
                        },
                    );
                }
                TokenKind::Lsqb => {
                    self.advance();
                    self.enter()?;
                    let slice = self.slices();
                    self.leave();
                    let slice = slice?;
                    self.expect(TokenKind::Rsqb)?;
                    let range = self.range_from(start);
                    value = self.expr_node(
                        range,
                        ExprKind::Subscript {
                            value: Box::new(value),
                            slice: Box::new(slice),
                            ctx: ExprContext::Load,
                        },
                    );
                }
                _ => return Ok(value),
            }
        }
    }

    /// `slices: slice !',' | ','.(slice | starred_expression)+ [',']`
    fn slices(&mut self) -> PResult<Expr> {
        let start = self.start();
        let first = self.slice_item()?;
        // A lone `*x` is not a `slice`: it takes the tuple alternative (`a[*b]`).
        if !self.at(TokenKind::Comma) && !matches!(first.kind, ExprKind::Starred { .. }) {
            return Ok(first);
        }
        let mut elts = vec![first];
        while self.eat(TokenKind::Comma).is_some() {
            if self.at(TokenKind::Rsqb) {
                break;
            }
            elts.push(self.slice_item()?);
        }
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
        ))
    }

    /// `slice: [expression] ':' [expression] [':' [expression]] | named_expression`
    fn slice_item(&mut self) -> PResult<Expr> {
        if self.at(TokenKind::Star) {
            return self.starred_expression();
        }
        let start = self.start();
        let lower = if self.at(TokenKind::Colon) {
            None
        } else {
            let expr = self.named_expression()?;
            if !self.at(TokenKind::Colon) {
                return Ok(expr);
            }
            Some(Box::new(expr))
        };
        self.expect(TokenKind::Colon)?;
        let upper = self.optional_slice_bound()?;
        let step = if self.eat(TokenKind::Colon).is_some() {
            self.optional_slice_bound()?
        } else {
            None
        };
        let range = self.range_from(start);
        Ok(self.expr_node(range, ExprKind::Slice { lower, upper, step }))
    }

    fn optional_slice_bound(&mut self) -> PResult<Option<Box<Expr>>> {
        if matches!(
            self.peek_kind(),
            TokenKind::Colon | TokenKind::Comma | TokenKind::Rsqb
        ) {
            return Ok(None);
        }
        Ok(Some(Box::new(self.expression()?)))
    }

    /// `NAME`, refusing keywords.
    pub(crate) fn name(&mut self) -> PResult<(String, TextRange)> {
        let token = self.peek();
        if token.kind != TokenKind::Name || KEYWORDS.contains(&self.text(token)) {
            return Err(Failure::NoMatch);
        }
        self.advance();
        Ok((identifier(self.text(token)), token.range))
    }

    /// `atom: NAME | 'True' | 'False' | 'None' | strings | NUMBER | tuple | group | genexp | list | listcomp | dict | set | dictcomp | setcomp | '...'`
    fn atom(&mut self) -> PResult<Expr> {
        let token = self.peek();
        match token.kind {
            TokenKind::Name => {
                let text = self.text(token);
                let constant = match text {
                    "None" => Some(Constant::None),
                    "True" => Some(Constant::Bool(true)),
                    "False" => Some(Constant::Bool(false)),
                    _ => None,
                };
                if let Some(value) = constant {
                    self.advance();
                    return Ok(
                        self.expr_node(token.range, ExprKind::Constant { value, kind: None })
                    );
                }
                let (id, range) = self.name()?;
                Ok(self.expr_node(
                    range,
                    ExprKind::Name {
                        id,
                        ctx: ExprContext::Load,
                    },
                ))
            }
            TokenKind::Number => {
                self.advance();
                let value = self.number_literal(token)?;
                Ok(self.expr_node(token.range, ExprKind::Constant { value, kind: None }))
            }
            TokenKind::String | TokenKind::FstringStart | TokenKind::TstringStart => self.strings(),
            TokenKind::Ellipsis => {
                self.advance();
                Ok(self.expr_node(
                    token.range,
                    ExprKind::Constant {
                        value: Constant::Ellipsis,
                        kind: None,
                    },
                ))
            }
            TokenKind::Lpar => self.paren_atom(),
            TokenKind::Lsqb => self.list_atom(),
            TokenKind::Lbrace => self.brace_atom(),
            _ => Err(Failure::NoMatch),
        }
    }

    /// `tuple | group | genexp`: what starts with `(`.
    fn paren_atom(&mut self) -> PResult<Expr> {
        self.bracketed(TokenKind::Lpar, Self::paren_atom_inner)
    }

    fn paren_atom_inner(&mut self, start: TextSize) -> PResult<Expr> {
        if self.eat(TokenKind::Rpar).is_some() {
            let range = self.range_from(start);
            return Ok(self.expr_node(
                range,
                ExprKind::Tuple {
                    elts: Vec::new(),
                    ctx: ExprContext::Load,
                },
            ));
        }
        if self.at_keyword("yield") {
            let value = self.yield_expr()?;
            self.expect(TokenKind::Rpar)?;
            return Ok(value);
        }
        let first = self.star_named_expression()?;
        if self.at_keyword("for") || self.at_keyword("async") {
            self.starred_comprehension_element(&first)?;
            let generators = self.for_if_clauses()?;
            self.expect(TokenKind::Rpar)?;
            let range = self.range_from(start);
            return Ok(self.expr_node(
                range,
                ExprKind::GeneratorExp {
                    elt: Box::new(first),
                    generators,
                },
            ));
        }
        if self.eat(TokenKind::Rpar).is_some() {
            if let ExprKind::Starred { .. } = first.kind {
                return Err(self.error_at(first.range, "cannot use starred expression here"));
            }
            // A parenthesized expression keeps its own range; the parentheses belong to the parent.
            return Ok(first);
        }
        let elts = self.display_items(first, TokenKind::Rpar)?;
        self.expect(TokenKind::Rpar)?;
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::Tuple {
                elts,
                ctx: ExprContext::Load,
            },
        ))
    }

    /// `open`, then `inner` one nesting level deeper; `inner` gets where the bracket starts.
    fn bracketed(
        &mut self,
        open: TokenKind,
        inner: fn(&mut Self, TextSize) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let start = self.start();
        self.expect(open)?;
        self.enter()?;
        let result = inner(self, start);
        self.leave();
        result
    }

    /// The items of a tuple, list or set display after its first: `, item` until `close`
    /// (a trailing comma allowed).
    fn display_items(&mut self, first: Expr, close: TokenKind) -> PResult<Vec<Expr>> {
        let mut elts = vec![first];
        while let Some(comma) = self.eat(TokenKind::Comma) {
            if self.at(close) {
                break;
            }
            if close != TokenKind::Rpar && (self.at_keyword("for") || self.at_keyword("async")) {
                // `[x, for x in y]`: the range ends at the comma.
                self.unparenthesized_comprehension_target(&elts, comma.range)?;
            }
            elts.push(self.star_named_expression()?);
        }
        // Lists and sets only: a tuple has its own rules.
        if close != TokenKind::Rpar
            && elts.len() > 1
            && (self.at_keyword("for") || self.at_keyword("async"))
        {
            let last = elts.last().map_or(elts[0].range, |e| e.range);
            self.unparenthesized_comprehension_target(&elts, last)?;
        }
        Ok(elts)
    }

    /// `list | listcomp`
    fn list_atom(&mut self) -> PResult<Expr> {
        self.bracketed(TokenKind::Lsqb, Self::list_atom_inner)
    }

    fn list_atom_inner(&mut self, start: TextSize) -> PResult<Expr> {
        let mut elts = Vec::new();
        if !self.at(TokenKind::Rsqb) {
            let first = self.star_named_expression()?;
            if self.at_keyword("for") || self.at_keyword("async") {
                self.starred_comprehension_element(&first)?;
                let generators = self.for_if_clauses()?;
                self.expect(TokenKind::Rsqb)?;
                let range = self.range_from(start);
                return Ok(self.expr_node(
                    range,
                    ExprKind::ListComp {
                        elt: Box::new(first),
                        generators,
                    },
                ));
            }
            elts = self.display_items(first, TokenKind::Rsqb)?;
        }
        self.expect(TokenKind::Rsqb)?;
        let range = self.range_from(start);
        Ok(self.expr_node(
            range,
            ExprKind::List {
                elts,
                ctx: ExprContext::Load,
            },
        ))
    }

    /// `dict | set | dictcomp | setcomp`
    fn brace_atom(&mut self) -> PResult<Expr> {
        self.bracketed(TokenKind::Lbrace, Self::brace_atom_inner)
    }

    fn brace_atom_inner(&mut self, start: TextSize) -> PResult<Expr> {
        if self.eat(TokenKind::Rbrace).is_some() {
            let range = self.range_from(start);
            return Ok(self.expr_node(
                range,
                ExprKind::Dict {
                    keys: Vec::new(),
                    values: Vec::new(),
                },
            ));
        }
        // A dict starts with `**mapping` or `key: value`.
        let first_key = if self.eat(TokenKind::DoubleStar).is_some() {
            None
        } else {
            let first = self.star_named_expression()?;
            if !self.at(TokenKind::Colon) {
                return self.set_rest(start, first);
            }
            Some(first)
        };
        let first_value = if first_key.is_none() {
            self.bitwise_or()?
        } else {
            self.expect(TokenKind::Colon)?;
            self.dict_value()?
        };
        if first_key.is_some() && (self.at_keyword("for") || self.at_keyword("async")) {
            let generators = self.for_if_clauses()?;
            self.expect(TokenKind::Rbrace)?;
            let range = self.range_from(start);
            let key = first_key.map(Box::new).ok_or(Failure::NoMatch)?;
            return Ok(self.expr_node(
                range,
                ExprKind::DictComp {
                    key,
                    value: Box::new(first_value),
                    generators,
                },
            ));
        }
        let mut keys = vec![first_key];
        let mut values = vec![first_value];
        while self.eat(TokenKind::Comma).is_some() {
            if self.at(TokenKind::Rbrace) {
                break;
            }
            if self.eat(TokenKind::DoubleStar).is_some() {
                keys.push(None);
                values.push(self.bitwise_or()?);
            } else {
                // CPython reports a key without ':' here, not a missing comma inside the key.
                let key = self.dict_key()?;
                if !self.at(TokenKind::Colon) && self.call_invalid_rules {
                    return Err(self.missing_dict_colon(&key));
                }
                keys.push(Some(key));
                self.expect(TokenKind::Colon)?;
                values.push(self.dict_value()?);
            }
        }
        self.expect(TokenKind::Rbrace)?;
        let range = self.range_from(start);
        Ok(self.expr_node(range, ExprKind::Dict { keys, values }))
    }

    fn set_rest(&mut self, start: TextSize, first: Expr) -> PResult<Expr> {
        if self.at_keyword("for") || self.at_keyword("async") {
            self.starred_comprehension_element(&first)?;
            let generators = self.for_if_clauses()?;
            self.expect(TokenKind::Rbrace)?;
            let range = self.range_from(start);
            return Ok(self.expr_node(
                range,
                ExprKind::SetComp {
                    elt: Box::new(first),
                    generators,
                },
            ));
        }
        let elts = self.display_items(first, TokenKind::Rbrace)?;
        self.expect(TokenKind::Rbrace)?;
        let range = self.range_from(start);
        Ok(self.expr_node(range, ExprKind::Set { elts }))
    }

    /// `for_if_clauses: ([ASYNC] 'for' star_targets 'in' ~ disjunction ('if' disjunction)*)+`
    pub(crate) fn for_if_clauses(&mut self) -> PResult<Vec<Comprehension>> {
        let mut generators = Vec::new();
        while self.at_keyword("for") || self.at_keyword("async") {
            let start = self.start();
            let is_async = self.eat_keyword("async").is_some();
            self.expect_keyword("for")?;
            let target = self.for_target(true)?;
            let iter = self.disjunction()?;
            let mut ifs = Vec::new();
            while self.eat_keyword("if").is_some() {
                ifs.push(self.disjunction()?);
            }
            let range = self.range_from(start);
            let id = self.new_id();
            generators.push(Comprehension {
                id,
                range,
                target,
                iter,
                ifs,
                is_async,
            });
        }
        Ok(generators)
    }

    /// `yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]`
    pub(crate) fn yield_expr(&mut self) -> PResult<Expr> {
        let start = self.start();
        self.expect_keyword("yield")?;
        if self.eat_keyword("from").is_some() {
            let value = self.expression()?;
            let range = self.range_from(start);
            return Ok(self.expr_node(
                range,
                ExprKind::YieldFrom {
                    value: Box::new(value),
                },
            ));
        }
        let value = if self.starts_expression() {
            Some(Box::new(self.star_expressions()?))
        } else {
            None
        };
        let range = self.range_from(start);
        Ok(self.expr_node(range, ExprKind::Yield { value }))
    }
}
