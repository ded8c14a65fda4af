//! What the security rules share: where request data flows (directly or
//! through a local variable of the same function), which strings are built at
//! run time, and walks over a function's expressions and calls.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};


use crate::analysis::{ImportMap, PyFile};

pub use super::flow::{is_harmless, local_assignments, reads_tainted, tainted_locals};

/// Attributes of `request` that carry what the client sent.
const REQUEST_DATA: &[&str] = &["GET", "POST", "body", "data", "query_params", "COOKIES", "META", "headers", "FILES", "content_params"];


struct Collector<'a> {
    exprs: Vec<&'a Expr>,
    /// Whether to enter nested function and class bodies.
    nested: bool,
    depth: u32,
}

impl<'a> Visitor<'a> for Collector<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) && !self.nested {
            return;
        }
        self.depth += 1;
        visitor::walk_stmt(self, stmt);
        self.depth -= 1;
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.exprs.push(expr);
        visitor::walk_expr(self, expr);
    }
}

/// Every expression of `body`, at any depth, but not inside nested
/// functions and classes (they are functions of their own).
pub fn body_exprs(body: &[Stmt]) -> Vec<&Expr> {
    let mut c = Collector { exprs: Vec::new(), nested: false, depth: 0 };
    for stmt in body {
        c.visit_stmt(stmt);
    }
    c.exprs
}

/// Every expression of `body`, nested functions and classes included.
pub fn all_exprs(body: &[Stmt]) -> Vec<&Expr> {
    let mut c = Collector { exprs: Vec::new(), nested: true, depth: 0 };
    for stmt in body {
        c.visit_stmt(stmt);
    }
    c.exprs
}

/// `expr` and every expression inside it.
pub fn sub_exprs(expr: &Expr) -> Vec<&Expr> {
    let mut c = Collector { exprs: Vec::new(), nested: true, depth: 0 };
    c.visit_expr(expr);
    c.exprs
}

/// Every call of `body`.
pub fn body_calls(body: &[Stmt]) -> impl Iterator<Item = &ast::ExprCall> {
    body_exprs(body).into_iter().filter_map(|e| e.as_call_expr())
}

/// The last segment of a callee (`cursor.execute` → `execute`).
pub fn callee_name(call: &ast::ExprCall) -> Option<&str> {
    match call.func.as_ref() {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// The identifier an expression is known by: a name, an attribute, or a
/// constant subscript key (`request.POST["token"]` → `token`).
pub fn expr_identifier(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::Name(n) => Some(n.id.as_str()),
        Expr::Attribute(a) => Some(a.attr.as_str()),
        Expr::Subscript(s) => match s.slice.as_ref() {
            Expr::StringLiteral(k) => Some(k.value.to_str()),
            _ => expr_identifier(&s.value),
        },
        Expr::Call(c) => match callee_name(c) {
            Some("get" | "pop" | "getlist") => c.arguments.args.first().and_then(crate::analysis::visit::string_value),
            other => other,
        },
        _ => None,
    }
}

/// Lower-case words of an identifier (`webhookSignature_HEADER` → webhook, signature, header).
pub fn words(identifier: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for ch in identifier.chars() {
        if !ch.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if ch.is_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = ch.is_lowercase() || ch.is_ascii_digit();
        current.extend(ch.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `request.GET`, `self.request.POST`, `request.body`… (the attribute itself).
pub fn is_request_data(expr: &Expr) -> bool {
    let Expr::Attribute(a) = expr else { return false };
    if !REQUEST_DATA.contains(&a.attr.as_str()) {
        return false;
    }
    match a.value.as_ref() {
        Expr::Name(n) => matches!(n.id.as_str(), "request" | "req"),
        Expr::Attribute(inner) => inner.attr.as_str() == "request",
        _ => false,
    }
}

/// The interpolated expressions of an f-string.
pub fn interpolations(f: &ast::ExprFString) -> Vec<&Expr> {
    let mut out = Vec::new();
    for part in f.value.iter() {
        if let ast::FStringPart::FString(inner) = part {
            for element in inner.elements.iter() {
                if let ast::InterpolatedStringElement::Interpolation(i) = element {
                    out.push(i.expression.as_ref());
                }
            }
        }
    }
    out
}

/// The literal text of a string-building expression (parts joined, fields dropped).
pub fn literal_text(expr: &Expr) -> String {
    match expr {
        Expr::StringLiteral(s) => s.value.to_str().to_owned(),
        Expr::FString(f) => {
            let mut text = String::new();
            for part in f.value.iter() {
                match part {
                    ast::FStringPart::Literal(l) => text.push_str(&l.value),
                    ast::FStringPart::FString(inner) => {
                        for element in inner.elements.iter() {
                            match element {
                                ast::InterpolatedStringElement::Literal(l) => text.push_str(&l.value),
                                ast::InterpolatedStringElement::Interpolation(_) => text.push_str("{}"),
                            }
                        }
                    }
                }
            }
            text
        }
        Expr::BinOp(b) => format!("{}{}", literal_text(&b.left), literal_text(&b.right)),
        Expr::Call(c) if callee_name(c) == Some("format") => match c.func.as_ref() {
            Expr::Attribute(a) => literal_text(&a.value),
            _ => String::new(),
        },
        _ => String::new(),
    }
}

/// A string built at run time: the expressions spliced into it, or `None`
/// when `expr` is not string building (or splices nothing).
pub fn spliced_parts(expr: &Expr) -> Option<Vec<&Expr>> {
    let parts: Vec<&Expr> = match expr {
        Expr::FString(f) => interpolations(f),
        Expr::BinOp(b) if b.op == ast::Operator::Mod && is_stringish(&b.left) => match b.right.as_ref() {
            Expr::Tuple(t) => t.elts.iter().collect(),
            Expr::Dict(d) => d.items.iter().map(|i| &i.value).collect(),
            other => vec![other],
        },
        Expr::BinOp(b) if b.op == ast::Operator::Add && (is_stringish(&b.left) || is_stringish(&b.right)) => {
            let mut parts = spliced_parts(&b.left).unwrap_or_else(|| non_literal(&b.left));
            parts.extend(spliced_parts(&b.right).unwrap_or_else(|| non_literal(&b.right)));
            parts
        }
        Expr::Call(c) if callee_name(c) == Some("format") => match c.func.as_ref() {
            Expr::Attribute(a) if is_stringish(&a.value) => {
                c.arguments.args.iter().chain(c.arguments.keywords.iter().map(|k| &k.value)).collect()
            }
            _ => return None,
        },
        _ => return None,
    };
    (!parts.is_empty()).then_some(parts)
}

fn non_literal(expr: &Expr) -> Vec<&Expr> {
    if crate::analysis::visit::is_constant_string(expr) { Vec::new() } else { vec![expr] }
}

pub(super) fn is_stringish(expr: &Expr) -> bool {
    matches!(expr, Expr::StringLiteral(_) | Expr::FString(_))
        || matches!(expr, Expr::BinOp(b) if is_stringish(&b.left) || is_stringish(&b.right))
}

/// A value that cannot carry attacker text: literals, UPPER_CASE constants.
pub fn is_constant_value(expr: &Expr) -> bool {
    match expr {
        Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::NumberLiteral(_) | Expr::BooleanLiteral(_) | Expr::NoneLiteral(_) => true,
        Expr::Name(n) => is_upper_constant(n.id.as_str()),
        Expr::Attribute(a) => is_upper_constant(a.attr.as_str()) && !is_request_data(expr),
        _ => crate::analysis::visit::is_constant_string(expr),
    }
}

fn is_upper_constant(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

pub use crate::analysis::Function;

/// The local assignments of `function`, computed once for all rules.
pub fn assignments_of<'f, 'a>(function: &'f Function<'a>) -> &'f HashMap<&'a str, Vec<&'a Expr>> {
    function.assignments.get_or_init(|| local_assignments(&function.def.body))
}

/// The locals of `function` that hold request data, computed once for all rules.
pub fn tainted_of<'f>(function: &'f Function) -> &'f HashSet<String> {
    function.tainted.get_or_init(|| tainted_locals(assignments_of(function)))
}

/// The calls of `function`'s body (`body_calls`), collected once for all rules.
pub fn calls_of<'f, 'a>(function: &'f Function<'a>) -> &'f [&'a ast::ExprCall] {
    function.calls.get_or_init(|| body_calls(&function.def.body).collect())
}

/// Every function and method of `file`, nested ones included.
pub fn functions<'f, 'p>(file: &'f PyFile<'p>) -> &'f [Function<'p>] {
    file.functions()
}

