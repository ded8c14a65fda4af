//! Cookie flags: SEC013 session cookie Secure (security.W010/W011/W012), SEC014
//! session cookie HttpOnly (security.W013/W014/W015), SEC015 CSRF cookie Secure
//! (security.W016).

use super::support::{Truth, View, CSRF_MIDDLEWARE, SESSIONS_APP, SESSION_MIDDLEWARE};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::fixes::settings::{append_hardening, hardening_applicability};
use crate::rule::Rule;

/// Django's session-cookie checks: one id when the sessions app is installed,
/// another when the middleware is, a third when both are.
fn check_session_flag(checker: &Checker, out: &mut Vec<Finding>, rule: &'static Rule, setting: &str, ids: [&str; 3], why: &str) {
    let view = View::of(checker);
    let flag_off = view.is_true(setting).not();
    let app = view.contains("INSTALLED_APPS", SESSIONS_APP);
    let middleware = view.middleware(SESSION_MIDDLEWARE);
    let id = match (&app, &middleware) {
        (Truth::Yes, Truth::Yes) => ids[2],
        (Truth::Yes, Truth::No) => ids[0],
        (Truth::No, Truth::Yes) => ids[1],
        (Truth::No, Truth::No) => return,
        (Truth::Unknown(why), _) | (_, Truth::Unknown(why)) => {
            if flag_off != Truth::No {
                out.push(view.undetermined(rule, ids[2], why));
            }
            return;
        }
    };
    view.report(out, rule, id, flag_off, || {
        view.finding_at(rule, setting, format!("{setting} is not True ({why}): {}", view.provenance(setting)))
            .with_fix(Fix::manual(format!("Set {setting} = True in the production settings"), Some(&format!("{setting} = True"))).with_edits(hardening_applicability(setting), append_hardening(checker.project, setting)))
    });
}

pub static SESSION_COOKIE_INSECURE: Rule = Rule {
    code: "SEC013",
    effort_minutes: 10,
    name: "session-cookie-insecure",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &["security.W012", "security.W010", "security.W011"],
    cwe: Some(614),
    summary: "SESSION_COOKIE_SECURE is not True",
    doc: r#"## What it does
Reports `SESSION_COOKIE_SECURE` not `True` while sessions are in use (Django's `security.W010`,
`W011` or `W012`, depending on whether the sessions app, the middleware or both are installed).

## Why is this bad?
The session cookie is then also sent over plain HTTP, where anyone on the network can copy it
and be logged in as the user.

## Example
```python
SESSION_COOKIE_SECURE = False
```

Use instead:
```python
SESSION_COOKIE_SECURE = True
```

## References
- [Django: SESSION_COOKIE_SECURE](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure)
- [CWE-614: Sensitive Cookie Without 'Secure' Attribute](https://cwe.mitre.org/data/definitions/614.html)
"#,
    check: |c, out| {
        check_session_flag(c, out, &SESSION_COOKIE_INSECURE, "SESSION_COOKIE_SECURE", ["security.W010", "security.W011", "security.W012"], "the session cookie is sent over plain HTTP")
    },
};

pub static SESSION_COOKIE_NOT_HTTPONLY: Rule = Rule {
    code: "SEC014",
    effort_minutes: 5,
    name: "session-cookie-not-httponly",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &["security.W015", "security.W013", "security.W014"],
    cwe: Some(1004),
    summary: "SESSION_COOKIE_HTTPONLY is not True",
    doc: r#"## What it does
Reports `SESSION_COOKIE_HTTPONLY` not `True` while sessions are in use (Django's `security.W013`,
`W014` or `W015`).

## Why is this bad?
JavaScript can then read the session cookie, so any cross-site scripting bug becomes a session
hijack.

## Example
```python
SESSION_COOKIE_HTTPONLY = False
```

Use instead:
```python
SESSION_COOKIE_HTTPONLY = True  # Django's default
```

## References
- [Django: SESSION_COOKIE_HTTPONLY](https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly)
- [CWE-1004: Sensitive Cookie Without 'HttpOnly' Flag](https://cwe.mitre.org/data/definitions/1004.html)
"#,
    check: |c, out| {
        check_session_flag(c, out, &SESSION_COOKIE_NOT_HTTPONLY, "SESSION_COOKIE_HTTPONLY", ["security.W013", "security.W014", "security.W015"], "scripts can read the session cookie")
    },
};

pub static CSRF_COOKIE_INSECURE: Rule = Rule {
    code: "SEC015",
    effort_minutes: 10,
    name: "csrf-cookie-insecure",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &["security.W016"],
    cwe: Some(614),
    summary: "CSRF_COOKIE_SECURE is not True",
    doc: r#"## What it does
Reports `CSRF_COOKIE_SECURE` not `True` with `CsrfViewMiddleware` installed and
`CSRF_USE_SESSIONS` off (Django's `security.W016`).

## Why is this bad?
The CSRF token cookie is then sent over plain HTTP, where it can be read and replayed.

## Example
```python
CSRF_COOKIE_SECURE = False
```

Use instead:
```python
CSRF_COOKIE_SECURE = True
```

## References
- [Django: CSRF_COOKIE_SECURE](https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-secure)
"#,
    check: check_csrf_cookie,
};

fn check_csrf_cookie(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let fails = view
        .truthy("CSRF_USE_SESSIONS")
        .not()
        .and(|| view.middleware(CSRF_MIDDLEWARE))
        .and(|| view.is_true("CSRF_COOKIE_SECURE").not());
    view.report(out, &CSRF_COOKIE_INSECURE, "security.W016", fails, || {
        view.finding_at(&CSRF_COOKIE_INSECURE, "CSRF_COOKIE_SECURE", format!("CSRF_COOKIE_SECURE is not True: {}", view.provenance("CSRF_COOKIE_SECURE")))
            .with_fix(Fix::manual("Set CSRF_COOKIE_SECURE = True in the production settings", Some("CSRF_COOKIE_SECURE = True")).with_edits(hardening_applicability("CSRF_COOKIE_SECURE"), append_hardening(checker.project, "CSRF_COOKIE_SECURE")))
    });
}
