//! The order in which a constant `frozenset` iterates, so that `dis` prints it as CPython does:
//! items hashed as CPython hashes them (SipHash-1-3 with `PYTHONHASHSEED=0` for `str` and
//! `bytes`), placed in a set table by CPython's probing, then read in table order.
//!
//! CPython: `Python/pyhash.c` (`siphash13`, `_Py_HashBytes`), `Objects/longobject.c`
//! (`long_hash`), `Objects/setobject.c` (`set_add_entry`, `set_table_resize`,
//! `set_insert_clean`). The reference interpreter is 32-bit (its `Py_hash_t` and `size_t`
//! are 32 bits wide), so hashes keep their low 32 bits, as the oracle's do.

use num_bigint::BigInt;
use num_traits::ToPrimitive;
use pyxray_bytecode::code::ConstValue;

const LINEAR_PROBES: u32 = 9;
const PERTURB_SHIFT: u32 = 5;
const MINSIZE: u32 = 8;
/// `_PyHASH_MODULUS` for a 32-bit `Py_hash_t`: 2**31 - 1.
const HASH_MODULUS: i64 = (1 << 31) - 1;

/// `siphash13` with a zero key.
fn siphash13(data: &[u8]) -> u64 {
    let (k0, k1) = (0u64, 0u64);
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v2 = v2.wrapping_add(*v3);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v1);
        *v0 = v0.wrapping_add(*v3);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.rotate_left(32);
    };
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = u64::from_le_bytes(word);
        v3 ^= m;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= m;
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    let b = ((data.len() as u64) << 56) | u64::from_le_bytes(tail);
    v3 ^= b;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= b;
    v2 ^= 0xff;
    for _ in 0..3 {
        round(&mut v0, &mut v1, &mut v2, &mut v3);
    }
    (v0 ^ v1) ^ (v2 ^ v3)
}

/// `_Py_HashBytes`, truncated to 32 bits: 0 for empty input, -1 becomes -2.
fn hash_bytes(data: &[u8]) -> i32 {
    if data.is_empty() {
        return 0;
    }
    let h = siphash13(data) as u32 as i32;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// A `str` in CPython's storage: 1, 2 or 4 bytes per character, little-endian.
fn str_storage(s: &str) -> Vec<u8> {
    let max = s.chars().map(u32::from).max().unwrap_or(0);
    let mut out = Vec::new();
    for ch in s.chars() {
        let c = u32::from(ch);
        match max {
            0..=0xff => out.push(c as u8),
            0x100..=0xffff => out.extend_from_slice(&(c as u16).to_le_bytes()),
            _ => out.extend_from_slice(&c.to_le_bytes()),
        }
    }
    out
}

/// `long_hash` for a 32-bit `Py_hash_t`.
fn hash_int(i: &BigInt) -> i32 {
    let modulus = BigInt::from(HASH_MODULUS);
    let magnitude = (i.magnitude().clone() % modulus.magnitude())
        .to_i64()
        .unwrap_or(0);
    let h = if i.sign() == num_bigint::Sign::Minus {
        -magnitude
    } else {
        magnitude
    };
    let h = h as i32;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// The hash of a constant a set can hold, when pyxray can compute it.
fn hash(value: &ConstValue) -> Option<i32> {
    match value {
        ConstValue::Str(s) => Some(hash_bytes(&str_storage(s))),
        ConstValue::Bytes(b) => Some(hash_bytes(b)),
        ConstValue::Int(i) => Some(hash_int(i)),
        ConstValue::Bool(b) => Some(i32::from(*b)),
        ConstValue::None => None,
        _ => None,
    }
}

/// Python equality between two hashable constants of the kinds hashed above.
fn equal(a: &ConstValue, b: &ConstValue) -> bool {
    match (a, b) {
        (ConstValue::Int(x), ConstValue::Bool(y)) | (ConstValue::Bool(y), ConstValue::Int(x)) => {
            *x == BigInt::from(u8::from(*y))
        }
        _ => a.same_constant(b),
    }
}

/// `frozenset(items)` in iteration order, or `None` when an item's hash is not modelled
/// (the caller keeps the given order).
pub fn frozenset_order(items: &[ConstValue]) -> Option<Vec<ConstValue>> {
    let hashes: Vec<i32> = items.iter().map(hash).collect::<Option<_>>()?;
    let mut table: Vec<Option<(i32, usize)>> = vec![None; MINSIZE as usize];
    let mut fill = 0u32;
    let mut used = 0u32;
    for (index, (&h, item)) in hashes.iter().zip(items).enumerate() {
        let mask = table.len() as u32 - 1;
        // `set_add_entry`.
        let mut i = (h as u32) & mask;
        let mut perturb = h as u32;
        let slot = 'probe: loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in 0..=probes {
                let at = (i + j) as usize;
                match table[at] {
                    None => break 'probe Some(at),
                    Some((eh, ei)) if eh == h && equal(&items[ei], item) => break 'probe None,
                    Some(_) => {}
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
        };
        let Some(slot) = slot else {
            continue;
        };
        table[slot] = Some((h, index));
        fill += 1;
        used += 1;
        if fill * 5 >= mask * 3 {
            // `set_table_resize` with `set_insert_clean`.
            let minused = if used > 50000 { used * 2 } else { used * 4 };
            let mut size = MINSIZE;
            while size <= minused {
                size <<= 1;
            }
            let old = std::mem::replace(&mut table, vec![None; size as usize]);
            let mask = size - 1;
            for (eh, ei) in old.into_iter().flatten() {
                let mut i = (eh as u32) & mask;
                let mut perturb = eh as u32;
                'clean: loop {
                    if table[i as usize].is_none() {
                        table[i as usize] = Some((eh, ei));
                        break 'clean;
                    }
                    if i + LINEAR_PROBES <= mask {
                        for j in 1..=LINEAR_PROBES {
                            if table[(i + j) as usize].is_none() {
                                table[(i + j) as usize] = Some((eh, ei));
                                break 'clean;
                            }
                        }
                    }
                    perturb >>= PERTURB_SHIFT;
                    i = (i.wrapping_mul(5).wrapping_add(1).wrapping_add(perturb)) & mask;
                }
            }
            fill = used;
        }
    }
    Some(
        table
            .into_iter()
            .flatten()
            .map(|(_, i)| items[i].clone())
            .collect(),
    )
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
}
