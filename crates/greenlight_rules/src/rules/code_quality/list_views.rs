//! PERF010's search: class-based list views (Django's `ListView`, DRF's list
//! views and viewsets) that no class in their local lineage paginates.

use std::collections::{HashMap, HashSet};

use greenlight_core::settings::Value;
use ruff_python_ast::{Expr, Stmt, StmtClassDef};
use ruff_text_size::Ranged;

use super::functions::{bases, classes};
use super::support::{app_files, assigned};
use crate::analysis::visit::{keyword, Node};
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Finding, Fix};
use crate::rule::Rule;

const LIST_VIEWS: &[&str] = &["django.views.generic.ListView", "django.views.generic.list.ListView"];
const DRF_LIST_VIEWS: &[&str] = &[
    "rest_framework.generics.ListAPIView",
    "rest_framework.generics.ListCreateAPIView",
    "rest_framework.viewsets.ModelViewSet",
    "rest_framework.viewsets.ReadOnlyModelViewSet",
    "rest_framework.mixins.ListModelMixin",
];

struct Class<'c, 'p> {
    file: &'c PyFile<'p>,
    def: &'c StmtClassDef,
    qualified: String,
    bases: Vec<String>,
}

impl Class<'_, '_> {
    fn assigns(&self, name: &str) -> Option<&Expr> {
        self.def.body.iter().find_map(|s| match s {
            Stmt::Assign(a) if matches!(&a.targets[..], [Expr::Name(n)] if n.id.as_str() == name) => Some(a.value.as_ref()),
            _ => None,
        })
    }

    fn defines(&self, name: &str) -> bool {
        self.def.body.iter().any(|s| matches!(s, Stmt::FunctionDef(f) if f.name.as_str() == name))
    }

    /// `queryset = ...[:n]`, or a `get_queryset` that returns a slice.
    fn bounded(&self) -> bool {
        let sliced = |e: &Expr| matches!(e, Expr::Subscript(s) if s.slice.is_slice_expr());
        if self.assigns("queryset").is_some_and(sliced) {
            return true;
        }
        self.def.body.iter().any(|s| match s {
            Stmt::FunctionDef(f) if f.name.as_str() == "get_queryset" => {
                f.body.iter().any(|s| matches!(s, Stmt::Return(r) if r.value.as_deref().is_some_and(sliced)))
            }
            _ => false,
        })
    }
}

pub fn list_view_findings(checker: &Checker, rule: &'static Rule, out: &mut Vec<Finding>) {
    let all = collect(checker);
    let by_name: HashMap<&str, &Class> = all.iter().map(|c| (c.qualified.as_str(), c)).collect();
    let drf_default = drf_default_pagination(checker);
    let subclassed: HashSet<&str> = all.iter().flat_map(|c| c.bases.iter().map(String::as_str)).collect();
    for class in &all {
        if subclassed.contains(class.qualified.as_str()) {
            continue; // a base class: its subclasses are judged
        }
        let lineage = lineage(class, &by_name);
        let external: Vec<&String> = lineage.iter().flat_map(|c| &c.bases).filter(|b| !by_name.contains_key(b.as_str())).collect();
        let unknown = external.iter().any(|b| !(b.starts_with("django.") || b.starts_with("rest_framework.") || *b == "object"));
        if unknown || lineage.iter().any(|c| c.bounded()) {
            continue;
        }
        let is = |set: &[&str]| external.iter().any(|b| set.contains(&b.as_str()));
        let model = lineage.iter().find_map(|c| c.assigns("model")).map(|m| class.file.module.slice(m.range()).to_owned());
        let rows = model.map(|m| format!("every {m} row")).unwrap_or_else(|| "every row of its queryset".to_owned());
        let message = if is(LIST_VIEWS) {
            let paginated = lineage.iter().any(|c| {
                c.assigns("paginate_by").is_some_and(|v| !v.is_none_literal_expr()) || c.defines("get_paginate_by") || c.defines("paginate_queryset")
            });
            if paginated {
                continue;
            }
            format!("`{}` is a ListView with no `paginate_by`: {rows} is loaded and rendered on each request", class.def.name)
        } else if is(DRF_LIST_VIEWS) && drf_default == Some(false) {
            if lineage.iter().any(|c| c.assigns("pagination_class").is_some() || c.defines("paginate_queryset")) {
                continue;
            }
            format!("`{}` lists {rows} in one response: it sets no `pagination_class` and REST_FRAMEWORK has no DEFAULT_PAGINATION_CLASS", class.def.name)
        } else {
            continue;
        };
        out.push(rule.finding(class.file.path(), class.file.module.span(class.def.name.range()), message).with_fix(Fix::manual(
            "Paginate the view",
            Some(if is(LIST_VIEWS) { "paginate_by = 50" } else { "pagination_class = PageNumberPagination  # or set DEFAULT_PAGINATION_CLASS" }),
        )));
    }
    as_view_findings(checker, rule, out);
}

