//! The stepwise API: each stage's view of `c = 5 + 6`, stepping forward and back, seeking.

use pyxray::{Options, Session};

const CLASSIC: &str = "c = 5 + 6\nprint(c)\n";

#[test]
fn compile_phases_show_folding_of_5_plus_6() {
    let session = Session::new(CLASSIC, Options::default());
    let phases = session.compile_phases();
    let codegen = &phases[0];
    let listing: Vec<String> = codegen
        .instructions
        .iter()
        .map(|i| format!("{} {}", i.opname, i.argrepr))
        .collect();
    assert!(
        listing.starts_with(&[
            "RESUME ".to_string(),
            "LOAD_CONST 5".to_string(),
            "LOAD_CONST 6".to_string(),
            "BINARY_OP +".to_string()
        ]),
        "{listing:?}"
    );
    let folded = phases
        .iter()
        .find(|phase| phase.title == "Constant folding")
        .expect("a constant folding phase");
    assert!(folded
        .instructions
        .iter()
        .any(|i| i.opname == "LOAD_SMALL_INT" && i.arg == Some(11)));
    let last = phases.last().expect("phases");
    assert!(!last
        .instructions
        .iter()
        .any(|i| i.opname == "NOP" || i.opname == "BINARY_OP"));
    assert_eq!(session.instructions()[1].opname, "LOAD_SMALL_INT");
}

#[test]
fn stepping_pushes_11_and_back_undoes_it() {
    let mut session = Session::new(CLASSIC, Options::default());
    assert!(session.step()); // RESUME
    assert!(session.step()); // LOAD_SMALL_INT 11
    let view = session.view();
    let stack: Vec<String> = view.frames[0]
        .stack
        .iter()
        .map(|v| v.repr.clone())
        .collect();
    assert_eq!(stack, vec!["11"]);
    let source_span = view
        .current_range
        .expect("the instruction has a source span");
    assert_eq!(
        &CLASSIC[source_span.start().to_usize()..source_span.end().to_usize()],
        "5 + 6"
    );
    assert!(session.step()); // STORE_NAME c
    let names: Vec<(String, String)> = session.view().frames[0]
        .names
        .iter()
        .map(|(name, value)| (name.clone(), value.repr.clone()))
        .collect();
    assert_eq!(names, vec![("c".to_string(), "11".to_string())]);
    assert!(session.step_back());
    assert!(session.view().frames[0].names.is_empty());
    assert_eq!(session.view().frames[0].stack.len(), 1);
    session.run(1000);
    assert_eq!(session.output(), "11\n");
    assert!(session.is_finished());
    assert_eq!(session.total_steps(), Some(session.step_count()));
    session.reset();
    assert_eq!(session.step_count(), 0);
    assert_eq!(session.view().output, "");
}

#[test]
fn seeking_anywhere_matches_stepping_there() {
    let program = "x = 0\n".to_string() + &"x = x + 1\n".repeat(400) + "print(x)\n";
    let mut stepped = Session::new(&program, Options::default());
    let mut views = Vec::new();
    while stepped.step() {
        views.push(stepped.view());
    }
    assert_eq!(stepped.output(), "400\n");
    let mut seeker = Session::new(&program, Options::default());
    seeker.run(u64::MAX);
    for target in [1u64, 700, 255, 256, 257, 1, 1500, 3] {
        seeker.seek(target);
        assert_eq!(seeker.step_count(), target);
        assert_eq!(
            seeker.view(),
            views[target as usize - 1],
            "state after {target} steps"
        );
    }
}

/// A run whose checkpoints would outgrow the record budget keeps fewer of them (memory stays
/// bounded) and every step stays reachable, with its output, by replay.
#[test]
fn a_long_run_stays_within_the_record_budget() {
    let program = "a = []\nfor i in range(600):\n    a = a + [i]\n    if i % 200 == 0:\n        print(i)\nprint(len(a))\n";
    // Room for a few checkpoints of the VM as it starts (builtins and exception classes).
    let budget = 60_000;
    let options = Options {
        record_bytes: budget,
        ..Options::default()
    };
    let mut stepped = Session::new(program, options.clone());
    let mut views = Vec::new();
    let mut outputs = Vec::new();
    while stepped.step() {
        views.push(stepped.view());
        outputs.push(stepped.output());
    }
    assert_eq!(stepped.output(), "0\n200\n400\n600\n");
    let (_, bytes) = stepped.checkpoint_stats();
    assert!(bytes <= budget, "checkpoints take {bytes} bytes");
    let total = views.len() as u64;
    let (checkpoints, _) = stepped.checkpoint_stats();
    assert!(
        checkpoints < 8,
        "the budget thinned the checkpoints ({checkpoints} kept)"
    );
    // Forward from a replayed state past a later checkpoint: the output must survive it.
    let targets = [
        total,
        1,
        total / 2,
        total - 1,
        7,
        total / 3,
        total / 2,
        5,
        total,
    ];
    for target in targets {
        stepped.seek(target);
        assert_eq!(stepped.view(), views[target as usize - 1], "step {target}");
        assert_eq!(
            stepped.output(),
            outputs[target as usize - 1],
            "output at {target}"
        );
    }
    for target in [total / 2, 5, total] {
        stepped.seek(target);
        assert_eq!(
            stepped.output(),
            outputs[target as usize - 1],
            "output at {target}"
        );
    }
}

