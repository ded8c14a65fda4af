//! REL001: exceptions swallowed without a trace. A bare `except:` (which also
//! catches `SystemExit` and `KeyboardInterrupt`) or an `except Exception:`
//! whose body only passes turns a failure into silently wrong behaviour that
//! nobody is told about.

use ruff_python_ast::{self as ast, ExceptHandler, Expr, Stmt};
use ruff_text_size::Ranged;

use super::flow::handler_names;
use super::support::app_files;
use crate::analysis::visit::{walk, Node};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static SWALLOWED_EXCEPTION: Rule = Rule {
    code: "REL001",
    effort_minutes: 10,
    name: "swallowed-exception",
    category: Category::Reliability,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(390),
    summary: "A bare `except:`, or an `except Exception:` that only passes, hides failures",
    doc: r#"## What it does
Reports, in application code (not tests, migrations or settings):
- a bare `except:` whose body does not re-raise;
- an `except Exception:` / `except BaseException:` whose body is only `pass`, `...`,
  `continue` or `return None`, with no logging and no re-raise.

A broad handler around a single `return f(x)` or `value = f(x)` is the "convert or fall back"
idiom and is not reported; a bare `except:` always is, unless it re-raises.

## Why is this bad?
A bare `except:` also catches `SystemExit` and `KeyboardInterrupt`, so a worker asked to stop
keeps running. A broad handler that only passes turns every failure (a database error, a typo,
a provider outage) into silently wrong behaviour: the request "succeeds", the task "completes",
and no log line or error report says otherwise.

## Example
```python
try:
    send_receipt(booking)
except Exception:
    pass
```

Use instead:
```python
try:
    send_receipt(booking)
except SMTPException:
    logger.exception("Could not send the receipt for booking %s", booking.pk)
```

## References
- [Python: Handling exceptions](https://docs.python.org/3/tutorial/errors.html#handling-exceptions)
- [CWE-390: Detection of Error Condition Without Action](https://cwe.mitre.org/data/definitions/390.html)
- [CWE-703: Improper Check or Handling of Exceptional Conditions](https://cwe.mitre.org/data/definitions/703.html)
"#,
    check: check_swallowed,
};

fn check_swallowed(checker: &Checker, out: &mut Vec<Finding>) {
    for file in app_files(checker) {
        file.for_each_node(&mut |node, _| {
            let Node::Stmt(Stmt::Try(t)) = node else { return };
            for ExceptHandler::ExceptHandler(handler) in &t.handlers {
                let message = match &handler.type_ {
                    None if !reraises(&handler.body) => {
                        "bare `except:` catches every exception, including SystemExit and KeyboardInterrupt, and does not re-raise".to_owned()
                    }
                    Some(type_) if is_broad(file, type_) && only_passes(&handler.body) && !is_fallback(&t.body) => {
                        format!("`except {}:` swallows every error here: the body only {}, with no logging and no re-raise", file.module.slice(type_.range()), describe(&handler.body))
                    }
                    _ => continue,
                };
                let span = file.module.span(ruff_text_size::TextRange::new(handler.start(), handler.type_.as_ref().map_or(handler.start(), |t| t.end())));
                out.push(SWALLOWED_EXCEPTION.finding(file.path(), span, message).with_fix(Fix::manual(
                    "Catch the specific exceptions you expect, and log (or re-raise) the rest",
                    Some("except SomeSpecificError:\n    logger.exception(\"what failed and for which object\")"),
                )));
            }
        });
    }
}

fn is_broad(file: &crate::analysis::PyFile, type_: &Expr) -> bool {
    handler_names(file, type_).iter().any(|n| n == "Exception" || n == "BaseException")
}

/// The handler re-raises (a `raise` anywhere in it, outside nested functions).
fn reraises(body: &[Stmt]) -> bool {
    let mut found = false;
    walk(body, &mut |node, scope| {
        if let Node::Stmt(Stmt::Raise(_)) = node {
            found |= scope.function.is_none() && scope.class.is_none();
        }
    });
    found
}

/// `try: return parse(x)` / `try: value = parse(x)`: one value computed or a
/// fallback, the "convert or give up" idiom rather than work silently skipped.
fn is_fallback(body: &[Stmt]) -> bool {
    match body {
        [Stmt::Return(_)] => true,
        [Stmt::Assign(a)] => !matches!(a.value.as_ref(), Expr::Await(_)),
        _ => false,
    }
}

/// The body does nothing: `pass`, `...`, `continue`, `return` / `return None`.
fn only_passes(body: &[Stmt]) -> bool {
    body.iter().all(|stmt| match stmt {
        Stmt::Pass(_) | Stmt::Continue(_) => true,
        Stmt::Expr(e) => matches!(e.value.as_ref(), Expr::EllipsisLiteral(_) | Expr::StringLiteral(_)),
        Stmt::Return(ast::StmtReturn { value: None, .. }) => true,
        Stmt::Return(ast::StmtReturn { value: Some(v), .. }) => v.is_none_literal_expr(),
        _ => false,
    })
}

fn describe(body: &[Stmt]) -> &'static str {
    match body.first() {
        Some(Stmt::Continue(_)) => "continues",
        Some(Stmt::Return(_)) => "returns None",
        _ => "passes",
    }
}
