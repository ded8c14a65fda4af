//! greenlight where Python developers install tools: the maturin wheel
//! (pyproject.toml) installed into a fresh venv and run from there, and the
//! pre-commit hook (.pre-commit-hooks.yaml) run by the real `pre-commit` from
//! PyPI against temporary git repositories. Both download pinned tools from
//! PyPI (tests/packaging/requirements.txt) into target/packaging-venv, so they
//! are `#[ignore]`d in a plain `cargo test`; scripts/test runs them.
//!
//! Build time: both build with the `dev` profile into this test's own target
//! directory, so CI compiles nothing twice from scratch (the wheel reuses the
//! binary cargo just built; pre-commit's copy of the repository recompiles
//! only the workspace crates, and its build of the same sources replaces
//! target/debug/greenlight — harmless, as the sources are the same).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use common::workspace;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The target directory cargo is using for this test (…/target/debug/greenlight → …/target).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_greenlight")).ancestors().nth(2).unwrap().to_path_buf()
}

/// The tests here run one at a time: they share the tools venv, and
/// pre-commit's build of its copy of the repository writes the same
/// target/debug/greenlight the other tests run.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// target/packaging-venv with maturin and pre-commit, (re)created when the pins change.
fn tools_venv() -> PathBuf {
    let venv = target_dir().join("packaging-venv");
    let requirements = workspace().join("tests/packaging/requirements.txt");
    let stamp = venv.join(".requirements");
    let wanted = std::fs::read_to_string(&requirements).unwrap();
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) || !venv.join("bin/pre-commit").exists() {
        run_ok(Command::new("python3").args(["-m", "venv"]).arg(&venv), "create the packaging venv (Debian: apt-get install python3-venv)");
        run_ok(Command::new(venv.join("bin/pip")).args(["install", "--quiet", "--disable-pip-version-check", "-r"]).arg(&requirements), "install maturin and pre-commit");
        std::fs::write(&stamp, wanted).unwrap();
    }
    venv
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn run_ok(cmd: &mut Command, what: &str) -> Output {
    let output = run(cmd);
    assert!(output.status.success(), "{what} failed ({cmd:?}):\n{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
#[ignore = "downloads maturin from PyPI and builds a wheel; run through scripts/test"]
fn wheel_installs_into_a_fresh_venv_and_audits_from_there() {
    let _serial = serial();
    let tools = tools_venv();
    let dir = tempfile::tempdir().unwrap();
    let wheels = dir.path().join("wheels");
    let started = Instant::now();
    run_ok(
        Command::new(tools.join("bin/maturin"))
            .current_dir(workspace())
            .args(["build", "--profile", "dev", "--out"])
            .arg(&wheels)
            .env("CARGO_TARGET_DIR", target_dir()),
        "maturin build",
    );
    let built = started.elapsed();
    let names: Vec<String> = std::fs::read_dir(&wheels).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 1, "one wheel: {names:?}");
    assert!(names[0].starts_with(&format!("greenlight-{VERSION}-py3-none-")) && names[0].ends_with(".whl"), "a binary wheel for any Python 3: {}", names[0]);

    // A fresh venv, offline: the wheel needs nothing else.
    let venv = dir.path().join("venv");
    let started = Instant::now();
    run_ok(Command::new("python3").args(["-m", "venv"]).arg(&venv), "python3 -m venv");
    run_ok(Command::new(venv.join("bin/pip")).args(["install", "--quiet", "--no-index", "--disable-pip-version-check"]).arg(wheels.join(&names[0])), "pip install the wheel");
    let installed = started.elapsed();
    eprintln!("wheel: built in {:.1}s, venv + install in {:.1}s", built.as_secs_f64(), installed.as_secs_f64());

    // On PATH as `greenlight`, and it is the venv's copy.
    let path = format!("{}:/usr/bin:/bin", venv.join("bin").display());
    let found = run_ok(Command::new("sh").args(["-c", "command -v greenlight && greenlight --version"]).env("PATH", &path), "greenlight on PATH");
    assert_eq!(text(&found.stdout), format!("{}\ngreenlight {VERSION}\n", venv.join("bin/greenlight").display()));
    let metadata = run_ok(
        Command::new(venv.join("bin/python")).args(["-c", "import importlib.metadata as m; d = m.metadata('greenlight'); print(d['Name'], d['Version'], d['Requires-Python'])"]),
        "read the installed metadata",
    );
    assert_eq!(text(&metadata.stdout).trim(), format!("greenlight {VERSION} >=3.9"));

    let audit = |example: &str| {
        let output = run(Command::new("greenlight").env("PATH", &path).current_dir(workspace()).args(["audit", example, "--format", "json", "-q"]));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(&output.stderr)));
        (output.status.code(), report)
    };
    let (code, report) = audit("examples/clubdesk");
    assert_eq!(code, Some(1), "clubdesk fails the gate");
    assert_eq!(report["verdict"], "not-ready");
    assert!(report["findings"].as_array().unwrap().iter().any(|f| f["code"] == "SEC001"), "DEBUG on in production is found");
    let (code, report) = audit("examples/clubdesk-hardened");
    assert_eq!((code, report["verdict"].as_str()), (Some(0), Some("ready")));
}

