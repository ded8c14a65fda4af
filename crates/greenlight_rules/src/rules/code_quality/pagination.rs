//! List pages that render a whole table: PERF010 class-based list views
//! without pagination, PERF011 function views that put an unbounded queryset
//! in the template context.

use ruff_python_ast::{Expr, ExprCall, ExprDict, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::flow::{walk_body, walk_exprs};
use super::functions::Function;
use super::list_views::list_view_findings;
use super::queryset::querysets;
use super::support::app_files;
use crate::analysis::visit::{argument, string_value};
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static LIST_VIEW_WITHOUT_PAGINATION: Rule = Rule {
    code: "PERF010",
    effort_minutes: 10,
    name: "list-view-without-pagination",
    category: Category::Performance,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(400),
    summary: "A list view returns every row: no `paginate_by` / `pagination_class`",
    doc: r#"## What it does
Reports:
- `ListView` subclasses (and `ListView.as_view(...)` calls) without `paginate_by` or a
  `get_paginate_by` override, on the class or a local base class;
- DRF `ListAPIView`, `ListCreateAPIView`, `ModelViewSet`, `ReadOnlyModelViewSet` and
  `ListModelMixin` views without `pagination_class` when `REST_FRAMEWORK` has no
  `DEFAULT_PAGINATION_CLASS`.

Only leaf classes are reported (a base class its subclasses paginate is fine), and not when a
base class comes from a third-party package that may paginate, or the queryset is sliced.

## Why is this bad?
Without pagination the view loads and renders every row on each request. It works in
development with twenty rows and times out in production with twenty thousand, using memory
and database time in proportion to the table.

## Example
```python
class MemberListView(ListView):
    model = Member
```

Use instead:
```python
class MemberListView(ListView):
    model = Member
    paginate_by = 50
```

## References
- [Django: Pagination with ListView](https://docs.djangoproject.com/en/stable/topics/pagination/#paginating-a-listview)
- [DRF: Pagination](https://www.django-rest-framework.org/api-guide/pagination/)
"#,
    check: |checker, out| list_view_findings(checker, &LIST_VIEW_WITHOUT_PAGINATION, out),
};

pub static UNPAGINATED_QUERYSET_RENDERED: Rule = Rule {
    code: "PERF011",
    effort_minutes: 15,
    name: "unpaginated-queryset-rendered",
    category: Category::Performance,
    severity: Severity::Low,
    django_checks: &[],
    cwe: Some(400),
    summary: "A function view renders an unbounded queryset with no pagination",
    doc: r#"## What it does
Reports function views (first parameter `request`) that pass a queryset built from a model
manager (`.all()`, `.filter(...)`, ...; directly, through a variable, or through a helper of
the same module) into the context of `render(...)` / `TemplateResponse(...)`, when the queryset
is not sliced and the view uses no `Paginator`. Querysets filtered on the signed-in user
(`filter(member__user=request.user)`) are one user's rows and are not reported.

## Why is this bad?
The template iterates every matching row. The page is fast while the table is small, then
becomes slow and heavy as data accumulates: one request can load the whole table into memory.

## Example
```python
def document_list(request):
    documents = Document.objects.filter(visibility="members")
    return render(request, "documents/list.html", {"documents": documents})
```

Use instead:
```python
def document_list(request):
    documents = Document.objects.filter(visibility="members")
    page = Paginator(documents, 25).get_page(request.GET.get("page"))
    return render(request, "documents/list.html", {"page_obj": page})
```

## References
- [Django: Using Paginator in a view function](https://docs.djangoproject.com/en/stable/topics/pagination/#using-paginator-in-a-view-function)
"#,
    check: check_rendered_querysets,
};

fn check_rendered_querysets(checker: &Checker, out: &mut Vec<Finding>) {
    for file in app_files(checker) {
        let file_querysets = querysets(file);
        for (function, scope) in file_querysets.functions().filter(|(f, _)| f.class.is_none() && f.first_param() == Some("request")) {
            if paginates(file, &function) {
                continue;
            }
            let mut unbounded: Vec<(String, String)> = Vec::new();
            walk_exprs(&function.def.body, &mut |expr, _| {
                let Expr::Call(call) = expr else { return };
                for (key, value) in render_call_context(file, function.def, call) {
                    let Some(qs) = scope.queryset(value) else { continue };
                    let lists_rows = qs.methods.iter().any(|m| m != "none");
                    if lists_rows && !qs.sliced && !qs.user_scoped && !unbounded.iter().any(|(k, _)| *k == key) {
                        unbounded.push((key, file.module.slice(qs.owner.range()).to_owned()));
                    }
                }
            });
            let Some((key, model)) = unbounded.first() else { continue };
            let message = format!(
                "view `{}` renders every row of `{key}` ({model} queryset, neither sliced nor paginated): the page grows with the table",
                function.display()
            );
            out.push(UNPAGINATED_QUERYSET_RENDERED.finding(file.path(), file.module.span(function.def.name.range()), message).with_fix(Fix::manual(
                "Paginate the queryset (or slice it to a fixed size)",
                Some(&format!("page = Paginator({key}, 25).get_page(request.GET.get(\"page\"))")),
            )));
        }
    }
}

/// The view paginates: a `Paginator`, a `paginate`/`get_page` call.
fn paginates(file: &PyFile, function: &Function) -> bool {
    let mut found = false;
    walk_exprs(&function.def.body, &mut |expr, _| {
        if let Expr::Call(call) = expr {
            let q = file.callee(call).unwrap_or_default();
            let last = q.rsplit('.').next().unwrap_or("");
            found |= last.ends_with("Paginator") || last.starts_with("paginate") || last == "get_page";
        }
    });
    found
}

/// Where each rendering call takes its context, as a positional index.
const RENDERERS: &[(&str, usize)] = &[
    ("django.shortcuts.render", 2),
    ("django.shortcuts.render_to_response", 1),
    ("django.template.response.TemplateResponse", 2),
    ("django.template.loader.render_to_string", 1),
];

/// The (key, value) pairs of a rendering call's context: a dict literal, or a
/// variable assigned one (plus its `ctx["key"] = value` items).
fn render_call_context<'a>(file: &PyFile, def: &'a StmtFunctionDef, call: &'a ExprCall) -> Vec<(String, &'a Expr)> {
    let Some(q) = file.callee(call) else { return Vec::new() };
    let Some((_, index)) = RENDERERS.iter().find(|(name, _)| *name == q) else { return Vec::new() };
    match argument(call, *index, "context") {
        Some(Expr::Dict(dict)) => dict_items(dict),
        Some(Expr::Name(name)) => {
            let mut items = Vec::new();
            walk_body(&def.body, &mut |stmt, _| {
                let Stmt::Assign(assign) = stmt else { return };
                match (&assign.targets[..], assign.value.as_ref()) {
                    ([Expr::Name(target)], Expr::Dict(dict)) if target.id == name.id => items.extend(dict_items(dict)),
                    ([Expr::Subscript(sub)], value) => {
                        if let (Expr::Name(target), Some(key)) = (sub.value.as_ref(), string_value(&sub.slice)) {
                            if target.id == name.id {
                                items.push((key.to_owned(), value));
                            }
                        }
                    }
                    _ => {}
                }
            }, &mut |_, _| {});
            items
        }
        _ => Vec::new(),
    }
}

fn dict_items(dict: &ExprDict) -> Vec<(String, &Expr)> {
    dict.items.iter().filter_map(|item| Some((string_value(item.key.as_ref()?)?.to_owned(), &item.value))).collect()
}
