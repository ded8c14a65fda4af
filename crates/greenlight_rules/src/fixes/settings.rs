//! Fixes for settings findings: env-driven DEBUG / SECRET_KEY / ALLOWED_HOSTS
//! rewritten in place, missing middleware inserted in the MIDDLEWARE literal,
//! missing HTTPS/cookie/header settings appended to the production module as
//! one commented block.

use greenlight_core::python::PythonModule;
use greenlight_core::Project;
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use super::source::{self, assignment_at, EnvStyle};
use crate::finding::{Applicability, Edit};

/// The comment that opens the block `fix` appends to the production settings.
pub const HARDENING_HEADER: &str = "# Production hardening added by `greenlight fix`: HTTPS, cookies and security headers.";

/// The module and assignment that set `name` in the evaluated settings chain.
fn origin_assignment<'p>(project: &'p Project, name: &str) -> Option<(&'p PythonModule, &'p Stmt, &'p Expr)> {
    let setting = project.settings.get(name)?;
    let module = project.python_file(&setting.origin.path)?;
    let (stmt, value) = assignment_at(module, name, setting.origin.line)?;
    Some((module, stmt, value))
}

/// `DEBUG = True` / `DEBUG = config("DEBUG", default=True, …)` → an
/// environment read with a False default, in the module's own env library.
pub fn debug_off(project: &Project) -> Option<Vec<Edit>> {
    let setting = project.settings.get("DEBUG")?;
    let (module, _, value) = origin_assignment(project, "DEBUG")?;
    let var = match &setting.origin.env {
        // The read must be the assignment itself, not buried in a larger expression.
        Some(env) if matches!(value, Expr::Call(_) | Expr::Compare(_)) && module.slice(value.range()).contains(env.var.as_str()) => env.var.clone(),
        None if value.is_boolean_literal_expr() => "DEBUG".to_owned(),
        _ => return None,
    };
    // An env read with a default: only the default changes, so the way the
    // project parses the variable (and so what production gets) stays the same.
    if let Some(edit) = falsy_default(module, value, &var) {
        return Some(vec![edit]);
    }
    let style = EnvStyle::of(module);
    let mut edits: Vec<Edit> = style.needed_import(module).into_iter().collect();
    edits.push(Edit::replace(&module.rel_path, value.start().to_usize(), value.end().to_usize(), source::in_quote_style(module, style.bool_read(&var, false))));
    Some(edits)
}

/// The default of the env read of `var` inside `value` (second positional
/// argument or `default=`), rewritten to its false form: `True` → `False`,
/// `"True"` → `"False"`, `"1"` → `"0"`, `1` → `0`.
fn falsy_default(module: &PythonModule, value: &Expr, var: &str) -> Option<Edit> {
    let call = find_env_call(value, var)?;
    let default = call
        .arguments
        .keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "default"))
        .map(|k| &k.value)
        .or_else(|| call.arguments.args.get(1))?;
    let text = module.slice(default.range());
    let replacement = match default {
        Expr::BooleanLiteral(_) => "False".to_owned(),
        Expr::NumberLiteral(_) => "0".to_owned(),
        Expr::StringLiteral(s) => {
            let quote = text.chars().last()?;
            if !matches!(quote, '\'' | '"') || text.len() != s.value.to_str().len() + 2 {
                return None;
            }
            let falsy = if s.value.to_str().chars().all(|c| c.is_ascii_digit()) { "0" } else { "False" };
            format!("{quote}{falsy}{quote}")
        }
        _ => return None,
    };
    Some(Edit::replace(&module.rel_path, default.start().to_usize(), default.end().to_usize(), replacement))
}

/// The call in `expr` whose first argument is the string `var`.
fn find_env_call<'e>(expr: &'e Expr, var: &str) -> Option<&'e ruff_python_ast::ExprCall> {
    match expr {
        Expr::Call(call) => {
            if call.arguments.args.first().and_then(|a| a.as_string_literal_expr()).is_some_and(|s| s.value.to_str() == var) {
                return Some(call);
            }
            find_env_call(&call.func, var).or_else(|| call.arguments.args.iter().find_map(|a| find_env_call(a, var)))
        }
        Expr::Compare(c) => find_env_call(&c.left, var).or_else(|| c.comparators.iter().find_map(|e| find_env_call(e, var))),
        Expr::Attribute(a) => find_env_call(&a.value, var),
        _ => None,
    }
}

