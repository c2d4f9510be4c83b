//! Function definitions and calls (defaults, keyword arguments, bounded recursion, closures)
//! and small classes whose attributes the other statements read and write.
//!
//! A function's body sees only its parameters (so it never assigns a global and reads it
//! before), ends in `return`, and cuts sequences it returns to a few items (`[:8]`), so a
//! chain of calls cannot grow values without bound. A recursive function's depth parameter
//! only ever receives a small literal. A class's attributes become variables named
//! `obj.attr` (and `self.attr` inside its methods) that the generator treats like any other.
//!
//! CPython: the calls exercise `Python/ceval.c` (`_PyEval_EvalFrame`, argument binding in
//! `initialize_locals`), closures `Objects/cellobject.c`, classes `Objects/typeobject.c`.

use super::{Generator, Ty};
use crate::ast::{Expr, Stmt};

/// A function the program has defined, as the generator knows it.
#[derive(Clone, Debug)]
pub(crate) struct Func {
    /// What the call is written as: `f3`, `o7.m`.
    pub name: String,
    pub params: Vec<(String, Ty)>,
    /// How many trailing parameters have defaults.
    pub defaults: usize,
    pub ret: Ty,
    /// The first parameter bounds the recursion: it only receives small literals.
    pub recursive: bool,
    /// About how many calls one call of it makes, itself included, to keep run time bounded.
    pub cost: u64,
}

/// A parameter as written: its name and its default.
type Param = (String, Option<Expr>);

/// The most a call made inside a function body may cost ([`Func::cost`]), and one at top level.
const MAX_INNER_COST: u64 = 30;
const MAX_OUTER_COST: u64 = 300;

const PARAM_TYPES: &[Ty] = &[Ty::Int, Ty::Int, Ty::Float, Ty::Bool, Ty::Str, Ty::List];
const RETURN_TYPES: &[Ty] = &[Ty::Int, Ty::Int, Ty::Float, Ty::Bool, Ty::Str, Ty::Tuple];

