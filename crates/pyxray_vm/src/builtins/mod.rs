//! Built-in functions.
//!
//! CPython: `Python/bltinmodule.c` (`builtin_print_impl`, `builtin_len`, `builtin_repr`,
//! `builtin_abs`). The iteration built-ins are in `iteration.rs`, the numeric ones and `input`
//! in `numeric.rs`.

use num_traits::Signed;

pub(crate) mod introspection;
mod iteration;
mod numeric;

use crate::heap::ObjId;
use crate::objects::{repr, str_of, Object, Raise};
use crate::vm::{Fault, Vm};

/// A built-in function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Print,
    Len,
    Repr,
    Abs,
    Range,
    BuildClass,
    Super,
    IsInstance,
    IsSubclass,
    Min,
    Max,
    Sum,
    Sorted,
    Enumerate,
    Zip,
    Reversed,
    Any,
    All,
    Round,
    Divmod,
    Pow,
    Chr,
    Ord,
    Hex,
    Oct,
    Bin,
    Format,
    Iter,
    Next,
    Map,
    Filter,
    Input,
    Ascii,
    Callable,
    GetAttr,
    HasAttr,
    SetAttr,
    DelAttr,
    Vars,
    Dir,
    Id,
    Hash,
}

impl Builtin {
    pub const ALL: [Builtin; 42] = [
        Builtin::Print,
        Builtin::Len,
        Builtin::Repr,
        Builtin::Abs,
        Builtin::Range,
        Builtin::BuildClass,
        Builtin::Super,
        Builtin::IsInstance,
        Builtin::IsSubclass,
        Builtin::Min,
        Builtin::Max,
        Builtin::Sum,
        Builtin::Sorted,
        Builtin::Enumerate,
        Builtin::Zip,
        Builtin::Reversed,
        Builtin::Any,
        Builtin::All,
        Builtin::Round,
        Builtin::Divmod,
        Builtin::Pow,
        Builtin::Chr,
        Builtin::Ord,
        Builtin::Hex,
        Builtin::Oct,
        Builtin::Bin,
        Builtin::Format,
        Builtin::Iter,
        Builtin::Next,
        Builtin::Map,
        Builtin::Filter,
        Builtin::Input,
        Builtin::Ascii,
        Builtin::Callable,
        Builtin::GetAttr,
        Builtin::HasAttr,
        Builtin::SetAttr,
        Builtin::DelAttr,
        Builtin::Vars,
        Builtin::Dir,
        Builtin::Id,
        Builtin::Hash,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Builtin::Print => "print",
            Builtin::Len => "len",
            Builtin::Repr => "repr",
            Builtin::Abs => "abs",
            Builtin::Range => "range",
            Builtin::BuildClass => "__build_class__",
            Builtin::Super => "super",
            Builtin::IsInstance => "isinstance",
            Builtin::IsSubclass => "issubclass",
            Builtin::Min => "min",
            Builtin::Max => "max",
            Builtin::Sum => "sum",
            Builtin::Sorted => "sorted",
            Builtin::Enumerate => "enumerate",
            Builtin::Zip => "zip",
            Builtin::Reversed => "reversed",
            Builtin::Any => "any",
            Builtin::All => "all",
            Builtin::Round => "round",
            Builtin::Divmod => "divmod",
            Builtin::Pow => "pow",
            Builtin::Chr => "chr",
            Builtin::Ord => "ord",
            Builtin::Hex => "hex",
            Builtin::Oct => "oct",
            Builtin::Bin => "bin",
            Builtin::Format => "format",
            Builtin::Iter => "iter",
            Builtin::Next => "next",
            Builtin::Map => "map",
            Builtin::Filter => "filter",
            Builtin::Input => "input",
            Builtin::Ascii => "ascii",
            Builtin::Callable => "callable",
            Builtin::GetAttr => "getattr",
            Builtin::HasAttr => "hasattr",
            Builtin::SetAttr => "setattr",
            Builtin::DelAttr => "delattr",
            Builtin::Vars => "vars",
            Builtin::Dir => "dir",
            Builtin::Id => "id",
            Builtin::Hash => "hash",
        }
    }
}

/// Keyword arguments of a call: `(name, value)` pairs.
pub type Keywords<'a> = &'a [(String, ObjId)];

