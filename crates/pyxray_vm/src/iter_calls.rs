//! Iteration that runs Python code: user iterables (`__iter__`, or the old protocol of
//! `__getitem__` with 0, 1, 2, … until IndexError), user iterators (`__next__`, ended by
//! StopIteration), and `map`/`filter`/`enumerate` over them or with a Python function, which
//! call it lazily, one item per `next`, as CPython does. A `for` loop, `next()`, `iter()` and
//! the built-ins that read a whole iterable (`list`, `tuple`, `sum`, `sorted`, `min`, `max`,
//! `str.join`, …) wait for each of these calls as a frame.
//!
//! CPython: `Objects/abstract.c` (`PyObject_GetIter`: "iter() returned non-iterator of type
//! '%.100s'", `PyIter_Next`), `Objects/iterobject.c` (`iter_iternext`: the `__getitem__`
//! protocol), `Objects/typeobject.c` (`slot_tp_iter`, `slot_tp_iternext`),
//! `Python/bltinmodule.c` (`map_next`, `filter_next`, `builtin_next`), `Objects/enumobject.c`
//! (`enum_next`), `Python/bytecodes.c` (`FOR_ITER`). Built-ins that read everything collect
//! the items into a list first, then run on that list: the same calls in the same order.

use crate::heap::ObjId;
use crate::native_call::{Continuation, Waiting};
use crate::objects::{is_true, Object, Raise};
use crate::vm::{Fault, Vm};

/// A call's positional-and-keyword values and its keywords, handed back untouched.
pub(crate) type CallArguments = (Vec<ObjId>, Vec<(String, ObjId)>);

/// `__iter__` returned: it must be an iterator; `then` gets it.
#[derive(Clone, Debug, PartialEq)]
struct CheckedIterator {
    then: Waiting,
}

impl Continuation for CheckedIterator {
    fn name(&self) -> &'static str {
        self.then.name()
    }

    fn references(&self) -> Vec<ObjId> {
        self.then.references()
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        if vm.is_any_iterator(returned) {
            return self.then.0.resume(vm, returned);
        }
        let kind = vm.type_name_of(returned);
        vm.heap.decref(returned);
        let held = self.then.references();
        vm.release(&held);
        Err(Raise::new(
            "TypeError",
            format!("iter() returned non-iterator of type '{kind}'"),
        )
        .into())
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        self.then.0.throw(vm, exception)
    }
}

/// One step of the `__getitem__` protocol: the item at the iterator's index; IndexError
/// (or StopIteration) ends the iteration.
#[derive(Clone, Debug, PartialEq)]
struct GetItemStep {
    iterator: ObjId,
    then: Waiting,
}

impl Continuation for GetItemStep {
    fn name(&self) -> &'static str {
        self.then.name()
    }

    fn references(&self) -> Vec<ObjId> {
        let mut held = vec![self.iterator];
        held.extend(self.then.references());
        held
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        vm.heap.update(self.iterator, |object| {
            if let Object::SeqIterator { index, .. } = object {
                *index += 1;
            }
        });
        vm.heap.decref(self.iterator);
        self.then.0.resume(vm, returned)
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        vm.heap.decref(self.iterator);
        if vm.exception_is(exception, "IndexError") || vm.exception_is(exception, "StopIteration") {
            vm.heap.decref(exception);
            let stop = match vm.new_stop_iteration() {
                Ok(stop) => stop,
                Err(fault) => {
                    let held = self.then.references();
                    vm.release(&held);
                    return Err(fault);
                }
            };
            return self.then.0.throw(vm, stop);
        }
        self.then.0.throw(vm, exception)
    }
}

/// Which part of a lazy built-in iterator's step is running.
#[derive(Clone, Debug, PartialEq)]
enum LazyStage {
    /// `map`: the items gathered for the call so far (owned).
    MapArguments(Vec<ObjId>),
    /// `map`: its function is running.
    MapCall,
    /// `filter`: waiting for the next item.
    FilterItem,
    /// `filter`: its function is judging this item (owned).
    FilterVerdict(ObjId),
    /// `enumerate`: waiting for the next item.
    EnumerateItem,
    /// `zip`: the items gathered for the tuple so far (owned).
    ZipItems(Vec<ObjId>),
}

