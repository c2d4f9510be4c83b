//! Native code that reads generators: the built-ins that read everything (`list(g)`,
//! `sum(g)`, `sorted(g)`, …), those that stop early (`any`, `all`, `next`), and the native
//! iterators wrapped around generators (`enumerate(g)`, `zip(g, h)`). Each asks for the next
//! item with `resume_next` and a [`Resumer`] saying what to do with it; a generator's frame
//! runs in between, its steps visible. An iterator whose items come from other Python code
//! (a user `__next__`, `map` with a Python function) is read through `next_then` of
//! `iter_calls.rs`, its answer handed back as a delivery; that `next_then` in turn reads a
//! generator here, with a `Resumer::Waiting` holding its continuation.
//!
//! CPython: `Objects/abstract.c` (`PyIter_Next`), `Python/bltinmodule.c` (`builtin_any`,
//! `builtin_all`, `zip_next`), `Objects/enumobject.c` (`enum_next`), `Objects/listobject.c`
//! (`list_extend`). CPython's native loops call the generator on the C stack; here each
//! loop's progress is kept in the resumer until the generator yields.

use num_bigint::BigInt;

use super::{Delivery, Resumer};
use crate::heap::ObjId;
use crate::native_call::Continuation;
use crate::objects::{is_true, Object, Raise, MAX_SEQUENCE_LENGTH};
use crate::vm::{Fault, Vm};

/// A call waiting for one of its arguments to be read to its end: the items collected so
/// far go into a list that replaces the argument in the call.
#[derive(Clone, Debug, PartialEq)]
pub struct Drain {
    pub callable: ObjId,
    pub args: Vec<ObjId>,
    pub positional_count: usize,
    pub keywords: Vec<String>,
    pub index: usize,
    /// The iterator read (owned).
    pub iterator: ObjId,
    pub collected: Vec<ObjId>,
}

impl Drain {
    pub fn references(&self) -> Vec<ObjId> {
        std::iter::once(self.callable)
            .chain(self.args.iter().copied())
            .chain(std::iter::once(self.iterator))
            .chain(self.collected.iter().copied())
            .collect()
    }
}

/// A native iterator or built-in part-way through its next item.
#[derive(Clone, Debug, PartialEq)]
pub enum NativeStep {
    /// `enum_next`: the count goes with the item, to `then`.
    Enumerate { enumerate: ObjId, then: Resumer },
    /// `zip_next`: one item from each iterator in turn; `items` so far.
    Zip {
        zip: ObjId,
        items: Vec<ObjId>,
        then: Resumer,
    },
    /// `any(it)` / `all(it)`: reads until an item decides; the result is the call's.
    AnyAll { iterator: ObjId, any: bool },
    /// `map_next`: one item from each iterator (`items` so far), then the function.
    Map {
        map: ObjId,
        items: Vec<ObjId>,
        then: Resumer,
    },
    /// `filter_next`: items until one passes.
    Filter { filter: ObjId, then: Resumer },
    /// `LIST_EXTEND` (`[*g]`, `f(*g)`): each item appended to `list` as it comes.
    ListExtend { list: ObjId, iterator: ObjId },
    /// `UNPACK_EX` (`a, *b = g`): every item into `list` (owned), then the unpacking.
    UnpackEx {
        list: ObjId,
        iterator: ObjId,
        oparg: u32,
    },
    /// `UNPACK_SEQUENCE count`: `count` items, then the end (one more is an error).
    Unpack {
        iterator: ObjId,
        count: usize,
        items: Vec<ObjId>,
    },
    /// `CALL_FUNCTION_EX` with `*g`: the items collected, then the call is made.
    StarCall {
        callable: ObjId,
        self_or_null: Option<ObjId>,
        kwargs: Option<ObjId>,
        iterator: ObjId,
        items: Vec<ObjId>,
    },
    /// `CONTAINS_OP` (`_PySequence_IterSearch`): items until one equals `item`.
    Contains {
        iterator: ObjId,
        item: ObjId,
        negate: bool,
    },
}

