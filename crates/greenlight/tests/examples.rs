//! The bundled examples through the real binary: every planted settings
//! problem of `examples/clubdesk` is found at its line, with the same Django
//! check ids `manage.py check --deploy` prints there; the hardened twin is clean.

mod common;


use std::process::Command;

fn audit(args: &[&str]) -> (serde_json::Value, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("audit").args(args).args(["--format", "json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"));
    (report, output.status.code().unwrap())
}

/// 1-based line of the first line of `rel` (under examples/clubdesk) containing `needle`.
fn line_of(rel: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(common::workspace().join("examples/clubdesk").join(rel)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} not in {rel}")) as u64 + 1
}

fn finding<'r>(report: &'r serde_json::Value, code: &str) -> Vec<&'r serde_json::Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == code).collect()
}

fn assert_at(report: &serde_json::Value, code: &str, path: &str, line: u64) {
    let found = finding(report, code);
    assert!(
        found.iter().any(|f| f["path"] == path && f["line"] == line),
        "{code} expected at {path}:{line}, found {:?}",
        found.iter().map(|f| format!("{}:{}", f["path"], f["line"])).collect::<Vec<_>>()
    );
}

#[test]
fn clubdesk_planted_settings_problems_are_found_where_they_are() {
    let root = common::workspace().join("examples/clubdesk");
    let (report, code) = audit(&[root.to_str().unwrap()]);
    assert_eq!(code, 1, "critical findings fail the default gate");
    assert_eq!(report["settings_module"], "clubdesk.settings.production");
    assert_eq!(report["verdict"], "not-ready");

    let base = "clubdesk/settings/base.py";
    let production = "clubdesk/settings/production.py";
    let debug_line = line_of(base, "DEBUG = config(");
    assert_at(&report, "SEC001", base, debug_line);
    let debug = finding(&report, "SEC001")[0]["message"].as_str().unwrap().to_owned();
    assert_eq!(debug, format!("DEBUG is True in production unless DEBUG is set (default in {base}:{debug_line})"));
    assert_at(&report, "SEC002", base, line_of(base, "SECRET_KEY = config("));
    assert_at(&report, "SEC022", base, line_of(base, "SECRET_KEY = config("));
    assert_at(&report, "SEC004", production, line_of(production, "ALLOWED_HOSTS = ['*']"));
    assert_at(&report, "SEC006", base, line_of(base, "MIDDLEWARE = ["));
    assert_at(&report, "CFG002", production, line_of(production, "DB_PASSWORD"));
    assert_at(&report, "SEC023", base, line_of(base, "AUTH_PASSWORD_VALIDATORS = []"));
    assert_at(&report, "CFG004", base, line_of(base, "EMAIL_BACKEND"));
    for absent in ["SEC008", "SEC012", "SEC013", "SEC015", "OBS001", "PERF001"] {
        assert_at(&report, absent, production, 1);
    }
    assert_at(&report, "PERF002", production, line_of(production, "DATABASES = {"));

    // What `DJANGO_SETTINGS_MODULE=clubdesk.settings.production manage.py check --deploy`
    // prints for this project (examples/README.md).
    let mut ids: Vec<&str> = report["findings"].as_array().unwrap().iter().filter_map(|f| f["django_check"].as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids, ["security.W002", "security.W004", "security.W008", "security.W009", "security.W012", "security.W016", "security.W018"]);

    // The secret itself never appears in the report.
    let text = report.to_string();
    assert!(!text.contains("3f$k2m!x9q@w7e"), "the SECRET_KEY leaked into the report");
}

#[test]
fn clubdesk_hardened_has_no_settings_problem() {
    let root = common::workspace().join("examples/clubdesk-hardened");
    let (report, code) = audit(&[root.to_str().unwrap()]);
    assert_eq!(code, 0);
    let serious: Vec<_> = report["findings"].as_array().unwrap().iter().filter(|f| f["severity"] != "info").collect();
    assert!(serious.is_empty(), "{serious:#?}");
}

#[test]
fn the_profile_decides_debug() {
    let root = common::workspace().join("examples/clubdesk");
    let (report, _) = audit(&[root.to_str().unwrap(), "--env", "DEBUG=False"]);
    assert!(finding(&report, "SEC001").is_empty());
    let latent = finding(&report, "SEC021");
    assert_eq!(latent.len(), 1, "DEBUG still defaults to True");
    assert_eq!(report["profile"]["env"], serde_json::json!(["DEBUG"]));
}

#[test]
fn not_a_django_project_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("script.py"), "print('hi')\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("audit").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("does not look like a Django project"), "{stderr}");
    assert!(stderr.lines().count() <= 2, "{stderr}");
    let missing = Command::new(env!("CARGO_BIN_EXE_greenlight")).args(["audit", "/nonexistent/dir"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn terminal_output_is_ruff_like() {
    let output = Command::new(env!("CARGO_BIN_EXE_greenlight"))
        .current_dir(common::workspace())
        .args(["audit", "examples/clubdesk"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!("clubdesk_terminal", text);
}
