//! A Dockerfile reader: instructions with their first line, line continuations
//! (and the `# escape=` directive), comments, heredocs, JSON-array vs shell
//! form, and build stages, so rules judge the final stage as Docker runs it.

/// One instruction, continuations joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub line: u32,
    /// Upper case: `FROM`, `RUN`, `CMD`.
    pub keyword: String,
    /// Everything after the keyword, continuation lines joined with a space.
    pub args: String,
    /// The exec (JSON array) form, when the arguments are one.
    pub exec: Option<Vec<String>>,
}

impl Instruction {
    /// The command as one string, whichever form it was written in.
    pub fn command(&self) -> String {
        match &self.exec {
            Some(parts) => parts.join(" "),
            None => self.args.clone(),
        }
    }

    /// `--flag=value` options before the instruction's operands.
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.args
            .split_whitespace()
            .take_while(|w| w.starts_with("--"))
            .find_map(|w| w.strip_prefix("--").and_then(|w| w.strip_prefix(name)).and_then(|w| w.strip_prefix('=')))
    }

    /// The operands after any `--flags`.
    pub fn operands(&self) -> Vec<&str> {
        self.args.split_whitespace().skip_while(|w| w.starts_with("--")).collect()
    }
}

/// A build stage: its `FROM` and the instructions up to the next one.
#[derive(Debug, Clone)]
pub struct Stage {
    pub from: Instruction,
    /// The base image as written (`python:3.12-slim`, `${BASE}`, `builder`).
    pub image: String,
    pub name: Option<String>,
    pub instructions: Vec<Instruction>,
}

#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    /// `ARG`s declared before the first `FROM` (usable in `FROM` lines).
    pub global_args: Vec<(String, Option<String>)>,
    pub stages: Vec<Stage>,
}

impl Dockerfile {
    pub fn parse(text: &str) -> Dockerfile {
        let mut file = Dockerfile::default();
        for instruction in instructions(text) {
            if instruction.keyword == "FROM" {
                let operands = instruction.operands();
                let image = operands.first().copied().unwrap_or("").to_owned();
                let name = match operands.as_slice() {
                    [_, as_, name, ..] if as_.eq_ignore_ascii_case("as") => Some((*name).to_owned()),
                    _ => None,
                };
                file.stages.push(Stage { from: instruction, image, name, instructions: Vec::new() });
            } else if let Some(stage) = file.stages.last_mut() {
                stage.instructions.push(instruction);
            } else if instruction.keyword == "ARG" {
                for (name, value) in key_values(&instruction.args) {
                    file.global_args.push((name, value));
                }
            }
        }
        file
    }

    /// The stage that ships: the last one, skipping trailing stages named for
    /// development or tests (`AS dev`, `AS django-unittests`), which are built
    /// with `--target` by those who need them.
    pub fn production_stage(&self) -> Option<usize> {
        let is_development = |name: &str| {
            let lower = name.to_ascii_lowercase();
            lower.split(['-', '_', '.']).any(|w| w.starts_with("dev") || w.contains("test") || matches!(w, "ci" | "debug" | "local"))
        };
        let last = self.stages.len().checked_sub(1)?;
        Some(self.stages.iter().rposition(|s| !s.name.as_deref().is_some_and(is_development)).unwrap_or(last))
    }

    /// The earlier stage a stage builds on (`FROM builder`), if any.
    pub fn parent_of(&self, stage_index: usize) -> Option<usize> {
        let image = &self.stages.get(stage_index)?.image;
        self.stages[..stage_index].iter().rposition(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(image)))
    }

    /// The last instruction `keyword` in effect in a stage, following `FROM <stage>` chains.
    pub fn inherited(&self, stage_index: usize, keyword: &str) -> Option<&Instruction> {
        let mut index = Some(stage_index);
        for _ in 0..self.stages.len() {
            let current = index?;
            if let Some(found) = self.stages[current].instructions.iter().rev().find(|i| i.keyword == keyword) {
                return Some(found);
            }
            index = self.parent_of(current);
        }
        None
    }

    /// `image` with `$NAME`/`${NAME}` replaced by global ARG defaults; `None` if one is unknown.
    pub fn resolve(&self, image: &str) -> Option<String> {
        let mut resolved = image.to_owned();
        for (name, value) in &self.global_args {
            let Some(value) = value else { continue };
            resolved = resolved.replace(&format!("${{{name}}}"), value).replace(&format!("${name}"), value);
        }
        (!resolved.contains('$')).then_some(resolved)
    }
}

