//! Built-ins that combine items with operators a user class defines: `sum` adding with
//! `__add__`/`__radd__`, `min`/`max` comparing with `__lt__`/`__gt__`, and `sorted` /
//! `list.sort` ordering with `__lt__`. Each operator method runs as a frame; the built-in
//! goes on when it returns.
//!
//! CPython: `Python/bltinmodule.c` (`builtin_sum_impl`: `PyNumber_Add(result, item)` from
//! `start`; `min_max`: `PyObject_RichCompareBool(item, maxitem, op)`), `Objects/listobject.c`
//! (`binarysort`: each item is inserted by binary search with `<`). pyxray sorts by binary
//! insertion over the whole list, which makes CPython's comparisons for lists of fewer than
//! 64 items already in run order; for other lists the comparisons may differ in order and
//! number (never the result, for a consistent `__lt__`).

use crate::dunder::DunderOp;
use crate::heap::ObjId;
use crate::native_call::Continuation;
use crate::objects::{is_true, Object};
use crate::vm::{Fault, Vm};

/// `COMPARE_OP` indices of `<` and `>`.
const LESS: u32 = 0;
const GREATER: u32 = 4;

/// What a reduction is doing.
#[derive(Clone, Debug, PartialEq)]
enum Reduction {
    /// `sum`: the running total (owned).
    Sum { total: ObjId },
    /// `min` (`op` is `<`) / `max` (`>`): the index of the best item so far.
    Select { op: u32, best: usize },
    /// `sorted` / `list.sort`: the sorted prefix holds `sorted` items; binary search for
    /// where item `sorted` goes is between `low` and `high`. `target` is the list sorted in
    /// place by `list.sort` (owned).
    Sort {
        sorted: usize,
        low: usize,
        high: usize,
        reverse: bool,
        target: Option<ObjId>,
    },
}

/// A reduction over `items` (owned), waiting for an operator method.
#[derive(Clone, Debug, PartialEq)]
struct Reduce {
    name: &'static str,
    items: Vec<ObjId>,
    /// The next item to combine (`Sum`, `Select`).
    index: usize,
    how: Reduction,
}

impl Continuation for Reduce {
    fn name(&self) -> &'static str {
        self.name
    }

    fn references(&self) -> Vec<ObjId> {
        let mut held = self.items.clone();
        match self.how {
            Reduction::Sum { total } => held.push(total),
            Reduction::Sort {
                target: Some(list), ..
            } => held.push(list),
            _ => {}
        }
        held
    }

    fn resume(mut self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        self.apply(vm, returned);
        vm.continue_reduce(*self)
    }
}

impl Reduce {
    /// Takes in an operator's result (owned): the new total, a new best item, or one step
    /// of the binary search (`binarysort`: `pivot < a[p]` searches left of `p`).
    fn apply(&mut self, vm: &mut Vm, returned: ObjId) {
        match &mut self.how {
            Reduction::Sum { total } => {
                let old = std::mem::replace(total, returned);
                vm.heap.decref(old);
                self.index += 1;
            }
            Reduction::Select { best, .. } => {
                if is_true(&vm.heap, returned) {
                    *best = self.index;
                }
                vm.heap.decref(returned);
                self.index += 1;
            }
            Reduction::Sort {
                sorted, low, high, ..
            } => {
                let less = is_true(&vm.heap, returned);
                vm.heap.decref(returned);
                let middle = (*low + *high) / 2;
                if less {
                    *high = middle;
                } else {
                    *low = middle + 1;
                }
                if low == high {
                    let pivot = self.items.remove(*sorted);
                    self.items.insert(*low, pivot);
                    *sorted += 1;
                    *low = 0;
                    *high = *sorted;
                }
            }
        }
    }
}

