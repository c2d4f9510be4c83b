//! The program generator: random, valid, deterministic Python programs from a seed, written
//! in the subset of Python the [`Features`] table switches on.
//!
//! Programs are typed as they are built: each variable keeps the type of its first value, so
//! most operations are ones CPython accepts, and a program raises only where the `errors`
//! feature put something that raises on purpose. Every loop is bounded (`while` carries its
//! own counter, `for` iterates a literal or a `range` of literals) and values cannot grow
//! without bound (`**` and `<<` take literal right operands, repetition counts are literals),
//! so every program ends quickly and prints the same thing on every run.
//!
//! Statements are here; expressions in `expr.rs`; literals and format specs in `literal.rs`;
//! functions and classes in `callable.rs`; `try` statements in `handlers.rs`; `match`
//! statements and starred assignments in `matching.rs`.
//! CPython has no counterpart; this is pyxray's own test tooling.

mod callable;
mod expr;
mod handlers;
mod literal;
mod matching;

use crate::ast::{Expr, Program, Stmt};
use crate::features::Features;
use crate::rng::Rng;

/// The static type the generator gives a value, to pick operations CPython accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Int,
    Float,
    Complex,
    Bool,
    Str,
    Bytes,
    List,
    Tuple,
    None,
}

impl Ty {
    /// The prefix of variables of this type (`n0`, `x1`, `s2`, …).
    fn prefix(self) -> &'static str {
        match self {
            Ty::Int => "n",
            Ty::Float => "x",
            Ty::Complex => "z",
            Ty::Bool => "b",
            Ty::Str => "s",
            Ty::Bytes => "y",
            Ty::List => "l",
            Ty::Tuple => "t",
            Ty::None => "o",
        }
    }
}

/// How big programs get.
const TOP_LEVEL_STATEMENTS: (i64, i64) = (4, 18);
const BLOCK_STATEMENTS: (i64, i64) = (1, 4);
const MAX_BLOCK_DEPTH: usize = 3;
/// At most two nested loops: the outer one runs at most this many times, the inner one at
/// most [`MAX_INNER_ITERATIONS`] (8 in all, so doubling a string in a loop stays small).
const MAX_LOOP_ITERATIONS: i64 = 4;
const MAX_INNER_ITERATIONS: i64 = 2;
const MAX_LOOP_DEPTH: usize = 2;
const MAX_EXPR_DEPTH: u32 = 3;

/// Generates the program for `seed`.
pub fn generate(seed: u64, features: &Features) -> Program {
    let mut generator = Generator {
        rng: Rng::new(seed),
        features,
        vars: Vec::new(),
        next_var: 0,
        next_tag: 0,
        block_depth: 0,
        loop_depth: 0,
        raises: false,
        funcs: Vec::new(),
        call_cost: 0,
        in_function: 0,
        no_jump: false,
        pending: Vec::new(),
        classes: Vec::new(),
    };
    // About a third of the programs may raise somewhere on purpose.
    generator.raises = features.on("errors") && generator.rng.chance(35);
    let count = generator
        .rng
        .range(TOP_LEVEL_STATEMENTS.0, TOP_LEVEL_STATEMENTS.1);
    generator.block(count as usize)
}

pub(crate) struct Generator<'a> {
    rng: Rng,
    features: &'a Features,
    /// Variables bound on every path to the current point, with their types.
    vars: Vec<(String, Ty)>,
    next_var: usize,
    next_tag: usize,
    block_depth: usize,
    loop_depth: usize,
    /// Whether this program may contain deliberate errors.
    raises: bool,
    /// Functions and methods defined so far, callable from here on.
    funcs: Vec<callable::Func>,
    /// The cost of the calls generated in the function being defined ([`callable::Func`]).
    call_cost: u64,
    /// How many function bodies the generator is inside.
    in_function: usize,
    /// Inside `finally`: no `break` or `continue`.
    no_jump: bool,
    /// Statements to follow the one just generated (a class's instance).
    pending: Vec<Stmt>,
    /// Classes defined so far, with their instances (subjects for class patterns).
    classes: Vec<matching::ClassInfo>,
}

