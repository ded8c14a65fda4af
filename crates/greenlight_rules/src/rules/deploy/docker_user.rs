//! How the final image runs: SEC063, as root (no `USER`, or `USER root`);
//! OPS002, with no `HEALTHCHECK`. Judged on the stage that ships (the last one
//! not named for development or tests), following
//! `FROM <earlier stage>`, and only for images that run the Django app on a
//! well-known base image (a private base image may set both).

use greenlight_core::Span;

use super::dockerfile::{Dockerfile, Instruction, Stage};
use super::{production_compose_files, production_dockerfiles};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

/// Public images that run as root and define no health check.
const ROOT_BASE_IMAGES: &[&str] = &[
    "python", "pypy", "debian", "ubuntu", "alpine", "buildpack-deps", "centos", "fedora", "rockylinux", "almalinux",
    "amazonlinux", "node", "uv", "uvicorn-gunicorn", "uvicorn-gunicorn-fastapi", "ubi", "ubi-minimal",
];

/// Tools an entrypoint uses to drop root before starting the app.
const PRIVILEGE_DROPPERS: &[&str] = &["gosu", "su-exec", "setpriv", "runuser", "chpst", "s6-setuidgid", "setuser"];

pub static DOCKERFILE_RUNS_AS_ROOT: Rule = Rule {
    code: "SEC063",
    effort_minutes: 15,
    name: "dockerfile-runs-as-root",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(250),
    summary: "The production image runs as root (no `USER`, or `USER root`)",
    doc: r#"## What it does
Reports a Dockerfile whose final stage (trailing stages named `dev…`/`…test…` are skipped: they
are built with `--target`) runs the app as root: no `USER` instruction (in the stage or the
stages it builds on) or a last `USER` of `root`/`0`. Only images built on well-known public
bases (python, debian, ubuntu, alpine, …) and that look like they run Python are judged; an
image that installs or calls a privilege-dropping tool (`gosu`, `su-exec`, `setpriv`) is taken
to drop root in its entrypoint.

## Why is this bad?
A remote code execution in the app (a vulnerable dependency, an unsafe deserialisation) then
runs as root inside the container: it can rewrite the application code, read every mounted
secret and use any kernel or runtime escape that needs root.

## Example
```dockerfile
FROM python:3.12-slim
COPY . /app
CMD ["gunicorn", "proj.wsgi"]
```

Use instead:
```dockerfile
FROM python:3.12-slim
RUN useradd --create-home app
COPY --chown=app:app . /app
USER app
CMD ["gunicorn", "proj.wsgi"]
```

## References
- [Docker: Dockerfile best practices, USER](https://docs.docker.com/build/building/best-practices/#user)
- [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
"#,
    check: check_runs_as_root,
};

fn check_runs_as_root(checker: &Checker, out: &mut Vec<Finding>) {
    for (file, dockerfile) in production_dockerfiles(checker) {
        let Some(final_index) = judged_final_stage(&dockerfile) else { continue };
        let (line, message) = match dockerfile.inherited(final_index, "USER") {
            Some(user) if is_root(&user.args) => {
                let name = user.args.split_whitespace().next().unwrap_or("");
                (user.line, format!("`USER {name}` makes the container run the app as root"))
            }
            Some(_) => continue,
            None if drops_privileges(&dockerfile) => continue,
            None => {
                let stage = &dockerfile.stages[final_index];
                (stage.from.line, format!("the image ({}) has no USER instruction, so the app runs as root", describe(stage)))
            }
        };
        let fix = Fix::manual("Create an unprivileged user and switch to it before CMD", Some("RUN useradd --system --create-home app\nUSER app"));
        out.push(DOCKERFILE_RUNS_AS_ROOT.finding(&file.rel_path, Span::line(line), message).with_fix(fix));
    }
}

/// `FROM python:3.12 AS final`, as written (without trailing words).
fn describe(stage: &Stage) -> String {
    match &stage.name {
        Some(name) => format!("`FROM {} AS {name}`", stage.image),
        None => format!("`FROM {}`", stage.image),
    }
}

fn is_root(user: &str) -> bool {
    let name = user.split_whitespace().next().unwrap_or("").split(':').next().unwrap_or("");
    name == "root" || name == "0"
}

/// The image installs or calls a tool that drops root before starting the app
/// (an entrypoint script then typically runs `exec gosu app gunicorn …`).
fn drops_privileges(dockerfile: &Dockerfile) -> bool {
    dockerfile.stages.iter().flat_map(|s| &s.instructions).any(|i| {
        let command = i.command();
        PRIVILEGE_DROPPERS.iter().any(|tool| command.split(|c: char| c.is_whitespace() || matches!(c, '/' | '"' | ';' | ',')).any(|w| w == *tool))
    })
}

/// The shipped stage's index, when it runs Python on a well-known public base image.
fn judged_final_stage(dockerfile: &Dockerfile) -> Option<usize> {
    let final_index = dockerfile.production_stage()?;
    let mut root = final_index;
    while let Some(parent) = dockerfile.parent_of(root) {
        root = parent;
    }
    let image = dockerfile.resolve(&dockerfile.stages[root].image)?.to_ascii_lowercase();
    let without_tag = image.split('@').next().unwrap_or(&image);
    let name = without_tag.rsplit('/').next().unwrap_or(without_tag);
    let name = name.split(':').next().unwrap_or(name);
    let tag = without_tag.rsplit('/').next().and_then(|n| n.split_once(':')).map_or("", |(_, t)| t);
    if !ROOT_BASE_IMAGES.contains(&name) || tag.contains("nonroot") {
        return None;
    }
    runs_python(dockerfile).then_some(final_index)
}

/// The image installs or starts Python code.
fn runs_python(dockerfile: &Dockerfile) -> bool {
    const HINTS: &[&str] = &["python", "pip", "manage.py", "gunicorn", "uwsgi", "uvicorn", "daphne", "hypercorn", "granian", "django", "poetry", "requirements", "uv sync", "pipenv"];
    dockerfile.stages.iter().any(|s| {
        let mut texts = std::iter::once(&s.from).chain(&s.instructions).map(Instruction::command);
        texts.any(|t| {
            let lower = t.to_ascii_lowercase();
            HINTS.iter().any(|h| lower.contains(h))
        })
    })
}

pub static DOCKERFILE_NO_HEALTHCHECK: Rule = Rule {
    code: "OPS002",
    effort_minutes: 15,
    name: "dockerfile-no-healthcheck",
    category: Category::Deployment,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "The production image has no `HEALTHCHECK`",
    doc: r#"## What it does
Reports a Dockerfile whose final stage (or the stages it builds on) has no `HEALTHCHECK`, or
disables it with `HEALTHCHECK NONE`. Same scope as SEC063: images that run Python on a well-known
public base. Not reported when a compose file gives a built service a `healthcheck:`.

## Why is this bad?
Without a health check, Docker (and Swarm, ECS, and many PaaS) consider the container healthy as
soon as the process starts: a worker stuck on a dead database connection, or an app that failed
to load its settings, keeps receiving traffic and is never restarted.

## Example
```dockerfile
CMD ["gunicorn", "proj.wsgi", "--bind", "0.0.0.0:8000"]
```

Use instead:
```dockerfile
HEALTHCHECK --interval=30s --timeout=5s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health/', timeout=4)"
CMD ["gunicorn", "proj.wsgi", "--bind", "0.0.0.0:8000"]
```

## References
- [Docker: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#,
    check: check_healthcheck,
};

fn check_healthcheck(checker: &Checker, out: &mut Vec<Finding>) {
    let compose_checks = production_compose_files(checker).any(|(_, services)| services.iter().any(|s| s.builds && s.has_healthcheck));
    if compose_checks {
        return;
    }
    for (file, dockerfile) in production_dockerfiles(checker) {
        let Some(final_index) = judged_final_stage(&dockerfile) else { continue };
        let healthcheck = dockerfile.inherited(final_index, "HEALTHCHECK");
        if healthcheck.is_some_and(|h| !h.args.trim().eq_ignore_ascii_case("none")) {
            continue;
        }
        let stage = &dockerfile.stages[final_index];
        let message = format!("the image ({}) has no HEALTHCHECK: a running but broken container is never restarted or taken out of rotation", describe(stage));
        let fix = Fix::manual(
            "Add a HEALTHCHECK that requests a cheap health endpoint",
            Some("HEALTHCHECK --interval=30s --timeout=5s CMD python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health/', timeout=4)\""),
        );
        out.push(DOCKERFILE_NO_HEALTHCHECK.finding(&file.rel_path, Span::line(stage.from.line), message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_stage_judgement() {
        let judged = |text: &str| judged_final_stage(&Dockerfile::parse(text));
        assert_eq!(judged("FROM python:3.12 AS build\nRUN pip install x\nFROM build\n"), Some(1));
        assert_eq!(judged("FROM nginx:1.27\nCOPY conf /etc/nginx\n"), None);
        assert_eq!(judged("FROM mycompany/django-base:3\nRUN pip install x\n"), None);
        assert_eq!(judged("FROM gcr.io/distroless/python3:nonroot\n"), None);
        assert_eq!(judged("FROM debian:12\nRUN apt-get install -y curl\n"), None);
    }

    #[test]
    fn users() {
        assert!(is_root("root"));
        assert!(is_root("0:0"));
        assert!(!is_root("app"));
        let file = Dockerfile::parse("FROM python:3.12\nENTRYPOINT [\"/usr/sbin/gosu\", \"app\"]\n");
        assert!(drops_privileges(&file));
        assert!(drops_privileges(&Dockerfile::parse("FROM python:3.12\nRUN apt-get install -y gosu; rm -rf /var/lib/apt\n")));
    }
}
