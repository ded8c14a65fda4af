//! The scoring model, in one place (printed by `greenlight explain --scoring`).
//!
//! - Each category starts at 10 and loses a fixed number of points per finding,
//!   by severity (`PENALTY`); it never goes below 0.
//! - The overall score is the weighted mean of the category scores (`WEIGHT`),
//!   capped at `CRITICAL_CAP` while any critical finding remains.
//! - Grades come from `GRADE_BANDS`. The verdict: any critical finding →
//!   `not-ready`; else any high finding or an overall score under
//!   `READY_MIN_SCORE` → `ready-with-fixes`; else `ready`.
//!
//! Every term only ever subtracts for a finding, so fixing a finding never
//! lowers a score (monotone), and the same findings always give the same score.

use std::collections::BTreeMap;

use greenlight_rules::{Category, Finding, Severity};
use serde::Serialize;

/// Points a category loses per finding of each severity.
pub const PENALTY: [(Severity, f64); 5] =
    [(Severity::Critical, 4.0), (Severity::High, 2.0), (Severity::Medium, 1.0), (Severity::Low, 0.3), (Severity::Info, 0.0)];

/// Weight of each category in the overall score.
pub const WEIGHT: [(Category, f64); 9] = [
    (Category::Security, 3.0),
    (Category::Configuration, 2.0),
    (Category::Deployment, 1.5),
    (Category::Reliability, 1.5),
    (Category::Performance, 1.0),
    (Category::Testing, 1.0),
    (Category::Observability, 1.0),
    (Category::Dependencies, 1.0),
    (Category::Documentation, 0.5),
];

/// The overall score cannot exceed this while a critical finding remains.
pub const CRITICAL_CAP: f64 = 4.0;

/// Lowest overall score for a `ready` verdict.
pub const READY_MIN_SCORE: f64 = 7.0;

/// (minimum score, grade), best first.
pub const GRADE_BANDS: [(f64, &str); 11] = [
    (9.5, "A+"),
    (9.0, "A"),
    (8.5, "A-"),
    (8.0, "B+"),
    (7.0, "B"),
    (6.5, "B-"),
    (6.0, "C+"),
    (5.0, "C"),
    (4.0, "D"),
    (3.0, "E"),
    (0.0, "F"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Ready,
    ReadyWithFixes,
    NotReady,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::ReadyWithFixes => "ready-with-fixes",
            Verdict::NotReady => "not-ready",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Score {
    pub overall: f64,
    pub grade: &'static str,
    pub categories: BTreeMap<&'static str, f64>,
}

pub fn penalty(severity: Severity) -> f64 {
    PENALTY.iter().find(|(s, _)| *s == severity).map(|(_, p)| *p).unwrap_or(0.0)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub fn grade(overall: f64) -> &'static str {
    GRADE_BANDS.iter().find(|(min, _)| overall >= *min).map(|(_, g)| *g).unwrap_or("F")
}

/// Scores a set of findings.
pub fn score(findings: &[Finding]) -> Score {
    let mut lost: BTreeMap<Category, f64> = BTreeMap::new();
    for finding in findings {
        *lost.entry(finding.category).or_default() += penalty(finding.severity);
    }
    let category_score = |c: Category| (10.0 - lost.get(&c).copied().unwrap_or(0.0)).max(0.0);
    let total_weight: f64 = WEIGHT.iter().map(|(_, w)| w).sum();
    let mut overall = WEIGHT.iter().map(|(c, w)| category_score(*c) * w).sum::<f64>() / total_weight;
    if findings.iter().any(|f| f.severity == Severity::Critical) {
        overall = overall.min(CRITICAL_CAP);
    }
    let overall = round1(overall);
    Score {
        overall,
        grade: grade(overall),
        categories: Category::ALL.iter().map(|c| (c.as_str(), round1(category_score(*c)))).collect(),
    }
}

pub fn verdict(findings: &[Finding], score: &Score) -> Verdict {
    if findings.iter().any(|f| f.severity == Severity::Critical) {
        Verdict::NotReady
    } else if findings.iter().any(|f| f.severity == Severity::High) || score.overall < READY_MIN_SCORE {
        Verdict::ReadyWithFixes
    } else {
        Verdict::Ready
    }
}

/// The rules that cost the most points, most first: (code, name, points lost, count).
pub fn costliest(findings: &[Finding], limit: usize) -> Vec<(&'static str, &'static str, f64, usize)> {
    let mut by_rule: BTreeMap<&'static str, (&'static str, f64, usize)> = BTreeMap::new();
    for f in findings {
        let entry = by_rule.entry(f.code).or_insert((f.name, 0.0, 0));
        entry.1 += penalty(f.severity);
        entry.2 += 1;
    }
    let mut rows: Vec<_> = by_rule.into_iter().filter(|(_, (_, p, _))| *p > 0.0).map(|(c, (n, p, k))| (c, n, round1(p), k)).collect();
    rows.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(b.0)));
    rows.truncate(limit);
    rows
}
