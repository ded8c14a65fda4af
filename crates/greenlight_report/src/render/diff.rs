//! Renders a `greenlight diff` (terminal or markdown): the before/after
//! table a consultant writes by hand after a remediation — verdict, overall
//! and per-category scores with grades and change, then the findings fixed,
//! new, and still open.

use std::fmt::Write;

use crate::diff::{FindingSnapshot, ReportDiff, ScoreChange};
use crate::render::markdown::cell;
use crate::render::shared::title_case;

fn signed(delta: f64) -> String {
    if delta > 0.0 {
        format!("+{delta:.1}")
    } else if delta < 0.0 {
        format!("−{:.1}", -delta)
    } else {
        "±0.0".to_owned()
    }
}

fn trend_word(d: &ReportDiff) -> &'static str {
    match d.verdict_trend() {
        std::cmp::Ordering::Greater => "improved",
        std::cmp::Ordering::Less => "worsened",
        std::cmp::Ordering::Equal => "unchanged",
    }
}

fn score_cell(s: &ScoreChange, before: bool) -> String {
    if before { format!("{:.1} ({})", s.before, s.before_grade) } else { format!("{:.1} ({})", s.after, s.after_grade) }
}

pub fn terminal(d: &ReportDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Verdict: {} → {} ({})", d.before_verdict, d.after_verdict, trend_word(d));
    let _ = writeln!(out, "Score:   {} → {}  {}\n", score_cell(&d.overall, true), score_cell(&d.overall, false), signed(d.overall.delta()));
    let _ = writeln!(out, "{:<15} {:>10} {:>10} {:>7}", "category", "before", "after", "change");
    for (name, change) in &d.categories {
        let _ = writeln!(out, "{:<15} {:>10} {:>10} {:>7}", name, score_cell(change, true), score_cell(change, false), signed(change.delta()));
    }
    let sections: [(&str, &str, &[FindingSnapshot]); 3] = [("Fixed", "-", &d.fixed), ("New", "+", &d.new), ("Still open", " ", &d.unchanged)];
    for (title, mark, findings) in sections {
        let _ = writeln!(out, "\n{title} ({}):", findings.len());
        for f in findings {
            let _ = writeln!(out, "{mark} {} [{}] {}: {}", f.code, f.severity, f.location(), f.message);
        }
    }
    let _ = writeln!(
        out,
        "\n{} fixed, {} new, {} still open; score {:.1} → {:.1} ({}).",
        d.fixed.len(),
        d.new.len(),
        d.unchanged.len(),
        d.overall.before,
        d.overall.after,
        signed(d.overall.delta())
    );
    out
}

fn findings_table(out: &mut String, title: &str, icon: &str, findings: &[FindingSnapshot]) {
    let _ = writeln!(out, "## {icon} {title} ({})\n", findings.len());
    if findings.is_empty() {
        let _ = writeln!(out, "None.\n");
        return;
    }
    let _ = writeln!(out, "| rule | severity | location | finding |\n| --- | --- | --- | --- |");
    for f in findings {
        let _ = writeln!(out, "| `{}` {} | {} | `{}` | {} |", f.code, f.name, f.severity, f.location(), cell(&f.message));
    }
    out.push('\n');
}

pub fn markdown(d: &ReportDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Production readiness: before and after\n");
    let _ = writeln!(out, "| | before | after | change |\n| --- | --- | --- | --- |");
    let _ = writeln!(out, "| **verdict** | {} | {} | {} |", d.before_verdict, d.after_verdict, trend_word(d));
    let _ = writeln!(
        out,
        "| **overall score** | {} | {} | {} |",
        score_cell(&d.overall, true),
        score_cell(&d.overall, false),
        signed(d.overall.delta())
    );
    for (name, change) in &d.categories {
        let _ = writeln!(out, "| {} | {} | {} | {} |", title_case(name), score_cell(change, true), score_cell(change, false), signed(change.delta()));
    }
    let _ = writeln!(
        out,
        "| **findings** | {} | {} | {} fixed, {} new |\n",
        d.fixed.len() + d.unchanged.len(),
        d.new.len() + d.unchanged.len(),
        d.fixed.len(),
        d.new.len()
    );
    findings_table(&mut out, "Fixed", "✅", &d.fixed);
    findings_table(&mut out, "New", "🆕", &d.new);
    findings_table(&mut out, "Still open", "⏳", &d.unchanged);
    out
}
