//! Native operations that consume an iterator whose items come from Python code: `in` over
//! a user iterable without `__contains__`, `any()`/`all()`, and unpacking (`a, b = obj`).
//! Each item is taken with `next_then` (`iter_calls.rs`), so each `__next__` or `__getitem__`
//! is a frame, and the operation stops as early as CPython's does.
//!
//! CPython: `Objects/abstract.c` (`_PySequence_IterSearch`), `Python/bltinmodule.c`
//! (`builtin_any`, `builtin_all`), `Python/ceval.c` (`_PyEval_UnpackIterable`).

use crate::heap::ObjId;
use crate::native_call::Continuation;
use crate::objects::{is_true, Object, Raise};
use crate::vm::{Fault, Vm};

/// `in` over a user iterable without `__contains__` (`_PySequence_IterSearch`): its items
/// are compared with `item` (owned) until one equals it.
#[derive(Clone, Debug, PartialEq)]
struct ContainsSearch {
    item: ObjId,
    negate: bool,
    /// The iterator, once `__iter__` has given it (owned).
    iterator: Option<ObjId>,
}

impl ContainsSearch {
    fn finish(self, vm: &mut Vm, found: bool) -> Result<(), Fault> {
        vm.heap.decref(self.item);
        if let Some(iterator) = self.iterator {
            vm.heap.decref(iterator);
        }
        let result = vm.new_bool(found != self.negate);
        vm.push_value(result)
    }
}

impl Continuation for ContainsSearch {
    fn name(&self) -> &'static str {
        "CONTAINS_OP"
    }

    fn references(&self) -> Vec<ObjId> {
        std::iter::once(self.item).chain(self.iterator).collect()
    }

    fn resume(mut self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let Some(iterator) = self.iterator else {
            self.iterator = Some(returned);
            return vm.next_then(returned, self);
        };
        let user_eq = |vm: &Vm, id: ObjId| vm.user_method(id, "__eq__").is_some();
        let same = if returned == self.item {
            Ok(true)
        } else if user_eq(vm, returned) || user_eq(vm, self.item) {
            Err(Fault::Internal(
                "not supported yet: `in` over a user iterable comparing with a Python __eq__"
                    .to_string(),
            ))
        } else {
            crate::objects::equal(&vm.heap, returned, self.item).map_err(Fault::from)
        };
        vm.heap.decref(returned);
        match same {
            Ok(true) => self.finish(vm, true),
            Ok(false) => vm.next_then(iterator, self),
            Err(fault) => {
                let held = Continuation::references(self.as_ref());
                vm.release(&held);
                Err(fault)
            }
        }
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        if self.iterator.is_some() && vm.exception_is(exception, "StopIteration") {
            vm.heap.decref(exception);
            return self.finish(vm, false);
        }
        let held = Continuation::references(self.as_ref());
        vm.release(&held);
        Err(Fault::Exception(exception))
    }
}

/// `any(iterable)` / `all(iterable)` over items that come from Python code: each item is
/// read when the previous one did not decide (`builtin_any`, `builtin_all`).
#[derive(Clone, Debug, PartialEq)]
struct AnyAll {
    /// `any` looks for a true item, `all` for a false one.
    looking_for: bool,
    /// The iterator, once `__iter__` has given it (owned).
    iterator: Option<ObjId>,
}

impl AnyAll {
    fn finish(self, vm: &mut Vm, answer: bool) -> Result<(), Fault> {
        if let Some(iterator) = self.iterator {
            vm.heap.decref(iterator);
        }
        let result = vm.new_bool(answer);
        vm.push_value(result)
    }
}

impl Continuation for AnyAll {
    fn name(&self) -> &'static str {
        if self.looking_for {
            "any"
        } else {
            "all"
        }
    }

    fn references(&self) -> Vec<ObjId> {
        self.iterator.into_iter().collect()
    }

    fn resume(mut self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let Some(iterator) = self.iterator else {
            self.iterator = Some(returned);
            return vm.next_then(returned, self);
        };
        if matches!(vm.heap.get(returned), Some(Object::Instance { .. })) {
            vm.heap.decref(returned);
            let held = Continuation::references(self.as_ref());
            vm.release(&held);
            return Err(Fault::Internal(
                "not supported yet: any()/all() of instances of user classes".to_string(),
            ));
        }
        let truth = is_true(&vm.heap, returned);
        vm.heap.decref(returned);
        if truth == self.looking_for {
            let looking_for = self.looking_for;
            return self.finish(vm, looking_for);
        }
        vm.next_then(iterator, self)
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        if self.iterator.is_some() && vm.exception_is(exception, "StopIteration") {
            vm.heap.decref(exception);
            let answer = !self.looking_for;
            return self.finish(vm, answer);
        }
        let held = Continuation::references(self.as_ref());
        vm.release(&held);
        Err(Fault::Exception(exception))
    }
}

