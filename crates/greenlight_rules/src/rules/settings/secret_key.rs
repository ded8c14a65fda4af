//! SECRET_KEY: SEC002 (security.W009), SEC020 (security.W025) and SEC022, a
//! key or key fallback written in a committed file.

use greenlight_core::settings::Value;

use super::support::{Truth, View};
use crate::checker::Checker;
use crate::finding::{Applicability, Category, Finding, Fix, Severity};
use crate::fixes::settings::secret_key_from_env;
use crate::rule::Rule;

const MIN_LENGTH: usize = 50;
const MIN_UNIQUE: usize = 5;
const INSECURE_PREFIX: &str = "django-insecure-";

const FIX_SNIPPET: &str = "SECRET_KEY = os.environ[\"SECRET_KEY\"]  # fails at start-up when unset\n\
# generate one: python -c 'from django.core.management.utils import get_random_secret_key; print(get_random_secret_key())'";

/// Why Django's `_check_secret_key` rejects `key`, if it does.
fn weakness(key: &str) -> Option<String> {
    let unique = key.chars().collect::<std::collections::HashSet<_>>().len();
    if key.starts_with(INSECURE_PREFIX) {
        Some(format!("starts with '{INSECURE_PREFIX}' (the key startproject writes for development)"))
    } else if key.chars().count() < MIN_LENGTH {
        Some(format!("is {} characters long (at least {MIN_LENGTH} needed)", key.chars().count()))
    } else if unique < MIN_UNIQUE {
        Some(format!("has only {unique} distinct characters (at least {MIN_UNIQUE} needed)"))
    } else {
        None
    }
}

