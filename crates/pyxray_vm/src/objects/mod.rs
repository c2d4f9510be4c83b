//! Python objects as the heap stores them. Containers hold `ObjId`s of their items, so the
//! heap can count references and walk them (CPython's `tp_traverse`).
//!
//! CPython: `Objects/*.c`, one file per type (`longobject.c`, `floatobject.c`, `unicodeobject.c`,
//! `tupleobject.c`, `listobject.c`, `dictobject.c`, `moduleobject.c`, `exceptions.c`).

mod format;
mod generator;
mod hash;
mod ops;
mod printf;
mod repr;

use std::rc::Rc;

use num_bigint::BigInt;
use pyxray_bytecode::code::CodeObject;
use pyxray_bytecode::set_table::SetTable;

use crate::builtins::Builtin;
use crate::heap::ObjId;

pub use format::format_value;
pub use generator::{GeneratorKind, GeneratorObject, GeneratorState};
pub use hash::{hash, unhashable};
pub use ops::{
    binary_op, compare, equal, is_true, memory_error, range_length, set_is_subset, unary_op, Raise,
    MAX_SEQUENCE_LENGTH, NOT_SUPPORTED,
};
pub use repr::{
    int_digits_error, int_to_decimal, repr, repr_preview, repr_with, str_of, INT_MAX_STR_DIGITS,
};

/// A frame of a traceback: where an exception passed through.
#[derive(Clone, Debug, PartialEq)]
pub struct TracebackEntry {
    pub filename: String,
    pub name: String,
    pub code: Rc<CodeObject>,
    /// Byte offset of the instruction in `co_code` (`tb_lasti`).
    pub offset: u32,
}

/// An exception instance (`PyBaseExceptionObject`).
#[derive(Clone, Debug, PartialEq)]
pub struct ExceptionObject {
    /// Its class: a built-in exception class or one derived from it.
    pub class: ObjId,
    pub args: Vec<ObjId>,
    /// `str(exc)` when it is not derived from `args` (a KeyError's repr of the key).
    pub display: Option<String>,
    /// The frames it passed through, innermost first (`__traceback__`).
    pub traceback: Vec<TracebackEntry>,
    pub context: Option<ObjId>,
    pub cause: Option<ObjId>,
    pub suppress_context: bool,
    /// What the printed traceback adds to the message ("Did you mean: 'count'?").
    pub suggestion: Option<String>,
    /// The instance `__dict__` (`BaseException` has one), made on first use: attributes a
    /// subclass's `__init__` sets, and `__notes__`.
    pub dict: Option<ObjId>,
    /// The fields a built-in exception class adds (`OSError.errno`, `StopIteration.value`,
    /// `BaseExceptionGroup.exceptions`, …), read and written through getset descriptors; a
    /// field not listed is NULL (`None` from Python).
    pub members: Vec<(&'static str, ObjId)>,
}

/// A class (`PyTypeObject`): its name, bases, method resolution order and namespace.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeObject {
    pub name: String,
    /// `__qualname__`: the dotted path from the module (`Outer.Inner`).
    pub qualname: String,
    pub bases: Vec<ObjId>,
    /// `__mro__`, the class itself first.
    pub mro: Vec<ObjId>,
    /// `__dict__`.
    pub dict: ObjId,
    /// For the built-in exception classes, their name.
    pub builtin_exception: Option<&'static str>,
    /// For the other built-in types (`int`, `str`, `list`, …), their name.
    pub native: Option<&'static str>,
}

/// A function (`PyFunctionObject`): its code and the namespace and values it closes over.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// The heap code object.
    pub code: ObjId,
    pub globals: ObjId,
    pub builtins: ObjId,
    pub name: String,
    pub qualname: String,
    /// `__defaults__`: a tuple, for the last positional parameters.
    pub defaults: Option<ObjId>,
    /// `__kwdefaults__`: a dict, for keyword-only parameters.
    pub kwdefaults: Option<ObjId>,
    /// `__closure__`: a tuple of cells, one per free variable.
    pub closure: Option<ObjId>,
    pub annotations: Option<ObjId>,
    pub annotate: Option<ObjId>,
    /// `__dict__`: attributes set on the function (`f.calls = 0`), made when first needed.
    pub dict: Option<ObjId>,
    /// `__doc__` once assigned; until then it is the code's docstring.
    pub doc: Option<ObjId>,
    /// `__module__` once assigned; until then it is the globals' `__name__`.
    pub module: Option<ObjId>,
}

