//! `docs/rules.md` is generated from the rules' documentation (static and
//! probe rules alike); this fails when the committed page is stale.

use std::process::Command;

#[test]
fn committed_rules_page_is_current() {
    let output = Command::new(env!("CARGO_BIN_EXE_greenlight")).args(["rules", "--format", "markdown"]).output().unwrap();
    assert!(output.status.success());
    let generated = String::from_utf8(output.stdout).unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is stale: run `cargo run -q -- rules --format markdown > docs/rules.md`"
    );
    for code in ["SEC001", "DEP001", "WEB001", "WEB031"] {
        assert!(generated.contains(&format!("### {code}\n")), "{code} has no section");
    }
}
