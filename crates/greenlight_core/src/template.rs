//! A lexer for the Django template language, so template rules read `{{ }}`,
//! `{% %}` and `{# #}` the way Django does instead of grepping: tags never span
//! lines, an unclosed `{{` is plain text, `{% verbatim %}` content is text, and
//! `{% comment %}` blocks are skipped. Tokens carry byte offsets and 1-based
//! lines. Nothing here panics or recurses, whatever the input.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Text,
    /// `{{ … }}`
    Variable,
    /// `{% … %}`
    Block,
    /// `{# … #}`
    Comment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokenKind,
    /// Byte offset of the token's first byte (delimiters included).
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
    /// 1-based line of the first byte.
    pub line: u32,
    /// Text as is; for tags, what is between the delimiters, trimmed.
    pub contents: &'a str,
}

impl<'a> Token<'a> {
    /// A block tag's name (`for`, `autoescape`, `csrf_token`).
    pub fn tag_name(&self) -> &'a str {
        self.contents.split_whitespace().next().unwrap_or("")
    }

    /// A block tag's arguments, after its name.
    pub fn tag_args(&self) -> &'a str {
        let name = self.tag_name();
        self.contents[name.len()..].trim()
    }
}

const OPENERS: [(u8, &str, TokenKind); 3] =
    [(b'%', "%}", TokenKind::Block), (b'{', "}}", TokenKind::Variable), (b'#', "#}", TokenKind::Comment)];

/// Splits `text` into tokens, as Django's `Lexer` does.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut lines = LineCounter::default();
    let mut text_start = 0;
    let mut verbatim_end: Option<String> = None;
    // Per opener: the end of the line on which no closer was found, so a line
    // full of unclosed `{{` is scanned once, not once per brace.
    let mut hopeless_until = [0usize; 3];
    // End of the line `open` is on, computed once per line.
    let mut line_end = 0;
    let mut pos = 0;
    while let Some(found) = memchr(b'{', &bytes[pos..]) {
        let open = pos + found;
        pos = open + 1;
        let Some(kind_index) = bytes.get(open + 1).and_then(|b| OPENERS.iter().position(|(o, _, _)| o == b)) else { continue };
        if open < hopeless_until[kind_index] {
            continue;
        }
        let (_, closer, kind) = OPENERS[kind_index];
        if open >= line_end {
            line_end = memchr(b'\n', &bytes[open..]).map_or(bytes.len(), |n| open + n);
        }
        let Some(close) = text[open + 2..line_end].find(closer).map(|n| open + 2 + n) else {
            hopeless_until[kind_index] = line_end;
            continue;
        };
        let end = close + 2;
        let contents = text[open + 2..close].trim();
        if let Some(expected) = &verbatim_end {
            if kind != TokenKind::Block || contents != expected {
                pos = end;
                continue;
            }
            verbatim_end = None;
        } else if kind == TokenKind::Block && (contents == "verbatim" || contents.starts_with("verbatim ")) {
            verbatim_end = Some(format!("end{contents}"));
        }
        if open > text_start {
            let line = lines.line_at(text, text_start);
            tokens.push(Token { kind: TokenKind::Text, start: text_start, end: open, line, contents: &text[text_start..open] });
        }
        let line = lines.line_at(text, open);
        tokens.push(Token { kind, start: open, end, line, contents });
        text_start = end;
        pos = end;
    }
    if text_start < text.len() {
        let line = lines.line_at(text, text_start);
        tokens.push(Token { kind: TokenKind::Text, start: text_start, end: text.len(), line, contents: &text[text_start..] });
    }
    tokens
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|b| *b == needle)
}

/// Turns increasing byte offsets into lines in one pass.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u32,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> u32 {
        let offset = offset.min(text.len());
        if offset >= self.offset {
            self.line += text.as_bytes()[self.offset..offset].iter().filter(|b| **b == b'\n').count() as u32;
            self.offset = offset;
        }
        self.line + 1
    }
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of_offset(text: &str, offset: usize) -> u32 {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() as u32 + 1
}

/// One filter of a variable expression: `date:"j M Y"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter<'a> {
    pub name: &'a str,
    pub arg: Option<&'a str>,
}

/// A variable expression: `member.bio|default:"—"|safe`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression<'a> {
    pub base: &'a str,
    pub filters: Vec<Filter<'a>>,
}

impl<'a> Expression<'a> {
    /// A string or number literal (`"<br>"`, `_("Save")`, `3`), not a variable.
    pub fn is_literal(&self) -> bool {
        let base = self.base.strip_prefix("_(").unwrap_or(self.base);
        base.starts_with(['"', '\'']) || base.starts_with(|c: char| c.is_ascii_digit() || c == '-')
    }

    /// The dotted lookups of a variable base (`member.tier.name` → 3 parts).
    pub fn path(&self) -> Vec<&'a str> {
        if self.is_literal() {
            return Vec::new();
        }
        self.base.split('.').collect()
    }
}

