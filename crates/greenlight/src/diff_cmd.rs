//! `greenlight diff BEFORE.json AFTER.json`: reads two JSON reports and
//! prints what changed (score, grade, verdict, findings fixed/new/open).

use std::path::Path;
use std::process::ExitCode;

use greenlight_report::diff::{diff, parse_report, ReportSnapshot};
use greenlight_report::render::diff as render;

use crate::cli::{DiffArgs, DiffFormat};
use crate::UserError;

fn load(path: &Path) -> Result<ReportSnapshot, UserError> {
    let text = std::fs::read_to_string(path).map_err(|e| UserError(format!("cannot read {}: {e}", path.display())))?;
    parse_report(&text).map_err(|e| UserError(format!("{}: {e}", path.display())))
}

pub fn run(args: &DiffArgs) -> Result<ExitCode, UserError> {
    let before = load(&args.before)?;
    let after = load(&args.after)?;
    let changes = diff(&before, &after);
    let text = match args.format {
        DiffFormat::Terminal => render::terminal(&changes),
        DiffFormat::Markdown => render::markdown(&changes),
        DiffFormat::Json => serde_json::to_string_pretty(&changes)? + "\n",
    };
    match &args.output {
        Some(path) => std::fs::write(path, text).map_err(|e| UserError(format!("cannot write {}: {e}", path.display())))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
