//! A small, forgiving reader for the YAML that compose files use: block maps
//! and lists by indentation (including `- key: value` items and lists at their
//! key's indentation), one-line or multi-line flow collections, quoted and
//! plain scalars, block scalars (`|`, `>`), comments, anchors. No crate in the
//! workspace reads YAML, and compose needs little of it. Depth is bounded, so
//! hostile input cannot overflow the stack; malformed input yields less, never a panic.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Yaml {
    Null,
    Scalar(String),
    List(Vec<(u32, Yaml)>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    /// 1-based line of the key.
    pub line: u32,
    pub value: Yaml,
}

impl Yaml {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match self {
            Yaml::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Yaml::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone)]
struct Line<'t> {
    number: u32,
    indent: usize,
    /// Without comment and surrounding blanks; empty for blank/comment lines.
    content: &'t str,
    raw: &'t str,
}

/// Parses the first document of `text`.
pub fn parse(text: &str) -> Yaml {
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, raw)| {
            let indent = raw.len() - raw.trim_start().len();
            let content = strip_comment(raw).trim();
            let content = if content == "---" || content == "..." || content.starts_with('%') { "" } else { content };
            Line { number: i as u32 + 1, indent, content, raw }
        })
        .collect();
    let mut parser = Parser { lines, pos: 0 };
    parser.node(0, 0)
}

/// The line without a trailing `# comment` (a `#` at the start or after a blank, outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && (previous.is_whitespace() || "[{,:-".contains(previous)) => quote = Some(c),
            None if c == '#' && previous.is_whitespace() => return &line[..i],
            None => {}
        }
        previous = c;
    }
    line
}

/// `key: rest` (or `key:`) with the key unquoted; `None` when the line is not a map entry.
fn split_key(content: &str) -> Option<(String, &str)> {
    if content == "-" || content.starts_with("- ") || content.starts_with(['[', '{', '|', '>', '*', '&', '!']) {
        return None;
    }
    let (key, rest) = if let Some(q) = content.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = content[1..].find(q)? + 1;
        let rest = content[close + 1..].trim_start();
        (unquote(&content[..=close]), rest.strip_prefix(':')?)
    } else {
        let bytes = content.as_bytes();
        let colon = (0..bytes.len()).find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\t'))?;
        (content[..colon].trim().to_owned(), &content[colon + 1..])
    };
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some((key, rest.trim()))
}

/// A scalar's value: quotes removed (with `\"` and `''` escapes).
pub fn unquote(text: &str) -> String {
    let text = text.trim();
    if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
        text[1..text.len() - 1].replace("\\\"", "\"").replace("\\\\", "\\")
    } else if text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'') {
        text[1..text.len() - 1].replace("''", "'")
    } else {
        text.to_owned()
    }
}

/// Removes a leading `&anchor` and `!tag`.
fn strip_properties(mut value: &str) -> &str {
    while value.starts_with('&') || value.starts_with('!') {
        value = value.split_once(char::is_whitespace).map_or("", |(_, rest)| rest.trim_start());
    }
    value
}

struct Parser<'t> {
    lines: Vec<Line<'t>>,
    pos: usize,
}

