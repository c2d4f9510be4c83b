//! Unit tests of the keyword typo search; expectations checked against CPython 3.14.

use super::*;
use crate::syntax_error_report;

fn parse_error(source: &str) -> SyntaxError {
    match parse_module(source).module {
        Ok(_) => panic!("expected a syntax error"),
        Err(error) => error,
    }
}

/// What `python FILE` prints for `source`, which must not parse.
fn report(source: &str) -> String {
    match parse_module(source).module {
        Ok(_) => panic!("expected a syntax error"),
        Err(error) => syntax_error_report(&error, source, "x.py"),
    }
}

#[test]
fn misspelled_import() {
    assert_eq!(
        report("improt math\n"),
        "  File \"x.py\", line 1\n    improt math\n    ^^^^^^\n\
         SyntaxError: invalid syntax. Did you mean 'import'?\n"
    );
    assert_eq!(
        report("# SyntaxError: misspelled keyword `improt`\nimprot math\n\nradius = 2\n"),
        "  File \"x.py\", line 2\n    improt math\n    ^^^^^^\n\
         SyntaxError: invalid syntax. Did you mean 'import'?\n"
    );
}

#[test]
fn misspelled_return_inside_a_function_only() {
    assert_eq!(
        report("def f(x):\n    retrun x\n"),
        "  File \"x.py\", line 2\n    retrun x\n    ^^^^^^\n\
         SyntaxError: invalid syntax. Did you mean 'return'?\n"
    );
    // `return x` parses but does not compile outside a function.
    assert_eq!(
        report("retrun x\n"),
        "  File \"x.py\", line 1\n    retrun x\n           ^\nSyntaxError: invalid syntax\n"
    );
    // ... unless the line is incomplete, which `codeop` accepts.
    assert_eq!(
        report("retrun foo(a,\n    b)\n"),
        "  File \"x.py\", line 1\n    retrun foo(a,\n    ^^^^^^\n\
         SyntaxError: invalid syntax. Did you mean 'return'?\n"
    );
}

#[test]
fn misspelled_compound_statement_headers() {
    // The code examined ends at the error line: `while x:` is incomplete, which counts.
    assert_eq!(
        report("x = 1\nwhiel x:\n    pass\n"),
        "  File \"x.py\", line 2\n    whiel x:\n    ^^^^^\n\
         SyntaxError: invalid syntax. Did you mean 'while'?\n"
    );
    assert_eq!(
        report("if x:\n    pass\nesle:\n    pass\n"),
        "  File \"x.py\", line 3\n    esle:\n    ^^^^\n\
         SyntaxError: invalid syntax. Did you mean 'else'?\n"
    );
    assert_eq!(
        report("def f():\n    x = 1\n    whiel x:\n        pass\n"),
        "  File \"x.py\", line 3\n    whiel x:\n    ^^^^^\n\
         SyntaxError: invalid syntax. Did you mean 'while'?\n"
    );
}

#[test]
fn no_keyword_fits() {
    assert_eq!(
        report("foo bar\n"),
        "  File \"x.py\", line 1\n    foo bar\n        ^^^\nSyntaxError: invalid syntax\n"
    );
    assert_eq!(
        report("form math improt pi\n"),
        "  File \"x.py\", line 1\n    form math improt pi\n         ^^^^\n\
         SyntaxError: invalid syntax\n"
    );
}

#[test]
fn code_examined_starts_at_the_last_compound_statement() {
    // The last statement completed is `if b:` (line 3); from there `return x` is outside
    // any function, so CPython suggests nothing.
    assert_eq!(
        report("def f():\n    if a:\n        if b:\n            pass\n    retrun x\n"),
        "  File \"x.py\", line 5\n    retrun x\n           ^\nSyntaxError: invalid syntax\n"
    );
    // From `if a:` (indented) the repaired code has an unexpected indent.
    assert_eq!(
        report("def f():\n    if a:\n        pass\nimprot x\n"),
        "  File \"x.py\", line 4\n    improt x\n           ^\nSyntaxError: invalid syntax\n"
    );
    assert_eq!(
        report("import os\nif True:\n    pass\ndef f():\n    retrun x\n"),
        "  File \"x.py\", line 5\n    retrun x\n    ^^^^^^\n\
         SyntaxError: invalid syntax. Did you mean 'return'?\n"
    );
}

