//! Hash values as the reference CPython computes them, for the compiler (the order of a constant
//! `frozenset`) and the VM (`hash()`, sets, dict keys).
//!
//! CPython: `Python/pyhash.c` (`_Py_HashDouble`, `_Py_HashBytes`, `siphash13`),
//! `Objects/longobject.c` (`long_hash`), `Objects/tupleobject.c` (`tuple_hash`),
//! `Objects/complexobject.c` (`complex_hash`), `Objects/setobject.c` (`frozenset_hash_impl`),
//! `Include/cpython/pyhash.h` (`_PyHASH_MODULUS`, `_PyHASH_INF`, `_PyHASH_IMAG`).
//! The reference interpreter is CPython built for 32-bit WebAssembly, so `Py_hash_t` is 32 bits
//! wide there: numbers hash modulo 2**31 - 1, tuples mix with the 32-bit xxHash primes, and
//! `str`/`bytes` keep the low 32 bits of SipHash-1-3 with a zero key (`PYTHONHASHSEED=0`).

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

/// `Py_hash_t` of the reference interpreter.
pub type PyHash = i32;

/// `_PyHASH_BITS` for a 32-bit `Py_hash_t`.
pub const HASH_BITS: u32 = 31;
/// `_PyHASH_MODULUS`: the prime 2**31 - 1 numbers are reduced by.
pub const HASH_MODULUS: u32 = (1 << HASH_BITS) - 1;
/// `_PyHASH_INF`: the hash of `float('inf')` (negated for `-inf`).
pub const HASH_INF: PyHash = 314_159;
/// `_PyHASH_IMAG`: the multiplier of a complex number's imaginary part.
pub const HASH_IMAG: u32 = 1_000_003;
/// `hash(None)`: a constant since 3.12 (`none_hash`), 0xFCA86420 truncated to 32 bits.
pub const HASH_NONE: PyHash = 0xFCA8_6420_u32 as PyHash;

const XXPRIME_1: u32 = 2_654_435_761;
const XXPRIME_2: u32 = 2_246_822_519;
const XXPRIME_5: u32 = 374_761_393;

