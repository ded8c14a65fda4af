//! HTML that escapes Django's autoescaping: `mark_safe`/`SafeString` on text
//! built at run time and `format_html` given an already-formatted string
//! (SEC032), and request data written straight into an `HttpResponse` (SEC033).

use ruff_python_ast::{self as ast, Expr};

use super::support::{self, finding_at};
use crate::analysis::visit::{argument, keyword, string_value};
use crate::analysis::PyFile;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static MARK_SAFE_DYNAMIC: Rule = Rule {
    code: "SEC032",
    effort_minutes: 20,
    name: "mark-safe-on-dynamic-text",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(79),
    summary: "`mark_safe()`/`SafeString()` on text built at run time, or `format_html()` given a formatted string",
    doc: r#"## What it does
Reports `mark_safe(x)`, `SafeString(x)` and `SafeText(x)` when `x` is not a string literal
(a variable, an f-string, `%`/`.format()` output), unless `x` is itself the result of an
escaping call (`escape`, `conditional_escape`, `format_html`, `render_to_string`,
`bleach.clean`, `nh3.clean`); and `format_html()` whose format string is an f-string or was
formatted with `%`/`.format()`, which splices the values in before `format_html` can escape them.

## Why is this bad?
`mark_safe` tells the template engine not to escape. If any part of the text came from a user
(a name, a bio, a query parameter), their `<script>` runs in every visitor's browser with the
visitor's session: stored or reflected XSS.

## Example
```python
return mark_safe(f"<b>{member.name}</b>")
return format_html(f"<a href='{url}'>{label}</a>")
```

Use instead:
```python
return format_html("<b>{}</b>", member.name)
return format_html("<a href='{}'>{}</a>", url, label)
```

## References
- [Django: format_html](https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.html.format_html)
- [Django: mark_safe](https://docs.djangoproject.com/en/stable/ref/utils/#django.utils.safestring.mark_safe)
- [CWE-79](https://cwe.mitre.org/data/definitions/79.html)
"#,
    check: check_mark_safe,
};

pub static REFLECTED_RESPONSE: Rule = Rule {
    code: "SEC033",
    effort_minutes: 20,
    name: "request-data-in-http-response",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(79),
    summary: "Request data is written unescaped into an `HttpResponse`",
    doc: r#"## What it does
Reports `HttpResponse(content)` whose content reads `request.GET`, `request.POST`,
`request.COOKIES`, headers or the body, directly or through a local variable of the same view,
without an escaping call (`escape`, `conditional_escape`) in between. Responses with a constant
non-HTML `content_type` (`application/json`, `text/plain`) are not reported.

## Why is this bad?
`HttpResponse` does not escape; it is sent as HTML by default. A link with
`?q=<script>...</script>` runs the attacker's script in the victim's session (reflected XSS).

## Example
```python
return HttpResponse(f"No results for {request.GET['q']}")
```

Use instead:
```python
return render(request, "search/empty.html", {"q": request.GET["q"]})  # autoescaped
```

## References
- [Django: Cross site scripting protection](https://docs.djangoproject.com/en/stable/topics/security/#cross-site-scripting-xss-protection)
- [CWE-79](https://cwe.mitre.org/data/definitions/79.html)
"#,
    check: check_reflected,
};

const ESCAPING: &[&str] = &["escape", "conditional_escape", "format_html", "format_html_join", "render_to_string", "clean", "linebreaks", "urlize", "json_script", "strip_tags", "escapejs", "sanitize", "sanitize_html", "mark_safe", "render", "escape_uri_path", "iri_to_uri", "static", "reverse", "intcomma", "naturaltime"];

fn is_escaped(expr: &Expr) -> bool {
    match expr {
        Expr::Call(c) => support::callee_name(c).is_some_and(|n| ESCAPING.contains(&n) || n.contains("escape") || n.contains("sanitiz") || n.starts_with("render")),
        _ => false,
    }
}

fn safe_string_call(file: &PyFile, call: &ast::ExprCall) -> Option<&'static str> {
    let name = file.callee(call)?;
    match &*name {
        "django.utils.safestring.mark_safe" => Some("mark_safe"),
        "django.utils.safestring.SafeString" => Some("SafeString"),
        "django.utils.safestring.SafeText" => Some("SafeText"),
        "django.utils.html.format_html" => Some("format_html"),
        _ => None,
    }
}

fn check_mark_safe(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        file.for_each_node(&mut |node, scope| {
            let crate::analysis::visit::Node::Call(call) = node else { return };
            if scope.debug_only {
                return;
            }
            let Some(callee) = safe_string_call(file, call) else { return };
            let Some(text) = call.arguments.args.first() else { return };
            let shown = file.module.slice(ruff_text_size::Ranged::range(text)).to_owned();
            let message = if callee == "format_html" {
                if support::spliced_parts(text).is_none() {
                    return;
                }
                format!("`format_html({shown})` receives a string already formatted, so its values are never escaped; pass them as arguments")
            } else {
                let assignments = scope.function.map(|f| support::local_assignments(&f.body)).unwrap_or_default();
                if support::is_harmless(text, &assignments, &is_escaped) || all_parts_escaped(text) {
                    return;
                }
                format!("`{callee}({shown})` marks text built at run time as safe HTML; anything user-controlled in it becomes script")
            };
            out.push(finding_at(&MARK_SAFE_DYNAMIC, file, call, message).with_fix(Fix::manual(
                "Let format_html escape the values",
                Some("format_html(\"<b>{}</b>\", member.name)"),
            )));
        });
    }
}

/// `mark_safe(escape(a) + "<br>")`: every spliced part is escaped or constant.
fn all_parts_escaped(text: &Expr) -> bool {
    match support::spliced_parts(text) {
        Some(parts) => parts.iter().all(|p| is_escaped(p) || support::is_constant_value(p) || matches!(p, Expr::NumberLiteral(_))),
        None => match text {
            Expr::Call(c) if support::callee_name(c) == Some("join") => c.arguments.args.first().is_some_and(|a| {
                support::sub_exprs(a).into_iter().any(is_escaped)
            }),
            _ => false,
        },
    }
}

fn check_reflected(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        for function in support::functions(file) {
            if function.debug_only {
                continue;
            }
            for &call in support::calls_of(function) {
                if !file.imports.is(&call.func, &["django.http.HttpResponse", "django.http.response.HttpResponse"]) {
                    continue;
                }
                let Some(content) = argument(call, 0, "content") else { continue };
                if !reads_unescaped(content, support::tainted_of(function)) || non_html(call) {
                    continue;
                }
                let shown = file.module.slice(ruff_text_size::Ranged::range(content));
                let message = format!("`{}` returns `HttpResponse({shown})`, which puts request data into HTML unescaped (reflected XSS)", function.def.name);
                out.push(finding_at(&REFLECTED_RESPONSE, file, call, message).with_fix(Fix::manual(
                    "Render a template (autoescaped) or escape the value",
                    Some("return HttpResponse(format_html(\"No results for {}\", query))"),
                )));
            }
        }
    }
}

fn reads_unescaped(expr: &Expr, tainted: &std::collections::HashSet<String>) -> bool {
    if is_escaped(expr) {
        return false;
    }
    match expr {
        Expr::FString(f) => support::interpolations(f).into_iter().any(|e| reads_unescaped(e, tainted)),
        Expr::BinOp(b) => reads_unescaped(&b.left, tainted) || reads_unescaped(&b.right, tainted),
        Expr::Call(c) if support::callee_name(c) == Some("format") || support::callee_name(c) == Some("join") => {
            c.arguments.args.iter().chain(c.arguments.keywords.iter().map(|k| &k.value)).any(|e| reads_unescaped(e, tainted))
        }
        Expr::Call(c) if matches!(support::callee_name(c), Some("dumps" | "str" | "repr")) => false,
        other => support::reads_tainted(other, tainted) && !matches!(other, Expr::Call(c) if !matches!(support::callee_name(c), Some("get" | "getlist" | "strip" | "lower" | "upper" | "decode"))),
    }
}

/// A constant content type that browsers do not render as HTML.
fn non_html(call: &ast::ExprCall) -> bool {
    keyword(call, "content_type").or_else(|| call.arguments.args.get(1)).and_then(string_value).is_some_and(|t| !t.contains("html"))
}
