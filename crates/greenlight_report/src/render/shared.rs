//! What the human-readable renderers (markdown, HTML, terminal summaries) say
//! the same way: findings grouped by rule, severity and category labels,
//! effort in hours, the project's display name, the one-line summary.

use std::collections::BTreeMap;

use greenlight_rules::{Category, Severity};

use crate::model::{FindingOut, Report};

/// The findings of one rule at one severity, in report order.
#[derive(Debug)]
pub struct RuleGroup<'r> {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub findings: Vec<&'r FindingOut>,
}

/// Findings grouped by (rule, severity): most severe first, then in the order
/// the report lists them.
pub fn groups_by_rule(findings: &[FindingOut]) -> Vec<RuleGroup<'_>> {
    let mut groups: Vec<RuleGroup> = Vec::new();
    for f in findings {
        match groups.iter_mut().find(|g| g.code == f.code && g.severity == f.severity) {
            Some(group) => group.findings.push(f),
            None => groups.push(RuleGroup { code: f.code, name: f.name, category: f.category, severity: f.severity, findings: vec![f] }),
        }
    }
    groups.sort_by_key(|g| g.severity);
    groups
}

pub fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "🔴",
        Severity::High => "🟠",
        Severity::Medium => "🟡",
        Severity::Low => "🔵",
        Severity::Info => "⚪",
    }
}

pub fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

pub fn verdict_label(verdict: &str) -> &'static str {
    match verdict {
        "ready" => "READY",
        "ready-with-fixes" => "READY WITH FIXES",
        _ => "NOT READY",
    }
}

pub fn verdict_icon(verdict: &str) -> &'static str {
    match verdict {
        "ready" => "✅",
        "ready-with-fixes" => "⚠️",
        _ => "❌",
    }
}

/// An effort in hours, one decimal (`0.5 h`).
pub fn hours(minutes: u32) -> String {
    format!("{:.1} h", f64::from(minutes) / 60.0)
}

/// `path:line` (or just the path for whole-project findings at 1:1 of nothing).
pub fn location(f: &FindingOut) -> String {
    if f.path.is_empty() { "(project)".to_owned() } else { format!("{}:{}", f.path, f.line) }
}

/// The audited directory's name (reports never print absolute paths: they
/// travel as CI artifacts and snapshot tests).
pub fn project_name(report: &Report) -> String {
    let root = report.root.trim_end_matches(['/', '\\']);
    root.rsplit(['/', '\\']).next().filter(|n| !n.is_empty()).unwrap_or("project").to_owned()
}

/// "3 critical, 4 high, 2 medium" (severities with findings only).
pub fn counts_phrase(report: &Report) -> String {
    let parts: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|s| report.counts.get(s.as_str()).filter(|n| **n > 0).map(|n| format!("{n} {}", s.as_str())))
        .collect();
    if parts.is_empty() { "no findings".to_owned() } else { parts.join(", ") }
}

/// Per category: findings by severity and passed checks.
#[derive(Debug, Default)]
pub struct CategoryRow {
    pub score: f64,
    pub findings: BTreeMap<Severity, usize>,
    pub passed: usize,
}

impl CategoryRow {
    pub fn total(&self) -> usize {
        self.findings.values().sum()
    }

    /// "3 (1 critical, 2 high)".
    pub fn findings_phrase(&self) -> String {
        if self.total() == 0 {
            return "0".to_owned();
        }
        let parts: Vec<String> = self.findings.iter().map(|(s, n)| format!("{n} {}", s.as_str())).collect();
        format!("{} ({})", self.total(), parts.join(", "))
    }
}

pub fn category_rows(report: &Report) -> Vec<(Category, CategoryRow)> {
    Category::ALL
        .iter()
        .map(|c| {
            let mut row = CategoryRow { score: report.score.categories.get(c.as_str()).copied().unwrap_or(10.0), ..Default::default() };
            for f in report.findings.iter().filter(|f| f.category == *c) {
                *row.findings.entry(f.severity).or_default() += 1;
            }
            row.passed = report.passed.iter().filter(|p| p.category == *c).count();
            (*c, row)
        })
        .collect()
}

/// A score's traffic light.
pub fn score_icon(score: f64) -> &'static str {
    if score >= 8.0 {
        "🟢"
    } else if score >= 5.0 {
        "🟡"
    } else {
        "🔴"
    }
}

/// The one line CI logs get on stderr: verdict, score, counts, gate outcome.
pub fn summary_line(report: &Report, gate_failure: Option<&str>) -> String {
    let gate = match gate_failure {
        Some(why) => format!(" — gate failed ({why})"),
        None => " — gate passed".to_owned(),
    };
    format!(
        "greenlight: {}, {:.1}/10 ({}), {}{gate}",
        report.verdict.as_str(),
        report.score.overall,
        report.score.grade,
        counts_phrase(report)
    )
}
