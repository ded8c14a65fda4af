//! Celery tasks that can run forever (REL005) or that talk to the network and
//! give up on the first failure (REL006).

use greenlight_core::settings::Value;
use ruff_python_ast::{Expr, ExprCall, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::flow::walk_exprs;
use super::functions::functions;
use super::support::{app_files, assigned, deploy_texts};
use crate::analysis::visit::keyword;
use crate::analysis::{FileRole, PyFile};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

const LIMIT_SETTINGS: &[&str] = &["CELERY_TASK_TIME_LIMIT", "CELERY_TASK_SOFT_TIME_LIMIT", "CELERYD_TASK_TIME_LIMIT", "CELERYD_TASK_SOFT_TIME_LIMIT"];
/// Spellings of a global limit in Celery configuration code or worker command lines.
const LIMIT_WORDS: &[&str] = &["task_time_limit", "task_soft_time_limit", "TASK_TIME_LIMIT", "TASK_SOFT_TIME_LIMIT", "--time-limit", "--soft-time-limit"];
const NETWORK_CALLS: &[&str] = &[
    "django.core.mail.send_mail", "django.core.mail.send_mass_mail", "django.core.mail.mail_admins",
    "django.core.mail.mail_managers", "django.core.mail.EmailMessage", "django.core.mail.EmailMultiAlternatives",
    "smtplib.SMTP", "smtplib.SMTP_SSL", "urllib.request.urlopen",
];

/// A function decorated as a Celery task, with its decorator call (if any).
pub struct Task<'a> {
    pub def: &'a StmtFunctionDef,
    pub decorator: Option<&'a ExprCall>,
}

impl Task<'_> {
    fn option(&self, name: &str) -> Option<&Expr> {
        self.decorator.and_then(|call| keyword(call, name))
    }
}

/// `@shared_task`, `@app.task(...)`, `@celery_app.task`, `@periodic_task(...)`.
pub fn tasks<'a>(file: &'a PyFile) -> Vec<Task<'a>> {
    let uses_celery = file.imports.imports_from("celery");
    let mut out = Vec::new();
    for function in functions(&file.module.ast().body) {
        for decorator in &function.def.decorator_list {
            let (callee, call) = match &decorator.expression {
                Expr::Call(call) => (call.func.as_ref(), Some(call)),
                other => (other, None),
            };
            let Some(q) = file.imports.qualified(callee) else { continue };
            let last = q.rsplit('.').next().unwrap_or("");
            let app_task = last == "task" && matches!(callee, Expr::Attribute(_)) && (uses_celery || q.contains("celery") || q.ends_with("app.task"));
            if matches!(last, "shared_task" | "periodic_task") || app_task || q == "celery.task" {
                out.push(Task { def: function.def, decorator: call });
                break;
            }
        }
    }
    out
}

