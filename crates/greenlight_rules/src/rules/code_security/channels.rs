//! Channels WebSocket consumers that never look at the user (SEC049) when the
//! ASGI routing is not wrapped in an authentication middleware either.

use ruff_python_ast::{Expr, Stmt};

use super::support::{self, finding_at};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static CONSUMER_WITHOUT_AUTH: Rule = Rule {
    code: "SEC049",
    effort_minutes: 30,
    name: "websocket-consumer-without-auth",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(306),
    summary: "A Channels WebSocket consumer never checks the user, and no auth middleware wraps the routing",
    doc: r#"## What it does
Reports subclasses of Channels' `WebsocketConsumer`, `AsyncWebsocketConsumer`,
`JsonWebsocketConsumer` and `AsyncJsonWebsocketConsumer` that never read `scope["user"]`
(`self.scope["user"]`, `self.scope.get("user")`), when no Python file of the project wraps the
routing in `AuthMiddlewareStack` (or another `*AuthMiddleware*`).

## Why is this bad?
WebSocket connections bypass Django's views, decorators and middleware. Without
`AuthMiddlewareStack` there is no user in the scope at all, and a consumer that does not check
it accepts anyone who can open the socket: they receive every message broadcast to the group
and can send their own.

## Example
```python
class ChatConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await self.accept()
```

Use instead:
```python
class ChatConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        if not self.scope["user"].is_authenticated:
            await self.close()
            return
        await self.accept()
# asgi.py: "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(...)))
```

## References
- [Channels: Authentication](https://channels.readthedocs.io/en/stable/topics/authentication.html)
- [CWE-306: Missing Authentication for Critical Function](https://cwe.mitre.org/data/definitions/306.html)
"#,
    check: check_consumers,
};

const CONSUMERS: &[&str] = &["WebsocketConsumer", "AsyncWebsocketConsumer", "JsonWebsocketConsumer", "AsyncJsonWebsocketConsumer"];

fn reads_scope_user(exprs: &[&Expr]) -> bool {
    exprs.iter().any(|e| match e {
        Expr::Subscript(s) => matches!(s.slice.as_ref(), Expr::StringLiteral(k) if k.value.to_str() == "user") && support::expr_identifier(&s.value) == Some("scope"),
        Expr::Call(c) => support::callee_name(c) == Some("get")
            && c.arguments.args.first().and_then(crate::analysis::visit::string_value) == Some("user")
            && matches!(c.func.as_ref(), Expr::Attribute(a) if support::expr_identifier(&a.value) == Some("scope")),
        _ => false,
    })
}

fn check_consumers(checker: &Checker, out: &mut Vec<Finding>) {
    let routing_authenticated = checker.python_files().iter().any(|f| {
        let text = &f.module.text;
        text.contains("AuthMiddlewareStack") || text.contains("AuthMiddleware") || text.contains("TokenAuthMiddleware")
    });
    if routing_authenticated {
        return;
    }
    for file in checker.application_files() {
        for stmt in &file.module.ast().body {
            let Stmt::ClassDef(class) = stmt else { continue };
            let is_consumer = class.bases().iter().any(|b| {
                file.imports.qualified(b).is_some_and(|q| q.starts_with("channels.") && CONSUMERS.iter().any(|c| q.ends_with(&format!(".{c}"))))
            });
            if !is_consumer || reads_scope_user(&support::all_exprs(&class.body)) {
                continue;
            }
            let message = format!("WebSocket consumer `{}` never checks `scope[\"user\"]` and no auth middleware wraps the routing: anyone can connect", class.name);
            out.push(finding_at(&CONSUMER_WITHOUT_AUTH, file, &class.name, message).with_fix(Fix::manual(
                "Wrap the websocket routing in AuthMiddlewareStack and close unauthenticated connections in connect()",
                Some("if not self.scope[\"user\"].is_authenticated:\n    await self.close()\n    return"),
            )));
        }
    }
}
