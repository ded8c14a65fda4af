//! The scoring model, in one place. `greenlight explain --scoring` prints it
//! from these constants (`table`), so the printed model cannot drift from the
//! one that computes.
//!
//! - Each category starts at 10 and loses a fixed number of points per finding,
//!   by severity (`PENALTY_TENTHS`); it never goes below 0.
//! - The overall score is the weighted mean of the category scores (`WEIGHT`),
//!   rounded to one decimal (halves up), and capped at `CRITICAL_CAP_TENTHS`
//!   while any critical finding remains.
//! - Grades come from `GRADE_BANDS`. The verdict: any critical finding →
//!   `not-ready`; else any high finding or an overall score under
//!   `READY_MIN_TENTHS` → `ready-with-fixes`; else `ready`.
//!
//! Arithmetic is in integer tenths of a point, so the result does not depend
//! on the order of the findings (no floating-point sums). Every term only ever
//! subtracts for a finding, so fixing a finding never lowers a score and never
//! worsens the verdict (monotone); `tests/scoring_properties.rs` checks both.
//! `why` attributes every point lost to the rules that lost it.

use std::collections::BTreeMap;
use std::fmt::Write;

use greenlight_rules::{Category, Finding, Severity};
use serde::Serialize;

/// Points a category loses per finding of each severity, in tenths of a point.
pub const PENALTY_TENTHS: [(Severity, u32); 5] =
    [(Severity::Critical, 40), (Severity::High, 20), (Severity::Medium, 10), (Severity::Low, 3), (Severity::Info, 0)];

/// Relative weight of each category in the overall score.
pub const WEIGHT: [(Category, u32); 9] = [
    (Category::Security, 6),
    (Category::Configuration, 4),
    (Category::Deployment, 3),
    (Category::Reliability, 3),
    (Category::Performance, 2),
    (Category::Testing, 2),
    (Category::Observability, 2),
    (Category::Dependencies, 2),
    (Category::Documentation, 1),
];

/// A category's (and the overall) best score, in tenths.
pub const MAX_TENTHS: u32 = 100;

/// The overall score cannot exceed this (in tenths) while a critical finding remains.
pub const CRITICAL_CAP_TENTHS: u32 = 40;

/// Lowest overall score (in tenths) for a `ready` verdict.
pub const READY_MIN_TENTHS: u32 = 70;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

    pub fn parse(text: &str) -> Option<Verdict> {
        [Verdict::Ready, Verdict::ReadyWithFixes, Verdict::NotReady].into_iter().find(|v| v.as_str() == text)
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Score {
    pub overall: f64,
    pub grade: &'static str,
    pub categories: BTreeMap<&'static str, f64>,
}

/// Tenths of a point a finding of `severity` costs its category.
pub fn penalty_tenths(severity: Severity) -> u32 {
    PENALTY_TENTHS.iter().find(|(s, _)| *s == severity).map(|(_, p)| *p).unwrap_or(0)
}

/// Points a finding of `severity` costs its category.
pub fn penalty(severity: Severity) -> f64 {
    f64::from(penalty_tenths(severity)) / 10.0
}

pub fn weight(category: Category) -> u32 {
    WEIGHT.iter().find(|(c, _)| *c == category).map(|(_, w)| *w).unwrap_or(0)
}

fn total_weight() -> u32 {
    WEIGHT.iter().map(|(_, w)| w).sum()
}

fn points(tenths: u32) -> f64 {
    f64::from(tenths) / 10.0
}

/// A one-decimal score back in tenths.
fn tenths_of(score: f64) -> u32 {
    (score * 10.0).round().max(0.0) as u32
}

pub fn grade(overall: f64) -> &'static str {
    // Scores carry one decimal; compare in tenths so 8.5 is never 8.4999.
    GRADE_BANDS.iter().find(|(min, _)| tenths_of(overall) >= tenths_of(*min)).map(|(_, g)| *g).unwrap_or("F")
}

/// Raw tenths lost per category (before the floor at 0).
fn lost_by_category(findings: &[Finding]) -> BTreeMap<Category, u32> {
    let mut lost = BTreeMap::new();
    for finding in findings {
        *lost.entry(finding.category).or_default() += penalty_tenths(finding.severity);
    }
    lost
}

