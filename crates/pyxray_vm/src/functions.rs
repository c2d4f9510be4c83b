//! A function's attributes beyond its code: `__dict__` and the attributes a program sets on
//! it (`f.calls = 0`, `wrapper.__name__ = func.__name__`, `wrapper.__wrapped__ = func`),
//! `__doc__` and `__module__` once assigned, and `__annotations__`, which Python 3.14 computes
//! on first use by calling the function's `__annotate__(1)` (PEP 649) and then keeps.
//!
//! CPython: `Objects/funcobject.c` (`func_getsetlist`, `func_get_annotations`,
//! `func_set_name`, `func_set_defaults`, `func_set_kwdefaults`, `func_set_annotations`,
//! `func_set_dict`). The read-only attributes are in `methods/members.rs` (`FUNCTION_MEMBERS`).

use crate::attributes::{no_attribute, Attribute};
use crate::heap::ObjId;
use crate::objects::{Function, Object, Raise};
use crate::vm::{Fault, Vm};

/// `__annotate__`'s argument for the values of the annotations (`annotationlib.Format.VALUE`).
const FORMAT_VALUE: u32 = 1;

impl Vm {
    /// `function.name`: its getters first (data descriptors), then its `__dict__`.
    pub(crate) fn function_getattr(
        &mut self,
        function: ObjId,
        name: &str,
    ) -> Result<Attribute, Fault> {
        let Some(Object::Function(f)) = self.heap.get(function) else {
            return Err(Fault::Internal("not a function".to_string()));
        };
        let (dict, annotations, annotate) = (f.dict, f.annotations, f.annotate);
        match name {
            "__dict__" => {
                let dict = self.function_dict(function)?;
                self.heap.incref(dict);
                return Ok(Attribute::Value(dict));
            }
            "__annotations__" => {
                if let Some(annotations) = annotations {
                    self.heap.incref(annotations);
                    return Ok(Attribute::Value(annotations));
                }
                if let Some(annotate) = annotate.filter(|&a| a != self.none) {
                    // PEP 649: the annotations are computed when first asked for.
                    self.heap.incref(annotate);
                    let format = self.new_int(FORMAT_VALUE.into());
                    return Ok(Attribute::Call {
                        function: annotate,
                        args: vec![format],
                        annotations_of: Some(function),
                    });
                }
                let empty = self.new_result(Object::Dict(Vec::new()))?;
                self.keep_annotations(function, empty)?;
                return Ok(Attribute::Value(empty));
            }
            "__annotate__" => {
                let value = annotate.unwrap_or(self.none);
                self.heap.incref(value);
                return Ok(Attribute::Value(value));
            }
            _ => {}
        }
        if let Some(member) = crate::methods::find_member("function", name) {
            return Ok(Attribute::Value((member.get)(self, function)?));
        }
        if let Some(value) = dict.and_then(|d| self.dict_get_str(d, name)) {
            self.heap.incref(value);
            return Ok(Attribute::Value(value));
        }
        match crate::methods::find_method("object", name) {
            Some(def) => {
                let method = self.new_result(Object::BuiltinMethod {
                    type_name: "object",
                    name: def.name,
                    bound: None,
                })?;
                self.heap.incref(function);
                Ok(Attribute::Bound {
                    function: method,
                    receiver: function,
                })
            }
            None => Err(no_attribute("function", name)),
        }
    }

    /// The function's `__dict__`, made empty the first time it is needed (borrowed).
    pub(crate) fn function_dict(&mut self, function: ObjId) -> Result<ObjId, Fault> {
        if let Some(Object::Function(f)) = self.heap.get(function) {
            if let Some(dict) = f.dict {
                return Ok(dict);
            }
        }
        let dict = self.new_result(Object::Dict(Vec::new()))?;
        self.replace_function_field(function, |f| &mut f.dict, Some(dict));
        Ok(dict)
    }

