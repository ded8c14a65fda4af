//! Entry points for the `cargo fuzz` targets in `fuzz/`, kept here so that the
//! crashers the fuzzer found replay in the normal test suite (without nightly)
//! through exactly the code the fuzzer ran. Each takes arbitrary bytes and
//! must return without panicking, hanging or overflowing the stack.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use greenlight_core::manifests::{LockFile, Manifest, ManifestKind};
use greenlight_core::project::LoadOptions;
use greenlight_core::python::{decode_source, parse_python, PythonModule};
use greenlight_core::settings::{evaluate_settings, ModuleLookup, ModuleSource};
use greenlight_core::{template, Profile, Project};

use crate::registry::RuleSelection;
use crate::rules::deploy::parsers::{compose_services, Dockerfile};

/// The fuzz targets, by name (the directory names under `fuzz/regressions/`).
pub const TARGETS: &[&str] = &["settings", "template", "manifests", "docker", "audit_tree"];

/// Runs the named target on `data`; `false` for an unknown name.
pub fn run(target: &str, data: &[u8]) -> bool {
    match target {
        "settings" => settings(data),
        "template" => template(data),
        "manifests" => manifests(data),
        "docker" => docker(data),
        "audit_tree" => audit_tree(data),
        _ => return false,
    }
    true
}

/// Source → parse (under the default limits) → evaluate as the settings module.
pub fn settings(data: &[u8]) {
    let Ok(text) = decode_source(data.to_vec()) else { return };
    let Ok(module) = parse_python("proj/settings.py", text) else { return };
    let source = OneModule(module);
    let mut profile = Profile::new();
    profile.set("DJANGO_DEBUG".to_owned(), "False".to_owned());
    let settings = evaluate_settings(&source, "proj.settings", &profile);
    let _ = settings.effective("DEBUG");
}

/// The settings module and nothing else: every import of a project module
/// (including itself) resolves to it.
struct OneModule(PythonModule);

impl ModuleSource for OneModule {
    fn lookup(&self, dotted: &str) -> ModuleLookup<'_> {
        if dotted.starts_with("proj") {
            ModuleLookup::Found(&self.0)
        } else {
            ModuleLookup::External
        }
    }

    fn is_package(&self, dotted: &str) -> bool {
        dotted == "proj"
    }
}

/// The template lexer, the tag walker and the expression parser.
pub fn template(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let tokens = template::tokenize(&text);
    template::walk(&tokens, |_, _| {});
    if let Some(last) = tokens.last() {
        let _ = template::line_of_offset(&text, last.end.min(text.len()));
    }
    let _ = template::parse_expression(&text);
}

/// requirements.txt, pyproject.toml, Pipfile and lock files.
pub fn manifests(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for kind in [ManifestKind::Requirements, ManifestKind::Pyproject, ManifestKind::Pipfile] {
        let manifest = Manifest::parse("requirements.txt", kind, &text);
        for requirement in &manifest.requirements {
            let _ = requirement.pin();
        }
    }
    for path in ["poetry.lock", "Pipfile.lock", "uv.lock"] {
        let _ = LockFile::parse(path, &text);
    }
}

/// Dockerfile instructions and stages; compose services.
pub fn docker(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let dockerfile = Dockerfile::parse(&text);
    let _ = dockerfile.production_stage();
    let _ = compose_services(&text);
}

/// Files the audit-tree input is cut into, in order (`manage.py` is fixed).
const TREE_FILES: &[&str] = &[
    "proj/settings.py",
    "app/views.py",
    "app/templates/app/page.html",
    "requirements.txt",
    "Dockerfile",
    "docker-compose.yml",
    "pyproject.toml",
    "proj/urls.py",
    "app/models.py",
];

/// The whole audit on a small project made of `data`: its parts, separated by
/// the byte 0x1E, become the files of `TREE_FILES`, in a fresh temporary
/// directory; then `Project::load` and every rule.
pub fn audit_tree(data: &[u8]) {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let dir: PathBuf = std::env::temp_dir().join(format!("greenlight-fuzz-{}-{}", std::process::id(), RUN.fetch_add(1, Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&dir);
    let written = (|| -> std::io::Result<()> {
        std::fs::create_dir_all(dir.join("proj"))?;
        std::fs::write(dir.join("manage.py"), "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n")?;
        std::fs::write(dir.join("proj/__init__.py"), "")?;
        std::fs::write(dir.join("proj/settings.py"), "")?;
        for (part, name) in data.split(|&b| b == 0x1E).zip(TREE_FILES) {
            let path = dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, part)?;
        }
        Ok(())
    })();
    if written.is_ok() {
        if let Ok(project) = Project::load(&dir, &LoadOptions::default()) {
            let selection = RuleSelection::new(&[], &[]).expect("the default selection is valid");
            let _ = crate::check_project(&project, &selection);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
