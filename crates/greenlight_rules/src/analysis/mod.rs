//! What code rules share: each Python file's role (test, migration, settings,
//! application code), its imports resolved to qualified names, and AST helpers.

pub mod imports;
pub mod index;
pub mod roles;
pub mod visit;

pub use imports::ImportMap;
pub use index::{Function, NodeIndex};
pub use roles::FileRole;

use std::borrow::Cow;
use std::sync::OnceLock;

use greenlight_core::PythonModule;
use ruff_python_ast as ast;
use rustc_hash::FxHashMap;

/// A Python file as code rules see it.
pub struct PyFile<'p> {
    pub module: &'p PythonModule,
    pub role: FileRole,
    pub imports: ImportMap,
    index: OnceLock<NodeIndex<'p>>,
    /// Each call's qualified callee, by the call node's address (`callee`).
    callees: OnceLock<FxHashMap<usize, Box<str>>>,
    /// The queryset analysis of the performance rules (`code_quality::queryset::querysets`).
    pub(crate) querysets: OnceLock<crate::rules::code_quality::queryset::FileQuerysets<'p>>,
}

impl<'p> PyFile<'p> {
    pub fn new(module: &'p PythonModule, role: FileRole, imports: ImportMap) -> PyFile<'p> {
        PyFile { module, role, imports, index: OnceLock::new(), callees: OnceLock::new(), querysets: OnceLock::new() }
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

    /// The qualified name of what `call` calls (`imports.qualified(&call.func)`),
    /// resolved once per call of the file for every rule: most rules ask it
    /// of every call.
    pub fn callee<'s>(&'s self, call: &ast::ExprCall) -> Option<Cow<'s, str>> {
        match self.callees().get(&address(call)) {
            Some(name) => Some(Cow::Borrowed(name)),
            // Not a call of this file's tree: resolve it here.
            None => self.imports.qualified(&call.func).map(Cow::Owned),
        }
    }

    fn callees(&self) -> &FxHashMap<usize, Box<str>> {
        self.callees.get_or_init(|| {
            let mut callees = FxHashMap::default();
            for (node, _) in &self.index().nodes {
                if let visit::Node::Call(call) = node {
                    if let Some(name) = self.imports.qualified(&call.func) {
                        callees.insert(address(call), name.into_boxed_str());
                    }
                }
            }
            callees
        })
    }

    /// Builds the node index and the callee table now (rules build them on
    /// first use): lets `GREENLIGHT_PROFILE_RULES` time each rule's own work.
    pub(crate) fn build_caches(&self) {
        self.callees();
    }

    /// The `Function` of a definition of this file (a scope's `function`).
    pub fn function_of(&self, def: &ast::StmtFunctionDef) -> Option<&Function<'p>> {
        // In source order, so sorted by where each definition starts.
        let functions = self.functions();
        let start = def.range.start();
        let at = functions.partition_point(|f| f.def.range.start() < start);
        functions.get(at).filter(|f| std::ptr::eq(f.def, def))
    }

    fn index(&self) -> &NodeIndex<'p> {
        self.index.get_or_init(|| NodeIndex::build(&self.module.ast().body))
    }

    /// Application code that runs in production: not tests, migrations,
    /// settings, or development-only scripts.
    pub fn is_production_code(&self) -> bool {
        self.role == FileRole::Application
    }
}

/// Where a call node lives: its identity while the syntax tree is alive (a
/// range could be another file's call).
fn address(call: &ast::ExprCall) -> usize {
    call as *const ast::ExprCall as usize
}
