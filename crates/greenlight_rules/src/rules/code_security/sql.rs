//! SQL assembled from strings at run time (SEC031): the classic injection,
//! through `cursor.execute`, `Model.objects.raw`, `.extra()` and `RawSQL`,
//! including a local variable built first and executed later.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{self as ast, Expr};

use super::support::{self, finding_at, Function};
use crate::analysis::visit::argument;
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static SQL_STRING_BUILT: Rule = Rule {
    code: "SEC031",
    effort_minutes: 30,
    name: "sql-built-from-strings",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(89),
    summary: "SQL built with an f-string, `%`, `.format()` or `+` is passed to the database",
    doc: r#"## What it does
Reports raw SQL that is assembled from strings at run time (f-strings, `%` formatting,
`str.format()`, `+`) and passed to `cursor.execute()`/`executemany()`, `Model.objects.raw()`,
`QuerySet.extra(where=..., select=...)` or `RawSQL(...)`, directly or through a local variable of
the same function (`sql = f"..."; cursor.execute(sql)`). Critical when the spliced values come
from the request in the same function, high otherwise. Spliced values that cannot carry user
text (UPPER_CASE constants, `int(...)`, `quote_name(...)`, `", ".join(["%s"] * n)` placeholder
lists, `_meta.db_table`) are not reported.

## Why is this bad?
Whatever ends up in the string is executed as SQL. A search box value of `' OR 1=1 --` reads
every row; worse values drop tables or read password hashes. The database driver escapes
parameters passed separately; string formatting escapes nothing.

## Example
```python
cursor.execute(f"SELECT * FROM documents WHERE title LIKE '%{query}%'")
```

Use instead:
```python
cursor.execute("SELECT * FROM documents WHERE title LIKE %s", [f"%{query}%"])
```

## References
- [Django: Performing raw SQL queries](https://docs.djangoproject.com/en/stable/topics/db/sql/)
- [OWASP: SQL Injection Prevention Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html)
- [CWE-89](https://cwe.mitre.org/data/definitions/89.html)
"#,
    check: check_sql,
};

const SQL_WORDS: &[&str] = &["select ", "insert ", "update ", "delete ", "where ", " from ", "order by", " set ", "values", "create ", "drop ", "alter ", "join ", "limit "];

fn check_sql(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        for function in support::functions(file) {
            if !function.debug_only {
                check_function(file, &function, out);
            }
        }
    }
}

fn check_function(file: &PyFile, function: &Function, out: &mut Vec<Finding>) {
    let assignments = support::assignments_of(function);
    for &call in support::calls_of(function) {
        let fragment = support::callee_name(call) == Some("extra");
        for sql in sql_arguments(file, call) {
            let Some((built, parts)) = built_sql(sql, &assignments, fragment) else { continue };
            let risky: Vec<&Expr> = parts.into_iter().filter(|p| !support::is_harmless(p, &assignments, &sql_harmless)).collect();
            if risky.is_empty() {
                continue;
            }
            out.push(report(file, function, call, built, &risky, support::tainted_of(function)));
        }
    }
}

/// The SQL arguments of a database call.
fn sql_arguments<'a>(file: &PyFile, call: &'a ast::ExprCall) -> Vec<&'a Expr> {
    let name = support::callee_name(call).unwrap_or("");
    let is_method = matches!(call.func.as_ref(), Expr::Attribute(_));
    match name {
        "execute" | "executemany" if is_method => argument(call, 0, "sql").into_iter().collect(),
        "raw" if is_method => argument(call, 0, "raw_query").into_iter().collect(),
        "extra" if is_method => ["where", "select"]
            .iter()
            .filter_map(|k| crate::analysis::visit::keyword(call, k))
            .flat_map(|e| match e {
                Expr::List(l) => l.elts.iter().collect::<Vec<_>>(),
                Expr::Tuple(t) => t.elts.iter().collect(),
                Expr::Dict(d) => d.items.iter().map(|i| &i.value).collect(),
                other => vec![other],
            })
            .collect(),
        "RawSQL" if file.callee(call).is_some_and(|q| q.starts_with("django.")) => {
            argument(call, 0, "sql").into_iter().collect()
        }
        _ => Vec::new(),
    }
}

