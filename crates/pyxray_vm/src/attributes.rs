//! Attribute access on every object: `obj.name`, `obj.name = value`, `del obj.name`, and the
//! built-ins that do the same by name (`getattr`, `setattr`, `delattr`, `hasattr`).
//!
//! CPython: `Objects/object.c` (`PyObject_GenericGetAttr`, `_PyObject_GenericSetAttrWithDict`),
//! `Objects/typeobject.c` (`type_getattro`, `type_setattro`, `_PyType_Lookup`),
//! `Objects/funcobject.c` (`func_getsetlist`: a function's settable attributes and its
//! `__dict__`), `slot_tp_descr_get`/`slot_tp_descr_set` (descriptors written in Python, whose
//! `__get__`/`__set__`/`__delete__` run as frames). The order is CPython's: a data descriptor
//! on the class (a `property`, a slot, an object whose class has `__set__` or `__delete__`) first,
//! then the instance's `__dict__`, then what the class has (a function becomes a bound method,
//! a `classmethod` binds the class, a `staticmethod` gives its function). A property's
//! accessor is Python code, so it runs as a frame: the lookup says which function to call
//! (`Attribute::Call`) and the instruction completes when that frame returns.

use crate::frame::ReturnAction;
use crate::heap::ObjId;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

/// What looking an attribute up gave.
#[derive(Debug)]
pub(crate) enum Attribute {
    /// The value (a new reference).
    Value(ObjId),
    /// A function found on the class of `receiver` (both new references): a method call
    /// passes `receiver` as its first argument; otherwise the two make a bound method.
    Bound { function: ObjId, receiver: ObjId },
    /// A Python function to call with `args` (all new references): a property's getter, or
    /// `__annotate__`; its result is the attribute. With `annotations_of`, the result is also
    /// kept as that function's `__annotations__`.
    Call {
        function: ObjId,
        args: Vec<ObjId>,
        annotations_of: Option<ObjId>,
    },
}

/// A Python function a store or delete calls (a property's setter or deleter), with its
/// arguments (all new references).
#[derive(Debug)]
pub(crate) struct PendingCall {
    pub function: ObjId,
    pub args: Vec<ObjId>,
}

/// `AttributeError: 'C' object has no attribute 'x'`.
pub(crate) fn no_attribute(kind: &str, name: &str) -> Fault {
    Raise::new(
        "AttributeError",
        format!("'{kind}' object has no attribute '{name}'"),
    )
    .into()
}

impl Vm {
    /// `LOAD_ATTR`: `obj.name`; with the method bit (`oparg & 1`), pushes the function and
    /// `obj` (the call then passes `obj` as self) instead of making a bound method.
    pub(crate) fn load_attr(&mut self, oparg: u32) -> Result<(), Fault> {
        let name = self.name(oparg >> 1)?;
        let owner = self.pop_value()?;
        self.load_attr_of(owner, &name, oparg & 1 == 1)
    }

    /// `LOAD_ATTR`'s lookup of `owner.name` (`owner` owned): pushes the value, and with
    /// `method_form` also the self-or-NULL a call expects.
    pub(crate) fn load_attr_of(
        &mut self,
        owner: ObjId,
        name: &str,
        method_form: bool,
    ) -> Result<(), Fault> {
        let attribute = match self.get_attribute(owner, name) {
            Err(Fault::Raise(mut raise)) if raise.type_name == "AttributeError" => {
                raise.suggestion = self.attribute_error_suggestion(owner, name);
                Err(Fault::Raise(raise))
            }
            other => other,
        };
        self.heap.decref(owner);
        self.push_attribute(attribute?, method_form)
    }

    /// Pushes what `get_attribute` gave, as `LOAD_ATTR` does (`method_form`: with the self
    /// or NULL a call expects after the callable).
    pub(crate) fn push_attribute(
        &mut self,
        attribute: Attribute,
        method_form: bool,
    ) -> Result<(), Fault> {
        match attribute {
            Attribute::Value(value) => {
                self.push_value(value)?;
                if method_form {
                    self.push(None)?;
                }
                Ok(())
            }
            Attribute::Bound { function, receiver } if method_form => {
                self.push_value(function)?;
                self.push_value(receiver)
            }
            Attribute::Bound { function, receiver } => {
                let method = self.bind(function, receiver)?;
                self.push_value(method)
            }
            Attribute::Call {
                function,
                args,
                annotations_of,
            } => self.call_for_attribute(
                function,
                args,
                ReturnAction::Attribute {
                    then_null: method_form,
                    annotations_of,
                },
            ),
        }
    }

