//! OBS013: secrets written to logs. Log lines are copied to files, log
//! services and error trackers, read by many people and kept for months; a
//! password or token in one of them is a credential leak.

use std::collections::HashSet;

use ruff_python_ast::{Expr, ExprCall, InterpolatedStringElement, Operator, Stmt};
use ruff_text_size::Ranged;

use super::support::app_files;
use crate::analysis::visit::{string_value, Node};
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

const LEVELS: &[&str] = &["debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"];
const LOGGER_NAMES: &[&str] = &["logger", "log", "_logger", "_log", "LOGGER", "LOG", "logging"];
/// A name is sensitive when its last word is one of these…
const SECRET_WORDS: &[&str] = &["password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "authorization", "cvv", "cvc"];
/// …or its last two words are one of these.
const SECRET_PAIRS: &[&str] = &["api_key", "secret_key", "private_key", "access_key", "credit_card", "card_number", "client_secret", "auth_header"];

pub static SECRET_IN_LOG: Rule = Rule {
    code: "OBS013",
    effort_minutes: 10,
    name: "secret-in-log-call",
    category: Category::Observability,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(532),
    summary: "A logging call writes a password, token, key or card number",
    doc: r#"## What it does
Reports logging calls (`logger.info/debug/warning/error/exception/critical/log`, `logging.*`)
whose arguments, f-string fields, `%`-formatting operands or `extra=` values read a variable,
attribute, dictionary key or `.get()` key named like a secret: its last word is `password`,
`passwd`, `pwd`, `secret`, `token`, `apikey`, `authorization`, `cvv`, or its last two words are
`api_key`, `secret_key`, `private_key`, `access_key`, `credit_card`, `card_number`,
`client_secret`. Values passed through a function (`mask(token)`, `len(password)`) are not
reported, nor an attribute named just `token` (`order.token` is usually a public identifier;
`user.auth_token` is reported).

## Why is this bad?
Logs are shipped to files, aggregators and error trackers, read by support staff and kept for
a long time, usually with weaker access control than the database. A password or API token
written there is a credential leak, and card data in logs breaks PCI DSS.

## Example
```python
logger.info("Login attempt for %s with password %s", username, password)
```

Use instead:
```python
logger.info("Login attempt for %s", username)
```

## References
- [CWE-532: Insertion of Sensitive Information into Log File](https://cwe.mitre.org/data/definitions/532.html)
- [OWASP Logging Cheat Sheet: Data to exclude](https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude)
"#,
    check: check_log_secrets,
};

fn check_log_secrets(checker: &Checker, out: &mut Vec<Finding>) {
    for file in app_files(checker) {
        let loggers = logger_names(file);
        file.for_each_node(&mut |node, scope| {
            let Node::Call(call) = node else { return };
            if scope.debug_only || !is_log_call(file, call, &loggers) {
                return;
            }
            let arguments = call.arguments.args.iter().chain(call.arguments.keywords.iter().filter(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "extra")).map(|k| &k.value));
            let Some(leak) = arguments.into_iter().find_map(|a| leaked(file, a)) else { return };
            let message = format!("`{}` writes `{leak}` to the logs: log files and log services are not the place for credentials", file.module.slice(call.func.range()));
            out.push(SECRET_IN_LOG.finding(file.path(), file.module.span(call.range()), message).with_fix(Fix::manual(
                "Leave the secret out of the log line (log an identifier, or a masked value)",
                None,
            )));
        });
    }
}

/// Names bound to `logging.getLogger(...)`/`structlog.get_logger(...)` in the module, plus the usual ones.
fn logger_names(file: &PyFile) -> HashSet<String> {
    let mut names: HashSet<String> = LOGGER_NAMES.iter().map(|s| s.to_string()).collect();
    file.for_each_node(&mut |node, _| {
        if let Node::Stmt(Stmt::Assign(a)) = node {
            if let (Expr::Call(c), [Expr::Name(target)]) = (a.value.as_ref(), &a.targets[..]) {
                let q = file.callee(c).unwrap_or_default();
                if q.ends_with("getLogger") || q.ends_with("get_logger") {
                    names.insert(target.id.to_string());
                }
            }
        }
    });
    names
}

fn is_log_call(file: &PyFile, call: &ExprCall, loggers: &HashSet<String>) -> bool {
    let Expr::Attribute(method) = call.func.as_ref() else { return false };
    if !LEVELS.contains(&method.attr.as_str()) {
        return false;
    }
    match method.value.as_ref() {
        Expr::Name(n) if n.id.as_str() == "logging" => file.imports.qualified(&method.value).as_deref() == Some("logging"),
        Expr::Name(n) => loggers.contains(n.id.as_str()),
        Expr::Attribute(a) => matches!(a.attr.as_str(), "logger" | "log" | "_logger" | "_log"),
        _ => false,
    }
}

/// The source text of a secret the argument reads, if it reads one.
fn leaked(file: &PyFile, expr: &Expr) -> Option<String> {
    let text = || file.module.slice(expr.range()).to_owned();
    match expr {
        Expr::Name(n) => sensitive(n.id.as_str()).then(text),
        // `order.token`, `checkout.token`: on objects a bare `token` is usually a public identifier.
        Expr::Attribute(a) => (sensitive(a.attr.as_str()) && a.attr.as_str() != "token").then(text),
        Expr::Subscript(s) => string_value(&s.slice).filter(|k| sensitive(k)).map(|_| text()),
        Expr::Call(c) => match c.func.as_ref() {
            Expr::Attribute(a) if a.attr.as_str() == "get" => c.arguments.args.first().and_then(string_value).filter(|k| sensitive(k)).map(|_| text()),
            Expr::Name(n) if matches!(n.id.as_str(), "str" | "repr") => c.arguments.args.first().and_then(|a| leaked(file, a)),
            _ => None,
        },
        Expr::FString(f) => f.value.elements().find_map(|element| match element {
            InterpolatedStringElement::Interpolation(i) => leaked(file, &i.expression),
            InterpolatedStringElement::Literal(_) => None,
        }),
        Expr::BinOp(b) if matches!(b.op, Operator::Mod | Operator::Add) => leaked(file, &b.left).or_else(|| leaked(file, &b.right)),
        Expr::Tuple(t) => t.elts.iter().find_map(|e| leaked(file, e)),
        Expr::Dict(d) => d.items.iter().find_map(|item| {
            let key_secret = item.key.as_ref().and_then(string_value).is_some_and(sensitive);
            if key_secret && !item.value.is_none_literal_expr() && !crate::analysis::visit::is_constant_string(&item.value) {
                return Some(file.module.slice(item.value.range()).to_owned());
            }
            leaked(file, &item.value)
        }),
        _ => None,
    }
}

/// `password`, `api_key`, `HTTP_AUTHORIZATION`, `accessToken`: named like a secret.
fn sensitive(name: &str) -> bool {
    let mut snake = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_uppercase() && previous.is_some_and(|p| !p.is_uppercase() && p != '_') {
            snake.push('_');
        }
        snake.extend(c.to_lowercase());
        previous = Some(c);
    }
    let words: Vec<&str> = snake.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let Some(last) = words.last() else { return false };
    // `is_secret`, `has_password`, `num_tokens`: flags and counts, not the secret.
    if words.len() > 1 && matches!(words[0], "is" | "has" | "needs" | "requires" | "use" | "uses" | "show" | "no" | "num" | "len" | "count") {
        return false;
    }
    let pair = words.len() >= 2 && SECRET_PAIRS.contains(&format!("{}_{}", words[words.len() - 2], last).as_str());
    SECRET_WORDS.contains(last) || pair
}

#[cfg(test)]
mod tests {
    use super::sensitive;

    #[test]
    fn secret_names() {
        for name in ["password", "new_password", "api_key", "SECRET_KEY", "HTTP_AUTHORIZATION", "accessToken", "stripe_secret", "card_number"] {
            assert!(sensitive(name), "{name}");
        }
        for name in ["password_changed_at", "token_count", "is_secret", "username", "keyboard", "tokens_used", "secretary", "pässwörd_länge"] {
            assert!(!sensitive(name), "{name}");
        }
    }
}
