//! The protocols user classes take part in through their dunder methods: `len()` and truth
//! (`__len__`, `__bool__`), subscripts (`__getitem__`, `__setitem__`, `__delitem__`),
//! `in` (`__contains__`), unary operators (`__neg__`, `__pos__`, `__invert__`, `__abs__`),
//! calling an instance (`__call__`), `format()` (`__format__`) and the number conversions
//! (`__index__`, `__int__`, `__float__`). Each method runs as a frame the student steps
//! through; the instruction (or built-in) completes when it returns, after CPython's checks
//! of what it returned.
//!
//! CPython: `Objects/typeobject.c` (`slot_sq_length`, `slot_nb_bool`, `slot_mp_subscript`,
//! `slot_mp_ass_subscript`, `slot_sq_contains`, `slot_nb_negative`, `slot_tp_call`,
//! `slot_nb_index`), `Objects/abstract.c` (`PyObject_Size`, `PyObject_Format`,
//! `PyNumber_Index`, `PyNumber_Long`, `PyNumber_Float`), `Objects/object.c`
//! (`PyObject_IsTrue`).

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::builtins::Builtin;
use crate::heap::ObjId;
use crate::native_call::Continuation;
use crate::objects::{is_true, Object, Raise};
use crate::vm::{Fault, Vm};

/// What happens with a slot method's result.
#[derive(Clone, Debug, PartialEq)]
enum Finish {
    /// The result is the instruction's result (`__getitem__`, `__neg__`, `__call__`).
    Push,
    /// The result is dropped (`__setitem__`, `__delitem__`).
    Discard,
    /// `len()`: a non-negative int.
    Len,
    /// Truth from `__len__`: a non-negative int, pushed as a bool.
    TruthFromLen,
    /// `__bool__`: must be a bool.
    Bool,
    /// `__contains__`: its truth, negated for `not in`.
    Contains { negate: bool },
    /// `__format__`: must be a str.
    Format,
    /// `__index__` (`int(x)` falls back to it), `__int__`: an int; as a float for `float()`.
    Integer { slot: &'static str, to_float: bool },
    /// `__float__`: a float.
    Float,
}

/// A slot method's frame that an instruction or built-in waits for.
#[derive(Clone, Debug, PartialEq)]
struct SlotCall {
    waiter: &'static str,
    finish: Finish,
}

impl Continuation for SlotCall {
    fn name(&self) -> &'static str {
        self.waiter
    }

    fn references(&self) -> Vec<ObjId> {
        Vec::new()
    }

    fn resume(self: Box<Self>, vm: &mut Vm, returned: ObjId) -> Result<(), Fault> {
        let result = vm.finish_slot(&self.finish, returned);
        vm.heap.decref(returned);
        match result? {
            Some(result) => vm.push_value(result),
            None => Ok(()),
        }
    }
}

impl Vm {
    /// Runs `receiver.name(*args)` as a frame when the receiver's class defines `name` in
    /// Python: `Ok(false)` (nothing done) when it does not. Arguments are borrowed.
    fn start_slot(
        &mut self,
        receiver: ObjId,
        name: &str,
        args: &[ObjId],
        waiter: &'static str,
        finish: Finish,
    ) -> Result<bool, Fault> {
        let Some(method) = self.user_method(receiver, name) else {
            return Ok(false);
        };
        let mut all = vec![receiver];
        all.extend_from_slice(args);
        for &arg in &all {
            self.heap.incref(arg);
        }
        self.call_then(method, all, Box::new(SlotCall { waiter, finish }))?;
        Ok(true)
    }