/// One `next` of a `map`, `filter` or `enumerate` object (owned) that runs Python code.
#[derive(Clone, Debug, PartialEq)]
struct LazyStep {
    iterator: ObjId,
    stage: LazyStage,
    then: Waiting,
}

impl Continuation for LazyStep {
    fn name(&self) -> &'static str {
        self.then.name()
    }

    fn references(&self) -> Vec<ObjId> {
        let mut held = vec![self.iterator];
        match &self.stage {
            LazyStage::MapArguments(items) | LazyStage::ZipItems(items) => held.extend(items),
            LazyStage::FilterVerdict(item) => held.push(*item),
            _ => {}
        }
        held.extend(self.then.references());
        held
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        self.forward(vm, exception)
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let LazyStep {
            iterator,
            stage,
            then,
        } = *self;
        match stage {
            LazyStage::MapArguments(mut items) => {
                items.push(returned);
                vm.map_step(iterator, items, then)
            }
            LazyStage::ZipItems(mut items) => {
                items.push(returned);
                vm.zip_step(iterator, items, then)
            }
            LazyStage::MapCall => {
                vm.heap.decref(iterator);
                then.0.resume(vm, returned)
            }
            LazyStage::FilterItem => vm.filter_judge(iterator, returned, then),
            LazyStage::FilterVerdict(item) => {
                let keep = is_true(&vm.heap, returned);
                vm.heap.decref(returned);
                if keep {
                    vm.heap.decref(iterator);
                    return then.0.resume(vm, item);
                }
                vm.heap.decref(item);
                vm.lazy_next(iterator, then)
            }
            LazyStage::EnumerateItem => {
                let count = match vm.heap.get_mut(iterator) {
                    Some(Object::Enumerate { count, .. }) => {
                        let current = count.clone();
                        *count += 1;
                        current
                    }
                    _ => num_bigint::BigInt::from(0),
                };
                vm.heap.decref(iterator);
                let index = vm.new_int(count);
                match vm.new_result(Object::Tuple(vec![index, returned])) {
                    Ok(pair) => then.0.resume(vm, pair),
                    Err(fault) => {
                        vm.release(&[index, returned]);
                        let held = then.references();
                        vm.release(&held);
                        Err(fault)
                    }
                }
            }
        }
    }
}

impl LazyStep {
    /// The step gives up its own references; an exception (StopIteration from the inner
    /// iterator too) goes on to whoever waits for the item.
    fn forward(self, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        vm.heap.decref(self.iterator);
        match self.stage {
            LazyStage::MapArguments(items) | LazyStage::ZipItems(items) => vm.release(&items),
            LazyStage::FilterVerdict(item) => vm.heap.decref(item),
            _ => {}
        }
        self.then.0.throw(vm, exception)
    }
}

/// A `for` loop waiting for its iterator's next item; StopIteration jumps to `exit`.
#[derive(Clone, Debug, PartialEq)]
struct ForIterNext {
    exit: u32,
}

impl Continuation for ForIterNext {
    fn name(&self) -> &'static str {
        "FOR_ITER"
    }

    fn references(&self) -> Vec<ObjId> {
        Vec::new()
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        vm.push_value(returned)
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        if vm.exception_is(exception, "StopIteration") {
            vm.heap.decref(exception);
            vm.frame()?.next_offset = self.exit;
            return Ok(());
        }
        Err(Fault::Exception(exception))
    }
}

/// `next(iterator, default)`: StopIteration gives the default (owned) when there is one.
#[derive(Clone, Debug, PartialEq)]
struct NextOrDefault {
    default: Option<ObjId>,
}

impl Continuation for NextOrDefault {
    fn name(&self) -> &'static str {
        "next"
    }

    fn references(&self) -> Vec<ObjId> {
        self.default.into_iter().collect()
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        if let Some(default) = self.default {
            vm.heap.decref(default);
        }
        vm.push_value(returned)
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        match self.default {
            Some(default) if vm.exception_is(exception, "StopIteration") => {
                vm.heap.decref(exception);
                vm.push_value(default)
            }
            Some(default) => {
                vm.heap.decref(default);
                Err(Fault::Exception(exception))
            }
            None => Err(Fault::Exception(exception)),
        }
    }
}