// --- pre-commit -------------------------------------------------------------------

/// Copies the working tree (what a commit would hold: no target/, venvs,
/// caches or .git) so pre-commit can clone the hook at a commit that has this
/// very .pre-commit-hooks.yaml, even when it is not committed yet.
fn snapshot(from: &Path, to: &Path) {
    copy_tree(from, to, Path::new(""));
}

/// Paths relative to the root that are local only.
const LOCAL_ONLY: &[&str] = &["target", "bench/out"];

fn copy_tree(from: &Path, to: &Path, rel: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let name = entry.file_name();
        let rel = rel.join(&name);
        let name = name.to_string_lossy();
        if matches!(name.as_ref(), ".git" | ".venv" | "__pycache__") || LOCAL_ONLY.iter().any(|l| rel == Path::new(l)) {
            continue;
        }
        let file_type = entry.file_type().unwrap();
        if file_type.is_dir() {
            copy_tree(&entry.path(), &to.join(&*name), &rel);
        } else if file_type.is_file() {
            std::fs::copy(entry.path(), to.join(&*name)).unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = run_ok(
        Command::new("git").current_dir(dir).args(["-c", "user.name=greenlight test", "-c", "user.email=test@localhost", "-c", "commit.gpgsign=false"]).args(args),
        "git",
    );
    text(&output.stdout).trim().to_owned()
}

/// A git repository at `dir` holding a copy of `source` and everything committed.
fn commit_tree(dir: &Path, source: Option<&Path>) -> String {
    if let Some(source) = source {
        snapshot(source, dir);
    }
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "snapshot"]);
    git(dir, &["rev-parse", "HEAD"])
}

#[test]
#[ignore = "downloads pre-commit and maturin from PyPI and builds the hook; run through scripts/test"]
fn pre_commit_hook_fails_clubdesk_and_passes_its_hardened_twin() {
    let _serial = serial();
    let tools = tools_venv();
    let dir = tempfile::tempdir().unwrap();
    let hook_repo = dir.path().join("greenlight");
    let rev = commit_tree(&hook_repo, Some(&workspace()));
    let home = dir.path().join("pre-commit-home");

    // A project repository as a user has it: the example at its root, the
    // hook referenced by repository and revision.
    let project = |example: &str, args: Option<&str>| -> (Option<i32>, String, f64) {
        let root = dir.path().join(format!("{example}-{}", args.is_some()));
        snapshot(&workspace().join("examples").join(example), &root);
        let args = args.map(|a| format!("\n        args: {a}")).unwrap_or_default();
        std::fs::write(
            root.join(".pre-commit-config.yaml"),
            format!("repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: greenlight{args}\n", hook_repo.display()),
        )
        .unwrap();
        commit_tree(&root, None);
        let started = Instant::now();
        let output = run(
            Command::new(tools.join("bin/pre-commit"))
                .current_dir(&root)
                .args(["run", "--all-files", "--color", "never"])
                .env("PRE_COMMIT_HOME", &home)
                // pip builds the wheel with maturin (PEP 517); dev profile into
                // this target dir, so only the workspace crates compile again.
                .env("CARGO_TARGET_DIR", target_dir())
                .env("MATURIN_PEP517_ARGS", "--profile dev"),
        );
        (output.status.code(), text(&output.stdout) + &text(&output.stderr), started.elapsed().as_secs_f64())
    };

    let (code, out, first) = project("clubdesk", None);
    assert_eq!(code, Some(1), "the hook fails on clubdesk:\n{out}");
    assert!(out.contains("greenlight (Django production readiness)") && out.contains("Failed"), "{out}");
    assert!(out.contains("- exit code: 1"), "{out}");
    assert!(out.contains("clubdesk/settings/base.py:18:1: SEC001 [critical]"), "the findings are shown:\n{out}");
    let installed: Vec<PathBuf> = std::fs::read_dir(&home)
        .unwrap()
        .flatten()
        .flat_map(|repo| std::fs::read_dir(repo.path()).into_iter().flatten().flatten())
        .map(|env| env.path().join("bin/greenlight"))
        .filter(|p| p.is_file())
        .collect();
    assert_eq!(installed.len(), 1, "pre-commit installed greenlight into its own environment");

    let (code, out, second) = project("clubdesk-hardened", None);
    assert_eq!(code, Some(0), "the hook passes on clubdesk-hardened:\n{out}");
    assert!(out.contains("Passed"), "{out}");

    // The user's `args` replace the default gate.
    let (code, out, _) = project("clubdesk", Some("[--fail-on, never]"));
    assert_eq!(code, Some(0), "with --fail-on never the hook passes:\n{out}");
    eprintln!("pre-commit: first run (installs the hook) {first:.1}s, second run {second:.1}s");
}

