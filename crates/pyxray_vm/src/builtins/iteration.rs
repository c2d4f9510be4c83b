//! The built-ins that walk an iterable: `min`, `max`, `sum`, `sorted`, `any`, `all`, and the
//! ones that make iterators: `enumerate`, `zip`, `reversed`, `iter`, `next`, `map`, `filter`.
//!
//! CPython: `Python/bltinmodule.c` (`min_max`, `builtin_sum_impl`, `builtin_sorted`,
//! `builtin_any`, `builtin_all`, `zip_new`, `map_new`, `filter_new`, `builtin_iter`,
//! `builtin_next`), `Objects/enumobject.c` (`enum_new_impl`, `reversed_new_impl`).

use num_bigint::BigInt;

use super::{exactly_one, Builtin, Keywords};
use crate::heap::ObjId;
use crate::methods::{as_index, take_keywords};
use crate::objects::{compare, is_true, range_length, Object, Raise};
use crate::vm::{Fault, Vm};

/// What `sum` adds to a float total without leaving its compensated loop: a float, or an
/// int (bool) that fits a C long.
fn float_addend(object: Option<&Object>) -> Option<f64> {
    match object {
        Some(Object::Float(x)) => Some(*x),
        Some(Object::Int(i)) => i64::try_from(i).ok().map(|v| v as f64),
        Some(Object::Bool(b)) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// `_PyArg_CheckPositional`: "NAME expected at least 1 argument, got 0".
fn check_positional(name: &str, given: usize, min: usize, max: usize) -> Result<(), Raise> {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let message = if min == max && given != min {
        format!("{name} expected {min} argument{}, got {given}", plural(min))
    } else if given < min {
        format!(
            "{name} expected at least {min} argument{}, got {given}",
            plural(min)
        )
    } else if given > max {
        format!(
            "{name} expected at most {max} argument{}, got {given}",
            plural(max)
        )
    } else {
        return Ok(());
    };
    Err(Raise::new("TypeError", message))
}

impl Vm {
    /// `min(iterable, *, key=None, default=…)` or `min(a, b, *rest, key=None)`; `max` alike.
    pub(super) fn builtin_min_max(
        &mut self,
        builtin: Builtin,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        let name = builtin.name();
        let mut key = None;
        let mut default = None;
        for (keyword, value) in take_keywords(name, keywords, &["key", "default"])? {
            if keyword == "key" {
                if !matches!(self.heap.get(value), Some(Object::None)) {
                    key = Some(value);
                }
            } else {
                default = Some(value);
            }
        }
        check_positional(name, args.len(), 1, usize::MAX)?;
        let items = if let [iterable] = args {
            self.unpack_all(*iterable)?
        } else {
            if default.is_some() {
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "Cannot specify a default for {name}() with multiple positional arguments"
                    ),
                )
                .into());
            }
            for &arg in args {
                self.heap.incref(arg);
            }
            args.to_vec()
        };
        // `<` for min, `>` for max, the new item on the left as CPython compares.
        let op = if builtin == Builtin::Min { 0 } else { 4 };
        let result = self.best_item(&items, key, op);
        self.release(&items);
        match result? {
            Some(best) => Ok(best),
            None => match default {
                Some(default) => {
                    self.heap.incref(default);
                    Ok(default)
                }
                None => Err(Raise::new(
                    "ValueError",
                    format!("{name}() iterable argument is empty"),
                )
                .into()),
            },
        }
    }

    /// The first item whose key beats every other under `op`, as a new reference.
    fn best_item(
        &mut self,
        items: &[ObjId],
        key: Option<ObjId>,
        op: u32,
    ) -> Result<Option<ObjId>, Fault> {
        let mut best: Option<(ObjId, ObjId)> = None;
        let mut outcome = Ok(());
        for &item in items {
            let item_key = match key {
                Some(function) => match self.call_native(function, &[item]) {
                    Ok(value) => value,
                    Err(fault) => {
                        outcome = Err(fault);
                        break;
                    }
                },
                None => {
                    self.heap.incref(item);
                    item
                }
            };
            match best {
                None => best = Some((item, item_key)),
                Some((_, best_key)) => match compare(&self.heap, op, item_key, best_key) {
                    Ok(true) => {
                        self.heap.decref(best_key);
                        best = Some((item, item_key));
                    }
                    Ok(false) => self.heap.decref(item_key),
                    Err(raise) => {
                        self.heap.decref(item_key);
                        outcome = Err(raise.into());
                        break;
                    }
                },
            }
        }
        if let Some((_, best_key)) = best {
            self.heap.decref(best_key);
        }
        outcome?;
        Ok(best.map(|(item, _)| {
            self.heap.incref(item);
            item
        }))
    }

    /// `sum(iterable, /, start=0)`.
    pub(super) fn builtin_sum(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if args.len() + keywords.len() > 2 {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "sum() takes at most 2 arguments ({} given)",
                    args.len() + keywords.len()
                ),
            )
            .into());
        }
        let mut start = None;
        for (_, value) in take_keywords("sum", keywords, &["start"])? {
            start = Some(value);
        }
        if args.is_empty() {
            return Err(Raise::new(
                "TypeError",
                "sum() takes at least 1 positional argument (0 given)",
            )
            .into());
        }
        if args.len() > 2 || (args.len() == 2 && start.is_some()) {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "sum() takes at most 2 arguments ({} given)",
                    args.len() + keywords.len()
                ),
            )
            .into());
        }
        let start = start.or(args.get(1).copied());
        if let Some(start) = start {
            let refused = match self.heap.get(start) {
                Some(Object::Str(_)) => Some("sum() can't sum strings [use ''.join(seq) instead]"),
                Some(Object::Bytes(_)) => Some("sum() can't sum bytes [use b''.join(seq) instead]"),
                _ => None,
            };
            if let Some(message) = refused {
                return Err(Raise::new("TypeError", message).into());
            }
        }
        let iterator = self.get_iter(args[0])?;
        let mut total = match start {
            Some(start) => {
                self.heap.incref(start);
                start
            }
            None => self.new_int(BigInt::from(0)),
        };
        // While the total is a float, floats (and ints that fit a C long) are added with
        // Neumaier's compensated summation, as CPython 3.12+ does: the running error
        // `compensation` is folded in when the float run ends.
        let mut float_run: Option<(f64, f64)> = None;
        let outcome = loop {
            match self.iterator_next(iterator) {
                Ok(Some(item)) => {
                    if float_run.is_none() {
                        if let Some(Object::Float(x)) = self.heap.get(total) {
                            float_run = Some((*x, 0.0));
                        }
                    }
                    if let (Some((sum, compensation)), Some(x)) =
                        (float_run, float_addend(self.heap.get(item)))
                    {
                        self.heap.decref(item);
                        let t = sum + x;
                        let error = if sum.abs() >= x.abs() {
                            (sum - t) + x
                        } else {
                            (x - t) + sum
                        };
                        float_run = Some((t, compensation + error));
                        continue;
                    }
                    if let Some((sum, compensation)) = float_run.take() {
                        self.heap.decref(total);
                        total = self.new_result(Object::Float(sum + compensation))?;
                    }
                    let sum = self.binary_op(0, total, item);
                    self.heap.decref(item);
                    self.heap.decref(total);
                    match sum {
                        Ok(sum) => total = sum,
                        Err(fault) => {
                            self.heap.decref(iterator);
                            return Err(fault);
                        }
                    }
                }
                Ok(None) => {
                    if let Some((sum, compensation)) = float_run {
                        let result = if compensation != 0.0 && compensation.is_finite() {
                            sum + compensation
                        } else {
                            sum
                        };
                        self.heap.decref(total);
                        total = self.new_result(Object::Float(result))?;
                    }
                    break Ok(total);
                }
                Err(fault) => {
                    self.heap.decref(total);
                    break Err(fault);
                }
            }
        };
        self.heap.decref(iterator);
        outcome
    }

    /// `sorted(iterable, /, *, key=None, reverse=False)`: a new sorted list.
    pub(super) fn builtin_sorted(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        check_positional("sorted", args.len(), 1, 1)?;
        let (key, reverse) = self.sort_options("sort", keywords)?;
        let items = self.unpack_all(args[0])?;
        match self.sort_items(items.clone(), key, reverse) {
            Ok(sorted) => self.new_result(Object::List(sorted)),
            Err(fault) => {
                self.release(&items);
                Err(fault)
            }
        }
    }

    /// `any(iterable)` and `all(iterable)`: stop at the first true (false) item.
    pub(super) fn builtin_any_all(
        &mut self,
        builtin: Builtin,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        let iterable = exactly_one(builtin.name(), args, keywords)?;
        let looking_for = builtin == Builtin::Any;
        let iterator = self.get_iter(iterable)?;
        let outcome = loop {
            match self.iterator_next(iterator) {
                Ok(Some(item)) => {
                    let truth = is_true(&self.heap, item);
                    self.heap.decref(item);
                    if truth == looking_for {
                        break Ok(looking_for);
                    }
                }
                Ok(None) => break Ok(!looking_for),
                Err(fault) => break Err(fault),
            }
        };
        self.heap.decref(iterator);
        Ok(self.new_bool(outcome?))
    }

    /// `enumerate(iterable, start=0)`.
    pub(super) fn builtin_enumerate(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        let mut iterable = args.first().copied();
        let mut start = args.get(1).copied();
        if let Some((name, _)) = keywords
            .iter()
            .find(|(name, _)| name != "iterable" && name != "start")
        {
            return Err(Raise::new(
                "TypeError",
                format!("'{name}' is an invalid keyword argument for enumerate()"),
            )
            .into());
        }
        for (name, value) in take_keywords("enumerate", keywords, &["iterable", "start"])? {
            if name == "iterable" {
                iterable = Some(value);
            } else {
                start = Some(value);
            }
        }
        if args.len() > 2 {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "enumerate() takes at most 2 arguments ({} given)",
                    args.len()
                ),
            )
            .into());
        }
        let Some(iterable) = iterable else {
            return Err(Raise::new(
                "TypeError",
                "enumerate() missing required argument 'iterable'",
            )
            .into());
        };
        let count = match start {
            Some(start) => as_index(self, start)?,
            None => BigInt::from(0),
        };
        let iterator = self.get_iter(iterable)?;
        self.new_result(Object::Enumerate { iterator, count })
    }

    /// `zip(*iterables, strict=False)`.
    pub(super) fn builtin_zip(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        let mut strict = false;
        for (_, value) in take_keywords("zip", keywords, &["strict"])? {
            strict = is_true(&self.heap, value);
        }
        let mut iterators = Vec::with_capacity(args.len());
        for &arg in args {
            match self.get_iter(arg) {
                Ok(iterator) => iterators.push(iterator),
                Err(fault) => {
                    self.release(&iterators);
                    return Err(fault);
                }
            }
        }
        self.new_result(Object::Zip { iterators, strict })
    }

    /// `reversed(sequence)`.
    pub(super) fn builtin_reversed(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            return Err(Raise::new("TypeError", "reversed() takes no keyword arguments").into());
        }
        check_positional("reversed", args.len(), 1, 1)?;
        let sequence = args[0];
        let object = match self.heap.get(sequence) {
            Some(Object::List(items) | Object::Tuple(items)) => Object::ReverseIterator {
                sequence,
                remaining: items.len(),
            },
            Some(Object::Str(text)) => Object::ReverseIterator {
                sequence,
                remaining: text.chars().count(),
            },
            Some(Object::Bytes(bytes)) => Object::ReverseIterator {
                sequence,
                remaining: bytes.len(),
            },
            Some(Object::Range { start, stop, step }) => {
                let length = range_length(start, stop, step);
                let last = start + (&length - 1) * step;
                let object = Object::RangeIterator {
                    stop: &last - &length * step,
                    next: last,
                    step: -step.clone(),
                };
                return self.new_result(object);
            }
            Some(Object::Dict(_) | Object::DictView { .. }) => {
                // A snapshot of the keys (values, items) in order, given back to front.
                let items = self.unpack_all(sequence)?;
                let remaining = items.len();
                let list = self.new_result(Object::List(items))?;
                return self.new_result(Object::ReverseIterator {
                    sequence: list,
                    remaining,
                });
            }
            other => {
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "'{}' object is not reversible",
                        other.map_or("object", Object::type_name)
                    ),
                )
                .into())
            }
        };
        self.heap.incref(sequence);
        self.new_result(object)
    }

    /// `iter(object)`; the two-argument form needs calls from native code.
    pub(super) fn builtin_iter(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            return Err(Raise::new("TypeError", "iter() takes no keyword arguments").into());
        }
        check_positional("iter", args.len(), 1, 2)?;
        if args.len() == 2 {
            return Err(Fault::Internal(
                "not supported yet: iter(callable, sentinel)".to_string(),
            ));
        }
        self.get_iter(args[0])
    }

    /// `next(iterator[, default])`.
    pub(super) fn builtin_next(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            return Err(Raise::new("TypeError", "next() takes no keyword arguments").into());
        }
        check_positional("next", args.len(), 1, 2)?;
        if !self.is_iterator(args[0]) {
            let kind = self.heap.get(args[0]).map_or("object", Object::type_name);
            return Err(
                Raise::new("TypeError", format!("'{kind}' object is not an iterator")).into(),
            );
        }
        match (self.iterator_next(args[0])?, args.get(1)) {
            (Some(item), _) => Ok(item),
            (None, Some(&default)) => {
                self.heap.incref(default);
                Ok(default)
            }
            (None, None) => Err(Raise::new("StopIteration", "").into()),
        }
    }

    /// Whether `id` is an iterator (has `__next__`).
    fn is_iterator(&self, id: ObjId) -> bool {
        matches!(
            self.heap.get(id),
            Some(Object::SeqIterator { .. } | Object::RangeIterator { .. })
        ) || self.is_plain_generator(id)
            || self.is_library_iterator(id)
    }

    /// `map(function, iterable, *iterables)`.
    pub(super) fn builtin_map(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        take_keywords("map", keywords, &["strict"])?;
        if args.len() < 2 {
            return Err(Raise::new("TypeError", "map() must have at least two arguments.").into());
        }
        let mut iterators = Vec::with_capacity(args.len() - 1);
        for &arg in &args[1..] {
            match self.get_iter(arg) {
                Ok(iterator) => iterators.push(iterator),
                Err(fault) => {
                    self.release(&iterators);
                    return Err(fault);
                }
            }
        }
        self.heap.incref(args[0]);
        self.new_result(Object::Map {
            function: args[0],
            iterators,
        })
    }

    /// `filter(function or None, iterable)`.
    pub(super) fn builtin_filter(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            return Err(Raise::new("TypeError", "filter() takes no keyword arguments").into());
        }
        check_positional("filter", args.len(), 2, 2)?;
        let iterator = self.get_iter(args[1])?;
        self.heap.incref(args[0]);
        self.new_result(Object::Filter {
            function: args[0],
            iterator,
        })
    }
}
