//! Keyword typo suggestions for syntax errors: what turns `improt math`'s "invalid syntax" into
//! "invalid syntax. Did you mean 'import'?" when `python FILE` prints the error. The parser
//! (`ast.parse`) never does this; only the display does.
//!
//! CPython:
//! - `Lib/traceback.py`: `TracebackException._find_keyword_typos`, called by
//!   `_format_syntax_error` once the `File "…", line N` line is already written (so that line
//!   keeps the original number).
//! - `Python/suggestions.c`: `_Py_CalculateSuggestions` and `levenshtein_distance`, behind
//!   `_suggestions._generate_suggestions` (`Modules/_suggestions.c`).
//! - `Lib/difflib.py`: `get_close_matches` and `SequenceMatcher.ratio`.
//! - `Lib/codeop.py`: `compile_command`, which decides whether a repaired line "works":
//!   it parses with `PyCF_ALLOW_INCOMPLETE_INPUT` (input that ends too early counts as valid)
//!   and otherwise compiles for real (so `return` outside a function does not count).
//! - `Lib/textwrap.py`: `dedent`.
//! - `Parser/pegen.c` (`_PyPegen_set_syntax_error_metadata`) and `Parser/action_helpers.c`
//!   (`_PyPegen_register_stmts`): the first line of the code examined is the line of the last
//!   compound statement the parser completed before the error (the exception's `_metadata`).
//!
//! How faithful it is depends on pyxray's parser and compiler: "does the repaired code
//! compile" is `parse_module` plus `pyxray_compiler::validate` (whatever compile-time
//! `SyntaxError` that misses, e.g. `no binding for nonlocal 'x' found`, counts as compiling),
//! and "does it end too early" reads the parser's error positions (see [`ends_too_early`]).
//! Not reproduced: the `SyntaxWarning`s (`<input>:5: SyntaxWarning: "is" with 'str' literal…`)
//! CPython's final `compile` of a candidate prints before the report.

use std::collections::HashMap;

use pyxray_compiler::validate;
use pyxray_parser::tokenizer::{tokenize, TokenizerErrorKind};
use pyxray_parser::{parse_module, SyntaxError, SyntaxErrorType, TokenKind};
use pyxray_text::{LineColumn, LineIndex, TextRange, TextSize};

/// `keyword.kwlist` in CPython 3.14: the hard keywords, in their order.
const KWLIST: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// `len(error_code) > 1024`: larger sources are not examined.
const MAX_CODE_CHARS: usize = 1024;
/// `tokens_left_to_process = 10`.
const MAX_TOKENS: i32 = 10;
/// `max_matches = 3`.
const MAX_MATCHES: usize = 3;

/// A keyword that makes the error line valid, and how the error is then displayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct KeywordTypo {
    /// `invalid syntax. Did you mean '<keyword>'?`
    pub message: String,
    /// The line `_format_syntax_error` shows (`token.line`): the line of the dedented code
    /// examined, without its newline.
    pub text: String,
    /// 1-based character columns of the misspelled name in `text`.
    pub offset: i32,
    pub end_offset: i32,
    /// The misspelled name in the source: its line, 1-based character columns in that line,
    /// and byte range.
    pub lineno: u32,
    pub source_offset: i32,
    pub source_end_offset: i32,
    pub range: TextRange,
}

/// How `_find_keyword_typos` reads the file back: `open(filename).read()`, in the locale's
/// encoding (UTF-8 where the oracle runs) with universal newlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileText {
    /// The source as decoded for the parser.
    Source,
    /// The source with the UTF-8 byte order mark `open()` keeps (`\u{feff}` first).
    WithBom,
    /// The bytes are not UTF-8: `open()` fails, and only the error's line (`self.text`) is
    /// examined, as line 1 of code of its own.
    Unreadable,
}

impl FileText {
    /// How the file with these bytes reads back.
    pub(crate) fn of(bytes: &[u8]) -> FileText {
        if std::str::from_utf8(bytes).is_err() {
            FileText::Unreadable
        } else if bytes.starts_with(b"\xef\xbb\xbf") {
            FileText::WithBom
        } else {
            FileText::Source
        }
    }
}

