//! Runs the selected rules over a project, applies inline suppressions, and
//! reports suppressions that suppress nothing.

use std::collections::{HashMap, HashSet};
use std::any::{Any, TypeId};
use std::sync::{Arc, Mutex, OnceLock};

use greenlight_core::{Project, Span};
use rayon::prelude::*;

use crate::analysis::{roles, ImportMap, PyFile};
use crate::finding::Finding;
use crate::registry::RuleSelection;
use crate::rules::suppressions::UNUSED_SUPPRESSION;
use crate::suppression::{parse_line, Suppression};

/// What a rule's check sees: the project model and each Python file's role
/// and imports, computed once.
pub struct Checker<'p> {
    pub project: &'p Project,
    files: Vec<PyFile<'p>>,
    shared: Mutex<HashMap<TypeId, SharedSlot>>,
    /// The Django templates, tokenized once for the template rules (`templates::django_templates`).
    pub(crate) templates: OnceLock<Vec<crate::rules::templates::Template<'p>>>,
}

/// One project-wide analysis, computed by the first rule that asks.
type SharedSlot = Arc<OnceLock<Arc<dyn Any + Send + Sync>>>;

impl<'p> Checker<'p> {
    pub fn new(project: &'p Project) -> Checker<'p> {
        let files = project
            .python
            .par_iter()
            .map(|module| {
                PyFile::new(
                    module,
                    roles::classify(&module.rel_path, &project.settings.files),
                    ImportMap::build(&module.outline().body, project.module_name(&module.rel_path), module.rel_path.ends_with("__init__.py")),
                )
            })
            .collect();
        Checker { project, files, shared: Mutex::new(HashMap::new()), templates: OnceLock::new() }
    }

    pub fn python_files(&self) -> &[PyFile<'p>] {
        &self.files
    }

    /// Python files that run in production (not tests, migrations, settings, tooling).
    pub fn application_files(&self) -> impl Iterator<Item = &PyFile<'p>> {
        self.files.iter().filter(|f| f.is_production_code())
    }

    /// A project-wide analysis several rules need (the models, say), built
    /// once by `build` and shared; rules asking at the same time wait for it.
    pub fn shared<T: Any + Send + Sync>(&self, build: impl FnOnce(&Checker<'p>) -> T) -> Arc<T> {
        let slot = self.shared.lock().unwrap_or_else(|e| e.into_inner()).entry(TypeId::of::<T>()).or_default().clone();
        let value = slot.get_or_init(|| Arc::new(build(self)) as Arc<dyn Any + Send + Sync>).clone();
        value.downcast::<T>().unwrap_or_else(|_| unreachable!("slots are keyed by type"))
    }

    /// The text of any file greenlight read, by relative path.
    pub fn file_text(&self, path: &str) -> Option<&str> {
        self.project.file_text(path)
    }
}

/// Runs every selected rule, in parallel, and returns the findings that are
/// not suppressed, sorted most severe first.
pub fn check_project(project: &Project, selection: &RuleSelection) -> Vec<Finding> {
    let checker = Checker::new(project);
    // For bench/: which rules cost the time on a large tree.
    let print_rule_times = std::env::var_os("GREENLIGHT_PROFILE_RULES").is_some();
    if print_rule_times {
        let started = std::time::Instant::now();
        crate::rules::build_shared_analyses(&checker);
        eprintln!("rule-time (shared-analyses) {}", started.elapsed().as_micros());
    }
    let findings: Vec<Finding> = selection
        .rules()
        .par_iter()
        .flat_map_iter(|rule| {
            let mut out = Vec::new();
            let started = std::time::Instant::now();
            (rule.check)(&checker, &mut out);
            if print_rule_times {
                eprintln!("rule-time {} {}", rule.code, started.elapsed().as_micros());
            }
            out
        })
        .filter(|finding| selection.is_selected(finding.code))
        .collect();
    let mut findings = apply_suppressions(&checker, findings, selection);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup();
    findings
}

/// Drops suppressed findings; adds CFG006 for each suppressed code that no
/// finding on its line needed.
fn apply_suppressions(checker: &Checker, findings: Vec<Finding>, selection: &RuleSelection) -> Vec<Finding> {
    let mut used: HashSet<(String, u32, String)> = HashSet::new();
    let mut kept = Vec::with_capacity(findings.len());
    // Lines of each file with findings, split once: per-finding scans were
    // quadratic on files with many findings (a 200,000-line requirements.txt).
    let mut lines_of: HashMap<String, Vec<&str>> = HashMap::new();
    for finding in findings {
        let line = finding.span.start.line;
        let lines = lines_of
            .entry(finding.path.clone())
            .or_insert_with(|| checker.file_text(&finding.path).map(|text| text.lines().collect()).unwrap_or_default());
        let suppression = (line as usize).checked_sub(1).and_then(|i| lines.get(i)).and_then(|text| parse_line(text));
        match suppression {
            Some(s) if s.covers(finding.code) => {
                used.insert((finding.path.clone(), line, finding.code.to_owned()));
            }
            _ => kept.push(finding),
        }
    }
    if !selection.is_selected(UNUSED_SUPPRESSION.code) {
        return kept;
    }
    // Every file is searched for suppressions in parallel (serially, this
    // took 8 ms of saleor's audit, 96 of whose files say noqa).
    let texts: Vec<(&str, &str)> = checker
        .project
        .python
        .iter()
        .map(|m| (m.rel_path.as_str(), m.text.as_str()))
        .chain(checker.project.texts.iter().map(|t| (t.rel_path.as_str(), t.text.as_str())))
        .collect();
    let unused = texts.par_iter().flat_map_iter(|&(path, text)| {
        let mut out = Vec::new();
        if !text.contains("noqa") && !text.contains("NOQA") {
            return out;
        }
        for (index, line_text) in text.lines().enumerate() {
            let Some(Suppression::Codes(codes)) = parse_line(line_text) else { continue };
            let line = index as u32 + 1;
            for code in codes {
                // A suppression of a rule that did not run cannot be judged.
                if !selection.is_selected(&code) || used.contains(&(path.to_owned(), line, code.clone())) {
                    continue;
                }
                let message = format!("`noqa: {code}` suppresses nothing on this line; remove it");
                out.push(UNUSED_SUPPRESSION.finding(path, Span::line(line), message));
            }
        }
        out
    });
    kept.par_extend(unused);
    kept
}