impl NativeStep {
    pub fn references(&self) -> Vec<ObjId> {
        match self {
            NativeStep::Enumerate { enumerate, then } => std::iter::once(*enumerate)
                .chain(then.references())
                .collect(),
            NativeStep::Zip { zip, items, then } => std::iter::once(*zip)
                .chain(items.iter().copied())
                .chain(then.references())
                .collect(),
            NativeStep::AnyAll { iterator, .. } => vec![*iterator],
            NativeStep::Map { map, items, then } => std::iter::once(*map)
                .chain(items.iter().copied())
                .chain(then.references())
                .collect(),
            NativeStep::Filter { filter, then } => {
                std::iter::once(*filter).chain(then.references()).collect()
            }
            NativeStep::ListExtend { list, iterator }
            | NativeStep::UnpackEx { list, iterator, .. } => vec![*list, *iterator],
            NativeStep::Unpack {
                iterator, items, ..
            } => std::iter::once(*iterator)
                .chain(items.iter().copied())
                .collect(),
            NativeStep::Contains { iterator, item, .. } => vec![*iterator, *item],
            NativeStep::StarCall {
                callable,
                self_or_null,
                kwargs,
                iterator,
                items,
            } => [*callable, *iterator]
                .into_iter()
                .chain(*self_or_null)
                .chain(*kwargs)
                .chain(items.iter().copied())
                .collect(),
        }
    }
}

/// A resumer waiting on an iterator whose next item runs Python code other than a
/// generator's (a user `__next__`, a `map` calling a Python function): it gets the item as a
/// delivery, and StopIteration as the end.
#[derive(Clone, Debug, PartialEq)]
struct DeliverTo(Resumer);

impl Continuation for DeliverTo {
    fn name(&self) -> &'static str {
        "next"
    }

    fn references(&self) -> Vec<ObjId> {
        self.0.references()
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        vm.deliver(self.0, Delivery::Item(returned))
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        match vm.stop_iteration_value(exception) {
            Some(value) => {
                vm.heap.incref(value);
                vm.heap.decref(exception);
                vm.deliver(self.0, Delivery::Exhausted(value))
            }
            None => {
                vm.release_resumer(self.0);
                Err(Fault::Exception(exception))
            }
        }
    }
}

/// A native step waiting for a user iterable's `__iter__`: its `iterator` field holds the
/// iterable until the iterator replaces it.
#[derive(Clone, Debug, PartialEq)]
struct IterThen(NativeStep);

impl Continuation for IterThen {
    fn name(&self) -> &'static str {
        "iter"
    }

    fn references(&self) -> Vec<ObjId> {
        self.0.references()
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let mut step = self.0;
        let slot = match &mut step {
            NativeStep::ListExtend { iterator, .. }
            | NativeStep::UnpackEx { iterator, .. }
            | NativeStep::StarCall { iterator, .. } => iterator,
            _ => {
                vm.heap.decref(returned);
                let held = step.references();
                vm.release(&held);
                return Err(Fault::Internal(
                    "an iterator for a step without one".to_string(),
                ));
            }
        };
        let iterable = std::mem::replace(slot, returned);
        vm.heap.decref(iterable);
        vm.resume_next(returned, Resumer::Native(Box::new(step)))
    }
}

impl Vm {
    /// Whether `iterable` is a user iterable or iterator whose iterator (or items) come from
    /// Python code, or an iterator whose items run frames: what `[*x]` and `f(*x)` read
    /// one item at a time.
    pub(crate) fn unpacks_with_frames(&self, iterable: ObjId) -> bool {
        match self.heap.get(iterable) {
            Some(Object::Instance { .. }) => ["__iter__", "__getitem__"]
                .iter()
                .any(|name| self.user_method(iterable, name).is_some()),
            _ => self.needs_frames(iterable) || self.iterates_with_frames(iterable),
        }
    }

    /// Reads `iterable` (owned) with the step `build` makes around its iterator; a user
    /// iterable's `__iter__` runs as a frame first. `others` (owned) are released on failure.
    fn iterate_with(
        &mut self,
        iterable: ObjId,
        others: &[ObjId],
        build: impl FnOnce(ObjId) -> NativeStep,
    ) -> Result<(), Fault> {
        if matches!(self.heap.get(iterable), Some(Object::Instance { .. })) {
            let step = build(iterable);
            return match self.user_get_iter(iterable, Box::new(IterThen(step)))? {
                None => Ok(()),
                Some(then) => {
                    let held = then.references();
                    self.release(&held);
                    Err(Fault::Internal(
                        "a user iterable that is not an instance".to_string(),
                    ))
                }
            };
        }
        let iterator = self.get_iter(iterable);
        self.heap.decref(iterable);
        let iterator = match iterator {
            Ok(iterator) => iterator,
            Err(fault) => {
                self.release(others);
                return Err(fault);
            }
        };
        let step = build(iterator);
        self.resume_next(iterator, Resumer::Native(Box::new(step)))
    }

