//! Functions and their frames: making a function, binding a call's arguments to its
//! parameters, pushing and popping frames, fast locals, globals, and cells.
//!
//! CPython: `Objects/funcobject.c` (`PyFunction_New`, `_Py_set_function_type_params`),
//! `Python/ceval.c` (`initialize_locals`, `too_many_positional`, `missing_arguments`,
//! `_PyEvalFramePushAndInit`), `Python/bytecodes.c` (`LOAD_FAST`, `LOAD_GLOBAL`, `MAKE_CELL`,
//! `COPY_FREE_VARS`, `LOAD_DEREF`, `MAKE_FUNCTION`, `SET_FUNCTION_ATTRIBUTE`, `RETURN_VALUE`).
//! A Python-to-Python call pushes a frame on the VM's own stack, as CPython 3.11+ does.

use std::rc::Rc;

use pyxray_bytecode::code::{flags, local_kind, CodeObject};

use crate::frame::{Frame, ReturnAction};
use crate::heap::ObjId;
use crate::objects::{Function, Object, Raise};
use crate::vm::{Fault, Vm};

/// `SET_FUNCTION_ATTRIBUTE`'s operand: which attribute the value on the stack sets.
const FUNCTION_DEFAULTS: u32 = 0x01;
const FUNCTION_KWDEFAULTS: u32 = 0x02;
const FUNCTION_ANNOTATIONS: u32 = 0x04;
const FUNCTION_CLOSURE: u32 = 0x08;
const FUNCTION_ANNOTATE: u32 = 0x10;

impl Vm {
    /// The namespace of `LOAD_NAME`/`STORE_NAME` in the current frame.
    pub(crate) fn frame_locals(&mut self) -> Result<ObjId, Fault> {
        self.frame()?
            .locals
            .ok_or_else(|| Fault::Internal("a name operation in a function frame".to_string()))
    }

    fn local_name(&mut self, index: u32) -> Result<String, Fault> {
        self.frame()?
            .code
            .localsplusnames
            .get(index as usize)
            .cloned()
            .ok_or_else(|| Fault::Internal(format!("no local {index}")))
    }

    fn local(&mut self, index: u32) -> Result<Option<ObjId>, Fault> {
        self.frame()?
            .localsplus
            .get(index as usize)
            .copied()
            .ok_or_else(|| Fault::Internal(format!("no local slot {index}")))
    }

    /// `LOAD_FAST` and its borrowing and checking forms: push a new reference to a local.
    pub(crate) fn load_fast(&mut self, index: u32) -> Result<(), Fault> {
        match self.local(index)? {
            Some(value) => self.push_new_ref(value),
            None => {
                let name = self.local_name(index)?;
                Err(unbound_local(&name).into())
            }
        }
    }

    /// `LOAD_FAST_AND_CLEAR`: push the local (or NULL) and leave the slot empty; an inlined
    /// comprehension saves the outer value of its variable this way.
    pub(crate) fn load_fast_and_clear(&mut self, index: u32) -> Result<(), Fault> {
        let value = self.local(index)?;
        if let Some(slot) = self.frame()?.localsplus.get_mut(index as usize) {
            *slot = None;
        }
        self.push(value)
    }

    /// `STORE_FAST`: pop into a local, releasing what it held.
    pub(crate) fn store_fast(&mut self, index: u32) -> Result<(), Fault> {
        let value = self.pop()?;
        let old = match self.frame()?.localsplus.get_mut(index as usize) {
            Some(slot) => std::mem::replace(slot, value),
            None => return Err(Fault::Internal(format!("no local slot {index}"))),
        };
        if let Some(old) = old {
            self.heap.decref(old);
        }
        if let Ok(name) = self.local_name(index) {
            self.last_step.names_stored.push(name);
        }
        Ok(())
    }

    /// `DELETE_FAST`.
    pub(crate) fn delete_fast(&mut self, index: u32) -> Result<(), Fault> {
        let old = match self.frame()?.localsplus.get_mut(index as usize) {
            Some(slot) => slot.take(),
            None => return Err(Fault::Internal(format!("no local slot {index}"))),
        };
        match old {
            Some(old) => {
                self.heap.decref(old);
                Ok(())
            }
            None => {
                let name = self.local_name(index)?;
                Err(unbound_local(&name).into())
            }
        }
    }