fn category_tenths(lost: &BTreeMap<Category, u32>, category: Category) -> u32 {
    MAX_TENTHS.saturating_sub(lost.get(&category).copied().unwrap_or(0))
}

/// The weighted mean of the category scores, in tenths, rounded half up.
fn uncapped_tenths(lost: &BTreeMap<Category, u32>) -> u32 {
    let total = total_weight();
    let weighted: u32 = WEIGHT.iter().map(|(c, w)| category_tenths(lost, *c) * w).sum();
    (2 * weighted + total) / (2 * total)
}

fn has_critical(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Critical)
}

/// Scores a set of findings.
pub fn score(findings: &[Finding]) -> Score {
    let lost = lost_by_category(findings);
    let mut overall = uncapped_tenths(&lost);
    if has_critical(findings) {
        overall = overall.min(CRITICAL_CAP_TENTHS);
    }
    let overall = points(overall);
    Score {
        overall,
        grade: grade(overall),
        categories: Category::ALL.iter().map(|c| (c.as_str(), points(category_tenths(&lost, *c)))).collect(),
    }
}

pub fn verdict(findings: &[Finding], score: &Score) -> Verdict {
    if has_critical(findings) {
        Verdict::NotReady
    } else if findings.iter().any(|f| f.severity == Severity::High) || tenths_of(score.overall) < READY_MIN_TENTHS {
        Verdict::ReadyWithFixes
    } else {
        Verdict::Ready
    }
}

/// What one rule's findings cost.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Cost {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    /// The most severe of the rule's findings.
    pub severity: Severity,
    pub count: usize,
    /// Points taken off the rule's category score (before the floor at 0).
    pub category_points: f64,
    /// Points taken off the overall score: the category points, floored with
    /// the rest of the category's losses, times the category's weight share.
    /// Over all rules these add up to 10 minus the uncapped overall score.
    pub overall_points: f64,
}

/// The rules that cost the most overall points, most first (ties by code).
pub fn costliest(findings: &[Finding], limit: usize) -> Vec<Cost> {
    let lost = lost_by_category(findings);
    let total = f64::from(total_weight());
    let mut by_rule: BTreeMap<&'static str, Cost> = BTreeMap::new();
    for f in findings {
        let cost = by_rule.entry(f.code).or_insert(Cost {
            code: f.code,
            name: f.name,
            category: f.category,
            severity: f.severity,
            count: 0,
            category_points: 0.0,
            overall_points: 0.0,
        });
        cost.count += 1;
        cost.severity = cost.severity.min(f.severity);
    }
    for cost in by_rule.values_mut() {
        let rule_tenths: u32 = findings.iter().filter(|f| f.code == cost.code).map(|f| penalty_tenths(f.severity)).sum();
        let category_lost = lost.get(&cost.category).copied().unwrap_or(0);
        let applied = category_lost.min(MAX_TENTHS);
        let share = if category_lost == 0 { 0.0 } else { f64::from(rule_tenths) * f64::from(applied) / f64::from(category_lost) };
        cost.category_points = points(rule_tenths);
        cost.overall_points = round2(share / 10.0 * f64::from(weight(cost.category)) / total);
    }
    let mut rows: Vec<Cost> = by_rule.into_values().filter(|c| c.category_points > 0.0).collect();
    rows.sort_by(|a, b| b.overall_points.total_cmp(&a.overall_points).then(a.severity.cmp(&b.severity)).then(a.code.cmp(b.code)));
    rows.truncate(limit);
    rows
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// "Why this grade": the reasons behind the verdict and grade, and the rules
/// that cost the most points.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Why {
    /// Sentences for the report's top, most decisive first.
    pub reasons: Vec<String>,
    /// The weighted mean before the critical cap.
    pub uncapped_score: f64,
    /// Whether the critical cap lowered the overall score.
    pub capped: bool,
    /// The costliest rules (at most `WHY_LIMIT`).
    pub costliest: Vec<Cost>,
}

/// How many rules "why this grade" names.
pub const WHY_LIMIT: usize = 5;

fn codes_of(findings: &[Finding], severity: Severity) -> (usize, String) {
    let matching: Vec<&Finding> = findings.iter().filter(|f| f.severity == severity).collect();
    let mut codes: Vec<&str> = matching.iter().map(|f| f.code).collect();
    codes.sort();
    codes.dedup();
    (matching.len(), codes.join(", "))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word} finding") } else { format!("{n} {word} findings") }
}