    /// Whether reading `iterator` runs generator frames: a generator, or a native iterator
    /// over one.
    pub(crate) fn needs_frames(&self, iterator: ObjId) -> bool {
        match self.heap.get(iterator) {
            Some(Object::Generator(_)) => true,
            Some(Object::Enumerate { iterator, .. }) => self.needs_frames(*iterator),
            Some(Object::Zip { iterators, .. }) => {
                iterators.iter().any(|&inner| self.needs_frames(inner))
            }
            Some(Object::Map { iterators, .. }) => {
                iterators.iter().any(|&inner| self.needs_frames(inner))
            }
            Some(Object::Filter { iterator, .. }) => self.needs_frames(*iterator),
            _ => false,
        }
    }

    /// `PyIter_Next` with a continuation: the iterator's next item (or its end) goes to
    /// `resumer` — at once for native iterators, when it yields for a generator.
    pub(crate) fn resume_next(&mut self, iterator: ObjId, resumer: Resumer) -> Result<(), Fault> {
        if !self.is_generator(iterator) && self.iterates_with_frames(iterator) {
            // A user iterator, or a lazy built-in calling Python code: its calls are frames
            // whose result comes back through a continuation.
            return self.next_then(iterator, Box::new(DeliverTo(resumer)));
        }
        let object = self.heap.get(iterator).cloned();
        match object {
            Some(Object::Generator(g)) => {
                if g.kind != crate::objects::GeneratorKind::Generator {
                    self.release_resumer(resumer);
                    let word = g.kind.type_name();
                    return Err(Raise::new(
                        "TypeError",
                        format!("'{word}' object is not an iterator"),
                    )
                    .into());
                }
                let none = self.none;
                self.send_then(iterator, none, resumer)
            }
            Some(Object::Enumerate {
                iterator: inner, ..
            }) if self.needs_frames(inner) => {
                self.heap.incref(iterator);
                let step = NativeStep::Enumerate {
                    enumerate: iterator,
                    then: resumer,
                };
                self.resume_next(inner, Resumer::Native(Box::new(step)))
            }
            Some(Object::Zip { iterators, strict }) if self.needs_frames(iterator) => {
                if strict {
                    self.release_resumer(resumer);
                    return Err(Fault::Internal(
                        "not supported yet: zip(strict=True) over generators".to_string(),
                    ));
                }
                self.heap.incref(iterator);
                let step = NativeStep::Zip {
                    zip: iterator,
                    items: Vec::with_capacity(iterators.len()),
                    then: resumer,
                };
                self.zip_continue(step)
            }
            Some(Object::Map { iterators, .. }) if self.needs_frames(iterator) => {
                self.heap.incref(iterator);
                let step = NativeStep::Map {
                    map: iterator,
                    items: Vec::with_capacity(iterators.len()),
                    then: resumer,
                };
                self.map_continue(step)
            }
            Some(Object::Filter {
                iterator: inner, ..
            }) if self.needs_frames(inner) => {
                self.heap.incref(iterator);
                let step = NativeStep::Filter {
                    filter: iterator,
                    then: resumer,
                };
                self.resume_next(inner, Resumer::Native(Box::new(step)))
            }
            _ => match self.iterator_next(iterator) {
                Ok(Some(item)) => self.deliver(resumer, Delivery::Item(item)),
                Ok(None) => {
                    let none = self.none;
                    self.deliver(resumer, Delivery::Exhausted(none))
                }
                Err(fault) => {
                    self.release_resumer(resumer);
                    Err(fault)
                }
            },
        }
    }

