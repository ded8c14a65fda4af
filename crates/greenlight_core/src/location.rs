//! Positions in a file, 1-based like every editor and like ruff's output.

use ruff_source_file::LineIndex;
use ruff_text_size::{TextRange, TextSize};
use serde::Serialize;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub const START: Location = Location { line: 1, column: 1 };
}

/// Start and end of a finding's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: Location,
    pub end: Location,
}

impl Span {
    pub const FILE_START: Span = Span { start: Location::START, end: Location::START };

    pub fn line(line: u32) -> Span {
        let at = Location { line, column: 1 };
        Span { start: at, end: at }
    }
}

/// Turns byte offsets of one file's text into line/column spans.
#[derive(Debug)]
pub struct LineMap {
    index: LineIndex,
}

impl LineMap {
    pub fn new(text: &str) -> Self {
        LineMap { index: LineIndex::from_source_text(text) }
    }

    pub fn location(&self, text: &str, offset: TextSize) -> Location {
        let lc = self.index.line_column(offset.min(TextSize::of(text)), text);
        Location { line: lc.line.get() as u32, column: lc.column.get() as u32 }
    }

    /// The 1-based line of `offset`, without the column (which counts characters).
    pub fn line(&self, text: &str, offset: TextSize) -> u32 {
        self.index.line_index(offset.min(TextSize::of(text))).get() as u32
    }

    pub fn span(&self, text: &str, range: TextRange) -> Span {
        Span { start: self.location(text, range.start()), end: self.location(text, range.end()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_agrees_with_location_at_every_offset() {
        let text = "x = 1\n\u{e9}t\u{e9} = '\u{1f600}'\r\n\nlast";
        let map = LineMap::new(text);
        // Offsets come from the syntax tree: always at a character boundary.
        for offset in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let at = TextSize::new(offset as u32);
            assert_eq!(map.line(text, at), map.location(text, at).line, "offset {offset}");
        }
        assert_eq!(map.line(text, TextSize::of(text)), 4);
        assert_eq!(map.line(text, TextSize::of(text) + TextSize::new(5)), 4, "past the end: the last line");
    }
}
