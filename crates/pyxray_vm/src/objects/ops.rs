//! Operators on objects: the number protocol (`+`, `-`, `*`, `/`, `//`, `%`, `**`, shifts,
//! bitwise), sequence concatenation and repetition, comparisons, and truth values.
//!
//! CPython: `Objects/abstract.c` (`PyNumber_Add`, `binary_op1`, `PyNumber_Multiply`),
//! `Objects/object.c` (`PyObject_RichCompare`, `PyObject_IsTrue`), `Objects/longobject.c`,
//! `Objects/floatobject.c`, `Objects/complexobject.c`, `Objects/unicodeobject.c`.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use pyxray_bytecode::arith::{self, ArithError, FloatPower, IntPower};
use pyxray_bytecode::opcode::BINARY_OPS;

use pyxray_bytecode::set_table::SetTable;

use super::Object;
use crate::heap::{Heap, ObjId};

/// The `type_name` of a `Raise` that is no exception: what pyxray does not support yet.
/// Turned into `Fault::Internal` (the run stops with a clear message).
pub const NOT_SUPPORTED: &str = "<not supported yet>";

/// A Python exception to raise: its class name and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raise {
    pub type_name: &'static str,
    pub message: String,
    /// What the printed traceback adds to the message ("Did you mean: 'count'?").
    pub suggestion: Option<String>,
}

impl Raise {
    pub fn new(type_name: &'static str, message: impl Into<String>) -> Self {
        Raise {
            type_name,
            message: message.into(),
            suggestion: None,
        }
    }
}

impl From<ArithError> for Raise {
    fn from(error: ArithError) -> Self {
        Raise::new(error.exception_name(), error.message())
    }
}

/// Sequences longer than this are refused with `MemoryError` (a configurable-limit stand-in
/// for running out of memory).
pub const MAX_SEQUENCE_LENGTH: usize = 10_000_000;

/// The numeric view of an object: bools are ints, as in Python.
enum Num {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

fn as_number(object: &Object) -> Option<Num> {
    Some(match object {
        Object::Bool(b) => Num::Int(BigInt::from(*b as u8)),
        Object::Int(i) => Num::Int(i.clone()),
        Object::Float(x) => Num::Float(*x),
        Object::Complex { real, imag } => Num::Complex(*real, *imag),
        _ => return None,
    })
}

fn to_float(n: &Num) -> Result<f64, Raise> {
    match n {
        Num::Int(i) => Ok(arith::int_to_float(i)?),
        Num::Float(x) => Ok(*x),
        Num::Complex(real, _) => Ok(*real),
    }
}

fn to_complex(n: &Num) -> Result<(f64, f64), Raise> {
    match n {
        Num::Complex(real, imag) => Ok((*real, *imag)),
        other => Ok((to_float(other)?, 0.0)),
    }
}

fn unsupported(op: u32, left: &Object, right: &Object) -> Raise {
    let symbol = BINARY_OPS.get(op as usize).copied().unwrap_or("?");
    if op == 26 {
        return Raise::new(
            "TypeError",
            format!("'{}' object is not subscriptable", left.type_name()),
        );
    }
    Raise::new(
        "TypeError",
        format!(
            "unsupported operand type(s) for {symbol}: '{}' and '{}'",
            left.type_name(),
            right.type_name()
        ),
    )
}

/// `BINARY_OP`: `left <op> right` for the `NB_*` operator `op` (in-place forms behave alike here).
pub fn binary_op(heap: &Heap, op: u32, left: ObjId, right: ObjId) -> Result<Object, Raise> {
    let (Some(l), Some(r)) = (heap.get(left), heap.get(right)) else {
        return Err(Raise::new("SystemError", "operand was freed"));
    };
    let base = if (13..26).contains(&op) { op - 13 } else { op };
    const REMAINDER: u32 = 6;
    if let (REMAINDER, Object::Str(template)) = (base, l) {
        return super::printf::printf_format(heap, template, right).map(Object::Str);
    }
    if let Some(result) = sequence_op(heap, base, l, r)? {
        return Ok(result);
    }
    let is_sequence = |o: &Object| {
        matches!(
            o,
            Object::Str(_) | Object::Bytes(_) | Object::List(_) | Object::Tuple(_)
        )
    };
    if base == 5 && (is_sequence(l) || is_sequence(r)) {
        // `seq * x` where x is not an int (`sq_repeat` needs an index).
        let other = if is_sequence(l) { r } else { l };
        if !matches!(other, Object::Int(_) | Object::Bool(_)) {
            return Err(Raise::new(
                "TypeError",
                format!(
                    "can't multiply sequence by non-int of type '{}'",
                    other.type_name()
                ),
            ));
        }
    }
    let (Some(a), Some(b)) = (as_number(l), as_number(r)) else {
        if base == 0 {
            if let Object::Str(_) = l {
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "can only concatenate str (not \"{}\") to str",
                        r.type_name()
                    ),
                ));
            }
            if let Object::List(_) = l {
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "can only concatenate list (not \"{}\") to list",
                        r.type_name()
                    ),
                ));
            }
            if let Object::Tuple(_) = l {
                return Err(Raise::new(
                    "TypeError",
                    format!(
                        "can only concatenate tuple (not \"{}\") to tuple",
                        r.type_name()
                    ),
                ));
            }
        }
        return Err(unsupported(op, l, r));
    };
    match (&a, &b) {
        (Num::Int(x), Num::Int(y)) => int_op(heap, base, x, y).map_err(|e| {
            if e.type_name.is_empty() {
                unsupported(op, l, r)
            } else {
                e
            }
        }),
        (Num::Complex(..), _) | (_, Num::Complex(..)) => {
            let mixed = match (&a, &b) {
                (Num::Complex(..), Num::Complex(..)) => Mixed::Neither,
                (Num::Complex(..), _) => Mixed::RightReal,
                _ => Mixed::LeftReal,
            };
            complex_op(base, to_complex(&a)?, to_complex(&b)?, mixed).map_err(|e| {
                if e.type_name.is_empty() {
                    unsupported(op, l, r)
                } else {
                    e
                }
            })
        }
        _ => float_op(base, to_float(&a)?, to_float(&b)?).map_err(|e| {
            if e.type_name.is_empty() {
                unsupported(op, l, r)
            } else {
                e
            }
        }),
    }
}