/// The names of a function's positional parameters.
pub fn parameter_names(def: &ast::StmtFunctionDef) -> Vec<&str> {
    def.parameters.posonlyargs.iter().chain(def.parameters.args.iter()).map(|p| p.parameter.name.as_str()).collect()
}

/// Whether the function takes the request: a view (`def v(request)`) or a
/// class-based view's handler (`def post(self, request)`).
pub fn is_view(def: &ast::StmtFunctionDef) -> bool {
    parameter_names(def).iter().take(2).any(|p| *p == "request")
}

/// The qualified names of the decorators of a function or class.
pub fn decorator_names(decorators: &[ast::Decorator], imports: &ImportMap) -> Vec<String> {
    decorators
        .iter()
        .filter_map(|d| {
            let expr = match &d.expression {
                Expr::Call(c) => c.func.as_ref(),
                other => other,
            };
            imports.qualified(expr)
        })
        .collect()
}

/// The qualified names of every call in `body`.
pub fn called_names(body: &[Stmt], imports: &ImportMap) -> Vec<String> {
    body_calls(body).filter_map(|c| imports.qualified(&c.func)).collect()
}

/// 1-based line of a node.
pub fn line_of(file: &PyFile, node: &impl ruff_text_size::Ranged) -> u32 {
    file.module.line(node.start())
}

/// A finding of `rule` at `node` in `file`.
pub fn finding_at(rule: &'static crate::rule::Rule, file: &PyFile, node: &impl ruff_text_size::Ranged, message: String) -> crate::finding::Finding {
    rule.finding(file.path(), file.module.span(node.range()), message)
}

/// Whether an item of the list setting `name` satisfies `pred`; `None` when unknown.
pub fn list_mentions(view: &crate::rules::settings::support::View, name: &str, pred: impl Fn(&str) -> bool) -> Option<bool> {
    let value = view.value(name);
    let items = value.items()?;
    if items.iter().any(|i| !i.is_known()) {
        return None;
    }
    Some(items.iter().any(|i| i.as_str().is_some_and(&pred)))
}

/// The `REST_FRAMEWORK` setting, when the settings set it.
pub fn rest_framework(view: &crate::rules::settings::support::View) -> Option<greenlight_core::settings::Value> {
    view.settings.is_set("REST_FRAMEWORK").then(|| view.value("REST_FRAMEWORK"))
}

