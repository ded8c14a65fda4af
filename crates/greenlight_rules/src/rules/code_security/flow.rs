//! Data flow inside one function: which locals hold request data (taint),
//! what a local was assigned, and which values cannot carry attacker text.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::support::{callee_name, interpolations, is_constant_value, is_request_data, is_stringish, spliced_parts};

/// Calls whose result carries their argument's text.
const TRANSPARENT: &[&str] = &["str", "format", "join", "strip", "lstrip", "rstrip", "lower", "upper", "replace", "decode", "encode", "b64decode", "urlsafe_b64decode", "unquote", "unquote_plus", "urljoin", "loads", "load", "get", "getlist", "pop", "dict", "list", "tuple", "BytesIO", "StringIO", "bytes", "read", "iri_to_uri", "smart_str", "force_str", "mark_safe"];

/// Calls whose result is safe to put in HTML or SQL whatever their input.
const NEUTRALISING: &[&str] = &["escape", "conditional_escape", "int", "float", "bool", "len", "quote_name", "urlencode", "quote", "uuid", "UUID", "Decimal"];

/// Whether `expr` reads request data, or a local in `tainted`, other than
/// through a neutralising call (`int(...)`, `escape(...)`).
pub fn reads_tainted(expr: &Expr, tainted: &HashSet<String>) -> bool {
    match expr {
        _ if is_request_data(expr) => true,
        Expr::Name(n) => tainted.contains(n.id.as_str()),
        Expr::Call(c) if callee_name(c).is_some_and(|n| NEUTRALISING.contains(&n)) => false,
        // A method of request data (`request.GET.get("q").strip()`), or a call that passes its
        // argument's text on: string helpers, decoders, and classes (forms, serializers)
        // built from the data. Other functions (`get_object_or_404(Item, pk=...)`) return
        // something else.
        Expr::Call(c) => {
            let passes_on = callee_name(c).is_some_and(|n| TRANSPARENT.contains(&n) || n.starts_with(|ch: char| ch.is_ascii_uppercase()));
            reads_tainted(&c.func, tainted)
                || passes_on
                    && (c.arguments.args.iter().any(|a| reads_tainted(a, tainted))
                        || c.arguments.keywords.iter().any(|k| reads_tainted(&k.value, tainted)))
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
