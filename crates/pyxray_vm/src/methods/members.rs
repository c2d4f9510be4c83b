//! Data attributes of the built-in types, one table per type as CPython's `PyMemberDef` and
//! `PyGetSetDef` arrays: `complex.real`, `int.numerator`, `range.start`, `function.__name__`,
//! `code.co_argcount`, `cell.cell_contents`. Reading only: setting attributes belongs with
//! the attribute machinery classes need.
//!
//! CPython: `Objects/complexobject.c` (`complex_members`), `Objects/longobject.c`
//! (`long_getset`), `Objects/floatobject.c` (`float_getset`), `Objects/rangeobject.c`
//! (`range_members`), `Objects/sliceobject.c` (`slice_members`), `Objects/funcobject.c`
//! (`func_memberlist`, `func_getsetlist`), `Objects/codeobject.c` (`code_memberlist`),
//! `Objects/cellobject.c` (`cell_getsetlist`), `Objects/methodobject.c` (`meth_getsets`).

use num_bigint::BigInt;
use pyxray_bytecode::code::flags;

use crate::heap::ObjId;
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

/// A data attribute's getter: the object, and a new reference to the value.
pub type GetterFn = fn(&mut Vm, ObjId) -> Result<ObjId, Fault>;

/// One row of a type's attribute table.
pub struct MemberDef {
    pub name: &'static str,
    pub get: GetterFn,
}

macro_rules! members {
    ($($name:literal => $get:expr),* $(,)?) => {
        &[$(MemberDef { name: $name, get: $get }),*]
    };
}

const INT_MEMBERS: &[MemberDef] = members![
    "real" => |vm, id| int_value(vm, id),
    "imag" => |vm, _| Ok(vm.new_int(BigInt::from(0))),
    "numerator" => |vm, id| int_value(vm, id),
    "denominator" => |vm, _| Ok(vm.new_int(BigInt::from(1))),
];

const FLOAT_MEMBERS: &[MemberDef] = members![
    "real" => |vm, id| {
        vm.heap.incref(id);
        Ok(id)
    },
    "imag" => |vm, _| vm.new_result(Object::Float(0.0)),
];

const COMPLEX_MEMBERS: &[MemberDef] = members![
    "real" => |vm, id| complex_part(vm, id, false),
    "imag" => |vm, id| complex_part(vm, id, true),
];

const RANGE_MEMBERS: &[MemberDef] = members![
    "start" => |vm, id| range_part(vm, id, 0),
    "stop" => |vm, id| range_part(vm, id, 1),
    "step" => |vm, id| range_part(vm, id, 2),
];

const SLICE_MEMBERS: &[MemberDef] = members![
    "start" => |vm, id| slice_part(vm, id, 0),
    "stop" => |vm, id| slice_part(vm, id, 1),
    "step" => |vm, id| slice_part(vm, id, 2),
];

const FUNCTION_MEMBERS: &[MemberDef] = members![
    "__name__" => |vm, id| function_text(vm, id, |f| f.name.clone()),
    "__qualname__" => |vm, id| function_text(vm, id, |f| f.qualname.clone()),
    "__defaults__" => |vm, id| function_field(vm, id, |f| f.defaults),
    "__kwdefaults__" => |vm, id| function_field(vm, id, |f| f.kwdefaults),
    "__closure__" => |vm, id| function_field(vm, id, |f| f.closure),
    "__code__" => |vm, id| function_field(vm, id, |f| Some(f.code)),
    "__globals__" => |vm, id| function_field(vm, id, |f| Some(f.globals)),
    "__builtins__" => |vm, id| function_field(vm, id, |f| Some(f.builtins)),
    "__doc__" => function_doc,
    "__module__" => |vm, id| {
        let globals = match vm.heap.get(id) {
            Some(Object::Function(function)) => match function.module {
                Some(module) => {
                    vm.heap.incref(module);
                    return Ok(module);
                }
                None => function.globals,
            },
            _ => return Ok(vm.none),
        };
        let name = vm.dict_get_str(globals, "__name__").unwrap_or(vm.none);
        vm.heap.incref(name);
        Ok(name)
    },
];

