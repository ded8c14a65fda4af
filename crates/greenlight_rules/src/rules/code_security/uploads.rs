//! Uploads (SEC043, SEC044): a `FileField`/`ImageField` without validators
//! accepts any size and type, and a form that only looks at the file name's
//! extension is fooled by renaming the file.

use ruff_python_ast::{Expr, Stmt};

use super::support::{self, finding_at};
use crate::analysis::visit::{keyword, walk, Node};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static UPLOAD_WITHOUT_VALIDATORS: Rule = Rule {
    code: "SEC043",
    effort_minutes: 30,
    name: "upload-field-without-validators",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(434),
    summary: "A model `FileField`/`ImageField` has no validators",
    doc: r#"## What it does
Reports `models.FileField(...)` and `models.ImageField(...)` declared without `validators=`
(fields with `editable=False`, filled by code rather than forms, are left alone). Projects
whose code validates uploads itself (a function calls `validate_image_size(...)`,
`validate_upload_file(...)` or another `validate_*` about files, images or uploads, as API
mutations do) are not reported: the check lives where the upload arrives.

## Why is this bad?
Nothing then limits what users upload: any size (filling the disk or the bucket), any type
(HTML or SVG served from your domain runs script; executables get distributed under your name).
Every form built from the model, the admin included, accepts it.

## Example
```python
file = models.FileField(upload_to="documents/")
```

Use instead:
```python
file = models.FileField(
    upload_to="documents/",
    validators=[FileExtensionValidator(["pdf", "docx"]), validate_max_size],
)
```

## References
- [Django: FileExtensionValidator](https://docs.djangoproject.com/en/stable/ref/validators/#fileextensionvalidator)
- [OWASP: File Upload Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html)
- [CWE-434](https://cwe.mitre.org/data/definitions/434.html)
"#,
    check: check_upload_fields,
};

pub static EXTENSION_ONLY_CHECK: Rule = Rule {
    code: "SEC044",
    effort_minutes: 30,
    name: "upload-checked-by-extension-only",
    category: Category::Security,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(434),
    summary: "An upload's `clean_<field>` checks only the file name's extension",
    doc: r#"## What it does
Reports a form's `clean_<field>()` (or `clean()`) that inspects the uploaded file's name
(`os.path.splitext(f.name)`, `f.name.endswith(...)`, `Path(f.name).suffix`) but never its size
(`.size`) or content (`content_type`, reading bytes, `python-magic`, `filetype`, Pillow). The
finding points at the test of the extension.

## Why is this bad?
The file name is chosen by the uploader: `invoice.pdf` can be an HTML page or a 2 GB file. An
extension check stops honest mistakes, not attacks; without a size limit one request can fill
the storage.

## Example
```python
def clean_file(self):
    upload = self.cleaned_data["file"]
    if os.path.splitext(upload.name)[1] not in ALLOWED:
        raise forms.ValidationError("Unsupported file type")
    return upload
```

Use instead:
```python
def clean_file(self):
    upload = self.cleaned_data["file"]
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError("File too large")
    if magic.from_buffer(upload.read(2048), mime=True) not in ALLOWED_TYPES:
        raise forms.ValidationError("Unsupported file type")
    upload.seek(0)
    return upload
```

## References
- [OWASP: File Upload Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html)
- [CWE-434](https://cwe.mitre.org/data/definitions/434.html)
"#,
    check: check_extension_only,
};

const FILE_FIELDS: &[&str] = &["django.db.models.FileField", "django.db.models.ImageField", "django.db.models.fields.files.FileField", "django.db.models.fields.files.ImageField"];

/// Whether the project validates uploads in code: it calls a `validate_*`
/// function about files, images or uploads (`validate_image_size(file)` in an
/// API mutation) or Django's image/extension validators outside model fields.
fn validates_uploads_in_code(checker: &Checker) -> bool {
    checker.application_files().any(|file| {
        support::functions(file).iter().any(|f| {
                support::calls_of(f).iter().any(|c| {
                    support::callee_name(c).is_some_and(|n| {
                        let n = n.to_ascii_lowercase();
                        (n.starts_with("validate") && ["file", "image", "upload"].iter().any(|w| n.contains(w))) || n == "fileextensionvalidator"
                    })
                })
            })
    })
}

fn check_upload_fields(checker: &Checker, out: &mut Vec<Finding>) {
    if validates_uploads_in_code(checker) {
        return;
    }
    for file in checker.application_files() {
        file.for_each_node(&mut |node, scope| {
            let Node::Call(call) = node else { return };
            if scope.class.is_none() || scope.function.is_some() || !file.imports.is(&call.func, FILE_FIELDS) || keyword(call, "validators").is_some() || written_by_code(call) {
                return;
            }
            let kind = file.callee(call).unwrap_or_default().rsplit('.').next().unwrap_or("FileField").to_owned();
            let class = scope.class.map(|c| c.name.as_str()).unwrap_or("");
            let message = format!("`{class}` has a `{kind}` without validators: uploads of any size and type are accepted");
            out.push(finding_at(&UPLOAD_WITHOUT_VALIDATORS, file, call, message).with_fix(Fix::manual(
                "Validate the extension and the size on the model field",
                Some("validators=[FileExtensionValidator([\"pdf\"]), validate_max_size]"),
            )));
        });
    }
}

/// `editable=False`: the field never appears in a form (generated files: exports, thumbnails).
fn written_by_code(call: &ruff_python_ast::ExprCall) -> bool {
    keyword(call, "editable").is_some_and(|e| matches!(e, Expr::BooleanLiteral(b) if !b.value))
}

/// Words in a clean method that show the size or the content is checked.
const CONTENT_CHECKS: &[&str] = &["size", "content_type", "read", "magic", "from_buffer", "filetype", "guess", "open", "verify", "chunks", "validate", "imghdr", "what", "getimagesize", "mimetypes"];

fn check_extension_only(checker: &Checker, out: &mut Vec<Finding>) {
    for file in checker.application_files() {
        if !file.imports.imports_from("django.forms") && !file.imports.imports_from("django") {
            continue;
        }
        for function in support::functions(file) {
            let name = function.def.name.as_str();
            if function.class.is_none() || !(name.starts_with("clean_") || name == "clean") {
                continue;
            }
            let exprs = support::body_exprs(&function.def.body);
            let inspects_content = exprs.iter().any(|e| match e {
                Expr::Attribute(a) => CONTENT_CHECKS.contains(&a.attr.as_str()),
                Expr::Name(n) => CONTENT_CHECKS.iter().any(|c| n.id.as_str().contains(c)),
                _ => false,
            });
            if inspects_content {
                continue;
            }
            let Some(test) = extension_test(&function.def.body) else { continue };
            let message = format!("`{name}` accepts an upload by its file-name extension alone; the name is chosen by the uploader and says nothing about size or content");
            out.push(finding_at(&EXTENSION_ONLY_CHECK, file, test, message).with_fix(Fix::manual(
                "Also limit the size and check the content (python-magic, Pillow), or use validators on the model field",
                Some("if upload.size > MAX_UPLOAD_BYTES:\n    raise forms.ValidationError(\"File too large\")"),
            )));
        }
    }
}

fn is_extension_call(expr: &Expr) -> bool {
    match expr {
        Expr::Call(c) => matches!(support::callee_name(c), Some("splitext" | "endswith")),
        Expr::Attribute(a) => matches!(a.attr.as_str(), "suffix" | "suffixes"),
        _ => false,
    }
}

/// The `if` that tests the extension (directly or through a local), else the
/// extension call itself.
fn extension_test(body: &[Stmt]) -> Option<&Expr> {
    let assignments = support::local_assignments(body);
    let from_extension: Vec<&str> = assignments
        .iter()
        .filter(|(_, values)| values.iter().any(|v| support::sub_exprs(v).into_iter().any(is_extension_call)))
        .map(|(name, _)| *name)
        .collect();
    let uses_extension = |e: &Expr| support::sub_exprs(e).into_iter().any(|s| is_extension_call(s) || matches!(s, Expr::Name(n) if from_extension.contains(&n.id.as_str())));
    let mut found = None;
    walk(body, &mut |node, _| {
        if found.is_some() {
            return;
        }
        if let Node::Stmt(Stmt::If(i)) = node {
            if uses_extension(&i.test) {
                found = Some(i.test.as_ref());
            }
        }
    });
    found.or_else(|| support::body_exprs(body).into_iter().find(|e| is_extension_call(e)))
}

