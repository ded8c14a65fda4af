//! Reading a module's source for fixes: the statement at a line, how the
//! module reads its environment (os / python-decouple / django-environ), and
//! the edit that adds an import the rewrite needs.

use greenlight_core::python::PythonModule;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;

use crate::finding::Edit;

/// How a settings module reads environment variables, so generated code matches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvStyle {
    /// `from decouple import config`.
    Decouple,
    /// django-environ: the name bound to `environ.Env(...)`.
    Environ(String),
    /// Plain `os.environ`.
    Os,
}

impl EnvStyle {
    pub fn of(module: &PythonModule) -> EnvStyle {
        for stmt in &module.ast().body {
            if let Stmt::Assign(a) = stmt {
                if let ([Expr::Name(target)], Expr::Call(call)) = (a.targets.as_slice(), a.value.as_ref()) {
                    if matches!(module.slice(call.func.range()), "environ.Env" | "Env") {
                        return EnvStyle::Environ(target.id.to_string());
                    }
                }
            }
        }
        if imports_from(module, "decouple", "config") {
            return EnvStyle::Decouple;
        }
        EnvStyle::Os
    }

    /// An expression reading `var` as a bool with `default`.
    pub fn bool_read(&self, var: &str, default: bool) -> String {
        let py = if default { "True" } else { "False" };
        match self {
            EnvStyle::Decouple => format!("config(\"{var}\", default={py}, cast=bool)"),
            EnvStyle::Environ(env) => format!("{env}.bool(\"{var}\", default={py})"),
            EnvStyle::Os => format!("os.environ.get(\"{var}\", \"{py}\").lower() in (\"1\", \"true\", \"yes\")"),
        }
    }

    pub fn int_read(&self, var: &str, default: i64) -> String {
        match self {
            EnvStyle::Decouple => format!("config(\"{var}\", default={default}, cast=int)"),
            EnvStyle::Environ(env) => format!("{env}.int(\"{var}\", default={default})"),
            EnvStyle::Os => format!("int(os.environ.get(\"{var}\", \"{default}\"))"),
        }
    }

    /// The import the generated reads need, when the module lacks it.
    pub fn needed_import(&self, module: &PythonModule) -> Option<Edit> {
        match self {
            EnvStyle::Os => ensure_import_module(module, "os"),
            _ => None,
        }
    }
}

/// Whether the module has a top-level `from <module> import <name>`.
pub fn imports_from(module: &PythonModule, from: &str, name: &str) -> bool {
    find_import_from(module, from).is_some_and(|s| s.names.iter().any(|a| a.name.as_str() == name && a.asname.is_none()))
}

fn find_import_from<'m>(module: &'m PythonModule, from: &str) -> Option<&'m ast::StmtImportFrom> {
    module.ast().body.iter().find_map(|stmt| match stmt {
        Stmt::ImportFrom(s) if s.level == 0 && s.module.as_ref().is_some_and(|m| m.as_str() == from) => Some(s),
        _ => None,
    })
}

/// The offset where a new import goes: the start of the first statement that
/// is not the docstring or a `from __future__` import.
fn import_point(module: &PythonModule) -> usize {
    let body = &module.ast().body;
    let mut skip = 0;
    if matches!(body.first(), Some(Stmt::Expr(e)) if e.value.is_string_literal_expr()) {
        skip = 1;
    }
    while matches!(body.get(skip), Some(Stmt::ImportFrom(s)) if s.module.as_ref().is_some_and(|m| m.as_str() == "__future__")) {
        skip += 1;
    }
    match body.get(skip) {
        Some(stmt) => line_start(&module.text, stmt.start().to_usize()),
        None => module.text.len(),
    }
}

/// `import <name>` at the top, unless the module already imports it.
pub fn ensure_import_module(module: &PythonModule, name: &str) -> Option<Edit> {
    let present = module.ast().body.iter().any(|stmt| match stmt {
        Stmt::Import(s) => s.names.iter().any(|a| a.name.as_str() == name && a.asname.is_none()),
        _ => false,
    });
    (!present).then(|| insertion_before_imports(module, &format!("import {name}\n")))
}

