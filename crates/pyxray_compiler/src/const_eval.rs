//! Evaluating operators on constants for the optimizer, with CPython's size guards so that
//! folding never builds huge objects at compile time.
//!
//! CPython: `Python/flowgraph.c` (`eval_const_binop`, `const_folding_safe_multiply`,
//! `const_folding_safe_power`, `const_folding_safe_lshift`, `const_folding_safe_mod`,
//! `eval_const_unaryop`). An operation that would raise is not folded: it raises at run time.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use pyxray_bytecode::arith::{self, FloatPower, IntPower};
use pyxray_bytecode::code::ConstValue;

const MAX_INT_SIZE: u64 = 128;
const MAX_COLLECTION_SIZE: usize = 256;
const MAX_STR_SIZE: usize = 4096;

/// A number as the folder sees it: ints and bools are ints, floats are floats.
enum Number {
    Int(BigInt),
    Float(f64),
}

fn number(value: &ConstValue) -> Option<Number> {
    match value {
        ConstValue::Int(i) => Some(Number::Int(i.clone())),
        ConstValue::Bool(b) => Some(Number::Int(BigInt::from(*b as u8))),
        ConstValue::Float(x) => Some(Number::Float(*x)),
        _ => None,
    }
}

fn as_float(n: &Number) -> Option<f64> {
    match n {
        Number::Int(i) => arith::int_to_float(i).ok(),
        Number::Float(x) => Some(*x),
    }
}

fn bits(i: &BigInt) -> u64 {
    i.bits()
}

/// `eval_const_binop` for the `BINARY_OP` argument `op` (`NB_*` numbering).
pub fn binop(left: &ConstValue, op: u32, right: &ConstValue) -> Option<ConstValue> {
    match (left, right) {
        (ConstValue::Str(a), ConstValue::Str(b)) if op == 0 => {
            return Some(ConstValue::Str(format!("{a}{b}")))
        }
        (ConstValue::Bytes(a), ConstValue::Bytes(b)) if op == 0 => {
            return Some(ConstValue::Bytes([a.as_slice(), b.as_slice()].concat()))
        }
        (ConstValue::Tuple(a), ConstValue::Tuple(b)) if op == 0 => {
            return Some(ConstValue::Tuple([a.as_slice(), b.as_slice()].concat()))
        }
        _ => {}
    }
    if op == 5 {
        if let Some(repeated) = repeat(left, right).or_else(|| repeat(right, left)) {
            return repeated;
        }
    }
    if let Some(result) = complex_binop(left, op, right) {
        return result;
    }
    if op == NB_SUBSCR {
        return subscript(left, right);
    }
    let (a, b) = (number(left)?, number(right)?);
    match (a, b) {
        (Number::Int(a), Number::Int(b)) => int_binop(&a, op, &b),
        (a, b) => float_binop(as_float(&a)?, op, as_float(&b)?),
    }
}

/// `BINARY_OP` argument of `container[key]`.
const NB_SUBSCR: u32 = 26;

