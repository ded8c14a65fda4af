//! One walk over a module's AST that hands every node to a callback together
//! with where it stands: in which function and class, inside a loop, inside an
//! `if settings.DEBUG:` block (development-only code).

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};

/// A node of interest.
#[derive(Clone, Copy)]
pub enum Node<'a> {
    Stmt(&'a Stmt),
    Expr(&'a Expr),
    Call(&'a ast::ExprCall),
}

/// Where a node stands.
#[derive(Clone, Default)]
pub struct Scope<'a> {
    /// Innermost enclosing function.
    pub function: Option<&'a ast::StmtFunctionDef>,
    /// Innermost enclosing class.
    pub class: Option<&'a ast::StmtClassDef>,
    /// How many `for`/`while` loops and comprehensions enclose the node.
    pub loops: u32,
    /// Inside `if DEBUG:` / `if settings.DEBUG:` (or the `else` of `if not DEBUG:`).
    pub debug_only: bool,
    /// Inside an `except` clause.
    pub in_except: bool,
}

struct Walker<'a, 'f> {
    scope: Scope<'a>,
    callback: &'f mut dyn FnMut(Node<'a>, &Scope<'a>),
}

/// Calls `callback` for every statement, expression and call of `body`.
pub fn walk<'a>(body: &'a [Stmt], callback: &mut dyn FnMut(Node<'a>, &Scope<'a>)) {
    let mut walker = Walker { scope: Scope::default(), callback };
    for stmt in body {
        walker.visit_stmt(stmt);
    }
}

/// `DEBUG` or `settings.DEBUG` (negated with `not` → `Some(false)`).
fn debug_test(test: &Expr) -> Option<bool> {
    match test {
        Expr::Name(n) if n.id.as_str() == "DEBUG" => Some(true),
        Expr::Attribute(a) if a.attr.as_str() == "DEBUG" => Some(true),
        Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => debug_test(&u.operand).map(|b| !b),
        _ => None,
    }
}

impl<'a> Visitor<'a> for Walker<'a, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        (self.callback)(Node::Stmt(stmt), &self.scope);
        let saved = self.scope.clone();
        match stmt {
            Stmt::FunctionDef(f) => {
                for decorator in &f.decorator_list {
                    self.visit_expr(&decorator.expression);
                }
                self.scope.function = Some(f);
                self.scope.loops = 0;
                for s in &f.body {
                    self.visit_stmt(s);
                }
            }
            Stmt::ClassDef(c) => {
                for decorator in &c.decorator_list {
                    self.visit_expr(&decorator.expression);
                }
                if let Some(arguments) = &c.arguments {
                    self.visit_arguments(arguments);
                }
                self.scope.class = Some(c);
                self.scope.function = None;
                for s in &c.body {
                    self.visit_stmt(s);
                }
            }
            Stmt::If(i) if debug_test(&i.test).is_some() => {
                let debug_when_true = debug_test(&i.test) == Some(true);
                self.visit_expr(&i.test);
                self.scope.debug_only = saved.debug_only || debug_when_true;
                for s in &i.body {
                    self.visit_stmt(s);
                }
                self.scope.debug_only = saved.debug_only || !debug_when_true;
                for clause in &i.elif_else_clauses {
                    if let Some(test) = &clause.test {
                        self.visit_expr(test);
                    }
                    for s in &clause.body {
                        self.visit_stmt(s);
                    }
                }
            }
            Stmt::For(f) => {
                self.visit_expr(&f.iter);
                self.visit_expr(&f.target);
                self.scope.loops += 1;
                for s in &f.body {
                    self.visit_stmt(s);
                }
                self.scope.loops -= 1;
                for s in &f.orelse {
                    self.visit_stmt(s);
                }
            }
            Stmt::While(w) => {
                self.visit_expr(&w.test);
                self.scope.loops += 1;
                for s in &w.body {
                    self.visit_stmt(s);
                }
                self.scope.loops -= 1;
            }
            Stmt::Try(t) => {
                for s in &t.body {
                    self.visit_stmt(s);
                }
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    if let Some(type_) = &h.type_ {
                        self.visit_expr(type_);
                    }
                    self.scope.in_except = true;
                    for s in &h.body {
                        self.visit_stmt(s);
                    }
                    self.scope.in_except = saved.in_except;
                }
                for s in t.orelse.iter().chain(t.finalbody.iter()) {
                    self.visit_stmt(s);
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
        self.scope = saved;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        (self.callback)(Node::Expr(expr), &self.scope);
        if let Expr::Call(call) = expr {
            (self.callback)(Node::Call(call), &self.scope);
        }
        match expr {
            Expr::ListComp(_) | Expr::SetComp(_) | Expr::DictComp(_) | Expr::Generator(_) => {
                self.scope.loops += 1;
                visitor::walk_expr(self, expr);
                self.scope.loops -= 1;
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// The keyword argument `name` of a call.
pub fn keyword<'a>(call: &'a ast::ExprCall, name: &str) -> Option<&'a Expr> {
    call.arguments.keywords.iter().find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name)).map(|k| &k.value)
}

/// Positional argument `index`, or keyword `name`.
pub fn argument<'a>(call: &'a ast::ExprCall, index: usize, name: &str) -> Option<&'a Expr> {
    keyword(call, name).or_else(|| call.arguments.args.get(index).filter(|a| !a.is_starred_expr()))
}

/// A string literal (or an implicit concatenation of them, or an f-string
/// without fields): a value fixed in the source.
pub fn is_constant_string(expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(_) | Expr::BytesLiteral(_) => true,
        Expr::FString(f) => f.value.iter().all(|part| match part {
            ast::FStringPart::Literal(_) => true,
            ast::FStringPart::FString(inner) => {
                inner.elements.iter().all(|e| matches!(e, ast::InterpolatedStringElement::Literal(_)))
            }
        }),
        Expr::BinOp(b) if b.op == ast::Operator::Add => is_constant_string(&b.left) && is_constant_string(&b.right),
        _ => false,
    }
}

/// The text of a string literal.
pub fn string_value(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        _ => None,
    }
}

/// The last segment of a decorator's callee (`csrf_exempt`, `login_required`).
pub fn decorator_name(decorator: &ast::Decorator) -> Option<&str> {
    let mut expr = &decorator.expression;
    if let Expr::Call(call) = expr {
        expr = &call.func;
    }
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}
