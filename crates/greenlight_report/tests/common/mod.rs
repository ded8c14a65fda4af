//! Reports of the bundled example projects, built through the library (no
//! binary), for the renderer tests.

use std::path::{Path, PathBuf};

use greenlight_core::project::LoadOptions;
use greenlight_core::Project;
use greenlight_report::{build_report, Report, ReportInput};
use greenlight_rules::{check_project, RuleSelection};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).unwrap().to_path_buf()
}

/// The report of `examples/{name}` under an empty production profile.
pub fn example_report(name: &str) -> Report {
    let root = workspace().join("examples").join(name);
    let project = Project::load(&root, &LoadOptions::default()).unwrap();
    let selection = RuleSelection::new(&[], &[]).unwrap();
    let findings = check_project(&project, &selection);
    let rules = selection.rules();
    build_report(&ReportInput { project: &project, findings: &findings, rules_run: &rules, profile_env: Vec::new(), inherit_env: false, baseline: None })
}
