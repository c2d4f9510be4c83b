//! Nested code objects, exception tables and the flowgraph passes against CPython 3.14: each
//! `tests/data/NAME.py` compiles to exactly the `dis` text in `NAME.dis.txt`, which the oracle
//! (`shared/oracle/golden --stages dis`) wrote from CPython 3.14.2.

use std::path::Path;

use pyxray_bytecode::dis::dis;
use pyxray_compiler::compile_module;
use pyxray_parser::parse_module;

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let source = std::fs::read_to_string(dir.join(format!("{name}.py"))).expect("source");
    let expected = std::fs::read_to_string(dir.join(format!("{name}.dis.txt"))).expect("golden");
    let module = parse_module(&source).module.expect("parses");
    let compiled = compile_module(&module, &source, &format!("{name}.py")).expect("compiles");
    assert_eq!(dis(&compiled.code), expected, "dis of {name}.py");
}

#[test]
fn functions_defaults_and_closures() {
    check("functions_closures");
}

#[test]
fn classes_try_finally_and_inlined_comprehensions() {
    check("classes_try_comprehension");
}

#[test]
fn unbound_checks_lambdas_and_generators() {
    check("checks_lambda_generator");
}

#[test]
fn function_annotations_build_annotate() {
    check("function_annotations");
}

#[test]
fn module_and_class_annotations_are_deferred() {
    check("variable_annotations");
}

#[test]
fn yield_from_and_await_send_in_a_loop() {
    check("yield_from_await");
}

#[test]
fn match_statements_with_every_pattern_kind() {
    check("match_patterns");
}

#[test]
fn async_with_and_async_for_await_each_step() {
    check("async_with_for");
}

#[test]
fn future_annotations_are_strings() {
    check("future_annotations");
}

#[test]
fn template_strings_build_interpolations() {
    check("template_strings");
}