/// A call whose argument `index` is an iterable that runs Python code: its items are
/// collected (owned), then the call runs with their list in its place.
#[derive(Clone, Debug, PartialEq)]
struct CollectArgument {
    callable: ObjId,
    args: Vec<ObjId>,
    positional_count: usize,
    keywords: Vec<String>,
    index: usize,
    /// The iterator being read, once `__iter__` has given it (owned).
    iterator: Option<ObjId>,
    items: Vec<ObjId>,
}

impl Continuation for CollectArgument {
    fn name(&self) -> &'static str {
        "list"
    }

    fn references(&self) -> Vec<ObjId> {
        let mut held = vec![self.callable];
        held.extend(&self.args);
        held.extend(self.iterator);
        held.extend(&self.items);
        held
    }

    fn resume(mut self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        if self.iterator.is_none() {
            // `__iter__` answered: a native iterator or a generator goes to the call as is.
            if !vm.iterates_with_frames(returned) {
                let old = std::mem::replace(&mut self.args[self.index], returned);
                vm.heap.decref(old);
                return vm.call_collected(*self);
            }
            self.iterator = Some(returned);
        } else {
            self.items.push(returned);
        }
        let iterator = self.iterator.unwrap_or(returned);
        vm.next_then(iterator, self)
    }

    fn throw(mut self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        if self.iterator.is_some() && vm.exception_is(exception, "StopIteration") {
            vm.heap.decref(exception);
            let items = std::mem::take(&mut self.items);
            let list = match vm.new_result(Object::List(items)) {
                Ok(list) => list,
                Err(fault) => {
                    let held = Continuation::references(self.as_ref());
                    vm.release(&held);
                    return Err(fault);
                }
            };
            let old = std::mem::replace(&mut self.args[self.index], list);
            vm.heap.decref(old);
            return vm.call_collected(*self);
        }
        let held = Continuation::references(self.as_ref());
        vm.release(&held);
        Err(Fault::Exception(exception))
    }
}

/// `map`, `filter`, `zip` or `enumerate` called with user iterables: each one's `__iter__`
/// runs first (in argument order), then the lazy iterator is made over what they gave.
#[derive(Clone, Debug, PartialEq)]
struct LazyIterArguments {
    builtin: crate::builtins::Builtin,
    /// The arguments (owned); those at `converted` positions are iterators already.
    args: Vec<ObjId>,
    converted: Vec<bool>,
    /// The position whose `__iter__` is running.
    position: usize,
}

impl Continuation for LazyIterArguments {
    fn name(&self) -> &'static str {
        self.builtin.name()
    }

    fn references(&self) -> Vec<ObjId> {
        self.args.clone()
    }

    fn resume(mut self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let old = std::mem::replace(&mut self.args[self.position], returned);
        vm.heap.decref(old);
        self.converted[self.position] = true;
        vm.continue_lazy_arguments(*self)
    }
}

impl Vm {
    /// `map(f, *its)`, `filter(f, it)`, `zip(*its)`, `enumerate(it[, start])` with a user
    /// iterable among the arguments (borrowed). `Ok(false)` when there is none.
    pub(crate) fn lazy_with_user_iterables(
        &mut self,
        builtin: crate::builtins::Builtin,
        args: &[ObjId],
    ) -> Result<bool, Fault> {
        use crate::builtins::Builtin;
        let first_iterable = match builtin {
            Builtin::Map | Builtin::Filter => 1,
            Builtin::Zip | Builtin::Enumerate => 0,
            _ => return Ok(false),
        };
        let last = if builtin == Builtin::Enumerate || builtin == Builtin::Filter {
            first_iterable + 1
        } else {
            args.len()
        };
        let has_user = args
            .iter()
            .take(last)
            .skip(first_iterable)
            .any(|&arg| matches!(self.heap.get(arg), Some(Object::Instance { .. })));
        if !has_user {
            return Ok(false);
        }
        for &arg in args {
            self.heap.incref(arg);
        }
        let mut converted = vec![true; args.len()];
        for slot in converted
            .iter_mut()
            .take(last.min(args.len()))
            .skip(first_iterable)
        {
            *slot = false;
        }
        self.continue_lazy_arguments(LazyIterArguments {
            builtin,
            args: args.to_vec(),
            converted,
            position: 0,
        })?;
        Ok(true)
    }

