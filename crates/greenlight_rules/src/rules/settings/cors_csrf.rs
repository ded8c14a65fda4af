//! Cross-origin settings: SEC025 CORS open to every origin, CFG005 HTTPS
//! without CSRF_TRUSTED_ORIGINS or a proxy SSL header.

use greenlight_core::settings::Value;

use super::support::View;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static CORS_ALLOW_ALL: Rule = Rule {
    code: "SEC025",
    effort_minutes: 20,
    name: "cors-allow-all-origins",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(942),
    summary: "django-cors-headers allows every origin",
    doc: r#"## What it does
Reports `CORS_ALLOW_ALL_ORIGINS = True` (or the older `CORS_ORIGIN_ALLOW_ALL`) in production;
critical together with `CORS_ALLOW_CREDENTIALS = True`.

## Why is this bad?
Any website can call your API from a visitor's browser and read the responses; with credentials
allowed, it does so as the logged-in user.

## Example
```python
CORS_ALLOW_ALL_ORIGINS = True
```

Use instead:
```python
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS")
```

## References
- [django-cors-headers](https://github.com/adamchainz/django-cors-headers#cors_allow_all_origins-bool)
- [CWE-942: Permissive Cross-domain Policy](https://cwe.mitre.org/data/definitions/942.html)
"#,
    check: check_cors,
};

fn check_cors(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    for name in ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"] {
        if view.settings.get(name).is_some_and(|s| s.value.truthy() == Some(true)) {
            let credentials = view.value("CORS_ALLOW_CREDENTIALS").truthy() == Some(true);
            let mut finding = view.finding_at(&CORS_ALLOW_ALL, name, format!("every origin may call this site cross-origin: {}", view.provenance(name)));
            if credentials {
                finding.message.push_str(", and CORS_ALLOW_CREDENTIALS is True: other sites can act as the logged-in user");
                finding.severity = Severity::Critical;
            }
            out.push(finding.with_fix(Fix::manual("List the allowed origins instead", Some("CORS_ALLOWED_ORIGINS = env.list(\"CORS_ALLOWED_ORIGINS\")"))));
        }
    }
}

pub static CSRF_TRUSTED_ORIGINS_MISSING: Rule = Rule {
    code: "CFG005",
    effort_minutes: 10,
    name: "csrf-trusted-origins-missing",
    category: Category::Configuration,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "HTTPS is enforced but neither CSRF_TRUSTED_ORIGINS nor SECURE_PROXY_SSL_HEADER is set",
    doc: r#"## What it does
Reports production settings that redirect to HTTPS (`SECURE_SSL_REDIRECT = True`) but set neither
`CSRF_TRUSTED_ORIGINS` nor `SECURE_PROXY_SSL_HEADER`.

## Why is this bad?
Behind a proxy that terminates TLS, Django sees plain-HTTP requests: the redirect loops and,
since Django 4.0, form posts fail the CSRF origin check ("Origin checking failed") unless the
HTTPS origin is trusted or the proxy's header is honoured.

## Example
```python
SECURE_SSL_REDIRECT = True
```

Use instead:
```python
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")  # e.g. https://example.com
```

## References
- [Django: CSRF_TRUSTED_ORIGINS](https://docs.djangoproject.com/en/stable/ref/settings/#csrf-trusted-origins)
- [Django: SECURE_PROXY_SSL_HEADER](https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header)
"#,
    check: check_trusted_origins,
};

fn check_trusted_origins(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let redirect = view.value("SECURE_SSL_REDIRECT") == Value::Bool(true);
    let origins_empty = view.value("CSRF_TRUSTED_ORIGINS").truthy() == Some(false);
    let no_proxy_header = view.value("SECURE_PROXY_SSL_HEADER") == Value::None;
    if redirect && origins_empty && no_proxy_header {
        let message = "SECURE_SSL_REDIRECT is on but CSRF_TRUSTED_ORIGINS and SECURE_PROXY_SSL_HEADER are not set: behind a TLS-terminating proxy, redirects loop and form posts fail the CSRF origin check".to_owned();
        out.push(
            view.finding_at(&CSRF_TRUSTED_ORIGINS_MISSING, "SECURE_SSL_REDIRECT", message)
                .with_fix(Fix::manual("Trust the proxy's header and list the HTTPS origins", Some("SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")\nCSRF_TRUSTED_ORIGINS = env.list(\"CSRF_TRUSTED_ORIGINS\")"))),
        );
    }
}
