//! Webhooks (SEC039): a payment or provider callback that never checks the
//! provider's signature trusts whatever anyone POSTs to it. And secrets
//! compared with `==` (SEC040), which leaks them a byte at a time.

use ruff_python_ast::{self as ast, CmpOp, Expr, Stmt};

use super::support::{self, finding_at, Function};
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix};
use crate::rule::Rule;
use crate::finding::Severity;

pub static WEBHOOK_UNVERIFIED: Rule = Rule {
    code: "SEC039",
    effort_minutes: 60,
    name: "webhook-signature-not-verified",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(345),
    summary: "A webhook view acts on the request body without verifying the provider's signature",
    doc: r#"## What it does
Reports a view that receives webhooks (its name or class says "webhook", or it is
`@csrf_exempt`, reads the raw body and mentions Stripe, Paystack, PayPal or payments) and
reads the request body without ever verifying a signature: no `stripe.Webhook.construct_event`,
`hmac.compare_digest`, `hmac.new`, or a call or decorator whose name says it verifies or checks a
signature. The finding points at the first read of the body.

## Why is this bad?
A webhook URL is public. Without the signature check, anyone who learns it can post a forged
"payment succeeded" event and get bookings confirmed, orders shipped or credits granted without
paying. Providers sign every delivery precisely so that the receiver can check it.

## Example
```python
@csrf_exempt
def payment_webhook(request):
    event = json.loads(request.body)
```

Use instead:
```python
@csrf_exempt
def payment_webhook(request):
    try:
        event = stripe.Webhook.construct_event(
            request.body, request.headers["Stripe-Signature"], settings.STRIPE_WEBHOOK_SECRET
        )
    except (ValueError, stripe.error.SignatureVerificationError):
        return HttpResponseBadRequest()
```

## References
- [Stripe: Verify webhook signatures](https://docs.stripe.com/webhooks#verify-events)
- [CWE-345: Insufficient Verification of Data Authenticity](https://cwe.mitre.org/data/definitions/345.html)
"#,
    check: check_webhooks,
};

const PROVIDERS: &[&str] = &["stripe", "paystack", "paypal", "payment", "github", "twilio", "shopify", "mollie", "braintree", "razorpay", "flutterwave", "square", "slack"];

/// Whether the function (or, for a method, its class, or a helper of the same
/// module it calls) verifies a signature.
pub fn verifies_signature(file: &PyFile, def: &ast::StmtFunctionDef, class: Option<&ast::StmtClassDef>) -> bool {
    let mut names = support::called_names(&def.body, &file.imports);
    names.extend(support::decorator_names(&def.decorator_list, &file.imports));
    if let Some(class) = class {
        names.extend(support::decorator_names(&class.decorator_list, &file.imports));
        for stmt in &class.body {
            if let Stmt::FunctionDef(method) = stmt {
                names.extend(support::called_names(&method.body, &file.imports));
            }
        }
    }
    // One level into helpers of the same module: `_verify(request)`.
    let helpers: Vec<String> = names.iter().filter_map(|n| local_function(file, n)).flat_map(|f| support::called_names(&f.body, &file.imports)).collect();
    names.iter().chain(helpers.iter()).any(|n| is_verification(n)) || reads_signature_header(&def.body)
}

/// `request.headers["Stripe-Signature"]`, `request.META["HTTP_X_HUB_SIGNATURE_256"]`: a view
/// that reads the signature header hands it to a verifier.
fn reads_signature_header(body: &[Stmt]) -> bool {
    support::body_exprs(body).into_iter().any(|e| {
        let key = match e {
            Expr::Subscript(s) => crate::analysis::visit::string_value(&s.slice),
            Expr::Call(c) if support::callee_name(c) == Some("get") => c.arguments.args.first().and_then(crate::analysis::visit::string_value),
            _ => None,
        };
        key.is_some_and(|k| {
            let lower = k.to_ascii_lowercase();
            lower.contains("signature") || lower.contains("hmac")
        })
    })
}

fn local_function<'a>(file: &'a PyFile, name: &str) -> Option<&'a ast::StmtFunctionDef> {
    let local = name.rsplit('.').next()?;
    file.module.ast().body.iter().find_map(|s| s.as_function_def_stmt().filter(|f| f.name.as_str() == local))
}

