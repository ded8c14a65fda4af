//! Test files are kept as outlines (greenlight_core::outline) so that a large
//! project's tests do not hold memory through the audit. A rule or report
//! section that reads a test file's complete tree parses it a second time:
//! this guards that none does on a project with tests.

mod common;

use common::{example_project, report_of};

#[test]
fn an_audit_reads_test_files_as_outlines_only() {
    let project = example_project("clubdesk-hardened");
    let tests: Vec<_> = project.python.iter().filter(|m| m.is_outlined()).map(|m| m.rel_path.as_str()).collect();
    assert!(tests.contains(&"members/tests.py") && tests.contains(&"clubdesk/tests.py"), "{tests:?}");
    assert!(!tests.iter().any(|t| t.ends_with("views.py") || t.ends_with("models.py")), "{tests:?}");
    let report = report_of(&project);
    let parsed_again: Vec<&str> = project.python.iter().filter(|m| m.was_parsed_again()).map(|m| m.rel_path.as_str()).collect();
    assert!(parsed_again.is_empty(), "test files parsed a second time: {parsed_again:?}");
    // The outlines still count the tests.
    let members = report.inventory.apps.iter().find(|a| a.path == "members").unwrap();
    assert!(members.tests > 0, "{members:?}");
}
