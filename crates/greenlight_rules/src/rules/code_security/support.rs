//! What the security rules share: where request data flows (directly or
//! through a local variable of the same function), which strings are built at
//! run time, and walks over a function's expressions and calls.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};

use crate::analysis::visit::{walk, Node, Scope};
use crate::analysis::{ImportMap, PyFile};

/// Attributes of `request` that carry what the client sent.
const REQUEST_DATA: &[&str] = &["GET", "POST", "body", "data", "query_params", "COOKIES", "META", "headers", "FILES", "content_params"];

/// Calls whose result is safe to put in HTML or SQL whatever their input.
const NEUTRALISING: &[&str] = &["escape", "conditional_escape", "int", "float", "bool", "len", "quote_name", "urlencode", "quote", "uuid", "UUID", "Decimal"];

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

/// Whether `expr` reads request data, or a local in `tainted`, other than
/// through a neutralising call (`int(...)`, `escape(...)`).
pub fn reads_tainted(expr: &Expr, tainted: &HashSet<String>) -> bool {
    match expr {
        _ if is_request_data(expr) => true,
        Expr::Name(n) => tainted.contains(n.id.as_str()),
        Expr::Call(c) if callee_name(c).is_some_and(|n| NEUTRALISING.contains(&n)) => false,
        Expr::Call(c) => {
            reads_tainted(&c.func, tainted)
                || c.arguments.args.iter().any(|a| reads_tainted(a, tainted))
                || c.arguments.keywords.iter().any(|k| reads_tainted(&k.value, tainted))
        }
        Expr::Attribute(a) => reads_tainted(&a.value, tainted),
        Expr::Subscript(s) => reads_tainted(&s.value, tainted),
        Expr::FString(f) => interpolations(f).into_iter().any(|e| reads_tainted(e, tainted)),
        Expr::BinOp(b) => reads_tainted(&b.left, tainted) || reads_tainted(&b.right, tainted),
        Expr::BoolOp(b) => b.values.iter().any(|v| reads_tainted(v, tainted)),
        Expr::If(i) => reads_tainted(&i.body, tainted) || reads_tainted(&i.orelse, tainted),
        Expr::Tuple(t) => t.elts.iter().any(|v| reads_tainted(v, tainted)),
        Expr::List(t) => t.elts.iter().any(|v| reads_tainted(v, tainted)),
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

fn is_stringish(expr: &Expr) -> bool {
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

/// Simple assignments of a function body: local name → assigned values
/// (plain, annotated, augmented `+=`), nested functions excluded.
pub fn local_assignments(body: &[Stmt]) -> HashMap<&str, Vec<&Expr>> {
    let mut out: HashMap<&str, Vec<&Expr>> = HashMap::new();
    collect_assignments(body, &mut out);
    out
}

fn collect_assignments<'a>(body: &'a [Stmt], out: &mut HashMap<&'a str, Vec<&'a Expr>>) {
    for stmt in body {
        match stmt {
            Stmt::Assign(a) => {
                for target in &a.targets {
                    match target {
                        Expr::Name(n) => out.entry(n.id.as_str()).or_default().push(&a.value),
                        // `sql, params = compiler.as_sql()`: each name gets the whole value.
                        Expr::Tuple(t) => {
                            for element in &t.elts {
                                if let Expr::Name(n) = element {
                                    out.entry(n.id.as_str()).or_default().push(&a.value);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let (Expr::Name(n), Some(value)) = (a.target.as_ref(), &a.value) {
                    out.entry(n.id.as_str()).or_default().push(value);
                }
            }
            Stmt::AugAssign(a) => {
                if let Expr::Name(n) = a.target.as_ref() {
                    out.entry(n.id.as_str()).or_default().push(&a.value);
                }
            }
            Stmt::For(f) => collect_assignments(&f.body, out),
            Stmt::While(w) => collect_assignments(&w.body, out),
            Stmt::With(w) => collect_assignments(&w.body, out),
            Stmt::If(i) => {
                collect_assignments(&i.body, out);
                for clause in &i.elif_else_clauses {
                    collect_assignments(&clause.body, out);
                }
            }
            Stmt::Try(t) => {
                collect_assignments(&t.body, out);
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    collect_assignments(&h.body, out);
                }
                collect_assignments(&t.orelse, out);
                collect_assignments(&t.finalbody, out);
            }
            _ => {}
        }
    }
}

/// Locals of a function that hold request data (to a fixed point:
/// `q = request.GET["q"]; term = q.strip()` taints both).
pub fn tainted_locals(assignments: &HashMap<&str, Vec<&Expr>>) -> HashSet<String> {
    let mut tainted = HashSet::new();
    loop {
        let before = tainted.len();
        for (name, values) in assignments {
            if !tainted.contains(*name) && values.iter().any(|v| reads_tainted(v, &tainted)) {
                tainted.insert((*name).to_owned());
            }
        }
        if tainted.len() == before {
            return tainted;
        }
    }
}

/// A function of a file with where it stands.
pub struct Function<'a> {
    pub def: &'a ast::StmtFunctionDef,
    pub class: Option<&'a ast::StmtClassDef>,
    pub debug_only: bool,
}

/// Every function and method of `file`, nested ones included.
pub fn functions<'a>(file: &'a PyFile) -> Vec<Function<'a>> {
    let mut out = Vec::new();
    walk(&file.module.ast.body, &mut |node: Node<'a>, scope: &Scope<'a>| {
        if let Node::Stmt(Stmt::FunctionDef(def)) = node {
            // A method's class is the enclosing class only when no function stands between.
            let class = if scope.function.is_none() { scope.class } else { None };
            out.push(Function { def, class, debug_only: scope.debug_only });
        }
    });
    out
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

/// Calls whose result carries no attacker text into SQL or HTML.
const HARMLESS_CALLS: &[&str] = &["int", "float", "len", "count", "exists", "quote_name", "escape", "conditional_escape", "urlencode", "format_html", "format_html_join", "render_to_string", "intcomma", "filesizeformat", "as_sql", "sql_with_params", "compile", "reverse", "static", "json_script", "escapejs", "strip_tags", "naturaltime", "date", "strftime", "isoformat", "round", "abs", "sum", "min", "max", "bool", "id", "hex", "uuid4"];

/// A value that cannot carry attacker text: literals, UPPER_CASE constants,
/// numbers and counts, escaping calls and method calls on their results with
/// constant arguments (`escape(s).replace(".", "<i>.</i>")`), arithmetic of
/// such values, and locals (of `assignments`) whose every value is one.
/// `extra` lets a rule add its own harmless shapes.
pub fn is_harmless(expr: &Expr, assignments: &HashMap<&str, Vec<&Expr>>, extra: &dyn Fn(&Expr) -> bool) -> bool {
    harmless_at(expr, assignments, extra, 0)
}

fn harmless_at(expr: &Expr, assignments: &HashMap<&str, Vec<&Expr>>, extra: &dyn Fn(&Expr) -> bool, depth: u32) -> bool {
    if depth > 6 {
        return false;
    }
    let recurse = |e: &Expr| harmless_at(e, assignments, extra, depth + 1);
    if is_constant_value(expr) || extra(expr) {
        return true;
    }
    match expr {
        Expr::Name(n) => assignments.get(n.id.as_str()).is_some_and(|values| values.iter().all(|v| recurse(v))),
        Expr::Call(c) => {
            let name = callee_name(c).unwrap_or("");
            if HARMLESS_CALLS.contains(&name) {
                return true;
            }
            // A method of a harmless value with constant arguments: `.replace(".", "<i>.</i>")`, `.lower()`.
            matches!(c.func.as_ref(), Expr::Attribute(a) if recurse(&a.value))
                && c.arguments.args.iter().all(is_constant_value)
                && c.arguments.keywords.iter().all(|k| is_constant_value(&k.value))
        }
        Expr::BinOp(b) if b.op != ast::Operator::Mod || !is_stringish(&b.left) => recurse(&b.left) && recurse(&b.right),
        Expr::UnaryOp(u) => recurse(&u.operand),
        Expr::Subscript(s) => recurse(&s.value),
        Expr::If(i) => recurse(&i.body) && recurse(&i.orelse),
        Expr::FString(f) => interpolations(f).into_iter().all(recurse),
        _ => spliced_parts(expr).is_some_and(|parts| parts.into_iter().all(recurse)),
    }
}