    /// `LOAD_GLOBAL`: globals, then builtins; a NULL follows when `oparg & 1`.
    pub(crate) fn load_global(&mut self, oparg: u32) -> Result<(), Fault> {
        let name = self.name(oparg >> 1)?;
        let frame = self.frame()?;
        let (globals, builtins) = (frame.globals, frame.builtins);
        let value = self
            .dict_get_str(globals, &name)
            .or_else(|| self.dict_get_str(builtins, &name))
            .ok_or_else(|| self.name_error(&name))?;
        self.push_new_ref(value)?;
        if oparg & 1 == 1 {
            self.push(None)?;
        }
        Ok(())
    }

    /// `STORE_GLOBAL` / `DELETE_GLOBAL`.
    pub(crate) fn store_global(&mut self, oparg: u32, delete: bool) -> Result<(), Fault> {
        let name = self.name(oparg)?;
        let globals = self.frame()?.globals;
        if delete {
            if !self.dict_del_str(globals, &name) {
                return Err(self.name_error(&name).into());
            }
            return Ok(());
        }
        let value = self.pop_value()?;
        self.dict_set_str(globals, &name, value);
        self.heap.decref(value);
        self.last_step.names_stored.push(name);
        Ok(())
    }

    /// `MAKE_CELL`: the local becomes a cell holding its current value (an argument) or nothing.
    pub(crate) fn make_cell(&mut self, index: u32) -> Result<(), Fault> {
        let initial = self.local(index)?;
        let cell = self.new_result(Object::Cell(initial))?;
        if let Some(slot) = self.frame()?.localsplus.get_mut(index as usize) {
            *slot = Some(cell);
        }
        Ok(())
    }

    /// `COPY_FREE_VARS n`: the function's closure cells fill the last `n` slots.
    pub(crate) fn copy_free_vars(&mut self, count: u32) -> Result<(), Fault> {
        let function = self.frame()?.function;
        let closure = match function.and_then(|f| self.heap.get(f)) {
            Some(Object::Function(function)) => function.closure,
            _ => None,
        };
        let cells = match closure.and_then(|c| self.heap.get(c)) {
            Some(Object::Tuple(cells)) => cells.clone(),
            _ => {
                return Err(Fault::Internal(
                    "COPY_FREE_VARS without a closure".to_string(),
                ))
            }
        };
        let frame = self.frame()?;
        let start = frame.localsplus.len().saturating_sub(count as usize);
        for (slot, &cell) in frame.localsplus[start..].iter_mut().zip(&cells) {
            *slot = Some(cell);
        }
        for cell in cells {
            self.heap.incref(cell);
        }
        Ok(())
    }

    fn cell(&mut self, index: u32) -> Result<ObjId, Fault> {
        self.local(index)?
            .ok_or_else(|| Fault::Internal(format!("no cell in slot {index}")))
    }

    /// `LOAD_DEREF`: the cell's content.
    pub(crate) fn load_deref(&mut self, index: u32) -> Result<(), Fault> {
        let cell = self.cell(index)?;
        match self.heap.get(cell) {
            Some(Object::Cell(Some(value))) => {
                let value = *value;
                self.push_new_ref(value)
            }
            _ => Err(self.unbound_deref(index)?.into()),
        }
    }

    /// `STORE_DEREF` / `DELETE_DEREF`.
    pub(crate) fn store_deref(&mut self, index: u32, delete: bool) -> Result<(), Fault> {
        let cell = self.cell(index)?;
        let value = if delete { None } else { self.pop()? };
        let old = self
            .heap
            .update(cell, |object| match object {
                Object::Cell(content) => std::mem::replace(content, value),
                _ => None,
            })
            .flatten();
        match old {
            Some(old) => self.heap.decref(old),
            None if delete => return Err(self.unbound_deref(index)?.into()),
            None => {}
        }
        if !delete {
            if let Ok(name) = self.local_name(index) {
                self.last_step.names_stored.push(name);
            }
        }
        Ok(())
    }

