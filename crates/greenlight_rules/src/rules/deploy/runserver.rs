//! OPS004: Django's development server started by a deployment file: the
//! Dockerfile's CMD/ENTRYPOINT (or a RUN), a compose service's command, a
//! Procfile, a systemd unit or a supervisor program.

use greenlight_core::{FileKind, Span};

use super::{production_compose_files, production_dockerfiles, runs_dev_server};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static RUNSERVER_IN_DEPLOYMENT: Rule = Rule {
    code: "OPS004",
    effort_minutes: 30,
    name: "runserver-in-deployment",
    category: Category::Deployment,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(489),
    summary: "A deployment file starts the app with `manage.py runserver`",
    doc: r#"## What it does
Reports `runserver` (or `runserver_plus`) as the command of a production Dockerfile
(`CMD`, `ENTRYPOINT`, `RUN`), a compose service, a Procfile process, a systemd `ExecStart` or a
supervisor `command`, unless the same command also names a production server (a
`DEBUG`-conditional script). Development files (`docker-compose.dev.yml`, `compose/local/…`,
`.devcontainer/`) are not judged.

## Why is this bad?
Django's documentation is explicit: the development server has not gone through security audits
or performance tests. It is single-process, reloads code, serves static files only with DEBUG,
and is not hardened against slow or malformed requests.

## Example
```dockerfile
CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
```

Use instead:
```dockerfile
CMD ["gunicorn", "proj.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
```

## References
- [Django: runserver](https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver)
- [Django: How to deploy with WSGI](https://docs.djangoproject.com/en/stable/howto/deployment/wsgi/)
"#,
    check: check_runserver,
};

const FIX_SNIPPET: &str = "gunicorn proj.wsgi --bind 0.0.0.0:8000 --workers 3";

fn report(out: &mut Vec<Finding>, path: &str, line: u32, place: String) {
    let message = format!("{place} starts Django's development server (`runserver`), which is not built for production traffic");
    let fix = Fix::manual("Serve the app with a production WSGI/ASGI server", Some(FIX_SNIPPET));
    out.push(RUNSERVER_IN_DEPLOYMENT.finding(path, Span::line(line), message).with_fix(fix));
}

fn check_runserver(checker: &Checker, out: &mut Vec<Finding>) {
    for (file, dockerfile) in production_dockerfiles(checker) {
        let Some(final_index) = dockerfile.production_stage() else { continue };
        let started = ["ENTRYPOINT", "CMD"].into_iter().filter_map(|k| dockerfile.inherited(final_index, k));
        let run = dockerfile.stages.iter().flat_map(|s| &s.instructions).filter(|i| i.keyword == "RUN");
        let mut seen = Vec::new();
        for instruction in started.chain(run) {
            if runs_dev_server(&instruction.command()) && !seen.contains(&instruction.line) {
                seen.push(instruction.line);
                report(out, &file.rel_path, instruction.line, format!("the Dockerfile's {}", instruction.keyword));
            }
        }
    }
    for (file, services) in production_compose_files(checker) {
        for service in &services {
            for (_, line) in service.commands.iter().filter(|(c, _)| runs_dev_server(c)) {
                report(out, &file.rel_path, *line, format!("service `{}`'s command", service.name));
            }
        }
    }
    for file in checker.project.texts_of(FileKind::DeployConfig) {
        if super::is_development_path(&file.rel_path) {
            continue;
        }
        for (index, line) in file.text.lines().enumerate() {
            let trimmed = line.trim_start();
            let is_comment = trimmed.starts_with('#') || trimmed.starts_with(';');
            let runs_django = trimmed.contains("manage.py") || trimmed.contains("django-admin");
            if !is_comment && runs_django && runs_dev_server(trimmed) {
                let name = file.rel_path.rsplit('/').next().unwrap_or(&file.rel_path);
                report(out, &file.rel_path, index as u32 + 1, format!("`{name}`"));
            }
        }
    }
}
