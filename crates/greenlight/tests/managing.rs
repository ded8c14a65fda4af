//! Managing findings: `# noqa`, `[tool.greenlight]`, per-file ignores and
//! baselines that survive line shifts, through the real binary.

use std::path::Path;
use std::process::Command;

fn project(settings: &str, pyproject: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("manage.py"), "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n").unwrap();
    std::fs::create_dir(root.join("proj")).unwrap();
    std::fs::write(root.join("proj/__init__.py"), "").unwrap();
    std::fs::write(root.join("proj/settings.py"), settings).unwrap();
    if let Some(text) = pyproject {
        std::fs::write(root.join("pyproject.toml"), text).unwrap();
    }
    dir
}

fn audit(root: &Path, extra: &[&str]) -> (serde_json::Value, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("audit").arg(root).args(["--format", "json"]).args(extra).output().unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    (report, output.status.code().unwrap())
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn noqa_suppresses_and_unused_noqa_is_reported() {
    let dir = project("DEBUG = True  # noqa: SEC001\nALLOWED_HOSTS = ['*']  # noqa: SEC001, E501\nSECRET_KEY = 'x'  # noqa\n", None);
    let (report, _) = audit(dir.path(), &["--select", "SEC001,SEC004,SEC002,SEC022,CFG006"]);
    let codes = codes(&report);
    assert!(!codes.contains(&"SEC001".to_owned()), "{codes:?}");
    assert!(!codes.contains(&"SEC002".to_owned()) && !codes.contains(&"SEC022".to_owned()), "bare noqa: {codes:?}");
    assert!(codes.contains(&"SEC004".to_owned()));
    let unused: Vec<_> = report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "CFG006").collect();
    assert_eq!(unused.len(), 1, "{unused:?}");
    assert_eq!(unused[0]["line"], 2);
}

#[test]
fn pyproject_config_selects_ignores_and_gates() {
    let settings = "DEBUG = True\nALLOWED_HOSTS = ['*']\n";
    let dir = project(settings, Some("[tool.greenlight]\nselect = ['SEC']\nignore = ['SEC001']\nfail-on = 'high'\n"));
    let (report, code) = audit(dir.path(), &[]);
    let found = codes(&report);
    assert!(!found.contains(&"SEC001".to_owned()) && found.contains(&"SEC004".to_owned()), "{found:?}");
    assert!(found.iter().all(|c| c.starts_with("SEC")), "{found:?}");
    assert_eq!(code, 1, "fail-on high from the config");
    // The command line wins: --select replaces, --fail-on overrides.
    let (report, code) = audit(dir.path(), &["--select", "SEC004", "--fail-on", "never"]);
    assert_eq!(codes(&report), ["SEC004"]);
    assert_eq!(code, 0);
}

#[test]
fn per_file_ignores_and_bad_config() {
    let dir = project("DEBUG = True\n", Some("[tool.greenlight.per-file-ignores]\n'proj/settings.py' = ['SEC001']\n"));
    let (report, _) = audit(dir.path(), &[]);
    assert!(!codes(&report).contains(&"SEC001".to_owned()));
    let bad = project("DEBUG = True\n", Some("[tool.greenlight]\nfail_on = 'high'\n"));
    let output = Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("audit").arg(bad.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown key `fail_on`"));
}

#[test]
fn baseline_survives_line_shifts_and_shows_new_findings() {
    let dir = project("DEBUG = True\nALLOWED_HOSTS = ['*']\n", None);
    let baseline = dir.path().join("baseline.json");
    let (first, _) = audit(dir.path(), &["--write-baseline", baseline.to_str().unwrap()]);
    let total = first["findings"].as_array().unwrap().len();
    assert!(total >= 2);
    // Lines move, nothing new: everything is in the baseline.
    std::fs::write(dir.path().join("proj/settings.py"), "# moved\n\nDEBUG = True\nALLOWED_HOSTS = ['*']\n").unwrap();
    let (report, code) = audit(dir.path(), &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(codes(&report), Vec::<String>::new());
    assert_eq!(report["baseline"]["hidden"], total);
    assert_eq!(code, 0);
    // A new problem is reported.
    std::fs::write(dir.path().join("proj/settings.py"), "# moved\n\nDEBUG = True\nALLOWED_HOSTS = ['*']\nSESSION_COOKIE_HTTPONLY = False\nINSTALLED_APPS = ['django.contrib.sessions']\n").unwrap();
    let (report, _) = audit(dir.path(), &["--baseline", baseline.to_str().unwrap()]);
    assert!(codes(&report).contains(&"SEC014".to_owned()), "{:?}", codes(&report));
    // A JSON report works as a baseline too.
    let report_file = dir.path().join("report.json");
    std::fs::write(&report_file, serde_json::to_string(&first).unwrap()).unwrap();
    let missing = Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("audit").arg(dir.path()).args(["--baseline", "/nonexistent.json"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
}