impl Vm {
    /// `sum`, `min`, `max`, `sorted` or `list.sort` over items that user classes compare or
    /// add: each operator method runs as a frame. `Ok(false)` when no item is an instance
    /// (the native built-in runs). Arguments are borrowed.
    pub(crate) fn reduce_with_operators(
        &mut self,
        callable: ObjId,
        args: &[ObjId],
        keywords: &[(String, ObjId)],
    ) -> Result<bool, Fault> {
        use crate::builtins::Builtin;
        let (name, source, target) = match self.heap.get(callable) {
            Some(Object::BuiltinFunction(builtin)) => match builtin {
                Builtin::Sum | Builtin::Sorted => (builtin.name(), args.first().copied(), None),
                Builtin::Min | Builtin::Max if args.len() == 1 => {
                    (builtin.name(), args.first().copied(), None)
                }
                Builtin::Min | Builtin::Max => (builtin.name(), None, None),
                _ => return Ok(false),
            },
            Some(Object::BuiltinMethod {
                type_name: "list",
                name: "sort",
                bound,
            }) => {
                let list = bound.or(args.first().copied());
                ("sort", list, list)
            }
            _ => return Ok(false),
        };
        let items = match source.and_then(|s| self.heap.get(s)) {
            Some(Object::List(items) | Object::Tuple(items)) => items.clone(),
            Some(_) => return Ok(false),
            None if name == "min" || name == "max" => args.to_vec(),
            None => return Ok(false),
        };
        let instance = |id: &ObjId| matches!(self.heap.get(*id), Some(Object::Instance { .. }));
        let start = keywords
            .iter()
            .find(|(k, _)| k == "start")
            .map(|&(_, v)| v)
            .or(if name == "sum" {
                args.get(1).copied()
            } else {
                None
            });
        if !items.iter().any(instance) && !start.as_ref().is_some_and(instance) {
            return Ok(false);
        }
        let allowed: &[&str] = match name {
            "sum" => &["start"],
            "min" | "max" => &[],
            _ => &["reverse"],
        };
        if keywords.iter().any(|(k, _)| !allowed.contains(&k.as_str())) || items.is_empty() {
            // key=, default= and empty inputs: the native built-in says what it does.
            return Ok(false);
        }
        let reverse = keywords
            .iter()
            .any(|(k, v)| k == "reverse" && is_true(&self.heap, *v));
        for &item in &items {
            self.heap.incref(item);
        }
        let how = match name {
            "sum" => {
                let total = start.unwrap_or_else(|| self.new_int(0.into()));
                self.heap.incref(total);
                Reduction::Sum { total }
            }
            "min" => Reduction::Select { op: LESS, best: 0 },
            "max" => Reduction::Select {
                op: GREATER,
                best: 0,
            },
            _ => {
                if let Some(list) = target {
                    self.heap.incref(list);
                }
                Reduction::Sort {
                    sorted: 1,
                    low: 0,
                    high: 1,
                    reverse,
                    target,
                }
            }
        };
        let mut items = items;
        if reverse {
            // `list_sort_impl`: reversed, sorted stably, reversed back.
            items.reverse();
        }
        let index = usize::from(name != "sum");
        self.continue_reduce(Reduce {
            name,
            items,
            index,
            how,
        })?;
        Ok(true)
    }

    /// Starts the next operator call, or finishes with the reduction's result. Operators
    /// between built-in values answer at once, in this loop.
    fn continue_reduce(&mut self, mut state: Reduce) -> Result<(), Fault> {
        loop {
            let (op, left, right) = match &state.how {
                Reduction::Sum { total } if state.index < state.items.len() => {
                    (DunderOp::Binary(0), *total, state.items[state.index])
                }
                Reduction::Select { op, best } if state.index < state.items.len() => (
                    DunderOp::Compare(*op, true),
                    state.items[state.index],
                    state.items[*best],
                ),
                Reduction::Sort {
                    sorted, low, high, ..
                } if *sorted < state.items.len() => {
                    let middle = (low + high) / 2;
                    (
                        DunderOp::Compare(LESS, true),
                        state.items[*sorted],
                        state.items[middle],
                    )
                }
                _ => return self.finish_reduce(state),
            };
            // The operator call owns references of its own to the operands.
            self.heap.incref(left);
            self.heap.incref(right);
            if self.operator_then(op, left, right, Box::new(state.clone()))? {
                return Ok(());
            }
            let result = match op {
                DunderOp::Binary(oparg) => self.binary_op(oparg, left, right),
                DunderOp::Compare(cmp, _) => crate::objects::compare(&self.heap, cmp, left, right)
                    .map(|truth| self.new_bool(truth))
                    .map_err(Fault::from),
            };
            self.release(&[left, right]);
            match result {
                Ok(result) => state.apply(self, result),
                Err(fault) => {
                    let held = Continuation::references(&state);
                    self.release(&held);
                    return Err(fault);
                }
            }
        }
    }

    /// The reduction's result pushed as the call's.
    fn finish_reduce(&mut self, state: Reduce) -> Result<(), Fault> {
        let result = match state.how {
            Reduction::Sum { total } => {
                self.release(&state.items);
                total
            }
            Reduction::Select { best, .. } => {
                let chosen = state.items[best];
                self.heap.incref(chosen);
                self.release(&state.items);
                chosen
            }
            Reduction::Sort {
                target: None,
                reverse,
                ..
            } => {
                let mut items = state.items;
                if reverse {
                    items.reverse();
                }
                self.new_result(Object::List(items))?
            }
            Reduction::Sort {
                target: Some(list),
                reverse,
                ..
            } => {
                let mut items = state.items;
                if reverse {
                    items.reverse();
                }
                let old = self
                    .heap
                    .update(list, |object| match object {
                        Object::List(existing) => std::mem::replace(existing, items),
                        _ => Vec::new(),
                    })
                    .unwrap_or_default();
                self.release(&old);
                self.heap.decref(list);
                self.none
            }
        };
        self.push_value(result)
    }
}
