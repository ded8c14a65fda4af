//! Views that turn "no such row" into a server error: REL002 `Model.objects.get`
//! with no `DoesNotExist` handling, REL007 `request.user.<profile>` on a
//! one-to-one relation some users do not have.

use std::collections::HashSet;

use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::flow::{walk_body, walk_exprs};
use super::functions::{classes, functions, is_view, Function};
use super::models::{Field, Model, Models};
use super::queryset::{querysets, QsScope};
use super::support::app_files;
use crate::analysis::visit::{decorator_name, string_value};
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use crate::rules::settings::support::View;

/// Handlers that cover a missing row.
const CATCHES_MISSING: &[&str] = &["DoesNotExist", "ObjectDoesNotExist", "RelatedObjectDoesNotExist", "Exception", "BaseException"];

pub static GET_WITHOUT_DOES_NOT_EXIST: Rule = Rule {
    code: "REL002",
    effort_minutes: 5,
    name: "get-without-does-not-exist",
    category: Category::Reliability,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(703),
    summary: "`Model.objects.get()` in a view without `DoesNotExist` handling: a missing row is a 500",
    doc: r#"## What it does
Reports `<Model>.objects.get(...)` (or `.get(...)` on a queryset built from a manager) inside a
view (a function whose first parameter is `request`, or a method of a class-based view) that is
not inside a `try` catching `DoesNotExist`, `ObjectDoesNotExist` or `Exception`, when the lookup
uses a value from the URL (the view's parameters, `self.kwargs`) or the request (`request.GET`,
`request.POST`, `request.data`...), directly or through a variable assigned from one: then a
missing row is an expected, visitor-caused case. Lookups on internal values (`request.user`,
a row fetched earlier) are not reported: a miss there is a data bug a 500 rightly reports. Nor
are lookups after the view validated a form or serializer (`.is_valid()`), which commonly
checks that the row exists.
`.get()` on dicts, `request.GET`, caches or HTTP clients is not a queryset and is not reported.

## Why is this bad?
`get()` raises `Model.DoesNotExist` when no row matches. Unhandled, that is an HTTP 500 for
what is really a 404: a stale link or a guessed id pages the on-call engineer, pollutes error
tracking, and shows users a server error page.

## Example
```python
def member_detail(request, pk):
    member = Member.objects.get(pk=pk)
```

Use instead:
```python
def member_detail(request, pk):
    member = get_object_or_404(Member, pk=pk)
```

## References
- [Django: get_object_or_404](https://docs.djangoproject.com/en/stable/topics/http/shortcuts/#get-object-or-404)
- [Django: QuerySet.get](https://docs.djangoproject.com/en/stable/ref/models/querysets/#get)
"#,
    check: check_get,
};

fn check_get(checker: &Checker, out: &mut Vec<Finding>) {
    for file in app_files(checker) {
        let body = &file.module.ast().body;
        let local = classes(body);
        let file_querysets = querysets(file);
        for (function, scope) in file_querysets.functions().filter(|(f, _)| is_view(file, f, &local)) {
            let input = user_input_names(file, &function, &scope);
            let validated = validated_at(function.def);
            walk_exprs(&function.def.body, &mut |expr, flow| {
                let Expr::Call(call) = expr else { return };
                let Expr::Attribute(attr) = call.func.as_ref() else { return };
                if attr.attr.as_str() != "get" || flow.debug_only || flow.catches(file, CATCHES_MISSING) || !lookup_reads_input(call, &input) {
                    return;
                }
                if validated.is_some_and(|v| v < call.start()) {
                    return;
                }
                let Some(qs) = scope.queryset(&attr.value) else { return };
                let model = file.module.slice(qs.owner.range());
                let message = format!(
                    "`{}.get(...)` in view `{}` looks up a value from the request and raises {model}.DoesNotExist when no row matches, which Django answers with a 500 instead of a 404",
                    file.module.slice(attr.value.range()),
                    function.display()
                );
                out.push(GET_WITHOUT_DOES_NOT_EXIST.finding(file.path(), file.module.span(call.range()), message).with_fix(Fix::manual(
                    "Use get_object_or_404 (it accepts a model or a queryset), or catch DoesNotExist",
                    Some(&format!("from django.shortcuts import get_object_or_404\n\nobj = get_object_or_404({model}, pk=pk)")),
                )
                // Unsafe: a missing row becomes Http404, which a caller catching DoesNotExist higher up no longer sees.
                .with_edits(crate::finding::Applicability::Unsafe, crate::fixes::code::get_object_or_404(file.module, call))));
            });
        }
    }
}

pub static USER_RELATION_UNGUARDED: Rule = Rule {
    code: "REL007",
    effort_minutes: 10,
    name: "user-one-to-one-unguarded",
    category: Category::Reliability,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(703),
    summary: "`request.user.<profile>` in a view raises for users without the related row",
    doc: r#"## What it does
Reports `request.user.<accessor>` in a view, where `<accessor>` is the reverse side of a
`OneToOneField` to the user model declared in the project's models (`related_name`, or the
lower-cased model name), when the access is not inside a `try` catching `DoesNotExist` /
`ObjectDoesNotExist` / `AttributeError` and the view does not test it with `hasattr`.

## Why is this bad?
The reverse side of a one-to-one raises `RelatedObjectDoesNotExist` when the row does not
exist. Users created with `createsuperuser`, in the admin, or before the profile model existed
have no profile, and every page that reads it answers them with a 500.

## Example
```python
@login_required
def edit_profile(request):
    member = request.user.member
```

Use instead:
```python
@login_required
def edit_profile(request):
    member = get_object_or_404(Member, user=request.user)
```

## References
- [Django: One-to-one relationships](https://docs.djangoproject.com/en/stable/topics/db/examples/one_to_one/)
"#,
    check: check_user_relation,
};

fn check_user_relation(checker: &Checker, out: &mut Vec<Finding>) {
    let models = checker.shared(Models::build);
    let user_model = View::of(checker).value("AUTH_USER_MODEL").as_str().unwrap_or("auth.User").to_owned();
    let accessors: Vec<(String, &Model)> = models
        .models
        .iter()
        .flat_map(|m| m.fields.iter().filter(|f| f.one_to_one).map(move |f| (m, f)))
        .filter(|(m, f)| targets_user(&models, m, f, &user_model))
        .filter_map(|(m, f)| match &f.related_name {
            Some(name) if name.ends_with('+') => None,
            Some(name) => Some((name.clone(), m)),
            None => Some((m.name.to_lowercase(), m)),
        })
        .collect();
    if accessors.is_empty() {
        return;
    }
    for file in app_files(checker) {
        let body = &file.module.ast().body;
        let local = classes(body);
        for function in functions(body).into_iter().filter(|f| is_view(file, f, &local)) {
            let mut reported: Vec<&str> = Vec::new();
            walk_exprs(&function.def.body, &mut |expr, flow| {
                let Expr::Attribute(attr) = expr else { return };
                let Some((accessor, model)) = accessors.iter().find(|(a, _)| a == attr.attr.as_str()) else { return };
                let guarded = flow.catches(file, &[CATCHES_MISSING, &["AttributeError"]].concat()) || flow.debug_only;
                if guarded || !is_request_user(&attr.value) || reported.contains(&accessor.as_str()) || tests_accessor(file, function.def, accessor) {
                    return;
                }
                reported.push(accessor);
                let message = format!(
                    "`{}` in view `{}` raises {}.DoesNotExist (a 500) for users who have no {} row, such as superusers or accounts created in the admin",
                    file.module.slice(attr.range()),
                    function.display(),
                    model.name,
                    model.name
                );
                out.push(USER_RELATION_UNGUARDED.finding(file.path(), file.module.span(attr.range()), message).with_fix(Fix::manual(
                    "Look the row up with get_object_or_404, or handle its absence",
                    Some(&format!("{} = get_object_or_404({}, user=request.user)", accessor, model.name)),
                )));
            });
        }
    }
}

/// Request attributes that carry what the client sent.
const INPUT_ATTRIBUTES: &[&str] = &["GET", "POST", "data", "DATA", "query_params", "QUERY_PARAMS", "body", "FILES", "COOKIES", "headers", "META", "kwargs"];

/// The view's URL parameters, and the variables assigned from them or from
/// request input (not through a database lookup), in source order.
fn user_input_names(file: &PyFile, function: &Function, scope: &QsScope) -> HashSet<String> {
    let p = &function.def.parameters;
    let positional: Vec<&str> = p.posonlyargs.iter().chain(p.args.iter()).map(|a| a.parameter.name.as_str()).collect();
    let skip = if function.class.is_some() && positional.get(1) == Some(&"request") { 2 } else { 1 };
    let mut names: HashSet<String> = positional.iter().skip(skip).map(|n| n.to_string()).collect();
    names.extend(p.kwonlyargs.iter().map(|a| a.parameter.name.to_string()));
    names.extend(p.vararg.iter().chain(p.kwarg.iter()).map(|a| a.name.to_string()));
    walk_body(&function.def.body, &mut |stmt, _| {
        let (targets, value): (Vec<&Expr>, &Expr) = match stmt {
            Stmt::Assign(a) => (a.targets.iter().collect(), &a.value),
            Stmt::AnnAssign(a) => match &a.value {
                Some(v) => (vec![&a.target], v),
                None => return,
            },
            Stmt::For(f) => (vec![&f.target], &f.iter),
            _ => return,
        };
        if reads_input(value, &names) && !is_lookup(file, value, scope) {
            for target in targets {
                bind_names(target, &mut names);
            }
        }
    }, &mut |_, _| {});
    names
}

fn bind_names(target: &Expr, names: &mut HashSet<String>) {
    match target {
        Expr::Name(n) => {
            names.insert(n.id.to_string());
        }
        Expr::Tuple(t) => t.elts.iter().for_each(|e| bind_names(e, names)),
        Expr::List(l) => l.elts.iter().for_each(|e| bind_names(e, names)),
        _ => {}
    }
}

/// A database lookup (`X.objects.get(...)`, `get_object_or_404(...)`): its result is a row, not input.
fn is_lookup(file: &PyFile, value: &Expr, scope: &QsScope) -> bool {
    let Expr::Call(call) = value else { return false };
    if file.callee(call).is_some_and(|q| q.ends_with("get_object_or_404") || q.ends_with("get_list_or_404")) {
        return true;
    }
    matches!(call.func.as_ref(), Expr::Attribute(a) if scope.queryset(&a.value).is_some())
}

/// Conversions that keep a value what it was (`int(request.GET["id"])`).
const CONVERSIONS: &[&str] = &["int", "str", "float", "UUID", "Decimal", "Q"];

/// The expression is request input itself (or a view parameter), read
/// directly or through subscripts, methods and conversions; not a value
/// computed from it (a form built from `request.POST` is not the input).
fn reads_input(expr: &Expr, input: &HashSet<String>) -> bool {
    match expr {
        Expr::Name(n) => input.contains(n.id.as_str()),
        Expr::Attribute(a) => (INPUT_ATTRIBUTES.contains(&a.attr.as_str()) && is_request_or_self(&a.value)) || reads_input(&a.value, input),
        Expr::Subscript(s) => reads_input(&s.value, input),
        Expr::Call(c) => match c.func.as_ref() {
            Expr::Attribute(a) => reads_input(&a.value, input),
            Expr::Name(n) if CONVERSIONS.contains(&n.id.as_str()) => {
                c.arguments.args.iter().chain(c.arguments.keywords.iter().map(|k| &k.value)).any(|e| reads_input(e, input))
            }
            _ => false,
        },
        Expr::BoolOp(b) => b.values.iter().any(|e| reads_input(e, input)),
        Expr::BinOp(b) => reads_input(&b.left, input) || reads_input(&b.right, input),
        Expr::If(i) => reads_input(&i.body, input) || reads_input(&i.orelse, input),
        Expr::FString(f) => f.value.elements().any(|e| match e {
            ruff_python_ast::InterpolatedStringElement::Interpolation(i) => reads_input(&i.expression, input),
            ruff_python_ast::InterpolatedStringElement::Literal(_) => false,
        }),
        _ => false,
    }
}

/// Some argument of the `.get()` call, or of a call earlier in its chain
/// (`filter(pk=pk).get()`), is request input.
fn lookup_reads_input(call: &ruff_python_ast::ExprCall, input: &HashSet<String>) -> bool {
    let mut current = Some(call);
    while let Some(c) = current {
        if c.arguments.args.iter().chain(c.arguments.keywords.iter().map(|k| &k.value)).any(|e| reads_input(e, input)) {
            return true;
        }
        current = match c.func.as_ref() {
            Expr::Attribute(a) => a.value.as_call_expr(),
            _ => None,
        };
    }
    false
}

/// Where the view first calls `.is_valid()`: a form or serializer checked the input.
fn validated_at(def: &StmtFunctionDef) -> Option<ruff_text_size::TextSize> {
    let mut first = None;
    walk_exprs(&def.body, &mut |expr, _| {
        if let Expr::Call(c) = expr {
            if matches!(c.func.as_ref(), Expr::Attribute(a) if a.attr.as_str() == "is_valid") && first.is_none() {
                first = Some(c.start());
            }
        }
    });
    first
}

fn is_request_or_self(expr: &Expr) -> bool {
    match expr {
        Expr::Name(n) => matches!(n.id.as_str(), "request" | "self"),
        Expr::Attribute(a) => a.attr.as_str() == "request" && matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "self"),
        _ => false,
    }
}

fn targets_user(models: &Models, owner: &Model, field: &Field, user_model: &str) -> bool {
    let target = field.target.as_deref().unwrap_or("");
    if target.ends_with("AUTH_USER_MODEL") || target.ends_with("get_user_model()") || target == "django.contrib.auth.models.User" || target == user_model {
        return true;
    }
    let Some((label, name)) = user_model.rsplit_once('.') else { return false };
    models.target(owner, field).is_some_and(|m| m.name == name && m.app_label() == label)
}

/// `request.user` or `self.request.user`.
fn is_request_user(expr: &Expr) -> bool {
    let Expr::Attribute(user) = expr else { return false };
    if user.attr.as_str() != "user" {
        return false;
    }
    match user.value.as_ref() {
        Expr::Name(n) => n.id.as_str() == "request",
        Expr::Attribute(a) => a.attr.as_str() == "request" && matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "self"),
        _ => false,
    }
}

/// The view tests for the relation: `hasattr(user, "member")`,
/// `getattr(user, "member", None)`, or a decorator named after it
/// (`@member_required`).
fn tests_accessor(file: &PyFile, def: &StmtFunctionDef, accessor: &str) -> bool {
    if def.decorator_list.iter().filter_map(decorator_name).any(|d| d.contains(accessor)) {
        return true;
    }
    let mut found = false;
    walk_exprs(&def.body, &mut |expr, _| {
        let Expr::Call(call) = expr else { return };
        let is_probe = file.callee(call).is_some_and(|q| q == "hasattr" || q == "getattr");
        found |= is_probe && call.arguments.args.get(1).and_then(string_value) == Some(accessor);
    });
    found
}
