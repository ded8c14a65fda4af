//! What code rules share: each Python file's role (test, migration, settings,
//! application code), its imports resolved to qualified names, and AST helpers.

pub mod imports;
pub mod index;
pub mod roles;
pub mod visit;

pub use imports::ImportMap;
pub use index::{Function, NodeIndex};
pub use roles::FileRole;

use std::sync::OnceLock;

use greenlight_core::PythonModule;

/// A Python file as code rules see it.
pub struct PyFile<'p> {
    pub module: &'p PythonModule,
    pub role: FileRole,
    pub imports: ImportMap,
    index: OnceLock<NodeIndex<'p>>,
}

impl<'p> PyFile<'p> {
    pub fn new(module: &'p PythonModule, role: FileRole, imports: ImportMap) -> PyFile<'p> {
        PyFile { module, role, imports, index: OnceLock::new() }
    }

    pub fn path(&self) -> &str {
        &self.module.rel_path
    }

    /// Every statement and call of the file (and string literals and
    /// comparisons), with its scope, in source order: what `visit::walk`
    /// would hand a callback, collected once for all rules.
    pub fn nodes(&self) -> impl Iterator<Item = (visit::Node<'p>, &visit::Scope<'p>)> + '_ {
        self.index().nodes.iter().map(|(node, scope)| (*node, scope))
    }

    /// Hands every indexed node to `callback`, in the order `visit::walk`
    /// would, without walking the AST again.
    pub fn for_each_node(&self, callback: &mut dyn FnMut(visit::Node<'p>, &visit::Scope<'p>)) {
        for (node, scope) in &self.index().nodes {
            callback(*node, scope);
        }
    }

    /// Every function and method of the file, nested ones included.
    pub fn functions(&self) -> &[Function<'p>] {
        &self.index().functions
    }

    fn index(&self) -> &NodeIndex<'p> {
        self.index.get_or_init(|| NodeIndex::build(&self.module.ast.body))
    }

    /// Application code that runs in production: not tests, migrations,
    /// settings, or development-only scripts.
    pub fn is_production_code(&self) -> bool {
        self.role == FileRole::Application
    }
}
