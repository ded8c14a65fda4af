//! The hostile corpus: every case is generated here, audited by the real
//! binary under a wall-clock watchdog, and must finish (exit 0 or 1, never a
//! panic or a signal), within a stated peak memory (the child's maximum
//! resident set, from wait4), with a note or a finding that says what
//! happened to the odd file. Peak memory per case is printed
//! (`cargo test --test robustness_hostile -- --nocapture`).
#![cfg(unix)]

use std::fs::File;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use serde_json::Value;

/// An audit taking longer than this is a hang.
const WATCHDOG: Duration = Duration::from_secs(60);
const MIB: u64 = 1024 * 1024;

struct Audit {
    report: Value,
    stderr: String,
    peak_rss_mib: u64,
    elapsed: Duration,
}

impl Audit {
    fn notes(&self) -> Vec<(String, String)> {
        self.report["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| (n["path"].as_str().unwrap().to_owned(), n["message"].as_str().unwrap().to_owned()))
            .collect()
    }

    fn note_for(&self, path: &str) -> String {
        let notes = self.notes();
        notes.iter().find(|(p, _)| p == path).map(|(_, m)| m.clone()).unwrap_or_else(|| panic!("no note for {path}: {notes:#?}"))
    }

    fn codes_in(&self, path: &str) -> Vec<String> {
        self.report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == path)
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// Runs `greenlight audit root --format json` (plus `args`) as a child with
/// a watchdog, and measures its peak memory. Asserts it completed.
fn audit(name: &str, root: &Path, args: &[&str], max_rss_mib: u64) -> Audit {
    audit_as(name, root, args, max_rss_mib, None)
}

fn audit_as(name: &str, root: &Path, args: &[&str], max_rss_mib: u64, uid: Option<u32>) -> Audit {
    let out_dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(out_dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let (stdout_path, stderr_path, result_path) = (out_dir.path().join("stdout"), out_dir.path().join("stderr"), out_dir.path().join("result"));
    let mut audit_args: Vec<String> = vec!["audit".into(), root.display().to_string(), "--format".into(), "json".into(), "--quiet".into()];
    audit_args.extend(args.iter().map(|a| a.to_string()));
    // The audit runs under a small helper process (this test binary, running
    // `measure_child_helper`): a child's peak RSS from wait4 includes the
    // memory of the process that spawned it, and this test process is big.
    let helper = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "measure_child_helper", "--nocapture", "--test-threads", "1", "--include-ignored"])
        .env(HELPER_ENV, serde_json::json!({
            "args": audit_args,
            "stdout": stdout_path, "stderr": stderr_path, "result": result_path,
            "uid": uid,
        }).to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(helper.success(), "{name}: the measuring helper failed");
    let result: Value = serde_json::from_str(&std::fs::read_to_string(&result_path).unwrap()).unwrap();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(!result["killed"].as_bool().unwrap(), "{name}: the audit hung (killed after {WATCHDOG:?})");
    let code = result["code"].as_i64().unwrap_or_else(|| panic!("{name}: killed by signal {}: {stderr}", result["signal"])) as i32;
    let elapsed = Duration::from_secs_f64(result["seconds"].as_f64().unwrap());
    assert!(code == 0 || code == 1, "{name}: exit {code}: {stderr}");
    assert!(!stderr.contains("internal error"), "{name}: {stderr}");
    let peak_rss_mib = result["max_rss_kib"].as_u64().unwrap() / 1024;
    eprintln!("hostile case {name}: exit {code}, {:.2} s, peak RSS {peak_rss_mib} MiB (bound {max_rss_mib} MiB)", elapsed.as_secs_f64());
    assert!(peak_rss_mib < max_rss_mib, "{name}: peak memory {peak_rss_mib} MiB is over the {max_rss_mib} MiB bound");
    let report: Value = serde_json::from_slice(&std::fs::read(&stdout_path).unwrap())
        .unwrap_or_else(|e| panic!("{name}: the report is not JSON ({e}): {stderr}"));
    Audit { report, stderr, peak_rss_mib, elapsed }
}

const HELPER_ENV: &str = "GREENLIGHT_TEST_MEASURE_CHILD";

/// Not a test on its own: `audit_as` runs this binary with only this test
/// and a job in the environment. It spawns the audit, kills it after the
/// watchdog time, and writes its exit status, time and peak RSS (wait4).
#[test]
#[ignore = "a helper run by the other tests of this file"]
fn measure_child_helper() {
    let Ok(job) = std::env::var(HELPER_ENV) else { return };
    let job: Value = serde_json::from_str(&job).unwrap();
    let path = |key: &str| PathBuf::from(job[key].as_str().unwrap());
    let mut command = Command::new(env!("CARGO_BIN_EXE_greenlight"));
    command
        .args(job["args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()))
        .stdin(Stdio::null())
        .stdout(File::create(path("stdout")).unwrap())
        .stderr(File::create(path("stderr")).unwrap());
    if let Some(uid) = job["uid"].as_u64() {
        command.uid(uid as u32).gid(uid as u32);
    }
    let start = Instant::now();
    let pid = command.spawn().unwrap().id() as libc::pid_t;
    let (done, finished) = mpsc::channel::<()>();
    let killed = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let killed = killed.clone();
        std::thread::spawn(move || {
            if finished.recv_timeout(WATCHDOG).is_err() {
                killed.store(true, Ordering::SeqCst);
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
        })
    };
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = start.elapsed().as_secs_f64();
    let _ = done.send(());
    watchdog.join().unwrap();
    assert_eq!(waited, pid, "wait4 failed");
    let status = std::process::ExitStatus::from_raw(status);
    let result = serde_json::json!({
        "killed": killed.load(Ordering::SeqCst),
        "code": status.code(),
        "signal": status.signal(),
        "seconds": seconds,
        "max_rss_kib": usage.ru_maxrss, // kilobytes on Linux
    });
    std::fs::write(path("result"), result.to_string()).unwrap();
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A minimal Django project: manage.py naming `proj.settings`, which is `settings`.
fn project(settings: impl AsRef<[u8]>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n");
    write(dir.path(), "proj/__init__.py", "");
    write(dir.path(), "proj/settings.py", settings);
    dir
}

const DEBUG_SETTINGS: &str = "DEBUG = True\nSECRET_KEY = 'x'\n";

fn has_code(audit: &Audit, path: &str, code: &str) -> bool {
    audit.codes_in(path).iter().any(|c| c == code)
}

#[test]
fn syntax_errors_and_deep_nesting_become_notes() {
    let dir = project(DEBUG_SETTINGS);
    let root = dir.path();
    write(root, "app/broken.py", "def f(:\n    return 1\n");
    write(root, "app/brackets.py", format!("x = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000)));
    write(root, "app/calls.py", format!("x = {}1{}\n", "f(".repeat(10_000), ")".repeat(10_000)));
    write(root, "app/unary.py", format!("x = {}1\n", "-".repeat(10_000)));
    write(root, "app/nots.py", format!("x = {}1\n", "not ".repeat(10_000)));
    write(root, "app/plus.py", format!("x = {}\n", vec!["a"; 100_000].join(" + ")));
    write(root, "app/power.py", format!("x = {}\n", vec!["a"; 10_000].join(" ** ")));
    write(root, "app/attrs.py", format!("x = a{}\n", ".b".repeat(10_000)));
    write(root, "app/lambdas.py", format!("x = {}1\n", "lambda: ".repeat(10_000)));
    write(root, "app/ternary.py", format!("x = {}1\n", "a if b else ".repeat(10_000)));
    write(root, "app/lambda_defaults.py", format!("f = {}0{}\n", "lambda a, b=".repeat(10_000), ": 0".repeat(10_000)));
    write(root, "app/fstring.py", format!("x = f'{{{}}}'\n", vec!["a"; 10_000].join(" + ")));
    write(root, "app/continued.py", format!("x = a + \\\n{}\n", vec!["a"; 10_000].join(" + \\\n")));
    // 3,000 nested `if` blocks and 1,500 nested try/except (as deep as fits in 5 MB).
    let ifs: String = (0..3000).map(|i| format!("{}if x:\n", " ".repeat(i))).collect::<String>() + &" ".repeat(3000) + "pass\n";
    write(root, "app/ifs.py", ifs);
    let tries: String = (0..1500).map(|i| format!("{}try:\n", " ".repeat(i))).collect::<String>()
        + &" ".repeat(1500)
        + "pass\n"
        + &(0..1500).rev().map(|i| format!("{}except E:\n{}pass\n", " ".repeat(i), " ".repeat(i + 1))).collect::<String>();
    write(root, "app/tries.py", tries);
    let run = audit("syntax-and-nesting", root, &[], 1024);
    assert!(run.note_for("app/broken.py").contains("syntax error at 1:7"), "{}", run.note_for("app/broken.py"));
    for path in ["brackets", "calls", "unary", "nots", "plus", "power", "attrs", "lambdas", "lambda_defaults", "ternary", "fstring", "continued"] {
        let note = run.note_for(&format!("app/{path}.py"));
        assert!(note.contains("nested"), "{path}: {note}");
    }
    assert!(run.note_for("app/ifs.py").contains("indentation levels"));
    assert!(run.note_for("app/tries.py").contains("indentation levels"));
    // The rest of the project was audited.
    assert!(has_code(&run, "proj/settings.py", "SEC001"), "{:?}", run.codes_in("proj/settings.py"));
}

#[test]
fn deeply_nested_settings_are_a_note_not_a_crash() {
    let dir = project(format!("DEBUG = {}True{}\nSECRET_KEY = 'x'\n", "(".repeat(10_000), ")".repeat(10_000)));
    let run = audit("deep-settings", dir.path(), &[], 1024);
    let note = run.note_for("proj/settings.py");
    assert!(note.contains("nested"), "{note}");
    let all = format!("{:?}", run.notes());
    assert!(all.contains("could not be evaluated"), "{all}");

    let chain = project(format!("DEBUG = {}\n", vec!["True"; 100_000].join(" and ")));
    let run = audit("settings-and-chain-100k", chain.path(), &[], 1024);
    assert!(run.note_for("proj/settings.py").contains("nested"));
}

/// A test file is kept as an outline, and parsed again (on a rule's thread,
/// not the parser's large stack) when a rule needs all of it: here the
/// URLconf the settings name, nested as deep as the hard limits allow.
#[test]
fn a_deeply_nested_test_urlconf_is_parsed_again_safely() {
    let settings = format!("{DEBUG_SETTINGS}ROOT_URLCONF = 'tests.urls'\nINSTALLED_APPS = []\nMIDDLEWARE = []\n");
    let dir = project(settings);
    let root = dir.path();
    write(root, "tests/__init__.py", "");
    let blocks: String = (0..99).map(|i| format!("{}if x:\n", " ".repeat(i))).collect();
    let deepest = format!("{}X = {}1{}\n", " ".repeat(99), "(".repeat(199), ")".repeat(199));
    write(root, "tests/urls.py", format!("from django.urls import path\n{blocks}{deepest}urlpatterns = []\n"));
    let run = audit("deep-test-urlconf", root, &["--max-nesting", "100000"], 1024);
    // OBS011 points at `urlpatterns` (line 102), which only the whole tree has.
    let lines: Vec<&Value> = run.report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == "OBS011").map(|f| &f["line"]).collect();
    assert_eq!(lines, [&Value::from(102)], "the URLconf was read whole: {:?}", run.codes_in("tests/urls.py"));
}

#[test]
fn a_huge_dict_literal_and_10k_installed_apps_are_evaluated() {
    let apps: String = (0..10_000).map(|i| format!("    'generated_app_{i}',\n")).collect();
    let entries: String = (0..150_000).map(|i| format!("    'key{i}': {i},\n")).collect();
    let dir = project(format!("{DEBUG_SETTINGS}INSTALLED_APPS = [\n{apps}]\nBIG = {{\n{entries}}}\n"));
    let run = audit("huge-dict-and-10k-apps", dir.path(), &[], 1024);
    assert_eq!(run.report["settings"]["INSTALLED_APPS"]["value"].as_array().unwrap().len(), 10_000);
    assert!(has_code(&run, "proj/settings.py", "SEC001"));
}

#[test]
fn fifty_megabyte_files_are_skipped_or_read_within_bounds() {
    let dir = project(DEBUG_SETTINGS);
    let root = dir.path();
    // 50 MiB of Python: 50,000 statements with 1 KiB strings.
    let line = format!("x = '{}'\n", "a".repeat(1024 - 7));
    let big = line.repeat(50 * 1024);
    assert!(big.len() as u64 >= 50 * MIB);
    write(root, "app/huge.py", &big);
    let run = audit("50MB-default-limit", root, &[], 256);
    assert!(run.note_for("app/huge.py").contains("5 MiB limit per file (--max-file-size)"));
    assert!(has_code(&run, "proj/settings.py", "SEC001"));
    // Raising the limit reads and parses it.
    let run = audit("50MB-read-and-parsed", root, &["--max-file-size", "64M"], 1024);
    assert!(!run.notes().iter().any(|(p, _)| p == "app/huge.py"), "{:?}", run.notes());
    // Also through [tool.greenlight].
    write(root, "pyproject.toml", "[tool.greenlight]\nmax-file-size = '40M'\n");
    let run = audit("50MB-config-limit", root, &[], 256);
    assert!(run.note_for("app/huge.py").contains("40 MiB limit"));
}

#[test]
fn very_long_lines_hit_the_line_limit() {
    let dir = project(DEBUG_SETTINGS);
    let root = dir.path();
    write(root, "app/long.py", format!("x = '{}'\n", "a".repeat(10 * 1024 * 1024)));
    write(root, "app/templates/app/long.html", format!("<p>{}</p>\n", "b".repeat(2 * 1024 * 1024)));
    let run = audit("10MB-line", root, &["--max-file-size", "16M"], 512);
    assert!(run.note_for("app/long.py").contains("longer than the 1 MiB limit (--max-line-length)"));
    assert!(run.note_for("app/templates/app/long.html").contains("--max-line-length"));
    let run = audit("10MB-line-allowed", root, &["--max-file-size", "16M", "--max-line-length", "12M"], 512);
    assert!(!run.notes().iter().any(|(p, _)| p == "app/long.py"), "{:?}", run.notes());
}

#[test]
fn encodings_nul_bytes_and_line_endings() {
    // The settings module in UTF-16 with a BOM and CRLF line endings: still read.
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("SECRET_KEY = 'x'\r\nDEBUG = True\r\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let dir = project(utf16);
    let root = dir.path();
    write(root, "app/nul.py", b"x = 1\n\x00\ny = 2\n");
    write(root, "app/latin1.py", b"name = '\xe9t\xe9'\n");
    write(root, "app/mixed.py", "a = 1\r\nb = 2\rc = 3\nDEBUG = True\r\n");
    write(root, "app/empty.py", "");
    write(root, "app/templates/app/empty.html", "");
    write(root, "requirements.txt", "");
    write(root, "Dockerfile", "");
    let run = audit("encodings", root, &[], 512);
    let finding = run.report["findings"].as_array().unwrap().iter().find(|f| f["code"] == "SEC001").cloned().unwrap();
    assert_eq!((finding["path"].as_str(), finding["line"].as_u64()), (Some("proj/settings.py"), Some(2)));
    assert!(run.note_for("app/nul.py").contains("NUL"));
    assert!(run.note_for("app/latin1.py").contains("UTF-8"));
    for quiet in ["proj/settings.py", "app/mixed.py", "app/empty.py", "requirements.txt", "Dockerfile"] {
        assert!(!run.notes().iter().any(|(p, _)| p == quiet), "{quiet}: {:?}", run.notes());
    }
}

#[test]
fn binary_files_with_text_names_become_notes() {
    let dir = project(DEBUG_SETTINGS);
    let root = dir.path();
    let binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for path in ["app/blob.py", "app/templates/app/blob.html", "requirements.txt", "Dockerfile", "docker-compose.yml", "pyproject.toml"] {
        write(root, path, &binary);
    }
    let run = audit("binary-files", root, &[], 512);
    for path in ["app/blob.py", "app/templates/app/blob.html", "requirements.txt", "Dockerfile", "docker-compose.yml", "pyproject.toml"] {
        let note = run.note_for(path);
        assert!(note.contains("binary") || note.contains("UTF-8"), "{path}: {note}");
    }
}

#[test]
fn symlink_loops_and_special_files_are_noted_not_followed() {
    let dir = project(DEBUG_SETTINGS);
    let root = dir.path();
    std::fs::create_dir_all(root.join("app")).unwrap();
    std::os::unix::fs::symlink(root, root.join("app/loop")).unwrap();
    std::os::unix::fs::symlink("self.py", root.join("app/self.py")).unwrap();
    std::os::unix::fs::symlink("a.py", root.join("app/b.py")).unwrap();
    std::os::unix::fs::symlink("b.py", root.join("app/a.py")).unwrap();
    // A FIFO named like a settings module would block a reader forever.
    let fifo = std::ffi::CString::new(root.join("app/fifo.py").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let run = audit("symlinks-and-fifo", root, &[], 512);
    assert!(run.note_for("app/loop").contains("symbolic link to a directory"));
    for path in ["app/self.py", "app/a.py", "app/b.py"] {
        assert!(run.note_for(path).contains("looping symbolic link"), "{path}");
    }
    assert!(run.note_for("app/fifo.py").contains("not a regular file"));
    assert!(has_code(&run, "proj/settings.py", "SEC001"));
}

/// Root ignores permission bits, so as root the audit runs as `nobody`
/// (uid 65534), for whom `chmod 000` means unreadable.
#[test]
fn unreadable_files_and_directories_become_notes() {
    let dir = project(DEBUG_SETTINGS);
    let root = dir.path();
    write(root, "app/secret.py", "x = 1\n");
    write(root, "locked/inner.py", "x = 1\n");
    let is_root = unsafe { libc::geteuid() } == 0;
    if is_root {
        // nobody must reach the project: open the temporary directory's modes.
        for entry in walk(root) {
            let mode = if entry.is_dir() { 0o755 } else { 0o644 };
            std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    }
    std::fs::set_permissions(root.join("app/secret.py"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let run = audit_as("unreadable", root, &[], 512, is_root.then_some(65534));
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(run.note_for("app/secret.py").contains("could not be read"), "{}", run.note_for("app/secret.py"));
    assert!(run.note_for("locked").contains("could not be walked"), "{}", run.note_for("locked"));
    assert!(has_code(&run, "proj/settings.py", "SEC001"));
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.to_path_buf()];
    let mut i = 0;
    while i < out.len() {
        if out[i].is_dir() {
            let children: Vec<PathBuf> = std::fs::read_dir(&out[i]).unwrap().map(|e| e.unwrap().path()).collect();
            out.extend(children);
        }
        i += 1;
    }
    out
}

#[test]
fn circular_and_self_star_imports_are_noted() {
    let dir = project("from .a import *\nDEBUG = True\n");
    let root = dir.path();
    write(root, "proj/a.py", "from .b import *\nSECRET_KEY = 'x'\n");
    write(root, "proj/b.py", "from .a import *\nfrom proj.settings import *\nALLOWED_HOSTS = ['*']\n");
    let run = audit("circular-star-imports", root, &[], 512);
    let notes = format!("{:?}", run.notes());
    assert!(notes.contains("circular"), "{notes}");
    assert_eq!(run.report["settings"]["DEBUG"]["value"], true);
    assert_eq!(run.report["settings"]["ALLOWED_HOSTS"]["value"], serde_json::json!(["*"]));

    let own = project("from proj.settings import *\nfrom . import settings\nimport proj.settings\nDEBUG = True\n");
    let run = audit("settings-imports-itself", own.path(), &[], 512);
    assert!(format!("{:?}", run.notes()).contains("circular"), "{:?}", run.notes());
    assert!(has_code(&run, "proj/settings.py", "SEC001"));
}

#[test]
fn broken_and_huge_templates_are_audited() {
    let dir = project("DEBUG = False\nSECRET_KEY = 'x'\nALLOWED_HOSTS = ['example.com']\n");
    let root = dir.path();
    write(root, "app/templates/app/unclosed.html", "<p>{% if user %}{% for x in y %}{% autoescape off %}{{ value }}{% block a %}{{ unclosed\n{% comment %}\n");
    write(root, "app/templates/app/tags.html", "<p>{% %}{%%}{{}}{# {% endif %}{% endblock %}{% autoescape off %}{{ value }}");
    // A 4 MB template: 100,000 unclosed `{% if %}` tags and autoescape-off regions.
    write(root, "app/templates/app/huge.html", "{% if a %}{% autoescape off %}{{ value }}<div>\n".repeat(100_000));
    let run = audit("templates", root, &[], 1024);
    // Autoescaping off is reported in the broken and huge templates alike.
    for path in ["app/templates/app/huge.html", "app/templates/app/unclosed.html", "app/templates/app/tags.html"] {
        assert!(!run.codes_in(path).is_empty(), "{path}: no finding; notes {:?}", run.notes());
    }
}

#[test]
fn huge_requirements_and_a_dockerfile_with_a_1mb_line() {
    let dir = project(DEBUG_SETTINGS);
    let root = dir.path();
    let requirements: String = (0..100_000).map(|i| format!("package-{i}>=1.0\n")).collect();
    write(root, "requirements.txt", format!("django\n{requirements}"));
    write(root, "Dockerfile", format!("FROM python\nRUN echo {}\nCMD python manage.py runserver\n", "a".repeat(1_000_000)));
    write(root, "docker-compose.yml", format!("services:\n  web:\n    image: x\n    command: {}\n", "b".repeat(1_000_000)));
    let run = audit("huge-requirements-and-1MB-dockerfile-line", root, &[], 1024);
    assert!(!run.codes_in("requirements.txt").is_empty(), "no finding in requirements.txt; notes {:?}", run.notes());
    assert!(!run.codes_in("Dockerfile").is_empty(), "no finding in the Dockerfile; notes {:?}", run.notes());
}

/// A background thread rewrites, truncates, deletes and replaces files while
/// the project is audited again and again: each audit still completes.
#[test]
fn files_changing_during_the_scan() {
    let dir = project(DEBUG_SETTINGS);
    let root = dir.path().to_path_buf();
    for i in 0..200 {
        write(&root, &format!("app/m{i}.py"), format!("x = {i}\n"));
    }
    let stop = Arc::new(AtomicBool::new(false));
    let mutator = {
        let (root, stop) = (root.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut round = 0u64;
            while !stop.load(Ordering::SeqCst) {
                for i in 0..200 {
                    let path = root.join(format!("app/m{i}.py"));
                    match (round + i) % 5 {
                        0 => drop(std::fs::remove_file(&path)),
                        1 => drop(std::fs::write(&path, "def (:\n")),
                        2 => drop(std::fs::write(&path, "x = 1\n".repeat(50_000))),
                        3 => {
                            let _ = std::fs::remove_file(&path);
                            let _ = std::fs::create_dir_all(path.join("inner"));
                        }
                        _ => {
                            let _ = std::fs::remove_dir_all(&path);
                            let _ = std::fs::write(&path, "y = 2\n");
                        }
                    }
                }
                let _ = std::fs::write(root.join("proj/settings.py"), if round % 2 == 0 { DEBUG_SETTINGS } else { "" });
                round += 1;
            }
        })
    };
    let mut slowest = Duration::ZERO;
    let mut peak = 0;
    for i in 0..15 {
        let run = audit(&format!("mutating-tree-{i}"), &root, &["--max-file-size", "200K"], 512);
        slowest = slowest.max(run.elapsed);
        peak = peak.max(run.peak_rss_mib);
        assert!(run.stderr.is_empty() || !run.stderr.contains("panicked"));
    }
    stop.store(true, Ordering::SeqCst);
    mutator.join().unwrap();
    eprintln!("mutating tree: 15 audits, slowest {:.2} s, peak RSS {peak} MiB", slowest.as_secs_f64());
}

#[test]
fn limit_flags_reject_nonsense() {
    let dir = project(DEBUG_SETTINGS);
    for args in [["--max-file-size", "0"], ["--max-file-size", "5Q"], ["--max-nesting", "none"], ["--max-line-length", "lots"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("audit").arg(dir.path()).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--max-"), "{args:?}: {stderr}");
    }
    // A small --max-nesting skips ordinary code, and says so.
    write(dir.path(), "app/views.py", "x = a + b + c + d\n");
    let run = audit("max-nesting-flag", dir.path(), &["--max-nesting", "3"], 512);
    assert!(run.note_for("app/views.py").contains("--max-nesting"));
    // Every human-readable format names the skipped file and why.
    for format in ["terminal", "markdown", "html"] {
        let output = Command::new(env!("CARGO_BIN_EXE_greenlight"))
            .arg("audit")
            .arg(dir.path())
            .args(["--max-nesting", "3", "--no-color", "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("app/views.py") && text.contains("nested too deeply"), "{format}");
    }
}