impl Vm {
    /// `any(x)` / `all(x)` where reading `x` runs Python code. `Ok(false)` otherwise.
    pub(crate) fn any_all_with_frames(
        &mut self,
        looking_for: bool,
        args: &[ObjId],
    ) -> Result<bool, Fault> {
        let [iterable] = *args else {
            return Ok(false);
        };
        if !self.iterates_with_frames(iterable) {
            return Ok(false);
        }
        let mut state = AnyAll {
            looking_for,
            iterator: None,
        };
        if matches!(self.heap.get(iterable), Some(Object::Instance { .. }))
            && self.user_method(iterable, "__next__").is_none()
        {
            self.user_get_iter(iterable, Box::new(state))?;
            return Ok(true);
        }
        self.heap.incref(iterable);
        state.iterator = Some(iterable);
        self.next_then(iterable, Box::new(state))?;
        Ok(true)
    }

    /// `CONTAINS_OP` on an instance without `__contains__`: a search of its iterator.
    /// `Ok(false)` when it is not iterable that way.
    pub(crate) fn contains_by_iteration(
        &mut self,
        container: ObjId,
        item: ObjId,
        negate: bool,
    ) -> Result<bool, Fault> {
        if !matches!(self.heap.get(container), Some(Object::Instance { .. })) {
            return Ok(false);
        }
        if self.user_method(container, "__iter__").is_none()
            && self.user_method(container, "__getitem__").is_none()
        {
            let kind = self.type_name_of(container);
            return Err(Raise::new(
                "TypeError",
                format!("argument of type '{kind}' is not a container or iterable"),
            )
            .into());
        }
        self.heap.incref(item);
        let search = Box::new(ContainsSearch {
            item,
            negate,
            iterator: None,
        });
        self.user_get_iter(container, search)?;
        Ok(true)
    }

    /// `UNPACK_SEQUENCE` of a user iterable or an iterator that runs Python code: items are
    /// taken one by one, at most one past `count`. `Ok(false)` for other values.
    pub(crate) fn unpack_with_frames(&mut self, value: ObjId, count: usize) -> Result<bool, Fault> {
        let is_instance = matches!(self.heap.get(value), Some(Object::Instance { .. }));
        if !is_instance && !self.iterates_with_frames(value) {
            return Ok(false);
        }
        let mut state = Unpack {
            count,
            iterator: None,
            items: Vec::new(),
        };
        if is_instance && self.user_method(value, "__next__").is_none() {
            if self.user_method(value, "__iter__").is_none()
                && self.user_method(value, "__getitem__").is_none()
            {
                let kind = self.type_name_of(value);
                return Err(Raise::new(
                    "TypeError",
                    format!("cannot unpack non-iterable {kind} object"),
                )
                .into());
            }
            self.user_get_iter(value, Box::new(state))?;
            return Ok(true);
        }
        self.heap.incref(value);
        state.iterator = Some(value);
        self.next_then(value, Box::new(state))?;
        Ok(true)
    }
}

/// `a, b = obj` waiting for the next item: the items so far (owned).
#[derive(Clone, Debug, PartialEq)]
struct Unpack {
    count: usize,
    /// The iterator, once `__iter__` has given it (owned).
    iterator: Option<ObjId>,
    items: Vec<ObjId>,
}

impl Continuation for Unpack {
    fn name(&self) -> &'static str {
        "UNPACK_SEQUENCE"
    }

    fn references(&self) -> Vec<ObjId> {
        self.iterator
            .into_iter()
            .chain(self.items.iter().copied())
            .collect()
    }

    fn resume(mut self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let Some(iterator) = self.iterator else {
            self.iterator = Some(returned);
            return vm.next_then(returned, self);
        };
        self.items.push(returned);
        if self.items.len() > self.count {
            let held = Continuation::references(self.as_ref());
            vm.release(&held);
            let count = self.count;
            return Err(crate::abstract_ops::unpack_error(count, count + 1, false).into());
        }
        vm.next_then(iterator, self)
    }

    fn throw(self: Box<Self>, vm: &mut Vm, exception: ObjId) -> Result<(), Fault> {
        let held = Continuation::references(self.as_ref());
        if self.iterator.is_none() || !vm.exception_is(exception, "StopIteration") {
            vm.release(&held);
            return Err(Fault::Exception(exception));
        }
        vm.heap.decref(exception);
        if let Some(iterator) = self.iterator {
            vm.heap.decref(iterator);
        }
        if self.items.len() < self.count {
            vm.release(&self.items);
            return Err(
                crate::abstract_ops::unpack_error(self.count, self.items.len(), true).into(),
            );
        }
        for item in self.items.into_iter().rev() {
            vm.push_value(item)?;
        }
        Ok(())
    }
}
