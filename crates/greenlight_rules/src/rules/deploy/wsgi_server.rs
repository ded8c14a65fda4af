//! OPS006: no production WSGI/ASGI server anywhere in the project's
//! dependencies or deployment files. Reading is deliberately simple: a
//! distribution name in a requirements file, pyproject or Pipfile, a
//! `pip install` in a Dockerfile, a uwsgi.ini, or a server in a Procfile.

use std::sync::OnceLock;

use greenlight_core::project::TextFile;
use greenlight_core::{FileKind, Span};
use regex::Regex;

use super::PRODUCTION_SERVERS;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static NO_PRODUCTION_SERVER: Rule = Rule {
    code: "OPS006",
    effort_minutes: 30,
    name: "no-production-server",
    category: Category::Deployment,
    severity: Severity::High,
    django_checks: &[],
    cwe: None,
    summary: "No WSGI/ASGI server (gunicorn, uvicorn, uwsgi, …) among the dependencies",
    doc: r#"## What it does
Reports a project whose requirements files, `pyproject.toml` and `Pipfile` name none of gunicorn,
uvicorn, uwsgi, daphne, hypercorn, waitress, granian or mod_wsgi, and whose Dockerfiles,
Procfile and uwsgi.ini do not install or start one either. Projects without any dependency file
are not judged.

## Why is this bad?
Without one, the only way the app can be served is `manage.py runserver`, which Django documents
as unfit for production: single process, no hardening, no worker management. It usually means
the deployment story has not been written yet.

## Example
```text
# requirements.txt
Django==5.2.19
psycopg[binary]==3.2.3
```

Use instead:
```text
# requirements.txt
Django==5.2.19
psycopg[binary]==3.2.3
gunicorn==23.0.0
```

## References
- [Django: How to deploy with WSGI](https://docs.djangoproject.com/en/stable/howto/deployment/wsgi/)
- [Django: How to deploy with ASGI](https://docs.djangoproject.com/en/stable/howto/deployment/asgi/)
"#,
    check: check_production_server,
};

fn check_production_server(checker: &Checker, out: &mut Vec<Finding>) {
    let project = checker.project;
    let dependency_files: Vec<&TextFile> = [FileKind::Requirements, FileKind::Pyproject, FileKind::Pipfile]
        .into_iter()
        .flat_map(|kind| project.texts_of(kind))
        .collect();
    let Some(primary) = primary_file(&dependency_files) else { return };
    if dependency_files.iter().any(|f| declares_server(f)) || deployment_provides_server(checker) {
        return;
    }
    let names: Vec<&str> = dependency_files.iter().map(|f| f.rel_path.as_str()).collect();
    let message = format!(
        "no production WSGI/ASGI server (gunicorn, uvicorn, uwsgi, daphne, …) in {}: nothing production-grade serves the app",
        names.join(", ")
    );
    let fix = Fix::manual("Add a WSGI server and start the app with it", Some("gunicorn==23.0.0"));
    out.push(NO_PRODUCTION_SERVER.finding(&primary.rel_path, Span::line(1), message).with_fix(fix));
}

/// Where the finding goes: the top-level requirements.txt, else the shallowest file.
fn primary_file<'f>(files: &[&'f TextFile]) -> Option<&'f TextFile> {
    let rank = |f: &TextFile| (f.rel_path != "requirements.txt", f.rel_path.matches('/').count(), f.kind != FileKind::Requirements, f.rel_path.clone());
    files.iter().copied().min_by_key(|f| rank(f))
}

fn declares_server(file: &TextFile) -> bool {
    match file.kind {
        FileKind::Requirements => file.text.lines().filter_map(requirement_name).any(|name| is_server(&name)),
        _ => mentions_server(&file.text),
    }
}

fn is_server(name: &str) -> bool {
    PRODUCTION_SERVERS.contains(&name)
}

/// The normalised distribution name of a requirements line.
fn requirement_name(line: &str) -> Option<String> {
    let line = line.split(" #").next().unwrap_or(line).trim();
    if let Some(egg) = line.split("#egg=").nth(1) {
        return Some(normalise(egg));
    }
    if line.is_empty() || line.starts_with('#') || line.starts_with('-') {
        return None;
    }
    let name: String = line.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
    (!name.is_empty()).then(|| normalise(&name))
}

fn normalise(name: &str) -> String {
    let name: String = name.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
    name.to_ascii_lowercase().replace(['_', '.'], "-")
}

/// A server named as a dependency in TOML-ish text (`"gunicorn>=22"`, `gunicorn = "*"`).
fn mentions_server(text: &str) -> bool {
    static NAME: OnceLock<Regex> = OnceLock::new();
    let pattern = NAME.get_or_init(|| {
        let names = PRODUCTION_SERVERS.join("|");
        Regex::new(&format!(r#"(?im)(?:^|["'\s\[,{{])({names})(?:$|[\s"'\[=<>~!;,@])"#)).expect("valid regex")
    });
    pattern.is_match(text)
}

/// A Dockerfile installs or starts a server, a uwsgi.ini exists, or a Procfile starts one.
fn deployment_provides_server(checker: &Checker) -> bool {
    let project = checker.project;
    let dockerfiles = project.texts_of(FileKind::Dockerfile).any(|f| {
        f.text.lines().any(|l| (l.contains("install") || l.contains("CMD") || l.contains("ENTRYPOINT")) && PRODUCTION_SERVERS.iter().any(|s| l.contains(s)))
    });
    let configs = project.texts_of(FileKind::DeployConfig).any(|f| {
        let name = f.rel_path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
        name == "uwsgi.ini" || PRODUCTION_SERVERS.iter().any(|s| f.text.contains(s))
    });
    dockerfiles || configs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_names() {
        assert_eq!(requirement_name("gunicorn==23.0.0").as_deref(), Some("gunicorn"));
        assert_eq!(requirement_name("uvicorn[standard]>=0.30 ; python_version>'3'").as_deref(), Some("uvicorn"));
        assert_eq!(requirement_name("mod_wsgi").as_deref(), Some("mod-wsgi"));
        assert_eq!(requirement_name("-e git+https://x/y.git#egg=Gunicorn").as_deref(), Some("gunicorn"));
        assert_eq!(requirement_name("-r base.txt"), None);
        assert_eq!(requirement_name("# gunicorn"), None);
        assert_eq!(requirement_name("gunicorn-stubs").as_deref(), Some("gunicorn-stubs"));
    }

    #[test]
    fn toml_mentions() {
        assert!(mentions_server("dependencies = [\"django>=5\", \"gunicorn>=22\"]"));
        assert!(mentions_server("[packages]\nuvicorn = {extras = [\"standard\"]}\n"));
        assert!(mentions_server("[tool.poetry.dependencies]\ngunicorn = \"^23\""));
        assert!(!mentions_server("[tool.ruff]\nignore = [\"gunicorn_conf\"]\n# gunicornish"));
    }
}
