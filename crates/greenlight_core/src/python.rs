//! Reading and parsing Python files with ruff's parser. A file that cannot be
//! read or parsed becomes a note, never an error that stops the audit.

use std::sync::OnceLock;

use ruff_python_ast::{ModModule, PySourceType};
use ruff_text_size::{TextRange, TextSize};

use crate::limits::{check_line_length, check_python_nesting, Limits};
use crate::location::{LineMap, Location, Span};
use crate::outline::{is_test_path, outline};

#[derive(Debug)]
pub struct PythonModule {
    pub rel_path: String,
    pub text: String,
    tree: Tree,
    lines: LineMap,
}

/// A module's syntax tree: complete, or (a test file) cut to its outline.
#[derive(Debug)]
enum Tree {
    Complete(ModModule),
    /// `crate::outline`; the complete tree is parsed again when first asked for.
    Outline { outline: ModModule, complete: OnceLock<ModModule> },
}

impl PythonModule {
    /// The complete syntax tree. A test file's is parsed again on first use:
    /// ask `outline` where definitions and imports are enough.
    pub fn ast(&self) -> &ModModule {
        match &self.tree {
            Tree::Complete(tree) => tree,
            Tree::Outline { complete, .. } => {
                complete.get_or_init(|| ruff_python_parser::parse_unchecked_source(&self.text, PySourceType::Python).into_syntax())
            }
        }
    }

    /// The file's definitions (functions and classes, nested ones too) and
    /// imports, and maybe more: the complete tree of any file but a test.
    pub fn outline(&self) -> &ModModule {
        match &self.tree {
            Tree::Complete(tree) | Tree::Outline { outline: tree, .. } => tree,
        }
    }

    /// Whether the file was cut to its outline after parsing (a test file).
    pub fn is_outlined(&self) -> bool {
        matches!(self.tree, Tree::Outline { .. })
    }

    /// Whether an outlined file's complete tree was asked for (and parsed again).
    pub fn was_parsed_again(&self) -> bool {
        matches!(&self.tree, Tree::Outline { complete, .. } if complete.get().is_some())
    }

    pub fn span(&self, range: TextRange) -> Span {
        self.lines.span(&self.text, range)
    }

    pub fn location(&self, offset: TextSize) -> Location {
        self.lines.location(&self.text, offset)
    }

    /// The 1-based line of `offset`.
    pub fn line(&self, offset: TextSize) -> u32 {
        self.lines.line(&self.text, offset)
    }

    /// The source text of `range`.
    pub fn slice(&self, range: TextRange) -> &str {
        self.text.get(range.start().to_usize()..range.end().to_usize()).unwrap_or("")
    }
}

/// Why a Python file was left out of the audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseFailure {
    Syntax { location: Location, message: String },
    /// Over a per-file limit (see `limits`); not parsed.
    OverLimit { location: Location, message: String },
    Unreadable(String),
}

impl ParseFailure {
    pub fn describe(&self) -> String {
        match self {
            ParseFailure::Syntax { location, message } => {
                format!("syntax error at {}:{}: {message}; the file was not checked", location.line, location.column)
            }
            ParseFailure::OverLimit { location, message } => {
                format!("skipped at {}:{}: {message}", location.line, location.column)
            }
            ParseFailure::Unreadable(why) => why.clone(),
        }
    }
}

/// Decodes raw file bytes as Python source: UTF-8 (with or without BOM) or
/// UTF-16 with a BOM. Anything else is refused with a reason. Takes the bytes
/// by value: plain UTF-8, nearly every file, becomes the text without a copy.
pub fn decode_source(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest).map(str::to_owned).map_err(|_| "not valid UTF-8".to_owned());
    }
    for (bom, little) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| if little { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
                .collect();
            return String::from_utf16(&units).map_err(|_| "not valid UTF-16".to_owned());
        }
    }
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes)".to_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!("not valid UTF-8 (first bad byte at offset {}); re-save it as UTF-8", e.utf8_error().valid_up_to())
    })
}

/// Parses Python source text under the default limits.
pub fn parse_python(rel_path: &str, text: String) -> Result<PythonModule, ParseFailure> {
    parse_python_within(rel_path, text, &Limits::default())
}

/// Parses Python source text, refusing (before parsing) a file over the
/// line-length or nesting limits: the parser and the rules recurse. A test
/// file is kept as its outline.
pub fn parse_python_within(rel_path: &str, text: String, limits: &Limits) -> Result<PythonModule, ParseFailure> {
    let lines = LineMap::new(&text);
    if let Err(over) = check_line_length(&text, limits).and_then(|()| check_python_nesting(&text, limits)) {
        let location = lines.location(&text, TextSize::new(over.offset as u32));
        return Err(ParseFailure::OverLimit { location, message: over.message });
    }
    let parsed = ruff_python_parser::parse_unchecked_source(&text, PySourceType::Python);
    if let Some(error) = parsed.errors().first() {
        let location = lines.location(&text, error.location.start());
        return Err(ParseFailure::Syntax { location, message: error.error.to_string() });
    }
    let mut syntax = parsed.into_syntax();
    let tree = if is_test_path(rel_path) {
        outline(&mut syntax.body);
        Tree::Outline { outline: syntax, complete: OnceLock::new() }
    } else {
        Tree::Complete(syntax)
    };
    Ok(PythonModule { rel_path: rel_path.to_owned(), text, tree, lines })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_and_utf16() {
        assert_eq!(decode_source(b"\xEF\xBB\xBFx = 1".to_vec()).unwrap(), "x = 1");
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("x=1".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode_source(utf16).unwrap(), "x=1");
        assert!(decode_source(b"x = '\xff'".to_vec()).unwrap_err().contains("UTF-8"));
        assert!(decode_source(b"\x00\x01".to_vec()).unwrap_err().contains("binary"));
    }

    #[test]
    fn syntax_error_is_located() {
        let err = parse_python("a.py", "x = 1\ndef (:\n".into()).unwrap_err();
        match err {
            ParseFailure::Syntax { location, .. } => assert_eq!(location.line, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let text = format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
        assert!(matches!(parse_python("a.py", text), Err(ParseFailure::OverLimit { .. })));
        let ok = format!("x = {}1{}  # {}\ns = '((((('\n", "(".repeat(50), ")".repeat(50), "(".repeat(500));
        assert!(parse_python("a.py", ok).is_ok());
    }
}
