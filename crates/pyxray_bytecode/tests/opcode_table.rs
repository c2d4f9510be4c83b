//! The opcode table against CPython 3.14 itself: `tests/data/cpython_opcodes.json` was written
//! by the oracle (`opcode.opmap`, `dis.stack_effect` for arguments 0–5 and 8, `hasarg`,
//! `hasconst`, `hasname`, `hasjump`, `_inline_cache_entries`), so a wrong number, stack effect
//! or operand kind in `opcode.rs` fails here.

use pyxray_bytecode::opcode::{Opcode, Operand};
use serde_json::Value;

#[test]
fn opcode_table_matches_cpython() {
    let text = include_str!("data/cpython_opcodes.json");
    let table: Value = serde_json::from_str(text).expect("valid JSON");
    let entries = table.as_object().expect("an object of opcodes");
    let mut checked = 0;
    for (name, entry) in entries {
        if name.starts_with("INSTRUMENTED_")
            || matches!(name.as_str(), "ENTER_EXECUTOR" | "RESERVED")
        {
            continue;
        }
        let op =
            Opcode::from_name(name).unwrap_or_else(|| panic!("{name} is missing from the table"));
        assert_eq!(
            i64::from(op.number()),
            entry["op"].as_i64().unwrap_or(-1),
            "number of {name}"
        );
        assert_eq!(
            op.has_arg(),
            entry["hasarg"].as_bool().unwrap_or(false),
            "hasarg of {name}"
        );
        if !op.is_pseudo() {
            assert_eq!(
                i64::from(op.cache_entries()),
                entry["cache"].as_i64().unwrap_or(-1),
                "cache entries of {name}"
            );
        }
        assert_eq!(
            op.operand() == Operand::Const,
            entry["const"].as_bool().unwrap_or(false),
            "hasconst of {name}"
        );
        let is_name = matches!(
            op.operand(),
            Operand::Name | Operand::GlobalName | Operand::AttrName | Operand::SuperAttrName
        );
        assert_eq!(
            is_name,
            entry["name_"].as_bool().unwrap_or(false),
            "hasname of {name}"
        );
        for (arg, effect) in entry["effects"].as_object().expect("effects") {
            let oparg: u32 = arg.parse().unwrap_or(0);
            // dis.stack_effect(op, arg, jump=False) and (…, jump=True): both equal here.
            let expected = effect[0].as_i64().expect("an effect");
            assert_eq!(
                op.net_stack_effect(oparg),
                expected,
                "stack effect of {name} {arg}"
            );
        }
        checked += 1;
    }
    assert!(checked > 120, "only {checked} opcodes checked");
}
