//! Structural pattern matching and starred unpacking: the instructions a `match` statement
//! compiles to (`MATCH_CLASS`, `MATCH_MAPPING`, `MATCH_SEQUENCE`, `MATCH_KEYS`, `GET_LEN`) and
//! `UNPACK_EX` for `a, *b, c = ...`.
//!
//! CPython: `Python/bytecodes.c` (the instruction bodies), `Python/ceval.c`
//! (`_PyEval_MatchClass`, `match_class_attr`, `_PyEval_MatchKeys`, `_PyEval_UnpackIterable`),
//! `Include/object.h` (`Py_TPFLAGS_SEQUENCE`, `Py_TPFLAGS_MAPPING`, `_Py_TPFLAGS_MATCH_SELF`).
//! A mapping pattern's `**rest` needs no instruction of its own: the compiler copies the dict
//! (`DICT_UPDATE`) and deletes the matched keys (`DELETE_SUBSCR`).

use crate::heap::ObjId;
use crate::objects::{equal, Object, Raise};
use crate::vm::{Fault, Vm};

/// The built-in types whose instances (and their subclasses') sequence patterns match
/// (`Py_TPFLAGS_SEQUENCE`). `str`, `bytes` and `bytearray` are deliberately not among them.
const SEQUENCE_TYPES: &[&str] = &["list", "tuple", "range", "memoryview", "deque", "array"];

/// The built-in types whose instances mapping patterns match (`Py_TPFLAGS_MAPPING`).
const MAPPING_TYPES: &[&str] = &["dict", "mappingproxy"];

/// The built-in types whose class pattern takes one positional sub-pattern matched against the
/// whole subject, as in `case int(n)` (`_Py_TPFLAGS_MATCH_SELF`).
const MATCH_SELF_TYPES: &[&str] = &[
    "bool",
    "bytearray",
    "bytes",
    "dict",
    "float",
    "frozenset",
    "int",
    "list",
    "set",
    "str",
    "tuple",
];

impl Vm {
    /// Whether a type or one of its bases is a built-in type named in `flagged`: a type flag
    /// (`tp_flags`) is inherited by every subclass.
    fn type_has_flag(&self, class: ObjId, flagged: &[&str]) -> bool {
        let Some(Object::Type(t)) = self.heap.get(class) else {
            return false;
        };
        t.mro.iter().any(|&base| match self.heap.get(base) {
            Some(Object::Type(b)) => b.native.is_some_and(|name| flagged.contains(&name)),
            _ => false,
        })
    }

    /// Whether `subject`'s type carries the flag; refuses a user subclass of a built-in
    /// container, whose items this VM does not keep yet.
    fn subject_has_flag(&self, subject: ObjId, flagged: &[&str]) -> Result<bool, Fault> {
        let Some(class) = self.type_of(subject) else {
            return Ok(false);
        };
        let flagged = self.type_has_flag(class, flagged);
        if flagged && matches!(self.heap.get(subject), Some(Object::Instance { .. })) {
            let name = self.class_name_of(class);
            return Err(Fault::Internal(format!(
                "not supported yet: matching an instance of {name}, a subclass of a built-in container"
            )));
        }
        Ok(flagged)
    }

    /// `MATCH_SEQUENCE` / `MATCH_MAPPING`: push whether the subject (left on the stack) is a
    /// sequence or a mapping by its type's flags.
    pub(crate) fn match_type_flag(&mut self, mapping: bool) -> Result<(), Fault> {
        let subject = self.peek(1)?;
        let flagged = if mapping {
            MAPPING_TYPES
        } else {
            SEQUENCE_TYPES
        };
        let matched = self.subject_has_flag(subject, flagged)?;
        let result = self.new_bool(matched);
        self.push_value(result)
    }

    /// `GET_LEN`: push `len(subject)`, leaving the subject on the stack.
    pub(crate) fn get_len(&mut self) -> Result<(), Fault> {
        let subject = self.peek(1)?;
        let length = self.length_of(subject)?;
        let result = self.new_int(length.into());
        self.push_value(result)
    }

    /// The value `depth` places down the stack (1 = the top), borrowed.
    fn peek(&mut self, depth: usize) -> Result<ObjId, Fault> {
        let stack = &self.frame()?.stack;
        stack
            .len()
            .checked_sub(depth)
            .and_then(|index| stack[index])
            .ok_or_else(|| Fault::Internal("peeked below the stack".to_string()))
    }

    /// `MATCH_KEYS`: with the subject and a tuple of keys on the stack, push a tuple of the
    /// subject's values for those keys, or None if one is missing.
    pub(crate) fn match_keys_op(&mut self) -> Result<(), Fault> {
        let keys = self.peek(1)?;
        let subject = self.peek(2)?;
        let values = self.match_keys(subject, keys)?;
        self.push_value(values)
    }

