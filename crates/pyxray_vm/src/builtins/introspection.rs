//! The built-ins that look at objects by name: `getattr`, `setattr`, `delattr`, `hasattr`,
//! `vars`, `dir` and `callable`. The first four do what `obj.name` does (`attributes.rs`), so a
//! property's accessor runs as a frame here too when `CALL` calls them.
//!
//! CPython: `Python/bltinmodule.c` (`builtin_getattr`, `builtin_setattr`, `builtin_delattr`,
//! `builtin_hasattr_impl`, `builtin_vars_impl`, `builtin_dir`, `builtin_callable`),
//! `Objects/object.c` (`_dir_locals`, `_dir_object`), `Objects/typeobject.c` (`type___dir___impl`,
//! `merge_class_dict`, `object___dir___impl`).

use super::{Builtin, Keywords};
use crate::attributes::Attribute;
use crate::frame::ReturnAction;
use crate::heap::ObjId;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

/// What `object.__dir__` lists for every object (besides its type's and its own names).
const OBJECT_DIR: &[&str] = &[
    "__class__",
    "__delattr__",
    "__dir__",
    "__doc__",
    "__eq__",
    "__format__",
    "__ge__",
    "__getattribute__",
    "__getstate__",
    "__gt__",
    "__hash__",
    "__init__",
    "__init_subclass__",
    "__le__",
    "__lt__",
    "__ne__",
    "__new__",
    "__reduce__",
    "__reduce_ex__",
    "__repr__",
    "__setattr__",
    "__sizeof__",
    "__str__",
    "__subclasshook__",
];

/// How an attribute built-in completes: at once, or when a Python accessor's frame returns.
pub(crate) enum Outcome {
    Done(ObjId),
    Frame {
        function: ObjId,
        args: Vec<ObjId>,
        on_return: ReturnAction,
    },
}

impl Builtin {
    /// `getattr`, `hasattr`, `setattr` and `delattr`, which may run a property's accessor.
    pub(crate) fn is_attribute_access(self) -> bool {
        matches!(
            self,
            Builtin::GetAttr | Builtin::HasAttr | Builtin::SetAttr | Builtin::DelAttr
        )
    }
}

/// "getattr expected at least 2 arguments, got 1".
fn count_error(name: &str, args: &[ObjId], min: usize, max: usize) -> Result<(), Raise> {
    let given = args.len();
    let message = if min == max && given != min {
        format!("{name} expected {min} arguments, got {given}")
    } else if given < min {
        format!("{name} expected at least {min} arguments, got {given}")
    } else if given > max {
        format!("{name} expected at most {max} arguments, got {given}")
    } else {
        return Ok(());
    };
    Err(Raise::new("TypeError", message))
}

