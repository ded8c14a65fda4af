//! ALLOWED_HOSTS: SEC003 empty (security.W020) and SEC004 a wildcard.


use super::support::View;
use crate::checker::Checker;
use crate::finding::{Applicability, Category, Finding, Fix, Severity};
use crate::fixes::settings::allowed_hosts_from_env;
use crate::rule::Rule;

const FIX_SNIPPET: &str = "ALLOWED_HOSTS = env.list(\"ALLOWED_HOSTS\")  # e.g. ALLOWED_HOSTS=example.com,www.example.com";

pub static ALLOWED_HOSTS_EMPTY: Rule = Rule {
    code: "SEC003",
    effort_minutes: 15,
    name: "allowed-hosts-empty",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &["security.W020"],
    cwe: None,
    summary: "ALLOWED_HOSTS is empty in production",
    doc: r#"## What it does
Reports an empty `ALLOWED_HOSTS` under the production profile (Django's `security.W020`).

## Why is this bad?
With `DEBUG = False` Django answers every request with 400 Bad Request until the site's host
names are listed: the deployment is down. Teams under pressure then "fix" it with `['*']`.

## Example
```python
ALLOWED_HOSTS = []
```

Use instead:
```python
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
```

## References
- [Django: ALLOWED_HOSTS](https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts)
"#,
    check: check_empty,
};

fn check_empty(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    view.report(out, &ALLOWED_HOSTS_EMPTY, "security.W020", view.truthy("ALLOWED_HOSTS").not(), || {
        view.finding_at(&ALLOWED_HOSTS_EMPTY, "ALLOWED_HOSTS", format!("ALLOWED_HOSTS is empty: {}", view.provenance("ALLOWED_HOSTS")))
            .with_fix(Fix::manual("List the production host names, read from the environment", Some(FIX_SNIPPET)))
    });
}

pub static ALLOWED_HOSTS_WILDCARD: Rule = Rule {
    code: "SEC004",
    effort_minutes: 15,
    name: "allowed-hosts-wildcard",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(20),
    summary: "ALLOWED_HOSTS accepts any host ('*')",
    doc: r#"## What it does
Reports `'*'` (or a bare `'.'`-less wildcard) in the production `ALLOWED_HOSTS`.

## Why is this bad?
Host-header validation is Django's defence against host-header injection: with `'*'`, password
reset e-mails and absolute URLs can be made to point at an attacker's domain, and cache poisoning
becomes possible. Django's check does not flag it because the list is not empty.

## Example
```python
ALLOWED_HOSTS = ["*"]
```

Use instead:
```python
ALLOWED_HOSTS = ["example.com", "www.example.com"]
```

## References
- [Django: Host header validation](https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation)
- [CWE-20: Improper Input Validation](https://cwe.mitre.org/data/definitions/20.html)
"#,
    check: check_wildcard,
};

fn check_wildcard(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let hosts = view.value("ALLOWED_HOSTS");
    let Some(items) = hosts.items() else { return };
    if items.iter().any(|h| h.as_str() == Some("*")) {
        let message = format!("ALLOWED_HOSTS accepts any Host header: {}", view.provenance("ALLOWED_HOSTS"));
        out.push(
            view.finding_at(&ALLOWED_HOSTS_WILDCARD, "ALLOWED_HOSTS", message)
                // Unsafe: production must now set ALLOWED_HOSTS, or start-up fails.
                .with_fix(Fix::manual("List the production host names instead of '*'", Some(FIX_SNIPPET)).with_edits(Applicability::Unsafe, allowed_hosts_from_env(checker.project))),
        );
    }
}
