//! Cross-highlighting: the context every panel reads to light up what matches the current step
//! (the instruction the VM just executed, its source span and AST node) and what the student clicked, plus
//! the small range helpers that decide what "matches" means.

use pyxray::{InstrView, TextRange};
use yew::Callback;

use crate::state::{Focus, Selection, SelectionOrigin};

/// Shared with every panel through a `ContextProvider`.
#[derive(Clone, Debug, PartialEq)]
pub struct Highlight {
    pub focus: Focus,
    pub selection: Selection,
    pub select: Callback<SelectionOrigin>,
}

impl Highlight {
    /// A token or other source item lies inside the current step's span.
    pub fn range_is_current(&self, range: TextRange) -> bool {
        self.focus
            .range
            .is_some_and(|current| lies_within(range, current))
    }

    /// A source item lies inside what the student clicked.
    pub fn range_is_selected(&self, range: TextRange) -> bool {
        self.selection
            .range
            .is_some_and(|selected| lies_within(range, selected))
    }
}

/// `inner` is a non-empty range inside `outer`.
pub fn lies_within(inner: TextRange, outer: TextRange) -> bool {
    !inner.is_empty() && outer.contains_range(inner)
}

/// Which instructions of a listing match a selection: those compiled from the selected AST node;
/// when none are, the ones whose source span is the smallest that still covers the selected range
/// (clicking the `5` of `5 + 6` finds the folded `LOAD_SMALL_INT 11`).
pub fn matching_instructions(
    instructions: &[InstrView],
    node: Option<u32>,
    range: Option<TextRange>,
) -> Vec<bool> {
    if let Some(node) = node {
        let by_node: Vec<bool> = instructions
            .iter()
            .map(|instr| instr.node == Some(node))
            .collect();
        if by_node.contains(&true) {
            return by_node;
        }
    }
    let Some(range) = range else {
        return vec![false; instructions.len()];
    };
    let covers = |instr: &InstrView| {
        instr
            .range
            .filter(|span| !span.is_empty() && span.contains_range(range))
    };
    let smallest = instructions
        .iter()
        .filter_map(|instr| covers(instr).map(|span| span.len()))
        .min();
    instructions
        .iter()
        .map(|instr| {
            smallest
                .is_some_and(|smallest| covers(instr).is_some_and(|span| span.len() == smallest))
        })
        .collect()
}

/// A piece of the source text with the marks that apply to all of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment<'s> {
    pub text: &'s str,
    pub start: usize,
    pub marks: Vec<&'static str>,
}

/// Cuts `source` at every mark's edges (snapped to character boundaries) so each piece can be
/// rendered as one `<span>` with the classes of the marks covering it.
pub fn segments<'s>(source: &'s str, marks: &[(TextRange, &'static str)]) -> Vec<Segment<'s>> {
    let snap = |offset: usize| {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let mut cuts = vec![0, source.len()];
    for (range, _) in marks {
        cuts.push(snap(range.start().to_usize()));
        cuts.push(snap(range.end().to_usize()));
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|pair| {
            let (start, end) = (pair[0], pair[1]);
            let text = source.get(start..end)?;
            let marks = marks
                .iter()
                .filter(|(range, _)| {
                    snap(range.start().to_usize()) <= start && end <= snap(range.end().to_usize())
                })
                .map(|(_, class)| *class)
                .collect();
            Some(Segment { text, start, marks })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyxray::TextSize;

    fn range(start: u32, end: u32) -> TextRange {
        TextRange::new(TextSize::new(start), TextSize::new(end))
    }

    #[test]
    fn segments_cover_the_source_once() {
        let source = "c = 5 + 6\n";
        let pieces = segments(
            source,
            &[(range(4, 9), "current"), (range(4, 5), "selected")],
        );
        let joined: String = pieces.iter().map(|piece| piece.text).collect();
        assert_eq!(joined, source);
        let five = pieces.iter().find(|piece| piece.text == "5");
        assert_eq!(
            five.map(|piece| piece.marks.clone()),
            Some(vec!["current", "selected"])
        );
        let rest = pieces.iter().find(|piece| piece.text == " + 6");
        assert_eq!(rest.map(|piece| piece.marks.clone()), Some(vec!["current"]));
    }

    #[test]
    fn segments_never_split_a_character() {
        let source = "s = 'é'\n";
        let pieces = segments(source, &[(range(6, 7), "current")]);
        let joined: String = pieces.iter().map(|piece| piece.text).collect();
        assert_eq!(joined, source);
    }

    fn instr(node: Option<u32>, span: Option<TextRange>) -> InstrView {
        InstrView {
            offset: 0,
            starts_line: None,
            label: None,
            opname: "NOP",
            arg: None,
            argrepr: String::new(),
            range: span,
            node,
            explanation: "",
        }
    }

    #[test]
    fn instructions_match_by_node_first_then_by_smallest_covering_span() {
        let listing = [
            instr(Some(1), Some(range(0, 9))),
            instr(Some(3), Some(range(4, 9))),
            instr(Some(2), Some(range(0, 1))),
        ];
        assert_eq!(
            matching_instructions(&listing, Some(2), None),
            [false, false, true]
        );
        // The `5` (node 4) was folded away: the smallest span covering it wins.
        assert_eq!(
            matching_instructions(&listing, Some(4), Some(range(4, 5))),
            [false, true, false]
        );
    }
}
