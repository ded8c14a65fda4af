//! Hand-written sign-in views without brute-force protection (SEC045): no
//! django-axes, django-defender, ratelimit decorator, DRF throttling, or a
//! lockout/attempt counter called from the view.

use ruff_python_ast::Stmt;

use super::support::{self, finding_at, Function};
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use crate::rules::settings::support::View;

pub static LOGIN_WITHOUT_RATE_LIMIT: Rule = Rule {
    code: "SEC045",
    effort_minutes: 60,
    name: "login-without-rate-limit",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(307),
    summary: "A view checks passwords with `authenticate()` and nothing limits the attempts",
    doc: r#"## What it does
Reports a view that calls `django.contrib.auth.authenticate(..., password=...)` when nothing limits how often
it can be tried: `axes` or `defender` is not in `INSTALLED_APPS` (or their middleware), the view
has no `ratelimit`/throttle decorator and no `throttle_classes`, `REST_FRAMEWORK` sets no
`DEFAULT_THROTTLE_CLASSES`, and the view calls nothing whose name speaks of a lockout, attempts,
failures or a rate limit (a cache-based counter such as `lockout.is_locked_out(...)`).
Registration views (named so, or calling `create_user`) authenticate the account they just
created and are not reported.

## Why is this bad?
Django's own login does not limit attempts either. Without a limit an attacker tries passwords
as fast as the server answers: common passwords, or credentials leaked from other sites, against
every account.

## Example
```python
def login_view(request):
    user = authenticate(request, email=email, password=password)
```

Use instead:
```python
@ratelimit(key="ip", rate="5/m", method="POST", block=True)  # django-ratelimit
def login_view(request):
    user = authenticate(request, email=email, password=password)
```

## References
- [django-axes](https://django-axes.readthedocs.io/)
- [django-ratelimit](https://django-ratelimit.readthedocs.io/)
- [OWASP: Blocking Brute Force Attacks](https://owasp.org/www-community/controls/Blocking_Brute_Force_Attacks)
- [CWE-307](https://cwe.mitre.org/data/definitions/307.html)
"#,
    check: check_login_rate_limit,
};

const PROTECTION_WORDS: &[&str] = &["lock", "ratelimit", "rate_limit", "throttle", "attempt", "failure", "failed", "captcha", "brute", "limiter", "axes", "defender"];

fn mentions_protection(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    PROTECTION_WORDS.iter().any(|w| lower.contains(w))
}

/// Project-wide protection: axes, defender, or DRF default throttling (an
/// unknown setting counts as protected: stay quiet when unsure).
fn project_protected(checker: &Checker) -> bool {
    let view = View::of(checker);
    let app = |a: &str| a == "axes" || a == "defender" || a.starts_with("axes.") || a.starts_with("defender.");
    if support::list_mentions(&view, "INSTALLED_APPS", app) != Some(false) || support::list_mentions(&view, "MIDDLEWARE", mentions_protection) != Some(false) {
        return true;
    }
    match support::rest_framework(&view) {
        None => false,
        Some(rest) => !rest.is_known() || rest.get_str("DEFAULT_THROTTLE_CLASSES").is_some_and(|v| v.truthy() != Some(false)),
    }
}

fn view_protected(file: &PyFile, function: &Function) -> bool {
    let def = function.def;
    let mut names = support::decorator_names(&def.decorator_list, &file.imports);
    names.extend(support::called_names(&def.body, &file.imports));
    if let Some(class) = function.class {
        names.extend(support::decorator_names(&class.decorator_list, &file.imports));
        let class_text = file.module.slice(ruff_text_size::Ranged::range(class));
        if class_text.contains("throttle_classes") || class_text.contains("ratelimit") {
            return true;
        }
        for stmt in &class.body {
            if let Stmt::FunctionDef(m) = stmt {
                names.extend(support::called_names(&m.body, &file.imports));
            }
        }
    }
    names.iter().any(|n| mentions_protection(n))
}

/// Sign-up views authenticate the account they just created: nothing to guess.
fn is_registration(file: &PyFile, function: &Function) -> bool {
    let name = function.def.name.to_ascii_lowercase();
    ["register", "signup", "sign_up", "registration", "create_account", "join"].iter().any(|w| name.contains(w))
        || function.class.is_some_and(|c| {
            let class = c.name.to_ascii_lowercase();
            class.contains("register") || class.contains("signup") || class.contains("registration")
        })
        || support::called_names(&function.def.body, &file.imports).iter().any(|n| n.ends_with("create_user"))
}

fn check_login_rate_limit(checker: &Checker, out: &mut Vec<Finding>) {
    if project_protected(checker) {
        return;
    }
    for file in checker.application_files() {
        for function in support::functions(file) {
            if function.debug_only || !support::is_view(function.def) {
                continue;
            }
            // With a password: token and remote-user sign-ins cannot be guessed this way.
            let calls_authenticate = support::calls_of(function).iter().any(|c| {
                file.imports.is(&c.func, &["django.contrib.auth.authenticate"]) && crate::analysis::visit::keyword(c, "password").is_some()
            });
            if !calls_authenticate || view_protected(file, &function) || is_registration(file, &function) {
                continue;
            }
            let message = format!(
                "`{}` checks passwords with `authenticate()` and nothing limits the attempts (no django-axes, ratelimit, throttling or lockout); passwords can be guessed at full speed",
                function.def.name
            );
            out.push(finding_at(&LOGIN_WITHOUT_RATE_LIMIT, file, &function.def.name, message).with_fix(Fix::manual(
                "Limit attempts per IP and per account: django-axes, a django-ratelimit decorator, or a cache-based lockout",
                Some("@ratelimit(key=\"ip\", rate=\"5/m\", method=\"POST\", block=True)"),
            )));
        }
    }
}