const CODE_MEMBERS: &[MemberDef] = members![
    "co_name" => |vm, id| code_text(vm, id, |c| c.name.clone()),
    "co_qualname" => |vm, id| code_text(vm, id, |c| c.qualname.clone()),
    "co_filename" => |vm, id| code_text(vm, id, |c| c.filename.clone()),
    "co_argcount" => |vm, id| code_number(vm, id, |c| c.argcount),
    "co_posonlyargcount" => |vm, id| code_number(vm, id, |c| c.posonlyargcount),
    "co_kwonlyargcount" => |vm, id| code_number(vm, id, |c| c.kwonlyargcount),
    "co_firstlineno" => |vm, id| code_number(vm, id, |c| c.firstlineno),
    "co_flags" => |vm, id| code_number(vm, id, |c| c.flags),
    "co_stacksize" => |vm, id| code_number(vm, id, |c| c.stacksize),
    "co_varnames" => |vm, id| code_names(vm, id, |c| c.varnames().into_iter().map(String::from).collect()),
    "co_freevars" => |vm, id| code_names(vm, id, |c| c.freevars()),
    "co_cellvars" => |vm, id| code_names(vm, id, |c| c.cellvars()),
    "co_names" => |vm, id| code_names(vm, id, |c| c.names.clone()),
];

const CELL_MEMBERS: &[MemberDef] = members![
    "cell_contents" => |vm, id| match vm.heap.get(id) {
        Some(Object::Cell(Some(content))) => {
            let content = *content;
            vm.heap.incref(content);
            Ok(content)
        }
        _ => Err(Raise::new("ValueError", "Cell is empty").into()),
    },
];

const BUILTIN_MEMBERS: &[MemberDef] = members![
    "__name__" => |vm, id| {
        let name = match vm.heap.get(id) {
            Some(Object::BuiltinFunction(builtin)) => builtin.name(),
            Some(Object::BuiltinMethod { name, .. }) => name,
            _ => "",
        };
        Ok(vm.new_str(name.to_string()))
    },
    "__qualname__" => |vm, id| {
        let name = match vm.heap.get(id) {
            Some(Object::BuiltinFunction(builtin)) => builtin.name().to_string(),
            Some(Object::BuiltinMethod { type_name, name, .. }) => format!("{type_name}.{name}"),
            _ => String::new(),
        };
        Ok(vm.new_str(name))
    },
];

/// The attribute table of a built-in type, by `type(obj).__name__`.
fn members_of(type_name: &str) -> &'static [MemberDef] {
    match type_name {
        "int" | "bool" => INT_MEMBERS,
        "float" => FLOAT_MEMBERS,
        "complex" => COMPLEX_MEMBERS,
        "range" => RANGE_MEMBERS,
        "slice" => SLICE_MEMBERS,
        "function" => FUNCTION_MEMBERS,
        "code" => CODE_MEMBERS,
        "cell" => CELL_MEMBERS,
        "builtin_function_or_method" | "method_descriptor" => BUILTIN_MEMBERS,
        "property" => crate::descriptors::PROPERTY_MEMBERS,
        "staticmethod" | "classmethod" => crate::descriptors::WRAPPER_MEMBERS,
        "generator" | "coroutine" => crate::generators::GENERATOR_MEMBERS,
        _ => &[],
    }
}

/// The data attribute `name` of `type_name`, if it has one.
/// The names of a built-in type's data attributes.
pub(crate) fn member_names(type_name: &str) -> impl Iterator<Item = &'static str> {
    members_of(type_name).iter().map(|def| def.name)
}

pub fn find_member(type_name: &str, name: &str) -> Option<&'static MemberDef> {
    members_of(type_name).iter().find(|def| def.name == name)
}

