//! The order in which a constant `frozenset` iterates, so that `dis` prints it as CPython does:
//! items hashed as CPython hashes them, placed in a set table by CPython's probing, then read
//! in table order.
//!
//! CPython: `Python/pyhash.c`, `Objects/setobject.c` (`PyFrozenSet_New` adding each item).
//! Hashing and the table are shared with the VM: `pyxray_bytecode::pyhash` and
//! `pyxray_bytecode::set_table`.

use num_bigint::BigInt;
use pyxray_bytecode::code::ConstValue;
use pyxray_bytecode::pyhash::{self, PyHash};
use pyxray_bytecode::set_table::SetTable;

/// The hash of a constant a set can hold, when it does not depend on the object's identity
/// (a NaN, `...` and code objects hash by identity: the caller keeps the given order).
fn hash(value: &ConstValue) -> Option<PyHash> {
    Some(match value {
        ConstValue::Str(s) => pyhash::hash_str(s),
        ConstValue::Bytes(b) => pyhash::hash_bytes(b),
        ConstValue::Int(i) => pyhash::hash_long(i),
        ConstValue::Bool(b) => PyHash::from(*b),
        ConstValue::None => pyhash::HASH_NONE,
        ConstValue::Float(x) if !x.is_nan() => pyhash::hash_double(*x, 0),
        ConstValue::Complex { real, imag } if !real.is_nan() && !imag.is_nan() => {
            pyhash::hash_complex(*real, *imag, 0)
        }
        ConstValue::Tuple(items) => {
            let hashes: Vec<PyHash> = items.iter().map(hash).collect::<Option<_>>()?;
            pyhash::hash_tuple(hashes.into_iter())
        }
        ConstValue::FrozenSet(items) => {
            let hashes: Vec<PyHash> = items.iter().map(hash).collect::<Option<_>>()?;
            pyhash::hash_frozenset(hashes.into_iter())
        }
        _ => return None,
    })
}

/// Python equality between two hashable constants: numbers by value across int, bool, float
/// and complex; containers item by item.
fn equal(a: &ConstValue, b: &ConstValue) -> bool {
    use ConstValue as C;
    let real = |v: &ConstValue| -> Option<(f64, f64, Option<BigInt>)> {
        match v {
            C::Bool(x) => Some((
                f64::from(u8::from(*x)),
                0.0,
                Some(BigInt::from(u8::from(*x))),
            )),
            C::Int(i) => Some((
                pyxray_bytecode::arith::int_to_float(i).ok()?,
                0.0,
                Some(i.clone()),
            )),
            C::Float(x) => Some((*x, 0.0, None)),
            C::Complex { real, imag } => Some((*real, *imag, None)),
            _ => None,
        }
    };
    match (a, b) {
        (C::Tuple(x), C::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q))
        }
        (C::FrozenSet(x), C::FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|p| y.iter().any(|q| equal(p, q)))
        }
        _ => match (real(a), real(b)) {
            (Some((_, _, Some(i))), Some((_, _, Some(j)))) => i == j,
            (Some((x, xi, _)), Some((y, yi, _))) => x == y && xi == yi,
            _ => a.same_constant(b),
        },
    }
}

/// `frozenset(items)` in iteration order, or `None` when an item's hash is not modelled
/// (the caller keeps the given order).
pub fn frozenset_order(items: &[ConstValue]) -> Option<Vec<ConstValue>> {
    let hashes: Vec<PyHash> = items.iter().map(hash).collect::<Option<_>>()?;
    let mut table: SetTable<usize> = SetTable::new();
    for (index, (&h, item)) in hashes.iter().zip(items).enumerate() {
        let added = table.add(index, h, |&other| {
            Ok::<bool, ()>(equal(&items[other], item))
        });
        if added.is_err() {
            return None;
        }
    }
    Some(table.keys().map(|&i| items[i].clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(items: &[&str]) -> Vec<ConstValue> {
        items
            .iter()
            .map(|s| ConstValue::Str(s.to_string()))
            .collect()
    }

    #[test]
    fn string_sets_iterate_in_cpython_order() {
        // Orders printed by CPython 3.14 (the oracle) for these frozenset constants.
        assert_eq!(
            frozenset_order(&strs(&["a", "b", "c"])),
            Some(strs(&["c", "a", "b"]))
        );
        assert_eq!(
            frozenset_order(&strs(&["win32", "cygwin"])),
            Some(strs(&["cygwin", "win32"]))
        );
    }

    #[test]
    fn small_ints_sit_in_their_own_slots() {
        let ints: Vec<ConstValue> = [3, 1, 2]
            .iter()
            .map(|&i| ConstValue::Int(i.into()))
            .collect();
        let expected: Vec<ConstValue> = [1, 2, 3]
            .iter()
            .map(|&i| ConstValue::Int(i.into()))
            .collect();
        assert_eq!(frozenset_order(&ints), Some(expected));
    }

    #[test]
    fn equal_numbers_collapse_to_the_first() {
        let items = vec![
            ConstValue::Int(1.into()),
            ConstValue::Bool(true),
            ConstValue::Float(1.0),
        ];
        assert_eq!(
            frozenset_order(&items),
            Some(vec![ConstValue::Int(1.into())])
        );
    }
}
