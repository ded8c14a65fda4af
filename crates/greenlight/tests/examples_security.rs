//! The code-security rules on the bundled examples, through the real binary:
//! the planted webhook, SQL, upload, login and admin problems of
//! `examples/clubdesk` are found at their lines; `clubdesk-hardened`, which
//! fixes them, gets nothing above info from these rules.

mod common;
use common::{line_of};

const CODES: &str = "SEC030,SEC031,SEC032,SEC033,SEC034,SEC035,SEC036,SEC037,SEC038,SEC039,SEC040,SEC041,SEC042,SEC043,SEC044,SEC045,SEC046,SEC047,SEC048,SEC049,SEC050,SEC051,SEC052";

fn audit(example: &str) -> serde_json::Value {
    common::audit_example(example, CODES)
}

fn findings(report: &serde_json::Value) -> &Vec<serde_json::Value> {
    report["findings"].as_array().unwrap()
}

fn assert_at(report: &serde_json::Value, code: &str, path: &str, line: u64, severity: &str) {
    let found: Vec<&serde_json::Value> = findings(report).iter().filter(|f| f["code"] == code).collect();
    assert!(
        found.iter().any(|f| f["path"] == path && f["line"] == line && f["severity"] == severity),
        "{code} [{severity}] expected at {path}:{line}, found {:?}",
        found.iter().map(|f| format!("{}:{} {}", f["path"], f["line"], f["severity"])).collect::<Vec<_>>()
    );
}

#[test]
fn clubdesk_planted_security_problems_are_found_where_they_are() {
    let report = audit("clubdesk");
    let events = "events/views.py";
    // #26-27: the csrf_exempt webhook that never verifies a signature.
    assert_at(&report, "SEC030", events, line_of(events, "@csrf_exempt"), "high");
    assert_at(&report, "SEC039", events, line_of(events, "event = json.loads(request.body)"), "high");
    // #31-32: f-string SQL; the message names the interpolated input's line.
    let documents = "documents/views.py";
    assert_at(&report, "SEC031", documents, line_of(documents, "cursor.execute("), "critical");
    let sql = findings(&report).iter().find(|f| f["code"] == "SEC031").unwrap()["message"].as_str().unwrap().to_owned();
    assert!(sql.contains(&format!("(line {})", line_of(documents, "LIKE '%{query}%'"))), "{sql}");
    // #29-30: uploads.
    assert_at(&report, "SEC043", "documents/models.py", line_of("documents/models.py", "models.FileField("), "medium");
    assert_at(&report, "SEC044", "documents/forms.py", line_of("documents/forms.py", "if extension not in"), "medium");
    // #20: hand-written login without rate limiting.
    assert_at(&report, "SEC045", "accounts/views.py", line_of("accounts/views.py", "def login_view"), "high");
    // #18: admin at admin/.
    assert_at(&report, "SEC052", "clubdesk/urls.py", line_of("clubdesk/urls.py", "path('admin/'"), "low");
    // Nothing else from these rules: the rest of clubdesk is sound code.
    assert_eq!(findings(&report).len(), 7, "{:#?}", findings(&report));
}

#[test]
fn clubdesk_hardened_has_no_security_code_findings() {
    let report = audit("clubdesk-hardened");
    let above_info: Vec<&serde_json::Value> = findings(&report).iter().filter(|f| f["severity"] != "info").collect();
    assert!(above_info.is_empty(), "{above_info:#?}");
}
