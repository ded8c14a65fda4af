//! Security headers and HTTPS: SEC011 nosniff (security.W006), SEC012 SSL
//! redirect (security.W008), SEC016 X-Frame-Options (security.W019), SEC017/
//! SEC018 Referrer-Policy (security.W022/E023), SEC019 COOP (security.E024).

use greenlight_core::settings::Value;

use super::support::{Truth, View, SECURITY_MIDDLEWARE, XFRAME_MIDDLEWARE};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::fixes::settings::{append_hardening, hardening_applicability};
use crate::rule::Rule;

const REFERRER_POLICY_VALUES: &[&str] = &[
    "no-referrer",
    "no-referrer-when-downgrade",
    "origin",
    "origin-when-cross-origin",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
    "unsafe-url",
];

const COOP_VALUES: &[&str] = &["same-origin", "same-origin-allow-popups", "unsafe-none"];

/// A SecurityMiddleware boolean that must be `True`.
fn check_middleware_flag(checker: &Checker, out: &mut Vec<Finding>, rule: &'static Rule, setting: &str, django_check: &str, why: &str) {
    let view = View::of(checker);
    let fails = view.middleware(SECURITY_MIDDLEWARE).and(|| view.is_true(setting).not());
    view.report(out, rule, django_check, fails, || {
        view.finding_at(rule, setting, format!("{setting} is not True ({why}): {}", view.provenance(setting)))
            .with_fix(Fix::manual(format!("Set {setting} = True in the production settings"), Some(&format!("{setting} = True"))).with_edits(hardening_applicability(setting), append_hardening(checker.project, setting)))
    });
}

