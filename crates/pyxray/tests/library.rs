//! The built-in library's limits: what it cannot do yet is reported as such, never guessed.

use pyxray::{stage_output, Options, Stage};

fn run(source: &str) -> String {
    stage_output(Stage::Run, source.as_bytes(), "t.py", Options::default())
}

#[test]
fn python_callbacks_from_lazy_built_ins_run() {
    let program = "def double(x):\n    return 2 * x\nfor y in map(double, [1]):\n    print(y)\n\
                   for y in filter(lambda x: x, [0, 3]):\n    print(y)\n";
    assert_eq!(run(program), "2\n3\nexit: 0\n");
}

#[test]
fn built_ins_that_cannot_wait_for_python_callbacks_say_so() {
    // `in` searches a map natively: one calling a Python function stops clearly.
    let output = run("print(2 in map(lambda x: x, [1, 2]))\n");
    assert!(
        output.contains("pyxray: internal error: not supported yet: this operation on an iterator"),
        "gave {output:?}"
    );
}

#[test]
fn built_in_callbacks_work() {
    let output = run("print(sorted(['ccc', 'a', 'bb'], key=len), [*map(abs, [-1, 2])])\n");
    assert_eq!(output, "['a', 'bb', 'ccc'] [1, 2]\nexit: 0\n");
}

#[test]
fn input_meets_the_end_of_an_empty_stdin() {
    let output = run("name = input('Name: ')\nprint(name)\n");
    assert!(
        output.starts_with("Name: Traceback (most recent call last):"),
        "{output:?}"
    );
    assert!(
        output.ends_with("EOFError: EOF when reading a line\nexit: 1\n"),
        "{output:?}"
    );
}

#[test]
fn comparing_lists_that_contain_themselves_stops_with_recursion_error() {
    // CPython's message names its C stack use ("Stack overflow (used N kB) in comparison"),
    // which pyxray has no equivalent of; the point is that the comparison ends.
    let output = run("a = [1]\na.append(a)\nb = [1]\nb.append(b)\nprint(a == a)\nprint(a == b)\n");
    assert!(output.starts_with("True\nTraceback"), "{output:?}");
    assert!(output.contains("RecursionError: maximum recursion depth exceeded in comparison"));
}

#[test]
fn next_on_a_generator_runs_its_frame() {
    // A generator is an iterator: next() resumes its frame and returns what it yields.
    let output = run("def g():\n    yield 1\nprint(next(g()))\n");
    assert_eq!(output, "1\nexit: 0\n");
}

#[test]
fn a_generator_whose_close_would_run_code_is_refused_when_dropped() {
    // CPython closes a suspended generator when it is deleted (or at exit), running its
    // `finally`; pyxray cannot run a frame from a deallocation yet, so it says so.
    let dropped = "def g():\n    try:\n        yield 1\n    finally:\n        print('finally')\ndef f():\n    x = g()\n    next(x)\nf()\nprint('end')\n";
    let output = run(dropped);
    assert!(
        output.contains("not supported yet: closing a suspended generator"),
        "{output:?}"
    );
    assert!(!output.starts_with("end"), "{output:?}");
    // Outside any try, or inside an `except … as e` whose cleanup runs nothing, closing
    // runs no code of the program: nothing to refuse.
    let quiet = "def g():\n    yield 1\ndef h():\n    try:\n        raise KeyError\n    except KeyError as e:\n        yield 2\nx = g()\nnext(x)\ny = h()\nnext(y)\ndel x, y\nprint('end')\n";
    assert_eq!(run(quiet), "end\nexit: 0\n");
}

#[test]
fn a_property_getter_runs_as_a_frame_of_its_own() {
    // The getter's line shows in a traceback: it ran as a Python frame.
    let output = run("class C:\n    @property\n    def x(self):\n        return 1 / 0\nC().x\n");
    assert!(output.contains("line 4, in x"), "{output:?}");
    assert!(output.ends_with("ZeroDivisionError: division by zero\nexit: 1\n"));
}

#[test]
fn attribute_built_ins_cannot_run_a_property_from_native_code() {
    let output = run(
        "class C:\n    @property\n    def x(self):\n        return 1\nprint(list(map(getattr, [C()], ['x'])))\n",
    );
    assert!(output.contains("not supported yet"), "{output:?}");
}

#[test]
fn a_user_eq_met_inside_a_native_comparison_stops_instead_of_answering_false() {
    let class = "class P:\n    def __init__(self, x):\n        self.x = x\n    \
                 def __eq__(self, other):\n        return self.x == other.x\n";
    for tail in [
        "print(P(2) in [P(0), P(2)])\n",
        "print([P(1)].count(P(1)))\n",
        "print([P(1)] == [P(1)])\n",
        "print((P(5),) == (P(5),))\n",
    ] {
        let output = run(&format!("{class}{tail}"));
        assert!(
            output.contains("not supported yet: comparing") && !output.contains("False"),
            "{tail}: {output:?}"
        );
    }
    // Identity still decides for the same object, as in CPython.
    assert_eq!(
        run(&format!("{class}p = P(1)\nprint(p in [p])\n")),
        "True\nexit: 0\n"
    );
}
