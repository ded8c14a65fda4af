//! Packages declared for production but never switched on: DEP005 (a rate
//! limiter nothing imports, django-axes outside INSTALLED_APPS, …) and OBS030
//! (an error tracker that is never initialised). Use is judged from imports
//! resolved in the code and from the evaluated settings, never by grepping text.

use greenlight_core::settings::Value;

use super::support::{at_requirement, imports_any, manifests, refers_to, written};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use crate::rules::settings::support::View;

/// One sign that a package is in use.
enum Evidence {
    /// A non-test module imports one of these modules.
    Import(&'static [&'static str]),
    /// A non-test module refers to one of these qualified names.
    Refers(&'static [&'static str]),
    /// An INSTALLED_APPS entry is this app or inside it.
    InstalledApp(&'static str),
    /// A MIDDLEWARE entry starts with this module path.
    Middleware(&'static str),
}

/// A package and how to tell it is used.
struct Expected {
    packages: &'static [&'static str],
    evidence: &'static [Evidence],
    /// What is missing, for the message.
    missing: &'static str,
    consequence: &'static str,
    fix: &'static str,
    snippet: &'static str,
    severity: Severity,
}

const UNUSED_PACKAGES: &[Expected] = &[
    Expected {
        packages: &["django-ratelimit"],
        evidence: &[Evidence::Import(&["django_ratelimit", "ratelimit"])],
        missing: "nothing imports `django_ratelimit` (no `@ratelimit` anywhere)",
        consequence: "no view is rate limited, whatever the requirements suggest",
        fix: "Decorate the login and other abusable views, or drop the requirement",
        snippet: "from django_ratelimit.decorators import ratelimit\n\n@ratelimit(key=\"ip\", rate=\"5/m\", block=True)\ndef login_view(request): ...",
        severity: Severity::Medium,
    },
    Expected {
        packages: &["django-axes"],
        evidence: &[Evidence::InstalledApp("axes")],
        missing: "`axes` is not in INSTALLED_APPS",
        consequence: "failed sign-ins are neither recorded nor locked out",
        fix: "Add axes to INSTALLED_APPS, its middleware and authentication backend",
        snippet: "INSTALLED_APPS += [\"axes\"]\nMIDDLEWARE += [\"axes.middleware.AxesMiddleware\"]\nAUTHENTICATION_BACKENDS = [\"axes.backends.AxesStandaloneBackend\", \"django.contrib.auth.backends.ModelBackend\"]",
        severity: Severity::Medium,
    },
    Expected {
        packages: &["django-cors-headers"],
        evidence: &[Evidence::Middleware("corsheaders.middleware")],
        missing: "`corsheaders.middleware.CorsMiddleware` is not in MIDDLEWARE",
        consequence: "no CORS header is ever sent and the CORS_* settings do nothing",
        fix: "Add CorsMiddleware near the top of MIDDLEWARE, or drop the requirement",
        snippet: "MIDDLEWARE = [\"corsheaders.middleware.CorsMiddleware\", ...]",
        severity: Severity::Low,
    },
    Expected {
        packages: &["whitenoise"],
        evidence: &[Evidence::Middleware("whitenoise.middleware"), Evidence::Import(&["whitenoise"])],
        missing: "`whitenoise.middleware.WhiteNoiseMiddleware` is not in MIDDLEWARE and no module wraps the app with WhiteNoise",
        consequence: "static files are not served by WhiteNoise; with DEBUG off Django serves none",
        fix: "Add WhiteNoiseMiddleware right after SecurityMiddleware",
        snippet: "MIDDLEWARE = [\"django.middleware.security.SecurityMiddleware\", \"whitenoise.middleware.WhiteNoiseMiddleware\", ...]",
        severity: Severity::Medium,
    },
    Expected {
        packages: &["celery"],
        evidence: &[Evidence::Refers(&["celery.Celery"])],
        missing: "no module creates a `Celery` app",
        consequence: "tasks have no configured app, broker or worker entry point",
        fix: "Create the app in <project>/celery.py and import it from <project>/__init__.py",
        snippet: "from celery import Celery\n\napp = Celery(\"proj\")\napp.config_from_object(\"django.conf:settings\", namespace=\"CELERY\")\napp.autodiscover_tasks()",
        severity: Severity::Low,
    },
];

const ERROR_TRACKERS: &[Expected] = &[
    Expected {
        packages: &["sentry-sdk"],
        evidence: &[Evidence::Refers(&["sentry_sdk.init"])],
        missing: "`sentry_sdk.init` is never called",
        consequence: "production errors are not reported anywhere",
        fix: "Initialise Sentry in the production settings when SENTRY_DSN is set",
        snippet: "import sentry_sdk\n\nSENTRY_DSN = env(\"SENTRY_DSN\", default=\"\")\nif SENTRY_DSN:\n    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False)",
        severity: Severity::Medium,
    },
    Expected {
        packages: &["rollbar"],
        evidence: &[Evidence::Middleware("rollbar.contrib"), Evidence::Refers(&["rollbar.init"])],
        missing: "Rollbar's middleware is not in MIDDLEWARE and `rollbar.init` is never called",
        consequence: "production errors are not reported anywhere",
        fix: "Add RollbarNotifierMiddleware and the ROLLBAR setting",
        snippet: "MIDDLEWARE += [\"rollbar.contrib.django.middleware.RollbarNotifierMiddleware\"]",
        severity: Severity::Medium,
    },
    Expected {
        packages: &["bugsnag"],
        evidence: &[Evidence::Middleware("bugsnag.django"), Evidence::Refers(&["bugsnag.configure"])],
        missing: "Bugsnag's middleware is not in MIDDLEWARE and `bugsnag.configure` is never called",
        consequence: "production errors are not reported anywhere",
        fix: "Add BugsnagMiddleware and the BUGSNAG setting",
        snippet: "MIDDLEWARE = [\"bugsnag.django.middleware.BugsnagMiddleware\", ...]",
        severity: Severity::Medium,
    },
];