/// `container[key]` for a constant string or tuple and an int or slice key.
fn subscript(container: &ConstValue, key: &ConstValue) -> Option<ConstValue> {
    let items: Vec<ConstValue> = match container {
        ConstValue::Str(s) => s.chars().map(|c| ConstValue::Str(c.to_string())).collect(),
        ConstValue::Tuple(items) => items.clone(),
        _ => return None,
    };
    let len = items.len() as i64;
    let picked: Vec<ConstValue> = match key {
        ConstValue::Int(i) => {
            let mut index = i.to_i64()?;
            if index < 0 {
                index += len;
            }
            if !(0..len).contains(&index) {
                return None;
            }
            return Some(items[index as usize].clone());
        }
        ConstValue::Slice(parts) => {
            let part = |value: &ConstValue| -> Option<Option<i64>> {
                match value {
                    ConstValue::None => Some(None),
                    ConstValue::Int(i) => Some(Some(i.to_i64()?)),
                    _ => None,
                }
            };
            let (start, stop, step) = (
                part(parts.first()?)?,
                part(parts.get(1)?)?,
                part(parts.get(2)?)?.unwrap_or(1),
            );
            if step == 0 {
                return None;
            }
            // `PySlice_AdjustIndices`.
            let adjust = |bound: Option<i64>, default: i64| -> i64 {
                match bound {
                    None => default,
                    Some(b) if b < 0 => {
                        let b = b + len;
                        if b < 0 {
                            if step < 0 {
                                -1
                            } else {
                                0
                            }
                        } else {
                            b
                        }
                    }
                    Some(b) if b >= len => {
                        if step < 0 {
                            len - 1
                        } else {
                            len
                        }
                    }
                    Some(b) => b,
                }
            };
            let (start, stop) = if step > 0 {
                (adjust(start, 0), adjust(stop, len))
            } else {
                (adjust(start, len - 1), adjust(stop, -1))
            };
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i < stop) || (step < 0 && i > stop) {
                out.push(items[i as usize].clone());
                i += step;
            }
            out
        }
        _ => return None,
    };
    Some(match container {
        ConstValue::Str(_) => ConstValue::Str(
            picked
                .iter()
                .filter_map(|c| match c {
                    ConstValue::Str(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect(),
        ),
        _ => ConstValue::Tuple(picked),
    })
}

/// `+`, `-` and `*` with a complex operand (`3 + 4j`): `Some(None)` when a complex operand
/// meets an operator not folded here, `None` when neither operand is complex.
fn complex_binop(left: &ConstValue, op: u32, right: &ConstValue) -> Option<Option<ConstValue>> {
    let parts = |value: &ConstValue| -> Option<(f64, f64)> {
        match value {
            ConstValue::Complex { real, imag } => Some((*real, *imag)),
            other => Some((as_float(&number(other)?)?, 0.0)),
        }
    };
    if !matches!(left, ConstValue::Complex { .. }) && !matches!(right, ConstValue::Complex { .. }) {
        return None;
    }
    let (Some((a, b)), Some((c, d))) = (parts(left), parts(right)) else {
        return Some(None);
    };
    // CPython's complex arithmetic keeps a real operand's zero imaginary part out of the
    // result (`complex + float` adds to the real part only).
    let left_real = !matches!(left, ConstValue::Complex { .. });
    let right_real = !matches!(right, ConstValue::Complex { .. });
    let (real, imag) = match op {
        0 => (
            a + c,
            if left_real {
                d
            } else if right_real {
                b
            } else {
                b + d
            },
        ),
        10 => (
            a - c,
            if left_real {
                -d
            } else if right_real {
                b
            } else {
                b - d
            },
        ),
        5 if left_real => (a * c, a * d),
        5 if right_real => (a * c, b * c),
        5 => (a * c - b * d, a * d + b * c),
        8 => match right {
            // `c_powi`: a small integer power is repeated multiplication.
            ConstValue::Int(n) => match n.to_i64() {
                Some(n) if (-100..=100).contains(&n) => {
                    let (r, i) = complex_powu((a, b), n.unsigned_abs());
                    if n >= 0 {
                        (r, i)
                    } else {
                        // 1 / (r + i j), as `_Py_c_quot` computes it for a real numerator.
                        if r == 0.0 && i == 0.0 {
                            return Some(None);
                        }
                        let (real, imag) = complex_quot((1.0, 0.0), (r, i));
                        (real, imag)
                    }
                }
                _ => return Some(None),
            },
            _ => return Some(None),
        },
        _ => return Some(None),
    };
    // A result that is not finite may be an OverflowError at run time ("complex
    // exponentiation"), and CPython folds nothing that raises: leave it to the VM.
    if op == 8 && !(real.is_finite() && imag.is_finite()) {
        return Some(None);
    }
    Some(Some(ConstValue::Complex { real, imag }))
}

/// `c_powu`: `x ** n` by squaring, for a non-negative integer `n`.
fn complex_powu(x: (f64, f64), n: u64) -> (f64, f64) {
    let mul = |p: (f64, f64), q: (f64, f64)| (p.0 * q.0 - p.1 * q.1, p.0 * q.1 + p.1 * q.0);
    let mut result = (1.0, 0.0);
    let mut power = x;
    let mut mask = 1u64;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            result = mul(result, power);
        }
        mask <<= 1;
        power = mul(power, power);
    }
    result
}

