//! DEP007: the configured database engine needs a driver no manifest installs.

use greenlight_core::manifests::Manifests;
use greenlight_core::settings::Value;
use greenlight_core::FileKind;

use super::support::manifests;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use crate::rules::settings::support::View;

/// (engine substring, database, driver packages, suggested requirement)
const DRIVERS: &[(&str, &str, &[&str], &str)] = &[
    ("postgis", "PostgreSQL", &["psycopg", "psycopg2", "psycopg2-binary", "psycopg-binary", "psycopg-c", "psycopg2cffi"], "psycopg[binary]==3.2.3"),
    ("postgres", "PostgreSQL", &["psycopg", "psycopg2", "psycopg2-binary", "psycopg-binary", "psycopg-c", "psycopg2cffi"], "psycopg[binary]==3.2.3"),
    ("mysql", "MySQL", &["mysqlclient", "pymysql", "mysql-connector-python"], "mysqlclient==2.2.6"),
    ("oracle", "Oracle", &["oracledb", "cx-oracle"], "oracledb==2.5.1"),
];

pub static DATABASE_DRIVER_MISSING: Rule = Rule {
    code: "DEP007",
    effort_minutes: 10,
    name: "database-driver-missing",
    category: Category::Dependencies,
    severity: Severity::High,
    django_checks: &[],
    cwe: None,
    summary: "The production database engine's driver is in no requirement",
    doc: r#"## What it does
Reports a production `DATABASES` entry whose `ENGINE` is PostgreSQL (or PostGIS), MySQL or
Oracle when no production manifest, lock file or Dockerfile installs a driver for it (psycopg,
psycopg2, psycopg2-binary; mysqlclient, PyMySQL; oracledb). It stays quiet when what gets
installed cannot be known: no manifest, a `-r` include outside the project, a `setup.py` with
`install_requires`.

## Why is this bad?
Django imports the driver when it first connects: the deploy builds fine and every request then
fails with `ImproperlyConfigured: Error loading psycopg2 or psycopg module`. It usually works on
the developer's machine only because the driver happens to be installed there.

## Example
```python
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", ...}}
# requirements.txt: Django==5.2.19, gunicorn==23.0.0
```

Use instead:
```text
psycopg[binary]==3.2.3
```

## References
- [Django: PostgreSQL notes](https://docs.djangoproject.com/en/stable/ref/databases/#postgresql-notes)
- [Django: MySQL DB API drivers](https://docs.djangoproject.com/en/stable/ref/databases/#mysql-db-api-drivers)
"#,
    check: check_database_driver,
};

fn check_database_driver(checker: &Checker, out: &mut Vec<Finding>) {
    let manifests = manifests(checker);
    if !installs_are_known(checker, &manifests) {
        return;
    }
    let view = View::of(checker);
    let Value::Dict(databases) = view.value("DATABASES") else { return };
    let mut reported = Vec::new();
    for (alias, config) in &databases {
        let Some(engine) = config.get_str("ENGINE").and_then(Value::as_str) else { continue };
        let Some((_, database, drivers, suggestion)) = DRIVERS.iter().find(|(key, ..)| engine.contains(key)) else { continue };
        if reported.contains(database) || drivers.iter().any(|d| is_installed(checker, &manifests, d)) {
            continue;
        }
        reported.push(*database);
        let alias = alias.py_str().unwrap_or_default();
        let message = format!(
            "DATABASES['{alias}'] uses {engine} but no production requirement installs a {database} driver ({}): the first query fails with ImproperlyConfigured",
            drivers[..3.min(drivers.len())].join(", ")
        );
        out.push(
            view.finding_at(&DATABASE_DRIVER_MISSING, "DATABASES", message)
                .with_fix(Fix::manual(format!("Add a {database} driver to the production requirements"), Some(suggestion))),
        );
    }
}

fn is_installed(checker: &Checker, manifests: &Manifests, package: &str) -> bool {
    !manifests.declared(package).is_empty()
        || manifests.locked(package).is_some()
        || checker.project.texts_of(FileKind::Dockerfile).any(|d| d.text.to_ascii_lowercase().contains(package))
}

/// Whether the manifests say everything production installs.
fn installs_are_known(checker: &Checker, manifests: &Manifests) -> bool {
    let setup_py = checker.project.python.iter().any(|m| m.rel_path.ends_with("setup.py") && m.text.contains("install_requires"));
    let root = &checker.project.root;
    let elsewhere = ["setup.cfg", "environment.yml", "environment.yaml"].iter().any(|f| root.join(f).is_file());
    manifests.has_production_manifest() && manifests.unresolved_includes().is_empty() && !setup_py && !elsewhere
}