    /// Runs the next user iterable's `__iter__`, or makes the lazy iterator.
    fn continue_lazy_arguments(&mut self, mut state: LazyIterArguments) -> Result<(), Fault> {
        use crate::builtins::Builtin;
        while let Some(position) = state.converted.iter().position(|done| !done) {
            let arg = state.args[position];
            if matches!(self.heap.get(arg), Some(Object::Instance { .. })) {
                state.position = position;
                return self.user_get_iter(arg, Box::new(state)).map(|_| ());
            }
            match self.get_iter(arg) {
                Ok(iterator) => {
                    state.args[position] = iterator;
                    state.converted[position] = true;
                    self.heap.decref(arg);
                }
                Err(fault) => {
                    self.release(&state.args);
                    return Err(fault);
                }
            }
        }
        let mut args = state.args.into_iter();
        let object = match state.builtin {
            Builtin::Map => Object::Map {
                function: args.next().unwrap_or(self.none),
                iterators: args.collect(),
            },
            Builtin::Filter => Object::Filter {
                function: args.next().unwrap_or(self.none),
                iterator: args.next().unwrap_or(self.none),
            },
            Builtin::Zip => Object::Zip {
                iterators: args.collect(),
                strict: false,
            },
            _ => {
                let iterator = args.next().unwrap_or(self.none);
                let start = args.next();
                let count = match start.map(|s| self.heap.get(s)) {
                    None => Ok(num_bigint::BigInt::from(0)),
                    Some(Some(Object::Int(i))) => Ok(i.clone()),
                    Some(_) => Err(Fault::Internal(
                        "not supported yet: enumerate() of a user iterable with a start that \
                         is not an int"
                            .to_string(),
                    )),
                };
                if let Some(start) = start {
                    self.heap.decref(start);
                }
                let count = match count {
                    Ok(count) => count,
                    Err(fault) => {
                        self.heap.decref(iterator);
                        return Err(fault);
                    }
                };
                Object::Enumerate { iterator, count }
            }
        };
        let result = self.new_result(object)?;
        self.push_value(result)
    }

    /// Whether `id` is an iterator of any kind (it has `__next__`).
    pub(crate) fn is_any_iterator(&self, id: ObjId) -> bool {
        matches!(
            self.heap.get(id),
            Some(
                Object::SeqIterator { .. }
                    | Object::RangeIterator { .. }
                    | Object::Generator { .. }
            )
        ) || self.is_library_iterator(id)
            || self.user_method(id, "__next__").is_some()
    }

    /// Whether taking the next item of `iterator` runs Python code.
    pub(crate) fn iterates_with_frames(&self, iterator: ObjId) -> bool {
        let is_python = |vm: &Vm, f: ObjId| {
            matches!(
                vm.heap.get(f),
                Some(Object::Function(_) | Object::Method { .. } | Object::Instance { .. })
            )
        };
        match self.heap.get(iterator) {
            Some(Object::Instance { .. }) => true,
            Some(Object::SeqIterator { sequence, .. }) => {
                matches!(self.heap.get(*sequence), Some(Object::Instance { .. }))
            }
            Some(Object::Map {
                function,
                iterators,
            }) => {
                is_python(self, *function)
                    || iterators.iter().any(|&i| self.iterates_with_frames(i))
            }
            Some(Object::Filter { function, iterator }) => {
                is_python(self, *function) || self.iterates_with_frames(*iterator)
            }
            Some(Object::Enumerate { iterator, .. }) => self.iterates_with_frames(*iterator),
            Some(Object::Zip { iterators, .. }) => {
                iterators.iter().any(|&i| self.iterates_with_frames(i))
            }
            _ => false,
        }
    }