/// -1 means "error" in CPython's C API, so no hash is ever -1: it becomes -2.
fn not_minus_one(h: PyHash) -> PyHash {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `siphash13` with a zero key (`PYTHONHASHSEED=0`).
pub fn siphash13(data: &[u8]) -> u64 {
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

/// `_Py_HashBytes`: 0 for empty input, else SipHash-1-3's low 32 bits.
pub fn hash_bytes(data: &[u8]) -> PyHash {
    if data.is_empty() {
        return 0;
    }
    not_minus_one(siphash13(data) as u32 as PyHash)
}

/// `unicode_hash`: the bytes of CPython's storage of the string (1, 2 or 4 bytes per
/// character, by its widest character, little-endian), hashed.
pub fn hash_str(s: &str) -> PyHash {
    let max = s.chars().map(u32::from).max().unwrap_or(0);
    let mut storage = Vec::with_capacity(s.len());
    for ch in s.chars() {
        let c = u32::from(ch);
        match max {
            0..=0xff => storage.push(c as u8),
            0x100..=0xffff => storage.extend_from_slice(&(c as u16).to_le_bytes()),
            _ => storage.extend_from_slice(&c.to_le_bytes()),
        }
    }
    hash_bytes(&storage)
}

/// `long_hash`: the int modulo 2**31 - 1, keeping its sign.
pub fn hash_long(i: &BigInt) -> PyHash {
    let magnitude = (i.magnitude() % HASH_MODULUS).to_u32().unwrap_or(0) as PyHash;
    let h = if i.sign() == Sign::Minus {
        -magnitude
    } else {
        magnitude
    };
    not_minus_one(h)
}

/// `frexp`: `v = m * 2**e` with `0.5 <= |m| < 1`, for a finite non-zero `v`.
fn frexp(v: f64) -> (f64, i32) {
    let bits = v.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(v * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exponent - 1022)
}

/// `_Py_HashDouble`: a float hashes like the rational number it is, so `hash(1.0) == hash(1)`.
/// A NaN hashes by identity: `identity` is the object's identity hash.
pub fn hash_double(v: f64, identity: PyHash) -> PyHash {
    if v.is_infinite() {
        return if v > 0.0 { HASH_INF } else { -HASH_INF };
    }
    if v.is_nan() {
        return identity;
    }
    if v == 0.0 {
        return 0;
    }
    let (mut m, mut e) = frexp(v);
    let sign: u32 = if m < 0.0 {
        m = -m;
        u32::MAX
    } else {
        1
    };
    // Process 28 bits at a time.
    let mut x: u32 = 0;
    while m != 0.0 {
        x = (x.wrapping_shl(28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u32;
        m -= f64::from(y);
        x += y;
        if x >= HASH_MODULUS {
            x -= HASH_MODULUS;
        }
    }
    // Adjust for the exponent, reduced modulo HASH_BITS first.
    let bits = HASH_BITS as i32;
    let e = if e >= 0 {
        e % bits
    } else {
        bits - 1 - ((-1 - e) % bits)
    } as u32;
    x = (x.wrapping_shl(e) & HASH_MODULUS) | x.checked_shr(HASH_BITS - e).unwrap_or(0);
    not_minus_one(x.wrapping_mul(sign) as PyHash)
}

/// `complex_hash`: the real part's hash plus `_PyHASH_IMAG` times the imaginary part's.
pub fn hash_complex(real: f64, imag: f64, identity: PyHash) -> PyHash {
    let hash_real = hash_double(real, identity) as u32;
    let hash_imag = hash_double(imag, identity) as u32;
    not_minus_one(hash_real.wrapping_add(HASH_IMAG.wrapping_mul(hash_imag)) as PyHash)
}

/// `tuple_hash` (also `slice_hash`): xxHash's mixing of the items' hashes, 32-bit primes.
pub fn hash_tuple(item_hashes: impl ExactSizeIterator<Item = PyHash>) -> PyHash {
    let len = item_hashes.len() as u32;
    let mut acc = XXPRIME_5;
    for lane in item_hashes {
        acc = acc.wrapping_add((lane as u32).wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(13);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    // The length, mangled to keep the historical value of hash(()).
    acc = acc.wrapping_add(len ^ (XXPRIME_5 ^ 3_527_539));
    if acc == u32::MAX {
        return 1_546_275_796;
    }
    acc as PyHash
}

/// `_shuffle_bits` of `frozenset_hash_impl`.
fn shuffle_bits(h: u32) -> u32 {
    ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
}

/// `frozenset_hash_impl` from the hashes of the set's items: order does not matter. (CPython
/// xors every table slot, then cancels the empty and deleted ones; the result is the same.)
pub fn hash_frozenset(item_hashes: impl ExactSizeIterator<Item = PyHash>) -> PyHash {
    let len = item_hashes.len() as u32;
    let mut hash = item_hashes.fold(0u32, |acc, h| acc ^ shuffle_bits(h as u32));
    hash ^= len.wrapping_add(1).wrapping_mul(1_927_868_237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    if hash == u32::MAX {
        return 590_923_713;
    }
    hash as PyHash
}

/// `_Py_HashPointer` stands in for identity hashing: CPython rotates the object's address right
/// by 4 bits. pyxray has no addresses; it hashes an object by its heap id, as if objects sat
/// 16 bytes apart from address 0 (so an identity hash is the id itself).
pub fn hash_identity(id: u32) -> PyHash {
    not_minus_one(id as PyHash)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every expected value below was printed by the reference interpreter (the oracle).

    #[test]
    fn ints_hash_modulo_the_32_bit_prime() {
        let h = |i: i64| hash_long(&BigInt::from(i));
        assert_eq!((h(0), h(1), h(-1), h(-2)), (0, 1, -2, -2));
        assert_eq!(h(123_456_789), 123_456_789);
        assert_eq!(h(1 << 40), 512);
        assert_eq!(hash_long(&(BigInt::from(1) << 61u32)), 1_073_741_824);
        assert_eq!(hash_long(&-(BigInt::from(1) << 61u32)), -1_073_741_824);
        assert_eq!(hash_long(&(BigInt::from(1) << 100u32)), 128);
        assert_eq!((h(-(1 << 31)), h((1 << 31) - 1), h(1 << 31)), (-2, 0, 1));
        assert_eq!(h(-(1 << 31) + 1), 0);
    }

    #[test]
    fn floats_hash_as_the_rationals_they_are() {
        assert_eq!(hash_double(1.0, 7), 1);
        assert_eq!(hash_double(1.5, 7), 1_073_741_825);
        assert_eq!(hash_double(-0.5, 7), -1_073_741_824);
        assert_eq!(hash_double(0.1, 7), 1_932_735_308);
        assert_eq!(hash_double(-0.1, 7), -1_932_735_308);
        assert_eq!(hash_double(1e300, 7), 260_391_960);
        assert_eq!(hash_double(2f64.powi(80), 7), 262_144);
        assert_eq!(hash_double(-2.5e-8, 7), -798_399_218);
        assert_eq!(hash_double(f64::INFINITY, 7), 314_159);
        assert_eq!(hash_double(f64::NAN, 7), 7);
        assert_eq!(hash_complex(1.0, 2.0, 7), 2_000_007);
        assert_eq!(hash_complex(0.0, 3.0, 7), 3_000_009);
    }

    #[test]
    fn tuples_mix_their_items() {
        assert_eq!(hash_tuple([].into_iter()), 750_394_483);
        assert_eq!(hash_tuple([1].into_iter()), 1_956_216_267);
        assert_eq!(hash_tuple([1, 2].into_iter()), 994_727_857);
        let inner = [
            hash_tuple([1, 2].into_iter()),
            hash_tuple([3, 4].into_iter()),
        ];
        assert_eq!(hash_tuple(inner.into_iter()), 622_536_806);
        assert_eq!(
            hash_tuple([HASH_NONE, 1, hash_str("x")].into_iter()),
            231_917_098
        );
        assert_eq!(HASH_NONE, -56_073_184);
    }

    #[test]
    fn strings_and_bytes_keep_the_low_bits_of_siphash() {
        assert_eq!(hash_str("a"), -1_197_795_309);
        assert_eq!(hash_str(""), 0);
        assert_eq!(hash_bytes(b"ab"), -961_686_471);
        assert_eq!(hash_str("é"), -1_501_007_645);
        assert_eq!(hash_str("€"), -1_527_866_697);
        assert_eq!(hash_str("😀x"), 33_292_634);
    }

    #[test]
    fn frozensets_hash_their_items_in_any_order() {
        assert_eq!(hash_frozenset([].into_iter()), -1_572_407_560);
        assert_eq!(hash_frozenset([1, 2].into_iter()), -489_709_338);
        assert_eq!(hash_frozenset([2, 1].into_iter()), -489_709_338);
        let ab = [hash_str("a"), hash_str("b")];
        assert_eq!(hash_frozenset(ab.into_iter()), -1_251_583_647);
        let pair = [hash_tuple([1, 2].into_iter())];
        assert_eq!(hash_frozenset(pair.into_iter()), -1_138_020_390);
    }
}
