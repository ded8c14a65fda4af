//! `--format github`: GitHub Actions workflow commands, one per finding
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE::message`),
//! so findings show as annotations on the pull request. The level follows
//! the severity; `display_root` prefixes paths so they are relative to the
//! repository when the project is a subdirectory.

use std::fmt::Write;

use greenlight_rules::Severity;

use crate::model::Report;

pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

/// Escaping of a command's message (data) part.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping of a property value: the data escapes plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report, display_root: &str) -> String {
    let prefix = match display_root.trim_end_matches('/') {
        "" | "." => String::new(),
        root => format!("{}/", root.trim_start_matches("./")),
    };
    let mut out = String::new();
    for f in &report.findings {
        let title = escape_property(&format!("{} {} ({})", f.code, f.name, f.severity.as_str()));
        let message = escape_data(&f.message);
        if f.path.is_empty() {
            let _ = writeln!(out, "::{} title={title}::{message}", command(f.severity));
            continue;
        }
        let file = escape_property(&format!("{prefix}{}", f.path));
        let mut position = format!("file={file},line={},col={}", f.line, f.column);
        if f.end_line >= f.line {
            let _ = write!(position, ",endLine={}", f.end_line);
            if f.end_line == f.line && f.end_column > f.column {
                let _ = write!(position, ",endColumn={}", f.end_column);
            }
        }
        let _ = writeln!(out, "::{} {position},title={title}::{message}", command(f.severity));
    }
    for note in &report.notes {
        let file = if note.path.is_empty() { String::new() } else { format!(" file={}", escape_property(&format!("{prefix}{}", note.path))) };
        let _ = writeln!(out, "::notice{file},title=greenlight note::{}", escape_data(&note.message));
    }
    out
}
