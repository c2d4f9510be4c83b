//! The `random` module: CPython's Mersenne Twister, seeded as CPython seeds it, and the
//! methods of `random.Random` computed with `Lib/random.py`'s algorithms, so a seeded
//! program draws the same numbers as under CPython.
//!
//! CPython: `Modules/_randommodule.c` (`init_genrand`, `init_by_array`, `genrand_uint32`,
//! `random_seed`, `_random_Random_random_impl`, `_random_Random_getrandbits_impl`) and
//! `Lib/random.py` (`_randbelow_with_getrandbits`, `randrange`, `choice`, `shuffle`,
//! `sample`, `choices`, `uniform`, `gauss`, `triangular`, `expovariate`). The module-level
//! functions are the methods of one hidden instance, as in `random.py` (`_inst`).
//! An unseeded generator starts from `Vm::entropy` instead of the operating system's
//! randomness, so replaying a run (stepping back in time) draws the same numbers again.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive, Zero};

use crate::builtins::Keywords;
use crate::heap::ObjId;
use crate::methods::{as_index, expect_args, take_keywords, MethodDef};
use crate::objects::{Object, Raise};
use crate::vm::{Fault, Vm};

const N: usize = 624;
const M: usize = 397;

/// The generator's state (`RandomObject`): 624 words, the position in them, and the second
/// normal deviate `gauss` keeps for its next call.
#[derive(Clone, Debug, PartialEq)]
pub struct MersenneTwister {
    state: Box<[u32; N]>,
    index: usize,
    gauss_next: Option<f64>,
}

impl MersenneTwister {
    fn from_words(key: &[u32]) -> Self {
        let mut twister = MersenneTwister {
            state: Box::new([0; N]),
            index: N,
            gauss_next: None,
        };
        twister.init_by_array(key);
        twister
    }

