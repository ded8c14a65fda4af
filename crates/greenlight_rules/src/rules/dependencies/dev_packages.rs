//! DEP006: development-only packages in the production requirements.

use super::support::{at_requirement, manifests, written};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

/// (package, what it does in production)
const DEVELOPMENT_PACKAGES: &[(&str, &str)] = &[
    ("django-debug-toolbar", "its panels expose SQL, settings and request data to whoever it is shown to, and it slows every request it instruments"),
];

pub static DEVELOPMENT_PACKAGE_IN_PRODUCTION: Rule = Rule {
    code: "DEP006",
    effort_minutes: 15,
    name: "development-package-in-production",
    category: Category::Dependencies,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(489),
    summary: "A development-only package (django-debug-toolbar) is in the production requirements",
    doc: r#"## What it does
Reports django-debug-toolbar declared in a production manifest: a requirements file whose name
does not mark it as dev/test/local/ci, `[project] dependencies`, `[tool.poetry.dependencies]`
or a Pipfile's `[packages]`.

## Why is this bad?
Installed in production, one settings mistake (`DEBUG` on, a permissive `SHOW_TOOLBAR_CALLBACK`,
an `INTERNAL_IPS` that matches the proxy) shows every visitor the SQL, settings, headers and
templates of each request. It also adds work to each request it instruments.

## Example
```text
# requirements.txt
django-debug-toolbar==4.4.6
```

Use instead:
```text
# requirements-dev.txt
-r requirements.txt
django-debug-toolbar==4.4.6
```

## References
- [Django Debug Toolbar: Installation](https://django-debug-toolbar.readthedocs.io/en/latest/installation.html)
"#,
    check: check_development_packages,
};

fn check_development_packages(checker: &Checker, out: &mut Vec<Finding>) {
    let manifests = manifests(checker);
    for (package, why) in DEVELOPMENT_PACKAGES {
        for req in manifests.declared(package) {
            let message = format!("`{}` is a production requirement in {}: {why}", written(req), req.path);
            out.push(at_requirement(&DEVELOPMENT_PACKAGE_IN_PRODUCTION, req, message).with_fix(Fix::manual(
                "Move it to the development requirements (requirements-dev.txt, a dev dependency group)",
                Some("# requirements-dev.txt\n-r requirements.txt\ndjango-debug-toolbar==4.4.6"),
            )));
        }
    }
}
