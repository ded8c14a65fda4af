//! PERF013: `len(queryset)` to count rows. `len()` fetches every row into
//! memory; `.count()` asks the database for one number.

use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use super::flow::walk_exprs;
use super::queryset::querysets;
use super::support::app_files;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static LEN_OF_QUERYSET: Rule = Rule {
    code: "PERF013",
    effort_minutes: 5,
    name: "len-of-queryset",
    category: Category::Performance,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "`len(queryset)` loads every row just to count them",
    doc: r#"## What it does
Reports `len(...)` of a queryset built from a model manager (`Member.objects.filter(...)`,
directly or through a variable), when the queryset is not sliced and, for a variable, is used
for nothing else in the function (if the rows are used anyway, `len()` on the evaluated
queryset is fine).

## Why is this bad?
`len()` evaluates the queryset: every matching row is fetched and turned into a model instance
only to be counted and thrown away. `.count()` runs `SELECT COUNT(*)` and returns one integer.

## Example
```python
if len(Booking.objects.filter(event=event)) >= event.capacity:
    ...
```

Use instead:
```python
if Booking.objects.filter(event=event).count() >= event.capacity:
    ...
```

## References
- [Django: QuerySet.count](https://docs.djangoproject.com/en/stable/ref/models/querysets/#count)
- [Django: Don't retrieve things you don't need](https://docs.djangoproject.com/en/stable/topics/db/optimization/#don-t-retrieve-things-you-don-t-need)
"#,
    check: check_len,
};

fn check_len(checker: &Checker, out: &mut Vec<Finding>) {
    for file in app_files(checker) {
        let file_querysets = querysets(file);
        for (function, scope) in file_querysets.functions() {
            let mut uses: Vec<(&str, ruff_text_size::TextRange)> = Vec::new();
            walk_exprs(&function.def.body, &mut |expr, _| {
                if let Expr::Name(n) = expr {
                    if n.ctx.is_load() {
                        uses.push((n.id.as_str(), n.range()));
                    }
                }
            });
            walk_exprs(&function.def.body, &mut |expr, _| {
                let Expr::Call(call) = expr else { return };
                let [argument] = &call.arguments.args[..] else { return };
                if !file.imports.is(&call.func, &["len"]) || !call.arguments.keywords.is_empty() {
                    return;
                }
                let Some(qs) = scope.queryset(argument) else { return };
                if qs.sliced || !qs.known {
                    return;
                }
                if let Some(var) = &qs.var {
                    // Another read of the variable (other than `var = var.filter(...)`): the rows are used.
                    let rebuilds = self_assignments(function.def, var);
                    let used_elsewhere = uses.iter().any(|(n, r)| {
                        n == var && !argument.range().contains_range(*r) && !rebuilds.iter().any(|v| v.contains_range(*r))
                    });
                    if used_elsewhere {
                        return;
                    }
                }
                let text = file.module.slice(argument.range());
                let message = format!("`len({text})` fetches every row only to count them; `{text}.count()` asks the database for the number");
                out.push(LEN_OF_QUERYSET.finding(file.path(), file.module.span(call.range()), message).with_fix(Fix::manual(
                    "Use .count() (or .exists() for a test against zero)",
                    Some(&format!("{text}.count()")),
                )));
            });
        }
    }
}

/// The right-hand sides of `var = ...` assignments.
fn self_assignments(def: &ruff_python_ast::StmtFunctionDef, var: &str) -> Vec<ruff_text_size::TextRange> {
    let mut out = Vec::new();
    super::flow::walk_body(
        &def.body,
        &mut |stmt, _| {
            if let ruff_python_ast::Stmt::Assign(a) = stmt {
                if a.targets.iter().any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == var)) {
                    out.push(a.value.range());
                }
            }
        },
        &mut |_, _| {},
    );
    out
}