    /// `_PyEval_MatchKeys`: a new reference to a tuple of the values, or to None. CPython
    /// calls `subject.get(key, dummy)` for each key, after checking it against the keys seen
    /// so far (a set, so an unhashable key is a TypeError).
    fn match_keys(&mut self, subject: ObjId, keys: ObjId) -> Result<ObjId, Fault> {
        let keys = match self.heap.get(keys) {
            Some(Object::Tuple(keys)) => keys.clone(),
            _ => return Err(Fault::Internal("MATCH_KEYS without a tuple".to_string())),
        };
        if keys.is_empty() {
            return self.new_result(Object::Tuple(Vec::new()));
        }
        if !matches!(self.heap.get(subject), Some(Object::Dict(_))) {
            let kind = self.type_name_of(subject);
            return Err(Fault::Internal(format!(
                "not supported yet: a mapping pattern on a '{kind}' object"
            )));
        }
        let mut seen: Vec<ObjId> = Vec::with_capacity(keys.len());
        let mut values: Vec<ObjId> = Vec::with_capacity(keys.len());
        for &key in &keys {
            match self.seen_before(&seen, key) {
                Ok(false) => seen.push(key),
                Ok(true) => {
                    self.release(&values);
                    let key_repr = crate::objects::repr(&self.heap, key)?;
                    return Err(Raise::new(
                        "ValueError",
                        format!("mapping pattern checks duplicate key ({key_repr})"),
                    )
                    .into());
                }
                Err(fault) => {
                    self.release(&values);
                    return Err(fault);
                }
            }
            let position = match self.dict_position(subject, key) {
                Ok(position) => position,
                Err(fault) => {
                    self.release(&values);
                    return Err(fault);
                }
            };
            let value = match (position, self.heap.get(subject)) {
                (Some(index), Some(Object::Dict(pairs))) => pairs.get(index).map(|pair| pair.1),
                _ => None,
            };
            let Some(value) = value else {
                // A missing key: the pattern fails.
                self.release(&values);
                self.heap.incref(self.none);
                return Ok(self.none);
            };
            self.heap.incref(value);
            values.push(value);
        }
        match self.new_result(Object::Tuple(values.clone())) {
            Ok(tuple) => Ok(tuple),
            Err(fault) => {
                self.release(&values);
                Err(fault)
            }
        }
    }

