//! Required middleware: SEC005 SecurityMiddleware (security.W001), SEC006
//! XFrameOptionsMiddleware (security.W002), SEC007 CsrfViewMiddleware (security.W003).

use super::support::{View, CSRF_MIDDLEWARE, SECURITY_MIDDLEWARE, XFRAME_MIDDLEWARE};
use crate::checker::Checker;
use crate::finding::{Applicability, Category, Finding, Fix, Severity};
use crate::fixes::settings::insert_middleware;
use crate::rule::Rule;

/// Reports `middleware` missing from MIDDLEWARE.
fn check_present(checker: &Checker, out: &mut Vec<Finding>, rule: &'static Rule, middleware: &str, django_check: &str, why: &str) {
    let view = View::of(checker);
    view.report(out, rule, django_check, view.middleware(middleware).not(), || {
        let short = middleware.rsplit('.').next().unwrap_or(middleware);
        let message = match view.settings.get("MIDDLEWARE") {
            Some(s) => format!("{short} is not in MIDDLEWARE ({}:{}): {why}", s.origin.path, s.origin.line),
            None => format!("MIDDLEWARE is not set, so {short} is not installed: {why}"),
        };
        view.finding_at(rule, "MIDDLEWARE", message)
            .with_fix(
                Fix::manual(format!("Add '{middleware}' to MIDDLEWARE"), Some(&format!("MIDDLEWARE = [\n    \"{middleware}\",\n    # ...\n]")))
                    .with_edits(middleware_applicability(middleware), insert_middleware(checker.project, middleware)),
            )
    });
}

/// CsrfViewMiddleware starts rejecting POSTs that carry no token (API
/// clients, webhooks): unsafe. The other two only add response headers.
fn middleware_applicability(middleware: &str) -> Applicability {
    if middleware == CSRF_MIDDLEWARE { Applicability::Unsafe } else { Applicability::Safe }
}

pub static SECURITY_MIDDLEWARE_MISSING: Rule = Rule {
    code: "SEC005",
    effort_minutes: 10,
    name: "security-middleware-missing",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &["security.W001"],
    cwe: Some(693),
    summary: "SecurityMiddleware is not installed",
    doc: r#"## What it does
Reports `django.middleware.security.SecurityMiddleware` missing from the production
`MIDDLEWARE` (Django's `security.W001`).

## Why is this bad?
That middleware is what applies `SECURE_SSL_REDIRECT`, HSTS, `X-Content-Type-Options`,
`Referrer-Policy` and `Cross-Origin-Opener-Policy`. Without it those settings do nothing,
however carefully they are set.

## Example
```python
MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware", ...]
```

Use instead:
```python
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware", ...]
```

## References
- [Django: SecurityMiddleware](https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security)
"#,
    check: |c, out| check_present(c, out, &SECURITY_MIDDLEWARE_MISSING, SECURITY_MIDDLEWARE, "security.W001", "HTTPS redirect, HSTS and security headers are not applied"),
};

pub static CLICKJACKING_MIDDLEWARE_MISSING: Rule = Rule {
    code: "SEC006",
    effort_minutes: 10,
    name: "clickjacking-middleware-missing",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &["security.W002"],
    cwe: Some(1021),
    summary: "XFrameOptionsMiddleware is not installed",
    doc: r#"## What it does
Reports `django.middleware.clickjacking.XFrameOptionsMiddleware` missing from the production
`MIDDLEWARE` (Django's `security.W002`).

## Why is this bad?
Without an `X-Frame-Options` header any site can load yours in an invisible frame and trick
users into clicking buttons they cannot see (clickjacking).

## Example
```python
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.middleware.csrf.CsrfViewMiddleware"]
```

Use instead:
```python
MIDDLEWARE = [..., "django.middleware.clickjacking.XFrameOptionsMiddleware"]
```

## References
- [Django: Clickjacking protection](https://docs.djangoproject.com/en/stable/ref/clickjacking/)
- [CWE-1021: Improper Restriction of Rendered UI Layers](https://cwe.mitre.org/data/definitions/1021.html)
"#,
    check: |c, out| check_present(c, out, &CLICKJACKING_MIDDLEWARE_MISSING, XFRAME_MIDDLEWARE, "security.W002", "pages can be framed by other sites (clickjacking)"),
};

pub static CSRF_MIDDLEWARE_MISSING: Rule = Rule {
    code: "SEC007",
    effort_minutes: 30,
    name: "csrf-middleware-missing",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &["security.W003"],
    cwe: Some(352),
    summary: "CsrfViewMiddleware is not installed",
    doc: r#"## What it does
Reports `django.middleware.csrf.CsrfViewMiddleware` missing from the production `MIDDLEWARE`
(Django's `security.W003`).

## Why is this bad?
Without it no view is protected against cross-site request forgery unless each one is decorated
by hand: another site can make a logged-in user's browser submit forms on your site.

## Example
```python
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware", "django.contrib.sessions.middleware.SessionMiddleware"]
```

Use instead:
```python
MIDDLEWARE = [..., "django.middleware.csrf.CsrfViewMiddleware", ...]
```

## References
- [Django: CSRF protection](https://docs.djangoproject.com/en/stable/ref/csrf/)
- [CWE-352: Cross-Site Request Forgery](https://cwe.mitre.org/data/definitions/352.html)
"#,
    check: |c, out| check_present(c, out, &CSRF_MIDDLEWARE_MISSING, CSRF_MIDDLEWARE, "security.W003", "views are not protected against cross-site request forgery"),
};
