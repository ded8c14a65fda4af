//! Every report format through the real binary on the bundled examples:
//! markdown, github and junit snapshots; JUnit is well-formed XML; formats
//! other than terminal print one summary line on stderr for CI logs (not with
//! --quiet); `explain --scoring` prints the scoring table.

mod common;


use std::process::{Command, Output};

/// `greenlight audit examples/{example} --format {format}`, run from the workspace root.
fn audit(example: &str, format: &str, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_greenlight"))
        .current_dir(common::workspace())
        .args(["audit", &format!("examples/{example}"), "--format", format])
        .args(extra)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn clubdesk_markdown_report() {
    let output = audit("clubdesk", "markdown", &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    for section in [
        "# Production readiness: clubdesk",
        "### Why this grade",
        "## Scores by category",
        "## Feature inventory",
        "## What is already production-ready",
        "## Findings",
        "## Environment variables production needs",
        "## Pre-deployment checklist",
        "## Remediation plan",
    ] {
        assert!(text.contains(section), "missing {section}");
    }
    assert!(text.contains("- [ ] **SEC001**"), "checklist items are checkboxes");
    assert!(!text.contains(common::workspace().to_str().unwrap()), "no absolute paths in the report");
    insta::assert_snapshot!("clubdesk_markdown", text);
}

#[test]
fn hardened_markdown_report() {
    let output = audit("clubdesk-hardened", "markdown", &[]);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("clubdesk_hardened_markdown", stdout(&output));
}

#[test]
fn clubdesk_github_annotations() {
    let text = stdout(&audit("clubdesk", "github", &[]));
    assert!(text.lines().all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")), "{text}");
    assert!(text.contains("::error file=examples/clubdesk/clubdesk/settings/base.py,line="), "paths are relative to where greenlight ran");
    insta::assert_snapshot!("clubdesk_github", text);
}

#[test]
fn clubdesk_junit_is_well_formed() {
    let text = stdout(&audit("clubdesk", "junit", &[]));
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let suites = doc.root_element();
    assert_eq!(suites.tag_name().name(), "testsuites");
    let cases: Vec<_> = suites.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    let failing: Vec<_> = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).collect();
    assert_eq!(suites.attribute("tests").unwrap().parse::<usize>().unwrap(), cases.len());
    assert_eq!(suites.attribute("failures").unwrap().parse::<usize>().unwrap(), failing.len());
    let debug = cases.iter().find(|c| c.attribute("name").unwrap().starts_with("SEC001 ")).unwrap();
    let failure = debug.children().find(|n| n.has_tag_name("failure")).unwrap();
    assert!(failure.text().unwrap().contains("clubdesk/settings/base.py:"));
    insta::assert_snapshot!("clubdesk_junit", text);
}

#[test]
fn non_terminal_formats_print_one_summary_line() {
    for format in ["json", "markdown", "sarif", "github", "junit", "html"] {
        let output = audit("clubdesk", format, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{format}: {stderr}");
        assert!(stderr.starts_with("greenlight: not-ready, ") && stderr.contains("/10 (") && stderr.contains(" critical, "), "{stderr}");
        assert!(stderr.trim_end().ends_with("— gate failed (critical findings)"), "{stderr}");
        let quiet = audit("clubdesk", format, &["--quiet"]);
        assert!(quiet.stderr.is_empty(), "--quiet: {}", String::from_utf8_lossy(&quiet.stderr));
    }
    let terminal = audit("clubdesk", "terminal", &[]);
    assert!(terminal.stderr.is_empty());
}

#[test]
fn the_summary_names_every_gate_that_failed() {
    let output = audit("clubdesk-hardened", "json", &["--min-score", "10.5"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("gate failed (score 10.0 < 10.5)"));
    let output = audit("clubdesk", "json", &["--fail-on", "never"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).trim_end().ends_with("— gate passed"));
    let output = audit("clubdesk", "json", &["--fail-on", "high", "--min-score", "5"]);
    let overall = serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()["score"]["overall"].as_f64().unwrap();
    let expected = format!("gate failed (findings at high or worse, score {overall:.1} < 5.0)");
    assert!(String::from_utf8_lossy(&output.stderr).contains(&expected), "{expected}");
}

#[test]
fn json_carries_why_and_the_inventory() {
    let report: serde_json::Value = serde_json::from_slice(&audit("clubdesk", "json", &["-q"]).stdout).unwrap();
    let why = &report["why"];
    let reason = why["reasons"][0].as_str().unwrap();
    assert!(reason.starts_with("not-ready: ") && reason.contains(" critical findings"), "{reason}");
    // Critical findings cap the score at 4.0; here the findings alone already cost more.
    assert!(why["capped"].is_boolean());
    assert!(report["score"]["overall"].as_f64().unwrap() <= 4.0);
    assert!(why["costliest"].as_array().unwrap().len() <= 5);
    let apps = report["inventory"]["apps"].as_array().unwrap();
    let accounts = apps.iter().find(|a| a["label"] == "accounts").unwrap();
    assert_eq!(accounts["module"], "accounts");
    assert!(accounts["views"].as_u64().unwrap() > 0 && accounts["url_routes"].as_u64().unwrap() > 0);
    let features = report["inventory"]["features"].as_array().unwrap();
    let auth = features.iter().find(|f| f["key"] == "auth").unwrap();
    assert_eq!(auth["detected"], true);
    let rules_run = report["rules_run"].as_array().unwrap();
    assert!(rules_run.iter().any(|c| c == "SEC001") && rules_run.len() >= report["passed"].as_array().unwrap().len());
}

#[test]
fn explain_scoring_prints_the_table() {
    let output = Command::new(env!("CARGO_BIN_EXE_greenlight")).args(["explain", "--scoring"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert_eq!(text, greenlight_report::scoring::table());
    assert!(text.contains("| critical | 4.0 |") && text.contains("| A+ | 9.5 |") && text.contains("| not-ready | any critical finding |"));
    let missing = Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("explain").output().unwrap();
    assert_eq!(missing.status.code(), Some(2), "explain needs a code or --scoring");
}

/// Snapshots of the formats not covered above; the absolute root is redacted.
#[test]
fn json_sarif_and_html_snapshots() {
    let root = common::workspace().join("examples/clubdesk").canonicalize().unwrap().display().to_string();
    for (format, name) in [("json", "clubdesk_json"), ("sarif", "clubdesk_sarif"), ("html", "clubdesk_html")] {
        let text = stdout(&audit("clubdesk", format, &["-q"])).replace(&root, "[ROOT]");
        insta::assert_snapshot!(name, text);
    }
}