/// SECRET_KEY read from the environment with no default; a missing variable
/// stops start-up with an error that names it.
pub fn secret_key_from_env(project: &Project) -> Option<Vec<Edit>> {
    let setting = project.settings.get("SECRET_KEY")?;
    let (module, stmt, value) = origin_assignment(project, "SECRET_KEY")?;
    let var = match &setting.origin.env {
        Some(env) if matches!(value, Expr::Call(_) | Expr::Subscript(_)) && module.slice(value.range()).contains(env.var.as_str()) => env.var.clone(),
        None if value.is_string_literal_expr() => "SECRET_KEY".to_owned(),
        _ => return None,
    };
    let style = EnvStyle::of(module);
    let path = &module.rel_path;
    match &style {
        // decouple raises UndefinedValueError("VAR not found…"), environ
        // ImproperlyConfigured("Set the VAR environment variable").
        EnvStyle::Decouple => Some(vec![Edit::replace(path, value.start().to_usize(), value.end().to_usize(), source::in_quote_style(module, format!("config(\"{var}\")")))]),
        EnvStyle::Environ(env) => Some(vec![Edit::replace(path, value.start().to_usize(), value.end().to_usize(), source::in_quote_style(module, format!("{env}(\"{var}\")")))]),
        EnvStyle::Os => {
            let indent = source::indentation(&module.text, stmt.start().to_usize());
            let block = format!(
                "try:\n{indent}    SECRET_KEY = os.environ[\"{var}\"]\n{indent}except KeyError:\n{indent}    raise ImproperlyConfigured(\"The {var} environment variable is not set; production needs a long random key\") from None"
            );
            let mut edits: Vec<Edit> = style.needed_import(module).into_iter().collect();
            edits.extend(source::ensure_import_from(module, "django.core.exceptions", "ImproperlyConfigured"));
            edits.push(Edit::replace(path, stmt.start().to_usize(), stmt.end().to_usize(), source::in_quote_style(module, block)));
            Some(edits)
        }
    }
}

/// `ALLOWED_HOSTS = ['*']` → the comma-separated ALLOWED_HOSTS variable.
pub fn allowed_hosts_from_env(project: &Project) -> Option<Vec<Edit>> {
    let (module, _, value) = origin_assignment(project, "ALLOWED_HOSTS")?;
    // Only the literal that holds the wildcard (not one a later `.append("*")` changes).
    let elts = match value {
        Expr::List(l) => &l.elts,
        Expr::Tuple(t) => &t.elts,
        _ => return None,
    };
    if !elts.iter().any(|e| e.as_string_literal_expr().is_some_and(|s| s.value.to_str() == "*")) {
        return None;
    }
    let style = EnvStyle::of(module);
    let path = &module.rel_path;
    let (read, import) = match &style {
        EnvStyle::Decouple => ("config(\"ALLOWED_HOSTS\", cast=Csv())".to_owned(), source::ensure_import_from(module, "decouple", "Csv")),
        EnvStyle::Environ(env) => (format!("{env}.list(\"ALLOWED_HOSTS\")"), None),
        EnvStyle::Os => (
            "[host.strip() for host in os.environ[\"ALLOWED_HOSTS\"].split(\",\") if host.strip()]".to_owned(),
            style.needed_import(module),
        ),
    };
    let mut edits: Vec<Edit> = import.into_iter().collect();
    edits.push(Edit::replace(path, value.start().to_usize(), value.end().to_usize(), source::in_quote_style(module, read)));
    Some(edits)
}