    /// The error for reading an empty cell: a local of this function, or a free variable.
    fn unbound_deref(&mut self, index: u32) -> Result<Raise, Fault> {
        let name = self.local_name(index)?;
        let kind = self
            .frame()?
            .code
            .localspluskinds
            .get(index as usize)
            .copied()
            .unwrap_or(0);
        Ok(if kind & local_kind::FREE != 0 {
            Raise::new(
                "NameError",
                format!(
                    "cannot access free variable '{name}' where it is not associated with a \
                     value in enclosing scope"
                ),
            )
        } else {
            unbound_local(&name)
        })
    }

    /// `LOAD_FROM_DICT_OR_DEREF`: a class body's name: its namespace (on the stack) first,
    /// then the enclosing function's cell.
    pub(crate) fn load_from_dict_or_deref(&mut self, index: u32) -> Result<(), Fault> {
        let mapping = self.pop_value()?;
        let name = self.local_name(index)?;
        let found = self.dict_get_str(mapping, &name);
        self.heap.decref(mapping);
        match found {
            Some(value) => self.push_new_ref(value),
            None => self.load_deref(index),
        }
    }

    /// `LOAD_FROM_DICT_OR_GLOBALS`: a name in an annotation scope of a class: the class's
    /// namespace (on the stack) first, then globals and builtins.
    pub(crate) fn load_from_dict_or_globals(&mut self, oparg: u32) -> Result<(), Fault> {
        let mapping = self.pop_value()?;
        let name = self.name(oparg)?;
        let frame = self.frame()?;
        let (globals, builtins) = (frame.globals, frame.builtins);
        let found = self
            .dict_get_str(mapping, &name)
            .or_else(|| self.dict_get_str(globals, &name))
            .or_else(|| self.dict_get_str(builtins, &name));
        self.heap.decref(mapping);
        match found {
            Some(value) => self.push_new_ref(value),
            None => Err(self.name_error(&name).into()),
        }
    }

    /// `MAKE_FUNCTION`: a function from the code object on the stack and the frame's globals.
    pub(crate) fn make_function(&mut self) -> Result<(), Fault> {
        let code_object = self.pop_value()?;
        let (name, qualname) = match self.heap.get(code_object) {
            Some(Object::Code { code, .. }) => (code.name.clone(), code.qualname.clone()),
            _ => {
                self.heap.decref(code_object);
                return Err(Fault::Internal(
                    "MAKE_FUNCTION without a code object".to_string(),
                ));
            }
        };
        let frame = self.frame()?;
        let (globals, builtins) = (frame.globals, frame.builtins);
        self.heap.incref(globals);
        self.heap.incref(builtins);
        let function = Function {
            code: code_object,
            globals,
            builtins,
            name,
            qualname,
            defaults: None,
            kwdefaults: None,
            closure: None,
            annotations: None,
            annotate: None,
            dict: None,
            doc: None,
            module: None,
        };
        let function = self.new_result(Object::Function(Box::new(function)))?;
        self.push_value(function)
    }

    /// `SET_FUNCTION_ATTRIBUTE flag`: the value under the function becomes one of its
    /// attributes (defaults, keyword defaults, annotations, closure, `__annotate__`).
    pub(crate) fn set_function_attribute(&mut self, flag: u32) -> Result<(), Fault> {
        let function = self.pop_value()?;
        let value = self.pop_value()?;
        let old = self.heap.update(function, |object| {
            let Object::Function(function) = object else {
                return None;
            };
            let field = match flag {
                FUNCTION_DEFAULTS => &mut function.defaults,
                FUNCTION_KWDEFAULTS => &mut function.kwdefaults,
                FUNCTION_ANNOTATIONS => &mut function.annotations,
                FUNCTION_CLOSURE => &mut function.closure,
                FUNCTION_ANNOTATE => &mut function.annotate,
                _ => return None,
            };
            field.replace(value)
        });
        if let Some(Some(old)) = old {
            self.heap.decref(old);
        }
        self.push_value(function)
    }

