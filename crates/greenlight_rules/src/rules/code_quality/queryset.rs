//! Which expressions of a function are Django querysets: a chain rooted at a
//! model manager (`Member.objects.filter(...)`), a variable every assignment
//! of which is one, or a call of a function of the same module that returns
//! one. Only such chains count: `request.GET.get`, `cache.get` or a dict's
//! `.get` never start at `.objects`.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use super::functions::{functions, Function};
use crate::analysis::PyFile;

/// Managers a chain may start from.
const MANAGERS: &[&str] = &["objects", "_default_manager", "_base_manager"];

/// QuerySet methods that return a QuerySet.
pub const QS_METHODS: &[&str] = &[
    "all", "filter", "exclude", "order_by", "select_related", "prefetch_related", "annotate", "alias", "distinct",
    "only", "defer", "using", "reverse", "none", "extra", "values", "values_list", "union", "intersection",
    "difference", "select_for_update", "dates", "datetimes", "complex_filter", "get_queryset",
];

/// Methods that run the query (or return something other than a QuerySet).
pub const TERMINAL_METHODS: &[&str] = &[
    "get", "create", "get_or_create", "update_or_create", "count", "exists", "aggregate", "first", "last", "latest",
    "earliest", "in_bulk", "update", "delete", "bulk_create", "bulk_update", "iterator", "explain", "contains",
    "as_manager", "create_user", "create_superuser", "acreate", "aget", "acount", "aexists", "afirst", "alast",
    "raw", "get_by_natural_key", "filter_by", "from_queryset",
];

/// A queryset expression.
#[derive(Clone, Debug)]
pub struct Qs<'a> {
    /// `X` in `X.objects`: the model.
    pub owner: &'a Expr,
    /// Methods applied after the manager, in order (merged over assignments).
    pub methods: Vec<String>,
    /// Sliced somewhere (`[:20]`): bounded.
    pub sliced: bool,
    /// Every method is a known QuerySet method (no custom manager method).
    pub known: bool,
    /// The variable it was read through, if any.
    pub var: Option<String>,
    /// Filtered on the signed-in user (`filter(owner=request.user)`): one user's rows.
    pub user_scoped: bool,
    /// Fields the chain filters on (first segment of each `filter`/`exclude` keyword).
    pub filter_fields: Vec<String>,
}

impl Qs<'_> {
    pub fn has(&self, method: &str) -> bool {
        self.methods.iter().any(|m| m == method)
    }

    /// `select_related`/`prefetch_related` somewhere in the chain.
    pub fn prefetches(&self) -> bool {
        self.has("select_related") || self.has("prefetch_related")
    }

    /// Rows come back as dicts or tuples, not model instances.
    pub fn yields_rows(&self) -> bool {
        self.has("values") || self.has("values_list")
    }

    fn merge(&mut self, other: &Qs) {
        for m in &other.methods {
            if !self.has(m) {
                self.methods.push(m.clone());
            }
        }
        self.sliced |= other.sliced;
        self.known &= other.known;
        self.user_scoped &= other.user_scoped;
        for f in &other.filter_fields {
            if !self.filter_fields.contains(f) {
                self.filter_fields.push(f.clone());
            }
        }
    }
}

/// The querysets of one file, worked out once for the six rules that ask:
/// its module-level functions that return one, and each function's queryset
/// variables.
pub struct FileQuerysets<'a> {
    returning: HashMap<String, Qs<'a>>,
    /// Every function of the file (`functions::functions`), with its variables.
    functions: Vec<(Function<'a>, QsVars<'a>)>,
    empty: QsVars<'a>,
}

/// The queryset analysis of `file`.
pub fn querysets<'f, 'p>(file: &'f PyFile<'p>) -> &'f FileQuerysets<'p> {
    file.querysets.get_or_init(|| {
        let body = &file.module.ast().body;
        let returning = functions_returning_querysets(body);
        let functions = functions(body).into_iter().map(|f| (f, QsVars::of_function(f.def, &returning))).collect();
        FileQuerysets { returning, functions, empty: QsVars::default() }
    })
}

impl<'a> FileQuerysets<'a> {
    /// Every function of the file with what its expressions are.
    pub fn functions(&self) -> impl Iterator<Item = (Function<'a>, QsScope<'a, '_>)> {
        self.functions.iter().map(|(function, vars)| (*function, QsScope { vars, functions: &self.returning }))
    }

    /// A scope with no variables (class bodies), knowing the module's functions.
    pub fn empty_scope(&self) -> QsScope<'a, '_> {
        QsScope { vars: &self.empty, functions: &self.returning }
    }
}