impl Function {
    fn references(&self) -> impl Iterator<Item = ObjId> + '_ {
        [self.code, self.globals, self.builtins]
            .into_iter()
            .chain(self.defaults)
            .chain(self.kwdefaults)
            .chain(self.closure)
            .chain(self.annotations)
            .chain(self.annotate)
            .chain(self.dict)
            .chain(self.doc)
            .chain(self.module)
    }
}

/// A Python object.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    None,
    Bool(bool),
    Ellipsis,
    /// `NotImplemented`: what an operator method returns to let the other operand try.
    NotImplemented,
    Int(BigInt),
    Float(f64),
    Complex {
        real: f64,
        imag: f64,
    },
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<ObjId>),
    List(Vec<ObjId>),
    /// A dict as an insertion-ordered list of pairs. Lookups compare keys by value; enough for
    /// namespaces, where keys are strings.
    Dict(Vec<(ObjId, ObjId)>),
    /// A `set`: CPython's hash table of its items (`PySetObject`).
    Set(SetTable<ObjId>),
    /// A `frozenset`: the same table, never changed once built.
    FrozenSet(SetTable<ObjId>),
    /// An iterator over a set or frozenset: the set, its length when iteration began (a change
    /// of size is an error) and the next slot to look at (`setiterobject`).
    SetIterator {
        set: ObjId,
        used: usize,
        position: usize,
    },
    /// A code object and its constants, materialized as heap objects it owns.
    Code {
        code: Rc<CodeObject>,
        consts: Vec<ObjId>,
    },
    BuiltinFunction(Builtin),
    /// `range(start, stop, step)`.
    Range {
        start: BigInt,
        stop: BigInt,
        step: BigInt,
    },
    /// An iterator over a list, tuple, str or bytes: the sequence and the next index.
    SeqIterator {
        sequence: ObjId,
        index: usize,
    },
    /// An iterator over a range: the next value, the stop and the step.
    RangeIterator {
        next: BigInt,
        stop: BigInt,
        step: BigInt,
    },
    Module {
        name: String,
        dict: ObjId,
    },
    Exception(Box<ExceptionObject>),
    /// A class.
    Type(Box<TypeObject>),
    /// An instance of a user class, with its attribute namespace and the values of the
    /// slots its class declares with `__slots__` (those set so far).
    Instance {
        class: ObjId,
        dict: ObjId,
        slots: Vec<(String, ObjId)>,
    },
    /// A generator or coroutine: the frame of its function between `yield`s.
    Generator(Box<GeneratorObject>),
    /// A function bound to the object it was looked up on (`obj.method`).
    Method {
        function: ObjId,
        receiver: ObjId,
    },
    Function(Box<Function>),
    /// A method of a built-in type (`list.append`), bound to an object (`[].append`) or not.
    BuiltinMethod {
        type_name: &'static str,
        name: &'static str,
        bound: Option<ObjId>,
    },
    /// `slice(start, stop, step)`; each bound is an object (often `None`).
    Slice {
        start: ObjId,
        stop: ObjId,
        step: ObjId,
    },
    /// A cell (`PyCellObject`): a variable shared between a function and the functions
    /// nested in it; empty until assigned.
    Cell(Option<ObjId>),
    /// `dict.keys()`, `dict.values()`, `dict.items()`: a live view of the dict.
    DictView {
        kind: DictViewKind,
        dict: ObjId,
    },
    /// An iterator over a dict view: the dict and the next position.
    DictIterator {
        kind: DictViewKind,
        dict: ObjId,
        index: usize,
        /// The dict's length when iteration began (`di_used`); `None` once a change of size
        /// has been reported (the error then stays).
        size: Option<usize>,
    },
    /// `enumerate(iterable, start)`: the underlying iterator and the next count.
    Enumerate {
        iterator: ObjId,
        count: BigInt,
    },
    /// `zip(*iterables, strict=False)`: one iterator per iterable.
    Zip {
        iterators: Vec<ObjId>,
        strict: bool,
    },
    /// `reversed(sequence)`: the sequence and how many items are left to give.
    ReverseIterator {
        sequence: ObjId,
        remaining: usize,
    },
    /// `map(function, *iterables)`.
    Map {
        function: ObjId,
        iterators: Vec<ObjId>,
    },
    /// A traceback (`PyTracebackObject`): the frames an exception passed through, this one
    /// first and the ones `tb_next` leads to after it (outermost first).
    Traceback(Box<Vec<TracebackEntry>>),
    /// `filter(function, iterable)`; a `None` function keeps the true items.
    Filter {
        function: ObjId,
        iterator: ObjId,
    },
    /// A `random.Random` generator.
    Random(Box<crate::modules::random::MersenneTwister>),
    /// `property(fget, fset, fdel, doc)`: a data descriptor whose accessors are Python
    /// functions (`None` for a missing one).
    Property(Box<Property>),
    /// `staticmethod(f)`: found on a class or an instance, it gives `f` itself.
    StaticMethod(ObjId),
    /// `classmethod(f)`: found on a class or an instance, it gives `f` bound to the class.
    ClassMethod(ObjId),
    /// `cls.__dict__`: a read-only view of a class's namespace.
    MappingProxy(ObjId),
}

