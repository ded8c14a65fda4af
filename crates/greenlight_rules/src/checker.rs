//! Runs the selected rules over a project and collects their findings.

use greenlight_core::Project;
use rayon::prelude::*;

use crate::finding::Finding;
use crate::registry::RuleSelection;

/// What a rule's check sees: the project model.
pub struct Checker<'p> {
    pub project: &'p Project,
}

/// Runs every selected rule, in parallel, and returns the findings sorted
/// most severe first.
pub fn check_project(project: &Project, selection: &RuleSelection) -> Vec<Finding> {
    let checker = Checker { project };
    let mut findings: Vec<Finding> = selection
        .rules()
        .par_iter()
        .flat_map_iter(|rule| {
            let mut out = Vec::new();
            (rule.check)(&checker, &mut out);
            out
        })
        .filter(|finding| selection.is_selected(finding.code))
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
    findings
}