/// `ListView.as_view(model=X)` in a urlconf, without `paginate_by=`.
fn as_view_findings(checker: &Checker, rule: &'static Rule, out: &mut Vec<Finding>) {
    for file in app_files(checker) {
        file.for_each_node(&mut |node, _| {
            let Node::Call(call) = node else { return };
            let Expr::Attribute(attr) = call.func.as_ref() else { return };
            if attr.attr.as_str() != "as_view" || !file.imports.is(&attr.value, LIST_VIEWS) || keyword(call, "paginate_by").is_some() {
                return;
            }
            let message = "`ListView.as_view(...)` without `paginate_by=`: every row of its queryset is rendered on each request".to_owned();
            out.push(rule.finding(file.path(), file.module.span(call.range()), message).with_fix(Fix::manual("Pass paginate_by", Some("ListView.as_view(model=..., paginate_by=50)"))));
        });
    }
}

fn collect<'c, 'p>(checker: &'c Checker<'p>) -> Vec<Class<'c, 'p>> {
    let mut out = Vec::new();
    for file in app_files(checker) {
        let module = checker.project.module_name(file.path()).unwrap_or_default();
        let local = classes(&file.module.ast().body);
        for def in local.values() {
            let bases = bases(def)
                .iter()
                .filter_map(|b| file.imports.qualified(b))
                .map(|q| if local.contains_key(q.as_str()) && !module.is_empty() { format!("{module}.{q}") } else { q })
                .collect();
            let qualified = if module.is_empty() { def.name.to_string() } else { format!("{module}.{}", def.name) };
            out.push(Class { file, def, qualified, bases });
        }
    }
    out.sort_by(|a, b| (a.file.path(), a.def.range().start()).cmp(&(b.file.path(), b.def.range().start())));
    out
}

/// The class and its local ancestors.
fn lineage<'a, 'c, 'p>(class: &'a Class<'c, 'p>, by_name: &HashMap<&str, &'a Class<'c, 'p>>) -> Vec<&'a Class<'c, 'p>> {
    let mut out = vec![class];
    let mut i = 0;
    while i < out.len() && out.len() < 16 {
        for base in &out[i].bases.clone() {
            if let Some(parent) = by_name.get(base.as_str()) {
                if !out.iter().any(|c| std::ptr::eq(*c, *parent)) {
                    out.push(parent);
                }
            }
        }
        i += 1;
    }
    out
}

/// Whether REST_FRAMEWORK sets a default pagination class; `None` when unknown.
fn drf_default_pagination(checker: &Checker) -> Option<bool> {
    match assigned(checker, "REST_FRAMEWORK") {
        None | Some(Value::None) => Some(false),
        Some(value @ Value::Dict(_)) => match value.dict_get(&Value::Str("DEFAULT_PAGINATION_CLASS".to_owned())) {
            Some(Some(v)) => Some(!matches!(v, Value::None)),
            Some(None) => Some(false),
            None => None,
        },
        _ => None,
    }
}
