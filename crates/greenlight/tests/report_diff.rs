//! `greenlight diff` on real reports: the two example projects (every planted
//! problem fixed), and one project before and after an edit that fixes DEBUG
//! and shifts every line (the other findings must match as still open).

mod common;

use std::path::Path;
use std::process::Command;

fn greenlight(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_greenlight")).current_dir(common::workspace()).args(args).output().unwrap()
}

fn json_report(project: &Path, out: &Path) {
    let status = greenlight(&["audit", project.to_str().unwrap(), "--format", "json", "-q", "-o", out.to_str().unwrap()]).status;
    assert!(status.code().is_some_and(|c| c < 2));
}

fn diff_json(before: &Path, after: &Path) -> serde_json::Value {
    let output = greenlight(&["diff", before.to_str().unwrap(), after.to_str().unwrap(), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn clubdesk_to_hardened() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after) = (dir.path().join("before.json"), dir.path().join("after.json"));
    json_report(&common::workspace().join("examples/clubdesk"), &before);
    json_report(&common::workspace().join("examples/clubdesk-hardened"), &after);
    let d = diff_json(&before, &after);
    assert_eq!(d["before_verdict"], "not-ready");
    assert_eq!(d["after_verdict"], "ready");
    assert!(d["overall"]["after"].as_f64().unwrap() > d["overall"]["before"].as_f64().unwrap());
    let fixed: Vec<&str> = d["fixed"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    for code in ["SEC001", "SEC002", "SEC004", "CFG002"] {
        assert!(fixed.contains(&code), "{code} not fixed: {fixed:?}");
    }
    let markdown = greenlight(&["diff", before.to_str().unwrap(), after.to_str().unwrap(), "--format", "markdown"]);
    let text = String::from_utf8(markdown.stdout).unwrap();
    assert!(text.contains("| **verdict** | not-ready | ready | improved |"));
    insta::assert_snapshot!("clubdesk_to_hardened_markdown", text);
    let terminal = String::from_utf8(greenlight(&["diff", before.to_str().unwrap(), after.to_str().unwrap()]).stdout).unwrap();
    assert!(terminal.starts_with("Verdict: not-ready → ready (improved)\nScore:   "), "{terminal}");
}

#[test]
fn an_edit_that_fixes_debug_and_moves_every_line() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("clubdesk");
    common::copy_tree(&common::workspace().join("examples/clubdesk"), &project);
    let (before, after) = (dir.path().join("before.json"), dir.path().join("after.json"));
    json_report(&project, &before);

    let base = project.join("clubdesk/settings/base.py");
    let text = std::fs::read_to_string(&base).unwrap();
    let edited = text.replace("DEBUG = config('DEBUG', default=True, cast=bool)", "DEBUG = config('DEBUG', default=False, cast=bool)");
    assert_ne!(edited, text, "the DEBUG line is where the example has it");
    std::fs::write(&base, format!("# Reviewed for production.\n# DEBUG now defaults to off.\n{edited}")).unwrap();
    json_report(&project, &after);

    let d = diff_json(&before, &after);
    let codes = |key: &str| -> Vec<String> { d[key].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect() };
    assert_eq!(codes("fixed"), ["SEC001"]);
    assert!(codes("new").is_empty(), "moved findings are not new: {:?}", codes("new"));
    let before_report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&before).unwrap()).unwrap();
    assert_eq!(codes("unchanged").len(), before_report["findings"].as_array().unwrap().len() - 1);
    let secret = d["unchanged"].as_array().unwrap().iter().find(|f| f["code"] == "SEC002").unwrap();
    let old_secret = before_report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "SEC002").unwrap();
    assert_eq!(secret["line"].as_u64().unwrap(), old_secret["line"].as_u64().unwrap() + 2, "shown at its new line");
}

#[test]
fn diff_of_a_non_report_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = dir.path().join("x.json");
    std::fs::write(&bogus, "{\"hello\": 1}").unwrap();
    let output = greenlight(&["diff", bogus.to_str().unwrap(), bogus.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a greenlight JSON report"));
}
