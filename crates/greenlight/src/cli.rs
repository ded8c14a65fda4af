//! Flags, defined once; `--help` is generated from these doc comments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::project_args::ProjectArgs;

/// greenlight: a production-readiness audit for Django projects.
///
/// Reads the project (settings, code, templates, dependencies, deployment
/// files) without importing or running it, and reports what stands between it
/// and production.
#[derive(Debug, Parser)]
#[command(name = "greenlight", version, propagate_version = true, after_help = crate::help::TOP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print what the audit did on standard error: timings per phase, the settings module chosen and why, files counted, notes.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Print nothing on standard error but errors: no summary line, no progress bar.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit a Django project.
    #[command(after_help = crate::help::AUDIT)]
    Audit(AuditArgs),
    /// List every rule.
    #[command(after_help = crate::help::RULES)]
    Rules(RulesArgs),
    /// Compare two JSON reports: score and grade change, findings fixed, new and still open.
    #[command(after_help = crate::help::DIFF)]
    Diff(DiffArgs),
    /// Print one rule's documentation (`greenlight explain SEC001`), or the scoring model (`--scoring`).
    #[command(after_help = crate::help::EXPLAIN)]
    Explain(ExplainArgs),
    /// Apply the fixes attached to findings: safe ones, and unsafe ones with --unsafe-fixes.
    #[command(after_help = crate::help::FIX)]
    Fix(crate::fix_cmd::FixArgs),
    /// Probe a running deployment over HTTP: headers, cookies, DEBUG pages, exposed files, TLS; graded A+..F.
    #[command(after_help = crate::help::PROBE)]
    Probe(crate::probe_cmd::ProbeArgs),
    /// Create the missing production pieces, tailored to the project; never overwrites a file.
    ///
    /// Production settings reading every secret from the environment, .env.example, /health
    /// (and /ready with a cache) wired into the root URLconf, gunicorn.conf.py, Dockerfile and
    /// .dockerignore.
    #[command(after_help = crate::help::SCAFFOLD)]
    Scaffold(ScaffoldArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell).
    #[command(after_help = crate::help::COMPLETIONS)]
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct ScaffoldArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Print what would be created and edited; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: CODE message` lines and a summary.
    Terminal,
    /// The full report as JSON (the stable contract).
    Json,
    /// The production-readiness report as GitHub-flavoured Markdown.
    Markdown,
    /// One self-contained HTML file (inline CSS, JS and SVG charts).
    Html,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`): annotations on the PR.
    Github,
    /// JUnit XML: one test case per rule that ran, failing with its findings.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Critical,
    High,
    Medium,
    Low,
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub project: ProjectArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Terminal)]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also evaluate settings under this shell's environment (off: exports never leak into an audit).
    #[arg(long)]
    pub inherit_env: bool,

    /// Only these rule codes or prefixes (comma-separated or repeated).
    #[arg(long, value_name = "CODES")]
    pub select: Vec<String>,

    /// Skip these rule codes or prefixes.
    #[arg(long, value_name = "CODES")]
    pub ignore: Vec<String>,

    /// Exit 1 when a finding at least this severe is present [default: critical].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Exit 1 when the overall score is below N (0–10).
    #[arg(long, value_name = "N")]
    pub min_score: Option<f64>,

    /// Hide the findings recorded in FILE (a file written by --write-baseline, or a JSON report).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record today's findings in FILE, to use later with --baseline.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Never colour the output (NO_COLOR is honoured too).
    #[arg(long)]
    pub no_color: bool,

    /// Neither read nor write the audit cache (`.greenlight_cache/` in the
    /// project, or GREENLIGHT_CACHE_DIR), which replays the report of an
    /// unchanged tree.
    #[arg(long)]
    pub no_cache: bool,

    /// Set from the global `--quiet`: no summary line on standard error
    /// (formats other than terminal print one for CI logs), no progress bar.
    #[arg(skip)]
    pub quiet: bool,

    /// Set from the global `--verbose`.
    #[arg(skip)]
    pub verbose: bool,

    /// Skip files larger than SIZE (e.g. 5M, 512K) with a note [default: 5M].
    #[arg(long, value_name = "SIZE", value_parser = crate::limits_args::parse_size)]
    pub max_file_size: Option<u64>,

    /// Skip files with a line longer than SIZE bytes with a note [default: 1M].
    #[arg(long, value_name = "SIZE", value_parser = crate::limits_args::parse_size)]
    pub max_line_length: Option<u64>,

    /// Skip Python files whose syntax could nest deeper than N (brackets, operators, blocks) with a note [default: 200].
    #[arg(long, value_name = "N", value_parser = crate::limits_args::parse_nesting)]
    pub max_nesting: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A before/after table and the findings fixed, new and still open.
    Terminal,
    /// The same as a GitHub-flavoured Markdown document.
    Markdown,
    /// The comparison as JSON.
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier report (`greenlight audit --format json -o FILE`).
    pub before: PathBuf,

    /// The later report.
    pub after: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Terminal)]
    pub format: DiffFormat,

    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// `text` (a table), `json` (every rule with its documentation) or `markdown` (the docs/rules.md page).
    #[arg(long, default_value = "text", value_parser = ["text", "json", "markdown"])]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (`SEC001`) or name (`debug-enabled`).
    #[arg(required_unless_present = "scoring", conflicts_with = "scoring")]
    pub code: Option<String>,

    /// Print the scoring model instead: penalties, weights, the critical cap, grade bands, verdict rules.
    #[arg(long)]
    pub scoring: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
