//! Discovery: walk the project tree in parallel, honouring `.gitignore`, and
//! classify every file greenlight has a use for. Files git ignores are not
//! deployed, so they are not part of the audit (a gitignored `local.py` does not
//! exist in production).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};
use serde::Serialize;

use crate::notes::Note;

/// What a file is to greenlight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    Python,
    Template,
    Requirements,
    Pyproject,
    Pipfile,
    Lockfile,
    Dockerfile,
    DockerIgnore,
    Compose,
    Ci,
    EnvFile,
    EnvExample,
    Readme,
    Doc,
    DeployConfig,
}

#[derive(Debug, Clone)]
pub struct ProjectFile {
    /// Relative to the project root, `/` separators.
    pub rel_path: String,
    pub abs_path: PathBuf,
    pub kind: FileKind,
    pub size: u64,
}

/// Directories never worth walking: tool caches and virtual environments.
const SKIPPED_DIRS: &[&str] = &[
    ".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".nox", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".greenlight_cache", "site-packages", ".venv", "venv", ".eggs",
];

/// The parallel walk discovery makes: `.gitignore` honoured even outside git,
/// hidden files included, links not followed, tool caches and virtual
/// environments skipped. The audit cache walks the same way.
pub fn walker(root: &Path) -> ignore::WalkParallel {
    WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && (is_skipped_dir(entry.file_name()) || entry.path().join("pyvenv.cfg").exists()))
        })
        .build_parallel()
}

/// Walks `root` and returns its classified files (sorted by path) and notes on
/// what could not be walked.
pub fn discover(root: &Path) -> (Vec<ProjectFile>, Vec<Note>) {
    let files = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    let walker = walker(root);
    walker.run(|| {
        Box::new(|result| {
            match result {
                Ok(entry) => {
                    if let Some(note) = not_followed(root, &entry) {
                        notes.lock().unwrap_or_else(|e| e.into_inner()).push(note);
                    } else if entry.file_type().is_some_and(|t| t.is_file()) {
                        let rel_path = relative(root, entry.path());
                        if let Some(kind) = classify(&rel_path) {
                            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                            let file = ProjectFile { rel_path, abs_path: entry.into_path(), kind, size };
                            files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
                        }
                    }
                }
                Err(error) => {
                    let path = walk_error_path(&error).map(|p| relative(root, p)).unwrap_or_default();
                    let note = Note::new(path, format!("could not be walked: {}", walk_error_message(&error)));
                    notes.lock().unwrap_or_else(|e| e.into_inner()).push(note);
                }
            }
            WalkState::Continue
        })
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    let mut notes = notes.into_inner().unwrap_or_else(|e| e.into_inner());
    notes.sort();
    (files, notes)
}

/// A note for an entry that is neither a regular file nor a directory and
/// that greenlight would have read: links are not followed (a link can loop,
/// or point outside the project), and FIFOs or devices could block a read.
fn not_followed(root: &Path, entry: &ignore::DirEntry) -> Option<Note> {
    let file_type = entry.file_type()?;
    if file_type.is_file() || file_type.is_dir() {
        return None;
    }
    let rel_path = relative(root, entry.path());
    let message = if file_type.is_symlink() {
        match std::fs::metadata(entry.path()) {
            Err(_) => "skipped: a broken or looping symbolic link",
            Ok(target) if target.is_dir() => "skipped: a symbolic link to a directory (links are not followed)",
            Ok(_) if classify(&rel_path).is_some() => "skipped: a symbolic link (links are not followed)",
            Ok(_) => return None,
        }
    } else if classify(&rel_path).is_some() {
        "skipped: not a regular file (a FIFO, socket or device)"
    } else {
        return None;
    };
    Some(Note::new(rel_path, message))
}

/// A tool cache or virtual environment directory, by name.
fn is_skipped_dir(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| SKIPPED_DIRS.contains(&n))
}

/// Path of `path` relative to `root` with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

fn walk_error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => walk_error_path(err),
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

fn walk_error_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => walk_error_message(err),
        ignore::Error::Loop { ancestor, .. } => format!("symlink loop back to {}", ancestor.display()),
        other => other.to_string(),
    }
}

