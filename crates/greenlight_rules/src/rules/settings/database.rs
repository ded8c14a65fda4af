//! The database in production: CFG002 password committed, CFG003 SQLite,
//! PERF002 no persistent connections.

use greenlight_core::settings::mask::{is_sensitive, mask_str};
use greenlight_core::settings::Value;

use super::support::View;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use greenlight_core::Span;

/// The production database aliases and their settings dicts.
fn databases(view: &View) -> Vec<(String, Value)> {
    match view.value("DATABASES") {
        Value::Dict(items) => items.into_iter().filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v))).collect(),
        _ => Vec::new(),
    }
}

pub static DATABASE_PASSWORD_COMMITTED: Rule = Rule {
    code: "CFG002",
    effort_minutes: 20,
    name: "database-password-committed",
    category: Category::Configuration,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(798),
    summary: "The database password is written in the settings, or defaults to a committed value",
    doc: r#"## What it does
Reports a `DATABASES` password that is a string literal in the settings, or that falls back to a
non-empty default when its environment variable is unset.

## Why is this bad?
A committed password is known to everyone with access to the repository, and a default such as
`'postgres'` is the first one an attacker tries. If the variable is ever missing, production
silently connects with the committed value — or a compromised database accepts it.

## Example
```python
"PASSWORD": config("DB_PASSWORD", default="postgres"),
```

Use instead:
```python
"PASSWORD": config("DB_PASSWORD"),  # required: start-up fails when unset
```

## References
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
"#,
    check: check_password,
};

fn check_password(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let fix = || Fix::manual("Read the password from the environment with no default", Some("\"PASSWORD\": os.environ[\"DB_PASSWORD\"],"));
    // Password-like variables the DATABASES statement read.
    let reads: Vec<_> = view.settings.env_vars.iter().filter(|u| u.setting.as_deref() == Some("DATABASES") && is_sensitive(&u.name)).collect();
    for (alias, db) in databases(&view) {
        let Some(Value::Str(password)) = db.get_str("PASSWORD") else { continue };
        if password.is_empty() || reads.iter().any(|u| u.profile_value.as_deref() == Some(password.as_str())) {
            continue;
        }
        let defaulted = reads.iter().find(|u| !u.in_profile && u.default.as_ref().and_then(Value::as_str) == Some(password.as_str()));
        let finding = match defaulted {
            Some(used) => {
                let message = format!(
                    "the database password falls back to the committed default '{}' when {} is unset ({}:{})",
                    mask_str(password), used.name, used.path, used.line
                );
                DATABASE_PASSWORD_COMMITTED.finding(&used.path, Span::line(used.line), message)
            }
            None => {
                let (path, span) = view.location("DATABASES");
                let message = format!("DATABASES['{alias}']['PASSWORD'] is a literal in the settings ('{}'; DATABASES set in {path}:{})", mask_str(password), span.start.line);
                DATABASE_PASSWORD_COMMITTED.finding(&path, span, message)
            }
        };
        out.push(finding.with_fix(fix()));
    }
}

pub static SQLITE_IN_PRODUCTION: Rule = Rule {
    code: "CFG003",
    effort_minutes: 120,
    name: "sqlite-in-production",
    category: Category::Configuration,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "The production database is SQLite",
    doc: r#"## What it does
Reports a production `DATABASES['default']` whose engine is `django.db.backends.sqlite3`.

## Why is this bad?
SQLite takes one writer at a time, lives on the application server's disk (lost with the
container, not shared between servers) and has no network access control or managed backups.
Fine for a prototype; a launch risk for a multi-user site.

## Example
```python
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
```

Use instead:
```python
DATABASES = {"default": env.db("DATABASE_URL")}  # PostgreSQL
```

## References
- [Django: Databases](https://docs.djangoproject.com/en/stable/ref/databases/)
"#,
    check: check_sqlite,
};

fn check_sqlite(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    for (alias, db) in databases(&view) {
        if alias != "default" {
            continue;
        }
        if let Some(Value::Str(engine)) = db.get_str("ENGINE") {
            if engine.contains("sqlite3") || engine.contains("spatialite") {
                let (path, span) = view.location("DATABASES");
                let message = format!("the production database is SQLite (ENGINE '{engine}', DATABASES set in {path}:{})", span.start.line);
                out.push(
                    view.finding_at(&SQLITE_IN_PRODUCTION, "DATABASES", message)
                        .with_fix(Fix::manual("Use PostgreSQL (or MySQL) in production", Some("DATABASES = {\"default\": env.db(\"DATABASE_URL\")}"))),
                );
            }
        }
    }
}

pub static CONN_MAX_AGE_UNSET: Rule = Rule {
    code: "PERF002",
    effort_minutes: 10,
    name: "conn-max-age-unset",
    category: Category::Performance,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "Database connections are not reused (CONN_MAX_AGE is 0)",
    doc: r#"## What it does
Reports a production database (other than SQLite) without `CONN_MAX_AGE`, so Django opens a new
connection for every request.

## Why is this bad?
Opening a PostgreSQL connection (TCP, TLS, authentication) costs several milliseconds per request
and loads the database server; persistent connections remove that cost.

## Example
```python
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app"}}
```

Use instead:
```python
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "app",
                         "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}}
```

## References
- [Django: Persistent connections](https://docs.djangoproject.com/en/stable/ref/databases/#persistent-connections)
"#,
    check: check_conn_max_age,
};

fn check_conn_max_age(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    for (alias, db) in databases(&view) {
        let Value::Dict(_) = db else { continue };
        let engine = db.get_str("ENGINE").and_then(Value::as_str).unwrap_or("");
        if engine.is_empty() || engine.contains("sqlite") || engine.contains("dummy") {
            continue;
        }
        match db.get_str("CONN_MAX_AGE") {
            None | Some(Value::Int(0)) => {
                let message = format!("DATABASES['{alias}'] opens a new connection per request: CONN_MAX_AGE is not set");
                out.push(
                    view.finding_at(&CONN_MAX_AGE_UNSET, "DATABASES", message)
                        .with_fix(Fix::manual("Reuse connections", Some("\"CONN_MAX_AGE\": 60,\n\"CONN_HEALTH_CHECKS\": True,"))),
                );
            }
            _ => {}
        }
    }
}
