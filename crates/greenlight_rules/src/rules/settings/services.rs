//! Backing services left at their development values: CFG004 e-mail backend,
//! PERF001 local-memory cache, OBS001 no LOGGING.

use greenlight_core::settings::Value;

use super::support::View;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

const DEV_EMAIL_BACKENDS: &[&str] = &["console", "locmem", "dummy", "filebased"];

pub static EMAIL_BACKEND_DEVELOPMENT: Rule = Rule {
    code: "CFG004",
    effort_minutes: 30,
    name: "email-backend-development",
    category: Category::Configuration,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "EMAIL_BACKEND is a development backend (console, locmem, dummy, file)",
    doc: r#"## What it does
Reports a production `EMAIL_BACKEND` that does not send mail: the console, local-memory, dummy or
file-based backends.

## Why is this bad?
Password resets, sign-up confirmations and error reports to `ADMINS` are silently printed to a
log or dropped. Users cannot recover their accounts.

## Example
```python
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
```

Use instead:
```python
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
```

## References
- [Django: E-mail backends](https://docs.djangoproject.com/en/stable/topics/email/#email-backends)
"#,
    check: check_email_backend,
};

fn check_email_backend(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let Value::Str(backend) = view.value("EMAIL_BACKEND") else { return };
    let Some(kind) = DEV_EMAIL_BACKENDS.iter().find(|k| backend.contains(&format!("backends.{k}."))) else { return };
    let message = format!("e-mail is not sent in production: the {kind} backend is configured ({})", view.provenance("EMAIL_BACKEND"));
    out.push(
        view.finding_at(&EMAIL_BACKEND_DEVELOPMENT, "EMAIL_BACKEND", message)
            .with_fix(Fix::manual("Use the SMTP backend (or a provider's) with credentials from the environment", Some("EMAIL_BACKEND = \"django.core.mail.backends.smtp.EmailBackend\""))),
    );
}

pub static CACHE_LOCAL_MEMORY: Rule = Rule {
    code: "PERF001",
    effort_minutes: 30,
    name: "cache-local-memory",
    category: Category::Performance,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "The production cache is per-process local memory (or none)",
    doc: r#"## What it does
Reports a production `CACHES['default']` that is Django's default local-memory cache (also when
`CACHES` is not set at all) or the dummy cache.

## Why is this bad?
Each worker process keeps its own cache: hit rates fall with every worker added, cached values
disagree between processes, and anything built on the cache (rate limiting, lockouts, sessions
with the cache backend) does not work across workers.

## Example
```python
# CACHES not set
```

Use instead:
```python
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": env("REDIS_URL")}}
```

## References
- [Django: Setting up the cache](https://docs.djangoproject.com/en/stable/topics/cache/#setting-up-the-cache)
"#,
    check: check_cache,
};

fn check_cache(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let caches = view.value("CACHES");
    let Some(Value::Str(backend)) = caches.get_str("default") .and_then(|d| d.get_str("BACKEND")).cloned() else { return };
    let kind = if backend.contains("locmem") {
        "local-memory"
    } else if backend.contains("dummy") {
        "dummy (no caching)"
    } else {
        return;
    };
    let message = if view.settings.is_set("CACHES") {
        let (path, span) = view.location("CACHES");
        format!("the production cache is the {kind} backend (CACHES set in {path}:{})", span.start.line)
    } else {
        format!("CACHES is not set, so production uses Django's per-process {kind} cache")
    };
    out.push(
        view.finding_at(&CACHE_LOCAL_MEMORY, "CACHES", message)
            .with_fix(Fix::manual("Use a shared cache such as Redis or Memcached", Some("CACHES = {\"default\": {\"BACKEND\": \"django.core.cache.backends.redis.RedisCache\", \"LOCATION\": env(\"REDIS_URL\")}}"))),
    );
}

pub static LOGGING_NOT_CONFIGURED: Rule = Rule {
    code: "OBS001",
    effort_minutes: 30,
    name: "logging-not-configured",
    category: Category::Observability,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(778),
    summary: "LOGGING is not configured",
    doc: r#"## What it does
Reports production settings without a `LOGGING` configuration.

## Why is this bad?
With `DEBUG = False` and no `LOGGING`, Django sends request errors only to `ADMINS` by e-mail
(if that is configured) and application log calls below WARNING go nowhere. When production
breaks there is no record of why.

## Example
```python
# LOGGING not set
```

Use instead:
```python
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
```

## References
- [Django: Logging](https://docs.djangoproject.com/en/stable/topics/logging/)
- [CWE-778: Insufficient Logging](https://cwe.mitre.org/data/definitions/778.html)
"#,
    check: check_logging,
};

fn check_logging(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    if view.value("LOGGING") == Value::None && !view.settings.is_set("LOGGING_CONFIG") {
        let message = format!("LOGGING is not set in {} or the modules it imports: production errors and logs have nowhere to go", view.settings.path);
        out.push(
            view.finding_at(&LOGGING_NOT_CONFIGURED, "LOGGING", message)
                .with_fix(Fix::manual("Configure LOGGING to send at least WARNING and above to stdout or a file", None)),
        );
    }
}
