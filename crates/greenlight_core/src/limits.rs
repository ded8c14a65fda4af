//! Per-file limits, so that one pathological file cannot hang or crash an
//! audit. Parsing and every rule recurse over the syntax tree and cannot be
//! interrupted, so the budget is enforced *before* parsing, by a linear
//! lexical scan that bounds the depth the tree could have. A file over a limit
//! is skipped with a note naming the limit; the rest of the project is audited.

use std::io::Read;
use std::path::Path;

/// CPython refuses more than 200 nested brackets ("too many nested
/// parentheses"): deeper input is not Python, whatever the configuration.
pub const MAX_BRACKET_DEPTH: usize = 200;

/// CPython's tokenizer refuses more than 100 indentation levels.
pub const MAX_INDENT_LEVELS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files larger than this are not read (`--max-file-size`).
    pub max_file_bytes: u64,
    /// Files with a longer line are not parsed (`--max-line-length`).
    pub max_line_bytes: usize,
    /// Python files whose syntax tree could be deeper than this are not parsed
    /// (`--max-nesting`). The depth is bounded from the tokens: indentation
    /// levels, plus for each open bracket one level and every operator (`+`,
    /// `not`, `.`, `if`, `lambda`, a call's `(`, …) since the last comma.
    pub max_nesting: usize,
}

impl Limits {
    pub const DEFAULT_MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
    pub const DEFAULT_MAX_LINE_BYTES: usize = 1024 * 1024;
    /// Measured: every rule and the settings evaluator run on 2 MiB thread
    /// stacks, and survive trees of depth 400 in a debug build.
    pub const DEFAULT_MAX_NESTING: usize = 200;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: Self::DEFAULT_MAX_FILE_BYTES,
            max_line_bytes: Self::DEFAULT_MAX_LINE_BYTES,
            max_nesting: Self::DEFAULT_MAX_NESTING,
        }
    }
}

/// A limit a file went over: where, and a message for the note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverLimit {
    pub offset: usize,
    pub message: String,
}

/// Reads at most `max` bytes of `path`: a file that grew past the limit after
/// discovery (or lies about its size) is refused, not read whole.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("could not be read: {e}"))?;
    // Sized up front like `std::fs::read`: growing from empty re-copies the
    // bytes several times per file.
    let expected = file.metadata().map(|m| m.len().min(max)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected as usize + 1);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| format!("could not be read: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(over_size_message(max));
    }
    Ok(bytes)
}

pub fn over_size_message(max: u64) -> String {
    format!("skipped: larger than the {} limit per file (--max-file-size)", human_bytes(max))
}

fn human_bytes(bytes: u64) -> String {
    if bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else if bytes >= 1024 && bytes % 1024 == 0 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} byte")
    }
}

/// The first line longer than the limit.
pub fn check_line_length(text: &str, limits: &Limits) -> Result<(), OverLimit> {
    if text.len() <= limits.max_line_bytes {
        return Ok(()); // no line can be longer than the file
    }
    let bytes = text.as_bytes();
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let line = &bytes[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.len() > limits.max_line_bytes {
            return Err(OverLimit {
                offset: start,
                message: format!("a line is longer than the {} limit (--max-line-length)", human_bytes(limits.max_line_bytes as u64)),
            });
        }
        start = end + 1;
    }
    Ok(())
}

