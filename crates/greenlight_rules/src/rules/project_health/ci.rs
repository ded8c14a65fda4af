//! Whether tests run automatically: TEST004 no CI configuration, TEST005 CI
//! that never runs the tests, TEST006 no coverage configuration.

use greenlight_core::{FileKind, Span};
use regex::Regex;

use super::support::{ci_files, has_any_test, has_application_code, project_anchor, root_file, start, OTHER_CI_FILES};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

const WORKFLOW_SNIPPET: &str = "# .github/workflows/ci.yml\nname: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with: {python-version: \"3.12\"}\n      - run: pip install -r requirements.txt coverage\n      - run: coverage run manage.py test && coverage report";

/// Commands that run a Python test suite.
const TEST_COMMAND: &str = r"(?i)(manage\.py\s+test|django-admin\s+test|\bpytest\b|py\.test|\btox\b|\bnox\b|\bmake\s+(test|check|ci)\b|coverage\s+run|runtests|\bjust\s+test|\binvoke\s+test|\bhatch\s+(run\s+)?test|\bpoe\s+test|\bpython\s+-m\s+unittest)";

/// CI that delegates to something greenlight cannot read: a local script, a
/// reusable workflow.
const DELEGATES: &str = r"(?m)(uses:\s*\./|uses:\s*[\w.-]+/[\w.-]+/\.github/workflows/|^\s*(-\s*)?(run:\s*)?(\./|bash\s+|sh\s+)[\w./-]+|\binclude:|\bextends:|\btemplate:)";