    /// `PyObject_GetIter` of an instance: its `__iter__` as a frame (checked to give an
    /// iterator), or a `__getitem__` iterator. `Ok(None)` for other objects.
    pub(crate) fn user_get_iter(
        &mut self,
        iterable: ObjId,
        then: Box<dyn Continuation>,
    ) -> Result<Option<Box<dyn Continuation>>, Fault> {
        if !matches!(self.heap.get(iterable), Some(Object::Instance { .. })) {
            return Ok(Some(then));
        }
        if let Some(method) = self.user_method(iterable, "__iter__") {
            self.heap.incref(iterable);
            let then = Box::new(CheckedIterator {
                then: Waiting(then),
            });
            self.call_then(method, vec![iterable], then)?;
            return Ok(None);
        }
        if self.user_method(iterable, "__getitem__").is_some() {
            self.heap.incref(iterable);
            let iterator = self.new_result(Object::SeqIterator {
                sequence: iterable,
                index: 0,
            })?;
            then.resume(self, iterator)?;
            return Ok(None);
        }
        let held = then.references();
        self.release(&held);
        let kind = self.type_name_of(iterable);
        Err(Raise::new("TypeError", format!("'{kind}' object is not iterable")).into())
    }

    /// `GET_ITER` / `iter(x)` of an instance, pushing the iterator. `Ok(false)` for others.
    pub(crate) fn get_iter_slot(
        &mut self,
        iterable: ObjId,
        waiter: &'static str,
    ) -> Result<bool, Fault> {
        let then = Box::new(crate::text_calls::PushValue(waiter));
        Ok(self.user_get_iter(iterable, then)?.is_none())
    }

    /// The next item of `iterator` (borrowed) to `then`, which gets StopIteration thrown
    /// when the iterator is exhausted. A generator's frame is resumed for it (`generators/`).
    pub(crate) fn next_then(
        &mut self,
        iterator: ObjId,
        then: Box<dyn Continuation>,
    ) -> Result<(), Fault> {
        if self.is_generator(iterator)
            || (self.needs_frames(iterator) && !self.iterates_with_frames(iterator))
        {
            // A generator (or a native iterator over one): its frame runs until it yields.
            let resumer = crate::generators::Resumer::Waiting(Waiting(then));
            return self.resume_next(iterator, resumer);
        }
        if let Some(method) = self.user_method(iterator, "__next__") {
            self.heap.incref(iterator);
            return self.call_then(method, vec![iterator], then);
        }
        match self.heap.get(iterator) {
            Some(Object::Instance { .. }) => {
                let held = then.references();
                self.release(&held);
                let kind = self.type_name_of(iterator);
                return Err(
                    Raise::new("TypeError", format!("'{kind}' object is not an iterator")).into(),
                );
            }
            Some(&Object::SeqIterator { sequence, index })
                if matches!(self.heap.get(sequence), Some(Object::Instance { .. })) =>
            {
                let Some(method) = self.user_method(sequence, "__getitem__") else {
                    let held = then.references();
                    self.release(&held);
                    return Err(Fault::Internal("a __getitem__ vanished".to_string()));
                };
                let key = self.new_int(index.into());
                self.heap.incref(sequence);
                self.heap.incref(iterator);
                let step = Box::new(GetItemStep {
                    iterator,
                    then: Waiting(then),
                });
                return self.call_then(method, vec![sequence, key], step);
            }
            Some(
                Object::Map { .. }
                | Object::Filter { .. }
                | Object::Enumerate { .. }
                | Object::Zip { .. },
            ) if self.iterates_with_frames(iterator) => {
                self.heap.incref(iterator);
                return self.lazy_next(iterator, Waiting(then));
            }
            _ => {}
        }
        let next = match self.iterator_next(iterator) {
            Ok(next) => next,
            Err(fault) => {
                let held = then.references();
                self.release(&held);
                return Err(fault);
            }
        };
        match next {
            Some(item) => then.resume(self, item),
            None => {
                let stop = self.new_stop_iteration()?;
                then.throw(self, stop)
            }
        }
    }

