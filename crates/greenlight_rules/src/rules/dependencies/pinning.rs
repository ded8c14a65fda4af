//! Production requirements without an exact version: DEP001 (no version at
//! all) and DEP002 (a range). A lock file, a pip-compile output or a `-c`
//! constraints file that pins the package makes either fine.

use greenlight_core::manifests::{Manifests, Pin, Requirement};

use super::support::{at_requirement, manifests, written};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static UNPINNED_REQUIREMENT: Rule = Rule {
    code: "DEP001",
    effort_minutes: 10,
    name: "unpinned-requirement",
    category: Category::Dependencies,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(1104),
    summary: "A production requirement has no version at all",
    doc: r#"## What it does
Reports a requirement of a production manifest (a requirements file whose name does not say
dev/test/local/ci, `[project] dependencies`, `[tool.poetry.dependencies]`, a Pipfile's
`[packages]`) that names no version, unless a lock file (`poetry.lock`, `uv.lock`, `pdm.lock`,
`Pipfile.lock`), a pip-compile output or a `-c` constraints file pins it.

## Why is this bad?
Every build installs whatever is newest that day. A deploy can pick up a major release with
breaking changes, or a compromised release, without any change in the repository; two servers
built a day apart run different code, and a rollback does not roll the dependency back.

## Example
```text
requests
Pillow
```

Use instead:
```text
requests==2.32.3
Pillow==11.0.0
```
(or keep ranges in `requirements.in` and commit the `pip-compile` output)

## References
- [pip: Repeatable installs](https://pip.pypa.io/en/stable/topics/repeatable-installs/)
- [pip-tools](https://pip-tools.readthedocs.io/)
- [CWE-1104: Use of Unmaintained Third Party Components](https://cwe.mitre.org/data/definitions/1104.html)
"#,
    check: check_unpinned,
};

pub static LOOSE_REQUIREMENT: Rule = Rule {
    code: "DEP002",
    effort_minutes: 10,
    name: "requirement-range-not-pinned",
    category: Category::Dependencies,
    severity: Severity::Low,
    django_checks: &[],
    cwe: Some(1104),
    summary: "A production requirement allows a range of versions instead of one",
    doc: r#"## What it does
Reports a production requirement constrained by a range (`>=`, `~=`, `<`, `==1.*`, Poetry's `^`
and `~`) instead of an exact `==` pin, unless a lock file, a pip-compile output or a `-c`
constraints file pins it.

## Why is this bad?
A range is better than nothing but still lets each build resolve to a different version: a
`>=` without an upper bound accepts the next major release. What was tested is not what gets
deployed.

## Example
```text
stripe>=7.0
```

Use instead:
```text
stripe==11.2.0
```

## References
- [pip: Repeatable installs](https://pip.pypa.io/en/stable/topics/repeatable-installs/)
- [PEP 440: Version specifiers](https://peps.python.org/pep-0440/#version-specifiers)
"#,
    check: check_loose,
};

/// Production requirements with their pin, leaving out what a lock pins and
/// pip-compile inputs (`*.in`), whose compiled output is what gets installed.
fn unlocked(manifests: &Manifests) -> Vec<(&Requirement, Pin<'_>)> {
    manifests
        .manifests
        .iter()
        .filter(|m| !(m.dev || m.compiled || (m.is_compile_input() && has_compiled_sibling(manifests, &m.path))))
        .flat_map(|m| m.requirements.iter())
        .filter(|r| r.is_production() && manifests.locked(&r.name).is_none())
        .map(|r| (r, r.pin()))
        .collect()
}

/// `requirements/base.in` → a compiled `requirements/base.txt` exists.
fn has_compiled_sibling(manifests: &Manifests, input: &str) -> bool {
    let txt = format!("{}.txt", input.trim_end_matches(".in"));
    manifests.manifests.iter().any(|m| m.path == txt)
}

fn check_unpinned(checker: &Checker, out: &mut Vec<Finding>) {
    let manifests = manifests(checker);
    for (req, pin) in unlocked(&manifests) {
        if pin != Pin::Unpinned {
            continue;
        }
        let message = format!(
            "`{}` in {} has no version: every build installs whatever is newest that day",
            written(req),
            req.path
        );
        let snippet = format!("{}==<the version you tested>", req.raw_name);
        out.push(at_requirement(&UNPINNED_REQUIREMENT, req, message).with_fix(Fix::manual(
            "Pin the version you tested (`pip freeze`), or compile the requirements with pip-compile / a lock file",
            Some(&snippet),
        )));
    }
}

fn check_loose(checker: &Checker, out: &mut Vec<Finding>) {
    let manifests = manifests(checker);
    for (req, pin) in unlocked(&manifests) {
        if pin != Pin::Range {
            continue;
        }
        let why = if req.specifier.has_upper_bound() {
            "allows a range of versions"
        } else {
            "has only a lower bound, so any future major release gets installed"
        };
        let message = format!("`{}` in {} {why}: builds are not repeatable", written(req), req.path);
        let snippet = format!("{}==<the version you tested>", req.raw_name);
        out.push(at_requirement(&LOOSE_REQUIREMENT, req, message).with_fix(Fix::manual(
            "Pin an exact version, or keep the range in an input file and commit a lock / pip-compile output",
            Some(&snippet),
        )));
    }
}