#[test]
fn errors_are_reported_not_panicked() {
    let session = Session::new("c = 5 +\n", Options::default());
    let error = session.syntax_error().expect("a syntax error");
    assert_eq!(error.message, "invalid syntax");
    assert_eq!((error.lineno, error.offset), (1, 8));
    assert!(session.output().contains("SyntaxError: invalid syntax"));

    let session = Session::new("x = 1\ntype Pair = tuple[int, int]\n", Options::default());
    assert_eq!(
        session.compile_error(),
        Some("not supported yet: 'type' aliases (line 2)")
    );

    let mut session = Session::new("print(1)\nprint(undefined)\n", Options::default());
    session.run(100);
    let output = session.output();
    assert!(
        output.starts_with(
            "1\nTraceback (most recent call last):\n  File \"main.py\", line 2, in <module>\n"
        ),
        "{output}"
    );
    assert!(
        output.ends_with("NameError: name 'undefined' is not defined\n"),
        "{output}"
    );
}

#[test]
fn the_step_limit_stops_a_run_with_a_message() {
    let options = Options {
        step_limit: 5,
        ..Options::default()
    };
    let mut session = Session::new("x = 1\nx = 2\nx = 3\nx = 4\n", options);
    session.run_to_end();
    assert!(
        session.output().contains("step limit"),
        "{}",
        session.output()
    );
}

/// Compares a program's `dis` and `run` output with CPython's (`tests/data/<name>.*.txt` were
/// written by the oracle for `tests/data/<name>.py`).
fn assert_matches_cpython(name: &str, source: &[u8], dis_golden: &str, run_golden: &str) {
    let filename = format!("{name}.py");
    let dis = pyxray::stage_output(pyxray::Stage::Dis, source, &filename, Options::default());
    assert_eq!(dis, dis_golden, "dis of {filename}");
    let run = pyxray::stage_output(pyxray::Stage::Run, source, &filename, Options::default());
    assert_eq!(run, run_golden, "run of {filename}");
}

/// `if`/`elif`/`else`, `while` with `break`/`continue`/`else`, `while True`, chained comparisons,
/// `and`/`or`/`not` conditions and conditional expressions.
#[test]
fn control_flow_matches_cpython() {
    assert_matches_cpython(
        "control_flow",
        include_bytes!("data/control_flow.py"),
        include_str!("data/control_flow.dis.txt"),
        include_str!("data/control_flow.run.txt"),
    );
}

/// `for` over `range`, a string, a list display (iterated as a constant tuple), tuples of
/// pairs (unpacked), with `break`, `continue` and `else`.
#[test]
fn for_loops_match_cpython() {
    assert_matches_cpython(
        "for_loops",
        include_bytes!("data/for_loops.py"),
        include_str!("data/for_loops.dis.txt"),
        include_str!("data/for_loops.run.txt"),
    );
}

/// f-strings without format specifications: `FORMAT_SIMPLE`, `CONVERT_VALUE` for `!s`/`!r`/`!a`,
/// `BUILD_STRING`, and the empty and single-part cases.
#[test]
fn fstrings_match_cpython() {
    assert_matches_cpython(
        "fstrings",
        include_bytes!("data/fstrings.py"),
        include_str!("data/fstrings.dis.txt"),
        include_str!("data/fstrings.run.txt"),
    );
}

/// f-strings with format specifications (`FORMAT_WITH_SPEC`, nested `{width}`): fill, align,
/// sign, `#`, zero padding, width, grouping, precision and the types of `str`, `int`, `float`.
#[test]
fn format_specs_match_cpython() {
    assert_matches_cpython(
        "format_specs",
        include_bytes!("data/format_specs.py"),
        include_str!("data/format_specs.dis.txt"),
        include_str!("data/format_specs.run.txt"),
    );
}