impl Generator<'_> {
    fn on(&self, feature: &str) -> bool {
        self.features.on(feature)
    }

    /// `count` statements; names bound inside stay bound only until the block ends, since
    /// the block may not run.
    fn block(&mut self, count: usize) -> Vec<Stmt> {
        let (mut body, mut index) = (Vec::new(), 0);
        while index < count {
            body.push(self.statement());
            body.append(&mut self.pending);
            index += 1;
        }
        body
    }

    fn nested_block(&mut self) -> Vec<Stmt> {
        let saved = self.vars.len();
        self.block_depth += 1;
        let count = self.rng.range(BLOCK_STATEMENTS.0, BLOCK_STATEMENTS.1) as usize;
        let body = self.block(count);
        self.block_depth -= 1;
        self.vars.truncate(saved);
        body
    }

    fn statement(&mut self) -> Stmt {
        let nest = self.block_depth < MAX_BLOCK_DEPTH;
        let in_loop = self.loop_depth > 0 && !self.no_jump;
        let top = self.block_depth == 0 && self.in_function == 0;
        let can_loop = nest && self.loop_depth < MAX_LOOP_DEPTH;
        let weights = [
            if self.vars.len() < 3 { 40 } else { 15 }, // 0: new variable
            if self.vars.is_empty() { 0 } else { 10 }, // 1: reassignment
            if self.on("augmented") && !self.vars.is_empty() {
                10
            } else {
                0
            }, // 2
            30,                                        // 3: print
            if nest && self.on("if") { 8 } else { 0 }, // 4
            if can_loop && self.on("while") { 4 } else { 0 }, // 5
            if can_loop && self.on("for") { 5 } else { 0 }, // 6
            if in_loop && self.on("break_continue") {
                4
            } else {
                0
            }, // 7
            if self.on("unpacking") { 5 } else { 0 },  // 8
            1,                                         // 9: pass or an expression statement
            if self.raises { 2 } else { 0 },           // 10: an unpacking error
            if top && self.on("functions") { 6 } else { 0 }, // 11
            if nest && self.on("exceptions") { 4 } else { 0 }, // 12
            if top && self.on("classes") { 2 } else { 0 }, // 13
            if nest && self.on("match") { 5 } else { 0 }, // 14
            if self.on("starred_targets") { 3 } else { 0 }, // 15
        ];
        match self.rng.weighted(&weights) {
            0 => self.new_variable(),
            1 => self.reassignment(),
            2 => self.augmented(),
            3 => self.print(),
            4 => self.if_statement(),
            5 => self.while_statement(),
            6 => self.for_statement(),
            7 => {
                if self.rng.chance(50) {
                    Stmt::Break
                } else {
                    Stmt::Continue
                }
            }
            8 => self.unpacking(),
            9 => {
                if self.rng.chance(50) {
                    Stmt::Pass
                } else {
                    let ty = self.any_type();
                    Stmt::Expr(self.expr(ty, 2))
                }
            }
            10 => self.unpacking_error(),
            11 => {
                let def = self.function_def();
                // Call it at once, usually: later calls are rarer.
                if let Some(func) = self.funcs.last().cloned().filter(|_| self.rng.chance(70)) {
                    let call = self.call(&func, 2);
                    let print = Expr::Call("print".into(), vec![call], Vec::new());
                    self.pending.push(Stmt::Expr(print));
                }
                def
            }
            12 => self.try_statement(),
            14 => self.match_statement(),
            15 => self.starred_assignment(),
            _ => {
                let mut stmts = self.class_def();
                let first = stmts.remove(0);
                self.pending = stmts;
                first
            }
        }
    }

    fn fresh_name(&mut self, ty: Ty) -> String {
        let name = format!("{}{}", ty.prefix(), self.next_var);
        self.next_var += 1;
        name
    }

    fn bind(&mut self, name: &str, ty: Ty) {
        if !self.vars.iter().any(|(n, _)| n == name) {
            self.vars.push((name.to_string(), ty));
        }
    }

    fn new_variable(&mut self) -> Stmt {
        let ty = self.any_type();
        let value = self.expr(ty, MAX_EXPR_DEPTH);
        let name = self.fresh_name(ty);
        self.bind(&name, ty);
        Stmt::Assign(vec![name], value)
    }

    fn reassignment(&mut self) -> Stmt {
        let (name, ty) = self.vars[self.rng.below(self.vars.len())].clone();
        Stmt::Assign(vec![name], self.expr(ty, MAX_EXPR_DEPTH))
    }

    /// `name op= value` with an operator that keeps the variable's type (mostly).
    fn augmented(&mut self) -> Stmt {
        let (name, ty) = self.vars[self.rng.below(self.vars.len())].clone();
        let (op, value) = match ty {
            Ty::Int | Ty::Bool => {
                let op = self
                    .rng
                    .pick(&["+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>"]);
                let value = match op {
                    "<<" | ">>" => Expr::lit(literal::small(&mut self.rng, 0, 40)),
                    "//" | "%" => self.divisor(Ty::Int),
                    _ => self.expr(Ty::Int, 2),
                };
                (op, value)
            }
            Ty::Float | Ty::Complex => {
                let op = self.rng.pick(&["+", "-", "*", "/"]);
                let value = if op == "/" {
                    self.divisor(ty)
                } else {
                    self.expr(ty, 2)
                };
                (op, value)
            }
            Ty::Str | Ty::Bytes | Ty::List | Ty::Tuple => {
                if self.rng.chance(70) {
                    ("+", self.expr(ty, 2))
                } else {
                    ("*", Expr::lit(literal::small(&mut self.rng, -1, 3)))
                }
            }
            Ty::None => ("+", self.expr(Ty::None, 1)),
        };
        Stmt::AugAssign(name, op, value)
    }

    fn print(&mut self) -> Stmt {
        let count = self.rng.range(0, 4);
        let mut args = Vec::new();
        for _ in 0..count {
            let ty = self.any_type();
            args.push(self.expr(ty, MAX_EXPR_DEPTH));
        }
        let mut keywords = Vec::new();
        if self.on("print_keywords") && self.rng.chance(15) {
            let key = if self.rng.chance(50) { "sep" } else { "end" };
            let value = self
                .rng
                .pick(&["''", "'-'", "', '", "'\\n'", "None", "'|\\n'"]);
            keywords.push((key.to_string(), Expr::lit(value)));
        }
        Stmt::Expr(Expr::Call("print".into(), args, keywords))
    }

    fn if_statement(&mut self) -> Stmt {
        let test = self.condition();
        let body = self.nested_block();
        let orelse = match self.rng.below(3) {
            0 => Vec::new(),
            1 => self.nested_block(),
            _ => {
                // An `elif` chain.
                self.block_depth += 1;
                let elif = self.if_statement();
                self.block_depth -= 1;
                vec![elif]
            }
        };
        Stmt::If(test, body, orelse)
    }

    /// A test for `if`/`while`: a comparison usually, any value's truth sometimes.
    fn condition(&mut self) -> Expr {
        if self.rng.chance(70) {
            self.expr(Ty::Bool, 2)
        } else {
            let ty = self.any_type();
            self.expr(ty, 2)
        }
    }

    fn while_statement(&mut self) -> Stmt {
        let counter = format!("w{}", self.next_var);
        self.next_var += 1;
        let limit = self.rng.range(0, self.max_iterations());
        let test = if self.rng.chance(40) {
            Some(self.condition())
        } else {
            None
        };
        self.loop_depth += 1;
        let body = self.nested_block();
        self.loop_depth -= 1;
        let orelse = if self.rng.chance(25) {
            self.nested_block()
        } else {
            Vec::new()
        };
        Stmt::While {
            counter,
            limit,
            test,
            body,
            orelse,
        }
    }

    fn for_statement(&mut self) -> Stmt {
        let (iter, item_ty) = self.iterable();
        let target = self.fresh_name(item_ty);
        let saved = self.vars.len();
        self.bind(&target, item_ty);
        self.loop_depth += 1;
        let body = self.nested_block();
        self.loop_depth -= 1;
        self.vars.truncate(saved);
        let orelse = if self.rng.chance(25) {
            self.nested_block()
        } else {
            Vec::new()
        };
        Stmt::For(target, iter, body, orelse)
    }

    /// Something with at most [`Self::max_iterations`] items, and the type of its items.
    fn iterable(&mut self) -> (Expr, Ty) {
        let max_iterations = self.max_iterations();
        let choice = self.rng.weighted(&[
            if self.on("range") { 5 } else { 0 },
            if self.on("lists") || self.on("tuples") {
                3
            } else {
                0
            },
            if self.on("strings") { 1 } else { 0 },
            1,
        ]);
        match choice {
            0 => {
                let args = match self.rng.below(3) {
                    0 => vec![Expr::lit(literal::small(&mut self.rng, -1, max_iterations))],
                    1 => {
                        let start = self.rng.range(-5, 5);
                        let stop = start + self.rng.range(-1, max_iterations);
                        vec![Expr::lit(start.to_string()), Expr::lit(stop.to_string())]
                    }
                    _ => {
                        let step = self.rng.pick(&[-3, -2, -1, 2, 3]);
                        let start = self.rng.range(-5, 5);
                        let stop = start + step * self.rng.range(0, max_iterations);
                        vec![
                            Expr::lit(start.to_string()),
                            Expr::lit(stop.to_string()),
                            Expr::lit(step.to_string()),
                        ]
                    }
                };
                (Expr::Call("range".into(), args, Vec::new()), Ty::Int)
            }
            1 => {
                let ty = self.any_type();
                let count = self.rng.range(0, max_iterations);
                let items = (0..count).map(|_| self.expr(ty, 1)).collect();
                let display = if self.on("lists") && (self.rng.chance(50) || !self.on("tuples")) {
                    Expr::List(items)
                } else {
                    Expr::Tuple(items)
                };
                (display, ty)
            }
            2 => {
                let length = self.rng.range(0, max_iterations) as usize;
                (
                    Expr::lit(format!("'{}'", &"abcé"[..length.min(3)])),
                    Ty::Str,
                )
            }
            _ => (Expr::Tuple(Vec::new()), Ty::Int),
        }
    }

    /// `a, b = x, y` (new names, or a swap of two variables of one type).
    fn unpacking(&mut self) -> Stmt {
        let same_type: Vec<(String, Ty)> = self.vars.clone();
        if same_type.len() >= 2 && self.rng.chance(30) {
            let (a, ty) = same_type[self.rng.below(same_type.len())].clone();
            if let Some((b, _)) = same_type.iter().find(|(n, t)| *t == ty && *n != a) {
                return Stmt::Assign(
                    vec![a.clone(), b.clone()],
                    Expr::Tuple(vec![Expr::Name(b.clone()), Expr::Name(a)]),
                );
            }
        }
        let count = self.rng.range(2, 3);
        let mut names = Vec::new();
        let mut values = Vec::new();
        for _ in 0..count {
            let ty = self.any_type();
            values.push(self.expr(ty, 2));
            names.push((self.fresh_name(ty), ty));
        }
        for (name, ty) in &names {
            self.bind(name, *ty);
        }
        let value = if self.rng.chance(70) || !self.on("lists") {
            Expr::Tuple(values)
        } else {
            Expr::List(values)
        };
        Stmt::Assign(names.into_iter().map(|(n, _)| n).collect(), value)
    }

    /// `a, b = <wrong number of values or a non-iterable>`: ValueError or TypeError.
    fn unpacking_error(&mut self) -> Stmt {
        let targets = vec![self.fresh_name(Ty::Int), self.fresh_name(Ty::Int)];
        let value = match self.rng.below(4) {
            0 => Expr::Tuple(vec![Expr::lit("1"), Expr::lit("2"), Expr::lit("3")]),
            1 => Expr::List(vec![Expr::lit("1")]),
            2 => Expr::lit(literal::string(&mut self.rng)),
            _ => self.expr(Ty::Int, 1),
        };
        Stmt::Assign(targets, value)
    }

    /// A type whose feature is on, weighted towards the common ones.
    fn any_type(&mut self) -> Ty {
        let table = [
            (Ty::Int, 30, true),
            (Ty::Float, 18, self.on("floats")),
            (Ty::Complex, 4, self.on("complex")),
            (Ty::Bool, 10, true),
            (Ty::Str, 14, self.on("strings")),
            (Ty::Bytes, 3, self.on("bytes")),
            (Ty::List, 6, self.on("lists")),
            (Ty::Tuple, 6, self.on("tuples")),
            (Ty::None, 1, self.on("none")),
        ];
        let weights: Vec<u32> = table
            .iter()
            .map(|(_, w, on)| if *on { *w } else { 0 })
            .collect();
        table[self.rng.weighted(&weights)].0
    }

    fn max_iterations(&self) -> i64 {
        if self.loop_depth == 0 {
            MAX_LOOP_ITERATIONS
        } else {
            MAX_INNER_ITERATIONS
        }
    }

    fn tag(&mut self) -> String {
        self.next_tag += 1;
        format!("'t{}'", self.next_tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::render_program;

    #[test]
    fn same_seed_same_program() {
        let features = Features::default();
        assert_eq!(
            render_program(&generate(42, &features)),
            render_program(&generate(42, &features))
        );
        assert_ne!(
            render_program(&generate(42, &features)),
            render_program(&generate(43, &features))
        );
    }

    #[test]
    fn switched_off_features_do_not_appear() {
        let features = Features::parse("-floats,-strings,-fstrings,-while").unwrap();
        for seed in 0..200 {
            let text = render_program(&generate(seed, &features));
            assert!(!text.contains("while"), "{text}");
            assert!(!text.contains("f\""), "{text}");
        }
    }

    #[test]
    fn functions_exceptions_and_classes_appear_and_switch_off() {
        let on = Features::default();
        let all: String = (0..100)
            .map(|seed| render_program(&generate(seed, &on)))
            .collect();
        for shape in [
            "def f",
            "def r",
            "    def g",
            "try:",
            "except ",
            "finally:",
            "class C",
            "self.",
        ] {
            assert!(all.contains(shape), "no {shape:?} in 100 programs");
        }
        let off = Features::parse("-functions,-exceptions,-classes").unwrap();
        for seed in 0..100 {
            let text = render_program(&generate(seed, &off));
            assert!(!text.contains("def ") && !text.contains("try:"), "{text}");
        }
    }

    #[test]
    fn match_statements_and_starred_targets_appear_and_switch_off() {
        let on = Features::default();
        let all: String = (0..100)
            .map(|seed| render_program(&generate(seed, &on)))
            .collect();
        for shape in [
            "match ",
            "    case ",
            " | ",
            " as c",
            "*_",
            ", **c",
            "__match_args__ = (",
            "int(",
            "real=",
            ", *l",
        ] {
            assert!(all.contains(shape), "no {shape:?} in 100 programs");
        }
        let off = Features::parse("-match,-starred_targets").unwrap();
        for seed in 0..100 {
            let text = render_program(&generate(seed, &off));
            assert!(!text.contains("match ") && !text.contains("*l"), "{text}");
        }
    }

    #[test]
    fn recursion_depth_is_always_a_small_literal() {
        let features = Features::default();
        let mut checked = 0;
        for seed in 0..300 {
            let text = render_program(&generate(seed, &features));
            for (at, _) in text.match_indices('r') {
                let before = text[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let rest = &text[at + 1..];
                let Some(end) = rest.find('(') else { continue };
                let digits = &rest[..end];
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                let first: String = rest[end + 1..].chars().take_while(|c| *c != ',').collect();
                let definition = text[..at].ends_with("def ");
                let small = first.trim().parse::<i64>().is_ok_and(|n| n <= 5);
                let recursing = first.ends_with(" - 1");
                assert!(
                    definition || small || recursing,
                    "seed {seed}: r{digits}({first}"
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} recursive calls");
    }

    #[test]
    fn programs_compile() {
        // The parser accepts patterns the compiler refuses (an irrefutable case before the
        // last, a name bound twice): generated programs must pass both.
        let features = Features::default();
        for seed in 0..120 {
            let text = render_program(&generate(seed, &features));
            let dis = pyxray::stage_output(
                pyxray::Stage::Dis,
                text.as_bytes(),
                "prog.py",
                pyxray::Options::default(),
            );
            assert!(!dis.contains("SyntaxError"), "seed {seed}:\n{text}\n{dis}");
        }
    }

    #[test]
    fn programs_parse() {
        let features = Features::default();
        for seed in 0..300 {
            let text = render_program(&generate(seed, &features));
            let parsed = pyxray_parser::parse_module(&text);
            assert!(parsed.module.is_ok(), "seed {seed}:\n{text}");
        }
    }
}
