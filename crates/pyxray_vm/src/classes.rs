//! Classes and instances: `__build_class__` runs the class body as a frame and makes a type
//! from its namespace, then runs `__set_name__` and the parent's `__init_subclass__` as frames;
//! `type(name, bases, dict)` does the same from a dict; calling a class makes an instance and
//! runs `__init__` as a frame; `cls.name` reads what every class has (`__mro__`, `__dict__`, …)
//! and then the MRO; `super().name` continues the MRO after the current class.
//!
//! CPython: `Python/bltinmodule.c` (`builtin___build_class__`), `Objects/typeobject.c`
//! (`type_new`, `type_new_set_names`, `type_new_init_subclass`, `mro_implementation` (C3),
//! `type_call`, `type_getattro`, `type_getsets`, `_PyType_Lookup`, `super_getattro`). Instance
//! attributes are in `attributes.rs`. Only `type` is a metaclass here.

use crate::attributes::Attribute;
use crate::frame::{ClassSetupCall, ReturnAction};
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

    /// `__build_class__(body, name, *bases, metaclass=type, **kwds)`: runs the body function
    /// with a fresh namespace as its locals; the class is made when that frame returns
    /// (`finish_class`), and `kwds` go to the parent's `__init_subclass__`.
    pub(crate) fn build_class(
        &mut self,
        args: &[ObjId],
        keywords: &[(String, ObjId)],
    ) -> Result<(), Fault> {
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
        let keywords = self.class_keywords(keywords)?;
        let (bases, mro) = match self.class_bases(bases) {
            Ok(found) => found,
            Err(fault) => {
                self.release(&keywords.iter().map(|(_, v)| *v).collect::<Vec<_>>());
                return Err(fault);
            }
        };
        let namespace = self.new_result(Object::Dict(Vec::new()))?;
        self.call_function(*body, Vec::new(), Vec::new())?;
        let frame = self.frame()?;
        frame.locals = Some(namespace);
        frame.on_return = ReturnAction::BuildClass {
            name,
            bases,
            mro,
            namespace,
            keywords,
        };
        Ok(())
    }

    /// A class statement's keywords without `metaclass=type` (new references); another
    /// metaclass is not supported yet.
    fn class_keywords(
        &mut self,
        keywords: &[(String, ObjId)],
    ) -> Result<Vec<(String, ObjId)>, Fault> {
        let type_class = self.builtin_type("type");
        let mut kept = Vec::new();
        for (key, value) in keywords {
            if key == "metaclass" {
                if Some(*value) != type_class {
                    return Err(Raise::new(
                        "TypeError",
                        "metaclasses other than type are not supported yet",
                    )
                    .into());
                }
                continue;
            }
            self.heap.incref(*value);
            kept.push((key.clone(), *value));
        }
        Ok(kept)
    }

    /// The bases (default `object`) and the MRO they give, checked (new references).
    fn class_bases(&mut self, bases: &[ObjId]) -> Result<(Vec<ObjId>, Vec<ObjId>), Fault> {
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
        for &base in &bases {
            self.heap.incref(base);
        }
        for &class in &mro {
            self.heap.incref(class);
        }
        Ok((bases, mro))
    }

    /// The class body returned: make the class from its namespace.
    pub(crate) fn finish_class(
        &mut self,
        name: String,
        bases: Vec<ObjId>,
        mro: Vec<ObjId>,
        namespace: ObjId,
        keywords: Vec<(String, ObjId)>,
        returned: ObjId,
    ) -> Result<(), Fault> {
        self.heap.decref(returned);
        self.make_class(name, bases, mro, namespace, keywords)
    }

    /// `type_new`: the class from its namespace (all arguments owned): `__qualname__` and
    /// `__classcell__` leave the namespace, `__doc__` defaults to None, `__init_subclass__`
    /// is made a class method; then `__set_name__` of each attribute that has one and the
    /// parent's `__init_subclass__(**keywords)` run as frames before the class is the result.
    fn make_class(
        &mut self,
        name: String,
        bases: Vec<ObjId>,
        mro: Vec<ObjId>,
        namespace: ObjId,
        keywords: Vec<(String, ObjId)>,
    ) -> Result<(), Fault> {
        let class_cell = self.dict_get_str(namespace, "__classcell__");
        if let Some(cell) = class_cell {
            self.heap.incref(cell);
        }
        self.dict_del_str(namespace, "__classcell__");
        self.dict_del_str(namespace, "__classdictcell__");
        let qualname = match self
            .dict_get_str(namespace, "__qualname__")
            .and_then(|q| self.heap.get(q))
        {
            Some(Object::Str(qualname)) => qualname.clone(),
            _ => name.clone(),
        };
        self.dict_del_str(namespace, "__qualname__");
        if self.dict_get_str(namespace, "__doc__").is_none() {
            let none = self.none;
            self.dict_set_str(namespace, "__doc__", none);
        }
        // PEP 649: the class keeps its annotate function as `__annotate_func__`.
        if let Some(annotate) = self.dict_get_str(namespace, "__annotate__") {
            self.heap.incref(annotate);
            self.dict_del_str(namespace, "__annotate__");
            self.dict_set_str(namespace, "__annotate_func__", annotate);
            self.heap.decref(annotate);
        }
        if let Some(init_subclass) = self
            .dict_get_str(namespace, "__init_subclass__")
            .filter(|&f| matches!(self.heap.get(f), Some(Object::Function(_))))
        {
            self.heap.incref(init_subclass);
            let wrapped = self.new_result(Object::ClassMethod(init_subclass))?;
            self.dict_set_str(namespace, "__init_subclass__", wrapped);
            self.heap.decref(wrapped);
        }
        let class = self.new_result(Object::Type(Box::new(TypeObject {
            name,
            qualname,
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
        let pending = match self.class_setup_calls(class, namespace, keywords) {
            Ok(pending) => pending,
            Err(fault) => {
                self.heap.decref(class);
                return Err(fault);
            }
        };
        self.run_class_setup(class, pending)
    }

    /// The calls that finish a class (`set_names`, `init_subclass`), as new references.
    fn class_setup_calls(
        &mut self,
        class: ObjId,
        namespace: ObjId,
        keywords: Vec<(String, ObjId)>,
    ) -> Result<Vec<ClassSetupCall>, Fault> {
        let mut pending = Vec::new();
        let pairs = match self.heap.get(namespace) {
            Some(Object::Dict(pairs)) => pairs.clone(),
            _ => Vec::new(),
        };
        for (key, value) in pairs {
            let set_name = self
                .type_of(value)
                .filter(|&c| {
                    self.heap
                        .get(c)
                        .is_some_and(|o| matches!(o, Object::Type(t) if t.native.is_none()))
                })
                .and_then(|c| self.lookup_in_mro(c, "__set_name__"))
                .filter(|&f| matches!(self.heap.get(f), Some(Object::Function(_))));
            if let Some(set_name) = set_name {
                for id in [set_name, value, class, key] {
                    self.heap.incref(id);
                }
                pending.push(ClassSetupCall {
                    function: set_name,
                    args: vec![value, class, key],
                    keywords: Vec::new(),
                });
            }
        }
        // `super(cls).__init_subclass__(**keywords)`: the first parent that defines it.
        let parents: Vec<ObjId> = match self.heap.get(class) {
            Some(Object::Type(t)) => t.mro.iter().skip(1).copied().collect(),
            _ => Vec::new(),
        };
        let init_subclass = parents
            .iter()
            .find_map(|&parent| match self.heap.get(parent) {
                Some(Object::Type(p)) => self.dict_get_str(p.dict, "__init_subclass__"),
                _ => None,
            });
        let function = match init_subclass.and_then(|f| self.heap.get(f)) {
            Some(&Object::ClassMethod(function)) => Some(function),
            Some(Object::Function(_)) => init_subclass,
            _ => None,
        };
        match function {
            Some(function) if matches!(self.heap.get(function), Some(Object::Function(_))) => {
                self.heap.incref(function);
                self.heap.incref(class);
                pending.push(ClassSetupCall {
                    function,
                    args: vec![class],
                    keywords,
                });
            }
            Some(_) => {
                self.release(&keywords.iter().map(|(_, v)| *v).collect::<Vec<_>>());
                return Err(Raise::new(
                    "TypeError",
                    "an __init_subclass__ that is not a Python function is not supported yet",
                )
                .into());
            }
            None if !keywords.is_empty() => {
                self.release(&keywords.iter().map(|(_, v)| *v).collect::<Vec<_>>());
                for call in pending {
                    self.release_setup_call(call);
                }
                let name = self.class_name_of(class);
                return Err(Raise::new(
                    "TypeError",
                    format!("{name}.__init_subclass__() takes no keyword arguments"),
                )
                .into());
            }
            None => {}
        }
        Ok(pending)
    }

    fn release_setup_call(&mut self, call: ClassSetupCall) {
        self.heap.decref(call.function);
        self.release(&call.args);
        self.release(&call.keywords.iter().map(|(_, v)| *v).collect::<Vec<_>>());
    }

    /// Runs the next of a new class's setup calls as a frame, or, when none is left, pushes
    /// the class (owned) as the result of the class statement.
    pub(crate) fn run_class_setup(
        &mut self,
        class: ObjId,
        mut pending: Vec<ClassSetupCall>,
    ) -> Result<(), Fault> {
        if pending.is_empty() {
            return self.push_value(class);
        }
        let call = pending.remove(0);
        let result = self.call_function(call.function, call.args, call.keywords);
        self.heap.decref(call.function);
        if let Err(fault) = result {
            self.heap.decref(class);
            for call in pending {
                self.release_setup_call(call);
            }
            return Err(fault);
        }
        self.frame()?.on_return = ReturnAction::ClassSetup { class, pending };
        Ok(())
    }

    /// `type(name, bases, dict)`: a class made from a copy of `dict`, as a class statement
    /// makes one from its body's namespace.
    pub(crate) fn type_new(&mut self, args: &[ObjId]) -> Result<(), Fault> {
        let [name, bases, dict] = args else {
            return Err(Raise::new("TypeError", "type() takes 1 or 3 arguments").into());
        };
        let Some(Object::Str(name)) = self.heap.get(*name) else {
            let kind = self.type_name_of(*name);
            return Err(Raise::new(
                "TypeError",
                format!("type.__new__() argument 1 must be str, not {kind}"),
            )
            .into());
        };
        let name = name.clone();
        let Some(Object::Tuple(bases)) = self.heap.get(*bases) else {
            let kind = self.type_name_of(*bases);
            return Err(Raise::new(
                "TypeError",
                format!("type.__new__() argument 2 must be tuple, not {kind}"),
            )
            .into());
        };
        let bases = bases.clone();
        if bases
            .iter()
            .any(|&base| !matches!(self.heap.get(base), Some(Object::Type(_))))
        {
            return Err(Raise::new(
                "TypeError",
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
                 subclass of the metaclasses of all its bases",
            )
            .into());
        }
        let Some(Object::Dict(pairs)) = self.heap.get(*dict) else {
            let kind = self.type_name_of(*dict);
            return Err(Raise::new(
                "TypeError",
                format!("type.__new__() argument 3 must be dict, not {kind}"),
            )
            .into());
        };
        let pairs = pairs.clone();
        let (bases, mro) = self.class_bases(&bases)?;
        for &(key, value) in &pairs {
            self.heap.incref(key);
            self.heap.incref(value);
        }
        let namespace = self.new_result(Object::Dict(pairs))?;
        if self.dict_get_str(namespace, "__module__").is_none() {
            let module = self.intern("__main__");
            self.dict_set_str(namespace, "__module__", module);
        }
        self.make_class(name, bases, mro, namespace, Vec::new())
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
        let instance = self.new_result(Object::Instance {
            class,
            dict,
            slots: Vec::new(),
        })?;
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

    /// `type_getattro`: `cls.name` — the attributes every class has (`__name__`, `__mro__`,
    /// …, data descriptors of `type`), then the class's MRO, where a function stays a plain
    /// function, a `classmethod` binds the class and a `property` is itself.
    pub(crate) fn type_getattr(&mut self, class: ObjId, name: &str) -> Result<Attribute, Fault> {
        if matches!(name, "__annotations__" | "__annotate__") {
            if let Some(attribute) = self.type_annotations(class, name)? {
                return Ok(attribute);
            }
        }
        if let Some(value) = self.type_special_attr(class, name)? {
            return Ok(Attribute::Value(value));
        }
        let Some(Object::Type(t)) = self.heap.get(class) else {
            return Err(Fault::Internal("not a class".to_string()));
        };
        // A built-in type's methods: `str.lower` unbound, `dict.fromkeys` bound to the type.
        if let Some(native) = t.native.filter(|native| t.name == *native) {
            if let Some(def) = crate::methods::find_method(native, name) {
                let bound = crate::methods::is_class_method(native, name).then_some(class);
                if let Some(class) = bound {
                    self.heap.incref(class);
                }
                let method = self.new_result(Object::BuiltinMethod {
                    type_name: native,
                    name: def.name,
                    bound,
                })?;
                return Ok(Attribute::Value(method));
            }
        }
        if let Some(found) = self.lookup_in_mro(class, name) {
            return self.descriptor_get(found, None, class, name);
        }
        if self.inherits_exception(class) {
            if let Some(def) = crate::methods::find_method("BaseException", name) {
                // `Exception.__init__`: BaseException's method, unbound.
                let method = self.new_result(Object::BuiltinMethod {
                    type_name: "BaseException",
                    name: def.name,
                    bound: None,
                })?;
                return Ok(Attribute::Value(method));
            }
        }
        // The methods of `type` itself (`cls.mro()`), then `object`'s (`cls.__new__`).
        for (type_name, bound) in [("type", Some(class)), ("object", None)] {
            if let Some(def) = crate::methods::find_method(type_name, name) {
                if let Some(class) = bound {
                    self.heap.incref(class);
                }
                let method = self.new_result(Object::BuiltinMethod {
                    type_name,
                    name: def.name,
                    bound,
                })?;
                return Ok(Attribute::Value(method));
            }
        }
        let class_name = self.class_name_of(class);
        Err(Raise::new(
            "AttributeError",
            format!("type object '{class_name}' has no attribute '{name}'"),
        )
        .into())
    }

    /// `type_get_annotations` / `type_get_annotate` for a user class (PEP 649): its own
    /// `__annotate_func__` (or None), and the annotations it computes on first use, kept in
    /// the class's `__annotations_cache__`. `None` for a built-in type.
    fn type_annotations(&mut self, class: ObjId, name: &str) -> Result<Option<Attribute>, Fault> {
        let Some(Object::Type(t)) = self.heap.get(class) else {
            return Ok(None);
        };
        if t.native.is_some() || t.builtin_exception.is_some() || t.name == "object" {
            return Ok(None);
        }
        let dict = t.dict;
        let annotate = self
            .dict_get_str(dict, "__annotate_func__")
            .filter(|&f| f != self.none);
        if name == "__annotate__" {
            let value = annotate.unwrap_or(self.none);
            self.heap.incref(value);
            return Ok(Some(Attribute::Value(value)));
        }
        if let Some(cached) = self.dict_get_str(dict, "__annotations_cache__") {
            self.heap.incref(cached);
            return Ok(Some(Attribute::Value(cached)));
        }
        if let Some(annotate) = annotate {
            self.heap.incref(annotate);
            let format = self.new_int(1.into());
            return Ok(Some(Attribute::Call {
                function: annotate,
                args: vec![format],
                annotations_of: Some(class),
            }));
        }
        let empty = self.new_result(Object::Dict(Vec::new()))?;
        self.dict_set_str(dict, "__annotations_cache__", empty);
        Ok(Some(Attribute::Value(empty)))
    }

    /// The data descriptors of `type`: `__name__`, `__qualname__`, `__module__`, `__doc__`,
    /// `__bases__`, `__base__`, `__mro__`, `__dict__` (a new reference, or `None`).
    fn type_special_attr(&mut self, class: ObjId, name: &str) -> Result<Option<ObjId>, Fault> {
        let Some(Object::Type(t)) = self.heap.get(class) else {
            return Ok(None);
        };
        let builtin = t.native.is_some() || t.builtin_exception.is_some() || t.name == "object";
        let (type_name, qualname, dict) = (t.name.clone(), t.qualname.clone(), t.dict);
        let (bases, mro) = (t.bases.clone(), t.mro.clone());
        let from_dict = |vm: &mut Vm, key: &str| {
            let value = vm.dict_get_str(dict, key).unwrap_or(vm.none);
            vm.heap.incref(value);
            value
        };
        Ok(Some(match name {
            "__name__" => self.new_str(type_name),
            "__qualname__" => self.new_str(qualname),
            "__module__" if builtin => self.intern("builtins"),
            "__module__" | "__doc__" => from_dict(self, name),
            "__bases__" | "__mro__" => {
                let items = if name == "__bases__" { bases } else { mro };
                for &item in &items {
                    self.heap.incref(item);
                }
                self.new_result(Object::Tuple(items))?
            }
            "__base__" => {
                let base = bases.first().copied().unwrap_or(self.none);
                self.heap.incref(base);
                base
            }
            "__dict__" => {
                self.heap.incref(dict);
                self.new_result(Object::MappingProxy(dict))?
            }
            _ => return Ok(None),
        }))
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
        let method_form = oparg & 1 == 1;
        let Some(found) = found else {
            if name == "__init__" && matches!(self.heap.get(receiver), Some(Object::Exception(_))) {
                // `BaseException.__init__`: sets `args` (and the class's fields) again.
                let init = self.new_result(Object::BuiltinMethod {
                    type_name: "BaseException",
                    name: "__init__",
                    bound: Some(receiver),
                })?;
                self.push_value(init)?;
                if oparg & 1 == 1 {
                    self.push(None)?;
                }
                return Ok(());
            }
            if name == "__init__" {
                // object.__init__ (or an exception's): nothing to do here.
                self.heap.decref(receiver);
                let noop = self.builtin_noop()?;
                self.push_value(noop)?;
                if method_form {
                    self.push(None)?;
                }
                return Ok(());
            }
            if name == "__init_subclass__" {
                // object.__init_subclass__, bound to the class.
                let method = self.new_result(Object::BuiltinMethod {
                    type_name: "object",
                    name: "__init_subclass__",
                    bound: Some(receiver),
                })?;
                self.push_value(method)?;
                return if method_form { self.push(None) } else { Ok(()) };
            }
            self.heap.decref(receiver);
            return Err(Raise::new(
                "AttributeError",
                format!("'super' object has no attribute '{name}'"),
            )
            .into());
        };
        let instance = (receiver != receiver_class).then_some(receiver);
        let attribute = self.descriptor_get(found, instance, receiver_class, &name);
        self.heap.decref(receiver);
        self.push_attribute(attribute?, method_form)
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
