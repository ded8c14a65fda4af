//! Test files kept as outlines. Tests are most of a large project's code
//! (586k of saleor's 849k lines), yet the audit only asks them which tests,
//! classes and imports they define. Cutting each test file's syntax tree down
//! to those right after it is parsed frees most of its memory while the other
//! files are still being parsed; the rare reader that needs a test file's
//! expressions gets the complete tree, parsed again (`PythonModule::ast`).

use ruff_python_ast::{ExceptHandler, Stmt, Suite};

/// Whether a file is a test by its path: in a `tests`/`test`/`testing`
/// directory, or named `tests.py`, `conftest.py`, `test_*.py`, `*_test(s).py`
/// or `factories.py` — but not a migration.
pub fn is_test_path(rel_path: &str) -> bool {
    let mut parts = rel_path.split('/');
    let name = parts.next_back().unwrap_or("");
    let mut in_test_dir = false;
    for dir in parts {
        match dir {
            "migrations" => return false,
            "tests" | "test" | "testing" => in_test_dir = true,
            _ => {}
        }
    }
    in_test_dir
        || matches!(name, "tests.py" | "conftest.py" | "factories.py")
        || name.starts_with("test_")
        || name.ends_with("_test.py")
        || name.ends_with("_tests.py")
}

/// Keeps the definitions (functions and classes, with their signatures,
/// decorators and bases), the imports, and the blocks that hold any of them;
/// drops every other statement.
pub fn outline(body: &mut Suite) {
    body.retain_mut(|stmt| match stmt {
        Stmt::Import(_) | Stmt::ImportFrom(_) => true,
        Stmt::FunctionDef(def) => {
            outline(&mut def.body);
            true
        }
        Stmt::ClassDef(class) => {
            outline(&mut class.body);
            true
        }
        Stmt::If(block) => {
            outline(&mut block.body);
            for clause in &mut block.elif_else_clauses {
                outline(&mut clause.body);
            }
            !block.body.is_empty() || block.elif_else_clauses.iter().any(|c| !c.body.is_empty())
        }
        Stmt::For(block) => outline_all([&mut block.body, &mut block.orelse]),
        Stmt::While(block) => outline_all([&mut block.body, &mut block.orelse]),
        Stmt::With(block) => outline_all([&mut block.body]),
        Stmt::Try(block) => {
            let mut kept = outline_all([&mut block.body, &mut block.orelse, &mut block.finalbody]);
            for ExceptHandler::ExceptHandler(handler) in &mut block.handlers {
                outline(&mut handler.body);
                kept |= !handler.body.is_empty();
            }
            kept
        }
        Stmt::Match(block) => {
            let mut kept = false;
            for case in &mut block.cases {
                outline(&mut case.body);
                kept |= !case.body.is_empty();
            }
            kept
        }
        _ => false,
    });
}

/// Outlines each body; whether any still holds a statement.
fn outline_all<const N: usize>(bodies: [&mut Suite; N]) -> bool {
    let mut kept = false;
    for body in bodies {
        outline(body);
        kept |= !body.is_empty();
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_ast::PySourceType;

    fn outlined(source: &str) -> Vec<String> {
        let mut module = ruff_python_parser::parse_unchecked_source(source, PySourceType::Python).into_syntax();
        outline(&mut module.body);
        let mut kinds = Vec::new();
        describe(&module.body, 0, &mut kinds);
        kinds
    }

    fn describe(body: &[Stmt], depth: usize, out: &mut Vec<String>) {
        for stmt in body {
            let (label, inner): (String, Vec<&[Stmt]>) = match stmt {
                Stmt::FunctionDef(f) => (format!("def {}", f.name), vec![&f.body]),
                Stmt::ClassDef(c) => (format!("class {}", c.name), vec![&c.body]),
                Stmt::Import(_) => ("import".into(), vec![]),
                Stmt::ImportFrom(i) => (format!("from {}", i.module.as_ref().map_or("", |m| m.as_str())), vec![]),
                Stmt::If(i) => ("if".into(), std::iter::once(&i.body[..]).chain(i.elif_else_clauses.iter().map(|c| &c.body[..])).collect()),
                Stmt::Try(t) => ("try".into(), vec![&t.body, &t.finalbody]),
                Stmt::With(w) => ("with".into(), vec![&w.body]),
                other => (format!("{other:?}").split('(').next().unwrap_or("").to_owned(), vec![]),
            };
            out.push(format!("{}{label}", "  ".repeat(depth)));
            for body in inner {
                describe(body, depth + 1, out);
            }
        }
    }

    #[test]
    fn keeps_definitions_and_imports_and_drops_the_rest() {
        let source = "\
import os
from django.test import TestCase
X = 1
print(X)

class ViewTests(TestCase):
    fixtures = ['a.json']

    def test_list(self):
        from app.views import list_view
        response = self.client.get('/')
        self.assertEqual(response.status_code, 200)

        def helper():
            return 1

if True:
    x = 2
else:
    def test_fallback():
        pass

try:
    import yaml
except ImportError:
    yaml = None

with open('f') as f:
    data = f.read()
";
        assert_eq!(
            outlined(source),
            [
                "import",
                "from django.test",
                "class ViewTests",
                "  def test_list",
                "    from app.views",
                "    def helper",
                "if",
                "  def test_fallback",
                "try",
                "  import",
            ]
        );
    }

    #[test]
    fn test_paths() {
        for path in ["app/tests.py", "app/tests/test_views.py", "tests/conftest.py", "app/test/helpers.py", "app/testing/base.py", "app/views_test.py", "app/api_tests.py", "app/factories.py", "test_x.py"] {
            assert!(is_test_path(path), "{path}");
        }
        for path in ["app/views.py", "app/migrations/0001_initial.py", "app/tests/migrations/0001_initial.py", "app/testimonials.py", "app/contest.py", "app/latest_tests/x.py"] {
            assert!(!is_test_path(path), "{path}");
        }
    }
}
