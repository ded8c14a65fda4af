//! `.env.example`: every variable production reads (the generated settings,
//! gunicorn and the project's own settings), one comment each, no secrets.

use super::env_catalog::{is_secret_name, EnvCatalog, EnvValue};
use super::facts::{Facts, MARKER};
use super::production_settings::GROUP_PROJECT;

/// Adds the project's own variables not yet listed, then renders the file.
pub fn render(facts: &Facts, env: &mut EnvCatalog) -> String {
    for var in &facts.env_vars {
        let origin = format!("Read by {}:{}", var.path, var.line);
        let setting = var.setting.as_deref().map(|s| format!(" for {s}")).unwrap_or_default();
        let (comment, value) = match &var.default {
            None => (format!("{origin}{setting}; no default."), EnvValue::Required),
            Some(_) if is_secret_name(&var.name) => (format!("{origin}{setting}; a secret: set it in production."), EnvValue::OptionalEmpty),
            Some(default) => (format!("{origin}{setting}; default {default}."), EnvValue::Default(unquote(default))),
        };
        env.add(GROUP_PROJECT, &var.name, comment, value);
    }
    let mut out = format!(
        "# Production environment for {package}, {MARKER}.\n\
         # Copy it to the deployment's secret store or an env file that is never committed,\n\
         # and fill in every variable marked (required): the production settings refuse to\n\
         # start without them. Lines starting with `# NAME=` show a default you may override.\n",
        package = facts.package
    );
    let mut groups: Vec<&str> = Vec::new();
    for entry in &env.entries {
        if !groups.contains(&entry.group) {
            groups.push(entry.group);
        }
    }
    for group in groups {
        out.push_str(&format!("\n# --- {group} ---\n"));
        for entry in env.entries.iter().filter(|e| e.group == group) {
            out.push('\n');
            let mut lines = entry.comment.lines();
            let first = lines.next().unwrap_or_default();
            let required = if entry.value == EnvValue::Required { "(required) " } else { "" };
            out.push_str(&format!("# {required}{first}\n"));
            for line in lines {
                out.push_str(&format!("# {line}\n"));
            }
            match &entry.value {
                EnvValue::Required | EnvValue::OptionalEmpty => out.push_str(&format!("{}=\n", entry.name)),
                EnvValue::Default(default) => out.push_str(&format!("# {}={default}\n", entry.name)),
                EnvValue::Value(value) => out.push_str(&format!("{}={value}\n", entry.name)),
            }
        }
    }
    out
}

/// `'text'` → `text` (a Python string default shown as an env value).
fn unquote(repr: &str) -> String {
    let inner = repr.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')).or_else(|| repr.strip_prefix('"').and_then(|r| r.strip_suffix('"')));
    inner.unwrap_or(repr).to_owned()
}