pub static NOSNIFF_OFF: Rule = Rule {
    code: "SEC011",
    effort_minutes: 5,
    name: "content-type-nosniff-off",
    category: Category::Security,
    severity: Severity::Low,
    django_checks: &["security.W006"],
    cwe: Some(693),
    summary: "SECURE_CONTENT_TYPE_NOSNIFF is not True",
    doc: r#"## What it does
Reports `SECURE_CONTENT_TYPE_NOSNIFF` not `True` with `SecurityMiddleware` installed (Django's
`security.W006`).

## Why is this bad?
Browsers may then guess ("sniff") content types, and run an uploaded file as a script or page.

## Example
```python
SECURE_CONTENT_TYPE_NOSNIFF = False
```

Use instead:
```python
SECURE_CONTENT_TYPE_NOSNIFF = True  # Django's default
```

## References
- [Django: X-Content-Type-Options](https://docs.djangoproject.com/en/stable/ref/middleware/#x-content-type-options-nosniff)
"#,
    check: |c, out| check_middleware_flag(c, out, &NOSNIFF_OFF, "SECURE_CONTENT_TYPE_NOSNIFF", "security.W006", "browsers may sniff content types"),
};

pub static SSL_REDIRECT_OFF: Rule = Rule {
    code: "SEC012",
    effort_minutes: 20,
    name: "ssl-redirect-off",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &["security.W008"],
    cwe: Some(319),
    summary: "SECURE_SSL_REDIRECT is not True",
    doc: r#"## What it does
Reports `SECURE_SSL_REDIRECT` not `True` with `SecurityMiddleware` installed (Django's
`security.W008`).

## Why is this bad?
Requests over plain HTTP are served as they are: logins, session cookies and form data cross the
network unencrypted. If a proxy already redirects, setting it costs nothing; if it does not, this
is the only protection.

## Example
```python
SECURE_SSL_REDIRECT = False
```

Use instead:
```python
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # behind a TLS-terminating proxy
```

## References
- [Django: SSL redirect](https://docs.djangoproject.com/en/stable/ref/middleware/#ssl-redirect)
"#,
    check: |c, out| check_middleware_flag(c, out, &SSL_REDIRECT_OFF, "SECURE_SSL_REDIRECT", "security.W008", "plain-HTTP requests are served"),
};

pub static X_FRAME_OPTIONS_NOT_DENY: Rule = Rule {
    code: "SEC016",
    effort_minutes: 5,
    name: "x-frame-options-not-deny",
    category: Category::Security,
    severity: Severity::Low,
    django_checks: &["security.W019"],
    cwe: Some(1021),
    summary: "X_FRAME_OPTIONS is not 'DENY'",
    doc: r#"## What it does
Reports `X_FRAME_OPTIONS` other than `'DENY'` with `XFrameOptionsMiddleware` installed (Django's
`security.W019`).

## Why is this bad?
`SAMEORIGIN` lets any page of your own site frame the others; unless that is needed, `DENY` is
the safe value.

## Example
```python
X_FRAME_OPTIONS = "SAMEORIGIN"
```

Use instead:
```python
X_FRAME_OPTIONS = "DENY"
```

## References
- [Django: X_FRAME_OPTIONS](https://docs.djangoproject.com/en/stable/ref/settings/#x-frame-options)
"#,
    check: check_x_frame_options,
};

fn check_x_frame_options(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let value = view.value("X_FRAME_OPTIONS");
    let deny = match &value {
        Value::Unknown(why) => Truth::Unknown(format!("X_FRAME_OPTIONS: {why}")),
        other => Truth::from_bool(other.as_str() == Some("DENY")),
    };
    let fails = view.middleware(XFRAME_MIDDLEWARE).and(|| deny.not());
    view.report(out, &X_FRAME_OPTIONS_NOT_DENY, "security.W019", fails, || {
        view.finding_at(&X_FRAME_OPTIONS_NOT_DENY, "X_FRAME_OPTIONS", format!("X-Frame-Options is not DENY: {}", view.provenance("X_FRAME_OPTIONS")))
            .with_fix(Fix::manual("Use DENY unless the site frames its own pages", Some("X_FRAME_OPTIONS = \"DENY\"")))
    });
}

pub static REFERRER_POLICY_UNSET: Rule = Rule {
    code: "SEC017",
    effort_minutes: 5,
    name: "referrer-policy-unset",
    category: Category::Security,
    severity: Severity::Low,
    django_checks: &["security.W022"],
    cwe: Some(200),
    summary: "SECURE_REFERRER_POLICY is None",
    doc: r#"## What it does
Reports `SECURE_REFERRER_POLICY = None` with `SecurityMiddleware` installed (Django's
`security.W022`).

## Why is this bad?
Full URLs — including tokens in query strings — are then sent to every third-party site a page
links to or loads resources from.

## Example
```python
SECURE_REFERRER_POLICY = None
```

Use instead:
```python
SECURE_REFERRER_POLICY = "same-origin"  # Django's default
```

## References
- [Django: Referrer-Policy](https://docs.djangoproject.com/en/stable/ref/middleware/#referrer-policy)
"#,
    check: check_referrer_unset,
};

fn check_referrer_unset(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let value = view.value("SECURE_REFERRER_POLICY");
    let is_none = match &value {
        Value::Unknown(why) => Truth::Unknown(format!("SECURE_REFERRER_POLICY: {why}")),
        other => Truth::from_bool(*other == Value::None),
    };
    let fails = view.middleware(SECURITY_MIDDLEWARE).and(|| is_none);
    view.report(out, &REFERRER_POLICY_UNSET, "security.W022", fails, || {
        view.finding_at(&REFERRER_POLICY_UNSET, "SECURE_REFERRER_POLICY", format!("No Referrer-Policy header is sent: {}", view.provenance("SECURE_REFERRER_POLICY")))
            .with_fix(Fix::manual("Send a referrer policy", Some("SECURE_REFERRER_POLICY = \"same-origin\"")).with_edits(hardening_applicability("SECURE_REFERRER_POLICY"), append_hardening(checker.project, "SECURE_REFERRER_POLICY")))
    });
}

pub static REFERRER_POLICY_INVALID: Rule = Rule {
    code: "SEC018",
    effort_minutes: 5,
    name: "referrer-policy-invalid",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &["security.E023"],
    cwe: None,
    summary: "SECURE_REFERRER_POLICY has an invalid value",
    doc: r#"## What it does
Reports a `SECURE_REFERRER_POLICY` containing a value browsers do not know (Django's
`security.E023`, an error that stops `check --deploy`).

## Why is this bad?
Browsers ignore an invalid policy and fall back to their default, so the protection you meant
to set is not there.

## Example
```python
SECURE_REFERRER_POLICY = "same_origin"
```

Use instead:
```python
SECURE_REFERRER_POLICY = "same-origin"
```

## References
- [MDN: Referrer-Policy](https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy)
"#,
    check: check_referrer_invalid,
};

fn check_referrer_invalid(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let value = view.value("SECURE_REFERRER_POLICY");
    let invalid: Truth = match &value {
        Value::None => Truth::No,
        Value::Str(s) => Truth::from_bool(s.split(',').map(str::trim).any(|v| !REFERRER_POLICY_VALUES.contains(&v))),
        Value::List(items) | Value::Tuple(items) => match items.iter().map(|i| i.as_str().map(|s| REFERRER_POLICY_VALUES.contains(&s))).collect::<Option<Vec<bool>>>() {
            Some(valid) => Truth::from_bool(valid.iter().any(|ok| !ok)),
            None => Truth::Unknown(format!("SECURE_REFERRER_POLICY: {}", value.unknown_reason().unwrap_or("holds a non-string item"))),
        },
        Value::Unknown(why) => Truth::Unknown(format!("SECURE_REFERRER_POLICY: {why}")),
        _ => Truth::Yes,
    };
    let fails = view.middleware(SECURITY_MIDDLEWARE).and(|| invalid);
    view.report(out, &REFERRER_POLICY_INVALID, "security.E023", fails, || {
        view.finding_at(&REFERRER_POLICY_INVALID, "SECURE_REFERRER_POLICY", format!("SECURE_REFERRER_POLICY holds an invalid value: {}", view.provenance("SECURE_REFERRER_POLICY")))
            .with_fix(Fix::manual(format!("Use one of: {}", REFERRER_POLICY_VALUES.join(", ")), None).with_edits(hardening_applicability("SECURE_REFERRER_POLICY"), append_hardening(checker.project, "SECURE_REFERRER_POLICY")))
    });
}

pub static COOP_INVALID: Rule = Rule {
    code: "SEC019",
    effort_minutes: 5,
    name: "cross-origin-opener-policy-invalid",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &["security.E024"],
    cwe: None,
    summary: "SECURE_CROSS_ORIGIN_OPENER_POLICY has an invalid value",
    doc: r#"## What it does
Reports a `SECURE_CROSS_ORIGIN_OPENER_POLICY` that is not one of `same-origin`,
`same-origin-allow-popups`, `unsafe-none` or `None` (Django's `security.E024`).

## Why is this bad?
Browsers ignore an invalid value, so pages stay exposed to cross-origin window attacks you meant
to block.

## Example
```python
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same_origin"
```

Use instead:
```python
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"  # Django's default
```

## References
- [Django: Cross-Origin Opener Policy](https://docs.djangoproject.com/en/stable/ref/middleware/#cross-origin-opener-policy)
"#,
    check: check_coop,
};

fn check_coop(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let value = view.value("SECURE_CROSS_ORIGIN_OPENER_POLICY");
    let invalid = match &value {
        Value::None => Truth::No,
        Value::Str(s) => Truth::from_bool(!COOP_VALUES.contains(&s.as_str())),
        Value::Unknown(why) => Truth::Unknown(format!("SECURE_CROSS_ORIGIN_OPENER_POLICY: {why}")),
        _ => Truth::Yes,
    };
    let fails = view.middleware(SECURITY_MIDDLEWARE).and(|| invalid);
    view.report(out, &COOP_INVALID, "security.E024", fails, || {
        view.finding_at(&COOP_INVALID, "SECURE_CROSS_ORIGIN_OPENER_POLICY", format!("SECURE_CROSS_ORIGIN_OPENER_POLICY is invalid: {}", view.provenance("SECURE_CROSS_ORIGIN_OPENER_POLICY")))
            .with_fix(Fix::manual(format!("Use one of: {}", COOP_VALUES.join(", ")), None).with_edits(hardening_applicability("SECURE_CROSS_ORIGIN_OPENER_POLICY"), append_hardening(checker.project, "SECURE_CROSS_ORIGIN_OPENER_POLICY")))
    });
}
