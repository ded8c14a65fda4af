//! `greenlight audit`: configuration, profile, load, rules, suppressions by
//! file and baseline, report, render, gate.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;
use greenlight_core::project::LoadOptions;
use greenlight_core::{Profile, Project};
use greenlight_report::fingerprint::fingerprints;
use greenlight_report::model::BaselineInfo;
use greenlight_report::render::{github, html, json, junit, markdown, sarif, shared, terminal};
use greenlight_report::{build_report, ReportInput};
use greenlight_rules::{check_project, Finding, RuleSelection, Severity};

use crate::cache::Slot;
use crate::cli::{AuditArgs, FailOn, Format};
use crate::config::Config;
use crate::progress::{self, Phases};
use crate::verbose;
use crate::project_args::Opened;
use crate::UserError;

pub fn run(args: &AuditArgs) -> Result<ExitCode, UserError> {
    let Opened { config, profile, settings_module } = args.project.open(args.inherit_env)?;
    let profile_env: Vec<String> = profile.names().map(str::to_owned).collect();
    let select = if args.select.is_empty() { config.select.clone() } else { args.select.clone() };
    let ignore: Vec<String> = config.ignore.iter().chain(&args.ignore).cloned().collect();
    let selection = RuleSelection::new(&select, &ignore).map_err(UserError)?;
    let color = args.format == Format::Terminal && crate::color::wanted(args.no_color, args.output.is_some());
    let cache = (!args.no_cache && args.write_baseline.is_none()).then(|| Slot::new(&args.project.path, &invocation(args, &profile, color)));
    if let Some(entry) = cache.as_ref().and_then(Slot::load) {
        if args.verbose {
            eprintln!("greenlight: cache: replayed the report stored for this unchanged tree and invocation (--no-cache audits again)");
        }
        write_output(args, &entry.output)?;
        if let Some(summary) = entry.summary.as_ref().filter(|_| !args.quiet) {
            eprintln!("{summary}");
        }
        return Ok(ExitCode::from(entry.exit_code));
    }
    let mut phases = Phases::new(4, progress::bar_wanted(args));
    phases.start("reading the project");
    let limits = crate::limits_args::resolve(args, &config);
    let project = Project::load(&args.project.path, &LoadOptions { settings_module, profile, limits })?;

    phases.start("checking rules");
    let mut findings = check_project(&project, &selection);
    findings.retain(|f| !config.per_file_ignores.ignores(&f.path, f.code));
    if let Some(path) = &args.write_baseline {
        write_baseline(path, &fingerprints(&findings))?;
    }
    let baseline = match &args.baseline {
        Some(path) => Some(apply_baseline(path, &mut findings)?),
        None => None,
    };

    phases.start("building the report");
    let rules_run = selection.rules();
    let report = build_report(&ReportInput { project: &project, findings: &findings, rules_run: &rules_run, profile_env, inherit_env: args.inherit_env, baseline });
    phases.start("rendering");
    let display_root = args.project.path.display().to_string();
    let text = match args.format {
        Format::Json => json::render(&report),
        Format::Markdown => markdown::render(&report),
        Format::Html => html::render(&report),
        Format::Sarif => sarif::render(&report),
        Format::Github => github::render(&report, &display_root),
        Format::Junit => junit::render(&report),
        Format::Terminal => terminal::render(&report, &display_root, terminal::Style { color }),
    };
    let timings = phases.finish();
    if args.verbose {
        verbose::print(&project, rules_run.len(), findings.len(), &timings);
    }
    let fail_on = resolve_fail_on(args, &config)?;
    let min_score = args.min_score.or(config.min_score);
    write_output(args, &text)?;
    let failure = gate_failure(fail_on, min_score, &findings, report.score.overall);
    let summary = (args.format != Format::Terminal).then(|| shared::summary_line(&report, failure.as_deref()));
    if let Some(summary) = summary.as_ref().filter(|_| !args.quiet) {
        eprintln!("{summary}");
    }
    let exit_code = if failure.is_some() { 1 } else { 0 };
    if let Some(slot) = &cache {
        slot.store(&text, summary, exit_code);
    }
    // Freeing every AST takes a twentieth of a large audit; the process ends here anyway.
    std::mem::forget(report);
    std::mem::forget(project);
    Ok(ExitCode::from(exit_code))
}

