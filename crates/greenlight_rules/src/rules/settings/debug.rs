//! DEBUG in production: SEC001 (Django's security.W018) and SEC021, DEBUG that
//! only stays off because the environment happens to set it.

use greenlight_core::settings::Value;

use super::support::View;
use crate::checker::Checker;
use crate::finding::{Applicability, Category, Finding, Fix, Severity};
use crate::fixes::settings::debug_off;
use crate::rule::Rule;

const FIX_SNIPPET: &str = "DEBUG = env.bool(\"DEBUG\", default=False)  # django-environ\n# or: DEBUG = config(\"DEBUG\", default=False, cast=bool)  # python-decouple";

pub static DEBUG_ENABLED: Rule = Rule {
    code: "SEC001",
    effort_minutes: 15,
    name: "debug-enabled",
    category: Category::Security,
    severity: Severity::Critical,
    django_checks: &["security.W018"],
    cwe: Some(489),
    summary: "DEBUG is True in production",
    doc: r#"## What it does
Reports `DEBUG` evaluating to true under the production profile, and says why: a literal, the
default of an environment variable the profile does not set, or the environment itself.
Same condition as Django's `security.W018`.

## Why is this bad?
With `DEBUG = True`, every error page shows source code, local variables, settings (with
secrets partly masked) and the full URL configuration to anyone who triggers an exception.
Django also keeps every SQL query in memory. It is the single most common way Django sites leak.

## Example
```python
DEBUG = config("DEBUG", default=True, cast=bool)
```

Use instead:
```python
DEBUG = config("DEBUG", default=False, cast=bool)
```

## References
- [Django: DEBUG](https://docs.djangoproject.com/en/stable/ref/settings/#debug)
- [CWE-489: Active Debug Code](https://cwe.mitre.org/data/definitions/489.html)
"#,
    check: check_debug_enabled,
};

fn check_debug_enabled(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    view.report(out, &DEBUG_ENABLED, "security.W018", view.truthy("DEBUG"), || {
        view.finding_at(&DEBUG_ENABLED, "DEBUG", view.provenance("DEBUG"))
            .with_fix(Fix::manual("Read DEBUG from the environment with a False default", Some(FIX_SNIPPET)).with_edits(Applicability::Safe, debug_off(checker.project)))
    });
}

pub static DEBUG_DEFAULT_ON: Rule = Rule {
    code: "SEC021",
    effort_minutes: 10,
    name: "debug-default-on",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(489),
    summary: "DEBUG defaults to True when its environment variable is unset",
    doc: r#"## What it does
Reports `DEBUG` read from an environment variable whose default in the code is true, when the
production profile does set the variable (otherwise SEC001 already reports DEBUG as on).

## Why is this bad?
The site is safe only as long as every deployment remembers to set the variable. A new server,
a renamed variable or a container started without the env file silently turns DEBUG on.
The safe default is off; development machines can opt in.

## Example
```python
DEBUG = os.environ.get("DEBUG", "True") == "True"
```

Use instead:
```python
DEBUG = os.environ.get("DEBUG", "False") == "True"
```

## References
- [Django deployment checklist: DEBUG](https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#debug)
"#,
    check: check_debug_default_on,
};

fn check_debug_default_on(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let Some(setting) = view.settings.get("DEBUG") else { return };
    let Some(env) = &setting.origin.env else { return };
    if !env.present || !matches!(setting.value.truthy(), Some(false)) {
        return;
    }
    let Some(default) = &env.default else { return };
    // The default, run through the same expression, is what production gets
    // without the variable; a truthy default string or True means DEBUG on.
    let on_by_default = match default {
        Value::Bool(b) => *b,
        Value::Str(s) => matches!(s.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on" | "y"),
        Value::Int(i) => *i != 0,
        _ => false,
    };
    if on_by_default {
        let message = format!(
            "DEBUG defaults to True when {} is unset (default {default} in {}:{}); production is safe only while the variable is set",
            env.var, setting.origin.path, setting.origin.line
        );
        out.push(
            view.finding_at(&DEBUG_DEFAULT_ON, "DEBUG", message)
                .with_fix(Fix::manual("Make False the default", Some(FIX_SNIPPET)).with_edits(Applicability::Safe, debug_off(checker.project))),
        );
    }
}
