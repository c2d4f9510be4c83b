//! Classes and instances: `__build_class__` runs the class body as a frame and makes a type
//! from its namespace; calling a class makes an instance and runs `__init__` as a frame;
//! attribute lookup follows the MRO, and functions found on the class become bound methods.
//!
//! CPython: `Python/bltinmodule.c` (`builtin___build_class__`), `Objects/typeobject.c`
//! (`type_new`, `mro_implementation` (C3), `type_call`, `_PyType_Lookup`, `super_getattro`),
//! `Objects/object.c` (`PyObject_GenericGetAttr`, `_PyObject_GenericSetAttrWithDict`),
//! `Objects/classobject.c` (bound methods). Instances without `__repr__`/`__str__` print as
//! CPython's default repr; calling a user's dunder method from native code is the next step.

use crate::frame::ReturnAction;
use crate::heap::ObjId;
use crate::objects::{Object, Raise, TypeObject};
use crate::vm::{Fault, Vm};

impl Vm {
    /// `LOAD_BUILD_CLASS`.
    pub(crate) fn load_build_class(&mut self) -> Result<(), Fault> {
        let builtins = self.frame()?.builtins;
        let build_class = self
            .dict_get_str(builtins, "__build_class__")
            .ok_or_else(|| Raise::new("NameError", "__build_class__ not found"))?;
        self.push_new_ref(build_class)
    }

    /// `__build_class__(body, name, *bases)`: runs the body function with a fresh namespace
    /// as its locals; the class is made when that frame returns (`finish_class`).
    pub(crate) fn build_class(&mut self, args: &[ObjId]) -> Result<(), Fault> {
        let [body, name, bases @ ..] = args else {
            return Err(Raise::new("TypeError", "__build_class__: not enough arguments").into());
        };
        let name = match self.heap.get(*name) {
            Some(Object::Str(name)) => name.clone(),
            _ => {
                return Err(Raise::new("TypeError", "__build_class__: name is not a string").into())
            }
        };
        if !matches!(self.heap.get(*body), Some(Object::Function(_))) {
            return Err(Raise::new("TypeError", "__build_class__: func must be a function").into());
        }
        let bases: Vec<ObjId> = if bases.is_empty() {
            self.builtin_type("object").into_iter().collect()
        } else {
            bases.to_vec()
        };
        for &base in &bases {
            if !matches!(self.heap.get(base), Some(Object::Type(_))) {
                let kind = self.type_name_of(base);
                return Err(
                    Raise::new("TypeError", format!("bases must be types, not {kind}")).into(),
                );
            }
        }
        let mro = self.c3_mro(&bases).ok_or_else(|| {
            Raise::new(
                "TypeError",
                "Cannot create a consistent method resolution order (MRO) for bases",
            )
        })?;
        let namespace = self.new_result(Object::Dict(Vec::new()))?;
        for &base in &bases {
            self.heap.incref(base);
        }
        for &class in &mro {
            self.heap.incref(class);
        }
        self.call_function(*body, Vec::new(), Vec::new())?;
        let frame = self.frame()?;
        frame.locals = Some(namespace);
        frame.on_return = ReturnAction::BuildClass {
            name,
            bases,
            mro,
            namespace,
        };
        Ok(())
    }

    /// The class body returned: make the type from its namespace and fill `__class__`.
    pub(crate) fn finish_class(
        &mut self,
        name: String,
        bases: Vec<ObjId>,
        mro: Vec<ObjId>,
        namespace: ObjId,
        returned: ObjId,
    ) -> Result<ObjId, Fault> {
        self.heap.decref(returned);
        let class_cell = self.dict_get_str(namespace, "__classcell__");
        if let Some(cell) = class_cell {
            self.heap.incref(cell);
        }
        self.dict_del_str(namespace, "__classcell__");
        self.dict_del_str(namespace, "__classdictcell__");
        let class = self.new_result(Object::Type(Box::new(TypeObject {
            name,
            bases,
            mro: Vec::new(),
            dict: namespace,
            builtin_exception: None,
            native: None,
        })))?;
        // The MRO starts with the class itself; a class does not count a reference to itself.
        self.heap.update(class, |object| {
            if let Object::Type(t) = object {
                t.mro = std::iter::once(class).chain(mro.iter().copied()).collect();
            }
        });
        if let Some(cell) = class_cell {
            self.heap.incref(class);
            let old = self
                .heap
                .update(cell, |object| match object {
                    Object::Cell(content) => content.replace(class),
                    _ => None,
                })
                .flatten();
            if let Some(old) = old {
                self.heap.decref(old);
            }
            self.heap.decref(cell);
        }
        Ok(class)
    }