/// An empty `type_name` means "not defined for these operands": the caller words the TypeError.
fn not_defined() -> Raise {
    Raise::new("", "")
}

/// `MemoryError()`: a request past the heap's byte budget or int size limit.
pub fn memory_error() -> Raise {
    Raise::new("MemoryError", "")
}

/// The bits an int result would need at most, for the operations that can grow it a lot:
/// `a * b`, `a << b` and `a ** b` (for a non-negative exponent).
fn int_result_bits(op: u32, a: &BigInt, b: &BigInt) -> u64 {
    match op {
        3 => match b.to_u64() {
            Some(shift) if !a.is_zero() => a.bits().saturating_add(shift),
            Some(_) => 0,
            None if a.is_zero() || b.is_negative() => 0,
            None => u64::MAX,
        },
        5 => a.bits() + b.bits(),
        8 if a.bits() <= 1 || b.is_negative() => 1,
        8 => match b.to_u64() {
            Some(exponent) => a.bits().saturating_mul(exponent),
            None => u64::MAX,
        },
        _ => a.bits().max(b.bits()) + 1,
    }
}

fn int_op(heap: &Heap, op: u32, a: &BigInt, b: &BigInt) -> Result<Object, Raise> {
    if !heap.can_make_int(int_result_bits(op, a, b)) {
        // A negative shift count is a ValueError whatever the size; let it say so.
        if !(op == 3 && b.is_negative()) {
            return Err(memory_error());
        }
    }
    Ok(match op {
        0 => Object::Int(a + b),
        1 => Object::Int(a & b),
        2 => Object::Int(arith::int_floordiv(a, b)?),
        3 => Object::Int(arith::int_lshift(a, b)?),
        5 => Object::Int(a * b),
        6 => Object::Int(arith::int_mod(a, b)?),
        7 => Object::Int(a | b),
        8 => match arith::int_pow(a, b)? {
            IntPower::Int(i) => Object::Int(i),
            IntPower::Float(x) => Object::Float(x),
        },
        9 => Object::Int(arith::int_rshift(a, b)?),
        10 => Object::Int(a - b),
        11 => Object::Float(arith::int_truediv(a, b)?),
        12 => Object::Int(a ^ b),
        _ => return Err(not_defined()),
    })
}

