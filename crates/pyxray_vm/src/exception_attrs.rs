//! Exception objects as Python code sees them: `BaseException.__new__`/`__init__` storing
//! `args` and each built-in class's fields (`OSError.errno`, `StopIteration.value`,
//! `SystemExit.code`, `SyntaxError.lineno`, …), the getset descriptors that read and write
//! them (`__cause__`, `__context__`, `__suppress_context__`, `__traceback__`, `args`), the
//! instance `__dict__`, and the methods `add_note` and `with_traceback`.
//!
//! CPython: `Objects/exceptions.c` (`BaseException_new`, `BaseException_init`,
//! `BaseException_getset[]`, `BaseException_add_note`, `OSError_new`/`oserror_parse_args`,
//! `StopIteration_init`, `SystemExit_init`, `SyntaxError_init`, `UnicodeDecodeError_init`,
//! `ImportError_init`, the `*_members[]` tables, `KeyError_str`, `OSError_str`,
//! `SyntaxError_str`, `UnicodeDecodeError_str`).

use crate::builtins::Keywords;
use crate::frame::ReturnAction;
use crate::heap::{Heap, ObjId};
use crate::methods::MethodDef;
use crate::objects::{repr, str_of, ExceptionObject, Object, Raise};
use crate::vm::{Fault, Vm};

/// The fields each built-in exception class adds (its `PyMemberDef` table).
const MEMBERS: &[(&str, &[&str])] = &[
    ("StopIteration", &["value"]),
    ("SystemExit", &["code"]),
    ("OSError", &["errno", "strerror", "filename", "filename2"]),
    ("ImportError", &["msg", "name", "path", "name_from"]),
    ("NameError", &["name"]),
    ("AttributeError", &["name", "obj"]),
    (
        "SyntaxError",
        &[
            "msg",
            "filename",
            "lineno",
            "offset",
            "text",
            "end_lineno",
            "end_offset",
            "print_file_and_line",
        ],
    ),
    (
        "UnicodeError",
        &["encoding", "object", "start", "end", "reason"],
    ),
    ("BaseExceptionGroup", &["message", "exceptions"]),
];

/// The keyword arguments a built-in exception class accepts (the others take none).
const KEYWORDS: &[(&str, &[&str])] = &[
    ("ImportError", &["name", "path", "name_from"]),
    ("NameError", &["name"]),
    ("AttributeError", &["name", "obj"]),
];

/// `OSError(errno, …)` makes the subclass for that errno (`errnomap`), with the errno values
/// of the oracle's platform (Emscripten, which numbers errors as WASI does).
const ERRNO_CLASSES: &[(i64, &str)] = &[
    (6, "BlockingIOError"),
    (7, "BlockingIOError"),
    (26, "BlockingIOError"),
    (12, "ChildProcessError"),
    (64, "BrokenPipeError"),
    (140, "BrokenPipeError"),
    (13, "ConnectionAbortedError"),
    (14, "ConnectionRefusedError"),
    (15, "ConnectionResetError"),
    (20, "FileExistsError"),
    (44, "FileNotFoundError"),
    (31, "IsADirectoryError"),
    (54, "NotADirectoryError"),
    (27, "InterruptedError"),
    (2, "PermissionError"),
    (63, "PermissionError"),
    (71, "ProcessLookupError"),
    (73, "TimeoutError"),
];

/// The methods every exception has (`BaseException_methods[]`), found by `LOAD_ATTR` after
/// the instance and its class.
pub(crate) const METHODS: &[MethodDef] = &[
    MethodDef {
        name: "__init__",
        call: base_exception_init,
    },
    MethodDef {
        name: "add_note",
        call: add_note,
    },
    MethodDef {
        name: "with_traceback",
        call: with_traceback,
    },
];