/// `TracebackException._find_keyword_typos` for an error `python FILE` reports on `source`.
/// `None` leaves the error as it is.
pub(crate) fn find_keyword_typo(
    error: &SyntaxError,
    source: &str,
    file: FileText,
) -> Option<KeywordTypo> {
    // Only try to find keyword typos if there is no custom message.
    if error.message != "invalid syntax" && !error.message.contains("Perhaps you forgot a comma") {
        return None;
    }
    // `_metadata` is set only on errors the parser raises; compile-time errors (`'return'
    // outside function`, …) never carry these messages.
    let source_lines = LineIndex::new(source);
    let bom_text;
    let file_text = match file {
        FileText::WithBom => {
            bom_text = format!("\u{feff}{source}");
            bom_text.as_str()
        }
        FileText::Source | FileText::Unreadable => source,
    };
    let lines = splitlines(file_text);
    // `line` (the `_metadata` line), `end_line`, and the code examined: its lines, and the
    // index in `lines` of the first (`None` when only `self.text` is examined).
    let (line, end_line, chunk, first): (usize, usize, Vec<&str>, Option<usize>) = match file {
        FileText::Unreadable => {
            // `line, end_line, offset = 0, 1, 0`; `lines = self.text.splitlines()`.
            let text = source_lines.line_text(error.lineno, source);
            let first_line = splitlines(text)
                .into_iter()
                .next()
                .and_then(|r| text.get(r))
                .unwrap_or("");
            (0, 1, vec![first_line], None)
        }
        FileText::Source | FileText::WithBom => {
            let line = last_statement_line(source, error);
            let end_line = error.lineno as usize;
            let first = if line > 0 { line - 1 } else { 0 };
            let last = end_line.min(lines.len());
            let chunk = if first < last {
                lines[first..last]
                    .iter()
                    .map(|r| file_text.get(r.clone()).unwrap_or(""))
                    .collect()
            } else {
                Vec::new()
            };
            (line, end_line, chunk, Some(first))
        }
    };
    let from_filename = first.is_some();
    let (error_code, margin) = dedent(&chunk.join("\n"));
    // Do not continue if the source is too large.
    if error_code.chars().count() > MAX_CODE_CHARS {
        return None;
    }
    let error_lines: Vec<&str> = splitlines(&error_code)
        .into_iter()
        .map(|r| error_code.get(r).unwrap_or(""))
        .collect();
    let physical_lines: Vec<&str> = error_code.split('\n').collect();
    let the_end = if line == 0 { end_line } else { end_line + 1 };

    let mut tokens_left = MAX_TOKENS;
    let mut tried: Vec<String> = Vec::new();
    for token in name_tokens(&error_code) {
        let (start, end) = (token.start, token.end);
        // Only consider NAME tokens on the same line as the error.
        if from_filename && start.line as usize + line != the_end {
            continue;
        }
        let wrong_name = token.text;
        if KWLIST.contains(&wrong_name) {
            continue;
        }
        tokens_left -= 1;
        if tokens_left < 0 {
            break;
        }
        let mut matches: Vec<&str> = Vec::new();
        if let Some(suggestion) = calculate_suggestions(&KWLIST, wrong_name) {
            matches.push(suggestion);
        }
        matches.extend(get_close_matches(wrong_name, &KWLIST, MAX_MATCHES));
        matches.truncate(MAX_MATCHES);
        for suggestion in matches {
            if suggestion.is_empty() || suggestion == wrong_name {
                continue;
            }
            // Try to replace the token with the keyword.
            let row = start.line as usize;
            // `the_lines[start[0] - 1]` raising IndexError ends the search.
            let the_line = error_lines.get(row.checked_sub(1)?)?;
            let chars: Vec<char> = the_line.chars().collect();
            let from = (start.column as usize).min(chars.len());
            let to = (end.column as usize).clamp(from, chars.len());
            let mut replaced: String = chars[..from].iter().collect();
            replaced.push_str(suggestion);
            replaced.extend(&chars[to..]);
            let mut the_lines: Vec<&str> = error_lines.clone();
            the_lines[row - 1] = &replaced;
            let code = the_lines.join("\n");
            // Trying the same code again gives the same answer.
            if tried.contains(&code) {
                continue;
            }
            match compile_command(&code) {
                Verdict::Works => {}
                Verdict::Fails => {
                    tried.push(code);
                    continue;
                }
                // An exception other than `SyntaxError` leaves `_find_keyword_typos`.
                Verdict::Raises => return None,
            }
            let text = physical_lines.get(row - 1).copied().unwrap_or("");
            // The name in the source: on the error's line, `margin` characters further right
            // than in the dedented code.
            let line_start = match first {
                Some(first) => lines
                    .get(first + row - 1)
                    .map_or(file_text.len(), |r| r.start),
                None => source_lines.line_start(error.lineno, source).to_usize(),
            };
            let byte_at = |column: usize| {
                let rest = file_text.get(line_start..).unwrap_or("");
                line_start
                    + rest
                        .char_indices()
                        .nth(column)
                        .map_or(rest.len(), |(at, _)| at)
            };
            let bom = file_text.len() - source.len();
            let range_start = byte_at(margin + from).saturating_sub(bom);
            let range_end = byte_at(margin + to).saturating_sub(bom).max(range_start);
            let position = source_lines.char_position(TextSize::from(range_start), source);
            let width = source
                .get(range_start..range_end)
                .map_or(0, |name| name.chars().count());
            return Some(KeywordTypo {
                message: format!("invalid syntax. Did you mean '{suggestion}'?"),
                text: text.to_string(),
                offset: from as i32 + 1,
                end_offset: to as i32 + 1,
                lineno: position.line,
                source_offset: position.column as i32 + 1,
                source_end_offset: (position.column as usize + width) as i32 + 1,
                range: TextRange::new(TextSize::from(range_start), TextSize::from(range_end)),
            });
        }
    }
    None
}

