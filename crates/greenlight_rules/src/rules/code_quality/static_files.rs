//! Static files in production: PERF016 nothing serves them (no WhiteNoise, no
//! web server in front, no remote storage), PERF017 `STATIC_ROOT` unset so
//! `collectstatic` has nowhere to put them.

use greenlight_core::settings::Value;
use greenlight_core::FileKind;

use super::support::{assigned, dependency_texts, deploy_texts, strings};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;
use crate::rules::settings::support::{Truth, View};

const STATICFILES_APP: &str = "django.contrib.staticfiles";
/// Web servers that serve files themselves (a proxy such as Traefik does not).
const FILE_SERVERS: &[&str] = &["nginx", "caddy", "httpd", "apache", "lighttpd", "openresty", "h2o"];
/// Where projects keep web-server configuration greenlight does not read as text.
const CONFIG_DIRS: &[&str] = &["", "docker", "deploy", "deployment", "config", "conf", "etc", "ops", "infra", "server", "compose", ".docker"];
const CONFIG_NAMES: &[&str] = &["Caddyfile", "nginx", "caddy", "apache", "nginx.conf", "httpd.conf", "apache.conf", "apache2.conf"];

pub static STATIC_FILES_NOT_SERVED: Rule = Rule {
    code: "PERF016",
    effort_minutes: 30,
    name: "static-files-not-served",
    category: Category::Performance,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "Nothing serves static files in production (no WhiteNoise, no web server)",
    doc: r#"## What it does
Reports projects with `django.contrib.staticfiles` installed where nothing is set up to serve
the collected files: no WhiteNoise (in `MIDDLEWARE` or the requirements), no static storage on a
remote backend (S3, GCS, Azure...) or CDN `STATIC_URL`, and no file-serving web server in the
repository (an nginx/Caddy/Apache image in a compose file or Dockerfile, an nginx or Caddy
configuration file, uWSGI `static-map`, App Engine static handlers).

## Why is this bad?
Django serves static files only with `DEBUG = True` (through `runserver`). In production, with
nothing else in place, every stylesheet and script is a 404; serving them through a Django view
instead ties up application workers with file transfers.

## Example
```python
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]
```

Use instead:
```python
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
]
```

## References
- [Django: Deploying static files](https://docs.djangoproject.com/en/stable/howto/static-files/deployment/)
- [WhiteNoise: Using WhiteNoise with Django](https://whitenoise.readthedocs.io/en/stable/django.html)
"#,
    check: check_served,
};

pub static STATIC_ROOT_UNSET: Rule = Rule {
    code: "PERF017",
    effort_minutes: 10,
    name: "static-root-unset",
    category: Category::Performance,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: None,
    summary: "`django.contrib.staticfiles` is installed but `STATIC_ROOT` is not set",
    doc: r#"## What it does
Reports production settings that install `django.contrib.staticfiles` without setting
`STATIC_ROOT`, unless static files go to a remote storage backend.

## Why is this bad?
`collectstatic` copies every app's static files into `STATIC_ROOT`, the directory the web
server or WhiteNoise serves. Unset, `collectstatic` refuses to run and the deployment has no
static files to serve.

## Example
```python
STATIC_URL = "static/"
```

Use instead:
```python
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
```

## References
- [Django: STATIC_ROOT](https://docs.djangoproject.com/en/stable/ref/settings/#static-root)
"#,
    check: check_static_root,
};

fn staticfiles_installed(view: &View) -> bool {
    view.contains("INSTALLED_APPS", STATICFILES_APP) == Truth::Yes
        || strings(&view.value("INSTALLED_APPS")).iter().any(|a| a.starts_with("django.contrib.staticfiles."))
}

/// Static files live on a remote storage or CDN.
fn remote_static(checker: &Checker) -> bool {
    let remote = |s: &str| ["storages.", "s3", "gcloud", "google", "azure", "cloudinary", "cdn"].iter().any(|k| s.to_lowercase().contains(k));
    let legacy = assigned(checker, "STATICFILES_STORAGE").and_then(|v| v.as_str().map(remote)).unwrap_or(false);
    let storages = assigned(checker, "STORAGES")
        .and_then(|v| v.get_str("staticfiles").and_then(|s| s.get_str("BACKEND")).and_then(|b| b.as_str().map(remote)))
        .unwrap_or(false);
    let url = assigned(checker, "STATIC_URL").and_then(|v| v.as_str().map(|u| u.starts_with("http") || u.starts_with("//"))).unwrap_or(false);
    legacy || storages || url
}

fn served_by_web_server(checker: &Checker) -> bool {
    let mentions_server = |text: &str| {
        text.lines().any(|line| {
            let line = line.trim().to_lowercase();
            let names_server = FILE_SERVERS.iter().any(|s| line.contains(s));
            names_server && (line.starts_with("image:") || line.starts_with("from ") || line.contains("install") || line.starts_with("web:"))
        })
    };
    let in_deploy = deploy_texts(checker).any(|t| {
        let name = t.rel_path.rsplit('/').next().unwrap_or("").to_lowercase();
        name.starts_with("nginx") || mentions_server(&t.text) || t.text.contains("static-map") || t.text.contains("static_dir") || t.text.contains("static_files")
    });
    let root = &checker.project.root;
    let on_disk = CONFIG_DIRS.iter().any(|dir| CONFIG_NAMES.iter().any(|name| root.join(dir).join(name).exists()));
    in_deploy || on_disk
}

fn check_served(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    if !staticfiles_installed(&view) || remote_static(checker) {
        return;
    }
    let middleware = view.value("MIDDLEWARE");
    if !middleware.is_known() {
        return;
    }
    let whitenoise = strings(&middleware).iter().any(|m| m.contains("whitenoise"))
        || dependency_texts(checker).any(|t| t.text.to_lowercase().contains("whitenoise"));
    if whitenoise || served_by_web_server(checker) {
        return;
    }
    let dockerized = checker.project.texts_of(FileKind::Dockerfile).next().is_some();
    let message = format!(
        "nothing serves static files in production: WhiteNoise is not installed, static files are stored locally, and the repository has no nginx/Caddy/Apache configuration{}; with DEBUG off every stylesheet and script is a 404",
        if dockerized { " (the Dockerfile runs no web server)" } else { "" }
    );
    out.push(view.finding_at(&STATIC_FILES_NOT_SERVED, "MIDDLEWARE", message).with_fix(Fix::manual(
        "Add WhiteNoise right after SecurityMiddleware (or serve STATIC_ROOT from a web server)",
        Some("MIDDLEWARE.insert(1, \"whitenoise.middleware.WhiteNoiseMiddleware\")"),
    )));
}

fn check_static_root(checker: &Checker, out: &mut Vec<Finding>) {
    let view = View::of(checker);
    if !staticfiles_installed(&view) || remote_static(checker) {
        return;
    }
    match assigned(checker, "STATIC_ROOT") {
        None | Some(Value::None) => {}
        Some(_) => return,
    }
    let message = format!(
        "django.contrib.staticfiles is installed but STATIC_ROOT is not set in {} or the modules it imports: collectstatic has nowhere to collect to",
        view.settings.path
    );
    out.push(view.finding_at(&STATIC_ROOT_UNSET, "STATIC_ROOT", message).with_fix(Fix::manual(
        "Set STATIC_ROOT to the directory your web server (or WhiteNoise) serves",
        Some("STATIC_ROOT = BASE_DIR / \"staticfiles\""),
    )));
}
