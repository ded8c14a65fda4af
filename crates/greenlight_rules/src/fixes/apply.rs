//! Applying whole fixes to one file's text, as ruff does: a fix is applied
//! with all its edits or not at all; a fix that overlaps an edit already
//! taken waits for the next pass; an edit identical to one already taken is
//! applied once (fixes that share a header or an import). Line breaks in the
//! replacements follow the file (CRLF files stay CRLF).

use crate::finding::Edit;

/// The result of applying fixes to a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// Indices (into the input) of the fixes applied.
    pub applied: Vec<usize>,
    /// Indices of the fixes left for a later pass (overlap or invalid range).
    pub skipped: Vec<usize>,
    /// Edits written (duplicates counted once).
    pub edits: usize,
}

/// Whether two edits cannot both apply.
fn conflicts(a: &Edit, b: &Edit) -> bool {
    match (a.is_insertion(), b.is_insertion()) {
        (true, true) => false,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

/// The line break the file uses: CRLF when its first line ends with one.
pub fn newline_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Applies `fixes` (each a list of edits of this file) to `text` in order.
pub fn apply_fixes(text: &str, fixes: &[&[Edit]]) -> Applied {
    let newline = newline_of(text);
    let mut taken: Vec<Edit> = Vec::new();
    let mut applied = Vec::new();
    let mut skipped = Vec::new();
    for (index, edits) in fixes.iter().enumerate() {
        let valid = edits.iter().all(|e| {
            let (s, t) = (e.start as usize, e.end as usize);
            s <= t && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t)
        });
        let fresh: Vec<&Edit> = edits.iter().filter(|e| !taken.contains(e)).collect();
        if !valid || fresh.iter().any(|e| taken.iter().any(|t| conflicts(e, t))) {
            skipped.push(index);
            continue;
        }
        taken.extend(fresh.into_iter().cloned());
        applied.push(index);
    }
    // Insertions at an offset go before a replacement starting there; equal
    // keys keep the order they were taken in (the sort is stable).
    let mut order: Vec<&Edit> = taken.iter().collect();
    order.sort_by_key(|e| (e.start, !e.is_insertion()));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0usize;
    for edit in &order {
        out.push_str(&text[at..edit.start as usize]);
        out.push_str(&in_style(&edit.content, newline));
        at = at.max(edit.end as usize);
    }
    out.push_str(&text[at..]);
    Applied { text: out, applied, skipped, edits: taken.len() }
}

fn in_style(content: &str, newline: &str) -> String {
    let unix = content.replace("\r\n", "\n");
    if newline == "\n" { unix } else { unix.replace('\n', newline) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: u32, end: u32, content: &str) -> Edit {
        Edit { path: "a.py".into(), start, end, content: content.into() }
    }

    #[test]
    fn applies_in_offset_order_and_skips_overlaps() {
        let text = "abcdef";
        let first = [edit(1, 3, "X")];
        let overlapping = [edit(2, 4, "Y")];
        let later = [edit(5, 5, "!")];
        let result = apply_fixes(text, &[&first, &overlapping, &later]);
        assert_eq!(result.text, "aXde!f");
        assert_eq!(result.applied, [0, 2]);
        assert_eq!(result.skipped, [1]);
    }

    #[test]
    fn identical_edits_apply_once_and_insertions_keep_their_order() {
        let header = edit(6, 6, "# h\n");
        let a = [header.clone(), edit(6, 6, "A = 1\n")];
        let b = [header, edit(6, 6, "B = 1\n")];
        let result = apply_fixes("x = 1\n", &[&a, &b]);
        assert_eq!(result.text, "x = 1\n# h\nA = 1\nB = 1\n");
        assert_eq!(result.applied, [0, 1]);
        assert_eq!(result.edits, 3);
    }

    #[test]
    fn crlf_files_get_crlf_replacements() {
        let result = apply_fixes("x = 1\r\n", &[&[edit(7, 7, "y = 2\nz = 3\n")]]);
        assert_eq!(result.text, "x = 1\r\ny = 2\r\nz = 3\r\n");
    }

    #[test]
    fn out_of_range_or_split_character_edits_are_skipped() {
        let result = apply_fixes("é", &[&[edit(1, 1, "x")], &[edit(0, 9, "")]]);
        assert_eq!(result.text, "é");
        assert_eq!(result.skipped, [0, 1]);
    }
}