fn int_value(vm: &mut Vm, id: ObjId) -> Result<ObjId, Fault> {
    let value = super::as_index(vm, id)?;
    Ok(vm.new_int(value))
}

fn complex_part(vm: &mut Vm, id: ObjId, imaginary: bool) -> Result<ObjId, Fault> {
    let part = match vm.heap.get(id) {
        Some(Object::Complex { real, imag }) => {
            if imaginary {
                *imag
            } else {
                *real
            }
        }
        _ => 0.0,
    };
    vm.new_result(Object::Float(part))
}

fn range_part(vm: &mut Vm, id: ObjId, which: usize) -> Result<ObjId, Fault> {
    let value = match vm.heap.get(id) {
        Some(Object::Range { start, stop, step }) => [start, stop, step][which].clone(),
        _ => BigInt::from(0),
    };
    Ok(vm.new_int(value))
}

fn slice_part(vm: &mut Vm, id: ObjId, which: usize) -> Result<ObjId, Fault> {
    let value = match vm.heap.get(id) {
        Some(Object::Slice { start, stop, step }) => [*start, *stop, *step][which],
        _ => vm.none,
    };
    vm.heap.incref(value);
    Ok(value)
}

fn function_text(
    vm: &mut Vm,
    id: ObjId,
    text: fn(&crate::objects::Function) -> String,
) -> Result<ObjId, Fault> {
    let value = match vm.heap.get(id) {
        Some(Object::Function(function)) => text(function),
        _ => String::new(),
    };
    vm.new_result(Object::Str(value))
}

fn function_field(
    vm: &mut Vm,
    id: ObjId,
    field: fn(&crate::objects::Function) -> Option<ObjId>,
) -> Result<ObjId, Fault> {
    let value = match vm.heap.get(id) {
        Some(Object::Function(function)) => field(function),
        _ => None,
    }
    .unwrap_or(vm.none);
    vm.heap.incref(value);
    Ok(value)
}

/// `__doc__`: the code's first constant when the code has a docstring.
fn function_doc(vm: &mut Vm, id: ObjId) -> Result<ObjId, Fault> {
    let code = match vm.heap.get(id) {
        Some(Object::Function(function)) => match function.doc {
            Some(doc) => {
                vm.heap.incref(doc);
                return Ok(doc);
            }
            None => function.code,
        },
        _ => return Ok(vm.none),
    };
    let doc = match vm.heap.get(code) {
        Some(Object::Code { code, consts }) if code.flags & flags::HAS_DOCSTRING != 0 => {
            consts.first().copied()
        }
        _ => None,
    }
    .unwrap_or(vm.none);
    vm.heap.incref(doc);
    Ok(doc)
}

fn code_of(vm: &Vm, id: ObjId) -> Option<std::rc::Rc<pyxray_bytecode::code::CodeObject>> {
    match vm.heap.get(id) {
        Some(Object::Code { code, .. }) => Some(code.clone()),
        _ => None,
    }
}

fn code_text(
    vm: &mut Vm,
    id: ObjId,
    text: fn(&pyxray_bytecode::code::CodeObject) -> String,
) -> Result<ObjId, Fault> {
    let value = code_of(vm, id).map(|code| text(&code)).unwrap_or_default();
    vm.new_result(Object::Str(value))
}

fn code_number(
    vm: &mut Vm,
    id: ObjId,
    number: fn(&pyxray_bytecode::code::CodeObject) -> u32,
) -> Result<ObjId, Fault> {
    let value = code_of(vm, id).map_or(0, |code| number(&code));
    Ok(vm.new_int(value.into()))
}

fn code_names(
    vm: &mut Vm,
    id: ObjId,
    names: fn(&pyxray_bytecode::code::CodeObject) -> Vec<String>,
) -> Result<ObjId, Fault> {
    let names = code_of(vm, id).map(|code| names(&code)).unwrap_or_default();
    let items: Vec<ObjId> = names.iter().map(|name| vm.intern(name)).collect();
    vm.new_result(Object::Tuple(items))
}