/// A NAME token of `tokenize.generate_tokens`: its text and (line, character column) span.
struct NameToken<'c> {
    text: &'c str,
    start: LineColumn,
    end: LineColumn,
}

/// The NAME tokens `tokenize.generate_tokens(io.StringIO(code).readline)` yields, in order; it
/// raises at a tokenizer error, after the tokens before it. Reading a `str`, it has no byte
/// order mark to skip: a leading `\u{feff}` is part of the first NAME (or a NAME of its own).
fn name_tokens(code: &str) -> Vec<NameToken<'_>> {
    let bom = if code.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let rest = code.get(bom..).unwrap_or("");
    let lines = LineIndex::new(rest);
    let mut names = Vec::new();
    for token in tokenize(rest).tokens {
        let mut start = lines.char_position(token.range.start(), rest);
        let mut end = lines.char_position(token.range.end(), rest);
        let mut range = token.range.as_range();
        if bom > 0 {
            let first = names.is_empty() && range.start == 0;
            if first && token.kind != TokenKind::Name {
                names.push(NameToken {
                    text: code.get(..bom).unwrap_or(""),
                    start: LineColumn { line: 1, column: 0 },
                    end: LineColumn { line: 1, column: 1 },
                });
            }
            for position in [&mut start, &mut end] {
                if position.line == 1 {
                    position.column += 1;
                }
            }
            range = range.start + bom..range.end + bom;
            if first {
                start.column = 0;
                range.start = 0;
            }
        }
        if token.kind == TokenKind::Name {
            names.push(NameToken {
                text: code.get(range).unwrap_or(""),
                start,
                end,
            });
        }
    }
    names
}

// ---- The `_metadata` line ---------------------------------------------------------------

/// The compound statements whose trailing clauses (`elif`/`else`, `except`/`else`/`finally`)
/// are optional in the grammar.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Compound {
    If,
    Loop,
    Try,
    Other,
}

/// A compound statement the parser is inside of.
struct Open {
    depth: usize,
    line: usize,
    kind: Compound,
    /// Whether the statement is complete without the clauses that follow: then the parser
    /// completes it (and registers it) even when the error is in one of those clauses.
    complete: bool,
    /// A `try` statement: whether an `except` clause was seen.
    seen_except: bool,
}