    /// Calls a Python function: binds the arguments (owned references, consumed) to its
    /// parameters and pushes its frame; the calling instruction completes on `RETURN_VALUE`.
    pub(crate) fn call_function(
        &mut self,
        function: ObjId,
        args: Vec<ObjId>,
        keywords: Vec<(String, ObjId)>,
    ) -> Result<(), Fault> {
        let Some(Object::Function(f)) = self.heap.get(function) else {
            self.release(&args);
            self.release(&keywords.iter().map(|(_, v)| *v).collect::<Vec<_>>());
            return Err(Fault::Internal("called a non-function".to_string()));
        };
        let (code_object, globals, builtins) = (f.code, f.globals, f.builtins);
        let (defaults, kwdefaults) = (f.defaults, f.kwdefaults);
        let code = match self.heap.get(code_object) {
            Some(Object::Code { code, .. }) => code.clone(),
            _ => return Err(Fault::Internal("a function without code".to_string())),
        };
        // Errors name the function's `__qualname__`, which a program may have changed.
        let renamed = match self.heap.get(function) {
            Some(Object::Function(f)) if f.qualname != code.qualname => Some(f.qualname.clone()),
            _ => None,
        };
        if self.frames.len() >= self.limits.recursion as usize {
            self.release(&args);
            self.release(&keywords.iter().map(|(_, v)| *v).collect::<Vec<_>>());
            return Err(Raise::new("RecursionError", "maximum recursion depth exceeded").into());
        }
        let localsplus =
            self.bind_arguments(&code, renamed, defaults, kwdefaults, args, keywords)?;
        self.heap.incref(function);
        self.heap.incref(code_object);
        self.frames.push(Frame {
            code,
            code_object,
            next_offset: 0,
            current_offset: 0,
            stack: Vec::new(),
            localsplus,
            function: Some(function),
            globals,
            locals: None,
            builtins,
            extended_arg: 0,
            on_return: crate::frame::ReturnAction::PushResult,
        });
        Ok(())
    }

    /// `initialize_locals`: positional arguments, `*args`, keywords, `**kwargs`, then the
    /// defaults, with CPython's error for each way a call can fail to fit the signature.
    fn bind_arguments(
        &mut self,
        code: &Rc<CodeObject>,
        renamed: Option<String>,
        defaults: Option<ObjId>,
        kwdefaults: Option<ObjId>,
        args: Vec<ObjId>,
        keywords: Vec<(String, ObjId)>,
    ) -> Result<Vec<Option<ObjId>>, Fault> {
        let mut slots: Vec<Option<ObjId>> = vec![None; code.localsplusnames.len()];
        let qualname = renamed.as_deref().unwrap_or(&code.qualname);
        let result = self.fill_parameters(
            code,
            qualname,
            (defaults, kwdefaults),
            args,
            keywords,
            &mut slots,
        );
        if let Err(raise) = result {
            let bound: Vec<ObjId> = slots.into_iter().flatten().collect();
            self.release(&bound);
            return Err(raise.into());
        }
        Ok(slots)
    }

