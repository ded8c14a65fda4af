//! The report model: everything a renderer needs, serialized as the JSON
//! contract of DESIGN.md (stable: fields are added, never renamed).

use std::collections::BTreeMap;

use greenlight_core::settings::mask::{is_sensitive, mask_value};
use greenlight_core::settings::Setting;
use greenlight_core::{FileKind, Note, Project};
use greenlight_rules::{Category, Finding, Rule, Severity};
use serde::Serialize;

use crate::inventory::{build_inventory, Inventory};
use crate::scoring::{self, Score, Verdict, Why};

pub const REPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProfileInfo {
    /// Names of the environment variables given (values are never written out).
    pub env: Vec<String>,
    pub inherit_env: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingOut {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub django_check: Option<String>,
    pub cwe: Option<u32>,
    pub fix: Option<greenlight_rules::Fix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undetermined_rule: Option<&'static str>,
    /// Stable across line shifts (see `fingerprint.rs`).
    pub fingerprint: String,
}

impl FindingOut {
    pub fn new(f: &Finding, fingerprint: String) -> Self {
        FindingOut {
            code: f.code,
            name: f.name,
            category: f.category,
            severity: f.severity,
            message: f.message.clone(),
            path: f.path.clone(),
            line: f.span.start.line,
            column: f.span.start.column,
            end_line: f.span.end.line,
            end_column: f.span.end.column,
            django_check: f.django_check.clone(),
            cwe: f.cwe,
            fix: f.fix.clone(),
            undetermined_rule: f.undetermined_rule,
            fingerprint,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PassedCheck {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub summary: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SettingOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
    pub path: String,
    pub line: u32,
    pub env_var: Option<String>,
    /// The default written in the code for `env_var` (`null` when there is none).
    pub env_default: Option<serde_json::Value>,
}

impl From<&Setting> for SettingOut {
    /// Secret values are masked: a report is often uploaded as a CI artifact.
    fn from(s: &Setting) -> Self {
        let env = s.origin.env.as_ref();
        let value = mask_value(&s.name, &s.value);
        SettingOut {
            value: value.is_known().then(|| value.to_json()),
            unknown: s.value.unknown_reason().map(str::to_owned),
            path: s.origin.path.clone(),
            line: s.origin.line,
            env_var: env.map(|e| e.var.clone()),
            env_default: env.and_then(|e| e.default.as_ref()).map(|d| mask_value(&s.name, d).to_json()),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EnvVarOut {
    pub name: String,
    pub path: String,
    pub line: u32,
    pub setting: Option<String>,
    pub required: bool,
    pub default: Option<serde_json::Value>,
    pub in_profile: bool,
    /// The default in the code is unsafe for production: a finding is reported
    /// where the variable is read, or it is a secret with a non-empty default.
    pub unsafe_default: bool,
    /// Codes of the findings reported where the variable is read.
    pub flagged_by: Vec<&'static str>,
    /// Whether an env example, README or doc file names the variable.
    pub documented: bool,
    pub documented_in: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistItem {
    /// `critical`, `important` or `recommended`.
    pub priority: &'static str,
    pub code: &'static str,
    pub text: String,
    pub locations: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanPhase {
    pub phase: u32,
    pub title: &'static str,
    pub items: Vec<PlanItem>,
    pub effort_minutes: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanItem {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
    pub effort_minutes: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u32,
    pub tool: Tool,
    pub root: String,
    pub settings_module: String,
    pub profile: ProfileInfo,
    pub verdict: Verdict,
    pub score: Score,
    /// Why this verdict and grade, and which rules cost the most points.
    pub why: Why,
    pub counts: BTreeMap<&'static str, usize>,
    pub findings: Vec<FindingOut>,
    pub passed: Vec<PassedCheck>,
    /// Codes of every rule that ran (after --select/--ignore), registry order.
    pub rules_run: Vec<&'static str>,
    pub settings: BTreeMap<String, SettingOut>,
    pub env_vars: Vec<EnvVarOut>,
    pub inventory: Inventory,
    pub checklist: Vec<ChecklistItem>,
    pub plan: Vec<PlanPhase>,
    pub notes: Vec<Note>,
    /// Present when `--baseline` hid known findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineInfo>,
    /// Present in `greenlight probe` reports: the live-site grade, requests made, TLS versions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BaselineInfo {
    pub path: String,
    /// Findings of the baseline still present, and so not reported.
    pub hidden: usize,
}

/// What the report is built from.
pub struct ReportInput<'a> {
    pub project: &'a Project,
    pub findings: &'a [Finding],
    /// The rules that ran (passed checks are those among them with no finding).
    pub rules_run: &'a [&'static Rule],
    pub profile_env: Vec<String>,
    pub inherit_env: bool,
    pub baseline: Option<BaselineInfo>,
}

pub fn build_report(input: &ReportInput) -> Report {
    let findings = input.findings;
    let project = input.project;
    let score = scoring::score(findings);
    let verdict = scoring::verdict(findings, &score);
    let why = scoring::why(findings, &score, verdict);
    let mut counts: BTreeMap<&'static str, usize> = Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for f in findings {
        *counts.entry(f.severity.as_str()).or_default() += 1;
    }
    let settings = project.settings.values.iter().map(|(name, s)| (name.clone(), SettingOut::from(s))).collect();
    let env_vars = env_vars(project, findings);
    Report {
        version: REPORT_VERSION,
        tool: Tool { name: "greenlight", version: env!("CARGO_PKG_VERSION") },
        root: project.root.display().to_string(),
        settings_module: project.settings_module().to_owned(),
        profile: ProfileInfo { env: input.profile_env.clone(), inherit_env: input.inherit_env },
        verdict,
        score,
        why,
        counts,
        findings: findings
            .iter()
            .zip(crate::fingerprint::fingerprints(findings))
            .map(|(f, fingerprint)| FindingOut::new(f, fingerprint))
            .collect(),
        baseline: input.baseline.clone(),
        passed: passed_checks(input.rules_run, findings),
        rules_run: input.rules_run.iter().map(|r| r.code).collect(),
        settings,
        env_vars,
        inventory: build_inventory(project, findings),
        checklist: checklist(findings),
        plan: plan(findings, greenlight_rules::rule_by_code),
        notes: project.notes.clone(),
        probe: None,
    }
}

fn env_vars(project: &Project, findings: &[Finding]) -> Vec<EnvVarOut> {
    let docs: Vec<&greenlight_core::project::TextFile> = project
        .texts
        .iter()
        .filter(|t| matches!(t.kind, FileKind::EnvExample | FileKind::Readme | FileKind::Doc))
        .collect();
    project
        .settings
        .env_vars
        .iter()
        .map(|u| {
            let mut flagged_by: Vec<&'static str> =
                findings.iter().filter(|f| f.path == u.path && f.span.start.line == u.line).map(|f| f.code).collect();
            flagged_by.sort();
            flagged_by.dedup();
            let documented_in: Vec<String> =
                docs.iter().filter(|t| names_word(&t.text, &u.name)).map(|t| t.rel_path.clone()).collect();
            EnvVarOut {
                name: u.name.clone(),
                path: u.path.clone(),
                line: u.line,
                setting: u.setting.clone(),
                required: u.default.is_none(),
                default: u.default.as_ref().map(|d| if is_sensitive(&u.name) { mask_value(&u.name, d) } else { d.clone() }.to_json()),
                in_profile: u.in_profile,
                unsafe_default: u.default.is_some() && (!flagged_by.is_empty() || (names_a_secret(&u.name) && u.default.as_ref().and_then(|d| d.truthy()) != Some(false))),
                flagged_by,
                documented: !documented_in.is_empty(),
                documented_in,
            }
        })
        .collect()
}

/// A variable holding a credential, by its name's words (`DB_PASSWORD`,
/// `STRIPE_SECRET_KEY`, `API_TOKEN`; not `CLUB_SECRETARY_EMAIL` or a
/// `…_PUBLISHABLE_KEY`).
fn names_a_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper.split(['_', '-']).collect();
    let credential = words.iter().any(|w| matches!(*w, "SECRET" | "PASSWORD" | "PASSWD" | "PWD" | "PASS" | "TOKEN" | "CREDENTIALS" | "PRIVATE"));
    let key = words.last() == Some(&"KEY") && !words.iter().any(|w| matches!(*w, "PUBLIC" | "PUBLISHABLE" | "SITE"));
    credential || key || upper == "DATABASE_URL"
}

/// Whether `text` holds `word` as a whole identifier (`DEBUG` but not `DEBUG_TOOLBAR`).
fn names_word(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// Rules that ran and found nothing, and were not left undecided.
fn passed_checks(rules: &[&'static Rule], findings: &[Finding]) -> Vec<PassedCheck> {
    rules
        .iter()
        .filter(|r| r.severity != Severity::Info)
        .filter(|r| !findings.iter().any(|f| f.code == r.code || f.undetermined_rule == Some(r.code)))
        .map(|r| PassedCheck { code: r.code, name: r.name, category: r.category, summary: r.summary })
        .collect()
}

/// Findings grouped by rule, in order of each rule's first finding.
pub fn group_by_rule(findings: &[Finding]) -> Vec<(&Finding, Vec<&Finding>)> {
    let mut groups: Vec<(&Finding, Vec<&Finding>)> = Vec::new();
    for f in findings {
        match groups.iter_mut().find(|(first, _)| first.code == f.code) {
            Some((_, all)) => all.push(f),
            None => groups.push((f, vec![f])),
        }
    }
    groups
}

fn checklist(findings: &[Finding]) -> Vec<ChecklistItem> {
    group_by_rule(findings)
        .into_iter()
        .filter(|(first, _)| first.severity != Severity::Info)
        .map(|(first, all)| {
            let rule = greenlight_rules::rule_by_code(first.code);
            ChecklistItem {
                priority: match first.severity {
                    Severity::Critical => "critical",
                    Severity::High => "important",
                    _ => "recommended",
                },
                code: first.code,
                text: match (rule, all.len()) {
                    (Some(r), 1) => format!("Fix: {}", r.summary),
                    (Some(r), n) => format!("Fix: {} ({n} places)", r.summary),
                    (None, _) => first.message.clone(),
                },
                locations: all.iter().map(|f| format!("{}:{}", f.path, f.span.start.line)).collect(),
            }
        })
        .collect()
}

/// Phases: critical first, then high, then the rest; settings before code
/// within a phase comes from the finding order. `rule_of` finds a code's rule
/// (for its effort): the audit's rules, or the probe's.
pub fn plan(findings: &[Finding], rule_of: fn(&str) -> Option<&'static Rule>) -> Vec<PlanPhase> {
    let phases: [(&'static str, &[Severity]); 3] = [
        ("Blockers: fix before any production traffic", &[Severity::Critical]),
        ("Important: fix before launch", &[Severity::High]),
        ("Hardening: fix in the first weeks", &[Severity::Medium, Severity::Low]),
    ];
    let mut out = Vec::new();
    for (title, severities) in phases {
        let items: Vec<PlanItem> = group_by_rule(findings)
            .into_iter()
            .filter(|(first, _)| severities.contains(&first.severity))
            .map(|(first, all)| {
                let per = rule_of(first.code).map_or(30, |r| r.effort_minutes);
                PlanItem { code: first.code, name: first.name, count: all.len(), effort_minutes: per * all.len() as u32 }
            })
            .collect();
        if !items.is_empty() {
            let effort_minutes = items.iter().map(|i| i.effort_minutes).sum();
            out.push(PlanPhase { phase: out.len() as u32 + 1, title, items, effort_minutes });
        }
    }
    out
}