    /// C3 linearization of the bases' MROs (`mro_implementation`), without the new class.
    fn c3_mro(&self, bases: &[ObjId]) -> Option<Vec<ObjId>> {
        let mro_of = |class: ObjId| match self.heap.get(class) {
            Some(Object::Type(t)) => t.mro.clone(),
            _ => Vec::new(),
        };
        let mut sequences: Vec<Vec<ObjId>> = bases.iter().map(|&b| mro_of(b)).collect();
        sequences.push(bases.to_vec());
        let mut result = Vec::new();
        loop {
            sequences.retain(|s| !s.is_empty());
            if sequences.is_empty() {
                return Some(result);
            }
            let head = sequences
                .iter()
                .map(|s| s[0])
                .find(|&candidate| sequences.iter().all(|s| !s[1..].contains(&candidate)))?;
            result.push(head);
            for sequence in &mut sequences {
                if sequence.first() == Some(&head) {
                    sequence.remove(0);
                }
            }
        }
    }

    /// `_PyType_Lookup`: `name` in the namespaces along the class's MRO (borrowed).
    pub(crate) fn lookup_in_mro(&self, class: ObjId, name: &str) -> Option<ObjId> {
        let Some(Object::Type(t)) = self.heap.get(class) else {
            return None;
        };
        t.mro.iter().find_map(|&klass| match self.heap.get(klass) {
            Some(Object::Type(k)) => self.dict_get_str(k.dict, name),
            _ => None,
        })
    }

    /// `type_call` for a user class: a new instance, then `__init__` as a frame whose
    /// return pushes the instance. Returns `None` when the instance is already pushed.
    pub(crate) fn instantiate(
        &mut self,
        class: ObjId,
        args: Vec<ObjId>,
        keywords: Vec<(String, ObjId)>,
    ) -> Result<(), Fault> {
        let dict = self.new_result(Object::Dict(Vec::new()))?;
        self.heap.incref(class);
        let instance = self.new_result(Object::Instance { class, dict })?;
        let init = self
            .lookup_in_mro(class, "__init__")
            .filter(|&f| matches!(self.heap.get(f), Some(Object::Function(_))));
        let Some(init) = init else {
            let given = args.len() + keywords.len();
            self.release(&args);
            self.release(&keywords.iter().map(|(_, v)| *v).collect::<Vec<_>>());
            if given > 0 {
                self.heap.decref(instance);
                let name = self.class_name_of(class);
                return Err(Raise::new("TypeError", format!("{name}() takes no arguments")).into());
            }
            return self.push_value(instance);
        };
        self.heap.incref(instance);
        let mut all_args = vec![instance];
        all_args.extend(args);
        if let Err(fault) = self.call_function(init, all_args, keywords) {
            self.heap.decref(instance);
            return Err(fault);
        }
        self.frame()?.on_return = ReturnAction::Init { instance };
        Ok(())
    }

    /// `__init__` returned: it must return None; the call's result is the instance.
    pub(crate) fn finish_init(&mut self, instance: ObjId, returned: ObjId) -> Result<ObjId, Fault> {
        if returned != self.none {
            let kind = self.type_name_of(returned);
            self.heap.decref(returned);
            self.heap.decref(instance);
            return Err(Raise::new(
                "TypeError",
                format!("__init__() should return None, not '{kind}'"),
            )
            .into());
        }
        Ok(instance)
    }

    /// A class's `__name__`.
    pub(crate) fn class_name_of(&self, class: ObjId) -> String {
        match self.heap.get(class) {
            Some(Object::Type(t)) => t.name.clone(),
            _ => "object".to_string(),
        }
    }

    /// `LOAD_ATTR` on an instance, a class or an exception (`PyObject_GenericGetAttr`).
    /// Returns `None` when the object has no attribute machinery here.
    pub(crate) fn load_user_attr(
        &mut self,
        owner: ObjId,
        name: &str,
        method_form: bool,
    ) -> Result<Option<()>, Fault> {
        let (class, instance_dict) = match self.heap.get(owner) {
            Some(Object::Instance { class, dict }) => (*class, Some(*dict)),
            Some(Object::Type(_)) => {
                let Some(value) = self
                    .lookup_in_mro(owner, name)
                    .or_else(|| (name == "__name__").then_some(owner))
                else {
                    let class_name = self.class_name_of(owner);
                    return Err(Raise::new(
                        "AttributeError",
                        format!("type object '{class_name}' has no attribute '{name}'"),
                    )
                    .into());
                };
                if name == "__name__" && value == owner {
                    let text = self.class_name_of(owner);
                    let text = self.new_str(text);
                    self.push_value(text)?;
                } else {
                    self.push_new_ref(value)?;
                }
                if method_form {
                    self.push(None)?;
                }
                return Ok(Some(()));
            }
            Some(Object::Exception(_))
                if name == "value" && self.stop_iteration_value(owner).is_some() =>
            {
                let value = self.stop_iteration_value(owner).unwrap_or(self.none);
                self.push_new_ref(value)?;
                if method_form {
                    self.push(None)?;
                }
                return Ok(Some(()));
            }
            Some(Object::Exception(e)) if name == "args" => {
                let args = e.args.clone();
                for &arg in &args {
                    self.heap.incref(arg);
                }
                let tuple = self.new_result(Object::Tuple(args))?;
                self.push_value(tuple)?;
                if method_form {
                    self.push(None)?;
                }
                return Ok(Some(()));
            }
            _ => return Ok(None),
        };
        if let Some(value) = instance_dict.and_then(|d| self.dict_get_str(d, name)) {
            self.push_new_ref(value)?;
            if method_form {
                self.push(None)?;
            }
            return Ok(Some(()));
        }
        if name == "__class__" {
            self.push_new_ref(class)?;
            if method_form {
                self.push(None)?;
            }
            return Ok(Some(()));
        }
        let Some(found) = self.lookup_in_mro(class, name) else {
            let class_name = self.class_name_of(class);
            return Err(Raise::new(
                "AttributeError",
                format!("'{class_name}' object has no attribute '{name}'"),
            )
            .into());
        };
        let is_function = matches!(self.heap.get(found), Some(Object::Function(_)));
        match (is_function, method_form) {
            (true, true) => {
                self.push_new_ref(found)?;
                self.push_new_ref(owner)?;
            }
            (true, false) => {
                self.heap.incref(found);
                self.heap.incref(owner);
                let method = self.new_result(Object::Method {
                    function: found,
                    receiver: owner,
                })?;
                self.push_value(method)?;
            }
            (false, _) => {
                self.push_new_ref(found)?;
                if method_form {
                    self.push(None)?;
                }
            }
        }
        Ok(Some(()))
    }