/// `p->last_stmt_location.lineno`: the highest line on which a compound statement starts among
/// those the parser's second pass completed before it failed (`_PyPegen_register_stmts` is the
/// action of `statement: compound_stmt`); 0 when there is none.
///
/// A compound statement is complete once the parser has seen the first token of the next
/// logical line at its indentation or less that does not continue it, and that token is not
/// past the error. Because trailing clauses are optional (`[else_block]`, `except_block+`), an
/// `if`, `for` or `while` whose first block is done, or a `try` whose first `except` clause is
/// done, is completed without the clause in which the error lies. Function definitions never
/// count: in the second pass the action-less alternative of `invalid_def_raw` matches every
/// complete `def`, and the dummy node it returns reads as line 0 (CPython 3.14.2 as the oracle
/// runs it: after `def f(): pass` the line is still 0).
fn last_statement_line(source: &str, error: &SyntaxError) -> usize {
    let tokenized = tokenize(source);
    let tokens: Vec<_> = tokenized
        .tokens
        .iter()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let lines = LineIndex::new(source);
    let error_at = error.range.start();
    let text = |i: usize| {
        tokens
            .get(i)
            .and_then(|t| source.get(t.range.as_range()))
            .unwrap_or("")
    };
    let mut open: Vec<Open> = Vec::new();
    let mut best = 0usize;
    let mut depth = 0usize;
    let mut at_line_start = true;
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::Indent => depth += 1,
            TokenKind::Dedent => depth = depth.saturating_sub(1),
            TokenKind::Newline => at_line_start = true,
            _ if at_line_start => {
                at_line_start = false;
                if token.range.start() > error_at {
                    break;
                }
                let first = text(i);
                let at_end = token.kind == TokenKind::EndMarker;
                while let Some(top) = open.last_mut() {
                    if top.depth < depth {
                        break;
                    }
                    if top.depth == depth && !at_end {
                        let continues = match top.kind {
                            Compound::If => matches!(first, "elif" | "else"),
                            Compound::Loop => first == "else",
                            Compound::Try => matches!(first, "except" | "else" | "finally"),
                            Compound::Other => false,
                        };
                        if continues {
                            match top.kind {
                                Compound::Try => {
                                    // `try: … finally: …` needs its `finally` block.
                                    top.complete |= top.seen_except;
                                    top.seen_except |= first == "except";
                                }
                                _ => top.complete = true,
                            }
                            break;
                        }
                    }
                    best = best.max(top.line);
                    open.pop();
                }
                let kind = match first {
                    "if" => Some(Compound::If),
                    "while" | "for" => Some(Compound::Loop),
                    "try" => Some(Compound::Try),
                    "with" | "class" => Some(Compound::Other),
                    "async" => match text(i + 1) {
                        "for" => Some(Compound::Loop),
                        "with" => Some(Compound::Other),
                        _ => None,
                    },
                    // A soft keyword: a statement starting with `match` is a match statement
                    // when its logical line ends with `:` (no simple statement can).
                    "match" if token.kind == TokenKind::Name => {
                        let newline = tokens[i..]
                            .iter()
                            .position(|t| t.kind == TokenKind::Newline)
                            .map(|n| i + n);
                        newline
                            .filter(|&n| n > i + 1 && tokens[n - 1].kind == TokenKind::Colon)
                            .map(|_| Compound::Other)
                    }
                    _ => None,
                };
                if let Some(kind) = kind {
                    open.push(Open {
                        depth,
                        line: lines.byte_position(token.range.start()).line as usize,
                        kind,
                        complete: false,
                        seen_except: false,
                    });
                }
            }
            _ => {}
        }
    }
    // The statements still open when the parser fails are completed without the clause that
    // fails, if they can be.
    for statement in open.iter().filter(|s| s.complete) {
        best = best.max(statement.line);
    }
    best
}

// ---- `codeop.compile_command(code, symbol="exec", flags=PyCF_ONLY_AST)` -----------------

enum Verdict {
    /// No `SyntaxError`: the code parses and compiles, or ends before it is complete.
    Works,
    /// A `SyntaxError`.
    Fails,
    /// Another exception (the parser's `MemoryError`).
    Raises,
}