/// Parses `base|filter:arg|…`, honouring quotes around arguments.
pub fn parse_expression(source: &str) -> Expression<'_> {
    let mut parts = split_outside_quotes(source, '|').into_iter();
    let base = parts.next().unwrap_or("").trim();
    let filters = parts
        .map(|part| {
            let part = part.trim();
            match split_outside_quotes(part, ':').first() {
                Some(name) if name.len() < part.len() => {
                    Filter { name: name.trim(), arg: Some(part[name.len() + 1..].trim()) }
                }
                _ => Filter { name: part, arg: None },
            }
        })
        .collect();
    Expression { base, filters }
}

fn split_outside_quotes(source: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in source.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == separator => {
                parts.push(&source[start..i]);
                start = i + c.len_utf8();
            }
            None => {}
        }
    }
    parts.push(&source[start..]);
    parts
}

/// An enclosing `{% for targets in iterable %}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForLoop<'a> {
    pub targets: Vec<&'a str>,
    pub iterable: &'a str,
    pub line: u32,
    /// Byte offset of the `{% for %}` tag: identifies the loop.
    pub start: usize,
    /// Past `{% empty %}`: the loop variables are not bound here.
    pub in_empty: bool,
}

/// Where a token stands.
#[derive(Debug, Clone, Default)]
pub struct Context<'a> {
    /// Enclosing loops, outermost first.
    pub loops: Vec<ForLoop<'a>>,
    autoescape: Vec<(bool, u32)>,
}

impl Context<'_> {
    /// The line of the innermost `{% autoescape off %}` when autoescaping is off here.
    pub fn autoescape_off(&self) -> Option<u32> {
        match self.autoescape.last() {
            Some((false, line)) => Some(*line),
            _ => None,
        }
    }
}

/// Parses `x`, `k, v` and the iterable of a `for` tag's arguments.
fn parse_for(args: &str) -> (Vec<&str>, &str) {
    let bits: Vec<&str> = args.split_whitespace().collect();
    let in_index = match bits.iter().rposition(|b| *b == "in") {
        Some(i) => i,
        None => return (Vec::new(), ""),
    };
    let targets_end = bits[..in_index].last().map_or(0, |last| {
        let offset = last.as_ptr() as usize - args.as_ptr() as usize;
        offset + last.len()
    });
    let targets = args[..targets_end].split(',').map(str::trim).filter(|t| !t.is_empty()).collect();
    (targets, bits.get(in_index + 1).copied().unwrap_or(""))
}

