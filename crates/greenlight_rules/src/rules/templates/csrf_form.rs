//! SEC062: a `<form method="post">` without `{% csrf_token %}`: Django rejects
//! the submission with 403 (or, where the view is exempt, accepts forged ones).

use std::sync::OnceLock;

use greenlight_core::template::TokenKind;
use regex::Regex;
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::{django_templates, Template};
use crate::analysis::visit::Node;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

const CSRF_EXEMPT: &str = "django.views.decorators.csrf.csrf_exempt";

pub static TEMPLATE_FORM_WITHOUT_CSRF_TOKEN: Rule = Rule {
    code: "SEC062",
    effort_minutes: 5,
    name: "template-form-without-csrf-token",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(352),
    summary: "A POST form in a template has no `{% csrf_token %}`",
    doc: r#"## What it does
Reports `<form method="post">` elements whose body (up to `</form>` in the same template) has no
`{% csrf_token %}` (nor a `csrfmiddlewaretoken` input). Forms posting to another site, empty forms,
forms that end in another template, forms whose body comes from an `{% include %}` or a
`{% block %}`, and templates rendered by a `@csrf_exempt` view are not reported.

## Why is this bad?
With `CsrfViewMiddleware` on, the submission fails with "403 CSRF verification failed". The usual
"fix" under time pressure is `@csrf_exempt`, after which any site can make a signed-in user's
browser submit the form (cross-site request forgery).

## Example
```django
<form method="post" action="{% url 'members:edit_profile' %}">
  {{ form.as_p }}
</form>
```

Use instead:
```django
<form method="post" action="{% url 'members:edit_profile' %}">
  {% csrf_token %}
  {{ form.as_p }}
</form>
```

## References
- [Django: Cross Site Request Forgery protection](https://docs.djangoproject.com/en/stable/howto/csrf/)
- [CWE-352: Cross-Site Request Forgery](https://cwe.mitre.org/data/definitions/352.html)
"#,
    check: check_forms,
};

struct Patterns {
    form_open: Regex,
    form_close: Regex,
    post: Regex,
    external_action: Regex,
    html_comment: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        form_open: Regex::new(r"(?i)<form\b[^>]*>").expect("valid regex"),
        form_close: Regex::new(r"(?i)</form\s*>").expect("valid regex"),
        post: Regex::new(r#"(?i)\bmethod\s*=\s*["']?\s*post\b"#).expect("valid regex"),
        external_action: Regex::new(r#"(?i)\baction\s*=\s*["']?\s*(https?:)?//"#).expect("valid regex"),
        html_comment: Regex::new(r"(?s)<!--.*?-->").expect("valid regex"),
    })
}

fn check_forms(checker: &Checker, out: &mut Vec<Finding>) {
    let p = patterns();
    let mut exempt: Option<Vec<&str>> = None;
    for template in django_templates(checker) {
        if !p.form_open.is_match(template.text) {
            continue;
        }
        let exempt = exempt.get_or_insert_with(|| exempt_view_sources(checker));
        if rendered_by_exempt_view(exempt, template.path) {
            continue;
        }
        let visible = visible_text(&template);
        for open in p.form_open.find_iter(&visible) {
            let tag = open.as_str();
            if !p.post.is_match(tag) || p.external_action.is_match(tag) {
                continue;
            }
            let Some(close) = p.form_close.find(&visible[open.end()..]) else { continue };
            let body = &visible[open.end()..open.end() + close.start()];
            if body.trim().is_empty() || provides_token(body) {
                continue;
            }
            let message = "this POST form has no `{% csrf_token %}`: Django answers its submissions with 403 CSRF verification failed";
            let fix = Fix::manual("Add the token as the form's first child", Some("{% csrf_token %}"));
            out.push(TEMPLATE_FORM_WITHOUT_CSRF_TOKEN.finding(template.path, template.span_at(open.start()), message).with_fix(fix));
        }
    }
}

/// The source of every view function or class exempted from CSRF checks
/// (`@csrf_exempt`, `@method_decorator(csrf_exempt, …)`).
fn exempt_view_sources<'p>(checker: &Checker<'p>) -> Vec<&'p str> {
    let mut sources = Vec::new();
    for file in checker.application_files() {
        if !file.imports.imports_from("django.views.decorators.csrf") {
            continue;
        }
        let is_exempt = |expr: &Expr| {
            let target = match expr {
                Expr::Call(call) if file.callee(call).is_some_and(|q| q.ends_with("method_decorator")) => call.arguments.args.first(),
                other => Some(other),
            };
            target.is_some_and(|t| file.imports.is(t, &[CSRF_EXEMPT]))
        };
        file.for_each_node(&mut |node, _| {
            let (decorators, range) = match node {
                Node::Stmt(Stmt::FunctionDef(f)) => (&f.decorator_list, f.range()),
                Node::Stmt(Stmt::ClassDef(c)) => (&c.decorator_list, c.range()),
                _ => return,
            };
            if decorators.iter().any(|d| is_exempt(&d.expression)) {
                sources.push(file.module.slice(range));
            }
        });
    }
    sources
}

/// A CSRF-exempt view names the template: the missing token is deliberate.
fn rendered_by_exempt_view(sources: &[&str], template_path: &str) -> bool {
    let name = template_path.rsplit_once("templates/").map_or(template_path, |(_, n)| n);
    let quoted = [format!("'{name}'"), format!("\"{name}\"")];
    sources.iter().any(|source| quoted.iter().any(|q| source.contains(q.as_str())))
}

/// Whether the form body supplies the token, or may (its content comes from elsewhere).
fn provides_token(body: &str) -> bool {
    ["csrf_token", "csrfmiddlewaretoken", "{% include", "{% block", "crispy", "csrf_input"].iter().any(|s| body.contains(s))
}

/// The template with comments (`{# #}`, `{% comment %}` blocks, `<!-- -->`)
/// blanked out, byte offsets and newlines kept.
fn visible_text(template: &Template) -> String {
    let mut bytes = template.text.as_bytes().to_vec();
    let mut blank = |start: usize, end: usize| {
        for b in &mut bytes[start..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let mut comment_start: Option<usize> = None;
    for token in &template.tokens {
        match (token.kind, comment_start) {
            (TokenKind::Comment, None) => blank(token.start, token.end),
            (TokenKind::Block, None) if token.tag_name() == "comment" => comment_start = Some(token.start),
            (TokenKind::Block, Some(start)) if token.tag_name() == "endcomment" => {
                blank(start, token.end);
                comment_start = None;
            }
            _ => {}
        }
    }
    for comment in patterns().html_comment.find_iter(template.text) {
        blank(comment.start(), comment.end());
    }
    // Only ASCII bytes were replaced by ASCII spaces, inside whole tokens.
    String::from_utf8(bytes).unwrap_or_default()
}