    /// `zip_next`: the next iterator's item, or the tuple once there is one from each.
    fn zip_continue(&mut self, step: NativeStep) -> Result<(), Fault> {
        let NativeStep::Zip { zip, items, then } = step else {
            return Err(Fault::Internal("zip_continue without a zip".to_string()));
        };
        let iterators = match self.heap.get(zip) {
            Some(Object::Zip { iterators, .. }) => iterators.clone(),
            _ => Vec::new(),
        };
        match iterators.get(items.len()) {
            Some(&inner) => {
                let step = NativeStep::Zip { zip, items, then };
                self.resume_next(inner, Resumer::Native(Box::new(step)))
            }
            None if iterators.is_empty() => {
                self.heap.decref(zip);
                let none = self.none;
                self.deliver(then, Delivery::Exhausted(none))
            }
            None => {
                self.heap.decref(zip);
                let tuple = self.new_result(Object::Tuple(items))?;
                self.deliver(then, Delivery::Item(tuple))
            }
        }
    }

    /// `map_next`: the next iterator's item, or the function's result once there is one
    /// from each (a native function: Python ones need frames of their own).
    fn map_continue(&mut self, step: NativeStep) -> Result<(), Fault> {
        let NativeStep::Map { map, items, then } = step else {
            return Err(Fault::Internal("map_continue without a map".to_string()));
        };
        let (function, iterators) = match self.heap.get(map) {
            Some(Object::Map {
                function,
                iterators,
            }) => (*function, iterators.clone()),
            _ => return Err(Fault::Internal("map_continue without a map".to_string())),
        };
        if let Some(&inner) = iterators.get(items.len()) {
            let step = NativeStep::Map { map, items, then };
            return self.resume_next(inner, Resumer::Native(Box::new(step)));
        }
        let result = self.call_native(function, &items);
        self.release(&items);
        self.heap.decref(map);
        match result {
            Ok(value) => self.deliver(then, Delivery::Item(value)),
            Err(fault) => {
                self.release_resumer(then);
                Err(fault)
            }
        }
    }

    /// `filter_next` for an item: pass it on if the predicate holds, else read another.
    fn filter_item(&mut self, filter: ObjId, then: Resumer, item: ObjId) -> Result<(), Fault> {
        let (function, inner) = match self.heap.get(filter) {
            Some(Object::Filter { function, iterator }) => (*function, *iterator),
            _ => return Err(Fault::Internal("filter_item without a filter".to_string())),
        };
        let keep = if matches!(self.heap.get(function), Some(Object::None)) {
            Ok(is_true(&self.heap, item))
        } else {
            self.call_native(function, &[item]).map(|verdict| {
                let keep = is_true(&self.heap, verdict);
                self.heap.decref(verdict);
                keep
            })
        };
        match keep {
            Ok(true) => {
                self.heap.decref(filter);
                self.deliver(then, Delivery::Item(item))
            }
            Ok(false) => {
                self.heap.decref(item);
                let step = NativeStep::Filter { filter, then };
                self.resume_next(inner, Resumer::Native(Box::new(step)))
            }
            Err(fault) => {
                self.heap.decref(item);
                self.heap.decref(filter);
                self.release_resumer(then);
                Err(fault)
            }
        }
    }

    /// `LIST_EXTEND` from an iterable that runs generator frames (`list` and `iterable`
    /// owned).
    pub(crate) fn list_extend_frames(&mut self, list: ObjId, iterable: ObjId) -> Result<(), Fault> {
        self.iterate_with(iterable, &[list], |iterator| NativeStep::ListExtend {
            list,
            iterator,
        })
    }

    /// `UNPACK_EX oparg` of an iterable (owned) read one item at a time: all its items are
    /// read into a list first, as `_PyEval_UnpackIterable` does, then unpacked.
    pub(crate) fn unpack_ex_frames(&mut self, iterable: ObjId, oparg: u32) -> Result<(), Fault> {
        let list = match self.new_result(Object::List(Vec::new())) {
            Ok(list) => list,
            Err(fault) => {
                self.heap.decref(iterable);
                return Err(fault);
            }
        };
        self.iterate_with(iterable, &[list], |iterator| NativeStep::UnpackEx {
            list,
            iterator,
            oparg,
        })
    }