fn float_op(op: u32, a: f64, b: f64) -> Result<Object, Raise> {
    Ok(match op {
        0 => Object::Float(a + b),
        2 => Object::Float(arith::float_divmod(a, b)?.0),
        5 => Object::Float(a * b),
        6 => Object::Float(arith::float_divmod(a, b)?.1),
        8 => match arith::float_pow(a, b)? {
            FloatPower::Real(x) => Object::Float(x),
            FloatPower::Complex(real, imag) => Object::Complex { real, imag },
        },
        10 => Object::Float(a - b),
        11 => Object::Float(arith::float_truediv(a, b)?),
        _ => return Err(not_defined()),
    })
}

/// Which operand of a complex operation is a real number (int or float).
#[derive(Clone, Copy, PartialEq)]
enum Mixed {
    Neither,
    LeftReal,
    RightReal,
}

/// Complex arithmetic. Since 3.14 a real operand takes part as a real number, not as a complex
/// with a zero imaginary part, so `1 - 0j` is `(1-0j)` (`_Py_cr_diff`, `_Py_rc_prod`, …).
fn complex_op(
    op: u32,
    (a, b): (f64, f64),
    (c, d): (f64, f64),
    mixed: Mixed,
) -> Result<Object, Raise> {
    let complex = |real, imag| Object::Complex { real, imag };
    Ok(match (op, mixed) {
        (0, Mixed::LeftReal) => complex(a + c, d),
        (0, Mixed::RightReal) => complex(a + c, b),
        (0, Mixed::Neither) => complex(a + c, b + d),
        (10, Mixed::LeftReal) => complex(a - c, -d),
        (10, Mixed::RightReal) => complex(a - c, b),
        (10, Mixed::Neither) => complex(a - c, b - d),
        (5, Mixed::LeftReal) => complex(a * c, a * d),
        (5, Mixed::RightReal) => complex(a * c, b * c),
        (5, Mixed::Neither) => {
            let (real, imag) = complex_product((a, b), (c, d));
            complex(real, imag)
        }
        (8, _) => {
            let (real, imag) = complex_power((a, b), (c, d))?;
            complex(real, imag)
        }
        (11, Mixed::RightReal) => {
            if c == 0.0 {
                return Err(Raise::new("ZeroDivisionError", "division by zero"));
            }
            complex(a / c, b / c)
        }
        (11, Mixed::LeftReal) => {
            let (real, imag) = real_by_complex_quotient(a, (c, d))?;
            complex(real, imag)
        }
        (11, Mixed::Neither) => {
            let (real, imag) = complex_quotient((a, b), (c, d))?;
            complex(real, imag)
        }
        _ => return Err(not_defined()),
    })
}

/// `_Py_c_prod`, with C11 Annex G's recovery of infinities that came out as NaN.
fn complex_product((a, b): (f64, f64), (c, d): (f64, f64)) -> (f64, f64) {
    let (ac, bd, ad, bc) = (a * c, b * d, a * d, b * c);
    let (real, imag) = (ac - bd, ad + bc);
    if !(real.is_nan() && imag.is_nan()) {
        return (real, imag);
    }
    let (mut a, mut b, mut c, mut d) = (a, b, c, d);
    let boxed = |x: f64| {
        if x.is_infinite() {
            1.0f64.copysign(x)
        } else {
            0.0f64.copysign(x)
        }
    };
    let zero_nan = |x: f64| if x.is_nan() { 0.0f64.copysign(x) } else { x };
    let mut recalculate = false;
    if a.is_infinite() || b.is_infinite() {
        (a, b, c, d) = (boxed(a), boxed(b), zero_nan(c), zero_nan(d));
        recalculate = true;
    }
    if c.is_infinite() || d.is_infinite() {
        (a, b, c, d) = (zero_nan(a), zero_nan(b), boxed(c), boxed(d));
        recalculate = true;
    }
    if !recalculate
        && (ac.is_infinite() || bd.is_infinite() || ad.is_infinite() || bc.is_infinite())
    {
        (a, b, c, d) = (zero_nan(a), zero_nan(b), zero_nan(c), zero_nan(d));
        recalculate = true;
    }
    if recalculate {
        (
            f64::INFINITY * (a * c - b * d),
            f64::INFINITY * (a * d + b * c),
        )
    } else {
        (real, imag)
    }
}

