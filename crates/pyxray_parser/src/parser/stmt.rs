//! Statement rules of `Grammar/python.gram`: simple statements, compound statements and blocks.
//!
//! CPython: `Grammar/python.gram` ("STATEMENTS", "SIMPLE STATEMENTS", "COMPOUND STATEMENTS").

use pyxray_text::{TextRange, TextSize};

use super::{Failure, PResult, Parser};
use crate::ast::*;
use crate::token::TokenKind;

impl Parser<'_> {
    pub(crate) fn stmt_node(&mut self, range: TextRange, kind: StmtKind) -> Stmt {
        Stmt {
            id: self.new_id(),
            range,
            kind,
        }
    }

    /// `statements` up to ENDMARKER.
    pub(crate) fn statements_until_end(&mut self) -> PResult<Vec<Stmt>> {
        let mut body = Vec::new();
        while !self.at(TokenKind::EndMarker) {
            self.statement(&mut body)?;
        }
        Ok(body)
    }

    /// `statement: compound_stmt | simple_stmts`, appended to `body`.
    fn statement(&mut self, body: &mut Vec<Stmt>) -> PResult<()> {
        if let Some(stmt) = self.compound_statement()? {
            body.push(stmt);
            return Ok(());
        }
        self.simple_statements(body)
    }

    /// `simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE`
    fn simple_statements(&mut self, body: &mut Vec<Stmt>) -> PResult<()> {
        loop {
            body.push(self.simple_statement()?);
            if self.eat(TokenKind::Semi).is_none() || self.at(TokenKind::Newline) {
                break;
            }
        }
        self.expect(TokenKind::Newline)?;
        Ok(())
    }

    /// `simple_stmt`: assignment, expression, and the keyword statements.
    pub(crate) fn simple_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        let token = self.peek();
        let keyword = if token.kind == TokenKind::Name {
            self.text(token)
        } else {
            ""
        };
        let kind = match keyword {
            "pass" => {
                self.advance();
                StmtKind::Pass
            }
            "break" => {
                self.advance();
                StmtKind::Break
            }
            "continue" => {
                self.advance();
                StmtKind::Continue
            }
            "return" => {
                self.advance();
                let value = if self.starts_expression() {
                    Some(Box::new(self.star_expressions()?))
                } else {
                    None
                };
                StmtKind::Return { value }
            }
            "raise" => {
                self.advance();
                let mut exc = None;
                let mut cause = None;
                if self.starts_expression() {
                    exc = Some(Box::new(self.expression()?));
                    if self.eat_keyword("from").is_some() {
                        cause = Some(Box::new(self.expression()?));
                    }
                }
                StmtKind::Raise { exc, cause }
            }
            "global" | "nonlocal" => {
                self.advance();
                let mut names = vec![self.name()?.0];
                while self.eat(TokenKind::Comma).is_some() {
                    names.push(self.name()?.0);
                }
                if keyword == "global" {
                    StmtKind::Global { names }
                } else {
                    StmtKind::Nonlocal { names }
                }
            }
            "del" => {
                self.advance();
                let mark = self.mark();
                match self.delete_targets() {
                    Ok(targets) => StmtKind::Delete { targets },
                    Err(Failure::NoMatch) if self.call_invalid_rules => {
                        self.reset(mark);
                        self.invalid_del_statement()?;
                        return Err(Failure::NoMatch);
                    }
                    Err(error) => return Err(error),
                }
            }
            "assert" => {
                self.advance();
                let test = Box::new(self.expression()?);
                let msg = if self.eat(TokenKind::Comma).is_some() {
                    Some(Box::new(self.expression()?))
                } else {
                    None
                };
                StmtKind::Assert { test, msg }
            }
            "import" => self.import_statement()?,
            "from" => self.import_from_statement()?,
            "type"
                if self.peek_at(1).kind == TokenKind::Name
                    && matches!(self.peek_at(2).kind, TokenKind::Equal | TokenKind::Lsqb) =>
            {
                self.type_alias()?
            }
            _ => return self.expression_or_assignment(start),
        };
        let range = self.range_from(start);
        Ok(self.stmt_node(range, kind))
    }

    /// `del_targets &(';' | NEWLINE)`: names, attributes, subscripts, and tuples or lists of them.
    fn delete_targets(&mut self) -> PResult<Vec<Expr>> {
        let mut targets = Vec::new();
        loop {
            let target = self.primary()?;
            targets.push(self.delete_target(target)?);
            if self.eat(TokenKind::Comma).is_none()
                || matches!(self.peek_kind(), TokenKind::Newline | TokenKind::Semi)
            {
                break;
            }
        }
        if !matches!(self.peek_kind(), TokenKind::Newline | TokenKind::Semi) {
            return Err(Failure::NoMatch);
        }
        Ok(targets)
    }

    /// `assignment | star_expressions`: `x = y = 1`, `x += 1`, `x: int = 1`, or an expression.
    fn expression_or_assignment(&mut self, start: TextSize) -> PResult<Stmt> {
        let first_mark = self.mark();
        let first = if self.at_keyword("yield") {
            self.yield_expr()?
        } else {
            self.star_expressions()?
        };
        if self.at(TokenKind::Colon) {
            self.advance();
            let simple = matches!(first.kind, ExprKind::Name { .. })
                && self.source.as_bytes().get(first.range.start().to_usize()) != Some(&b'(');
            if self.call_invalid_rules {
                self.invalid_annotation_target(&first, first_mark)?;
            }
            let target = self.augmented_target(first).map_err(|_| Failure::NoMatch)?;
            let annotation = Box::new(self.expression()?);
            let value = if self.eat(TokenKind::Equal).is_some() {
                Some(Box::new(self.annotated_rhs()?))
            } else {
                None
            };
            let range = self.range_from(start);
            return Ok(self.stmt_node(
                range,
                StmtKind::AnnAssign {
                    target: Box::new(target),
                    annotation,
                    value,
                    simple,
                },
            ));
        }
        if let Some(op) = self.augmented_operator() {
            let target = self.augmented_target(first)?;
            self.advance();
            let value = self.annotated_rhs()?;
            let range = self.range_from(start);
            return Ok(self.stmt_node(
                range,
                StmtKind::AugAssign {
                    target: Box::new(target),
                    op,
                    value: Box::new(value),
                },
            ));
        }
        if !self.at(TokenKind::Equal) {
            let range = self.range_from(start);
            return Ok(self.stmt_node(
                range,
                StmtKind::Expr {
                    value: Box::new(first),
                },
            ));
        }
        let mut targets = vec![first];
        while self.eat(TokenKind::Equal).is_some() {
            targets.push(self.annotated_rhs()?);
        }
        let value = targets.pop().ok_or(Failure::NoMatch)?;
        self.invalid_assignment(&targets, first_mark)?;
        let targets = targets
            .into_iter()
            .map(|target| self.assignment_target(target))
            .collect::<PResult<Vec<_>>>()?;
        let range = self.range_from(start);
        Ok(self.stmt_node(
            range,
            StmtKind::Assign {
                targets,
                value: Box::new(value),
            },
        ))
    }

    /// `annotated_rhs: yield_expr | star_expressions`
    fn annotated_rhs(&mut self) -> PResult<Expr> {
        if self.at_keyword("yield") {
            return self.yield_expr();
        }
        self.star_expressions()
    }

    fn augmented_operator(&mut self) -> Option<Operator> {
        Some(match self.peek_kind() {
            TokenKind::PlusEqual => Operator::Add,
            TokenKind::MinEqual => Operator::Sub,
            TokenKind::StarEqual => Operator::Mult,
            TokenKind::AtEqual => Operator::MatMult,
            TokenKind::SlashEqual => Operator::Div,
            TokenKind::PercentEqual => Operator::Mod,
            TokenKind::AmperEqual => Operator::BitAnd,
            TokenKind::VbarEqual => Operator::BitOr,
            TokenKind::CircumflexEqual => Operator::BitXor,
            TokenKind::LeftShiftEqual => Operator::LShift,
            TokenKind::RightShiftEqual => Operator::RShift,
            TokenKind::DoubleStarEqual => Operator::Pow,
            TokenKind::DoubleSlashEqual => Operator::FloorDiv,
            _ => return None,
        })
    }

    /// `dotted_name: dotted_name '.' NAME | NAME`
    pub(crate) fn dotted_name(&mut self) -> PResult<String> {
        let mut name = self.name()?.0;
        while self.eat(TokenKind::Dot).is_some() {
            name.push('.');
            name.push_str(&self.name()?.0);
        }
        Ok(name)
    }

    fn alias(&mut self, dotted: bool) -> PResult<Alias> {
        let start = self.start();
        let name = if dotted {
            self.dotted_name()?
        } else {
            self.name()?.0
        };
        let asname = if self.eat_keyword("as").is_some() {
            if self.call_invalid_rules {
                self.invalid_import_target()?;
            }
            Some(self.name()?.0)
        } else {
            None
        };
        let range = self.range_from(start);
        let id = self.new_id();
        Ok(Alias {
            id,
            range,
            name,
            asname,
        })
    }

    /// `import_name: 'import' dotted_as_names`
    fn import_statement(&mut self) -> PResult<StmtKind> {
        let import = self.expect_keyword("import")?;
        if self.call_invalid_rules {
            self.invalid_import(import)?;
        }
        let mut names = vec![self.alias(true)?];
        while self.eat(TokenKind::Comma).is_some() {
            names.push(self.alias(true)?);
        }
        Ok(StmtKind::Import { names })
    }

    /// `import_from: 'from' ('.' | '...')* dotted_name 'import' import_from_targets | …`
    fn import_from_statement(&mut self) -> PResult<StmtKind> {
        self.expect_keyword("from")?;
        let mut level = 0;
        loop {
            match self.peek_kind() {
                TokenKind::Dot => level += 1,
                TokenKind::Ellipsis => level += 3,
                _ => break,
            }
            self.advance();
        }
        let module = if self.at_keyword("import") {
            None
        } else {
            Some(self.dotted_name()?)
        };
        self.expect_keyword("import")?;
        let mut names = Vec::new();
        if self.at(TokenKind::Star) {
            let token = self.advance();
            let id = self.new_id();
            names.push(Alias {
                id,
                range: token.range,
                name: "*".to_string(),
                asname: None,
            });
        } else {
            if self.call_invalid_rules {
                self.invalid_import_from_targets()?;
            }
            let parenthesized = self.eat(TokenKind::Lpar).is_some();
            loop {
                names.push(self.alias(false)?);
                if self.eat(TokenKind::Comma).is_none()
                    || (parenthesized && self.at(TokenKind::Rpar))
                {
                    break;
                }
            }
            if parenthesized {
                self.expect(TokenKind::Rpar)?;
            }
        }
        Ok(StmtKind::ImportFrom {
            module,
            names,
            level,
        })
    }

    /// `type_alias: "type" NAME [type_params] '=' expression`
    fn type_alias(&mut self) -> PResult<StmtKind> {
        self.advance();
        let (id, range) = self.name()?;
        let name = self.expr_node(
            range,
            ExprKind::Name {
                id,
                ctx: ExprContext::Store,
            },
        );
        if self.at(TokenKind::Lsqb) && self.peek_at(1).kind == TokenKind::Rsqb {
            // The first pass reads past an empty `[]` here before failing, so the second
            // pass's error runs to the token after it.
            self.peek_at(2);
        }
        let type_params = self.type_params()?;
        self.expect(TokenKind::Equal)?;
        let value = self.expression()?;
        Ok(StmtKind::TypeAlias {
            name: Box::new(name),
            type_params,
            value: Box::new(value),
        })
    }

    /// `type_params: '[' type_param_seq ']'` (empty when absent).
    fn type_params(&mut self) -> PResult<Vec<TypeParam>> {
        let mut params = Vec::new();
        if self.eat(TokenKind::Lsqb).is_none() {
            return Ok(params);
        }
        if self.at(TokenKind::Rsqb) {
            // invalid_type_params: `'[' ']'`.
            if !self.call_invalid_rules {
                return Err(Failure::NoMatch);
            }
            let close = self.advance();
            return Err(self.error_starting_from(close, "Type parameter list cannot be empty"));
        }
        while !self.at(TokenKind::Rsqb) {
            let start = self.start();
            let kind = if self.eat(TokenKind::Star).is_some() {
                let name = self.name()?.0;
                let default_value = self.type_param_default(true)?;
                TypeParamKind::TypeVarTuple {
                    name,
                    default_value,
                }
            } else if self.eat(TokenKind::DoubleStar).is_some() {
                let name = self.name()?.0;
                let default_value = self.type_param_default(false)?;
                TypeParamKind::ParamSpec {
                    name,
                    default_value,
                }
            } else {
                let name = self.name()?.0;
                let bound = if self.eat(TokenKind::Colon).is_some() {
                    Some(Box::new(self.expression()?))
                } else {
                    None
                };
                let default_value = self.type_param_default(false)?;
                TypeParamKind::TypeVar {
                    name,
                    bound,
                    default_value,
                }
            };
            let range = self.range_from(start);
            let id = self.new_id();
            params.push(TypeParam { id, range, kind });
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        self.expect(TokenKind::Rsqb)?;
        Ok(params)
    }

    fn type_param_default(&mut self, starred: bool) -> PResult<Option<Box<Expr>>> {
        if self.eat(TokenKind::Equal).is_none() {
            return Ok(None);
        }
        let value = if starred {
            self.star_expression()?
        } else {
            self.expression()?
        };
        Ok(Some(Box::new(value)))
    }

    // ---- Compound statements ---------------------------------------------------------

    /// `compound_stmt`, or `None` when the next statement is a simple one.
    fn compound_statement(&mut self) -> PResult<Option<Stmt>> {
        let token = self.peek();
        if token.kind == TokenKind::At {
            return self.decorated().map(Some);
        }
        if token.kind != TokenKind::Name {
            return Ok(None);
        }
        let stmt = match self.text(token) {
            "if" => self.if_statement()?,
            "while" => self.while_statement()?,
            "for" => self.for_statement(None)?,
            "try" => self.try_statement()?,
            "with" => self.with_statement(None)?,
            "def" => self.function_def(Vec::new(), None)?,
            "class" => self.class_def(Vec::new())?,
            "async" => {
                let start = self.start();
                let next = self.peek_at(1);
                match self.text(next) {
                    "def" => self.function_def(Vec::new(), Some(start))?,
                    "for" => self.for_statement(Some(start))?,
                    "with" => self.with_statement(Some(start))?,
                    _ => return Ok(None),
                }
            }
            "match" => match self.match_statement()? {
                Some(stmt) => stmt,
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        Ok(Some(stmt))
    }

    /// `&&':'` (after `else`, `try`, `finally`): "expected ':'" at the token found instead.
    fn expect_forced_colon(&mut self) -> PResult<()> {
        if self.eat(TokenKind::Colon).is_some() {
            return Ok(());
        }
        let token = self.peek();
        Err(self.error_at_token(token, "expected ':'"))
    }

    /// The `':'` of a `def`: forced only in `invalid_def_raw`, the second pass.
    fn expect_def_colon(&mut self) -> PResult<()> {
        if self.call_invalid_rules {
            return self.expect_forced_colon();
        }
        self.expect(TokenKind::Colon).map(|_| ())
    }

    /// `':'`; in the second pass a NEWLINE instead is "expected ':'" (`invalid_if_stmt`,
    /// `invalid_while_stmt`, `invalid_for_stmt`, … raise it at the last token read).
    pub(crate) fn expect_colon(&mut self) -> PResult<()> {
        if self.eat(TokenKind::Colon).is_some() {
            return Ok(());
        }
        if self.call_invalid_rules && self.at(TokenKind::Newline) {
            let token = self.furthest_token();
            return Err(self.raise_error_at(
                crate::errors::SyntaxErrorType::SyntaxError,
                token,
                "expected ':'",
            ));
        }
        Err(Failure::NoMatch)
    }

    /// `block: NEWLINE INDENT statements DEDENT | simple_stmts`
    pub(crate) fn block(&mut self, after: &str, header_start: TextSize) -> PResult<Vec<Stmt>> {
        let mut body = Vec::new();
        if self.eat(TokenKind::Newline).is_none() {
            self.simple_statements(&mut body)?;
            return Ok(body);
        }
        if self.eat(TokenKind::Indent).is_none() {
            // invalid_*_stmt: `':' NEWLINE !INDENT`, in the second pass.
            if !self.call_invalid_rules {
                return Err(Failure::NoMatch);
            }
            let line = self.lines.byte_position(header_start).line;
            let token = self.peek();
            return Err(self.raise_error_at(
                crate::errors::SyntaxErrorType::IndentationError,
                token,
                format!("expected an indented block after {after} on line {line}"),
            ));
        }
        while self.eat(TokenKind::Dedent).is_none() {
            if self.at(TokenKind::EndMarker) {
                break;
            }
            self.statement(&mut body)?;
        }
        Ok(body)
    }

    /// The end of a compound statement: the end of its last statement.
    fn range_to_last(&self, start: TextSize, body: &[Stmt]) -> TextRange {
        let end = body.last().map_or(self.end(), |s| s.range.end());
        TextRange::new(start, end)
    }

    /// `if_stmt: 'if' named_expression ':' block (elif_stmt | [else_block])`
    fn if_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.advance();
        self.if_rest(start, "'if' statement")
    }

    fn if_rest(&mut self, start: TextSize, what: &str) -> PResult<Stmt> {
        let test = self.named_expression()?;
        self.expect_colon()?;
        let body = self.block(what, start)?;
        let orelse = if self.at_keyword("elif") {
            let elif_start = self.start();
            self.advance();
            vec![self.if_rest(elif_start, "'elif' statement")?]
        } else {
            self.else_block()?
        };
        let range = self.range_to_last(start, if orelse.is_empty() { &body } else { &orelse });
        Ok(self.stmt_node(
            range,
            StmtKind::If {
                test: Box::new(test),
                body,
                orelse,
            },
        ))
    }

    /// `else_block: 'else' &&':' block` (empty when absent).
    fn else_block(&mut self) -> PResult<Vec<Stmt>> {
        if !self.at_keyword("else") {
            return Ok(Vec::new());
        }
        let start = self.start();
        self.advance();
        self.expect_forced_colon()?;
        let body = self.block("'else' statement", start)?;
        if self.call_invalid_rules && self.at_keyword("elif") {
            // invalid_else_stmt: 'else' ':' block 'elif' (RAISE_SYNTAX_ERROR at the `elif`).
            let token = self.peek();
            return Err(self.raise_error_at(
                crate::errors::SyntaxErrorType::SyntaxError,
                token,
                "'elif' block follows an 'else' block",
            ));
        }
        Ok(body)
    }

    /// `while_stmt: 'while' named_expression ':' block [else_block]`
    fn while_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.advance();
        let test = self.named_expression()?;
        self.expect_colon()?;
        let body = self.block("'while' statement", start)?;
        let orelse = self.else_block()?;
        let range = self.range_to_last(start, if orelse.is_empty() { &body } else { &orelse });
        Ok(self.stmt_node(
            range,
            StmtKind::While {
                test: Box::new(test),
                body,
                orelse,
            },
        ))
    }

    /// `for_stmt: ['async'] 'for' star_targets 'in' star_expressions ':' block [else_block]`
    fn for_statement(&mut self, async_start: Option<TextSize>) -> PResult<Stmt> {
        let start = async_start.unwrap_or(self.start());
        if async_start.is_some() {
            self.advance();
        }
        self.expect_keyword("for")?;
        let target = self.for_target(false)?;
        let iter = self.star_expressions()?;
        self.expect_colon()?;
        let body = self.block("'for' statement", start)?;
        let orelse = self.else_block()?;
        let range = self.range_to_last(start, if orelse.is_empty() { &body } else { &orelse });
        let node = Box::new(For {
            target,
            iter,
            body,
            orelse,
        });
        let kind = if async_start.is_some() {
            StmtKind::AsyncFor(node)
        } else {
            StmtKind::For(node)
        };
        Ok(self.stmt_node(range, kind))
    }

    /// `with_stmt: ['async'] 'with' ','.with_item+ ':' block` (parenthesized items too).
    fn with_statement(&mut self, async_start: Option<TextSize>) -> PResult<Stmt> {
        let start = async_start.unwrap_or(self.start());
        if async_start.is_some() {
            self.advance();
        }
        self.expect_keyword("with")?;
        let mark = self.mark();
        let items = match self.parenthesized_with_items() {
            Ok(items) => items,
            Err(Failure::NoMatch) => {
                self.reset(mark);
                self.with_items()?
            }
            Err(error) => return Err(error),
        };
        self.expect_colon()?;
        let body = self.block("'with' statement", start)?;
        let range = self.range_to_last(start, &body);
        let kind = if async_start.is_some() {
            StmtKind::AsyncWith { items, body }
        } else {
            StmtKind::With { items, body }
        };
        Ok(self.stmt_node(range, kind))
    }

    fn parenthesized_with_items(&mut self) -> PResult<Vec<WithItem>> {
        self.expect(TokenKind::Lpar)?;
        let mut items = Vec::new();
        while !self.at(TokenKind::Rpar) {
            items.push(self.with_item()?);
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        self.expect(TokenKind::Rpar)?;
        if !self.at(TokenKind::Colon) {
            // invalid_with_stmt: `with (a as b)` then the end of the line.
            self.expect_colon()?;
            return Err(Failure::NoMatch);
        }
        Ok(items)
    }

    fn with_items(&mut self) -> PResult<Vec<WithItem>> {
        let mut items = vec![self.with_item()?];
        while self.eat(TokenKind::Comma).is_some() {
            items.push(self.with_item()?);
        }
        Ok(items)
    }

    /// `with_item: expression 'as' star_target | expression`
    fn with_item(&mut self) -> PResult<WithItem> {
        let start = self.start();
        let context_expr = self.expression()?;
        let optional_vars = if self.eat_keyword("as").is_some() {
            let target = self.primary()?;
            Some(Box::new(self.assignment_target(target)?))
        } else {
            None
        };
        let range = self.range_from(start);
        let id = self.new_id();
        Ok(WithItem {
            id,
            range,
            context_expr,
            optional_vars,
        })
    }

    /// `try_stmt`: `try`/`except`/`except*`/`else`/`finally`.
    fn try_statement(&mut self) -> PResult<Stmt> {
        let start = self.start();
        self.advance();
        self.expect_forced_colon()?;
        let body = self.block("'try' statement", start)?;
        let mut handlers = Vec::new();
        let mut star = false;
        while self.at_keyword("except") {
            let handler_start = self.start();
            let except = self.advance();
            let star_token = self.eat(TokenKind::Star);
            if handlers.is_empty() {
                star = star_token.is_some();
            } else if star != star_token.is_some() {
                return Err(self.mixed_except_kinds(except, star_token));
            }
            let mut type_ = None;
            let mut name = None;
            if star_token.is_some()
                && matches!(self.peek_kind(), TokenKind::Colon | TokenKind::Newline)
            {
                return Err(self.missing_exception_types());
            }
            if !self.at(TokenKind::Colon) {
                let first_start = self.start();
                let first = match self.expression() {
                    Err(Failure::NoMatch) => return Err(self.except_colon_expected()),
                    other => other?,
                };
                let unparenthesized = self.at(TokenKind::Comma);
                type_ = Some(if unparenthesized {
                    // PEP 758: `except A, B:` without parentheses.
                    let mut elts = vec![first];
                    while self.eat(TokenKind::Comma).is_some() {
                        elts.push(self.expression()?);
                    }
                    let range = self.range_from(first_start);
                    Box::new(self.expr_node(
                        range,
                        ExprKind::Tuple {
                            elts,
                            ctx: ExprContext::Load,
                        },
                    ))
                } else {
                    Box::new(first)
                });
                if let Some(as_token) = self.eat_keyword("as") {
                    if unparenthesized {
                        return Err(self.unparenthesized_types_with_as(first_start, as_token));
                    }
                    let target_mark = self.mark();
                    name = Some(match self.name() {
                        Ok((name, _)) if self.at(TokenKind::Colon) => name,
                        Ok(_) if self.at(TokenKind::Newline) => {
                            return Err(self.except_colon_expected())
                        }
                        _ => {
                            self.reset(target_mark);
                            return Err(self.invalid_except_target(star));
                        }
                    });
                }
            }
            if !self.at(TokenKind::Colon) {
                return Err(self.except_colon_expected());
            }
            self.advance();
            let what = if star {
                "'except*' statement"
            } else {
                "'except' statement"
            };
            let handler_body = self.block(what, handler_start)?;
            let range = self.range_to_last(handler_start, &handler_body);
            let id = self.new_id();
            handlers.push(ExceptHandler {
                id,
                range,
                type_,
                name,
                body: handler_body,
            });
        }
        let orelse = self.else_block()?;
        let finalbody = if self.at_keyword("finally") {
            let finally_start = self.start();
            self.advance();
            self.expect_forced_colon()?;
            self.block("'finally' statement", finally_start)?
        } else {
            Vec::new()
        };
        if handlers.is_empty() && finalbody.is_empty() {
            // RAISE_SYNTAX_ERROR: at the last token read (a DEDENT has no column of its own).
            let token = self.peek();
            return Err(self.raise_error_at(
                crate::errors::SyntaxErrorType::SyntaxError,
                token,
                "expected 'except' or 'finally' block",
            ));
        }
        let last = [&finalbody, &orelse]
            .into_iter()
            .find(|b| !b.is_empty())
            .map(|b| b.as_slice());
        let end = match last {
            Some(stmts) => stmts.last().map(|s| s.range.end()),
            None => handlers.last().map(|h| h.range.end()),
        }
        .unwrap_or(self.end());
        let node = Box::new(Try {
            body,
            handlers,
            orelse,
            finalbody,
        });
        let kind = if star {
            StmtKind::TryStar(node)
        } else {
            StmtKind::Try(node)
        };
        Ok(self.stmt_node(TextRange::new(start, end), kind))
    }

    /// `decorators: ('@' named_expression NEWLINE)+` then a function or class.
    fn decorated(&mut self) -> PResult<Stmt> {
        let mut decorators = Vec::new();
        while self.eat(TokenKind::At).is_some() {
            decorators.push(self.named_expression()?);
            self.expect(TokenKind::Newline)?;
        }
        if self.at_keyword("class") {
            return self.class_def(decorators);
        }
        if self.at_keyword("async") {
            let start = self.start();
            return self.function_def(decorators, Some(start));
        }
        self.function_def(decorators, None)
    }

    /// `function_def_raw: ['async'] 'def' NAME [type_params] &&'(' [params] ')' ['->' expression] &&':' block`
    fn function_def(
        &mut self,
        decorator_list: Vec<Expr>,
        async_start: Option<TextSize>,
    ) -> PResult<Stmt> {
        let start = async_start.unwrap_or(self.start());
        if async_start.is_some() {
            self.advance();
        }
        self.expect_keyword("def")?;
        let name = self.name()?.0;
        let type_params = self.type_params()?;
        if !self.at(TokenKind::Lpar) {
            // `&&'('` of invalid_def_raw, in the second pass.
            if !self.call_invalid_rules {
                return Err(Failure::NoMatch);
            }
            let token = self.peek();
            return Err(self.error_at_token(token, "expected '('"));
        }
        self.advance();
        let args = self.parameters(false)?;
        self.expect(TokenKind::Rpar)?;
        let returns = if self.eat(TokenKind::Rarrow).is_some() {
            Some(Box::new(self.expression()?))
        } else {
            None
        };
        self.expect_def_colon()?;
        let body = self.block("function definition", start)?;
        let range = self.range_to_last(start, &body);
        let node = Box::new(FunctionDef {
            name,
            args,
            body,
            decorator_list,
            returns,
            type_params,
        });
        let kind = if async_start.is_some() {
            StmtKind::AsyncFunctionDef(node)
        } else {
            StmtKind::FunctionDef(node)
        };
        Ok(self.stmt_node(range, kind))
    }

    /// `class_def_raw: 'class' NAME [type_params] ['(' [arguments] ')'] ':' block`
    fn class_def(&mut self, decorator_list: Vec<Expr>) -> PResult<Stmt> {
        let start = self.start();
        self.expect_keyword("class")?;
        let name = self.name()?.0;
        let type_params = self.type_params()?;
        let (bases, keywords) = if self.at(TokenKind::Lpar) {
            // `class C(Base, metaclass=M)` has a call's argument syntax.
            let open = self.advance();
            let arguments = self.class_arguments(open.range.start())?;
            self.expect(TokenKind::Rpar)?;
            arguments
        } else {
            (Vec::new(), Vec::new())
        };
        self.expect_colon()?;
        let body = self.block("class definition", start)?;
        let range = self.range_to_last(start, &body);
        Ok(self.stmt_node(
            range,
            StmtKind::ClassDef(Box::new(ClassDef {
                name,
                bases,
                keywords,
                body,
                decorator_list,
                type_params,
            })),
        ))
    }
}