pub(crate) fn exactly_one(name: &str, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Raise> {
    if !keywords.is_empty() {
        return Err(Raise::new(
            "TypeError",
            format!("{name}() takes no keyword arguments"),
        ));
    }
    match args {
        [single] => Ok(*single),
        _ => Err(Raise::new(
            "TypeError",
            format!("{name}() takes exactly one argument ({} given)", args.len()),
        )),
    }
}

impl Vm {
    /// Calls a built-in; returns a new reference to the result.
    pub(crate) fn call_builtin(
        &mut self,
        builtin: Builtin,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Fault> {
        match builtin {
            Builtin::Print => self.builtin_print(args, keywords),
            Builtin::Repr => {
                let arg = exactly_one("repr", args, keywords)?;
                self.refuse_python_text(arg, true)?;
                let text = repr(&self.heap, arg)?;
                Ok(self.new_str(text))
            }
            Builtin::IsInstance | Builtin::IsSubclass if !keywords.is_empty() => Err(Raise::new(
                "TypeError",
                format!("{}() takes no keyword arguments", builtin.name()),
            )
            .into()),
            Builtin::IsInstance => self.isinstance(args, false),
            Builtin::IsSubclass => self.isinstance(args, true),
            Builtin::Min | Builtin::Max => self.builtin_min_max(builtin, args, keywords),
            Builtin::Sum => self.builtin_sum(args, keywords),
            Builtin::Sorted => self.builtin_sorted(args, keywords),
            Builtin::Enumerate => self.builtin_enumerate(args, keywords),
            Builtin::Zip => self.builtin_zip(args, keywords),
            Builtin::Reversed => self.builtin_reversed(args, keywords),
            Builtin::Any | Builtin::All => self.builtin_any_all(builtin, args, keywords),
            Builtin::Iter => self.builtin_iter(args, keywords),
            Builtin::Next => self.builtin_next(args, keywords),
            Builtin::Map => self.builtin_map(args, keywords),
            Builtin::Filter => self.builtin_filter(args, keywords),
            Builtin::Input => self.builtin_input(args, keywords),
            Builtin::Round => self.builtin_round(args, keywords),
            Builtin::Divmod => self.builtin_divmod(args, keywords),
            Builtin::Pow => self.builtin_pow(args, keywords),
            Builtin::Format => self.builtin_format(args, keywords),
            Builtin::Chr => self.builtin_chr(args, keywords),
            attribute if attribute.is_attribute_access() => {
                self.attribute_builtin_native(attribute, args, keywords)
            }
            Builtin::Vars => self.builtin_vars(args, keywords),
            Builtin::Dir => self.builtin_dir(args, keywords),
            other => self
                .call_simple_builtin(other, args, keywords)
                .map_err(Fault::from),
        }
    }

    /// The built-ins that cannot fail for any reason but a Python exception.
    fn call_simple_builtin(
        &mut self,
        builtin: Builtin,
        args: &[ObjId],
        keywords: Keywords,
    ) -> Result<ObjId, Raise> {
        match builtin {
            Builtin::Ord => self.builtin_ord(args, keywords),
            Builtin::Hex | Builtin::Oct | Builtin::Bin => {
                self.builtin_int_text(builtin, args, keywords)
            }
            Builtin::Len => {
                let arg = exactly_one("len", args, keywords)?;
                let length = self.length_of(arg)?;
                Ok(self.new_int(length.into()))
            }
            Builtin::Repr => {
                let arg = exactly_one("repr", args, keywords)?;
                let text = repr(&self.heap, arg)?;
                Ok(self.new_str(text))
            }
            Builtin::Callable => {
                let arg = exactly_one("callable", args, keywords)?;
                let callable = self.is_callable(arg);
                Ok(self.new_bool(callable))
            }
            Builtin::Id => {
                // CPython gives the address; pyxray's objects are numbered and never move, so
                // the number stands in for it (same object, same id; different, different).
                let arg = exactly_one("id", args, keywords)?;
                Ok(self.new_int(crate::builtins::introspection::object_id(arg).into()))
            }
            Builtin::Ascii => {
                let arg = exactly_one("ascii", args, keywords)?;
                let text = crate::ceval::ascii(&repr(&self.heap, arg)?);
                Ok(self.new_str(text))
            }
            Builtin::Range => self.builtin_range(args, keywords),
            Builtin::Hash => {
                let arg = exactly_one("hash", args, keywords)?;
                let hash = crate::objects::hash(&self.heap, arg)?;
                Ok(self.new_int(hash.into()))
            }
            // `CALL` runs `__build_class__` itself: the class body is a frame.
            Builtin::BuildClass => {
                Err(Raise::new("SystemError", "__build_class__ called natively"))
            }
            // `super().name` compiles to LOAD_SUPER_ATTR; a super object of its own is not
            // made yet.
            Builtin::IsInstance | Builtin::IsSubclass => {
                Err(Raise::new("SystemError", "isinstance is not simple"))
            }
            Builtin::Super => Err(Raise::new(
                "RuntimeError",
                "super() objects outside 'super().name' are not supported yet",
            )),
            Builtin::Abs => {
                let arg = exactly_one("abs", args, keywords)?;
                let result = match self.heap.get(arg) {
                    Some(Object::Int(i)) => Object::Int(i.abs()),
                    Some(Object::Bool(b)) => Object::Int((*b as u8).into()),
                    Some(Object::Float(x)) => Object::Float(x.abs()),
                    Some(Object::Complex { real, imag }) => Object::Float(real.hypot(*imag)),
                    Some(other) => {
                        return Err(Raise::new(
                            "TypeError",
                            format!("bad operand type for abs(): '{}'", other.type_name()),
                        ))
                    }
                    None => Object::None,
                };
                Ok(self.new_object(result))
            }
            _ => Err(Raise::new(
                "SystemError",
                format!("{}() is not a simple built-in", builtin.name()),
            )),
        }
    }

    /// `len(obj)` (`PyObject_Size`).
    pub(crate) fn length_of(&self, arg: ObjId) -> Result<usize, Raise> {
        Ok(match self.heap.get(arg) {
            Some(Object::Str(s)) => s.chars().count(),
            Some(Object::Bytes(b)) => b.len(),
            Some(Object::Tuple(items)) | Some(Object::List(items)) => items.len(),
            Some(Object::Dict(pairs)) => pairs.len(),
            Some(Object::Set(table) | Object::FrozenSet(table)) => table.len(),
            Some(Object::DictView { dict, .. } | Object::MappingProxy(dict)) => {
                match self.heap.get(*dict) {
                    Some(Object::Dict(pairs)) => pairs.len(),
                    _ => 0,
                }
            }
            Some(Object::Range { start, stop, step }) => {
                crate::objects::range_length(start, stop, step)
                    .try_into()
                    .map_err(|_| {
                        Raise::new(
                            "OverflowError",
                            "Python int too large to convert to C ssize_t",
                        )
                    })?
            }
            Some(other) => {
                return Err(Raise::new(
                    "TypeError",
                    format!("object of type '{}' has no len()", other.type_name()),
                ))
            }
            None => 0,
        })
    }

    /// `range(stop)` or `range(start, stop[, step])` (`range_new`).
    fn builtin_range(&mut self, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Raise> {
        if !keywords.is_empty() {
            return Err(Raise::new(
                "TypeError",
                "range() takes no keyword arguments",
            ));
        }
        let mut ints = Vec::with_capacity(args.len());
        for &arg in args {
            match self.heap.get(arg) {
                Some(Object::Int(i)) => ints.push(i.clone()),
                Some(Object::Bool(b)) => ints.push(num_bigint::BigInt::from(*b as u8)),
                Some(other) => {
                    return Err(Raise::new(
                        "TypeError",
                        format!(
                            "'{}' object cannot be interpreted as an integer",
                            other.type_name()
                        ),
                    ))
                }
                None => return Err(Raise::new("SystemError", "argument was freed")),
            }
        }
        let one = num_bigint::BigInt::from(1);
        let (start, stop, step) = match ints.as_slice() {
            [stop] => (num_bigint::BigInt::from(0), stop.clone(), one),
            [start, stop] => (start.clone(), stop.clone(), one),
            [start, stop, step] => (start.clone(), stop.clone(), step.clone()),
            [] => {
                return Err(Raise::new(
                    "TypeError",
                    "range expected at least 1 argument, got 0",
                ))
            }
            more => {
                return Err(Raise::new(
                    "TypeError",
                    format!("range expected at most 3 arguments, got {}", more.len()),
                ))
            }
        };
        if step == num_bigint::BigInt::from(0) {
            return Err(Raise::new("ValueError", "range() arg 3 must not be zero"));
        }
        Ok(self.new_object(Object::Range { start, stop, step }))
    }

    /// `print(*objects, sep=' ', end='\n')`.
    /// `print` called from native code (`map(print, …)`): the text of each argument without
    /// user `__str__` frames, which only `CALL` can run (`Vm::start_print`).
    fn builtin_print(&mut self, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
        let (sep, end) = self.print_separators(keywords)?;
        let parts = args
            .iter()
            .map(|&arg| str_of(&self.heap, arg))
            .collect::<Result<Vec<String>, Raise>>()?;
        let text = parts.join(&sep) + &end;
        self.write_output(&text)?;
        Ok(self.none)
    }
}