    /// `UNPACK_SEQUENCE count` of an iterable that runs generator frames (owned).
    pub(crate) fn unpack_frames(&mut self, iterable: ObjId, count: usize) -> Result<(), Fault> {
        let iterator = self.get_iter(iterable);
        self.heap.decref(iterable);
        let iterator = iterator?;
        let step = NativeStep::Unpack {
            iterator,
            count,
            items: Vec::with_capacity(count),
        };
        self.resume_next(iterator, Resumer::Native(Box::new(step)))
    }

    /// `CALL_FUNCTION_EX` whose `*` argument runs generator frames (all owned).
    pub(crate) fn star_call_frames(
        &mut self,
        callable: ObjId,
        self_or_null: Option<ObjId>,
        callargs: ObjId,
        kwargs: Option<ObjId>,
    ) -> Result<(), Fault> {
        let others: Vec<ObjId> = std::iter::once(callable)
            .chain(self_or_null)
            .chain(kwargs)
            .collect();
        self.iterate_with(callargs, &others, |iterator| NativeStep::StarCall {
            callable,
            self_or_null,
            kwargs,
            iterator,
            items: Vec::new(),
        })
    }

    /// `CONTAINS_OP` on an iterable that runs generator frames (both owned).
    pub(crate) fn contains_frames(
        &mut self,
        container: ObjId,
        item: ObjId,
        negate: bool,
    ) -> Result<(), Fault> {
        let iterator = self.get_iter(container);
        self.heap.decref(container);
        let iterator = match iterator {
            Ok(iterator) => iterator,
            Err(fault) => {
                self.heap.decref(item);
                return Err(fault);
            }
        };
        let step = NativeStep::Contains {
            iterator,
            item,
            negate,
        };
        self.resume_next(iterator, Resumer::Native(Box::new(step)))
    }