/// `complex_pow`: a small integer exponent by repeated multiplication (`c_powi`), any other
/// by `_Py_c_pow`; an infinite part is CPython's OverflowError.
fn complex_power(base: (f64, f64), exponent: (f64, f64)) -> Result<(f64, f64), Raise> {
    let (er, ei) = exponent;
    let result = if ei == 0.0 && er == er.floor() && er.abs() <= 100.0 {
        let n = er.abs() as u64;
        let mut result = (1.0, 0.0);
        let mut power = base;
        let mut mask = 1u64;
        while mask > 0 && n >= mask {
            if n & mask != 0 {
                result = complex_product(result, power);
            }
            mask <<= 1;
            power = complex_product(power, power);
        }
        if er < 0.0 {
            if result == (0.0, 0.0) {
                return Err(Raise::new(
                    "ZeroDivisionError",
                    "zero to a negative or complex power",
                ));
            }
            complex_quotient((1.0, 0.0), result)?
        } else {
            result
        }
    } else if er == 0.0 && ei == 0.0 {
        (1.0, 0.0)
    } else if base == (0.0, 0.0) {
        if ei != 0.0 || er < 0.0 {
            return Err(Raise::new(
                "ZeroDivisionError",
                "zero to a negative or complex power",
            ));
        }
        (0.0, 0.0)
    } else {
        let magnitude = base.0.hypot(base.1);
        let mut length = magnitude.powf(er);
        let angle = base.1.atan2(base.0);
        let mut phase = angle * er;
        if ei != 0.0 {
            length /= (angle * ei).exp();
            phase += ei * magnitude.ln();
        }
        (length * phase.cos(), length * phase.sin())
    };
    if result.0.is_infinite() || result.1.is_infinite() {
        return Err(Raise::new("OverflowError", "complex exponentiation"));
    }
    Ok(result)
}

/// `_Py_rc_quot`: a real divided by a complex, Smith's method with the zero imaginary part of
/// the dividend left out (so `0 / 1e309j` is `-0j`).
fn real_by_complex_quotient(a: f64, (br, bi): (f64, f64)) -> Result<(f64, f64), Raise> {
    let (abs_br, abs_bi) = (br.abs(), bi.abs());
    if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return Err(Raise::new("ZeroDivisionError", "division by zero"));
        }
        let ratio = bi / br;
        let denominator = br + bi * ratio;
        Ok((a / denominator, (-a * ratio) / denominator))
    } else if abs_bi >= abs_br {
        let ratio = br / bi;
        let denominator = br * ratio + bi;
        Ok(((a * ratio) / denominator, -a / denominator))
    } else {
        complex_quotient((a, 0.0), (br, bi))
    }
}

/// `_Py_c_quot`: Smith's method (divide through by the larger part of the divisor), then
/// C11 Annex G's recovery of infinities and zeros that came out as NaN.
fn complex_quotient((ar, ai): (f64, f64), (br, bi): (f64, f64)) -> Result<(f64, f64), Raise> {
    let (abs_br, abs_bi) = (br.abs(), bi.abs());
    let (mut real, mut imag) = if abs_br >= abs_bi {
        if abs_br == 0.0 {
            return Err(Raise::new("ZeroDivisionError", "division by zero"));
        }
        let ratio = bi / br;
        let denominator = br + bi * ratio;
        (
            (ar + ai * ratio) / denominator,
            (ai - ar * ratio) / denominator,
        )
    } else if abs_bi >= abs_br {
        let ratio = br / bi;
        let denominator = br * ratio + bi;
        (
            (ar * ratio + ai) / denominator,
            (ai * ratio - ar) / denominator,
        )
    } else {
        (f64::NAN, f64::NAN)
    };
    if real.is_nan() && imag.is_nan() {
        let unit = |x: f64| 1.0f64.copysign(x);
        if (ar.is_infinite() || ai.is_infinite()) && br.is_finite() && bi.is_finite() {
            let x = if ar.is_infinite() {
                unit(ar)
            } else {
                0.0f64.copysign(ar)
            };
            let y = if ai.is_infinite() {
                unit(ai)
            } else {
                0.0f64.copysign(ai)
            };
            real = f64::INFINITY * (x * br + y * bi);
            imag = f64::INFINITY * (y * br - x * bi);
        } else if (abs_br.is_infinite() || abs_bi.is_infinite()) && ar.is_finite() && ai.is_finite()
        {
            let x = if br.is_infinite() {
                unit(br)
            } else {
                0.0f64.copysign(br)
            };
            let y = if bi.is_infinite() {
                unit(bi)
            } else {
                0.0f64.copysign(bi)
            };
            real = 0.0 * (ar * x + ai * y);
            imag = 0.0 * (ai * x - ar * y);
        }
    }
    Ok((real, imag))
}

