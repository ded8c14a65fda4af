//! PERF015: model fields the code filters or orders by that no index covers.
//! Each such query scans the table; the cost is invisible until the table is
//! large.

use std::collections::BTreeMap;

use ruff_python_ast::{Expr, ExprCall, Stmt};
use ruff_text_size::Ranged;

use super::flow::walk_exprs;
use super::functions::{classes, is_view, is_view_class};
use super::models::{Model, Models, Relation};
use super::queryset::{querysets, keyword_fields, QsScope};
use super::support::app_files;
use crate::analysis::visit::string_value;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

/// Lookups a B-tree index on the column serves.
const INDEXABLE_LOOKUPS: &[&str] = &["", "exact", "in", "gt", "gte", "lt", "lte", "range", "isnull"];
/// Field types an index rarely helps alone (few distinct values) or that are not indexed plainly.
const UNHELPFUL: &[&str] = &["BooleanField", "NullBooleanField", "JSONField", "TextField", "FileField", "ImageField", "BinaryField"];

pub static FIELD_WITHOUT_INDEX: Rule = Rule {
    code: "PERF015",
    effort_minutes: 20,
    name: "filtered-field-without-index",
    category: Category::Performance,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "A model field is filtered or ordered on, but no index covers it",
    doc: r#"## What it does
Collects, over the application code, `filter(field=...)`, `exclude(...)`, `get(...)`,
`get_or_create(...)`, `update_or_create(...)` keyword lookups and `order_by("field")` /
`order_by("-field")` on querysets of the project's own models. A field is reported once, at its
definition, when it is used in at least two places or in a view, and it has no `db_index=True`,
`unique=True` or `primary_key=True`, is not a `ForeignKey`/`OneToOneField`/`SlugField` (indexed
by default), and is not the leading field of a `Meta.indexes` entry, `unique_together`,
`index_together` or unique constraint.

A query that also filters on an indexed field (the primary key, a ForeignKey, a `db_index`
field, the first field of a `Meta` index), in the same call or earlier in the chain, does not
count: the database uses that index and checks the rest on the few rows it finds.
Lookups an ordinary index does not serve (`icontains`, `startswith`, `year`...) and lookups
across relations (`tier__name`) are ignored, as are boolean, text, JSON and file fields and
fields with `choices` (few distinct values: an index on them alone rarely helps).

## Why is this bad?
Without an index, each of these queries reads the whole table. That is instant with the
development data and grows linearly with production data; the page that lists "active members
by city" slows down a little every week.

## Example
```python
class Member(models.Model):
    email = models.EmailField()

Member.objects.filter(email=address)
```

Use instead:
```python
class Member(models.Model):
    email = models.EmailField(db_index=True)
```

## References
- [Django: Field.db_index](https://docs.djangoproject.com/en/stable/ref/models/fields/#db-index)
- [Django: Model index reference](https://docs.djangoproject.com/en/stable/ref/models/indexes/)
"#,
    check: check_indexes,
};

/// One query that uses a field: where, and whether in a view.
struct Use {
    path: String,
    line: u32,
    in_view: bool,
}

fn check_indexes(checker: &Checker, out: &mut Vec<Finding>) {
    let models = checker.shared(Models::build);
    let mut uses: BTreeMap<(String, String), Vec<Use>> = BTreeMap::new();
    for file in app_files(checker) {
        let module = checker.project.module_name(file.path()).unwrap_or_default();
        let body = &file.module.ast().body;
        let local = classes(body);
        let file_querysets = querysets(file);
        let mut record = |scope: &QsScope, expr: &Expr, in_view: bool| {
            let Expr::Call(call) = expr else { return };
            let Expr::Attribute(method) = call.func.as_ref() else { return };
            let Some(qs) = scope.queryset(&method.value) else { return };
            let Some(model) = models.resolve(file, module, qs.owner) else { return };
            // A query that also filters on an indexed column uses that index; the rest is a cheap residual filter.
            let mut filtered = qs.filter_fields.clone();
            if method.attr.as_str() != "order_by" {
                filtered.extend(keyword_fields(call));
            }
            // `**{lookup: value}` may name an indexed field: unknown, so not counted.
            let unpacked = call.arguments.keywords.iter().any(|k| k.arg.is_none());
            if unpacked || filtered.iter().any(|f| leads_index(&models, model, f)) {
                return;
            }
            for field in used_fields(method.attr.as_str(), call) {
                let line = file.module.line(call.start());
                let entry = uses.entry((model.qualified.clone(), field)).or_default();
                if !entry.iter().any(|u| u.path == file.path() && u.line == line) {
                    entry.push(Use { path: file.path().to_owned(), line, in_view });
                }
            }
        };
        for (function, scope) in file_querysets.functions() {
            let in_view = is_view(file, &function, &local);
            walk_exprs(&function.def.body, &mut |expr, _| record(&scope, expr, in_view));
        }
        // Class attributes such as `queryset = Member.objects.filter(...)`.
        let empty = file_querysets.empty_scope();
        for class in local.values() {
            let in_view = is_view_class(file, class, &local);
            for attribute in class.body.iter().filter(|s| matches!(s, Stmt::Assign(_))) {
                walk_exprs(std::slice::from_ref(attribute), &mut |expr, _| record(&empty, expr, in_view));
            }
        }
    }
    for ((qualified, name), places) in uses {
        let Some(model) = models.by_qualified(&qualified) else { continue };
        let Some((owner, field)) = models.field_and_owner(model, &name) else { continue };
        let reported = places.len() >= 2 || places.iter().any(|u| u.in_view);
        if !reported || leads_index(&models, model, &name) || field.has_choices || UNHELPFUL.contains(&field.class.as_str()) {
            continue;
        }
        let listed: Vec<String> = places.iter().take(3).map(|u| format!("{}:{}", u.path, u.line)).collect();
        let more = if places.len() > 3 { format!(" and {} more", places.len() - 3) } else { String::new() };
        let message = format!(
            "`{}.{name}` is filtered or ordered on ({}{more}) but has no index: each of these queries scans the whole table",
            model.name,
            listed.join(", ")
        );
        out.push(FIELD_WITHOUT_INDEX.finding(&owner.path, greenlight_core::Span::line(field.line), message).with_fix(Fix::manual(
            "Index the field (db_index=True or a Meta.indexes entry), with a migration",
            Some(&format!("{name} = models.{}(..., db_index=True)", field.class)),
        )));
    }
}

/// Some index starts with the field: the primary key, `db_index`/`unique`, a
/// ForeignKey, or the first field of a `Meta` index or unique set.
fn leads_index(models: &Models, model: &Model, name: &str) -> bool {
    if name == "pk" || name == "id" || models.meta_indexed(model, name) {
        return true;
    }
    models.field(model, name).is_some_and(|f| f.indexed || f.relation != Relation::Plain)
}

/// The local fields a queryset call filters or orders on.
fn used_fields(method: &str, call: &ExprCall) -> Vec<String> {
    match method {
        "filter" | "exclude" | "get" | "get_or_create" | "update_or_create" => call
            .arguments
            .keywords
            .iter()
            .filter_map(|k| k.arg.as_ref().map(|a| a.as_str()))
            .filter(|a| !matches!(*a, "defaults" | "create_defaults"))
            .filter_map(|a| {
                let (field, lookup) = a.split_once("__").unwrap_or((a, ""));
                INDEXABLE_LOOKUPS.contains(&lookup).then(|| field.to_owned())
            })
            .filter(|f| f != "pk" && f != "id")
            .collect(),
        "order_by" => call
            .arguments
            .args
            .iter()
            .filter_map(string_value)
            .map(|s| s.trim_start_matches('-'))
            .filter(|s| !s.contains("__") && !s.contains('?') && *s != "pk" && *s != "id")
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}
