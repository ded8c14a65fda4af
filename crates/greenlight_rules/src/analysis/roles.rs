//! A Python file's role, from its path: rules about application code must not
//! fire in tests, migrations or development-only settings.

use greenlight_core::outline::is_test_path;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileRole {
    /// Runs in production: views, models, tasks, services.
    Application,
    Test,
    Migration,
    /// A settings module (any of them; the production chain is evaluated separately).
    Settings,
    /// Scripts, docs examples, development tooling: not deployed code.
    Tooling,
}

pub fn classify(rel_path: &str, settings_files: &[String]) -> FileRole {
    let parts: Vec<&str> = rel_path.split('/').collect();
    let name = parts.last().copied().unwrap_or("");
    let dirs = &parts[..parts.len().saturating_sub(1)];
    let in_dir = |d: &str| dirs.iter().any(|x| *x == d);
    if in_dir("migrations") {
        return FileRole::Migration;
    }
    // The same test files the project keeps as outlines.
    if is_test_path(rel_path) {
        return FileRole::Test;
    }
    if settings_files.iter().any(|f| f == rel_path) || in_dir("settings") || name.starts_with("settings") || name == "local_settings.py" {
        return FileRole::Settings;
    }
    // Hidden directories (`.semgrep/`, `.devcontainer/`) and container helper
    // scripts are tooling, not the deployed application.
    if dirs.iter().any(|d| d.starts_with('.')) || in_dir("docker") {
        return FileRole::Tooling;
    }
    if in_dir("docs") || in_dir("scripts") || in_dir("bin") || in_dir("examples") || in_dir("fixtures") || in_dir("node_modules")
        || name == "manage.py" || name == "setup.py" || name == "noxfile.py" || name == "fabfile.py" || name == "conf.py"
    {
        return FileRole::Tooling;
    }
    FileRole::Application
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_paths() {
        let settings = vec!["proj/prod.py".to_owned()];
        assert_eq!(classify("app/views.py", &settings), FileRole::Application);
        assert_eq!(classify("app/tests/test_views.py", &settings), FileRole::Test);
        assert_eq!(classify("app/tests.py", &settings), FileRole::Test);
        assert_eq!(classify("conftest.py", &settings), FileRole::Test);
        assert_eq!(classify("app/migrations/0001_initial.py", &settings), FileRole::Migration);
        assert_eq!(classify("proj/settings/dev.py", &settings), FileRole::Settings);
        assert_eq!(classify("proj/prod.py", &settings), FileRole::Settings);
        assert_eq!(classify("scripts/load.py", &settings), FileRole::Tooling);
        assert_eq!(classify("manage.py", &settings), FileRole::Tooling);
        assert_eq!(classify(".semgrep/rules/example.py", &settings), FileRole::Tooling);
        assert_eq!(classify("docker/fetchstatus.py", &settings), FileRole::Tooling);
    }
}