    /// Runs an attribute's Python function as a frame whose return completes the instruction.
    pub(crate) fn call_for_attribute(
        &mut self,
        function: ObjId,
        args: Vec<ObjId>,
        on_return: ReturnAction,
    ) -> Result<(), Fault> {
        if !matches!(self.heap.get(function), Some(Object::Function(_))) {
            let kind = self.type_name_of(function);
            self.release(&args);
            self.heap.decref(function);
            if !matches!(on_return, ReturnAction::Attribute { .. }) {
                let held = on_return.references();
                self.release(&held);
            }
            return Err(Raise::new(
                "TypeError",
                format!("an attribute accessor of type '{kind}' is not supported yet"),
            )
            .into());
        }
        let result = self.call_function(function, args, Vec::new());
        self.heap.decref(function);
        if let Err(fault) = result {
            // The action's references are owned, but for `Attribute`'s, taken below.
            if !matches!(on_return, ReturnAction::Attribute { .. }) {
                let held = on_return.references();
                self.release(&held);
            }
            return Err(fault);
        }
        if let ReturnAction::Attribute {
            annotations_of: Some(owner),
            ..
        } = on_return
        {
            self.heap.incref(owner);
        }
        self.frame()?.on_return = on_return;
        Ok(())
    }

    /// A frame of `call_for_attribute` returned: its result is the attribute.
    pub(crate) fn attribute_returned(
        &mut self,
        then_null: bool,
        annotations_of: Option<ObjId>,
        value: ObjId,
    ) -> Result<(), Fault> {
        if let Some(function) = annotations_of {
            let checked = self.keep_annotations(function, value);
            self.heap.decref(function);
            checked?;
        }
        self.push_value(value)?;
        if then_null {
            self.push(None)?;
        }
        Ok(())
    }

    /// A function and the object it was found for, as one bound method (both consumed).
    pub(crate) fn bind(&mut self, function: ObjId, receiver: ObjId) -> Result<ObjId, Fault> {
        match self.heap.get(function) {
            Some(&Object::BuiltinMethod {
                type_name,
                name,
                bound: None,
            }) => {
                self.heap.decref(function);
                self.new_result(Object::BuiltinMethod {
                    type_name,
                    name,
                    bound: Some(receiver),
                })
            }
            _ => self.new_result(Object::Method { function, receiver }),
        }
    }

    /// `PyObject_GetAttr`: `owner.name` (borrowed owner).
    pub(crate) fn get_attribute(&mut self, owner: ObjId, name: &str) -> Result<Attribute, Fault> {
        if name == "__class__" {
            if let Some(class) = self.type_of(owner) {
                self.heap.incref(class);
                return Ok(Attribute::Value(class));
            }
        }
        match self.heap.get(owner) {
            Some(Object::Instance { .. }) => self.instance_getattr(owner, name),
            Some(Object::Type(_)) => self.type_getattr(owner, name),
            Some(Object::Function(_)) => self.function_getattr(owner, name),
            Some(&Object::Method { function, receiver }) => {
                // `method_getattro`: its own two attributes, then the function's.
                let value = match name {
                    "__func__" => function,
                    "__self__" => receiver,
                    _ => return self.get_attribute(function, name),
                };
                self.heap.incref(value);
                Ok(Attribute::Value(value))
            }
            Some(&Object::MappingProxy(dict))
                if matches!(name, "keys" | "values" | "items" | "get" | "copy") =>
            {
                self.get_attribute(dict, name)
            }
            Some(Object::Module { dict, .. }) if name == "__dict__" => {
                let dict = *dict;
                self.heap.incref(dict);
                Ok(Attribute::Value(dict))
            }
            Some(Object::Module { .. }) => {
                let value = self
                    .module_attr(owner, name)?
                    .ok_or_else(|| Fault::Internal("a module without a dict".to_string()))?;
                self.heap.incref(value);
                Ok(Attribute::Value(value))
            }
            // Exceptions and tracebacks have their own getset descriptors
            // (`exception_attrs.rs`), which push what they find.
            Some(Object::Exception(_)) => {
                self.load_exception_attr(owner, name, false)?;
                Ok(Attribute::Value(self.pop_value()?))
            }
            Some(Object::Traceback(_)) => {
                self.load_traceback_attr(owner, name, false)?;
                Ok(Attribute::Value(self.pop_value()?))
            }
            _ => self.native_getattr(owner, name),
        }
    }

