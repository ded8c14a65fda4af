//! SEC060: `{{ value|safe }}` turns Django's autoescaping off for one value.
//! Worst on fields users write (a bio, a comment), where it is stored XSS.

use std::collections::HashSet;

use greenlight_core::template::{parse_expression, walk, Expression, Token, TokenKind};

use super::relations::Relations;
use super::django_templates;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

/// Names of fields that usually hold text users typed, often as HTML.
const RICH_TEXT_NAMES: &[&str] = &["bio", "description", "content", "body", "comment", "message", "html", "about", "notes"];

pub static TEMPLATE_SAFE_FILTER: Rule = Rule {
    code: "SEC060",
    effort_minutes: 20,
    name: "template-safe-filter",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(79),
    summary: "`|safe` outputs a template variable without HTML escaping",
    doc: r#"## What it does
Reports a variable rendered with the `safe` (or `safeseq`) filter in an HTML template, unless it is
a string literal or an earlier filter already escaped or sanitised it. The severity is high when
the variable is a model field that typically holds user-written text (`bio`, `description`,
`content`, `body`, `comment`, `message`, `…html`) or a `TextField` of one of the project's models.

## Why is this bad?
`safe` tells Django the value is trusted HTML. If a user can write the value, they can write a
`<script>` that runs in every visitor's browser (stored cross-site scripting): stealing sessions,
acting as the victim, defacing pages.

## Example
```django
<div class="bio">{{ member.bio|safe }}</div>
```

Use instead:
```django
<div class="bio">{{ member.bio|linebreaks }}</div>
{# or sanitise on save (bleach / nh3) and mark only the cleaned HTML as safe #}
```

## References
- [Django: Automatic HTML escaping](https://docs.djangoproject.com/en/stable/ref/templates/language/#automatic-html-escaping)
- [Django: safe](https://docs.djangoproject.com/en/stable/ref/templates/builtins/#safe)
- [CWE-79: Cross-site Scripting](https://cwe.mitre.org/data/definitions/79.html)
"#,
    check: check_safe_filter,
};

fn check_safe_filter(checker: &Checker, out: &mut Vec<Finding>) {
    let mut relations: Option<std::sync::Arc<Relations>> = None;
    for template in django_templates(checker) {
        if !template.produces_html() {
            continue;
        }
        let literals = literal_names(&template.tokens);
        walk(&template.tokens, |token, _| {
            if token.kind != TokenKind::Variable {
                return;
            }
            let expression = parse_expression(token.contents);
            let Some(filter) = unescaped_by(&expression) else { return };
            if literals.contains(expression.base) {
                return;
            }
            let relations = relations.get_or_insert_with(|| checker.shared(Relations::collect));
            let (severity, why) = assess(&expression, relations);
            let message = format!("`{{{{ {} }}}}` outputs {} without HTML escaping (`|{filter}`){why}", token.contents, expression.base);
            let fix = Fix::manual(
                "Let Django escape the value; if it must contain HTML, sanitise it (bleach, nh3) before marking it safe",
                Some(&format!("{{{{ {}|linebreaks }}}}", expression.base)),
            );
            out.push(TEMPLATE_SAFE_FILTER.finding(template.path, template.span_at(token.start), message).with_severity(severity).with_fix(fix));
        });
    }
}

/// Names the template itself binds only to string literals:
/// `{% cycle '' '</tr><tr>' as trtr %}`, `{% with sep="<br>" %}`, `{% firstof "a" "b" as x %}`.
fn literal_names<'a>(tokens: &[Token<'a>]) -> HashSet<&'a str> {
    let is_literal = |bit: &str| bit.starts_with(['"', '\'']);
    let (mut literal, mut other) = (HashSet::new(), HashSet::new());
    let mut bind = |name: &'a str, value_is_literal: bool| {
        if value_is_literal { literal.insert(name) } else { other.insert(name) };
    };
    for token in tokens.iter().filter(|t| t.kind == TokenKind::Block) {
        let bits: Vec<&str> = token.tag_args().split_whitespace().collect();
        match (token.tag_name(), bits.iter().position(|b| *b == "as")) {
            ("cycle" | "firstof", Some(as_index)) => {
                if let Some(name) = bits.get(as_index + 1) {
                    bind(name, bits[..as_index].iter().all(|b| is_literal(b)));
                }
            }
            ("with", Some(1)) if bits.len() == 3 => bind(bits[2], is_literal(bits[0])),
            ("with", _) => {
                for (name, value) in bits.iter().filter_map(|b| b.split_once('=')) {
                    bind(name, is_literal(value));
                }
            }
            _ => {}
        }
    }
    literal.difference(&other).copied().collect()
}

/// The `safe`/`safeseq` filter applied to a variable that nothing escaped first.
fn unescaped_by<'a>(expression: &Expression<'a>) -> Option<&'a str> {
    if expression.is_literal() || expression.base.is_empty() {
        return None;
    }
    let position = expression.filters.iter().position(|f| f.name == "safe" || f.name == "safeseq")?;
    let escaped_before = expression.filters[..position].iter().any(|f| is_escaping_filter(f.name));
    (!escaped_before).then(|| expression.filters[position].name)
}

/// Filters whose output is escaped or sanitised, so `safe` after them is harmless.
fn is_escaping_filter(name: &str) -> bool {
    const BUILTIN: &[&str] = &["escape", "force_escape", "escapejs", "linebreaks", "linebreaksbr", "urlize", "urlizetrunc", "json_script", "urlencode", "iriencode", "striptags"];
    let lower = name.to_ascii_lowercase();
    BUILTIN.contains(&name) || ["bleach", "sanitiz", "clean", "escape"].iter().any(|s| lower.contains(s))
}

/// High for a model field that holds user-written text; medium otherwise.
fn assess(expression: &Expression, relations: &Relations) -> (Severity, String) {
    let path = expression.path();
    let Some(field) = path.last().filter(|_| path.len() >= 2) else {
        return (Severity::Medium, String::new());
    };
    if looks_like_rich_text(field) {
        return (Severity::High, format!("; `{field}` usually holds text users wrote, so this is stored XSS unless it is sanitised"));
    }
    if relations.text_fields.contains(*field) {
        return (Severity::High, format!("; `{field}` is a TextField of one of the project's models, free text that may come from users"));
    }
    (Severity::Medium, String::new())
}

fn looks_like_rich_text(field: &str) -> bool {
    let lower = field.to_ascii_lowercase();
    lower.split('_').any(|word| {
        let singular = word.strip_suffix('s').unwrap_or(word);
        RICH_TEXT_NAMES.contains(&word) || RICH_TEXT_NAMES.contains(&singular)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_counts_as_unescaped() {
        fn by(s: &str) -> Option<&str> {
            unescaped_by(&parse_expression(s))
        }
        assert_eq!(by("member.bio|safe"), Some("safe"));
        assert_eq!(by("items|safeseq|join:', '"), Some("safeseq"));
        assert_eq!(by("x|default:'a'|safe"), Some("safe"));
        assert_eq!(by("'<br>'|safe"), None);
        assert_eq!(by("x|escape|safe"), None);
        assert_eq!(by("x|bleach|safe"), None);
        assert_eq!(by("x|safe_join"), None);
        assert_eq!(by("x|safe|linebreaks"), Some("safe"));
    }

    #[test]
    fn rich_text_names() {
        assert!(looks_like_rich_text("bio"));
        assert!(looks_like_rich_text("body_html"));
        assert!(looks_like_rich_text("comments"));
        assert!(!looks_like_rich_text("name"));
        assert!(!looks_like_rich_text("biography_url"));
    }
}
