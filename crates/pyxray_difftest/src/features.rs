//! The language features the generator may use, each with an on/off switch.
//!
//! The table grows with pyxray's VM. To add a feature: add a row to [`FEATURES`] (name, whether
//! it is on by default, one line saying what it generates), then guard the code that generates
//! it with `self.on("name")` in `gen/` (a new statement kind goes in `gen/mod.rs`
//! `statement`, a new expression in `gen/expr.rs`). Switch it off while pyxray reports
//! `not supported yet`, and turn it on in the table once the VM runs it. A built-in function is
//! one row named after it; its argument shapes are in `gen/expr.rs` `builtin_call`.
//! From the command line: `--features +subscripts,-complex`.

/// One switchable feature.
pub struct FeatureInfo {
    pub name: &'static str,
    pub on: bool,
    pub what: &'static str,
}

const fn row(name: &'static str, on: bool, what: &'static str) -> FeatureInfo {
    FeatureInfo { name, on, what }
}

/// Every feature, in the order `--list-features` prints them.
pub const FEATURES: &[FeatureInfo] = &[
    // Values.
    row("floats", true, "float literals and arithmetic, inf, nan, -0.0, float repr"),
    row("bigints", true, "int literals beyond 64 bits, up to a few hundred digits"),
    row("complex", true, "imaginary literals and complex arithmetic"),
    row("strings", true, "str literals with escapes and non-ASCII, concatenation, repetition"),
    row("bytes", true, "bytes literals, concatenation, repetition"),
    row("lists", true, "list displays, concatenation, repetition, comparison"),
    row("tuples", true, "tuple displays, concatenation, repetition, comparison"),
    row("none", true, "None, `is None`"),
    row("fstrings", true, "f-strings with conversions (!r !s !a) and `=`"),
    row("format_specs", true, "format specifications in f-strings, nested ones included"),
    // Operators.
    row("chained_comparisons", true, "`a < b <= c`"),
    row("containment", true, "`in` and `not in`"),
    row("side_effects", true, "`(print(tag) or x)` to show evaluation order and short-circuits"),
    row("percent_format", false, "`'%d' % x` printf-style formatting"),
    row("subscripts", true, "`seq[i]` with i in range, and slices `seq[i:j]`"),
    row("dicts", true, "dict displays indexed by a key they hold: `{'k0': x}['k0']`"),
    row("walrus", false, "`(name := value)`"),
    // Statements.
    row("if", true, "if / elif / else"),
    row("while", true, "bounded while loops, with else"),
    row("for", true, "for loops over ranges and displays, with else"),
    row("break_continue", true, "break and continue inside loops"),
    row("unpacking", true, "`a, b = x, y` tuple assignment"),
    row("augmented", true, "`x += y` and the other augmented assignments"),
    row("print_keywords", true, "print(..., sep=..., end=...)"),
    row("starred_targets", true, "`a, *b, c = ...` from displays, strings and ranges"),
    row("match", true, "match statements: literal, capture, wildcard, sequence (with a star), mapping (with **rest), class (built-in types, generated classes with __match_args__), OR and AS patterns, guards"),
    row("del", false, "`del name`"),
    row("functions", true, "def with 0-3 parameters and defaults, calls with keyword arguments, bounded recursion, closures"),
    row("exceptions", true, "try/except E as e/else/finally around division by zero, bad indexes, int('x'), missing keys, raise"),
    row("keyerror_str", false, "`raise KeyError('k')` caught and printed (off: pyxray's str() of a KeyError is not the repr of its argument)"),
    row("unicode_digits", false, "int()/float() of non-ASCII decimal digits such as '١٢' (off: pyxray raises ValueError)"),
    row("classes", true, "a class with __init__ storing attributes and a method, an instance, its attributes read and written"),
    // Programs that raise.
    row("errors", true, "deliberate exceptions: division by zero, bad operand types, unpacking mismatches, unbound names"),
    // Built-in functions (one row each).
    row("len", true, "len(str | bytes | list | tuple)"),
    row("abs", true, "abs(int | float | complex)"),
    row("repr", true, "repr(any value)"),
    row("range", true, "range(...) as a for-loop iterable and printed"),
    row("str", false, "str(any value)"),
    row("int", false, "int(float | numeric str | bool)"),
    row("float", false, "float(int | numeric str)"),
    row("bool", false, "bool(any value)"),
    row("min", false, "min(a, b, ...) over numbers"),
    row("max", false, "max(a, b, ...) over numbers"),
    row("round", false, "round(float[, ndigits])"),
    row("divmod", false, "divmod(a, b) over numbers"),
    row("pow", false, "pow(base, exp[, mod])"),
    row("hex", false, "hex(int), oct(int), bin(int)"),
    row("chr", false, "chr(int), ord(str)"),
    row("sum", false, "sum(list of numbers)"),
];

/// Which features are on: the table's defaults, changed by `+name` / `-name`.
#[derive(Clone, Debug)]
pub struct Features {
    on: Vec<bool>,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            on: FEATURES.iter().map(|f| f.on).collect(),
        }
    }
}

impl Features {
    /// Applies `+a,-b,...` to the defaults; an unknown name is an error.
    pub fn parse(spec: &str) -> Result<Features, String> {
        let mut features = Features::default();
        for item in spec.split(',').filter(|s| !s.is_empty()) {
            let (on, name) = match item.as_bytes()[0] {
                b'+' => (true, &item[1..]),
                b'-' => (false, &item[1..]),
                _ => (true, item),
            };
            let index = FEATURES
                .iter()
                .position(|f| f.name == name)
                .ok_or_else(|| format!("unknown feature '{name}' (see --list-features)"))?;
            features.on[index] = on;
        }
        Ok(features)
    }

    /// Whether `name` (a row of [`FEATURES`]) is on.
    pub fn on(&self, name: &str) -> bool {
        match FEATURES.iter().position(|f| f.name == name) {
            Some(index) => self.on[index],
            None => {
                debug_assert!(false, "no feature named {name}");
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_switches_features() {
        let features = Features::parse("+subscripts,-floats").unwrap();
        assert!(features.on("subscripts"));
        assert!(!features.on("floats"));
        assert!(features.on("strings"));
        assert!(Features::parse("+nonsense").is_err());
    }

    #[test]
    fn names_are_unique() {
        for (index, feature) in FEATURES.iter().enumerate() {
            assert!(FEATURES[..index].iter().all(|f| f.name != feature.name));
        }
    }
}
