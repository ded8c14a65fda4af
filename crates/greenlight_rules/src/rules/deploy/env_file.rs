//! SEC068: a `.env` file in the repository. Discovery honours `.gitignore`, so
//! an env file greenlight sees is one git tracks (or would add). The message
//! names the keys, never the values.

use greenlight_core::{FileKind, Span};

use super::{is_development_path, is_secret_name};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static COMMITTED_ENV_FILE: Rule = Rule {
    code: "SEC068",
    effort_minutes: 30,
    name: "committed-env-file",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(540),
    summary: "A `.env` file is in the repository (not ignored by git)",
    doc: r#"## What it does
Reports `.env` files (`.env`, `.env.production`, …; not `.env.example`/`.env.sample`) that
`.gitignore` does not exclude. High when they set non-empty values for credential-like keys
(`…KEY`, `…SECRET`, `…PASSWORD`, `…TOKEN`, URLs with a password), medium otherwise and for
development/test env files. The message names the keys, never the values.

## Why is this bad?
Everyone with access to the repository, its forks, CI logs and backups has the credentials, for
as long as the history exists: removing the file later does not remove it from git. The same
values also tend to become production's, because they are already there.

## Example
```text
# .env (committed)
SECRET_KEY=…
DB_PASSWORD=…
```

Use instead:
```text
# .env.example (committed): names only
SECRET_KEY=
DB_PASSWORD=
# .gitignore
.env
```

## References
- [The Twelve-Factor App: Config](https://12factor.net/config)
- [GitHub: Removing sensitive data from a repository](https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository)
- [CWE-540: Inclusion of Sensitive Information in Source Code](https://cwe.mitre.org/data/definitions/540.html)
"#,
    check: check_env_files,
};

fn check_env_files(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.project.texts_of(FileKind::EnvFile) {
        let assignments = assignments(&file.text);
        if assignments.is_empty() {
            continue;
        }
        let secrets: Vec<&(String, String, u32)> = assignments.iter().filter(|(k, v, _)| is_secret(k, v)).collect();
        let development = is_development_path(&file.rel_path);
        let fix = Fix::manual(
            "Remove the file from git (git rm --cached), add it to .gitignore, rotate the credentials, and commit a .env.example with empty values instead",
            Some(".env\n.env.*\n!.env.example"),
        );
        let finding = if let Some((_, _, line)) = secrets.first() {
            let keys: Vec<&str> = secrets.iter().map(|(k, _, _)| k.as_str()).collect();
            let message = format!("committed env file sets {}: anyone with the repository has these credentials", keys.join(", "));
            let severity = if development { Severity::Medium } else { Severity::High };
            COMMITTED_ENV_FILE.finding(&file.rel_path, Span::line(*line), message).with_severity(severity)
        } else {
            let keys: Vec<&str> = assignments.iter().take(5).map(|(k, _, _)| k.as_str()).collect();
            let more = if assignments.len() > 5 { ", …" } else { "" };
            let message = format!("committed env file ({}{more}): environment files belong outside the repository", keys.join(", "));
            COMMITTED_ENV_FILE.finding(&file.rel_path, Span::line(1), message).with_severity(Severity::Medium)
        };
        out.push(finding.with_fix(fix));
    }
}

/// `KEY=value` lines (with `export`, quotes and trailing comments handled): key, value, line.
fn assignments(text: &str) -> Vec<(String, String, u32)> {
    text.lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let line = line.trim();
            let line = line.strip_prefix("export ").unwrap_or(line);
            if line.starts_with('#') {
                return None;
            }
            let (key, value) = line.split_once('=')?;
            let key = key.trim();
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-') {
                return None;
            }
            Some((key.to_owned(), unquoted_value(value), index as u32 + 1))
        })
        .collect()
}

fn unquoted_value(value: &str) -> String {
    let value = value.trim();
    for quote in ['"', '\''] {
        if let Some(inner) = value.strip_prefix(quote) {
            return inner.split(quote).next().unwrap_or("").to_owned();
        }
    }
    value.split(" #").next().unwrap_or("").trim().to_owned()
}

/// A credential: a secret-named key with a real value, or a URL with a password.
fn is_secret(key: &str, value: &str) -> bool {
    if value.is_empty() || value.starts_with('$') {
        return false;
    }
    let url_password = value.split_once("://").and_then(|(_, rest)| rest.split_once('@')).is_some_and(|(userinfo, _)| userinfo.contains(':'));
    is_secret_name(key) || url_password
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_assignments() {
        let text = "# comment\nexport SECRET_KEY=\"a b\" # x\nDEBUG=True # on\nDB_PASSWORD=\nDATABASE_URL=postgres://u:p@db/x\nnot a line\n";
        let found = assignments(text);
        assert_eq!(found.iter().map(|(k, v, l)| (k.as_str(), v.as_str(), *l)).collect::<Vec<_>>(), [
            ("SECRET_KEY", "a b", 2),
            ("DEBUG", "True", 3),
            ("DB_PASSWORD", "", 4),
            ("DATABASE_URL", "postgres://u:p@db/x", 5)
        ]);
        let secrets: Vec<&str> = found.iter().filter(|(k, v, _)| is_secret(k, v)).map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(secrets, ["SECRET_KEY", "DATABASE_URL"]);
    }
}
