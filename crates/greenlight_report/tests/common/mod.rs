//! Reports of the bundled example projects, built through the library (no
//! binary), for the renderer tests.
#![allow(dead_code)] // each test crate uses some of these

use std::path::{Path, PathBuf};

use greenlight_core::project::LoadOptions;
use greenlight_core::Project;
use greenlight_report::{build_report, Report, ReportInput};
use greenlight_rules::{check_project, RuleSelection};

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).unwrap().to_path_buf()
}

/// `examples/{name}` loaded under an empty production profile.
pub fn example_project(name: &str) -> Project {
    Project::load(&workspace().join("examples").join(name), &LoadOptions::default()).unwrap()
}

/// The report of `examples/{name}` under an empty production profile.
pub fn example_report(name: &str) -> Report {
    report_of(&example_project(name))
}

/// The report of a loaded project with every default rule.
pub fn report_of(project: &Project) -> Report {
    let selection = RuleSelection::new(&[], &[]).unwrap();
    let findings = check_project(project, &selection);
    let rules = selection.rules();
    build_report(&ReportInput { project, findings: &findings, rules_run: &rules, profile_env: Vec::new(), inherit_env: false, baseline: None })
}
