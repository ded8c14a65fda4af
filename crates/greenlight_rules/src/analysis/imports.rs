//! Which local names refer to which imported things, so rules match
//! `csrf_exempt` by what it is (`django.views.decorators.csrf.csrf_exempt`),
//! not by how it is spelled.

use ruff_python_ast::{Expr, Stmt};
use rustc_hash::FxHashMap;

#[derive(Debug, Default, Clone)]
pub struct ImportMap {
    /// local name → qualified name (`np` → `numpy`, `exempt` → `django.views.decorators.csrf.csrf_exempt`).
    names: FxHashMap<String, String>,
}

impl ImportMap {
    /// Collects every import in the module, at any depth (imports inside
    /// functions count: they are how views often import helpers).
    pub fn build(body: &[Stmt], module_name: Option<&str>, is_package: bool) -> ImportMap {
        let mut map = ImportMap::default();
        let package = match module_name {
            Some(m) if is_package => m.to_owned(),
            Some(m) => m.rsplit_once('.').map(|(p, _)| p.to_owned()).unwrap_or_default(),
            None => String::new(),
        };
        collect(body, &package, &mut map.names);
        map
    }

    /// The qualified name of a `Name` or dotted `Attribute` chain, resolved
    /// through the imports (`models.Model` → `django.db.models.Model`). Names
    /// not imported resolve to themselves (builtins such as `eval`).
    pub fn qualified(&self, expr: &Expr) -> Option<String> {
        let mut out = String::new();
        self.write_qualified(expr, &mut out).then_some(out)
    }

    /// Appends the qualified name to `out` (one allocation for the whole
    /// chain: rules ask this of nearly every call); false if `expr` is not a
    /// name or attribute chain.
    fn write_qualified(&self, expr: &Expr, out: &mut String) -> bool {
        match expr {
            Expr::Name(n) => {
                out.push_str(self.names.get(n.id.as_str()).map_or(n.id.as_str(), String::as_str));
                true
            }
            Expr::Attribute(a) if self.write_qualified(&a.value, out) => {
                out.push('.');
                out.push_str(a.attr.as_str());
                true
            }
            _ => false,
        }
    }

    /// Whether `expr` names exactly `qualified` (or one of `alternatives`).
    /// Compares from the last attribute leftwards without building the
    /// qualified name: rules ask this of nearly every call.
    pub fn is(&self, expr: &Expr, qualified: &[&str]) -> bool {
        qualified.iter().any(|q| self.names_exactly(expr, q))
    }

    fn names_exactly(&self, expr: &Expr, qualified: &str) -> bool {
        match expr {
            Expr::Name(n) => self.names.get(n.id.as_str()).map_or(n.id.as_str(), String::as_str) == qualified,
            Expr::Attribute(a) => qualified
                .strip_suffix(a.attr.as_str())
                .and_then(|rest| rest.strip_suffix('.'))
                .is_some_and(|rest| self.names_exactly(&a.value, rest)),
            _ => false,
        }
    }

    /// Whether any import comes from `module` or a submodule of it.
    pub fn imports_from(&self, module: &str) -> bool {
        self.names.values().any(|q| q.strip_prefix(module).is_some_and(|rest| rest.is_empty() || rest.starts_with('.')))
    }
}

fn collect(body: &[Stmt], package: &str, names: &mut FxHashMap<String, String>) {
    for stmt in body {
        match stmt {
            Stmt::Import(s) => {
                for alias in &s.names {
                    let full = alias.name.as_str();
                    match &alias.asname {
                        Some(asname) => names.insert(asname.to_string(), full.to_owned()),
                        None => {
                            let top = full.split('.').next().unwrap_or(full);
                            names.insert(top.to_owned(), top.to_owned())
                        }
                    };
                }
            }
            Stmt::ImportFrom(s) => {
                let module = resolve(package, s.module.as_ref().map(|m| m.as_str()), s.level);
                for alias in &s.names {
                    if alias.name.as_str() == "*" {
                        continue;
                    }
                    let local = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                    let full = if module.is_empty() { alias.name.to_string() } else { format!("{module}.{}", alias.name) };
                    names.insert(local, full);
                }
            }
            Stmt::FunctionDef(f) => collect(&f.body, package, names),
            Stmt::ClassDef(c) => collect(&c.body, package, names),
            Stmt::If(i) => {
                collect(&i.body, package, names);
                for clause in &i.elif_else_clauses {
                    collect(&clause.body, package, names);
                }
            }
            Stmt::Try(t) => {
                collect(&t.body, package, names);
                for handler in &t.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                    collect(&h.body, package, names);
                }
                collect(&t.orelse, package, names);
            }
            Stmt::With(w) => collect(&w.body, package, names),
            _ => {}
        }
    }
}

fn resolve(package: &str, module: Option<&str>, level: u32) -> String {
    if level == 0 {
        return module.unwrap_or_default().to_owned();
    }
    let mut parts: Vec<&str> = if package.is_empty() { Vec::new() } else { package.split('.').collect() };
    for _ in 1..level {
        parts.pop();
    }
    if let Some(m) = module {
        parts.push(m);
    }
    parts.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(source: &str) -> (ImportMap, ruff_python_ast::ModModule) {
        let parsed = ruff_python_parser::parse_module(source).unwrap().into_syntax();
        (ImportMap::build(&parsed.body, Some("app.views"), false), parsed)
    }

    #[test]
    fn resolves_aliases_and_relative_imports() {
        let (m, ast) = map("from django.views.decorators.csrf import csrf_exempt as ce\nimport subprocess as sp\nfrom .models import Member\nfrom django.db import models\nce\nsp.run\nMember.objects\nmodels.Model\neval\n");
        let exprs: Vec<&Expr> = ast.body.iter().filter_map(|s| s.as_expr_stmt()).map(|e| e.value.as_ref()).collect();
        let q: Vec<String> = exprs.iter().map(|e| m.qualified(e).unwrap()).collect();
        assert_eq!(q, ["django.views.decorators.csrf.csrf_exempt", "subprocess.run", "app.models.Member.objects", "django.db.models.Model", "eval"]);
    }

    #[test]
    fn is_agrees_with_the_qualified_name() {
        let (m, ast) = map("from django.views.decorators import csrf\nfrom django.views.decorators.csrf import csrf_exempt as ce\nimport subprocess as sp\ncsrf.csrf_exempt\nce\nsp.run\nsp.run.x\nrun\nf().run\n");
        let exprs: Vec<&Expr> = ast.body.iter().filter_map(|s| s.as_expr_stmt()).map(|e| e.value.as_ref()).collect();
        let candidates = ["django.views.decorators.csrf.csrf_exempt", "subprocess.run", "subprocess.run.x", "run", "sp.run", "csrf.csrf_exempt", "subprocess"];
        for expr in exprs {
            for candidate in candidates {
                let expected = m.qualified(expr).is_some_and(|q| q == candidate);
                assert_eq!(m.is(expr, &[candidate]), expected, "{expr:?} is {candidate}");
            }
        }
    }
}
