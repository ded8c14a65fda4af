//! CFG007: uploaded files stored with unsafe permissions (what
//! leukeleu-django-checks' W001 guards, judged against Django's modern default).

use greenlight_core::settings::Value;

use super::support::View;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static UPLOAD_PERMISSIONS_UNSAFE: Rule = Rule {
    code: "CFG007",
    effort_minutes: 10,
    name: "upload-permissions-unsafe",
    category: Category::Configuration,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(732),
    summary: "Uploaded files or their directories are stored world-writable or with unpredictable permissions",
    doc: r#"## What it does
Reports `FILE_UPLOAD_PERMISSIONS = None` (large uploads then keep the temporary file's `0o600`
while small ones follow the umask, so permissions differ by file size) and world-writable
`FILE_UPLOAD_PERMISSIONS` or `FILE_UPLOAD_DIRECTORY_PERMISSIONS` (any `o+w` bit).
Leaving them unset is fine: Django's default is `0o644`.

## Why is this bad?
World-writable uploads let any local process (another site on the host, a compromised worker)
replace files your users download. Inconsistent permissions make uploads unreadable by the web
server that serves `MEDIA_ROOT`, depending on their size.

## Example
```python
FILE_UPLOAD_PERMISSIONS = 0o666
```

Use instead:
```python
FILE_UPLOAD_PERMISSIONS = 0o644
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755
```

## References
- [Django: FILE_UPLOAD_PERMISSIONS](https://docs.djangoproject.com/en/stable/ref/settings/#file-upload-permissions)
- [leukeleu-django-checks (W001)](https://pypi.org/project/leukeleu-django-checks/)
- [CWE-732: Incorrect Permission Assignment for Critical Resource](https://cwe.mitre.org/data/definitions/732.html)
"#,
    check: check_upload_permissions,
};

fn check_upload_permissions(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    for name in ["FILE_UPLOAD_PERMISSIONS", "FILE_UPLOAD_DIRECTORY_PERMISSIONS"] {
        if !view.settings.is_set(name) {
            continue;
        }
        let why = match view.value(name) {
            Value::None if name == "FILE_UPLOAD_PERMISSIONS" => "is None: uploads get 0o600 or the umask's bits depending on their size",
            Value::Int(mode) if mode & 0o002 != 0 => "is world-writable",
            _ => continue,
        };
        let (path, span) = view.location(name);
        let message = format!("{name} {why} ({path}:{})", span.start.line);
        out.push(
            view.finding_at(&UPLOAD_PERMISSIONS_UNSAFE, name, message)
                .with_fix(Fix::manual("Use owner-writable, world-readable modes", Some("FILE_UPLOAD_PERMISSIONS = 0o644\nFILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o755"))),
        );
    }
}