    /// What a slot method returned (borrowed), made into the instruction's result (a new
    /// reference), or `None` for nothing to push.
    fn finish_slot(&mut self, finish: &Finish, returned: ObjId) -> Result<Option<ObjId>, Fault> {
        let kind = self.type_name_of(returned);
        let int = match self.heap.get(returned) {
            Some(Object::Int(i)) => Some(i.clone()),
            Some(Object::Bool(b)) => Some(BigInt::from(u8::from(*b))),
            _ => None,
        };
        let type_error = |message: String| Err(Raise::new("TypeError", message).into());
        match finish {
            Finish::Push => {
                self.heap.incref(returned);
                Ok(Some(returned))
            }
            Finish::Discard => Ok(None),
            Finish::Len | Finish::TruthFromLen => {
                let Some(length) = int else {
                    return type_error(format!(
                        "'{kind}' object cannot be interpreted as an integer"
                    ));
                };
                if length.is_negative() {
                    return Err(Raise::new("ValueError", "__len__() should return >= 0").into());
                }
                if length.to_isize().is_none() {
                    return Err(Raise::new(
                        "OverflowError",
                        "cannot fit 'int' into an index-sized integer",
                    )
                    .into());
                }
                if *finish == Finish::TruthFromLen {
                    return Ok(Some(self.new_bool(!length.is_zero())));
                }
                Ok(Some(self.new_int(length)))
            }
            Finish::Bool => match self.heap.get(returned) {
                Some(Object::Bool(_)) => {
                    self.heap.incref(returned);
                    Ok(Some(returned))
                }
                _ => type_error(format!("__bool__ should return bool, returned {kind}")),
            },
            Finish::Contains { negate } => {
                let truth = is_true(&self.heap, returned);
                Ok(Some(self.new_bool(truth != *negate)))
            }
            Finish::Format => match self.heap.get(returned) {
                Some(Object::Str(_)) => {
                    self.heap.incref(returned);
                    Ok(Some(returned))
                }
                _ => type_error(format!("__format__ must return a str, not {kind}")),
            },
            Finish::Integer { slot, to_float } => {
                let Some(value) = int else {
                    return type_error(format!("{slot} returned non-int (type {kind})"));
                };
                if *to_float {
                    let Some(x) = value.to_f64().filter(|x| x.is_finite()) else {
                        return Err(Raise::new(
                            "OverflowError",
                            "int too large to convert to float",
                        )
                        .into());
                    };
                    return self.new_result(Object::Float(x)).map(Some);
                }
                Ok(Some(self.new_int(value)))
            }
            Finish::Float => match self.heap.get(returned) {
                Some(Object::Float(_)) => {
                    self.heap.incref(returned);
                    Ok(Some(returned))
                }
                _ => type_error(format!("{kind}.__float__ returned non-float (type {kind})")),
            },
        }
    }

    /// `TO_BOOL` (`PyObject_IsTrue`) of an instance: `__bool__`, else `__len__`, else true.
    /// `Ok(false)` when neither is a Python method.
    pub(crate) fn truth_slot(&mut self, value: ObjId, waiter: &'static str) -> Result<bool, Fault> {
        if self.start_slot(value, "__bool__", &[], waiter, Finish::Bool)? {
            return Ok(true);
        }
        self.start_slot(value, "__len__", &[], waiter, Finish::TruthFromLen)
    }

    /// A unary operator of an instance (`UNARY_NEGATIVE`, `UNARY_INVERT`, unary `+`).
    pub(crate) fn unary_slot(&mut self, operand: ObjId, name: &str) -> Result<bool, Fault> {
        if self.start_slot(operand, name, &[], "UNARY", Finish::Push)? {
            return Ok(true);
        }
        if !matches!(self.heap.get(operand), Some(Object::Instance { .. })) {
            return Ok(false);
        }
        let symbol = match name {
            "__neg__" => "-",
            "__pos__" => "+",
            _ => "~",
        };
        let kind = self.type_name_of(operand);
        Err(Raise::new(
            "TypeError",
            format!("bad operand type for unary {symbol}: '{kind}'"),
        )
        .into())
    }

    /// `BINARY_OP []` on an instance: `__getitem__`.
    pub(crate) fn getitem_slot(&mut self, container: ObjId, key: ObjId) -> Result<bool, Fault> {
        self.start_slot(container, "__getitem__", &[key], "BINARY_OP", Finish::Push)
    }

    /// `STORE_SUBSCR` (`__setitem__`) or, without a value, `DELETE_SUBSCR` (`__delitem__`).
    pub(crate) fn setitem_slot(
        &mut self,
        container: ObjId,
        key: ObjId,
        value: Option<ObjId>,
    ) -> Result<bool, Fault> {
        match value {
            Some(value) => self.start_slot(
                container,
                "__setitem__",
                &[key, value],
                "STORE_SUBSCR",
                Finish::Discard,
            ),
            None => self.start_slot(
                container,
                "__delitem__",
                &[key],
                "DELETE_SUBSCR",
                Finish::Discard,
            ),
        }
    }