/// `A=1 B="two words"` (or the legacy `A value`) → pairs; `NAME` alone → no value.
pub fn key_values(args: &str) -> Vec<(String, Option<String>)> {
    let words = shell_words(args);
    match words.as_slice() {
        [single] if !single.contains('=') => vec![(single.clone(), None)],
        [key, ..] if !key.contains('=') => {
            // The raw text after the key: `key` itself has lost its quotes and escapes.
            let value = after_first_word(args).trim().trim_matches(|c| c == '"' || c == '\'');
            vec![(key.clone(), Some(value.to_owned()))]
        }
        _ => words
            .into_iter()
            .filter_map(|w| w.split_once('=').map(|(k, v)| (k.to_owned(), Some(v.to_owned()))))
            .collect(),
    }
}

/// The raw text after the first word (as `shell_words` splits it).
fn after_first_word(text: &str) -> &str {
    let text = text.trim_start();
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (_, '\\') => {
                chars.next();
            }
            (None, c) if c.is_whitespace() => return &text[i..],
            _ => {}
        }
    }
    ""
}

/// Splits on whitespace outside quotes and drops the quotes.
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (_, '\\') => current.extend(chars.next()),
            (None, c) if c.is_whitespace() => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            (_, c) => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The escape character from a `# escape=` parser directive at the top.
fn escape_char(text: &str) -> char {
    for line in text.lines() {
        let Some(directive) = line.trim().strip_prefix('#') else { break };
        let directive = directive.trim().to_ascii_lowercase();
        if let Some(value) = directive.strip_prefix("escape").map(str::trim).and_then(|v| v.strip_prefix('=')) {
            return if value.trim() == "`" { '`' } else { '\\' };
        }
    }
    '\\'
}

/// The heredoc delimiter an instruction opens (`RUN <<EOF`, `<<-"EOT"`).
fn heredoc_delimiter(args: &str) -> Option<(String, bool)> {
    let start = args.find("<<")?;
    let rest = &args[start + 2..];
    let strip_tabs = rest.starts_with('-');
    let word: String = rest.trim_start_matches('-').trim_matches(|c| c == '"' || c == '\'').chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    (!word.is_empty()).then_some((word, strip_tabs))
}

