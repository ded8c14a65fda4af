//! The audit cache through the real binary: an unchanged tree replays the
//! stored report; a changed file, flag or environment recomputes it; the
//! cache ignores itself for git and never stores the profile's secrets.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("manage.py"), "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n").unwrap();
    std::fs::create_dir(root.join("proj")).unwrap();
    std::fs::write(root.join("proj/__init__.py"), "").unwrap();
    std::fs::write(root.join("proj/settings.py"), "import os\nDEBUG = True\nSECRET_KEY = os.environ['SECRET_KEY']\n").unwrap();
    dir
}

fn audit(root: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("audit").arg(root).args(["--format", "json"]).args(extra).output().unwrap()
}

fn entries(root: &Path) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(root.join(".greenlight_cache")) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = dir.map(|e| e.unwrap().path()).filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("audit-")).collect();
    paths.sort();
    paths
}

/// Replaces the stored report of every entry with `marker`, so that a run
/// printing `marker` proves it replayed the cache instead of auditing.
fn tamper(root: &Path, marker: &str) {
    for path in entries(root) {
        let mut entry: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        entry["output"] = serde_json::Value::String(marker.to_owned());
        std::fs::write(&path, entry.to_string()).unwrap();
    }
}

#[test]
fn unchanged_tree_replays_the_stored_report_and_exit_code() {
    let dir = project();
    let cold = audit(dir.path(), &["--fail-on", "critical"]);
    assert_eq!(cold.status.code(), Some(1), "DEBUG = True fails the gate");
    assert_eq!(entries(dir.path()).len(), 1);
    let gitignore = std::fs::read_to_string(dir.path().join(".greenlight_cache/.gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "*"), "{gitignore}");

    let warm = audit(dir.path(), &["--fail-on", "critical"]);
    assert_eq!(warm.stdout, cold.stdout);
    assert_eq!(warm.stderr, cold.stderr, "the summary line is replayed too");
    assert_eq!(warm.status.code(), Some(1));

    // --quiet only silences the summary line: the same entry, replayed quietly.
    let quiet = audit(dir.path(), &["--fail-on", "critical", "--quiet"]);
    assert_eq!(quiet.stdout, cold.stdout);
    assert!(quiet.stderr.is_empty(), "{}", String::from_utf8_lossy(&quiet.stderr));
    assert_eq!(entries(dir.path()).len(), 1, "--quiet shares the entry");

    tamper(dir.path(), "REPLAYED");
    let replayed = audit(dir.path(), &["--fail-on", "critical"]);
    assert_eq!(String::from_utf8_lossy(&replayed.stdout), "REPLAYED");
}

#[test]
fn a_changed_file_recomputes() {
    let dir = project();
    audit(dir.path(), &[]);
    tamper(dir.path(), "REPLAYED");
    std::fs::write(dir.path().join("proj/settings.py"), "import os\nDEBUG = False\nSECRET_KEY = os.environ['SECRET_KEY']\n").unwrap();
    let after = audit(dir.path(), &[]);
    let report: serde_json::Value = serde_json::from_slice(&after.stdout).expect("a fresh report, not the tampered entry");
    let codes: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"SEC001"), "DEBUG is now False: {codes:?}");
    assert_eq!(entries(dir.path()).len(), 1, "the entry is rewritten, not added to");
}

#[test]
fn a_new_file_that_is_not_read_still_recomputes() {
    let dir = project();
    audit(dir.path(), &[]);
    tamper(dir.path(), "REPLAYED");
    std::fs::write(dir.path().join("Caddyfile"), "example.com {\n  reverse_proxy app:8000\n}\n").unwrap();
    assert_ne!(String::from_utf8_lossy(&audit(dir.path(), &[]).stdout), "REPLAYED");
}

#[test]
fn other_flags_or_environment_use_their_own_entry() {
    let dir = project();
    audit(dir.path(), &[]);
    tamper(dir.path(), "REPLAYED");
    for extra in [&["--select", "SEC"][..], &["--env", "SECRET_KEY=s3cr3t-value-that-must-not-be-stored"], &["--format", "sarif"]] {
        let output = audit(dir.path(), extra);
        assert_ne!(String::from_utf8_lossy(&output.stdout), "REPLAYED", "{extra:?}");
    }
    for path in entries(dir.path()) {
        assert!(!std::fs::read_to_string(path).unwrap().contains("s3cr3t-value"), "secrets are hashed, not stored");
    }
}

#[test]
fn no_cache_neither_reads_nor_writes() {
    let dir = project();
    audit(dir.path(), &["--no-cache"]);
    assert!(!dir.path().join(".greenlight_cache").exists());
    audit(dir.path(), &[]);
    tamper(dir.path(), "REPLAYED");
    assert_ne!(String::from_utf8_lossy(&audit(dir.path(), &["--no-cache"]).stdout), "REPLAYED");
}

#[test]
fn the_cache_directory_is_not_audited() {
    let dir = project();
    audit(dir.path(), &[]);
    let cache = dir.path().join(".greenlight_cache");
    std::fs::write(cache.join("settings.py"), "DEBUG = True\n").unwrap();
    let report: serde_json::Value = serde_json::from_slice(&audit(dir.path(), &["--no-cache"]).stdout).unwrap();
    assert!(!report.to_string().contains(".greenlight_cache"));
}
