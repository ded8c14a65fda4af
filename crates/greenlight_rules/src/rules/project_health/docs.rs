//! The README: DOC001 missing, DOC002 no setup instructions, DOC003 no
//! deployment instructions.

use greenlight_core::project::TextFile;
use greenlight_core::FileKind;
use regex::Regex;

use super::support::{has_application_code, project_anchor, start};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

/// A line about setting the project up locally.
const SETUP: &str = r"(?im)(install|set\s*up|setup|getting\s+started|quick\s*start|development\s+environment|run(ning)?\s+(it\s+)?locally|pip\s+install|poetry\s+install|uv\s+sync|docker[\s-]compose\s+up|manage\.py\s+(migrate|runserver)|make\s+\w+)";

/// A heading or line about deploying it.
const DEPLOYMENT: &str = r"(?i)(deploy|production|hosting|\bhosted\b|self[\s-]?host|(your|its|a)\s+own\s+server|going\s+live|\brelease\s+process|\bheroku\b|\bkubernetes\b|\bhelm\b|\bansible\b|gunicorn|uwsgi)";

pub static NO_README: Rule = Rule {
    code: "DOC001",
    effort_minutes: 60,
    name: "no-readme",
    category: Category::Documentation,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "The project has no README",
    doc: r#"## What it does
Reports a project without a README file at its root.

## Why is this bad?
The next developer, or the person on call, has to reverse-engineer how to install, configure,
run and deploy the site, and which environment variables it needs.

## Example
```text
manage.py  requirements.txt  mysite/   # no README
```

Use instead:
```markdown
# mysite
## Setup
## Configuration (environment variables)
## Deployment
```

## References
- [Make a README](https://www.makeareadme.com/)
"#,
    check: check_no_readme,
};

pub static README_NO_SETUP: Rule = Rule {
    code: "DOC002",
    effort_minutes: 30,
    name: "readme-without-setup",
    category: Category::Documentation,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "The README does not say how to set the project up",
    doc: r#"## What it does
Reports a root README with no line about installing or setting up the project (install, setup,
getting started, `pip install`, `docker compose up`, `manage.py migrate`, …).

## Why is this bad?
Each new developer rediscovers the steps; the steps that matter (creating the database, the
environment file) get skipped.

## Example
```markdown
# mysite
A site for the club.
```

Use instead:
```markdown
## Setup
    pip install -r requirements.txt
    cp .env.example .env
    python manage.py migrate
```

## References
- [Make a README](https://www.makeareadme.com/)
"#,
    check: check_readme_setup,
};

pub static README_NO_DEPLOYMENT: Rule = Rule {
    code: "DOC003",
    effort_minutes: 60,
    name: "readme-without-deployment",
    category: Category::Documentation,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "Neither the README nor docs/ say how the project is deployed",
    doc: r#"## What it does
Reports a root README with no heading or line about deployment (deploy, production, hosting,
the application server), when no file under `docs/` covers it either.

## Why is this bad?
How production is built, configured and updated lives in one person's head. Under pressure
(an outage, a security release) nobody else can deploy safely.

## Example
```markdown
## Getting started
    python manage.py runserver
```

Use instead:
```markdown
## Deployment
Set the variables in `.env.example`, then run `gunicorn mysite.wsgi` behind a TLS proxy;
`python manage.py migrate` and `collectstatic` run on each release.
```

## References
- [Django: Deployment checklist](https://docs.djangoproject.com/en/stable/howto/deployment/checklist/)
"#,
    check: check_readme_deployment,
};

/// The README at the root, if any (the shortest path among the READMEs).
fn root_readme<'p>(checker: &Checker<'p>) -> Option<&'p TextFile> {
    checker.project.texts_of(FileKind::Readme).filter(|t| !t.rel_path.contains('/')).min_by_key(|t| t.rel_path.len())
}

fn check_no_readme(checker: &Checker, out: &mut Vec<Finding>) {
    if !has_application_code(checker) {
        return;
    }
    if root_readme(checker).is_some() {
        return;
    }
    let message = "the project has no README: how to set it up, configure and deploy it is written nowhere";
    out.push(NO_README.finding(&project_anchor(checker), start(), message).with_fix(Fix::manual(
        "Add a README.md with setup, configuration and deployment sections",
        Some("# Project\n\n## Setup\n\n## Configuration\n\n## Deployment\n"),
    )));
}

fn check_readme_setup(checker: &Checker, out: &mut Vec<Finding>) {
    if !has_application_code(checker) {
        return;
    }
    let Some(readme) = root_readme(checker) else { return };
    if Regex::new(SETUP).expect("valid regex").is_match(&readme.text) {
        return;
    }
    let message = format!("{} does not say how to install or set up the project", readme.rel_path);
    out.push(README_NO_SETUP.finding(&readme.rel_path, start(), message).with_fix(Fix::manual(
        "Add a Setup section with the commands to get a working development copy",
        Some("## Setup\n\n    pip install -r requirements.txt\n    cp .env.example .env\n    python manage.py migrate\n"),
    )));
}

fn check_readme_deployment(checker: &Checker, out: &mut Vec<Finding>) {
    if !has_application_code(checker) {
        return;
    }
    let Some(readme) = root_readme(checker) else { return };
    let deployment = Regex::new(DEPLOYMENT).expect("valid regex");
    if deployment.is_match(&readme.text) || documented_in_docs(checker, &deployment) {
        return;
    }
    let message = format!("{} has no deployment instructions (nothing about deploying, production or hosting), and neither has docs/", readme.rel_path);
    out.push(README_NO_DEPLOYMENT.finding(&readme.rel_path, start(), message).with_fix(Fix::manual(
        "Add a Deployment section: how production is built, configured and updated",
        Some("## Deployment\n\nSet the variables listed in `.env.example`, run `python manage.py migrate` and\n`collectstatic`, and serve `gunicorn project.wsgi` behind a TLS-terminating proxy.\n"),
    )));
}

/// A documentation file (under `docs/` or at the root) whose name or a
/// heading is about deployment.
fn documented_in_docs(checker: &Checker, deployment: &Regex) -> bool {
    checker.project.texts_of(FileKind::Doc).filter(|d| !d.rel_path.contains('/') || d.rel_path.starts_with("docs/") || d.rel_path.starts_with("doc/")).any(|doc| {
        let name = doc.rel_path.rsplit('/').next().unwrap_or("");
        let lines: Vec<&str> = doc.text.lines().collect();
        let heading = |i: usize| lines[i].trim_start().starts_with('#') || lines.get(i + 1).is_some_and(|next| is_underline(next));
        deployment.is_match(name) || (0..lines.len()).any(|i| heading(i) && deployment.is_match(lines[i]))
    })
}

/// A reStructuredText title underline (`=====`, `-----`, `~~~~~`).
fn is_underline(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && line.chars().all(|c| matches!(c, '=' | '-' | '~' | '^' | '*'))
}
