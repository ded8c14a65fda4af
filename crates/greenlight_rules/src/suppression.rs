//! Inline suppressions in the ecosystem's convention: `# noqa: SEC004` (or a
//! bare `# noqa`) on a Python or config line, `{# noqa: SEC012 #}` in a Django
//! template. Only greenlight-shaped codes count, so `# noqa: E501` stays ruff's.

use std::sync::OnceLock;

use regex::Regex;

use crate::finding::Category;

/// What a `noqa` comment on one line suppresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suppression {
    /// A bare `# noqa`: every finding on the line.
    All,
    /// Specific codes (greenlight's only), with their column in the line.
    Codes(Vec<String>),
}

fn noqa_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)(?:#|\{#)\s*noqa(?P<codes>:\s*[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)?").expect("valid regex"))
}

/// Whether `code` has the shape of one of greenlight's codes (`SEC004`, `PERF001`).
pub fn is_greenlight_code(code: &str) -> bool {
    Category::ALL.iter().any(|c| {
        code.strip_prefix(c.prefix()).is_some_and(|digits| digits.len() == 3 && digits.chars().all(|d| d.is_ascii_digit()))
    })
}

/// The suppression a line carries, if any. A `noqa` listing only other tools'
/// codes suppresses nothing of greenlight's.
pub fn parse_line(line: &str) -> Option<Suppression> {
    let captures = noqa_pattern().captures(line)?;
    match captures.name("codes") {
        None => Some(Suppression::All),
        Some(codes) => {
            let ours: Vec<String> = codes
                .as_str()
                .trim_start_matches(':')
                .split(|c: char| c == ',' || c.is_whitespace())
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| is_greenlight_code(c))
                .collect();
            (!ours.is_empty()).then_some(Suppression::Codes(ours))
        }
    }
}

impl Suppression {
    pub fn covers(&self, code: &str) -> bool {
        match self {
            Suppression::All => true,
            Suppression::Codes(codes) => codes.iter().any(|c| c == code),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_noqa_forms() {
        assert_eq!(parse_line("x = 1  # noqa"), Some(Suppression::All));
        assert_eq!(parse_line("x = 1  # noqa: SEC004, PERF001"), Some(Suppression::Codes(vec!["SEC004".into(), "PERF001".into()])));
        assert_eq!(parse_line("x = 1  # NOQA:SEC004 E501"), Some(Suppression::Codes(vec!["SEC004".into()])));
        assert_eq!(parse_line("x = 1  # noqa: E501"), None);
        assert_eq!(parse_line("{{ x|safe }} {# noqa: SEC030 #}"), Some(Suppression::Codes(vec!["SEC030".into()])));
        assert_eq!(parse_line("x = 1"), None);
        assert!(Suppression::Codes(vec!["SEC004".into()]).covers("SEC004"));
        assert!(!Suppression::Codes(vec!["SEC004".into()]).covers("SEC005"));
    }
}