    /// What a native step does with the item (or end) it waited for.
    pub(super) fn native_delivered(
        &mut self,
        step: NativeStep,
        delivery: Delivery,
    ) -> Result<(), Fault> {
        match (step, delivery) {
            (NativeStep::Enumerate { enumerate, then }, Delivery::Item(item)) => {
                let count = match self.heap.get_mut(enumerate) {
                    Some(Object::Enumerate { count, .. }) => {
                        let current = count.clone();
                        *count += BigInt::from(1);
                        current
                    }
                    _ => BigInt::from(0),
                };
                self.heap.decref(enumerate);
                let index = self.new_int(count);
                let pair = self.new_result(Object::Tuple(vec![index, item]))?;
                self.deliver(then, Delivery::Item(pair))
            }
            (
                NativeStep::Zip {
                    zip,
                    mut items,
                    then,
                },
                Delivery::Item(item),
            ) => {
                items.push(item);
                self.zip_continue(NativeStep::Zip { zip, items, then })
            }
            (NativeStep::AnyAll { iterator, any }, Delivery::Item(item)) => {
                let truth = is_true(&self.heap, item);
                self.heap.decref(item);
                if truth == any {
                    self.heap.decref(iterator);
                    let result = self.new_bool(any);
                    return self.push_value(result);
                }
                self.resume_next(
                    iterator,
                    Resumer::Native(Box::new(NativeStep::AnyAll { iterator, any })),
                )
            }
            (
                NativeStep::StarCall {
                    callable,
                    self_or_null,
                    kwargs,
                    iterator,
                    mut items,
                },
                Delivery::Item(item),
            ) => {
                items.push(item);
                let step = NativeStep::StarCall {
                    callable,
                    self_or_null,
                    kwargs,
                    iterator,
                    items,
                };
                self.resume_next(iterator, Resumer::Native(Box::new(step)))
            }
            (
                NativeStep::Map {
                    map,
                    mut items,
                    then,
                },
                Delivery::Item(item),
            ) => {
                items.push(item);
                self.map_continue(NativeStep::Map { map, items, then })
            }
            (NativeStep::Filter { filter, then }, Delivery::Item(item)) => {
                self.filter_item(filter, then, item)
            }
            (NativeStep::ListExtend { list, iterator }, Delivery::Item(item)) => {
                self.heap.update(list, |object| {
                    if let Object::List(items) = object {
                        items.push(item);
                    }
                });
                let step = NativeStep::ListExtend { list, iterator };
                self.resume_next(iterator, Resumer::Native(Box::new(step)))
            }
            (
                NativeStep::UnpackEx {
                    list,
                    iterator,
                    oparg,
                },
                Delivery::Item(item),
            ) => {
                self.heap.update(list, |object| {
                    if let Object::List(items) = object {
                        items.push(item);
                    }
                });
                let step = NativeStep::UnpackEx {
                    list,
                    iterator,
                    oparg,
                };
                self.resume_next(iterator, Resumer::Native(Box::new(step)))
            }
            (
                NativeStep::Unpack {
                    iterator,
                    count,
                    mut items,
                },
                Delivery::Item(item),
            ) => {
                if items.len() == count {
                    // One too many: the iterator is left where it is.
                    self.heap.decref(item);
                    self.release(&items);
                    self.heap.decref(iterator);
                    return Err(Raise::new(
                        "ValueError",
                        format!("too many values to unpack (expected {count})"),
                    )
                    .into());
                }
                items.push(item);
                let step = NativeStep::Unpack {
                    iterator,
                    count,
                    items,
                };
                self.resume_next(iterator, Resumer::Native(Box::new(step)))
            }
            (
                NativeStep::Contains {
                    iterator,
                    item,
                    negate,
                },
                Delivery::Item(element),
            ) => {
                let user_eq = |vm: &Vm, id: ObjId| vm.user_method(id, "__eq__").is_some();
                if element != item && (user_eq(self, element) || user_eq(self, item)) {
                    self.release(&[element, iterator, item]);
                    return Err(Fault::Internal(
                        "not supported yet: `in` over a generator comparing with a Python __eq__"
                            .to_string(),
                    ));
                }
                let same = crate::objects::equal(&self.heap, element, item);
                self.heap.decref(element);
                match same {
                    Ok(false) => {
                        let step = NativeStep::Contains {
                            iterator,
                            item,
                            negate,
                        };
                        self.resume_next(iterator, Resumer::Native(Box::new(step)))
                    }
                    Ok(true) => {
                        self.release(&[iterator, item]);
                        let result = self.new_bool(!negate);
                        self.push_value(result)
                    }
                    Err(raise) => {
                        self.release(&[iterator, item]);
                        Err(raise.into())
                    }
                }
            }
            (step, Delivery::Exhausted(value)) => {
                // The end of a wrapped iterator is the wrapper's end; its value is not passed on.
                self.heap.decref(value);
                match step {
                    NativeStep::Enumerate { enumerate, then } => {
                        self.heap.decref(enumerate);
                        let none = self.none;
                        self.deliver(then, Delivery::Exhausted(none))
                    }
                    NativeStep::Zip { zip, items, then } => {
                        self.release(&items);
                        self.heap.decref(zip);
                        let none = self.none;
                        self.deliver(then, Delivery::Exhausted(none))
                    }
                    NativeStep::AnyAll { iterator, any } => {
                        self.heap.decref(iterator);
                        let result = self.new_bool(!any);
                        self.push_value(result)
                    }
                    NativeStep::Map { map, items, then } => {
                        self.release(&items);
                        self.heap.decref(map);
                        let none = self.none;
                        self.deliver(then, Delivery::Exhausted(none))
                    }
                    NativeStep::Filter { filter, then } => {
                        self.heap.decref(filter);
                        let none = self.none;
                        self.deliver(then, Delivery::Exhausted(none))
                    }
                    NativeStep::ListExtend { list, iterator } => {
                        self.release(&[list, iterator]);
                        Ok(())
                    }
                    NativeStep::UnpackEx {
                        list,
                        iterator,
                        oparg,
                    } => {
                        // Everything read: the list is unpacked as the iterable would be.
                        self.heap.decref(iterator);
                        self.push_value(list)?;
                        self.unpack_ex(oparg)
                    }
                    NativeStep::Unpack {
                        iterator,
                        count,
                        items,
                    } => {
                        self.heap.decref(iterator);
                        if items.len() < count {
                            let got = items.len();
                            self.release(&items);
                            return Err(Raise::new(
                                "ValueError",
                                format!(
                                    "not enough values to unpack (expected {count}, got {got})"
                                ),
                            )
                            .into());
                        }
                        for item in items.into_iter().rev() {
                            self.push_value(item)?;
                        }
                        Ok(())
                    }
                    NativeStep::Contains {
                        iterator,
                        item,
                        negate,
                    } => {
                        self.release(&[iterator, item]);
                        let result = self.new_bool(negate);
                        self.push_value(result)
                    }
                    NativeStep::StarCall {
                        callable,
                        self_or_null,
                        kwargs,
                        iterator,
                        items,
                    } => {
                        // The instruction again, its `*` argument now a list.
                        self.heap.decref(iterator);
                        let list = self.new_result(Object::List(items))?;
                        self.push_value(callable)?;
                        self.push(self_or_null)?;
                        self.push_value(list)?;
                        self.push(kwargs)?;
                        self.call_function_ex()
                    }
                }
            }
        }
    }

