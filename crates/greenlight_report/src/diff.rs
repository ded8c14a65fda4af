//! `greenlight diff BEFORE.json AFTER.json`: what changed between two JSON
//! reports — verdict, overall and per-category score and grade, and which
//! findings were fixed, are new, or remain, matched by their stable
//! fingerprints (so a finding that only moved lines is "unchanged"). Reads
//! only the fields it needs, so reports from older greenlight versions load.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::scoring;

/// The parts of a JSON report a diff reads.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ReportSnapshot {
    #[serde(default)]
    pub root: String,
    pub verdict: String,
    pub score: ScoreSnapshot,
    #[serde(default)]
    pub findings: Vec<FindingSnapshot>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ScoreSnapshot {
    pub overall: f64,
    pub grade: String,
    #[serde(default)]
    pub categories: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct FindingSnapshot {
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub category: String,
    pub severity: String,
    pub message: String,
    #[serde(default)]
    pub path: String,
    #[serde(default)]
    pub line: u32,
    /// Absent in reports written before fingerprints existed.
    #[serde(default)]
    pub fingerprint: Option<String>,
}

impl FindingSnapshot {
    /// The fingerprint, or for old reports code + path + message without numbers.
    fn key(&self) -> String {
        match &self.fingerprint {
            Some(print) => print.clone(),
            None => {
                let message: String = self.message.chars().filter(|c| !c.is_ascii_digit()).collect();
                format!("{}\u{1f}{}\u{1f}{message}", self.code, self.path)
            }
        }
    }

    pub fn location(&self) -> String {
        if self.path.is_empty() { "(project)".to_owned() } else { format!("{}:{}", self.path, self.line) }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScoreChange {
    pub before: f64,
    pub after: f64,
    pub before_grade: String,
    pub after_grade: String,
}

impl ScoreChange {
    fn new(before: f64, after: f64) -> ScoreChange {
        ScoreChange { before, after, before_grade: scoring::grade(before).to_owned(), after_grade: scoring::grade(after).to_owned() }
    }

    /// `after - before`, to one decimal.
    pub fn delta(&self) -> f64 {
        ((self.after - self.before) * 10.0).round() / 10.0
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportDiff {
    pub before_root: String,
    pub after_root: String,
    pub before_verdict: String,
    pub after_verdict: String,
    pub overall: ScoreChange,
    pub categories: BTreeMap<String, ScoreChange>,
    /// In BEFORE, not in AFTER.
    pub fixed: Vec<FindingSnapshot>,
    /// In AFTER, not in BEFORE.
    pub new: Vec<FindingSnapshot>,
    /// In both (as AFTER has them: the line may have moved).
    pub unchanged: Vec<FindingSnapshot>,
}

impl ReportDiff {
    /// Whether the verdict improved (`not-ready` → `ready`), worsened, or neither.
    pub fn verdict_trend(&self) -> std::cmp::Ordering {
        let rank = |v: &str| scoring::Verdict::parse(v).map(|v| v as u8).unwrap_or(u8::MAX);
        rank(&self.before_verdict).cmp(&rank(&self.after_verdict))
    }
}

/// Parses a JSON report for diffing, with a message that says what is wrong.
pub fn parse_report(text: &str) -> Result<ReportSnapshot, String> {
    serde_json::from_str(text).map_err(|e| format!("not a greenlight JSON report ({e}); write one with `greenlight audit --format json -o FILE`"))
}

pub fn diff(before: &ReportSnapshot, after: &ReportSnapshot) -> ReportDiff {
    let mut remaining: HashMap<String, usize> = HashMap::new();
    for f in &before.findings {
        *remaining.entry(f.key()).or_default() += 1;
    }
    let mut new = Vec::new();
    let mut unchanged = Vec::new();
    for f in &after.findings {
        match remaining.get_mut(&f.key()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                unchanged.push(f.clone());
            }
            _ => new.push(f.clone()),
        }
    }
    let mut after_left: HashMap<String, usize> = HashMap::new();
    for f in &after.findings {
        *after_left.entry(f.key()).or_default() += 1;
    }
    let mut fixed = Vec::new();
    for f in &before.findings {
        match after_left.get_mut(&f.key()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => fixed.push(f.clone()),
        }
    }
    let names: std::collections::BTreeSet<&String> = before.score.categories.keys().chain(after.score.categories.keys()).collect();
    let categories = names
        .into_iter()
        .map(|name| {
            let b = before.score.categories.get(name).copied().unwrap_or(10.0);
            let a = after.score.categories.get(name).copied().unwrap_or(10.0);
            (name.clone(), ScoreChange::new(b, a))
        })
        .collect();
    ReportDiff {
        before_root: before.root.clone(),
        after_root: after.root.clone(),
        before_verdict: before.verdict.clone(),
        after_verdict: after.verdict.clone(),
        overall: ScoreChange {
            before: before.score.overall,
            after: after.score.overall,
            before_grade: before.score.grade.clone(),
            after_grade: after.score.grade.clone(),
        },
        categories,
        fixed,
        new,
        unchanged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(code: &str, line: u32, print: &str) -> FindingSnapshot {
        FindingSnapshot {
            code: code.into(),
            name: String::new(),
            category: "security".into(),
            severity: "high".into(),
            message: format!("m {line}"),
            path: "a.py".into(),
            line,
            fingerprint: Some(print.into()),
        }
    }

    fn report(verdict: &str, overall: f64, findings: Vec<FindingSnapshot>) -> ReportSnapshot {
        ReportSnapshot {
            root: String::new(),
            verdict: verdict.into(),
            score: ScoreSnapshot { overall, grade: scoring::grade(overall).into(), categories: BTreeMap::from([("security".into(), overall)]) },
            findings,
        }
    }

    #[test]
    fn findings_match_by_fingerprint_not_line() {
        let before = report("not-ready", 4.0, vec![finding("SEC001", 3, "a"), finding("SEC002", 5, "b"), finding("SEC002", 9, "c")]);
        let after = report("ready-with-fixes", 6.5, vec![finding("SEC002", 7, "b"), finding("SEC010", 1, "d")]);
        let d = diff(&before, &after);
        assert_eq!(d.fixed.iter().map(|f| f.fingerprint.clone().unwrap()).collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(d.new.len(), 1);
        assert_eq!(d.unchanged.len(), 1);
        assert_eq!(d.unchanged[0].line, 7, "unchanged findings are shown where they are now");
        assert_eq!(d.overall.delta(), 2.5);
        assert_eq!(d.categories["security"].after_grade, "B-");
        assert_eq!(d.verdict_trend(), std::cmp::Ordering::Greater);
    }

    #[test]
    fn old_reports_without_fingerprints_match_by_code_path_and_message() {
        let mut old = finding("SEC001", 3, "");
        old.fingerprint = None;
        let mut moved = old.clone();
        moved.line = 30;
        moved.message = "m 30".into();
        let d = diff(&report("not-ready", 4.0, vec![old]), &report("not-ready", 4.0, vec![moved]));
        assert!(d.fixed.is_empty() && d.new.is_empty());
        assert_eq!(d.unchanged.len(), 1);
    }

    #[test]
    fn a_bad_file_is_a_clear_error() {
        assert!(parse_report("{}").unwrap_err().contains("not a greenlight JSON report"));
    }
}
