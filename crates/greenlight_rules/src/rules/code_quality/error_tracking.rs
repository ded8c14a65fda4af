//! OBS010: production errors that reach no one. No error tracker is
//! initialised, Django has no ADMINS to mail, and LOGGING hands error records
//! to no handler: an exception in a view leaves no trace at all.

use greenlight_core::settings::Value;
use ruff_python_ast::Stmt;

use super::support::{dependency_texts, deploy_texts, strings};
use crate::analysis::visit::Node;
use crate::analysis::FileRole;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use crate::rules::settings::support::View;

/// Calls (by qualified-name prefix) that start an error tracker or APM agent.
const TRACKER_CALLS: &[&str] = &[
    "sentry_sdk.init", "raven.", "rollbar.init", "bugsnag.configure", "honeybadger.", "newrelic.agent.initialize",
    "elasticapm.", "ddtrace.patch", "opbeat.", "pybrake.", "scout_apm.",
];
/// INSTALLED_APPS / MIDDLEWARE entries of trackers wired through Django.
const TRACKER_ENTRIES: &[&str] = &["raven", "rollbar", "bugsnag", "honeybadger", "elasticapm", "opbeat", "newrelic", "airbrake", "pybrake", "scout_apm", "sentry"];
/// Settings that configure trackers wired through middleware.
const TRACKER_SETTINGS: &[&str] = &["RAVEN_CONFIG", "ROLLBAR", "BUGSNAG", "HONEYBADGER", "ELASTIC_APM", "AIRBRAKE", "SCOUT_KEY"];
/// Launchers that instrument the process from outside.
const TRACKER_LAUNCHERS: &[&str] = &["ddtrace-run", "newrelic-admin", "opentelemetry-instrument", "ddtrace.auto"];

pub static NO_ERROR_TRACKING: Rule = Rule {
    code: "OBS010",
    effort_minutes: 30,
    name: "no-error-tracking",
    category: Category::Observability,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(778),
    summary: "Production errors are reported nowhere: no error tracker, no ADMINS, no error logging",
    doc: r#"## What it does
Reports projects where an unhandled exception in production leaves no trace:
- no error tracker or APM agent is initialised anywhere (`sentry_sdk.init`, Rollbar, Bugsnag,
  Honeybadger, New Relic, Elastic APM, Datadog `ddtrace`, Opbeat, Airbrake, Scout; by call,
  `INSTALLED_APPS`/`MIDDLEWARE` entry, configuration setting or launcher such as `ddtrace-run`),
- `ADMINS` is empty, so Django's `mail_admins` handler mails no one,
- and `LOGGING` gives the root, `django` and `django.request` loggers no handler.

A `LOGGING` configuration that sends errors to a handler (even the console) counts as a
record: on most platforms the process output is collected and can be alerted on. Requirements
that declare a tracker which is never initialised are mentioned in the message.

## Why is this bad?
With `DEBUG = False` and no `LOGGING`, Django's default configuration sends request errors
only to `ADMINS` by e-mail. With `ADMINS` empty, a 500 is shown to the user and recorded
nowhere: nobody knows production is failing until users complain, and then there is no
traceback to debug with.

## Example
```python
# settings.py: no LOGGING, no ADMINS, sentry-sdk in requirements but never initialised
```

Use instead:
```python
import sentry_sdk

sentry_sdk.init(dsn=env("SENTRY_DSN"), send_default_pii=False)
```

## References
- [Django: Error reporting](https://docs.djangoproject.com/en/stable/howto/error-reporting/)
- [Sentry for Django](https://docs.sentry.io/platforms/python/integrations/django/)
- [CWE-778: Insufficient Logging](https://cwe.mitre.org/data/definitions/778.html)
"#,
    check: check_error_tracking,
};

fn check_error_tracking(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    if tracker_initialised(checker, &view) || admins_mailed(checker, &view) || !errors_unlogged(&view) {
        return;
    }
    let declared = dependency_texts(checker)
        .find(|t| t.text.to_lowercase().contains("sentry-sdk") || t.text.to_lowercase().contains("sentry_sdk"))
        .map(|t| format!(" (sentry-sdk is declared in {} but sentry_sdk.init is never called)", t.rel_path))
        .unwrap_or_default();
    let message = format!(
        "production errors are reported nowhere: no error tracker is initialised{declared}, ADMINS is empty so Django mails no one, and LOGGING gives error records no handler"
    );
    out.push(view.finding_at(&NO_ERROR_TRACKING, "LOGGING", message).with_fix(Fix::manual(
        "Initialise an error tracker in the production settings (or at least set ADMINS and LOGGING)",
        Some("import sentry_sdk\n\nsentry_sdk.init(dsn=env(\"SENTRY_DSN\"), send_default_pii=False)"),
    )));
}

fn tracker_initialised(checker: &Checker, view: &View) -> bool {
    let (apps, middleware) = (view.value("INSTALLED_APPS"), view.value("MIDDLEWARE"));
    let entries = [strings(&apps), strings(&middleware)].concat();
    if entries.iter().any(|e| TRACKER_ENTRIES.iter().any(|t| e.contains(t))) {
        return true;
    }
    if TRACKER_SETTINGS.iter().any(|s| checker.project.settings.is_set(s)) {
        return true;
    }
    if deploy_texts(checker).any(|t| TRACKER_LAUNCHERS.iter().any(|l| t.text.contains(l))) {
        return true;
    }
    checker.python_files().iter().filter(|f| f.role != FileRole::Test).any(|file| {
        let mut found = false;
        file.for_each_node(&mut |node, _| match node {
            Node::Call(call) => {
                let q = file.callee(call).unwrap_or_default();
                found |= TRACKER_CALLS.iter().any(|t| q.starts_with(t));
            }
            Node::Stmt(Stmt::Import(i)) => found |= i.names.iter().any(|a| a.name.as_str() == "ddtrace.auto"),
            _ => {}
        });
        found
    })
}

/// `ADMINS` is (or may be) non-empty: Django mails them every request error.
fn admins_mailed(checker: &Checker, view: &View) -> bool {
    if view.value("ADMINS").truthy() != Some(false) {
        return true;
    }
    // Assigned only under a condition the evaluation could not take (`if admins := getenv(...)`).
    !checker.project.settings.is_set("ADMINS")
        && checker.python_files().iter().filter(|f| f.role == FileRole::Settings).any(|f| f.module.text.contains("ADMINS ="))
}

/// LOGGING is unset, or known to give the root, `django` and `django.request`
/// loggers no handler. Unknown LOGGING counts as logged.
fn errors_unlogged(view: &View) -> bool {
    let logging = view.value("LOGGING");
    match &logging {
        Value::None => true,
        Value::Dict(_) => {
            let has_handlers = |logger: Option<&Value>| match logger.and_then(|l| l.get_str("handlers")) {
                Some(Value::List(h)) | Some(Value::Tuple(h)) => !h.is_empty(),
                Some(Value::Unknown(_)) => true,
                _ => false,
            };
            let loggers = logging.get_str("loggers");
            let named = |name: &str| has_handlers(loggers.and_then(|l| l.get_str(name)));
            let unknown_parts = logging.unknown_reason().is_some();
            !(unknown_parts || has_handlers(logging.get_str("root")) || named("") || named("django") || named("django.request"))
        }
        _ => false,
    }
}
