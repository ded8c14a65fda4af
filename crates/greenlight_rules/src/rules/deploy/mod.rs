//! Rules over deployment files: Dockerfile, compose, Procfile, env files, URL configuration for media.
//! Files that say they are for development, tests or CI (by name or directory)
//! are not judged as production deployment.

mod compose;
mod compose_rules;
mod docker_image;
mod docker_secrets;
mod docker_user;
mod dockerfile;
mod env_file;
mod media_static;
mod runserver;
mod wsgi_server;
mod yaml;

use std::sync::OnceLock;

use greenlight_core::project::TextFile;
use greenlight_core::FileKind;
use regex::Regex;

use crate::checker::Checker;
use crate::rule::Rule;

pub use compose_rules::{COMPOSE_DATABASE_PORT_PUBLISHED, COMPOSE_DEBUG_ENABLED, COMPOSE_DEFAULT_DATABASE_PASSWORD};
pub use docker_image::{DOCKERFILE_COPIES_CONTEXT_WITHOUT_DOCKERIGNORE, DOCKERFILE_UNPINNED_BASE_IMAGE};
pub use docker_secrets::DOCKERFILE_SECRET_IN_ENV;
pub use docker_user::{DOCKERFILE_NO_HEALTHCHECK, DOCKERFILE_RUNS_AS_ROOT};
pub use env_file::COMMITTED_ENV_FILE;
pub use media_static::MEDIA_SERVED_BY_STATIC;
pub use runserver::RUNSERVER_IN_DEPLOYMENT;
pub use wsgi_server::NO_PRODUCTION_SERVER;

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[
    &DOCKERFILE_RUNS_AS_ROOT,
    &DOCKERFILE_SECRET_IN_ENV,
    &COMPOSE_DEBUG_ENABLED,
    &COMPOSE_DEFAULT_DATABASE_PASSWORD,
    &COMPOSE_DATABASE_PORT_PUBLISHED,
    &COMMITTED_ENV_FILE,
    &DOCKERFILE_UNPINNED_BASE_IMAGE,
    &DOCKERFILE_NO_HEALTHCHECK,
    &DOCKERFILE_COPIES_CONTEXT_WITHOUT_DOCKERIGNORE,
    &RUNSERVER_IN_DEPLOYMENT,
    &MEDIA_SERVED_BY_STATIC,
    &NO_PRODUCTION_SERVER,
];

/// Production-grade WSGI/ASGI servers (distribution names, normalised).
pub const PRODUCTION_SERVERS: &[&str] =
    &["gunicorn", "uvicorn", "uwsgi", "pyuwsgi", "daphne", "hypercorn", "waitress", "granian", "mod-wsgi", "mod_wsgi", "bjoern", "meinheld"];

/// Whether a file is for development, tests or CI: `docker-compose.dev.yml`,
/// `compose/local/django/Dockerfile`, `.devcontainer/…`, `.env.test`.
pub fn is_development_path(path: &str) -> bool {
    const WORDS: &[&str] = &["dev", "develop", "development", "local", "test", "tests", "testing", "ci", "debug", "e2e", "devcontainer", "override"];
    let lower = path.to_ascii_lowercase();
    let mut segments: Vec<&str> = lower.split('/').collect();
    let name = segments.pop().unwrap_or("");
    let dir_is_dev = segments.iter().any(|d| WORDS.contains(&d.trim_start_matches('.')));
    dir_is_dev || name.split(['.', '-', '_']).any(|w| WORDS.contains(&w))
}

/// Names of variables that hold credentials: `SECRET_KEY`, `DB_PASSWORD`,
/// `GITHUB_TOKEN` (not `STRIPE_PUBLISHABLE_KEY`, `GPG_KEY`, `…_FILE`).
pub fn is_secret_name(name: &str) -> bool {
    const LAST: &[&str] = &["KEY", "SECRET", "PASSWORD", "PASSWD", "TOKEN", "CREDENTIALS", "APIKEY"];
    // `PASS` alone is also nginx's `uwsgi_pass`/`proxy_pass`: only after an account-like word.
    const PASS_OWNERS: &[&str] = &["DB", "DATABASE", "DEFAULT", "ADMIN", "USER", "ROOT", "SMTP", "EMAIL", "MAIL", "REDIS", "MYSQL", "PG", "POSTGRES", "RABBITMQ", "AMQP", "FTP", "LDAP"];
    let upper = name.trim().to_ascii_uppercase();
    let words: Vec<&str> = upper.split(['_', '-', '.']).collect();
    let public = words.iter().any(|w| matches!(*w, "PUBLIC" | "PUBLISHABLE" | "PUB" | "GPG" | "PGP" | "FILE" | "PATH" | "DIR" | "ID" | "URL" | "NAME" | "PREFIX" | "HEADER"));
    let pass = matches!(words.as_slice(), [.., owner, "PASS"] if PASS_OWNERS.contains(owner));
    !public && (words.last().is_some_and(|w| LAST.contains(w)) || words.contains(&"SECRET") || pass)
}

