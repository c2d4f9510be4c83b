//! The programs the generator builds: a small tree of Python statements and expressions that
//! renders to source text with only the parentheses Python needs, and that the minimiser can
//! take apart (`reduce.rs`).
//!
//! CPython: the shapes follow `Parser/Python.asdl` (a subset), and the precedence table used by
//! rendering follows `Lib/_ast_unparse.py` (`_Precedence`). This is test tooling, not pyxray's
//! parser AST: it only has to print valid programs.

use std::fmt::Write;

/// Binding strength, lowest first (`Lib/_ast_unparse.py` `_Precedence`).
pub mod prec {
    pub const TEST: u8 = 1; // `a if b else c`
    pub const OR: u8 = 2;
    pub const AND: u8 = 3;
    pub const NOT: u8 = 4;
    pub const CMP: u8 = 5;
    pub const BOR: u8 = 6;
    pub const BXOR: u8 = 7;
    pub const BAND: u8 = 8;
    pub const SHIFT: u8 = 9;
    pub const ARITH: u8 = 10;
    pub const TERM: u8 = 11;
    pub const FACTOR: u8 = 12; // unary `-x`, `+x`, `~x`
    pub const POWER: u8 = 13;
    pub const ATOM: u8 = 15;
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Literal source text exactly as written, e.g. `0x1f`, `-0.0`, `'a\n'`, `b'\xff'`.
    Lit(String),
    Name(String),
    /// `-x`, `+x`, `~x` or `not x`.
    Unary(&'static str, Box<Expr>),
    /// `left op right` for an arithmetic, bitwise or shift operator.
    BinOp(Box<Expr>, &'static str, Box<Expr>),
    /// `left and right`, `left or right`.
    BoolOp(&'static str, Box<Expr>, Box<Expr>),
    /// `left op1 c1 op2 c2 …` (chained comparison).
    Compare(Box<Expr>, Vec<(&'static str, Expr)>),
    /// `body if test else orelse`.
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    /// A call of a built-in function by name, with keyword arguments.
    Call(String, Vec<Expr>, Vec<(String, Expr)>),
    /// `f"…"`: literal text and replacement fields.
    FString(Vec<FPart>),
    /// `value[index]`; the index may be a [`Expr::Slice`].
    Subscript(Box<Expr>, Box<Expr>),
    /// `lower:upper`, only as a subscript's index.
    Slice(Option<Box<Expr>>, Option<Box<Expr>>),
    /// `value.name`.
    Attribute(Box<Expr>, String),
    /// `{key: value, …}`.
    Dict(Vec<(Expr, Expr)>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum FPart {
    Text(String),
    /// `{value=!conversion:spec}`; the spec is itself literal text and fields.
    Field {
        value: Expr,
        debug: bool,
        conversion: Option<char>,
        spec: Vec<FPart>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `a = value` or, with several targets, `a, b = value`.
    Assign(Vec<String>, Expr),
    AugAssign(String, &'static str, Expr),
    Expr(Expr),
    /// An `orelse` holding one `If` renders as `elif`.
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    /// `counter = 0` / `while counter < limit [and test]:` / `counter += 1` / body: the counter
    /// bounds every loop, and the minimiser cannot remove it.
    While {
        counter: String,
        limit: i64,
        test: Option<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    For(String, Expr, Vec<Stmt>, Vec<Stmt>),
    Break,
    Continue,
    Pass,
    /// `def name(a, b=default):` and its body.
    Def {
        name: String,
        params: Vec<(String, Option<Expr>)>,
        body: Vec<Stmt>,
    },
    Return(Expr),
    /// `try:` body, `except Class as name:` handlers, `else:`, `finally:`.
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Handler>,
        orelse: Vec<Stmt>,
        finalbody: Vec<Stmt>,
    },
    Raise(Expr),
    /// `match subject:` and its cases.
    Match(Expr, Vec<MatchCase>),
    /// `class Name(base):` and its body (methods are `Def`s).
    Class {
        name: String,
        base: Option<String>,
        body: Vec<Stmt>,
    },
}

/// A pattern in a `case` clause (`Parser/Python.asdl` `pattern`).
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// A literal, as written: `1`, `-2.5`, `'a'`, `None`, `1 + 2j`.
    Value(String),
    /// A capture `name`, or the wildcard `_`.
    Capture(String),
    /// `*name` or `*_`, only as an item of a sequence pattern.
    Star(String),
    /// `[p, …]` (`true`) or `(p, …)`.
    Sequence(Vec<Pattern>, bool),
    /// `{key: p, …, **rest}`; keys are literals.
    Mapping(Vec<(String, Pattern)>, Option<String>),
    /// `Class(p, …, name=p, …)`.
    Class(String, Vec<Pattern>, Vec<(String, Pattern)>),
    /// `p | p | …`.
    Or(Vec<Pattern>),
    /// `p as name`.
    As(Box<Pattern>, String),
}

impl Pattern {
    /// The source text; an `as` pattern inside an `|` alternative is parenthesised.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Pattern::Value(text) | Pattern::Capture(text) => out.push_str(text),
            Pattern::Star(name) => {
                let _ = write!(out, "*{name}");
            }
            Pattern::Sequence(items, list) => {
                out.push(if *list { '[' } else { '(' });
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                if !list && items.len() == 1 {
                    out.push(',');
                }
                out.push(if *list { ']' } else { ')' });
            }
            Pattern::Mapping(items, rest) => {
                out.push('{');
                for (index, (key, value)) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{key}: ");
                    value.write(out);
                }
                if let Some(rest) = rest {
                    if !items.is_empty() {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "**{rest}");
                }
                out.push('}');
            }
            Pattern::Class(class, positional, keywords) => {
                let _ = write!(out, "{class}(");
                for (index, item) in positional.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                for (index, (name, item)) in keywords.iter().enumerate() {
                    if index > 0 || !positional.is_empty() {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{name}=");
                    item.write(out);
                }
                out.push(')');
            }
            Pattern::Or(alternatives) => {
                for (index, alternative) in alternatives.iter().enumerate() {
                    if index > 0 {
                        out.push_str(" | ");
                    }
                    if matches!(alternative, Pattern::As(..) | Pattern::Or(_)) {
                        out.push('(');
                        alternative.write(out);
                        out.push(')');
                    } else {
                        alternative.write(out);
                    }
                }
            }
            Pattern::As(pattern, name) => {
                pattern.write(out);
                let _ = write!(out, " as {name}");
            }
        }
    }
}

/// `case pattern if guard:` and its body.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchCase {
    pub pattern: Pattern,
    pub guard: Option<Expr>,
    pub body: Vec<Stmt>,
}

/// `except class as name:` and its body.
#[derive(Clone, Debug, PartialEq)]
pub struct Handler {
    pub class: String,
    pub name: String,
    pub body: Vec<Stmt>,
}

pub type Program = Vec<Stmt>;

impl Expr {
    pub fn lit(text: impl Into<String>) -> Expr {
        Expr::Lit(text.into())
    }

    pub fn bin(left: Expr, op: &'static str, right: Expr) -> Expr {
        Expr::BinOp(Box::new(left), op, Box::new(right))
    }

    pub fn precedence(&self) -> u8 {
        match self {
            Expr::Lit(text) if text.starts_with('-') => prec::FACTOR,
            Expr::Lit(_)
            | Expr::Name(_)
            | Expr::List(_)
            | Expr::Tuple(_)
            | Expr::Call(..)
            | Expr::FString(_)
            | Expr::Subscript(..)
            | Expr::Attribute(..)
            | Expr::Dict(_) => prec::ATOM,
            Expr::Slice(..) => prec::TEST,
            Expr::Unary("not", _) => prec::NOT,
            Expr::Unary(..) => prec::FACTOR,
            Expr::BinOp(_, op, _) => binop_precedence(op),
            Expr::BoolOp("and", ..) => prec::AND,
            Expr::BoolOp(..) => prec::OR,
            Expr::Compare(..) => prec::CMP,
            Expr::IfExp(..) => prec::TEST,
        }
    }

    /// The source text, parenthesised where Python's grammar needs it.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write_at(&self, out: &mut String, min: u8) {
        if self.precedence() < min {
            out.push('(');
            self.write(out);
            out.push(')');
        } else {
            self.write(out);
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Expr::Lit(text) | Expr::Name(text) => out.push_str(text),
            Expr::Unary(op, operand) => {
                out.push_str(op);
                if *op == "not" {
                    out.push(' ');
                    operand.write_at(out, prec::NOT);
                } else {
                    operand.write_at(out, prec::FACTOR);
                }
            }
            Expr::BinOp(left, op, right) => {
                let p = binop_precedence(op);
                // `**` binds right to left and takes a unary operand on its right (`2 ** -1`).
                let (left_min, right_min) = if *op == "**" {
                    (p + 1, prec::FACTOR)
                } else {
                    (p, p + 1)
                };
                left.write_at(out, left_min);
                let _ = write!(out, " {op} ");
                right.write_at(out, right_min);
            }
            Expr::BoolOp(op, left, right) => {
                let p = self.precedence();
                left.write_at(out, p);
                let _ = write!(out, " {op} ");
                right.write_at(out, p + 1);
            }
            Expr::Compare(left, rest) => {
                left.write_at(out, prec::CMP + 1);
                for (op, right) in rest {
                    let _ = write!(out, " {op} ");
                    right.write_at(out, prec::CMP + 1);
                }
            }
            Expr::IfExp(body, test, orelse) => {
                body.write_at(out, prec::TEST + 1);
                out.push_str(" if ");
                test.write_at(out, prec::TEST + 1);
                out.push_str(" else ");
                orelse.write_at(out, prec::TEST);
            }
            Expr::List(items) => {
                out.push('[');
                write_items(out, items);
                out.push(']');
            }
            Expr::Tuple(items) => {
                out.push('(');
                write_items(out, items);
                if items.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            Expr::Call(name, args, keywords) => {
                out.push_str(name);
                out.push('(');
                write_items(out, args);
                for (index, (key, value)) in keywords.iter().enumerate() {
                    if index > 0 || !args.is_empty() {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{key}=");
                    value.write_at(out, prec::TEST);
                }
                out.push(')');
            }
            Expr::FString(parts) => {
                out.push_str("f\"");
                write_fparts(out, parts);
                out.push('"');
            }
            Expr::Subscript(value, index) => {
                value.write_at(out, prec::ATOM);
                out.push('[');
                index.write_at(out, prec::TEST);
                out.push(']');
            }
            Expr::Slice(lower, upper) => {
                if let Some(lower) = lower {
                    lower.write_at(out, prec::TEST);
                }
                out.push(':');
                if let Some(upper) = upper {
                    upper.write_at(out, prec::TEST);
                }
            }
            Expr::Attribute(value, name) => {
                // `1 .real` needs no care: attributes here are taken of names and calls.
                value.write_at(out, prec::ATOM);
                let _ = write!(out, ".{name}");
            }
            Expr::Dict(items) => {
                out.push('{');
                for (index, (key, value)) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(", ");
                    }
                    key.write_at(out, prec::TEST);
                    out.push_str(": ");
                    value.write_at(out, prec::TEST);
                }
                out.push('}');
            }
        }
    }
}

fn write_items(out: &mut String, items: &[Expr]) {
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        item.write_at(out, prec::TEST);
    }
}

fn write_fparts(out: &mut String, parts: &[FPart]) {
    for part in parts {
        match part {
            FPart::Text(text) => {
                for c in text.chars() {
                    match c {
                        '{' => out.push_str("{{"),
                        '}' => out.push_str("}}"),
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        _ => out.push(c),
                    }
                }
            }
            FPart::Field {
                value,
                debug,
                conversion,
                spec,
            } => {
                out.push('{');
                let text = value.render();
                // `{{` would read as an escaped brace, so a value starting with one gets a space.
                if text.starts_with('{') {
                    out.push(' ');
                }
                out.push_str(&text);
                if *debug {
                    out.push('=');
                }
                if let Some(conversion) = conversion {
                    let _ = write!(out, "!{conversion}");
                }
                if !spec.is_empty() {
                    out.push(':');
                    write_fparts(out, spec);
                }
                out.push('}');
            }
        }
    }
}

fn binop_precedence(op: &str) -> u8 {
    match op {
        "|" => prec::BOR,
        "^" => prec::BXOR,
        "&" => prec::BAND,
        "<<" | ">>" => prec::SHIFT,
        "+" | "-" => prec::ARITH,
        "**" => prec::POWER,
        _ => prec::TERM,
    }
}

/// The program's source text, four spaces per indentation level.
pub fn render_program(program: &[Stmt]) -> String {
    let mut out = String::new();
    for stmt in program {
        write_stmt(&mut out, stmt, 0);
    }
    out
}

fn write_block(out: &mut String, block: &[Stmt], depth: usize) {
    if block.is_empty() {
        indent(out, depth);
        out.push_str("pass\n");
    }
    for stmt in block {
        write_stmt(out, stmt, depth);
    }
}

fn indent(out: &mut String, depth: usize) {
    out.push_str(&"    ".repeat(depth));
}

fn write_stmt(out: &mut String, stmt: &Stmt, depth: usize) {
    indent(out, depth);
    match stmt {
        Stmt::Assign(targets, value) => {
            let _ = writeln!(out, "{} = {}", targets.join(", "), value.render());
        }
        Stmt::AugAssign(target, op, value) => {
            let _ = writeln!(out, "{target} {op}= {}", value.render());
        }
        Stmt::Expr(value) => {
            let _ = writeln!(out, "{}", value.render());
        }
        Stmt::If(test, body, orelse) => {
            let _ = writeln!(out, "if {}:", test.render());
            write_block(out, body, depth + 1);
            write_orelse(out, orelse, depth);
        }
        Stmt::While {
            counter,
            limit,
            test,
            body,
            orelse,
        } => {
            let _ = writeln!(out, "{counter} = 0");
            let bound = Expr::Compare(
                Box::new(Expr::Name(counter.clone())),
                vec![("<", Expr::lit(limit.to_string()))],
            );
            let condition = match test {
                Some(test) => Expr::BoolOp("and", Box::new(bound), Box::new(test.clone())),
                None => bound,
            };
            indent(out, depth);
            let _ = writeln!(out, "while {}:", condition.render());
            indent(out, depth + 1);
            let _ = writeln!(out, "{counter} += 1");
            for stmt in body {
                write_stmt(out, stmt, depth + 1);
            }
            if !orelse.is_empty() {
                indent(out, depth);
                out.push_str("else:\n");
                write_block(out, orelse, depth + 1);
            }
        }
        Stmt::For(target, iter, body, orelse) => {
            let _ = writeln!(out, "for {target} in {}:", iter.render());
            write_block(out, body, depth + 1);
            if !orelse.is_empty() {
                indent(out, depth);
                out.push_str("else:\n");
                write_block(out, orelse, depth + 1);
            }
        }
        Stmt::Break => out.push_str("break\n"),
        Stmt::Continue => out.push_str("continue\n"),
        Stmt::Pass => out.push_str("pass\n"),
        Stmt::Def { name, params, body } => {
            let _ = write!(out, "def {name}(");
            for (index, (param, default)) in params.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push_str(param);
                if let Some(default) = default {
                    let _ = write!(out, "={}", default.render());
                }
            }
            out.push_str("):\n");
            write_block(out, body, depth + 1);
        }
        Stmt::Return(value) => {
            let _ = writeln!(out, "return {}", value.render());
        }
        Stmt::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            out.push_str("try:\n");
            write_block(out, body, depth + 1);
            for handler in handlers {
                indent(out, depth);
                let _ = writeln!(out, "except {} as {}:", handler.class, handler.name);
                write_block(out, &handler.body, depth + 1);
            }
            // `try:` needs an `except` or a `finally`.
            if !orelse.is_empty() && !handlers.is_empty() {
                indent(out, depth);
                out.push_str("else:\n");
                write_block(out, orelse, depth + 1);
            }
            if !finalbody.is_empty() || handlers.is_empty() {
                indent(out, depth);
                out.push_str("finally:\n");
                write_block(out, finalbody, depth + 1);
            }
        }
        Stmt::Raise(value) => {
            let _ = writeln!(out, "raise {}", value.render());
        }
        Stmt::Match(subject, cases) => {
            let _ = writeln!(out, "match {}:", subject.render());
            for case in cases {
                indent(out, depth + 1);
                let _ = write!(out, "case {}", case.pattern.render());
                if let Some(guard) = &case.guard {
                    let _ = write!(out, " if {}", guard.render());
                }
                out.push_str(":\n");
                write_block(out, &case.body, depth + 2);
            }
        }
        Stmt::Class { name, base, body } => {
            match base {
                Some(base) => {
                    let _ = writeln!(out, "class {name}({base}):");
                }
                None => {
                    let _ = writeln!(out, "class {name}:");
                }
            }
            write_block(out, body, depth + 1);
        }
    }
}

fn write_orelse(out: &mut String, orelse: &[Stmt], depth: usize) {
    match orelse {
        [] => {}
        [Stmt::If(test, body, rest)] => {
            indent(out, depth);
            let _ = writeln!(out, "elif {}:", test.render());
            write_block(out, body, depth + 1);
            write_orelse(out, rest, depth);
        }
        _ => {
            indent(out, depth);
            out.push_str("else:\n");
            write_block(out, orelse, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str) -> Box<Expr> {
        Box::new(Expr::lit(text))
    }

    #[test]
    fn parenthesises_only_where_needed() {
        let sum = Expr::bin(Expr::lit("1"), "+", Expr::lit("2"));
        assert_eq!(
            Expr::bin(sum.clone(), "*", Expr::lit("3")).render(),
            "(1 + 2) * 3"
        );
        assert_eq!(
            Expr::bin(Expr::lit("3"), "-", sum.clone()).render(),
            "3 - (1 + 2)"
        );
        assert_eq!(Expr::bin(sum, "-", Expr::lit("3")).render(), "1 + 2 - 3");
        // `**`: unary on the left needs parentheses, on the right it does not.
        assert_eq!(
            Expr::bin(Expr::lit("-2"), "**", Expr::lit("-1")).render(),
            "(-2) ** -1"
        );
        let compare = Expr::Compare(lit("1"), vec![("<", Expr::lit("2"))]);
        let nested = Expr::Compare(Box::new(compare), vec![("==", Expr::lit("True"))]);
        assert_eq!(nested.render(), "(1 < 2) == True");
        let not = Expr::Unary("not", Box::new(Expr::BoolOp("or", lit("a"), lit("b"))));
        assert_eq!(not.render(), "not (a or b)");
        assert_eq!(Expr::Tuple(vec![Expr::lit("1")]).render(), "(1,)");
    }

    #[test]
    fn renders_fstrings_with_escapes_and_specs() {
        let field = FPart::Field {
            value: Expr::Name("x".into()),
            debug: true,
            conversion: Some('r'),
            spec: vec![FPart::Text(">5".into())],
        };
        let text = Expr::FString(vec![FPart::Text("{a\"}".into()), field]);
        assert_eq!(text.render(), "f\"{{a\\\"}}{x=!r:>5}\"");
    }

    #[test]
    fn renders_match_statements() {
        let pattern = Pattern::As(
            Box::new(Pattern::Or(vec![
                Pattern::Value("1".into()),
                Pattern::Sequence(
                    vec![Pattern::Capture("a".into()), Pattern::Star("_".into())],
                    true,
                ),
            ])),
            "v".into(),
        );
        let mapping = Pattern::Mapping(
            vec![(
                "'k0'".into(),
                Pattern::Class("int".into(), vec![Pattern::Capture("n".into())], Vec::new()),
            )],
            Some("rest".into()),
        );
        let program = vec![Stmt::Match(
            Expr::Name("x".into()),
            vec![
                MatchCase {
                    pattern,
                    guard: Some(Expr::Name("b".into())),
                    body: vec![],
                },
                MatchCase {
                    pattern: mapping,
                    guard: None,
                    body: vec![Stmt::Pass],
                },
                MatchCase {
                    pattern: Pattern::Sequence(vec![Pattern::Capture("_".into())], false),
                    guard: None,
                    body: vec![Stmt::Break],
                },
            ],
        )];
        assert_eq!(
            render_program(&program),
            "match x:\n    case 1 | [a, *_] as v if b:\n        pass\n    \
             case {'k0': int(n), **rest}:\n        pass\n    case (_,):\n        break\n"
        );
    }

    #[test]
    fn renders_statements_with_elif_and_bounded_while() {
        let program = vec![
            Stmt::If(
                Expr::Name("a".into()),
                vec![Stmt::Pass],
                vec![Stmt::If(Expr::Name("b".into()), vec![], vec![Stmt::Break])],
            ),
            Stmt::While {
                counter: "w0".into(),
                limit: 3,
                test: Some(Expr::Name("c".into())),
                body: vec![Stmt::Continue],
                orelse: vec![],
            },
        ];
        assert_eq!(
            render_program(&program),
            "if a:\n    pass\nelif b:\n    pass\nelse:\n    break\n\
             w0 = 0\nwhile w0 < 3 and c:\n    w0 += 1\n    continue\n"
        );
    }
}
