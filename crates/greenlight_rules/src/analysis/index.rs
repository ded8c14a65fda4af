//! Each file's statements, calls and the few expression kinds rules look at,
//! with where they stand, collected by one walk the first time a rule asks
//! and shared by every rule after it. Thirty rules walking every AST on their
//! own was most of an audit's time on large projects.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::visit::{walk, Node, Scope};

/// The nodes of one file that rules match, in source (pre-)order.
pub struct NodeIndex<'a> {
    pub nodes: Vec<(Node<'a>, Scope<'a>)>,
    pub functions: Vec<Function<'a>>,
}

/// A function or method with where it stands.
pub struct Function<'a> {
    pub def: &'a ast::StmtFunctionDef,
    /// The class of a method (none for a function nested in a method).
    pub class: Option<&'a ast::StmtClassDef>,
    pub debug_only: bool,
    /// Its local assignments, computed once for the rules that follow values
    /// (`code_security::support::assignments_of`).
    pub assignments: OnceLock<HashMap<&'a str, Vec<&'a Expr>>>,
    /// Its locals that hold request data (`code_security::support::tainted_of`),
    /// computed once: seven security rules ask.
    pub tainted: OnceLock<HashSet<String>>,
    /// The calls of its body, not of nested functions and classes
    /// (`code_security::support::calls_of`).
    pub calls: OnceLock<Vec<&'a ast::ExprCall>>,
}

impl<'a> Function<'a> {
    pub fn new(def: &'a ast::StmtFunctionDef, class: Option<&'a ast::StmtClassDef>, debug_only: bool) -> Function<'a> {
        Function { def, class, debug_only, assignments: OnceLock::new(), tainted: OnceLock::new(), calls: OnceLock::new() }
    }
}

impl<'a> NodeIndex<'a> {
    pub fn build(body: &'a [Stmt]) -> NodeIndex<'a> {
        let mut nodes = Vec::new();
        let mut functions = Vec::new();
        walk(body, &mut |node, scope| {
            if let Node::Stmt(Stmt::FunctionDef(def)) = node {
                let class = if scope.function.is_none() { scope.class } else { None };
                functions.push(Function::new(def, class, scope.debug_only));
            }
            if is_indexed(node) {
                nodes.push((node, scope.clone()));
            }
        });
        nodes.shrink_to_fit();
        NodeIndex { nodes, functions }
    }
}

/// Statements, calls, and the expressions some rule matches on. Names and
/// attributes (half of all nodes) are left out: rules that need them walk.
fn is_indexed(node: Node) -> bool {
    match node {
        Node::Stmt(_) | Node::Call(_) => true,
        Node::Expr(expr) => matches!(expr, Expr::StringLiteral(_) | Expr::Compare(_)),
    }
}
