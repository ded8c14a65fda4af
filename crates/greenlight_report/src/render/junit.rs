//! `--format junit`: JUnit XML, for CI systems that chart test results. One
//! test suite per category, one test case per rule that ran; a rule with
//! findings fails and lists them (`path:line:col message`). Text is escaped for
//! XML, and characters XML 1.0 cannot carry are dropped.

use std::fmt::Write;

use greenlight_rules::Category;

use crate::model::{FindingOut, Report};
use crate::rule_doc;

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Text content: line breaks stay line breaks.
fn escape_text(text: &str) -> String {
    escape(text).replace("&#10;", "\n")
}

/// XML 1.0 `Char`.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

struct Case<'r> {
    code: &'static str,
    name: &'static str,
    findings: Vec<&'r FindingOut>,
}

fn cases_of(report: &Report, category: Category) -> Vec<Case<'_>> {
    let mut codes: Vec<&'static str> = report.rules_run.clone();
    for f in &report.findings {
        if !codes.contains(&f.code) {
            codes.push(f.code);
        }
    }
    codes
        .into_iter()
        .filter_map(|code| {
            let findings: Vec<&FindingOut> = report.findings.iter().filter(|f| f.code == code).collect();
            let (name, rule_category) = match rule_doc::rule(code) {
                Some(rule) => (rule.name, rule.category),
                None => (findings.first()?.name, findings.first()?.category),
            };
            (rule_category == category).then_some(Case { code, name, findings })
        })
        .collect()
}

pub fn render(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total_cases: usize = Category::ALL.iter().map(|c| cases_of(report, *c).len()).sum();
    let total_failures: usize = Category::ALL.iter().map(|c| cases_of(report, *c).iter().filter(|k| !k.findings.is_empty()).count()).sum();
    let _ = writeln!(
        out,
        "<testsuites name=\"greenlight\" tests=\"{total_cases}\" failures=\"{total_failures}\" errors=\"0\" time=\"0\">"
    );
    for category in Category::ALL {
        let cases = cases_of(report, category);
        if cases.is_empty() {
            continue;
        }
        let failures = cases.iter().filter(|c| !c.findings.is_empty()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"greenlight.{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\">",
            category.as_str(),
            cases.len()
        );
        for case in cases {
            let _ = write!(
                out,
                "    <testcase classname=\"greenlight.{}\" name=\"{} {}\" time=\"0\"",
                category.as_str(),
                escape(case.code),
                escape(case.name)
            );
            if case.findings.is_empty() {
                out.push_str("/>\n");
                continue;
            }
            let worst = case.findings.iter().map(|f| f.severity).min().map(|s| s.as_str()).unwrap_or("info");
            let summary = rule_doc::rule(case.code).map(|r| r.summary).unwrap_or(case.name);
            let message = format!("{} finding(s), worst {worst}: {summary}", case.findings.len());
            let mut body = String::new();
            for f in &case.findings {
                let place = if f.path.is_empty() { "(project)".to_owned() } else { format!("{}:{}:{}", f.path, f.line, f.column) };
                let _ = writeln!(body, "{place}: [{}] {}", f.severity.as_str(), f.message);
            }
            let _ = writeln!(out, ">\n      <failure message=\"{}\" type=\"{worst}\">{}</failure>\n    </testcase>", escape(&message), escape_text(&body));
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}