fn is_verification(qualified: &str) -> bool {
    let last = qualified.rsplit('.').next().unwrap_or(qualified).to_ascii_lowercase();
    qualified == "hmac.new"
        || qualified.ends_with("construct_event")
        || (last.contains("construct") && last.contains("event"))
        || last == "compare_digest"
        || last.contains("verif")
        || last.contains("signature")
        || last.contains("signed")
        || (last.starts_with("validate") && qualified.to_ascii_lowercase().contains("request"))
        || last == "unsign"
        || last == "loads" && qualified.contains("signing")
}

/// The first read of the request payload in `body`: the raw body (`body`,
/// `data`, `stream`), or `POST` too when the view is CSRF-exempt (form-encoded
/// notifications such as PayPal IPN; otherwise `POST` is a form of the site).
fn first_body_read(body: &[Stmt], exempt: bool) -> Option<&Expr> {
    support::body_exprs(body).into_iter().find(|e| {
        matches!(e, Expr::Attribute(a) if (matches!(a.attr.as_str(), "body" | "data" | "stream") || (exempt && a.attr.as_str() == "POST")) && support::is_request_data(e))
    })
}

fn is_csrf_exempt(file: &PyFile, decorators: &[ast::Decorator]) -> bool {
    support::decorator_names(decorators, &file.imports).iter().any(|n| n.ends_with("csrf_exempt"))
        || decorators.iter().any(|d| matches!(&d.expression, Expr::Call(c) if c.arguments.args.iter().any(|a| file.imports.qualified(a).is_some_and(|q| q.ends_with("csrf_exempt")))))
}

/// A view that receives provider callbacks: named so, or CSRF-exempt, reading
/// the raw body and mentioning a provider.
pub fn is_webhook(file: &PyFile, function: &Function) -> bool {
    let def = function.def;
    let named = |name: &str| name.to_ascii_lowercase().contains("webhook") || name.to_ascii_lowercase().contains("callback") && name.to_ascii_lowercase().contains("payment");
    if named(def.name.as_str()) || function.class.is_some_and(|c| named(c.name.as_str())) {
        return true;
    }
    let exempt = is_csrf_exempt(file, &def.decorator_list) || function.class.is_some_and(|c| is_csrf_exempt(file, &c.decorator_list));
    let reads_raw_body = support::body_exprs(&def.body).into_iter().any(|e| matches!(e, Expr::Attribute(a) if a.attr.as_str() == "body" && support::is_request_data(e)));
    let text = file.module.slice(ruff_text_size::Ranged::range(def)).to_ascii_lowercase();
    exempt && reads_raw_body && PROVIDERS.iter().any(|p| text.contains(p))
}

fn check_webhooks(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        for function in support::functions(file) {
            if function.debug_only || !support::is_view(function.def) || !is_webhook(file, &function) {
                continue;
            }
            let exempt = is_csrf_exempt(file, &function.def.decorator_list) || function.class.is_some_and(|c| is_csrf_exempt(file, &c.decorator_list));
            let Some(read) = first_body_read(&function.def.body, exempt) else { continue };
            if verifies_signature(file, function.def, function.class) {
                continue;
            }
            let message = format!(
                "webhook view `{}` reads `{}` without verifying the provider's signature; anyone who knows the URL can forge events",
                function.def.name,
                file.module.slice(ruff_text_size::Ranged::range(read))
            );
            out.push(finding_at(&WEBHOOK_UNVERIFIED, file, read, message).with_fix(Fix::manual(
                "Verify the signature header against the raw body with the endpoint's signing secret before trusting the payload",
                Some("event = stripe.Webhook.construct_event(request.body, request.headers[\"Stripe-Signature\"], settings.STRIPE_WEBHOOK_SECRET)"),
            )));
        }
    }
}