/// The queryset variables of one function: every assignment of each is a
/// queryset, or it is `poisoned`.
#[derive(Default)]
struct QsVars<'a> {
    vars: HashMap<String, Qs<'a>>,
    poisoned: HashSet<String>,
}

/// What a function's expressions are: its variables and the module's
/// functions that return querysets.
pub struct QsScope<'a, 'f> {
    vars: &'f QsVars<'a>,
    functions: &'f HashMap<String, Qs<'a>>,
}

impl<'a> QsVars<'a> {
    /// A function body's assignments, read in source order.
    fn of_function(def: &'a StmtFunctionDef, functions: &HashMap<String, Qs<'a>>) -> Self {
        let mut binder = Binder { vars: QsVars::default(), functions };
        binder.bind_all(&def.body);
        binder.vars
    }
}

impl<'a, 'f> QsScope<'a, 'f> {
    /// The queryset `expr` is, if it is one.
    pub fn queryset(&self, expr: &'a Expr) -> Option<Qs<'a>> {
        match expr {
            Expr::Attribute(a) if MANAGERS.contains(&a.attr.as_str()) && is_model_like(&a.value) => {
                Some(Qs { owner: &a.value, methods: Vec::new(), sliced: false, known: true, var: None, user_scoped: false, filter_fields: Vec::new() })
            }
            Expr::Call(call) => match call.func.as_ref() {
                Expr::Attribute(a) => {
                    let method = a.attr.as_str();
                    if TERMINAL_METHODS.contains(&method) {
                        return None;
                    }
                    let mut qs = self.queryset(&a.value)?;
                    qs.known &= QS_METHODS.contains(&method);
                    qs.user_scoped |= method == "filter" && call.arguments.keywords.iter().any(|k| reads_request_user(&k.value));
                    if matches!(method, "filter" | "exclude") {
                        qs.filter_fields.extend(keyword_fields(call));
                    }
                    qs.methods.push(method.to_owned());
                    Some(qs)
                }
                Expr::Name(n) => self.functions.get(n.id.as_str()).cloned(),
                _ => None,
            },
            Expr::Subscript(s) if s.slice.is_slice_expr() => {
                let mut qs = self.queryset(&s.value)?;
                qs.sliced = true;
                Some(qs)
            }
            Expr::Name(n) if !self.vars.poisoned.contains(n.id.as_str()) => {
                let mut qs = self.vars.vars.get(n.id.as_str())?.clone();
                qs.var = Some(n.id.to_string());
                Some(qs)
            }
            _ => None,
        }
    }

    /// The queryset a loop iterates: `qs` or `qs.iterator()`.
    pub fn iterated(&self, expr: &'a Expr) -> Option<Qs<'a>> {
        if let Expr::Call(call) = expr {
            if let Expr::Attribute(a) = call.func.as_ref() {
                if a.attr.as_str() == "iterator" {
                    return self.queryset(&a.value);
                }
            }
        }
        self.queryset(expr)
    }
}

/// Reads a function's assignments into its `QsVars`.
struct Binder<'a, 'f> {
    vars: QsVars<'a>,
    functions: &'f HashMap<String, Qs<'a>>,
}

impl<'a> Binder<'a, '_> {
    fn queryset(&self, expr: &'a Expr) -> Option<Qs<'a>> {
        QsScope { vars: &self.vars, functions: self.functions }.queryset(expr)
    }

    fn bind(&mut self, target: &'a Expr, value: Option<&'a Expr>) {
        match target {
            Expr::Name(n) => {
                let name = n.id.to_string();
                match value.and_then(|v| self.queryset(v)) {
                    Some(mut qs) if !self.vars.poisoned.contains(&name) => {
                        qs.var = None;
                        match self.vars.vars.get_mut(&name) {
                            Some(existing) => existing.merge(&qs),
                            None => {
                                self.vars.vars.insert(name, qs);
                            }
                        }
                    }
                    _ => self.poison(&name),
                }
            }
            Expr::Tuple(t) => t.elts.iter().for_each(|e| self.bind(e, None)),
            Expr::List(l) => l.elts.iter().for_each(|e| self.bind(e, None)),
            Expr::Starred(s) => self.bind(&s.value, None),
            _ => {}
        }
    }

    fn poison(&mut self, name: &str) {
        self.vars.vars.remove(name);
        self.vars.poisoned.insert(name.to_owned());
    }

    fn bind_all(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            match stmt {
                Stmt::Assign(a) => a.targets.iter().for_each(|t| self.bind(t, Some(&a.value))),
                Stmt::AnnAssign(a) => self.bind(&a.target, a.value.as_deref()),
                Stmt::AugAssign(a) => self.bind(&a.target, None),
                Stmt::For(f) => {
                    self.bind(&f.target, None);
                    self.bind_all(&f.body);
                    self.bind_all(&f.orelse);
                }
                Stmt::While(w) => {
                    self.bind_all(&w.body);
                    self.bind_all(&w.orelse);
                }
                Stmt::If(i) => {
                    self.bind_all(&i.body);
                    i.elif_else_clauses.iter().for_each(|c| self.bind_all(&c.body));
                }
                Stmt::With(w) => {
                    w.items.iter().filter_map(|i| i.optional_vars.as_deref()).for_each(|v| self.bind(v, None));
                    self.bind_all(&w.body);
                }
                Stmt::Try(t) => {
                    self.bind_all(&t.body);
                    for ruff_python_ast::ExceptHandler::ExceptHandler(h) in &t.handlers {
                        self.bind_all(&h.body);
                    }
                    self.bind_all(&t.orelse);
                    self.bind_all(&t.finalbody);
                }
                Stmt::FunctionDef(f) => self.poison(f.name.as_str()),
                Stmt::ClassDef(c) => self.poison(c.name.as_str()),
                _ => {}
            }
        }
    }
}

/// The fields a lookup call's keywords name (`tier__name` → `tier`).
pub fn keyword_fields(call: &ruff_python_ast::ExprCall) -> Vec<String> {
    call.arguments
        .keywords
        .iter()
        .filter_map(|k| k.arg.as_ref())
        .map(|a| a.as_str().split("__").next().unwrap_or("").to_owned())
        .filter(|f| !matches!(f.as_str(), "defaults" | "create_defaults"))
        .collect()
}

/// `request.user` or `self.request.user` (or an attribute of it).
pub fn reads_request_user(expr: &Expr) -> bool {
    let mut current = expr;
    while let Expr::Attribute(a) = current {
        if a.attr.as_str() == "user" {
            match a.value.as_ref() {
                Expr::Name(n) if n.id.as_str() == "request" => return true,
                Expr::Attribute(r) if r.attr.as_str() == "request" && matches!(r.value.as_ref(), Expr::Name(n) if n.id.as_str() == "self") => return true,
                _ => {}
            }
        }
        current = &a.value;
    }
    false
}

/// `Member`, `models.Member`, `self.model`, `get_user_model()`: something a
/// manager can hang off (not a literal).
fn is_model_like(expr: &Expr) -> bool {
    matches!(expr, Expr::Name(_) | Expr::Attribute(_) | Expr::Call(_))
}

/// Module-level functions whose every `return` is a queryset, by name.
fn functions_returning_querysets(body: &[Stmt]) -> HashMap<String, Qs<'_>> {
    let none = HashMap::new();
    let mut out = HashMap::new();
    for stmt in body {
        let Stmt::FunctionDef(def) = stmt else { continue };
        let vars = QsVars::of_function(def, &none);
        let scope = QsScope { vars: &vars, functions: &none };
        let mut returns = Vec::new();
        collect_returns(&def.body, &mut returns);
        let querysets: Vec<Option<Qs>> = returns.iter().map(|r| r.and_then(|r| scope.queryset(r))).collect();
        if !querysets.is_empty() && querysets.iter().all(Option::is_some) {
            let mut merged = querysets[0].clone().expect("checked");
            for qs in querysets.iter().skip(1).flatten() {
                merged.merge(qs);
            }
            merged.var = None;
            out.insert(def.name.to_string(), merged);
        }
    }
    out
}

fn collect_returns<'a>(body: &'a [Stmt], out: &mut Vec<Option<&'a Expr>>) {
    for stmt in body {
        match stmt {
            Stmt::Return(r) => out.push(r.value.as_deref()),
            Stmt::If(i) => {
                collect_returns(&i.body, out);
                i.elif_else_clauses.iter().for_each(|c| collect_returns(&c.body, out));
            }
            Stmt::For(f) => collect_returns(&f.body, out),
            Stmt::While(w) => collect_returns(&w.body, out),
            Stmt::With(w) => collect_returns(&w.body, out),
            Stmt::Try(t) => {
                collect_returns(&t.body, out);
                for ruff_python_ast::ExceptHandler::ExceptHandler(h) in &t.handlers {
                    collect_returns(&h.body, out);
                }
                collect_returns(&t.orelse, out);
                collect_returns(&t.finalbody, out);
            }
            _ => {}
        }
    }
}