/// A literal value (not empty, not a `$VAR`/`${VAR}` reference).
pub fn is_literal_value(value: &str) -> bool {
    let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
    !value.is_empty() && !value.starts_with('$')
}

/// A command that starts Django's development server and no production server.
pub fn runs_dev_server(command: &str) -> bool {
    static RUNSERVER: OnceLock<Regex> = OnceLock::new();
    let runserver = RUNSERVER.get_or_init(|| Regex::new(r"\brunserver(_plus)?\b").expect("valid regex"));
    runserver.is_match(command) && !PRODUCTION_SERVERS.iter().any(|s| command.contains(s))
}

/// The project's Dockerfiles that describe production images.
pub fn production_dockerfiles<'p>(checker: &Checker<'p>) -> impl Iterator<Item = (&'p TextFile, dockerfile::Dockerfile)> {
    checker
        .project
        .texts_of(FileKind::Dockerfile)
        .filter(|t| !is_development_path(&t.rel_path) && !t.rel_path.to_ascii_lowercase().ends_with(".dockerignore"))
        .map(|t| (t, dockerfile::Dockerfile::parse(&t.text)))
}

/// The project's compose files that are not for development.
pub fn production_compose_files<'p>(checker: &Checker<'p>) -> impl Iterator<Item = (&'p TextFile, Vec<compose::Service>)> {
    checker
        .project
        .texts_of(FileKind::Compose)
        .filter(|t| !is_development_path(&t.rel_path))
        .map(|t| (t, compose::services(&t.text)))
        .filter(|(_, services)| !uses_development_settings(services))
}

/// A compose file for development: its Django services run development or
/// test settings, or build from / read env files under development paths.
fn uses_development_settings(services: &[compose::Service]) -> bool {
    services.iter().any(|service| {
        let dev_settings = service.env("DJANGO_SETTINGS_MODULE").and_then(|v| v.value.as_deref()).is_some_and(|module| {
            let last = module.rsplit('.').next().unwrap_or(module);
            matches!(last, "dev" | "develop" | "development" | "local" | "test" | "tests" | "testing" | "ci")
        });
        dev_settings || service.references.iter().any(|path| is_development_path(path))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn development_paths() {
        for path in ["docker-compose.dev.yml", "compose/local/django/Dockerfile", ".devcontainer/Dockerfile", "docker-compose.override.yml", ".env.test", "Dockerfile.dev", "docker/ci/Dockerfile"] {
            assert!(is_development_path(path), "{path}");
        }
        for path in ["Dockerfile", "docker-compose.yml", "docker/production/Dockerfile", ".env", "docker-compose.prod.yml", "deploy/Dockerfile"] {
            assert!(!is_development_path(path), "{path}");
        }
    }

    #[test]
    fn secret_names() {
        for name in ["SECRET_KEY", "DJANGO_SECRET_KEY", "DB_PASSWORD", "GITHUB_TOKEN", "STRIPE_SECRET_KEY", "AWS_SECRET_ACCESS_KEY", "API_KEY", "DB_PASS"] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["STRIPE_PUBLISHABLE_KEY", "GPG_KEY", "SECRET_KEY_FILE", "DEBUG", "DB_HOST", "PASSWORD_RESET_TIMEOUT", "AWS_ACCESS_KEY_ID", "CACHE_KEY_PREFIX", "DD_UWSGI_PASS", "PROXY_PASS"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn dev_server_commands() {
        assert!(runs_dev_server("python manage.py runserver 0.0.0.0:8000"));
        assert!(runs_dev_server("./manage.py runserver_plus"));
        assert!(!runs_dev_server("if [ \"$DEBUG\" = 1 ]; then python manage.py runserver; else gunicorn app.wsgi; fi"));
        assert!(!runs_dev_server("gunicorn app.wsgi"));
    }
}

/// The Dockerfile and compose readers, public for the fuzz targets (`fuzzing`).
pub mod parsers {
    pub use super::compose::services as compose_services;
    pub use super::dockerfile::Dockerfile;
}