/// Classifies a file by its relative path; `None` for files greenlight has no use for.
pub fn classify(rel_path: &str) -> Option<FileKind> {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    let lower = name.to_ascii_lowercase();
    let in_dir = |dir: &str| rel_path.split('/').rev().skip(1).any(|d| d == dir);
    let kind = match lower.as_str() {
        "pyproject.toml" => FileKind::Pyproject,
        "pipfile" => FileKind::Pipfile,
        "pipfile.lock" | "poetry.lock" | "uv.lock" | "pdm.lock" => FileKind::Lockfile,
        ".dockerignore" => FileKind::DockerIgnore,
        ".gitlab-ci.yml" | ".travis.yml" | "jenkinsfile" | "azure-pipelines.yml" | "bitbucket-pipelines.yml"
        | "tox.ini" | "noxfile.py" => FileKind::Ci,
        "procfile" | "uwsgi.ini" | "app.yaml" | "fly.toml" | "render.yaml" | "heroku.yml" | "supervisord.conf" => {
            FileKind::DeployConfig
        }
        ".env.example" | ".env.sample" | ".env.template" | ".env.dist" | "env.example" | ".env.production.example" => {
            FileKind::EnvExample
        }
        _ if lower == ".env" || (lower.starts_with(".env.") && !lower.ends_with(".example")) => FileKind::EnvFile,
        _ if lower.ends_with(".example") && lower.contains("env") => FileKind::EnvExample,
        _ if lower.starts_with("dockerfile") || lower.ends_with(".dockerfile") => FileKind::Dockerfile,
        _ if (lower.starts_with("docker-compose") || lower.starts_with("compose"))
            && (lower.ends_with(".yml") || lower.ends_with(".yaml")) =>
        {
            FileKind::Compose
        }
        _ if (in_dir("workflows") && rel_path.contains(".github/")) && (lower.ends_with(".yml") || lower.ends_with(".yaml")) => {
            FileKind::Ci
        }
        _ if rel_path.starts_with(".circleci/") => FileKind::Ci,
        _ if lower.ends_with(".py") => FileKind::Python,
        _ if lower.starts_with("requirements") && (lower.ends_with(".txt") || lower.ends_with(".in")) => FileKind::Requirements,
        _ if in_dir("requirements") && (lower.ends_with(".txt") || lower.ends_with(".in")) => FileKind::Requirements,
        _ if lower.starts_with("readme") => FileKind::Readme,
        _ if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".jinja") || lower.ends_with(".djhtml") => {
            FileKind::Template
        }
        _ if in_dir("templates") && (lower.ends_with(".txt") || lower.ends_with(".xml")) => FileKind::Template,
        _ if lower.ends_with(".md") || lower.ends_with(".rst") => FileKind::Doc,
        _ if lower.ends_with(".service") || (lower.starts_with("nginx") && lower.ends_with(".conf")) => FileKind::DeployConfig,
        _ => return None,
    };
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_common_files() {
        let cases = [
            ("manage.py", Some(FileKind::Python)),
            ("app/templates/app/x.html", Some(FileKind::Template)),
            ("app/templates/emails/welcome.txt", Some(FileKind::Template)),
            ("requirements.txt", Some(FileKind::Requirements)),
            ("requirements/prod.txt", Some(FileKind::Requirements)),
            ("requirements-dev.in", Some(FileKind::Requirements)),
            ("Dockerfile", Some(FileKind::Dockerfile)),
            ("docker/Dockerfile.prod", Some(FileKind::Dockerfile)),
            ("docker-compose.prod.yml", Some(FileKind::Compose)),
            (".github/workflows/ci.yml", Some(FileKind::Ci)),
            (".gitlab-ci.yml", Some(FileKind::Ci)),
            (".env", Some(FileKind::EnvFile)),
            (".env.production", Some(FileKind::EnvFile)),
            (".env.example", Some(FileKind::EnvExample)),
            (".env.production.example", Some(FileKind::EnvExample)),
            ("README.md", Some(FileKind::Readme)),
            ("docs/deploy.md", Some(FileKind::Doc)),
            ("Procfile", Some(FileKind::DeployConfig)),
            ("static/app.js", None),
            ("notes.txt", None),
        ];
        for (path, kind) in cases {
            assert_eq!(classify(path), kind, "{path}");
        }
    }

    #[test]
    fn honours_gitignore_without_git() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), "local.py\n").unwrap();
        std::fs::write(dir.path().join("local.py"), "DEBUG = True\n").unwrap();
        std::fs::write(dir.path().join("base.py"), "DEBUG = False\n").unwrap();
        std::fs::create_dir(dir.path().join("node_modules")).unwrap();
        std::fs::write(dir.path().join("node_modules/x.py"), "").unwrap();
        let (files, notes) = discover(dir.path());
        let paths: Vec<&str> = files.iter().map(|f| f.rel_path.as_str()).collect();
        assert_eq!(paths, ["base.py"]);
        assert!(notes.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_does_not_hang() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
        std::fs::write(dir.path().join("a/m.py"), "").unwrap();
        let (files, notes) = discover(dir.path());
        assert_eq!(files.len(), 1);
        assert_eq!(notes, [Note::new("a/loop", "skipped: a symbolic link to a directory (links are not followed)")]);
        std::os::unix::fs::symlink("self.py", dir.path().join("self.py")).unwrap();
        let (_, notes) = discover(dir.path());
        assert!(notes.contains(&Note::new("self.py", "skipped: a broken or looping symbolic link")), "{notes:?}");
    }
}
