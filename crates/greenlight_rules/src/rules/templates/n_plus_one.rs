//! PERF030: N+1 queries started by a template: inside `{% for x in xs %}`,
//! `x.relation.field` or `x.related.all` runs one query per iteration unless
//! the view loaded the relation with `select_related`/`prefetch_related`.

use std::collections::HashSet;
use std::sync::OnceLock;

use greenlight_core::template::{parse_expression, walk, Context, ForLoop, Token, TokenKind};
use regex::Regex;

use super::relations::{Relations, ALL_FOREIGN_KEYS};
use super::{django_templates, Template};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

/// Manager methods that always query unless the relation was prefetched.
const MANAGER_CALLS: &[&str] = &["all", "count", "exists", "first", "last"];

pub static TEMPLATE_QUERY_IN_LOOP: Rule = Rule {
    code: "PERF030",
    effort_minutes: 20,
    name: "template-query-in-loop",
    category: Category::Performance,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "A template loop follows a relation per item (N+1 queries)",
    doc: r#"## What it does
Reports, inside `{% for item in items %}`, an access to a related object's field
(`item.author.name`, where `author` is a `ForeignKey`/`OneToOneField` of one of the project's
models) or a related manager (`item.tags.all`, `item.comments.count`), when no view that renders
the template names that relation in `select_related`/`prefetch_related`. Each loop and relation
is reported once. Manager accesses are medium, related-object fields low.

## Why is this bad?
Each iteration runs its own query: a page of 50 items makes 51 queries, and the page gets
slower as the data grows. It rarely shows up in development, where tables are small.

## Example
```django
{% for booking in bookings %}
  {{ booking.event.title }} ({{ booking.payments.count }} payments)
{% endfor %}
```

Use instead:
```python
bookings = Booking.objects.select_related("event").prefetch_related("payments")
```

## References
- [Django: select_related](https://docs.djangoproject.com/en/stable/ref/models/querysets/#select-related)
- [Django: prefetch_related](https://docs.djangoproject.com/en/stable/ref/models/querysets/#prefetch-related)
- [Django: Database access optimization](https://docs.djangoproject.com/en/stable/topics/db/optimization/)
"#,
    check: check_query_in_loop,
};

fn check_query_in_loop(checker: &Checker, out: &mut Vec<Finding>) {
    let mut relations: Option<std::sync::Arc<Relations>> = None;
    for template in django_templates(checker) {
        if !template.tokens.iter().any(|t| t.kind == TokenKind::Block && t.tag_name() == "for") {
            continue;
        }
        let relations = relations.get_or_insert_with(|| checker.shared(Relations::collect));
        if relations.to_one.is_empty() && relations.to_many.is_empty() {
            return;
        }
        let loaded = relations.loaded_for(template.path);
        let mut reported: HashSet<(usize, String)> = HashSet::new();
        walk(&template.tokens, |token, context| {
            for chain in chains(token) {
                let Some((lookup, severity)) = per_item_query(&chain, context, relations, &loaded) else { continue };
                if reported.insert((lookup.for_loop.start, lookup.relation.to_owned())) {
                    out.push(finding(&template, token, &chain, &lookup, severity));
                }
            }
        });
    }
}

/// A relation followed from a loop variable.
struct Lookup<'c> {
    for_loop: &'c ForLoop<'c>,
    variable: String,
    relation: String,
}

/// Dotted variable paths a token reads (`booking.event.title`).
fn chains(token: &Token) -> Vec<Vec<String>> {
    static DOTTED: OnceLock<Regex> = OnceLock::new();
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    let to_parts = |s: &str| s.split('.').map(str::to_owned).collect::<Vec<_>>();
    match token.kind {
        TokenKind::Variable => {
            let expression = parse_expression(token.contents);
            if expression.is_literal() {
                return Vec::new();
            }
            vec![to_parts(expression.base)]
        }
        TokenKind::Block => {
            let quoted = QUOTED.get_or_init(|| Regex::new(r#""[^"]*"|'[^']*'"#).expect("valid regex"));
            let dotted = DOTTED.get_or_init(|| Regex::new(r"\b[A-Za-z_]\w*(?:\.\w+)+").expect("valid regex"));
            let args = quoted.replace_all(token.tag_args(), "\"\"");
            dotted.find_iter(&args).map(|m| to_parts(m.as_str())).collect()
        }
        _ => Vec::new(),
    }
}

/// `x.fk.field` or `x.related.all`, with `x` bound by an enclosing loop and the
/// relation not loaded up front: the lookup and its severity.
fn per_item_query<'c>(chain: &[String], context: &'c Context<'c>, relations: &Relations, loaded: &HashSet<&str>) -> Option<(Lookup<'c>, Severity)> {
    let [variable, relation, next, ..] = chain else { return None };
    let for_loop = context.loops.iter().rev().find(|l| l.targets.iter().any(|t| t == variable))?;
    if for_loop.in_empty || loaded.contains(relation.as_str()) {
        return None;
    }
    let is_manager = relations.to_many.contains(relation) || relation.ends_with("_set");
    let severity = if is_manager && MANAGER_CALLS.contains(&next.as_str()) {
        Severity::Medium
    } else if relations.to_one.contains(relation) && !loaded.contains(ALL_FOREIGN_KEYS) {
        Severity::Low
    } else {
        return None;
    };
    Some((Lookup { for_loop, variable: variable.clone(), relation: relation.clone() }, severity))
}

fn finding(template: &Template, token: &Token, chain: &[String], lookup: &Lookup, severity: Severity) -> Finding {
    let (variable, relation) = (&lookup.variable, &lookup.relation);
    let for_loop = lookup.for_loop;
    let (method, query) = if severity == Severity::Medium { ("prefetch_related", "queries") } else { ("select_related", "loads") };
    let message = format!(
        "`{}` inside `{{% for {} in {} %}}` (line {}) {query} each {variable}'s `{relation}` with its own query (N+1); consider {method}(\"{relation}\") in the view",
        chain.join("."),
        for_loop.targets.join(", "),
        for_loop.iterable,
        for_loop.line,
    );
    let snippet = format!("{}.{method}(\"{relation}\")", for_loop.iterable);
    let fix = Fix::manual(format!("Load `{relation}` with the queryset the view passes as `{}`", for_loop.iterable), Some(&snippet));
    TEMPLATE_QUERY_IN_LOOP.finding(template.path, template.span_at(token.start), message).with_severity(severity).with_fix(fix)
}