#[test]
fn statements_completed_without_their_failing_clause() {
    // `if … else` with the error in the `else` block: the parser completes `if n < 0:`
    // without it (`[else_block]` is optional), so the code examined starts at line 2,
    // where `return` is outside any function.
    let source = "def classify(n):\n\tif n < 0:\n\t\treturn 1\n\telse:\n\t\tfor d in n:\n\
                  \t\t\tif d:\n\t\t\t\tureturn 2\n";
    assert!(report(source)
        .ends_with("\t\t\t\tureturn 2\n    \t\t\t\t        ^\nSyntaxError: invalid syntax\n"));
    assert_eq!(last_statement_line(source, &parse_error(source)), 2);
    // A `try` is complete once its first `except` clause is.
    let source = "try:\n    pass\nexcept A:\n    pass\nexcpet B:\n    pass\n";
    assert_eq!(last_statement_line(source, &parse_error(source)), 1);
    let source = "try:\n    pass\nexcept E:\n    improt x\n";
    assert_eq!(last_statement_line(source, &parse_error(source)), 0);
    // A function definition never counts; a class does, and the highest line wins.
    let source = "def f():\n    pass\nimprot x\n";
    assert_eq!(last_statement_line(source, &parse_error(source)), 0);
    let source = "class A:\n    def f(self):\n        pass\nimprot x\n";
    assert_eq!(last_statement_line(source, &parse_error(source)), 1);
    let source = "if a:\n    if b:\n        pass\nimprot x\n";
    assert_eq!(last_statement_line(source, &parse_error(source)), 2);
}

