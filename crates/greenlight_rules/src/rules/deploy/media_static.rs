//! OPS005: user uploads served only through `static(settings.MEDIA_URL, …)`
//! outside `if settings.DEBUG:`. `static()` returns no URL patterns when DEBUG
//! is off, so in production uploads 404 unless something else serves them.

use greenlight_core::settings::Value;
use greenlight_core::FileKind;
use ruff_python_ast::Expr;
use ruff_text_size::Ranged;

use crate::analysis::visit::{argument, Node};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static MEDIA_SERVED_BY_STATIC: Rule = Rule {
    code: "OPS005",
    effort_minutes: 30,
    name: "media-served-by-static-helper",
    category: Category::Deployment,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "Media files are served only by `static()`, which does nothing when DEBUG is False",
    doc: r#"## What it does
Reports `urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)` (from
`django.conf.urls.static`) outside an `if settings.DEBUG:` block, when uploads are stored on the
local file system (no remote `STORAGES["default"]`/`DEFAULT_FILE_STORAGE`) and no nginx
configuration in the project serves the media location.

## Why is this bad?
`static()` returns an empty list unless DEBUG is on. Written unconditionally it looks like
production serves uploads, but with DEBUG off every uploaded file answers 404; with DEBUG on
(the only way it works) the site has a bigger problem. Production needs the web server (or
object storage) to serve `MEDIA_ROOT`.

## Example
```python
urlpatterns = [...] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
```

Use instead:
```python
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
# and in production: location /media/ { alias /app/media/; } (or S3 via django-storages)
```

## References
- [Django: Serving files uploaded by a user during development](https://docs.djangoproject.com/en/stable/howto/static-files/#serving-files-uploaded-by-a-user-during-development)
- [Django: Serving static files in production](https://docs.djangoproject.com/en/stable/howto/static-files/deployment/)
"#,
    check: check_media_static,
};

fn check_media_static(checker: &Checker, out: &mut Vec<Finding>) {
    if media_stored_elsewhere(checker) || web_server_serves_media(checker) {
        return;
    }
    for file in checker.application_files() {
        if !file.imports.imports_from("django.conf.urls.static") {
            continue;
        }
        file.for_each_node(&mut |node, scope| {
            let Node::Call(call) = node else { return };
            if scope.debug_only || !file.imports.is(&call.func, &["django.conf.urls.static.static"]) {
                return;
            }
            if !argument(call, 0, "prefix").is_some_and(names_media_url) {
                return;
            }
            let message = "`static(settings.MEDIA_URL, …)` is added outside `if settings.DEBUG:`; static() serves nothing when DEBUG is False: uploads 404 in production";
            let fix = Fix::manual(
                "Guard it with `if settings.DEBUG:` and serve MEDIA_ROOT from the web server or object storage in production",
                Some("if settings.DEBUG:\n    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)"),
            );
            let span = file.module.span(call.range());
            out.push(MEDIA_SERVED_BY_STATIC.finding(file.path(), span, message).with_fix(fix));
        });
    }
}

/// `settings.MEDIA_URL` or a `MEDIA_URL` name.
fn names_media_url(expr: &Expr) -> bool {
    match expr {
        Expr::Attribute(a) => a.attr.as_str() == "MEDIA_URL",
        Expr::Name(n) => n.id.as_str() == "MEDIA_URL",
        _ => false,
    }
}

/// Uploads go to a storage that is not the local file system (S3, GCS, Azure…).
fn media_stored_elsewhere(checker: &Checker) -> bool {
    let settings = &checker.project.settings;
    let storages = settings.effective("STORAGES");
    let from_storages = storages.get_str("default").and_then(|d| d.get_str("BACKEND")).and_then(Value::as_str).map(str::to_owned);
    let backend = from_storages.or_else(|| settings.effective("DEFAULT_FILE_STORAGE").as_str().map(str::to_owned));
    backend.is_some_and(|b| !b.contains("FileSystemStorage"))
}

/// An nginx configuration in the project serves a media location.
fn web_server_serves_media(checker: &Checker) -> bool {
    checker.project.texts_of(FileKind::DeployConfig).any(|f| {
        let name = f.rel_path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
        name.starts_with("nginx") && f.text.lines().any(|l| l.trim_start().starts_with("location") && l.contains("media"))
    })
}