pub static SECRET_KEY_WEAK: Rule = Rule {
    code: "SEC002",
    effort_minutes: 30,
    name: "secret-key-weak",
    category: Category::Security,
    severity: Severity::Critical,
    django_checks: &["security.W009"],
    cwe: Some(330),
    summary: "SECRET_KEY is missing, short, low-entropy or a development key",
    doc: r#"## What it does
Reports a production `SECRET_KEY` that is empty, shorter than 50 characters, has fewer than 5
distinct characters, or starts with `django-insecure-` — Django's `security.W009` — and says
where the value comes from (often the default of an environment variable).

## Why is this bad?
The secret key signs sessions, password-reset tokens, messages and everything using
`django.core.signing`. Anyone who knows or guesses it can forge them: log in as any user,
reset any password.

## Example
```python
SECRET_KEY = config("SECRET_KEY", default="django-insecure-change-me")
```

Use instead:
```python
SECRET_KEY = config("SECRET_KEY")  # no default: start-up fails when it is missing
```

## References
- [Django: SECRET_KEY](https://docs.djangoproject.com/en/stable/ref/settings/#secret-key)
- [CWE-330: Use of Insufficiently Random Values](https://cwe.mitre.org/data/definitions/330.html)
"#,
    check: check_secret_key_weak,
};

fn check_secret_key_weak(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let value = view.value("SECRET_KEY");
    let fails = match &value {
        Value::Str(key) => Truth::from_bool(weakness(key).is_some()),
        Value::Unknown(_) => Truth::Unknown(format!(
            "SECRET_KEY: {}",
            value.unknown_reason().unwrap_or("could not be evaluated")
        )),
        // Django raises on a non-string key; the check cannot pass.
        _ => Truth::Yes,
    };
    if matches!(fails, Truth::Unknown(_)) && matches!(view.settings.get("SECRET_KEY").and_then(|s| s.origin.env.as_ref()), Some(env) if env.default.is_none()) {
        // Required from the environment: production must provide it; nothing to report.
        return;
    }
    view.report(out, &SECRET_KEY_WEAK, "security.W009", fails, || {
        let why = match &value {
            Value::Str(key) if key.is_empty() => "is empty".to_owned(),
            Value::Str(key) => weakness(key).unwrap_or_default(),
            other => format!("is {other}, not a string"),
        };
        let message = match view.settings.get("SECRET_KEY") {
            Some(_) => format!("SECRET_KEY {why}: {}", view.provenance("SECRET_KEY")),
            None => format!("SECRET_KEY is not set in {}", view.settings.path),
        };
        view.finding_at(&SECRET_KEY_WEAK, "SECRET_KEY", message)
            .with_fix(Fix::manual("Read a long random key from the environment, with no default", Some(FIX_SNIPPET)).with_edits(secret_key_applicability(&view), secret_key_from_env(checker.project)))
    });
}

pub static SECRET_KEY_FALLBACK_WEAK: Rule = Rule {
    code: "SEC020",
    effort_minutes: 30,
    name: "secret-key-fallback-weak",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &["security.W025"],
    cwe: Some(330),
    summary: "A SECRET_KEY_FALLBACKS entry is weak",
    doc: r#"## What it does
Reports each entry of `SECRET_KEY_FALLBACKS` that fails the same strength test as `SECRET_KEY`
(Django's `security.W025`).

## Why is this bad?
Fallback keys still validate signatures: a weak fallback is as good as a weak key to an attacker.

## Example
```python
SECRET_KEY_FALLBACKS = ["old-key"]
```

Use instead:
```python
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
```

## References
- [Django: SECRET_KEY_FALLBACKS](https://docs.djangoproject.com/en/stable/ref/settings/#secret-key-fallbacks)
"#,
    check: check_fallbacks,
};

fn check_fallbacks(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    match view.value("SECRET_KEY_FALLBACKS") {
        Value::List(keys) | Value::Tuple(keys) => {
            for (index, key) in keys.iter().enumerate() {
                let fails = match key {
                    Value::Str(k) => Truth::from_bool(weakness(k).is_some()),
                    Value::Unknown(why) => Truth::Unknown(format!("SECRET_KEY_FALLBACKS[{index}]: {why}")),
                    _ => Truth::Yes,
                };
                view.report(out, &SECRET_KEY_FALLBACK_WEAK, "security.W025", fails, || {
                    let why = key.as_str().and_then(weakness).unwrap_or_else(|| "is not a string".into());
                    view.finding_at(&SECRET_KEY_FALLBACK_WEAK, "SECRET_KEY_FALLBACKS", format!("SECRET_KEY_FALLBACKS[{index}] {why}"))
                });
            }
        }
        Value::Unknown(why) => out.push(view.undetermined(&SECRET_KEY_FALLBACK_WEAK, "security.W025", &format!("SECRET_KEY_FALLBACKS: {why}"))),
        _ => {}
    }
}

pub static SECRET_KEY_IN_SOURCE: Rule = Rule {
    code: "SEC022",
    effort_minutes: 60,
    name: "secret-key-in-source",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(798),
    summary: "SECRET_KEY (or its fallback default) is written in a committed file",
    doc: r#"## What it does
Reports a `SECRET_KEY` whose value, or the default used when its environment variable is unset,
is a string literal in the repository. Critical when production would use that literal.

## Why is this bad?
Everyone with read access to the repository — every contributor, CI system, fork and backup —
holds the key that signs your users' sessions. A committed key must be considered leaked and
rotated; a committed *fallback* becomes the production key the day the variable is forgotten.

## Example
```python
SECRET_KEY = os.environ.get("SECRET_KEY", "k8#2v!x...")
```

Use instead:
```python
SECRET_KEY = os.environ["SECRET_KEY"]
```

## References
- [Django deployment checklist: SECRET_KEY](https://docs.djangoproject.com/en/stable/howto/deployment/checklist/#secret-key)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
"#,
    check: check_in_source,
};

fn check_in_source(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let Some(setting) = view.settings.get("SECRET_KEY") else { return };
    let at = format!("{}:{}", setting.origin.path, setting.origin.line);
    let (committed, used_in_production) = match &setting.origin.env {
        None => (setting.value.as_str().filter(|k| !k.is_empty()).map(str::to_owned), true),
        Some(env) => match &env.default {
            Some(Value::Str(d)) if !d.is_empty() => (Some(d.clone()), !env.present),
            _ => (None, false),
        },
    };
    let Some(key) = committed else { return };
    let preview = greenlight_core::settings::mask::mask_str(&key);
    let finding = if used_in_production {
        view.finding_at(&SECRET_KEY_IN_SOURCE, "SECRET_KEY", format!("SECRET_KEY '{preview}' is committed in {at} and is the key production uses"))
            .with_severity(Severity::Critical)
    } else {
        let var = setting.origin.env.as_ref().map(|e| e.var.as_str()).unwrap_or("SECRET_KEY");
        view.finding_at(&SECRET_KEY_IN_SOURCE, "SECRET_KEY", format!("SECRET_KEY falls back to the committed value '{preview}' when {var} is unset ({at})"))
    };
    let fix = Fix::manual("Remove the literal, rotate the key, and read it from the environment with no default", Some(FIX_SNIPPET));
    out.push(finding.with_fix(fix.with_edits(secret_key_applicability(&view), secret_key_from_env(checker.project))));
}

/// Dropping the committed key is safe when production already sets the
/// variable; when production runs on the committed key, the deploy must set
/// the variable first (and sessions signed with the old key end): unsafe.
fn secret_key_applicability(view: &View) -> Applicability {
    match view.settings.get("SECRET_KEY").and_then(|s| s.origin.env.as_ref()) {
        Some(env) if env.present => Applicability::Safe,
        _ => Applicability::Unsafe,
    }
}

#[cfg(test)]
mod tests {
    use super::weakness;

    #[test]
    fn django_strength_rules() {
        assert!(weakness("django-insecure-".repeat(5).as_str()).is_some());
        assert!(weakness("short").is_some());
        assert!(weakness(&"ab".repeat(30)).is_some());
        assert!(weakness("n4#x9!qLz0@w7^e2&r5*t8(y1)u3_i6+o0-p=[]{};:,./<>?abcdef").is_none());
        assert!(weakness(&"abcde".repeat(10)).is_none(), "50 chars, 5 distinct: passes");
    }
}