/// The built-in exception classes in `class`'s MRO, most derived first (`ValueError`,
/// `Exception`, `BaseException` for a user subclass of ValueError).
pub(crate) fn builtin_kinds(heap: &Heap, class: ObjId) -> Vec<&'static str> {
    match heap.get(class) {
        Some(Object::Type(t)) => t
            .mro
            .iter()
            .filter_map(|&k| match heap.get(k) {
                Some(Object::Type(k)) => k.builtin_exception,
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether an exception of `class` has the built-in field `name`.
fn has_member(heap: &Heap, class: ObjId, name: &str) -> bool {
    builtin_kinds(heap, class).iter().any(|kind| {
        MEMBERS
            .iter()
            .any(|(k, names)| k == kind && names.contains(&name))
    })
}

/// A field of an exception (borrowed), `None` when unset.
pub(crate) fn member(e: &ExceptionObject, name: &str) -> Option<ObjId> {
    e.members
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, value)| value)
}

/// `str(exc)` for the classes whose `__str__` is their own (`OSError_str`, `SyntaxError_str`,
/// `UnicodeDecodeError_str`, `ImportError_str`, `BaseExceptionGroup_str`); `None` for
/// `BaseException_str`'s rule.
pub(crate) fn special_str(heap: &Heap, e: &ExceptionObject) -> Option<Result<String, Raise>> {
    let kinds = builtin_kinds(heap, e.class);
    let field =
        |name: &str| member(e, name).filter(|&v| !matches!(heap.get(v), Some(Object::None)));
    let text = |id: ObjId| str_of(heap, id);
    let kind = *kinds.first()?;
    let has = |k: &str| kinds.contains(&k);
    if has("BaseExceptionGroup") {
        let message = field("message").map_or(Ok(String::new()), text);
        let count = match field("exceptions").and_then(|t| heap.get(t)) {
            Some(Object::Tuple(items)) => items.len(),
            _ => 0,
        };
        let plural = if count == 1 { "" } else { "s" };
        return Some(message.map(|m| format!("{m} ({count} sub-exception{plural})")));
    }
    if has("OSError") {
        let (errno, strerror) = (field("errno"), field("strerror"));
        let result = match (errno, strerror, field("filename"), field("filename2")) {
            (Some(n), Some(s), Some(f), Some(f2)) => (|| {
                Ok(format!(
                    "[Errno {}] {}: {} -> {}",
                    text(n)?,
                    text(s)?,
                    repr(heap, f)?,
                    repr(heap, f2)?
                ))
            })(),
            (Some(n), Some(s), Some(f), None) => (|| {
                Ok(format!(
                    "[Errno {}] {}: {}",
                    text(n)?,
                    text(s)?,
                    repr(heap, f)?
                ))
            })(),
            (Some(n), Some(s), None, _) => (|| Ok(format!("[Errno {}] {}", text(n)?, text(s)?)))(),
            _ => return None,
        };
        return Some(result);
    }
    if has("SyntaxError") {
        let message = field("msg").map_or(Ok("None".to_string()), text);
        let filename = field("filename").and_then(|f| match heap.get(f) {
            // `my_basename`: only the last path component.
            Some(Object::Str(s)) => Some(s.rsplit('/').next().unwrap_or(s).to_string()),
            _ => None,
        });
        let lineno = field("lineno").and_then(|n| match heap.get(n) {
            Some(Object::Int(i)) => Some(i.to_string()),
            _ => None,
        });
        return Some(message.map(|m| match (filename, lineno) {
            (Some(f), Some(l)) => format!("{m} ({f}, line {l})"),
            (Some(f), None) => format!("{m} ({f})"),
            (None, Some(l)) => format!("{m} (line {l})"),
            (None, None) => m,
        }));
    }
    if kind == "UnicodeDecodeError" && field("object").is_some() {
        let (encoding, object, start, end, reason) = (
            field("encoding")?,
            field("object")?,
            field("start")?,
            field("end")?,
            field("reason")?,
        );
        let index = |id: ObjId| match heap.get(id) {
            Some(Object::Int(i)) => i64::try_from(i).ok(),
            _ => None,
        };
        let (start, end) = (index(start)?, index(end)?);
        let Some(Object::Bytes(bytes)) = heap.get(object) else {
            return None;
        };
        let result = (|| {
            let (encoding, reason) = (text(encoding)?, text(reason)?);
            Ok(match usize::try_from(start).ok().and_then(|s| bytes.get(s)) {
                Some(byte) if end == start + 1 => format!(
                    "'{encoding}' codec can't decode byte 0x{byte:02x} in position {start}: {reason}"
                ),
                _ => format!(
                    "'{encoding}' codec can't decode bytes in position {start}-{}: {reason}",
                    end - 1
                ),
            })
        })();
        return Some(result);
    }
    if has("ImportError") {
        return field("msg").map(text);
    }
    None
}

impl Vm {
    /// `BaseException.__new__` (with `OSError_new`'s choice of subclass) and, for the built-in
    /// classes, `__init__`: a new exception of `class` holding `args` (borrowed).
    pub(crate) fn new_exception_with(
        &mut self,
        class: ObjId,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        let class = self.oserror_subclass(class, args);
        self.check_exception_keywords(class, keywords)?;
        let exception = self.new_exception(class, args)?;
        self.set_exception_fields(exception, args, keywords);
        Ok(exception)
    }

    /// Calling an exception class: the exception, then a user `__init__` as a frame whose
    /// return pushes it; without one, the exception is pushed at once.
    pub(crate) fn call_exception_class(
        &mut self,
        class: ObjId,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<(), Fault> {
        let init = self
            .lookup_in_mro(class, "__init__")
            .filter(|&f| matches!(self.heap.get(f), Some(Object::Function(_))));
        let is_group = builtin_kinds(&self.heap, class).contains(&"BaseExceptionGroup");
        let Some(init) = init else {
            let exception = if is_group {
                self.new_exception_group(class, args, keywords)?
            } else {
                self.new_exception_with(class, args, keywords)?
            };
            return self.push_value(exception);
        };
        // `BaseException_new` keeps the arguments; the class's own `__init__` runs next.
        let exception = if is_group {
            self.new_exception_group(class, args, &[])?
        } else {
            self.new_exception_with(class, args, &[])?
        };
        let mut all_args = vec![exception];
        for &arg in args {
            self.heap.incref(arg);
            all_args.push(arg);
        }
        let keywords: Vec<(String, ObjId)> = keywords
            .iter()
            .map(|(name, value)| {
                self.heap.incref(*value);
                (name.clone(), *value)
            })
            .collect();
        self.heap.incref(exception);
        if let Err(fault) = self.call_function(init, all_args, keywords) {
            self.heap.decref(exception);
            return Err(fault);
        }
        self.frame()?.on_return = ReturnAction::Init {
            instance: exception,
        };
        Ok(())
    }

    /// `OSError(errno, strerror)` with a known errno makes that errno's subclass.
    fn oserror_subclass(&self, class: ObjId, args: &[ObjId]) -> ObjId {
        let is_oserror = matches!(
            self.heap.get(class),
            Some(Object::Type(t)) if t.builtin_exception == Some("OSError")
        );
        if !is_oserror || !(2..=5).contains(&args.len()) {
            return class;
        }
        let errno = match self.heap.get(args[0]) {
            Some(Object::Int(i)) => i64::try_from(i).ok(),
            _ => None,
        };
        ERRNO_CLASSES
            .iter()
            .find(|&&(n, _)| Some(n) == errno)
            .and_then(|&(_, name)| self.builtin_type(name))
            .unwrap_or(class)
    }

    /// Refuses keywords the class does not take (`ValueError() takes no keyword arguments`).
    fn check_exception_keywords(&self, class: ObjId, keywords: Keywords) -> Result<(), Fault> {
        if keywords.is_empty() {
            return Ok(());
        }
        let kinds = builtin_kinds(&self.heap, class);
        let allowed = KEYWORDS
            .iter()
            .find(|(kind, _)| kinds.contains(kind))
            .map(|&(kind, names)| (kind, names));
        let name = self.class_name_of(class);
        match allowed {
            None => {
                Err(Raise::new("TypeError", format!("{name}() takes no keyword arguments")).into())
            }
            Some((kind, names)) => {
                match keywords.iter().find(|(k, _)| !names.contains(&k.as_str())) {
                    Some((bad, _)) => Err(Raise::new(
                        "TypeError",
                        format!("{kind}() got an unexpected keyword argument '{bad}'"),
                    )
                    .into()),
                    None => Ok(()),
                }
            }
        }
    }

    /// `BaseException_init` and the subclasses' `*_init`: `args`, then the fields each
    /// built-in class derives from them.
    pub(crate) fn set_exception_fields(
        &mut self,
        exception: ObjId,
        args: &[ObjId],
        keywords: Keywords,
    ) {
        let class = match self.heap.get(exception) {
            Some(Object::Exception(e)) => e.class,
            _ => return,
        };
        let kinds = builtin_kinds(&self.heap, class);
        let mut args = args.to_vec();
        let mut fields: Vec<(&'static str, ObjId)> = Vec::new();
        let mut owned: Vec<ObjId> = Vec::new();
        if kinds.contains(&"StopIteration") {
            if let Some(&value) = args.first() {
                fields.push(("value", value));
            }
        } else if kinds.contains(&"SystemExit") {
            match args.as_slice() {
                [] => {}
                [code] => fields.push(("code", *code)),
                many => {
                    for &item in many {
                        self.heap.incref(item);
                    }
                    let tuple = self.new_object(Object::Tuple(many.to_vec()));
                    owned.push(tuple);
                    fields.push(("code", tuple));
                }
            }
        } else if kinds.contains(&"OSError") && (2..=5).contains(&args.len()) {
            // `oserror_parse_args`: errno, strerror[, filename[, winerror[, filename2]]];
            // with a filename, `args` keeps only the first two.
            fields.push(("errno", args[0]));
            fields.push(("strerror", args[1]));
            if let Some(&filename) = args.get(2) {
                fields.push(("filename", filename));
                if let Some(&filename2) = args.get(4) {
                    fields.push(("filename2", filename2));
                }
                args.truncate(2);
            }
        } else if kinds.contains(&"SyntaxError") {
            if let Some(&message) = args.first() {
                fields.push(("msg", message));
            }
            if let Some(Object::Tuple(info)) = args.get(1).and_then(|&a| self.heap.get(a)) {
                let names = [
                    "filename",
                    "lineno",
                    "offset",
                    "text",
                    "end_lineno",
                    "end_offset",
                ];
                fields.extend(names.into_iter().zip(info.iter().copied()));
            }
        } else if kinds
            .iter()
            .any(|k| *k == "UnicodeDecodeError" || *k == "UnicodeEncodeError")
            && args.len() == 5
        {
            let names = ["encoding", "object", "start", "end", "reason"];
            fields.extend(names.into_iter().zip(args.iter().copied()));
        } else if kinds.contains(&"ImportError") && args.len() == 1 {
            fields.push(("msg", args[0]));
        }
        for (name, value) in keywords {
            let known = MEMBERS
                .iter()
                .flat_map(|(_, names)| names.iter())
                .find(|n| **n == name.as_str());
            if let Some(&known) = known {
                fields.push((known, *value));
            }
        }
        for &(_, value) in &fields {
            self.heap.incref(value);
        }
        for &arg in &args {
            self.heap.incref(arg);
        }
        let old = self.heap.update(exception, |object| match object {
            Object::Exception(e) => {
                let mut old = std::mem::replace(&mut e.args, args);
                // Keep the fields set elsewhere (a group's), replace those set here.
                let mut kept = Vec::new();
                for (name, value) in std::mem::take(&mut e.members) {
                    if fields.iter().any(|(n, _)| *n == name) {
                        old.push(value);
                    } else {
                        kept.push((name, value));
                    }
                }
                kept.extend(fields);
                e.members = kept;
                old
            }
            _ => Vec::new(),
        });
        self.release(&old.unwrap_or_default());
        self.release(&owned);
    }

    /// `LOAD_ATTR` on an exception: the class's own attributes (user methods), the built-in
    /// getset descriptors, the instance `__dict__`, then `BaseException`'s methods.
    pub(crate) fn load_exception_attr(
        &mut self,
        owner: ObjId,
        name: &str,
        method_form: bool,
    ) -> Result<(), Fault> {
        let Some(Object::Exception(e)) = self.heap.get(owner) else {
            return Err(Fault::Internal("not an exception".to_string()));
        };
        let class = e.class;
        let dict = e.dict;
        let in_class = self.lookup_in_mro(class, name);
        if in_class.is_none() {
            if let Some(value) = self.exception_getset(owner, name)? {
                self.push_value(value)?;
                return if method_form { self.push(None) } else { Ok(()) };
            }
        }
        if let Some(value) = dict.and_then(|d| self.dict_get_str(d, name)) {
            self.push_new_ref(value)?;
            return if method_form { self.push(None) } else { Ok(()) };
        }
        if let Some(found) = in_class {
            let is_function = matches!(self.heap.get(found), Some(Object::Function(_)));
            return match (is_function, method_form) {
                (true, true) => {
                    self.push_new_ref(found)?;
                    self.push_new_ref(owner)
                }
                (true, false) => {
                    self.heap.incref(found);
                    self.heap.incref(owner);
                    let method = self.new_result(Object::Method {
                        function: found,
                        receiver: owner,
                    })?;
                    self.push_value(method)
                }
                (false, _) => {
                    self.push_new_ref(found)?;
                    if method_form {
                        self.push(None)
                    } else {
                        Ok(())
                    }
                }
            };
        }
        if let Some(method_name) =
            crate::exception_group::find_group_method(&self.heap, class, name)
        {
            self.heap.incref(owner);
            let method = self.new_result(Object::BuiltinMethod {
                type_name: "BaseExceptionGroup",
                name: method_name,
                bound: Some(owner),
            })?;
            self.push_value(method)?;
            return if method_form { self.push(None) } else { Ok(()) };
        }
        let method = crate::methods::find_method("BaseException", name).map(|def| def.name);
        let Some(method_name) = method else {
            let class_name = self.class_name_of(class);
            return Err(Raise::new(
                "AttributeError",
                format!("'{class_name}' object has no attribute '{name}'"),
            )
            .into());
        };
        if method_form {
            let method = self.new_result(Object::BuiltinMethod {
                type_name: "BaseException",
                name: method_name,
                bound: None,
            })?;
            self.push_value(method)?;
            return self.push_new_ref(owner);
        }
        self.heap.incref(owner);
        let method = self.new_result(Object::BuiltinMethod {
            type_name: "BaseException",
            name: method_name,
            bound: Some(owner),
        })?;
        self.push_value(method)
    }

    /// The getset descriptors of `BaseException` and the member fields of its subclasses:
    /// a new reference, or `None` when `name` is not one of them.
    fn exception_getset(&mut self, owner: ObjId, name: &str) -> Result<Option<ObjId>, Fault> {
        let Some(Object::Exception(e)) = self.heap.get(owner) else {
            return Ok(None);
        };
        let optional = |value: Option<ObjId>| value;
        let value = match name {
            "args" => {
                let args = e.args.clone();
                for &arg in &args {
                    self.heap.incref(arg);
                }
                return self.new_result(Object::Tuple(args)).map(Some);
            }
            "__cause__" => optional(e.cause),
            "__context__" => optional(e.context),
            "__suppress_context__" => {
                let flag = e.suppress_context;
                return Ok(Some(self.new_bool(flag)));
            }
            "__traceback__" => return self.traceback_of(owner).map(Some),
            "__dict__" => {
                let dict = self.exception_dict(owner)?;
                Some(dict)
            }
            "__class__" => Some(e.class),
            _ if has_member(&self.heap, e.class, name) => member(e, name),
            _ => return Ok(None),
        };
        let value = value.unwrap_or(self.none);
        self.heap.incref(value);
        Ok(Some(value))
    }

    /// The exception's `__dict__` (borrowed), made on first use.
    pub(crate) fn exception_dict(&mut self, exception: ObjId) -> Result<ObjId, Fault> {
        if let Some(Object::Exception(e)) = self.heap.get(exception) {
            if let Some(dict) = e.dict {
                return Ok(dict);
            }
        }
        let dict = self.new_result(Object::Dict(Vec::new()))?;
        self.heap.update(exception, |object| {
            if let Object::Exception(e) = object {
                e.dict = Some(dict);
            }
        });
        Ok(dict)
    }

    /// `STORE_ATTR`/`DELETE_ATTR` on an exception: the getset setters, else the instance
    /// `__dict__`. `value` is borrowed.
    pub(crate) fn store_exception_attr(
        &mut self,
        owner: ObjId,
        name: &str,
        value: Option<ObjId>,
    ) -> Result<(), Fault> {
        let Some(Object::Exception(e)) = self.heap.get(owner) else {
            return Err(Fault::Internal("not an exception".to_string()));
        };
        let class = e.class;
        let is_member = has_member(&self.heap, class, name);
        let is_getset = matches!(
            name,
            "args" | "__cause__" | "__context__" | "__suppress_context__" | "__traceback__"
        );
        if (is_getset || is_member) && self.lookup_in_mro(class, name).is_none() {
            let Some(value) = value else {
                return Err(self.cannot_delete(name, is_member));
            };
            return self.set_getset(owner, name, value);
        }
        let dict = self.exception_dict(owner)?;
        match value {
            Some(value) => {
                self.dict_set_str(dict, name, value);
                self.last_step.names_stored.push(name.to_string());
                Ok(())
            }
            None if self.dict_del_str(dict, name) => Ok(()),
            None => {
                let kind = self.type_name_of(owner);
                Err(Raise::new(
                    "AttributeError",
                    format!("'{kind}' object has no attribute '{name}'"),
                )
                .into())
            }
        }
    }

    fn cannot_delete(&self, name: &str, is_member: bool) -> Fault {
        if is_member {
            // Deleting a member field sets it to NULL in CPython; here it is refused.
            return Fault::Internal(format!("not supported yet: deleting {name}"));
        }
        let message = match name {
            "args" => "args may not be deleted".to_string(),
            "__suppress_context__" => "can't delete attribute".to_string(),
            _ => format!("{name} may not be deleted"),
        };
        Raise::new("TypeError", message).into()
    }

    /// The setters: `args` from any iterable, `__cause__`/`__context__` an exception or
    /// None (setting a cause also sets `__suppress_context__`), the flag a bool.
    fn set_getset(&mut self, owner: ObjId, name: &str, value: ObjId) -> Result<(), Fault> {
        let is_exception_or_none =
            value == self.none || matches!(self.heap.get(value), Some(Object::Exception(_)));
        match name {
            "args" => {
                let items = self.unpack_all(value)?;
                let old = self.heap.update(owner, |object| match object {
                    Object::Exception(e) => std::mem::replace(&mut e.args, items),
                    _ => Vec::new(),
                });
                self.release(&old.unwrap_or_default());
                Ok(())
            }
            "__cause__" | "__context__" => {
                if !is_exception_or_none {
                    let which = name.trim_matches('_');
                    return Err(Raise::new(
                        "TypeError",
                        format!("exception {which} must be None or derive from BaseException"),
                    )
                    .into());
                }
                let new = (value != self.none).then_some(value);
                if let Some(new) = new {
                    self.heap.incref(new);
                }
                let is_cause = name == "__cause__";
                let old = self.heap.update(owner, |object| match object {
                    Object::Exception(e) if is_cause => {
                        e.suppress_context = true;
                        std::mem::replace(&mut e.cause, new)
                    }
                    Object::Exception(e) => std::mem::replace(&mut e.context, new),
                    _ => None,
                });
                if let Some(old) = old.flatten() {
                    self.heap.decref(old);
                }
                Ok(())
            }
            "__suppress_context__" => {
                let flag = match self.heap.get(value) {
                    Some(Object::Bool(flag)) => *flag,
                    _ => {
                        return Err(
                            Raise::new("TypeError", "attribute value type must be bool").into()
                        )
                    }
                };
                self.heap.update(owner, |object| {
                    if let Object::Exception(e) = object {
                        e.suppress_context = flag;
                    }
                });
                Ok(())
            }
            "__traceback__" => self.set_traceback(owner, value),
            _ => {
                let field: Option<&'static str> = MEMBERS
                    .iter()
                    .flat_map(|(_, names)| names.iter().copied())
                    .find(|n| *n == name);
                let Some(field) = field else {
                    return Err(Fault::Internal(format!("no field {name}")));
                };
                self.heap.incref(value);
                let old = self.heap.update(owner, |object| match object {
                    Object::Exception(e) => match e.members.iter_mut().find(|(n, _)| *n == field) {
                        Some(slot) => Some(std::mem::replace(&mut slot.1, value)),
                        None => {
                            e.members.push((field, value));
                            None
                        }
                    },
                    _ => None,
                });
                if let Some(old) = old.flatten() {
                    self.heap.decref(old);
                }
                Ok(())
            }
        }
    }

    /// `__traceback__ = tb`: the exception's traceback becomes `tb`'s frames (none for None).
    fn set_traceback(&mut self, owner: ObjId, value: ObjId) -> Result<(), Fault> {
        let entries = match self.heap.get(value) {
            Some(Object::None) => Vec::new(),
            // The exception keeps its frames innermost first.
            Some(Object::Traceback(entries)) => entries.iter().rev().cloned().collect(),
            _ => {
                return Err(
                    Raise::new("TypeError", "__traceback__ must be a traceback or None").into(),
                )
            }
        };
        self.heap.update(owner, |object| {
            if let Object::Exception(e) = object {
                e.traceback = entries;
            }
        });
        Ok(())
    }

    /// `exc.__traceback__`: a traceback object for where it passed through, or None (a new
    /// reference). Each read makes a new object; CPython keeps one.
    pub(crate) fn traceback_of(&mut self, exception: ObjId) -> Result<ObjId, Fault> {
        let entries: Vec<_> = match self.heap.get(exception) {
            Some(Object::Exception(e)) => e.traceback.iter().rev().cloned().collect(),
            _ => Vec::new(),
        };
        if entries.is_empty() {
            return Ok(self.none);
        }
        self.new_result(Object::Traceback(Box::new(entries)))
    }

    /// `tb.tb_lineno`, `tb.tb_lasti`, `tb.tb_next`; frame objects (`tb_frame`) are not
    /// modelled yet.
    pub(crate) fn load_traceback_attr(
        &mut self,
        owner: ObjId,
        name: &str,
        method_form: bool,
    ) -> Result<(), Fault> {
        let Some(Object::Traceback(entries)) = self.heap.get(owner) else {
            return Err(Fault::Internal("not a traceback".to_string()));
        };
        let entries = entries.clone();
        let first = entries
            .first()
            .ok_or_else(|| Fault::Internal("an empty traceback".to_string()))?;
        let value = match name {
            "tb_lineno" => {
                let line = first
                    .code
                    .positions()
                    .get((first.offset / 2) as usize)
                    .and_then(|location| location.lineno)
                    .unwrap_or(first.code.firstlineno);
                self.new_int(line.into())
            }
            "tb_lasti" => self.new_int(first.offset.into()),
            "tb_next" if entries.len() > 1 => {
                let rest = entries[1..].to_vec();
                self.new_result(Object::Traceback(Box::new(rest)))?
            }
            "tb_next" => self.none,
            "tb_frame" => {
                return Err(Raise::new(
                    "NotImplementedError",
                    "not supported yet: frame objects (tb_frame)",
                )
                .into())
            }
            _ => {
                return Err(Raise::new(
                    "AttributeError",
                    format!("'traceback' object has no attribute '{name}'"),
                )
                .into())
            }
        };
        self.push_value(value)?;
        if method_form {
            self.push(None)
        } else {
            Ok(())
        }
    }

    /// The notes of an exception (`__notes__`), as `traceback` prints them after the message.
    pub(crate) fn exception_notes(&self, exception: ObjId) -> Vec<String> {
        let Some(Object::Exception(e)) = self.heap.get(exception) else {
            return Vec::new();
        };
        let Some(notes) = e.dict.and_then(|d| self.dict_get_str(d, "__notes__")) else {
            return Vec::new();
        };
        match self.heap.get(notes) {
            Some(Object::List(items)) | Some(Object::Tuple(items)) => items
                .iter()
                .map(|&note| match self.heap.get(note) {
                    Some(Object::Str(s)) => s.clone(),
                    _ => str_of(&self.heap, note)
                        .unwrap_or_else(|_| "<note str() failed>".to_string()),
                })
                .collect(),
            _ => {
                vec![repr(&self.heap, notes)
                    .unwrap_or_else(|_| "<__notes__ repr() failed>".to_string())]
            }
        }
    }
}

/// `BaseException.__init__(self, *args)`: the arguments again, and the fields made from them.
fn base_exception_init(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    let class = match vm.heap.get(receiver) {
        Some(Object::Exception(e)) => e.class,
        _ => {
            let kind = vm.type_name_of(receiver);
            return Err(Raise::new(
                "TypeError",
                format!("descriptor '__init__' requires a 'BaseException' object but received a '{kind}'"),
            )
            .into());
        }
    };
    vm.check_exception_keywords(class, keywords)?;
    vm.set_exception_fields(receiver, args, keywords);
    Ok(vm.none)
}

/// `BaseException.add_note(note)`: append to `__notes__`, a list made on first use.
fn add_note(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    crate::methods::expect_args("BaseException.add_note", args, keywords, 1, 1)?;
    let note = args[0];
    if !matches!(vm.heap.get(note), Some(Object::Str(_))) {
        let kind = vm.type_name_of(note);
        return Err(Raise::new(
            "TypeError",
            format!("add_note() argument must be str, not {kind}"),
        )
        .into());
    }
    let dict = vm.exception_dict(receiver)?;
    let notes = match vm.dict_get_str(dict, "__notes__") {
        Some(notes) => notes,
        None => {
            let list = vm.new_result(Object::List(Vec::new()))?;
            vm.dict_set_str(dict, "__notes__", list);
            vm.heap.decref(list);
            list
        }
    };
    if !matches!(vm.heap.get(notes), Some(Object::List(_))) {
        return Err(Raise::new("TypeError", "Cannot add note: __notes__ is not a list").into());
    }
    vm.heap.incref(note);
    vm.heap.update(notes, |object| {
        if let Object::List(items) = object {
            items.push(note);
        }
    });
    Ok(vm.none)
}

/// `BaseException.with_traceback(tb)`: sets `__traceback__` and returns the exception.
fn with_traceback(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    crate::methods::expect_args("BaseException.with_traceback", args, keywords, 1, 1)?;
    vm.set_traceback(receiver, args[0])?;
    vm.heap.incref(receiver);
    Ok(receiver)
}

impl Vm {
    /// Whether a fault is an exception of the built-in class `kind` or a subclass
    /// (`PyErr_ExceptionMatches`), whether native code raised it or it is an object already.
    pub(crate) fn fault_matches(&self, fault: &Fault, kind: &str) -> bool {
        let class = match fault {
            Fault::Raise(raise) => self.builtin_type(raise.type_name),
            Fault::Exception(exception) => match self.heap.get(*exception) {
                Some(Object::Exception(e)) => Some(e.class),
                _ => None,
            },
            Fault::Limit(_) | Fault::Internal(_) => None,
        };
        class.is_some_and(|class| builtin_kinds(&self.heap, class).contains(&kind))
    }

    /// Drops a fault that was handled (`PyErr_Clear`), releasing its exception object.
    pub(crate) fn discard_fault(&mut self, fault: Fault) {
        if let Fault::Exception(exception) = fault {
            self.heap.decref(exception);
        }
    }

    /// `KeyError(key)` for a missing key (`_PyErr_SetKeyError`): its `args` hold the key
    /// itself, and `str()` shows the key's repr.
    pub(crate) fn key_error(&mut self, key: ObjId) -> Fault {
        let Some(class) = self.builtin_type("KeyError") else {
            return Fault::Internal("no KeyError".to_string());
        };
        match self.new_exception(class, &[key]) {
            Ok(exception) => Fault::Exception(exception),
            Err(fault) => fault,
        }
    }

    /// `handle_system_exit` (`Python/pythonrun.c`): an uncaught `SystemExit` ends the run
    /// without a traceback. Its `code` gives the exit status: None is 0, an int is itself,
    /// anything else is printed (to stderr) and the status is 1. `None` when the exception
    /// is not a SystemExit.
    pub(crate) fn handle_system_exit(&mut self, exception: ObjId) -> Option<i32> {
        let Some(Object::Exception(e)) = self.heap.get(exception) else {
            return None;
        };
        if !builtin_kinds(&self.heap, e.class).contains(&"SystemExit") {
            return None;
        }
        let code = member(e, "code");
        match code.and_then(|c| self.heap.get(c).map(|o| (c, o))) {
            None | Some((_, Object::None)) => Some(0),
            Some((_, Object::Bool(flag))) => Some(i32::from(*flag)),
            // The status the shell sees is the low byte.
            Some((_, Object::Int(i))) => {
                let low = (i & num_bigint::BigInt::from(0xff)).try_into().unwrap_or(1);
                Some(low)
            }
            Some((code, _)) => {
                let text = str_of(&self.heap, code).unwrap_or_default();
                let _ = self.write_output(&format!("{text}\n"));
                Some(1)
            }
        }
    }
}