#[test]
fn files_read_back_with_a_byte_order_mark_or_not_as_utf8() {
    let file_report = |bytes: &[u8]| {
        let session = crate::Session::from_bytes(bytes, "x.py", crate::Options::default());
        session.output()
    };
    // `open()` keeps the mark: it is part of the first name on line 1.
    assert_eq!(
        file_report(b"\xef\xbb\xbfimprot math\n"),
        "  File \"x.py\", line 1\n    \u{feff}improt math\n    ^^^^^^^\n\
         SyntaxError: invalid syntax. Did you mean 'import'?\n"
    );
    // … and `compile()` of code that starts with it fails.
    assert!(file_report(b"\xef\xbb\xbf# c\nimprot x\n").ends_with("SyntaxError: invalid syntax\n"));
    // Not UTF-8: only the error's line is examined (`return` then is outside a function).
    assert!(
        file_report(b"# -*- coding: latin-1 -*-\ndef f():\n    retrun \"\xe9\"\n")
            .ends_with("SyntaxError: invalid syntax\n")
    );
    assert!(
        file_report(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n\nimprot math\n")
            .ends_with("Did you mean 'import'?\n")
    );
}

#[test]
fn the_session_exposes_the_error_as_displayed() {
    let source = "x = 1\nif x:\n    improt math\n";
    let session = crate::Session::new(source, crate::Options::default());
    let error = session.syntax_error().expect("a syntax error");
    assert_eq!(error.message, "invalid syntax");
    let shown = session.syntax_error_display().expect("a syntax error");
    assert_eq!(shown.message, "invalid syntax. Did you mean 'import'?");
    // Located at the misspelled name in the source (not in the dedented line shown).
    assert_eq!(
        (
            shown.lineno,
            shown.offset,
            shown.end_lineno,
            shown.end_offset
        ),
        (3, 5, 3, 11)
    );
    assert_eq!(&source[shown.range.as_range()], "improt");
    // Without a suggestion the error is unchanged.
    let session = crate::Session::new("foo bar\n", crate::Options::default());
    assert_eq!(
        session.syntax_error_display().as_ref(),
        session.syntax_error()
    );
}

#[test]
fn long_code_is_not_examined() {
    // The code examined runs from line 1 to the error line: 1024 characters at most.
    let with_items = |n: usize| format!("x = [{}]\nimprot math\n", "1, ".repeat(n));
    // 6 + 3n + 12 characters: n = 335 gives 1023.
    assert!(report(&with_items(335)).ends_with("Did you mean 'import'?\n"));
    assert!(report(&with_items(336)).ends_with("SyntaxError: invalid syntax\n"));
}

#[test]
fn columns_count_characters() {
    assert_eq!(
        report("x = \"é\"; improt math\n"),
        "  File \"x.py\", line 1\n    x = \"é\"; improt math\n             ^^^^^^\n\
         SyntaxError: invalid syntax. Did you mean 'import'?\n"
    );
}

#[test]
fn other_messages_are_left_alone() {
    let source = "x = [a b improt]\n";
    let Err(error) = parse_module(source).module else {
        panic!("expected a syntax error");
    };
    assert!(error.message.contains("Perhaps you forgot a comma"));
    assert_eq!(find_keyword_typo(&error, source, FileText::Source), None);
    let source = "1 = improt\n";
    let Err(error) = parse_module(source).module else {
        panic!("expected a syntax error");
    };
    assert_ne!(error.message, "invalid syntax");
    assert_eq!(find_keyword_typo(&error, source, FileText::Source), None);
}

#[test]
fn suggestion_distance() {
    // Values printed by CPython 3.14's `_suggestions._generate_suggestions(kwlist, w)`.
    assert_eq!(calculate_suggestions(&KWLIST, "improt"), Some("import"));
    assert_eq!(calculate_suggestions(&KWLIST, "Improt"), Some("import"));
    assert_eq!(calculate_suggestions(&KWLIST, "form"), Some("for"));
    assert_eq!(calculate_suggestions(&KWLIST, "fro"), Some("from"));
    assert_eq!(calculate_suggestions(&KWLIST, "none"), Some("None"));
    // A transposition costs two moves: too far for a four-letter word.
    assert_eq!(calculate_suggestions(&KWLIST, "esle"), None);
    assert_eq!(calculate_suggestions(&KWLIST, "xyzzy"), None);
}

#[test]
fn close_matches() {
    // Values printed by CPython 3.14's `difflib.get_close_matches(w, keyword.kwlist, 3, 0.5)`.
    assert_eq!(get_close_matches("improt", &KWLIST, 3), vec!["import"]);
    assert_eq!(
        get_close_matches("whiel", &KWLIST, 3),
        vec!["while", "yield", "del"]
    );
    assert_eq!(
        get_close_matches("form", &KWLIST, 3),
        vec!["for", "from", "or"]
    );
    assert_eq!(
        get_close_matches("esle", &KWLIST, 3),
        vec!["else", "del", "elif"]
    );
    assert_eq!(
        get_close_matches("none", &KWLIST, 3),
        vec!["None", "not", "nonlocal"]
    );
    assert!(get_close_matches("xyzzy", &KWLIST, 3).is_empty());
    // Long words: `autojunk` drops the popular characters from the matching.
    assert!(get_close_matches(&"a".repeat(250), &KWLIST, 3).is_empty());
}

#[test]
fn suggestions_and_close_matches_as_cpython_computes_them() {
    // (word, `_generate_suggestions(kwlist, word)`, `get_close_matches(word, kwlist, 3, 0.5)`)
    // as CPython 3.14 prints them, for random misspellings of keywords and random words.
    let table: &[(&str, Option<&str>, &[&str])] = &[
        ("ufinally", Some("finally"), &["finally"]),
        ("imozr", None, &["import", "or", "for"]),
        ("i", Some("if"), &["is", "in", "if"]),
        ("e_x", None, &[]),
        ("hfcd", None, &[]),
        ("reka", None, &["break", "True"]),
        ("zsIhI", None, &[]),
        ("aiport", Some("import"), &["import", "await", "or"]),
        ("kTlueq", None, &["True"]),
        ("sFlse", Some("False"), &["False", "else", "assert"]),
        ("rtyr", None, &["return", "try"]),
        ("eml", None, &["del", "else", "elif"]),
        ("nonloacl", Some("nonlocal"), &["nonlocal", "global"]),
        ("lambdat", Some("lambda"), &["lambda", "await"]),
        ("xcsAEqw", None, &[]),
        ("nvo", None, &["not"]),
        ("pbs", None, &["pass"]),
        ("wu", None, &[]),
        ("NonT", Some("None"), &["None"]),
        ("mprot", None, &["import", "not"]),
        ("Sclass", Some("class"), &["class", "pass", "assert"]),
        ("wgkOzfAvzvcp", None, &[]),
        ("foo", Some("for"), &["for", "from"]),
        ("eifl", None, &["elif", "if", "del"]),
        ("nonlcoralf", Some("nonlocal"), &["nonlocal", "global"]),
        ("n_kxpljOl", None, &[]),
        ("If_Sf", None, &[]),
        ("af", Some("as"), &["if", "as"]),
        ("except_", Some("except"), &["except"]),
        ("vlpmbdaa", None, &["lambda"]),
        ("chlaOss", Some("class"), &["class", "pass"]),
        ("imdwrt", Some("import"), &["import"]),
        ("Teturn", Some("return"), &["return"]),
        ("lTru", None, &["True"]),
        ("fro", Some("from"), &["from", "for"]),
        ("wsyn", Some("async"), &["async"]),
        ("witp", Some("with"), &["with", "await"]),
        ("asynk", Some("async"), &["async", "as", "and"]),
        ("yo", None, &["or"]),
        ("rxecepg", None, &["except"]),
        ("é", None, &[]),
        ("éé", None, &[]),
        ("imprté", None, &["import"]),
        ("éfroO", None, &["from", "for"]),
        ("éTh_wSewnoe", None, &[]),
        ("éAyjyy", None, &[]),
        ("éruqp", None, &[]),
    ];
    for &(word, suggestion, close) in table {
        assert_eq!(calculate_suggestions(&KWLIST, word), suggestion, "{word}");
        assert_eq!(get_close_matches(word, &KWLIST, 3), close, "{word}");
    }
}

#[test]
fn dedent_like_textwrap() {
    assert_eq!(
        dedent("    a\n      b\n\n    c"),
        ("a\n  b\n\nc".to_string(), 4)
    );
    assert_eq!(dedent("\ta\n\t\tb"), ("a\n\tb".to_string(), 1));
    assert_eq!(dedent("  a\n \n b"), (" a\n\nb".to_string(), 1));
    assert_eq!(dedent(""), (String::new(), 0));
}

#[test]
fn splitlines_like_str() {
    let text = "a\r\nb\rc\x0cd\n\ne";
    let lines: Vec<&str> = splitlines(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(lines, vec!["a", "b", "c", "d", "", "e"]);
    assert!(splitlines("").is_empty());
    assert_eq!(splitlines("x\n").len(), 1);
}
