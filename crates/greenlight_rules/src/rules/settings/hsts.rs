//! HTTP Strict Transport Security: SEC008 (security.W004), SEC009 (security.W005),
//! SEC010 (security.W021). All only apply with SecurityMiddleware installed.

use super::support::{View, SECURITY_MIDDLEWARE};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::fixes::settings::{append_hardening, hardening_applicability};
use crate::rule::Rule;

pub static HSTS_NOT_SET: Rule = Rule {
    code: "SEC008",
    effort_minutes: 20,
    name: "hsts-not-set",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &["security.W004"],
    cwe: Some(319),
    summary: "SECURE_HSTS_SECONDS is not set",
    doc: r#"## What it does
Reports a production configuration with `SecurityMiddleware` but no `SECURE_HSTS_SECONDS`
(Django's `security.W004`).

## Why is this bad?
Without HSTS a browser will still try `http://` first; an attacker on the network (public Wi-Fi)
can intercept that request and keep the user on plain HTTP (SSL stripping).

## Example
```python
# SECURE_HSTS_SECONDS not set
```

Use instead:
```python
SECURE_HSTS_SECONDS = 31536000  # start with 3600 and raise it once HTTPS works everywhere
```

## References
- [Django: HTTP Strict Transport Security](https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security)
- [CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)
"#,
    check: check_hsts_seconds,
};

fn check_hsts_seconds(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let fails = view.middleware(SECURITY_MIDDLEWARE).and(|| view.truthy("SECURE_HSTS_SECONDS").not());
    view.report(out, &HSTS_NOT_SET, "security.W004", fails, || {
        view.finding_at(&HSTS_NOT_SET, "SECURE_HSTS_SECONDS", format!("HSTS is off: {}", view.provenance("SECURE_HSTS_SECONDS")))
            .with_fix(Fix::manual("Set SECURE_HSTS_SECONDS in the production settings", Some("SECURE_HSTS_SECONDS = 31536000")).with_edits(hardening_applicability("SECURE_HSTS_SECONDS"), append_hardening(checker.project, "SECURE_HSTS_SECONDS")))
    });
}

/// W005 and W021: a boolean HSTS option that must be True once HSTS is on.
fn check_hsts_option(checker: &Checker, out: &mut Vec<Finding>, rule: &'static Rule, setting: &str, django_check: &str) {
    let view = View::of(checker);
    let fails = view
        .middleware(SECURITY_MIDDLEWARE)
        .and(|| view.truthy("SECURE_HSTS_SECONDS"))
        .and(|| view.is_true(setting).not());
    view.report(out, rule, django_check, fails, || {
        view.finding_at(rule, setting, format!("{setting} is not True while HSTS is on: {}", view.provenance(setting)))
            .with_fix(Fix::manual(format!("Set {setting} = True once every subdomain serves HTTPS"), Some(&format!("{setting} = True"))).with_edits(hardening_applicability(setting), append_hardening(checker.project, setting)))
    });
}

pub static HSTS_NO_SUBDOMAINS: Rule = Rule {
    code: "SEC009",
    effort_minutes: 10,
    name: "hsts-no-subdomains",
    category: Category::Security,
    severity: Severity::Low,
    django_checks: &["security.W005"],
    cwe: Some(319),
    summary: "HSTS does not include subdomains",
    doc: r#"## What it does
Reports HSTS enabled without `SECURE_HSTS_INCLUDE_SUBDOMAINS = True` (Django's `security.W005`).

## Why is this bad?
A subdomain served over plain HTTP can set cookies for the parent domain, and stays open to
SSL stripping.

## Example
```python
SECURE_HSTS_SECONDS = 31536000
```

Use instead:
```python
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
```

## References
- [Django: SECURE_HSTS_INCLUDE_SUBDOMAINS](https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-include-subdomains)
"#,
    check: |c, out| check_hsts_option(c, out, &HSTS_NO_SUBDOMAINS, "SECURE_HSTS_INCLUDE_SUBDOMAINS", "security.W005"),
};

pub static HSTS_NO_PRELOAD: Rule = Rule {
    code: "SEC010",
    effort_minutes: 10,
    name: "hsts-no-preload",
    category: Category::Security,
    severity: Severity::Low,
    django_checks: &["security.W021"],
    cwe: Some(319),
    summary: "HSTS preload is not enabled",
    doc: r#"## What it does
Reports HSTS enabled without `SECURE_HSTS_PRELOAD = True` (Django's `security.W021`).

## Why is this bad?
Without preload, the very first visit of a browser is still unprotected; preloading puts the
domain in browsers' built-in HTTPS-only list.

## Example
```python
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
```

Use instead:
```python
SECURE_HSTS_PRELOAD = True  # then submit the domain at hstspreload.org
```

## References
- [Django: SECURE_HSTS_PRELOAD](https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-preload)
"#,
    check: |c, out| check_hsts_option(c, out, &HSTS_NO_PRELOAD, "SECURE_HSTS_PRELOAD", "security.W021"),
};
