//! Rules over Django templates: what they output unescaped, the forms that
//! post without a CSRF token, and the queries a loop triggers. Templates are
//! read with the core lexer (`greenlight_core::template`), never with regexes
//! over raw text, so comments and `{% verbatim %}` blocks do not count.

mod autoescape;
mod csrf_form;
mod n_plus_one;
mod relations;
mod safe_filter;

use std::sync::OnceLock;

use greenlight_core::location::LineMap;
use greenlight_core::template::{tokenize, Token, TokenKind};
use greenlight_core::{FileKind, Span};
use ruff_text_size::TextSize;
use rayon::prelude::*;
use regex::Regex;

use crate::checker::Checker;
use crate::rule::Rule;

pub use autoescape::TEMPLATE_AUTOESCAPE_OFF;
pub use csrf_form::TEMPLATE_FORM_WITHOUT_CSRF_TOKEN;
pub use n_plus_one::TEMPLATE_QUERY_IN_LOOP;
pub use safe_filter::TEMPLATE_SAFE_FILTER;

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[&TEMPLATE_SAFE_FILTER, &TEMPLATE_AUTOESCAPE_OFF, &TEMPLATE_FORM_WITHOUT_CSRF_TOKEN, &TEMPLATE_QUERY_IN_LOOP];

/// A Django template, tokenized.
pub struct Template<'p> {
    pub path: &'p str,
    pub text: &'p str,
    pub tokens: Vec<Token<'p>>,
    lines: LineMap,
}

impl Template<'_> {
    /// The 1-based line and column of byte `offset`.
    pub fn span_at(&self, offset: usize) -> Span {
        let at = self.lines.location(self.text, TextSize::try_from(offset).unwrap_or(TextSize::of(self.text)));
        Span { start: at, end: at }
    }

    /// Whether the template writes HTML (it has a tag outside template syntax):
    /// plain-text e-mails, subjects and SMS bodies escape nothing that matters.
    pub fn produces_html(&self) -> bool {
        static TAG: OnceLock<Regex> = OnceLock::new();
        let tag = TAG.get_or_init(|| Regex::new(r"<[A-Za-z!/]").expect("valid regex"));
        self.tokens.iter().any(|t| t.kind == TokenKind::Text && tag.is_match(t.contents))
    }
}

/// The tokenized templates and what the code says of their variables (`rules::build_shared_analyses`).
pub(crate) fn build_shared_analyses(checker: &Checker) {
    django_templates(checker);
    checker.shared(relations::Relations::collect);
}

/// Every template of the project the Django engine renders (Jinja2 ones are
/// skipped), tokenized once for all template rules.
pub fn django_templates<'c, 'p>(checker: &'c Checker<'p>) -> &'c [Template<'p>] {
    checker.templates.get_or_init(|| {
        let texts: Vec<_> = checker.project.texts_of(FileKind::Template).filter(|t| !is_jinja(&t.rel_path, &t.text)).collect();
        texts.par_iter().map(|t| Template { path: &t.rel_path, text: &t.text, tokens: tokenize(&t.text), lines: LineMap::new(&t.text) }).collect()
    })
}

/// Jinja2 templates: in a `jinja2/` directory, with a Jinja extension, or
/// using syntax Django does not have (whitespace control, `set`, `macro`).
fn is_jinja(path: &str, text: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let in_jinja_dir = lower.split('/').rev().skip(1).any(|d| d == "jinja2" || d == "jinja");
    let jinja_extension = [".jinja", ".jinja2", ".j2"].iter().any(|e| lower.ends_with(e));
    let jinja_syntax = ["{%-", "-%}", "{{-", "-}}", "{% set ", "{% macro ", "{%- set "].iter().any(|s| text.contains(s));
    in_jinja_dir || jinja_extension || jinja_syntax
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jinja_is_told_apart() {
        assert!(is_jinja("app/jinja2/app/x.html", "{{ x }}"));
        assert!(is_jinja("app/templates/x.jinja", ""));
        assert!(is_jinja("app/templates/x.html", "{%- if x -%}{% endif %}"));
        assert!(!is_jinja("app/templates/x.html", "{% if x %}{{ y|default:'-' }}{% endif %}"));
    }
}