/// Bounds the syntax-tree depth of Python source from its tokens, in one pass.
/// Strings and comments are skipped; the bound is conservative (flat chains
/// such as `a < b < c` count as nested).
pub fn check_python_nesting(text: &str, limits: &Limits) -> Result<(), OverLimit> {
    let bytes = text.as_bytes();
    // One entry per open bracket: operators seen since its last comma. The
    // entry at the bottom is the statement level.
    let mut levels: Vec<usize> = vec![0];
    // The sum over `levels` of (operators + 1), kept as they change: summing
    // at every operator was a twentieth of a large audit.
    let mut nested = 1;
    // Per level, lambdas whose parameters are still open: their commas
    // (`lambda a, b=lambda c, d=…: 0: 0`) separate defaults that nest.
    let mut lambdas: Vec<usize> = vec![0];
    let mut indents: Vec<usize> = vec![0];
    let mut at_line_start = true;
    let mut continued = false;
    let mut i = 0;
    while i < bytes.len() {
        if at_line_start {
            at_line_start = false;
            let (width, next) = indentation(bytes, i);
            let blank = matches!(bytes.get(next), None | Some(b'\n' | b'\r' | b'#'));
            if levels.len() == 1 && !continued && !blank {
                while indents.last().is_some_and(|&w| w > width) {
                    indents.pop();
                }
                if indents.last().is_some_and(|&w| w < width) {
                    indents.push(width);
                    if indents.len() - 1 > MAX_INDENT_LEVELS {
                        return Err(OverLimit { offset: i, message: format!("more than {MAX_INDENT_LEVELS} indentation levels (CPython's limit)") });
                    }
                }
            }
            continued = false;
            i = next;
            continue;
        }
        if continued && !matches!(bytes[i], b'\n' | b'\r' | b' ' | b'\t') {
            continued = false;
        }
        let byte = bytes[i];
        let mut operator = false;
        match byte {
            b'\n' => {
                // A backslash-continued line is still the same statement.
                if levels.len() == 1 && !continued {
                    nested -= levels[0];
                    levels[0] = 0;
                    lambdas[0] = 0;
                }
                at_line_start = true;
            }
            b'\\' => continued = true,
            b'#' => {
                while i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' => i = skip_string(bytes, i).0,
            b'(' | b'[' | b'{' => {
                // A call or subscript after an operand nests the tree too.
                operator = true;
                if levels.len() > MAX_BRACKET_DEPTH {
                    return Err(OverLimit { offset: i, message: format!("more than {MAX_BRACKET_DEPTH} nested brackets") });
                }
                let current = levels.last_mut().expect("statement level");
                *current += 1;
                levels.push(0);
                nested += 2;
                lambdas.push(0);
            }
            b')' | b']' | b'}' => {
                if levels.len() > 1 {
                    nested -= levels.pop().map_or(0, |ops| ops + 1);
                    lambdas.pop();
                }
            }
            b',' if lambdas.last().is_some_and(|&open| open > 0) => {}
            b',' | b';' => {
                if let Some(current) = levels.last_mut() {
                    nested -= *current;
                    *current = 0;
                }
            }
            b'+' | b'-' | b'*' | b'/' | b'%' | b'@' | b'<' | b'>' | b'&' | b'|' | b'^' | b'~' | b'.' | b'=' | b':' | b'!' => {
                // `**`, `//`, `==`, `->`, `:=` … are one operator.
                while i + 1 < bytes.len() && matches!(bytes[i + 1], b'*' | b'/' | b'=' | b'<' | b'>') {
                    i += 1;
                }
                operator = !matches!(byte, b'=' | b':') || bytes.get(i) != Some(&byte);
                if byte == b':' && !operator {
                    // The `:` that ends a lambda's parameters.
                    if let Some(open) = lambdas.last_mut().filter(|open| **open > 0) {
                        *open -= 1;
                    }
                }
            }
            b if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 => {
                let start = i;
                i += bytes[i + 1..].iter().position(|&c| !is_identifier_byte(c)).unwrap_or(bytes.len() - i - 1);
                let word = &bytes[start..=i];
                // A string prefix (`f"`, `rb'`): the string follows.
                if matches!(bytes.get(i + 1), Some(b'"' | b'\'')) && word.len() <= 2 {
                    let (end, inside_fields) = skip_string(bytes, i + 1);
                    i = end;
                    // An f-string's fields are expressions: count their tokens.
                    if word.iter().any(|c| matches!(c, b'f' | b'F' | b't' | b'T')) && inside_fields > 0 {
                        if let Some(current) = levels.last_mut() {
                            *current += inside_fields - 1;
                            nested += inside_fields - 1;
                        }
                        operator = true;
                    }
                } else {
                    operator = is_operator_keyword(word);
                    if operator && word == b"lambda" {
                        if let Some(open) = lambdas.last_mut() {
                            *open += 1;
                        }
                    }
                }
            }
            _ => {}
        }
        if operator {
            if let Some(current) = levels.last_mut() {
                *current += 1;
                nested += 1;
            }
            debug_assert_eq!(nested, levels.iter().map(|ops| ops + 1).sum::<usize>());
            let depth = indents.len() - 1 + nested;
            if depth > limits.max_nesting {
                return Err(OverLimit {
                    offset: i,
                    message: format!(
                        "nested too deeply to analyse safely (deeper than {}: brackets, operators and blocks; --max-nesting)",
                        limits.max_nesting
                    ),
                });
            }
        }
        i += 1;
    }
    Ok(())
}

/// A byte that continues an identifier (non-ASCII bytes are letters of a
/// UTF-8 identifier).
fn is_identifier_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The keywords that nest the tree like an operator. Most words are not
/// keywords: the length and first byte rule them out before any comparison.
fn is_operator_keyword(word: &[u8]) -> bool {
    match (word.len(), word.first()) {
        (2..=6, Some(b'a' | b'e' | b'f' | b'i' | b'l' | b'n' | b'o' | b'y')) => {
            matches!(word, b"not" | b"and" | b"or" | b"if" | b"else" | b"lambda" | b"await" | b"in" | b"is" | b"yield" | b"for")
        }
        _ => false,
    }
}

/// Width of the indentation at `i` (a tab counts 8) and where the code starts.
fn indentation(bytes: &[u8], mut i: usize) -> (usize, usize) {
    let mut width = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' => width += 1,
            b'\t' => width = (width / 8 + 1) * 8,
            b'\x0c' => width = 0,
            _ => break,
        }
        i += 1;
    }
    (width, i)
}

