//! `greenlight probe URL`: runs the live-site probe and renders its report in
//! any of `audit`'s formats; the gate (`--fail-on`) works as in `audit`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use greenlight_probe::{probe, report, Options, DEFAULT_MAX_REQUESTS};
use greenlight_report::render::{github, html, json, junit, markdown, sarif, shared};
use greenlight_rules::Severity;

use crate::cli::{FailOn, Format};
use crate::UserError;

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// The site to probe (`https://example.com/`, `http://127.0.0.1:8000/`).
    pub url: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Go on when the certificate is not trusted (self-signed, private CA); it is still reported.
    #[arg(long)]
    pub insecure: bool,

    /// Seconds allowed to connect and for each whole request.
    #[arg(long, value_name = "S", default_value_t = 10.0)]
    pub timeout: f64,

    /// Requests (connections) made at most, all checks together.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_REQUESTS)]
    pub max_requests: u32,

    /// Exit 1 when a finding at least this severe is present [default: critical].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Never colour the output (NO_COLOR is honoured too).
    #[arg(long)]
    pub no_color: bool,

    /// Set from the global `--quiet`: no summary line on standard error
    /// (formats other than terminal print one).
    #[arg(skip)]
    pub quiet: bool,
}

pub fn run(args: &ProbeArgs) -> Result<ExitCode, UserError> {
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 600.0) {
        return Err(UserError("--timeout must be a number of seconds between 0 and 600".into()));
    }
    if args.max_requests == 0 {
        return Err(UserError("--max-requests must be at least 1".into()));
    }
    let options = Options { url: args.url.clone(), insecure: args.insecure, timeout: Duration::from_secs_f64(args.timeout), max_requests: args.max_requests };
    let outcome = probe(&options).map_err(|e| UserError(e.to_string()))?;
    let report = report::build(&outcome);
    let text = match args.format {
        Format::Json => json::render(&report),
        Format::Markdown => markdown::render(&report),
        Format::Html => html::render(&report),
        Format::Sarif => sarif::render(&report),
        Format::Github => github::render(&report, ""),
        Format::Junit => junit::render(&report),
        Format::Terminal => {
            let color = crate::color::wanted(args.no_color, args.output.is_some());
            report::terminal(&outcome, color)
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, &text).map_err(|e| UserError(format!("cannot write {}: {e}", path.display())))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
        }
    }
    let threshold = match args.fail_on.unwrap_or(FailOn::Critical) {
        FailOn::Critical => Some(Severity::Critical),
        FailOn::High => Some(Severity::High),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::Low => Some(Severity::Low),
        FailOn::Never => None,
    };
    let failure = threshold
        .filter(|t| outcome.findings.iter().any(|f| f.severity.at_least(*t)))
        .map(|t| if t == Severity::Critical { "critical findings".to_owned() } else { format!("findings at {} or worse", t.as_str()) });
    if args.format != Format::Terminal && !args.quiet {
        eprintln!("{}", shared::summary_line(&report, failure.as_deref()));
    }
    Ok(if failure.is_some() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
