//! CFG001: a setting a Django deploy check depends on could not be evaluated.

use crate::finding::{Category, Severity};
use crate::rule::Rule;

pub static SETTING_UNDETERMINED: Rule = Rule {
    code: "CFG001",
    effort_minutes: 15,
    name: "setting-undetermined",
    category: Category::Configuration,
    severity: Severity::Info,
    django_checks: &[],
    cwe: None,
    summary: "A setting a production check depends on could not be determined statically",
    doc: r#"## What it does
Reports a production check greenlight could not decide because a setting it depends on is
computed in a way static evaluation cannot follow (a function call into project code, a file
read at start-up, a condition on an unknown value). greenlight never guesses: it says which
setting, where, and why.

## Why is this bad?
A value nobody can read from the code is a value nobody reviews. If the audit cannot tell
whether `SECURE_SSL_REDIRECT` is on in production, neither can the next person to change it.

## Example
```python
from .helpers import load_flag
SECURE_SSL_REDIRECT = load_flag("ssl")
```

Use instead:
```python
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
```
Or pass the production environment with `--env`/`--env-file` so the value can be evaluated.

## References
- [Django deployment checklist](https://docs.djangoproject.com/en/stable/howto/deployment/checklist/)
"#,
    check: |_, _| {},
};