    fn init_genrand(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let previous = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(previous ^ (previous >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let previous = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (previous ^ (previous >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let previous = self.state[i - 1];
            self.state[i] = (self.state[i]
                ^ (previous ^ (previous >> 30)).wrapping_mul(1_566_083_941))
            .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
        self.gauss_next = None;
    }

    /// The next 32 random bits (`genrand_uint32`).
    fn next_u32(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        if self.index >= N {
            for k in 0..N {
                let y = (self.state[k] & UPPER) | (self.state[(k + 1) % N] & LOWER);
                let twisted = (y >> 1) ^ if y & 1 == 1 { MATRIX_A } else { 0 };
                self.state[k] = self.state[(k + M) % N] ^ twisted;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A float in [0, 1) from 53 random bits (`random_random`).
    fn next_float(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// An int of `bits` random bits (`getrandbits`).
    fn bits(&mut self, bits: u64) -> BigInt {
        if bits == 0 {
            return BigInt::zero();
        }
        if bits <= 32 {
            return BigInt::from(self.next_u32() >> (32 - bits));
        }
        let mut words = Vec::new();
        let mut left = bits;
        while left > 0 {
            let mut word = self.next_u32();
            if left < 32 {
                word >>= 32 - left;
            }
            words.push(word);
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(Sign::Plus, &words)
    }

    /// A uniform int in `[0, n)` for `n > 0` (`_randbelow_with_getrandbits`).
    fn below(&mut self, n: &BigInt) -> BigInt {
        let bits = n.bits();
        loop {
            let r = self.bits(bits);
            if &r < n {
                return r;
            }
        }
    }

    /// `below` for a `usize` bound.
    fn below_usize(&mut self, n: usize) -> usize {
        self.below(&BigInt::from(n)).to_usize().unwrap_or(0)
    }
}

/// The generator seeded with an int as `random_seed` does: the words of `abs(n)`, least
/// significant first.
fn seeded(n: &BigInt) -> MersenneTwister {
    let (_, mut words) = n.abs().to_u32_digits();
    if words.is_empty() {
        words.push(0);
    }
    MersenneTwister::from_words(&words)
}

/// `random.Random(x)`'s and `seed(x)`'s argument as the int the generator is seeded from.
fn seed_value(vm: &Vm, seed: Option<ObjId>) -> Result<BigInt, Fault> {
    let Some(seed) = seed.filter(|&s| s != vm.none) else {
        return Ok(BigInt::from(vm.entropy));
    };
    match vm.heap.get(seed) {
        Some(Object::Int(i)) => Ok(i.clone()),
        Some(Object::Bool(b)) => Ok(BigInt::from(u8::from(*b))),
        Some(Object::Str(_) | Object::Bytes(_)) => Err(Fault::Internal(
            "not supported yet: seeding random with a str or bytes (it hashes them with SHA-512)"
                .to_string(),
        )),
        Some(Object::Float(_)) => Err(Fault::Internal(
            "not supported yet: seeding random with a float".to_string(),
        )),
        _ => Err(Raise::new(
            "TypeError",
            "The only supported seed types are:\nNone, int, float, str, bytes, and bytearray.",
        )
        .into()),
    }
}

pub(crate) const FUNCTIONS: &[MethodDef] = &[
    MethodDef {
        name: "seed",
        call: seed,
    },
    MethodDef {
        name: "random",
        call: random,
    },
    MethodDef {
        name: "getrandbits",
        call: getrandbits,
    },
    MethodDef {
        name: "randrange",
        call: randrange,
    },
    MethodDef {
        name: "randint",
        call: randint,
    },
    MethodDef {
        name: "choice",
        call: choice,
    },
    MethodDef {
        name: "choices",
        call: choices,
    },
    MethodDef {
        name: "shuffle",
        call: shuffle,
    },
    MethodDef {
        name: "sample",
        call: sample,
    },
    MethodDef {
        name: "uniform",
        call: uniform,
    },
    MethodDef {
        name: "gauss",
        call: gauss,
    },
    MethodDef {
        name: "triangular",
        call: triangular,
    },
    MethodDef {
        name: "expovariate",
        call: expovariate,
    },
];

/// The methods of `random.Random` instances: the same functions.
pub(crate) const METHODS: &[MethodDef] = FUNCTIONS;

/// The class `random.Random` and the hidden instance behind the module-level functions.
pub(crate) fn fill(vm: &mut Vm, dict: ObjId) {
    if let Some(class) = vm.new_builtin_class("Random", "object", None, Some("Random")) {
        vm.dict_set_str(dict, "Random", class);
    }
    let twister = seeded(&BigInt::from(vm.entropy));
    let instance = vm.heap.alloc(Object::Random(Box::new(twister)));
    vm.dict_set_str(dict, "_inst", instance);
    vm.heap.decref(instance);
}

/// `random.Random(x=None)`.
pub(crate) fn new_random(vm: &mut Vm, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    if !keywords.is_empty() {
        return Err(Raise::new("TypeError", "Random() takes no keyword arguments").into());
    }
    if args.len() > 1 {
        return Err(Raise::new(
            "TypeError",
            format!("Random() takes at most 1 argument ({} given)", args.len()),
        )
        .into());
    }
    let twister = seeded(&seed_value(vm, args.first().copied())?);
    vm.new_result(Object::Random(Box::new(twister)))
}

/// The generator a call draws from: the receiver, or for a module-level function the
/// module's hidden instance.
fn generator_of(vm: &Vm, receiver: ObjId) -> Result<ObjId, Fault> {
    match vm.heap.get(receiver) {
        Some(Object::Random(_)) => Ok(receiver),
        Some(Object::Module { dict, .. }) => vm
            .dict_get_str(*dict, "_inst")
            .ok_or_else(|| Fault::Internal("random has no generator".to_string())),
        _ => Err(Raise::new("TypeError", "descriptor requires a 'random.Random' object").into()),
    }
}

/// Runs `draw` on the receiver's generator state.
fn with_twister<R>(
    vm: &mut Vm,
    receiver: ObjId,
    draw: impl FnOnce(&mut MersenneTwister) -> R,
) -> Result<R, Fault> {
    let generator = generator_of(vm, receiver)?;
    vm.heap
        .update(generator, |object| match object {
            Object::Random(twister) => Some(draw(twister)),
            _ => None,
        })
        .flatten()
        .ok_or_else(|| Fault::Internal("random generator was freed".to_string()))
}

fn float_result(vm: &mut Vm, x: f64) -> Result<ObjId, Fault> {
    vm.new_result(Object::Float(x))
}

fn number(vm: &Vm, id: ObjId) -> Result<f64, Fault> {
    match vm.heap.get(id) {
        Some(Object::Float(x)) => Ok(*x),
        Some(Object::Int(i)) => Ok(i.to_f64().unwrap_or(f64::INFINITY)),
        Some(Object::Bool(b)) => Ok(f64::from(u8::from(*b))),
        _ => Err(Raise::new(
            "TypeError",
            format!(
                "unsupported operand type(s) for -: '{}' and 'float'",
                vm.type_name_of(id)
            ),
        )
        .into()),
    }
}

/// `seed(a=None)`.
fn seed(vm: &mut Vm, receiver: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let mut value = args.first().copied();
    for (_, v) in take_keywords("seed", keywords, &["a", "version"])? {
        value = Some(v);
    }
    expect_args("seed", args, &[], 0, 2)?;
    let twister = seeded(&seed_value(vm, value)?);
    with_twister(vm, receiver, |state| *state = twister)?;
    Ok(vm.none)
}

/// `random()`: a float in [0.0, 1.0).
fn random(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("random", args, keywords, 0, 0)?;
    let x = with_twister(vm, receiver, MersenneTwister::next_float)?;
    float_result(vm, x)
}

/// `getrandbits(k)`.
fn getrandbits(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("getrandbits", args, keywords, 1, 1)?;
    let bits = as_index(vm, args[0])?;
    if bits.is_negative() {
        return Err(Raise::new("ValueError", "Cannot convert negative int").into());
    }
    let bits = bits.to_u64().unwrap_or(u64::MAX);
    if !vm.heap.can_make_int(bits) {
        return Err(crate::objects::memory_error().into());
    }
    let value = with_twister(vm, receiver, |state| state.bits(bits))?;
    Ok(vm.new_int(value))
}

/// The text of an argument as `randrange`'s messages show it (`str(x)`).
fn shown(vm: &Vm, id: ObjId) -> String {
    crate::objects::str_of(&vm.heap, id).unwrap_or_default()
}

/// `randrange(start, stop=None, step=1)`.
fn randrange(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    let (mut start, mut stop, mut step) = (
        args.first().copied(),
        args.get(1).copied(),
        args.get(2).copied(),
    );
    for (name, value) in take_keywords("randrange", keywords, &["start", "stop", "step"])? {
        match name {
            "start" => start = Some(value),
            "stop" => stop = Some(value),
            _ => step = Some(value),
        }
    }
    if args.len() > 3 {
        return Err(Raise::new(
            "TypeError",
            format!(
                "Random.randrange() takes from 2 to 4 positional arguments but {} were given",
                args.len() + 1
            ),
        )
        .into());
    }
    let Some(start) = start else {
        return Err(Raise::new(
            "TypeError",
            "Random.randrange() missing 1 required positional argument: 'start'",
        )
        .into());
    };
    let istart = as_index(vm, start)?;
    let istep = match step {
        Some(step) => as_index(vm, step)?,
        None => BigInt::from(1),
    };
    let Some(stop) = stop.filter(|&s| s != vm.none) else {
        if istep != BigInt::from(1) {
            return Err(Raise::new("TypeError", "Missing a non-None stop argument").into());
        }
        if istart.is_positive() {
            let value = with_twister(vm, receiver, |state| state.below(&istart))?;
            return Ok(vm.new_int(value));
        }
        return Err(Raise::new("ValueError", "empty range for randrange()").into());
    };
    let istop = as_index(vm, stop)?;
    let width = &istop - &istart;
    if istep == BigInt::from(1) {
        if width.is_positive() {
            let value = with_twister(vm, receiver, |state| state.below(&width))?;
            return Ok(vm.new_int(istart + value));
        }
        let message = format!(
            "empty range in randrange({}, {})",
            shown(vm, start),
            shown(vm, stop)
        );
        return Err(Raise::new("ValueError", message).into());
    }
    let count = if istep.is_positive() {
        num_integer::Integer::div_floor(&(&width + &istep - 1), &istep)
    } else if istep.is_negative() {
        num_integer::Integer::div_floor(&(&width + &istep + 1), &istep)
    } else {
        return Err(Raise::new("ValueError", "zero step for randrange()").into());
    };
    if !count.is_positive() {
        let step_text = step.map_or_else(|| "1".to_string(), |s| shown(vm, s));
        let message = format!(
            "empty range in randrange({}, {}, {step_text})",
            shown(vm, start),
            shown(vm, stop)
        );
        return Err(Raise::new("ValueError", message).into());
    }
    let value = with_twister(vm, receiver, |state| state.below(&count))?;
    Ok(vm.new_int(istart + istep * value))
}

/// `randint(a, b)`: `randrange(a, b + 1)`.
fn randint(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    if !keywords.is_empty() || args.len() != 2 {
        return Err(Raise::new(
            "TypeError",
            format!(
                "Random.randint() takes 3 positional arguments but {} were given",
                args.len() + 1
            ),
        )
        .into());
    }
    let low = as_index(vm, args[0])?;
    let high = as_index(vm, args[1])?;
    let width: BigInt = &high + 1 - &low;
    if !width.is_positive() {
        let message = format!("empty range in randint({low}, {high})");
        return Err(Raise::new("ValueError", message).into());
    }
    let value = with_twister(vm, receiver, |state| state.below(&width))?;
    Ok(vm.new_int(low + value))
}

/// `seq[i]` for a native index.
fn item_at(vm: &mut Vm, sequence: ObjId, index: usize) -> Result<ObjId, Fault> {
    let index = vm.new_int(BigInt::from(index));
    let item = vm.get_item(sequence, index);
    vm.heap.decref(index);
    item
}

/// A new list of `sequence[i]` for each index.
fn list_of_items(vm: &mut Vm, sequence: ObjId, indices: &[usize]) -> Result<ObjId, Fault> {
    let mut items = Vec::with_capacity(indices.len());
    for &index in indices {
        match item_at(vm, sequence, index) {
            Ok(item) => items.push(item),
            Err(fault) => {
                vm.release(&items);
                return Err(fault);
            }
        }
    }
    vm.new_result(Object::List(items))
}

/// `choice(seq)`.
fn choice(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("choice", args, keywords, 1, 1)?;
    let length = vm.length_of(args[0])?;
    if length == 0 {
        return Err(Raise::new("IndexError", "Cannot choose from an empty sequence").into());
    }
    let index = with_twister(vm, receiver, |state| state.below_usize(length))?;
    item_at(vm, args[0], index)
}

/// `shuffle(x)`: shuffles a list in place (Fisher–Yates from the end).
fn shuffle(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("shuffle", args, keywords, 1, 1)?;
    let length = match vm.heap.get(args[0]) {
        Some(Object::List(items)) => items.len(),
        _ => {
            return Err(Fault::Internal(
                "not supported yet: random.shuffle of anything but a list".to_string(),
            ))
        }
    };
    let mut swaps = Vec::with_capacity(length);
    with_twister(vm, receiver, |state| {
        for i in (1..length).rev() {
            swaps.push((i, state.below_usize(i + 1)));
        }
    })?;
    vm.heap.update(args[0], |object| {
        if let Object::List(items) = object {
            for (i, j) in swaps {
                if i < items.len() && j < items.len() {
                    items.swap(i, j);
                }
            }
        }
    });
    Ok(vm.none)
}

/// `sample(population, k)`: `k` distinct items, in selection order.
fn sample(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    let mut k = args.get(1).copied();
    for (name, value) in take_keywords("sample", keywords, &["k", "counts"])? {
        if name == "counts" {
            return Err(Fault::Internal(
                "not supported yet: random.sample with counts=".to_string(),
            ));
        }
        k = Some(value);
    }
    let Some(k) = k.filter(|_| !args.is_empty()) else {
        return Err(Raise::new(
            "TypeError",
            "Random.sample() missing 1 required positional argument: 'k'",
        )
        .into());
    };
    let population = args[0];
    let is_sequence = matches!(
        vm.heap.get(population),
        Some(
            Object::List(_)
                | Object::Tuple(_)
                | Object::Str(_)
                | Object::Bytes(_)
                | Object::Range { .. }
        )
    );
    if !is_sequence {
        return Err(Raise::new(
            "TypeError",
            "Population must be a sequence.  For dicts or sets, use sorted(d).",
        )
        .into());
    }
    let n = vm.length_of(population)?;
    let k = as_index(vm, k)?;
    let k = match k.to_usize() {
        Some(k) if k <= n => k,
        _ => {
            return Err(
                Raise::new("ValueError", "Sample larger than population or is negative").into(),
            )
        }
    };
    // Small populations are drawn from a shrinking pool, large ones by rejecting repeats.
    let mut set_size = 21usize;
    if k > 5 {
        let exponent = ((k * 3) as f64).ln() / 4f64.ln();
        set_size += 4usize.saturating_pow(exponent.ceil() as u32);
    }
    let indices = with_twister(vm, receiver, |state| {
        let mut chosen = Vec::with_capacity(k);
        if n <= set_size {
            let mut pool: Vec<usize> = (0..n).collect();
            for i in 0..k {
                let j = state.below_usize(n - i);
                chosen.push(pool[j]);
                pool[j] = pool[n - i - 1];
            }
        } else {
            let mut selected = std::collections::HashSet::new();
            for _ in 0..k {
                let mut j = state.below_usize(n);
                while selected.contains(&j) {
                    j = state.below_usize(n);
                }
                selected.insert(j);
                chosen.push(j);
            }
        }
        chosen
    })?;
    list_of_items(vm, population, &indices)
}

/// `choices(population, weights=None, *, cum_weights=None, k=1)`: `k` items with
/// replacement.
fn choices(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    let mut weights = args.get(1).copied();
    let (mut cum_weights, mut k) = (None, None);
    for (name, value) in take_keywords("choices", keywords, &["weights", "cum_weights", "k"])? {
        match name {
            "weights" => weights = Some(value),
            "cum_weights" => cum_weights = Some(value),
            _ => k = Some(value),
        }
    }
    let Some(&population) = args.first() else {
        return Err(Raise::new(
            "TypeError",
            "Random.choices() missing 1 required positional argument: 'population'",
        )
        .into());
    };
    let weights = weights.filter(|&w| w != vm.none);
    let cum_weights = cum_weights.filter(|&w| w != vm.none);
    let k = match k {
        Some(k) => as_index(vm, k)?.to_usize().unwrap_or(0),
        None => 1,
    };
    let n = vm.length_of(population)?;
    let cumulative = match (weights, cum_weights) {
        (Some(_), Some(_)) => {
            return Err(Raise::new(
                "TypeError",
                "Cannot specify both weights and cumulative weights",
            )
            .into())
        }
        (Some(weights), None) => {
            let mut total = 0.0;
            let mut sums = Vec::new();
            for item in vm.unpack_all(weights)? {
                let weight = number(vm, item);
                vm.heap.decref(item);
                total += weight?;
                sums.push(total);
            }
            Some(sums)
        }
        (None, Some(cum_weights)) => {
            let items = vm.unpack_all(cum_weights)?;
            let sums: Result<Vec<f64>, Fault> =
                items.iter().map(|&item| number(vm, item)).collect();
            vm.release(&items);
            Some(sums?)
        }
        (None, None) => None,
    };
    let indices = match cumulative {
        None => with_twister(vm, receiver, |state| {
            (0..k)
                .map(|_| (state.next_float() * n as f64).floor() as usize)
                .collect::<Vec<_>>()
        })?,
        Some(sums) => {
            if sums.len() != n {
                return Err(Raise::new(
                    "ValueError",
                    "The number of weights does not match the population",
                )
                .into());
            }
            let total = sums.last().copied().unwrap_or(0.0);
            if total <= 0.0 {
                return Err(
                    Raise::new("ValueError", "Total of weights must be greater than zero").into(),
                );
            }
            if !total.is_finite() {
                return Err(Raise::new("ValueError", "Total of weights must be finite").into());
            }
            let hi = n - 1;
            with_twister(vm, receiver, |state| {
                (0..k)
                    .map(|_| {
                        // `bisect_right(cum_weights, random() * total, 0, hi)`.
                        let x = state.next_float() * total;
                        sums[..hi].partition_point(|&s| s <= x)
                    })
                    .collect::<Vec<_>>()
            })?
        }
    };
    list_of_items(vm, population, &indices)
}

/// `uniform(a, b)`: `a + (b - a) * random()`.
fn uniform(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("uniform", args, keywords, 2, 2)?;
    let (a, b) = (number(vm, args[0])?, number(vm, args[1])?);
    let u = with_twister(vm, receiver, MersenneTwister::next_float)?;
    float_result(vm, a + (b - a) * u)
}

/// `gauss(mu=0.0, sigma=1.0)`: Box–Muller, keeping the second deviate for the next call.
fn gauss(vm: &mut Vm, receiver: ObjId, args: &[ObjId], keywords: Keywords) -> Result<ObjId, Fault> {
    let (mut mu, mut sigma) = (args.first().copied(), args.get(1).copied());
    for (name, value) in take_keywords("gauss", keywords, &["mu", "sigma"])? {
        if name == "mu" {
            mu = Some(value);
        } else {
            sigma = Some(value);
        }
    }
    let mu = mu.map_or(Ok(0.0), |m| number(vm, m))?;
    let sigma = sigma.map_or(Ok(1.0), |s| number(vm, s))?;
    let z = with_twister(vm, receiver, |state| match state.gauss_next.take() {
        Some(z) => z,
        None => {
            let angle = state.next_float() * std::f64::consts::TAU;
            let radius = (-2.0 * (1.0 - state.next_float()).ln()).sqrt();
            state.gauss_next = Some(angle.sin() * radius);
            angle.cos() * radius
        }
    })?;
    float_result(vm, mu + z * sigma)
}

/// `triangular(low=0.0, high=1.0, mode=None)`.
fn triangular(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("triangular", args, keywords, 0, 3)?;
    let mut low = args.first().map_or(Ok(0.0), |&x| number(vm, x))?;
    let mut high = args.get(1).map_or(Ok(1.0), |&x| number(vm, x))?;
    let mode = match args.get(2).filter(|&&m| m != vm.none) {
        Some(&m) => Some(number(vm, m)?),
        None => None,
    };
    let mut u = with_twister(vm, receiver, MersenneTwister::next_float)?;
    let mut c = match mode {
        None => 0.5,
        Some(_) if high == low => return float_result(vm, low),
        Some(mode) => (mode - low) / (high - low),
    };
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        std::mem::swap(&mut low, &mut high);
    }
    float_result(vm, low + (high - low) * (u * c).sqrt())
}

/// `expovariate(lambd=1.0)`.
fn expovariate(
    vm: &mut Vm,
    receiver: ObjId,
    args: &[ObjId],
    keywords: Keywords,
) -> Result<ObjId, Fault> {
    expect_args("expovariate", args, keywords, 0, 1)?;
    let lambd = args.first().map_or(Ok(1.0), |&x| number(vm, x))?;
    if lambd == 0.0 {
        return Err(Raise::new("ZeroDivisionError", "float division by zero").into());
    }
    let u = with_twister(vm, receiver, MersenneTwister::next_float)?;
    float_result(vm, -(1.0 - u).ln() / lambd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_mersenne_twister() {
        // The reference implementation's first outputs for init_by_array({0x123, 0x234,
        // 0x345, 0x456}).
        let mut twister = MersenneTwister::from_words(&[0x123, 0x234, 0x345, 0x456]);
        let first: Vec<u32> = (0..3).map(|_| twister.next_u32()).collect();
        assert_eq!(first, [1_067_595_299, 955_945_823, 477_289_528]);
    }

    #[test]
    fn seeds_as_cpython() {
        // CPython: random.seed(42); random.random() == 0.6394267984578837
        assert_eq!(seeded(&BigInt::from(42)).next_float(), 0.6394267984578837);
        // random.seed(-42) seeds from abs(-42).
        assert_eq!(seeded(&BigInt::from(-42)).next_float(), 0.6394267984578837);
    }

    #[test]
    fn getrandbits_takes_words_least_significant_first() {
        let mut a = seeded(&BigInt::from(1));
        let mut b = seeded(&BigInt::from(1));
        let low = BigInt::from(b.next_u32());
        let high = BigInt::from(b.next_u32() >> 24);
        assert_eq!(a.bits(40), low + (high << 32));
    }
}
