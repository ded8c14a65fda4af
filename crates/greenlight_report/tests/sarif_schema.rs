//! `--format sarif` is valid SARIF 2.1.0: the output for both example
//! projects validates against the official OASIS schema (vendored under
//! `tests/sarif/`, see its README), and carries what code-scanning viewers
//! use (rule help, security-severity, CWE taxa, fingerprints, regions).

mod common;

use greenlight_report::render::sarif;
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::workspace().join("crates/greenlight_report/tests/sarif/sarif-schema-2.1.0.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft4::options().should_validate_formats(true).build(&schema).expect("the schema compiles")
}

fn assert_valid(sarif: &Value) {
    let validator = validator();
    let errors: Vec<String> = validator.iter_errors(sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
}

#[test]
fn clubdesk_sarif_validates_against_the_official_schema() {
    let report = common::example_report("clubdesk");
    let sarif: Value = serde_json::from_str(&sarif::render(&report)).unwrap();
    assert_valid(&sarif);
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), report.rules_run.len(), "every rule that ran is described");
    for (result, finding) in results.iter().zip(&report.findings) {
        assert_eq!(result["ruleId"], finding.code);
        assert_eq!(rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"], finding.code);
        assert_eq!(result["partialFingerprints"]["greenlight/v1"], finding.fingerprint.as_str());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], finding.path.as_str());
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(location["region"]["startLine"], finding.line);
    }
    let debug = results.iter().find(|r| r["ruleId"] == "SEC001").unwrap();
    assert_eq!(debug["level"], "error");
    // A fix with edits is a SARIF fix: the byte range of base.py and the env-driven replacement.
    let change = &debug["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "clubdesk/settings/base.py");
    let replacement = &change["replacements"][0];
    let base = std::fs::read_to_string(common::workspace().join("examples/clubdesk/clubdesk/settings/base.py")).unwrap();
    let start = replacement["deletedRegion"]["byteOffset"].as_u64().unwrap() as usize;
    let length = replacement["deletedRegion"]["byteLength"].as_u64().unwrap() as usize;
    assert_eq!(&base[start - 8..start + length], "default=True");
    assert_eq!(replacement["insertedContent"]["text"], "False");
    assert_eq!(debug["fixes"][0]["properties"]["applicability"], "safe");
    // Advice without edits is no SARIF fix.
    let sql = results.iter().find(|r| r["ruleId"] == "SEC031").unwrap();
    assert!(sql.get("fixes").is_none());
    let sec001 = rules.iter().find(|r| r["id"] == "SEC001").unwrap();
    assert_eq!(sec001["properties"]["security-severity"], "9.5");
    assert!(sec001["help"]["markdown"].as_str().unwrap().contains("## Why is this bad?"));
    assert_eq!(sec001["relationships"][0]["target"]["id"], "489");
    assert_eq!(sec001["relationships"][0]["target"]["toolComponent"]["name"], "CWE");
    let taxa = run["taxonomies"][0]["taxa"].as_array().unwrap();
    assert!(taxa.iter().any(|t| t["id"] == "489"));
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    assert!(root.starts_with("file:///") && root.ends_with('/'), "{root}");
}

#[test]
fn hardened_sarif_validates_too() {
    let report = common::example_report("clubdesk-hardened");
    let sarif: Value = serde_json::from_str(&sarif::render(&report)).unwrap();
    assert_valid(&sarif);
}

#[test]
fn a_broken_log_is_rejected() {
    // The validator is really checking: a result without a message is invalid.
    let report = common::example_report("clubdesk");
    let mut sarif: Value = serde_json::from_str(&sarif::render(&report)).unwrap();
    sarif["runs"][0]["results"][0].as_object_mut().unwrap().remove("message");
    assert!(!validator().is_valid(&sarif));
}

#[test]
fn uris_are_percent_encoded_relative_references() {
    assert_eq!(sarif::uri_path("app/views.py"), "app/views.py");
    assert_eq!(sarif::uri_path("my app/vïews.py"), "my%20app/v%C3%AFews.py");
}
