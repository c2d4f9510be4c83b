//! Source positions shared by every stage: byte offsets (`TextSize`), half-open byte ranges
//! (`TextRange`) and `LineIndex`, which turns an offset into the line/column pairs CPython reports.
//!
//! CPython keeps `lineno`/`col_offset` on every token and AST node (`Parser/pegen.h`, `Token`);
//! pyxray keeps one byte range per item and computes those attributes on demand, the way
//! ruff's `ruff_text_size` does. AST columns are UTF-8 byte offsets; `tokenize` columns count characters.
#![forbid(unsafe_code)]

pub mod repr;

use std::fmt;
use std::ops::{Add, Range, Sub};

/// A byte offset into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextSize(u32);

impl TextSize {
    pub const fn new(offset: u32) -> Self {
        TextSize(offset)
    }

    pub const fn to_u32(self) -> u32 {
        self.0
    }

    pub const fn to_usize(self) -> usize {
        self.0 as usize
    }
}

impl From<u32> for TextSize {
    fn from(offset: u32) -> Self {
        TextSize(offset)
    }
}

impl From<usize> for TextSize {
    /// Offsets beyond `u32::MAX` saturate; sources that large are refused before tokenizing.
    fn from(offset: usize) -> Self {
        TextSize(u32::try_from(offset).unwrap_or(u32::MAX))
    }
}

impl Add for TextSize {
    type Output = TextSize;
    fn add(self, rhs: TextSize) -> TextSize {
        TextSize(self.0.saturating_add(rhs.0))
    }
}

impl Sub for TextSize {
    type Output = TextSize;
    fn sub(self, rhs: TextSize) -> TextSize {
        TextSize(self.0.saturating_sub(rhs.0))
    }
}

impl fmt::Display for TextSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A half-open byte range `start..end` of the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TextRange {
    start: TextSize,
    end: TextSize,
}

impl TextRange {
    /// A range from `start` to `end`; `end` is clamped so the range is never inverted.
    pub fn new(start: TextSize, end: TextSize) -> Self {
        TextRange {
            start,
            end: end.max(start),
        }
    }

    pub fn empty(at: TextSize) -> Self {
        TextRange { start: at, end: at }
    }

    pub fn start(self) -> TextSize {
        self.start
    }

    pub fn end(self) -> TextSize {
        self.end
    }

    pub fn len(self) -> TextSize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest range covering both, e.g. the `BinOp` range from its left and right operands.
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn contains(self, offset: TextSize) -> bool {
        self.start <= offset && offset < self.end
    }

    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn as_range(self) -> Range<usize> {
        self.start.to_usize()..self.end.to_usize()
    }
}

impl fmt::Display for TextRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A line/column position. `line` is 1-based as in CPython; `column` is 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineColumn {
    pub line: u32,
    pub column: u32,
}

/// Maps byte offsets to lines and columns. A line ends after `\n`, `\r\n`, or a lone `\r`,
/// as CPython's tokenizer splits lines.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<TextSize>,
    /// Offsets of the UTF-8 continuation bytes, so that counting the characters of any slice
    /// takes two binary searches instead of a walk over the slice (which made columns on one
    /// long line quadratic).
    continuation_bytes: Vec<TextSize>,
}

/// The offsets of the UTF-8 continuation bytes (`0b10xx_xxxx`) of `bytes`.
pub fn continuation_byte_offsets(bytes: &[u8]) -> Vec<TextSize> {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b & 0xc0 == 0x80)
        .map(|(i, _)| TextSize::from(i))
        .collect()
}

/// How many characters `start..end` holds, given the continuation-byte offsets of the text.
pub fn chars_in(continuation_bytes: &[TextSize], start: TextSize, end: TextSize) -> u32 {
    if end <= start {
        return 0;
    }
    let below = |offset: TextSize| continuation_bytes.partition_point(|&c| c < offset);
    (end - start).to_u32() - (below(end) - below(start)) as u32
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let mut line_starts = vec![TextSize::new(0)];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(TextSize::from(i + 1)),
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    line_starts.push(TextSize::from(i + 2));
                    i += 1;
                }
                b'\r' => line_starts.push(TextSize::from(i + 1)),
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            line_starts,
            continuation_bytes: continuation_byte_offsets(bytes),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based index of the line holding `offset`.
    fn line_index(&self, offset: TextSize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The byte offset where 1-based `line` starts (the end of the text for lines past the end).
    pub fn line_start(&self, line: u32, source: &str) -> TextSize {
        let index = (line as usize).saturating_sub(1);
        self.line_starts
            .get(index)
            .copied()
            .unwrap_or_else(|| TextSize::from(source.len()))
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text<'s>(&self, line: u32, source: &'s str) -> &'s str {
        let start = self.line_start(line, source).to_usize();
        let end = self
            .line_starts
            .get(line as usize)
            .map_or(source.len(), |s| s.to_usize());
        source
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// Line and UTF-8 byte column of `offset`: what `ast` reports as `lineno`/`col_offset`.
    pub fn byte_position(&self, offset: TextSize) -> LineColumn {
        let line = self.line_index(offset);
        LineColumn {
            line: line as u32 + 1,
            column: (offset - self.line_starts[line]).to_u32(),
        }
    }

    /// Line and character column of `offset`: what `tokenize` and `SyntaxError.offset` count.
    pub fn char_position(&self, offset: TextSize, source: &str) -> LineColumn {
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let end = offset.min(TextSize::from(source.len()));
        LineColumn {
            line: line as u32 + 1,
            column: chars_in(&self.continuation_bytes, start, end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_bytes_and_chars() {
        let source = "x = 1\nπ = 'é'\r\ny\rz";
        let index = LineIndex::new(source);
        assert_eq!(index.line_count(), 4);
        let quote = source.find('\'').unwrap();
        assert_eq!(
            index.byte_position(TextSize::from(quote)),
            LineColumn { line: 2, column: 5 }
        );
        assert_eq!(
            index.char_position(TextSize::from(quote), source),
            LineColumn { line: 2, column: 4 }
        );
        assert_eq!(index.line_text(2, source), "π = 'é'");
        assert_eq!(index.line_text(4, source), "z");
        let z = TextSize::from(source.len() - 1);
        assert_eq!(index.byte_position(z), LineColumn { line: 4, column: 0 });
    }

    #[test]
    fn character_counts_agree_with_walking_the_text() {
        let source = "aé€𝄞b\n€x";
        let continuation = continuation_byte_offsets(source.as_bytes());
        for (start, _) in source.char_indices() {
            for (end, _) in source.char_indices().filter(|&(end, _)| end >= start) {
                let walked = source[start..end].chars().count() as u32;
                let counted = chars_in(&continuation, TextSize::from(start), TextSize::from(end));
                assert_eq!(counted, walked, "{start}..{end}");
            }
        }
    }

    #[test]
    fn cover_and_contains() {
        let a = TextRange::new(TextSize::new(2), TextSize::new(4));
        let b = TextRange::new(TextSize::new(6), TextSize::new(9));
        let both = a.cover(b);
        assert_eq!((both.start().to_u32(), both.end().to_u32()), (2, 9));
        assert!(both.contains_range(a));
        assert!(!a.contains(TextSize::new(4)));
        assert_eq!(
            TextRange::new(TextSize::new(5), TextSize::new(1))
                .len()
                .to_u32(),
            0
        );
    }
}