/// The string-building expression behind `sql` (itself, or the value a
/// local was given) and what it splices in, when it looks like SQL (a
/// `fragment` of `.extra()` is SQL whatever it looks like).
fn built_sql<'a>(sql: &'a Expr, assignments: &HashMap<&str, Vec<&'a Expr>>, fragment: bool) -> Option<(&'a Expr, Vec<&'a Expr>)> {
    let candidates: Vec<&Expr> = match sql {
        Expr::Name(n) => assignments.get(n.id.as_str()).cloned().unwrap_or_default(),
        other => vec![other],
    };
    let looks_like_sql = |e: &Expr| {
        let text = format!(" {} ", support::literal_text(e).to_ascii_lowercase());
        SQL_WORDS.iter().any(|w| text.contains(w))
    };
    // Identifiers in DDL (`CREATE SEQUENCE {name}`) cannot be parameters.
    let ddl = |e: &Expr| {
        let text = support::literal_text(e).trim_start().to_ascii_lowercase();
        ["create ", "drop ", "alter ", "truncate ", "comment on ", "set "].iter().any(|k| text.starts_with(k))
    };
    if candidates.iter().any(|e| ddl(e)) {
        return None;
    }
    let sql_text_known = fragment || candidates.iter().any(|e| looks_like_sql(e));
    candidates.into_iter().find_map(|e| {
        let parts = support::spliced_parts(e)?;
        (sql_text_known || looks_like_sql(e)).then_some((e, parts))
    })
}

/// SQL shapes that cannot carry user text: `_meta.db_table`, placeholder
/// lists (`", ".join(["%s"] * n)`), the compiler's own SQL.
fn sql_harmless(part: &Expr) -> bool {
    match part {
        Expr::Call(c) => support::callee_name(c) == Some("join") && c.arguments.args.first().is_some_and(joins_placeholders),
        Expr::Attribute(a) => a.attr.as_str() == "db_table" || matches!(a.value.as_ref(), Expr::Attribute(m) if m.attr.as_str() == "_meta"),
        _ => false,
    }
}

/// `["%s"] * n`, `("%s" for _ in ids)`, `["%s"] * len(ids)`.
fn joins_placeholders(expr: &Expr) -> bool {
    support::sub_exprs(expr).into_iter().all(|e| match e {
        Expr::StringLiteral(s) => matches!(s.value.to_str().trim(), "%s" | "?" | "(%s)" | "(%s, %s)" | "%s, %s"),
        Expr::Name(_) | Expr::Attribute(_) | Expr::Call(_) | Expr::NumberLiteral(_) | Expr::BinOp(_) | Expr::List(_) | Expr::Tuple(_) | Expr::Generator(_) | Expr::ListComp(_) => true,
        _ => false,
    }) && support::sub_exprs(expr).into_iter().any(|e| matches!(e, Expr::StringLiteral(_)))
}

/// A parameterised rewrite, only for an f-string written in the `execute` call itself.
fn sql_fix(file: &PyFile, call: &ast::ExprCall, built: &Expr) -> Option<Vec<crate::finding::Edit>> {
    let name = support::callee_name(call)?;
    if name != "execute" || !call.arguments.args.first().is_some_and(|a| std::ptr::eq(a, built)) {
        return None;
    }
    crate::fixes::code::parameterised_sql(file.module, call).map(|e| vec![e])
}

fn report(file: &PyFile, function: &Function, call: &ast::ExprCall, built: &Expr, risky: &[&Expr], tainted: &HashSet<String>) -> Finding {
    let from_request = risky.iter().any(|p| support::reads_tainted(p, tainted));
    let spliced = file.module.slice(ruff_text_size::Ranged::range(risky[0])).to_owned();
    let spliced_line = support::line_of(file, risky[0]);
    let how = match built {
        Expr::FString(_) => "an f-string",
        Expr::BinOp(b) if b.op == ast::Operator::Mod => "`%` formatting",
        Expr::BinOp(_) => "string concatenation",
        _ => "`str.format()`",
    };
    let callee = file.module.slice(ruff_text_size::Ranged::range(call.func.as_ref())).to_owned();
    let origin = if from_request { ", and the value comes from the request" } else { "" };
    let message = format!(
        "`{callee}()` in `{}` runs SQL built with {how} that splices in `{spliced}` (line {spliced_line}){origin}; pass values as query parameters",
        function.def.name
    );
    let severity = if from_request { Severity::Critical } else { Severity::High };
    finding_at(&SQL_STRING_BUILT, file, call, message).with_severity(severity).with_fix(Fix::manual(
        "Keep the SQL constant and pass the values as parameters; the driver quotes them",
        Some("cursor.execute(\"SELECT ... WHERE title LIKE %s\", [f\"%{query}%\"])"),
    )
    // Safe: offered only when every value that worked unquoted reaches the database unchanged as a parameter.
    .with_edits(crate::finding::Applicability::Safe, sql_fix(file, call, built)))
}
