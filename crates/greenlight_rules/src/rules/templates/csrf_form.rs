//! SEC062: a `<form method="post">` without `{% csrf_token %}`: Django rejects
//! the submission with 403 (or, where the view is exempt, accepts forged ones).

use std::sync::OnceLock;

use greenlight_core::template::TokenKind;
use regex::Regex;

use super::{django_templates, Template};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

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
`{% csrf_token %}` (nor a `csrfmiddlewaretoken` input). Forms posting to another site, forms that
end in another template, and forms whose body comes from an `{% include %}` or a `{% block %}`
are not reported.

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
    for template in django_templates(checker) {
        let visible = visible_text(&template);
        for open in p.form_open.find_iter(&visible) {
            let tag = open.as_str();
            if !p.post.is_match(tag) || p.external_action.is_match(tag) {
                continue;
            }
            let Some(close) = p.form_close.find(&visible[open.end()..]) else { continue };
            let body = &visible[open.end()..open.end() + close.start()];
            if provides_token(body) {
                continue;
            }
            let message = "this POST form has no `{% csrf_token %}`: Django answers its submissions with 403 CSRF verification failed";
            let fix = Fix::manual("Add the token as the form's first child", Some("{% csrf_token %}"));
            out.push(TEMPLATE_FORM_WITHOUT_CSRF_TOKEN.finding(template.path, template.span_at(open.start()), message).with_fix(fix));
        }
    }
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