    /// An attribute of a built-in type's instance: its data attributes, then its methods.
    fn native_getattr(&mut self, owner: ObjId, name: &str) -> Result<Attribute, Fault> {
        let type_name = self.heap.get(owner).map_or("object", Object::type_name);
        if let Some(member) = crate::methods::find_member(type_name, name) {
            return Ok(Attribute::Value((member.get)(self, owner)?));
        }
        let def = crate::methods::find_method(type_name, name)
            .or_else(|| crate::methods::find_method("object", name));
        match def {
            Some(def) => {
                let owner_type = if crate::methods::find_method(type_name, name).is_some() {
                    type_name
                } else {
                    "object"
                };
                let function = self.new_result(Object::BuiltinMethod {
                    type_name: owner_type,
                    name: def.name,
                    bound: None,
                })?;
                self.heap.incref(owner);
                Ok(Attribute::Bound {
                    function,
                    receiver: owner,
                })
            }
            None => Err(no_attribute(&self.type_name_of(owner), name)),
        }
    }

    /// `PyObject_GenericGetAttr` on an instance of a user class.
    fn instance_getattr(&mut self, owner: ObjId, name: &str) -> Result<Attribute, Fault> {
        let Some(&Object::Instance { class, dict, .. }) = self.heap.get(owner) else {
            return Err(Fault::Internal("not an instance".to_string()));
        };
        let found = self.lookup_in_mro(class, name);
        // A data descriptor on the class comes before the instance's own attributes.
        if let Some(found) = found.filter(|&f| {
            matches!(self.heap.get(f), Some(Object::Property(_))) || self.is_user_data_descriptor(f)
        }) {
            return self.descriptor_get(found, Some(owner), class, name);
        }
        let (slots, has_dict) = self.instance_layout(class);
        if found.is_none() && slots.iter().any(|slot| slot == name) {
            // A slot is a data descriptor of its class: set or missing, the dict is not asked.
            return match self.slot_value(owner, name) {
                Some(value) => {
                    self.heap.incref(value);
                    Ok(Attribute::Value(value))
                }
                None => Err(no_attribute(&self.class_name_of(class), name)),
            };
        }
        if let Some(value) = self.dict_get_str(dict, name) {
            self.heap.incref(value);
            return Ok(Attribute::Value(value));
        }
        if let Some(found) = found {
            return self.descriptor_get(found, Some(owner), class, name);
        }
        if name == "__dict__" && has_dict {
            self.heap.incref(dict);
            return Ok(Attribute::Value(dict));
        }
        match crate::methods::find_method("object", name) {
            Some(def) => {
                let function = self.new_result(Object::BuiltinMethod {
                    type_name: "object",
                    name: def.name,
                    bound: None,
                })?;
                self.heap.incref(owner);
                Ok(Attribute::Bound {
                    function,
                    receiver: owner,
                })
            }
            None => Err(no_attribute(&self.class_name_of(class), name)),
        }
    }

    /// The Python method `name` (`__get__`, `__set__`, `__delete__`) of an instance of a
    /// user class (borrowed), if its class defines one.
    fn user_descriptor_method(&self, found: ObjId, name: &str) -> Option<ObjId> {
        let Some(&Object::Instance { class, .. }) = self.heap.get(found) else {
            return None;
        };
        self.lookup_in_mro(class, name)
            .filter(|&f| matches!(self.heap.get(f), Some(Object::Function(_))))
    }

    /// Whether `found` is a user data descriptor (its class has `__set__` or `__delete__`).
    fn is_user_data_descriptor(&self, found: ObjId) -> bool {
        self.user_descriptor_method(found, "__set__").is_some()
            || self.user_descriptor_method(found, "__delete__").is_some()
    }

