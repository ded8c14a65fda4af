//! The default output: one ruff-like line per finding
//! (`path:line:col: CODE message`), then a short summary.

use std::fmt::Write;

use greenlight_rules::Severity;

use crate::model::Report;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }
}

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "1;31",
        Severity::High => "31",
        Severity::Medium => "33",
        Severity::Low => "36",
        Severity::Info => "2",
    }
}

/// `display_root` is prefixed to every path so that the lines are clickable
/// from where the user ran the command.
pub fn render(report: &Report, display_root: &str, style: Style) -> String {
    let mut out = String::new();
    let prefix = match display_root.trim_end_matches('/') {
        "" | "." => String::new(),
        root => format!("{root}/"),
    };
    for f in &report.findings {
        let location = if f.path.is_empty() { prefix.trim_end_matches('/').to_owned() } else { format!("{prefix}{}", f.path) };
        let _ = writeln!(
            out,
            "{}:{}:{}: {} {} {}",
            style.paint("1", &location),
            f.line,
            f.column,
            style.paint(severity_color(f.severity), f.code),
            style.paint("2", &format!("[{}]", f.severity.as_str())),
            f.message
        );
    }
    for note in &report.notes {
        let path = if note.path.is_empty() { prefix.trim_end_matches('/').to_owned() } else { format!("{prefix}{}", note.path) };
        let _ = writeln!(out, "{}: {} {}", style.paint("1", &path), style.paint("2", "note:"), note.message);
    }
    if !report.findings.is_empty() || !report.notes.is_empty() {
        out.push('\n');
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|s| report.counts.get(s.as_str()).filter(|n| **n > 0).map(|n| format!("{n} {}", s.as_str())))
        .collect();
    let total: usize = report.counts.values().sum();
    let _ = writeln!(
        out,
        "{} ({}). Settings: {}.",
        style.paint("1", &format!("Found {total} finding{}", if total == 1 { "" } else { "s" })),
        if counts.is_empty() { "none".to_owned() } else { counts.join(", ") },
        report.settings_module
    );
    let verdict_color = match report.verdict.as_str() {
        "ready" => "1;32",
        "ready-with-fixes" => "1;33",
        _ => "1;31",
    };
    let _ = writeln!(
        out,
        "Score {:.1}/10 ({}) — {}",
        report.score.overall,
        report.score.grade,
        style.paint(verdict_color, report.verdict.as_str())
    );
    out
}