    /// `CONTAINS_OP` on an instance: `__contains__`.
    pub(crate) fn contains_slot(
        &mut self,
        container: ObjId,
        item: ObjId,
        negate: bool,
    ) -> Result<bool, Fault> {
        let finish = Finish::Contains { negate };
        if self.start_slot(container, "__contains__", &[item], "CONTAINS_OP", finish)? {
            return Ok(true);
        }
        self.contains_by_iteration(container, item, negate)
    }

    /// `format(value, spec)` / `FORMAT_SIMPLE` / `FORMAT_WITH_SPEC` of an instance whose class
    /// has its own `__format__`.
    pub(crate) fn format_slot(&mut self, value: ObjId, spec: ObjId) -> Result<bool, Fault> {
        self.start_slot(value, "__format__", &[spec], "format", Finish::Format)
    }

    /// A built-in called with an instance whose class answers it with a Python method:
    /// `len`, `abs`, `bool`, `format`, `int`, `float`. `Ok(true)` when a frame was started.
    pub(crate) fn builtin_slot(
        &mut self,
        callable: ObjId,
        args: &[ObjId],
        keywords: &[(String, ObjId)],
    ) -> Result<bool, Fault> {
        let Some(&first) = args.first() else {
            return Ok(false);
        };
        if !keywords.is_empty() || !matches!(self.heap.get(first), Some(Object::Instance { .. })) {
            return Ok(false);
        }
        let builtin = match self.heap.get(callable) {
            Some(Object::BuiltinFunction(builtin)) => Some(*builtin),
            Some(Object::Type(t)) => {
                let native = t.native;
                return match (native, args.len()) {
                    (Some("bool"), 1) => self.truth_slot(first, "bool"),
                    (Some("int"), 1) => {
                        let int = Finish::Integer {
                            slot: "__int__",
                            to_float: false,
                        };
                        let index = Finish::Integer {
                            slot: "__index__",
                            to_float: false,
                        };
                        Ok(self.start_slot(first, "__int__", &[], "int", int)?
                            || self.start_slot(first, "__index__", &[], "int", index)?)
                    }
                    (Some("float"), 1) => {
                        let index = Finish::Integer {
                            slot: "__index__",
                            to_float: true,
                        };
                        Ok(
                            self.start_slot(first, "__float__", &[], "float", Finish::Float)?
                                || self.start_slot(first, "__index__", &[], "float", index)?,
                        )
                    }
                    _ => Ok(false),
                };
            }
            _ => None,
        };
        match (builtin, args) {
            (Some(Builtin::Len), [value]) => {
                if self.start_slot(*value, "__len__", &[], "len", Finish::Len)? {
                    return Ok(true);
                }
                let kind = self.type_name_of(*value);
                Err(Raise::new("TypeError", format!("object of type '{kind}' has no len()")).into())
            }
            (Some(Builtin::Abs), [value]) => {
                if self.start_slot(*value, "__abs__", &[], "abs", Finish::Push)? {
                    return Ok(true);
                }
                let kind = self.type_name_of(*value);
                Err(Raise::new("TypeError", format!("bad operand type for abs(): '{kind}'")).into())
            }
            (Some(Builtin::Format), [value, spec @ ..]) if spec.len() <= 1 => {
                let spec = match spec.first() {
                    Some(&spec) => spec,
                    None => self.intern(""),
                };
                self.format_slot(*value, spec)
            }
            (Some(Builtin::Format), _) => Ok(false),
            _ => Ok(false),
        }
    }

    /// Calling an instance: its class's `__call__` runs with the instance (borrowed) first;
    /// the arguments are owned.
    pub(crate) fn call_instance(
        &mut self,
        instance: ObjId,
        args: Vec<ObjId>,
        keywords: Vec<(String, ObjId)>,
    ) -> Result<(), Fault> {
        let Some(method) = self.user_method(instance, "__call__") else {
            let kind = self.type_name_of(instance);
            self.release(&args);
            self.release(&keywords.iter().map(|(_, v)| *v).collect::<Vec<_>>());
            return Err(Raise::new("TypeError", format!("'{kind}' object is not callable")).into());
        };
        self.heap.incref(instance);
        let mut positional = vec![instance];
        positional.extend(args);
        self.call_function(method, positional, keywords)
    }
}
