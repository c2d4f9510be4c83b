//! Bad input never crashes anything: corpus programs, mutated at random (a fixed seed, so runs
//! repeat), go through every stage of a `Session` — tokens, AST, compile, a bounded run, stepping
//! back — and none may panic. A cheap, always-on complement to the `cargo fuzz` target.

use std::path::Path;

use pyxray::{Options, Session};

/// xorshift64*: a small deterministic generator, enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that tend to break a parser or a VM when spliced anywhere.
const FRAGMENTS: &[&str] = &[
    "(", ")", "[", "]", "{", "}", ":", "=", "+", "**", "not ", " if ", "else", "\n", "\n    ",
    "\t", "'", "\"\"\"", "f'{", "}'", "\\", "#", "0x", "1e", "_", "λ", ",", "*", "lambda", "yield",
    "def ", "class ", "match ", "case ", "async ", "await ", "print(", "1/0", "9**99", "\r\n",
    "\0", "…",
];

fn corpus_sources() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut sources = Vec::new();
    let mut pending = vec![root];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with("expected") {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "py") {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    sources.push(text);
                }
            }
        }
    }
    sources.sort();
    sources
}

fn mutate(source: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if at < chars.len() => {
                let end = (at + rng.below(8)).min(chars.len());
                chars.drain(at..end);
            }
            1 => {
                let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
                chars.splice(at..at, fragment.chars());
            }
            _ if !chars.is_empty() => {
                let from = rng.below(chars.len());
                let end = (from + rng.below(12)).min(chars.len());
                let copied: Vec<char> = chars[from..end].to_vec();
                chars.splice(at.min(chars.len())..at.min(chars.len()), copied);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Runs `work` on a thread with a main thread's stack (8 MiB, as the CLI and the wasm build have),
/// not the 2 MiB of a test thread.
fn on_main_sized_stack(work: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(work)
        .expect("spawn a thread");
    if let Err(panic) = handle.join() {
        std::panic::resume_unwind(panic);
    }
}

fn exercise(source: &str) {
    let options = Options {
        step_limit: 2_000,
        ..Options::default()
    };
    let mut session = Session::new(source, options);
    let _ = session.tokens().len();
    let _ = session.ast_dump();
    let _ = session.dis();
    let _ = session.compile_phases().len();
    session.run(500);
    let _ = session.view();
    session.step_back();
    session.seek(3);
    let _ = session.view();
    let _ = session.output();
}

#[test]
fn mutated_corpus_programs_never_panic() {
    on_main_sized_stack(mutated_corpus_programs);
}

fn mutated_corpus_programs() {
    let sources = corpus_sources();
    assert!(!sources.is_empty(), "no corpus programs found");
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for source in &sources {
        exercise(source);
    }
    for _ in 0..3000 {
        let source = &sources[rng.below(sources.len())];
        exercise(&mutate(source, &mut rng));
    }
}

#[test]
fn pathological_inputs_never_panic() {
    on_main_sized_stack(pathological_inputs);
}

fn pathological_inputs() {
    let nested_199 = format!("x = {}1{}\nprint(x)\n", "(".repeat(199), ")".repeat(199));
    let not_999 = format!("x = {}1\nprint(x)\n", "not ".repeat(999));
    let deep_parens = format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
    let deep_not = format!("x = {}1\n", "not ".repeat(10_000));
    let deep_minus = format!("x = {}1\n", "-".repeat(10_000));
    let long_chain = format!("x = {}\nprint(x)\n", vec!["1"; 10_000].join(" + "));
    let cases = [
        "",
        "\n",
        "\0",
        "\u{feff}",
        "(",
        ")",
        "'''",
        "\\",
        "print(",
        "1 +",
        "x = ",
        "    x = 1",
        "print(1/0)",
        "print(2 ** 100000)",
        "print('a' * 100000000)",
        "x = x",
        "print(-(-5))",
        &deep_parens,
        &deep_not,
        &deep_minus,
        &long_chain,
        &nested_199,
        &not_999,
    ];
    for case in cases {
        exercise(case);
    }
}
