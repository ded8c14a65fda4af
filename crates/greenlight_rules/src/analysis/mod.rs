//! What code rules share: each Python file's role (test, migration, settings,
//! application code), its imports resolved to qualified names, and AST helpers.

pub mod imports;
pub mod roles;
pub mod visit;

pub use imports::ImportMap;
pub use roles::FileRole;

use greenlight_core::PythonModule;

/// A Python file as code rules see it.
pub struct PyFile<'p> {
    pub module: &'p PythonModule,
    pub role: FileRole,
    pub imports: ImportMap,
}

impl PyFile<'_> {
    pub fn path(&self) -> &str {
        &self.module.rel_path
    }

    /// Application code that runs in production: not tests, migrations,
    /// settings, or development-only scripts.
    pub fn is_production_code(&self) -> bool {
        self.role == FileRole::Application
    }
}
