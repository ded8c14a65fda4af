//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers.
//! The driver lists every rule that ran with its documentation (markdown
//! help), category, severity, GitHub's `security-severity` and CWE taxa
//! relationships; results carry project-relative URIs under `%SRCROOT%`, the
//! finding's region and its stable fingerprint. `tests/sarif_schema.rs`
//! validates the output against the official OASIS schema.

use std::collections::BTreeSet;

use greenlight_rules::{Category, Rule, Severity};
use serde_json::{json, Map, Value};

use crate::model::{FindingOut, Report};
use crate::rule_doc;

pub const SCHEMA_URI: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base every result URI is relative to.
pub const SRCROOT: &str = "%SRCROOT%";

/// SARIF `level` of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` (a CVSS-like 0.0–10.0 string): ≥ 9.0 shows as
/// critical, 7.0–8.9 high, 4.0–6.9 medium, below that low.
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

fn is_security(rule: &Rule) -> bool {
    rule.category == Category::Security || rule.cwe.is_some()
}

fn descriptor(rule: &Rule) -> Value {
    let mut tags = vec![rule.category.as_str().to_owned()];
    if is_security(rule) && rule.category != Category::Security {
        tags.push("security".to_owned());
    }
    if let Some(cwe) = rule.cwe {
        tags.push(format!("external/cwe/cwe-{cwe}"));
    }
    let mut properties = Map::new();
    properties.insert("tags".into(), json!(tags));
    properties.insert("category".into(), json!(rule.category.as_str()));
    properties.insert("severity".into(), json!(rule.severity.as_str()));
    if is_security(rule) {
        properties.insert("security-severity".into(), json!(security_severity(rule.severity)));
    }
    if !rule.django_checks.is_empty() {
        properties.insert("django-checks".into(), json!(rule.django_checks));
    }
    properties.insert("effort-minutes".into(), json!(rule.effort_minutes));
    let what = rule_doc::what_it_does(rule).unwrap_or(rule.summary);
    let mut descriptor = json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": what },
        "help": { "text": rule.doc.trim_end(), "markdown": rule.doc.trim_end() },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": properties,
    });
    if let Some(cwe) = rule.cwe {
        descriptor["relationships"] = json!([{
            "target": { "id": cwe.to_string(), "toolComponent": { "name": "CWE" } },
            "kinds": ["superset"],
        }]);
    }
    descriptor
}

fn result(finding: &FindingOut, rule_index: Option<usize>) -> Value {
    let mut result = json!({
        "ruleId": finding.code,
        "level": level(finding.severity),
        "message": { "text": finding.message },
        "partialFingerprints": { "greenlight/v1": finding.fingerprint },
        "properties": { "severity": finding.severity.as_str(), "category": finding.category.as_str(), "name": finding.name },
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !finding.path.is_empty() {
        let end_line = finding.end_line.max(finding.line);
        let end_column = if end_line == finding.line { finding.end_column.max(finding.column) } else { finding.end_column.max(1) };
        result["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": { "uri": uri_path(&finding.path), "uriBaseId": SRCROOT },
                "region": {
                    "startLine": finding.line.max(1),
                    "startColumn": finding.column.max(1),
                    "endLine": end_line.max(1),
                    "endColumn": end_column.max(1),
                },
            }
        }]);
    }
    if let Some(check) = &finding.django_check {
        result["properties"]["django-check"] = json!(check);
    }
    if let Some(fix) = finding.fix.as_ref().filter(|f| !f.edits.is_empty()) {
        result["fixes"] = json!([sarif_fix(fix)]);
    }
    result
}

/// A fix with edits as a SARIF `fix`: one artifact change per file, each edit a
/// replacement of a byte range (offsets into the UTF-8 text, after any BOM).
/// Its applicability (`safe`/`unsafe`) is a property: SARIF has no such field.
fn sarif_fix(fix: &greenlight_rules::Fix) -> Value {
    let mut by_file: Vec<(&str, Vec<Value>)> = Vec::new();
    for edit in &fix.edits {
        let replacement = json!({
            "deletedRegion": { "byteOffset": edit.start, "byteLength": edit.end - edit.start },
            "insertedContent": { "text": edit.content },
        });
        match by_file.iter_mut().find(|(path, _)| *path == edit.path) {
            Some((_, list)) => list.push(replacement),
            None => by_file.push((&edit.path, vec![replacement])),
        }
    }
    let changes: Vec<Value> = by_file
        .into_iter()
        .map(|(path, replacements)| json!({ "artifactLocation": { "uri": uri_path(path), "uriBaseId": SRCROOT }, "replacements": replacements }))
        .collect();
    json!({
        "description": { "text": fix.description },
        "artifactChanges": changes,
        "properties": { "applicability": fix.applicability },
    })
}

/// A relative path as a URI reference: each segment percent-encoded.
pub fn uri_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The project root as a `file:` URI ending in `/`.
fn root_uri(root: &str) -> String {
    let path = root.replace('\\', "/");
    let path = if path.starts_with('/') { path } else { format!("/{path}") };
    let encoded = uri_path(path.trim_end_matches('/'));
    format!("file://{encoded}/")
}

/// The CWE taxonomy entries the rules reference.
fn cwe_taxonomy(rules: &[&Rule]) -> Value {
    let ids: BTreeSet<u32> = rules.iter().filter_map(|r| r.cwe).collect();
    let taxa: Vec<Value> = ids
        .iter()
        .map(|id| json!({ "id": id.to_string(), "helpUri": format!("https://cwe.mitre.org/data/definitions/{id}.html") }))
        .collect();
    json!({
        "name": "CWE",
        "organization": "MITRE",
        "shortDescription": { "text": "The MITRE Common Weakness Enumeration" },
        "informationUri": "https://cwe.mitre.org/",
        "taxa": taxa,
    })
}

pub fn render(report: &Report) -> String {
    let rules: Vec<&'static Rule> = report.rules_run.iter().filter_map(|code| rule_doc::rule(code)).collect();
    let mut rules = rules;
    for f in &report.findings {
        if !rules.iter().any(|r| r.code == f.code) {
            if let Some(rule) = rule_doc::rule(f.code) {
                rules.push(rule);
            }
        }
    }
    let results: Vec<Value> = report.findings.iter().map(|f| result(f, rules.iter().position(|r| r.code == f.code))).collect();
    let notifications: Vec<Value> = report
        .notes
        .iter()
        .map(|note| {
            let mut n = json!({ "level": "note", "message": { "text": note.message } });
            if !note.path.is_empty() {
                n["locations"] = json!([{ "physicalLocation": { "artifactLocation": { "uri": uri_path(&note.path), "uriBaseId": SRCROOT } } }]);
            }
            n
        })
        .collect();
    let mut driver = json!({
        "name": report.tool.name,
        "version": report.tool.version,
        "semanticVersion": report.tool.version,
        "rules": rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
    });
    let has_cwe = rules.iter().any(|r| r.cwe.is_some());
    if has_cwe {
        driver["supportedTaxonomies"] = json!([{ "name": "CWE" }]);
    }
    let mut run = json!({
        "tool": { "driver": driver },
        "invocations": [{ "executionSuccessful": true, "toolExecutionNotifications": notifications }],
        "originalUriBaseIds": { SRCROOT: { "uri": root_uri(&report.root) } },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "verdict": report.verdict.as_str(),
            "score": report.score.overall,
            "grade": report.score.grade,
            "settingsModule": report.settings_module,
        },
    });
    if has_cwe {
        run["taxonomies"] = json!([cwe_taxonomy(&rules)]);
    }
    let log = json!({ "$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run] });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
