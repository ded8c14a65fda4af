//! Credentials written in Python source (SEC038): provider keys recognised by
//! their format anywhere outside tests, and literals assigned to names that say
//! they are secret. `SECRET_KEY` and `DATABASES` belong to the settings rules.

use ruff_python_ast::{self as ast, Expr, Stmt};

use super::support::{self, finding_at};
use crate::analysis::visit::{keyword, Node};
use crate::analysis::{FileRole, PyFile};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use greenlight_core::settings::mask::mask_str;

pub static HARDCODED_CREDENTIAL: Rule = Rule {
    code: "SEC038",
    effort_minutes: 30,
    name: "hardcoded-credential",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(798),
    summary: "An API key, token or password is written in the source",
    doc: r#"## What it does
Reports, in every Python file except tests:
- string literals in the format of a provider credential (critical): Stripe and Paystack live
  secret keys (`sk_live_`, `rk_live_`), AWS access key ids (`AKIA…`), GitHub tokens (`ghp_`,
  `github_pat_`), Slack tokens (`xoxb-`…), private key headers (`-----BEGIN … PRIVATE KEY-----`);
- a literal assigned to a name that says it is secret (`*_PASSWORD`, `*_SECRET`, `*_API_KEY`,
  `*_TOKEN`, `*_PRIVATE_KEY`), directly or as the default of an environment read (high).
Keys that are public by design (`*_PUBLISHABLE_KEY`, `*_PUBLIC_KEY`, map and reCAPTCHA site
keys) are not reported by name. Empty strings, environment reads without a default, and obvious placeholders (`changeme`,
`your-api-key`, `xxx`, `<...>`, values containing `example`, `dummy`, `test`) are not reported:
a placeholder does not leak anything, and refusing to start without the variable is the fix.
`SECRET_KEY` and database passwords are left to SEC002/SEC022/CFG002. The secret is masked in
the message.

## Why is this bad?
Source code is copied to laptops, CI logs, forks, backups and container images. A key in it
is as good as published, and it cannot be rotated without a deploy. Stripe live keys move money;
AWS keys run up bills within minutes of leaking to a public repository.

## Example
```python
STRIPE_SECRET_KEY = "sk_live_51H8..."
```

Use instead:
```python
STRIPE_SECRET_KEY = config("STRIPE_SECRET_KEY")  # no default: fail at start-up if unset
```

## References
- [OWASP: Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
"#,
    check: check_credentials,
};

/// (regex, what it is).
const PROVIDER_PATTERNS: &[(&str, &str)] = &[
    (r"^(sk|rk)_live_[0-9A-Za-z]{16,}$", "Stripe/Paystack live secret key"),
    (r"^AKIA[0-9A-Z]{16}$", "AWS access key id"),
    (r"^(ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{30,}$", "GitHub token"),
    (r"^github_pat_[0-9A-Za-z_]{40,}$", "GitHub fine-grained token"),
    (r"^xox[baprs]-[0-9A-Za-z-]{10,}$", "Slack token"),
    (r"-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----", "private key"),
];

const SECRET_SUFFIXES: &[&str] = &["password", "passwd", "secret", "api_key", "apikey", "token", "private_key", "secret_key", "access_key", "auth_token", "client_secret", "signing_key", "webhook_secret"];
const NOT_SECRET_WORDS: &[&str] = &["url", "field", "name", "label", "help", "msg", "message", "param", "header", "prefix", "type", "path", "file", "env", "var", "setting", "length", "min", "max", "timeout", "expiry", "age", "template", "regex", "pattern", "format", "salt", "uri", "endpoint", "id", "key_id", "cookie", "session", "public", "publishable", "map", "maps", "site"];
const PLACEHOLDERS: &[&str] = &["change", "your", "example", "placeholder", "dummy", "xxx", "test", "fake", "sample", "insecure", "replace", "todo", "fixme", "secret", "password", "default", "local", "dev", "none", "null", "***", "..."];

fn provider_match(text: &str) -> Option<&'static str> {
    static COMPILED: std::sync::OnceLock<Vec<(regex::Regex, &'static str)>> = std::sync::OnceLock::new();
    let compiled = COMPILED.get_or_init(|| PROVIDER_PATTERNS.iter().map(|(re, what)| (regex::Regex::new(re).expect("valid regex"), *what)).collect());
    if text.len() < 16 {
        return None;
    }
    compiled.iter().find(|(re, _)| re.is_match(text.trim())).map(|(_, what)| *what)
}

fn secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if matches!(lower.as_str(), "secret_key" | "password") {
        return false;
    }
    let words = support::words(name);
    SECRET_SUFFIXES.iter().any(|s| lower.ends_with(s) && (lower.len() == s.len() || lower[..lower.len() - s.len()].ends_with('_')))
        && !words.iter().any(|w| NOT_SECRET_WORDS.contains(&w.as_str()))
}

