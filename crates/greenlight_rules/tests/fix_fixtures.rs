//! Before/after fixtures of every fix, run through the real rules and the real
//! edit application (`fixes::apply`), pass after pass like `greenlight fix`.
//!
//! - `fixtures/fixes/<CODE>[.N].before.py` and `<CODE>[.N].after.py`: the first
//!   line names where the file goes (`# path: proj/settings.py` replaces the
//!   settings module, `# path: app/views_fix.py` adds a module to the base
//!   project); optional `# select: A,B` (rules to run, default CODE) and
//!   `# env: K=V` lines follow. CODE must fire on the file, and applying every
//!   fix (safe and unsafe) must turn it into the `.after.py` text exactly.
//! - `<CODE>.nofix[.N].py`: CODE must fire on the file, and no fix with edits
//!   may be offered (the rewrite would not be provably right).

mod common;

use std::path::Path;

use common::{copy_dir, fixtures};
use greenlight_core::project::LoadOptions;
use greenlight_core::{Profile, Project};
use greenlight_rules::fixes::apply::apply_fixes;
use greenlight_rules::{check_project, Edit, Finding, RuleSelection};

struct Fixture {
    path: String,
    select: Vec<String>,
    env: Vec<(String, String)>,
}

fn header(code: &str, text: &str) -> Fixture {
    let mut fixture = Fixture { path: String::new(), select: vec![code.to_owned()], env: Vec::new() };
    for line in text.lines().take(4) {
        if let Some(p) = line.strip_prefix("# path:") {
            fixture.path = p.trim().to_owned();
        } else if let Some(s) = line.strip_prefix("# select:") {
            fixture.select = s.split(',').map(|c| c.trim().to_owned()).collect();
        } else if let Some(e) = line.strip_prefix("# env:") {
            let (k, v) = e.trim().split_once('=').expect("# env: K=V");
            fixture.env.push((k.to_owned(), v.to_owned()));
        }
    }
    assert!(!fixture.path.is_empty(), "{code}: the first line must be `# path: …`");
    fixture
}

/// The base project with `text` written at the fixture's path.
fn project_with(fixture: &Fixture, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base_project"), dir.path());
    let settings = std::fs::read_to_string(fixtures().join("settings/_base.py")).unwrap();
    std::fs::write(dir.path().join("proj/settings.py"), format!("{settings}\nINSTALLED_APPS += [\"app\"]\nROOT_URLCONF = \"proj.urls\"\n")).unwrap();
    if fixture.path == "proj/settings.py" {
        // The fixture is the whole settings module; it may star-import the base.
        std::fs::write(dir.path().join("proj/base_settings.py"), format!("{settings}\nINSTALLED_APPS += [\"app\"]\nROOT_URLCONF = \"proj.urls\"\n")).unwrap();
    }
    std::fs::write(dir.path().join(&fixture.path), text).unwrap();
    dir
}

fn audit(root: &Path, fixture: &Fixture) -> Vec<Finding> {
    let mut profile = Profile::new();
    profile.set("SECRET_KEY", "n4#x9!qLz0@w7^e2&r5*t8(y1)u3_i6+o0-p=[]{};:./<>?abcdefgh");
    profile.set("DB_PASSWORD", "from-the-environment");
    for (k, v) in &fixture.env {
        profile.set(k.clone(), v.clone());
    }
    let project = Project::load(root, &LoadOptions { settings_module: None, profile, limits: Default::default() }).unwrap();
    let selection = RuleSelection::new(&fixture.select, &[]).unwrap();
    check_project(&project, &selection)
}

/// Edits of the fixes offered for `path`, in finding order.
fn offered<'f>(findings: &'f [Finding], path: &str) -> Vec<&'f [Edit]> {
    findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| fix.applies(true) && fix.edits.iter().all(|e| e.path == path))
        .map(|fix| fix.edits.as_slice())
        .collect()
}

fn names(suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("fixes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(suffix))
        .collect();
    names.sort();
    names
}

#[test]
fn fixes_turn_before_into_after() {
    let befores = names(".before.py");
    assert!(befores.len() >= 15, "expected a fixture per fix, found {befores:?}");
    let mut failures = Vec::new();
    for name in befores {
        let code = name.split('.').next().unwrap().to_owned();
        let before = std::fs::read_to_string(fixtures().join("fixes").join(&name)).unwrap();
        let expected = std::fs::read_to_string(fixtures().join("fixes").join(name.replace(".before.py", ".after.py"))).unwrap_or_default();
        let fixture = header(&code, &before);
        let dir = project_with(&fixture, &before);
        let first = audit(dir.path(), &fixture);
        if !first.iter().any(|f| f.code == code) {
            failures.push(format!("{name}: {code} does not fire on the before file"));
            continue;
        }
        let mut text = before.clone();
        for _ in 0..5 {
            let findings = audit(dir.path(), &fixture);
            let fixes = offered(&findings, &fixture.path);
            let applied = apply_fixes(&text, &fixes);
            if applied.text == text {
                break;
            }
            text = applied.text;
            std::fs::write(dir.path().join(&fixture.path), &text).unwrap();
        }
        if text != expected {
            failures.push(format!("{name}: got\n{text}\n--- expected\n{expected}"));
            continue;
        }
        let left = audit(dir.path(), &fixture);
        if let Some(f) = left.iter().find(|f| f.code == code) {
            failures.push(format!("{name}: {code} still fires after the fix: {}", f.message));
        }
        if greenlight_core::python::parse_python(&fixture.path, text).is_err() {
            failures.push(format!("{name}: the result does not parse"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn no_fix_where_the_rewrite_is_not_provably_right() {
    let cases = names(".py").into_iter().filter(|n| n.contains(".nofix")).collect::<Vec<_>>();
    assert!(cases.len() >= 5, "{cases:?}");
    for name in cases {
        let code = name.split('.').next().unwrap().to_owned();
        let text = std::fs::read_to_string(fixtures().join("fixes").join(&name)).unwrap();
        let fixture = header(&code, &text);
        let dir = project_with(&fixture, &text);
        let findings = audit(dir.path(), &fixture);
        assert!(findings.iter().any(|f| f.code == code), "{name}: {code} must fire");
        let with_edits: Vec<_> = findings.iter().filter(|f| f.code == code).filter_map(|f| f.fix.as_ref()).filter(|fix| !fix.edits.is_empty()).collect();
        assert!(with_edits.is_empty(), "{name}: a fix was offered: {with_edits:?}");
    }
}
