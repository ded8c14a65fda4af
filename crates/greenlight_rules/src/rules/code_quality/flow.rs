//! A walk over one function's body that knows, at every expression, which
//! exceptions the enclosing `try` blocks catch and which `for` loops (and
//! comprehensions) enclose it. Nested functions and classes are not entered:
//! they are walked as functions of their own.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Comprehension, ExceptHandler, Expr, Stmt};

use crate::analysis::PyFile;

/// A `for` loop or a comprehension generator.
#[derive(Clone, Copy)]
pub struct Loop<'a> {
    pub target: &'a Expr,
    pub iter: &'a Expr,
}

/// Where an expression stands inside its function.
#[derive(Clone, Default)]
pub struct Flow<'a> {
    /// The handlers of every `try` whose body encloses the point: each entry
    /// is a handler's type (`None` for a bare `except:`).
    pub caught: Vec<Option<&'a Expr>>,
    /// Enclosing loops, outermost first.
    pub loops: Vec<Loop<'a>>,
    /// Inside `if DEBUG:` / `if settings.DEBUG:`.
    pub debug_only: bool,
}

impl Flow<'_> {
    /// Whether an enclosing `try` catches an exception named one of `names`
    /// (by last segment: `Member.DoesNotExist` → `DoesNotExist`); a bare
    /// `except:` catches everything.
    pub fn catches(&self, file: &PyFile, names: &[&str]) -> bool {
        self.caught.iter().any(|handler| match handler {
            None => true,
            Some(expr) => handler_names(file, expr).iter().any(|n| names.contains(&n.as_str())),
        })
    }
}

/// The last segments of the exception types an `except` clause names.
pub fn handler_names(file: &PyFile, expr: &Expr) -> Vec<String> {
    let exprs: Vec<&Expr> = match expr {
        Expr::Tuple(t) => t.elts.iter().collect(),
        other => vec![other],
    };
    exprs
        .into_iter()
        .filter_map(|e| file.imports.qualified(e))
        .map(|q| q.rsplit('.').next().unwrap_or(&q).to_owned())
        .collect()
}

/// Calls `on_expr` for every expression of `body` (at any depth) and
/// `on_stmt` for every statement, each with its flow.
pub fn walk_body<'a>(
    body: &'a [Stmt],
    on_stmt: &mut dyn FnMut(&'a Stmt, &Flow<'a>),
    on_expr: &mut dyn FnMut(&'a Expr, &Flow<'a>),
) {
    let mut walker = Walker { flow: Flow::default(), on_stmt, on_expr };
    for stmt in body {
        walker.visit_stmt(stmt);
    }
}

/// `walk_body` for expressions only.
pub fn walk_exprs<'a>(body: &'a [Stmt], on_expr: &mut dyn FnMut(&'a Expr, &Flow<'a>)) {
    walk_body(body, &mut |_, _| {}, on_expr);
}

struct Walker<'a, 'f> {
    flow: Flow<'a>,
    on_stmt: &'f mut dyn FnMut(&'a Stmt, &Flow<'a>),
    on_expr: &'f mut dyn FnMut(&'a Expr, &Flow<'a>),
}

fn is_debug(test: &Expr) -> Option<bool> {
    match test {
        Expr::Name(n) if n.id.as_str() == "DEBUG" => Some(true),
        Expr::Attribute(a) if a.attr.as_str() == "DEBUG" => Some(true),
        Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => is_debug(&u.operand).map(|b| !b),
        _ => None,
    }
}

impl<'a> Walker<'a, '_> {
    fn comprehension(&mut self, generators: &'a [Comprehension], elements: &[&'a Expr]) {
        let saved = self.flow.loops.len();
        for generator in generators {
            self.visit_expr(&generator.iter);
            self.flow.loops.push(Loop { target: &generator.target, iter: &generator.iter });
            self.visit_expr(&generator.target);
            for condition in &generator.ifs {
                self.visit_expr(condition);
            }
        }
        for element in elements {
            self.visit_expr(element);
        }
        self.flow.loops.truncate(saved);
    }
}

impl<'a> Visitor<'a> for Walker<'a, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        (self.on_stmt)(stmt, &self.flow);
        match stmt {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            Stmt::Try(t) => {
                let saved = self.flow.caught.len();
                for ExceptHandler::ExceptHandler(h) in &t.handlers {
                    self.flow.caught.push(h.type_.as_deref());
                }
                for s in &t.body {
                    self.visit_stmt(s);
                }
                self.flow.caught.truncate(saved);
                for ExceptHandler::ExceptHandler(h) in &t.handlers {
                    for s in &h.body {
                        self.visit_stmt(s);
                    }
                }
                for s in t.orelse.iter().chain(t.finalbody.iter()) {
                    self.visit_stmt(s);
                }
            }
            Stmt::For(f) => {
                self.visit_expr(&f.iter);
                self.visit_expr(&f.target);
                self.flow.loops.push(Loop { target: &f.target, iter: &f.iter });
                for s in &f.body {
                    self.visit_stmt(s);
                }
                self.flow.loops.pop();
                for s in &f.orelse {
                    self.visit_stmt(s);
                }
            }
            Stmt::If(i) if is_debug(&i.test).is_some() => {
                let saved = self.flow.debug_only;
                let when_true = is_debug(&i.test) == Some(true);
                self.visit_expr(&i.test);
                self.flow.debug_only = saved || when_true;
                for s in &i.body {
                    self.visit_stmt(s);
                }
                self.flow.debug_only = saved || !when_true;
                for clause in &i.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.visit_expr(test);
                    }
                    for s in &clause.body {
                        self.visit_stmt(s);
                    }
                }
                self.flow.debug_only = saved;
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        (self.on_expr)(expr, &self.flow);
        match expr {
            Expr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::Generator(c) => self.comprehension(&c.generators, &[&c.elt]),
            Expr::DictComp(c) => {
                let mut elements: Vec<&'a Expr> = c.key.as_deref().into_iter().collect();
                elements.push(&c.value);
                self.comprehension(&c.generators, &elements)
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}
