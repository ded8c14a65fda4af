//! A probe's outcome as greenlight's report model, so every `--format` of
//! `audit` works for `probe` too. Code-only sections (settings, env vars,
//! inventory) stay empty; the grade is the Observatory-style one, and the
//! `probe` section carries what only a probe has (grade breakdown, TLS
//! versions, request count, timing).

use std::collections::BTreeMap;
use std::fmt::Write;

use greenlight_core::Note;
use greenlight_report::model::{ChecklistItem, PassedCheck, ProfileInfo, Tool};
use greenlight_report::scoring::{self, Score, Why};
use greenlight_report::Report;
use greenlight_rules::{Finding, Severity};

use crate::Outcome;

pub fn build(outcome: &Outcome) -> Report {
    let findings = &outcome.findings;
    let g = &outcome.grade;
    let category_scores = scoring::score(findings).categories;
    let score = Score { overall: (g.score.min(100) as f64) / 10.0, grade: g.letter, categories: category_scores };
    let verdict = scoring::verdict(findings, &score);
    let mut counts: BTreeMap<&'static str, usize> = Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for f in findings {
        *counts.entry(f.severity.as_str()).or_default() += 1;
    }
    let mut reasons = vec![format!("probe grade {} ({} points): 100, minus the points of each rule with findings, plus bonuses", g.letter, g.score)];
    for (code, points) in &g.penalties {
        reasons.push(format!("{code}: -{points}"));
    }
    for (bonus, points) in &g.bonuses {
        reasons.push(format!("{bonus}: +{points}"));
    }
    let why = Why { reasons, uncapped_score: score.overall, capped: false, costliest: scoring::costliest(findings, scoring::WHY_LIMIT) };
    let finding_outs = findings
        .iter()
        .zip(greenlight_report::fingerprint::fingerprints(findings))
        .map(|(f, fingerprint)| greenlight_report::model::FindingOut::new(f, fingerprint))
        .collect();
    let passed = outcome
        .rules_run
        .iter()
        .filter(|r| r.severity != Severity::Info && !findings.iter().any(|f| f.code == r.code))
        .map(|r| PassedCheck { code: r.code, name: r.name, category: r.category, summary: r.summary })
        .collect();
    Report {
        version: greenlight_report::model::REPORT_VERSION,
        tool: Tool { name: "greenlight", version: env!("CARGO_PKG_VERSION") },
        root: outcome.url.clone(),
        settings_module: String::new(),
        profile: ProfileInfo { env: Vec::new(), inherit_env: false },
        verdict,
        score,
        why,
        counts,
        findings: finding_outs,
        passed,
        rules_run: outcome.rules_run.iter().map(|r| r.code).collect(),
        settings: BTreeMap::new(),
        env_vars: Vec::new(),
        inventory: Default::default(),
        checklist: checklist(findings),
        plan: greenlight_report::model::plan(findings, crate::rules::by_code),
        notes: outcome.notes.iter().map(|n| Note::new("", n.clone())).collect(),
        baseline: None,
        probe: Some(probe_section(outcome)),
    }
}

fn probe_section(o: &Outcome) -> serde_json::Value {
    serde_json::json!({
        "url": o.url,
        "final_url": o.final_url,
        "grade": { "score": o.grade.score, "letter": o.grade.letter, "penalties": o.grade.penalties,
                   "bonuses": o.grade.bonuses.iter().map(|(n, p)| serde_json::json!({"bonus": n, "points": p})).collect::<Vec<_>>() },
        "requests": o.requests,
        "max_requests": o.max_requests,
        "elapsed_ms": o.elapsed.as_millis() as u64,
        "tls_versions": o.facts.tls_versions,
        "certificate_not_after": o.facts.certificate_not_after,
    })
}

fn rule(code: &str) -> Option<&'static greenlight_rules::Rule> {
    crate::rules::by_code(code)
}

fn checklist(findings: &[Finding]) -> Vec<ChecklistItem> {
    greenlight_report::model::group_by_rule(findings)
        .into_iter()
        .filter(|(first, _)| first.severity != Severity::Info)
        .map(|(first, all)| ChecklistItem {
            priority: match first.severity {
                Severity::Critical => "critical",
                Severity::High => "important",
                _ => "recommended",
            },
            code: first.code,
            text: rule(first.code).map_or_else(|| first.message.clone(), |r| format!("Fix: {}", r.summary)),
            locations: all.iter().map(|f| f.path.clone()).collect(),
        })
        .collect()
}

/// The terminal format: one line per finding, then the grade.
pub fn terminal(outcome: &Outcome, color: bool) -> String {
    let paint = |code: &str, text: &str| if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() };
    let mut out = String::new();
    for f in &outcome.findings {
        let sev = match f.severity {
            Severity::Critical => "1;31",
            Severity::High => "31",
            Severity::Medium => "33",
            Severity::Low => "36",
            Severity::Info => "2",
        };
        let _ = writeln!(out, "{}: {} {} {}", paint("1", &f.path), paint(sev, f.code), paint("2", &format!("[{}]", f.severity.as_str())), f.message);
    }
    for n in &outcome.notes {
        let _ = writeln!(out, "{} {n}", paint("2", "note:"));
    }
    if !outcome.findings.is_empty() || !outcome.notes.is_empty() {
        out.push('\n');
    }
    let count = |s: Severity| outcome.findings.iter().filter(|f| f.severity == s).count();
    let counts: Vec<String> = Severity::ALL.iter().filter(|s| count(**s) > 0).map(|s| format!("{} {}", count(*s), s.as_str())).collect();
    let _ = writeln!(
        out,
        "{} ({}). {} requests of {} in {:.2}s{}.",
        paint("1", &format!("Found {} finding{}", outcome.findings.len(), if outcome.findings.len() == 1 { "" } else { "s" })),
        if counts.is_empty() { "none".to_owned() } else { counts.join(", ") },
        outcome.requests,
        outcome.max_requests,
        outcome.elapsed.as_secs_f64(),
        if outcome.facts.tls_versions.is_empty() { String::new() } else { format!("; TLS: {}", outcome.facts.tls_versions.join(", ")) }
    );
    let grade_color = if outcome.grade.letter.starts_with('A') { "1;32" } else if outcome.grade.letter.starts_with('F') { "1;31" } else { "1;33" };
    let _ = writeln!(out, "Grade {} (score {}) for {}", paint(grade_color, outcome.grade.letter), outcome.grade.score, outcome.final_url);
    out
}