/// The instructions of a Dockerfile.
pub fn instructions(text: &str) -> Vec<Instruction> {
    let escape = escape_char(text);
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut logical = String::new();
        let mut current = trimmed.to_owned();
        // Continuations: comment and blank lines inside them are dropped.
        while let Some(stripped) = current.trim_end().strip_suffix(escape) {
            logical.push_str(stripped.trim());
            logical.push(' ');
            current = loop {
                match lines.next() {
                    Some((_, next)) if next.trim().is_empty() || next.trim().starts_with('#') => continue,
                    Some((_, next)) => break next.trim().to_owned(),
                    None => break String::new(),
                }
            };
        }
        logical.push_str(current.trim());
        let (keyword, args) = logical.split_once(char::is_whitespace).unwrap_or((&logical, ""));
        let mut args = args.trim().to_owned();
        if let Some((delimiter, strip_tabs)) = heredoc_delimiter(&args) {
            for (_, body) in lines.by_ref() {
                let candidate = if strip_tabs { body.trim_start_matches('\t') } else { body };
                if candidate.trim_end() == delimiter {
                    break;
                }
                args.push('\n');
                args.push_str(body);
            }
        }
        let exec = args.starts_with('[').then(|| serde_json::from_str::<Vec<String>>(&args).ok()).flatten();
        out.push(Instruction { line: index as u32 + 1, keyword: keyword.to_ascii_uppercase(), args, exec });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_key_value_with_quoted_key_is_split_on_the_raw_text() {
        // Found by fuzzing: the unquoted key is shorter than its raw text.
        assert_eq!(key_values("\"k\u{e9}\"y some value"), [("k\u{e9}y".to_owned(), Some("some value".to_owned()))]);
        assert_eq!(key_values("a\\ b c"), [("a b".to_owned(), Some("c".to_owned()))]);
    }

    #[test]
    fn continuations_comments_and_forms() {
        let text = "# syntax=docker/dockerfile:1\nARG BASE=python:3.12\nFROM ${BASE} AS build\nRUN apt-get update \\\n    # a comment inside\n\n    && apt-get install -y gcc\nFROM build\nENV A=1 \\\n    B=\"two words\"\nCMD [\"gunicorn\", \"app.wsgi\"]\nENTRYPOINT python manage.py runserver\n";
        let file = Dockerfile::parse(text);
        assert_eq!(file.global_args, [("BASE".to_owned(), Some("python:3.12".to_owned()))]);
        assert_eq!(file.stages.len(), 2);
        assert_eq!(file.resolve(&file.stages[0].image).as_deref(), Some("python:3.12"));
        assert_eq!(file.stages[0].name.as_deref(), Some("build"));
        assert_eq!(file.parent_of(1), Some(0));
        assert_eq!(file.production_stage(), Some(1));
        let targets = Dockerfile::parse("FROM python:3.12 AS base\nFROM base AS release\nFROM release AS development\nFROM development AS django-unittests\n");
        assert_eq!(targets.production_stage(), Some(1));
        let run = &file.stages[0].instructions[0];
        assert_eq!((run.line, run.args.as_str()), (4, "apt-get update && apt-get install -y gcc"));
        let stage = &file.stages[1].instructions;
        assert_eq!(stage[0].line, 9);
        assert_eq!(key_values(&stage[0].args), [("A".to_owned(), Some("1".to_owned())), ("B".to_owned(), Some("two words".to_owned()))]);
        assert_eq!(stage[1].exec.as_deref(), Some(&["gunicorn".to_owned(), "app.wsgi".to_owned()][..]));
        assert_eq!((stage[2].line, stage[2].exec.is_none(), stage[2].command()), (12, true, "python manage.py runserver".to_owned()));
    }

    #[test]
    fn escape_directive_heredocs_and_legacy_env() {
        let text = "# escape=`\nFROM mcr.microsoft.com/windows AS w\nRUN dir `\n  c:\\\nRUN <<EOF\necho \\\nEOF\nUSER app\nENV SECRET_KEY abc def\n";
        let file = Dockerfile::parse(text);
        let stage = &file.stages[0].instructions;
        assert_eq!(stage[0].args, "dir c:\\");
        assert_eq!(stage[1].args, "<<EOF\necho \\");
        assert_eq!((stage[2].keyword.as_str(), stage[2].line), ("USER", 8));
        assert_eq!(key_values(&stage[3].args), [("SECRET_KEY".to_owned(), Some("abc def".to_owned()))]);
        assert_eq!(file.inherited(0, "USER").map(|i| i.args.as_str()), Some("app"));
    }

    #[test]
    fn garbage_does_not_panic() {
        for text in ["\\", "FROM", "FROM \\\n", "RUN <<\n", "CMD [\"unterminated\n", "ARG\nFROM $X\nCOPY --from= .", "\u{0}é \\\n\\\n"] {
            let file = Dockerfile::parse(text);
            for stage in &file.stages {
                let _ = file.resolve(&stage.image);
            }
        }
    }
}