    /// Whether `key` equals a key in `seen` (`PySet_Contains` on the set of keys checked so
    /// far); an unhashable key fails as adding it to a set would.
    fn seen_before(&self, seen: &[ObjId], key: ObjId) -> Result<bool, Fault> {
        if let Some(kind) = self.unhashable_part(key) {
            let key_kind = self.type_name_of(key);
            return Err(Raise::new(
                "TypeError",
                format!("cannot use '{key_kind}' as a set element (unhashable type: '{kind}')"),
            )
            .into());
        }
        for &other in seen {
            if equal(&self.heap, other, key)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The type name of the first unhashable object in `key` (itself, or an item of a tuple).
    fn unhashable_part(&self, key: ObjId) -> Option<&'static str> {
        let mut pending = vec![key];
        while let Some(id) = pending.pop() {
            match self.heap.get(id) {
                Some(object @ (Object::List(_) | Object::Dict(_) | Object::DictView { .. })) => {
                    return Some(object.type_name())
                }
                Some(Object::Tuple(items)) => pending.extend(items.iter().rev()),
                _ => {}
            }
        }
        None
    }

    /// `MATCH_CLASS`: pop the attribute names, the class and the subject; push a tuple of the
    /// attributes the sub-patterns match against, or None when the subject is not an
    /// instance of the class or lacks one of the attributes.
    pub(crate) fn match_class_op(&mut self, positional_count: u32) -> Result<(), Fault> {
        let names = self.pop_value()?;
        let class = self.pop_value()?;
        let subject = self.pop_value()?;
        let result = self.match_class(subject, class, positional_count as usize, names);
        self.release(&[names, class, subject]);
        match result? {
            Some(attrs) => self.push_value(attrs),
            None => self.push_new_ref(self.none),
        }
    }

    /// `_PyEval_MatchClass`: a new reference to the tuple of attributes, or `None` if the
    /// subject does not match.
    fn match_class(
        &mut self,
        subject: ObjId,
        class: ObjId,
        positional_count: usize,
        keyword_names: ObjId,
    ) -> Result<Option<ObjId>, Fault> {
        if !matches!(self.heap.get(class), Some(Object::Type(_))) {
            return Err(Raise::new("TypeError", "called match pattern must be a class").into());
        }
        let keyword_names: Vec<String> = match self.heap.get(keyword_names) {
            Some(Object::Tuple(items)) => items
                .iter()
                .filter_map(|&item| match self.heap.get(item) {
                    Some(Object::Str(name)) => Some(name.clone()),
                    _ => None,
                })
                .collect(),
            _ => return Err(Fault::Internal("MATCH_CLASS without a tuple".to_string())),
        };
        // First, an isinstance check.
        if !self.is_instance_of(subject, class) {
            return Ok(None);
        }
        let mut seen: Vec<String> = Vec::new();
        let mut attrs: Vec<ObjId> = Vec::new();
        let outcome = self.match_class_attrs(
            subject,
            class,
            positional_count,
            &keyword_names,
            &mut seen,
            &mut attrs,
        );
        match outcome {
            Ok(true) => match self.new_result(Object::Tuple(attrs.clone())) {
                Ok(tuple) => Ok(Some(tuple)),
                Err(fault) => {
                    self.release(&attrs);
                    Err(fault)
                }
            },
            Ok(false) => {
                self.release(&attrs);
                Ok(None)
            }
            Err(fault) => {
                self.release(&attrs);
                Err(fault)
            }
        }
    }

    /// `isinstance(subject, class)` without `__instancecheck__` (no user metaclasses here).
    fn is_instance_of(&self, subject: ObjId, class: ObjId) -> bool {
        match self.type_of(subject) {
            Some(subject_type) => self.is_subclass(subject_type, class),
            None => self.builtin_type("object") == Some(class),
        }
    }

    /// Collects the attributes for the positional sub-patterns (named by `__match_args__`),
    /// then for the keyword ones, into `attrs`. Returns false when one is missing.
    fn match_class_attrs(
        &mut self,
        subject: ObjId,
        class: ObjId,
        positional_count: usize,
        keyword_names: &[String],
        seen: &mut Vec<String>,
        attrs: &mut Vec<ObjId>,
    ) -> Result<bool, Fault> {
        if positional_count > 0 {
            let type_name = self.class_name_of(class);
            let match_args = self.lookup_in_mro(class, "__match_args__");
            let (names, match_self) = match match_args {
                Some(match_args) => match self.heap.get(match_args) {
                    Some(Object::Tuple(items)) => (items.clone(), false),
                    _ => {
                        let kind = self.type_name_of(match_args);
                        return Err(Raise::new(
                            "TypeError",
                            format!("{type_name}.__match_args__ must be a tuple (got {kind})"),
                        )
                        .into());
                    }
                },
                // Without `__match_args__`, a type flagged MATCH_SELF matches itself.
                None => (Vec::new(), self.type_has_flag(class, MATCH_SELF_TYPES)),
            };
            let allowed = if match_self { 1 } else { names.len() };
            if allowed < positional_count {
                let plural = if allowed == 1 { "" } else { "s" };
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "{type_name}() accepts {allowed} positional sub-pattern{plural} ({positional_count} given)"
                    ),
                )
                .into());
            }
            if match_self {
                self.heap.incref(subject);
                attrs.push(subject);
            } else {
                for &name in &names[..positional_count] {
                    let Some(Object::Str(name)) = self.heap.get(name) else {
                        let kind = self.type_name_of(name);
                        return Err(Raise::new(
                            "TypeError",
                            format!("__match_args__ elements must be strings (got {kind})"),
                        )
                        .into());
                    };
                    let name = name.clone();
                    match self.match_class_attr(subject, class, &name, seen)? {
                        Some(attr) => attrs.push(attr),
                        None => return Ok(false),
                    }
                }
            }
        }
        for name in keyword_names {
            match self.match_class_attr(subject, class, name, seen)? {
                Some(attr) => attrs.push(attr),
                None => return Ok(false),
            }
        }
        Ok(true)
    }

    /// `match_class_attr`: `getattr(subject, name)` as a new reference, or `None` when it
    /// has no such attribute; the same name twice in one pattern is a TypeError.
    fn match_class_attr(
        &mut self,
        subject: ObjId,
        class: ObjId,
        name: &str,
        seen: &mut Vec<String>,
    ) -> Result<Option<ObjId>, Fault> {
        if seen.iter().any(|other| other == name) {
            let type_name = self.class_name_of(class);
            return Err(Raise::new(
                "TypeError",
                format!("{type_name}() got multiple sub-patterns for attribute '{name}'"),
            )
            .into());
        }
        seen.push(name.to_string());
        self.get_optional_attr(subject, name)
    }

    /// `PyObject_GetOptionalAttr`: the attribute as a new reference, `None` on AttributeError.
    /// Goes through `LOAD_ATTR`'s lookup; a lookup that would run Python code (a property,
    /// a descriptor's `__get__`, `__getattr__`) is refused for now.
    fn get_optional_attr(&mut self, subject: ObjId, name: &str) -> Result<Option<ObjId>, Fault> {
        if self.attr_runs_python_code(subject, name) {
            let kind = self.type_name_of(subject);
            return Err(Fault::Internal(format!(
                "not supported yet: a class pattern reading '{kind}.{name}' through Python code"
            )));
        }
        let depth = self.frames.len();
        self.heap.incref(subject);
        match self.load_attr_of(subject, name, false) {
            Ok(()) if self.frames.len() == depth => Ok(Some(self.pop_value()?)),
            Ok(()) => Err(Fault::Internal(
                "a class pattern's attribute lookup started a frame".to_string(),
            )),
            Err(Fault::Raise(raise)) if raise.type_name == "AttributeError" => Ok(None),
            Err(fault) => Err(fault),
        }
    }

    /// Whether reading `subject.name` would call Python code: `__getattribute__`, a
    /// descriptor found on the class (a property, an object whose class has `__get__`), or
    /// `__getattr__` for a name found nowhere.
    fn attr_runs_python_code(&self, subject: ObjId, name: &str) -> bool {
        let Some(&Object::Instance { class, dict, .. }) = self.heap.get(subject) else {
            return false;
        };
        if self.lookup_in_mro(class, "__getattribute__").is_some() {
            return true;
        }
        if let Some(found) = self.lookup_in_mro(class, name) {
            let is_descriptor = match self.heap.get(found) {
                Some(Object::Instance { class, .. }) => {
                    self.lookup_in_mro(*class, "__get__").is_some()
                }
                Some(object) => object.type_name() == "property",
                None => false,
            };
            if is_descriptor {
                return true;
            }
        }
        self.dict_get_str(dict, name).is_none()
            && self.lookup_in_mro(class, name).is_none()
            && self.lookup_in_mro(class, "__getattr__").is_some()
    }

    /// `UNPACK_EX`: pop an iterable; push its items for `a, *b, c`: the `after` last ones,
    /// a list of the middle ones, the `before` first ones (the first on top).
    pub(crate) fn unpack_ex(&mut self, oparg: u32) -> Result<(), Fault> {
        let before = (oparg & 0xff) as usize;
        let after = (oparg >> 8) as usize;
        let iterable = self.pop_value()?;
        if self.unpacks_with_frames(iterable) {
            // Generator frames (or a user iterable's methods) give the items one by one.
            return self.unpack_ex_frames(iterable, oparg);
        }
        let items = self.unpack_iterable(iterable, before, after);
        self.heap.decref(iterable);
        let mut items = items?;
        let tail = items.split_off(items.len() - after);
        let middle = items.split_off(before);
        let list = match self.new_result(Object::List(middle.clone())) {
            Ok(list) => list,
            Err(fault) => {
                self.release(&items);
                self.release(&middle);
                self.release(&tail);
                return Err(fault);
            }
        };
        for &item in tail.iter().rev() {
            self.push_value(item)?;
        }
        self.push_value(list)?;
        for &item in items.iter().rev() {
            self.push_value(item)?;
        }
        Ok(())
    }

    /// `_PyEval_UnpackIterable` with a starred target: every item of `iterable` (new
    /// references), at least `before + after` of them.
    fn unpack_iterable(
        &mut self,
        iterable: ObjId,
        before: usize,
        after: usize,
    ) -> Result<Vec<ObjId>, Fault> {
        let items = match self.unpack_all(iterable) {
            Ok(items) => items,
            Err(Fault::Raise(raise)) if raise.message.ends_with("object is not iterable") => {
                let kind = self.type_name_of(iterable);
                return Err(Raise::new(
                    "TypeError",
                    format!("cannot unpack non-iterable {kind} object"),
                )
                .into());
            }
            Err(fault) => return Err(fault),
        };
        if items.len() < before + after {
            let got = items.len();
            self.release(&items);
            return Err(not_enough_values(before + after, got).into());
        }
        Ok(items)
    }
}

/// CPython's message when a starred assignment has too few items; CPython counts the items
/// it read, which for a starred target is all of them.
fn not_enough_values(expected: usize, got: usize) -> Raise {
    Raise::new(
        "ValueError",
        format!("not enough values to unpack (expected at least {expected}, got {got})"),
    )
}

#[cfg(test)]
mod tests;
