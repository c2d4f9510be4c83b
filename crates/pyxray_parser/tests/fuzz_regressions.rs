//! Inputs found by `scripts/fuzz` (fuzz/fuzz_targets/tokenize_parse.rs), minimized with
//! `cargo fuzz tmin`, kept as regression tests. Each goes through the same calls as the fuzz
//! target, on a thread with a main-thread-sized stack (the fuzzer runs on its 8 MiB main
//! thread; debug builds use large frames). A crash shows as a panic here. A hang (the fuzzer's
//! `-timeout`) is checked by the work it does, not by the clock: how long it takes depends on
//! the allocator and the machine's load (0.1 s here can be 25 s in the fuzz build), while the
//! bytes it allocates do not.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts the bytes each thread allocates (reallocations count their new size).
struct CountingAllocator;

thread_local! {
    static ALLOCATED: Cell<u64> = const { Cell::new(0) };
}

fn count(bytes: usize) {
    // `try_with`: the thread-local may already be gone while a thread shuts down.
    let _ = ALLOCATED.try_with(|total| total.set(total.get() + bytes as u64));
}

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// What `ast::dump` cost for one input: bytes allocated while it ran, and its output's length.
struct DumpCost {
    allocated: u64,
    output: u64,
}

/// What the `tokenize_parse` fuzz target does with one input (bytes decoded lossily).
fn exercise(data: &[u8]) -> Option<DumpCost> {
    let source = String::from_utf8_lossy(data);
    let s: &str = &source;
    let _ = pyxray_parser::tokenizer::tokenize(s);
    let _ = pyxray_parser::tokenizer::dump(s, "fuzz.py");
    let _ = pyxray_parser::tokenizer::dump_bytes(data, "fuzz.py");
    let parsed = pyxray_parser::parse_module(s);
    let module = parsed.module.as_ref().ok()?;
    let before = ALLOCATED.with(Cell::get);
    let output = pyxray_parser::ast::dump(module, s);
    let allocated = ALLOCATED.with(Cell::get) - before;
    Some(DumpCost {
        allocated,
        output: output.len() as u64,
    })
}

/// Runs [`exercise`] on a 16 MiB stack.
fn exercise_on_big_stack(data: &[u8]) -> Option<DumpCost> {
    let data = data.to_vec();
    let handle = std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(move || exercise(&data))
        .expect("spawn a thread");
    match handle.join() {
        Ok(cost) => cost,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// `ast::dump` may allocate a few times its output (a growing buffer, small per-node strings),
/// not a multiple of it that grows with the depth of the tree.
fn assert_dump_is_linear_in_output(data: &[u8]) {
    let cost = exercise_on_big_stack(data).expect("the input parses");
    assert!(
        cost.allocated <= 16 * cost.output,
        "ast::dump allocated {} bytes for {} bytes of output ({}×)",
        cost.allocated,
        cost.output,
        cost.allocated / cost.output.max(1)
    );
}

/// Fuzz timeout (`-timeout=5`): 800 nested unary minus signs, 801 bytes (`tmin` found nothing
/// smaller that still times out), took 6 s in the fuzz build (ASan) and 1.5 s in an optimized
/// build on a main thread, while tokenizing and parsing take under a millisecond. `ast::dump`
/// built each child's text and copied it into its parent's, so it allocated and copied
/// depth × output bytes (2,668 × its 4 MB output here), and the indented output is itself
/// quadratic in depth: cubic overall. Fixed in c2ad138 (one buffer).
#[test]
fn ast_dump_of_deeply_nested_unary_minus_is_not_cubic() {
    let mut source = "-".repeat(800);
    source.push('x');
    assert_dump_is_linear_in_output(source.as_bytes());
}

/// The same cause, the worst shape per byte found: a left-nested chain of 990 binary
/// operators (`a+a+…+a`, 1981 bytes, 13 MB of dump) took 25 s in the fuzz build (3,302 × its
/// output allocated). Any construct nested up to the parser's limit (`MAX_RECURSION_DEPTH` =
/// 1000) did it: `a[b][b]…` (26 s), `a**a**…`, `a.a.a…`, `f()()…`, `lambda x=lambda x=…`.
#[test]
fn ast_dump_of_long_binary_operator_chain_is_not_cubic() {
    let mut source = "a+".repeat(990);
    source.push('a');
    assert_dump_is_linear_in_output(source.as_bytes());
}

/// A shallow program stays inside the bound [`assert_dump_is_linear_in_output`] sets (about 6 ×
/// its output), so the two tests above check the depth, not a bound too tight for any dump.
#[test]
fn ast_dump_of_a_shallow_program_allocates_a_few_times_its_output() {
    let source = "x = 1\nif x:\n    print(-x, [x, x + 1], f'{x}')\n".repeat(20);
    assert_dump_is_linear_in_output(source.as_bytes());
}

/// One very long line: columns are found by binary search over the continuation bytes, not by
/// counting the characters of the line for every token (which took minutes at this size).
#[test]
fn one_long_line_tokenizes_in_linear_time() {
    let terms = 400_000;
    let source = format!("x = 'é' + {}\n", vec!["1"; terms].join("+"));
    let dump = pyxray_parser::tokenizer::dump(&source, "long.py");
    let last_number_end = source.len() - 1 - 1; // bytes before the newline, less 'é''s extra byte
    let expected = format!("1,{last_number_end}-1,{}:", last_number_end + 1);
    assert!(
        dump.lines().any(|line| line.starts_with(&expected)),
        "no NEWLINE at {expected}"
    );
    assert_eq!(dump.lines().count(), 2 * terms + 6);
}
