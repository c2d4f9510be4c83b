//! The descriptor types a class body uses: `property`, `staticmethod` and `classmethod`, made
//! by calling them (usually as decorators), with their methods (`@x.setter`) and attributes
//! (`fget`, `__func__`). What they do when found on a class is `Vm::descriptor_get` in
//! `attributes.rs`; a property's setter and deleter run from `Vm::set_attribute`.
//!
//! CPython: `Objects/descrobject.c` (`property_init_impl`, `property_copy`, `property_getter`,
//! `property_setter`, `property_deleter`, `property_members`), `Objects/funcobject.c`
//! (`sm_init`, `cm_init`, `sm_memberlist`, `cm_memberlist`), also the `object.__new__`,
//! `object.__init_subclass__` and `type.mro` methods of `Objects/typeobject.c`.

use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::methods::{MemberDef, MethodDef};
use crate::objects::{Object, Property, Raise};
use crate::vm::{Fault, Vm};

/// `property`'s methods: each returns a copy with one accessor replaced.
pub const PROPERTY_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "getter",
        call: |vm, id, args, keywords| property_copy(vm, id, args, keywords, "getter"),
    },
    MethodDef {
        name: "setter",
        call: |vm, id, args, keywords| property_copy(vm, id, args, keywords, "setter"),
    },
    MethodDef {
        name: "deleter",
        call: |vm, id, args, keywords| property_copy(vm, id, args, keywords, "deleter"),
    },
];

/// `property`'s data attributes.
pub const PROPERTY_MEMBERS: &[MemberDef] = &[
    MemberDef {
        name: "fget",
        get: |vm, id| property_field(vm, id, |p| p.fget),
    },
    MemberDef {
        name: "fset",
        get: |vm, id| property_field(vm, id, |p| p.fset),
    },
    MemberDef {
        name: "fdel",
        get: |vm, id| property_field(vm, id, |p| p.fdel),
    },
    MemberDef {
        name: "__doc__",
        get: |vm, id| property_field(vm, id, |p| p.doc),
    },
];

/// `staticmethod`'s and `classmethod`'s data attributes: the function they wrap.
pub const WRAPPER_MEMBERS: &[MemberDef] = &[
    MemberDef {
        name: "__func__",
        get: wrapped_function,
    },
    MemberDef {
        name: "__wrapped__",
        get: wrapped_function,
    },
];

/// `object`'s methods a class reaches by name (`Point.__new__(Point)`).
pub const OBJECT_NEW: MethodDef = MethodDef {
    name: "__new__",
    call: object_new,
};

/// `object.__init_subclass__`: what `super().__init_subclass__()` reaches last; it takes
/// no keywords.
pub const OBJECT_INIT_SUBCLASS: MethodDef = MethodDef {
    name: "__init_subclass__",
    call: |vm, class, _, keywords| {
        if !keywords.is_empty() {
            let name = vm.class_name_of(class);
            return Err(Raise::new(
                "TypeError",
                format!("{name}.__init_subclass__() takes no keyword arguments"),
            )
            .into());
        }
        Ok(vm.none)
    },
};

/// `slice`'s methods: `s.indices(length)`.
pub const SLICE_METHODS: &[MethodDef] = &[MethodDef {
    name: "indices",
    call: |vm, slice, args, keywords| {
        crate::methods::expect_args("slice.indices", args, keywords, 1, 1)?;
        let length = crate::methods::as_ssize(vm, args[0])?;
        let length = usize::try_from(length)
            .map_err(|_| Raise::new("ValueError", "length should not be negative"))?;
        let range = vm.resolve_slice(slice, length)?;
        let items = [range.start, range.stop, range.step]
            .map(|n| vm.new_int(n.into()))
            .to_vec();
        vm.new_result(Object::Tuple(items))
    },
}];

/// `type`'s methods: `cls.mro()`, `cls.__subclasses__()`.
pub const TYPE_METHODS: &[MethodDef] = &[
    MethodDef {
        name: "mro",
        call: |vm, class, args, keywords| {
            let qualname = match vm.heap.get(class) {
                Some(Object::Type(t)) => t.qualname.clone(),
                _ => "type".to_string(),
            };
            let qualified = format!("{qualname}.mro");
            crate::methods::expect_args(&qualified, args, keywords, 0, 0)?;
            let mro = match vm.heap.get(class) {
                Some(Object::Type(t)) => t.mro.clone(),
                _ => Vec::new(),
            };
            for &item in &mro {
                vm.heap.incref(item);
            }
            vm.new_result(Object::List(mro))
        },
    },
    MethodDef {
        name: "__subclasses__",
        call: type_subclasses,
    },
];

/// `type.__subclasses__()`: the live classes that name `class` among their bases, oldest
/// first (CPython keeps weak references in creation order). A built-in type's subclasses
/// include CPython's own classes, which pyxray does not have: not supported.
fn type_subclasses(
    vm: &mut Vm,
    class: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    crate::methods::expect_args("type.__subclasses__", args, keywords, 0, 0)?;
    let builtin = match vm.heap.get(class) {
        Some(Object::Type(t)) => {
            t.native.is_some() || t.builtin_exception.is_some() || t.name == "object"
        }
        _ => true,
    };
    if builtin {
        let name = vm.class_name_of(class);
        return Err(Raise::new(
            "TypeError",
            format!("{name}.__subclasses__() of a built-in type is not supported yet"),
        )
        .into());
    }
    let subclasses: Vec<ObjId> = vm
        .heap
        .slots()
        .into_iter()
        .filter(|(_, slot)| matches!(&slot.object, Object::Type(t) if t.bases.contains(&class)))
        .map(|(id, _)| id)
        .collect();
    for &subclass in &subclasses {
        vm.heap.incref(subclass);
    }
    vm.new_result(Object::List(subclasses))
}

