//! Methods of the built-in types, one table per type as CPython's `PyMethodDef` arrays
//! (`list_methods[]`, `unicode_methods[]`, `mapp_methods[]`), their data attributes
//! (`members.rs`, as `PyMemberDef`/`PyGetSetDef` arrays), and how `LOAD_ATTR` finds them.
//! Also the helpers every method shares: argument-count checks with CPython's messages,
//! index conversion, and calling a built-in from native code (`call_native`).
//!
//! CPython: `Objects/typeobject.c` (`_PyType_Lookup`), `Objects/descrobject.c`
//! (`method_descriptor`, `PyCFunction` bound methods), `Python/getargs.c`
//! (`_PyArg_CheckPositional`), `Objects/abstract.c` (`PyNumber_AsSsize_t`), and per type
//! `Objects/listobject.c`, `Objects/unicodeobject.c`, `Objects/dictobject.c`,
//! `Objects/tupleobject.c`, `Objects/bytesobject.c`, `Objects/longobject.c`,
//! `Objects/floatobject.c`. To add a method: write its function in the type's file and add a
//! row to that file's table.

mod bytes;
mod dict;
mod list;
pub(crate) mod members;
mod numbers;
mod set;
pub(crate) mod sort;
mod str;
mod str_format;
mod str_predicates;
mod tuple;

pub(crate) use members::{find_member, member_names, MemberDef};

use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

/// A built-in method's body: the object it is called on, positional and keyword arguments
/// (borrowed), and a new reference to the result.
pub type MethodFn = fn(&mut Vm, ObjId, &[ObjId], Keywords) -> Result<ObjId, Fault>;

/// One row of a type's method table.
pub struct MethodDef {
    pub name: &'static str,
    pub call: MethodFn,
}

/// The names of a built-in type's methods.
pub(crate) fn method_names(type_name: &str) -> impl Iterator<Item = &'static str> {
    methods_of(type_name).iter().map(|def| def.name)
}

/// The method table of a built-in type, by `type(obj).__name__`.
fn methods_of(type_name: &str) -> &'static [MethodDef] {
    match type_name {
        "list" => list::METHODS,
        "object" => OBJECT_METHODS,
        "dict" => dict::METHODS,
        "set" => set::SET_METHODS,
        "frozenset" => set::FROZENSET_METHODS,
        "str" => str::METHODS,
        "tuple" => tuple::METHODS,
        "bytes" => bytes::METHODS,
        "int" | "bool" => numbers::INT_METHODS,
        "float" => numbers::FLOAT_METHODS,
        "complex" => numbers::COMPLEX_METHODS,
        "generator" | "coroutine" => crate::generators::GENERATOR_METHODS,
        "Random" => crate::modules::random::METHODS,
        "property" => crate::descriptors::PROPERTY_METHODS,
        "type" => crate::descriptors::TYPE_METHODS,
        "slice" => crate::descriptors::SLICE_METHODS,
        "BaseException" => crate::exception_attrs::METHODS,
        "BaseExceptionGroup" => crate::exception_group::METHODS,
        _ => &[],
    }
}

const OBJECT_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "__init__",
        call: object_init,
    },
    crate::descriptors::OBJECT_NEW,
    crate::descriptors::OBJECT_INIT_SUBCLASS,
];

/// `object.__init__`: nothing to initialise.
fn object_init(vm: &mut Vm, _: ObjId, _: &[ObjId], _: Keywords) -> Result<ObjId, Fault> {
    Ok(vm.none)
}

/// Whether a built-in type's method is a class method (`METH_CLASS`): it is called on the
/// type, not on an instance.
pub(crate) fn is_class_method(type_name: &str, name: &str) -> bool {
    matches!(
        (type_name, name),
        ("dict", "fromkeys") | ("int", "from_bytes")
    )
}

/// `_PyType_Lookup` for the built-in types: the method `name` of `type_name`, if it has one
/// (or the function `name` of the native module `type_name`).
pub fn find_method(type_name: &str, name: &str) -> Option<&'static MethodDef> {
    crate::modules::functions_of(type_name)
        .unwrap_or_else(|| methods_of(type_name))
        .iter()
        .find(|def| def.name == name)
}

impl Vm {
    /// Calls a built-in method: `args[0]` is self when the method is unbound.
    pub(crate) fn call_builtin_method(
        &mut self,
        type_name: &str,
        name: &str,
        bound: Option<ObjId>,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        let Some(def) = find_method(type_name, name) else {
            return Err(Fault::Internal(format!("no method {type_name}.{name}")));
        };
        let (receiver, args) = match (bound, args) {
            (Some(receiver), args) => (receiver, args),
            (None, [receiver, rest @ ..]) => {
                // `str.lower(x)`: the method descriptor checks what it is applied to.
                let kind = self.heap.get(*receiver).map_or("object", Object::type_name);
                // `__new__` is a static method: its first argument is the class.
                let applies = kind == type_name
                    || (type_name == "int" && kind == "bool")
                    || name == "__new__";
                if !applies {
                    let kind = self.type_name_of(*receiver);
                    return Err(Raise::new(
                        "TypeError",
                        format!(
                            "descriptor '{name}' for '{type_name}' objects doesn't apply to a '{kind}' object"
                        ),
                    )
                    .into());
                }
                (*receiver, rest)
            }
            (None, []) => {
                return Err(Raise::new(
                    "TypeError",
                    format!("unbound method {type_name}.{name}() needs an argument"),
                )
                .into())
            }
        };
        (def.call)(self, receiver, args, keywords)
    }
}

