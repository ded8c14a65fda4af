//! Fixtures of the settings rules: `fixtures/settings/<CODE>.fires[.N].py` must
//! trigger rule CODE and `<CODE>.clean[.N].py` must not. Each fixture is appended
//! to `_base.py`, a production-ready settings module, and evaluated as a real
//! project. A `# env: K=V …` first line sets the production profile.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use greenlight_core::project::LoadOptions;
use greenlight_core::{Profile, Project};
use greenlight_rules::{all_rules, check_project, Finding, RuleSelection};

const STRONG_KEY: &str = "n4#x9!qLz0@w7^e2&r5*t8(y1)u3_i6+o0-p=[]{};:./<>?abcdefgh";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/settings")
}

fn audit(fixture: &str) -> Vec<Finding> {
    let base = std::fs::read_to_string(fixtures_dir().join("_base.py")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("manage.py"), "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n").unwrap();
    std::fs::create_dir(dir.path().join("proj")).unwrap();
    std::fs::write(dir.path().join("proj/__init__.py"), "").unwrap();
    std::fs::write(dir.path().join("proj/settings.py"), format!("{base}\n# --- fixture ---\n{fixture}")).unwrap();
    let mut profile = Profile::new();
    profile.set("SECRET_KEY", STRONG_KEY);
    profile.set("DB_PASSWORD", "from-the-environment");
    if let Some(env) = fixture.lines().next().and_then(|l| l.strip_prefix("# env:")) {
        for assignment in env.split_whitespace() {
            profile.set_assignment(assignment).unwrap();
        }
    }
    let project = Project::load(dir.path(), &LoadOptions { settings_module: None, profile, ..LoadOptions::default() }).unwrap();
    check_project(&project, &RuleSelection::default())
}

/// fixture name → (code, fires?)
fn fixtures() -> BTreeMap<String, (String, bool)> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let mut parts = name.split('.');
        let (Some(code), Some(kind)) = (parts.next(), parts.next()) else { continue };
        if code.starts_with('_') {
            continue;
        }
        assert!(kind == "fires" || kind == "clean", "{name}: expected <CODE>.fires|clean[.N].py");
        out.insert(name.clone(), (code.to_owned(), kind == "fires"));
    }
    out
}

#[test]
fn base_settings_are_clean() {
    let findings = audit("");
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn every_settings_rule_has_both_kinds_of_fixture() {
    let fixtures = fixtures();
    for rule in all_rules() {
        if !rule_reads_settings(rule.code) {
            continue;
        }
        for fires in [true, false] {
            assert!(
                fixtures.values().any(|(code, f)| code == rule.code && *f == fires),
                "{} has no {} fixture",
                rule.code,
                if fires { "fires" } else { "clean" }
            );
        }
    }
}

/// Settings rules live under `rules/settings/` (and CFG001, which they emit).
fn rule_reads_settings(code: &str) -> bool {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules/settings");
    code == "CFG001"
        || std::fs::read_dir(dir).unwrap().any(|e| std::fs::read_to_string(e.unwrap().path()).unwrap().contains(&format!("code: \"{code}\"")))
}

#[test]
fn fixtures_fire_and_stay_quiet() {
    let mut report = String::new();
    let mut failures = Vec::new();
    for (name, (code, fires)) in fixtures() {
        let text = std::fs::read_to_string(fixtures_dir().join(&name)).unwrap();
        let findings = audit(&text);
        let matching: Vec<&Finding> = findings.iter().filter(|f| f.code == code).collect();
        if fires && matching.is_empty() {
            failures.push(format!("{name}: {code} did not fire; got {:?}", findings.iter().map(|f| f.code).collect::<Vec<_>>()));
        }
        if !fires && !matching.is_empty() {
            failures.push(format!("{name}: {code} fired: {}", matching[0].message));
        }
        if fires {
            for f in matching {
                report.push_str(&format!("{name}: {}:{} {} [{}] {}\n", f.path, f.span.start.line, f.code, f.severity.as_str(), f.message));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    insta::assert_snapshot!("settings_fixture_messages", report);
}
