//! Fixtures of every rule outside `rules/settings/`, on a clean base project
//! (`fixtures/base_project`, with `fixtures/settings/_base.py` as its settings).
//!
//! - `fixtures/files/<CODE>[.N].<ext>`: one file, placed at the path its first
//!   line names (`# path: app/views.py`, `{# path: app/templates/app/x.html #}`).
//!   Each line marked `expect: <CODE>` must get a finding of CODE on that line;
//!   every other line must not. Both kinds of line live in the same fixture.
//! - `fixtures/trees/<CODE>.fires[.N]/` and `<CODE>.clean[.N]/`: files laid over
//!   the base project (a `.delete` file lists base paths to remove; a
//!   `.settings_extra.py` is appended to the base settings, so a tree need not
//!   copy them), for rules about the project as a whole; CODE must fire / must not.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{copy_dir, fixtures};
use greenlight_core::project::LoadOptions;
use greenlight_core::{Profile, Project};
use greenlight_rules::{all_rules, check_project, Finding, RuleSelection};

/// A temp copy of the base project, with `overlay` applied.
fn base_project(overlay: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("base_project"), dir.path());
    let settings = std::fs::read_to_string(fixtures().join("settings/_base.py")).unwrap();
    std::fs::write(dir.path().join("proj/settings.py"), format!("{settings}\nINSTALLED_APPS += [\"app\"]\nROOT_URLCONF = \"proj.urls\"\n")).unwrap();
    overlay(dir.path());
    dir
}

fn audit(root: &Path) -> Vec<Finding> {
    let mut profile = Profile::new();
    profile.set("SECRET_KEY", "n4#x9!qLz0@w7^e2&r5*t8(y1)u3_i6+o0-p=[]{};:./<>?abcdefgh");
    profile.set("DB_PASSWORD", "from-the-environment");
    let project = Project::load(root, &LoadOptions { settings_module: None, profile, ..LoadOptions::default() }).unwrap();
    check_project(&project, &RuleSelection::default())
}

/// `<CODE>[.N].<ext>` or `<CODE>.fires[.N]` → CODE.
fn code_of(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

fn declared_path(text: &str) -> Option<String> {
    let first = text.lines().next()?;
    let start = first.find("path:")? + "path:".len();
    let rest = first[start..].trim();
    Some(rest.trim_end_matches("#}").trim_end_matches("-->").trim().to_owned())
}

fn file_fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("files"))
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn tree_fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("trees"))
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn base_project_is_clean() {
    let dir = base_project(|_| {});
    let findings = audit(dir.path());
    assert!(findings.is_empty(), "the base project must have no finding: {findings:#?}");
}

#[test]
fn file_fixtures_fire_exactly_where_marked() {
    let mut failures = Vec::new();
    let mut reports: std::collections::BTreeMap<String, String> = Default::default();
    for name in file_fixture_names() {
        let code = code_of(&name).to_owned();
        let text = std::fs::read_to_string(fixtures().join("files").join(&name)).unwrap();
        let Some(dest) = declared_path(&text) else {
            failures.push(format!("{name}: first line must declare `path: <where>`"));
            continue;
        };
        let dir = base_project(|root| {
            let target = root.join(&dest);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, &text).unwrap();
        });
        let findings = audit(dir.path());
        let expected: BTreeSet<u32> = text
            .lines()
            .enumerate()
            .filter(|(_, line)| line.contains(&format!("expect: {code}")))
            .map(|(i, _)| i as u32 + 1)
            .collect();
        let actual: BTreeSet<u32> = findings.iter().filter(|f| f.code == code && f.path == dest).map(|f| f.span.start.line).collect();
        if expected.is_empty() {
            failures.push(format!("{name}: no line is marked `expect: {code}`"));
        }
        for line in expected.difference(&actual) {
            failures.push(format!("{name}:{line}: {code} expected, not reported"));
        }
        for line in actual.difference(&expected) {
            let message = findings.iter().find(|f| f.code == code && f.span.start.line == *line).map(|f| f.message.as_str()).unwrap_or("");
            failures.push(format!("{name}:{line}: {code} reported but not expected: {message}"));
        }
        let report = reports.entry(code.clone()).or_default();
        for f in findings.iter().filter(|f| f.code == code) {
            report.push_str(&format!("{name}:{} {} [{}] {}\n", f.span.start.line, f.code, f.severity.as_str(), f.message));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // One snapshot per rule: the messages users read.
    for (code, report) in reports {
        insta::assert_snapshot!(format!("files_{code}"), report);
    }
}

#[test]
fn tree_fixtures_fire_and_stay_quiet() {
    let mut failures = Vec::new();
    let mut reports: std::collections::BTreeMap<String, String> = Default::default();
    for name in tree_fixture_names() {
        let code = code_of(&name).to_owned();
        let fires = name.split('.').nth(1) == Some("fires");
        let source = fixtures().join("trees").join(&name);
        let dir = base_project(|root| {
            if let Ok(list) = std::fs::read_to_string(source.join(".delete")) {
                for path in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    let target = root.join(path);
                    let _ = std::fs::remove_file(&target).or_else(|_| std::fs::remove_dir_all(&target));
                }
            }
            copy_dir(&source, root);
            let _ = std::fs::remove_file(root.join(".delete"));
            if let Ok(extra) = std::fs::read_to_string(root.join(".settings_extra.py")) {
                let settings = root.join("proj/settings.py");
                let base = std::fs::read_to_string(&settings).unwrap();
                std::fs::write(&settings, format!("{base}{extra}")).unwrap();
                std::fs::remove_file(root.join(".settings_extra.py")).unwrap();
            }
        });
        let findings = audit(dir.path());
        let matching: Vec<&Finding> = findings.iter().filter(|f| f.code == code).collect();
        match (fires, matching.is_empty()) {
            (true, true) => failures.push(format!("{name}: {code} did not fire; got {:?}", findings.iter().map(|f| f.code).collect::<Vec<_>>())),
            (false, false) => failures.push(format!("{name}: {code} fired: {}", matching[0].message)),
            _ => {}
        }
        let report = reports.entry(code.clone()).or_default();
        for f in matching {
            report.push_str(&format!("{name}: {}:{} {} [{}] {}\n", f.path, f.span.start.line, f.code, f.severity.as_str(), f.message));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (code, report) in reports {
        insta::assert_snapshot!(format!("trees_{code}"), report);
    }
}

/// Every rule has fixtures that fire and fixtures that must not.
#[test]
fn every_rule_has_fixtures() {
    let settings_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/settings");
    let settings_sources: String = std::fs::read_dir(settings_dir).unwrap().map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect();
    let files = file_fixture_names();
    let trees = tree_fixture_names();
    let mut missing = Vec::new();
    for rule in all_rules() {
        // Settings rules have their own fixtures (settings_fixtures.rs); CFG001 and
        // CFG006 are produced by the engine and tested there.
        if settings_sources.contains(&format!("code: \"{}\"", rule.code)) || ["CFG001", "CFG006"].contains(&rule.code) {
            continue;
        }
        let has_file = files.iter().any(|n| code_of(n) == rule.code);
        let has_trees = trees.iter().any(|n| n.starts_with(&format!("{}.fires", rule.code)))
            && trees.iter().any(|n| n.starts_with(&format!("{}.clean", rule.code)));
        if !has_file && !has_trees {
            missing.push(rule.code);
        }
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
}