/// Concatenation and repetition of str, bytes, tuple and list; `None` if not a sequence case.
fn sequence_op(heap: &Heap, op: u32, l: &Object, r: &Object) -> Result<Option<Object>, Raise> {
    let repeat_count = |count: &Object| -> Option<i64> {
        match count {
            Object::Int(i) => Some(i.to_i64().unwrap_or(i64::MAX)),
            Object::Bool(b) => Some(*b as i64),
            _ => None,
        }
    };
    // Each repetition or concatenation asks the heap's budget first (8 bytes per item).
    let check = |length: usize, times: i64, item_bytes: usize| -> Result<usize, Raise> {
        let times = times.max(0) as usize;
        let total = length.saturating_mul(times);
        if total > MAX_SEQUENCE_LENGTH || !heap.can_allocate(total.saturating_mul(item_bytes)) {
            return Err(memory_error());
        }
        Ok(times)
    };
    let concat = |a: usize, b: usize, item_bytes: usize| check(a + b, 1, item_bytes).map(|_| ());
    Ok(Some(match (op, l, r) {
        (0, Object::Str(a), Object::Str(b)) => {
            concat(a.len(), b.len(), 1)?;
            Object::Str(format!("{a}{b}"))
        }
        (0, Object::Bytes(a), Object::Bytes(b)) => {
            concat(a.len(), b.len(), 1)?;
            Object::Bytes([a.as_slice(), b.as_slice()].concat())
        }
        (0, Object::Tuple(a), Object::Tuple(b)) => {
            concat(a.len(), b.len(), 8)?;
            Object::Tuple([a.as_slice(), b.as_slice()].concat())
        }
        (0, Object::List(a), Object::List(b)) => {
            concat(a.len(), b.len(), 8)?;
            Object::List([a.as_slice(), b.as_slice()].concat())
        }
        (5, Object::Str(s), n) | (5, n, Object::Str(s)) if repeat_count(n).is_some() => {
            let times = check(s.len(), repeat_count(n).unwrap_or(0), 1)?;
            Object::Str(s.repeat(times))
        }
        (5, Object::Bytes(s), n) | (5, n, Object::Bytes(s)) if repeat_count(n).is_some() => {
            let times = check(s.len(), repeat_count(n).unwrap_or(0), 1)?;
            Object::Bytes(s.repeat(times))
        }
        (5, Object::Tuple(items), n) | (5, n, Object::Tuple(items))
            if repeat_count(n).is_some() =>
        {
            let times = check(items.len(), repeat_count(n).unwrap_or(0), 8)?;
            Object::Tuple(items.repeat(times))
        }
        (5, Object::List(items), n) | (5, n, Object::List(items)) if repeat_count(n).is_some() => {
            let times = check(items.len(), repeat_count(n).unwrap_or(0), 8)?;
            Object::List(items.repeat(times))
        }
        _ => return Ok(None),
    }))
}