/// A property's accessors and docstring (`propertyobject` in `Objects/descrobject.c`).
#[derive(Clone, Debug, PartialEq)]
pub struct Property {
    pub fget: Option<ObjId>,
    pub fset: Option<ObjId>,
    pub fdel: Option<ObjId>,
    pub doc: Option<ObjId>,
}

/// Which view of a dict: its keys, its values or its (key, value) items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictViewKind {
    Keys,
    Values,
    Items,
}

impl DictViewKind {
    /// The view's type name (`dict_keys`).
    pub fn view_name(self) -> &'static str {
        match self {
            DictViewKind::Keys => "dict_keys",
            DictViewKind::Values => "dict_values",
            DictViewKind::Items => "dict_items",
        }
    }

    /// The type name of an iterator over the view (`dict_keyiterator`).
    pub fn iterator_name(self) -> &'static str {
        match self {
            DictViewKind::Keys => "dict_keyiterator",
            DictViewKind::Values => "dict_valueiterator",
            DictViewKind::Items => "dict_itemiterator",
        }
    }
}

impl Object {
    /// `type(obj).__name__`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Object::None => "NoneType",
            Object::Bool(_) => "bool",
            Object::Ellipsis => "ellipsis",
            Object::NotImplemented => "NotImplementedType",
            Object::Int(_) => "int",
            Object::Float(_) => "float",
            Object::Complex { .. } => "complex",
            Object::Str(_) => "str",
            Object::Bytes(_) => "bytes",
            Object::Tuple(_) => "tuple",
            Object::List(_) => "list",
            Object::Dict(_) => "dict",
            Object::Set(_) => "set",
            Object::FrozenSet(_) => "frozenset",
            Object::SetIterator { .. } => "set_iterator",
            Object::Code { .. } => "code",
            Object::BuiltinFunction(_) => "builtin_function_or_method",
            Object::Range { .. } => "range",
            Object::SeqIterator { .. } => "iterator",
            Object::RangeIterator { .. } => "range_iterator",
            Object::Module { .. } => "module",
            // The class's own name needs the heap: `Vm::type_name_of`.
            Object::Exception(_) => "BaseException",
            Object::Type(_) => "type",
            // The class's own name needs the heap: `Vm::type_name_of`.
            Object::Instance { .. } => "object",
            Object::Method { .. } => "method",
            Object::Generator(generator) => generator.kind.type_name(),
            Object::Function(_) => "function",
            Object::Slice { .. } => "slice",
            Object::BuiltinMethod { bound: Some(_), .. } => "builtin_function_or_method",
            Object::BuiltinMethod { bound: None, .. } => "method_descriptor",
            Object::Cell(_) => "cell",
            Object::DictView { kind, .. } => kind.view_name(),
            Object::DictIterator { kind, .. } => kind.iterator_name(),
            Object::Enumerate { .. } => "enumerate",
            Object::Zip { .. } => "zip",
            Object::ReverseIterator { .. } => "reversed",
            Object::Map { .. } => "map",
            Object::Filter { .. } => "filter",
            Object::Random(_) => "Random",
            Object::Property(_) => "property",
            Object::StaticMethod(_) => "staticmethod",
            Object::ClassMethod(_) => "classmethod",
            Object::MappingProxy(_) => "mappingproxy",
            Object::Traceback(_) => "traceback",
        }
    }

    /// About how many bytes the object takes: a header plus its payload, in the spirit of
    /// `sys.getsizeof` (the heap's byte budget counts these).
    pub fn size_in_bytes(&self) -> usize {
        const HEADER: usize = 16;
        HEADER
            + match self {
                Object::Int(i) => (i.bits() / 8) as usize,
                Object::Str(s) => s.len(),
                Object::Bytes(b) => b.len(),
                Object::Tuple(items) | Object::List(items) => 8 * items.len(),
                Object::Dict(pairs) => 16 * pairs.len(),
                Object::Set(table) | Object::FrozenSet(table) => 8 * table.capacity(),
                _ => 0,
            }
    }

    /// `tp_traverse`: every object this one holds a reference to.
    pub fn traverse(&self, visit: &mut impl FnMut(ObjId)) {
        match self {
            Object::Tuple(items) | Object::List(items) => items.iter().copied().for_each(visit),
            Object::Dict(pairs) => {
                for &(key, value) in pairs {
                    visit(key);
                    visit(value);
                }
            }
            Object::Set(table) | Object::FrozenSet(table) => table.keys().copied().for_each(visit),
            Object::SetIterator { set, .. } => visit(*set),
            Object::Code { consts, .. } => consts.iter().copied().for_each(visit),
            Object::Module { dict, .. } => visit(*dict),
            Object::SeqIterator { sequence, .. } => visit(*sequence),
            Object::Exception(e) => {
                visit(e.class);
                e.args.iter().copied().for_each(&mut *visit);
                e.members
                    .iter()
                    .map(|&(_, value)| value)
                    .for_each(&mut *visit);
                e.context
                    .into_iter()
                    .chain(e.cause)
                    .chain(e.dict)
                    .for_each(visit);
            }
            Object::Type(t) => {
                t.bases.iter().copied().for_each(&mut *visit);
                // The MRO's first entry is the class itself, which it does not count.
                t.mro.iter().skip(1).copied().for_each(&mut *visit);
                visit(t.dict);
            }
            Object::Instance { class, dict, slots } => {
                visit(*class);
                visit(*dict);
                slots.iter().map(|&(_, value)| value).for_each(visit);
            }
            Object::Method { function, receiver } => {
                visit(*function);
                visit(*receiver);
            }
            Object::Generator(generator) => generator.references().into_iter().for_each(visit),
            Object::Function(function) => function.references().for_each(visit),
            Object::Cell(Some(content)) => visit(*content),
            Object::BuiltinMethod {
                bound: Some(receiver),
                ..
            } => visit(*receiver),
            Object::Slice { start, stop, step } => {
                [*start, *stop, *step].into_iter().for_each(visit)
            }
            Object::DictView { dict, .. } | Object::DictIterator { dict, .. } => visit(*dict),
            Object::Enumerate { iterator, .. } => visit(*iterator),
            Object::Zip { iterators, .. } => iterators.iter().copied().for_each(visit),
            Object::ReverseIterator { sequence, .. } => visit(*sequence),
            Object::Map {
                function,
                iterators,
            } => {
                visit(*function);
                iterators.iter().copied().for_each(visit);
            }
            Object::Filter { function, iterator } => {
                visit(*function);
                visit(*iterator);
            }
            Object::Property(p) => [p.fget, p.fset, p.fdel, p.doc]
                .into_iter()
                .flatten()
                .for_each(visit),
            Object::StaticMethod(function)
            | Object::ClassMethod(function)
            | Object::MappingProxy(function) => visit(*function),
            _ => {}
        }
    }
}