impl Generator<'_> {
    fn type_allowed(&self, ty: Ty) -> bool {
        match ty {
            Ty::Float => self.on("floats"),
            _ => self.type_on(ty),
        }
    }

    fn pick_type(&mut self, table: &[Ty]) -> Ty {
        let ty = self.rng.pick(table);
        if self.type_allowed(ty) {
            ty
        } else {
            Ty::Int
        }
    }

    /// The body of a function or method: `vars` are what it may read, then `return`.
    fn function_body(&mut self, vars: Vec<(String, Ty)>, ret: Ty) -> Vec<Stmt> {
        let saved_vars = std::mem::replace(&mut self.vars, vars);
        let saved_loop = std::mem::replace(&mut self.loop_depth, 0);
        let saved_block = std::mem::replace(&mut self.block_depth, 1);
        let saved_no_jump = std::mem::replace(&mut self.no_jump, false);
        self.in_function += 1;
        let count = self.rng.range(0, 3) as usize;
        let mut body = self.block(count);
        let value = self.expr(ret, 2);
        body.push(Stmt::Return(self.bounded(ret, value)));
        self.in_function -= 1;
        self.no_jump = saved_no_jump;
        self.block_depth = saved_block;
        self.loop_depth = saved_loop;
        self.vars = saved_vars;
        body
    }

    /// `value[:8]` for sequences, so returned values stay small.
    fn bounded(&mut self, ty: Ty, value: Expr) -> Expr {
        match ty {
            Ty::Str | Ty::Bytes | Ty::List | Ty::Tuple => Expr::Subscript(
                Box::new(value),
                Box::new(Expr::Slice(None, Some(Box::new(Expr::lit("8"))))),
            ),
            _ => value,
        }
    }

    /// Parameters as written (with defaults), as typed variables, and how many have defaults.
    fn params(&mut self) -> (Vec<Param>, Vec<(String, Ty)>, usize) {
        let count = self.rng.range(0, 3) as usize;
        let defaults = if count > 0 {
            self.rng.below(count + 1)
        } else {
            0
        };
        let mut params = Vec::new();
        let mut typed = Vec::new();
        for index in 0..count {
            let ty = self.pick_type(PARAM_TYPES);
            let name = self.fresh_name(ty);
            let default = if index >= count - defaults {
                Some(self.literal(ty))
            } else {
                None
            };
            params.push((name.clone(), default));
            typed.push((name, ty));
        }
        (params, typed, defaults)
    }

    /// `def f(...): ... return value`, sometimes with a closure or recursion.
    pub(super) fn function_def(&mut self) -> Stmt {
        if self.rng.chance(20) {
            return self.recursive_def();
        }
        let name = format!("f{}", self.next_var);
        self.next_var += 1;
        let ret = self.pick_type(RETURN_TYPES);
        let (params, typed, defaults) = self.params();
        let saved_cost = std::mem::replace(&mut self.call_cost, 0);
        let body = if self.rng.chance(25) {
            self.closure_body(typed.clone(), ret)
        } else {
            self.function_body(typed.clone(), ret)
        };
        let cost = 1 + std::mem::replace(&mut self.call_cost, saved_cost);
        self.funcs.push(Func {
            name: name.clone(),
            params: typed,
            defaults,
            ret,
            recursive: false,
            cost,
        });
        Stmt::Def { name, params, body }
    }

    /// Statements, then `def inner(...): return <reads the outer variables>`, then
    /// `return inner(...)`.
    fn closure_body(&mut self, outer: Vec<(String, Ty)>, ret: Ty) -> Vec<Stmt> {
        let saved_vars = std::mem::replace(&mut self.vars, outer.clone());
        let saved_funcs = self.funcs.len();
        let saved_loop = std::mem::replace(&mut self.loop_depth, 0);
        let saved_block = std::mem::replace(&mut self.block_depth, 1);
        let saved_no_jump = std::mem::replace(&mut self.no_jump, false);
        self.in_function += 1;
        let count = self.rng.range(0, 2) as usize;
        let mut body = self.block(count);
        // The inner function only reads what it sees of the outer one: no assignment could
        // make an outer name local to it.
        let inner = format!("g{}", self.next_var);
        self.next_var += 1;
        let (params, typed, defaults) = self.params();
        let mut visible = self.vars.clone();
        visible.extend(typed.iter().cloned());
        let saved_outer = std::mem::replace(&mut self.vars, visible);
        let value = self.expr(ret, 2);
        let value = self.bounded(ret, value);
        self.vars = saved_outer;
        body.push(Stmt::Def {
            name: inner.clone(),
            params,
            body: vec![Stmt::Return(value)],
        });
        let func = Func {
            name: inner,
            params: typed,
            defaults,
            ret,
            recursive: false,
            cost: 1,
        };
        body.push(Stmt::Return(self.call(&func, 1)));
        self.in_function -= 1;
        self.no_jump = saved_no_jump;
        self.block_depth = saved_block;
        self.loop_depth = saved_loop;
        self.funcs.truncate(saved_funcs);
        self.vars = saved_vars;
        body
    }

    /// `def r(k, a): if k <= 0: return … / return r(k - 1, …) op …` with `k` a small literal
    /// at every call.
    fn recursive_def(&mut self) -> Stmt {
        let name = format!("r{}", self.next_var);
        self.next_var += 1;
        let ret = self.pick_type(&[Ty::Int, Ty::Int, Ty::Str, Ty::List, Ty::Float]);
        let depth = self.fresh_name(Ty::Int);
        let acc = self.fresh_name(ret);
        let params = vec![(depth.clone(), None), (acc.clone(), None)];
        let typed = vec![(depth.clone(), Ty::Int), (acc.clone(), ret)];
        let saved_cost = std::mem::replace(&mut self.call_cost, 0);
        let saved_vars = std::mem::replace(&mut self.vars, typed.clone());
        self.in_function += 1;
        let base = self.expr(ret, 2);
        let base = self.bounded(ret, base);
        let step = self.expr(ret, 1);
        let recurse = Expr::Call(
            name.clone(),
            vec![
                Expr::bin(Expr::Name(depth.clone()), "-", Expr::lit("1")),
                step,
            ],
            Vec::new(),
        );
        let other = self.expr(ret, 1);
        let combined = match ret {
            Ty::Int | Ty::Float => {
                let op = self.rng.pick(&["+", "-"]);
                Expr::bin(recurse, op, other)
            }
            _ => Expr::bin(other, "+", recurse),
        };
        let combined = self.bounded(ret, combined);
        self.in_function -= 1;
        self.vars = saved_vars;
        // Six levels at most (the depth argument is at most 5).
        let cost = 6 * (1 + std::mem::replace(&mut self.call_cost, saved_cost));
        let func = Func {
            name: name.clone(),
            params: typed,
            defaults: 0,
            ret,
            recursive: true,
            cost,
        };
        let test = Expr::Compare(Box::new(Expr::Name(depth)), vec![("<=", Expr::lit("0"))]);
        let body = vec![
            Stmt::If(test, vec![Stmt::Return(base)], Vec::new()),
            Stmt::Return(combined),
        ];
        self.funcs.push(func);
        Stmt::Def { name, params, body }
    }

    /// A call of a defined function returning `ty`, if there is one.
    pub(super) fn function_call(&mut self, ty: Ty, d: u32) -> Option<Expr> {
        let limit = if self.in_function > 0 {
            MAX_INNER_COST
        } else {
            MAX_OUTER_COST
        };
        let repeat = 4u64.pow(self.loop_depth as u32);
        let candidates: Vec<usize> = (0..self.funcs.len())
            .filter(|&i| self.funcs[i].ret == ty && self.funcs[i].cost * repeat <= limit)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let func = self.funcs[candidates[self.rng.below(candidates.len())]].clone();
        self.call_cost += func.cost * repeat;
        Some(self.call(&func, d))
    }

    /// Positional arguments, then keyword ones; parameters with defaults may be left out.
    pub(super) fn call(&mut self, func: &Func, d: u32) -> Expr {
        let required = func.params.len() - func.defaults;
        let given = self.rng.range(required as i64, func.params.len() as i64) as usize;
        let positional = self.rng.range(required.min(1) as i64, given as i64) as usize;
        let mut args = Vec::new();
        let mut keywords = Vec::new();
        for (index, (name, ty)) in func.params.iter().enumerate() {
            let value = if index == 0 && func.recursive {
                Expr::lit(self.rng.range(-1, 5).to_string())
            } else {
                self.expr(*ty, d)
            };
            if index < positional {
                args.push(value);
            } else if index < required || (index < given) || self.rng.chance(30) {
                keywords.push((name.clone(), value));
            }
        }
        Expr::Call(func.name.clone(), args, keywords)
    }

    /// `class C: def __init__(self, …): self.a = a …; def m(self, …): …`, then an instance
    /// whose attributes become variables. Returns the class and the instance's assignment.
    pub(super) fn class_def(&mut self) -> Vec<Stmt> {
        let class = format!("C{}", self.next_var);
        self.next_var += 1;
        let count = self.rng.range(1, 3) as usize;
        let mut attrs = Vec::new();
        let mut init_params = vec![("self".to_string(), None)];
        let mut init_body = Vec::new();
        for _ in 0..count {
            let ty = self.pick_type(PARAM_TYPES);
            let name = self.fresh_name(ty);
            init_params.push((name.clone(), None));
            init_body.push(Stmt::Assign(
                vec![format!("self.{name}")],
                Expr::Name(name.clone()),
            ));
            attrs.push((name, ty));
        }
        let mut body = vec![Stmt::Def {
            name: "__init__".into(),
            params: init_params,
            body: init_body,
        }];
        // `__match_args__`, for positional sub-patterns in class patterns.
        let match_args = if self.on("match") && self.rng.chance(50) {
            let count = self.rng.range(1, attrs.len() as i64) as usize;
            let names = attrs[..count]
                .iter()
                .map(|(name, _)| Expr::lit(format!("'{name}'")))
                .collect();
            body.insert(
                0,
                Stmt::Assign(vec!["__match_args__".into()], Expr::Tuple(names)),
            );
            count
        } else {
            0
        };
        // A method reading and writing `self.…`.
        let ret = self.pick_type(RETURN_TYPES);
        let (mut params, typed, defaults) = self.params();
        let mut visible: Vec<(String, Ty)> = attrs
            .iter()
            .map(|(n, t)| (format!("self.{n}"), *t))
            .collect();
        visible.extend(typed.iter().cloned());
        let saved_cost = std::mem::replace(&mut self.call_cost, 0);
        let method_body = self.function_body(visible, ret);
        let cost = 1 + std::mem::replace(&mut self.call_cost, saved_cost);
        params.insert(0, ("self".into(), None));
        body.push(Stmt::Def {
            name: "m".into(),
            params,
            body: method_body,
        });
        let shows = self.on("str") && self.rng.chance(40);
        if shows {
            // A user `__str__`, shown by print.
            let (first, _) = &attrs[0];
            body.push(Stmt::Def {
                name: self.rng.pick(&["__str__", "__repr__"]).into(),
                params: vec![("self".into(), None)],
                body: vec![Stmt::Return(Expr::Call(
                    "str".into(),
                    vec![Expr::Name(format!("self.{first}"))],
                    Vec::new(),
                ))],
            });
        }
        let instance = format!("o{}", self.next_var);
        self.next_var += 1;
        let args = attrs
            .iter()
            .map(|(_, ty)| self.expr(*ty, 2))
            .collect::<Vec<_>>();
        let create = Stmt::Assign(
            vec![instance.clone()],
            Expr::Call(class.clone(), args, Vec::new()),
        );
        for (name, ty) in &attrs {
            self.bind(&format!("{instance}.{name}"), *ty);
        }
        self.classes.push(super::matching::ClassInfo {
            name: class.clone(),
            instance: instance.clone(),
            attrs: attrs.clone(),
            match_args,
        });
        self.funcs.push(Func {
            name: format!("{instance}.m"),
            params: typed,
            defaults,
            ret,
            recursive: false,
            cost,
        });
        let mut out = vec![
            Stmt::Class {
                name: class,
                base: None,
                body,
            },
            create,
        ];
        if let Some(method) = self.funcs.last().cloned() {
            let call = self.call(&method, 2);
            out.push(Stmt::Expr(Expr::Call(
                "print".into(),
                vec![call],
                Vec::new(),
            )));
        }
        if shows {
            out.push(Stmt::Expr(Expr::Call(
                "print".into(),
                vec![Expr::Name(instance)],
                Vec::new(),
            )));
        }
        out
    }
}