// --- docs/ci.md -----------------------------------------------------------------

/// Every ```yaml block of docs/ci.md, parsed by PyYAML (which pre-commit brings) into JSON.
fn ci_doc_yaml_blocks(tools: &Path) -> Vec<serde_json::Value> {
    let script = "import json, re, sys, yaml\n\
                  text = open(sys.argv[1]).read()\n\
                  print(json.dumps([yaml.safe_load(b) for b in re.findall(r'```yaml\\n(.*?)```', text, re.S)]))";
    let output = run_ok(Command::new(tools.join("bin/python")).args(["-c", script]).arg(workspace().join("docs/ci.md")), "parse docs/ci.md's YAML");
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
#[ignore = "needs PyYAML from the packaging venv (downloads from PyPI); run through scripts/test"]
fn documented_workflow_and_pre_commit_config_work_as_written() {
    let _serial = serial();
    let blocks = ci_doc_yaml_blocks(&tools_venv());
    // The pre-commit snippet names the hook this repository defines.
    let hooks = std::fs::read_to_string(workspace().join(".pre-commit-hooks.yaml")).unwrap();
    let config = blocks.iter().find(|b| b.get("repos").is_some()).expect("a .pre-commit-config.yaml example");
    let id = config["repos"][0]["hooks"][0]["id"].as_str().unwrap();
    assert!(hooks.contains(&format!("- id: {id}\n")), "the documented hook id `{id}` is defined in .pre-commit-hooks.yaml");

    // The workflow: its greenlight steps, run as written in a copy of the example.
    let workflow = blocks.iter().find(|b| b.get("jobs").is_some()).expect("a workflow example");
    let job = workflow["jobs"].as_object().unwrap().values().next().unwrap();
    assert_eq!(job["permissions"]["security-events"], "write", "upload-sarif needs security-events: write");
    let steps = job["steps"].as_array().unwrap();
    let upload = steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))).expect("an upload-sarif step");
    let sarif_file = upload["with"]["sarif_file"].as_str().unwrap();

    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    snapshot(&workspace().join("examples/clubdesk"), &project);
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_greenlight"), bin.join("greenlight")).unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let mut ran = 0;
    for step in steps {
        let Some(script) = step["run"].as_str().filter(|r| r.trim_start().starts_with("greenlight ")) else { continue };
        ran += 1;
        let output = run(Command::new("sh").args(["-c", script]).current_dir(&project).env("PATH", &path));
        let stdout = text(&output.stdout);
        if script.contains("--format github") {
            assert_eq!(output.status.code(), Some(1), "the gate step fails on clubdesk: {script}");
            assert!(stdout.lines().any(|l| l.starts_with("::error file=clubdesk/settings/base.py,line=18,")), "annotations with paths from the repository root:\n{stdout}");
        } else {
            assert_eq!(output.status.code(), Some(0), "{script}: {}", text(&output.stderr));
        }
    }
    assert_eq!(ran, 2, "the gate step and the SARIF step");
    let sarif: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(project.join(sarif_file)).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["runs"][0]["results"].as_array().unwrap().iter().any(|r| r["ruleId"] == "SEC001"), "the uploaded file holds the findings");
}