    /// What `__annotate__` returned becomes `__annotations__` of the function or class
    /// (a new reference is kept).
    pub(crate) fn keep_annotations(&mut self, function: ObjId, value: ObjId) -> Result<(), Fault> {
        if !matches!(self.heap.get(value), Some(Object::Dict(_))) {
            let kind = self.type_name_of(value);
            self.heap.decref(value);
            return Err(Raise::new(
                "ValueError",
                format!("__annotate__ returned non-dict of type '{kind}'"),
            )
            .into());
        }
        if let Some(Object::Type(t)) = self.heap.get(function) {
            let dict = t.dict;
            self.dict_set_str(dict, "__annotations_cache__", value);
            return Ok(());
        }
        self.heap.incref(value);
        self.replace_function_field(function, |f| &mut f.annotations, Some(value));
        Ok(())
    }

    /// Sets one of a function's optional fields to `value` (whose reference it takes),
    /// releasing what it held.
    fn replace_function_field(
        &mut self,
        function: ObjId,
        field: fn(&mut Function) -> &mut Option<ObjId>,
        value: Option<ObjId>,
    ) {
        let old = self
            .heap
            .update(function, |object| match object {
                Object::Function(f) => std::mem::replace(field(f), value),
                _ => value,
            })
            .flatten();
        if let Some(old) = old {
            self.heap.decref(old);
        }
    }

    /// `function.name = value` (`Some`, borrowed) or `del function.name`.
    pub(crate) fn function_setattr(
        &mut self,
        function: ObjId,
        name: &str,
        value: Option<ObjId>,
    ) -> Result<(), Fault> {
        let value_kind = value.map(|v| self.heap.get(v).map_or("object", Object::type_name));
        let is_none = value.is_none_or(|v| v == self.none);
        let type_error = |message: String| -> Fault { Raise::new("TypeError", message).into() };
        match name {
            "__name__" | "__qualname__" => {
                let Some(Object::Str(text)) = value.and_then(|v| self.heap.get(v)) else {
                    return Err(type_error(format!("{name} must be set to a string object")));
                };
                let text = text.clone();
                let is_name = name == "__name__";
                self.heap.update(function, |object| {
                    if let Object::Function(f) = object {
                        if is_name {
                            f.name = text;
                        } else {
                            f.qualname = text;
                        }
                    }
                });
            }
            "__doc__" | "__module__" => {
                let value = value.unwrap_or(self.none);
                self.heap.incref(value);
                if name == "__doc__" {
                    self.replace_function_field(function, |f| &mut f.doc, Some(value));
                } else {
                    self.replace_function_field(function, |f| &mut f.module, Some(value));
                }
            }
            "__defaults__" | "__kwdefaults__" | "__annotations__" => {
                let (wanted, field): (&str, fn(&mut Function) -> &mut Option<ObjId>) = match name {
                    "__defaults__" => ("tuple", |f| &mut f.defaults),
                    "__kwdefaults__" => ("dict", |f| &mut f.kwdefaults),
                    _ => ("dict", |f| &mut f.annotations),
                };
                if !is_none && value_kind != Some(wanted) {
                    return Err(type_error(format!(
                        "{name} must be set to a {wanted} object"
                    )));
                }
                let value = value.filter(|_| !is_none);
                if let Some(value) = value {
                    self.heap.incref(value);
                }
                self.replace_function_field(function, field, value);
            }
            "__dict__" => {
                let Some(value) = value else {
                    return Err(type_error("cannot delete __dict__".to_string()));
                };
                if value_kind != Some("dict") {
                    return Err(type_error(format!(
                        "__dict__ must be set to a dictionary, not a '{}'",
                        value_kind.unwrap_or("object")
                    )));
                }
                self.heap.incref(value);
                self.replace_function_field(function, |f| &mut f.dict, Some(value));
            }
            "__closure__" | "__globals__" | "__builtins__" | "__code__" | "__annotate__" => {
                let message = if name == "__code__" || name == "__annotate__" {
                    format!("setting a function's {name} is not supported yet")
                } else {
                    "readonly attribute".to_string()
                };
                let kind = if name == "__code__" || name == "__annotate__" {
                    "TypeError"
                } else {
                    "AttributeError"
                };
                return Err(Raise::new(kind, message).into());
            }
            _ => {
                let dict = self.function_dict(function)?;
                match value {
                    Some(value) => {
                        self.dict_set_str(dict, name, value);
                        self.last_step.names_stored.push(name.to_string());
                    }
                    None if self.dict_del_str(dict, name) => {}
                    None => return Err(no_attribute("function", name)),
                }
            }
        }
        Ok(())
    }
}
