//! The dependency, testing and documentation rules on the bundled examples:
//! the planted problems #33–38 and #50–55 of `examples/clubdesk` are found at
//! their file and line (lines looked up by content), and the hardened twin gets
//! nothing from these families.

mod common;
use common::{findings, line_of};

const CODES: &str = "DEP,TEST,DOC,OBS030";

fn audit(example: &str) -> serde_json::Value {
    common::audit_example(example, CODES)
}

/// The finding of `code` at `path:line`, with `severity`.
fn assert_at<'r>(report: &'r serde_json::Value, code: &str, path: &str, line: u64, severity: &str) -> &'r serde_json::Value {
    let found = findings(report, code);
    let hit = found.iter().find(|f| f["path"] == path && f["line"] == line).unwrap_or_else(|| {
        panic!("{code} expected at {path}:{line}, found {:?}", found.iter().map(|f| format!("{}:{}", f["path"], f["line"])).collect::<Vec<_>>())
    });
    assert_eq!(hit["severity"], severity, "{code} at {path}:{line}: {}", hit["message"]);
    hit
}

#[test]
fn clubdesk_planted_dependency_problems() {
    let report = audit("clubdesk");
    let req = "requirements.txt";
    // #33: Django==4.2.7 — the 4.2 series is past its end of support.
    let django = assert_at(&report, "DEP003", req, line_of(req, "Django==4.2.7"), "high");
    let message = django["message"].as_str().unwrap();
    assert!(message.contains("4.2.7") && message.contains("4.2.30") && message.contains("April 2026"), "{message}");
    assert!(findings(&report, "DEP004").is_empty(), "an end-of-life series is DEP003 only");
    // #34, #35, #38: unpinned.
    for package in ["requests", "Pillow", "sentry-sdk"] {
        assert_at(&report, "DEP001", req, line_of(req, package), "medium");
    }
    // #36: a lower bound only.
    assert_at(&report, "DEP002", req, line_of(req, "stripe>=7.0"), "low");
    // #37: django-ratelimit declared, never imported.
    assert_at(&report, "DEP005", req, line_of(req, "django-ratelimit"), "medium");
    // #38: sentry-sdk never initialised.
    assert_at(&report, "OBS030", req, line_of(req, "sentry-sdk"), "medium");
    // The PostgreSQL driver is there, nothing is pinned twice, no debug toolbar.
    for quiet in ["DEP006", "DEP007", "DEP008"] {
        assert!(findings(&report, quiet).is_empty(), "{quiet}: {:?}", findings(&report, quiet));
    }
}

#[test]
fn clubdesk_planted_testing_and_documentation_problems() {
    let report = audit("clubdesk");
    // #50: no .env.example; reported at the first variable the production settings module reads.
    let production = "clubdesk/settings/production.py";
    let env = assert_at(&report, "DOC005", production, line_of(production, "config('DB_NAME'"), "medium");
    let message = env["message"].as_str().unwrap();
    assert!(message.contains("SECRET_KEY") && message.contains("STRIPE_WEBHOOK_SECRET"), "{message}");
    assert!(findings(&report, "DOC004").is_empty(), "DOC005 replaces DOC004 when there is no .env.example");
    // #51: README with setup steps but no deployment section.
    assert_at(&report, "DOC003", "README.md", 1, "low");
    assert!(findings(&report, "DOC001").is_empty() && findings(&report, "DOC002").is_empty());
    // #52: the startapp stub.
    assert_at(&report, "TEST002", "members/tests.py", line_of("members/tests.py", "Create your tests here"), "low");
    // #53, #54: events and documents have no tests. members has only the stub,
    // but accounts' tests import members.models, so it counts as exercised.
    for app in ["events", "documents"] {
        assert_at(&report, "TEST003", &format!("{app}/apps.py"), 1, "medium");
    }
    assert_eq!(findings(&report, "TEST003").len(), 2, "accounts is tested, members is exercised by accounts' tests");
    assert!(findings(&report, "TEST001").is_empty(), "accounts/tests.py has tests");
    // #55: no CI workflow, no coverage configuration.
    assert_at(&report, "TEST004", "manage.py", 1, "medium");
    assert_at(&report, "TEST006", "manage.py", 1, "low");
    assert!(findings(&report, "TEST005").is_empty());
}

#[test]
fn clubdesk_hardened_is_clean_for_these_families() {
    let report = audit("clubdesk-hardened");
    let serious: Vec<_> = report["findings"].as_array().unwrap().iter().filter(|f| f["severity"] != "info").collect();
    assert!(serious.is_empty(), "{serious:#?}");
}
