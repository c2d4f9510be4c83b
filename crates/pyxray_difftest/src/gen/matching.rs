//! `match` statements and starred assignments (`a, *b, c = …`).
//!
//! A subject is generated together with its shape (a scalar of a known type, a sequence or
//! dict display whose items' types are known, an instance of a generated class), and each
//! pattern is built for that shape, so that cases match about as often as they fail. Every
//! capture gets a fresh name and is printed by its case's body. The rules CPython's compiler
//! enforces hold by construction: only the last case may be irrefutable, `|` alternatives are
//! literals (so they bind no names), a sequence has at most one star, mapping keys are
//! distinct. With `errors` on, a few patterns raise on purpose (too many positional
//! sub-patterns, the same attribute twice, a star target with too few values).
//! CPython has no counterpart; this is pyxray's own test tooling.

use super::{literal, Generator, Ty};
use crate::ast::{Expr, MatchCase, Pattern, Stmt};

/// A class the generator defined, and the instance made of it.
#[derive(Clone, Debug)]
pub(crate) struct ClassInfo {
    pub name: String,
    pub instance: String,
    pub attrs: Vec<(String, Ty)>,
    /// How many attributes `__match_args__` names (0 when the class has none).
    pub match_args: usize,
}

/// What the generator knows about a match subject.
#[derive(Clone, Debug)]
enum Shape {
    Scalar(Ty),
    /// A list (`true`) or tuple display and its items' shapes.
    Sequence(Vec<Shape>, bool),
    /// A dict display: its `'kN'` keys and their values' types.
    Mapping(Vec<(String, Ty)>),
    Instance(ClassInfo),
}

const MAX_CASES: i64 = 4;
const MAX_PATTERN_DEPTH: u32 = 2;