    /// The next step of a `map`/`filter`/`enumerate` object (owned) that runs Python code.
    fn lazy_next(&mut self, iterator: ObjId, then: Waiting) -> Result<(), Fault> {
        let (inner, stage) = match self.heap.get(iterator) {
            Some(Object::Map { .. }) => return self.map_step(iterator, Vec::new(), then),
            Some(Object::Zip { strict: false, .. }) => {
                return self.zip_step(iterator, Vec::new(), then)
            }
            Some(Object::Filter {
                iterator: inner, ..
            }) => (*inner, LazyStage::FilterItem),
            Some(Object::Enumerate {
                iterator: inner, ..
            }) => (*inner, LazyStage::EnumerateItem),
            _ => {
                self.heap.decref(iterator);
                let held = then.references();
                self.release(&held);
                return Err(Fault::Internal(
                    "not supported yet: zip(strict=True) over iterators that run Python code"
                        .to_string(),
                ));
            }
        };
        let step = LazyStep {
            iterator,
            stage,
            then,
        };
        self.next_then(inner, Box::new(step))
    }

    /// `map_next`: one item from each iterator in turn, then the function called with them.
    fn map_step(&mut self, iterator: ObjId, items: Vec<ObjId>, then: Waiting) -> Result<(), Fault> {
        let (function, iterators) = match self.heap.get(iterator) {
            Some(Object::Map {
                function,
                iterators,
            }) => (*function, iterators.clone()),
            _ => (self.none, Vec::new()),
        };
        if let Some(&inner) = iterators.get(items.len()) {
            let step = LazyStep {
                iterator,
                stage: LazyStage::MapArguments(items),
                then,
            };
            return self.next_then(inner, Box::new(step));
        }
        let step = LazyStep {
            iterator,
            stage: LazyStage::MapCall,
            then,
        };
        self.call_then(function, items, Box::new(step))
    }

    /// `zip_next`: one item from each iterator in turn, made into a tuple.
    fn zip_step(&mut self, iterator: ObjId, items: Vec<ObjId>, then: Waiting) -> Result<(), Fault> {
        let iterators = match self.heap.get(iterator) {
            Some(Object::Zip { iterators, .. }) => iterators.clone(),
            _ => Vec::new(),
        };
        if let Some(&inner) = iterators.get(items.len()) {
            let step = LazyStep {
                iterator,
                stage: LazyStage::ZipItems(items),
                then,
            };
            return self.next_then(inner, Box::new(step));
        }
        self.heap.decref(iterator);
        match self.new_result(Object::Tuple(items.clone())) {
            Ok(tuple) => then.0.resume(self, tuple),
            Err(fault) => {
                self.release(&items);
                let held = then.references();
                self.release(&held);
                Err(fault)
            }
        }
    }

    /// `filter_next`: keep `item` (owned) when the function (or its truth) says so.
    fn filter_judge(&mut self, iterator: ObjId, item: ObjId, then: Waiting) -> Result<(), Fault> {
        let function = match self.heap.get(iterator) {
            Some(Object::Filter { function, .. }) => *function,
            _ => self.none,
        };
        if function == self.none {
            if is_true(&self.heap, item) {
                self.heap.decref(iterator);
                return then.0.resume(self, item);
            }
            self.heap.decref(item);
            return self.lazy_next(iterator, then);
        }
        self.heap.incref(item);
        let step = LazyStep {
            iterator,
            stage: LazyStage::FilterVerdict(item),
            then,
        };
        self.call_then(function, vec![item], Box::new(step))
    }

    /// `FOR_ITER` over an iterator whose next item runs Python code. `Ok(false)` for others.
    pub(crate) fn for_iter_slot(&mut self, iterator: ObjId, exit: u32) -> Result<bool, Fault> {
        if !self.iterates_with_frames(iterator) {
            return Ok(false);
        }
        self.next_then(iterator, Box::new(ForIterNext { exit }))?;
        Ok(true)
    }