/// `codeop.compile_command(code, symbol="exec", flags=PyCF_ONLY_AST)`: `_maybe_compile` parses
/// with `PyCF_ALLOW_INCOMPLETE_INPUT` (an `_IncompleteInputError` means "more to come", not an
/// error), and when the parse succeeds, compiles the code for real (`incomplete_input=False`
/// drops the flags), which adds the compiler's own `SyntaxError`s.
fn compile_command(code: &str) -> Verdict {
    // Source of only blank lines and comments becomes `pass`; a keyword is never a comment.
    // `compile()` of a `str` skips no byte order mark: a leading U+FEFF is an invalid
    // character there.
    if code.starts_with('\u{feff}') {
        return Verdict::Fails;
    }
    let parsed = parse_module(code);
    match parsed.module {
        Ok(module) => {
            let lines = LineIndex::new(code);
            if validate::check_module(&module, code, &lines).is_none() {
                Verdict::Works
            } else {
                Verdict::Fails
            }
        }
        Err(error) if error.error_type == SyntaxErrorType::MemoryError => Verdict::Raises,
        Err(_) => {
            if ends_too_early(code, &parsed.tokens) {
                Verdict::Works
            } else {
                Verdict::Fails
            }
        }
    }
}

/// Whether the first parser pass failed at the end of the input (`_is_end_of_source`: the
/// tokenizer reached `E_EOF`, or `E_EOFS` in an unterminated triple-quoted string), which
/// `PyPARSE_ALLOW_INCOMPLETE_INPUT` turns into `_IncompleteInputError`.
///
/// The parser looked past the last line exactly when text added after it changes where it
/// fails: the code is parsed again followed by a line that nothing can accept (`in in`, plus
/// the closing brackets of those still open), and it reached the end if the error now lies on
/// that added line. Inside brackets, the code before the outermost open bracket must also hold
/// up on its own (with `(_)`, `[_]` or `{_}` in place of the rest): pyxray's second pass does
/// not always raise where CPython's does (`yield x = [` fails at `=`).
fn ends_too_early(code: &str, tokens: &pyxray_parser::tokenizer::Tokenized) -> bool {
    if let Some(error) = &tokens.error {
        if error.message.starts_with("unterminated triple-quoted") {
            // `E_EOFS`, if the parser asks for the string: try a complete string there.
            let at = error.range.start().to_usize();
            return code
                .get(..at)
                .is_some_and(|before| holds_up_to(&format!("{before}''"), at));
        }
        if !matches!(tokens.error_kind, Some(TokenizerErrorKind::Eof)) {
            return false;
        }
    }
    // The brackets still open at the end: (position, opening, closing).
    let mut open: Vec<(usize, char, char)> = Vec::new();
    for token in &tokens.tokens {
        let at = token.range.start().to_usize();
        match token.kind {
            TokenKind::Lpar => open.push((at, '(', ')')),
            TokenKind::Lsqb => open.push((at, '[', ']')),
            TokenKind::Lbrace => open.push((at, '{', '}')),
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                open.pop();
            }
            _ => {}
        }
    }
    let closing: String = open.iter().rev().map(|&(_, _, close)| close).collect();
    let probe = format!("{code}\nin in{closing}");
    let added_line = code.split('\n').count() as u32 + 1;
    let reached = match parse_module(&probe).module {
        Ok(_) => true,
        Err(error) => error.lineno >= added_line,
    };
    match open.first() {
        Some(&(at, opening, closing)) if reached => code
            .get(..at)
            .is_some_and(|before| holds_up_to(&format!("{before}{opening}_{closing}"), at)),
        _ => reached,
    }
}

/// Whether `code` parses, or fails no earlier than byte `at`.
fn holds_up_to(code: &str, at: usize) -> bool {
    match parse_module(code).module {
        Ok(_) => true,
        Err(error) => error.range.start().to_usize() >= at,
    }
}

// ---- `_suggestions._generate_suggestions` (Python/suggestions.c) --------------------------

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

/// `substitution_cost`: 0 for the same byte, 1 for an ASCII case flip, 2 otherwise.
fn substitution_cost(a: u8, b: u8) -> usize {
    if a & 31 != b & 31 {
        // Not the same, not a case flip.
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        return CASE_COST;
    }
    MOVE_COST
}

