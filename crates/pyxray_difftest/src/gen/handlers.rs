//! `try` statements around statements likely to raise (division by zero, a bad index,
//! `int('x')`, a missing dict key, `raise ValueError(...)`), with `except … as e:` handlers
//! that print `type(e).__name__` and `e`, and `else` and `finally` blocks.
//!
//! A `finally` block never holds `break` or `continue` (a SyntaxWarning since 3.14, PEP 765).
//!
//! CPython: `Python/codegen.c` (`codegen_try_except`, `codegen_try_finally`), the exception
//! table in `Python/assemble.c`, messages from `Objects/longobject.c`, `Objects/listobject.c`,
//! `Objects/dictobject.c`.

use super::literal;
use super::{Generator, Ty};
use crate::ast::{Expr, Handler, Stmt};

const CLASSES: &[&str] = &[
    "ZeroDivisionError",
    "IndexError",
    "ValueError",
    "KeyError",
    "LookupError",
    "ArithmeticError",
    "TypeError",
];

const INT_TEXTS: &[&str] = &[
    "'x'", "'12'", "' 7 '", "'1_0'", "'3.5'", "''", "'-0'", "'0x1f'",
];

impl Generator<'_> {
    pub(super) fn try_statement(&mut self) -> Stmt {
        let mut body = vec![self.risky_statement()];
        if self.rng.chance(50) {
            body.extend(self.nested_block());
        }
        if self.rng.chance(30) {
            // The risky statement need not come first.
            body.reverse();
        }
        let count = self.rng.range(0, 2);
        let mut handlers = Vec::new();
        for _ in 0..count {
            let class = self.rng.pick(CLASSES);
            handlers.push(self.handler(class));
        }
        if self.rng.chance(70) || handlers.is_empty() && self.rng.chance(50) {
            handlers.push(self.handler("Exception"));
        }
        let orelse = if !handlers.is_empty() && self.rng.chance(30) {
            self.nested_block()
        } else {
            Vec::new()
        };
        let finalbody = if self.rng.chance(35) || handlers.is_empty() {
            let saved = std::mem::replace(&mut self.no_jump, true);
            let block = self.nested_block();
            self.no_jump = saved;
            block
        } else {
            Vec::new()
        };
        Stmt::Try {
            body,
            handlers,
            orelse,
            finalbody,
        }
    }

    fn handler(&mut self, class: &str) -> Handler {
        let name = format!("e{}", self.next_var);
        self.next_var += 1;
        let shown = Expr::Attribute(
            Box::new(Expr::Call(
                "type".into(),
                vec![Expr::Name(name.clone())],
                Vec::new(),
            )),
            "__name__".into(),
        );
        let mut body = vec![Stmt::Expr(Expr::Call(
            "print".into(),
            vec![shown, Expr::Name(name.clone())],
            Vec::new(),
        ))];
        if self.rng.chance(25) {
            body.extend(self.nested_block());
        }
        Handler {
            class: class.to_string(),
            name,
            body,
        }
    }

    /// `print(<something that may raise>)`, or a `raise`.
    fn risky_statement(&mut self) -> Stmt {
        let print = |value: Expr| Stmt::Expr(Expr::Call("print".into(), vec![value], Vec::new()));
        match self.rng.below(7) {
            0 => {
                let op = self.rng.pick(&["//", "%", "/"]);
                let divisor = if self.rng.chance(60) {
                    Expr::lit(self.rng.pick(&["0", "0.0", "False"]))
                } else {
                    self.divisor(Ty::Int)
                };
                print(Expr::bin(self.expr(Ty::Int, 1), op, divisor))
            }
            1 => {
                let ty = self.any_type();
                let count = self.rng.range(0, 3);
                let items: Vec<Expr> = (0..count).map(|_| self.expr(ty, 1)).collect();
                let sequence = match self.rng.below(3) {
                    0 => Expr::List(items),
                    1 => Expr::Tuple(items),
                    _ => Expr::lit(self.rng.pick(&["''", "'ab'", "'xyz'"])),
                };
                let index = Expr::lit(literal::small(&mut self.rng, -4, 4));
                print(Expr::Subscript(Box::new(sequence), Box::new(index)))
            }
            2 => {
                let name = if self.on("float") && self.rng.chance(30) {
                    "float"
                } else {
                    "int"
                };
                let text = if self.on("unicode_digits") && self.rng.chance(15) {
                    Expr::lit(self.rng.pick(&["'١٢'", "'٣.٥'", "' ０７ '"]))
                } else {
                    Expr::lit(self.rng.pick(INT_TEXTS))
                };
                print(Expr::Call(name.into(), vec![text], Vec::new()))
            }
            3 => {
                let count = self.rng.range(0, 3);
                let keys = ["'a'", "'b'", "1", "(1, 2)"];
                let items = (0..count)
                    .map(|i| (Expr::lit(keys[i as usize]), self.expr(Ty::Int, 1)))
                    .collect();
                let key = Expr::lit(self.rng.pick(&keys));
                print(Expr::Subscript(Box::new(Expr::Dict(items)), Box::new(key)))
            }
            4 => {
                let classes: &[&str] = if self.on("keyerror_str") {
                    &[
                        "ValueError",
                        "KeyError",
                        "IndexError",
                        "ZeroDivisionError",
                        "Exception",
                    ]
                } else {
                    &["ValueError", "IndexError", "ZeroDivisionError", "Exception"]
                };
                let class = self.rng.pick(classes);
                let args = match self.rng.below(3) {
                    0 => Vec::new(),
                    1 => vec![Expr::Lit(literal::string(&mut self.rng))],
                    _ => vec![self.any_expr(1)],
                };
                Stmt::Raise(Expr::Call(class.into(), args, Vec::new()))
            }
            _ => {
                // An ordinary statement: the handlers may not run at all.
                let ty = self.any_type();
                print(self.expr(ty, 2))
            }
        }
    }
}
