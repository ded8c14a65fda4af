//! What the project-health rules share: where a project-level finding points,
//! how many tests a file holds, and the project's CI files.

use greenlight_core::{FileKind, Span};
use rayon::prelude::*;
use ruff_python_ast::statement_visitor::{walk_stmt, StatementVisitor};
use ruff_python_ast::Stmt;
use rustc_hash::FxHashMap;

use crate::analysis::{FileRole, PyFile};
use crate::checker::Checker;

/// Where a finding about the project as a whole points: the shallowest
/// `manage.py`, else the production settings module.
pub fn project_anchor(checker: &Checker) -> String {
    checker
        .project
        .python
        .iter()
        .map(|m| m.rel_path.as_str())
        .filter(|p| *p == "manage.py" || p.ends_with("/manage.py"))
        .min_by_key(|p| (p.matches('/').count(), p.to_string()))
        .map(str::to_owned)
        .unwrap_or_else(|| checker.project.settings.path.clone())
}

/// Whether the tree holds application code of its own (a non-empty module
/// that is not settings, tests, migrations or tooling). A settings-only tree is
/// a fragment, not a deployable project: the project-level rules skip it.
pub fn has_application_code(checker: &Checker) -> bool {
    checker.application_files().any(|f| !f.module.text.trim().is_empty())
}

pub fn start() -> Span {
    Span::FILE_START
}

/// What a test file holds.
#[derive(Clone, Copy)]
pub struct TestCount {
    /// `def test*` functions and methods (pytest and unittest both collect them).
    pub tests: usize,
    /// Any function definition at all (helpers, fixtures, `setUp`).
    pub functions: usize,
    /// `from x import *` or a relative import: its tests may live elsewhere.
    pub reexports: bool,
}

/// What `file` (a test-role file) holds; counted once per audit for all the
/// TEST rules (TEST003 asks again for every app).
pub fn count_tests(checker: &Checker, file: &PyFile) -> TestCount {
    let counts = checker.shared(|checker| {
        TestCounts(checker.python_files().par_iter().filter(|f| f.role == FileRole::Test).map(|f| (f.path().to_owned(), count_in(f))).collect())
    });
    counts.0.get(file.path()).copied().unwrap_or_else(|| count_in(file))
}

/// Test counts by path, shared through `Checker::shared`.
struct TestCounts(FxHashMap<String, TestCount>);

fn count_in(file: &PyFile) -> TestCount {
    let mut counter = TestCounter(TestCount { tests: 0, functions: 0, reexports: false });
    // Statements only: test files are most of a large project's code, and no
    // expression can hold a `def` or an import.
    counter.visit_body(&file.module.outline().body);
    counter.0
}

struct TestCounter(TestCount);

impl<'a> StatementVisitor<'a> for TestCounter {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.0.functions += 1;
                if f.name.as_str().starts_with("test") {
                    self.0.tests += 1;
                }
            }
            Stmt::ImportFrom(i) if i.level > 0 || i.names.iter().any(|a| a.name.as_str() == "*") => {
                self.0.reexports = true;
            }
            _ => {}
        }
        walk_stmt(self, stmt);
    }
}

/// Test-role files, without `conftest.py`, `__init__.py` and factories.
pub fn test_files<'c, 'p>(checker: &'c Checker<'p>) -> impl Iterator<Item = &'c PyFile<'p>> {
    checker.python_files().iter().filter(|f| f.role == FileRole::Test).filter(|f| {
        let name = f.path().rsplit('/').next().unwrap_or("");
        !matches!(name, "conftest.py" | "__init__.py" | "factories.py")
    })
}

/// Whether the project has at least one test anywhere.
pub fn has_any_test(checker: &Checker) -> bool {
    test_files(checker).any(|f| count_tests(checker, f).tests > 0)
}

/// Files of CI services (not tox.ini/noxfile.py, which discovery also files as CI).
pub fn ci_files<'p>(checker: &Checker<'p>) -> Vec<(&'p str, &'p str)> {
    let mut files: Vec<(&str, &str)> = checker
        .project
        .texts_of(FileKind::Ci)
        .filter(|t| {
            let name = t.rel_path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
            !matches!(name.as_str(), "tox.ini" | "noxfile.py")
        })
        .map(|t| (t.rel_path.as_str(), t.text.as_str()))
        .collect();
    files.sort();
    files
}

/// Other CI services' files, checked by path (discovery does not read them).
pub const OTHER_CI_FILES: &[&str] = &[".drone.yml", ".woodpecker.yml", ".woodpecker", ".buildkite", "buildspec.yml", "cloudbuild.yaml", "cloudbuild.yml", "appveyor.yml", ".semaphore"];

/// A file under the project root that discovery does not read (`.coveragerc`, `setup.cfg`).
pub fn root_file(checker: &Checker, rel: &str) -> Option<String> {
    let path = checker.project.root.join(rel);
    if path.metadata().map(|m| m.len() > 1024 * 1024).unwrap_or(true) {
        return None;
    }
    std::fs::read_to_string(path).ok()
}
