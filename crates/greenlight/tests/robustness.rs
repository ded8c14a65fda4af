//! Hostile inputs never crash an audit: each becomes a note, and the rest of
//! the project is still audited.

use std::process::Command;

fn write(dir: &std::path::Path, rel: &str, bytes: &[u8]) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn hostile_files_become_notes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manage.py", b"import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n");
    write(root, "proj/__init__.py", b"");
    write(root, "proj/settings.py", b"from .broken import *\nDEBUG = True\nSECRET_KEY = 'x'\n");
    write(root, "proj/broken.py", b"def (:\n");
    write(root, "app/latin1.py", b"name = '\xe9t\xe9'\n");
    write(root, "app/binary.py", b"\x00\x01\x02\x03");
    write(root, "app/empty.py", b"");
    write(root, "app/deep.py", format!("x = {}1{}\n", "[".repeat(5000), "]".repeat(5000)).as_bytes());
    write(root, "app/long_line.py", format!("x = '{}'\n", "a".repeat(2_000_000)).as_bytes());
    write(root, "app/bom.py", b"\xEF\xBB\xBFx = 1\n");
    write(root, "app/templates/app/t.html", b"{% if %}{{ unclosed");
    write(root, "requirements.txt", b"Django==4.2\n\xc3\x28\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(root, root.join("app/loop")).unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("audit").arg(root).args(["--format", "json"]).output().unwrap();
    let code = output.status.code().unwrap();
    assert!(code == 0 || code == 1, "exit {code}: {}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let notes: Vec<(String, String)> = report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["path"].as_str().unwrap().to_owned(), n["message"].as_str().unwrap().to_owned()))
        .collect();
    let note_for = |path: &str| notes.iter().find(|(p, _)| p == path).map(|(_, m)| m.clone()).unwrap_or_else(|| panic!("no note for {path}: {notes:#?}"));
    assert!(note_for("proj/broken.py").contains("syntax error at 1:5"));
    assert!(note_for("app/latin1.py").contains("UTF-8"));
    assert!(note_for("app/binary.py").contains("binary"));
    assert!(note_for("app/deep.py").contains("nested"));
    assert!(note_for("requirements.txt").contains("UTF-8"));
    // The settings were still evaluated around the broken star import.
    assert_eq!(report["settings"]["DEBUG"]["value"], true);
    let codes: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"SEC001") && codes.contains(&"SEC002"), "{codes:?}");
}

#[test]
fn bad_flags_are_usage_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    for args in [vec!["audit", "--env", "NOEQUALS"], vec!["audit", "--select", "XYZ999"], vec!["audit", "--env-file", "/nonexistent"], vec!["explain", "NOPE"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_greenlight")).current_dir(dir.path()).args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("greenlight: error:") && stderr.lines().count() <= 2, "{args:?}: {stderr}");
    }
}

