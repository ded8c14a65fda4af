//! Open redirects (SEC034): redirecting to a URL taken from the request
//! without `url_has_allowed_host_and_scheme` lets anyone craft a link on your
//! domain that lands on theirs.

use ruff_python_ast::Expr;

use super::support::{self, finding_at};
use crate::analysis::visit::argument;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static OPEN_REDIRECT: Rule = Rule {
    code: "SEC034",
    effort_minutes: 15,
    name: "open-redirect",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(601),
    summary: "A redirect goes to a URL taken from the request without checking its host",
    doc: r#"## What it does
Reports `redirect(url)`, `HttpResponseRedirect(url)` and `HttpResponsePermanentRedirect(url)`
where `url` comes from `request.GET`, `request.POST`, headers or cookies (directly or through a
local variable of the same view), when the view never calls `url_has_allowed_host_and_scheme`
(or the older `is_safe_url`, or a helper of its own whose name says it checks: `*safe*`,
`*allow*`, `*valid*`, `*check*`). Redirects to a path with a constant leading `/` are not reported.

## Why is this bad?
`https://yoursite.example/login/?next=https://evil.example` sends users who trust your domain to
a phishing copy of it, after they signed in. Django's own `LoginView` checks `next` for this.

## Example
```python
return redirect(request.GET.get("next", "/"))
```

Use instead:
```python
next_url = request.GET.get("next", "/")
if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
    next_url = "/"
return redirect(next_url)
```

## References
- [Django: url_has_allowed_host_and_scheme](https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.http.url_has_allowed_host_and_scheme)
- [CWE-601: Open Redirect](https://cwe.mitre.org/data/definitions/601.html)
"#,
    check: check_open_redirect,
};

const REDIRECTS: &[&str] = &[
    "django.shortcuts.redirect",
    "django.http.HttpResponseRedirect",
    "django.http.HttpResponsePermanentRedirect",
    "django.http.response.HttpResponseRedirect",
    "django.http.response.HttpResponsePermanentRedirect",
];

fn checks_host(names: &[String]) -> bool {
    names.iter().any(|n| {
        let last = n.rsplit('.').next().unwrap_or(n);
        let lower = last.to_ascii_lowercase();
        matches!(last, "url_has_allowed_host_and_scheme" | "is_safe_url")
            || ["safe", "allow", "valid", "check"].iter().any(|w| lower.contains(w))
    })
}

/// `f"/items/{x}"`, `"/items/" + x`: a path on this site whatever `x` is.
fn starts_with_local_path(expr: &Expr) -> bool {
    let text = support::literal_text(expr);
    text.starts_with('/') && !text.starts_with("//") && !text.starts_with("/\\") && text.len() > 1
}

fn check_open_redirect(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        for function in support::functions(file) {
            if function.debug_only {
                continue;
            }
            let calls = support::calls_of(function);
            if !calls.iter().any(|call| file.imports.is(&call.func, REDIRECTS)) {
                continue;
            }
            let tainted = support::tainted_of(function);
            if tainted.is_empty() && !calls.iter().any(|c| c.arguments.args.first().is_some_and(|a| support::reads_tainted(a, &tainted))) {
                continue;
            }
            if checks_host(&support::called_names(&function.def.body, &file.imports)) {
                continue;
            }
            for &call in calls {
                if !file.imports.is(&call.func, REDIRECTS) {
                    continue;
                }
                let Some(target) = argument(call, 0, "to").or_else(|| argument(call, 0, "redirect_to")) else { continue };
                if starts_with_local_path(target) || !support::reads_tainted(target, &tainted) {
                    continue;
                }
                let shown = file.module.slice(ruff_text_size::Ranged::range(target));
                let message = format!(
                    "`{}` redirects to `{shown}`, which the client chooses, without `url_has_allowed_host_and_scheme`; a link on your domain can send users to any site",
                    function.def.name
                );
                out.push(finding_at(&OPEN_REDIRECT, file, call, message).with_fix(Fix::manual(
                    "Check the URL's host before redirecting, with a safe fallback",
                    Some("if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):\n    url = \"/\""),
                )));
            }
        }
    }
}
