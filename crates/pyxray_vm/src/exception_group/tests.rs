//! Exception objects and groups built and taken apart directly (the Python-level behaviour
//! is checked against CPython by `tests/regressions/exception_*.py`).

use std::rc::Rc;

use pyxray_bytecode::code::CodeObject;

use super::*;
use crate::objects::{repr, str_of};
use crate::vm::Limits;

fn vm() -> Vm {
    let code = CodeObject {
        argcount: 0,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        stacksize: 0,
        flags: 0,
        code: Vec::new(),
        consts: Vec::new(),
        names: Vec::new(),
        localsplusnames: Vec::new(),
        localspluskinds: Vec::new(),
        filename: "t.py".to_string(),
        name: "<module>".to_string(),
        qualname: "<module>".to_string(),
        firstlineno: 1,
        linetable: Vec::new(),
        exceptiontable: Vec::new(),
        source_links: Vec::new(),
    };
    Vm::new(Rc::new(code), Limits::default())
}

fn exception(vm: &mut Vm, class: &str, args: &[ObjId]) -> ObjId {
    let class = vm.builtin_type(class).expect("a built-in class");
    vm.new_exception_with(class, args, &[])
        .expect("made an exception")
}

fn group(vm: &mut Vm, message: &str, items: &[ObjId]) -> ObjId {
    let class = vm.builtin_type("BaseExceptionGroup").expect("groups exist");
    let message = vm.new_str(message.to_string());
    let list = vm.new_object(Object::List(items.to_vec()));
    for &item in items {
        vm.heap.incref(item);
    }
    vm.new_exception_group(class, &[message, list], &[])
        .expect("a valid group")
}

#[test]
fn oserror_picks_the_errno_subclass_and_keeps_two_args() {
    let mut vm = vm();
    let errno = vm.new_int(2.into());
    let strerror = vm.new_str("No such file".to_string());
    let filename = vm.new_str("a.txt".to_string());
    let e = exception(&mut vm, "OSError", &[errno, strerror, filename]);
    assert_eq!(vm.type_name_of(e), "PermissionError");
    assert_eq!(
        repr(&vm.heap, e),
        Ok("PermissionError(2, 'No such file')".to_string())
    );
    assert_eq!(
        str_of(&vm.heap, e),
        Ok("[Errno 2] No such file: 'a.txt'".to_string())
    );
}

#[test]
fn system_exit_codes_become_exit_statuses() {
    let mut vm = vm();
    let none = exception(&mut vm, "SystemExit", &[]);
    assert_eq!(vm.handle_system_exit(none), Some(0));
    let three = vm.new_int(3.into());
    let three = exception(&mut vm, "SystemExit", &[three]);
    assert_eq!(vm.handle_system_exit(three), Some(3));
    let text = vm.new_str("fatal".to_string());
    let text = exception(&mut vm, "SystemExit", &[text]);
    assert_eq!(vm.handle_system_exit(text), Some(1));
    assert_eq!(vm.output.text(), "fatal\n");
    let other = exception(&mut vm, "ValueError", &[]);
    assert_eq!(vm.handle_system_exit(other), None);
}

#[test]
fn a_group_of_exceptions_is_an_exception_group_and_splits_by_type() {
    let mut vm = vm();
    let one = vm.new_int(1.into());
    let two = vm.new_int(2.into());
    let value = exception(&mut vm, "ValueError", &[one]);
    let type_error = exception(&mut vm, "TypeError", &[two]);
    let key = exception(&mut vm, "KeyError", &[one]);
    let inner = group(&mut vm, "inner", &[key, value]);
    let outer = group(&mut vm, "outer", &[type_error, inner]);
    assert_eq!(vm.type_name_of(outer), "ExceptionGroup");
    assert_eq!(
        str_of(&vm.heap, outer),
        Ok("outer (2 sub-exceptions)".to_string())
    );
    let value_error = vm.builtin_type("ValueError").expect("ValueError");
    let (matched, rest) = vm
        .split_recursive(outer, &Matcher::Types(vec![value_error]), true)
        .expect("split");
    let (matched, rest) = (matched.expect("a match"), rest.expect("a rest"));
    assert_eq!(
        repr(&vm.heap, matched),
        Ok("ExceptionGroup('outer', [ExceptionGroup('inner', [ValueError(1)])])".to_string())
    );
    assert_eq!(
        repr(&vm.heap, rest),
        Ok(
            "ExceptionGroup('outer', [TypeError(2), ExceptionGroup('inner', [KeyError(1)])])"
                .to_string()
        )
    );
}

#[test]
fn a_group_refuses_base_exceptions_and_empty_sequences() {
    let mut vm = vm();
    let interrupt = exception(&mut vm, "KeyboardInterrupt", &[]);
    let base = group(&mut vm, "b", &[interrupt]);
    assert_eq!(vm.type_name_of(base), "BaseExceptionGroup");
    let class = vm.builtin_type("ExceptionGroup").expect("ExceptionGroup");
    let message = vm.new_str("m".to_string());
    let list = vm.new_object(Object::List(vec![interrupt]));
    vm.heap.incref(interrupt);
    let nested = vm.new_exception_group(class, &[message, list], &[]);
    assert!(
        matches!(nested, Err(Fault::Raise(r)) if r.message == "Cannot nest BaseExceptions in an ExceptionGroup")
    );
    let empty = vm.new_object(Object::List(Vec::new()));
    let refused = vm.new_exception_group(class, &[message, empty], &[]);
    assert!(matches!(refused, Err(Fault::Raise(r)) if r.type_name == "ValueError"));
}

#[test]
fn prep_reraise_star_projects_the_unhandled_rest_onto_the_original() {
    let mut vm = vm();
    let one = vm.new_int(1.into());
    let value = exception(&mut vm, "ValueError", &[one]);
    let key = exception(&mut vm, "KeyError", &[one]);
    let original = group(&mut vm, "g", &[value, key]);
    let value_error = vm.builtin_type("ValueError").expect("ValueError");
    let (matched, rest) = vm
        .exception_group_match(original, value_error)
        .expect("a match");
    assert_eq!(
        repr(&vm.heap, matched),
        Ok("ExceptionGroup('g', [ValueError(1)])".to_string())
    );
    // The handler ran without raising; what is left is the rest, re-raised as the original's part.
    let none = vm.none;
    let raised = vm.new_object(Object::List(vec![none, rest]));
    let result = vm.prep_reraise_star(original, raised).expect("prepared");
    assert_eq!(
        repr(&vm.heap, result),
        Ok("ExceptionGroup('g', [KeyError(1)])".to_string())
    );
    let handled = vm.new_object(Object::List(vec![none]));
    assert_eq!(vm.prep_reraise_star(original, handled).ok(), Some(none));
}

#[test]
fn a_missing_key_is_the_key_error_argument() {
    let mut vm = vm();
    let key = vm.new_str("missing".to_string());
    let Fault::Exception(error) = vm.key_error(key) else {
        panic!("expected an exception object");
    };
    assert_eq!(repr(&vm.heap, error), Ok("KeyError('missing')".to_string()));
    assert_eq!(str_of(&vm.heap, error), Ok("'missing'".to_string()));
    assert!(vm.fault_matches(&Fault::Exception(error), "LookupError"));
}