#[test]
fn odd_but_valid_inputs_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "manage.py", b"import os\r\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\r\n");
    write(root, "proj/__init__.py", b"");
    // CRLF and mixed line endings, a self-import, and a 10,000-entry INSTALLED_APPS.
    let apps: String = (0..10_000).map(|i| format!("    'app{i}',\n")).collect();
    let settings = format!("from proj.settings import *\r\nDEBUG = True\r\nINSTALLED_APPS = [\n{apps}]\nALLOWED_HOSTS = ['*']\r\n");
    write(root, "proj/settings.py", settings.as_bytes());
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("x = 1\n".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    write(root, "app/utf16.py", &utf16);
    let big = vec![b'#'; 50 * 1024 * 1024];
    write(root, "app/huge.py", &big);

    let output = Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("audit").arg(root).args(["--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let find = |code: &str| report["findings"].as_array().unwrap().iter().find(|f| f["code"] == code).cloned();
    // Lines are counted right in a CRLF file.
    assert_eq!(find("SEC001").unwrap()["line"], 2);
    assert_eq!(find("SEC004").unwrap()["line"], 10_005);
    assert_eq!(report["settings"]["INSTALLED_APPS"]["value"].as_array().unwrap().len(), 10_000);
    let notes = report["notes"].to_string();
    assert!(notes.contains("app/huge.py") && notes.contains("limit"), "{notes}");
    assert!(notes.contains("circular"), "{notes}");
    assert!(!notes.contains("app/utf16.py"), "UTF-16 with a BOM is read: {notes}");
}

/// Every module of this project would leave a marker file, and connect to a
/// listener this test runs, if anything imported or ran it. Every command
/// must leave no marker and make no connection. A control run with Python
/// (when there is one) shows the trap does fire when the code is executed.
#[test]
fn audit_never_executes_project_code() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let marker = root.join("EXECUTED");
    let trap = format!(
        "import socket, pathlib\npathlib.Path({:?}).write_text('imported')\nsocket.create_connection(('127.0.0.1', {port}), timeout=2).close()\n",
        marker.display().to_string()
    );
    write(root, "manage.py", format!("{trap}import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n").as_bytes());
    for module in ["proj/__init__.py", "proj/base.py", "proj/urls.py", "proj/wsgi.py", "proj/asgi.py", "app/__init__.py", "app/apps.py", "app/models.py", "app/views.py", "app/admin.py", "app/migrations/0001_initial.py", "app/tests.py", "setup.py", "conftest.py", "noxfile.py"] {
        write(root, module, trap.as_bytes());
    }
    write(root, "proj/settings.py", format!("{trap}from .base import *\nDEBUG = True\nINSTALLED_APPS = ['app']\nROOT_URLCONF = 'proj.urls'\n").as_bytes());

    let greenlight = env!("CARGO_BIN_EXE_greenlight");
    let runs: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["audit".as_ref(), root.as_os_str()],
        vec!["audit".as_ref(), root.as_os_str(), "--format".as_ref(), "html".as_ref(), "--inherit-env".as_ref()],
        vec!["rules".as_ref()],
        vec!["rules".as_ref(), "--format".as_ref(), "json".as_ref()],
        vec!["explain".as_ref(), "SEC001".as_ref()],
        vec!["explain".as_ref(), "--scoring".as_ref()],
    ];
    for args in &runs {
        let output = Command::new(greenlight).current_dir(root).args(args).output().unwrap();
        let code = output.status.code();
        assert!(matches!(code, Some(0 | 1 | 2)), "{args:?}: {code:?} {}", String::from_utf8_lossy(&output.stderr));
        if args[0] == "audit" {
            assert_eq!(code, Some(1), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        }
    }
    assert!(!marker.exists(), "project code was executed");
    assert!(matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock), "the audit opened a connection");

    // The control: running the code does leave the marker and connect.
    let python = ["python3", "python"].into_iter().find(|p| Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success()));
    if let Some(python) = python {
        let status = Command::new(python).arg(root.join("proj/base.py")).status().unwrap();
        assert!(status.success());
        assert!(marker.exists(), "the trap did not fire when run");
        listener.set_nonblocking(false).unwrap();
        assert!(listener.accept().is_ok());
    }
}

/// With no network at all (a fresh network namespace, when this runs as root
/// with `unshare`), the audit gives the same findings.
#[test]
fn audit_works_without_a_network() {
    let is_root = std::env::var("USER").is_ok_and(|u| u == "root") || Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n");
    let unshare = Command::new("unshare").args(["-n", "true"]).status().is_ok_and(|s| s.success());
    if !(is_root && unshare) {
        eprintln!("skipped: needs root and unshare -n");
        return;
    }
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/clubdesk");
    let greenlight = env!("CARGO_BIN_EXE_greenlight");
    let offline = Command::new("unshare").arg("-n").arg(greenlight).arg("audit").arg(&example).args(["--format", "json"]).output().unwrap();
    let online = Command::new(greenlight).arg("audit").arg(&example).args(["--format", "json"]).output().unwrap();
    assert_eq!(offline.status.code(), Some(1), "{}", String::from_utf8_lossy(&offline.stderr));
    let findings = |out: &[u8]| serde_json::from_slice::<serde_json::Value>(out).unwrap()["findings"].as_array().unwrap().len();
    assert_eq!(findings(&offline.stdout), findings(&online.stdout));
    assert!(findings(&offline.stdout) > 10);
}