    fn fill_parameters(
        &mut self,
        code: &CodeObject,
        qualname: &str,
        (defaults, kwdefaults): (Option<ObjId>, Option<ObjId>),
        args: Vec<ObjId>,
        keywords: Vec<(String, ObjId)>,
        slots: &mut [Option<ObjId>],
    ) -> Result<(), Raise> {
        let argcount = code.argcount as usize;
        let posonly = code.posonlyargcount as usize;
        let kwonly = code.kwonlyargcount as usize;
        let has_varargs = code.flags & flags::VARARGS != 0;
        let has_varkw = code.flags & flags::VARKEYWORDS != 0;
        let varargs_index = argcount + kwonly;
        let varkw_index = varargs_index + usize::from(has_varargs);
        let given = args.len();

        // Positional arguments fill the first parameters; the rest go to *args.
        let mut extra = Vec::new();
        for (index, value) in args.into_iter().enumerate() {
            if index < argcount {
                slots[index] = Some(value);
            } else {
                extra.push(value);
            }
        }
        if has_varargs {
            let tuple = self.heap.alloc(Object::Tuple(extra));
            slots[varargs_index] = Some(tuple);
        } else if !extra.is_empty() {
            self.release(&extra);
            let kwonly_given = keywords
                .iter()
                .filter(|(name, _)| {
                    code.localsplusnames[argcount..argcount + kwonly].contains(name)
                })
                .count();
            self.release(&keywords.iter().map(|(_, v)| *v).collect::<Vec<_>>());
            let defcount = self.tuple_len(defaults);
            return Err(too_many_positional(
                qualname,
                argcount,
                defcount,
                given,
                kwonly_given,
            ));
        }

        // Keywords go to the parameter of that name, or to **kwargs.
        let kwargs = if has_varkw {
            let dict = self.heap.alloc(Object::Dict(Vec::new()));
            slots[varkw_index] = Some(dict);
            Some(dict)
        } else {
            None
        };
        let mut keywords = keywords.into_iter();
        let mut posonly_as_keyword = Vec::new();
        while let Some((name, value)) = keywords.next() {
            let parameter = code.localsplusnames[..argcount + kwonly]
                .iter()
                .position(|p| *p == name)
                .filter(|&index| index >= posonly);
            let error = match (parameter, kwargs) {
                (Some(index), _) if slots[index].is_some() => Some(Raise::new(
                    "TypeError",
                    format!("{qualname}() got multiple values for argument '{name}'"),
                )),
                (Some(index), _) => {
                    slots[index] = Some(value);
                    continue;
                }
                (None, Some(dict)) => {
                    // A positional-only parameter's name may still be a **kwargs key.
                    self.dict_set_str(dict, &name, value);
                    self.heap.decref(value);
                    continue;
                }
                (None, None) if code.localsplusnames[..posonly].contains(&name) => {
                    posonly_as_keyword.push(name.clone());
                    self.heap.decref(value);
                    continue;
                }
                (None, None) => Some(Raise::new(
                    "TypeError",
                    format!("{qualname}() got an unexpected keyword argument '{name}'"),
                )),
            };
            self.heap.decref(value);
            let rest: Vec<ObjId> = keywords.map(|(_, v)| v).collect();
            self.release(&rest);
            return Err(error.unwrap_or_else(|| Raise::new("TypeError", "bad call")));
        }
        if !posonly_as_keyword.is_empty() {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "{qualname}() got some positional-only arguments passed as keyword \
                     arguments: '{}'",
                    posonly_as_keyword.join(", ")
                ),
            ));
        }

        // Defaults fill the last positional parameters, then the keyword-only ones.
        let defaults = match defaults.and_then(|d| self.heap.get(d)) {
            Some(Object::Tuple(items)) => items.clone(),
            _ => Vec::new(),
        };
        let first_default = argcount.saturating_sub(defaults.len());
        let mut missing = Vec::new();
        let first_unfilled = given.min(argcount);
        for (index, slot) in slots
            .iter_mut()
            .enumerate()
            .take(argcount)
            .skip(first_unfilled)
        {
            if slot.is_some() {
                continue;
            }
            match index
                .checked_sub(first_default)
                .and_then(|d| defaults.get(d))
            {
                Some(&value) => {
                    self.heap.incref(value);
                    *slot = Some(value);
                }
                None => missing.push(code.localsplusnames[index].clone()),
            }
        }
        if !missing.is_empty() {
            return Err(missing_arguments(qualname, "positional", &missing));
        }
        let kwonly_names = &code.localsplusnames[argcount..argcount + kwonly];
        for (slot, name) in slots[argcount..argcount + kwonly]
            .iter_mut()
            .zip(kwonly_names)
        {
            if slot.is_some() {
                continue;
            }
            match kwdefaults.and_then(|d| self.dict_get_str(d, name)) {
                Some(value) => {
                    self.heap.incref(value);
                    *slot = Some(value);
                }
                None => missing.push(name.clone()),
            }
        }
        if !missing.is_empty() {
            return Err(missing_arguments(qualname, "keyword-only", &missing));
        }
        Ok(())
    }

    fn tuple_len(&self, tuple: Option<ObjId>) -> usize {
        match tuple.and_then(|t| self.heap.get(t)) {
            Some(Object::Tuple(items)) => items.len(),
            _ => 0,
        }
    }

    /// `RETURN_VALUE`: the frame ends; its caller's instruction completes with `value`.
    pub(crate) fn return_value(&mut self) -> Result<(), Fault> {
        let value = self.pop_value()?;
        let mut frame = self
            .frames
            .pop()
            .ok_or_else(|| Fault::Internal("return with no frame".to_string()))?;
        let action = std::mem::take(&mut frame.on_return);
        self.release_frame(frame);
        self.return_to_caller(action, value)
    }

    /// The rest of a return: `value` (owned) goes where the frame's action says.
    pub(crate) fn return_to_caller(
        &mut self,
        action: ReturnAction,
        value: ObjId,
    ) -> Result<(), Fault> {
        if self.frames.is_empty() {
            self.heap.decref(value);
            self.status = crate::vm::RunStatus::Finished;
            return Ok(());
        }
        self.complete_return(action, value)
    }

    /// The rest of the instruction that called a frame which returned `value`, as the
    /// frame's pending action says.
    pub(crate) fn complete_return(
        &mut self,
        action: ReturnAction,
        value: ObjId,
    ) -> Result<(), Fault> {
        let result = match action {
            ReturnAction::PushResult => value,
            ReturnAction::BuildClass {
                name,
                bases,
                mro,
                namespace,
                keywords,
            } => return self.finish_class(name, bases, mro, namespace, keywords, value),
            ReturnAction::ClassSetup { class, pending } => {
                self.heap.decref(value);
                return self.run_class_setup(class, pending);
            }
            ReturnAction::Init { instance } => self.finish_init(instance, value)?,
            ReturnAction::Generator {
                generator,
                resumer,
                previous_exception,
            } => return self.generator_returned(generator, resumer, previous_exception, value),
            ReturnAction::Native(waiting) => return waiting.0.resume(self, value),
            ReturnAction::ImportModule { module } => self.finish_library_import(module, value),
            ReturnAction::Attribute {
                then_null,
                annotations_of,
            } => return self.attribute_returned(then_null, annotations_of, value),
            ReturnAction::GuardedAttribute {
                replace_result,
                fallback,
            } => {
                self.heap.decref(fallback);
                match replace_result {
                    Some(result) => {
                        self.heap.decref(value);
                        result
                    }
                    None => value,
                }
            }
            ReturnAction::Discard { then_push } => {
                self.heap.decref(value);
                match then_push {
                    Some(result) => result,
                    None => return Ok(()),
                }
            }
        };
        self.push_value(result)
    }

    /// Drops everything a finished frame held.
    pub(crate) fn release_frame(&mut self, frame: Frame) {
        let held = frame.references();
        self.release(&held);
    }
}

