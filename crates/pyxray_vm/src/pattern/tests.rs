use std::rc::Rc;

use num_bigint::BigInt;
use pyxray_bytecode::code::CodeObject;

use super::*;
use crate::vm::Limits;

/// A VM whose main frame runs an empty module, so instructions can be driven by hand.
fn empty_vm() -> Vm {
    let code = CodeObject {
        argcount: 0,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        stacksize: 8,
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

fn ints(vm: &mut Vm, values: &[i64]) -> Vec<ObjId> {
    values
        .iter()
        .map(|&v| vm.new_int(BigInt::from(v)))
        .collect()
}

fn int_value(vm: &Vm, id: ObjId) -> Option<i64> {
    match vm.heap.get(id) {
        Some(Object::Int(value)) => i64::try_from(value.clone()).ok(),
        _ => None,
    }
}

fn raised(fault: Fault) -> (&'static str, String) {
    match fault {
        Fault::Raise(raise) => (raise.type_name, raise.message),
        _ => ("", String::new()),
    }
}

#[test]
fn unpack_ex_pushes_the_first_items_on_top_and_the_middle_as_a_list() {
    let mut vm = empty_vm();
    let items = ints(&mut vm, &[1, 2, 3, 4, 5]);
    let list = vm.new_object(Object::List(items));
    vm.push_value(list).expect("a frame");
    // `a, *b, c = [1, 2, 3, 4, 5]`: one before the star, one after.
    vm.unpack_ex(1 | (1 << 8)).expect("enough items");
    let a = vm.pop_value().expect("a");
    let b = vm.pop_value().expect("b");
    let c = vm.pop_value().expect("c");
    assert_eq!(int_value(&vm, a), Some(1));
    assert_eq!(int_value(&vm, c), Some(5));
    let middle: Vec<Option<i64>> = match vm.heap.get(b) {
        Some(Object::List(items)) => items.iter().map(|&i| int_value(&vm, i)).collect(),
        _ => Vec::new(),
    };
    assert_eq!(middle, [Some(2), Some(3), Some(4)]);
}

#[test]
fn unpack_ex_with_too_few_items_counts_all_of_them() {
    let mut vm = empty_vm();
    let items = ints(&mut vm, &[1]);
    let tuple = vm.new_object(Object::Tuple(items));
    vm.push_value(tuple).expect("a frame");
    let fault = vm.unpack_ex(1 | (1 << 8)).expect_err("too few items");
    assert_eq!(
        raised(fault),
        (
            "ValueError",
            "not enough values to unpack (expected at least 2, got 1)".to_string()
        )
    );
}

#[test]
fn unpack_ex_refuses_a_non_iterable() {
    let mut vm = empty_vm();
    let five = vm.new_int(BigInt::from(5));
    vm.push_value(five).expect("a frame");
    let fault = vm.unpack_ex(1).expect_err("an int is not iterable");
    assert_eq!(
        raised(fault),
        (
            "TypeError",
            "cannot unpack non-iterable int object".to_string()
        )
    );
}

#[test]
fn sequence_and_mapping_flags_follow_the_type() {
    let mut vm = empty_vm();
    let list = vm.new_object(Object::List(Vec::new()));
    let text = vm.new_str("ab".to_string());
    let dict = vm.new_object(Object::Dict(Vec::new()));
    let range = vm.new_object(Object::Range {
        start: 0.into(),
        stop: 3.into(),
        step: 1.into(),
    });
    let check = |vm: &Vm, id, flags| vm.subject_has_flag(id, flags).expect("no subclass");
    assert!(check(&vm, list, SEQUENCE_TYPES));
    assert!(check(&vm, range, SEQUENCE_TYPES));
    assert!(!check(&vm, text, SEQUENCE_TYPES));
    assert!(!check(&vm, dict, SEQUENCE_TYPES));
    assert!(check(&vm, dict, MAPPING_TYPES));
    assert!(!check(&vm, list, MAPPING_TYPES));
}

#[test]
fn a_match_self_type_matches_the_subject_itself() {
    let mut vm = empty_vm();
    let int_type = vm.builtin_type("int").expect("int is a type");
    let no_names = vm.new_object(Object::Tuple(Vec::new()));
    let seven = vm.new_int(BigInt::from(7));
    let attrs = vm
        .match_class(seven, int_type, 1, no_names)
        .expect("no error")
        .expect("7 is an int");
    assert!(matches!(vm.heap.get(attrs), Some(Object::Tuple(items)) if items == &[seven]));
    let fault = vm
        .match_class(seven, int_type, 2, no_names)
        .expect_err("int() takes one sub-pattern");
    assert_eq!(
        raised(fault),
        (
            "TypeError",
            "int() accepts 1 positional sub-pattern (2 given)".to_string()
        )
    );
    let text = vm.new_str("x".to_string());
    assert_eq!(vm.match_class(text, int_type, 1, no_names).ok(), Some(None));
}

#[test]
fn a_class_pattern_needs_a_class() {
    let mut vm = empty_vm();
    let no_names = vm.new_object(Object::Tuple(Vec::new()));
    let seven = vm.new_int(BigInt::from(7));
    let fault = vm
        .match_class(seven, seven, 0, no_names)
        .expect_err("7 is not a class");
    assert_eq!(
        raised(fault),
        (
            "TypeError",
            "called match pattern must be a class".to_string()
        )
    );
}

#[test]
fn match_keys_finds_values_reports_missing_keys_and_duplicates() {
    let mut vm = empty_vm();
    let a = vm.new_str("a".to_string());
    let b = vm.new_str("b".to_string());
    let one = vm.new_int(BigInt::from(1));
    let dict = vm.new_object(Object::Dict(vec![(a, one)]));
    let keys_a = vm.new_object(Object::Tuple(vec![a]));
    let found = vm.match_keys(dict, keys_a).expect("no error");
    assert!(matches!(vm.heap.get(found), Some(Object::Tuple(items)) if items == &[one]));
    let keys_b = vm.new_object(Object::Tuple(vec![b]));
    assert_eq!(vm.match_keys(dict, keys_b).ok(), Some(vm.none));
    let keys_aa = vm.new_object(Object::Tuple(vec![a, a]));
    let fault = vm.match_keys(dict, keys_aa).expect_err("a duplicate key");
    assert_eq!(
        raised(fault),
        (
            "ValueError",
            "mapping pattern checks duplicate key ('a')".to_string()
        )
    );
    let list = vm.new_object(Object::List(Vec::new()));
    let keys_list = vm.new_object(Object::Tuple(vec![list]));
    let fault = vm.match_keys(dict, keys_list).expect_err("unhashable");
    assert_eq!(
        raised(fault),
        (
            "TypeError",
            "cannot use 'list' as a set element (unhashable type: 'list')".to_string()
        )
    );
}
