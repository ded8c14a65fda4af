//! Files and pages that should not be public: secrets and source files,
//! directory listings, the admin and login at their default paths, and the
//! security.txt that should be there.

use super::Ctx;
use crate::rules::{ADMIN_DEFAULT_PATH, DIRECTORY_LISTING, LOGIN_DEFAULT_PATH, SECURITY_TXT_MISSING, SENSITIVE_FILE};

fn looks_like_html(body: &str) -> bool {
    let head = body.trim_start().get(..body.trim_start().len().min(512)).unwrap_or("").to_ascii_lowercase();
    head.starts_with('<') || head.contains("<html") || head.contains("<!doctype")
}

/// Whether `body` fetched from `path` is the file itself (not a catch-all page).
pub fn is_leak(path: &str, body: &str) -> bool {
    if looks_like_html(body) {
        return false;
    }
    match path {
        "/.env" => body.lines().any(|l| {
            let l = l.trim().trim_start_matches("export ");
            l.split_once('=').is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        }),
        "/.git/HEAD" => {
            let t = body.trim();
            t.starts_with("ref: refs/") || (t.len() == 40 && t.chars().all(|c| c.is_ascii_hexdigit()))
        }
        _ => body.contains("SECRET_KEY") || body.contains("INSTALLED_APPS"),
    }
}

pub const LEAK_PATHS: [&str; 3] = ["/.env", "/.git/HEAD", "/settings.py"];

pub fn check(ctx: &mut Ctx) {
    for path in LEAK_PATHS {
        let Some(r) = ctx.get(path) else { continue };
        ctx.ran(&[&SENSITIVE_FILE]);
        if r.status == 200 && is_leak(path, &r.text()) {
            let url = ctx.origin.with_path(path).url();
            ctx.report(&SENSITIVE_FILE, &url, format!("{path} is downloadable ({} bytes)", r.body.len()));
        }
    }
}

pub fn is_listing(body: &str) -> bool {
    body.contains("Index of ") || body.contains("<title>Directory listing for")
}

pub fn check_listings(ctx: &mut Ctx) {
    for path in ["/static/", "/media/"] {
        let Some(r) = ctx.get(path) else { continue };
        ctx.ran(&[&DIRECTORY_LISTING]);
        if r.status == 200 && is_listing(&r.text()) {
            let url = ctx.origin.with_path(path).url();
            ctx.report(&DIRECTORY_LISTING, &url, format!("{path} serves a directory listing"));
        }
    }
}

pub fn check_default_paths(ctx: &mut Ctx) {
    if let Some((target, r)) = ctx.follow("/admin/") {
        ctx.ran(&[&ADMIN_DEFAULT_PATH]);
        if (200..300).contains(&r.status) {
            ctx.report(&ADMIN_DEFAULT_PATH, &target.url(), "the Django admin answers at the default /admin/ path");
        }
    }
    if let Some((target, r)) = ctx.follow("/accounts/login/") {
        ctx.ran(&[&LOGIN_DEFAULT_PATH]);
        if (200..300).contains(&r.status) {
            ctx.report(&LOGIN_DEFAULT_PATH, &target.url(), "a login page answers at the default /accounts/login/ path");
        }
    }
}

pub fn check_security_txt(ctx: &mut Ctx) {
    let path = "/.well-known/security.txt";
    let Some(r) = ctx.get(path) else { return };
    ctx.ran(&[&SECURITY_TXT_MISSING]);
    let text = r.text();
    let ok = r.status == 200 && !looks_like_html(&text) && text.lines().any(|l| l.trim_start().to_ascii_lowercase().starts_with("contact:"));
    if !ok {
        let url = ctx.origin.with_path(path).url();
        ctx.report(&SECURITY_TXT_MISSING, &url, format!("no security.txt with a Contact: line (status {})", r.status));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaks_need_the_file_not_a_page() {
        assert!(is_leak("/.env", "SECRET_KEY=abc\nDEBUG=1\n"));
        assert!(!is_leak("/.env", "<!DOCTYPE html><html>SECRET_KEY=</html>"));
        assert!(!is_leak("/.env", "not found"));
        assert!(is_leak("/.git/HEAD", "ref: refs/heads/main\n"));
        assert!(!is_leak("/.git/HEAD", "hello"));
        assert!(is_leak("/settings.py", "SECRET_KEY = 'x'\nINSTALLED_APPS = []"));
    }

    #[test]
    fn listings() {
        assert!(is_listing("<html><head><title>Index of uploads/</title>"));
        assert!(!is_listing("<h1>Welcome</h1>"));
    }
}