pub fn why(findings: &[Finding], score: &Score, verdict: Verdict) -> Why {
    let uncapped = points(uncapped_tenths(&lost_by_category(findings)));
    let capped = uncapped > score.overall;
    let mut reasons = Vec::new();
    let (critical, critical_codes) = codes_of(findings, Severity::Critical);
    let (high, high_codes) = codes_of(findings, Severity::High);
    match verdict {
        Verdict::NotReady => reasons.push(format!(
            "not-ready: {} ({critical_codes}); any critical finding blocks production",
            plural(critical, "critical")
        )),
        Verdict::ReadyWithFixes => {
            if high > 0 {
                reasons.push(format!("ready-with-fixes: {} ({high_codes}) to fix before `ready`", plural(high, "high")));
            }
            if tenths_of(score.overall) < READY_MIN_TENTHS {
                reasons.push(format!(
                    "ready-with-fixes: the score {:.1} is under the {:.1} that `ready` needs",
                    score.overall,
                    points(READY_MIN_TENTHS)
                ));
            }
        }
        Verdict::Ready => reasons.push(format!(
            "ready: no critical or high finding, and the score {:.1} is at least {:.1}",
            score.overall,
            points(READY_MIN_TENTHS)
        )),
    }
    if capped {
        reasons.push(format!(
            "the score is capped at {:.1} while a critical finding remains (uncapped: {uncapped:.1})",
            points(CRITICAL_CAP_TENTHS)
        ));
    }
    let band_floor = GRADE_BANDS.iter().find(|(_, g)| *g == score.grade).map(|(m, _)| *m).unwrap_or(0.0);
    reasons.push(format!("grade {}: the score {:.1} is in the band from {band_floor:.1}", score.grade, score.overall));
    Why { reasons, uncapped_score: uncapped, capped, costliest: costliest(findings, WHY_LIMIT) }
}

/// The scoring model as text, from the constants above (`greenlight explain --scoring`).
pub fn table() -> String {
    let mut out = String::new();
    let total = total_weight();
    let _ = writeln!(out, "# greenlight scoring model\n");
    let _ = writeln!(out, "## Category scores\n");
    let _ = writeln!(out, "Each category starts at {:.1} and loses, per finding:\n", points(MAX_TENTHS));
    let _ = writeln!(out, "| severity | points lost |\n| --- | --- |");
    for (severity, tenths) in PENALTY_TENTHS {
        let _ = writeln!(out, "| {} | {:.1} |", severity.as_str(), points(tenths));
    }
    let _ = writeln!(out, "\nA category never goes below 0.0.\n");
    let _ = writeln!(out, "## Overall score\n");
    let _ = writeln!(out, "The weighted mean of the category scores, rounded to one decimal (halves up):\n");
    let _ = writeln!(out, "| category | weight | share |\n| --- | --- | --- |");
    for (category, w) in WEIGHT {
        let _ = writeln!(out, "| {} | {w} | {:.0}% |", category.as_str(), f64::from(w) * 100.0 / f64::from(total));
    }
    let _ = writeln!(out, "\nWhile any critical finding remains, the overall score is capped at {:.1}.\n", points(CRITICAL_CAP_TENTHS));
    let _ = writeln!(out, "## Grades\n");
    let _ = writeln!(out, "| grade | overall score at least |\n| --- | --- |");
    for (min, grade) in GRADE_BANDS {
        let _ = writeln!(out, "| {grade} | {min:.1} |");
    }
    let _ = writeln!(out, "\n## Verdict\n");
    let _ = writeln!(out, "| verdict | when |\n| --- | --- |");
    let _ = writeln!(out, "| not-ready | any critical finding |");
    let _ = writeln!(out, "| ready-with-fixes | no critical finding, but a high finding or an overall score under {:.1} |", points(READY_MIN_TENTHS));
    let _ = writeln!(out, "| ready | no critical or high finding and an overall score of at least {:.1} |", points(READY_MIN_TENTHS));
    let _ = writeln!(
        out,
        "\nFixing a finding never lowers a score or worsens the verdict. Every point lost is attributed to the rules \
         that lost it (\"why this grade\" in the report)."
    );
    out
}