/// Calls `visit` for every token outside `{% comment %}` blocks, with the
/// loops and autoescape state around it. Unbalanced end tags are ignored.
pub fn walk<'a>(tokens: &[Token<'a>], mut visit: impl FnMut(&Token<'a>, &Context<'a>)) {
    let mut context = Context::default();
    let mut in_comment_block = false;
    for token in tokens {
        if token.kind == TokenKind::Block {
            let name = token.tag_name();
            if in_comment_block {
                in_comment_block = name != "endcomment";
                continue;
            }
            match name {
                "comment" => {
                    in_comment_block = true;
                    continue;
                }
                "for" => {
                    let (targets, iterable) = parse_for(token.tag_args());
                    visit(token, &context);
                    context.loops.push(ForLoop { targets, iterable, line: token.line, start: token.start, in_empty: false });
                    continue;
                }
                "empty" => {
                    if let Some(top) = context.loops.last_mut() {
                        top.in_empty = true;
                    }
                }
                "endfor" => {
                    context.loops.pop();
                }
                "autoescape" => {
                    let on = token.tag_args() != "off";
                    context.autoescape.push((on, token.line));
                }
                "endautoescape" => {
                    context.autoescape.pop();
                }
                _ => {}
            }
        } else if in_comment_block {
            continue;
        }
        visit(token, &context);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str, u32)> {
        tokenize(text).into_iter().map(|t| (t.kind, t.contents, t.line)).collect()
    }

    #[test]
    fn tokens_with_offsets_and_lines() {
        let text = "<h1>{{ a }}</h1>\n{% if b %}\n{# note #}{% endif %}";
        let tokens = tokenize(text);
        use TokenKind::*;
        assert_eq!(
            kinds(text),
            [(Text, "<h1>", 1), (Variable, "a", 1), (Text, "</h1>\n", 1), (Block, "if b", 2), (Text, "\n", 2), (Comment, "note", 3), (Block, "endif", 3)]
        );
        assert_eq!(&text[tokens[1].start..tokens[1].end], "{{ a }}");
        let rebuilt: String = tokens.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(rebuilt, text);
    }

    #[test]
    fn unclosed_and_multiline_tags_are_text() {
        use TokenKind::*;
        assert_eq!(kinds("{{ a\n}} {% b"), [(Text, "{{ a\n}} {% b", 1)]);
        assert_eq!(kinds("{ {{x}}"), [(Text, "{ ", 1), (Variable, "x", 1)]);
        assert_eq!(kinds("{{ {{ x }}"), [(Variable, "{{ x", 1)]);
        assert_eq!(kinds("a {% if %} é {{"), [(Text, "a ", 1), (Block, "if", 1), (Text, " é {{", 1)]);
        assert!(tokenize("").is_empty());
        // Checked against django.template.base.Lexer (5.2).
        assert_eq!(kinds("{{ x }}}"), [(Variable, "x", 1), (Text, "}", 1)]);
        assert_eq!(kinds("{#{{ x }}#}"), [(Comment, "{{ x }}", 1)]);
        assert_eq!(kinds("{{ x|default:\"}}\" }}"), [(Variable, "x|default:\"", 1), (Text, "\" }}", 1)]);
        assert_eq!(kinds("{%%}{{}}{##}"), [(Block, "", 1), (Variable, "", 1), (Comment, "", 1)]);
    }

    #[test]
    fn verbatim_content_is_text() {
        use TokenKind::*;
        let text = "{% verbatim x %}{{ a|safe }}{% endverbatim %}{% endverbatim x %}{{ b }}";
        assert_eq!(
            kinds(text),
            [(Block, "verbatim x", 1), (Text, "{{ a|safe }}{% endverbatim %}", 1), (Block, "endverbatim x", 1), (Variable, "b", 1)]
        );
    }

    #[test]
    fn expressions_split_filters_outside_quotes() {
        let e = parse_expression(r#"member.bio|default:"a|b:c"|safe"#);
        assert_eq!(e.base, "member.bio");
        assert_eq!(e.path(), ["member", "bio"]);
        assert_eq!(e.filters, [Filter { name: "default", arg: Some(r#""a|b:c""#) }, Filter { name: "safe", arg: None }]);
        assert!(parse_expression(r#""<br>"|safe"#).is_literal());
        assert!(parse_expression(r#"_("Save")|safe"#).is_literal());
        assert!(!parse_expression("x").is_literal());
        assert_eq!(parse_expression("|||").filters.len(), 3);
        assert_eq!(parse_expression("'unclosed|safe").filters.len(), 0);
    }

    #[test]
    fn walk_tracks_loops_autoescape_and_comments() {
        let text = "{% for k, v in d.items %}{{ v }}{% empty %}{{ e }}{% endfor %}\
                    {% autoescape off %}{{ raw }}{% autoescape on %}{{ esc }}{% endautoescape %}{{ raw2 }}{% endautoescape %}\
                    {% comment %}{{ hidden }}{% endcomment %}{{ after }}{% endfor %}{% endautoescape %}";
        let tokens = tokenize(text);
        let mut seen = Vec::new();
        walk(&tokens, |t, c| {
            if t.kind == TokenKind::Variable {
                let top = c.loops.last().map(|l| (l.targets.clone(), l.iterable, l.in_empty));
                seen.push((t.contents, top, c.autoescape_off().is_some()));
            }
        });
        assert_eq!(
            seen,
            [
                ("v", Some((vec!["k", "v"], "d.items", false)), false),
                ("e", Some((vec!["k", "v"], "d.items", true)), false),
                ("raw", None, true),
                ("esc", None, false),
                ("raw2", None, true),
                ("after", None, false),
            ]
        );
    }

    #[test]
    fn garbage_and_huge_inputs_do_not_panic() {
        let garbage = "{{{%{#}}%}#}{% for %}{% for in %}{% endfor %}{% endfor %}{% endfor %}{% autoescape %}\u{0}é{{ |:| }}{% %}";
        walk(&tokenize(garbage), |_, _| {});
        let chunk = "<p>{{ member.bio|safe }}</p>{% for x in y %}{{ x.a.b }}{{ {% {# \n";
        let big = chunk.repeat(10 * 1024 * 1024 / chunk.len());
        let tokens = tokenize(&big);
        assert!(tokens.len() > 100_000);
        assert_eq!(tokens.last().unwrap().line as usize, big.lines().count());
        let mut deepest = 0;
        walk(&tokens, |_, c| deepest = deepest.max(c.loops.len()));
        assert!(deepest > 100_000);
        let one_line = "{{".repeat(5 * 1024 * 1024);
        assert_eq!(tokenize(&one_line).len(), 1);
        let nested = "{% for a in b %}{% autoescape off %}".repeat(200_000);
        let mut count = 0;
        walk(&tokenize(&nested), |_, _| count += 1);
        assert_eq!(count, 400_000);
    }

    #[test]
    fn line_of_offset_counts_from_one() {
        assert_eq!(line_of_offset("a\nb\nc", 0), 1);
        assert_eq!(line_of_offset("a\nb\nc", 2), 2);
        assert_eq!(line_of_offset("a\nb\nc", 99), 3);
    }
}