/// `list.__getitem__(index)` (`list_subscript`): what `x[index]` gives.
fn getitem(
    vm: &mut Vm,
    container: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    let qualified = format!("{}.__getitem__", vm.type_name_of(container));
    expect_args(&qualified, args, keywords, 1, 1)?;
    vm.get_item(container, args[0])
}

/// Checks a method's argument count: "list.append() takes exactly one argument (0 given)".
pub(crate) fn expect_args(
    qualified: &str,
    args: &[ObjId],
    keywords: Keywords,
    min: usize,
    max: usize,
) -> Result<(), Raise> {
    if !keywords.is_empty() {
        return Err(Raise::new(
            "TypeError",
            format!("{qualified}() takes no keyword arguments"),
        ));
    }
    let given = args.len();
    if given >= min && given <= max {
        return Ok(());
    }
    // `METH_NOARGS` and `METH_O` methods name their type; Argument Clinic's
    // `_PyArg_CheckPositional` names the bare method.
    let bare = qualified.rsplit('.').next().unwrap_or(qualified);
    let message = match (min, max) {
        (0, 0) => format!("{qualified}() takes no arguments ({given} given)"),
        (1, 1) => format!("{qualified}() takes exactly one argument ({given} given)"),
        (min, max) if min == max => {
            format!("{bare} expected {min} argument{}, got {given}", plural(min))
        }
        (min, _) if given < min => {
            format!(
                "{bare} expected at least {min} argument{}, got {given}",
                plural(min)
            )
        }
        (_, max) => format!(
            "{bare} expected at most {max} argument{}, got {given}",
            plural(max)
        ),
    };
    Err(Raise::new("TypeError", message))
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `PyNumber_AsSsize_t` for an argument: an int (or bool), else
/// "'str' object cannot be interpreted as an integer".
pub(crate) fn as_index(vm: &Vm, id: ObjId) -> Result<num_bigint::BigInt, Raise> {
    match vm.heap.get(id) {
        Some(Object::Int(i)) => Ok(i.clone()),
        Some(Object::Bool(b)) => Ok(num_bigint::BigInt::from(*b as u8)),
        other => Err(Raise::new(
            "TypeError",
            format!(
                "'{}' object cannot be interpreted as an integer",
                other.map_or("object", Object::type_name)
            ),
        )),
    }
}

/// `PyNumber_AsSsize_t` with `PyExc_OverflowError`: an index argument as a C `Py_ssize_t`.
pub(crate) fn as_ssize(vm: &Vm, id: ObjId) -> Result<i64, Raise> {
    use num_traits::ToPrimitive;
    as_index(vm, id)?.to_i64().ok_or_else(|| {
        Raise::new(
            "OverflowError",
            "Python int too large to convert to C ssize_t",
        )
    })
}

/// An argument as a C `int` (`PyLong_AsInt`).
pub(crate) fn as_c_int(vm: &Vm, id: ObjId) -> Result<i32, Raise> {
    use num_traits::ToPrimitive;
    as_index(vm, id)?
        .to_i32()
        .ok_or_else(|| Raise::new("OverflowError", "Python int too large to convert to C int"))
}

/// The one keyword a method accepts, or CPython's "unexpected keyword argument" error.
pub(crate) fn take_keywords<'a>(
    function: &str,
    keywords: Keywords<'a>,
    allowed: &[&str],
) -> Result<Vec<(&'a str, ObjId)>, Raise> {
    let mut found = Vec::new();
    for (name, value) in keywords {
        if !allowed.contains(&name.as_str()) {
            return Err(Raise::new(
                "TypeError",
                format!("{function}() got an unexpected keyword argument '{name}'"),
            ));
        }
        found.push((name.as_str(), *value));
    }
    Ok(found)
}

impl Vm {
    /// Calls a built-in function or method from native code (a `key=` function, `map`'s
    /// function). Python functions need a frame of their own, which a native caller cannot run
    /// yet: that is reported as unsupported rather than guessed at.
    pub(crate) fn call_native(&mut self, callable: ObjId, args: &[ObjId]) -> Result<ObjId, Fault> {
        match self.heap.get(callable) {
            Some(Object::BuiltinFunction(builtin)) => {
                let builtin = *builtin;
                self.call_builtin(builtin, args, &[])
            }
            Some(&Object::BuiltinMethod {
                type_name,
                name,
                bound,
            }) => self.call_builtin_method(type_name, name, bound, args, &[]),
            // A built-in type such as `int` in `map(int, words)`; an instance argument might
            // need its own Python methods (`__str__`, `__index__`), which a native caller
            // cannot run yet.
            Some(Object::Type(t))
                if t.native.is_some()
                    && !args.iter().any(|&arg| {
                        matches!(self.heap.get(arg), Some(Object::Instance { .. }))
                    }) =>
            {
                let name = t.native.unwrap_or("object");
                self.call_native_type(name, args, &[])
            }
            Some(Object::Function(_) | Object::Type(_)) => Err(Fault::Internal(
                "not supported yet: a built-in calling a Python function (key=, map, filter)"
                    .to_string(),
            )),
            other => Err(Raise::new(
                "TypeError",
                format!(
                    "'{}' object is not callable",
                    other.map_or("object", Object::type_name)
                ),
            )
            .into()),
        }
    }
}