/// `from <from> import <name>`: added to an existing `from <from> import …`
/// line when there is one, else a new line at the top.
pub fn ensure_import_from(module: &PythonModule, from: &str, name: &str) -> Option<Edit> {
    if imports_from(module, from, name) {
        return None;
    }
    if let Some(stmt) = find_import_from(module, from) {
        if let Some(last) = stmt.names.last() {
            if last.name.as_str() != "*" {
                let end = last.end().to_usize();
                let after = module.text[end..].trim_start_matches([' ', '\t']);
                // `(a, b,)`: the new name goes after the trailing comma.
                if after.starts_with(',') {
                    let comma = end + (module.text[end..].len() - after.len());
                    return Some(Edit::insert(&module.rel_path, comma + 1, format!(" {name},")));
                }
                return Some(Edit::insert(&module.rel_path, end, format!(", {name}")));
            }
        }
    }
    Some(insertion_before_imports(module, &format!("from {from} import {name}\n")))
}

fn insertion_before_imports(module: &PythonModule, line: &str) -> Edit {
    let at = import_point(module);
    let text = if at == module.text.len() && !module.text.is_empty() && !module.text.ends_with('\n') { format!("\n{line}") } else { line.to_owned() };
    Edit::insert(&module.rel_path, at, text)
}

/// The offset of the start of the line holding `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].rfind('\n').map_or(0, |i| i + 1)
}

/// The indentation (spaces/tabs) of the line holding `offset`.
pub fn indentation(text: &str, offset: usize) -> &str {
    let start = line_start(text, offset);
    let rest = &text[start..];
    &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()]
}

/// The simple assignment `name = value` (or `name: T = value`) that starts at
/// 1-based `line`, searched through `if`/`try`/`with` blocks.
pub fn assignment_at<'m>(module: &'m PythonModule, name: &str, line: u32) -> Option<(&'m Stmt, &'m Expr)> {
    fn search<'m>(module: &'m PythonModule, body: &'m [Stmt], name: &str, line: u32) -> Option<(&'m Stmt, &'m Expr)> {
        for stmt in body {
            let here = module.line(stmt.start()) <= line && line <= module.line(stmt.end());
            if !here {
                continue;
            }
            match stmt {
                Stmt::Assign(a) => {
                    if let [Expr::Name(t)] = a.targets.as_slice() {
                        if t.id.as_str() == name && module.line(stmt.start()) == line {
                            return Some((stmt, a.value.as_ref()));
                        }
                    }
                }
                Stmt::AnnAssign(a) => {
                    if let (Expr::Name(t), Some(value)) = (a.target.as_ref(), a.value.as_deref()) {
                        if t.id.as_str() == name && module.line(stmt.start()) == line {
                            return Some((stmt, value));
                        }
                    }
                }
                Stmt::If(s) => {
                    if let Some(found) = search(module, &s.body, name, line) {
                        return Some(found);
                    }
                    for clause in &s.elif_else_clauses {
                        if let Some(found) = search(module, &clause.body, name, line) {
                            return Some(found);
                        }
                    }
                }
                Stmt::Try(s) => {
                    for block in [&s.body, &s.orelse, &s.finalbody] {
                        if let Some(found) = search(module, block, name, line) {
                            return Some(found);
                        }
                    }
                }
                Stmt::With(s) => {
                    if let Some(found) = search(module, &s.body, name, line) {
                        return Some(found);
                    }
                }
                _ => {}
            }
        }
        None
    }
    search(module, &module.ast().body, name, line)
}

/// Whether `stmt` sits directly in the module body (not nested in a block).
pub fn is_top_level(module: &PythonModule, stmt: &Stmt) -> bool {
    module.ast().body.iter().any(|s| s.range() == stmt.range())
}

/// Writes generated code (which uses `"`) in the quote style the module mostly
/// uses. Generated strings never contain a quote character themselves.
pub fn in_quote_style(module: &PythonModule, code: String) -> String {
    let singles = module.text.matches('\'').count();
    let doubles = module.text.matches('"').count();
    if singles > doubles { code.replace('"', "'") } else { code }
}
