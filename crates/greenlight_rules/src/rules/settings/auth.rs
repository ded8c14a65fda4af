//! Password handling: SEC023 no password validators, SEC024 weak hashers.

use greenlight_core::settings::Value;

use super::support::View;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static PASSWORD_VALIDATORS_EMPTY: Rule = Rule {
    code: "SEC023",
    effort_minutes: 10,
    name: "password-validators-empty",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(521),
    summary: "AUTH_PASSWORD_VALIDATORS is empty",
    doc: r#"## What it does
Reports an empty (or unset) `AUTH_PASSWORD_VALIDATORS` when `django.contrib.auth` is installed.

## Why is this bad?
Users can then choose `1234` or their user name as a password; credential stuffing and guessing
succeed against such accounts.

## Example
```python
AUTH_PASSWORD_VALIDATORS = []
```

Use instead:
```python
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
```

## References
- [Django: Password validation](https://docs.djangoproject.com/en/stable/topics/auth/passwords/#password-validation)
- [CWE-521: Weak Password Requirements](https://cwe.mitre.org/data/definitions/521.html)
"#,
    check: check_validators,
};

fn check_validators(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    if view.contains("INSTALLED_APPS", "django.contrib.auth") != super::support::Truth::Yes {
        return;
    }
    if view.value("AUTH_PASSWORD_VALIDATORS").truthy() == Some(false) {
        let message = format!("no password validators: {}", view.provenance("AUTH_PASSWORD_VALIDATORS"));
        out.push(
            view.finding_at(&PASSWORD_VALIDATORS_EMPTY, "AUTH_PASSWORD_VALIDATORS", message)
                .with_fix(Fix::manual("Enable Django's four standard validators", None)),
        );
    }
}

const WEAK_HASHERS: &[&str] = &["MD5PasswordHasher", "UnsaltedMD5PasswordHasher", "UnsaltedSHA1PasswordHasher", "SHA1PasswordHasher", "CryptPasswordHasher"];

pub static WEAK_PASSWORD_HASHER: Rule = Rule {
    code: "SEC024",
    effort_minutes: 15,
    name: "weak-password-hasher",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(916),
    summary: "Passwords are hashed with MD5, SHA1 or crypt",
    doc: r#"## What it does
Reports a `PASSWORD_HASHERS` whose first entry (the one new passwords are hashed with) is MD5,
SHA1 or crypt based.

## Why is this bad?
Those hashes are fast: a leaked database can be cracked at billions of guesses per second.
Django's default PBKDF2 (or Argon2) is designed to be slow.

## Example
```python
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
```

Use instead:
```python
# remove PASSWORD_HASHERS (Django's default), or put Argon2 first:
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
```

## References
- [Django: How Django stores passwords](https://docs.djangoproject.com/en/stable/topics/auth/passwords/)
- [CWE-916: Use of Password Hash With Insufficient Computational Effort](https://cwe.mitre.org/data/definitions/916.html)
"#,
    check: check_hashers,
};

fn check_hashers(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    let hashers = view.value("PASSWORD_HASHERS");
    let Some(Value::Str(first)) = hashers.items().and_then(|items| items.first()) else { return };
    if let Some(weak) = WEAK_HASHERS.iter().find(|w| first.rsplit('.').next() == Some(**w)) {
        let message = format!("new passwords are hashed with {weak}, a fast hash that leaked databases crack quickly");
        out.push(
            view.finding_at(&WEAK_PASSWORD_HASHER, "PASSWORD_HASHERS", message)
                .with_fix(Fix::manual("Remove PASSWORD_HASHERS or put a slow hasher first", None)),
        );
    }
}