pub static CELERY_NO_TIME_LIMIT: Rule = Rule {
    code: "REL005",
    effort_minutes: 15,
    name: "celery-task-no-time-limit",
    category: Category::Reliability,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(400),
    summary: "Celery tasks run with no time limit",
    doc: r#"## What it does
Reports projects with Celery tasks when neither `CELERY_TASK_TIME_LIMIT` /
`CELERY_TASK_SOFT_TIME_LIMIT` (settings), `task_time_limit` (Celery configuration) nor a worker
`--time-limit` flag is set, and some task has no `time_limit=` / `soft_time_limit=` of its own.
One finding, at the first such task.

## Why is this bad?
Celery's default is no limit. A task stuck on a hung connection or an accidental infinite loop
holds its worker process forever; a few of them and the queue stops moving, while the workers
look healthy.

## Example
```python
@shared_task
def sync_members():
    ...
```

Use instead:
```python
# settings.py
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
```

## References
- [Celery: task_time_limit](https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-time-limit)
- [Celery: Time limits](https://docs.celeryq.dev/en/stable/userguide/workers.html#time-limits)
"#,
    check: check_time_limits,
};

fn check_time_limits(checker: &Checker, out: &mut Vec<Finding>) {
    let in_settings = LIMIT_SETTINGS.iter().any(|s| assigned(checker, s).is_some_and(|v| !matches!(v, Value::None)));
    let in_code = checker.python_files().iter().filter(|f| f.role != FileRole::Test).any(|f| LIMIT_WORDS.iter().any(|w| f.module.text.contains(w)));
    let in_commands = deploy_texts(checker).any(|t| LIMIT_WORDS.iter().any(|w| t.text.contains(w)));
    if in_settings || in_code || in_commands {
        return;
    }
    let mut unlimited = Vec::new();
    for file in app_files(checker) {
        for task in tasks(file) {
            if task.option("time_limit").is_none() && task.option("soft_time_limit").is_none() && task.option("base").is_none() {
                unlimited.push((file, task));
            }
        }
    }
    let Some((file, first)) = unlimited.first() else { return };
    let others = match unlimited.len() {
        1 => String::new(),
        n => format!(" (and {} other task{})", n - 1, if n == 2 { "" } else { "s" }),
    };
    let message = format!(
        "Celery task `{}`{others} has no time limit, and none is configured globally (CELERY_TASK_TIME_LIMIT): a stuck task holds its worker forever",
        first.def.name
    );
    out.push(CELERY_NO_TIME_LIMIT.finding(file.path(), file.module.span(first.def.name.range()), message).with_fix(Fix::manual(
        "Set global limits in settings (and per-task limits where a task needs longer)",
        Some("CELERY_TASK_SOFT_TIME_LIMIT = 240\nCELERY_TASK_TIME_LIMIT = 300"),
    )));
}

pub static CELERY_NETWORK_NO_RETRY: Rule = Rule {
    code: "REL006",
    effort_minutes: 15,
    name: "celery-network-task-no-retry",
    category: Category::Reliability,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "A Celery task calls the network but never retries",
    doc: r#"## What it does
Reports Celery tasks whose body calls the network directly (`requests`/`httpx`, `smtplib`,
`urlopen`, Django's `send_mail`/`EmailMessage`) with no `autoretry_for=` / `retry_backoff=`
on the decorator and no `self.retry(...)` in the body. Calls made through the project's own
helpers are not followed.

## Why is this bad?
Network calls fail transiently: a timeout, a 503, a dropped SMTP connection. Without a retry,
the task fails once and the e-mail or webhook is simply never sent; the only trace is a line in
the worker log.

## Example
```python
@shared_task
def notify_provider(booking_id):
    requests.post(url, json=payload, timeout=10)
```

Use instead:
```python
@shared_task(autoretry_for=(requests.RequestException,), retry_backoff=True, max_retries=5)
def notify_provider(booking_id):
    requests.post(url, json=payload, timeout=10)
```

## References
- [Celery: Automatic retry for known exceptions](https://docs.celeryq.dev/en/stable/userguide/tasks.html#automatic-retry-for-known-exceptions)
"#,
    check: check_retries,
};

fn check_retries(checker: &Checker, out: &mut Vec<Finding>) {
    for file in app_files(checker) {
        for task in tasks(file) {
            if ["autoretry_for", "retry_backoff", "base"].iter().any(|o| task.option(o).is_some()) {
                continue;
            }
            let (mut network, mut retries) = (None, false);
            walk_exprs(&task.def.body, &mut |expr, _| {
                let Expr::Call(call) = expr else { return };
                if let Expr::Attribute(a) = call.func.as_ref() {
                    retries |= a.attr.as_str() == "retry";
                }
                if network.is_none() && is_network_call(file, call) {
                    network = Some(file.module.slice(call.func.range()).to_owned());
                }
            });
            let (Some(callee), false) = (network, retries) else { continue };
            let message = format!("Celery task `{}` calls `{callee}` but never retries: one transient network failure and the work is lost", task.def.name);
            out.push(CELERY_NETWORK_NO_RETRY.finding(file.path(), file.module.span(task.def.name.range()), message).with_fix(Fix::manual(
                "Retry on the network errors you expect, with backoff",
                Some("@shared_task(autoretry_for=(requests.RequestException,), retry_backoff=True, max_retries=5)"),
            )));
        }
    }
}

fn is_network_call(file: &PyFile, call: &ExprCall) -> bool {
    let Some(q) = file.callee(call) else { return false };
    let module = q.rsplit_once('.').map(|(m, _)| m).unwrap_or("");
    let verb = q.rsplit('.').next().unwrap_or("");
    let http_verb = matches!(verb, "get" | "post" | "put" | "patch" | "delete" | "head" | "options" | "request" | "stream");
    (matches!(module, "requests" | "requests.api" | "httpx") && http_verb) || NETWORK_CALLS.contains(&&*q)
}