    /// `tp_descr_get`: what an attribute `found` on `class` (borrowed) gives when looked up
    /// on `instance` (`None`: on the class itself).
    pub(crate) fn descriptor_get(
        &mut self,
        found: ObjId,
        instance: Option<ObjId>,
        class: ObjId,
        name: &str,
    ) -> Result<Attribute, Fault> {
        let bind = |vm: &mut Vm, function: ObjId, receiver: ObjId| {
            vm.heap.incref(function);
            vm.heap.incref(receiver);
            Attribute::Bound { function, receiver }
        };
        if let Some(getter) = self.user_descriptor_method(found, "__get__") {
            // A user descriptor: `type(found).__get__(found, instance, class)` as a frame.
            let instance = instance.unwrap_or(self.none);
            for id in [getter, found, instance, class] {
                self.heap.incref(id);
            }
            return Ok(Attribute::Call {
                function: getter,
                args: vec![found, instance, class],
                annotations_of: None,
            });
        }
        Ok(match (self.heap.get(found), instance) {
            (Some(Object::Function(_)), Some(instance)) => bind(self, found, instance),
            (Some(Object::BuiltinMethod { bound: None, .. }), Some(instance)) => {
                bind(self, found, instance)
            }
            (Some(&Object::ClassMethod(function)), _) => bind(self, function, class),
            (Some(&Object::StaticMethod(function)), _) => {
                self.heap.incref(function);
                Attribute::Value(function)
            }
            (Some(Object::Property(property)), Some(instance)) => match property.fget {
                Some(getter) if getter != self.none => {
                    self.heap.incref(getter);
                    self.heap.incref(instance);
                    Attribute::Call {
                        function: getter,
                        args: vec![instance],
                        annotations_of: None,
                    }
                }
                _ => {
                    let kind = self.type_name_of(instance);
                    return Err(Raise::new(
                        "AttributeError",
                        format!("property '{name}' of '{kind}' object has no getter"),
                    )
                    .into());
                }
            },
            _ => {
                self.heap.incref(found);
                Attribute::Value(found)
            }
        })
    }

    /// `obj.name = value` (`value: Some`, borrowed) or `del obj.name` (`None`) on any object
    /// (borrowed). A property's setter or deleter is returned to be run as a frame.
    pub(crate) fn set_attribute(
        &mut self,
        owner: ObjId,
        name: &str,
        value: Option<ObjId>,
    ) -> Result<Option<PendingCall>, Fault> {
        match self.heap.get(owner) {
            Some(&Object::Instance { class, dict, .. }) => {
                self.instance_setattr(owner, class, dict, name, value)
            }
            Some(Object::Type(t)) => {
                if t.native.is_some() || t.builtin_exception.is_some() || t.name == "object" {
                    let class_name = t.name.clone();
                    return Err(Raise::new(
                        "TypeError",
                        format!("cannot set '{name}' attribute of immutable type '{class_name}'"),
                    )
                    .into());
                }
                let dict = t.dict;
                self.type_setattr(owner, dict, name, value)?;
                Ok(None)
            }
            Some(Object::Function(_)) => {
                self.function_setattr(owner, name, value)?;
                Ok(None)
            }
            Some(Object::Exception(_)) => {
                self.store_exception_attr(owner, name, value)?;
                Ok(None)
            }
            Some(&Object::Module { dict, .. }) => {
                match value {
                    Some(value) => self.dict_set_str(dict, name, value),
                    None if self.dict_del_str(dict, name) => {}
                    None => {
                        let module = match self.heap.get(owner) {
                            Some(Object::Module { name, .. }) => name.clone(),
                            _ => String::new(),
                        };
                        return Err(Raise::new(
                            "AttributeError",
                            format!("module '{module}' has no attribute '{name}'"),
                        )
                        .into());
                    }
                }
                Ok(None)
            }
            _ => {
                let kind = self.type_name_of(owner);
                let type_name = self.heap.get(owner).map_or("object", Object::type_name);
                if crate::methods::find_member(type_name, name).is_some() {
                    return Err(Raise::new(
                        "AttributeError",
                        format!("attribute '{name}' of '{kind}' objects is not writable"),
                    )
                    .into());
                }
                if crate::methods::find_method(type_name, name).is_some() {
                    return Err(Raise::new(
                        "AttributeError",
                        format!("'{kind}' object attribute '{name}' is read-only"),
                    )
                    .into());
                }
                Err(Raise::new(
                    "AttributeError",
                    format!(
                        "'{kind}' object has no attribute '{name}' and no __dict__ for setting new attributes"
                    ),
                )
                .into())
            }
        }
    }

