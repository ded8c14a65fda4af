//! `--format html` (in progress).

use crate::model::Report;

pub fn render(report: &Report) -> String {
    format!("<!doctype html><title>{}</title>", report.verdict.as_str())
}
