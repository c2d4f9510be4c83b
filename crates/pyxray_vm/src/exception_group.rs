//! Exception groups (PEP 654): `BaseExceptionGroup`/`ExceptionGroup` construction with its
//! checks, `split`, `subgroup` and `derive`, and the two instructions `except*` compiles to:
//! `CHECK_EG_MATCH` and `CALL_INTRINSIC_2 INTRINSIC_PREP_RERAISE_STAR`.
//!
//! CPython: `Objects/exceptions.c` (`BaseExceptionGroup_new`, `exceptiongroup_split_recursive`,
//! `exceptiongroup_subset`, `BaseExceptionGroup_derive`, `_PyExc_PrepReraiseStar`,
//! `exception_group_projection`, `is_same_exception_metadata`), `Python/ceval.c`
//! (`_PyEval_ExceptionGroupMatch`, `_PyEval_CheckExceptStarTypeValid`), `Python/bytecodes.c`
//! (`CHECK_EG_MATCH`). A predicate function given to `split` would run on CPython's C stack;
//! pyxray does not run it yet and says so.

use crate::builtins::Keywords;
use crate::exception_attrs::{builtin_kinds, member};
use crate::heap::{Heap, ObjId};
use crate::methods::MethodDef;
use crate::objects::{Object, Raise, TracebackEntry};
use crate::vm::{Fault, Vm};

/// The methods only groups have.
pub(crate) const METHODS: &[MethodDef] = &[
    MethodDef {
        name: "split",
        call: split,
    },
    MethodDef {
        name: "subgroup",
        call: subgroup,
    },
    MethodDef {
        name: "derive",
        call: derive,
    },
];

/// The group method `name` when `class` is an exception group class.
pub(crate) fn find_group_method(heap: &Heap, class: ObjId, name: &str) -> Option<&'static str> {
    if !builtin_kinds(heap, class).contains(&"BaseExceptionGroup") {
        return None;
    }
    METHODS
        .iter()
        .find(|def| def.name == name)
        .map(|def| def.name)
}

/// Whether `id` is an exception group.
pub(crate) fn is_group(heap: &Heap, id: ObjId) -> bool {
    match heap.get(id) {
        Some(Object::Exception(e)) => builtin_kinds(heap, e.class).contains(&"BaseExceptionGroup"),
        _ => false,
    }
}