/// Index of the closing quote of the string opening at `i` (or the end), and
/// how many tokens-worth of bytes (brackets, operators, words) stand inside
/// `{…}` in it: an upper bound on the depth its fields add if it is an f-string.
fn skip_string(bytes: &[u8], mut i: usize) -> (usize, usize) {
    let quote = bytes[i];
    let triple = bytes.get(i..i + 3) == Some(&[quote, quote, quote][..]);
    i += if triple { 3 } else { 1 };
    let (mut braces, mut inside) = (0usize, 0usize);
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\\' {
            i += 2;
            continue;
        }
        if triple && bytes.get(i..i + 3) == Some(&[quote, quote, quote][..]) {
            return (i + 2, inside);
        }
        if !triple && (b == quote || b == b'\n') {
            return (if b == b'\n' { i - 1 } else { i }, inside);
        }
        match b {
            b'{' => {
                braces += 1;
                inside += 1;
            }
            b'}' => braces = braces.saturating_sub(1),
            _ if braces > 0 && (b.is_ascii_punctuation() || (b.is_ascii_alphabetic() && !bytes[i - 1].is_ascii_alphanumeric())) => {
                inside += 1
            }
            _ => {}
        }
        i += 1;
    }
    (bytes.len(), inside)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nesting(text: &str) -> Result<(), OverLimit> {
        check_python_nesting(text, &Limits::default())
    }

    #[test]
    fn deep_chains_are_refused_before_parsing() {
        for deep in [
            format!("x = {}1{}\n", "(".repeat(300), ")".repeat(300)),
            format!("x = {}1\n", "-".repeat(300)),
            format!("x = {}1\n", "not ".repeat(300)),
            format!("x = {}\n", vec!["a"; 300].join(" + ")),
            format!("x = {}\n", vec!["a"; 300].join(" ** ")),
            format!("x = a{}\n", ".b".repeat(300)),
            format!("x = f{}\n", "()".repeat(300)),
            format!("x = {}c\n", "a if b else ".repeat(300)),
            format!("x = {}c\n", "lambda: ".repeat(300)),
            format!("x = f'{{{}}}'\n", vec!["a"; 300].join(" + ")),
            format!("f = {}0{}\n", "lambda a, b=".repeat(300), ": 0".repeat(300)),
            format!("def f(a, b={}0{}): pass\n", "lambda a, b=".repeat(300), ": 0".repeat(300)),
            format!("x = (a + \\\n{})\n", vec!["a"; 300].join(" + \\\n")),
            format!("x = a + \\\n{}\n", vec!["a"; 300].join(" + \\\n")),
            (0..150).map(|i| format!("{}if x:\n", " ".repeat(i))).collect::<String>() + &" ".repeat(150) + "pass\n",
        ] {
            assert!(nesting(&deep).is_err(), "{}", &deep[..60.min(deep.len())]);
        }
    }

    #[test]
    fn ordinary_code_passes() {
        let flat: String = format!("APPS = [\n{}]\n", (0..10_000).map(|i| format!("    'app{i}',\n")).collect::<String>());
        let dict = format!("D = {{{}}}\n", (0..10_000).map(|i| format!("'k{i}': {i} + 1, ")).collect::<String>());
        let code = "def f(a, b=1, *args, **kw) -> int:\n    if a and not b:\n        return [x.y for x in a if x]\n    return a ** 2 // 3\n";
        let strings = "s = '(((((' + \"[[[[\" + '''\n))))\n'''  # (((((((\nf = f'{a.b} {c!r:>10} ' + f'''{x}\n'''\n";
        let many_statements: String = (0..5000).map(|i| format!("x{i} = a + b + c\n")).collect();
        let dedent = "class A:\n    def f(self):\n        pass\n\n    def g(self):\n        return 1\n";
        let lambdas: String = (0..1000).map(|i| format!("f{i} = lambda a, b=1: (a, b)\nd{i} = {{'k': lambda x: x, 'j': [1, 2]}}\n")).collect();
        for ok in [flat, dict, code.to_owned(), strings.to_owned(), many_statements, dedent.to_owned(), lambdas] {
            assert_eq!(nesting(&ok), Ok(()), "{}", &ok[..60.min(ok.len())]);
        }
    }

    #[test]
    fn the_limit_is_configurable() {
        let chain = format!("x = {}\n", vec!["a"; 300].join(" + "));
        assert!(check_python_nesting(&chain, &Limits { max_nesting: 400, ..Limits::default() }).is_ok());
        assert!(check_python_nesting("x = a + b + c\n", &Limits { max_nesting: 2, ..Limits::default() }).is_err());
    }

    #[test]
    fn long_lines_and_big_files_are_refused() {
        let limits = Limits { max_line_bytes: 10, max_file_bytes: 4, ..Limits::default() };
        assert!(check_line_length("short\r\nshort\n", &limits).is_ok());
        assert_eq!(check_line_length("short\nthis line is too long\n", &limits).unwrap_err().offset, 6);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert!(read_limited(&path, 4).unwrap_err().contains("4 byte limit"));
        assert_eq!(read_limited(&path, 5).unwrap(), b"12345");
    }
}
