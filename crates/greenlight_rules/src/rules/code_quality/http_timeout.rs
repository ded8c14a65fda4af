//! REL003: outbound HTTP calls that can wait forever. `requests` (and
//! `urllib`) have no default timeout; httpx has one (5 s) unless it is turned
//! off with `timeout=None`.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::{Expr, ExprCall, Stmt};
use ruff_text_size::Ranged;

use super::support::app_files;
use crate::analysis::visit::{keyword, Node};
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

const VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options", "request"];
const SESSION_CLASSES: &[&str] = &["requests.Session", "requests.session", "requests.sessions.Session"];

pub static HTTP_WITHOUT_TIMEOUT: Rule = Rule {
    code: "REL003",
    effort_minutes: 5,
    name: "http-request-without-timeout",
    category: Category::Reliability,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(400),
    summary: "An outbound HTTP request has no timeout",
    doc: r#"## What it does
Reports, in application code:
- `requests.get/post/put/patch/delete/head/options/request(...)` without `timeout=`, and the same
  methods on a `requests.Session()` created in the module;
- `urllib.request.urlopen(...)` without `timeout=`;
- any of these, or an `httpx` call or client, with `timeout=None`.

Calls passing `**kwargs` are not reported (the timeout may be in them). `httpx` calls without
`timeout=` are not reported: httpx applies a 5-second timeout by default.

## Why is this bad?
`requests` waits for an answer forever unless told otherwise. When the upstream hangs (a
payment provider having a bad day, a half-open TCP connection), every request that reaches the
call blocks a worker; a handful of them take the whole site down.

## Example
```python
response = requests.post(url, data=payload)
```

Use instead:
```python
response = requests.post(url, data=payload, timeout=(3.05, 15))
```

## References
- [Requests: Timeouts](https://requests.readthedocs.io/en/latest/user/advanced/#timeouts)
- [HTTPX: Timeouts](https://www.python-httpx.org/advanced/timeouts/)
- [CWE-400: Uncontrolled Resource Consumption](https://cwe.mitre.org/data/definitions/400.html)
"#,
    check: check_timeouts,
};

fn check_timeouts(checker: &Checker, out: &mut Vec<Finding>) {
    for file in app_files(checker) {
        let sessions = session_names(file);
        file.for_each_node(&mut |node, _| {
            let Node::Call(call) = node else { return };
            let Some(why) = missing_timeout(file, call, &sessions) else { return };
            let callee = file.module.slice(call.func.range());
            let message = format!("`{callee}(...)` {why}: if the remote end stops answering, the worker making this call hangs with it");
            out.push(HTTP_WITHOUT_TIMEOUT.finding(file.path(), file.module.span(call.range()), message).with_fix(Fix::manual(
                "Pass a (connect, read) timeout, and handle the timeout exception",
                Some(&format!("{callee}(..., timeout=(3.05, 15))")),
            )
            // Unsafe: a call that used to wait for a slow answer now raises requests.Timeout.
            .with_edits(crate::finding::Applicability::Unsafe, crate::fixes::code::add_timeout(file.module, call).map(|e| vec![e]))));
        });
    }
}

/// Why the call can block forever, if it can.
fn missing_timeout(file: &PyFile, call: &ExprCall, sessions: &HashSet<String>) -> Option<&'static str> {
    if call.arguments.keywords.iter().any(|k| k.arg.is_none()) {
        return None;
    }
    let timeout = keyword(call, "timeout");
    if timeout.is_some_and(Expr::is_none_literal_expr) {
        let q = file.callee(call)?;
        let http = q.starts_with("requests.") || q.starts_with("httpx.") || q.starts_with("urllib.request.") || is_session_call(call, sessions);
        return http.then_some("passes timeout=None, which disables the timeout");
    }
    if timeout.is_some() {
        return None;
    }
    let q = file.callee(call).unwrap_or_default();
    let verb = q.rsplit('.').next().unwrap_or("");
    let module = q.rsplit_once('.').map(|(m, _)| m).unwrap_or("");
    if (module == "requests" || module == "requests.api") && VERBS.contains(&verb) {
        return Some("has no timeout");
    }
    if q == "urllib.request.urlopen" && call.arguments.args.len() < 3 {
        return Some("has no timeout (the socket default is to wait forever)");
    }
    is_session_call(call, sessions).then_some("is a requests.Session call with no timeout")
}

fn is_session_call(call: &ExprCall, sessions: &HashSet<String>) -> bool {
    let Expr::Attribute(a) = call.func.as_ref() else { return false };
    let Expr::Name(receiver) = a.value.as_ref() else { return false };
    VERBS.contains(&a.attr.as_str()) && sessions.contains(receiver.id.as_str())
}

/// Names bound to `requests.Session()` (assignment or `with ... as`) and to
/// nothing else in the module, unless an adapter is mounted on them (which
/// may carry its own timeout).
fn session_names(file: &PyFile) -> HashSet<String> {
    let mut bound: HashMap<String, bool> = HashMap::new();
    let mut mounted: HashSet<String> = HashSet::new();
    let is_session = |e: &Expr| matches!(e, Expr::Call(c) if file.imports.is(&c.func, SESSION_CLASSES));
    // Most modules bind no session: skip recording every name they assign.
    let binds_a_session = file.nodes().any(|(node, _)| match node {
        Node::Stmt(Stmt::Assign(a)) => is_session(&a.value),
        Node::Stmt(Stmt::With(w)) => w.items.iter().any(|item| item.optional_vars.is_some() && is_session(&item.context_expr)),
        _ => false,
    });
    if !binds_a_session {
        return HashSet::new();
    }
    file.for_each_node(&mut |node, _| match node {
        Node::Stmt(Stmt::Assign(a)) => {
            for target in &a.targets {
                if let Expr::Name(n) = target {
                    let ok = is_session(&a.value);
                    bound.entry(n.id.to_string()).and_modify(|b| *b &= ok).or_insert(ok);
                }
            }
        }
        Node::Stmt(Stmt::With(w)) => {
            for item in &w.items {
                if let Some(Expr::Name(n)) = item.optional_vars.as_deref() {
                    let ok = is_session(&item.context_expr);
                    bound.entry(n.id.to_string()).and_modify(|b| *b &= ok).or_insert(ok);
                }
            }
        }
        Node::Call(c) => {
            if let Expr::Attribute(a) = c.func.as_ref() {
                if let (Expr::Name(n), "mount") = (a.value.as_ref(), a.attr.as_str()) {
                    mounted.insert(n.id.to_string());
                }
            }
        }
        _ => {}
    });
    bound.into_iter().filter(|(name, ok)| *ok && !mounted.contains(name)).map(|(name, _)| name).collect()
}