/// `levenshtein_distance` over UTF-8 bytes, with moves costing 2 and case flips 1; anything
/// above `max_cost` is reported as `max_cost + 1`.
fn levenshtein_distance(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let (mut a, mut b) = (a, b);
    // Trim away common affixes.
    while let (Some(x), Some(y)) = (a.first(), b.first()) {
        if x != y {
            break;
        }
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last()) {
        if x != y {
            break;
        }
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost.saturating_add(1);
    }
    // Prefer shorter buffer.
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    // Quick fail when a match is impossible.
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost.saturating_add(1);
    }
    let mut buffer: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        let mut distance = b_index * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (index, &item) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, item);
            distance = buffer[index];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            buffer[index] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost.saturating_add(1);
        }
    }
    result
}

/// `_Py_CalculateSuggestions(dir, name)`: the first candidate at the smallest edit distance,
/// if it is within a third of the characters involved.
fn calculate_suggestions<'k>(candidates: &[&'k str], name: &str) -> Option<&'k str> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut suggestion: Option<&'k str> = None;
    let mut suggestion_distance = isize::MAX;
    for &item in candidates {
        if item == name {
            continue;
        }
        // No more than 1/3 of the involved characters should need changed.
        let max_distance = ((name.len() + item.len() + 3) * MOVE_COST / 6) as isize;
        // Don't take matches we've already beaten.
        let max_distance = max_distance.min(suggestion_distance - 1);
        if max_distance < 0 {
            continue;
        }
        let current =
            levenshtein_distance(name.as_bytes(), item.as_bytes(), max_distance as usize) as isize;
        if current > max_distance {
            continue;
        }
        if suggestion.is_none() || current < suggestion_distance {
            suggestion = Some(item);
            suggestion_distance = current;
        }
    }
    suggestion
}

// ---- `difflib.get_close_matches(word, possibilities, n, cutoff=0.5)` ----------------------

/// `SequenceMatcher(None, a, b)` reduced to what `ratio()` needs.
struct SequenceMatcher<'s> {
    a: &'s [char],
    b: &'s [char],
    /// `b2j` after purging the popular elements (`autojunk`).
    b2j: &'s HashMap<char, Vec<usize>>,
}

impl SequenceMatcher<'_> {
    /// `find_longest_match(alo, ahi, blo, bhi)` (no junk function, so only the popular
    /// elements are missing from `b2j`, and they still extend a match).
    fn find_longest_match(
        &self,
        alo: usize,
        ahi: usize,
        blo: usize,
        bhi: usize,
    ) -> (usize, usize, usize) {
        let (a, b) = (self.a, self.b);
        let (mut besti, mut bestj, mut bestsize) = (alo, blo, 0);
        let mut j2len: HashMap<usize, usize> = HashMap::new();
        for (i, item) in a.iter().enumerate().take(ahi).skip(alo) {
            let mut newj2len: HashMap<usize, usize> = HashMap::new();
            if let Some(indices) = self.b2j.get(item) {
                for &j in indices {
                    if j < blo {
                        continue;
                    }
                    if j >= bhi {
                        break;
                    }
                    let previous = if j == 0 {
                        0
                    } else {
                        j2len.get(&(j - 1)).copied().unwrap_or(0)
                    };
                    let k = previous + 1;
                    newj2len.insert(j, k);
                    if k > bestsize {
                        besti = i + 1 - k;
                        bestj = j + 1 - k;
                        bestsize = k;
                    }
                }
            }
            j2len = newj2len;
        }
        while besti > alo && bestj > blo && a[besti - 1] == b[bestj - 1] {
            besti -= 1;
            bestj -= 1;
            bestsize += 1;
        }
        while besti + bestsize < ahi
            && bestj + bestsize < bhi
            && a[besti + bestsize] == b[bestj + bestsize]
        {
            bestsize += 1;
        }
        (besti, bestj, bestsize)
    }

    /// The number of matching characters: the sizes of `get_matching_blocks()` added up.
    fn matches(&self) -> usize {
        let mut queue = vec![(0, self.a.len(), 0, self.b.len())];
        let mut total = 0;
        while let Some((alo, ahi, blo, bhi)) = queue.pop() {
            let (i, j, k) = self.find_longest_match(alo, ahi, blo, bhi);
            if k > 0 {
                total += k;
                if alo < i && blo < j {
                    queue.push((alo, i, blo, j));
                }
                if i + k < ahi && j + k < bhi {
                    queue.push((i + k, ahi, j + k, bhi));
                }
            }
        }
        total
    }
}

