//! Queries issued once per row of another query: PERF012 (a ForeignKey or a
//! many-to-many read on each row of a queryset loop, without
//! `select_related`/`prefetch_related`) and PERF014 (`.count()`, `.exists()`,
//! `.get()` ... run inside such a loop).

use ruff_python_ast::{Expr, ExprAttribute};
use ruff_text_size::{Ranged, TextRange};

use super::flow::{walk_exprs, Flow, Loop};
use super::models::{reverse_relations, Model, Models, Relation};
use super::queryset::{querysets, Qs, QsScope};
use super::support::app_files;
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

/// Methods that run one query each time they are called.
const QUERYING: &[&str] = &["count", "exists", "get", "first", "last", "aggregate", "latest", "earliest", "in_bulk"];

pub static N_PLUS_ONE: Rule = Rule {
    code: "PERF012",
    effort_minutes: 15,
    name: "n-plus-one-query",
    category: Category::Performance,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "A loop over a queryset reads a relation of each row: one query per row",
    doc: r#"## What it does
Reports `for x in <queryset>` loops (and comprehensions) whose body reads `x.<fk>.<attr>`, where
`<fk>` is a `ForeignKey`/`OneToOneField` of the queryset's model, or calls `x.<m2m>.all()` on a
many-to-many or reverse relation, when the queryset has no `select_related`/`prefetch_related`.
The queryset must start at a manager of a model of the project (`Member.objects...`, directly or
through a variable) and the field must be a relation in that model's class body; otherwise the
rule stays quiet.

## Why is this bad?
Each access loads the related row with its own query: 1 query for the list plus N for the rows.
A page or export over 5,000 members issues 5,001 queries, and gets slower as the table grows.

## Example
```python
for member in Member.objects.all():
    writer.writerow([member.name, member.tier.name])
```

Use instead:
```python
for member in Member.objects.select_related("tier"):
    writer.writerow([member.name, member.tier.name])
```

## References
- [Django: select_related](https://docs.djangoproject.com/en/stable/ref/models/querysets/#select-related)
- [Django: prefetch_related](https://docs.djangoproject.com/en/stable/ref/models/querysets/#prefetch-related)
"#,
    check: check_n_plus_one,
};

pub static QUERY_IN_LOOP: Rule = Rule {
    code: "PERF014",
    effort_minutes: 20,
    name: "query-in-queryset-loop",
    category: Category::Performance,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "`.count()`, `.exists()`, `.get()` ... run once per row of a queryset loop",
    doc: r#"## What it does
Reports `.count()`, `.exists()`, `.get()`, `.first()`, `.last()`, `.aggregate()`, `.latest()`,
`.earliest()` and `.in_bulk()` called inside a loop over a queryset, on a queryset built from a
model manager (`Booking.objects.filter(member=m).count()`) or on a relation of the loop's row
(`member.bookings.count()`).

## Why is this bad?
Each call is a query, so the loop issues one query per row of the outer queryset. The work
grows with the table; usually one annotated or aggregated query does the same job.

## Example
```python
for event in Event.objects.all():
    taken = Booking.objects.filter(event=event).count()
```

Use instead:
```python
for event in Event.objects.annotate(taken=Count("bookings")):
    taken = event.taken
```

## References
- [Django: Aggregation](https://docs.djangoproject.com/en/stable/topics/db/aggregation/)
- [Django: Database access optimization](https://docs.djangoproject.com/en/stable/topics/db/optimization/)
"#,
    check: check_query_in_loop,
};

/// A loop over a queryset of a local model: the loop, its queryset, the model.
type QsLoop<'a, 'm> = (Loop<'a>, Qs<'a>, &'m Model);

/// What `for_each_loop_expr` calls: the file, an expression, its queryset loops, the function's querysets.
type LoopVisitor<'v> = dyn FnMut(&PyFile, &Expr, &[QsLoop], &QsScope) + 'v;

/// Runs `visit` over every expression of every function of the application,
/// with the loops that iterate querysets of local models.
fn for_each_loop_expr(checker: &Checker, models: &Models, visit: &mut LoopVisitor) {
    for file in app_files(checker) {
        let module = checker.project.module_name(file.path()).unwrap_or_default();
        let file_querysets = querysets(file);
        for (function, scope) in file_querysets.functions() {
            // The queryset loops of the last loop nest seen: every expression
            // of a loop body shares them, so they are worked out once per nest.
            let mut nest: Vec<*const Expr> = Vec::new();
            let mut loops: Vec<QsLoop> = Vec::new();
            walk_exprs(&function.def.body, &mut |expr, flow: &Flow| {
                if flow.loops.is_empty() {
                    return;
                }
                if !nest.iter().copied().eq(flow.loops.iter().map(|l| l.iter as *const Expr)) {
                    nest = flow.loops.iter().map(|l| l.iter as *const Expr).collect();
                    loops = flow
                        .loops
                        .iter()
                        .filter_map(|l| {
                            let qs = scope.iterated(l.iter)?;
                            let model = models.resolve(file, module, qs.owner)?;
                            Some((*l, qs, model))
                        })
                        .collect();
                }
                if !loops.is_empty() {
                    visit(file, expr, &loops, &scope);
                }
            });
        }
    }
}

/// The innermost queryset loop whose target is the name `x`.
fn loop_of<'l, 'a>(loops: &'l [QsLoop<'a, 'l>], x: &Expr) -> Option<&'l QsLoop<'a, 'l>> {
    let Expr::Name(name) = x else { return None };
    loops.iter().rev().find(|(l, _, _)| matches!(l.target, Expr::Name(t) if t.id == name.id))
}

fn check_n_plus_one(checker: &Checker, out: &mut Vec<Finding>) {
    let models = checker.shared(Models::build);
    let mut seen: Vec<(String, TextRange, String)> = Vec::new();
    for_each_loop_expr(checker, &models, &mut |file, expr, loops, _| {
        let Some((relation, access, prefetch)) = relation_read(expr) else { return };
        let Some((l, qs, model)) = loop_of(loops, &relation.value) else { return };
        if qs.prefetches() || qs.yields_rows() {
            return;
        }
        let name = relation.attr.as_str();
        let kind = match models.field(model, name).map(|f| f.relation) {
            Some(Relation::ToOne) if !prefetch => "a ForeignKey",
            Some(Relation::ManyToMany) if prefetch => "a many-to-many relation",
            None if prefetch && reverse_relations(&models, model).iter().any(|(a, _, _)| a == name) => "a reverse relation",
            _ => return,
        };
        let key = (file.path().to_owned(), l.iter.range(), name.to_owned());
        if seen.contains(&key) {
            return;
        }
        seen.push(key);
        let method = if prefetch { "prefetch_related" } else { "select_related" };
        let iterated = file.module.slice(l.iter.range());
        let message = format!(
            "N+1 queries: the loop over `{iterated}` reads `{}` (line {}), {kind} of {} loaded with one query per row; add `.{method}(\"{name}\")` to the queryset",
            file.module.slice(access.range()),
            file.module.line(access.start()),
            model.name
        );
        let span = file.module.span(l.iter.range().cover(access.range()));
        out.push(N_PLUS_ONE.finding(file.path(), span, message).with_fix(Fix::manual(
            format!("Fetch the relation with the queryset: .{method}(\"{name}\")"),
            Some(&format!("{}.{method}(\"{name}\")", iterated.trim_end_matches(".all()"))),
        )));
    });
}

/// `x.rel.attr` (a to-one read) or `x.rel.all()` (a to-many read): the
/// `x.rel` attribute, the whole access, and whether it is to-many.
fn relation_read(expr: &Expr) -> Option<(&ExprAttribute, &Expr, bool)> {
    match expr {
        Expr::Call(call) => {
            let Expr::Attribute(method) = call.func.as_ref() else { return None };
            let Expr::Attribute(relation) = method.value.as_ref() else { return None };
            (method.attr.as_str() == "all" && relation.value.is_name_expr()).then_some((relation, expr, true))
        }
        Expr::Attribute(outer) => {
            let Expr::Attribute(relation) = outer.value.as_ref() else { return None };
            // `x.rel.all` is the to-many case, seen as a call.
            (relation.value.is_name_expr() && outer.attr.as_str() != "all").then_some((relation, expr, false))
        }
        _ => None,
    }
}

fn check_query_in_loop(checker: &Checker, out: &mut Vec<Finding>) {
    let models = checker.shared(Models::build);
    for_each_loop_expr(checker, &models, &mut |file, expr, loops, scope| {
        let Expr::Call(call) = expr else { return };
        let Expr::Attribute(method) = call.func.as_ref() else { return };
        if !QUERYING.contains(&method.attr.as_str()) {
            return;
        }
        let on_manager = scope.queryset(&method.value).is_some();
        let on_relation = !on_manager && row_relation(&models, &method.value, loops);
        if !on_manager && !on_relation {
            return;
        }
        let (l, _, _) = &loops[loops.len() - 1];
        let message = format!(
            "`{}` runs a query on every iteration of the loop over `{}` (line {}): fetch it for all rows at once (annotate, aggregate or prefetch)",
            file.module.slice(call.range()),
            file.module.slice(l.iter.range()),
            file.module.line(l.iter.start())
        );
        out.push(QUERY_IN_LOOP.finding(file.path(), file.module.span(call.range()), message).with_fix(Fix::manual(
            "Compute the value in the outer query",
            Some("Event.objects.annotate(taken=Count(\"bookings\"))"),
        )));
    });
}

/// `x.rel` or `x.rel.filter(...)...` where `x` is a queryset loop's row and
/// `rel` a to-many relation of its model.
fn row_relation(models: &Models, receiver: &Expr, loops: &[QsLoop]) -> bool {
    let mut current = receiver;
    loop {
        match current {
            Expr::Call(c) => match c.func.as_ref() {
                Expr::Attribute(a) => current = &a.value,
                _ => return false,
            },
            Expr::Attribute(a) => {
                let Some((_, _, model)) = loop_of(loops, &a.value) else { return false };
                let name = a.attr.as_str();
                let many = models.field(model, name).is_some_and(|f| f.relation == Relation::ManyToMany);
                return many || reverse_relations(models, model).iter().any(|(accessor, field, _)| accessor == name && !field.one_to_one);
            }
            _ => return false,
        }
    }
}
