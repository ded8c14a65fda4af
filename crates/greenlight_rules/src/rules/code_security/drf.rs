//! Django REST framework defaults (SEC046, SEC047) and views opened to anyone
//! (SEC048). DRF's own defaults are `AllowAny` and no throttling: an API is
//! public and unlimited unless the settings say otherwise.

use greenlight_core::settings::Value;
use greenlight_core::Span;
use ruff_python_ast::{Expr, Stmt};

use super::support::{self, finding_at};
use crate::analysis::visit::Node;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use crate::rules::settings::support::{Truth, View};

pub static DRF_PERMISSIVE_DEFAULT: Rule = Rule {
    code: "SEC046",
    effort_minutes: 30,
    name: "drf-default-permission-allow-any",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(862),
    summary: "REST framework's default permission lets anyone call every API view",
    doc: r#"## What it does
Reports, when `rest_framework` is in `INSTALLED_APPS` and the project's code imports it, a
`REST_FRAMEWORK` setting that is missing, has no `DEFAULT_PERMISSION_CLASSES`, or lists `AllowAny` there.

## Why is this bad?
DRF's default permission is `AllowAny`. Every view that forgets its own `permission_classes`
is then open to anonymous callers: reads, and writes too for viewsets. A deny-by-default setting
makes forgetting safe; public views opt out explicitly.

## Example
```python
REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": [...]}
```

Use instead:
```python
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [...],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
```

## References
- [DRF: Setting the permission policy](https://www.django-rest-framework.org/api-guide/permissions/#setting-the-permission-policy)
- [CWE-862: Missing Authorization](https://cwe.mitre.org/data/definitions/862.html)
"#,
    check: check_drf_permissions,
};

pub static DRF_NO_THROTTLE: Rule = Rule {
    code: "SEC047",
    effort_minutes: 20,
    name: "drf-no-throttle-rates",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(770),
    summary: "REST framework has no throttle rates: the API is not rate limited",
    doc: r#"## What it does
Reports, when `rest_framework` is in `INSTALLED_APPS` and the project's code imports it, a
`REST_FRAMEWORK` setting (or its absence) without `DEFAULT_THROTTLE_RATES`, when no application code defines throttling either
(`throttle_classes`, a `Throttle` class with its own `rate`).

## Why is this bad?
Without throttling, one client can scrape every object, enumerate accounts, brute-force tokens
or exhaust the database with expensive list calls. DRF ships anonymous and per-user throttles
that only need rates.

## Example
```python
REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]}
```

Use instead:
```python
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle", "rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": "100/hour", "user": "1000/hour"},
}
```

## References
- [DRF: Throttling](https://www.django-rest-framework.org/api-guide/throttling/)
- [CWE-770](https://cwe.mitre.org/data/definitions/770.html)
"#,
    check: check_drf_throttle,
};

pub static VIEW_ALLOW_ANY: Rule = Rule {
    code: "SEC048",
    effort_minutes: 15,
    name: "api-view-allow-any",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(862),
    summary: "An API view sets `permission_classes = [AllowAny]`",
    doc: r#"## What it does
Reports `permission_classes = [AllowAny]` on a class and `@permission_classes([AllowAny])` on a
function view, unless the view's name says it is meant to be public: login, logout,
registration/sign-up, password reset, token, health/status/ping, webhooks, public, verify.

## Why is this bad?
`AllowAny` opens the view to anonymous callers whatever the project default is. On a viewset
that includes create, update and delete. It is right for a handful of endpoints and a mistake
(often left from development) everywhere else.

## Example
```python
class InvoiceViewSet(viewsets.ModelViewSet):
    permission_classes = [AllowAny]
```

Use instead:
```python
class InvoiceViewSet(viewsets.ModelViewSet):
    permission_classes = [IsAuthenticated]
```

## References
- [DRF: Permissions](https://www.django-rest-framework.org/api-guide/permissions/)
- [CWE-862: Missing Authorization](https://cwe.mitre.org/data/definitions/862.html)
"#,
    check: check_allow_any_views,
};

const ALLOW_ANY: &str = "rest_framework.permissions.AllowAny";

/// `REST_FRAMEWORK` when DRF is installed: `Some(None)` when unset.
fn drf_settings<'p>(checker: &Checker<'p>) -> Option<(View<'p>, Option<Value>)> {
    let view = View::of(checker);
    if view.contains("INSTALLED_APPS", "rest_framework") != Truth::Yes {
        return None;
    }
    // Installed only for a dependency (Wagtail's read-only API): no API of the project's own.
    if !checker.application_files().any(|f| f.imports.imports_from("rest_framework")) {
        return None;
    }
    let rest = support::rest_framework(&view);
    if rest.as_ref().is_some_and(|r| !r.is_known() || !matches!(r, Value::Dict(_))) {
        return None;
    }
    Some((view, rest))
}

fn location(view: &View) -> (String, Span) {
    if view.settings.is_set("REST_FRAMEWORK") { view.location("REST_FRAMEWORK") } else { view.location("INSTALLED_APPS") }
}

fn check_drf_permissions(checker: &Checker, out: &mut Vec<Finding>) {
    let Some((view, rest)) = drf_settings(checker) else { return };
    let permissions = rest.as_ref().and_then(|r| r.get_str("DEFAULT_PERMISSION_CLASSES"));
    let message = match permissions {
        None if rest.is_none() => "REST framework is installed but `REST_FRAMEWORK` is not set, so every API view defaults to `AllowAny`".to_owned(),
        None => "`REST_FRAMEWORK` has no `DEFAULT_PERMISSION_CLASSES`, so every API view without its own permission_classes is open to anyone (`AllowAny`)".to_owned(),
        Some(p) if !p.is_known() => return,
        Some(p) if p.items().is_some_and(|items| items.iter().any(|i| i.as_str() == Some(ALLOW_ANY))) => {
            "`DEFAULT_PERMISSION_CLASSES` is `AllowAny`: every API view without its own permission_classes is open to anyone".to_owned()
        }
        Some(_) => return,
    };
    let (path, span) = location(&view);
    out.push(DRF_PERMISSIVE_DEFAULT.finding(&path, span, message).with_fix(Fix::manual(
        "Deny by default; let public views opt out",
        Some("\"DEFAULT_PERMISSION_CLASSES\": [\"rest_framework.permissions.IsAuthenticated\"],"),
    )));
}

fn check_drf_throttle(checker: &Checker, out: &mut Vec<Finding>) {
    let Some((view, rest)) = drf_settings(checker) else { return };
    if rest.as_ref().is_some_and(|r| r.get_str("DEFAULT_THROTTLE_RATES").is_some()) {
        return;
    }
    let code_throttles = checker.application_files().any(|f| f.module.text.contains("throttle_classes") || f.module.text.contains("Throttle"));
    if code_throttles {
        return;
    }
    let (path, span) = location(&view);
    let message = "REST framework has no `DEFAULT_THROTTLE_RATES` and the code defines no throttles: API clients are not rate limited".to_owned();
    out.push(DRF_NO_THROTTLE.finding(&path, span, message).with_fix(Fix::manual(
        "Add default throttles with rates",
        Some("\"DEFAULT_THROTTLE_CLASSES\": [\"rest_framework.throttling.AnonRateThrottle\", \"rest_framework.throttling.UserRateThrottle\"],\n\"DEFAULT_THROTTLE_RATES\": {\"anon\": \"100/hour\", \"user\": \"1000/hour\"},"),
    )));
}

const PUBLIC_WORDS: &[&str] = &["login", "logout", "signin", "signup", "sign", "register", "registration", "password", "reset", "token", "health", "status", "ping", "webhook", "public", "verify", "verification", "activate", "activation", "obtain", "refresh", "auth", "callback", "oauth", "sso", "saml", "schema", "docs", "version", "captcha", "forgot", "confirm", "invitation", "unsubscribe", "contact", "openapi", "swagger", "redoc", "metrics", "ready", "live"];

fn public_by_name(name: &str) -> bool {
    let words = support::words(name);
    words.iter().any(|w| PUBLIC_WORDS.contains(&w.as_str()))
        || ["login", "logout", "signup", "webhook", "healthcheck", "signin"].iter().any(|w| name.to_ascii_lowercase().contains(w))
}

fn lists_allow_any(file: &crate::analysis::PyFile, expr: &Expr) -> bool {
    let items: Vec<&Expr> = match expr {
        Expr::List(l) => l.elts.iter().collect(),
        Expr::Tuple(t) => t.elts.iter().collect(),
        _ => return false,
    };
    items.len() == 1 && file.imports.is(items[0], &[ALLOW_ANY])
}

fn check_allow_any_views(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        if !file.imports.imports_from("rest_framework") {
            continue;
        }
        file.for_each_node(&mut |node, scope| {
            let (name, at): (&str, &dyn ruff_text_size::Ranged) = match node {
                Node::Stmt(Stmt::Assign(a)) if scope.function.is_none() && scope.class.is_some() => {
                    let targets_permissions = a.targets.iter().any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "permission_classes"));
                    if !targets_permissions || !lists_allow_any(file, &a.value) {
                        return;
                    }
                    (scope.class.map(|c| c.name.as_str()).unwrap_or(""), a)
                }
                Node::Stmt(Stmt::FunctionDef(def)) => {
                    let Some(decorator) = def.decorator_list.iter().find(|d| {
                        matches!(&d.expression, Expr::Call(c) if support::callee_name(c) == Some("permission_classes") && c.arguments.args.first().is_some_and(|a| lists_allow_any(file, a)))
                    }) else { return };
                    (def.name.as_str(), decorator)
                }
                _ => return,
            };
            if public_by_name(name) {
                return;
            }
            let message = format!("`{name}` sets `permission_classes` to `AllowAny`: anyone, signed in or not, can call it");
            out.push(finding_at(&VIEW_ALLOW_ANY, file, &at.range(), message).with_fix(Fix::manual(
                "Require authentication (and object permissions) unless the endpoint is meant to be public",
                Some("permission_classes = [IsAuthenticated]"),
            )));
        });
    }
}