/// The value a hardening setting gets: read from the environment with a
/// default, or a plain Python literal.
#[derive(Debug, Clone, Copy)]
pub enum Hardened {
    Bool(bool),
    Int(i64),
    Literal(&'static str),
}

/// `NAME = <env read>` appended to the production settings module, under the
/// shared header (identical header edits are applied once).
pub fn append_production_setting(project: &Project, name: &str, value: Hardened) -> Option<Vec<Edit>> {
    let module = project.python_file(&project.settings.path)?;
    let style = EnvStyle::of(module);
    let read = match value {
        Hardened::Bool(b) => style.bool_read(name, b),
        Hardened::Int(i) => style.int_read(name, i),
        Hardened::Literal(code) => code.to_owned(),
    };
    let line = source::in_quote_style(module, format!("{name} = {read}\n"));
    if module.text.contains(line.trim_end()) {
        // Already appended once and still failing (the profile sets the variable): do not repeat.
        return None;
    }
    let at = append_offset(module);
    let path = &module.rel_path;
    let reads_env = !matches!(value, Hardened::Literal(_));
    let mut edits: Vec<Edit> = if reads_env { style.needed_import(module).into_iter().collect() } else { Vec::new() };
    let newline = if at == 0 || module.text[..at].ends_with('\n') { "" } else { "\n" };
    if !module.text.contains(HARDENING_HEADER) {
        edits.push(Edit::insert(path, at, format!("{newline}\n{HARDENING_HEADER}\n# The values read from the environment fall back to the secure choice when the variable is unset.\n")));
        edits.push(Edit::insert(path, at, line));
    } else {
        edits.push(Edit::insert(path, at, format!("{newline}{line}")));
    }
    Some(edits)
}

/// Where appended settings go: the end of the module, but before a trailing
/// `from .local_settings import *` (bare, or in an `if`/`try`, with the
/// comments just above it), which exists to override everything above it:
/// a deployment's own choices there must keep winning.
fn append_offset(module: &PythonModule) -> usize {
    let text = module.text.as_str();
    let mut at = text.len();
    for stmt in module.ast().body.iter().rev() {
        if !is_local_override(stmt) {
            break;
        }
        at = line_start(text, stmt.start().to_usize());
    }
    if at == text.len() {
        return at;
    }
    // Keep the comments (and blank lines) that introduce the override with it;
    // a blank line there then separates the block from the override.
    while at > 0 {
        let previous = line_start(text, at - 1);
        let line = text[previous..at].trim();
        if !(line.is_empty() || line.starts_with('#')) {
            break;
        }
        at = previous;
    }
    at
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// `from .local_settings import *` (or `.local`, `local_settings`), alone or
/// inside an `if`/`try` block.
fn is_local_override(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::ImportFrom(i) => {
            i.names.iter().any(|a| a.name.as_str() == "*") && i.module.as_ref().is_some_and(|m| m.as_str().rsplit('.').next().is_some_and(|last| last.contains("local")))
        }
        Stmt::If(s) => s.body.iter().any(is_local_override),
        Stmt::Try(t) => t.body.iter().any(is_local_override),
        _ => false,
    }
}

const SECURITY: &str = "django.middleware.security.SecurityMiddleware";
const CSRF: &str = "django.middleware.csrf.CsrfViewMiddleware";

/// Inserts `middleware` into the MIDDLEWARE list literal at the position
/// Django's documentation gives: SecurityMiddleware first, CsrfViewMiddleware
/// after the session/locale/common middleware, anything else last.
pub fn insert_middleware(project: &Project, middleware: &str) -> Option<Vec<Edit>> {
    let (module, _, value) = origin_assignment(project, "MIDDLEWARE")?;
    let (elts, tuple) = match value {
        Expr::List(l) => (&l.elts[..], false),
        Expr::Tuple(t) if t.parenthesized => (&t.elts[..], true),
        _ => return None,
    };
    let names: Vec<String> = elts.iter().map(|e| e.as_string_literal_expr().map(|s| s.value.to_str().to_owned())).collect::<Option<_>>()?;
    if names.iter().any(|n| n == middleware) {
        return None;
    }
    let index = match middleware {
        SECURITY => 0,
        CSRF => {
            let before = ["SecurityMiddleware", "SessionMiddleware", "LocaleMiddleware", "CommonMiddleware"];
            names.iter().rposition(|n| before.iter().any(|b| n.ends_with(b))).map_or(0, |i| i + 1)
        }
        _ => names.len(),
    };
    let text = &module.text;
    let path = &module.rel_path;
    let quote = elts.first().map(|e| module.slice(e.range())).and_then(|s| s.chars().find(|c| *c == '\'' || *c == '"')).unwrap_or('"');
    let item = format!("{quote}{middleware}{quote}");
    let open = value.start().to_usize();
    let close = value.end().to_usize() - 1;
    let multiline = |offset: usize| module.line(ruff_text_size::TextSize::new(offset as u32)) != module.line(value.start());
    let edit = if elts.is_empty() {
        Edit::insert(path, open + 1, if tuple { format!("{item},") } else { item })
    } else if index < elts.len() {
        let at = elts[index].start().to_usize();
        // On its own line (not sharing it with the element before): a new line above it.
        let alone = index == 0 || module.line(elts[index - 1].end()) != module.line(elts[index].start());
        if multiline(at) && alone {
            let start = source::line_start(text, at);
            Edit::insert(path, start, format!("{}{item},\n", source::indentation(text, at)))
        } else {
            Edit::insert(path, at, format!("{item}, "))
        }
    } else {
        let last = elts[elts.len() - 1].end().to_usize();
        let between = &text[last..close];
        let code = between.split('#').next().unwrap_or("");
        let comma = code.find(',').map(|i| last + i + 1);
        let indent = source::indentation(text, elts[elts.len() - 1].start().to_usize()).to_owned();
        match (multiline(elts[elts.len() - 1].start().to_usize()), comma) {
            (true, Some(c)) => Edit::insert(path, c, format!("\n{indent}{item},")),
            (true, None) => Edit::insert(path, last, format!(",\n{indent}{item}")),
            (false, Some(c)) => Edit::insert(path, c, format!(" {item},")),
            (false, None) => Edit::insert(path, last, format!(", {item}")),
        }
    };
    Some(vec![edit])
}

/// Settings `fix` appends to the production module, the value each gets, and
/// whether that is safe. HSTS (browsers remember it for max-age and there is
/// no undo) and the SSL redirect (a loop behind a TLS-terminating proxy
/// without SECURE_PROXY_SSL_HEADER) can take a site offline: unsafe. Secure
/// cookies and the headers change nothing for a site served over HTTPS: safe.
///
/// The HTTPS switches are read from the environment (a staging host without
/// TLS, or HSTS rolled out step by step, turns them down without a code
/// change); the cookie flags and headers are plain values, as no deployment
/// served over HTTPS needs them off.
const HARDENING: &[(&str, Hardened, Applicability)] = &[
    ("SECURE_SSL_REDIRECT", Hardened::Bool(true), Applicability::Unsafe),
    ("SECURE_HSTS_SECONDS", Hardened::Int(31_536_000), Applicability::Unsafe),
    ("SECURE_HSTS_INCLUDE_SUBDOMAINS", Hardened::Bool(true), Applicability::Unsafe),
    ("SECURE_HSTS_PRELOAD", Hardened::Bool(true), Applicability::Unsafe),
    ("SESSION_COOKIE_SECURE", Hardened::Literal("True"), Applicability::Safe),
    ("SESSION_COOKIE_HTTPONLY", Hardened::Literal("True"), Applicability::Safe),
    ("CSRF_COOKIE_SECURE", Hardened::Literal("True"), Applicability::Safe),
    ("SECURE_CONTENT_TYPE_NOSNIFF", Hardened::Literal("True"), Applicability::Safe),
    ("SECURE_REFERRER_POLICY", Hardened::Literal("\"same-origin\""), Applicability::Safe),
    ("SECURE_CROSS_ORIGIN_OPENER_POLICY", Hardened::Literal("\"same-origin\""), Applicability::Safe),
];

/// How safe appending `setting` is (unsafe for names `fix` does not know).
pub fn hardening_applicability(setting: &str) -> Applicability {
    HARDENING.iter().find(|(name, ..)| *name == setting).map_or(Applicability::Unsafe, |(_, _, a)| *a)
}

/// The edits that append `setting` with its hardened value to the production module.
pub fn append_hardening(project: &Project, setting: &str) -> Option<Vec<Edit>> {
    let (name, value, _) = HARDENING.iter().find(|(name, ..)| *name == setting)?;
    append_production_setting(project, name, *value)
}