/// `get_close_matches(word, possibilities, n, cutoff=0.5)`: the best `n` possibilities whose
/// `ratio()` is at least 0.5, best first (ties: the greater string first, as `nlargest` on
/// `(score, x)` tuples orders them).
fn get_close_matches<'k>(word: &str, possibilities: &[&'k str], n: usize) -> Vec<&'k str> {
    let b: Vec<char> = word.chars().collect();
    let mut b2j: HashMap<char, Vec<usize>> = HashMap::new();
    for (i, &c) in b.iter().enumerate() {
        b2j.entry(c).or_default().push(i);
    }
    // Purge popular elements (`autojunk`).
    if b.len() >= 200 {
        let ntest = b.len() / 100 + 1;
        b2j.retain(|_, indices| indices.len() <= ntest);
    }
    // (matches, total length, possibility): ratio = 2 * matches / length.
    let mut result: Vec<(usize, usize, &'k str)> = Vec::new();
    for &x in possibilities {
        let a: Vec<char> = x.chars().collect();
        let matcher = SequenceMatcher {
            a: &a,
            b: &b,
            b2j: &b2j,
        };
        let length = a.len() + b.len();
        let matches = matcher.matches();
        // ratio() >= 0.5; `real_quick_ratio` and `quick_ratio` are upper bounds of it.
        if length == 0 || 4 * matches >= length {
            result.push((matches, length, x));
        }
    }
    // Descending ratio (2 * m / l, compared exactly), then descending string.
    result
        .sort_by(|&(m1, l1, x1), &(m2, l2, x2)| (m2 * l1).cmp(&(m1 * l2)).then_with(|| x2.cmp(x1)));
    result.into_iter().take(n).map(|(_, _, x)| x).collect()
}

// ---- `str.splitlines()` and `textwrap.dedent()` ------------------------------------------

/// The byte ranges of the lines `str.splitlines()` returns (line boundaries: `\n`, `\r`,
/// `\r\n`, `\v`, `\f`, `\x1c`, `\x1d`, `\x1e`, `\x85`, `\u2028`, `\u2029`).
fn splitlines(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let end_of_break = match c {
            '\r' => match chars.peek() {
                Some(&(next, '\n')) => {
                    chars.next();
                    next + 1
                }
                _ => at + 1,
            },
            '\n' | '\x0b' | '\x0c' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}'
            | '\u{2029}' => at + c.len_utf8(),
            _ => continue,
        };
        lines.push(start..at);
        start = end_of_break;
    }
    if start < text.len() {
        lines.push(start..text.len());
    }
    lines
}

/// `str.isspace()` for one character: Unicode whitespace, including `\x1c`-`\x1f`.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// `textwrap.dedent(text)` (CPython 3.14's version) and the number of characters it removed
/// from the start of each line that is not blank.
fn dedent(text: &str) -> (String, usize) {
    let lines: Vec<&str> = text.split('\n').collect();
    let is_blank = |l: &str| l.chars().all(is_python_space);
    let non_blank: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.is_empty() && !is_blank(l))
        .collect();
    let l1 = non_blank.iter().copied().min().unwrap_or("");
    let l2 = non_blank.iter().copied().max().unwrap_or("");
    // `for margin, c in enumerate(l1): if c != l2[margin] or c not in ' \t': break`
    let mut margin = 0;
    let l2_chars: Vec<char> = l2.chars().collect();
    for (index, c) in l1.chars().enumerate() {
        margin = index;
        if l2_chars.get(index) != Some(&c) || !matches!(c, ' ' | '\t') {
            break;
        }
    }
    let out: Vec<String> = lines
        .iter()
        .map(|l| {
            if !l.is_empty() && is_blank(l) {
                String::new()
            } else {
                l.chars().skip(margin).collect()
            }
        })
        .collect();
    (out.join("\n"), margin)
}

#[cfg(test)]
mod tests;