fn unbound_local(name: &str) -> Raise {
    Raise::new(
        "UnboundLocalError",
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

/// `too_many_positional`: "f() takes 2 positional arguments but 3 were given".
fn too_many_positional(
    qualname: &str,
    argcount: usize,
    defcount: usize,
    given: usize,
    kwonly_given: usize,
) -> Raise {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let (signature, takes_plural) = if defcount > 0 {
        (
            format!("from {} to {argcount}", argcount - defcount.min(argcount)),
            "s",
        )
    } else {
        (argcount.to_string(), plural(argcount))
    };
    let kwonly_part = if kwonly_given > 0 {
        format!(
            " positional argument{} (and {kwonly_given} keyword-only argument{})",
            plural(given),
            plural(kwonly_given)
        )
    } else {
        String::new()
    };
    let verb = if given == 1 && kwonly_given == 0 {
        "was"
    } else {
        "were"
    };
    Raise::new(
        "TypeError",
        format!(
            "{qualname}() takes {signature} positional argument{takes_plural} but \
             {given}{kwonly_part} {verb} given"
        ),
    )
}

/// `missing_arguments`: "f() missing 2 required positional arguments: 'a' and 'b'".
fn missing_arguments(qualname: &str, kind: &str, names: &[String]) -> Raise {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.as_slice() {
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
        [] => String::new(),
    };
    let plural = if names.len() == 1 { "" } else { "s" };
    Raise::new(
        "TypeError",
        format!(
            "{qualname}() missing {} required {kind} argument{plural}: {list}",
            names.len()
        ),
    )
}