pub static NO_CI: Rule = Rule {
    code: "TEST004",
    effort_minutes: 60,
    name: "no-ci",
    category: Category::Testing,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "No continuous-integration configuration",
    doc: r#"## What it does
Reports a project with no CI configuration: no GitHub Actions workflow, `.gitlab-ci.yml`,
CircleCI, Travis, Jenkinsfile, Azure Pipelines, Bitbucket Pipelines (or Drone, Woodpecker,
Buildkite, AppVeyor, Cloud Build, Semaphore) file under the audited directory.

## Why is this bad?
Tests that only run when someone remembers to run them do not protect the main branch. Without
CI, a change that breaks the site is found by users.

## Example
```text
# no .github/workflows/, no .gitlab-ci.yml, ...
```

Use instead:
```yaml
# .github/workflows/ci.yml
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt && python manage.py test
```

## References
- [GitHub Actions: Building and testing Python](https://docs.github.com/en/actions/use-cases-and-examples/building-and-testing/building-and-testing-python)
"#,
    check: check_no_ci,
};

pub static CI_RUNS_NO_TESTS: Rule = Rule {
    code: "TEST005",
    effort_minutes: 30,
    name: "ci-runs-no-tests",
    category: Category::Testing,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "CI is configured but no job runs the tests",
    doc: r#"## What it does
Reports CI configuration in which no job runs a test command (`manage.py test`, `pytest`, `tox`,
`nox`, `make test`, `coverage run`, …). It stays quiet when a job delegates to something it
cannot read (a local script, a reusable workflow, an included template).

## Why is this bad?
A green CI badge that only lints or builds gives the impression that changes are tested.

## Example
```yaml
steps:
  - run: ruff check .
```

Use instead:
```yaml
steps:
  - run: ruff check .
  - run: python manage.py test
```

## References
- [Django: Running tests](https://docs.djangoproject.com/en/stable/topics/testing/overview/#running-tests)
"#,
    check: check_ci_runs_tests,
};

pub static NO_COVERAGE_CONFIG: Rule = Rule {
    code: "TEST006",
    effort_minutes: 20,
    name: "no-coverage-config",
    category: Category::Testing,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "Tests exist but test coverage is never measured",
    doc: r#"## What it does
Reports a project that has tests but no coverage configuration: no `.coveragerc`, no
`[tool.coverage.*]` in `pyproject.toml`, no `[coverage:*]` in `setup.cfg` or `tox.ini`, no
`--cov` in the pytest configuration, and no `coverage run` / `--cov` in CI.

## Why is this bad?
Without coverage nobody knows which views, permissions and error paths the tests never execute,
and coverage can silently fall with every change.

## Example
```text
# tests run with `python manage.py test`, nothing measures them
```

Use instead:
```toml
[tool.coverage.run]
branch = true
source = ["."]
omit = ["*/migrations/*"]

[tool.coverage.report]
fail_under = 80
```

## References
- [Coverage.py: Configuration reference](https://coverage.readthedocs.io/en/latest/config.html)
- [Django: Integration with coverage.py](https://docs.djangoproject.com/en/stable/topics/testing/advanced/#integration-with-coverage-py)
"#,
    check: check_coverage_config,
};

fn check_no_ci(checker: &Checker, out: &mut Vec<Finding>) {
    if !has_application_code(checker) {
        return;
    }
    if !ci_files(checker).is_empty() || OTHER_CI_FILES.iter().any(|f| checker.project.root.join(f).exists()) {
        return;
    }
    let message = "no CI configuration (GitHub Actions, GitLab CI, CircleCI, Travis, Jenkins, Azure, Bitbucket): nothing runs the tests on each change";
    out.push(NO_CI.finding(&project_anchor(checker), start(), message).with_fix(Fix::manual("Add a CI workflow that installs the requirements and runs the tests", Some(WORKFLOW_SNIPPET))));
}

fn check_ci_runs_tests(checker: &Checker, out: &mut Vec<Finding>) {
    if !has_application_code(checker) {
        return;
    }
    let files = ci_files(checker);
    let Some((first, _)) = files.first() else { return };
    let test = Regex::new(TEST_COMMAND).expect("valid regex");
    let delegates = Regex::new(DELEGATES).expect("valid regex");
    if files.iter().any(|(_, text)| test.is_match(text) || delegates.is_match(text)) {
        return;
    }
    let names: Vec<&str> = files.iter().map(|(p, _)| *p).collect();
    let message = format!("CI is configured ({}) but no job runs the tests (manage.py test, pytest, tox, …)", names.join(", "));
    out.push(CI_RUNS_NO_TESTS.finding(first, start(), message).with_fix(Fix::manual("Add a step that runs the test suite", Some("- run: python manage.py test"))));
}

fn check_coverage_config(checker: &Checker, out: &mut Vec<Finding>) {
    if !has_any_test(checker) || has_coverage_config(checker) {
        return;
    }
    let (path, span) = match checker.project.texts_of(FileKind::Pyproject).find(|t| !t.rel_path.contains('/')) {
        Some(pyproject) => (pyproject.rel_path.clone(), Span::FILE_START),
        None => (project_anchor(checker), start()),
    };
    let message = "the tests run without coverage measurement: no .coveragerc, [tool.coverage] or [coverage:*] section, and no --cov / coverage run in pytest or CI";
    out.push(NO_COVERAGE_CONFIG.finding(&path, span, message).with_fix(Fix::manual(
        "Configure coverage.py and run the tests under it in CI",
        Some("[tool.coverage.run]\nbranch = true\nsource = [\".\"]\nomit = [\"*/migrations/*\"]\n\n[tool.coverage.report]\nfail_under = 80"),
    )));
}

fn has_coverage_config(checker: &Checker) -> bool {
    let project = checker.project;
    if project.root.join(".coveragerc").exists() {
        return true;
    }
    let pyproject = project.texts_of(FileKind::Pyproject).any(|t| t.text.contains("[tool.coverage") || t.text.contains("--cov"));
    let ci = project.texts_of(FileKind::Ci).any(|t| mentions_coverage(&t.text));
    let other = ["setup.cfg", "pytest.ini", "tox.ini", "Makefile", "justfile"]
        .iter()
        .filter_map(|f| root_file(checker, f))
        .any(|text| text.contains("[coverage:") || mentions_coverage(&text));
    pyproject || ci || other
}

fn mentions_coverage(text: &str) -> bool {
    text.contains("--cov") || text.contains("coverage run") || text.contains("coverage xml") || text.contains("coverage report") || text.contains("[coverage:")
}