/// Growing a string, a list or an int without end stops with `MemoryError` at the heap's byte
/// budget (as CPython stops when memory runs out), instead of aborting the process.
#[test]
fn growth_past_the_heap_budget_is_a_memory_error() {
    let options = Options {
        heap_bytes: 256 * 1024,
        ..Options::default()
    };
    for (program, line) in [
        ("s = 'ab'\nwhile True:\n    s = s + s\n", "    s = s + s\n"),
        ("a = [0]\nwhile True:\n    a = a * 2\n", "    a = a * 2\n"),
        ("a = [0]\nwhile True:\n    a += a\n", "    a += a\n"),
        (
            "x = 3\nwhile True:\n    x = x << 1000000\n",
            "    x = x << 1000000\n",
        ),
        ("x = 3\nwhile True:\n    x = x * x\n", "    x = x * x\n"),
        ("s = f'{1:1000000000}'\n", "s = f'{1:1000000000}'\n"),
        ("s = 'a' * 2 ** 40\n", "s = 'a' * 2 ** 40\n"),
    ] {
        let mut session = Session::new(program, options.clone());
        session.run(u64::MAX);
        let output = session.output();
        assert!(
            output.contains(line) && output.ends_with("\nMemoryError\n"),
            "{program:?} printed {output:?}"
        );
    }
}

/// While a function runs, the module's listing is not highlighted (its offsets are another
/// code object's); the explanation names the function and the source span is the function's.
#[test]
fn a_function_step_is_explained_from_its_own_code() {
    let program = "def double(n):\n    return n * 2\nx = double(21)\n";
    let mut session = Session::new(program, Options::default());
    let mut saw_function_step = false;
    while session.step() {
        let view = session.view();
        if view.explanation.starts_with("in double: ") {
            assert_eq!(view.current_instruction, None);
            // RESUME has no span; the body's instructions point into the body.
            if let Some(range) = view.current_range {
                saw_function_step = true;
                let function_body = 15..program.find("x =").unwrap_or(0);
                assert!(
                    function_body.contains(&range.start().to_usize()),
                    "the span {range:?} lies in double()'s body"
                );
            }
        }
    }
    assert!(saw_function_step, "some step ran inside double()");
}

#[test]
fn library_module_frames_are_steps_without_positions_in_the_program() {
    let source = "import heapq\nh = []\nheapq.heappush(h, 3)\nprint(h)\n";
    let mut session = Session::new(source, Options::default());
    let mut saw_library_step = false;
    let mut saw_library_frame = false;
    while session.step() {
        let view = session.view();
        if view.explanation.contains("library code") {
            saw_library_step = true;
            assert_eq!(view.current_range, None, "{}", view.explanation);
            // The frame is named after its module (unless this step returned from it).
            saw_library_frame |= view
                .frames
                .iter()
                .any(|frame| frame.name == "<module> (library heapq.py)");
        } else if let Some(range) = view.current_range {
            assert!(range.end().to_usize() <= source.len());
        }
    }
    assert!(saw_library_step && saw_library_frame);
    assert_eq!(session.output(), "[3]\n");
    // Stepping back into the import replays it.
    session.seek(3);
    assert_eq!(session.step_count(), 3);
}

/// Python code called from inside an instruction (a `__repr__` met inside a list that
/// `print` writes, a `__len__` that `len` waits for) runs as frames one step at a time, and
/// seeking to any step gives the state stepping reached.
#[test]
fn methods_called_from_native_code_are_stepped_and_seekable() {
    let program = "class P:\n    def __init__(self, x):\n        self.x = x\n    \
                   def __repr__(self):\n        return 'P' + str(self.x)\n    \
                   def __len__(self):\n        return self.x\n\
                   ps = [P(1), P(2)]\nprint(ps, len(ps[1]))\n";
    let mut stepped = Session::new(program, Options::default());
    let mut views = Vec::new();
    let mut repr_steps = 0;
    while stepped.step() {
        let view = stepped.view();
        if view.explanation.starts_with("in P.__repr__: ") {
            repr_steps += 1;
        }
        views.push(view);
    }
    assert_eq!(stepped.output(), "[P1, P2] 2\n");
    assert!(
        repr_steps >= 2 * 4,
        "each __repr__ ran instruction by instruction"
    );
    let mut seeker = Session::new(program, Options::default());
    seeker.run(u64::MAX);
    for target in (1..=views.len() as u64).rev() {
        seeker.seek(target);
        assert_eq!(
            seeker.view(),
            views[target as usize - 1],
            "after {target} steps"
        );
    }
}