    /// `any(iterable)` / `all(iterable)` over an iterable that runs generator frames.
    pub(super) fn any_all_frames(
        &mut self,
        any: bool,
        args: &[ObjId],
        keywords: crate::builtins::Keywords,
    ) -> Result<(), Fault> {
        let name = if any { "any" } else { "all" };
        if !keywords.is_empty() {
            return Err(
                Raise::new("TypeError", format!("{name}() takes no keyword arguments")).into(),
            );
        }
        let [iterable] = args else {
            return Err(Raise::new(
                "TypeError",
                format!("{name}() takes exactly one argument ({} given)", args.len()),
            )
            .into());
        };
        let iterator = self.get_iter(*iterable)?;
        self.resume_next(
            iterator,
            Resumer::Native(Box::new(NativeStep::AnyAll { iterator, any })),
        )
    }

    /// Built-ins that read all of an iterable argument before doing anything else.
    pub(crate) fn drains_iterables(&self, callable: ObjId) -> bool {
        match self.heap.get(callable) {
            Some(Object::Type(t)) => matches!(
                t.native,
                Some("list" | "tuple" | "dict" | "set" | "frozenset")
            ),
            Some(Object::BuiltinFunction(builtin)) => {
                matches!(builtin.name(), "sum" | "sorted" | "min" | "max")
            }
            Some(Object::BuiltinMethod {
                type_name, name, ..
            }) => {
                *type_name == "str" && *name == "join" || *type_name == "list" && *name == "extend"
            }
            _ => false,
        }
    }

    /// Reads the iterable `args[index]` to its end for a call that reads everything; the
    /// call is then made with the list of its items in its place.
    pub(crate) fn start_drain(
        &mut self,
        callable: ObjId,
        args: Vec<ObjId>,
        positional_count: usize,
        keywords: Vec<(String, ObjId)>,
        index: usize,
    ) -> Result<(), Fault> {
        let iterator = match self.get_iter(args[index]) {
            Ok(iterator) => iterator,
            Err(fault) => {
                self.release(&args);
                self.heap.decref(callable);
                return Err(fault);
            }
        };
        let drain = Drain {
            callable,
            args,
            positional_count,
            keywords: keywords.into_iter().map(|(name, _)| name).collect(),
            index,
            iterator,
            collected: Vec::new(),
        };
        self.resume_next(iterator, Resumer::Drain(Box::new(drain)))
    }

    /// A drained iterable gave an item (read on) or ended (make the call).
    pub(super) fn drain_delivered(
        &mut self,
        mut drain: Drain,
        delivery: Delivery,
    ) -> Result<(), Fault> {
        match delivery {
            Delivery::Item(item) => {
                if drain.collected.len() >= MAX_SEQUENCE_LENGTH {
                    self.heap.decref(item);
                    self.release(&drain.references());
                    return Err(Raise::new("MemoryError", "").into());
                }
                drain.collected.push(item);
                let iterator = drain.iterator;
                self.resume_next(iterator, Resumer::Drain(Box::new(drain)))
            }
            Delivery::Exhausted(value) => {
                self.heap.decref(value);
                let Drain {
                    callable,
                    mut args,
                    positional_count,
                    keywords,
                    index,
                    iterator,
                    collected,
                } = drain;
                self.heap.decref(iterator);
                let list = self.new_result(Object::List(collected))?;
                let old = std::mem::replace(&mut args[index], list);
                self.heap.decref(old);
                let keywords = keywords
                    .into_iter()
                    .zip(args[positional_count..].iter().copied())
                    .collect();
                self.call_values(callable, args, positional_count, keywords)
            }
        }
    }
}