impl Vm {
    /// `CALL` of an attribute built-in: pushes its result, or runs the accessor's frame.
    pub(crate) fn call_attribute_builtin(
        &mut self,
        builtin: Builtin,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<(), Fault> {
        match self.attribute_builtin(builtin, args, keywords)? {
            Outcome::Done(result) => self.push_value(result),
            Outcome::Frame {
                function,
                args,
                on_return,
            } => self.call_for_attribute(function, args, on_return),
        }
    }

    /// An attribute built-in called from native code (`map(getattr, …)`): a Python accessor
    /// cannot run there yet.
    pub(crate) fn attribute_builtin_native(
        &mut self,
        builtin: Builtin,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        match self.attribute_builtin(builtin, args, keywords)? {
            Outcome::Done(result) => Ok(result),
            Outcome::Frame { function, args, .. } => {
                self.heap.decref(function);
                self.release(&args);
                Err(Raise::new(
                    "TypeError",
                    format!(
                        "{}() running a property from inside another built-in is not supported yet",
                        builtin.name()
                    ),
                )
                .into())
            }
        }
    }

    fn attribute_builtin(
        &mut self,
        builtin: Builtin,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<Outcome, Fault> {
        let function = builtin.name();
        if !keywords.is_empty() {
            return Err(Raise::new(
                "TypeError",
                format!("{function}() takes no keyword arguments"),
            )
            .into());
        }
        let (min, max) = match builtin {
            Builtin::GetAttr => (2, 3),
            Builtin::SetAttr => (3, 3),
            _ => (2, 2),
        };
        count_error(function, args, min, max)?;
        let (owner, name) = (args[0], args[1]);
        let name = match self.heap.get(name) {
            Some(Object::Str(name)) => name.clone(),
            _ => {
                let kind = self.type_name_of(name);
                return Err(Raise::new(
                    "TypeError",
                    format!("attribute name must be string, not '{kind}'"),
                )
                .into());
            }
        };
        match builtin {
            Builtin::SetAttr | Builtin::DelAttr => {
                let value = args.get(2).copied();
                let none = self.none;
                Ok(match self.set_attribute(owner, &name, value)? {
                    None => Outcome::Done(none),
                    Some(call) => Outcome::Frame {
                        function: call.function,
                        args: call.args,
                        on_return: ReturnAction::Discard {
                            then_push: Some(none),
                        },
                    },
                })
            }
            _ => {
                let found = match self.get_attribute(owner, &name) {
                    Err(Fault::Raise(raise)) if raise.type_name == "AttributeError" => {
                        if builtin == Builtin::HasAttr {
                            return Ok(Outcome::Done(self.new_bool(false)));
                        }
                        match args.get(2) {
                            Some(&default) => {
                                self.heap.incref(default);
                                return Ok(Outcome::Done(default));
                            }
                            None => return Err(Fault::Raise(raise)),
                        }
                    }
                    other => other?,
                };
                let has = builtin == Builtin::HasAttr;
                Ok(match found {
                    Attribute::Value(value) if has => {
                        self.heap.decref(value);
                        Outcome::Done(self.new_bool(true))
                    }
                    Attribute::Value(value) => Outcome::Done(value),
                    Attribute::Bound { function, receiver } if has => {
                        self.heap.decref(function);
                        self.heap.decref(receiver);
                        Outcome::Done(self.new_bool(true))
                    }
                    Attribute::Bound { function, receiver } => {
                        Outcome::Done(self.bind(function, receiver)?)
                    }
                    Attribute::Call {
                        function,
                        args: call_args,
                        annotations_of,
                    } => {
                        // An AttributeError from the getter gives False or the default.
                        let fallback = if has {
                            Some((Some(self.new_bool(true)), self.new_bool(false)))
                        } else {
                            args.get(2).map(|&default| {
                                self.heap.incref(default);
                                (None, default)
                            })
                        };
                        let on_return = match fallback {
                            Some((replace_result, fallback)) => ReturnAction::GuardedAttribute {
                                replace_result,
                                fallback,
                            },
                            None => ReturnAction::Attribute {
                                then_null: false,
                                annotations_of,
                            },
                        };
                        Outcome::Frame {
                            function,
                            args: call_args,
                            on_return,
                        }
                    }
                })
            }
        }
    }

    /// `vars()` / `vars(obj)`: the namespace itself (a class's as a read-only proxy).
    pub(crate) fn builtin_vars(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            return Err(Raise::new("TypeError", "vars() takes no keyword arguments").into());
        }
        if args.len() > 1 {
            return Err(Raise::new(
                "TypeError",
                format!("vars expected at most 1 argument, got {}", args.len()),
            )
            .into());
        }
        let Some(&owner) = args.first() else {
            let frame = self.frame()?;
            let namespace = frame.locals.unwrap_or(frame.globals);
            if frame.locals.is_none() && frame.function.is_some() {
                return self.fast_locals_snapshot();
            }
            self.heap.incref(namespace);
            return Ok(namespace);
        };
        match self.get_attribute(owner, "__dict__") {
            Ok(Attribute::Value(dict)) => Ok(dict),
            Ok(Attribute::Bound { function, receiver }) => {
                self.heap.decref(function);
                self.heap.decref(receiver);
                Err(vars_error())
            }
            Ok(Attribute::Call { function, args, .. }) => {
                self.heap.decref(function);
                self.release(&args);
                Err(Raise::new(
                    "TypeError",
                    "vars() of a __dict__ property is not supported yet",
                )
                .into())
            }
            Err(Fault::Raise(raise)) if raise.type_name == "AttributeError" => Err(vars_error()),
            Err(fault) => Err(fault),
        }
    }

    /// `dir()` / `dir(obj)`: the sorted names in scope, or the attribute names of a user
    /// class, its instance, or a module (`object.__dir__`, `type.__dir__`).
    pub(crate) fn builtin_dir(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            return Err(Raise::new("TypeError", "dir() takes no keyword arguments").into());
        }
        if args.len() > 1 {
            return Err(Raise::new(
                "TypeError",
                format!("dir expected at most 1 argument, got {}", args.len()),
            )
            .into());
        }
        let mut names: Vec<String> = match args.first().map(|&a| (a, self.heap.get(a))) {
            None => {
                let frame = self.frame()?;
                if frame.function.is_some() && frame.locals.is_none() {
                    self.bound_fast_locals()?
                        .into_iter()
                        .map(|(name, _)| name)
                        .collect()
                } else {
                    let namespace = frame.locals.unwrap_or(frame.globals);
                    self.str_keys(namespace)
                }
            }
            Some((_, Some(&Object::Module { dict, .. }))) => self.str_keys(dict),
            Some((_, Some(&Object::Instance { class, dict, .. }))) => {
                let mut names = self.str_keys(dict);
                names.extend(self.class_dir(class));
                names
            }
            Some((class, Some(Object::Type(t))))
                if t.native.is_none() && t.builtin_exception.is_none() =>
            {
                self.class_dir(class)
            }
            Some((owner, _)) => {
                let kind = self.type_name_of(owner);
                return Err(Raise::new(
                    "TypeError",
                    format!("dir() of a '{kind}' object is not supported yet"),
                )
                .into());
            }
        };
        names.sort();
        names.dedup();
        let items: Vec<ObjId> = names
            .iter()
            .map(|name| self.new_str(name.clone()))
            .collect();
        self.new_result(Object::List(items))
    }

