//! What the dependency rules share: the parsed manifests, a finding at a
//! requirement's line, and "is this package used" through import resolution.

use greenlight_core::manifests::{Manifests, Requirement};
use greenlight_core::Span;
use ruff_python_ast::Expr;

use crate::analysis::visit::{walk, Node};
use crate::analysis::{FileRole, PyFile};
use crate::checker::Checker;
use crate::finding::Finding;
use crate::rule::Rule;

/// The project's requirements and lock files, parsed once for all rules.
pub fn manifests(checker: &Checker) -> std::sync::Arc<Manifests> {
    checker.shared(|c| Manifests::of(c.project))
}

/// A finding of `rule` on the requirement's line.
pub fn at_requirement(rule: &'static Rule, req: &Requirement, message: String) -> Finding {
    rule.finding(&req.path, Span::line(req.line), message)
}

/// How a requirement is written, for messages: `requests`, `stripe>=7.0`.
pub fn written(req: &Requirement) -> String {
    let extras = if req.extras.is_empty() { String::new() } else { format!("[{}]", req.extras.join(",")) };
    format!("{}{extras}{}", req.raw_name, req.specifier)
}

/// Python files that count as using a package: everything but tests and migrations.
fn using_files<'c, 'p>(checker: &'c Checker<'p>) -> impl Iterator<Item = &'c PyFile<'p>> {
    checker.python_files().iter().filter(|f| !matches!(f.role, FileRole::Test | FileRole::Migration))
}

/// Whether any non-test file imports `module` (or a submodule).
pub fn imports_any(checker: &Checker, modules: &[&str]) -> bool {
    using_files(checker).any(|f| modules.iter().any(|m| f.imports.imports_from(m)))
}

/// Whether any non-test file refers to one of `names` (qualified, e.g.
/// `sentry_sdk.init`, `celery.Celery`) by what the name resolves to.
pub fn refers_to(checker: &Checker, names: &[&str]) -> bool {
    let tops: Vec<&str> = names.iter().map(|n| n.split('.').next().unwrap_or(n)).collect();
    using_files(checker).filter(|f| tops.iter().any(|t| f.imports.imports_from(t))).any(|file| {
        let mut found = false;
        walk(&file.module.ast().body, &mut |node, _| {
            if found {
                return;
            }
            if let Node::Expr(expr @ (Expr::Name(_) | Expr::Attribute(_))) = node {
                found = file.imports.is(expr, names);
            }
        });
        found
    })
}
