//! The functions of a module, each with the class it belongs to, and which of
//! them are Django views: most rules of this family only look inside views,
//! because that is where a slow query or an unhandled exception reaches a user.

use std::collections::HashMap;

use ruff_python_ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};

use crate::analysis::PyFile;

/// A function or method definition.
#[derive(Clone, Copy)]
pub struct Function<'a> {
    pub def: &'a StmtFunctionDef,
    /// The class it is a method of (directly).
    pub class: Option<&'a StmtClassDef>,
}

impl<'a> Function<'a> {
    /// `Class.method` or `function`, for messages.
    pub fn display(&self) -> String {
        match self.class {
            Some(c) => format!("{}.{}", c.name, self.def.name),
            None => self.def.name.to_string(),
        }
    }

    /// The first positional parameter's name.
    pub fn first_param(&self) -> Option<&'a str> {
        let p = &self.def.parameters;
        p.posonlyargs.iter().chain(p.args.iter()).next().map(|a| a.parameter.name.as_str())
    }
}

/// Every function of `body`, at any depth (methods, nested functions,
/// functions defined under `if`/`try`).
pub fn functions(body: &[Stmt]) -> Vec<Function<'_>> {
    let mut out = Vec::new();
    collect(body, None, &mut out);
    out
}

fn collect<'a>(body: &'a [Stmt], class: Option<&'a StmtClassDef>, out: &mut Vec<Function<'a>>) {
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(f) => {
                out.push(Function { def: f, class });
                collect(&f.body, None, out);
            }
            Stmt::ClassDef(c) => collect(&c.body, Some(c), out),
            Stmt::If(i) => {
                collect(&i.body, class, out);
                for clause in &i.elif_else_clauses {
                    collect(&clause.body, class, out);
                }
            }
            Stmt::Try(t) => {
                collect(&t.body, class, out);
                for ruff_python_ast::ExceptHandler::ExceptHandler(h) in &t.handlers {
                    collect(&h.body, class, out);
                }
                collect(&t.orelse, class, out);
                collect(&t.finalbody, class, out);
            }
            Stmt::With(w) => collect(&w.body, class, out),
            _ => {}
        }
    }
}

/// Every class of a module, by name (for following local base classes).
pub fn classes(body: &[Stmt]) -> HashMap<&str, &StmtClassDef> {
    let mut out = HashMap::new();
    for stmt in body {
        match stmt {
            Stmt::ClassDef(c) => {
                out.insert(c.name.as_str(), c);
            }
            Stmt::If(i) => out.extend(classes(&i.body)),
            Stmt::Try(t) => out.extend(classes(&t.body)),
            _ => {}
        }
    }
    out
}

/// The bases of a class, as expressions.
pub fn bases(class: &StmtClassDef) -> &[Expr] {
    class.arguments.as_ref().map(|a| &a.args[..]).unwrap_or(&[])
}

/// Whether a class is a Django or DRF class-based view: a base whose name ends
/// in `View`/`ViewSet` (or lives in `django.views`/`rest_framework`), directly
/// or through a class of the same module.
pub fn is_view_class(file: &PyFile, class: &StmtClassDef, local: &HashMap<&str, &StmtClassDef>) -> bool {
    is_view_class_depth(file, class, local, 0)
}

fn is_view_class_depth(file: &PyFile, class: &StmtClassDef, local: &HashMap<&str, &StmtClassDef>, depth: u32) -> bool {
    if depth > 8 {
        return false;
    }
    bases(class).iter().any(|base| {
        let Some(q) = file.imports.qualified(base) else { return false };
        let last = q.rsplit('.').next().unwrap_or(&q);
        if last.ends_with("View") || last.ends_with("ViewSet") || q.starts_with("django.views.") || q.starts_with("rest_framework.views.") {
            return true;
        }
        match (base, local.get(q.as_str())) {
            (Expr::Name(_), Some(parent)) if parent.name != class.name => is_view_class_depth(file, parent, local, depth + 1),
            _ => false,
        }
    })
}

/// Whether `function` handles requests: a function whose first parameter is
/// `request`, or a method of a class-based view.
pub fn is_view(file: &PyFile, function: &Function, local: &HashMap<&str, &StmtClassDef>) -> bool {
    match function.class {
        None => function.first_param() == Some("request"),
        Some(class) => is_view_class(file, class, local),
    }
}
