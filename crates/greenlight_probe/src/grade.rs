//! The probe's grade, after Mozilla Observatory's model: start at 100, lose
//! points for each rule with findings (once per rule, at its worst finding's
//! severity), earn bonuses for HSTS preload and a strong CSP only when the
//! score is already 90 or more, then map to a letter A+..F. `explain WEBxxx`
//! prints this model from these constants.

use std::collections::BTreeMap;
use std::fmt::Write;

use greenlight_rules::{Finding, Severity};
use serde::Serialize;

pub const START: i32 = 100;

/// Points a rule with findings costs, by its worst severity.
pub const PENALTY: [(Severity, i32); 5] = [(Severity::Critical, 40), (Severity::High, 20), (Severity::Medium, 10), (Severity::Low, 5), (Severity::Info, 0)];

/// Bonuses apply only when the score after penalties is at least this.
pub const BONUS_THRESHOLD: i32 = 90;
/// HSTS with max-age ≥ 1 year, includeSubDomains and preload.
pub const BONUS_HSTS_PRELOAD: i32 = 5;
/// A CSP restricting scripts without unsafe-inline/unsafe-eval/wildcards.
pub const BONUS_STRONG_CSP: i32 = 10;

/// (minimum score, letter), best first.
pub const BANDS: [(i32, &str); 13] = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
];

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bonuses {
    pub hsts_preload: bool,
    pub strong_csp: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    pub score: i32,
    pub letter: &'static str,
    /// Points lost per rule code.
    pub penalties: BTreeMap<&'static str, i32>,
    pub bonuses: Vec<(&'static str, i32)>,
}

pub fn penalty(severity: Severity) -> i32 {
    PENALTY.iter().find(|(s, _)| *s == severity).map_or(0, |(_, p)| *p)
}

pub fn letter(score: i32) -> &'static str {
    BANDS.iter().find(|(min, _)| score >= *min).map_or("F", |(_, l)| l)
}

pub fn grade(findings: &[Finding], bonuses: Bonuses) -> Grade {
    let mut worst: BTreeMap<&'static str, Severity> = BTreeMap::new();
    for f in findings {
        worst.entry(f.code).and_modify(|s| *s = (*s).min(f.severity)).or_insert(f.severity);
    }
    let penalties: BTreeMap<&'static str, i32> = worst.into_iter().map(|(c, s)| (c, penalty(s))).filter(|(_, p)| *p > 0).collect();
    let mut score = START - penalties.values().sum::<i32>();
    let mut applied = Vec::new();
    if score >= BONUS_THRESHOLD {
        if bonuses.hsts_preload {
            applied.push(("hsts-preload", BONUS_HSTS_PRELOAD));
        }
        if bonuses.strong_csp {
            applied.push(("strong-csp", BONUS_STRONG_CSP));
        }
        score += applied.iter().map(|(_, b)| b).sum::<i32>();
    }
    let score = score.max(0);
    Grade { score, letter: letter(score), penalties, bonuses: applied }
}

/// The model in words, for `greenlight explain WEBxxx`.
pub fn model_text() -> String {
    let mut out = String::from("## Probe grade\n\n");
    let _ = writeln!(out, "`greenlight probe` grades a site like Mozilla Observatory: it starts at {START} and each WEB rule with");
    let _ = writeln!(out, "findings costs points once, by its worst finding's severity:");
    for (s, p) in PENALTY {
        let _ = writeln!(out, "- {}: -{p}", s.as_str());
    }
    let _ = writeln!(out, "\nWhen the score is {BONUS_THRESHOLD} or more, bonuses are added: +{BONUS_HSTS_PRELOAD} for HSTS with max-age of a year,");
    let _ = writeln!(out, "includeSubDomains and preload; +{BONUS_STRONG_CSP} for a CSP that restricts scripts without unsafe-inline,");
    let _ = writeln!(out, "unsafe-eval or wildcards. The score never goes below 0. Letters:");
    let bands: Vec<String> = BANDS.iter().map(|(min, l)| format!("{l} ≥ {min}")).collect();
    let _ = writeln!(out, "{}.", bands.join(", "));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;
    use greenlight_core::Span;

    fn f(rule: &'static greenlight_rules::Rule, sev: Severity) -> Finding {
        rule.finding("http://x/", Span::FILE_START, "m").with_severity(sev)
    }

    #[test]
    fn penalties_once_per_rule_at_worst_severity() {
        let findings = [f(&rules::COOKIE_NOT_SECURE, Severity::Medium), f(&rules::COOKIE_NOT_SECURE, Severity::High), f(&rules::CSP_MISSING, Severity::Medium)];
        let g = grade(&findings, Bonuses::default());
        assert_eq!(g.score, 70);
        assert_eq!(g.letter, "B");
        assert_eq!(g.penalties.get("WEB014"), Some(&20));
    }

    #[test]
    fn bonuses_only_from_ninety_and_floor_at_zero() {
        let all = Bonuses { hsts_preload: true, strong_csp: true };
        assert_eq!(grade(&[], all).score, 115);
        assert_eq!(grade(&[], all).letter, "A+");
        assert_eq!(grade(&[f(&rules::CSP_MISSING, Severity::Medium)], all).score, 105);
        assert_eq!(grade(&[f(&rules::HSTS_MISSING, Severity::High)], all).score, 80, "no bonus under 90");
        let many: Vec<Finding> = [&rules::DEBUG_PAGE, &rules::SENSITIVE_FILE, &rules::TLS_EXPIRY].iter().map(|r| f(r, Severity::Critical)).collect();
        assert_eq!(grade(&many, all).score, 0);
        assert_eq!(letter(0), "F");
        assert_eq!(letter(89), "A-");
    }
}