/// Every instruction a resumed generator runs is a step, whoever resumes it (`next`, `send`,
/// `yield from`, a built-in reading it), with the resumer's frames under it; seeking reaches
/// those steps as stepping did.
#[test]
fn generator_frames_run_as_steps() {
    let program = "def inner():\n    yield 1\n    return 2\n\ndef outer():\n    r = yield from inner()\n    yield r\n\ng = outer()\nprint(next(g), g.send(None))\nprint(any(x > 0 for x in [0, 5, 7]))\n";
    let mut session = Session::new(program, Options::default());
    let mut views = Vec::new();
    let depth_in = |name: &str, views: &[pyxray::StateView]| -> Vec<usize> {
        views
            .iter()
            .filter(|v| v.explanation.starts_with(&format!("in {name}: ")))
            .map(|v| v.frames.len())
            .collect()
    };
    while session.step() {
        views.push(session.view());
    }
    assert_eq!(session.output(), "1 2\nTrue\n");
    let inner = depth_in("inner", &views);
    let outer = depth_in("outer", &views);
    let genexpr = depth_in("<genexpr>", &views);
    // inner runs above outer above the module (outer's SEND puts it there); the generator
    // expression above the module alone, under no frame for any().
    let deepest = |depths: &[usize]| depths.iter().copied().max().unwrap_or(0);
    assert!(inner.len() >= 6 && deepest(&inner) == 3, "{inner:?}");
    assert!(outer.len() >= 8 && deepest(&outer) == 3, "{outer:?}");
    assert!(genexpr.len() >= 10 && deepest(&genexpr) == 2, "{genexpr:?}");
    for target in [inner.len() as u64, 40, 7, views.len() as u64 - 3] {
        session.seek(target);
        assert_eq!(
            session.view(),
            views[target as usize - 1],
            "after {target} steps"
        );
    }
}

/// Running generators through every resumer (send, throw, close, yield from, built-ins
/// reading them, unpacking) leaves nothing behind: as many live objects after 25 rounds as
/// after one.
#[test]
fn generators_release_what_they_hold() {
    let program = |rounds: usize| {
        format!(
            "def inner():\n    try:\n        got = yield [1]\n        yield got\n    except KeyError:\n        yield 'k'\n    return [2]\n\
             def outer():\n    r = yield from inner()\n    yield r\n\
             def plain():\n    yield [1]\n\
             for _ in range({rounds}):\n\
             \x20   g = outer()\n    next(g)\n    g.send([3])\n    g.close()\n\
             \x20   h = outer()\n    next(h)\n    h.throw(KeyError())\n    list(h)\n\
             \x20   a, b = (x for x in [[4], [5]])\n    any(x for x in [[], [6]])\n\
             \x20   list(zip(outer(), enumerate(inner())))\n    print(*inner(), end='')\n\
             \x20   try:\n        next(plain()).throw(ValueError)\n    except AttributeError:\n        pass\n\
             del g, h, a, b, _\nprint()\n"
        )
    };
    let live_after = |rounds: usize| {
        let mut session = Session::new(&program(rounds), Options::default());
        // Up to the final print(): the module's names are still there, the loop's work done.
        while !session.output().ends_with('\n') && session.step() {}
        assert_eq!(session.output(), "[1] None".repeat(rounds) + "\n");
        session.view().heap.len()
    };
    let once = live_after(1);
    assert!(once > 0);
    assert_eq!(live_after(25), once);
}

/// Generators read through user iterators' `__next__`, user iterables whose `__iter__` is a
/// generator, and `map`/`zip` mixing Python functions with generators leave nothing behind:
/// as many live objects after 20 rounds as after one.
#[test]
fn generators_mixed_with_user_iterators_release_what_they_hold() {
    let program = |rounds: usize| {
        format!(
            "def gen(n):\n    for i in range(n):\n        yield [i]\n\
             class Wrap:\n    def __init__(self, it):\n        self.it = it\n    \
             def __iter__(self):\n        return self\n    \
             def __next__(self):\n        return next(self.it)\n\
             class Bag:\n    def __iter__(self):\n        yield [1]\n        yield [2]\n\
             def sub():\n    yield from Wrap(gen(2))\n\
             for _ in range({rounds}):\n\
             \x20   list(map(lambda x: x + [0], gen(3)))\n    list(zip(gen(2), Wrap(gen(3))))\n\
             \x20   a, *b = Bag()\n    print(*Wrap(gen(1)), end='')\n    list(sub())\n\
             \x20   for x in Wrap(gen(2)):\n        pass\n\
             del a, b, x, _\nprint()\n"
        )
    };
    let live_after = |rounds: usize| {
        let mut session = Session::new(&program(rounds), Options::default());
        while !session.output().ends_with('\n') && session.step() {}
        assert_eq!(session.output(), "[0]".repeat(rounds) + "\n");
        session.view().heap.len()
    };
    let once = live_after(1);
    assert!(once > 0);
    assert_eq!(live_after(20), once);
}
