//! `sorted(items, key=f)`, `list.sort(key=f)`, `min(…, key=f)` and `max(…, key=f)` with a
//! Python key function: each call of `f` is a frame the student steps through, one item
//! after another — the calls CPython makes, in its order. A sort runs once every key is
//! known; `min`/`max` compare each key with the best so far as soon as it returns.
//!
//! CPython: `Objects/listobject.c` (`list_sort_impl`: the keys are computed first, in item
//! order, then the items are sorted by them). CPython calls the key function on its C stack;
//! pyxray keeps the sort's progress in the key frame's return action instead. Unlike CPython,
//! `list.sort` leaves the list as it is while the keys are computed (CPython empties it).

use crate::frame::KeyCalls;
use crate::heap::ObjId;
use crate::native_call::Continuation;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

/// A key function's frame that a sort, `min` or `max` waits for.
#[derive(Clone, Debug, PartialEq)]
struct KeyCall(KeyCalls);

impl Continuation for KeyCall {
    fn name(&self) -> &'static str {
        "sorted"
    }

    fn references(&self) -> Vec<ObjId> {
        let state = &self.0;
        std::iter::once(state.callable)
            .chain(state.args.iter().copied())
            .chain(state.items.iter().copied())
            .chain(state.keys.iter().copied())
            .collect()
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        vm.key_returned(self.0, returned)
    }
}

impl Vm {
    /// The Python key function of a call to `sorted` or `list.sort`, if it has one.
    pub(crate) fn python_key_function(
        &self,
        callable: ObjId,
        keywords: &[(String, ObjId)],
    ) -> Option<ObjId> {
        let sorts = match self.heap.get(callable) {
            Some(Object::BuiltinFunction(builtin)) => {
                matches!(builtin.name(), "sorted" | "min" | "max")
            }
            Some(Object::BuiltinMethod {
                type_name, name, ..
            }) => *type_name == "list" && *name == "sort",
            _ => false,
        };
        if !sorts {
            return None;
        }
        keywords
            .iter()
            .find(|(name, _)| name == "key")
            .map(|&(_, key)| key)
            .filter(|&key| matches!(self.heap.get(key), Some(Object::Function(_))))
    }

    /// Starts the key calls of a sort (the call's references are owned and kept until the
    /// sort is done).
    pub(crate) fn start_key_calls(
        &mut self,
        callable: ObjId,
        args: Vec<ObjId>,
        positional_count: usize,
        keywords: Vec<(String, ObjId)>,
        key: ObjId,
    ) -> Result<(), Fault> {
        let reverse = keywords
            .iter()
            .find(|(name, _)| name == "reverse")
            .is_some_and(|&(_, value)| crate::objects::is_true(&self.heap, value));
        // `sorted(iterable)` reads its argument; `list.sort` sorts the list it is bound to.
        let target = match self.heap.get(callable) {
            Some(Object::BuiltinMethod { bound, .. }) => bound.or(args.first().copied()),
            _ => None,
        };
        let source = target.or(args.first().copied());
        let select = match self.heap.get(callable) {
            Some(Object::BuiltinFunction(builtin)) if builtin.name() != "sorted" => {
                let op = if builtin.name() == "min" { 0 } else { 4 };
                let default = keywords
                    .iter()
                    .find(|(name, _)| name == "default")
                    .map(|&(_, value)| value);
                Some((op, None, default))
            }
            _ => None,
        };
        let items = match source {
            // `min(a, b, key=f)` chooses among its arguments.
            Some(_) if select.is_some() && positional_count > 1 => {
                let items = args[..positional_count].to_vec();
                for &item in &items {
                    self.heap.incref(item);
                }
                Ok(items)
            }
            Some(source) if positional_count <= 1 || target.is_some() => self.unpack_all(source),
            _ => Err(Raise::new("TypeError", "sorted expected 1 argument").into()),
        };
        let items = match items {
            Ok(items) => items,
            Err(fault) => {
                self.release(&args);
                self.heap.decref(callable);
                return Err(fault);
            }
        };
        let state = KeyCalls {
            callable,
            args,
            target,
            key,
            reverse,
            items,
            keys: Vec::new(),
            select,
        };
        self.continue_key_calls(state)
    }

    /// Calls the key function on the next item, or sorts once every key is known.
    pub(crate) fn continue_key_calls(&mut self, state: KeyCalls) -> Result<(), Fault> {
        if let Some(&item) = state.items.get(state.keys.len()) {
            self.heap.incref(item);
            let key = state.key;
            return self.call_then(key, vec![item], Box::new(KeyCall(state)));
        }
        if let Some((_, best, default)) = state.select {
            return self.finish_selection(state, best, default);
        }
        let KeyCalls {
            callable,
            args,
            target,
            reverse,
            items,
            keys,
            ..
        } = state;
        let sorted = self.sort_with_keys(items.clone(), keys, reverse);
        let result = match (sorted, target) {
            (Ok(sorted), Some(list)) => {
                let old = self
                    .heap
                    .update(list, |object| match object {
                        Object::List(existing) => std::mem::replace(existing, sorted),
                        _ => Vec::new(),
                    })
                    .unwrap_or_default();
                self.release(&old);
                Ok(self.none)
            }
            (Ok(sorted), None) => self.new_result(Object::List(sorted)),
            (Err(fault), _) => {
                self.release(&items);
                Err(fault)
            }
        };
        self.release(&args);
        self.heap.decref(callable);
        let result = result?;
        self.push_value(result)
    }

    /// A key frame returned its key. For `min`/`max` it is compared with the best key at
    /// once, as CPython's `min_max` does before calling the key function again.
    fn key_returned(&mut self, mut state: KeyCalls, key: ObjId) -> Result<(), Fault> {
        state.keys.push(key);
        if let Some((op, best, default)) = state.select {
            let index = state.keys.len() - 1;
            let better = match best {
                None => Ok(true),
                Some(best) => crate::objects::compare(&self.heap, op, key, state.keys[best]),
            };
            match better {
                Ok(better) => {
                    let best = if better { Some(index) } else { best };
                    state.select = Some((op, best, default));
                }
                Err(raise) => {
                    self.abandon_key_calls(state);
                    return Err(raise.into());
                }
            }
        }
        self.continue_key_calls(state)
    }

    /// `min`/`max` once every key is known: the best item, `default=`, or CPython's error.
    fn finish_selection(
        &mut self,
        state: KeyCalls,
        best: Option<usize>,
        default: Option<ObjId>,
    ) -> Result<(), Fault> {
        let chosen = best.map(|index| state.items[index]).or(default);
        let name = match self.heap.get(state.callable) {
            Some(Object::BuiltinFunction(builtin)) => builtin.name(),
            _ => "min",
        };
        let result = match chosen {
            Some(value) => {
                self.heap.incref(value);
                Ok(value)
            }
            None => Err(Raise::new(
                "ValueError",
                format!("{name}() iterable argument is empty"),
            )),
        };
        self.abandon_key_calls(state);
        let result = result?;
        self.push_value(result)
    }

    /// Drops a sort's references (after a failure, or once `min`/`max` has chosen).
    fn abandon_key_calls(&mut self, state: KeyCalls) {
        self.release(&state.items);
        self.release(&state.keys);
        self.release(&state.args);
        self.heap.decref(state.callable);
    }
}