/// `UNARY_NEGATIVE`, `UNARY_INVERT` and unary `+`.
pub fn unary_op(
    heap: &Heap,
    opcode: pyxray_bytecode::opcode::Opcode,
    operand: ObjId,
) -> Result<Object, Raise> {
    use pyxray_bytecode::opcode::Opcode;
    let Some(object) = heap.get(operand) else {
        return Err(Raise::new("SystemError", "operand was freed"));
    };
    let symbol = match opcode {
        Opcode::UnaryNegative => "-",
        Opcode::UnaryInvert => "~",
        _ => "+",
    };
    let result = match (opcode, as_number(object)) {
        (Opcode::UnaryNegative, Some(Num::Int(i))) => Some(Object::Int(-i)),
        (Opcode::UnaryNegative, Some(Num::Float(x))) => Some(Object::Float(-x)),
        (Opcode::UnaryNegative, Some(Num::Complex(a, b))) => {
            Some(Object::Complex { real: -a, imag: -b })
        }
        (Opcode::UnaryInvert, Some(Num::Int(i))) => Some(Object::Int(!i)),
        (Opcode::CallIntrinsic1, Some(Num::Int(i))) => Some(Object::Int(i)),
        (Opcode::CallIntrinsic1, Some(Num::Float(x))) => Some(Object::Float(x)),
        (Opcode::CallIntrinsic1, Some(Num::Complex(a, b))) => {
            Some(Object::Complex { real: a, imag: b })
        }
        _ => None,
    };
    result.ok_or_else(|| {
        Raise::new(
            "TypeError",
            format!(
                "bad operand type for unary {symbol}: '{}'",
                object.type_name()
            ),
        )
    })
}

/// `PyObject_IsTrue`.
pub fn is_true(heap: &Heap, id: ObjId) -> bool {
    match heap.get(id) {
        None | Some(Object::None) => false,
        Some(Object::Bool(b)) => *b,
        Some(Object::Int(i)) => !i.is_zero(),
        Some(Object::Float(x)) => *x != 0.0,
        Some(Object::Complex { real, imag }) => *real != 0.0 || *imag != 0.0,
        Some(Object::Str(s)) => !s.is_empty(),
        Some(Object::Bytes(b)) => !b.is_empty(),
        Some(Object::Tuple(items)) | Some(Object::List(items)) => !items.is_empty(),
        Some(Object::Dict(pairs)) => !pairs.is_empty(),
        Some(Object::Set(table) | Object::FrozenSet(table)) => !table.is_empty(),
        Some(Object::DictView { dict, .. }) => is_true(heap, *dict),
        Some(_) => true,
    }
}

/// `PyObject_RichCompareBool(a, b, Py_EQ)`: identity implies equality (so a NaN inside a list
/// equals itself), then `==` by value. Containers use this for their items and for `in`.
pub fn equal(heap: &Heap, a: ObjId, b: ObjId) -> Result<bool, Raise> {
    equal_pairs(heap, vec![(a, b, true)])
}

/// `PyObject_RichCompare(a, b, Py_EQ)` for the built-in types: by value, with no identity
/// shortcut at the top (`x == x` is False for a NaN); identity for objects without `__eq__`.
fn rich_equal(heap: &Heap, a: ObjId, b: ObjId) -> Result<bool, Raise> {
    equal_pairs(heap, vec![(a, b, false)])
}

/// How deep `==` may descend into nested lists and tuples before it stops with CPython's
/// RecursionError; a list that contains itself reaches it instead of comparing forever.
const COMPARISON_DEPTH_LIMIT: u32 = 100_000;