    /// `_PyObject_GenericSetAttrWithDict` on an instance of a user class.
    fn instance_setattr(
        &mut self,
        owner: ObjId,
        class: ObjId,
        dict: ObjId,
        name: &str,
        value: Option<ObjId>,
    ) -> Result<Option<PendingCall>, Fault> {
        let found = self.lookup_in_mro(class, name);
        if let Some(found) = found.filter(|&f| self.is_user_data_descriptor(f)) {
            // A user data descriptor: `__set__(found, owner, value)` / `__delete__(found, owner)`.
            let method = if value.is_some() {
                "__set__"
            } else {
                "__delete__"
            };
            let Some(accessor) = self.user_descriptor_method(found, method) else {
                // `slot_tp_descr_set` names just the missing method.
                return Err(Raise::new("AttributeError", method).into());
            };
            for id in [accessor, found, owner] {
                self.heap.incref(id);
            }
            let mut args = vec![found, owner];
            if let Some(value) = value {
                self.heap.incref(value);
                args.push(value);
            }
            return Ok(Some(PendingCall {
                function: accessor,
                args,
            }));
        }
        if let Some(Object::Property(property)) = found.and_then(|f| self.heap.get(f)) {
            let (accessor, missing) = match value {
                Some(_) => (property.fset, "setter"),
                None => (property.fdel, "deleter"),
            };
            let Some(accessor) = accessor.filter(|&a| a != self.none) else {
                let kind = self.class_name_of(class);
                return Err(Raise::new(
                    "AttributeError",
                    format!("property '{name}' of '{kind}' object has no {missing}"),
                )
                .into());
            };
            self.heap.incref(accessor);
            self.heap.incref(owner);
            let mut args = vec![owner];
            if let Some(value) = value {
                self.heap.incref(value);
                args.push(value);
            }
            return Ok(Some(PendingCall {
                function: accessor,
                args,
            }));
        }
        let (slots, has_dict) = self.instance_layout(class);
        if found.is_none() && slots.iter().any(|slot| slot == name) {
            if !self.set_slot(owner, name, value) {
                // CPython's member descriptor names just the slot.
                return Err(Raise::new("AttributeError", name.to_string()).into());
            }
            return Ok(None);
        }
        if !has_dict {
            let kind = self.class_name_of(class);
            return Err(match (value, found) {
                (Some(_), None) => Raise::new(
                    "AttributeError",
                    format!(
                        "'{kind}' object has no attribute '{name}' and no __dict__ for setting new attributes"
                    ),
                ),
                (None, None) => Raise::new(
                    "AttributeError",
                    format!("'{kind}' object has no attribute '{name}'"),
                ),
                _ => Raise::new(
                    "AttributeError",
                    format!("'{kind}' object attribute '{name}' is read-only"),
                ),
            }
            .into());
        }
        match value {
            Some(value) => {
                self.dict_set_str(dict, name, value);
                self.last_step.names_stored.push(name.to_string());
                Ok(None)
            }
            None if self.dict_del_str(dict, name) => Ok(None),
            None => Err(no_attribute(&self.class_name_of(class), name)),
        }
    }

    /// `type_setattro`: into the class's namespace.
    fn type_setattr(
        &mut self,
        class: ObjId,
        dict: ObjId,
        name: &str,
        value: Option<ObjId>,
    ) -> Result<(), Fault> {
        if matches!(name, "__name__" | "__qualname__") {
            let class_name = self.class_name_of(class);
            let text = match value.and_then(|v| self.heap.get(v)) {
                Some(Object::Str(text)) => text.clone(),
                _ if value.is_none() => {
                    return Err(Raise::new(
                        "TypeError",
                        format!(
                            "cannot delete '{name}' attribute of immutable type '{class_name}'"
                        ),
                    )
                    .into())
                }
                _ => {
                    let kind = value.map(|v| self.type_name_of(v)).unwrap_or_default();
                    return Err(Raise::new(
                        "TypeError",
                        format!("can only assign string to {class_name}.{name}, not '{kind}'"),
                    )
                    .into());
                }
            };
            let is_name = name == "__name__";
            self.heap.update(class, |object| {
                if let Object::Type(t) = object {
                    if is_name {
                        t.name = text;
                    } else {
                        t.qualname = text;
                    }
                }
            });
            return Ok(());
        }
        if matches!(name, "__bases__" | "__mro__" | "__dict__" | "__class__") {
            return Err(Raise::new(
                "TypeError",
                format!("setting a class's {name} is not supported yet"),
            )
            .into());
        }
        match value {
            Some(value) => {
                self.dict_set_str(dict, name, value);
                self.last_step.names_stored.push(name.to_string());
                Ok(())
            }
            None if self.dict_del_str(dict, name) => Ok(()),
            None => {
                let class_name = self.class_name_of(class);
                Err(Raise::new(
                    "AttributeError",
                    format!("type object '{class_name}' has no attribute '{name}'"),
                )
                .into())
            }
        }
    }

