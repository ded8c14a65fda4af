//! CFG006: a `noqa` that suppresses nothing (computed by the checker, which
//! sees every suppression and every finding).

use crate::finding::{Category, Severity};
use crate::rule::Rule;

pub static UNUSED_SUPPRESSION: Rule = Rule {
    code: "CFG006",
    effort_minutes: 2,
    name: "unused-suppression",
    category: Category::Configuration,
    severity: Severity::Low,
    django_checks: &[],
    cwe: None,
    summary: "A `# noqa: CODE` comment suppresses nothing",
    doc: r#"## What it does
Reports a greenlight code in a `# noqa:` (or template `{# noqa: … #}`) comment when no finding of
that code is on that line. Codes of other tools (`E501`, `S101`) are left alone.

## Why is this bad?
Stale suppressions hide the next real problem on that line, and make reviewers believe a risk was
accepted that no longer exists.

## Example
```python
DEBUG = False  # noqa: SEC001
```

Use instead:
```python
DEBUG = False
```

## References
- [ruff: unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/)
"#,
    check: |_, _| {},
};