impl<'t> Parser<'t> {
    fn peek(&mut self) -> Option<&Line<'t>> {
        while self.lines.get(self.pos).is_some_and(|l| l.content.is_empty()) {
            self.pos += 1;
        }
        self.lines.get(self.pos)
    }

    fn node(&mut self, min_indent: usize, depth: usize) -> Yaml {
        let Some(line) = self.peek().cloned() else { return Yaml::Null };
        if line.indent < min_indent || depth > MAX_DEPTH {
            return Yaml::Null;
        }
        if line.content == "-" || line.content.starts_with("- ") {
            self.list(line.indent, depth)
        } else if split_key(line.content).is_some() {
            self.map(line.indent, depth)
        } else {
            self.pos += 1;
            self.inline_value(line.content, line.number, line.indent, depth)
        }
    }

    fn map(&mut self, indent: usize, depth: usize) -> Yaml {
        let mut entries: Vec<Entry> = Vec::new();
        while let Some(line) = self.peek().cloned() {
            if line.indent < indent {
                break;
            }
            self.pos += 1;
            let key = (line.indent == indent).then(|| split_key(line.content)).flatten();
            let Some((key, rest)) = key else {
                // A plain scalar continued on more-indented lines, or a stray line: kept or skipped.
                if let Some(Entry { value: Yaml::Scalar(text), .. }) = entries.last_mut().filter(|_| line.indent > indent) {
                    text.push(' ');
                    text.push_str(line.content);
                }
                continue;
            };
            let value = self.value_after(strip_properties(rest), line.number, indent, depth, true);
            entries.push(Entry { key, line: line.number, value });
        }
        Yaml::Map(entries)
    }

    fn list(&mut self, indent: usize, depth: usize) -> Yaml {
        let mut items: Vec<(u32, Yaml)> = Vec::new();
        while let Some(line) = self.peek().cloned() {
            if line.indent > indent {
                self.pos += 1;
                if let Some((_, Yaml::Scalar(text))) = items.last_mut() {
                    text.push(' ');
                    text.push_str(line.content);
                }
                continue;
            }
            if line.indent < indent || !(line.content == "-" || line.content.starts_with("- ")) {
                break;
            }
            let rest = strip_properties(line.content[1..].trim_start());
            let value = if !rest.is_empty() && (split_key(rest).is_some() || rest.starts_with("- ")) {
                // `- key: value`: the item is a block whose first line starts after the dash.
                let offset = line.indent + (line.content.len() - rest.len());
                self.lines[self.pos] = Line { indent: offset, content: rest, ..line.clone() };
                self.node(offset, depth + 1)
            } else {
                self.pos += 1;
                self.value_after(rest, line.number, indent, depth, false)
            };
            items.push((line.number, value));
        }
        Yaml::List(items)
    }

    /// The value written after `key:` or `-` (`rest`), or on the lines below it.
    fn value_after(&mut self, rest: &str, number: u32, indent: usize, depth: usize, in_map: bool) -> Yaml {
        if !rest.is_empty() {
            return self.inline_value(rest, number, indent, depth);
        }
        match self.peek().cloned() {
            Some(next) if next.indent > indent => self.node(next.indent, depth + 1),
            // A list may sit at its key's indentation.
            Some(next) if in_map && next.indent == indent && (next.content == "-" || next.content.starts_with("- ")) => self.list(indent, depth + 1),
            _ => Yaml::Null,
        }
    }

    fn inline_value(&mut self, rest: &str, number: u32, indent: usize, depth: usize) -> Yaml {
        if rest.starts_with('|') || rest.starts_with('>') {
            return Yaml::Scalar(self.block_scalar(indent, rest.starts_with('>')));
        }
        if rest.starts_with('[') || rest.starts_with('{') {
            let mut text = rest.to_owned();
            while !balanced(&text) {
                let Some(next) = self.lines.get(self.pos) else { break };
                text.push(' ');
                text.push_str(next.content);
                self.pos += 1;
            }
            return flow(&text, number, depth);
        }
        Yaml::Scalar(unquote(rest))
    }

    /// The lines of a `|`/`>` scalar: everything indented more than its key.
    fn block_scalar(&mut self, indent: usize, folded: bool) -> String {
        let mut parts = Vec::new();
        while let Some(line) = self.lines.get(self.pos) {
            let blank = line.raw.trim().is_empty();
            if !blank && line.indent <= indent {
                break;
            }
            parts.push(line.raw.trim());
            self.pos += 1;
        }
        parts.join(if folded { " " } else { "\n" }).trim().to_owned()
    }
}

fn balanced(text: &str) -> bool {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            _ => {}
        }
    }
    depth <= 0
}

/// Splits a flow collection's inside on top-level commas.
fn flow_items(inner: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None, 0);
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items.into_iter().map(str::trim).filter(|s| !s.is_empty()).collect()
}

/// `[a, "b"]` or `{k: v}` (nested ones too), all items on the collection's first line.
fn flow(text: &str, number: u32, depth: usize) -> Yaml {
    let text = text.trim();
    let close = |open: char, close: char| text.strip_prefix(open).map(|t| t.strip_suffix(close).unwrap_or(t));
    let item = |s: &str| if s.starts_with(['[', '{']) && depth < MAX_DEPTH { flow(s, number, depth + 1) } else { Yaml::Scalar(unquote(s)) };
    if let Some(inner) = close('[', ']') {
        Yaml::List(flow_items(inner).into_iter().map(|s| (number, item(s))).collect())
    } else if let Some(inner) = close('{', '}') {
        let entries = flow_items(inner)
            .into_iter()
            .map(|s| match split_key(s) {
                Some((key, value)) => Entry { key, line: number, value: item(value) },
                None => Entry { key: unquote(s), line: number, value: Yaml::Null },
            })
            .collect();
        Yaml::Map(entries)
    } else {
        Yaml::Scalar(unquote(text))
    }
}

#[cfg(test)]
#[path = "yaml_tests.rs"]
mod tests;