    /// The slots instances of `class` have (`__slots__` along its MRO), and whether they
    /// also have a `__dict__` (some class of the MRO declares no `__slots__`, or names
    /// `__dict__` among them).
    pub(crate) fn instance_layout(&self, class: ObjId) -> (Vec<String>, bool) {
        let Some(Object::Type(t)) = self.heap.get(class) else {
            return (Vec::new(), true);
        };
        let mut names = Vec::new();
        let mut has_dict = false;
        for &klass in &t.mro {
            let Some(Object::Type(k)) = self.heap.get(klass) else {
                continue;
            };
            if k.native.is_some() || k.builtin_exception.is_some() || k.name == "object" {
                continue;
            }
            let Some(slots) = self.dict_get_str(k.dict, "__slots__") else {
                has_dict = true;
                continue;
            };
            let items = match self.heap.get(slots) {
                Some(Object::Str(_)) => vec![slots],
                Some(Object::Tuple(items) | Object::List(items)) => items.clone(),
                _ => Vec::new(),
            };
            for item in items {
                match self.heap.get(item) {
                    Some(Object::Str(slot)) if slot == "__dict__" => has_dict = true,
                    Some(Object::Str(slot)) if slot != "__weakref__" => names.push(slot.clone()),
                    _ => {}
                }
            }
        }
        (names, has_dict)
    }

    /// The names an instance of `class` can hold when it has no `__dict__`; `None` when it
    /// has one.
    pub(crate) fn slot_names(&self, class: ObjId) -> Option<Vec<String>> {
        let (names, has_dict) = self.instance_layout(class);
        (!has_dict).then_some(names)
    }

    /// A slot's value on an instance (borrowed), if set.
    fn slot_value(&self, instance: ObjId, name: &str) -> Option<ObjId> {
        match self.heap.get(instance) {
            Some(Object::Instance { slots, .. }) => {
                slots.iter().find(|(n, _)| n == name).map(|&(_, v)| v)
            }
            _ => None,
        }
    }

    /// Sets (`Some`, borrowed) or clears a slot; false when clearing one not set.
    fn set_slot(&mut self, instance: ObjId, name: &str, value: Option<ObjId>) -> bool {
        if let Some(value) = value {
            self.heap.incref(value);
        }
        let old = self.heap.update(instance, |object| {
            let Object::Instance { slots, .. } = object else {
                return None;
            };
            let position = slots.iter().position(|(n, _)| n == name);
            match (position, value) {
                (Some(index), Some(value)) => Some(std::mem::replace(&mut slots[index].1, value)),
                (Some(index), None) => Some(slots.remove(index).1),
                (None, Some(value)) => {
                    slots.push((name.to_string(), value));
                    None
                }
                (None, None) => None,
            }
        });
        match old.flatten() {
            Some(old) => {
                self.heap.decref(old);
                true
            }
            None => value.is_some(),
        }
    }

    /// `STORE_ATTR` / `DELETE_ATTR`; a property's setter or deleter runs as a frame.
    pub(crate) fn store_attr(&mut self, oparg: u32, delete: bool) -> Result<(), Fault> {
        let name = self.name(oparg)?;
        let owner = self.pop_value()?;
        let value = if delete {
            None
        } else {
            Some(self.pop_value()?)
        };
        let result = self.set_attribute(owner, &name, value);
        if let Some(value) = value {
            self.heap.decref(value);
        }
        self.heap.decref(owner);
        match result? {
            Some(call) => self.call_for_attribute(
                call.function,
                call.args,
                ReturnAction::Discard { then_push: None },
            ),
            None => Ok(()),
        }
    }

    /// An exception leaving the innermost frame: when that frame is a getter run by
    /// `hasattr` or `getattr(…, default)` and the exception is an `AttributeError`, the
    /// built-in's fallback becomes its result and the exception (owned) is dropped.
    pub(crate) fn attribute_error_caught(&mut self, exception: ObjId) -> bool {
        let Some(frame) = self.frames.last() else {
            return false;
        };
        let ReturnAction::GuardedAttribute { fallback, .. } = frame.on_return else {
            return false;
        };
        let is_attribute_error = match (
            self.heap.get(exception),
            self.builtin_type("AttributeError"),
        ) {
            (Some(Object::Exception(e)), Some(attribute_error)) => {
                self.is_subclass(e.class, attribute_error)
            }
            _ => false,
        };
        if !is_attribute_error || self.frames.len() < 2 {
            return false;
        }
        self.heap.incref(fallback);
        if let Some(frame) = self.frames.pop() {
            self.release_frame(frame);
        }
        self.heap.decref(exception);
        self.push_value(fallback).is_ok()
    }
}
