//! OBS012: `print()` in application code. Output without a level, logger or
//! timestamp, invisible to the logging configuration (and, under some servers,
//! buffered or discarded).

use ruff_python_ast::{CmpOp, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::support::app_files;
use crate::analysis::visit::{keyword, Node};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static PRINT_IN_APPLICATION: Rule = Rule {
    code: "OBS012",
    effort_minutes: 5,
    name: "print-in-application-code",
    category: Category::Observability,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "`print()` in application code instead of logging",
    doc: r#"## What it does
Reports calls of the built-in `print()` in application code. Not reported: tests, migrations,
settings and tooling (scripts, `manage.py`); management commands (`management/commands/`),
whose output is meant for the terminal (`self.stdout.write` is preferred there, but `print` is
not a production problem); `print(..., file=...)`, which chooses its stream deliberately; code
under `if __name__ == "__main__":` or `if settings.DEBUG:`; methods of `logging.Handler`
subclasses (a handler cannot log its own failures).

## Why is this bad?
`print()` bypasses the logging configuration: no level, no logger name, no timestamp, no
request context, nothing an error tracker or log filter can act on. Under some WSGI servers
stdout is buffered or discarded, and debugging prints left in views can leak data into logs.

## Example
```python
def checkout(request):
    print("payment intent", intent)
```

Use instead:
```python
logger = logging.getLogger(__name__)

def checkout(request):
    logger.info("Created payment intent %s", intent["id"])
```

## References
- [Django: Logging](https://docs.djangoproject.com/en/stable/topics/logging/)
- [Python: Logging HOWTO](https://docs.python.org/3/howto/logging.html#when-to-use-logging)
"#,
    check: check_print,
};

fn check_print(checker: &Checker, out: &mut Vec<Finding>) {
    for file in app_files(checker) {
        let path = file.path();
        if path.contains("management/commands/") {
            continue;
        }
        let main_blocks = main_guards(&file.module.ast().body);
        file.for_each_node(&mut |node, scope| {
            let Node::Call(call) = node else { return };
            if scope.debug_only || !file.imports.is(&call.func, &["print"]) || keyword(call, "file").is_some() {
                return;
            }
            if main_blocks.iter().any(|b| b.contains_range(call.range())) {
                return;
            }
            // A logging handler cannot log its own failures.
            let in_handler = scope.class.is_some_and(|c| super::functions::bases(c).iter().any(|b| file.imports.qualified(b).is_some_and(|q| q.starts_with("logging."))));
            if in_handler {
                return;
            }
            let place = scope.function.map(|f| format!(" in `{}`", f.name)).unwrap_or_default();
            let message = format!("`print()`{place} writes to stdout outside the logging configuration: no level, logger or timestamp, and nothing log handlers or error tracking can use");
            out.push(PRINT_IN_APPLICATION.finding(path, file.module.span(call.range()), message).with_fix(Fix::manual(
                "Log through a module logger",
                Some("logger = logging.getLogger(__name__)\nlogger.info(\"...\")"),
            )));
        });
    }
}

/// Ranges of `if __name__ == "__main__":` blocks.
fn main_guards(body: &[Stmt]) -> Vec<TextRange> {
    body.iter()
        .filter_map(|s| match s {
            Stmt::If(i) => {
                let Expr::Compare(c) = i.test.as_ref() else { return None };
                let is_name = matches!(c.left.as_ref(), Expr::Name(n) if n.id.as_str() == "__name__");
                let is_eq = matches!(c.ops.first(), Some(CmpOp::Eq));
                (is_name && is_eq).then(|| i.range())
            }
            _ => None,
        })
        .collect()
}
