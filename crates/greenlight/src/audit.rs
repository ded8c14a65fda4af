//! `greenlight audit`: load the project, run the rules, build and render the
//! report, apply the gate.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use greenlight_core::project::LoadOptions;
use greenlight_core::{Profile, Project};
use greenlight_report::render::{json, terminal};
use greenlight_report::{build_report, ReportInput};
use greenlight_rules::{check_project, RuleSelection, Severity};

use crate::cli::{AuditArgs, FailOn, Format};
use crate::UserError;

pub fn run(args: &AuditArgs) -> Result<ExitCode, UserError> {
    let profile = build_profile(args)?;
    let profile_env: Vec<String> = profile.names().map(str::to_owned).collect();
    let selection = RuleSelection::new(&args.select, &args.ignore).map_err(UserError)?;
    let options = LoadOptions { settings_module: args.settings.clone(), profile };
    let project = Project::load(&args.path, &options)?;
    let findings = check_project(&project, &selection);
    let rules_run = selection.rules();
    let report = build_report(&ReportInput {
        project: &project,
        findings: &findings,
        rules_run: &rules_run,
        profile_env,
        inherit_env: args.inherit_env,
    });
    let text = match args.format {
        Format::Json => json::render(&report),
        Format::Terminal => {
            let color = args.output.is_none() && !args.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
            terminal::render(&report, &args.path.display().to_string(), terminal::Style { color })
        }
    };
    write_output(args, &text)?;
    Ok(if gate_fails(args, &findings, report.score.overall) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn build_profile(args: &AuditArgs) -> Result<Profile, UserError> {
    let mut profile = Profile::new();
    if let Some(path) = &args.env_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| UserError(format!("cannot read --env-file {}: {e}", path.display())))?;
        profile
            .load_env_file(&text)
            .map_err(|e| UserError(format!("{}: {e}; fix the file or pass variables with --env KEY=VALUE", path.display())))?;
    }
    for assignment in &args.env {
        profile.set_assignment(assignment).map_err(|e| UserError(format!("--env {e}; write it as --env KEY=VALUE")))?;
    }
    if args.inherit_env {
        profile.inherit_process_env();
    }
    Ok(profile)
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

fn gate_fails(args: &AuditArgs, findings: &[greenlight_rules::Finding], overall: f64) -> bool {
    let threshold = match args.fail_on {
        FailOn::Critical => Some(Severity::Critical),
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
        FailOn::Never => None,
    };
    let by_severity = threshold.is_some_and(|t| findings.iter().any(|f| f.severity.at_least(t)));
    let by_score = args.min_score.is_some_and(|min| overall < min);
    by_severity || by_score
}
