//! Small helpers the family shares: settings as "set or not" (an unset setting
//! greenlight has no Django default for is simply absent here), and the
//! deployment files' texts.

use greenlight_core::project::TextFile;
use greenlight_core::settings::Value;
use greenlight_core::FileKind;

use crate::checker::Checker;

/// The production value of `name` if the settings assign it.
pub fn assigned(checker: &Checker, name: &str) -> Option<Value> {
    checker.project.settings.get(name).map(|s| s.value.clone())
}

/// Dockerfiles, compose files, Procfiles and other deployment configuration.
pub fn deploy_texts<'c>(checker: &'c Checker) -> impl Iterator<Item = &'c TextFile> + 'c {
    [FileKind::Dockerfile, FileKind::Compose, FileKind::DeployConfig].into_iter().flat_map(|k| checker.project.texts_of(k))
}

/// Requirements-like files (requirements*.txt, pyproject.toml, Pipfile, lockfiles).
pub fn dependency_texts<'c>(checker: &'c Checker) -> impl Iterator<Item = &'c TextFile> + 'c {
    [FileKind::Requirements, FileKind::Pyproject, FileKind::Pipfile, FileKind::Lockfile].into_iter().flat_map(|k| checker.project.texts_of(k))
}

/// The strings of a list/tuple setting (unknown items skipped).
pub fn strings(value: &Value) -> Vec<&str> {
    value.items().map(|items| items.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

/// Application files, without those under a hidden directory (`.semgrep/`,
/// `.github/`): rule examples and CI scripts, not deployed code.
pub fn app_files<'c, 'p>(checker: &'c Checker<'p>) -> impl Iterator<Item = &'c crate::analysis::PyFile<'p>> + 'c {
    checker.application_files().filter(|f| !f.path().split('/').any(|part| part.starts_with('.') && part.len() > 1))
}
