//! Environment variables the production settings read: DOC005 no `.env.example`
//! at all, DOC004 variables documented nowhere (README, docs, env example,
//! compose and deploy files).

use greenlight_core::settings::EnvVarUse;
use greenlight_core::{FileKind, Span};
use regex::Regex;

use super::support::{has_application_code, root_file};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

/// Files that document or set variables for a deploy.
const DOCUMENTING: &[FileKind] = &[FileKind::Readme, FileKind::Doc, FileKind::EnvExample, FileKind::Compose, FileKind::DeployConfig, FileKind::Dockerfile];

pub static ENV_VARS_UNDOCUMENTED: Rule = Rule {
    code: "DOC004",
    effort_minutes: 20,
    name: "env-vars-undocumented",
    category: Category::Documentation,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "Environment variables the settings read are documented nowhere",
    doc: r#"## What it does
Lists the environment variables the production settings read that appear in none of the README,
`docs/`, the `.env.example`-like files, compose files, Dockerfiles or deploy configuration. One
finding, at the first undocumented read; medium when one of them has no default (the settings
fail without it), low otherwise. When there is no `.env.example` at all DOC005 reports instead.

## Why is this bad?
Whoever deploys next does not know the variable exists: a required one crashes the start-up, an
optional one silently keeps its development default in production.

## Example
```python
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")  # in no .env.example, README or docs
```

Use instead:
```text
# .env.example
# Signing secret of the payment webhook endpoint. Required.
STRIPE_WEBHOOK_SECRET=
```

## References
- [The Twelve-Factor App: Config](https://12factor.net/config)
"#,
    check: check_undocumented,
};

pub static NO_ENV_EXAMPLE: Rule = Rule {
    code: "DOC005",
    effort_minutes: 20,
    name: "no-env-example",
    category: Category::Documentation,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "The settings read environment variables but there is no .env.example",
    doc: r#"## What it does
Reports production settings that read environment variables when the project has no
`.env.example` (or `.env.sample`, `.env.template`, `.env.dist`, `env.example`) listing them.
The message names the variables, and those documented nowhere else.

## Why is this bad?
The list of what production needs exists only in the settings code. Deployers copy a colleague's
`.env`, secrets and all, or miss a variable and run with a development default.

## Example
```text
# settings read SECRET_KEY, DATABASE_URL, SENTRY_DSN; no .env.example
```

Use instead:
```text
# .env.example (committed; the real .env is not)
SECRET_KEY=
DATABASE_URL=postgres://user:password@db:5432/app
SENTRY_DSN=
```

## References
- [The Twelve-Factor App: Config](https://12factor.net/config)
"#,
    check: check_no_env_example,
};

/// Each variable once, in the order the settings chain reads them.
fn env_vars<'p>(checker: &Checker<'p>) -> Vec<&'p EnvVarUse> {
    let settings = &checker.project.settings;
    let file_order = |path: &str| settings.files.iter().position(|f| f == path).unwrap_or(usize::MAX);
    let mut all: Vec<&EnvVarUse> = settings.env_vars.iter().collect();
    all.sort_by_key(|v| (file_order(&v.path), v.path.clone(), v.line));
    let mut seen: Vec<&EnvVarUse> = Vec::new();
    for var in all {
        if !seen.iter().any(|s| s.name == var.name) {
            seen.push(var);
        }
    }
    seen
}

/// Whether `name` appears, as a whole word, in a documenting file.
fn documented(checker: &Checker, name: &str, texts: &[String]) -> bool {
    let Ok(word) = Regex::new(&format!(r"\b{}\b", regex::escape(name))) else { return true };
    let project = checker.project;
    DOCUMENTING.iter().flat_map(|k| project.texts_of(*k)).any(|t| word.is_match(&t.text)) || texts.iter().any(|t| word.is_match(t))
}

/// Deploy descriptors discovery does not read.
fn extra_texts(checker: &Checker) -> Vec<String> {
    ["app.json", "Makefile", "docker-compose.override.yml.example"].iter().filter_map(|f| root_file(checker, f)).collect()
}

fn names(vars: &[&EnvVarUse]) -> String {
    let names: Vec<&str> = vars.iter().map(|v| v.name.as_str()).collect();
    if names.len() > 12 {
        format!("{}, … ({} in all)", names[..12].join(", "), names.len())
    } else {
        names.join(", ")
    }
}

fn check_undocumented(checker: &Checker, out: &mut Vec<Finding>) {
    if !has_application_code(checker) {
        return;
    }
    if checker.project.texts_of(FileKind::EnvExample).next().is_none() {
        return; // DOC005
    }
    let extra = extra_texts(checker);
    let missing: Vec<&EnvVarUse> = env_vars(checker).into_iter().filter(|v| !documented(checker, &v.name, &extra)).collect();
    let Some(first) = missing.first() else { return };
    let required: Vec<&EnvVarUse> = missing.iter().copied().filter(|v| v.default.is_none()).collect();
    let severity = if required.is_empty() { Severity::Low } else { Severity::Medium };
    let mut message = format!("the settings read environment variables documented nowhere (README, docs, .env.example, compose, deploy files): {}", names(&missing));
    if !required.is_empty() {
        message.push_str(&format!("; without a default, so start-up fails when unset: {}", names(&required)));
    }
    let snippet: String = missing.iter().map(|v| format!("{}=\n", v.name)).collect();
    out.push(
        ENV_VARS_UNDOCUMENTED
            .finding(&first.path, Span::line(first.line), message)
            .with_severity(severity)
            .with_fix(Fix::manual("List each variable in .env.example with a comment saying what it is for", Some(&snippet))),
    );
}

fn check_no_env_example(checker: &Checker, out: &mut Vec<Finding>) {
    if !has_application_code(checker) {
        return;
    }
    if checker.project.texts_of(FileKind::EnvExample).next().is_some() {
        return;
    }
    let vars = env_vars(checker);
    let Some(first) = vars.first() else { return };
    let extra = extra_texts(checker);
    let nowhere: Vec<&EnvVarUse> = vars.iter().copied().filter(|v| !documented(checker, &v.name, &extra)).collect();
    let mut message = format!("the settings read {} environment variable(s) but there is no .env.example listing them: {}", vars.len(), names(&vars));
    if !nowhere.is_empty() {
        message.push_str(&format!("; documented nowhere else: {}", names(&nowhere)));
    }
    let snippet: String = vars.iter().map(|v| format!("{}=\n", v.name)).collect();
    out.push(
        NO_ENV_EXAMPLE
            .finding(&first.path, Span::line(first.line), message)
            .with_fix(Fix::manual("Commit a .env.example with every variable, empty secrets and a comment each", Some(&snippet))),
    );
}