/// Compares pairs depth-first, in the order CPython's recursive `list_richcompare` visits
/// them, with an explicit stack: nesting depth costs heap memory, never Rust stack.
/// The flag says whether identity implies equality for that pair.
fn equal_pairs(heap: &Heap, pairs: Vec<(ObjId, ObjId, bool)>) -> Result<bool, Raise> {
    let mut pending: Vec<(ObjId, ObjId, bool, u32)> = pairs
        .into_iter()
        .map(|(a, b, flag)| (a, b, flag, 0))
        .collect();
    while let Some((a, b, identity_suffices, depth)) = pending.pop() {
        if identity_suffices && a == b {
            continue;
        }
        let (Some(x), Some(y)) = (heap.get(a), heap.get(b)) else {
            return Ok(false);
        };
        if defines_eq(heap, x) || defines_eq(heap, y) {
            // Its `__eq__` would have to run as a frame from inside this native comparison.
            return Err(Raise::new(
                NOT_SUPPORTED,
                "not supported yet: comparing, inside a container, `in` or a list method, \
                 objects whose class defines __eq__",
            ));
        }
        let same = match (x, y) {
            (Object::Tuple(s), Object::Tuple(t)) | (Object::List(s), Object::List(t)) => {
                if s.len() != t.len() {
                    return Ok(false);
                }
                if depth >= COMPARISON_DEPTH_LIMIT {
                    return Err(Raise::new(
                        "RecursionError",
                        "maximum recursion depth exceeded in comparison",
                    ));
                }
                pending.extend(
                    s.iter()
                        .zip(t)
                        .rev()
                        .map(|(&p, &q)| (p, q, true, depth + 1)),
                );
                true
            }
            (Object::Set(s) | Object::FrozenSet(s), Object::Set(t) | Object::FrozenSet(t)) => {
                s.len() == t.len() && set_is_subset(heap, s, t)?
            }
            (Object::Dict(s), Object::Dict(t)) => {
                if s.len() != t.len() {
                    return Ok(false);
                }
                if depth >= COMPARISON_DEPTH_LIMIT {
                    return Err(Raise::new(
                        "RecursionError",
                        "maximum recursion depth exceeded in comparison",
                    ));
                }
                // `dict_equal`: each key looked up in the other dict, then the values compared.
                for &(key, value) in s.iter().rev() {
                    let mut other_value = None;
                    for &(other_key, v) in t {
                        if equal(heap, other_key, key)? {
                            other_value = Some(v);
                            break;
                        }
                    }
                    match other_value {
                        Some(v) => pending.push((value, v, true, depth + 1)),
                        None => return Ok(false),
                    }
                }
                true
            }
            // Objects without value equality compare by identity (`object.__eq__`).
            (
                Object::Instance { .. }
                | Object::Function(_)
                | Object::Type(_)
                | Object::Method { .. }
                | Object::Generator { .. }
                | Object::Exception(_),
                _,
            ) => a == b,
            _ => scalar_equal(x, y),
        };
        if !same {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether `object` is an instance of a user class (or a user exception class) that
/// defines `__eq__` somewhere along its MRO.
fn defines_eq(heap: &Heap, object: &Object) -> bool {
    let class = match object {
        Object::Instance { class, .. } => *class,
        Object::Exception(e) => e.class,
        _ => return false,
    };
    let Some(Object::Type(t)) = heap.get(class) else {
        return false;
    };
    t.mro.iter().any(|&klass| match heap.get(klass) {
        Some(Object::Type(k)) if k.native.is_none() && k.builtin_exception.is_none() => {
            matches!(heap.get(k.dict), Some(Object::Dict(pairs)) if pairs.iter().any(|&(key, _)| {
                matches!(heap.get(key), Some(Object::Str(name)) if name == "__eq__")
            }))
        }
        _ => false,
    })
}

/// `==` between two objects that are not both tuples or both lists.
fn scalar_equal(x: &Object, y: &Object) -> bool {
    if let (Some(m), Some(n)) = (as_number(x), as_number(y)) {
        return match (m, n) {
            (Num::Int(i), Num::Int(j)) => i == j,
            (Num::Int(i), Num::Float(f)) | (Num::Float(f), Num::Int(i)) => {
                arith::compare_int_float(&i, f).is_some_and(|o| o.is_eq())
            }
            (Num::Float(f), Num::Float(g)) => f == g,
            (m, n) => match (to_complex(&m), to_complex(&n)) {
                (Ok(p), Ok(q)) => p == q,
                // An int too large for a float equals no complex number.
                _ => false,
            },
        };
    }
    match (x, y) {
        (Object::Str(s), Object::Str(t)) => s == t,
        (Object::Bytes(s), Object::Bytes(t)) => s == t,
        (Object::None, Object::None) | (Object::Ellipsis, Object::Ellipsis) => true,
        (
            Object::Range {
                start: a0,
                stop: a1,
                step: a2,
            },
            Object::Range {
                start: b0,
                stop: b1,
                step: b2,
            },
        ) => range_equal((a0, a1, a2), (b0, b1, b2)),
        _ => false,
    }
}

/// `range_richcompare`: equal when they produce the same sequence.
fn range_equal(a: (&BigInt, &BigInt, &BigInt), b: (&BigInt, &BigInt, &BigInt)) -> bool {
    let length_a = range_length(a.0, a.1, a.2);
    let length_b = range_length(b.0, b.1, b.2);
    if length_a != length_b {
        return false;
    }
    if length_a.is_zero() {
        return true;
    }
    if a.0 != b.0 {
        return false;
    }
    length_a == BigInt::from(1) || a.2 == b.2
}

/// The number of items of `range(start, stop, step)`.
pub fn range_length(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    use num_integer::Integer;
    let zero = BigInt::zero();
    if step > &zero && start < stop {
        (stop - start - 1u32).div_floor(step) + 1u32
    } else if step < &zero && start > stop {
        (start - stop - 1u32).div_floor(&-step) + 1u32
    } else {
        zero
    }
}

/// `set_issubset` between two sets: every key of `s` is in `t`, found by hash.
pub fn set_is_subset(heap: &Heap, s: &SetTable<ObjId>, t: &SetTable<ObjId>) -> Result<bool, Raise> {
    if s.len() > t.len() {
        return Ok(false);
    }
    for (hash, &key) in s.entries() {
        if t.lookup(hash, |&existing| equal(heap, existing, key))?
            .is_none()
        {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `COMPARE_OP`: `<`, `<=`, `==`, `!=`, `>`, `>=` (index into `dis.cmp_op`).
///
/// Two tuples or lists compare by their first items that differ, so the comparison moves
/// down to that pair and repeats (a loop, not recursion); if one is a prefix of the other,
/// their lengths decide (`tuple_richcompare`, `list_richcompare`).
pub fn compare(heap: &Heap, cmp: u32, mut a: ObjId, mut b: ObjId) -> Result<bool, Raise> {
    if cmp == 2 {
        return rich_equal(heap, a, b);
    }
    if cmp == 3 {
        return Ok(!rich_equal(heap, a, b)?);
    }
    loop {
        let (Some(x), Some(y)) = (heap.get(a), heap.get(b)) else {
            return Err(Raise::new("SystemError", "operand was freed"));
        };
        let ordering = match (as_number(x), as_number(y)) {
            (Some(Num::Int(i)), Some(Num::Int(j))) => i.partial_cmp(&j),
            (Some(Num::Int(i)), Some(Num::Float(f))) => arith::compare_int_float(&i, f),
            (Some(Num::Float(f)), Some(Num::Int(i))) => {
                arith::compare_int_float(&i, f).map(|o| o.reverse())
            }
            (Some(Num::Float(f)), Some(Num::Float(g))) => f.partial_cmp(&g),
            _ => match (x, y) {
                (Object::Str(s), Object::Str(t)) => Some(s.cmp(t)),
                (Object::Bytes(s), Object::Bytes(t)) => Some(s.cmp(t)),
                (Object::Set(s) | Object::FrozenSet(s), Object::Set(t) | Object::FrozenSet(t)) => {
                    // `set_richcompare`: subset order.
                    return Ok(match cmp {
                        0 => s.len() < t.len() && set_is_subset(heap, s, t)?,
                        1 => set_is_subset(heap, s, t)?,
                        4 => s.len() > t.len() && set_is_subset(heap, t, s)?,
                        _ => set_is_subset(heap, t, s)?,
                    });
                }
                (Object::Tuple(s), Object::Tuple(t)) | (Object::List(s), Object::List(t)) => {
                    let mut differing = None;
                    for (&p, &q) in s.iter().zip(t) {
                        if !equal(heap, p, q)? {
                            differing = Some((p, q));
                            break;
                        }
                    }
                    match differing {
                        Some((p, q)) => {
                            (a, b) = (p, q);
                            continue;
                        }
                        None => Some(s.len().cmp(&t.len())),
                    }
                }
                _ => {
                    let symbol = pyxray_bytecode::opcode::COMPARE_OPS
                        .get(cmp as usize)
                        .copied()
                        .unwrap_or("?");
                    return Err(Raise::new(
                        "TypeError",
                        format!(
                            "'{symbol}' not supported between instances of '{}' and '{}'",
                            x.type_name(),
                            y.type_name()
                        ),
                    ));
                }
            },
        };
        // NaN compares false to everything.
        return Ok(ordering.is_some_and(|ordering| ordering_satisfies(cmp, ordering)));
    }
}

fn ordering_satisfies(cmp: u32, ordering: std::cmp::Ordering) -> bool {
    match cmp {
        0 => ordering.is_lt(),
        1 => ordering.is_le(),
        2 => ordering.is_eq(),
        3 => ordering.is_ne(),
        4 => ordering.is_gt(),
        _ => ordering.is_ge(),
    }
}
