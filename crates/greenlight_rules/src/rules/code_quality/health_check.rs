//! OBS011: no health-check endpoint. Load balancers and orchestrators need a
//! cheap URL that says "this instance can serve" to route traffic and to
//! replace broken instances.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::support::{assigned, strings};
use crate::analysis::visit::{argument, keyword, string_value, Node};
use crate::analysis::{FileRole, PyFile};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use crate::rules::settings::support::View;

const URL_FUNCTIONS: &[&str] = &["django.urls.path", "django.urls.re_path", "django.conf.urls.url", "django.urls.conf.path"];
/// Words a health route or its name is made of.
const HEALTH_WORDS: &[&str] = &[
    "health", "healthz", "healthcheck", "healthchecks", "ready", "readyz", "readiness", "liveness", "livez", "ping",
    "status", "alive", "heartbeat",
];

pub static NO_HEALTH_CHECK: Rule = Rule {
    code: "OBS011",
    effort_minutes: 30,
    name: "no-health-check-endpoint",
    category: Category::Observability,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "No health-check endpoint for load balancers and orchestrators",
    doc: r#"## What it does
Reports projects with no URL pattern whose route, name or view is about health (`health`,
`healthz`, `ready`, `readiness`, `liveness`, `ping`, `status`, `alive`, `heartbeat`), no
health-check app (`django-health-check`'s `health_check`, `django-watchman`) in
`INSTALLED_APPS`, and no health middleware. The finding points at the root URLconf
(`ROOT_URLCONF`).

## Why is this bad?
Without a health endpoint, a load balancer or orchestrator (Kubernetes, ECS, Fly, a Docker
`HEALTHCHECK`) can only tell whether the port is open. An instance that lost its database
keeps receiving traffic and is never restarted, and rolling deploys cannot wait for the new
version to be ready.

## Example
```python
urlpatterns = [
    path("admin/", admin.site.urls),
]
```

Use instead:
```python
def health(request):
    connection.ensure_connection()
    return JsonResponse({"status": "ok"})

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]
```

## References
- [django-health-check](https://django-health-check.readthedocs.io/)
- [Kubernetes: liveness, readiness and startup probes](https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/)
"#,
    check: check_health,
};

fn check_health(checker: &Checker, out: &mut Vec<Finding>) {
    let Some(urlconf) = assigned(checker, "ROOT_URLCONF").and_then(|v| v.as_str().map(str::to_owned)) else { return };
    let Some(root) = checker.python_files().iter().find(|f| checker.project.module_name(f.path()) == Some(urlconf.as_str())) else { return };
    let view = View::of(checker);
    let (apps, middleware) = (view.value("INSTALLED_APPS"), view.value("MIDDLEWARE"));
    if !apps.is_known() || !middleware.is_known() {
        return;
    }
    let app = strings(&apps).iter().any(|a| a.contains("health") || a.starts_with("watchman") || a.contains("alive"));
    let mw = strings(&middleware).iter().any(|m| m.to_lowercase().contains("health"));
    let routed = checker.python_files().iter().filter(|f| matches!(f.role, FileRole::Application | FileRole::Settings)).any(has_health_route);
    if app || mw || routed {
        return;
    }
    let line = root
        .module
        .ast()
        .body
        .iter()
        .find_map(|s| match s {
            Stmt::Assign(a) if matches!(&a.targets[..], [Expr::Name(n)] if n.id.as_str() == "urlpatterns") => Some(root.module.line(a.start())),
            _ => None,
        })
        .unwrap_or(1);
    let message = format!(
        "no health-check endpoint: no URL pattern (starting from {urlconf}) is a health, readiness or liveness route, and no health-check app is installed; load balancers cannot tell a broken instance from a working one"
    );
    out.push(NO_HEALTH_CHECK.finding(root.path(), greenlight_core::Span::line(line), message).with_fix(Fix::manual(
        "Add a cheap view that checks the database (and cache) and answers 200/503, or install django-health-check",
        Some("path(\"health/\", views.health, name=\"health\"),"),
    )));
}

/// A `path()`/`re_path()`/`url()` whose route, name or view is about health.
fn has_health_route(file: &PyFile) -> bool {
    let mut found = false;
    file.for_each_node(&mut |node, _| {
        let Node::Call(call) = node else { return };
        let q = file.callee(call).unwrap_or_default();
        if !URL_FUNCTIONS.contains(&&*q) {
            return;
        }
        let route = argument(call, 0, "route").and_then(string_value).unwrap_or("");
        let name = keyword(call, "name").and_then(string_value).unwrap_or("");
        let view = argument(call, 1, "view").map(|v| file.module.slice(v.range())).unwrap_or("");
        found |= [route, name, view].iter().any(|text| is_health(text));
    });
    found
}

fn is_health(text: &str) -> bool {
    text.to_lowercase().split(|c: char| !c.is_ascii_alphanumeric()).any(|word| HEALTH_WORDS.contains(&word))
}