    /// A function frame's variables that have a value (borrowed), cells read through, as
    /// `locals()` sees them (`_PyFrame_GetLocals`).
    fn bound_fast_locals(&mut self) -> Result<Vec<(String, ObjId)>, Fault> {
        let frame = self.frame()?;
        let code = frame.code.clone();
        let values = frame.localsplus.clone();
        let mut bound = Vec::new();
        for ((name, &kind), value) in code
            .localsplusnames
            .iter()
            .zip(&code.localspluskinds)
            .zip(values)
        {
            let Some(value) = value else { continue };
            if kind & pyxray_bytecode::code::local_kind::HIDDEN != 0 {
                continue;
            }
            let is_cell = kind
                & (pyxray_bytecode::code::local_kind::CELL
                    | pyxray_bytecode::code::local_kind::FREE)
                != 0;
            let value = match (is_cell, self.heap.get(value)) {
                (true, Some(Object::Cell(Some(content)))) => *content,
                (true, Some(Object::Cell(None))) => continue,
                _ => value,
            };
            bound.push((name.clone(), value));
        }
        Ok(bound)
    }

    /// `vars()` in a function: a new dict of its variables (3.13+ `locals()` snapshot).
    fn fast_locals_snapshot(&mut self) -> Result<ObjId, Fault> {
        let bound = self.bound_fast_locals()?;
        let dict = self.new_result(Object::Dict(Vec::new()))?;
        for (name, value) in bound {
            self.dict_set_str(dict, &name, value);
        }
        Ok(dict)
    }

    /// The names along a class's MRO (`merge_class_dict`), with what `object` has.
    pub(crate) fn class_dir(&self, class: ObjId) -> Vec<String> {
        let mut names: Vec<String> = OBJECT_DIR.iter().map(|n| n.to_string()).collect();
        let mro = match self.heap.get(class) {
            Some(Object::Type(t)) => t.mro.clone(),
            _ => Vec::new(),
        };
        for klass in mro {
            let Some(Object::Type(k)) = self.heap.get(klass) else {
                continue;
            };
            if k.name == "object" && k.native.is_none() {
                continue;
            }
            names.extend(self.str_keys(k.dict));
        }
        match self.slot_names(class) {
            // Each slot is a member descriptor in its class's namespace.
            Some(slots) => names.extend(slots),
            None => names.extend(["__dict__".to_string(), "__weakref__".to_string()]),
        }
        names
    }

    /// The str keys of a dict.
    pub(crate) fn str_keys(&self, dict: ObjId) -> Vec<String> {
        match self.heap.get(dict) {
            Some(Object::Dict(pairs)) => pairs
                .iter()
                .filter_map(|&(key, _)| match self.heap.get(key) {
                    Some(Object::Str(name)) => Some(name.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// `callable(obj)` (`PyCallable_Check`): whether its type has `__call__`.
    pub(crate) fn is_callable(&self, value: ObjId) -> bool {
        match self.heap.get(value) {
            Some(
                Object::BuiltinFunction(_)
                | Object::BuiltinMethod { .. }
                | Object::Function(_)
                | Object::Method { .. }
                | Object::Type(_)
                | Object::StaticMethod(_),
            ) => true,
            Some(&Object::Instance { class, .. }) => {
                self.lookup_in_mro(class, "__call__").is_some()
            }
            _ => false,
        }
    }
}

/// `id(obj)`: a number unique to the object for the whole run (ids are never reused here),
/// spaced like 16-byte-aligned addresses.
pub(crate) fn object_id(id: ObjId) -> u64 {
    0x7f00_0000_0000 + 16 * u64::from(id.0)
}

fn vars_error() -> Fault {
    Raise::new("TypeError", "vars() argument must have __dict__ attribute").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argument_counts_use_cpython_wording() {
        let one = [ObjId(0)];
        let four = [ObjId(0); 4];
        let message = |r: Result<(), Raise>| r.err().map(|e| e.message);
        assert_eq!(
            message(count_error("getattr", &one, 2, 3)).as_deref(),
            Some("getattr expected at least 2 arguments, got 1")
        );
        assert_eq!(
            message(count_error("getattr", &four, 2, 3)).as_deref(),
            Some("getattr expected at most 3 arguments, got 4")
        );
        assert_eq!(
            message(count_error("setattr", &one, 3, 3)).as_deref(),
            Some("setattr expected 3 arguments, got 1")
        );
        assert!(count_error("hasattr", &[ObjId(0), ObjId(1)], 2, 2).is_ok());
    }

    #[test]
    fn object_dir_is_sorted_as_dir_prints_it() {
        let mut sorted = OBJECT_DIR.to_vec();
        sorted.sort();
        assert_eq!(sorted, OBJECT_DIR);
        assert_eq!(OBJECT_DIR.len(), 24);
    }
}
