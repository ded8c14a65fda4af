//! Weak randomness and hashing where secrets are made: `random` building
//! tokens, passwords and codes (SEC041), MD5/SHA-1 applied to passwords (SEC042).

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::support::{self, finding_at};
use crate::analysis::visit::{Node, Scope};
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static INSECURE_RANDOM: Rule = Rule {
    code: "SEC041",
    effort_minutes: 10,
    name: "insecure-random-for-secret",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(338),
    summary: "The `random` module generates a token, password, code or key",
    doc: r#"## What it does
Reports calls of the `random` module's functions (`random.choice`, `choices`, `randint`,
`randrange`, `random`, `sample`, `getrandbits`; not `random.SystemRandom`) whose result is
assigned to a name that says it is secret (token, password, otp, pin, nonce, salt, secret,
api key, verification/reset/activation code) or that sit in a function named that way
(`generate_token`, `make_otp`).

## Why is this bad?
`random` is a Mersenne Twister: after observing 624 outputs an attacker can predict every
later one, and its seed is often guessable. Tokens, reset codes and one-time passwords made with
it can be predicted. `secrets` uses the operating system's generator.

## Example
```python
otp = "".join(random.choices(string.digits, k=6))
```

Use instead:
```python
otp = "".join(secrets.choice(string.digits) for _ in range(6))
```

