//! DEP008: one package pinned to different versions in two production manifests.

use std::collections::BTreeMap;

use greenlight_core::manifests::version::Version;
use greenlight_core::manifests::Requirement;

use super::support::{at_requirement, manifests, written};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static CONFLICTING_PINS: Rule = Rule {
    code: "DEP008",
    effort_minutes: 15,
    name: "conflicting-pins",
    category: Category::Dependencies,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "The same package is pinned to different versions in two production manifests",
    doc: r#"## What it does
Reports an exact pin (`==`) in a production manifest when another production manifest pins the
same package (any spelling) to a different version. Pins with environment markers are left out:
`numpy==1.26; python_version >= "3.12"` beside another version for older Pythons is deliberate.

## Why is this bad?
Which version production gets depends on which file the deploy installs, or pip refuses to
install both. Either the Docker image and the platform build run different code, or one of the
pins is stale and nobody noticed.

## Example
```text
# requirements.txt
Django==5.2.19
# requirements/production.txt
Django==5.2.7
```

Use instead:
```text
# requirements/production.txt
-r ../requirements.txt
```

## References
- [pip: Requirements file format](https://pip.pypa.io/en/stable/reference/requirements-file-format/)
"#,
    check: check_conflicting_pins,
};

fn check_conflicting_pins(checker: &Checker, out: &mut Vec<Finding>) {
    let manifests = manifests(checker);
    let mut by_name: BTreeMap<&str, Vec<(&Requirement, &str)>> = BTreeMap::new();
    for req in manifests.production().filter(|r| r.marker.is_none()) {
        if let Some(version) = req.specifier.exact() {
            by_name.entry(req.name.as_str()).or_default().push((req, version));
        }
    }
    for pins in by_name.values() {
        let Some((first, first_version)) = pins.first() else { continue };
        for (req, version) in pins.iter().skip(1) {
            if req.path == first.path || same_version(version, first_version) {
                continue;
            }
            let message = format!(
                "`{}` in {} conflicts with `{}` in {}:{}: production gets whichever file the deploy installs",
                written(req),
                req.path,
                written(first),
                first.path,
                first.line
            );
            out.push(at_requirement(&CONFLICTING_PINS, req, message).with_fix(Fix::manual(
                format!("Pin {} in one file and include that file (`-r`) from the others", req.raw_name),
                None,
            )));
        }
    }
}

/// `4.2` and `4.2.0` are the same version.
fn same_version(a: &str, b: &str) -> bool {
    let numeric = |v: &str| v.chars().all(|c| c.is_ascii_digit() || c == '.');
    a == b || (numeric(a) && numeric(b) && Version::parse(a) == Version::parse(b))
}
