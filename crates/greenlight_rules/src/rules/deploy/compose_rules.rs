//! Compose files that deploy the app: SEC065, DEBUG switched on in a service's
//! environment; SEC066, database passwords written in the file; SEC067,
//! database and cache ports published to the host's network.

use greenlight_core::Span;

use super::compose::{EnvVar, Published, Service};
use super::production_compose_files;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static COMPOSE_DEBUG_ENABLED: Rule = Rule {
    code: "SEC065",
    effort_minutes: 5,
    name: "compose-debug-enabled",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(489),
    summary: "A compose service sets DEBUG to true",
    doc: r#"## What it does
Reports `DEBUG` / `DJANGO_DEBUG` set to a true value (`True`, `1`, `yes`, `on`, or a `${VAR:-true}`
default) in the environment of a service that runs the Django app, in compose files that are not
for development (by name, directory, or a `…dev`/`…local`/`…test` settings module).

## Why is this bad?
Settings that read DEBUG from the environment are switched on by the deployment itself: error
pages then show code, local variables and settings to anyone.

## Example
```yaml
services:
  web:
    environment:
      - DEBUG=True
```

Use instead:
```yaml
services:
  web:
    environment:
      - DEBUG=False
```

## References
- [Django: DEBUG](https://docs.djangoproject.com/en/stable/ref/settings/#debug)
- [CWE-489: Active Debug Code](https://cwe.mitre.org/data/definitions/489.html)
"#,
    check: check_debug,
};

fn check_debug(checker: &Checker, out: &mut Vec<Finding>) {
    for (file, services) in production_compose_files(checker) {
        for service in services.iter().filter(|s| s.runs_django()) {
            for var in service.environment.iter().filter(|v| v.name == "DEBUG" || v.name == "DJANGO_DEBUG") {
                let Some(value) = var.value.as_deref().filter(|v| is_true(v)) else { continue };
                let message = format!("service `{}` sets {}={value}: Django runs with DEBUG on in this deployment", service.name, var.name);
                let fix = Fix::manual("Set DEBUG off (or leave it unset when the settings default to False)", Some(&format!("- {}=False", var.name)));
                out.push(COMPOSE_DEBUG_ENABLED.finding(&file.rel_path, Span::line(var.line), message).with_fix(fix));
            }
        }
    }
}

/// A truthy string, or a `${VAR:-truthy}` default.
fn is_true(value: &str) -> bool {
    let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
    let value = if value.starts_with('$') { reference_default(value).unwrap_or("") } else { value };
    matches!(value.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on" | "t" | "y")
}

/// The default of a `${VAR:-default}` / `${VAR-default}` reference.
fn reference_default(value: &str) -> Option<&str> {
    let inner = value.strip_prefix("${")?.strip_suffix('}')?;
    let name_end = inner.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(inner.len());
    let operator = &inner[name_end..];
    operator.strip_prefix(":-").or_else(|| operator.strip_prefix('-'))
}

/// The environment variables of database images that hold passwords.
const PASSWORD_VARIABLES: &[&str] = &[
    "POSTGRES_PASSWORD", "MYSQL_ROOT_PASSWORD", "MYSQL_PASSWORD", "MARIADB_ROOT_PASSWORD", "MARIADB_PASSWORD",
    "MONGO_INITDB_ROOT_PASSWORD", "RABBITMQ_DEFAULT_PASS", "REDIS_PASSWORD",
];

const WELL_KNOWN_PASSWORDS: &[&str] = &["postgres", "password", "root", "secret", "changeme", "example", "admin", "mysql", "pass", "123456", "guest"];

pub static COMPOSE_DEFAULT_DATABASE_PASSWORD: Rule = Rule {
    code: "SEC066",
    effort_minutes: 15,
    name: "compose-hardcoded-database-password",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(798),
    summary: "A compose file writes a database password (or disables it)",
    doc: r#"## What it does
Reports `POSTGRES_PASSWORD`, `MYSQL_ROOT_PASSWORD`, `MYSQL_PASSWORD` (and the MariaDB, MongoDB,
RabbitMQ and Redis equivalents) set to a literal, or to a `${VAR:-literal}` default, and
`POSTGRES_HOST_AUTH_METHOD=trust` / `MYSQL_ALLOW_EMPTY_PASSWORD`. `${VAR}` and `${VAR:?error}`
are fine. Well-known defaults (`postgres`, `password`, `changeme`, …) are named as such; the
value is never printed otherwise.

## Why is this bad?
The password is in the repository, the same on every deployment, and often a default that
scanners try first. Anyone who reaches the database port owns the data.

## Example
```yaml
db:
  image: postgres:16
  environment:
    POSTGRES_PASSWORD: postgres
```

Use instead:
```yaml
db:
  image: postgres:16
  environment:
    POSTGRES_PASSWORD: ${DB_PASSWORD:?DB_PASSWORD must be set}
```

## References
- [Docker Hub: postgres, environment variables](https://hub.docker.com/_/postgres)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
"#,
    check: check_passwords,
};

fn check_passwords(checker: &Checker, out: &mut Vec<Finding>) {
    for (file, services) in production_compose_files(checker) {
        for service in &services {
            for var in &service.environment {
                let Some(problem) = password_problem(var) else { continue };
                let message = format!("service `{}`: {problem}", service.name);
                let fix = Fix::manual("Read the password from the environment and fail when it is missing", Some(&format!("{}: ${{DB_PASSWORD:?DB_PASSWORD must be set}}", var.name)));
                out.push(COMPOSE_DEFAULT_DATABASE_PASSWORD.finding(&file.rel_path, Span::line(var.line), message).with_fix(fix));
            }
        }
    }
}

fn password_problem(var: &EnvVar) -> Option<String> {
    let value = var.value.as_deref()?.trim().trim_matches(|c| c == '"' || c == '\'');
    let name = &var.name;
    match name.as_str() {
        "POSTGRES_HOST_AUTH_METHOD" if value.eq_ignore_ascii_case("trust") => {
            return Some("POSTGRES_HOST_AUTH_METHOD=trust lets anyone connect without a password".to_owned())
        }
        "MYSQL_ALLOW_EMPTY_PASSWORD" | "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD" if is_true(value) || value.eq_ignore_ascii_case("true") => {
            return Some(format!("{name} lets root connect without a password"))
        }
        _ if !PASSWORD_VARIABLES.contains(&name.as_str()) => return None,
        _ => {}
    }
    let (literal, how) = if value.starts_with('$') { (reference_default(value)?, "defaults to") } else { (value, "is") };
    if literal.is_empty() {
        return None;
    }
    if WELL_KNOWN_PASSWORDS.contains(&literal.to_ascii_lowercase().as_str()) {
        Some(format!("{name} {how} `{literal}`, a well-known default password, written in the compose file"))
    } else {
        Some(format!("{name} {how} a literal written in the compose file (the same on every deployment, and in the repository)"))
    }
}

/// Images that are databases or caches, and the port each listens on.
const DATA_SERVICES: &[(&str, u32)] = &[
    ("postgres", 5432), ("postgis", 5432), ("postgresql", 5432), ("timescaledb", 5432), ("mysql", 3306), ("mariadb", 3306),
    ("redis", 6379), ("valkey", 6379), ("keydb", 6379), ("memcached", 11211), ("mongo", 27017), ("mongodb", 27017),
];

pub static COMPOSE_DATABASE_PORT_PUBLISHED: Rule = Rule {
    code: "SEC067",
    effort_minutes: 10,
    name: "compose-database-port-published",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(668),
    summary: "A compose file publishes a database or cache port to the host",
    doc: r#"## What it does
Reports `ports:` entries of PostgreSQL, MySQL/MariaDB, Redis, Memcached and MongoDB services
(recognised by their image) that publish the service's port on the host. Bindings to
`127.0.0.1` are fine; `expose:` is fine.

## Why is this bad?
Published ports listen on every interface of the host, and Docker's iptables rules bypass host
firewalls such as ufw. The database (often with a default password, and Redis and Memcached with
none) is then reachable from the internet. The app reaches it over the compose network anyway.

## Example
```yaml
db:
  image: postgres:16
  ports:
    - "5432:5432"
```

Use instead:
```yaml
db:
  image: postgres:16
  # no ports: the web service connects to db:5432 on the compose network
```

## References
- [Docker: Port publishing and mapping](https://docs.docker.com/engine/network/packet-filtering-firewalls/)
- [CWE-668: Exposure of Resource to Wrong Sphere](https://cwe.mitre.org/data/definitions/668.html)
"#,
    check: check_ports,
};

fn check_ports(checker: &Checker, out: &mut Vec<Finding>) {
    for (file, services) in production_compose_files(checker) {
        for service in &services {
            let Some((kind, port)) = data_service(service) else { continue };
            for (spec, line) in &service.ports {
                let published = Published::parse(spec);
                if published.container_port != Some(port) || published.is_loopback() {
                    continue;
                }
                let message = format!("service `{}` ({kind}) publishes port {port} on every host interface (`{spec}`): the {kind} server is reachable from outside", service.name);
                let fix = Fix::manual("Remove the port mapping (or bind it to 127.0.0.1 for local access)", Some(&format!("- \"127.0.0.1:{port}:{port}\"")));
                out.push(COMPOSE_DATABASE_PORT_PUBLISHED.finding(&file.rel_path, Span::line(*line), message).with_fix(fix));
            }
        }
    }
}

fn data_service(service: &Service) -> Option<(&'static str, u32)> {
    let image = service.image_name()?;
    DATA_SERVICES.iter().find(|(name, _)| image == *name || image.starts_with(&format!("{name}-"))).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &str, value: &str) -> EnvVar {
        EnvVar { name: name.to_owned(), value: Some(value.to_owned()), line: 1 }
    }

    #[test]
    fn truthy_debug_values() {
        for v in ["True", "1", "\"yes\"", "${DEBUG:-true}", "on"] {
            assert!(is_true(v), "{v}");
        }
        for v in ["False", "0", "${DEBUG}", "${DEBUG:-False}", ""] {
            assert!(!is_true(v), "{v}");
        }
    }

    #[test]
    fn passwords() {
        assert!(password_problem(&var("POSTGRES_PASSWORD", "postgres")).unwrap().contains("well-known"));
        assert!(password_problem(&var("POSTGRES_PASSWORD", "x7Hq")).unwrap().contains("a literal"));
        assert!(password_problem(&var("POSTGRES_PASSWORD", "${DB_PASSWORD:-postgres}")).unwrap().contains("defaults to"));
        assert!(password_problem(&var("POSTGRES_HOST_AUTH_METHOD", "trust")).is_some());
        for ok in ["${DB_PASSWORD}", "${DB_PASSWORD:?must-be set}", "$DB_PASSWORD", ""] {
            assert!(password_problem(&var("POSTGRES_PASSWORD", ok)).is_none(), "{ok}");
        }
        assert!(password_problem(&var("POSTGRES_USER", "postgres")).is_none());
    }
}