/// `_Py_c_quot`: complex division by Smith's method.
fn complex_quot(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let (abs_breal, abs_bimag) = (b.0.abs(), b.1.abs());
    if abs_breal >= abs_bimag {
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        ((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom)
    } else {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        ((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom)
    }
}

/// `seq * n` with CPython's size limits; `None` when `left`/`right` are not a sequence and an int.
fn repeat(sequence: &ConstValue, count: &ConstValue) -> Option<Option<ConstValue>> {
    let ConstValue::Int(n) = count else {
        return None;
    };
    let (size, limit) = match sequence {
        ConstValue::Str(s) => (s.chars().count(), MAX_STR_SIZE),
        ConstValue::Bytes(b) => (b.len(), MAX_STR_SIZE),
        ConstValue::Tuple(t) => (t.len(), MAX_COLLECTION_SIZE),
        _ => return None,
    };
    let times = n.to_i64().unwrap_or(i64::MAX);
    if size > 0 && (times < 0 || times as usize > limit / size) {
        return Some(None);
    }
    let times = times.max(0) as usize;
    Some(Some(match sequence {
        ConstValue::Str(s) => ConstValue::Str(s.repeat(times)),
        ConstValue::Bytes(b) => ConstValue::Bytes(b.repeat(times)),
        ConstValue::Tuple(t) => {
            ConstValue::Tuple((0..times).flat_map(|_| t.iter().cloned()).collect())
        }
        _ => return None,
    }))
}

fn int_binop(a: &BigInt, op: u32, b: &BigInt) -> Option<ConstValue> {
    let int = |i: BigInt| Some(ConstValue::Int(i));
    match op {
        0 => int(a + b),
        1 => int(a & b),
        2 => int(arith::int_floordiv(a, b).ok()?),
        3 => {
            if !a.is_zero() && !b.is_zero() {
                let shift = b.to_u64()?;
                if shift > MAX_INT_SIZE || bits(a) > MAX_INT_SIZE - shift {
                    return None;
                }
            }
            int(arith::int_lshift(a, b).ok()?)
        }
        5 => {
            if !a.is_zero() && !b.is_zero() && bits(a) + bits(b) > MAX_INT_SIZE {
                return None;
            }
            int(a * b)
        }
        6 => int(arith::int_mod(a, b).ok()?),
        7 => int(a | b),
        8 => {
            if !a.is_zero() && b.is_positive() {
                let exponent = b.to_u64()?;
                if bits(a) > MAX_INT_SIZE / exponent {
                    return None;
                }
            }
            match arith::int_pow(a, b).ok()? {
                IntPower::Int(i) => int(i),
                IntPower::Float(x) => Some(ConstValue::Float(x)),
            }
        }
        9 => int(arith::int_rshift(a, b).ok()?),
        10 => int(a - b),
        11 => Some(ConstValue::Float(arith::int_truediv(a, b).ok()?)),
        12 => int(a ^ b),
        _ => None,
    }
}

fn float_binop(a: f64, op: u32, b: f64) -> Option<ConstValue> {
    let float = |x: f64| Some(ConstValue::Float(x));
    match op {
        0 => float(a + b),
        2 => float(arith::float_divmod(a, b).ok()?.0),
        5 => float(a * b),
        6 => float(arith::float_divmod(a, b).ok()?.1),
        8 => match arith::float_pow(a, b).ok()? {
            FloatPower::Real(x) => float(x),
            FloatPower::Complex(real, imag) => Some(ConstValue::Complex { real, imag }),
        },
        10 => float(a - b),
        11 => float(arith::float_truediv(a, b).ok()?),
        _ => None,
    }
}

/// The unary operators the optimizer folds: `-`, `~`, `+` and `not` (`eval_const_unaryop`).
pub fn unaryop(opcode: pyxray_bytecode::opcode::Opcode, value: &ConstValue) -> Option<ConstValue> {
    use pyxray_bytecode::opcode::Opcode;
    // A bool operand of `-`, `~` or `+` is its int (`-True` is -1).
    if let (
        Opcode::UnaryNegative | Opcode::UnaryInvert | Opcode::CallIntrinsic1,
        ConstValue::Bool(b),
    ) = (opcode, value)
    {
        return unaryop(opcode, &ConstValue::Int(BigInt::from(u8::from(*b))));
    }
    match (opcode, value) {
        (Opcode::UnaryNegative, ConstValue::Int(i)) => Some(ConstValue::Int(-i)),
        (Opcode::UnaryNegative, ConstValue::Float(x)) => Some(ConstValue::Float(-x)),
        (Opcode::UnaryNegative, ConstValue::Complex { real, imag }) => Some(ConstValue::Complex {
            real: -real,
            imag: -imag,
        }),
        (Opcode::UnaryInvert, ConstValue::Int(i)) => Some(ConstValue::Int(!i)),
        // `not` of a constant already made a bool by `TO_BOOL`.
        (Opcode::UnaryNot, ConstValue::Bool(b)) => Some(ConstValue::Bool(!b)),
        (Opcode::CallIntrinsic1, ConstValue::Int(_) | ConstValue::Float(_)) => Some(value.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(i: i64) -> ConstValue {
        ConstValue::Int(BigInt::from(i))
    }

    #[test]
    fn folds_within_cpython_limits() {
        assert_eq!(binop(&int(5), 0, &int(6)), Some(int(11)));
        assert_eq!(binop(&int(2), 8, &int(10)), Some(int(1024)));
        assert_eq!(binop(&int(2), 8, &int(200)), None);
        assert_eq!(binop(&int(1), 11, &int(0)), None);
        assert_eq!(
            binop(&ConstValue::Str("a".into()), 5, &int(3)),
            Some(ConstValue::Str("aaa".into()))
        );
        assert_eq!(binop(&ConstValue::Str("ab".into()), 5, &int(4096)), None);
        assert_eq!(binop(&int(7), 11, &int(2)), Some(ConstValue::Float(3.5)));
    }
}