pub static DECLARED_BUT_UNUSED: Rule = Rule {
    code: "DEP005",
    effort_minutes: 30,
    name: "package-declared-but-unused",
    category: Category::Dependencies,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "A protective or infrastructure package is declared but never switched on",
    doc: r#"## What it does
Reports a production requirement that only works once wired in, when it is not: django-ratelimit
that nothing imports, django-axes missing from `INSTALLED_APPS`, django-cors-headers or
whitenoise missing from `MIDDLEWARE`, celery without a `Celery` app. Imports are resolved in
the code (tests and migrations do not count) and settings are read as production evaluates them;
when a setting cannot be evaluated, the rule stays quiet.

## Why is this bad?
The requirement suggests a protection the site does not have: reviewers see django-ratelimit or
django-axes and assume sign-in is rate limited. Meanwhile the package is installed, updated and
audited for nothing.

## Example
```text
django-ratelimit==4.1.0   # but no view uses @ratelimit
```

Use instead:
```python
from django_ratelimit.decorators import ratelimit

@ratelimit(key="ip", rate="5/m", block=True)
def login_view(request): ...
```

## References
- [django-ratelimit](https://django-ratelimit.readthedocs.io/)
- [django-axes: Installation](https://django-axes.readthedocs.io/en/latest/2_installation.html)
- [WhiteNoise: Using WhiteNoise with Django](https://whitenoise.readthedocs.io/en/stable/django.html)
"#,
    check: check_unused_packages,
};

pub static ERROR_TRACKING_NOT_CONFIGURED: Rule = Rule {
    code: "OBS030",
    effort_minutes: 20,
    name: "error-tracking-not-configured",
    category: Category::Observability,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(778),
    summary: "An error-tracking SDK is installed but never initialised",
    doc: r#"## What it does
Reports sentry-sdk (or rollbar, bugsnag) in the production requirements when no module calls
`sentry_sdk.init` (resolved through the imports, so `from sentry_sdk import init` counts) and
no middleware of the tracker is configured. leukeleu-django-checks calls this "error tracking
installed but never configured".

## Why is this bad?
The SDK does nothing until it is initialised with a DSN. The team believes production errors
reach Sentry; in fact they reach no one.

## Example
```text
sentry-sdk==2.18.0   # and sentry_sdk.init appears nowhere
```

Use instead:
```python
import sentry_sdk

if SENTRY_DSN := env("SENTRY_DSN", default=""):
    sentry_sdk.init(dsn=SENTRY_DSN)
```

## References
- [Sentry for Django](https://docs.sentry.io/platforms/python/integrations/django/)
- [CWE-778: Insufficient Logging](https://cwe.mitre.org/data/definitions/778.html)
"#,
    check: check_error_tracking,
};

fn check_unused_packages(checker: &Checker, out: &mut Vec<Finding>) {
    report_unused(checker, out, &DECLARED_BUT_UNUSED, UNUSED_PACKAGES);
}

fn check_error_tracking(checker: &Checker, out: &mut Vec<Finding>) {
    report_unused(checker, out, &ERROR_TRACKING_NOT_CONFIGURED, ERROR_TRACKERS);
}

fn report_unused(checker: &Checker, out: &mut Vec<Finding>, rule: &'static Rule, table: &[Expected]) {
    let manifests = manifests(checker);
    for expected in table {
        let Some(req) = expected.packages.iter().find_map(|p| manifests.declared(p).into_iter().next()) else { continue };
        // Used, or undecidable (a setting that could not be evaluated): quiet.
        if expected.evidence.iter().any(|e| used(checker, e) != Some(false)) {
            continue;
        }
        let message = format!("`{}` is declared in {} but {}: {}", written(req), req.path, expected.missing, expected.consequence);
        out.push(
            at_requirement(rule, req, message)
                .with_severity(expected.severity)
                .with_fix(Fix::manual(expected.fix, Some(expected.snippet))),
        );
    }
}

/// `Some(true)` used, `Some(false)` not, `None` cannot tell.
fn used(checker: &Checker, evidence: &Evidence) -> Option<bool> {
    match evidence {
        Evidence::Import(modules) => Some(imports_any(checker, modules)),
        Evidence::Refers(names) => Some(refers_to(checker, names)),
        Evidence::InstalledApp(app) => list_has(checker, "INSTALLED_APPS", app),
        Evidence::Middleware(prefix) => list_has(checker, "MIDDLEWARE", prefix),
    }
}

/// Whether the list setting has an entry equal to `prefix` or inside it (`axes`, `axes.apps.AppConfig`).
fn list_has(checker: &Checker, setting: &str, prefix: &str) -> Option<bool> {
    let value = View::of(checker).value(setting);
    let items = value.items()?;
    let mut unsure = false;
    for item in items {
        match item {
            Value::Str(s) if s == prefix || s.starts_with(&format!("{prefix}.")) => return Some(true),
            Value::Str(_) => {}
            _ => unsure = true,
        }
    }
    if unsure { None } else { Some(false) }
}
