//! Tokenize + parse throughput on a large generated program (≥ 10,000 lines of mixed code).
//!
//! `cargo bench -p pyxray_parser --bench parse [-- OUT.py]` writes the program to OUT.py (so a
//! peer, CPython's `ast.parse`, can be timed on the very same text: `scripts/bench parse` does
//! both) and prints `pyxray-parse: <MB/s> MB/s (<bytes> bytes, best of N)`.

use std::time::Instant;

/// One block of varied code; `i` makes names distinct. Every construct the corpus uses.
fn block(i: usize) -> String {
    format!(
        r#"def function_{i}(a, b=2, *args, key=None, **kwargs):
    """Docstring of function {i}."""
    total = a * b + {i} - (a // 3) ** 2
    for index, value in enumerate(args):
        if value > total and not key:
            total += value
        elif value == {i}:
            continue
        else:
            total -= index
    while total > 1000:
        total //= 2
    squares = [x * x for x in range(10) if x % 2 == 0]
    lookup = {{"name": "item{i}", "size": ({i}, {i} + 1), "flag": True}}
    label = f"{{lookup['name']}}: {{total:>8.2f}} {{squares!r}}"
    return total if total else None


class Shape{i}(Base, metaclass=Meta):
    sides: int = {i} % 7

    def __init__(self, width, height):
        self.width, self.height = width, height

    @property
    def area(self):
        return self.width * self.height


try:
    result_{i} = function_{i}(3, 4, 5, 6, key="k")
except (ValueError, TypeError) as error:
    result_{i} = -1
finally:
    done = lambda x, y=1: x + y
match result_{i}:
    case [first, *rest]:
        pass
    case {{"x": 1, **others}}:
        pass
    case Shape{i}(width=0) | None:
        pass
    case _:
        result_{i} = 0x{i:x} + 0o17 + 0b101 + 1_000.5e-3 + 2j

"#
    )
}

fn program(min_lines: usize) -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.lines().count() < min_lines {
        text.push_str(&block(i));
        i += 1;
    }
    text
}

fn main() {
    let source = program(10_000);
    let out = std::env::args().skip(1).find(|arg| arg.ends_with(".py"));
    if let Some(path) = out {
        if let Err(error) = std::fs::write(&path, &source) {
            eprintln!("cannot write {path}: {error}");
        }
    }
    // Check it parses: a benchmark of error reporting would measure the wrong thing.
    if let Err(error) = pyxray_parser::parse_module(&source).module {
        eprintln!(
            "the generated program does not parse: {error} (line {})",
            error.lineno
        );
        std::process::exit(1);
    }
    let runs = 10;
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let start = Instant::now();
        let parsed = pyxray_parser::parse_module(&source);
        std::hint::black_box(&parsed);
        best = best.min(start.elapsed().as_secs_f64());
    }
    let megabytes = source.len() as f64 / 1e6;
    println!(
        "pyxray-parse: {:.2} MB/s ({} bytes, {} lines, best of {runs}: {:.1} ms)",
        megabytes / best,
        source.len(),
        source.lines().count(),
        best * 1e3
    );
}