impl Vm {
    /// `property(fget=None, fset=None, fdel=None, doc=None)`; the docstring defaults to the
    /// getter's.
    pub(crate) fn property_new(
        &mut self,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        const NAMES: [&str; 4] = ["fget", "fset", "fdel", "doc"];
        if args.len() > NAMES.len() {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "property() takes at most 4 arguments ({} given)",
                    args.len()
                ),
            )
            .into());
        }
        let mut slots: [Option<ObjId>; 4] = [None; 4];
        for (slot, &arg) in slots.iter_mut().zip(args) {
            *slot = Some(arg);
        }
        for (key, value) in keywords {
            let Some(index) = NAMES.iter().position(|n| n == key) else {
                return Err(Raise::new(
                    "TypeError",
                    format!("property() got an unexpected keyword argument '{key}'"),
                )
                .into());
            };
            if slots[index].is_some() {
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "argument for property() given by name ('{key}') and position ({})",
                        index + 1
                    ),
                )
                .into());
            }
            slots[index] = Some(*value);
        }
        let none = self.none;
        let [fget, fset, fdel, doc] = slots.map(|slot| slot.filter(|&v| v != none));
        let doc = doc.or_else(|| fget.and_then(|getter| self.docstring_of(getter)));
        for id in [fget, fset, fdel, doc].into_iter().flatten() {
            self.heap.incref(id);
        }
        self.new_result(Object::Property(Box::new(Property {
            fget,
            fset,
            fdel,
            doc,
        })))
    }

    /// A Python function's docstring (borrowed), if it has one.
    fn docstring_of(&mut self, function: ObjId) -> Option<ObjId> {
        if !matches!(self.heap.get(function), Some(Object::Function(_))) {
            return None;
        }
        let doc = crate::methods::find_member("function", "__doc__")
            .and_then(|member| (member.get)(self, function).ok())?;
        // The docstring is held by the function too, so the borrowed id stays alive.
        self.heap.decref(doc);
        (doc != self.none).then_some(doc)
    }

    /// `staticmethod(f)` or `classmethod(f)`.
    pub(crate) fn wrapper_new(
        &mut self,
        kind: &str,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            return Err(
                Raise::new("TypeError", format!("{kind}() takes no keyword arguments")).into(),
            );
        }
        let [function] = args else {
            return Err(Raise::new(
                "TypeError",
                format!("{kind} expected 1 argument, got {}", args.len()),
            )
            .into());
        };
        self.heap.incref(*function);
        self.new_result(if kind == "staticmethod" {
            Object::StaticMethod(*function)
        } else {
            Object::ClassMethod(*function)
        })
    }
}

/// `property.getter/setter/deleter(f)`: a new property with that accessor replaced.
fn property_copy(
    vm: &mut Vm,
    id: ObjId,
    args: &[ObjId],
    keywords: Keywords,
    which: &str,
) -> Result<ObjId, Fault> {
    crate::methods::expect_args(&format!("property.{which}"), args, keywords, 1, 1)?;
    let Some(Object::Property(property)) = vm.heap.get(id) else {
        return Err(Raise::new("TypeError", "not a property").into());
    };
    let mut copy = (**property).clone();
    let function = Some(args[0]).filter(|&f| f != vm.none);
    match which {
        "getter" => copy.fget = function,
        "setter" => copy.fset = function,
        _ => copy.fdel = function,
    }
    if which == "getter" {
        if let Some(doc) = function.and_then(|getter| vm.docstring_of(getter)) {
            copy.doc = Some(doc);
        }
    }
    for id in [copy.fget, copy.fset, copy.fdel, copy.doc]
        .into_iter()
        .flatten()
    {
        vm.heap.incref(id);
    }
    vm.new_result(Object::Property(Box::new(copy)))
}

fn property_field(
    vm: &mut Vm,
    id: ObjId,
    field: fn(&Property) -> Option<ObjId>,
) -> Result<ObjId, Fault> {
    let value = match vm.heap.get(id) {
        Some(Object::Property(property)) => field(property),
        _ => None,
    }
    .unwrap_or(vm.none);
    vm.heap.incref(value);
    Ok(value)
}

fn wrapped_function(vm: &mut Vm, id: ObjId) -> Result<ObjId, Fault> {
    let function = match vm.heap.get(id) {
        Some(Object::StaticMethod(function) | Object::ClassMethod(function)) => *function,
        _ => vm.none,
    };
    vm.heap.incref(function);
    Ok(function)
}

/// `object.__new__(cls)`: a new instance of `cls`, no `__init__` run.
fn object_new(vm: &mut Vm, class: ObjId, args: &[ObjId], _: Keywords) -> Result<ObjId, Fault> {
    let class = match (vm.heap.get(class), args) {
        (Some(Object::Type(_)), _) => class,
        (_, [class, ..]) if matches!(vm.heap.get(*class), Some(Object::Type(_))) => *class,
        _ => {
            return Err(Raise::new("TypeError", "object.__new__(X): X is not a type object").into())
        }
    };
    let user_class = matches!(
        vm.heap.get(class),
        Some(Object::Type(t)) if t.native.is_none() && t.builtin_exception.is_none() && t.name != "object"
    );
    if !user_class || vm.inherits_exception(class) {
        return Err(Raise::new(
            "TypeError",
            "object.__new__() of a built-in type is not supported yet",
        )
        .into());
    }
    let dict = vm.new_result(Object::Dict(Vec::new()))?;
    vm.heap.incref(class);
    vm.new_result(Object::Instance {
        class,
        dict,
        slots: Vec::new(),
    })
}
