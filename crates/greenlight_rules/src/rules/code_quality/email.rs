//! REL004: e-mail sent with `fail_silently=True`. When the mail server rejects
//! the credentials or is unreachable, the error is dropped and nobody learns
//! that password resets and receipts stopped going out.

use ruff_python_ast::{Expr, ExprCall};
use ruff_text_size::Ranged;

use super::support::app_files;
use crate::analysis::visit::{argument, Node};
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

/// Django's mail functions and where `fail_silently` sits among their positional parameters.
const MAIL_FUNCTIONS: &[(&str, usize)] = &[
    ("django.core.mail.send_mail", 4),
    ("django.core.mail.send_mass_mail", 1),
    ("django.core.mail.mail_admins", 2),
    ("django.core.mail.mail_managers", 2),
    ("django.core.mail.get_connection", 1),
];

pub static EMAIL_FAIL_SILENTLY: Rule = Rule {
    code: "REL004",
    effort_minutes: 10,
    name: "email-fail-silently",
    category: Category::Reliability,
    severity: Severity::Low,
    django_checks: &[],
    cwe: Some(390),
    summary: "E-mail is sent with `fail_silently=True`: delivery failures vanish",
    doc: r#"## What it does
Reports `send_mail`, `send_mass_mail`, `mail_admins`, `mail_managers` and `get_connection`
called with `fail_silently=True` (by keyword or position), and `.send(fail_silently=True)` /
`.email_user(..., fail_silently=True)` on messages and users.

## Why is this bad?
`fail_silently=True` swallows every `SMTPException` and socket error. When the mail provider
rotates credentials or blocks the server, sign-up confirmations, password resets and receipts
stop going out, and there is no error, no log line and no alert to say so.

## Example
```python
send_mail(subject, body, None, [user.email], fail_silently=True)
```

Use instead:
```python
try:
    send_mail(subject, body, None, [user.email])
except (SMTPException, OSError):
    logger.exception("Could not send the welcome e-mail to user %s", user.pk)
```

## References
- [Django: send_mail](https://docs.djangoproject.com/en/stable/topics/email/#send-mail)
"#,
    check: check_fail_silently,
};

fn check_fail_silently(checker: &Checker, out: &mut Vec<Finding>) {
    for file in app_files(checker) {
        file.for_each_node(&mut |node, scope| {
            let Node::Call(call) = node else { return };
            if scope.debug_only || !fails_silently(file, call) {
                return;
            }
            let callee = match call.func.as_ref() {
                Expr::Attribute(a) if !matches!(a.value.as_ref(), Expr::Name(_)) => format!(".{}", a.attr),
                other => file.module.slice(other.range()).to_owned(),
            };
            let message = format!("`{callee}(..., fail_silently=True)` discards delivery errors: if the mail server fails, nobody is told and the e-mail is lost");
            out.push(EMAIL_FAIL_SILENTLY.finding(file.path(), file.module.span(call.range()), message).with_fix(Fix::manual(
                "Let the error raise, or catch it and log it",
                Some("try:\n    send_mail(...)\nexcept (SMTPException, OSError):\n    logger.exception(\"e-mail not sent\")"),
            )));
        });
    }
}

fn fails_silently(file: &PyFile, call: &ExprCall) -> bool {
    let is_true = |e: Option<&Expr>| matches!(e, Some(Expr::BooleanLiteral(b)) if b.value);
    if let Some(q) = file.callee(call) {
        if let Some((_, position)) = MAIL_FUNCTIONS.iter().find(|(name, _)| *name == q) {
            return is_true(argument(call, *position, "fail_silently"));
        }
    }
    let Expr::Attribute(attr) = call.func.as_ref() else { return false };
    matches!(attr.attr.as_str(), "send" | "email_user") && is_true(crate::analysis::visit::keyword(call, "fail_silently"))
}