/// The exceptions of a group (borrowed); empty for anything else.
pub(crate) fn group_exceptions(heap: &Heap, id: ObjId) -> Vec<ObjId> {
    let Some(Object::Exception(e)) = heap.get(id) else {
        return Vec::new();
    };
    match member(e, "exceptions").and_then(|t| heap.get(t)) {
        Some(Object::Tuple(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// What `split` tests each leaf with.
enum Matcher {
    /// A class or a tuple of classes: `isinstance`.
    Types(Vec<ObjId>),
    /// The leaves kept by `exception_group_projection`, by identity.
    Leaves(Vec<ObjId>),
}

/// The exception-table metadata two parts of one group share (`is_same_exception_metadata`).
type Metadata = (Vec<TracebackEntry>, Option<ObjId>, Option<ObjId>);

impl Vm {
    /// `BaseExceptionGroup.__new__(cls, message, exceptions)`: checks the arguments, picks
    /// `ExceptionGroup` for `BaseExceptionGroup` when every member is an `Exception`.
    pub(crate) fn new_exception_group(
        &mut self,
        class: ObjId,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        if !keywords.is_empty() {
            let name = self.class_name_of(class);
            return Err(
                Raise::new("TypeError", format!("{name}() takes no keyword arguments")).into(),
            );
        }
        let &[message, sequence] = args else {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
                    args.len()
                ),
            )
            .into());
        };
        if !matches!(self.heap.get(message), Some(Object::Str(_))) {
            let kind = self.type_name_of(message);
            return Err(Raise::new(
                "TypeError",
                format!("BaseExceptionGroup.__new__() argument 1 must be str, not {kind}"),
            )
            .into());
        }
        let items = match self.heap.get(sequence) {
            Some(Object::List(items)) | Some(Object::Tuple(items)) => items.clone(),
            _ => {
                return Err(Raise::new(
                    "TypeError",
                    "second argument (exceptions) must be a sequence",
                )
                .into())
            }
        };
        if items.is_empty() {
            return Err(Raise::new(
                "ValueError",
                "second argument (exceptions) must be a non-empty sequence",
            )
            .into());
        }
        let exception_class = self.builtin_type("Exception");
        let mut all_exceptions = true;
        for (index, &item) in items.iter().enumerate() {
            let Some(Object::Exception(e)) = self.heap.get(item) else {
                return Err(Raise::new(
                    "ValueError",
                    format!("Item {index} of second argument (exceptions) is not an exception"),
                )
                .into());
            };
            all_exceptions &= exception_class.is_some_and(|k| self.is_subclass(e.class, k));
        }
        let base_group = self.builtin_type("BaseExceptionGroup");
        let mut class = class;
        if Some(class) == base_group && all_exceptions {
            class = self
                .builtin_type("ExceptionGroup")
                .ok_or_else(|| Fault::Internal("no ExceptionGroup".to_string()))?;
        } else if exception_class.is_some_and(|k| self.is_subclass(class, k)) && !all_exceptions {
            let message = if self.builtin_type("ExceptionGroup") == Some(class) {
                "Cannot nest BaseExceptions in an ExceptionGroup".to_string()
            } else {
                format!(
                    "Cannot nest BaseExceptions in '{}'",
                    self.class_name_of(class)
                )
            };
            return Err(Raise::new("TypeError", message).into());
        }
        let exception = self.new_exception(class, args)?;
        for &item in &items {
            self.heap.incref(item);
        }
        let tuple = self.new_object(Object::Tuple(items));
        self.heap.incref(message);
        self.heap.update(exception, |object| {
            if let Object::Exception(e) = object {
                e.members.push(("message", message));
                e.members.push(("exceptions", tuple));
            }
        });
        Ok(exception)
    }

    /// A group made by the interpreter (`_PyExc_CreateExceptionGroup`): `ExceptionGroup` or
    /// `BaseExceptionGroup` over `items` (borrowed), the sequence stored as a list or tuple.
    fn create_exception_group(
        &mut self,
        message: &str,
        items: &[ObjId],
        as_list: bool,
    ) -> Result<ObjId, Fault> {
        let class = self
            .builtin_type("BaseExceptionGroup")
            .ok_or_else(|| Fault::Internal("no BaseExceptionGroup".to_string()))?;
        for &item in items {
            self.heap.incref(item);
        }
        let sequence = if as_list {
            Object::List(items.to_vec())
        } else {
            Object::Tuple(items.to_vec())
        };
        let sequence = self.new_object(sequence);
        let message = self.new_str(message.to_string());
        let group = self.new_exception_group(class, &[message, sequence], &[]);
        self.release(&[message, sequence]);
        group
    }

    /// `derive(excs)` and the metadata copy `exceptiongroup_subset` adds: a group with the
    /// same message over `items`, with the original's traceback, cause, context and a copy
    /// of its notes.
    fn group_subset(&mut self, original: ObjId, items: &[ObjId]) -> Result<ObjId, Fault> {
        let class = match self.heap.get(original) {
            Some(Object::Exception(e)) => e.class,
            _ => return Err(Fault::Internal("not a group".to_string())),
        };
        if self.lookup_in_mro(class, "derive").is_some() {
            return Err(Raise::new(
                "NotImplementedError",
                "not supported yet: a user-defined derive() on an exception group",
            )
            .into());
        }
        let message = match self.heap.get(original) {
            Some(Object::Exception(e)) => member(e, "message"),
            _ => None,
        };
        let message = match message.and_then(|m| self.heap.get(m)) {
            Some(Object::Str(s)) => s.clone(),
            _ => String::new(),
        };
        let group = self.create_exception_group(&message, items, true)?;
        let (traceback, cause, context, suppress, notes) = match self.heap.get(original) {
            Some(Object::Exception(e)) => (
                e.traceback.clone(),
                e.cause,
                e.context,
                e.suppress_context,
                e.dict.and_then(|d| self.dict_get_str(d, "__notes__")),
            ),
            _ => return Ok(group),
        };
        for id in cause.into_iter().chain(context) {
            self.heap.incref(id);
        }
        self.heap.update(group, |object| {
            if let Object::Exception(e) = object {
                e.traceback = traceback;
                e.cause = cause;
                e.context = context;
                e.suppress_context = suppress;
            }
        });
        if let Some(notes) = notes {
            let copied = match self.heap.get(notes) {
                Some(Object::List(items)) | Some(Object::Tuple(items)) => {
                    Some(Object::List(items.clone()))
                }
                _ => None,
            };
            let value = match copied {
                Some(Object::List(items)) => {
                    for &item in &items {
                        self.heap.incref(item);
                    }
                    self.new_object(Object::List(items))
                }
                _ => {
                    self.heap.incref(notes);
                    notes
                }
            };
            let dict = self.exception_dict(group)?;
            self.dict_set_str(dict, "__notes__", value);
            self.heap.decref(value);
        }
        Ok(group)
    }

    /// Whether `exception` matches: an instance of one of the classes, or one of the leaves.
    fn group_matches(&self, exception: ObjId, matcher: &Matcher) -> bool {
        match matcher {
            Matcher::Types(classes) => match self.heap.get(exception) {
                Some(Object::Exception(e)) => classes.iter().any(|&k| self.is_subclass(e.class, k)),
                _ => false,
            },
            Matcher::Leaves(leaves) => leaves.contains(&exception),
        }
    }

    /// `exceptiongroup_split_recursive`: the part of `exception` that matches and the rest
    /// (new references; `None` for an empty part).
    fn split_recursive(
        &mut self,
        exception: ObjId,
        matcher: &Matcher,
        with_rest: bool,
    ) -> Result<(Option<ObjId>, Option<ObjId>), Fault> {
        if self.group_matches(exception, matcher) {
            self.heap.incref(exception);
            return Ok((Some(exception), None));
        }
        if !is_group(&self.heap, exception) {
            if with_rest {
                self.heap.incref(exception);
                return Ok((None, Some(exception)));
            }
            return Ok((None, None));
        }
        let mut matched = Vec::new();
        let mut rest = Vec::new();
        for item in group_exceptions(&self.heap, exception) {
            let (m, r) = match self.split_recursive(item, matcher, with_rest) {
                Ok(parts) => parts,
                Err(fault) => {
                    self.release(&matched);
                    self.release(&rest);
                    return Err(fault);
                }
            };
            matched.extend(m);
            rest.extend(r);
        }
        let matched_group = if matched.is_empty() {
            None
        } else {
            Some(self.group_subset(exception, &matched))
        };
        let rest_group = if rest.is_empty() {
            None
        } else {
            Some(self.group_subset(exception, &rest))
        };
        self.release(&matched);
        self.release(&rest);
        Ok((matched_group.transpose()?, rest_group.transpose()?))
    }

    /// The condition `split`/`subgroup` take: a class, a tuple of classes (or a callable,
    /// not run here yet).
    fn group_matcher(&self, condition: ObjId) -> Result<Matcher, Fault> {
        let is_exception_class = |id: ObjId| {
            matches!(self.heap.get(id), Some(Object::Type(_))) && self.inherits_exception(id)
        };
        if is_exception_class(condition) {
            return Ok(Matcher::Types(vec![condition]));
        }
        if let Some(Object::Tuple(items)) = self.heap.get(condition) {
            if items.iter().all(|&k| is_exception_class(k)) {
                return Ok(Matcher::Types(items.clone()));
            }
        }
        let callable = matches!(
            self.heap.get(condition),
            Some(Object::Function(_) | Object::Method { .. } | Object::BuiltinFunction(_))
        );
        if callable {
            return Err(Raise::new(
                "NotImplementedError",
                "not supported yet: a predicate function for split() or subgroup()",
            )
            .into());
        }
        Err(Raise::new(
            "TypeError",
            "expected an exception type, a tuple of exception types, or a callable (other than a class)",
        )
        .into())
    }

    /// `CHECK_EG_MATCH`: pop the `except*` class(es) and the exception (group); push the rest
    /// and the matching part (`None`, `None`-matched when nothing matches).
    pub(crate) fn check_eg_match(&mut self) -> Result<(), Fault> {
        let match_type = self.pop_value()?;
        let exception = self.pop_value()?;
        let result = self.exception_group_match(exception, match_type);
        self.release(&[match_type, exception]);
        let (matched, rest) = result?;
        if matched != self.none {
            // The handler's `sys.exception()` is the matching part.
            self.heap.incref(matched);
            if let Some(old) = self.handled_exception.replace(matched) {
                self.heap.decref(old);
            }
        }
        self.push_value(rest)?;
        self.push_value(matched)
    }

    /// `_PyEval_ExceptionGroupMatch` with `_PyEval_CheckExceptStarTypeValid`'s checks:
    /// `(match, rest)` as new references.
    fn exception_group_match(
        &mut self,
        exception: ObjId,
        match_type: ObjId,
    ) -> Result<(ObjId, ObjId), Fault> {
        let classes = match self.heap.get(match_type) {
            Some(Object::Tuple(items)) => items.clone(),
            _ => vec![match_type],
        };
        let group_class = self.builtin_type("BaseExceptionGroup");
        for &class in &classes {
            let valid = matches!(self.heap.get(class), Some(Object::Type(_)))
                && self.inherits_exception(class);
            if !valid {
                return Err(Raise::new(
                    "TypeError",
                    "catching classes that do not inherit from BaseException is not allowed",
                )
                .into());
            }
            if group_class.is_some_and(|g| self.is_subclass(class, g)) {
                return Err(Raise::new(
                    "TypeError",
                    "catching ExceptionGroup with except* is not allowed. Use except instead.",
                )
                .into());
            }
        }
        let none = self.none;
        if exception == none {
            return Ok((none, none));
        }
        let matcher = Matcher::Types(classes);
        if self.group_matches(exception, &matcher) {
            if is_group(&self.heap, exception) {
                self.heap.incref(exception);
                return Ok((exception, none));
            }
            // A naked exception is wrapped, with a traceback of this frame alone.
            let wrapped = self.create_exception_group("", &[exception], false)?;
            let entry = self.frames.last().map(|frame| TracebackEntry {
                filename: frame.code.filename.clone(),
                name: frame.code.name.clone(),
                code: frame.code.clone(),
                offset: frame.current_offset,
            });
            self.heap.update(wrapped, |object| {
                if let Object::Exception(e) = object {
                    e.traceback = entry.into_iter().collect();
                }
            });
            return Ok((wrapped, none));
        }
        if is_group(&self.heap, exception) {
            let (matched, rest) = self.split_recursive(exception, &matcher, true)?;
            return Ok((matched.unwrap_or(none), rest.unwrap_or(none)));
        }
        self.heap.incref(exception);
        Ok((none, exception))
    }

    /// `CALL_INTRINSIC_2`: only `INTRINSIC_PREP_RERAISE_STAR` so far.
    pub(crate) fn call_intrinsic_2(&mut self, oparg: u32) -> Result<(), Fault> {
        const INTRINSIC_PREP_RERAISE_STAR: u32 = 1;
        if oparg != INTRINSIC_PREP_RERAISE_STAR {
            return Err(Fault::Internal(format!(
                "not supported yet: intrinsic 2/{oparg}"
            )));
        }
        let raised = self.pop_value()?;
        let original = self.pop_value()?;
        let result = self.prep_reraise_star(original, raised);
        self.release(&[raised, original]);
        self.push_value(result?)
    }

    /// `_PyExc_PrepReraiseStar`: what leaves an `except*` block: nothing, the unhandled and
    /// re-raised parts of the original group (projected onto its shape), and the exceptions
    /// the handlers raised, together in a new group when there are several.
    fn prep_reraise_star(&mut self, original: ObjId, list: ObjId) -> Result<ObjId, Fault> {
        let items = match self.heap.get(list) {
            Some(Object::List(items)) => items.clone(),
            _ => Vec::new(),
        };
        let none = self.none;
        if items.is_empty() {
            return Ok(none);
        }
        if !is_group(&self.heap, original) {
            // A naked exception was wrapped: at most one handler ran.
            let first = items[0];
            self.heap.incref(first);
            return Ok(first);
        }
        let metadata = self.metadata(original);
        let mut raised = Vec::new();
        let mut reraised = Vec::new();
        for item in items {
            if item == none {
                continue;
            }
            if self.metadata(item) == metadata {
                reraised.push(item);
            } else {
                raised.push(item);
            }
        }
        let mut leaves = Vec::new();
        for &item in &reraised {
            self.collect_leaves(item, &mut leaves);
        }
        let (projected, _) = self.split_recursive(original, &Matcher::Leaves(leaves), false)?;
        if raised.is_empty() {
            return Ok(projected.unwrap_or(none));
        }
        let mut parts = raised.clone();
        parts.extend(projected);
        let result = if parts.len() > 1 {
            self.create_exception_group("", &parts, true)
        } else {
            self.heap.incref(parts[0]);
            Ok(parts[0])
        };
        if let Some(projected) = projected {
            self.heap.decref(projected);
        }
        result
    }

    /// `is_same_exception_metadata`'s fields: traceback, cause and context.
    fn metadata(&self, exception: ObjId) -> Option<Metadata> {
        match self.heap.get(exception) {
            Some(Object::Exception(e)) => Some((e.traceback.clone(), e.cause, e.context)),
            _ => None,
        }
    }

    /// `collect_exception_group_leaf_ids`: the non-group exceptions inside `exception`.
    fn collect_leaves(&self, exception: ObjId, leaves: &mut Vec<ObjId>) {
        if is_group(&self.heap, exception) {
            for item in group_exceptions(&self.heap, exception) {
                self.collect_leaves(item, leaves);
            }
        } else {
            leaves.push(exception);
        }
    }
}

/// `BaseExceptionGroup.split(condition)`: `(match, rest)`.
fn split(vm: &mut Vm, receiver: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    crate::methods::expect_args("BaseExceptionGroup.split", args, keywords, 1, 1)?;
    let matcher = vm.group_matcher(args[0])?;
    let (matched, rest) = vm.split_recursive(receiver, &matcher, true)?;
    let none = vm.none;
    let pair = Object::Tuple(vec![matched.unwrap_or(none), rest.unwrap_or(none)]);
    vm.new_result(pair)
}

/// `BaseExceptionGroup.subgroup(condition)`: the matching part or None.
fn subgroup(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    crate::methods::expect_args("BaseExceptionGroup.subgroup", args, keywords, 1, 1)?;
    let matcher = vm.group_matcher(args[0])?;
    let (matched, _) = vm.split_recursive(receiver, &matcher, false)?;
    Ok(matched.unwrap_or(vm.none))
}

/// `BaseExceptionGroup.derive(excs)`: a group like this one (same message) over `excs`.
fn derive(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    crate::methods::expect_args("BaseExceptionGroup.derive", args, keywords, 1, 1)?;
    let message = match vm.heap.get(receiver) {
        Some(Object::Exception(e)) => member(e, "message"),
        _ => None,
    }
    .unwrap_or(vm.none);
    let class = vm
        .builtin_type("BaseExceptionGroup")
        .ok_or_else(|| Fault::Internal("no BaseExceptionGroup".to_string()))?;
    vm.new_exception_group(class, &[message, args[0]], &[])
}

#[cfg(test)]
mod tests;
