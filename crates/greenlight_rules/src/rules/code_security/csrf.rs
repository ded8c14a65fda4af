//! `@csrf_exempt` (SEC030): switches off Django's CSRF protection for a view.
//! Severity follows what the view does: changing state is high, read-only
//! medium; a view that verifies a provider signature is a signed webhook, the
//! one legitimate use, and is not reported.

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::support::{self, finding_at};
use super::webhooks::{is_webhook, verifies_signature};
use crate::analysis::visit::Node;
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static CSRF_EXEMPT_VIEW: Rule = Rule {
    code: "SEC030",
    effort_minutes: 30,
    name: "csrf-exempt-view",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(352),
    summary: "A view is exempted from CSRF protection",
    doc: r#"## What it does
Reports `@csrf_exempt` on a view function, `@method_decorator(csrf_exempt, ...)` on a
class-based view, and `csrf_exempt(view)` in a URLconf, when the view acts as the signed-in
user: it reads `request.user`, `request.session` or cookies, signs users in or out, or requires
a login (decorator or mixin). Views that never touch the session (public endpoints, APIs
authenticated by a header token) gain nothing from CSRF protection and are not reported.
Severity is high when the view changes state (it compares `request.method` with POST/PUT/PATCH/DELETE, reads `request.POST`,
`request.body` or `request.FILES`, is decorated with `require_POST`, or is a class with a
`post`/`put`/`patch`/`delete` method), medium otherwise.
A view that verifies a signature (`stripe.Webhook.construct_event`, `hmac.compare_digest`, a
`verify_*signature*` helper) is a signed webhook, the legitimate use of the exemption, and is
not reported; a webhook without that check is reported here (high: nothing authenticates its
callers) and by SEC039.

## Why is this bad?
Without the CSRF check, any web page a signed-in user visits can make their browser submit
the view's form: change their email, book, pay, delete. The exemption is only safe for
endpoints that authenticate each request some other way (a provider signature, an API token
in a header).

## Example
```python
@csrf_exempt
def update_profile(request):
    if request.method == "POST":
        ...
```

Use instead:
```python
def update_profile(request):  # the form template includes {% csrf_token %}
    if request.method == "POST":
        ...
```

## References
- [Django: Cross Site Request Forgery protection](https://docs.djangoproject.com/en/stable/ref/csrf/)
- [CWE-352: Cross-Site Request Forgery](https://cwe.mitre.org/data/definitions/352.html)
"#,
    check: check_csrf_exempt,
};

const UNSAFE_METHODS: &[&str] = &["POST", "PUT", "PATCH", "DELETE"];

fn is_csrf_exempt_name(file: &PyFile, expr: &Expr) -> bool {
    file.imports.is(expr, &["django.views.decorators.csrf.csrf_exempt"])
}

/// The decorator that exempts, if any (`@csrf_exempt`, `@method_decorator(csrf_exempt, ...)`).
fn exempting_decorator<'a>(file: &PyFile, decorators: &'a [ast::Decorator]) -> Option<&'a ast::Decorator> {
    decorators.iter().find(|d| match &d.expression {
        Expr::Call(c) => is_csrf_exempt_name(file, &c.func) || c.arguments.args.iter().any(|a| is_csrf_exempt_name(file, a)),
        other => is_csrf_exempt_name(file, other),
    })
}

/// Whether a function body changes state.
fn body_changes_state(file: &PyFile, def: &ast::StmtFunctionDef) -> bool {
    let decorators = support::decorator_names(&def.decorator_list, &file.imports);
    if decorators.iter().any(|d| d.ends_with("require_POST") || d.ends_with("require_http_methods")) {
        return true;
    }
    support::body_exprs(&def.body).into_iter().any(|e| match e {
        Expr::Attribute(a) => matches!(a.attr.as_str(), "POST" | "body" | "FILES" | "data") && support::is_request_data(e),
        Expr::Compare(c) => {
            let mentions_method = std::iter::once(c.left.as_ref()).chain(c.comparators.iter()).any(|x| matches!(x, Expr::Attribute(a) if a.attr.as_str() == "method"));
            mentions_method && support::sub_exprs(e).into_iter().any(|s| matches!(s, Expr::StringLiteral(l) if UNSAFE_METHODS.contains(&l.value.to_str())))
        }
        _ => false,
    })
}

/// Whether the view acts as the signed-in user (the cookies CSRF abuses):
/// reads `request.user`/`request.session`, signs in or out, or is decorated or
/// mixed in with a login requirement. Views that authenticate by a header
/// token or are public gain nothing from CSRF protection.
fn uses_ambient_credentials(file: &PyFile, def: &ast::StmtFunctionDef) -> bool {
    let decorators = support::decorator_names(&def.decorator_list, &file.imports);
    decorators.iter().any(|d| ["login_required", "permission_required", "user_passes_test", "staff_member_required", "superuser_required"].iter().any(|w| d.ends_with(w)))
        || support::body_exprs(&def.body).into_iter().any(|e| match e {
            Expr::Attribute(a) => {
                matches!(a.attr.as_str(), "user" | "session" | "COOKIES")
                    && matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "request")
                    || matches!(a.attr.as_str(), "user" | "session") && matches!(a.value.as_ref(), Expr::Attribute(r) if r.attr.as_str() == "request")
            }
            Expr::Call(c) => file.imports.is(&c.func, &["django.contrib.auth.login", "django.contrib.auth.logout"]),
            _ => false,
        })
}

