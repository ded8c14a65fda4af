//! The admin at the well-known `admin/` path (SEC052) in the root URLconf.

use ruff_python_ast::Expr;

use super::support::finding_at;
use crate::analysis::visit::{string_value, Node};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use crate::rules::settings::support::View;

pub static ADMIN_DEFAULT_URL: Rule = Rule {
    code: "SEC052",
    effort_minutes: 10,
    name: "admin-at-default-url",
    category: Category::Security,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "The Django admin is mounted at the default `admin/` path",
    doc: r#"## What it does
Reports `path("admin/", admin.site.urls)` (and `re_path`/`url` with `^admin/`) in the root
URLconf (`ROOT_URLCONF`).

## Why is this bad?
`/admin/` is the first URL every scanner and credential-stuffing bot tries on a Django site.
Moving the admin does not make it secure, but it takes it out of automated attacks and log
noise, and it is free. Pair it with rate limiting and two-factor authentication for staff.

## Example
```python
path("admin/", admin.site.urls),
```

Use instead:
```python
path(settings.ADMIN_URL, admin.site.urls),  # e.g. "office-7d2f/" from the environment
```

## References
- [Django deployment checklist](https://docs.djangoproject.com/en/stable/howto/deployment/checklist/)
- [django-admin-honeypot](https://github.com/dmpayton/django-admin-honeypot)
"#,
    check: check_admin_url,
};

fn root_urlconf_paths(checker: &Checker) -> Vec<String> {
    let view = View::of(checker);
    match view.value("ROOT_URLCONF").as_str() {
        Some(module) => {
            let rel = module.replace('.', "/");
            vec![format!("{rel}.py"), format!("{rel}/__init__.py")]
        }
        None => Vec::new(),
    }
}

fn is_admin_urls(expr: &Expr) -> bool {
    matches!(expr, Expr::Attribute(a) if a.attr.as_str() == "urls" && matches!(a.value.as_ref(), Expr::Attribute(s) if s.attr.as_str() == "site"))
}

fn check_admin_url(checker: &Checker, out: &mut Vec<Finding>) {
    let roots = root_urlconf_paths(checker);
    for file in checker.python_files() {
        let is_root = roots.iter().any(|r| file.path() == r || file.path().ends_with(&format!("/{r}")));
        if !is_root {
            continue;
        }
        file.for_each_node(&mut |node, scope| {
            let Node::Call(call) = node else { return };
            if scope.debug_only || call.arguments.args.len() < 2 || !is_admin_urls(&call.arguments.args[1]) {
                return;
            }
            let Some(route) = string_value(&call.arguments.args[0]) else { return };
            if !matches!(route, "admin/" | "^admin/" | "admin" | "^admin") {
                return;
            }
            let message = format!("the admin is at the default `{route}` path, the first URL bots try; mount it at a path of your own");
            out.push(finding_at(&ADMIN_DEFAULT_URL, file, call, message).with_fix(Fix::manual(
                "Read the admin path from settings/the environment",
                Some("path(settings.ADMIN_URL, admin.site.urls),"),
            )));
        });
    }
}
