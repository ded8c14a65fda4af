//! SEC061: `{% autoescape off %}` blocks in HTML templates: every variable
//! (and every included template) inside is written without escaping.

use std::collections::BTreeMap;

use greenlight_core::template::{parse_expression, walk, TokenKind};

use super::django_templates;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static TEMPLATE_AUTOESCAPE_OFF: Rule = Rule {
    code: "SEC061",
    effort_minutes: 30,
    name: "template-autoescape-off",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(79),
    summary: "`{% autoescape off %}` renders every variable in the block unescaped",
    doc: r#"## What it does
Reports `{% autoescape off %}` blocks in templates that produce HTML, when the block outputs
variables or includes other templates. `{% autoescape on %}` is fine. Plain-text templates
(e-mail bodies, subjects, with no HTML tags) are not reported: escaping means nothing there.

## Why is this bad?
Inside the block, every `{{ variable }}` is written as raw HTML, and so is everything an
`{% include %}` renders. One user-controlled value in the block is a cross-site scripting hole,
and values added to the block later inherit the problem silently.

## Example
```django
{% autoescape off %}
  <p>{{ event.description }}</p>
{% endautoescape %}
```

Use instead:
```django
<p>{{ event.description|linebreaks }}</p>
{# mark individual, sanitised values safe instead of a whole block #}
```

## References
- [Django: autoescape](https://docs.djangoproject.com/en/stable/ref/templates/builtins/#autoescape)
- [CWE-79: Cross-site Scripting](https://cwe.mitre.org/data/definitions/79.html)
"#,
    check: check_autoescape_off,
};

/// One `{% autoescape off %}` block: where it starts and what it outputs raw.
#[derive(Default)]
struct Block {
    offset: usize,
    variables: Vec<String>,
    includes: usize,
}

fn check_autoescape_off(checker: &Checker, out: &mut Vec<Finding>) {
    for template in django_templates(checker) {
        if !template.produces_html() {
            continue;
        }
        let mut blocks: BTreeMap<u32, Block> = BTreeMap::new();
        walk(&template.tokens, |token, context| {
            if token.kind == TokenKind::Block && token.tag_name() == "autoescape" && token.tag_args() == "off" {
                blocks.entry(token.line).or_insert_with(|| Block { offset: token.start, ..Block::default() });
                return;
            }
            let Some(line) = context.autoescape_off() else { return };
            let Some(block) = blocks.get_mut(&line) else { return };
            match token.kind {
                TokenKind::Variable => {
                    let expression = parse_expression(token.contents);
                    let escaped = expression.filters.iter().any(|f| matches!(f.name, "escape" | "force_escape" | "escapejs" | "urlencode"));
                    if !expression.is_literal() && !escaped && !block.variables.iter().any(|v| v == expression.base) {
                        block.variables.push(expression.base.to_owned());
                    }
                }
                TokenKind::Block if token.tag_name() == "include" => block.includes += 1,
                _ => {}
            }
        });
        for (line, block) in blocks {
            if block.variables.is_empty() && block.includes == 0 {
                continue;
            }
            let message = format!("`{{% autoescape off %}}` (line {line}) writes {} without HTML escaping", describe(&block));
            let fix = Fix::manual(
                "Remove the block and mark only values you have sanitised as safe",
                Some("{# remove {% autoescape off %}…{% endautoescape %} #}"),
            );
            out.push(TEMPLATE_AUTOESCAPE_OFF.finding(template.path, template.span_at(block.offset), message).with_fix(fix));
        }
    }
}

fn describe(block: &Block) -> String {
    let mut parts = Vec::new();
    if !block.variables.is_empty() {
        let shown: Vec<String> = block.variables.iter().take(3).map(|v| format!("`{v}`")).collect();
        let more = block.variables.len().saturating_sub(3);
        let suffix = if more > 0 { format!(" and {more} more") } else { String::new() };
        parts.push(format!("{}{suffix}", shown.join(", ")));
    }
    if block.includes > 0 {
        parts.push(format!("{} included template{}", block.includes, if block.includes == 1 { "" } else { "s" }));
    }
    parts.join(" and ")
}
