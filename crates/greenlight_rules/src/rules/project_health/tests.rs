//! Whether the project is tested: TEST001 no test at all, TEST002 a test module
//! with no test in it (the `startapp` stub), TEST003 a local app nobody tests.

use greenlight_core::project::LocalApp;
use greenlight_core::Span;

use super::support::{count_tests, has_any_test, has_application_code, project_anchor, start, test_files};
use crate::analysis::FileRole;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static NO_TESTS: Rule = Rule {
    code: "TEST001",
    effort_minutes: 240,
    name: "no-tests",
    category: Category::Testing,
    severity: Severity::High,
    django_checks: &[],
    cwe: None,
    summary: "The project has no tests",
    doc: r#"## What it does
Reports a project without a single test: no test module (`tests.py`, `test_*.py`, files under
`tests/`) defines a `test*` function or method.

## Why is this bad?
Nothing checks that the site still works after a change, a dependency upgrade or a Django
security release. Upgrades get postponed because they are risky, which is how projects end up
on end-of-life Django.

## Example
```python
# app/tests.py
from django.test import TestCase

# Create your tests here.
```

Use instead:
```python
from django.test import TestCase
from django.urls import reverse


class HomePageTests(TestCase):
    def test_home_page_loads(self):
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)
```

## References
- [Django: Writing and running tests](https://docs.djangoproject.com/en/stable/topics/testing/overview/)
"#,
    check: check_no_tests,
};

pub static EMPTY_TEST_MODULE: Rule = Rule {
    code: "TEST002",
    effort_minutes: 60,
    name: "empty-test-module",
    category: Category::Testing,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "A test module holds no test (e.g. the `startapp` stub)",
    doc: r#"## What it does
Reports a test module (`tests.py`, `test_*.py`, `*_tests.py`) that defines no function at all,
such as the `tests.py` that `startapp` creates with `# Create your tests here.`. Modules that
re-export tests (`from .test_views import *`) or hold helpers are left alone.

## Why is this bad?
The file suggests the app is tested. Test runners report nothing about it, so the gap stays
invisible until something breaks.

## Example
```python
from django.test import TestCase

# Create your tests here.
```

Use instead:
```python
from django.test import TestCase


class MemberListTests(TestCase):
    def test_requires_login(self):
        self.assertEqual(self.client.get("/members/").status_code, 302)
```

## References
- [Django: Writing and running tests](https://docs.djangoproject.com/en/stable/topics/testing/overview/)
"#,
    check: check_empty_test_modules,
};

pub static APP_WITHOUT_TESTS: Rule = Rule {
    code: "TEST003",
    effort_minutes: 120,
    name: "app-without-tests",
    category: Category::Testing,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "A local app has no tests",
    doc: r#"## What it does
Reports each local app (an `INSTALLED_APPS` entry that is a package of the project, with code
beyond `apps.py`) when no test module inside the app defines a test and no test elsewhere imports
from the app. It is quiet when the project has no tests at all (TEST001 reports that once).

## Why is this bad?
Untested apps are where regressions ship: the views, forms and permissions of that app are
checked by nobody before a deploy.

## Example
```text
events/
    apps.py  models.py  views.py      # no tests.py, no tests/
```

Use instead:
```text
events/
    tests/test_views.py
```

## References
- [Django: Writing and running tests](https://docs.djangoproject.com/en/stable/topics/testing/overview/)
"#,
    check: check_apps_without_tests,
};

fn check_no_tests(checker: &Checker, out: &mut Vec<Finding>) {
    if !has_application_code(checker) {
        return;
    }
    if has_any_test(checker) {
        return;
    }
    let modules = test_files(checker).count();
    let message = if modules == 0 {
        "the project has no tests: no tests.py, test_*.py or tests/ module".to_owned()
    } else {
        format!("the project has no tests: its {modules} test module(s) define no test function or method")
    };
    out.push(NO_TESTS.finding(&project_anchor(checker), start(), message).with_fix(Fix::manual(
        "Start with smoke tests: each page loads, sign-in works, the main form saves",
        Some("from django.test import TestCase\n\n\nclass SmokeTests(TestCase):\n    def test_home_page_loads(self):\n        self.assertEqual(self.client.get(\"/\").status_code, 200)"),
    )));
}

/// `tests.py`, `test_*.py`, `tests_*.py`, `*_test.py`, `*_tests.py`.
fn is_test_module_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some(stem) = name.strip_suffix(".py") else { return false };
    stem == "tests" || stem.starts_with("test_") || stem.starts_with("tests_") || stem.ends_with("_test") || stem.ends_with("_tests")
}

fn check_empty_test_modules(checker: &Checker, out: &mut Vec<Finding>) {
    for file in test_files(checker).filter(|f| is_test_module_name(f.path())) {
        let count = count_tests(checker, file);
        if count.tests > 0 || count.functions > 0 || count.reexports {
            continue;
        }
        let text = &file.module.text;
        let line = text.lines().position(|l| l.contains("Create your tests here")).map(|i| i as u32 + 1).unwrap_or(1);
        let message = format!("{} is a test module with no test in it", file.path());
        out.push(EMPTY_TEST_MODULE.finding(file.path(), Span::line(line), message).with_fix(Fix::manual(
            "Write tests for the app here, or delete the file",
            Some("class ViewTests(TestCase):\n    def test_list_page_loads(self):\n        ..."),
        )));
    }
}

fn check_apps_without_tests(checker: &Checker, out: &mut Vec<Finding>) {
    if !has_any_test(checker) {
        return;
    }
    for app in &checker.project.local_apps {
        if app.path.is_empty() || !has_code(checker, app) || is_tested(checker, app) {
            continue;
        }
        let Some(anchor) = ["apps.py", "__init__.py", "models.py"].iter().map(|f| format!("{}/{f}", app.path)).find(|p| checker.file_text(p).is_some()) else { continue };
        let stub = test_files(checker).any(|f| f.path().starts_with(&format!("{}/", app.path)));
        let detail = if stub { "its test modules define no test" } else { "no tests.py or tests/ in it" };
        let message = format!("app `{}` ({}/) has no tests: {detail}, and no test elsewhere imports from it", package(checker, app), app.path);
        out.push(APP_WITHOUT_TESTS.finding(&anchor, start(), message).with_fix(Fix::manual(
            format!("Add {}/tests/ with tests of the app's views, forms and models", app.path),
            Some("from django.test import TestCase\n\n\nclass ViewTests(TestCase):\n    def test_list_page_loads(self):\n        ..."),
        )));
    }
}

/// Code beyond `__init__.py`, `apps.py` and migrations: something to test.
fn has_code(checker: &Checker, app: &LocalApp) -> bool {
    let prefix = format!("{}/", app.path);
    checker.python_files().iter().any(|f| {
        let path = f.path();
        let name = path.rsplit('/').next().unwrap_or("");
        path.starts_with(&prefix) && f.role == FileRole::Application && !matches!(name, "__init__.py" | "apps.py") && !f.module.text.trim().is_empty()
    })
}

/// The app's package (`documents`, not the `documents.apps` module an
/// `AppConfig` entry names).
fn package(checker: &Checker, app: &LocalApp) -> String {
    checker
        .project
        .module_name(&format!("{}/__init__.py", app.path))
        .map(str::to_owned)
        .unwrap_or_else(|| app.module.strip_suffix(".apps").unwrap_or(&app.module).to_owned())
}

/// A test inside the app, or a test module elsewhere that imports from it or
/// is named after it (`tests/test_feedback.py` for `taiga.feedback`: API tests
/// often reach an app through URLs only).
fn is_tested(checker: &Checker, app: &LocalApp) -> bool {
    let prefix = format!("{}/", app.path);
    let package = package(checker, app);
    let label = package.rsplit('.').next().unwrap_or(&package).to_ascii_lowercase();
    test_files(checker)
        .filter(|f| f.path().starts_with(&prefix) || f.imports.imports_from(&package) || named_after(f.path(), &label))
        .any(|f| count_tests(checker, f).tests > 0)
}

/// Whether a word of the path is the app label, singular or plural.
fn named_after(path: &str, label: &str) -> bool {
    let singular = label.strip_suffix('s').unwrap_or(label);
    path.to_ascii_lowercase()
        .trim_end_matches(".py")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word == label || word == singular || word.strip_suffix('s') == Some(singular))
}