## References
- [Python: secrets](https://docs.python.org/3/library/secrets.html)
- [Django: get_random_string](https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.crypto.get_random_string)
- [CWE-338](https://cwe.mitre.org/data/definitions/338.html)
"#,
    check: check_insecure_random,
};

pub static WEAK_PASSWORD_HASH: Rule = Rule {
    code: "SEC042",
    effort_minutes: 60,
    name: "weak-password-hash",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(916),
    summary: "MD5 or SHA-1 is applied to a password",
    doc: r#"## What it does
Reports `hashlib.md5()`, `hashlib.sha1()` and `hashlib.new("md5"/"sha1", ...)` whose argument
mentions a password (`password`, `passwd`, `pwd`, `raw_password`), and `.update(password)` on
such a hash object.

## Why is this bad?
MD5 and SHA-1 are fast: a single GPU tries billions of guesses a second, so a leaked table of
such hashes gives up most passwords within hours. Password storage needs a slow, salted
function; Django's `make_password` uses PBKDF2 (or Argon2/bcrypt when configured).

## Example
```python
user.password_hash = hashlib.md5(password.encode()).hexdigest()
```

Use instead:
```python
from django.contrib.auth.hashers import make_password
user.password = make_password(password)
```

## References
- [Django: Password management](https://docs.djangoproject.com/en/stable/topics/auth/passwords/)
- [OWASP: Password Storage Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html)
- [CWE-916](https://cwe.mitre.org/data/definitions/916.html)
"#,
    check: check_weak_hash,
};

const RANDOM_FUNCTIONS: &[&str] = &["choice", "choices", "randint", "randrange", "random", "sample", "getrandbits", "randbytes", "shuffle", "uniform"];
const SECRET_WORDS: &[&str] = &["token", "password", "passwd", "pwd", "otp", "pin", "nonce", "salt", "secret", "passcode", "apikey", "totp"];
const CODE_QUALIFIERS: &[&str] = &["verification", "verify", "reset", "activation", "confirm", "confirmation", "auth", "login", "invite", "invitation", "security", "access", "recovery", "mfa", "sms", "email"];

/// Whether an identifier names a secret: one of the secret words, `api_key`,
/// or a `code`/`key` qualified as a verification/reset/… one.
pub fn names_secret(identifier: &str) -> bool {
    let words = support::words(identifier);
    let has = |w: &str| words.iter().any(|x| x == w);
    SECRET_WORDS.iter().any(|w| has(w))
        || (has("key") && (has("api") || has("secret") || has("access") || has("private")))
        || (has("code") && CODE_QUALIFIERS.iter().any(|q| has(q)))
}

fn is_weak_random(file: &PyFile, call: &ast::ExprCall) -> bool {
    file.callee(call).is_some_and(|q| {
        q.strip_prefix("random.").is_some_and(|f| RANDOM_FUNCTIONS.contains(&f))
    })
}

fn assigned_name(stmt: &Stmt) -> Option<(&str, &Expr)> {
    match stmt {
        Stmt::Assign(a) => a.targets.iter().find_map(|t| support::expr_identifier(t)).map(|n| (n, a.value.as_ref())),
        Stmt::AnnAssign(a) => a.value.as_deref().and_then(|v| support::expr_identifier(&a.target).map(|n| (n, v))),
        Stmt::Return(r) => r.value.as_deref().map(|v| ("", v)),
        _ => None,
    }
}

fn check_insecure_random(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        file.for_each_node(&mut |node, scope: &Scope| {
            let Node::Stmt(stmt) = node else { return };
            let Some((target, value)) = assigned_name(stmt) else { return };
            if scope.debug_only {
                return;
            }
            let function = scope.function.map(|f| f.name.as_str()).unwrap_or("");
            let secret = if names_secret(target) { target } else if names_secret(function) { function } else { return };
            let Some(call) = support::sub_exprs(value).into_iter().filter_map(|e| e.as_call_expr()).find(|c| is_weak_random(file, c)) else { return };
            let callee = file.callee(call).unwrap_or_default();
            let what = if secret == target { format!("`{target}` is made with `{callee}()`") } else { format!("`{function}` makes its value with `{callee}()`") };
            let message = format!("{what}, which is predictable; use the `secrets` module for tokens, passwords and codes");
            out.push(finding_at(&INSECURE_RANDOM, file, call, message).with_fix(Fix::manual(
                "Use the operating system's generator",
                Some("secrets.token_urlsafe(32)  # or secrets.choice(...), django.utils.crypto.get_random_string(...)"),
            )));
        });
    }
}

fn mentions_password(expr: &Expr) -> bool {
    support::sub_exprs(expr).into_iter().any(|e| {
        support::expr_identifier(e).is_some_and(|n| {
            let words = support::words(n);
            words.iter().any(|w| matches!(w.as_str(), "password" | "passwd" | "pwd" | "passphrase"))
        }) && !matches!(e, Expr::StringLiteral(_))
    })
}

fn weak_hash(file: &PyFile, call: &ast::ExprCall) -> Option<&'static str> {
    match &*file.callee(call)? {
        "hashlib.md5" => Some("MD5"),
        "hashlib.sha1" => Some("SHA-1"),
        "hashlib.new" => match call.arguments.args.first().and_then(crate::analysis::visit::string_value)?.to_ascii_lowercase().as_str() {
            "md5" => Some("MD5"),
            "sha1" | "sha-1" => Some("SHA-1"),
            _ => None,
        },
        _ => None,
    }
}

fn check_weak_hash(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        for function in support::functions(file) {
            let assignments = support::assignments_of(function);
            for &call in support::calls_of(function) {
                let hashed = if let Some(algorithm) = weak_hash(file, call) {
                    let data = if file.imports.is(&call.func, &["hashlib.new"]) { call.arguments.args.get(1) } else { call.arguments.args.first() };
                    data.filter(|d| mentions_password(d)).map(|_| algorithm)
                } else {
                    updated_weak_hash(file, call, &assignments)
                };
                let Some(algorithm) = hashed else { continue };
                let message = format!("`{}` hashes a password with {algorithm}, which is fast to brute-force; use Django's password hashers", function.def.name);
                out.push(finding_at(&WEAK_PASSWORD_HASH, file, call, message).with_fix(Fix::manual(
                    "Store passwords with make_password/check_password (PBKDF2, Argon2, bcrypt)",
                    Some("from django.contrib.auth.hashers import make_password\nuser.password = make_password(raw_password)"),
                )));
            }
        }
    }
}

/// `h = hashlib.md5(); h.update(password)`.
fn updated_weak_hash(file: &PyFile, call: &ast::ExprCall, assignments: &std::collections::HashMap<&str, Vec<&Expr>>) -> Option<&'static str> {
    let Expr::Attribute(a) = call.func.as_ref() else { return None };
    if a.attr.as_str() != "update" || !call.arguments.args.first().is_some_and(mentions_password) {
        return None;
    }
    let Expr::Name(receiver) = a.value.as_ref() else { return None };
    assignments.get(receiver.id.as_str())?.iter().find_map(|v| v.as_call_expr().and_then(|c| weak_hash(file, c)))
}
