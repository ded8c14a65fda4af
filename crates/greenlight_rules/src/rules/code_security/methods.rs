//! Methods that forgot `self` (SEC050). Django calls an authentication
//! backend as `backend.authenticate(request, **credentials)`; written as
//! `def authenticate(request, username, password)` inside the class, every
//! sign-in raises a TypeError (or binds the backend to `request`).

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::support::{self, finding_at};
use crate::analysis::visit::Node;
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static METHOD_MISSING_SELF: Rule = Rule {
    code: "SEC050",
    effort_minutes: 5,
    name: "method-missing-self",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "A method is declared without `self`",
    doc: r#"## What it does
Reports a method (a function directly in a class body, not `@staticmethod` or `@classmethod`)
that takes no positional parameter, or whose first parameter is not `self` while the body uses
`self` or the first parameter is `request`. High for authentication backends (`authenticate`,
`get_user`, `has_perm`… in a class whose name or bases say `Backend`), medium otherwise.
Conventional first parameters (`cls` in metaclasses, `mcs`, `root`/`parent` of GraphQL
resolvers, `_`) are left alone, as are `resolve_*` and `mutate` methods and interface classes
(`Protocol`, `Interface`).

## Why is this bad?
Python passes the instance as the first argument. Without `self`, every call shifts the
arguments by one: `authenticate(request, username, password)` receives the backend as
`request` and the request as `username`, or fails with a TypeError. Django then treats the
backend as failing, so nobody can sign in through it; the bug only shows at run time.

## Example
```python
class EmailBackend(ModelBackend):
    def authenticate(request, username=None, password=None):
        ...
```

Use instead:
```python
class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        ...
```

## References
- [Django: Writing an authentication backend](https://docs.djangoproject.com/en/stable/topics/auth/customizing/#writing-an-authentication-backend)
- [Python tutorial: Method objects](https://docs.python.org/3/tutorial/classes.html#method-objects)
"#,
    check: check_methods,
};

const CONVENTIONAL_FIRST: &[&str] = &["self", "cls", "mcs", "mcls", "metacls", "klass", "_self", "this", "root", "parent", "_", "_root", "_parent", "obj", "instance", "info", "s"];
const BACKEND_METHODS: &[&str] = &["authenticate", "get_user", "has_perm", "has_module_perms", "get_all_permissions", "get_user_permissions", "get_group_permissions", "user_can_authenticate", "with_perm"];
const TRANSPARENT_DECORATORS: &[&str] = &["property", "cached_property", "setter", "getter", "deleter", "abstractmethod", "override", "wraps", "transaction.atomic", "atomic"];

fn is_interface(file: &PyFile, class: &ast::StmtClassDef) -> bool {
    class.bases().iter().any(|b| {
        let q = file.imports.qualified(b).unwrap_or_default();
        q.ends_with("Protocol") || q.ends_with("Interface") || q.contains("zope.interface")
    })
}

fn is_backend(file: &PyFile, class: &ast::StmtClassDef) -> bool {
    class.name.as_str().contains("Backend")
        || class.bases().iter().any(|b| file.imports.qualified(b).is_some_and(|q| q.contains("Backend") || q.contains("backends")))
}

fn decorators_allow(def: &ast::StmtFunctionDef) -> bool {
    def.decorator_list.iter().all(|d| {
        let expr = match &d.expression {
            Expr::Call(c) => c.func.as_ref(),
            other => other,
        };
        let name = match expr {
            Expr::Name(n) => n.id.to_string(),
            Expr::Attribute(a) => a.attr.to_string(),
            _ => return false,
        };
        TRANSPARENT_DECORATORS.contains(&name.as_str())
    })
}

fn uses_self(def: &ast::StmtFunctionDef) -> bool {
    support::body_exprs(&def.body).into_iter().any(|e| matches!(e, Expr::Name(n) if n.id.as_str() == "self"))
}

fn problem(def: &ast::StmtFunctionDef) -> Option<String> {
    let params = support::parameter_names(def);
    match params.first() {
        None if def.parameters.vararg.is_none() => Some(format!("method `{}` takes no parameters, so calling it on an instance raises TypeError", def.name)),
        None => None,
        Some(first) if CONVENTIONAL_FIRST.contains(first) => None,
        Some(first) if *first == "request" || uses_self(def) => Some(format!(
            "method `{}` has no `self`: its first parameter `{first}` receives the instance and every other argument shifts by one",
            def.name
        )),
        Some(_) => None,
    }
}

fn check_methods(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        file.for_each_node(&mut |node, scope| {
            let Node::Stmt(Stmt::ClassDef(class)) = node else { return };
            if scope.function.is_some() || is_interface(file, class) {
                return;
            }
            for def in class.body.iter().filter_map(Stmt::as_function_def_stmt) {
                let name = def.name.as_str();
                if !decorators_allow(def) || name.starts_with("resolve_") || name == "mutate" || name == "__new__" || name == "__init_subclass__" || name == "__class_getitem__" {
                    continue;
                }
                let Some(message) = problem(def) else { continue };
                let backend = is_backend(file, class) && BACKEND_METHODS.contains(&name);
                let (severity, message) = if backend {
                    (Severity::High, format!("{message}; Django calls `backend.{name}(request, ...)`, so signing in through `{}` fails", class.name))
                } else {
                    (Severity::Medium, message)
                };
                out.push(finding_at(&METHOD_MISSING_SELF, file, &def.name, message).with_severity(severity).with_fix(Fix::manual(
                    "Add `self` as the first parameter (or make it a @staticmethod)",
                    Some("def authenticate(self, request, username=None, password=None, **kwargs):"),
                )));
            }
        });
    }
}