/// Everything besides the tree that decides what an audit prints: the flags
/// (but `--quiet` and `--verbose`, which only change what goes to stderr and
/// are applied on replay), the production environment (hashed, never
/// stored), the baseline's content, and whether the output is coloured.
fn invocation(args: &AuditArgs, profile: &Profile, color: bool) -> (String, Vec<(String, String)>, Option<String>, bool) {
    let env = profile.names().map(|name| (name.to_owned(), profile.get(name).unwrap_or_default().to_owned())).collect();
    let baseline = args.baseline.as_ref().and_then(|path| std::fs::read_to_string(path).ok());
    let flags = AuditArgs { quiet: false, verbose: false, ..args.clone() };
    (format!("{flags:?}"), env, baseline, color)
}

fn resolve_fail_on(args: &AuditArgs, config: &Config) -> Result<FailOn, UserError> {
    if let Some(f) = args.fail_on {
        return Ok(f);
    }
    match &config.fail_on {
        None => Ok(FailOn::Critical),
        Some(text) => FailOn::from_str(text, true)
            .map_err(|_| UserError(format!("pyproject.toml: fail-on = '{text}' is not one of critical, high, medium, low, never"))),
    }
}

fn write_baseline(path: &Path, prints: &[String]) -> Result<(), UserError> {
    let doc = serde_json::json!({ "version": 1, "tool": "greenlight", "fingerprints": prints });
    let text = serde_json::to_string_pretty(&doc)? + "\n";
    std::fs::write(path, text).map_err(|e| UserError(format!("cannot write baseline {}: {e}", path.display())))
}

/// Removes the findings whose fingerprint the baseline holds.
fn apply_baseline(path: &Path, findings: &mut Vec<Finding>) -> Result<BaselineInfo, UserError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UserError(format!("cannot read baseline {}: {e}; create one with --write-baseline {}", path.display(), path.display())))?;
    let doc: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| UserError(format!("{} is not a greenlight baseline or JSON report: {e}", path.display())))?;
    let known: HashSet<&str> = match (doc.get("fingerprints"), doc.get("findings")) {
        (Some(list), _) => list.as_array().into_iter().flatten().filter_map(|v| v.as_str()).collect(),
        (None, Some(list)) => list.as_array().into_iter().flatten().filter_map(|f| f.get("fingerprint")?.as_str()).collect(),
        _ => return Err(UserError(format!("{} has neither `fingerprints` nor `findings`; write one with --write-baseline", path.display()))),
    };
    let prints = fingerprints(findings);
    let before = findings.len();
    let mut keep = prints.iter().map(|p| !known.contains(p.as_str()));
    findings.retain(|_| keep.next().unwrap_or(true));
    Ok(BaselineInfo { path: path.display().to_string(), hidden: before - findings.len() })
}

fn write_output(args: &AuditArgs, text: &str) -> Result<(), UserError> {
    match &args.output {
        Some(path) => std::fs::write(path, text).map_err(|e| UserError(format!("cannot write {}: {e}", path.display()))),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
            Ok(())
        }
    }
}

/// Why the gate fails (`critical findings`, `score 4.0 < 6.0`), or `None` when it passes.
fn gate_failure(fail_on: FailOn, min_score: Option<f64>, findings: &[Finding], overall: f64) -> Option<String> {
    let threshold = match fail_on {
        FailOn::Critical => Some(Severity::Critical),
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
        FailOn::Never => None,
    };
    let mut reasons = Vec::new();
    if let Some(t) = threshold.filter(|t| findings.iter().any(|f| f.severity.at_least(*t))) {
        reasons.push(if t == Severity::Critical { "critical findings".to_owned() } else { format!("findings at {} or worse", t.as_str()) });
    }
    if let Some(min) = min_score.filter(|min| overall < *min) {
        reasons.push(format!("score {overall:.1} < {min:.1}"));
    }
    (!reasons.is_empty()).then(|| reasons.join(", "))
}