    /// `next(iterator[, default])` when the next item runs Python code. `Ok(false)` otherwise.
    pub(crate) fn next_slot(&mut self, args: &[ObjId]) -> Result<bool, Fault> {
        let Some(&iterator) = args.first() else {
            return Ok(false);
        };
        if args.len() > 2 || !self.iterates_with_frames(iterator) {
            return Ok(false);
        }
        if !self.is_any_iterator(iterator) && !self.is_library_iterator(iterator) {
            if matches!(self.heap.get(iterator), Some(Object::Instance { .. })) {
                let kind = self.type_name_of(iterator);
                return Err(
                    Raise::new("TypeError", format!("'{kind}' object is not an iterator")).into(),
                );
            }
            return Ok(false);
        }
        let default = args.get(1).copied();
        if let Some(default) = default {
            self.heap.incref(default);
        }
        self.next_then(iterator, Box::new(NextOrDefault { default }))?;
        Ok(true)
    }

    /// A call to a built-in that reads a whole iterable, where one argument iterates with
    /// frames: its items are collected first. Takes the call's references when it returns
    /// `Ok(None)`; hands them back otherwise.
    pub(crate) fn collect_then_call(
        &mut self,
        callable: ObjId,
        args: Vec<ObjId>,
        positional_count: usize,
        keywords: Vec<(String, ObjId)>,
    ) -> Result<Option<CallArguments>, Fault> {
        // The iterable is the first argument (`min(a, b)` compares its arguments instead).
        let many = matches!(
            self.heap.get(callable),
            Some(Object::BuiltinFunction(
                crate::builtins::Builtin::Min | crate::builtins::Builtin::Max
            ))
        ) && positional_count > 1;
        let iterable_protocol = |vm: &Vm, arg: ObjId| match vm.heap.get(arg) {
            Some(Object::Instance { .. }) => ["__iter__", "__getitem__", "__next__"]
                .iter()
                .any(|name| vm.user_method(arg, name).is_some()),
            _ => vm.iterates_with_frames(arg),
        };
        // `sep.join(items)` called as a method has the str first.
        let index = usize::from(matches!(
            self.heap.get(callable),
            Some(Object::BuiltinMethod { bound: None, .. })
        ));
        if positional_count <= index || many || !iterable_protocol(self, args[index]) {
            return Ok(Some((args, keywords)));
        }
        let iterable = args[index];
        let mut state = CollectArgument {
            callable,
            args,
            positional_count,
            keywords: keywords.into_iter().map(|(name, _)| name).collect(),
            index,
            iterator: None,
            items: Vec::new(),
        };
        if matches!(self.heap.get(iterable), Some(Object::Instance { .. }))
            && self.user_method(iterable, "__next__").is_none()
        {
            // An iterable: `__iter__` first.
            self.user_get_iter(iterable, Box::new(state))?;
            return Ok(None);
        }
        self.heap.incref(iterable);
        state.iterator = Some(iterable);
        self.next_then(iterable, Box::new(state))?;
        Ok(None)
    }

    /// The collected call runs with the list in place of the iterable.
    fn call_collected(&mut self, state: CollectArgument) -> Result<(), Fault> {
        if let Some(iterator) = state.iterator {
            self.heap.decref(iterator);
        }
        let keywords = state
            .keywords
            .into_iter()
            .zip(state.args[state.positional_count..].iter().copied())
            .collect();
        self.call_values(state.callable, state.args, state.positional_count, keywords)
    }

    /// A new `StopIteration` exception object, for an iteration that ends without a Python
    /// `raise` (a native iterator is exhausted, `__getitem__` raised IndexError).
    pub(crate) fn new_stop_iteration(&mut self) -> Result<ObjId, Fault> {
        let class = self
            .builtin_type("StopIteration")
            .ok_or_else(|| Fault::Internal("no StopIteration".to_string()))?;
        self.new_exception(class, &[])
    }

    /// Whether `exception` is an instance of the built-in exception class `name`.
    pub(crate) fn exception_is(&self, exception: ObjId, name: &str) -> bool {
        let Some(class) = self.builtin_type(name) else {
            return false;
        };
        match self.heap.get(exception) {
            Some(Object::Exception(e)) => self.is_subclass(e.class, class),
            _ => false,
        }
    }
}