/// In settings, `SECRET_KEY` and the database password are SEC002/SEC022/CFG002's
/// (`DJANGO_SECRET_KEY = "..."`, `DB_PASSWORD = config(..., default="...")`).
fn covered_by_settings_rules(name: &str) -> bool {
    let words = support::words(name);
    let has = |w: &str| words.iter().any(|x| x == w);
    (has("secret") && has("key") && words.len() <= 3 && (words.len() == 2 || has("django")))
        || ["db", "database", "postgres", "postgresql", "mysql", "pg"].iter().any(|w| has(w))
}

/// A literal that could be a real credential: long enough, no spaces, not a placeholder, not an identifier.
fn looks_real(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    value.chars().count() >= 8
        && !value.chars().any(char::is_whitespace)
        && !value.contains(['<', '>', '{', '}', '$', '%', '/'])
        && !PLACEHOLDERS.iter().any(|p| lower.contains(p))
        && !value.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '-' || c == '.')
        && !value.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        && value.chars().collect::<std::collections::HashSet<_>>().len() >= 5
}

/// The literal a name is given: the value, or the default of an environment read.
fn assigned_literal(value: &Expr) -> Option<&ast::ExprStringLiteral> {
    match value {
        Expr::StringLiteral(s) => Some(s),
        Expr::Call(c) => {
            let callee = support::callee_name(c)?;
            if !matches!(callee, "get" | "getenv" | "config" | "env" | "str" | "get_value") {
                return None;
            }
            let default = keyword(c, "default").or_else(|| c.arguments.args.get(1).filter(|_| matches!(callee, "get" | "getenv")))?;
            default.as_string_literal_expr()
        }
        _ => None,
    }
}

fn check_credentials(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.python_files().iter().filter(|f| f.role != FileRole::Test) {
        let settings = file.role == FileRole::Settings;
        let mut reported = std::collections::HashSet::new();
        file.for_each_node(&mut |node, _| match node {
            Node::Stmt(Stmt::Assign(a)) => {
                for target in &a.targets {
                    check_named(file, target, &a.value, settings, &mut reported, out);
                }
            }
            Node::Stmt(Stmt::AnnAssign(a)) => {
                if let Some(value) = &a.value {
                    check_named(file, &a.target, value, settings, &mut reported, out);
                }
            }
            Node::Expr(Expr::StringLiteral(s)) if !reported.contains(&s.range) => {
                let text = s.value.to_str();
                if let Some(what) = provider_match(text) {
                    reported.insert(s.range);
                    let message = format!("a hard-coded {what} is in the source ({}); revoke it and read it from the environment", mask_str(text));
                    out.push(report(file, s, message, Severity::Critical));
                }
            }
            _ => {}
        });
    }
}

fn check_named(file: &PyFile, target: &Expr, value: &Expr, settings: bool, reported: &mut std::collections::HashSet<ruff_text_size::TextRange>, out: &mut Vec<Finding>) {
    let name = match target {
        Expr::Name(n) => n.id.as_str(),
        Expr::Attribute(a) => a.attr.as_str(),
        _ => return,
    };
    let Some(literal) = assigned_literal(value) else { return };
    let text = literal.value.to_str();
    if let Some(what) = provider_match(text) {
        reported.insert(literal.range);
        let message = format!("`{name}` holds a hard-coded {what} ({}); revoke it and read it from the environment", mask_str(text));
        out.push(report(file, literal, message, Severity::Critical));
    } else if secret_name(name) && looks_real(text) && !(settings && covered_by_settings_rules(name)) {
        reported.insert(literal.range);
        let how = if matches!(value, Expr::Call(_)) { "defaults to" } else { "is set to" };
        let message = format!("`{name}` {how} a credential written in the source ({}); read it from the environment without a default", mask_str(text));
        out.push(report(file, literal, message, Severity::High));
    }
}

fn report(file: &PyFile, at: &ast::ExprStringLiteral, message: String, severity: Severity) -> Finding {
    finding_at(&HARDCODED_CREDENTIAL, file, at, message).with_severity(severity).with_fix(Fix::manual(
        "Rotate the credential, then read it from the environment (or a secrets manager) with no default",
        Some("STRIPE_SECRET_KEY = config(\"STRIPE_SECRET_KEY\")"),
    ))
}
