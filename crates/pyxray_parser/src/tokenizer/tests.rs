//! Unit tests: token streams, ranges, error attributes and the `tokenize` printout.

use super::*;

fn kinds(source: &str) -> Vec<&'static str> {
    tokenize(source)
        .tokens
        .iter()
        .map(|t| t.kind.name())
        .collect()
}

fn texts(source: &str) -> Vec<&str> {
    tokenize(source)
        .tokens
        .iter()
        .map(|t| &source[t.range.as_range()])
        .collect()
}

#[test]
fn simple_statement_with_trivia() {
    assert_eq!(
        kinds("x = 1  # one\n"),
        ["NAME", "EQUAL", "NUMBER", "COMMENT", "NEWLINE", "ENDMARKER"]
    );
    assert_eq!(texts("x = 1  # one\n"), ["x", "=", "1", "# one", "\n", ""]);
}

#[test]
fn indentation_and_final_newline() {
    let source = "if x:\n    y\nz";
    assert_eq!(
        kinds(source),
        [
            "NAME",
            "NAME",
            "COLON",
            "NEWLINE",
            "INDENT",
            "NAME",
            "NEWLINE",
            "DEDENT",
            "NAME",
            "NEWLINE",
            "ENDMARKER"
        ]
    );
    let tokens = tokenize(source).tokens;
    assert_eq!(&source[tokens[4].range.as_range()], "    ");
    // The NEWLINE CPython adds after the last line is empty, at the end of the source.
    assert_eq!(tokens[9].range.as_range(), source.len()..source.len());
}

#[test]
fn fstring_parts() {
    let source = "f\"a{{b}} {x!r:>{w}}\"\n";
    assert_eq!(
        texts(source),
        [
            "f\"", "a{", "b}", " ", "{", "x", "!", "r", ":", ">", "{", "w", "}", "", "}", "\"",
            "\n", ""
        ]
    );
    assert_eq!(kinds("t'{x}'\n")[0], "TSTRING_START");
}

#[test]
fn parser_mode_errors_carry_cpython_attributes() {
    let error = tokenize("x = 09\n").error.unwrap();
    assert!(error.message.starts_with("leading zeros"));
    assert_eq!((error.lineno, error.offset, error.end_offset), (1, 5, 6));
    let error = tokenize("x = (1,\n").error.unwrap();
    assert_eq!(error.message, "'(' was never closed");
    assert_eq!((error.lineno, error.offset, error.end_offset), (1, 5, 0));
    let error = tokenize("a = b \u{d7} c\n").error.unwrap();
    assert_eq!(error.message, "invalid character '\u{d7}' (U+00D7)");
    assert_eq!((error.offset, error.end_offset), (7, 7));
}

#[test]
fn dump_matches_tokenize_format() {
    let out = dump("x = 'a'\r\n", "t.py");
    assert_eq!(
        out,
        "0,0-0,0:            ENCODING       'utf-8'        \n\
         1,0-1,1:            NAME           'x'            \n\
         1,2-1,3:            EQUAL          '='            \n\
         1,4-1,7:            STRING         \"'a'\"          \n\
         1,7-1,9:            NEWLINE        '\\r\\n'         \n\
         2,0-2,0:            ENDMARKER      ''             \n"
    );
    assert_eq!(
        dump("s = 'abc\n", "t.py"),
        "t.py:1:5: error: unterminated string literal (detected at line 1)\n"
    );
}

#[test]
fn random_inputs_never_panic() {
    let pieces = [
        "f\"", "t'", "{", "}", "{{", "(", ")", "[", "]", "\\", "\n", "\r", "\r\n", "\t", " ", "#",
        "'''", "\"", "0", "0x", "1_", "e", "j", ".", ":", "!", "=", "x", "\u{e9}", "\u{d7}",
        "\u{200b}", "\u{c}", "\0", "rb", "u", "N{", "\\N{", "if", "    ",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 24) as usize;
        let source: String = (0..len)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let tokenized = tokenize(&source);
        for token in &tokenized.tokens {
            assert!(source.get(token.range.as_range()).is_some(), "{source:?}");
        }
        let _ = dump(&source, "f.py");
    }
}

#[test]
fn any_input_is_safe() {
    for source in [
        "",
        "\\",
        "f'{",
        "'''",
        "\r",
        "x\r\u{e9}",
        "(((",
        "\t \u{c}x",
        "0x",
        "1e",
        "\0",
    ] {
        let _ = tokenize(source);
        let _ = dump(source, "f.py");
    }
}