    /// `STORE_ATTR` / `DELETE_ATTR`: into an instance's or a class's namespace.
    pub(crate) fn store_attr(&mut self, oparg: u32, delete: bool) -> Result<(), Fault> {
        let name = self.name(oparg)?;
        let owner = self.pop_value()?;
        let value = if delete {
            None
        } else {
            Some(self.pop_value()?)
        };
        let dict = match self.heap.get(owner) {
            Some(Object::Instance { dict, .. }) => Some(*dict),
            Some(Object::Type(t)) if t.builtin_exception.is_none() && t.name != "object" => {
                Some(t.dict)
            }
            _ => None,
        };
        let result = match (dict, value) {
            (Some(dict), Some(value)) => {
                self.dict_set_str(dict, &name, value);
                self.last_step.names_stored.push(name.clone());
                Ok(())
            }
            (Some(dict), None) => {
                if self.dict_del_str(dict, &name) {
                    Ok(())
                } else {
                    let kind = self.type_name_of(owner);
                    Err(Raise::new(
                        "AttributeError",
                        format!("'{kind}' object has no attribute '{name}'"),
                    )
                    .into())
                }
            }
            (None, _) => {
                let kind = self.type_name_of(owner);
                Err(Raise::new(
                    "AttributeError",
                    format!("'{kind}' object has no attribute '{name}' and no __dict__ for setting new attributes"),
                )
                .into())
            }
        };
        if let Some(value) = value {
            self.heap.decref(value);
        }
        self.heap.decref(owner);
        result
    }

    /// `LOAD_SUPER_ATTR`: `super().name` — look `name` up after `class` in the MRO of
    /// `self`'s class; a function found there is called with `self`.
    pub(crate) fn load_super_attr(&mut self, oparg: u32) -> Result<(), Fault> {
        let name = self.name(oparg >> 2)?;
        let receiver = self.pop_value()?;
        let class = self.pop_value()?;
        let global_super = self.pop_value()?;
        self.heap.decref(global_super);
        let receiver_class = match self.heap.get(receiver) {
            Some(Object::Instance { class, .. }) => *class,
            Some(Object::Exception(e)) => e.class,
            Some(Object::Type(_)) => receiver,
            _ => class,
        };
        let mro = match self.heap.get(receiver_class) {
            Some(Object::Type(t)) => t.mro.clone(),
            _ => Vec::new(),
        };
        let after = mro.iter().position(|&k| k == class).map_or(0, |i| i + 1);
        let found =
            mro[after.min(mro.len())..]
                .iter()
                .find_map(|&klass| match self.heap.get(klass) {
                    Some(Object::Type(k)) => self.dict_get_str(k.dict, &name),
                    _ => None,
                });
        self.heap.decref(class);
        let Some(found) = found else {
            self.heap.decref(receiver);
            if name == "__init__" {
                // object.__init__ (or an exception's): nothing to do here.
                let noop = self.builtin_noop()?;
                self.push_value(noop)?;
                if oparg & 1 == 1 {
                    self.push(None)?;
                }
                return Ok(());
            }
            return Err(Raise::new(
                "AttributeError",
                format!("'super' object has no attribute '{name}'"),
            )
            .into());
        };
        let is_function = matches!(self.heap.get(found), Some(Object::Function(_)));
        if oparg & 1 == 1 && is_function {
            self.push_new_ref(found)?;
            self.push_value(receiver)
        } else if is_function {
            self.heap.incref(found);
            let method = self.new_result(Object::Method {
                function: found,
                receiver,
            })?;
            self.push_value(method)
        } else {
            self.heap.decref(receiver);
            self.push_new_ref(found)?;
            if oparg & 1 == 1 {
                self.push(None)?;
            }
            Ok(())
        }
    }

    /// `object.__init__` reached through `super()`: accepts its arguments and does nothing.
    fn builtin_noop(&mut self) -> Result<ObjId, Fault> {
        self.new_result(Object::BuiltinMethod {
            type_name: "object",
            name: "__init__",
            bound: None,
        })
    }
}