fn class_uses_ambient_credentials(file: &PyFile, class: &ast::StmtClassDef) -> bool {
    class.bases().iter().any(|b| file.imports.qualified(b).is_some_and(|q| q.contains("LoginRequired") || q.contains("PermissionRequired") || q.contains("UserPassesTest")))
        || class.body.iter().filter_map(Stmt::as_function_def_stmt).any(|m| uses_ambient_credentials(file, m))
}

fn class_changes_state(file: &PyFile, class: &ast::StmtClassDef) -> bool {
    class.body.iter().filter_map(Stmt::as_function_def_stmt).any(|m| {
        matches!(m.name.as_str(), "post" | "put" | "patch" | "delete") || body_changes_state(file, m)
    })
}

/// The project function a URLconf names (`views.update_email`), when exactly
/// one module-level function of application code has that name.
fn resolve_view<'c, 'p>(checker: &'c Checker<'p>, view: &Expr) -> Option<(&'c PyFile<'p>, &'c ast::StmtFunctionDef)> {
    let name = match view {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return None,
    };
    let mut found = checker.application_files().flat_map(|f| {
        f.module.ast().body.iter().filter_map(Stmt::as_function_def_stmt).filter(|d| d.name.as_str() == name).map(move |d| (f, d))
    });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

fn check_csrf_exempt(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        file.for_each_node(&mut |node, scope| {
            if scope.debug_only {
                return;
            }
            match node {
                Node::Stmt(Stmt::FunctionDef(def)) => {
                    let Some(decorator) = exempting_decorator(file, &def.decorator_list) else { return };
                    if verifies_signature(file, def, scope.class) {
                        return;
                    }
                    let what = format!("view `{}`", def.name);
                    let function = support::Function::new(def, scope.class, false);
                    if is_webhook(file, &function) {
                        out.push(report(file, decorator, &what, Severity::High, WEBHOOK));
                    } else if uses_ambient_credentials(file, def) {
                        let (severity, effect) = if body_changes_state(file, def) { (Severity::High, STATE) } else { (Severity::Medium, "") };
                        out.push(report(file, decorator, &what, severity, effect));
                    }
                }
                Node::Stmt(Stmt::ClassDef(class)) => {
                    let Some(decorator) = exempting_decorator(file, &class.decorator_list) else { return };
                    let signed = class.body.iter().filter_map(Stmt::as_function_def_stmt).any(|m| verifies_signature(file, m, Some(class)));
                    if signed {
                        return;
                    }
                    if !class_uses_ambient_credentials(file, class) {
                        return;
                    }
                    let (severity, effect) = if class_changes_state(file, class) { (Severity::High, STATE) } else { (Severity::Medium, "") };
                    out.push(report(file, decorator, &format!("view class `{}`", class.name), severity, effect));
                }
                Node::Call(call) if is_csrf_exempt_name(file, &call.func) && scope.function.is_none() => {
                    let Some(view) = call.arguments.args.first() else { return };
                    let shown = format!("`{}`", file.module.slice(ruff_text_size::Ranged::range(view)));
                    match resolve_view(checker, view) {
                        // Not a function of the project (a class's as_view(), a library view): judged by the exemption alone.
                        None => out.push(report(file, call, &shown, Severity::Medium, "")),
                        Some((view_file, def)) => {
                            if verifies_signature(view_file, def, None) {
                                return;
                            }
                            let function = support::Function::new(def, None, false);
                            if is_webhook(view_file, &function) {
                                out.push(report(file, call, &shown, Severity::High, WEBHOOK));
                            } else if uses_ambient_credentials(view_file, def) {
                                let (severity, effect) = if body_changes_state(view_file, def) { (Severity::High, STATE) } else { (Severity::Medium, "") };
                                out.push(report(file, call, &shown, severity, effect));
                            }
                        }
                    }
                }
                _ => {}
            }
        });
    }
}

const STATE: &str = " and it changes state as the signed-in user";
const WEBHOOK: &str = " and verifies no signature";

fn report(file: &PyFile, at: &impl ruff_text_size::Ranged, what: &str, severity: Severity, effect: &str) -> Finding {
    let consequence = if effect == WEBHOOK { "nothing authenticates its callers" } else { "any site a signed-in user visits can submit to it" };
    let message = format!("{what} is exempt from CSRF protection{effect}; {consequence}");
    finding_at(&CSRF_EXEMPT_VIEW, file, at, message).with_severity(severity).with_fix(Fix::manual(
        "Remove the exemption and send the CSRF token; for a provider callback, verify its signature instead",
        Some("{% csrf_token %}  # in the form; or X-CSRFToken header from JavaScript"),
    ))
}
