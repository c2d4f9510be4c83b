//! Expressions of a requested type: literals, variables, operators, comparisons, f-strings
//! and built-in calls, plus (with `errors`) expressions that raise on purpose.
//!
//! CPython: the operations exercised are `Objects/abstract.c` (`PyNumber_*`,
//! `PySequence_Contains`), `Objects/object.c` (`PyObject_RichCompare`) and the number and
//! sequence types under `Objects/`.

use super::literal;
use super::{Generator, Ty};
use crate::ast::{Expr, FPart};

impl Generator<'_> {
    /// An expression whose value has type `ty` (unless it raises), at most `depth` deep.
    pub(super) fn expr(&mut self, ty: Ty, depth: u32) -> Expr {
        if self.raises && self.rng.chance(2) {
            return self.error_expr(ty);
        }
        if depth == 0 || self.rng.chance(30) {
            return self.leaf(ty);
        }
        if self.on("side_effects") && self.rng.chance(4) {
            let tag = self.tag();
            let print = Expr::Call("print".into(), vec![Expr::lit(tag)], Vec::new());
            let value = self.expr(ty, depth - 1);
            return Expr::BoolOp("or", Box::new(print), Box::new(value));
        }
        if self.rng.chance(6) {
            let test = self.condition_at(depth - 1);
            return Expr::IfExp(
                Box::new(self.expr(ty, depth - 1)),
                Box::new(test),
                Box::new(self.expr(ty, depth - 1)),
            );
        }
        if self.rng.chance(6) {
            if let Some(call) = self.builtin_call(ty, depth - 1) {
                return call;
            }
        }
        if self.on("functions") && self.rng.chance(10) {
            if let Some(call) = self.function_call(ty, depth - 1) {
                return call;
            }
        }
        if self.on("subscripts") && self.rng.chance(6) {
            return self.subscript(ty, depth - 1);
        }
        let d = depth - 1;
        match ty {
            Ty::Int => self.int_expr(d),
            Ty::Float => self.float_expr(d),
            Ty::Complex => {
                let op = self.rng.pick(&["+", "-", "*", "/", "**"]);
                let left = self.expr(Ty::Complex, d);
                let right = match op {
                    "/" => self.divisor(Ty::Complex),
                    "**" => Expr::lit(literal::small(&mut self.rng, -2, 6)),
                    _ => {
                        let other = self.rng.pick(&[Ty::Complex, Ty::Int, Ty::Float]);
                        self.expr(other, d)
                    }
                };
                if self.rng.chance(15) {
                    Expr::Unary("-", Box::new(left))
                } else {
                    Expr::bin(left, op, right)
                }
            }
            Ty::Bool => self.bool_expr(d),
            Ty::Str => match self.rng.below(5) {
                0 | 1 if self.on("fstrings") => self.fstring(d),
                0 | 1 => self.leaf(Ty::Str),
                2 => Expr::bin(self.expr(Ty::Str, d), "+", self.expr(Ty::Str, d)),
                3 => self.repetition(Ty::Str, d),
                _ => {
                    let ty = self.any_type();
                    if self.on("repr") {
                        Expr::Call("repr".into(), vec![self.expr(ty, d)], Vec::new())
                    } else {
                        self.leaf(Ty::Str)
                    }
                }
            },
            Ty::Bytes => match self.rng.below(2) {
                0 => Expr::bin(self.expr(Ty::Bytes, d), "+", self.expr(Ty::Bytes, d)),
                _ => self.repetition(Ty::Bytes, d),
            },
            Ty::List | Ty::Tuple => match self.rng.below(4) {
                0 | 1 => self.display(ty, d),
                2 => Expr::bin(self.expr(ty, d), "+", self.expr(ty, d)),
                _ => self.repetition(ty, d),
            },
            Ty::None => self.leaf(Ty::None),
        }
    }

    fn int_expr(&mut self, d: u32) -> Expr {
        match self.rng.weighted(&[30, 12, 12, 10, 5, 10, 6]) {
            0 => {
                let op = self.rng.pick(&["+", "-", "+", "-", "*"]);
                // `*` takes a literal on the right, so a loop cannot square a value.
                let right = if op == "*" {
                    self.literal(Ty::Int)
                } else {
                    self.expr(Ty::Int, d)
                };
                Expr::bin(self.expr(Ty::Int, d), op, right)
            }
            1 => {
                let op = self.rng.pick(&["//", "%"]);
                Expr::bin(self.expr(Ty::Int, d), op, self.divisor(Ty::Int))
            }
            2 => {
                let op = self.rng.pick(&["&", "|", "^"]);
                Expr::bin(self.expr(Ty::Int, d), op, self.expr(Ty::Int, d))
            }
            3 => {
                let op = self.rng.pick(&["<<", ">>"]);
                let amount = Expr::lit(literal::small(&mut self.rng, 0, 70));
                Expr::bin(self.expr(Ty::Int, d), op, amount)
            }
            4 => {
                // Literal base and exponent keep the result small enough.
                let base = self.literal(Ty::Int);
                let exponent = Expr::lit(literal::small(&mut self.rng, 0, 12));
                Expr::bin(base, "**", exponent)
            }
            5 => {
                let op = self.rng.pick(&["-", "+", "~"]);
                Expr::Unary(op, Box::new(self.expr(Ty::Int, d)))
            }
            _ => {
                // Bools are ints: `True + 2`, `-False`.
                let op = self.rng.pick(&["+", "-", "*", "&"]);
                Expr::bin(self.expr(Ty::Bool, d), op, self.expr(Ty::Int, d))
            }
        }
    }

    fn float_expr(&mut self, d: u32) -> Expr {
        match self.rng.weighted(&[10, 30, 8, 6, 4]) {
            0 => Expr::bin(self.expr(Ty::Int, d), "/", self.divisor(Ty::Int)),
            1 => {
                let op = self
                    .rng
                    .pick(&["+", "-", "*", "/", "//", "%", "+", "-", "*"]);
                // One side may be an int: mixed arithmetic converts it.
                let (left_ty, right_ty) = match self.rng.below(3) {
                    0 => (Ty::Int, Ty::Float),
                    1 => (Ty::Float, Ty::Int),
                    _ => (Ty::Float, Ty::Float),
                };
                let left = self.expr(left_ty, d);
                let right = match op {
                    "/" | "//" | "%" => self.divisor(right_ty),
                    _ => self.expr(right_ty, d),
                };
                Expr::bin(left, op, right)
            }
            2 => {
                let exponent = match self.rng.below(3) {
                    0 => Expr::lit(literal::small(&mut self.rng, -3, 8)),
                    1 => Expr::lit(self.rng.pick(&["0.5", "-0.5", "2.0", "0.0", "1e309"])),
                    _ => Expr::lit(literal::small(&mut self.rng, -2, 2)),
                };
                Expr::bin(self.expr(Ty::Float, d), "**", exponent)
            }
            3 => {
                let op = self.rng.pick(&["-", "+"]);
                Expr::Unary(op, Box::new(self.expr(Ty::Float, d)))
            }
            _ => Expr::bin(Expr::lit("1e309"), "-", Expr::lit("1e309")), // nan
        }
    }

    fn bool_expr(&mut self, d: u32) -> Expr {
        match self.rng.weighted(&[40, 10, 15, 10, 5]) {
            0 => self.comparison(d),
            1 => Expr::Unary("not", Box::new(self.any_expr(d))),
            2 => {
                let op = if self.rng.chance(50) { "and" } else { "or" };
                Expr::BoolOp(
                    op,
                    Box::new(self.expr(Ty::Bool, d)),
                    Box::new(self.expr(Ty::Bool, d)),
                )
            }
            3 if self.on("containment") => self.containment(d),
            // A variable's: `is` with a literal is a SyntaxWarning.
            4 if self.on("none") && !self.vars.is_empty() => {
                let op = if self.rng.chance(50) { "is" } else { "is not" };
                let name = self.vars[self.rng.below(self.vars.len())].0.clone();
                Expr::Compare(Box::new(Expr::Name(name)), vec![(op, Expr::lit("None"))])
            }
            _ => self.leaf(Ty::Bool),
        }
    }

    /// A test expression for conditional expressions.
    fn condition_at(&mut self, d: u32) -> Expr {
        if self.rng.chance(60) {
            self.expr(Ty::Bool, d)
        } else {
            self.any_expr(d)
        }
    }

    pub(super) fn any_expr(&mut self, d: u32) -> Expr {
        let ty = self.any_type();
        self.expr(ty, d)
    }

    /// `a < b`, or a chain `a < b <= c`, between values CPython can order; `==` and `!=`
    /// between anything.
    fn comparison(&mut self, d: u32) -> Expr {
        let family = self.any_type();
        let ordered = !matches!(family, Ty::Complex | Ty::None);
        let operand = |g: &mut Self| match family {
            // Numbers compare across int, float and bool.
            Ty::Int | Ty::Float | Ty::Bool => {
                let ty = g.rng.pick(&[Ty::Int, Ty::Float, Ty::Bool, Ty::Int]);
                let ty = if ty == Ty::Float && !g.on("floats") {
                    Ty::Int
                } else {
                    ty
                };
                g.expr(ty, d)
            }
            other => g.expr(other, d),
        };
        let left = operand(self);
        let links = if self.on("chained_comparisons") && self.rng.chance(25) {
            self.rng.range(2, 3)
        } else {
            1
        };
        let mut rest = Vec::new();
        for _ in 0..links {
            let op = if ordered {
                self.rng.pick(&["<", "<=", ">", ">=", "==", "!="])
            } else {
                self.rng.pick(&["==", "!="])
            };
            rest.push((op, operand(self)));
        }
        Expr::Compare(Box::new(left), rest)
    }

    /// `x in container` for a container type whose feature is on.
    fn containment(&mut self, d: u32) -> Expr {
        let op = if self.rng.chance(70) { "in" } else { "not in" };
        let (item, container) = match self.rng.below(3) {
            0 if self.on("strings") => (self.expr(Ty::Str, d), self.expr(Ty::Str, d)),
            1 if self.on("bytes") => (self.expr(Ty::Bytes, d), self.expr(Ty::Bytes, d)),
            _ => {
                let item = self.any_expr(d);
                let ty = if self.on("lists") && self.rng.chance(50) {
                    Ty::List
                } else if self.on("tuples") {
                    Ty::Tuple
                } else {
                    return self.leaf(Ty::Bool);
                };
                (item, self.expr(ty, d))
            }
        };
        Expr::Compare(Box::new(item), vec![(op, container)])
    }

    /// `seq * n` or `n * seq` with a small literal count (negative counts give empty).
    fn repetition(&mut self, ty: Ty, d: u32) -> Expr {
        let count = Expr::lit(literal::small(&mut self.rng, -1, 3));
        let sequence = self.expr(ty, d);
        if self.rng.chance(70) {
            Expr::bin(sequence, "*", count)
        } else {
            Expr::bin(count, "*", sequence)
        }
    }

    /// A list or tuple display of mixed values.
    fn display(&mut self, ty: Ty, d: u32) -> Expr {
        let count = self.rng.range(0, 4);
        let items = (0..count).map(|_| self.any_expr(d)).collect();
        if ty == Ty::List {
            Expr::List(items)
        } else {
            Expr::Tuple(items)
        }
    }

    /// `[a, b, c][i]` with `i` in range, `{k: v}[k]` (with `dicts`), or a slice `seq[i:j]`.
    fn subscript(&mut self, ty: Ty, d: u32) -> Expr {
        let sliceable = matches!(ty, Ty::Str | Ty::Bytes | Ty::List | Ty::Tuple);
        if sliceable && self.rng.chance(50) {
            let bound = |g: &mut Self| {
                if g.rng.chance(30) {
                    None
                } else {
                    Some(Box::new(Expr::lit(literal::small(&mut g.rng, -3, 5))))
                }
            };
            let lower = bound(self);
            let upper = bound(self);
            let value = self.expr(ty, d);
            return Expr::Subscript(Box::new(value), Box::new(Expr::Slice(lower, upper)));
        }
        let count = self.rng.range(1, 3);
        if self.on("dicts") && self.rng.chance(30) {
            let items: Vec<(Expr, Expr)> = (0..count)
                .map(|i| (Expr::lit(format!("'k{i}'")), self.expr(ty, d)))
                .collect();
            let key = Expr::lit(format!("'k{}'", self.rng.range(0, count - 1)));
            return Expr::Subscript(Box::new(Expr::Dict(items)), Box::new(key));
        }
        let items: Vec<Expr> = (0..count).map(|_| self.expr(ty, d)).collect();
        let index = self.rng.range(-count, count - 1);
        let sequence = if self.on("lists") && self.rng.chance(50) {
            Expr::List(items)
        } else {
            Expr::Tuple(items)
        };
        Expr::Subscript(Box::new(sequence), Box::new(Expr::lit(index.to_string())))
    }

    /// A variable of type `ty` if there is one (usually), else a literal.
    fn leaf(&mut self, ty: Ty) -> Expr {
        let candidates: Vec<&String> = self
            .vars
            .iter()
            .filter(|(_, t)| *t == ty)
            .map(|(n, _)| n)
            .collect();
        if !candidates.is_empty() && self.rng.chance(60) {
            return Expr::Name(candidates[self.rng.below(candidates.len())].clone());
        }
        self.literal(ty)
    }

    pub(super) fn literal(&mut self, ty: Ty) -> Expr {
        match ty {
            Ty::Int => {
                let big = self.on("bigints");
                Expr::Lit(literal::int(&mut self.rng, big))
            }
            Ty::Float => Expr::Lit(literal::float(&mut self.rng)),
            Ty::Complex => {
                let imaginary = Expr::Lit(literal::imaginary(&mut self.rng));
                if self.rng.chance(50) {
                    let real_ty = self.rng.pick(&[Ty::Int, Ty::Float]);
                    let real = self.literal(real_ty);
                    Expr::bin(real, self.rng.pick(&["+", "-"]), imaginary)
                } else {
                    imaginary
                }
            }
            Ty::Bool => Expr::lit(self.rng.pick(&["True", "False"])),
            Ty::Str => Expr::Lit(literal::string(&mut self.rng)),
            Ty::Bytes => Expr::Lit(literal::bytes(&mut self.rng)),
            Ty::List => Expr::List(vec![self.literal(Ty::Int)]),
            Ty::Tuple => Expr::Tuple(Vec::new()),
            Ty::None => Expr::lit("None"),
        }
    }

    /// A right operand for `/`, `//`, `%`: a non-zero literal of type `ty`, or with
    /// `errors` sometimes zero.
    pub(super) fn divisor(&mut self, ty: Ty) -> Expr {
        if self.raises && self.rng.chance(10) {
            return Expr::lit(self.rng.pick(&["0", "0.0", "-0.0", "0j", "False"]));
        }
        loop {
            let value = self.literal(ty);
            if let Expr::Lit(text) = &value {
                let zero = text.trim_start_matches(['-', '0', '.', 'x', 'o', 'b', '_']);
                if zero.is_empty() || zero.starts_with(['j', 'e', 'E']) || text == "False" {
                    continue;
                }
            }
            return value;
        }
    }

    /// `f"..."` with fields, conversions and format specs.
    fn fstring(&mut self, d: u32) -> Expr {
        let count = self.rng.range(1, 4);
        let mut parts = Vec::new();
        for _ in 0..count {
            if self.rng.chance(30) {
                parts.push(FPart::Text(literal::fstring_text(&mut self.rng)));
                continue;
            }
            let ty = self.any_type();
            let value = self.expr(ty, d);
            let conversion = if self.rng.chance(25) {
                Some(self.rng.pick(&['r', 's', 'a']))
            } else {
                None
            };
            let spec = if self.on("format_specs") && self.rng.chance(50) {
                self.format_spec(if conversion.is_some() { Ty::Str } else { ty })
            } else {
                Vec::new()
            };
            let debug = self.rng.chance(8);
            parts.push(FPart::Field {
                value,
                debug,
                conversion,
                spec,
            });
        }
        Expr::FString(parts)
    }

    fn format_spec(&mut self, ty: Ty) -> Vec<FPart> {
        // A nested field for the width: `{x:>{w}}`.
        if self.rng.chance(10) {
            let width = Expr::lit(literal::small(&mut self.rng, 0, 12));
            return vec![
                FPart::Text(self.rng.pick(&[">", "<", "^", ""]).to_string()),
                FPart::Field {
                    value: width,
                    debug: false,
                    conversion: None,
                    spec: Vec::new(),
                },
            ];
        }
        // With `errors`, sometimes another type's spec (ValueError, TypeError).
        let ty = if self.raises && self.rng.chance(20) {
            self.any_type()
        } else {
            ty
        };
        let table = match ty {
            Ty::Int | Ty::Bool => literal::INT_SPECS,
            Ty::Float => literal::FLOAT_SPECS,
            Ty::Complex => literal::COMPLEX_SPECS,
            Ty::Str => literal::STR_SPECS,
            _ => &[""][..],
        };
        let spec = self.rng.pick(table);
        if spec.is_empty() {
            Vec::new()
        } else {
            vec![FPart::Text(spec.to_string())]
        }
    }

    /// A call of a built-in function (whose feature is on) returning `ty`.
    fn builtin_call(&mut self, ty: Ty, d: u32) -> Option<Expr> {
        let call = |name: &str, args: Vec<Expr>| Some(Expr::Call(name.into(), args, Vec::new()));
        let number = |g: &mut Self| {
            let ty = if g.on("floats") && g.rng.chance(40) {
                Ty::Float
            } else {
                Ty::Int
            };
            g.expr(ty, d)
        };
        let choice = self.rng.below(4);
        match ty {
            Ty::Int => match choice {
                0 if self.on("len") => {
                    let ty = self.rng.pick(&[Ty::Str, Ty::Bytes, Ty::List, Ty::Tuple]);
                    let ty = if self.type_on(ty) { ty } else { Ty::Tuple };
                    call("len", vec![self.expr(ty, d)])
                }
                1 if self.on("abs") => call("abs", vec![self.expr(Ty::Int, d)]),
                2 if self.on("int") => call("int", vec![number(self)]),
                3 if self.on("chr") => call("ord", vec![Expr::Lit(literal::string(&mut self.rng))]),
                _ if self.on("sum") => {
                    let items = (0..self.rng.range(0, 3))
                        .map(|_| self.expr(Ty::Int, d))
                        .collect();
                    call("sum", vec![Expr::List(items)])
                }
                _ => None,
            },
            Ty::Float => match choice {
                0 if self.on("abs") => call("abs", vec![self.expr(Ty::Float, d)]),
                1 if self.on("abs") && self.on("complex") => {
                    call("abs", vec![self.expr(Ty::Complex, d)])
                }
                2 if self.on("float") => call("float", vec![self.expr(Ty::Int, d)]),
                // Numbers only: min(1, 2.5) stands for a float, never for bytes or a list.
                3 if self.on("min") || self.on("max") => {
                    let name = if self.on("min") && (!self.on("max") || self.rng.chance(50)) {
                        "min"
                    } else {
                        "max"
                    };
                    let args = (0..self.rng.range(1, 3)).map(|_| number(self)).collect();
                    call(name, args)
                }
                _ if self.on("round") => {
                    let digits = Expr::lit(literal::small(&mut self.rng, -2, 4));
                    call("round", vec![self.expr(Ty::Float, d), digits])
                }
                _ => None,
            },
            Ty::Str => match choice {
                0 if self.on("str") => {
                    let ty = self.any_type();
                    call("str", vec![self.expr(ty, d)])
                }
                1 if self.on("hex") => {
                    let name = self.rng.pick(&["hex", "oct", "bin"]);
                    call(name, vec![self.expr(Ty::Int, d)])
                }
                2 if self.on("chr") => call(
                    "chr",
                    vec![Expr::lit(literal::small(&mut self.rng, 32, 0x1f600))],
                ),
                _ => None,
            },
            Ty::Bool if self.on("bool") => {
                let ty = self.any_type();
                call("bool", vec![self.expr(ty, d)])
            }
            Ty::Tuple if self.on("divmod") => {
                let left = number(self);
                let right = self.divisor(Ty::Int);
                call("divmod", vec![left, right])
            }
            _ => match choice {
                1 if self.on("pow") && ty == Ty::Int => {
                    let base = self.literal(Ty::Int);
                    let exponent = Expr::lit(literal::small(&mut self.rng, 0, 12));
                    call("pow", vec![base, exponent, self.divisor(Ty::Int)])
                }
                _ => None,
            },
        }
    }

    pub(super) fn type_on(&self, ty: Ty) -> bool {
        match ty {
            Ty::Str => self.on("strings"),
            Ty::Bytes => self.on("bytes"),
            Ty::List => self.on("lists"),
            Ty::Tuple => self.on("tuples"),
            _ => true,
        }
    }

    /// Something that raises (used only in programs chosen to raise), standing where a `ty`
    /// was expected.
    fn error_expr(&mut self, ty: Ty) -> Expr {
        let number = self.literal(Ty::Int);
        match self.rng.below(12) {
            0 => Expr::bin(number, self.rng.pick(&["//", "%", "/"]), Expr::lit("0")),
            1 => Expr::bin(
                Expr::lit("1.5"),
                self.rng.pick(&["/", "//", "%"]),
                Expr::lit("0.0"),
            ),
            2 => Expr::bin(Expr::lit("0.0"), "**", Expr::lit("-1")),
            3 => Expr::bin(number, self.rng.pick(&["<<", ">>"]), Expr::lit("-1")),
            // int too large to convert to float.
            4 => {
                let big = Expr::bin(Expr::lit("10"), "**", Expr::lit("400"));
                Expr::bin(big, "*", Expr::lit("1.5"))
            }
            5 => Expr::bin(
                self.literal(Ty::Str),
                self.rng.pick(&["+", "-", "*"]),
                self.literal(Ty::Float),
            ),
            6 => Expr::Compare(
                Box::new(self.literal(Ty::List)),
                vec![("<", Expr::lit("(1,)"))],
            ),
            7 => Expr::Compare(
                Box::new(number),
                vec![(self.rng.pick(&["<", ">="]), self.literal(Ty::Str))],
            ),
            8 => Expr::Unary(
                self.rng.pick(&["-", "~", "+"]),
                Box::new(self.literal(Ty::Str)),
            ),
            9 => Expr::bin(Expr::lit("None"), "+", number),
            10 => {
                // A name never bound (close to a real one, for "Did you mean").
                match self.vars.first() {
                    Some((name, _)) => Expr::Name(format!("{name}_")),
                    None => Expr::Name("undefined".into()),
                }
            }
            _ => {
                let _ = ty;
                Expr::Call("len".into(), vec![number], Vec::new())
            }
        }
    }
}