impl Generator<'_> {
    /// `match subject:` with one to four cases.
    pub(super) fn match_statement(&mut self) -> Stmt {
        let (subject, shape) = self.match_subject();
        let count = self.rng.range(1, MAX_CASES);
        let mut cases = Vec::new();
        if self.raises && self.rng.chance(15) {
            // A first case that raises: too many positional sub-patterns for the subject's class.
            if let Some(pattern) = self.class_pattern_error(&shape) {
                let print = Expr::Call("print".into(), vec![Expr::lit(self.tag())], Vec::new());
                cases.push(MatchCase {
                    pattern,
                    guard: None,
                    body: vec![Stmt::Expr(print)],
                });
            }
        }
        for index in 0..count {
            let last = index == count - 1;
            let mut captures = Vec::new();
            let pattern = if last && self.rng.chance(30) {
                self.irrefutable_pattern(&shape, &mut captures)
            } else {
                self.refutable_pattern(&shape, 0, &mut captures)
            };
            let guard = if self.rng.chance(25) {
                Some(self.condition())
            } else {
                None
            };
            let mut args = vec![Expr::lit(self.tag())];
            args.extend(captures.into_iter().map(Expr::Name));
            let mut body = vec![Stmt::Expr(Expr::Call("print".into(), args, Vec::new()))];
            if self.rng.chance(30) {
                body.extend(self.nested_block());
            }
            cases.push(MatchCase {
                pattern,
                guard,
                body,
            });
        }
        Stmt::Match(subject, cases)
    }

    /// The subject and its shape.
    fn match_subject(&mut self) -> (Expr, Shape) {
        let instance = !self.classes.is_empty() && self.rng.chance(20);
        match self.rng.below(5) {
            _ if instance => {
                let class = self.classes[self.rng.below(self.classes.len())].clone();
                (Expr::Name(class.instance.clone()), Shape::Instance(class))
            }
            0 | 1 => {
                let ty = self.any_type();
                (self.expr(ty, 2), Shape::Scalar(ty))
            }
            2 | 3 => {
                let count = self.rng.range(0, 4);
                let list = self.on("lists") && (self.rng.chance(50) || !self.on("tuples"));
                let mut items = Vec::new();
                let mut shapes = Vec::new();
                for _ in 0..count {
                    let ty = self.any_type();
                    items.push(self.expr(ty, 1));
                    shapes.push(Shape::Scalar(ty));
                }
                let display = if list {
                    Expr::List(items)
                } else {
                    Expr::Tuple(items)
                };
                (display, Shape::Sequence(shapes, list))
            }
            _ => {
                let count = self.rng.range(0, 3);
                let mut items = Vec::new();
                let mut keys = Vec::new();
                for index in 0..count {
                    let ty = self.any_type();
                    let key = format!("'k{index}'");
                    items.push((Expr::lit(key.clone()), self.expr(ty, 1)));
                    keys.push((key, ty));
                }
                (Expr::Dict(items), Shape::Mapping(keys))
            }
        }
    }

    fn capture(&mut self, captures: &mut Vec<String>) -> String {
        let name = format!("c{}", self.next_var);
        self.next_var += 1;
        captures.push(name.clone());
        name
    }

    /// `_`, a capture, or `_ as name`: matches anything. Instances are never captured, since
    /// their default repr shows an address.
    fn irrefutable_pattern(&mut self, shape: &Shape, captures: &mut Vec<String>) -> Pattern {
        if matches!(shape, Shape::Instance(_)) || self.rng.chance(40) {
            Pattern::Capture("_".into())
        } else {
            Pattern::Capture(self.capture(captures))
        }
    }

    /// A sub-pattern: irrefutable sometimes, else a refutable one.
    fn sub_pattern(&mut self, shape: &Shape, depth: u32, captures: &mut Vec<String>) -> Pattern {
        if depth >= MAX_PATTERN_DEPTH || self.rng.chance(35) {
            self.irrefutable_pattern(shape, captures)
        } else {
            self.refutable_pattern(shape, depth + 1, captures)
        }
    }

    /// A pattern that may fail, shaped after `shape` most of the time.
    fn refutable_pattern(
        &mut self,
        shape: &Shape,
        depth: u32,
        captures: &mut Vec<String>,
    ) -> Pattern {
        let pattern = match (shape, self.rng.below(10)) {
            (_, 0) => self.or_pattern(),
            (_, 1) => self.builtin_class_pattern(shape, depth, captures),
            (Shape::Scalar(ty), _) => match ty {
                Ty::List | Ty::Tuple => {
                    self.sequence_pattern(&[], *ty == Ty::List, depth, captures)
                }
                _ if self.rng.chance(50) => self.builtin_class_pattern(shape, depth, captures),
                _ => self.value_pattern(*ty),
            },
            (Shape::Sequence(items, list), _) => {
                self.sequence_pattern(items, *list, depth, captures)
            }
            (Shape::Mapping(keys), _) => self.mapping_pattern(keys, depth, captures),
            (Shape::Instance(class), _) => self.instance_pattern(class, depth, captures),
        };
        if !matches!(shape, Shape::Instance(_)) && self.rng.chance(15) {
            let name = self.capture(captures);
            return Pattern::As(Box::new(pattern), name);
        }
        pattern
    }

    /// A literal pattern of a type whose values have literals.
    fn value_pattern(&mut self, ty: Ty) -> Pattern {
        let ty = match ty {
            Ty::List | Ty::Tuple => Ty::Int,
            other => other,
        };
        let ty = if self.type_on(ty) { ty } else { Ty::Int };
        // Small values match generated ones more often than the literal table's edges.
        if ty == Ty::Int && self.rng.chance(60) {
            return Pattern::Value(literal::small(&mut self.rng, -1, 3));
        }
        if ty == Ty::Complex {
            // A real part beyond a float's range would not fold: CPython refuses the pattern.
            let imaginary = literal::imaginary(&mut self.rng);
            if self.rng.chance(50) {
                return Pattern::Value(imaginary);
            }
            let real = self.rng.pick(&["0", "-1", "2.5", "-0.0", "1e300"]);
            let sign = self.rng.pick(&["+", "-"]);
            return Pattern::Value(format!("{real} {sign} {imaginary}"));
        }
        if ty == Ty::Str && self.rng.chance(40) {
            return Pattern::Value(self.rng.pick(&["''", "'a'", "'abc'"]).to_string());
        }
        Pattern::Value(self.literal(ty).render())
    }

    /// `v | v | …`: literals only, so the alternatives bind no names.
    fn or_pattern(&mut self) -> Pattern {
        let count = self.rng.range(2, 3);
        let alternatives = (0..count)
            .map(|_| {
                let ty = self.any_type();
                self.value_pattern(ty)
            })
            .collect();
        Pattern::Or(alternatives)
    }

    /// `int()`, `str(p)`, `float(real=p)`, `list([…])`, …; with `errors`, sometimes one
    /// positional sub-pattern too many.
    fn builtin_class_pattern(
        &mut self,
        shape: &Shape,
        depth: u32,
        captures: &mut Vec<String>,
    ) -> Pattern {
        let guess = match shape {
            Shape::Scalar(ty) => *ty,
            Shape::Sequence(_, true) => Ty::List,
            Shape::Sequence(_, false) => Ty::Tuple,
            Shape::Mapping(_) => Ty::None,
            Shape::Instance(_) => Ty::Bool,
        };
        let class = if self.rng.chance(70) {
            match guess {
                Ty::Int => "int",
                Ty::Float => "float",
                Ty::Complex => "complex",
                Ty::Bool => "bool",
                Ty::Str => "str",
                Ty::Bytes => "bytes",
                Ty::List => "list",
                Ty::Tuple => "tuple",
                Ty::None => "dict",
            }
        } else {
            self.rng
                .pick(&["int", "float", "str", "bool", "tuple", "list", "dict"])
        };
        let mut positional = Vec::new();
        let mut keywords = Vec::new();
        match self.rng.below(3) {
            0 => {}
            1 if class != "complex" => {
                positional.push(self.sub_pattern(shape, depth, captures));
                if self.raises && self.rng.chance(30) {
                    positional.push(Pattern::Capture("_".into()));
                }
            }
            _ if matches!(class, "int" | "float" | "complex" | "bool") => {
                let real_ty = if class == "float" || class == "complex" {
                    Ty::Float
                } else {
                    Ty::Int
                };
                let attribute = self.rng.pick(&["real", "imag"]);
                let value = self.sub_pattern(&Shape::Scalar(real_ty), depth, captures);
                keywords.push((attribute.to_string(), value));
            }
            _ => {}
        }
        Pattern::Class(class.to_string(), positional, keywords)
    }

    /// A class pattern the subject is an instance of, with one positional sub-pattern more
    /// than the class accepts: `int(_, _)`, `C(_, _)` for a class with one `__match_args__`.
    fn class_pattern_error(&mut self, shape: &Shape) -> Option<Pattern> {
        let (class, accepted) = match shape {
            Shape::Instance(class) => (class.name.clone(), class.match_args),
            Shape::Mapping(_) => ("dict".to_string(), 1),
            Shape::Sequence(_, true) => ("list".to_string(), 1),
            Shape::Sequence(_, false) => ("tuple".to_string(), 1),
            Shape::Scalar(ty) => {
                let name = match ty {
                    Ty::Int => "int",
                    Ty::Float => "float",
                    Ty::Bool => "bool",
                    Ty::Str => "str",
                    Ty::Bytes => "bytes",
                    Ty::List => "list",
                    Ty::Tuple => "tuple",
                    Ty::Complex => "complex",
                    Ty::None => return None,
                };
                (name.to_string(), usize::from(*ty != Ty::Complex))
            }
        };
        let positional = vec![Pattern::Capture("_".into()); accepted + 1];
        Some(Pattern::Class(class, positional, Vec::new()))
    }

    /// `[p, *rest, p]` or `(p, p)`: usually as long as the subject, sometimes not.
    fn sequence_pattern(
        &mut self,
        items: &[Shape],
        list: bool,
        depth: u32,
        captures: &mut Vec<String>,
    ) -> Pattern {
        let mut shapes: Vec<Shape> = items.to_vec();
        if items.is_empty() || self.rng.chance(25) {
            let count = self.rng.range(0, 3) as usize;
            shapes = (0..count).map(|_| Shape::Scalar(Ty::Int)).collect();
        }
        let mut patterns: Vec<Pattern> = shapes
            .iter()
            .map(|shape| self.sub_pattern(shape, depth, captures))
            .collect();
        if self.rng.chance(35) {
            // A star standing for a run of zero or more items.
            let start = self.rng.below(patterns.len() + 1);
            let end = (start + self.rng.below(3)).min(patterns.len());
            let name = if self.rng.chance(50) {
                "_".to_string()
            } else {
                self.capture(captures)
            };
            patterns.splice(start..end, [Pattern::Star(name)]);
        }
        Pattern::Sequence(patterns, list && self.rng.chance(80))
    }

    /// `{'k0': p, …, **rest}` over some of the subject's keys, maybe one it lacks.
    fn mapping_pattern(
        &mut self,
        keys: &[(String, Ty)],
        depth: u32,
        captures: &mut Vec<String>,
    ) -> Pattern {
        let mut items = Vec::new();
        for (key, ty) in keys {
            if self.rng.chance(60) {
                items.push((
                    key.clone(),
                    self.sub_pattern(&Shape::Scalar(*ty), depth, captures),
                ));
            }
        }
        if self.rng.chance(20) {
            items.push(("'k9'".to_string(), Pattern::Capture("_".into())));
        }
        let rest = if self.rng.chance(30) {
            Some(self.capture(captures))
        } else {
            None
        };
        Pattern::Mapping(items, rest)
    }

    /// `C(p, …, attr=p, …)` for a generated class's instance; with `errors`, sometimes one
    /// positional sub-pattern too many or an attribute named twice.
    fn instance_pattern(
        &mut self,
        class: &ClassInfo,
        depth: u32,
        captures: &mut Vec<String>,
    ) -> Pattern {
        let mut positional_count = self.rng.range(0, class.match_args as i64) as usize;
        if self.raises && self.rng.chance(30) {
            positional_count = class.match_args + 1;
        }
        let mut positional = Vec::new();
        for index in 0..positional_count {
            let ty = class.attrs.get(index).map_or(Ty::Int, |(_, ty)| *ty);
            positional.push(self.sub_pattern(&Shape::Scalar(ty), depth, captures));
        }
        let mut keywords = Vec::new();
        for (index, (name, ty)) in class.attrs.iter().enumerate() {
            let repeated = index < positional_count && self.raises && self.rng.chance(25);
            if (index >= positional_count && self.rng.chance(40)) || repeated {
                let value = self.sub_pattern(&Shape::Scalar(*ty), depth, captures);
                keywords.push((name.clone(), value));
            }
        }
        Pattern::Class(class.name.clone(), positional, keywords)
    }

    /// `a, *b, c = …` with new names: a display, a string or a range; with `errors`,
    /// sometimes too few values.
    pub(super) fn starred_assignment(&mut self) -> Stmt {
        let before = self.rng.range(0, 2) as usize;
        let after = self.rng.range(0, 2) as usize;
        let short = self.raises && self.rng.chance(20);
        let wanted = before + after;
        let count = if short && wanted > 0 {
            self.rng.range(0, wanted as i64 - 1) as usize
        } else {
            wanted + self.rng.range(0, 3) as usize
        };
        let (value, item_types): (Expr, Vec<Ty>) = match self.rng.below(4) {
            0 if self.on("strings") => {
                let text: String = "abcdéfgh".chars().take(count).collect();
                (Expr::lit(format!("'{text}'")), vec![Ty::Str; count])
            }
            1 if self.on("range") => {
                let start = self.rng.range(-3, 3);
                let args = vec![
                    Expr::lit(start.to_string()),
                    Expr::lit((start + count as i64).to_string()),
                ];
                (
                    Expr::Call("range".into(), args, Vec::new()),
                    vec![Ty::Int; count],
                )
            }
            _ => {
                let types: Vec<Ty> = (0..count).map(|_| self.any_type()).collect();
                let items = types.iter().map(|&ty| self.expr(ty, 1)).collect();
                let display = if self.on("lists") && self.rng.chance(40) {
                    Expr::List(items)
                } else {
                    Expr::Tuple(items)
                };
                (display, types)
            }
        };
        let mut targets = Vec::new();
        let mut bound = Vec::new();
        for index in 0..before {
            let ty = item_types.get(index).copied().unwrap_or(Ty::Int);
            let name = self.fresh_name(ty);
            targets.push(name.clone());
            bound.push((name, ty));
        }
        let star = self.fresh_name(Ty::List);
        targets.push(format!("*{star}"));
        bound.push((star, Ty::List));
        for index in 0..after {
            let position = item_types.len().saturating_sub(after) + index;
            let ty = item_types.get(position).copied().unwrap_or(Ty::Int);
            let name = self.fresh_name(ty);
            targets.push(name.clone());
            bound.push((name, ty));
        }
        // `*b = x` alone is a SyntaxError; `*b, = x` is not.
        if targets.len() == 1 {
            targets.push(String::new());
        }
        if !short {
            for (name, ty) in &bound {
                self.bind(name, *ty);
            }
        }
        Stmt::Assign(targets, value)
    }
}