pub static TIMING_UNSAFE_COMPARE: Rule = Rule {
    code: "SEC040",
    effort_minutes: 10,
    name: "secret-compared-with-equals",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(208),
    summary: "A signature, token or digest is compared with `==` instead of `hmac.compare_digest`",
    doc: r#"## What it does
Reports `==` and `!=` between two run-time values when one side is named as a secret to be
checked: a signature, token, digest, HMAC or secret (`signature == expected`,
`request.headers["X-Token"] != settings.API_TOKEN`). Comparisons with literals, `None` or
lengths, and names such as `token_type`, are not reported.

## Why is this bad?
`==` on strings stops at the first differing character, so the time it takes tells an attacker
how many leading characters were right. Over many requests they can recover a valid signature
or token byte by byte. `hmac.compare_digest` (or Django's `constant_time_compare`) takes the
same time whatever the input.

## Example
```python
if request.headers["X-Signature"] != expected_signature:
    return HttpResponseForbidden()
```

Use instead:
```python
if not hmac.compare_digest(request.headers["X-Signature"], expected_signature):
    return HttpResponseForbidden()
```

## References
- [Python: hmac.compare_digest](https://docs.python.org/3/library/hmac.html#hmac.compare_digest)
- [CWE-208: Observable Timing Discrepancy](https://cwe.mitre.org/data/definitions/208.html)
"#,
    check: check_timing_compare,
};

const SECRET_WORDS: &[&str] = &["signature", "sig", "token", "digest", "hmac", "secret", "otp", "apikey"];
const NOT_SECRET_WORDS: &[&str] = &["type", "name", "id", "count", "len", "length", "kind", "url", "field", "header", "format", "version", "expiry", "expires", "created", "status", "prefix", "method", "algorithm", "scheme", "user", "pk", "key", "label", "class", "cls", "index", "model", "timestamp", "ts", "size", "usage", "mode", "scope", "service", "provider", "enabled", "required", "backend"];

fn secret_named(expr: &Expr) -> Option<&str> {
    let identifier = support::expr_identifier(expr)?;
    let words = support::words(identifier);
    let secret = words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
        || identifier.eq_ignore_ascii_case("api_key");
    let other = words.iter().any(|w| NOT_SECRET_WORDS.contains(&w.as_str())) && !identifier.eq_ignore_ascii_case("api_key");
    (secret && !other).then_some(identifier)
}

fn is_plain_value(expr: &Expr) -> bool {
    matches!(expr, Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::NumberLiteral(_) | Expr::BooleanLiteral(_) | Expr::NoneLiteral(_))
        || crate::analysis::visit::is_constant_string(expr)
        || matches!(expr, Expr::Call(c) if matches!(support::callee_name(c), Some("len" | "type" | "bool" | "int" | "isinstance" | "get_user_model")))
        || matches!(expr, Expr::List(_) | Expr::Tuple(_) | Expr::Dict(_) | Expr::Set(_))
}

fn check_timing_compare(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        file.for_each_node(&mut |node, scope| {
            let crate::analysis::visit::Node::Expr(Expr::Compare(compare)) = node else { return };
            // `__eq__` compares objects, not a received secret with the expected one.
            let in_equality = scope.function.is_some_and(|f| matches!(f.name.as_str(), "__eq__" | "__ne__"));
            if scope.debug_only || in_equality || compare.ops.len() != 1 || !matches!(compare.ops[0], CmpOp::Eq | CmpOp::NotEq) {
                return;
            }
            let (left, right) = (compare.left.as_ref(), &compare.comparators[0]);
            if is_plain_value(left) || is_plain_value(right) {
                return;
            }
            let Some(name) = secret_named(left).or_else(|| secret_named(right)) else { return };
            let op = if compare.ops[0] == CmpOp::Eq { "==" } else { "!=" };
            let message = format!("`{name}` is compared with `{op}`, which takes longer the more leading characters match; use `hmac.compare_digest`");
            out.push(finding_at(&TIMING_UNSAFE_COMPARE, file, compare, message).with_fix(Fix::manual(
                "Compare secrets in constant time",
                Some("hmac.compare_digest(received, expected)"),
            )));
        });
    }
}
