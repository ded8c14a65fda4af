//! Helpers the example tests share: run the real binary on a bundled example,
//! find lines by content (so tests survive edits to the examples), and copy a
//! project to a scratch directory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).unwrap().to_path_buf()
}

/// The JSON report of `examples/<example>` with only `select` rules, gate off.
pub fn audit_example(example: &str, select: &str) -> serde_json::Value {
    let root = workspace().join("examples").join(example);
    let output = Command::new(env!("CARGO_BIN_EXE_greenlight"))
        .arg("audit")
        .arg(&root)
        .args(["--select", select, "--fail-on", "never", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&output.stderr)))
}

/// 1-based line of the first line of `rel` (under examples/clubdesk) containing `needle`.
pub fn line_of(rel: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(workspace().join("examples/clubdesk").join(rel)).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle} not in {rel}")) as u64 + 1
}

/// The findings of one rule.
pub fn findings<'r>(report: &'r serde_json::Value, code: &str) -> Vec<&'r serde_json::Value> {
    report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == code).collect()
}

/// Copies the directory `from` into `to` (created), without `__pycache__`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "__pycache__" {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs `greenlight args` on a pseudo-terminal (stdout and stderr both on it),
/// returning everything the terminal received and the exit code.
pub fn on_terminal(args: &[&str], env: &[(&str, &str)]) -> Option<(String, i32)> {
    let Ok(script) = which("script") else {
        assert!(std::env::var_os("CI").is_none(), "util-linux `script` is needed for the terminal tests");
        eprintln!("SKIPPED: no `script` (util-linux) for a pseudo-terminal");
        return None;
    };
    let line = std::iter::once(env!("CARGO_BIN_EXE_greenlight")).chain(args.iter().copied()).map(|a| format!("'{a}'")).collect::<Vec<_>>().join(" ");
    let mut cmd = Command::new(script);
    cmd.current_dir(workspace()).args(["-qec", &line, "/dev/null"]).env_remove("NO_COLOR").env("TERM", "xterm");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().unwrap();
    Some((String::from_utf8_lossy(&output.stdout).into_owned(), output.status.code().unwrap_or(-1)))
}

pub fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path).map(|d| d.join(program)).find(|p| p.is_file()).ok_or(())
}
